#include "core/date.h"

#include <array>
#include <cstdio>

namespace relance {
namespace {

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar, using
// the era decomposition (400-year cycles of 146097 days).
std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2), m, d};
}

bool digits(std::string_view s, std::size_t from, std::size_t n, int& out) {
  if (from + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = from; i < from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : days[m - 1];
}

Date Date::from_ymd(int y, int m, int d) {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return Date();
  return Date(days_from_civil(y, m, d));
}

Ymd Date::ymd() const { return ok() ? civil_from_days(serial_) : Ymd{}; }

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  const int w = (serial_ % 7 + 7 + 3) % 7;
  return w;
}

Date end_of_month(Date d) {
  const Ymd f = d.ymd();
  return Date::from_ymd(f.year, f.month, days_in_month(f.year, f.month));
}

Date start_of_month(Date d) {
  const Ymd f = d.ymd();
  return Date::from_ymd(f.year, f.month, 1);
}

Date add_months(Date d, int months) {
  const Ymd f = d.ymd();
  int index = f.year * 12 + (f.month - 1) + months;
  const int y = index / 12;
  const int m = index % 12 + 1;
  const int last = days_in_month(y, m);
  return Date::from_ymd(y, m, f.day < last ? f.day : last);
}

Date half_year_start(Date d) {
  const Ymd f = d.ymd();
  return Date::from_ymd(f.year, f.month <= 6 ? 1 : 7, 1);
}

Date next_half_year_start(Date d) {
  const Ymd f = d.ymd();
  return f.month <= 6 ? Date::from_ymd(f.year, 7, 1) : Date::from_ymd(f.year + 1, 1, 1);
}

Date add_years(Date d, int years) { return add_months(d, years * 12); }

std::string to_iso(Date d) {
  if (!d.ok()) return {};
  const Ymd f = d.ymd();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", f.year, f.month, f.day);
  return buf;
}

std::string to_fr(Date d) {
  if (!d.ok()) return {};
  const Ymd f = d.ymd();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", f.day, f.month, f.year);
  return buf;
}

std::string to_fr_long(Date d) {
  static constexpr std::array<const char*, 12> months = {
      "janvier", "février", "mars",      "avril",   "mai",      "juin",
      "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
  if (!d.ok()) return {};
  const Ymd f = d.ymd();
  std::string s = f.day == 1 ? "1er" : std::to_string(f.day);
  return s + " " + months[f.month - 1] + " " + std::to_string(f.year);
}

std::optional<Date> parse_iso_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 0, 4, y) || !digits(s, 5, 2, m) ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  const Date date = Date::from_ymd(y, m, d);
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Date> parse_fr_date(std::string_view s) {
  // d{1,2} sep m{1,2} sep yyyy, with one separator kind used twice.
  std::size_t i = 0;
  auto number = [&](std::size_t max_len, int& out) {
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && i - start < max_len && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    out = v;
    return i > start;
  };
  int d, m, y;
  if (!number(2, d) || i >= s.size()) return std::nullopt;
  const char sep = s[i];
  if (sep != '/' && sep != '-' && sep != '.') return std::nullopt;
  ++i;
  if (!number(2, m) || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  const std::size_t year_start = i;
  if (!number(4, y) || i != s.size() || i - year_start != 4) return std::nullopt;
  const Date date = Date::from_ymd(y, m, d);
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Date> parse_date(std::string_view s) {
  if (auto d = parse_iso_date(s)) return d;
  return parse_fr_date(s);
}

}  // namespace relance
