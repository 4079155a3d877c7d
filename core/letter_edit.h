// A letter the user edited before sending: the PDF is made from exactly the
// subject and body that will be recorded in the history, not from the
// template again. The letterhead, recipient, date, mention, signature and
// footer stay those of letter_content().
#pragma once
#include <string>
#include <string_view>

#include "core/letters.h"

namespace relance {

// The body of a letter as editable plain text: paragraphs separated by a
// blank line, list items as "- ...", each table as one "- " line per row
// (then its total row). What a preview puts in the
// text box before the user edits it. A table row reads "Facture 2026-047,
// Date : 01/10/2026, Échéance : 31/10/2026, ..." (its headers before its cells).
std::string letter_body_text(const LetterContent& c);

// The content with the subject and body replaced by the given text: blank
// lines separate paragraphs, lines starting with "- " (or "• ") are list
// items, other line breaks are kept inside the paragraph. Windows line ends
// and control characters are cleaned. An empty subject keeps the old one.
LetterContent with_edited_text(LetterContent c, std::string_view subject, std::string_view body);

// letter_content() then with_edited_text(), as PDF bytes (deterministic).
Result<std::string> edited_letter_pdf(const Ledger& l, const LetterRequest& request, std::string_view subject,
                                      std::string_view body, int* pages = nullptr);

}  // namespace relance
