// The parts of Paramètres kept in their own files: the rate tables
// (settings_rates.cpp) and the data in and out: backup and CSV
// (settings_data.cpp). ui_settings.cpp draws the tabs and routes files.
#pragma once
#include <string>

#include "web/platform.h"
#include "web/settings_state.h"

namespace relance {
struct App;
}

namespace relance::settings {

// Opens the file picker for an import, remembering which one the file is
// for. Call from a button's click.
void pick(SettingsState& s, FileWant want);

// Taux légaux: the jurisdiction's tables, edited row by row, imported from
// and exported to a rates JSON file, or reset to the shipped ones.
void draw_rates(SettingsState& s, App& app);
// A rates file chosen or dropped: parsed and shown, written on confirmation.
void open_rates_file(RatesState& rs, platform::OpenedFile file);

// Données: the whole ledger as a backup file, and invoices as CSV.
void draw_data(SettingsState& s, App& app);
// A backup chosen or dropped: checked whole, every error shown, nothing
// written until "Remplacer toutes les données".
void open_backup_file(DataState& d, platform::OpenedFile file);
// A CSV file chosen or dropped: read in slices between frames (App::work).
void open_csv_file(DataState& d, App& app, platform::OpenedFile file);

}  // namespace relance::settings
