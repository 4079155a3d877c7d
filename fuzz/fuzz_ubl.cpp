// The UBL reader (read_einvoice_xml) and the import plan on arbitrary
// XML: a reading is an error or an invoice whose totals the plan either
// refuses with a reason or turns into a batch that applies to the ledger.
#include <cstddef>
#include <cstdint>

#include "core/einvoice/import.h"
#include "fuzz/fuzz_common.h"

using namespace relance;
using namespace relance::einvoice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto e = read_einvoice_xml(bytes);
  if (!e) {
    FUZZ_CHECK(!e.error().what.empty(), "an error without a message");
    return 0;
  }
  FUZZ_CHECK(!e->number.empty(), "an invoice without a number");
  FUZZ_CHECK(e->issue_date.ok(), "an invoice without an issue date");
  static const Ledger small = [] {
    Ledger l = fuzz::small_ledger();
    l.company.siren = "812345674";
    return l;
  }();
  const ImportPlan plan = plan_einvoice_import(small, {{"f.xml", bytes}, {"g.xml", bytes}});
  FUZZ_CHECK(plan.files.size() == 2, "one plan per file");
  FUZZ_CHECK(plan.files[1].outcome != Outcome::imported, "the same file imported twice");
  for (const FilePlan& f : plan.files)
    FUZZ_CHECK(f.outcome != Outcome::refused || !f.why.empty(), "a refusal without a reason");
  FUZZ_CHECK(plan.batch.invoices.size() == plan.count(Outcome::imported), "batch and preview disagree");
  Ledger l = small;
  auto applied = relance::apply(l, Command(plan.batch));
  FUZZ_CHECK(applied.ok(), "the planned batch is refused: " + applied.error().message());
  return 0;
}
