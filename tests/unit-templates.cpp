// Message templates: the placeholder contract, error reporting with line and
// column, escapes, rendering, and the shipped French templates (one per step
// of the default chains, the legal mentions each must carry, B2C without the
// B2B penalties).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/defaults.h"
#include "core/ledger.h"
#include "core/messages.h"
#include "core/templates.h"
#include "core/text.h"

using namespace relance;

namespace {

const Template& tpl(const std::vector<Template>& all, std::string_view id) {
  static const Template none;
  for (const Template& t : all)
    if (t.id == id) return t;
  FAIL("template missing: " << id);
  return none;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

TEST_CASE("the placeholder names other code relies on stay") {
  // The first list shipped with the ledger format: renaming one would break
  // the templates users have already written.
  for (const char* name :
       {"client", "contact", "client_address", "client_email", "client_phone", "invoice_number", "invoice_date",
        "due_date", "amount", "balance", "days_late", "penalties", "indemnity", "total_due", "penalty_rate",
        "deadline", "deadline_days", "previous_steps", "invoices", "today", "company", "company_address",
        "company_email", "company_phone", "company_siret", "company_iban", "signatory", "promised_date",
        // added with the messages
        "salutation", "client_siren", "company_siren", "invoice_ref", "invoice_label", "invoices_detail", "legal_rate"}) {
    CAPTURE(name);
    CHECK(is_placeholder(name));
  }
  CHECK_FALSE(is_placeholder("clients"));
  CHECK_FALSE(is_placeholder(""));
  std::set<std::string_view> names;
  for (const Placeholder& p : placeholders()) {
    CHECK(names.insert(p.name).second);
    CHECK_FALSE(p.description.empty());
  }
}

TEST_CASE("template issues name the line, the column and a likely fix") {
  struct Row {
    const char* text;
    int line;
    int column;
    const char* message;
  };
  const Row rows[] = {
      {"Bonjour {clent},", 1, 9, "champ inconnu {clent} (vouliez-vous dire {client} ?)"},
      {"Madame,\n\nTotal : {total_du}", 3, 9, "champ inconnu {total_du} (vouliez-vous dire {total_due} ?)"},
      // Columns count characters, not bytes: "Échéance" is 8 characters.
      {"Échéance {xyz_qwerty}", 1, 10, "champ inconnu {xyz_qwerty}"},
      // French words lead to the field's name.
      {"Le {montant}", 1, 4, "champ inconnu {montant} (vouliez-vous dire {amount} ?)"},
      {"{Échéance}", 1, 1, "champ inconnu {Échéance} (vouliez-vous dire {due_date} ?)"},
      {"{date_limite}", 1, 1, "champ inconnu {date_limite} (vouliez-vous dire {deadline} ?)"},
      {"Reste {balance", 1, 7, "accolade « { » non fermée (écrivez {{ pour une accolade)"},
      {"a {b\n}", 1, 3, "accolade « { » non fermée (écrivez {{ pour une accolade)"},
      {"x } y", 1, 3, "accolade « } » sans ouverture (écrivez }} pour une accolade)"},
      {"{ client }", 1, 1, ""},  // spaces inside the braces are forgiven
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    const auto issues = find_template_issues(row.text);
    if (row.message[0] == '\0') {
      CHECK(issues.empty());
      continue;
    }
    REQUIRE(issues.size() >= 1);
    CHECK(issues[0].line == row.line);
    CHECK(issues[0].column == row.column);
    CHECK(issues[0].message == row.message);
  }

  Template t;
  t.id = "essai";
  t.name = "Mon modèle";
  t.subject = "Facture {invoice_number}";
  t.body = "Bonjour,\nMontant : {montant}";
  const Status st = check_template(t);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().where == "modèle « Mon modèle », texte, ligne 2, colonne 11");
  CHECK(st.error().what == "champ inconnu {montant} (vouliez-vous dire {amount} ?)");
}

TEST_CASE("escaped braces and rendering") {
  const TemplateValues v = {{"client", "Dupont"}, {"balance", "12,00 €"}, {"company_phone", ""}};
  struct Row {
    const char* text;
    const char* plain;    // render_template(text, v)
    const char* dropped;  // with drop_empty_lines
  };
  const Row rows[] = {
      {"{{client}} = {client}", "{client} = Dupont", "{client} = Dupont"},
      {"}} et {{", "} et {", "} et {"},
      {"{{{client}}}", "{Dupont}", "{Dupont}"},
      {"Reste : {balance}", "Reste : 12,00 €", "Reste : 12,00 €"},
      // A line of empty placeholders and punctuation disappears...
      {"A\n{company_phone}\nB", "A\n\nB", "A\nB"},
      {"A\n{company_phone} – {company_email}\nB", "A\n – \nB", "A\nB"},
      // ...but not a line with words, nor a line with one filled placeholder,
      // nor a blank line written on purpose.
      {"A\nTél. : {company_phone}\nB", "A\nTél. : \nB", "A\nTél. : \nB"},
      {"A\n{client} {company_phone}\nB", "A\nDupont \nB", "A\nDupont \nB"},
      {"A\n\nB", "A\n\nB", "A\n\nB"},
      {"A\n{company_phone}", "A\n", "A\n"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(render_template(row.text, v) == row.plain);
    CHECK(render_template(row.text, v, true) == row.dropped);
  }
  CHECK(used_placeholders("{client} {{balance}} {today} {client} {inconnu}") ==
        std::vector<std::string>{"client", "today"});
}

TEST_CASE("the default templates") {
  const std::vector<Template> all = default_templates();
  const Ledger l = make_empty_ledger();
  CHECK(l.templates == all);

  SUBCASE("ids, channels and checks") {
    const std::set<std::string> expected = {
        "b2b_pre",      "b2b_r1",       "b2b_r2",       "b2b_call",           "b2b_notice",
        "b2b_handover", "b2c_pre_sms",  "b2c_r1_sms",   "b2c_r2",             "b2c_call",
        "b2c_notice",   "b2c_handover", "thanks_b2b",   "thanks_b2c",         "promise_broken_b2b",
        "promise_broken_b2c", "b2b_pre_sms", "b2b_r1_sms", "b2b_r2_sms", "b2c_r2_sms",
        "thanks_b2b_sms", "promise_broken_b2b_sms"};
    std::set<std::string> ids;
    for (const Template& t : all) {
      CAPTURE(t.id);
      CHECK(ids.insert(t.id).second);
      CHECK(check_template(t).ok());
      CHECK_FALSE(t.name.empty());
      CHECK_FALSE(t.body.empty());
      // SMS have no subject; everything else has one (e-mail subject, letter
      // subject line, call note title).
      CHECK(t.subject.empty() == (t.channel == Channel::sms));
      if (ends_with(t.id, "_sms")) CHECK(t.channel == Channel::sms);
    }
    CHECK(ids == expected);
  }

  SUBCASE("every step of the default chains has its template, on the step's channel") {
    for (const Chain& chain : default_chains()) {
      for (std::size_t i = 0; i < chain.steps.size(); ++i) {
        CAPTURE(chain.steps[i].template_id);
        const Template* t = template_for_step(l, chain, static_cast<int>(i));
        REQUIRE(t != nullptr);
        CHECK(t->channel == chain.steps[i].channel);
        // Each e-mail step has an SMS version.
        if (t->channel == Channel::email) CHECK(sms_variant(l, *t) != nullptr);
      }
      CHECK(template_for_step(l, chain, -1) == nullptr);
      CHECK(template_for_step(l, chain, static_cast<int>(chain.steps.size())) == nullptr);
    }
    REQUIRE(thanks_template(l, ClientKind::business) != nullptr);
    CHECK(thanks_template(l, ClientKind::business)->channel == Channel::email);
    REQUIRE(thanks_template(l, ClientKind::consumer) != nullptr);
    CHECK(thanks_template(l, ClientKind::consumer)->channel == Channel::sms);
    REQUIRE(promise_broken_template(l, ClientKind::business) != nullptr);
    CHECK(promise_broken_template(l, ClientKind::consumer)->channel == Channel::sms);
    CHECK(sms_variant(l, tpl(all, "b2b_r1"))->id == "b2b_r1_sms");
    CHECK(sms_variant(l, tpl(all, "b2c_r1_sms")) == nullptr);
    CHECK(sms_variant(l, tpl(all, "b2b_notice")) == nullptr);
  }

  SUBCASE("B2B: formal, penalties and the 40 € indemnity from the first reminder after the due date") {
    for (const char* id : {"b2b_pre", "b2b_r1", "b2b_r2", "b2b_notice", "b2b_handover", "thanks_b2b", "promise_broken_b2b"}) {
      CAPTURE(id);
      CHECK(starts_with(tpl(all, id).body, "{salutation},\n"));
    }
    CHECK_FALSE(contains(tpl(all, "b2b_pre").body, "pénalités"));  // not yet late
    for (const char* id : {"b2b_r1", "b2b_r2", "b2b_notice"}) {
      CAPTURE(id);
      const std::string& b = tpl(all, id).body;
      CHECK(contains(b, "L441-10"));
      CHECK(contains(b, "D441-5"));
      CHECK(contains(b, "40\u00a0€"));
      CHECK(contains(b, "{penalty_rate}"));
    }
    CHECK(contains(tpl(all, "b2b_r2").body, "{total_due}"));
    CHECK(contains(tpl(all, "b2b_r2").body, "{deadline}"));
    CHECK(contains(tpl(all, "b2b_r2").body, "{previous_steps}"));
  }

  SUBCASE("the formal notices hold what a mise en demeure needs") {
    for (const char* id : {"b2b_notice", "b2c_notice"}) {
      CAPTURE(id);
      const Template& t = tpl(all, id);
      CHECK(t.channel == Channel::registered_notice);
      CHECK(contains(t.subject, "Mise en demeure"));
      CHECK(contains(t.body, "mettons en demeure"));          // says it is one
      CHECK(contains(t.body, "{deadline}"));                  // a deadline
      CHECK(contains(t.body, "{deadline_days} jours"));
      CHECK(contains(t.body, "{previous_steps}"));            // steps taken
      CHECK(contains(t.body, "injonction de payer"));         // consequences
      CHECK(contains(t.body, "frais"));
      CHECK(contains(t.body, "article 1344 du Code civil"));  // legal basis
      CHECK(contains(t.body, "1344-1"));
      CHECK((contains(t.body, "{invoices}") || contains(t.body, "{invoices_detail}")));  // invoices and amounts
    }
    const std::string& b2b = tpl(all, "b2b_notice").body;
    for (const char* part : {"{invoices_detail}", "{balance}", "{penalties}", "{indemnity}", "{total_due}",
                             "L441-10", "D441-5", "commissaire de justice"})
      CHECK(contains(b2b, part));
    CHECK(contains(tpl(all, "b2c_notice").body, "{legal_rate}"));
  }

  SUBCASE("B2C: no indemnity, no B2B penalties, instalments offered from the second reminder") {
    for (const Template& t : all) {
      if (!starts_with(t.id, "b2c_") && t.id != "thanks_b2c" && t.id != "promise_broken_b2c") continue;
      CAPTURE(t.id);
      for (const char* banned : {"{indemnity}", "{penalty_rate}", "40\u00a0€", "40 €", "D441-5", "L441-10", "pénalités"})
        CHECK_FALSE(contains(t.subject + t.body, banned));
    }
    for (const char* id : {"b2c_r2", "b2c_r2_sms", "b2c_call", "b2c_notice"}) {
      CAPTURE(id);
      CHECK(contains(tpl(all, id).body, "plusieurs fois"));
    }
    CHECK_FALSE(contains(tpl(all, "b2c_r1_sms").body, "plusieurs fois"));
    CHECK(contains(tpl(all, "b2c_handover").body, "commissaire de justice"));
    CHECK(contains(tpl(all, "b2c_handover").body, "injonction de payer"));
  }

  SUBCASE("call scripts say what to ask") {
    for (const char* id : {"b2b_call", "b2c_call"}) {
      CAPTURE(id);
      const Template& t = tpl(all, id);
      CHECK(t.channel == Channel::phone);
      CHECK(contains(t.body, "date"));
      CHECK(contains(t.body, "raison du retard"));
      CHECK(contains(t.body, "Date de paiement promise :"));
    }
  }

  SUBCASE("SMS wording stays in the GSM alphabet") {
    // Only the literal text: values are made GSM-friendly at render time.
    for (const Template& t : all) {
      if (t.channel != Channel::sms) continue;
      CAPTURE(t.id);
      const SmsInfo info = sms_info(t.body);
      CHECK(info.gsm7);
      CHECK(t.body.find('\n') == std::string::npos);
      CHECK(contains(t.body, "{company}"));  // the client knows who writes
    }
  }
}
