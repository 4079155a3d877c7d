// The ledger's file format: one versioned JSON document
//   { "format": "relance-ledger", "version": 2, "company": {...}, ... }
// Money is written as decimal strings ("1234.56"), rates as percent strings
// ("12.15"), dates as "YYYY-MM-DD". Loading checks everything, names the JSON
// path of each problem and returns no ledger at all when anything is wrong:
// nothing is half-loaded. Older versions are migrated; newer ones refused.
#pragma once
#include <string>
#include <string_view>

#include "core/commands.h"
#include "core/json_io.h"
#include "core/ledger.h"

namespace relance {

inline constexpr std::string_view kLedgerFormat = "relance-ledger";
inline constexpr int kLedgerVersion = 2;
inline constexpr std::string_view kCommandFormat = "relance-command";
inline constexpr int kCommandVersion = 1;

Json ledger_json(const Ledger& l);
std::string ledger_to_json(const Ledger& l, int indent = 1);

struct LedgerLoad {
  std::optional<Ledger> ledger;  // set only when errors is empty
  Errors errors;                 // every problem found (up to a limit), each with its path
  int from_version = 0;          // the version found in the file
  std::vector<std::string> notes;  // what a migration changed (French)
};
LedgerLoad load_ledger(std::string_view text, std::string_view origin);
// Same, keeping only the first error.
Result<Ledger> ledger_from_json(std::string_view text, std::string_view origin);

// Pieces shared with other data files (default chains and templates, rate
// files): each reads `j` at `path` into `out`, recording errors in `r`.
Json chain_json(const Chain& c);
bool read_chain(JsonReader& r, const Json& j, const std::string& path, Chain& out);
Json template_json(const Template& t);
bool read_template(JsonReader& r, const Json& j, const std::string& path, Template& out);

// One command as one JSON document (the browser journal's unit):
//   { "format": "relance-command", "version": 1, "type": "record_payment", ... }
Json command_json(const Command& c);
std::string command_to_json(const Command& c);
Result<Command> command_from_json(std::string_view text, std::string_view origin);

}  // namespace relance
