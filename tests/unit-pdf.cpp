// The PDF engine (core/pdf), checked with real readers: qpdf, poppler's
// pdfinfo / pdftotext / pdffonts / pdftoppm, and Python's zlib for deflate.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/pdf/deflate.h"
#include "core/pdf/document.h"
#include "core/pdf/layout.h"
#include "core/pdf/ttf.h"
#include "core/text.h"
#include "tests/pdf_check.h"

namespace fs = std::filesystem;
using namespace relance::pdf;
using namespace relance::test;

namespace {

// [SECTION] Helpers ------------------------------------------------------------

std::string font(const char* name) { return std::string(relance::embedded_asset(name)); }

// Big-endian reads for checking a font file independently of ttf.cpp.
std::uint32_t be(std::string_view d, std::size_t at, int bytes) {
  std::uint32_t v = 0;
  for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<unsigned char>(d[at + static_cast<std::size_t>(k)]);
  return v;
}
// Offset and length of a table, or {0, 0}.
std::pair<std::size_t, std::size_t> find_table(std::string_view d, std::string_view tag) {
  for (std::size_t i = 0, n = be(d, 4, 2); i < n; ++i)
    if (d.substr(12 + 16 * i, 4) == tag) return {be(d, 12 + 16 * i + 8, 4), be(d, 12 + 16 * i + 12, 4)};
  return {0, 0};
}

const char* const kSentence =
    "Ça coûte « cher » : l’œuvre de Noël, Œdipe, où l’été côtoie l’île, la forêt, le maïs et la flûte.";
const char* const kAmount = "1\u202F234,56\u00A0€";

}  // namespace

// [SECTION] deflate ------------------------------------------------------------

TEST_CASE("pdf: deflate output is what zlib inflates back") {
  CHECK(adler32("") == 1u);
  CHECK(adler32("Wikipedia") == 0x11E60398u);

  std::vector<std::pair<std::string, std::string>> inputs;
  inputs.emplace_back("empty", "");
  inputs.emplace_back("one", "a");
  inputs.emplace_back("zeros", std::string(100000, '\0'));
  std::string text;
  for (int i = 0; i < 300; ++i) text += "BT /F1 10 Tf 56.693 " + std::to_string(700 - i) + " Td <0012003400560078> Tj ET\n";
  inputs.emplace_back("content", text);
  std::string noise;  // incompressible: exercises stored blocks (over 65535 bytes)
  std::uint32_t seed = 12345;
  for (int i = 0; i < 150000; ++i) {
    seed = seed * 1103515245u + 12345u;
    noise += static_cast<char>(seed >> 24);
  }
  inputs.emplace_back("noise", noise);
  inputs.emplace_back("font", font("fonts/NotoSans-Regular.ttf"));
  inputs.emplace_back("mixed", text + noise.substr(0, 40000) + text + std::string(70000, 'x') + text);

  TempDir dir;
  for (const auto& [name, data] : inputs) {
    const std::string packed = zlib_compress(data);
    CHECK(zlib_compress(data) == packed);  // deterministic
    write_file(dir.file(name), data);
    write_file(dir.file(name + ".z"), packed);
    if (name == "content") CHECK(packed.size() * 10 < data.size());
    if (name == "zeros") CHECK(packed.size() < 400);
    if (name == "noise") CHECK(packed.size() < data.size() + 100);
  }
  write_file(dir.file("check.py"),
             "import sys, zlib\n"
             "bad = 0\n"
             "for name in sys.argv[1:]:\n"
             "    raw = open(name, 'rb').read()\n"
             "    z = open(name + '.z', 'rb').read()\n"
             "    if zlib.decompress(z) != raw:\n"
             "        print('mismatch', name); bad += 1\n"
             "    d = zlib.decompressobj(); d.decompress(z)\n"
             "    if d.unused_data or not d.eof:\n"
             "        print('trailing or truncated', name); bad += 1\n"
             "print('checked', len(sys.argv) - 1)\n"
             "sys.exit(1 if bad else 0)\n");
  std::string command = "cd " + quote(dir.path.string()) + " && python3 check.py";
  for (const auto& input : inputs) command += " " + input.first;
  const Run r = run(command);
  INFO(r.out);
  CHECK(r.status == 0);
  CHECK(r.out.find("checked 7") != std::string::npos);
}

// [SECTION] TrueType -----------------------------------------------------------

TEST_CASE("pdf: TrueType parsing of the embedded Noto Sans") {
  const std::string bytes = font("fonts/NotoSans-Regular.ttf");
  REQUIRE(!bytes.empty());
  const auto parsed = TrueTypeFont::parse(bytes);
  REQUIRE(parsed.ok());
  const TrueTypeFont& f = *parsed;
  // Reference values read from the file with Python's struct module.
  CHECK(f.glyph_count() == 728);  // Latin, Greek and Cyrillic (scripts/make-fonts.sh)
  CHECK(f.metrics().units_per_em == 1000);
  CHECK(f.postscript_name() == "NotoSans-Regular");
  CHECK(f.glyph_index('A') == 34);
  CHECK(f.advance_width(34) == 639);
  CHECK(f.glyph_index(U'é') == 169);
  CHECK(f.glyph_index(U'€') == 522);
  CHECK(f.advance_width(522) == 572);
  CHECK(f.glyph_index(0x202F) == 604);
  CHECK(f.advance_width(604) == 166);
  CHECK(f.glyph_index(U'α') == 373);
  CHECK(f.advance_width(373) == 615);
  CHECK(f.glyph_index(U'Ж') == 423);
  CHECK(f.advance_width(423) == 854);
  CHECK(f.glyph_index(0xA0) == 96);
  CHECK(f.glyph_index(0x1F600) == 0);  // emoji: not in the font
  CHECK(f.glyph_index(0x05D0) == 0);   // Hebrew alef
  const std::vector<std::uint16_t> parts = f.components(169);  // é: a composite, e + accent
  REQUIRE(parts.size() == 2);
  CHECK(parts[0] == 70);
  CHECK(f.components(34).empty());
  CHECK(TrueTypeFont::parse(font("fonts/NotoSans-Bold.ttf"))->metrics().bold);

  SUBCASE("damaged input is an error, never a crash") {
    CHECK(!TrueTypeFont::parse("").ok());
    CHECK(!TrueTypeFont::parse("not a font at all, just some text").ok());
    CHECK(!TrueTypeFont::parse(std::string_view(bytes).substr(0, 300)).ok());
    std::string broken = bytes;
    broken[12 + 8] = '\x7F';  // first table's offset far past the end
    CHECK(!TrueTypeFont::parse(broken).ok());
    for (std::size_t cut = 0; cut < bytes.size(); cut += 997) (void)TrueTypeFont::parse(bytes.substr(0, cut));
    // Random damage (run under RELANCE_SANITIZE to see memory errors).
    std::uint32_t seed = 7;
    auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    int parsed_ok = 0;
    for (int round = 0; round < 300; ++round) {
      std::string damaged = bytes;
      const int hits = 1 + static_cast<int>(next() % 8);
      for (int h = 0; h < hits; ++h) {
        // Mostly in the table directory and the small tables, where a
        // byte changes offsets, lengths and counts.
        const std::size_t at = next() % 4 == 0 ? next() % damaged.size() : next() % 600;
        damaged[at] = static_cast<char>(next() >> 24);
      }
      const auto r = TrueTypeFont::parse(damaged);
      if (!r) continue;
      ++parsed_ok;
      std::vector<std::uint16_t> some;
      for (char32_t cp : U"Aé€\u202F?\uFFFD") some.push_back(r->glyph_index(cp));
      for (std::uint16_t g = 0; g < 400; ++g) (void)r->advance_width(g), (void)r->components(g);
      some.push_back(0xFFFF);
      (void)TrueTypeFont::parse(r->subset(some));
    }
    CHECK(parsed_ok > 0);
  }

  SUBCASE("subset keeps ids, widths and composite parts; empties the rest") {
    const std::uint16_t a = f.glyph_index('A'), e_acute = f.glyph_index(U'é'), z = f.glyph_index('Z');
    const std::string sub = f.subset({a, e_acute});
    CHECK(sub.size() < bytes.size() / 2);
    const auto again = TrueTypeFont::parse(sub);
    REQUIRE(again.ok());
    CHECK(again->glyph_count() == f.glyph_count());
    CHECK(again->glyph_index(U'é') == e_acute);
    CHECK(again->advance_width(a) == 639);
    CHECK(again->components(e_acute) == f.components(e_acute));
    // Read loca (long format now) directly to see which outlines remain.
    const auto [loca, loca_len] = find_table(sub, "loca");
    REQUIRE(loca_len == 4u * (f.glyph_count() + 1u));
    auto outline_size = [&, loca = loca](std::uint16_t g) { return be(sub, loca + 4u * (g + 1u), 4) - be(sub, loca + 4u * g, 4); };
    CHECK(outline_size(a) > 0);
    CHECK(outline_size(e_acute) > 0);
    for (std::uint16_t part : f.components(e_acute)) CHECK(outline_size(part) > 0);
    const auto [old_loca, old_loca_len] = find_table(bytes, "loca");  // short format in the original
    CHECK(outline_size(0) == 2 * (be(bytes, old_loca + 2, 2) - be(bytes, old_loca, 2)));  // .notdef kept as is
    CHECK(outline_size(z) == 0);
    CHECK(find_table(sub, "name").second == 0);  // not needed in a PDF
    // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
    const std::string padded = sub + std::string((4 - sub.size() % 4) % 4, '\0');
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < padded.size(); i += 4) sum += be(padded, i, 4);
    CHECK(sum == 0xB1B0AFBAu);
    // Every table's own checksum is right.
    for (std::size_t i = 0, n = be(sub, 4, 2); i < n; ++i) {
      const std::string tag = sub.substr(12 + 16 * i, 4);
      const std::size_t off = be(sub, 12 + 16 * i + 8, 4), len = be(sub, 12 + 16 * i + 12, 4);
      std::string data = sub.substr(off, len);
      if (tag == "head") data.replace(8, 4, 4, '\0');
      data.append((4 - data.size() % 4) % 4, '\0');
      std::uint32_t s = 0;
      for (std::size_t k = 0; k < data.size(); k += 4) s += be(data, k, 4);
      INFO(tag);
      CHECK(s == be(sub, 12 + 16 * i + 4, 4));
    }
  }
}

// [SECTION] Text and fonts -----------------------------------------------------

TEST_CASE("pdf: French text survives the round trip through pdftotext") {
  Document doc({.title = "Relance — « facture » n° 12", .author = "Atelier Lefèvre", .subject = "Mise en demeure"});
  REQUIRE(doc.ok());
  doc.add_page();
  doc.text(56.7, 100, kSentence, Font::regular, 11);
  doc.text(56.7, 130, "Montant dû :", Font::bold, 11);
  doc.text_right(500, 130, kAmount, Font::bold, 11);
  doc.line(56.7, 140, 500, 140);
  doc.rect(56.7, 150, 200, 20, 0.9);
  doc.rect_outline(56.7, 180, 200, 20);

  TempDir dir;
  const std::string pdf = write_pdf(dir, "french.pdf", doc.finish());
  check_qpdf(pdf);
  const Run info = run("pdfinfo " + quote(pdf));
  INFO(info.out);
  // Poppler prints the width as 595.276 or 595.28 depending on its version.
  CHECK((info.out.find("Page size:       595.276 x 841.89 pts (A4)") != std::string::npos ||
         info.out.find("Page size:       595.28 x 841.89 pts (A4)") != std::string::npos));
  CHECK(pdf_info(pdf).pages == 1);
  CHECK(info.out.find("Title:           Relance — « facture » n° 12") != std::string::npos);
  CHECK(info.out.find("Author:          Atelier Lefèvre") != std::string::npos);
  CHECK(info.out.find("Creator:         Relance") != std::string::npos);
  CHECK(info.out.find("CreationDate") == std::string::npos);  // none unless asked

  const std::string plain = text_of(pdf);
  CHECK(plain.find(kSentence) != std::string::npos);
  CHECK(plain.find(kAmount) != std::string::npos);  // U+202F and U+00A0 kept
  const std::string layout = text_of(pdf, "-layout");
  CHECK(layout.find(kSentence) != std::string::npos);
  CHECK(layout.find(std::string("Montant dû :")) != std::string::npos);
  CHECK(layout.find(kAmount) != std::string::npos);

  // Right alignment: the amount's box ends at x = 500.
  const std::string bbox = text_of(pdf, "-bbox");
  const std::size_t word = bbox.find(std::string(">") + kAmount + "<");
  REQUIRE(word != std::string::npos);
  const std::size_t line_start = bbox.rfind("<word", word);
  const std::size_t xmax = bbox.find("xMax=\"", line_start);
  CHECK(std::atof(bbox.c_str() + xmax + 6) == doctest::Approx(500).epsilon(0.002));

  const Run fonts = run("pdffonts " + quote(pdf));
  INFO(fonts.out);
  CHECK(fonts.status == 0);
  int embedded_subsets = 0;
  std::istringstream lines(fonts.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("CID TrueType") == std::string::npos) continue;
    CHECK(line.find("Identity-H       yes yes yes") != std::string::npos);
    CHECK(line[6] == '+');  // ABCDEF+NotoSans-...
    ++embedded_subsets;
  }
  CHECK(embedded_subsets == 2);
  check_renders(pdf, dir.file("french"), 50);
  // Both fonts subset: the whole file stays small.
  CHECK(read_file(pdf).size() < 16000);
}

TEST_CASE("pdf: hostile input still gives a valid file") {
  const std::string long_word(500, 'W');
  std::string long_name;
  for (int i = 0; i < 50; ++i) long_name += "Éloïse-";
  long_name.resize(500);
  const std::vector<std::string> hostile = {
      "", "(", ")", "((unbalanced", "back\\slash\\", "100 % sûr", "<< /Type /Catalog >>", "endstream endobj %%EOF",
      "\\) Tj ET BT (", long_word, long_name, "مرحبا بالعالم", "שלום עולם", "😀👍🏽 emoji 🇫🇷", "漢字かなカナ",
      std::string("nul\0byte", 8), "ctrl\x01\x02\x1b[31m\x7f\u0085", "\xff\xfe\xc3(\xe2\x82 invalid", "tab\there",
      "new\nline\r\nand cr", "e\u0301te\u0301 de\u0301compose\u0301", "soft\u00ADhyphen zero\u200Bwidth \u202Ertl\u202C",
      "\uFEFFbom", "\U0010FFFF\U000E0001", std::string(5000, ' '), "a\u0301\u0301\u0301",
  };
  Document doc({.title = "(\\) %<> \xff\x01 😀", .author = std::string(300, ')'), .subject = "\n\r\t",
                .keywords = "\\", .creation_date = "D:2025) /Author (x", .language = "fr) /Foo (x"});
  Flow flow(doc, {.footer = "footer ( ) \\ % 😀 " + long_word});
  for (const std::string& s : hostile) {
    doc.text(50, 60, s);
    doc.text_right(500, 60, s, Font::bold);
    doc.text_center(300, 60, s, Font::regular, 1e9);  // absurd size: still a number PDF can hold
    flow.paragraph(s, {.align = Align::justify});
    flow.paragraph({{s, Font::bold}, {s}}, {.align = Align::center});
  }
  flow.begin_table({.columns = {{0}, {60, Align::right}, {0.5}}, .header = {long_word, "(", long_name}});
  for (const std::string& s : hostile) flow.row({s, s, s, s});  // one cell too many
  flow.row({});
  flow.end_table();
  doc.text(1e300, -1e300, "far away");
  doc.text(std::nan(""), 0, "not a number", Font::regular, std::nan(""));
  doc.line(0, 0, std::numeric_limits<double>::infinity(), 1);
  const std::string bytes = flow.finish();

  TempDir dir;
  const std::string pdf = write_pdf(dir, "hostile.pdf", bytes);
  check_qpdf(pdf);
  CHECK(pdf_info(pdf).pages == doc.page_count());
  CHECK(bytes.find("/CreationDate") == std::string::npos);  // malformed date left out
  CHECK(bytes.find("/Foo") == std::string::npos);
  const std::string text = text_of(pdf);
  CHECK(text.find("\uFFFD") != std::string::npos);  // substitutes for emoji, RTL, CJK, controls
  CHECK(text.find("été décomposé") != std::string::npos);  // combining accents composed
  CHECK(text.find("softhyphen") != std::string::npos);     // invisible characters dropped
  CHECK(text.find("100 % sûr") != std::string::npos);
  CHECK(text.find("back\\slash\\") != std::string::npos);
  CHECK(text.find("<< /Type /Catalog >>") != std::string::npos);
  const Run ppm = run("pdftoppm -r 20 -png -f 1 -l 3 " + quote(pdf) + " " + quote(dir.file("h")));
  INFO(ppm.out);
  CHECK(ppm.status == 0);
  CHECK(ppm.out.empty());
}

TEST_CASE("pdf: every character of the font comes back from pdftotext") {
  // Over 300 distinct glyphs per font: the ToUnicode map spans several
  // bfchar blocks (at most 100 entries each).
  std::u32string all;
  for (char32_t cp = 0x21; cp <= 0x17F; ++cp)
    if (cp < 0x7F || (cp > 0xA0 && cp != 0xAD)) all += cp;
  all += U"‘’‚“”„†‡•…‰‹›€™";
  Document doc;
  std::vector<std::string> lines;
  for (std::size_t at = 0; at < all.size(); at += 40) {
    std::string line;
    for (char32_t cp : all.substr(at, 40)) relance::append_utf8(line, cp);
    lines.push_back(line);
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    doc.text(40, 60 + 20 * static_cast<double>(k), lines[k], Font::regular, 9);
    doc.text(40, 400 + 20 * static_cast<double>(k), lines[k], Font::bold, 9);
  }
  TempDir dir;
  const std::string pdf = write_pdf(dir, "all.pdf", doc.finish());
  check_qpdf(pdf);
  const std::string text = text_of(pdf);
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(text.find(line + "\n") != std::string::npos);
  }
  // Streams uncompressed by qpdf: each font's map is in full blocks of 100.
  CHECK(run("qpdf --qdf --object-streams=disable " + quote(pdf) + " " + quote(dir.file("qdf.pdf"))).status == 0);
  const std::string plain = read_file(dir.file("qdf.pdf"));
  int full_blocks = 0;
  for (std::size_t at = 0; (at = plain.find("\n100 beginbfchar\n", at)) != std::string::npos; ++at) ++full_blocks;
  CHECK(full_blocks == 6);
  check_renders(pdf, dir.file("all"), 50);
}

TEST_CASE("pdf: characters the font lacks") {
  Document doc;
  doc.text(50, 50, "a😀b\u05D0c\u0627d\u4E2De\x01" "f\u2212g");
  TempDir dir;
  const std::string pdf = write_pdf(dir, "missing.pdf", doc.finish());
  check_qpdf(pdf);
  // One U+FFFD per missing character; the minus sign falls back to '-'.
  CHECK(text_of(pdf).find("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf-g") != std::string::npos);
  CHECK(doc.text_width("😀") == doc.text_width("\uFFFD"));
}

TEST_CASE("pdf: fonts that cannot be read") {
  SUBCASE("bold missing: regular draws in its place") {
    Document doc({}, font("fonts/NotoSans-Regular.ttf"), "garbage");
    CHECK(!doc.ok());
    CHECK(doc.error().where == "bold font");
    doc.text(50, 50, "Gras quand même", Font::bold);
    CHECK(doc.text_width("abc", Font::bold) == doc.text_width("abc", Font::regular));
    TempDir dir;
    const std::string pdf = write_pdf(dir, "fallback.pdf", doc.finish());
    check_qpdf(pdf);
    CHECK(text_of(pdf).find("Gras quand même") != std::string::npos);
  }
  SUBCASE("no font at all: no text, still a valid file") {
    Document doc({}, "", "");
    CHECK(!doc.ok());
    doc.text(50, 50, "invisible");
    CHECK(doc.text_width("abc") == 0);
    CHECK(doc.wrap("a b", Font::regular, 10, 100).size() == 1);
    TempDir dir;
    const std::string pdf = write_pdf(dir, "nofont.pdf", doc.finish());
    check_qpdf(pdf);
    CHECK(pdf_info(pdf).pages == 1);
  }
}

// [SECTION] Wrapping -----------------------------------------------------------

TEST_CASE("pdf: wrap") {
  const Document doc;
  const double size = 10;
  auto width = [&](const std::string& s) { return doc.text_width(s, Font::regular, size); };

  CHECK(doc.wrap("", Font::regular, size, 100) == std::vector<std::string>{""});
  CHECK(doc.wrap("un deux trois", Font::regular, size, 1000) == std::vector<std::string>{"un deux trois"});
  CHECK(doc.wrap("un\ndeux\n\ntrois\n", Font::regular, size, 1000) ==
        std::vector<std::string>{"un", "deux", "", "trois", ""});
  CHECK(doc.wrap("a\r\nb", Font::regular, size, 1000) == std::vector<std::string>{"a", "b"});
  // Breaks at the last space that fits; spaces at the break vanish.
  const double w = width("un deux");
  CHECK(doc.wrap("un deux   trois quatre", Font::regular, size, w) ==
        std::vector<std::string>{"un deux", "trois", "quatre"});
  // Never at a no-break space: "1 234,56 €" stays whole.
  const std::string amount = std::string("total ") + kAmount;
  CHECK(doc.wrap(amount, Font::regular, size, width(kAmount) + 1) == std::vector<std::string>{"total", kAmount});
  // A word longer than the line is cut, every piece within the width.
  const std::vector<std::string> cut = doc.wrap(std::string(200, 'm'), Font::regular, size, 100);
  CHECK(cut.size() > 1);
  std::string joined;
  for (const std::string& l : cut) {
    CHECK(width(l) <= 100);
    joined += l;
  }
  CHECK(joined == std::string(200, 'm'));
  // Even an impossible width makes progress: one character per line.
  CHECK(doc.wrap("abc", Font::regular, size, 0) == std::vector<std::string>{"a", "b", "c"});
  // Widths add up (no kerning), and bold is wider.
  CHECK(width("ab") == doctest::Approx(width("a") + width("b")));
  CHECK(doc.text_width("Relance", Font::bold, size) > width("Relance"));
  CHECK(width("A") == doctest::Approx(6.39));  // 639/1000 em at 10 pt

  SUBCASE("spans keep their fonts and report widths for justification") {
    const std::vector<Line> lines =
        doc.wrap({{"Somme due : "}, {"1 234,56 €", Font::bold}, {". Merci de régler sous huit jours."}}, size, 150);
    REQUIRE(lines.size() >= 2);
    CHECK(lines[0].spans.size() >= 2);
    CHECK(lines[0].spans[1].font == Font::bold);
    CHECK(lines[0].width <= 150);
    CHECK(lines[0].spaces > 0);
    CHECK(!lines[0].ends_paragraph);
    CHECK(lines.back().ends_paragraph);
  }
}

// [SECTION] Layout -------------------------------------------------------------

TEST_CASE("pdf: a long table flows over pages with its header and page numbers") {
  Document doc({.title = "Relevé de compte"});
  Flow flow(doc, {.footer = "Atelier Lefèvre SARL · SIRET 123\u00A0456\u00A0789\u00A000012"});
  flow.paragraph("Relevé de compte au 14 mars 2025", {.font = Font::bold, .size = 14});
  flow.begin_table({.columns = {{0}, {90}, {100, Align::right}}, .header = {"Pièce", "Échéance", "Montant"}});
  for (int i = 1; i <= 120; ++i) {
    const std::string n = std::to_string(i);
    // Every tenth row wraps over several lines.
    const std::string label = i % 10 ? "Facture F-" + n : "Facture F-" + n + " — prestations de conseil, déplacements et frais annexes refacturés";
    flow.row({label, "14/03/2025", n + "\u202F000,00\u00A0€"});
  }
  flow.row({"Total", "", "7\u202F260\u202F000,00\u00A0€"}, Font::bold);
  flow.end_table();
  flow.paragraph("Fin du relevé.");
  const std::string bytes = flow.finish();
  CHECK(flow.finish() == bytes);  // stamping happens once

  TempDir dir;
  const std::string pdf = write_pdf(dir, "table.pdf", bytes);
  check_qpdf(pdf);
  const int pages = pdf_info(pdf).pages;
  CHECK(pages == doc.page_count());
  REQUIRE(pages >= 3);
  int rows_seen = 0;
  for (int p = 1; p <= pages; ++p) {
    const std::string opts = "-f " + std::to_string(p) + " -l " + std::to_string(p);
    const std::string text = text_of(pdf, opts);
    INFO("page " << p);
    CHECK(text.find("Page " + std::to_string(p) + " / " + std::to_string(pages)) != std::string::npos);
    CHECK(text.find("Pièce") != std::string::npos);  // header on every page
    CHECK(text.find("Montant") != std::string::npos);
    CHECK(text.find("SIRET 123\u00A0456\u00A0789\u00A000012") != std::string::npos);  // footer
    for (std::size_t at = 0; (at = text.find("Facture F-", at)) != std::string::npos; ++at) ++rows_seen;
  }
  CHECK(rows_seen == 120);  // no row lost or printed twice at the breaks
  const std::string all = text_of(pdf);
  CHECK(all.find("7\u202F260\u202F000,00\u00A0€") != std::string::npos);
  CHECK(all.find("Fin du relevé.") != std::string::npos);
  check_renders(pdf, dir.file("table"), 50);
}

TEST_CASE("pdf: one page gets the footer but no page number") {
  Document doc;
  Flow flow(doc, {.footer = "Pied de page"});
  flow.paragraph("Une seule page.");
  TempDir dir;
  const std::string pdf = write_pdf(dir, "one.pdf", flow.finish());
  const std::string text = text_of(pdf);
  CHECK(text.find("Pied de page") != std::string::npos);
  CHECK(text.find("Page 1") == std::string::npos);
}

TEST_CASE("pdf: a cell taller than a page is split, not lost") {
  Document doc;
  Flow flow(doc);
  std::string huge;
  for (int i = 0; i < 1500; ++i) huge += "mot" + std::to_string(i) + " ";
  flow.begin_table({.columns = {{100}, {0}}, .header = {"Clé", "Texte"}});
  flow.row({"unique", huge});
  flow.end_table();
  TempDir dir;
  const std::string pdf = write_pdf(dir, "split.pdf", flow.finish());
  check_qpdf(pdf);
  CHECK(pdf_info(pdf).pages >= 2);
  const std::string text = text_of(pdf);
  CHECK(text.find("mot0 ") != std::string::npos);
  CHECK(text.find("mot1499") != std::string::npos);
  std::size_t count = 0;
  for (std::size_t at = 0; (at = text.find("mot", at)) != std::string::npos; ++at) ++count;
  CHECK(count == 1500);  // every line once, none lost at the page breaks
}

// [SECTION] Determinism and the sample letter ---------------------------------

namespace {

std::string sample_letter(const Metadata& meta = {.title = "Relance — facture F-2025-031",
                                                  .author = "Atelier Lefèvre SARL",
                                                  .subject = "Relance de paiement"},
                          int extra_paragraphs = 0) {
  Document doc(meta);
  Flow flow(doc, {.footer = "Atelier Lefèvre SARL au capital de 10\u00A0000\u00A0€ · 12 rue de l’Église, 69003 Lyon · "
                            "SIRET 123\u00A0456\u00A0789\u00A000012 · RCS Lyon · TVA FR12\u00A0123456789"});
  doc.text(flow.left(), 70, "Atelier Lefèvre SARL", Font::bold, 11);
  doc.text(flow.left(), 84, "12 rue de l’Église");
  doc.text(flow.left(), 97, "69003 Lyon");
  const double window = 110 * kPointsPerMm;  // address window of a DL envelope
  doc.text(window, 150, "Société Œnologie & Cie", Font::bold);
  doc.text(window, 163, "À l’attention de M. François Müller");
  doc.text(window, 176, "5 place Bellecour");
  doc.text(window, 189, "69002 Lyon");
  flow.set_y(230);
  flow.paragraph("Lyon, le 14 mars 2025", {.align = Align::right});
  flow.skip(8);
  flow.paragraph({{"Objet : ", Font::bold}, {"relance — facture n° F-2025-031 du 15 janvier 2025"}});
  flow.paragraph("Madame, Monsieur,");
  flow.paragraph({{"Sauf erreur de notre part, la facture ci-dessous, échue depuis le 14 février 2025, reste "
                   "impayée à ce jour. Nous vous remercions de bien vouloir procéder à son règlement, soit "},
                  {kAmount, Font::bold},
                  {", dans les meilleurs délais. Conformément à l’article L.\u00A0441-10 du Code de commerce, des "
                   "pénalités de retard ainsi qu’une indemnité forfaitaire de 40\u00A0€ pour frais de recouvrement "
                   "sont exigibles."}},
                 {.align = Align::justify});
  flow.begin_table({.columns = {{0}, {75}, {75}, {90, Align::right}},
                    .header = {"Facture", "Date", "Échéance", "Montant TTC"}});
  flow.row({"F-2025-031 « Prestations de conseil »", "15/01/2025", "14/02/2025", kAmount});
  flow.row({"F-2025-007", "03/01/2025", "02/02/2025", "99,00\u00A0€"});
  flow.row({"Avoir A-2025-002", "20/01/2025", "", "\u221299,00\u00A0€"});
  flow.row({"Total dû", "", "", kAmount}, Font::bold);
  flow.end_table();
  for (int i = 0; i < extra_paragraphs; ++i)
    flow.paragraph("Rappel des conditions générales de vente, article " + std::to_string(i + 1) +
                       " : tout retard de paiement entraîne de plein droit l’application de pénalités calculées sur "
                       "la base de trois fois le taux d’intérêt légal, sans qu’un rappel soit nécessaire.",
                   {.align = Align::justify});
  flow.paragraph("Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.");
  flow.keep(60);
  flow.skip(20);
  flow.paragraph("Claire Lefèvre, gérante", {.align = Align::right});
  return flow.finish();
}

}  // namespace

TEST_CASE("pdf: the same document gives the same bytes") {
  const std::string a = sample_letter(), b = sample_letter();
  CHECK(a == b);
  const std::size_t id = a.find("/ID [<");
  REQUIRE(id != std::string::npos);
  // Other content, other /ID and other subset tags.
  Metadata other{.title = "Autre"};
  const std::string c = sample_letter(other);
  CHECK(c.substr(c.find("/ID [<"), 40) != a.substr(id, 40));
  // A creation date only when given, and well formed.
  Metadata dated{.title = "x", .creation_date = "D:20250314093000+01'00'"};
  CHECK(sample_letter(dated).find("/CreationDate (D:20250314093000+01'00')") != std::string::npos);
  CHECK(a.find("/CreationDate") == std::string::npos);
}

TEST_CASE("pdf: sample letter, one page and three pages") {
  TempDir dir;
  const std::string one = write_pdf(dir, "letter.pdf", sample_letter());
  const std::string three = write_pdf(dir, "letter3.pdf", sample_letter({.title = "Relance"}, 28));
  for (const std::string& pdf : {one, three}) {
    check_qpdf(pdf);
    check_renders(pdf, pdf + "-page");
  }
  CHECK(pdf_info(one).pages == 1);
  CHECK(pdf_info(three).pages == 3);
  const std::size_t size_one = read_file(one).size(), size_three = read_file(three).size();
  MESSAGE("one-page letter: " << size_one << " bytes, three pages: " << size_three << " bytes");
  CHECK(size_one < 20000);
  CHECK(size_three < 30000);

  const std::string layout = text_of(one, "-layout");
  CHECK(layout.find("Total dû") != std::string::npos);
  CHECK(layout.find("-99,00\u00A0€") != std::string::npos);  // U+2212 drawn as '-'
  CHECK(layout.find("Société Œnologie & Cie") != std::string::npos);
  CHECK(text_of(three).find("Page 3 / 3") != std::string::npos);
  // A picture to look at (RELANCE_KEEP_PDF=1 keeps it).
  const Run png = run("pdftoppm -r 80 -png -f 1 -l 1 " + quote(one) + " " + quote(dir.file("letter")));
  CHECK(png.status == 0);
  CHECK(fs::exists(dir.file("letter-1.png")));
}
