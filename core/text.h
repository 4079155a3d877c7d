// Text helpers: UTF-8 checks and conversions, Windows-1252, folding for
// matching names typed by people ("Échéance" matches "echeance").
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace relance {

bool is_valid_utf8(std::string_view s);
// Decodes UTF-8; invalid sequences become U+FFFD.
std::u32string utf8_to_u32(std::string_view s);
void append_utf8(std::string& out, char32_t cp);
std::string u32_to_utf8(std::u32string_view s);
// Number of code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view s);
// Keeps at most max_cp code points, never cutting a sequence in two.
std::string utf8_truncate(std::string_view s, std::size_t max_cp);

// Windows-1252 (what Excel writes for "CSV (séparateur : point-virgule)" on a
// French Windows) to UTF-8. Undefined bytes 0x81 0x8D 0x8F 0x90 0x9D become
// U+FFFD.
std::string cp1252_to_utf8(std::string_view s);
// UTF-8 to Windows-1252; characters it cannot hold become '?'. Returns the
// number of such replacements through `lost` when given.
std::string utf8_to_cp1252(std::string_view s, std::size_t* lost = nullptr);

std::string_view trim(std::string_view s);
// Lower-case ASCII, accents removed from Latin letters, œ→oe, æ→ae,
// punctuation and spaces collapsed to single spaces: for matching headers and
// names, never for display.
std::string fold(std::string_view s);

std::vector<std::string_view> split_lines(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string replace_all(std::string s, std::string_view from, std::string_view to);

// Replaces control characters (except tab and line feed) with spaces and
// invalid UTF-8 with U+FFFD: for user text that ends up in documents.
std::string sanitize_text(std::string_view s);

}  // namespace relance
