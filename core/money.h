// Money is an integer count of euro cents, end to end. Rates are integers in
// thousandths of a percent (12.15 % is 12150, a contractual 0.975 % is 975):
// the type keeps its historical name BasisPoints, but one unit is a tenth of
// a basis point. All rounding of money goes through round_div(), half away
// from zero.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relance {

using Cents = std::int64_t;
using BasisPoints = std::int32_t;
// One percent in rate units (see above): 12.15 % is 12.15 × kPercent.
inline constexpr BasisPoints kPercent = 1000;

// Largest amount accepted anywhere (ten thousand billion euros): keeps every
// product of amount × rate × days inside 128 bits with room to spare, and far
// above any real invoice.
inline constexpr Cents kMaxCents = 1'000'000'000'000'000;

// num / den rounded to the nearest integer, halves away from zero. den > 0.
std::int64_t round_div(__int128 num, __int128 den);

// Sums of money that cannot overflow: interest on an absurd ledger (a rate of
// 10 000 % over a thousand years on kMaxCents) stops at kMaxSum instead of
// wrapping around to a negative amount. kMaxSum is a thousand times kMaxCents,
// so a few of them still add up inside 64 bits.
inline constexpr Cents kMaxSum = 1000 * kMaxCents;
// base × rate (thousandths of %) × days / (day_count × 100 000), to the cent,
// halves away from zero; stops at ±kMaxSum. Every real amount takes the
// 64-bit path: a 128-bit division is a library call natively and several
// times slower again in wasm. day_count > 0.
Cents interest_cents(Cents base, BasisPoints rate, int days, int day_count);

inline Cents saturating_add(Cents a, Cents b) {
  const __int128 s = static_cast<__int128>(a) + b;
  return s > kMaxSum ? kMaxSum : s < -kMaxSum ? -kMaxSum : static_cast<Cents>(s);
}

// "1234.56", "-0.50": the plain, machine form (CLI, JSON, plain CSV).
std::string format_decimal(Cents c);
// "1 234,56 €": French display, U+202F (narrow no-break space) between
// thousands and U+00A0 (no-break space) before the euro sign, as CLDR's fr
// locale and Intl.NumberFormat("fr-FR") write it.
std::string format_eur(Cents c);
// "1 234,56" without the currency sign.
std::string format_fr_number(Cents c);

// "12.15" for 12150, "0.975" for 975 (the CLI and JSON form of a rate): two
// decimals, three when the third is not zero; parse_rate() reads it back.
std::string format_rate(BasisPoints bp);
// "12,15 %", "0,975 %" for display in French text.
std::string format_rate_fr(BasisPoints bp);
// "12,15" without the percent sign (form fields).
std::string format_rate_number_fr(BasisPoints bp);

enum class AmountStyle {
  plain,   // '.' decimal point, no grouping: "1234.56"
  french,  // ',' decimal comma, spaces or '.' grouping: "1 234,56", "1.234,56 €"
  any,     // either: the last of ',' and '.' is the decimal separator
};

struct AmountParse {
  std::optional<Cents> value;
  std::string error;  // why not (French), when !value
};

// Parses a money amount: optional sign, at most two decimals, optional "€" or
// "EUR" suffix, grouping spaces (ASCII, U+00A0, U+202F, U+2009) allowed in
// french and any styles. Rejects empty text, more than two decimals, and
// amounts above kMaxCents.
AmountParse parse_amount(std::string_view text, AmountStyle style = AmountStyle::any);

// "12.15", "12,15", "12.15 %", "3", "0.975": a percent with at most three
// decimals.
std::optional<BasisPoints> parse_rate(std::string_view text);

}  // namespace relance
