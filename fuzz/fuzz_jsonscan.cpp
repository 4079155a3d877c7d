// scan_json (core/json_scan.h) against nlohmann's own SAX parser on arbitrary
// bytes. Invariant: scan_json accepts exactly what nlohmann accepts, gives the
// same events in the same order, and, when the handler says stop after k
// events (k taken from the input), stops where nlohmann stops; what it does
// not accept it hands back (ScanResult::fallback) and nlohmann refuses too.
#include <cstddef>
#include <cstdint>

#include "core/json_scan_check.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto whole = json_scan_check::compare(text);
  FUZZ_CHECK(whole.same, whole.why);
  if (size > 0) {
    const auto stopped = json_scan_check::compare(text, data[size - 1] % 32);
    FUZZ_CHECK(stopped.same, stopped.why);
  }
  return 0;
}
