// What a screen shows until the second round writes it.
#pragma once
#include <string_view>

#include "web/ui.h"

namespace relance::ui {

inline void placeholder(std::string_view title, std::string_view what) {
  ImGui::Dummy(em(0, 0.25f));
  heading(title);
  ImGui::Spacing();
  note(what);
}

}  // namespace relance::ui
