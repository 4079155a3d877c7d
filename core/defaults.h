// The dunning chains and message templates a new ledger starts with.
#pragma once
#include <string>
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

// Templates still holding an earlier default wording, unchanged by the user
// (same subject and body as assets/dunning/templates-fr-previous.json), take
// the current default wording; edited ones are left alone. Returns the ids
// updated. Run on load, so a saved ledger follows the corrected defaults.
std::vector<std::string> upgrade_default_templates(std::vector<Template>& templates);

}  // namespace relance
