// Bank statement readers: each format on a small statement written for the
// tests, and the errors a user sees, word for word.
#include <doctest/doctest.h>

#include "core/bank/statement.h"
#include "tests/bank_fixtures.h"

using namespace relance;
using namespace relance::bank;
using relance::test::bank_fixture;
using relance::test::d;

namespace {

struct Expect {
  const char* date;
  Cents amount;
};

void check_lines(const Statement& s, std::initializer_list<Expect> want) {
  REQUIRE(s.lines.size() == want.size());
  std::size_t i = 0;
  for (const Expect& e : want) {
    CAPTURE(i);
    CHECK(to_iso(s.lines[i].date) == e.date);
    CHECK(s.lines[i].amount == e.amount);
    CHECK(!s.lines[i].bank_id.empty());
    ++i;
  }
}

Statement parsed(const std::string& name, ParseOptions opts = {}) {
  auto r = parse_statement(bank_fixture(name), name, opts);
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  return *r;
}

std::string error_of(std::string_view bytes, ParseOptions opts = {}) {
  auto r = parse_statement(bytes, "releve", opts);
  REQUIRE(!r.ok());
  return r.error().message();
}

}  // namespace

TEST_CASE("bank: every fixture is detected by its content") {
  CHECK(detect_format(bank_fixture("releve.ofx")) == Format::ofx);
  CHECK(detect_format(bank_fixture("releve-v2.ofx")) == Format::ofx);
  CHECK(detect_format(bank_fixture("releve.camt053.xml")) == Format::camt053);
  CHECK(detect_format(bank_fixture("releve.cfo")) == Format::cfonb);
  CHECK(detect_format(bank_fixture("releve-fr.csv")) == Format::csv);
  CHECK(detect_format(bank_fixture("releve-boursorama.csv")) == Format::csv);
  CHECK(!detect_format("hello world"));
  CHECK(!detect_format(""));
  CHECK(!detect_format("<html><body>Connexion</body></html>"));
}

TEST_CASE("bank: OFX 1.x SGML in Windows-1252") {
  const Statement s = parsed("releve.ofx");
  CHECK(s.format == Format::ofx);
  CHECK(s.account == "00012345678");
  CHECK(s.currency == "EUR");
  check_lines(s, {{"2026-11-02", 123456}, {"2026-11-03", 50000}, {"2026-11-04", -4500}, {"2026-11-05", 200000}});
  CHECK(s.lines[0].label == "VIR SEPA GARAGE DUPONT ET FILS FACT F-2026-0036");
  CHECK(s.lines[0].bank_id == "OFX0001");
  CHECK(s.lines[0].bank_id_from_bank);
  // CHARSET:1252 read as such, entities decoded.
  CHECK(s.lines[3].label == "VIR HôTEL DES CÉLESTINS Acompte séjour & salle");
}

TEST_CASE("bank: OFX 2.x XML") {
  const Statement s = parsed("releve-v2.ofx");
  CHECK(s.account == "00012345678");
  check_lines(s, {{"2026-11-02", 123456}, {"2026-11-03", 50000}, {"2026-11-04", -4500}, {"2026-11-05", 200000}});
  CHECK(s.lines[1].label == "BOULANGERIE MARTIN REGLEMENT OCTOBRE");  // PAYEE/NAME
  CHECK(s.lines[3].label == "VIR HÔTEL DES CÉLESTINS Acompte séjour & salle");
  // The same movements as the SGML file: the same ids.
  CHECK(s.lines[0].bank_id == parsed("releve.ofx").lines[0].bank_id);
}

TEST_CASE("bank: camt.053 with a namespace prefix, several transactions in one entry, a pending one left out") {
  const Statement s = parsed("releve.camt053.xml");
  CHECK(s.format == Format::camt053);
  CHECK(s.account == "FR7630004001230001234567890");
  CHECK(s.id == "STMT-2026-11-06");
  check_lines(s, {{"2026-11-02", 123456}, {"2026-11-03", 50000}, {"2026-11-03", 200000}, {"2026-11-04", -4500}});
  CHECK(s.lines[0].label == "FACT F-2026-0036");
  CHECK(s.lines[0].payer == "GARAGE DUPONT ET FILS");
  CHECK(s.lines[0].reference == "E2E-DUPONT-36");
  CHECK(s.lines[0].bank_id == "CAMT0001");
  CHECK(s.lines[1].payer == "Boulangerie Martin");  // Dbtr/Pty/Nm (camt.053.001.08)
  CHECK(s.lines[1].reference.empty());              // NOTPROVIDED is no reference
  CHECK(s.lines[1].bank_id == "CAMT0002-1/1");
  CHECK(s.lines[2].reference == "ACOMPTE-SALLE");
  CHECK(s.lines[2].payer == "Hôtel des Célestins");
  CHECK(s.lines[2].bank_id == "CAMT0002-2/2");
  CHECK(s.lines[3].label == "PRLV SEPA EDF");
}

TEST_CASE("bank: camt.054 notifications read the same way") {
  const std::string xml =
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn><Ntfctn>"
      "<Id>N1</Id><Acct><Id><IBAN>FR76123</IBAN></Id></Acct>"
      "<Ntry><Amt Ccy=\"EUR\">12.30</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-11-02</Dt></BookgDt>"
      "<NtryDtls><TxDtls><Refs><EndToEndId>E1</EndToEndId></Refs><RmtInf><Ustrd>F 2026 36</Ustrd></RmtInf>"
      "</TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
  auto r = parse_statement(xml, "n.xml");
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  CHECK(r->format == Format::camt054);
  check_lines(*r, {{"2026-11-02", 1230}});
  CHECK(r->lines[0].bank_id == "E1");
  CHECK(r->lines[0].label == "F 2026 36");
}

TEST_CASE("bank: CFONB 120, signs in the last character, 05 complements") {
  const Statement s = parsed("releve.cfo");
  CHECK(s.format == Format::cfonb);
  CHECK(s.account == "30004 00123 00012345678");
  check_lines(s, {{"2026-11-02", 123456}, {"2026-11-03", 50000}, {"2026-11-04", -4500}, {"2026-11-05", 200000}});
  CHECK(s.lines[0].label == "VIR SEPA GARAGE DUPONT ET FILS FACT F-2026-0036");
  CHECK(s.lines[0].payer == "GARAGE DUPONT ET FILS");
  CHECK(s.lines[0].reference == "E2E-DUPONT-36");
  CHECK(s.lines[2].reference == "EDF-112026");
  CHECK(starts_with(s.lines[0].bank_id, "h:"));
  CHECK(!s.lines[0].bank_id_from_bank);
  // Records glued together without line breaks read the same.
  std::string glued;
  const std::string file = bank_fixture("releve.cfo");
  for (std::string_view l : split_lines(file)) glued += l;
  REQUIRE(glued.size() == 12 * 120);
  auto r = parse_statement(glued, "glued.cfo");
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  CHECK(r->lines == s.lines);
}

TEST_CASE("bank: CFONB amounts with other decimals and every sign letter") {
  auto record = [](char decimals, std::string amount) {
    std::string r = "0430004000100123EUR" + std::string(1, decimals) + " 0001234567805021126  021126";
    r += std::string("LIBELLE").append(24, ' ') + "  0000000  " + amount + std::string(16, ' ');
    return r;
  };
  struct Row {
    char decimals;
    const char* amount;
    Cents cents;
  } rows[] = {{'2', "0000000012345E", 123455},  {'2', "0000000012345N", -123455}, {'2', "0000000000000{", 0},
              {'2', "0000000000001}", -10},     {'0', "0000000000012B", 12200},   {'3', "0000000001234{", 1234},
              {'2', "0000000000000R", -9},      {'2', "0000000000000A", 1}};
  for (const Row& row : rows) {
    CAPTURE(row.amount);
    auto r = parse_cfonb(record(row.decimals, row.amount), "x.cfo");
    REQUIRE_MESSAGE(r.ok(), r.error().message());
    CHECK(r->lines.at(0).amount == row.cents);
  }
}

TEST_CASE("bank: French CSV in Windows-1252 below a few lines of account details") {
  const Statement s = parsed("releve-fr.csv");
  CHECK(s.preset == "credit-agricole");
  check_lines(s, {{"2026-11-02", 123456}, {"2026-11-03", 50000}, {"2026-11-04", -4500}, {"2026-11-05", 200000}});
  CHECK(s.lines[0].reference == "E2E-DUPONT-36");
  CHECK(s.lines[3].label == "VIR SEPA HÔTEL DES CÉLESTINS; ACOMPTE");
  CHECK(s.lines[0].source_line == 5);
}

TEST_CASE("bank: Boursorama-style CSV in UTF-8 with a BOM, one signed amount column") {
  const Statement s = parsed("releve-boursorama.csv");
  CHECK(s.preset == "boursorama");
  check_lines(s, {{"2026-11-02", 123456}, {"2026-11-03", 50000}, {"2026-11-04", -4500}, {"2026-11-05", 200000}});
}

TEST_CASE("bank: CSV with the caller's columns") {
  const std::string text = "02.11.2026|VIR GARAGE DUPONT F2026 36|1234.56\n05.11.2026|PRLV EDF|-45\n";
  CsvColumns c;
  c.date = 0;
  c.label = 1;
  c.amount = 2;
  c.skip_rows = 0;
  c.separator = '|';
  ParseOptions opts;
  opts.columns = c;
  auto r = parse_statement(text, "autre.txt", opts);
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  check_lines(*r, {{"2026-11-02", 123456}, {"2026-11-05", -4500}});
  CHECK(r->preset == "columns");
  // Debit and credit in two columns, debits written without their sign.
  const std::string two = "Jour;Quoi;Sortie;Entrée\n02/11/26;VIR;;10,00\n03/11/26;CB;3,50;\n";
  c = CsvColumns{};
  c.date = 0;
  c.label = 1;
  c.debit = 2;
  c.credit = 3;
  opts.columns = c;
  r = parse_statement(two, "deux.csv", opts);
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  check_lines(*r, {{"2026-11-02", 1000}, {"2026-11-03", -350}});
}

TEST_CASE("bank: a CSV's account is the IBAN written above its movements, and its lines keep their ids") {
  const std::string plain = "Date;Libell\u00e9;Montant\n02/11/2026;VIR SEPA GARAGE DUPONT;1234,56\n";
  const std::string above = "Compte courant FR76 3000 6000 0112 3456 7890 189 EUR\n" + plain;
  auto a = parse_statement(above, "a.csv");
  REQUIRE_MESSAGE(a.ok(), a.error().message());
  CHECK(a->account == "FR7630006000011234567890189");
  // With the columns given, too.
  CsvColumns c;
  c.date = 0;
  c.label = 1;
  c.amount = 2;
  c.skip_rows = 2;
  ParseOptions opts;
  opts.columns = c;
  auto given = parse_statement(above, "a.csv", opts);
  REQUIRE_MESSAGE(given.ok(), given.error().message());
  CHECK(given->account == "FR7630006000011234567890189");
  // No IBAN (or one failing mod 97): no account.
  auto none = parse_statement(plain, "b.csv");
  REQUIRE(none.ok());
  CHECK(none->account.empty());
  auto wrong = parse_statement("Compte FR76 3000 6000 0112 3456 7890 188\n" + plain, "c.csv");
  REQUIRE(wrong.ok());
  CHECK(wrong->account.empty());
  // The line is the same movement with or without the account above it.
  CHECK(a->lines[0].bank_id == none->lines[0].bank_id);
}

TEST_CASE("bank: the same movement read twice has the same id, identical movements of a day different ones") {
  const std::string csv = "Date;Libellé;Montant\n02/11/2026;CB BOULANGERIE;-3,20\n02/11/2026;CB BOULANGERIE;-3,20\n";
  auto a = parse_statement(csv, "a.csv");
  auto b = parse_statement(csv, "b.csv");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->lines[0].bank_id == b->lines[0].bank_id);
  CHECK(a->lines[1].bank_id == b->lines[1].bank_id);
  CHECK(a->lines[0].bank_id != a->lines[1].bank_id);
}

TEST_CASE("bank: errors name the file, the line or XML path, and what was expected") {
  CHECK(error_of("bonjour") ==
        "releve: format de relevé non reconnu (attendu OFX, camt.053, camt.054, CFONB 120 ou CSV bancaire)");
  // OFX
  std::string ofx = bank_fixture("releve.ofx");
  CHECK(error_of(replace_all(ofx, "<TRNAMT>500.00", "<TRNAMT>cinq cents")) ==
        "releve, ligne 51: TRNAMT : montant attendu (« -75.00 »), trouvé « cinq cents »");
  CHECK(error_of(replace_all(ofx, "<DTPOSTED>20261104\r\n", "")) ==
        "releve, ligne 56: mouvement STMTTRN sans DTPOSTED (date attendue AAAAMMJJ)");
  CHECK(error_of(replace_all(ofx, "<DTPOSTED>20261102", "<DTPOSTED>20261302")) ==
        "releve, ligne 42: DTPOSTED : date attendue AAAAMMJJ, trouvé « 20261302 »");
  const std::string ofx2 = bank_fixture("releve-v2.ofx");
  CHECK(error_of(replace_all(ofx2, "<TRNAMT>-45.00", "<TRNAMT>-45,00,0")) ==
        "releve: /OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[3]/TRNAMT: TRNAMT : montant attendu "
        "(« -75.00 »), trouvé « -45,00,0 »");
  CHECK(error_of(replace_all(ofx2, "EDF</NAME>", "EDF</NOM>")) ==
        "releve, ligne 38: XML mal formé (Start-end tags mismatch)");
  // camt
  const std::string camt = bank_fixture("releve.camt053.xml");
  CHECK(error_of(replace_all(camt, "1234.56", "12,34.56")) ==
        "releve: /Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt: montant attendu (« 1234.56 »), trouvé « 12,34.56 »");
  CHECK(error_of(replace_all(camt, "<c:Dt>2026-11-04</c:Dt>", "<c:Dt>04/11/2026</c:Dt>")) ==
        "releve: /Document/BkToCstmrStmt/Stmt/Ntry[3]/BookgDt/Dt: date de comptabilisation attendue (AAAA-MM-JJ), "
        "trouvé « 04/11/2026 »");
  CHECK(error_of(replace_all(camt, "<c:CdtDbtInd>DBIT</c:CdtDbtInd>", "<c:CdtDbtInd>D</c:CdtDbtInd>")) ==
        "releve: /Document/BkToCstmrStmt/Stmt/Ntry[3]/CdtDbtInd: sens attendu (CRDT ou DBIT), trouvé « D »");
  CHECK(error_of("<Document><Autre/></Document>", {Format::camt053, {}}) ==
        "releve: /Document/Autre: relevé ISO 20022 attendu (Document/BkToCstmrStmt ou BkToCstmrDbtCdtNtfctn)");
  // CFONB
  std::string cfonb = bank_fixture("releve.cfo");
  std::string bad_amount = cfonb;
  bad_amount.replace(bad_amount.find("0000000012345F"), 14, "00000000123X5F");
  CHECK(error_of(bad_amount) ==
        "releve, ligne 2: montant attendu en positions 91-104 (13 chiffres et un signe « { A-I } J-R »), trouvé "
        "« 00000000123X5F »");
  std::string bad_date = cfonb;
  bad_date.replace(bad_date.find("  031126VIR") - 6, 6, "310226");
  CHECK(error_of(bad_date) == "releve, ligne 6: date d'opération attendue en positions 35-40 (JJMMAA), trouvé « 310226 »");
  CHECK(error_of(cfonb.substr(cfonb.find("05300"))) == "releve: format de relevé non reconnu (attendu OFX, camt.053, "
                                                        "camt.054, CFONB 120 ou CSV bancaire)");
  CHECK(error_of(cfonb.substr(cfonb.find("05300")), {Format::cfonb, {}}) ==
        "releve, ligne 1: complément 05 sans mouvement 04 avant lui");
  CHECK(error_of(cfonb + "09 fin\r\n") == "releve, ligne 13: enregistrement CFONB 01, 04, 05 ou 07 attendu, trouvé « 09 »");
  // CSV
  CHECK(error_of("Date;Libellé;Montant\n02/11/2026;VIR;12,3,4\n") ==
        "releve, ligne 2: colonne « Montant » : montant attendu (« 1234,56 »), trouvé « 12,3,4 »");
  CHECK(error_of("Date;Libellé;Montant\n32/11/2026;VIR;12,00\n") ==
        "releve, ligne 2: colonne « Date » : date attendue (jj/mm/aaaa), trouvé « 32/11/2026 »");
  CHECK(error_of("Date;Libellé;Débit;Crédit\n02/11/2026;VIR;;\n") ==
        "releve, ligne 2: colonne « Débit » ou colonne « Crédit » : montant attendu, cellule vide");
  CHECK(error_of("Quand;Quoi;Combien\n02/11/2026;VIR;12,00\n", {Format::csv, {}}) ==
        "releve: ligne d'en-tête du relevé introuvable dans les 40 premières lignes (attendu une colonne « Date » et "
        "une colonne « Montant », ou « Débit » et « Crédit » ; sinon donnez les colonnes)");
}
