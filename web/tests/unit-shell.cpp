// The shell: the six screens drawn, the automation API, a phone-sized
// window, the banners (notices, replay errors, unreadable data).
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

TEST_CASE("shell: frames draw the six screens, Paramètres actions reach the platform") {
  fake::reset();
  fake::set_today("2026-11-23");
  ImGuiFixture imgui;
  App app;
  app_init(app);
  fake::run_pending();
  imgui.frame(app);
  imgui.frame(app);
  for (const char* label : {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"})
    CHECK_MESSAGE(ui::rect(label), label);

  imgui.click(app, "Param\u00e8tres");
  CHECK(app.screen == Screen::settings);
  imgui.frame(app);
  // The platform checks live in Paramètres' Diagnostic tab (ui_settings.cpp).
  if (ui::rect("Diagnostic")) imgui.click(app, "Diagnostic");
  app.dev.text = "cr\u00e8me br\u00fbl\u00e9e \u2013 1\u202f234,56 \u20ac";
  imgui.frame(app);
  CHECK(ui::text_value("Texte d\u2019essai") == app.dev.text);

  imgui.click(app, "T\u00e9l\u00e9charger un CSV");
  REQUIRE(fake::downloads().size() == 1);
  CHECK(fake::downloads()[0].name == "essai-relance.csv");
  CHECK(fake::downloads()[0].bytes.find(app.dev.text) != std::string::npos);

  imgui.click(app, "\u00c9crire un e-mail");
  REQUIRE(fake::links().size() == 1);
  CHECK(fake::links()[0].rfind("mailto:?subject=", 0) == 0);

  imgui.click(app, "Copier");
  CHECK(platform::clipboard_text() == app.dev.text);

  // Commands reach the journal through window.relance.dev.command (the dev
  // build's hook, as a screen submits them) and read back as written.
  std::string appended;
  const std::string command =
      nlohmann::json{{"format", "relance-command"}, {"version", 1}, {"type", "add_client"},
                     {"client", {{"name", app.dev.text}, {"kind", "business"}}}}.dump();
  platform::call_async_api("dev.command", command, [&](std::string r) { appended = r; });
  fake::run_pending();
  REQUIRE_FALSE(appended.empty());
  CHECK(nlohmann::json::parse(appended)["ok"] == true);
  REQUIRE(fake::stored_journal().size() == 1);
  auto cmd = nlohmann::json::parse(fake::stored_journal()[0].command_json);
  CHECK(cmd["client"]["name"] == app.dev.text);
  auto journal = nlohmann::json::parse(*platform::call_api("dev.journal", ""));
  REQUIRE(journal.size() == 1);
  CHECK(nlohmann::json::parse(journal[0]["command"].get<std::string>())["client"]["name"] == app.dev.text);
  CHECK(app.ws.replay_errors().empty());
  // Only commands: there is no way to journal anything else.
  platform::call_async_api("dev.append", "note", [&](std::string r) { appended = r; });
  CHECK(appended == "{\"error\":\"unknown api dev.append\"}");

  // window.relance plumbing.
  auto rect = platform::call_api("ui.rect", "Copier");
  REQUIRE(rect);
  CHECK(nlohmann::json::parse(*rect)["w"].get<double>() > 0);
  CHECK(platform::call_api("ui.rect", "nothing") == std::string("null"));
  CHECK_FALSE(platform::call_api("no.such.api", ""));
  std::string reply;
  platform::call_async_api("importLedger", "not json", [&](std::string r) { reply = r; });
  CHECK(nlohmann::json::parse(reply)["ok"] == false);
  // A file that is not a ledger is refused with its errors; nothing changes.
  platform::call_async_api("importLedger", "{\"dev_notes\":[]}", [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(reply)["ok"] == false);
  CHECK(nlohmann::json::parse(reply)["errors"][0] == "importLedger: $.format: champ obligatoire absent");
  CHECK(fake::stored_journal().size() == 1);
  // A real ledger replaces everything: a snapshot, an empty journal.
  platform::call_async_api("importLedger", std::string(embedded_asset("sample/ledger.json")),
                           [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(reply)["ok"] == true);
  CHECK(fake::stored_journal().empty());
  CHECK(app.ws.ledger().invoices.size() == 26);
  platform::call_async_api("exportLedger", "", [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(reply)["invoices"].size() == 26);
}

TEST_CASE("shell: a phone-sized window keeps every screen button inside it") {
  fake::reset();
  ImGuiFixture imgui;
  ImGui::GetIO().DisplaySize = ImVec2(390, 844);
  App app;
  app_init(app);
  fake::run_pending();
  imgui.frame(app);
  imgui.frame(app);
  for (const char* label : {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"}) {
    auto r = ui::rect(label);
    REQUIRE_MESSAGE(r, label);
    CHECK_MESSAGE(r->x + r->w <= 390, label);
  }
}

TEST_CASE("shell: notices, replay errors and unreadable data are shown") {
  Session s;
  s.app.notify("Paiement enregistr\u00e9.", false, {"attention"});
  s.frames();
  CHECK(s.has("##notice"));
  s.click("Fermer##notice");
  CHECK_FALSE(s.has("##notice"));
  fake::other_tab_appends("pas une commande");  // refused on replay
  s.settle();
  CHECK(s.has("##erreurs-journal"));
  // Another tab leaves an unreadable snapshot behind.
  fake::store_snapshot({"illisible", 100, kStorageFormatVersion, {}, {}});
  fake::other_tab_appends("{}");
  s.settle();
  REQUIRE_FALSE(s.app.ws.snapshot_error().empty());
  CHECK(s.has("##donnees-illisibles"));
  std::optional<Result<Applied>> got;
  Client c;
  c.name = "X";
  s.app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  REQUIRE(got);
  CHECK_FALSE(got->ok());
}

namespace relance::test {

TEST_CASE("each view has an address and a title; Back and Forward move between views; an address opens its view") {
  {
    Session s;
    s.load_sample();
    s.settle();
    CHECK(fake::shown_view() == std::pair<std::string, std::string>{"#/aujourdhui", "Aujourd\u2019hui \u2014 Relance"});
    s.click("Factures");
    s.settle();
    CHECK(fake::shown_view().first == "#/factures");
    CHECK(fake::shown_view().second == "Factures \u2014 Relance");
    const Invoice* inv = nullptr;
    for (const Invoice& i : s.app.ws.ledger().invoices)
      if (i.number == "F-2026-0036") inv = &i;
    REQUIRE(inv);
    const InvoiceId id = inv->id;
    s.click("F-2026-0036##inv-" + std::to_string(id));
    s.settle();
    CHECK(fake::shown_view() == std::pair<std::string, std::string>{"#/factures/F-2026-0036", "Facture F-2026-0036 \u2014 Relance"});
    const std::size_t entries = fake::view_entries();
    // Back: the list; Forward: the invoice again; no new entries for either.
    REQUIRE(fake::back());
    s.settle();
    CHECK(s.app.screen == Screen::invoices);
    CHECK(s.app.screens.invoices.state().selected == 0);
    CHECK(fake::shown_view().first == "#/factures");
    REQUIRE(fake::forward());
    s.settle();
    CHECK(s.app.screens.invoices.state().selected == id);
    CHECK(fake::view_entries() == entries);
    // Back twice: Aujourd'hui.
    REQUIRE(fake::back());
    REQUIRE(fake::back());
    s.settle();
    CHECK(s.app.screen == Screen::today);
  }
  SUBCASE("a reload at an invoice's address reopens it") {
    fake::set_initial_fragment("#/factures/F-2026-0036");
    Session s(ImVec2(1280, 2400), "2026-11-23", true);
    s.settle();
    CHECK(s.app.screen == Screen::invoices);
    REQUIRE(s.app.screens.invoices.state().selected != 0);
    CHECK(find_invoice(s.app.ws.ledger(), s.app.screens.invoices.state().selected)->number == "F-2026-0036");
    CHECK(fake::shown_view().second == "Facture F-2026-0036 \u2014 Relance");
  }
  SUBCASE("addresses read against the ledger") {
    const Ledger l = sample();
    CHECK(nav_of_fragment("#/rapports", l)->screen == Screen::reports);
    CHECK(nav_of_fragment("#/factures/nouvelle", l)->new_invoice);
    CHECK_FALSE(nav_of_fragment("#/factures/F-1999-0001", l));  // not in the ledger
    CHECK_FALSE(nav_of_fragment("#/inconnu", l));
    CHECK_FALSE(nav_of_fragment("", l));
    CHECK_FALSE(nav_of_fragment("#/clients/abc", l));
    CHECK(nav_of_fragment("#/clients/" + std::to_string(l.clients[0].id), l)->client == l.clients[0].id);
  }
}

}  // namespace relance::test
