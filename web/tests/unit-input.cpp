// The input queue that feeds ImGui 1.86: clicks within a frame, text and
// key order, focus loss, and touch scrolling.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/links.h"
#include "core/messages.h"
#include "core/sample.h"
#include "core/text.h"
#include "web/app.h"
#include "web/app/store.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/tests/session.h"
#include "web/ui.h"

using namespace relance;
using namespace relance::test;

TEST_CASE("input queue: a click within one frame is seen pressed, then released") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  input::Queue q;
  q.mouse_move(10, 20);
  q.mouse_button(0, true);
  q.mouse_button(0, false);
  CHECK(q.apply(io));  // the release waits
  CHECK(io.MouseDown[0]);
  CHECK(io.MousePos.x == 10);
  CHECK_FALSE(q.apply(io));
  CHECK_FALSE(io.MouseDown[0]);
  ImGui::DestroyContext();
}

TEST_CASE("input queue: text and keys keep their order") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  input::Queue q;
  q.text("cr");
  q.text("\xC3\xA8me");  // "ème": merged with the previous text
  q.key(input::kBackspace, true, 0);
  q.key(input::kBackspace, false, 0);
  q.text("!");
  CHECK(q.size() == 4);
  CHECK(q.apply(io));
  CHECK(io.InputQueueCharacters.Size == 5);
  CHECK_FALSE(io.KeysDown[input::kBackspace]);
  io.InputQueueCharacters.resize(0);
  CHECK(q.apply(io));
  CHECK(io.KeysDown[input::kBackspace]);
  CHECK(q.apply(io));  // release, then the text in a later frame
  CHECK_FALSE(io.KeysDown[input::kBackspace]);
  CHECK_FALSE(q.apply(io));
  CHECK(io.InputQueueCharacters.Size == 1);
  ImGui::DestroyContext();
}

TEST_CASE("input queue: losing focus releases everything") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  input::Queue q;
  q.key(input::kA, true, input::kCtrl);
  q.apply(io);
  CHECK(io.KeyCtrl);
  CHECK(q.anything_held());
  q.focus(false);
  q.apply(io);
  CHECK_FALSE(io.KeysDown[input::kA]);
  CHECK_FALSE(io.KeyCtrl);
  CHECK_FALSE(q.anything_held());
  ImGui::DestroyContext();
}

TEST_CASE("touch: a finger drag scrolls the list and clicks nothing") {
  Session s(ImVec2(390, 760));  // the list starts below the import buttons
  s.load_sample();
  s.click("Factures");
  s.frames();
  const auto first = ui::rect("F-2026-0048##inv-23");
  REQUIRE(first);
  // A touch: no hover before, lands on a row, moves up, lifts.
  input::Queue q;
  q.mouse_leave();
  s.frame(s.app, &q);
  const float x = first->x + 20, y = first->y + first->h / 2;
  q.mouse_move(x, y);
  q.mouse_button(0, true);
  while (!q.empty()) s.frame(s.app, &q);
  for (int i = 1; i <= 10; ++i) {
    q.mouse_move(x, y - i * 20.0f);
    while (!q.empty()) s.frame(s.app, &q);
  }
  CHECK(ui::touch_scrolling());
  q.mouse_button(0, false);
  q.mouse_leave();
  while (!q.empty()) s.frame(s.app, &q);
  s.frames();
  CHECK(s.app.screens.invoices.state().selected == 0);  // nothing opened
  const auto after = ui::rect("F-2026-0048##inv-23");
  CHECK((!after || after->y < first->y - 100));
}
