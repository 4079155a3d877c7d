#include "core/wording.h"

#include <algorithm>

#include "core/ledger.h"
#include "core/messages.h"
#include "core/text.h"

namespace relance {

std::string step_display_name(std::string_view name_in, Channel channel_c) {
  const std::string name(trim(name_in));
  const std::string channel = label_fr(channel_c);
  if (name.empty()) return channel;
  const std::string fn = fold(name), fc = fold(channel);
  // "Appel (Appel)", "Mise en demeure (Mise en demeure (LRAR))": once is enough.
  if (fc.find(fn) != std::string::npos) return channel;
  if (fn.find(fc) != std::string::npos) return name;  // "Relance SMS (SMS)" too
  return name + " (" + channel + ")";
}

std::string step_display_name(const Step& step) { return step_display_name(step.name, step.channel); }

std::string message_title(const Chain& chain, int step, int previous_count) {
  if (step < 0 || step >= static_cast<int>(chain.steps.size())) return "Relance";
  const Step& s = chain.steps[static_cast<std::size_t>(step)];
  switch (s.channel) {
    case Channel::phone: return "Appel";
    case Channel::registered_notice: return "Mise en demeure";
    case Channel::handover: return "Transmission au recouvrement";
    default: break;
  }
  if (s.offset_days < 0) return "Rappel d'échéance";
  if (previous_count <= 0) return "Relance";
  for (std::size_t k = static_cast<std::size_t>(step) + 1; k < chain.steps.size(); ++k) {
    const Channel c = chain.steps[k].channel;
    if (c == Channel::phone) continue;
    if (c == Channel::registered_notice) return "Dernière relance avant mise en demeure";
    break;
  }
  return "Relance";
}

int previous_reminder_count(const Ledger& l, const std::vector<InvoiceId>& invoices, Date today,
                            const Chain* chain, int step) {
  // The invoices message_values lists: those of the ledger, each once.
  std::vector<InvoiceId> found;
  for (const Invoice* inv : found_invoices(l, invoices)) found.push_back(inv->id);
  return previous_steps(l, found, today, chain, step).count;
}

}  // namespace relance
