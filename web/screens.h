// The six screens. Each is a unit with the same lifecycle, and owns what it
// remembers between frames (its *_state.h):
//   init(App&)  once, by the shell, before the first frame;
//   draw()      each frame it is the screen in view;
//   discard()   forgets its drafts, caches and what it showed (the ledger
//               was replaced, or a test starts afresh).
// A screen asks the shell to go elsewhere with App::navigate(Nav); the shell
// switches screens between frames and hands the request to the screen that
// shows it (show(Nav)), which alone writes its own state.
#pragma once
#include "core/ledger.h"
#include "web/bank_state.h"
#include "web/clients_state.h"
#include "web/invoices_state.h"
#include "web/platform.h"
#include "web/reminders_state.h"
#include "web/reports_state.h"
#include "web/settings_state.h"
#include "web/today_state.h"

namespace relance {

struct App;

// `bank` is no nav item: a statement dropped or picked opens it.
enum class Screen { today, invoices, clients, reminders, reports, settings, bank };

// Where to go: a screen and, in it, one invoice or one client (0: its list),
// or a new invoice draft (for `client` when set).
struct Nav {
  Screen screen = Screen::today;
  InvoiceId invoice = 0;
  ClientId client = 0;
  bool new_invoice = false;
};

template <class State>
class ScreenUnit {
 public:
  void init(App& app) { app_ = &app; }
  void discard() { state_ = State{}; }
  State& state() { return state_; }
  const State& state() const { return state_; }

 protected:
  App* app_ = nullptr;
  State state_;
};

class TodayScreen : public ScreenUnit<TodayUi> {
 public:
  void draw();
  // After the sample is cleared: the guided start, from its first step.
  void start_guided();
};

class InvoicesScreen : public ScreenUnit<InvoicesUi> {
 public:
  void draw();
  void show(const Nav& nav);
  // An e-invoice file (or a .zip of them) to preview: Factures comes into view.
  void receive_einvoice(platform::OpenedFile file);
};

class ClientsScreen : public ScreenUnit<ClientsUi> {
 public:
  void draw();
  void show(const Nav& nav);
};

class RemindersScreen : public ScreenUnit<RemindersState> {
 public:
  void draw();
};

class ReportsScreen : public ScreenUnit<ReportsState> {
 public:
  void draw();
};

class SettingsScreen : public ScreenUnit<SettingsState> {
 public:
  void draw();
  void discard();
  // A file opened or dropped: to the import that asked for it, else by its
  // kind (.csv, .json); this screen comes into view.
  void receive_file(platform::OpenedFile file);
};

// Rapprochement bancaire: a statement's lines against the open invoices
// (ui_bank.cpp). Opened by a statement dropped or picked; « Retour » goes
// back to the screen it came from.
class BankScreen : public ScreenUnit<BankState> {
 public:
  void draw();
  // A statement to reconcile (picked, or dropped and recognised by
  // is_statement()): read, matched, and this screen comes into view.
  void open_file(platform::OpenedFile file);
  // A file dropped on the page is a bank statement: OFX, camt, CFONB, or a
  // CSV whose columns a bank preset (or a mapping remembered for its
  // account) reads and that the invoice CSV importer does not recognise.
  static bool is_statement(const Ledger& l, std::string_view bytes);
};

}  // namespace relance
