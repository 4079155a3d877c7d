// Clients: customers and what they owe. Placeholder.
#include "web/app.h"
#include "web/ui_placeholder.h"

namespace relance::ui_clients {

void draw(App&) {
  ui::placeholder("Clients", "Vos clients, leurs coordonn\u00e9es et ce qu\u2019ils vous doivent appara\u00eetront ici.");
}

}  // namespace relance::ui_clients
