// Paramètres › Taux légaux: the jurisdiction's tables (the reference rate
// behind B2B penalties, the legal interest rates) with each row's source and
// whether it was checked; a row edited or a half-year added writes the whole
// jurisdiction through cmd::SetRates, as do an imported rates file and the
// reset to the shipped tables. Where the tables in use come from (the user's,
// the site's rates/<id>.json, the app's own: rates_served.h) is said on top,
// with the one notice about today's rates (carried forward, not verified).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/commands.h"
#include "core/date.h"
#include "core/money.h"
#include "core/rates.h"
#include "imgui.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/rates_served.h"
#include "web/settings_sections.h"
#include "web/ui.h"

namespace relance::settings {

namespace {


RateTable& table_of(Jurisdiction& j, int t) {
  return t == 0 ? j.reference : (t == 1 ? j.legal_rate : j.legal_rate_private);
}
const RateTable& table_of(const Jurisdiction& j, int t) { return table_of(const_cast<Jurisdiction&>(j), t); }

void start_edit(RatesState& rs, const RateTable& t, int row) {
  RatesState& s = rs;
  s.editing = row;
  s.errors.clear();
  if (row < static_cast<int>(t.periods.size())) {
    const RatePeriod& p = t.periods[static_cast<std::size_t>(row)];
    s.from = to_fr(p.from);
    s.rate = format_fr_number(p.rate);  // basis points read like cents: "2,15"
    s.source = p.source;
    s.verified = p.verified;
    return;
  }
  // A new half-year: the one after the last row, with its rate carried forward.
  const RatePeriod* last = t.periods.empty() ? nullptr : &t.periods.back();
  s.from = last ? to_fr(next_half_year_start(last->from)) : "";
  s.rate = last ? format_rate_number_fr(last->rate) : "";
  s.source.clear();
  s.verified = false;
}

void submit_rates(RatesState& rs, App& app, std::optional<Jurisdiction> j, std::string done_text) {
  app.ws.submit(cmd::SetRates{std::move(j)}, [&rs, &app, done_text](const Result<Applied>& r) {
    RatesState& s = rs;
    if (!r) {
      s.errors.set("", "Taux non enregistr\u00e9s : " + r.error().message() + ".");
      return;
    }
    s.editing = -1;
    s.errors.clear();
    app.notify(done_text);
  });
}

void save_row(RatesState& rs, App& app) {
  RatesState& s = rs;
  s.errors.clear();
  Jurisdiction j = jurisdiction(app.ws.ledger());
  RateTable& t = table_of(j, s.table);
  std::optional<Date> from = parse_fr_date(s.from);
  if (!from || !from->ok()) s.errors.set("from", "Date attendue au format jj/mm/aaaa.");
  else if (j.fixing == Fixing::half_year && !(from->day() == 1 && (from->month() == 1 || from->month() == 7)))
    s.errors.set("from", "Taux semestriel : la date est un 1er janvier ou un 1er juillet.");
  std::optional<BasisPoints> rate = parse_rate(s.rate);
  if (!rate || *rate < 0 || *rate > 100 * kPercent) s.errors.set("rate", "Taux en pourcentage attendu, par exemple 2,15.");
  if (!s.errors.empty()) return;
  const bool is_new = s.editing >= static_cast<int>(t.periods.size());
  for (std::size_t i = 0; i < t.periods.size(); ++i)
    if (t.periods[i].from == *from && (is_new || static_cast<int>(i) != s.editing)) {
      s.errors.set("from", "Il y a d\u00e9j\u00e0 un taux \u00e0 partir du " + to_fr(*from) + ".");
      return;
    }
  RatePeriod p{*from, *rate, std::string(s.source), s.verified};
  if (is_new) t.periods.push_back(std::move(p));
  else t.periods[static_cast<std::size_t>(s.editing)] = std::move(p);
  std::sort(t.periods.begin(), t.periods.end(), [](const RatePeriod& a, const RatePeriod& b) { return a.from < b.from; });
  submit_rates(rs, app, std::move(j), "Taux enregistr\u00e9");
}

void delete_row(RatesState& rs, App& app) {
  RatesState& s = rs;
  Jurisdiction j = jurisdiction(app.ws.ledger());
  RateTable& t = table_of(j, s.table);
  if (s.editing < 0 || s.editing >= static_cast<int>(t.periods.size())) return;
  t.periods.erase(t.periods.begin() + s.editing);
  submit_rates(rs, app, std::move(j), "Ligne supprim\u00e9e");
}

void draw_row_form(RatesState& rs, App& app, const RateTable& t) {
  RatesState& s = rs;
  const bool is_new = s.editing >= static_cast<int>(t.periods.size());
  ImGui::Spacing();
  ui::heading(is_new ? "Nouveau semestre" : "Modifier la ligne");
  ImGui::BeginGroup();
  forms::text_field("\u00c0 partir du (jj/mm/aaaa)", &s.from, s.errors, "from", 12);
  forms::next_in_row(9);
  forms::text_field("Taux (%)", &s.rate, s.errors, "rate", 9);
  ImGui::EndGroup();
  forms::text_field("Source (texte officiel, lien)", &s.source, s.errors, "source", 40);
  ui::checkbox("V\u00e9rifi\u00e9 sur la source officielle", &s.verified);
  if (ui::button("Enregistrer la ligne")) save_row(rs, app);
  if (!is_new) {
    ui::same_line_if_fits("Supprimer la ligne");
    if (ui::button("Supprimer la ligne")) delete_row(rs, app);
  }
  ui::same_line_if_fits("Annuler##rate");
  if (ui::button("Annuler##rate")) {
    s.editing = -1;
    s.errors.clear();
  }
  s.errors.show("");
}

void draw_table(RatesState& rs, App& app, const Jurisdiction& j, const RateTable& t, bool narrow) {
  RatesState& s = rs;
  const bool reference = s.table == 0;
  const int columns = narrow ? 3 : (reference ? 5 : 4);
  const float rows_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().CellPadding.y * 2;
  const float height = std::min(ui::em(16), rows_h * static_cast<float>(t.periods.size() + 1) + ui::em(0.5f));
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##rates", columns, flags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("\u00c0 partir du", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Taux", ImGuiTableColumnFlags_WidthStretch, 0.7f);
  if (reference && !narrow) ImGui::TableSetupColumn("P\u00e9nalit\u00e9s B2B", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  if (!narrow) ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthStretch, 3.0f);
  ImGui::TableSetupColumn("V\u00e9rifi\u00e9", ImGuiTableColumnFlags_WidthStretch, narrow ? 1.2f : 0.9f);
  ImGui::TableHeadersRow();
  // Newest first: the rows people look at.
  for (int i = static_cast<int>(t.periods.size()) - 1; i >= 0; --i) {
    const RatePeriod& p = t.periods[static_cast<std::size_t>(i)];
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    const std::string label = to_fr(p.from) + "##rate-" + std::to_string(i);
    if (ui::selectable(label.c_str(), s.editing == i, ImGuiSelectableFlags_SpanAllColumns)) start_edit(rs, t, i);
    int col = 1;
    ImGui::TableSetColumnIndex(col++);
    ui::text(format_rate_fr(p.rate).c_str());
    if (reference && !narrow) {
      ImGui::TableSetColumnIndex(col++);
      ui::text(format_rate_fr(b2b_rate_on(j, p.from).rate).c_str());
    }
    if (!narrow) {
      ImGui::TableSetColumnIndex(col++);
      ui::text_disabled("%s", p.source.empty() ? "\u2014" : p.source.c_str());
    }
    ImGui::TableSetColumnIndex(col++);
    if (p.verified) ui::text("oui");
    else ui::text_colored(forms::warning_color(), "non v\u00e9rifi\u00e9");
  }
  ImGui::EndTable();
  (void)app;
}

void draw_import(RatesState& rs, App& app) {
  RatesState& s = rs;
  if (!s.import_error.empty()) {
    forms::error_text("Fichier de taux \u00ab " + s.file_name + " \u00bb refus\u00e9, rien n\u2019a \u00e9t\u00e9 modifi\u00e9 : " +
                     s.import_error);
    if (ui::button("Fermer##rates-import")) s.import_error.clear();
  }
  if (!s.imported) return;
  const Jurisdiction& j = *s.imported;
  std::string text = "Fichier \u00ab " + s.file_name + " \u00bb : " + j.name + ", " +
                     std::to_string(j.reference.periods.size()) + " taux de r\u00e9f\u00e9rence, " +
                     std::to_string(j.legal_rate.periods.size()) + " taux l\u00e9gaux";
  if (!j.reference.periods.empty()) text += ", le dernier \u00e0 partir du " + to_fr(j.reference.periods.back().from);
  ui::text_wrapped("%s.", text.c_str());
  ui::track("Fichier de taux");
  if (ui::button("Utiliser ces taux")) {
    submit_rates(rs, app, *s.imported, "Taux import\u00e9s");
    s.imported.reset();
  }
  ui::same_line_if_fits("Annuler##rates-import");
  if (ui::button("Annuler##rates-import")) s.imported.reset();
}

}  // namespace

void open_rates_file(RatesState& rs, platform::OpenedFile file) {
  RatesState& s = rs;
  s.file_name = file.name;
  s.imported.reset();
  s.import_error.clear();
  Result<Jurisdiction> r = parse_jurisdiction(file.bytes, file.name);
  if (!r) s.import_error = r.error().message();
  else s.imported = std::move(*r);
}

void draw_rates(SettingsState& screen, App& app) {
  RatesState& rs = screen.rates;
  RatesState& s = rs;
  const Ledger& l = app.ws.ledger();
  const Jurisdiction& j = jurisdiction(l);
  const bool narrow = ImGui::GetContentRegionAvail().x < ui::em(36);

  ui::heading("Taux l\u00e9gaux \u2013 " + j.name);
  // Where the tables come from: yours, the site's rates/<id>.json, or the app's own.
  const RatesOrigin origin = rates_origin(app);
  ui::note(origin.text);
  ui::track_text("Origine des taux", origin.text);
  if (!origin.note.empty()) {
    forms::warning_text(origin.note);
    ui::track_text("Fichier de taux du site", origin.note);
  }
  // The one notice about today's rates, here where they are checked.
  draw_rates_notice(app, false);
  ui::text_wrapped("P\u00e9nalit\u00e9s entre professionnels : taux de r\u00e9f\u00e9rence + %s, indemnit\u00e9 de "
                     "%s par facture. Prescription : %d ans (professionnels), %d ans (particuliers).",
                     format_rate_fr(j.b2b_margin).c_str(), format_eur(j.indemnity).c_str(), j.b2b_limitation_years,
                     j.b2c_limitation_years);

  const int before = s.table;
  forms::tabs(&s.table, {"Taux de r\u00e9f\u00e9rence (BCE)", "Taux l\u00e9gal", "Taux l\u00e9gal (cr\u00e9ancier "
                                                                                 "particulier)"});
  if (s.table != before) {
    s.editing = -1;
    s.errors.clear();
  }
  const RateTable& t = table_of(j, s.table);
  ui::note(t.name + (s.table == 1 ? " \u2013 celui d\u2019une entreprise qui r\u00e9clame \u00e0 un particulier." : ""));

  // Older rows not checked: said under the table, in its colour ("non vérifié").
  int unverified = 0;
  for (const RatePeriod& p : t.periods) unverified += p.verified ? 0 : 1;

  draw_table(rs, app, j, t, narrow);
  ui::note(unverified > 0 ? std::to_string(unverified) + (unverified > 1 ? " lignes non v\u00e9rifi\u00e9es." : " ligne non v\u00e9rifi\u00e9e.") +
                                " Touchez une ligne pour la modifier ou la cocher \u00ab V\u00e9rifi\u00e9 \u00bb."
                          : std::string("Touchez une ligne pour la modifier."));
  if (ui::button("Ajouter un semestre")) start_edit(rs, t, static_cast<int>(t.periods.size()));
  if (s.editing >= 0) draw_row_form(rs, app, t);
  else s.errors.show("");

  ImGui::Spacing();
  ImGui::Separator();
  ui::heading("Fichier de taux");
  if (ui::button("Exporter les taux (JSON)"))
    platform::download("relance-taux-" + j.id + "-" + app.today + ".json", "application/json",
                       jurisdiction_to_json(j));
  ui::same_line_if_fits("Importer des taux (JSON)\u2026");
  if (ui::button("Importer des taux (JSON)\u2026")) pick(screen, FileWant::rates);
  if (l.custom_rates) {
    ui::same_line_if_fits("Revenir aux taux fournis");
    if (ui::button("Revenir aux taux fournis")) s.confirm_reset = true;
  }
  draw_import(rs, app);
  if (s.confirm_reset && l.custom_rates) {
    forms::warning_text("Vos modifications des taux seront perdues.");
    if (ui::button("Oui, revenir aux taux fournis")) {
      s.confirm_reset = false;
      submit_rates(rs, app, std::nullopt, "Taux fournis r\u00e9tablis");
    }
    ImGui::SameLine();
    if (ui::button("Garder mes taux")) s.confirm_reset = false;
  }
}

}  // namespace relance::settings
