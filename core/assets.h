// Data files from assets/ compiled into the binary (see cmake/embed.cmake).
#pragma once
#include <string_view>
#include <vector>

namespace relance {

// The bytes of assets/<name>, or an empty view when no such asset was embedded.
std::string_view embedded_asset(std::string_view name);
std::vector<std::string_view> embedded_asset_names();

}  // namespace relance
