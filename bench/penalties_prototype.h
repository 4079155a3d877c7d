// A prototype of the penalty computation with the changes RESULTS.md
// proposes for core/penalties.cpp and core/rates.cpp, to measure what they
// give: the same lines, amounts and warnings as invoice_penalties() (the
// benchmark compares them), but the formal-notice dates from an index built
// in one pass over the history, and rates looked up once per half-year and
// table, their French warnings formatted once, instead of on every segment.
#pragma once
#include <unordered_map>
#include <vector>

#include "core/penalties.h"

namespace relance::bench {

class PenaltyPrototype {
 public:
  explicit PenaltyPrototype(const Ledger& l);
  Penalties invoice_penalties(const Invoice& inv, Date today);

 private:
  const RateOnDay& rate(bool business, Date day);
  Penalties compute(const PenaltyCase& c);

  const Ledger& l_;
  const Jurisdiction& j_;
  std::vector<Date> notice_;  // parallel to l.invoices
  std::unordered_map<std::int64_t, RateOnDay> cache_;  // (table, half-year or day) -> rate
  std::vector<PenaltyCase> scratch_;
};

}  // namespace relance::bench
