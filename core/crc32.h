// CRC-32 (IEEE 802.3, the one of zip and PNG), table-driven, sixteen bytes at a
// time: the binary snapshot's checksum, without zlib (the browser app does
// not link the checksum half of zlib).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace relance {

// The CRC-32 of `data` continued from `crc` (0 to start): crc32_of("123456789") is 0xCBF43926.
std::uint32_t crc32_of(std::string_view data, std::uint32_t crc = 0);

}  // namespace relance
