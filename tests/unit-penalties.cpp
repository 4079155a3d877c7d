// French late-payment law: the worked examples of the law notes, segments
// over half-years and years, partial payments, contractual rates, consumers.
#include <doctest/doctest.h>

#include "bench/generate.h"
#include "core/commands.h"
#include "core/penalties.h"

using namespace relance;

namespace {

Date d(const char* iso) { return *parse_iso_date(iso); }

PenaltyCase b2b(Cents amount, const char* due, const char* until) {
  PenaltyCase c;
  c.kind = ClientKind::business;
  c.schedule = {{d(due), amount}};
  c.until = d(until);
  return c;
}

// The remaining balance paid on `until`.
PenaltyCase paid_on(PenaltyCase c) {
  Cents paid = 0;
  for (const auto& p : c.payments) paid += p.amount;
  Cents owed = 0;
  for (const auto& s : c.schedule) owed += s.amount;
  c.payments.push_back({c.until, owed - paid});
  return c;
}

}  // namespace

TEST_CASE("the worked examples of the B2B rules") {
  struct Row {
    Cents ttc;
    const char* due;
    const char* paid;
    std::vector<PenaltyLine> lines;
    Cents interest;
  };
  const Row rows[] = {
      {1'000'000, "2025-09-30", "2025-10-30", {{d("2025-10-01"), d("2025-10-30"), 30, 1'000'000, 12150, 9986}}, 9986},
      {1'000'000, "2024-06-15", "2024-07-15",
       {{d("2024-06-16"), d("2024-06-30"), 15, 1'000'000, 14500, 5959},
        {d("2024-07-01"), d("2024-07-15"), 15, 1'000'000, 14250, 5856}},
       11815},
      {120'000, "2023-12-01", "2024-03-01",
       {{d("2023-12-02"), d("2023-12-31"), 30, 120'000, 14000, 1381},
        {d("2024-01-01"), d("2024-03-01"), 61, 120'000, 14500, 2908}},
       4289},
  };
  for (const Row& row : rows) {
    CAPTURE(row.due);
    const Penalties p = compute_penalties(france(), paid_on(b2b(row.ttc, row.due, row.paid)));
    CHECK(p.lines == row.lines);
    CHECK(p.interest == row.interest);
    CHECK(p.indemnity == 4000);
    CHECK(p.total == row.interest + 4000);
    CHECK(p.days_late == d(row.paid) - d(row.due));
    CHECK(p.warnings.empty());
  }
}

TEST_CASE("a published example off by a cent: 1 000 € for 30 days at 13.15 % is 10.81 €") {
  PenaltyCase c = paid_on(b2b(100'000, "2025-03-01", "2025-03-31"));
  const Penalties p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].rate == 13150);
  CHECK(p.lines[0].days == 30);
  CHECK(p.interest == 1081);
}

TEST_CASE("B2C: legal interest from the day after the formal notice, no indemnity") {
  PenaltyCase c;
  c.kind = ClientKind::consumer;
  c.schedule = {{d("2025-08-01"), 200'000}};
  c.notice = d("2025-09-01");
  c.until = d("2025-12-31");
  c = paid_on(c);
  const Penalties p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].from == d("2025-09-02"));
  CHECK(p.lines[0].days == 121);
  CHECK(p.lines[0].rate == 2760);
  CHECK(p.interest == 1830);
  CHECK(p.indemnity == 0);
  CHECK(p.total == 1830);
}

TEST_CASE("partial payments split the accrual; each segment on the balance then owed") {
  // 5 000 € due 30/09/2024, 2 000 € paid 30/10/2024, computed to 31/12/2024.
  PenaltyCase c = b2b(500'000, "2024-09-30", "2024-12-31");
  c.payments = {{d("2024-10-30"), 200'000}};
  const Penalties p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 2);
  CHECK(p.lines[0] == PenaltyLine{d("2024-10-01"), d("2024-10-30"), 30, 500'000, 14250, 5856});  // 58.56
  CHECK(p.lines[1] == PenaltyLine{d("2024-10-31"), d("2024-12-31"), 62, 300'000, 14250, 7262});  // 72.616 → 72.62
  CHECK(p.interest == 13118);
  CHECK(p.days_late == 92);

  SUBCASE("a payment before the due date lowers the base from the start") {
    c.payments = {{d("2024-09-15"), 200'000}};
    const Penalties q = compute_penalties(france(), c);
    REQUIRE(q.lines.size() == 1);
    CHECK(q.lines[0].base == 300'000);
    CHECK(q.lines[0].days == 92);
  }
  SUBCASE("interest is not lost once the principal is paid") {
    c.payments = {{d("2024-10-30"), 200'000}, {d("2024-11-15"), 300'000}};
    c.until = d("2025-06-30");
    const Penalties q = compute_penalties(france(), c);
    REQUIRE(q.lines.size() == 2);
    CHECK(q.lines[1].to == d("2024-11-15"));
    CHECK(q.days_late == 46);
    CHECK(q.indemnity == 4000);
  }
}

TEST_CASE("segments follow half-year and year boundaries, leap years count 365") {
  // 29/02/2024 lies in the accrual; the divisor stays 365.
  PenaltyCase c = paid_on(b2b(365'000, "2024-02-27", "2024-03-02"));
  Penalties p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].days == 4);  // 28, 29 February, 1, 2 March
  CHECK(p.lines[0].amount == 580);  // 3 650 € × 14.50 % × 4 / 365 = 5.80 €

  // From H2 2023 across the new year into H1 2024 and H2 2024.
  c = paid_on(b2b(100'000, "2023-12-30", "2024-07-02"));
  p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 3);
  CHECK(p.lines[0] == PenaltyLine{d("2023-12-31"), d("2023-12-31"), 1, 100'000, 14000, 38});  // 0.3836 → 0.38
  CHECK(p.lines[1].from == d("2024-01-01"));
  CHECK(p.lines[1].to == d("2024-06-30"));
  CHECK(p.lines[1].days == 182);
  CHECK(p.lines[1].rate == 14500);
  CHECK(p.lines[1].amount == 7230);  // 1 000 × 14.50 % × 182 / 365 = 72.3013
  CHECK(p.lines[2] == PenaltyLine{d("2024-07-01"), d("2024-07-02"), 2, 100'000, 14250, 78});  // 0.7808
}

TEST_CASE("paid on time or early: nothing is owed") {
  for (const char* paid : {"2026-01-10", "2026-01-15"}) {
    const Penalties p = compute_penalties(france(), paid_on(b2b(100'000, "2026-01-15", paid)));
    CHECK(p.lines.empty());
    CHECK(p.total == 0);
    CHECK(p.days_late == 0);
  }
}

TEST_CASE("a contractual rate replaces the legal one; below 3 × the legal rate it is flagged") {
  PenaltyCase c = paid_on(b2b(1'000'000, "2026-01-31", "2026-03-02"));
  c.contractual_rate = 12000;
  Penalties p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].rate == 12000);
  CHECK(p.lines[0].amount == 9863);  // 10 000 × 12 % × 30 / 365 = 98.630
  CHECK(p.warnings.empty());
  c.contractual_rate = 7000;  // 3 × 2.62 % = 7.86 %
  p = compute_penalties(france(), c);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find("inférieur à 3 fois le taux de l'intérêt légal (7,86") != std::string::npos);
}

TEST_CASE("a half-year with no known rate carries the last one forward and says so") {
  const Penalties p = compute_penalties(france(), paid_on(b2b(100'000, "2026-12-31", "2027-01-30")));
  REQUIRE(p.lines.size() == 1);
  CHECK(p.lines[0].rate == 12400);  // 2.40 % from H2 2026 + 10 points
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find("1er semestre 2027 inconnu") != std::string::npos);
  // An unverified figure is used but flagged.
  const Penalties q = compute_penalties(france(), paid_on(b2b(100'000, "2026-01-31", "2026-03-02")));
  REQUIRE(q.warnings.size() == 1);
  CHECK(q.warnings[0].find("non vérifié") != std::string::npos);
}

TEST_CASE("B2C without a formal notice accrues nothing, and says why") {
  PenaltyCase c;
  c.kind = ClientKind::consumer;
  c.schedule = {{d("2025-08-01"), 200'000}};
  c.until = d("2025-12-31");
  const Penalties p = compute_penalties(france(), c);
  CHECK(p.lines.empty());
  CHECK(p.total == 0);
  CHECK(p.days_late == 152);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find("Code civil 1344-1") != std::string::npos);
}

TEST_CASE("a payment plan: each instalment accrues from its own date") {
  PenaltyCase c = b2b(0, "2026-01-01", "2026-03-31");
  c.schedule = {{d("2026-01-31"), 50'000}, {d("2026-02-28"), 50'000}};
  c.payments = {{d("2026-02-10"), 50'000}};  // settles the first instalment, 10 days late
  const Penalties p = compute_penalties(france(), c);
  REQUIRE(p.lines.size() == 2);
  CHECK(p.lines[0] == PenaltyLine{d("2026-02-01"), d("2026-02-10"), 10, 50'000, 12150, 166});  // 1.664
  CHECK(p.lines[1] == PenaltyLine{d("2026-03-01"), d("2026-03-31"), 31, 50'000, 12150, 516});  // 5.159
  CHECK(p.indemnity == 4000);  // one per invoice, not per instalment
}

TEST_CASE("invoice penalties from the ledger: B2C interest starts at the recorded formal notice") {
  Ledger l = make_empty_ledger();
  Client c;
  c.name = "Mme Besnard";
  c.kind = ClientKind::consumer;
  REQUIRE(apply(l, cmd::AddClient{c}).ok());
  Invoice inv;
  inv.number = "F-1";
  inv.client = 1;
  inv.state = Lifecycle::issued;
  inv.issue_date = d("2025-07-01");
  inv.due_date = d("2025-08-01");
  inv.ttc = 200'000;
  REQUIRE(apply(l, cmd::AddInvoice{inv}).ok());
  HistoryEntry notice;
  notice.date = d("2025-09-01");
  notice.client = 1;
  notice.invoices = {1};
  notice.chain_id = "b2c";
  notice.step = 4;
  notice.channel = Channel::registered_notice;
  REQUIRE(apply(l, cmd::RecordAction{notice}).ok());
  REQUIRE(apply(l, cmd::RecordPayment{1, {0, d("2025-12-31"), 200'000, PaymentMethod::transfer, "", false}}).ok());
  const Penalties p = invoice_penalties(l, l.invoices[0], d("2026-11-23"));
  CHECK(p.interest == 1830);  // the law notes' example, accrual stopped on payment
  CHECK(p.indemnity == 0);
  CHECK(formal_notice_date(l, l.invoices[0]) == d("2025-09-01"));
}

// LedgerPenalties (the invoice table, statements, the benchmark) must give,
// for every invoice, what invoice_penalties() gives: the whole Penalties from
// operator(), the same figures from totals(). On generated ledgers (plans,
// partial payments, contractual rates, consumers with and without a formal
// notice, paid and open invoices of every age), with public buyers, judgments
// and clients under other laws added.
TEST_CASE("LedgerPenalties gives invoice_penalties() for every invoice, totals() its figures") {
  for (const std::uint64_t seed : {4u, 9u}) {
    Ledger l = bench::generate_ledger({.invoices = 3000, .seed = seed});
    const Date today = d("2026-03-16");
    for (std::size_t i = 0; i < l.clients.size(); i += 7) {
      Client& c = l.clients[i];
      if (c.kind == ClientKind::business) c.public_buyer = i % 2 ? PublicBuyer::state : PublicBuyer::hospital;
    }
    for (std::size_t i = 3; i < l.clients.size(); i += 11) l.clients[i].law = i % 2 ? "be" : "de";
    for (std::size_t i = 5; i < l.invoices.size(); i += 13)
      l.invoices[i].judgment_notified_on = l.invoices[i].due_date + static_cast<int>(40 + i % 300);
    drop_summary(l);
    LedgerPenalties book(l, today);
    std::size_t with_lines = 0, with_notes = 0;
    for (const Invoice& inv : l.invoices) {
      const Penalties want = invoice_penalties(l, inv, today);
      const Penalties got = book(inv);
      CHECK(got.lines == want.lines);
      CHECK(got.warnings == want.warnings);
      CHECK(got.rate_notes == want.rate_notes);
      CHECK(got.judgment_from == want.judgment_from);
      CHECK(got.total == want.total);
      const PenaltyTotals t = book.totals(inv);
      CHECK(t == PenaltyTotals{want.days_late, want.interest, want.indemnity, want.total});
      with_lines += !want.lines.empty();
      with_notes += !want.rate_notes.empty();
    }
    CHECK(with_lines > 500);
    // The batch (reading ahead) gives each invoice's totals, in order.
    std::vector<const Invoice*> all;
    for (const Invoice& inv : l.invoices) all.push_back(&inv);
    const std::vector<PenaltyTotals> batch = book.totals(all);
    REQUIRE(batch.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) CHECK(batch[i] == book.totals(*all[i]));
    CHECK(with_notes > 0);
  }
}
