// One command as one JSON document (the browser journal's unit):
//   { "format": "relance-command", "version": 1, "type": "record_payment", ... }
// Reading checks the document as the ledger file's reader does and names the
// JSON path of the first problem.
#pragma once
#include <string>
#include <string_view>

#include "core/commands.h"
#include "core/json_io.h"
#include "core/result.h"

namespace relance {

inline constexpr std::string_view kCommandFormat = "relance-command";
inline constexpr int kCommandVersion = 1;

Json command_json(const Command& c);
std::string command_to_json(const Command& c);
Result<Command> command_from_json(std::string_view text, std::string_view origin);

}  // namespace relance
