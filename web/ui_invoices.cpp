// Factures: the invoices, their status and payments. Placeholder.
#include "web/app.h"
#include "web/ui_placeholder.h"

namespace relance::ui_invoices {

void draw(App&) {
  ui::placeholder("Factures",
                  "La liste des factures, leur \u00e9tat (\u00e0 payer, en retard, pay\u00e9e) et les "
                  "paiements re\u00e7us appara\u00eetront ici.");
}

}  // namespace relance::ui_invoices
