// The ledger file: round trips, the golden format, migration from version 1,
// and errors that name the JSON path without loading anything.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "bench/generate.h"
#include "builder.h"
#include "core/command_codec.h"
#include "core/json_stream.h"
#include "core/ledger_file.h"
#include "core/sample.h"

using namespace relance;
using namespace relance::test;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/storage/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}


}  // namespace

TEST_CASE("a ledger round-trips through JSON") {
  const Ledger l = full_ledger();
  const std::string json = ledger_to_json(l);
  auto back = ledger_from_json(json, "registre.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(*back == l);
  CHECK(ledger_to_json(*back) == json);
  CHECK(back->invoices[1].credited == 10'000);  // derived data rebuilt on load
}

TEST_CASE("the golden version 2 file loads and is written back byte for byte") {
  const std::string text = fixture("ledger-v2.json");
  auto l = ledger_from_json(text, "ledger-v2.json");
  REQUIRE_MESSAGE(l.ok(), l.error().message());
  CHECK(l->clients.size() == 2);
  CHECK(l->invoices[0].payments[0].amount == 1'000'000);
  CHECK(l->invoices[0].contractual_rate == 12000);
  CHECK(l->clients[1].terms == PaymentTerms{TermsMethod::eom_then_days, 15});
  CHECK(l->history[0].step == 1);  // "step": 2 in the file is the second step
  CHECK(balance(*l, l->invoices[1]) == 144'000);
  CHECK(ledger_to_json(*l) == text);
}

TEST_CASE("a version 1 file is migrated to the same ledger") {
  const LedgerLoad v1 = load_ledger(fixture("ledger-v1.json"), "ledger-v1.json");
  const std::string first_error = v1.errors.empty() ? "" : v1.errors[0].message();
  REQUIRE_MESSAGE(v1.ledger.has_value(), first_error);
  CHECK(v1.from_version == 1);
  CHECK(v1.notes.size() == 1);
  auto v2 = ledger_from_json(fixture("ledger-v2.json"), "ledger-v2.json");
  REQUIRE(v2.ok());
  CHECK(*v1.ledger == *v2);
}

TEST_CASE("bad files are refused with the path and the problem, and nothing is loaded") {
  const std::string good = fixture("ledger-v2.json");
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto pos = s.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, from);
    return s.replace(pos, from.size(), to);
  };
  struct Row {
    std::string text;
    std::string where;
    std::string what;
  };
  const Row rows[] = {
      {"{\"format\": \"relance-ledger\",\n \"version\": 2,,}", "f.json:2:15", "JSON invalide"},
      {"", "f.json:1:1", "JSON invalide : fin de texte inattendue"},
      {"[1,2]", "f.json: $", "objet attendu, trouvé un tableau"},
      {with("\"relance-ledger\"", "\"autre-chose\""), "f.json: $.format", "« relance-ledger » attendu, trouvé « autre-chose »"},
      {with("\"version\": 2", "\"version\": 3"), "f.json: $.version", "ce fichier vient d'une version plus récente de Relance"},
      {with("\"ttc\": \"15600.00\"", "\"ttc\": 15600.0"), "f.json: $.invoices[0].ttc", "montant en texte attendu (\"1234.56\"), trouvé un nombre décimal"},
      {with("\"ttc\": \"15600.00\"", "\"ttc\": \"15 600,00\""), "f.json: $.invoices[0].ttc", "montant invalide « 15 600,00 »"},
      {with("\"ttc\": \"15600.00\"", "\"ttc\": \"15000.00\""), "f.json: $.invoices[0].ttc", "HT + TVA (13000.00 + 2600.00) ne fait pas le TTC (15000.00)"},
      {with("\"due_date\": \"2026-10-31\"", "\"due_date\": \"2026-02-30\""), "f.json: $.invoices[0].due_date", "date AAAA-MM-JJ attendue, trouvé « 2026-02-30 »"},
      {with("\"kind\": \"consumer\"", "\"kind\": \"particulier\""), "f.json: $.clients[1].kind", "« particulier » inconnu (attendu : business, consumer)"},
      {with("\"name\": \"M. Rivière\",", ""), "f.json: $.clients[1].name", "champ obligatoire absent"},
      {with("\"client\": 2,\n   \"kind\": \"invoice\"", "\"client\": 9,\n   \"kind\": \"invoice\""), "f.json: $.invoices[1].client", "client 9 introuvable"},
      {with("\"number\": \"F-2026-0002\"", "\"number\": \"F-2026-0001\""), "f.json: $.invoices[1].number", "numéro F-2026-0001 en double"},
      {with("\"credits\": 2", "\"credits\": 7"), "f.json: $.invoices[2].credits", "facture 7 introuvable"},
      {with("Il reste {balance}", "Il reste {solde}"), "f.json: $.templates[0].body", "ligne 2, colonne 10 : champ inconnu {solde}"},
      {with("\"template\": \"t1\",\n     \"min_balance\"", "\"template\": \"t9\",\n     \"min_balance\""), "f.json: $.chains[0].steps[1].template", "modèle « t9 » introuvable"},
      {with("\"Éclairage du hall\"", "\"\xC3\""), "f.json:79:15", "JSON invalide"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.where);
    const LedgerLoad load = load_ledger(row.text, "f.json");
    CHECK_FALSE(load.ledger.has_value());
    REQUIRE_FALSE(load.errors.empty());
    CHECK(load.errors[0].where.rfind(row.where, 0) == 0);
    CHECK_MESSAGE(load.errors[0].what.find(row.what) != std::string::npos, load.errors[0].what);
  }
}

TEST_CASE("every problem of a file is listed, not only the first") {
  std::string text = fixture("ledger-v2.json");
  text.replace(text.find("\"2026-10-31\""), 12, "\"31/10/2026\"");
  text.replace(text.find("\"2026-09-16\""), 12, "\"hier\"");
  const LedgerLoad load = load_ledger(text, "f.json");
  REQUIRE(load.errors.size() == 2);
  CHECK(load.errors[0].where == "f.json: $.invoices[0].due_date");
  CHECK(load.errors[1].where == "f.json: $.invoices[1].due_date");
}

// The streaming reader (load_ledger) against the DOM one (load_ledger_dom):
// the same ledger, or the same errors in the same order, and the same version
// and notes, whatever the text.
static void check_same_load(const std::string& text) {
  const LedgerLoad stream = load_ledger(text, "f.json");
  const LedgerLoad dom = load_ledger_dom(text, "f.json");
  CHECK(stream.errors == dom.errors);
  CHECK(stream.ledger.has_value() == dom.ledger.has_value());
  if (stream.ledger && dom.ledger) CHECK(*stream.ledger == *dom.ledger);
  CHECK(stream.from_version == dom.from_version);
  CHECK(stream.notes == dom.notes);
}

TEST_CASE("the streaming writer gives the bytes of the DOM writer") {
  auto sample = sample_ledger(kSampleToday);
  REQUIRE(sample.ok());
  auto golden = ledger_from_json(fixture("ledger-v2.json"), "ledger-v2.json");
  REQUIRE(golden.ok());
  Ledger empty = make_empty_ledger();
  Ledger no_templates = full_ledger();
  no_templates.templates.clear();  // an empty list: "[]"
  no_templates.chains.clear();
  for (const Ledger* l : {&*sample, &*golden, &empty, &no_templates}) {
    const Ledger full = full_ledger();
    for (const Ledger* x : {l, &full})
      for (int indent : {1, -1, 0, 2}) {
        CAPTURE(indent);
        CHECK(ledger_to_json(*x, indent) == dump_json(ledger_json(*x), indent) + "\n");
      }
  }
  // Invalid UTF-8 in a text becomes U+FFFD, as in the DOM dump.
  Ledger bad = full_ledger();
  bad.history[0].text = "abc\xC3(def\xFF";
  CHECK(ledger_to_json(bad) == dump_json(ledger_json(bad), 1) + "\n");
}

// Texts that need escaping or are not plain UTF-8, in every string the direct
// writer writes: controls, quotes, backslashes, DEL, U+2028, 4-byte
// characters, invalid and truncated sequences (replaced by U+FFFD), empty.
static std::vector<std::string> awkward_texts() {
  std::vector<std::string> texts = {
      "", "\"", "\\", "a\"b\\c\"", std::string("\0x\x01\x1f", 4), "\b\f\n\r\t\v", "\x7f", "caf\xC3\xA9",
      "\xE2\x80\xA8 et \xE2\x80\xA9", "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF", "Relance n\xC2\xB0 2 \xE2\x82\xAC\n\n\"cit\xC3\xA9\"\\",
      "abc\xC3(def\xFF", "\xC3", "\xE2\x82", "\xF0\x9F\x98", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
      "\xC0\xAF", "\x80\xBF", "\xF5\x80\x80\x80", "long texte sans rien \xC3\xA0 \xC3\xA9" "chapper puis \xC3 seul"};
  // Each special byte at each place around the 8-byte blocks of the scan.
  for (const std::string special : {"\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xC3\xA9", "\xC3", "\xE2\x80\xA8"})
    for (std::size_t at = 0; at <= 17; ++at) texts.push_back(std::string(at, 'a') + special + std::string(17 - at, 'b'));
  return texts;
}

TEST_CASE("awkward texts are written as nlohmann's serializer writes them") {
  for (const std::string& text : awkward_texts()) {
    CAPTURE(text);
    std::string out = "x";
    append_json_string(out, text);
    CHECK(out == "x" + dump_json(Json(text)));
    Ledger l = full_ledger();
    REQUIRE(l.clients.size() >= 2);
    REQUIRE(!l.invoices[0].payments.empty());
    l.history[0].text = text;
    l.history[0].subject = text;
    l.history[0].recipient = text;
    l.invoices[0].label = text;
    l.invoices[0].payments[0].reference = text;
    l.clients[0].name = text;
    l.clients[1].address.city = text;
    l.clients[1].notes = text;
    for (int indent : {1, -1, 0, 2}) {
      CAPTURE(indent);
      CHECK(ledger_to_json(l, indent) == dump_json(ledger_json(l), indent) + "\n");
    }
  }
}

TEST_CASE("strings of up to four awkward bytes are escaped as nlohmann escapes them") {
  // Every string of 1 to 4 bytes over the bytes that matter to JSON and to
  // UTF-8 (each boundary of table 3-7), alone and after 7 plain bytes (so
  // that it straddles the scan's first 8-byte block).
  const std::string bytes = std::string("\0\x1f \"\\a\x7f", 7) +
                            "\x80\x8f\x90\x9f\xA0\xBF\xC0\xC1\xC2\xDF\xE0\xE1\xEC\xED\xEE\xEF\xF0\xF1\xF3\xF4\xF5\xFF";
  std::size_t differ = 0;
  std::string s, out;
  for (const std::string prefix : {"", "1234567"})
    for (std::size_t len = 1; len <= 4; ++len) {
      std::size_t count = 1;
      for (std::size_t i = 0; i < len; ++i) count *= bytes.size();
      for (std::size_t n = 0; n < count; ++n) {
        s = prefix;
        for (std::size_t i = 0, k = n; i < len; ++i, k /= bytes.size()) s += bytes[k % bytes.size()];
        out.clear();
        append_json_string(out, s);
        if (out != dump_json(Json(s)) && ++differ <= 5) CHECK(out == dump_json(Json(s)));
      }
    }
  CHECK(differ == 0);
}

// A ledger whose records have every optional field set, so the direct writer
// writes each member the DOM has.
static Ledger every_field_ledger() {
  Ledger l = full_ledger();
  Client& c = l.clients[0];
  c.code = "C042";
  c.contact = "Mme Martin";
  c.email = "compta@example.fr";
  c.phone = "04 78 00 00 00";
  c.address = {"1 quai", "B\xC3\xA2timent 2", "69002", "Lyon", "FR"};
  c.siren = "123456789";
  c.vat_number = "FR12123456789";
  c.chain_id = "b2b";
  c.notes = "Appeler le mardi";
  c.do_not_chase = true;
  c.bad_payer = true;
  c.public_buyer = PublicBuyer::state;
  c.law = "fr";
  Invoice& inv = l.invoices[0];
  inv.proforma_number = "P-2026-0001";
  inv.label = "Travaux";
  inv.contractual_rate = 1215;
  inv.credits = 2;
  inv.cancel_reason = "Erreur";
  inv.closed_on = Date::from_ymd(2026, 12, 1);
  inv.payments[0].reference = "VIR 123";
  inv.payments[0].deposit = true;
  inv.payments[0].bank_ref = "FITID-1";
  inv.payments[0].statement = "releve.ofx";
  inv.plan = {{Date::from_ymd(2026, 12, 15), 100}};
  inv.disputes = {{Date::from_ymd(2026, 11, 1), "Livraison", Date::from_ymd(2026, 11, 3)}};
  inv.paused = true;
  inv.pause_reason = "Attente";
  inv.court_claim_on = Date::from_ymd(2026, 12, 2);
  inv.judgment_notified_on = Date::from_ymd(2026, 12, 3);
  HistoryEntry& h = l.history[0];
  h.invoices = {1, 2, 3};
  h.recipient = "compta@example.fr";
  h.subject = "Relance";
  h.voided = true;
  h.voided_on = Date::from_ymd(2026, 12, 4);
  HistoryEntry no_invoice = h;
  no_invoice.id = 99;
  no_invoice.invoices.clear();  // "[]"
  no_invoice.text.clear();
  no_invoice.step = -1;
  l.history.push_back(no_invoice);
  return l;
}

TEST_CASE("the direct writer writes every field of the records' Json") {
  const Ledger l = every_field_ledger();
  for (int indent : {1, -1, 0, 2}) {
    CAPTURE(indent);
    CHECK(ledger_to_json(l, indent) == dump_json(ledger_json(l), indent) + "\n");
  }
  // Every optional member is there, so none is left untested above.
  const Json j = ledger_json(l);
  CHECK(j["clients"][0].size() == 17);
  CHECK(j["invoices"][0].size() == 24);
  CHECK(j["history"][0].size() == 13);
  const LedgerLoad back = load_ledger(ledger_to_json(l), "f.json");
  CHECK(back.ledger.has_value());
}

TEST_CASE("the sample ledger and the fixtures load, then save byte for byte") {
  auto sample = sample_ledger(kSampleToday);
  REQUIRE(sample.ok());
  const std::string text = ledger_to_json(*sample);
  const LedgerLoad load = load_ledger(text, "exemple.json");
  REQUIRE(load.ledger.has_value());
  CHECK(*load.ledger == *sample);
  CHECK(ledger_to_json(*load.ledger) == text);
  check_same_load(text);
  check_same_load(fixture("ledger-v2.json"));
  check_same_load(fixture("ledger-v1.json"));
  check_same_load("\xEF\xBB\xBF" + fixture("ledger-v2.json"));  // a byte order mark is skipped
}

TEST_CASE("the streaming reader gives the errors of the DOM reader") {
  const std::string good = fixture("ledger-v2.json");
  auto with = [&](std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE_MESSAGE(pos != std::string::npos, from);
    return s.replace(pos, from.size(), to);
  };
  const std::vector<std::string> texts = {
      "", "{}", "[]", "42", "null", "{\"format\": \"relance-ledger\"}", "{\"version\": 2}",
      "{\"format\": \"relance-ledger\", \"version\": 2}",
      "{\"format\": \"relance-ledger\", \"version\": 2, \"invoices\": null, \"clients\": {}}",
      "{\"format\": \"relance-ledger\", \"version\": 2, \"clients\": [1, \"x\", null, []]}",
      "{\"format\": \"relance-ledger\", \"version\": 2, \"history\": [], \"chains\": [], \"templates\": []}",
      "{\"format\": \"relance-ledger\", \"version\": 2.0}",
      "{\"format\": \"relance-ledger\", \"version\": \"2\"}",
      "{\"format\": 1, \"version\": 2}",
      "{\"format\": \"relance-ledger\", \"version\": 2} x",
      with(good, "\"version\": 2", "\"version\": 3"),
      with(good, "\"version\": 2", "\"version\": 0"),
      with(good, "\"relance-ledger\"", "\"autre\""),
      // A wrong type deep in a record.
      with(good, "\"amount\": \"10000.00\"", "\"amount\": 10000"),
      with(good, "\"days\": 45", "\"days\": \"45\""),
      with(good, "\"line1\": \"4 rue des Archers\"", "\"line1\": [1]"),
      with(good, "\"ttc\": \"15600.00\"", "\"ttc\": 15600.0"),
      // Errors in several sections, in the order of the sections.
      with(with(good, "\"2026-10-31\"", "\"31/10/2026\""), "\"kind\": \"consumer\"", "\"kind\": \"x\""),
      with(with(good, "\"deadline_days\": 8", "\"deadline_days\": 800"), "\"2026-09-16\"", "\"hier\""),
      // A null member, an unknown one, one out of order, one repeated.
      with(good, "\"company\": {", "\"company\": null, \"extra\": {\"a\": [1, {\"b\": null}]}, \"settings2\": {"),
      with(good, "\"format\": \"relance-ledger\",", "\"format\": \"relance-ledger\", \"zz\": 1,"),
      with(good, "\"next_ids\": {", "\"clients\": [], \"next_ids\": {"),
      with(good, "\"custom_rates\": null", "\"custom_rates\": null, \"clients\": []"),
      with(good, "\"custom_rates\": null", "\"custom_rates\": null, \"version\": 1"),
      with(good, "\"custom_rates\": null", "\"custom_rates\": 12"),
      with(good, "{\n \"format\": \"relance-ledger\",\n \"version\": 2,", "{\n \"version\": 2,\n \"format\": \"relance-ledger\","),
      // History entries, read straight from the parser's events when plain.
      with(good, "\"chain\": \"b2b\",\n   \"step\": 2", "\"chain\": null,\n   \"step\": 2"),
      with(good, "\"step\": 2", "\"step\": 1001"),
      with(good, "\"step\": 2", "\"step\": -1"),
      with(good, "\"step\": 2", "\"step\": 2, \"step\": 3"),
      with(good, "\"step\": 2", "\"step\": 2, \"mood\": {\"a\": 1}"),
      with(good, "\"invoices\": [\n    1\n   ]", "\"invoices\": [1, 0, \"2\", 1.5, 18446744073709551615]"),
      with(good, "\"invoices\": [\n    1\n   ]", "\"invoices\": 1"),
      with(good, "\"invoices\": [\n    1\n   ]", "\"invoices\": []"),
      with(good, "\"kind\": \"reminder\",\n   \"chain\"", "\"kind\": \"\",\n   \"chain\""),
      with(good, "\"kind\": \"reminder\",\n   \"chain\"", "\"chain\""),
      with(good, "\"channel\": \"email\",\n   \"recipient\"", "\"channel\": \"fax\",\n   \"recipient\""),
      with(good, "\"text\": \"Madame", "\"voided\": true, \"voided_on\": \"\", \"text\": \"Madame"),
      with(good, "\"text\": \"Madame", "\"voided\": 1, \"voided_on\": \"2026-11-31\", \"text\": \"Madame"),
      with(good, "\"text\": \"Madame", "\"voided_on\": \"2026-11-30\", \"text\": \"Madame"),
      with(good, "\"id\": 1,\n   \"date\": \"2026-11-05\"", "\"id\": 4503599627370497,\n   \"date\": \"2026-11-05\""),
      with(good, "\"id\": 1,\n   \"date\": \"2026-11-05\"", "\"date\": \"2026-11-05\""),
      with(good, "\"history\": [\n  {", "\"history\": [\n  7, {"),
      with(good, "\"history\": [\n  {", "\"history\": [\n  {\"id\": 2, \"date\": \"2026-11-06\", \"client\": 2, \"kind\": \"note\", \"channel\": \"phone\"}, {"),
      // Invoices, also read straight from the events when plain.
      with(good, "\"amount\": \"10000.00\"", "\"amount\": \"0.00\""),
      with(good, "\"amount\": \"10000.00\"", "\"amount\": \"-10.00\""),
      with(good, "\"method\": \"transfer\"", "\"method\": \"\""),
      with(good, "\"method\": \"transfer\"", "\"method\": \"troc\""),
      with(good, "\"method\": \"transfer\"", "\"method\": \"transfer\", \"deposit\": true, \"bank_ref\": \"B1\", \"statement\": \"S\""),
      with(good, "\"id\": 1,\n     \"date\"", "\"id\": 0,\n     \"date\""),
      with(good, "\"id\": 1,\n     \"date\"", "\"date\""),
      with(good, "\"id\": 1,\n     \"date\": \"2026-10-30\",", "\"id\": 1,"),
      with(good, "\"contractual_rate\": \"12.00\"", "\"contractual_rate\": null"),
      with(good, "\"contractual_rate\": \"12.00\"", "\"contractual_rate\": \"abc\""),
      with(good, "\"contractual_rate\": \"12.00\"", "\"contractual_rate\": 12"),
      with(good, "\"acknowledges_debt\": true", "\"acknowledges_debt\": \"oui\""),
      with(good, "\"amount\": \"5600.00\",", ""),
      with(good, "\"made_on\": \"2026-11-02\",", ""),
      with(good, "\"promised_for\": \"2026-11-30\"", "\"promised_for\": \"\""),
      with(good, "\"due\": \"2026-10-15\",", ""),
      with(good, "\"due\": \"2026-10-15\",", "\"due\": \"2026-10-15\", \"extra\": 1,"),
      with(good, "\"amount\": \"770.00\"", "\"amount\": \"770.00\", \"amount\": \"1.00\""),
      with(good, "\"closed\": \"2026-10-25\"", "\"closed\": \"\""),
      with(good, "\"opened\": \"2026-10-20\",", ""),
      with(good, "\"disputes\": [", "\"disputes\": [3, "),
      with(good, "\"disputes\": [", "\"disputes\": [[], "),
      with(good, "\"paused\": true", "\"paused\": 1"),
      with(good, "\"paused\": true", "\"paused\": false, \"court_claim_on\": \"2026-12-01\", \"judgment_notified_on\": \"\""),
      with(good, "\"credits\": 2", "\"credits\": -2"),
      with(good, "\"credits\": 2", "\"credits\": 0"),
      with(good, "\"client\": 2,\n   \"kind\": \"credit_note\"", "\"client\": 4503599627370497,\n   \"kind\": \"credit_note\""),
      with(good, "\"ht\": \"13000.00\"", "\"ht\": \"13000.001\""),
      with(good, "\"ht\": \"13000.00\",\n   \"vat\": \"2600.00\",", ""),
      with(good, "\"issue_date\": \"2026-08-31\",", ""),
      with(good, "\"issue_date\": \"2026-08-31\"", "\"issue_date\": \"\""),
      with(good, "\"due_date\": \"2026-10-31\"", "\"due_date\": \"2026-08-30\""),
      with(good, "\"state\": \"issued\",\n   \"issue_date\": \"2026-08-31\"", "\"state\": \"draft\",\n   \"issue_date\": \"2026-08-31\""),
      with(good, "\"number\": \"F-2026-0001\"", "\"number\": \"F-2026\\n0001\""),
      with(good, "\"number\": \"F-2026-0001\"", "\"proforma_number\": \"PF-1\""),
      with(good, "\"label\": \"Éclairage du hall\"", "\"label\": \"" + std::string(2001, 'x') + "\""),
      with(good, "\"label\": \"Éclairage du hall\"", "\"label\": \"Éclairage\", \"cancel_reason\": \"r\", \"closed_on\": \"2026-11-01\""),
      with(good, "\"invoices\": [\n  {", "\"invoices\": [\n  null, {"),
      // Syntax errors anywhere, also after a record with an error.
      with(good, "\"Éclairage du hall\"", "\"\xC3\""),
      with(with(good, "\"2026-10-31\"", "\"31/10/2026\""), "\"custom_rates\": null", "\"custom_rates\": nul"),
  };
  for (std::size_t i = 0; i < texts.size(); ++i) {
    CAPTURE(i);
    check_same_load(texts[i]);
  }
  // Cut anywhere: always the syntax error at the same place.
  for (std::size_t n = 0; n < good.size(); n += 7) {
    CAPTURE(n);
    const LedgerLoad load = load_ledger(good.substr(0, n), "f.json");
    REQUIRE_FALSE(load.ledger.has_value());
    CHECK(load.errors == load_ledger_dom(good.substr(0, n), "f.json").errors);
  }
  // One byte removed or changed: whatever it breaks, the same answer.
  for (std::size_t n = 0; n < good.size(); n += 5) {
    CAPTURE(n);
    check_same_load(std::string(good).erase(n, 1));
    std::string changed = good;
    changed[n] = changed[n] == '"' ? '1' : '"';
    check_same_load(changed);
  }
}

TEST_CASE("every command type round-trips through its journal form") {
  const Ledger l = full_ledger();
  HistoryEntry h = l.history[0];
  const std::vector<Command> commands = {
      cmd::SetCompany{l.company},
      cmd::SetSettings{l.settings},
      cmd::AddClient{l.clients[0]},
      cmd::UpdateClient{l.clients[1]},
      cmd::AddInvoice{l.invoices[2]},
      cmd::UpdateDraft{l.invoices[3]},
      cmd::DeleteDraft{4},
      cmd::IssueInvoice{4, d("2026-11-23"), Date()},
      cmd::IssueInvoice{4, d("2026-11-23"), d("2026-12-23")},
      cmd::RecordPayment{1, l.invoices[0].payments[0]},
      cmd::DeletePayment{1, 1},
      cmd::IssueCreditNote{1, d("2026-11-23"), 12'345, "Remise « fidélité »"},
      cmd::WriteOff{1, d("2026-11-23"), "Liquidation"},
      cmd::OpenDispute{1, d("2026-11-23"), "Contestation"},
      cmd::CloseDispute{1, d("2026-11-24")},
      cmd::AddPromise{1, l.invoices[0].promises[0]},
      cmd::SetPlan{2, l.invoices[1].plan},
      cmd::SetPaused{2, true, "Pause"},
      cmd::RecordAction{h},
      cmd::VoidAction{1, d("2026-11-23")},
      cmd::SetChain{l.chains[0]},
      cmd::DeleteChain{"b2c"},
      cmd::SetTemplate{l.templates[0]},
      cmd::DeleteTemplate{"t1"},
      cmd::SetRates{l.custom_rates},
      cmd::SetRates{std::nullopt},
      cmd::ImportBatch{{l.clients[0]}, {l.invoices[0]}},
  };
  for (const Command& c : commands) {
    CAPTURE(command_type(c));
    const std::string json = command_to_json(c);
    auto back = command_from_json(json, "journal");
    REQUIRE_MESSAGE(back.ok(), back.error().message());
    CHECK(back->index() == c.index());
    CHECK(command_to_json(*back) == json);
  }
}

TEST_CASE("an import batch's journal text, written a slice at a time, has the bytes of the Json writer") {
  const Ledger l = full_ledger();
  std::vector<cmd::ImportBatch> batches = {
      cmd::ImportBatch{},
      cmd::ImportBatch{{l.clients[0]}, {}},
      cmd::ImportBatch{{}, {l.invoices[0]}},
      cmd::ImportBatch{l.clients, l.invoices},
  };
  cmd::ImportBatch odd{l.clients, l.invoices};
  odd.clients[0].name = "Caf\u00e9 \"L\u2019\u00e9t\u00e9\"\t\\ \x01 \xff";  // escapes, control and invalid bytes
  odd.invoices[0].label = "Ligne 1\r\nLigne 2 \u00ab \u20ac \u00bb";
  batches.push_back(odd);
  for (const cmd::ImportBatch& b : batches) {
    CAPTURE(b.clients.size());
    CAPTURE(b.invoices.size());
    const std::string dom = dump_json(command_json(Command{b}));
    CHECK(command_to_json(Command{b}) == dom);
    for (std::size_t slice : {std::size_t{1}, std::size_t{2}, std::size_t{1000}}) {
      ImportBatchText text(b);
      int steps = 0;
      double last = -1;
      while (text.step(slice)) {
        ++steps;
        CHECK(text.progress() >= last);
        last = text.progress();
      }
      CHECK(text.finished());
      CHECK(text.progress() == 1.0);
      CHECK(text.take() == dom);
      if (slice == 1) CHECK(steps + 1 >= static_cast<int>(b.clients.size() + b.invoices.size()));
    }
  }
}

TEST_CASE("bad journal entries are refused with their place") {
  CHECK(command_from_json("{\"format\":\"relance-command\",\"version\":1,\"type\":\"fly\"}", "journal #3")
            .error().message() == "journal #3: $.type: type de commande inconnu « fly »");
  CHECK(command_from_json("{\"format\":\"relance-command\",\"version\":9,\"type\":\"delete_draft\",\"id\":1}", "j")
            .error().what.find("plus récente") != std::string::npos);
  CHECK(command_from_json("{\"format\":\"relance-command\",\"version\":1,\"type\":\"delete_draft\"}", "j")
            .error().message() == "j: $.id: champ obligatoire absent");
}

TEST_CASE("check_references finds a payment id given twice among thousands, and no false one") {
  bench::GenOptions o;
  o.invoices = 400;
  o.seed = 3;
  Ledger l = bench::generate_ledger(o);
  // Four more payments per invoice: more ids than the table was sized for.
  PaymentId next = 1000000;
  for (Invoice& inv : l.invoices)
    for (int k = 0; k < 4; ++k) {
      Payment p;
      p.id = next++;
      p.date = inv.issue_date;
      p.amount = 1;
      inv.payments.push_back(p);
    }
  JsonReader clean{"f.json"};
  check_references(clean, l);
  CHECK(clean.errors().empty());

  // The same id on the last invoice's last payment as on the first one's.
  l.invoices.back().payments.back().id = l.invoices.front().payments.front().id;
  JsonReader r{"f.json"};
  check_references(r, l);
  REQUIRE(r.errors().size() == 1);
  CHECK(r.errors()[0].where == "f.json: $.invoices[" + std::to_string(l.invoices.size() - 1) + "].payments[" +
                                   std::to_string(l.invoices.back().payments.size() - 1) + "].id");
  CHECK(r.errors()[0].what == "identifiant de paiement en double");
}
