#include "web/input.h"

#include <cfloat>

#include "imgui.h"

namespace relance::input {

void Queue::setup_key_map(ImGuiIO& io) {
  io.KeyMap[ImGuiKey_Tab] = kTab;
  io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
  io.KeyMap[ImGuiKey_RightArrow] = kRight;
  io.KeyMap[ImGuiKey_UpArrow] = kUp;
  io.KeyMap[ImGuiKey_DownArrow] = kDown;
  io.KeyMap[ImGuiKey_PageUp] = kPageUp;
  io.KeyMap[ImGuiKey_PageDown] = kPageDown;
  io.KeyMap[ImGuiKey_Home] = kHome;
  io.KeyMap[ImGuiKey_End] = kEnd;
  io.KeyMap[ImGuiKey_Insert] = kInsert;
  io.KeyMap[ImGuiKey_Delete] = kDelete;
  io.KeyMap[ImGuiKey_Backspace] = kBackspace;
  io.KeyMap[ImGuiKey_Space] = kSpace;
  io.KeyMap[ImGuiKey_Enter] = kEnter;
  io.KeyMap[ImGuiKey_Escape] = kEscape;
  io.KeyMap[ImGuiKey_KeyPadEnter] = kKeypadEnter;
  io.KeyMap[ImGuiKey_A] = kA;
  io.KeyMap[ImGuiKey_C] = kC;
  io.KeyMap[ImGuiKey_V] = kV;
  io.KeyMap[ImGuiKey_X] = kX;
  io.KeyMap[ImGuiKey_Y] = kY;
  io.KeyMap[ImGuiKey_Z] = kZ;
}

void Queue::mouse_move(float x, float y) {
  // Consecutive moves collapse into the last one.
  if (!events_.empty() && events_.back().type == Event::Type::mouse_move) {
    events_.back().x = x;
    events_.back().y = y;
    return;
  }
  Event e;
  e.type = Event::Type::mouse_move;
  e.x = x;
  e.y = y;
  events_.push_back(e);
}

void Queue::mouse_leave() { mouse_move(-FLT_MAX, -FLT_MAX); }

void Queue::mouse_button(int button, bool down) {
  if (button < 0 || button >= 5) return;
  Event e;
  e.type = Event::Type::mouse_button;
  e.code = button;
  e.down = down;
  events_.push_back(e);
}

void Queue::wheel(float dx, float dy) {
  if (!events_.empty() && events_.back().type == Event::Type::wheel) {
    events_.back().x += dx;
    events_.back().y += dy;
    return;
  }
  Event e;
  e.type = Event::Type::wheel;
  e.x = dx;
  e.y = dy;
  events_.push_back(e);
}

void Queue::key(int key, bool down, int mods) {
  if (key < 0 || key >= 512) return;
  Event e;
  e.type = Event::Type::key;
  e.code = key;
  e.down = down;
  e.mods = mods;
  events_.push_back(e);
}

void Queue::text(std::string utf8) {
  if (utf8.empty()) return;
  if (!events_.empty() && events_.back().type == Event::Type::text) {
    events_.back().text += utf8;
    return;
  }
  Event e;
  e.type = Event::Type::text;
  e.text = std::move(utf8);
  events_.push_back(e);
}

void Queue::focus(bool gained) {
  Event e;
  e.type = Event::Type::focus;
  e.down = gained;
  events_.push_back(e);
}

bool Queue::anything_held() const {
  for (bool b : mouse_down_)
    if (b) return true;
  for (bool k : keys_down_)
    if (k) return true;
  return false;
}

bool Queue::apply(ImGuiIO& io) {
  bool key_changed[512] = {};
  bool button_changed[5] = {};
  bool any_button_changed = false;
  bool any_key_changed = false;
  bool text_given = false;

  std::size_t i = 0;
  for (; i < events_.size(); ++i) {
    const Event& e = events_[i];
    bool stop = false;
    switch (e.type) {
      case Event::Type::mouse_move:
        // A move after a click belongs to the next frame, or ImGui would see
        // the click happen at the new position.
        if (any_button_changed) { stop = true; break; }
        io.MousePos = ImVec2(e.x, e.y);
        break;
      case Event::Type::mouse_button:
        if (button_changed[e.code]) { stop = true; break; }
        io.MouseDown[e.code] = e.down;
        mouse_down_[e.code] = e.down;
        button_changed[e.code] = true;
        any_button_changed = true;
        break;
      case Event::Type::wheel:
        io.MouseWheelH += e.x;
        io.MouseWheel += e.y;
        break;
      case Event::Type::key:
        // ImGui handles a frame's text before its keys: keep them apart.
        if (key_changed[e.code] || text_given) { stop = true; break; }
        io.KeysDown[e.code] = e.down;
        keys_down_[e.code] = e.down;
        key_changed[e.code] = true;
        any_key_changed = true;
        io.KeyShift = (e.mods & kShift) != 0;
        io.KeyCtrl = (e.mods & kCtrl) != 0;
        io.KeyAlt = (e.mods & kAlt) != 0;
        io.KeySuper = (e.mods & kSuper) != 0;
        break;
      case Event::Type::text:
        if (any_key_changed) { stop = true; break; }
        io.AddInputCharactersUTF8(e.text.c_str());
        text_given = true;
        break;
      case Event::Type::focus:
        if (!e.down) {
          // Keys released while the page was not looking must not stay down.
          for (int k = 0; k < 512; ++k) io.KeysDown[k] = keys_down_[k] = false;
          for (int b = 0; b < 5; ++b) io.MouseDown[b] = mouse_down_[b] = false;
          io.KeyShift = io.KeyCtrl = io.KeyAlt = io.KeySuper = false;
        }
        io.AddFocusEvent(e.down);
        break;
    }
    if (stop) break;
  }
  events_.erase(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(i));
  return !events_.empty();
}

}  // namespace relance::input
