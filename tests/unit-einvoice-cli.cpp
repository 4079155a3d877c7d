// relance import-invoices as scripts use it: the JSON report on stdout, the
// ledger written only when nothing was refused.
#include <doctest/doctest.h>

#include "tests/cli_run.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "core/json_io.h"
#include "core/ledger.h"
#include "core/storage.h"

namespace {

using cli_test::Run;

std::filesystem::path temp_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("relance-einvoice-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

Run run_cli(const std::string& args) { return cli_test::run(args); }


std::string fx(const char* name) {
  return (std::filesystem::path(RELANCE_SOURCE_DIR) / "tests" / "fixtures" / "einvoice" / name).string();
}

const std::string sample = std::string(RELANCE_SOURCE_DIR) + "/assets/sample/ledger.json";

}  // namespace

TEST_CASE("import-invoices: imports, reports, and refuses all or nothing") {
  const auto dir = temp_dir();
  const std::string out = (dir / "out.json").string();
  std::filesystem::remove(out);

  // The sample company's SIREN is the seller's in the fixtures.
  Run r = run_cli("import-invoices " + sample + " " + fx("cii-invoice.xml") + " " + fx("ubl-invoice.xml") + " " +
                  fx("ubl-creditnote.xml") + " -o " + out);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  relance::Json j = json_of(r);
  CHECK(j.size() == 3);
  REQUIRE(j["imported"].size() == 3);
  CHECK(j["known"].empty());
  CHECK(j["refused"].empty());
  const relance::Json& first = j["imported"][0];
  CHECK(first.size() == 8);
  CHECK(first["file"] == fx("cii-invoice.xml"));
  CHECK(first["number"] == "FX-2026-0042");
  CHECK(first["client"] == "Boulangerie Dupré SARL");
  CHECK(first["kind"] == "invoice");
  CHECK(first["issue_date"] == "2026-01-05");
  CHECK(first["due_date"] == "2026-02-04");
  CHECK(first["ttc"] == "1440.00");
  CHECK(first["balance"] == "1440.00");
  CHECK(j["imported"][1]["balance"] == "528.00");  // less the credit note of the same import
  CHECK(j["imported"][2]["kind"] == "credit_note");
  CHECK(j["imported"][2]["balance"] == "0.00");

  {
    std::ifstream in(out);
    std::stringstream s;
    s << in.rdbuf();
    auto loaded = relance::ledger_from_json(s.str(), out);
    REQUIRE(loaded);
    const relance::Invoice* inv = relance::find_invoice_by_number(*loaded, "UBL-2026-118");
    REQUIRE(inv);
    CHECK(relance::balance(*loaded, *inv) == 52800);
  }

  // Again on the result: known, nothing refused, written again.
  const std::string out2 = (dir / "out2.json").string();
  r = run_cli("import-invoices " + out + " " + fx("cii-invoice.xml") + " -o " + out2);
  REQUIRE(r.status == 0);
  j = json_of(r);
  CHECK(j["imported"].empty());
  REQUIRE(j["known"].size() == 1);
  CHECK(j["known"][0]["number"] == "FX-2026-0042");

  // One refused file: the report names it, nothing is written.
  const std::string out3 = (dir / "out3.json").string();
  std::filesystem::remove(out3);
  r = run_cli("import-invoices " + sample + " " + fx("cii-paid-bt113.xml") + " " + fx("cii-usd.xml") + " -o " + out3);
  CHECK(r.status == 1);
  j = json_of(r);
  CHECK(j["imported"].size() == 1);
  REQUIRE(j["refused"].size() == 1);
  CHECK(j["refused"][0]["file"] == fx("cii-usd.xml"));
  CHECK(j["refused"][0]["why"] == "facture en USD (BT-5) : Relance ne suit que les factures en euros");
  CHECK(r.err.find("rien n'a été écrit") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out3));

  // An XML that is not an invoice.
  r = run_cli("import-invoices " + sample + " " + fx("not-an-invoice.xml") + " -o " + out3);
  CHECK(r.status == 1);
  j = json_of(r);
  REQUIRE(j["refused"].size() == 1);
  CHECK(j["refused"][0]["why"].get<std::string>().find("élément racine « Order »") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out3));
}

TEST_CASE("import-invoices: arguments") {
  Run r = run_cli("import-invoices " + sample + " " + fx("cii-invoice.xml"));
  CHECK(r.status == 1);
  CHECK(r.err == "relance import-invoices: -o: fichier du registre à écrire obligatoire (-o SORTIE.json)\n");
  r = run_cli("import-invoices " + sample + " -o /tmp/never.json");
  CHECK(r.status == 1);
  CHECK(r.err.find("au moins une facture") != std::string::npos);
  r = run_cli("import-invoices " + sample + " /nonexistent.xml -o /tmp/never.json");
  CHECK(r.status == 1);
  CHECK(r.err.find("/nonexistent.xml") != std::string::npos);
}

TEST_CASE("import-csv --map gives columns their meaning") {
  const auto dir = temp_dir();
  const std::string csv = (dir / "inconnu.csv").string();
  {
    std::ofstream f(csv, std::ios::binary);
    f << "Doc;Débiteur principal;Émis;Exigible;Valeur\nP-1;Dupré;05/01/2026;04/02/2026;120,00\n";
  }
  const std::string out = (dir / "csv.json").string();
  std::filesystem::remove(out);
  Run r = run_cli("import-csv " + csv + " -o " + out);
  CHECK(r.status == 1);
  CHECK(r.err.find("en-tête non reconnu") != std::string::npos);
  CHECK(r.err.find("--map") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));

  r = run_cli("import-csv " + csv + " -o " + out +
              " --map 'Doc=number,Débiteur principal=client' --map 'Émis=issue_date,Exigible=due_date,Valeur=ttc'");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(json_of(r)["invoices"] == 1);
  CHECK(std::filesystem::exists(out));

  r = run_cli("import-csv " + csv + " -o " + out + " --map Doc");
  CHECK(r.status == 1);
  CHECK(r.err.find("relance import-csv: --map: « Doc » : attendu COLONNE=CHAMP") == 0);
}
