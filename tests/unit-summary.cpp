// The agenda's summary (core/summary.h): compute_agenda() reads it, and must
// give what the full recompute gives on any ledger, after any command.
#include <doctest/doctest.h>

#include <algorithm>

#include "bench/generate.h"
#include "core/commands.h"
#include "core/dunning.h"
#include "core/reports.h"
#include "core/summary.h"

using namespace relance;

namespace {

// Turns off the suites' own check (which throws) so that a difference is
// reported here with what differs.
struct OwnCheck {
  bool was = summary_check();
  OwnCheck() { set_summary_check(false); }
  ~OwnCheck() { set_summary_check(was); }
};

std::string first_difference(const Agenda& a, const Agenda& b) {
  auto list = [](const std::vector<AgendaItem>& x, const std::vector<AgendaItem>& y, const char* name) -> std::string {
    if (x.size() != y.size())
      return std::string(name) + ": " + std::to_string(x.size()) + " items against " + std::to_string(y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!(x[i] == y[i]))
        return std::string(name) + "[" + std::to_string(i) + "]: " + agenda_item_json(x[i]).dump() + " against " +
               agenda_item_json(y[i]).dump();
    return {};
  };
  std::string d = list(a.due, b.due, "due");
  if (d.empty()) d = list(a.upcoming, b.upcoming, "upcoming");
  if (d.empty()) d = list(a.thanks, b.thanks, "thanks");
  return d;
}

// The agenda and the aging from the ledger's summary are the full recompute's.
void same_as_reference(const Ledger& l, Date today, const std::string& when) {
  const Agenda fast = compute_agenda(l, today), full = compute_agenda_reference(l, today);
  INFO(when << ", today " << to_iso(today));
  CHECK_MESSAGE(fast == full, first_difference(fast, full));
  CHECK(aging_only(l, today) == aging_only_reference(l, today));
  // The summary's history index (message_values reads it): the entries naming
  // an invoice, or a pair of them, are those a pass over the history finds.
  auto naming = [&](const std::vector<InvoiceId>& ids) {
    std::vector<std::uint32_t> out;
    for (std::size_t k = 0; k < l.history.size(); ++k)
      for (InvoiceId id : l.history[k].invoices)
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
          out.push_back(static_cast<std::uint32_t>(k));
          break;
        }
    return out;
  };
  REQUIRE(l.summary.get());  // read from the index, not by the same pass
  std::size_t named = 0;
  const std::size_t n = l.invoices.size(), step = std::max<std::size_t>(1, n / 40);
  for (std::size_t i = 0; i < n; i += step) {
    const std::vector<InvoiceId> one{l.invoices[i].id}, two{l.invoices[i].id, l.invoices[n - 1 - i].id};
    CHECK(history_of(l, one) == naming(one));
    CHECK(history_of(l, two) == naming(two));
    named += naming(one).size();
  }
  if (!l.history.empty() && n > 100) CHECK(named > 0);  // not comparing empty lists only
}

// The kept summary's rows are those a build from scratch gives (the history's
// part: what a voided entry changes).
void same_rows_as_built(const Ledger& l, const std::string& when) {
  INFO(when);
  REQUIRE(l.summary.get());
  const AgendaSummary& kept = *l.summary.get();
  const AgendaSummary fresh = build_summary(l);
  REQUIRE(kept.rows.size() == fresh.rows.size());
  const auto mask = static_cast<std::uint8_t>(~InvoiceSummary::listed);
  std::size_t differ = 0;
  for (std::size_t i = 0; i < kept.rows.size(); ++i) {
    const InvoiceSummary &a = kept.rows[i], &b = fresh.rows[i];
    if ((a.flags & mask) != (b.flags & mask) || a.last_action != b.last_action || a.notice != b.notice ||
        a.last_step != b.last_step || a.owed != b.owed)
      ++differ;
  }
  CHECK(differ == 0);
}

const Date kToday = Date::from_ymd(2026, 3, 16);

}  // namespace

TEST_CASE("the agenda read from the summaries is the full recompute on generated ledgers of every size") {
  OwnCheck own;
  for (std::size_t n : {300u, 3000u, 30000u}) {
    const Ledger l = bench::generate_ledger({.invoices = n, .seed = 11});
    for (int shift : {0, -45, 1, 20, 200, 800}) same_as_reference(l, kToday + shift, std::to_string(n) + " invoices");
    const Agenda a = compute_agenda(l, kToday);
    CHECK(!a.due.empty());  // not comparing two empty agendas
    if (n >= 3000) CHECK(!a.thanks.empty());
  }
}

TEST_CASE("commands keep the summary current: a generated ledger replayed command by command") {
  OwnCheck own;
  std::vector<Command> commands;
  const Ledger generated = bench::generate_ledger({.invoices = 1500, .seed = 3, .commands = &commands});
  Ledger l = make_empty_ledger();
  std::size_t compared = 0;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    REQUIRE(relance::apply(l, commands[i]).ok());
    // Early on, every few commands; later every hundred or so.
    if (i % (i < 400 ? 7 : 97) != 0) continue;
    same_as_reference(l, kToday, "after command " + std::to_string(i) + " (" + std::string(command_type(commands[i])) + ")");
    ++compared;
  }
  CHECK(compared > 50);
  CHECK(l == generated);
  same_as_reference(l, kToday, "at the end");
}

TEST_CASE("commands keep the summary current: payments, reminders, pauses, disputes, credit notes, settings") {
  OwnCheck own;
  Ledger l = bench::generate_ledger({.invoices = 2000, .seed = 5});
  same_as_reference(l, kToday, "generated");  // the summary is built here; from now on commands keep it
  REQUIRE(l.summary.get() != nullptr);

  const Agenda a = compute_agenda(l, kToday);
  REQUIRE(a.due.size() > 3);
  auto run = [&](const Command& c, const std::string& what) {
    const auto r = relance::apply(l, c);
    REQUIRE_MESSAGE(r.ok(), what << ": " << r.error().message());
    same_as_reference(l, kToday, what);
    same_as_reference(l, kToday + 15, what);
  };
  const AgendaItem& first = a.due[0];
  const InvoiceId inv0 = first.invoices[0].id;
  const AgendaItem& second = a.due[1];
  const InvoiceId inv1 = second.invoices[0].id;
  const AgendaItem& third = a.due[2];
  const InvoiceId inv2 = third.invoices[0].id;

  // The step taken: the next one waits.
  run(cmd::RecordAction{history_entry_for(first, kToday, first.channel, "x", "s", "t")}, "reminder sent");
  const HistoryId sent = l.history.back().id;
  // Paid in part, then in full: a thank-you appears.
  Payment p;
  p.date = kToday - 1;
  p.amount = first.invoices[0].balance / 2;
  run(cmd::RecordPayment{inv0, p}, "partial payment");
  p.amount = first.invoices[0].balance - p.amount;
  run(cmd::RecordPayment{inv0, p}, "payment in full");
  const PaymentId last_payment = l.next_payment_id - 1;
  run(cmd::DeletePayment{inv0, last_payment}, "payment deleted");
  // Voided: the invoice's summary recounted from its other entries, in
  // place (the summary is kept, not rebuilt).
  REQUIRE(relance::apply(l, cmd::VoidAction{sent, kToday}).ok());
  same_rows_as_built(l, "reminder voided");
  same_as_reference(l, kToday, "reminder voided");
  same_as_reference(l, kToday + 15, "reminder voided");
  // A reminder, the invoice paid (a thank-you is due), the reminder voided:
  // no thank-you for a reminder that no longer counts.
  // (One never reminded before, so that the voided reminder was its only
  // one; not a.due[0..3], used below.)
  auto never_reminded = [&](const AgendaItem& item) {
    for (const HistoryEntry& h : l.history)
      for (const auto& line : item.invoices)
        if (std::find(h.invoices.begin(), h.invoices.end(), line.id) != h.invoices.end()) return false;
    return true;
  };
  const auto pick = std::find_if(a.due.begin() + 4, a.due.end(), never_reminded);
  REQUIRE(pick != a.due.end());
  const AgendaItem& fourth = *pick;
  run(cmd::RecordAction{history_entry_for(fourth, kToday, fourth.channel, "x", "s", "t")}, "second reminder sent");
  const HistoryId sent2 = l.history.back().id;
  for (const auto& line : fourth.invoices) {
    Payment all;
    all.date = kToday;
    all.amount = line.balance;
    run(cmd::RecordPayment{line.id, all}, "paid after the reminder");
  }
  REQUIRE(relance::apply(l, cmd::VoidAction{sent2, kToday}).ok());
  same_rows_as_built(l, "reminder voided after payment");
  same_as_reference(l, kToday, "reminder voided after payment");
  run(cmd::SetPaused{inv1, true, "vacances"}, "paused");
  run(cmd::SetPaused{inv1, false, ""}, "resumed");
  run(cmd::OpenDispute{inv2, kToday - 2, "livraison incomplète"}, "dispute opened");
  run(cmd::CloseDispute{inv2, kToday}, "dispute closed");
  Promise pr;
  pr.made_on = kToday - 10;
  pr.promised_for = kToday + 5;
  run(cmd::AddPromise{inv1, pr}, "promise running");
  pr.promised_for = kToday - 3;
  run(cmd::AddPromise{inv1, pr}, "promise broken");
  run(cmd::IssueCreditNote{inv2, kToday, 1000, "remise"}, "partial credit note");
  run(cmd::IssueCreditNote{inv2, kToday, 0, "annulation"}, "cancelling credit note");
  const Invoice* big = find_invoice(l, second.invoices.back().id);
  REQUIRE(big);
  run(cmd::SetPlan{big->id, {{kToday + 10, balance(l, *big) / 2}, {kToday + 40, balance(l, *big) - balance(l, *big) / 2}}},
      "payment plan");
  run(cmd::WriteOff{a.due[3].invoices[0].id, kToday, "faillite"}, "written off");

  // Ledger-wide: settings, chains, clients.
  Settings s = l.settings;
  s.agenda_days = 30;
  run(cmd::SetSettings{s}, "agenda over 30 days");
  Chain chain = *find_chain(l, l.settings.default_b2b_chain);
  chain.steps[1].offset_days += 6;
  chain.min_days_between = 12;
  run(cmd::SetChain{chain}, "chain changed");
  Client c = *find_client(l, first.client);
  c.do_not_chase = true;
  run(cmd::UpdateClient{c}, "client not to chase");
  Company co = l.company;
  co.address.country = "Belgique";
  run(cmd::SetCompany{co}, "company in Belgium");

  // New clients and invoices.
  Client nc;
  nc.name = "Nouveau client";
  run(cmd::AddClient{nc}, "client added");
  Invoice ni;
  ni.client = l.clients.back().id;
  ni.state = Lifecycle::issued;
  ni.issue_date = kToday - 60;
  ni.due_date = kToday - 30;
  ni.ht = 10000;
  ni.vat = 2000;
  ni.ttc = 12000;
  ni.number = "EXT-1";  // brought from another tool: its own numbering
  run(cmd::AddInvoice{ni}, "late invoice added");
  Invoice draft = ni;
  draft.state = Lifecycle::draft;
  draft.client = first.client;
  draft.number.clear();
  run(cmd::AddInvoice{draft}, "draft added");
  run(cmd::IssueInvoice{l.invoices.back().id, kToday, kToday + 3}, "draft issued");
  run(cmd::AddInvoice{draft}, "another draft");
  run(cmd::DeleteDraft{l.invoices.back().id}, "draft deleted");
  cmd::ImportBatch batch;
  batch.clients.push_back(nc);
  ni.client = -1;
  ni.number = "IMP-1";
  batch.invoices.push_back(ni);
  run(batch, "import");
}

TEST_CASE("a summary is not copied, and a ledger changed behind the commands' back can drop it") {
  OwnCheck own;
  Ledger l = bench::generate_ledger({.invoices = 500, .seed = 2});
  (void)compute_agenda(l, kToday);
  REQUIRE(l.summary.get());
  const Ledger copy = l;
  CHECK(copy.summary.get() == nullptr);
  CHECK(copy == l);
  // An invoice pushed straight into the vector is noticed (the sizes changed).
  Invoice extra = l.invoices.back();
  extra.id = l.next_invoice_id++;
  extra.number = "X-1";
  l.invoices.push_back(extra);
  same_as_reference(l, kToday, "invoice pushed without a command");
  // A field changed in place is not: drop_summary() says so.
  for (Invoice& inv : l.invoices)
    if (inv.state == Lifecycle::issued && balance(l, inv) > 0) inv.paused = true;
  drop_summary(l);
  same_as_reference(l, kToday, "every invoice paused in place");
  CHECK(compute_agenda(l, kToday).due.empty());
}
