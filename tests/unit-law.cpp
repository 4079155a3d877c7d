// The law beyond the French B2B default: public buyers, the increase after a
// judgment, rates the letters must qualify, and the law packs of other
// countries (Belgium, Germany, the UK, the EU directive default).
#include <doctest/doctest.h>

#include "core/ledger_file.h"
#include "core/letter_pdf.h"
#include "core/letters.h"
#include "core/messages.h"
#include "core/penalties.h"
#include "core/record_codec.h"
#include "core/reports.h"
#include "core/terms.h"
#include "tests/builder.h"
#include "tests/pdf_check.h"

using namespace relance;
using relance::test::d;

namespace {

PenaltyCase paid_case(ClientKind kind, Cents amount, const char* due, const char* paid) {
  PenaltyCase c;
  c.kind = kind;
  c.schedule = {{d(due), amount}};
  c.until = d(paid);
  c.payments = {{d(paid), amount}};
  return c;
}

std::string body_of(const LetterContent& c) {
  std::string s = c.subject + "\n";
  for (const LetterBlock& b : c.body) {
    s += b.text + "\n";
    for (const auto& row : b.table.rows)
      for (const std::string& cell : row) s += cell + " | ";
  }
  return s;
}

bool has(const std::vector<std::string>& v, const std::string& needle) {
  for (const std::string& s : v)
    if (s.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("public buyers: ECB + 8 points per half-year, the 40 € indemnity") {
  struct Row {
    Cents ttc;
    const char* due;
    const char* paid;
    std::vector<std::pair<int, BasisPoints>> segments;  // days, rate
    Cents interest;
  };
  const Row rows[] = {
      // 30 d × 10.15 % (MRO 2.15 + 8) on 10 000.00 = 83.424… → 83.42.
      {1000000, "2025-09-30", "2025-10-30", {{30, 10150}}, 8342},
      // 15 d × 12.50 % = 51.369… → 51.37; 15 d × 12.25 % = 50.342… → 50.34.
      {1000000, "2024-06-15", "2024-07-15", {{15, 12500}, {15, 12250}}, 10171},
      // 30 d × 12.00 % (2023 H2: 4.00 + 8) on 1 200.00 = 11.835… → 11.84; 61 d × 12.50 % = 25.068… → 25.07.
      {120000, "2023-12-01", "2024-03-01", {{30, 12000}, {61, 12500}}, 3691},
  };
  for (const Row& row : rows) {
    CAPTURE(row.due);
    PenaltyCase c = paid_case(ClientKind::business, row.ttc, row.due, row.paid);
    for (PublicBuyer b : {PublicBuyer::state, PublicBuyer::local_authority, PublicBuyer::hospital}) {
      c.public_buyer = b;
      const Penalties p = compute_penalties(france(), c);
      REQUIRE(p.lines.size() == row.segments.size());
      for (std::size_t i = 0; i < p.lines.size(); ++i) {
        CHECK(p.lines[i].days == row.segments[i].first);
        CHECK(p.lines[i].rate == row.segments[i].second);
      }
      CHECK(p.interest == row.interest);
      CHECK(p.indemnity == 4000);
    }
  }
}

TEST_CASE("public buyers: payment terms of 30 days, 50 for public hospitals") {
  const Jurisdiction& fr = france();
  struct Row {
    PublicBuyer buyer;
    TermsMethod method;
    int days;
    const char* warning;  // "" for none
  };
  const Row rows[] = {
      {PublicBuyer::state, TermsMethod::net, 30, ""},
      {PublicBuyer::state, TermsMethod::net, 31,
       "Délai de 31 jours supérieur au délai de paiement légal de 30 jours pour un acheteur public (Code de la "
       "commande publique R2192-10)."},
      {PublicBuyer::local_authority, TermsMethod::net, 45,
       "Délai de 45 jours supérieur au délai de paiement légal de 30 jours pour un acheteur public (Code de la "
       "commande publique R2192-10)."},
      {PublicBuyer::hospital, TermsMethod::net, 50, ""},
      {PublicBuyer::hospital, TermsMethod::net, 51,
       "Délai de 51 jours supérieur au délai de paiement légal de 50 jours pour un établissement public de santé "
       "(Code de la commande publique R2192-10 et R2192-11)."},
      {PublicBuyer::state, TermsMethod::end_of_month, 30,
       "Délai « 30 jours fin de mois » : un acheteur public paie dans un délai fixe de 30 jours pour un acheteur "
       "public (Code de la commande publique R2192-10), sans fin de mois."},
      {PublicBuyer::none, TermsMethod::net, 60, ""},  // a private business: 60 days are fine
  };
  for (const Row& row : rows) {
    CAPTURE(row.days);
    const auto w = terms_warnings({row.method, row.days}, ClientKind::business, fr, row.buyer);
    if (*row.warning) {
      REQUIRE(w.size() == 1);
      CHECK(w[0] == row.warning);
    } else {
      CHECK(w.empty());
    }
  }
  // The invoice's own dates.
  CHECK(due_date_warnings(d("2026-03-01"), d("2026-03-31"), ClientKind::business, fr, PublicBuyer::state).empty());
  const auto late = due_date_warnings(d("2026-03-01"), d("2026-04-01"), ClientKind::business, fr, PublicBuyer::state);
  REQUIRE(late.size() == 1);
  CHECK(late[0] == "Échéance au 01/04/2026 au-delà du délai de paiement légal de 30 jours pour un acheteur public (Code "
                   "de la commande publique R2192-10) : 31/03/2026 au plus tard pour une facture du 01/03/2026.");
  CHECK(due_date_warnings(d("2026-03-01"), d("2026-04-20"), ClientKind::business, fr, PublicBuyer::hospital).empty());
}

TEST_CASE("public buyers in the ledger: stored, checked, loaded from older files") {
  Client c;
  c.name = "Mairie de Villeurbanne";
  c.public_buyer = PublicBuyer::local_authority;
  const Json j = client_json(c);
  CHECK(j["public_buyer"] == "local_authority");
  CHECK_FALSE(client_json(Client{}).contains("public_buyer"));  // files stay as they were
  CHECK_FALSE(client_json(Client{}).contains("law"));
  JsonReader r{"test"};
  Client back;
  read_client(r, j, "$.clients[0]", back, false);
  CHECK(r.ok());
  CHECK(back == c);

  struct Bad {
    const char* json;
    const char* path;
  };
  const Bad bads[] = {
      {R"({"name": "X", "kind": "consumer", "public_buyer": "state"})", "$.clients[0].public_buyer"},
      {R"({"name": "X", "kind": "business", "public_buyer": "army"})", "$.clients[0].public_buyer"},
      {R"({"name": "X", "kind": "business", "law": "xx"})", "$.clients[0].law"},
  };
  for (const Bad& b : bads) {
    CAPTURE(b.json);
    JsonReader rb{"test"};
    Client out;
    read_client(rb, *parse_json(b.json, "test"), "$.clients[0]", out, false);
    REQUIRE_FALSE(rb.ok());
    CHECK(rb.first_error().where == std::string("test: ") + b.path);
  }

  // The commands refuse the same, naming the field.
  test::Builder b;
  Client bad;
  bad.name = "Particulier public";
  bad.kind = ClientKind::consumer;
  bad.public_buyer = PublicBuyer::state;
  auto refused = apply(b.l, cmd::AddClient{bad});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().where == "client.public_buyer");
  Client hospital;
  hospital.name = "CHU de Lyon";
  hospital.public_buyer = PublicBuyer::hospital;
  hospital.terms = {TermsMethod::net, 60};
  auto added = apply(b.l, cmd::AddClient{hospital});
  REQUIRE(added.ok());
  REQUIRE(added->warnings.size() == 1);
  CHECK(added->warnings[0].find("50 jours pour un établissement public de santé") != std::string::npos);
}

TEST_CASE("after a judgment: legal rate + 5 points from notification + 2 months") {
  struct Start {
    const char* notified;
    const char* first_day;
  };
  for (const Start& s : {Start{"2025-06-15", "2025-08-16"}, Start{"2025-12-31", "2026-03-01"},
                         Start{"2026-01-31", "2026-04-01"}, Start{"2024-10-10", "2024-12-11"}}) {
    CAPTURE(s.notified);
    CHECK(judgment_rate_start(france(), d(s.notified)) == d(s.first_day));
  }
  CHECK_FALSE(judgment_rate_start(france(), Date()).ok());

  SUBCASE("consumer: legal rate from the notice, + 5 points later") {
    // 2 000.00, notice 01/09/2025, judgment notified 15/10/2025: 105 d × 2.76 %
    // = 15.879… → 15.88, then 16 d × 7.76 % = 6.803… → 6.80.
    PenaltyCase c = paid_case(ClientKind::consumer, 200000, "2025-08-01", "2025-12-31");
    c.notice = d("2025-09-01");
    c.judgment_notified = d("2025-10-15");
    const Penalties p = compute_penalties(france(), c);
    REQUIRE(p.lines.size() == 2);
    CHECK(p.lines[0] == PenaltyLine{d("2025-09-02"), d("2025-12-15"), 105, 200000, 2760, 1588, false});
    CHECK(p.lines[1] == PenaltyLine{d("2025-12-16"), d("2025-12-31"), 16, 200000, 7760, 680, true});
    CHECK(p.interest == 2268);
    CHECK(p.indemnity == 0);
    CHECK(p.judgment_from == d("2025-12-16"));
  }
  SUBCASE("business: ECB + 10 before, legal rate + 5 after, per half-year") {
    PenaltyCase c = paid_case(ClientKind::business, 1000000, "2025-01-31", "2026-01-31");
    c.judgment_notified = d("2025-06-15");
    const Penalties p = compute_penalties(france(), c);
    REQUIRE(p.lines.size() == 4);
    CHECK(p.lines[0].rate == 13150);  // 2025 H1: 3.15 + 10
    CHECK(p.lines[1] == PenaltyLine{d("2025-07-01"), d("2025-08-15"), 46, 1000000, 12150, 15312, false});
    // 2025 H2 other cases 2.76 + 5; 2026 H1 2.62 + 5: 138 d → 293.39, 31 d → 64.72.
    CHECK(p.lines[2] == PenaltyLine{d("2025-08-16"), d("2025-12-31"), 138, 1000000, 7760, 29339, true});
    CHECK(p.lines[3] == PenaltyLine{d("2026-01-01"), d("2026-01-31"), 31, 1000000, 7620, 6472, true});
    CHECK(p.indemnity == 4000);
  }
  SUBCASE("a contractual rate stops at the increase too") {
    PenaltyCase c = paid_case(ClientKind::business, 1000000, "2025-07-31", "2025-12-31");
    c.contractual_rate = 15000;
    c.judgment_notified = d("2025-09-30");
    const Penalties p = compute_penalties(france(), c);
    REQUIRE(p.lines.size() == 2);
    CHECK(p.lines[0].rate == 15000);
    CHECK(p.lines[0].to == d("2025-11-30"));
    CHECK(p.lines[1].rate == 7760);
  }
  SUBCASE("a pack without the rule says so") {
    PenaltyCase c = paid_case(ClientKind::business, 1000000, "2025-07-31", "2025-12-31");
    c.judgment_notified = d("2025-09-30");
    const Penalties p = compute_penalties(*law_pack("de"), c);
    CHECK_FALSE(p.judgment_from.ok());
    CHECK(has(p.warnings, "pas de majoration après jugement"));
  }
}

TEST_CASE("rates carried forward or unverified are named for the letters") {
  struct Row {
    ClientKind kind;
    const char* due;
    const char* paid;
    const char* note;  // "" for none
  };
  const Row rows[] = {
      {ClientKind::business, "2025-09-30", "2025-10-30", ""},
      {ClientKind::business, "2026-01-31", "2026-03-02",
       "taux de la BCE du 1er semestre 2026 non vérifié auprès de la source officielle"},
      {ClientKind::business, "2027-01-31", "2027-03-02",
       "taux de la BCE du 2e semestre 2026 reconduit faute de publication connue pour le 1er semestre 2027"},
      {ClientKind::consumer, "2027-01-31", "2027-03-02",
       "taux de l'intérêt légal du 2e semestre 2026 reconduit faute de publication connue pour le 1er semestre 2027"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.due);
    PenaltyCase c = paid_case(row.kind, 100000, row.due, row.paid);
    c.notice = d(row.due);
    const Penalties p = compute_penalties(france(), c);
    if (*row.note) {
      REQUIRE(p.rate_notes.size() == 1);
      CHECK(p.rate_notes[0] == row.note);
    } else {
      CHECK(p.rate_notes.empty());
    }
  }
}

TEST_CASE("law packs: every shipped pack loads, with sources on every row") {
  for (const char* id : {"fr", "be", "de", "uk", "eu"}) {
    CAPTURE(id);
    const Jurisdiction* j = law_pack(id);
    REQUIRE(j);
    CHECK(j->id == id);
    REQUIRE_FALSE(j->reference.periods.empty());
    for (const RatePeriod& p : j->reference.periods) CHECK_FALSE(p.source.empty());
    CHECK(j->indemnity == 4000);
    // Round trip through JSON.
    auto back = parse_jurisdiction(jurisdiction_to_json(*j), id);
    REQUIRE(back.ok());
    CHECK(*back == *j);
  }
  CHECK_FALSE(law_pack("xx"));
  struct Country {
    const char* typed;
    const char* law;
  };
  for (const Country& c : {Country{"", "fr"}, {"France", "fr"}, {"Belgique", "be"}, {"BE", "be"}, {"België", "be"},
                           {"Deutschland", "de"}, {"Allemagne", "de"}, {"Royaume-Uni", "uk"}, {"United Kingdom", "uk"},
                           {"GB", "uk"}, {"Italie", "eu"}, {"Pays-Bas", "eu"}, {"España", "eu"}, {"Suisse", "fr"}}) {
    CAPTURE(c.typed);
    CHECK(law_for_country(c.typed) == c.law);
  }
}

TEST_CASE("law packs: the published rates of each country") {
  struct Row {
    const char* id;
    const char* day;
    BasisPoints b2b;
    BasisPoints consumer;  // -1: not checked
  };
  const Row rows[] = {
      // Belgium, rates published in the Moniteur belge (ECB + 8 rounded up to the half point).
      {"be", "2013-03-01", 9000, -1},   // 0.75 + 8 = 8.75 → 9.00
      {"be", "2013-09-01", 8500, -1},   // 0.50 + 8
      {"be", "2014-09-01", 8500, -1},   // 0.15 + 8 = 8.15 → 8.50
      {"be", "2017-03-01", 8000, -1},
      {"be", "2024-03-01", 12500, -1},  // 4.50 + 8
      {"be", "2024-09-01", 12500, -1},  // 4.25 + 8 = 12.25 → 12.50
      {"be", "2025-09-01", 10500, -1},  // 2.15 + 8 = 10.15 → 10.50
      {"be", "2026-03-01", 10500, -1},
      // Germany: Basiszinssatz + 9 (B2B), + 5 (consumers).
      {"de", "2016-09-01", 8120, 4120},  // −0.88
      {"de", "2023-03-01", 10620, 6620},
      {"de", "2025-09-01", 10270, 6270},
      {"de", "2026-03-01", 10270, 6270},
      // The UK: Bank Rate on 31 December / 30 June + 8.
      {"uk", "2016-03-01", 8500, -1},
      {"uk", "2023-03-01", 11500, -1},
      {"uk", "2025-09-01", 12250, -1},
      // The EU default: ECB + 8.
      {"eu", "2025-09-01", 10150, -1},
      {"eu", "2024-03-01", 12500, -1},
  };
  for (const Row& row : rows) {
    CAPTURE(row.id);
    CAPTURE(row.day);
    const Jurisdiction& j = *law_pack(row.id);
    CHECK(b2b_rate_on(j, d(row.day)).rate == row.b2b);
    if (row.consumer >= 0) CHECK(legal_rate_on(j, d(row.day)).rate == row.consumer);
  }
}

TEST_CASE("law packs: worked examples and the UK's fixed sums") {
  SUBCASE("UK: £1 000 at 0.50 % + 8 = 8.50 % for 100 days (gov.uk: about 23p a day)") {
    PenaltyCase c = paid_case(ClientKind::business, 100000, "2016-01-31", "2016-05-10");
    const Penalties p = compute_penalties(*law_pack("uk"), c);
    REQUIRE(p.lines.size() == 1);
    CHECK(p.lines[0].days == 100);
    CHECK(p.interest == 2329);  // 1 000 × 8.5 % × 100 / 365 = 23.287…
    CHECK(p.indemnity == 7000);  // £1 000 is not below £1 000: £70
  }
  SUBCASE("UK fixed sums by the size of the debt") {
    const Jurisdiction& uk = *law_pack("uk");
    struct Tier {
      Cents debt, sum;
    };
    for (const Tier& t : {Tier{99999, 4000}, Tier{100000, 7000}, Tier{999999, 7000}, Tier{1000000, 10000},
                          Tier{50000000, 10000}}) {
      CAPTURE(t.debt);
      CHECK(indemnity_for(uk, t.debt) == t.sum);
    }
    CHECK(format_money(uk, 123456) == "1\u202F234,56\u00a0£");
  }
  SUBCASE("Germany: 10 000 € for 30 days in 2025 H2 at 1.27 + 9 = 10.27 %") {
    const Penalties p = compute_penalties(*law_pack("de"), paid_case(ClientKind::business, 1000000, "2025-09-30", "2025-10-30"));
    CHECK(p.interest == 8441);  // 84.410…
    CHECK(p.indemnity == 4000);
    PenaltyCase consumer = paid_case(ClientKind::consumer, 1000000, "2025-09-30", "2025-10-30");
    consumer.notice = d("2025-09-30");
    CHECK(compute_penalties(*law_pack("de"), consumer).interest == 5153);  // 6.27 %: 51.534…
  }
  SUBCASE("Belgium: 10 000 € for 30 days in 2025 H2 at 10.50 %") {
    const Penalties p = compute_penalties(*law_pack("be"), paid_case(ClientKind::business, 1000000, "2025-09-30", "2025-10-30"));
    CHECK(p.interest == 8630);  // 86.301…
    CHECK(p.indemnity == 4000);
  }
}

TEST_CASE("law in the ledger: the company's country, a client's own law, public buyers in letters") {
  test::Builder b;
  b.l.company.name = "Atelier Dupont";
  b.l.company.signatory = "Jeanne Dupont";
  b.l.company.address = {"3 rue Mercière", "", "69002", "Lyon", ""};
  const ClientId mairie = [&] {
    Client c;
    c.name = "Mairie de Villeurbanne";
    c.public_buyer = PublicBuyer::local_authority;
    c.email = "compta@mairie.example";
    c.address = {"Place Lazare-Goujon", "", "69100", "Villeurbanne", ""};
    return b.run(cmd::AddClient{c}).client;
  }();
  const InvoiceId f1 = b.invoice(mairie, "F-2025-0101", 1000000, "2025-08-31", "2025-09-30");
  const Invoice& inv = *find_invoice(b.l, f1);
  CHECK(invoice_penalties(b.l, inv, d("2025-10-30")).interest == 8342);  // ECB + 8, not + 10

  LetterRequest r;
  r.client = mairie;
  r.type = LetterType::notice;
  r.today = d("2025-10-30");
  auto letter = letter_content(b.l, r);
  REQUIRE_MESSAGE(letter.ok(), letter.error().message());
  const std::string text = body_of(*letter);
  CHECK(text.find("La facture F-2025-0101 a été déposée sur le portail Chorus Pro") != std::string::npos);
  CHECK(text.find("délai de paiement de 30 jours") != std::string::npos);
  CHECK(text.find("Code de la commande publique") != std::string::npos);
  CHECK(text.find("L441-10") == std::string::npos);
  CHECK(text.find("10,15\u00a0%") != std::string::npos);
  CHECK(text.find("Intérêts moratoires") != std::string::npos);
  CHECK(text.find("énalités de retard") == std::string::npos);

  SUBCASE("a judgment in the letter") {
    find_invoice(b.l, f1)->judgment_notified_on = d("2025-10-01");
    r.today = d("2026-08-15");
    auto later = letter_content(b.l, r);
    REQUIRE(later.ok());
    const std::string t = body_of(*later);
    CHECK(t.find("Facture F-2025-0101\u00a0: depuis le 02/12/2025, à l'expiration du délai de 2 mois suivant la "
                 "notification du jugement le 01/10/2025, les intérêts courent au taux de l'intérêt légal majoré de "
                 "5 points (article L313-3 du Code monétaire et financier).") != std::string::npos);
    CHECK(t.find("taux de l'intérêt légal du 2e semestre 2026 non vérifié auprès de la source officielle") !=
          std::string::npos);
  }
  SUBCASE("a client under German law; the UK in pounds") {
    Client& c = *find_client(b.l, mairie);
    c.public_buyer = PublicBuyer::none;
    c.law = "de";
    CHECK(&jurisdiction_for(b.l, c) == law_pack("de"));
    CHECK(invoice_penalties(b.l, inv, d("2025-10-30")).interest == 8441);
    auto de = letter_content(b.l, r);
    REQUIRE(de.ok());
    const std::string t = body_of(*de);
    CHECK(t.find("§ 288 alinéa 2 du BGB") != std::string::npos);
    CHECK(t.find("Chorus Pro") == std::string::npos);
    c.law = "uk";
    auto uk = letter_content(b.l, r);
    REQUIRE(uk.ok());
    const std::string u = body_of(*uk);
    CHECK(u.find("£") != std::string::npos);
    CHECK(u.find("€") == std::string::npos);
    CHECK(u.find("Late Payment of Commercial Debts") != std::string::npos);
  }
  SUBCASE("the company's country chooses the law") {
    b.l.company.address.country = "Belgique";
    CHECK(jurisdiction(b.l).id == "be");
    // No public-buyer rule in Belgium's pack: the B2B reference rate, 10.50 %.
    CHECK(invoice_penalties(b.l, inv, d("2025-10-30")).interest == 8630);
  }
}

TEST_CASE("letters print Greek and Cyrillic names; other scripts are named in a warning") {
  struct Row {
    const char* name;
    const char* city;
    const char* warning;  // "" for none
  };
  const Row rows[] = {
      {"Γεώργιος Παπαδόπουλος ΑΕ", "Αθήνα", ""},
      {"ООО «Ромашка» Дмитрий Шостакович", "Санкт-Петербург", ""},
      {"Ґанна Ївченко", "Київ", ""},
      {"Straße ẞ GmbH – ﬁnances ﬂux", "Düsseldorf", ""},
      {"Ștefan Țurcanu SRL", "București", ""},
      {"شركة النور", "Lyon", "client.name : écriture non prise en charge (arabe)"},
      {"株式会社 山田", "Lyon", "client.name : écriture non prise en charge (chinois, japonais ou coréen)"},
      {"Café 🍰 Dupont", "Lyon", "client.name : écriture non prise en charge (emoji)"},
      {"Dupont SARL", "תל אביב", "client.address.city : écriture non prise en charge (hébreu)"},
  };
  test::TempDir dir;
  int n = 0;
  for (const Row& row : rows) {
    CAPTURE(row.name);
    test::Builder b;
    b.l.company.name = "Atelier Dupont";
    b.l.company.signatory = "Jeanne Dupont";
    b.l.company.address = {"3 rue Mercière", "", "69002", "Lyon", ""};
    Client c;
    c.name = row.name;
    c.address = {"1 rue X", "", "00000", row.city, ""};
    const ClientId id = b.run(cmd::AddClient{c}).client;
    b.invoice(id, "F-2026-0001", 120000, "2026-09-01", "2026-10-01");
    LetterRequest r;
    r.client = id;
    r.type = LetterType::notice;
    r.today = d("2026-11-23");
    auto content = letter_content(b.l, r);
    REQUIRE(content.ok());
    if (*row.warning) {
      CHECK(has(content->warnings, row.warning));
      continue;
    }
    CHECK_FALSE(has(content->warnings, "écriture non prise en charge"));
    auto bytes = letter_pdf(b.l, r);
    REQUIRE(bytes.ok());
    const std::string path = test::write_pdf(dir, "script-" + std::to_string(n++) + ".pdf", *bytes);
    test::check_qpdf(path);
    const std::string text = test::text_of(path);
    CHECK(text.find(row.name) != std::string::npos);
    CHECK(text.find(row.city) != std::string::npos);
    CHECK(text.find("\uFFFD") == std::string::npos);
  }
}

TEST_CASE("older ledgers: clients without the new fields, custom rates without the new sections") {
  test::Builder b;
  b.client("Ancien client");
  Jurisdiction old = france();
  old.public_buyer.reset();
  old.judgment.reset();
  old.reference.short_name.clear();
  b.l.custom_rates = old;
  Json doc = ledger_json(b.l);
  doc["custom_rates"].erase("public_buyer");
  doc["custom_rates"].erase("judgment");
  CHECK_FALSE(doc["clients"][0].contains("public_buyer"));
  auto loaded = ledger_from_json(dump_json(doc, 1), "old.json");
  REQUIRE_MESSAGE(loaded.ok(), loaded.error().message());
  CHECK(loaded->clients[0].public_buyer == PublicBuyer::none);
  CHECK(loaded->clients[0].law.empty());
  REQUIRE(loaded->custom_rates);
  CHECK(loaded->custom_rates->public_buyer == france().public_buyer);
  CHECK(loaded->custom_rates->judgment == france().judgment);
  CHECK(loaded->custom_rates->reference.short_name == "taux de la BCE");
}

TEST_CASE("reports count public buyers' and judgments' interest like invoice_penalties()") {
  test::Builder b;
  Client c;
  c.name = "Conseil départemental";
  c.public_buyer = PublicBuyer::local_authority;
  const ClientId pub = b.run(cmd::AddClient{c}).client;
  const InvoiceId f1 = b.invoice(pub, "F-2025-0001", 1000000, "2025-08-31", "2025-09-30");
  const ClientId other = b.client("Client jugé");
  const InvoiceId f2 = b.invoice(other, "F-2025-0002", 1000000, "2025-01-01", "2025-01-31");
  find_invoice(b.l, f2)->judgment_notified_on = d("2025-06-15");
  const Date today = d("2025-12-31");
  const Cents expected = invoice_penalties(b.l, *find_invoice(b.l, f1), today).total +
                         invoice_penalties(b.l, *find_invoice(b.l, f2), today).total;
  CHECK(build_report(b.l, today).penalties_claimable == expected);
  CHECK(invoice_penalties(b.l, *find_invoice(b.l, f2), today).judgment_from == d("2025-08-16"));
}
