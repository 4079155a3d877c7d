#include "cli/commands.h"

namespace relance::cli {

const std::map<std::string, CommandDef>& commands() {
  static const std::map<std::string, CommandDef> table = [] {
    std::map<std::string, CommandDef> t;
    add_penalties(t);
    add_ledger_commands(t);
    add_render(t);
    add_csv_commands(t);
    add_document_commands(t);
    add_calendar_commands(t);
    add_einvoice_commands(t);
    add_match_commands(t);
    add_snapshot_commands(t);
    return t;
  }();
  return table;
}

}  // namespace relance::cli
