// Late-payment penalties (B2B) and legal interest (B2C), computed exactly:
// per-segment accrual on the balance then owed, Exact/365, each segment at its
// period's rate and rounded to the cent (half away from zero), plus the flat
// recovery indemnity per late invoice for businesses.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/ledger.h"
#include "core/rates.h"

namespace relance {

struct PenaltyLine {
  Date from;  // first day of accrual
  Date to;    // last day of accrual, inclusive
  int days = 0;
  Cents base = 0;  // balance owed over the segment
  BasisPoints rate = 0;
  Cents amount = 0;
  // At the legal rate increased after a judgment (CMF L313-3).
  bool judgment = false;
  bool operator==(const PenaltyLine&) const = default;
};

struct Penalties {
  int days_late = 0;
  std::vector<PenaltyLine> lines;
  Cents interest = 0;   // sum of the lines
  Cents indemnity = 0;  // flat recovery indemnity (B2B, late invoices)
  Cents total = 0;      // interest + indemnity (the principal is not included)
  std::vector<std::string> warnings;  // French, each once
  // For letters: the rates that are not plain published figures ("taux de la
  // BCE du 1er semestre 2027 reconduit faute de publication connue"), each once.
  std::vector<std::string> rate_notes;
  // First day at the legal rate + the judgment margin; no date if none.
  Date judgment_from;
};

struct PaymentEvent {
  Date date;
  Cents amount = 0;
};

// Everything the computation needs, independent of the ledger.
struct PenaltyCase {
  ClientKind kind = ClientKind::business;
  // What was owed and when (a single due date, or a payment plan).
  std::vector<Instalment> schedule;
  // Payments in any order; they settle the earliest parts of the schedule first.
  std::vector<PaymentEvent> payments;
  // Accrual runs up to and including this day (the day of payment, or today).
  Date until;
  // A rate set by the contract (B2B) replaces reference + margin.
  std::optional<BasisPoints> contractual_rate;
  // B2C: day of the formal notice; legal interest runs from the day after.
  Date notice;
  // A public buyer (business only): reference + the public-buyer margin.
  PublicBuyer public_buyer = PublicBuyer::none;
  // Day a judgment ordering payment was notified: from the end of the
  // jurisdiction's delay (2 months) on, the legal rate + its margin (5 points).
  Date judgment_notified;
};

// The first day at the increased rate after a judgment notified on `notified`
// (the day after notified + 2 months); no date without a judgment or a rule.
Date judgment_rate_start(const Jurisdiction& j, Date notified);

Penalties compute_penalties(const Jurisdiction& j, const PenaltyCase& c);

// The penalties on an invoice of the ledger as of `today`: accrual stops on the
// day the invoice was settled if it is paid. B2C interest runs from the first
// formal notice recorded in the history.
Penalties invoice_penalties(const Ledger& l, const Invoice& inv, Date today);
// Day of the earliest formal notice (registered letter step) recorded for the
// invoice and not voided; no date if none.
Date formal_notice_date(const Ledger& l, const Invoice& inv);

// What a table of invoices or a statement shows of an invoice's penalties:
// the figures of its Penalties, without the lines, warnings and notes.
struct PenaltyTotals {
  int days_late = 0;
  Cents interest = 0;
  Cents indemnity = 0;
  Cents total = 0;
  bool operator==(const PenaltyTotals&) const = default;
};

// invoice_penalties() for many invoices of one ledger (the invoice table, a
// statement, the benchmark): each invoice's client and first formal notice
// come from the ledger's summary (summary.h: built once, then kept current by
// the commands) instead of one pass over the history per consumer invoice
// (or one per LedgerPenalties, as before the summary), each rate and its
// French warning is looked up once per half-year and table instead of once
// per segment, and the buffers are reused. Gives the same Penalties as
// invoice_penalties(l, inv, today) for every invoice. It refers to the
// ledger: use it while the ledger does not change. Not thread-safe.
class LedgerPenalties {
 public:
  LedgerPenalties(const Ledger& l, Date today);
  ~LedgerPenalties();
  LedgerPenalties(const LedgerPenalties&) = delete;
  LedgerPenalties& operator=(const LedgerPenalties&) = delete;
  Penalties operator()(const Invoice& inv);
  // The figures of operator()(inv) (the same cents and days), computed the
  // same segment by segment but without making the lines, the warnings and
  // the rate notes: no heap allocation once the buffers have grown.
  PenaltyTotals totals(const Invoice& inv);
  // totals() of each invoice in turn (a table's rows), reading ahead.
  std::vector<PenaltyTotals> totals(const std::vector<const Invoice*>& invoices);
  // formal_notice_date(l, inv), from the summary.
  Date notice(const Invoice& inv) const;

 private:
  struct State;
  const Ledger& l_;
  Date today_;
  const AgendaSummary* summary_;  // the ledger's, kept current by the commands
  // The summary of `inv` when it is one of l.invoices, else null.
  const InvoiceSummary* row(const Invoice& inv) const;
  template <bool Detail>
  Penalties compute_for(const Invoice& inv);
  std::unique_ptr<State> state_;
};

}  // namespace relance
