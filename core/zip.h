// A small, strict reader of .zip archives: bytes in, members out (no file
// I/O, so the browser can hand it the bytes of a dropped file). Read through
// the central directory; methods stored (0) and deflate (8, zlib's raw
// inflate); data descriptors (flag bit 3) handled, the sizes and CRC being
// taken from the central directory and checked against the descriptor.
// Refused, each with one message naming the archive and, when there is one,
// the member: encryption, ZIP64, archives split over several disks, other
// methods, sizes, counts or names over the caps, a member that does not
// decompress to its declared size or whose CRC-32 differs, a local header
// that disagrees with the central directory, a name that leaves the archive
// (« ../ », absolute paths, drive letters) or that appears twice.
//
// Names: '\' becomes '/', empty and « . » components are dropped; a name
// that is not valid UTF-8 and not flagged as such is read as code page 437
// (what the format says, and Windows' OEM code page: « é » is 0x82 in 437
// and 850 alike), its accented letters kept, any other byte outside ASCII
// replaced by '_'. Directories (names ending in '/') are not returned.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace relance {

struct ZipMember {
  std::string name;  // sanitised relative path, '/' separated
  std::string data;  // the decompressed bytes
};

struct ZipLimits {
  std::size_t max_members = 2000;                      // entries of the central directory (directories included)
  std::size_t max_member_bytes = std::size_t{32} << 20;  // one member, decompressed
  std::size_t max_total_bytes = std::size_t{256} << 20;  // all members, decompressed
};

// True when the bytes start like a zip archive (a local header, or the end
// record of an empty archive).
bool looks_like_zip(std::string_view bytes);

// Every file of the archive, in central-directory order. `archive` names the
// archive in the errors: Error{"a.zip/dir/x.xml", "CRC-32 incorrect…"}.
Result<std::vector<ZipMember>> read_zip(std::string_view bytes, std::string_view archive, const ZipLimits& limits = {});

}  // namespace relance
