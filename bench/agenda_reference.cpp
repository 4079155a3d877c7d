// See agenda_prototype.h. The step choice is core/dunning.cpp's, copied;
// what differs is marked "change:".
#include "bench/agenda_prototype.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <unordered_map>

namespace relance::bench {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;

// change: id -> position in the vector, built in one pass (ids are dense:
// they are handed out in sequence). One memory access per lookup instead of
// ~20 cache misses of a binary search over 352-byte invoices.
template <class V>
std::vector<std::uint32_t> positions(const V& items) {
  std::vector<std::uint32_t> pos;
  if (items.empty() || items.back().id <= 0 || items.back().id > (std::int64_t(1) << 31)) return pos;
  pos.assign(static_cast<std::size_t>(items.back().id) + 1, kNone);
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].id > 0) pos[static_cast<std::size_t>(items[i].id)] = static_cast<std::uint32_t>(i);
  return pos;
}

std::uint32_t lookup(const std::vector<std::uint32_t>& pos, std::int64_t id) {
  return id > 0 && static_cast<std::uint64_t>(id) < pos.size() ? pos[static_cast<std::size_t>(id)] : kNone;
}

// change: the history summary of an invoice holds its (almost always single)
// chain inline; a second chain goes to a shared overflow list.
struct Done {
  std::string_view chain;
  int step = -1;
  std::uint32_t overflow = kNone;  // index in DoneOverflow, for more chains
  Date last_action;
  bool reminded = false;
  bool thanked = false;
};
using DoneOverflow = std::vector<std::vector<std::pair<std::string_view, int>>>;

int last_step_in(const Done& d, const DoneOverflow& more, const Chain& chain) {
  if (!d.chain.empty() && d.chain == chain.id) return d.step;
  if (d.overflow != kNone)
    for (const auto& [id, step] : more[d.overflow])
      if (id == chain.id) return step;
  return -1;
}

void add(Done& d, DoneOverflow& more, const HistoryEntry& h) {
  if (h.kind == ActionKind::thanks) {
    d.thanked = true;
    return;
  }
  d.reminded = true;
  if (!d.last_action.ok() || h.date > d.last_action) d.last_action = h.date;
  if (h.chain_id.empty() || h.step < 0) return;
  if (d.chain.empty() || d.chain == h.chain_id) {
    if (d.chain.empty()) d.chain = h.chain_id, d.step = h.step;
    else d.step = std::max(d.step, h.step);
    return;
  }
  if (d.overflow == kNone) {
    d.overflow = static_cast<std::uint32_t>(more.size());
    more.emplace_back();
  }
  auto& list = more[d.overflow];
  auto it = std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == h.chain_id; });
  if (it == list.end()) list.emplace_back(h.chain_id, h.step);
  else it->second = std::max(it->second, h.step);
}

bool counts(const HistoryEntry& h) {
  return !h.voided && (h.kind == ActionKind::reminder || h.kind == ActionKind::thanks);
}

bool chaseable(const Invoice& inv, Cents owed, Date today) {
  return inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && owed > 0 && !has_open_dispute(inv) &&
         !inv.paused && !active_promise(inv, today);
}

// core/dunning.cpp's choose_step, unchanged.
struct Choice {
  const Chain* chain = nullptr;
  int step = -1;
  Date planned;
  bool due_now = false;
  bool promise_broken = false;
  Date due;
  Cents owed = 0;
  std::vector<std::string> notes;
};

std::optional<Choice> choose_step(const Chain& chain, Date due, Cents owed, int last_step, Date last_action,
                                  Date today, Date resume_from) {
  std::optional<Choice> chosen;
  std::vector<int> passed;
  for (int k = last_step + 1; k < static_cast<int>(chain.steps.size()); ++k) {
    const Step& s = chain.steps[static_cast<std::size_t>(k)];
    if (owed < s.min_balance) continue;
    if (s.offset_days <= 0 && today > due) continue;
    Date planned = due + s.offset_days;
    if (last_action.ok()) planned = std::max(planned, last_action + chain.min_days_between);
    if (resume_from.ok()) planned = std::max(planned, resume_from);
    if (planned > today) {
      if (!chosen) {
        Choice c;
        c.step = k;
        c.planned = planned;
        return c;
      }
      break;
    }
    if (!chosen) {
      chosen = Choice{};
      chosen->step = k;
      chosen->planned = planned;
      chosen->due_now = true;
      continue;
    }
    if (is_escalation(s.channel)) break;
    passed.push_back(chosen->step);
    chosen->step = k;
  }
  if (chosen)
    for (int k : passed)
      chosen->notes.push_back("étape « " + chain.steps[static_cast<std::size_t>(k)].name + " » passée : remplacée par « " +
                              chain.steps[static_cast<std::size_t>(chosen->step)].name + " ».");
  return chosen;
}

// change: settled_on() without its vector of pointers when the payments are
// already in date order (RecordPayment keeps them so).
std::optional<Date> settled_on_fast(const Ledger& l, const Invoice& inv) {
  const bool sorted = std::is_sorted(inv.payments.begin(), inv.payments.end(),
                                     [](const Payment& a, const Payment& b) { return a.date < b.date; });
  if (!sorted) return settled_on(l, inv);
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) return std::nullopt;
  const Cents owed = inv.ttc - inv.credited;
  Cents sum = 0;
  for (const Payment& p : inv.payments) sum += p.amount;
  if (owed - sum > 0) return std::nullopt;
  sum = 0;
  for (const Payment& p : inv.payments) {
    sum += p.amount;
    if (sum >= owed) return p.date;
  }
  return std::nullopt;
}

std::int64_t weight_of(Cents balance, int days_late) {
  const __int128 w = static_cast<__int128>(balance) * std::max(days_late, 0);
  return w > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(w);
}

}  // namespace

Agenda agenda_prototype(const Ledger& l, Date today, int horizon_days) {
  Agenda out;
  out.today = today;
  out.horizon_days = horizon_days < 0 ? l.settings.agenda_days : horizon_days;
  const Date horizon = today + out.horizon_days;

  const std::vector<std::uint32_t> inv_pos = positions(l.invoices);
  const std::vector<std::uint32_t> client_pos = positions(l.clients);
  std::vector<Done> done(l.invoices.size());
  DoneOverflow more;
  for (const HistoryEntry& h : l.history) {
    if (!counts(h)) continue;
    for (InvoiceId id : h.invoices)
      if (const std::uint32_t p = lookup(inv_pos, id); p != kNone) add(done[p], more, h);
  }
  // change: chain_for() once per client, on first use.
  std::vector<const Chain*> chain_of(l.clients.size(), nullptr);
  std::vector<bool> chain_known(l.clients.size(), false);

  struct Key {
    ClientId client;
    const Chain* chain;
    int step;
    bool due_now;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      std::size_t h = std::hash<std::int64_t>()(k.client);
      h = h * 31 + std::hash<const void*>()(k.chain);
      return h * 31 + static_cast<std::size_t>(k.step) * 2 + (k.due_now ? 1 : 0);
    }
  };
  std::unordered_map<Key, std::size_t, KeyHash> index;
  std::vector<AgendaItem> items;
  std::unordered_map<ClientId, std::size_t> thanks_index;

  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) continue;
    // change: what is owed first; a paid invoice never reminded needs nothing else.
    const Cents owed = inv.ttc - inv.credited - paid_amount(inv);
    if (owed <= 0 && (!done[i].reminded || done[i].thanked)) continue;
    const std::uint32_t cp = lookup(client_pos, inv.client);
    if (cp == kNone) continue;
    const Client& client = l.clients[cp];

    if (owed <= 0) {
      const auto settled = settled_on_fast(l, inv);
      if (!settled || *settled > today || today - *settled > 30) continue;
      auto [it, fresh] = thanks_index.try_emplace(client.id, out.thanks.size());
      if (fresh) {
        AgendaItem t;
        t.kind = AgendaItem::Kind::thanks;
        t.client = client.id;
        t.client_name = client.name;
        t.channel = client.kind == ClientKind::business ? Channel::email : Channel::sms;
        t.template_id = client.kind == ClientKind::business ? "thanks_b2b" : "thanks_b2c";
        t.planned = *settled;
        t.due_now = true;
        out.thanks.push_back(std::move(t));
      }
      out.thanks[it->second].invoices.push_back({inv.id, inv.number, 0, *settled - inv.due_date, inv.due_date});
      continue;
    }

    // choice_for(), with the client already at hand.
    if (!chaseable(inv, owed, today) || client.do_not_chase) continue;
    if (!chain_known[cp]) {
      chain_of[cp] = chain_for(l, client);
      chain_known[cp] = true;
    }
    const Chain* chain = chain_of[cp];
    if (!chain) continue;
    const Date due = inv.plan.empty() ? inv.due_date : effective_due_date(l, inv);
    if (!due.ok()) continue;
    const Promise* broken = broken_promise(l, inv, today);
    auto choice = choose_step(*chain, due, owed, last_step_in(done[i], more, *chain), done[i].last_action, today,
                              broken ? broken->promised_for + 1 : Date());
    if (!choice || choice->planned > horizon) continue;
    choice->chain = chain;
    choice->promise_broken = broken != nullptr;
    choice->due = due;
    choice->owed = owed;

    const Key key{client.id, choice->chain, choice->step, choice->due_now};
    auto [it, fresh] = index.try_emplace(key, items.size());
    if (fresh) {
      const Step& s = choice->chain->steps[static_cast<std::size_t>(choice->step)];
      AgendaItem item;
      item.client = client.id;
      item.client_name = client.name;
      item.chain_id = choice->chain->id;
      item.step = choice->step;
      item.step_name = s.name;
      item.channel = s.channel;
      item.template_id = s.template_id;
      item.planned = choice->planned;
      item.due_now = choice->due_now;
      items.push_back(std::move(item));
    }
    AgendaItem& item = items[it->second];
    const int late = today - choice->due;
    item.days_late = item.invoices.empty() ? late : std::max(item.days_late, late);
    item.invoices.push_back({inv.id, inv.number, choice->owed, late, choice->due});
    item.balance += choice->owed;
    item.planned = std::min(item.planned, choice->planned);
    const std::int64_t w = weight_of(choice->owed, late);
    item.weight = item.weight > INT64_MAX - w ? INT64_MAX : item.weight + w;
    item.promise_broken = item.promise_broken || choice->promise_broken;
    for (const std::string& n : choice->notes) item.notes.push_back(inv.number + " : " + n);
  }

  for (AgendaItem& item : items)
    std::sort(item.invoices.begin(), item.invoices.end(), [](const AgendaInvoice& a, const AgendaInvoice& b) {
      return a.due != b.due ? a.due < b.due : a.id < b.id;
    });
  // change: sort indices (8 bytes) rather than moving whole AgendaItems around.
  auto by_weight = [&](std::size_t a, std::size_t b) {
    const AgendaItem &x = items[a], &y = items[b];
    if (x.weight != y.weight) return x.weight > y.weight;
    if (x.balance != y.balance) return x.balance > y.balance;
    if (x.client_name != y.client_name) return x.client_name < y.client_name;
    return x.step < y.step;
  };
  std::vector<std::size_t> due_idx, upcoming_idx;
  for (std::size_t k = 0; k < items.size(); ++k) (items[k].due_now ? due_idx : upcoming_idx).push_back(k);
  std::sort(due_idx.begin(), due_idx.end(), by_weight);
  std::sort(upcoming_idx.begin(), upcoming_idx.end(), [&](std::size_t a, std::size_t b) {
    return items[a].planned != items[b].planned ? items[a].planned < items[b].planned : by_weight(a, b);
  });
  out.due.reserve(due_idx.size());
  for (std::size_t k : due_idx) out.due.push_back(std::move(items[k]));
  out.upcoming.reserve(upcoming_idx.size());
  for (std::size_t k : upcoming_idx) out.upcoming.push_back(std::move(items[k]));
  return out;
}

namespace {

bool same_item(const AgendaItem& a, const AgendaItem& b) {
  if (a.invoices.size() != b.invoices.size()) return false;
  for (std::size_t i = 0; i < a.invoices.size(); ++i) {
    const AgendaInvoice &x = a.invoices[i], &y = b.invoices[i];
    if (x.id != y.id || x.number != y.number || x.balance != y.balance || x.days_late != y.days_late || x.due != y.due)
      return false;
  }
  return a.kind == b.kind && a.client == b.client && a.client_name == b.client_name && a.chain_id == b.chain_id &&
         a.step == b.step && a.step_name == b.step_name && a.channel == b.channel && a.template_id == b.template_id &&
         a.planned == b.planned && a.due_now == b.due_now && a.balance == b.balance && a.days_late == b.days_late &&
         a.weight == b.weight && a.promise_broken == b.promise_broken && a.notes == b.notes;
}

// Items in a total order (std::sort leaves equal-ranked items in any order).
std::vector<const AgendaItem*> canonical(const std::vector<AgendaItem>& v) {
  std::vector<const AgendaItem*> p;
  for (const AgendaItem& i : v) p.push_back(&i);
  std::sort(p.begin(), p.end(), [](const AgendaItem* a, const AgendaItem* b) {
    return std::tie(a->client, a->chain_id, a->step, a->due_now, a->planned) <
           std::tie(b->client, b->chain_id, b->step, b->due_now, b->planned);
  });
  return p;
}

}  // namespace

bool same_agenda(const Agenda& a, const Agenda& b, std::string* why) {
  const std::pair<const std::vector<AgendaItem>*, const std::vector<AgendaItem>*> lists[] = {
      {&a.due, &b.due}, {&a.upcoming, &b.upcoming}, {&a.thanks, &b.thanks}};
  const char* names[] = {"due", "upcoming", "thanks"};
  for (int k = 0; k < 3; ++k) {
    const auto pa = canonical(*lists[k].first), pb = canonical(*lists[k].second);
    if (pa.size() != pb.size()) {
      if (why) *why = std::string(names[k]) + ": " + std::to_string(pa.size()) + " items against " + std::to_string(pb.size());
      return false;
    }
    for (std::size_t i = 0; i < pa.size(); ++i)
      if (!same_item(*pa[i], *pb[i])) {
        if (why) *why = std::string(names[k]) + ": item of client " + std::to_string(pa[i]->client) + " differs";
        return false;
      }
  }
  return true;
}

}  // namespace relance::bench
