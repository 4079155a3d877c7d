// relance letter / mailto: documents for a client (written by the documents work).
#include "cli/commands.h"

namespace relance::cli {

void add_document_commands(std::map<std::string, CommandDef>&) {}

}  // namespace relance::cli
