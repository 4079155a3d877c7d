// The agenda: what to chase today, what never to chase, grouping per client,
// catch-up after a gap, idempotent steps and thank-yous.
#include <doctest/doctest.h>

#include "bench/generate.h"
#include "builder.h"
#include "core/dunning.h"
#include "core/sample.h"

using namespace relance;
using namespace relance::test;

namespace {

const AgendaItem* find_item(const std::vector<AgendaItem>& items, ClientId client) {
  for (const AgendaItem& i : items)
    if (i.client == client) return &i;
  return nullptr;
}

}  // namespace

TEST_CASE("the default B2B chain, one step at a time") {
  Builder b;
  const ClientId c = b.client("Boulangerie Martin");
  const InvoiceId f = b.invoice(c, "F-2026-0001", 120'000, "2026-09-01", "2026-10-01");
  // step indexes of the default chain: 0 D-3, 1 D+5, 2 D+15, 3 D+30 call, 4 D+45 notice, 5 D+60 hand-over
  struct Row {
    const char* today;
    bool due;      // something to do today
    int step;      // which step (due or upcoming), -1 for nothing within a week
  };
  const Row rows[] = {
      {"2026-09-20", false, -1},  // nothing within 7 days
      {"2026-09-22", false, 0},   // pre-reminder planned 28/09, within the week
      {"2026-09-28", true, 0},    // D-3
      {"2026-10-01", true, 0},    // still before the due date passes
      {"2026-10-02", false, 1},   // the pre-reminder is moot once due; D+5 upcoming
      {"2026-10-06", true, 1},    // D+5
  };
  for (const Row& row : rows) {
    CAPTURE(row.today);
    const Agenda a = compute_agenda(b.l, d(row.today), 7);
    const AgendaItem* due = find_item(a.due, c);
    const AgendaItem* up = find_item(a.upcoming, c);
    CHECK((due != nullptr) == row.due);
    if (row.step < 0) {
      CHECK(due == nullptr);
      CHECK(up == nullptr);
      continue;
    }
    const AgendaItem* item = row.due ? due : up;
    REQUIRE(item != nullptr);
    CHECK(item->step == row.step);
    REQUIRE(item->invoices.size() == 1);
    CHECK(item->invoices[0].id == f);
  }
}

TEST_CASE("never chase a paid, disputed, paused, promised or do-not-chase invoice") {
  const Date today = d("2026-11-23");
  auto late_ledger = [] {
    Builder b;
    const ClientId c = b.client("Garage Dupont");
    b.invoice(c, "F-2026-0001", 50'000, "2026-09-01", "2026-10-01");
    return b;
  };
  SUBCASE("a late invoice is chased") {
    Builder b = late_ledger();
    CHECK(compute_agenda(b.l, today, 7).due.size() == 1);
  }
  SUBCASE("paid") {
    Builder b = late_ledger();
    b.pay(1, "2026-11-20", 50'000);
    CHECK(compute_agenda(b.l, today, 7).due.empty());
    CHECK(not_chased_reason(b.l, b.l.invoices[0], today) == "Payée.");
  }
  SUBCASE("disputed, then the dispute closed") {
    Builder b = late_ledger();
    b.run(cmd::OpenDispute{1, d("2026-11-01"), "Livraison incomplète"});
    CHECK(compute_agenda(b.l, today, 7).due.empty());
    CHECK(invoice_status(b.l, b.l.invoices[0]) == InvoiceStatus::disputed);
    b.run(cmd::CloseDispute{1, d("2026-11-10")});
    CHECK(compute_agenda(b.l, today, 7).due.size() == 1);
  }
  SUBCASE("paused") {
    Builder b = late_ledger();
    b.run(cmd::SetPaused{1, true, "Client en redressement"});
    CHECK(compute_agenda(b.l, today, 7).due.empty());
  }
  SUBCASE("promise still running, then broken") {
    Builder b = late_ledger();
    b.run(cmd::AddPromise{1, {d("2026-11-15"), d("2026-11-30"), 0, "Au téléphone", false}});
    CHECK(compute_agenda(b.l, today, 7).due.empty());
    const Agenda after = compute_agenda(b.l, d("2026-12-01"), 7);
    REQUIRE(after.due.size() == 1);
    CHECK(after.due[0].promise_broken);
  }
  SUBCASE("client marked do not chase") {
    Builder b = late_ledger();
    Client c = b.l.clients[0];
    c.do_not_chase = true;
    b.run(cmd::UpdateClient{c});
    CHECK(compute_agenda(b.l, today, 7).due.empty());
  }
  SUBCASE("cancelled by a credit note") {
    Builder b = late_ledger();
    b.run(cmd::IssueCreditNote{1, d("2026-11-02"), 0, "Erreur de facturation"});
    CHECK(b.l.invoices[0].state == Lifecycle::cancelled);
    CHECK(compute_agenda(b.l, today, 7).due.empty());
  }
  SUBCASE("written off") {
    Builder b = late_ledger();
    b.run(cmd::WriteOff{1, d("2026-11-02"), "Liquidation judiciaire"});
    CHECK(compute_agenda(b.l, today, 7).due.empty());
  }
}

TEST_CASE("one action per client and step, listing all its invoices, most important first") {
  Builder b;
  const ClientId small = b.client("Atelier Petit");
  const ClientId big = b.client("Grande Surface SA");
  b.invoice(small, "F-2026-0001", 10'000, "2026-09-15", "2026-10-15");
  b.invoice(big, "F-2026-0002", 500'000, "2026-10-01", "2026-11-01");
  b.invoice(big, "F-2026-0003", 200'000, "2026-10-05", "2026-11-05");
  const Agenda a = compute_agenda(b.l, d("2026-11-23"), 0);
  REQUIRE(a.due.size() == 2);
  // Grande Surface: both at D+15 (22 and 18 days late): one item, two invoices.
  CHECK(a.due[0].client == big);
  CHECK(a.due[0].step == 2);
  CHECK(a.due[0].invoices.size() == 2);
  CHECK(a.due[0].balance == 700'000);
  CHECK(a.due[0].days_late == 22);
  CHECK(a.due[0].weight == 500'000 * 22 + 200'000 * 18);
  CHECK(a.due[1].client == small);
}

TEST_CASE("after a gap, one right step per invoice, not a burst") {
  Builder b;
  const ClientId c = b.client("Menuiserie Leroy");
  b.invoice(c, "F-2026-0001", 80'000, "2026-07-01", "2026-08-01");
  SUBCASE("nothing done for 114 days: the latest ordinary reminder, never a notice out of the blue") {
    const Agenda a = compute_agenda(b.l, d("2026-11-23"), 7);
    REQUIRE(a.due.size() == 1);
    CHECK(a.due[0].step == 2);  // Relance 2, not the call, notice or hand-over
    CHECK(a.due[0].notes.size() == 1);  // Relance 1 was passed over
  }
  SUBCASE("then each further step waits the chain's spacing") {
    b.remind(c, {1}, "b2b", 2, "2026-11-23");
    Agenda a = compute_agenda(b.l, d("2026-11-24"), 30);
    CHECK(a.due.empty());
    REQUIRE(a.upcoming.size() == 1);
    CHECK(a.upcoming[0].step == 3);  // the call
    CHECK(a.upcoming[0].planned == d("2026-11-30"));
    b.remind(c, {1}, "b2b", 3, "2026-11-30");
    a = compute_agenda(b.l, d("2026-12-07"), 0);
    REQUIRE(a.due.size() == 1);
    CHECK(a.due[0].step == 4);  // formal notice, the call having been made
  }
}

TEST_CASE("a step is taken once: recording it twice is refused, voiding it makes it due again") {
  Builder b;
  const ClientId c = b.client("Plomberie Morel");
  b.invoice(c, "F-2026-0001", 30'000, "2026-10-01", "2026-10-31");
  const HistoryId h = b.remind(c, {1}, "b2b", 1, "2026-11-05");
  HistoryEntry again;
  again.date = d("2026-11-06");
  again.client = c;
  again.invoices = {1};
  again.chain_id = "b2b";
  again.step = 1;
  const Ledger before = b.l;
  auto r = apply(b.l, cmd::RecordAction{again});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().where == "action.step");
  CHECK(r.error().what.find("déjà été faite le 05/11/2026") != std::string::npos);
  CHECK(b.l == before);  // nothing half-written
  b.run(cmd::VoidAction{h, d("2026-11-06")});
  CHECK(apply(b.l, cmd::RecordAction{again}).ok());
}

TEST_CASE("a thank-you once a reminded invoice is paid, and only once") {
  Builder b;
  const ClientId c = b.client("Mme Durand", ClientKind::consumer);
  b.invoice(c, "F-2026-0001", 45'000, "2026-10-01", "2026-10-31");
  const ClientId other = b.client("M. Bernard", ClientKind::consumer);
  b.invoice(other, "F-2026-0002", 45'000, "2026-10-01", "2026-10-31");
  b.remind(c, {1}, "b2c", 1, "2026-11-05");
  b.pay(1, "2026-11-20", 45'000);
  b.pay(2, "2026-11-20", 45'000);  // never reminded: no thank-you
  Agenda a = compute_agenda(b.l, d("2026-11-23"), 7);
  REQUIRE(a.thanks.size() == 1);
  CHECK(a.thanks[0].client == c);
  CHECK(a.thanks[0].template_id == "thanks_b2c");
  const AgendaItem t = a.thanks[0];
  b.run(cmd::RecordAction{history_entry_for(t, d("2026-11-23"), Channel::sms, "0612345678", "", "Merci !")});
  CHECK(compute_agenda(b.l, d("2026-11-24"), 7).thanks.empty());
  CHECK_FALSE(apply(b.l, cmd::RecordAction{history_entry_for(t, d("2026-11-24"), Channel::sms, "", "", "Merci")}).ok());
}

TEST_CASE("a payment plan moves the due date to the earliest unpaid instalment") {
  Builder b;
  const ClientId c = b.client("M. Petit", ClientKind::consumer);
  const InvoiceId f = b.invoice(c, "F-2026-0001", 90'000, "2026-08-01", "2026-08-31");
  b.run(cmd::SetPlan{f, {{d("2026-10-15"), 30'000}, {d("2026-11-15"), 30'000}, {d("2026-12-15"), 30'000}}});
  b.pay(f, "2026-10-14", 30'000);
  CHECK(effective_due_date(b.l, b.l.invoices[0]) == d("2026-11-15"));
  const Agenda a = compute_agenda(b.l, d("2026-11-23"), 0);
  REQUIRE(a.due.size() == 1);
  CHECK(a.due[0].invoices[0].days_late == 8);
  CHECK(a.due[0].step == 1);  // D+5 of the instalment
}

TEST_CASE("steps below their minimum balance are skipped") {
  Builder b;
  Chain chain = *find_chain(b.l, "b2b");
  chain.steps[4].min_balance = 100'000;  // no formal notice under 1 000 €
  b.run(cmd::SetChain{chain});
  const ClientId c = b.client("Café du Port");
  b.invoice(c, "F-2026-0001", 20'000, "2026-08-01", "2026-08-31");
  b.remind(c, {1}, "b2b", 3, "2026-10-01");
  const Agenda a = compute_agenda(b.l, d("2026-11-23"), 0);
  REQUIRE(a.due.size() == 1);
  CHECK(a.due[0].step == 5);  // straight to the hand-over, the notice being skipped
}

TEST_CASE("the sample ledger looks the same whatever day it is opened") {
  auto now = sample_ledger(d("2026-11-23"));
  auto later = sample_ledger(d("2027-03-14"));
  REQUIRE(now.ok());
  REQUIRE(later.ok());
  const Agenda a = compute_agenda(*now, d("2026-11-23"), 7);
  const Agenda b = compute_agenda(*later, d("2027-03-14"), 7);
  CHECK_FALSE(a.due.empty());
  CHECK(agenda_json(a)["due"].size() == agenda_json(b)["due"].size());
  for (std::size_t i = 0; i < a.due.size() && i < b.due.size(); ++i) {
    CHECK(a.due[i].client == b.due[i].client);
    CHECK(a.due[i].step == b.due[i].step);
    CHECK(a.due[i].days_late == b.due[i].days_late);
  }
}

TEST_CASE("agenda_json_text writes the bytes of dump_json(agenda_json), at every indent") {
  std::vector<std::pair<Ledger, Date>> cases;
  cases.emplace_back(full_ledger(), d("2026-03-16"));
  cases.emplace_back(sample_ledger(d("2026-03-16")).value(), d("2026-03-16"));
  bench::GenOptions o;
  o.invoices = 3000;
  o.seed = 11;
  cases.emplace_back(bench::generate_ledger(o), d("2026-03-16"));
  std::size_t due = 0, upcoming = 0, thanks = 0, with_notes = 0, grouped = 0;
  for (const auto& [l, today] : cases) {
    for (int days : {-1, 0, 30}) {
      const Agenda a = compute_agenda(l, today, days);
      due += a.due.size();
      upcoming += a.upcoming.size();
      thanks += a.thanks.size();
      for (const auto* items : {&a.due, &a.upcoming, &a.thanks})
        for (const AgendaItem& i : *items) {
          with_notes += !i.notes.empty();
          grouped += i.invoices.size() > 1;
        }
      for (int indent : {-1, 0, 1, 2}) CHECK(agenda_json_text(a, indent) == dump_json(agenda_json(a), indent));
    }
  }
  // Every shape of item was written.
  CHECK(due > 0);
  CHECK(upcoming > 0);
  CHECK(thanks > 0);
  CHECK(with_notes > 0);
  CHECK(grouped > 0);
  CHECK(agenda_json_text(Agenda{}, 2) == dump_json(agenda_json(Agenda{}), 2));
}
