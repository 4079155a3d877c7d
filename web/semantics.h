// The semantics of each frame: what the UI drew, as a screen reader, the
// browser's find-in-page and the keyboard need it (issue 14).
//
// Every frame records, in drawing order, one node per thing a user can read
// or use: headings and text (ui::text, ui::heading...), buttons, checkboxes,
// radio buttons, text fields, tabs, table cells and column headers, dialogs
// (popups). Interactive items come from ImGui's test-engine hooks
// (IMGUI_ENABLE_TEST_ENGINE), so a bare ImGui::Button is caught too; text
// from the ui:: text helpers. Only what is visible is recorded (the clipper
// of a 100 000-row table leaves the rest undrawn).
//
// At the end of a frame the model is serialized; when it differs from the
// last one published, platform::publish_semantics() hands it to the page,
// which mirrors it in a transparent DOM overlay (library_relance.js). An idle
// frame publishes nothing; an idle tab draws no frame.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

namespace relance::semantics {

enum class Role : std::uint8_t { text, heading, button, link, checkbox, radio, textbox, tab, columnheader, status, combobox };
const char* role_name(Role r);

struct Node {
  ImGuiID id = 0;  // the ImGui id; for text, a hash of where and what it is
  Role role = Role::text;
  std::string name;   // the accessible name (visible label, or the text itself)
  std::string value;  // a text field's value
  float x = 0, y = 0, w = 0, h = 0;  // in CSS pixels (ImGui coordinates)
  bool checked = false, selected = false, disabled = false, active = false, multiline = false;
  bool error = false;     // an error message (of the field before it)
  bool expanded = false;  // a combo box whose list is open
  int level = 0;  // heading level
  // Table cell: the table's id, the row (0 = the header row when the table
  // has one) and column; table 0 when outside a table.
  ImGuiID table = 0;
  int row = -1, column = -1;
  bool header_row = false;
  // The popup or modal window the node is in (0: none), and its title.
  ImGuiID dialog = 0;
  std::string dialog_name;
};

// Called by ui::begin_frame / ui::end_frame around each frame.
void begin_frame();
void end_frame();

// Records a text item just drawn (the last ImGui item) with its text.
void record_text(std::string_view text, Role role = Role::text, int level = 0);
// The role and/or name the next interactive item gets instead of what its
// ImGui label says (a radio button, a field whose label is drawn above it).
void next_role(Role role);
void next_name(std::string_view name);
// The text just recorded is an error message: it describes the field drawn
// before it (aria-describedby, aria-invalid in the page).
void mark_last_error();
// The next item is a combo box (ImGui::BeginCombo, which reports no label to
// the hooks) named `name`, showing `value`: call just before BeginCombo.
void next_combo(std::string_view name, std::string_view value);
// Names the last item (after a bare ImGui call with a "##id" label).
void name_last(std::string_view name);

// For the ui:: helpers: the state of the next tab or radio button, a text
// field's value.
namespace detail {
void next_selected(bool selected);
void set_last_value(ImGuiID id, const std::string& value, bool multiline);
// ui::track / track_text after a bare ImGui item: the item's name when
// ImGui's label has none ("##recherche"), and a text field's value.
void tracked(ImGuiID id, std::string_view label, const std::string* value);
}  // namespace detail

// The nodes of the last complete frame, in reading order.
const std::vector<Node>& nodes();
// The model as published: a JSON array of nodes.
std::string to_json(const std::vector<Node>& nodes);
// How many times the model was published (changed) since start.
int publish_count();
// How long end_frame() took (serialize, compare, publish) in the last 240
// frames, in ms (the browser benchmark reads it).
const std::vector<float>& end_frame_times();

// The widget that has the keyboard focus in the page (the overlay element
// focused); the app draws a focus ring around it. 0: none. With leave_edit
// (Tab, a screen reader moving), the widget ImGui holds active is let go, as a
// click elsewhere would; without it (focus given back to a field after its
// edit ended, maybe on a press of another widget) only the ring moves.
void set_focus(ImGuiID id, bool leave_edit = true);
ImGuiID focus();

}  // namespace relance::semantics
