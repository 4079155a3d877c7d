// What the Rapprochement bancaire screen remembers between frames: the
// statement being reconciled (its file, its lines and what the core matched
// them to), the user's decision on each line, the column-mapping step of a
// bank CSV no preset reads, and the confirmation under way.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bank/match.h"
#include "core/bank/statement.h"
#include "core/ledger.h"

namespace relance {

// One statement line: what the user decided.
struct BankLineUi {
  bool ticked = false;    // recorded on confirmation
  int choice = -1;        // the proposal chosen (index in LineMatch::proposals); -1 none
  InvoiceId manual = 0;   // an invoice attached by hand (wins over the proposal)
  bool searching = false; // the search box is open
  std::string search;
  // The open invoices the search names, found again when it or the ledger changes.
  std::vector<InvoiceId> found;
  std::string found_for;
  std::uint64_t found_revision = UINT64_MAX;
};

// A bank CSV whose columns no preset knows: the first records, and what the
// user says each column holds.
struct BankMappingUi {
  bool open = false;
  char separator = ';';
  std::vector<std::vector<std::string>> rows;  // the first records of the file
  std::size_t columns = 0;                     // the widest of them
  int first_movement = 1;  // the record of the first movement (0-based): the lines above are skipped
  std::vector<int> roles;  // per column: index in kBankRoles (0: ignorée)
  std::string error;
};

struct BankState {
  int back = 0;  // the screen to return to (a Screen)
  std::string name;   // the statement's file name, as recorded with each payment
  std::string bytes;  // kept for the mapping step and to remember the columns
  std::string error;  // the file could not be read: said alone, nothing else
  // The readers module is reading the file (platform::read_files_in_worker):
  // the number of that reading (0: none); an answer for another is dropped.
  std::uint64_t reading = 0;
  BankMappingUi mapping;
  // Columns given in the mapping step (remembered for this account on
  // confirmation), or remembered from an earlier statement.
  std::optional<bank::CsvColumns> columns;
  bool remembered = false;
  std::optional<bank::Statement> statement;
  bank::MatchResult match;
  std::uint64_t revision = UINT64_MAX;  // the ledger the lines were matched against
  std::vector<BankLineUi> lines;        // parallel to statement->lines
  bool show_debits = true;
  int current = -1;    // the line the keyboard works on (« Ligne à revoir suivante »)
  bool scroll = false; // bring `current` into view in the next frame
  bool submitting = false;
  std::string submit_error;
};

}  // namespace relance
