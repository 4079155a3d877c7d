// Paramètres › Données: the whole ledger as a backup file (export, and
// import checked whole before anything is written), and the invoices as CSV
// (export in the French Excel or plain dialect; import stepped a few
// thousand rows per frame, every error shown by line and column, nothing
// written until the user confirms a clean file).
//
// [SECTION] Contents
// - Backup
// - CSV export
// - CSV import
// - Section
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/ledger_file.h"
#include "imgui.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/settings_sections.h"
#include "web/ui.h"

namespace relance::settings {

namespace {

// Rows read per frame: a few milliseconds of work, so the page stays responsive.
constexpr std::size_t kCsvRowsPerFrame = 3000;


std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n > 1 ? many : one);
}

std::string ledger_summary(const Ledger& l) {
  return plural(l.clients.size(), "client", "clients") + ", " + plural(l.invoices.size(), "facture", "factures") + ", " +
         plural(l.history.size(), "action enregistr\u00e9e", "actions enregistr\u00e9es");
}

// "ligne 7, colonne « Échéance » : date invalide".
std::string error_line(const Error& e) { return e.where.empty() ? e.what : e.where + " : " + e.what; }

// [SECTION] Backup -------------------------------------------------------------------

void draw_backup(SettingsState& screen, App& app) {
  DataState& d = screen.data;
  BackupState& b = d.backup;
  const Ledger& l = app.ws.ledger();
  ui::heading("Sauvegarde");
  ui::note("Toutes les donn\u00e9es (entreprise, clients, factures, relances, mod\u00e8les, r\u00e9glages) dans un seul "
           "fichier JSON. Gardez-en une copie ailleurs que dans ce navigateur.");
  if (ui::button("Exporter une sauvegarde (JSON)")) {
    platform::download("relance-sauvegarde-" + app.today + ".json", "application/json", ledger_to_json(l));
    app.notify("Sauvegarde t\u00e9l\u00e9charg\u00e9e");
  }
  ui::same_line_if_fits("Importer une sauvegarde\u2026");
  if (ui::button("Importer une sauvegarde\u2026")) pick(screen, FileWant::backup);
  ui::note("Vous pouvez aussi d\u00e9poser le fichier sur la page.");

  if (!b.loaded) return;
  ImGui::Spacing();
  ImGui::TextWrapped("Fichier : %s", b.name.c_str());
  ui::track("Fichier de sauvegarde");
  if (!b.ledger) {
    forms::error_text("Cette sauvegarde ne peut pas \u00eatre import\u00e9e (" +
                     plural(b.errors.size(), "erreur", "erreurs") + ") : rien n\u2019a \u00e9t\u00e9 modifi\u00e9.");
    for (const Error& e : b.errors) forms::error_text(error_line(e));
    if (ui::button("Fermer##backup")) b = BackupState{};
    return;
  }
  ImGui::TextWrapped("Contenu : %s%s%s.", b.summary.c_str(),
                     b.ledger->company.name.empty() ? "" : ", entreprise ",
                     b.ledger->company.name.c_str());
  ui::track("Contenu de la sauvegarde");
  for (const std::string& n : b.notes) ui::note(n);
  forms::warning_text("Importer remplace toutes les donn\u00e9es de ce navigateur (" + ledger_summary(l) +
                     ") par celles du fichier. Exportez d\u2019abord une sauvegarde si vous voulez les garder.");
  if (!b.write_error.empty()) forms::error_text(b.write_error);
  ImGui::BeginDisabled(b.writing);
  if (ui::button("Remplacer toutes les donn\u00e9es")) {
    b.writing = true;
    b.write_error.clear();
    app.ws.replace(*b.ledger, [&d, &app](bool ok) {
      BackupState& b2 = d.backup;
      b2.writing = false;
      if (!ok) {
        b2.write_error = "Import impossible : " + (app.ws.store().status().message.empty()
                                                       ? std::string("le stockage a refus\u00e9 l\u2019\u00e9criture")
                                                       : app.ws.store().status().message) + ". Rien n\u2019a \u00e9t\u00e9 modifi\u00e9.";
        return;
      }
      b2 = BackupState{};
      app.notify("Sauvegarde import\u00e9e : toutes les donn\u00e9es ont \u00e9t\u00e9 remplac\u00e9es");
    });
  }
  ImGui::EndDisabled();
  ui::same_line_if_fits("Annuler##backup");
  if (ui::button("Annuler##backup")) b = BackupState{};
}

// [SECTION] CSV export -------------------------------------------------------------

void draw_csv_export(DataState& d, App& app) {
  CsvState& c = d.csv;
  ui::heading("Exporter les factures (CSV)");
  ui::note("Les factures \u00e9mises et les avoirs, une ligne chacun, pour un tableur ou votre comptable.");
  forms::radio_row("dialect", &c.dialect, {"Excel fran\u00e7ais (point-virgule)", "Standard (virgule, UTF-8)"});
  if (c.dialect == 0)
    forms::radio_row("encoding", &c.encoding, {"UTF-8 avec BOM", "Windows-1252 (anciens Excel)"});
  if (ui::button("Exporter les factures (CSV)")) {
    std::size_t lost = 0;
    const bool cp1252 = c.dialect == 0 && c.encoding == 1;
    const std::string bytes = export_csv(app.ws.ledger(), c.dialect == 0 ? CsvDialect::french : CsvDialect::plain,
                                         cp1252 ? CsvEncoding::cp1252 : CsvEncoding::utf8, &lost);
    platform::download("relance-factures-" + app.today + ".csv",
                       cp1252 ? "text/csv;charset=windows-1252" : "text/csv;charset=utf-8", bytes);
    if (lost > 0)
      app.notify(plural(lost, "caract\u00e8re sans \u00e9quivalent en Windows-1252 a \u00e9t\u00e9 remplac\u00e9",
                        "caract\u00e8res sans \u00e9quivalent en Windows-1252 ont \u00e9t\u00e9 remplac\u00e9s") +
                     " par \u00ab ? \u00bb : choisissez UTF-8 pour les garder.",
                 true);
    else
      app.notify("Factures export\u00e9es");
  }
}

// [SECTION] CSV import -------------------------------------------------------------

void step_import(DataState& d) {
  CsvState& c = d.csv;
  if (!c.importer) return;
  if (c.importer->step(kCsvRowsPerFrame)) {
    platform::request_redraw();  // more to read: keep frames coming
    return;
  }
  c.result = c.importer->take_result();
  c.importer.reset();
  c.base.reset();
  platform::request_redraw();
}

void draw_csv_import(SettingsState& screen, App& app) {
  DataState& d = screen.data;
  CsvState& c = d.csv;
  ui::heading("Importer des factures (CSV)");
  ui::note("Colonnes reconnues : num\u00e9ro, client, date, \u00e9ch\u00e9ance, HT, TVA, TTC, pay\u00e9... Le format "
           "(Excel fran\u00e7ais ou standard, UTF-8 ou Windows-1252) est d\u00e9tect\u00e9. Rien n\u2019est import\u00e9 "
           "tant qu\u2019une ligne est en erreur.");
  ImGui::BeginDisabled(c.importer.has_value() || c.submitting);
  if (ui::button("Importer un CSV\u2026")) pick(screen, FileWant::csv);
  ImGui::EndDisabled();
  ui::note("Vous pouvez aussi d\u00e9poser le fichier sur la page.");

  step_import(d);
  if (c.importer) {
    ImGui::TextWrapped("Lecture de %s\u2026", c.name.c_str());
    const float p = static_cast<float>(c.importer->progress());
    const std::string pct = std::to_string(static_cast<int>(p * 100)) + "\u00a0%";
    ImGui::ProgressBar(p, ImVec2(std::min(ImGui::GetContentRegionAvail().x, ui::em(24)), 0), pct.c_str());
    ui::track("Progression de l\u2019import");
    ImGui::SameLine();
    if (ui::button("Arr\u00eater")) {
      c.importer.reset();
      c.base.reset();
    }
    return;
  }
  if (!c.result) return;
  const CsvImportResult& r = *c.result;
  ImGui::Spacing();
  ImGui::TextWrapped("Fichier : %s", c.name.c_str());
  ui::track("Fichier CSV");
  ImGui::TextWrapped("Format d\u00e9tect\u00e9 : %s \u00b7 %s", describe(r.format).c_str(),
                     plural(r.rows, "ligne lue", "lignes lues").c_str());
  ui::track("Format d\u00e9tect\u00e9");
  if (!r.errors.empty() || !r.batch) {
    forms::error_text("Import refus\u00e9 (" + plural(r.errors.size(), "erreur", "erreurs") +
                     ") : rien n\u2019a \u00e9t\u00e9 import\u00e9. Corrigez le fichier, puis importez-le \u00e0 nouveau.");
    for (const Error& e : r.errors) forms::error_text(error_line(e));
    if (ui::button("Fermer##csv")) c.result.reset();
    return;
  }
  forms::ok_text("Pr\u00eat \u00e0 importer : " + plural(r.invoices, "facture", "factures") + ", " +
                plural(r.new_clients, "nouveau client", "nouveaux clients") + ".");
  if (r.skipped > 0)
    ui::note(plural(r.skipped, "ligne laiss\u00e9e de c\u00f4t\u00e9", "lignes laiss\u00e9es de c\u00f4t\u00e9") +
             " (avoirs, brouillons, pro forma).");
  for (const std::string& w : r.warnings) forms::warning_text(w);
  if (!c.submit_error.empty()) forms::error_text(c.submit_error);
  ImGui::BeginDisabled(c.submitting || r.invoices + r.new_clients == 0);
  const std::string label = "Importer " + plural(r.invoices, "facture", "factures");
  if (ui::button(label.c_str())) {
    c.submitting = true;
    c.submit_error.clear();
    const std::size_t count = r.invoices;
    app.ws.submit(*r.batch, [&d, &app, count](const Result<Applied>& done) {
      CsvState& c2 = d.csv;
      c2.submitting = false;
      if (!done) {
        c2.submit_error = "Import refus\u00e9 : " + error_line(done.error()) + ". Rien n\u2019a \u00e9t\u00e9 import\u00e9.";
        return;
      }
      c2.result.reset();
      app.notify(plural(count, "facture import\u00e9e", "factures import\u00e9es"));
    });
  }
  ImGui::EndDisabled();
  ui::track("Confirmer l\u2019import");
  ui::same_line_if_fits("Annuler##csv");
  if (ui::button("Annuler##csv")) {
    c.result.reset();
    c.submit_error.clear();
  }
}

}  // namespace

// [SECTION] Section ------------------------------------------------------------------

void open_backup_file(DataState& d, platform::OpenedFile file) {
  BackupState& b = d.backup;
  b = BackupState{};
  b.name = file.name;
  b.loaded = true;
  LedgerLoad load = load_ledger(file.bytes, file.name);
  b.errors = std::move(load.errors);
  b.notes = std::move(load.notes);
  if (load.ledger) {
    b.summary = ledger_summary(*load.ledger);
    b.ledger = std::move(load.ledger);
  }
}

void open_csv_file(DataState& d, App& app, platform::OpenedFile file) {
  CsvState& c = d.csv;
  if (c.submitting) return;  // the confirmed batch is on its way: keep it
  c.result.reset();
  c.submit_error.clear();
  c.name = file.name;
  c.base = std::make_unique<Ledger>(app.ws.ledger());
  c.importer.emplace(*c.base, std::move(file.bytes), CsvOptions{}, app.today_date());
  platform::request_redraw();
}

void draw_data(SettingsState& screen, App& app) {
  DataState& d = screen.data;
  draw_backup(screen, app);
  ImGui::Spacing();
  ImGui::Separator();
  draw_csv_import(screen, app);
  ImGui::Spacing();
  ImGui::Separator();
  // Bank statements are reconciled on their own screen (ui_bank.cpp).
  ui::heading("Relev\u00e9 bancaire");
  ui::note("OFX, camt.053, camt.054, CFONB 120 ou CSV de votre banque : les paiements re\u00e7us sont rapproch\u00e9s "
           "de vos factures, puis enregistr\u00e9s en une fois.");
  if (ui::button("Importer un relev\u00e9 bancaire\u2026##donnees")) pick(screen, FileWant::bank);
  ImGui::Spacing();
  ImGui::Separator();
  draw_csv_export(d, app);
}

}  // namespace relance::settings
