// Calendar dates: a serial day number (days since 1970-01-01) with a field
// view for input and display. No time of day, no time zone: an invoice is due
// on a calendar day wherever the user is.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace relance {

struct Ymd {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
  bool operator==(const Ymd&) const = default;
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

class Date {
 public:
  // The default Date is "no date" (ok() is false), used for optional fields.
  constexpr Date() = default;
  static constexpr Date from_serial(std::int32_t days) { return Date(days); }
  // An invalid triple (2025-02-29, month 13, year outside 1000..9999) gives a
  // Date whose ok() is false.
  static Date from_ymd(int year, int month, int day);

  constexpr bool ok() const { return serial_ != kNone; }
  constexpr std::int32_t serial() const { return serial_; }
  Ymd ymd() const;
  int year() const { return ymd().year; }
  int month() const { return ymd().month; }
  int day() const { return ymd().day; }
  // 0 = Monday .. 6 = Sunday.
  int weekday() const;

  constexpr Date operator+(int days) const { return Date(serial_ + days); }
  constexpr Date operator-(int days) const { return Date(serial_ - days); }
  constexpr int operator-(Date other) const { return serial_ - other.serial_; }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  static constexpr std::int32_t kNone = INT32_MIN;
  constexpr explicit Date(std::int32_t s) : serial_(s) {}
  std::int32_t serial_ = kNone;
};

// Calendar arithmetic.
Date end_of_month(Date d);
Date start_of_month(Date d);
// Same day-of-month n months later, clamped to the month's last day.
Date add_months(Date d, int months);
// First day of the half-year (1 January or 1 July) that contains d.
Date half_year_start(Date d);
// First day of the next half-year.
Date next_half_year_start(Date d);
// Same day n years later (29 February becomes 28 February).
Date add_years(Date d, int years);

// Text forms. ISO is the storage and CLI form; French is the display form.
std::string to_iso(Date d);       // "2026-11-23", "" for no date
std::string to_fr(Date d);        // "23/11/2026", "" for no date
std::string to_fr_long(Date d);   // "23 novembre 2026"
std::optional<Date> parse_iso_date(std::string_view s);  // exactly YYYY-MM-DD
// dd/mm/yyyy as typed or exported by French spreadsheets; also accepts d/m/yyyy
// and the '-' and '.' separators.
std::optional<Date> parse_fr_date(std::string_view s);
// Either form.
std::optional<Date> parse_date(std::string_view s);

}  // namespace relance
