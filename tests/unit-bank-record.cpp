// cmd::RecordPayments: a reconciliation recorded all or nothing, bank ids
// never twice; its journal form; the payment's bank fields in the ledger file.
#include <doctest/doctest.h>

#include "core/storage.h"
#include "tests/bank_fixtures.h"

using namespace relance;
using relance::test::d;

namespace {

cmd::RecordPayment item(InvoiceId inv, const char* date, Cents amount, const char* bank_ref) {
  cmd::RecordPayment r;
  r.invoice = inv;
  r.payment.date = d(date);
  r.payment.amount = amount;
  r.payment.method = PaymentMethod::transfer;
  r.payment.reference = "VIR";
  r.payment.bank_ref = bank_ref;
  r.payment.statement = "releve.ofx";
  return r;
}

}  // namespace

TEST_CASE("record_payments: all recorded at once, the bank reference and statement kept") {
  relance::test::BankLedger m;
  const Command c = cmd::RecordPayments{{item(m.f36, "2026-11-02", 123456, "A"), item(m.f41, "2026-11-03", 30000, "B"),
                                         item(m.f42, "2026-11-03", 20000, "B")}};
  const Ledger before = m.b.l;
  auto checked = check(m.b.l, c);
  REQUIRE_MESSAGE(checked.ok(), checked.error().message());
  CHECK(m.b.l == before);  // check() changes nothing
  auto r = relance::apply(m.b.l, c);
  REQUIRE(r.ok());
  const Invoice& f36 = *find_invoice(m.b.l, m.f36);
  REQUIRE(f36.payments.size() == 1);
  CHECK(f36.payments[0].bank_ref == "A");
  CHECK(f36.payments[0].statement == "releve.ofx");
  CHECK(f36.payments[0].id > 0);
  CHECK(invoice_status(m.b.l, f36) == InvoiceStatus::paid);
  CHECK(invoice_status(m.b.l, *find_invoice(m.b.l, m.f42)) == InvoiceStatus::paid);
  CHECK(r->warnings.empty());
}

TEST_CASE("record_payments: one refusal and nothing is recorded") {
  relance::test::BankLedger m;
  m.b.run(cmd::RecordPayments{{item(m.f45, "2026-11-05", 100000, "OLD")}});
  const Ledger before = m.b.l;
  struct Row {
    const char* what;
    cmd::RecordPayments c;
    const char* error;
  } rows[] = {
      {"bank id already recorded",
       {{item(m.f36, "2026-11-02", 123456, "A"), item(m.f41, "2026-11-03", 30000, "OLD")}},
       "payments[1].payment.bank_ref: mouvement bancaire « OLD » déjà enregistré (facture F-2026-0045)"},
      {"same movement twice on one invoice",
       {{item(m.f36, "2026-11-02", 100000, "A"), item(m.f36, "2026-11-02", 23456, "A")}},
       "payments[1].payment.bank_ref: mouvement bancaire « A » deux fois sur la facture F-2026-0036"},
      {"unknown invoice", {{item(m.f36, "2026-11-02", 100, "A"), item(999, "2026-11-02", 100, "C")}},
       "payments[1].invoice: facture introuvable (identifiant 999)"},
      {"before the invoice", {{item(m.f36, "2026-11-02", 100, "A"), item(m.f45, "2026-10-01", 100, "C")}},
       "payments[1].payment.date: paiement du 01/10/2026 antérieur à la facture F-2026-0045 du 10/10/2026"},
      {"nothing", {}, "payments: aucun paiement à enregistrer"},
      {"zero", {{item(m.f36, "2026-11-02", 0, "A")}}, "payments[0].payment.amount: montant nul"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.what);
    auto chk = check(m.b.l, Command{row.c});
    REQUIRE(!chk.ok());
    CHECK(chk.error().message() == row.error);
    auto r = relance::apply(m.b.l, Command{row.c});
    REQUIRE(!r.ok());
    CHECK(r.error().message() == row.error);
    CHECK(m.b.l == before);
  }
}

TEST_CASE("record_payments: the journal form round-trips") {
  relance::test::BankLedger m;
  const Command c = cmd::RecordPayments{{item(m.f36, "2026-11-02", 123456, "FITID-1"), item(m.f41, "2026-11-03", 30000, "h:00ff")}};
  const std::string json = command_to_json(c);
  CHECK(json.find("\"type\":\"record_payments\"") != std::string::npos);
  auto back = command_from_json(json, "cmd.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(std::get<cmd::RecordPayments>(*back).payments.size() == 2);
  CHECK(command_to_json(*back) == json);
  const auto& p = std::get<cmd::RecordPayments>(*back).payments[0];
  CHECK(p.invoice == m.f36);
  CHECK(p.payment.bank_ref == "FITID-1");
  CHECK(p.payment.statement == "releve.ofx");
  CHECK(p.payment.amount == 123456);

  auto bad = command_from_json(R"({"format":"relance-command","version":1,"type":"record_payments","payments":[{"invoice":1}]})", "c.json");
  REQUIRE(!bad.ok());
  CHECK(bad.error().message().find("$.payments[0].payment") != std::string::npos);
}

TEST_CASE("record_payments: the ledger file keeps the bank fields, and files without them still load") {
  relance::test::BankLedger m;
  m.b.run(cmd::RecordPayments{{item(m.f36, "2026-11-02", 123456, "FITID-1")}});
  m.b.pay(m.f41, "2026-11-03", 100);  // typed in by hand: no bank fields
  const std::string text = ledger_to_json(m.b.l);
  auto back = ledger_from_json(text, "l.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(*back == m.b.l);
  CHECK(find_invoice(*back, m.f36)->payments[0].bank_ref == "FITID-1");
  CHECK(find_invoice(*back, m.f41)->payments[0].bank_ref.empty());
  // A payment typed by hand is written without the keys.
  const std::size_t f41_at = text.find("\"F-2026-0041\"");
  CHECK(text.find("bank_ref", f41_at) == std::string::npos);
}
