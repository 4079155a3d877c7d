// Letters (core/letters.h) and the letter / mailto commands, checked on the
// sample ledger with real readers: qpdf, poppler's pdfinfo / pdftotext /
// pdftoppm. Expected amounts are worked out by hand from the sample data in
// the comments, not taken from the code under test.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/commands.h"
#include "core/json_io.h"
#include "core/letter_pdf.h"
#include "core/letters.h"
#include "core/links.h"
#include "core/ledger_file.h"
#include "core/text.h"
#include "tests/pdf_check.h"

namespace fs = std::filesystem;
using namespace relance;
using namespace relance::test;

namespace {

// [SECTION] Helpers ------------------------------------------------------------

// Text with runs of ASCII spaces and line breaks made one space: lines
// wrapped by the layout read as the sentence they are. No-break spaces
// (U+00A0, U+202F) are kept, so amounts are checked exactly.
std::string flat(const std::string& s) {
  std::string out;
  for (char c : s) {
    const bool space = c == ' ' || c == '\n' || c == '\f' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

#define CHECK_HAS(text, needle) CHECK_MESSAGE((text).find(needle) != std::string::npos, "missing: " << (needle))
#define CHECK_LACKS(text, needle) CHECK_MESSAGE((text).find(needle) == std::string::npos, "unexpected: " << (needle))

Ledger sample() {
  auto l = ledger_from_json(embedded_asset("sample/ledger.json"), "sample/ledger.json");
  REQUIRE_MESSAGE(l.ok(), l.error().message());
  return *l;
}

Date day(const char* iso) { return *parse_iso_date(iso); }
const Date kToday = day("2026-11-23");

LetterRequest request(ClientId client, LetterType type, int step = -1) {
  return {.client = client, .type = type, .step = step, .today = kToday};
}

LetterContent content(const Ledger& l, const LetterRequest& r) {
  auto c = letter_content(l, r);
  REQUIRE_MESSAGE(c.ok(), c.error().message());
  return *c;
}

std::string pdf(const Ledger& l, const LetterRequest& r) {
  auto bytes = letter_pdf(l, r);
  REQUIRE_MESSAGE(bytes.ok(), bytes.error().message());
  return *bytes;
}

// A valid A4 PDF that renders; returns its text, flattened.
std::string checked_text(const TempDir& dir, const std::string& name, const std::string& bytes, int* pages = nullptr) {
  const std::string path = write_pdf(dir, name, bytes);
  check_qpdf(path);
  const PdfInfo info = pdf_info(path);
  CHECK(info.a4);
  CHECK(info.pages >= 1);
  if (pages) *pages = info.pages;
  check_renders(path);
  return flat(text_of(path, "-layout"));
}

// The sample's amounts, French-formatted: U+202F between thousands, U+00A0
// before the euro sign.
#define EUR(x) x "\u00A0€"
const char* const kNnbsp = "\u202F";

constexpr ClientId kOeillet = 5, kCelestins = 2, kRiviere = 11, kLefevre = 9;
constexpr ClientId kPharmacie = 7;  // everything paid

}  // namespace

// [SECTION] Every letter type on the sample ledger -----------------------------

TEST_CASE("letters: every type for four sample clients is a valid, deterministic A4 PDF") {
  const Ledger l = sample();
  TempDir dir;
  for (ClientId client : {kOeillet, kCelestins, kRiviere, kLefevre}) {
    for (LetterType type : {LetterType::reminder, LetterType::notice, LetterType::statement, LetterType::recovery_file}) {
      CAPTURE(client);
      const std::string type_name = to_string(type);
      CAPTURE(type_name);
      const std::string a = pdf(l, request(client, type)), b = pdf(l, request(client, type));
      CHECK(a == b);  // no clock, no random: the same bytes
      int pages = 0;
      const std::string text =
          checked_text(dir, std::to_string(client) + "-" + to_string(type) + ".pdf", a, &pages);
      MESSAGE("client " << client << " " << type_name << ": " << a.size() << " bytes, " << pages << " page(s)");
      CHECK(a.size() < 40000);
      CHECK_HAS(text, "Atelier Lumière SARL");
      if (pages > 1) {
        CHECK_HAS(text, "Page 1 / " + std::to_string(pages));
        CHECK_HAS(text, "Page " + std::to_string(pages) + " / " + std::to_string(pages));
      } else {
        CHECK_LACKS(text, "Page 1 / 1");
      }
      // The footer: the company's identifiers on every page.
      CHECK_HAS(text, "SIRET 812\u00A0345\u00A0676\u00A000025");
      CHECK_HAS(text, "RCS\u00A0Lyon\u00A0812\u00A0345\u00A0676");
      CHECK_HAS(text, "TVA FR19812345676");
      CHECK_HAS(text, "IBAN FR76\u00A03000\u00A04012\u00A03400\u00A00101\u00A02345\u00A0615");
      CHECK_HAS(text, "BIC BNPAFRPPXXX");
    }
  }
  // Another day, other bytes.
  CHECK(pdf(l, request(kOeillet, LetterType::notice)) !=
        pdf(l, {.client = kOeillet, .type = LetterType::notice, .today = day("2026-11-24")}));
}

TEST_CASE("letters: formal notice to a business (Restaurant L'Œillet)") {
  const Ledger l = sample();
  TempDir dir;
  LetterRequest r = request(kOeillet, LetterType::notice);
  r.registered_number = "1A 234 567 8901 2";
  const LetterContent c = content(l, r);
  CHECK(c.channel == Channel::registered_notice);
  CHECK(c.invoices == std::vector<InvoiceId>{10, 11});  // F-2026-0029, F-2026-0033 (0030 is cancelled)
  CHECK(c.step == 4);                                    // "Mise en demeure" in the b2b chain
  CHECK(c.mention == "Lettre recommandée avec accusé de réception n°\u00A01A 234 567 8901 2");
  int pages = 0;
  const std::string text = checked_text(dir, "notice.pdf", letter_pdf(c), &pages);
  CHECK(pages == 2);

  // Parties, place and date, the registered-letter mention and the subject.
  CHECK_HAS(text, "Restaurant L'Œillet À l'attention de M. Karim Benali 9 rue Mercière 69002 Lyon");
  CHECK_HAS(text, "Lyon, le 23 novembre 2026");
  CHECK_HAS(text, "Lettre recommandée avec accusé de réception n°\u00A01A 234 567 8901 2");
  CHECK_HAS(text, "Objet\u00A0: Mise en demeure de payer – F-2026-0029 et F-2026-0033");
  CHECK_HAS(text, "Monsieur,");
  CHECK_HAS(text, "nous vous mettons en demeure");

  // The invoices. F-2026-0029: 540,00 € unpaid, due 18/07/2026, 128 days late
  // on 23/11/2026 (13 + 31 + 30 + 31 + 23). F-2026-0033: 2 544,00 € less
  // the 800,00 € cheque of 30/09 = 1 744,00 €, due 07/08/2026, 108 days late.
  CHECK_HAS(text, "F-2026-0029 18/06/2026 18/07/2026 " EUR("540,00") " " EUR("0,00") " " EUR("540,00") " 128\u00A0j");
  CHECK_HAS(text, "F-2026-0033 08/07/2026 07/08/2026 " EUR("2\u202F544,00") " " EUR("800,00") " " EUR("1\u202F744,00") " 108\u00A0j");
  CHECK_HAS(text, "Total " EUR("3\u202F084,00") " " EUR("800,00") " " EUR("2\u202F284,00"));

  // Penalties at 12,40 % (2026 H2: 2,40 + 10, not verified yet, flagged):
  //   F-2026-0029: 540,00 × 12,40 % × 128 / 365 = 23,4815 → 23,48
  //   F-2026-0033: 2 544,00 × 12,40 % × 54 / 365 (08/08–30/09) = 46,670 → 46,67
  //              + 1 744,00 × 12,40 % × 54 / 365 (01/10–23/11) = 31,994 → 31,99 = 78,66
  // Indemnity 40,00 € per invoice; total 2 284,00 + 102,14 + 80,00 = 2 466,14.
  CHECK_HAS(text, "F-2026-0029 " EUR("540,00") " " EUR("23,48") " " EUR("40,00") " " EUR("603,48"));
  CHECK_HAS(text, "F-2026-0033 " EUR("1\u202F744,00") " " EUR("78,66") " " EUR("40,00") " " EUR("1\u202F862,66"));
  CHECK_HAS(text, "Total " EUR("2\u202F284,00") " " EUR("102,14") " " EUR("80,00") " " EUR("2\u202F466,14"));
  CHECK_HAS(text, "la somme totale de " EUR("2\u202F466,14"));
  CHECK_HAS(text, "taux annuel de 12,40\u00A0%");

  // Deadline (today + 8 days), consequences, the law.
  CHECK_HAS(text, "au plus tard le 01/12/2026, soit sous 8 jours");
  CHECK_HAS(text, "injonction de payer");
  CHECK_HAS(text, "commissaire de justice");
  CHECK_HAS(text, "frais de procédure");
  for (const char* ref : {"article L441-10 du Code de commerce", "article D441-5", "article 1344 du Code civil",
                          "article 1344-1 du Code civil"})
    CHECK_HAS(text, ref);

  // The steps already taken, the signature, the enclosures.
  CHECK_HAS(text, "relance par e-mail du 23/07/2026\u00A0; relance par e-mail du 12/08/2026\u00A0; appel du 02/09/2026");
  CHECK_HAS(text, "Démarches déjà effectuées");
  CHECK_HAS(text, "08/10/2026 Mise en demeure (LRAR) F-2026-0029, F-2026-0033");
  CHECK_HAS(text, "Claire Vasseur, gérante Atelier Lumière SARL");
  CHECK_HAS(text, "P. J. : copie des factures F-2026-0029, F-2026-0033");

  // Worth a look before sending: a notice was already sent, the 2026 H2 rate not verified yet.
  bool again = false, rate = false;
  for (const std::string& w : c.warnings) {
    again |= w.find("déjà été enregistrée le 08/10/2026") != std::string::npos;
    rate |= w.find("2e semestre 2026") != std::string::npos;
  }
  CHECK(again);
  CHECK(rate);
}

TEST_CASE("letters: formal notice to consumers: legal interest, no 40 € indemnity") {
  const Ledger l = sample();
  TempDir dir;
  SUBCASE("M. Hugo Rivière, no e-mail: a letter is the way") {
    const std::string text = checked_text(dir, "riviere.pdf", pdf(l, request(kRiviere, LetterType::notice)));
    CHECK_HAS(text, "M. Hugo Rivière 31 montée du Chemin-Neuf 69005 Lyon");
    CHECK_HAS(text, "Lettre recommandée avec accusé de réception");
    CHECK_HAS(text, "Objet\u00A0: Mise en demeure de payer – F-2026-0037");
    // 1 848,00 € less 500,00 € cash on 05/10 = 1 348,00 €; due 16/09/2026: 68 days late.
    CHECK_HAS(text, "F-2026-0037 01/09/2026 16/09/2026 " EUR("1\u202F848,00") " " EUR("500,00") " " EUR("1\u202F348,00") " 68\u00A0j");
    CHECK_HAS(text, "La somme de " EUR("1\u202F348,00") " reste due");
    CHECK_HAS(text, "Relances précédentes");  // then the list of them, or « aucune »
    CHECK_LACKS(text, "Malgré");
    // The 2026 H2 legal rate is not verified yet: the sentence says so.
    CHECK_HAS(text, "intérêts au taux légal (actuellement 2,75\u00A0% (taux de l'intérêt légal du 2e semestre 2026 "
                    "non vérifié auprès de la source officielle) par an)");
    CHECK_HAS(text, "article 1344-1 du Code civil");
    CHECK_HAS(text, "tribunal judiciaire");
    CHECK_HAS(text, "au plus tard le 01/12/2026");
    CHECK_LACKS(text, "40,00");  // no recovery indemnity against a consumer
    CHECK_LACKS(text, "D441-5");
    CHECK_LACKS(text, "Indemnité");
    CHECK_HAS(text, "Monsieur,");
  }
  SUBCASE("M. et Mme Lefèvre, under a payment plan") {
    const LetterContent c = content(l, request(kLefevre, LetterType::notice));
    CHECK(c.invoices == std::vector<InvoiceId>{20});
    const std::string text = checked_text(dir, "lefevre.pdf", letter_pdf(c));
    CHECK_HAS(text, "M. et Mme Lefèvre 7 chemin des Vignes 69110 Sainte-Foy-lès-Lyon");
    // 4 500,00 € less the first instalment (1 500,00 €): 3 000,00 €; the
    // second instalment fell due on 30/10/2026: 24 days late.
    CHECK_HAS(text, "F-2026-0035 (échéancier) 20/08/2026 30/10/2026 " EUR("4\u202F500,00") " " EUR("1\u202F500,00") " " EUR("3\u202F000,00") " 24\u00A0j");
    CHECK_LACKS(text, "D441-5");
  }
}

TEST_CASE("letters: reminders take the step's wording") {
  const Ledger l = sample();
  TempDir dir;
  SUBCASE("Hôtel des Célestins, partly paid: its due step is Relance 2") {
    const LetterContent c = content(l, request(kCelestins, LetterType::reminder));
    CHECK(c.step == 2);
    CHECK(c.channel == Channel::letter);
    CHECK(c.mention.empty());
    const std::string text = checked_text(dir, "celestins.pdf", letter_pdf(c));
    CHECK_HAS(text, "Hôtel des Célestins À l'attention de Mme Sophie Garnier 4 rue des Archers 69002 Lyon");
    // One reminder sent before (05/11): the title says what this one is.
    CHECK_HAS(text, "Objet\u00A0: Dernière relance avant mise en demeure – F-2026-0036");
    CHECK(c.title == "Dernière relance avant mise en demeure – Hôtel des Célestins");
    CHECK_HAS(text, "Madame,");
    // 18 720,00 € TTC less 10 000,00 € paid on 30/10 = 8 720,00 €, due 31/10: 23 days.
    CHECK_HAS(text, "F-2026-0036 31/08/2026 31/10/2026 " EUR("18\u202F720,00") " " EUR("10\u202F000,00") " " EUR("8\u202F720,00") " 23\u00A0j");
    // 8 720,00 × 12,40 % × 23 / 365 = 68,1359 → 68,14; + 40,00 = 8 828,14.
    CHECK_HAS(text, "(" EUR("68,14") ")");
    CHECK_HAS(text, "soit " EUR("8\u202F828,14") " au total");
    CHECK_HAS(text, "Malgré notre relance par e-mail du 05/11/2026, le règlement suivant reste impayé");
    CHECK_HAS(text, "au plus tard le 01/12/2026");
    // The template's signature lines are replaced by the letter's own block.
    CHECK_LACKS(text, "04 78 12 34 56 compta@atelier-lumiere.fr Claire");
    CHECK_HAS(text, "Claire Vasseur, gérante Atelier Lumière SARL");
  }
  SUBCASE("M. Hugo Rivière: a call is due; the letter gets letter wording, not the call script") {
    const LetterContent c = content(l, request(kRiviere, LetterType::reminder));
    CHECK(c.step == 3);  // "Appel" in the b2c chain
    const std::string text = checked_text(dir, "riviere.pdf", letter_pdf(c));
    CHECK_HAS(text, "Sauf erreur de notre part, le règlement suivant reste en attente");
    CHECK_HAS(text, "Reste à payer\u00A0: " EUR("1\u202F348,00"));
    CHECK_HAS(text, "paiement en plusieurs fois");
    CHECK_LACKS(text, "Compte rendu de l'appel");
    CHECK_LACKS(text, "40 €");
  }
  SUBCASE("an explicit step; the notice step gives the notice") {
    LetterContent c = content(l, request(kCelestins, LetterType::reminder, 1));
    CHECK(c.subject == "Relance de paiement – F-2026-0036");
    c = content(l, request(kCelestins, LetterType::reminder, 4));
    CHECK(c.type == LetterType::notice);
    CHECK(c.mention == "Lettre recommandée avec accusé de réception");
  }
  SUBCASE("Restaurant L'Œillet: the hand-over letter, and the last step taken when nothing is due") {
    const LetterContent c = content(l, request(kOeillet, LetterType::reminder));
    CHECK(c.step == 5);
    CHECK(c.subject == "Transmission de votre dossier au recouvrement – F-2026-0029 et F-2026-0033");
    // A week later nothing new is due: the letter repeats the last step taken.
    Ledger later = sample();
    HistoryEntry h;
    h.date = kToday;
    h.client = kOeillet;
    h.invoices = {10, 11};
    h.chain_id = "b2b";
    h.step = 5;
    h.channel = Channel::handover;
    h.text = "Dossier transmis.";
    const Command record = cmd::RecordAction{h};
    REQUIRE(relance::apply(later, record).ok());
    const LetterContent again = content(later, {.client = kOeillet, .type = LetterType::reminder, .today = kToday + 3});
    CHECK(again.step == 5);
  }
  SUBCASE("a letter-specific template <id>_letter wins over the e-mail one") {
    Ledger custom = sample();
    Template t;
    t.id = "b2b_r2_letter";
    t.name = "Relance 2 (courrier)";
    t.channel = Channel::letter;
    t.subject = "Courrier de relance – {invoice_number}";
    t.body = "{salutation},\n\nTexte propre au courrier.\n{invoices}\n\nCordialement.\n\n{signatory}\n{company}\n";
    custom.templates.push_back(t);
    const LetterContent c = content(custom, request(kCelestins, LetterType::reminder, 2));
    CHECK(c.subject == "Courrier de relance – F-2026-0036");
    REQUIRE(c.body.size() == 4);
    CHECK(c.body[0].text == "Madame,");
    CHECK(c.body[1].text == "Texte propre au courrier.");
    CHECK(c.body[2].kind == LetterBlock::Kind::table);
    CHECK(c.body[2].table.rows.size() == 1);
    CHECK(c.body[3].text == "Cordialement.");  // the placeholder signature went to the signature block
  }
}

TEST_CASE("letters: statement of account") {
  const Ledger l = sample();
  TempDir dir;
  SUBCASE("a payment plan: what is owed, and what of it is already due") {
    const std::string text = checked_text(dir, "lefevre.pdf", pdf(l, request(kLefevre, LetterType::statement)));
    CHECK_HAS(text, "Objet\u00A0: Relevé de compte au 23/11/2026");
    CHECK_HAS(text, "M. et Mme Lefèvre");
    // 3 000,00 € left; of it only the 2nd instalment (1 500,00 €, 30/10) is due; the 3rd falls on 30/11.
    CHECK_HAS(text, "Solde dû\u00A0: " EUR("3\u202F000,00") ", dont échu au 23/11/2026\u00A0: " EUR("1\u202F500,00"));
    CHECK_HAS(text, "Derniers règlements reçus");
    CHECK_HAS(text, "30/09/2026 F-2026-0035 Virement " EUR("1\u202F500,00"));
    CHECK_HAS(text, "Veuillez agréer, Monsieur, l'expression");
  }
  SUBCASE("a business: open invoices, their total, penalties mentioned apart") {
    const std::string text = checked_text(dir, "oeillet.pdf", pdf(l, request(kOeillet, LetterType::statement)));
    CHECK_HAS(text, "Total " EUR("3\u202F084,00") " " EUR("800,00") " " EUR("2\u202F284,00"));
    CHECK_HAS(text, "Solde dû\u00A0: " EUR("2\u202F284,00") ".");
    CHECK_HAS(text, "non comprises dans ce solde");
    CHECK_HAS(text, "30/09/2026 F-2026-0033 Chèque " EUR("800,00"));
    CHECK_LACKS(text, "F-2026-0030");  // cancelled by its credit note
    CHECK_LACKS(text, "F-2025-0033");  // written off
  }
  SUBCASE("nothing open: the statement says so") {
    const LetterContent c = content(l, request(kPharmacie, LetterType::statement));
    CHECK(c.invoices.empty());
    const std::string text = checked_text(dir, "martin.pdf", letter_pdf(c));
    CHECK_HAS(text, "ne présente aucune facture ouverte");
  }
}

TEST_CASE("letters: recovery file for a bailiff or an injonction de payer") {
  const Ledger l = sample();
  TempDir dir;
  SUBCASE("a business debtor: tribunal de commerce, the whole history") {
    int pages = 0;
    const std::string text =
        checked_text(dir, "oeillet-file.pdf", pdf(l, request(kOeillet, LetterType::recovery_file)), &pages);
    CHECK(pages >= 2);
    CHECK_HAS(text, "Page 1 / " + std::to_string(pages));
    CHECK_HAS(text, "Dossier de recouvrement de créance – Restaurant L'Œillet");
    CHECK_HAS(text, "Somme réclamée au 23/11/2026\u00A0: " EUR("2\u202F466,14"));
    // The debtor's identity.
    CHECK_HAS(text, "Nom Restaurant L'Œillet");
    CHECK_HAS(text, "Qualité Professionnel");
    CHECK_HAS(text, "Adresse 9 rue Mercière, 69002 Lyon");
    CHECK_HAS(text, "SIREN 831\u00A0902\u00A0744");
    CHECK_HAS(text, "Contact M. Karim Benali");
    CHECK_HAS(text, "E-mail contact@loeillet.fr");
    CHECK_HAS(text, "Téléphone 04 78 37 99 00");
    // Each invoice, its payments and the penalty computation lines.
    CHECK_HAS(text, "Facture F-2026-0033 du 08/07/2026\u00A0: Remplacement de la hotte et de son alimentation");
    CHECK_HAS(text, "30/09/2026 Chèque " EUR("800,00"));
    CHECK_HAS(text, "08/08/2026 30/09/2026 54 " EUR("2\u202F544,00") " 12,40\u00A0% " EUR("46,67"));
    CHECK_HAS(text, "01/10/2026 23/11/2026 54 " EUR("1\u202F744,00") " 12,40\u00A0% " EUR("31,99"));
    CHECK_HAS(text, "19/07/2026 23/11/2026 128 " EUR("540,00") " 12,40\u00A0% " EUR("23,48"));
    CHECK_HAS(text, "Total réclamé\u00A0: " EUR("2\u202F466,14") " (principal " EUR("2\u202F284,00") ", pénalités de retard " EUR("102,14") ", indemnités forfaitaires " EUR("80,00") ")");
    // The history with dates, channels, recipients and the exact texts.
    CHECK_HAS(text, "23/07/2026 — Relance 1 (E-mail)");
    CHECK_HAS(text, "Destinataire contact@loeillet.fr");
    CHECK_HAS(text, "Relance 1 envoyée par e-mail (F-2026-0029).");
    CHECK_HAS(text, "Appel à M. Benali : difficultés de trésorerie après l'été, promet un chèque fin septembre.");
    CHECK_HAS(text, "Mise en demeure envoyée en recommandé avec accusé de réception n° 1A 123 456 7890 1.");
    // The procedure.
    CHECK_HAS(text, "Mise en demeure\u00A0: envoyée le 08/10/2026");
    CHECK_HAS(text, "tribunal de commerce (formulaire Cerfa n°\u00A012946)");
    CHECK_HAS(text, "tribunal judiciaire (formulaire Cerfa n°\u00A012948)");
    CHECK_HAS(text, "5 ans entre professionnels");
    CHECK_HAS(text, "Fait à Lyon, le 23 novembre 2026");
  }
  SUBCASE("a consumer: tribunal judiciaire only, interest only after a notice") {
    const LetterContent c = content(l, request(kLefevre, LetterType::recovery_file));
    const std::string text = checked_text(dir, "lefevre-file.pdf", letter_pdf(c));
    CHECK_HAS(text, "Qualité Particulier (consommateur)");
    CHECK_HAS(text, "tribunal judiciaire, formulaire Cerfa n°\u00A012948");
    CHECK_LACKS(text, "12946");
    CHECK_HAS(text, "Échéancier accordé 30/09/2026\u00A0: " EUR("1\u202F500,00") "\u00A0; 30/10/2026\u00A0: " EUR("1\u202F500,00"));
    CHECK_HAS(text, "2 ans contre un consommateur");
    CHECK_HAS(text, "SMS : rappel de la facture, proposition de paiement en trois fois.");
    bool no_notice = false;
    for (const std::string& w : c.warnings) no_notice |= w.find("aucune mise en demeure") != std::string::npos;
    CHECK(no_notice);
  }
}

// [SECTION] Errors and selection -----------------------------------------------

TEST_CASE("letters: errors say what and where") {
  const Ledger l = sample();
  auto error_of = [&](const LetterRequest& r) {
    auto c = letter_content(l, r);
    REQUIRE_FALSE(c.ok());
    return c.error();
  };
  CHECK(error_of(request(999, LetterType::notice)) == Error{"client", "client n° 999 introuvable"});
  CHECK(error_of({.client = kOeillet, .type = LetterType::notice}).where == "today");
  Error e = error_of(request(kCelestins, LetterType::reminder, 6));
  CHECK(e.where == "step");
  CHECK(e.what == "le scénario « Professionnels » a 6 étapes (étape 7 demandée)");
  e = error_of({.client = kCelestins, .type = LetterType::notice, .invoices = {11}, .today = kToday});
  CHECK(e.where == "invoices");
  CHECK(e.what == "la facture F-2026-0033 n'est pas au nom de Hôtel des Célestins");
  e = error_of({.client = kCelestins, .type = LetterType::notice, .invoices = {4242}, .today = kToday});
  CHECK(e == Error{"invoices", "facture n° 4242 introuvable"});
  // Nothing overdue (its reminders were answered): no reminder, notice or
  // file; a statement still says so.
  for (LetterType type : {LetterType::reminder, LetterType::notice, LetterType::recovery_file}) {
    const std::string type_name = to_string(type);
    CAPTURE(type_name);
    CHECK(error_of(request(kPharmacie, type)).where == "invoices");
  }
  CHECK(letter_content(l, request(kPharmacie, LetterType::statement)).ok());
}

TEST_CASE("letters: a disputed invoice stays out of a notice unless named") {
  Ledger l = sample();
  const Command dispute = cmd::OpenDispute{10, day("2026-11-20"), "Disjoncteur jamais posé selon le client"};
  REQUIRE(relance::apply(l, dispute).ok());
  LetterContent c = content(l, request(kOeillet, LetterType::notice));
  CHECK(c.invoices == std::vector<InvoiceId>{11});
  bool said = false;
  for (const std::string& w : c.warnings) said |= w.find("F-2026-0029 contestée") != std::string::npos;
  CHECK(said);
  // Named, it is in, with the warning to settle the dispute first.
  c = content(l, {.client = kOeillet, .type = LetterType::notice, .invoices = {10, 11}, .today = kToday});
  CHECK(c.invoices == std::vector<InvoiceId>{10, 11});
  // The recovery file shows the dispute and warns that the claim is not certain.
  c = content(l, request(kOeillet, LetterType::recovery_file));
  bool uncertain = false;
  for (const std::string& w : c.warnings) uncertain |= w.find("n'est pas certaine") != std::string::npos;
  CHECK(uncertain);
}

TEST_CASE("letters: the recipient's address sits in the envelope window") {
  const Ledger l = sample();
  TempDir dir;
  const std::string path = write_pdf(dir, "notice.pdf", pdf(l, request(kOeillet, LetterType::notice)));
  const Run r = run("pdftotext -f 1 -l 1 -bbox " + quote(path) + " -");
  REQUIRE(r.status == 0);
  // Every word of the address block, in points from the top-left corner.
  const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  const double mm = 72.0 / 25.4;
  int found = 0;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), word); it != std::sregex_iterator(); ++it) {
    const std::string w = (*it)[5];
    if (w != "Restaurant" && w != "Benali" && w != "Mercière" && w != "69002") continue;
    const double x0 = std::stod((*it)[1]), y0 = std::stod((*it)[2]), x1 = std::stod((*it)[3]), y1 = std::stod((*it)[4]);
    if (x0 < 100 * mm || y0 > 100 * mm) continue;  // the sender's "69002 Lyon" on the left, the footer's
    ++found;
    CAPTURE(w);
    CHECK(x0 >= 110 * mm);  // window block: 110 mm from the left, 50 mm from the top, 85 × 35 mm
    CHECK(x1 <= 195 * mm);
    CHECK(y0 >= 50 * mm);
    CHECK(y1 <= 85 * mm);
  }
  CHECK(found == 4);
}

namespace {

// The words of page 1 that fall in the envelope window (110 mm from the
// left, 50 mm from the top, 85 × 35 mm), by line (top coordinate).
std::map<long, std::string> window_lines(const std::string& pdf_path) {
  const Run r = run("pdftotext -f 1 -l 1 -bbox " + quote(pdf_path) + " -", true);
  REQUIRE(r.status == 0);
  const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  const double mm = 72.0 / 25.4;
  std::map<long, std::string> lines;
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), word); it != std::sregex_iterator(); ++it) {
    const double x0 = std::stod((*it)[1]), y0 = std::stod((*it)[2]), x1 = std::stod((*it)[3]), y1 = std::stod((*it)[4]);
    if (x0 < 100 * mm || y0 < 45 * mm || y0 > 87 * mm) continue;  // the date is at 92 mm
    CHECK(x0 >= 110 * mm);
    CHECK(x1 <= 195 * mm);
    CHECK(y0 >= 50 * mm);
    CHECK(y1 <= 85 * mm);
    std::string w = (*it)[5];
    for (const auto& [entity, c] : {std::pair{"&apos;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}})
      w = replace_all(w, entity, c);
    std::string& line = lines[std::lround(y0)];
    line += (line.empty() ? "" : " ") + w;
  }
  return lines;
}

}  // namespace

TEST_CASE("letters: an address too long for the window keeps the name, the street and the town") {
  Ledger l = sample();
  Client& c = *find_client(l, kOeillet);
  c.name = "Restaurant " + std::string(300, 'N');
  c.address.line2 = "Bâtiment B, escalier C, " + std::string(200, 'x');
  c.address.country = "Belgique";
  TempDir dir;
  const std::string path = write_pdf(dir, "window.pdf", pdf(l, request(kOeillet, LetterType::notice)));
  check_qpdf(path);
  const std::map<long, std::string> lines = window_lines(path);
  REQUIRE(lines.size() == 6);  // the postal maximum
  auto line = lines.begin();
  CHECK(starts_with(line->second, "Restaurant NNNN"));
  CHECK(ends_with(line->second, "…"));
  CHECK((++line)->second == "À l'attention de M. Karim Benali");
  CHECK((++line)->second == "9 rue Mercière");
  CHECK(starts_with((++line)->second, "Bâtiment B, escalier C, xxx"));
  CHECK((++line)->second == "69002 Lyon");
  CHECK((++line)->second == "BELGIQUE");
  // A name that needs two lines keeps them when the window has room.
  c.name = "Société Nouvelle des Établissements Restaurants Lyonnais du Vieux Lyon";
  c.address.line2.clear();
  c.address.country.clear();
  const std::string again = write_pdf(dir, "window2.pdf", pdf(l, request(kOeillet, LetterType::notice)));
  std::vector<std::string> texts;
  for (const auto& [y, text] : window_lines(again)) texts.push_back(text);
  REQUIRE(texts.size() == 5);
  CHECK(texts[0] + " " + texts[1] == c.name);
  CHECK(texts[4] == "69002 Lyon");
}

TEST_CASE("letters: long letters flow over pages with their table header") {
  Ledger l = sample();
  // Forty more invoices for the Hôtel des Célestins, all overdue.
  const Invoice model = *find_invoice(l, 12);
  for (int i = 0; i < 40; ++i) {
    Invoice inv = model;
    inv.id = 100 + i;
    inv.number = "F-2026-" + std::to_string(1000 + i);
    inv.payments.clear();
    l.invoices.push_back(inv);
  }
  TempDir dir;
  int pages = 0;
  const std::string text = checked_text(dir, "long.pdf", pdf(l, request(kCelestins, LetterType::statement)), &pages);
  CHECK(pages >= 2);
  CHECK_HAS(text, "Page 2 / " + std::to_string(pages));
  CHECK_HAS(text, "F-2026-1039");
  // The header row is repeated on the next page.
  std::size_t headers = 0;
  for (std::size_t at = 0; (at = text.find("Facture Date Échéance Montant TTC", at)) != std::string::npos; ++at) ++headers;
  CHECK(headers >= 2);
  // 41 invoices: 40 × 18 720,00 + 8 720,00 = 757 520,00 € owed.
  CHECK_HAS(text, "Solde dû\u00A0: " EUR("757\u202F520,00"));
  const std::string file = checked_text(dir, "long-file.pdf", pdf(l, request(kCelestins, LetterType::recovery_file)), &pages);
  CHECK(pages >= 5);
}

// [SECTION] Hostile input --------------------------------------------------------

TEST_CASE("letters: hostile text anywhere still gives valid PDFs") {
  const std::vector<std::string> hostile = {
      "Société (test) \\ back\\slash ) ( %d %s %% %PDF-1.4 endstream endobj",
      std::string(500, 'W'),
      [] {
        std::string s;
        for (int i = 0; i < 500; ++i) s += "é";
        return s;
      }(),
      "",
      "شركة الاختبار للتجارة",
      "חברה לדוגמה בע״מ",
      "Pizzeria 🍕🎉 \u202Eevil\u202C",
      "ctrl \x01\x07\x1b[31m \xff\xfe invalid",
      "«\u00A0Guillemets\u00A0» ; : ! ?\n\nsur deux lignes\r\n",
  };
  TempDir dir;
  int n = 0;
  for (const std::string& h : hostile) {
    Ledger l = sample();
    l.company.name = h;
    l.company.legal_form = h;
    l.company.address.line1 = h;
    l.company.address.city = h;
    l.company.siret = h;
    l.company.iban = h;
    l.company.signatory = h;
    l.settings.place = h;
    Client& c = *find_client(l, kOeillet);
    c.name = h;
    c.contact = h;
    c.code = h;
    c.address = {h, h, h, h, h};
    find_invoice(l, 11)->label = h;
    find_invoice(l, 11)->payments[0].reference = h;
    for (HistoryEntry& e : l.history) {
      e.text = h;
      e.subject = h;
      e.recipient = h;
    }
    for (Template& t : l.templates) t.body = h + "\n{invoices}\n" + t.body + "\n" + h;
    for (LetterType type : {LetterType::reminder, LetterType::notice, LetterType::statement, LetterType::recovery_file}) {
      CAPTURE(n);
      const std::string type_name = to_string(type);
      CAPTURE(type_name);
      auto c2 = letter_content(l, request(kOeillet, type));
      if (!c2) {
        // A clear error is acceptable; a broken file is not.
        CHECK_FALSE(c2.error().what.empty());
        continue;
      }
      const std::string bytes = letter_pdf(*c2);
      const std::string path = write_pdf(dir, "hostile-" + std::to_string(n) + "-" + to_string(type) + ".pdf", bytes);
      check_qpdf(path);
      CHECK(pdf_info(path).a4);
      check_renders(path);
      (void)text_of(path, "-layout");
      CHECK(bytes == letter_pdf(*c2));
    }
    ++n;
  }
}

// [SECTION] E-mail drafts --------------------------------------------------------

TEST_CASE("letters: e-mail draft of the due step") {
  const Ledger l = sample();
  auto d = email_draft(l, {.client = kCelestins, .today = kToday});
  REQUIRE_MESSAGE(d.ok(), d.error().message());
  CHECK(d->step == 2);
  CHECK(d->recipient == "direction@hotel-celestins.fr");
  CHECK(d->subject == "Dernière relance avant mise en demeure – F-2026-0036");
  CHECK(starts_with(d->link.url, "mailto:direction@hotel-celestins.fr?subject="));
  const std::size_t body_at = d->link.url.find("&body=");
  REQUIRE(body_at != std::string::npos);
  CHECK(percent_decode(d->link.url.substr(body_at + 6)) == replace_all(d->body, "\n", "\r\n"));
  CHECK(d->body.find("reste dû 8\u202F720,00\u00A0€") != std::string::npos);

  // No e-mail address: the letter is the way.
  auto none = email_draft(l, {.client = kRiviere, .today = kToday});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().where == "client.email");
  CHECK(none.error().what.find("courrier") != std::string::npos);
  // A call step has nothing to e-mail.
  auto call = email_draft(l, {.client = kCelestins, .step = 3, .today = kToday});
  REQUIRE_FALSE(call.ok());
  CHECK(call.error().where == "step");
}

// [SECTION] Command line -------------------------------------------------------

namespace {

const std::string kSample = std::string(RELANCE_SOURCE_DIR) + "/assets/sample/ledger.json";

Run cli(const std::string& args) { return run(std::string(RELANCE_CLI) + " " + args, true); }

Json json_of(const Run& r) {
  auto j = parse_json(r.out, "stdout");
  REQUIRE_MESSAGE(j.ok(), r.out);
  return *j;
}

}  // namespace

TEST_CASE("letters: relance letter") {
  TempDir dir;
  const std::string out = dir.file("notice.pdf");
  Run r = cli("letter " + quote(kSample) + " --client 5 --type notice --today 2026-11-23 -o " + quote(out));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  Json j = json_of(r);
  CHECK(j["pages"] == 2);
  CHECK(j["bytes"] == fs::file_size(out));
  CHECK(j["invoices"] == Json::array({"F-2026-0029", "F-2026-0033"}));
  CHECK(j["step"] == 5);
  CHECK(j["warnings"].size() == 2);
  check_qpdf(out);
  // The same letter through the core: the same bytes.
  const Ledger l = sample();
  std::ifstream in(out, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str() == pdf(l, request(kOeillet, LetterType::notice)));

  // The client by code-less name, folded; a reminder at a given step.
  r = cli("letter " + quote(kSample) + " --client \"restaurant l'oeillet\" --type reminder --step 3 --today 2026-11-23 -o " +
          quote(dir.file("r.pdf")));
  REQUIRE(r.status == 0);
  CHECK(json_of(r)["step"] == 3);
  r = cli("letter " + quote(kSample) + " --client 'Hôtel des Célestins' --type file --today 2026-11-23 -o " +
          quote(dir.file("f.pdf")));
  REQUIRE(r.status == 0);
  check_qpdf(dir.file("f.pdf"));

  // Errors name the flag; nothing is written.
  const std::string none = dir.file("none.pdf");
  struct Bad {
    std::string args, err;
  };
  for (const Bad& b : std::vector<Bad>{
           {"--client 5 --type lettre", "relance letter: --type: type inconnu « lettre » (reminder, notice, statement ou file)\n"},
           {"--client 5", "relance letter: --type: type de lettre obligatoire : reminder, notice, statement ou file\n"},
           {"--client Personne --type notice", "relance letter: --client: client « Personne » introuvable (numéro, code ou nom)\n"},
           {"--client 5 --type reminder --step 0", "relance letter: --step: numéro d'étape invalide « 0 » (1 = première étape du scénario)\n"},
           {"--client 5 --type reminder --step 9", "relance letter: --step: le scénario « Professionnels » a 6 étapes (étape 9 demandée)\n"},
           {"--client 7 --type notice", "relance letter: --client: aucune facture échue et impayée pour Pharmacie du Parc : pas de mise en demeure\n"},
           {"--client 5 --type notice --today 2026-13-01", "relance letter: --today: date impossible ou mal écrite « 2026-13-01 » (attendu AAAA-MM-JJ)\n"},
       }) {
    CAPTURE(b.args);
    const std::string today = b.args.find("--today") == std::string::npos ? " --today 2026-11-23" : "";
    r = cli("letter " + quote(kSample) + " " + b.args + today + " -o " + quote(none));
    CHECK(r.status != 0);
    CHECK(r.err == b.err);
    CHECK(r.out.empty());
    CHECK_FALSE(fs::exists(none));
  }
  r = cli("letter " + quote(kSample) + " --client 5 --type notice --today 2026-11-23");
  CHECK(r.status != 0);
  CHECK(r.err.find("relance letter: -o: ") == 0);
}

TEST_CASE("letters: relance letter over a hostile ledger file") {
  // Company and client names of 500 characters with ( ) \\ %, Arabic,
  // Hebrew, emoji, a bidi override and a bell character, an empty place.
  const std::string ledger = std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/letters/hostile-ledger.json";
  TempDir dir;
  for (const char* type : {"reminder", "notice", "statement", "file"}) {
    CAPTURE(type);
    const std::string out = dir.file(std::string(type) + ".pdf");
    const Run r = cli("letter " + quote(ledger) + " --client 5 --type " + type + " --today 2026-11-23 -o " + quote(out));
    INFO(r.err);
    REQUIRE(r.status == 0);
    check_qpdf(out);
    CHECK(pdf_info(out).a4);
    check_renders(out);
    const std::string text = flat(text_of(out, "-layout"));
    CHECK_HAS(text, "69002 Lyon");
  }
  // No place set and a company city that is Arabic text: "Le 23 novembre 2026" is not needed,
  // the city stands in; the mailto link encodes everything.
  const Run m = cli("mailto " + quote(ledger) + " --client 5 --today 2026-11-23");
  REQUIRE(m.status == 0);
  const Json j = json_of(m);
  const std::string url = j["url"], body = j["body"];
  CHECK(percent_decode(url.substr(url.find("&body=") + 6)) == replace_all(body, "\n", "\r\n"));
  CHECK(url.find(' ') == std::string::npos);
}

TEST_CASE("letters: relance mailto") {
  Run r = cli("mailto " + quote(kSample) + " --client 2 --today 2026-11-23");
  INFO(r.err);
  REQUIRE(r.status == 0);
  Json j = json_of(r);
  for (const char* key : {"url", "too_long", "advice", "recipient", "subject", "body", "warnings"}) CHECK(j.contains(key));
  const std::string url = j["url"], body = j["body"], subject = j["subject"];
  CHECK(j["recipient"] == "direction@hotel-celestins.fr");
  CHECK(starts_with(url, "mailto:direction@hotel-celestins.fr?subject="));
  const std::size_t s = url.find("?subject="), b = url.find("&body=");
  REQUIRE(b != std::string::npos);
  CHECK(percent_decode(url.substr(s + 9, b - s - 9)) == subject);
  CHECK(percent_decode(url.substr(b + 6)) == replace_all(body, "\n", "\r\n"));
  CHECK(body.find("Madame,\n\nMalgré notre relance par e-mail du 05/11/2026") == 0);
  CHECK(j["too_long"] == (url.size() > kSafeMailtoLength));

  // An explicit step (1-based): Relance 1.
  r = cli("mailto " + quote(kSample) + " --client 2 --step 2 --today 2026-11-23");
  REQUIRE(r.status == 0);
  CHECK(json_of(r)["subject"] == "Relance de paiement – F-2026-0036");

  // No e-mail: the letter route.
  r = cli("mailto " + quote(kSample) + " --client 11 --today 2026-11-23");
  CHECK(r.status != 0);
  CHECK(r.out.empty());
  CHECK(r.err.find("relance mailto: client.email: client sans adresse e-mail : envoyez la relance par courrier") == 0);
  CHECK(r.err.find("relance letter") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  r = cli("mailto " + quote(kSample) + " --client 'Nobody' --today 2026-11-23");
  CHECK(r.status != 0);
  CHECK(r.err.find("relance mailto: --client: ") == 0);
}
