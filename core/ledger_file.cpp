#include "core/ledger_file.h"

#include <algorithm>
#include <unordered_set>

#include "core/defaults.h"
#include "core/field_limits.h"
#include "core/flat_set.h"
#include "core/json_scan.h"
#include "core/json_stream.h"
#include "core/rates.h"
#include "core/record_codec.h"
#include "core/text.h"

namespace relance {

namespace {
Json next_ids_json(const Ledger& l);
}

// The whole ledger as one DOM: the reference the streaming writer is tested
// against (tests/unit-storage.cpp).
Json ledger_json(const Ledger& l) {
  Json j = Json::object();
  j["format"] = kLedgerFormat;
  j["version"] = kLedgerVersion;
  j["company"] = company_json(l.company);
  j["settings"] = settings_json(l.settings);
  j["next_ids"] = next_ids_json(l);
  j["clients"] = list_json(l.clients, client_json);
  j["invoices"] = list_json(l.invoices, invoice_json);
  j["history"] = list_json(l.history, history_json);
  j["chains"] = list_json(l.chains, chain_json);
  j["templates"] = list_json(l.templates, template_json);
  j["custom_rates"] = l.custom_rates ? jurisdiction_json(*l.custom_rates) : Json(nullptr);
  // Only when there are some: files without them stay as they were.
  if (!l.mappings.empty()) j["mappings"] = list_json(l.mappings, mapping_json);
  return j;
}

namespace {

Json next_ids_json(const Ledger& l) {
  return {{"client", l.next_client_id}, {"invoice", l.next_invoice_id},
          {"payment", l.next_payment_id}, {"history", l.next_history_id}};
}

template <class T, class F>
void append_list(JsonAppender& w, std::string_view key, const std::vector<T>& items, F to_json) {
  w.key(key);
  w.open_array();
  for (const T& x : items) {
    w.item();
    w.value(to_json(x));
  }
  w.close_array();
}

// The same list with each record written by write(JsonObjectWriter&, record).
template <class T>
void write_list(JsonAppender& w, std::string_view key, const std::vector<T>& items,
                void (*write)(JsonObjectWriter&, const T&)) {
  w.key(key);
  w.open_array();
  for (const T& x : items) {
    w.item();
    w.object_value([&](JsonObjectWriter& o) { write(o, x); });
  }
  w.close_array();
}

// A guess of the file's size, so the text is not copied as it grows.
std::size_t size_hint(const Ledger& l) {
  std::size_t n = 4096 + 600 * l.clients.size() + 700 * l.invoices.size() + 400 * l.history.size();
  for (const HistoryEntry& h : l.history) n += h.text.size() + h.text.size() / 16;
  for (const Template& t : l.templates) n += t.body.size() + t.subject.size();
  return n;
}

}  // namespace

// Written record by record: the same bytes as dump_json(ledger_json(l)),
// without a DOM of the whole ledger (tests/unit-storage.cpp compares them).
std::string ledger_to_json(const Ledger& l, int indent) {
  std::string out;
  out.reserve(size_hint(l));
  JsonAppender w(out, indent);
  w.open_object();
  w.key("format");
  w.value(Json(kLedgerFormat));
  w.key("version");
  w.value(Json(kLedgerVersion));
  w.key("company");
  w.value(company_json(l.company));
  w.key("settings");
  w.value(settings_json(l.settings));
  w.key("next_ids");
  w.value(next_ids_json(l));
  write_list(w, "clients", l.clients, write_client);
  write_list(w, "invoices", l.invoices, write_invoice);
  write_list(w, "history", l.history, write_history);
  append_list(w, "chains", l.chains, chain_json);
  append_list(w, "templates", l.templates, template_json);
  w.key("custom_rates");
  w.value(l.custom_rates ? jurisdiction_json(*l.custom_rates) : Json(nullptr));
  // Only when there are some: files without them stay as they were.
  if (!l.mappings.empty()) append_list(w, "mappings", l.mappings, mapping_json);
  w.close_object();
  out += '\n';
  return out;
}

// ============================================================ [reading]
// Relations between the parts, once every part has been read.
namespace {

// The ids of a list of records. In the order of their ids, as every file
// Relance writes them, they cannot repeat and a lookup is a look at the
// record at that place (dense ids) or a binary search in the list itself;
// otherwise they go through a hash set.
template <class T>
class IdSet {
 public:
  explicit IdSet(const std::vector<T>& v) : v_(v) {
    sorted_ = std::adjacent_find(v.begin(), v.end(), [](const T& a, const T& b) { return a.id >= b.id; }) == v.end();
    if (!sorted_) set_.reserve(v.size());
  }
  // False when the id was already there.
  bool add(std::int64_t id) { return sorted_ || set_.insert(id).second; }
  bool contains(std::int64_t id) const {
    if (!sorted_) return set_.count(id) > 0;
    if (id >= 1 && static_cast<std::uint64_t>(id) <= v_.size() && v_[static_cast<std::size_t>(id - 1)].id == id)
      return true;  // ids 1, 2, 3... with none removed: the usual case
    const auto it = std::lower_bound(v_.begin(), v_.end(), id, [](const T& x, std::int64_t k) { return x.id < k; });
    return it != v_.end() && it->id == id;
  }

 private:
  const std::vector<T>& v_;
  bool sorted_ = false;
  std::unordered_set<std::int64_t> set_;
};

}  // namespace

void check_references(JsonReader& r, const Ledger& l) {
  IdSet clients(l.clients);
  for (std::size_t i = 0; i < l.clients.size(); ++i)
    if (!clients.add(l.clients[i].id))
      r.fail("$.clients[" + std::to_string(i) + "].id", "identifiant " + std::to_string(l.clients[i].id) + " en double");
  IdSet invoices(l.invoices);
  FlatSet<std::string_view> numbers(l.invoices.size());  // views of l's own strings
  FlatSet<PaymentId> payments(l.invoices.size());
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    const auto p = [i] { return "$.invoices[" + std::to_string(i) + "]"; };  // built only for an error
    if (!invoices.add(inv.id)) r.fail(p() + ".id", "identifiant " + std::to_string(inv.id) + " en double");
    if (!inv.number.empty() && !numbers.insert(inv.number)) r.fail(p() + ".number", "numéro " + inv.number + " en double");
    if (!clients.contains(inv.client)) r.fail(p() + ".client", "client " + std::to_string(inv.client) + " introuvable");
    for (std::size_t k = 0; k < inv.payments.size(); ++k)
      if (inv.payments[k].id != 0 && !payments.insert(inv.payments[k].id))
        r.fail(p() + ".payments[" + std::to_string(k) + "].id", "identifiant de paiement en double");
  }
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    if (inv.credits != 0 && !invoices.contains(inv.credits))
      r.fail("$.invoices[" + std::to_string(i) + "].credits", "facture " + std::to_string(inv.credits) + " introuvable");
  }
  IdSet history(l.history);
  for (std::size_t i = 0; i < l.history.size(); ++i) {
    const HistoryEntry& h = l.history[i];
    const auto p = [i] { return "$.history[" + std::to_string(i) + "]"; };
    if (!history.add(h.id)) r.fail(p() + ".id", "identifiant " + std::to_string(h.id) + " en double");
    if (!clients.contains(h.client)) r.fail(p() + ".client", "client " + std::to_string(h.client) + " introuvable");
    for (InvoiceId id : h.invoices)
      if (!invoices.contains(id)) r.fail(p() + ".invoices", "facture " + std::to_string(id) + " introuvable");
  }
  std::unordered_set<std::string> templates, chains;
  for (std::size_t i = 0; i < l.templates.size(); ++i)
    if (!templates.insert(l.templates[i].id).second)
      r.fail("$.templates[" + std::to_string(i) + "].id", "modèle « " + l.templates[i].id + " » en double");
  for (std::size_t i = 0; i < l.chains.size(); ++i) {
    const Chain& c = l.chains[i];
    if (!chains.insert(c.id).second) r.fail("$.chains[" + std::to_string(i) + "].id", "scénario « " + c.id + " » en double");
    for (std::size_t k = 0; k < c.steps.size(); ++k) {
      const std::string sp = "$.chains[" + std::to_string(i) + "].steps[" + std::to_string(k) + "]";
      if (!c.steps[k].template_id.empty() && !templates.count(c.steps[k].template_id))
        r.fail(sp + ".template", "modèle « " + c.steps[k].template_id + " » introuvable");
      if (k > 0 && c.steps[k].offset_days <= c.steps[k - 1].offset_days)
        r.fail(sp + ".offset_days", "les étapes doivent être dans l'ordre, à des jours différents");
    }
  }
  std::unordered_set<std::string> mappings;
  for (std::size_t i = 0; i < l.mappings.size(); ++i)
    if (!mappings.insert(std::string(to_string(l.mappings[i].kind)) + "\n" + l.mappings[i].key).second)
      r.fail("$.mappings[" + std::to_string(i) + "].key", "correspondance de colonnes en double pour ce fichier");
  for (std::size_t i = 0; i < l.clients.size(); ++i)
    if (!l.clients[i].chain_id.empty() && !chains.count(l.clients[i].chain_id))
      r.fail("$.clients[" + std::to_string(i) + "].chain", "scénario « " + l.clients[i].chain_id + " » introuvable");
}

namespace {

// ------------------------------------------------------------ [migrations]
// Version 1 wrote money as integer cents ("ttc_cents": 123456) and payment
// terms as short strings ("30", "45fm", "fm+45"). Version 2 writes decimal
// strings and terms objects. Each migration rewrites the JSON in place.
void rename_cents(Json& obj, const char* from, const char* to, JsonReader& r, const std::string& path) {
  if (!obj.is_object() || !obj.contains(from)) return;
  const Json& v = obj[from];
  if (!v.is_number_integer()) {
    r.fail(path + "." + from, "nombre entier de centimes attendu");
    return;
  }
  obj[to] = format_decimal(v.get<std::int64_t>());
  obj.erase(from);
}

void migrate_terms(Json& obj, const char* key, JsonReader& r, const std::string& path) {
  if (!obj.is_object() || !obj.contains(key) || !obj[key].is_string()) return;
  const std::string s = obj[key].get<std::string>();
  std::string digits;
  for (char c : s)
    if (c >= '0' && c <= '9') digits += c;
  const int days = digits.empty() ? 0 : std::stoi(digits.substr(0, 4));
  std::string method = "net";
  if (starts_with(s, "fm") || starts_with(s, "eom+")) method = "eom_then_days";
  else if (ends_with(s, "fm") || ends_with(s, "eom")) method = "end_of_month";
  else if (s.find_first_not_of("0123456789") != std::string::npos) {
    r.fail(path + "." + key, "délai « " + s + " » illisible (version 1 : \"30\", \"45fm\", \"fm+45\")");
    return;
  }
  obj[key] = Json{{"method", method}, {"days", days}};
}

void migrate_v1_to_v2(Json& doc, JsonReader& r, std::vector<std::string>& notes) {
  if (doc.contains("settings") && doc["settings"].is_object()) migrate_terms(doc["settings"], "default_terms", r, "$.settings");
  if (doc.contains("clients") && doc["clients"].is_array())
    for (std::size_t i = 0; i < doc["clients"].size(); ++i)
      migrate_terms(doc["clients"][i], "terms", r, "$.clients[" + std::to_string(i) + "]");
  if (doc.contains("invoices") && doc["invoices"].is_array()) {
    for (std::size_t i = 0; i < doc["invoices"].size(); ++i) {
      Json& inv = doc["invoices"][i];
      const std::string p = "$.invoices[" + std::to_string(i) + "]";
      for (auto [from, to] : {std::pair{"ht_cents", "ht"}, {"vat_cents", "vat"}, {"ttc_cents", "ttc"}})
        rename_cents(inv, from, to, r, p);
      for (const char* list : {"payments", "plan", "promises"})
        if (inv.is_object() && inv.contains(list) && inv[list].is_array())
          for (std::size_t k = 0; k < inv[list].size(); ++k)
            rename_cents(inv[list][k], "amount_cents", "amount", r, p + "." + list + "[" + std::to_string(k) + "]");
    }
  }
  if (doc.contains("chains") && doc["chains"].is_array())
    for (std::size_t i = 0; i < doc["chains"].size(); ++i) {
      Json& c = doc["chains"][i];
      if (c.is_object() && c.contains("steps") && c["steps"].is_array())
        for (std::size_t k = 0; k < c["steps"].size(); ++k)
          rename_cents(c["steps"][k], "min_balance_cents", "min_balance", r,
                       "$.chains[" + std::to_string(i) + "].steps[" + std::to_string(k) + "]");
    }
  doc["version"] = 2;
  notes.push_back("Fichier de la version 1 converti : montants en centimes devenus décimaux, délais de paiement détaillés.");
}


// ------------------------------------------------------------ [sections]
// The top-level members, in the order the reader checks them (and the
// writer writes them): errors are listed in that order.
enum class Section { format, version, company, settings, next_ids, clients, invoices, history, chains, templates,
                     custom_rates, mappings, unknown };
constexpr std::string_view kSectionKeys[] = {"format",   "version", "company", "settings",  "next_ids",     "clients",
                                             "invoices", "history", "chains",  "templates", "custom_rates", "mappings"};
constexpr Section kDataSections[] = {Section::company, Section::settings, Section::next_ids, Section::clients,
                                     Section::invoices, Section::history, Section::chains,   Section::templates,
                                     Section::custom_rates, Section::mappings};

Section section_of(std::string_view key) {
  for (std::size_t i = 0; i < std::size(kSectionKeys); ++i)
    if (kSectionKeys[i] == key) return static_cast<Section>(i);
  return Section::unknown;
}
std::string_view key_of(Section s) { return kSectionKeys[static_cast<std::size_t>(s)]; }
bool is_list(Section s) { return (s >= Section::clients && s <= Section::templates) || s == Section::mappings; }

// One record of a list section, read at `p` and appended.
void read_item(JsonReader& r, Section s, const Json& x, const std::string& p, Ledger& l) {
  switch (s) {
    case Section::clients: {
      Client c;
      read_client(r, x, p, c, true);
      l.clients.push_back(std::move(c));
      break;
    }
    case Section::invoices: {
      Invoice v;
      read_invoice(r, x, p, v, true);
      l.invoices.push_back(std::move(v));
      break;
    }
    case Section::history: {
      HistoryEntry h;
      read_history(r, x, p, h);
      l.history.push_back(std::move(h));
      break;
    }
    case Section::chains: {
      Chain c;
      read_chain(r, x, p, c);
      l.chains.push_back(std::move(c));
      break;
    }
    case Section::templates: {
      Template t;
      read_template(r, x, p, t);
      l.templates.push_back(std::move(t));
      break;
    }
    case Section::mappings: {
      SavedMapping m;
      read_mapping(r, x, p, m);
      l.mappings.push_back(std::move(m));
      break;
    }
    default: break;
  }
}

// A list section present in the file replaces what the ledger had (the
// default chains and templates).
void start_list(Section s, Ledger& l, std::size_t expected) {
  const auto reset = [&](auto& v) {
    v.clear();
    v.reserve(expected);
  };
  switch (s) {
    case Section::clients: reset(l.clients); break;
    case Section::invoices: reset(l.invoices); break;
    case Section::history: reset(l.history); break;
    case Section::chains: reset(l.chains); break;
    case Section::templates: reset(l.templates); break;
    case Section::mappings: reset(l.mappings); break;
    default: break;
  }
}

// The data section `s` of `doc` (the whole document, or an object holding
// only that member), read into l. Absent or null: nothing changes.
void read_section(JsonReader& r, const Json& doc, Section s, Ledger& l) {
  switch (s) {
    case Section::company:
      if (const Json* c = r.member(doc, "company", "$", false)) read_company(r, *c, "$.company", l.company);
      break;
    case Section::settings:
      if (const Json* st = r.member(doc, "settings", "$", false)) read_settings(r, *st, "$.settings", l.settings);
      break;
    case Section::next_ids:
      if (const Json* ids = r.member(doc, "next_ids", "$", false); ids && r.expect_object(*ids, "$.next_ids")) {
        r.read(*ids, "client", "$.next_ids", l.next_client_id, false, 1, kMaxId);
        r.read(*ids, "invoice", "$.next_ids", l.next_invoice_id, false, 1, kMaxId);
        r.read(*ids, "payment", "$.next_ids", l.next_payment_id, false, 1, kMaxId);
        r.read(*ids, "history", "$.next_ids", l.next_history_id, false, 1, kMaxId);
      }
      break;
    case Section::custom_rates:
      if (const Json* rates = r.member(doc, "custom_rates", "$", false)) {
        Jurisdiction j;
        if (read_jurisdiction(r, *rates, "$.custom_rates", j)) {
          // Tables saved before public buyers, judgments and short names
          // existed: the shipped pack of the same id fills in what is missing.
          if (const Jurisdiction* pack = law_pack(j.id)) {
            if (!j.public_buyer && rates->is_object() && !rates->contains("public_buyer")) j.public_buyer = pack->public_buyer;
            if (!j.judgment && rates->is_object() && !rates->contains("judgment")) j.judgment = pack->judgment;
            if (j.reference.short_name.empty() && j.reference.name == pack->reference.name)
              j.reference.short_name = pack->reference.short_name;
            if (j.legal_rate.short_name.empty() && j.legal_rate.name == pack->legal_rate.name)
              j.legal_rate.short_name = pack->legal_rate.short_name;
          }
          l.custom_rates = std::move(j);
        }
      }
      break;
    default:
      if (is_list(s)) {
        const std::string_view key = key_of(s);
        const Json* a = r.member(doc, key, "$", false);
        if (!a) break;
        const std::string p = JsonReader::key_path("$", key);
        if (!r.expect_array(*a, p)) break;
        start_list(s, l, a->size());
        for (std::size_t i = 0; i < a->size(); ++i) read_item(r, s, (*a)[i], JsonReader::index_path(p, i), l);
      }
      break;
  }
}

// After every section: the relations, then what is derived.
void finish(JsonReader& r, Ledger&& l, LedgerLoad& out) {
  if (r.ok()) check_references(r, l);
  if (!r.ok()) {
    out.errors = r.errors();
    return;
  }
  normalize(l);
  upgrade_default_templates(l.templates);  // unedited copies of an earlier default wording
  out.ledger = std::move(l);
}

// An invoice read straight from the parser's events, as read_invoice reads
// a valid one (with its payments, plan, promises and disputes). Each call
// returns false for anything read_invoice would report, or that this does
// not follow (an unknown or repeated member, a null, a negative number...):
// the caller then reads the file again with a DOM per record.
struct TypedInvoice {
  Invoice inv;

  void begin() {
    inv = Invoice{};
    seen_ = 0;
    field_ = -1;
    level_ = Level::invoice;
  }
  bool done() const { return level_ == Level::done; }

  bool key(const std::string& k) {
    if (level_ == Level::item) return item_key(k);
    if (level_ != Level::invoice) return false;
    field_ = find(kKeys, k);
    return mark(seen_, field_);
  }
  bool start_array() {
    if (level_ != Level::invoice || (field_ != kPayments && field_ != kPlan && field_ != kPromises && field_ != kDisputes))
      return false;
    level_ = Level::list;
    return true;
  }
  bool end_array() {
    if (level_ != Level::list) return false;
    level_ = Level::invoice;
    return true;
  }
  bool start_object() {
    if (level_ != Level::list) return false;
    level_ = Level::item;
    item_seen_ = 0;
    item_field_ = -1;
    switch (field_) {
      case kPayments: inv.payments.emplace_back(); break;
      case kPlan: inv.plan.emplace_back(); break;
      case kPromises: inv.promises.emplace_back(); break;
      default: inv.disputes.emplace_back(); break;
    }
    return true;
  }
  bool end_object() {
    if (level_ == Level::item) {
      level_ = Level::list;
      return item_end();
    }
    if (level_ != Level::invoice) return false;
    level_ = Level::done;
    return invoice_end();
  }
  bool number(std::uint64_t v) {
    if (level_ == Level::item) {
      if (field_ != kPayments || item_field_ != kPayId || v > static_cast<std::uint64_t>(kMaxId)) return false;
      inv.payments.back().id = static_cast<std::int64_t>(v);
      return true;
    }
    if (level_ != Level::invoice || v > static_cast<std::uint64_t>(kMaxId)) return false;
    switch (field_) {
      case kId:
        if (v < 1) return false;
        inv.id = static_cast<std::int64_t>(v);
        return true;
      case kClient: inv.client = static_cast<std::int64_t>(v); return true;
      case kCredits: inv.credits = static_cast<std::int64_t>(v); return true;
      default: return false;
    }
  }
  bool boolean(bool v) {
    if (level_ == Level::item) {
      if (field_ == kPayments && item_field_ == kPayDeposit) inv.payments.back().deposit = v;
      else if (field_ == kPromises && item_field_ == kPromAck) inv.promises.back().acknowledges_debt = v;
      else return false;
      return true;
    }
    if (level_ != Level::invoice || field_ != kPaused) return false;
    inv.paused = v;
    return true;
  }
  bool string(const std::string& v) {
    if (level_ == Level::item) return item_string(v);
    if (level_ != Level::invoice) return false;
    switch (field_) {
      case kNumber: inv.number = v; return true;
      case kProforma: inv.proforma_number = v; return true;
      case kKind: return set_enum(invoice_kind_from(v), inv.kind);
      case kState: return set_enum(lifecycle_from(v), inv.state);
      case kIssue: return date(v, inv.issue_date, false);
      case kDue: return date(v, inv.due_date, false);
      case kHt: return money(v, inv.ht);
      case kVat: return money(v, inv.vat);
      case kTtc: return money(v, inv.ttc);
      case kLabel: inv.label = v; return true;
      case kRate:
        if (const auto r = parse_rate(v)) inv.contractual_rate = *r;
        else return false;
        return true;
      case kCancel: inv.cancel_reason = v; return true;
      case kClosed: return date(v, inv.closed_on, false);
      case kPauseReason: inv.pause_reason = v; return true;
      case kCourt: return date(v, inv.court_claim_on, false);
      case kJudgment: return date(v, inv.judgment_notified_on, false);
      default: return false;
    }
  }

 private:
  enum class Level { invoice, list, item, done };
  static constexpr std::string_view kKeys[] = {
      "id",          "number",     "proforma_number", "client",   "kind",      "state",
      "issue_date",  "due_date",   "ht",              "vat",      "ttc",       "label",
      "contractual_rate", "credits", "cancel_reason", "closed_on", "payments", "plan",
      "promises",    "disputes",   "paused",          "pause_reason", "court_claim_on", "judgment_notified_on"};
  enum : int { kId, kNumber, kProforma, kClient, kKind, kState, kIssue, kDue, kHt, kVat, kTtc, kLabel, kRate,
               kCredits, kCancel, kClosed, kPayments, kPlan, kPromises, kDisputes, kPaused, kPauseReason, kCourt,
               kJudgment };
  static constexpr std::string_view kPaymentKeys[] = {"id", "date", "amount", "method", "reference", "deposit",
                                                      "bank_ref", "statement"};
  enum : int { kPayId, kPayDate, kPayAmount, kPayMethod, kPayReference, kPayDeposit, kPayBankRef, kPayStatement };
  static constexpr std::string_view kInstalmentKeys[] = {"due", "amount"};
  static constexpr std::string_view kPromiseKeys[] = {"made_on", "promised_for", "amount", "note", "acknowledges_debt"};
  enum : int { kPromMade, kPromFor, kPromAmount, kPromNote, kPromAck };
  static constexpr std::string_view kDisputeKeys[] = {"opened", "reason", "closed"};

  template <std::size_t N>
  static int find(const std::string_view (&keys)[N], const std::string& k) {
    for (std::size_t i = 0; i < N; ++i)
      if (keys[i] == k) return static_cast<int>(i);
    return -1;
  }
  static bool mark(std::uint32_t& seen, int field) {
    if (field < 0 || (seen & (1u << field))) return false;
    seen |= 1u << field;
    return true;
  }
  template <class E>
  static bool set_enum(std::optional<E> v, E& out) {
    if (!v) return false;
    out = *v;
    return true;
  }
  // read_date: "" is no date (an error when required).
  static bool date(const std::string& v, Date& out, bool required) {
    if (v.empty()) {
      out = Date();
      return !required;
    }
    const auto d = parse_iso_date(v);
    if (!d) return false;
    out = *d;
    return true;
  }
  // read_money without allow_negative.
  static bool money(const std::string& v, Cents& out) {
    const AmountParse p = parse_amount(v, AmountStyle::plain);
    if (!p.value || *p.value < 0) return false;
    out = *p.value;
    return true;
  }

  bool item_key(const std::string& k) {
    switch (field_) {
      case kPayments: item_field_ = find(kPaymentKeys, k); break;
      case kPlan: item_field_ = find(kInstalmentKeys, k); break;
      case kPromises: item_field_ = find(kPromiseKeys, k); break;
      default: item_field_ = find(kDisputeKeys, k); break;
    }
    return mark(item_seen_, item_field_);
  }
  bool item_string(const std::string& v) {
    switch (field_) {
      case kPayments: {
        Payment& p = inv.payments.back();
        switch (item_field_) {
          case kPayDate: return date(v, p.date, true);
          case kPayAmount: return money(v, p.amount);
          case kPayMethod: return v.empty() || set_enum(payment_method_from(v), p.method);
          case kPayReference: p.reference = v; return true;
          case kPayBankRef: p.bank_ref = v; return true;
          case kPayStatement: p.statement = v; return true;
          default: return false;
        }
      }
      case kPlan: {
        Instalment& i = inv.plan.back();
        if (item_field_ == 0) return date(v, i.due, true);
        return item_field_ == 1 && money(v, i.amount);
      }
      case kPromises: {
        Promise& p = inv.promises.back();
        switch (item_field_) {
          case kPromMade: return date(v, p.made_on, true);
          case kPromFor: return date(v, p.promised_for, true);
          case kPromAmount: return money(v, p.amount);
          case kPromNote: p.note = v; return true;
          default: return false;
        }
      }
      default: {
        Dispute& d = inv.disputes.back();
        switch (item_field_) {
          case 0: return date(v, d.opened, true);
          case 1: d.reason = v; return true;
          case 2: return date(v, d.closed, false);
          default: return false;
        }
      }
    }
  }
  // The required members of each item, and a payment is never 0.
  bool item_end() const {
    const auto has = [&](std::uint32_t mask) { return (item_seen_ & mask) == mask; };
    switch (field_) {
      case kPayments: return has(1u << kPayDate | 1u << kPayAmount) && inv.payments.back().amount != 0;
      case kPlan: return has(3u);
      case kPromises: return has(1u << kPromMade | 1u << kPromFor);
      default: return has(1u);
    }
  }
  // read_invoice's checks of the whole invoice.
  bool invoice_end() const {
    const auto has = [&](int f) { return (seen_ & (1u << f)) != 0; };
    if (!has(kId) || !has(kClient) || !has(kKind) || !has(kState) || !has(kTtc)) return false;
    if (text_problem(inv.number, kMaxNumberChars, true) || text_problem(inv.label, kMaxLabelChars, false)) return false;
    if ((inv.ht != 0 || inv.vat != 0) && inv.ht + inv.vat != inv.ttc) return false;
    if (inv.issue_date.ok() && inv.due_date.ok() && inv.due_date < inv.issue_date) return false;
    if (inv.state != Lifecycle::draft && inv.kind == InvoiceKind::invoice && (!has(kIssue) || !has(kDue))) return false;
    return true;
  }

  std::uint32_t seen_ = 0, item_seen_ = 0;
  int field_ = -1, item_field_ = -1;
  Level level_ = Level::invoice;
};

// ------------------------------------------------------------ [streaming]
// Reads the file in one pass of nlohmann's SAX parser; the whole document
// never exists as a DOM. Invoices and history entries, nearly all of a big
// file, are read straight from the events when `typed_records` (TypedInvoice,
// entry_*): only valid records are taken that way, and the first record with
// anything to report stops the pass (restart()), load_ledger then reads the
// file again with typed_records off. There, as for every other record
// (clients, chains, templates, company...), each record is built as a small
// Json as its events come and read by the same record readers as the DOM
// path, so every check and every JSON path is the same. The usual file (the writer's order: format, version, then the
// sections) is read this way. Anything else - a version 1 file to migrate, a
// wrong format or version, members out of that order or repeated, a top
// level that is not an object - stops the stream and goes through
// load_ledger_dom, which gives those files exactly the answer it always did.
class LedgerSax {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  // `typed_records`: invoices and history entries are read straight from the
  // events (TypedInvoice, entry_*); anything but a plain valid record asks
  // for a restart without that.
  LedgerSax(JsonReader& r, Ledger& l, std::size_t text_size, bool typed_records)
      : r_(r), l_(l), text_size_(text_size), typed_records_(typed_records) {}

  bool diverted() const { return diverted_; }
  bool restart() const { return restart_; }
  bool syntax_error() const { return syntax_error_; }
  std::size_t error_position() const { return error_position_; }
  const std::string& error_token() const { return error_token_; }
  bool complete() const { return state_ == State::done; }

  bool null() {
    if (state_ == State::history_entry || state_ == State::invoice_entry) return give_up();
    return scalar([&] { return builder_.null(); }, Json(nullptr)); }
  bool boolean(bool v) {
    if (state_ == State::history_entry) return entry_bool(v);
    if (state_ == State::invoice_entry) return inv_.boolean(v) || give_up();
    return scalar([&] { return builder_.boolean(v); }, Json(v)); }
  bool number_integer(number_integer_t v) {
    if (state_ == State::history_entry || state_ == State::invoice_entry) return give_up();  // negative: out of range everywhere
    return scalar([&] { return builder_.number_integer(v); }, Json(v)); }
  bool number_unsigned(number_unsigned_t v) {
    if (state_ == State::history_entry) return entry_number(v);
    if (state_ == State::invoice_entry) return inv_.number(v) || give_up();
    return scalar([&] { return builder_.number_unsigned(v); }, Json(v)); }
  bool number_float(number_float_t v, const string_t& s) {
    if (state_ == State::history_entry || state_ == State::invoice_entry) return give_up();
    return scalar([&] { return builder_.number_float(v, s); }, Json(v));
  }
  bool string(string_t& v) {
    if (state_ == State::history_entry) return entry_string(v);
    if (state_ == State::invoice_entry) return inv_.string(v) || give_up();
    if (state_ == State::capturing) return forward([&] { return builder_.string(v); }, 0);
    if (state_ == State::want_format) {
      if (v != kLedgerFormat) return divert();
      state_ = State::want_version_key;
      return true;
    }
    return begin_value(false) && forward([&] { return builder_.string(v); }, 0);
  }
  bool binary(binary_t&) { return divert(); }  // never sent by the JSON parser

  bool start_object(std::size_t n) {
    if (state_ == State::history_entry) return give_up();
    if (state_ == State::invoice_entry) return inv_.start_object() || give_up();
    if (state_ == State::in_list && section_ == Section::invoices && typed_records_) {
      inv_.begin();
      state_ = State::invoice_entry;
      return true;
    }
    if (state_ == State::in_list && section_ == Section::history && typed_records_) {
      entry_ = HistoryEntry{};
      seen_ = 0;
      field_ = -1;
      in_ids_ = false;
      state_ = State::history_entry;
      return true;
    }
    if (state_ == State::capturing) return forward([&] { return builder_.start_object(n); }, 1);
    if (state_ == State::start) {
      state_ = State::want_format_key;
      return true;
    }
    return begin_value(true) && forward([&] { return builder_.start_object(n); }, 1);
  }
  bool end_object() {
    if (state_ == State::history_entry) return entry_end();
    if (state_ == State::invoice_entry) {
      if (!inv_.end_object()) return give_up();
      if (inv_.done()) {
        l_.invoices.push_back(std::move(inv_.inv));
        ++index_;
        state_ = State::in_list;
      }
      return true;
    }
    if (state_ == State::capturing) return forward([&] { return builder_.end_object(); }, -1);
    if (state_ == State::top_keys) {
      state_ = State::done;
      return true;
    }
    return divert();  // the top level ended before format and version
  }
  bool start_array(std::size_t n) {
    if (state_ == State::invoice_entry) return inv_.start_array() || give_up();
    if (state_ == State::history_entry) {
      if (field_ != kInvoices || in_ids_) return give_up();
      in_ids_ = true;
      return true;
    }
    if (state_ == State::capturing) return forward([&] { return builder_.start_array(n); }, 1);
    if (state_ == State::member_value && is_list(section_)) {
      // The records of a list section, one at a time.
      start_list(section_, l_, expected_items());
      list_path_ = JsonReader::key_path("$", key_of(section_));
      index_ = 0;
      state_ = State::in_list;
      return true;
    }
    return begin_value(true) && forward([&] { return builder_.start_array(n); }, 1);
  }
  bool end_array() {
    if (state_ == State::invoice_entry) return inv_.end_array() || give_up();
    if (state_ == State::history_entry) {
      in_ids_ = false;
      field_ = -1;
      return true;
    }
    if (state_ == State::capturing) return forward([&] { return builder_.end_array(); }, -1);
    if (state_ == State::in_list) {
      state_ = State::top_keys;
      return true;
    }
    return divert();
  }
  bool key(string_t& k) {
    if (state_ == State::history_entry) return entry_key(k);
    if (state_ == State::invoice_entry) return inv_.key(k) || give_up();
    if (state_ == State::capturing) return builder_.key(k);
    const Section s = section_of(k);
    switch (state_) {
      case State::want_format_key:
        if (s != Section::format) return divert();
        state_ = State::want_format;
        return true;
      case State::want_version_key:
        if (s != Section::version) return divert();
        state_ = State::want_version;
        return true;
      case State::top_keys:
        // Out of order or repeated: the DOM path decides which copy counts
        // and in which order the errors come.
        if (s != Section::unknown) {
          if (static_cast<int>(s) <= last_section_) return divert();
          last_section_ = static_cast<int>(s);
        }
        section_ = s;
        state_ = State::member_value;
        return true;
      default: return divert();
    }
  }
  bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception&) {
    syntax_error_ = true;
    error_position_ = position;
    error_token_ = token;
    return false;
  }

 private:
  enum class State { start, want_format_key, want_format, want_version_key, want_version, top_keys, member_value,
                     in_list, capturing, history_entry, invoice_entry, done };

  // ---- History entries read straight from the events. They are most of a
  // big file (220 000 of them, with their texts, at 100 000 invoices), and
  // a DOM per entry costs more than the parse. Only what read_history reads
  // without any error is taken here: a value of another type, out of range,
  // an unknown or repeated member, a null, a missing required member... gives
  // up, and load_ledger reads the file again with a DOM per record, so every
  // error is the one read_history gives.
  static constexpr std::string_view kEntryKeys[] = {"id",      "date",      "client",    "invoices", "kind",
                                                    "chain",   "step",      "channel",   "recipient", "subject",
                                                    "text",    "voided",    "voided_on"};
  enum : int { kId, kDate, kClient, kInvoices, kKind, kChain, kStep, kChannel, kRecipient, kSubject, kText, kVoided,
               kVoidedOn };
  static constexpr unsigned kRequired = 1u << kId | 1u << kDate | 1u << kClient | 1u << kKind | 1u << kChannel;

  bool give_up() {
    restart_ = true;
    return false;
  }
  bool entry_key(const std::string& k) {
    field_ = -1;
    for (int i = 0; i < static_cast<int>(std::size(kEntryKeys)); ++i)
      if (kEntryKeys[i] == k) field_ = i;
    if (field_ < 0 || (seen_ & (1u << field_))) return give_up();
    seen_ |= 1u << field_;
    return true;
  }
  bool entry_number(std::uint64_t v) {
    if (in_ids_) {
      if (v == 0 || v > static_cast<std::uint64_t>(INT64_MAX)) return give_up();
      entry_.invoices.push_back(static_cast<std::int64_t>(v));
      return true;
    }
    switch (field_) {
      case kId:
      case kClient:
        if (v < 1 || v > static_cast<std::uint64_t>(kMaxId)) return give_up();
        (field_ == kId ? entry_.id : entry_.client) = static_cast<std::int64_t>(v);
        return true;
      case kStep:
        if (v > 1000) return give_up();
        entry_.step = static_cast<int>(v) - 1;
        return true;
      default: return give_up();
    }
  }
  bool entry_bool(bool v) {
    if (field_ != kVoided || in_ids_) return give_up();
    entry_.voided = v;
    return true;
  }
  bool entry_string(std::string& v) {
    if (in_ids_) return give_up();
    switch (field_) {
      case kDate:
      case kVoidedOn: {
        if (v.empty() && field_ == kVoidedOn) return true;  // no date
        const auto d = parse_iso_date(v);
        if (!d) return give_up();
        (field_ == kDate ? entry_.date : entry_.voided_on) = *d;
        return true;
      }
      case kKind:
        if (const auto k = action_kind_from(v)) entry_.kind = *k;
        else return give_up();
        return true;
      case kChannel:
        if (const auto c = channel_from(v)) entry_.channel = *c;
        else return give_up();
        return true;
      // Strings from the parser are valid UTF-8: read_history takes them as
      // they are. Taken, not copied: the parser's buffer is the parser's to
      // refill (nlohmann's SAX contract lets a handler move from it).
      case kChain: entry_.chain_id = v; return true;
      case kRecipient: entry_.recipient = std::move(v); return true;
      case kSubject: entry_.subject = std::move(v); return true;
      case kText: entry_.text = std::move(v); return true;
      default: return give_up();
    }
  }
  bool entry_end() {
    if ((seen_ & kRequired) != kRequired) return give_up();
    l_.history.push_back(std::move(entry_));
    ++index_;
    state_ = State::in_list;
    return true;
  }

  bool divert() {
    diverted_ = true;
    return false;
  }

  // A scalar event outside a record: the version, or a whole member value.
  template <class F>
  bool scalar(F to_builder, const Json& v) {
    if (state_ == State::capturing) return forward(to_builder, 0);
    if (state_ == State::want_version) {
      // Version 2, the current one; 1 is migrated and anything else refused by the DOM path.
      if (!v.is_number_integer() || v.get<std::int64_t>() != kLedgerVersion) return divert();
      state_ = State::top_keys;
      last_section_ = static_cast<int>(Section::version);
      return true;
    }
    return begin_value(false) && forward(to_builder, 0);
  }

  // A value starts outside a record: a member's value or a list item.
  bool begin_value(bool) {
    if (state_ == State::member_value) {
      target_ = Target::member;
    } else if (state_ == State::in_list) {
      target_ = Target::item;
    } else {
      return divert();
    }
    state_ = State::capturing;
    depth_ = 0;
    return true;
  }

  // Passes an event to the record's builder; when the record is complete, reads it.
  template <class F>
  bool forward(F to_builder, int depth_change) {
    to_builder();
    depth_ += depth_change;
    if (depth_ == 0) complete_value();
    return true;
  }

  void complete_value() {
    if (target_ == Target::item) {
      // The text of a history entry is most of the file: moved out of the
      // record rather than copied. read_history then reads "" there, which
      // gives no error, as the text itself gives none (nlohmann's parser
      // lets only valid UTF-8 through), and the text is put back after.
      std::string text;
      const bool moved = section_ == Section::history && take_text(text);
      read_item(r_, section_, record_, JsonReader::index_path(list_path_, index_++), l_);
      if (moved) l_.history.back().text = std::move(text);
      state_ = State::in_list;
    } else {
      if (section_ != Section::unknown) {
        Json holder = Json::object();
        holder[std::string(key_of(section_))] = std::move(record_);
        read_section(r_, holder, section_, l_);
      }
      state_ = State::top_keys;
    }
    record_ = Json();
  }

  bool take_text(std::string& text) {
    if (!record_.is_object()) return false;
    const auto it = record_.find("text");
    if (it == record_.end() || !it->is_string()) return false;
    text = std::move(it->get_ref<std::string&>());
    it->get_ref<std::string&>().clear();
    return true;
  }

  // Room for the records of a list, from the id counters read before them.
  std::size_t expected_items() const {
    std::int64_t next = 1;
    if (section_ == Section::clients) next = l_.next_client_id;
    else if (section_ == Section::invoices) next = l_.next_invoice_id;
    else if (section_ == Section::history) next = l_.next_history_id;
    const auto n = static_cast<std::size_t>(next > 1 ? next - 1 : 0);
    return n <= text_size_ / 64 ? n : 0;  // a record takes more than 64 bytes
  }

  enum class Target { member, item };

  JsonReader& r_;
  Ledger& l_;
  std::size_t text_size_;
  State state_ = State::start;
  Section section_ = Section::unknown;
  int last_section_ = -1;
  Target target_ = Target::member;
  int depth_ = 0;
  std::string list_path_;
  std::size_t index_ = 0;
  Json record_;
  nlohmann::detail::json_sax_dom_parser<Json> builder_{record_, /*allow_exceptions=*/false};
  bool typed_records_;
  TypedInvoice inv_;
  HistoryEntry entry_;
  unsigned seen_ = 0;
  int field_ = -1;
  bool in_ids_ = false;
  bool restart_ = false;
  bool diverted_ = false;
  bool syntax_error_ = false;
  std::size_t error_position_ = 0;
  std::string error_token_;
};

}  // namespace

LedgerLoad load_ledger_dom(std::string_view text, std::string_view origin) {
  LedgerLoad out;
  auto parsed = parse_json(text, origin);
  if (!parsed) {
    out.errors.push_back(parsed.error());
    return out;
  }
  Json doc = std::move(*parsed);
  JsonReader r{std::string(origin)};
  if (!r.expect_object(doc, "$")) {
    out.errors = r.errors();
    return out;
  }
  std::string format;
  r.read(doc, "format", "$", format, true);
  int version = 0;
  r.read(doc, "version", "$", version, true, 1, 1000000);
  if (r.ok() && format != kLedgerFormat)
    r.fail("$.format", "« " + std::string(kLedgerFormat) + " » attendu, trouvé « " + utf8_truncate(format, 40) + " »");
  if (r.ok() && version > kLedgerVersion)
    r.fail("$.version", "ce fichier vient d'une version plus récente de Relance (format " + std::to_string(version) +
                            ", cette version lit jusqu'au format " + std::to_string(kLedgerVersion) +
                            ") : mettez l'application à jour ; le fichier n'a pas été modifié");
  out.from_version = version;
  if (!r.ok()) {
    out.errors = r.errors();
    return out;
  }
  if (version == 1) migrate_v1_to_v2(doc, r, out.notes);

  // Absent chains or templates mean the defaults (a hand-written file need not
  // repeat them); present ones replace them.
  Ledger l = make_empty_ledger();
  for (Section s : kDataSections) read_section(r, doc, s, l);
  finish(r, std::move(l), out);
  return out;
}

LedgerLoad load_ledger(std::string_view text, std::string_view origin) {
  const std::string_view body = strip_bom(text);
  for (bool typed_records : {true, false}) {
    // scan_json first (core/json_scan.h: the same events, several times
    // faster); a text it does not vouch for is read again by nlohmann's own
    // parser, with a fresh handler, which finds the error and its position.
    for (bool fast : {true, false}) {
      LedgerLoad out;
      JsonReader r{std::string(origin)};
      Ledger l = make_empty_ledger();
      LedgerSax sax(r, l, body.size(), typed_records);
      bool parsed;
      if (fast) {
        const ScanResult scanned = scan_json(body, sax);
        if (scanned == ScanResult::fallback) continue;
        parsed = scanned == ScanResult::ok;
      } else {
        parsed = Json::sax_parse(body.data(), body.data() + body.size(), &sax, nlohmann::detail::input_format_t::json,
                                 /*strict=*/true);
      }
      if (sax.restart()) break;  // a record with something to say: again, with a DOM per record
      if (sax.diverted()) return load_ledger_dom(text, origin);
      if (!parsed || sax.syntax_error() || !sax.complete()) {
        out.errors.push_back(json_syntax_error(body, origin, sax.error_position(), sax.error_token()));
        return out;
      }
      out.from_version = kLedgerVersion;
      finish(r, std::move(l), out);
      return out;
    }
  }
  return load_ledger_dom(text, origin);  // not reached: the second pass never restarts
}

Result<Ledger> ledger_from_json(std::string_view text, std::string_view origin) {
  LedgerLoad load = load_ledger(text, origin);
  if (!load.ledger) return load.errors.empty() ? Error{std::string(origin), "fichier illisible"} : load.errors.front();
  return std::move(*load.ledger);
}

}  // namespace relance
