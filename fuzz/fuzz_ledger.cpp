// The ledger file loader (load_ledger) on arbitrary bytes. Invariants: no
// crash, no UB, no leak; a file that loads saves and loads back to the same
// ledger, and the second save is byte-identical; the engines (agenda,
// penalties, aging, report) run on whatever loaded without trouble.
#include <cstddef>
#include <cstdint>

#include "core/dunning.h"
#include "core/penalties.h"
#include "core/reports.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  LedgerLoad first = load_ledger(text, "fuzz.json");
  FUZZ_CHECK(first.ledger.has_value() == first.errors.empty(), "a ledger xor errors");
  if (!first.ledger) return 0;
  const Ledger& l = *first.ledger;

  const std::string saved = ledger_to_json(l);
  LedgerLoad second = load_ledger(saved, "saved.json");
  FUZZ_CHECK(second.ledger.has_value(), "a loaded ledger must load again once saved: " +
                                            (second.errors.empty() ? std::string() : second.errors[0].message()));
  FUZZ_CHECK(*second.ledger == l, "load(save(l)) != l");
  FUZZ_CHECK(ledger_to_json(*second.ledger) == saved, "save is not stable");

  // The engines over any loadable ledger. Dates far apart make long penalty
  // tables; the input size (-max_len) bounds the number of invoices.
  for (Date today : {fuzz::today(), Date::from_ymd(2012, 1, 1), Date::from_ymd(2099, 12, 31)}) {
    const Agenda a = compute_agenda(l, today);
    (void)a;
    for (const Invoice& inv : l.invoices) {
      const Penalties p = invoice_penalties(l, inv, today);
      FUZZ_CHECK(p.total == p.interest + p.indemnity, "penalty total");
      (void)next_step(l, inv, today);
      (void)not_chased_reason(l, inv, today);
    }
    (void)aging_only(l, today);
    const Report r = build_report(l, today);
    (void)report_json(r);
  }
  return 0;
}
