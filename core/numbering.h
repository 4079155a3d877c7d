// Invoice numbers from a pattern such as "F-{YYYY}-{NNNN}": {YYYY} the year,
// {YY} its last two digits, {MM} the month, {N...} the counter padded to the
// number of N. A pattern with a year restarts its counter each year. Numbers
// follow each other without gap or reuse: the next one is the highest number
// of the same sequence plus one.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/ledger.h"
#include "core/result.h"

namespace relance {

// Checks a pattern: exactly one counter {N...}, known placeholders only.
Status check_number_pattern(std::string_view pattern);
// The number `counter` would have on `date` ("F-2026-0042").
std::string format_number(std::string_view pattern, Date date, int counter);
// If `number` belongs to the pattern's sequence for `date`, its counter.
std::optional<int> number_counter(std::string_view pattern, Date date, std::string_view number);

struct NextNumber {
  std::string number;
  int counter = 0;
  // The latest issue date in the same sequence: a new number may not be dated
  // before it (numbering is chronological).
  Date latest_date;
  std::string latest_number;
};
NextNumber next_number(const Ledger& l, std::string_view pattern, Date date, InvoiceKind kind);

}  // namespace relance
