#include "web/view_url.h"

#include <charconv>

#include "core/links.h"
#include "web/app.h"
#include "web/platform.h"

namespace relance {

namespace {

struct ScreenPath {
  Screen screen;
  const char* path;
  const char* title;
};

constexpr ScreenPath kScreens[] = {
    {Screen::today, "aujourdhui", "Aujourd\u2019hui"}, {Screen::invoices, "factures", "Factures"},
    {Screen::clients, "clients", "Clients"},           {Screen::reminders, "relances", "Relances"},
    {Screen::reports, "rapports", "Rapports"},         {Screen::settings, "parametres", "Param\u00e8tres"},
};

const ScreenPath& path_of(Screen s) {
  for (const ScreenPath& p : kScreens)
    if (p.screen == s) return p;
  return kScreens[0];
}

std::optional<std::int64_t> number_of(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

ViewAddress titled(std::string fragment, const std::string& what) {
  return {std::move(fragment), what + " \u2014 Relance"};
}

}  // namespace

ViewAddress view_address(const App& app) {
  const ScreenPath& p = path_of(app.screen);
  const std::string base = std::string("#/") + p.path;
  const Ledger& l = app.ws.ledger();
  if (app.screen == Screen::invoices) {
    const InvoicesUi& s = app.screens.invoices.state();
    if (s.draft.open && s.draft.editing == 0) return titled(base + "/nouvelle", "Nouvelle facture");
    if (const Invoice* inv = s.selected ? find_invoice(l, s.selected) : nullptr) {
      if (inv->number.empty())
        return titled(base + "/id:" + std::to_string(inv->id), "Brouillon de facture");
      const char* what = inv->kind == InvoiceKind::credit_note ? "Avoir "
                         : inv->kind == InvoiceKind::proforma  ? "Pro forma "
                                                               : "Facture ";
      return titled(base + "/" + percent_encode(inv->number), what + inv->number);
    }
  }
  if (app.screen == Screen::clients) {
    const ClientsUi& s = app.screens.clients.state();
    if (const Client* c = s.selected ? find_client(l, s.selected) : nullptr)
      return titled(base + "/" + std::to_string(c->id), c->name.empty() ? "Client" : c->name);
  }
  return titled(base, p.title);
}

std::optional<Nav> nav_of_fragment(std::string_view f, const Ledger& l) {
  if (f.starts_with("#")) f.remove_prefix(1);
  if (f.starts_with("/")) f.remove_prefix(1);
  if (f.empty()) return std::nullopt;
  const std::size_t slash = f.find('/');
  const std::string_view head = f.substr(0, slash);
  const std::string_view rest = slash == std::string_view::npos ? std::string_view() : f.substr(slash + 1);
  for (const ScreenPath& p : kScreens) {
    if (head != p.path) continue;
    Nav nav{p.screen};
    if (rest.empty()) return nav;
    if (p.screen == Screen::invoices) {
      if (rest == "nouvelle") {
        nav.new_invoice = true;
        return nav;
      }
      if (rest.starts_with("id:")) {
        auto id = number_of(rest.substr(3));
        if (!id || !find_invoice(l, static_cast<InvoiceId>(*id))) return std::nullopt;
        nav.invoice = static_cast<InvoiceId>(*id);
        return nav;
      }
      const std::string number = percent_decode(rest);
      for (const Invoice& inv : l.invoices)
        if (inv.number == number) {
          nav.invoice = inv.id;
          return nav;
        }
      return std::nullopt;
    }
    if (p.screen == Screen::clients) {
      auto id = number_of(rest);
      if (!id || !find_client(l, static_cast<ClientId>(*id))) return std::nullopt;
      nav.client = static_cast<ClientId>(*id);
      return nav;
    }
    return nav;  // other screens: what follows is ignored
  }
  return std::nullopt;
}

namespace view_url {

void follow(App& app) {
  App::ViewHistory& h = app.view_history;
  if (!h.started) {
    const Store::State s = app.ws.store().state();
    if (s == Store::State::opening || s == Store::State::closed) return;  // the ledger is not there yet
    h.started = true;
    // Opened at an address (a bookmark, a reload): that view.
    if (auto nav = nav_of_fragment(platform::initial_view_fragment(), app.ws.ledger())) {
      app.navigate(*nav);
      app.apply_navigation();
    }
    h.shown = view_address(app);
    platform::show_view(h.shown.fragment, h.shown.title, true);
    return;
  }
  ViewAddress now = view_address(app);
  if (now == h.shown) return;
  // A new entry in the browser's history for each view the user opened; the
  // same view renamed (an invoice numbered), or one reached by Back or
  // Forward, replaces the current entry.
  const bool replace = now.fragment == h.shown.fragment || h.from_browser;
  h.from_browser = false;
  h.shown = std::move(now);
  platform::show_view(h.shown.fragment, h.shown.title, replace);
}

void install(App& app) {
  platform::set_view_handler([&app](std::string fragment) {
    App::ViewHistory& h = app.view_history;
    auto nav = nav_of_fragment(fragment, app.ws.ledger());
    if (!nav) return;
    h.from_browser = true;
    app.navigate(*nav);
  });
}

}  // namespace view_url

}  // namespace relance
