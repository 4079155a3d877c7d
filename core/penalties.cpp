#include "core/penalties.h"

#include <algorithm>

namespace relance {
namespace {

void warn_once(Penalties& p, const std::string& w) {
  if (!w.empty() && std::find(p.warnings.begin(), p.warnings.end(), w) == p.warnings.end()) p.warnings.push_back(w);
}

// amount × rate × days / (day_count × 10000 basis points), to the cent.
Cents segment_interest(Cents base, BasisPoints rate, int days, int day_count) {
  return round_div(static_cast<__int128>(base) * rate * days, static_cast<__int128>(day_count) * 10000);
}

struct Obligation {
  Date due;
  Cents amount = 0;
  // Reductions by payments, in date order: (date, amount).
  std::vector<PaymentEvent> settled;
};

}  // namespace

Penalties compute_penalties(const Jurisdiction& j, const PenaltyCase& c) {
  Penalties out;
  if (!c.until.ok()) return out;
  const bool business = c.kind == ClientKind::business;
  const int day_count = j.day_count > 0 ? j.day_count : 365;

  // Allocate the payments to the schedule, earliest parts first.
  std::vector<Obligation> obligations;
  for (const Instalment& part : c.schedule)
    if (part.amount > 0 && part.due.ok()) obligations.push_back({part.due, part.amount, {}});
  std::stable_sort(obligations.begin(), obligations.end(),
                   [](const Obligation& a, const Obligation& b) { return a.due < b.due; });
  std::vector<PaymentEvent> payments;
  for (const PaymentEvent& p : c.payments)
    if (p.amount > 0 && p.date.ok() && p.date <= c.until) payments.push_back(p);
  std::stable_sort(payments.begin(), payments.end(),
                   [](const PaymentEvent& a, const PaymentEvent& b) { return a.date < b.date; });
  std::size_t k = 0;
  Cents left_in_k = obligations.empty() ? 0 : obligations[0].amount;
  for (const PaymentEvent& p : payments) {
    Cents amount = p.amount;
    while (amount > 0 && k < obligations.size()) {
      const Cents take = std::min(amount, left_in_k);
      obligations[k].settled.push_back({p.date, take});
      amount -= take;
      left_in_k -= take;
      if (left_in_k == 0 && ++k < obligations.size()) left_in_k = obligations[k].amount;
    }
  }

  if (!business && !c.notice.ok()) {
    warn_once(out, "Pas de mise en demeure enregistrée : envers un consommateur, les intérêts au taux légal ne "
                   "courent qu'à compter de la mise en demeure (Code civil 1344-1).");
  }

  for (const Obligation& ob : obligations) {
    // The day this part was fully paid, or until if it is still owed.
    Cents owed = ob.amount;
    Date paid_on;
    for (const PaymentEvent& s : ob.settled) {
      owed -= s.amount;
      if (owed <= 0) paid_on = s.date;
    }
    const Date end = paid_on.ok() ? paid_on : c.until;
    out.days_late = std::max(out.days_late, end - ob.due);

    // Accrual starts the day after the due date (B2C: after the notice too).
    Date start = ob.due + 1;
    if (!business) {
      if (!c.notice.ok()) continue;
      start = std::max(start, c.notice + 1);
    }
    if (start > end) continue;

    // The balance of this part on `start`: payments up to the day before count.
    Cents base = ob.amount;
    std::size_t next = 0;
    while (next < ob.settled.size() && ob.settled[next].date < start) base -= ob.settled[next++].amount;

    Date from = start;
    while (from <= end && base > 0) {
      // The segment ends at the next payment day (a payment on day P leaves
      // the old balance owed through P), at the end of the rate period, or at
      // `end`.
      Date to = end;
      if (next < ob.settled.size()) to = std::min(to, ob.settled[next].date);
      BasisPoints rate;
      if (business && c.contractual_rate) {
        rate = *c.contractual_rate;
      } else {
        const RateOnDay r = business ? b2b_rate_on(j, from) : legal_rate_on(j, from);
        rate = r.rate;
        warn_once(out, r.warning);
        if (j.fixing == Fixing::half_year) to = std::min(to, next_half_year_start(from) - 1);
      }
      const int days = to - from + 1;
      out.lines.push_back({from, to, days, base, rate, segment_interest(base, rate, days, day_count)});
      out.interest += out.lines.back().amount;
      // Payments made on `to` reduce the balance from the next day on.
      while (next < ob.settled.size() && ob.settled[next].date <= to) base -= ob.settled[next++].amount;
      from = to + 1;
    }
  }

  if (business && c.contractual_rate) {
    // The contractual rate may not be lower than three times the legal rate
    // (Code de commerce L441-10 II): check each half-year of the accrual.
    for (const PenaltyLine& line : out.lines) {
      for (Date d = line.from; d <= line.to; d = next_half_year_start(d)) {
        const RateOnDay legal = legal_rate_on(j, d);
        const BasisPoints floor = legal.rate * j.contractual_min_multiple;
        if (*c.contractual_rate < floor)
          warn_once(out, "Taux contractuel de " + format_rate_fr(*c.contractual_rate) + " inférieur à " +
                             std::to_string(j.contractual_min_multiple) + " fois le taux de l'intérêt légal (" +
                             format_rate_fr(floor) + " au " + to_fr(half_year_start(d)) +
                             ") : la clause peut être contestée.");
      }
    }
  }

  if (business && out.days_late > 0) out.indemnity = j.indemnity;
  out.total = out.interest + out.indemnity;
  return out;
}

Date formal_notice_date(const Ledger& l, const Invoice& inv) {
  Date first;
  for (const HistoryEntry& h : l.history) {
    if (h.voided || h.kind != ActionKind::reminder || h.channel != Channel::registered_notice) continue;
    if (std::find(h.invoices.begin(), h.invoices.end(), inv.id) == h.invoices.end()) continue;
    if (!first.ok() || h.date < first) first = h.date;
  }
  return first;
}


Penalties invoice_penalties(const Ledger& l, const Invoice& inv, Date today) {
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) return {};
  const Client* client = find_client(l, inv.client);
  PenaltyCase c;
  c.kind = client ? client->kind : ClientKind::business;
  c.schedule = schedule(l, inv);
  for (const Payment& p : inv.payments) c.payments.push_back({p.date, p.amount});
  const auto settled = settled_on(l, inv);
  c.until = settled ? std::min(*settled, today) : today;
  c.contractual_rate = inv.contractual_rate;
  if (c.kind == ClientKind::consumer) c.notice = formal_notice_date(l, inv);
  Penalties p = compute_penalties(jurisdiction(l), c);
  if (c.kind == ClientKind::consumer && !c.notice.ok() && p.days_late <= 0) p.warnings.clear();
  return p;
}

}  // namespace relance
