// Calendar dates: serial numbers, month ends, leap years, parsing both forms.
#include <doctest/doctest.h>

#include "core/date.h"

using namespace relance;

TEST_CASE("serial days round-trip through year-month-day") {
  CHECK(Date::from_ymd(1970, 1, 1).serial() == 0);
  CHECK(Date::from_ymd(2000, 3, 1).serial() == 11017);
  for (int s = -200000; s <= 2900000; s += 997) {
    const Date d = Date::from_serial(s);
    const Ymd f = d.ymd();
    if (f.year < 1000 || f.year > 9999) continue;
    CHECK(Date::from_ymd(f.year, f.month, f.day) == d);
  }
}

TEST_CASE("impossible dates are refused") {
  struct Row { int y, m, d; bool ok; };
  const Row rows[] = {{2024, 2, 29, true}, {2025, 2, 29, false}, {1900, 2, 29, false}, {2000, 2, 29, true},
                      {2026, 4, 31, false}, {2026, 13, 1, false}, {2026, 0, 10, false}, {2026, 12, 31, true},
                      {999, 1, 1, false}, {10000, 1, 1, false}, {2026, 1, 0, false}};
  for (const Row& r : rows) {
    CAPTURE(r.y);
    CAPTURE(r.m);
    CAPTURE(r.d);
    CHECK(Date::from_ymd(r.y, r.m, r.d).ok() == r.ok);
  }
  CHECK_FALSE(Date().ok());
}

TEST_CASE("month ends, half-years and adding months") {
  const auto d = [](const char* s) { return *parse_iso_date(s); };
  CHECK(end_of_month(d("2024-02-10")) == d("2024-02-29"));
  CHECK(end_of_month(d("2026-02-10")) == d("2026-02-28"));
  CHECK(end_of_month(d("2026-12-31")) == d("2026-12-31"));
  CHECK(half_year_start(d("2026-06-30")) == d("2026-01-01"));
  CHECK(half_year_start(d("2026-07-01")) == d("2026-07-01"));
  CHECK(next_half_year_start(d("2026-06-30")) == d("2026-07-01"));
  CHECK(next_half_year_start(d("2026-12-31")) == d("2027-01-01"));
  CHECK(add_months(d("2026-01-31"), 1) == d("2026-02-28"));
  CHECK(add_months(d("2024-01-31"), 1) == d("2024-02-29"));
  CHECK(add_months(d("2026-11-15"), 3) == d("2027-02-15"));
  CHECK(add_years(d("2024-02-29"), 2) == d("2026-02-28"));
  CHECK(add_years(d("2024-02-29"), 4) == d("2028-02-29"));
  CHECK(d("2026-11-23").weekday() == 0);  // a Monday
}

TEST_CASE("text forms") {
  const Date d = Date::from_ymd(2026, 11, 3);
  CHECK(to_iso(d) == "2026-11-03");
  CHECK(to_fr(d) == "03/11/2026");
  CHECK(to_fr_long(d) == "3 novembre 2026");
  CHECK(to_fr_long(Date::from_ymd(2026, 8, 1)) == "1er août 2026");
  CHECK(to_iso(Date()).empty());

  struct Row { const char* text; const char* iso; };
  const Row ok[] = {{"23/11/2026", "2026-11-23"}, {"3/1/2026", "2026-01-03"}, {"23-11-2026", "2026-11-23"},
                    {"23.11.2026", "2026-11-23"}, {"29/02/2024", "2024-02-29"}, {"2026-11-23", "2026-11-23"}};
  for (const Row& r : ok) {
    CAPTURE(r.text);
    REQUIRE(parse_date(r.text).has_value());
    CHECK(to_iso(*parse_date(r.text)) == r.iso);
  }
  for (const char* bad : {"", "31/02/2026", "29/02/2025", "23/11/26", "2026-11-3", "23/11-2026", "23//2026",
                          "aa/bb/cccc", "23/11/2026 ", "2026/11/23", "123/11/2026", "2026-13-01"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_date(bad).has_value());
  }
}
