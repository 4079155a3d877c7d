// See agenda_reference.h: core/dunning.cpp's compute_agenda() as it was
// before the direct indexes (commit f24a68c), kept verbatim in its own
// namespace, and the comparison of two agendas.
#include "bench/agenda_reference.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "core/limitation.h"

namespace relance::bench {
namespace reference {

bool is_escalation(Channel c) {
  return c == Channel::phone || c == Channel::registered_notice || c == Channel::handover;
}

namespace {

// ============================================================ [history]
// What the history says about one invoice.
struct Done {
  // Highest step index taken, per chain (almost always a single chain).
  std::vector<std::pair<std::string_view, int>> steps;
  Date last_action;  // last reminder of any chain
  bool reminded = false;
  bool thanked = false;

  int last_step_in(const Chain& chain) const {
    for (const auto& [id, step] : steps)
      if (id == chain.id) return step;
    return -1;
  }

  void add(const HistoryEntry& h) {
    if (h.kind == ActionKind::thanks) {
      thanked = true;
      return;
    }
    reminded = true;
    if (!last_action.ok() || h.date > last_action) last_action = h.date;
    if (h.chain_id.empty() || h.step < 0) return;
    auto it = std::find_if(steps.begin(), steps.end(), [&](const auto& p) { return p.first == h.chain_id; });
    if (it == steps.end()) steps.emplace_back(h.chain_id, h.step);
    else it->second = std::max(it->second, h.step);
  }
};

bool counts(const HistoryEntry& h) {
  return !h.voided && (h.kind == ActionKind::reminder || h.kind == ActionKind::thanks);
}

// One pass over the history: per invoice (by position in l.invoices).
std::vector<Done> scan_history(const Ledger& l) {
  std::vector<Done> done(l.invoices.size());
  for (const HistoryEntry& h : l.history) {
    if (!counts(h)) continue;
    for (InvoiceId id : h.invoices)
      if (const Invoice* inv = find_invoice(l, id)) done[inv - l.invoices.data()].add(h);
  }
  return done;
}

// ============================================================ [choice]
// Still owed and free to chase (the client aside).
bool chaseable(const Invoice& inv, Cents owed, Date today) {
  return inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && owed > 0 && !has_open_dispute(inv) &&
         !inv.paused && !active_promise(inv, today);
}

struct Choice {
  const Chain* chain = nullptr;
  int step = -1;
  Date planned;
  bool due_now = false;
  bool promise_broken = false;
  Date due;  // the effective due date the step counts from
  Cents owed = 0;
  std::vector<std::string> notes;
};

// The step to propose for an invoice due on `due`, given the last step taken.
std::optional<Choice> choose_step(const Chain& chain, Date due, Cents owed, int last_step, Date last_action,
                                  Date today, Date resume_from) {
  std::optional<Choice> chosen;
  std::vector<int> passed;
  for (int k = last_step + 1; k < static_cast<int>(chain.steps.size()); ++k) {
    const Step& s = chain.steps[k];
    if (owed < s.min_balance) continue;
    // A reminder before the due date makes no sense once it has passed.
    if (s.offset_days <= 0 && today > due) continue;
    Date planned = due + s.offset_days;
    if (last_action.ok()) planned = std::max(planned, last_action + chain.min_days_between);
    if (resume_from.ok()) planned = std::max(planned, resume_from);
    if (planned > today) {
      if (!chosen) {
        Choice c;
        c.step = k;
        c.planned = planned;
        return c;  // not due yet: the upcoming step
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
    // Catch up over ordinary reminders, but never jump to an escalation.
    if (reference::is_escalation(s.channel)) break;
    passed.push_back(chosen->step);
    chosen->step = k;
  }
  if (chosen)
    for (int k : passed)
      chosen->notes.push_back("étape « " + chain.steps[k].name + " » passée : remplacée par « " +
                              chain.steps[chosen->step].name + " ».");
  return chosen;
}

std::optional<Choice> choice_for(const Ledger& l, const Invoice& inv, const Done& done, Date today) {
  const Cents owed = inv.ttc - inv.credited - paid_amount(inv);
  if (!chaseable(inv, owed, today)) return std::nullopt;
  const Client* client = find_client(l, inv.client);
  if (!client || client->do_not_chase) return std::nullopt;
  const Chain* chain = chain_for(l, *client);
  if (!chain) return std::nullopt;
  // The one rule added since f24a68c (a1ada77): a time-barred debt is never proposed.
  if (time_barred(l, inv, today)) return std::nullopt;
  const Date due = inv.plan.empty() ? inv.due_date : effective_due_date(l, inv);
  if (!due.ok()) return std::nullopt;
  const Promise* broken = broken_promise(l, inv, today);
  auto choice = choose_step(*chain, due, owed, done.last_step_in(*chain), done.last_action, today,
                            broken ? broken->promised_for + 1 : Date());
  if (!choice) return std::nullopt;
  choice->chain = chain;
  choice->promise_broken = broken != nullptr;
  choice->due = due;
  choice->owed = owed;
  return choice;
}

std::int64_t weight_of(Cents balance, int days_late) {
  const __int128 w = static_cast<__int128>(balance) * std::max(days_late, 0);
  return w > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(w);
}

}  // namespace

// ============================================================ [agenda]
Agenda compute_agenda(const Ledger& l, Date today, int horizon_days) {
  Agenda out;
  out.today = today;
  out.horizon_days = horizon_days < 0 ? l.settings.agenda_days : horizon_days;
  const Date horizon = today + out.horizon_days;
  const std::vector<Done> done = scan_history(l);

  // Items grouped by (client, chain, step, due now or later).
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
  std::unordered_map<ClientId, bool> overdue;  // added since f24a68c: clients owing an invoice past its due date

  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const Invoice& inv = l.invoices[i];
    if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) continue;
    const Client* client = find_client(l, inv.client);
    if (!client) continue;

    if (inv.ttc - inv.credited - paid_amount(inv) <= 0) {
      // A reminded invoice paid in the last 30 days: propose a thank-you, once.
      if (!done[i].reminded || done[i].thanked) continue;
      const auto settled = settled_on(l, inv);
      if (!settled || *settled > today || today - *settled > 30) continue;
      auto [it, fresh] = thanks_index.try_emplace(client->id, out.thanks.size());
      if (fresh) {
        AgendaItem t;
        t.kind = AgendaItem::Kind::thanks;
        t.client = client->id;
        t.client_name = client->name;
        t.channel = client->kind == ClientKind::business ? Channel::email : Channel::sms;
        t.template_id = client->kind == ClientKind::business ? "thanks_b2b" : "thanks_b2c";
        t.planned = *settled;
        t.due_now = true;
        out.thanks.push_back(std::move(t));
      }
      out.thanks[it->second].invoices.push_back({inv.id, inv.number, 0, *settled - inv.due_date, inv.due_date});
      continue;
    }

    const Date owed_due = inv.plan.empty() ? inv.due_date : effective_due_date(l, inv);
    if (owed_due.ok() && owed_due < today) overdue[client->id] = true;
    auto choice = choice_for(l, inv, done[i], today);
    if (!choice || choice->planned > horizon) continue;

    const Key key{client->id, choice->chain, choice->step, choice->due_now};
    auto [it, fresh] = index.try_emplace(key, items.size());
    if (fresh) {
      const Step& s = choice->chain->steps[choice->step];
      AgendaItem item;
      item.client = client->id;
      item.client_name = client->name;
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

  // Added since f24a68c: no thank-you to a client who still owes an overdue invoice.
  std::erase_if(out.thanks, [&](const AgendaItem& t) { return overdue.count(t.client) != 0; });
  for (AgendaItem& item : items) {
    std::sort(item.invoices.begin(), item.invoices.end(), [](const AgendaInvoice& a, const AgendaInvoice& b) {
      return a.due != b.due ? a.due < b.due : a.id < b.id;
    });
    (item.due_now ? out.due : out.upcoming).push_back(std::move(item));
  }
  auto by_weight = [](const AgendaItem& a, const AgendaItem& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.balance != b.balance) return a.balance > b.balance;
    if (a.client_name != b.client_name) return a.client_name < b.client_name;
    return a.step < b.step;
  };
  std::sort(out.due.begin(), out.due.end(), by_weight);
  std::sort(out.upcoming.begin(), out.upcoming.end(), [&](const AgendaItem& a, const AgendaItem& b) {
    return a.planned != b.planned ? a.planned < b.planned : by_weight(a, b);
  });
  return out;
}

}  // namespace reference

Agenda agenda_reference(const Ledger& l, Date today, int horizon_days) {
  return reference::compute_agenda(l, today, horizon_days);
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
