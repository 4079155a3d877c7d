// parse_camt() on arbitrary bytes (seeds: fuzz/corpus/camt/), then matching
// and recording what it read (fuzz/fuzz_bank.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_bank.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  relance::fuzz::check_statement(relance::bank::parse_camt(bytes, "fuzz"));
  return 0;
}
