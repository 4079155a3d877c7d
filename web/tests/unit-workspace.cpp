// The storage under the Workspace (Store over the fake platform: journal
// order across tabs, errors, reopening), the Workspace (commands checked,
// stored, then applied in log order), and the URL helpers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/links.h"
#include "core/messages.h"
#include "core/sample.h"
#include "core/text.h"
#include "web/app.h"
#include "web/app/store.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/tests/session.h"
#include "web/ui.h"

using namespace relance;
using namespace relance::test;

namespace {
std::vector<std::string> texts(const Store& s) {
  std::vector<std::string> out;
  for (const auto& e : s.entries()) out.push_back(e.command_json);
  return out;
}
}  // namespace

TEST_CASE("URL helpers") {
  CHECK(platform::percent_encode("crème 1 234,56 €") == "cr%C3%A8me%201%20234%2C56%20%E2%82%AC");
  CHECK(platform::mailto_url("compta@exemple.fr", "Facture n\xC2\xB0 12", "Bonjour,\nmerci") ==
        "mailto:compta@exemple.fr?subject=Facture%20n%C2%B0%2012&body=Bonjour%2C%0D%0Amerci");
}

TEST_CASE("store: open, append, entries from another tab come first, in log order") {
  fake::reset();
  std::vector<std::string> applied;
  Store store({[&](const platform::Snapshot*) { applied.clear(); },
               [&](const platform::JournalEntry& e) { applied.push_back(e.command_json); }});
  store.open();
  CHECK(store.state() == Store::State::opening);
  fake::run_pending();
  REQUIRE(store.state() == Store::State::open);
  CHECK(store.persistence() == platform::Persistence::denied);

  Store::Appended done;
  store.append("a1", [&](Store::Appended a) { done = a; });
  fake::other_tab_appends("b1");  // lands before ours: the fake runs our append later
  fake::run_pending();
  CHECK(done.ok);
  // The other tab's entry goes through the hook, ours comes back by number.
  CHECK(applied == std::vector<std::string>{"b1"});
  CHECK(done.seq == 2);
  CHECK(done.fresh);
  CHECK(texts(store) == std::vector<std::string>{"b1", "a1"});
  CHECK(store.last_seq() == 2);

  fake::other_tab_appends("b2");
  fake::run_pending();  // the broadcast pull
  CHECK(applied == std::vector<std::string>{"b1", "b2"});
}

TEST_CASE("store: reopening replays snapshot then journal") {
  fake::reset();
  fake::store_snapshot({"{\"dev_notes\":[]}", 0, kStorageFormatVersion});
  fake::other_tab_appends("x");
  fake::other_tab_appends("y");
  Store store;
  store.open();
  fake::run_pending();
  REQUIRE(store.snapshot());
  CHECK(store.snapshot()->ledger_json == "{\"dev_notes\":[]}");
  CHECK(texts(store) == std::vector<std::string>{"x", "y"});

  bool ok = false;
  store.compact("{\"dev_notes\":[\"x\",\"y\"]}", [&](bool r) { ok = r; });
  fake::run_pending();
  CHECK(ok);
  CHECK(store.entries().empty());
  CHECK(fake::stored_journal().empty());
  CHECK(fake::stored_snapshot()->seq == 2);
}

TEST_CASE("store: errors are kept for the banner, newer data is never written") {
  SUBCASE("newer format") {
    fake::reset();
    fake::store_snapshot({"{}", 3, kStorageFormatVersion + 1});
    Store store;
    store.open();
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::newer_format);
    CHECK(store.read_only());
    bool called = false, ok = true;
    store.append("z", [&](Store::Appended a) { called = true; ok = a.ok; });
    CHECK(called);
    CHECK_FALSE(ok);
    fake::run_pending();
    CHECK(fake::stored_journal().empty());
    CHECK(fake::stored_snapshot()->format_version == kStorageFormatVersion + 1);
  }
  SUBCASE("unavailable") {
    fake::reset();
    fake::set_storage_available(false);
    Store store;
    store.open();
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::unavailable);
    CHECK(store.read_only());
  }
  SUBCASE("quota, then a write that succeeds clears it") {
    fake::reset();
    Store store;
    store.open();
    fake::run_pending();
    fake::fail_next_write(platform::StorageError::quota_exceeded);
    store.append("a");
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::quota_exceeded);
    CHECK_FALSE(store.read_only());
    store.append("b");
    fake::run_pending();
    CHECK(store.status().ok());
    CHECK(texts(store) == std::vector<std::string>{"b"});
  }
}

TEST_CASE("data: commands are checked, stored, then applied in log order with other tabs") {
  fake::reset();
  App app;
  app_init(app);
  fake::run_pending();
  REQUIRE(app.ws.store().state() == Store::State::open);

  Client c;
  c.name = "Hôtel des Célestins";
  std::optional<Result<Applied>> got;
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 1);
  CHECK(app.ws.ledger().clients.size() == 1);
  CHECK(fake::stored_journal().size() == 1);

  // Refused at once: nothing is written.
  got.reset();
  app.ws.submit(cmd::AddClient{Client{}}, [&](const Result<Applied>& r) { got = r; });
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(got->error().what == "le nom du client est obligatoire");
  CHECK(fake::stored_journal().size() == 1);

  // Another tab adds a client meanwhile: ours is applied after it, and both
  // tabs give the same ids.
  Client other;
  other.name = "Garage Dupont";
  fake::other_tab_appends(command_to_json(cmd::AddClient{other}));
  c.name = "Boulangerie Martin";
  got.reset();
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 3);
  REQUIRE(app.ws.ledger().clients.size() == 3);
  CHECK(app.ws.ledger().clients[1].name == "Garage Dupont");

  // A storage failure is reported and the ledger is unchanged.
  fake::fail_next_write(platform::StorageError::quota_exceeded);
  const Ledger before = app.ws.ledger();
  got.reset();
  c.name = "Pharmacie du Parc";
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(app.ws.ledger() == before);

  CHECK(app.ws.pending() == 0);  // nothing left behind by the refused write

  // A restart rebuilds the same ledger from the journal.
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.ws.ledger() == before);
}

TEST_CASE("workspace: commands written together are applied from the commands kept, by their numbers") {
  fake::reset();
  Workspace ws;
  ws.open();
  fake::run_pending();
  Client a, b, other;
  a.name = "Atelier Roux";
  b.name = "Boucherie Noël";
  other.name = "Garage Dupont";
  std::vector<Result<Applied>> got;
  ws.submit(cmd::AddClient{a}, [&](const Result<Applied>& r) { got.push_back(r); });
  ws.submit(cmd::AddClient{b}, [&](const Result<Applied>& r) { got.push_back(r); });
  CHECK(ws.pending() == 2);
  fake::other_tab_appends(command_to_json(cmd::AddClient{other}));  // before both
  fake::run_pending();
  CHECK(ws.pending() == 0);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].ok());
  REQUIRE(got[1].ok());
  CHECK(got[0]->client == 2);
  CHECK(got[1]->client == 3);
  REQUIRE(ws.ledger().clients.size() == 3);
  CHECK(ws.ledger().clients[0].name == "Garage Dupont");
  CHECK(ws.ledger().clients[2].name == "Boucherie Noël");
  CHECK(ws.replay_errors().empty());
  // What the journal holds replays to the same ledger.
  Workspace again;
  again.open();
  fake::run_pending();
  CHECK(again.ledger() == ws.ledger());
}
