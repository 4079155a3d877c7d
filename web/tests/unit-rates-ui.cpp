// Native tests of issue 12's browser part: rate tables served next to the
// app (web/rates_served.h) and their precedence, the one notice about
// today's rates, and a client's public-buyer and law fields.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "core/assets.h"
#include "core/command_codec.h"
#include "core/rates.h"
#include "web/app.h"
#include "web/platform_fake.h"
#include "web/rates_served.h"
#include "web/tests/session.h"
#include "web/ui.h"

using namespace relance;
namespace fake = relance::platform::fake;

namespace {

// The served packs are process-wide (core/rates.cpp): each test leaves none.
struct ServedGuard {
  ServedGuard() { clear_served_packs(); }
  ~ServedGuard() { clear_served_packs(); }
};

// The shipped France file with the 2026 H2 reference rate changed to 2,65 %,
// every 2026 H2 row verified.
std::string updated_france() {
  Jurisdiction fr = france();
  fr.reference.periods.back().rate = 2650;
  for (RateTable* t : {&fr.reference, &fr.legal_rate, &fr.legal_rate_private}) t->periods.back().verified = true;
  return jurisdiction_to_json(fr);
}

// A late invoice (due 4 February 2026) of a business client, added as commands.
void late_invoice(test::Session& s, const std::string& client_json = R"({"name": "Garage Martin", "kind": "business"})") {
  for (const std::string& c :
       {R"({"format": "relance-command", "version": 1, "type": "add_client", "client": )" + client_json + "}",
        std::string(R"({"format": "relance-command", "version": 1, "type": "add_invoice", "invoice": {"client": 1, "kind": "invoice",
           "state": "issued", "number": "F-2026-0001", "issue_date": "2026-01-05", "due_date": "2026-02-04",
           "ht": "1000.00", "vat": "200.00", "ttc": "1200.00", "label": "Installation"}})")}) {
    std::string reply;
    platform::call_async_api("dev.command", c, [&](std::string r) { reply = r; });
    s.settle();
    REQUIRE_MESSAGE(reply.find("\"ok\":true") != std::string::npos, reply);
  }
}

std::string text_of(std::string_view label) { return ui::text_value(label).value_or("(absent)"); }

void open_invoice(test::Session& s) {
  s.click("Factures");
  s.app.open_invoice(1);  // as the list's row does
  s.frames();
}

void open_rates(test::Session& s) {
  s.click("Param\u00e8tres");
  s.click("Taux l\u00e9gaux");
  s.frames();
}

}  // namespace

TEST_CASE("served rates: the site's rates/fr.json is read on start and replaces the shipped table, not the user's own") {
  ServedGuard guard;
  test::Session s;
  CHECK(fake::site_files_asked() == std::vector<std::string>{"rates/fr.json"});
  fake::serve_site_file("rates/fr.json", updated_france());
  s.settle();
  late_invoice(s);
  REQUIRE(s.app.served_rates.packs.size() == 1);
  CHECK(s.app.served_rates.packs[0].state == ServedRates::State::used);

  // The penalties follow the served table, the notice is gone.
  CHECK(rates_notice(s.app.ws.ledger(), s.app.today_date()).empty());
  s.click("Aujourd\u2019hui");
  CHECK_FALSE(s.has("Taux \u00e0 v\u00e9rifier"));
  open_invoice(s);
  CHECK(text_of("Taux 01/07/2026") == "12,65\u00a0%");
  open_rates(s);
  CHECK(text_of("Origine des taux") == "Tables utilis\u00e9es : servies par le site le 23/11/2026 (rates/fr.json).");

  // The user's own tables win over the site's; going back to the tables
  // provided brings the site's again.
  Jurisdiction mine = france();
  mine.reference.periods.back().rate = 3000;
  std::string reply;
  platform::call_async_api("dev.command",
                           command_to_json(cmd::SetRates{mine}), [&](std::string r) { reply = r; });
  s.settle();
  REQUIRE(reply.find("\"ok\":true") != std::string::npos);
  open_invoice(s);
  CHECK(text_of("Taux 01/07/2026") == "13,00\u00a0%");
  open_rates(s);
  CHECK(text_of("Origine des taux").find("les v\u00f4tres") != std::string::npos);
  CHECK(text_of("Fichier de taux du site").find("vos tables passent avant") != std::string::npos);
  s.click("Revenir aux taux fournis");
  s.click("Oui, revenir aux taux fournis");
  s.settle();
  open_invoice(s);
  CHECK(text_of("Taux 01/07/2026") == "12,65\u00a0%");
}

TEST_CASE("served rates: an invalid file is ignored with a note, the shipped table stays") {
  ServedGuard guard;
  test::Session s;
  fake::serve_site_file("rates/fr.json", R"({"format": "relance-rates", "version": 1, "id": "fr", "b2b": )");
  s.settle();
  REQUIRE(s.app.served_rates.packs.size() == 1);
  CHECK(s.app.served_rates.packs[0].state == ServedRates::State::invalid);
  CHECK(law_pack("fr") == &france());
  late_invoice(s);
  open_invoice(s);
  CHECK(text_of("Taux 01/07/2026") == "12,40\u00a0%");
  open_rates(s);
  CHECK(text_of("Origine des taux") == "Tables utilis\u00e9es : int\u00e9gr\u00e9es \u00e0 l\u2019application.");
  const std::string note = text_of("Fichier de taux du site");
  CHECK(note.rfind("Le fichier rates/fr.json servi par le site a \u00e9t\u00e9 ignor\u00e9 (", 0) == 0);
  CHECK(note.find("les taux int\u00e9gr\u00e9s restent utilis\u00e9s") != std::string::npos);
}

TEST_CASE("served rates: another pack's file under fr.json, or one that stops before the shipped table, is ignored") {
  ServedGuard guard;
  Jurisdiction old = france();
  old.reference.periods.pop_back();
  for (const auto& [file, state] : {std::pair{jurisdiction_to_json(*shipped_pack("be")), ServedRates::State::invalid},
                                    std::pair{jurisdiction_to_json(old), ServedRates::State::older}}) {
    test::Session s;
    fake::serve_site_file("rates/fr.json", file);
    s.settle();
    REQUIRE(s.app.served_rates.packs.size() == 1);
    CHECK(s.app.served_rates.packs[0].state == state);
    CHECK(law_pack("fr") == &france());
    open_rates(s);
    CHECK(s.has("Fichier de taux du site"));
  }
}

TEST_CASE("served rates: a client under another law brings its pack in; a 404 keeps the shipped one quietly") {
  ServedGuard guard;
  test::Session s;
  s.settle();
  late_invoice(s, R"({"name": "Brasserie Dupont", "kind": "business", "law": "be"})");
  s.frames();
  CHECK(fake::site_files_asked() == std::vector<std::string>{"rates/fr.json", "rates/be.json"});
  s.settle();
  for (const ServedRates::Pack& p : s.app.served_rates.packs) CHECK(p.state == ServedRates::State::absent);
  open_rates(s);
  CHECK_FALSE(s.has("Fichier de taux du site"));
  open_invoice(s);
  CHECK(text_of("Base des p\u00e9nalit\u00e9s").find("droit applicable : Belgique") != std::string::npos);
}

TEST_CASE("the rate notice: said once, on Aujourd'hui and where rates are checked, not under each amount") {
  ServedGuard guard;
  test::Session s;
  s.settle();
  late_invoice(s);
  const std::string notice = rates_notice(s.app.ws.ledger(), s.app.today_date());
  CHECK_MESSAGE(notice.find("Taux du 2e semestre 2026 non v\u00e9rifi\u00e9s : taux de la BCE 2,40\u00a0% et taux de l'int\u00e9r\u00eat l\u00e9gal 2,75\u00a0%.") == 0, notice);
  CHECK(notice.find("cochez \u00ab V\u00e9rifi\u00e9 \u00bb dans Param\u00e8tres \u203a Taux.") != std::string::npos);
  s.click("Aujourd\u2019hui");
  CHECK(s.has("Taux \u00e0 v\u00e9rifier"));
  // The message proposed for the invoice does not repeat it.
  bool repeated = false;
  for (const std::string& l : ui::labels()) repeated |= is_rate_warning(l);
  CHECK_FALSE(repeated);
  s.click("V\u00e9rifier les taux");
  s.frames();
  CHECK(s.app.screen == Screen::settings);
  CHECK(s.has("Origine des taux"));
  CHECK(s.has("Taux \u00e0 v\u00e9rifier"));
  open_invoice(s);
  CHECK_FALSE(s.has("Taux \u00e0 v\u00e9rifier"));
  for (const std::string& l : ui::labels()) CHECK_FALSE(is_rate_warning(l));
  // The letter's own words about the rate stay under the penalties.
  bool said = false;
  for (const std::string& l : ui::labels()) said |= l.find("non v\u00e9rifi\u00e9 aupr\u00e8s de la source officielle") != std::string::npos;
  CHECK(said);
}

TEST_CASE("the rate notice: a half-year without a row is said carried forward, with the action") {
  ServedGuard guard;
  test::Session s(ImVec2(1280, 2400), "2027-02-10");
  s.settle();
  late_invoice(s);
  const std::string notice = rates_notice(s.app.ws.ledger(), s.app.today_date());
  CHECK(notice.find("Taux du 1er semestre 2027 inconnus : taux de la BCE 2,40\u00a0% du 2e semestre 2026") == 0);
  CHECK(notice.find("reconduits (les lettres le disent)") != std::string::npos);
  CHECK(notice.find("dans Param\u00e8tres \u203a Taux.") != std::string::npos);
}

TEST_CASE("client form: Acheteur public and Droit applicable saved through the client commands; penalties follow") {
  ServedGuard guard;
  test::Session s;
  s.settle();
  late_invoice(s);
  s.click("Clients");
  s.app.open_client(1);  // as the list's row does
  s.frames();
  s.click("Modifier la fiche");
  s.click("Acheteur public##client");
  s.click("Collectivit\u00e9 territoriale##Acheteur public##client");
  CHECK(s.has("Acheteur public##client"));
  s.click("Droit applicable##client");
  s.click("Belgique##Droit applicable##client");
  s.click("Enregistrer le client##client");
  s.settle();
  const Client& c = s.app.ws.ledger().clients.at(0);
  CHECK(c.public_buyer == PublicBuyer::local_authority);
  CHECK(c.law == "be");

  // Back to France (the company's law by default): the public-buyer rate.
  s.click("Modifier la fiche");
  s.click("Droit applicable##client");
  s.click("Par d\u00e9faut (pays de l\u2019entreprise : France)##Droit applicable##client");
  s.click("Enregistrer le client##client");
  s.settle();
  CHECK(s.app.ws.ledger().clients.at(0).law.empty());
  open_invoice(s);
  CHECK(text_of("Taux 01/07/2026") == "10,40\u00a0%");  // 2,40 + 8 points
  CHECK(text_of("Base des p\u00e9nalit\u00e9s").find("Acheteur public (collectivit\u00e9 territoriale)") == 0);
  CHECK(text_of("Base des p\u00e9nalit\u00e9s").find("plafonn\u00e9 \u00e0 30 jours") != std::string::npos);

  // A consumer is never a public buyer: the field goes, the save clears it.
  s.click("Clients");
  s.app.open_client(1);  // as the list's row does
  s.frames();
  s.click("Modifier la fiche");
  s.click("Particulier##kind");
  CHECK_FALSE(s.has("Acheteur public##client"));
  s.click("Enregistrer le client##client");
  s.settle();
  CHECK(s.app.ws.ledger().clients.at(0).kind == ClientKind::consumer);
  CHECK(s.app.ws.ledger().clients.at(0).public_buyer == PublicBuyer::none);
}
