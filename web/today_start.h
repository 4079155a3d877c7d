// First run: an empty ledger offers the sample ("Découvrir avec un exemple")
// or a guided start (company, first client, first invoice).
#pragma once

#include "web/today_state.h"

namespace relance {
struct App;
}

namespace relance::today {

// Draws the welcome or the guided start when they apply; returns true when
// it took the screen (the agenda is not drawn then).
bool draw_start(TodayUi& t, App& app);

// Replaces the ledger with the sample moved to today.
void load_sample(TodayUi& t, App& app);

}  // namespace relance::today
