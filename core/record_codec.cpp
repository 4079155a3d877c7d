#include "core/record_codec.h"

#include "core/json_stream.h"

#include "core/ledger.h"
#include "core/rates.h"
#include "core/templates.h"
#include "core/text.h"
#include "core/field_limits.h"

namespace relance {

// ============================================================ [writing]
// Each record's fields are written once, by a template over the writer: a
// JsonObjectBuilder makes the record's Json (commands, the DOM of a ledger),
// a JsonObjectWriter (core/json_stream.h) writes the same members straight
// into a file's text (ledger_to_json), so the two cannot drift apart.
namespace {

// Builds one Json object with the members of JsonObjectWriter.
class JsonObjectBuilder {
 public:
  Json json = Json::object();

  template <class N>
  void number(const char* key, N v) {
    json[key] = v;
  }
  void string(const char* key, std::string_view s) { json[key] = std::string(s); }
  void boolean(const char* key, bool b) { json[key] = b; }
  template <class N>
  void numbers(const char* key, const std::vector<N>& v) {
    json[key] = v;
  }
  template <class F>
  void object(const char* key, F fill) {
    JsonObjectBuilder o;
    fill(o);
    json[key] = std::move(o.json);
  }
  template <class T, class F>
  void list(const char* key, const std::vector<T>& items, F fill) {
    Json a = Json::array();
    for (const T& x : items) {
      JsonObjectBuilder o;
      fill(o, x);
      a.push_back(std::move(o.json));
    }
    json[key] = std::move(a);
  }
};

// The Json of a record whose fields `fields(writer, x)` writes.
template <class T, class F>
Json build(const T& x, F fields) {
  JsonObjectBuilder b;
  fields(b, x);
  return std::move(b.json);
}

// Optional fields are left out when empty or default: files stay small and
// readable, and reading treats an absent field as its default.
template <class W>
void put(W& w, const char* key, const std::string& s) {
  if (!s.empty()) w.string(key, s);
}
template <class W>
void put(W& w, const char* key, bool b) {
  if (b) w.boolean(key, true);
}
template <class W>
void put_date(W& w, const char* key, Date d) {
  if (d.ok()) w.string(key, to_iso(d));
}
template <class W>
void put_money(W& w, const char* key, Cents c) {
  w.string(key, format_decimal(c));
}

template <class W>
void address_fields(W& w, const Address& a) {
  put(w, "line1", a.line1);
  put(w, "line2", a.line2);
  put(w, "postcode", a.postcode);
  put(w, "city", a.city);
  put(w, "country", a.country);
}

template <class W>
void terms_fields(W& w, const PaymentTerms& t) {
  w.string("method", to_string(t.method));
  w.number("days", t.days);
}

template <class W>
void company_fields(W& w, const Company& c) {
  put(w, "name", c.name);
  put(w, "legal_form", c.legal_form);
  w.object("address", [&](auto& o) { address_fields(o, c.address); });
  put(w, "siren", c.siren);
  put(w, "siret", c.siret);
  put(w, "vat_number", c.vat_number);
  put(w, "rcs", c.rcs);
  put(w, "email", c.email);
  put(w, "phone", c.phone);
  put(w, "iban", c.iban);
  put(w, "bic", c.bic);
  put(w, "signatory", c.signatory);
}

template <class W>
void client_fields(W& w, const Client& c) {
  w.number("id", c.id);
  put(w, "code", c.code);
  w.string("name", c.name);
  w.string("kind", to_string(c.kind));
  put(w, "contact", c.contact);
  put(w, "email", c.email);
  put(w, "phone", c.phone);
  w.object("address", [&](auto& o) { address_fields(o, c.address); });
  put(w, "siren", c.siren);
  put(w, "vat_number", c.vat_number);
  w.object("terms", [&](auto& o) { terms_fields(o, c.terms); });
  put(w, "chain", c.chain_id);
  put(w, "notes", c.notes);
  put(w, "do_not_chase", c.do_not_chase);
  put(w, "bad_payer", c.bad_payer);
  if (c.public_buyer != PublicBuyer::none) w.string("public_buyer", to_string(c.public_buyer));
  put(w, "law", c.law);
}

template <class W>
void payment_fields(W& w, const Payment& p) {
  w.number("id", p.id);
  w.string("date", to_iso(p.date));
  put_money(w, "amount", p.amount);
  w.string("method", to_string(p.method));
  put(w, "reference", p.reference);
  put(w, "deposit", p.deposit);
  put(w, "bank_ref", p.bank_ref);
  put(w, "statement", p.statement);
}

template <class W>
void instalment_fields(W& w, const Instalment& i) {
  w.string("due", to_iso(i.due));
  put_money(w, "amount", i.amount);
}

template <class W>
void promise_fields(W& w, const Promise& p) {
  w.string("made_on", to_iso(p.made_on));
  w.string("promised_for", to_iso(p.promised_for));
  if (p.amount) put_money(w, "amount", p.amount);
  put(w, "note", p.note);
  put(w, "acknowledges_debt", p.acknowledges_debt);
}

template <class W>
void dispute_fields(W& w, const Dispute& d) {
  w.string("opened", to_iso(d.opened));
  w.string("reason", d.reason);
  put_date(w, "closed", d.closed);
}

template <class W>
void invoice_fields(W& w, const Invoice& inv) {
  w.number("id", inv.id);
  put(w, "number", inv.number);
  put(w, "proforma_number", inv.proforma_number);
  w.number("client", inv.client);
  w.string("kind", to_string(inv.kind));
  w.string("state", to_string(inv.state));
  put_date(w, "issue_date", inv.issue_date);
  put_date(w, "due_date", inv.due_date);
  put_money(w, "ht", inv.ht);
  put_money(w, "vat", inv.vat);
  put_money(w, "ttc", inv.ttc);
  put(w, "label", inv.label);
  if (inv.contractual_rate) w.string("contractual_rate", format_rate(*inv.contractual_rate));
  if (inv.credits) w.number("credits", inv.credits);
  put(w, "cancel_reason", inv.cancel_reason);
  put_date(w, "closed_on", inv.closed_on);
  if (!inv.payments.empty()) w.list("payments", inv.payments, [](auto& o, const Payment& p) { payment_fields(o, p); });
  if (!inv.plan.empty()) w.list("plan", inv.plan, [](auto& o, const Instalment& i) { instalment_fields(o, i); });
  if (!inv.promises.empty()) w.list("promises", inv.promises, [](auto& o, const Promise& p) { promise_fields(o, p); });
  if (!inv.disputes.empty()) w.list("disputes", inv.disputes, [](auto& o, const Dispute& d) { dispute_fields(o, d); });
  put(w, "paused", inv.paused);
  put(w, "pause_reason", inv.pause_reason);
  put_date(w, "court_claim_on", inv.court_claim_on);
  put_date(w, "judgment_notified_on", inv.judgment_notified_on);
}

template <class W>
void history_fields(W& w, const HistoryEntry& h) {
  w.number("id", h.id);
  w.string("date", to_iso(h.date));
  w.number("client", h.client);
  w.numbers("invoices", h.invoices);
  w.string("kind", to_string(h.kind));
  put(w, "chain", h.chain_id);
  if (h.step >= 0) w.number("step", h.step + 1);
  w.string("channel", to_string(h.channel));
  put(w, "recipient", h.recipient);
  put(w, "subject", h.subject);
  w.string("text", h.text);
  put(w, "voided", h.voided);
  put_date(w, "voided_on", h.voided_on);
}

template <class W>
void step_fields(W& w, const Step& s) {
  w.string("name", s.name);
  w.number("offset_days", s.offset_days);
  w.string("channel", to_string(s.channel));
  w.string("template", s.template_id);
  if (s.min_balance) put_money(w, "min_balance", s.min_balance);
}

template <class W>
void chain_fields(W& w, const Chain& c) {
  w.string("id", c.id);
  w.string("name", c.name);
  w.string("audience", to_string(c.audience));
  w.number("min_days_between", c.min_days_between);
  w.list("steps", c.steps, [](auto& o, const Step& s) { step_fields(o, s); });
}

Json terms_json(const PaymentTerms& t) { return build(t, [](auto& w, const PaymentTerms& x) { terms_fields(w, x); }); }

}  // namespace

Json address_json(const Address& a) { return build(a, [](auto& w, const Address& x) { address_fields(w, x); }); }
Json company_json(const Company& c) { return build(c, [](auto& w, const Company& x) { company_fields(w, x); }); }

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

Json client_json(const Client& c) { return build(c, [](auto& w, const Client& x) { client_fields(w, x); }); }
Json payment_json(const Payment& p) { return build(p, [](auto& w, const Payment& x) { payment_fields(w, x); }); }
Json instalment_json(const Instalment& i) {
  return build(i, [](auto& w, const Instalment& x) { instalment_fields(w, x); });
}
Json promise_json(const Promise& p) { return build(p, [](auto& w, const Promise& x) { promise_fields(w, x); }); }
Json dispute_json(const Dispute& d) { return build(d, [](auto& w, const Dispute& x) { dispute_fields(w, x); }); }
Json invoice_json(const Invoice& inv) { return build(inv, [](auto& w, const Invoice& x) { invoice_fields(w, x); }); }
Json history_json(const HistoryEntry& h) {
  return build(h, [](auto& w, const HistoryEntry& x) { history_fields(w, x); });
}
Json chain_json(const Chain& c) { return build(c, [](auto& w, const Chain& x) { chain_fields(w, x); }); }

void write_client(JsonObjectWriter& w, const Client& c) { client_fields(w, c); }
void write_invoice(JsonObjectWriter& w, const Invoice& inv) { invoice_fields(w, inv); }
void write_history(JsonObjectWriter& w, const HistoryEntry& h) { history_fields(w, h); }

Json template_json(const Template& t) {
  return {{"id", t.id}, {"name", t.name}, {"channel", to_string(t.channel)}, {"subject", t.subject}, {"body", t.body}};
}

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


void read_terms(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, PaymentTerms& t) {
  const Json* j = r.member(obj, key, path, false);
  if (!j) return;
  const std::string p = JsonReader::key_path(path, key);
  if (!r.expect_object(*j, p)) return;
  read_enum(r, *j, "method", p, t.method, terms_method_from, "net, end_of_month, eom_then_days", true);
  r.read(*j, "days", p, t.days, true, 0, 3650);
}

void read_dispute(JsonReader& r, const Json& j, const std::string& p, Dispute& d) {
  if (!r.expect_object(j, p)) return;
  r.read_date(j, "opened", p, d.opened, true);
  r.read(j, "reason", p, d.reason);
  r.read_date(j, "closed", p, d.closed);
}

}  // namespace

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

Json mapping_json(const SavedMapping& m) {
  Json j = Json::object();
  j["kind"] = to_string(m.kind);
  j["key"] = m.key;
  Json cols = Json::array();
  for (const auto& [column, field] : m.columns) cols.push_back({{"column", column}, {"field", field}});
  j["columns"] = std::move(cols);
  if (m.kind == MappingKind::bank_csv) {
    j["skip_rows"] = m.skip_rows;
    if (m.separator) j["separator"] = std::string(1, m.separator);
  }
  return j;
}

void read_mapping(JsonReader& r, const Json& j, const std::string& p, SavedMapping& m) {
  if (!r.expect_object(j, p)) return;
  read_enum(r, j, "kind", p, m.kind, mapping_kind_from, "invoice_csv, bank_csv", true);
  r.read(j, "key", p, m.key, true);
  read_list(r, j, "columns", p, m.columns, [&](const Json& x, const std::string& xp, std::pair<std::string, std::string>& c) {
    if (!r.expect_object(x, xp)) return;
    r.read(x, "column", xp, c.first, true);
    r.read(x, "field", xp, c.second, true);
  }, true);
  if (m.kind != MappingKind::bank_csv) return;  // the rest is the bank CSV's only (and only written for it)
  r.read(j, "skip_rows", p, m.skip_rows, false, 0, 9999);
  std::string sep;
  r.read(j, "separator", p, sep);
  if (sep.size() == 1 && (sep[0] == ';' || sep[0] == ',' || sep[0] == '\t' || sep[0] == '|')) m.separator = sep[0];
  else if (!sep.empty()) r.fail(JsonReader::key_path(p, "separator"), "séparateur « " + utf8_truncate(sep, 10) + " » inconnu (attendu ; , | ou une tabulation)");
}

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
  // Both absent from files written before them: a private client under the
  // company's law, as before.
  read_enum(r, j, "public_buyer", p, c.public_buyer, public_buyer_from, "none, state, local_authority, hospital");
  r.read(j, "law", p, c.law);
  check_client(r, c, p);
}

void check_client(JsonReader& r, const Client& c, const std::string& p) {
  if (c.public_buyer != PublicBuyer::none && c.kind != ClientKind::business)
    r.fail(JsonReader::key_path(p, "public_buyer"), "un acheteur public est un client professionnel (kind « business »)");
  if (!c.law.empty() && !law_pack(c.law))
    r.fail(JsonReader::key_path(p, "law"), "« " + utf8_truncate(c.law, 40) + " » inconnu (attendu : " + law_pack_ids() + ")");
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

void read_payment(JsonReader& r, const Json& j, const std::string& p, Payment& pay) {
  if (!r.expect_object(j, p)) return;
  r.read(j, "id", p, pay.id, false, 0, kMaxId);
  r.read_date(j, "date", p, pay.date, true);
  r.read_money(j, "amount", p, pay.amount, true);
  read_enum(r, j, "method", p, pay.method, payment_method_from, "transfer, cheque, card, cash, direct_debit, other");
  r.read(j, "reference", p, pay.reference);
  r.read(j, "deposit", p, pay.deposit);
  r.read(j, "bank_ref", p, pay.bank_ref);
  r.read(j, "statement", p, pay.statement);
  if (r.ok()) check_payment(r, pay, p);
}

void check_payment(JsonReader& r, const Payment& pay, const std::string& p) {
  if (pay.amount == 0) r.fail(p + ".amount", "paiement nul");
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
  r.read(j, "credits", p, inv.credits, false, -kMaxId, kMaxId);  // < 0: an invoice of the same import batch
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
  check_invoice(r, inv, p);
  if (inv.state != Lifecycle::draft && inv.kind == InvoiceKind::invoice &&
      (!j.contains("issue_date") || !j.contains("due_date")))
    r.fail(p, kIssuedNeedsDates);
}

void check_invoice(JsonReader& r, const Invoice& inv, const std::string& p) {
  if (auto why = text_problem(inv.number, kMaxNumberChars, true)) r.fail(JsonReader::key_path(p, "number"), *why);
  if (auto why = text_problem(inv.label, kMaxLabelChars, false)) r.fail(JsonReader::key_path(p, "label"), *why);
  if ((inv.ht != 0 || inv.vat != 0) && inv.ht + inv.vat != inv.ttc)
    r.fail(p + ".ttc", "HT + TVA (" + format_decimal(inv.ht) + " + " + format_decimal(inv.vat) + ") ne fait pas le TTC (" +
                           format_decimal(inv.ttc) + ")");
  if (inv.issue_date.ok() && inv.due_date.ok() && inv.due_date < inv.issue_date)
    r.fail(p + ".due_date", "échéance antérieure à la date de facture");
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

}  // namespace relance
