// Rendered messages: the values of the placeholders for a ledger built with
// commands (amounts, dates, penalties checked by hand against the law), the
// reminder e-mail word for word, B2C values, recipients and warnings, SMS
// length counting and the fit of every default SMS.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/commands.h"
#include "core/messages.h"
#include "core/text.h"

using namespace relance;

namespace {

Date d(const char* iso) { return *parse_iso_date(iso); }

const std::string NN = "\u202f";  // narrow no-break space: thousands
const std::string NB = "\u00a0";  // no-break space: before € and %

Applied run(Ledger& l, const Command& c) {
  auto r = apply(l, c);
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  return *r;
}

Invoice issued(ClientId client, const char* issue, const char* due, Cents ht, Cents vat, const char* label) {
  Invoice inv;
  inv.client = client;
  inv.state = Lifecycle::issued;
  inv.issue_date = d(issue);
  inv.due_date = d(due);
  inv.ht = ht;
  inv.vat = vat;
  inv.ttc = ht + vat;
  inv.label = label;
  return inv;
}

HistoryEntry reminder(ClientId client, std::vector<InvoiceId> invoices, const char* chain, int step, Channel ch,
                      const char* date) {
  HistoryEntry e;
  e.client = client;
  e.invoices = std::move(invoices);
  e.kind = ActionKind::reminder;
  e.chain_id = chain;
  e.step = step;
  e.channel = ch;
  e.date = d(date);
  e.text = "texte envoyé";
  return e;
}

// A joiner's firm with one business client (two late invoices, one partly
// paid, three reminders) and one consumer (one late invoice).
struct World {
  Ledger l = make_empty_ledger();
  ClientId pro = 0, particulier = 0;
  InvoiceId f1 = 0, f2 = 0, f3 = 0;

  World() {
    Company co;
    co.name = "Menuiserie Dubois";
    co.legal_form = "SARL";
    co.address = {"5 rue de la Paix", "", "69002", "Lyon", ""};
    co.siren = "123456789";
    co.email = "contact@menuiserie-dubois.fr";
    co.phone = "04 72 00 00 00";
    co.signatory = "Claire Dubois";
    run(l, cmd::SetCompany{co});

    Client c;
    c.name = "Bâtiments Rhône SAS";
    c.contact = "Mme Martin";
    c.email = "compta@batiments-rhone.fr";
    c.phone = "06 12 34 56 78";
    c.address = {"12 avenue Jean Jaurès", "Bât. B", "69007", "Lyon", ""};
    c.siren = "987654321";
    pro = run(l, cmd::AddClient{c}).client;

    Client p;
    p.name = "Jean Dupont";
    p.kind = ClientKind::consumer;
    p.phone = "06 98 76 54 32";
    p.address = {"3 impasse des Lilas", "", "69100", "Villeurbanne", ""};
    particulier = run(l, cmd::AddClient{p}).client;

    f1 = run(l, cmd::AddInvoice{issued(pro, "2026-09-01", "2026-10-01", 100000, 20000, "Pose de fenêtres")}).invoice;
    f2 = run(l, cmd::AddInvoice{issued(pro, "2026-09-15", "2026-10-15", 200000, 40000, "Escalier chêne")}).invoice;
    f3 = run(l, cmd::AddInvoice{issued(particulier, "2026-09-20", "2026-10-10", 70833, 14167, "Cuisine")}).invoice;

    Payment pay;
    pay.date = d("2026-10-31");
    pay.amount = 40000;
    run(l, cmd::RecordPayment{f2, pay});

    // Voided: it no longer counts as a step taken.
    const HistoryId pre = run(l, cmd::RecordAction{reminder(pro, {f1}, "b2b", 0, Channel::email, "2026-09-28")}).history;
    run(l, cmd::VoidAction{pre, d("2026-09-29")});
    run(l, cmd::RecordAction{reminder(pro, {f1}, "b2b", 1, Channel::email, "2026-10-06")});
    run(l, cmd::RecordAction{reminder(pro, {f2}, "b2b", 1, Channel::email, "2026-10-20")});
    run(l, cmd::RecordAction{reminder(pro, {f1, f2}, "b2b", 3, Channel::phone, "2026-11-02")});
    // A note is not a reminder.
    HistoryEntry note;
    note.client = pro;
    note.kind = ActionKind::note;
    note.invoices = {f1};
    note.date = d("2026-11-05");
    note.text = "Mme Martin en congés";
    run(l, cmd::RecordAction{note});
  }

  const Client& client(ClientId id) const { return *find_client(l, id); }
};

std::string read_fixture(const char* name) {
  std::ifstream in(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/messages/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has_warning(const std::vector<std::string>& ws, std::string_view part) {
  for (const std::string& w : ws)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("values for a business client: two late invoices, one partly paid") {
  World w;
  const Date today = d("2026-11-23");
  const TemplateValues v = message_values(w.l, w.client(w.pro), {w.f2, w.f1}, today, find_chain(w.l, "b2b"), 2);

  // Penalties by hand (Code de commerce L441-10: ECB rate + 10 points, the
  // 2026 H2 rate 2.40 + 10 = 12.40 %; days from the day after the due
  // date; 365-day year; each segment rounded to the cent):
  //   F-2026-0001: 1 200 € from 02/10 to 23/11 = 30 + 23 = 53 days:
  //     1200 × 0.1240 × 53 / 365 = 21.608… → 21.61 €
  //   F-2026-0002: 2 400 € from 16/10 to 31/10 (payment day) = 16 days:
  //     2400 × 0.1240 × 16 / 365 = 13.046… → 13.05 €
  //   then 2 000 € from 01/11 to 23/11 = 23 days:
  //     2000 × 0.1240 × 23 / 365 = 15.627… → 15.63 €
  //   total 21.61 + 13.05 + 15.63 = 50.29 €; indemnity 2 × 40 € (D441-5).
  //   Balance 1 200 + 2 000 = 3 200 €; claimed 3 200 + 50.29 + 80 = 3 330.29 €.
  struct Row {
    const char* name;
    std::string value;
  };
  const Row rows[] = {
      {"client", "Bâtiments Rhône SAS"},
      {"contact", "Mme Martin"},
      {"salutation", "Madame"},
      {"client_address", "12 avenue Jean Jaurès, Bât. B, 69007 Lyon"},
      {"client_email", "compta@batiments-rhone.fr"},
      {"client_phone", "06 12 34 56 78"},
      {"client_siren", "987654321"},
      {"invoice_number", "F-2026-0001 et F-2026-0002"},
      {"invoice_ref", "vos factures F-2026-0001 et F-2026-0002"},
      {"invoice_label", "Pose de fenêtres ; Escalier chêne"},
      {"invoice_date", "01/09/2026"},
      {"due_date", "01/10/2026"},
      {"amount", "3" + NN + "600,00" + NB + "€"},
      {"balance", "3" + NN + "200,00" + NB + "€"},
      {"days_late", "53"},
      {"penalties", "50,29" + NB + "€"},
      {"indemnity", "80,00" + NB + "€"},
      {"total_due", "3" + NN + "330,29" + NB + "€"},
      // The 2026 H2 rows are marked unverified: the value says so.
      {"penalty_rate", "12,40" + NB + "% (taux de la BCE du 2e semestre 2026 non vérifié auprès de la source officielle)"},
      {"legal_rate", "2,75" + NB + "% (taux de l'intérêt légal du 2e semestre 2026 non vérifié auprès de la source officielle)"},
      {"deadline", "01/12/2026"},  // 23 November + 8 days
      {"deadline_days", "8"},
      {"previous_steps", "relance par e-mail du 06/10/2026 ; relance par e-mail du 20/10/2026 ; appel du 02/11/2026"},
      {"invoices",
       "- Facture F-2026-0001 du 01/09/2026, échue le 01/10/2026 : 1" + NN + "200,00" + NB +
           "€ TTC\n- Facture F-2026-0002 du 15/09/2026, échue le 15/10/2026 : 2" + NN + "400,00" + NB +
           "€ TTC, reste dû 2" + NN + "000,00" + NB + "€"},
      {"invoices_detail",
       "- Facture F-2026-0001 du 01/09/2026, échue le 01/10/2026 : 1" + NN + "200,00" + NB +
           "€ TTC\n  pénalités de retard au 23/11/2026 : 21,61" + NB + "€ ; indemnité forfaitaire : 40,00" + NB +
           "€\n- Facture F-2026-0002 du 15/09/2026, échue le 15/10/2026 : 2" + NN + "400,00" + NB +
           "€ TTC, reste dû 2" + NN + "000,00" + NB + "€\n  pénalités de retard au 23/11/2026 : 28,68" + NB +
           "€ ; indemnité forfaitaire : 40,00" + NB + "€"},
      {"today", "23/11/2026"},
      {"company", "Menuiserie Dubois"},
      {"company_address", "5 rue de la Paix, 69002 Lyon"},
      {"company_email", "contact@menuiserie-dubois.fr"},
      {"company_phone", "04 72 00 00 00"},
      {"company_siren", "123456789"},
      {"company_siret", ""},
      {"company_iban", ""},
      {"signatory", "Claire Dubois"},
      {"promised_date", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.name);
    REQUIRE(v.count(row.name) == 1);
    CHECK(v.at(row.name) == row.value);
  }
  // Every placeholder gets a value (possibly empty).
  for (const Placeholder& p : placeholders()) {
    CAPTURE(p.name);
    CHECK(v.count(p.name) == 1);
  }

  SUBCASE("the entry of the step being rendered is not one of the previous steps") {
    const TemplateValues again = message_values(w.l, w.client(w.pro), {w.f1}, today, find_chain(w.l, "b2b"), 3);
    CHECK(again.at("previous_steps") == "relance par e-mail du 06/10/2026");
    const TemplateValues none = message_values(w.l, w.client(w.pro), {w.f1}, d("2026-10-05"), nullptr, -1);
    CHECK(none.at("previous_steps") == "aucune");  // the later entries are in the future then
  }

  SUBCASE("a contractual rate common to all invoices is the penalty rate") {
    Ledger l = w.l;
    for (InvoiceId id : {w.f1, w.f2}) find_invoice(l, id)->contractual_rate = 15000;
    CHECK(message_values(l, *find_client(l, w.pro), {w.f1, w.f2}, today, nullptr, -1).at("penalty_rate") ==
          "15,00" + NB + "%");
    find_invoice(l, w.f2)->contractual_rate.reset();
    CHECK(message_values(l, *find_client(l, w.pro), {w.f1, w.f2}, today, nullptr, -1).at("penalty_rate") ==
          "12,40" + NB + "% (taux de la BCE du 2e semestre 2026 non vérifié auprès de la source officielle)");
  }

  SUBCASE("before the due date: nothing late, no penalties") {
    const TemplateValues pre = message_values(w.l, w.client(w.pro), {w.f1}, d("2026-09-28"), nullptr, -1);
    CHECK(pre.at("days_late") == "0");
    CHECK(pre.at("penalties") == "0,00" + NB + "€");
    CHECK(pre.at("indemnity") == "0,00" + NB + "€");
    CHECK(pre.at("total_due") == "1" + NN + "200,00" + NB + "€");
    CHECK(pre.at("invoices") == "- Facture F-2026-0001 du 01/09/2026, échéance le 01/10/2026 : 1" + NN + "200,00" + NB + "€ TTC");
    CHECK(pre.at("invoice_ref") == "votre facture F-2026-0001");
  }

  SUBCASE("checks before sending: the rate of 2026 H2 is not verified yet, 2027 H1 not known") {
    const auto checks = message_checks(w.l, {w.f1, w.f2}, today);
    CHECK(has_warning(checks, "non vérifié"));
    CHECK_FALSE(has_warning(checks, "inconnu"));
    CHECK(has_warning(message_checks(w.l, {w.f1, w.f2}, d("2027-01-15")), "1er semestre 2027 inconnu"));
    Ledger l = w.l;
    Payment rest;
    rest.date = d("2026-11-20");
    rest.amount = 120000;
    run(l, cmd::RecordPayment{w.f1, rest});
    CHECK(has_warning(message_checks(l, {w.f1}, today), "F-2026-0001 déjà réglée : ne la relancez pas"));
  }
}

TEST_CASE("the second B2B reminder, word for word") {
  World w;
  const Ledger& l = w.l;
  const Chain& chain = *find_chain(l, "b2b");
  const Template* t = template_for_step(l, chain, 2);
  REQUIRE(t != nullptr);
  const TemplateValues v = message_values(l, w.client(w.pro), {w.f1, w.f2}, d("2026-11-23"), &chain, 2);
  const Message m = render_message(l, *t, v, w.client(w.pro));
  CHECK(m.channel == Channel::email);
  CHECK(m.recipient == "compta@batiments-rhone.fr");
  CHECK(m.subject == "Dernière relance avant mise en demeure – F-2026-0001 et F-2026-0002");
  CHECK(m.body == read_fixture("b2b_r2_two_invoices.txt"));
  CHECK(m.warnings.empty());

  SUBCASE("a company without phone: the signature loses the line, and a warning says why") {
    Ledger l2 = w.l;
    l2.company.phone.clear();
    const TemplateValues v2 = message_values(l2, w.client(w.pro), {w.f1, w.f2}, d("2026-11-23"), &chain, 2);
    const Message m2 = render_message(l2, *t, v2, w.client(w.pro));
    CHECK(ends_with(m2.body, "Claire Dubois\nMenuiserie Dubois\ncontact@menuiserie-dubois.fr"));
    CHECK(has_warning(m2.warnings, "champ {company_phone} vide"));
  }
}

TEST_CASE("values and messages for a consumer") {
  World w;
  const Date today = d("2026-11-23");
  const Client& jean = w.client(w.particulier);

  SUBCASE("no indemnity, no interest before the formal notice") {
    const TemplateValues v = message_values(w.l, jean, {w.f3}, today, nullptr, -1);
    CHECK(v.at("contact") == "Jean Dupont");
    CHECK(v.at("salutation") == "Madame, Monsieur");  // no title: we do not guess
    CHECK(v.at("balance") == "850,00" + NB + "€");
    CHECK(v.at("penalties") == "0,00" + NB + "€");
    CHECK(v.at("indemnity") == "0,00" + NB + "€");
    CHECK(v.at("total_due") == "850,00" + NB + "€");
    CHECK(v.at("days_late") == "44");  // 10 October to 23 November
    // Legal interest, not ECB + 10 (the 2026 H2 row is unverified: said).
    CHECK(v.at("penalty_rate") ==
          "2,75" + NB + "% (taux de l'intérêt légal du 2e semestre 2026 non vérifié auprès de la source officielle)");
    CHECK(v.at("invoices_detail") == v.at("invoices"));
  }

  SUBCASE("legal interest from the day after the notice, still no indemnity") {
    // Code civil 1344-1: 850 € × 2.75 % × 21 days (03/11 to 23/11) / 365
    // = 1.344… → 1.34 €.
    run(w.l, cmd::RecordAction{reminder(w.particulier, {w.f3}, "b2c", 4, Channel::registered_notice, "2026-11-02")});
    const TemplateValues v = message_values(w.l, jean, {w.f3}, today, nullptr, -1);
    CHECK(v.at("penalties") == "1,34" + NB + "€");
    CHECK(v.at("indemnity") == "0,00" + NB + "€");
    CHECK(v.at("total_due") == "851,34" + NB + "€");
    CHECK(v.at("previous_steps") == "mise en demeure du 02/11/2026");
    CHECK(v.at("invoices_detail") == "- Facture F-2026-0003 du 20/09/2026, échue le 10/10/2026 : 850,00" + NB +
                                         "€ TTC\n  intérêts au taux légal au 23/11/2026 : 1,34" + NB + "€");
  }

  SUBCASE("a broken promise gives its date") {
    Promise p;
    p.made_on = d("2026-10-12");
    p.promised_for = d("2026-10-20");
    run(w.l, cmd::AddPromise{w.f3, p});
    CHECK(message_values(w.l, jean, {w.f3}, today, nullptr, -1).at("promised_date") == "20/10/2026");
    CHECK(message_values(w.l, jean, {w.f3}, d("2026-10-15"), nullptr, -1).at("promised_date").empty());
  }

  SUBCASE("recipients and warnings by channel") {
    const TemplateValues v = message_values(w.l, jean, {w.f3}, today, nullptr, -1);
    const Message mail = render_message(w.l, *find_template(w.l, "b2c_r2"), v, jean);
    CHECK(mail.recipient.empty());
    CHECK(has_warning(mail.warnings, "client sans e-mail"));
    CHECK(starts_with(mail.body, "Bonjour Jean Dupont,\n"));

    const Message sms = render_message(w.l, *find_template(w.l, "b2c_r1_sms"), v, jean);
    CHECK(sms.recipient == "06 98 76 54 32");
    CHECK(sms.subject.empty());
    // Amounts lose their no-break spaces so the SMS stays in GSM 03.38.
    CHECK(sms.body ==
          "Bonjour Jean Dupont, sauf erreur, votre facture F-2026-0003 de 850,00 € (échue le 10/10/2026) reste à "
          "régler. Merci ! Menuiserie Dubois");
    CHECK(sms_info(sms.body).gsm7);
    CHECK(sms.warnings.empty());

    const Message letter = render_message(w.l, *find_template(w.l, "b2c_notice"), v, jean);
    CHECK(letter.recipient == "3 impasse des Lilas, 69100 Villeurbanne");
    CHECK(letter.warnings.empty());
    CHECK(starts_with(letter.body, "Madame, Monsieur,\n\nLa somme de "));
    // No reminder before this notice: said plainly, not « malgré nos relances ».
    CHECK(letter.body.find("Relances précédentes") == std::string::npos);
    CHECK(letter.body.find("aucune") == std::string::npos);
    CHECK(letter.body.find("Malgré") == std::string::npos);

    Client landline = jean;
    landline.phone = "04 78 00 00 00";
    CHECK(has_warning(render_message(w.l, *find_template(w.l, "b2c_r1_sms"), v, landline).warnings, "pas être un mobile"));
    Client nowhere = jean;
    nowhere.address = {};
    nowhere.phone.clear();
    CHECK(has_warning(render_message(w.l, *find_template(w.l, "b2c_notice"), v, nowhere).warnings, "adresse postale"));
    CHECK(has_warning(render_message(w.l, *find_template(w.l, "b2c_call"), v, nowhere).warnings,
                      "client sans numéro de téléphone"));
  }
}

TEST_CASE("salutation from the contact's title") {
  struct Row {
    ClientKind kind;
    const char* name;
    const char* contact;
    const char* salutation;
  };
  const Row rows[] = {
      {ClientKind::business, "SARL Lambda", "Mme Martin", "Madame"},
      {ClientKind::business, "SARL Lambda", "Madame Martin", "Madame"},
      {ClientKind::business, "SARL Lambda", "M. Durand", "Monsieur"},
      {ClientKind::business, "SARL Lambda", "Monsieur Durand", "Monsieur"},
      {ClientKind::business, "SARL Lambda", "Marie Durand", "Madame, Monsieur"},  // no guessing from first names
      {ClientKind::business, "SARL Lambda", "Service comptabilité", "Madame, Monsieur"},
      {ClientKind::business, "M. Bricolage SARL", "", "Madame, Monsieur"},  // a firm's name is no title
      {ClientKind::consumer, "M. Jean Dupont", "", "Monsieur"},
      {ClientKind::consumer, "Mme Alice Roy", "", "Madame"},
      {ClientKind::consumer, "Alice Roy", "", "Madame, Monsieur"},
      {ClientKind::consumer, "M. et Mme Lefèvre", "", "Madame, Monsieur"},  // a couple
      {ClientKind::business, "SCI Les Terrasses", "Mme et M. Roy", "Madame, Monsieur"},
  };
  const Ledger l = make_empty_ledger();
  for (const Row& row : rows) {
    CAPTURE(row.name);
    CAPTURE(row.contact);
    Client c;
    c.kind = row.kind;
    c.name = row.name;
    c.contact = row.contact;
    CHECK(message_values(l, c, {}, d("2026-11-23"), nullptr, -1).at("salutation") == row.salutation);
  }
}

TEST_CASE("SMS length: GSM 03.38 and UCS-2") {
  struct Row {
    std::string text;
    bool gsm7;
    int units;
    int segments;
  };
  const std::string a160(160, 'a');
  std::string e70;
  for (int i = 0; i < 70; ++i) e70 += "ê";
  std::string e66;
  for (int i = 0; i < 66; ++i) e66 += "ê";
  const Row rows[] = {
      {"", true, 0, 0},
      {"Bonjour", true, 7, 1},
      {"é è ù ì ò Ç à É", true, 15, 1},  // in the basic set
      {"@£$¥_!?ÄÖÑÜ§¿äöñü", true, 17, 1},
      {"€", true, 2, 1},  // extension table: escape + char
      {"[x]^{}\\~|", true, 17, 1},
      {"ê", false, 1, 1},
      {"ç", false, 1, 1},  // only the capital Ç is GSM
      {"â", false, 1, 1},
      {"œ", false, 1, 1},
      {"l’échéance", false, 10, 1},  // the typographic apostrophe
      {"1" + NN + "234,56" + NB + "€", false, 10, 1},
      {"😀", false, 2, 1},  // a surrogate pair
      {a160, true, 160, 1},
      {a160 + "a", true, 161, 2},
      {std::string(306, 'a'), true, 306, 2},
      {std::string(307, 'a'), true, 307, 3},
      {std::string(159, 'a') + "€", true, 161, 2},
      // An escape pair is never split: 152 + (€) would be 154 > 153.
      {std::string(152, 'a') + "€" + std::string(152, 'a'), true, 306, 3},
      {e70, false, 70, 1},
      {e70 + "ê", false, 71, 2},
      // Neither is a surrogate pair: 66 + 2 > 67.
      {e66 + "😀" + e66, false, 134, 3},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    const SmsInfo info = sms_info(row.text);
    CHECK(info.gsm7 == row.gsm7);
    CHECK(info.units == row.units);
    CHECK(info.segments == row.segments);
    CHECK(info.limit_single == (row.gsm7 ? 160 : 70));
    CHECK(info.fits_single == (row.units <= info.limit_single));
  }
  CHECK(sms_info("Vous êtes").first_non_gsm == U'ê');
  CHECK(sms_friendly(format_eur(123456)) == "1 234,56 €");
  CHECK(sms_friendly("l’échéance « 15 » – bientôt…") == "l'échéance \" 15 \" - bientôt...");
  CHECK(sms_info(sms_friendly(format_eur(1234567))).gsm7);
}

TEST_CASE("every default SMS fits one message with realistic values") {
  // A 25-character client name, a five-digit amount, a 21-character company.
  Ledger l = make_empty_ledger();
  Company co;
  co.name = "Plomberie Girard SARL";
  co.phone = "04 72 00 00 00";
  run(l, cmd::SetCompany{co});
  const std::string name = "Garage Dupont et Associés";
  REQUIRE(utf8_length(name) == 25);
  std::vector<std::string> too_long;
  for (ClientKind kind : {ClientKind::business, ClientKind::consumer}) {
    Client c;
    c.name = name;
    c.kind = kind;
    c.phone = "06 12 34 56 78";
    const ClientId id = run(l, cmd::AddClient{c}).client;
    const InvoiceId inv =
        run(l, cmd::AddInvoice{issued(id, "2026-09-15", "2026-10-15", 1028806, 205761, "Travaux")}).invoice;
    Promise p;
    p.made_on = d("2026-10-20");
    p.promised_for = d("2026-10-25");
    run(l, cmd::AddPromise{inv, p});
    const Client& client = *find_client(l, id);
    const TemplateValues v = message_values(l, client, {inv}, d("2026-10-30"), nullptr, -1);
    REQUIRE(v.at("balance") == "12" + NN + "345,67" + NB + "€");
    const std::string prefix = kind == ClientKind::business ? "b2b" : "b2c";
    for (const Template& t : l.templates) {
      if (t.channel != Channel::sms) continue;
      const bool for_business = t.id.find("b2b") != std::string::npos;
      if (for_business != (kind == ClientKind::business)) continue;
      const Message m = render_message(l, t, v, client);
      const SmsInfo info = sms_info(m.body);
      CAPTURE(t.id);
      CAPTURE(m.body);
      CHECK(info.gsm7);
      CHECK(m.warnings.empty());
      if (!info.fits_single) too_long.push_back(t.id + " (" + std::to_string(info.units) + ")");
    }
  }
  // Any default SMS longer than one message is named here.
  CHECK(too_long == std::vector<std::string>{});
}
