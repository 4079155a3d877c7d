// The dunning chains and message templates a new ledger starts with.
#pragma once
#include <vector>

#include "core/model.h"

namespace relance {

// "b2b": D-3 pre-reminder, D+5, D+15, D+30 call, D+45 formal notice, D+60
// hand-over. "b2c": gentler, SMS and phone first, an instalment offer, a
// formal notice, then an injonction de payer.
std::vector<Chain> default_chains();
// One template per default step (ids match the chains' template_id), plus
// "thanks_b2b", "thanks_b2c" and the SMS versions.
std::vector<Template> default_templates();

}  // namespace relance
