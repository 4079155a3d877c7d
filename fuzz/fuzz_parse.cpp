// The date, money and rate parsers on arbitrary text. Invariants: a value that
// parses formats back to text that parses to the same value (ISO dates
// exactly to the input), and amounts stay within kMaxCents.
#include <cstddef>
#include <cstdint>

#include "core/date.h"
#include "core/money.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view s(reinterpret_cast<const char*>(data), size);
  const std::string in(s);

  if (auto d = parse_iso_date(s)) {
    FUZZ_CHECK(d->ok(), "parsed an invalid date");
    FUZZ_CHECK(to_iso(*d) == s, "ISO date does not format back: " + in);
    FUZZ_CHECK(Date::from_ymd(d->year(), d->month(), d->day()) == *d, "ymd round trip");
    (void)to_fr_long(*d);
    (void)d->weekday();
    (void)end_of_month(*d);
    (void)add_months(*d, 13);
    (void)add_years(*d, 5);
    (void)next_half_year_start(*d);
  }
  if (auto d = parse_fr_date(s)) {
    FUZZ_CHECK(d->ok(), "parsed an invalid date");
    FUZZ_CHECK(parse_fr_date(to_fr(*d)) == d, "French date does not round-trip: " + in);
    FUZZ_CHECK(parse_date(s) == d, "parse_date disagrees with parse_fr_date: " + in);
  }
  if (auto d = parse_date(s)) FUZZ_CHECK(parse_date(to_iso(*d)) == d, "parse_date round trip: " + in);

  for (AmountStyle style : {AmountStyle::plain, AmountStyle::french, AmountStyle::any}) {
    const AmountParse a = parse_amount(s, style);
    FUZZ_CHECK(a.value.has_value() == a.error.empty(), "a value xor an error: " + in);
    if (!a.value) continue;
    const Cents v = *a.value;
    FUZZ_CHECK(v <= kMaxCents && v >= -kMaxCents, "amount out of range: " + in);
    FUZZ_CHECK(parse_amount(format_decimal(v), AmountStyle::plain).value == v, "plain round trip: " + in);
    FUZZ_CHECK(parse_amount(format_decimal(v), AmountStyle::any).value == v, "plain/any round trip: " + in);
    FUZZ_CHECK(parse_amount(format_fr_number(v), AmountStyle::french).value == v, "French round trip: " + in);
    FUZZ_CHECK(parse_amount(format_eur(v), AmountStyle::french).value == v, "euro round trip: " + in);
    FUZZ_CHECK(parse_amount(format_eur(v), AmountStyle::any).value == v, "euro/any round trip: " + in);
  }

  if (auto r = parse_rate(s)) {
    FUZZ_CHECK(parse_rate(format_rate(*r)) == r, "rate round trip: " + in);
    // parse_rate takes at most 10000 units and three decimals: 10000.999 % at most.
    FUZZ_CHECK(*r >= -(10000 * kPercent + 999) && *r <= 10000 * kPercent + 999, "rate out of range: " + in);
    (void)format_rate_fr(*r);
  }
  return 0;
}
