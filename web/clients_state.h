// What the Clients screen remembers between frames: the list's cache, the
// client shown, and the client form (also used by the guided start).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/reports.h"
#include "web/forms.h"
#include "web/invoices_view.h"

namespace relance {

struct ClientForm {
  bool open = false;
  ClientId editing = 0;  // 0: a new client
  Client client;         // the fields being edited
  std::string terms_days = "30";
  forms::Errors error;
};

// Per client, from one pass over the invoices.
struct ClientTotals {
  Cents open = 0;
  Cents late = 0;
  int open_invoices = 0;
  int late_invoices = 0;
  int invoices = 0;
};

struct ClientsUi {
  std::string search;
  int kind = 0;  // 0 all, 1 businesses, 2 consumers
  int sort_column = 0;
  bool sort_descending = false;
  ClientId selected = 0;
  ClientForm form;

  // Cache of the list, keyed by revision, day, search, kind and sort.
  std::uint64_t revision = UINT64_MAX;
  Date today;
  std::vector<ClientTotals> totals;  // parallel to ledger.clients
  std::string list_key;
  std::vector<std::uint32_t> rows;   // indexes into ledger.clients

  // The report (payment behaviour), by revision and day.
  std::uint64_t report_revision = UINT64_MAX;
  Date report_today;
  std::optional<Report> report;

  // The client page: its invoices, open ones and history, by revision.
  InvoiceTable invoices;
  InvoiceSort invoices_sort;
  std::uint64_t page_revision = UINT64_MAX;
  ClientId page_client = 0;
  Date page_today;
  std::vector<std::size_t> page_open;     // open invoices (indexes), oldest due first
  std::vector<std::size_t> page_history;  // indexes into ledger.history
};

}  // namespace relance
