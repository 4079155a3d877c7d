// The daily screens (Aujourd’hui, Factures, Clients) and the first run,
// driven by clicks and typing: the invoice table, the messages of the
// sample agenda, the guided start, phone sizes and the font's glyphs.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/assets.h"
#include "core/calendar.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/letter_pdf.h"
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
    REQUIRE(letter.pdf_letter);  // what the PDF module lays out
    CHECK(letter_pdf(*letter.pdf_letter).rfind("%PDF-", 0) == 0);
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
    // Made by the PDF module: « Envoyé ? » is asked at once, the PDF follows.
    CHECK(fake::pdf_calls() == 1);
    CHECK(fake::downloads().empty());
    CHECK(s.has("Oui, c\u2019est envoy\u00e9##" + key));
    CHECK(fake::semantics_json().find("Pr\u00e9paration du PDF") != std::string::npos);
    s.settle();
    REQUIRE(fake::downloads().size() == 1);
    CHECK(fake::downloads()[0].mime_type == "application/pdf");
    CHECK(fake::downloads()[0].bytes.rfind("%PDF-", 0) == 0);
    CHECK(fake::semantics_json().find("Pr\u00e9paration du PDF") == std::string::npos);
    CHECK(s.app.ws.ledger().history.back().voided);  // nothing new before « Oui »
    s.click("Oui, c\u2019est envoy\u00e9##" + key);
    s.settle();
    CHECK(s.app.ws.ledger().history.back().channel == Channel::letter);
    CHECK_FALSE(s.app.ws.ledger().history.back().voided);
  }
  SUBCASE("a PDF module that does not load: the letter is recorded all the same, the card says why") {
    fake::fail_pdf("le module PDF n\u2019a pas pu \u00eatre charg\u00e9");
    s.click("Voir le texte##" + key);
    s.click("Lettre##" + key + "-canal");
    s.click("T\u00e9l\u00e9charger la lettre (PDF)##" + key + "-apercu");
    s.settle();
    CHECK(fake::downloads().empty());
    CHECK(s.app.notice.error);
    CHECK(s.app.notice.text == "Le PDF n\u2019a pas pu \u00eatre pr\u00e9par\u00e9 : le module PDF n\u2019a pas pu \u00eatre charg\u00e9.");
    CHECK(fake::semantics_json().find("Le PDF n\u2019a pas pu \u00eatre pr\u00e9par\u00e9 (voir le message en haut)") !=
          std::string::npos);
    fake::fail_pdf("");
    REQUIRE(s.has("R\u00e9essayer le PDF##" + key));
    s.click("R\u00e9essayer le PDF##" + key);
    s.settle();
    REQUIRE(fake::downloads().size() == 1);
    CHECK(fake::downloads()[0].bytes.rfind("%PDF-", 0) == 0);
    s.click("Oui, c\u2019est envoy\u00e9##" + key);
    s.settle();
    CHECK(s.app.ws.ledger().history.back().channel == Channel::letter);
    CHECK_FALSE(s.app.ws.ledger().history.back().voided);
  }
  SUBCASE("« Oui » before the PDF arrives: recorded, and the PDF still downloads") {
    s.click("Voir le texte##" + key);
    s.click("Lettre##" + key + "-canal");
    s.click("T\u00e9l\u00e9charger la lettre (PDF)##" + key + "-apercu");
    CHECK(fake::downloads().empty());
    s.click("Oui, c\u2019est envoy\u00e9##" + key);
    s.settle();
    CHECK(s.app.ws.ledger().history.back().channel == Channel::letter);
    CHECK_FALSE(s.app.ws.ledger().history.back().voided);
    REQUIRE(fake::downloads().size() == 1);
    CHECK(fake::downloads()[0].bytes.rfind("%PDF-", 0) == 0);
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
  // Recording an invoice made elsewhere is the default; this one is created here.
  CHECK(s.has("Num\u00e9ro de la facture##facture"));
  s.click("Cr\u00e9er la facture dans Relance");
  CHECK_FALSE(s.has("Num\u00e9ro de la facture##facture"));
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
  s.settle();
  REQUIRE_FALSE(fake::downloads().empty());
  CHECK(fake::downloads().back().bytes.rfind("%PDF-", 0) == 0);
  // A restart rebuilds the same ledger from the journal.
  const Ledger before = s.app.ws.ledger();
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.ws.ledger() == before);
}

TEST_CASE("guided start, company step: what letters need, checked with the rules of Paramètres") {
  Session s;
  s.click("Commencer avec mes donn\u00e9es");
  // Advice for letters from the start, not blocking.
  CHECK(s.has("Sans IBAN, les lettres ne disent pas o\u00f9 payer : ajoutez-le."));
  CHECK(s.has("Indiquez qui signe les lettres (nom et fonction)."));
  s.type("Nom de l\u2019entreprise##entreprise", "Menuiserie Roux");
  s.type("Adresse##entreprise", "3 rue des Lilas");
  s.type("Code postal##entreprise", "69003");
  s.type("Ville##entreprise", "Lyon");
  s.type("SIRET##entreprise", "812 345 676 00018");
  s.type("IBAN##entreprise", "FR76 3000 6000 0112 3456 7890 188");
  s.type("BIC##entreprise", "BNPAFRPPXXX");
  s.type("Signataire des lettres (nom, fonction)##entreprise", "Paul Roux, g\u00e9rant");
  s.click("Enregistrer et continuer##entreprise");
  s.settle();
  // Refused: each error under its field, nothing stored.
  CHECK(s.app.ws.ledger().company.name.empty());
  const forms::Errors& e = s.app.screens.today.state().company_error;
  CHECK(e.find("company.siret") != nullptr);
  CHECK(e.find("company.iban") != nullptr);
  CHECK(e.find("company.bic") == nullptr);
  CHECK(s.has("Ce SIRET n\u2019est pas valide (cl\u00e9 de contr\u00f4le) : v\u00e9rifiez les chiffres."));
  s.type("SIRET##entreprise", "812 345 676 00017");
  s.type("IBAN##entreprise", "FR76 3000 6000 0112 3456 7890 189");
  s.click("Enregistrer et continuer##entreprise");
  s.settle();
  const Company& c = s.app.ws.ledger().company;
  CHECK(c.name == "Menuiserie Roux");
  CHECK(c.siret == "812 345 676 00017");
  CHECK(c.siren == "812345676");
  CHECK(c.iban == "FR76 3000 6000 0112 3456 7890 189");
  CHECK(c.bic == "BNPAFRPPXXX");
  CHECK(c.signatory == "Paul Roux, g\u00e9rant");
  CHECK(c.address.postcode == "69003");
  CHECK(s.has("Raison sociale##client"));
}

TEST_CASE("an invoice issued elsewhere: recorded with its own number and dates, late, in Factures and the agenda") {
  Session s;
  s.click("Commencer avec mes donn\u00e9es");
  s.type("Nom de l\u2019entreprise##entreprise", "Menuiserie Roux");
  s.click("Enregistrer et continuer##entreprise");
  s.settle();
  s.type("Raison sociale##client", "Garage Martin");
  s.type("E-mail##client", "compta@garage-martin.fr");
  s.click("Enregistrer et continuer##client");
  s.settle();
  REQUIRE(s.app.ws.ledger().clients.size() == 1);
  // Step 3 opens on « J’ai déjà émis cette facture ».
  REQUIRE(s.has("Num\u00e9ro de la facture##facture"));
  s.type("Libell\u00e9 (ce qui a \u00e9t\u00e9 vendu)##facture", "Escalier ch\u00eane");
  s.type("Montant HT##facture", "2 500");
  s.type("Date de la facture##facture", "03/09/2026");
  s.type("\u00c9ch\u00e9ance##facture", "3/10/2026");
  // No number: refused under the field, nothing written.
  s.click("Enregistrer la facture##facture");
  s.settle();
  CHECK(s.app.ws.ledger().invoices.empty());
  CHECK(s.app.screens.today.state().guide_invoice.error.find("invoice.number") != nullptr);
  s.type("Num\u00e9ro de la facture##facture", "2026-047");
  s.click("Enregistrer la facture##facture");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices.size() == 1);
  const Invoice inv = s.app.ws.ledger().invoices[0];
  CHECK(inv.number == "2026-047");
  CHECK(inv.state == Lifecycle::issued);
  CHECK(inv.kind == InvoiceKind::invoice);
  CHECK(inv.issue_date == Date::from_ymd(2026, 9, 3));
  CHECK(inv.due_date == Date::from_ymd(2026, 10, 3));
  CHECK(inv.ttc == 300000);
  CHECK(s.app.screen == Screen::invoices);
  s.click("\u2039 Liste des factures");
  CHECK(s.has("2026-047##inv-" + std::to_string(inv.id)));
  s.click("Aujourd\u2019hui");
  s.frames();
  CHECK(s.has("2026-047"));

  // Factures › Nouvelle facture offers both; the same number again is refused under it.
  s.click("Factures");
  s.click("Nouvelle facture");
  REQUIRE(s.has("J\u2019ai d\u00e9j\u00e0 \u00e9mis cette facture"));
  s.click("J\u2019ai d\u00e9j\u00e0 \u00e9mis cette facture");
  s.click("Client##facture");
  s.click("Garage Martin##pick-" + std::to_string(inv.client));
  s.type("Num\u00e9ro de la facture##facture", "2026-047");
  s.type("Montant HT##facture", "100");
  s.type("Date de la facture##facture", "01/11/2026");
  s.click("Enregistrer la facture##facture");
  s.settle();
  CHECK(s.app.ws.ledger().invoices.size() == 1);
  CHECK(s.app.screens.invoices.state().draft.error.find("invoice.number") != nullptr);
  s.type("Num\u00e9ro de la facture##facture", "FA 48");
  s.click("Enregistrer la facture##facture");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices.size() == 2);
  CHECK(s.app.ws.ledger().invoices[1].number == "FA 48");
  CHECK(s.app.ws.ledger().invoices[1].due_date == Date::from_ymd(2026, 12, 1));  // the client's 30 days
}

TEST_CASE("a refused save brings its field into view with the keyboard focus, and says each problem once") {
  Session s(ImVec2(390, 700));
  s.click("Commencer avec mes donn\u00e9es");
  s.type("Nom de l\u2019entreprise##entreprise", "Menuiserie Roux");
  s.click("Enregistrer et continuer##entreprise");
  s.settle();
  REQUIRE(s.has("Raison sociale##client"));
  // The long client form, saved from its bottom with the name (at its top) missing.
  s.type("D\u00e9lai de paiement (jours)##client", "trente");
  auto in_view = [&](const char* label) {
    auto r = ui::rect(label);
    REQUIRE(r);
    return r->y >= 0 && r->y + r->h <= ImGui::GetIO().DisplaySize.y;
  };
  REQUIRE_FALSE(in_view("Raison sociale##client"));
  s.click("Enregistrer et continuer##client");
  s.frames(4);
  CHECK(s.app.ws.ledger().clients.empty());
  CHECK(in_view("Raison sociale##client"));
  CHECK(ImGui::GetIO().WantTextInput);  // the field has the keyboard
  // Typing goes into it.
  input::Queue q = keys_replacing("Garage Martin");
  while (!q.empty()) s.frame(s.app, &q);
  s.frames(2);
  CHECK(ui::text_value("Raison sociale##client") == std::string("Garage Martin"));

  // Then the days, lower down: in view, focused, said once (by the field as
  // you type, not again by the refusal).
  s.click("Enregistrer et continuer##client");
  s.frames(4);
  CHECK(s.app.ws.ledger().clients.empty());
  CHECK(in_view("D\u00e9lai de paiement (jours)##client"));
  CHECK(ImGui::GetIO().WantTextInput);
  int said = 0;
  for (const std::string& l : ui::labels())
    if (l.find("Nombre de jours attendu") != std::string::npos) ++said;
  CHECK(said == 1);
  CHECK_FALSE(s.has("Erreur##client"));
}

TEST_CASE("dates: short forms read with this year, the reason when a date cannot be") {
  Session s;
  auto d = forms::parse_date_fr("3/12", kToday);
  CHECK(d.value == Date::from_ymd(2026, 12, 3));
  CHECK(forms::parse_date_fr("3/12/26", kToday).value == Date::from_ymd(2026, 12, 3));
  CHECK(forms::parse_date_fr("2026-12-03").value == Date::from_ymd(2026, 12, 3));
  auto bad = forms::parse_date_fr("31/02/2026");
  CHECK_FALSE(bad.value);
  CHECK(bad.error.find("31 f\u00e9vrier") != std::string::npos);
  CHECK(forms::parse_date_fr("", kToday).empty);
}

TEST_CASE("each text field tells the platform which keyboard a phone shows, once per change") {
  Session s;
  s.load_sample();
  s.click("Clients");
  s.click("Nouveau client");
  s.click("E-mail##client");
  REQUIRE_FALSE(fake::text_kinds().empty());
  CHECK(fake::text_kinds().back() == "email");
  CHECK(ui::active_keyboard() == ui::Keyboard::email);
  const std::size_t told = fake::text_kinds().size();
  s.frames(5);
  CHECK(fake::text_kinds().size() == told);  // not every frame
  s.click("Code postal##client");
  CHECK(fake::text_kinds().back() == "postcode");
  s.click("T\u00e9l\u00e9phone##client");
  CHECK(fake::text_kinds().back() == "tel");
  s.click("Raison sociale##client");
  CHECK(fake::text_kinds().back() == "text");
  s.click("Factures");
  s.click("Nouvelle facture");
  s.click("Montant HT##facture");
  CHECK(fake::text_kinds().back() == "decimal");
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

namespace relance::test {

TEST_CASE("Aujourd’hui « Suivant »: after « Oui » the next card opens its message, in view") {
  Session s(ImVec2(1280, 800));
  s.load_sample();
  const Agenda a = compute_agenda(s.app.ws.ledger(), kToday);
  REQUIRE(a.due.size() >= 2);
  auto key = [](const AgendaItem& i) { return "c" + std::to_string(i.client) + "s" + std::to_string(i.step); };
  const std::string first = key(a.due[0]);
  // Its main button: the first channel's action, whatever it is.
  std::string main;
  for (const std::string& l : ui::labels())
    if (l.size() > first.size() && l.ends_with("##" + first) && l.find("Voir le texte") == std::string::npos &&
        l.rfind(a.due[0].client_name, 0) != 0)
      main = l;
  REQUIRE(!main.empty());
  s.click(main);
  s.settle();
  if (s.has("Oui, c\u2019est envoy\u00e9##" + first)) s.click("Oui, c\u2019est envoy\u00e9##" + first);
  else s.click("Enregistrer l\u2019appel##" + first);  // a call: its note is prefilled
  s.settle();
  // The next card to do is open at its message, marked « Suivant », on screen.
  const Agenda after = compute_agenda(s.app.ws.ledger(), kToday);
  REQUIRE(!after.due.empty());
  const std::string next = key(after.due[0]);
  CHECK(next != first);
  REQUIRE(s.has("Suivant##" + next));
  CHECK(s.has("Masquer le texte##" + next));
  auto r = ui::rect("Suivant##" + next);
  REQUIRE(r);
  CHECK(r->y >= 0);
  CHECK(r->y + r->h <= 800);
}

// The sample's clients and invoices copied `copies` times (new ids, names
// and numbers; no history): an agenda of hundreds of cards.
Ledger sample_times(int copies) {
  Ledger l = sample();
  const std::vector<Client> clients = l.clients;
  const std::vector<Invoice> invoices = l.invoices;
  const std::int64_t step = 100000;
  for (int k = 1; k <= copies; ++k) {
    for (Client c : clients) {
      c.id += k * step;
      c.name += " " + std::to_string(k);
      l.clients.push_back(std::move(c));
    }
    for (Invoice v : invoices) {
      v.id += k * step;
      v.client += k * step;
      if (v.credits) v.credits += k * step;
      if (!v.number.empty()) v.number += "-" + std::to_string(k);
      for (Payment& p : v.payments) p.id = p.id ? p.id + k * step : 0;
      l.invoices.push_back(std::move(v));
    }
  }
  l.next_client_id = l.next_invoice_id = l.next_payment_id = (copies + 1) * step;
  return l;
}

TEST_CASE("Aujourd’hui with hundreds of cards: the cards on screen are drawn, the others reached by scrolling") {
  Session s(ImVec2(1280, 800));
  std::optional<bool> ok;
  s.app.ws.replace(sample_times(60), [&](bool r) { ok = r; });
  fake::run_pending();
  REQUIRE(ok == true);
  s.frames();
  const Agenda a = compute_agenda(s.app.ws.ledger(), kToday);
  REQUIRE(a.due.size() > 100);
  auto key = [](const AgendaItem& i) { return "c" + std::to_string(i.client) + "s" + std::to_string(i.step); };
  auto cards_drawn = [] {
    int n = 0;
    for (const std::string& l : ui::labels()) n += l.starts_with("Montant##");
    return n;
  };
  // A screen's worth (and half a screen around), not the whole agenda.
  CHECK(s.has("Montant##" + key(a.due[0])));
  CHECK(cards_drawn() > 0);
  CHECK(cards_drawn() < 20);
  // The wheel reaches the last card to do, drawn on screen when it gets there.
  const std::string last = "Montant##" + key(a.due.back());
  for (int i = 0; i < 3000 && !s.has(last); ++i) {
    input::Queue q;
    q.mouse_move(640, 400);
    q.wheel(0, -5.0f);
    while (!q.empty()) s.frame(s.app, &q);
  }
  // Drawn from half a screen away: a few more turns of the wheel show it.
  auto r = s.visible(s.app, last.c_str());
  REQUIRE(r);
  CHECK(r->y >= 0);
  CHECK(r->y + r->h <= 800);
  CHECK(!s.has("Montant##" + key(a.due[0])));
  CHECK(cards_drawn() < 20);
}

TEST_CASE("Aujourd’hui: the reminder days as an .ics file, and for the notification") {
  Session s;
  s.load_sample();
  s.click("Ajouter \u00e0 mon agenda (.ics)");
  REQUIRE(fake::downloads().size() == 1);
  const auto& d = fake::downloads()[0];
  CHECK(d.name == "relances-2026-11-23.ics");
  CHECK(d.mime_type == "text/calendar");
  CHECK(d.bytes == reminders_ics(s.app.ws.ledger(), kToday, 28));
  CHECK(d.bytes.find("BEGIN:VEVENT") != std::string::npos);

  // The days published for the service worker: today's summary first.
  REQUIRE(!fake::published_days().empty());
  const auto j = nlohmann::json::parse(fake::published_days().back());
  CHECK(j["today"] == "2026-11-23");
  REQUIRE(!j["days"].empty());
  CHECK(j["days"][0]["date"] == "2026-11-23");
  const DaySummary today = day_summary(compute_agenda(s.app.ws.ledger(), kToday));
  CHECK(j["days"][0]["count"] == today.count);
  CHECK(j["days"][0]["text"] == today.text);
  for (std::size_t i = 1; i < j["days"].size(); ++i) CHECK(j["days"][i]["date"] > j["days"][i - 1]["date"]);
  const std::size_t published = fake::published_days().size();
  s.frames(5);
  CHECK(fake::published_days().size() == published);  // not again while nothing changes

  // Asked once from a click; granted, the days are handed over again.
  fake::set_notification_answer(platform::NotifyPermission::ask, platform::NotifyPermission::granted);
  s.frames(1);
  s.click("Me pr\u00e9venir les jours de relance");
  s.settle();
  CHECK(platform::notification_permission() == platform::NotifyPermission::granted);
  CHECK(fake::published_days().size() == published + 1);
  CHECK(s.has("Notifications activ\u00e9es"));
  CHECK_FALSE(s.has("Me pr\u00e9venir les jours de relance"));

  // A click on the notification brings Aujourd'hui back.
  s.click("Factures");
  s.settle();
  CHECK_FALSE(s.has("Notifications activ\u00e9es"));
  fake::click_notification();
  s.settle();
  CHECK(s.has("Notifications activ\u00e9es"));
}

TEST_CASE("the history of an invoice: an action voided from it, at any time, stays there marked void") {
  Session s;
  s.load_sample();
  const Ledger& l = s.app.ws.ledger();
  const HistoryEntry* h = nullptr;
  for (const HistoryEntry& e : l.history)
    if (!e.voided && e.kind == ActionKind::reminder && !e.invoices.empty()) h = &e;
  REQUIRE(h);
  const HistoryId id = h->id;
  const InvoiceId inv = h->invoices[0];
  s.app.open_invoice(inv);
  s.frames();
  // Its entry opened, « Annuler cette action », then confirmed.
  const std::string entry = "Historique " + std::to_string(id);
  REQUIRE(s.has(entry));
  s.click(entry);
  const std::string ask = "Annuler cette action##historique-" + std::to_string(id);
  REQUIRE(s.has(ask));
  s.click(ask);
  s.click("Ne pas annuler##historique-" + std::to_string(id));
  s.settle();
  CHECK_FALSE(find_history(s.app.ws.ledger(), id)->voided);
  s.click(ask);
  s.click("Confirmer l\u2019annulation##historique-" + std::to_string(id));
  s.settle();
  const HistoryEntry* after = find_history(s.app.ws.ledger(), id);
  REQUIRE(after);
  CHECK(after->voided);
  CHECK(after->voided_on == kToday);
  CHECK_FALSE(s.has(ask));
}

}  // namespace relance::test

namespace relance::test {

TEST_CASE("a half-typed form is kept across a reload and offered back") {
  {
    Session s;
    s.load_sample();
    s.click("Clients");
    s.click("Nouveau client");
    s.type("Raison sociale##client", "Garage Martin");
    s.type("E-mail##client", "compta@garage-martin.fr");
    CHECK(platform::kept_draft("client").find("Garage Martin") != std::string::npos);
  }
  SUBCASE("« Reprendre » brings it back where it was, as typed") {
    Session s(ImVec2(1280, 2400), "2026-11-23", true);
    s.settle();
    REQUIRE(s.has("Formulaire gard\u00e9"));
    CHECK(platform::kept_draft("client").find("Garage Martin") != std::string::npos);  // kept until answered
    s.click("Reprendre le formulaire");
    s.settle();
    CHECK_FALSE(s.has("Formulaire gard\u00e9"));
    REQUIRE(s.has("Raison sociale##client"));
    CHECK(*ui::text_value("Raison sociale##client") == "Garage Martin");
    CHECK(*ui::text_value("E-mail##client") == "compta@garage-martin.fr");
    // Saved, it leaves nothing behind.
    const std::size_t clients = s.app.ws.ledger().clients.size();
    s.click("Enregistrer le client##client");
    s.settle();
    CHECK(s.app.ws.ledger().clients.size() == clients + 1);
    CHECK(platform::kept_draft("client").empty());
  }
  SUBCASE("« Abandonner » forgets it") {
    {
      Session s(ImVec2(1280, 2400), "2026-11-23", true);
      s.settle();
      REQUIRE(s.has("Formulaire gard\u00e9"));
      s.click("Abandonner##brouillon");
      s.settle();
      CHECK_FALSE(s.has("Formulaire gard\u00e9"));
      CHECK(platform::kept_draft("client").empty());
    }
    Session again(ImVec2(1280, 2400), "2026-11-23", true);
    again.settle();
    CHECK_FALSE(again.has("Formulaire gard\u00e9"));
  }
}

}  // namespace relance::test

namespace relance::test {

TEST_CASE("a date field has a calendar: a day picked is written jj/mm/aaaa, months change with ‹ ›") {
  Session s;
  s.load_sample();
  const Ledger& l = s.app.ws.ledger();
  InvoiceId open = 0;
  for (const Invoice& inv : l.invoices)
    if (inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && balance(l, inv) > 0) open = inv.id;
  REQUIRE(open);
  s.app.open_invoice(open);
  s.frames();
  s.click("Enregistrer un paiement##action");
  const char* field = "Date du paiement##paiement";
  REQUIRE(s.has(field));
  CHECK(*ui::text_value(field) == "23/11/2026");
  s.click(std::string("Calendrier##") + field);
  REQUIRE(s.has(std::string("Mois##") + field));
  CHECK(*ui::text_value(std::string("Mois##") + field) == "novembre 2026");  // the field's month
  s.click(std::string("Mois précédent##") + field);
  CHECK(*ui::text_value(std::string("Mois##") + field) == "octobre 2026");
  s.click(std::string("18##") + field);
  CHECK(*ui::text_value(field) == "18/10/2026");
  CHECK_FALSE(s.has(std::string("Mois##") + field));  // closed once picked
}

}  // namespace relance::test
