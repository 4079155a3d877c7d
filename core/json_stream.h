// Streaming JSON: what reading and writing a big document piece by piece
// needs (the ledger file, core/ledger_file.cpp), next to core/json_io.h.
#pragma once
#include <charconv>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/json_io.h"

namespace relance {

// The place of a syntax error found at `position` (nlohmann's 1-based byte
// position, just past the offending character) in `text`: "origin:line:column".
Error json_syntax_error(std::string_view text, std::string_view origin, std::size_t position, const std::string& token);
// `text` without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text);
// Appends `s` as a JSON string, quotes included: the bytes nlohmann's
// serializer gives (dump_json: no \u escapes but for control characters,
// invalid UTF-8 replaced by U+FFFD), copying the runs that need no escaping
// whole instead of byte by byte.
void append_json_string(std::string& out, std::string_view s);

// One JSON object written straight into text at depth `level` of a document
// indented by `indent` (< 0: compact), with the bytes nlohmann's serializer
// gives for the same object. The constructor opens it, close() ends it; in
// between, its members in order. The record writers of core/record_codec.cpp
// fill either this or a Json object with the same code, so a record's big
// texts go to the file without a Json copy of them.
class JsonObjectWriter {
 public:
  JsonObjectWriter(std::string& out, int indent, unsigned level);
  void close();

  template <class N>
  void number(std::string_view key, N v) {
    static_assert(std::is_integral_v<N> && !std::is_same_v<N, bool>);
    member(key);
    append_integer(v);
  }
  void string(std::string_view key, std::string_view s) {
    member(key);
    append_json_string(out_, s);
  }
  void boolean(std::string_view key, bool b) {
    member(key);
    out_ += b ? "true" : "false";
  }
  // An array of integers.
  template <class N>
  void numbers(std::string_view key, const std::vector<N>& v) {
    member(key);
    open_array(v.empty());
    for (std::size_t i = 0; i < v.size(); ++i) {
      array_item(i == 0);
      append_integer(v[i]);
    }
    close_array(v.empty());
  }
  // An array of strings.
  void strings(std::string_view key, const std::vector<std::string>& v) {
    member(key);
    open_array(v.empty());
    for (std::size_t i = 0; i < v.size(); ++i) {
      array_item(i == 0);
      append_json_string(out_, v[i]);
    }
    close_array(v.empty());
  }
  // A nested object, whose members fill(JsonObjectWriter&) writes.
  template <class F>
  void object(std::string_view key, F fill) {
    member(key);
    JsonObjectWriter o(out_, indent_, level_ + 1);
    fill(o);
    o.close();
  }
  // An array of objects, one per item, filled by fill(JsonObjectWriter&, item).
  template <class T, class F>
  void list(std::string_view key, const std::vector<T>& items, F fill) {
    member(key);
    open_array(items.empty());
    for (std::size_t i = 0; i < items.size(); ++i) {
      array_item(i == 0);
      JsonObjectWriter o(out_, indent_, level_ + 2);
      fill(o, items[i]);
      o.close();
    }
    close_array(items.empty());
  }

 private:
  void member(std::string_view key);
  void newline(unsigned level);
  void open_array(bool empty);
  void array_item(bool first);
  void close_array(bool empty);
  template <class N>
  void append_integer(N v) {
    char buf[24];
    out_.append(buf, static_cast<std::size_t>(std::to_chars(buf, buf + sizeof buf, v).ptr - buf));
  }

  std::string& out_;
  int indent_;
  unsigned level_;
  bool empty_ = true;
};

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
  // An object value written by fill(JsonObjectWriter&), at this depth.
  template <class F>
  void object_value(F fill) {
    JsonObjectWriter o(out_, indent_, static_cast<unsigned>(first_.size()));
    fill(o);
    o.close();
  }

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
