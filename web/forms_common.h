// What the forms of the daily screens (Aujourd’hui, Factures, Clients) share:
// French amount and date fields that check as you type, combos with their
// label above, the core's errors shown next to the field they name, coloured
// badges, and the one way to submit a command from a form.
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
ImVec4 red();
ImVec4 green();
ImVec4 amber();
ImVec4 muted();

// [SECTION] Text ----------------------------------------------------------------
// Wrapped text in a colour.
void colored_text(ImVec4 color, std::string_view text);
void error_text(std::string_view text);
void warning_text(std::string_view text);
// A small rounded label ("En retard", "Mauvais payeur"), on the current line.
void badge(std::string_view text, ImVec4 background, ImVec4 ink = ImVec4(0.11f, 0.13f, 0.16f, 1.0f));
// "Label : value" on one line, the label muted.
void label_value(std::string_view label, std::string_view value);
// A French sentence's first letter in upper case (error texts from the core
// start in lower case).
std::string capitalized(std::string_view text);

// [SECTION] Errors ----------------------------------------------------------------
// The error of a form: from a local check or from the core (Error.where names
// the field: "payment.amount", "client.email"...). Each field shows it when
// its key matches; the rest appears beside the submit button.
struct FormError {
  std::string where;
  std::string what;
  bool shown = false;  // drawn beside a field in this frame

  bool empty() const { return what.empty(); }
  void clear() { where.clear(), what.clear(); }
  void set(const Error& e) { where = e.where, what = e.what; }
  void set(std::string w, std::string text) { where = std::move(w), what = std::move(text); }
};
// After a field: shows the error under it if `where` is one of `keys` (or
// starts with one of them followed by '.' or '[').
void error_for(FormError& e, std::initializer_list<std::string_view> keys);
// Beside the submit button: the error if no field showed it, with the field's
// French name. Tracked as `track_label` (e.g. "Erreur##paiement").
void error_rest(FormError& e, const char* track_label);
// The French name of a core field ("payment.amount" → "Montant").
std::string field_name(std::string_view where);

// [SECTION] Fields ------------------------------------------------------------------
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

// A choice among items, its label above, tracked under `label`; each item is
// tracked as "<item>##<label>" so automation can pick it.
bool combo(const char* label, int* current, const std::vector<std::string>& items, float max_width_em = 16.0f);
// A multi-line text, its label above.
bool text_area(const char* label, std::string* text, float height_em = 4.0f);

// [SECTION] Layout ------------------------------------------------------------------
// Starts a card: a white, bordered box drawn behind what follows until
// end_card(); its height follows its content.
void begin_card(const char* id);
void end_card();
// True when the region is narrow (a phone).
bool narrow();

// [SECTION] Submitting ------------------------------------------------------------
// Submits a command for a form: nothing is written when the core refuses it
// (the error goes to `error`, beside its field); on success `success` is
// shown in the banner with the core's warnings, then `on_ok` runs. `error`
// must outlive the call (forms live in App).
void submit(App& app, const Command& command, FormError* error, std::string success,
            std::function<void(const Applied&)> on_ok = {});

// "1 234,56 €"
std::string eur(Cents c);
// "23/11/2026", or "—" for no date.
std::string date_fr(Date d);
// "12 jours de retard", "échéance dans 3 jours", "échéance aujourd’hui".
std::string lateness(int days_late);

}  // namespace relance::forms
