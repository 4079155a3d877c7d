// Clients: the list (search, kind, open and late amounts, badges), the form
// to create or edit one, and a client's page: details, payment behaviour,
// statement of open invoices (and its PDF), every invoice, the history.
//
// [SECTION] Contents
// - Caches (totals per client, the filtered and sorted list, the report)
// - The list
// - The client page
// - draw
#include <algorithm>

#include "core/letters.h"
#include "core/reports.h"
#include "core/terms.h"
#include "core/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/clients_form.h"
#include "web/forms.h"
#include "web/invoices_detail.h"
#include "web/invoices_form.h"
#include "web/platform.h"
#include "web/today_messages.h"
#include "web/semantics.h"
#include "web/ui.h"

namespace relance::ui_clients {

namespace {

// [SECTION] Caches ------------------------------------------------------------

std::size_t client_pos(const Ledger& l, ClientId id) {
  auto it = std::lower_bound(l.clients.begin(), l.clients.end(), id,
                             [](const Client& c, ClientId v) { return c.id < v; });
  return (it != l.clients.end() && it->id == id) ? static_cast<std::size_t>(it - l.clients.begin()) : SIZE_MAX;
}

void refresh_list(ClientsUi& s, App& app) {
  const Ledger& l = app.ws.ledger();
  const Date today = app.today_date();
  bool changed = false;
  if (s.revision != app.ws.revision() || s.today != today || s.totals.size() != l.clients.size()) {
    s.revision = app.ws.revision();
    s.today = today;
    s.totals.assign(l.clients.size(), ClientTotals{});
    // One pass over the invoices.
    for (const Invoice& inv : l.invoices) {
      const std::size_t p = client_pos(l, inv.client);
      if (p == SIZE_MAX) continue;
      ClientTotals& t = s.totals[p];
      ++t.invoices;
      const Cents b = balance(l, inv);
      if (b <= 0) continue;
      t.open += b;
      ++t.open_invoices;
      if (days_late(l, inv, today) > 0) {
        t.late += b;
        ++t.late_invoices;
      }
    }
    changed = true;
  }
  const std::string key = s.search + "|" + std::to_string(s.kind) + "|" + std::to_string(s.sort_column) + "|" +
                          (s.sort_descending ? "d" : "a");
  if (!changed && key == s.list_key) return;
  s.list_key = key;
  const std::string needle = fold(s.search);
  std::vector<std::pair<std::string, std::uint32_t>> named;
  for (std::uint32_t i = 0; i < l.clients.size(); ++i) {
    const Client& c = l.clients[i];
    if (s.kind == 1 && c.kind != ClientKind::business) continue;
    if (s.kind == 2 && c.kind != ClientKind::consumer) continue;
    std::string folded = fold(c.name);
    if (!needle.empty() && folded.find(needle) == std::string::npos && fold(c.contact).find(needle) == std::string::npos &&
        fold(c.email).find(needle) == std::string::npos && fold(c.code).find(needle) == std::string::npos)
      continue;
    named.emplace_back(std::move(folded), i);
  }
  std::sort(named.begin(), named.end());
  s.rows.clear();
  for (auto& [n, i] : named) s.rows.push_back(i);
  if (s.sort_column != 0) {
    auto value = [&](std::uint32_t i) { return s.sort_column == 1 ? s.totals[i].open : s.totals[i].late; };
    std::stable_sort(s.rows.begin(), s.rows.end(), [&](std::uint32_t a, std::uint32_t b) { return value(a) < value(b); });
  }
  if (s.sort_descending) std::reverse(s.rows.begin(), s.rows.end());
}

const ClientReport* client_report(ClientsUi& s, App& app, ClientId id) {
  const Date today = app.today_date();
  if (!s.report || s.report_revision != app.ws.revision() || s.report_today != today) {
    s.report = build_report(app.ws.ledger(), today);
    s.report_revision = app.ws.revision();
    s.report_today = today;
  }
  for (const ClientReport& r : s.report->clients)
    if (r.client == id) return &r;
  return nullptr;
}

void refresh_page(ClientsUi& s, App& app, ClientId id) {
  const Ledger& l = app.ws.ledger();
  const Date today = app.today_date();
  if (s.page_revision == app.ws.revision() && s.page_client == id && s.page_today == today) return;
  s.page_revision = app.ws.revision();
  s.page_client = id;
  s.page_today = today;
  s.page_open.clear();
  s.page_history.clear();
  for (std::size_t i = 0; i < l.invoices.size(); ++i)
    if (l.invoices[i].client == id && balance(l, l.invoices[i]) > 0) s.page_open.push_back(i);
  std::sort(s.page_open.begin(), s.page_open.end(), [&](std::size_t a, std::size_t b) {
    return effective_due_date(l, l.invoices[a]) < effective_due_date(l, l.invoices[b]);
  });
  for (std::size_t i = 0; i < l.history.size(); ++i)
    if (l.history[i].client == id) s.page_history.push_back(i);
}

void client_badges(const Client& c, const ClientTotals* t) {
  if (c.bad_payer) {
    forms::badge("Mauvais payeur", ImVec4(0.99f, 0.84f, 0.82f, 1));
    ImGui::SameLine();
  }
  if (c.do_not_chase) {
    forms::badge("Ne pas relancer", ImVec4(0.90f, 0.90f, 0.90f, 1));
    ImGui::SameLine();
  }
  if (t && t->late > 0) {
    forms::badge("En retard", ImVec4(0.99f, 0.90f, 0.78f, 1));
    ImGui::SameLine();
  }
  ImGui::NewLine();
}

// [SECTION] The list --------------------------------------------------------------

void right_aligned(const std::string& text, ImVec4* color = nullptr) {
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, *color);
  ui::text(text.c_str());
  if (color) ImGui::PopStyleColor();
}

void draw_list(ClientsUi& s, App& app) {
  const Ledger& l = app.ws.ledger();
  if (ui::button("Nouveau client")) {
    clients::start_new(s.form, l);
    s.selected = 0;
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(13)));
  ImGui::InputTextWithHint("##recherche-clients", "Rechercher (nom, contact, e-mail)", &s.search);
  ui::track_text("Rechercher##clients", s.search);
  ui::same_line_if_fits("Professionnels.....");
  ImGui::SetNextItemWidth(ui::em(7.5f));
  static const char* const kKinds[] = {"Tous", "Professionnels", "Particuliers"};
  semantics::next_combo("Type de client", kKinds[s.kind]);
  if (ImGui::BeginCombo("##type-clients", kKinds[s.kind])) {
    for (int i = 0; i < 3; ++i)
      if (ui::selectable((std::string(kKinds[i]) + "##type-clients").c_str(), i == s.kind)) s.kind = i;
    ImGui::EndCombo();
  }
  ui::track("Type##clients");
  refresh_list(s, app);
  ui::text_disabled("%zu client%s", s.rows.size(), s.rows.size() > 1 ? "s" : "");

  const bool compact = ImGui::GetContentRegionAvail().x < ui::em(34);
  const int ncols = compact ? 2 : 5;
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(compact ? "##clients-compact" : "##clients", ncols, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Nom", ImGuiTableColumnFlags_DefaultSort, 2.2f, 0);
  if (!compact) ImGui::TableSetupColumn("Type", ImGuiTableColumnFlags_NoSort, 0.9f, 3);
  ImGui::TableSetupColumn("Encours", ImGuiTableColumnFlags_PreferSortDescending, 1.0f, 1);
  if (!compact) {
    ImGui::TableSetupColumn("En retard", ImGuiTableColumnFlags_PreferSortDescending, 1.0f, 2);
    ImGui::TableSetupColumn("Suivi", ImGuiTableColumnFlags_NoSort, 1.6f, 4);
  }
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      s.sort_column = static_cast<int>(specs->Specs[0].ColumnUserID);
      s.sort_descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    specs->SpecsDirty = false;
    refresh_list(s, app);
  }
  const float line = ImGui::GetTextLineHeight();
  const float inner = compact ? 2 * line + ImGui::GetStyle().ItemSpacing.y : ImGui::GetFrameHeight();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(s.rows.size()), inner + 2 * ImGui::GetStyle().CellPadding.y);
  ImVec4 red = forms::error_color();
  while (clipper.Step())
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::uint32_t i = s.rows[static_cast<std::size_t>(r)];
      const Client& c = l.clients[i];
      const ClientTotals& t = s.totals[i];
      ImGui::TableNextRow(ImGuiTableRowFlags_None, inner);
      ImGui::TableSetColumnIndex(0);
      const ImVec2 start = ImGui::GetCursorPos();
      const std::string key = "##client-" + std::to_string(c.id);
      if (ImGui::Selectable(key.c_str(), false, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                            ImVec2(0, inner))) {
        s.selected = c.id;
        s.form.open = false;
      }
      ui::track(c.name + key);
      ImGui::SetCursorPos(start);
      if (compact) {
        ui::text(c.name.c_str());
        std::string sub = label_fr(c.kind);
        if (c.bad_payer) sub += " \u00b7 mauvais payeur";
        if (c.do_not_chase) sub += " \u00b7 ne pas relancer";
        ui::text_disabled("%s", sub.c_str());
        ImGui::TableSetColumnIndex(1);
        right_aligned(t.open ? forms::eur(t.open) : std::string("\u2014"));
        if (t.late) right_aligned("dont " + forms::eur(t.late) + " en retard", &red);
        continue;
      }
      ImGui::AlignTextToFramePadding();
      ui::text(c.name.c_str());
      ImGui::TableSetColumnIndex(1);
      ImGui::AlignTextToFramePadding();
      ui::text(label_fr(c.kind));
      ImGui::TableSetColumnIndex(2);
      ImGui::AlignTextToFramePadding();
      right_aligned(t.open ? forms::eur(t.open) : std::string("\u2014"));
      ImGui::TableSetColumnIndex(3);
      ImGui::AlignTextToFramePadding();
      if (t.late) right_aligned(forms::eur(t.late), &red);
      ImGui::TableSetColumnIndex(4);
      if (c.bad_payer) {
        forms::badge("Mauvais payeur", ImVec4(0.99f, 0.84f, 0.82f, 1));
        ImGui::SameLine();
      }
      if (c.do_not_chase) forms::badge("Ne pas relancer", ImVec4(0.90f, 0.90f, 0.90f, 1));
    }
  if (s.rows.empty()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::text_disabled(l.clients.empty() ? "Aucun client pour l’instant." : "Aucun client ne correspond.");
  }
  ImGui::EndTable();
}

// [SECTION] The client page ----------------------------------------------------------

void details_card(App& app, const Client& c) {
  const Ledger& l = app.ws.ledger();
  forms::begin_card("##coordonnees");
  ui::heading("Coordonnées");
  if (!c.contact.empty()) forms::label_value("Contact :", c.contact);
  forms::label_value("E-mail :", c.email.empty() ? std::string("\u2014 (pas d’e-mail : relances par courrier)") : c.email);
  forms::label_value("Téléphone :", c.phone.empty() ? std::string("\u2014") : c.phone);
  std::string address = c.address.line1;
  for (const std::string* part : {&c.address.line2})
    if (!part->empty()) address += ", " + *part;
  if (!c.address.postcode.empty() || !c.address.city.empty())
    address += (address.empty() ? "" : ", ") + c.address.postcode + " " + c.address.city;
  if (!c.address.country.empty()) address += ", " + c.address.country;
  forms::label_value("Adresse :", address.empty() ? std::string("\u2014") : address);
  if (!c.siren.empty()) forms::label_value("SIREN :", c.siren);
  if (!c.vat_number.empty()) forms::label_value("N° de TVA :", c.vat_number);
  forms::label_value("Délai de paiement :", describe_terms(c.terms));
  for (const std::string& w : terms_warnings(c.terms, c.kind, jurisdiction(l))) forms::warning_text(w);
  const Chain* chain = chain_for(l, c);
  forms::label_value("Scénario de relance :", chain ? chain->name : std::string("aucun"));
  if (!c.notes.empty()) forms::label_value("Notes :", c.notes);
  forms::end_card();
}

// Tenths of a day, French style: "3,5 jours", "-0,5 jour" (paid early).
std::string tenths_days(int x10) {
  const int a = std::abs(x10);
  std::string s = x10 < 0 ? "-" : "";
  s += std::to_string(a / 10);
  if (a % 10) {
    s += ',';
    s += std::to_string(a % 10);
  }
  s += a >= 20 ? " jours" : " jour";
  return s;
}

void behaviour_card(ClientsUi& s, App& app, const Client& c) {
  const ClientReport* r = client_report(s, app, c.id);
  forms::begin_card("##comportement");
  ui::heading("Comportement de paiement");
  ui::track("Comportement de paiement");
  if (!r) {
    ui::note("Rien à signaler : aucune facture en cours ni payée dans les 12 derniers mois.");
    forms::end_card();
    return;
  }
  forms::label_value("Encours :", forms::eur(r->open_balance) + " (" + std::to_string(r->open_invoices) + " facture" +
                                      (r->open_invoices > 1 ? "s" : "") + ")");
  if (r->late_invoices)
    forms::label_value("Dont en retard :", std::to_string(r->late_invoices) + " facture" + (r->late_invoices > 1 ? "s" : "") +
                                               ", jusqu’à " + std::to_string(r->max_days_late) + " jours, en moyenne " +
                                               tenths_days(r->avg_days_late_open_x10));
  if (r->paid_invoices) {
    forms::label_value("Payées sur 12 mois :", std::to_string(r->paid_invoices) + " facture" +
                                                   (r->paid_invoices > 1 ? "s" : "") + ", dont " +
                                                   std::to_string(r->paid_late_invoices) + " en retard");
    forms::label_value("Retard moyen de paiement :", tenths_days(r->avg_days_late_paid_x10));
  }
  if (r->penalties_claimable)
    forms::label_value(c.kind == ClientKind::business ? "Pénalités et indemnités exigibles :" : "Intérêts exigibles :",
                       forms::eur(r->penalties_claimable));
  forms::end_card();
}

void statement_card(ClientsUi& s, App& app, const Client& c) {
  const Ledger& l = app.ws.ledger();
  const Date today = app.today_date();
  forms::begin_card("##releve");
  ui::heading("Relevé de compte");
  ui::track("Relevé de compte");
  if (s.page_open.empty()) {
    ui::note("Aucune facture en attente de paiement.");
  } else if (ImGui::BeginTable("##releve-table", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("Facture", 0, 1.4f);
    ImGui::TableSetupColumn("Échéance", 0, 1.0f);
    ImGui::TableSetupColumn("Reste dû", 0, 1.1f);
    ImGui::TableSetupColumn("Retard", 0, 0.8f);
    ImGui::TableHeadersRow();
    Cents total = 0;
    for (std::size_t i : s.page_open) {
      const Invoice& inv = l.invoices[i];
      const Cents b = balance(l, inv);
      total += b;
      const int late = days_late(l, inv, today);
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      if (ui::selectable((inv.number + "##releve-" + std::to_string(inv.id)).c_str(), false,
                         ImGuiSelectableFlags_SpanAllColumns))
        app.open_invoice(inv.id);
      ImGui::TableSetColumnIndex(1);
      ui::text(forms::date_fr(effective_due_date(l, inv)).c_str());
      ImGui::TableSetColumnIndex(2);
      ui::text(forms::eur(b).c_str());
      ImGui::TableSetColumnIndex(3);
      if (late > 0) forms::colored_text(forms::error_color(), std::to_string(late) + " j");
      else ui::text_disabled("à échoir");
    }
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::heading("Total");
    ImGui::TableSetColumnIndex(2);
    ui::heading(forms::eur(total));
    ImGui::EndTable();
  }
  if (ui::button("Télécharger le relevé (PDF)")) {
    LetterRequest r;
    r.client = c.id;
    r.type = LetterType::statement;
    r.today = today;
    auto letter = letter_content(l, r);
    if (letter) {
      // Made by the PDF module, downloaded when it arrives.
      app.notify("Préparation du PDF…");
      platform::make_pdf_in_worker(*letter, [&app, name = pdf_file_name("releve", c.name, today)](Result<std::string> pdf) {
        if (pdf) {
          platform::download_made(name, "application/pdf", *pdf);
          app.notify("Relevé de compte téléchargé.");
        } else {
          app.notify("Relevé impossible : le PDF n’a pas pu être préparé : " + pdf.error().what + ".", true);
        }
      });
    } else {
      app.notify("Relevé impossible : " + letter.error().what, true);
    }
  }
  forms::end_card();
}

void draw_page(ClientsUi& s, App& app, const Client& c) {
  refresh_list(s, app);
  refresh_page(s, app, c.id);
  if (ui::button("\u2039 Liste des clients")) {
    s.selected = 0;
    s.form.open = false;
    return;
  }
  ImGui::BeginChild("##client-page", ImVec2(0, 0), false);
  ImGui::PushFont(ui::fonts().bold);
  ui::text_wrapped("%s", c.name.c_str());
  ImGui::PopFont();
  ui::track("Nom##page-client");
  forms::badge(label_fr(c.kind), ImVec4(0.92f, 0.93f, 0.96f, 1));
  ImGui::SameLine();
  const std::size_t pos = client_pos(app.ws.ledger(), c.id);
  client_badges(c, pos < s.totals.size() ? &s.totals[pos] : nullptr);

  if (s.form.open && s.form.editing == c.id) {
    forms::begin_card("##edition");
    ui::heading("Modifier la fiche");
    clients::draw_form(app, s.form);
    forms::end_card();
    ImGui::EndChild();
    return;
  }
  if (ui::button("Modifier la fiche")) clients::start_edit(s.form, c);
  ui::same_line_if_fits("Nouvelle facture##client");
  if (ui::button("Nouvelle facture##client")) {
    app.navigate({Screen::invoices, 0, c.id, true});
  }
  ImGui::Spacing();

  details_card(app, c);
  behaviour_card(s, app, c);
  statement_card(s, app, c);

  const std::size_t total_invoices = pos < s.totals.size() ? static_cast<std::size_t>(s.totals[pos].invoices) : 0;
  if (ImGui::CollapsingHeader(("Toutes ses factures (" + std::to_string(total_invoices) + ")##client").c_str(),
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    InvoiceFilter filter;
    filter.client = c.id;
    const float rows = static_cast<float>(std::min<std::size_t>(std::max<std::size_t>(total_invoices, 1), 8));
    const float h = (rows + 1.5f) * (ImGui::GetTextLineHeight() * (ImGui::GetContentRegionAvail().x < ui::em(34) ? 2.4f : 1.0f) +
                                     2 * ImGui::GetStyle().CellPadding.y) +
                    ui::em(0.5f);
    const InvoiceId clicked = invoices::draw_table(app, s.invoices, s.invoices_sort, filter, "client-factures",
                                                   ImVec2(0, h), 0, nullptr);
    if (clicked) app.open_invoice(clicked);
  }
  if (ImGui::CollapsingHeader(("Historique (" + std::to_string(s.page_history.size()) + ")##client").c_str(),
                              ImGuiTreeNodeFlags_DefaultOpen)) {
    ui::track("Historique##client");
    if (s.page_history.empty()) ui::note("Aucune relance enregistrée.");
    invoices::history_list(app, s.page_history, "##historique-client");
  }
  ImGui::EndChild();
}

}  // namespace

// [SECTION] draw ----------------------------------------------------------------------

void draw(ClientsUi& s, App& app) {
  const Ledger& l = app.ws.ledger();
  if (s.form.open && s.form.editing == 0) {
    if (ui::button("\u2039 Liste des clients")) s.form.open = false;
    ImGui::BeginChild("##nouveau-client", ImVec2(0, 0), false);
    ui::heading("Nouveau client");
    clients::draw_form(app, s.form, [&s](ClientId id) { s.selected = id; });
    ImGui::EndChild();
    return;
  }
  if (s.selected) {
    if (const Client* c = find_client(l, s.selected)) {
      draw_page(s, app, *c);
      return;
    }
    s.selected = 0;
  }
  draw_list(s, app);
}

}  // namespace relance::ui_clients

namespace relance {

void ClientsScreen::draw() { ui_clients::draw(state_, *app_); }

void ClientsScreen::show(const Nav& nav) {
  state_.selected = nav.client;
  state_.form.open = false;
}

}  // namespace relance
