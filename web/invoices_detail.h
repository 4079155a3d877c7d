// One invoice in full (amounts, payments, credit notes, disputes, promises,
// plan, reminders, live penalties) and every action on it, each a small form
// that checks as you type and shows the core's refusal beside its field.
#pragma once
#include <vector>

#include "core/ledger.h"
#include "imgui.h"
#include "web/invoices_state.h"
#include "web/invoices_view.h"

namespace relance {
struct App;
}

namespace relance::invoices {

void draw_detail(InvoicesUi& s, App& app, InvoiceId id);
// History entries (indexes into ledger.history), newest first, each opening
// on the exact text sent; voided ones muted. Shared with the client page.
void history_list(App& app, const std::vector<std::size_t>& entries, const char* id);
// The invoice table (ui_invoices.cpp), also on the client page: brings
// `table` up to date with the sort clicked in its headers, draws the visible
// rows, and returns the invoice clicked (0: none). Three columns when narrow.
InvoiceId draw_table(App& app, InvoiceTable& table, InvoiceSort& sort, const InvoiceFilter& filter, const char* id,
                     ImVec2 size, InvoiceId selected, bool* scroll_to_selected);

}  // namespace relance::invoices
