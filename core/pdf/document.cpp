#include "core/pdf/document.h"

#include <cmath>
#include <cstdint>

#include "core/assets.h"
#include "core/pdf/deflate.h"
#include "core/text.h"

// [SECTION] Helpers: MD5, numbers, strings
// [SECTION] Fonts and shaping
// [SECTION] Drawing
// [SECTION] Wrapping
// [SECTION] Writing the file

namespace relance::pdf {
namespace {

// [SECTION] Helpers: MD5, numbers, strings -------------------------------------

// MD5 (RFC 1321): the customary hash for a PDF /ID, and for subset tags.
std::array<std::uint8_t, 16> md5(std::string_view msg) {
  static constexpr std::uint32_t kK[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static constexpr int kShift[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
  std::uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  auto block = [&](const unsigned char* p) {
    std::uint32_t m[16];
    for (int i = 0; i < 16; ++i)
      m[i] = static_cast<std::uint32_t>(p[4 * i]) | (static_cast<std::uint32_t>(p[4 * i + 1]) << 8) |
             (static_cast<std::uint32_t>(p[4 * i + 2]) << 16) | (static_cast<std::uint32_t>(p[4 * i + 3]) << 24);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t f;
      int g;
      if (i < 16) f = (b & c) | (~b & d), g = i;
      else if (i < 32) f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
      else if (i < 48) f = b ^ c ^ d, g = (3 * i + 5) % 16;
      else f = c ^ (b | ~d), g = (7 * i) % 16;
      f += a + kK[i] + m[g];
      a = d, d = c, c = b;
      const int s = kShift[(i / 16) * 4 + i % 4];
      b += (f << s) | (f >> (32 - s));
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d;
  };
  std::size_t i = 0;
  for (; i + 64 <= msg.size(); i += 64) block(reinterpret_cast<const unsigned char*>(msg.data() + i));
  unsigned char tail[128] = {};
  const std::size_t rest = (msg.size() - i) & 63;  // < 64 already; the mask tells the compiler
  for (std::size_t k = 0; k < rest; ++k) tail[k] = static_cast<unsigned char>(msg[i + k]);
  tail[rest] = 0x80;
  const std::size_t tail_len = rest < 56 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(msg.size()) * 8;
  for (int k = 0; k < 8; ++k) tail[tail_len - 8 + static_cast<std::size_t>(k)] = static_cast<unsigned char>(bits >> (8 * k));
  block(tail);
  if (tail_len == 128) block(tail + 64);
  std::array<std::uint8_t, 16> out{};
  for (int k = 0; k < 16; ++k) out[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(h[k / 4] >> (8 * (k % 4)));
  return out;
}

void append_hex(std::string& out, std::uint32_t v, int digits) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (int k = digits - 1; k >= 0; --k) out += kHex[(v >> (4 * k)) & 0xF];
}

// Numbers with at most 3 decimals, never in exponent form and independent of
// the C locale (a French locale would otherwise write "12,5").
std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  v = std::fmax(-1e9, std::fmin(1e9, v));
  long long n = std::llround(v * 1000);
  std::string out;
  if (n < 0) out += '-', n = -n;
  out += std::to_string(n / 1000);
  if (long long frac = n % 1000) {
    out += '.';
    for (long long div = 100; frac > 0; div /= 10) {
      out += static_cast<char>('0' + frac / div);
      frac %= div;
    }
  }
  return out;
}

// A grey level as the g / G operators take it: 0 black .. 1 white.
std::string level(double gray) { return num(std::isfinite(gray) ? std::fmax(0, std::fmin(1, gray)) : 0); }

// UTF-16BE hex of a code point (surrogate pair above the BMP).
void append_utf16_hex(std::string& out, char32_t cp) {
  if (cp >= 0x10000) {
    cp -= 0x10000;
    append_hex(out, 0xD800 + (cp >> 10), 4);
    append_hex(out, 0xDC00 + (cp & 0x3FF), 4);
  } else {
    append_hex(out, cp, 4);
  }
}

// A text string for the Info dictionary: UTF-16BE with a BOM, in hex.
std::string pdf_text_string(std::string_view utf8) {
  std::string out = "<FEFF";
  for (char32_t cp : utf8_to_u32(sanitize_text(utf8))) append_utf16_hex(out, cp);
  return out + ">";
}

// "D:YYYY[MM[DD[HH[mm[SS]]]]]" then optionally "Z" or "+HH'mm'" / "-HH'mm".
bool valid_pdf_date(std::string_view s) {
  auto digits = [&](std::size_t from, std::size_t n) {
    if (from + n > s.size()) return false;
    for (std::size_t k = from; k < from + n; ++k)
      if (s[k] < '0' || s[k] > '9') return false;
    return true;
  };
  if (s.substr(0, 2) != "D:" || !digits(2, 4)) return false;
  std::size_t at = 6;
  while (at < 16 && digits(at, 2)) at += 2;
  if (at == s.size()) return true;
  if (s[at] == 'Z') return at + 1 == s.size();
  if (s[at] != '+' && s[at] != '-') return false;
  if (!digits(at + 1, 2) || s.size() < at + 3) return false;
  std::string_view rest = s.substr(at + 3);
  return rest.empty() || (rest.size() >= 3 && rest[0] == '\'' && digits(at + 4, 2) &&
                          (rest.size() == 3 || (rest.size() == 4 && rest[3] == '\'')));
}

bool valid_language(std::string_view s) {
  if (s.empty() || s.size() > 35) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// [SECTION] Fonts and shaping --------------------------------------------------

// Characters that take no room and mean nothing on paper: soft hyphen,
// zero-width spaces and joiners, bidi controls, BOM, variation selectors.
bool invisible(char32_t cp) {
  return cp == 0xAD || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

// Letter + combining accent -> precomposed letter (text pasted from macOS
// or PDFs often arrives decomposed). 0 when there is no such letter.
char32_t compose(char32_t base, char32_t mark) {
  struct Mark {
    char32_t mark;
    std::u32string_view bases, composed;
  };
  static constexpr Mark kMarks[] = {
      {0x300, U"AEIOUaeiou", U"ÀÈÌÒÙàèìòù"},     {0x301, U"AEIOUYaeiouy", U"ÁÉÍÓÚÝáéíóúý"},
      {0x302, U"AEIOUaeiou", U"ÂÊÎÔÛâêîôû"},     {0x303, U"ANOano", U"ÃÑÕãñõ"},
      {0x308, U"AEIOUYaeiouy", U"ÄËÏÖÜŸäëïöüÿ"}, {0x30A, U"Aa", U"Åå"},
      {0x327, U"Cc", U"Çç"},
  };
  for (const Mark& m : kMarks) {
    if (m.mark != mark) continue;
    const std::size_t k = m.bases.find(base);
    return k == std::u32string_view::npos ? 0 : m.composed[k];
  }
  return 0;
}

// A near-equivalent for characters the font may lack, tried before U+FFFD:
// a minus sign on a credit note must stay a minus. 0 when there is none.
char32_t fallback(char32_t cp) {
  switch (cp) {
    case 0x2212: return '-';                               // minus sign
    case 0x2010: case 0x2011: return '-';                  // hyphens
    case 0x2002: case 0x2003: case 0x2004: return ' ';     // en, em, three-per-em spaces
    case 0x2007: return 0xA0;                              // figure space (no-break)
    case 0x2005: case 0x2006: case 0x2008: case 0x2009: case 0x200A: return 0x202F;  // thin spaces
    case 0x2018: case 0x201B: case 0x2032: return 0x2019;  // quotes and prime to ’
    case 0x201C: case 0x201D: case 0x201F: return '"';
    case 0x2039: return '<';
    case 0x203A: return '>';
    default: return 0;
  }
}

}  // namespace

Document::Document(Metadata metadata)
    : Document(std::move(metadata), embedded_asset("fonts/NotoSans-Regular.ttf"),
               embedded_asset("fonts/NotoSans-Bold.ttf")) {}

Document::Document(Metadata metadata, std::string_view regular_ttf, std::string_view bold_ttf)
    : metadata_(std::move(metadata)) {
  load(0, regular_ttf, "regular font");
  load(1, bold_ttf, "bold font");
}

void Document::load(int index, std::string_view bytes, const char* what) {
  FontSlot& f = fonts_[static_cast<std::size_t>(index)];
  Result<TrueTypeFont> parsed = TrueTypeFont::parse(bytes);
  if (!parsed) {
    if (error_.what.empty()) error_ = {what, bytes.empty() ? "not embedded in this build" : parsed.error().what};
    return;
  }
  f.ttf = std::move(parsed).value();
  const int upem = f.ttf->metrics().units_per_em;
  f.widths.resize(f.ttf->glyph_count());
  for (std::uint16_t g = 0; g < f.ttf->glyph_count(); ++g)
    f.widths[g] = static_cast<std::uint16_t>((f.ttf->advance_width(g) * 1000 + upem / 2) / upem);
}

// The slot drawing `font`: the other one when it failed to load.
const Document::FontSlot* Document::slot(Font font) const {
  const FontSlot& wanted = fonts_[font == Font::bold ? 1 : 0];
  const FontSlot& other = fonts_[font == Font::bold ? 0 : 1];
  return wanted.ttf ? &wanted : other.ttf ? &other : nullptr;
}

// UTF-8 to glyphs, applying the substitutions described in document.h. With
// keep_newlines, '\n' stays as a {'\n', 0} marker for wrap().
std::vector<Document::Glyph> Document::shape(std::string_view utf8, const FontSlot& f, bool keep_newlines) const {
  const TrueTypeFont& ttf = *f.ttf;
  auto glyph_of = [&](char32_t cp) -> Glyph {
    if (std::uint16_t g = ttf.glyph_index(cp)) return {cp, g};
    if (const char32_t alt = fallback(cp))
      if (std::uint16_t g = ttf.glyph_index(alt)) return {alt, g};
    if (std::uint16_t g = ttf.glyph_index(0xFFFD)) return {0xFFFD, g};
    if (std::uint16_t g = ttf.glyph_index('?')) return {'?', g};
    return {0xFFFD, 0};
  };
  std::vector<Glyph> out;
  out.reserve(utf8.size());
  for (char32_t cp : utf8_to_u32(utf8)) {
    if (cp == '\r' || invisible(cp)) continue;
    if (cp == '\n' && keep_newlines) {
      out.push_back({'\n', 0});
      continue;
    }
    if (cp == '\n' || cp == '\t') {
      cp = ' ';
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
      cp = 0xFFFD;
    } else if (cp >= 0x300 && cp < 0x370 && !out.empty()) {
      if (const char32_t c = compose(out.back().cp, cp)) {
        out.back() = glyph_of(c);
        continue;
      }
    }
    out.push_back(glyph_of(cp));
  }
  return out;
}

// [SECTION] Drawing ------------------------------------------------------------

int Document::add_page() {
  pages_.emplace_back();
  current_ = static_cast<int>(pages_.size()) - 1;
  return current_;
}

void Document::set_page(int index) {
  if (index >= 0 && index < page_count()) current_ = index;
}

std::string& Document::content() {
  if (pages_.empty()) add_page();
  return pages_[static_cast<std::size_t>(current_)];
}

void Document::draw_glyphs(double x, double y, Font font, double size, double gray,
                           const std::vector<Glyph>& glyphs, double word_spacing) {
  const FontSlot* f = slot(font);
  if (!f || glyphs.empty()) return;
  FontSlot& used = fonts_[f == &fonts_[0] ? 0 : 1];
  for (const Glyph& g : glyphs) used.used.emplace(g.gid, g.cp);
  std::string& c = content();
  const bool colored = std::isfinite(gray) && gray > 0;
  if (colored) c += "q " + level(gray) + " g ";
  c += "BT /F" + std::string(f == &fonts_[0] ? "1 " : "2 ") + num(size) + " Tf " + num(x) + " " +
       num(kA4Height - y) + " Td ";
  // Justified text moves each space by a TJ adjustment, since the Tw
  // operator only acts on single-byte codes.
  const std::string adjust =
      word_spacing != 0 && std::isfinite(word_spacing) && size != 0 ? num(-word_spacing * 1000 / size) : "";
  auto show = [&](std::size_t from, std::size_t to) {
    c += adjust.empty() ? "<" : "[<";
    for (std::size_t k = from; k < to; ++k) {
      if (k > from && (k - from) % 1000 == 0)  // readers limit string lengths
        c += adjust.empty() ? "> Tj <" : "> ] TJ [<";
      append_hex(c, glyphs[k].gid, 4);
      if (!adjust.empty() && glyphs[k].cp == ' ') c += "> " + adjust + " <";
    }
    c += adjust.empty() ? "> Tj " : "> ] TJ ";
  };
  // Text extraction (poppler, and so pdftotext) turns a glyph that maps to
  // a lone no-break or narrow space into a word break, losing "1 234,56 €"'s
  // U+202F and U+00A0. A word holding one is given as /ActualText, which
  // readers take verbatim.
  auto special = [](char32_t cp) {
    return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
  };
  std::size_t done = 0;
  for (std::size_t w = 0; w < glyphs.size();) {
    if (glyphs[w].cp == ' ') {
      ++w;
      continue;
    }
    std::size_t end = w;
    bool has_special = false;
    for (; end < glyphs.size() && glyphs[end].cp != ' '; ++end) has_special |= special(glyphs[end].cp);
    if (has_special) {
      if (done < w) show(done, w);
      std::string actual = "<FEFF";
      for (std::size_t k = w; k < end; ++k) append_utf16_hex(actual, glyphs[k].cp);
      c += "/Span << /ActualText " + actual + "> >> BDC ";
      show(w, end);
      c += "EMC ";
      done = end;
    }
    w = end;
  }
  if (done < glyphs.size()) show(done, glyphs.size());
  c += colored ? "ET Q\n" : "ET\n";
}

void Document::text(double x, double y, std::string_view utf8, Font font, double size, double gray) {
  if (const FontSlot* f = slot(font)) draw_glyphs(x, y, font, size, gray, shape(utf8, *f, false), 0);
}

void Document::text_right(double x_right, double y, std::string_view utf8, Font font, double size, double gray) {
  text(x_right - text_width(utf8, font, size), y, utf8, font, size, gray);
}

void Document::text_center(double x_center, double y, std::string_view utf8, Font font, double size, double gray) {
  text(x_center - text_width(utf8, font, size) / 2, y, utf8, font, size, gray);
}

void Document::text_line(double x, double y, const Line& line, double size, double word_spacing, double gray) {
  for (const Span& s : line.spans) {
    const FontSlot* f = slot(s.font);
    if (!f) continue;
    const std::vector<Glyph> glyphs = shape(s.text, *f, false);
    draw_glyphs(x, y, s.font, size, gray, glyphs, word_spacing);
    for (const Glyph& g : glyphs) x += f->widths[g.gid] * size / 1000 + (g.cp == ' ' ? word_spacing : 0);
  }
}

double Document::text_width(std::string_view utf8, Font font, double size) const {
  const FontSlot* f = slot(font);
  if (!f) return 0;
  std::int64_t units = 0;  // exact sum: widths are integers in 1/1000 em
  for (const Glyph& g : shape(utf8, *f, false)) units += f->widths[g.gid];
  return static_cast<double>(units) * size / 1000;
}

void Document::line(double x1, double y1, double x2, double y2, double width, double gray) {
  content() += "q " + num(std::fmax(0, width)) + " w " + level(gray) + " G " + num(x1) + " " + num(kA4Height - y1) + " m " +
               num(x2) + " " + num(kA4Height - y2) + " l S Q\n";
}

void Document::rect(double x, double y, double w, double h, double fill_gray) {
  content() += "q " + level(fill_gray) + " g " + num(x) + " " + num(kA4Height - y - h) + " " + num(w) + " " + num(h) +
               " re f Q\n";
}

void Document::rect_outline(double x, double y, double w, double h, double width, double gray) {
  content() += "q " + num(std::fmax(0, width)) + " w " + level(gray) + " G " + num(x) + " " + num(kA4Height - y - h) + " " +
               num(w) + " " + num(h) + " re S Q\n";
}

// [SECTION] Wrapping -----------------------------------------------------------

std::vector<Line> Document::wrap(const std::vector<Span>& spans, double size, double width) const {
  // Widths are summed in integer 1/1000 em, as text_width() does, so a line
  // exactly as wide as a measured text fits.
  struct Item {
    char32_t cp;
    Font font;
    std::int64_t units;
  };
  std::vector<Item> items;
  for (const Span& s : spans) {
    const FontSlot* f = slot(s.font);
    if (!f) continue;
    for (const Glyph& g : shape(s.text, *f, true)) items.push_back({g.cp, s.font, g.cp == '\n' ? 0 : f->widths[g.gid]});
  }
  auto points = [&](std::int64_t units) { return static_cast<double>(units) * size / 1000; };
  std::vector<Line> lines;
  auto emit = [&](std::size_t from, std::size_t to, bool last) {
    while (to > from && items[to - 1].cp == ' ') --to;
    Line line;
    line.ends_paragraph = last;
    std::int64_t units = 0;
    for (std::size_t k = from; k < to; ++k) {
      if (line.spans.empty() || line.spans.back().font != items[k].font) line.spans.push_back({"", items[k].font});
      append_utf8(line.spans.back().text, items[k].cp);
      units += items[k].units;
      line.spaces += items[k].cp == ' ';
    }
    line.width = points(units);
    lines.push_back(std::move(line));
  };
  const std::size_t n = items.size();
  for (std::size_t p = 0;;) {
    std::size_t end = p;
    while (end < n && items[end].cp != '\n') ++end;
    if (p == end) emit(p, p, true);
    // Greedy: take items while they fit; break at the last space before the
    // first item that does not, or cut the word when the line has no space.
    for (std::size_t pos = p; pos < end;) {
      if (pos > p) {  // a continuation line: the spaces at the break vanish
        while (pos < end && items[pos].cp == ' ') ++pos;
        if (pos == end) {
          lines.back().ends_paragraph = true;
          break;
        }
      }
      std::int64_t x = 0;
      std::size_t brk = 0, i = pos;
      for (; i < end; ++i) {
        if (items[i].cp == ' ') {
          if (i > pos && items[i - 1].cp != ' ') brk = i;
        } else if (i > pos && points(x + items[i].units) > width) {
          break;
        }
        x += items[i].units;
      }
      const std::size_t stop = i == end ? end : brk > pos ? brk : i;
      emit(pos, stop, stop == end);
      pos = stop;
    }
    if (end == n) break;
    p = end + 1;
  }
  return lines;
}

std::vector<std::string> Document::wrap(std::string_view utf8, Font font, double size, double width) const {
  std::vector<std::string> out;
  for (const Line& line : wrap(std::vector<Span>{{std::string(utf8), font}}, size, width)) {
    std::string s;
    for (const Span& span : line.spans) s += span.text;
    out.push_back(std::move(s));
  }
  return out;
}

// [SECTION] Writing the file ---------------------------------------------------

std::string Document::finish() const {
  std::vector<std::string> pages = pages_;
  if (pages.empty()) pages.emplace_back();
  const int n_pages = static_cast<int>(pages.size());

  // Object numbers: 1 catalog, 2 page tree, 3 info, 4 shared resources,
  // then a page and its content per page, then 5 objects per used font.
  std::vector<int> font_slots;
  for (int k = 0; k < 2; ++k)
    if (fonts_[static_cast<std::size_t>(k)].ttf && !fonts_[static_cast<std::size_t>(k)].used.empty())
      font_slots.push_back(k);
  const int first_font = 5 + 2 * n_pages;
  const int n_objects = first_font + 5 * static_cast<int>(font_slots.size());

  std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";  // binary marker for transfer programs
  std::vector<std::size_t> offsets(static_cast<std::size_t>(n_objects), 0);
  auto object = [&](int id, std::string_view body) {
    offsets[static_cast<std::size_t>(id)] = out.size();
    out += std::to_string(id) + " 0 obj\n";
    out += body;
    out += "\nendobj\n";
  };
  auto stream = [&](int id, std::string_view data, std::string extra) {
    const std::string packed = zlib_compress(data);
    object(id, "<< /Length " + std::to_string(packed.size()) + " /Filter /FlateDecode" + extra + " >>\nstream\n" +
                   packed + "\nendstream");
  };
  auto ref = [](int id) { return std::to_string(id) + " 0 R"; };

  std::string catalog = "<< /Type /Catalog /Pages 2 0 R";
  if (valid_language(metadata_.language)) catalog += " /Lang (" + metadata_.language + ")";
  if (!metadata_.title.empty()) catalog += " /ViewerPreferences << /DisplayDocTitle true >>";
  object(1, catalog + " >>");

  std::string kids;
  for (int p = 0; p < n_pages; ++p) kids += (p ? " " : "") + ref(5 + 2 * p);
  object(2, "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n_pages) + " >>");

  std::string info = "<<";
  const std::pair<const char*, const std::string*> fields[] = {{"Title", &metadata_.title},
                                                               {"Author", &metadata_.author},
                                                               {"Subject", &metadata_.subject},
                                                               {"Keywords", &metadata_.keywords}};
  for (const auto& [key, value] : fields)
    if (!value->empty()) info += std::string(" /") + key + " " + pdf_text_string(*value);
  info += " /Creator " + pdf_text_string("Relance") + " /Producer (Relance)";
  if (valid_pdf_date(metadata_.creation_date)) info += " /CreationDate (" + metadata_.creation_date + ")";
  object(3, info + " >>");

  std::string fonts;
  for (std::size_t k = 0; k < font_slots.size(); ++k)
    fonts += " /F" + std::to_string(font_slots[k] + 1) + " " + ref(first_font + 5 * static_cast<int>(k));
  object(4, fonts.empty() ? "<< >>" : "<< /Font <<" + fonts + " >> >>");

  for (int p = 0; p < n_pages; ++p) {
    object(5 + 2 * p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + num(kA4Width) + " " + num(kA4Height) +
                          "] /Resources 4 0 R /Contents " + ref(6 + 2 * p) + " >>");
    stream(6 + 2 * p, pages[static_cast<std::size_t>(p)], "");
  }

  for (std::size_t k = 0; k < font_slots.size(); ++k) {
    const FontSlot& f = fonts_[static_cast<std::size_t>(font_slots[k])];
    const TrueTypeFont& ttf = *f.ttf;
    const FontMetrics& m = ttf.metrics();
    const int id = first_font + 5 * static_cast<int>(k);
    std::vector<std::uint16_t> glyphs;
    for (const auto& entry : f.used) glyphs.push_back(entry.first);

    // Subset tag: six letters from a hash of the font and the glyphs kept,
    // so the same text gives the same tag and different subsets differ.
    std::string key = ttf.postscript_name();
    for (std::uint16_t g : glyphs) key += static_cast<char>(g >> 8), key += static_cast<char>(g & 0xFF);
    const std::array<std::uint8_t, 16> h = md5(key);
    std::string name;
    for (int c = 0; c < 6; ++c) name += static_cast<char>('A' + h[static_cast<std::size_t>(c)] % 26);
    name += "+" + ttf.postscript_name();

    auto scaled = [&](int v) { return std::to_string(static_cast<long>(std::lround(v * 1000.0 / m.units_per_em))); };
    std::string widths;
    for (std::size_t a = 0; a < glyphs.size();) {
      std::size_t b = a + 1;
      while (b < glyphs.size() && glyphs[b] == glyphs[b - 1] + 1) ++b;
      if (a) widths += '\n';
      widths += std::to_string(glyphs[a]);
      widths += " [";
      for (std::size_t c = a; c < b; ++c) {
        if (c > a) widths += ' ';
        widths += std::to_string(f.widths[glyphs[c]]);
      }
      widths += ']';
      a = b;
    }

    object(id, "<< /Type /Font /Subtype /Type0 /BaseFont /" + name + " /Encoding /Identity-H /DescendantFonts [" +
                   ref(id + 1) + "] /ToUnicode " + ref(id + 4) + " >>");
    object(id + 1, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /" + name +
                       " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor " +
                       ref(id + 2) + " /CIDToGIDMap /Identity /DW 1000 /W [" + widths + "] >>");
    object(id + 2, "<< /Type /FontDescriptor /FontName /" + name + " /Flags 32 /FontBBox [" + scaled(m.x_min) +
                       " " + scaled(m.y_min) + " " + scaled(m.x_max) + " " + scaled(m.y_max) +
                       "] /ItalicAngle " + num(m.italic_angle) + " /Ascent " + scaled(m.ascent) + " /Descent " +
                       scaled(m.descent) + " /CapHeight " + scaled(m.cap_height) + " /StemV " +
                       (m.bold || font_slots[k] == 1 ? "140" : "80") + " /FontFile2 " + ref(id + 3) + " >>");
    const std::string program = ttf.subset(glyphs);
    stream(id + 3, program, " /Length1 " + std::to_string(program.size()));

    // ToUnicode: glyph id (our character code, Identity-H) to UTF-16BE, in
    // bfchar blocks of at most 100 entries as the CMap syntax requires.
    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    auto it = f.used.begin();
    for (std::size_t left = f.used.size(); left > 0;) {
      const std::size_t count = std::min<std::size_t>(left, 100);
      cmap += std::to_string(count) + " beginbfchar\n";
      for (std::size_t c = 0; c < count; ++c, ++it) {
        cmap += "<";
        append_hex(cmap, it->first, 4);
        cmap += "> <";
        append_utf16_hex(cmap, it->second);
        cmap += ">\n";
      }
      cmap += "endbfchar\n";
      left -= count;
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    stream(id + 4, cmap, "");
  }

  // Cross-reference table; the /ID hashes everything before it.
  const std::size_t xref = out.size();
  const std::array<std::uint8_t, 16> digest = md5(out);
  std::string id;
  for (std::uint8_t b : digest) append_hex(id, b, 2);
  out += "xref\n0 " + std::to_string(n_objects) + "\n0000000000 65535 f \n";
  for (int k = 1; k < n_objects; ++k) {
    std::string off = std::to_string(offsets[static_cast<std::size_t>(k)]);
    out += std::string(10 - off.size(), '0') + off + " 00000 n \n";
  }
  out += "trailer\n<< /Size " + std::to_string(n_objects) + " /Root 1 0 R /Info 3 0 R /ID [<" + id + "> <" + id +
         ">] >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace relance::pdf
