// The app shell: state shared by the screens, the top bar, the storage
// banner, and the window.relance automation entry points. Platform
// independent: draws with ImGui, talks to the world through platform.h.
//
// A screen is a file ui_<name>.cpp with `void draw(App&)` in namespace
// relance::ui_<name>, drawing inside the area the shell gives it.
#pragma once
#include <functional>
#include <string>

#include "core/commands.h"
#include "web/app/workspace.h"
#include "web/clients_state.h"
#include "web/invoices_state.h"
#include "web/today_state.h"

namespace relance {

enum class Screen { today, invoices, clients, reminders, reports, settings };

struct App {
  Screen screen = Screen::today;
  std::string today;  // "YYYY-MM-DD", from platform::today_iso()
  Workspace ws;  // the ledger, and the one way to change it

  // A short message after an action ("Paiement enregistré", or why not),
  // shown in the banner area until the next one or until closed.
  struct Notice {
    std::string text;
    bool error = false;
    std::vector<std::string> warnings;  // the core's warnings about what was done
    std::uint64_t frame = 0;
  } notice;

  // The daily screens' own state (today_state.h, invoices_state.h, clients_state.h).
  TodayUi today_ui;
  InvoicesUi invoices_ui;
  ClientsUi clients_ui;

  // CPU time of app_draw over the last frames, for window.relance.perf().
  struct Perf {
    std::vector<float> ms;  // ring buffer
    std::size_t next = 0;
    std::uint64_t count = 0;
  } perf;

  // Platform checks in Paramètres, Diagnostic tab (window.relance.dev.opened).
  struct Dev {
    std::string text;            // the sample text field
    std::string opened_name;     // last file opened or dropped
    std::size_t opened_size = 0;
    std::string opened_head;     // its first characters
    int mails = 0, downloads = 0;
  } dev;

  App();

  Date today_date() const;
  void notify(std::string text, bool error = false, std::vector<std::string> warnings = {});

  // Navigation: shows an invoice in Factures, a client's page in Clients.
  void open_invoice(InvoiceId id);
  void open_client(ClientId id);
  // The ledger is the sample (its company is the sample's): marked as such.
  bool is_sample() const;
  // Nothing entered yet: no company name, no client, no invoice.
  bool is_empty() const;
};

// Registers the window.relance handlers, opens storage. Call once.
void app_init(App& app);
// Draws the whole UI for one frame (between ImGui::NewFrame and Render).
void app_draw(App& app);

// The screens.
namespace ui_today { void draw(App& app); }
namespace ui_invoices { void draw(App& app); }
namespace ui_clients { void draw(App& app); }
namespace ui_reminders { void draw(App& app); }
namespace ui_reports { void draw(App& app); }
namespace ui_settings { void draw(App& app); }

}  // namespace relance
