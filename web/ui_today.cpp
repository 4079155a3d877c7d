// Aujourd’hui: what to do today (reminders due, promises broken, invoices
// falling due). Placeholder until the second round.
#include <optional>

#include "core/date.h"
#include "web/app.h"
#include "web/ui_placeholder.h"

namespace relance::ui_today {

void draw(App& app) {
  std::string title = "Aujourd\u2019hui";
  if (std::optional<Date> d = parse_iso_date(app.today)) title += " \u2014 " + to_fr_long(*d);
  ui::placeholder(title,
                  "Les relances \u00e0 envoyer, les promesses de paiement d\u00e9pass\u00e9es et les factures "
                  "qui arrivent \u00e0 \u00e9ch\u00e9ance appara\u00eetront ici.");
}

}  // namespace relance::ui_today
