// relance match: the JSON other tools read, --apply recording the sure
// matches once, and one line on stderr for a statement it cannot read.
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
#include "core/storage.h"
#include "tests/bank_fixtures.h"

namespace fs = std::filesystem;
using namespace relance;
using relance::test::bank_fixture_path;

namespace {

using cli_test::Run;

Run run_cli(const std::string& args) { return cli_test::run(args); }


struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("relance-bank-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string path(const char* name) const { return (dir / name).string(); }
};

void write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

}  // namespace

TEST_CASE("relance match: every format gives the same lines and proposals") {
  TempDir tmp;
  relance::test::BankLedger m;
  const std::string ledger = tmp.path("ledger.json");
  write(ledger, ledger_to_json(m.b.l));
  for (const char* name : {"releve.ofx", "releve-v2.ofx", "releve.cfo", "releve-fr.csv", "releve-boursorama.csv"}) {
    CAPTURE(std::string(name));
    Run r = run_cli("match " + ledger + " " + bank_fixture_path(name) + " --today 2026-11-20");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const Json j = json_of(r);
    REQUIRE(j["lines"].size() == 4);
    const Json& a = j["lines"][0];
    CHECK(a["date"] == "2026-11-02");
    CHECK(a["amount"] == "1234.56");
    CHECK(a["status"] == "matched");
    CHECK(a["proposals"][0]["invoices"] == Json::array({"F-2026-0036"}));
    CHECK(a["proposals"][0]["confidence"] == "sure");
    CHECK(j["lines"][1]["amount"] == "500.00");
    CHECK(j["lines"][1]["proposals"][0]["invoices"] == Json::array({"F-2026-0041", "F-2026-0042"}));
    CHECK(j["lines"][1]["proposals"][0]["confidence"] == "possible");
    CHECK(j["lines"][2]["amount"] == "-45.00");
    CHECK(j["lines"][2]["status"] == "debit");
    CHECK(j["lines"][3]["amount"] == "2000.00");
    CHECK(j["lines"][3]["proposals"][0]["invoices"] == Json::array({"F-2026-0045"}));
    CHECK(j["lines"][3]["proposals"][0]["confidence"] == "likely");
  }
  Run r = run_cli("match " + ledger + " " + bank_fixture_path("releve.camt053.xml") + " --format camt053 --today 2026-11-20");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const Json j = json_of(r);
  CHECK(j["format"] == "camt053");
  CHECK(j["account"] == "FR7630004001230001234567890");
  CHECK(j["lines"].size() == 4);
  CHECK(j["lines"][0]["ref"] == "E2E-DUPONT-36");
}

TEST_CASE("relance match --apply records the sure matches once") {
  TempDir tmp;
  relance::test::BankLedger m;
  const std::string ledger = tmp.path("ledger.json"), out = tmp.path("out.json"), again = tmp.path("again.json");
  write(ledger, ledger_to_json(m.b.l));
  const std::string ofx = bank_fixture_path("releve.ofx");
  Run r = run_cli("match " + ledger + " " + ofx + " --apply -o " + out + " --today 2026-11-20");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  Json j = json_of(r);
  CHECK(j["recorded"] == 1);
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  auto saved = ledger_from_json(ss.str(), out);
  REQUIRE_MESSAGE(saved.ok(), saved.error().message());
  const Invoice& f36 = *find_invoice(*saved, m.f36);
  REQUIRE(f36.payments.size() == 1);
  CHECK(f36.payments[0].amount == 123456);
  CHECK(f36.payments[0].method == PaymentMethod::transfer);
  CHECK(f36.payments[0].bank_ref == "OFX0001");
  CHECK(f36.payments[0].statement == "releve.ofx");
  CHECK(find_invoice(*saved, m.f45)->payments.empty());  // likely: for the user

  // The same statement again, and the same movements in another format.
  r = run_cli("match " + out + " " + ofx + " --apply -o " + again + " --today 2026-11-20");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  j = json_of(r);
  CHECK(j["recorded"] == 0);
  CHECK(j["lines"][0]["status"] == "known");
  r = run_cli("match " + out + " " + bank_fixture_path("releve-v2.ofx") + " --today 2026-11-20");
  CHECK(json_of(r)["lines"][0]["status"] == "known");
  std::ifstream in2(again);
  std::stringstream ss2;
  ss2 << in2.rdbuf();
  CHECK(ss2.str() == ss.str());
}

TEST_CASE("relance match: an unreadable statement exits non-zero with one line, nothing written") {
  TempDir tmp;
  relance::test::BankLedger m;
  const std::string ledger = tmp.path("ledger.json"), out = tmp.path("out.json");
  write(ledger, ledger_to_json(m.b.l));
  const std::string junk = tmp.path("page.html");
  write(junk, "<html>Session expirée</html>");
  Run r = run_cli("match " + ledger + " " + junk + " --apply -o " + out);
  CHECK(r.status != 0);
  CHECK(r.out.empty());
  CHECK(r.err == "relance match: " + junk +
                     ": format de relevé non reconnu (attendu OFX, camt.053, camt.054, CFONB 120 ou CSV bancaire)\n");
  CHECK(!fs::exists(out));

  const std::string bad = tmp.path("bad.cfo");
  std::ifstream in(bank_fixture_path("releve.cfo"), std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  text.replace(text.find("0000000005000{"), 14, "000000000500?{");
  write(bad, text);
  r = run_cli("match " + ledger + " " + bad + " --apply -o " + out);
  CHECK(r.status != 0);
  CHECK(r.err == "relance match: " + bad +
                     ", ligne 6: montant attendu en positions 91-104 (13 chiffres et un signe « { A-I } J-R »), trouvé "
                     "« 000000000500?{ »\n");
  CHECK(!fs::exists(out));

  r = run_cli("match " + ledger + " " + bank_fixture_path("releve.ofx") + " --format qif");
  CHECK(r.status != 0);
  CHECK(r.err == "relance match: --format: format inconnu « qif » (auto, ofx, camt053, camt054, cfonb, csv)\n");
  r = run_cli("match " + ledger + " " + bank_fixture_path("releve.ofx") + " --apply");
  CHECK(r.status != 0);
  CHECK(r.err == "relance match: -o: fichier de sortie obligatoire avec --apply\n");
  r = run_cli("match " + ledger + " " + bank_fixture_path("releve.ofx") + " --format camt053");
  CHECK(r.status != 0);
  CHECK(r.err == "relance match: " + bank_fixture_path("releve.ofx") + ", ligne 17: XML mal formé (Start-end tags mismatch)\n");
}

TEST_CASE("relance match --columns reads a CSV no preset knows") {
  TempDir tmp;
  relance::test::BankLedger m;
  const std::string ledger = tmp.path("ledger.json"), csv = tmp.path("export.txt");
  write(ledger, ledger_to_json(m.b.l));
  write(csv, "ligne de titre\n02/11/2026\tGARAGE DUPONT\tF 2026 36\t1234,56\n");
  Run r = run_cli("match " + ledger + " " + csv + " --columns date=1,label=2,ref=3,amount=4 --skip 1 --today 2026-11-20");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const Json j = json_of(r);
  REQUIRE(j["lines"].size() == 1);
  CHECK(j["lines"][0]["ref"] == "F 2026 36");
  CHECK(j["lines"][0]["proposals"][0]["confidence"] == "sure");
  r = run_cli("match " + ledger + " " + csv + " --columns date=1,montant=4");
  CHECK(r.err == "relance match: --columns: colonne inconnue « montant » (date, amount, debit, credit, label, ref, payer)\n");
}
