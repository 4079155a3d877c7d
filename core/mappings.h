// Column mappings remembered from one import to the next (Ledger::mappings,
// saved with cmd::SaveMapping). A file no preset knows is imported once
// with the user's mapping; the next file of the same shape is recognised
// and read with it:
//   invoice CSV  by its header: the normalised names of its columns
//                ("header:n piece|client|date|echeance|montant");
//   bank CSV     by the account's IBAN when the lines above the movements
//                carry one ("iban:FR7630006000011234567890189"), else by the
//                header just above the first movement.
// Pure: bytes and a ledger in, keys and mappings out (the browser passes the
// bytes of the file the user dropped).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bank/statement.h"
#include "core/csv.h"
#include "core/ledger.h"

namespace relance {

// "header:" and the cells folded (lower case, no accents, punctuation as
// spaces) joined by '|', trailing empty cells dropped; long headers end in
// a hash so the key stays under 600 bytes. Empty for no cells.
std::string header_signature(const std::vector<std::string>& cells);

// ---- invoice CSV (relance import-csv --map, the browser's column dialog)
// The key of the file as read with this mapping (opts.mapping); "" when the
// file has no header.
std::string invoice_csv_key(std::string_view bytes, const CsvOptions& opts);
// The mapping to save after an import with opts.mapping (fields "ignorer"
// and "" written "ignore"); none when the file has no header or the
// mapping is empty.
std::optional<SavedMapping> invoice_csv_mapping(std::string_view bytes, const CsvOptions& opts);
// The saved mapping this file is recognised by: one whose header, read from
// this file with that mapping, has the saved key. Null when none.
const SavedMapping* remembered_invoice_mapping(const Ledger& l, std::string_view bytes, const CsvOptions& opts);

// ---- bank CSV (relance match --columns)
// "iban:…" when the first columns.skip_rows lines carry an IBAN, else the
// header signature of the record just above the movements, else "".
std::string bank_csv_key(std::string_view bytes, const bank::CsvColumns& columns);
std::optional<SavedMapping> bank_csv_mapping(std::string_view bytes, const bank::CsvColumns& columns);
bank::CsvColumns bank_columns_of(const SavedMapping& m);
// The saved bank mapping for this file (its key, computed with that
// mapping's skip_rows and separator, is the saved one); null when none.
const SavedMapping* remembered_bank_mapping(const Ledger& l, std::string_view bytes);

}  // namespace relance
