#include "core/penalties.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_map>

namespace relance {
namespace {

void warn_once(Penalties& p, const std::string& w) {
  if (!w.empty() && std::find(p.warnings.begin(), p.warnings.end(), w) == p.warnings.end()) p.warnings.push_back(w);
}

struct Obligation {
  Date due;
  Cents amount = 0;
  // Reductions by payments, in date order: (date, amount), the entries
  // [first, first + count) of Scratch::settled (payments go to the
  // obligations in order, so each one's are contiguous).
  std::size_t first = 0;
  std::size_t count = 0;
};

// Buffers reused from one computation to the next.
struct Scratch {
  std::vector<Obligation> obligations;
  std::vector<PaymentEvent> payments;
  std::vector<PaymentEvent> settled;
};

// The rates as the tables give them, looked up on every segment.
struct DirectRates {
  const Jurisdiction& j;
  RateOnDay last;
  const RateOnDay& b2b(Date day) { return last = b2b_rate_on(j, day); }
  const RateOnDay& legal(Date day) { return last = legal_rate_on(j, day); }
  const RateOnDay& pub(Date day) { return last = public_rate_on(j, day); }
  std::string last_note;
  const std::string& note(const RateTable& t, const RateOnDay& r, Date day, int) {
    return last_note = rate_note(t, r, day);
  }
  static Date next_half(Date day) { return next_half_year_start(day); }
};

// With half-year fixing, rate_on() depends only on the half-year of the day
// (the warning names the half-year too, and so does a letter's note): look
// each one up once, in a flat array by half-year (no hashing, no allocation
// once filled).
struct CachedRates {
  const Jurisdiction& j;
  // table: 0 legal, 1 B2B, 2 public buyer.
  struct Half {
    Date next;  // the next half-year's first day
    bool have[3] = {false, false, false};
    bool noted[3] = {false, false, false};
    RateOnDay rate[3];
    std::string note[3];
  };
  // The half-years from 60 years before today to the one after it
  // (accrual never passes today), and each day's half-year in that span
  // (a day's year and month cost more than the lookup).
  std::vector<Half> halves;
  Date first_day;
  std::vector<std::uint8_t> half_of_day;  // index in halves, from first_day on
  RateOnDay last;
  std::string last_note;
  CachedRates(const Jurisdiction& jj, Date today) : j(jj) {
    if (j.fixing != Fixing::half_year || !today.ok() || today.year() < 100) return;
    first_day = Date::from_ymd(today.year() - 60, 1, 1);
    for (Date d = first_day; d <= today; d = next_half_year_start(d)) {
      halves.emplace_back();
      halves.back().next = next_half_year_start(d);
      half_of_day.resize(static_cast<std::size_t>(halves.back().next - first_day),
                         static_cast<std::uint8_t>(halves.size() - 1));
    }
  }
  RateOnDay direct(Date day, int table) const {
    return table == 1 ? b2b_rate_on(j, day) : table == 2 ? public_rate_on(j, day) : legal_rate_on(j, day);
  }
  // The cached half-year of `day`, or null (daily fixing, out of range).
  Half* half(Date day) {
    const std::int64_t k = static_cast<std::int64_t>(day.serial()) - first_day.serial();
    if (half_of_day.empty() || k < 0 || k >= static_cast<std::int64_t>(half_of_day.size())) return nullptr;
    return &halves[half_of_day[static_cast<std::size_t>(k)]];
  }
  const RateOnDay& get(Date day, int table) {
    Half* h = half(day);
    if (!h) return last = direct(day, table);
    if (!h->have[table]) {
      h->rate[table] = direct(half_year_start(day), table);
      h->have[table] = true;
    }
    return h->rate[table];
  }
  const RateOnDay& b2b(Date day) { return get(day, 1); }
  const RateOnDay& legal(Date day) { return get(day, 0); }
  const RateOnDay& pub(Date day) { return get(day, 2); }
  // rate_note(t, r, day) for the rate `r` = get(day, table) (t: the table r comes from).
  const std::string& note(const RateTable& t, const RateOnDay& r, Date day, int table) {
    Half* h = half(day);
    if (!h) return last_note = rate_note(t, r, day);
    if (!h->noted[table]) {
      h->note[table] = rate_note(t, r, day);
      h->noted[table] = true;
    }
    return h->note[table];
  }
  Date next_half(Date day) {
    Half* h = half(day);
    return h ? h->next : next_half_year_start(day);
  }
};

// Detail: the lines, warnings and rate notes too; else only the figures
// (days late, interest, indemnity, total: the same ones), nothing allocated.
template <bool Detail, class Rates>
Penalties compute(const Jurisdiction& j, const PenaltyCase& c, Rates& rates, Scratch& s) {
  Penalties out;
  if (!c.until.ok()) return out;
  const bool business = c.kind == ClientKind::business;
  const int day_count = j.day_count > 0 ? j.day_count : 365;

  // Allocate the payments to the schedule, earliest parts first.
  std::vector<Obligation>& obligations = s.obligations;
  obligations.clear();
  for (const Instalment& part : c.schedule)
    if (part.amount > 0 && part.due.ok()) obligations.push_back({part.due, part.amount, 0, 0});
  const auto by_due = [](const Obligation& a, const Obligation& b) { return a.due < b.due; };
  if (!std::is_sorted(obligations.begin(), obligations.end(), by_due))
    std::stable_sort(obligations.begin(), obligations.end(), by_due);
  std::vector<PaymentEvent>& payments = s.payments;
  payments.clear();
  for (const PaymentEvent& p : c.payments)
    if (p.amount > 0 && p.date.ok() && p.date <= c.until) payments.push_back(p);
  const auto by_date = [](const PaymentEvent& a, const PaymentEvent& b) { return a.date < b.date; };
  if (!std::is_sorted(payments.begin(), payments.end(), by_date))
    std::stable_sort(payments.begin(), payments.end(), by_date);
  s.settled.clear();
  std::size_t k = 0;
  Cents left_in_k = obligations.empty() ? 0 : obligations[0].amount;
  for (const PaymentEvent& p : payments) {
    Cents amount = p.amount;
    while (amount > 0 && k < obligations.size()) {
      const Cents take = std::min(amount, left_in_k);
      if (obligations[k].count == 0) obligations[k].first = s.settled.size();
      s.settled.push_back({p.date, take});
      ++obligations[k].count;
      amount -= take;
      left_in_k -= take;
      if (left_in_k == 0 && ++k < obligations.size()) left_in_k = obligations[k].amount;
    }
  }

  const bool public_buyer = business && c.public_buyer != PublicBuyer::none && j.public_buyer;
  const Date judgment_from = judgment_rate_start(j, c.judgment_notified);
  if (Detail && c.judgment_notified.ok() && !j.judgment)
    warn_once(out, "Jugement notifié le " + to_fr(c.judgment_notified) + " : pas de majoration après jugement dans "
                   "les règles « " + j.name + " », le taux habituel continue de s'appliquer.");
  if (Detail && !business && !c.notice.ok() && !judgment_from.ok()) {
    warn_once(out, "Pas de mise en demeure enregistrée : envers un consommateur, les intérêts au taux légal ne "
                   "courent qu'à compter de la mise en demeure (Code civil 1344-1).");
  }
  // The table a segment's rate comes from, for the letters' notes.
  const RateTable& legal_table = j.consumer_margin ? j.reference : j.legal_rate;
  const auto note = [&](const RateTable& table, const RateOnDay& r, Date day, int index) {
    if constexpr (!Detail) return;
    const std::string& n = rates.note(table, r, day, index);
    if (!n.empty() && std::find(out.rate_notes.begin(), out.rate_notes.end(), n) == out.rate_notes.end())
      out.rate_notes.push_back(n);
  };

  for (const Obligation& ob : obligations) {
    const PaymentEvent* settled = s.settled.data() + ob.first;
    const std::size_t n_settled = ob.count;
    // The day this part was fully paid, or until if it is still owed.
    Cents owed = ob.amount;
    Date paid_on;
    for (std::size_t m = 0; m < n_settled; ++m) {
      owed -= settled[m].amount;
      if (owed <= 0) paid_on = settled[m].date;
    }
    const Date end = paid_on.ok() ? paid_on : c.until;
    out.days_late = std::max(out.days_late, end - ob.due);

    // Accrual starts the day after the due date (B2C: after the notice too).
    Date start = ob.due + 1;
    if (!business) {
      // After a judgment, interest runs at least from the increased rate on.
      if (c.notice.ok()) start = std::max(start, c.notice + 1);
      else if (judgment_from.ok()) start = std::max(start, judgment_from);
      else continue;
    }
    if (start > end) continue;

    // The balance of this part on `start`: payments up to the day before count.
    Cents base = ob.amount;
    std::size_t next = 0;
    while (next < n_settled && settled[next].date < start) base -= settled[next++].amount;

    Date from = start;
    while (from <= end && base > 0) {
      // The segment ends at the next payment day (a payment on day P leaves
      // the old balance owed through P), at the end of the rate period, or at
      // `end`.
      Date to = end;
      if (next < n_settled) to = std::min(to, settled[next].date);
      BasisPoints rate;
      const bool after_judgment = judgment_from.ok() && from >= judgment_from;
      if (judgment_from.ok() && !after_judgment) to = std::min(to, judgment_from - 1);
      if (after_judgment) {
        // The legal rate (the creditor is a professional: « autres cas »)
        // plus the judgment margin, whatever the rate before.
        const RateOnDay& r = rates.legal(from);
        rate = r.rate + j.judgment->margin;
        if constexpr (Detail) warn_once(out, r.warning);
        note(legal_table, r, from, 0);
        if (j.fixing == Fixing::half_year) to = std::min(to, rates.next_half(from) - 1);
      } else if (business && c.contractual_rate) {
        rate = *c.contractual_rate;
      } else {
        const RateOnDay& r = public_buyer ? rates.pub(from) : business ? rates.b2b(from) : rates.legal(from);
        rate = r.rate;
        if constexpr (Detail) warn_once(out, r.warning);
        note(business ? j.reference : legal_table, r, from, public_buyer ? 2 : business ? 1 : 0);
        if (j.fixing == Fixing::half_year) to = std::min(to, rates.next_half(from) - 1);
      }
      const int days = to - from + 1;
      const Cents amount = interest_cents(base, rate, days, day_count);
      if constexpr (Detail) out.lines.push_back({from, to, days, base, rate, amount, after_judgment});
      out.interest = saturating_add(out.interest, amount);
      // Payments made on `to` reduce the balance from the next day on.
      while (next < n_settled && settled[next].date <= to) base -= settled[next++].amount;
      from = to + 1;
    }
  }

  if (Detail && business && c.contractual_rate) {
    // The contractual rate may not be lower than three times the legal rate
    // (Code de commerce L441-10 II): check each half-year of the accrual.
    for (const PenaltyLine& line : out.lines) {
      if (line.judgment) continue;
      for (Date d = line.from; d <= line.to; d = next_half_year_start(d)) {
        const RateOnDay& legal = rates.legal(d);
        const BasisPoints floor = legal.rate * j.contractual_min_multiple;
        if (*c.contractual_rate < floor)
          warn_once(out, "Taux contractuel de " + format_rate_fr(*c.contractual_rate) + " inférieur à " +
                             std::to_string(j.contractual_min_multiple) + " fois le taux de l'intérêt légal (" +
                             format_rate_fr(floor) + " au " + to_fr(half_year_start(d)) +
                             ") : la clause peut être contestée.");
      }
    }
  }

  if (Detail && judgment_from.ok() && std::any_of(out.lines.begin(), out.lines.end(), [](const PenaltyLine& l) { return l.judgment; }))
    out.judgment_from = judgment_from;
  if (business && out.days_late > 0) {
    Cents debt = 0;
    for (const Obligation& ob : obligations) debt = saturating_add(debt, ob.amount);
    out.indemnity = indemnity_for(j, debt);
  }
  out.total = out.interest + out.indemnity;  // |interest| <= kMaxSum: no overflow
  return out;
}

// schedule(l, inv) into a reused buffer.
void fill_schedule(const Invoice& inv, std::vector<Instalment>& out) {
  out.clear();
  const Cents total = inv.ttc - inv.credited;
  if (inv.plan.empty()) {
    out.push_back({inv.due_date, total < 0 ? 0 : total});
    return;
  }
  Cents planned = 0;
  for (const Instalment& i : inv.plan) planned += i.amount;
  if (total > planned) out.push_back({inv.due_date, total - planned});
  // A credit note issued after the plan reduces the last instalments.
  Cents excess = planned > total ? planned - total : 0;
  const std::size_t from = out.size();
  for (const Instalment& i : inv.plan) out.push_back(i);
  for (std::size_t k = out.size(); k > from && excess > 0; --k) {
    const Cents cut = std::min(excess, out[k - 1].amount);
    out[k - 1].amount -= cut;
    excess -= cut;
  }
  out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(),
                           [](const Instalment& i) { return i.amount <= 0; }),
            out.end());
}

// invoice_penalties() with the notice given, the case's buffers reused.
template <bool Detail, class Rates>
Penalties penalties_of(const Ledger& l, const Jurisdiction& j, const Invoice& inv, Date today, Date notice,
                       const Client* client, Rates& rates, PenaltyCase& c, Scratch& s) {
  c.kind = client ? client->kind : ClientKind::business;
  c.public_buyer = client ? client->public_buyer : PublicBuyer::none;
  c.judgment_notified = inv.judgment_notified_on;
  fill_schedule(inv, c.schedule);
  c.payments.clear();
  for (const Payment& p : inv.payments) c.payments.push_back({p.date, p.amount});
  const auto settled = settled_on(l, inv);
  c.until = settled ? std::min(*settled, today) : today;
  c.contractual_rate = inv.contractual_rate;
  c.notice = c.kind == ClientKind::consumer ? notice : Date();
  Penalties p = compute<Detail>(j, c, rates, s);
  if (c.kind == ClientKind::consumer && !c.notice.ok() && p.days_late <= 0) p.warnings.clear();
  return p;
}

}  // namespace

Date judgment_rate_start(const Jurisdiction& j, Date notified) {
  if (!notified.ok() || !j.judgment) return Date();
  return add_months(notified, j.judgment->delay_months) + 1;
}

Penalties compute_penalties(const Jurisdiction& j, const PenaltyCase& c) {
  DirectRates rates{j, {}, {}};
  Scratch s;
  return compute<true>(j, c, rates, s);
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
  const ClientKind kind = client ? client->kind : ClientKind::business;
  const Date notice = kind == ClientKind::consumer ? formal_notice_date(l, inv) : Date();
  const Jurisdiction& j = client ? jurisdiction_for(l, *client) : jurisdiction(l);
  DirectRates rates{j, {}, {}};
  PenaltyCase c;
  Scratch s;
  return penalties_of<true>(l, j, inv, today, notice, client, rates, c, s);
}

// ============================================================ [ledger]
struct LedgerPenalties::State {
  CachedRates rates;
  PenaltyCase c;
  Scratch s;
};

LedgerPenalties::LedgerPenalties(const Ledger& l, Date today)
    : l_(l), today_(today), summary_(&agenda_summary(l)),
      state_(std::make_unique<State>(State{CachedRates(jurisdiction(l), today), {}, {}})) {
  // The ledger's summary (summary.h) knows each invoice's client position
  // and first formal notice: nothing to index here, no pass over the history.
}

LedgerPenalties::~LedgerPenalties() = default;

const InvoiceSummary* LedgerPenalties::row(const Invoice& inv) const {
  if (l_.invoices.empty() || &inv < l_.invoices.data() || &inv >= l_.invoices.data() + l_.invoices.size()) return nullptr;
  return &summary_->rows[static_cast<std::size_t>(&inv - l_.invoices.data())];
}

Date LedgerPenalties::notice(const Invoice& inv) const {
  const InvoiceSummary* r = row(inv);
  return r ? r->notice : formal_notice_date(l_, inv);
}

template <bool Detail>
Penalties LedgerPenalties::compute_for(const Invoice& inv) {
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) return {};
  const InvoiceSummary* r = row(inv);
  const Client* client = !r ? find_client(l_, inv.client) : r->client != UINT32_MAX ? &l_.clients[r->client] : nullptr;
  const ClientKind kind = client ? client->kind : ClientKind::business;
  const Date n = kind == ClientKind::consumer ? notice(inv) : Date();
  if (client && !client->law.empty()) {
    // A client under another law than the ledger's: its own tables, uncached.
    const Jurisdiction& j = jurisdiction_for(l_, *client);
    if (&j != &state_->rates.j) {
      DirectRates rates{j, {}, {}};
      return penalties_of<Detail>(l_, j, inv, today_, n, client, rates, state_->c, state_->s);
    }
  }
  return penalties_of<Detail>(l_, state_->rates.j, inv, today_, n, client, state_->rates, state_->c, state_->s);
}

Penalties LedgerPenalties::operator()(const Invoice& inv) { return compute_for<true>(inv); }

PenaltyTotals LedgerPenalties::totals(const Invoice& inv) {
  const Penalties p = compute_for<false>(inv);
  return {p.days_late, p.interest, p.indemnity, p.total};
}

std::vector<PenaltyTotals> LedgerPenalties::totals(const std::vector<const Invoice*>& invoices) {
  std::vector<PenaltyTotals> out;
  out.reserve(invoices.size());
  // The invoices are spread over the ledger, their payments and clients over
  // the heap: ask for them a few invoices ahead (an invoice's fields span
  // several cache lines: the first, its payments' vector, the last).
  constexpr std::size_t kAhead = 12, kDataAhead = 6;
  const std::size_t n = invoices.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (k + kAhead < n) {
      const Invoice* a = invoices[k + kAhead];
      __builtin_prefetch(&a->kind);
      __builtin_prefetch(&a->payments);
      __builtin_prefetch(&a->credited);
      if (const InvoiceSummary* r = row(*a)) __builtin_prefetch(r);
    }
    if (k + kDataAhead < n) {
      const Invoice* a = invoices[k + kDataAhead];
      __builtin_prefetch(a->payments.data());
      const InvoiceSummary* r = row(*a);
      if (r && r->client != UINT32_MAX) {
        __builtin_prefetch(&l_.clients[r->client].kind);
        __builtin_prefetch(&l_.clients[r->client].law);
      }
    }
    out.push_back(totals(*invoices[k]));
  }
  return out;
}

}  // namespace relance
