// Native tests of the imports a user drops on the page: e-invoices previewed
// in Factures then imported by one command, and an invoice CSV whose columns
// are not recognised, mapped by hand once and by itself the next time.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "core/command_codec.h"
#include "core/json_io.h"
#include "core/pdf/deflate.h"
#include "tests/pdf_writer.h"
#include "tests/zip_writer.h"
#include "web/invoices_import.h"
#include "web/platform_fake.h"
#include "web/tests/session.h"

using namespace relance;
namespace fake = relance::platform::fake;

namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::filesystem::path(RELANCE_SOURCE_DIR) / "tests" / "fixtures" / "einvoice" / name, std::ios::binary);
  REQUIRE_MESSAGE(in, name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using relance::testing::pdf_with_table;

// A Factur-X PDF: the XML attached as an embedded file, Flate-compressed.
std::string facturx_pdf(std::string_view xml) {
  const std::string packed = pdf::zlib_compress(xml);
  return pdf_with_table({
      "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> /AF [5 0 R] >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
      "<< /Names [(factur-x.xml) 5 0 R] >>",
      "<< /Type /Filespec /F (factur-x.xml) /UF (factur-x.xml) /AFRelationship /Data /EF << /F 6 0 R >> >>",
      "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length " + std::to_string(packed.size()) +
          " >>\nstream\n" + packed + "\nendstream",
  });
}

// A PDF and nothing attached.
std::string plain_pdf() {
  return pdf_with_table({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"});
}

bool label_with(std::string_view part) {
  for (const std::string& l : ui::labels())
    if (l.find(part) != std::string::npos) return true;
  return false;
}

std::string last_type() {
  auto j = fake::stored_journal();
  if (j.empty()) return "";
  auto doc = Json::parse(j.back().command_json, nullptr, false);
  return doc.is_object() ? doc.value("type", "") : "";
}

// The company whose SIREN the test e-invoices' seller has.
void company_ledger(test::Session& s) {
  Ledger l = make_empty_ledger();
  l.company.name = "Atelier Lumi\u00e8re";
  l.company.siren = "812345676";
  bool ok = false;
  s.app.ws.replace(l, [&](bool r) { ok = r; });
  s.settle();
  REQUIRE(ok);
}

}  // namespace

TEST_CASE("e-invoices are told apart by their content") {
  const std::string cii = fixture("cii-invoice.xml");
  CHECK(invoices::is_einvoice_file("x.bin", cii));
  CHECK(invoices::is_einvoice_file("f.xml", fixture("ubl-invoice.xml")));
  CHECK(invoices::is_einvoice_file("f.pdf", facturx_pdf(cii)));
  CHECK(invoices::is_einvoice_file("lot.bin", std::string("PK\x03\x04", 4) + "rest"));
  CHECK(invoices::is_einvoice_file("autre.xml", "<?xml version=\"1.0\"?><note>rien</note>"));  // refused in the preview
  CHECK_FALSE(invoices::is_einvoice_file("releve.xml", "<?xml version=\"1.0\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"/>"));
  CHECK_FALSE(invoices::is_einvoice_file("factures.csv", "Num\u00e9ro;Client\r\n"));
  CHECK_FALSE(invoices::is_einvoice_file("sauvegarde.json", "{\"format\":\"relance-ledger\"}"));
}

TEST_CASE("e-invoices dropped together: one preview, refused files named with their reason, one command imports the rest") {
  test::Session s;
  company_ledger(s);
  const std::size_t journal_before = fake::stored_journal().size();
  const std::string cii = fixture("cii-invoice.xml");
  const std::string pdf = facturx_pdf(cii);
  fake::open_file({"FX-2026-0042.pdf", "application/pdf", pdf});
  fake::open_file({"UBL-2026-118.xml", "text/xml", fixture("ubl-invoice.xml")});
  fake::open_file({"sans-piece-jointe.pdf", "application/pdf", plain_pdf()});
  fake::open_file({"tronque.pdf", "application/pdf", pdf.substr(0, pdf.size() / 2)});
  fake::open_file({"autre.xml", "text/xml", fixture("not-an-invoice.xml")});
  fake::open_file({"dollars.xml", "text/xml", fixture("cii-usd.xml")});
  s.settle();
  CHECK(s.app.screen == Screen::invoices);
  CHECK(label_with("Importer des factures \u00e9lectroniques"));
  CHECK(label_with("FX-2026-0042 \u00b7"));
  CHECK(label_with("UBL-2026-118 \u00b7 Garage Renard"));
  CHECK(label_with("nouveau client"));
  CHECK(label_with("4 fichiers refus\u00e9s, non import\u00e9s"));
  CHECK(label_with("sans-piece-jointe.pdf : PDF sans fichier XML joint"));
  CHECK(label_with("tronque.pdf : "));
  CHECK(label_with("autre.xml : "));
  CHECK(label_with("dollars.xml : "));
  CHECK(label_with("toutes ensemble ou aucune"));
  CHECK(fake::stored_journal().size() == journal_before);  // nothing written by the preview
  REQUIRE(ui::rect("Importer 2 factures"));
  s.click("Importer 2 factures");
  s.settle();
  REQUIRE(fake::stored_journal().size() == journal_before + 1);
  CHECK(last_type() == "import_batch");
  const Ledger& l = s.app.ws.ledger();
  CHECK(find_invoice_by_number(l, "FX-2026-0042"));
  CHECK(find_invoice_by_number(l, "UBL-2026-118"));
  CHECK(l.invoices.size() == 2);
  CHECK(s.app.notice.text == "2 factures import\u00e9es");
  // Back to the list, where they are.
  CHECK_FALSE(s.app.screens.invoices.state().import.open);
  CHECK(ui::rect("FX-2026-0042##inv-" + std::to_string(find_invoice_by_number(l, "FX-2026-0042")->id)));

  // The same files again: already in the ledger, nothing to import.
  fake::open_file({"FX-2026-0042.pdf", "application/pdf", pdf});
  s.settle();
  CHECK(label_with("d\u00e9j\u00e0 dans le registre"));
  CHECK(label_with("Aucune facture \u00e0 importer"));
  CHECK_FALSE(ui::rect("Importer 1 facture"));
  s.click("Fermer##import-efactures");
  s.frames(2);
  CHECK_FALSE(s.app.screens.invoices.state().import.open);
  CHECK(fake::stored_journal().size() == journal_before + 1);
}

TEST_CASE("a .zip of e-invoices: its members previewed as files of the archive, the rest named and left out") {
  test::Session s;
  company_ledger(s);
  const std::string zip = testing::make_zip({{"factures/UBL-2026-118.xml", fixture("ubl-invoice.xml")},
                                    {"factures/FX-2026-0042.xml", fixture("cii-invoice.xml")},
                                    {"LISEZMOI.txt", "deux factures"}});
  fake::open_file({"lot.zip", "application/zip", zip});
  s.settle();
  CHECK(label_with("lot.zip/factures/UBL-2026-118.xml"));
  CHECK(label_with("LISEZMOI.txt"));
  s.click("Importer 2 factures");
  s.settle();
  CHECK(s.app.ws.ledger().invoices.size() == 2);

  // An archive that does not read: refused with its reason, nothing else.
  fake::open_file({"casse.zip", "application/zip", zip.substr(0, 40)});
  s.settle();
  CHECK(label_with("1 fichier refus\u00e9, non import\u00e9"));
  CHECK(label_with("casse.zip : "));
  CHECK(label_with("Aucune facture \u00e0 importer"));
}

TEST_CASE("the Factures button opens a picker for several e-invoices") {
  test::Session s;
  s.click("Factures");
  s.frames(2);
  s.click("Importer des factures \u00e9lectroniques");
  REQUIRE_FALSE(fake::file_pickers().empty());
  CHECK(fake::file_pickers().back() == invoices::kEinvoiceAccept);
  CHECK(fake::last_picker_multiple());
  // What the picker gives goes to the import, whatever its name.
  fake::open_file({"export.dat", "", fixture("ubl-invoice.xml")});
  s.settle();
  CHECK(s.app.screens.invoices.state().import.open);
  CHECK(s.app.screens.invoices.state().import.files.size() == 1);
}

TEST_CASE("a CSV whose columns are not recognised: mapped by hand, imported, then mapped by itself") {
  test::Session s;
  company_ledger(s);
  const std::string csv =
      "Pi\u00e8ce;Tiers;Emis;Limite;Somme\r\n"
      "A-1;Garage Martin;02/11/2026;02/12/2026;1 200,00\r\n"
      "A-2;Caf\u00e9 du Port;03/11/2026;03/12/2026;300,00\r\n"
      "Total;;;;1 500,00\r\n";
  fake::open_file({"compta.csv", "text/csv", csv});
  s.settle();
  CHECK(label_with("Associer les colonnes"));
  CHECK(label_with("en-t\u00eate non reconnu"));
  CHECK_FALSE(label_with("--map"));  // the command line's hint is not the browser's
  auto& c = s.app.screens.settings.state().data.csv;
  REQUIRE(c.mapping_open);
  REQUIRE(c.header.size() == 5);
  CHECK(c.header[0] == "Pi\u00e8ce");
  REQUIRE(c.rows.size() == 3);
  CHECK(c.rows[1][1] == "Caf\u00e9 du Port");
  CHECK(label_with("Colonne \u00ab Tiers \u00bb"));
  // Choose each column's meaning through its list.
  const char* meanings[] = {"Num\u00e9ro de facture", "Client", "Date de facture", "\u00c9ch\u00e9ance", "Montant TTC"};
  for (std::size_t i = 0; i < 5; ++i) {
    const std::string combo = "##Sens de \u00ab " + c.header[i] + " \u00bb";
    s.click(combo);
    s.frames(1);
    s.click(std::string(meanings[i]) + "##" + combo);
    s.frames(1);
  }
  s.click("Lire le fichier avec ces colonnes");
  s.settle();
  CHECK(label_with("Pr\u00eat \u00e0 importer : 2 factures"));
  CHECK(label_with("Colonnes associ\u00e9es : \u00ab Pi\u00e8ce \u00bb = Num\u00e9ro de facture"));
  CHECK(label_with("ligne(s) de total ignor\u00e9e(s)"));  // the core's note on the footer row
  s.click("Importer 2 factures");
  s.settle();
  const Ledger& l = s.app.ws.ledger();
  CHECK(l.invoices.size() == 2);
  REQUIRE(l.mappings.size() == 1);
  CHECK(last_type() == "save_mapping");
  CHECK(s.app.notice.text.find("colonnes retenues") != std::string::npos);

  // The next file with the same header: read with the remembered columns.
  const std::string next =
      "Pi\u00e8ce;Tiers;Emis;Limite;Somme\r\n"
      "A-3;Garage Martin;04/11/2026;04/12/2026;50,00\r\n";
  fake::open_file({"compta-decembre.csv", "text/csv", next});
  s.settle();
  CHECK_FALSE(c.mapping_open);
  CHECK(label_with("comme lors d\u2019un import pr\u00e9c\u00e9dent"));
  CHECK(label_with("Pr\u00eat \u00e0 importer : 1 facture"));
  s.click("Importer 1 facture");
  s.settle();
  CHECK(s.app.ws.ledger().invoices.size() == 3);
  CHECK(s.app.ws.ledger().mappings.size() == 1);
}

TEST_CASE("e-invoices are read in the readers module: « Lecture du fichier… » until every file is answered, one reason if it cannot load") {
  test::Session s;
  s.click("Factures");
  s.frames(2);
  // The module does not load (offline before the first import): the file is refused with that reason.
  fake::fail_readers("le module de lecture des fichiers n\u2019a pas pu \u00eatre charg\u00e9 (connexion perdue ?)");
  fake::open_file({"UBL-2026-118.xml", "text/xml", fixture("ubl-invoice.xml")});
  s.settle();
  s.frames(2);
  CHECK(label_with("UBL-2026-118.xml : le module de lecture des fichiers n\u2019a pas pu \u00eatre charg\u00e9"));
  CHECK(label_with("Aucune facture \u00e0 importer"));
  s.click("Fermer##import-efactures");
  // Back online: read, and previewed once answered.
  fake::fail_readers("");
  fake::open_file({"UBL-2026-118.xml", "text/xml", fixture("ubl-invoice.xml")});
  fake::run_pending_once();
  s.frames(1);
  CHECK(s.has("Lecture du fichier\u2026"));
  CHECK_FALSE(s.has("Importer 1 facture"));
  s.settle();
  s.frames(2);
  CHECK_FALSE(s.has("Lecture du fichier\u2026"));
  CHECK(s.has("Importer 1 facture"));
}
