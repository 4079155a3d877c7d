// Rapports: what is owed, by age, by client. Placeholder.
#include "web/app.h"
#include "web/ui_placeholder.h"

namespace relance::ui_reports {

void draw(App&) {
  ui::placeholder("Rapports",
                  "Les sommes dues par anciennet\u00e9 et par client, et les d\u00e9lais de paiement, "
                  "appara\u00eetront ici.");
}

}  // namespace relance::ui_reports
