// How a step is named: for the user (a step name and its channel, never
// "Appel (Appel)") and for the client (what the message is, "Relance",
// "Dernière relance avant mise en demeure", "Mise en demeure", never a rank
// such as "Deuxième relance" the client may never have seen).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger.h"

namespace relance {

// "Relance 2 (E-mail)", "Appel", "Mise en demeure", "Relance SMS": the step's
// name with its channel in brackets, unless one already says the other.
std::string step_display_name(const Step& step);
std::string step_display_name(std::string_view name, Channel channel);

// What the message of `step` is, as the client reads it, given how many
// reminders the invoices already had (previous_count in message_values):
// "Rappel d'échéance" before the due date, "Relance" for the first one sent
// whatever its rank in the chain, then "Dernière relance avant mise en
// demeure" when the next written step is the formal notice, else "Relance" ;
// "Appel", "Mise en demeure", "Transmission au recouvrement" for those steps.
std::string message_title(const Chain& chain, int step, int previous_count);

// Number of earlier reminders as message_values counts them (not voided,
// dated up to today, the step being prepared left out, one per message).
int previous_reminder_count(const Ledger& l, const std::vector<InvoiceId>& invoices, Date today,
                            const Chain* chain, int step);

}  // namespace relance
