#include "web/ui.h"

#include "web/platform.h"
#include "web/semantics.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include "core/assets.h"
#include "imgui_internal.h"
#include "misc/cpp/imgui_stdlib.h"

namespace relance::ui {

// [SECTION] Sizes -------------------------------------------------------------

float em(float n) { return n * ImGui::GetFontSize(); }
ImVec2 em(float x, float y) { return ImVec2(em(x), em(y)); }

// [SECTION] Fonts --------------------------------------------------------------

namespace {
Fonts g_fonts;
float g_fonts_dpr = 0;

// Latin-1, Latin Extended-A, typographic punctuation (’ « » – — … and the
// narrow no-break space U+202F that French puts before ; : ! ? and in
// amounts), €, ™, minus sign, and U+FFFD as the fallback glyph. The subset
// fonts in assets/fonts/ui carry exactly these (scripts/make-fonts.sh).
const ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1
    0x0100, 0x017F,  // Latin Extended-A (Œ œ, names)
    0x2010, 0x203A,  // ‐ – — ‘ ’ “ ” • … ‰ ‹ › and U+202F
    0x20AC, 0x20AC,  // €
    0x2122, 0x2122,  // ™
    0x2212, 0x2212,  // −
    0xFFFD, 0xFFFD,  // replacement character
    0,
};

ImFont* add_font(std::string_view asset, float pixels) {
  std::string_view bytes = relance::embedded_asset(asset);
  IM_ASSERT(!bytes.empty() && "font asset missing from the embedded assets");
  ImFontConfig cfg;
  // The bytes are static, read-only data compiled into the binary.
  cfg.FontDataOwnedByAtlas = false;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = false;
  ImGuiIO& io = ImGui::GetIO();
  return io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(bytes.data()), static_cast<int>(bytes.size()),
                                        pixels, &cfg, kGlyphRanges);
}
}  // namespace

const Fonts& fonts() { return g_fonts; }
float fonts_dpr() { return g_fonts_dpr; }

float line_height_for_em(float em_css) {
  // ImGui sizes a font by its line height (ascent - descent); CSS by its em.
  // Noto Sans: ascent 1069, descent -293 per 1000 units.
  return em_css * (1069.0f + 293.0f) / 1000.0f;
}

void build_fonts(float em_css, float dpr) {
  dpr = std::clamp(dpr, 0.5f, 4.0f);
  const float size_css = line_height_for_em(em_css);
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  g_fonts.regular = add_font("fonts/ui/NotoSans-Regular.ttf", size_css * dpr);
  g_fonts.bold = add_font("fonts/ui/NotoSans-Bold.ttf", size_css * dpr);
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / dpr;
  io.FontDefault = g_fonts.regular;
  g_fonts_dpr = dpr;
}

// [SECTION] Style ---------------------------------------------------------------

void apply_style(float em_css) {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  // The style is in points (CSS pixels): everything follows the em.
  const float f = em_css;
  s.WindowPadding = ImVec2(0.75f * f, 0.6f * f);
  s.FramePadding = ImVec2(0.6f * f, 0.3f * f);
  s.ItemSpacing = ImVec2(0.5f * f, 0.45f * f);
  s.ItemInnerSpacing = ImVec2(0.4f * f, 0.3f * f);
  s.CellPadding = ImVec2(0.4f * f, 0.25f * f);
  s.IndentSpacing = 1.25f * f;
  s.ScrollbarSize = 0.85f * f;
  s.GrabMinSize = 0.75f * f;
  s.WindowRounding = 0;
  s.ChildRounding = 0.3f * f;
  s.FrameRounding = 0.3f * f;
  s.PopupRounding = 0.3f * f;
  s.ScrollbarRounding = 0.5f * f;
  s.GrabRounding = 0.3f * f;
  s.TabRounding = 0.3f * f;
  s.WindowBorderSize = 0;
  s.FrameBorderSize = 1;
  s.PopupBorderSize = 1;

  ImVec4* c = s.Colors;
  const ImVec4 ink(0.11f, 0.13f, 0.16f, 1.0f);
  const ImVec4 accent(0.13f, 0.38f, 0.75f, 1.0f);
  c[ImGuiCol_Text] = ink;
  c[ImGuiCol_TextDisabled] = ImVec4(0.42f, 0.45f, 0.50f, 1.0f);
  c[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.83f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 0.99f, 1.0f);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.88f, 0.92f, 0.99f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.82f, 0.87f, 0.95f, 1.0f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.72f, 0.80f, 0.93f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.85f, 0.89f, 0.96f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.86f, 0.96f, 1.0f);
  c[ImGuiCol_HeaderActive] = ImVec4(0.72f, 0.80f, 0.93f, 1.0f);
  c[ImGuiCol_CheckMark] = accent;
  c[ImGuiCol_SliderGrab] = accent;
  c[ImGuiCol_TextSelectedBg] = ImVec4(0.60f, 0.75f, 0.98f, 0.55f);
  c[ImGuiCol_NavHighlight] = accent;
  c[ImGuiCol_Separator] = ImVec4(0.82f, 0.84f, 0.87f, 1.0f);
}

// [SECTION] Tracked widgets -----------------------------------------------------

namespace {
struct Frame {
  std::map<std::string, Rect, std::less<>> rects;
  std::map<std::string, std::string, std::less<>> texts;
};
Frame g_current, g_last;

// The last text field drawn, and the one to focus the next time it is drawn.
InputInfo g_last_input;
ImGuiID g_focus_request = 0;
// The keyboard of the next field, of the field edited in this frame, and the
// last one the platform was told.
Keyboard g_next_keyboard = Keyboard::text;
Keyboard g_active_keyboard = Keyboard::text, g_last_active_keyboard = Keyboard::text;
bool g_any_active = false;
bool g_enter_left_field = false;
std::optional<Keyboard> g_sent_keyboard;

void record(std::string_view label, const std::string* text) {
  ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  Rect r{a.x, a.y, b.x - a.x, b.y - a.y};
  auto put = [&](std::string_view key) {
    if (key.empty()) return;
    g_current.rects.insert_or_assign(std::string(key), r);
    if (text) g_current.texts.insert_or_assign(std::string(key), *text);
  };
  put(label);
  std::size_t hash = label.find("##");
  if (hash != std::string_view::npos) put(label.substr(0, hash));
}
}  // namespace

void track(std::string_view label) {
  record(label, nullptr);
  semantics::detail::tracked(ImGui::GetItemID(), label, nullptr);
}
void track_text(std::string_view label, const std::string& value) {
  record(label, &value);
  semantics::detail::tracked(ImGui::GetItemID(), label, &value);
}

bool button(const char* label, ImVec2 size) {
  bool pressed = ImGui::Button(label, size);
  track(label);
  return pressed;
}

namespace {
// Around every text field: focus it when asked, remember it as the last one.
void before_input(ImGuiID id) {
  if (g_focus_request != 0 && id == g_focus_request) {
    ImGui::SetKeyboardFocusHere();
    g_focus_request = 0;
  }
}
void after_input() {
  g_last_input = {ImGui::GetItemID(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFrameCount()};
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemDeactivated() && (ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_Enter], false) ||
                                     ImGui::IsKeyPressed(io.KeyMap[ImGuiKey_KeyPadEnter], false)))
    g_enter_left_field = true;
  if (ImGui::IsItemActive()) {
    g_active_keyboard = g_next_keyboard;
    g_any_active = true;
  }
  g_next_keyboard = Keyboard::text;
}
}  // namespace

const InputInfo& last_input() { return g_last_input; }
bool take_enter() { return std::exchange(g_enter_left_field, false); }
void next_keyboard(Keyboard k) { g_next_keyboard = k; }
Keyboard active_keyboard() { return g_last_active_keyboard; }
const char* keyboard_name(Keyboard k) {
  switch (k) {
    case Keyboard::email: return "email";
    case Keyboard::tel: return "tel";
    case Keyboard::decimal: return "decimal";
    case Keyboard::numeric: return "numeric";
    case Keyboard::postcode: return "postcode";
    case Keyboard::date: return "date";
    case Keyboard::text: break;
  }
  return "text";
}
void focus_input(ImGuiID id) { g_focus_request = id; }

bool input_text(const char* label, std::string* value, ImGuiInputTextFlags flags) {
  before_input(ImGui::GetID(label));
  bool changed = ImGui::InputText(label, value, flags);
  semantics::detail::set_last_value(ImGui::GetItemID(), *value, false);
  after_input();
  record(label, value);
  return changed;
}

bool input_text_multiline(const char* label, std::string* value, ImVec2 size, ImGuiInputTextFlags flags) {
  before_input(ImGui::GetID(label));
  bool changed = ImGui::InputTextMultiline(label, value, size, flags);
  semantics::detail::set_last_value(ImGui::GetItemID(), *value, true);
  after_input();
  record(label, value);
  return changed;
}

bool field(const char* label, std::string* value, float max_width_em, ImGuiInputTextFlags flags) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  text(label, end);
  ImGui::PushID(label);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, em(max_width_em)));
  before_input(ImGui::GetID("##field"));
  semantics::next_name(std::string_view(label, static_cast<std::size_t>(end - label)));
  bool changed = ImGui::InputText("##field", value, flags);
  semantics::detail::set_last_value(ImGui::GetItemID(), *value, false);
  after_input();
  ImGui::PopID();
  record(label, value);
  return changed;
}

bool checkbox(const char* label, bool* value) {
  bool changed = ImGui::Checkbox(label, value);
  track(label);
  return changed;
}

bool selectable(const char* label, bool selected, ImGuiSelectableFlags flags, ImVec2 size) {
  bool pressed = ImGui::Selectable(label, selected, flags, size);
  track(label);
  return pressed;
}

bool tab_button(const char* label, bool selected) {
  if (selected) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.13f, 0.38f, 0.75f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.16f, 0.43f, 0.82f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.11f, 0.33f, 0.66f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  }
  semantics::next_role(semantics::Role::tab);
  semantics::detail::next_selected(selected);
  bool pressed = button(label);
  if (selected) ImGui::PopStyleColor(4);
  return pressed;
}

bool radio(const char* label, bool active) {
  semantics::next_role(semantics::Role::radio);
  semantics::detail::next_selected(active);
  bool pressed = ImGui::RadioButton(label, active);
  track(label);
  return pressed;
}

void same_line_if_fits(const char* label) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(label, nullptr, true).x + style.FramePadding.x * 2;
  const float last_right = ImGui::GetItemRectMax().x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (last_right + style.ItemSpacing.x + w <= right) ImGui::SameLine();
}

void heading(std::string_view text, int level) {
  ImGui::PushFont(g_fonts.bold);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  semantics::record_text(text, semantics::Role::heading, level);
  ImGui::PopFont();
}

void note(std::string_view s) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(0.0f);
  text(s);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

// [SECTION] Text ------------------------------------------------------------------

void text(std::string_view s) { text(s.data(), s.data() + s.size()); }

void text(const char* begin, const char* end) {
  if (!end) end = begin + std::strlen(begin);
  ImGui::TextUnformatted(begin, end);
  semantics::record_text(std::string_view(begin, static_cast<std::size_t>(end - begin)));
}

void status_text(std::string_view s) {
  ImGui::TextUnformatted(s.data(), s.data() + s.size());
  semantics::record_text(s, semantics::Role::status);
}

namespace {
// Formats like ImGui::Text into a frame-lived buffer.
std::string_view format(const char* fmt, va_list args) {
  static std::string buf;
  va_list copy;
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, copy);
  va_end(copy);
  if (n <= 0) return {};
  buf.resize(static_cast<std::size_t>(n) + 1);
  std::vsnprintf(buf.data(), buf.size(), fmt, args);
  return std::string_view(buf.data(), static_cast<std::size_t>(n));
}
}  // namespace

void textf(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string_view s = format(fmt, args);
  va_end(args);
  text(s);
}

void text_wrapped(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string_view s = format(fmt, args);
  va_end(args);
  ImGui::PushTextWrapPos(0.0f);
  text(s);
  ImGui::PopTextWrapPos();
}

void text_disabled(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string_view s = format(fmt, args);
  va_end(args);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  text(s);
  ImGui::PopStyleColor();
}

void text_colored(const ImVec4& color, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string_view s = format(fmt, args);
  va_end(args);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  text(s);
  ImGui::PopStyleColor();
}

void bullet_text(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const std::string_view s = format(fmt, args);
  va_end(args);
  ImGui::Bullet();
  text(s);
}

// [SECTION] Touch scrolling -------------------------------------------------------

namespace {
struct TouchDrag {
  bool candidate = false;  // a touch landed on a scrollable window
  bool active = false;     // it moved far enough to be a scroll
  ImGuiID window = 0;
  ImVec2 start_mouse;
  ImVec2 start_scroll;
};
TouchDrag g_drag;
// Whether the pointer was somewhere in the previous frame. Not
// io.MousePosPrev: NewFrame() has already set it to this frame's position.
bool g_pointer_was_valid = false;
}  // namespace

void touch_scroll() {
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiIO& io = g.IO;
  const bool pointer_was_valid = g_pointer_was_valid;
  g_pointer_was_valid = ImGui::IsMousePosValid(&io.MousePos);
  if (io.MouseClicked[0]) {
    g_drag = TouchDrag{};
    const bool touch = !pointer_was_valid;
    if (touch) {
      // The innermost window under the finger that can scroll, up to the root.
      for (ImGuiWindow* w = g.HoveredWindow; w; w = w->ParentWindow) {
        if (w->ScrollMax.y > 0.0f || w->ScrollMax.x > 0.0f) {
          g_drag.window = w->ID;
          g_drag.start_scroll = w->Scroll;
          g_drag.start_mouse = io.MousePos;
          g_drag.candidate = true;
          break;
        }
        if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
      }
    }
  }
  if (!io.MouseDown[0] || !g_drag.candidate) {
    g_drag.candidate = g_drag.active = false;
    return;
  }
  ImGuiWindow* w = ImGui::FindWindowByID(g_drag.window);
  if (!w) {
    g_drag.candidate = g_drag.active = false;
    return;
  }
  const ImVec2 d(io.MousePos.x - g_drag.start_mouse.x, io.MousePos.y - g_drag.start_mouse.y);
  // A tap wobbles a little: only a real move turns it into a scroll.
  if (!g_drag.active && (std::abs(d.x) > em(0.45f) || std::abs(d.y) > em(0.45f))) g_drag.active = true;
  if (!g_drag.active) return;
  if (w->ScrollMax.y > 0.0f) ImGui::SetScrollY(w, std::clamp(g_drag.start_scroll.y - d.y, 0.0f, w->ScrollMax.y));
  if (w->ScrollMax.x > 0.0f) ImGui::SetScrollX(w, std::clamp(g_drag.start_scroll.x - d.x, 0.0f, w->ScrollMax.x));
  // The press is a scroll now: the button it started on must not fire.
  if (g.ActiveId != 0) ImGui::ClearActiveID();
}

bool touch_scrolling() { return g_drag.active; }

// [SECTION] What automation reads ----------------------------------------------

void begin_frame() {
  semantics::begin_frame();
  g_current.rects.clear();
  g_current.texts.clear();
}

void end_frame() {
  semantics::end_frame();
  std::swap(g_current, g_last);
  // The field being edited: tell the browser its keyboard when it changes
  // (before the shell focuses the hidden element, at the end of the frame).
  g_last_active_keyboard = g_any_active ? g_active_keyboard : Keyboard::text;
  if (g_any_active && g_sent_keyboard != g_active_keyboard) {
    g_sent_keyboard = g_active_keyboard;
    platform::set_text_input_kind(keyboard_name(g_active_keyboard));
  }
  g_any_active = false;
  g_enter_left_field = false;
  g_active_keyboard = Keyboard::text;
  g_next_keyboard = Keyboard::text;
}

std::optional<Rect> rect(std::string_view label) {
  auto it = g_last.rects.find(label);
  if (it == g_last.rects.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> text_value(std::string_view label) {
  auto it = g_last.texts.find(label);
  if (it == g_last.texts.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> labels() {
  std::vector<std::string> out;
  out.reserve(g_last.rects.size());
  for (const auto& [k, v] : g_last.rects) out.push_back(k);
  return out;
}

}  // namespace relance::ui
