// A seeded generator of realistic ledgers for the benchmark (and for anyone
// who needs a big ledger): N documents over N/10 clients, a third of them
// consumers, issued over the three years before `today`, about 70 % paid (on
// time or late), partial payments, credit notes, disputes, promises, payment
// plans, write-offs, pauses, and the history of reminders a user following
// the default chains would have recorded (one entry per invoice and step,
// calls with their notes, thank-yous after payment).
//
// The ledger is built straight into its vectors (building a million invoices
// through relance::apply is quadratic: every AddInvoice and RecordAction
// scans the ledger for duplicates). To keep that honest the generator can
// also hand back the same history as the commands the app would have
// applied, in order; bench/check_generate.cpp replays them through
// relance::apply and checks the result is the very same ledger, and that it
// saves and loads back unchanged.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/commands.h"

namespace relance::bench {

struct GenOptions {
  std::size_t invoices = 10000;  // documents in Ledger::invoices (invoices and credit notes)
  std::uint64_t seed = 1;
  Date today = Date::from_ymd(2026, 3, 16);
  // When set, receives every command, in the order apply() must run them to
  // rebuild the generated ledger exactly (ids included).
  std::vector<Command>* commands = nullptr;
};

struct GenStats {
  std::size_t clients = 0, consumers = 0;
  std::size_t invoices = 0, credit_notes = 0, cancelled = 0, written_off = 0;
  std::size_t paid = 0, paid_late = 0, open = 0, open_late = 0, partly_paid = 0;
  std::size_t payments = 0, disputes = 0, promises = 0, plans = 0, paused = 0;
  std::size_t history = 0, reminders = 0, call_notes = 0, thanks = 0;
};

Ledger generate_ledger(const GenOptions& options, GenStats* stats = nullptr);

}  // namespace relance::bench
