// The binary snapshot reader (read_snapshot) on arbitrary bytes, as given
// and with the header's size and checksum made to match (otherwise nearly
// every mutation stops at the checksum and the record checks are never
// reached). Invariants: no crash, no UB, no leak; an image that reads gives
// a ledger the JSON file takes as it is (the snapshot accepts nothing the
// JSON reader refuses); written again, with its texts inline or apart, it
// reads back to the same ledger, and the writing is deterministic.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/crc32.h"
#include "core/snapshot.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

namespace {

void check(std::string_view image) {
  auto r = read_snapshot(image, nullptr, "fuzz.bin");
  if (!r.ok()) {
    FUZZ_CHECK(!r.error().what.empty(), "a refusal says why");
    return;
  }
  const Ledger& l = *r;
  const std::string json = ledger_to_json(l);
  LedgerLoad via_json = load_ledger(json, "snapshot.json");
  FUZZ_CHECK(via_json.ledger.has_value(), "the JSON reader refuses what the snapshot took: " +
                                               (via_json.errors.empty() ? std::string() : via_json.errors[0].message()));
  FUZZ_CHECK(*via_json.ledger == l, "snapshot and JSON readers disagree");

  const std::string again = write_snapshot(l);
  auto back = read_snapshot(again);
  FUZZ_CHECK(back.ok(), "a written image must read: " + (back.ok() ? std::string() : back.error().message()));
  FUZZ_CHECK(*back == l, "read(write(l)) != l");
  FUZZ_CHECK(write_snapshot(*back) == again, "writing is not deterministic");

  SnapshotTexts texts;
  const std::string lean = write_snapshot(l, &texts);
  auto apart = read_snapshot(lean, &texts);
  FUZZ_CHECK(apart.ok() && *apart == l, "texts apart do not read back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  check(raw);
  if (size >= 32 && raw.substr(0, 8) == kSnapshotMagic) {
    std::string sealed(raw);
    const std::uint64_t n = sealed.size();
    std::memcpy(sealed.data() + 24, &n, sizeof n);
    const std::uint32_t crc = crc32_of(std::string_view(sealed).substr(32));
    std::memcpy(sealed.data() + 20, &crc, sizeof crc);
    check(sealed);
  }
  return 0;
}
