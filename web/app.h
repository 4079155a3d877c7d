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
#include "web/data.h"
#include "web/store.h"

namespace relance {

enum class Screen { today, invoices, clients, reminders, reports, settings };

struct App {
  Screen screen = Screen::today;
  std::string today;  // "YYYY-MM-DD", from platform::today_iso()
  Data data;    // the ledger (declared before the store, whose hooks feed it)
  Store store;

  // A short message after an action ("Paiement enregistré", or why not).
  struct Notice {
    std::string text;
    bool error = false;
    std::uint64_t frame = 0;
  } notice;

  // Platform checks in Paramètres (replaced in the second round).
  struct Dev {
    std::string text;            // the sample text field
    std::string opened_name;     // last file opened or dropped
    std::size_t opened_size = 0;
    std::string opened_head;     // its first characters
    int mails = 0, downloads = 0;
  } dev;

  App();

  Date today_date() const;
  // Checks a command against the ledger, then writes it to IndexedDB; the
  // ledger changes once it is stored, in log order with other tabs' changes.
  // `done` gets the result: an error when the command is refused or could
  // not be stored (then nothing changed).
  void submit(const Command& command, std::function<void(const Result<Applied>&)> done = {});
  // Replaces the whole ledger (backup import, sample ledger) by writing it as
  // the new snapshot.
  void replace_ledger(Ledger l, std::function<void(bool ok)> done = {});
  void notify(std::string text, bool error = false);
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
