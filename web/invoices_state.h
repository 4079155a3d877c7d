// What the Factures screen remembers between frames: the table's cache, the
// sort and filter, the invoice shown, and the forms being filled.
#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/einvoice/import.h"
#include "core/penalties.h"
#include "web/forms.h"
#include "web/invoices_view.h"

namespace relance {

// A new invoice (recorded as issued elsewhere, or created in Relance as a
// draft or pro forma), or a draft being edited.
struct InvoiceDraftForm {
  bool open = false;
  InvoiceId editing = 0;  // 0: a new one
  // A new one: 0 « J’ai déjà émis cette facture » (recorded as issued, with
  // its own number, date and due date), 1 « Créer la facture dans Relance »
  // (a draft or pro forma, numbered when issued).
  int origin = 1;
  std::string number;    // recorded: the invoice's own number, any format
  std::string due_date;  // recorded: jj/mm/aaaa (empty: the client's terms)
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

// E-invoices dropped or picked (Factur-X / ZUGFeRD PDF, CII, UBL, a .zip of
// them), previewed against the ledger before one command imports them all.
struct EinvoiceImport {
  bool open = false;
  std::vector<einvoice::ReadFile> files;   // read by the readers module, in the order received
  std::vector<std::string> skipped;        // .zip members that are not e-invoices
  // Files sent to the readers module and not answered yet (« Lecture du
  // fichier… »); answers for an import closed meanwhile (another
  // `generation`) are dropped.
  std::size_t reading = 0;
  std::uint64_t generation = 0;
  std::vector<std::pair<std::string, std::size_t>> received;  // (name, hash of the bytes): the same file twice counts once
  std::vector<std::pair<std::string, std::string>> unreadable;  // a .zip that does not read: (file, why)
  // The plan, recomputed when the files or the ledger change.
  std::optional<einvoice::ImportPlan> plan;
  std::uint64_t plan_revision = UINT64_MAX;
  std::size_t plan_files = 0;
  bool submitting = false;
  std::string submit_error;
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
  EinvoiceImport import;
  // Names of the clients for the filter combo, cached by revision.
  std::uint64_t clients_revision = UINT64_MAX;
  std::vector<std::string> client_names;
  std::vector<ClientId> client_ids;
};

}  // namespace relance
