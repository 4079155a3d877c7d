// Matching statement lines to open invoices: one table row per rule (see
// core/bank/match.h), on one ledger.
#include <doctest/doctest.h>

#include "core/bank/match.h"
#include "tests/bank_fixtures.h"

using namespace relance;
using namespace relance::bank;
using relance::test::d;

namespace {

StatementLine credit(const char* date, Cents amount, const char* label, const char* payer = "", const char* ref = "",
                     const char* id = "") {
  StatementLine l;
  l.date = d(date);
  l.amount = amount;
  l.label = label;
  l.payer = payer;
  l.reference = ref;
  l.bank_id = id;
  return l;
}

std::vector<std::string> numbers(const Ledger& l, const Proposal& p) {
  std::vector<std::string> out;
  for (InvoiceId id : p.invoices) out.push_back(find_invoice(l, id)->number);
  return out;
}

// The fixture ledger, plus a client with two invoices of the same amount and
// a third invoice for Boulangerie Martin.
struct MatchLedger : relance::test::BankLedger {
  ClientId leroy = 0;
  InvoiceId f43 = 0, f50 = 0, f51 = 0;
  MatchLedger() {
    f43 = b.invoice(martin, "F-2026-0043", 10000, "2026-10-06", "2026-11-05");
    leroy = b.client("Menuiserie Leroy EURL");
    f50 = b.invoice(leroy, "F-2026-0050", 30000, "2026-10-20", "2026-11-19");
    f51 = b.invoice(leroy, "F-2026-0051", 30000, "2026-10-21", "2026-11-20");
  }
};

const Date kToday = d("2026-11-20");

}  // namespace

TEST_CASE("match: name and number helpers") {
  CHECK(number_key("F-2026-0036") == "F202636");
  CHECK(number_key("f2026 36") == "F202636");
  CHECK(number_key("FACT F-2026-0036") == "FACTF202636");
  CHECK(normalize_name("Garage Dupont & Fils SARL") == "garage dupont fils");
  CHECK(normalize_name("SAS GARAGE DUPONT ET FILS") == "garage dupont fils");
  CHECK(normalize_name("Hôtel des Célestins") == "hotel des celestins");
  CHECK(normalize_name("M. et Mme Lefèvre") == "lefevre");
  CHECK(normalize_name("L'Œillet (EI)") == "l oeillet");
}

TEST_CASE("match: every rule, strongest first") {
  MatchLedger m;
  struct Row {
    const char* what;
    StatementLine line;
    const char* status;
    std::vector<std::string> first;  // invoices of the first proposal
    const char* confidence;
    Cents surplus = 0;
    std::size_t proposals = 1;
  };
  const Row rows[] = {
      {"number and amount", credit("2026-11-02", 123456, "VIR SEPA FACT F-2026-0036"), "matched", {"F-2026-0036"}, "sure"},
      {"number without dashes, a space", credit("2026-11-02", 123456, "VIR F2026 36"), "matched", {"F-2026-0036"}, "sure"},
      {"number without separators, zeros kept", credit("2026-11-02", 123456, "VIR F20260036"), "matched", {"F-2026-0036"}, "sure"},
      {"number in lower case without its zeros", credit("2026-11-02", 123456, "vir f-2026-36"), "matched", {"F-2026-0036"}, "sure"},
      {"number glued to a word", credit("2026-11-02", 123456, "VIR FACTF2026-0036"), "matched", {"F-2026-0036"}, "sure"},
      {"number of the pattern by its digits alone", credit("2026-11-02", 123456, "FACTURE 2026/0036 MERCI"), "matched", {"F-2026-0036"}, "sure"},
      {"number in the reference", credit("2026-11-02", 123456, "VIREMENT", "", "F-2026-0036"), "matched", {"F-2026-0036"}, "sure"},
      {"two numbers, the sum", credit("2026-11-03", 50000, "F-2026-0041 ET F-2026-0042"), "matched", {"F-2026-0041", "F-2026-0042"}, "sure"},
      {"three numbers, the sum", credit("2026-11-03", 60000, "F2026-41/F2026-42/F2026-43"), "matched", {"F-2026-0041", "F-2026-0042", "F-2026-0043"}, "sure"},
      {"two numbers, one balance", credit("2026-11-03", 30000, "F-2026-0041 F-2026-0042"), "matched", {"F-2026-0041"}, "likely"},
      {"number, overpaid", credit("2026-11-02", 130000, "FACT F-2026-0036"), "matched", {"F-2026-0036"}, "likely", 6544},
      {"number, partial payment", credit("2026-11-02", 50000, "ACOMPTE F-2026-0045"), "matched", {"F-2026-0045"}, "possible"},
      {"name and exact balance", credit("2026-11-05", 200000, "VIR SEPA", "HOTEL DES CELESTINS"), "matched", {"F-2026-0045"}, "likely"},
      {"name in the label, legal form and « et »", credit("2026-11-05", 50000, "VIR SAS GARAGE DUPONT ET FILS"), "matched", {"F-2026-0040"}, "likely"},
      {"name, two invoices add up", credit("2026-11-03", 50000, "VIR", "Boulangerie Martin"), "matched", {"F-2026-0041", "F-2026-0042"}, "possible"},
      {"name, three invoices add up", credit("2026-11-10", 60000, "VIR", "BOULANGERIE MARTIN"), "matched", {"F-2026-0041", "F-2026-0042", "F-2026-0043"}, "possible"},
      {"name, one balance beats a sum", credit("2026-11-10", 30000, "VIR", "BOULANGERIE MARTIN"), "matched", {"F-2026-0041"}, "likely", 0, 2},
      {"name, two invoices of the same balance", credit("2026-11-22", 30000, "VIR MENUISERIE LEROY"), "ambiguous", {"F-2026-0050"}, "likely", 0, 2},
      {"number beats name", credit("2026-11-22", 30000, "MENUISERIE LEROY F-2026-0051"), "matched", {"F-2026-0051"}, "sure", 0, 2},
      {"nothing", credit("2026-11-02", 7777, "VIR INCONNU"), "unmatched", {}, nullptr, 0, 0},
      {"a debit", credit("2026-11-02", -123456, "F-2026-0036"), "debit", {}, nullptr, 0, 0},
      {"invoice issued after the payment", credit("2026-09-10", 50000, "F-2026-0040"), "unmatched", {}, nullptr, 0, 0},
      {"a name that is only part of the client's", credit("2026-11-05", 200000, "VIR", "HOTEL"), "unmatched", {}, nullptr, 0, 0},
  };
  for (const Row& row : rows) {
    const std::string what = row.what;
    CAPTURE(what);
    Statement s;
    s.lines.push_back(row.line);
    assign_line_ids(s);
    const MatchResult r = match_statement(m.b.l, s, kToday);
    REQUIRE(r.lines.size() == 1);
    const LineMatch& lm = r.lines[0];
    CHECK(std::string(to_string(lm.status)) == row.status);
    CHECK(lm.proposals.size() == row.proposals);
    if (!row.confidence) continue;
    REQUIRE(!lm.proposals.empty());
    CHECK(numbers(m.b.l, lm.proposals[0]) == row.first);
    CHECK(std::string(to_string(lm.proposals[0].confidence)) == row.confidence);
    CHECK(lm.proposals[0].surplus == row.surplus);
    CHECK(lm.proposals[0].amount == row.line.amount);
  }
}

TEST_CASE("match: a movement already recorded is known, in this statement or an overlapping one") {
  MatchLedger m;
  Statement s;
  s.lines.push_back(credit("2026-11-02", 123456, "FACT F-2026-0036", "", "", "FITID-1"));
  s.lines.push_back(credit("2026-11-05", 200000, "VIR", "Hôtel des Célestins"));
  assign_line_ids(s);
  MatchResult r = match_statement(m.b.l, s, kToday);
  const cmd::RecordPayments batch = sure_payments(m.b.l, s, r, "releve.ofx");
  REQUIRE(batch.payments.size() == 1);  // the likely one waits for the user
  CHECK(batch.payments[0].invoice == m.f36);
  CHECK(batch.payments[0].payment.bank_ref == "FITID-1");
  CHECK(batch.payments[0].payment.statement == "releve.ofx");
  CHECK(batch.payments[0].payment.method == PaymentMethod::transfer);
  CHECK(batch.payments[0].payment.reference == "FACT F-2026-0036");
  REQUIRE(relance::apply(m.b.l, Command{batch}).ok());

  r = match_statement(m.b.l, s, kToday);
  CHECK(r.lines[0].status == LineStatus::known);
  CHECK(r.lines[0].proposals.empty());
  CHECK(r.lines[1].status == LineStatus::matched);
  CHECK(sure_payments(m.b.l, s, r, "releve.ofx").payments.empty());
  // A line without a bank id: its hash is the id.
  const std::string hash = s.lines[1].bank_id;
  CHECK(starts_with(hash, "h:"));
  auto pay = payments_for(m.b.l, s.lines[1], r.lines[1].proposals[0], "releve.ofx");
  REQUIRE(pay.size() == 1);
  CHECK(pay[0].payment.bank_ref == hash);
  REQUIRE(relance::apply(m.b.l, Command{cmd::RecordPayments{pay}}).ok());
  CHECK(match_statement(m.b.l, s, kToday).lines[1].status == LineStatus::known);
}

TEST_CASE("match: one invoice surely paid by two lines of a statement is applied once") {
  MatchLedger m;
  Statement s;
  s.lines.push_back(credit("2026-11-02", 123456, "FACT F-2026-0036", "", "", "A"));
  s.lines.push_back(credit("2026-11-03", 123456, "FACT F-2026-0036 BIS", "", "", "B"));
  const MatchResult r = match_statement(m.b.l, s, kToday);
  CHECK(r.lines[0].proposals[0].confidence == Confidence::sure);
  CHECK(r.lines[1].proposals[0].confidence == Confidence::likely);
  CHECK(sure_payments(m.b.l, s, r, "x").payments.size() == 1);
}

TEST_CASE("match: a proposal for several invoices pays each its balance, the surplus on the last") {
  MatchLedger m;
  m.b.pay(m.f41, "2026-10-20", 10000);  // 200,00 left
  Statement s;
  s.lines.push_back(credit("2026-11-03", 45000, "F-2026-0041 F-2026-0042", "", "", "X"));
  const MatchResult r = match_statement(m.b.l, s, kToday);
  REQUIRE(r.lines[0].proposals.size() == 1);
  const Proposal& p = r.lines[0].proposals[0];
  CHECK(p.confidence == Confidence::likely);
  CHECK(p.surplus == 5000);
  auto pay = payments_for(m.b.l, s.lines[0], p, "x");
  REQUIRE(pay.size() == 2);
  CHECK(pay[0].invoice == m.f41);
  CHECK(pay[0].payment.amount == 20000);
  CHECK(pay[1].invoice == m.f42);
  CHECK(pay[1].payment.amount == 25000);
  auto applied = relance::apply(m.b.l, Command{cmd::RecordPayments{pay}});
  REQUIRE(applied.ok());
  REQUIRE(applied->warnings.size() == 1);
  CHECK(applied->warnings[0] == "F-2026-0042 : trop-perçu de 50,00\u00a0€ (payé 250,00\u00a0€, restait dû 200,00\u00a0€)");
  CHECK(balance(m.b.l, *find_invoice(m.b.l, m.f42)) == -5000);
}

TEST_CASE("match: a thank-you only when the reminded client owes nothing else overdue") {
  MatchLedger m;
  m.b.remind(m.hotel, {m.f45}, "b2b", 0, "2026-11-15");
  m.b.remind(m.dupont, {m.f36}, "b2b", 0, "2026-10-10");
  Statement s;
  s.lines.push_back(credit("2026-11-18", 200000, "VIR", "HOTEL DES CELESTINS"));  // owes nothing else
  s.lines.push_back(credit("2026-11-18", 123456, "F-2026-0036"));                 // F-2026-0040 still overdue
  s.lines.push_back(credit("2026-11-18", 173456, "F-2026-0036 F-2026-0040"));     // both
  s.lines.push_back(credit("2026-11-18", 30000, "F-2026-0041"));                  // never reminded
  const MatchResult r = match_statement(m.b.l, s, kToday);
  CHECK(r.lines[0].proposals[0].thanks);
  CHECK(!r.lines[1].proposals[0].thanks);
  CHECK(r.lines[2].proposals[0].thanks);
  CHECK(!r.lines[3].proposals[0].thanks);
}

TEST_CASE("match: the JSON shape relance match prints") {
  MatchLedger m;
  Statement s;
  s.format = Format::ofx;
  s.account = "123";
  s.lines.push_back(credit("2026-11-02", 130000, "FACT F-2026-0036", "", "REF", "ID1"));
  s.lines.push_back(credit("2026-11-02", -4500, "PRLV"));
  assign_line_ids(s);
  const Json j = match_json(m.b.l, s, match_statement(m.b.l, s, kToday));
  CHECK(j["format"] == "ofx");
  CHECK(j["account"] == "123");
  REQUIRE(j["lines"].size() == 2);
  const Json& a = j["lines"][0];
  CHECK(a["date"] == "2026-11-02");
  CHECK(a["amount"] == "1300.00");
  CHECK(a["label"] == "FACT F-2026-0036");
  CHECK(a["ref"] == "REF");
  CHECK(a["status"] == "matched");
  CHECK(a["proposals"][0]["invoices"] == Json::array({"F-2026-0036"}));
  CHECK(a["proposals"][0]["amount"] == "1300.00");
  CHECK(a["proposals"][0]["confidence"] == "likely");
  CHECK(a["proposals"][0]["surplus"] == "65.44");
  CHECK(j["lines"][1]["amount"] == "-45.00");
  CHECK(j["lines"][1]["status"] == "debit");
  CHECK(j["lines"][1]["proposals"].empty());
}
