#include "core/sample.h"

#include "core/assets.h"
#include "core/ledger_file.h"

namespace relance {

void shift_dates(Ledger& l, int days) {
  drop_summary(l);  // changes the data in place, behind the commands
  auto move = [days](Date& d) {
    if (d.ok()) d = d + days;
  };
  for (Invoice& inv : l.invoices) {
    move(inv.issue_date);
    move(inv.due_date);
    move(inv.closed_on);
    for (Payment& p : inv.payments) move(p.date);
    for (Instalment& i : inv.plan) move(i.due);
    for (Promise& p : inv.promises) {
      move(p.made_on);
      move(p.promised_for);
    }
    for (Dispute& d : inv.disputes) {
      move(d.opened);
      move(d.closed);
    }
  }
  for (HistoryEntry& h : l.history) {
    move(h.date);
    move(h.voided_on);
  }
}

Result<Ledger> sample_ledger(Date today) {
  auto l = ledger_from_json(embedded_asset("sample/ledger.json"), "assets/sample/ledger.json");
  if (!l) return l.error();
  if (today.ok()) shift_dates(*l, today - kSampleToday);
  return l;
}

}  // namespace relance
