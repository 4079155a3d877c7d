// The binary snapshot (core/snapshot.h): the same ledger as the JSON file,
// texts inline or apart, the same bytes for the same ledger, and a corrupt
// image refused whole with a message that says where.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "bench/generate.h"
#include "builder.h"
#include "core/crc32.h"
#include "core/ledger_file.h"
#include "core/sample.h"
#include "core/snapshot.h"

using namespace relance;
using namespace relance::test;

namespace {

// What the JSON file gives back: the reference the snapshot must equal.
Ledger json_round_trip(const Ledger& l) {
  auto back = ledger_from_json(ledger_to_json(l), "registre.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  return std::move(*back);
}

void check_round_trip(const Ledger& l) {
  const Ledger via_json = json_round_trip(l);
  const std::string image = write_snapshot(l);
  auto inline_back = read_snapshot(image);
  REQUIRE_MESSAGE(inline_back.ok(), inline_back.error().message());
  CHECK(*inline_back == via_json);
  CHECK(*inline_back == l);
  CHECK(ledger_to_json(*inline_back) == ledger_to_json(l));

  SnapshotTexts texts;
  const std::string lean = write_snapshot(l, &texts);
  CHECK(lean.size() < image.size());
  std::reverse(texts.begin(), texts.end());  // any order
  auto apart_back = read_snapshot(lean, &texts);
  REQUIRE_MESSAGE(apart_back.ok(), apart_back.error().message());
  CHECK(*apart_back == via_json);
  // The same ledger, the same bytes; and read back, written again, the same.
  CHECK(write_snapshot(l) == image);
  CHECK(write_snapshot(*inline_back) == image);
}

Ledger generated(std::size_t n, std::uint64_t seed) {
  bench::GenOptions o;
  o.invoices = n;
  o.seed = seed;
  return bench::generate_ledger(o);
}

// Header and table fields (core/snapshot.cpp): version at 8, CRC at 20; the
// table from 32, 32 bytes per section (offset at +8, size +16, count +24).
enum { kVersionAt = 8, kCrcAt = 20, kTableAt = 32 };
enum Section { kMeta, kClients, kInvoices, kPayments, kPlan, kPromises, kDisputes, kHistory, kHistoryInvoices, kWideIds,
               kStrings, kSections };

template <class T>
T get(const std::string& s, std::size_t at) {
  T v;
  std::memcpy(&v, s.data() + at, sizeof v);
  return v;
}
template <class T>
void put(std::string& s, std::size_t at, T v) {
  std::memcpy(s.data() + at, &v, sizeof v);
}
std::uint64_t section_offset(const std::string& img, int s) { return get<std::uint64_t>(img, kTableAt + 32 * s + 8); }
std::uint64_t section_size(const std::string& img, int s) { return get<std::uint64_t>(img, kTableAt + 32 * s + 16); }
// A deliberate change behind the checksum: the checksum written again, so the
// checks after it are the ones that must catch it.
void reseal(std::string& img) { put<std::uint32_t>(img, kCrcAt, crc32_of(std::string_view(img).substr(32))); }

std::string refusal(const std::string& img, const SnapshotTexts* texts = nullptr) {
  auto r = read_snapshot(img, texts, "registre.bin");
  REQUIRE_FALSE_MESSAGE(r.ok(), "a corrupt image was read");
  return r.error().message();
}

// Byte offsets inside an invoice record (104 bytes).
enum { kInvHt = 0, kInvTtc = 16, kInvId = 24, kInvClient = 28, kInvKind = 60, kInvNumber = 64 };

}  // namespace

TEST_CASE("crc32_of is the CRC-32 of zip and PNG") {
  CHECK(crc32_of("123456789") == 0xCBF43926u);
  CHECK(crc32_of("") == 0);
  const std::string a = "Relance : facture F-2026-0001, 1 234,56 €, échue depuis 15 jours.";
  CHECK(crc32_of(a.substr(20), crc32_of(a.substr(0, 20))) == crc32_of(a));
  // The word-at-a-time loop against the bit-by-bit definition, every tail length.
  std::string b(1000, '\0');
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<char>((i * 2654435761u) >> 13);
  const auto bitwise = [](std::string_view s) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char x : s) {
      c ^= x;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
  };
  for (std::size_t n : {1u, 15u, 16u, 17u, 31u, 32u, 33u, 999u, 1000u})
    CHECK_MESSAGE(crc32_of(std::string_view(b).substr(0, n)) == bitwise(std::string_view(b).substr(0, n)), n);
}

TEST_CASE("the sample ledger reads back from its snapshot as from its JSON file") {
  auto l = sample_ledger(kSampleToday);
  REQUIRE(l.ok());
  check_round_trip(*l);
}

TEST_CASE("generated ledgers read back from their snapshot, texts inline and apart") {
  for (std::uint64_t seed : {1, 2, 3}) {
    CAPTURE(seed);
    const Ledger l = generated(3000, seed);
    REQUIRE(l.history.size() > 1000);
    check_round_trip(l);
  }
}

TEST_CASE("a ledger using every kind of record, and ids beyond 32 bits, reads back") {
  Ledger l = full_ledger();
  const ClientId part = l.clients[1].id;  // the consumer
  l.clients[1].notes = "Préfère être appelé le matin.\nNe pas relancer en août.";
  check_round_trip(l);

  // The consumer's id past 2^32 (a hand-edited file can hold up to 2^52).
  const ClientId big = (ClientId(1) << 40) + 7;
  for (Invoice& inv : l.invoices)
    if (inv.client == part) inv.client = big;
  l.clients[1].id = big;
  l.next_client_id = big + 1;
  // And the last invoice (the draft, referred to by nothing) and a payment.
  l.invoices.back().id = (InvoiceId(1) << 36) + 1;
  l.next_invoice_id = l.invoices.back().id + 1;
  l.invoices[0].payments[0].id = PaymentId(1) << 45;
  l.next_payment_id = l.invoices[0].payments[0].id + 1;
  check_round_trip(l);
}

TEST_CASE("texts kept apart: all needed, at their length") {
  const Ledger l = generated(500, 4);
  SnapshotTexts texts;
  const std::string img = write_snapshot(l, &texts);
  REQUIRE(texts.size() > 100);
  const auto first = std::find_if(l.history.begin(), l.history.end(), [](const HistoryEntry& h) { return !h.text.empty(); });
  REQUIRE(first != l.history.end());
  CHECK(texts[0] == SnapshotText{"history/" + std::to_string(first->id) + "/text", first->text});

  const std::string none = refusal(img);
  CHECK(none.find("textes à part") != std::string::npos);
  CHECK(none.find(std::to_string(texts.size()) + " textes manquants") != std::string::npos);

  SnapshotTexts fewer = texts;
  const std::string lost = fewer[3].key;
  fewer.erase(fewer.begin() + 3);
  const std::string one = refusal(img, &fewer);
  CHECK(one.find("1 texte manquant") != std::string::npos);
  CHECK(one.find(lost) != std::string::npos);

  SnapshotTexts changed = texts;
  changed[5].text += "!";
  const std::string len = refusal(img, &changed);
  CHECK(len.find(changed[5].key) != std::string::npos);
  CHECK(len.find("l'instantané en attend") != std::string::npos);
}

TEST_CASE("texts packed for the browser: every history text once, in key order, packs near the target") {
  Ledger l = generated(2000, 6);
  REQUIRE(!l.clients.empty());
  l.clients[0].notes = "Appeler le matin";
  l.clients[1].notes = "Paie par chèque";
  SnapshotTexts texts;
  (void)write_snapshot(l, &texts);
  constexpr std::size_t target = 4096;
  // One text longer than a pack: a pack of its own.
  SnapshotText* big = &texts[7];
  REQUIRE(std::string_view(big->key).starts_with("history/"));
  big->text.assign(3 * target, 'x');
  const PackedTexts packed = pack_texts(texts, target);

  std::vector<std::string> singles;
  for (const SnapshotText* t : packed.singles) singles.push_back(t->key);
  CHECK(singles == std::vector<std::string>{"client/" + std::to_string(l.clients[0].id) + "/notes",
                                            "client/" + std::to_string(l.clients[1].id) + "/notes"});
  std::vector<std::pair<std::string, std::string>> unpacked;
  std::size_t big_packs = 0;
  REQUIRE(packed.packs.size() > 10);
  for (const TextPack& p : packed.packs) {
    std::vector<std::string> keys;
    for (std::size_t at = 0; at < p.keys.size();) {
      const std::size_t nl = p.keys.find('\n', at);
      REQUIRE(nl != std::string::npos);
      keys.push_back(p.keys.substr(at, nl - at));
      at = nl + 1;
    }
    REQUIRE(keys.size() == p.ends.size());
    REQUIRE(!keys.empty());
    CHECK(p.ends.back() == p.data.size());
    if (p.data.size() > target) {
      CHECK(keys.size() == 1);  // only a text longer than the target
      ++big_packs;
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const std::uint32_t from = i ? p.ends[i - 1] : 0;
      unpacked.emplace_back(keys[i], p.data.substr(from, p.ends[i] - from));
    }
  }
  CHECK(big_packs == 1);
  // Every history text once, in byte order of the keys across packs.
  std::vector<std::pair<std::string, std::string>> want;
  for (const SnapshotText& t : texts)
    if (std::string_view(t.key).starts_with("history/")) want.emplace_back(t.key, t.text);
  std::sort(want.begin(), want.end());
  CHECK(unpacked == want);
  CHECK(std::is_sorted(unpacked.begin(), unpacked.end()));
  CHECK(history_text_id("history/12/text") == std::optional<std::int64_t>(12));
  CHECK_FALSE(history_text_id("history/text").has_value());
  CHECK_FALSE(history_text_id("history//text").has_value());
  CHECK_FALSE(history_text_id("history/1x/text").has_value());
  CHECK_FALSE(history_text_id("history/99999999999999999999/text").has_value());
  CHECK_FALSE(history_text_id("client/3/notes").has_value());
  // "history/10/text" sorts before "history/9/text", as in IndexedDB.
  CHECK(std::string("history/10/text") < std::string("history/9/text"));
  // Packs filled: each but the last closed only because the next text would
  // have taken it over the target.
  for (std::size_t i = 0; i + 1 < packed.packs.size(); ++i) {
    const TextPack& next = packed.packs[i + 1];
    CHECK(packed.packs[i].data.size() + next.ends[0] > target);
  }
}

TEST_CASE("history texts read lazily: left in storage until filled, written back without them") {
  Ledger l = generated(500, 5);
  l.clients[0].notes = "Appeler avant midi.";
  SnapshotTexts texts;
  const std::string img = write_snapshot(l, &texts);
  // What the browser reads at start: the image and the clients' notes only.
  SnapshotTexts notes;
  for (const SnapshotText& t : texts)
    if (t.key.starts_with("client/")) notes.push_back(t);
  REQUIRE(notes.size() == 1);
  CHECK(refusal(img, &notes).find("textes manquants") != std::string::npos);  // not without asking
  auto lazy = read_snapshot(img, &notes, "registre.bin", true);
  REQUIRE_MESSAGE(lazy.ok(), lazy.error().message());
  CHECK(lazy->clients[0].notes == "Appeler avant midi.");
  const std::vector<std::string> keys = unloaded_text_keys(*lazy);
  CHECK(keys.size() == texts.size() - 1);
  for (const HistoryEntry& h : lazy->history) {
    const HistoryEntry& was = *find_history(l, h.id);
    CHECK(text_loaded(h) == was.text.empty());
    CHECK(h.text_apart == was.text.size());
  }

  // Written again with texts apart (the next compaction): the same image,
  // and no text handed out (they are in storage already).
  SnapshotTexts again;
  CHECK(write_snapshot(*lazy, &again) == img);
  CHECK(again.size() == 1);  // the notes, compared by the store
  // Written inline, a text still in storage is not lost silently: the image
  // wants it back.
  CHECK(refusal(write_snapshot(*lazy)).find("manquant") != std::string::npos);

  // Two entries shown: their texts only.
  const std::vector<HistoryId> ids = {lazy->history[1].id, lazy->history[0].id};
  const std::vector<std::string> two = unloaded_text_keys(*lazy, &ids);
  REQUIRE(two.size() == 2);
  CHECK(two[0] == "history/" + std::to_string(ids[0]) + "/text");
  SnapshotTexts got;
  for (const SnapshotText& t : texts)
    if (t.key == two[0] || t.key == two[1]) got.push_back(t);
  got.push_back({"history/999999/text", "autre"});  // not an entry here: ignored
  got.push_back(got[0]);                            // given twice: filled once
  auto filled = fill_texts(*lazy, got);
  REQUIRE(filled.ok());
  CHECK(*filled == 2);
  CHECK(find_history(*lazy, ids[0])->text == find_history(l, ids[0])->text);
  CHECK(unloaded_text_keys(*lazy, &ids).empty());
  CHECK(unloaded_text_keys(*lazy).size() == keys.size() - 2);

  // A text of the wrong length, or not UTF-8: an error naming it, nothing filled.
  SnapshotTexts bad = texts;
  bad[7].text.back() = '\xff';
  bad[9].text += "!";
  Ledger before = *lazy;
  auto refused = fill_texts(*lazy, bad, "stockage");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message().find(bad[7].key) != std::string::npos);  // the first wrong one
  CHECK(*lazy == before);

  // Everything filled: the ledger is the one written, and its backup too.
  auto all = fill_texts(*lazy, texts);
  REQUIRE(all.ok());
  CHECK(unloaded_text_keys(*lazy).empty());
  CHECK(ledger_to_json(*lazy) == ledger_to_json(l));
  CHECK(write_snapshot(*lazy) == write_snapshot(l));
}

TEST_CASE("a truncated image is refused at every section") {
  const Ledger l = generated(300, 5);
  const std::string img = write_snapshot(l);
  for (int s = 0; s < kSections; ++s) {
    CAPTURE(s);
    for (std::uint64_t cut : {section_offset(img, s), section_offset(img, s) + section_size(img, s) / 2}) {
      if (cut >= img.size()) continue;
      const std::string msg = refusal(img.substr(0, cut));
      CHECK(msg.find("tronquée") != std::string::npos);
    }
  }
  CHECK(refusal(img.substr(0, 10)).find("l'en-tête seul en fait 32") != std::string::npos);
  CHECK(refusal(img + "x").find("1 octets en trop") != std::string::npos);
}

TEST_CASE("a flipped byte anywhere fails the checksum") {
  const Ledger l = generated(300, 6);
  const std::string img = write_snapshot(l);
  for (int s = 0; s < kSections; ++s) {
    if (section_size(img, s) == 0) continue;
    CAPTURE(s);
    std::string bad = img;
    bad[section_offset(img, s) + section_size(img, s) / 2] ^= 0x10;
    CHECK(refusal(bad).find("CRC-32") != std::string::npos);
  }
}

TEST_CASE("header problems: not a snapshot, another version, byte order") {
  const std::string img = write_snapshot(generated(50, 7));
  std::string other = img;
  other[0] = '{';
  CHECK(refusal(other).find("signature") != std::string::npos);
  std::string newer = img;
  put<std::uint32_t>(newer, kVersionAt, 2);
  const std::string msg = refusal(newer);
  CHECK(msg.find("format 2") != std::string::npos);
  CHECK(msg.find("mettez l'application à jour") != std::string::npos);
  std::string swapped = img;
  put<std::uint32_t>(swapped, 12, 0x04030201);
  CHECK(refusal(swapped).find("big-endian") != std::string::npos);
}

TEST_CASE("bad offsets, counts and indexes behind a valid checksum name the section, record and field") {
  const Ledger l = generated(300, 8);
  const std::string img = write_snapshot(l);
  const std::uint64_t inv0 = section_offset(img, kInvoices);
  const auto inv = [&](int i, int field) { return inv0 + 104 * std::uint64_t(i) + field; };

  std::string far = img;  // a string past the pool
  put<std::uint32_t>(far, inv(12, kInvNumber), static_cast<std::uint32_t>(section_size(img, kStrings) - 2));
  reseal(far);
  std::string msg = refusal(far);
  CHECK(msg.find("$.invoices[12].number") != std::string::npos);
  CHECK(msg.find("hors de la section strings") != std::string::npos);

  std::string many = img;  // more clients than the image holds
  put<std::uint64_t>(many, kTableAt + 32 * kClients + 24, std::uint64_t(1) << 40);
  reseal(many);
  msg = refusal(many);
  CHECK(msg.find("section clients") != std::string::npos);
  CHECK(msg.find("ne tiennent pas") != std::string::npos);

  std::string moved = img;  // a section that does not start where the previous one ends
  put<std::uint64_t>(moved, kTableAt + 32 * kHistory + 8, section_offset(img, kHistory) + 8);
  reseal(moved);
  CHECK(refusal(moved).find("section history") != std::string::npos);

  std::string nobody = img;  // a client index out of the clients section
  put<std::uint32_t>(nobody, inv(7, kInvClient), 1'000'000);
  reseal(nobody);
  msg = refusal(nobody);
  CHECK(msg.find("$.invoices[7].client") != std::string::npos);
  CHECK(msg.find("hors de la section clients") != std::string::npos);

  std::string kind = img;  // an enum value that does not exist
  kind[inv(3, kInvKind)] = 9;
  reseal(kind);
  CHECK(refusal(kind).find("$.invoices[3].kind") != std::string::npos);
}

TEST_CASE("the checks of the JSON reader apply to the records") {
  const Ledger l = generated(300, 9);
  const std::string img = write_snapshot(l);
  const std::uint64_t inv0 = section_offset(img, kInvoices);
  std::size_t k = 0;
  while (l.invoices[k].ht == 0) ++k;

  std::string sum = img;  // HT + TVA no longer the TTC
  put<std::int64_t>(sum, inv0 + 104 * k + kInvTtc, l.invoices[k].ttc + 1);
  reseal(sum);
  std::string msg = refusal(sum);
  CHECK(msg.find("$.invoices[" + std::to_string(k) + "].ttc") != std::string::npos);
  CHECK(msg.find("ne fait pas le TTC") != std::string::npos);

  std::string twice = img;  // two invoices with one id (check_references)
  put<std::uint32_t>(twice, inv0 + 104 * 5 + kInvId, static_cast<std::uint32_t>(l.invoices[4].id));
  reseal(twice);
  msg = refusal(twice);
  CHECK(msg.find("$.invoices[5].id") != std::string::npos);
  CHECK(msg.find("en double") != std::string::npos);

  std::string huge = img;  // money past the limit
  put<std::int64_t>(huge, inv0 + 104 * k + kInvHt, kMaxCents + 1);
  reseal(huge);
  CHECK(refusal(huge).find("$.invoices[" + std::to_string(k) + "].ht") != std::string::npos);
}

TEST_CASE("the fuzzer's seed images are images of the current format") {
  // Written by fuzz/make-snapshot-corpus.sh: run it again when the format changes.
  const std::filesystem::path dir = std::filesystem::path(RELANCE_SOURCE_DIR) / "fuzz/corpus/snapshot";
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string img((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string name = entry.path().filename().string();
    CAPTURE(name);
    auto l = read_snapshot(img, nullptr, name);
    if (name.find("texts-apart") != std::string::npos) {
      REQUIRE_FALSE(l.ok());
      CHECK(l.error().where.find("textes à part") != std::string::npos);
    } else {
      CHECK_MESSAGE(l.ok(), (l.ok() ? std::string() : l.error().message()));
    }
    ++seen;
  }
  CHECK(seen >= 5);
}

TEST_CASE("a dangling reference is written as one the reader refuses") {
  Ledger l = generated(100, 10);
  l.invoices[3].client = 999'999;  // no such client: what no command leaves behind
  const std::string msg = refusal(write_snapshot(l));
  CHECK(msg.find("$.invoices[3].client") != std::string::npos);
  CHECK(msg.find("absent") != std::string::npos);
}
