// The limits on text fields, shared by the commands (core/commands.cpp) and
// the file readers (core/storage.cpp), so a ledger file cannot hold what the
// commands refuse: a name or an invoice number on several lines (« Objet :
// … F-2026-0003\r\nBcc: … » in a rendered message), a NUL, a 10 MB name.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace relance {

inline constexpr std::size_t kMaxNameChars = 500;     // names, contact, address lines, codes
inline constexpr std::size_t kMaxNumberChars = 60;    // invoice numbers
inline constexpr std::size_t kMaxLabelChars = 2000;   // invoice labels, reasons
inline constexpr std::size_t kMaxNotesChars = 20000;  // free notes

// Why `s` is not acceptable (French), or nothing: not UTF-8, longer than
// `max_cp` code points, or (single_line) holding CR, LF, tab or NUL.
std::optional<std::string> text_problem(std::string_view s, std::size_t max_cp, bool single_line);

}  // namespace relance
