#include "core/money.h"

#include <cstdint>
#include <cstdio>

namespace relance {

std::int64_t round_div(__int128 num, __int128 den) {
  const bool negative = num < 0;
  const __int128 a = negative ? -num : num;
  __int128 q = a / den;
  if ((a % den) * 2 >= den) ++q;
  return static_cast<std::int64_t>(negative ? -q : q);
}

Cents interest_cents(Cents base, BasisPoints rate, int days, int day_count) {
  const std::int64_t den = static_cast<std::int64_t>(day_count) * 100 * kPercent;
  std::int64_t num = 0;
  if (!__builtin_mul_overflow(base, static_cast<std::int64_t>(rate), &num) &&
      !__builtin_mul_overflow(num, static_cast<std::int64_t>(days), &num) && num != INT64_MIN) {
    // |num| < 2^63 and den >= 100 000: the quotient is far below kMaxSum.
    const std::int64_t a = num < 0 ? -num : num;
    std::int64_t q = a / den;
    if ((a % den) * 2 >= den) ++q;  // a % den < den <= 2^31 × 10^5: no overflow
    return num < 0 ? -q : q;
  }
  const __int128 wide_den = den;
  const __int128 wide = static_cast<__int128>(base) * rate * days;
  if (wide / wide_den >= kMaxSum) return kMaxSum;
  if (wide / wide_den <= -kMaxSum) return -kMaxSum;
  return round_div(wide, wide_den);
}

namespace {

// Writes |c| with the given grouping separator and decimal mark.
std::string format_with(Cents c, std::string_view group, char decimal) {
  const bool negative = c < 0;
  // Work on unsigned to survive INT64_MIN.
  const std::uint64_t a = negative ? 0 - static_cast<std::uint64_t>(c) : static_cast<std::uint64_t>(c);
  const std::string units = std::to_string(a / 100);
  std::string out;
  if (negative) out += '-';
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) out += group;
    out += units[i];
  }
  char cents[4];
  std::snprintf(cents, sizeof cents, "%02u", static_cast<unsigned>(a % 100));
  out += decimal;
  out += cents;
  return out;
}

constexpr std::string_view kNarrowNbsp = "\u202f";
constexpr std::string_view kNbsp = "\u00a0";

}  // namespace

std::string format_decimal(Cents c) { return format_with(c, "", '.'); }
std::string format_fr_number(Cents c) { return format_with(c, kNarrowNbsp, ','); }
std::string format_eur(Cents c) { return format_fr_number(c) + std::string(kNbsp) + "€"; }

namespace {

// |bp| as "12.15" or "0.975": two decimals, a third one only when needed.
std::string rate_with(BasisPoints bp, char decimal) {
  const bool negative = bp < 0;
  const std::uint32_t a = negative ? 0u - static_cast<std::uint32_t>(bp) : static_cast<std::uint32_t>(bp);
  const std::uint32_t scale = static_cast<std::uint32_t>(kPercent);
  char frac[8];
  if (a % 10 == 0) std::snprintf(frac, sizeof frac, "%02u", static_cast<unsigned>(a % scale / 10));
  else std::snprintf(frac, sizeof frac, "%03u", static_cast<unsigned>(a % scale));
  return (negative ? "-" : "") + std::to_string(a / scale) + decimal + frac;
}

}  // namespace

std::string format_rate(BasisPoints bp) { return rate_with(bp, '.'); }
std::string format_rate_number_fr(BasisPoints bp) { return rate_with(bp, ','); }
std::string format_rate_fr(BasisPoints bp) { return rate_with(bp, ',') + std::string(kNbsp) + "%"; }

namespace {

// Removes one of the given suffixes (and spaces before it).
bool is_space_at(std::string_view s, std::size_t i, std::size_t& len) {
  static constexpr std::string_view spaces[] = {" ", "\u00a0", "\u202f", "\u2009", "\t"};
  for (std::string_view sp : spaces)
    if (s.substr(i, sp.size()) == sp) {
      len = sp.size();
      return true;
    }
  return false;
}

std::string_view trim_spaces(std::string_view s) {
  std::size_t len = 0;
  while (!s.empty() && is_space_at(s, 0, len)) s.remove_prefix(len);
  bool trimmed = true;
  while (trimmed && !s.empty()) {
    trimmed = false;
    for (std::size_t n : {1u, 2u, 3u}) {
      if (s.size() >= n && is_space_at(s, s.size() - n, len) && len == n) {
        s.remove_suffix(n);
        trimmed = true;
        break;
      }
    }
  }
  return s;
}

}  // namespace

AmountParse parse_amount(std::string_view text, AmountStyle style) {
  std::string_view s = trim_spaces(text);
  if (s.empty()) return {std::nullopt, "montant vide"};
  for (std::string_view suffix : {std::string_view("€"), std::string_view("EUR")}) {
    if (s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      s.remove_suffix(suffix.size());
      s = trim_spaces(s);
      break;
    }
  }
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
    s = trim_spaces(s);
  }
  if (s.empty()) return {std::nullopt, "aucun chiffre"};

  // Which character is the decimal mark?
  char decimal = 0;
  const auto last_comma = s.rfind(',');
  const auto last_dot = s.rfind('.');
  if (style == AmountStyle::plain) {
    decimal = '.';
  } else if (style == AmountStyle::french) {
    decimal = last_comma != std::string_view::npos ? ',' : (last_dot != std::string_view::npos && s.size() - last_dot != 4 ? '.' : ',');
  } else if (last_comma != std::string_view::npos && last_dot != std::string_view::npos) {
    decimal = last_comma > last_dot ? ',' : '.';
  } else {
    decimal = last_comma != std::string_view::npos ? ',' : '.';
  }
  const char group = decimal == ',' ? '.' : ',';

  std::uint64_t units = 0;
  int decimals = -1;  // -1 until the decimal mark is seen
  bool any_digit = false;
  std::uint64_t cents_part = 0;
  // Digit grouping: once a separator is seen, groups after the first have
  // exactly three digits ("1 234 567,89"; "1 23,45" is a typo, not 123,45).
  int group_digits = 0;  // digits since the last separator (or the start)
  bool grouped = false;
  const auto bad_group = [](int n) {
    return AmountParse{std::nullopt, "groupe de " + std::to_string(n) +
                                         " chiffre" + (n > 1 ? "s" : "") + " entre séparateurs de milliers (attendu des groupes de trois : 1 234,56)"};
  };
  for (std::size_t i = 0; i < s.size();) {
    const char ch = s[i];
    std::size_t len = 0;
    if (ch >= '0' && ch <= '9') {
      any_digit = true;
      if (decimals < 0) {
        ++group_digits;
        units = units * 10 + static_cast<std::uint64_t>(ch - '0');
        if (units > static_cast<std::uint64_t>(kMaxCents / 100)) return {std::nullopt, "montant trop grand"};
      } else {
        if (++decimals > 2) return {std::nullopt, "plus de deux décimales"};
        cents_part = cents_part * 10 + static_cast<std::uint64_t>(ch - '0');
      }
      ++i;
    } else if (ch == decimal) {
      if (decimals >= 0) return {std::nullopt, "deux séparateurs décimaux"};
      if (grouped && group_digits != 3) return bad_group(group_digits);
      decimals = 0;
      ++i;
    } else if (style != AmountStyle::plain && decimals < 0 && (ch == group || is_space_at(s, i, len))) {
      if (grouped ? group_digits != 3 : (group_digits < 1 || group_digits > 3)) return bad_group(group_digits);
      grouped = true;
      group_digits = 0;
      i += ch == group ? 1 : len;
    } else {
      // The whole UTF-8 character, never half of one (« \xE2 »).
      const auto lead = static_cast<unsigned char>(ch);
      std::size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      for (std::size_t k = 1; k < n; ++k)
        if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) n = k;
      const bool valid = lead < 0x80 || (lead >= 0xC2 && lead < 0xF5 && n > 1);
      return {std::nullopt, valid ? "caractère inattendu « " + std::string(s.substr(i, n)) + " »"
                                  : "octet invalide 0x" + std::string(1, "0123456789ABCDEF"[lead >> 4]) +
                                        "0123456789ABCDEF"[lead & 15] + " (texte non UTF-8)"};
    }
  }
  if (!any_digit) return {std::nullopt, "aucun chiffre"};
  if (decimals < 0 && grouped && group_digits != 3) return bad_group(group_digits);
  if (decimals == 1) cents_part *= 10;
  const Cents value = static_cast<Cents>(units * 100 + cents_part);
  if (value > kMaxCents) return {std::nullopt, "montant trop grand"};
  return {negative ? -value : value, {}};
}

std::optional<BasisPoints> parse_rate(std::string_view text) {
  std::string_view s = trim_spaces(text);
  if (!s.empty() && s.back() == '%') {
    s.remove_suffix(1);
    s = trim_spaces(s);
  }
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  int units = 0, frac = 0, decimals = -1;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9') {
      if (decimals < 0) {
        units = units * 10 + (ch - '0');
        if (units > 10000) return std::nullopt;
      } else {
        if (++decimals > 3) return std::nullopt;
        frac = frac * 10 + (ch - '0');
      }
    } else if ((ch == '.' || ch == ',') && decimals < 0) {
      decimals = 0;
    } else {
      return std::nullopt;
    }
  }
  if (decimals == 0) return std::nullopt;  // "12." is a typo, not a rate
  for (; decimals < 3; ++decimals) frac *= 10;
  const BasisPoints bp = units * kPercent + frac;
  return negative ? -bp : bp;
}

}  // namespace relance
