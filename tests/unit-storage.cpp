// The ledger file: round trips, the golden format, migration from version 1,
// and errors that name the JSON path without loading anything.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "builder.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"

using namespace relance;
using namespace relance::test;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/storage/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A ledger using every kind of data.
Ledger full_ledger() {
  Builder b;
  Company co;
  co.name = "Atelier « Lumière »";
  co.address = {"14 rue de la Charité", "", "69002", "Lyon", ""};
  co.iban = "FR76 3000 4012 3400 0101 2345 678";
  b.run(cmd::SetCompany{co});
  const ClientId pro = b.client("Hôtel des Célestins");
  const ClientId part = b.client("M. Rivière", ClientKind::consumer);
  const InvoiceId f1 = b.invoice(pro, "F-2026-0001", 1'560'000, "2026-08-31", "2026-10-31");
  const InvoiceId f2 = b.invoice(part, "F-2026-0002", 154'000, "2026-09-01", "2026-09-16");
  b.pay(f1, "2026-10-30", 1'000'000);
  b.run(cmd::AddPromise{f1, {d("2026-11-02"), d("2026-11-30"), 560'000, "Au téléphone", true}});
  b.run(cmd::IssueCreditNote{f2, d("2026-09-05"), 10'000, "Geste commercial"});
  b.run(cmd::SetPlan{f2, {{d("2026-10-15"), 72'000}, {d("2026-11-15"), 72'000}}});
  b.run(cmd::OpenDispute{f2, d("2026-10-20"), "Travaux à reprendre"});
  b.run(cmd::CloseDispute{f2, d("2026-10-25")});
  b.run(cmd::SetPaused{f2, true, "Expert"});
  b.remind(pro, {f1}, "b2b", 1, "2026-11-05");
  Invoice draft;
  draft.client = pro;
  draft.ttc = 288'000;
  draft.ht = 240'000;
  draft.vat = 48'000;
  draft.contractual_rate = 12000;
  b.run(cmd::AddInvoice{draft});
  Jurisdiction rates = france();
  rates.name = "France (mes taux)";
  b.run(cmd::SetRates{rates});
  return b.l;
}

}  // namespace

TEST_CASE("a ledger round-trips through JSON") {
  const Ledger l = full_ledger();
  const std::string json = ledger_to_json(l);
  auto back = ledger_from_json(json, "registre.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(*back == l);
  CHECK(ledger_to_json(*back) == json);
  CHECK(back->invoices[1].credited == 10'000);  // derived data rebuilt on load
}

TEST_CASE("the golden version 2 file loads and is written back byte for byte") {
  const std::string text = fixture("ledger-v2.json");
  auto l = ledger_from_json(text, "ledger-v2.json");
  REQUIRE_MESSAGE(l.ok(), l.error().message());
  CHECK(l->clients.size() == 2);
  CHECK(l->invoices[0].payments[0].amount == 1'000'000);
  CHECK(l->invoices[0].contractual_rate == 12000);
  CHECK(l->clients[1].terms == PaymentTerms{TermsMethod::eom_then_days, 15});
  CHECK(l->history[0].step == 1);  // "step": 2 in the file is the second step
  CHECK(balance(*l, l->invoices[1]) == 144'000);
  CHECK(ledger_to_json(*l) == text);
}

TEST_CASE("a version 1 file is migrated to the same ledger") {
  const LedgerLoad v1 = load_ledger(fixture("ledger-v1.json"), "ledger-v1.json");
  const std::string first_error = v1.errors.empty() ? "" : v1.errors[0].message();
  REQUIRE_MESSAGE(v1.ledger.has_value(), first_error);
  CHECK(v1.from_version == 1);
  CHECK(v1.notes.size() == 1);
  auto v2 = ledger_from_json(fixture("ledger-v2.json"), "ledger-v2.json");
  REQUIRE(v2.ok());
  CHECK(*v1.ledger == *v2);
}

TEST_CASE("bad files are refused with the path and the problem, and nothing is loaded") {
  const std::string good = fixture("ledger-v2.json");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto pos = s.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, from);
    return s.replace(pos, from.size(), to);
  };
  struct Row {
    std::string text;
    std::string where;
    std::string what;
  };
  const Row rows[] = {
      {"{\"format\": \"relance-ledger\",\n \"version\": 2,,}", "f.json:2:15", "JSON invalide"},
      {"", "f.json:1:1", "JSON invalide : fin de texte inattendue"},
      {"[1,2]", "f.json: $", "objet attendu, trouvé un tableau"},
      {with("\"relance-ledger\"", "\"autre-chose\""), "f.json: $.format", "« relance-ledger » attendu, trouvé « autre-chose »"},
      {with("\"version\": 2", "\"version\": 3"), "f.json: $.version", "ce fichier vient d'une version plus récente de Relance"},
      {with("\"ttc\": \"15600.00\"", "\"ttc\": 15600.0"), "f.json: $.invoices[0].ttc", "montant en texte attendu (\"1234.56\"), trouvé un nombre décimal"},
      {with("\"ttc\": \"15600.00\"", "\"ttc\": \"15 600,00\""), "f.json: $.invoices[0].ttc", "montant invalide « 15 600,00 »"},
      {with("\"ttc\": \"15600.00\"", "\"ttc\": \"15000.00\""), "f.json: $.invoices[0].ttc", "HT + TVA (13000.00 + 2600.00) ne fait pas le TTC (15000.00)"},
      {with("\"due_date\": \"2026-10-31\"", "\"due_date\": \"2026-02-30\""), "f.json: $.invoices[0].due_date", "date AAAA-MM-JJ attendue, trouvé « 2026-02-30 »"},
      {with("\"kind\": \"consumer\"", "\"kind\": \"particulier\""), "f.json: $.clients[1].kind", "« particulier » inconnu (attendu : business, consumer)"},
      {with("\"name\": \"M. Rivière\",", ""), "f.json: $.clients[1].name", "champ obligatoire absent"},
      {with("\"client\": 2,\n   \"kind\": \"invoice\"", "\"client\": 9,\n   \"kind\": \"invoice\""), "f.json: $.invoices[1].client", "client 9 introuvable"},
      {with("\"number\": \"F-2026-0002\"", "\"number\": \"F-2026-0001\""), "f.json: $.invoices[1].number", "numéro F-2026-0001 en double"},
      {with("\"credits\": 2", "\"credits\": 7"), "f.json: $.invoices[2].credits", "facture 7 introuvable"},
      {with("Il reste {balance}", "Il reste {solde}"), "f.json: $.templates[0].body", "ligne 2, colonne 10 : champ inconnu {solde}"},
      {with("\"template\": \"t1\",\n     \"min_balance\"", "\"template\": \"t9\",\n     \"min_balance\""), "f.json: $.chains[0].steps[1].template", "modèle « t9 » introuvable"},
      {with("\"Éclairage du hall\"", "\"\xC3\""), "f.json:79:15", "JSON invalide"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.where);
    const LedgerLoad load = load_ledger(row.text, "f.json");
    CHECK_FALSE(load.ledger.has_value());
    REQUIRE_FALSE(load.errors.empty());
    CHECK(load.errors[0].where.rfind(row.where, 0) == 0);
    CHECK_MESSAGE(load.errors[0].what.find(row.what) != std::string::npos, load.errors[0].what);
  }
}

TEST_CASE("every problem of a file is listed, not only the first") {
  std::string text = fixture("ledger-v2.json");
  text.replace(text.find("\"2026-10-31\""), 12, "\"31/10/2026\"");
  text.replace(text.find("\"2026-09-16\""), 12, "\"hier\"");
  const LedgerLoad load = load_ledger(text, "f.json");
  REQUIRE(load.errors.size() == 2);
  CHECK(load.errors[0].where == "f.json: $.invoices[0].due_date");
  CHECK(load.errors[1].where == "f.json: $.invoices[1].due_date");
}

TEST_CASE("every command type round-trips through its journal form") {
  const Ledger l = full_ledger();
  HistoryEntry h = l.history[0];
  const std::vector<Command> commands = {
      cmd::SetCompany{l.company},
      cmd::SetSettings{l.settings},
      cmd::AddClient{l.clients[0]},
      cmd::UpdateClient{l.clients[1]},
      cmd::AddInvoice{l.invoices[2]},
      cmd::UpdateDraft{l.invoices[3]},
      cmd::DeleteDraft{4},
      cmd::IssueInvoice{4, d("2026-11-23"), Date()},
      cmd::IssueInvoice{4, d("2026-11-23"), d("2026-12-23")},
      cmd::RecordPayment{1, l.invoices[0].payments[0]},
      cmd::DeletePayment{1, 1},
      cmd::IssueCreditNote{1, d("2026-11-23"), 12'345, "Remise « fidélité »"},
      cmd::WriteOff{1, d("2026-11-23"), "Liquidation"},
      cmd::OpenDispute{1, d("2026-11-23"), "Contestation"},
      cmd::CloseDispute{1, d("2026-11-24")},
      cmd::AddPromise{1, l.invoices[0].promises[0]},
      cmd::SetPlan{2, l.invoices[1].plan},
      cmd::SetPaused{2, true, "Pause"},
      cmd::RecordAction{h},
      cmd::VoidAction{1, d("2026-11-23")},
      cmd::SetChain{l.chains[0]},
      cmd::DeleteChain{"b2c"},
      cmd::SetTemplate{l.templates[0]},
      cmd::DeleteTemplate{"t1"},
      cmd::SetRates{l.custom_rates},
      cmd::SetRates{std::nullopt},
      cmd::ImportBatch{{l.clients[0]}, {l.invoices[0]}},
  };
  for (const Command& c : commands) {
    CAPTURE(command_type(c));
    const std::string json = command_to_json(c);
    auto back = command_from_json(json, "journal");
    REQUIRE_MESSAGE(back.ok(), back.error().message());
    CHECK(back->index() == c.index());
    CHECK(command_to_json(*back) == json);
  }
}

TEST_CASE("bad journal entries are refused with their place") {
  CHECK(command_from_json("{\"format\":\"relance-command\",\"version\":1,\"type\":\"fly\"}", "journal #3")
            .error().message() == "journal #3: $.type: type de commande inconnu « fly »");
  CHECK(command_from_json("{\"format\":\"relance-command\",\"version\":9,\"type\":\"delete_draft\",\"id\":1}", "j")
            .error().what.find("plus récente") != std::string::npos);
  CHECK(command_from_json("{\"format\":\"relance-command\",\"version\":1,\"type\":\"delete_draft\"}", "j")
            .error().message() == "j: $.id: champ obligatoire absent");
}
