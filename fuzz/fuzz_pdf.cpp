// The PDF writer's text path (core/pdf/document.h) on arbitrary bytes cut
// into strings: text, text_right, text_center, text_width, both wrap forms
// and text_line, then (for a quarter of the inputs) finish(). Invariants: no crash, no UB, no leak; the file
// starts with %PDF- and ends with %%EOF; finish() is deterministic.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/pdf/document.h"
#include "fuzz/fuzz_common.h"

using namespace relance;
using namespace relance::pdf;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Parsing the two embedded fonts costs more than the rest: do it once.
  static const Document blank({.title = "fuzz"});
  FuzzedDataProvider in(data, size);
  Document doc = blank;
  Metadata meta;
  // finish() (subset, deflate, MD5) costs ~100 times the text path under
  // ASan: run it on a quarter of the inputs, its determinism check on 1/16.
  const std::uint8_t flags = in.ConsumeIntegral<std::uint8_t>();
  int ops = 0;
  while (in.remaining_bytes() > 0 && ops++ < 64) {
    const int op = in.ConsumeIntegralInRange(0, 7);
    const Font font = in.ConsumeBool() ? Font::bold : Font::regular;
    const double size = in.ConsumeIntegralInRange(1, 400) / 10.0;  // 0.1 .. 40 pt
    const double x = in.ConsumeIntegralInRange(-100, 700);
    const double y = in.ConsumeIntegralInRange(-100, 900);
    const std::string s = in.ConsumeRandomLengthString(512);
    switch (op) {
      case 0: doc.text(x, y, s, font, size, in.ConsumeProbability<double>()); break;
      case 1: doc.text_right(x, y, s, font, size); break;
      case 2: doc.text_center(x, y, s, font, size); break;
      case 3: {
        const double w = doc.text_width(s, font, size);
        FUZZ_CHECK(std::isfinite(w) && w >= 0, "text width");
        const double width = in.ConsumeIntegralInRange(1, 600);
        for (const std::string& line : doc.wrap(s, font, size, width)) doc.text(x, y, line, font, size);
        break;
      }
      case 4: {
        std::vector<Span> spans;
        spans.push_back({s, font});
        spans.push_back({in.ConsumeRandomLengthString(128), font == Font::bold ? Font::regular : Font::bold});
        const double width = in.ConsumeIntegralInRange(1, 600);
        const std::vector<Line> lines = doc.wrap(spans, size, width);
        FUZZ_CHECK(!lines.empty(), "wrap gives at least one line");
        for (const Line& line : lines) {
          FUZZ_CHECK(std::isfinite(line.width) && line.spaces >= 0, "line metrics");
          doc.text_line(x, y, line, size, line.spaces > 0 ? 2.0 : 0.0);
        }
        break;
      }
      case 5: doc.add_page(); break;
      case 6: doc.set_page(in.ConsumeIntegralInRange(0, std::max(0, doc.page_count() - 1))); break;
      case 7: meta.title = s; break;
    }
  }
  if ((flags & 3) != 0) return 0;
  const std::string pdf = doc.finish();
  FUZZ_CHECK(pdf.rfind("%PDF-", 0) == 0, "PDF header");
  FUZZ_CHECK(pdf.size() > 6 && pdf.find("%%EOF", pdf.size() - 7) != std::string::npos, "PDF trailer");
  if ((flags & 12) == 0) FUZZ_CHECK(doc.finish() == pdf, "finish() is not deterministic");

  if (meta.title.empty()) return 0;
  Document titled(meta);  // metadata strings go through the same text path
  titled.text(50, 50, meta.title);
  const std::string pdf2 = titled.finish();
  FUZZ_CHECK(pdf2.rfind("%PDF-", 0) == 0, "PDF header (metadata)");
  return 0;
}
