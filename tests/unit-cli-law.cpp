// The command line on the law of the day: current rates, prescription,
// public buyers, other jurisdictions.
#include <doctest/doctest.h>

#include "tests/cli_run.h"

using cli_test::Run;

using cli_test::json_of;
using cli_test::run;

namespace {

bool any_warning(const relance::Json& j, const std::string& needle) {
  const relance::Json& warnings = j["warnings"];
  for (const auto& w : warnings)
    if (w.get<std::string>().find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("penalties in July 2026: 2.40 % + 10 = 12.40 %, no unknown-rate warning") {
  // 10 000.00 due 31/07/2026, paid 30/08: 30 days × 12.40 % / 365 = 101.917… → 101.92 + 40.00.
  const auto r = run("penalties --amount 10000.00 --due 2026-07-31 --paid 2026-08-30");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  REQUIRE(j["lines"].size() == 1);
  CHECK(j["lines"][0]["rate"] == "12.40");
  CHECK(j["interest"] == "101.92");
  CHECK(j["total"] == "141.92");
  CHECK_FALSE(any_warning(j, "inconnu"));
  // Consumer, legal rate of 2026 H2 (other cases): 2 000.00 × 2.75 % × 30 / 365 = 4.52.
  const auto c = run("penalties --amount 2000.00 --due 2026-07-01 --consumer --notice 2026-07-31 --paid 2026-08-30");
  REQUIRE(c.status == 0);
  const relance::Json k = json_of(c);
  CHECK(k["lines"][0]["rate"] == "2.75");
  CHECK(k["interest"] == "4.52");
  CHECK_FALSE(any_warning(k, "inconnu"));
  // 2027 H1 is not published: the last rate is carried forward and said.
  const auto late = run("penalties --amount 10000.00 --due 2026-12-31 --paid 2027-01-30");
  REQUIRE(late.status == 0);
  CHECK(any_warning(json_of(late), "Taux du 1er semestre 2027 inconnu"));
}

TEST_CASE("penalties before 2020: the 3 × legal-rate floor uses that half-year's legal rate") {
  // 2016 H1, other cases: 1.01 % → floor 3.03 %: a contractual 3.00 % is too low.
  const auto r = run("penalties --amount 1000.00 --due 2016-02-01 --paid 2016-03-02 --rate 3.00");
  REQUIRE(r.status == 0);
  CHECK(any_warning(json_of(r), "inférieur à 3 fois le taux de l'intérêt légal (3,03\u00a0% au 01/01/2016)"));
  // 2013: a single rate of 0.04 % → floor 0.12 %: 3.00 % is fine, and no
  // « Pas de taux connu avant » either.
  const auto ok = run("penalties --amount 1000.00 --due 2013-02-01 --paid 2013-03-03 --rate 3.00");
  REQUIRE(ok.status == 0);
  CHECK_FALSE(any_warning(json_of(ok), "inférieur"));
  CHECK_FALSE(any_warning(json_of(ok), "Pas de taux connu"));
}

TEST_CASE("penalties: a contractual rate with three decimals") {
  // 100 000.00 × 0.975 % × 30 / 365 = 80.136… → 80.14.
  const auto r = run("penalties --amount 100000.00 --due 2026-07-31 --paid 2026-08-30 --rate 0.975");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  CHECK(j["lines"][0]["rate"] == "0.975");
  CHECK(j["interest"] == "80.14");
  const auto bad = run("penalties --amount 100.00 --due 2026-07-31 --paid 2026-08-30 --rate 0.9755");
  CHECK(bad.status == 1);
  CHECK(bad.err == "relance penalties: --rate: taux invalide « 0.9755 » (pourcentage, ex. 12.00)\n");
}

TEST_CASE("penalties: a claim past its limitation date is said so in the warnings") {
  const auto r = run("penalties --amount 1000.00 --due 2020-03-01 --until 2025-03-01");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  REQUIRE_FALSE(j["warnings"].empty());
  CHECK(j["warnings"][0] ==
        "Créance prescrite depuis le 01/03/2025 (5 ans, professionnel ; délai couru depuis l'échéance du 01/03/2020) : "
        "ni la facture ni ses pénalités ne peuvent plus être réclamées en justice.");
  // The day before, nothing; a consumer: 2 years; a court claim restarts the period.
  CHECK_FALSE(any_warning(json_of(run("penalties --amount 1000.00 --due 2020-03-01 --until 2025-02-28")), "prescrite"));
  CHECK(any_warning(json_of(run("penalties --amount 1000.00 --due 2024-01-10 --consumer --until 2026-01-10")),
                    "Créance prescrite depuis le 10/01/2026 (2 ans, particulier"));
  CHECK_FALSE(any_warning(
      json_of(run("penalties --amount 1000.00 --due 2020-03-01 --until 2025-06-01 --court-claim 2024-12-01")),
      "prescrite"));
}

namespace {

std::string tmp_dir() {
  const auto dir = std::filesystem::temp_directory_path() / ("relance-files-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace

TEST_CASE("-o keeps the target's mode, writes through a symlink, refuses a FIFO, a device or a directory") {
  const std::string dir = tmp_dir();
  const std::string ledger = dir + "/ledger.json";
  REQUIRE(run("sample -o " + ledger).status == 0);
  REQUIRE(::chmod(ledger.c_str(), 0600) == 0);
  REQUIRE(run("sample -o " + ledger).status == 0);
  struct stat st {};
  REQUIRE(::stat(ledger.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);  // a 600 ledger stays 600

  // Through a symbolic link: the file it points to is replaced, the link stays.
  const std::string link = dir + "/link.json";
  std::filesystem::remove(link);
  std::filesystem::create_symlink(ledger, link);
  const std::string out = dir + "/out.json";
  {
    std::ofstream(ledger, std::ios::trunc) << "{}";
  }
  REQUIRE(run("sample -o " + link).status == 0);
  CHECK(std::filesystem::is_symlink(link));
  CHECK(std::filesystem::file_size(ledger) > 100);
  REQUIRE(::stat(ledger.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);

  const std::string fifo = dir + "/fifo";
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  Run r = run("sample -o " + fifo);
  CHECK(r.status == 1);
  CHECK(r.err == "relance sample: " + fifo +
                     ": c'est un tube nommé (FIFO), pas un fichier ordinaire : rien n'est écrit (donnez le nom d'un fichier)\n");
  r = run("sample -o /dev/null");
  CHECK(r.status == 1);
  CHECK(r.err == "relance sample: /dev/null: c'est un périphérique, pas un fichier ordinaire : rien n'est écrit (donnez "
                 "le nom d'un fichier)\n");
  r = run("sample -o " + dir);
  CHECK(r.status == 1);
  CHECK(r.err == "relance sample: " + dir +
                     ": c'est un dossier, pas un fichier ordinaire : rien n'est écrit (donnez le nom d'un fichier)\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("inputs: capped in size, a directory named as one") {
  Run r = run("check /dev/urandom", "RELANCE_MAX_INPUT_BYTES=1000000");
  CHECK(r.status == 1);
  CHECK(r.err == "relance check: /dev/urandom: fichier trop gros : Relance lit au plus 1000000 octets (variable "
                 "RELANCE_MAX_INPUT_BYTES pour changer la limite)\n");
  const std::string dir = tmp_dir();
  r = run("check " + dir);
  CHECK(r.status == 1);
  CHECK(r.err == "relance check: " + dir + ": c'est un dossier, pas un fichier\n");
  r = run("import-csv " + dir + " -o " + dir + "/x.json");
  CHECK(r.status == 1);
  CHECK(r.err.find("c'est un dossier, pas un fichier") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("the ledger loader refuses what the commands refuse, naming the JSON path") {
  const std::string dir = tmp_dir();
  const std::string ledger = dir + "/l.json";
  REQUIRE(run("sample -o " + ledger).status == 0);
  std::string text;
  {
    std::ifstream in(ledger);
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto with = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    t.replace(at, from.size(), to);
    std::ofstream(ledger, std::ios::trunc) << t;
  };
  auto j = relance::parse_json(text, "sample");
  REQUIRE(j.ok());
  const std::string number = (*j)["invoices"][0]["number"].get<std::string>();
  const std::string name = (*j)["clients"][0]["name"].get<std::string>();

  const auto errors = [](const Run& r) {
    std::string all;
    const relance::Json out = json_of(r);
    for (const auto& e : out["errors"]) all += e.get<std::string>() + "\n";
    return all;
  };
  with("\"number\": \"" + number + "\"", "\"number\": \"" + number + "\\r\\nBcc: x@example.org\"");
  Run r = run("check " + ledger);
  CHECK(r.status == 1);
  CHECK_MESSAGE(errors(r).find(ledger + ": $.invoices[0].number: le texte ne peut contenir ni retour à la ligne, ni "
                                        "tabulation, ni caractère nul") != std::string::npos, errors(r));
  with("\"name\": \"" + name + "\"", "\"name\": \"" + name + "\\u0000\"");
  r = run("check " + ledger);
  CHECK(r.status == 1);
  CHECK_MESSAGE(errors(r).find("$.clients[0].name: le texte ne peut contenir ni retour à la ligne") != std::string::npos, errors(r));
  with("\"name\": \"" + name + "\"", "\"name\": \"" + std::string(10'000'000, 'a') + "\"");
  r = run("check " + ledger);
  CHECK(r.status == 1);
  CHECK_MESSAGE(errors(r).find("$.clients[0].name: texte trop long (500 caractères au plus)") != std::string::npos, errors(r).substr(0, 300));
  std::filesystem::remove_all(dir);
}

TEST_CASE("penalties --public [--hospital]: ECB + 8 points, 30 or 50 days") {
  // 10 000.00, 30 days in 2025 H2: 2.15 + 8 = 10.15 % → 83.42 + 40.00.
  const auto r = run("penalties --amount 10000.00 --due 2025-09-30 --paid 2025-10-30 --public");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  CHECK(j["lines"][0]["rate"] == "10.15");
  CHECK(j["interest"] == "83.42");
  CHECK(j["total"] == "123.42");
  // An invoice of 01/08 due 30/09: beyond the 50 days of a public hospital.
  const auto h = run("penalties --amount 10000.00 --issue 2025-08-01 --due 2025-09-30 --paid 2025-10-30 --public --hospital");
  REQUIRE(h.status == 0);
  CHECK(any_warning(json_of(h), "Échéance au 30/09/2025 au-delà du délai de paiement légal de 50 jours pour un "
                                "établissement public de santé (Code de la commande publique R2192-10 et R2192-11) : "
                                "20/09/2025 au plus tard pour une facture du 01/08/2025."));
  const auto s = run("penalties --amount 10000.00 --issue 2025-08-01 --due 2025-09-30 --paid 2025-10-30 --public");
  CHECK(any_warning(json_of(s), "30 jours pour un acheteur public"));
}

TEST_CASE("penalties --judgment-notified: legal rate + 5 points two months after notification") {
  const auto r = run("penalties --amount 10000.00 --due 2025-01-31 --until 2025-12-31 --judgment-notified 2025-06-15");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  REQUIRE(j["lines"].size() == 3);
  CHECK(j["lines"][1]["to"] == "2025-08-15");
  CHECK(j["lines"][2]["from"] == "2025-08-16");
  CHECK(j["lines"][2]["rate"] == "7.76");  // 2.76 (other cases, 2025 H2) + 5
  CHECK(j["lines"][2]["amount"] == "293.39");
  CHECK(j["lines"][2]["judgment"] == true);
  CHECK(j["judgment_from"] == "2025-08-16");
  CHECK(j["interest"] == "986.92");
  // A consumer without a formal notice: interest from the increase on.
  const auto c = run("penalties --amount 2000.00 --due 2025-08-01 --consumer --paid 2025-12-31 --judgment-notified 2025-10-15");
  REQUIRE(c.status == 0);
  const relance::Json k = json_of(c);
  REQUIRE(k["lines"].size() == 1);
  CHECK(k["lines"][0]["from"] == "2025-12-16");
  CHECK(k["interest"] == "6.80");
}

TEST_CASE("penalties --law be|de|uk|eu: the other packs") {
  struct Row {
    const char* args;
    const char* rate;
    const char* interest;
    const char* indemnity;
  };
  const Row rows[] = {
      {"--law be", "10.50", "86.30", "40.00"},
      {"--law eu", "10.15", "83.42", "40.00"},
      {"--law de", "10.27", "84.41", "40.00"},
      {"--law uk", "12.25", "100.68", "100.00"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.args);
    const auto r = run(std::string("penalties --amount 10000.00 --due 2025-09-30 --paid 2025-10-30 ") + row.args);
    REQUIRE(r.status == 0);
    const relance::Json j = json_of(r);
    CHECK(j["lines"][0]["rate"] == row.rate);
    CHECK(j["interest"] == row.interest);
    CHECK(j["indemnity"] == row.indemnity);
  }
  CHECK(json_of(run("penalties --amount 10000.00 --due 2025-09-30 --paid 2025-10-30 --law uk"))["currency"] == "GBP");
  // German consumers: Basiszinssatz + 5 = 6.27 %.
  const auto de = run("penalties --amount 10000.00 --due 2025-09-30 --paid 2025-10-30 --law de --consumer --notice 2025-09-30");
  CHECK(json_of(de)["lines"][0]["rate"] == "6.27");
}

TEST_CASE("penalties: the new flags' errors say what and where") {
  struct Row {
    const char* args;
    const char* err;
  };
  const Row rows[] = {
      {"--hospital", "--hospital: ne sert qu'avec --public (établissement public de santé : délai de 50 jours)"},
      {"--public --consumer", "--public: incompatible avec --consumer (un acheteur public est un professionnel)"},
      {"--public --rate 12.00",
       "--rate: pas de taux contractuel envers un acheteur public : intérêts moratoires au taux légal (taux BCE + 8 "
       "points, Code de la commande publique R2192-31)"},
      {"--law xx", "--law: droit « xx » inconnu (attendu : fr, be, de, uk, eu)"},
      {"--judgment-notified 2024-12-01", "--judgment-notified: jugement notifié avant l'échéance (--due)"},
      {"--law de --judgment-notified 2025-01-10", "--judgment-notified: pas de majoration après jugement dans « Allemagne »"},
      {"--law de --public", "--public: pas de règle pour les acheteurs publics dans « Allemagne »"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.args);
    const auto r = run(std::string("penalties --amount 100.00 --due 2025-01-01 --paid 2025-02-01 ") + row.args);
    CHECK(r.status == 1);
    CHECK(r.err == std::string("relance penalties: ") + row.err + "\n");
  }
}

TEST_CASE("apply and check: a public buyer in the ledger file") {
  const std::string dir = tmp_dir();
  const std::string ledger = dir + "/public.json";
  REQUIRE(run("sample -o " + ledger).status == 0);
  const std::string command = dir + "/add-chu.json";
  {
    std::ofstream(command, std::ios::trunc)
        << R"({"format": "relance-command", "version": 1, "type": "add_client", "client": {"name": "CHU de Lyon", )"
           R"("kind": "business", "public_buyer": "hospital", "terms": {"method": "net", "days": 60}}})";
  }
  const std::string out = dir + "/public-out.json";
  const auto r = run("apply " + ledger + " " + command + " -o " + out);
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  REQUIRE(j["warnings"].size() == 1);
  CHECK(j["warnings"][0] == "Délai de 60 jours supérieur au délai de paiement légal de 50 jours pour un établissement "
                            "public de santé (Code de la commande publique R2192-10 et R2192-11).");
  CHECK(run("check " + out).status == 0);
  {
    std::ofstream(command, std::ios::trunc)
        << R"({"format": "relance-command", "version": 1, "type": "add_client", "client": {"name": "Mme Rey", )"
           R"("kind": "consumer", "public_buyer": "state"}})";
  }
  const auto bad = run("apply " + ledger + " " + command + " -o " + out);
  CHECK(bad.status == 1);
  CHECK(bad.err.find("public_buyer: un acheteur public est un client professionnel (kind « business »)") !=
        std::string::npos);
  std::filesystem::remove_all(dir);
}
