#pragma once
// A fast reader of JSON text that gives the same events as nlohmann's SAX
// parser (`Json::sax_parse`) to the same handlers.
//
// Why: nlohmann's lexer goes through every byte one call at a time, keeps
// line and column counts and copies each byte into a token string; on the
// 191 MB ledger of 100 000 invoices that is about 1 s of CPU natively before
// the handler does anything, most of it inside the reminder texts. This
// reader scans strings eight bytes at a time and copies runs of plain
// characters at once.
//
// What it vouches for: when it returns `ScanResult::ok`, the text is one
// JSON value that nlohmann accepts (strict: nothing but whitespace after
// it), and the handler received exactly the events nlohmann would give it,
// in the same order, with the same values. It never reports a syntax error
// itself: on anything it does not accept (a syntax error, a number nlohmann
// turns into an error, a number it does not convert exactly the same way)
// it returns `ScanResult::fallback`, and the caller reads the text again
// with nlohmann, with a fresh handler, so errors keep nlohmann's position
// and wording. `ScanResult::stopped` means the handler returned false.
// fuzz/fuzz_jsonscan.cpp and tests/unit-json-scan.cpp compare the two
// readers event by event.
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_bytes.h"

namespace relance {

enum class ScanResult { ok, stopped, fallback };

namespace json_scan_detail {

inline bool is_ws(unsigned char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

inline int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c |= 0x20;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Scanner {
 public:
  Scanner(const char* p, const char* end) : p_(p), end_(end) {}

  const char* p_;
  const char* end_;
  std::string str_;

  void skip_ws() {
    while (p_ < end_ && is_ws(static_cast<unsigned char>(*p_))) ++p_;
  }

  // The string whose opening quote is at p_, decoded into str_. Most
  // strings of a ledger file are keys and short values: one look at the 8
  // bytes after the quote reads them.
  bool string() {
    ++p_;
    if (end_ - p_ >= 8) {
      const char* q = json_bytes::find_special(p_, p_ + 8);
      if (q < p_ + 8 && *q == '"') {
        str_.assign(p_, q);
        p_ = q + 1;
        return true;
      }
    }
    return long_string();
  }

  // The rest of string(): anything longer, escaped or not ASCII.
  bool long_string() {
    str_.clear();
    const char* run = p_;  // plain characters not yet copied to str_
    for (;;) {
      p_ = json_bytes::find_special(p_, end_);
      if (p_ >= end_) return false;
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c >= 0x80) {  // a well-formed sequence stays in the run
        const std::size_t n = json_bytes::utf8_sequence(p_, end_);
        if (n == 0) return false;
        p_ += n;
        continue;
      }
      if (c == '"') {
        str_.append(run, p_);
        ++p_;
        return true;
      }
      if (c < 0x20) return false;
      // An escape: the decoded string is at most as long as what is left of
      // the raw one, so one allocation holds it (a reminder text has a
      // dozen line breaks, each would otherwise grow the string).
      if (str_.empty()) str_.reserve(static_cast<std::size_t>(raw_end() - run));
      str_.append(run, p_);
      if (!escape()) return false;
      run = p_;
    }
  }

  // Where the string being read ends, seen from p_: its closing quote (or
  // end_), skipping escapes. Only a bound for reserve: nothing is checked.
  const char* raw_end() const {
    for (const char* q = p_;;) {
      q = json_bytes::find_special(q, end_);
      if (q >= end_ || *q == '"') return q;
      q += *q == '\\' ? 2 : 1;  // an escape, or a byte to pass over
      if (q > end_) return end_;
    }
  }

  // Literal true, false or null at p_.
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
      return false;
    p_ += word.size();
    return true;
  }

  enum class Number { integer, unsigned_integer, floating, invalid };
  std::int64_t integer_ = 0;
  std::uint64_t unsigned_ = 0;
  double float_ = 0;

  // The number at p_: its kind and value as nlohmann's lexer makes them.
  Number number() {
    const char* start = p_;
    bool negative = false, fraction = false;
    if (*p_ == '-') {
      negative = true;
      ++p_;
    }
    if (p_ >= end_) return Number::invalid;
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      return Number::invalid;
    }
    if (p_ < end_ && *p_ == '.') {
      fraction = true;
      ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return Number::invalid;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      fraction = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') return Number::invalid;
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    str_.assign(start, p_);
    if (!fraction) {
      // nlohmann: strtoll for a negative integer, strtoull otherwise, and a
      // float when it does not fit.
      if (negative) {
        const auto r = std::from_chars(start, p_, integer_);
        if (r.ec == std::errc() && r.ptr == p_) return Number::integer;
      } else {
        const auto r = std::from_chars(start, p_, unsigned_);
        if (r.ec == std::errc() && r.ptr == p_) return Number::unsigned_integer;
      }
    }
    // A float, converted as nlohmann does (strtod on the token); one that
    // is not finite is an error there, so it goes back to nlohmann.
    float_ = std::strtod(str_.c_str(), nullptr);
    if (!std::isfinite(float_)) return Number::invalid;
    return Number::floating;
  }

 private:
  // The escape whose backslash is at p_, appended to str_.
  bool escape() {
    if (end_ - p_ < 2) return false;
    const char e = p_[1];
    p_ += 2;
    switch (e) {
      case '"': str_.push_back('"'); return true;
      case '\\': str_.push_back('\\'); return true;
      case '/': str_.push_back('/'); return true;
      case 'b': str_.push_back('\b'); return true;
      case 'f': str_.push_back('\f'); return true;
      case 'n': str_.push_back('\n'); return true;
      case 'r': str_.push_back('\r'); return true;
      case 't': str_.push_back('\t'); return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      std::uint32_t low = 0;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    append_utf8(str_, cp);
    return true;
  }

  bool hex4(std::uint32_t& out) {
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex_value(static_cast<unsigned char>(p_[i]));
      if (h < 0) return false;
      out = out << 4 | static_cast<std::uint32_t>(h);
    }
    p_ += 4;
    return true;
  }
};

}  // namespace json_scan_detail

// Reads `text` (one JSON value, whitespace around it) and gives its events to
// `sax`, an object with nlohmann's SAX member functions (see the top of this
// file for what each result means). Start events carry size -1, as
// nlohmann's do.
template <class Sax>
ScanResult scan_json(std::string_view text, Sax& sax) {
  using json_scan_detail::Scanner;
  // nlohmann's lexer skips a UTF-8 byte order mark at the very start.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Scanner s(text.data(), text.data() + text.size());
  constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
  std::vector<bool> in_object;  // the open containers, innermost last
  in_object.reserve(32);

  enum class Next { value, key, after_value };
  Next next = Next::value;
  for (;;) {
    s.skip_ws();
    if (next == Next::after_value) {
      // nlohmann's lexer takes a NUL byte for the end of the input.
      if (in_object.empty()) return s.p_ == s.end_ || *s.p_ == '\0' ? ScanResult::ok : ScanResult::fallback;
      if (s.p_ == s.end_) return ScanResult::fallback;
      const char c = *s.p_++;
      if (c == ',') {
        next = in_object.back() ? Next::key : Next::value;
        continue;
      }
      if (c == (in_object.back() ? '}' : ']')) {
        const bool object = in_object.back();
        in_object.pop_back();
        if (!(object ? sax.end_object() : sax.end_array())) return ScanResult::stopped;
        continue;
      }
      return ScanResult::fallback;
    }
    if (s.p_ == s.end_) return ScanResult::fallback;
    if (next == Next::key) {
      if (*s.p_ != '"' || !s.string()) return ScanResult::fallback;
      // nlohmann gives the key before it looks for the colon.
      if (!sax.key(s.str_)) return ScanResult::stopped;
      s.skip_ws();
      if (s.p_ == s.end_ || *s.p_ != ':') return ScanResult::fallback;
      ++s.p_;
      next = Next::value;
      continue;
    }
    // A value.
    next = Next::after_value;
    switch (*s.p_) {
      case '{':
      case '[': {
        const bool object = *s.p_++ == '{';
        if (!(object ? sax.start_object(kUnknown) : sax.start_array(kUnknown))) return ScanResult::stopped;
        s.skip_ws();
        if (s.p_ < s.end_ && *s.p_ == (object ? '}' : ']')) {
          ++s.p_;
          if (!(object ? sax.end_object() : sax.end_array())) return ScanResult::stopped;
        } else {
          in_object.push_back(object);
          next = object ? Next::key : Next::value;
        }
        break;
      }
      case '"':
        if (!s.string()) return ScanResult::fallback;
        if (!sax.string(s.str_)) return ScanResult::stopped;
        break;
      case 't':
        if (!s.literal("true")) return ScanResult::fallback;
        if (!sax.boolean(true)) return ScanResult::stopped;
        break;
      case 'f':
        if (!s.literal("false")) return ScanResult::fallback;
        if (!sax.boolean(false)) return ScanResult::stopped;
        break;
      case 'n':
        if (!s.literal("null")) return ScanResult::fallback;
        if (!sax.null()) return ScanResult::stopped;
        break;
      default:
        switch (s.number()) {
          case Scanner::Number::integer:
            if (!sax.number_integer(s.integer_)) return ScanResult::stopped;
            break;
          case Scanner::Number::unsigned_integer:
            if (!sax.number_unsigned(s.unsigned_)) return ScanResult::stopped;
            break;
          case Scanner::Number::floating:
            if (!sax.number_float(s.float_, s.str_)) return ScanResult::stopped;
            break;
          case Scanner::Number::invalid: return ScanResult::fallback;
        }
    }
  }
}

}  // namespace relance
