// The ledger's file format: one versioned JSON document
//   { "format": "relance-ledger", "version": 2, "company": {...}, ... }
// Money is written as decimal strings ("1234.56"), rates as percent strings
// ("12.15"), dates as "YYYY-MM-DD". Loading checks everything, names the JSON
// path of each problem and returns no ledger at all when anything is wrong:
// nothing is half-loaded. Older versions are migrated; newer ones refused.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_io.h"
#include "core/ledger.h"
#include "core/result.h"

namespace relance {

inline constexpr std::string_view kLedgerFormat = "relance-ledger";
inline constexpr int kLedgerVersion = 2;

// The whole ledger as one DOM (the writer's reference in the tests).
Json ledger_json(const Ledger& l);
// The file's text, written record by record: the same bytes as
// dump_json(ledger_json(l), indent) + "\n".
std::string ledger_to_json(const Ledger& l, int indent = 1);

struct LedgerLoad {
  std::optional<Ledger> ledger;  // set only when errors is empty
  Errors errors;                 // every problem found (up to a limit), each with its path
  int from_version = 0;          // the version found in the file
  std::vector<std::string> notes;  // what a migration changed (French)
};
// Reads the text in one streaming pass (no DOM of the whole file).
LedgerLoad load_ledger(std::string_view text, std::string_view origin);
// The same through a DOM of the whole document: what load_ledger falls back
// on for version 1 files (migrated as a DOM) and for files it cannot stream
// exactly; also the tests' reference.
LedgerLoad load_ledger_dom(std::string_view text, std::string_view origin);
// Same, keeping only the first error.
Result<Ledger> ledger_from_json(std::string_view text, std::string_view origin);
// The relations between the parts of a ledger read from a file (ids not
// repeated, every client, invoice, chain and template referred to exists,
// steps in order), each problem recorded with its JSON path. Every reader of
// a whole ledger runs it (also the binary snapshot, core/snapshot.h).
void check_references(JsonReader& r, const Ledger& l);

}  // namespace relance
