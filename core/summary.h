// The agenda's summary of every invoice: what "what to do today" needs of an
// invoice, in 48 bytes and no heap memory, parallel to Ledger::invoices, and
// the list of the invoices it has to look at (open ones, and paid ones still
// waiting for a thank-you). compute_agenda() reads the summaries of those
// alone instead of walking every invoice, its payments and the history.
//
// It is kept in the Ledger (Ledger::summary), built by one full pass the
// first time the agenda asks for it, and kept current by apply(): every
// command either refreshes the summaries of the invoices it touched or drops
// the whole summary (ledger-wide changes: settings, chains, clients, rates),
// which is then rebuilt on the next agenda. The list of commands is an
// exhaustive overload set in commands.cpp: a new command does not compile
// until it says what it touches. A copy of a Ledger starts without summary.
//
// Code that changes a Ledger's vectors without a command (loaders, tests,
// the benchmark's generator) either works on a ledger whose agenda was never
// computed, or calls drop_summary(). A change of size of the invoices,
// clients or history is noticed and rebuilds it; set_summary_check(true)
// (the test suites) compares every agenda read from the summary with the
// full recompute and throws on a difference.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/date.h"
#include "core/money.h"

namespace relance {

struct InvoiceSummary {
  Cents owed = 0;            // ttc - credited - paid (issued invoices; else 0)
  Date due;                  // due date the steps count from (earliest unpaid instalment under a plan)
  Date limit_check;          // time_barred()'s cheap rejection: not barred before this day (none: never)
  // Owed: the day the debt is time-barred from (none: never), valid on the
  // days from `limit_known` on (all the payments, acknowledgements and
  // court claim that restart the period are then in the past).
  Date limit, limit_known;
  Date promised_for;         // the last promise's date (none: no promise)
  Date settled;              // paid: the day the payments reached what was owed
  Date last_action;          // last reminder of any chain
  Date notice;               // first formal notice (formal_notice_date())
  std::uint32_t client = UINT32_MAX;  // position in Ledger::clients
  std::int16_t last_step = -1;        // highest step taken in the client's chain
  std::uint8_t flags = 0;

  static constexpr std::uint8_t issued = 1;    // an issued invoice (not a pro-forma, credit note...)
  static constexpr std::uint8_t blocked = 2;   // open dispute or paused
  static constexpr std::uint8_t reminded = 4;  // a reminder recorded (not voided)
  static constexpr std::uint8_t thanked = 8;   // a thank-you recorded (not voided)
  static constexpr std::uint8_t listed = 16;   // in AgendaSummary::open
  static constexpr std::uint8_t not_chased = 32;  // the client is marked "do not chase"

  // What the agenda looks at: owed, or paid after a reminder and not yet thanked.
  bool open() const {
    return (flags & issued) && (owed > 0 || ((flags & reminded) && !(flags & thanked)));
  }
};

struct AgendaSummary {
  std::vector<InvoiceSummary> rows;  // parallel to Ledger::invoices
  // Positions of the rows whose open() holds, and maybe of a few that no
  // longer do (skipped, dropped when the list is next sorted).
  std::vector<std::uint32_t> open;
  bool open_sorted = true;
  // The history entries naming each invoice (any kind, voided or not), as
  // lists threaded through `links`: head[row] is the newest link of the
  // invoice at that row, or UINT32_MAX. An entry naming an id that was no
  // invoice when it was linked goes to `unlinked`.
  struct HistoryLink {
    std::uint32_t entry, next;  // position in Ledger::history; next older link
  };
  std::vector<std::uint32_t> history_head;  // parallel to rows
  std::vector<HistoryLink> history_links;
  std::vector<std::pair<std::uint32_t, std::int64_t>> unlinked;  // (entry, invoice id)
  // Sizes of the ledger's vectors when last brought up to date.
  std::size_t invoices = 0, clients = 0, history = 0;
};

// Ledger::summary: a cache that never compares (two ledgers with the same
// data are equal whatever their summaries) and is not copied.
class SummaryCache {
 public:
  SummaryCache() = default;
  SummaryCache(const SummaryCache&) {}
  SummaryCache(SummaryCache&&) noexcept = default;
  SummaryCache& operator=(const SummaryCache&) {
    p_.reset();
    return *this;
  }
  SummaryCache& operator=(SummaryCache&&) noexcept = default;
  bool operator==(const SummaryCache&) const { return true; }

  AgendaSummary* get() const { return p_.get(); }
  void set(std::unique_ptr<AgendaSummary> s) const { p_ = std::move(s); }
  void reset() const { p_.reset(); }

 private:
  mutable std::unique_ptr<AgendaSummary> p_;
};

struct Ledger;
struct HistoryEntry;

// The summary, up to date: built by one full pass when there is none (or
// the sizes of the ledger's vectors changed behind the commands' back).
const AgendaSummary& agenda_summary(const Ledger& l);
// A fresh one, built by the full pass (tests compare it with the kept one).
AgendaSummary build_summary(const Ledger& l);
// What the commands call (through apply()): refresh one invoice's summary
// after a change to it (payments, disputes, pause, promises, plan, state,
// credit notes); add the summaries of invoices appended at the end; count a
// history entry just recorded; recount the invoices of an entry just voided;
// or drop it all.
void refresh_summary(Ledger& l, std::int64_t invoice_id);
void append_summaries(Ledger& l);
void summary_add_entry(Ledger& l, const HistoryEntry& h);
void summary_void_entry(Ledger& l, std::int64_t history_id);
void drop_summary(const Ledger& l);
// The positions in Ledger::history of the entries naming any of `invoices`
// (any kind, voided or not), in recording order, each once: read from the
// kept summary's index when there is one (the app, after its agenda), else
// by a pass over the history (a one-off message from the CLI). The test
// suites' check mode compares the two.
std::vector<std::uint32_t> history_of(const Ledger& l, const std::vector<std::int64_t>& invoices);
// Test suites: compare every agenda read from the summary with the full
// recompute (compute_agenda_reference) and throw std::logic_error when they differ.
void set_summary_check(bool on);
bool summary_check();
// What the check does on a difference: throws std::logic_error(what) where
// exceptions exist (the native test suites), else aborts (the wasm app is
// built without them and never turns the check on).
[[noreturn]] void summary_check_failed(const char* what);

}  // namespace relance
