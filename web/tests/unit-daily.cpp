// The daily screens (Aujourd’hui, Factures, Clients) and the first run,
// driven by clicks and typing: the invoice table, the messages of the
// sample agenda, the guided start, phone sizes and the font's glyphs.
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
#include "web/invoices_form.h"
#include "web/invoices_view.h"
#include "web/today_messages.h"
#if __has_include("bench/generate.h") && defined(RELANCE_WEB_TESTS_BENCH)
#include "bench/generate.h"
#endif

TEST_CASE("invoice table: derived once per revision, sorted and filtered once per change") {
  const Ledger l = sample();
  InvoiceTable t;
  InvoiceSort sort;
  InvoiceFilter filter;
  CHECK(t.update(l, 1, kToday, sort, filter));
  CHECK(t.rows().size() == l.invoices.size());
  CHECK(t.derivations == 1);
  CHECK(t.sorts == 1);
  // Nothing changed: no work.
  CHECK_FALSE(t.update(l, 1, kToday, sort, filter));
  CHECK(t.sorts == 1);

  SUBCASE("by issue date, newest first") {
    for (std::size_t i = 1; i < t.rows().size(); ++i)
      CHECK(l.invoices[t.rows()[i - 1]].issue_date >= l.invoices[t.rows()[i]].issue_date);
  }
  SUBCASE("by balance, descending, then by number ascending") {
    sort = {InvoiceColumn::balance, true};
    CHECK(t.update(l, 1, kToday, sort, filter));
    CHECK(t.derivations == 1);
    for (std::size_t i = 1; i < t.rows().size(); ++i)
      CHECK(t.row(t.rows()[i - 1]).balance >= t.row(t.rows()[i]).balance);
    sort = {InvoiceColumn::number, false};
    t.update(l, 1, kToday, sort, filter);
    std::vector<std::string> numbers;
    for (auto i : t.rows())
      if (!l.invoices[i].number.empty()) numbers.push_back(l.invoices[i].number);
    CHECK(std::is_sorted(numbers.begin(), numbers.end()));
  }
  SUBCASE("filters: overdue, status, client, search without accents") {
    filter.overdue = true;
    t.update(l, 1, kToday, sort, filter);
    REQUIRE_FALSE(t.rows().empty());
    for (auto i : t.rows()) CHECK(t.row(i).days_late > 0);
    filter = {};
    filter.status = static_cast<int>(InvoiceStatus::paid);
    t.update(l, 1, kToday, sort, filter);
    for (auto i : t.rows()) CHECK(invoice_status(l, l.invoices[i]) == InvoiceStatus::paid);
    filter = {};
    filter.search = "celestins";
    t.update(l, 1, kToday, sort, filter);
    const Client* hotel = client_named(l, "H\u00f4tel des C\u00e9lestins");
    REQUIRE(hotel);
    REQUIRE_FALSE(t.rows().empty());
    for (auto i : t.rows()) CHECK(l.invoices[i].client == hotel->id);
    filter = {};
    filter.client = hotel->id;
    t.update(l, 1, kToday, sort, filter);
    CHECK(t.position_of(l, l.invoices[t.rows()[0]].id) == 0);
  }
  SUBCASE("a new revision derives again") {
    CHECK(t.update(l, 2, kToday, sort, filter));
    CHECK(t.derivations == 2);
    CHECK(t.update(l, 2, kToday + 1, sort, filter));
    CHECK(t.derivations == 3);
  }
}

TEST_CASE("today messages: e-mail, SMS, letter, call, thanks for the sample agenda") {
  const Ledger l = sample();
  const Agenda a = compute_agenda(l, kToday);
  const AgendaItem* hotel = agenda_item(a, "H\u00f4tel des C\u00e9lestins");
  REQUIRE(hotel);
  CHECK(hotel->channel == Channel::email);
  const std::vector<Channel> ch = channels_for(l, *hotel);
  REQUIRE_FALSE(ch.empty());
  CHECK(ch[0] == Channel::email);

  PreparedMessage m = prepare_message(l, *hotel, Channel::email, kToday);
  REQUIRE(m.ok());
  CHECK(m.url.rfind("mailto:", 0) == 0);
  const std::string body = decoded_body(m.url);
  CHECK(body.find("8\u202f720,00\u00a0\u20ac") != std::string::npos);
  CHECK(body.find("\r\n") != std::string::npos);  // CRLF line breaks
  CHECK(m.body.find("F-2026-0036") != std::string::npos);

  SUBCASE("the letter is a PDF and its text is kept") {
    PreparedMessage letter = prepare_message(l, *hotel, Channel::letter, kToday, true);
    REQUIRE(letter.ok());
    CHECK(letter.pdf.rfind("%PDF-", 0) == 0);
    CHECK(letter.channel == Channel::letter);
    CHECK(letter.body.find("Objet : ") != std::string::npos);
    CHECK(letter.file_name == "relance-hotel-des-celestins-2026-11-23.pdf");
  }
  SUBCASE("a call has a prefilled note and a tel: link") {
    const AgendaItem* call = agenda_item(a, "M. Hugo Rivi\u00e8re");
    REQUIRE(call);
    CHECK(call->channel == Channel::phone);
    PreparedMessage note = prepare_message(l, *call, Channel::phone, kToday);
    REQUIRE(note.ok());
    CHECK_FALSE(note.body.empty());
    CHECK(note.url.rfind("tel:+33", 0) == 0);
  }
  SUBCASE("an SMS step gives an sms: link") {
    const AgendaItem* sms = agenda_item(a, "Mme In\u00e8s Carpentier");
    REQUIRE(sms);
    CHECK(sms->channel == Channel::sms);
    PreparedMessage s = prepare_message(l, *sms, Channel::sms, kToday);
    REQUIRE(s.ok());
    CHECK(s.url.rfind("sms:+33", 0) == 0);
    CHECK(sms_info(s.body).gsm7);
  }
  SUBCASE("a client without e-mail: the advice, no link") {
    Ledger copy = l;
    find_client(copy, hotel->client)->email.clear();
    PreparedMessage none = prepare_message(copy, *hotel, Channel::email, kToday);
    CHECK_FALSE(none.ok());
    CHECK(none.error.find("lettre") != std::string::npos);
    CHECK(none.url.empty());
  }
  SUBCASE("thanks") {
    REQUIRE_FALSE(a.thanks.empty());
    PreparedMessage t = prepare_message(l, a.thanks[0], channels_for(l, a.thanks[0])[0], kToday);
    REQUIRE(t.ok());
    CHECK_FALSE(t.body.empty());
  }
}

TEST_CASE("Aujourd’hui: first run, the sample, a mailto: from a click recorded then undone") {
  Session s;
  CHECK(s.app.is_empty());
  CHECK(s.has("D\u00e9couvrir avec un exemple"));
  CHECK(s.has("Commencer avec mes donn\u00e9es"));
  s.click("D\u00e9couvrir avec un exemple");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices.size() == 26);
  CHECK(s.app.is_sample());
  CHECK(s.has("##exemple"));       // the sample banner
  CHECK(s.has("Repartir de z\u00e9ro"));
  CHECK(s.has("\u00c0 faire aujourd\u2019hui"));

  const Agenda a = compute_agenda(s.app.ws.ledger(), kToday);
  const AgendaItem* hotel = agenda_item(a, "H\u00f4tel des C\u00e9lestins");
  REQUIRE(hotel);
  const std::string key = "c" + std::to_string(hotel->client) + "s" + std::to_string(hotel->step);
  const std::string button = "\u00c9crire l\u2019e-mail##" + key;
  REQUIRE(s.has(button));
  s.click(button);
  REQUIRE(fake::links().size() == 1);
  CHECK(fake::links()[0].rfind("mailto:", 0) == 0);
  const std::string body = decoded_body(fake::links()[0]);
  CHECK(body.find("F-2026-0036") != std::string::npos);
  s.settle();
  // Opening the mail program records nothing: the card asks « Envoyé ? ».
  const std::size_t before = s.app.ws.ledger().history.size();
  REQUIRE(s.has("Envoy\u00e9 ?##" + key));
  s.click("Pas encore##" + key);
  s.settle();
  CHECK(s.app.ws.ledger().history.size() == before);  // « Pas encore » writes nothing
  REQUIRE(s.has(button));                               // still to do
  s.click(button);
  REQUIRE(fake::links().size() == 2);
  s.click("Oui, c\u2019est envoy\u00e9##" + key);
  s.settle();
  const Ledger& l = s.app.ws.ledger();
  REQUIRE(l.history.size() == before + 1);
  REQUIRE_FALSE(l.history.empty());
  const HistoryEntry& h = l.history.back();
  CHECK(h.client == hotel->client);
  CHECK(h.step == hotel->step);
  CHECK(h.channel == Channel::email);
  // The exact text sent, with the CRLF of the link back to LF.
  CHECK(replace_all(body, "\r\n", "\n") == h.text);
  CHECK_FALSE(s.has(button));  // done: no longer on the agenda
  const std::string undo = "Annuler##fait-" + std::to_string(h.id);
  REQUIRE(s.has(undo));
  s.click(undo);
  s.settle();
  CHECK(s.app.ws.ledger().history.back().voided);
  CHECK(s.has(button));  // back on the agenda

  SUBCASE("the letter downloads a PDF and records the step") {
    s.click("Voir le texte##" + key);
    CHECK(s.has("Texte##" + key));
    CHECK(ui::text_value("Texte##" + key)->find("F-2026-0036") != std::string::npos);
    s.click("Lettre##" + key + "-canal");
    s.click("T\u00e9l\u00e9charger la lettre (PDF)##" + key + "-apercu");
    REQUIRE(fake::downloads().size() == 1);
    CHECK(fake::downloads()[0].mime_type == "application/pdf");
    CHECK(fake::downloads()[0].bytes.rfind("%PDF-", 0) == 0);
    s.settle();
    CHECK(s.app.ws.ledger().history.back().voided);  // nothing new before « Oui »
    s.click("Oui, c\u2019est envoy\u00e9##" + key);
    s.settle();
    CHECK(s.app.ws.ledger().history.back().channel == Channel::letter);
    CHECK_FALSE(s.app.ws.ledger().history.back().voided);
  }
  SUBCASE("an edited e-mail goes out and is recorded as typed; webmail and copy ask too") {
    s.click("Voir le texte##" + key);
    s.click("Modifier le texte##" + key);
    REQUIRE(s.has("Texte##" + key));
    s.type("Objet##" + key + "-objet", "Facture F-2026-0036 : petit rappel");
    s.type("Texte##" + key, "Bonjour,\nUn mot pour la facture F-2026-0036, merci.\nJean");
    CHECK(s.has("Revenir au texte propos\u00e9##" + key));
    const std::size_t links = fake::links().size();
    s.click("Ouvrir dans Gmail##" + key);
    REQUIRE(fake::links().size() == links + 1);
    CHECK(fake::links().back().rfind("https://mail.google.com/mail/?view=cm", 0) == 0);
    CHECK(fake::links().back().find(percent_encode("Un mot pour la facture F-2026-0036, merci.")) != std::string::npos);
    s.click("Oui, c\u2019est envoy\u00e9##" + key);
    s.settle();
    const HistoryEntry& e = s.app.ws.ledger().history.back();
    CHECK_FALSE(e.voided);
    CHECK(e.subject == "Facture F-2026-0036 : petit rappel");
    CHECK(e.text == "Bonjour,\nUn mot pour la facture F-2026-0036, merci.\nJean");
  }
  SUBCASE("a call note records the step with the note's text") {
    const AgendaItem* call = agenda_item(a, "M. Hugo Rivi\u00e8re");
    REQUIRE(call);
    const std::string k = "c" + std::to_string(call->client) + "s" + std::to_string(call->step);
    s.click("Noter l\u2019appel##" + k);
    REQUIRE(s.has("Note##" + k + "-appel"));
    s.type("Note##" + k + "-appel", "Joint sa compagne : virement promis lundi.");
    s.click("Enregistrer l\u2019appel##" + k);
    s.settle();
    const HistoryEntry& c = s.app.ws.ledger().history.back();
    CHECK(c.channel == Channel::phone);
    CHECK(c.text == "Joint sa compagne : virement promis lundi.");
  }
  SUBCASE("starting afresh empties the ledger and opens the guide") {
    s.click("Repartir de z\u00e9ro");
    s.click("Oui, effacer l\u2019exemple");
    s.settle();
    CHECK(s.app.ws.ledger().invoices.empty());
    CHECK(s.has("Nom de l\u2019entreprise##entreprise"));
  }
}

TEST_CASE("guided start, Factures and Clients by clicks and typing: client, draft, issue, payment") {
  Session s;
  const std::string label = "cr\u00e8me br\u00fbl\u00e9e \u2013 1\u202f234,56 \u20ac";
  s.click("Commencer avec mes donn\u00e9es");
  s.type("Nom de l\u2019entreprise##entreprise", "P\u00e2tisserie L\u00e9a");
  s.type("Ville##entreprise", "Lyon");
  s.click("Enregistrer et continuer##entreprise");
  s.settle();
  CHECK(s.app.ws.ledger().company.name == "P\u00e2tisserie L\u00e9a");
  REQUIRE(s.has("Raison sociale##client"));
  // Refused without a name: the reason beside the field, nothing stored.
  s.click("Enregistrer et continuer##client");
  s.settle();
  CHECK(s.app.ws.ledger().clients.empty());
  s.type("Raison sociale##client", "H\u00f4tel du Parc");
  s.type("E-mail##client", "compta@hotel-parc.fr");
  s.click("Enregistrer et continuer##client");
  s.settle();
  REQUIRE(s.app.ws.ledger().clients.size() == 1);
  REQUIRE(s.has("Libell\u00e9 (ce qui a \u00e9t\u00e9 vendu)##facture"));
  s.type("Libell\u00e9 (ce qui a \u00e9t\u00e9 vendu)##facture", label);
  s.type("Montant HT##facture", "1 234,56");
  CHECK(s.has("Montant TTC##calcul"));
  s.click("Enregistrer le brouillon##facture");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices.size() == 1);
  const Invoice& draft = s.app.ws.ledger().invoices[0];
  CHECK(draft.label == label);
  CHECK(draft.ht == 123456);
  CHECK(draft.vat == 24691);
  CHECK(draft.ttc == 148147);
  CHECK(s.app.screen == Screen::invoices);
  CHECK(s.app.screens.invoices.state().selected == draft.id);

  s.click("\u00c9mettre la facture##action");
  s.click("\u00c9mettre la facture##emettre");
  s.settle();
  const Invoice& issued = s.app.ws.ledger().invoices[0];
  CHECK(issued.number == "F-2026-0001");
  CHECK(issued.state == Lifecycle::issued);
  CHECK(issued.due_date == kToday + 30);

  s.click("Enregistrer un paiement##action");
  CHECK(ui::text_value("Montant re\u00e7u##paiement") == std::string("1\u202f481,47"));
  s.type("Montant re\u00e7u##paiement", "2 000");
  CHECK(s.has("Montant re\u00e7u##paiement"));
  s.click("Enregistrer le paiement##paiement");
  s.settle();
  // Refused by the core: shown beside the amount, nothing written.
  CHECK(s.app.ws.ledger().invoices[0].payments.empty());
  CHECK(s.app.screens.invoices.state().action.error.find("payment.amount") != nullptr);
  s.type("Montant re\u00e7u##paiement", "500,00");
  s.click("Enregistrer le paiement##paiement");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices[0].payments.size() == 1);
  CHECK(s.app.ws.ledger().invoices[0].payments[0].amount == 50000);
  CHECK(balance(s.app.ws.ledger(), s.app.ws.ledger().invoices[0]) == 98147);
  CHECK(s.app.notice.text.find("981,47") != std::string::npos);

  // The list and the client page.
  s.click("\u2039 Liste des factures");
  CHECK(s.has("F-2026-0001##inv-1"));
  s.click("Clients");
  CHECK(s.has("H\u00f4tel du Parc##client-1"));
  s.click("H\u00f4tel du Parc##client-1");
  CHECK(s.has("Relev\u00e9 de compte"));
  s.click("T\u00e9l\u00e9charger le relev\u00e9 (PDF)");
  REQUIRE_FALSE(fake::downloads().empty());
  CHECK(fake::downloads().back().bytes.rfind("%PDF-", 0) == 0);
  // A restart rebuilds the same ledger from the journal.
  const Ledger before = s.app.ws.ledger();
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.ws.ledger() == before);
}

TEST_CASE("every daily screen draws at phone size with the sample, details included") {
  Session s(ImVec2(390, 844));
  s.load_sample();
  for (const char* screen : {"Aujourd\u2019hui", "Factures", "Clients"}) {
    s.click(screen);
    s.frames();
  }
  s.app.open_invoice(12);
  s.frames();
  CHECK(s.has("Montants##detail"));
  CHECK(s.has("\u2039 Liste des factures"));
  s.app.open_client(2);
  s.frames();
  CHECK(s.has("Relev\u00e9 de compte"));
  CHECK(s.missing_glyphs.empty());
}

TEST_CASE("every screen, tab and detail of the sample draws its labels with glyphs of the font") {
  Session s;
  s.load_sample();
  for (const char* screen : {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"}) {
    s.click(screen);
    s.frames();
  }
  for (const char* tab : {"Num\u00e9rotation et d\u00e9lais", "Taux l\u00e9gaux", "Sauvegarde et CSV", "Diagnostic"}) {
    REQUIRE_MESSAGE(s.has(tab), tab);
    s.click(tab);
  }
  s.click("Relances");
  REQUIRE(s.has("Mod\u00e8les de messages"));
  s.click("Mod\u00e8les de messages");
  s.click("Factures");
  s.app.open_invoice(12);
  s.frames();
  s.click("Clients");
  s.app.open_client(2);
  s.frames();
  REQUIRE(s.has("Relev\u00e9 de compte"));
  CHECK(s.missing_glyphs.empty());
  for (const std::string& label : s.missing_glyphs) MESSAGE(label);
}
