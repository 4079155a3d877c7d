// Reports, in one pass over the invoices. Contents:
//   [buckets]     aging buckets
//   [invoice]     what one invoice says: schedule, payments, due date, lateness
//   [indexes]     formal notices and credit notes, sorted once by invoice id
//   [dso]         month ends, receivables and sales at a day
//   [limitation]  when a claim becomes time-barred
//   [penalties]   the common case of compute_penalties() without its allocations
//   [report]      build_report, aging_only
//   [json]        report_json
#include "core/reports.h"

#include <algorithm>
#include <array>
#include <climits>

#include "core/penalties.h"

namespace relance {

// ============================================================ [buckets]
void AgingBuckets::add(int days_late, Cents amount) {
  if (days_late <= 0) not_due += amount;
  else if (days_late <= 30) d1_30 += amount;
  else if (days_late <= 60) d31_60 += amount;
  else if (days_late <= 90) d61_90 += amount;
  else over_90 += amount;
}

const char* to_string(LimitationStart s) {
  switch (s) {
    case LimitationStart::due_date: return "due_date";
    case LimitationStart::payment: return "payment";
    case LimitationStart::acknowledgement: return "acknowledgement";
    case LimitationStart::court_claim: return "court_claim";
  }
  return "?";
}

namespace {

// ============================================================ [invoice]
bool is_receivable(const Invoice& inv) { return inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued; }

// The invoice's schedule exactly as schedule() gives it (parts of zero left
// out), written into a buffer reused from one invoice to the next so the
// report allocates nothing per invoice.
void fill_schedule(const Invoice& inv, std::vector<Instalment>& out) {
  out.clear();
  const Cents total = inv.ttc - inv.credited;
  if (inv.plan.empty()) {
    if (total > 0) out.push_back({inv.due_date, total});
    return;
  }
  Cents planned = 0;
  for (const Instalment& i : inv.plan) planned += i.amount;
  if (total > planned) out.push_back({inv.due_date, total - planned});
  // A credit note after the plan cuts the last instalments: the same as
  // keeping the first ones up to what is still owed in total.
  Cents room = std::min(total, planned);
  for (const Instalment& i : inv.plan) {
    const Cents keep = std::max<Cents>(0, std::min(room, i.amount));
    if (keep > 0) out.push_back({i.due, keep});
    room -= keep;
  }
}

// Payments in date order, into a reused buffer (they are stored sorted by
// RecordPayment; a hand-edited file may not be).
void fill_payments(const Invoice& inv, std::vector<PaymentEvent>& out) {
  out.clear();
  for (const Payment& p : inv.payments) out.push_back({p.date, p.amount});
  auto by_date = [](const PaymentEvent& a, const PaymentEvent& b) { return a.date < b.date; };
  if (!std::is_sorted(out.begin(), out.end(), by_date)) std::stable_sort(out.begin(), out.end(), by_date);
}

struct InvoiceFacts {
  Cents paid = 0;     // all payments
  Cents balance = 0;  // as balance()
  Date due;           // as effective_due_date(), when balance > 0
  Date settled;       // as settled_on(), when balance <= 0
  // Largest (day the part was covered, or today) − its due date over the
  // parts of the schedule, payments dated up to today in date order applied
  // to the earliest parts first: compute_penalties()'s days_late.
  int worst_late = INT_MIN;
  bool parts_in_order = true;  // due dates never go back (compute_penalties sorts them)
};

InvoiceFacts invoice_facts(const Invoice& inv, const std::vector<Instalment>& parts,
                           const std::vector<PaymentEvent>& pays, Date today) {
  InvoiceFacts f;
  for (const PaymentEvent& p : pays) f.paid += p.amount;
  const Cents owed = inv.ttc - inv.credited;
  f.balance = owed - f.paid;

  if (f.balance > 0) {
    // effective_due_date(): payments, whatever their date, cover the earliest parts.
    Cents paid = f.paid;
    f.due = inv.due_date;
    for (const Instalment& part : parts) {
      if (paid >= part.amount) {
        paid -= part.amount;
        continue;
      }
      f.due = part.due;
      break;
    }
  } else {
    Cents sum = 0;
    for (const PaymentEvent& p : pays) {
      sum += p.amount;
      if (sum >= owed) {
        f.settled = p.date;
        break;
      }
    }
  }

  std::size_t k = 0;
  Cents left = 0;  // of payment k
  auto skip_empty = [&] {
    while (k < pays.size() && pays[k].date <= today && pays[k].amount <= 0) ++k;
    left = k < pays.size() ? pays[k].amount : 0;
  };
  skip_empty();
  Date prev;
  for (const Instalment& part : parts) {
    if (prev.ok() && part.due < prev) f.parts_in_order = false;
    prev = part.due;
    Cents need = part.amount;
    Date covered;
    while (need > 0 && k < pays.size() && pays[k].date <= today) {
      const Cents take = std::min(need, left);
      need -= take;
      left -= take;
      if (need == 0) covered = pays[k].date;
      if (left == 0) {
        ++k;
        skip_empty();
      }
    }
    const Date end = need == 0 ? covered : today;
    f.worst_late = std::max(f.worst_late, end - part.due);
  }
  return f;
}

// Where each client sits in l.clients, and its kind, in small arrays: the
// invoices visit clients in no order, and a Client is ~500 bytes, so reading
// l.clients per invoice would miss the cache every time.
class ClientSlots {
 public:
  explicit ClientSlots(const Ledger& l) : l_(l) {
    kinds_.reserve(l.clients.size());
    for (const Client& c : l.clients) kinds_.push_back(c.kind);
    // Ids are handed out 1, 2, 3...: a direct table unless they are sparse.
    const ClientId max_id = l.clients.empty() ? 0 : l.clients.back().id;
    if (max_id > 0 && max_id <= 2 * static_cast<ClientId>(l.clients.size()) + 1024) {
      by_id_.assign(static_cast<std::size_t>(max_id) + 1, -1);
      for (std::size_t i = 0; i < l.clients.size(); ++i)
        if (l.clients[i].id > 0) by_id_[static_cast<std::size_t>(l.clients[i].id)] = static_cast<std::int32_t>(i);
    }
  }
  // Position in l.clients, or -1.
  std::ptrdiff_t find(ClientId id) const {
    if (!by_id_.empty()) return id > 0 && static_cast<std::size_t>(id) < by_id_.size() ? by_id_[static_cast<std::size_t>(id)] : -1;
    const Client* c = find_client(l_, id);
    return c ? c - l_.clients.data() : -1;
  }
  ClientKind kind(std::ptrdiff_t i) const { return i >= 0 ? kinds_[static_cast<std::size_t>(i)] : ClientKind::business; }

 private:
  const Ledger& l_;
  std::vector<ClientKind> kinds_;
  std::vector<std::int32_t> by_id_;
};

// ============================================================ [indexes]
// Sorted by invoice id, then date: walked alongside l.invoices (sorted by id).
struct Dated {
  InvoiceId invoice = 0;
  Date date;
  Cents amount = 0;
  bool operator<(const Dated& o) const { return invoice != o.invoice ? invoice < o.invoice : date < o.date; }
};

// Formal notices (registered letters, not voided), one history pass: B2C
// legal interest runs from the earliest one (formal_notice_date()).
std::vector<Dated> notice_index(const Ledger& l) {
  std::vector<Dated> out;
  for (const HistoryEntry& h : l.history) {
    if (h.voided || h.kind != ActionKind::reminder || h.channel != Channel::registered_notice) continue;
    for (InvoiceId id : h.invoices) out.push_back({id, h.date, 0});
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Issued credit notes by the invoice they reduce, with their dates: the
// receivables at a past month end count only those issued by then.
std::vector<Dated> credit_index(const Ledger& l) {
  std::vector<Dated> out;
  for (const Invoice& inv : l.invoices)
    if (inv.kind == InvoiceKind::credit_note && inv.state == Lifecycle::issued && inv.credits != 0)
      out.push_back({inv.credits, inv.issue_date, inv.ttc});
  std::sort(out.begin(), out.end());
  return out;
}

// The entries of a sorted index for one invoice, advancing a cursor (the
// invoices come in increasing id order).
struct Cursor {
  const std::vector<Dated>& items;
  std::size_t pos = 0;
  std::pair<const Dated*, const Dated*> take(InvoiceId id) {
    while (pos < items.size() && items[pos].invoice < id) ++pos;
    const std::size_t first = pos;
    while (pos < items.size() && items[pos].invoice == id) ++pos;
    return {items.data() + first, items.data() + pos};
  }
};

// ============================================================ [dso]
constexpr int kDsoWindow = 90;
constexpr int kDsoMonths = 12;

std::optional<int> dso_of(Cents receivables, Cents sales) {
  if (sales <= 0) return std::nullopt;
  return static_cast<int>(round_div(static_cast<__int128>(receivables) * kDsoWindow, sales));
}

bool in_sales_window(Date issue, Date at) { return issue <= at && at - issue < kDsoWindow; }

// The last 12 month ends up to today (today itself when it is one), oldest first.
std::array<Date, kDsoMonths> month_ends(Date today) {
  std::array<Date, kDsoMonths> out;
  Date m = end_of_month(today) == today ? today : start_of_month(today) - 1;
  for (int i = kDsoMonths - 1; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = m;
    m = start_of_month(m) - 1;
  }
  return out;
}

// Adds what the invoice owed at each month end and its sales to the windows.
void add_dso_history(const Invoice& inv, const std::vector<PaymentEvent>& pays, const Dated* credits,
                     const Dated* credits_end, const std::array<Date, kDsoMonths>& ends,
                     std::array<Cents, kDsoMonths>& receivables, std::array<Cents, kDsoMonths>& sales) {
  if (inv.state == Lifecycle::cancelled) return;  // never a sale, never a receivable
  if (inv.issue_date > ends.back()) return;
  if (inv.issue_date > ends.front() - kDsoWindow)
    for (std::size_t k = 0; k < ends.size(); ++k)
      if (in_sales_window(inv.issue_date, ends[k])) sales[k] += inv.ttc;
  // Written off on or before a month end: no longer a receivable there.
  const Date closed = inv.state == Lifecycle::written_off ? inv.closed_on : Date();
  if (closed.ok() && closed <= ends.front()) return;
  // Most invoices were settled before the first month end: nothing to add.
  Date last_event;
  Cents left = inv.ttc;
  for (const PaymentEvent& pe : pays) {
    left -= pe.amount;
    last_event = std::max(last_event, pe.date);
  }
  for (const Dated* c = credits; c != credits_end; ++c) {
    left -= c->amount;
    last_event = std::max(last_event, c->date);
  }
  if (left <= 0 && last_event <= ends.front()) return;
  std::size_t p = 0;
  const Dated* c = credits;
  Cents owed = inv.ttc;
  for (std::size_t k = 0; k < ends.size(); ++k) {
    const Date m = ends[k];
    while (p < pays.size() && pays[p].date <= m) owed -= pays[p++].amount;
    while (c != credits_end && c->date <= m) owed -= (c++)->amount;
    if (inv.issue_date > m || (closed.ok() && closed <= m)) continue;
    if (owed > 0) receivables[k] += owed;
  }
}

// ============================================================ [limitation]
const char* kind_words(ClientKind k) { return k == ClientKind::business ? "professionnel" : "particulier"; }

std::string limitation_message(const LimitationWarning& w, ClientKind kind) {
  const std::string from = limitation_start_words(w.start_kind);
  const std::string why = " (" + std::to_string(w.years) + " ans, " + kind_words(kind) + " ; " + from +
                          to_fr(w.start) + ")";
  if (w.expired)
    return w.number + " : prescrite depuis le " + to_fr(w.limit) + why +
           " — action en justice impossible ; seul un paiement volontaire ou une reconnaissance de dette du client "
           "reste possible";
  return w.number + " : prescrite le " + to_fr(w.limit) + why +
         " — agissez avant : injonction de payer ou reconnaissance de dette (une mise en demeure n'interrompt pas "
         "la prescription)";
}

// The warning for an open invoice, or none if its limit is still further
// than the warning window.
std::optional<LimitationWarning> limitation_for(const Invoice& inv, Date due, const std::vector<PaymentEvent>& pays,
                                                ClientKind kind, const Jurisdiction& j, int warning_days,
                                                Date today) {
  LimitationWarning w;
  const LimitationStartDay s = limitation_start(inv, due, pays, today);  // the rule of core/limitation.h
  w.start = s.start;
  w.start_kind = s.kind;
  w.years = limitation_years(j, kind);
  // Cheap rejection first: n years are at least 365 × n − 1 days (29 February).
  if (w.start + (365 * w.years - 1) - warning_days > today) return std::nullopt;
  w.limit = add_years(w.start, w.years);
  if (today < w.limit - warning_days) return std::nullopt;
  w.invoice = inv.id;
  w.number = inv.number;
  w.client = inv.client;
  w.days_left = w.limit - today;
  w.expired = today >= w.limit;
  w.message = limitation_message(w, kind);
  return w;
}

// ============================================================ [penalties]
// The common case, computed without compute_penalties(): a single due date
// (no payment plan), no contractual rate, half-year fixing. The segments are
// the ones compute_penalties() makes (from the day after the due date, B2C
// after the notice too, cut at each payment and each half-year, each rounded
// to the cent), but the rates are looked up once per half-year instead of
// once per segment, and nothing is allocated: compute_penalties() spends
// most of its time formatting rate warnings. Plans and contractual rates go
// through compute_penalties(). Tests check both give the same totals.
class FastPenalties {
 public:
  FastPenalties(const Jurisdiction& j, Date today) : j_(j), day_count_(j.day_count > 0 ? j.day_count : 365) {
    if (j.fixing != Fixing::half_year) return;
    // Half-year starts from 40 years back to the one after today (accrual never passes today).
    for (int y = today.year() - 40; y <= today.year(); ++y) {
      starts_.push_back(Date::from_ymd(y, 1, 1));
      starts_.push_back(Date::from_ymd(y, 7, 1));
    }
    starts_.push_back(Date::from_ymd(today.year() + 1, 1, 1));
    b2b_.resize(starts_.size() - 1);
    legal_.resize(starts_.size() - 1);
  }

  // The penalties of `c` (total: interest + indemnity); warnings each once into `warnings`.
  Cents total(const PenaltyCase& c, std::vector<std::string>& warnings) {
    if (std::optional<Cents> fast = simple_total(c, warnings)) return *fast;
    const Penalties p = compute_penalties(j_, c);
    if (p.total != 0)
      for (const std::string& w : p.warnings) warn_once(warnings, w);
    return p.total;
  }

 private:
  struct Rate {
    bool known = false;
    BasisPoints rate = 0;
  };

  static void warn_once(std::vector<std::string>& out, const std::string& w) {
    if (!w.empty() && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
  }

  BasisPoints rate(std::size_t i, bool business, std::vector<std::string>& warnings) {
    Rate& r = business ? b2b_[i] : legal_[i];
    if (!r.known) {
      const RateOnDay found = business ? b2b_rate_on(j_, starts_[i]) : legal_rate_on(j_, starts_[i]);
      r = {true, found.rate};
      warn_once(warnings, found.warning);
    }
    return r.rate;
  }

  std::optional<Cents> simple_total(const PenaltyCase& c, std::vector<std::string>& warnings) {
    // Public buyers, judgments and tiered indemnities: compute_penalties().
    if (starts_.empty() || c.contractual_rate || c.schedule.size() != 1) return std::nullopt;
    if (c.public_buyer != PublicBuyer::none || c.judgment_notified.ok() || !j_.indemnity_tiers.empty()) return std::nullopt;
    const Instalment& part = c.schedule[0];
    if (part.amount <= 0 || !part.due.ok() || !c.until.ok()) return std::nullopt;
    const bool business = c.kind == ClientKind::business;
    if (!business && !c.notice.ok()) return std::nullopt;  // compute_penalties() says why
    const std::vector<PaymentEvent>& pays = c.payments;
    const std::size_t n = pays.size();
    auto counts = [&](std::size_t k) { return pays[k].amount > 0 && pays[k].date <= c.until; };
    auto next_counted = [&](std::size_t k) {
      while (k < n && !counts(k)) ++k;
      return k;
    };

    // The day payments (in date order) covered the whole amount ends the accrual.
    Cents left = part.amount;
    Date paid_on;
    Date prev;
    for (std::size_t k = next_counted(0); k < n; k = next_counted(k + 1)) {
      if (prev.ok() && pays[k].date < prev) return std::nullopt;  // unsorted: let compute_penalties() sort
      prev = pays[k].date;
      if (left > 0) {
        left -= std::min(pays[k].amount, left);
        if (left == 0) paid_on = pays[k].date;
      }
    }
    const Date end = paid_on.ok() ? paid_on : c.until;
    Cents total = business && end - part.due > 0 ? j_.indemnity : 0;
    Date from = part.due + 1;
    if (!business) from = std::max(from, c.notice + 1);
    if (from > end) return total;

    // Each payment takes what is left of the amount; payments before the
    // start of accrual lower the base, later ones cut the segments (a payment
    // on day P leaves the old balance owed through P).
    Cents cover = part.amount;
    auto take = [&](std::size_t k) {
      const Cents t = std::min(pays[k].amount, cover);
      cover -= t;
      return t;
    };
    Cents base = part.amount;
    std::size_t k = next_counted(0);
    while (k < n && cover > 0 && pays[k].date < from) {
      base -= take(k);
      k = next_counted(k + 1);
    }
    auto it = std::upper_bound(starts_.begin(), starts_.end(), from);
    if (it == starts_.begin() || it == starts_.end()) return std::nullopt;
    std::size_t i = static_cast<std::size_t>(it - starts_.begin()) - 1;
    while (from <= end && base > 0) {
      while (i + 1 < starts_.size() && starts_[i + 1] <= from) ++i;
      if (i + 1 >= starts_.size()) return std::nullopt;
      Date to = std::min(end, starts_[i + 1] - 1);
      if (k < n && cover > 0) to = std::min(to, pays[k].date);
      const int days = to - from + 1;
      total = saturating_add(total, interest_cents(base, rate(i, business, warnings), days, day_count_));
      while (k < n && cover > 0 && pays[k].date <= to) {
        base -= take(k);
        k = next_counted(k + 1);
      }
      from = to + 1;
    }
    return total;
  }

  const Jurisdiction& j_;
  int day_count_;
  std::vector<Date> starts_;  // half-year starts, in order
  std::vector<Rate> b2b_;     // per half-year, looked up on first use
  std::vector<Rate> legal_;
};

// ============================================================ [report]
constexpr std::size_t kLookahead = 8;

// Per client, only what the pass adds up (the names come at the end).
struct ClientAcc {
  AgingBuckets aging;
  Cents penalties = 0;
  std::int64_t paid_days = 0;
  std::int64_t open_days = 0;
  __int128 weight = 0;
  int open_invoices = 0;
  int late_invoices = 0;
  int paid_invoices = 0;
  int paid_late_invoices = 0;
  int max_days_late = 0;
  bool seen = false;
};

int average_x10(std::int64_t sum, int count) {
  return count > 0 ? static_cast<int>(round_div(static_cast<__int128>(sum) * 10, count)) : 0;
}

}  // namespace

AgingBuckets aging_only(const Ledger& l, Date today) {
  // The summaries of the open invoices (summary.h) hold the balance and
  // the effective due date: the paid ones are not even looked at.
  const AgendaSummary& s = agenda_summary(l);
  AgingBuckets a;
  for (const std::uint32_t i : s.open) {
    const InvoiceSummary& r = s.rows[i];
    if ((r.flags & InvoiceSummary::issued) && r.owed > 0) a.add(today - r.due, r.owed);
  }
  if (summary_check() && !(a == aging_only_reference(l, today)))
    summary_check_failed("aging_only: the summary's aging differs from the full recompute");
  return a;
}

AgingBuckets aging_only_reference(const Ledger& l, Date today) {
  AgingBuckets a;
  for (const Invoice& inv : l.invoices) {
    if (!is_receivable(inv)) continue;
    Cents paid = 0;
    for (const Payment& p : inv.payments) paid += p.amount;
    const Cents owed = inv.ttc - inv.credited;
    if (owed - paid <= 0) continue;
    // effective_due_date() without building the schedule.
    Date due = inv.due_date;
    if (!inv.plan.empty()) {
      Cents planned = 0;
      for (const Instalment& i : inv.plan) planned += i.amount;
      const Cents before = owed > planned ? owed - planned : 0;  // left on the original due date
      if (paid >= before) {
        Cents left = paid - before;
        Cents room = std::min(owed, planned);
        for (const Instalment& i : inv.plan) {
          const Cents keep = std::max<Cents>(0, std::min(room, i.amount));
          room -= keep;
          if (keep <= 0) continue;
          if (left >= keep) {
            left -= keep;
            continue;
          }
          due = i.due;
          break;
        }
      }
    }
    a.add(today - due, owed - paid);
  }
  return a;
}

Report build_report(const Ledger& l, Date today) {
  Report r;
  r.today = today;
  const Jurisdiction& j = jurisdiction(l);
  const int warning_days = l.settings.limitation_warning_days;

  const std::vector<Dated> notices = notice_index(l);
  const std::vector<Dated> credits = credit_index(l);
  Cursor notice_cursor{notices};
  Cursor credit_cursor{credits};

  const std::array<Date, kDsoMonths> ends = month_ends(today);
  std::array<Cents, kDsoMonths> dso_receivables{};
  std::array<Cents, kDsoMonths> dso_sales{};
  Cents sales_now = 0;

  const ClientSlots slots(l);
  std::vector<ClientAcc> acc(l.clients.size());
  FastPenalties penalties(j, today);
  PenaltyCase pc;  // its buffers are reused: no allocation per invoice
  std::vector<PaymentEvent>& pays = pc.payments;
  std::vector<Instalment>& parts = pc.schedule;

  const std::size_t count = l.invoices.size();
  for (std::size_t at = 0; at < count; ++at) {
    // The per-client lines are hit in no order: ask for the one of a later
    // invoice now so it is in the cache by then.
    if (at + kLookahead < count) {
      const std::ptrdiff_t ahead = slots.find(l.invoices[at + kLookahead].client);
      if (ahead >= 0) __builtin_prefetch(&acc[static_cast<std::size_t>(ahead)]);
    }
    const Invoice& inv = l.invoices[at];
    if (inv.kind != InvoiceKind::invoice || inv.state == Lifecycle::draft) continue;
    const auto [c_first, c_end] = credit_cursor.take(inv.id);
    const auto [n_first, n_end] = notice_cursor.take(inv.id);
    fill_payments(inv, pays);
    add_dso_history(inv, pays, c_first, c_end, ends, dso_receivables, dso_sales);
    if (inv.state != Lifecycle::cancelled && in_sales_window(inv.issue_date, today)) sales_now += inv.ttc;

    if (inv.state == Lifecycle::written_off) {
      Cents paid = 0;
      for (const PaymentEvent& p : pays) paid += p.amount;
      r.written_off += std::max<Cents>(0, inv.ttc - inv.credited - paid);
      continue;
    }
    if (inv.state != Lifecycle::issued) continue;

    fill_schedule(inv, parts);
    const InvoiceFacts f = invoice_facts(inv, parts, pays, today);
    const std::ptrdiff_t ci = slots.find(inv.client);
    ClientAcc* a = ci >= 0 ? &acc[static_cast<std::size_t>(ci)] : nullptr;
    const ClientKind kind = slots.kind(ci);
    const Client* client = ci >= 0 ? &l.clients[static_cast<std::size_t>(ci)] : nullptr;
    // A client under another law than the company's (Client::law).
    const Jurisdiction& cj = client && !client->law.empty() ? jurisdiction_for(l, *client) : j;

    if (f.balance > 0) {
      const int late = today - f.due;
      r.aging.add(late, f.balance);
      ++r.open_invoices;
      if (has_open_dispute(inv)) r.disputed_balance += f.balance;
      if (a) {
        a->seen = true;
        a->aging.add(late, f.balance);
        ++a->open_invoices;
        if (late > 0) {
          ++a->late_invoices;
          a->open_days += late;
          a->max_days_late = std::max(a->max_days_late, late);
          a->weight += static_cast<__int128>(f.balance) * late;
        }
      }
      if (auto w = limitation_for(inv, f.due, pays, kind, cj, warning_days, today)) r.limitations.push_back(std::move(*w));
    } else if (a && f.settled.ok() && f.settled <= today && today - f.settled < 365) {
      a->seen = true;
      ++a->paid_invoices;
      const int late = std::max(0, f.worst_late);
      if (late > 0) ++a->paid_late_invoices;
      a->paid_days += late;
    }

    // Penalties: nothing accrues unless some part was (or is) paid after its
    // due date; consumers owe interest only after a formal notice.
    const Date notice = n_first != n_end ? n_first->date : Date();
    if ((f.worst_late > 0 || !f.parts_in_order) &&
        (kind == ClientKind::business || notice.ok() || inv.judgment_notified_on.ok())) {
      pc.kind = kind;
      pc.until = f.balance <= 0 && f.settled.ok() ? std::min(f.settled, today) : today;
      pc.contractual_rate = inv.contractual_rate;
      pc.notice = kind == ClientKind::consumer ? notice : Date();
      pc.public_buyer = client ? client->public_buyer : PublicBuyer::none;
      pc.judgment_notified = inv.judgment_notified_on;
      Cents total = 0;
      if (&cj == &j) {
        total = penalties.total(pc, r.warnings);
      } else {
        const Penalties p = compute_penalties(cj, pc);
        total = p.total;
        if (p.total != 0)
          for (const std::string& w : p.warnings)
            if (std::find(r.warnings.begin(), r.warnings.end(), w) == r.warnings.end()) r.warnings.push_back(w);
      }
      if (total != 0) {
        r.penalties_claimable = saturating_add(r.penalties_claimable, total);
        if (a) {
          a->seen = true;
          a->penalties = saturating_add(a->penalties, total);
        }
      }
    }
  }

  r.open_balance = r.aging.total();
  r.dso_days = dso_of(r.open_balance, sales_now);
  for (std::size_t k = 0; k < ends.size(); ++k)
    r.dso_history.push_back({ends[k], dso_receivables[k], dso_sales[k], dso_of(dso_receivables[k], dso_sales[k])});

  // Sort positions, then build the reports in order (cheaper than moving reports around).
  std::vector<std::pair<Cents, std::uint32_t>> order;  // open balance, position in l.clients
  for (std::size_t i = 0; i < acc.size(); ++i)
    if (acc[i].seen) order.emplace_back(acc[i].aging.total(), static_cast<std::uint32_t>(i));
  std::sort(order.begin(), order.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first) return x.first > y.first;
    const Client& cx = l.clients[x.second];
    const Client& cy = l.clients[y.second];
    if (cx.name != cy.name) return cx.name < cy.name;
    return cx.id < cy.id;
  });
  r.clients.reserve(order.size());
  for (const auto& [open, i] : order) {
    const ClientAcc& a = acc[i];
    const Client& c = l.clients[i];
    ClientReport cr;
    cr.client = c.id;
    cr.name = c.name;
    cr.kind = c.kind;
    cr.aging = a.aging;
    cr.open_balance = open;
    cr.open_invoices = a.open_invoices;
    cr.late_invoices = a.late_invoices;
    cr.paid_invoices = a.paid_invoices;
    cr.paid_late_invoices = a.paid_late_invoices;
    cr.avg_days_late_paid_x10 = average_x10(a.paid_days, a.paid_invoices);
    cr.avg_days_late_open_x10 = average_x10(a.open_days, a.late_invoices);
    cr.max_days_late = a.max_days_late;
    cr.penalties_claimable = a.penalties;
    cr.late_weight = a.weight > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(a.weight);
    cr.bad_payer = c.bad_payer;
    r.clients.push_back(std::move(cr));
  }

  std::vector<const ClientReport*> late;
  for (const ClientReport& c : r.clients)
    if (c.late_weight > 0 || c.paid_late_invoices > 0) late.push_back(&c);
  std::sort(late.begin(), late.end(), [](const ClientReport* x, const ClientReport* y) {
    if (x->late_weight != y->late_weight) return x->late_weight > y->late_weight;
    if (x->avg_days_late_paid_x10 != y->avg_days_late_paid_x10)
      return x->avg_days_late_paid_x10 > y->avg_days_late_paid_x10;
    return x->client < y->client;
  });
  for (const ClientReport* c : late) r.late_payers.push_back(c->client);

  std::sort(r.limitations.begin(), r.limitations.end(), [](const LimitationWarning& x, const LimitationWarning& y) {
    if (x.limit != y.limit) return x.limit < y.limit;
    return x.number < y.number;
  });
  return r;
}

// ============================================================ [json]
namespace {

Json optional_int(const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); }
Json average_or_null(int value_x10, int count) { return count > 0 ? Json(value_x10) : Json(nullptr); }

}  // namespace

Json aging_json(const AgingBuckets& a) {
  return {{"not_due", format_decimal(a.not_due)}, {"d1_30", format_decimal(a.d1_30)},
          {"d31_60", format_decimal(a.d31_60)},   {"d61_90", format_decimal(a.d61_90)},
          {"over_90", format_decimal(a.over_90)}, {"total", format_decimal(a.total())}};
}

Json report_json(const Report& r) {
  Json history = Json::array();
  for (const DsoPoint& p : r.dso_history)
    history.push_back({{"month_end", to_iso(p.month_end)},
                       {"receivables", format_decimal(p.receivables)},
                       {"sales", format_decimal(p.sales)},
                       {"dso_days", optional_int(p.dso_days)}});
  Json clients = Json::array();
  for (const ClientReport& c : r.clients)
    clients.push_back({{"id", c.client},
                       {"name", c.name},
                       {"kind", to_string(c.kind)},
                       {"bad_payer", c.bad_payer},
                       {"open_balance", format_decimal(c.open_balance)},
                       {"open_invoices", c.open_invoices},
                       {"late_invoices", c.late_invoices},
                       {"max_days_late", c.max_days_late},
                       {"avg_days_late_open_x10", average_or_null(c.avg_days_late_open_x10, c.late_invoices)},
                       {"paid_invoices", c.paid_invoices},
                       {"paid_late_invoices", c.paid_late_invoices},
                       {"avg_days_late_paid_x10", average_or_null(c.avg_days_late_paid_x10, c.paid_invoices)},
                       {"penalties_claimable", format_decimal(c.penalties_claimable)},
                       {"late_weight", c.late_weight},
                       {"aging", aging_json(c.aging)}});
  Json limitations = Json::array();
  for (const LimitationWarning& w : r.limitations)
    limitations.push_back({{"invoice", w.invoice},
                           {"number", w.number},
                           {"client", w.client},
                           {"start", to_iso(w.start)},
                           {"start_kind", to_string(w.start_kind)},
                           {"years", w.years},
                           {"limit", to_iso(w.limit)},
                           {"days_left", w.days_left},
                           {"expired", w.expired},
                           {"message", w.message}});
  Json late = Json::array();
  for (ClientId id : r.late_payers) late.push_back(id);
  return {{"today", to_iso(r.today)},
          {"open_invoices", r.open_invoices},
          {"open_balance", format_decimal(r.open_balance)},
          {"aging", aging_json(r.aging)},
          {"disputed_balance", format_decimal(r.disputed_balance)},
          {"written_off", format_decimal(r.written_off)},
          {"penalties_claimable", format_decimal(r.penalties_claimable)},
          {"dso_days", optional_int(r.dso_days)},
          {"dso_history", history},
          {"late_payers", late},
          {"clients", clients},
          {"limitations", limitations},
          {"warnings", r.warnings}};
}

}  // namespace relance
