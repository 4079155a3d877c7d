#include "web/reports_charts.h"

#include <algorithm>
#include <cmath>

#include "web/semantics.h"
#include "web/ui.h"

namespace relance::charts {

namespace {

ImU32 ink() { return ImGui::GetColorU32(ImGuiCol_Text); }
ImU32 muted() { return ImGui::GetColorU32(ImGuiCol_TextDisabled); }
ImU32 grid() { return ImGui::GetColorU32(ImVec4(0.86f, 0.88f, 0.91f, 1.0f)); }

void text_at(ImDrawList* dl, ImVec2 pos, ImU32 color, const std::string& text) {
  dl->AddText(pos, color, text.c_str(), text.c_str() + text.size());
}

ImVec2 size_of(const std::string& text) { return ImGui::CalcTextSize(text.c_str(), text.c_str() + text.size()); }

void tooltip(const std::string& text) {
  if (text.empty()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ui::em(22));
  ui::text(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// A step for grid lines: 1, 2 or 5 times a power of ten, about `count` lines.
int nice_step(int max_value, int count) {
  const double raw = std::max(1.0, static_cast<double>(max_value) / count);
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= raw) return static_cast<int>(m * p);
  return static_cast<int>(10 * p);
}

// The chart's text alternative: over the chart just drawn (its invisible
// button, which the overlay does not show), a text node saying what it
// shows, for a screen reader and find-in-page (« Balance âgée : Non échue
// 1 200,00 € ; … »).
void describe(const char* id, const std::string& values) {
  std::string_view title(id);
  title = title.substr(0, title.find("##"));
  semantics::record_text(std::string(title) + " : " + values);
}

}  // namespace

void bars(const char* id, const std::vector<Bar>& data) {
  if (data.empty()) return;
  const float width = ImGui::GetContentRegionAvail().x;
  const float line = ImGui::GetTextLineHeight();
  Cents max = 0;
  for (const Bar& b : data) max = std::max(max, b.amount);
  const bool vertical = width / static_cast<float>(data.size()) >= ui::em(5.2f);
  std::string values;
  for (const Bar& b : data) values += (values.empty() ? "" : " ; ") + b.label + " " + format_eur(b.amount);

  if (vertical) {
    const float height = ui::em(11);
    ImGui::InvisibleButton(id, ImVec2(width, height));
    ui::track(id);
    describe(id, values);
    const ImVec2 a = ImGui::GetItemRectMin();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float col = width / static_cast<float>(data.size());
    const float base = a.y + height - line * 1.3f;  // room for the labels under the axis
    const float top = a.y + line * 1.2f;            // room for the amount above the tallest bar
    const float bar_w = std::min(col * 0.62f, ui::em(5));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    for (std::size_t i = 0; i < data.size(); ++i) {
      const Bar& b = data[i];
      const float cx = a.x + col * (static_cast<float>(i) + 0.5f);
      const float h = max > 0 ? (base - top) * static_cast<float>(static_cast<double>(b.amount) / static_cast<double>(max)) : 0;
      const ImVec2 p0(cx - bar_w / 2, base - std::max(h, b.amount > 0 ? 2.0f : 0.0f)), p1(cx + bar_w / 2, base);
      dl->AddRectFilled(p0, p1, b.color, ui::em(0.15f), ImDrawFlags_RoundCornersTop);
      const std::string amount = format_eur(b.amount);
      const ImVec2 as = size_of(amount);
      text_at(dl, ImVec2(cx - as.x / 2, p0.y - line * 1.05f), ink(), amount);
      const ImVec2 ls = size_of(b.label);
      text_at(dl, ImVec2(cx - ls.x / 2, base + line * 0.2f), muted(), b.label);
      if (ImGui::IsItemHovered() && mouse.x >= a.x + col * static_cast<float>(i) && mouse.x < a.x + col * static_cast<float>(i + 1))
        tooltip(b.tooltip);
    }
    dl->AddLine(ImVec2(a.x, base), ImVec2(a.x + width, base), muted(), 1.0f);
    return;
  }

  // Horizontal rows: label | bar | amount.
  float label_w = 0, amount_w = 0;
  for (const Bar& b : data) {
    label_w = std::max(label_w, size_of(b.label).x);
    amount_w = std::max(amount_w, size_of(format_eur(b.amount)).x);
  }
  const float row = line * 1.5f;
  const float height = row * static_cast<float>(data.size());
  ImGui::InvisibleButton(id, ImVec2(width, height));
  ui::track(id);
  describe(id, values);
  const ImVec2 a = ImGui::GetItemRectMin();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float gap = ui::em(0.4f);
  const float bar_x = a.x + label_w + gap;
  const float bar_max = std::max(ui::em(2), width - label_w - amount_w - gap * 2);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const Bar& b = data[i];
    const float y = a.y + row * static_cast<float>(i);
    text_at(dl, ImVec2(a.x, y + (row - line) / 2), muted(), b.label);
    const float w = max > 0 ? bar_max * static_cast<float>(static_cast<double>(b.amount) / static_cast<double>(max)) : 0;
    const float bw = std::max(w, b.amount > 0 ? 2.0f : 0.0f);
    dl->AddRectFilled(ImVec2(bar_x, y + row * 0.15f), ImVec2(bar_x + bw, y + row * 0.85f), b.color, ui::em(0.15f),
                      ImDrawFlags_RoundCornersRight);
    text_at(dl, ImVec2(bar_x + bw + gap, y + (row - line) / 2), ink(), format_eur(b.amount));
    if (ImGui::IsItemHovered() && mouse.y >= y && mouse.y < y + row) tooltip(b.tooltip);
  }
}

void line(const char* id, const std::vector<Point>& points, float height, const char* unit) {
  if (points.empty()) return;
  const float width = ImGui::GetContentRegionAvail().x;
  const float line_h = ImGui::GetTextLineHeight();
  std::string values;
  for (const Point& p : points)
    values += (values.empty() ? "" : " ; ") + p.label + " " + (p.value ? std::to_string(*p.value) + " " + unit : "\u2014");
  ImGui::InvisibleButton(id, ImVec2(width, height));
  ui::track(id);
  describe(id, values);
  const ImVec2 a = ImGui::GetItemRectMin();
  ImDrawList* dl = ImGui::GetWindowDrawList();

  int max = 0;
  for (const Point& p : points)
    if (p.value) max = std::max(max, *p.value);
  const int step = nice_step(std::max(max, 10), 4);
  const int top_value = std::max(step, ((max + step - 1) / step) * step);

  // The axis labels' width, from the widest value.
  const std::string widest = std::to_string(top_value) + " " + unit;
  const float axis_w = size_of(widest).x + ui::em(0.4f);
  const float x0 = a.x + axis_w, x1 = a.x + width - ui::em(0.8f);
  const float y_top = a.y + line_h * 1.3f, y_base = a.y + height - line_h * 1.4f;
  auto y_of = [&](int v) { return y_base - (y_base - y_top) * static_cast<float>(v) / static_cast<float>(top_value); };

  for (int v = 0; v <= top_value; v += step) {
    const float y = y_of(v);
    dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), v == 0 ? muted() : grid(), 1.0f);
    const std::string t = std::to_string(v) + " " + unit;
    text_at(dl, ImVec2(x0 - ui::em(0.3f) - size_of(t).x, y - line_h / 2), muted(), t);
  }

  const std::size_t n = points.size();
  const float dx = n > 1 ? (x1 - x0 - ui::em(1)) / static_cast<float>(n - 1) : 0;
  auto x_of = [&](std::size_t i) { return x0 + ui::em(0.5f) + dx * static_cast<float>(i); };
  // Labels: every other one when they would touch.
  float label_max = 0;
  for (const Point& p : points) label_max = std::max(label_max, size_of(p.label).x);
  const std::size_t every = (dx > 0 && label_max + ui::em(0.3f) > dx) ? 2 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    if ((n - 1 - i) % every != 0) continue;  // the latest month always has its label
    const ImVec2 s = size_of(points[i].label);
    text_at(dl, ImVec2(x_of(i) - s.x / 2, y_base + line_h * 0.25f), muted(), points[i].label);
  }

  const ImU32 accent = ImGui::GetColorU32(ImVec4(0.13f, 0.38f, 0.75f, 1.0f));
  for (std::size_t i = 1; i < n; ++i)
    if (points[i - 1].value && points[i].value)
      dl->AddLine(ImVec2(x_of(i - 1), y_of(*points[i - 1].value)), ImVec2(x_of(i), y_of(*points[i].value)), accent,
                  ui::em(0.14f));
  const bool show_values = dx >= ui::em(2.2f);
  for (std::size_t i = 0; i < n; ++i) {
    if (!points[i].value) continue;
    const ImVec2 c(x_of(i), y_of(*points[i].value));
    dl->AddCircleFilled(c, ui::em(0.22f), accent);
    if (show_values || i + 1 == n) {
      const std::string t = std::to_string(*points[i].value);
      const ImVec2 s = size_of(t);
      text_at(dl, ImVec2(c.x - s.x / 2, c.y - line_h * 1.15f), ink(), t);
    }
  }

  if (ImGui::IsItemHovered() && n > 0) {
    const float mx = ImGui::GetIO().MousePos.x;
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i)
      if (std::fabs(x_of(i) - mx) < std::fabs(x_of(best) - mx)) best = i;
    dl->AddLine(ImVec2(x_of(best), y_top), ImVec2(x_of(best), y_base), grid(), 1.0f);
    tooltip(points[best].tooltip);
  }
}

}  // namespace relance::charts
