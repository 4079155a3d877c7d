// The sample ledger (assets/sample/ledger.json), a small electrical contractor
// in Lyon, moved in time so that it looks the same whatever the day it is
// opened: written as of 23 November 2026, every date is shifted by the days
// between that day and `today`.
#pragma once
#include "core/ledger.h"
#include "core/result.h"

namespace relance {

inline const Date kSampleToday = Date::from_ymd(2026, 11, 23);

Result<Ledger> sample_ledger(Date today);
// Moves every date of the ledger by `days` (invoice numbers keep their text).
void shift_dates(Ledger& l, int days);

}  // namespace relance
