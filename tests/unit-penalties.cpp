// French late-payment law: the worked examples of the law notes, segments
// over half-years and years, partial payments, contractual rates, consumers.
#include <doctest/doctest.h>

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
      {1'000'000, "2025-09-30", "2025-10-30", {{d("2025-10-01"), d("2025-10-30"), 30, 1'000'000, 1215, 9986}}, 9986},
      {1'000'000, "2024-06-15", "2024-07-15",
       {{d("2024-06-16"), d("2024-06-30"), 15, 1'000'000, 1450, 5959},
        {d("2024-07-01"), d("2024-07-15"), 15, 1'000'000, 1425, 5856}},
       11815},
      {120'000, "2023-12-01", "2024-03-01",
       {{d("2023-12-02"), d("2023-12-31"), 30, 120'000, 1400, 1381},
        {d("2024-01-01"), d("2024-03-01"), 61, 120'000, 1450, 2908}},
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
  CHECK(p.lines[0].rate == 1315);
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
  CHECK(p.lines[0].rate == 276);
  CHECK(p.interest == 1830);
  CHECK(p.indemnity == 0);
  CHECK(p.total == 1830);
}
