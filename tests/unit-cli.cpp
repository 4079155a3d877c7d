// The command line as other tools use it: JSON on stdout, one line on stderr
// naming the flag and a non-zero exit on bad input.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "core/json_io.h"

namespace {

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};

// Runs the CLI with a shell-quoted argument string; stderr goes to a file.
// `before`: shell text put before the command (a pipe into it).
Run run_cli(const std::string& args, const std::string& before = "") {
  static int n = 0;
  const std::string err_path = (std::filesystem::temp_directory_path() /
                                ("relance-cli-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".err"))
                                   .string();
  const std::string cmd = before + std::string(RELANCE_CLI) + " " + args + " 2>" + err_path;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  std::size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream e(err_path);
  std::ostringstream ss;
  ss << e.rdbuf();
  r.err = ss.str();
  std::filesystem::remove(err_path);
  return r;
}

relance::Json json_of(const Run& r) {
  auto j = relance::parse_json(r.out, "stdout");
  REQUIRE_MESSAGE(j.ok(), r.out);
  return *j;
}

const std::string sample = std::string(RELANCE_SOURCE_DIR) + "/assets/sample/ledger.json";

}  // namespace

TEST_CASE("penalties: the examples of the contract") {
  Run r = run_cli("penalties --amount 10000.00 --due 2024-06-15 --paid 2024-07-15");
  REQUIRE(r.status == 0);
  relance::Json j = json_of(r);
  CHECK(j["days_late"] == 30);
  CHECK(j["interest"] == "118.15");
  CHECK(j["indemnity"] == "40.00");
  CHECK(j["total"] == "158.15");
  REQUIRE(j["lines"].size() == 2);
  CHECK(j["lines"][0]["from"] == "2024-06-16");
  CHECK(j["lines"][0]["to"] == "2024-06-30");
  CHECK(j["lines"][0]["days"] == 15);
  CHECK(j["lines"][0]["base"] == "10000.00");
  CHECK(j["lines"][0]["rate"] == "14.50");
  CHECK(j["lines"][0]["amount"] == "59.59");
  CHECK(j["warnings"].empty());

  r = run_cli("penalties --amount 5000.00 --due 2024-09-30 --payment 2024-10-30=2000.00 --until 2024-12-31");
  REQUIRE(r.status == 0);
  j = json_of(r);
  CHECK(j["interest"] == "131.18");
  CHECK(j["lines"][1]["base"] == "3000.00");

  r = run_cli("penalties --amount 2000.00 --due 2025-08-01 --consumer --notice 2025-09-01 --paid 2025-12-31");
  REQUIRE(r.status == 0);
  j = json_of(r);
  CHECK(j["interest"] == "18.30");
  CHECK(j["indemnity"] == "0.00");
  CHECK(j["lines"][0]["rate"] == "2.76");

  r = run_cli("penalties --amount 10000.00 --due 2026-01-31 --paid 2026-03-02 --rate 12.00");
  REQUIRE(r.status == 0);
  CHECK(json_of(r)["interest"] == "98.63");
}

TEST_CASE("penalties: invalid input names the flag, exits non-zero, prints one line") {
  struct Row { const char* args; int status; const char* err; };
  const Row rows[] = {
      {"--amount -5.00 --due 2024-01-01 --paid 2024-02-01", 1, "relance penalties: --amount: montant négatif « -5.00 »\n"},
      {"--amount 12,50 --due 2024-01-01 --paid 2024-02-01", 1, "relance penalties: --amount: montant invalide « 12,50 » (caractère inattendu « , » ; attendu 1234.56)\n"},
      {"--amount 100 --due 2025-02-29 --paid 2025-03-01", 1, "relance penalties: --due: date impossible ou mal écrite « 2025-02-29 » (attendu AAAA-MM-JJ)\n"},
      {"--amount 100 --due 2025-02-01", 1, "relance penalties: --until: date de fin obligatoire : --paid DATE (solde payé ce jour-là) ou --until DATE\n"},
      {"--amount 100 --due 2025-02-01 --paid 2025-03-01 --issue 2025-01-15 --payment 2025-01-10=10", 1, "relance penalties: --payment: paiement du 2025-01-10 antérieur à la facture du 2025-01-15\n"},
      {"--amount 100 --due 2025-02-01 --paid 2025-03-01 --payment 2025-02-10=150", 1, "relance penalties: --payment: les paiements dépassent le montant de la facture\n"},
      {"--amount 100 --due 2025-02-01 --paid 2025-03-01 --colour red", 2, "relance penalties: --colour: option inconnue (relance help)\n"},
      {"--amount 100 --due 2025-02-01 --paid 2025-03-01 --notice 2025-02-10", 1, "relance penalties: --notice: ne sert qu'avec --consumer (entre professionnels, les pénalités courent sans mise en demeure)\n"},
      {"--amount 100 --due 2025-02-01 --paid 2025-03-01 --rate abc", 1, "relance penalties: --rate: taux invalide « abc » (pourcentage, ex. 12.00)\n"},
      {"--amount", 2, "relance penalties: --amount: valeur manquante\n"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.args);
    const Run r = run_cli(std::string("penalties ") + row.args);
    CHECK(r.status == row.status);
    CHECK(r.out.empty());
    CHECK(r.err == row.err);
  }
  const Run unknown = run_cli("frobnicate");
  CHECK(unknown.status == 2);
  CHECK(unknown.err == "relance: frobnicate: commande inconnue (relance help)\n");
}

TEST_CASE("agenda on the sample ledger") {
  const Run r = run_cli("agenda " + sample + " --today 2026-11-23 --days 7");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const relance::Json j = json_of(r);
  CHECK(j["today"] == "2026-11-23");
  CHECK(j["days"] == 7);
  std::vector<std::string> due_clients;
  for (const auto& item : j["due"]) due_clients.push_back(item["client_name"].get<std::string>());
  // Garage Dupont (disputed), the Crèche (do not chase) and Mme Besnard
  // (promise until 30/11) are never chased.
  for (const char* never : {"Garage Dupont & Fils", "Crèche Les Petits Pas", "Mme Camille Besnard"})
    CHECK(std::find(due_clients.begin(), due_clients.end(), never) == due_clients.end());
  // The restaurant's two invoices, after the formal notice: hand-over, one item.
  bool restaurant = false;
  for (const auto& item : j["due"])
    if (item["client_name"] == "Restaurant L'Œillet") {
      restaurant = true;
      CHECK(item["step_name"] == "Recouvrement");
      CHECK(item["invoices"].size() == 2);
    }
  CHECK(restaurant);
  // The pharmacy paid after two reminders: a thank-you.
  REQUIRE(j["thanks"].size() == 1);
  CHECK(j["thanks"][0]["client_name"] == "Pharmacie du Parc");
}

TEST_CASE("agenda reads its ledger the same from a file, a pipe or a redirection, and names a bad one") {
  const Run file = run_cli("agenda " + sample + " --today 2026-11-23");
  REQUIRE_MESSAGE(file.status == 0, file.err);
  // A regular file is mapped; a pipe is read to its end: the same agenda.
  const Run piped = run_cli("agenda /dev/stdin --today 2026-11-23", "cat '" + sample + "' | ");
  CHECK(piped.status == 0);
  CHECK(piped.out == file.out);
  const Run redirected = run_cli("agenda /dev/stdin --today 2026-11-23 < '" + sample + "'");
  CHECK(redirected.status == 0);
  CHECK(redirected.out == file.out);
  // Empty from a pipe or as a file: the same error.
  const std::string empty = (std::filesystem::temp_directory_path() / "relance-cli-empty.json").string();
  { std::ofstream(empty, std::ios::trunc); }
  const Run empty_file = run_cli("agenda '" + empty + "' --today 2026-11-23");
  const Run empty_pipe = run_cli("agenda /dev/stdin --today 2026-11-23", "printf '' | ");
  CHECK(empty_file.status == 1);
  CHECK(empty_pipe.status == 1);
  CHECK(empty_file.err.find(empty + ":1:1: JSON invalide : fin de texte inattendue") != std::string::npos);
  CHECK(empty_pipe.err.find("/dev/stdin:1:1: JSON invalide : fin de texte inattendue") != std::string::npos);
  std::filesystem::remove(empty);
}

TEST_CASE("report on the sample ledger: aging adds up, late payers and penalties per client") {
  const Run r = run_cli("report " + sample + " --today 2026-11-23");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const relance::Json j = json_of(r);
  CHECK(j["today"] == "2026-11-23");
  // The five aging buckets add up to the total, which is the open balance.
  auto cents = [](const relance::Json& v) {
    const std::string s = v.get<std::string>();
    const auto dot = s.find('.');
    REQUIRE(dot != std::string::npos);
    return std::stoll(s.substr(0, dot)) * 100 + std::stoll(s.substr(dot + 1));
  };
  const relance::Json& aging = j["aging"];
  long long sum = 0;
  for (const char* b : {"not_due", "d1_30", "d31_60", "d61_90", "over_90"}) sum += cents(aging[b]);
  CHECK(sum == cents(aging["total"]));
  CHECK(cents(aging["total"]) == cents(j["open_balance"]));
  CHECK(cents(aging["over_90"]) > 0);
  CHECK(j["dso_days"].is_number());
  CHECK(j["dso_history"].size() == 12);
  // The restaurant, chased up to the hand-over, owes penalties and is a late payer.
  bool restaurant = false;
  for (const auto& c : j["clients"])
    if (c["name"] == "Restaurant L'Œillet") {
      restaurant = true;
      CHECK(cents(c["penalties_claimable"]) > 0);
      CHECK(c["max_days_late"].get<int>() > 30);
      CHECK(std::find(j["late_payers"].begin(), j["late_payers"].end(), c["id"]) != j["late_payers"].end());
    }
  CHECK(restaurant);
  CHECK(cents(j["penalties_claimable"]) > 0);

  const Run bad = run_cli("report " + sample + " --today 2026-02-30");
  CHECK(bad.status != 0);
  CHECK(bad.err.find("--today") != std::string::npos);
  CHECK(bad.out.empty());
}

TEST_CASE("check, apply and sample") {
  const auto dir = std::filesystem::temp_directory_path() / ("relance-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string copy = (dir / "ledger.json").string();
  REQUIRE(run_cli("sample -o " + copy).status == 0);
  Run r = run_cli("check " + copy);
  REQUIRE(r.status == 0);
  CHECK(json_of(r)["counts"]["invoices"] == 26);

  const std::string cmd_path = (dir / "pay.json").string();
  std::ofstream(cmd_path) << R"({"format":"relance-command","version":1,"type":"record_payment","invoice":12,)"
                          << R"("payment":{"date":"2026-11-23","amount":"8720.00","method":"transfer"}})";
  r = run_cli("apply " + copy + " " + cmd_path);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  r = run_cli("apply " + copy + " " + cmd_path);  // the balance is now 0: refused, file unchanged
  CHECK(r.status == 1);
  CHECK(r.err.find("payment.amount: le paiement (8\u202f720,00\u00a0€) dépasse le solde dû (0,00\u00a0€)") != std::string::npos);

  std::ofstream(copy, std::ios::app) << "garbage";
  r = run_cli("check " + copy);
  CHECK(r.status == 1);
  CHECK(json_of(r)["errors"][0].get<std::string>().find("JSON invalide") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("render prints a step's text") {
  const Run r = run_cli("render " + sample + " --invoice F-2026-0036 --step 3 --today 2026-11-23");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.find("À : direction@hotel-celestins.fr") != std::string::npos);
  CHECK(r.out.find("8\u202f720,00\u00a0€") != std::string::npos);
  CHECK(run_cli("render " + sample + " --invoice F-9999 --step 1").err ==
        "relance render: --invoice: facture « F-9999 » introuvable\n");
}

TEST_CASE("CSV: export, import back, and a bad line refused with nothing written") {
  const auto dir = std::filesystem::temp_directory_path() / ("relance-csv-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string csv = (dir / "factures.csv").string(), out = (dir / "registre.json").string();
  Run r = run_cli("export-csv " + sample + " -o " + csv);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  r = run_cli("import-csv " + csv + " -o " + out + " --today 2026-11-23");
  REQUIRE_MESSAGE(r.status == 0, r.err);
  relance::Json j = json_of(r);
  CHECK(j["invoices"] == 23);  // the credit note, the draft and the pro forma stay out
  CHECK(json_of(run_cli("check " + out))["counts"]["invoices"] == 23);

  const std::string bad = (dir / "bad.csv").string(), untouched = (dir / "untouched.json").string();
  std::ofstream(bad) << "Numéro;Client;Date;Échéance;TTC\nF1;A;01/01/2026;31/01/2026;100,00\nF2;B;31/02/2026;31/03/2026;50\n";
  r = run_cli("import-csv " + bad + " -o " + untouched);
  CHECK(r.status == 1);
  CHECK(r.err.find("ligne 3, colonne « Date »: date invalide « 31/02/2026 »") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(untouched));
  CHECK(run_cli("import-csv " + bad + " -o " + untouched + " --dialect xls").err ==
        "relance import-csv: --dialect: « xls » inconnu (fr ou plain)\n");
  std::filesystem::remove_all(dir);
}
