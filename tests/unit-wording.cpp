// Messages generated from what really happened: every default template reads
// right with no earlier reminder (a catch-up: the first message sent, whatever
// its rank in the chain), with one and with several, a voided reminder does
// not count, and titles say what the message is. Also the section syntax of
// templates that makes this possible, and user templates without sections.
#include <doctest/doctest.h>

#include <string>

#include "builder.h"
#include "core/assets.h"
#include "core/defaults.h"
#include "core/json_io.h"
#include "core/dunning.h"
#include "core/letter_edit.h"
#include "core/letters.h"
#include "core/messages.h"
#include "core/templates.h"
#include "core/text.h"
#include "core/wording.h"

using namespace relance;
using relance::test::Builder;
using relance::test::d;

namespace {

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// What a first message must never say: a rank or steps the client never saw.
void check_reads_as_first(const std::string& text) {
  CAPTURE(text);
  for (const char* bad : {"Malgré", "malgré", "précédent", "Deuxième", "2e relance", ": aucune", "Nos relances",
                          "nos relances", "Dernière relance", "dernière relance", "Déjà fait", "Relances précédentes",
                          "restées sans effet", "notre mise en demeure"})
    CHECK_MESSAGE(!has(text, bad), "says « " << std::string(bad) << " »");
}

// A company, a business and a consumer client, one invoice each, numbered by
// the company's own software ("2026-047"), three weeks late on 2026-11-21.
struct Day {
  Builder b;
  ClientId pro = 0, perso = 0;
  InvoiceId f_pro = 0, f_perso = 0;
  Date today = d("2026-11-21");

  Day() {
    Company co;
    co.name = "Atelier Lumière";
    co.address = {"14 rue de la Charité", "", "69002", "Lyon", ""};
    co.signatory = "Claire Vasseur, gérante";
    co.email = "compta@atelier-lumiere.fr";
    co.phone = "04 78 12 34 56";
    co.siret = "81234567600025";
    co.iban = "FR76 3000 4012 3400 0101 2345 615";
    b.run(cmd::SetCompany{co});
    pro = b.client("Dupont SARL", ClientKind::business);
    perso = b.client("M. Jean Martin", ClientKind::consumer);
    f_pro = b.invoice(pro, "2026-047", 123456, "2026-10-01", "2026-10-31");
    f_perso = b.invoice(perso, "2026-048", 85000, "2026-10-01", "2026-10-31");
  }
  const Client& client(ClientId id) const { return *find_client(b.l, id); }
  // Subject and body of a chain step's template (or its SMS version).
  Message render(ClientId c, InvoiceId inv, int step, bool sms = false) const {
    const Client& cl = client(c);
    const Chain& chain = *chain_for(b.l, cl);
    const Template* t = template_for_step(b.l, chain, step);
    REQUIRE(t != nullptr);
    if (sms) {
      t = sms_variant(b.l, *t);
      REQUIRE(t != nullptr);
    }
    return render_message(b.l, *t, message_values(b.l, cl, {inv}, today, &chain, step), cl);
  }
};

int step_of(const Chain& chain, Channel c) {
  for (std::size_t i = 0; i < chain.steps.size(); ++i)
    if (chain.steps[i].channel == c) return static_cast<int>(i);
  return -1;
}

}  // namespace

TEST_CASE("template sections: conditions on the earlier reminders and on fields") {
  TemplateValues v{{"previous_count", "0"}, {"company_iban", "FR76"}, {"client", "Dupont"}};
  const std::string t = "A\n{#if first}\nPremière\n{#else}\nSuite\n{#end}\nB {#if reminded}x{#else}y{#end} C";
  CHECK(render_template(t, v) == "A\nPremière\nB y C");
  v["previous_count"] = "1";
  CHECK(render_template(t, v) == "A\nSuite\nB x C");
  SUBCASE("once, several, not, field conditions, nesting") {
    const std::string n = "{#if once}un{#end}{#if several}plusieurs{#end}{#if not first}!{#end}"
                          "{#if company_iban}[IBAN {company_iban}]{#end}{#if company_bic}BIC{#end}"
                          "{#if reminded}{#if several}(S){#else}(1){#end}{#end}";
    v["previous_count"] = "1";
    CHECK(render_template(n, v) == "un![IBAN FR76](1)");
    v["previous_count"] = "3";
    CHECK(render_template(n, v) == "plusieurs![IBAN FR76](S)");
    v["previous_count"] = "0";
    CHECK(render_template(n, v) == "[IBAN FR76]");
  }
  SUBCASE("escaped braces are no section") {
    CHECK(render_template("{{#if first}}", v) == "{#if first}");
  }
  SUBCASE("mistakes are found when the template is saved, with line and column") {
    struct Row {
      const char* text;
      int line, column;
      const char* message;
    };
    for (const Row& r : {
             Row{"a\n{#if premier}x{#end}", 2, 1, "condition inconnue « premier »"},
             Row{"{#if first}x", 1, 1, "non fermée"},
             Row{"x{#end}", 1, 2, "{#end} sans {#if}"},
             Row{"{#else}", 1, 1, "{#else} sans {#if}"},
             Row{"{#if first}a{#else}b{#else}c{#end}", 1, 21, "deuxième {#else}"},
             Row{"{#sinon}", 1, 1, "section « {#sinon} » inconnue"},
         }) {
      CAPTURE(r.text);
      const auto issues = find_template_issues(r.text);
      REQUIRE(issues.size() == 1);
      CHECK(issues[0].line == r.line);
      CHECK(issues[0].column == r.column);
      CHECK(has(issues[0].message, r.message));
    }
    CHECK(find_template_issues("{#if first}a{#else}b{#end} {#if not company_iban}c{#end}").empty());
    Template bad;
    bad.id = "x";
    bad.body = "Bonjour\n{#if frist}\n";
    auto s = check_template(bad);
    REQUIRE_FALSE(s.ok());
    CHECK(has(s.error().message(), "ligne 2"));
  }
  SUBCASE("every shipped template is well formed") {
    for (const Template& t : make_empty_ledger().templates) {
      CAPTURE(t.id);
      CHECK(check_template(t).ok());
    }
  }
}

TEST_CASE("after a catch-up, the first message is worded as a first reminder, whatever its step") {
  Day w;
  const Agenda a = compute_agenda(w.b.l, w.today);
  // Three weeks late, nothing sent yet: the catch-up proposes the third step
  // of the B2B chain (Relance 2) and of the B2C chain (Relance et échéancier).
  REQUIRE(a.due.size() == 2);
  for (const AgendaItem& item : a.due) {
    CAPTURE(item.client_name);
    CHECK(item.step == 2);
    REQUIRE(item.invoices.size() == 1);
    CHECK((item.invoices[0].number == "2026-047" || item.invoices[0].number == "2026-048"));
  }

  SUBCASE("B2B e-mail: « Relance », no earlier relance mentioned, the own number quoted") {
    const Message m = w.render(w.pro, w.f_pro, 2);
    CHECK(m.subject == "Relance de paiement – 2026-047");
    check_reads_as_first(m.subject + "\n" + m.body);
    CHECK(has(m.body, "Sauf erreur ou omission de notre part, le règlement suivant ne nous est pas parvenu (21 jours de retard)"));
    CHECK(has(m.body, "- Facture 2026-047 du 01/10/2026, échue le 31/10/2026 : 1\u202f234,56\u00a0€ TTC"));
    CHECK(has(m.body, "Si votre paiement est parti entre-temps"));
    CHECK(m.warnings.empty());
  }
  SUBCASE("B2C e-mail and every SMS") {
    const Message m = w.render(w.perso, w.f_perso, 2);
    check_reads_as_first(m.subject + "\n" + m.body);
    CHECK(has(m.body, "Sauf erreur de notre part, le règlement suivant est toujours en attente"));
    for (auto [c, inv] : {std::pair{w.pro, w.f_pro}, std::pair{w.perso, w.f_perso}}) {
      const Message sms = w.render(c, inv, 2, true);
      check_reads_as_first(sms.body);
    }
    CHECK(w.render(w.pro, w.f_pro, 2, true).body ==
          "Atelier Lumière : sauf erreur, notre facture 2026-047 reste impayée (1 234,56 €, 21 j de retard). Merci de "
          "la régler avant le 29/11/2026.");
  }
  SUBCASE("every step of both chains, every channel, reads as a first message") {
    for (auto [c, inv] : {std::pair{w.pro, w.f_pro}, std::pair{w.perso, w.f_perso}}) {
      const Chain& chain = *chain_for(w.b.l, w.client(c));
      for (int k = 0; k < static_cast<int>(chain.steps.size()); ++k) {
        CAPTURE(chain.steps[k].template_id);
        const Message m = w.render(c, inv, k);
        check_reads_as_first(m.subject + "\n" + m.body);
        if (const Template* sms = sms_variant(w.b.l, *template_for_step(w.b.l, chain, k)))
          check_reads_as_first(render_message(w.b.l, *sms, message_values(w.b.l, w.client(c), {inv}, w.today, &chain, k),
                                              w.client(c)).body);
      }
    }
    // The call script says it is the first contact.
    const Chain& b2b = *chain_for(w.b.l, w.client(w.pro));
    CHECK(has(w.render(w.pro, w.f_pro, step_of(b2b, Channel::phone)).body, "c'est le premier contact"));
  }
  SUBCASE("letters: reminder, notice and hand-over") {
    LetterRequest r;
    r.client = w.pro;
    r.today = w.today;
    auto letter = letter_content(w.b.l, r);
    REQUIRE(letter.ok());
    CHECK(letter->step == 2);
    CHECK(letter->subject == "Relance de paiement – 2026-047");
    CHECK(letter->title == "Relance – Dupont SARL");
    const std::string text = letter_body_text(*letter);
    check_reads_as_first(letter->subject + "\n" + text);
    CHECK(has(text, "2026-047"));
    for (ClientId c : {w.pro, w.perso}) {
      LetterRequest n = r;
      n.client = c;
      n.type = LetterType::notice;
      auto notice = letter_content(w.b.l, n);
      REQUIRE(notice.ok());
      check_reads_as_first(letter_body_text(*notice));
      CHECK(has(letter_body_text(*notice), "mettons en demeure"));
      const Chain& chain = *chain_for(w.b.l, w.client(c));
      const Message h = w.render(c, c == w.pro ? w.f_pro : w.f_perso, step_of(chain, Channel::handover));
      check_reads_as_first(h.body);
      CHECK(has(h.body, "Sauf erreur de notre part, la somme de"));
    }
  }
  SUBCASE("mailto: the same first wording, short enough for every mail program") {
    LetterRequest r;
    r.client = w.pro;
    r.today = w.today;
    auto draft = email_draft(w.b.l, r);
    REQUIRE(draft.ok());
    CHECK(draft->subject == "Relance de paiement – 2026-047");
    check_reads_as_first(draft->body);
    CHECK_FALSE(draft->link.too_long);
    MESSAGE("mailto length, first reminder at step 3: " << draft->link.url.size());
    CHECK(draft->link.url.size() < 1500);
    // The same step after a reminder (the long wording), and for two invoices.
    w.b.remind(w.pro, {w.f_pro}, "b2b", 1, "2026-11-05");
    w.b.invoice(w.pro, "2026-052", 98000, "2026-10-05", "2026-11-04");
    r.step = 2;
    auto again = email_draft(w.b.l, r);
    REQUIRE(again.ok());
    CHECK(again->subject == "Dernière relance avant mise en demeure – 2026-047 et 2026-052");
    MESSAGE("mailto length, step 3 after one reminder, two invoices: " << again->link.url.size());
    CHECK(again->link.url.size() < 1500);
  }
}

TEST_CASE("one earlier reminder, several, and a voided one that no longer counts") {
  Day w;
  const Chain& b2b = *chain_for(w.b.l, w.client(w.pro));
  const Chain& b2c = *chain_for(w.b.l, w.client(w.perso));

  SUBCASE("one: « Malgré notre relance … du », « Dernière relance avant mise en demeure »") {
    w.b.remind(w.pro, {w.f_pro}, "b2b", 1, "2026-11-05");
    const Message m = w.render(w.pro, w.f_pro, 2);
    CHECK(m.subject == "Dernière relance avant mise en demeure – 2026-047");
    CHECK(has(m.body, "Malgré notre relance par e-mail du 05/11/2026, le règlement suivant reste impayé"));
    CHECK(has(m.body, "À défaut, nous vous adresserons une mise en demeure."));
    CHECK_FALSE(has(m.body, "aucune"));
    CHECK(has(w.render(w.pro, w.f_pro, 2, true).body, "dernière relance"));
    CHECK(has(w.render(w.pro, w.f_pro, step_of(b2b, Channel::phone)).body, "Déjà fait : relance par e-mail du 05/11/2026"));
    CHECK(has(w.render(w.pro, w.f_pro, step_of(b2b, Channel::registered_notice)).body,
              "Relances précédentes restées sans effet : relance par e-mail du 05/11/2026."));
    CHECK(has(w.render(w.pro, w.f_pro, step_of(b2b, Channel::handover)).body,
              "Nos relances (relance par e-mail du 05/11/2026) étant restées sans effet"));
    LetterRequest r;
    r.client = w.pro;
    r.today = w.today;
    r.step = 2;
    auto letter = letter_content(w.b.l, r);
    REQUIRE(letter.ok());
    CHECK(letter->subject == "Dernière relance avant mise en demeure – 2026-047");
    CHECK(letter->title == "Dernière relance avant mise en demeure – Dupont SARL");
    CHECK(has(letter_body_text(*letter), "Malgré notre relance par e-mail du 05/11/2026"));

    w.b.remind(w.perso, {w.f_perso}, "b2c", 1, "2026-11-05");
    const Message c = w.render(w.perso, w.f_perso, 2);
    CHECK(has(c.body, "malgré notre précédent message"));
  }
  SUBCASE("several: the list of them, and the notice named in the hand-over") {
    w.b.remind(w.pro, {w.f_pro}, "b2b", 1, "2026-11-05");
    w.b.remind(w.pro, {w.f_pro}, "b2b", 3, "2026-11-12");
    CHECK(has(w.render(w.pro, w.f_pro, 2).body,
              "Malgré nos relances (relance par e-mail du 05/11/2026 ; appel du 12/11/2026), le règlement suivant"));
    w.b.remind(w.pro, {w.f_pro}, "b2b", 4, "2026-11-16");
    const std::string h = w.render(w.pro, w.f_pro, step_of(b2b, Channel::handover)).body;
    CHECK(has(h, "Nos relances et notre mise en demeure (relance par e-mail du 05/11/2026 ; appel du 12/11/2026 ; "
                 "mise en demeure du 16/11/2026) étant restées sans effet, la somme de"));
    w.b.remind(w.perso, {w.f_perso}, "b2c", 1, "2026-11-05");
    w.b.remind(w.perso, {w.f_perso}, "b2c", 4, "2026-11-16");
    CHECK(has(w.render(w.perso, w.f_perso, step_of(b2c, Channel::handover)).body,
              "Malgré nos relances et notre mise en demeure (relance par SMS du 05/11/2026 ; mise en demeure du 16/11/2026)"));
    CHECK(has(w.render(w.perso, w.f_perso, step_of(b2c, Channel::registered_notice)).body,
              "Relances précédentes restées sans effet : relance par SMS du 05/11/2026"));
  }
  SUBCASE("a formal notice alone before the hand-over") {
    w.b.remind(w.pro, {w.f_pro}, "b2b", 4, "2026-11-16");
    CHECK(has(w.render(w.pro, w.f_pro, step_of(b2b, Channel::handover)).body,
              "Notre mise en demeure du 16/11/2026 étant restée sans effet, la somme de"));
    w.b.remind(w.perso, {w.f_perso}, "b2c", 4, "2026-11-16");
    CHECK(has(w.render(w.perso, w.f_perso, step_of(b2c, Channel::handover)).body,
              "Malgré notre mise en demeure du 16/11/2026, la somme de"));
  }
  SUBCASE("voided: kept in the history, marked void, and the wording is a first one again") {
    const HistoryId h = w.b.remind(w.pro, {w.f_pro}, "b2b", 1, "2026-11-05");
    CHECK(has(w.render(w.pro, w.f_pro, 2).subject, "Dernière relance"));
    w.b.run(cmd::VoidAction{h, d("2026-11-06")});
    REQUIRE(w.b.l.history.size() == 1);
    CHECK(w.b.l.history[0].voided);
    CHECK(w.b.l.history[0].voided_on == d("2026-11-06"));
    CHECK(w.b.l.history[0].text == "Texte envoyé");
    const Message m = w.render(w.pro, w.f_pro, 2);
    CHECK(m.subject == "Relance de paiement – 2026-047");
    check_reads_as_first(m.body);
    // Nor does it count for the next step: the catch-up proposes step 3 again.
    const Agenda a = compute_agenda(w.b.l, w.today);
    bool found = false;
    for (const AgendaItem& i : a.due)
      if (i.client == w.pro) found = i.step == 2;
    CHECK(found);
  }
}

TEST_CASE("titles and step names say what a message is, never twice") {
  const Ledger l = make_empty_ledger();
  const Chain& b2b = *find_chain(l, "b2b");
  const Chain& b2c = *find_chain(l, "b2c");
  CHECK(message_title(b2b, 0, 0) == "Rappel d'échéance");
  CHECK(message_title(b2b, 1, 0) == "Relance");
  CHECK(message_title(b2b, 2, 0) == "Relance");
  CHECK(message_title(b2b, 2, 1) == "Dernière relance avant mise en demeure");
  CHECK(message_title(b2b, 1, 1) == "Relance");
  CHECK(message_title(b2b, 3, 2) == "Appel");
  CHECK(message_title(b2b, 4, 0) == "Mise en demeure");
  CHECK(message_title(b2b, 5, 3) == "Transmission au recouvrement");
  CHECK(message_title(b2c, 2, 1) == "Dernière relance avant mise en demeure");
  CHECK(step_display_name(b2b.steps[3]) == "Appel");  // not « Appel (Appel) »
  CHECK(step_display_name(b2b.steps[2]) == "Relance 2 (E-mail)");
  CHECK(step_display_name(b2b.steps[4]) == "Mise en demeure (LRAR)");
  CHECK(step_display_name(b2c.steps[1]) == "Relance SMS");
  CHECK(step_display_name("", Channel::letter) == "Courrier");
}

TEST_CASE("a template the user edited keeps working, sections or not") {
  Day w;
  Template t = *find_template(w.b.l, "b2b_r2");
  t.subject = "Facture {invoice_number} impayée";
  t.body = "Bonjour,\nRelances déjà effectuées : {previous_steps}.\n{balance}";
  w.b.run(cmd::SetTemplate{t});
  Message m = w.render(w.pro, w.f_pro, 2);
  CHECK(m.subject == "Facture 2026-047 impayée");
  CHECK(m.body == "Bonjour,\nRelances déjà effectuées : aucune.\n1\u202f234,56\u00a0€");
  t.body = "Bonjour,\n{#if reminded}\nDéjà : {previous_steps} (dernière le {last_reminder_date}).\n{#end}\n{balance}";
  w.b.run(cmd::SetTemplate{t});
  m = w.render(w.pro, w.f_pro, 2);
  CHECK(m.body == "Bonjour,\n1\u202f234,56\u00a0€");
  CHECK(m.warnings.empty());  // {last_reminder_date} is empty, but in a branch not taken
  w.b.remind(w.pro, {w.f_pro}, "b2b", 1, "2026-11-05");
  m = w.render(w.pro, w.f_pro, 2);
  CHECK(m.body == "Bonjour,\nDéjà : relance par e-mail du 05/11/2026 (dernière le 05/11/2026).\n1\u202f234,56\u00a0€");
  // A section mistake is refused when saving, naming where.
  t.body = "{#if first}oups";
  auto r = apply(w.b.l, cmd::SetTemplate{t});
  REQUIRE_FALSE(r.ok());
  CHECK(has(r.error().message(), "non fermée"));
}

TEST_CASE("an unedited copy of an earlier default wording follows the new one on load") {
  std::vector<Template> list = make_empty_ledger().templates;
  Template* r2 = nullptr;
  for (Template& t : list)
    if (t.id == "b2b_r2") r2 = &t;
  REQUIRE(r2 != nullptr);
  const Template now = *r2;
  // The wording shipped before, as the file of earlier defaults keeps it.
  const Json old_file = Json::parse(embedded_asset("dunning/templates-fr-previous.json"), nullptr, false);
  REQUIRE(old_file.is_object());
  for (const Json& o : old_file["templates"])
    if (o["id"] == "b2b_r2") {
      r2->subject = o["subject"].get<std::string>();
      r2->body = o["body"].get<std::string>();
    }
  CHECK(r2->subject == "Deuxième relance : règlement en retard – {invoice_number}");
  const Template old = *r2;
  std::vector<Template> edited_list = list;
  const auto updated = upgrade_default_templates(list);
  CHECK(updated == std::vector<std::string>{"b2b_r2"});
  for (const Template& t : list)
    if (t.id == "b2b_r2") CHECK(t == now);
  // Edited by the user (a word added): left alone.
  for (Template& t : edited_list)
    if (t.id == "b2b_r2") t.body += "\nP.-S. : merci !";
  CHECK(upgrade_default_templates(edited_list).empty());
  for (const Template& t : edited_list)
    if (t.id == "b2b_r2") CHECK(t.body == old.body + "\nP.-S. : merci !");
}
