// The app shell: state shared by the screens, the top bar, the storage
// banner, and the window.relance automation entry points. Platform
// independent: draws with ImGui, talks to the world through platform.h.
//
// The screens are units of their own (screens.h): the shell owns them, draws
// the one in view, and moves between them on their navigation requests.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "core/commands.h"
#include "web/app/workspace.h"
#include "web/rates_served.h"
#include "web/drafts.h"
#include "web/view_url.h"
#include "web/screens.h"

namespace relance {

struct App {
  Screen screen = Screen::today;
  std::string today;  // "YYYY-MM-DD", from platform::today_iso()
  Workspace ws;  // the ledger, and the one way to change it
  ServedRates served_rates;  // rates/<id>.json read from the site (rates_served.h)

  // A short message after an action ("Paiement enregistré", or why not),
  // shown in the banner area until the next one or until closed.
  struct Notice {
    std::string text;
    bool error = false;
    std::vector<std::string> warnings;  // the core's warnings about what was done
    std::uint64_t frame = 0;
  } notice;

  // Long work done a slice at a time (a CSV import: reading, checking,
  // writing its journal text): work(ms) does up to about ms milliseconds of
  // it and returns whether more remains. The browser's loop (main.cpp, which
  // sets work_between_frames) calls it in ticks that draw nothing and draws a
  // frame now and then for the progress bar (a frame is rasterized on the CPU
  // without a GPU: 70-150 ms in headless Chromium); elsewhere (the native
  // tests) the screen calls it while drawing.
  std::function<bool(double ms)> work;
  bool work_between_frames = false;

  // The sample banner asks before clearing the sample.
  bool confirm_reset = false;

  // Forms kept across a reload (drafts.h).
  KeptForms kept;

  // The view's address in the browser (view_url.h): the one shown, whether
  // the last change came from Back/Forward.
  struct ViewHistory {
    bool started = false;
    bool from_browser = false;
    ViewAddress shown;
  } view_history;

  struct Screens {
    TodayScreen today;
    InvoicesScreen invoices;
    ClientsScreen clients;
    RemindersScreen reminders;
    ReportsScreen reports;
    SettingsScreen settings;
    BankScreen bank;
  } screens;

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
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  Date today_date() const;
  void notify(std::string text, bool error = false, std::vector<std::string> warnings = {});

  // Navigation: asks the shell to show a screen (and in it an invoice or a
  // client). Done between frames: after the frame that asked, or before the
  // next one when asked outside a frame.
  void navigate(Nav nav);
  void open_invoice(InvoiceId id) { navigate({Screen::invoices, id}); }
  void open_client(ClientId id) { navigate({Screen::clients, 0, id}); }
  // Carries out a pending navigation request (the shell calls it).
  void apply_navigation();
  // Every screen forgets its drafts and caches (the ledger was replaced).
  void discard_screens();
  // The ledger is the sample (its company is the sample's): marked as such.
  bool is_sample() const;
  // Nothing entered yet: no company name, no client, no invoice.
  bool is_empty() const;

 private:
  std::optional<Nav> nav_;
};

// Registers the window.relance handlers, opens storage. Call once.
void app_init(App& app);
// Draws the whole UI for one frame (between ImGui::NewFrame and Render).
void app_draw(App& app);

}  // namespace relance
