// A letter's content laid out as an A4 business letter.
#include "core/letter_pdf.h"

#include <algorithm>

#include "core/pdf/document.h"
#include "core/pdf/layout.h"
#include "core/text.h"

namespace relance {

// ============================================================ [layout]
namespace {

using pdf::Align;
using pdf::Font;
using pdf::kPointsPerMm;

// Where things go on the A4 sheet, in millimetres from the top-left corner.
// The recipient block sits in the window of a DL envelope (110 × 220 mm, the
// window on the right: 45 × 100 mm, 20 mm from the right and 15 mm from the
// bottom, so 50 to 95 mm from the top and 100 to 200 mm from the left of an
// A4 sheet folded in three). French practice (La Poste, mailing houses) puts
// the address block 110 mm from the left and 50–55 mm from the top, about
// 85 × 35 mm, which leaves room around it for the sheet moving in the
// envelope: we use 110 mm, 50 mm, 85 × 35 mm, at most six lines (the postal
// standard's maximum).
constexpr double kMargin = 20;
constexpr double kSenderTop = 16;
constexpr double kSenderWidth = 85;
constexpr double kWindowLeft = 110;
constexpr double kWindowTop = 50;
constexpr double kWindowWidth = 85;
constexpr double kWindowHeight = 35;
constexpr std::size_t kWindowLines = 6;
constexpr double kDateTop = 92;  // place and date below the window, aligned with it

double mm(double v) { return v * kPointsPerMm; }

// `text` on one line of `width`: whole if it fits, else as many characters
// as fit followed by an ellipsis.
std::string fit_line(const pdf::Document& doc, std::string_view text, Font font, double size, double width) {
  const std::string flat = replace_all(std::string(text), "\n", " ");
  if (doc.text_width(flat, font, size) <= width) return flat;
  const std::u32string u = utf8_to_u32(flat);
  std::size_t lo = 0, hi = u.size();  // lo fits with the ellipsis; hi does not
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    if (doc.text_width(u32_to_utf8(u.substr(0, mid)) + "…", font, size) <= width) lo = mid;
    else hi = mid;
  }
  return std::string(trim(u32_to_utf8(u.substr(0, lo)))) + "…";
}

// Lines of `text` in `width`, at most `max` of them (the last cut with an ellipsis).
std::vector<std::string> fit_lines(const pdf::Document& doc, std::string_view text, Font font, double size, double width,
                                   std::size_t max) {
  std::vector<std::string> lines = doc.wrap(text, font, size, width);
  if (lines.size() <= max) return lines;
  std::string rest;
  for (std::size_t i = max - 1; i < lines.size(); ++i) rest += (rest.empty() ? "" : " ") + lines[i];
  lines.resize(max - 1);
  lines.push_back(fit_line(doc, rest, font, size, width));
  return lines;
}

// A short paragraph is not split over two pages (no line left alone).
void keep_short(pdf::Flow& flow, const std::string& text, double size) {
  const std::size_t lines = flow.document().wrap(text, Font::regular, size, flow.width()).size();
  if (lines <= 6) flow.keep(static_cast<double>(lines) * flow.line_height(size));
}

void draw_table(pdf::Flow& flow, const LetterTable& tb) {
  if (tb.rows.empty() && tb.total.empty()) return;
  pdf::Table table;
  for (std::size_t i = 0; i < tb.widths_mm.size(); ++i)
    table.columns.push_back({mm(tb.widths_mm[i]), i < tb.right.size() && tb.right[i] ? Align::right : Align::left});
  table.header = tb.header;
  table.size = 8.5;
  table.padding = 4;
  flow.begin_table(table);
  for (const auto& row : tb.rows) flow.row(row);
  if (!tb.total.empty()) flow.row(tb.total, Font::bold);
  flow.end_table();
}

}  // namespace

std::string letter_pdf(const LetterContent& c, int* pages) {
  pdf::Document doc({.title = c.title, .author = c.sender.empty() ? std::string() : c.sender[0], .subject = c.subject});
  pdf::FlowStyle style;
  style.margins = {mm(kMargin), mm(kMargin), mm(12), mm(kMargin)};
  style.footer = c.footer;
  style.size = 10;
  pdf::Flow flow(doc, style);
  const double left = flow.left();

  // -- sender, top left: name in bold on at most two lines, one line per detail.
  double y = mm(kSenderTop);
  for (std::size_t i = 0; i < c.sender.size(); ++i) {
    const bool name = i == 0;
    const double size = name ? 11 : 9;
    const std::vector<std::string> lines =
        name ? fit_lines(doc, c.sender[i], Font::bold, size, mm(kSenderWidth), 2)
             : std::vector<std::string>{fit_line(doc, c.sender[i], Font::regular, size, mm(kSenderWidth))};
    for (const std::string& line : lines) {
      y += size * 1.25;
      doc.text(left, y, line, name ? Font::bold : Font::regular, size, name ? 0 : 0.2);
    }
    if (name) y += 2;
  }
  double below = y + 10;

  // -- recipient, in the envelope window.
  if (!c.recipient.empty()) {
    const double size = 10, lead = 12.5;
    const double width = mm(kWindowWidth - 4);
    std::vector<std::string> lines = fit_lines(doc, c.recipient[0], Font::bold, size, width, 2);
    const std::size_t name_lines = lines.size();
    for (std::size_t i = 1; i < c.recipient.size(); ++i)
      lines.push_back(fit_line(doc, c.recipient[i], Font::regular, size, width));
    // Too many lines for the window: the post needs the name, the street and
    // the town (and country). The name's second line goes first, then the
    // "À l'attention de" line, then the address lines after the street.
    std::size_t names = name_lines;
    if (lines.size() > kWindowLines && names == 2) {
      lines.erase(lines.begin(), lines.begin() + 2);
      lines.insert(lines.begin(), fit_line(doc, c.recipient[0], Font::bold, size, width));
      names = 1;
    }
    if (lines.size() > kWindowLines && lines.size() > names && starts_with(lines[names], "À l'attention"))
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(names));
    while (lines.size() > kWindowLines && lines.size() > names + 3)
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(names + 1));
    const std::size_t bold_lines = names;
    double wy = mm(kWindowTop) + 3 + (mm(kWindowHeight) - 6 - lead * static_cast<double>(lines.size())) / 2;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      wy += lead;
      doc.text(mm(kWindowLeft) + 2, wy - 3, lines[i], i < bold_lines ? Font::bold : Font::regular, size);
    }
    below = std::max(below, mm(kDateTop));
  }

  // -- place and date, references
  if (!c.place_date.empty() || !c.references.empty()) {
    const double top = std::max(below, c.recipient.empty() ? mm(kSenderTop) + 14 : mm(kDateTop));
    if (!c.place_date.empty()) {
      const double x = c.recipient.empty() ? flow.right() - doc.text_width(c.place_date, Font::regular, 10) : mm(kWindowLeft) + 2;
      doc.text(x, top, fit_line(doc, c.place_date, Font::regular, 10, flow.right() - x), Font::regular, 10);
    }
    double ry = top;
    for (const std::string& r : c.references) {
      doc.text(left, ry, fit_line(doc, r, Font::regular, 9, mm(80)), Font::regular, 9, 0.2);
      ry += 11;
    }
    below = std::max(top, ry) + 12;
  }
  flow.set_y(below);

  // -- mention, subject
  if (!c.mention.empty()) flow.paragraph(c.mention, {.font = Font::bold, .space_after = 3});
  if (c.recipient.empty()) {
    flow.skip(6);
    flow.paragraph(c.subject, {.font = Font::bold, .size = 14, .align = Align::center, .space_after = 14});
  } else if (!c.subject.empty()) {
    flow.paragraph({{"Objet\u00A0: ", Font::bold}, {c.subject, Font::bold}}, {.space_after = 14});
  }

  // -- body
  using K = LetterBlock::Kind;
  for (std::size_t i = 0; i < c.body.size(); ++i) {
    const LetterBlock& b = c.body[i];
    const bool next_item = i + 1 < c.body.size() && c.body[i + 1].kind == K::item;
    switch (b.kind) {
      case K::paragraph:
        // The closing formula goes with the signature: a page holding only
        // a signature signs nothing.
        if (i + 1 == c.body.size() && !c.signature.empty())
          flow.keep(static_cast<double>(doc.wrap(b.text, Font::regular, 10, flow.width()).size() + c.signature.size()) *
                        flow.line_height() + 50);
        keep_short(flow, b.text, 10);
        flow.paragraph(b.text, {.align = Align::justify, .space_after = next_item ? 3.0 : 8.0});
        break;
      case K::item: {
        // A hanging dash: the item's lines align with each other, not with
        // the dash. The baseline is the one Flow gives a line of this size
        // (layout.cpp: middle of the line box, capitals centred).
        flow.keep(flow.line_height());
        const double base = flow.y() + flow.line_height() / 2 + 0.357 * 10;
        doc.text(left + 6, base, "–", Font::regular, 10);
        flow.paragraph(b.text, {.indent = 16, .space_after = next_item ? 1.0 : 8.0});
        break;
      }
      case K::heading:
        flow.keep(flow.line_height(11) * 4);
        flow.skip(6);
        flow.paragraph(b.text, {.font = Font::bold, .size = 11, .space_after = 4});
        break;
      case K::subheading:
        flow.keep(flow.line_height(9.5) * 4);
        flow.skip(2);
        flow.paragraph(b.text, {.font = Font::bold, .size = 9.5, .space_after = 3});
        break;
      case K::small: flow.paragraph(b.text, {.size = 8.5, .align = Align::justify, .space_after = 6, .gray = 0.25}); break;
      case K::quote: flow.paragraph(b.text, {.size = 9, .indent = 14, .space_after = 8, .gray = 0.15}); break;
      case K::table: draw_table(flow, b.table); break;
    }
  }

  // -- signature, at the level of the address, with room to sign below.
  if (!c.signature.empty()) {
    flow.keep(flow.line_height() * static_cast<double>(c.signature.size()) + 40);
    flow.skip(10);
    const double indent = mm(kWindowLeft) - left;
    for (std::size_t i = 0; i < c.signature.size(); ++i)
      flow.paragraph(c.signature[i], {.font = i == 0 && c.recipient.size() ? Font::bold : Font::regular,
                                      .indent = indent, .space_after = 1});
    // Room to sign by hand, as much as the page leaves up to 36 pt: the
    // enclosures line stays on the signed page.
    const double room = flow.bottom() - flow.y() - (c.enclosures.empty() ? 0 : flow.line_height(9) + 2);
    flow.skip(std::clamp(room, 6.0, 36.0));
  }
  if (!c.enclosures.empty()) flow.paragraph(c.enclosures, {.size = 9, .gray = 0.2});
  if (pages) *pages = doc.page_count();
  return flow.finish();
}

Result<std::string> letter_pdf(const Ledger& l, const LetterRequest& r, int* pages) {
  auto content = letter_content(l, r);
  if (!content) return content.error();
  return letter_pdf(*content, pages);
}

}  // namespace relance
