#include "web/settings_form.h"

#include <algorithm>
#include <charconv>

#include "core/command_codec.h"
#include "core/text.h"
#include "imgui_internal.h"
#include "web/app.h"
#include "web/settings_sections.h"
#include "web/ui.h"

namespace relance::form {

// [SECTION] Colours ---------------------------------------------------------------

ImVec4 error_color() { return ImVec4(0.72f, 0.11f, 0.11f, 1.0f); }
ImVec4 warning_color() { return ImVec4(0.62f, 0.36f, 0.0f, 1.0f); }
ImVec4 ok_color() { return ImVec4(0.09f, 0.45f, 0.22f, 1.0f); }

// [SECTION] Messages ---------------------------------------------------------------

namespace {
void colored(ImVec4 color, std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ui::track(text);
}
}  // namespace

void error_text(std::string_view text) { colored(error_color(), text); }
void warning_text(std::string_view text) { colored(warning_color(), text); }
void ok_text(std::string_view text) { colored(ok_color(), text); }

const std::string* FieldErrors::find(std::string_view field) const {
  auto it = by_field.find(field);
  return it == by_field.end() ? nullptr : &it->second;
}

void FieldErrors::show(std::string_view field) const {
  if (const std::string* e = find(field)) error_text(*e);
}

// [SECTION] Fields -----------------------------------------------------------------

bool text_field(const char* label, std::string* value, const FieldErrors& errors, std::string_view key,
                float max_width_em, ImGuiInputTextFlags flags) {
  const bool changed = ui::field(label, value, max_width_em, flags);
  errors.show(key);
  return changed;
}

bool choice(const char* label, int* index, const std::vector<std::string>& items, float max_width_em) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  ImGui::TextUnformatted(label, end);
  ImGui::PushID(label);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(max_width_em)));
  const int count = static_cast<int>(items.size());
  const char* preview = (*index >= 0 && *index < count) ? items[static_cast<std::size_t>(*index)].c_str() : "";
  bool changed = false;
  if (ImGui::BeginCombo("##choice", preview)) {
    for (int i = 0; i < count; ++i) {
      const bool selected = i == *index;
      // Tracked under its text, so automation can pick it; the id keeps
      // two items of the same text apart.
      ImGui::PushID(i);
      if (ui::selectable(items[static_cast<std::size_t>(i)].c_str(), selected)) {
        changed = *index != i;
        *index = i;
      }
      ImGui::PopID();
      if (selected) ImGui::SetItemDefaultFocus();
    }
    ImGui::EndCombo();
  }
  ImGui::PopID();
  ui::track(label);
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
    if (ImGui::RadioButton(items[i].c_str(), *index == static_cast<int>(i))) {
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

void same_line_if_room(float width) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ui::em(0.5f) + width <= right)
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x + ui::em(0.5f));
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

std::string file_date(const App& app) { return app.today; }

// [SECTION] Hooks -------------------------------------------------------------------

namespace {
App* g_api_app = nullptr;
}

void attach(App& app) {
  // Replaces app.cpp's handler every time: it captures nothing but the app.
  platform::set_file_handler([&app](platform::OpenedFile f) { ui_settings::receive_file(app, std::move(f)); });
  if (g_api_app == &app) return;
  g_api_app = &app;
  // Round-one journal tests appended free-form notes, which the ledger now
  // refuses; they submit real commands through this instead.
  platform::register_async_api("dev.command", [&app](std::string_view arg, std::function<void(std::string)> reply) {
    auto command = command_from_json(arg, "dev.command");
    if (!command) {
      reply(dump_json(Json{{"ok", false}, {"error", command.error().message()}}));
      return;
    }
    app.submit(*command, [&app, reply](const Result<Applied>& r) {
      if (r) reply(dump_json(Json{{"ok", true}, {"seq", app.store.last_seq()}}));
      else reply(dump_json(Json{{"ok", false}, {"error", r.error().message()}}));
    });
  });
}

void reset_screens() {
  ui_reminders::reset_state();
  ui_reports::reset_state();
  ui_settings::reset_state();
  settings::reset_rates();
  settings::reset_data();
  g_api_app = nullptr;
}

}  // namespace relance::form
