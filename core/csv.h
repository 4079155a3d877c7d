// CSV import and export of invoices, in the two dialects people actually
// have: the French Excel one (";", decimal comma, dd/mm/yyyy, UTF-8 with BOM
// or Windows-1252) and the plain one (",", decimal point, ISO dates, UTF-8).
//
// The importer never touches a ledger: it reads the file, checks every cell
// and, when nothing is wrong, hands back one cmd::ImportBatch that the caller
// applies. It is all or nothing: one bad cell and there is no batch, only the
// list of errors, each naming its physical line and column.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands.h"
#include "core/ledger.h"
#include "core/result.h"

namespace relance {

enum class CsvDialect {
  french,  // ';', "1234,56" (grouping accepted on import), dd/mm/yyyy
  plain,   // ',', "1234.56", YYYY-MM-DD
};
enum class CsvEncoding { utf8, cp1252 };

// The form of a file: what the importer detected (or was told).
struct CsvFormat {
  CsvDialect dialect = CsvDialect::french;
  CsvEncoding encoding = CsvEncoding::utf8;
  bool bom = false;     // the file started with a UTF-8 byte order mark
  char separator = ';';  // ';', ',' or '\t'
  bool operator==(const CsvFormat&) const = default;
};

// "Excel français : séparateur point-virgule, UTF-8 avec BOM", for the UI.
std::string describe(const CsvFormat& f);

struct CsvOptions {
  // Nothing given means detected. The dialect comes from the amounts and
  // dates of the first rows, then from the separator; the encoding from the
  // BOM, else UTF-8 if the bytes are valid UTF-8, else Windows-1252; the
  // separator from counting ';', ',' and tabs in the header line (a leading
  // "sep=;" line, as Excel writes, is honoured and skipped).
  std::optional<CsvDialect> dialect;
  std::optional<CsvEncoding> encoding;
  std::optional<char> separator;
  std::size_t max_errors = 100;  // stop reading after this many
  // Explicit meaning of columns, by their header as written (case and
  // accents do not matter): a field name (see csv_field_names()) or
  // "ignore". Given columns override the recognised headers.
  std::vector<std::pair<std::string, std::string>> mapping;
};

// The field names a mapping may give: "number", "client", "issue_date",
// "due_date", "ttc", "ht", "vat", "paid", "paid_date", "payment_amount",
// "status", "payment_status", "balance"... and "ignore".
std::vector<std::string> csv_field_names();

struct CsvImportResult {
  std::optional<cmd::ImportBatch> batch;  // only when errors is empty
  Errors errors;  // where: "ligne 7, colonne « Échéance »" (as written in the header)
  std::vector<std::string> warnings;  // ignored columns, skipped credit notes...
  CsvFormat format;
  std::size_t rows = 0;         // data rows read (blank lines not counted)
  std::size_t new_clients = 0;  // clients the batch creates
  std::size_t invoices = 0;     // invoices the batch adds
  std::size_t skipped = 0;      // credit notes, drafts and pro formas left out
  // The tool whose export the header looks like ("Odoo", "Dolibarr",
  // "ERPNext", "Invoice Ninja", "Zoho Books", "logiciel de facturation
  // français"), empty for Relance's own columns or an unknown file.
  std::string preset;
};

// Incremental import, so the browser can show a progress bar between frames:
//   CsvImporter imp(ledger, bytes, {}, today);
//   while (imp.step(5000)) draw_progress(imp.progress());
//   CsvImportResult r = imp.take_result();
// `into` is read during the import and must outlive the importer unchanged.
class CsvImporter {
 public:
  CsvImporter(const Ledger& into, std::string bytes, CsvOptions opts, Date today);
  ~CsvImporter();
  CsvImporter(CsvImporter&&) noexcept;
  CsvImporter& operator=(CsvImporter&&) noexcept;

  // Reads up to max_rows more rows; then checks the batch by applying it to
  // a copy of the ledger, up to max_rows clients or invoices per call.
  // Returns false once finished.
  bool step(std::size_t max_rows);
  double progress() const;  // 0..1
  bool finished() const;
  // The result; finishes the import first if needed. Call once.
  CsvImportResult take_result();
  // Once finished without errors: the copy of `into` with the batch applied,
  // which is what apply(into, batch) gives as long as `into` is unchanged
  // (the browser swaps it in instead of applying the batch again); null
  // otherwise, or when already taken.
  std::unique_ptr<Ledger> take_checked_ledger();
  // Only reads the header (see csv_header()); the importer is then finished.
  std::vector<std::string> header();
  // After header(): up to `max_rows` more records as written (cells as
  // text, blank lines skipped), for a preview of the file.
  std::vector<std::vector<std::string>> next_rows(std::size_t max_rows);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The one-shot form of CsvImporter.
CsvImportResult import_csv(const Ledger& into, std::string_view bytes, const CsvOptions& opts, Date today);

// The header row the importer reads in this file (title rows above it
// skipped, the separator detected, opts.mapping taken into account), its
// cells trimmed as written; empty when there is none. Reads only the start
// of the file (what a remembered mapping is recognised by, core/mappings.h).
std::vector<std::string> csv_header(std::string_view bytes, const CsvOptions& opts);

// The header (as csv_header) and the first `max_rows` data rows below it,
// cells as written: what the browser's column-mapping step shows.
struct CsvPreview {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
CsvPreview csv_preview(std::string_view bytes, const CsvOptions& opts, std::size_t max_rows);

// How many of the columns an invoice file must have (number, client, issue
// date, due date, TTC or else HT and TVA) the header csv_header() finds
// lacks: 0 for a file the importer reads as invoices, 5 for one that names
// none of them (a bank statement's « Date;Libellé;Montant » lacks 3). For
// the browser, which routes a dropped CSV by it.
int invoice_csv_missing_columns(std::string_view bytes, const CsvOptions& opts = {});

// Every issued invoice and credit note (not drafts nor pro formas), one row
// each in ledger order, CRLF line ends. French: ';', "1234,56" without
// grouping (Excel reads it as a number), dd/mm/yyyy, French headers, UTF-8
// with BOM. Plain: ',', "1234.56", ISO dates, English headers, UTF-8 without
// BOM. Windows-1252 on request: characters it cannot hold become '?' and are
// counted in *lost. Text cells starting with = + - @ tab or CR get a leading
// apostrophe so a spreadsheet never runs them as formulas; the importer
// removes it again.
std::string export_csv(const Ledger& l, CsvDialect dialect, CsvEncoding encoding = CsvEncoding::utf8,
                       std::size_t* lost = nullptr);

}  // namespace relance
