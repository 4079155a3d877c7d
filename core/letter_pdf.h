// A letter as PDF: letter_content() (core/letters.h) laid out as an A4
// business letter: sender top left, recipient in the window of a DL
// envelope, place and date, subject, body, tables, signature, and the
// company's identifiers in the footer of every page. Same input, same bytes.
#pragma once
#include <string>

#include "core/letters.h"
#include "core/result.h"

namespace relance {

// The PDF bytes of letter_content(); deterministic. `pages`, when given,
// receives the page count.
Result<std::string> letter_pdf(const Ledger& l, const LetterRequest& request, int* pages = nullptr);
std::string letter_pdf(const LetterContent& content, int* pages = nullptr);

}  // namespace relance
