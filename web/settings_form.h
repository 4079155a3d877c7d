// Form helpers shared by the Relances, Rapports and Paramètres screens:
// errors shown under the field that caused them, integer and choice fields
// with their label above (as ui::field), section tabs that wrap on a phone,
// and the hooks these screens need from the shell (file routing, a test
// entry point).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "imgui.h"
#include "web/platform.h"

namespace relance {
struct App;
}

namespace relance::form {

// [SECTION] Colours ---------------------------------------------------------------
ImVec4 error_color();
ImVec4 warning_color();
ImVec4 ok_color();

// [SECTION] Messages ---------------------------------------------------------------
// Wrapped text in a colour, tracked under its own text so automation can find
// it in window.relance.ui.labels().
void error_text(std::string_view text);
void warning_text(std::string_view text);
void ok_text(std::string_view text);

// Errors of one form, keyed by field ("name", "steps[2].offset_days"). The
// key "" holds what belongs to no field.
struct FieldErrors {
  std::map<std::string, std::string, std::less<>> by_field;
  void clear() { by_field.clear(); }
  bool empty() const { return by_field.empty(); }
  void set(std::string field, std::string message) { by_field.insert_or_assign(std::move(field), std::move(message)); }
  const std::string* find(std::string_view field) const;
  // Draws the error of `field`, if any, right where it is called.
  void show(std::string_view field) const;
};

// [SECTION] Fields -----------------------------------------------------------------
// A text field (ui::field) followed by its error.
bool text_field(const char* label, std::string* value, const FieldErrors& errors, std::string_view key,
                float max_width_em = 24.0f, ImGuiInputTextFlags flags = 0);
// A choice among `items`, label above, as wide as the space allows up to
// max_width_em. Tracked under `label`. Returns true when the choice changed.
bool choice(const char* label, int* index, const std::vector<std::string>& items, float max_width_em = 24.0f);
// Radio buttons on one line (wrapping on a phone). Tracked under each item.
bool radio_row(const char* id, int* index, const std::vector<std::string>& items);
// Section tabs on rows that wrap.
void tabs(int* index, const std::vector<std::string>& labels);
// Before a group of fields `width` wide (pixels): stays on the current line
// when it fits, else starts a new one (forms that reflow on a phone).
void same_line_if_room(float width);

// [SECTION] Parsing what people type -------------------------------------------------
// An integer ("12", "-3"), or the reason it is not one (French).
bool parse_int(std::string_view text, int* out, std::string* error, int min, int max);
// An identifier made from a name ("Relance douce" -> "relance_douce"), unique
// among `taken` (a suffix _2, _3... when needed).
std::string make_id(std::string_view name, const std::vector<std::string>& taken, std::string_view fallback);
// "2026-11-23" -> "2026-11-23" for file names.
std::string file_date(const App& app);

// [SECTION] Hooks the shell does not offer yet -------------------------------------
// Installs the file handler of Relances, Rapports and Paramètres (files
// opened or dropped go to the import that asked for them, and to the
// diagnostics). app_init sets the first handler, so each of these screens
// calls this when it draws; calling it again is cheap.
void attach(App& app);
// Forgets the drafts and caches of Relances, Rapports and Paramètres, so that native tests
// start each case from scratch (the state is per screen, not per App).
void reset_screens();

}  // namespace relance::form

namespace relance::ui_reminders {
void reset_state();
}
namespace relance::ui_reports {
void reset_state();
}
namespace relance::ui_settings {
void reset_state();
// Where attach() sends files: the backup, CSV or rate import waiting for
// one, else by kind (.csv, .json), and always the diagnostics.
void receive_file(App& app, platform::OpenedFile file);
}  // namespace relance::ui_settings
