// CSV exports of other invoicing tools (files in tests/fixtures/csv/presets/,
// written for these tests from the columns those tools export): recognised
// from their headers, one invoice per number whatever the rows per payment or
// per line item, title and total rows skipped, their amounts and dates read.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "tests/builder.h"

using namespace relance;

namespace {

std::string preset_file(const char* name) {
  std::ifstream in(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/csv/presets/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in, name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Date kToday = test::d("2026-03-01");

CsvImportResult import(const std::string& bytes, CsvOptions opts = {}) {
  static const Ledger empty = make_empty_ledger();
  return import_csv(empty, bytes, opts, kToday);
}

CsvImportResult import_ok(const char* name) {
  CsvImportResult r = import(preset_file(name));
  for (const Error& e : r.errors) INFO(e.message());
  REQUIRE_MESSAGE(r.batch.has_value(), name << ": " << (r.errors.empty() ? "" : r.errors[0].message()));
  return r;
}

const Invoice& numbered(const CsvImportResult& r, const char* number) {
  for (const Invoice& inv : r.batch->invoices)
    if (inv.number == number) return inv;
  FAIL("no invoice " << number);
  return r.batch->invoices.front();
}

Cents paid_of(const Invoice& inv) {
  Cents s = 0;
  for (const Payment& p : inv.payments) s += p.amount;
  return s;
}

bool has_warning(const CsvImportResult& r, std::string_view part) {
  for (const std::string& w : r.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("Dolibarr: one row per payment, grouped by invoice") {
  const CsvImportResult r = import_ok("dolibarr-paiements.csv");
  CHECK(r.preset == "Dolibarr");
  REQUIRE(r.batch->invoices.size() == 2);
  const Invoice& a = numbered(r, "FA2601-0001");
  CHECK(a.ht == 100000);
  CHECK(a.vat == 20000);
  CHECK(a.ttc == 120000);
  CHECK(a.issue_date == test::d("2026-01-05"));
  CHECK(a.due_date == test::d("2026-02-04"));
  REQUIRE(a.payments.size() == 2);
  CHECK(a.payments[0].amount == 50000);
  CHECK(a.payments[0].date == test::d("2026-01-20"));
  CHECK(a.payments[1].amount == 20000);
  CHECK(a.payments[1].date == test::d("2026-01-30"));
  CHECK(numbered(r, "FA2601-0002").payments.empty());
  REQUIRE(r.batch->clients.size() == 2);
  CHECK(r.batch->clients[0].code == "CU2601-0001");
  CHECK(has_warning(r, "1 ligne(s) regroupée(s)"));
}

TEST_CASE("Odoo in French: « Comptabilisé » with « État du paiement », « Montant dû »") {
  const CsvImportResult r = import_ok("odoo-fr.csv");
  CHECK(r.preset == "Odoo");
  REQUIRE(r.batch->invoices.size() == 3);  // the draft is left out
  CHECK(r.skipped == 1);
  const Invoice& paid = numbered(r, "INV/2026/00001");
  CHECK(paid_of(paid) == 120000);
  CHECK(paid.payments[0].date == test::d("2026-02-04"));  // no date in the file: the due date, with a warning
  CHECK(paid_of(numbered(r, "INV/2026/00002")) == 20000);  // 300 − 100 still due
  CHECK(numbered(r, "INV/2026/00003").payments.empty());
  CHECK(has_warning(r, "paiement sans date dans le fichier : daté de l'échéance"));
}

TEST_CASE("Odoo in English") {
  const CsvImportResult r = import_ok("odoo-en.csv");
  CHECK(r.preset == "Odoo");
  REQUIRE(r.batch->invoices.size() == 2);
  CHECK(numbered(r, "INV/2026/00010").ttc == 60000);
  CHECK(numbered(r, "INV/2026/00010").ht == 50000);
  CHECK(numbered(r, "INV/2026/00010").payments.empty());
  CHECK(paid_of(numbered(r, "INV/2026/00011")) == 6000);
}

TEST_CASE("ERPNext: a title row, 8 decimals, « Customer » next to « Customer Name »") {
  const CsvImportResult r = import_ok("erpnext.csv");
  CHECK(r.preset == "ERPNext");
  CHECK(has_warning(r, "1 ligne(s) de titre au-dessus de l'en-tête ignorée(s) (en-tête ligne 2)"));
  const Invoice& a = numbered(r, "ACC-SINV-2026-00001");
  CHECK(a.ttc == 120000);
  CHECK(a.vat == 20000);
  CHECK(paid_of(numbered(r, "ACC-SINV-2026-00002")) == 30000);
  REQUIRE(r.batch->clients.size() == 2);
  CHECK(r.batch->clients[0].name == "Boulangerie Dupré");
  CHECK(r.batch->clients[0].code == "CUST-0001");
}

TEST_CASE("Invoice Ninja: $ amounts, « Jan 5 2026 » dates, « Paid to Date »") {
  const CsvImportResult r = import_ok("invoiceninja.csv");
  CHECK(r.preset == "Invoice Ninja");
  const Invoice& a = numbered(r, "0001");
  CHECK(a.ttc == 120000);
  CHECK(a.issue_date == test::d("2026-01-05"));
  CHECK(a.due_date == test::d("2026-02-04"));
  CHECK(paid_of(numbered(r, "0002")) == 30000);
  CHECK(has_warning(r, "signe « $ »"));
}

TEST_CASE("Zoho Books: one row per line item, « Invoice ID » next to « Invoice Number »") {
  const CsvImportResult r = import_ok("zoho-books.csv");
  CHECK(r.preset == "Zoho Books");
  REQUIRE(r.batch->invoices.size() == 2);
  const Invoice& a = numbered(r, "INV-000001");
  CHECK(a.ttc == 120000);
  CHECK(a.ht == 100000);
  CHECK(a.vat == 20000);
  CHECK(paid_of(numbered(r, "INV-000002")) == 20000);  // 300 with 100 left
  CHECK(has_warning(r, "ligne(s) regroupée(s)"));
}

TEST_CASE("a French follow-up sheet: title rows, a total row, « Reste dû » that disagrees") {
  const CsvImportResult r = import_ok("suivi-fr.csv");
  REQUIRE(r.batch->invoices.size() == 2);
  const Invoice& a = numbered(r, "F-2026-001");
  CHECK(a.issue_date == test::d("2026-01-03"));  // 3/1/2026
  CHECK(a.due_date == test::d("2026-02-03"));    // 03/02/26
  CHECK(a.ttc == 120000);
  CHECK(paid_of(a) == 20000);
  CHECK(numbered(r, "F-2026-002").payments.empty());
  CHECK(has_warning(r, "ligne(s) de titre au-dessus de l'en-tête ignorée(s) (en-tête ligne 3)"));
  CHECK(has_warning(r, "ligne(s) de total ignorée(s) (lignes 6)"));
  CHECK(has_warning(r, "ligne 5, colonne « Reste dû » : reste dû de 250,00 alors que TTC − payé = 300,00"));
}

TEST_CASE("an unknown header: one message, then a mapping") {
  const std::string csv = "Doc;Débiteur principal;Émis;Exigible;Valeur;Notes\nP-1;Dupré;05/01/2026;04/02/2026;120,00;x\n";
  CsvImportResult r = import(csv);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].what.find("en-tête non reconnu : colonnes trouvées « Doc », « Débiteur principal »") == 0);
  CHECK(r.errors[0].what.find("--map") != std::string::npos);

  CsvOptions opts;
  opts.mapping = {{"doc", "number"}, {"Débiteur principal", "client"}, {"ÉMIS", "issue_date"},
                  {"Exigible", "due_date"}, {"Valeur", "ttc"}, {"Notes", "ignore"}};
  r = import(csv, opts);
  REQUIRE_MESSAGE(r.batch, r.errors[0].message());
  CHECK(r.batch->invoices[0].number == "P-1");
  CHECK(r.batch->invoices[0].ttc == 12000);
  CHECK(r.warnings.empty());  // « Notes » ignored on purpose

  // The mapping wins over a recognised header.
  opts.mapping = {{"Valeur", "ttc"}, {"Montant", "ignore"}, {"Doc", "number"}, {"Débiteur principal", "client"},
                  {"Émis", "issue_date"}, {"Exigible", "due_date"}};
  r = import("Doc;Débiteur principal;Émis;Exigible;Valeur;Montant\nP-1;Dupré;05/01/2026;04/02/2026;120,00;1\n", opts);
  REQUIRE(r.batch);
  CHECK(r.batch->invoices[0].ttc == 12000);

  opts.mapping = {{"Doc", "numero"}};
  r = import(csv, opts);
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0] == Error{"correspondance « Doc »", r.errors[0].what});
  CHECK(r.errors[0].what.find("champ « numero » inconnu") == 0);
  opts.mapping = {{"Absente", "number"}};
  r = import(csv, opts);
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].what.find("colonne absente de l'en-tête") == 0);
}

TEST_CASE("amounts of other tools: exact to the cent or refused") {
  const std::string head = "Numéro;Client;Date;Échéance;TTC\n";
  CsvImportResult r = import(head + "F1;A;05/01/2026;04/02/2026;12,50000000\n");
  REQUIRE(r.batch);
  CHECK(r.batch->invoices[0].ttc == 1250);
  r = import(head + "F1;A;05/01/2026;04/02/2026;12,50000001\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].what == "montant invalide « 12,50000001 » : pas exact au centime (8 décimales) : arrondi refusé");
  r = import(head + "F1;A;05/01/2026;04/02/2026;(150,00)\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].what.find("montant négatif « (150,00) »") == 0);
  r = import(head + "F1;A;05/01/2026;04/02/2026;€ 1 200,00\n");
  REQUIRE(r.batch);
  CHECK(r.batch->invoices[0].ttc == 120000);
  CHECK(r.warnings.empty());
  r = import("Numéro;Client;Date;Échéance;TTC;Devise\nF1;A;05/01/2026;04/02/2026;10;USD\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == Error{"ligne 2, colonne « Devise »", "facture en USD : Relance ne suit que les factures en euros"});
}

TEST_CASE("dates of other tools") {
  const std::string head = "Numéro;Client;Date;Échéance;TTC\n";
  for (const auto& [text, iso] : std::vector<std::pair<const char*, const char*>>{
           {"3/1/2026", "2026-01-03"},
           {"03/01/26", "2026-01-03"},
           {"2026-01-03", "2026-01-03"},
           {"Jan 28 2021", "2021-01-28"},
           {"28 janv. 2021", "2021-01-28"},
           {"January 28, 2021", "2021-01-28"},
           {"2026-01-03 00:00:00", "2026-01-03"}}) {
    CsvImportResult r = import(head + "F1;A;" + text + ";03/03/2026;10\n");
    REQUIRE_MESSAGE(r.batch, text << ": " << r.errors[0].message());
    CHECK(r.batch->invoices[0].issue_date == test::d(iso));
  }
  CsvImportResult r = import(head + "F1;A;Foo 28 2021;03/03/2026;10\n");
  CHECK_FALSE(r.batch);
}

TEST_CASE("Relance's own export is not taken for another tool's") {
  test::Builder b;
  b.invoice(b.client("Dupré"), "F-2026-0001", 1000, "2026-01-05", "2026-02-04");
  for (CsvDialect d : {CsvDialect::french, CsvDialect::plain}) {
    const CsvImportResult r = import(export_csv(b.l, d));
    REQUIRE(r.batch);
    CHECK(r.preset.empty());
  }
}
