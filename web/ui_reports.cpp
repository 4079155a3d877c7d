// Rapports: what is owed and how old it is (aging balance, as bars), how
// fast clients pay (DSO over twelve months, as a line), who pays late, the
// penalties that can be claimed per client, and the claims about to become
// time-barred. One build_report() per change of the ledger or of the day,
// with every string the screen shows prepared then: a frame only draws.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/reports.h"
#include "imgui.h"
#include "web/app.h"
#include "web/reports_charts.h"
#include "web/reports_state.h"
#include "web/forms.h"
#include "web/ui.h"

namespace relance::ui_reports {

namespace {

const char* const kMonths[] = {"janv.", "f\u00e9vr.", "mars", "avr.", "mai", "juin",
                               "juil.", "ao\u00fbt", "sept.", "oct.", "nov.", "d\u00e9c."};
const char* const kMonthNames[] = {"janvier", "f\u00e9vrier", "mars",      "avril",   "mai",      "juin",
                                   "juillet", "ao\u00fbt",   "septembre", "octobre", "novembre", "d\u00e9cembre"};

std::string days_x10(int x10) {
  // Tenths of a day, French decimal comma: "12,5 j".
  const int whole = x10 / 10, tenth = (x10 < 0 ? -x10 : x10) % 10;
  return std::to_string(whole) + (tenth ? "," + std::to_string(tenth) : "") + " j";
}

std::string percent(Cents part, Cents total) {
  if (total <= 0) return "0 %";
  const std::int64_t x10 = round_div(static_cast<__int128>(part) * 1000, total);
  return std::to_string(x10 / 10) + (x10 % 10 ? "," + std::to_string(x10 % 10) : "") + "\u00a0%";
}

using View = ReportsState;

void rebuild(View& view, App& app) {
  View& v = view;
  if (v.revision == app.ws.revision() && v.today == app.today) return;
  v.revision = app.ws.revision();
  v.today = app.today;
  const Ledger& l = app.ws.ledger();
  const Date today = app.today_date();
  v.report = build_report(l, today);
  const Report& r = v.report;

  v.open_balance = format_eur(r.open_balance);
  v.open_count = std::to_string(r.open_invoices) + (r.open_invoices > 1 ? " factures ouvertes" : " facture ouverte");
  v.dso = r.dso_days ? std::to_string(*r.dso_days) + " jours" : "\u2014";
  v.penalties = format_eur(r.penalties_claimable);
  v.disputed = format_eur(r.disputed_balance);
  v.written_off = format_eur(r.written_off);

  const AgingBuckets& a = r.aging;
  const Cents total = a.total();
  auto bar = [&](const char* label, const char* long_label, Cents amount, ImVec4 color) {
    v.aging.push_back({label, amount, ImGui::GetColorU32(color),
                       std::string(long_label) + " : " + format_eur(amount) + " (" + percent(amount, total) +
                           " de l\u2019encours)"});
  };
  v.aging.clear();
  bar("Non \u00e9chu", "Pas encore \u00e9chu", a.not_due, ImVec4(0.30f, 0.62f, 0.42f, 1));
  bar("1\u201330 j", "En retard de 1 \u00e0 30 jours", a.d1_30, ImVec4(0.90f, 0.70f, 0.22f, 1));
  bar("31\u201360 j", "En retard de 31 \u00e0 60 jours", a.d31_60, ImVec4(0.91f, 0.52f, 0.20f, 1));
  bar("61\u201390 j", "En retard de 61 \u00e0 90 jours", a.d61_90, ImVec4(0.82f, 0.32f, 0.20f, 1));
  bar("> 90 j", "En retard de plus de 90 jours", a.over_90, ImVec4(0.62f, 0.13f, 0.15f, 1));

  v.dso_points.clear();
  for (const DsoPoint& p : r.dso_history) {
    const Ymd ymd = p.month_end.ymd();
    std::string tip = "Fin " + std::string(kMonthNames[ymd.month - 1]) + " " + std::to_string(ymd.year) + " : ";
    tip += p.dso_days ? "DSO " + std::to_string(*p.dso_days) + " jours" : "pas de ventes sur 90 jours, pas de DSO";
    tip += "\nEncours : " + format_eur(p.receivables) + "\nFactur\u00e9 sur 90 jours : " + format_eur(p.sales);
    v.dso_points.push_back({kMonths[ymd.month - 1], p.dso_days, tip});
  }
  if (r.dso_history.empty() || r.dso_history.back().month_end != today) {
    std::string tip = "Aujourd\u2019hui (" + to_fr(today) + ") : " +
                      (r.dso_days ? "DSO " + std::to_string(*r.dso_days) + " jours" : "pas de DSO") +
                      "\nEncours : " + format_eur(r.open_balance);
    v.dso_points.push_back({"auj.", r.dso_days, tip});
  }

  v.late.clear();
  int rank = 0;
  for (ClientId id : r.late_payers) {
    const ClientReport* c = nullptr;
    for (const ClientReport& x : r.clients)
      if (x.client == id) c = &x;
    if (!c) continue;
    LateRow row;
    row.rank = std::to_string(++rank);
    row.name = c->name;
    row.late_amount = format_eur(c->aging.total() - c->aging.not_due);
    row.late_invoices = std::to_string(c->late_invoices);
    row.max_days = c->late_invoices ? std::to_string(c->max_days_late) + " j" : "\u2014";
    row.avg_paid = c->paid_invoices ? days_x10(c->avg_days_late_paid_x10) : "\u2014";
    row.bad_payer = c->bad_payer;
    v.late.push_back(std::move(row));
  }

  v.penalty_rows.clear();
  std::vector<const ClientReport*> with_penalties;
  for (const ClientReport& c : r.clients)
    if (c.penalties_claimable > 0) with_penalties.push_back(&c);
  std::stable_sort(with_penalties.begin(), with_penalties.end(),
                   [](const ClientReport* x, const ClientReport* y) { return x->penalties_claimable > y->penalties_claimable; });
  for (const ClientReport* c : with_penalties)
    v.penalty_rows.push_back({c->name,
                              c->kind == ClientKind::business ? "P\u00e9nalit\u00e9s et indemnit\u00e9s"
                                                              : "Int\u00e9r\u00eats l\u00e9gaux",
                              format_eur(c->penalties_claimable)});
  v.penalties_total = format_eur(r.penalties_claimable);

  v.limits.clear();
  for (const LimitationWarning& w : r.limitations) v.limits.push_back({w.message, w.expired});
}

// A figure with its caption under it; figures flow side by side.
void figure(const char* caption, const std::string& value, const char* detail, bool first) {
  const float w = std::max(ImGui::CalcTextSize(value.c_str()).x * 1.3f, ImGui::CalcTextSize(caption).x) + ui::em(1);
  if (!first) forms::same_line_if_room(w);
  ImGui::BeginGroup();
  ui::text_disabled("%s", caption);
  ImGui::PushFont(ui::fonts().bold);
  ImGui::SetWindowFontScale(1.3f);
  ui::text(value.c_str());
  ImGui::SetWindowFontScale(1.0f);
  ImGui::PopFont();
  if (detail && *detail) ui::text_disabled("%s", detail);
  ImGui::EndGroup();
  ui::track(caption);
}

void draw_late(const View& v, bool narrow) {
  ui::heading("Qui paie en retard");
  if (v.late.empty()) {
    ui::note("Aucun client en retard, ni maintenant ni sur les 365 derniers jours.");
    return;
  }
  ui::note("Class\u00e9s par montant en retard multipli\u00e9 par les jours de retard. Retard moyen : sur les factures "
           "pay\u00e9es ces 365 derniers jours.");
  const int columns = narrow ? 3 : 6;
  if (!ImGui::BeginTable("##late", columns, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
    return;
  if (!narrow) ImGui::TableSetupColumn("N\u00b0", ImGuiTableColumnFlags_WidthFixed, ui::em(1.5f));
  ImGui::TableSetupColumn("Client", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("En retard", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  if (!narrow) ImGui::TableSetupColumn("Factures", ImGuiTableColumnFlags_WidthStretch, 0.6f);
  ImGui::TableSetupColumn("Retard max.", ImGuiTableColumnFlags_WidthStretch, 0.7f);
  if (!narrow) ImGui::TableSetupColumn("Retard moyen pay\u00e9", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableHeadersRow();
  for (const LateRow& row : v.late) {
    ImGui::TableNextRow();
    int col = 0;
    if (!narrow) {
      ImGui::TableSetColumnIndex(col++);
      ui::text(row.rank.c_str());
    }
    ImGui::TableSetColumnIndex(col++);
    ImGui::PushTextWrapPos(0.0f);
    ui::text(row.name.c_str());
    ImGui::PopTextWrapPos();
    ui::track("Retard : " + row.name);
    if (row.bad_payer) {
      ImGui::PushStyleColor(ImGuiCol_Text, forms::error_color());
      ui::text("mauvais payeur");
      ImGui::PopStyleColor();
    }
    ImGui::TableSetColumnIndex(col++);
    ui::text(row.late_amount.c_str());
    if (!narrow) {
      ImGui::TableSetColumnIndex(col++);
      ui::text(row.late_invoices.c_str());
    }
    ImGui::TableSetColumnIndex(col++);
    ui::text(row.max_days.c_str());
    if (!narrow) {
      ImGui::TableSetColumnIndex(col++);
      ui::text(row.avg_paid.c_str());
    }
  }
  ImGui::EndTable();
}

void draw_penalties(const View& v) {
  ui::heading("P\u00e9nalit\u00e9s r\u00e9clamables par client");
  if (v.penalty_rows.empty()) {
    ui::note("Rien \u00e0 r\u00e9clamer en plus des factures.");
    return;
  }
  ui::note("Professionnels : p\u00e9nalit\u00e9s de retard (taux BCE + 10 points) et 40 \u20ac d\u2019indemnit\u00e9 par "
           "facture pay\u00e9e en retard. Particuliers : int\u00e9r\u00eats au taux l\u00e9gal apr\u00e8s une mise en "
           "demeure.");
  if (!ImGui::BeginTable("##penalties", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
    return;
  ImGui::TableSetupColumn("Client", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Montant", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  for (const PenaltyRow& row : v.penalty_rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushTextWrapPos(0.0f);
    ui::text(row.name.c_str());
    ImGui::PopTextWrapPos();
    ui::text_disabled("%s", row.kind.c_str());
    ImGui::TableSetColumnIndex(1);
    ui::text(row.amount.c_str());
    ui::track("P\u00e9nalit\u00e9s : " + row.name);
  }
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ui::heading("Total");
  ImGui::TableSetColumnIndex(1);
  ui::heading(v.penalties_total);
  ImGui::EndTable();
}

void draw_limits(const View& v, const App& app) {
  ui::heading("Prescription");
  if (v.limits.empty()) {
    ui::note("Aucune cr\u00e9ance ne sera prescrite dans les " +
             std::to_string(app.ws.ledger().settings.limitation_warning_days) + " prochains jours.");
    return;
  }
  ui::note("Une relance ou une mise en demeure n\u2019arr\u00eate pas la prescription ; une reconnaissance de dette, "
           "un paiement partiel ou une action en justice, oui.");
  for (const LimitRow& row : v.limits) {
    if (row.expired) forms::error_text(row.text);
    else forms::warning_text(row.text);
  }
}

}  // namespace

void draw(View& view, App& app) {
  rebuild(view, app);
  const View& v = view;
  const Report& r = v.report;
  const bool narrow = ImGui::GetContentRegionAvail().x < ui::em(36);

  ImGui::Dummy(ui::em(0, 0.25f));
  ui::heading("Rapports au " + to_fr(app.today_date()));
  ImGui::Spacing();
  figure("Encours", v.open_balance, v.open_count.c_str(), true);
  figure("DSO (d\u00e9lai moyen d\u2019encaissement)", v.dso, "sur les ventes des 90 derniers jours", false);
  figure("P\u00e9nalit\u00e9s r\u00e9clamables", v.penalties, "", false);
  if (r.disputed_balance > 0) figure("En litige", v.disputed, "inclus dans l\u2019encours", false);
  if (r.written_off > 0) figure("Pass\u00e9 en pertes", v.written_off, "depuis le d\u00e9but", false);
  for (const std::string& w : r.warnings)
    if (!is_rate_warning(w)) forms::warning_text(w);  // rates: the one notice (Aujourd’hui, Paramètres › Taux)

  ImGui::Spacing();
  ui::heading("Balance \u00e2g\u00e9e");
  ui::note("Ce qui reste d\u00fb, selon le retard depuis l\u2019\u00e9ch\u00e9ance.");
  ImGui::Spacing();
  charts::bars("Balance \u00e2g\u00e9e##chart", v.aging);

  ImGui::Spacing();
  ImGui::Spacing();
  ui::heading("DSO sur 12 mois");
  ui::note("Nombre de jours de ventes que repr\u00e9sente l\u2019encours, \u00e0 chaque fin de mois : encours / ventes "
           "des 90 jours pr\u00e9c\u00e9dents \u00d7 90.");
  charts::line("DSO##chart", v.dso_points, ui::em(narrow ? 10 : 12), "j");

  ImGui::Spacing();
  draw_late(v, narrow);
  ImGui::Spacing();
  draw_penalties(v);
  ImGui::Spacing();
  draw_limits(v, app);
  ImGui::Dummy(ui::em(0, 1));
}

}  // namespace relance::ui_reports

namespace relance {
void ReportsScreen::draw() { ui_reports::draw(state_, *app_); }
}  // namespace relance
