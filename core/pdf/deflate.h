// A small zlib-format compressor (RFC 1950 around RFC 1951 deflate) for PDF
// FlateDecode streams. Ours because the wasm build has no zlib port, and a
// compressor is the easy half: LZ77 with hash chains and lazy matching, then
// per block the cheapest of dynamic Huffman, fixed Huffman or stored.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace relance::pdf {

// The zlib stream of `data`: 2-byte header, deflate blocks, Adler-32.
// Deterministic: the same input always gives the same bytes.
std::string zlib_compress(std::string_view data);

// Adler-32 checksum (the zlib trailer), continuing from `adler`.
std::uint32_t adler32(std::string_view data, std::uint32_t adler = 1);

}  // namespace relance::pdf
