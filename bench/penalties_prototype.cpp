// See penalties_prototype.h. compute() is core/penalties.cpp's
// compute_penalties() with the rate lookups going through rate(); the rest
// is copied so the results stay identical.
#include "bench/penalties_prototype.h"

#include <algorithm>

namespace relance::bench {
namespace {

void warn_once(Penalties& p, const std::string& w) {
  if (!w.empty() && std::find(p.warnings.begin(), p.warnings.end(), w) == p.warnings.end()) p.warnings.push_back(w);
}

Cents segment_interest(Cents base, BasisPoints rate, int days, int day_count) {
  return round_div(static_cast<__int128>(base) * rate * days, static_cast<__int128>(day_count) * 10000);
}

struct Obligation {
  Date due;
  Cents amount = 0;
  std::vector<PaymentEvent> settled;
};

}  // namespace

PenaltyPrototype::PenaltyPrototype(const Ledger& l) : l_(l), j_(jurisdiction(l)), notice_(l.invoices.size()) {
  // One pass over the history, ids resolved by position (ids are dense).
  std::vector<std::uint32_t> pos;
  if (!l.invoices.empty() && l.invoices.back().id > 0 && l.invoices.back().id < (std::int64_t(1) << 31)) {
    pos.assign(static_cast<std::size_t>(l.invoices.back().id) + 1, UINT32_MAX);
    for (std::size_t i = 0; i < l.invoices.size(); ++i)
      if (l.invoices[i].id > 0) pos[static_cast<std::size_t>(l.invoices[i].id)] = static_cast<std::uint32_t>(i);
  }
  for (const HistoryEntry& h : l.history) {
    if (h.voided || h.kind != ActionKind::reminder || h.channel != Channel::registered_notice) continue;
    for (InvoiceId id : h.invoices) {
      if (id <= 0 || static_cast<std::uint64_t>(id) >= pos.size() || pos[static_cast<std::size_t>(id)] == UINT32_MAX) continue;
      Date& d = notice_[pos[static_cast<std::size_t>(id)]];
      if (!d.ok() || h.date < d) d = h.date;
    }
  }
}

// The rate for a day: with half-year fixing every day of a half-year has the
// rate of its first day, so the key is the half-year.
const RateOnDay& PenaltyPrototype::rate(bool business, Date day) {
  const Date key = j_.fixing == Fixing::half_year ? half_year_start(day) : day;
  const std::int64_t k = (static_cast<std::int64_t>(key.serial()) << 1) | (business ? 1 : 0);
  auto it = cache_.find(k);
  if (it == cache_.end()) it = cache_.emplace(k, business ? b2b_rate_on(j_, key) : legal_rate_on(j_, key)).first;
  return it->second;
}

Penalties PenaltyPrototype::compute(const PenaltyCase& c) {
  const Jurisdiction& j = j_;
  Penalties out;
  if (!c.until.ok()) return out;
  const bool business = c.kind == ClientKind::business;
  const int day_count = j.day_count > 0 ? j.day_count : 365;

  std::vector<Obligation> obligations;
  obligations.reserve(c.schedule.size());
  for (const Instalment& part : c.schedule)
    if (part.amount > 0 && part.due.ok()) obligations.push_back({part.due, part.amount, {}});
  std::stable_sort(obligations.begin(), obligations.end(),
                   [](const Obligation& a, const Obligation& b) { return a.due < b.due; });
  std::vector<PaymentEvent> payments;
  payments.reserve(c.payments.size());
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
    Cents owed = ob.amount;
    Date paid_on;
    for (const PaymentEvent& s : ob.settled) {
      owed -= s.amount;
      if (owed <= 0) paid_on = s.date;
    }
    const Date end = paid_on.ok() ? paid_on : c.until;
    out.days_late = std::max(out.days_late, end - ob.due);

    Date start = ob.due + 1;
    if (!business) {
      if (!c.notice.ok()) continue;
      start = std::max(start, c.notice + 1);
    }
    if (start > end) continue;

    Cents base = ob.amount;
    std::size_t next = 0;
    while (next < ob.settled.size() && ob.settled[next].date < start) base -= ob.settled[next++].amount;

    Date from = start;
    while (from <= end && base > 0) {
      Date to = end;
      if (next < ob.settled.size()) to = std::min(to, ob.settled[next].date);
      BasisPoints r;
      if (business && c.contractual_rate) {
        r = *c.contractual_rate;
      } else {
        const RateOnDay& rd = rate(business, from);  // change: cached per half-year
        r = rd.rate;
        warn_once(out, rd.warning);
        if (j.fixing == Fixing::half_year) to = std::min(to, next_half_year_start(from) - 1);
      }
      const int days = to - from + 1;
      out.lines.push_back({from, to, days, base, r, segment_interest(base, r, days, day_count)});
      out.interest += out.lines.back().amount;
      while (next < ob.settled.size() && ob.settled[next].date <= to) base -= ob.settled[next++].amount;
      from = to + 1;
    }
  }

  if (business && c.contractual_rate) {
    for (const PenaltyLine& line : out.lines) {
      for (Date d = line.from; d <= line.to; d = next_half_year_start(d)) {
        const RateOnDay& legal = rate(false, d);  // change: cached
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

Penalties PenaltyPrototype::invoice_penalties(const Invoice& inv, Date today) {
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) return {};
  const Client* client = find_client(l_, inv.client);
  PenaltyCase c;
  c.kind = client ? client->kind : ClientKind::business;
  c.schedule = schedule(l_, inv);
  c.payments.reserve(inv.payments.size());
  for (const Payment& p : inv.payments) c.payments.push_back({p.date, p.amount});
  const auto settled = settled_on(l_, inv);
  c.until = settled ? std::min(*settled, today) : today;
  c.contractual_rate = inv.contractual_rate;
  if (c.kind == ClientKind::consumer) c.notice = notice_[static_cast<std::size_t>(&inv - l_.invoices.data())];
  Penalties p = compute(c);
  if (c.kind == ClientKind::consumer && !c.notice.ok() && p.days_late <= 0) p.warnings.clear();
  return p;
}

}  // namespace relance::bench
