// Paramètres: the company profile (cmd::SetCompany), numbering and delays
// (cmd::SetSettings), the rate tables (settings_rates.cpp), backup and CSV
// (settings_data.cpp), and a Diagnostic tab with the platform checks (text
// input, clipboard, download, mailto:, files, storage).
//
// [SECTION] Contents
// - State and file routing
// - Entreprise
// - Numérotation et délais
// - Diagnostic
// - Screen
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/commands.h"
#include "core/numbering.h"
#include "core/terms.h"
#include "core/text.h"
#include "imgui.h"
#include "web/app.h"
#include "web/platform.h"
#include "web/company_checks.h"
#include "web/forms.h"
#include "web/invoices_import.h"
#include "web/settings_sections.h"
#include "web/ui.h"

namespace relance {

// [SECTION] State and file routing ----------------------------------------------------

namespace {

using State = SettingsState;

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

}  // namespace

namespace settings {

void pick(State& s, FileWant want) {
  s.want = want;
  switch (want) {
    case FileWant::backup: platform::pick_file(".json,application/json"); break;
    case FileWant::csv: platform::pick_file(".csv,.txt,.tsv,text/csv,text/plain"); break;
    case FileWant::rates: platform::pick_file(".json,application/json"); break;
    case FileWant::einvoice: platform::pick_file(invoices::kEinvoiceAccept, true); break;
    case FileWant::bank: platform::pick_file(".ofx,.qfx,.xml,.csv,.tsv,.txt,.cfo,.cfonb,.dat"); break;
    case FileWant::diagnostic:
    case FileWant::none: platform::pick_file(".csv,.json,.txt,text/csv,application/json,text/plain"); break;
  }
}

}  // namespace settings

void SettingsScreen::receive_file(platform::OpenedFile file) {
  App& app = *app_;
  State& s = state_;
  // The diagnostics see every file (window.relance.dev.opened).
  app.dev.opened_name = file.name;
  app.dev.opened_size = file.bytes.size();
  app.dev.opened_head = file.bytes.substr(0, 200);
  // E-invoices (PDF, XML, .zip) go to Factures, which previews them together.
  if (s.want == FileWant::einvoice || (s.want == FileWant::none && invoices::is_einvoice_file(file.name, file.bytes))) {
    s.want = FileWant::none;
    app.screens.invoices.receive_einvoice(std::move(file));
    return;
  }
  app.navigate({Screen::settings});

  FileWant want = s.want;
  s.want = FileWant::none;
  // A bank statement dropped anywhere: to the reconciliation screen.
  if (want == FileWant::none && BankScreen::is_statement(app.ws.ledger(), file.bytes)) want = FileWant::bank;
  if (want == FileWant::none) {
    // Dropped on the page: by its kind, and by the tab in view for JSON.
    const bool json = ends_with_ci(file.name, ".json") || file.mime_type == "application/json";
    const bool csv = ends_with_ci(file.name, ".csv") || ends_with_ci(file.name, ".tsv") ||
                     ends_with_ci(file.name, ".txt") || file.mime_type == "text/csv";
    if (csv) want = FileWant::csv;
    else if (json) want = s.tab == kTabRates ? FileWant::rates : FileWant::backup;
    else want = FileWant::diagnostic;
  }
  switch (want) {
    case FileWant::backup:
      s.tab = kTabData;
      settings::open_backup_file(s.data, std::move(file));
      break;
    case FileWant::csv:
      s.tab = kTabData;
      settings::open_csv_file(s.data, app, std::move(file));
      break;
    case FileWant::rates:
      s.tab = kTabRates;
      settings::open_rates_file(s.rates, std::move(file));
      break;
    case FileWant::bank: app.screens.bank.open_file(std::move(file)); break;
    case FileWant::diagnostic:
    case FileWant::einvoice:
    case FileWant::none: s.tab = kTabDiagnostic; break;
  }
  platform::request_redraw();
}

namespace ui_settings {

namespace {

// The profile and the settings are both drafts saved as one command.

// The core refused the draft: the field named by the error (its path without
// `prefix`) is marked, and the summary says nothing was saved.
void mark_refused(forms::Errors& errors, const Error& e, std::string_view prefix, const std::string& summary) {
  std::string key = e.where;
  if (starts_with(key, prefix)) key = key.substr(prefix.size());
  errors.set(key, e.what + ".");
  errors.set("", summary + " : corrigez ce qui est signal\u00e9.");
}

// « Annuler les modifications » while the draft differs, then the summary line.
template <class Draft>
void draft_footer(Draft& d) {
  if (d.dirty) {
    ui::same_line_if_fits("Annuler les modifications");
    if (ui::button("Annuler les modifications")) {
      d.errors.clear();
      d.loaded = false;
    }
  }
  d.errors.show("");
}

// [SECTION] Entreprise -------------------------------------------------------------------

void sync_company(State& s, App& app) {
  CompanyDraft& d = s.company;
  if (!d.loaded || (!d.dirty && d.revision != app.ws.revision())) {
    d.company = app.ws.ledger().company;
    d.loaded = true;
    d.dirty = false;
    d.revision = app.ws.revision();
  }
}

Company trimmed(Company c) {
  for (std::string* s : {&c.name, &c.legal_form, &c.address.line1, &c.address.line2, &c.address.postcode, &c.address.city,
                         &c.address.country, &c.siren, &c.siret, &c.vat_number, &c.rcs, &c.email, &c.phone, &c.iban,
                         &c.bic, &c.signatory})
    *s = std::string(trim(*s));
  return c;
}

void draw_company(State& s, App& app) {
  sync_company(s, app);
  CompanyDraft& d = s.company;
  Company& c = d.company;
  const forms::Errors& e = d.errors;
  bool changed = false;
  ui::note("Ces informations figurent sur vos relances, lettres et mises en demeure.");
  struct F {
    const char* label;
    std::string* value;
    const char* key;
    float width;
  };
  const F groups[][6] = {
      {{"Raison sociale", &c.name, "name", 20}, {"Forme juridique", &c.legal_form, "legal_form", 10}, {}, {}, {}, {}},
      {{"Adresse", &c.address.line1, "address.line1", 24}, {"Compl\u00e9ment d\u2019adresse", &c.address.line2, "address.line2", 20},
       {"Code postal", &c.address.postcode, "address.postcode", 7}, {"Ville", &c.address.city, "address.city", 14},
       {"Pays (vide : France)", &c.address.country, "address.country", 12}, {}},
      {{"SIREN", &c.siren, "siren", 10}, {"SIRET", &c.siret, "siret", 13}, {"N\u00b0 de TVA intracommunautaire", &c.vat_number, "vat_number", 14},
       {"RCS", &c.rcs, "rcs", 16}, {}, {}},
      {{"E-mail", &c.email, "email", 20}, {"T\u00e9l\u00e9phone", &c.phone, "phone", 12}, {}, {}, {}, {}},
      {{"IBAN", &c.iban, "iban", 24}, {"BIC", &c.bic, "bic", 10}, {}, {}, {}, {}},
      {{"Signataire (nom, fonction)", &c.signatory, "signatory", 24}, {}, {}, {}, {}, {}},
  };
  // What does not block: advice for letters, problems left as stored.
  const Company stored = trimmed(app.ws.ledger().company);
  const Company now = trimmed(c);
  const std::vector<FieldIssue> issues = check_company_profile(now);
  for (const auto& group : groups) {
    bool first = true;
    for (const F& f : group) {
      if (!f.label) continue;
      const float w = std::max(ui::em(f.width), ImGui::CalcTextSize(f.label).x);
      if (!first) forms::same_line_if_room(w);
      first = false;
      ImGui::BeginGroup();
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
      const std::string_view key = f.key;
      if (key == "email") ui::next_keyboard(ui::Keyboard::email);
      else if (key == "phone") ui::next_keyboard(ui::Keyboard::tel);
      else if (key == "address.postcode") ui::next_keyboard(ui::Keyboard::postcode);
      changed |= forms::text_field(f.label, f.value, e, f.key, f.width);
      company_checks::show_advice(issues, now, stored, e, "",
                                  std::string_view(f.key) == "address.line1" ? "address" : f.key);
      ImGui::PopTextWrapPos();
      ImGui::EndGroup();
    }
    ImGui::Spacing();
  }
  if (changed) d.dirty = true;

  if (ui::button("Enregistrer le profil")) {
    d.errors.clear();
    const Company company = trimmed(c);
    if (company_checks::check_for_save(company, trimmed(app.ws.ledger().company), d.errors, "")) {
      app.ws.submit(cmd::SetCompany{company}, [&s, &app](const Result<Applied>& r) {
        CompanyDraft& d2 = s.company;
        if (!r) return mark_refused(d2.errors, r.error(), "company.", "Profil non enregistr\u00e9");
        d2.dirty = false;
        d2.loaded = false;
        app.notify("Profil de l\u2019entreprise enregistr\u00e9");
      });
    } else {
      d.errors.set("", "Profil non enregistr\u00e9 : corrigez ce qui est signal\u00e9 en rouge.");
    }
  }
  draft_footer(d);
}

// [SECTION] Numérotation et délais ---------------------------------------------------------

const TermsMethod kMethods[] = {TermsMethod::net, TermsMethod::end_of_month, TermsMethod::eom_then_days};

void sync_settings(State& s, App& app) {
  SettingsDraft& d = s.settings;
  if (d.loaded && (d.dirty || d.revision == app.ws.revision())) return;
  d.settings = app.ws.ledger().settings;
  d.deadline = std::to_string(d.settings.deadline_days);
  d.agenda = std::to_string(d.settings.agenda_days);
  d.limitation = std::to_string(d.settings.limitation_warning_days);
  d.terms_days = std::to_string(d.settings.default_terms.days);
  d.loaded = true;
  d.dirty = false;
  d.revision = app.ws.revision();
}

// The next number of each sequence for the patterns being typed.
void refresh_number_previews(State& s, App& app) {
  SettingsDraft& d = s.settings;
  const std::string* patterns[3] = {&d.settings.invoice_pattern, &d.settings.proforma_pattern,
                                    &d.settings.credit_note_pattern};
  const InvoiceKind kinds[3] = {InvoiceKind::invoice, InvoiceKind::proforma, InvoiceKind::credit_note};
  const bool stale = d.preview_revision != app.ws.revision() || d.preview_today != app.today;
  for (int i = 0; i < 3; ++i) {
    if (!stale && d.patterns[i] == *patterns[i]) continue;
    d.patterns[i] = *patterns[i];
    Status ok = check_number_pattern(*patterns[i]);
    d.preview_ok[i] = ok.ok();
    d.previews[i] = ok ? "Prochain num\u00e9ro : " + next_number(app.ws.ledger(), *patterns[i], app.today_date(), kinds[i]).number
                       : "Mod\u00e8le invalide : " + ok.error().what + ".";
  }
  d.preview_revision = app.ws.revision();
  d.preview_today = app.today;
}

void draw_numbering(State& screen, App& app) {
  sync_settings(screen, app);
  refresh_number_previews(screen, app);
  SettingsDraft& d = screen.settings;
  Settings& s = d.settings;
  const forms::Errors& e = d.errors;
  const Ledger& l = app.ws.ledger();
  bool changed = false;

  ui::heading("Num\u00e9rotation");
  ui::note("{YYYY} l\u2019ann\u00e9e, {YY} ses deux derniers chiffres, {MM} le mois, {NNNN} le compteur (autant de "
           "chiffres que de N). Avec l\u2019ann\u00e9e, le compteur repart \u00e0 1 chaque ann\u00e9e.");
  const char* labels[3] = {"Factures", "Pro forma", "Avoirs"};
  std::string* values[3] = {&s.invoice_pattern, &s.proforma_pattern, &s.credit_note_pattern};
  const char* keys[3] = {"invoice_pattern", "proforma_pattern", "credit_note_pattern"};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) forms::same_line_if_room(ui::em(15));
    ImGui::BeginGroup();
    changed |= forms::text_field(labels[i], values[i], e, keys[i], 15);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ui::em(15));
    if (d.preview_ok[i]) ui::text_disabled("%s", d.previews[i].c_str());
    else ui::text_colored(forms::error_color(), "%s", d.previews[i].c_str());
    ImGui::PopTextWrapPos();
    ui::track(std::string("Aper\u00e7u ") + labels[i]);
    ui::track(d.previews[i]);  // automation reads the next number by its text
    ImGui::EndGroup();
  }

  ImGui::Spacing();
  ui::heading("D\u00e9lai de paiement par d\u00e9faut");
  int method = 0;
  for (int i = 0; i < 3; ++i)
    if (kMethods[i] == s.default_terms.method) method = i;
  ImGui::BeginGroup();
  if (forms::choice("Mode de calcul", &method,
                   {"N jours apr\u00e8s la facture", "N jours, puis fin de mois", "Fin de mois, puis N jours"}, 18)) {
    s.default_terms.method = kMethods[method];
    changed = true;
  }
  forms::next_in_row(7);
  changed |= forms::text_field("Jours (N)", &d.terms_days, e, "default_terms.days", 7, ImGuiInputTextFlags_CharsDecimal);
  ImGui::EndGroup();
  {
    PaymentTerms t = s.default_terms;
    std::string why;
    if (forms::parse_int(d.terms_days, &t.days, &why, 0, 3650)) {
      ui::text_disabled("Soit : %s.", describe_terms(t).c_str());
      for (const std::string& w : terms_warnings(t, ClientKind::business, jurisdiction(l)))
        forms::warning_text(w + " Entre professionnels, c\u2019est permis seulement dans certains secteurs.");
    }
  }

  ImGui::Spacing();
  ui::heading("Relances et alertes");
  ImGui::BeginGroup();
  changed |= forms::text_field("D\u00e9lai donn\u00e9 dans les relances (jours)", &d.deadline, e, "deadline_days", 8,
                              ImGuiInputTextFlags_CharsDecimal);
  forms::next_in_row(14);
  changed |= forms::text_field("Agenda : jours \u00e0 l\u2019avance", &d.agenda, e, "agenda_days", 8,
                              ImGuiInputTextFlags_CharsDecimal);
  forms::next_in_row(16);
  changed |= forms::text_field("Alerte de prescription (jours avant)", &d.limitation, e, "limitation_warning_days", 8,
                              ImGuiInputTextFlags_CharsDecimal);
  ImGui::EndGroup();
  changed |= forms::text_field("Lieu des lettres (\u00ab Fait \u00e0 \u2026 \u00bb ; vide : la ville de l\u2019entreprise)",
                              &s.place, e, "place", 16);

  std::vector<std::string> ids, names;
  for (const Chain& c : l.chains) {
    ids.push_back(c.id);
    names.push_back(c.name);
  }
  if (!ids.empty()) {
    for (int k = 0; k < 2; ++k) {
      std::string& id = k == 0 ? s.default_b2b_chain : s.default_b2c_chain;
      int index = static_cast<int>(std::find(ids.begin(), ids.end(), id) - ids.begin());
      if (k > 0) forms::same_line_if_room(ui::em(18));
      ImGui::BeginGroup();
      if (forms::choice(k == 0 ? "Sc\u00e9nario des professionnels" : "Sc\u00e9nario des particuliers", &index, names, 18)) {
        id = ids[static_cast<std::size_t>(index)];
        changed = true;
      }
      ImGui::EndGroup();
    }
  }
  if (changed) d.dirty = true;

  ImGui::Spacing();
  if (ui::button("Enregistrer les r\u00e9glages")) {
    d.errors.clear();
    Settings out = s;
    std::string why;
    if (!forms::parse_int(d.deadline, &out.deadline_days, &why, 1, 90)) d.errors.set("deadline_days", "D\u00e9lai : " + why + ".");
    if (!forms::parse_int(d.agenda, &out.agenda_days, &why, 0, 90)) d.errors.set("agenda_days", "Agenda : " + why + ".");
    if (!forms::parse_int(d.limitation, &out.limitation_warning_days, &why, 0, 1000))
      d.errors.set("limitation_warning_days", "Alerte : " + why + ".");
    if (!forms::parse_int(d.terms_days, &out.default_terms.days, &why, 0, 3650))
      d.errors.set("default_terms.days", "Jours : " + why + ".");
    for (int i = 0; i < 3; ++i)
      if (!d.preview_ok[i]) d.errors.set(keys[i], d.previews[i]);
    out.place = std::string(trim(out.place));
    if (d.errors.empty()) {
      app.ws.submit(cmd::SetSettings{out}, [&d, &app](const Result<Applied>& r) {
        SettingsDraft& d2 = d;
        if (!r) return mark_refused(d2.errors, r.error(), "settings.", "R\u00e9glages non enregistr\u00e9s");
        d2.dirty = false;
        d2.loaded = false;
        app.notify("R\u00e9glages enregistr\u00e9s");
      });
    } else {
      d.errors.set("", "R\u00e9glages non enregistr\u00e9s : corrigez ce qui est signal\u00e9 en rouge.");
    }
  }
  draft_footer(d);
}

// [SECTION] Diagnostic ----------------------------------------------------------------------

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

std::string entry_type(const std::string& command_json) {
  auto j = Json::parse(command_json, nullptr, false);
  if (j.is_object() && j.contains("type") && j["type"].is_string()) return j["type"].get<std::string>();
  return "?";
}

void draw_diagnostic(State& s, App& app) {
  ui::heading("V\u00e9rifications du navigateur");
  ui::note("La saisie, le presse-papiers, les t\u00e9l\u00e9chargements, les liens e-mail, les fichiers et "
           "l\u2019enregistrement sur cet appareil, pour v\u00e9rifier qu\u2019ils fonctionnent ici.");
  ImGui::Spacing();
  ui::field("Texte d\u2019essai", &app.dev.text);
  if (ui::button("Copier")) platform::set_clipboard_text(app.dev.text);
  ui::same_line_if_fits("T\u00e9l\u00e9charger un CSV");
  if (ui::button("T\u00e9l\u00e9charger un CSV")) {
    // UTF-8 with a BOM and ';' separators: what French spreadsheets expect.
    std::string quoted = "\"";
    for (char c : app.dev.text) quoted += (c == '"') ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    platform::download("essai-relance.csv", "text/csv;charset=utf-8",
                       "\xEF\xBB\xBFTexte;Date\r\n" + quoted + ";" + app.today + "\r\n");
    ++app.dev.downloads;
  }
  ui::same_line_if_fits("\u00c9crire un e-mail");
  if (ui::button("\u00c9crire un e-mail")) {
    platform::open_link(platform::mailto_url("", "Relance \u2013 essai", app.dev.text));
    ++app.dev.mails;
  }
  ui::same_line_if_fits("Ouvrir un fichier\u2026");
  if (ui::button("Ouvrir un fichier\u2026")) settings::pick(s, FileWant::diagnostic);
  if (!app.dev.opened_name.empty()) {
    ui::text_wrapped("Fichier ouvert : %s (%zu octets)", app.dev.opened_name.c_str(), app.dev.opened_size);
    ui::track("Fichier ouvert");
  }

  ImGui::Spacing();
  const Store& store = app.ws.store();
  ui::heading("Enregistrement sur cet appareil");
  const char* state = "ferm\u00e9";
  switch (store.state()) {
    case Store::State::closed: break;
    case Store::State::opening: state = "ouverture\u2026"; break;
    case Store::State::open: state = store.read_only() ? "lecture seule" : "ouvert"; break;
    case Store::State::failed: state = "indisponible"; break;
  }
  ui::text_wrapped("Base : %s \u00b7 %zu entr\u00e9e(s) dans le journal \u00b7 derni\u00e8re n\u00b0 %lld", state,
                     store.entries().size(), static_cast<long long>(store.last_seq()));
  ui::track("Base");
  ui::text_wrapped("Stockage persistant : %s", persistence_text(store.persistence()));
  if (!store.status().ok()) forms::error_text("Dernier probl\u00e8me : " + store.status().message);
  for (const std::string& e : app.ws.replay_errors()) forms::error_text("Entr\u00e9e refus\u00e9e au rechargement : " + e);
  const auto& entries = store.entries();
  const std::size_t shown = std::min<std::size_t>(entries.size(), 5);
  for (std::size_t i = entries.size() - shown; i < entries.size(); ++i)
    ui::bullet_text("n\u00b0 %lld : %s", static_cast<long long>(entries[i].seq), entry_type(entries[i].command_json).c_str());
}

}  // namespace

// [SECTION] Screen -----------------------------------------------------------------------------

void draw(State& s, App& app) {
  ImGui::Dummy(ui::em(0, 0.25f));
  const int before = s.tab;
  forms::tabs(&s.tab, {"Entreprise", "Num\u00e9rotation et d\u00e9lais", "Taux l\u00e9gaux", "Sauvegarde et CSV", "Diagnostic"});
  if (s.tab != before) s.want = FileWant::none;  // a picker left open no longer decides
  ImGui::Spacing();
  switch (s.tab) {
    case kTabCompany: draw_company(s, app); break;
    case kTabNumbering: draw_numbering(s, app); break;
    case kTabRates: settings::draw_rates(s, app); break;
    case kTabData: settings::draw_data(s, app); break;
    default: draw_diagnostic(s, app); break;
  }
  ImGui::Dummy(ui::em(0, 1));
}

}  // namespace ui_settings

void SettingsScreen::draw() { ui_settings::draw(state_, *app_); }

void SettingsScreen::discard() {
  state_.data.csv.importer.reset();  // it reads the ledger copy that goes with it
  state_ = SettingsState{};
}

}  // namespace relance
