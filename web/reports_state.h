// What the Rapports screen remembers between frames: everything it shows,
// computed once per change of the ledger or of the day.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/reports.h"
#include "web/reports_charts.h"

namespace relance {

struct LateRow {
  std::string rank, name, late_amount, late_invoices, max_days, avg_paid;
  bool bad_payer = false;
};
struct PenaltyRow {
  std::string name, kind, amount;
};
struct LimitRow {
  std::string text;
  bool expired = false;
};

// Everything the screen shows, computed once per (revision, today).
struct ReportsState {
  std::uint64_t revision = UINT64_MAX;
  std::string today;
  Report report;
  std::string open_balance, open_count, dso, penalties, disputed, written_off;
  std::vector<charts::Bar> aging;
  std::vector<charts::Point> dso_points;
  std::vector<LateRow> late;
  std::vector<PenaltyRow> penalty_rows;
  std::string penalties_total;
  std::vector<LimitRow> limits;
};

}  // namespace relance
