// The readers as one call, JSON out (core/readers.h): what the browser's
// readers module answers, and what the app makes of the answer, must give
// the same statements and the same import plans as reading in the app did.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/readers.h"
#include "tests/bank_fixtures.h"
#include "tests/zip_writer.h"

using namespace relance;

namespace {

std::string einvoice_fixture(const char* name) {
  std::ifstream in(std::filesystem::path(RELANCE_SOURCE_DIR) / "tests" / "fixtures" / "einvoice" / name, std::ios::binary);
  REQUIRE_MESSAGE(in, name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("readers: every bank format comes back through JSON as the parser read it") {
  for (const char* name : {"releve.ofx", "releve-v2.ofx", "releve.camt053.xml", "releve.cfo", "releve-fr.csv",
                           "releve-boursorama.csv"}) {
    CAPTURE(name);
    const std::string bytes = test::bank_fixture(name);
    auto direct = bank::parse_statement(bytes, name);
    REQUIRE(direct);
    const std::string answer = readers::read_files(readers::Kind::bank, {{name, bytes}}, readers::bank_options({}, false));
    readers::BankAnswer a = readers::bank_answer(answer);
    CHECK(a.failure.empty());
    REQUIRE(a.statement);
    CHECK_FALSE(a.used_columns);
    CHECK(a.statement->format == direct->format);
    CHECK(a.statement->account == direct->account);
    CHECK(a.statement->preset == direct->preset);
    CHECK(a.statement->lines == direct->lines);
  }
}

TEST_CASE("readers: a bank file that does not read gives the parser's error, with its place") {
  const std::string bytes = test::bank_fixture("releve.ofx");
  const std::string broken = bytes.substr(0, bytes.find("<TRNAMT>") + 8) + "douze" + bytes.substr(bytes.find("<TRNAMT>") + 8);
  auto direct = bank::parse_statement(broken, "r.ofx");
  REQUIRE_FALSE(direct);
  readers::BankAnswer a = readers::bank_answer(readers::read_files(readers::Kind::bank, {{"r.ofx", broken}}, ""));
  CHECK(a.failure.empty());
  CHECK_FALSE(a.statement);
  CHECK(a.error == direct.error());
}

TEST_CASE("readers: remembered columns are tried first, the presets when they no longer fit") {
  const std::string csv = test::bank_fixture("releve-fr.csv");
  bank::CsvColumns wrong;  // the bank moved its columns: the label where the amount was
  wrong.date = 0;
  wrong.amount = 1;
  wrong.skip_rows = 4;
  wrong.separator = ';';
  REQUIRE_FALSE(bank::parse_statement(csv, "r.csv", {bank::Format::csv, wrong}));
  readers::BankAnswer a =
      readers::bank_answer(readers::read_files(readers::Kind::bank, {{"r.csv", csv}}, readers::bank_options(wrong, true)));
  REQUIRE(a.statement);
  CHECK_FALSE(a.used_columns);  // read by the presets
  // The same columns given in the mapping step (not remembered): refused.
  a = readers::bank_answer(readers::read_files(readers::Kind::bank, {{"r.csv", csv}}, readers::bank_options(wrong, false)));
  CHECK_FALSE(a.statement);
  CHECK_FALSE(a.error.what.empty());
}

TEST_CASE("readers: e-invoices, a .zip's members in its place, plan the same as reading them in the app") {
  test::BankLedger bl;
  const Ledger& l = bl.b.l;
  const std::string cii = einvoice_fixture("cii-invoice.xml"), ubl = einvoice_fixture("ubl-invoice.xml");
  const std::string credit = einvoice_fixture("ubl-creditnote.xml"), usd = einvoice_fixture("cii-usd.xml");
  const std::string zip = testing::make_zip({{"a/ubl.xml", ubl}, {"LISEZMOI.txt", "x"}, {"avoir.xml", credit}});
  const std::string answer = readers::read_files(
      readers::Kind::einvoice,
      {{"cii.xml", cii}, {"lot.zip", zip}, {"usd.xml", usd}, {"vide.zip", testing::make_zip({{"n.txt", "x"}})},
       {"texte.pdf", "pas un PDF"}},
      "");
  readers::EinvoiceAnswer a = readers::einvoice_answer(answer);
  CHECK(a.failure.empty());
  REQUIRE(a.files.size() == 5);
  CHECK(a.files[1].name == "lot.zip/a/ubl.xml");
  CHECK(a.files[2].name == "lot.zip/avoir.xml");
  CHECK(a.skipped == std::vector<std::string>{"lot.zip/LISEZMOI.txt"});
  REQUIRE(a.unreadable.size() == 1);
  CHECK(a.unreadable[0].first == "vide.zip");
  CHECK_FALSE(a.files[4].invoice);  // not a PDF: refused with the reader's reason
  CHECK_FALSE(a.files[4].why.empty());

  const einvoice::ImportPlan direct = einvoice::plan_einvoice_import(
      l, {{"cii.xml", cii}, {"lot.zip/a/ubl.xml", ubl}, {"lot.zip/avoir.xml", credit}, {"usd.xml", usd},
          {"texte.pdf", "pas un PDF"}});
  const einvoice::ImportPlan via = einvoice::plan_read_einvoices(l, a.files);
  REQUIRE(via.files.size() == direct.files.size());
  for (std::size_t i = 0; i < via.files.size(); ++i) {
    CAPTURE(i);
    CHECK(via.files[i].outcome == direct.files[i].outcome);
    CHECK(via.files[i].why == direct.files[i].why);
    CHECK(via.files[i].number == direct.files[i].number);
    CHECK(via.files[i].ttc == direct.files[i].ttc);
    CHECK(via.files[i].due_date == direct.files[i].due_date);
    CHECK(via.files[i].notes == direct.files[i].notes);
  }
  CHECK(via.batch.clients == direct.batch.clients);
  CHECK(via.batch.invoices == direct.batch.invoices);
  CHECK(direct.count(einvoice::Outcome::imported) >= 2);
}

TEST_CASE("readers: an e-invoice read keeps every field through JSON") {
  auto e = einvoice::read_einvoice_xml(einvoice_fixture("cii-paid-bt113.xml"));
  REQUIRE(e);
  auto back = readers::einvoice_from_json(readers::einvoice_to_json(*e));
  REQUIRE(back);
  CHECK(dump_json(readers::einvoice_to_json(*back)) == dump_json(readers::einvoice_to_json(*e)));
  CHECK(back->paid == e->paid);
  CHECK(back->buyer.address == e->buyer.address);
}

TEST_CASE("readers: a reader that could not run, or an answer that does not read, is said as one message") {
  readers::BankAnswer b = readers::bank_answer(readers::failure_answer("module introuvable"));
  CHECK(b.failure == "module introuvable");
  CHECK_FALSE(b.statement);
  readers::EinvoiceAnswer e = readers::einvoice_answer(readers::failure_answer("module introuvable"));
  CHECK(e.failure == "module introuvable");
  CHECK(readers::einvoice_answer("{pas du JSON").failure == "réponse du lecteur de fichiers illisible");
  CHECK_FALSE(readers::bank_answer(R"({"ok":true,"statement":{"format":"mt940","lines":[]}})").failure.empty());
}
