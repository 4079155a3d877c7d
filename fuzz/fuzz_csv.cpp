// The CSV importer (import_csv) on arbitrary bytes, in both dialects and
// both encodings, detected or forced (the first byte picks the options; the
// corpus holds French Excel files in UTF-8 and Windows-1252 and plain ones).
// Invariants: a batch comes with no errors and applies to the ledger it was
// checked against; the incremental importer gives the same result as the
// one-shot one; what the ledger then exports re-imports without errors.
#include <cstddef>
#include <cstdint>

#include "core/csv.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

namespace {

std::string summary(const CsvImportResult& r) {
  std::string s = std::to_string(r.rows) + " rows, " + std::to_string(r.invoices) + " invoices, " +
                  std::to_string(r.errors.size()) + " errors";
  for (const Error& e : r.errors) s += "\n  " + e.message();
  return s;
}

std::string precise(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t sel = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  CsvOptions opts;
  switch (sel & 3) {
    case 1: opts.dialect = CsvDialect::french; break;
    case 2: opts.dialect = CsvDialect::plain; break;
    default: break;
  }
  switch ((sel >> 2) & 3) {
    case 1: opts.encoding = CsvEncoding::utf8; break;
    case 2: opts.encoding = CsvEncoding::cp1252; break;
    default: break;
  }
  switch ((sel >> 4) & 3) {
    case 1: opts.separator = ';'; break;
    case 2: opts.separator = ','; break;
    case 3: opts.separator = '\t'; break;
    default: break;
  }
  if (sel & 0x40) opts.max_errors = 3;
  const bool into_empty = sel & 0x80;

  static const Ledger small = fuzz::small_ledger();
  static const Ledger empty = make_empty_ledger();
  const Ledger& into = into_empty ? empty : small;

  CsvImportResult r = import_csv(into, bytes, opts, fuzz::today());
  FUZZ_CHECK(r.batch.has_value() == r.errors.empty(), "a batch xor errors: " + summary(r));
  FUZZ_CHECK(r.errors.size() <= std::max<std::size_t>(opts.max_errors, 1) + 1, "too many errors: " + summary(r));

  // The incremental form, a few rows at a time, must agree.
  CsvImporter imp(into, std::string(bytes), opts, fuzz::today());
  double last = 0;
  while (imp.step(3)) {
    const double p = imp.progress();
    // 0.9 * pos / size can round a hair above 0.9 at the end of the rows:
    // only a visible step back counts.
    FUZZ_CHECK(p >= last - 1e-9 && p <= 1.0 + 1e-9, "progress goes back or past 1: " + precise(last) + " then " + precise(p));
    last = p;
  }
  CsvImportResult r2 = imp.take_result();
  FUZZ_CHECK(r2.errors == r.errors && r2.rows == r.rows && r2.invoices == r.invoices &&
                 r2.format == r.format && r2.warnings == r.warnings,
             "stepwise import differs: " + summary(r) + " / " + summary(r2));

  if (!r.batch) return 0;
  Ledger l = into;
  Result<Applied> applied = relance::apply(l, cmd::ImportBatch{*r.batch});
  FUZZ_CHECK(applied.ok(), "the importer's batch is refused by apply: " + applied.error().message());

  // Export, then import into an empty ledger: the app's own files come back.
  for (CsvDialect d : {CsvDialect::french, CsvDialect::plain}) {
    std::size_t lost = 0;
    const std::string out = export_csv(l, d, CsvEncoding::utf8, &lost);
    FUZZ_CHECK(lost == 0, "UTF-8 export lost characters");
    (void)export_csv(l, d, CsvEncoding::cp1252, &lost);
    CsvImportResult back = import_csv(empty, out, {}, fuzz::today());
    FUZZ_CHECK(back.errors.empty(), "our own export does not re-import: " + summary(back) + "\n" + out);
  }
  return 0;
}
