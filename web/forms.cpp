#include "web/forms.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/input.h"
#include "core/text.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/platform.h"
#include "web/semantics.h"
#include "web/ui.h"

namespace relance::forms {

// [SECTION] Colours ------------------------------------------------------------

ImVec4 error_color() { return ImVec4(0.70f, 0.10f, 0.10f, 1.0f); }
ImVec4 warning_color() { return ImVec4(0.58f, 0.36f, 0.0f, 1.0f); }
ImVec4 ok_color() { return ImVec4(0.09f, 0.45f, 0.22f, 1.0f); }
ImVec4 muted_color() { return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled); }

// [SECTION] Text ----------------------------------------------------------------

void colored_text(ImVec4 color, std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ui::text(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ui::track(text);
}

void error_text(std::string_view text) {
  colored_text(error_color(), text);
  semantics::mark_last_error();
}
void warning_text(std::string_view text) { colored_text(warning_color(), text); }
void ok_text(std::string_view text) { colored_text(ok_color(), text); }

void badge(std::string_view text, ImVec4 background, ImVec4 ink) {
  const ImVec2 pad = ui::em(0.3f, 0.05f);
  const ImVec2 size = ImGui::CalcTextSize(text.data(), text.data() + text.size());
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float frame_h = ImGui::GetFrameHeight();
  const float y = p.y + (frame_h - size.y) * 0.5f - pad.y;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + size.x + pad.x * 2, y + size.y + pad.y * 2),
                    ImGui::ColorConvertFloat4ToU32(background), ui::em(0.3f));
  dl->AddText(ImVec2(p.x + pad.x, y + pad.y), ImGui::ColorConvertFloat4ToU32(ink), text.data(),
              text.data() + text.size());
  ImGui::Dummy(ImVec2(size.x + pad.x * 2, frame_h));
  semantics::record_text(text);
}

void label_value(std::string_view label, std::string_view value) {
  ImGui::PushStyleColor(ImGuiCol_Text, muted_color());
  ui::text(label.data(), label.data() + label.size());
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ui::text(value.data(), value.data() + value.size());
  ImGui::PopTextWrapPos();
}

std::string capitalized(std::string_view text) {
  std::string s(text);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  else if (s.rfind("\xC3\xA9", 0) == 0) s.replace(0, 2, "\xC3\x89");  // é → É
  return s;
}

// [SECTION] Errors ----------------------------------------------------------------

namespace {
bool matches(std::string_view where, std::string_view key) {
  if (where == key) return true;
  return where.size() > key.size() && where.substr(0, key.size()) == key &&
         (where[key.size()] == '.' || where[key.size()] == '[');
}
}  // namespace

namespace {
// The error a field has just shown under itself (amount_field, date_field):
// an Errors entry with the same message right after it is not said twice.
struct FieldError {
  std::string message;
  int frame = -1;
  ImGuiID input = 0;
};
FieldError g_field_error;
}  // namespace

void Errors::set(const Error& e) {
  if (!(entries_.size() == 1 && entries_[0].key == e.where && entries_[0].message == e.what)) reveal_ = true;
  entries_.clear();
  entries_.push_back({e.where, e.what});
}

void Errors::set(std::string key, std::string message) {
  for (Entry& e : entries_)
    if (e.key == key) {
      if (e.message != message) reveal_ = true;
      e.message = std::move(message);
      return;
    }
  reveal_ = true;
  entries_.push_back({std::move(key), std::move(message)});
}

void Errors::draw(const Entry& e, std::string text) const {
  const bool said = g_field_error.frame == ImGui::GetFrameCount() && g_field_error.message == e.message &&
                    g_field_error.input == ui::last_input().id;
  if (reveal_) reveal(true);
  if (!said) error_text(text);
  e.shown = true;
}

void Errors::reveal(bool under_field) const {
  reveal_ = false;
  if (ImGui::GetIO().WantTextInput) return;  // typing: never take the field away
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  // The text field just above (its label included), when it is this one's.
  const ui::InputInfo& in = ui::last_input();
  const ImVec2 last_min = ImGui::GetItemRectMin(), last_max = ImGui::GetItemRectMax();
  const bool field_above = under_field && in.frame == ImGui::GetFrameCount() && last_min.y - in.max.y < ui::em(3.0f) &&
                           last_min.y >= in.min.y;
  ImRect target(last_min, last_max);
  if (field_above) {
    target = ImRect(ImVec2(in.min.x, in.min.y - ui::em(1.2f)), ImVec2(in.max.x, std::max(in.max.y, last_max.y)));
    ui::focus_input(in.id);
  }
  // Room for the error under it too.
  target.Max.y += ui::em(1.5f);
  ImGui::ScrollToRect(window, target, ImGuiScrollFlags_KeepVisibleEdgeY);
}

const std::string* Errors::find(std::string_view key) const {
  for (const Entry& e : entries_)
    if (e.key == key) return &e.message;
  return nullptr;
}

void Errors::show(std::string_view key) const {
  for (const Entry& e : entries_)
    if (e.key == key) draw(e, capitalized(e.message));
}

void Errors::show_under(std::initializer_list<std::string_view> keys) const {
  for (const Entry& e : entries_)
    for (std::string_view k : keys)
      if (matches(e.key, k)) {
        draw(e, capitalized(e.message));
        break;
      }
}

void Errors::summary(const char* track_label) const {
  bool drawn = false;
  for (const Entry& e : entries_) {
    if (e.shown) {
      e.shown = false;  // for the next frame
      continue;
    }
    const std::string name = field_name(e.key);
    error_text(name.empty() ? capitalized(e.message) : name + " : " + e.message);
    if (reveal_) reveal(false);
    drawn = true;
  }
  if (drawn) ui::track(track_label);
}

std::string field_name(std::string_view where) {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"client.name", "Nom"},
      {"client.email", "E-mail"},
      {"client.phone", "Téléphone"},
      {"client.terms.days", "Délai de paiement"},
      {"client.chain_id", "Scénario de relance"},
      {"client.siren", "SIREN"},
      {"client.vat_number", "N° de TVA"},
      {"invoice.client", "Client"},
      {"invoice.label", "Libellé"},
      {"invoice.ht", "Montant HT"},
      {"invoice.vat", "TVA"},
      {"invoice.ttc", "Montant TTC"},
      {"invoice.issue_date", "Date de facture"},
      {"invoice.due_date", "Échéance"},
      {"invoice.number", "Numéro"},
      {"invoice.payments", "Paiements"},
      {"payment.date", "Date du paiement"},
      {"payment.amount", "Montant"},
      {"promise.promised_for", "Date promise"},
      {"plan", "Échéancier"},
      {"date", "Date"},
      {"date d'émission", "Date d’émission"},
      {"motif", "Motif"},
      {"montant de l'avoir", "Montant de l’avoir"},
      {"date de l'avoir", "Date de l’avoir"},
      {"numéro", "Numéro"},
      {"action", "Historique"},
      {"action.step", "Étape"},
      {"action.invoices", "Factures"},
      {"stockage", "Enregistrement"},
      {"company.name", "Nom de l’entreprise"},
  };
  auto it = names.find(where);
  if (it != names.end()) return it->second;
  // "plan[2].due" and the like: the list's name.
  for (const auto& [key, name] : names)
    if (matches(where, key)) return name;
  // An invoice reference ("F-2026-0001", "brouillon n°3") names the document.
  if (!where.empty() && where.find('.') == std::string_view::npos) return std::string(where);
  return {};
}

// [SECTION] Fields ------------------------------------------------------------------

bool text_field(const char* label, std::string* value, const Errors& errors, std::string_view key,
                float max_width_em, ImGuiInputTextFlags flags) {
  const bool changed = ui::field(label, value, max_width_em, flags);
  errors.show(key);
  return changed;
}

AmountInput parse_amount_fr(std::string_view text) {
  AmountInput in;
  in.empty = trim(text).empty();
  if (in.empty) return in;
  AmountParse p = parse_amount(text, AmountStyle::french);
  if (p.value) in.value = *p.value;
  else in.error = p.error.empty() ? "montant invalide" : p.error;
  return in;
}

namespace {
void field_error(const std::string& message, std::string text) {
  g_field_error = {message, ImGui::GetFrameCount(), ui::last_input().id};
  error_text(text);
}
}  // namespace

void field_error(const std::string& message) { field_error(message, capitalized(message) + "."); }

AmountInput amount_field(const char* label, std::string* text, float max_width_em) {
  ui::next_keyboard(ui::Keyboard::decimal);
  ui::field(label, text, max_width_em);
  AmountInput in = parse_amount_fr(*text);
  if (!in.error.empty()) field_error(in.error, capitalized(in.error) + " (ex. : 1 234,56)");
  return in;
}

DateInput parse_date_fr(std::string_view text, Date today) {
  DateInput in;
  in.empty = trim(text).empty();
  if (in.empty) return in;
  if (!today.ok()) today = parse_iso_date(platform::today_iso()).value_or(Date());
  relance::DateInput d = parse_date_input(text, today);
  if (d.date.ok()) in.value = d.date;
  else in.error = d.error.empty() ? "date attendue au format jj/mm/aaaa" : d.error;
  return in;
}

namespace {

const char* const kMonthsFr[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                 "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

// The calendar under a date field: a month of day buttons (weeks from
// Monday), ‹ › to change month; a day picked is written in the field as
// jj/mm/aaaa. Tracked as "Calendrier##<label>", each day as "<d>##<label>".
void date_picker(const char* label, std::string* text) {
  ImGui::SameLine();
  ImGui::PushID(label);
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID month_key = ImGui::GetID("##mois");
  const std::string open_label = std::string("Calendrier##") + label;
  const bool clicked = ImGui::Button("Calendrier");
  ui::track(open_label);
  if (clicked) {
    DateInput in = parse_date_fr(*text);
    Date shown = in.value.value_or(parse_iso_date(platform::today_iso()).value_or(Date::from_ymd(2026, 1, 1)));
    st->SetInt(month_key, shown.year() * 12 + shown.month() - 1);
    ImGui::OpenPopup("##calendrier");
  }
  if (ImGui::BeginPopup("##calendrier")) {
    int ym = st->GetInt(month_key, 0);
    const int year = ym / 12, month = ym % 12 + 1;
    if (ImGui::ArrowButton("##avant", ImGuiDir_Left)) st->SetInt(month_key, ym - 1);
    semantics::name_last("Mois pr\u00e9c\u00e9dent");
    ui::track(std::string("Mois précédent##") + label);
    ImGui::SameLine();
    const std::string title = std::string(kMonthsFr[month - 1]) + " " + std::to_string(year);
    ui::text(title.c_str());
    ui::track_text(std::string("Mois##") + label, title);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##apres", ImGuiDir_Right)) st->SetInt(month_key, ym + 1);
    semantics::name_last("Mois suivant");
    ui::track(std::string("Mois suivant##") + label);
    const Date first = Date::from_ymd(year, month, 1);
    const std::optional<Date> picked = parse_date_fr(*text).value;
    const float cell = ImGui::GetFrameHeight() * 1.25f;
    if (first.ok() && ImGui::BeginTable("##jours", 7, ImGuiTableFlags_SizingFixedSame)) {
      for (const char* d : {"lu", "ma", "me", "je", "ve", "sa", "di"}) {
        ImGui::TableNextColumn();
        ui::text_disabled("%s", d);
      }
      for (int i = 0; i < first.weekday(); ++i) ImGui::TableNextColumn();
      const int days = days_in_month(year, month);
      for (int d = 1; d <= days; ++d) {
        ImGui::TableNextColumn();
        const Date day = first + (d - 1);
        const std::string day_label = std::to_string(d) + "##" + label;
        const bool selected = picked && *picked == day;
        if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button((std::to_string(d) + "##jour").c_str(), ImVec2(cell, 0))) {
          *text = to_fr(day);
          ImGui::CloseCurrentPopup();
        }
        if (selected) ImGui::PopStyleColor();
        ui::track(day_label);
      }
      ImGui::EndTable();
    }
    ImGui::EndPopup();
  }
  ImGui::PopID();
}

}  // namespace

DateInput date_field(const char* label, std::string* text, float max_width_em) {
  ui::next_keyboard(ui::Keyboard::date);
  ui::field(label, text, max_width_em);
  date_picker(label, text);
  DateInput in = parse_date_fr(*text);
  if (!in.error.empty()) field_error(in.error, capitalized(in.error));
  return in;
}

bool choice(const char* label, int* index, const std::vector<std::string>& items, float max_width_em) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  if (end != label) ui::text(label, end);
  ImGui::PushID(label);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(max_width_em)));
  const int count = static_cast<int>(items.size());
  const char* preview = (*index >= 0 && *index < count) ? items[static_cast<std::size_t>(*index)].c_str() : "";
  semantics::next_combo(label, preview);
  const bool open = ImGui::BeginCombo("##choice", preview);
  ui::track(label);
  // The id pushed above is the parent window's: while the list is open the
  // current window is the list's, so it is popped after EndCombo.
  if (!open) ImGui::PopID();
  bool changed = false;
  if (open) {
    // Each item tracked as "<item>##<label>" (automation picks it by either
    // name); the id keeps two items of the same text apart.
    const std::string suffix = std::string("##") + label;
    for (int i = 0; i < count; ++i) {
      const bool selected = i == *index;
      ImGui::PushID(i);
      if (ui::selectable((items[static_cast<std::size_t>(i)] + suffix).c_str(), selected)) {
        changed = *index != i;
        *index = i;
      }
      ImGui::PopID();
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
    ImGui::PopID();
  }
  return changed;
}

bool radio_row(const char* id, int* index, const std::vector<std::string>& items) {
  bool changed = false;
  ImGui::PushID(id);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      // Same line when the next button still fits.
      const float w = ImGui::CalcTextSize(items[i].c_str(), nullptr, true).x + ImGui::GetFrameHeight() +
                      ImGui::GetStyle().ItemInnerSpacing.x;
      const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      if (ImGui::GetItemRectMax().x + ui::em(1) + w <= right) ImGui::SameLine(0, ui::em(1));
    }
    if (ui::radio(items[i].c_str(), *index == static_cast<int>(i))) {
      changed = *index != static_cast<int>(i);
      *index = static_cast<int>(i);
    }
    ui::track(items[i]);
  }
  ImGui::PopID();
  return changed;
}

void tabs(int* index, const std::vector<std::string>& labels) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) ui::same_line_if_fits(labels[i].c_str());
    if (ui::tab_button(labels[i].c_str(), *index == static_cast<int>(i))) *index = static_cast<int>(i);
  }
  ImGui::Separator();
}

bool text_area(const char* label, std::string* text, float height_em) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  if (end != label) ui::text(label, end);
  ImGui::PushID(label);
  bool changed = ImGui::InputTextMultiline("##area", text, ImVec2(-FLT_MIN, ui::em(height_em)));
  ImGui::PopID();
  ui::track_text(label, *text);
  return changed;
}

// [SECTION] Save and cancel ---------------------------------------------------------

Action save_cancel(const char* save, const char* cancel, const Errors& errors, const char* errors_label) {
  Action a = Action::none;
  if (ui::button(save) || ui::take_enter()) a = Action::save;
  if (cancel) {
    ui::same_line_if_fits(cancel);
    if (ui::button(cancel)) a = Action::cancel;
  }
  errors.summary(errors_label);
  return a;
}

DraftAction draft_buttons(const char* save, const char* remove, bool is_new, bool dirty, const Errors& errors) {
  DraftAction a = DraftAction::none;
  if (ui::button(save) || ui::take_enter()) a = DraftAction::save;
  if (dirty && !is_new) {
    ui::same_line_if_fits("Annuler les modifications");
    if (ui::button("Annuler les modifications")) a = DraftAction::revert;
  }
  const char* last = is_new ? "Abandonner" : remove;
  ui::same_line_if_fits(last);
  if (ui::button(last)) a = is_new ? DraftAction::abandon : DraftAction::remove;
  errors.show("");
  return a;
}

// [SECTION] Layout ------------------------------------------------------------------

namespace {
struct Card {
  ImVec2 start;
  float width = 0;
};
std::vector<Card> g_cards;
}  // namespace

void begin_card(const char* id) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::PushID(id);
  g_cards.push_back({ImGui::GetCursorScreenPos(), ImGui::GetContentRegionAvail().x});
  const float pad = ui::em(0.6f);
  ImGui::Dummy(ImVec2(0, ui::em(0.15f)));
  ImGui::Indent(pad);
  ImGui::BeginGroup();
  const ImGuiWindow* w = ImGui::GetCurrentWindow();
  ImGui::PushTextWrapPos(g_cards.back().start.x + g_cards.back().width - pad - w->Pos.x + w->Scroll.x);
}

void end_card() {
  IM_ASSERT(!g_cards.empty());
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  const float pad = ui::em(0.6f);
  ImGui::Unindent(pad);
  ImGui::Dummy(ImVec2(0, ui::em(0.05f)));
  const Card c = g_cards.back();
  g_cards.pop_back();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->ChannelsSetCurrent(0);
  const ImVec2 max(c.start.x + c.width, ImGui::GetItemRectMax().y);
  dl->AddRectFilled(c.start, max, IM_COL32(255, 255, 255, 255), ui::em(0.3f));
  dl->AddRect(c.start, max, ImGui::GetColorU32(ImGuiCol_Border), ui::em(0.3f));
  dl->ChannelsMerge();
  ImGui::PopID();
  ImGui::Dummy(ImVec2(0, ui::em(0.2f)));
}

bool narrow() { return ImGui::GetContentRegionAvail().x < ui::em(30); }

void same_line_if_room(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ui::em(0.5f) + width <= right)
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x + ui::em(0.5f));
}


void next_in_row(float next_width_em) {
  ImGui::EndGroup();
  same_line_if_room(ui::em(next_width_em));
  ImGui::BeginGroup();
}

// [SECTION] Parsing ---------------------------------------------------------------

bool parse_int(std::string_view text, int* out, std::string* error, int min, int max) {
  std::string_view t = trim(text);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty()) {
    *error = "nombre attendu";
    return false;
  }
  int v = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || ptr != t.data() + t.size()) {
    *error = "nombre entier attendu (par exemple 15 ou -3)";
    return false;
  }
  if (v < min || v > max) {
    *error = "entre " + std::to_string(min) + " et " + std::to_string(max);
    return false;
  }
  *out = v;
  return true;
}

std::string make_id(std::string_view name, const std::vector<std::string>& taken, std::string_view fallback) {
  std::string id;
  for (char c : fold(name)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id += c;
    else if (!id.empty() && id.back() != '_') id += '_';
  }
  while (!id.empty() && id.back() == '_') id.pop_back();
  if (id.size() > 40) id.resize(40);
  if (id.empty()) id = std::string(fallback);
  std::string out = id;
  for (int n = 2; std::find(taken.begin(), taken.end(), out) != taken.end(); ++n) out = id + "_" + std::to_string(n);
  return out;
}

// [SECTION] Submitting ------------------------------------------------------------

void submit(App& app, const Command& command, Errors* errors, std::string success,
            std::function<void(const Applied&)> on_ok) {
  if (errors) errors->clear();
  app.ws.submit(command, [&app, errors, success = std::move(success), on_ok = std::move(on_ok)](const Result<Applied>& r) {
    if (!r) {
      if (errors) errors->set(r.error());
      else app.notify(capitalized(r.error().message()), true);
      platform::request_redraw();
      return;
    }
    app.notify(success, false, r->warnings);
    if (on_ok) on_ok(*r);
  });
}

// [SECTION] French formats ----------------------------------------------------------

std::string eur(Cents c) { return format_eur(c); }

std::string date_fr(Date d) { return d.ok() ? to_fr(d) : std::string("\u2014"); }

std::string lateness(int days_late) {
  if (days_late > 0) return std::to_string(days_late) + (days_late == 1 ? " jour de retard" : " jours de retard");
  if (days_late == 0) return "échéance aujourd\u2019hui";
  const int d = -days_late;
  return "échéance dans " + std::to_string(d) + (d == 1 ? " jour" : " jours");
}

}  // namespace relance::forms
