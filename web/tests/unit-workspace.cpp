// The storage under the Workspace (Store over the fake platform: journal
// order across tabs, errors, reopening), the Workspace (commands checked,
// stored, then applied in log order), and the URL helpers.
#include <doctest/doctest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/links.h"
#include "core/messages.h"
#include "core/sample.h"
#include "core/snapshot.h"
#include "core/text.h"
#include "web/app.h"
#include "web/app/store.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/tests/session.h"
#include "web/ui.h"

using namespace relance;
using namespace relance::test;

namespace {
std::vector<std::string> texts(const Store& s) {
  std::vector<std::string> out;
  for (const auto& e : s.entries()) out.push_back(e.command_json);
  return out;
}
}  // namespace

TEST_CASE("URL helpers") {
  CHECK(platform::percent_encode("crème 1 234,56 €") == "cr%C3%A8me%201%20234%2C56%20%E2%82%AC");
  CHECK(platform::mailto_url("compta@exemple.fr", "Facture n\xC2\xB0 12", "Bonjour,\nmerci") ==
        "mailto:compta@exemple.fr?subject=Facture%20n%C2%B0%2012&body=Bonjour%2C%0D%0Amerci");
}

TEST_CASE("store: open, append, entries from another tab come first, in log order") {
  fake::reset();
  std::vector<std::string> applied;
  Store store({[&](const platform::Snapshot*) { applied.clear(); },
               [&](const platform::JournalEntry& e) { applied.push_back(e.command_json); }});
  store.open();
  CHECK(store.state() == Store::State::opening);
  fake::run_pending();
  REQUIRE(store.state() == Store::State::open);
  CHECK(store.persistence() == platform::Persistence::denied);

  Store::Appended done;
  store.append("a1", [&](Store::Appended a) { done = a; });
  fake::other_tab_appends("b1");  // lands before ours: the fake runs our append later
  fake::run_pending();
  CHECK(done.ok);
  // The other tab's entry goes through the hook, ours comes back by number.
  CHECK(applied == std::vector<std::string>{"b1"});
  CHECK(done.seq == 2);
  CHECK(done.fresh);
  CHECK(texts(store) == std::vector<std::string>{"b1", "a1"});
  CHECK(store.last_seq() == 2);

  fake::other_tab_appends("b2");
  fake::run_pending();  // the broadcast pull
  CHECK(applied == std::vector<std::string>{"b1", "b2"});
}

TEST_CASE("store: reopening replays snapshot then journal") {
  fake::reset();
  fake::store_snapshot({{}, 0, kStorageFormatVersion, "image", {{"client/1/notes", "Note"}, {"history/1/text", "Bonjour"}}});
  fake::other_tab_appends("x");
  fake::other_tab_appends("y");
  std::optional<platform::Snapshot> got;
  Store store({[&](const platform::Snapshot* s) { got = *s; }, {}});
  store.open();
  fake::run_pending();
  REQUIRE(got);
  CHECK(got->image == "image");
  // The clients' notes come with it; the history texts stay in storage.
  CHECK(got->texts == SnapshotTexts{{"client/1/notes", "Note"}});
  CHECK(texts(store) == std::vector<std::string>{"x", "y"});

  // (A ledger read lazily hands out only the texts not stored yet: here one.)
  bool ok = false;
  store.compact("image 2", {{"client/1/notes", "Note"}, {"history/2/text", "Relance"}}, false, [&](bool r) { ok = r; });
  fake::run_pending();
  CHECK(ok);
  CHECK(store.entries().empty());
  CHECK(fake::stored_journal().empty());
  CHECK(fake::stored_snapshot()->seq == 2);
  CHECK(fake::stored_snapshot()->image == "image 2");
  // Only the new text was written (the notes are unchanged); the store holds all three.
  CHECK(fake::texts_put() == 1);
  CHECK(fake::stored_snapshot()->texts ==
        SnapshotTexts{{"client/1/notes", "Note"}, {"history/1/text", "Bonjour"}, {"history/2/text", "Relance"}});
  // A client's notes change: written again; a new ledger replaces them all.
  store.compact("image 3", {{"history/2/text", "Relance"}, {"client/1/notes", "a"}}, false);
  fake::run_pending();
  store.compact("image 4", {{"history/2/text", "Relance"}, {"client/1/notes", "b"}}, false);
  fake::run_pending();
  CHECK(fake::texts_put() == 3);
  CHECK(fake::stored_snapshot()->texts.size() == 3);
  CHECK(fake::stored_snapshot()->texts[0] == SnapshotText{"client/1/notes", "b"});
  store.compact("image 5", {{"history/1/text", "Autre"}}, true);
  fake::run_pending();
  CHECK(fake::texts_put() == 4);
  CHECK(fake::stored_snapshot()->texts == SnapshotTexts{{"history/1/text", "Autre"}});
}

TEST_CASE("store: errors are kept for the banner, newer data is never written") {
  SUBCASE("newer format") {
    fake::reset();
    fake::store_snapshot({"{}", 3, kStorageFormatVersion + 1, {}, {}});
    Store store;
    store.open();
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::newer_format);
    CHECK(store.read_only());
    bool called = false, ok = true;
    store.append("z", [&](Store::Appended a) { called = true; ok = a.ok; });
    CHECK(called);
    CHECK_FALSE(ok);
    fake::run_pending();
    CHECK(fake::stored_journal().empty());
    CHECK(fake::stored_snapshot()->format_version == kStorageFormatVersion + 1);
  }
  SUBCASE("unavailable") {
    fake::reset();
    fake::set_storage_available(false);
    Store store;
    store.open();
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::unavailable);
    CHECK(store.read_only());
  }
  SUBCASE("quota, then a write that succeeds clears it") {
    fake::reset();
    Store store;
    store.open();
    fake::run_pending();
    fake::fail_next_write(platform::StorageError::quota_exceeded);
    store.append("a");
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::quota_exceeded);
    CHECK_FALSE(store.read_only());
    store.append("b");
    fake::run_pending();
    CHECK(store.status().ok());
    CHECK(texts(store) == std::vector<std::string>{"b"});
  }
}

TEST_CASE("data: commands are checked, stored, then applied in log order with other tabs") {
  fake::reset();
  App app;
  app_init(app);
  fake::run_pending();
  REQUIRE(app.ws.store().state() == Store::State::open);

  Client c;
  c.name = "Hôtel des Célestins";
  std::optional<Result<Applied>> got;
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 1);
  CHECK(app.ws.ledger().clients.size() == 1);
  CHECK(fake::stored_journal().size() == 1);

  // Refused at once: nothing is written.
  got.reset();
  app.ws.submit(cmd::AddClient{Client{}}, [&](const Result<Applied>& r) { got = r; });
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(got->error().what == "le nom du client est obligatoire");
  CHECK(fake::stored_journal().size() == 1);

  // Another tab adds a client meanwhile: ours is applied after it, and both
  // tabs give the same ids.
  Client other;
  other.name = "Garage Dupont";
  fake::other_tab_appends(command_to_json(cmd::AddClient{other}));
  c.name = "Boulangerie Martin";
  got.reset();
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 3);
  REQUIRE(app.ws.ledger().clients.size() == 3);
  CHECK(app.ws.ledger().clients[1].name == "Garage Dupont");

  // A storage failure is reported and the ledger is unchanged.
  fake::fail_next_write(platform::StorageError::quota_exceeded);
  const Ledger before = app.ws.ledger();
  got.reset();
  c.name = "Pharmacie du Parc";
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(app.ws.ledger() == before);

  CHECK(app.ws.pending() == 0);  // nothing left behind by the refused write

  // A restart rebuilds the same ledger from the journal.
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.ws.ledger() == before);
}

TEST_CASE("workspace: commands written together are applied from the commands kept, by their numbers") {
  fake::reset();
  Workspace ws;
  ws.open();
  fake::run_pending();
  Client a, b, other;
  a.name = "Atelier Roux";
  b.name = "Boucherie Noël";
  other.name = "Garage Dupont";
  std::vector<Result<Applied>> got;
  ws.submit(cmd::AddClient{a}, [&](const Result<Applied>& r) { got.push_back(r); });
  ws.submit(cmd::AddClient{b}, [&](const Result<Applied>& r) { got.push_back(r); });
  CHECK(ws.pending() == 2);
  fake::other_tab_appends(command_to_json(cmd::AddClient{other}));  // before both
  fake::run_pending();
  CHECK(ws.pending() == 0);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].ok());
  REQUIRE(got[1].ok());
  CHECK(got[0]->client == 2);
  CHECK(got[1]->client == 3);
  REQUIRE(ws.ledger().clients.size() == 3);
  CHECK(ws.ledger().clients[0].name == "Garage Dupont");
  CHECK(ws.ledger().clients[2].name == "Boucherie Noël");
  CHECK(ws.replay_errors().empty());
  // What the journal holds replays to the same ledger.
  Workspace again;
  again.open();
  fake::run_pending();
  CHECK(again.ledger() == ws.ledger());
}

TEST_CASE("workspace: a profile of the first release (JSON snapshot) opens with nothing lost, then is stored binary") {
  fake::reset();
  auto sample = sample_ledger(kSampleToday);
  REQUIRE(sample.ok());
  REQUIRE_FALSE(sample->history.empty());
  // What the first release stored: the ledger's JSON text, format 1.
  fake::store_snapshot({ledger_to_json(*sample, -1), 0, 1, {}, {}});
  Client c;
  c.name = "Après la migration";
  fake::other_tab_appends(command_to_json(cmd::AddClient{c}));
  Workspace ws;
  ws.open();
  fake::run_pending();
  CHECK(ws.snapshot_error().empty());
  CHECK(ws.replay_errors().empty());
  Ledger expected = *sample;
  REQUIRE(apply(expected, cmd::AddClient{c}).ok());
  CHECK(ws.ledger() == expected);
  // Written again at once in the binary form, with the history texts apart.
  auto stored = fake::stored_snapshot();
  REQUIRE(stored);
  CHECK(stored->ledger_json.empty());
  CHECK(stored->format_version == kStorageFormatVersion);
  CHECK_FALSE(stored->image.empty());
  CHECK(stored->texts.size() >= expected.history.size());
  CHECK(fake::stored_journal().empty());
  // And reopened from it.
  Workspace again;
  again.open();
  fake::run_pending();
  CHECK(again.snapshot_error().empty());
  // Reopened with its history texts still in storage; read, it is the same.
  CHECK_FALSE(unloaded_text_keys(again.ledger()).empty());
  std::optional<std::optional<Error>> read;
  again.load_all_texts([&](std::optional<Error> e) { read = e; });
  fake::run_pending();
  REQUIRE(read);
  CHECK_FALSE(*read);
  CHECK(ledger_to_json(again.ledger()) == ledger_to_json(expected));
}

TEST_CASE("workspace: a corrupt stored image is refused whole, and nothing is written over it") {
  auto sample = sample_ledger(kSampleToday);
  REQUIRE(sample.ok());
  SnapshotTexts texts;
  const std::string image = write_snapshot(*sample, &texts);
  SUBCASE("truncated") {
    fake::reset();
    fake::store_snapshot({{}, 0, kStorageFormatVersion, image.substr(0, image.size() / 2), texts});
  }
  SUBCASE("a byte changed (checksum)") {
    fake::reset();
    std::string bad = image;
    bad[bad.size() - 3] ^= 0x20;
    fake::store_snapshot({{}, 0, kStorageFormatVersion, bad, texts});
  }
  SUBCASE("a client's notes missing (they are read at start)") {
    fake::reset();
    Ledger noted = *sample;
    noted.clients[0].notes = "Appeler le matin.";
    SnapshotTexts with_notes;
    const std::string img = write_snapshot(noted, &with_notes);
    REQUIRE(with_notes[0].key.starts_with("client/"));
    fake::store_snapshot({{}, 0, kStorageFormatVersion, img, SnapshotTexts(with_notes.begin() + 1, with_notes.end())});
  }
  const auto before = fake::stored_snapshot();
  Workspace ws;
  ws.open();
  fake::run_pending();
  CHECK_FALSE(ws.snapshot_error().empty());
  CHECK(ws.ledger().invoices.empty());
  Client c;
  c.name = "Refusé";
  std::optional<Result<Applied>> got;
  ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  fake::run_pending();
  CHECK(fake::stored_snapshot() == before);
  CHECK(fake::stored_journal().empty());
}

TEST_CASE("workspace: history texts are read from storage when shown or exported, not at start") {
  fake::reset();
  auto sample = sample_ledger(kSampleToday);
  REQUIRE(sample.ok());
  Ledger full = *sample;
  full.clients[0].notes = "Appeler le matin.";
  SnapshotTexts texts;
  const std::string image = write_snapshot(full, &texts);
  REQUIRE(texts.size() > 3);
  fake::store_snapshot({{}, 0, kStorageFormatVersion, image, texts});

  Workspace ws;
  ws.open();
  fake::run_pending();
  REQUIRE(ws.snapshot_error().empty());
  // At start: the notes, no history text, nothing asked of storage.
  CHECK(ws.ledger().clients[0].notes == "Appeler le matin.");
  const std::vector<std::string> waiting = unloaded_text_keys(ws.ledger());
  CHECK(waiting.size() == static_cast<std::size_t>(std::count_if(texts.begin(), texts.end(), [](const SnapshotText& t) {
          return t.key.starts_with("history/");
        })));
  CHECK(fake::text_reads() == 0);

  // Shown: read once, however many frames ask for it.
  // Two entries with a text (not every action has one).
  std::vector<std::size_t> with_text;
  for (std::size_t i = 0; i < full.history.size(); ++i)
    if (!full.history[i].text.empty()) with_text.push_back(i);
  REQUIRE(with_text.size() >= 2);
  const HistoryEntry& shown = ws.ledger().history[with_text[0]];
  REQUIRE_FALSE(text_loaded(shown));
  ws.want_texts({shown.id});
  ws.want_texts({shown.id});
  CHECK(fake::text_reads() == 1);
  CHECK(ws.text_problem(shown.id).empty());  // being read
  fake::run_pending();
  CHECK(shown.text == full.history[with_text[0]].text);
  ws.want_texts({shown.id});
  CHECK(fake::text_reads() == 1);

  // A text storage lost: said where it is shown, asked for once.
  auto stored = fake::stored_snapshot();
  const HistoryId lost = ws.ledger().history[with_text[1]].id;
  std::erase_if(stored->texts, [&](const SnapshotText& t) { return t.key == "history/" + std::to_string(lost) + "/text"; });
  fake::store_snapshot(*stored);
  ws.want_texts({lost});
  fake::run_pending();
  CHECK(ws.text_problem(lost) == "texte absent du stockage du navigateur");
  ws.want_texts({lost});
  CHECK(fake::text_reads() == 2);
  // A backup now would lack it: refused, and said which.
  std::optional<std::optional<Error>> backup;
  ws.load_all_texts([&](std::optional<Error> e) { backup = e; });
  fake::run_pending();
  REQUIRE(backup);
  REQUIRE(*backup);
  CHECK((*backup)->message().find("history/" + std::to_string(lost) + "/text") != std::string::npos);

  // Put back: every text read, the ledger is the one stored, its backup too.
  fake::store_snapshot({{}, 0, kStorageFormatVersion, image, texts});
  backup.reset();
  ws.load_all_texts([&](std::optional<Error> e) { backup = e; });
  fake::run_pending();
  REQUIRE(backup);
  CHECK_FALSE(*backup);
  CHECK(unloaded_text_keys(ws.ledger()).empty());
  CHECK(ledger_to_json(ws.ledger()) == ledger_to_json(full));

  // A change after a lazy start: the compaction writes no history text again.
  Workspace lazy;
  lazy.open();
  fake::run_pending();
  const std::size_t put_before = fake::texts_put();
  Client c;
  c.name = "Nouveau";
  lazy.submit(cmd::AddClient{c});
  fake::run_pending();
  std::optional<bool> written;
  // (A ledger still waiting for texts cannot replace the stored one: it would drop them.)
  lazy.replace(lazy.ledger(), [&](bool ok) { written = ok; });
  fake::run_pending();
  REQUIRE(written);
  CHECK_FALSE(*written);
  CHECK(fake::texts_put() == put_before);
  CHECK(fake::stored_snapshot()->texts.size() == texts.size());
}

TEST_CASE("reload: the backup of a reopened ledger holds the texts read from storage") {
  std::string want;
  {
    Session first;
    first.load_sample();
    want = ledger_to_json(first.app.ws.ledger());
  }
  Session s(ImVec2(1280, 2400), "2026-11-23", true);
  REQUIRE_FALSE(unloaded_text_keys(s.app.ws.ledger()).empty());
  s.click("Param\u00e8tres");
  s.click("Sauvegarde et CSV");
  s.click("Exporter une sauvegarde (JSON)");
  s.settle();
  REQUIRE(fake::downloads().size() == 1);
  CHECK(fake::downloads()[0].bytes == want);
  // And through the page's API.
  std::optional<std::string> api;
  platform::call_async_api("exportLedger", "", [&](std::string r) { api = std::move(r); });
  fake::run_pending();
  REQUIRE(api);
  CHECK(*api == want);
}
