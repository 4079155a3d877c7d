// `relance snapshot write / read`: a ledger file to its binary snapshot and
// back, the long texts apart in a file of their own, and a damaged image
// refused with nothing written.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_run.h"
#include "core/ledger_file.h"

using namespace cli_test;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The sample file is written by hand (no settings, no id counters): compared
// as ledgers, not as bytes.
void check_same_ledger(const std::string& a, const std::string& b) {
  auto la = relance::ledger_from_json(slurp(a), a);
  auto lb = relance::ledger_from_json(slurp(b), b);
  REQUIRE_MESSAGE(la.ok(), la.error().message());
  REQUIRE_MESSAGE(lb.ok(), lb.error().message());
  CHECK(*la == *lb);
}

}  // namespace

TEST_CASE("snapshot: the sample ledger to an image and back, texts inline and apart") {
  const auto dir = std::filesystem::temp_directory_path() / ("relance-snap-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string ledger = (dir / "ledger.json").string(), image = (dir / "ledger.bin").string(),
                    back = (dir / "back.json").string(), texts = (dir / "texts.json").string();
  REQUIRE(run("sample -o " + ledger).status == 0);

  Run r = run("snapshot write " + ledger + " " + image);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(json_of(r)["sizes"]["bytes"] == std::filesystem::file_size(image));
  r = run("snapshot read " + image + " " + back);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(json_of(r)["counts"]["invoices"] == 26);
  check_same_ledger(back, ledger);

  r = run("snapshot write " + ledger + " " + image + " --texts " + texts);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(json_of(r)["texts"].get<int>() > 0);
  r = run("snapshot read " + image + " " + back + " --texts " + texts);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  check_same_ledger(back, ledger);

  // Without its texts the image is refused, and nothing is written.
  std::filesystem::remove(back);
  r = run("snapshot read " + image + " " + back);
  CHECK(r.status == 1);
  CHECK(r.err.find("textes à part") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(back));

  // A damaged byte: refused by the checksum.
  std::string bytes = slurp(image);
  bytes[bytes.size() / 2] ^= 1;
  std::ofstream(image, std::ios::binary | std::ios::trunc) << bytes;
  r = run("snapshot read " + image + " " + back + " --texts " + texts);
  CHECK(r.status == 1);
  CHECK(r.err.find("CRC-32") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(back));
  std::filesystem::remove_all(dir);
}
