#include "core/storage.h"

#include <algorithm>
#include <unordered_set>

#include "core/templates.h"
#include "core/text.h"
#include "core/field_limits.h"

namespace relance {

// ============================================================ [writing]
namespace {

// Optional fields are left out when empty or default: files stay small and
// readable, and reading treats an absent field as its default.
void put(Json& j, const char* key, const std::string& s) {
  if (!s.empty()) j[key] = s;
}
void put(Json& j, const char* key, bool b) {
  if (b) j[key] = true;
}
void put_date(Json& j, const char* key, Date d) {
  if (d.ok()) j[key] = to_iso(d);
}
void put_money(Json& j, const char* key, Cents c) { j[key] = format_decimal(c); }

Json address_json(const Address& a) {
  Json j = Json::object();
  put(j, "line1", a.line1);
  put(j, "line2", a.line2);
  put(j, "postcode", a.postcode);
  put(j, "city", a.city);
  put(j, "country", a.country);
  return j;
}

Json terms_json(const PaymentTerms& t) { return {{"method", to_string(t.method)}, {"days", t.days}}; }

Json company_json(const Company& c) {
  Json j = Json::object();
  put(j, "name", c.name);
  put(j, "legal_form", c.legal_form);
  j["address"] = address_json(c.address);
  put(j, "siren", c.siren);
  put(j, "siret", c.siret);
  put(j, "vat_number", c.vat_number);
  put(j, "rcs", c.rcs);
  put(j, "email", c.email);
  put(j, "phone", c.phone);
  put(j, "iban", c.iban);
  put(j, "bic", c.bic);
  put(j, "signatory", c.signatory);
  return j;
}

Json settings_json(const Settings& s) {
  return {{"invoice_pattern", s.invoice_pattern},
          {"proforma_pattern", s.proforma_pattern},
          {"credit_note_pattern", s.credit_note_pattern},
          {"default_terms", terms_json(s.default_terms)},
          {"deadline_days", s.deadline_days},
          {"agenda_days", s.agenda_days},
          {"limitation_warning_days", s.limitation_warning_days},
          {"default_b2b_chain", s.default_b2b_chain},
          {"default_b2c_chain", s.default_b2c_chain},
          {"place", s.place}};
}

Json client_json(const Client& c) {
  Json j = Json::object();
  j["id"] = c.id;
  put(j, "code", c.code);
  j["name"] = c.name;
  j["kind"] = to_string(c.kind);
  put(j, "contact", c.contact);
  put(j, "email", c.email);
  put(j, "phone", c.phone);
  j["address"] = address_json(c.address);
  put(j, "siren", c.siren);
  put(j, "vat_number", c.vat_number);
  j["terms"] = terms_json(c.terms);
  put(j, "chain", c.chain_id);
  put(j, "notes", c.notes);
  put(j, "do_not_chase", c.do_not_chase);
  put(j, "bad_payer", c.bad_payer);
  return j;
}

Json payment_json(const Payment& p) {
  Json j = {{"id", p.id}, {"date", to_iso(p.date)}, {"amount", format_decimal(p.amount)}, {"method", to_string(p.method)}};
  put(j, "reference", p.reference);
  put(j, "deposit", p.deposit);
  return j;
}

Json instalment_json(const Instalment& i) { return {{"due", to_iso(i.due)}, {"amount", format_decimal(i.amount)}}; }

Json promise_json(const Promise& p) {
  Json j = {{"made_on", to_iso(p.made_on)}, {"promised_for", to_iso(p.promised_for)}};
  if (p.amount) put_money(j, "amount", p.amount);
  put(j, "note", p.note);
  put(j, "acknowledges_debt", p.acknowledges_debt);
  return j;
}

Json dispute_json(const Dispute& d) {
  Json j = {{"opened", to_iso(d.opened)}, {"reason", d.reason}};
  put_date(j, "closed", d.closed);
  return j;
}

template <class T, class F>
Json list_json(const std::vector<T>& items, F f) {
  Json a = Json::array();
  for (const T& x : items) a.push_back(f(x));
  return a;
}

Json invoice_json(const Invoice& inv) {
  Json j = Json::object();
  j["id"] = inv.id;
  put(j, "number", inv.number);
  put(j, "proforma_number", inv.proforma_number);
  j["client"] = inv.client;
  j["kind"] = to_string(inv.kind);
  j["state"] = to_string(inv.state);
  put_date(j, "issue_date", inv.issue_date);
  put_date(j, "due_date", inv.due_date);
  put_money(j, "ht", inv.ht);
  put_money(j, "vat", inv.vat);
  put_money(j, "ttc", inv.ttc);
  put(j, "label", inv.label);
  if (inv.contractual_rate) j["contractual_rate"] = format_rate(*inv.contractual_rate);
  if (inv.credits) j["credits"] = inv.credits;
  put(j, "cancel_reason", inv.cancel_reason);
  put_date(j, "closed_on", inv.closed_on);
  if (!inv.payments.empty()) j["payments"] = list_json(inv.payments, payment_json);
  if (!inv.plan.empty()) j["plan"] = list_json(inv.plan, instalment_json);
  if (!inv.promises.empty()) j["promises"] = list_json(inv.promises, promise_json);
  if (!inv.disputes.empty()) j["disputes"] = list_json(inv.disputes, dispute_json);
  put(j, "paused", inv.paused);
  put(j, "pause_reason", inv.pause_reason);
  put_date(j, "court_claim_on", inv.court_claim_on);
  put_date(j, "judgment_notified_on", inv.judgment_notified_on);
  return j;
}

Json history_json(const HistoryEntry& h) {
  Json j = Json::object();
  j["id"] = h.id;
  j["date"] = to_iso(h.date);
  j["client"] = h.client;
  j["invoices"] = h.invoices;
  j["kind"] = to_string(h.kind);
  put(j, "chain", h.chain_id);
  if (h.step >= 0) j["step"] = h.step + 1;
  j["channel"] = to_string(h.channel);
  put(j, "recipient", h.recipient);
  put(j, "subject", h.subject);
  j["text"] = h.text;
  put(j, "voided", h.voided);
  put_date(j, "voided_on", h.voided_on);
  return j;
}

}  // namespace

Json chain_json(const Chain& c) {
  Json steps = Json::array();
  for (const Step& s : c.steps) {
    Json j = {{"name", s.name}, {"offset_days", s.offset_days}, {"channel", to_string(s.channel)}, {"template", s.template_id}};
    if (s.min_balance) put_money(j, "min_balance", s.min_balance);
    steps.push_back(std::move(j));
  }
  return {{"id", c.id}, {"name", c.name}, {"audience", to_string(c.audience)},
          {"min_days_between", c.min_days_between}, {"steps", steps}};
}

Json template_json(const Template& t) {
  return {{"id", t.id}, {"name", t.name}, {"channel", to_string(t.channel)}, {"subject", t.subject}, {"body", t.body}};
}

Json ledger_json(const Ledger& l) {
  Json j = Json::object();
  j["format"] = kLedgerFormat;
  j["version"] = kLedgerVersion;
  j["company"] = company_json(l.company);
  j["settings"] = settings_json(l.settings);
  j["next_ids"] = {{"client", l.next_client_id}, {"invoice", l.next_invoice_id},
                   {"payment", l.next_payment_id}, {"history", l.next_history_id}};
  j["clients"] = list_json(l.clients, client_json);
  j["invoices"] = list_json(l.invoices, invoice_json);
  j["history"] = list_json(l.history, history_json);
  j["chains"] = list_json(l.chains, chain_json);
  j["templates"] = list_json(l.templates, template_json);
  j["custom_rates"] = l.custom_rates ? jurisdiction_json(*l.custom_rates) : Json(nullptr);
  return j;
}

std::string ledger_to_json(const Ledger& l, int indent) { return dump_json(ledger_json(l), indent) + "\n"; }

// ============================================================ [reading]
namespace {

template <class E, class Parse>
void read_enum(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, E& out, Parse parse,
               const char* expected, bool required = false) {
  std::string s;
  const bool had = obj.is_object() && obj.contains(std::string(key)) && !obj[std::string(key)].is_null();
  r.read(obj, key, path, s, required);
  if (!had || (s.empty() && !required)) return;
  if (auto v = parse(s)) out = *v;
  else r.fail(JsonReader::key_path(path, key), "« " + utf8_truncate(s, 40) + " » inconnu (attendu : " + expected + ")");
}

void read_address(JsonReader& r, const Json& obj, const std::string& path, Address& a) {
  const Json* j = r.member(obj, "address", path, false);
  if (!j) return;
  const std::string p = path + ".address";
  if (!r.expect_object(*j, p)) return;
  r.read(*j, "line1", p, a.line1);
  r.read(*j, "line2", p, a.line2);
  r.read(*j, "postcode", p, a.postcode);
  r.read(*j, "city", p, a.city);
  r.read(*j, "country", p, a.country);
}

void read_terms(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, PaymentTerms& t) {
  const Json* j = r.member(obj, key, path, false);
  if (!j) return;
  const std::string p = JsonReader::key_path(path, key);
  if (!r.expect_object(*j, p)) return;
  read_enum(r, *j, "method", p, t.method, terms_method_from, "net, end_of_month, eom_then_days", true);
  r.read(*j, "days", p, t.days, true, 0, 3650);
}

void read_company(JsonReader& r, const Json& j, const std::string& p, Company& c) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "name", p, c.name);
  r.read(j, "legal_form", p, c.legal_form);
  read_address(r, j, p, c.address);
  r.read(j, "siren", p, c.siren);
  r.read(j, "siret", p, c.siret);
  r.read(j, "vat_number", p, c.vat_number);
  r.read(j, "rcs", p, c.rcs);
  r.read(j, "email", p, c.email);
  r.read(j, "phone", p, c.phone);
  r.read(j, "iban", p, c.iban);
  r.read(j, "bic", p, c.bic);
  r.read(j, "signatory", p, c.signatory);
}

void read_settings(JsonReader& r, const Json& j, const std::string& p, Settings& s) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "invoice_pattern", p, s.invoice_pattern);
  r.read(j, "proforma_pattern", p, s.proforma_pattern);
  r.read(j, "credit_note_pattern", p, s.credit_note_pattern);
  read_terms(r, j, "default_terms", p, s.default_terms);
  r.read(j, "deadline_days", p, s.deadline_days, false, 1, 90);
  r.read(j, "agenda_days", p, s.agenda_days, false, 0, 90);
  r.read(j, "limitation_warning_days", p, s.limitation_warning_days, false, 0, 1000);
  r.read(j, "default_b2b_chain", p, s.default_b2b_chain);
  r.read(j, "default_b2c_chain", p, s.default_b2c_chain);
  r.read(j, "place", p, s.place);
}

constexpr std::int64_t kMaxId = std::int64_t(1) << 52;  // exact in a JavaScript number too

void read_client(JsonReader& r, const Json& j, const std::string& p, Client& c, bool require_id) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "id", p, c.id, require_id, require_id ? 1 : 0, kMaxId);
  r.read(j, "code", p, c.code);
  r.read(j, "name", p, c.name, true);
  read_enum(r, j, "kind", p, c.kind, client_kind_from, "business, consumer", true);
  r.read(j, "contact", p, c.contact);
  r.read(j, "email", p, c.email);
  r.read(j, "phone", p, c.phone);
  read_address(r, j, p, c.address);
  r.read(j, "siren", p, c.siren);
  r.read(j, "vat_number", p, c.vat_number);
  read_terms(r, j, "terms", p, c.terms);
  r.read(j, "chain", p, c.chain_id);
  r.read(j, "notes", p, c.notes);
  r.read(j, "do_not_chase", p, c.do_not_chase);
  r.read(j, "bad_payer", p, c.bad_payer);
  // The limits of the commands (core/field_limits.h), named by JSON path.
  const auto limit = [&](const char* key, const std::string& s, std::size_t max_cp, bool single_line) {
    if (auto why = text_problem(s, max_cp, single_line)) r.fail(JsonReader::key_path(p, key), *why);
  };
  limit("name", c.name, kMaxNameChars, true);
  limit("code", c.code, kMaxNameChars, false);
  limit("contact", c.contact, kMaxNameChars, false);
  limit("email", c.email, kMaxNameChars, false);
  limit("phone", c.phone, kMaxNameChars, false);
  limit("siren", c.siren, kMaxNameChars, false);
  limit("vat_number", c.vat_number, kMaxNameChars, false);
  limit("notes", c.notes, kMaxNotesChars, false);
}

template <class T, class F>
void read_list(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, std::vector<T>& out,
               F read_one, bool required = false) {
  const Json* a = r.member(obj, key, path, required);
  if (!a) return;
  const std::string p = JsonReader::key_path(path, key);
  if (!r.expect_array(*a, p)) return;
  out.clear();
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    T item;
    read_one((*a)[i], JsonReader::index_path(p, i), item);
    out.push_back(std::move(item));
  }
}

void read_payment(JsonReader& r, const Json& j, const std::string& p, Payment& pay) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "id", p, pay.id, false, 0, kMaxId);
  r.read_date(j, "date", p, pay.date, true);
  r.read_money(j, "amount", p, pay.amount, true);
  read_enum(r, j, "method", p, pay.method, payment_method_from, "transfer, cheque, card, cash, direct_debit, other");
  r.read(j, "reference", p, pay.reference);
  r.read(j, "deposit", p, pay.deposit);
  if (pay.amount == 0 && r.ok()) r.fail(p + ".amount", "paiement nul");
}

void read_instalment(JsonReader& r, const Json& j, const std::string& p, Instalment& i) {
  if (!r.expect_object(j, p)) return;
  r.read_date(j, "due", p, i.due, true);
  r.read_money(j, "amount", p, i.amount, true);
}

void read_promise(JsonReader& r, const Json& j, const std::string& p, Promise& pr) {
  if (!r.expect_object(j, p)) return;
  r.read_date(j, "made_on", p, pr.made_on, true);
  r.read_date(j, "promised_for", p, pr.promised_for, true);
  r.read_money(j, "amount", p, pr.amount);
  r.read(j, "note", p, pr.note);
  r.read(j, "acknowledges_debt", p, pr.acknowledges_debt);
}

void read_dispute(JsonReader& r, const Json& j, const std::string& p, Dispute& d) {
  if (!r.expect_object(j, p)) return;
  r.read_date(j, "opened", p, d.opened, true);
  r.read(j, "reason", p, d.reason);
  r.read_date(j, "closed", p, d.closed);
}

void read_invoice(JsonReader& r, const Json& j, const std::string& p, Invoice& inv, bool require_id) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "id", p, inv.id, require_id, require_id ? 1 : 0, kMaxId);
  r.read(j, "number", p, inv.number);
  r.read(j, "proforma_number", p, inv.proforma_number);
  r.read(j, "client", p, inv.client, true, -kMaxId, kMaxId);
  read_enum(r, j, "kind", p, inv.kind, invoice_kind_from, "invoice, proforma, credit_note", true);
  read_enum(r, j, "state", p, inv.state, lifecycle_from, "draft, issued, cancelled, written_off", true);
  r.read_date(j, "issue_date", p, inv.issue_date);
  r.read_date(j, "due_date", p, inv.due_date);
  r.read_money(j, "ht", p, inv.ht);
  r.read_money(j, "vat", p, inv.vat);
  r.read_money(j, "ttc", p, inv.ttc, true);
  r.read(j, "label", p, inv.label);
  if (j.contains("contractual_rate") && !j["contractual_rate"].is_null()) {
    BasisPoints rate = 0;
    r.read_rate(j, "contractual_rate", p, rate);
    inv.contractual_rate = rate;
  }
  r.read(j, "credits", p, inv.credits, false, 0, kMaxId);
  r.read(j, "cancel_reason", p, inv.cancel_reason);
  r.read_date(j, "closed_on", p, inv.closed_on);
  read_list(r, j, "payments", p, inv.payments, [&](const Json& x, const std::string& xp, Payment& v) { read_payment(r, x, xp, v); });
  read_list(r, j, "plan", p, inv.plan, [&](const Json& x, const std::string& xp, Instalment& v) { read_instalment(r, x, xp, v); });
  read_list(r, j, "promises", p, inv.promises, [&](const Json& x, const std::string& xp, Promise& v) { read_promise(r, x, xp, v); });
  read_list(r, j, "disputes", p, inv.disputes, [&](const Json& x, const std::string& xp, Dispute& v) { read_dispute(r, x, xp, v); });
  r.read(j, "paused", p, inv.paused);
  r.read(j, "pause_reason", p, inv.pause_reason);
  r.read_date(j, "court_claim_on", p, inv.court_claim_on, false);
  r.read_date(j, "judgment_notified_on", p, inv.judgment_notified_on, false);
  if (auto why = text_problem(inv.number, kMaxNumberChars, true)) r.fail(JsonReader::key_path(p, "number"), *why);
  if (auto why = text_problem(inv.label, kMaxLabelChars, false)) r.fail(JsonReader::key_path(p, "label"), *why);
  if ((inv.ht != 0 || inv.vat != 0) && inv.ht + inv.vat != inv.ttc)
    r.fail(p + ".ttc", "HT + TVA (" + format_decimal(inv.ht) + " + " + format_decimal(inv.vat) + ") ne fait pas le TTC (" +
                           format_decimal(inv.ttc) + ")");
  if (inv.issue_date.ok() && inv.due_date.ok() && inv.due_date < inv.issue_date)
    r.fail(p + ".due_date", "échéance antérieure à la date de facture");
  if (inv.state != Lifecycle::draft && inv.kind == InvoiceKind::invoice &&
      (!j.contains("issue_date") || !j.contains("due_date")))
    r.fail(p, "une facture émise a une date de facture (issue_date) et une échéance (due_date)");
}

void read_history(JsonReader& r, const Json& j, const std::string& p, HistoryEntry& h) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "id", p, h.id, true, 1, kMaxId);
  r.read_date(j, "date", p, h.date, true);
  r.read(j, "client", p, h.client, true, 1, kMaxId);
  if (const Json* ids = r.member(j, "invoices", p, false); ids && r.expect_array(*ids, p + ".invoices")) {
    for (std::size_t i = 0; i < ids->size(); ++i) {
      const Json& v = (*ids)[i];
      if (v.is_number_integer() && v.get<std::int64_t>() > 0) h.invoices.push_back(v.get<std::int64_t>());
      else r.fail(JsonReader::index_path(p + ".invoices", i), "identifiant de facture attendu");
    }
  }
  read_enum(r, j, "kind", p, h.kind, action_kind_from, "reminder, thanks, call_note, note", true);
  r.read(j, "chain", p, h.chain_id);
  int step = 0;
  r.read(j, "step", p, step, false, 0, 1000);
  h.step = step - 1;
  read_enum(r, j, "channel", p, h.channel, channel_from, "email, sms, phone, letter, registered_notice, handover", true);
  r.read(j, "recipient", p, h.recipient);
  r.read(j, "subject", p, h.subject);
  r.read(j, "text", p, h.text);
  r.read(j, "voided", p, h.voided);
  r.read_date(j, "voided_on", p, h.voided_on);
}

// Relations between the parts, once every part has been read.
void check_references(JsonReader& r, const Ledger& l) {
  std::unordered_set<ClientId> clients;
  for (std::size_t i = 0; i < l.clients.size(); ++i)
    if (!clients.insert(l.clients[i].id).second)
      r.fail("$.clients[" + std::to_string(i) + "].id", "identifiant " + std::to_string(l.clients[i].id) + " en double");
  std::unordered_set<InvoiceId> invoices;
  std::unordered_set<std::string> numbers;
  std::unordered_set<PaymentId> payments;
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    const std::string p = "$.invoices[" + std::to_string(i) + "]";
    if (!invoices.insert(inv.id).second) r.fail(p + ".id", "identifiant " + std::to_string(inv.id) + " en double");
    if (!inv.number.empty() && !numbers.insert(inv.number).second) r.fail(p + ".number", "numéro " + inv.number + " en double");
    if (!clients.count(inv.client)) r.fail(p + ".client", "client " + std::to_string(inv.client) + " introuvable");
    for (std::size_t k = 0; k < inv.payments.size(); ++k)
      if (inv.payments[k].id != 0 && !payments.insert(inv.payments[k].id).second)
        r.fail(p + ".payments[" + std::to_string(k) + "].id", "identifiant de paiement en double");
  }
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    if (inv.credits != 0 && !invoices.count(inv.credits))
      r.fail("$.invoices[" + std::to_string(i) + "].credits", "facture " + std::to_string(inv.credits) + " introuvable");
  }
  std::unordered_set<HistoryId> history;
  for (std::size_t i = 0; i < l.history.size(); ++i) {
    const HistoryEntry& h = l.history[i];
    const std::string p = "$.history[" + std::to_string(i) + "]";
    if (!history.insert(h.id).second) r.fail(p + ".id", "identifiant " + std::to_string(h.id) + " en double");
    if (!clients.count(h.client)) r.fail(p + ".client", "client " + std::to_string(h.client) + " introuvable");
    for (InvoiceId id : h.invoices)
      if (!invoices.count(id)) r.fail(p + ".invoices", "facture " + std::to_string(id) + " introuvable");
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
  for (std::size_t i = 0; i < l.clients.size(); ++i)
    if (!l.clients[i].chain_id.empty() && !chains.count(l.clients[i].chain_id))
      r.fail("$.clients[" + std::to_string(i) + "].chain", "scénario « " + l.clients[i].chain_id + " » introuvable");
}

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

}  // namespace

bool read_chain(JsonReader& r, const Json& j, const std::string& p, Chain& c) {
  const std::size_t before = r.errors().size();
  if (!r.expect_object(j, p)) return false;
  r.read(j, "id", p, c.id, true);
  r.read(j, "name", p, c.name);
  read_enum(r, j, "audience", p, c.audience, client_kind_from, "business, consumer", true);
  r.read(j, "min_days_between", p, c.min_days_between, false, 0, 365);
  read_list(r, j, "steps", p, c.steps, [&](const Json& x, const std::string& sp, Step& s) {
    if (!r.expect_object(x, sp)) return;
    r.read(x, "name", sp, s.name, true);
    r.read(x, "offset_days", sp, s.offset_days, true, -365, 3650);
    read_enum(r, x, "channel", sp, s.channel, channel_from, "email, sms, phone, letter, registered_notice, handover", true);
    r.read(x, "template", sp, s.template_id);
    r.read_money(x, "min_balance", sp, s.min_balance);
  });
  return r.errors().size() == before;
}

bool read_template(JsonReader& r, const Json& j, const std::string& p, Template& t) {
  const std::size_t before = r.errors().size();
  if (!r.expect_object(j, p)) return false;
  r.read(j, "id", p, t.id, true);
  r.read(j, "name", p, t.name);
  read_enum(r, j, "channel", p, t.channel, channel_from, "email, sms, phone, letter, registered_notice, handover", true);
  r.read(j, "subject", p, t.subject);
  r.read(j, "body", p, t.body, true);
  for (auto [field, text] : {std::pair{"subject", &t.subject}, {"body", &t.body}}) {
    const auto issues = find_template_issues(*text);
    if (!issues.empty())
      r.fail(p + "." + field, "ligne " + std::to_string(issues[0].line) + ", colonne " + std::to_string(issues[0].column) +
                                  " : " + issues[0].message);
  }
  return r.errors().size() == before;
}

LedgerLoad load_ledger(std::string_view text, std::string_view origin) {
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
  if (const Json* c = r.member(doc, "company", "$", false)) read_company(r, *c, "$.company", l.company);
  if (const Json* s = r.member(doc, "settings", "$", false)) read_settings(r, *s, "$.settings", l.settings);
  if (const Json* ids = r.member(doc, "next_ids", "$", false); ids && r.expect_object(*ids, "$.next_ids")) {
    r.read(*ids, "client", "$.next_ids", l.next_client_id, false, 1, kMaxId);
    r.read(*ids, "invoice", "$.next_ids", l.next_invoice_id, false, 1, kMaxId);
    r.read(*ids, "payment", "$.next_ids", l.next_payment_id, false, 1, kMaxId);
    r.read(*ids, "history", "$.next_ids", l.next_history_id, false, 1, kMaxId);
  }
  read_list(r, doc, "clients", "$", l.clients, [&](const Json& x, const std::string& p, Client& c) { read_client(r, x, p, c, true); });
  read_list(r, doc, "invoices", "$", l.invoices, [&](const Json& x, const std::string& p, Invoice& v) { read_invoice(r, x, p, v, true); });
  read_list(r, doc, "history", "$", l.history, [&](const Json& x, const std::string& p, HistoryEntry& h) { read_history(r, x, p, h); });
  read_list(r, doc, "chains", "$", l.chains, [&](const Json& x, const std::string& p, Chain& c) { read_chain(r, x, p, c); });
  read_list(r, doc, "templates", "$", l.templates, [&](const Json& x, const std::string& p, Template& t) { read_template(r, x, p, t); });
  if (const Json* rates = r.member(doc, "custom_rates", "$", false)) {
    Jurisdiction j;
    if (read_jurisdiction(r, *rates, "$.custom_rates", j)) l.custom_rates = std::move(j);
  }
  if (r.ok()) check_references(r, l);
  if (!r.ok()) {
    out.errors = r.errors();
    return out;
  }
  normalize(l);
  out.ledger = std::move(l);
  return out;
}

Result<Ledger> ledger_from_json(std::string_view text, std::string_view origin) {
  LedgerLoad load = load_ledger(text, origin);
  if (!load.ledger) return load.errors.empty() ? Error{std::string(origin), "fichier illisible"} : load.errors.front();
  return std::move(*load.ledger);
}

// ============================================================ [commands]
namespace {

struct CommandWriter {
  Json j;
  void operator()(const cmd::SetCompany& c) { j["company"] = company_json(c.company); }
  void operator()(const cmd::SetSettings& c) { j["settings"] = settings_json(c.settings); }
  void operator()(const cmd::AddClient& c) { j["client"] = client_json(c.client); }
  void operator()(const cmd::UpdateClient& c) { j["client"] = client_json(c.client); }
  void operator()(const cmd::AddInvoice& c) { j["invoice"] = invoice_json(c.invoice); }
  void operator()(const cmd::UpdateDraft& c) { j["invoice"] = invoice_json(c.invoice); }
  void operator()(const cmd::DeleteDraft& c) { j["id"] = c.id; }
  void operator()(const cmd::IssueInvoice& c) {
    j["id"] = c.id;
    j["issue_date"] = to_iso(c.issue_date);
    put_date(j, "due_date", c.due_date);
  }
  void operator()(const cmd::RecordPayment& c) {
    j["invoice"] = c.invoice;
    j["payment"] = payment_json(c.payment);
  }
  void operator()(const cmd::DeletePayment& c) {
    j["invoice"] = c.invoice;
    j["payment"] = c.payment;
  }
  void operator()(const cmd::IssueCreditNote& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
    j["amount"] = format_decimal(c.amount);
    j["reason"] = c.reason;
  }
  void operator()(const cmd::WriteOff& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
    j["reason"] = c.reason;
  }
  void operator()(const cmd::OpenDispute& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
    j["reason"] = c.reason;
  }
  void operator()(const cmd::CloseDispute& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
  }
  void operator()(const cmd::AddPromise& c) {
    j["invoice"] = c.invoice;
    j["promise"] = promise_json(c.promise);
  }
  void operator()(const cmd::SetPlan& c) {
    j["invoice"] = c.invoice;
    j["plan"] = list_json(c.plan, instalment_json);
  }
  void operator()(const cmd::SetPaused& c) {
    j["invoice"] = c.invoice;
    j["paused"] = c.paused;
    j["reason"] = c.reason;
  }
  void operator()(const cmd::RecordAction& c) { j["entry"] = history_json(c.entry); }
  void operator()(const cmd::VoidAction& c) {
    j["id"] = c.id;
    j["date"] = to_iso(c.date);
  }
  void operator()(const cmd::SetChain& c) { j["chain"] = chain_json(c.chain); }
  void operator()(const cmd::DeleteChain& c) { j["id"] = c.id; }
  void operator()(const cmd::SetTemplate& c) { j["template"] = template_json(c.tpl); }
  void operator()(const cmd::DeleteTemplate& c) { j["id"] = c.id; }
  void operator()(const cmd::SetRates& c) { j["rates"] = c.rates ? jurisdiction_json(*c.rates) : Json(nullptr); }
  void operator()(const cmd::ImportBatch& c) {
    j["clients"] = list_json(c.clients, client_json);
    j["invoices"] = list_json(c.invoices, invoice_json);
  }
};

template <class F>
void with_member(JsonReader& r, const Json& doc, const char* key, F f) {
  if (const Json* m = r.member(doc, key, "$", true)) f(*m, std::string("$.") + key);
}

}  // namespace

Json command_json(const Command& c) {
  CommandWriter w;
  w.j["format"] = kCommandFormat;
  w.j["version"] = kCommandVersion;
  w.j["type"] = command_type(c);
  std::visit(w, c);
  return std::move(w.j);
}

std::string command_to_json(const Command& c) { return dump_json(command_json(c)); }

Result<Command> command_from_json(std::string_view text, std::string_view origin) {
  auto parsed = parse_json(text, origin);
  if (!parsed) return parsed.error();
  const Json& doc = *parsed;
  JsonReader r{std::string(origin)};
  if (!r.expect_object(doc, "$")) return r.first_error();
  std::string format, type;
  int version = 0;
  r.read(doc, "format", "$", format, true);
  r.read(doc, "version", "$", version, true, 1, 1000000);
  r.read(doc, "type", "$", type, true);
  if (!r.ok()) return r.first_error();
  if (format != kCommandFormat) return Error{std::string(origin) + ": $.format", "« relance-command » attendu"};
  if (version > kCommandVersion)
    return Error{std::string(origin) + ": $.version", "commande d'une version plus récente de Relance (" + std::to_string(version) + ")"};

  std::optional<Command> out;
  auto id_field = [&](const char* key, std::int64_t& v) { r.read(doc, key, "$", v, true, 1, kMaxId); };
  auto date_field = [&](const char* key, Date& d, bool required = true) { r.read_date(doc, key, "$", d, required); };
  if (type == "set_company") {
    cmd::SetCompany c;
    with_member(r, doc, "company", [&](const Json& m, const std::string& p) { read_company(r, m, p, c.company); });
    out = c;
  } else if (type == "set_settings") {
    cmd::SetSettings c;
    with_member(r, doc, "settings", [&](const Json& m, const std::string& p) { read_settings(r, m, p, c.settings); });
    out = c;
  } else if (type == "add_client" || type == "update_client") {
    Client client;
    const bool update = type == "update_client";
    with_member(r, doc, "client", [&](const Json& m, const std::string& p) { read_client(r, m, p, client, update); });
    if (update) out = cmd::UpdateClient{client};
    else out = cmd::AddClient{client};
  } else if (type == "add_invoice" || type == "update_draft") {
    Invoice inv;
    const bool update = type == "update_draft";
    with_member(r, doc, "invoice", [&](const Json& m, const std::string& p) { read_invoice(r, m, p, inv, update); });
    if (update) out = cmd::UpdateDraft{inv};
    else out = cmd::AddInvoice{inv};
  } else if (type == "delete_draft") {
    cmd::DeleteDraft c;
    id_field("id", c.id);
    out = c;
  } else if (type == "issue_invoice") {
    cmd::IssueInvoice c;
    id_field("id", c.id);
    date_field("issue_date", c.issue_date);
    date_field("due_date", c.due_date, false);
    out = c;
  } else if (type == "record_payment") {
    cmd::RecordPayment c;
    id_field("invoice", c.invoice);
    with_member(r, doc, "payment", [&](const Json& m, const std::string& p) { read_payment(r, m, p, c.payment); });
    out = c;
  } else if (type == "delete_payment") {
    cmd::DeletePayment c;
    id_field("invoice", c.invoice);
    id_field("payment", c.payment);
    out = c;
  } else if (type == "issue_credit_note") {
    cmd::IssueCreditNote c;
    id_field("invoice", c.invoice);
    date_field("date", c.date);
    r.read_money(doc, "amount", "$", c.amount);
    r.read(doc, "reason", "$", c.reason);
    out = c;
  } else if (type == "write_off" || type == "open_dispute") {
    InvoiceId id = 0;
    Date date;
    std::string reason;
    id_field("invoice", id);
    date_field("date", date);
    r.read(doc, "reason", "$", reason);
    if (type == "write_off") out = cmd::WriteOff{id, date, reason};
    else out = cmd::OpenDispute{id, date, reason};
  } else if (type == "close_dispute") {
    cmd::CloseDispute c;
    id_field("invoice", c.invoice);
    date_field("date", c.date);
    out = c;
  } else if (type == "add_promise") {
    cmd::AddPromise c;
    id_field("invoice", c.invoice);
    with_member(r, doc, "promise", [&](const Json& m, const std::string& p) { read_promise(r, m, p, c.promise); });
    out = c;
  } else if (type == "set_plan") {
    cmd::SetPlan c;
    id_field("invoice", c.invoice);
    read_list(r, doc, "plan", "$", c.plan, [&](const Json& x, const std::string& p, Instalment& i) { read_instalment(r, x, p, i); }, true);
    out = c;
  } else if (type == "set_paused") {
    cmd::SetPaused c;
    id_field("invoice", c.invoice);
    r.read(doc, "paused", "$", c.paused, true);
    r.read(doc, "reason", "$", c.reason);
    out = c;
  } else if (type == "record_action") {
    cmd::RecordAction c;
    with_member(r, doc, "entry", [&](const Json& m, const std::string& p) {
      Json entry = m;
      if (entry.is_object() && !entry.contains("id")) entry["id"] = 1;  // assigned by apply()
      read_history(r, entry, p, c.entry);
    });
    out = c;
  } else if (type == "void_action") {
    cmd::VoidAction c;
    id_field("id", c.id);
    date_field("date", c.date);
    out = c;
  } else if (type == "set_chain") {
    cmd::SetChain c;
    with_member(r, doc, "chain", [&](const Json& m, const std::string& p) { read_chain(r, m, p, c.chain); });
    out = c;
  } else if (type == "delete_chain" || type == "delete_template") {
    std::string id;
    r.read(doc, "id", "$", id, true);
    if (type == "delete_chain") out = cmd::DeleteChain{id};
    else out = cmd::DeleteTemplate{id};
  } else if (type == "set_template") {
    cmd::SetTemplate c;
    with_member(r, doc, "template", [&](const Json& m, const std::string& p) { read_template(r, m, p, c.tpl); });
    out = c;
  } else if (type == "set_rates") {
    cmd::SetRates c;
    if (const Json* m = r.member(doc, "rates", "$", false)) {
      Jurisdiction j;
      if (read_jurisdiction(r, *m, "$.rates", j)) c.rates = std::move(j);
    }
    out = c;
  } else if (type == "import_batch") {
    cmd::ImportBatch c;
    read_list(r, doc, "clients", "$", c.clients, [&](const Json& x, const std::string& p, Client& v) { read_client(r, x, p, v, false); });
    read_list(r, doc, "invoices", "$", c.invoices, [&](const Json& x, const std::string& p, Invoice& v) { read_invoice(r, x, p, v, false); });
    out = c;
  } else {
    return Error{std::string(origin) + ": $.type", "type de commande inconnu « " + utf8_truncate(type, 40) + " »"};
  }
  if (!r.ok()) return r.first_error();
  return std::move(*out);
}

}  // namespace relance
