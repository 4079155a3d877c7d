// The draft / pro forma form (create or edit) and the client picker, shared
// by the Factures screen, the client page and the guided start.
#pragma once
#include <functional>
#include <string>

#include "web/invoices_state.h"

namespace relance {
struct App;
}

namespace relance::invoices {

// A new invoice; `record` opens it on « J’ai déjà émis cette facture ».
void start_new(InvoiceDraftForm& f, ClientId client, Date today, bool record = false);
void start_edit(InvoiceDraftForm& f, const Invoice& inv);
// Draws the open form; once stored it closes and `saved` gets the invoice id.
void draw_draft_form(App& app, InvoiceDraftForm& f, std::function<void(InvoiceId)> saved = {},
                     bool cancellable = true);

// A combo listing the clients (with a search box inside); tracked under
// `label`, each client as "<name>##pick-<id>".
bool client_picker(const char* label, const Ledger& l, ClientId* id, std::string* search);

// The VAT rates offered, in basis points; the last choice is "amount typed".
inline constexpr int kVatRates[] = {2000, 1000, 550, 210, 0};
inline constexpr int kVatTyped = 5;
// VAT on an amount before tax, rounded to the cent.
Cents vat_for(Cents ht, int rate_bp);

}  // namespace relance::invoices
