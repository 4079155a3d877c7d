// Paramètres › Données: the whole ledger as a backup file (export, and
// import checked whole before anything is written), and the invoices as CSV
// (export in the French Excel or plain dialect; import read, checked and
// stored in 40 ms slices between frames with a progress bar, every error
// shown by line and column, nothing written until the user confirms a clean
// file, then one journal entry).
//
// [SECTION] Contents
// - Backup
// - CSV export
// - CSV import
// - Section
#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/ledger_file.h"
#include "core/mappings.h"
#include "imgui.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/settings_sections.h"
#include "web/ui.h"

namespace relance::settings {

namespace {

// Work done at a time while a CSV is read, checked or stored: small slices
// (rows, then clients and invoices) until this much time went by, so that a
// task, this work and the drawing of a frame if any, stays well under
// 100 ms on a slow machine; a fast machine does more rows per slice, not
// more slices. In the browser, App::work runs it between frames (main.cpp).
constexpr double kSliceMs = 40.0;
constexpr std::size_t kItemsPerSlice = 200;

// Calls step(kItemsPerSlice) until it returns false (done: returns false) or
// `ms` went by (returns true: more to do).
template <class Step>
bool run_for(double ms, Step step) {
  const auto start = std::chrono::steady_clock::now();
  while (step(kItemsPerSlice))
    if (std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() >= ms)
      return true;
  return false;
}

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
    // The texts of the reminders sent are read from storage first: a backup
    // without them would lose the evidence.
    app.notify("Pr\u00e9paration de la sauvegarde\u2026");
    app.ws.load_all_texts([&app](std::optional<Error> problem) {
      if (problem) {
        app.notify("Sauvegarde impossible : " + problem->message(), true);
        return;
      }
      // Made after the click (the texts may come from storage first): saved
      // at once, not at the next gesture.
      platform::download_made("relance-sauvegarde-" + app.today + ".json", "application/json",
                              ledger_to_json(app.ws.ledger()));
      app.notify("Sauvegarde t\u00e9l\u00e9charg\u00e9e");
    });
  }
  ui::same_line_if_fits("Importer une sauvegarde\u2026");
  if (ui::button("Importer une sauvegarde\u2026")) pick(screen, FileWant::backup);
  ui::note("Vous pouvez aussi d\u00e9poser le fichier sur la page.");

  if (!b.loaded) return;
  ImGui::Spacing();
  ui::text_wrapped("Fichier : %s", b.name.c_str());
  ui::track("Fichier de sauvegarde");
  if (!b.ledger) {
    forms::error_text("Cette sauvegarde ne peut pas \u00eatre import\u00e9e (" +
                     plural(b.errors.size(), "erreur", "erreurs") + ") : rien n\u2019a \u00e9t\u00e9 modifi\u00e9.");
    for (const Error& e : b.errors) forms::error_text(error_line(e));
    if (ui::button("Fermer##backup")) b = BackupState{};
    return;
  }
  ui::text_wrapped("Contenu : %s%s%s.", b.summary.c_str(),
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

// The meanings a column can be given, in French, for the core's field names
// (csv_field_names()). Index 0: the column is read by its header's name.
struct CsvField {
  const char* field;
  const char* label;
};
constexpr CsvField kCsvFields[] = {
    {"", "(d\u2019apr\u00e8s son nom)"},
    {"ignore", "Ignorer"},
    {"number", "Num\u00e9ro de facture"},
    {"client", "Client"},
    {"issue_date", "Date de facture"},
    {"due_date", "\u00c9ch\u00e9ance"},
    {"ttc", "Montant TTC"},
    {"ht", "Montant HT"},
    {"vat", "TVA"},
    {"paid", "Montant pay\u00e9"},
    {"paid_date", "Date de paiement"},
    {"balance", "Reste d\u00fb"},
    {"status", "Statut"},
    {"type", "Type (facture, avoir)"},
    {"label", "Libell\u00e9"},
    {"client_code", "Code client"},
    {"client_kind", "Type de client"},
    {"siren", "SIREN"},
    {"email", "E-mail"},
    {"phone", "T\u00e9l\u00e9phone"},
    {"rate", "Taux de p\u00e9nalit\u00e9s"},
    {"payment_amount", "Montant du r\u00e8glement"},
    {"payment_status", "Statut du r\u00e8glement"},
    {"currency", "Devise"},
};
constexpr std::size_t kPreviewRows = 5;

const std::vector<std::string>& csv_field_labels() {
  static const std::vector<std::string> labels = [] {
    std::vector<std::string> out;
    for (const CsvField& f : kCsvFields) out.emplace_back(f.label);
    return out;
  }();
  return labels;
}

// Reads the file (again) with the mapping in c.mapping.
void start_csv_import(CsvState& c, App& app) {
  c.result.reset();
  c.submit_error.clear();
  c.base = std::make_unique<Ledger>(app.ws.ledger());
  c.base_revision = app.ws.revision();
  c.checked.reset();
  CsvOptions opts;
  opts.mapping = c.mapping;
  c.importer.emplace(*c.base, c.bytes, std::move(opts), app.today_date());
  platform::request_redraw();
}

// The header was not understood: the errors say so on the header's line.
bool header_refused(const CsvImportResult& r) {
  return std::any_of(r.errors.begin(), r.errors.end(), [](const Error& e) {
    return e.what.rfind("en-t\u00eate non reconnu", 0) == 0 || e.what.rfind("colonne obligatoire manquante", 0) == 0;
  });
}

// Opens the column-mapping step: the header, the first rows, the current choices.
void open_mapping(CsvState& c) {
  CsvOptions opts;
  opts.mapping = c.mapping;
  CsvPreview p = csv_preview(c.bytes, opts, kPreviewRows);
  c.header = std::move(p.header);
  c.rows = std::move(p.rows);
  c.choices.assign(c.header.size(), 0);
  for (std::size_t i = 0; i < c.header.size(); ++i)
    for (const auto& [column, field] : c.mapping)
      if (column == c.header[i])
        for (std::size_t k = 1; k < std::size(kCsvFields); ++k)
          if (field == kCsvFields[k].field) c.choices[i] = static_cast<int>(k);
  c.mapping_error.clear();
  c.mapping_open = !c.header.empty();
}

void draw_mapping(CsvState& c, App& app) {
  ImGui::Spacing();
  ui::heading("Associer les colonnes");
  ui::track("Associer les colonnes##titre");
  ui::note("Indiquez ce que contient chaque colonne (les premi\u00e8res lignes du fichier sont montr\u00e9es "
           "dessous). Il faut au moins : num\u00e9ro, client, date de facture, \u00e9ch\u00e9ance et montant TTC "
           "(ou HT et TVA). Ce choix est retenu : le prochain fichier avec les m\u00eames colonnes sera lu de la "
           "m\u00eame fa\u00e7on.");
  const int cols = static_cast<int>(c.header.size());
  const float row_h = ImGui::GetFrameHeightWithSpacing();
  const float height = row_h * (static_cast<float>(c.rows.size()) + 1.5f) + ImGui::GetStyle().ScrollbarSize + ui::em(0.4f);
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_SizingFixedFit;
  if (cols > 0 && ImGui::BeginTable("##colonnes-csv", std::min(cols, 64), flags, ImVec2(0, height))) {
    for (int i = 0; i < std::min(cols, 64); ++i) ImGui::TableSetupColumn(c.header[i].c_str(), 0, ui::em(11));
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int i = 0; i < std::min(cols, 64); ++i) {
      ImGui::TableSetColumnIndex(i);
      const std::string h = c.header[static_cast<std::size_t>(i)].empty() ? "(sans nom)" : c.header[static_cast<std::size_t>(i)];
      ui::text(h.c_str());
      ui::track("Colonne \u00ab " + h + " \u00bb");
    }
    ImGui::TableNextRow();
    for (int i = 0; i < std::min(cols, 64); ++i) {
      ImGui::TableSetColumnIndex(i);
      ImGui::PushID(i);
      const std::string label = "##Sens de \u00ab " + c.header[static_cast<std::size_t>(i)] + " \u00bb";
      forms::choice(label.c_str(), &c.choices[static_cast<std::size_t>(i)], csv_field_labels(), 11.0f);
      ImGui::PopID();
    }
    for (const std::vector<std::string>& row : c.rows) {
      ImGui::TableNextRow();
      for (int i = 0; i < std::min(cols, 64); ++i) {
        ImGui::TableSetColumnIndex(i);
        if (static_cast<std::size_t>(i) < row.size()) ui::text(row[static_cast<std::size_t>(i)].c_str());
      }
    }
    ImGui::EndTable();
  }
  if (!c.mapping_error.empty()) forms::error_text(c.mapping_error);
  if (ui::button("Lire le fichier avec ces colonnes")) {
    std::vector<std::pair<std::string, std::string>> mapping;
    for (std::size_t i = 0; i < c.header.size(); ++i)
      if (c.choices[i] > 0) mapping.emplace_back(c.header[i], kCsvFields[c.choices[i]].field);
    if (mapping.empty()) {
      c.mapping_error = "Choisissez le sens d\u2019au moins une colonne.";
    } else {
      c.mapping = std::move(mapping);
      c.remembered = false;
      c.mapping_open = false;
      start_csv_import(c, app);
    }
  }
  ui::same_line_if_fits("Annuler##colonnes");
  if (ui::button("Annuler##colonnes")) {
    c.mapping_open = false;
    c.result.reset();
  }
}

// The reading is over: its result, and the checked ledger that goes with it.
void finish_reading(CsvState& c) {
  c.result = c.importer->take_result();
  c.checked = c.importer->take_checked_ledger();
  c.importer.reset();
  c.base.reset();
  if (header_refused(*c.result)) open_mapping(c);
  platform::request_redraw();
}

// The journal text is whole: the batch goes to storage, as one command.
void submit_import(DataState& d, App& app) {
  CsvState& c = d.csv;
  const std::size_t count = c.result ? c.result->invoices : 0;
  // A mapping chosen here is remembered once the import is done.
  std::optional<SavedMapping> remember;
  if (!c.remembered && !c.mapping.empty()) {
    CsvOptions opts;
    opts.mapping = c.mapping;
    remember = invoice_csv_mapping(c.bytes, opts);
  }
  Workspace::Prepared p;
  p.command = c.command;
  p.text = c.text->take();
  c.text.reset();
  p.revision = c.base_revision;
  p.after = std::move(c.checked);
  c.store_bytes = p.text.size();
  c.store_started = ImGui::GetTime();
  app.ws.submit_prepared(std::move(p), [&d, &app, count, remember](const Result<Applied>& done) {
    CsvState& c2 = d.csv;
    c2.submitting = false;
    platform::request_redraw();
    if (!done) {
      c2.submit_error = "Import refus\u00e9 : " + error_line(done.error()) + ". Rien n\u2019a \u00e9t\u00e9 import\u00e9.";
      return;
    }
    c2.result.reset();
    c2.command.reset();
    c2.bytes.clear();
    c2.mapping.clear();
    const std::string text = plural(count, "facture import\u00e9e", "factures import\u00e9es");
    if (!remember) {
      app.notify(text);
      return;
    }
    app.ws.submit(cmd::SaveMapping{*remember}, [&app, text](const Result<Applied>& saved) {
      if (saved) app.notify(text + " ; colonnes retenues pour le prochain fichier de ce format");
      else app.notify(text + " ; les colonnes n\u2019ont pas pu \u00eatre retenues : " + error_line(saved.error()), true);
    });
  });
}

// About `ms` of the import's work: reading and checking the file, then,
// after « Importer N factures », writing the journal text and handing it to
// storage. Returns whether more remains.
bool import_work(DataState& d, App& app, double ms) {
  CsvState& c = d.csv;
  // The end of each part (the importer's state freed, the text handed to
  // storage) in a call of its own: a slice and it would make a long task.
  if (c.importer) {
    if (!c.importer->finished()) {
      run_for(ms, [&c](std::size_t n) { return c.importer->step(n); });
      return true;
    }
    finish_reading(c);
    return false;
  }
  if (c.submitting && c.text) {
    if (!c.text->finished()) {
      run_for(ms, [&c](std::size_t n) { return c.text->step(n); });
      return true;
    }
    submit_import(d, app);
    return false;  // a frame now: the bar at the write
  }
  // Waiting for storage's answer: nothing to do, but frames stay as few as
  // while working (each one drawn holds the main thread the answer needs).
  return c.submitting;
}

// Called as the section is drawn: keeps the import's work going (between
// frames in the browser, else here) and frames coming for its progress bars,
// also while storage writes the batch.
void keep_working(DataState& d, App& app) {
  CsvState& c = d.csv;
  if (!c.importer && !c.submitting) return;
  platform::request_redraw();
  if (!app.work_between_frames) {
    import_work(d, app, kSliceMs);
    return;
  }
  if (!app.work) app.work = [&d, &app](double ms) { return import_work(d, app, ms); };
}

// How far the storing went: writing the text (a known fraction), then
// storage's write, of unknown progress: moving towards the end at the pace
// of a ~40 MB/s write, never reaching it before the answer.
float store_progress(const CsvState& c) {
  if (c.text) return 0.5f * static_cast<float>(c.text->progress());
  const double expected = std::max(0.3, static_cast<double>(c.store_bytes) / 40e6);
  const double t = std::max(0.0, ImGui::GetTime() - c.store_started);
  return 0.5f + 0.49f * static_cast<float>(1.0 - std::exp(-t / expected));
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
  ui::same_line_if_fits("Importer des factures \u00e9lectroniques\u2026");
  if (ui::button("Importer des factures \u00e9lectroniques\u2026")) pick(screen, FileWant::einvoice);
  ui::note("Vous pouvez aussi d\u00e9poser le fichier sur la page.");

  keep_working(d, app);
  if (c.importer) {
    ui::text_wrapped("Lecture de %s\u2026", c.name.c_str());
    const float p = static_cast<float>(c.importer->progress());
    const std::string pct = std::to_string(static_cast<int>(p * 100)) + "\u00a0%";
    ImGui::ProgressBar(p, ImVec2(std::min(ImGui::GetContentRegionAvail().x, ui::em(24)), 0), pct.c_str());
    ui::track_text("Progression de l\u2019import", pct);
    ImGui::SameLine();
    if (ui::button("Arr\u00eater")) {
      c.importer.reset();
      c.base.reset();
    }
    return;
  }
  if (c.mapping_open) {
    if (c.result)
      for (const Error& e : c.result->errors) {
        // The core's hint on the command line's --map is for the CLI: the table below is this one's.
        std::string line = forms::capitalized(error_line(e));
        if (const std::size_t cut = line.find(". Indiquez \u00e0 quoi"); cut != std::string::npos) line.resize(cut + 1);
        forms::error_text(line);
      }
    draw_mapping(c, app);
    return;
  }
  if (!c.result) return;
  const CsvImportResult& r = *c.result;
  ImGui::Spacing();
  ui::text_wrapped("Fichier : %s", c.name.c_str());
  ui::track("Fichier CSV");
  ui::text_wrapped("Format d\u00e9tect\u00e9 : %s \u00b7 %s", describe(r.format).c_str(),
                     plural(r.rows, "ligne lue", "lignes lues").c_str());
  ui::track("Format d\u00e9tect\u00e9");
  if (!c.mapping.empty()) {
    std::string cols;
    for (const auto& [column, field] : c.mapping) {
      std::string meaning = field;
      for (const CsvField& f : kCsvFields)
        if (field == f.field) meaning = f.label;
      cols += (cols.empty() ? "" : ", ") + ("\u00ab " + column + " \u00bb = " + meaning);
    }
    const std::string text = (c.remembered ? "Colonnes associ\u00e9es comme lors d\u2019un import pr\u00e9c\u00e9dent : "
                                           : "Colonnes associ\u00e9es : ") + cols;
    ui::note(text);
    ui::track(text);
  }
  if (!r.errors.empty() || (!r.batch && !c.command)) {
    forms::error_text("Import refus\u00e9 (" + plural(r.errors.size(), "erreur", "erreurs") +
                     ") : rien n\u2019a \u00e9t\u00e9 import\u00e9. Corrigez le fichier, puis importez-le \u00e0 nouveau.");
    for (const Error& e : r.errors) forms::error_text(error_line(e));
    for (const std::string& w : r.warnings) forms::warning_text(w);
    if (ui::button("Fermer##csv")) c.result.reset();
    ui::same_line_if_fits("Associer les colonnes\u2026");
    if (ui::button("Associer les colonnes\u2026")) open_mapping(c);
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
    // Out of the result (a second click after a refused write takes it again).
    if (!c.command) {
      c.command = std::make_shared<const Command>(std::move(*c.result->batch));
      c.result->batch.reset();
    }
    c.text.emplace(std::get<cmd::ImportBatch>(*c.command));
    platform::request_redraw();
  }
  ImGui::EndDisabled();
  ui::track("Confirmer l\u2019import");
  ImGui::BeginDisabled(c.submitting);
  ui::same_line_if_fits("Annuler##csv");
  if (ui::button("Annuler##csv")) {
    c.result.reset();
    c.command.reset();
    c.checked.reset();
    c.submit_error.clear();
  }
  if (!c.mapping.empty() || r.warnings.size() > 0) {
    ui::same_line_if_fits("Associer les colonnes\u2026");
    if (ui::button("Associer les colonnes\u2026")) open_mapping(c);
  }
  ImGui::EndDisabled();
  if (c.submitting) {
    ui::text_wrapped("Enregistrement de %s\u2026", plural(r.invoices, "facture", "factures").c_str());
    const float p = store_progress(c);
    const std::string pct = std::to_string(static_cast<int>(p * 100)) + "\u00a0%";
    ImGui::ProgressBar(p, ImVec2(std::min(ImGui::GetContentRegionAvail().x, ui::em(24)), 0), pct.c_str());
    ui::track_text("Progression de l\u2019enregistrement", pct);
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
  c.name = file.name;
  c.bytes = std::move(file.bytes);
  c.mapping_open = false;
  c.mapping.clear();
  c.remembered = false;
  // A file of a shape seen before: read with the columns chosen then.
  if (const SavedMapping* m = remembered_invoice_mapping(app.ws.ledger(), c.bytes, CsvOptions{})) {
    c.mapping = m->columns;
    c.remembered = true;
  }
  start_csv_import(c, app);
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
