// Reports: aging buckets and their boundaries, payment plans, credit notes,
// write-offs, DSO by hand, average days late, penalties claimable, limitation
// dates, the JSON the CLI prints; and a generated ledger checked against the
// ledger's own per-invoice queries.
#include <doctest/doctest.h>

#include "builder.h"
#include "core/penalties.h"
#include "core/reports.h"

using namespace relance;
using relance::test::d;

namespace {

const Date kToday = d("2026-11-23");

struct Book : test::Builder {
  InvoiceId add(ClientId client, const std::string& number, Cents ttc, Date issued, Date due) {
    Invoice inv;
    inv.number = number;
    inv.client = client;
    inv.kind = InvoiceKind::invoice;
    inv.state = Lifecycle::issued;
    inv.issue_date = issued;
    inv.due_date = due;
    inv.ht = ttc;
    inv.ttc = ttc;
    return run(cmd::AddInvoice{inv}).invoice;
  }
  InvoiceId add(ClientId client, const std::string& number, Cents ttc, const char* issued, const char* due) {
    return add(client, number, ttc, d(issued), d(due));
  }
  void credit(InvoiceId id, const char* date, Cents amount) {
    run(cmd::IssueCreditNote{id, d(date), amount, "Remise"});
  }
  void plan(InvoiceId id, std::vector<Instalment> parts) { run(cmd::SetPlan{id, std::move(parts)}); }
  void promise(InvoiceId id, const char* made_on, const char* promised_for, bool acknowledges) {
    Promise p;
    p.made_on = d(made_on);
    p.promised_for = d(promised_for);
    p.acknowledges_debt = acknowledges;
    run(cmd::AddPromise{id, p});
  }
  ClientId client_marked(const std::string& name, bool bad_payer) {
    Client c;
    c.name = name;
    c.email = "compta@" + std::to_string(l.next_client_id) + ".example";
    c.bad_payer = bad_payer;
    return run(cmd::AddClient{c}).client;
  }
};

const ClientReport* client_in(const Report& r, ClientId id) {
  for (const ClientReport& c : r.clients)
    if (c.client == id) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("aging: each boundary of the buckets") {
  struct Row {
    int days_late;
    Cents AgingBuckets::*bucket;
  };
  const Row rows[] = {
      {-1, &AgingBuckets::not_due}, {0, &AgingBuckets::not_due},  {1, &AgingBuckets::d1_30},
      {30, &AgingBuckets::d1_30},   {31, &AgingBuckets::d31_60},  {60, &AgingBuckets::d31_60},
      {61, &AgingBuckets::d61_90},  {90, &AgingBuckets::d61_90},  {91, &AgingBuckets::over_90},
  };
  for (const Row& row : rows) {
    SUBCASE(("days late: " + std::to_string(row.days_late)).c_str()) {
      Book b;
      const ClientId c = b.client("Dupont SARL");
      const Date due = kToday - row.days_late;
      const InvoiceId id = b.add(c, "F-2026-0001", 100'000, due - 30, due);
      const Report r = build_report(b.l, kToday);
      // One day late already owes the indemnity and a day of interest.
      const Penalties p = invoice_penalties(b.l, *find_invoice(b.l, id), kToday);
      CHECK(r.penalties_claimable == p.total);
      CHECK((p.total > 0) == (row.days_late > 0));
      CHECK(r.aging.*row.bucket == 100'000);
      CHECK(r.aging.total() == 100'000);
      CHECK(aging_only(b.l, kToday) == r.aging);
      REQUIRE(r.clients.size() == 1);
      CHECK(r.clients[0].aging == r.aging);
      CHECK(r.clients[0].late_invoices == (row.days_late > 0 ? 1 : 0));
    }
  }
}

TEST_CASE("aging: partial payments, credit notes, disputes; written-off and cancelled left out") {
  Book b;
  const ClientId c = b.client("Dupont SARL");
  const InvoiceId i1 = b.add(c, "F-2026-0001", 100'000, "2026-10-02", "2026-11-01");  // 22 days late
  b.pay(i1, "2026-11-10", 40'000);
  const InvoiceId i2 = b.add(c, "F-2026-0002", 50'000, "2026-11-15", "2026-12-15");  // not due
  const InvoiceId i3 = b.add(c, "F-2026-0003", 80'000, "2026-07-01", "2026-08-01");  // 114 days late
  b.run(cmd::OpenDispute{i3, d("2026-09-01"), "Livraison incomplète"});
  const InvoiceId i4 = b.add(c, "F-2026-0004", 70'000, "2026-08-01", "2026-09-01");
  b.pay(i4, "2026-08-20", 10'000);
  b.run(cmd::WriteOff{i4, d("2026-11-01"), "Client en liquidation"});
  const InvoiceId i5 = b.add(c, "F-2026-0005", 25'000, "2026-09-01", "2026-10-01");
  b.credit(i5, "2026-10-10", 0);  // the whole amount: cancels it
  REQUIRE(find_invoice(b.l, i5)->state == Lifecycle::cancelled);
  b.credit(i2, "2026-11-20", 20'000);  // credit notes are numbered in date order
  const InvoiceId i6 = b.add(c, "F-2026-0006", 90'000, "2026-09-15", "2026-10-15");
  b.pay(i6, "2026-10-10", 90'000);

  const Report r = build_report(b.l, kToday);
  CHECK(r.aging.not_due == 30'000);
  CHECK(r.aging.d1_30 == 60'000);
  CHECK(r.aging.d31_60 == 0);
  CHECK(r.aging.d61_90 == 0);
  CHECK(r.aging.over_90 == 80'000);
  CHECK(r.aging.total() == 170'000);
  CHECK(r.open_balance == 170'000);
  CHECK(r.open_invoices == 3);
  CHECK(r.disputed_balance == 80'000);
  CHECK(r.written_off == 60'000);  // what was still owed when given up
  CHECK(aging_only(b.l, kToday) == r.aging);

  REQUIRE(r.clients.size() == 1);
  const ClientReport& cr = r.clients[0];
  CHECK(cr.open_balance == 170'000);
  CHECK(cr.open_invoices == 3);
  CHECK(cr.late_invoices == 2);
  CHECK(cr.max_days_late == 114);
  CHECK(cr.avg_days_late_open_x10 == 680);  // (22 + 114) / 2 = 68.0
  CHECK(cr.late_weight == 600'00 * 22 + 800'00 * 114);
  CHECK(cr.paid_invoices == 1);  // F-2026-0006, on time
  CHECK(cr.paid_late_invoices == 0);
  CHECK(cr.avg_days_late_paid_x10 == 0);
}

TEST_CASE("aging: a payment plan counts from the earliest unpaid instalment") {
  Book b;
  const ClientId c = b.client("Dupont SARL");
  const InvoiceId id = b.add(c, "F-2026-0001", 120'000, "2026-05-31", "2026-06-30");
  const std::vector<Instalment> thirds = {
      {d("2026-09-30"), 40'000}, {d("2026-10-31"), 40'000}, {d("2026-11-30"), 40'000}};
  AgingBuckets expected;

  SUBCASE("nothing paid: 54 days after the first instalment") {
    b.plan(id, thirds);
    expected.d31_60 = 120'000;
  }
  SUBCASE("first instalment paid: 23 days after the second") {
    b.plan(id, thirds);
    b.pay(id, "2026-10-02", 40'000);
    expected.d1_30 = 80'000;
  }
  SUBCASE("paid in part before the plan: the plan covers the rest") {
    b.pay(id, "2026-07-10", 20'000);
    b.plan(id, {{d("2026-10-15"), 50'000}, {d("2026-12-15"), 50'000}});
    expected.d31_60 = 100'000;  // 39 days after 15/10
  }
  SUBCASE("a credit note after the plan cuts the last instalments") {
    b.plan(id, thirds);
    b.pay(id, "2026-10-02", 40'000);
    b.credit(id, "2026-11-01", 50'000);  // 30/11 goes, 31/10 keeps 300.00
    expected.d1_30 = 30'000;
  }
  const Report r = build_report(b.l, kToday);
  CHECK(r.aging == expected);
  CHECK(aging_only(b.l, kToday) == expected);
  // The same as the ledger's own query.
  const Invoice& inv = *find_invoice(b.l, id);
  AgingBuckets from_ledger;
  from_ledger.add(days_late(b.l, inv, kToday), balance(b.l, inv));
  CHECK(from_ledger == expected);
  // Penalties accrue on the instalments as the ledger schedules them.
  CHECK(r.penalties_claimable == invoice_penalties(b.l, inv, kToday).total);
}

TEST_CASE("DSO: receivables over the last 90 days of sales, by hand") {
  SUBCASE("today and at past month ends") {
    Book b;
    const ClientId c = b.client("Dupont SARL");
    const InvoiceId a = b.add(c, "F-2026-0001", 284'000, "2026-08-25", "2026-09-24");  // one day before the window
    b.pay(a, "2026-10-15", 42'000);
    const InvoiceId bb = b.add(c, "F-2026-0002", 200'000, "2026-08-26", "2026-09-25");  // first day of the window
    b.pay(bb, "2026-09-20", 200'000);
    b.add(c, "F-2026-0003", 160'000, "2026-11-23", "2026-12-23");  // today
    const InvoiceId old = b.add(c, "F-2025-0001", 10'000, "2025-11-15", "2025-12-15");
    b.pay(old, "2025-11-20", 10'000);
    const InvoiceId dd = b.add(c, "F-2026-0004", 60'000, "2026-10-01", "2026-10-31");
    b.credit(dd, "2026-11-05", 0);  // cancelled: neither a sale nor a receivable
    b.credit(a, "2026-11-10", 20'000);
    const InvoiceId e = b.add(c, "F-2026-0005", 50'000, "2026-09-10", "2026-10-10");
    b.run(cmd::WriteOff{e, d("2026-10-20"), "Perte"});

    const Report r = build_report(b.l, kToday);
    // Sales 26/08..23/11: 2 000 + 500 + 1 600 = 4 100; receivables:
    // 2 840 − 420 − 200 + 1 600 = 3 820; 3 820 × 90 / 4 100 = 83.85.
    CHECK(r.dso_days == 84);

    REQUIRE(r.dso_history.size() == 12);
    CHECK(r.dso_history.front().month_end == d("2025-11-30"));
    CHECK(r.dso_history.back().month_end == d("2026-10-31"));
    struct Point {
      const char* month_end;
      Cents receivables;
      Cents sales;
      std::optional<int> dso;
    };
    const Point points[] = {
        {"2025-11-30", 0, 10'000, 0},  // the oldest point: paid already
        {"2026-07-31", 0, 0, std::nullopt},
        // Sales 03/06..31/08: A + B; both unpaid then: 90 days.
        {"2026-08-31", 484'000, 484'000, 90},
        // 03/07..30/09: A + B + E; B paid 20/09; 334 000 × 90 / 534 000 = 56.29.
        {"2026-09-30", 334'000, 534'000, 56},
        // 03/08..31/10: A + B + E; A less the payment of 15/10 (the credit
        // note of 10/11 is later), E written off 20/10: 242 000 × 90 / 534 000 = 40.79.
        {"2026-10-31", 242'000, 534'000, 41},
    };
    for (const Point& p : points) {
      CAPTURE(p.month_end);
      const auto it = std::find_if(r.dso_history.begin(), r.dso_history.end(),
                                   [&](const DsoPoint& x) { return x.month_end == d(p.month_end); });
      REQUIRE(it != r.dso_history.end());
      CHECK(it->receivables == p.receivables);
      CHECK(it->sales == p.sales);
      CHECK(it->dso_days == p.dso);
    }
  }
  SUBCASE("rounded half away from zero") {
    Book b;
    const ClientId c = b.client("Dupont SARL");
    b.add(c, "F-2026-0001", 10'100, "2026-07-01", "2026-07-31");  // outside the window: receivable only
    b.add(c, "F-2026-0002", 18'000, "2026-11-01", "2026-12-01");
    // 281.00 × 90 / 180.00 = 140.5
    CHECK(build_report(b.l, kToday).dso_days == 141);
  }
  SUBCASE("no sales in the last 90 days: no DSO") {
    Book b;
    const ClientId c = b.client("Dupont SARL");
    b.add(c, "F-2026-0001", 10'000, "2026-08-25", "2026-09-24");
    const Report r = build_report(b.l, kToday);
    CHECK_FALSE(r.dso_days.has_value());
    CHECK(r.open_balance == 10'000);
  }
}

TEST_CASE("average days late per client: paid in the last 365 days, and open") {
  Book b;
  const ClientId c = b.client("Dupont SARL");
  const InvoiceId p1 = b.add(c, "F-2026-0001", 100'000, "2026-09-01", "2026-10-01");
  b.pay(p1, "2026-10-11", 100'000);  // 10 days late
  const InvoiceId p2 = b.add(c, "F-2026-0002", 100'000, "2026-09-01", "2026-10-01");
  b.pay(p2, "2026-09-25", 100'000);  // on time: counts 0
  const InvoiceId p3 = b.add(c, "F-2025-0001", 100'000, "2025-10-01", "2025-11-01");
  b.pay(p3, "2025-11-23", 100'000);  // 365 days ago: out of the window
  const InvoiceId p4 = b.add(c, "F-2025-0002", 100'000, "2025-10-20", "2025-11-20");
  b.pay(p4, "2025-11-24", 100'000);  // 364 days ago: in, 4 days late
  const InvoiceId p5 = b.add(c, "F-2026-0003", 100'000, "2026-08-01", "2026-09-01");
  b.pay(p5, "2026-08-30", 50'000);
  b.pay(p5, "2026-09-08", 50'000);  // settled 7 days late
  REQUIRE(settled_on(b.l, *find_invoice(b.l, p5)) == d("2026-09-08"));
  b.add(c, "F-2026-0004", 100'000, "2026-10-14", "2026-11-13");  // 10 days late
  b.add(c, "F-2026-0005", 50'000, "2026-10-21", "2026-11-20");   // 3 days late
  b.add(c, "F-2026-0006", 30'000, "2026-11-20", "2026-12-20");   // not due

  const Report r = build_report(b.l, kToday);
  REQUIRE(r.clients.size() == 1);
  const ClientReport& cr = r.clients[0];
  CHECK(cr.paid_invoices == 4);
  CHECK(cr.paid_late_invoices == 3);
  CHECK(cr.avg_days_late_paid_x10 == 53);  // (10 + 0 + 4 + 7) / 4 = 5.25 → 5.3
  CHECK(cr.open_invoices == 3);
  CHECK(cr.late_invoices == 2);
  CHECK(cr.avg_days_late_open_x10 == 65);  // (10 + 3) / 2
  CHECK(cr.max_days_late == 10);
  CHECK(cr.open_balance == 180'000);
  CHECK(cr.late_weight == 100'000 * 10 + 50'000 * 3);
}

TEST_CASE("who pays late: ranked by weight, then by days late when paid; bad payers flagged") {
  Book b;
  const ClientId small = b.client_marked("Petit retard", false);
  const ClientId big = b.client_marked("Gros retard", true);
  const ClientId past = b.client_marked("Payait en retard", false);
  const ClientId good = b.client_marked("Bon payeur", false);
  b.add(small, "F-2026-0001", 100'000, "2026-10-01", "2026-11-13");  // 10 days × 1 000
  b.add(big, "F-2026-0002", 50'000, "2026-08-01", "2026-09-01");     // 83 days × 500
  const InvoiceId paid = b.add(past, "F-2026-0003", 300'000, "2026-09-01", "2026-10-01");
  b.pay(paid, "2026-10-20", 300'000);
  const InvoiceId not_due = b.add(good, "F-2026-0004", 900'000, "2026-11-01", "2026-12-31");
  b.pay(not_due, "2026-11-10", 100'000);
  b.add(good, "F-2026-0005", 10'000, "2026-11-01", "2026-12-01");

  const Report r = build_report(b.l, kToday);
  CHECK(r.late_payers == std::vector<ClientId>{big, small, past});
  CHECK(client_in(r, big)->late_weight == 50'000 * 83);
  CHECK(client_in(r, big)->bad_payer);
  CHECK_FALSE(client_in(r, small)->bad_payer);
  // Clients by open balance (largest first), then name.
  std::vector<ClientId> order;
  for (const ClientReport& c : r.clients) order.push_back(c.client);
  CHECK(order == std::vector<ClientId>{good, small, big, past});
}

TEST_CASE("penalties claimable: by hand for B2B, legal interest after notice and no indemnity for B2C") {
  Book b;
  const ClientId pro = b.client("Atelier Martin");
  const ClientId part = b.client("Mme Durand", ClientKind::consumer);
  // 10 000.00 due 30/09/2025 paid 30/10/2025: 30 days at 2.15 + 10 = 12.15 %
  // (2025 H2): 1 000 000 × 0.1215 × 30 / 365 = 9 986.3 cents → 99.86 + 40.00.
  const InvoiceId q1 = b.add(pro, "F-2025-0001", 1'000'000, "2025-08-31", "2025-09-30");
  b.pay(q1, "2025-10-30", 1'000'000);
  // 1 000.00 due 31/10/2026, open: 23 days at 2.40 + 10 = 12.40 % (2026 H2,
  // not verified yet, with a warning): 781.4 → 7.81 + 40.00.
  b.add(pro, "F-2026-0001", 100'000, "2026-10-01", "2026-10-31");
  // Paid on time: nothing.
  const InvoiceId q3 = b.add(pro, "F-2026-0002", 100'000, "2026-09-01", "2026-10-01");
  b.pay(q3, "2026-10-01", 100'000);
  // Partial payment: 10 000.00 due 30/09/2025, 4 000.00 paid 10/10, the rest
  // 30/10: 10 days on 10 000 (3 328.8 → 33.29) + 20 days on 6 000 (3 994.5
  // → 39.95) at 12.15 % = 73.24, + 40.00.
  const InvoiceId q4 = b.add(pro, "F-2025-0003", 1'000'000, "2025-08-31", "2025-09-30");
  b.pay(q4, "2025-10-10", 400'000);
  b.pay(q4, "2025-10-30", 600'000);
  // Paid in part the first day of accrual: that day still runs on the whole
  // amount. 1 000.00 due 31/10/2026, 500.00 paid 01/11: 1 day on 1 000 (34.0
  // → 0.34) + 22 days on 500 (373.7 → 3.74) at 12.40 %, + 40.00.
  const InvoiceId q6 = b.add(pro, "F-2026-0005", 100'000, "2026-10-01", "2026-10-31");
  b.pay(q6, "2026-11-01", 50'000);
  // Contractual rate of 15 %: 1 000.00 for 23 days: 945.2 → 9.45 + 40.00.
  Invoice q5;
  q5.number = "F-2026-0004";
  q5.client = pro;
  q5.state = Lifecycle::issued;
  q5.issue_date = d("2026-10-01");
  q5.due_date = d("2026-10-31");
  q5.ht = q5.ttc = 100'000;
  q5.contractual_rate = 15000;
  b.run(cmd::AddInvoice{q5});
  // Consumer: 2 000.00, notice 01/09/2025, paid 31/12/2025: 121 days at the
  // legal rate 2.76 % (2025 H2, other cases): 200 000 × 0.0276 × 121 / 365 =
  // 1 829.9 → 18.30, no indemnity.
  const InvoiceId r1 = b.add(part, "F-2025-0002", 200'000, "2025-07-01", "2025-08-01");
  b.remind(part, {r1}, "b2c", 4, "2025-09-01");
  b.pay(r1, "2025-12-31", 200'000);
  // Consumer, late but no formal notice: nothing yet.
  b.add(part, "F-2026-0003", 50'000, "2026-09-01", "2026-10-01");

  const Report r = build_report(b.l, kToday);
  const Cents pro_total = (9'986 + 4'000) + (781 + 4'000) + (3'329 + 3'995 + 4'000) + (945 + 4'000) + (34 + 374 + 4'000);
  CHECK(client_in(r, pro)->penalties_claimable == pro_total);
  CHECK(client_in(r, part)->penalties_claimable == 1'830);
  CHECK(r.penalties_claimable == pro_total + 1'830);
  CHECK_FALSE(r.warnings.empty());  // the unverified 2026 H2 rate is said
  // The same as invoice_penalties(), invoice by invoice.
  for (const ClientReport& cr : r.clients) {
    Cents sum = 0;
    for (const Invoice& inv : b.l.invoices)
      if (inv.client == cr.client) sum += invoice_penalties(b.l, inv, kToday).total;
    CHECK(sum == cr.penalties_claimable);
  }
}

TEST_CASE("limitation: the date a claim becomes time-barred") {
  struct Row {
    const char* name;
    ClientKind kind;
    const char* due;
    const char* payment;      // partial payment (restarts the period), or nullptr
    const char* promise;      // promise made on this day, or nullptr
    bool acknowledges;        // ... acknowledging the debt
    const char* notice;       // formal notice (does not interrupt), or nullptr
    int warning_days;
    const char* limit;        // nullptr: no warning expected
    int days_left;
    LimitationStart start_kind;
  };
  using K = ClientKind;
  using S = LimitationStart;
  const Row rows[] = {
      {"B2B, 5 years from the due date", K::business, "2021-12-01", nullptr, nullptr, false, nullptr, 180,
       "2026-12-01", 8, S::due_date},
      {"B2C, 2 years; 29 February gives 28 February, expired", K::consumer, "2024-02-29", nullptr, nullptr, false,
       nullptr, 180, "2026-02-28", -268, S::due_date},
      {"B2C without payment", K::consumer, "2024-12-01", nullptr, nullptr, false, nullptr, 180, "2026-12-01", 8,
       S::due_date},
      {"B2C with a partial payment", K::consumer, "2024-12-01", "2025-03-10", nullptr, false, nullptr, 180,
       "2027-03-10", 107, S::payment},
      {"B2B, promise acknowledging the debt: far away", K::business, "2021-10-01", nullptr, "2023-05-02", true,
       nullptr, 180, nullptr, 0, S::acknowledgement},
      {"B2B, promise not acknowledging it: expired", K::business, "2021-10-01", nullptr, "2023-05-02", false,
       nullptr, 180, "2026-10-01", -53, S::due_date},
      {"B2C, a formal notice does not interrupt", K::consumer, "2024-12-20", nullptr, nullptr, false, "2025-06-01",
       180, "2026-12-20", 27, S::due_date},
      {"B2B, 180 days before: warned", K::business, "2022-05-22", nullptr, nullptr, false, nullptr, 180, "2027-05-22",
       180, S::due_date},
      {"B2B, 181 days before: not yet", K::business, "2022-05-23", nullptr, nullptr, false, nullptr, 180, nullptr, 0,
       S::due_date},
      {"B2C, 107 days before with a 30-day window: not yet", K::consumer, "2024-12-01", "2025-03-10", nullptr, false,
       nullptr, 30, nullptr, 0, S::payment},
      {"B2C, 27 days before with a 30-day window: warned", K::consumer, "2024-12-20", nullptr, nullptr, false,
       nullptr, 30, "2026-12-20", 27, S::due_date},
  };
  for (const Row& row : rows) {
    SUBCASE(row.name) {
      Book b;
      Settings s = b.l.settings;
      s.limitation_warning_days = row.warning_days;
      b.run(cmd::SetSettings{s});
      const ClientId c = b.client("Client", row.kind);
      const Date due = d(row.due);
      const InvoiceId id = b.add(c, "F-2021-0001", 50'000, due - 30, due);
      if (row.payment) b.pay(id, row.payment, 10'000);
      if (row.promise) b.promise(id, row.promise, "2023-06-30", row.acknowledges);
      if (row.notice) b.remind(c, {id}, row.kind == K::business ? "b2b" : "b2c", 4, row.notice);
      const Report r = build_report(b.l, kToday);
      if (!row.limit) {
        CHECK(r.limitations.empty());
      } else {
        REQUIRE(r.limitations.size() == 1);
        const LimitationWarning& w = r.limitations[0];
        CHECK(w.invoice == id);
        CHECK(w.client == c);
        CHECK(w.number == "F-2021-0001");
        CHECK(w.limit == d(row.limit));
        CHECK(w.days_left == row.days_left);
        CHECK(w.expired == (row.days_left <= 0));
        CHECK(w.start_kind == row.start_kind);
        CHECK(w.years == (row.kind == K::business ? 5 : 2));
      }
    }
  }
}

TEST_CASE("limitation: paid invoices are not listed; warnings come by date with a French message") {
  Book b;
  const ClientId pro = b.client("Atelier Martin");
  const ClientId part = b.client("Mme Durand", ClientKind::consumer);
  b.add(pro, "F-2021-0001", 50'000, "2021-11-01", "2021-12-01");
  const InvoiceId expired = b.add(part, "F-2024-0002", 30'000, "2024-01-30", "2024-02-29");
  const InvoiceId restarted = b.add(part, "F-2024-0003", 20'000, "2024-11-01", "2024-12-01");
  b.pay(restarted, "2025-03-10", 5'000);
  const InvoiceId paid = b.add(pro, "F-2021-0004", 10'000, "2021-05-01", "2021-06-01");
  b.pay(paid, "2021-07-01", 10'000);
  const InvoiceId written_off = b.add(pro, "F-2021-0005", 10'000, "2021-05-01", "2021-06-01");
  b.run(cmd::WriteOff{written_off, d("2022-01-01"), "Perte"});
  (void)expired;

  const Report r = build_report(b.l, kToday);
  REQUIRE(r.limitations.size() == 3);
  CHECK(r.limitations[0].number == "F-2024-0002");
  CHECK(r.limitations[1].number == "F-2021-0001");
  CHECK(r.limitations[2].number == "F-2024-0003");
  CHECK(r.limitations[1].message ==
        "F-2021-0001 : prescrite le 01/12/2026 (5 ans, professionnel ; délai couru depuis l'échéance du 01/12/2021) "
        "— agissez avant : injonction de payer ou reconnaissance de dette (une mise en demeure n'interrompt pas la "
        "prescription)");
  CHECK(r.limitations[0].message ==
        "F-2024-0002 : prescrite depuis le 28/02/2026 (2 ans, particulier ; délai couru depuis l'échéance du "
        "29/02/2024) — action en justice impossible ; seul un paiement volontaire ou une reconnaissance de dette du "
        "client reste possible");
  CHECK(r.limitations[2].message.find("délai reparti du paiement partiel du 10/03/2025") != std::string::npos);
}

TEST_CASE("report_json: the CLI's shape, money as decimal strings") {
  Book b;
  const ClientId c = b.client("Dupont SARL");
  const InvoiceId i1 = b.add(c, "F-2024-0001", 123'456, "2024-10-01", "2024-12-01");
  b.pay(i1, "2024-12-01", 23'456);                                    // 1 000.00 left, 722 days late
  const InvoiceId i2 = b.add(c, "F-2021-0001", 50'000, "2021-11-01", "2021-12-01");  // 1 818 days late
  const Json j = report_json(build_report(b.l, kToday));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"today", "open_invoices", "open_balance", "aging", "disputed_balance",
                                         "written_off", "penalties_claimable", "dso_days", "dso_history",
                                         "late_payers", "clients", "limitations", "warnings"});
  CHECK(j["today"] == "2026-11-23");
  CHECK(j["open_invoices"] == 2);
  CHECK(j["open_balance"] == "1500.00");
  CHECK(j["aging"] == Json{{"not_due", "0.00"}, {"d1_30", "0.00"}, {"d31_60", "0.00"}, {"d61_90", "0.00"},
                           {"over_90", "1500.00"}, {"total", "1500.00"}});
  CHECK(j["written_off"] == "0.00");
  CHECK(j["dso_days"].is_null());  // nothing sold in the last 90 days
  REQUIRE(j["dso_history"].size() == 12);
  CHECK(j["dso_history"][0] ==
        Json{{"month_end", "2025-11-30"}, {"receivables", "1500.00"}, {"sales", "0.00"}, {"dso_days", nullptr}});
  CHECK(j["late_payers"] == Json::array({c}));
  REQUIRE(j["clients"].size() == 1);
  const Json& cj = j["clients"][0];
  CHECK(cj["id"] == c);
  CHECK(cj["name"] == "Dupont SARL");
  CHECK(cj["kind"] == "business");
  CHECK(cj["open_balance"] == "1500.00");
  CHECK(cj["max_days_late"] == 1818);
  CHECK(cj["avg_days_late_open_x10"] == 12'700);   // (722 + 1 818) / 2
  CHECK(cj["avg_days_late_paid_x10"].is_null());  // nothing settled
  CHECK(cj["late_weight"] == 100'000LL * 722 + 50'000LL * 1818);
  REQUIRE(j["limitations"].size() == 1);  // F-2024-0001 runs to 2029
  const Json& lj = j["limitations"][0];
  std::vector<std::string> lkeys;
  for (auto it = lj.begin(); it != lj.end(); ++it) lkeys.push_back(it.key());
  CHECK(lkeys == std::vector<std::string>{"invoice", "number", "client", "start", "start_kind", "years", "limit",
                                          "days_left", "expired", "message"});
  CHECK(lj["invoice"] == i2);
  CHECK(lj["start"] == "2021-12-01");
  CHECK(lj["start_kind"] == "due_date");
  CHECK(lj["limit"] == "2026-12-01");
  CHECK(lj["days_left"] == 8);
  CHECK(lj["expired"] == false);
  // Parses back as the same document.
  const auto parsed = parse_json(dump_json(j), "rapport");
  REQUIRE(parsed.ok());
  CHECK(*parsed == j);
}

TEST_CASE("a generated ledger agrees with the ledger's per-invoice queries") {
  Book b;
  std::uint64_t seed = 12345;
  auto next = [&](int n) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((seed >> 33) % static_cast<std::uint64_t>(n));
  };
  std::vector<ClientId> clients;
  for (int i = 0; i < 12; ++i)
    clients.push_back(b.client("Client " + std::to_string(i), i % 3 == 0 ? ClientKind::consumer : ClientKind::business));
  // Issue dates in order: credit notes are numbered chronologically.
  std::vector<Date> dates;
  for (int i = 0; i < 300; ++i) dates.push_back(d("2024-01-01") + next(1050));
  std::sort(dates.begin(), dates.end());
  for (int i = 0; i < 300; ++i) {
    const ClientId c = clients[static_cast<std::size_t>(next(12))];
    const Date issued = dates[static_cast<std::size_t>(i)];
    const Date due = issued + 30;
    const Cents ttc = 1'000 + next(500'000);
    const InvoiceId id = b.add(c, "F-" + std::to_string(10000 + i), ttc, issued, due);
    const int what = next(10);
    if (what <= 2) {
      const Date p = issued + next(120);
      if (p <= kToday) b.pay(id, to_iso(p).c_str(), what <= 1 ? ttc : ttc / 3);
    } else if (what == 3) {
      const Date p = issued + 5;
      b.pay(id, to_iso(p).c_str(), ttc / 4);
      const Cents rest = ttc - ttc / 4;
      b.plan(id, {{due + 30, rest / 2}, {due + 60, rest - rest / 2}});
      if (next(2) && due + 70 <= kToday) b.pay(id, to_iso(due + 70).c_str(), rest / 2);
    } else if (what == 4) {
      b.credit(id, to_iso(issued + 10).c_str(), ttc / 5);
    } else if (what == 5) {
      b.run(cmd::OpenDispute{id, issued + 40, "Contestation"});
    } else if (what == 6 && issued + 200 <= kToday) {
      b.run(cmd::WriteOff{id, issued + 200, "Perte"});
    } else if (what == 7) {
      b.remind(c, {id}, find_client(b.l, c)->kind == ClientKind::business ? "b2b" : "b2c", 4,
               to_iso(due + 40).c_str());
    }
  }

  const Report r = build_report(b.l, kToday);
  AgingBuckets aging;
  std::vector<Cents> penalties(clients.size() + 1);
  std::vector<int> paid_count(clients.size() + 1), paid_days(clients.size() + 1);
  for (const Invoice& inv : b.l.invoices) {
    if (inv.kind != InvoiceKind::invoice) continue;
    const Cents owed = balance(b.l, inv);
    if (owed > 0) aging.add(days_late(b.l, inv, kToday), owed);
    penalties[static_cast<std::size_t>(inv.client)] += invoice_penalties(b.l, inv, kToday).total;
    const auto settled = settled_on(b.l, inv);
    if (settled && *settled <= kToday && kToday - *settled < 365) {
      ++paid_count[static_cast<std::size_t>(inv.client)];
      paid_days[static_cast<std::size_t>(inv.client)] += std::max(0, invoice_penalties(b.l, inv, kToday).days_late);
    }
  }
  CHECK(r.aging == aging);
  CHECK(aging_only(b.l, kToday) == aging);
  Cents total = 0;
  for (ClientId c : clients) {
    CAPTURE(c);
    const ClientReport* cr = client_in(r, c);
    REQUIRE(cr);
    CHECK(cr->penalties_claimable == penalties[static_cast<std::size_t>(c)]);
    CHECK(cr->paid_invoices == paid_count[static_cast<std::size_t>(c)]);
    const int n = paid_count[static_cast<std::size_t>(c)];
    const int days = paid_days[static_cast<std::size_t>(c)];
    if (n > 0) CHECK(cr->avg_days_late_paid_x10 == (20 * days + n) / (2 * n));  // 10 × days / n, halves up
    total += cr->penalties_claimable;
  }
  CHECK(r.penalties_claimable == total);
  // The generated data reaches the cases that matter.
  int paid = 0;
  for (const ClientReport& cr : r.clients) paid += cr.paid_invoices;
  CHECK(paid >= 10);
  CHECK(r.written_off > 0);
  CHECK(r.disputed_balance > 0);
  CHECK(r.aging.not_due > 0);
  CHECK(r.aging.d31_60 > 0);
}
