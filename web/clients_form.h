// The client form (create or edit), shared by the Clients screen and the
// guided start of Aujourd’hui.
#pragma once
#include <functional>

#include "web/clients_state.h"

namespace relance {
struct App;
}

namespace relance::clients {

void start_new(ClientForm& f, const Ledger& l);
void start_edit(ClientForm& f, const Client& c);
// Draws the open form. Once the core has stored the client the form closes
// and `saved` gets its id. `submit_label` names the main button.
void draw_form(App& app, ClientForm& f, std::function<void(ClientId)> saved = {},
               const char* submit_label = "Enregistrer le client", bool cancellable = true);

}  // namespace relance::clients
