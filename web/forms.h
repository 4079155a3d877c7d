// The form kit every screen uses: one palette, French amount and date fields
// that check as you type, choices with their label above, errors shown under
// the field they belong to and a summary line beside the save button for the
// rest, save / cancel rows, cards, and the one way to submit a command from a
// form.
#pragma once
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/commands.h"
#include "imgui.h"

namespace relance {
struct App;
}

namespace relance::forms {

// [SECTION] Colours ------------------------------------------------------------
ImVec4 error_color();
ImVec4 warning_color();
ImVec4 ok_color();
ImVec4 muted_color();

// [SECTION] Text ----------------------------------------------------------------
// Wrapped text in a colour, tracked under its own text so automation finds it
// in window.relance.ui.labels().
void colored_text(ImVec4 color, std::string_view text);
void error_text(std::string_view text);
void warning_text(std::string_view text);
void ok_text(std::string_view text);
// A small rounded label ("En retard", "Mauvais payeur"), on the current line.
void badge(std::string_view text, ImVec4 background, ImVec4 ink = ImVec4(0.11f, 0.13f, 0.16f, 1.0f));
// "Label : value" on one line, the label muted.
void label_value(std::string_view label, std::string_view value);
// A French sentence's first letter in upper case (error texts from the core
// start in lower case).
std::string capitalized(std::string_view text);

// [SECTION] Errors ----------------------------------------------------------------
// The errors of one form, keyed by the field they belong to: a local check's
// key ("name", "steps[2].offset_days") or the core's Error.where
// ("payment.amount", "client.email"). The key "" holds what belongs to no
// field. Each field shows its own under it; summary() shows, beside the save
// button, what no field showed in this frame, so every problem is said once.
class Errors {
 public:
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  // Replaces the errors by the core's refusal.
  void set(const Error& e);
  // Adds (or replaces) the error of one field.
  void set(std::string key, std::string message);
  const std::string* find(std::string_view key) const;
  // Under a field: the error whose key is exactly `key`.
  void show(std::string_view key) const;
  // Under a field: the errors whose key is one of `keys`, or starts with one
  // of them followed by '.' or '[' ("plan" shows "plan[2].due").
  void show_under(std::initializer_list<std::string_view> keys) const;
  // Beside the save button: the errors no field showed in this frame, each
  // with its field's French name. Tracked as `track_label`.
  void summary(const char* track_label) const;

 private:
  struct Entry {
    std::string key, message;
    mutable bool shown = false;  // drawn under a field in this frame
  };
  std::vector<Entry> entries_;
};
// The French name of a core field ("payment.amount" → "Montant").
std::string field_name(std::string_view where);

// [SECTION] Fields ------------------------------------------------------------------
// A text field (label above, ui::field) followed by its error.
bool text_field(const char* label, std::string* value, const Errors& errors, std::string_view key,
                float max_width_em = 24.0f, ImGuiInputTextFlags flags = 0);

struct AmountInput {
  std::optional<Cents> value;
  bool empty = true;
  std::string error;  // French, when the text is not an amount
};
// A money field typed the French way ("1 234,56", "1234,56 €", "1.234,56").
// Shows its own parse error under it as you type.
AmountInput amount_field(const char* label, std::string* text, float max_width_em = 10.0f);
AmountInput parse_amount_fr(std::string_view text);

struct DateInput {
  std::optional<Date> value;
  bool empty = true;
  std::string error;
};
// A date typed jj/mm/aaaa; shows its own error under it.
DateInput date_field(const char* label, std::string* text, float max_width_em = 8.0f);
DateInput parse_date_fr(std::string_view text);

// A choice among items, its label above (when it has a visible part), as wide
// as the space allows up to max_width_em, tracked under `label`; each item is
// tracked as "<item>##<label>" (so "<item>" finds it too). Returns true when
// the choice changed.
bool choice(const char* label, int* index, const std::vector<std::string>& items, float max_width_em = 16.0f);
// Radio buttons on one line (wrapping on a phone). Tracked under each item.
bool radio_row(const char* id, int* index, const std::vector<std::string>& items);
// A multi-line text, its label above.
bool text_area(const char* label, std::string* text, float height_em = 4.0f);
// Section tabs on rows that wrap.
void tabs(int* index, const std::vector<std::string>& labels);

// [SECTION] Save and cancel ---------------------------------------------------------
enum class Action { none, save, cancel };
// The last row of a form: the save button, the cancel button beside it when
// `cancel` is given (wrapping on a phone), then the errors' summary line.
Action save_cancel(const char* save, const char* cancel, const Errors& errors, const char* errors_label);

// Under something saved and edited as a draft (a chain, a template): save;
// undo the changes when there are some; delete it or, when it was never
// saved, abandon it; then the errors of no field (key "").
enum class DraftAction { none, save, revert, remove, abandon };
DraftAction draft_buttons(const char* save, const char* remove, bool is_new, bool dirty, const Errors& errors);

// [SECTION] Layout ------------------------------------------------------------------
// Starts a card: a white, bordered box drawn behind what follows until
// end_card(); its height follows its content.
void begin_card(const char* id);
void end_card();
// True when the region is narrow (a phone).
bool narrow();
// Before a group of fields `width` wide (pixels): stays on the current line
// when it fits, else starts a new one (forms that reflow on a phone).
void same_line_if_room(float width);
// Between two groups of fields (ImGui::BeginGroup ... EndGroup): ends the
// one before and starts the next, beside it when `next_width_em` fits.
void next_in_row(float next_width_em);

// [SECTION] Parsing what people type -------------------------------------------------
// An integer ("12", "-3"), or the reason it is not one (French).
bool parse_int(std::string_view text, int* out, std::string* error, int min, int max);
// An identifier made from a name ("Relance douce" -> "relance_douce"), unique
// among `taken` (a suffix _2, _3... when needed).
std::string make_id(std::string_view name, const std::vector<std::string>& taken, std::string_view fallback);

// [SECTION] Submitting ------------------------------------------------------------
// Submits a command for a form: nothing is written when the core refuses it
// (the error goes to `errors`, under its field); on success `success` is
// shown in the banner with the core's warnings, then `on_ok` runs. `errors`
// must outlive the call (it belongs to a screen, which lives as long as the
// app).
void submit(App& app, const Command& command, Errors* errors, std::string success,
            std::function<void(const Applied&)> on_ok = {});

// [SECTION] French formats ----------------------------------------------------------
// "1 234,56 €"
std::string eur(Cents c);
// "23/11/2026", or "—" for no date.
std::string date_fr(Date d);
// "12 jours de retard", "échéance dans 3 jours", "échéance aujourd’hui".
std::string lateness(int days_late);

}  // namespace relance::forms
