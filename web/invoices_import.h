// Factures › « Importer des factures électroniques »: Factur-X / ZUGFeRD
// PDFs, CII and UBL files (or a .zip of them) dropped or picked, previewed
// against the ledger (core/einvoice/import.h), then imported by one
// cmd::ImportBatch: every importable file at once, or none. Refused files
// and numbers already in the ledger are listed with their reason and left
// out.
#pragma once
#include <string_view>

#include "web/invoices_state.h"
#include "web/platform.h"

namespace relance {
struct App;
}

namespace relance::invoices {

// What the picker accepts for this import (several files at once).
inline constexpr const char* kEinvoiceAccept = ".pdf,.xml,.zip,application/pdf,application/xml,text/xml,application/zip";

// Told by content: a PDF, a zip archive, an XML whose root is Invoice,
// CreditNote or CrossIndustryInvoice; or a file named .pdf / .xml that is
// not a bank statement (root Document), so the preview can say why it is
// refused.
bool is_einvoice_file(std::string_view name, std::string_view bytes);

// Adds a file to the preview (a .zip: its .pdf and .xml members), opening it:
// read in the readers module (platform::read_files_in_worker), the preview
// says « Lecture du fichier… » until every file is answered.
// Files dropped together, or while the preview is open, join the same import.
void add_einvoice_file(EinvoiceImport& imp, platform::OpenedFile file);

// Asks the platform's picker for e-invoices (several at once); they arrive at
// SettingsScreen::receive_file, which hands them to the Factures screen.
void pick_einvoices(App& app);

// The preview, in place of the Factures list while it is open.
void draw_einvoice_import(InvoicesUi& s, App& app);

}  // namespace relance::invoices
