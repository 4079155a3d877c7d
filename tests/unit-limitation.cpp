// Prescription: the same date in the agenda, the invoice, the reports, the
// letters and `relance penalties` (core/limitation.h).
#include <doctest/doctest.h>

#include "builder.h"
#include "core/dunning.h"
#include "core/letters.h"
#include "core/limitation.h"
#include "core/messages.h"
#include "core/reports.h"

using namespace relance;
using relance::test::d;

namespace {

struct Row {
  const char* what;
  ClientKind kind;
  const char* due;
  const char* partial;       // a partial payment on this day, or null
  const char* acknowledged;  // a promise acknowledging the debt made this day, or null
  const char* court_claim;   // a court claim filed this day, or null
  const char* notice;        // a formal notice sent this day, or null (does not interrupt)
  const char* today;
  const char* limit;  // expected limit
  bool barred;
};

const Row kRows[] = {
    {"B2B: 5 years from the due date, barred on the day", ClientKind::business, "2020-03-01", nullptr, nullptr, nullptr,
     nullptr, "2025-03-01", "2025-03-01", true},
    {"B2B: the day before, still claimable", ClientKind::business, "2020-03-01", nullptr, nullptr, nullptr, nullptr,
     "2025-02-28", "2025-03-01", false},
    {"B2B: 29 February → 28 February", ClientKind::business, "2020-02-29", nullptr, nullptr, nullptr, nullptr,
     "2025-02-28", "2025-02-28", true},
    {"B2C: 2 years", ClientKind::consumer, "2024-01-10", nullptr, nullptr, nullptr, nullptr, "2026-01-10",
     "2026-01-10", true},
    {"B2C: a formal notice does not interrupt", ClientKind::consumer, "2024-01-10", nullptr, nullptr, nullptr,
     "2025-06-01", "2026-02-01", "2026-01-10", true},
    {"B2B: a partial payment restarts the period", ClientKind::business, "2019-06-01", "2022-04-15", nullptr, nullptr,
     nullptr, "2026-12-01", "2027-04-15", false},
    {"B2B: an acknowledgement of debt restarts it", ClientKind::business, "2019-06-01", nullptr, "2023-01-05", nullptr,
     nullptr, "2026-12-01", "2028-01-05", false},
    {"B2B: a court claim restarts it", ClientKind::business, "2019-06-01", nullptr, nullptr, "2024-05-02", nullptr,
     "2026-12-01", "2029-05-02", false},
    {"B2B: a court claim filed after the limit does not revive it", ClientKind::business, "2019-06-01", nullptr,
     nullptr, "2024-07-01", nullptr, "2026-12-01", "2029-07-01", false},
};

}  // namespace

TEST_CASE("prescription: table of cases, the invoice flag and the report agree") {
  for (const Row& row : kRows) {
    CAPTURE(row.what);
    test::Builder b;
    const ClientId c = b.client("Client", row.kind);
    Invoice inv;
    inv.number = "F-0001";
    inv.client = c;
    inv.state = Lifecycle::issued;
    inv.issue_date = d(row.due) - 30;
    inv.due_date = d(row.due);
    inv.ht = inv.ttc = 100'000;
    if (row.court_claim) inv.court_claim_on = d(row.court_claim);
    const InvoiceId id = b.run(cmd::AddInvoice{inv}).invoice;
    if (row.partial) b.pay(id, row.partial, 10'000);
    if (row.acknowledged) {
      Promise p;
      p.made_on = d(row.acknowledged);
      p.promised_for = d(row.acknowledged) + 30;
      p.acknowledges_debt = true;
      b.run(cmd::AddPromise{id, p});
    }
    if (row.notice) b.remind(c, {id}, row.kind == ClientKind::business ? "b2b" : "b2c", 4, row.notice);
    const Date today = d(row.today);
    const auto lim = invoice_limitation(b.l, *find_invoice(b.l, id), today);
    REQUIRE(lim);
    CHECK(lim->limit == d(row.limit));
    CHECK(lim->expired == row.barred);
    CHECK(time_barred(b.l, *find_invoice(b.l, id), today) == row.barred);
    // The report's limitation warnings say the same.
    Settings s = b.l.settings;
    s.limitation_warning_days = 1000;
    b.run(cmd::SetSettings{s});
    const Report r = build_report(b.l, today);
    REQUIRE(r.limitations.size() == 1);
    CHECK(r.limitations[0].limit == lim->limit);
    CHECK(r.limitations[0].expired == row.barred);
    // Never proposed in the agenda once barred.
    const Agenda a = compute_agenda(b.l, today, 7);
    if (row.barred) {
      CHECK(a.due.empty());
      CHECK(a.upcoming.empty());
      CHECK(not_chased_reason(b.l, *find_invoice(b.l, id), today).find("F-0001 : créance prescrite depuis le") == 0);
    }
  }
}

TEST_CASE("prescription: the agenda proposes the claimable invoice, not the barred one; letters say it") {
  test::Builder b;
  const ClientId c = b.client("Atelier");
  const InvoiceId old_one = b.invoice(c, "F-2020-0001", 100'000, "2020-02-01", "2020-03-01");
  const InvoiceId recent = b.invoice(c, "F-2026-0001", 100'000, "2026-09-01", "2026-10-01");
  const Date today = d("2026-11-23");
  const Agenda a = compute_agenda(b.l, today, 7);
  for (const auto& list : {a.due, a.upcoming})
    for (const AgendaItem& item : list)
      for (const auto& i : item.invoices) CHECK(i.id != old_one);
  CHECK_FALSE(a.due.empty());

  LetterRequest r;
  r.client = c;
  r.type = LetterType::notice;
  r.invoices = {old_one, recent};
  r.today = today;
  auto content = letter_content(b.l, r);
  REQUIRE(content);
  const std::string w = "F-2020-0001 : créance prescrite depuis le 01/03/2025 (5 ans, professionnel ; délai couru "
                        "depuis l'échéance du 01/03/2020)";
  bool in_warnings = false;
  for (const std::string& x : content->warnings) in_warnings |= x.find(w) == 0;
  CHECK(in_warnings);
  REQUIRE_FALSE(content->body.empty());
  CHECK(content->body[0].text.find("Attention, créance prescrite") == 0);
  bool checked = false;
  for (const std::string& x : message_checks(b.l, {old_one}, today)) checked |= x.find(w) == 0;
  CHECK(checked);
  (void)recent;
}
