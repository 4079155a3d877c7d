// The CLI says what really happened too: `relance render`, `mailto` and
// `letter` word a catch-up's first message as a first reminder and a later
// one with the reminders actually sent; `relance ics` writes the calendar.
#include <doctest/doctest.h>

#include "tests/cli_run.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "builder.h"
#include "core/storage.h"

using namespace relance;
using relance::test::Builder;
using relance::test::d;

namespace {

using cli_test::Run;

std::string tmp(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("relance-cli-daily-" + std::to_string(::getpid()) + "-" + name)).string();
}

Run cli(const std::string& args) { return cli_test::run(args); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// A business and a consumer client, one invoice each with its own number,
// three weeks late on 2026-11-21; `reminded` records one reminder for each.
std::string ledger_file(bool reminded, const std::string& name) {
  Builder b;
  Company co;
  co.name = "Atelier Lumière";
  co.address = {"14 rue de la Charité", "", "69002", "Lyon", ""};
  co.signatory = "Claire Vasseur";
  b.run(cmd::SetCompany{co});
  const ClientId pro = b.client("Dupont SARL");
  const ClientId perso = b.client("M. Jean Martin", ClientKind::consumer);
  const InvoiceId f1 = b.invoice(pro, "2026-047", 123456, "2026-10-01", "2026-10-31");
  const InvoiceId f2 = b.invoice(perso, "2026-048", 85000, "2026-10-01", "2026-10-31");
  if (reminded) {
    b.remind(pro, {f1}, "b2b", 1, "2026-11-05");
    b.remind(perso, {f2}, "b2c", 1, "2026-11-05");
  }
  const std::string path = tmp(name);
  std::ofstream(path, std::ios::binary) << ledger_to_json(b.l);
  return path;
}

std::string pdf_words(const std::string& path) {
  FILE* p = popen(("pdftotext " + path + " - 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string raw, out;
  std::array<char, 4096> buf{};
  std::size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) raw.append(buf.data(), got);
  pclose(p);
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\f') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("relance render / mailto / letter: the first message after a catch-up is a first reminder") {
  const std::string file = ledger_file(false, "first.json");
  // Step 3 of the chain (Relance 2), nothing sent before.
  Run r = cli("render " + file + " --invoice 2026-047 --step 3 --today 2026-11-21");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "Étape : Relance 2 (E-mail)\n"));
  CHECK(has(r.out, "Objet : Relance de paiement – 2026-047\n"));
  CHECK(has(r.out, "Sauf erreur ou omission de notre part"));
  for (const char* bad : {"Malgré", "Deuxième", "aucune", "Dernière relance"}) CHECK_FALSE(has(r.out, bad));
  r = cli("render " + file + " --invoice 2026-047 --step 4 --today 2026-11-21");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "Étape : Appel\n"));  // not « Appel (Appel) »
  CHECK(has(r.out, "c'est le premier contact"));
  r = cli("render " + file + " --invoice 2026-048 --step 3 --today 2026-11-21");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "Sauf erreur de notre part, le règlement suivant est toujours en attente"));
  r = cli("render " + file + " --invoice 2026-048 --step 2 --today 2026-11-21");  // SMS
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "sauf erreur, votre facture 2026-048"));

  r = cli("mailto " + file + " --client 'Dupont SARL' --today 2026-11-21");
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto j = parse_json(r.out, "stdout");
  REQUIRE(j.ok());
  CHECK((*j)["subject"] == "Relance de paiement – 2026-047");
  CHECK_FALSE(has((*j)["body"].get<std::string>(), "Malgré"));
  CHECK((*j)["too_long"] == false);
  CHECK((*j)["url"].get<std::string>().size() < 1500);

  const std::string pdf = tmp("first.pdf");
  r = cli("letter " + file + " --client 'Dupont SARL' --type reminder --today 2026-11-21 -o " + pdf);
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string words = pdf_words(pdf);
  CHECK(has(words, "Relance de paiement – 2026-047"));
  CHECK(has(words, "ne nous est pas parvenu"));
  CHECK_FALSE(has(words, "Malgré"));
  const std::string notice = tmp("notice.pdf");
  r = cli("letter " + file + " --client 'M. Jean Martin' --type notice --today 2026-11-21 -o " + notice);
  REQUIRE(r.status == 0);
  CHECK_FALSE(has(pdf_words(notice), "Relances précédentes"));
  std::filesystem::remove(pdf);
  std::filesystem::remove(notice);
  std::filesystem::remove(file);
}

TEST_CASE("relance render / mailto / letter after one reminder sent") {
  const std::string file = ledger_file(true, "again.json");
  Run r = cli("render " + file + " --invoice 2026-047 --step 3 --today 2026-11-21");
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "Objet : Dernière relance avant mise en demeure – 2026-047\n"));
  CHECK(has(r.out, "Malgré notre relance par e-mail du 05/11/2026"));
  r = cli("mailto " + file + " --client 'Dupont SARL' --step 3 --today 2026-11-21");
  REQUIRE(r.status == 0);
  auto j = parse_json(r.out, "stdout");
  REQUIRE(j.ok());
  CHECK((*j)["subject"] == "Dernière relance avant mise en demeure – 2026-047");
  MESSAGE("mailto URL after one reminder: " << (*j)["url"].get<std::string>().size() << " characters");
  CHECK((*j)["url"].get<std::string>().size() < 1500);
  const std::string notice = tmp("notice2.pdf");
  r = cli("letter " + file + " --client 'M. Jean Martin' --type notice --today 2026-11-21 -o " + notice);
  REQUIRE(r.status == 0);
  const std::string words = pdf_words(notice);
  CHECK(has(words, "Relances précédentes restées sans effet\u00a0: relance par SMS du 05/11/2026"));
  std::filesystem::remove(notice);
  std::filesystem::remove(file);
}

TEST_CASE("relance ics: the planned reminders as a calendar file") {
  const std::string file = ledger_file(false, "ics.json");
  const std::string out = tmp("r.ics");
  Run r = cli("ics " + file + " --today 2026-11-21 --days 14 -o " + out);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out == "2 relances à faire aujourd'hui — 2\u202f084,56\u00a0€ en jeu\n");
  const std::string ics = slurp(out);
  CHECK(has(ics, "BEGIN:VCALENDAR\r\n"));
  CHECK(has(ics, "DTSTART;VALUE=DATE:20261121\r\n"));
  CHECK(has(ics, "SUMMARY:2 relances à faire — 2\u202f084\\,56\u00a0€ en jeu\r\n"));
  r = cli("ics " + file + " --today 2026-11-21 --days 0 -o " + out);
  CHECK(r.status != 0);
  CHECK(has(r.err, "--days"));
  r = cli("ics " + file + " --today 2026-11-21");
  CHECK(r.status != 0);
  CHECK(has(r.err, "-o"));
  std::filesystem::remove(out);
  std::filesystem::remove(file);
}
