#include "core/dunning.h"

#include "core/json_stream.h"

#include "core/limitation.h"
#include "core/positions.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace relance {

bool is_escalation(Channel c) {
  return c == Channel::phone || c == Channel::registered_notice || c == Channel::handover;
}

namespace {

using detail::kNone;
using detail::Positions;

// ============================================================ [history]
// What the history says about one invoice, in 20 bytes and no allocation:
// the highest step taken in its chain (almost always a single chain; the
// others go to History::more), the last reminder, and whether it was
// reminded and thanked. Chains are numbered by History::chains.
struct Done {
  Date last_action;          // last reminder of any chain
  std::int32_t step = -1;    // highest step index taken in `chain`
  std::uint32_t more = kNone;  // index in History::more when several chains
  std::int32_t chain = -1;   // index in History::chains, -1 for none yet
  bool reminded = false;
  bool thanked = false;
};

// One pass over the history, for every invoice.
struct History {
  std::vector<Done> done;
  std::vector<std::string_view> chains;  // the distinct chain ids met, in order
  std::unordered_map<std::string_view, int> chain_map;  // the same, once there are many
  std::vector<std::vector<std::pair<int, int>>> more;

  static bool counts(const HistoryEntry& h) {
    return !h.voided && (h.kind == ActionKind::reminder || h.kind == ActionKind::thanks);
  }

  // The number of a chain id met in the history, -1 if none.
  int chain_number_of(std::string_view id) const {
    if (chains.size() <= 8) {
      for (std::size_t k = 0; k < chains.size(); ++k)
        if (chains[k] == id) return static_cast<int>(k);
      return -1;
    }
    const auto it = chain_map.find(id);
    return it != chain_map.end() ? it->second : -1;
  }

  // The same, numbering a new id.
  int chain_number(std::string_view id) {
    if (const int k = chain_number_of(id); k >= 0) return k;
    chains.push_back(id);
    const int k = static_cast<int>(chains.size() - 1);
    if (chains.size() == 9)
      for (int i = 0; i < 9; ++i) chain_map.emplace(chains[static_cast<std::size_t>(i)], i);
    else if (chains.size() > 9)
      chain_map.emplace(id, k);
    return k;
  }

  // `number` is chain_number_of(chain.id).
  int last_step_in(const Done& d, int number) const {
    if (d.chain < 0 || number < 0) return -1;
    if (d.chain == number) return d.step;
    if (d.more != kNone)
      for (const auto& [c, step] : more[d.more])
        if (c == number) return step;
    return -1;
  }

  // `chain` is chain_number(h.chain_id), or -1 when the entry names no step.
  void add(Done& d, const HistoryEntry& h, int chain) {
    if (h.kind == ActionKind::thanks) {
      d.thanked = true;
      return;
    }
    d.reminded = true;
    if (!d.last_action.ok() || h.date > d.last_action) d.last_action = h.date;
    if (chain < 0) return;
    if (d.chain < 0 || d.chain == chain) {
      d.step = d.chain < 0 ? h.step : std::max(d.step, h.step);
      d.chain = chain;
      return;
    }
    if (d.more == kNone) {
      d.more = static_cast<std::uint32_t>(more.size());
      more.emplace_back();
    }
    auto& list = more[d.more];
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& p) { return p.first == chain; });
    if (it == list.end()) list.emplace_back(chain, h.step);
    else it->second = std::max(it->second, h.step);
  }

  // The chain number of an entry's step, -1 if it records none.
  int entry_chain(const HistoryEntry& h) {
    if (h.kind == ActionKind::thanks || h.chain_id.empty() || h.step < 0) return -1;
    return chain_number(h.chain_id);
  }
};

// Every invoice of the ledger: done[slot_of(id)] for the ids slot_of()
// places (< slots), kNone for the others.
template <class SlotOf>
History scan_history(const Ledger& l, std::size_t slots, SlotOf slot_of) {
  History hist;
  hist.done.resize(slots);
  const std::size_t n = l.history.size();
  for (std::size_t k = 0; k < n; ++k) {
    // The invoice lists are small blocks spread over the heap: ask for a
    // later entry's now, so the cache has it by then.
    if (k + 16 < n) __builtin_prefetch(l.history[k + 16].invoices.data());
    const HistoryEntry& h = l.history[k];
    if (!History::counts(h)) continue;
    const int chain = hist.entry_chain(h);
    for (InvoiceId id : h.invoices)
      if (const std::uint32_t at = slot_of(id); at != kNone) hist.add(hist.done[at], h, chain);
  }
  return hist;
}

// Ids are handed out 1, 2, 3...: when the invoices' ids are dense, a
// summary's slot is the invoice's id, so nothing has to be built over the
// invoices first; the pass over them checks the ids strictly increase (each
// is then unique, and what find_invoice() finds) and gives up otherwise.
// Sparse or disordered ids: slots are positions, through Positions.
class InvoiceSlots {
 public:
  explicit InvoiceSlots(const Ledger& l, bool try_by_id) : l_(l) {
    const std::size_t n = l.invoices.size();
    by_id_ = try_by_id && n > 0 && n < kNone && l.invoices.front().id > 0 &&
             l.invoices.back().id <= 2 * static_cast<std::int64_t>(n) + 1024;
    if (by_id_) max_id_ = l.invoices.back().id;
    else positions_.emplace(l.invoices);
  }
  std::size_t slots() const { return by_id_ ? static_cast<std::size_t>(max_id_) + 1 : l_.invoices.size(); }
  std::uint32_t of_id(InvoiceId id) const {
    if (by_id_) return id > 0 && id <= max_id_ ? static_cast<std::uint32_t>(id) : kNone;
    return (*positions_)(id);
  }
  // The slot of l.invoices[i]; kNone when by id and the ids turn out not
  // to be strictly increasing (call again with try_by_id = false).
  std::uint32_t of_invoice(std::size_t i) {
    if (!by_id_) return static_cast<std::uint32_t>(i);
    const InvoiceId id = l_.invoices[i].id;
    if (id <= prev_ || id > max_id_) return kNone;
    prev_ = id;
    return static_cast<std::uint32_t>(id);
  }

 private:
  const Ledger& l_;
  bool by_id_ = false;
  InvoiceId max_id_ = 0;
  InvoiceId prev_ = 0;
  std::optional<Positions<Invoice>> positions_;
};

// The same for one invoice.
History scan_history(const Ledger& l, const Invoice& inv) {
  History hist;
  hist.done.resize(1);
  for (const HistoryEntry& h : l.history)
    if (History::counts(h) && std::find(h.invoices.begin(), h.invoices.end(), inv.id) != h.invoices.end())
      hist.add(hist.done[0], h, hist.entry_chain(h));
  return hist;
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
    if (is_escalation(s.channel)) break;
    passed.push_back(chosen->step);
    chosen->step = k;
  }
  if (chosen)
    for (int k : passed)
      chosen->notes.push_back("étape « " + chain.steps[k].name + " » passée : remplacée par « " +
                              chain.steps[chosen->step].name + " ».");
  return chosen;
}

// The step for an open invoice (owed > 0) of `client` (not null), whose
// chain is `chain` (chain_for(), possibly null) numbered `chain_number` in
// `hist`.
std::optional<Choice> choice_for(const Ledger& l, const Invoice& inv, Cents owed, const Client& client,
                                 const Chain* chain, int chain_number, const History& hist, const Done& done,
                                 Date today) {
  if (!chaseable(inv, owed, today) || client.do_not_chase || !chain) return std::nullopt;
  if (time_barred(l, inv, today)) return std::nullopt;  // never proposed once prescribed
  const Date due = inv.plan.empty() ? inv.due_date : effective_due_date(l, inv);
  if (!due.ok()) return std::nullopt;
  const Promise* broken = broken_promise(l, inv, today);
  auto choice = choose_step(*chain, due, owed, hist.last_step_in(done, chain_number), done.last_action, today,
                            broken ? broken->promised_for + 1 : Date());
  if (!choice) return std::nullopt;
  choice->chain = chain;
  choice->promise_broken = broken != nullptr;
  choice->due = due;
  choice->owed = owed;
  return choice;
}

// chain_for() and its number in the history, once per client (clients have
// many invoices), by position in l.clients.
class ClientChains {
 public:
  ClientChains(const Ledger& l, const History& hist) : l_(l), hist_(hist), cache_(l.clients.size()) {}
  std::pair<const Chain*, int> operator()(std::uint32_t at) {
    Entry& e = cache_[at];
    if (!e.known) {
      e.chain = chain_for(l_, l_.clients[at]);
      e.number = e.chain ? hist_.chain_number_of(e.chain->id) : -1;
      e.known = true;
    }
    return {e.chain, e.number};
  }

 private:
  struct Entry {
    const Chain* chain = nullptr;
    int number = -1;
    bool known = false;
  };
  const Ledger& l_;
  const History& hist_;
  std::vector<Entry> cache_;
};

std::int64_t weight_of(Cents balance, int days_late) {
  const __int128 w = static_cast<__int128>(balance) * std::max(days_late, 0);
  return w > INT64_MAX ? INT64_MAX : static_cast<std::int64_t>(w);
}

}  // namespace

// ============================================================ [queries]
std::string not_chased_reason(const Ledger& l, const Invoice& inv, Date today) {
  if (inv.kind != InvoiceKind::invoice) return "Pas une facture.";
  if (inv.state == Lifecycle::draft) return "Brouillon.";
  if (inv.state == Lifecycle::cancelled) return "Annulée par avoir.";
  if (inv.state == Lifecycle::written_off) return "Passée en perte.";
  if (balance(l, inv) <= 0) return "Payée.";
  if (has_open_dispute(inv)) return "Contestée : " + inv.disputes.back().reason;
  if (inv.paused) return inv.pause_reason.empty() ? "Relances en pause." : "Relances en pause : " + inv.pause_reason;
  if (const Promise* p = active_promise(inv, today)) return "Promesse de paiement au " + to_fr(p->promised_for) + ".";
  const Client* c = find_client(l, inv.client);
  if (c && c->do_not_chase) return "Client à ne pas relancer.";
  if (std::string w = time_barred_warning(l, inv, today); !w.empty()) return w + ".";
  if (!c || !chain_for(l, *c)) return "Aucun scénario de relance.";
  return {};
}

std::optional<NextStep> next_step(const Ledger& l, const Invoice& inv, Date today) {
  const Cents owed = inv.ttc - inv.credited - paid_amount(inv);
  if (!chaseable(inv, owed, today)) return std::nullopt;
  const Client* client = find_client(l, inv.client);
  if (!client) return std::nullopt;
  const History hist = scan_history(l, inv);
  const Chain* chain = chain_for(l, *client);
  const int number = chain ? hist.chain_number_of(chain->id) : -1;
  const auto c = choice_for(l, inv, owed, *client, chain, number, hist, hist.done[0], today);
  if (!c) return std::nullopt;
  return NextStep{c->chain, c->step, c->planned, c->promise_broken};
}

namespace {

std::optional<std::vector<std::optional<NextStep>>> next_steps_pass(const Ledger& l, Date today, bool try_by_id) {
  InvoiceSlots slots(l, try_by_id);
  const Positions<Client> client_at(l.clients);
  const History hist = scan_history(l, slots.slots(), [&](InvoiceId id) { return slots.of_id(id); });
  ClientChains chains(l, hist);
  std::vector<std::optional<NextStep>> out(l.invoices.size());
  for (std::size_t i = 0; i < l.invoices.size(); ++i) {
    const std::uint32_t slot = slots.of_invoice(i);
    if (slot == kNone) return std::nullopt;
    const Invoice& inv = l.invoices[i];
    const Cents owed = inv.ttc - inv.credited - paid_amount(inv);
    if (!chaseable(inv, owed, today)) continue;
    const std::uint32_t at = client_at(inv.client);
    if (at == kNone) continue;
    const auto [chain, number] = chains(at);
    if (const auto c = choice_for(l, inv, owed, l.clients[at], chain, number, hist, hist.done[slot], today))
      out[i] = NextStep{c->chain, c->step, c->planned, c->promise_broken};
  }
  return out;
}

}  // namespace

std::vector<std::optional<NextStep>> next_steps(const Ledger& l, Date today) {
  if (auto out = next_steps_pass(l, today, true)) return std::move(*out);
  return std::move(*next_steps_pass(l, today, false));
}

// ============================================================ [agenda]
// Two ways to the same agenda. The reference (compute_agenda_reference,
// agenda_pass) makes one pass over the history and one over every invoice:
// ids are resolved through Positions, the client's chain once per client.
// compute_agenda reads the ledger's summary (summary.h) of the open invoices
// alone. Both hand what they find to one Builder, which groups the items of
// a client through a short list per client instead of a hash table, and
// sorts items as indices.
namespace {

class Builder {
 public:
  Builder(const Ledger& l, Date today, int horizon_days) : l_(l), of_client_(l.clients.size()) {
    out_.today = today;
    out_.horizon_days = horizon_days < 0 ? l.settings.agenda_days : horizon_days;
    horizon_ = today + out_.horizon_days;
  }
  Date horizon() const { return horizon_; }

  // A reminded invoice of l.clients[at], paid on `settled`.
  void thanks(std::uint32_t at, const Invoice& inv, std::optional<Date> settled) {
    const Date today = out_.today;
    // A reminded invoice paid in the last 30 days: propose a thank-you, once.
    if (!settled || *settled > today || today - *settled > 30) return;
    const Client& client = l_.clients[at];
    PerClient& c = of_client_[at];
    if (c.thanks == kNone) {
      c.thanks = static_cast<std::uint32_t>(out_.thanks.size());
      thanks_at_.push_back(at);
      AgendaItem t;
      t.kind = AgendaItem::Kind::thanks;
      t.client = client.id;
      t.client_name = client.name;
      t.channel = client.kind == ClientKind::business ? Channel::email : Channel::sms;
      t.template_id = client.kind == ClientKind::business ? "thanks_b2b" : "thanks_b2c";
      t.planned = *settled;
      t.due_now = true;
      out_.thanks.push_back(std::move(t));
    }
    out_.thanks[c.thanks].invoices.push_back({inv.id, inv.number, 0, *settled - inv.due_date, inv.due_date});
  }

  // l.clients[at] owes an invoice due on `due`.
  void owes(std::uint32_t at, Date due) {
    if (due.ok() && due < out_.today) of_client_[at].overdue = true;
  }
  bool overdue(std::uint32_t at) const { return of_client_[at].overdue; }
  void prefetch(std::uint32_t at) const { __builtin_prefetch(&of_client_[at]); }
  // chain_for(l.clients[at]), once per client.
  const Chain* chain(std::uint32_t at) {
    PerClient& c = of_client_[at];
    if (!c.chain_known) {
      c.chain = chain_for(l_, l_.clients[at]);
      c.chain_known = true;
    }
    return c.chain;
  }

  void step(std::uint32_t at, const Invoice& inv, const Choice& choice) {
    if (choice.planned > horizon_) return;
    PerClient& c = of_client_[at];
    std::uint32_t k = c.first_item;
    // (A client's invoices all follow the client's chain.) The keys, not the
    // items, are compared: they sit together in a small array.
    while (k != kNone && !(keys_[k].step == choice.step && keys_[k].due_now == choice.due_now)) k = keys_[k].next;
    if (k == kNone) {
      const Client& client = l_.clients[at];
      const Step& s = choice.chain->steps[choice.step];
      AgendaItem item;
      item.client = client.id;
      item.client_name = client.name;
      item.chain_id = choice.chain->id;
      item.step = choice.step;
      item.step_name = s.name;
      item.channel = s.channel;
      item.template_id = s.template_id;
      item.planned = choice.planned;
      item.due_now = choice.due_now;
      k = static_cast<std::uint32_t>(items_.size());
      items_.push_back(std::move(item));
      keys_.push_back({choice.step, c.first_item, choice.due_now});
      c.first_item = k;
    }
    AgendaItem& item = items_[k];
    const int late = out_.today - choice.due;
    item.days_late = item.invoices.empty() ? late : std::max(item.days_late, late);
    item.invoices.push_back({inv.id, inv.number, choice.owed, late, choice.due});
    item.balance += choice.owed;
    item.planned = std::min(item.planned, choice.planned);
    const std::int64_t w = weight_of(choice.owed, late);
    item.weight = item.weight > INT64_MAX - w ? INT64_MAX : item.weight + w;
    item.promise_broken = item.promise_broken || choice.promise_broken;
    for (const std::string& n : choice.notes) item.notes.push_back(inv.number + " : " + n);
  }

  Agenda finish() {
    // A thank-you to a client who still owes another overdue invoice would read
    // as if all were settled: it waits until that one is paid too.
    std::size_t kept = 0;
    for (std::size_t k = 0; k < out_.thanks.size(); ++k)
      if (!of_client_[thanks_at_[k]].overdue) {
        if (kept != k) out_.thanks[kept] = std::move(out_.thanks[k]);
        ++kept;
      }
    out_.thanks.erase(out_.thanks.begin() + static_cast<std::ptrdiff_t>(kept), out_.thanks.end());
    for (AgendaItem& item : items_)
      std::sort(item.invoices.begin(), item.invoices.end(), [](const AgendaInvoice& a, const AgendaInvoice& b) {
        return a.due != b.due ? a.due < b.due : a.id < b.id;
      });
    // Sort positions rather than move whole items around; equal items keep
    // the order they were made in (that of their first invoice).
    // The keys side by side (the items are large and spread): an item is
    // read only for ties on weight and balance.
    struct SortKey {
      std::int64_t weight;
      Cents balance;
      Date planned;
      std::uint32_t at;
    };
    auto by_weight = [&](const SortKey& a, const SortKey& b) {
      if (a.weight != b.weight) return a.weight > b.weight;
      if (a.balance != b.balance) return a.balance > b.balance;
      const AgendaItem &x = items_[a.at], &y = items_[b.at];
      if (x.client_name != y.client_name) return x.client_name < y.client_name;
      if (x.step != y.step) return x.step < y.step;
      return a.at < b.at;
    };
    std::vector<SortKey> due, upcoming;
    for (std::uint32_t k = 0; k < items_.size(); ++k)
      (items_[k].due_now ? due : upcoming).push_back({items_[k].weight, items_[k].balance, items_[k].planned, k});
    std::sort(due.begin(), due.end(), by_weight);
    std::sort(upcoming.begin(), upcoming.end(), [&](const SortKey& a, const SortKey& b) {
      return a.planned != b.planned ? a.planned < b.planned : by_weight(a, b);
    });
    out_.due.reserve(due.size());
    for (const SortKey& k : due) out_.due.push_back(std::move(items_[k.at]));
    out_.upcoming.reserve(upcoming.size());
    for (const SortKey& k : upcoming) out_.upcoming.push_back(std::move(items_[k.at]));
    return std::move(out_);
  }

 private:
  const Ledger& l_;
  Agenda out_;
  Date horizon_;
  // Items grouped by (client, chain, step, due now or later): per client
  // (by position in l.clients), a list of its items through `next_`.
  std::vector<AgendaItem> items_;
  struct Key {
    int step;
    std::uint32_t next;  // the client's previous item
    bool due_now;
  };
  std::vector<Key> keys_;  // parallel to items_
  // What the pass keeps per client (by position in l.clients), together.
  struct PerClient {
    std::uint32_t first_item = kNone;  // its newest item
    std::uint32_t thanks = kNone;      // index in out_.thanks
    const Chain* chain = nullptr;
    bool chain_known = false;
    // Owes an invoice past its due date: no thank-you while it lasts.
    bool overdue = false;
  };
  std::vector<PerClient> of_client_;
  std::vector<std::uint32_t> thanks_at_;  // parallel to out_.thanks: the client's position
};

// `only`: the items of that client alone (0: every client).
std::optional<Agenda> agenda_pass(const Ledger& l, Date today, int horizon_days, bool try_by_id, ClientId only) {
  Builder b(l, today, horizon_days);
  InvoiceSlots slots(l, try_by_id);
  const Positions<Client> client_at(l.clients);
  const History hist = scan_history(l, slots.slots(), [&](InvoiceId id) { return slots.of_id(id); });
  ClientChains chains(l, hist);

  const std::size_t count = l.invoices.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (i + 8 < count) __builtin_prefetch(l.invoices[i + 8].payments.data());
    const std::uint32_t slot = slots.of_invoice(i);
    if (slot == kNone) return std::nullopt;
    const Invoice& inv = l.invoices[i];
    if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) continue;
    if (only != 0 && inv.client != only) continue;
    const Done& done = hist.done[slot];
    const Cents owed = inv.ttc - inv.credited - paid_amount(inv);
    // Paid: only a reminded invoice not yet thanked has anything to say.
    if (owed <= 0 && (!done.reminded || done.thanked)) continue;
    const std::uint32_t at = client_at(inv.client);
    if (at == kNone) continue;
    if (owed <= 0) {
      b.thanks(at, inv, settled_on(l, inv));
      continue;
    }
    if (!b.overdue(at)) b.owes(at, inv.plan.empty() ? inv.due_date : effective_due_date(l, inv));
    if (!chaseable(inv, owed, today) || l.clients[at].do_not_chase) continue;
    const auto [chain, number] = chains(at);
    if (auto choice = choice_for(l, inv, owed, l.clients[at], chain, number, hist, done, today)) b.step(at, inv, *choice);
  }
  return b.finish();
}

// The same from the summaries of the open invoices.
Agenda agenda_from_summary(const Ledger& l, const AgendaSummary& s, Date today, int horizon_days) {
  Builder b(l, today, horizon_days);
  const std::size_t count = s.open.size();
  // The open invoices are spread over the whole ledger, their clients over
  // all the clients: ask for the summaries and the invoices (their id and
  // number) a few turns ahead, and for the clients once their summaries are in.
  constexpr std::size_t kAhead = 16, kClientAhead = 8, kNameAhead = 4;
  for (std::size_t k = 0; k < count; ++k) {
    if (k + kAhead < count) {
      const std::uint32_t ahead = s.open[k + kAhead];
      __builtin_prefetch(&s.rows[ahead]);
      __builtin_prefetch(&l.invoices[ahead].number);
    }
    if (k + kClientAhead < count) {
      const std::uint32_t c = s.rows[s.open[k + kClientAhead]].client;
      if (c != kNone) {
        __builtin_prefetch(&l.clients[c].chain_id);
        b.prefetch(c);
      }
    }
    if (k + kNameAhead < count) {  // the name's text, for a new item (its Client is in by now)
      const std::uint32_t c = s.rows[s.open[k + kNameAhead]].client;
      if (c != kNone) __builtin_prefetch(l.clients[c].name.data());
    }
    const std::uint32_t i = s.open[k];
    const InvoiceSummary& r = s.rows[i];
    if (!r.open() || r.client == kNone) continue;
    const std::uint32_t at = r.client;
    if (r.owed <= 0) {
      b.thanks(at, l.invoices[i], r.settled.ok() ? std::optional<Date>(r.settled) : std::nullopt);
      continue;
    }
    b.owes(at, r.due);
    // chaseable(), choice_for() and time_barred() on the summary.
    if ((r.flags & InvoiceSummary::blocked) || (r.promised_for.ok() && today <= r.promised_for)) continue;
    if ((r.flags & InvoiceSummary::not_chased) || !r.due.ok()) continue;
    const Chain* chain = b.chain(at);
    if (!chain) continue;
    const Invoice& inv = l.invoices[i];
    if (r.limit_check.ok() && r.limit_check <= today) {  // time_barred(), from the summary when it knows
      if (today >= r.limit_known ? r.limit.ok() && today >= r.limit : time_barred(l, inv, today)) continue;
    }
    const bool broken = r.promised_for.ok() && today > r.promised_for;
    auto choice = choose_step(*chain, r.due, r.owed, r.last_step, r.last_action, today,
                              broken ? r.promised_for + 1 : Date());
    if (!choice || choice->planned > b.horizon()) continue;
    choice->chain = chain;
    choice->promise_broken = broken;
    choice->due = r.due;
    choice->owed = r.owed;
    b.step(at, inv, *choice);
  }
  return b.finish();
}

}  // namespace

Agenda compute_agenda_reference(const Ledger& l, Date today, int horizon_days) {
  if (auto out = agenda_pass(l, today, horizon_days, true, 0)) return std::move(*out);
  return std::move(*agenda_pass(l, today, horizon_days, false, 0));
}

Agenda compute_agenda(const Ledger& l, Date today, int horizon_days) {
  Agenda out = agenda_from_summary(l, agenda_summary(l), today, horizon_days);
  if (summary_check() && out != compute_agenda_reference(l, today, horizon_days))
    summary_check_failed("compute_agenda: the summary's agenda differs from the full recompute");
  return out;
}

Agenda client_agenda(const Ledger& l, ClientId client, Date today, int horizon_days) {
  if (client == 0) return Agenda{today, horizon_days < 0 ? l.settings.agenda_days : horizon_days, {}, {}, {}};
  if (auto out = agenda_pass(l, today, horizon_days, true, client)) return std::move(*out);
  return std::move(*agenda_pass(l, today, horizon_days, false, client));
}

// ============================================================ [client step]
ClientStep current_step(const Ledger& l, const Client& client, const Chain& chain, Date today, bool last_taken_first) {
  ClientStep out;
  const int count = static_cast<int>(chain.steps.size());
  const Agenda agenda = client_agenda(l, client.id, today);
  auto mine = [&](const AgendaItem& i) {
    return i.kind == AgendaItem::Kind::step && i.client == client.id && i.chain_id == chain.id;
  };
  for (const AgendaItem& i : agenda.due) {
    if (!mine(i)) continue;
    if (out.step < 0) {
      out.step = i.step;
      for (const AgendaInvoice& ai : i.invoices) out.invoices.push_back(ai.id);
    } else if (i.step != out.step) {
      out.other_due.push_back(i.step_name);
    }
  }
  if (out.step < 0 && last_taken_first) {
    const HistoryEntry* last = nullptr;
    for (const HistoryEntry& h : l.history)
      if (!h.voided && h.kind == ActionKind::reminder && h.client == client.id && h.chain_id == chain.id &&
          h.step >= 0 && h.step < count && h.date <= today && (!last || h.date >= last->date))
        last = &h;
    if (last) out.step = last->step;
  }
  if (out.step < 0) {
    for (const AgendaItem& i : agenda.upcoming)
      if (mine(i)) {
        out.step = i.step;
        for (const AgendaInvoice& ai : i.invoices) out.invoices.push_back(ai.id);
        break;
      }
  }
  if (out.step < 0) {
    // Beyond the agenda's horizon: the earliest next step of its invoices.
    std::optional<NextStep> best;
    for (const Invoice& inv : l.invoices)
      if (inv.client == client.id)
        if (auto n = next_step(l, inv, today); n && n->chain == &chain && (!best || n->planned < best->planned))
          best = n;
    if (best) out.step = best->step;
  }
  return out;
}

HistoryEntry history_entry_for(const AgendaItem& item, Date date, Channel channel, std::string recipient,
                               std::string subject, std::string text) {
  const bool thanks = item.kind == AgendaItem::Kind::thanks;
  HistoryEntry h;
  h.date = date;
  h.client = item.client;
  for (const AgendaInvoice& inv : item.invoices) h.invoices.push_back(inv.id);
  h.kind = thanks ? ActionKind::thanks : ActionKind::reminder;
  h.chain_id = thanks ? std::string() : item.chain_id;
  h.step = thanks ? -1 : item.step;
  h.channel = channel;
  h.recipient = std::move(recipient);
  h.subject = std::move(subject);
  h.text = std::move(text);
  return h;
}

// ============================================================ [json]
Json agenda_item_json(const AgendaItem& i) {
  Json invoices = Json::array();
  for (const AgendaInvoice& inv : i.invoices)
    invoices.push_back({{"id", inv.id},
                        {"number", inv.number},
                        {"balance", format_decimal(inv.balance)},
                        {"due", to_iso(inv.due)},
                        {"days_late", inv.days_late}});
  Json j = {{"kind", i.kind == AgendaItem::Kind::thanks ? "thanks" : "step"},
            {"client", i.client},
            {"client_name", i.client_name}};
  if (i.kind == AgendaItem::Kind::step) {
    j["chain"] = i.chain_id;
    j["step"] = i.step + 1;
    j["step_name"] = i.step_name;
  }
  j["channel"] = to_string(i.channel);
  j["template"] = i.template_id;
  j["planned"] = to_iso(i.planned);
  j["due_now"] = i.due_now;
  j["balance"] = format_decimal(i.balance);
  j["days_late"] = i.days_late;
  j["weight"] = i.weight;
  j["promise_broken"] = i.promise_broken;
  j["invoices"] = invoices;
  j["notes"] = i.notes;
  return j;
}

Json agenda_json(const Agenda& agenda) {
  Json due = Json::array(), upcoming = Json::array(), thanks = Json::array();
  for (const AgendaItem& i : agenda.due) due.push_back(agenda_item_json(i));
  for (const AgendaItem& i : agenda.upcoming) upcoming.push_back(agenda_item_json(i));
  for (const AgendaItem& i : agenda.thanks) thanks.push_back(agenda_item_json(i));
  return {{"today", to_iso(agenda.today)},
          {"days", agenda.horizon_days},
          {"due", std::move(due)},  // moved: a copy of 100 000 items costs as much as building them
          {"upcoming", std::move(upcoming)},
          {"thanks", std::move(thanks)}};
}

namespace {

// The members of agenda_item_json, in its order.
void write_agenda_item(JsonObjectWriter& o, const AgendaItem& i) {
  o.string("kind", i.kind == AgendaItem::Kind::thanks ? "thanks" : "step");
  o.number("client", i.client);
  o.string("client_name", i.client_name);
  if (i.kind == AgendaItem::Kind::step) {
    o.string("chain", i.chain_id);
    o.number("step", i.step + 1);
    o.string("step_name", i.step_name);
  }
  o.string("channel", to_string(i.channel));
  o.string("template", i.template_id);
  o.string("planned", to_iso(i.planned));
  o.boolean("due_now", i.due_now);
  o.string("balance", format_decimal(i.balance));
  o.number("days_late", i.days_late);
  o.number("weight", i.weight);
  o.boolean("promise_broken", i.promise_broken);
  o.list("invoices", i.invoices, [](JsonObjectWriter& w, const AgendaInvoice& inv) {
    w.number("id", inv.id);
    w.string("number", inv.number);
    w.string("balance", format_decimal(inv.balance));
    w.string("due", to_iso(inv.due));
    w.number("days_late", inv.days_late);
  });
  o.strings("notes", i.notes);
}

}  // namespace

std::string agenda_json_text(const Agenda& agenda, int indent) {
  std::string out;
  out.reserve(64 + 400 * (agenda.due.size() + agenda.upcoming.size() + agenda.thanks.size()));
  JsonAppender a(out, indent);
  a.open_object();
  a.key("today");
  a.value(Json(to_iso(agenda.today)));
  a.key("days");
  a.value(Json(agenda.horizon_days));
  for (const auto& [name, items] : {std::pair<const char*, const std::vector<AgendaItem>*>{"due", &agenda.due},
                                    {"upcoming", &agenda.upcoming},
                                    {"thanks", &agenda.thanks}}) {
    a.key(name);
    a.open_array();
    for (const AgendaItem& i : *items) {
      a.item();
      a.object_value([&](JsonObjectWriter& o) { write_agenda_item(o, i); });
    }
    a.close_array();
  }
  a.close_object();
  return out;
}

}  // namespace relance
