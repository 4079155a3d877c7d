// What the Paramètres screen remembers between frames: the tab shown, the
// import a file from the picker is for, the company profile and the
// settings as drafts, the rate table being edited and a rates file waiting
// for confirmation, a backup checked and waiting, a CSV import under way.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/command_codec.h"
#include "core/csv.h"
#include "core/ledger.h"
#include "core/rates.h"
#include "web/forms.h"

namespace relance {

// Which import a file from the picker is for (the screen routes it).
enum class FileWant { none, backup, csv, rates, diagnostic, einvoice, bank };

struct RatesState {
  int table = 0;     // 0 reference (B2B), 1 legal rate, 2 legal rate for private creditors
  int editing = -1;  // the row in the form; -1 none; rows.size() for a new one
  std::string from, rate, source;
  bool verified = false;
  forms::Errors errors;
  // A rates file waiting for confirmation.
  std::string file_name;
  std::optional<Jurisdiction> imported;
  std::string import_error;
  bool confirm_reset = false;
};

struct BackupState {
  std::string name;
  bool loaded = false;
  std::optional<Ledger> ledger;
  Errors errors;  // the core's: every problem of the file
  std::vector<std::string> notes;
  std::string summary;
  bool writing = false;
  std::string write_error;
};

struct CsvState {
  int dialect = 0;   // 0 French Excel, 1 plain
  int encoding = 0;  // French only: 0 UTF-8 with BOM, 1 Windows-1252
  std::string name;
  std::unique_ptr<Ledger> base;  // what the importer reads: must not move or change under it
  std::uint64_t base_revision = 0;  // the Workspace's revision() base was copied at
  std::optional<CsvImporter> importer;
  std::optional<CsvImportResult> result;
  // base with the batch applied (the importer's check): the ledger once the
  // batch is stored, if nothing changed meanwhile.
  std::unique_ptr<Ledger> checked;
  // After « Importer N factures »: the journal entry's text written a slice
  // per frame, then handed to storage (the progress bar moves for both).
  bool submitting = false;
  std::shared_ptr<const Command> command;  // the batch, taken out of result when confirmed
  std::optional<ImportBatchText> text;
  double store_started = 0;    // seconds (ImGui's clock): the text went to storage
  std::size_t store_bytes = 0;  // its size
  std::string submit_error;
  // The columns' meanings: the file kept for another reading, the mapping
  // it was read with (remembered from a previous import, or chosen here).
  std::string bytes;
  std::vector<std::pair<std::string, std::string>> mapping;
  bool remembered = false;
  // The column-mapping step: the header, the first rows, a choice a column
  // (an index in the fields offered, 0 = by its header's name).
  bool mapping_open = false;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> choices;
  std::string mapping_error;
};

struct DataState {
  BackupState backup;
  CsvState csv;
};

enum SettingsTab { kTabCompany, kTabNumbering, kTabRates, kTabData, kTabDiagnostic };

struct CompanyDraft {
  Company company;
  bool loaded = false, dirty = false;
  std::uint64_t revision = 0;
  forms::Errors errors;
};

struct SettingsDraft {
  Settings settings;
  std::string deadline, agenda, limitation, terms_days;
  bool loaded = false, dirty = false;
  std::uint64_t revision = 0;
  forms::Errors errors;
  // Next numbers, recomputed when a pattern or the ledger changes.
  std::uint64_t preview_revision = UINT64_MAX;
  std::string preview_today;
  std::string patterns[3];
  std::string previews[3];
  bool preview_ok[3] = {};
};

struct SettingsState {
  int tab = kTabCompany;
  FileWant want = FileWant::none;
  CompanyDraft company;
  SettingsDraft settings;
  RatesState rates;
  DataState data;
};

}  // namespace relance
