// Charts drawn with ImDrawList for the Rapports screen: bars with their
// amounts (aging balance) and a line over months (DSO). They own no data: the
// caller passes what the report computed. Each reserves its area as one item,
// tracked under its id, and shows a tooltip for the bar or point under the
// mouse.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/money.h"
#include "imgui.h"

namespace relance::charts {

struct Bar {
  std::string label;    // "1\u201330 jours"
  Cents amount = 0;
  ImU32 color = 0;
  std::string tooltip;  // shown on hover
};

// Vertical bars (amount above, label below) when each gets at least
// ~6 font sizes of width, else horizontal rows (label, bar, amount), which
// read well on a phone.
void bars(const char* id, const std::vector<Bar>& bars);

struct Point {
  std::string label;         // "nov."
  std::optional<int> value;  // no value: a gap in the line
  std::string tooltip;
};

// A line over the points with a value, a dot and its value on each, grid
// lines on round values, labels under the x axis (every other one when
// crowded). `unit` follows values on the axis ("j").
void line(const char* id, const std::vector<Point>& points, float height, const char* unit);

}  // namespace relance::charts
