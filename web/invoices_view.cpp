#include "web/invoices_view.h"

#include <algorithm>
#include <climits>
#include <numeric>
#include <utility>

#include "core/text.h"

namespace relance {

bool InvoiceTable::update(const Ledger& l, std::uint64_t revision, Date today, const InvoiceSort& sort,
                          const InvoiceFilter& filter) {
  const bool stale = !valid_ || revision != revision_ || today != today_ || derived_.size() != l.invoices.size();
  if (!stale && sort == sort_ && filter == filter_) return false;
  if (stale) {
    derive(l, today);
    haystack_.clear();
    revision_ = revision;
    today_ = today;
    valid_ = true;
  }
  sort_ = sort;
  filter_ = filter;
  filter_and_sort(l);
  return true;
}

void InvoiceTable::derive(const Ledger& l, Date today) {
  ++derivations;
  const std::size_t n = l.invoices.size();
  derived_.assign(n, InvoiceRow{});
  const std::vector<std::optional<NextStep>> next = next_steps(l, today);

  // Ranks for the text columns, so that sorting compares integers.
  std::vector<std::uint32_t> by_number(n);
  std::iota(by_number.begin(), by_number.end(), 0u);
  std::sort(by_number.begin(), by_number.end(), [&](std::uint32_t a, std::uint32_t b) {
    const std::string& x = l.invoices[a].number;
    const std::string& y = l.invoices[b].number;
    // Drafts (no number) after the numbered ones.
    if (x.empty() != y.empty()) return y.empty();
    if (x != y) return x < y;
    return a < b;
  });
  for (std::uint32_t r = 0; r < n; ++r) derived_[by_number[r]].number_rank = r;

  std::vector<std::pair<std::string, std::size_t>> names;
  names.reserve(l.clients.size());
  for (std::size_t i = 0; i < l.clients.size(); ++i) names.emplace_back(fold(l.clients[i].name), i);
  std::sort(names.begin(), names.end());
  std::vector<std::uint32_t> client_rank(l.clients.size());
  for (std::uint32_t r = 0; r < names.size(); ++r) client_rank[names[r].second] = r;

  for (std::size_t i = 0; i < n; ++i) {
    const Invoice& inv = l.invoices[i];
    InvoiceRow& r = derived_[i];
    r.balance = balance(l, inv);
    r.status = invoice_status(l, inv);
    r.open = inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && r.balance > 0;
    if (r.open) {
      r.days_late = days_late(l, inv, today);
      r.overdue = r.days_late > 0;
    }
    if (next[i]) {
      r.next_chain = static_cast<int>(next[i]->chain - l.chains.data());
      r.next_step = next[i]->step;
      r.next_planned = next[i]->planned;
      r.promise_broken = next[i]->promise_broken;
    }
    // Clients are sorted by id: find this one's position.
    auto it = std::lower_bound(l.clients.begin(), l.clients.end(), inv.client,
                               [](const Client& c, ClientId id) { return c.id < id; });
    r.client_rank = (it != l.clients.end() && it->id == inv.client)
                        ? client_rank[static_cast<std::size_t>(it - l.clients.begin())]
                        : UINT32_MAX;
  }
}

void InvoiceTable::build_search(const Ledger& l) {
  haystack_.resize(l.invoices.size());
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    const Client* c = find_client(l, inv.client);
    std::string s = inv.number;
    if (!inv.proforma_number.empty()) s += " " + inv.proforma_number;
    if (c) s += " " + c->name;
    s += " " + inv.label;
    haystack_[i] = fold(s);
  }
}

void InvoiceTable::filter_and_sort(const Ledger& l) {
  ++sorts;
  const std::string needle = fold(filter_.search);
  if (!needle.empty() && haystack_.size() != l.invoices.size()) build_search(l);

  // (key, index) pairs: one integer comparison per step of the sort.
  std::vector<std::pair<std::int64_t, std::uint32_t>> keyed;
  keyed.reserve(l.invoices.size());
  total_ttc_ = total_balance_ = 0;
  for (std::uint32_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    const InvoiceRow& r = derived_[i];
    if (filter_.client != 0 && inv.client != filter_.client) continue;
    if (filter_.status == kOpenStatus && !r.open) continue;
    if (filter_.status >= 0 && static_cast<int>(r.status) != filter_.status) continue;
    if (filter_.overdue && !r.overdue) continue;
    if (!needle.empty() && haystack_[i].find(needle) == std::string::npos) continue;
    std::int64_t key = 0;
    switch (sort_.column) {
      case InvoiceColumn::number: key = r.number_rank; break;
      case InvoiceColumn::client: key = r.client_rank; break;
      case InvoiceColumn::issue_date: key = inv.issue_date.ok() ? inv.issue_date.serial() : INT32_MIN; break;
      case InvoiceColumn::due_date: key = inv.due_date.ok() ? inv.due_date.serial() : INT32_MIN; break;
      case InvoiceColumn::ttc: key = inv.ttc; break;
      case InvoiceColumn::balance: key = r.balance; break;
      case InvoiceColumn::days_late: key = r.open ? r.days_late : INT32_MIN; break;
      case InvoiceColumn::status: key = static_cast<int>(r.status); break;
      case InvoiceColumn::next_step: key = r.next_planned.ok() ? r.next_planned.serial() : INT32_MAX; break;
      case InvoiceColumn::count: break;
    }
    if (sort_.descending) key = -key;
    keyed.emplace_back(key, i);
    total_ttc_ += inv.kind == InvoiceKind::credit_note ? -inv.ttc : (inv.state == Lifecycle::issued ? inv.ttc : 0);
    total_balance_ += r.balance;
  }
  std::sort(keyed.begin(), keyed.end());
  rows_.resize(keyed.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) rows_[i] = keyed[i].second;
}

int InvoiceTable::position_of(const Ledger& l, InvoiceId id) const {
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i] < l.invoices.size() && l.invoices[rows_[i]].id == id) return static_cast<int>(i);
  return -1;
}

std::string next_step_text(const Ledger& l, const InvoiceRow& r) {
  if (r.next_chain < 0 || r.next_chain >= static_cast<int>(l.chains.size())) return {};
  const Chain& c = l.chains[static_cast<std::size_t>(r.next_chain)];
  if (r.next_step < 0 || r.next_step >= static_cast<int>(c.steps.size())) return {};
  return c.steps[static_cast<std::size_t>(r.next_step)].name + " \u00b7 " + to_fr(r.next_planned);
}

}  // namespace relance
