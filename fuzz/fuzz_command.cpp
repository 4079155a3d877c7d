// The command journal parser (command_from_json). Invariants: a command that
// parses writes back to JSON that parses to the same JSON; applying it to a
// small ledger either fails cleanly and changes nothing, or leaves a ledger
// that still saves and loads back equal (apply never lets in what the loader
// would refuse).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Command> parsed = command_from_json(text, "journal #1");
  if (!parsed) {
    FUZZ_CHECK(!parsed.error().what.empty(), "an error says what");
    return 0;
  }
  const std::string written = command_to_json(*parsed);
  Result<Command> again = command_from_json(written, "journal #2");
  FUZZ_CHECK(again.ok(), "a written command must parse: " + again.error().message() + "\n" + written);
  FUZZ_CHECK(command_to_json(*again) == written, "command JSON not stable:\n" + written + "\n" + command_to_json(*again));

  static const Ledger base = fuzz::small_ledger();
  Ledger l = base;
  Result<Applied> applied = relance::apply(l, *parsed);
  if (!applied) {
    FUZZ_CHECK(l == base, "a refused command changed the ledger: " + applied.error().message());
    return 0;
  }
  const std::string saved = ledger_to_json(l);
  LedgerLoad back = load_ledger(saved, "after.json");
  FUZZ_CHECK(back.ledger.has_value(), "command " + std::string(command_type(*parsed)) +
                                          " was applied but the ledger no longer loads: " +
                                          (back.errors.empty() ? std::string() : back.errors[0].message()));
  FUZZ_CHECK(*back.ledger == l, "ledger after " + std::string(command_type(*parsed)) + " does not round-trip");
  return 0;
}
