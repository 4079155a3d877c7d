// Helpers shared by the statement readers (not part of the API).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/bank/statement.h"

namespace relance::bank::detail {

// Text as UTF-8: a UTF-8 BOM removed; bytes that are not valid UTF-8 read as
// Windows-1252 (a superset of ISO-8859-1 for what banks write).
std::string to_utf8(std::string_view bytes, bool force_cp1252 = false);

// "1234.56", "-80", "850.0", "+12,5", "100.00000": an optional sign, digits,
// an optional '.' or ',' with decimals (beyond two, only zeros).
std::optional<Cents> parse_decimal(std::string_view s);

// 1-based line of a byte offset.
int line_of(std::string_view text, std::size_t offset);

// "« text »", cut to 40 characters.
std::string shown(std::string_view s);

// Collapses runs of white space to one space and trims.
std::string squeeze(std::string_view s);

// Appends `more` to `to` with a space between, unless empty or already there.
void append_text(std::string& to, std::string_view more);

Error error_at(std::string_view origin, int line, std::string what);

}  // namespace relance::bank::detail

#include <pugixml.hpp>

namespace relance::bank::detail {

// The element's name without its namespace prefix.
std::string_view local_name(const pugi::xml_node& n);
// The first child element with this local name.
pugi::xml_node child(const pugi::xml_node& n, std::string_view name);
// child(child(n, a), b)... along a '/'-separated path.
pugi::xml_node path(pugi::xml_node n, std::string_view p);
// Trimmed text of the element at `p` under n ("" when absent).
std::string text_at(const pugi::xml_node& n, std::string_view p);
// "/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]": indexes where a name repeats.
std::string xml_path(const pugi::xml_node& n);
// Parses XML (UTF-8 forced after to_utf8); an error names the line.
Result<std::string> xml_load(pugi::xml_document& doc, std::string_view bytes, std::string_view origin);

}  // namespace relance::bank::detail
