// Paramètres. For now it holds the platform checks: text input, clipboard,
// a download, a mailto: link, a file picker and the journal in IndexedDB.
// The second round replaces them with the real settings.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/platform.h"
#include "web/ui.h"

namespace relance::ui_settings {

namespace {

const char* persistence_text(platform::Persistence p) {
  switch (p) {
    case platform::Persistence::granted: return "accord\u00e9 (le navigateur ne l\u2019effacera pas de lui-m\u00eame)";
    case platform::Persistence::denied:
      return "non accord\u00e9 : le navigateur peut effacer les donn\u00e9es s\u2019il manque de place. "
             "Exportez r\u00e9guli\u00e8rement une sauvegarde.";
    case platform::Persistence::unsupported: return "non pris en charge par ce navigateur";
    case platform::Persistence::unknown: break;
  }
  return "en attente de r\u00e9ponse";
}

std::string note_text(const std::string& command_json) {
  auto j = nlohmann::json::parse(command_json, nullptr, false);
  if (j.is_object() && j.contains("text") && j["text"].is_string()) return j["text"].get<std::string>();
  return command_json;
}

void draw_checks(App& app) {
  ui::heading("V\u00e9rifications du navigateur");
  ui::note("Ces outils v\u00e9rifient la saisie, le presse-papiers, les t\u00e9l\u00e9chargements et "
           "l\u2019enregistrement sur cet appareil. Ils seront remplac\u00e9s par les r\u00e9glages.");
  ImGui::Spacing();

  ui::field("Texte d\u2019essai", &app.dev.text);

  if (ui::button("Copier")) platform::set_clipboard_text(app.dev.text);

  ui::same_line_if_fits("T\u00e9l\u00e9charger un CSV");
  if (ui::button("T\u00e9l\u00e9charger un CSV")) {
    // UTF-8 with a BOM and ';' separators: what French spreadsheets expect.
    std::string quoted = "\"";
    for (char c : app.dev.text) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    std::string csv = "\xEF\xBB\xBFTexte;Date\r\n" + quoted + ";" + app.today + "\r\n";
    platform::download("essai-relance.csv", "text/csv;charset=utf-8", csv);
    ++app.dev.downloads;
  }

  ui::same_line_if_fits("\u00c9crire un e-mail");
  if (ui::button("\u00c9crire un e-mail")) {
    platform::open_link(platform::mailto_url("", "Relance \u2013 essai", app.dev.text));
    ++app.dev.mails;
  }

  ui::same_line_if_fits("Ouvrir un fichier\u2026");
  if (ui::button("Ouvrir un fichier\u2026")) platform::pick_file(".csv,.json,.txt,text/csv,application/json,text/plain");

  if (!app.dev.opened_name.empty()) {
    ImGui::TextWrapped("Fichier ouvert : %s (%zu octets)", app.dev.opened_name.c_str(), app.dev.opened_size);
    ui::track("Fichier ouvert");
  }
}

void draw_storage(App& app) {
  Store& store = app.store;
  ui::heading("Enregistrement sur cet appareil");
  const char* state = "ferm\u00e9";
  switch (store.state()) {
    case Store::State::closed: break;
    case Store::State::opening: state = "ouverture\u2026"; break;
    case Store::State::open: state = store.read_only() ? "lecture seule" : "ouvert"; break;
    case Store::State::failed: state = "indisponible"; break;
  }
  ImGui::TextWrapped("Base : %s \u00b7 %zu entr\u00e9e(s) dans le journal \u00b7 derni\u00e8re n\u00b0 %lld", state,
                     store.entries().size(), static_cast<long long>(store.last_seq()));
  ui::track("Base");
  ImGui::TextWrapped("Stockage persistant : %s", persistence_text(store.persistence()));

  if (ui::button("Ajouter au journal")) {
    std::string cmd = nlohmann::json{{"type", "dev.note"}, {"text", app.dev.text}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    store.append(cmd);
  }
  ui::same_line_if_fits("Compacter le journal");
  if (ui::button("Compacter le journal")) {
    nlohmann::json notes = nlohmann::json::array();
    if (store.snapshot() && !store.snapshot()->ledger_json.empty()) {
      auto prev = nlohmann::json::parse(store.snapshot()->ledger_json, nullptr, false);
      if (prev.is_object() && prev.contains("dev_notes") && prev["dev_notes"].is_array()) notes = prev["dev_notes"];
    }
    for (const auto& e : store.entries()) notes.push_back(note_text(e.command_json));
    store.compact(nlohmann::json{{"dev_notes", notes}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  ui::same_line_if_fits("Exporter (JSON)");
  if (ui::button("Exporter (JSON)")) {
    if (auto out = platform::call_api("exportLedger", "")) platform::download("relance-sauvegarde.json", "application/json", *out);
  }

  const auto& entries = store.entries();
  const std::size_t shown = std::min<std::size_t>(entries.size(), 5);
  for (std::size_t i = entries.size() - shown; i < entries.size(); ++i)
    ImGui::BulletText("n\u00b0 %lld : %s", static_cast<long long>(entries[i].seq), note_text(entries[i].command_json).c_str());
}

}  // namespace

void draw(App& app) {
  ImGui::Dummy(ui::em(0, 0.25f));
  draw_checks(app);
  ImGui::Dummy(ui::em(0, 0.75f));
  draw_storage(app);
}

}  // namespace relance::ui_settings
