// Small helpers every screen uses: sizes in font units, the fonts, and
// widgets that record where they were drawn so automation can find them
// (window.relance.ui.rect(label)).
//
// A screen draws with ui::button / ui::input_text / ... instead of the bare
// ImGui calls, or calls ui::track(label) right after any other ImGui item.
// The label is the ImGui label: "Enregistrer", or "Nom##client" (then both
// "Nom##client" and the visible "Nom" find it; the last drawn wins).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace relance::ui {

// [SECTION] Sizes -------------------------------------------------------------
// n times the current font size. Layout never uses raw pixels.
float em(float n = 1.0f);
ImVec2 em(float x, float y);

// [SECTION] Fonts --------------------------------------------------------------
struct Fonts {
  ImFont* regular = nullptr;
  ImFont* bold = nullptr;
};
const Fonts& fonts();
// (Re)builds the font atlas for a device pixel ratio: glyphs are rasterized
// at dpr times their CSS size and drawn at 1/dpr, so text stays sharp on
// HiDPI screens and under browser zoom. em_css is the CSS font-size (16 is
// the browser's default text); ImGui's font size, the line height, comes out
// about 1.36 times that. The renderer must re-upload the texture.
void build_fonts(float em_css, float dpr);
// The ratio the atlas was last built for (0 before the first build).
float fonts_dpr();

// [SECTION] Style ---------------------------------------------------------------
// Dark text on a light background; paddings in units of the CSS em.
void apply_style(float em_css);

// [SECTION] Tracked widgets -----------------------------------------------------
// Records the last item's rectangle (and, for text fields, value) under label.
void track(std::string_view label);
// The same for a text field drawn with a bare ImGui call: rect and value.
void track_text(std::string_view label, const std::string& value);
bool button(const char* label, ImVec2 size = ImVec2(0, 0));
bool input_text(const char* label, std::string* value, ImGuiInputTextFlags flags = 0);
bool input_text_multiline(const char* label, std::string* value, ImVec2 size = ImVec2(0, 0),
                          ImGuiInputTextFlags flags = 0);
// A form field with its label above it, as wide as the space allows up to
// `max_width_em` font sizes: reads well on a phone. Tracked under `label`.
bool field(const char* label, std::string* value, float max_width_em = 24.0f, ImGuiInputTextFlags flags = 0);
// The last text field drawn by ui::field / input_text / input_text_multiline
// (its id, its rect, the frame it was drawn in), and a request to give a
// field the keyboard focus the next time it is drawn (the form kit brings a
// refused field into view that way).
struct InputInfo {
  ImGuiID id = 0;
  ImVec2 min, max;
  int frame = -1;
};
const InputInfo& last_input();
void focus_input(ImGuiID id);
// The keyboard a phone shows for the next text field (ui::field, input_text,
// forms::text_field); amount and date fields set theirs. When the field being
// edited changes kind, end_frame() tells the platform
// (platform::set_text_input_kind).
enum class Keyboard { text, email, tel, decimal, numeric, postcode, date };
// True once after a single-line field (ui::field, input_text) was left with
// Enter in this frame: the form kit's save button then acts as if clicked
// (forms::save_cancel, draft_buttons), so Enter submits the form.
bool take_enter();
void next_keyboard(Keyboard k);
// The kind of the text field edited in the last frame (text when none).
Keyboard active_keyboard();
const char* keyboard_name(Keyboard k);
bool checkbox(const char* label, bool* value);
bool selectable(const char* label, bool selected, ImGuiSelectableFlags flags = 0,
                ImVec2 size = ImVec2(0, 0));
// A button drawn as a tab: highlighted when `selected`.
bool tab_button(const char* label, bool selected);
// Before a button: stays on the current line when `label` still fits,
// else starts a new one (rows of buttons that wrap on a phone).
void same_line_if_fits(const char* label);
// A radio button (ImGui::RadioButton, exposed as a radio).
bool radio(const char* label, bool active);
// Bold text: a heading (level 2) for the semantics overlay.
void heading(std::string_view text, int level = 2);
// Wrapped, muted text.
void note(std::string_view text);

// [SECTION] Text ------------------------------------------------------------------
// ImGui's text calls, recorded in the frame's semantics (web/semantics.h) so
// that the page holds the text the canvas shows (screen readers, find in
// page, selection). Screens never call ImGui::Text* directly.
void text(std::string_view text);                               // ImGui::TextUnformatted
void text(const char* begin, const char* end);                  // ImGui::TextUnformatted(begin, end)
void textf(const char* fmt, ...) IM_FMTARGS(1);                 // ImGui::Text
void text_wrapped(const char* fmt, ...) IM_FMTARGS(1);          // ImGui::TextWrapped
void text_disabled(const char* fmt, ...) IM_FMTARGS(1);         // ImGui::TextDisabled
void text_colored(const ImVec4& color, const char* fmt, ...) IM_FMTARGS(2);  // ImGui::TextColored
void bullet_text(const char* fmt, ...) IM_FMTARGS(1);           // ImGui::BulletText
// A banner's message: read out by screen readers when it appears (a live region).
void status_text(std::string_view text);

// [SECTION] Touch scrolling -------------------------------------------------------
// ImGui scrolls with the wheel and the scrollbars only. On a phone a finger
// dragging a list must scroll it: call once per frame, after NewFrame and
// before drawing. A press counts as a touch when the pointer was nowhere
// just before (the shell reports "pointer left" after every finger lift, and
// a mouse always hovers before it clicks). Past a small wobble the press
// becomes a scroll of the innermost scrollable window under it, and the
// widget it started on is released without being clicked.
void touch_scroll();
// True while a finger drag is scrolling (for tests).
bool touch_scrolling();

// [SECTION] What automation reads ----------------------------------------------
struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};
// Call once per frame, before drawing / after drawing: the rects of the last
// complete frame are what rect() answers.
void begin_frame();
void end_frame();
std::optional<Rect> rect(std::string_view label);
std::optional<std::string> text_value(std::string_view label);
std::vector<std::string> labels();

}  // namespace relance::ui
