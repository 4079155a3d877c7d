// Input events for ImGui 1.86, which reads input as a state per frame (mouse
// down, key down) rather than as events. A click or a key press that starts
// and ends between two frames would be lost, and text typed after a key (or a
// key after text) would be applied in the wrong order. This queue keeps the
// events and hands them to ImGui a few per frame ("trickling", as ImGui 1.87
// does): a frame stops taking events at the first one that would hide an
// earlier one. Platform independent, so native tests can drive it.
#pragma once
#include <string>
#include <vector>

struct ImGuiIO;

namespace relance::input {

// Our key indices into io.KeysDown[]: the DOM keyCode values for named keys
// and the upper-case ASCII code for letters, whatever the keyboard layout.
enum Key : int {
  kBackspace = 8, kTab = 9, kEnter = 13, kEscape = 27, kSpace = 32,
  kPageUp = 33, kPageDown = 34, kEnd = 35, kHome = 36,
  kLeft = 37, kUp = 38, kRight = 39, kDown = 40,
  kInsert = 45, kDelete = 46,
  kA = 'A', kC = 'C', kV = 'V', kX = 'X', kY = 'Y', kZ = 'Z',
  kKeypadEnter = 300,
};

enum Mods : int { kShift = 1, kCtrl = 2, kAlt = 4, kSuper = 8 };

struct Event {
  enum class Type { mouse_move, mouse_button, wheel, key, text, focus };
  Type type = Type::mouse_move;
  float x = 0, y = 0;   // mouse_move: position in CSS pixels; wheel: dx, dy
  int code = 0;         // mouse_button: 0 left, 1 right, 2 middle; key: Key
  bool down = false;    // mouse_button, key; focus: gained
  int mods = 0;         // key: Mods
  std::string text;     // text: UTF-8
};

class Queue {
 public:
  // Fills the io.KeyMap[] table with our key indices.
  static void setup_key_map(ImGuiIO& io);

  void mouse_move(float x, float y);
  // The pointer left (touch lifted, mouse out of the page): no hover.
  void mouse_leave();
  void mouse_button(int button, bool down);
  void wheel(float dx, float dy);
  void key(int key, bool down, int mods);
  void text(std::string utf8);
  void focus(bool gained);

  // Applies the events that fit in this frame to io; call before NewFrame().
  // Returns true when events remain for the next frame.
  bool apply(ImGuiIO& io);

  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }
  // True while a key other than a modifier, or a mouse button, is held: ImGui
  // then needs frames for key repeat and drags.
  bool anything_held() const;

 private:
  std::vector<Event> events_;
  bool keys_down_[512] = {};
  bool mouse_down_[5] = {};
};

}  // namespace relance::input
