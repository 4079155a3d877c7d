// Streaming JSON: what reading and writing a big document piece by piece
// needs (the ledger file, core/ledger_file.cpp), next to core/json_io.h.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/json_io.h"

namespace relance {

// The place of a syntax error found at `position` (nlohmann's 1-based byte
// position, just past the offending character) in `text`: "origin:line:column".
Error json_syntax_error(std::string_view text, std::string_view origin, std::size_t position, const std::string& token);
// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);
// Writes one JSON document piece by piece into `out`, with exactly the bytes
// dump_json(whole document, indent) would give: containers are opened and
// closed here, values (a record, built as a small Json) are serialized at
// their depth. Lets a big document be written without a DOM of all of it.
class JsonAppender {
 public:
  JsonAppender(std::string& out, int indent);
  void open_object() { open('{'); }
  void close_object() { close('}'); }
  void open_array() { open('['); }
  void close_array() { close(']'); }
  // In an object: the key of the next member (ASCII, not escaped).
  void key(std::string_view k);
  // In an array: starts the next item.
  void item() { next_item(); }
  // A whole value, after key() or item() (or as the document).
  void value(const Json& j) { value(j, static_cast<unsigned>(first_.size())); }

 private:
  void open(char bracket);
  void close(char bracket);
  void next_item();
  void value(const Json& j, unsigned level);

  std::string& out_;
  int indent_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  nlohmann::detail::serializer<Json> serializer_;
};

}  // namespace relance
