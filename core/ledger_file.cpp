#include "core/ledger_file.h"

#include <unordered_set>

#include "core/defaults.h"
#include "core/rates.h"
#include "core/record_codec.h"
#include "core/text.h"

namespace relance {

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
  // Only when there are some: files without them stay as they were.
  if (!l.mappings.empty()) j["mappings"] = list_json(l.mappings, mapping_json);
  return j;
}

std::string ledger_to_json(const Ledger& l, int indent) { return dump_json(ledger_json(l), indent) + "\n"; }

// ============================================================ [reading]
namespace {

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
  std::unordered_set<std::string> mappings;
  for (std::size_t i = 0; i < l.mappings.size(); ++i)
    if (!mappings.insert(std::string(to_string(l.mappings[i].kind)) + "\n" + l.mappings[i].key).second)
      r.fail("$.mappings[" + std::to_string(i) + "].key", "correspondance de colonnes en double pour ce fichier");
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
  read_list(r, doc, "mappings", "$", l.mappings, [&](const Json& x, const std::string& p, SavedMapping& m) { read_mapping(r, x, p, m); });
  if (r.ok()) check_references(r, l);
  if (!r.ok()) {
    out.errors = r.errors();
    return out;
  }
  normalize(l);
  upgrade_default_templates(l.templates);  // unedited copies of an earlier default wording
  out.ledger = std::move(l);
  return out;
}

Result<Ledger> ledger_from_json(std::string_view text, std::string_view origin) {
  LedgerLoad load = load_ledger(text, origin);
  if (!load.ledger) return load.errors.empty() ? Error{std::string(origin), "fichier illisible"} : load.errors.front();
  return std::move(*load.ledger);
}

}  // namespace relance
