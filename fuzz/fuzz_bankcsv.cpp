// parse_bank_csv() on arbitrary bytes: the first byte picks header
// detection (even) or explicit columns drawn from it (odd); then matching
// and recording what it read (fuzz/fuzz_bank.h). Also parse_statement()'s
// detection on the same bytes.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_bank.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t sel = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (sel & 1) {
    relance::bank::CsvColumns c;
    c.date = 0;
    c.label = 1;
    c.reference = (sel >> 1) & 1 ? 2 : -1;
    if ((sel >> 2) & 1) c.amount = 3;
    else c.debit = 3, c.credit = 4;
    c.skip_rows = (sel >> 3) & 3;
    c.separator = (sel >> 5) & 1 ? '\t' : 0;
    relance::fuzz::check_statement(relance::bank::parse_bank_csv(bytes, "fuzz", &c));
  } else {
    relance::fuzz::check_statement(relance::bank::parse_bank_csv(bytes, "fuzz"));
  }
  relance::fuzz::check_statement(relance::bank::parse_statement(bytes, "fuzz"));
  return 0;
}
