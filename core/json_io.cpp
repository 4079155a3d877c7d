#include "core/json_io.h"
#include "core/json_stream.h"
#include "core/json_bytes.h"
#include "core/json_scan.h"

#include <cstdint>
#include <cstring>

#include "core/text.h"

namespace relance {
namespace {

// Finds where a syntax error is, through the SAX interface: it reports the
// byte offset without throwing.
struct ErrorLocator : nlohmann::json_sax<Json> {
  std::size_t position = 0;
  std::string token;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t pos, const std::string& last_token, const nlohmann::detail::exception&) override {
    position = pos;
    token = last_token;
    return false;
  }
};

}  // namespace

Error json_syntax_error(std::string_view text, std::string_view origin, std::size_t position, const std::string& token) {
  // position is 1-based and points just past the offending character.
  std::size_t pos = position > 0 ? position - 1 : 0;
  if (pos > text.size()) pos = text.size();
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < pos; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  std::string what = "JSON invalide";
  if (pos >= text.size())
    what += " : fin de texte inattendue";
  else if (!token.empty())
    what += " près de « " + utf8_truncate(sanitize_text(token), 20) + " »";
  return Error{std::string(origin) + ":" + std::to_string(line) + ":" + std::to_string(column), what};
}

std::string_view strip_bom(std::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

Result<Json> parse_json(std::string_view text, std::string_view origin) {
  text = strip_bom(text);
  {
    Json j;
    nlohmann::detail::json_sax_dom_parser<Json> builder(j, /*allow_exceptions=*/false);
    if (scan_json(text, builder) == ScanResult::ok) return j;
  }
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_discarded()) return j;
  ErrorLocator locator;
  Json::sax_parse(text.begin(), text.end(), &locator, nlohmann::detail::input_format_t::json, /*strict=*/true);
  return json_syntax_error(text, origin, locator.position, locator.token);
}

std::string dump_json(const Json& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::detail::error_handler_t::replace);
}

namespace {

using json_bytes::find_special;
using json_bytes::utf8_sequence;

void append_escape(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '\\';
  switch (c) {
    case '\b': out += 'b'; break;
    case '\t': out += 't'; break;
    case '\n': out += 'n'; break;
    case '\f': out += 'f'; break;
    case '\r': out += 'r'; break;
    case '"': out += '"'; break;
    case '\\': out += '\\'; break;
    default:  // another control character: \u00XX, lowercase as nlohmann writes it
      out += "u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  out += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* run = p;  // the bytes from run to p are copied as they are
  while ((p = find_special(p, end)) != end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence(p, end);
      if (n == 0) {
        // Invalid UTF-8 (never in what Relance reads, which refuses it): the
        // whole string goes through nlohmann's serializer, whose replacement
        // of the bad bytes by U+FFFD is the reference.
        out.resize(start);
        nlohmann::detail::serializer<Json> serializer(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                                                      nlohmann::detail::error_handler_t::replace);
        serializer.dump(Json(std::string(s)), false, /*ensure_ascii=*/false, 0);
        return;
      }
      p += n;
      continue;
    }
    out.append(run, static_cast<std::size_t>(p - run));
    append_escape(out, c);
    run = ++p;
  }
  // (pointer and size: libc++'s append of an iterator pair, in the wasm
  // build, copies byte by byte)
  out.append(run, static_cast<std::size_t>(end - run));
  out += '"';
}

JsonObjectWriter::JsonObjectWriter(std::string& out, int indent, unsigned level)
    : out_(out), indent_(indent), level_(level) {
  out_ += '{';
}

void JsonObjectWriter::newline(unsigned level) {
  out_ += '\n';
  out_.append(level * static_cast<std::size_t>(indent_), ' ');
}

void JsonObjectWriter::member(std::string_view key) {
  // Written in one append: separator, indentation, quoted key (the ledger's
  // own keys: plain ASCII, nothing to escape).
  char buf[128];
  const std::size_t spaces = indent_ >= 0 ? (level_ + 1) * static_cast<std::size_t>(indent_) : 0;
  if (key.size() + spaces + 6 > sizeof buf) {
    if (!empty_) out_ += ',';
    empty_ = false;
    if (indent_ >= 0) newline(level_ + 1);
    out_ += '"';
    out_ += key;
    out_ += indent_ >= 0 ? "\": " : "\":";
    return;
  }
  char* p = buf;
  if (!empty_) *p++ = ',';
  empty_ = false;
  if (indent_ >= 0) {
    *p++ = '\n';
    std::memset(p, ' ', spaces);
    p += spaces;
  }
  *p++ = '"';
  std::memcpy(p, key.data(), key.size());
  p += key.size();
  *p++ = '"';
  *p++ = ':';
  if (indent_ >= 0) *p++ = ' ';
  out_.append(buf, static_cast<std::size_t>(p - buf));
}

void JsonObjectWriter::close() {
  if (!empty_ && indent_ >= 0) newline(level_);
  out_ += '}';
}

void JsonObjectWriter::open_array(bool empty) { out_ += empty ? "[]" : "["; }

void JsonObjectWriter::array_item(bool first) {
  if (!first) out_ += ',';
  if (indent_ >= 0) newline(level_ + 2);
}

void JsonObjectWriter::close_array(bool empty) {
  if (empty) return;
  if (indent_ >= 0) newline(level_ + 1);
  out_ += ']';
}

JsonAppender::JsonAppender(std::string& out, int indent)
    : out_(out),
      indent_(indent),
      serializer_(nlohmann::detail::output_adapter<char, std::string>(out), ' ',
                  nlohmann::detail::error_handler_t::replace) {}

void JsonAppender::value(const Json& j, unsigned level) {
  if (indent_ >= 0)
    serializer_.dump(j, true, /*ensure_ascii=*/false, static_cast<unsigned>(indent_), level * static_cast<unsigned>(indent_));
  else
    serializer_.dump(j, false, /*ensure_ascii=*/false, 0);
}

void JsonAppender::open(char bracket) {
  out_ += bracket;
  first_.push_back(true);
}

void JsonAppender::next_item() {
  if (!first_.back()) out_ += ',';
  first_.back() = false;
  if (indent_ >= 0) {
    out_ += '\n';
    out_.append(first_.size() * static_cast<std::size_t>(indent_), ' ');
  }
}

void JsonAppender::key(std::string_view k) {
  next_item();
  out_ += '"';
  out_ += k;  // the ledger's own keys: plain ASCII, nothing to escape
  out_ += indent_ >= 0 ? "\": " : "\":";
}

void JsonAppender::close(char bracket) {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty && indent_ >= 0) {
    out_ += '\n';
    out_.append(first_.size() * static_cast<std::size_t>(indent_), ' ');
  }
  out_ += bracket;
}

const char* json_type_fr(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "un objet";
    case Json::value_t::array: return "un tableau";
    case Json::value_t::string: return "un texte";
    case Json::value_t::boolean: return "un booléen";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "un nombre entier";
    case Json::value_t::number_float: return "un nombre décimal";
    default: return "une valeur";
  }
}

Error JsonReader::first_error() const {
  if (errors_.empty()) return {};
  return errors_.front();
}

void JsonReader::fail(const std::string& path, std::string what) {
  if (errors_.size() < max_errors_) errors_.push_back({origin_.empty() ? path : origin_ + ": " + path, std::move(what)});
}

bool JsonReader::expect_object(const Json& j, const std::string& path) {
  if (j.is_object()) return true;
  fail(path, std::string("objet attendu, trouvé ") + json_type_fr(j));
  return false;
}

bool JsonReader::expect_array(const Json& j, const std::string& path) {
  if (j.is_array()) return true;
  fail(path, std::string("tableau attendu, trouvé ") + json_type_fr(j));
  return false;
}

const Json* JsonReader::member(const Json& obj, std::string_view key, const std::string& path, bool required) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(std::string(key));
  if (it == obj.end() || (it->is_null() && !required)) {
    if (required) fail(key_path(path, key), "champ obligatoire absent");
    return nullptr;
  }
  return &*it;
}

void JsonReader::read(const Json& obj, std::string_view key, const std::string& path, std::string& out,
                      bool required) {
  const Json* v = member(obj, key, path, required);
  if (!v) return;
  if (!v->is_string()) return fail(key_path(path, key), std::string("texte attendu, trouvé ") + json_type_fr(*v));
  const auto& s = v->get_ref<const std::string&>();
  if (!is_valid_utf8(s)) return fail(key_path(path, key), "texte qui n'est pas de l'UTF-8 valide");
  out = s;
}

void JsonReader::read(const Json& obj, std::string_view key, const std::string& path, bool& out, bool required) {
  const Json* v = member(obj, key, path, required);
  if (!v) return;
  if (!v->is_boolean()) return fail(key_path(path, key), std::string("true ou false attendu, trouvé ") + json_type_fr(*v));
  out = v->get<bool>();
}

void JsonReader::read(const Json& obj, std::string_view key, const std::string& path, int& out, bool required,
                      int min, int max) {
  std::int64_t wide = out;
  read(obj, key, path, wide, required, min, max);
  out = static_cast<int>(wide);
}

void JsonReader::read(const Json& obj, std::string_view key, const std::string& path, std::int64_t& out,
                      bool required, std::int64_t min, std::int64_t max) {
  const Json* v = member(obj, key, path, required);
  if (!v) return;
  std::int64_t value;
  if (v->is_number_integer()) {
    value = v->get<std::int64_t>();
  } else if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return fail(key_path(path, key), "nombre trop grand");
    value = static_cast<std::int64_t>(u);
  } else {
    return fail(key_path(path, key), std::string("nombre entier attendu, trouvé ") + json_type_fr(*v));
  }
  if (value < min || value > max)
    return fail(key_path(path, key),
                "nombre hors limites (" + std::to_string(min) + " à " + std::to_string(max) + ") : " + std::to_string(value));
  out = value;
}

void JsonReader::read_date(const Json& obj, std::string_view key, const std::string& path, Date& out,
                           bool required) {
  std::string s;
  const Json* v = member(obj, key, path, required);
  if (!v) return;
  if (!v->is_string()) return fail(key_path(path, key), std::string("date AAAA-MM-JJ attendue, trouvé ") + json_type_fr(*v));
  s = v->get<std::string>();
  if (s.empty()) {
    if (required) fail(key_path(path, key), "date obligatoire vide");
    out = Date();
    return;
  }
  const auto d = parse_iso_date(s);
  if (!d) return fail(key_path(path, key), "date AAAA-MM-JJ attendue, trouvé « " + utf8_truncate(sanitize_text(s), 40) + " »");
  out = *d;
}

void JsonReader::read_money(const Json& obj, std::string_view key, const std::string& path, Cents& out,
                            bool required, bool allow_negative) {
  const Json* v = member(obj, key, path, required);
  if (!v) return;
  if (!v->is_string())
    return fail(key_path(path, key), std::string("montant en texte attendu (\"1234.56\"), trouvé ") + json_type_fr(*v));
  const auto& s = v->get_ref<const std::string&>();
  const AmountParse p = parse_amount(s, AmountStyle::plain);
  if (!p.value) return fail(key_path(path, key), "montant invalide « " + utf8_truncate(sanitize_text(s), 40) + " » (" + p.error + ")");
  if (!allow_negative && *p.value < 0) return fail(key_path(path, key), "montant négatif : " + s);
  out = *p.value;
}

void JsonReader::read_rate(const Json& obj, std::string_view key, const std::string& path, BasisPoints& out,
                           bool required) {
  const Json* v = member(obj, key, path, required);
  if (!v) return;
  if (!v->is_string())
    return fail(key_path(path, key), std::string("taux en texte attendu (\"12.15\"), trouvé ") + json_type_fr(*v));
  const auto& s = v->get_ref<const std::string&>();
  const auto r = parse_rate(s);
  if (!r) return fail(key_path(path, key), "taux invalide « " + utf8_truncate(sanitize_text(s), 40) + " »");
  out = *r;
}

}  // namespace relance
