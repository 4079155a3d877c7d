// TrueType reading and subsetting, just what PDF embedding needs: the
// character map, advance widths, the metrics of the FontDescriptor, and a
// subset font program that keeps every glyph id (so CIDToGIDMap stays
// /Identity) but empties the outlines a document does not use.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace relance::pdf {

// Font-wide values in font units (see units_per_em).
struct FontMetrics {
  int units_per_em = 1000;
  int ascent = 0;       // hhea ascender
  int descent = 0;      // hhea descender (negative)
  int cap_height = 0;   // OS/2 sCapHeight, or an estimate
  int x_min = 0, y_min = 0, x_max = 0, y_max = 0;  // head bounding box
  double italic_angle = 0;  // post, degrees
  bool bold = false;        // head macStyle
};

class TrueTypeFont {
 public:
  // Reads the tables we need; checks every offset, so any bytes are safe.
  static Result<TrueTypeFont> parse(std::string_view bytes);

  std::uint16_t glyph_count() const { return glyph_count_; }
  // Glyph for a code point, 0 (.notdef) when the font lacks it.
  std::uint16_t glyph_index(char32_t cp) const;
  // Advance width in font units.
  std::uint16_t advance_width(std::uint16_t glyph) const;
  const FontMetrics& metrics() const { return metrics_; }
  // PostScript name (name id 6), restricted to characters valid in a PDF
  // name; "Font" when absent.
  const std::string& postscript_name() const { return ps_name_; }
  // Glyphs a composite glyph is built from (direct components only).
  std::vector<std::uint16_t> components(std::uint16_t glyph) const;

  // A TrueType file holding the tables PDF embedding needs (cmap cvt fpgm
  // glyf head hhea hmtx loca maxp prep OS/2 post) where only `glyphs`, glyph
  // 0 and the components they use keep their outlines. Glyph ids unchanged.
  std::string subset(const std::vector<std::uint16_t>& glyphs) const;

 private:
  struct Table {
    std::uint32_t offset = 0, length = 0;
    bool present() const { return length > 0; }
  };
  std::string_view table(const Table& t) const { return std::string_view(data_).substr(t.offset, t.length); }
  std::pair<std::uint32_t, std::uint32_t> glyph_range(std::uint16_t glyph) const;  // [begin, end) in glyf

  std::string data_;
  Table head_, hhea_, maxp_, hmtx_, loca_, glyf_, cmap_, os2_, post_, cvt_, fpgm_, prep_;
  std::uint16_t glyph_count_ = 0;
  std::uint16_t long_metrics_ = 0;
  bool long_loca_ = false;
  FontMetrics metrics_;
  std::string ps_name_ = "Font";
  // Code point -> glyph, sorted by code point: expanded from the cmap
  // subtable, which is simplest and small for the fonts we embed.
  std::vector<std::pair<char32_t, std::uint16_t>> cmap_entries_;
};

}  // namespace relance::pdf
