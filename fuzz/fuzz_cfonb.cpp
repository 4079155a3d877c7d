// parse_cfonb() on arbitrary bytes (seeds: fuzz/corpus/cfonb/), then matching
// and recording what it read (fuzz/fuzz_bank.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_bank.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  relance::fuzz::check_statement(relance::bank::parse_cfonb(bytes, "fuzz"));
  return 0;
}
