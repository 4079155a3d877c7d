#include "core/field_limits.h"

#include "core/text.h"

namespace relance {

std::optional<std::string> text_problem(std::string_view s, std::size_t max_cp, bool single_line) {
  if (!is_valid_utf8(s)) return "texte qui n'est pas de l'UTF-8 valide";
  if (single_line && s.find_first_of(std::string_view("\r\n\t\0", 4)) != std::string_view::npos)
    return "le texte ne peut contenir ni retour à la ligne, ni tabulation, ni caractère nul";
  if (utf8_length(s) > max_cp) return "texte trop long (" + std::to_string(max_cp) + " caractères au plus)";
  return std::nullopt;
}

}  // namespace relance
