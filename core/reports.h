// Reports: what is owed and how old it is, how fast clients pay, what can be
// claimed on top, and which claims are about to become time-barred. Feeds the
// CLI (`relance report`, JSON) and the browser's Rapports screen.
//
// Everything is computed in one pass over the invoices (plus one pass over
// the history for formal notices and one over the credit notes), without a
// per-invoice search: it runs on a million invoices.
//
// Definitions (all amounts TTC, in cents; "open" = an issued invoice, not
// cancelled nor written off, whose balance() is > 0, disputed ones included):
// - Days late of an open invoice: today − effective_due_date() (under a
//   payment plan, the earliest instalment not yet covered by payments).
// - Aging buckets on those days: ≤ 0 not due, 1–30, 31–60, 61–90, > 90.
// - Days late of a settled invoice: for each part of its schedule (the due
//   date, or the instalments of a plan), the day payments in date order fully
//   covered it minus its due date; the largest, floored at 0. Without a plan
//   that is settled_on() − due date. Invoices settled by credit notes alone
//   have no payment day and are left out.
// - Averages are in tenths of a day (no floating point), rounded half away
//   from zero: avg_days_late_paid_x10 over the client's invoices settled in
//   the 365 days ending today (today − 364 .. today), on-time ones counting 0;
//   avg_days_late_open_x10 over its open invoices past their due date.
// - DSO (days sales outstanding) at a day M = open receivables at M / TTC
//   invoiced in the 90 days ending at M (M − 89 .. M) × 90, rounded to whole
//   days; no sales in the window → no value. Receivables at M: invoices issued
//   on or before M, less payments and credit notes dated on or before M
//   (written-off invoices count until their write-off day). Sales: TTC of
//   the invoices issued in the window. Invoices cancelled by a credit note
//   are left out of both (never a sale, even before the credit note was
//   issued); partial credit notes reduce the receivables, not the sales.
//   Today's DSO uses today's open balance.
// - Limitation (prescription): the claim becomes payable on its due date
//   (effective_due_date(), the earliest unpaid instalment under a plan), so
//   the period starts then: 5 years between businesses (C. com. L110-4),
//   2 years against a consumer (C. conso. L218-2), from the jurisdiction. An
//   acknowledgement of the debt restarts it (Code civil 2240): a partial
//   payment (its date) or a promise marked acknowledges_debt (its made_on),
//   whichever is latest, if after the due date. A formal notice does NOT
//   interrupt it. limit = start + years (29 February → 28 February).
// - Penalties claimable: for each issued invoice, open or settled (not
//   cancelled nor written off), compute_penalties() as invoice_penalties()
//   does: interest up to the day it was settled or today, + the flat B2B
//   indemnity per late invoice; B2C legal interest only after a formal notice.
#pragma once
#include "core/limitation.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.h"
#include "core/ledger.h"

namespace relance {

struct AgingBuckets {
  Cents not_due = 0;  // due today or later
  Cents d1_30 = 0;
  Cents d31_60 = 0;
  Cents d61_90 = 0;
  Cents over_90 = 0;

  Cents total() const { return not_due + d1_30 + d31_60 + d61_90 + over_90; }
  // Adds an open balance `days_late` days past its due date (≤ 0: not due).
  void add(int days_late, Cents amount);
  bool operator==(const AgingBuckets&) const = default;
};

struct ClientReport {
  ClientId client = 0;
  std::string name;
  ClientKind kind = ClientKind::business;
  AgingBuckets aging;
  Cents open_balance = 0;
  int open_invoices = 0;
  int late_invoices = 0;  // open and past their due date
  int paid_invoices = 0;       // settled in the last 365 days
  int paid_late_invoices = 0;  // of those, settled after their due date
  int avg_days_late_paid_x10 = 0;  // tenths of a day; 0 when paid_invoices == 0
  int avg_days_late_open_x10 = 0;  // tenths of a day; 0 when late_invoices == 0
  int max_days_late = 0;           // of its open invoices (0 if none is late)
  Cents penalties_claimable = 0;
  // Σ balance × days late over open late invoices, in cent-days: the ranking
  // of "who pays late". Capped at INT64_MAX.
  std::int64_t late_weight = 0;
  bool bad_payer = false;  // the user's mark on the client
  bool operator==(const ClientReport&) const = default;
};

struct DsoPoint {
  Date month_end;
  Cents receivables = 0;
  Cents sales = 0;  // TTC invoiced in the 90 days ending at month_end
  std::optional<int> dso_days;
  bool operator==(const DsoPoint&) const = default;
};


struct LimitationWarning {
  InvoiceId invoice = 0;
  std::string number;
  ClientId client = 0;
  Date start;  // the day the period runs from
  LimitationStart start_kind = LimitationStart::due_date;
  int years = 0;
  Date limit;  // time-barred from this day on
  int days_left = 0;  // limit − today; ≤ 0 once expired
  bool expired = false;
  std::string message;  // French, one line
  bool operator==(const LimitationWarning&) const = default;
};

struct Report {
  Date today;
  AgingBuckets aging;
  Cents disputed_balance = 0;  // open balance under an open dispute (also in the buckets)
  Cents written_off = 0;       // what was still owed on written-off invoices, all time
  std::optional<int> dso_days;
  std::vector<DsoPoint> dso_history;  // the last 12 month ends up to today, oldest first
  // Every client with an open invoice, a settlement in the last 365 days or
  // penalties to claim: by open balance (largest first), then name.
  std::vector<ClientReport> clients;
  // Clients with open late invoices or late payments in the last 365 days:
  // by late_weight, then average days late when paid, then id.
  std::vector<ClientId> late_payers;
  std::vector<LimitationWarning> limitations;  // by limit date, then number
  Cents penalties_claimable = 0;
  int open_invoices = 0;
  Cents open_balance = 0;
  std::vector<std::string> warnings;  // French, each once (rate tables to update...)
};

Report build_report(const Ledger& l, Date today);
// Only the aging buckets, without allocating: for the dashboard and the benchmark.
AgingBuckets aging_only(const Ledger& l, Date today);
// The same by a pass over every invoice: the reference the summary is checked against.
AgingBuckets aging_only_reference(const Ledger& l, Date today);

// The report as JSON for the CLI: money as "1234.56", dates ISO, averages as
// integer tenths of a day (null when there is nothing to average), stable key order.
Json report_json(const Report& r);
Json aging_json(const AgingBuckets& a);
const char* to_string(LimitationStart s);

}  // namespace relance
