#include <algorithm>
#include <cstring>

#include "core/bank/parse_util.h"
#include "core/text.h"

namespace relance::bank::detail {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const std::size_t colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

pugi::xml_node path(pugi::xml_node n, std::string_view p) {
  while (n && !p.empty()) {
    const std::size_t slash = p.find('/');
    n = child(n, p.substr(0, slash));
    p = slash == std::string_view::npos ? std::string_view() : p.substr(slash + 1);
  }
  return n;
}

std::string text_at(const pugi::xml_node& n, std::string_view p) {
  const pugi::xml_node x = path(n, p);
  if (!x) return {};
  return std::string(trim(x.child_value()));
}

std::string xml_path(const pugi::xml_node& n) {
  std::string out;
  for (pugi::xml_node x = n; x && x.type() == pugi::node_element; x = x.parent()) {
    std::string part = "/" + std::string(local_name(x));
    int index = 0, total = 0;
    if (pugi::xml_node parent = x.parent()) {
      for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || local_name(c) != local_name(x)) continue;
        ++total;
        if (c == x) index = total;
      }
    }
    if (total > 1) part += "[" + std::to_string(index) + "]";
    out.insert(0, part);
  }
  return out;
}

Result<std::string> xml_load(pugi::xml_document& doc, std::string_view bytes, std::string_view origin) {
  std::string text = to_utf8(bytes);
  const pugi::xml_parse_result r =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default,
                      pugi::encoding_utf8);
  if (!r) {
    const int line = line_of(text, static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, r.offset)));
    return error_at(origin, line, std::string("XML mal formé (") + r.description() + ")");
  }
  return text;
}

}  // namespace relance::bank::detail
