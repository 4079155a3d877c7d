#include "core/snapshot.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <type_traits>
#include <unordered_map>

#include "core/crc32.h"
#include "core/ledger_file.h"
#include "core/record_codec.h"
#include "core/text.h"

namespace relance {

namespace {

static_assert(std::endian::native == std::endian::little,
              "the snapshot's records are copied as they are: a big-endian host needs byte swapping");

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i16 = std::int16_t;
using i32 = std::int32_t;
using i64 = std::int64_t;

constexpr u32 kByteOrder = 0x01020304;
constexpr u32 kApart = 0xFFFFFFFF;    // Str::off of a text kept apart (len: its byte length)
constexpr u32 kNoRef = 0xFFFFFFFF;    // no credited invoice
constexpr u32 kMissing = 0xFFFFFFFE;  // a reference the writer could not resolve
constexpr i32 kNoDate = INT32_MIN;

// ------------------------------------------------------------ [records]
// No implicit padding (checked below), so the same ledger gives the same bytes.
struct Str {
  u32 off = 0, len = 0;
};
struct ClientRec {
  u32 id;
  u8 kind, flags, public_buyer, terms_method;  // flags: 1 do_not_chase, 2 bad_payer
  i32 terms_days;
  u32 pad;
  Str code, name, contact, email, phone, line1, line2, postcode, city, country, siren, vat_number, chain, notes, law;
};
struct InvoiceRec {
  i64 ht, vat, ttc;
  u32 id, client, credits;
  i32 contractual_rate;
  i32 issue_date, due_date, closed_on, court_claim_on, judgment_notified_on;
  u8 kind, state, flags, pad;  // flags: 1 paused, 2 contractual rate set
  Str number, proforma_number, label, cancel_reason, pause_reason;
};
struct PaymentRec {
  u32 invoice, id;
  i32 date;
  u8 method, deposit;
  u16 pad;
  i64 amount;
  Str reference, bank_ref, statement;
};
struct InstalmentRec {
  u32 invoice;
  i32 due;
  i64 amount;
};
struct PromiseRec {
  u32 invoice;
  i32 made_on, promised_for;
  u8 acknowledges_debt, pad[3];
  i64 amount;
  Str note;
};
struct DisputeRec {
  u32 invoice;
  i32 opened, closed;
  u32 pad;
  Str reason;
};
struct HistoryRec {
  u32 id;
  i32 date;
  u32 client, first_invoice, invoice_count;
  u8 kind, channel, voided, pad;
  i16 step;
  u16 pad2;
  i32 voided_on;
  Str chain, recipient, subject, text;
};
struct WideId {
  u32 section, index;
  i64 id;
};

struct Header {
  char magic[8];
  u32 version, byte_order, sections, crc;
  u64 size;
};
struct SectionEntry {
  u32 id, record_size;
  u64 offset, size, count;
};

template <class T>
constexpr bool kPlain = std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>;
static_assert(kPlain<ClientRec> && kPlain<InvoiceRec> && kPlain<PaymentRec> && kPlain<InstalmentRec> &&
              kPlain<PromiseRec> && kPlain<DisputeRec> && kPlain<HistoryRec> && kPlain<WideId> && kPlain<Header> &&
              kPlain<SectionEntry>);
static_assert(sizeof(Header) == 32 && sizeof(SectionEntry) == 32 && sizeof(InvoiceRec) == 104 &&
              sizeof(HistoryRec) == 64 && sizeof(PaymentRec) == 48 && sizeof(ClientRec) == 136);

// The pool comes last: the writer appends to it in place while it fills the
// records before it.
enum Sec : u32 { kMeta, kClients, kInvoices, kPayments, kInstalments, kPromises, kDisputes, kHistory,
                 kHistoryInvoices, kWideIds, kStrings, kSections };
constexpr const char* kSectionNames[kSections] = {"meta",     "clients",  "invoices", "payments",
                                                  "plan",     "promises", "disputes", "history",
                                                  "history_invoices", "wide_ids", "strings"};
constexpr u32 kRecordSize[kSections] = {1, sizeof(ClientRec), sizeof(InvoiceRec), sizeof(PaymentRec),
                                        sizeof(InstalmentRec), sizeof(PromiseRec), sizeof(DisputeRec),
                                        sizeof(HistoryRec), sizeof(u32), sizeof(WideId), 1};

constexpr u64 align8(u64 n) { return (n + 7) & ~u64(7); }

constexpr std::string_view kHistoryKeyPrefix = "history/";
std::string history_text_key(i64 id) { return std::string(kHistoryKeyPrefix) + std::to_string(id) + "/text"; }
std::string client_notes_key(i64 id) { return "client/" + std::to_string(id) + "/notes"; }

// ============================================================ [writing]
// Writes the image in one buffer: the sections laid out from the record
// counts, each record copied to its place, the pool growing at the end.
class Writer {
 public:
  Writer(std::string& out, SnapshotTexts* texts) : out_(out), texts_(texts) {}

  // Lays out the sections from their record counts (the pool's size left
  // open) and sizes the buffer to the pool's start.
  void lay_out(const u64 (&counts)[kSections], std::size_t pool_hint) {
    u64 at = sizeof(Header) + sizeof(table_);
    for (u32 s = 0; s < kSections; ++s) {
      at = align8(at);
      table_[s] = {s, kRecordSize[s], at, counts[s] * kRecordSize[s], counts[s]};
      at += table_[s].size;
    }
    pool_start_ = table_[kStrings].offset;
    out_.reserve(pool_start_ + pool_hint);
    out_.assign(pool_start_, '\0');
  }
  template <class T>
  void put(Sec s, std::size_t i, const T& r) {
    std::memcpy(out_.data() + table_[s].offset + i * sizeof(T), &r, sizeof(T));
  }
  void put_bytes(Sec s, std::string_view b) { std::memcpy(out_.data() + table_[s].offset, b.data(), b.size()); }

  Str str(const std::string& s) {
    if (s.empty()) return {};
    const Str r{static_cast<u32>(out_.size() - pool_start_), static_cast<u32>(s.size())};
    out_ += s;
    return r;
  }
  // Strings repeated across records (chain ids, recipients, statements): once in the pool.
  Str shared(const std::string& s) {
    if (s.empty()) return {};
    const auto [it, added] = interned_.try_emplace(std::string_view(s), Str{});
    if (added) it->second = str(s);
    return it->second;
  }
  bool apart_mode() const { return texts_ != nullptr; }
  Str apart(const std::string& s, std::string key) {
    if (!texts_ || s.empty()) return str(s);
    texts_->push_back({std::move(key), s});
    return {kApart, static_cast<u32>(s.size())};
  }

  // The table and the header, once everything else is written.
  void finish() {
    table_[kStrings].size = table_[kStrings].count = out_.size() - pool_start_;
    std::memcpy(out_.data() + sizeof(Header), table_, sizeof(table_));
    Header h{};
    std::memcpy(h.magic, kSnapshotMagic.data(), sizeof h.magic);
    h.version = kSnapshotVersion;
    h.byte_order = kByteOrder;
    h.sections = kSections;
    h.size = out_.size();
    h.crc = crc32_of(std::string_view(out_).substr(sizeof(Header)));
    std::memcpy(out_.data(), &h, sizeof h);
  }

 private:
  std::string& out_;
  SnapshotTexts* texts_;
  SectionEntry table_[kSections]{};
  u64 pool_start_ = 0;
  std::unordered_map<std::string_view, Str> interned_;
};

// An id in a record: itself when it fits in 32 bits, else 0 and a wide id.
u32 id32(i64 id) { return id >= 0 && id <= i64(UINT32_MAX) ? static_cast<u32>(id) : 0; }
void note_wide(std::vector<WideId>& wide, i64 id, Sec s, std::size_t index) {
  if (!(id >= 0 && id <= i64(UINT32_MAX))) wide.push_back({s, static_cast<u32>(index), id});
}

// The index of the record with this id in a vector sorted by id (the ledger's
// order), or kMissing.
template <class T>
u32 index_of(const std::vector<T>& v, i64 id) {
  if (id >= 1 && static_cast<u64>(id) <= v.size() && v[static_cast<std::size_t>(id - 1)].id == id)
    return static_cast<u32>(id - 1);  // dense ids: the usual case
  const auto it = std::lower_bound(v.begin(), v.end(), id, [](const T& x, i64 k) { return x.id < k; });
  return it != v.end() && it->id == id ? static_cast<u32>(it - v.begin()) : kMissing;
}

i32 date32(Date d) { return d.serial(); }

}  // namespace

std::string write_snapshot(const Ledger& l, SnapshotTexts* texts_out) {
  if (texts_out) {
    texts_out->clear();
    texts_out->reserve(l.history.size());
  }
  Ledger meta;  // the small rest, as the JSON file writes it
  meta.company = l.company;
  meta.settings = l.settings;
  meta.chains = l.chains;
  meta.templates = l.templates;
  meta.custom_rates = l.custom_rates;
  meta.mappings = l.mappings;
  meta.next_client_id = l.next_client_id;
  meta.next_invoice_id = l.next_invoice_id;
  meta.next_payment_id = l.next_payment_id;
  meta.next_history_id = l.next_history_id;
  const std::string meta_text = ledger_to_json(meta, -1);

  // The counts of every section, and the ids beyond 32 bits (in section
  // then record order), before anything is written.
  u64 counts[kSections]{};
  std::vector<WideId> wide;
  counts[kMeta] = meta_text.size();
  counts[kClients] = l.clients.size();
  counts[kInvoices] = l.invoices.size();
  counts[kHistory] = l.history.size();
  for (std::size_t i = 0; i < l.clients.size(); ++i) note_wide(wide, l.clients[i].id, kClients, i);
  for (std::size_t i = 0; i < l.invoices.size(); ++i) note_wide(wide, l.invoices[i].id, kInvoices, i);
  for (const Invoice& v : l.invoices) {
    for (const Payment& p : v.payments) note_wide(wide, p.id, kPayments, counts[kPayments]++);
    counts[kInstalments] += v.plan.size();
    counts[kPromises] += v.promises.size();
    counts[kDisputes] += v.disputes.size();
  }
  for (std::size_t i = 0; i < l.history.size(); ++i) {
    note_wide(wide, l.history[i].id, kHistory, i);
    counts[kHistoryInvoices] += l.history[i].invoices.size();
  }
  counts[kWideIds] = wide.size();
  // Room for the pool, so the image is not copied as it grows: a guess from
  // the generated ledgers (invoice numbers, labels, subjects), plus the texts
  // kept inline.
  std::size_t pool_hint = 48 * l.invoices.size() + 48 * l.history.size() + 64 * l.clients.size();
  if (!texts_out)
    for (const HistoryEntry& h : l.history) pool_hint += h.text.size();

  std::string out;
  Writer w(out, texts_out);
  w.lay_out(counts, pool_hint);
  w.put_bytes(kMeta, meta_text);
  for (std::size_t i = 0; i < wide.size(); ++i) w.put(kWideIds, i, wide[i]);

  for (std::size_t i = 0; i < l.clients.size(); ++i) {
    const Client& c = l.clients[i];
    ClientRec r{};
    r.id = id32(c.id);
    r.kind = static_cast<u8>(c.kind);
    r.flags = static_cast<u8>((c.do_not_chase ? 1 : 0) | (c.bad_payer ? 2 : 0));
    r.public_buyer = static_cast<u8>(c.public_buyer);
    r.terms_method = static_cast<u8>(c.terms.method);
    r.terms_days = c.terms.days;
    r.code = w.str(c.code);
    r.name = w.str(c.name);
    r.contact = w.str(c.contact);
    r.email = w.str(c.email);
    r.phone = w.str(c.phone);
    r.line1 = w.str(c.address.line1);
    r.line2 = w.str(c.address.line2);
    r.postcode = w.shared(c.address.postcode);
    r.city = w.shared(c.address.city);
    r.country = w.shared(c.address.country);
    r.siren = w.str(c.siren);
    r.vat_number = w.str(c.vat_number);
    r.chain = w.shared(c.chain_id);
    r.notes = w.apart(c.notes, client_notes_key(c.id));
    r.law = w.shared(c.law);
    w.put(kClients, i, r);
  }

  std::size_t n_pay = 0, n_plan = 0, n_promise = 0, n_dispute = 0;
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& v = l.invoices[i];
    InvoiceRec r{};
    r.ht = v.ht;
    r.vat = v.vat;
    r.ttc = v.ttc;
    r.id = id32(v.id);
    r.client = index_of(l.clients, v.client);
    r.credits = v.credits == 0 ? kNoRef : index_of(l.invoices, v.credits);
    r.contractual_rate = v.contractual_rate.value_or(0);
    r.issue_date = date32(v.issue_date);
    r.due_date = date32(v.due_date);
    r.closed_on = date32(v.closed_on);
    r.court_claim_on = date32(v.court_claim_on);
    r.judgment_notified_on = date32(v.judgment_notified_on);
    r.kind = static_cast<u8>(v.kind);
    r.state = static_cast<u8>(v.state);
    r.flags = static_cast<u8>((v.paused ? 1 : 0) | (v.contractual_rate ? 2 : 0));
    r.number = w.str(v.number);
    r.proforma_number = w.str(v.proforma_number);
    r.label = w.str(v.label);
    r.cancel_reason = w.str(v.cancel_reason);
    r.pause_reason = w.str(v.pause_reason);
    w.put(kInvoices, i, r);
    const u32 at = static_cast<u32>(i);
    for (const Payment& p : v.payments) {
      PaymentRec pr{};
      pr.invoice = at;
      pr.id = id32(p.id);
      pr.date = date32(p.date);
      pr.method = static_cast<u8>(p.method);
      pr.deposit = p.deposit ? 1 : 0;
      pr.amount = p.amount;
      pr.reference = w.str(p.reference);
      pr.bank_ref = w.str(p.bank_ref);
      pr.statement = w.shared(p.statement);
      w.put(kPayments, n_pay++, pr);
    }
    for (const Instalment& x : v.plan) w.put(kInstalments, n_plan++, InstalmentRec{at, date32(x.due), x.amount});
    for (const Promise& x : v.promises) {
      PromiseRec pr{};
      pr.invoice = at;
      pr.made_on = date32(x.made_on);
      pr.promised_for = date32(x.promised_for);
      pr.acknowledges_debt = x.acknowledges_debt ? 1 : 0;
      pr.amount = x.amount;
      pr.note = w.str(x.note);
      w.put(kPromises, n_promise++, pr);
    }
    for (const Dispute& x : v.disputes)
      w.put(kDisputes, n_dispute++, DisputeRec{at, date32(x.opened), date32(x.closed), 0, w.str(x.reason)});
  }

  std::size_t n_refs = 0;
  for (std::size_t i = 0; i < l.history.size(); ++i) {
    const HistoryEntry& h = l.history[i];
    HistoryRec r{};
    r.id = id32(h.id);
    r.date = date32(h.date);
    r.client = index_of(l.clients, h.client);
    r.first_invoice = static_cast<u32>(n_refs);
    r.invoice_count = static_cast<u32>(h.invoices.size());
    for (InvoiceId id : h.invoices) w.put(kHistoryInvoices, n_refs++, index_of(l.invoices, id));
    r.kind = static_cast<u8>(h.kind);
    r.channel = static_cast<u8>(h.channel);
    r.voided = h.voided ? 1 : 0;
    r.step = static_cast<i16>(h.step);
    r.voided_on = date32(h.voided_on);
    r.chain = w.shared(h.chain_id);
    r.recipient = w.shared(h.recipient);
    r.subject = w.str(h.subject);
    // A text already in storage (read lazily) stays there, as it is.
    // (Without texts apart, a text still in storage cannot be written: the
    // image then wants it back, and its reader says it is missing.)
    r.text = h.text_apart && (w.apart_mode() || !text_loaded(h)) ? Str{kApart, h.text_apart}
                                                                 : w.apart(h.text, history_text_key(h.id));
    w.put(kHistory, i, r);
  }
  w.finish();
  return out;
}

// ============================================================ [reading]
namespace {

std::string item(const char* section, u64 i) { return std::string("$.") + section + "[" + std::to_string(i) + "]"; }
std::string field(const char* section, u64 i, const char* name) { return item(section, i) + "." + name; }

// The image's sections, located and bounds-checked; every record read
// through here is inside the image.
class Image {
 public:
  Image(std::string_view image, std::string origin) : image_(image), origin_(std::move(origin)) {}

  Error error(const std::string& where, std::string what) const { return {origin_ + ": " + where, std::move(what)}; }

  // Header, table, checksum: nothing is read from a section before this passes.
  std::optional<Error> open() {
    if (image_.size() < sizeof(Header))
      return error("en-tête", "image tronquée : " + std::to_string(image_.size()) + " octets, l'en-tête seul en fait " +
                                  std::to_string(sizeof(Header)));
    std::memcpy(&h_, image_.data(), sizeof h_);
    if (std::string_view(h_.magic, sizeof h_.magic) != kSnapshotMagic)
      return error("en-tête", "ce n'est pas un instantané de Relance (signature « RLNCSNAP » absente)");
    if (h_.byte_order != kByteOrder)
      return error("en-tête", h_.byte_order == 0x04030201 ? "ordre des octets inversé : image écrite par une machine big-endian"
                                                           : "marque d'ordre des octets illisible");
    if (h_.version != kSnapshotVersion)
      return error("en-tête", h_.version > kSnapshotVersion
                                  ? "instantané au format " + std::to_string(h_.version) + ", cette version de Relance lit le format " +
                                        std::to_string(kSnapshotVersion) + " : mettez l'application à jour"
                                  : "format d'instantané " + std::to_string(h_.version) + " inconnu");
    if (h_.size != image_.size())
      return error("en-tête", h_.size > image_.size()
                                  ? "image tronquée : " + std::to_string(image_.size()) + " octets sur " + std::to_string(h_.size) + " attendus"
                                  : std::to_string(image_.size() - h_.size) + " octets en trop après l'image (" +
                                        std::to_string(h_.size) + " attendus)");
    if (h_.sections != kSections)
      return error("en-tête", std::to_string(h_.sections) + " sections, " + std::to_string(kSections) + " attendues");
    if (image_.size() < sizeof(Header) + sizeof(table_))
      return error("table des sections", "image tronquée avant la fin de la table des sections");
    if (crc32_of(image_.substr(sizeof(Header))) != h_.crc)
      return error("en-tête", "somme de contrôle (CRC-32) incorrecte : l'image est corrompue");
    std::memcpy(table_, image_.data() + sizeof(Header), sizeof(table_));
    u64 end = sizeof(Header) + sizeof(table_);
    for (u32 s = 0; s < kSections; ++s) {
      const SectionEntry& e = table_[s];
      const std::string where = std::string("section ") + kSectionNames[s];
      if (e.id != s) return error(where, "identifiant " + std::to_string(e.id) + ", " + std::to_string(s) + " attendu");
      if (e.record_size != kRecordSize[s])
        return error(where, "enregistrements de " + std::to_string(e.record_size) + " octets, " +
                                std::to_string(kRecordSize[s]) + " attendus");
      if (e.offset != align8(end))
        return error(where, "commence à l'octet " + std::to_string(e.offset) + ", " + std::to_string(align8(end)) + " attendu");
      if (e.count > image_.size() / e.record_size || e.size != e.count * e.record_size)
        return error(where, std::to_string(e.count) + " enregistrements ne tiennent pas dans " + std::to_string(e.size) +
                                " octets");
      if (e.offset > image_.size() || e.size > image_.size() - e.offset)
        return error(where, "dépasse la fin de l'image (octets " + std::to_string(e.offset) + " + " + std::to_string(e.size) +
                                " sur " + std::to_string(image_.size()) + ")");
      end = e.offset + e.size;
    }
    if (end != image_.size()) return error("section strings", "octets en trop après la dernière section");
    pool_ = bytes(kStrings);
    return std::nullopt;
  }

  std::string_view bytes(Sec s) const { return image_.substr(table_[s].offset, table_[s].size); }
  std::size_t count(Sec s) const { return static_cast<std::size_t>(table_[s].count); }
  template <class T>
  T record(Sec s, std::size_t i) const {
    T r;
    std::memcpy(&r, image_.data() + table_[s].offset + i * sizeof(T), sizeof(T));
    return r;
  }

  std::string_view pool() const { return pool_; }

 private:
  std::string_view image_;
  std::string origin_;
  Header h_{};
  SectionEntry table_[kSections]{};
  std::string_view pool_;
};

// The years a date of the JSON file can have (YYYY-MM-DD, Date::from_ymd).
const i32 kMinSerial = Date::from_ymd(1000, 1, 1).serial();
const i32 kMaxSerial = Date::from_ymd(9999, 12, 31).serial();

// Reads the records into a ledger, stopping at the first structural problem
// (a bad offset, index, enum, date...); the checks of the JSON reader come after.
class Decoder {
 public:
  explicit Decoder(const Image& img) : img_(img) {}

  std::optional<Error> failure;
  std::vector<std::pair<std::string, std::string*>> apart;  // texts to fetch: key, destination
  std::vector<u32> apart_lengths;
  std::vector<u32*> apart_marks;  // per text to fetch: where a lazy read notes it (history texts), or null
  // Whether a history text kept apart gets its key: not when it is left in
  // storage and none was given (218 000 keys built and looked up for nothing).
  bool history_keys = true;

  bool fail(const std::string& where, std::string what) {
    if (!failure) failure = img_.error(where, std::move(what));
    return false;
  }

  bool text(Str s, std::string& out, const char* sec, std::size_t i, const char* name) {
    if (s.off == kApart) {
      apart_lengths.push_back(s.len);
      apart.emplace_back(std::string(), &out);  // key filled in once the record's id is known
      apart_marks.push_back(nullptr);
      return true;
    }
    if (s.len == 0) {
      if (s.off != 0) return fail(field(sec, i, name), "chaîne vide à l'octet " + std::to_string(s.off) + " (0 attendu)");
      return true;
    }
    const std::string_view pool = img_.pool();
    if (s.off > pool.size() || s.len > pool.size() - s.off)
      return fail(field(sec, i, name), "chaîne hors de la section strings (octets " + std::to_string(s.off) + " + " +
                                           std::to_string(s.len) + " sur " + std::to_string(pool.size()) + ")");
    const std::string_view v = pool.substr(s.off, s.len);
    if (!on_boundaries(pool, s) && !is_valid_utf8(v)) return fail(field(sec, i, name), "texte qui n'est pas de l'UTF-8 valide");
    out.assign(v);
    return true;
  }
  // Whether the string is valid UTF-8 because the whole pool is and the
  // string starts and ends between two characters: the pool is checked
  // once instead of each of its ~10^6 strings (a pool with a bad byte
  // anywhere has each of its strings checked alone, as before).
  bool on_boundaries(std::string_view pool, Str s) {
    if (pool_valid_ == -1) pool_valid_ = is_valid_utf8(pool) ? 1 : 0;
    const auto continuation = [&pool](u64 at) { return (static_cast<unsigned char>(pool[at]) & 0xC0) == 0x80; };
    return pool_valid_ == 1 && !continuation(s.off) && (u64(s.off) + s.len == pool.size() || !continuation(u64(s.off) + s.len));
  }
  bool date(i32 d, Date& out, const char* sec, std::size_t i, const char* name, bool required = false) {
    if (d == kNoDate) {
      if (required) return fail(field(sec, i, name), "date obligatoire absente");
      out = Date();
      return true;
    }
    if (d < kMinSerial || d > kMaxSerial)
      return fail(field(sec, i, name), "date hors des années 1000 à 9999 (jour " + std::to_string(d) + ")");
    out = Date::from_serial(d);
    return true;
  }
  bool money(i64 c, Cents& out, const char* sec, std::size_t i, const char* name) {
    if (c < 0 || c > kMaxCents) return fail(field(sec, i, name), "montant hors limites : " + std::to_string(c) + " centimes");
    out = c;
    return true;
  }
  template <class E>
  bool enumeration(u32 v, u32 last, E& out, const char* sec, std::size_t i, const char* name) {
    if (v > last) return fail(field(sec, i, name), "valeur " + std::to_string(v) + " inconnue (0 à " + std::to_string(last) + ")");
    out = static_cast<E>(v);
    return true;
  }
  bool flags(u32 v, u32 allowed, const char* sec, std::size_t i, const char* name) {
    if (v & ~allowed) return fail(field(sec, i, name), "indicateurs inconnus (" + std::to_string(v) + ")");
    return true;
  }
  bool index(u32 v, std::size_t n, const char* target, const char* sec, std::size_t i, const char* name) {
    if (v == kMissing) return fail(field(sec, i, name), std::string("référence vers un enregistrement de ") + target + " absent");
    if (v >= n)
      return fail(field(sec, i, name), "index " + std::to_string(v) + " hors de la section " + target + " (" +
                                           std::to_string(n) + " enregistrements)");
    return true;
  }

  // Ids beyond 32 bits, checked, in order of section then record.
  bool read_wide_ids() {
    const std::size_t n = img_.count(kWideIds);
    for (std::size_t i = 0; i < n; ++i) {
      const WideId w = img_.record<WideId>(kWideIds, i);
      const bool known = w.section == kClients || w.section == kInvoices || w.section == kPayments || w.section == kHistory;
      if (!known) return fail(field("wide_ids", i, "section"), "section " + std::to_string(w.section) + " sans identifiants");
      if (w.index >= img_.count(static_cast<Sec>(w.section)))
        return fail(field("wide_ids", i, "index"), "enregistrement " + std::to_string(w.index) + " absent de la section " +
                                                       kSectionNames[w.section]);
      if (w.id <= i64(UINT32_MAX) || w.id > kMaxId)
        return fail(field("wide_ids", i, "id"), "identifiant " + std::to_string(w.id) + " hors de 2^32 à 2^52");
      if (i > 0) {
        const WideId p = img_.record<WideId>(kWideIds, i - 1);
        if (p.section > w.section || (p.section == w.section && p.index >= w.index))
          return fail(field("wide_ids", i, "index"), "ordre rompu (section puis enregistrement croissants)");
      }
      wide_.push_back(w);
    }
    return true;
  }
  // The id of record `i` of section `s` whose 32-bit field holds `id32`.
  bool id(u32 id32, Sec s, std::size_t i, i64 min, i64& out) {
    out = id32;
    if (wide_at_ < wide_.size() && wide_[wide_at_].section == s && wide_[wide_at_].index == i) {
      if (id32 != 0) return fail(field(kSectionNames[s], i, "id"), "identifiant 32 bits et étendu à la fois");
      out = wide_[wide_at_++].id;
    }
    if (out < min) return fail(field(kSectionNames[s], i, "id"), "identifiant " + std::to_string(out) + " invalide");
    return true;
  }
  i64 invoice_id(u32 index) const {
    const InvoiceRec r = img_.record<InvoiceRec>(kInvoices, index);
    if (r.id != 0) return r.id;
    for (const WideId& w : wide_)
      if (w.section == kInvoices && w.index == index) return w.id;
    return 0;
  }

  bool read(Ledger& l);

 private:
  const Image& img_;
  std::vector<WideId> wide_;
  std::size_t wide_at_ = 0;
  int pool_valid_ = -1;  // the whole string pool is valid UTF-8: 1, not: 0, not checked yet: -1
};

// A part of invoices (payments, plan...): the records' invoice indexes go up.
// Each invoice's list (`parts`) is sized once for its run of records.
template <class Rec, class Part, class Add>
bool read_parts(Decoder& d, const Image& img, Sec s, Ledger& l, std::vector<Part> Invoice::*parts, Add add) {
  const std::size_t n = img.count(s);
  u32 last = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Rec r = img.record<Rec>(s, i);
    if (!d.index(r.invoice, l.invoices.size(), "invoices", kSectionNames[s], i, "invoice")) return false;
    if (r.invoice < last) return d.fail(field(kSectionNames[s], i, "invoice"), "ordre rompu : groupés par facture, dans l'ordre des factures");
    if (i == 0 || r.invoice != last) {
      std::size_t run = 1;
      while (i + run < n && img.record<Rec>(s, i + run).invoice == r.invoice) ++run;
      std::vector<Part>& v = l.invoices[r.invoice].*parts;
      v.reserve(v.size() + run);
    }
    last = r.invoice;
    if (!add(r, l.invoices[r.invoice], i)) return false;
  }
  return true;
}

bool Decoder::read(Ledger& l) {
  if (!read_wide_ids()) return false;
  // ---- clients
  const std::size_t nc = img_.count(kClients);
  l.clients.resize(nc);
  for (std::size_t i = 0; i < nc; ++i) {
    const ClientRec r = img_.record<ClientRec>(kClients, i);
    Client& c = l.clients[i];
    const char* S = "clients";
    if (!id(r.id, kClients, i, 1, c.id) || !enumeration(r.kind, 1, c.kind, S, i, "kind") ||
        !enumeration(r.public_buyer, 3, c.public_buyer, S, i, "public_buyer") ||
        !enumeration(r.terms_method, 2, c.terms.method, S, i, "terms.method") || !flags(r.flags, 3, S, i, "flags"))
      return false;
    if (r.pad) return fail(item(S, i), "octets de bourrage non nuls");
    if (r.terms_days < 0 || r.terms_days > 3650) return fail(field(S, i, "terms.days"), "délai hors de 0 à 3650 jours");
    c.terms.days = r.terms_days;
    c.do_not_chase = r.flags & 1;
    c.bad_payer = r.flags & 2;
    const std::size_t before = apart.size();
    if (!text(r.code, c.code, S, i, "code") || !text(r.name, c.name, S, i, "name") ||
        !text(r.contact, c.contact, S, i, "contact") || !text(r.email, c.email, S, i, "email") ||
        !text(r.phone, c.phone, S, i, "phone") || !text(r.line1, c.address.line1, S, i, "address.line1") ||
        !text(r.line2, c.address.line2, S, i, "address.line2") ||
        !text(r.postcode, c.address.postcode, S, i, "address.postcode") ||
        !text(r.city, c.address.city, S, i, "address.city") || !text(r.country, c.address.country, S, i, "address.country") ||
        !text(r.siren, c.siren, S, i, "siren") || !text(r.vat_number, c.vat_number, S, i, "vat_number") ||
        !text(r.chain, c.chain_id, S, i, "chain") || !text(r.notes, c.notes, S, i, "notes") || !text(r.law, c.law, S, i, "law"))
      return false;
    if (apart.size() != before + (r.notes.off == kApart ? 1 : 0))
      return fail(field(S, i, "notes"), "seules les notes d'un client peuvent être à part");
    if (r.notes.off == kApart) apart.back().first = client_notes_key(c.id);
  }
  // ---- invoices
  const std::size_t ni = img_.count(kInvoices);
  l.invoices.resize(ni);
  for (std::size_t i = 0; i < ni; ++i) {
    const InvoiceRec r = img_.record<InvoiceRec>(kInvoices, i);
    Invoice& v = l.invoices[i];
    const char* S = "invoices";
    const std::size_t before = apart.size();
    if (!id(r.id, kInvoices, i, 1, v.id) || !index(r.client, nc, "clients", S, i, "client") ||
        !enumeration(r.kind, 2, v.kind, S, i, "kind") || !enumeration(r.state, 3, v.state, S, i, "state") ||
        !flags(r.flags, 3, S, i, "flags") || !money(r.ht, v.ht, S, i, "ht") || !money(r.vat, v.vat, S, i, "vat") ||
        !money(r.ttc, v.ttc, S, i, "ttc") || !date(r.issue_date, v.issue_date, S, i, "issue_date") ||
        !date(r.due_date, v.due_date, S, i, "due_date") || !date(r.closed_on, v.closed_on, S, i, "closed_on") ||
        !date(r.court_claim_on, v.court_claim_on, S, i, "court_claim_on") ||
        !date(r.judgment_notified_on, v.judgment_notified_on, S, i, "judgment_notified_on") ||
        !text(r.number, v.number, S, i, "number") || !text(r.proforma_number, v.proforma_number, S, i, "proforma_number") ||
        !text(r.label, v.label, S, i, "label") || !text(r.cancel_reason, v.cancel_reason, S, i, "cancel_reason") ||
        !text(r.pause_reason, v.pause_reason, S, i, "pause_reason"))
      return false;
    if (apart.size() != before) return fail(item(S, i), "texte à part dans une facture");
    if (r.pad) return fail(item(S, i), "octets de bourrage non nuls");
    v.client = l.clients[r.client].id;
    if (r.credits != kNoRef) {
      if (!index(r.credits, ni, "invoices", S, i, "credits")) return false;
      v.credits = invoice_id(r.credits);
    }
    v.paused = r.flags & 1;
    if (r.flags & 2) {
      if (r.contractual_rate < -10000999 || r.contractual_rate > 10000999)
        return fail(field(S, i, "contractual_rate"), "taux hors limites");
      v.contractual_rate = r.contractual_rate;
    } else if (r.contractual_rate != 0) {
      return fail(field(S, i, "contractual_rate"), "taux sans l'indicateur qui le dit présent");
    }
  }
  // ---- parts of invoices
  const std::size_t apart_before_parts = apart.size();
  const bool parts_ok =
      read_parts<PaymentRec>(*this, img_, kPayments, l, &Invoice::payments,
                              [&](const PaymentRec& r, Invoice& v, std::size_t i) {
        Payment p;
        const char* S = "payments";
        if (!id(r.id, kPayments, i, 0, p.id) || !date(r.date, p.date, S, i, "date", true) ||
            !money(r.amount, p.amount, S, i, "amount") || !enumeration(r.method, 5, p.method, S, i, "method") ||
            !flags(r.deposit, 1, S, i, "deposit") || !text(r.reference, p.reference, S, i, "reference") ||
            !text(r.bank_ref, p.bank_ref, S, i, "bank_ref") || !text(r.statement, p.statement, S, i, "statement"))
          return false;
        if (r.pad) return fail(item(S, i), "octets de bourrage non nuls");
        p.deposit = r.deposit;
        v.payments.push_back(std::move(p));
        return true;
      }) &&
      read_parts<InstalmentRec>(*this, img_, kInstalments, l, &Invoice::plan,
                              [&](const InstalmentRec& r, Invoice& v, std::size_t i) {
        Instalment x;
        if (!date(r.due, x.due, "plan", i, "due", true) || !money(r.amount, x.amount, "plan", i, "amount")) return false;
        v.plan.push_back(x);
        return true;
      }) &&
      read_parts<PromiseRec>(*this, img_, kPromises, l, &Invoice::promises,
                              [&](const PromiseRec& r, Invoice& v, std::size_t i) {
        Promise x;
        const char* S = "promises";
        if (!date(r.made_on, x.made_on, S, i, "made_on", true) || !date(r.promised_for, x.promised_for, S, i, "promised_for", true) ||
            !money(r.amount, x.amount, S, i, "amount") || !flags(r.acknowledges_debt, 1, S, i, "acknowledges_debt") ||
            !text(r.note, x.note, S, i, "note"))
          return false;
        if (r.pad[0] || r.pad[1] || r.pad[2]) return fail(item(S, i), "octets de bourrage non nuls");
        x.acknowledges_debt = r.acknowledges_debt;
        v.promises.push_back(std::move(x));
        return true;
      }) &&
      read_parts<DisputeRec>(*this, img_, kDisputes, l, &Invoice::disputes,
                              [&](const DisputeRec& r, Invoice& v, std::size_t i) {
        Dispute x;
        const char* S = "disputes";
        if (!date(r.opened, x.opened, S, i, "opened", true) || !date(r.closed, x.closed, S, i, "closed") ||
            !text(r.reason, x.reason, S, i, "reason"))
          return false;
        if (r.pad) return fail(item(S, i), "octets de bourrage non nuls");
        v.disputes.push_back(std::move(x));
        return true;
      });
  if (!parts_ok) return false;
  if (apart.size() != apart_before_parts) return fail("$.payments", "texte à part dans une partie de facture");
  // ---- history
  const std::size_t nh = img_.count(kHistory), nhi = img_.count(kHistoryInvoices);
  l.history.resize(nh);
  u64 next_first = 0;
  for (std::size_t i = 0; i < nh; ++i) {
    const HistoryRec r = img_.record<HistoryRec>(kHistory, i);
    HistoryEntry& h = l.history[i];
    const char* S = "history";
    const std::size_t before = apart.size();
    if (!id(r.id, kHistory, i, 1, h.id) || !date(r.date, h.date, S, i, "date", true) ||
        !index(r.client, nc, "clients", S, i, "client") || !enumeration(r.kind, 3, h.kind, S, i, "kind") ||
        !enumeration(r.channel, 5, h.channel, S, i, "channel") || !flags(r.voided, 1, S, i, "voided") ||
        !date(r.voided_on, h.voided_on, S, i, "voided_on") || !text(r.chain, h.chain_id, S, i, "chain") ||
        !text(r.recipient, h.recipient, S, i, "recipient") || !text(r.subject, h.subject, S, i, "subject") ||
        !text(r.text, h.text, S, i, "text"))
      return false;
    if (apart.size() != before + (r.text.off == kApart ? 1 : 0))
      return fail(field(S, i, "text"), "seul le texte d'une entrée peut être à part");
    if (r.text.off == kApart) {
      if (history_keys) apart.back().first = history_text_key(h.id);
      apart_marks.back() = &h.text_apart;
    }
    if (r.step < -1 || r.step > 999) return fail(field(S, i, "step"), "étape " + std::to_string(r.step) + " hors de -1 à 999");
    if (r.pad || r.pad2) return fail(item(S, i), "octets de bourrage non nuls");
    h.step = r.step;
    h.client = l.clients[r.client].id;
    h.voided = r.voided;
    if (r.first_invoice != next_first || r.invoice_count > nhi - next_first)
      return fail(field(S, i, "invoices"), "factures " + std::to_string(r.first_invoice) + " + " +
                                               std::to_string(r.invoice_count) + " : la suite de history_invoices (" +
                                               std::to_string(next_first) + " sur " + std::to_string(nhi) + ") attendue");
    h.invoices.resize(r.invoice_count);
    for (u32 k = 0; k < r.invoice_count; ++k) {
      const u32 at = img_.record<u32>(kHistoryInvoices, next_first + k);
      if (!index(at, ni, "invoices", "history_invoices", next_first + k, "invoice")) return false;
      h.invoices[k] = l.invoices[at].id;
    }
    next_first += r.invoice_count;
  }
  if (next_first != nhi) return fail("$.history_invoices", std::to_string(nhi - next_first) + " références qu'aucune entrée n'utilise");
  if (wide_at_ != wide_.size()) return fail("$.wide_ids", "identifiant étendu d'un enregistrement qui n'en a pas besoin");
  return true;
}

}  // namespace

Result<Ledger> read_snapshot(std::string_view image, const SnapshotTexts* texts, std::string_view origin,
                             bool lazy_history_texts) {
  Image img(image, std::string(origin));
  if (auto e = img.open()) return *e;

  // The small rest, with every check of the JSON reader.
  LedgerLoad meta = load_ledger(img.bytes(kMeta), std::string(origin) + " (section meta)");
  if (!meta.ledger) return meta.errors.empty() ? img.error("section meta", "illisible") : meta.errors.front();
  Ledger l = std::move(*meta.ledger);
  if (!l.clients.empty() || !l.invoices.empty() || !l.history.empty())
    return img.error("section meta", "clients, factures ou historique dans la section meta");

  Decoder d(img);
  // History texts left in storage (lazy) need no key unless some were given.
  d.history_keys = !lazy_history_texts || (texts && std::any_of(texts->begin(), texts->end(), [](const SnapshotText& t) {
                                             return t.key.starts_with(kHistoryKeyPrefix);
                                           }));
  if (!d.read(l)) return *d.failure;

  // Texts kept apart: all of them, at their recorded length.
  if (!d.apart.empty()) {
    // Usually given back in the order written: a key is then found at its
    // place; the map is built only if one is not.
    std::unordered_map<std::string_view, const std::string*> given;
    const auto find = [&](std::size_t i, const std::string& key) -> const std::string* {
      if (!texts) return nullptr;
      if (i < texts->size() && (*texts)[i].key == key) return &(*texts)[i].text;
      if (given.empty()) {
        given.reserve(texts->size());
        for (const SnapshotText& t : *texts) given.emplace(t.key, &t.text);
      }
      const auto it = given.find(key);
      return it == given.end() ? nullptr : it->second;
    };
    std::vector<std::string> missing;
    std::size_t n_missing = 0;
    for (std::size_t i = 0; i < d.apart.size(); ++i) {
      const auto& [key, out] = d.apart[i];
      const std::string* text = d.history_keys || !d.apart_marks[i] ? find(i, key) : nullptr;
      if (!text && lazy_history_texts && d.apart_marks[i]) {
        *d.apart_marks[i] = d.apart_lengths[i];  // read when needed (fill_texts)
        continue;
      }
      if (!text) {
        if (missing.size() < 5) missing.push_back(key);
        ++n_missing;
        continue;
      }
      if (text->size() != d.apart_lengths[i])
        return img.error("texte " + key, std::to_string(text->size()) + " octets, l'instantané en attend " +
                                             std::to_string(d.apart_lengths[i]));
      if (!is_valid_utf8(*text)) return img.error("texte " + key, "texte qui n'est pas de l'UTF-8 valide");
      *out = *text;
    }
    if (n_missing) {
      std::string list;
      for (const std::string& k : missing) list += (list.empty() ? "" : ", ") + k;
      if (n_missing > missing.size()) list += "…";
      return img.error("textes à part", std::to_string(n_missing) + " texte" + (n_missing > 1 ? "s" : "") +
                                            " manquant" + (n_missing > 1 ? "s" : "") + " sur " +
                                            std::to_string(d.apart.size()) + " : " + list);
    }
  }

  // What the JSON reader checks beyond the types: per record, then the relations.
  JsonReader r{std::string(origin)};
  for (std::size_t i = 0; i < l.clients.size(); ++i) check_client(r, l.clients[i], item("clients", i));
  std::size_t pay = 0;
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& v = l.invoices[i];
    const std::string p = item("invoices", i);
    check_invoice(r, v, p);
    if (v.state != Lifecycle::draft && v.kind == InvoiceKind::invoice && (!v.issue_date.ok() || !v.due_date.ok()))
      r.fail(p, kIssuedNeedsDates);
    for (const Payment& x : v.payments) check_payment(r, x, item("payments", pay++));
    if (!r.ok()) break;
  }
  if (r.ok()) check_references(r, l);
  if (!r.ok()) return r.first_error();
  normalize(l);
  return l;
}

Result<SnapshotSizes> snapshot_sizes(std::string_view image) {
  Image img(image, "instantané");
  if (auto e = img.open()) return *e;
  SnapshotSizes s;
  s.total = image.size();
  s.meta = img.bytes(kMeta).size();
  s.strings = img.bytes(kStrings).size();
  s.clients = img.bytes(kClients).size();
  s.invoices = img.bytes(kInvoices).size();
  for (Sec x : {kPayments, kInstalments, kPromises, kDisputes}) s.invoice_parts += img.bytes(x).size();
  s.history = img.bytes(kHistory).size() + img.bytes(kHistoryInvoices).size();
  for (std::size_t i = 0; i < img.count(kHistory); ++i)
    if (img.record<HistoryRec>(kHistory, i).text.off == kApart) ++s.texts_apart;
  for (std::size_t i = 0; i < img.count(kClients); ++i)
    if (img.record<ClientRec>(kClients, i).notes.off == kApart) ++s.texts_apart;
  return s;
}

std::vector<std::string> unloaded_text_keys(const Ledger& l, const std::vector<std::int64_t>* ids) {
  std::vector<std::string> keys;
  if (ids) {
    for (std::int64_t id : *ids)
      if (const HistoryEntry* h = find_history(l, id); h && !text_loaded(*h)) keys.push_back(history_text_key(id));
    return keys;
  }
  for (const HistoryEntry& h : l.history)
    if (!text_loaded(h)) keys.push_back(history_text_key(h.id));
  return keys;
}

std::optional<HistoryId> history_text_id(std::string_view key) {
  constexpr std::string_view kSuffix = "/text";
  if (!key.starts_with(kHistoryKeyPrefix) || !key.ends_with(kSuffix) ||
      key.size() <= kHistoryKeyPrefix.size() + kSuffix.size())
    return std::nullopt;
  HistoryId id = 0;
  for (char c : key.substr(kHistoryKeyPrefix.size(), key.size() - kHistoryKeyPrefix.size() - kSuffix.size())) {
    if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10) return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

PackedTexts pack_texts(const SnapshotTexts& texts, std::size_t target) {
  PackedTexts out;
  std::vector<const SnapshotText*> history;
  for (const SnapshotText& t : texts) {
    if (std::string_view(t.key).starts_with(kHistoryKeyPrefix)) history.push_back(&t);
    else out.singles.push_back(&t);
  }
  std::sort(history.begin(), history.end(), [](const SnapshotText* a, const SnapshotText* b) { return a->key < b->key; });
  for (std::size_t at = 0; at < history.size();) {
    std::size_t end = at, bytes = 0, key_bytes = 0;
    while (end < history.size() && (end == at || bytes + history[end]->text.size() <= target)) {
      bytes += history[end]->text.size();
      key_bytes += history[end]->key.size() + 1;
      ++end;
    }
    TextPack& p = out.packs.emplace_back();
    p.keys.reserve(key_bytes);
    p.data.reserve(bytes);
    p.ends.reserve(end - at);
    for (std::size_t i = at; i < end; ++i) {
      (p.keys += history[i]->key) += '\n';
      p.data += history[i]->text;
      p.ends.push_back(static_cast<std::uint32_t>(p.data.size()));
    }
    at = end;
  }
  return out;
}

Result<std::size_t> fill_texts(Ledger& l, const SnapshotTexts& texts, std::string_view origin) {
  // Checked whole first: a wrong text fills nothing.
  std::vector<std::pair<HistoryEntry*, const std::string*>> fills;
  for (const SnapshotText& t : texts) {
    const std::optional<HistoryId> id = history_text_id(t.key);
    if (!id) continue;
    // The history is in id order (find_history).
    const auto it = std::lower_bound(l.history.begin(), l.history.end(), *id,
                                     [](const HistoryEntry& h, HistoryId v) { return h.id < v; });
    if (it == l.history.end() || it->id != *id || text_loaded(*it)) continue;
    if (t.text.size() != it->text_apart)
      return Error{std::string(origin) + ": texte " + t.key,
                   std::to_string(t.text.size()) + " octets, l'instantané en attend " + std::to_string(it->text_apart)};
    if (!is_valid_utf8(t.text)) return Error{std::string(origin) + ": texte " + t.key, "texte qui n'est pas de l'UTF-8 valide"};
    fills.emplace_back(&*it, &t.text);
  }
  std::size_t filled = 0;
  for (auto& [h, text] : fills)
    if (!text_loaded(*h)) {  // a key given twice fills once
      h->text = *text;
      ++filled;
    }
  return filled;
}

}  // namespace relance
