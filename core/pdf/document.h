// A small PDF writer for Relance's letters (reminders, formal notices,
// statements, recovery files): A4 pages, text in two embedded fonts, lines
// and grey boxes. layout.h builds flowing paragraphs and tables on top.
//
// Why our own writer: libharu was measured for this (see the toolchain notes):
// a one-line letter came out at 300 KB (font embedded whole, streams left
// uncompressed because the wasm build has no zlib) and poppler warned about
// its invalid ToUnicode CMap. This one subsets the font per document,
// compresses with its own deflate (deflate.h) and writes a ToUnicode map that
// pdftotext reads back exactly; a one-page letter is about 15 KB.
//
// Text: UTF-8 in, Noto Sans out (Type0 / CIDFontType2, Identity-H, glyph ids
// as hex strings, so ( ) \ need no escaping). Characters the font lacks
// get a near-equivalent when there is one (U+2212 minus as '-', thin spaces
// as U+202F); the others (emoji, Arabic, CJK...) and control characters are
// drawn as U+FFFD. Invisible format characters (soft hyphen, zero-width and
// bidi marks) are dropped; a letter followed by a combining accent is
// composed ("e\u0301" becomes "é"). Nothing the caller passes can make the
// file invalid.
//
// Output is deterministic: no date unless given, /ID is an MD5 of the file.
// Coordinates are in points (1/72 inch) from the top-left corner of the page,
// y growing downwards; text is placed by its baseline.
#pragma once
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/pdf/ttf.h"
#include "core/result.h"

namespace relance::pdf {

inline constexpr double kA4Width = 595.276;  // 210 mm
inline constexpr double kA4Height = 841.89;  // 297 mm
inline constexpr double kPointsPerMm = 72.0 / 25.4;

enum class Font { regular, bold };

// A run of text in one font: paragraphs mixing regular and bold are lists of spans.
struct Span {
  std::string text{};
  Font font = Font::regular;
};

// One line produced by Document::wrap.
struct Line {
  std::vector<Span> spans{};   // adjacent spans of the same font are merged
  double width = 0;            // natural width in points
  int spaces = 0;              // U+0020 count: what justification stretches
  bool ends_paragraph = false; // last line of the text or before a '\n'
};

struct Metadata {
  std::string title{}, author{}, subject{}, keywords{};
  // PDF date such as "D:20250314093000+01'00'" or "D:20250314"; written only
  // when given and well formed (the core has no clock, and leaving it out
  // keeps output identical from run to run).
  std::string creation_date{};
  std::string language = "fr-FR";  // catalog /Lang, for screen readers
};

class Document {
 public:
  // Uses the Noto Sans fonts compiled into the binary (core/assets.h).
  explicit Document(Metadata metadata = {});
  // Other TrueType fonts (bytes are copied). If one cannot be read, ok() is
  // false and the other is used in its place; with neither, text is not drawn
  // but finish() still returns a valid PDF.
  Document(Metadata metadata, std::string_view regular_ttf, std::string_view bold_ttf);

  bool ok() const { return error_.what.empty(); }
  const Error& error() const { return error_; }

  // Pages. Drawing goes to the current page; drawing before any add_page()
  // adds the first page. set_page() returns to an earlier page (page numbers
  // and footers are stamped that way once the page count is known).
  int add_page();  // returns its index, and makes it current
  int page_count() const { return static_cast<int>(pages_.size()); }
  int page() const { return current_; }
  void set_page(int index);

  // Text on one line: '\n' and tabs are drawn as spaces. gray: 0 black .. 1 white.
  void text(double x, double y, std::string_view utf8, Font font = Font::regular, double size = 10,
            double gray = 0);
  void text_right(double x_right, double y, std::string_view utf8, Font font = Font::regular, double size = 10,
                  double gray = 0);
  void text_center(double x_center, double y, std::string_view utf8, Font font = Font::regular,
                   double size = 10, double gray = 0);
  // A line from wrap(); word_spacing adds that many points to each space
  // (justified text).
  void text_line(double x, double y, const Line& line, double size, double word_spacing = 0, double gray = 0);

  // Width in points of what text() would draw.
  double text_width(std::string_view utf8, Font font = Font::regular, double size = 10) const;
  // Lines no wider than `width`: breaks at spaces (never at U+00A0 or
  // U+202F), starts a new line at each '\n', cuts words longer than the
  // width. Empty text gives one empty line.
  std::vector<std::string> wrap(std::string_view utf8, Font font, double size, double width) const;
  std::vector<Line> wrap(const std::vector<Span>& spans, double size, double width) const;

  // Graphics. Line widths in points.
  void line(double x1, double y1, double x2, double y2, double width = 0.5, double gray = 0);
  void rect(double x, double y, double w, double h, double fill_gray);
  void rect_outline(double x, double y, double w, double h, double width = 0.5, double gray = 0);

  // The PDF file. A document without pages gets one blank page. Does not
  // change the document: calling it twice gives the same bytes.
  std::string finish() const;

 private:
  struct Glyph {
    char32_t cp;  // after substitution: what ToUnicode maps the glyph back to
    std::uint16_t gid;
  };
  struct FontSlot {
    std::optional<TrueTypeFont> ttf;
    std::vector<std::uint16_t> widths;         // per glyph, in 1/1000 em as written in /W
    std::map<std::uint16_t, char32_t> used;    // glyph -> code point, for subset and ToUnicode
  };
  void load(int index, std::string_view bytes, const char* what);
  const FontSlot* slot(Font font) const;
  std::vector<Glyph> shape(std::string_view utf8, const FontSlot& f, bool keep_newlines) const;
  std::string& content();
  void draw_glyphs(double x, double y, Font font, double size, double gray, const std::vector<Glyph>& glyphs,
                   double word_spacing);

  Metadata metadata_;
  std::array<FontSlot, 2> fonts_;
  std::vector<std::string> pages_;  // content streams, uncompressed
  int current_ = -1;
  Error error_;
};

}  // namespace relance::pdf
