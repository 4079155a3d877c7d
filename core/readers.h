// The file readers as one call, JSON out: what the browser runs in its
// readers module (readers.wasm, in a Web Worker) so that the app's own
// module links none of them (pugixml, inflate, the zip and PDF readers, the
// bank statement parsers). The app keeps what needs the ledger (matching a
// statement, planning an e-invoice import) and decodes the answers here.
//
// Worker side: read_files(kind, files, options) -> JSON text.
// App side:    bank_options() builds the options; bank_answer() and
//              einvoice_answer() read the JSON back (with failure_answer()
//              for a reader that could not run at all).
//
// Natively (tests, the CLI) both sides run in one process: the answer goes
// through the same JSON, so the browser's path is the one tested.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bank/statement.h"
#include "core/einvoice/import.h"
#include "core/json_io.h"

namespace relance::readers {

enum class Kind { bank, einvoice };
const char* to_string(Kind k);  // "bank", "einvoice"
std::optional<Kind> kind_from(std::string_view s);

struct File {
  std::string name;
  std::string bytes;
};

// Reads the files. bank: one statement file, options from bank_options();
// einvoice: PDF, XML and .zip files (a .zip gives its members), no options.
std::string read_files(Kind kind, std::vector<File> files, std::string_view options);

// A bank statement's options: columns to read a CSV with; `remembered`:
// columns remembered for the account, tried first, then the presets
// (the answer says which read it).
std::string bank_options(const std::optional<bank::CsvColumns>& columns, bool remembered);

// What the app gets back when the reader could not run (its module failed to
// load, the worker died): `message` is shown as is.
std::string failure_answer(std::string_view message);

struct BankAnswer {
  std::string failure;  // the reader did not run: the message to show
  std::optional<bank::Statement> statement;
  bool used_columns = false;  // read with the columns given (else by the presets / the format)
  Error error;                // the file did not read (no statement, no failure)
};
BankAnswer bank_answer(std::string_view json);

struct EinvoiceAnswer {
  std::string failure;
  std::vector<einvoice::ReadFile> files;  // in the order given, a .zip's members in its place
  std::vector<std::string> skipped;       // .zip members that are not e-invoices
  std::vector<std::pair<std::string, std::string>> unreadable;  // (file, why): a .zip that does not read
};
EinvoiceAnswer einvoice_answer(std::string_view json);

// The codecs, for the CLI and the tests too.
Json statement_to_json(const bank::Statement& s);
Result<bank::Statement> statement_from_json(const Json& j);
Json columns_to_json(const bank::CsvColumns& c);
Result<bank::CsvColumns> columns_from_json(const Json& j);
Json einvoice_to_json(const einvoice::EInvoice& e);
Result<einvoice::EInvoice> einvoice_from_json(const Json& j);

}  // namespace relance::readers
