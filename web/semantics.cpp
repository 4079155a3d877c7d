#include "web/semantics.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "imgui_internal.h"
#include "web/platform.h"

namespace relance::semantics {

const char* role_name(Role r) {
  switch (r) {
    case Role::text: return "text";
    case Role::heading: return "heading";
    case Role::button: return "button";
    case Role::link: return "link";
    case Role::checkbox: return "checkbox";
    case Role::radio: return "radio";
    case Role::textbox: return "textbox";
    case Role::tab: return "tab";
    case Role::columnheader: return "columnheader";
    case Role::status: return "status";
    case Role::combobox: return "combobox";
  }
  return "text";
}

namespace {

struct State {
  std::vector<Node> current, last;
  std::unordered_set<ImGuiID> used_ids;  // this frame's ids, to keep text ids unique
  std::size_t published_hash = 0;
  bool published_any = false;
  int publish_count = 0;
  std::vector<float> end_times;
  // Overrides for the next interactive item.
  bool has_next_role = false;
  Role next_role = Role::button;
  bool next_selected = false;
  std::string next_name;
  bool has_next_name = false;
  bool has_combo = false;
  std::string combo_name, combo_value;
  ImGuiID focus = 0;
  bool focus_moved = false;
};
State g;

// The visible part of a label: up to "##" ("###" too).
std::string_view visible(std::string_view label) {
  std::size_t hash = label.find("##");
  return hash == std::string_view::npos ? label : label.substr(0, hash);
}

std::string trimmed(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

// Whether any of bb shows inside the current window's clip rect.
bool visible_rect(const ImGuiContext& ctx, const ImRect& bb) {
  const ImGuiWindow* w = ctx.CurrentWindow;
  if (!w || w->SkipItems) return false;
  if (bb.GetWidth() <= 0 && bb.GetHeight() <= 0) return false;
  return w->ClipRect.Overlaps(bb);
}

// Where the item is: its table cell and its dialog.
void place(const ImGuiContext& ctx, Node& n, const ImRect& bb) {
  // Clipped to what the window shows (a half-scrolled row stays in place).
  ImRect r = bb;
  if (ctx.CurrentWindow) r.ClipWith(ctx.CurrentWindow->ClipRect);
  n.x = std::round(r.Min.x * 4) / 4;
  n.y = std::round(r.Min.y * 4) / 4;
  n.w = std::round(r.GetWidth() * 4) / 4;
  n.h = std::round(r.GetHeight() * 4) / 4;
  if (const ImGuiTable* t = ctx.CurrentTable; t && t->IsInsideRow && t->InnerWindow == ctx.CurrentWindow) {
    n.table = t->ID;
    n.row = t->CurrentRow;
    n.column = t->CurrentColumn;
    n.header_row = (t->RowFlags & ImGuiTableRowFlags_Headers) != 0;
  }
  if (const ImGuiWindow* w = ctx.CurrentWindow) {
    const ImGuiWindow* root = w->RootWindow;
    if (root && (root->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal)) &&
        !(root->Flags & ImGuiWindowFlags_Tooltip)) {
      n.dialog = root->ID;
      n.dialog_name = trimmed(visible(root->Name));
    }
  }
}

// A new node for id, or the last one when it is the same item again.
Node& node_for(ImGuiID id) {
  if (id != 0 && !g.current.empty() && g.current.back().id == id) return g.current.back();
  g.current.emplace_back();
  g.current.back().id = id;
  if (id != 0) g.used_ids.insert(id);
  return g.current.back();
}

void take_overrides(Node& n) {
  if (g.has_next_role) {
    n.role = g.next_role;
    if (n.role == Role::tab || n.role == Role::radio) n.selected = n.checked = g.next_selected;
  }
  if (g.has_next_name) n.name = g.next_name;
  g.has_next_role = g.has_next_name = false;
  g.next_name.clear();
}

}  // namespace

void begin_frame() {
  ImGuiContext& ctx = *ImGui::GetCurrentContext();
  ctx.TestEngineHookItems = true;
  // The page moved the focus to another widget (Tab): the field being edited
  // is left, as a click elsewhere would leave it.
  if (g.focus_moved) {
    g.focus_moved = false;
    if (g.focus != 0 && ctx.ActiveId != 0 && ctx.ActiveId != g.focus) ImGui::ClearActiveID();
  }
  g.current.clear();
  g.used_ids.clear();
  g.has_next_role = g.has_next_name = g.has_combo = false;
}

namespace {
void draw_focus_ring() {
  if (g.focus == 0) return;
  for (const Node& n : g.current) {
    if (n.id != g.focus) continue;
    // 2 px, dark blue on white and yellow inside: visible on any background.
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    const ImVec2 a(n.x - 3, n.y - 3), b(n.x + n.w + 3, n.y + n.h + 3);
    dl->AddRect(a, b, IM_COL32(0, 48, 135, 255), 3.0f, 0, 2.0f);
    dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), IM_COL32(255, 255, 255, 255), 4.0f, 0, 2.0f);
    return;
  }
}
}  // namespace

namespace {
// FNV-1a over every field the page reads, strings with their sizes.
std::size_t hash_nodes(const std::vector<Node>& nodes) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* p, std::size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ c[i]) * 1099511628211ull;
  };
  auto str = [&mix](const std::string& v) {
    const std::size_t n = v.size();
    mix(&n, sizeof n);
    mix(v.data(), n);
  };
  for (const Node& n : nodes) {
    mix(&n.id, sizeof n.id);
    mix(&n.role, sizeof n.role);
    str(n.name);
    str(n.value);
    str(n.dialog_name);
    const float box[4] = {n.x, n.y, n.w, n.h};
    mix(box, sizeof box);
    const unsigned char flags[8] = {n.checked, n.selected, n.disabled, n.active, n.multiline, n.error, n.expanded,
                                    n.header_row};
    mix(flags, sizeof flags);
    const int where[3] = {n.level, n.row, n.column};
    mix(where, sizeof where);
    mix(&n.table, sizeof n.table);
    mix(&n.dialog, sizeof n.dialog);
  }
  return static_cast<std::size_t>(h);
}
}  // namespace

void end_frame() {
  const auto t0 = std::chrono::steady_clock::now();
  // A dialog without a title of its own is named by its first text.
  for (Node& n : g.current) {
    if (n.dialog == 0 || !n.dialog_name.empty()) continue;
    for (const Node& m : g.current)
      if (m.dialog == n.dialog && (m.role == Role::heading || m.role == Role::text) && !m.name.empty()) {
        n.dialog_name = m.name;
        break;
      }
  }
  // A row's selectable drawn under its cells ("##inv-12": no label of its
  // own) is named by the first text of its row.
  for (Node& n : g.current) {
    if (!n.name.empty() || n.table == 0 || n.role == Role::text || n.role == Role::heading) continue;
    for (const Node& m : g.current)
      if (m.table == n.table && m.row == n.row && m.role == Role::text && !m.name.empty()) {
        n.name = m.name;
        break;
      }
  }
  draw_focus_ring();
  std::swap(g.current, g.last);
  // Serialized only when it changed: a frame that changes nothing costs a
  // hash of the nodes.
  const std::size_t h = hash_nodes(g.last);
  if (!g.published_any || h != g.published_hash) {
    g.published_any = true;
    g.published_hash = h;
    ++g.publish_count;
    platform::publish_semantics(to_json(g.last));
  }
  if (g.end_times.size() >= 240) g.end_times.erase(g.end_times.begin());
  g.end_times.push_back(std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

void record_text(std::string_view text, Role role, int level) {
  ImGuiContext& ctx = *ImGui::GetCurrentContext();
  const ImRect bb = ctx.LastItemData.Rect;
  std::string name = trimmed(text);
  if (name.empty() || !visible_rect(ctx, bb)) return;
  // A stable id for the diff: where it is (window, cell) and what it says.
  ImGuiID seed = ctx.CurrentWindow ? ctx.CurrentWindow->ID : 0;
  if (const ImGuiTable* t = ctx.CurrentTable; t && t->IsInsideRow)
    seed = ImHashData(&t->CurrentColumn, sizeof(int), seed + static_cast<ImGuiID>(t->CurrentRow) * 7919u);
  ImGuiID id = ImHashStr(name.data(), name.size(), seed);
  while (id == 0 || g.used_ids.count(id)) ++id;
  Node& n = node_for(0);
  n.id = id;
  g.used_ids.insert(id);
  n.role = role;
  n.level = level;
  n.name = std::move(name);
  place(ctx, n, bb);
}

void mark_last_error() {
  if (!g.current.empty() && g.current.back().role == Role::text) g.current.back().error = true;
}

void next_combo(std::string_view name, std::string_view value) {
  g.has_combo = true;
  g.combo_name = trimmed(visible(name));
  g.combo_value = std::string(value);
}

void next_role(Role role) {
  g.has_next_role = true;
  g.next_role = role;
  g.next_selected = false;
}

void next_name(std::string_view name) {
  g.has_next_name = true;
  g.next_name = trimmed(visible(name));
}

void name_last(std::string_view name) {
  ImGuiContext& ctx = *ImGui::GetCurrentContext();
  const ImGuiLastItemData& item = ctx.LastItemData;
  if (item.ID == 0) return;
  if (g.current.empty() || g.current.back().id != item.ID) {
    // An item that reports no label to the hooks (ArrowButton): a button.
    if (!visible_rect(ctx, item.Rect)) return;
    Node& n = node_for(item.ID);
    n.role = Role::button;
    n.disabled = (item.InFlags & ImGuiItemFlags_Disabled) != 0;
    place(ctx, n, item.Rect);
  }
  g.current.back().name = trimmed(visible(name));
}

namespace detail {
void next_selected(bool selected) { g.next_selected = selected; }
void set_last_value(ImGuiID id, const std::string& value, bool multiline) {
  if (g.current.empty() || g.current.back().id != id) return;
  g.current.back().value = value;
  g.current.back().multiline = multiline;
}
void tracked(ImGuiID id, std::string_view label, const std::string* value) {
  if (g.current.empty() || g.current.back().id != id || id == 0) return;
  Node& n = g.current.back();
  if (n.name.empty()) n.name = trimmed(visible(label));
  if (value && n.role == Role::textbox) n.value = *value;
}
}  // namespace detail

const std::vector<Node>& nodes() { return g.last; }
int publish_count() { return g.publish_count; }
const std::vector<float>& end_frame_times() { return g.end_times; }
void set_focus(ImGuiID id, bool leave_edit) {
  if (id != g.focus && leave_edit) g.focus_moved = true;
  g.focus = id;
}
ImGuiID focus() { return g.focus; }

std::string to_json(const std::vector<Node>& nodes) {
  nlohmann::json out = nlohmann::json::array();
  for (const Node& n : nodes) {
    nlohmann::json j = {{"id", n.id}, {"role", role_name(n.role)}, {"name", n.name},
                        {"x", n.x}, {"y", n.y}, {"w", n.w}, {"h", n.h}};
    if (!n.value.empty()) j["value"] = n.value;
    if (n.role == Role::checkbox || n.role == Role::radio) j["checked"] = n.checked;
    if (n.role == Role::tab) j["selected"] = n.selected;
    if (n.disabled) j["disabled"] = true;
    if (n.active) j["active"] = true;
    if (n.multiline) j["multiline"] = true;
    if (n.error) j["error"] = true;
    if (n.role == Role::combobox) j["expanded"] = n.expanded;
    if (n.level) j["level"] = n.level;
    if (n.table) {
      j["table"] = n.table;
      j["row"] = n.row;
      j["col"] = n.column;
      if (n.header_row) j["header"] = true;
    }
    if (n.dialog) {
      j["dialog"] = n.dialog;
      j["dialogName"] = n.dialog_name;
    }
    out.push_back(std::move(j));
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace relance::semantics

// [SECTION] ImGui's test-engine hooks ----------------------------------------------
// ImGui calls these for every item when IMGUI_ENABLE_TEST_ENGINE is defined
// and the context's TestEngineHookItems is set (begin_frame sets it).

using relance::semantics::Node;
using relance::semantics::Role;

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
  using relance::semantics::g;
  if (g.has_combo) {
    // BeginCombo's item (announced by next_combo); its list is open when its
    // popup is (BeginCombo's own popup id).
    g.has_combo = false;
    if (!relance::semantics::visible_rect(*ctx, bb)) return;
    Node& n = relance::semantics::node_for(id);
    n.role = Role::combobox;
    n.name = g.combo_name;
    n.value = g.combo_value;
    n.expanded = ImGui::IsPopupOpen(ImHashStr("##ComboPopup", 0, id), ImGuiPopupFlags_None);
    n.disabled = (ctx->CurrentItemFlags & ImGuiItemFlags_Disabled) != 0;
    relance::semantics::place(*ctx, n, bb);
    return;
  }
  // Column headers: TableHeader() adds an item but reports no label.
  const ImGuiTable* t = ctx->CurrentTable;
  if (!t || !t->IsInsideRow || !(t->RowFlags & ImGuiTableRowFlags_Headers) || t->InnerWindow != ctx->CurrentWindow)
    return;
  if (!relance::semantics::visible_rect(*ctx, bb)) return;
  const char* name = ImGui::TableGetColumnName(t->CurrentColumn);
  if (!name) return;
  Node& n = relance::semantics::node_for(id);
  n.role = Role::columnheader;
  n.name = relance::semantics::trimmed(relance::semantics::visible(name));
  relance::semantics::place(*ctx, n, bb);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
  using namespace relance::semantics;
  const ImGuiLastItemData& item = ctx->LastItemData;
  if (id == 0 || item.ID != id) return;
  if (!visible_rect(*ctx, item.Rect)) {
    g.has_next_role = g.has_next_name = false;
    return;
  }
  Node& n = node_for(id);
  n.name = trimmed(visible(label ? label : ""));
  if (item.InFlags & ImGuiItemFlags_Inputable) {
    n.role = Role::textbox;
  } else if (flags & ImGuiItemStatusFlags_Checkable) {
    n.role = Role::checkbox;
    n.checked = (flags & ImGuiItemStatusFlags_Checked) != 0;
  } else {
    n.role = Role::button;
  }
  n.disabled = (item.InFlags & ImGuiItemFlags_Disabled) != 0;
  n.active = ctx->ActiveId == id;
  take_overrides(n);
  place(*ctx, n, item.NavRect.GetWidth() > 0 ? item.NavRect : item.Rect);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
