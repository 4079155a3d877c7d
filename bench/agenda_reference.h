// The agenda as core/dunning.cpp computed it before it resolved ids through
// direct indexes (a binary search per history entry and per invoice, a hash
// table of items, a heap-allocated summary per invoice): the benchmark times
// it next to compute_agenda() and checks both give the same agenda on every
// generated ledger. It has the two rules added since (a time-barred debt is
// never proposed; no thank-you to a client who still owes an overdue
// invoice): otherwise verbatim.
#pragma once
#include "core/dunning.h"

namespace relance::bench {

Agenda agenda_reference(const Ledger& l, Date today, int horizon_days = -1);

// True when both agendas hold the same items (order of equal-ranked items
// aside); `why` says the first difference.
bool same_agenda(const Agenda& a, const Agenda& b, std::string* why);

}  // namespace relance::bench
