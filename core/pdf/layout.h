// Flowing layout over a Document, for letters and statements that may run
// over several pages: a cursor going down the page that writes paragraphs
// and table rows, starts a new page when the bottom margin is reached (and
// repeats the table's header row there), and at finish() stamps the footer
// and "Page i / n" on every page.
//
//   pdf::Document doc({.title = "Relance facture F-2025-031"});
//   pdf::Flow flow(doc, {.footer = "SARL Dupont · SIRET 123 456 789 00012"});
//   flow.paragraph("Objet : relance", {.font = pdf::Font::bold});
//   flow.paragraph({{"Nous restons dans l’attente de "}, {"1 234,56 €", pdf::Font::bold}, {"."}},
//                  {.align = pdf::Align::justify});
//   flow.begin_table({.columns = {{0}, {80, pdf::Align::right}}, .header = {"Facture", "Montant"}});
//   flow.row({"F-2025-031", "1 234,56 €"});
//   flow.end_table();
//   std::string bytes = flow.finish();
//
// Absolute placement (an address in the envelope window, a logo block) goes
// straight to the Document; then set_y() moves the cursor below it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/pdf/document.h"

namespace relance::pdf {

enum class Align { left, right, center, justify };

struct Margins {  // points; 20 mm at the sides and top, 15 mm at the bottom
  double top = 20 * kPointsPerMm;
  double right = 20 * kPointsPerMm;
  double bottom = 15 * kPointsPerMm;
  double left = 20 * kPointsPerMm;
};

struct FlowStyle {
  Margins margins{};
  double size = 10;           // body text size in points
  double leading = 1.3;       // line height as a multiple of the text size
  double paragraph_gap = 6;   // space after paragraph(), in points
  // Printed small and grey, centred at the bottom of every page (company
  // identifiers: name, legal form, SIRET, VAT number...). May hold '\n'.
  std::string footer{};
  double footer_size = 7.5;
  bool page_numbers = true;   // "Page i / n" at the bottom right when n > 1
};

struct ParagraphStyle {
  Font font = Font::regular;  // for the string overload; spans carry their own
  double size = 0;            // 0: the flow's size
  Align align = Align::left;  // justify leaves each paragraph's last line ragged
  double indent = 0;          // extra left margin, in points
  double space_after = -1;    // negative: the flow's paragraph_gap
  double gray = 0;            // 0 black .. 1 white
};

struct Column {
  double width = 0;  // points; 0 shares what the other columns leave of the line
  Align align = Align::left;  // left, right or center (justify acts as left)
};

struct Table {
  std::vector<Column> columns{};
  // Bold on a grey band, repeated at the top of each new page; none if empty.
  std::vector<std::string> header{};
  double size = 0;     // 0: the flow's size
  double padding = 4;  // points between a cell's text and its edges
};

class Flow {
 public:
  // Starts on the document's current page (adding one if it has none), at
  // the top margin.
  explicit Flow(Document& doc, FlowStyle style = {});

  Document& document() { return doc_; }
  const FlowStyle& style() const { return style_; }

  // The writing area of the page, in points from the top-left corner.
  double left() const { return style_.margins.left; }
  double right() const { return kA4Width - style_.margins.right; }
  double width() const { return right() - left(); }
  double top() const { return style_.margins.top; }
  double bottom() const;  // lowest y content may use: above the footer

  // The cursor: the top of the next line.
  double y() const { return y_; }
  void set_y(double y) { y_ = y; }
  void skip(double points) { y_ += points; }

  // A new page with the cursor at its top.
  void new_page();
  // Starts a new page unless `height` points fit below the cursor (to keep
  // a signature block or a total with what it belongs to).
  void keep(double height);
  // Height of one line of text at `size` (0: the flow's size).
  double line_height(double size = 0) const;

  // Wrapped text; '\n' starts a new line. Breaks to a new page between lines.
  void paragraph(std::string_view text, const ParagraphStyle& style = {});
  void paragraph(const std::vector<Span>& spans, const ParagraphStyle& style = {});
  // A thin horizontal line across the writing area, and some space.
  void rule(double gray = 0.6);

  // Tables: begin_table, any number of row(), end_table. A row taller than
  // what is left of the page moves to the next page; one taller than a whole
  // page is split across pages.
  void begin_table(Table table);
  void row(const std::vector<std::string>& cells, Font font = Font::regular);
  void end_table();

  // Stamps footers and page numbers on every page of the document, then
  // returns Document::finish(). Stamps only once if called again.
  std::string finish();

 private:
  double size_or_default(double size) const { return size > 0 ? size : style_.size; }
  // Baseline of a line whose box starts at `top`.
  double baseline(double top, double size) const;
  double footer_height() const;
  std::vector<std::string> footer_lines() const;
  double page_number_room() const;
  std::vector<std::vector<Line>> cell_lines(const std::vector<std::string>& cells, Font font) const;
  double row_height(const std::vector<std::string>& cells, Font font) const;
  void draw_row(const std::vector<std::string>& cells, Font font, double fill_gray, bool header);

  Document& doc_;
  FlowStyle style_;
  double y_ = 0;
  double page_start_y_ = 0;  // cursor below a new page's table header: nothing else there yet
  Table table_{};
  std::vector<double> col_widths_;
  bool in_table_ = false;
  bool stamped_ = false;
};

}  // namespace relance::pdf
