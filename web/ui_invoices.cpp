// Factures: every invoice, pro forma and credit note in one table sortable by
// each column and filterable by status, client, lateness and a search; a
// selected invoice opens its detail (beside the table on a wide screen, in
// place of it on a phone) with every action on it.
//
// Frame cost: the rows are derived, filtered and sorted by InvoiceTable only
// when the ledger, the day, the sort or the filter change; each frame draws
// the visible rows alone (ImGuiListClipper).
//
// [SECTION] Contents
// - The table (shared with the client page)
// - Filters
// - draw
#include <algorithm>

#include "core/text.h"
#include "imgui_internal.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/invoices_detail.h"
#include "web/invoices_form.h"
#include "web/invoices_import.h"
#include "web/settings_sections.h"
#include "web/semantics.h"
#include "web/ui.h"

namespace relance {

namespace invoices {

// [SECTION] The table ----------------------------------------------------------

namespace {

void right_aligned(const std::string& text) {
  const float w = ImGui::CalcTextSize(text.c_str()).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (avail > w) ImGui::SetCursorPosX(ImGui::GetCursorPosX() + avail - w);
  ui::text(text.c_str());
}

std::string row_title(const Invoice& inv) {
  if (!inv.number.empty()) return inv.number;
  return (inv.kind == InvoiceKind::proforma ? "Pro forma n\u00b0" : "Brouillon n\u00b0") + std::to_string(inv.id);
}

const char* client_name(const Ledger& l, ClientId id) {
  const Client* c = find_client(l, id);
  return c ? c->name.c_str() : "?";
}

}  // namespace

InvoiceId draw_table(App& app, InvoiceTable& table, InvoiceSort& sort, const InvoiceFilter& filter, const char* id,
                     ImVec2 size, InvoiceId selected, bool* scroll_to_selected) {
  const Ledger& l = app.ws.ledger();
  const bool compact = (size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x) < ui::em(34);
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingStretchProp;
  InvoiceId clicked = 0;
  const std::string table_id = std::string(id) + (compact ? "-compact" : "");
  struct Col {
    const char* name;
    InvoiceColumn column;
    float weight;
    bool right;
  };
  static const Col wide[] = {
      {"Numéro", InvoiceColumn::number, 1.1f, false},      {"Client", InvoiceColumn::client, 1.8f, false},
      {"Date", InvoiceColumn::issue_date, 0.9f, false},     {"Échéance", InvoiceColumn::due_date, 0.9f, false},
      {"TTC", InvoiceColumn::ttc, 1.0f, true},              {"Reste dû", InvoiceColumn::balance, 1.0f, true},
      {"Retard (j)", InvoiceColumn::days_late, 0.7f, true}, {"Statut", InvoiceColumn::status, 1.1f, false},
      {"Prochaine relance", InvoiceColumn::next_step, 1.6f, false},
  };
  // On a phone the first column shows the number and the client; it sorts by
  // date (numbers follow dates), newest first as on a wide screen.
  static const Col narrow[] = {
      {"Facture", InvoiceColumn::issue_date, 1.6f, false},
      {"Reste dû", InvoiceColumn::balance, 1.0f, true},
      {"Retard", InvoiceColumn::days_late, 0.9f, true},
  };
  const Col* cols = compact ? narrow : wide;
  const int ncols = compact ? 3 : 9;
  if (!ImGui::BeginTable(table_id.c_str(), ncols, flags, size)) return 0;
  ImGui::TableSetupScrollFreeze(0, 1);
  for (int i = 0; i < ncols; ++i) {
    ImGuiTableColumnFlags cf = ImGuiTableColumnFlags_WidthStretch;
    if (cols[i].column == InvoiceColumn::issue_date) cf |= ImGuiTableColumnFlags_DefaultSort;
    if (cols[i].column == InvoiceColumn::issue_date || cols[i].column == InvoiceColumn::ttc ||
        cols[i].column == InvoiceColumn::balance || cols[i].column == InvoiceColumn::days_late)
      cf |= ImGuiTableColumnFlags_PreferSortDescending;
    ImGui::TableSetupColumn(cols[i].name, cf, cols[i].weight, static_cast<ImGuiID>(cols[i].column));
  }
  // Headers one by one, so that each is tracked (tests click them to sort).
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < ncols; ++i) {
    ImGui::TableSetColumnIndex(i);
    ImGui::TableHeader(cols[i].name);
    ui::track(std::string(cols[i].name) + "##col-" + id);
  }
  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
    if (specs->SpecsCount > 0) {
      sort.column = static_cast<InvoiceColumn>(specs->Specs[0].ColumnUserID);
      sort.descending = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
    }
    specs->SpecsDirty = false;
  }
  // Once per change, never per frame (see InvoiceTable).
  table.update(l, app.ws.revision(), app.today_date(), sort, filter);
  const std::vector<std::uint32_t>& rows = table.rows();

  const float line = ImGui::GetTextLineHeight();
  const float row_h = (compact ? 2 * line + ImGui::GetStyle().ItemSpacing.y : line) + 2 * ImGui::GetStyle().CellPadding.y;
  if (scroll_to_selected && *scroll_to_selected) {
    *scroll_to_selected = false;
    const int pos = table.position_of(l, selected);
    if (pos >= 0) {
      const float y = pos * row_h;
      const float view = ImGui::GetWindowHeight() - row_h * 2;
      if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + view) ImGui::SetScrollY(std::max(0.0f, y - view / 2));
    }
  }
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()), row_h);
  while (clipper.Step()) {
    for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
      const std::uint32_t index = rows[static_cast<std::size_t>(r)];
      const Invoice& inv = l.invoices[index];
      const InvoiceRow& d = table.row(index);
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h - 2 * ImGui::GetStyle().CellPadding.y);
      ImGui::TableSetColumnIndex(0);
      const std::string title = row_title(inv);
      const std::string key = "##inv-" + std::to_string(inv.id);
      const ImVec2 start = ImGui::GetCursorPos();
      if (ImGui::Selectable(key.c_str(), inv.id == selected,
                            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                            ImVec2(0, row_h - 2 * ImGui::GetStyle().CellPadding.y)))
        clicked = inv.id;
      ui::track(title + key);
      ImGui::SetCursorPos(start);
      const bool late = d.overdue;
      if (compact) {
        ui::text(title.c_str());
        ui::text_disabled("%s", client_name(l, inv.client));
        ImGui::TableSetColumnIndex(1);
        right_aligned(forms::eur(d.balance));
        ImGui::PushStyleColor(ImGuiCol_Text, forms::muted_color());
        right_aligned(label_fr(d.status));
        ImGui::PopStyleColor();
        ImGui::TableSetColumnIndex(2);
        if (d.open) {
          if (late) ImGui::PushStyleColor(ImGuiCol_Text, forms::error_color());
          right_aligned(late ? std::to_string(d.days_late) + " j" : "à échoir");
          if (late) ImGui::PopStyleColor();
        }
        continue;
      }
      ui::text(title.c_str());
      ImGui::TableSetColumnIndex(1);
      ui::text(client_name(l, inv.client));
      ImGui::TableSetColumnIndex(2);
      ui::text(inv.issue_date.ok() ? to_fr(inv.issue_date).c_str() : "");
      ImGui::TableSetColumnIndex(3);
      ui::text(inv.due_date.ok() ? to_fr(inv.due_date).c_str() : "");
      ImGui::TableSetColumnIndex(4);
      right_aligned(forms::eur(inv.kind == InvoiceKind::credit_note ? -inv.ttc : inv.ttc));
      ImGui::TableSetColumnIndex(5);
      if (inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued) right_aligned(forms::eur(d.balance));
      ImGui::TableSetColumnIndex(6);
      if (d.open) {
        if (late) ImGui::PushStyleColor(ImGuiCol_Text, forms::error_color());
        right_aligned(std::to_string(d.days_late));
        if (late) ImGui::PopStyleColor();
      }
      ImGui::TableSetColumnIndex(7);
      ui::text(label_fr(d.status));
      ImGui::TableSetColumnIndex(8);
      if (d.next_chain >= 0) {
        const std::string next = next_step_text(l, d);
        if (d.next_planned <= app.today_date()) ui::text(next.c_str());
        else ui::text_disabled("%s", next.c_str());
      }
    }
  }
  if (rows.empty()) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::text_disabled(l.invoices.empty() ? "Aucune facture." : "Aucune facture ne correspond.");
  }
  ImGui::EndTable();
  return clicked;
}

}  // namespace invoices

namespace ui_invoices {

namespace {

// [SECTION] Filters --------------------------------------------------------------

void sync_client_names(InvoicesUi& s, App& app) {
  if (s.clients_revision == app.ws.revision()) return;
  s.clients_revision = app.ws.revision();
  const Ledger& l = app.ws.ledger();
  std::vector<std::pair<std::string, ClientId>> named;
  for (const Client& c : l.clients) named.emplace_back(c.name, c.id);
  std::sort(named.begin(), named.end());
  s.client_names = {"Tous les clients"};
  s.client_ids = {0};
  for (auto& [n, id] : named) {
    s.client_names.push_back(n);
    s.client_ids.push_back(id);
  }
  // Keep the filter on the same client when the list moves.
  s.client_filter_index = 0;
  for (std::size_t i = 0; i < s.client_ids.size(); ++i)
    if (s.client_ids[i] == s.filter.client) s.client_filter_index = static_cast<int>(i);
  if (s.client_filter_index == 0) s.filter.client = 0;
}

// The clients combo: thousands of names, so the list is clipped.
void client_filter(InvoicesUi& s) {
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(11)));
  semantics::next_combo("Client", s.client_names[static_cast<std::size_t>(s.client_filter_index)]);
  const bool open = ImGui::BeginCombo("##filtre-client", s.client_names[static_cast<std::size_t>(s.client_filter_index)].c_str(),
                                      ImGuiComboFlags_HeightLarge);
  ui::track("Client##filtre");
  if (!open) return;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(s.client_names.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i)
      if (ui::selectable((s.client_names[static_cast<std::size_t>(i)] + "##filtre-client-" + std::to_string(i)).c_str(),
                         i == s.client_filter_index)) {
        s.client_filter_index = i;
        s.filter.client = s.client_ids[static_cast<std::size_t>(i)];
      }
  ImGui::EndCombo();
}

void draw_filters(InvoicesUi& s, App& app) {
  sync_client_names(s, app);
  if (ui::button("Nouvelle facture")) {
    invoices::start_new(s.draft, s.filter.client, app.today_date());
    s.selected = 0;
  }
  ui::same_line_if_fits("Importer des factures \u00e9lectroniques");
  if (ui::button("Importer des factures \u00e9lectroniques")) invoices::pick_einvoices(app);
  // A bank statement to reconcile (ui_bank.cpp); a shorter label on a phone keeps it on this row.
  const char* statement = forms::narrow() ? "Relev\u00e9 bancaire\u2026##factures" : "Importer un relev\u00e9 bancaire\u2026";
  ui::same_line_if_fits(statement);
  if (ui::button(statement)) settings::pick(app.screens.settings.state(), FileWant::bank);
  ui::same_line_if_fits("Rechercher (numéro, client, libellé).....");
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(13)));
  ImGui::InputTextWithHint("##recherche-factures", "Rechercher (numéro, client, libellé)", &s.filter.search);
  ui::track_text("Rechercher##factures", s.filter.search);

  static const char* const kStatusNames[] = {"Tous les statuts", "À encaisser",   "Brouillons", "Pro forma",
                                             "Émises",           "Payées en partie", "Payées",  "Contestées",
                                             "Annulées",         "Passées en perte", "Avoirs"};
  static const int kStatusValues[] = {kAnyStatus,
                                      kOpenStatus,
                                      static_cast<int>(InvoiceStatus::draft),
                                      static_cast<int>(InvoiceStatus::proforma),
                                      static_cast<int>(InvoiceStatus::issued),
                                      static_cast<int>(InvoiceStatus::partly_paid),
                                      static_cast<int>(InvoiceStatus::paid),
                                      static_cast<int>(InvoiceStatus::disputed),
                                      static_cast<int>(InvoiceStatus::cancelled),
                                      static_cast<int>(InvoiceStatus::written_off),
                                      static_cast<int>(InvoiceStatus::credit_note)};
  int status_index = 0;
  for (int i = 0; i < static_cast<int>(std::size(kStatusValues)); ++i)
    if (kStatusValues[i] == s.filter.status) status_index = i;
  ui::same_line_if_fits("Payées en partie....");
  ImGui::SetNextItemWidth(ui::em(8.5f));
  semantics::next_combo("Statut", kStatusNames[status_index]);
  if (ImGui::BeginCombo("##filtre-statut", kStatusNames[status_index])) {
    for (int i = 0; i < static_cast<int>(std::size(kStatusValues)); ++i)
      if (ui::selectable((std::string(kStatusNames[i]) + "##filtre-statut").c_str(), i == status_index))
        s.filter.status = kStatusValues[i];
    ImGui::EndCombo();
  }
  ui::track("Statut##filtre");
  ui::same_line_if_fits("Tous les clients.........");
  client_filter(s);
  ui::same_line_if_fits("[] En retard seulement");
  ui::checkbox("En retard seulement", &s.filter.overdue);
}

void draw_totals(InvoicesUi& s) {
  const InvoiceTable& t = s.table;
  const std::size_t n = t.rows().size();
  std::string text = std::to_string(n) + (n > 1 ? " documents" : " document");
  if (t.total_balance() != 0) text += " \u00b7 reste dû " + forms::eur(t.total_balance());
  ui::text_disabled("%s", text.c_str());
  ui::track("Totaux##factures");
}

void draw_panel(InvoicesUi& s, App& app) {
  if (s.draft.open && s.draft.editing == 0) {
    ui::heading("Nouvelle facture");
    ui::note("Un brouillon n’a pas encore de numéro : il le reçoit quand vous l’émettez. Un pro forma a sa propre "
             "numérotation.");
    invoices::draw_draft_form(app, s.draft, [&s](InvoiceId id) {
      s.selected = id;
      s.scroll_to_selected = true;
    });
    return;
  }
  invoices::draw_detail(s, app, s.selected);
}

}  // namespace

// [SECTION] draw ------------------------------------------------------------------

void draw(InvoicesUi& s, App& app) {
  if (s.import.open) {
    invoices::draw_einvoice_import(s, app);
    return;
  }
  const Ledger& l = app.ws.ledger();
  if (s.selected && !find_invoice(l, s.selected)) s.selected = 0;
  if (s.draft.open && s.draft.editing && !find_invoice(l, s.draft.editing)) s.draft.open = false;
  const bool panel = (s.draft.open && s.draft.editing == 0) || s.selected != 0;
  const float width = ImGui::GetContentRegionAvail().x;
  const bool split = width >= ui::em(62);

  if (panel && !split) {
    // A phone or a small window: the detail takes the whole width.
    if (ui::button("\u2039 Liste des factures")) {
      s.selected = 0;
      s.draft.open = false;
      s.scroll_to_selected = true;
    }
    ImGui::Separator();
    ImGui::BeginChild("##facture-detail", ImVec2(0, 0), false);
    draw_panel(s, app);
    ImGui::EndChild();
    return;
  }

  const float panel_w = panel ? std::min(ui::em(30), width * 0.45f) : 0.0f;
  ImGui::BeginGroup();
  ImGui::PushID("##liste");
  const float list_w = panel ? width - panel_w - ImGui::GetStyle().ItemSpacing.x : width;
  ImGui::BeginChild("##liste-factures", ImVec2(list_w, 0), false, ImGuiWindowFlags_NoScrollbar);
  draw_filters(s, app);
  draw_totals(s);
  const InvoiceId clicked = invoices::draw_table(app, s.table, s.sort, s.filter, "factures", ImVec2(0, 0), s.selected,
                                                 &s.scroll_to_selected);
  if (clicked) {
    s.selected = clicked;
    s.draft.open = false;
  }
  ImGui::EndChild();
  ImGui::PopID();
  ImGui::EndGroup();
  if (panel) {
    ImGui::SameLine();
    ImGui::BeginChild("##facture-detail", ImVec2(0, 0), true);
    if (ui::button("Fermer##detail")) {
      s.selected = 0;
      s.draft.open = false;
    }
    draw_panel(s, app);
    ImGui::EndChild();
  }
}

}  // namespace ui_invoices

void InvoicesScreen::draw() { ui_invoices::draw(state_, *app_); }

void InvoicesScreen::receive_einvoice(platform::OpenedFile file) {
  invoices::add_einvoice_file(state_.import, std::move(file));
  app_->navigate({Screen::invoices});
}

void InvoicesScreen::show(const Nav& nav) {
  InvoicesUi& s = state_;
  s.selected = nav.invoice;
  s.draft.open = false;
  s.scroll_to_selected = true;
  if (nav.new_invoice) invoices::start_new(s.draft, nav.client, app_->today_date());
  // Shown even when the current filter would hide it.
  if (const Invoice* inv = find_invoice(app_->ws.ledger(), nav.invoice)) {
    InvoiceFilter& f = s.filter;
    if (f.client != 0 && f.client != inv->client) f.client = 0;
  }
}

}  // namespace relance
