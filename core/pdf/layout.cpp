#include "core/pdf/layout.h"

#include <algorithm>
#include <cmath>
#include <utility>

// [SECTION] Geometry
// [SECTION] Pages
// [SECTION] Paragraphs
// [SECTION] Tables
// [SECTION] Finishing

namespace relance::pdf {
namespace {

constexpr double kFooterLeading = 1.3;
constexpr double kFooterGray = 0.35;
constexpr double kRuleGap = 3;     // between the footer rule and the footer text
constexpr double kContentGap = 8;  // between the content and the footer rule

std::string page_label(int page, int pages) {
  return "Page " + std::to_string(page) + " / " + std::to_string(pages);
}

}  // namespace

Flow::Flow(Document& doc, FlowStyle style) : doc_(doc), style_(std::move(style)) {
  if (doc_.page_count() == 0) doc_.add_page();
  y_ = top();
}

// [SECTION] Geometry -------------------------------------------------------------

double Flow::line_height(double size) const { return size_or_default(size) * style_.leading; }

// Capitals centred in the line box: their middle sits about 0.36 em above
// the baseline in Noto Sans (cap height 0.714 em).
double Flow::baseline(double top_y, double size) const { return top_y + line_height(size) / 2 + 0.357 * size; }

double Flow::page_number_room() const {
  return style_.page_numbers ? doc_.text_width(page_label(999, 999), Font::regular, style_.footer_size) + 6 : 0;
}

std::vector<std::string> Flow::footer_lines() const {
  if (style_.footer.empty()) return {};
  // Narrower on both sides than the page number, so the centred footer and
  // the right-aligned number never overlap.
  return doc_.wrap(style_.footer, Font::regular, style_.footer_size, width() - 2 * page_number_room());
}

double Flow::footer_height() const {
  const std::size_t lines = footer_lines().size();
  if (lines == 0 && !style_.page_numbers) return 0;
  return static_cast<double>(std::max<std::size_t>(lines, 1)) * style_.footer_size * kFooterLeading + kRuleGap +
         kContentGap;
}

double Flow::bottom() const { return kA4Height - style_.margins.bottom - footer_height(); }

// [SECTION] Pages ----------------------------------------------------------------

void Flow::new_page() {
  doc_.add_page();
  y_ = top();
  if (in_table_ && !table_.header.empty()) draw_row(table_.header, Font::bold, 0.9, true);
  page_start_y_ = y_;
}

void Flow::keep(double height) {
  if (y_ + height > bottom() && y_ > top()) new_page();
}

// [SECTION] Paragraphs -----------------------------------------------------------

void Flow::paragraph(std::string_view text, const ParagraphStyle& ps) {
  paragraph(std::vector<Span>{{std::string(text), ps.font}}, ps);
}

void Flow::paragraph(const std::vector<Span>& spans, const ParagraphStyle& ps) {
  const double size = size_or_default(ps.size);
  const double lh = line_height(size);
  const double x0 = left() + ps.indent;
  const double w = width() - ps.indent;
  for (const Line& line : doc_.wrap(spans, size, w)) {
    if (y_ + lh > bottom() && y_ > top()) new_page();
    double x = x0, spacing = 0;
    if (ps.align == Align::right) x = x0 + w - line.width;
    if (ps.align == Align::center) x = x0 + (w - line.width) / 2;
    if (ps.align == Align::justify && !line.ends_paragraph && line.spaces > 0) {
      spacing = std::max(0.0, (w - line.width) / line.spaces);
      if (spacing > size) spacing = 0;  // gaps wider than an em read worse than a ragged line
    }
    doc_.text_line(x, baseline(y_, size), line, size, spacing, ps.gray);
    y_ += lh;
  }
  y_ += ps.space_after < 0 ? style_.paragraph_gap : ps.space_after;
}

void Flow::rule(double gray) {
  keep(10);
  y_ += 4;
  doc_.line(left(), y_, right(), y_, 0.5, gray);
  y_ += 6;
}

// [SECTION] Tables ---------------------------------------------------------------

void Flow::begin_table(Table table) {
  table_ = std::move(table);
  if (table_.padding < 0 || !std::isfinite(table_.padding)) table_.padding = 0;
  // Fixed columns take their width; the others share what is left.
  double fixed = 0;
  int flexible = 0;
  for (const Column& c : table_.columns) {
    if (c.width > 0) fixed += c.width;
    else ++flexible;
  }
  const double share = flexible ? std::max(0.0, width() - fixed) / flexible : 0;
  col_widths_.clear();
  for (const Column& c : table_.columns) col_widths_.push_back(c.width > 0 ? c.width : share);

  // The header with at least one row under it, or a new page.
  const double size = size_or_default(table_.size);
  const double header = table_.header.empty() ? 0 : row_height(table_.header, Font::bold);
  keep(header + line_height(size) + table_.padding);
  in_table_ = true;
  if (!table_.header.empty()) draw_row(table_.header, Font::bold, 0.9, true);
  page_start_y_ = y_;
}

void Flow::row(const std::vector<std::string>& cells, Font font) {
  if (!in_table_) begin_table({.columns = {Column{}}});
  draw_row(cells, font, -1, false);
}

void Flow::end_table() {
  if (!in_table_) return;
  in_table_ = false;
  y_ += style_.paragraph_gap;
}

std::vector<std::vector<Line>> Flow::cell_lines(const std::vector<std::string>& cells, Font font) const {
  const double size = size_or_default(table_.size);
  std::vector<std::vector<Line>> out;
  for (std::size_t c = 0; c < col_widths_.size(); ++c) {
    const std::string text = c < cells.size() ? cells[c] : std::string();
    out.push_back(doc_.wrap(std::vector<Span>{{text, font}}, size, col_widths_[c] - 2 * table_.padding));
  }
  return out;
}

double Flow::row_height(const std::vector<std::string>& cells, Font font) const {
  std::size_t lines = 1;
  for (const auto& l : cell_lines(cells, font)) lines = std::max(lines, l.size());
  return static_cast<double>(lines) * line_height(table_.size) + table_.padding;
}

void Flow::draw_row(const std::vector<std::string>& cells, Font font, double fill_gray, bool header) {
  const double size = size_or_default(table_.size);
  const double lh = line_height(size);
  const double pad = table_.padding;
  const std::vector<std::vector<Line>> lines = cell_lines(cells, font);
  std::size_t count = 1;
  for (const auto& l : lines) count = std::max(count, l.size());

  // How many lines a fresh page holds below the repeated header.
  const double header_h = table_.header.empty() ? 0 : row_height(table_.header, Font::bold);
  const double page_room = bottom() - top() - header_h - pad;

  for (std::size_t first = 0; first < count;) {
    const std::size_t left_lines = count - first;
    const bool fresh = y_ <= page_start_y_ + 0.01;
    auto fit = static_cast<std::size_t>(std::max(0.0, std::floor((bottom() - y_ - pad) / lh + 1e-9)));
    if (!header && fit < left_lines) {
      // Move the whole row to the next page when it would fit there; split
      // it only when it is taller than a page.
      if (!fresh && static_cast<double>(left_lines) * lh <= page_room + 1e-9) {
        new_page();
        continue;
      }
      if (fit == 0) {
        if (!fresh) {
          new_page();
          continue;
        }
        fit = 1;  // margins too small for even one line: draw it anyway, and go on
      }
    }
    const std::size_t n = header ? left_lines : std::min(left_lines, fit);
    const double h = static_cast<double>(n) * lh + pad;
    if (fill_gray >= 0) doc_.rect(left(), y_, width(), h, fill_gray);
    double x = left();
    for (std::size_t c = 0; c < lines.size(); ++c) {
      const double w = col_widths_[c];
      const Align align = table_.columns[c].align;
      for (std::size_t k = first; k < first + n && k < lines[c].size(); ++k) {
        const Line& line = lines[c][k];
        double lx = x + pad;
        if (align == Align::right) lx = x + w - pad - line.width;
        if (align == Align::center) lx = x + (w - line.width) / 2;
        doc_.text_line(lx, baseline(y_ + pad / 2 + static_cast<double>(k - first) * lh, size), line, size);
      }
      x += w;
    }
    y_ += h;
    doc_.line(left(), y_, right(), y_, header ? 0.6 : 0.3, header ? 0.5 : 0.8);
    first += n;
    if (first < count) new_page();
  }
}

// [SECTION] Finishing ------------------------------------------------------------

std::string Flow::finish() {
  if (!stamped_) {
    stamped_ = true;
    const int pages = doc_.page_count();
    const int current = doc_.page();
    const std::vector<std::string> footer = footer_lines();
    const double lh = style_.footer_size * kFooterLeading;
    const double block_top = kA4Height - style_.margins.bottom -
                             static_cast<double>(std::max<std::size_t>(footer.size(), 1)) * lh;
    for (int p = 0; p < pages; ++p) {
      doc_.set_page(p);
      if (!footer.empty()) doc_.line(left(), block_top - kRuleGap, right(), block_top - kRuleGap, 0.4, 0.6);
      for (std::size_t k = 0; k < footer.size(); ++k)
        doc_.text_center(left() + width() / 2, block_top + static_cast<double>(k) * lh + style_.footer_size, footer[k],
                         Font::regular, style_.footer_size, kFooterGray);
      if (style_.page_numbers && pages > 1)
        doc_.text_right(right(), block_top + style_.footer_size, page_label(p + 1, pages), Font::regular,
                        style_.footer_size, kFooterGray);
    }
    doc_.set_page(current);
  }
  return doc_.finish();
}

}  // namespace relance::pdf
