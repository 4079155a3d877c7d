// The dunning engine: given the ledger and today's date, what to do today and
// in the next days. It never proposes to chase a paid, cancelled, written-off,
// disputed or paused invoice, one under a promise to pay that still runs, or
// a client marked "do not chase". Steps are grouped per client and step, so a
// client with three late invoices gets one letter listing them.
//
// Catch-up after a gap: an app opened once a week (or once a month) proposes
// one step per invoice, never a burst of the steps it missed. The step is the
// most advanced ordinary reminder that is due, but an escalation (call, formal
// notice, hand-over) is only proposed once the step before it was taken: a
// formal notice never comes out of the blue because the app was closed.
// After a step is taken, the next one waits at least the chain's
// min_days_between, even if its date has passed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.h"
#include "core/ledger.h"

namespace relance {

struct AgendaInvoice {
  InvoiceId id = 0;
  std::string number;
  Cents balance = 0;
  int days_late = 0;  // negative before the due date
  Date due;           // effective due date (earliest unpaid instalment under a plan)
  bool operator==(const AgendaInvoice&) const = default;
};

struct AgendaItem {
  enum class Kind { step, thanks };
  Kind kind = Kind::step;
  ClientId client = 0;
  std::string client_name;
  std::string chain_id;
  int step = -1;  // index in the chain; -1 for a thank-you
  std::string step_name;
  Channel channel = Channel::email;
  std::string template_id;
  std::vector<AgendaInvoice> invoices;
  Date planned;  // when the step falls due (can be in the past after a gap)
  bool due_now = false;
  Cents balance = 0;  // sum of the invoices' balances
  int days_late = 0;  // the largest
  // What matters most first: Σ balance × days late (days ≥ 0), in cent-days.
  std::int64_t weight = 0;
  bool promise_broken = false;
  // Steps passed over by the catch-up rule (French), for the user's information.
  std::vector<std::string> notes;
  bool operator==(const AgendaItem&) const = default;
};

struct Agenda {
  Date today;
  int horizon_days = 0;
  std::vector<AgendaItem> due;       // to do today (including overdue steps)
  std::vector<AgendaItem> upcoming;  // falling due within the horizon
  // Reminded invoices paid in the last 30 days, except for a client who still
  // owes another invoice past its due date.
  std::vector<AgendaItem> thanks;
  bool operator==(const Agenda&) const = default;
};

// `horizon_days` < 0 uses the ledger's settings (agenda_days). Reads the
// ledger's summary of its open invoices (summary.h: built on the first call,
// then kept current by apply()).
Agenda compute_agenda(const Ledger& l, Date today, int horizon_days = -1);
// The same by a full pass over every invoice and the history: the reference
// the summary is checked against.
Agenda compute_agenda_reference(const Ledger& l, Date today, int horizon_days = -1);

// The same restricted to one client's invoices (a letter or an e-mail for
// that client), without going through the others.
Agenda client_agenda(const Ledger& l, ClientId client, Date today, int horizon_days = -1);

// The step a letter or an e-mail to `client` (whose chain is `chain`) is
// about when none is named: the client's step due today, with the invoices
// the agenda groups under it; else, when `last_taken_first`, the last step
// taken; else the next one planned within the agenda's horizon (with its
// invoices), else the earliest next step of its invoices beyond it.
struct ClientStep {
  int step = -1;                      // -1: no step in progress
  std::vector<InvoiceId> invoices;    // the step's invoices, when the agenda lists them
  std::vector<std::string> other_due; // names of the client's other steps due today
};
ClientStep current_step(const Ledger& l, const Client& client, const Chain& chain, Date today, bool last_taken_first);

// The next step for one invoice (for the invoice table); none if it is not to
// be chased or the chain is finished.
struct NextStep {
  const Chain* chain = nullptr;
  int step = -1;
  Date planned;
  bool promise_broken = false;
};
std::optional<NextStep> next_step(const Ledger& l, const Invoice& inv, Date today);
// The same for every invoice at once (one pass over the history), parallel
// to l.invoices.
std::vector<std::optional<NextStep>> next_steps(const Ledger& l, Date today);

// Why an invoice is not chased (French), or empty when it is.
std::string not_chased_reason(const Ledger& l, const Invoice& inv, Date today);

// The history entry recording that an agenda item was done, with the text
// actually sent. Apply it with cmd::RecordAction.
HistoryEntry history_entry_for(const AgendaItem& item, Date date, Channel channel, std::string recipient,
                               std::string subject, std::string text);

bool is_escalation(Channel c);

// The agenda as JSON (what `relance agenda` prints and window.relance.agenda
// returns): money as decimal strings, dates ISO, steps numbered from 1.
Json agenda_item_json(const AgendaItem& item);
Json agenda_json(const Agenda& agenda);
// dump_json(agenda_json(agenda), indent), written straight into the text
// (100 000 items: no Json of them all; `relance agenda` prints it).
std::string agenda_json_text(const Agenda& agenda, int indent);

}  // namespace relance
