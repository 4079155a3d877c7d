// CSV import and export: both dialects, both encodings, RFC 4180 quoting,
// header synonyms, every error with its line and column, the round trips.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/ledger_file.h"
#include "core/text.h"
#include "tests/builder.h"

using namespace relance;
using relance::test::d;

namespace {

std::string read_fixture(const char* name) {
  std::ifstream in(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/csv/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Date kToday = Date::from_ymd(2026, 6, 1);

CsvImportResult import(std::string_view text, const Ledger& into = make_empty_ledger(), CsvOptions opts = {}) {
  return import_csv(into, text, opts, kToday);
}

std::string all_errors(const CsvImportResult& r) {
  std::string s;
  for (const Error& e : r.errors) s += e.message() + "\n";
  return s;
}

// The import must succeed; the batch is applied to `into` (as the app does).
Ledger import_ok(std::string_view text, Ledger into = make_empty_ledger(), CsvOptions opts = {}) {
  CsvImportResult r = import(text, into, opts);
  INFO(all_errors(r));
  REQUIRE(r.errors.empty());
  REQUIRE(r.batch.has_value());
  auto applied = relance::apply(into, Command{*r.batch});
  REQUIRE_MESSAGE(applied.ok(), applied.error().message());
  return into;
}

const Invoice& by_number(const Ledger& l, const char* number) {
  const Invoice* inv = find_invoice_by_number(l, number);
  REQUIRE_MESSAGE(inv != nullptr, number);
  return *inv;
}

const Client& client_of(const Ledger& l, const Invoice& inv) {
  const Client* c = find_client(l, inv.client);
  REQUIRE(c != nullptr);
  return *c;
}

}  // namespace

TEST_CASE("Excel French file in Windows-1252: detection, accents, euro sign, quoted multi-line field") {
  const std::string bytes = read_fixture("excel-fr-cp1252.csv");
  REQUIRE_FALSE(is_valid_utf8(bytes));  // really Windows-1252
  const CsvImportResult r = import(bytes);
  INFO(all_errors(r));
  REQUIRE(r.batch);
  CHECK(r.format == CsvFormat{CsvDialect::french, CsvEncoding::cp1252, false, ';'});
  CHECK(describe(r.format) == "Excel français : séparateur point-virgule, virgule décimale, dates jj/mm/aaaa, Windows-1252");
  CHECK(r.rows == 3);
  CHECK(r.invoices == 3);
  CHECK(r.new_clients == 2);  // "BOULANGERIE ELISE" is "Boulangerie Élise"
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] == "colonne ignorée (non reconnue) : « Commentaire »");

  const Ledger l = import_ok(bytes);
  const Invoice& a = by_number(l, "F-2026-0001");
  CHECK(client_of(l, a).name == "Boulangerie Élise");
  CHECK(client_of(l, a).email == "compta@elise.fr");
  CHECK(a.ht == 100000);
  CHECK(a.vat == 20000);
  CHECK(a.ttc == 120000);
  CHECK(a.issue_date == d("2026-01-05"));
  CHECK(a.due_date == d("2026-02-04"));
  CHECK(a.label == "Pain & pâtisseries");
  CHECK(invoice_status(l, a) == InvoiceStatus::issued);

  const Invoice& b = by_number(l, "F-2026-0002");
  CHECK(client_of(l, b).name == "Café Dürer");
  CHECK(client_of(l, b).kind == ClientKind::consumer);
  CHECK(b.ttc == 25050);
  CHECK(b.ht == 0);
  CHECK(b.label == "Réception; buffet \"spécial\"\nsur deux lignes");
  REQUIRE(b.payments.size() == 1);
  CHECK(b.payments[0].amount == 10000);
  CHECK(b.payments[0].date == d("2026-01-20"));
  CHECK(b.payments[0].method == PaymentMethod::other);
  CHECK(b.payments[0].reference == "import CSV");
  CHECK(invoice_status(l, b) == InvoiceStatus::partly_paid);

  const Invoice& c = by_number(l, "F-2026-0003");
  CHECK(c.client == a.client);
  CHECK(c.label == "Livraison d'œufs – 12 €");
  CHECK(invoice_status(l, c) == InvoiceStatus::disputed);
  REQUIRE(c.disputes.size() == 1);
  CHECK(c.disputes[0].opened == kToday);
  CHECK(c.disputes[0].reason == "importée comme contestée");
}

TEST_CASE("UTF-8 file with BOM: synonyms, blank lines, client code, grouped amounts, formula escape") {
  const std::string bytes = read_fixture("excel-fr-utf8-bom.csv");
  const CsvImportResult r = import(bytes);
  INFO(all_errors(r));
  REQUIRE(r.batch);
  CHECK(r.format == CsvFormat{CsvDialect::french, CsvEncoding::utf8, true, ';'});
  CHECK(r.rows == 3);  // the blank line and the line of separators are skipped
  CHECK(r.new_clients == 2);
  CHECK(r.warnings.empty());

  const Ledger l = import_ok(bytes);
  const Invoice& a = by_number(l, "FA-101");
  CHECK(client_of(l, a).name == "Société Générale des Eaux");
  CHECK(client_of(l, a).code == "C042");
  CHECK(a.ttc == 123456);
  CHECK(a.contractual_rate == 12150);
  CHECK(invoice_status(l, a) == InvoiceStatus::paid);
  // Same code, another spelling of the name: the code wins.
  CHECK(by_number(l, "FA-102").client == a.client);
  CHECK(by_number(l, "FA-102").label == "=HYPERLINK(\"x\")");
  const Invoice& c = by_number(l, "FA-103");
  CHECK(c.ttc == 6000);
  CHECK(c.state == Lifecycle::written_off);
  CHECK(c.closed_on == kToday);
  CHECK(client_of(l, c).name == "Œuvres & Cie");
}

TEST_CASE("plain file: comma, decimal point, ISO dates, English headers") {
  const std::string bytes = read_fixture("plain.csv");
  const CsvImportResult r = import(bytes);
  INFO(all_errors(r));
  REQUIRE(r.batch);
  CHECK(r.format == CsvFormat{CsvDialect::plain, CsvEncoding::utf8, false, ','});
  CHECK(describe(r.format) == "CSV standard : séparateur virgule, point décimal, dates aaaa-mm-jj, UTF-8");
  const Ledger l = import_ok(bytes);
  const Invoice& a = by_number(l, "INV-1");
  CHECK(a.label == "Consulting, phase 1");
  CHECK(a.ttc == 120000);
  CHECK(invoice_status(l, a) == InvoiceStatus::paid);
  CHECK(client_of(l, by_number(l, "INV-2")).kind == ClientKind::consumer);
  CHECK(by_number(l, "INV-2").ttc == 8990);
  const Invoice& c = by_number(l, "INV-3");
  CHECK(c.client == a.client);
  CHECK(c.state == Lifecycle::cancelled);
  CHECK(c.contractual_rate == 10500);
  CHECK(c.ht == 50000);
}

TEST_CASE("detection of dialect, encoding and separator") {
  struct Case {
    const char* name;
    std::string text;
    CsvFormat expected;
  };
  const Case cases[] = {
      {"semicolon, decimal comma", "Numéro;Client;Date;Échéance;TTC\nF1;A;01/02/2026;01/03/2026;10,50\n",
       {CsvDialect::french, CsvEncoding::utf8, false, ';'}},
      {"comma, decimal point", "Number,Client,Date,Due,Total\nF1,A,2026-02-01,2026-03-01,10.50\n",
       {CsvDialect::plain, CsvEncoding::utf8, false, ','}},
      // Google Sheets in French: commas between fields, decimal commas in quotes.
      {"comma, decimal comma", "Numéro,Client,Date,Échéance,TTC\nF1,A,01/02/2026,01/03/2026,\"10,50\"\n",
       {CsvDialect::french, CsvEncoding::utf8, false, ','}},
      {"tab, French dates", "Numéro\tClient\tDate\tÉchéance\tTTC\nF1\tA\t01/02/2026\t01/03/2026\t10\n",
       {CsvDialect::french, CsvEncoding::utf8, false, '\t'}},
      {"tab, ISO dates", "Number\tClient\tDate\tDue\tTotal\nF1\tA\t2026-02-01\t2026-03-01\t10\n",
       {CsvDialect::plain, CsvEncoding::utf8, false, '\t'}},
      {"separators inside quotes do not count", "\"N°, facture\";Client;Date;Échéance;TTC\nF1;A;01/02/2026;01/03/2026;10\n",
       {CsvDialect::french, CsvEncoding::utf8, false, ';'}},
      {"Excel's sep= line", "sep=,\nNuméro,Client,Date,Échéance,TTC\nF1,A,01/02/2026,01/03/2026,10\n",
       {CsvDialect::french, CsvEncoding::utf8, false, ','}},
      {"Windows-1252", "Num\xE9ro;Client;Date;\xC9" "ch\xE9" "ance;TTC\nF1;A;01/02/2026;01/03/2026;10\n",
       {CsvDialect::french, CsvEncoding::cp1252, false, ';'}},
      {"BOM", "\xEF\xBB\xBFNumber,Client,Date,Due,Total\nF1,A,2026-02-01,2026-03-01,10\n",
       {CsvDialect::plain, CsvEncoding::utf8, true, ','}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      const CsvImportResult r = import(c.text);
      INFO(all_errors(r));
      CHECK(r.batch.has_value());
      CHECK(r.format == c.expected);
    }
  }
  SUBCASE("given options win over detection") {
    CsvOptions opts;
    opts.dialect = CsvDialect::plain;
    // "10,50" is a bad amount in the plain dialect.
    const CsvImportResult r = import("Numéro;Client;Date;Échéance;TTC\nF1;A;01/02/2026;01/03/2026;10,50\n", make_empty_ledger(), opts);
    CHECK(r.format.dialect == CsvDialect::plain);
    CHECK(r.format.separator == ';');
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 2, colonne « TTC »", "montant invalide « 10,50 » : caractère inattendu « , » (attendu 1234.56)"});
  }
  SUBCASE("forced UTF-8 on a Windows-1252 file names the line") {
    CsvOptions opts;
    opts.encoding = CsvEncoding::utf8;
    const CsvImportResult r = import("Numero;Client;Date;Echeance;TTC\nF1;Caf\xE9;01/02/2026;01/03/2026;10\n", make_empty_ledger(), opts);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 2", "texte qui n'est pas de l'UTF-8 valide : le fichier est sans doute en Windows-1252"});
  }
}

TEST_CASE("RFC 4180 quoting and line numbers") {
  const std::string header = "Numéro;Client;Date;Échéance;TTC;Libellé\r\n";
  SUBCASE("separators, quotes and line breaks inside quotes, CRLF and LF mixed, no final line end") {
    const Ledger l = import_ok(header +
                               "F1;\"Dupont; fils\";01/02/2026;01/03/2026;10;\"dit \"\"le grand\"\"\"\n"
                               "F2;B;01/02/2026;01/03/2026;20;\"ligne 1\r\nligne 2\nligne 3\"\r\n"
                               "F3;C;01/02/2026;01/03/2026;30;fin");
    CHECK(client_of(l, by_number(l, "F1")).name == "Dupont; fils");
    CHECK(by_number(l, "F1").label == "dit \"le grand\"");
    CHECK(by_number(l, "F2").label == "ligne 1\nligne 2\nligne 3");
    CHECK(by_number(l, "F3").label == "fin");
  }
  SUBCASE("a multi-line field shifts the physical line numbers after it") {
    const CsvImportResult r = import(header +
                                     "F1;A;01/02/2026;01/03/2026;10;\"trois\nlignes\nde texte\"\r\n"
                                     "\r\n"
                                     "F2;B;01/02/2026;31/02/2026;20;\r\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 6, colonne « Échéance »", "date invalide « 31/02/2026 » (attendu jj/mm/aaaa)"});
  }
  SUBCASE("unterminated quote: the line where it opens") {
    const CsvImportResult r = import(header + "F1;A;01/02/2026;01/03/2026;10;ok\r\nF2;\"B;01/02/2026;01/03/2026;20;\r\nF3;C\r\n");
    CHECK_FALSE(r.batch);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 3", "guillemet ouvrant sans guillemet fermant (le champ court jusqu'à la fin du fichier)"});
  }
  SUBCASE("unterminated quote in the header") {
    const CsvImportResult r = import("Numéro;\"Client;Date\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where == "ligne 1");
  }
  SUBCASE("more fields than columns") {
    const CsvImportResult r = import(header + "F1;A;01/02/2026;01/03/2026;10;Conseil;phase 2\r\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 2", "7 champs pour 6 colonnes : une valeur contenant le séparateur « ; » doit être entre guillemets"});
  }
  SUBCASE("fewer fields than columns: missing cells are empty") {
    const Ledger l = import_ok(header + "F1;A;01/02/2026;01/03/2026;10\r\n");
    CHECK(by_number(l, "F1").label.empty());
  }
}

TEST_CASE("header synonyms") {
  struct Case {
    const char* header;
    const char* row;
  };
  const Case cases[] = {
      {"N° de facture;Nom du client;Date de facture;Date d'échéance;Montant TTC (€)",
       "F1;A;01/02/2026;01/03/2026;10"},
      {"REFERENCE;Raison sociale;Date d’émission;Echeance;Total TTC", "F1;A;01/02/2026;01/03/2026;10"},
      {"numero de facture;customer;invoice date;due date;amount", "F1;A;01/02/2026;01/03/2026;10"},
      {"Invoice Number;Name;Issue Date;Due;Montant HT;TVA", "F1;A;01/02/2026;01/03/2026;8,33;1,67"},
      {"Facture;Client;Date;Échéance;Net;Tax", "F1;A;01/02/2026;01/03/2026;8,33;1,67"},
  };
  for (const Case& c : cases) {
    SUBCASE(c.header) {
      const Ledger l = import_ok(std::string(c.header) + "\n" + c.row + "\n");
      const Invoice& inv = by_number(l, "F1");
      CHECK(inv.ttc == 1000);
      CHECK(inv.issue_date == d("2026-02-01"));
      CHECK(inv.due_date == d("2026-03-01"));
      CHECK(client_of(l, inv).name == "A");
    }
  }
  SUBCASE("all optional columns") {
    const Ledger l = import_ok(
        "Numéro;Type;Client;Code client;Particulier/Professionnel;Courriel;Tél;SIREN;Date;Échéance;HT;TVA;TTC;"
        "Réglé;Payé le;Statut;Désignation;Taux de pénalités;Reste dû\n"
        "F1;Facture;Martin;C7;Particulier;m@x.fr;06 00 00 00 00;552 100 554;01/02/2026;01/03/2026;100;20;120;"
        "120;15/02/2026;Réglée;Cours;3;0\n");
    const Invoice& inv = by_number(l, "F1");
    const Client& c = client_of(l, inv);
    CHECK(c.code == "C7");
    CHECK(c.kind == ClientKind::consumer);
    CHECK(c.email == "m@x.fr");
    CHECK(c.phone == "06 00 00 00 00");
    CHECK(c.siren == "552100554");
    CHECK(inv.label == "Cours");
    CHECK(inv.contractual_rate == 3000);
    CHECK(invoice_status(l, inv) == InvoiceStatus::paid);
  }
}

TEST_CASE("every error names its line and column") {
  const std::string header = "Numéro;Client;Date;Échéance;HT;TVA;TTC;Payé;Date de paiement;Statut;Type client;E-mail\n";
  struct Case {
    const char* name;
    const char* row;
    const char* where;
    const char* what;
  };
  const Case cases[] = {
      {"bad date", "F1;A;3/13/2026;01/05/2026;;;100,00;;;;;", "ligne 2, colonne « Date »",
       "date invalide « 3/13/2026 » (attendu jj/mm/aaaa)"},
      {"impossible date", "F1;A;01/02/2026;31/02/2026;;;100,00;;;;;", "ligne 2, colonne « Échéance »",
       "date invalide « 31/02/2026 » (attendu jj/mm/aaaa)"},
      {"missing date", "F1;A;;01/03/2026;;;100,00;;;;;", "ligne 2, colonne « Date »", "date de facture manquante"},
      {"bad amount", "F1;A;01/02/2026;01/03/2026;;;12,3,4;;;;;", "ligne 2, colonne « TTC »",
       "montant invalide « 12,3,4 » : deux séparateurs décimaux (attendu 1234,56)"},
      {"negative amount", "F1;A;01/02/2026;01/03/2026;;;-120,00;;;;;", "ligne 2, colonne « TTC »",
       "montant négatif « -120,00 » : les avoirs ne s'importent pas, saisissez-les dans Relance contre leur facture"},
      {"HT + TVA is not TTC", "F1;A;01/02/2026;01/03/2026;100,00;20,00;121,00;;;;;", "ligne 2, colonne « TTC »",
       "HT + TVA (100,00 + 20,00) ne fait pas le TTC (121,00)"},
      {"HT above TTC", "F1;A;01/02/2026;01/03/2026;130,00;;120,00;;;;;", "ligne 2, colonne « HT »",
       "HT (130,00) supérieur au TTC (120,00)"},
      {"no total", "F1;A;01/02/2026;01/03/2026;100,00;;;;;;;", "ligne 2, colonne « TTC »",
       "montant TTC manquant (ni TTC, ni HT et TVA)"},
      {"zero total", "F1;A;01/02/2026;01/03/2026;;;0,00;;;;;", "ligne 2, colonne « TTC »",
       "montant TTC nul : rien à recouvrer"},
      {"due before issue", "F1;A;15/02/2026;01/02/2026;;;100,00;;;;;", "ligne 2, colonne « Échéance »",
       "échéance (01/02/2026) antérieure à la date de facture (15/02/2026)"},
      {"paid above total", "F1;A;01/02/2026;01/03/2026;;;100,00;150,00;10/02/2026;;;", "ligne 2, colonne « Payé »",
       "montant payé (150,00) supérieur au TTC (100,00)"},
      {"paid without date", "F1;A;01/02/2026;01/03/2026;;;100,00;50,00;;;;", "ligne 2, colonne « Date de paiement »",
       "date de paiement manquante pour le montant payé de 50,00"},
      {"status paid without date", "F1;A;01/02/2026;01/03/2026;;;100,00;;;Payée;;", "ligne 2, colonne « Statut »",
       "statut « Payée » sans date de paiement (ajoutez une colonne « Date de paiement »)"},
      {"unknown status", "F1;A;01/02/2026;01/03/2026;;;100,00;;;Bof;;", "ligne 2, colonne « Statut »",
       "statut inconnu « Bof » (attendu Émise, Payée, Payée en partie, Contestée, Annulée ou Passée en perte)"},
      {"unknown client kind", "F1;A;01/02/2026;01/03/2026;;;100,00;;;;Asso;", "ligne 2, colonne « Type client »",
       "type de client inconnu « Asso » (attendu Professionnel ou Particulier)"},
      {"bad email", "F1;A;01/02/2026;01/03/2026;;;100,00;;;;;a b@c", "ligne 2, colonne « E-mail »",
       "adresse e-mail invalide « a b@c »"},
      {"missing number", ";A;01/02/2026;01/03/2026;;;100,00;;;;;", "ligne 2, colonne « Numéro »",
       "numéro de facture manquant (une facture importée garde son numéro)"},
      {"missing client", "F1;;01/02/2026;01/03/2026;;;100,00;;;;;", "ligne 2, colonne « Client »", "client manquant"},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      const CsvImportResult r = import(header + c.row + "\n");
      CHECK_FALSE(r.batch);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0].where == c.where);
      CHECK(r.errors[0].what == c.what);
    }
  }
  SUBCASE("every bad cell of a row is reported") {
    const CsvImportResult r = import(header + "F1;A;xx;yy;;;zz;;;;;\n");
    REQUIRE(r.errors.size() == 3);
    CHECK(r.errors[0].where == "ligne 2, colonne « Date »");
    CHECK(r.errors[1].where == "ligne 2, colonne « Échéance »");
    CHECK(r.errors[2].where == "ligne 2, colonne « TTC »");
    CHECK(r.errors[2].message() == "ligne 2, colonne « TTC »: montant invalide « zz » : caractère inattendu « z » (attendu 1234,56)");
  }
  SUBCASE("the error list stops at the limit") {
    std::string text = header;
    for (int i = 0; i < 10; ++i) text += "F" + std::to_string(i) + ";A;xx;01/03/2026;;;1;;;;;\n";
    CsvOptions opts;
    opts.max_errors = 3;
    const CsvImportResult r = import(text, make_empty_ledger(), opts);
    REQUIRE(r.errors.size() == 4);
    CHECK(r.errors[2].where == "ligne 4, colonne « Date »");
    CHECK(r.errors[3] == Error{"ligne 4", "trop d'erreurs : lecture arrêtée après 3"});
  }
}

TEST_CASE("duplicate invoice numbers") {
  const std::string header = "Numéro;Client;Date;Échéance;TTC\n";
  SUBCASE("within the file: both lines named") {
    const CsvImportResult r = import(header + "F1;A;01/02/2026;01/03/2026;10\nF2;A;01/02/2026;01/03/2026;10\n"
                                              "F1;B;01/02/2026;01/03/2026;10\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 4, colonne « Numéro »", "numéro « F1 » en double : déjà ligne 2"});
  }
  SUBCASE("against the ledger") {
    test::Builder b;
    b.invoice(b.client("Existant"), "F-2026-0001", 1000, "2026-01-01", "2026-01-31");
    const CsvImportResult r = import(header + "F-2026-0002;A;01/02/2026;01/03/2026;10\n"
                                              "F-2026-0001;A;01/02/2026;01/03/2026;10\n", b.l);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 3, colonne « Numéro »", "le numéro « F-2026-0001 » existe déjà dans Relance"});
  }
}

TEST_CASE("header errors and empty files") {
  SUBCASE("missing required columns, each named") {
    const CsvImportResult r = import("Numéro;Client;Date\nF1;A;01/02/2026\n");
    REQUIRE(r.errors.size() == 2);
    CHECK(r.errors[0] == Error{"ligne 1", "colonne obligatoire manquante : échéance (« Échéance », « Due date »)"});
    CHECK(r.errors[1] == Error{"ligne 1", "colonne obligatoire manquante : montant TTC (« TTC », « Montant TTC », « Total »), ou bien HT et TVA"});
  }
  SUBCASE("HT and TVA stand in for TTC") {
    CHECK(import("Numéro;Client;Date;Échéance;HT;TVA\nF1;A;01/02/2026;01/03/2026;10;2\n").batch.has_value());
  }
  SUBCASE("duplicate column") {
    const CsvImportResult r = import("Numéro;Client;Date;Échéance;TTC;Total\nF1;A;01/02/2026;01/03/2026;10;10\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"ligne 1, colonne « Total »",
                               "colonne en double : « TTC » et « Total » désignent toutes deux : montant TTC"});
  }
  SUBCASE("empty file") {
    for (const char* text : {"", "\r\n\r\n", "\xEF\xBB\xBF"}) {
      const CsvImportResult r = import(text);
      CHECK_FALSE(r.batch);
      REQUIRE(r.errors.size() == 1);
      CHECK(r.errors[0] == Error{"", "fichier vide : aucune ligne d'en-tête"});
    }
  }
  SUBCASE("header only") {
    const CsvImportResult r = import("Numéro;Client;Date;Échéance;TTC\r\n\r\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0] == Error{"", "aucune facture à importer : le fichier ne contient que la ligne d'en-tête"});
  }
  SUBCASE("UTF-16") {
    const CsvImportResult r = import(std::string("\xFF\xFEN\0", 4));
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].what.find("UTF-16") != std::string::npos);
  }
  SUBCASE("leading blank lines still count") {
    const CsvImportResult r = import("\n\nNuméro;Client;Date;Échéance;TTC\nF1;A;01/02/2026;01/03/2026;-1\n");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].where == "ligne 4, colonne « TTC »");
  }
}

TEST_CASE("invoice_csv_missing_columns: an invoice file lacks none, a bank statement most") {
  CHECK(invoice_csv_missing_columns("Numéro;Client;Date;Échéance;TTC\nF1;A;01/02/2026;01/03/2026;10\n") == 0);
  CHECK(invoice_csv_missing_columns("Numéro;Client;Date;Échéance;HT;TVA\n") == 0);
  // A title row above the header, as the importer skips it.
  CHECK(invoice_csv_missing_columns("Suivi des factures 2026\nNuméro;Client;Date;Échéance;TTC\n") == 0);
  CHECK(invoice_csv_missing_columns("Numéro;Client;Date\nF1;A;01/02/2026\n") == 2);
  // Bank exports: no invoice number, no client, no due date.
  CHECK(invoice_csv_missing_columns("Date;Libellé;Montant\n02/11/2026;VIR SEPA;12,00\n") >= 3);
  CHECK(invoice_csv_missing_columns("Date;Libellé;Débit euros;Crédit euros\n02/11/2026;VIR;;12,00\n") >= 3);
  CHECK(invoice_csv_missing_columns("") == 5);
  // A mapping counts: the columns it names are found.
  CsvOptions o;
  o.mapping = {{"N° pièce", "number"}, {"Tiers", "client"}, {"Le", "issue_date"}, {"Pour le", "due_date"}, {"Somme", "ttc"}};
  CHECK(invoice_csv_missing_columns("N° pièce;Tiers;Le;Pour le;Somme\n", o) == 0);
  CHECK(invoice_csv_missing_columns("N° pièce;Tiers;Le;Pour le;Somme\n") > 0);
}

TEST_CASE("all or nothing") {
  test::Builder b;
  b.client("Existant");
  const Ledger before = b.l;
  const CsvImportResult r = import("Numéro;Client;Date;Échéance;TTC\n"
                                   "F1;Existant;01/02/2026;01/03/2026;10\n"
                                   "F2;Nouveau;01/02/2026;01/03/2026;10\n"
                                   "F3;Nouveau;01/02/2026;01/03/2026;dix\n"
                                   "F4;Autre;01/02/2026;01/03/2026;10\n",
                                   b.l);
  CHECK_FALSE(r.batch);
  CHECK(r.errors.size() == 1);
  CHECK(r.invoices == 0);
  CHECK(r.new_clients == 0);
  CHECK(r.rows == 4);
  CHECK(b.l == before);  // the importer never touches the ledger
}

TEST_CASE("clients: existing by code then name, new ones once, details from the first row that has them") {
  test::Builder b;
  Client existing;
  existing.name = "Dupont SARL";
  existing.code = "C001";
  const ClientId dupont = b.run(cmd::AddClient{existing}).client;
  const ClientId martin = b.client("Martin & Fils");
  const std::string text =
      "Numéro;Client;Code client;Type client;E-mail;Date;Échéance;TTC\n"
      "F1;SARL Dupont;C001;;;01/02/2026;01/03/2026;10\n"    // by code
      "F2;martin et fils;;;;01/02/2026;01/03/2026;10\n"     // not the same folded name: new
      "F3;MARTIN & FILS;;;;01/02/2026;01/03/2026;10\n"      // by folded name
      "F4;Nouvelle Cliente;;;;01/02/2026;01/03/2026;10\n"
      "F5;nouvelle cliente;N9;Particulier;nc@x.fr;01/02/2026;01/03/2026;10\n"
      "F6;Autre nom;N9;;;01/02/2026;01/03/2026;10\n";       // by the code a new client got
  const CsvImportResult ok = import(text, b.l);
  INFO(all_errors(ok));
  REQUIRE(ok.batch);
  CHECK(ok.new_clients == 2);
  const cmd::ImportBatch& batch = *ok.batch;
  REQUIRE(batch.invoices.size() == 6);
  CHECK(batch.invoices[0].client == dupont);
  CHECK(batch.invoices[1].client == -1);
  CHECK(batch.invoices[2].client == martin);
  CHECK(batch.invoices[3].client == -2);
  CHECK(batch.invoices[4].client == -2);
  CHECK(batch.invoices[5].client == -2);
  CHECK(batch.clients[1].name == "Nouvelle Cliente");
  CHECK(batch.clients[1].code == "N9");
  CHECK(batch.clients[1].kind == ClientKind::consumer);
  CHECK(batch.clients[1].email == "nc@x.fr");
  CHECK(batch.clients[0].kind == ClientKind::business);
  for (const Invoice& inv : batch.invoices) {
    CHECK(inv.state == Lifecycle::issued);
    CHECK(inv.kind == InvoiceKind::invoice);
  }
}

TEST_CASE("payments and statuses") {
  const std::string header = "Numéro;Client;Date;Échéance;TTC;Payé;Date de paiement;Statut\n";
  SUBCASE("a paid date alone, or status paid with a date, means paid in full") {
    const Ledger l = import_ok(header + "F1;A;01/02/2026;01/03/2026;10;;05/02/2026;\n"
                                        "F2;A;01/02/2026;01/03/2026;20;;06/02/2026;Payée\n"
                                        "F3;A;01/02/2026;01/03/2026;30;0;;Émise\n");
    CHECK(paid_amount(by_number(l, "F1")) == 1000);
    CHECK(paid_amount(by_number(l, "F2")) == 2000);
    CHECK(by_number(l, "F3").payments.empty());
  }
  SUBCASE("a payment before the invoice date is a deposit") {
    const CsvImportResult r = import(header + "F1;A;10/02/2026;01/03/2026;10;5;01/02/2026;\n");
    REQUIRE(r.batch);
    CHECK(r.batch->invoices[0].payments[0].deposit);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] == "paiement antérieur à la date de facture, importé comme acompte (lignes 2)");
  }
  SUBCASE("credit notes, drafts and pro formas are left out with a warning") {
    const CsvImportResult r = import("Numéro;Type;Client;Date;Échéance;TTC;Statut\n"
                                     "F1;Facture;A;01/02/2026;01/03/2026;10;Annulée\n"
                                     "AV1;Avoir;A;02/02/2026;02/02/2026;10;Avoir\n"
                                     "PF1;Pro forma;A;02/02/2026;02/02/2026;10;\n");
    INFO(all_errors(r));
    REQUIRE(r.batch);
    CHECK(r.invoices == 1);
    CHECK(r.skipped == 2);
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0] ==
          "2 ligne(s) non importée(s) : avoirs, brouillons ou pro forma ne s'importent pas, saisissez les avoirs "
          "dans Relance contre leur facture (lignes 3, 4)");
    CHECK(r.batch->invoices[0].state == Lifecycle::cancelled);
    CHECK(r.batch->invoices[0].closed_on == kToday);
  }
}

TEST_CASE("text longer than the ledger accepts") {
  const std::string long_label(2001, 'x');
  const CsvImportResult r = import("Numéro;Client;Date;Échéance;TTC;Libellé\n"
                                   "F1;A;01/02/2026;01/03/2026;10;ok\n"
                                   "F2;A;01/02/2026;01/03/2026;10;" + long_label + "\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == Error{"ligne 3, colonne « Libellé »", "texte trop long (2000 caractères au plus)"});
}

TEST_CASE("the incremental importer reports progress and gives the one-shot result") {
  std::string text = "Numéro;Client;Date;Échéance;TTC\n";
  for (int i = 0; i < 1000; ++i)
    text += "F" + std::to_string(i) + ";Client " + std::to_string(i % 37) + ";01/02/2026;01/03/2026;" +
            std::to_string(i + 1) + ",50\n";
  const Ledger empty = make_empty_ledger();
  CsvImporter imp(empty, text, {}, kToday);
  double last = imp.progress();
  CHECK(last == 0.0);
  int steps = 0;
  while (imp.step(100)) {
    CHECK(imp.progress() >= last);
    CHECK(imp.progress() <= 1.0);
    last = imp.progress();
    ++steps;
  }
  CHECK(steps >= 10);
  CHECK(imp.finished());
  CHECK(imp.progress() == 1.0);
  const CsvImportResult r = imp.take_result();
  REQUIRE(r.batch);
  CHECK(r.invoices == 1000);
  CHECK(r.new_clients == 37);
  const CsvImportResult once = import(text);
  REQUIRE(once.batch);
  CHECK(once.batch->invoices == r.batch->invoices);
  CHECK(once.batch->clients == r.batch->clients);
  // The check applied the batch to a copy of the ledger, a slice per step:
  // that copy is what applying the batch gives.
  std::unique_ptr<Ledger> checked = imp.take_checked_ledger();
  REQUIRE(checked);
  Ledger applied = empty;
  REQUIRE(relance::apply(applied, Command{*r.batch}).ok());
  CHECK(ledger_to_json(*checked) == ledger_to_json(applied));
  CHECK_FALSE(imp.take_checked_ledger());  // once
}

TEST_CASE("a file refused by the check gives no checked ledger") {
  test::Builder b;
  const ClientId c = b.client("Existant");
  b.invoice(c, "F7", 1'000, "2026-01-02", "2026-02-01");
  std::string text = "Numéro;Client;Date;Échéance;TTC\n";
  for (int i = 0; i < 10; ++i) text += "F" + std::to_string(i) + ";Client;01/02/2026;01/03/2026;10\n";
  CsvImporter imp(b.l, text, {}, kToday);
  while (imp.step(3)) {
  }
  const CsvImportResult r = imp.take_result();
  CHECK_FALSE(r.batch);
  CHECK_FALSE(r.errors.empty());
  CHECK_FALSE(imp.take_checked_ledger());
}

// ---------------------------------------------------------------- export
namespace {

// A ledger with every status and awkward text that Windows-1252 can hold.
Ledger export_ledger() {
  test::Builder b;
  Client c;
  c.name = "Boulangerie Élise; « chez Œ »";
  c.code = "C-01";
  c.email = "compta@elise.fr";
  c.phone = "+33 6 12 34 56 78";
  c.siren = "552100554";
  const ClientId elise = b.run(cmd::AddClient{c}).client;
  const ClientId dupont = b.client("=Dupont \"le grand\"", ClientKind::consumer);
  const ClientId at = b.client("@Home, SARL");

  Invoice inv;
  inv.number = "F-2026-0001";
  inv.client = elise;
  inv.state = Lifecycle::issued;
  inv.issue_date = d("2026-01-05");
  inv.due_date = d("2026-02-04");
  inv.ht = 123456;
  inv.vat = 24691;
  inv.ttc = 148147;
  inv.label = "Pain & pâtisseries\nlivrés le matin – 12 €";
  inv.contractual_rate = 12150;
  b.run(cmd::AddInvoice{inv});

  const InvoiceId partly = b.invoice(dupont, "F-2026-0002", 25050, "2026-01-12", "2026-02-11");
  b.pay(partly, "2026-01-20", 10000);
  const InvoiceId paid = b.invoice(dupont, "F-2026-0003", 9999, "2026-01-15", "2026-02-14");
  b.pay(paid, "2026-01-20", 4999);
  b.pay(paid, "2026-02-01", 5000);
  const InvoiceId disputed = b.invoice(at, "-F-2026-0004", 50000, "2026-01-20", "2026-03-20");
  b.run(cmd::OpenDispute{disputed, d("2026-02-01"), "livraison incomplète"});
  const InvoiceId cancelled = b.invoice(elise, "F-2026-0005", 30000, "2026-02-01", "2026-03-01");
  b.run(cmd::IssueCreditNote{cancelled, d("2026-02-10"), 0, "erreur de prix"});
  const InvoiceId lost = b.invoice(at, "F-2026-0006", 77700, "2026-02-02", "2026-03-02");
  b.run(cmd::WriteOff{lost, d("2026-05-01"), "société liquidée"});
  b.invoice(elise, "F-2026-0007", 1, "2026-02-03", "2026-02-03");

  Invoice draft;
  draft.client = elise;
  draft.ttc = 500;
  draft.label = "brouillon";
  b.run(cmd::AddInvoice{draft});
  return b.l;
}

void check_same_invoices(const Ledger& original, const Ledger& imported) {
  std::size_t expected = 0;
  for (const Invoice& a : original.invoices) {
    if (a.kind != InvoiceKind::invoice || a.state == Lifecycle::draft) continue;
    ++expected;
    CAPTURE(a.number);
    const Invoice* b = find_invoice_by_number(imported, a.number);
    REQUIRE(b != nullptr);
    const Client& ca = client_of(original, a);
    const Client& cb = client_of(imported, *b);
    CHECK(cb.name == ca.name);
    CHECK(cb.code == ca.code);
    CHECK(cb.kind == ca.kind);
    CHECK(cb.email == ca.email);
    CHECK(cb.phone == ca.phone);
    CHECK(cb.siren == ca.siren);
    CHECK(b->issue_date == a.issue_date);
    CHECK(b->due_date == a.due_date);
    CHECK(b->ht == a.ht);
    CHECK(b->vat == a.vat);
    CHECK(b->ttc == a.ttc);
    CHECK(b->label == a.label);
    CHECK(b->contractual_rate == a.contractual_rate);
    CHECK(paid_amount(*b) == paid_amount(a));
    CHECK(invoice_status(imported, *b) == invoice_status(original, a));
  }
  CHECK(imported.invoices.size() == expected);
  CHECK(imported.clients.size() == original.clients.size());
}

}  // namespace

TEST_CASE("export: French dialect, UTF-8 with BOM") {
  const Ledger l = export_ledger();
  const std::string csv = export_csv(l, CsvDialect::french);
  REQUIRE(starts_with(csv, "\xEF\xBB\xBF"));
  const auto lines = split_lines(std::string_view(csv).substr(3));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[0] == "Numéro;Type;Client;Code client;Type client;E-mail;Téléphone;SIREN;Date;Échéance;HT;TVA;TTC;Payé;"
                    "Date de paiement;Reste dû;Statut;Libellé;Taux de pénalité");
  CHECK(lines[1] == "F-2026-0001;Facture;\"Boulangerie Élise; « chez Œ »\";C-01;Professionnel;compta@elise.fr;"
                    "'+33 6 12 34 56 78;552100554;05/01/2026;04/02/2026;1234,56;246,91;1481,47;0,00;;1481,47;Émise;"
                    "\"Pain & pâtisseries");
  CHECK(lines[2] == "livrés le matin – 12 €\";12,15");
  CHECK(csv.find("\r\nF-2026-0002;Facture;\"'=Dupont \"\"le grand\"\"\";;Particulier;") != std::string::npos);
  CHECK(csv.find(";250,50;100,00;20/01/2026;150,50;Payée en partie;") != std::string::npos);
  CHECK(csv.find(";99,99;99,99;01/02/2026;0,00;Payée;") != std::string::npos);
  CHECK(csv.find("\r\n'-F-2026-0004;Facture;'@Home, SARL;") != std::string::npos);
  CHECK(csv.find(";Annulée;") != std::string::npos);
  CHECK(csv.find(";Passée en perte;") != std::string::npos);
  CHECK(csv.find("\r\nAV-2026-0001;Avoir;\"Boulangerie") != std::string::npos);  // the credit note's row
  CHECK(csv.find("brouillon") == std::string::npos);
  CHECK(ends_with(csv, "\r\n"));
  // Every line ends with CRLF (the LF inside the quoted label stays bare).
  std::size_t crlf = 0;
  for (std::size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 1)) ++crlf;
  CHECK(crlf == 9);  // header + 7 invoices + 1 credit note
}

TEST_CASE("export: plain dialect") {
  const Ledger l = export_ledger();
  const std::string csv = export_csv(l, CsvDialect::plain);
  CHECK(starts_with(csv, "Number,Type,Client,Client code,Client type,Email,Phone,SIREN,Issue date,Due date,Net,VAT,"
                         "Total,Paid,Payment date,Balance,Status,Label,Penalty rate\r\n"
                         "F-2026-0001,invoice,Boulangerie Élise; « chez Œ »,C-01,business,compta@elise.fr,"
                         "'+33 6 12 34 56 78,552100554,2026-01-05,2026-02-04,1234.56,246.91,1481.47,0.00,,1481.47,issued,"));
  CHECK(csv.find("\"'@Home, SARL\"") != std::string::npos);
  CHECK(csv.find(",credit note,") != std::string::npos);
  CHECK(csv.find(",12.15\r\n") != std::string::npos);
}

TEST_CASE("export to Windows-1252 reports lost characters") {
  test::Builder b;
  b.invoice(b.client("Café 😀"), "F1", 1000, "2026-01-01", "2026-01-31");
  std::size_t lost = 99;
  const std::string csv = export_csv(b.l, CsvDialect::french, CsvEncoding::cp1252, &lost);
  CHECK(lost == 1);
  CHECK_FALSE(starts_with(csv, "\xEF\xBB\xBF"));
  CHECK(csv.find("F1;Facture;Caf\xE9 ?;") != std::string::npos);
  CHECK(starts_with(csv, "Num\xE9ro;"));
  export_csv(b.l, CsvDialect::french, CsvEncoding::utf8, &lost);
  CHECK(lost == 0);
}

TEST_CASE("round trip: export then import into an empty ledger gives the same invoices") {
  const Ledger l = export_ledger();
  struct Case {
    const char* name;
    CsvDialect dialect;
    CsvEncoding encoding;
    CsvFormat detected;
  };
  const Case cases[] = {
      {"French, UTF-8", CsvDialect::french, CsvEncoding::utf8, {CsvDialect::french, CsvEncoding::utf8, true, ';'}},
      {"French, Windows-1252", CsvDialect::french, CsvEncoding::cp1252, {CsvDialect::french, CsvEncoding::cp1252, false, ';'}},
      {"plain, UTF-8", CsvDialect::plain, CsvEncoding::utf8, {CsvDialect::plain, CsvEncoding::utf8, false, ','}},
      {"plain, Windows-1252", CsvDialect::plain, CsvEncoding::cp1252, {CsvDialect::plain, CsvEncoding::cp1252, false, ','}},
  };
  for (const Case& c : cases) {
    SUBCASE(c.name) {
      std::size_t lost = 99;
      const std::string csv = export_csv(l, c.dialect, c.encoding, &lost);
      CHECK(lost == 0);
      const CsvImportResult r = import(csv);
      INFO(all_errors(r));
      REQUIRE(r.batch);
      CHECK(r.format == c.detected);
      CHECK(r.skipped == 1);  // the credit note
      check_same_invoices(l, import_ok(csv));
    }
  }
}

TEST_CASE("status paid with a zero paid amount and a date means paid in full") {
  const Ledger l = import_ok("Numéro;Client;Date;Échéance;TTC;Payé;Date de paiement;Statut\n"
                             "F1;A;01/02/2026;01/03/2026;10;0,00;05/02/2026;Payée\n"
                             "F2;A;01/02/2026;01/03/2026;10;0,00;05/02/2026;Émise\n");
  CHECK(invoice_status(l, by_number(l, "F1")) == InvoiceStatus::paid);
  CHECK(by_number(l, "F2").payments.empty());
}

TEST_CASE("a separator given by the caller") {
  CsvOptions opts;
  opts.separator = '|';
  const CsvImportResult r = import("Numéro|Client|Date|Échéance|TTC\nF1|A;B|01/02/2026|01/03/2026|10,50|x\n", make_empty_ledger(), opts);
  CHECK(r.format.separator == '|');
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0] == Error{"ligne 2", "6 champs pour 5 colonnes : une valeur contenant le séparateur « | » doit être entre guillemets"});
  CHECK(describe(r.format) == "Excel français : séparateur « | », virgule décimale, dates jj/mm/aaaa, UTF-8");
}
