// The invoice table's rows: what each invoice shows (balance, days late,
// status, next reminder) derived once per ledger revision and day, then
// filtered and sorted once per change of filter or sort. Drawing a frame only
// reads the rows it shows, so 100,000 invoices scroll as fast as 100.
// Pure logic (no ImGui): tested natively.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/dunning.h"

namespace relance {

enum class InvoiceColumn : int { number, client, issue_date, due_date, ttc, balance, days_late, status, next_step, count };

// Status filter values besides an InvoiceStatus: everything, or what is
// still to be collected (issued, not settled).
inline constexpr int kAnyStatus = -1;
inline constexpr int kOpenStatus = -2;

struct InvoiceFilter {
  int status = kAnyStatus;  // kAnyStatus, kOpenStatus or an InvoiceStatus
  ClientId client = 0;      // 0: every client
  bool overdue = false;     // only open invoices past their due date
  std::string search;       // number, client or label (accents and case ignored)
  bool operator==(const InvoiceFilter&) const = default;
};

struct InvoiceSort {
  InvoiceColumn column = InvoiceColumn::issue_date;
  bool descending = true;
  bool operator==(const InvoiceSort&) const = default;
};

// What a row shows beyond the invoice itself.
struct InvoiceRow {
  Cents balance = 0;
  int days_late = 0;  // meaningful when open
  InvoiceStatus status = InvoiceStatus::draft;
  bool open = false;     // issued with something left to pay
  bool overdue = false;  // open and past its (effective) due date
  // The next reminder, if the invoice is chased.
  int next_chain = -1;  // index in ledger.chains
  int next_step = -1;
  Date next_planned;
  bool promise_broken = false;
  std::uint32_t number_rank = 0;
  std::uint32_t client_rank = 0;
};

class InvoiceTable {
 public:
  // Brings the rows up to date: derives again when the ledger or the day
  // changed, filters and sorts again when anything changed. Returns true when
  // the visible rows changed.
  bool update(const Ledger& l, std::uint64_t revision, Date today, const InvoiceSort& sort,
              const InvoiceFilter& filter);
  // Indexes into ledger.invoices, filtered and sorted.
  const std::vector<std::uint32_t>& rows() const { return rows_; }
  // Derived data of ledger.invoices[index].
  const InvoiceRow& row(std::uint32_t index) const { return derived_[index]; }
  // Where an invoice is among the rows (-1 if filtered out).
  int position_of(const Ledger& l, InvoiceId id) const;
  // Totals of the filtered rows.
  Cents total_ttc() const { return total_ttc_; }
  Cents total_balance() const { return total_balance_; }

  // How often each stage ran: the tests check that frames do no work.
  int derivations = 0;
  int sorts = 0;

 private:
  void derive(const Ledger& l, Date today);
  void build_search(const Ledger& l);
  void filter_and_sort(const Ledger& l);

  bool valid_ = false;
  std::uint64_t revision_ = 0;
  Date today_;
  InvoiceSort sort_;
  InvoiceFilter filter_;
  std::vector<InvoiceRow> derived_;
  std::vector<std::string> haystack_;  // folded "number client label", built on the first search
  std::vector<std::uint32_t> rows_;
  Cents total_ttc_ = 0, total_balance_ = 0;
};

// "Relance 2 (e-mail) le 15/11/2026"; empty when none.
std::string next_step_text(const Ledger& l, const InvoiceRow& r);

}  // namespace relance
