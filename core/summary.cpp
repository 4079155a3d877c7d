#include "core/summary.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "core/ledger.h"
#include "core/limitation.h"
#include "core/positions.h"

namespace relance {

namespace {

using detail::kNone;

bool g_check = false;
const Date kFarFuture = Date::from_ymd(9999, 12, 31);

// The years after which a debt may be time-barred at the earliest, per
// client (jurisdiction_for() looks a law pack up by name).
int earliest_limitation_years(const Jurisdiction& j) { return std::min(j.b2b_limitation_years, j.b2c_limitation_years); }

// The invoice's own part of its summary (all but what the history says).
void fill_invoice(const Ledger& l, const Invoice& inv, std::uint32_t client, int years, InvoiceSummary& r) {
  r.owed = 0;
  r.due = r.limit_check = r.limit = r.limit_known = r.promised_for = r.settled = Date();
  r.client = client;
  r.flags &= static_cast<std::uint8_t>(~(InvoiceSummary::issued | InvoiceSummary::blocked | InvoiceSummary::not_chased));
  if (client != kNone && l.clients[client].do_not_chase) r.flags |= InvoiceSummary::not_chased;
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) return;
  r.flags |= InvoiceSummary::issued;
  r.owed = inv.ttc - inv.credited - paid_amount(inv);
  if (has_open_dispute(inv) || inv.paused) r.flags |= InvoiceSummary::blocked;
  if (!inv.promises.empty()) r.promised_for = inv.promises.back().promised_for;
  if (r.owed > 0) {
    r.due = inv.plan.empty() ? inv.due_date : effective_due_date(l, inv);
  } else if (const auto settled = settled_on(l, inv)) {
    r.settled = *settled;
  }
  // time_barred()'s own cheap rejection, made a date.
  if (inv.due_date.ok()) {
    Date earliest = inv.due_date;
    for (const Instalment& i : inv.plan)
      if (i.due.ok()) earliest = std::min(earliest, i.due);
    r.limit_check = earliest + (365 * years - 1);
    if (r.owed > 0) {
      // Once every event that restarts the period is past, the limit no
      // longer depends on the day asked about.
      Date known = inv.court_claim_on;
      for (const Payment& p : inv.payments)
        if (p.amount > 0 && (!known.ok() || p.date > known)) known = p.date;
      for (const Promise& p : inv.promises)
        if (p.acknowledges_debt && p.made_on.ok() && (!known.ok() || p.made_on > known)) known = p.made_on;
      r.limit_known = known.ok() ? known : r.limit_check;
      if (const auto lim = invoice_limitation(l, inv, kFarFuture)) r.limit = lim->limit;
    }
  }
}

// A history entry (reminder or thank-you, not voided) for the invoice of `r`,
// whose client follows `chain` (possibly null).
void add_entry(const HistoryEntry& h, const Chain* chain, InvoiceSummary& r) {
  if (h.kind == ActionKind::thanks) {
    r.flags |= InvoiceSummary::thanked;
    return;
  }
  r.flags |= InvoiceSummary::reminded;
  if (!r.last_action.ok() || h.date > r.last_action) r.last_action = h.date;
  if (h.channel == Channel::registered_notice && (!r.notice.ok() || h.date < r.notice)) r.notice = h.date;
  if (chain && h.step >= 0 && !h.chain_id.empty() && h.chain_id == chain->id)
    r.last_step = static_cast<std::int16_t>(std::max<int>(r.last_step, std::min(h.step, 32767)));
}

bool counts(const HistoryEntry& h) {
  return !h.voided && (h.kind == ActionKind::reminder || h.kind == ActionKind::thanks);
}

void list_if_open(AgendaSummary& s, std::uint32_t at) {
  InvoiceSummary& r = s.rows[at];
  if (!r.open() || (r.flags & InvoiceSummary::listed)) return;
  r.flags |= InvoiceSummary::listed;
  if (!s.open.empty() && s.open.back() > at) s.open_sorted = false;
  s.open.push_back(at);
}

// Puts history entry `k` first in the list of the entries of row `at`.
void link_row(AgendaSummary& s, std::uint32_t k, std::uint32_t at) {
  s.history_links.push_back({k, s.history_head[at]});
  s.history_head[at] = static_cast<std::uint32_t>(s.history_links.size() - 1);
}

// Links history entry `k` to the invoices it names (rows found by `row_of`).
template <class RowOf>
void link_entry(AgendaSummary& s, const HistoryEntry& h, std::uint32_t k, const RowOf& row_of) {
  for (InvoiceId id : h.invoices) {
    const std::uint32_t at = row_of(id);
    if (at == kNone || at >= s.history_head.size()) {
      s.unlinked.emplace_back(k, id);
      continue;
    }
    link_row(s, k, at);
  }
}

void sync_sizes(const Ledger& l, AgendaSummary& s) {
  s.invoices = l.invoices.size();
  s.clients = l.clients.size();
  s.history = l.history.size();
}

std::uint32_t client_position(const Ledger& l, ClientId id) {
  const Client* c = find_client(l, id);
  return c ? static_cast<std::uint32_t>(c - l.clients.data()) : kNone;
}

int years_for(const Ledger& l, std::uint32_t client) {
  return earliest_limitation_years(client != kNone ? jurisdiction_for(l, l.clients[client]) : jurisdiction(l));
}

// The summary of l.invoices[at] from scratch. A new invoice is named by no
// entry, unless one was recorded before its id was an invoice's: those are
// the unlinked ones, linked to it now.
void fill_new(const Ledger& l, AgendaSummary& s, std::uint32_t at) {
  InvoiceSummary& r = s.rows[at];
  const Invoice& inv = l.invoices[at];
  const std::uint32_t client = client_position(l, inv.client);
  fill_invoice(l, inv, client, years_for(l, client), r);
  const Chain* chain = client != kNone ? chain_for(l, l.clients[client]) : nullptr;
  std::erase_if(s.unlinked, [&](const std::pair<std::uint32_t, std::int64_t>& u) {
    if (u.second != inv.id) return false;
    const HistoryEntry& h = l.history[u.first];
    if (counts(h)) add_entry(h, chain, r);
    link_row(s, u.first, at);
    return true;
  });
}

// The kept summary when it is there and in step with the ledger's sizes.
AgendaSummary* kept(const Ledger& l) {
  AgendaSummary* s = l.summary.get();
  if (s && (s->invoices != l.invoices.size() || s->clients != l.clients.size())) {
    l.summary.reset();
    return nullptr;
  }
  return s;
}

}  // namespace

AgendaSummary build_summary(const Ledger& l) {
  AgendaSummary s;
  const std::size_t n = l.invoices.size();
  s.rows.resize(n);
  const detail::Positions<Client> client_at(l.clients);
  const detail::Positions<Invoice> invoice_at(l.invoices);
  std::vector<int> years(l.clients.size(), -1);
  std::vector<const Chain*> chains(l.clients.size(), nullptr);
  std::vector<bool> chain_known(l.clients.size(), false);
  const int company_years = earliest_limitation_years(jurisdiction(l));
  for (std::size_t i = 0; i < n; ++i) {
    const Invoice& inv = l.invoices[i];
    const std::uint32_t c = client_at(inv.client);
    int y = company_years;
    if (c != kNone) {
      if (years[c] < 0) years[c] = earliest_limitation_years(jurisdiction_for(l, l.clients[c]));
      y = years[c];
    }
    fill_invoice(l, inv, c, y, s.rows[i]);
  }
  const std::size_t m = l.history.size();
  s.history_head.assign(n, kNone);
  for (std::size_t k = 0; k < m; ++k) {
    if (k + 16 < m) __builtin_prefetch(l.history[k + 16].invoices.data());
    const HistoryEntry& h = l.history[k];
    link_entry(s, h, static_cast<std::uint32_t>(k), invoice_at);
    if (!counts(h)) continue;
    for (InvoiceId id : h.invoices) {
      const std::uint32_t at = invoice_at(id);
      if (at == kNone) continue;
      InvoiceSummary& r = s.rows[at];
      const Chain* chain = nullptr;
      if (r.client != kNone) {
        if (!chain_known[r.client]) {
          chains[r.client] = chain_for(l, l.clients[r.client]);
          chain_known[r.client] = true;
        }
        chain = chains[r.client];
      }
      add_entry(h, chain, r);
    }
  }
  for (std::uint32_t i = 0; i < n; ++i) list_if_open(s, i);
  sync_sizes(l, s);
  return s;
}

const AgendaSummary& agenda_summary(const Ledger& l) {
  AgendaSummary* s = kept(l);
  if (s && s->history != l.history.size()) s = nullptr;
  if (!s) {
    l.summary.set(std::make_unique<AgendaSummary>(build_summary(l)));
    s = l.summary.get();
  }
  if (!s->open_sorted) {
    // Commands appended out of order: sort, and leave out what closed since.
    std::sort(s->open.begin(), s->open.end());
    std::erase_if(s->open, [&](std::uint32_t at) {
      InvoiceSummary& r = s->rows[at];
      if (r.open()) return false;
      r.flags &= static_cast<std::uint8_t>(~InvoiceSummary::listed);
      return true;
    });
    s->open_sorted = true;
  }
  return *s;
}

void refresh_summary(Ledger& l, InvoiceId id) {
  AgendaSummary* s = kept(l);
  if (!s) return;
  const Invoice* inv = find_invoice(l, id);
  if (!inv) return drop_summary(l);
  const auto at = static_cast<std::uint32_t>(inv - l.invoices.data());
  const std::uint32_t client = client_position(l, inv->client);
  fill_invoice(l, *inv, client, years_for(l, client), s->rows[at]);
  list_if_open(*s, at);
}

void append_summaries(Ledger& l) {
  AgendaSummary* s = l.summary.get();
  if (!s) return;
  if (s->rows.size() > l.invoices.size() || s->history != l.history.size()) return drop_summary(l);
  const std::size_t from = s->rows.size();
  s->rows.resize(l.invoices.size());
  s->history_head.resize(l.invoices.size(), kNone);
  sync_sizes(l, *s);
  for (std::size_t i = from; i < l.invoices.size(); ++i) {
    fill_new(l, *s, static_cast<std::uint32_t>(i));
    list_if_open(*s, static_cast<std::uint32_t>(i));
  }
  // A credit note changes the invoice it credits.
  for (std::size_t i = from; i < l.invoices.size(); ++i)
    if (l.invoices[i].kind == InvoiceKind::credit_note && l.invoices[i].credits != 0)
      refresh_summary(l, l.invoices[i].credits);
}

void summary_add_entry(Ledger& l, const HistoryEntry& h) {
  AgendaSummary* s = kept(l);
  if (!s) return;
  if (s->history + 1 != l.history.size()) return drop_summary(l);
  s->history = l.history.size();
  // Each named invoice looked up once: to link the entry, then to count it.
  std::vector<std::uint32_t> rows;
  rows.reserve(h.invoices.size());
  link_entry(*s, h, static_cast<std::uint32_t>(l.history.size() - 1), [&](InvoiceId id) {
    const Invoice* inv = find_invoice(l, id);
    const std::uint32_t at = inv ? static_cast<std::uint32_t>(inv - l.invoices.data()) : kNone;
    if (at != kNone) rows.push_back(at);
    return at;
  });
  if (!counts(h)) return;
  for (const std::uint32_t at : rows) {
    InvoiceSummary& r = s->rows[at];
    add_entry(h, r.client != kNone ? chain_for(l, l.clients[r.client]) : nullptr, r);
    list_if_open(*s, at);
  }
}

void summary_void_entry(Ledger& l, std::int64_t history_id) {
  AgendaSummary* s = kept(l);
  if (!s) return;
  const HistoryEntry* h = find_history(l, history_id);
  if (s->history != l.history.size() || !h) return drop_summary(l);
  // The history's part of each named invoice's summary, again from its
  // entries (the index), the voided one no longer counting.
  for (InvoiceId id : h->invoices) {
    const Invoice* inv = find_invoice(l, id);
    if (!inv) continue;
    const auto at = static_cast<std::uint32_t>(inv - l.invoices.data());
    InvoiceSummary& r = s->rows[at];
    r.flags &= static_cast<std::uint8_t>(~(InvoiceSummary::reminded | InvoiceSummary::thanked));
    r.last_action = r.notice = Date();
    r.last_step = -1;
    const Chain* chain = r.client != kNone ? chain_for(l, l.clients[r.client]) : nullptr;
    for (std::uint32_t k = s->history_head[at]; k != kNone; k = s->history_links[k].next) {
      const HistoryEntry& e = l.history[s->history_links[k].entry];
      if (counts(e)) add_entry(e, chain, r);
    }
    list_if_open(*s, at);
  }
}

void drop_summary(const Ledger& l) { l.summary.reset(); }

namespace {
std::vector<std::uint32_t> history_by_scan(const Ledger& l, const std::vector<InvoiceId>& invoices) {
  std::vector<std::uint32_t> out;
  for (std::size_t k = 0; k < l.history.size(); ++k) {
    const std::vector<InvoiceId>& named = l.history[k].invoices;
    if (std::any_of(named.begin(), named.end(), [&](InvoiceId id) {
          return std::find(invoices.begin(), invoices.end(), id) != invoices.end();
        }))
      out.push_back(static_cast<std::uint32_t>(k));
  }
  return out;
}
}  // namespace

std::vector<std::uint32_t> history_of(const Ledger& l, const std::vector<InvoiceId>& invoices) {
  const AgendaSummary* s = kept(l);
  if (!s || s->history != l.history.size()) return history_by_scan(l, invoices);
  std::vector<std::uint32_t> out;
  for (InvoiceId id : invoices) {
    if (const Invoice* inv = find_invoice(l, id)) {
      const auto at = static_cast<std::size_t>(inv - l.invoices.data());
      for (std::uint32_t k = s->history_head[at]; k != kNone; k = s->history_links[k].next)
        out.push_back(s->history_links[k].entry);
    }
    for (const auto& [entry, named] : s->unlinked)
      if (named == id) out.push_back(entry);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (g_check && out != history_by_scan(l, invoices))
    summary_check_failed("history_of: the summary's index differs from the history");
  return out;
}

void set_summary_check(bool on) { g_check = on; }
bool summary_check() { return g_check; }

void summary_check_failed(const char* what) {
#if defined(__cpp_exceptions)
  throw std::logic_error(what);
#else
  (void)what;
  std::abort();
#endif
}

}  // namespace relance
