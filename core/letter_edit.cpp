#include "core/letter_edit.h"

#include "core/letter_pdf.h"
#include "core/text.h"

namespace relance {

std::string letter_body_text(const LetterContent& c) {
  std::string out;
  bool list = false;  // the previous block was a list line: no blank line between items
  for (const LetterBlock& b : c.body) {
    std::string part;
    bool is_list = false;
    switch (b.kind) {
      case LetterBlock::Kind::item:
        part = "- " + b.text;
        is_list = true;
        break;
      case LetterBlock::Kind::table: {
        // "- Facture 2026-047, Date : 01/10/2026, Échéance : 31/10/2026, ..."
        const auto& head = b.table.header;
        auto row_text = [&](const std::vector<std::string>& row, bool total) {
          std::string line;
          for (std::size_t k = 0; k < row.size(); ++k) {
            if (trim(row[k]).empty()) continue;
            const std::string h = k < head.size() ? std::string(trim(head[k])) : std::string();
            if (line.empty()) line = h.empty() || total ? row[k] : h + " " + row[k];
            else line += ", " + (h.empty() ? row[k] : h + " : " + row[k]);
          }
          return line;
        };
        for (const auto& row : b.table.rows) part += (part.empty() ? "- " : "\n- ") + row_text(row, false);
        if (!b.table.total.empty()) part += (part.empty() ? "- " : "\n- ") + row_text(b.table.total, true);
        is_list = true;
        break;
      }
      default: part = b.text;
    }
    if (part.empty()) continue;
    if (!out.empty()) out += (list && is_list) ? "\n" : "\n\n";
    out += part;
    list = is_list;
  }
  return out;
}

LetterContent with_edited_text(LetterContent c, std::string_view subject, std::string_view body) {
  const std::string clean_subject = std::string(trim(sanitize_text(replace_all(std::string(subject), "\r", ""))));
  if (!clean_subject.empty()) {
    // One line: a subject is printed after "Objet : ".
    c.subject = replace_all(clean_subject, "\n", " ");
  }
  c.body.clear();
  const std::string text = sanitize_text(replace_all(std::string(body), "\r", ""));
  std::string para;
  auto flush = [&] {
    if (para.empty()) return;
    LetterBlock p;
    p.kind = LetterBlock::Kind::paragraph;
    p.text = para;
    c.body.push_back(std::move(p));
    para.clear();
  };
  for (std::string_view raw : split_lines(text)) {
    const std::string_view line = trim(raw);
    if (line.empty()) {
      flush();
    } else if (starts_with(line, "- ") || starts_with(line, "• ")) {
      flush();
      const std::size_t mark = starts_with(line, "- ") ? 2 : std::string_view("• ").size();
      LetterBlock item;
      item.kind = LetterBlock::Kind::item;
      item.text = std::string(trim(line.substr(mark)));
      c.body.push_back(std::move(item));
    } else {
      para += (para.empty() ? "" : "\n") + std::string(line);
    }
  }
  flush();
  return c;
}

Result<std::string> edited_letter_pdf(const Ledger& l, const LetterRequest& request, std::string_view subject,
                                      std::string_view body, int* pages) {
  auto content = letter_content(l, request);
  if (!content) return content.error();
  if (trim(body).empty()) return Error{"texte", "le texte de la lettre est vide"};
  return letter_pdf(with_edited_text(std::move(*content), subject, body), pages);
}

}  // namespace relance
