// The benchmark's ledgers are built straight into the vectors for speed:
// these tests check they are exactly what the app would have built through
// its commands, and that they go through the file format unchanged.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "bench/generate.h"
#include "core/dunning.h"
#include "core/ledger_file.h"

using namespace relance;

TEST_CASE("generated ledgers are what relance::apply builds from the same commands") {
  for (std::size_t n : {1u, 51u, 3000u}) {
    CAPTURE(n);
    std::vector<Command> commands;
    bench::GenStats stats;
    const Ledger generated = bench::generate_ledger({.invoices = n, .seed = 7, .commands = &commands}, &stats);
    CHECK(generated.invoices.size() == n);
    Ledger replayed = make_empty_ledger();
    std::size_t failures = 0;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      auto r = relance::apply(replayed, commands[i]);
      if (!r && failures++ < 5)
        FAIL_CHECK("command " << i << " (" << command_type(commands[i]) << ") refused: " << r.error().message());
    }
    CHECK(failures == 0);
    CHECK(replayed.invoices.size() == generated.invoices.size());
    CHECK(replayed.history.size() == generated.history.size());
    // Field by field first, for a readable failure; then the whole ledger.
    for (std::size_t i = 0; i < std::min(replayed.invoices.size(), generated.invoices.size()); ++i) {
      if (replayed.invoices[i] == generated.invoices[i]) continue;
      FAIL_CHECK("invoice " << generated.invoices[i].number << " differs");
      break;
    }
    for (std::size_t i = 0; i < std::min(replayed.history.size(), generated.history.size()); ++i) {
      if (replayed.history[i] == generated.history[i]) continue;
      FAIL_CHECK("history entry " << generated.history[i].id << " differs");
      break;
    }
    CHECK(replayed == generated);
  }
}

TEST_CASE("generated ledgers save and load back unchanged") {
  const Ledger l = bench::generate_ledger({.invoices = 5000, .seed = 3});
  const std::string text = ledger_to_json(l);
  Result<Ledger> back = ledger_from_json(text, "bench.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(*back == l);
  // The streaming writer and reader against the DOM ones.
  CHECK(text == dump_json(ledger_json(l), 1) + "\n");
  CHECK(ledger_to_json(*back) == text);
  const LedgerLoad dom = load_ledger_dom(text, "bench.json");
  REQUIRE(dom.ledger.has_value());
  CHECK(*dom.ledger == *back);
}

TEST_CASE("generated ledgers look like real books") {
  bench::GenStats s;
  const Ledger l = bench::generate_ledger({.invoices = 20000, .seed = 1}, &s);
  CHECK(l.invoices.size() == 20000);
  CHECK(s.clients == 2000);
  CHECK(s.consumers > s.clients * 28 / 100);
  CHECK(s.consumers < s.clients * 38 / 100);
  const double paid = static_cast<double>(s.paid) / static_cast<double>(s.invoices);
  CHECK(paid > 0.62);
  CHECK(paid < 0.76);
  CHECK(s.paid_late > s.paid / 4);
  CHECK(s.credit_notes > 300);
  CHECK(s.cancelled > 100);
  CHECK(s.partly_paid > 300);
  CHECK(s.disputes > 100);
  CHECK(s.promises > 100);
  CHECK(s.plans > 50);
  CHECK(s.written_off > 10);
  CHECK(s.paused > 10);
  CHECK(s.reminders > s.invoices / 2);
  CHECK(s.call_notes > 100);
  CHECK(s.thanks > 100);
  // Same seed, same ledger; another seed, another one.
  CHECK(bench::generate_ledger({.invoices = 2000, .seed = 5}) == bench::generate_ledger({.invoices = 2000, .seed = 5}));
  CHECK(!(bench::generate_ledger({.invoices = 2000, .seed = 5}) == bench::generate_ledger({.invoices = 2000, .seed = 6})));
  // The agenda has work to propose, of every kind.
  const Agenda a = compute_agenda(l, Date::from_ymd(2026, 3, 16));
  CHECK(a.due.size() > 100);
  CHECK(a.upcoming.size() > 10);
  CHECK(a.thanks.size() > 5);
}
