// E-invoices: the PDF attachment reader, the CII and UBL readers and the
// import plan, on files the project wrote itself following EN 16931
// (tests/fixtures/einvoice/) and on Factur-X PDFs built here with zlib.
#include <doctest/doctest.h>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/command_codec.h"
#include "core/einvoice/import.h"
#include "core/einvoice/pdf_attach.h"
#include "core/storage.h"
#include "core/text.h"
#include "tests/builder.h"
#include "tests/pdf_writer.h"

using namespace relance;
using namespace relance::einvoice;
using relance::testing::pdf_with_table;

namespace {

const std::filesystem::path kDir = std::filesystem::path(RELANCE_SOURCE_DIR) / "tests" / "fixtures" / "einvoice";

std::string fixture(const char* name) {
  std::ifstream in(kDir / name, std::ios::binary);
  REQUIRE_MESSAGE(in, name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string deflate(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                    static_cast<uLong>(data.size()), 9) == Z_OK);
  out.resize(size);
  return out;
}

std::string stream_obj(std::string_view dict, std::string_view data) {
  return "<< " + std::string(dict) + " /Length " + std::to_string(data.size()) + " >>\nstream\n" + std::string(data) +
         "\nendstream";
}

// A Factur-X PDF as most tools write it: catalog with /Names /EmbeddedFiles
// and /AF, the XML Flate-compressed, the stream's /Length an indirect object.
std::string facturx_pdf(std::string_view xml, const char* name = "factur-x.xml") {
  const std::string packed = deflate(xml);
  const std::string fname = std::string("(") + name + ")";
  return pdf_with_table({
      "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 4 0 R >> /AF [5 0 R] >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
      "<< /Names [" + fname + " 5 0 R] >>",
      "<< /Type /Filespec /F " + fname + " /UF " + fname + " /AFRelationship /Data /EF << /F 6 0 R /UF 6 0 R >> >>",
      "<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length 7 0 R >>\nstream\n" + packed +
          "\nendstream",
      std::to_string(packed.size()),
  });
}

// PDF 1.5 style: the catalog, the name tree (with /Kids) and the file
// specification inside a compressed object stream, the cross-references in a
// compressed xref stream with a PNG Up predictor, no "trailer" keyword.
std::string facturx_pdf_objstm(std::string_view xml) {
  std::string pdf = "%PDF-1.7\n";
  std::vector<std::pair<int, std::size_t>> plain;  // object, offset
  const std::vector<std::pair<int, std::string>> packed_objs = {
      {1, "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 3 0 R >> >>"},
      {2, "<< /Type /Pages /Kids [] /Count 0 >>"},
      {3, "<< /Kids [4 0 R] >>"},
      {4, "<< /Limits [(factur-x.xml) (factur-x.xml)] /Names [<FEFF006600610063007400750072002D0078002E0078006D006C> 5 0 R] >>"},
      {5, "<< /Type /Filespec /UF <FEFF006600610063007400750072002D0078002E0078006D006C> /F (factur-x.xml) /EF << /F 6 0 R >> >>"},
  };
  std::string header, body;
  for (const auto& [num, text] : packed_objs) {
    header += std::to_string(num) + " " + std::to_string(body.size()) + " ";
    body += text + "\n";
  }
  const std::string objstm = deflate(header + body);
  const std::string xml_packed = deflate(xml);
  plain.push_back({6, pdf.size()});
  pdf += "6 0 obj\n" + stream_obj("/Type /EmbeddedFile /Filter /FlateDecode", xml_packed) + "\nendobj\n";
  plain.push_back({7, pdf.size()});
  pdf += "7 0 obj\n" +
         stream_obj("/Type /ObjStm /N 5 /First " + std::to_string(header.size()) + " /Filter /FlateDecode", objstm) +
         "\nendobj\n";
  const std::size_t xref_at = pdf.size();
  // Rows of W [1 4 2]: type, field 2, field 3.
  std::vector<std::string> rows;
  auto row = [&](int type, std::uint32_t f2, std::uint16_t f3) {
    std::string r(7, '\0');
    r[0] = static_cast<char>(type);
    for (int k = 0; k < 4; ++k) r[1 + k] = static_cast<char>((f2 >> (8 * (3 - k))) & 0xFF);
    r[5] = static_cast<char>(f3 >> 8);
    r[6] = static_cast<char>(f3 & 0xFF);
    rows.push_back(r);
  };
  row(0, 0, 65535);
  for (int k = 0; k < 5; ++k) row(2, 7, static_cast<std::uint16_t>(k));
  row(1, static_cast<std::uint32_t>(plain[0].second), 0);
  row(1, static_cast<std::uint32_t>(plain[1].second), 0);
  row(1, static_cast<std::uint32_t>(xref_at), 0);
  std::string predicted, prev(7, '\0');
  for (const std::string& r : rows) {
    predicted += '\x02';  // PNG Up
    for (int k = 0; k < 7; ++k) predicted += static_cast<char>(r[static_cast<std::size_t>(k)] - prev[static_cast<std::size_t>(k)]);
    prev = r;
  }
  const std::string xs = deflate(predicted);
  pdf += "8 0 obj\n" +
         stream_obj("/Type /XRef /Size 9 /Root 1 0 R /W [1 4 2] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >>",
                    xs) +
         "\nendobj\nstartxref\n" + std::to_string(xref_at) + "\n%%EOF\n";
  return pdf;
}

Ledger company_ledger() {
  Ledger l = make_empty_ledger();
  l.company.name = "Atelier Lumière";
  l.company.siren = "812345676";
  return l;
}

const FilePlan& plan_of(const ImportPlan& p, const std::string& file) {
  for (const FilePlan& f : p.files)
    if (f.file == file) return f;
  FAIL("no plan for " << file);
  return p.files.front();
}

const Invoice& invoice_numbered(const Ledger& l, const char* number) {
  const Invoice* inv = find_invoice_by_number(l, number);
  REQUIRE_MESSAGE(inv, number);
  return *inv;
}

}  // namespace

TEST_CASE("decimals are read exactly to the cent") {
  CHECK(parse_decimal_cents("1440.00") == 144000);
  CHECK(parse_decimal_cents("160.0000") == 16000);
  CHECK(parse_decimal_cents("2337.5") == 233750);
  CHECK(parse_decimal_cents("-233.47") == -23347);
  CHECK(parse_decimal_cents("12") == 1200);
  CHECK(parse_decimal_cents(" 0.79 ") == 79);
  CHECK_FALSE(parse_decimal_cents("1440.005"));  // half a cent: refused, not rounded
  CHECK_FALSE(parse_decimal_cents("1,440.00"));
  CHECK_FALSE(parse_decimal_cents(""));
  CHECK_FALSE(parse_decimal_cents("."));
  CHECK_FALSE(parse_decimal_cents("1e3"));
  CHECK_FALSE(parse_decimal_cents("99999999999999999999"));
}

TEST_CASE("payment terms and late-payment rates from the invoice's texts") {
  CHECK(terms_from_text("Paiement à 30 jours") == PaymentTerms{TermsMethod::net, 30});
  CHECK(terms_from_text("PAIEMENT 30 JOURS NET") == PaymentTerms{TermsMethod::net, 30});
  CHECK(terms_from_text("Paiement à 45 jours fin de mois") == PaymentTerms{TermsMethod::end_of_month, 45});
  CHECK(terms_from_text("Fin de mois + 45 jours") == PaymentTerms{TermsMethod::eom_then_days, 45});
  CHECK(terms_from_text("Net 60") == PaymentTerms{TermsMethod::net, 60});
  CHECK(terms_from_text("Payable à réception") == PaymentTerms{TermsMethod::net, 0});
  CHECK_FALSE(terms_from_text("Paiement sans escompte avant le 09.12.2017"));
  CHECK_FALSE(terms_from_text(""));

  CHECK(late_rate_from_text("Pénalités de retard : taux annuel de 12,5 % ; indemnité forfaitaire de 40 €.") == 12500);
  CHECK(late_rate_from_text("Tout retard de paiement entraîne des pénalités au taux de 10 % l'an.") == 10000);
  CHECK_FALSE(late_rate_from_text("Pénalité calculée sur la base de trois fois le taux d'intérêt légal."));
  CHECK_FALSE(late_rate_from_text("Taux de refinancement de la BCE majoré de 10 points"));
  CHECK_FALSE(late_rate_from_text("Escompte de 2 % pour paiement anticipé"));
  CHECK_FALSE(late_rate_from_text("TVA à 20 %"));
}

TEST_CASE("CII: the business terms a dunning tool needs") {
  auto r = read_einvoice_xml(fixture("cii-invoice.xml"));
  REQUIRE_MESSAGE(r, r.error().message());
  const EInvoice& e = *r;
  CHECK(e.syntax == Syntax::cii);
  CHECK(e.number == "FX-2026-0042");
  CHECK(e.type_code == 380);
  CHECK(e.issue_date == test::d("2026-01-05"));
  CHECK(e.due_date == test::d("2026-02-04"));
  CHECK(e.terms == "Paiement à 30 jours");
  CHECK(e.currency == "EUR");
  CHECK(e.ht == 120000);
  CHECK(e.vat == 24000);
  CHECK(e.ttc == 144000);
  CHECK_FALSE(e.paid);
  CHECK(e.due_amount == 144000);
  CHECK(e.seller.siren == "812345676");
  CHECK(e.buyer.name == "Boulangerie Dupré SARL");
  CHECK(e.buyer.siren == "732829320");  // from the SIRET
  CHECK(e.buyer.vat_number == "FR12732829320");
  CHECK(e.buyer.email == "factures@dupre.example");  // BT-49 before the contact's
  CHECK(e.buyer.address == Address{"3 place Guichard", "Bâtiment B", "69003", "Lyon", ""});
  REQUIRE(e.pmd_notes.size() == 1);
  CHECK(e.first_line == "Pose de luminaires");
  CHECK(e.lines == 2);
}

TEST_CASE("UBL: Invoice and CreditNote, whatever the namespace prefixes") {
  auto inv = read_einvoice_xml(fixture("ubl-invoice.xml"));
  REQUIRE_MESSAGE(inv, inv.error().message());
  CHECK(inv->syntax == Syntax::ubl_invoice);
  CHECK(inv->number == "UBL-2026-118");
  CHECK(inv->due_date == test::d("2026-03-12"));
  CHECK(inv->buyer.name == "Garage Renard SAS");  // the registration name (BT-44)
  CHECK(inv->buyer.siren == "404833048");
  CHECK(inv->buyer.email == "achats@garage-renard.example");
  CHECK(inv->buyer.address.city == "Villeurbanne");
  CHECK(inv->ttc == 66000);
  CHECK(inv->pmd_notes.size() == 1);

  auto cn = read_einvoice_xml(fixture("ubl-creditnote.xml"));
  REQUIRE_MESSAGE(cn, cn.error().message());
  CHECK(cn->syntax == Syntax::ubl_credit_note);
  CHECK(cn->type_code == 381);
  CHECK(cn->preceding == "UBL-2026-118");
  CHECK(cn->ttc == 13200);
  CHECK(cn->buyer.siren == "404833048");  // from the French VAT number

  // Same document with other prefixes (and the default namespace as a prefix).
  std::string renamed = replace_all(replace_all(fixture("ubl-invoice.xml"), "cbc:", "b:"), "cac:", "a:");
  renamed = replace_all(renamed, "xmlns:cbc=", "xmlns:b=");
  renamed = replace_all(renamed, "xmlns:cac=", "xmlns:a=");
  auto again = read_einvoice_xml(renamed);
  REQUIRE(again);
  CHECK(again->number == "UBL-2026-118");
  CHECK(again->ttc == 66000);
}

TEST_CASE("the PDF reader finds the Factur-X attachment") {
  const std::string xml = fixture("cii-invoice.xml");
  SUBCASE("xref table, name tree and /AF, indirect /Length") {
    auto a = einvoice_attachment(facturx_pdf(xml));
    REQUIRE_MESSAGE(a, a.error().message());
    CHECK(a->name == "factur-x.xml");
    CHECK(a->data == xml);
  }
  SUBCASE("xref stream with a predictor, object stream, UTF-16 names, /Kids") {
    auto a = einvoice_attachment(facturx_pdf_objstm(xml));
    REQUIRE_MESSAGE(a, a.error().message());
    CHECK(a->name == "factur-x.xml");  // from its /UF, in UTF-16
    CHECK(a->data == xml);
  }
  SUBCASE("the ZUGFeRD names") {
    for (const char* name : {"zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"}) {
      auto a = einvoice_attachment(facturx_pdf(xml, name));
      REQUIRE_MESSAGE(a, a.error().message());
      CHECK(a->name == name);
    }
  }
  SUBCASE("a wrong xref offset: the objects are found by scanning") {
    std::string pdf = facturx_pdf(xml);
    const std::size_t sx = pdf.rfind("startxref\n");
    pdf = pdf.substr(0, sx) + "startxref\n123\n%%EOF\n";
    auto a = einvoice_attachment(pdf);
    REQUIRE_MESSAGE(a, a.error().message());
    CHECK(a->data == xml);
  }
  SUBCASE("the whole file through read_einvoice_file") {
    std::string name;
    auto e = read_einvoice_file(facturx_pdf(xml), &name);
    REQUIRE_MESSAGE(e, e.error().message());
    CHECK(name == "factur-x.xml");
    CHECK(e->number == "FX-2026-0042");
  }
}

TEST_CASE("bad PDFs give one clear message") {
  const std::string xml = fixture("cii-invoice.xml");
  SUBCASE("no attachment") {
    const std::string pdf = pdf_with_table({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"});
    auto a = einvoice_attachment(pdf);
    REQUIRE_FALSE(a);
    CHECK(a.error().what.find("PDF sans fichier XML joint") == 0);
  }
  SUBCASE("cut short") {
    const std::string pdf = facturx_pdf(xml);
    for (std::size_t cut : {pdf.size() / 2, pdf.size() - 20, std::size_t(12)}) {
      auto a = einvoice_attachment(std::string_view(pdf).substr(0, cut));
      REQUIRE_FALSE(a);
      CHECK(a.error().what.find("PDF tronqué") == 0);
    }
  }
  SUBCASE("an attachment that is not an e-invoice") {
    auto a = einvoice_attachment(facturx_pdf("hello", "notes.txt"));
    REQUIRE_FALSE(a);
    CHECK(a.error().what.find("« notes.txt »") != std::string::npos);
  }
  SUBCASE("a corrupt compressed stream") {
    std::string pdf = facturx_pdf(xml);
    const std::size_t s = pdf.find("stream\n", pdf.find("/EmbeddedFile")) + 7;
    for (std::size_t i = s + 2; i < s + 40; ++i) pdf[i] = 'x';
    auto a = einvoice_attachment(pdf);
    REQUIRE_FALSE(a);
    CHECK(a.error().what.find("FlateDecode") != std::string::npos);
  }
  SUBCASE("cycles in the name tree and in references end") {
    const std::string pdf = pdf_with_table({
        "<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> /AF 3 0 R >>",
        "<< /Kids [2 0 R 2 0 R] /Names [(a.xml) 3 0 R] >>",
        "4 0 R",
        "3 0 R",
    });
    auto a = einvoice_attachment(pdf);
    REQUIRE_FALSE(a);
    CHECK(a.error().what.find("PDF sans fichier XML joint") == 0);
  }
  SUBCASE("an XML that is not an invoice") {
    auto e = read_einvoice_file(fixture("not-an-invoice.xml"));
    REQUIRE_FALSE(e);
    CHECK(e.error().what.find("n'est pas une facture électronique (élément racine « Order »") != std::string::npos);
  }
  SUBCASE("neither PDF nor XML") {
    auto e = read_einvoice_file("Numéro;Client\n");
    REQUIRE_FALSE(e);
    CHECK(e.error().what.find("ni PDF ni XML") == 0);
  }
}

TEST_CASE("import plan: invoices, credit notes, prepayment, deposit, derived due dates") {
  Ledger l = company_ledger();
  Client known;
  known.name = "Boulangerie Dupré";  // another spelling: found by SIREN
  known.siren = "732829320";
  known.terms = {TermsMethod::net, 45};
  REQUIRE(relance::apply(l, cmd::AddClient{known}));
  const Ledger before = l;

  std::vector<InputFile> files = {
      {"avoir-negatif.xml", fixture("cii-negative-380.xml")},  // before its invoice: still finds it
      {"facture.pdf", facturx_pdf(fixture("cii-invoice.xml"))},
      {"ubl.xml", fixture("ubl-invoice.xml")},
      {"avoir.xml", fixture("ubl-creditnote.xml")},
      {"acompte.xml", fixture("cii-prepayment-386.xml")},
      {"deja-paye.xml", fixture("cii-paid-bt113.xml")},
      {"sans-echeance.xml", fixture("ubl-no-due-date.xml")},
  };
  const ImportPlan plan = plan_einvoice_import(l, files);
  for (const FilePlan& f : plan.files) CHECK_MESSAGE(f.outcome == Outcome::imported, f.file << ": " << f.why);
  REQUIRE(plan.nothing_refused());
  CHECK(l == before);  // planning changes nothing

  // One new client: Garage Renard (the credit note names it by VAT number only).
  REQUIRE(plan.batch.clients.size() == 1);
  CHECK(plan.batch.clients[0].name == "Garage Renard SAS");
  CHECK(plan.batch.clients[0].siren == "404833048");
  CHECK(plan.batch.clients[0].email == "achats@garage-renard.example");
  CHECK(plan_of(plan, "facture.pdf").client == "Boulangerie Dupré");
  CHECK_FALSE(plan_of(plan, "facture.pdf").new_client);
  CHECK(plan_of(plan, "avoir.xml").new_client);

  const FilePlan& neg = plan_of(plan, "avoir-negatif.xml");
  CHECK(neg.kind == InvoiceKind::credit_note);
  CHECK(neg.ttc == 24000);
  CHECK(neg.credits == "FX-2026-0042");
  CHECK(plan_of(plan, "facture.pdf").balance == 144000 - 24000);
  CHECK(plan_of(plan, "avoir.xml").credits == "UBL-2026-118");
  CHECK(plan_of(plan, "ubl.xml").balance == 66000 - 13200);
  CHECK(plan_of(plan, "deja-paye.xml").balance == 100000);
  // No BT-9: « 45 jours fin de mois » from 10 February is 31 March.
  CHECK(plan_of(plan, "sans-echeance.xml").due_date == test::d("2026-03-31"));

  REQUIRE(relance::apply(l, Command(plan.batch)));
  const Invoice& fx = invoice_numbered(l, "FX-2026-0042");
  CHECK(fx.client == find_client_by_name(l, "Boulangerie Dupré")->id);
  CHECK(fx.contractual_rate == 12500);
  CHECK(fx.label == "Pose de luminaires (+1 ligne)");
  CHECK(balance(l, fx) == 120000);
  CHECK(invoice_numbered(l, "AV-2026-0003").credits == fx.id);
  const Invoice& ubl = invoice_numbered(l, "UBL-2026-118");
  CHECK(ubl.contractual_rate == 10000);
  CHECK(balance(l, ubl) == 52800);
  CHECK(invoice_numbered(l, "UBL-2026-119").contractual_rate == std::nullopt);  // « trois fois le taux légal »
  const Invoice& paid = invoice_numbered(l, "FX-2026-0044");
  REQUIRE(paid.payments.size() == 1);
  CHECK(paid.payments[0].deposit);
  CHECK(paid.payments[0].amount == 44000);
  CHECK(paid.payments[0].date == test::d("2026-01-05"));
  CHECK(balance(l, paid) == 100000);
  const Invoice& pre = invoice_numbered(l, "FX-2026-0043");
  CHECK(pre.kind == InvoiceKind::invoice);
  CHECK(pre.label.find("Facture d'acompte") == 0);

  // The same files again: all known, nothing to add.
  const ImportPlan again = plan_einvoice_import(l, files);
  CHECK(again.count(Outcome::known) == files.size());
  CHECK(again.batch.invoices.empty());
  CHECK(again.batch.clients.empty());
}

TEST_CASE("import plan: due dates from the client's terms, credit notes on their own or against the ledger") {
  Ledger l = company_ledger();
  l.settings.default_terms = {TermsMethod::net, 20};
  // No BT-9, no BT-20: the client's terms (here the default for a new client).
  std::string xml = fixture("cii-invoice.xml");
  xml = replace_all(xml, "<ram:Description>Paiement à 30 jours</ram:Description>", "");
  xml = replace_all(xml, "<ram:DueDateDateTime><udt:DateTimeString format=\"102\">20260204</udt:DateTimeString></ram:DueDateDateTime>", "");
  ImportPlan p = plan_einvoice_import(l, {{"a.xml", xml}});
  REQUIRE(p.nothing_refused());
  CHECK(p.files[0].due_date == test::d("2026-01-25"));
  REQUIRE(relance::apply(l, Command(p.batch)));

  // A credit note whose invoice is already in the ledger.
  p = plan_einvoice_import(l, {{"n.xml", fixture("cii-negative-380.xml")}});
  REQUIRE(p.nothing_refused());
  CHECK(p.files[0].credits == "FX-2026-0042");
  CHECK(p.batch.invoices[0].credits == find_invoice_by_number(l, "FX-2026-0042")->id);

  // A credit note whose invoice Relance never saw: the client's own.
  Ledger empty = company_ledger();
  p = plan_einvoice_import(empty, {{"c.xml", fixture("ubl-creditnote.xml")}});
  REQUIRE(p.nothing_refused());
  CHECK(p.files[0].kind == InvoiceKind::credit_note);
  CHECK(p.files[0].credits.empty());
  CHECK(p.batch.invoices[0].credits == 0);
  REQUIRE(relance::apply(empty, Command(p.batch)));
}

TEST_CASE("import plan: refusals name their reason and import nothing of that file") {
  const Ledger l = company_ledger();
  const std::vector<InputFile> files = {
      {"usd.xml", fixture("cii-usd.xml")},
      {"autre.xml", fixture("cii-other-seller.xml")},
      {"demi.xml", fixture("cii-half-cent.xml")},
      {"commande.xml", fixture("not-an-invoice.xml")},
      {"vide.pdf", pdf_with_table({"<< /Type /Catalog >>"})},
      {"coupe.pdf", facturx_pdf(fixture("cii-invoice.xml")).substr(0, 900)},
      {"bon.xml", fixture("ubl-invoice.xml")},
  };
  const ImportPlan p = plan_einvoice_import(l, files);
  CHECK(p.count(Outcome::refused) == 6);
  CHECK(plan_of(p, "usd.xml").why == "facture en USD (BT-5) : Relance ne suit que les factures en euros");
  CHECK(plan_of(p, "autre.xml").why.find("SIREN 552081317") != std::string::npos);
  CHECK(plan_of(p, "autre.xml").why.find("pas par votre entreprise (SIREN 812345676)") != std::string::npos);
  CHECK(plan_of(p, "demi.xml").why.find("montant invalide « 1440.005 » (total TTC BT-112") != std::string::npos);
  CHECK(plan_of(p, "commande.xml").why.find("élément racine « Order »") != std::string::npos);
  CHECK(plan_of(p, "vide.pdf").why.find("PDF sans fichier XML joint") == 0);
  CHECK(plan_of(p, "coupe.pdf").why.find("PDF tronqué") == 0);
  CHECK(plan_of(p, "bon.xml").outcome == Outcome::imported);
  // The batch holds the good file only, and applies.
  REQUIRE(p.batch.invoices.size() == 1);
  Ledger copy = l;
  CHECK(relance::apply(copy, Command(p.batch)));

  // Without a SIREN of its own, the company accepts any seller.
  Ledger anonymous = make_empty_ledger();
  CHECK(plan_einvoice_import(anonymous, {{"autre.xml", fixture("cii-other-seller.xml")}}).nothing_refused());
}

TEST_CASE("import plan: the same number twice in one import is imported once") {
  const Ledger l = company_ledger();
  const std::string xml = fixture("cii-invoice.xml");
  const ImportPlan p = plan_einvoice_import(l, {{"a.xml", xml}, {"a.pdf", facturx_pdf(xml)}});
  CHECK(p.files[0].outcome == Outcome::imported);
  CHECK(p.files[1].outcome == Outcome::known);
  CHECK(p.files[1].why == "même numéro que a.xml");
  CHECK(p.batch.invoices.size() == 1);
}

TEST_CASE("an import batch with a credit note against its own invoice survives the journal") {
  const Ledger l = company_ledger();
  const ImportPlan p = plan_einvoice_import(l, {{"f.xml", fixture("cii-invoice.xml")}, {"n.xml", fixture("cii-negative-380.xml")}});
  REQUIRE(p.nothing_refused());
  REQUIRE(p.batch.invoices.size() == 2);
  CHECK(p.batch.invoices[1].credits == -1);
  auto back = command_from_json(command_to_json(Command(p.batch)), "journal");
  REQUIRE_MESSAGE(back, back.error().message());
  Ledger a = l, b = l;
  REQUIRE(relance::apply(a, Command(p.batch)));
  REQUIRE(relance::apply(b, *back));
  CHECK(a == b);
  CHECK(balance(a, *find_invoice_by_number(a, "FX-2026-0042")) == 120000);
}
