// Limitation (prescription) of a claim: the rule the reports, the agenda,
// the invoice view, the letters and `relance penalties` share.
// The period runs from the due date (effective_due_date(): the earliest
// unpaid instalment under a plan): 5 years between businesses (C. com.
// L110-4), 2 years against a consumer (C. conso. L218-2), as the
// jurisdiction says. It restarts (Code civil 2240, 2241) on the latest of: a
// partial payment, a promise marked acknowledges_debt (its made_on), a court
// claim (Invoice::court_claim_on), if after the due date and not after
// today. A formal notice does NOT interrupt it. limit = start + years
// (29 February → 28 February); the claim is time-barred from `limit` on.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/ledger.h"
#include "core/model.h"
#include "core/penalties.h"
#include "core/rates.h"

namespace relance {

enum class LimitationStart { due_date, payment, acknowledgement, court_claim };

struct LimitationStartDay {
  Date start;
  LimitationStart kind = LimitationStart::due_date;
};

// Where the period of `inv` (due on `due`, paid by `pays`) starts as of today.
LimitationStartDay limitation_start(const Invoice& inv, Date due, const std::vector<PaymentEvent>& pays, Date today);
int limitation_years(const Jurisdiction& j, ClientKind kind);

struct Limitation {
  Date start;
  LimitationStart start_kind = LimitationStart::due_date;
  int years = 0;
  Date limit;  // time-barred from this day on
  bool expired = false;
};

// The period of an issued invoice still owed (nothing otherwise).
std::optional<Limitation> invoice_limitation(const Ledger& l, const Invoice& inv, Date today);
// invoice_limitation() says it is expired. Quick for the recent invoices.
bool time_barred(const Ledger& l, const Invoice& inv, Date today);
// "F-2020-0001 : créance prescrite depuis le 01/03/2025 (5 ans, professionnel ;
// délai couru depuis l'échéance du 01/03/2020) — …", empty when not expired.
std::string time_barred_warning(const Ledger& l, const Invoice& inv, Date today);
// The same for a computation given as figures (`relance penalties`): the
// period runs from the earliest due date of the schedule, restarted by the
// partial payments made before c.until and by `court_claim`; the warning is
// set when c.until is on or after the limit.
std::string case_time_barred_warning(const Jurisdiction& j, const PenaltyCase& c, Date court_claim = {});
// The words for the start kind, « délai couru depuis l'échéance du ».
const char* limitation_start_words(LimitationStart s);

}  // namespace relance
