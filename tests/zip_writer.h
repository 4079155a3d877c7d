// A tiny .zip writer for the tests (stored or deflate through zlib, with or
// without data descriptors), with knobs to write the broken archives the
// reader must refuse.
#pragma once
#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace relance::testing {

struct ZipEntry {
  std::string name;
  std::string data;
  int method = 8;  // 0 stored, 8 deflate (anything else is written as stored bytes with that method number)
  bool descriptor = false;
  std::uint16_t flags = 0;  // added to the flags (0x1: encrypted, 0x800: UTF-8 name)
  std::optional<std::uint32_t> crc;    // written instead of the real CRC-32
  std::optional<std::uint32_t> usize;  // written instead of the real size
};

inline void put16(std::string& o, std::uint32_t v) {
  o += static_cast<char>(v & 0xff);
  o += static_cast<char>((v >> 8) & 0xff);
}
inline void put32(std::string& o, std::uint32_t v) {
  put16(o, v & 0xffff);
  put16(o, v >> 16);
}

inline std::string raw_deflate(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())) + 16, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// `comment` goes into the end record; `entries_override` replaces its counts.
inline std::string make_zip(const std::vector<ZipEntry>& entries, const std::string& comment = "",
                            std::optional<std::uint16_t> entries_override = {}) {
  std::string out, central;
  for (const ZipEntry& e : entries) {
    const std::string packed = e.method == 8 ? raw_deflate(e.data) : e.data;
    const std::uint32_t crc = e.crc ? *e.crc
                                    : static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(e.data.data()),
                                                                       static_cast<uInt>(e.data.size())));
    const std::uint32_t usize = e.usize ? *e.usize : static_cast<std::uint32_t>(e.data.size());
    const std::uint32_t csize = static_cast<std::uint32_t>(packed.size());
    const std::uint16_t flags = static_cast<std::uint16_t>(e.flags | (e.descriptor ? 0x8 : 0));
    const auto offset = static_cast<std::uint32_t>(out.size());
    out += "PK\3\4";
    put16(out, 20);
    put16(out, flags);
    put16(out, static_cast<std::uint32_t>(e.method));
    put16(out, 0);  // time
    put16(out, 0x21);  // date
    put32(out, e.descriptor ? 0 : crc);
    put32(out, e.descriptor ? 0 : csize);
    put32(out, e.descriptor ? 0 : usize);
    put16(out, static_cast<std::uint32_t>(e.name.size()));
    put16(out, 0);
    out += e.name;
    out += packed;
    if (e.descriptor) {
      out += "PK\7\10";
      put32(out, crc);
      put32(out, csize);
      put32(out, usize);
    }
    central += "PK\1\2";
    put16(central, 20);
    put16(central, 20);
    put16(central, flags);
    put16(central, static_cast<std::uint32_t>(e.method));
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, csize);
    put32(central, usize);
    put16(central, static_cast<std::uint32_t>(e.name.size()));
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += e.name;
  }
  const auto cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  out += "PK\5\6";
  put16(out, 0);
  put16(out, 0);
  const std::uint32_t n = entries_override ? *entries_override : static_cast<std::uint32_t>(entries.size());
  put16(out, n);
  put16(out, n);
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, cd_offset);
  put16(out, static_cast<std::uint32_t>(comment.size()));
  out += comment;
  return out;
}

}  // namespace relance::testing
