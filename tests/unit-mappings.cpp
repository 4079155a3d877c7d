// Column mappings remembered from one import to the next (core/mappings.h,
// cmd::SaveMapping): the keys files are recognised by, the command and its
// journal form, the ledger file (old files unchanged), and the CLI: import
// with --map / --columns, then the same-shaped file without them.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/command_codec.h"
#include "core/commands.h"
#include "core/ledger_file.h"
#include "core/mappings.h"
#include "tests/bank_fixtures.h"
#include "tests/cli_run.h"

using namespace relance;
namespace fs = std::filesystem;

namespace {

// A spreadsheet no preset knows.
const std::string kOdd1 =
    "Col A;Col B;Col C;Col D;Col E;Remarque\r\n"
    "X-001;Garage Bernard;05/01/2026;04/02/2026;1200,00;urgent\r\n"
    "X-002;Café du Port;10/01/2026;09/02/2026;350,50;\r\n";
const std::string kOdd2 =  // same columns, other rows, other case and accents in the header
    "col a;COL B;Col  C;Col D;Col E;Remarqué\r\n"
    "X-003;Garage Bernard;12/02/2026;14/03/2026;99,00;\r\n";
const std::string kOther =  // one column more: not the same file
    "Col A;Col B;Col C;Col D;Col E;Col F\r\n"
    "X-004;Garage Bernard;12/02/2026;14/03/2026;99,00;x\r\n";

CsvOptions odd_mapping() {
  CsvOptions o;
  o.mapping = {{"Col A", "number"}, {"Col B", "client"}, {"Col C", "issue_date"},
               {"Col D", "due_date"}, {"Col E", "ttc"}, {"Remarque", "Ignorer"}};
  return o;
}

// A bank export the presets do not read, its IBAN above the movements.
const std::string kBank1 =
    "Compte courant FR76 3000 6000 0112 3456 7890 189 EUR\n"
    "Quand;Texte;Flux\n"
    "02/11/2026;VIR SEPA GARAGE DUPONT FACT F-2026-0036;1234,56\n"
    "04/11/2026;PRLV SEPA EDF;-45,00\n";
const std::string kBank2 =  // the next month, same account
    "Compte courant FR76 3000 6000 0112 3456 7890 189 EUR\n"
    "Quand;Texte;Flux\n"
    "03/12/2026;VIR SEPA BOULANGERIE MARTIN F-2026-0041;300,00\n";
const std::string kBankNoIban =
    "Quand;Texte;Flux\n"
    "02/11/2026;VIR SEPA GARAGE DUPONT FACT F-2026-0036;1234,56\n";

bank::CsvColumns bank_cols() {
  bank::CsvColumns c;
  c.date = 0;
  c.label = 1;
  c.amount = 2;
  c.skip_rows = 2;
  return c;
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("relance-mappings-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string path(const char* name) const { return (dir / name).string(); }
};

}  // namespace

TEST_CASE("mappings: invoice CSV files are recognised by their header") {
  const auto m = invoice_csv_mapping(kOdd1, odd_mapping());
  REQUIRE(m.has_value());
  CHECK(m->kind == MappingKind::invoice_csv);
  CHECK(m->key == "header:col a|col b|col c|col d|col e|remarque");
  CHECK(m->columns.back() == std::pair<std::string, std::string>{"Remarque", "ignore"});
  Ledger l = make_empty_ledger();
  REQUIRE(relance::apply(l, Command(cmd::SaveMapping{*m})).ok());
  CHECK(remembered_invoice_mapping(l, kOdd1, {}) == &l.mappings[0]);
  CHECK(remembered_invoice_mapping(l, kOdd2, {}) == &l.mappings[0]);
  CHECK(remembered_invoice_mapping(l, kOther, {}) == nullptr);
  CHECK(remembered_invoice_mapping(l, "", {}) == nullptr);
  // The same shape in Windows-1252 with a title row above: still the same file.
  CHECK(remembered_invoice_mapping(l, "Export du 01/03/2026\r\n"
                                          "Col A;Col B;Col C;Col D;Col E;Remarqu\xe9\r\nX-9;B;01/01/2026;01/02/2026;1,00;\r\n",
                                      {}) == &l.mappings[0]);
  CHECK(header_signature({"A", "", ""}) == "header:a");
  CHECK(header_signature({}).empty());
  CHECK(header_signature({std::string(2000, 'x')}).size() < 600);
}

TEST_CASE("mappings: bank CSV files are recognised by their account, else their header") {
  CHECK(bank::bank_csv_iban(kBank1, 2) == "FR7630006000011234567890189");
  CHECK(bank::bank_csv_iban(kBank1, 0).empty());
  CHECK(bank::bank_csv_iban("Compte FR76 3000 6000 0112 3456 7890 188\n", 1).empty());  // fails mod 97
  const auto m = bank_csv_mapping(kBank1, bank_cols());
  REQUIRE(m.has_value());
  CHECK(m->key == "iban:FR7630006000011234567890189");
  CHECK(m->columns == std::vector<std::pair<std::string, std::string>>{{"1", "date"}, {"3", "amount"}, {"2", "label"}});
  const bank::CsvColumns back = bank_columns_of(*m);
  CHECK(back.date == 0);
  CHECK(back.amount == 2);
  CHECK(back.label == 1);
  CHECK(back.skip_rows == 2);

  Ledger l = make_empty_ledger();
  REQUIRE(relance::apply(l, Command(cmd::SaveMapping{*m})).ok());
  CHECK(remembered_bank_mapping(l, kBank2) == &l.mappings[0]);
  CHECK(remembered_bank_mapping(l, kBankNoIban) == nullptr);

  bank::CsvColumns c = bank_cols();
  c.skip_rows = 1;
  const auto h = bank_csv_mapping(kBankNoIban, c);
  REQUIRE(h.has_value());
  CHECK(h->key == "header:quand|texte|flux");
  REQUIRE(relance::apply(l, Command(cmd::SaveMapping{*h})).ok());
  CHECK(remembered_bank_mapping(l, kBankNoIban) == &l.mappings[1]);
  CHECK(remembered_bank_mapping(l, "Quand;Texte;Montant\n02/11/2026;X;1,00\n") == nullptr);
}

TEST_CASE("mappings: save_mapping replaces by kind and key, checks, round-trips, and old files load unchanged") {
  Ledger l = make_empty_ledger();
  SavedMapping m = *invoice_csv_mapping(kOdd1, odd_mapping());
  REQUIRE(relance::apply(l, Command(cmd::SaveMapping{m})).ok());
  m.columns[0].second = "ignore";
  REQUIRE(relance::apply(l, Command(cmd::SaveMapping{m})).ok());
  REQUIRE(l.mappings.size() == 1);
  CHECK(l.mappings[0].columns[0].second == "ignore");

  SavedMapping bad = m;
  bad.columns[1].second = "montant";
  auto r = relance::apply(l, Command(cmd::SaveMapping{bad}));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message() == "mapping.columns[1].field: champ « montant » inconnu");
  bad = m;
  bad.key.clear();
  CHECK(relance::apply(l, Command(cmd::SaveMapping{bad})).error().where == "mapping.key");
  SavedMapping bank_bad = *bank_csv_mapping(kBank1, bank_cols());
  bank_bad.columns = {{"1", "label"}};
  CHECK(relance::apply(l, Command(cmd::SaveMapping{bank_bad})).error().what ==
        "une colonne de date et une de montant (ou débit, crédit) obligatoires");
  bank_bad.columns = {{"0", "date"}, {"2", "amount"}};
  CHECK(relance::apply(l, Command(cmd::SaveMapping{bank_bad})).error().where == "mapping.columns[0].column");

  // The journal form.
  SavedMapping b = *bank_csv_mapping(kBank1, bank_cols());
  b.separator = ';';
  for (const Command& c : {Command(cmd::SaveMapping{m}), Command(cmd::SaveMapping{b}),
                           Command(cmd::DeleteMapping{MappingKind::bank_csv, b.key})}) {
    const std::string text = command_to_json(c);
    auto back = command_from_json(text, "journal");
    REQUIRE_MESSAGE(back.ok(), back.error().message());
    CHECK(command_to_json(*back) == text);
  }
  CHECK(command_from_json(R"({"format":"relance-command","version":1,"type":"delete_mapping","kind":"pdf","key":"k"})", "j")
            .error()
            .message() == "j: $.kind: « pdf » inconnu (attendu : invoice_csv, bank_csv)");

  // Bank-only members in an invoice mapping are ignored: what is applied is
  // what the ledger file keeps (found by reasoning about fuzz_command).
  auto odd = command_from_json(R"({"format":"relance-command","version":1,"type":"save_mapping","mapping":{"kind":"invoice_csv",)"
                               R"("key":"header:x","columns":[{"column":"X","field":"number"}],"skip_rows":4,"separator":";"}})",
                               "j");
  REQUIRE_MESSAGE(odd.ok(), odd.error().message());
  Ledger with_odd = make_empty_ledger();
  REQUIRE(relance::apply(with_odd, *odd).ok());
  CHECK(*ledger_from_json(ledger_to_json(with_odd), "o.json") == with_odd);

  // The ledger file: written only when there are some, read back equal.
  REQUIRE(relance::apply(l, Command(cmd::SaveMapping{b})).ok());
  const std::string text = ledger_to_json(l);
  CHECK(text.find("\"mappings\"") != std::string::npos);
  auto loaded = ledger_from_json(text, "l.json");
  REQUIRE_MESSAGE(loaded.ok(), loaded.error().message());
  CHECK(loaded->mappings == l.mappings);
  CHECK(*loaded == l);
  REQUIRE(relance::apply(l, Command(cmd::DeleteMapping{MappingKind::bank_csv, b.key})).ok());
  REQUIRE(relance::apply(l, Command(cmd::DeleteMapping{MappingKind::invoice_csv, m.key})).ok());
  CHECK(relance::apply(l, Command(cmd::DeleteMapping{MappingKind::invoice_csv, m.key})).error().what ==
        "correspondance de colonnes introuvable");
  CHECK(ledger_to_json(l).find("\"mappings\"") == std::string::npos);

  // A file from before: it loads, has none, and is written back as it was.
  for (const char* name : {"ledger-v2.json"}) {
    const std::string old = slurp(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/storage/" + name);
    auto o = ledger_from_json(old, name);
    REQUIRE_MESSAGE(o.ok(), o.error().message());
    CHECK(o->mappings.empty());
    CHECK(ledger_to_json(*o).find("\"mappings\"") == std::string::npos);
  }
  // Two for one file: refused when loading.
  Ledger twice = make_empty_ledger();
  twice.mappings = {m, m};
  auto dup = ledger_from_json(ledger_to_json(twice), "d.json");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().message() == "d.json: $.mappings[1].key: correspondance de colonnes en double pour ce fichier");
}

TEST_CASE("import-csv: --map with -o is remembered; the same header without --map uses it, another header does not") {
  TempDir tmp;
  write(tmp.path("a.csv"), kOdd1);
  write(tmp.path("b.csv"), kOdd2);
  write(tmp.path("c.csv"), kOther);
  const std::string l1 = tmp.path("l1.json"), l2 = tmp.path("l2.json"), l3 = tmp.path("l3.json");

  cli_test::Run r = cli_test::run("import-csv " + tmp.path("a.csv") +
                                  " --map 'Col A=number,Col B=client,Col C=issue_date,Col D=due_date,Col E=ttc,Remarque=ignore'"
                                  " --today 2026-03-01 -o " + l1);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  Json j = cli_test::json_of(r);
  CHECK(j["invoices"] == 2);
  CHECK(j["mapping"] == "saved");
  auto saved = ledger_from_json(slurp(l1), "l1.json");
  REQUIRE(saved.ok());
  REQUIRE(saved->mappings.size() == 1);
  CHECK(saved->mappings[0].key == "header:col a|col b|col c|col d|col e|remarque");

  r = cli_test::run("import-csv " + tmp.path("b.csv") + " --into " + l1 + " --today 2026-03-01 -o " + l2);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  j = cli_test::json_of(r);
  CHECK(j["mapping"] == "remembered");
  CHECK(j["invoices"] == 1);
  auto after = ledger_from_json(slurp(l2), "l2.json");
  REQUIRE(after.ok());
  CHECK(after->invoices.size() == 3);
  CHECK(after->mappings == saved->mappings);

  r = cli_test::run("import-csv " + tmp.path("c.csv") + " --into " + l1 + " --today 2026-03-01 -o " + l3);
  CHECK(r.status != 0);
  j = cli_test::json_of(r);
  CHECK_FALSE(j.contains("mapping"));
  CHECK(j["ok"] == false);
  CHECK_FALSE(fs::exists(l3));
}

TEST_CASE("relance match: --columns with --apply -o is remembered for the account; the next statement uses it") {
  TempDir tmp;
  relance::test::BankLedger m;
  const std::string ledger = tmp.path("ledger.json"), out1 = tmp.path("out1.json"), out2 = tmp.path("out2.json");
  write(ledger, ledger_to_json(m.b.l));
  write(tmp.path("nov.csv"), kBank1);
  write(tmp.path("dec.csv"), kBank2);
  write(tmp.path("other.csv"), kBankNoIban);

  // Without columns the presets cannot read it.
  cli_test::Run r = cli_test::run("match " + ledger + " " + tmp.path("nov.csv") + " --today 2026-12-05");
  CHECK(r.status != 0);

  r = cli_test::run("match " + ledger + " " + tmp.path("nov.csv") +
                    " --columns date=1,label=2,amount=3 --skip 2 --apply -o " + out1 + " --today 2026-12-05");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  Json j = cli_test::json_of(r);
  CHECK(j["mapping"] == "saved");
  CHECK(j["recorded"] == 1);
  auto l1 = ledger_from_json(slurp(out1), "out1.json");
  REQUIRE(l1.ok());
  REQUIRE(l1->mappings.size() == 1);
  CHECK(l1->mappings[0].key == "iban:FR7630006000011234567890189");

  r = cli_test::run("match " + out1 + " " + tmp.path("dec.csv") + " --apply -o " + out2 + " --today 2026-12-05");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  j = cli_test::json_of(r);
  CHECK(j["mapping"] == "remembered");
  REQUIRE(j["lines"].size() == 1);
  CHECK(j["lines"][0]["proposals"][0]["invoices"] == Json::array({"F-2026-0041"}));

  // Another account's file (no IBAN, so keyed by nothing saved): not read with it.
  r = cli_test::run("match " + out1 + " " + tmp.path("other.csv") + " --today 2026-12-05");
  CHECK(r.status != 0);
  CHECK(r.out.find("remembered") == std::string::npos);
}
