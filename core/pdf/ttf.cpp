#include "core/pdf/ttf.h"

#include <algorithm>
#include <array>
#include <cstring>

// [SECTION] Big-endian reading and writing
// [SECTION] Parsing
// [SECTION] Glyph queries
// [SECTION] Subsetting

namespace relance::pdf {
namespace {

// [SECTION] Big-endian reading and writing -------------------------------------

// Reads return 0 past the end: callers check lengths first, this only keeps a
// mistake from reading out of bounds.
std::uint32_t u8(std::string_view d, std::size_t at) {
  return at < d.size() ? static_cast<unsigned char>(d[at]) : 0u;
}
std::uint16_t u16(std::string_view d, std::size_t at) {
  return static_cast<std::uint16_t>((u8(d, at) << 8) | u8(d, at + 1));
}
std::int16_t i16(std::string_view d, std::size_t at) { return static_cast<std::int16_t>(u16(d, at)); }
std::uint32_t u32(std::string_view d, std::size_t at) {
  return (static_cast<std::uint32_t>(u16(d, at)) << 16) | u16(d, at + 2);
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xFFFF);
}
void set32(std::string& out, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out[at + static_cast<std::size_t>(k)] = static_cast<char>((v >> (24 - 8 * k)) & 0xFF);
}
void set16(std::string& out, std::size_t at, std::uint32_t v) {
  out[at] = static_cast<char>((v >> 8) & 0xFF);
  out[at + 1] = static_cast<char>(v & 0xFF);
}

// Table checksum: sum of big-endian words, the last one zero-padded.
std::uint32_t checksum(std::string_view d) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < d.size(); i += 4) sum += u32(d, i);
  return sum;
}

bool name_char_ok(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

}  // namespace

// [SECTION] Parsing ------------------------------------------------------------

Result<TrueTypeFont> TrueTypeFont::parse(std::string_view bytes) {
  auto fail = [&](std::string what) { return Error{"font", std::move(what)}; };
  if (bytes.size() < 12) return fail("too short to be a TrueType font");
  const std::uint32_t version = u32(bytes, 0);
  if (version != 0x00010000 && version != 0x74727565 /* 'true' */)
    return fail("not a TrueType font with glyf outlines");
  TrueTypeFont f;
  f.data_.assign(bytes);
  const std::string_view d = f.data_;
  const std::uint16_t num_tables = u16(d, 4);
  if (12 + 16 * static_cast<std::size_t>(num_tables) > d.size()) return fail("table directory truncated");
  for (std::size_t i = 0; i < num_tables; ++i) {
    const std::size_t rec = 12 + 16 * i;
    const std::string_view tag = d.substr(rec, 4);
    const Table t{u32(d, rec + 8), u32(d, rec + 12)};
    if (t.offset > d.size() || t.length > d.size() - t.offset) return fail("table " + std::string(tag) + " out of bounds");
    Table* slot = tag == "head" ? &f.head_ : tag == "hhea" ? &f.hhea_ : tag == "maxp" ? &f.maxp_
                : tag == "hmtx" ? &f.hmtx_ : tag == "loca" ? &f.loca_ : tag == "glyf" ? &f.glyf_
                : tag == "cmap" ? &f.cmap_ : tag == "OS/2" ? &f.os2_ : tag == "post" ? &f.post_
                : tag == "cvt " ? &f.cvt_ : tag == "fpgm" ? &f.fpgm_ : tag == "prep" ? &f.prep_ : nullptr;
    if (slot) *slot = t;
  }
  if (f.head_.length < 54 || f.hhea_.length < 36 || f.maxp_.length < 6 || !f.hmtx_.present() || !f.loca_.present() ||
      !f.glyf_.present() || !f.cmap_.present())
    return fail("a required table (head hhea maxp hmtx loca glyf cmap) is missing or short");

  const std::string_view head = f.table(f.head_);
  FontMetrics& m = f.metrics_;
  m.units_per_em = u16(head, 18);
  if (m.units_per_em < 16 || m.units_per_em > 16384) return fail("bad unitsPerEm");
  m.x_min = i16(head, 36), m.y_min = i16(head, 38), m.x_max = i16(head, 40), m.y_max = i16(head, 42);
  m.bold = (u16(head, 44) & 1) != 0;
  f.long_loca_ = i16(head, 50) != 0;

  f.glyph_count_ = u16(f.table(f.maxp_), 4);
  if (f.glyph_count_ == 0) return fail("no glyphs");
  const std::string_view hhea = f.table(f.hhea_);
  m.ascent = i16(hhea, 4);
  m.descent = i16(hhea, 6);
  f.long_metrics_ = u16(hhea, 34);
  if (f.long_metrics_ == 0 || f.long_metrics_ > f.glyph_count_ || f.hmtx_.length < 4u * f.long_metrics_)
    return fail("bad horizontal metrics");
  const std::size_t loca_need = (static_cast<std::size_t>(f.glyph_count_) + 1) * (f.long_loca_ ? 4 : 2);
  if (f.loca_.length < loca_need) return fail("loca table too short");

  m.cap_height = m.ascent * 7 / 10;
  if (f.os2_.length >= 90 && u16(f.table(f.os2_), 0) >= 2) m.cap_height = i16(f.table(f.os2_), 88);
  if (f.post_.length >= 8) m.italic_angle = static_cast<std::int32_t>(u32(f.table(f.post_), 4)) / 65536.0;

  // PostScript name: name id 6, Windows (UTF-16BE) or Mac (Roman) record.
  for (std::size_t i = 0; i < num_tables; ++i) {
    const std::size_t rec = 12 + 16 * i;
    if (d.substr(rec, 4) != "name") continue;
    const std::string_view name = d.substr(u32(d, rec + 8), u32(d, rec + 12));
    const std::uint16_t count = u16(name, 2), strings = u16(name, 4);
    for (std::size_t k = 0; k < count && 6 + 12 * k + 12 <= name.size(); ++k) {
      const std::size_t r = 6 + 12 * k;
      const std::uint16_t platform = u16(name, r), id = u16(name, r + 6), len = u16(name, r + 8);
      const std::size_t at = static_cast<std::size_t>(strings) + u16(name, r + 10);
      if (id != 6 || at + len > name.size()) continue;
      std::string ps;
      if (platform == 3 || platform == 0) {
        for (std::size_t c = 0; c + 1 < len; c += 2) {
          const std::uint16_t ch = u16(name, at + c);
          if (ch < 128 && name_char_ok(static_cast<char>(ch))) ps += static_cast<char>(ch);
        }
      } else if (platform == 1) {
        for (std::size_t c = 0; c < len; ++c)
          if (name_char_ok(name[at + c])) ps += name[at + c];
      }
      if (!ps.empty()) {
        f.ps_name_ = ps.substr(0, 100);
        break;
      }
    }
  }

  // Character map: a format 12 subtable (full Unicode) if any, else format 4.
  const std::string_view cmap = f.table(f.cmap_);
  const std::uint16_t subtables = u16(cmap, 2);
  std::size_t best = 0;
  int best_rank = 0;
  for (std::size_t i = 0; i < subtables && 4 + 8 * i + 8 <= cmap.size(); ++i) {
    const std::uint16_t platform = u16(cmap, 4 + 8 * i), encoding = u16(cmap, 6 + 8 * i);
    const std::uint32_t off = u32(cmap, 8 + 8 * i);
    if (off + 4 > cmap.size()) continue;
    const bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
    const std::uint16_t format = u16(cmap, off);
    const int rank = !unicode ? 0 : format == 12 ? 2 : format == 4 ? 1 : 0;
    if (rank > best_rank) best_rank = rank, best = off;
  }
  if (best_rank == 0) return fail("no Unicode character map");
  // A damaged map may claim the whole code space many times over: the work
  // is bounded to twice the number of code points.
  std::size_t budget = 2 * 0x110000;
  auto add = [&](std::uint32_t cp, std::uint32_t glyph) {
    if (glyph != 0 && glyph < f.glyph_count_ && cp <= 0x10FFFF)
      f.cmap_entries_.emplace_back(static_cast<char32_t>(cp), static_cast<std::uint16_t>(glyph));
  };
  if (best_rank == 2) {
    const std::uint32_t groups = u32(cmap, best + 12);
    if (best + 16 + 12ull * groups > cmap.size()) return fail("cmap format 12 truncated");
    for (std::uint32_t g = 0; g < groups; ++g) {
      const std::size_t at = best + 16 + 12 * static_cast<std::size_t>(g);
      const std::uint32_t first = u32(cmap, at), last = std::min<std::uint32_t>(u32(cmap, at + 4), 0x10FFFF),
                          glyph = u32(cmap, at + 8);
      for (std::uint32_t cp = first; cp <= last && budget > 0; ++cp, --budget) add(cp, glyph + (cp - first));
    }
  } else {
    const std::size_t seg_x2 = u16(cmap, best + 6), segs = seg_x2 / 2;
    const std::size_t ends = best + 14, starts = ends + seg_x2 + 2, deltas = starts + seg_x2,
                      ranges = deltas + seg_x2;
    if (ranges + seg_x2 > cmap.size()) return fail("cmap format 4 truncated");
    for (std::size_t s = 0; s < segs; ++s) {
      const std::uint32_t first = u16(cmap, starts + 2 * s), last = u16(cmap, ends + 2 * s);
      const std::uint16_t delta = u16(cmap, deltas + 2 * s), range = u16(cmap, ranges + 2 * s);
      for (std::uint32_t cp = first; cp <= last && cp != 0xFFFF && budget > 0; ++cp, --budget) {
        std::uint32_t glyph;
        if (range == 0) {
          glyph = (cp + delta) & 0xFFFF;
        } else {
          const std::size_t at = ranges + 2 * s + range + 2 * (cp - first);
          if (at + 2 > cmap.size()) break;
          glyph = u16(cmap, at);
          if (glyph != 0) glyph = (glyph + delta) & 0xFFFF;
        }
        add(cp, glyph);
      }
    }
  }
  std::sort(f.cmap_entries_.begin(), f.cmap_entries_.end());
  f.cmap_entries_.erase(std::unique(f.cmap_entries_.begin(), f.cmap_entries_.end(),
                                    [](const auto& a, const auto& b) { return a.first == b.first; }),
                        f.cmap_entries_.end());
  return f;
}

// [SECTION] Glyph queries ------------------------------------------------------

std::uint16_t TrueTypeFont::glyph_index(char32_t cp) const {
  const auto it = std::lower_bound(cmap_entries_.begin(), cmap_entries_.end(), cp,
                                   [](const auto& e, char32_t c) { return e.first < c; });
  return it != cmap_entries_.end() && it->first == cp ? it->second : 0;
}

std::uint16_t TrueTypeFont::advance_width(std::uint16_t glyph) const {
  const std::size_t k = std::min<std::size_t>(glyph, long_metrics_ - 1u);
  return u16(table(hmtx_), 4 * k);
}

std::pair<std::uint32_t, std::uint32_t> TrueTypeFont::glyph_range(std::uint16_t glyph) const {
  if (glyph >= glyph_count_) return {0, 0};
  const std::string_view loca = table(loca_);
  std::uint32_t begin, end;
  if (long_loca_) {
    begin = u32(loca, 4u * glyph), end = u32(loca, 4u * glyph + 4);
  } else {
    begin = 2u * u16(loca, 2u * glyph), end = 2u * u16(loca, 2u * glyph + 2);
  }
  if (begin > end || end > glyf_.length) return {0, 0};  // damaged entry: treat as empty
  return {begin, end};
}

std::vector<std::uint16_t> TrueTypeFont::components(std::uint16_t glyph) const {
  std::vector<std::uint16_t> out;
  const auto [begin, end] = glyph_range(glyph);
  const std::string_view g = table(glyf_).substr(begin, end - begin);
  if (g.size() < 10 || i16(g, 0) >= 0) return out;  // simple glyph (or empty)
  std::size_t at = 10;
  for (;;) {
    if (at + 4 > g.size()) break;
    const std::uint16_t flags = u16(g, at), component = u16(g, at + 2);
    out.push_back(component);
    at += 4 + ((flags & 0x0001) ? 4 : 2);  // ARG_1_AND_2_ARE_WORDS
    if (flags & 0x0008) at += 2;           // WE_HAVE_A_SCALE
    else if (flags & 0x0040) at += 4;      // WE_HAVE_AN_X_AND_Y_SCALE
    else if (flags & 0x0080) at += 8;      // WE_HAVE_A_TWO_BY_TWO
    if (!(flags & 0x0020)) break;          // MORE_COMPONENTS
  }
  return out;
}

// [SECTION] Subsetting ---------------------------------------------------------

std::string TrueTypeFont::subset(const std::vector<std::uint16_t>& glyphs) const {
  // Glyphs to keep: the requested ones, .notdef, and composite components.
  std::vector<bool> keep(glyph_count_, false);
  std::vector<std::uint16_t> todo(glyphs.begin(), glyphs.end());
  todo.push_back(0);
  while (!todo.empty()) {
    const std::uint16_t g = todo.back();
    todo.pop_back();
    if (g >= glyph_count_ || keep[g]) continue;
    keep[g] = true;
    for (std::uint16_t c : components(g)) todo.push_back(c);
  }

  // glyf with unused outlines emptied, and a long-format loca to match.
  std::string glyf, loca;
  const std::string_view old_glyf = table(glyf_);
  for (std::uint16_t g = 0; g < glyph_count_; ++g) {
    put32(loca, static_cast<std::uint32_t>(glyf.size()));
    if (!keep[g]) continue;
    const auto [begin, end] = glyph_range(g);
    glyf.append(old_glyf.substr(begin, end - begin));
    while (glyf.size() % 4) glyf += '\0';
  }
  put32(loca, static_cast<std::uint32_t>(glyf.size()));

  std::string head(table(head_));
  set32(head, 8, 0);    // checkSumAdjustment, set once the file is complete
  set16(head, 50, 1);   // indexToLocFormat: long
  std::string post;
  if (post_.length >= 32) {  // version 3: no glyph names, 32 bytes
    post.assign(table(post_).substr(0, 32));
    set32(post, 0, 0x00030000);
  }

  struct Out {
    const char* tag;
    std::string data;
  };
  std::vector<Out> tables;  // sorted by tag, as the directory requires
  auto add = [&](const char* tag, std::string data) {
    if (!data.empty()) tables.push_back({tag, std::move(data)});
  };
  add("OS/2", std::string(table(os2_)));
  add("cmap", std::string(table(cmap_)));
  add("cvt ", std::string(table(cvt_)));
  add("fpgm", std::string(table(fpgm_)));
  add("glyf", std::move(glyf));
  add("head", std::move(head));
  add("hhea", std::string(table(hhea_)));
  add("hmtx", std::string(table(hmtx_)));
  add("loca", std::move(loca));
  add("maxp", std::string(table(maxp_)));
  add("post", std::move(post));
  add("prep", std::string(table(prep_)));

  const auto n = static_cast<std::uint32_t>(tables.size());
  std::uint32_t pow2 = 1, log2 = 0;
  while (pow2 * 2 <= n) pow2 *= 2, ++log2;
  std::string out;
  put32(out, 0x00010000);
  put16(out, n);
  put16(out, pow2 * 16);
  put16(out, log2);
  put16(out, n * 16 - pow2 * 16);
  auto offset = static_cast<std::uint32_t>(12 + 16 * n);
  std::size_t head_at = 0;
  for (Out& t : tables) {
    const auto length = static_cast<std::uint32_t>(t.data.size());
    while (t.data.size() % 4) t.data += '\0';
    out.append(t.tag, 4);
    put32(out, checksum(t.data));
    put32(out, offset);
    put32(out, length);
    if (std::strcmp(t.tag, "head") == 0) head_at = offset;
    offset += static_cast<std::uint32_t>(t.data.size());
  }
  for (const Out& t : tables) out += t.data;
  set32(out, head_at + 8, 0xB1B0AFBAu - checksum(out));
  return out;
}

}  // namespace relance::pdf
