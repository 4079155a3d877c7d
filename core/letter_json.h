// A letter's content (core/letters.h LetterContent) as JSON and back: what
// the browser app sends to its PDF module (web/pdf/), which lays it out with
// letter_pdf() apart from the app's own module. Every field round-trips.
#pragma once
#include <string>
#include <string_view>

#include "core/letters.h"
#include "core/result.h"

namespace relance {

// {"format": "relance-letter", "version": 1, "type": "reminder", "title": ..., "body": [{"kind": "paragraph",
// "text": ...}, {"kind": "table", "table": {"header": [...], "widths_mm": [...], ...}}], ...}
std::string letter_content_json(const LetterContent& c);

// Errors name the JSON path ("$.body[2].kind") and what was expected.
Result<LetterContent> letter_content_from_json(std::string_view text);

}  // namespace relance
