// Rapprochement bancaire, driven by files dropped or picked, clicks, typing
// and keys over the sample ledger: sure matches ticked, debits listed, a
// credit attached by hand, ambiguous lines chosen with the keyboard, one
// command for the whole statement (or nothing), the column-mapping step of
// an unknown bank CSV remembered for the account, the routing of dropped
// CSV files, and Aujourd’hui after the confirmation.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/dunning.h"
#include "core/json_io.h"
#include "core/money.h"
#include "web/app.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/tests/session.h"
#include "web/ui.h"

using namespace relance;
using namespace relance::test;

namespace {

bool label_with(std::string_view part) {
  for (const std::string& l : ui::labels())
    if (l.find(part) != std::string::npos) return true;
  return false;
}

std::size_t journal_size() { return fake::stored_journal().size(); }

Json journal_command(std::size_t i) {
  const auto j = fake::stored_journal();
  REQUIRE(i < j.size());
  return Json::parse(j[i].command_json);
}

struct Movement {
  const char* date;  // YYYYMMDD
  const char* amount;
  const char* id;
  const char* name;
  const char* memo;
};

// An OFX 1.x statement, as French banks export them.
std::string ofx(std::initializer_list<Movement> moves) {
  std::string t =
      "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
      "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<TRNUID>1\n"
      "<STMTRS>\n<CURDEF>EUR\n<BANKACCTFROM>\n<BANKID>30004\n<BRANCHID>00123\n<ACCTID>00012345678\n"
      "<ACCTTYPE>CHECKING\n</BANKACCTFROM>\n<BANKTRANLIST>\n<DTSTART>20261101\n<DTEND>20261122\n";
  for (const Movement& m : moves) {
    t += std::string("<STMTTRN>\n<TRNTYPE>") + (m.amount[0] == '-' ? "DEBIT" : "CREDIT") + "\n<DTPOSTED>" + m.date +
         "\n<TRNAMT>" + m.amount + "\n<FITID>" + m.id + "\n<NAME>" + m.name + "\n";
    if (m.memo[0]) t += std::string("<MEMO>") + m.memo + "\n";
    t += "</STMTTRN>\n";
  }
  t += "</BANKTRANLIST>\n</STMTRS>\n</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n";
  return t;
}

const Invoice& invoice_numbered(const Ledger& l, std::string_view number) {
  const Invoice* inv = find_invoice_by_number(l, number);
  REQUIRE_MESSAGE(inv, std::string(number));
  return *inv;
}

std::set<InvoiceId> in_agenda(const Ledger& l) {
  std::set<InvoiceId> out;
  const Agenda a = compute_agenda(l, kToday);
  for (const auto* list : {&a.due, &a.upcoming})
    for (const AgendaItem& i : *list)
      for (const AgendaInvoice& inv : i.invoices) out.insert(inv.id);
  return out;
}

void press_alt(Session& s, int key) {
  input::Queue q;
  q.key(18, true, input::kAlt);  // Alt, as library_relance.js sends it
  q.key(key, true, input::kAlt);
  q.key(key, false, input::kAlt);
  q.key(18, false, 0);
  while (!q.empty()) s.frame(s.app, &q);
  s.frames(2);
}

void drop(Session& s, std::string name, std::string mime, std::string bytes) {
  fake::open_file({std::move(name), std::move(mime), std::move(bytes)});
  s.settle();
  s.frames(2);
}

}  // namespace

TEST_CASE("bank: a dropped statement is reconciled, confirmed as one command, and Aujourd’hui says what left the agenda") {
  Session s;
  s.load_sample();
  const Ledger before = s.app.ws.ledger();
  // Two reminded invoices whose clients owe nothing else overdue, and one never reminded.
  const Invoice& hotel = invoice_numbered(before, "F-2026-0036");
  const Invoice& riviere = invoice_numbered(before, "F-2026-0037");
  const Invoice& boulangerie = invoice_numbered(before, "F-2026-0044");
  REQUIRE(balance(before, hotel) == 872000);
  REQUIRE(balance(before, riviere) == 134800);
  REQUIRE(balance(before, boulangerie) == 74400);
  const std::set<InvoiceId> agenda_before = in_agenda(before);
  for (InvoiceId id : {hotel.id, riviere.id, boulangerie.id}) REQUIRE(agenda_before.count(id) == 1);

  drop(s, "releve-novembre.ofx", "application/x-ofx",
       ofx({{"20261120", "8720.00", "T1", "VIR HOTEL DES CELESTINS", "SOLDE FACTURE F-2026-0036"},
            {"20261120", "1348.00", "T2", "VIR M HUGO RIVIERE", "SOLDE F2026 37"},
            {"20261121", "-45.00", "T3", "PRLV SEPA EDF", ""},
            {"20261121", "744.00", "T4", "VIR SEPA MARTIN P", "CB"}}));
  REQUIRE(s.app.screen == Screen::bank);
  CHECK(s.has("Rapprochement bancaire"));
  CHECK(label_with("\u00ab releve-novembre.ofx \u00bb \u00b7 OFX \u00b7 compte 00012345678 \u00b7 4 mouvements du 20/11/2026 au 21/11/2026"));
  // Sure matches ticked; the debit listed, never matched; the unknown credit to attach.
  CHECK(s.has("S\u00fbr##statut-1"));
  CHECK(s.has("S\u00fbr##statut-2"));
  CHECK(s.has("D\u00e9bit##statut-3"));
  CHECK(s.has("Non rapproch\u00e9##statut-4"));
  CHECK(s.has("F-2026-0036 \u2014 H\u00f4tel des C\u00e9lestins##proposition-1"));
  CHECK(s.app.screens.bank.state().lines[0].ticked);
  CHECK(s.app.screens.bank.state().lines[1].ticked);
  CHECK_FALSE(s.app.screens.bank.state().lines[2].ticked);
  CHECK(label_with("2 paiements \u00b7 " + format_eur(1006800) + " \u00b7 1 cr\u00e9dit \u00e0 revoir"));
  CHECK(label_with("remerciement propos\u00e9 ensuite"));

  // The unknown credit found by its amount, typed the French way.
  s.type("Chercher##ligne-4", "744,00");
  const std::string found = "F-2026-0044 \u00b7 Boulangerie Martin \u00b7 reste " + format_eur(74400) + "##trouvee-4-" +
                            std::to_string(boulangerie.id);
  REQUIRE(s.has(found));
  s.click(found);
  CHECK(s.has("Choisie \u00e0 la main##statut-4"));
  CHECK(label_with("3 paiements \u00b7 " + format_eur(1081200)));
  CHECK(journal_size() == 0);  // nothing written before the confirmation

  s.click("Enregistrer##banque");
  s.settle();
  // One command: the three payments, each with the movement's id and the statement's name.
  REQUIRE(journal_size() == 1);
  const Json cmd = journal_command(0);
  CHECK(cmd["type"] == "record_payments");
  const Ledger& after = s.app.ws.ledger();
  for (const auto& [inv_id, ref] : {std::pair{hotel.id, "T1"}, std::pair{riviere.id, "T2"}, std::pair{boulangerie.id, "T4"}}) {
    const Invoice* inv = find_invoice(after, inv_id);
    REQUIRE(inv);
    CHECK(balance(after, *inv) == 0);
    REQUIRE_FALSE(inv->payments.empty());
    CHECK(inv->payments.back().bank_ref == ref);
    CHECK(inv->payments.back().statement == "releve-novembre.ofx");
    CHECK(inv->payments.back().method == PaymentMethod::transfer);
    CHECK(inv->payments.back().date == Date::from_ymd(2026, 11, inv_id == boulangerie.id ? 21 : 20));
  }
  // Aujourd’hui: how many left the agenda, and the thank-yous.
  CHECK(s.app.screen == Screen::today);
  const std::set<InvoiceId> agenda_after = in_agenda(after);
  for (InvoiceId id : {hotel.id, riviere.id, boulangerie.id}) CHECK(agenda_after.count(id) == 0);
  std::size_t left = 0;
  for (InvoiceId id : agenda_before) left += agenda_after.count(id) == 0;
  CHECK(left == 3);
  CHECK(s.app.notice.text ==
        "3 factures pay\u00e9es d\u2019apr\u00e8s le relev\u00e9 \u00ab releve-novembre.ofx \u00bb : 3 sortent de "
        "l\u2019agenda. 2 remerciements propos\u00e9s ci-dessous.");
  CHECK(s.has("Remerciements"));
  const Agenda a = compute_agenda(after, kToday);
  std::set<std::string> thanked;
  for (const AgendaItem& i : a.thanks) thanked.insert(i.client_name);
  CHECK(thanked.count("H\u00f4tel des C\u00e9lestins") == 1);
  CHECK(thanked.count("M. Hugo Rivi\u00e8re") == 1);

  SUBCASE("the same statement again: its lines are already recorded, nothing to save") {
    drop(s, "releve-novembre.ofx", "application/x-ofx",
         ofx({{"20261120", "8720.00", "T1", "VIR HOTEL DES CELESTINS", "SOLDE FACTURE F-2026-0036"},
              {"20261121", "-45.00", "T3", "PRLV SEPA EDF", ""}}));
    REQUIRE(s.app.screen == Screen::bank);
    CHECK(s.has("D\u00e9j\u00e0 enregistr\u00e9##statut-1"));
    CHECK(label_with("0 paiement"));
    s.click("Enregistrer##banque");
    s.settle();
    CHECK(journal_size() == 1);
    s.click("Annuler##banque");
    CHECK(s.app.screen == Screen::today);
  }
}

TEST_CASE("bank: ambiguous lines chosen with the keyboard; Alt+A ticks the sure ones again") {
  Session s;
  Ledger l = sample();
  // A second open invoice of the same client and amount: a payment by the
  // client's name alone cannot tell them apart.
  const Invoice& model = invoice_numbered(l, "F-2026-0047");
  Invoice twin = model;
  twin.id = l.next_invoice_id++;
  twin.number = "F-2026-0049";
  twin.issue_date = Date::from_ymd(2026, 11, 2);
  twin.due_date = Date::from_ymd(2026, 12, 2);
  l.invoices.push_back(twin);
  std::optional<bool> ok;
  s.app.ws.replace(l, [&](bool r) { ok = r; });
  fake::run_pending();
  REQUIRE(ok == true);
  s.frames();

  drop(s, "releve.ofx", "application/x-ofx",
       ofx({{"20261120", "816.00", "K1", "VIR SEPA MME CAMILLE BESNARD", "F-2026-0042"},
            {"20261121", "456.00", "K2", "VIR BOULANGERIE MARTIN", "REGLEMENT"}}));
  REQUIRE(s.app.screen == Screen::bank);
  CHECK(s.has("\u00c0 choisir##statut-2"));
  BankState& b = s.app.screens.bank.state();
  CHECK_FALSE(b.lines[1].ticked);
  REQUIRE(b.match.lines[1].proposals.size() >= 2);
  const InvoiceId second = b.match.lines[1].proposals[1].invoices.front();

  // Alt+N goes to the line to review, Alt+2 takes its second proposal.
  press_alt(s, 'N');
  CHECK(b.current == 1);
  press_alt(s, '2');
  CHECK(b.lines[1].ticked);
  CHECK(b.lines[1].choice == 1);
  // Nothing left to review: Alt+N says so by leaving no line current.
  press_alt(s, 'N');
  CHECK(b.current == -1);

  // The sure line unticked by hand, then Alt+A.
  s.click("##ligne-1");
  CHECK_FALSE(b.lines[0].ticked);
  press_alt(s, 'A');
  CHECK(b.lines[0].ticked);

  s.click("Enregistrer##banque");
  s.settle();
  REQUIRE(journal_size() == 1);
  const Ledger& after = s.app.ws.ledger();
  const Invoice* chosen = find_invoice(after, second);
  REQUIRE(chosen);
  CHECK(balance(after, *chosen) == 0);
  CHECK(chosen->payments.back().bank_ref == "K2");
}

TEST_CASE("bank: a refused or failed confirmation writes nothing and says why") {
  Session s;
  s.load_sample();
  drop(s, "releve.ofx", "application/x-ofx",
       ofx({{"20261120", "816.00", "F1", "VIR SEPA MME CAMILLE BESNARD", "F-2026-0042"}}));
  REQUIRE(s.app.screen == Screen::bank);
  const Ledger before = s.app.ws.ledger();
  fake::fail_next_write(platform::StorageError::failed);
  s.click("Enregistrer##banque");
  s.settle();
  CHECK(journal_size() == 0);
  CHECK(s.app.ws.ledger() == before);
  CHECK(s.app.screen == Screen::bank);
  CHECK(label_with("Rien n\u2019a \u00e9t\u00e9 enregistr\u00e9"));
}

TEST_CASE("bank: an unreadable statement gives one clear error and writes nothing") {
  Session s;
  s.load_sample();
  // Picked through « Importer un relevé bancaire… » in Factures.
  s.click("Factures");
  s.click("Importer un relev\u00e9 bancaire\u2026");
  REQUIRE_FALSE(fake::file_pickers().empty());
  CHECK(fake::file_pickers().back().find(".ofx") != std::string::npos);
  drop(s, "releve.ofx", "application/x-ofx",
       "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261340<TRNAMT>12.00"
       "<FITID>X</STMTTRN></BANKTRANLIST></OFX>\n");
  REQUIRE(s.app.screen == Screen::bank);
  CHECK(label_with("Relev\u00e9 \u00ab releve.ofx \u00bb illisible : "));
  CHECK_FALSE(label_with("illisible : releve.ofx"));  // the file's name said once
  CHECK(label_with("Rien n\u2019a \u00e9t\u00e9 enregistr\u00e9."));
  CHECK(journal_size() == 0);
  CHECK(s.has("Choisir un autre relev\u00e9\u2026"));
  // « Retour » goes back to Factures.
  s.click("\u2039 Retour##banque");
  CHECK(s.app.screen == Screen::invoices);
}

TEST_CASE("bank: the statement is read in the readers module; « Lecture du fichier… » meanwhile, one message if it cannot load") {
  Session s;
  s.load_sample();
  const std::string ofx =
      "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261120<TRNAMT>816.00"
      "<FITID>X1<NAME>MME CAMILLE BESNARD<MEMO>F-2026-0042</STMTTRN></BANKTRANLIST></OFX>\n";
  // Offline before the module was ever fetched: it does not load.
  fake::fail_readers("le module de lecture des fichiers n\u2019a pas pu \u00eatre charg\u00e9 (connexion perdue ?)");
  const int calls = fake::readers_calls();
  drop(s, "releve.ofx", "application/x-ofx", ofx);
  CHECK(fake::readers_calls() == calls + 1);
  REQUIRE(s.app.screen == Screen::bank);
  CHECK(label_with("Relev\u00e9 \u00ab releve.ofx \u00bb non lu : le module de lecture des fichiers n\u2019a pas pu "
                   "\u00eatre charg\u00e9 (connexion perdue ?). Rien n\u2019a \u00e9t\u00e9 enregistr\u00e9."));
  CHECK(journal_size() == 0);
  // Back online: the same file reads. Until the answer comes, the screen says so.
  fake::fail_readers("");
  fake::open_file({"releve.ofx", "application/x-ofx", ofx});
  fake::run_pending_once();
  s.frames(1);
  CHECK(s.has("Lecture du fichier\u2026"));
  CHECK_FALSE(label_with("non lu"));
  s.settle();
  s.frames(2);
  CHECK_FALSE(s.has("Lecture du fichier\u2026"));
  CHECK(s.has("S\u00fbr##statut-1"));
}

TEST_CASE("bank: dropped CSV files go to the invoice import or to the reconciliation by their columns") {
  Session s;
  s.load_sample();
  drop(s, "factures.csv", "text/csv",
       "Num\u00e9ro;Client;Date;\u00c9ch\u00e9ance;TTC\r\nF-2026-0100;Garage Martin;02/11/2026;02/12/2026;1 200,00\r\n");
  CHECK(s.app.screen == Screen::settings);
  CHECK(label_with("Pr\u00eat \u00e0 importer"));
  drop(s, "releve.csv", "text/csv",
       "Date;Libell\u00e9;Montant\n20/11/2026;VIR SEPA MME CAMILLE BESNARD F-2026-0042;816,00\n");
  CHECK(s.app.screen == Screen::bank);
  CHECK(s.has("S\u00fbr##statut-1"));
  // Neither: the invoice import, which says what it lacks.
  drop(s, "notes.csv", "text/csv", "Nom;Montant\nDurand;12,50\n");
  CHECK(s.app.screen == Screen::settings);
}

TEST_CASE("bank: a CSV no preset reads goes through the column mapping, remembered for the account") {
  Session s;
  s.load_sample();
  const std::string head = "Compte courant FR76 3000 6000 0112 3456 7890 189 EUR\nJour;Quoi;Valeur\n";
  s.click("Param\u00e8tres");
  s.click("Sauvegarde et CSV");
  s.click("Importer un relev\u00e9 bancaire\u2026##donnees");
  drop(s, "export.csv", "text/csv", head + "20/11/2026;VIR SEPA MME CAMILLE BESNARD F-2026-0042;816,00\n");
  REQUIRE(s.app.screen == Screen::bank);
  REQUIRE(s.has("Lire le relev\u00e9 avec ces colonnes"));
  CHECK(label_with("Colonne 3 \u00ab Valeur \u00bb"));
  CHECK(label_with("Ex. : 816,00"));
  // The amount column set aside: the reading is refused, with what is missing.
  s.click("Contenu##colonne-3");
  s.click("Ignor\u00e9e##Contenu##colonne-3");
  s.click("Lire le relev\u00e9 avec ces colonnes");
  CHECK(label_with("Indiquez la colonne du montant"));
  s.click("Contenu##colonne-3");
  s.click("Montant (sign\u00e9)##Contenu##colonne-3");
  s.click("Lire le relev\u00e9 avec ces colonnes");
  s.settle();  // read in the readers module: its answer comes from the event loop
  REQUIRE(s.has("S\u00fbr##statut-1"));
  CHECK(label_with("compte FR7630006000011234567890189"));
  s.click("Enregistrer##banque");
  s.settle();
  // The payments, then the columns for this account.
  REQUIRE(journal_size() == 2);
  CHECK(journal_command(0)["type"] == "record_payments");
  CHECK(journal_command(1)["type"] == "save_mapping");
  REQUIRE(s.app.ws.ledger().mappings.size() == 1);
  CHECK(s.app.ws.ledger().mappings[0].key == "iban:FR7630006000011234567890189");

  // The next statement of the account, dropped: read with the remembered columns.
  drop(s, "export-decembre.csv", "text/csv", head + "22/11/2026;VIR GARAGE DUPONT F-2026-0038;1872,00\n");
  REQUIRE(s.app.screen == Screen::bank);
  CHECK(label_with("Colonnes m\u00e9moris\u00e9es pour ce relev\u00e9."));
  CHECK(s.has("S\u00fbr##statut-1"));
}
