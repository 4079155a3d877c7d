#include "core/text.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace relance {
namespace {

// Decodes one code point at s[i]; returns its length, or 0 for an invalid
// sequence (overlong forms, surrogates and values above U+10FFFF are invalid).
std::size_t decode_one(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII runs eight bytes at a time: most of a ledger's text.
    std::uint64_t word;
    if (s.size() - i >= 8 && (std::memcpy(&word, s.data() + i, 8), (word & 0x8080808080808080u) == 0)) {
      i += 8;
      continue;
    }
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    const std::size_t n = decode_one(s, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::u32string utf8_to_u32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    const std::size_t n = decode_one(s, i, cp);
    if (n == 0) {
      out += U'\uFFFD';
      ++i;
    } else {
      out += cp;
      i += n;
    }
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string u32_to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : s) append_utf8(out, cp);
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    char32_t cp;
    const std::size_t len = decode_one(s, i, cp);
    i += len == 0 ? 1 : len;
  }
  return n;
}

std::string utf8_truncate(std::string_view s, std::size_t max_cp) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < max_cp) {
    char32_t cp;
    const std::size_t len = decode_one(s, i, cp);
    i += len == 0 ? 1 : len;
    ++n;
  }
  return std::string(s.substr(0, i));
}

std::string cp1252_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out += ch;
    } else if (b < 0xA0) {
      append_utf8(out, kCp1252High[b - 0x80]);
    } else {
      append_utf8(out, b);  // 0xA0..0xFF are Latin-1
    }
  }
  return out;
}

std::string utf8_to_cp1252(std::string_view s, std::size_t* lost) {
  std::string out;
  std::size_t missing = 0;
  for (char32_t cp : utf8_to_u32(s)) {
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out += static_cast<char>(cp);
      continue;
    }
    if (cp == 0x202F || cp == 0x2009) {  // narrow and thin spaces: no-break space
      out += static_cast<char>(0xA0);
      continue;
    }
    bool found = false;
    for (std::size_t k = 0; k < kCp1252High.size(); ++k) {
      if (kCp1252High[k] == cp && cp != 0xFFFD) {
        out += static_cast<char>(0x80 + k);
        found = true;
        break;
      }
    }
    if (!found) {
      out += '?';
      ++missing;
    }
  }
  if (lost) *lost = missing;
  return out;
}

std::string_view trim(std::string_view s) {
  auto space = [](std::string_view t, std::size_t i, bool back) -> std::size_t {
    static constexpr std::string_view spaces[] = {"\u00a0", "\u202f", "\u2009", "\ufeff"};
    const char c = back ? t[t.size() - 1] : t[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 1;
    for (std::string_view sp : spaces) {
      if (t.size() >= sp.size() && (back ? t.substr(t.size() - sp.size()) : t.substr(0, sp.size())) == sp)
        return sp.size();
    }
    (void)i;
    return 0;
  };
  while (!s.empty()) {
    const std::size_t n = space(s, 0, false);
    if (!n) break;
    s.remove_prefix(n);
  }
  while (!s.empty()) {
    const std::size_t n = space(s, 0, true);
    if (!n) break;
    s.remove_suffix(n);
  }
  return s;
}

std::string fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  auto emit = [&](std::string_view t) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += t;
  };
  // Decoded as utf8_to_u32() would (an invalid byte is U+FFFD), without
  // building the UTF-32 copy: names and headers are folded by the thousand.
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      cp = static_cast<unsigned char>(s[i]);
      ++i;
    } else if (const std::size_t n = decode_one(s, i, cp); n == 0) {
      cp = U'\uFFFD';
      ++i;
    } else {
      i += n;
    }
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      const char c = static_cast<char>(cp);
      emit(std::string_view(&c, 1));
      continue;
    }
    // Latin-1 and Latin Extended-A letters to their base letter.
    static constexpr std::string_view latin1 =
        "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // 0xE0..0xFF (0xF7 is ÷)
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
    if (cp == 0xDF) {
      emit("ss");
      continue;
    }
    if (cp == 0xE6) {
      emit("ae");
      continue;
    }
    if (cp == 0x152 || cp == 0x153) {
      emit("oe");
      continue;
    }
    if (cp >= 0xE0 && cp <= 0xFF && cp != 0xF7) {
      emit(latin1.substr(cp - 0xE0, 1));
      continue;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
      static constexpr std::string_view extA =
          "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
      if (cp - 0x100 < extA.size()) emit(extA.substr(cp - 0x100, 1));
      continue;
    }
    pending_space = true;  // anything else separates words
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '\n') {
      std::string_view line = s.substr(start, i - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (i < s.size() || !line.empty()) lines.push_back(line);
      start = i + 1;
    }
  }
  return lines;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  if (from.empty()) return s;
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
  return s;
}

std::string sanitize_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t cp : utf8_to_u32(s)) {
    if ((cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) cp = ' ';
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace relance
