// What the Factures screen remembers between frames: the table's cache, the
// sort and filter, the invoice shown, and the forms being filled.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/penalties.h"
#include "web/forms.h"
#include "web/invoices_view.h"

namespace relance {

// A new draft or pro forma, or a draft being edited.
struct InvoiceDraftForm {
  bool open = false;
  InvoiceId editing = 0;  // 0: a new one
  ClientId client = 0;
  std::string client_search;
  int kind = 0;  // 0 invoice (draft), 1 pro forma
  std::string label;
  std::string ht;
  int vat_rate = 0;  // index in the rates offered; the last one is "amount typed"
  std::string vat_amount;
  std::string issue_date;  // pro forma date (jj/mm/aaaa)
  forms::Errors error;
};

enum class InvoiceAction { none, issue, payment, credit_note, dispute, promise, plan, pause, write_off, delete_draft };

struct PlanRow {
  std::string due;
  std::string amount;
};

// The fields of the action forms on one invoice (one form open at a time).
struct InvoiceActionForm {
  InvoiceAction action = InvoiceAction::none;
  InvoiceId invoice = 0;
  std::string date, date2, amount, reference, reason, note;
  int method = 0;
  bool deposit = false, acknowledges = false;
  bool due_edited = false;  // issue: the due date was typed, keep it
  std::string count = "3";
  std::vector<PlanRow> plan;
  forms::Errors error;
  // Issue: the core's answer to a dry run, recomputed when the dates change.
  std::string checked_key;
  std::string number_preview;
  std::vector<std::string> warnings_preview;
  std::string error_preview;
};

// Derived data of the invoice shown, cached by revision and day.
struct InvoiceDetailCache {
  std::uint64_t revision = UINT64_MAX;
  Date today;
  InvoiceId id = 0;
  Penalties penalties;
  std::vector<std::size_t> credit_notes;  // indexes into ledger.invoices
  std::vector<std::size_t> history;       // indexes into ledger.history
  std::string not_chased;
  std::string next_step;
};

struct InvoicesUi {
  InvoiceTable table;
  InvoiceSort sort;
  InvoiceFilter filter;
  int client_filter_index = 0;  // in the client combo (0: all)
  InvoiceId selected = 0;
  bool scroll_to_selected = false;
  InvoiceDraftForm draft;
  InvoiceActionForm action;
  InvoiceDetailCache detail;
  // Names of the clients for the filter combo, cached by revision.
  std::uint64_t clients_revision = UINT64_MAX;
  std::vector<std::string> client_names;
  std::vector<ClientId> client_ids;
};

}  // namespace relance
