#pragma once
// The bytes a JSON string cannot take as they are, found eight at a time,
// and the UTF-8 sequences nlohmann accepts: shared by the writer
// (append_json_string, core/json_io.cpp) and the reader (core/json_scan.h).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace relance::json_bytes {

constexpr std::uint64_t kOnes = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

// The high bit of each byte of `v` that a JSON string cannot copy as is: a
// control character (< 0x20), '"', '\\' or a byte of a multi-byte UTF-8
// sequence (>= 0x80). Only the lowest flagged byte is exact (the borrows of
// the subtractions may flag bytes above it), which is all the scan uses.
inline std::uint64_t special_bytes(std::uint64_t v) {
  const std::uint64_t quote = v ^ (kOnes * '"');
  const std::uint64_t backslash = v ^ (kOnes * '\\');
  return (((v - kOnes * 0x20) & ~v) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash) | v) &
         kHighBits;
}

inline bool is_special(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

// The first byte in [p, end) that special_bytes() flags, or end.
inline const char* find_special(const char* p, const char* end) {
  while (end - p >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);  // little-endian: the lowest byte is the first
    if (const std::uint64_t m = special_bytes(v)) return p + (__builtin_ctzll(m) >> 3);
    p += 8;
  }
  while (p < end && !is_special(static_cast<unsigned char>(*p))) ++p;
  return p;
}

// The length of the well-formed UTF-8 sequence starting at p (a byte >=
// 0x80), or 0 when it is not one (Unicode's table 3-7: no overlong forms, no
// surrogates, nothing above U+10FFFF: what nlohmann's decoder accepts).
inline std::size_t utf8_sequence(const char* p, const char* end) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(p[i]); };
  const auto tail = [&](std::size_t i) { return (at(i) & 0xC0) == 0x80; };
  const std::size_t left = static_cast<std::size_t>(end - p);
  const unsigned char c = at(0);
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && tail(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !tail(2)) return 0;
    const unsigned char c1 = at(1);
    const bool ok = c == 0xE0 ? c1 >= 0xA0 && c1 <= 0xBF : c == 0xED ? c1 >= 0x80 && c1 <= 0x9F : tail(1);
    return ok ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !tail(2) || !tail(3)) return 0;
    const unsigned char c1 = at(1);
    const bool ok = c == 0xF0 ? c1 >= 0x90 && c1 <= 0xBF : c == 0xF4 ? c1 >= 0x80 && c1 <= 0x8F : tail(1);
    return ok ? 4 : 0;
  }
  return 0;
}

}  // namespace relance::json_bytes
