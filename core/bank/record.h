// cmd::RecordPayments: a whole reconciliation recorded at once (see
// core/commands.h). Called by apply() and check(); `dry` checks only.
#pragma once
#include "core/commands.h"

namespace relance::bank {

Result<Applied> record_payments(Ledger& l, const cmd::RecordPayments& c, bool dry);

}  // namespace relance::bank
