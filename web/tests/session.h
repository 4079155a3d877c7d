// What the native UI tests share: frames of the app drawn headless
// (headless_imgui.h) over the fake platform, watching the glyphs of every
// label, and a Session that drives the app by clicks and typing at the
// widgets' recorded places, as the browser tests do.
#pragma once
#include <doctest/doctest.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/dunning.h"
#include "core/links.h"
#include "core/sample.h"
#include "imgui.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "web/app.h"
#include "web/input.h"
#include "web/platform_fake.h"
#include "web/tests/headless_imgui.h"
#include "web/ui.h"

namespace relance::test {

namespace fake = relance::platform::fake;

// The keys that replace a focused field's text: select all, delete, type.
// Ctrl is let go with the key: while Ctrl is held ImGui ignores typed
// characters.
inline input::Queue keys_replacing(const std::string& text) {
  input::Queue q;
  q.key(input::kA, true, input::kCtrl);
  q.key(input::kA, false, 0);
  q.key(input::kDelete, true, 0);
  q.key(input::kDelete, false, 0);
  q.text(text);
  return q;
}

// The keys that type at the end of a focused (multi-line) field.
inline input::Queue keys_appending(const std::string& text) {
  input::Queue q;
  q.key(input::kEnd, true, input::kCtrl);
  q.key(input::kEnd, false, 0);
  q.text(text);
  return q;
}

// Frames of the app drawn headless (web/tests/headless_imgui.h), watching
// the glyphs of every label.
struct ImGuiFixture : test::HeadlessImGui {
  void frame(App& app, input::Queue* q = nullptr) {
    draw(app, q);
    note_missing_glyphs();
  }
  // Labels drawn with a character the font atlas lacks (ImGui draws U+FFFD
  // in its place): the subset fonts and ui.cpp's ranges must cover them.
  std::set<std::string> missing_glyphs;
  void note_missing_glyphs() {
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    for (const std::string& label : ui::labels()) {
      const std::string shown = label.substr(0, label.find("##"));
      for (const char* p = shown.c_str(); *p;) {
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, p, nullptr);
        if (c >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) missing_glyphs.insert(label);
      }
    }
  }
  // Scrolls with the wheel, as a user would, until the widget is on screen.
  std::optional<ui::Rect> visible(App& app, const char* label) {
    auto r = ui::rect(label);
    const float h = ImGui::GetIO().DisplaySize.y;
    for (int i = 0; r && i < 60 && (r->y < 0 || r->y + r->h > h); ++i) {
      input::Queue q;
      q.mouse_move(r->x + r->w / 2, h / 2);
      q.wheel(0, r->y < 0 ? 1.0f : -1.0f);
      while (!q.empty()) frame(app, &q);
      frame(app);
      r = ui::rect(label);
    }
    return r;
  }
  void click(App& app, const char* label) {
    auto r = visible(app, label);
    REQUIRE_MESSAGE(r, std::string(label));
    // A mouse hovers before it clicks: ImGui needs a frame over the widget
    // (overlapping rows only take a press they hovered), and a press with
    // no pointer just before is a touch (ui::touch_scroll).
    input::Queue q;
    q.mouse_move(r->x + r->w / 2, r->y + r->h / 2);
    frame(app, &q);
    q.mouse_button(0, true);
    q.mouse_button(0, false);
    while (!q.empty()) frame(app, &q);
    frame(app);
  }
};


const Date kToday = Date::from_ymd(2026, 11, 23);

inline Ledger sample() {
  auto l = sample_ledger(kToday);
  REQUIRE(l);
  return *l;
}

inline const Client* client_named(const Ledger& l, std::string_view name) {
  for (const Client& c : l.clients)
    if (c.name == name) return &c;
  return nullptr;
}

inline const AgendaItem* agenda_item(const Agenda& a, std::string_view client) {
  for (const AgendaItem& i : a.due)
    if (i.client_name == client) return &i;
  return nullptr;
}

// The app over the fake platform, drawn headless, driven by clicks and typing.
struct Session : ImGuiFixture {
  App app;
  // Tall by default: what a test clicks is on screen without scrolling.
  // `reload`: the page reloaded: the fake browser keeps its database and
  // its sessionStorage.
  explicit Session(ImVec2 size = ImVec2(1280, 2400), const char* today = "2026-11-23", bool reload = false) {
    if (!reload) fake::reset();
    fake::set_today(today);
    ImGui::GetIO().DisplaySize = size;
    app.today = today;
    app_init(app);
    fake::run_pending();
    frames();
  }
  void frames(int n = 3) {
    for (int i = 0; i < n; ++i) frame(app);
  }
  void settle() {
    fake::run_pending();
    frames();
  }
  void click(const char* label) {
    ImGuiFixture::click(app, label);
    frames(1);
  }
  void click(const std::string& label) { click(label.c_str()); }
  bool has(const std::string& label) { return ui::rect(label).has_value(); }
  // Clicks a text field, selects what it holds, types over it.
  void type(const std::string& label, const std::string& text) {
    click(label);
    input::Queue q = keys_replacing(text);
    while (!q.empty()) frame(app, &q);
    frames(2);
  }
  void load_sample() {
    std::optional<bool> ok;
    app.ws.replace(sample(), [&](bool r) { ok = r; });
    fake::run_pending();
    REQUIRE(ok == true);
    frames();
  }
};

inline std::string decoded_body(const std::string& url) {
  const auto at = url.find("body=");
  REQUIRE(at != std::string::npos);
  std::string b = url.substr(at + 5);
  const auto amp = b.find('&');
  if (amp != std::string::npos) b = b.substr(0, amp);
  return percent_decode(b);
}


}  // namespace relance::test
