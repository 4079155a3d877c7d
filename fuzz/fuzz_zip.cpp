// The .zip reader (read_zip) on arbitrary bytes: it must end, stay within
// its caps (members, member size, total size), give sane names and agree
// with the e-invoice wrapper built on it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/einvoice/import.h"
#include "core/zip.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ZipLimits limits;
  limits.max_members = 64;
  limits.max_member_bytes = 1 << 20;
  limits.max_total_bytes = 4 << 20;
  auto members = read_zip(bytes, "f.zip", limits);
  if (members) {
    FUZZ_CHECK(members->size() <= limits.max_members, "more members than the cap");
    std::size_t total = 0;
    for (const ZipMember& m : *members) {
      FUZZ_CHECK(m.data.size() <= limits.max_member_bytes, "member over the cap");
      total += m.data.size();
      FUZZ_CHECK(!m.name.empty() && m.name.front() != '/' && m.name.back() != '/', "bad member name: " + m.name);
      FUZZ_CHECK(m.name.find('\\') == std::string::npos, "backslash in a name");
      FUZZ_CHECK(("/" + m.name + "/").find("/../") == std::string::npos, "name leaving the archive");
      FUZZ_CHECK(("/" + m.name + "/").find("/./") == std::string::npos && m.name.find("//") == std::string::npos,
                 "name not normalised");
      for (char c : m.name) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20, "control character in a name");
    }
    FUZZ_CHECK(total <= limits.max_total_bytes, "total over the cap");
  } else {
    FUZZ_CHECK(!members.error().what.empty(), "an error without a message");
    FUZZ_CHECK(members.error().where.rfind("f.zip", 0) == 0, "an error not naming the archive: " + members.error().where);
  }
  auto inputs = einvoice::einvoice_files_from_zip(bytes, "f.zip", limits);
  FUZZ_CHECK(!inputs || members, "e-invoices found where the archive does not read");
  if (inputs) {
    FUZZ_CHECK(inputs->files.size() + inputs->skipped.size() == members->size(), "members lost");
    for (const einvoice::InputFile& f : inputs->files) FUZZ_CHECK(f.name.rfind("f.zip/", 0) == 0, "file not named after the archive");
  }
  return 0;
}
