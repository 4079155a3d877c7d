// A prototype of compute_agenda() with the changes RESULTS.md proposes for
// core/dunning.cpp, to measure what they give: same logic and same result
// (the benchmark compares the two), but ids resolved through direct indexes
// built once per call instead of a binary search per history entry and per
// invoice, the per-invoice history summary without heap allocations, the
// client's chain looked up once per client, paid invoices never reminded
// skipped before any lookup, and the items sorted through indices.
#pragma once
#include "core/dunning.h"

namespace relance::bench {

Agenda agenda_prototype(const Ledger& l, Date today, int horizon_days = -1);

// True when both agendas hold the same items (order of equal-ranked items
// aside); `why` says the first difference.
bool same_agenda(const Agenda& a, const Agenda& b, std::string* why);

}  // namespace relance::bench
