// Each view has an address: the URL fragment (`#/factures/F-2026-0036`)
// and the page title (« Facture F-2026-0036 — Relance ») follow the screen
// and the invoice or client shown; the browser's Back and Forward move
// between views, a reload reopens the same one, a view can be bookmarked.
//
//   #/aujourdhui  #/factures  #/factures/<n° ou id:N>  #/factures/nouvelle
//   #/clients  #/clients/<id>  #/relances  #/rapports  #/parametres
//
// An invoice is named by its number (percent-encoded), or `id:N` while it
// has none (a draft).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/ledger.h"
#include "web/screens.h"

namespace relance {

struct App;

// The view in the app now: its fragment (with the leading '#') and title.
struct ViewAddress {
  std::string fragment;
  std::string title;
  bool operator==(const ViewAddress&) const = default;
};
ViewAddress view_address(const App& app);

// The navigation a fragment asks for, read against the ledger; nullopt for
// an unknown address (or an invoice or client that is not there).
std::optional<Nav> nav_of_fragment(std::string_view fragment, const Ledger& l);

namespace view_url {
// Listens to the browser's Back and Forward (and an address typed).
void install(App& app);
// Once per frame, after the screens are drawn: the address bar and the title
// follow the view (a new history entry for each change the user made).
void follow(App& app);
}  // namespace view_url

}  // namespace relance
