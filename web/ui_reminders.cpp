// Relances: reminder chains and the letters sent. Placeholder.
#include "web/app.h"
#include "web/ui_placeholder.h"

namespace relance::ui_reminders {

void draw(App&) {
  ui::placeholder("Relances",
                  "Les relances envoy\u00e9es et \u00e0 venir, par e-mail, SMS ou courrier, "
                  "appara\u00eetront ici.");
}

}  // namespace relance::ui_reminders
