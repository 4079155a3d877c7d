// Daily use an artisan can trust: an invoice issued elsewhere keeps its own
// number everywhere; what is recorded is exactly what was sent (an edited
// letter's PDF is made from the edited text); a voided entry is kept; no
// thank-you while the same client owes another overdue invoice.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "builder.h"
#include "core/dunning.h"
#include "core/letter_edit.h"
#include "core/letter_pdf.h"
#include "core/letters.h"
#include "core/text.h"

using namespace relance;
using relance::test::Builder;
using relance::test::d;

namespace {

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

Invoice own(ClientId client, const char* number, Cents ttc) {
  Invoice inv;
  inv.number = number;
  inv.client = client;
  inv.state = Lifecycle::issued;
  inv.issue_date = d("2026-10-01");
  inv.due_date = d("2026-10-31");
  inv.ttc = ttc;
  inv.ht = ttc;
  return inv;
}

// pdftotext's reading of a PDF, spaces and line breaks made one space.
std::string pdf_words(const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / ("relance-daily-" + std::to_string(::getpid()) + ".pdf");
  std::ofstream(path, std::ios::binary) << bytes;
  FILE* p = popen(("pdftotext " + path.string() + " - 2>&1").c_str(), "r");
  REQUIRE(p != nullptr);
  std::string raw, out;
  std::array<char, 4096> buf{};
  std::size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) raw.append(buf.data(), got);
  pclose(p);
  std::filesystem::remove(path);
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\f') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

struct Shop {
  Builder b;
  ClientId client = 0;
  Shop() {
    Company co;
    co.name = "Atelier Lumière";
    co.address = {"14 rue de la Charité", "", "69002", "Lyon", ""};
    co.signatory = "Claire Vasseur";
    b.run(cmd::SetCompany{co});
    client = b.client("Dupont SARL");
  }
};

}  // namespace

TEST_CASE("an invoice issued elsewhere keeps its own number: unique, trimmed, quoted everywhere") {
  Shop s;
  const Applied a = s.b.run(cmd::AddInvoice{own(s.client, " 2026-047 ", 123456)});
  CHECK(a.number == "2026-047");
  const InvoiceId f = a.invoice;
  CHECK(find_invoice(s.b.l, f)->number == "2026-047");

  SUBCASE("the same number again, whatever the case or blanks: refused, naming the existing invoice") {
    for (const char* n : {"2026-047", "2026-047  ", "\t2026-047"}) {
      auto r = apply(s.b.l, cmd::AddInvoice{own(s.client, n, 5000)});
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().where == "invoice.number");
      CHECK(r.error().what ==
            "le numéro « 2026-047 » est déjà celui de la facture 2026-047 du 01/10/2026 (Dupont SARL, 1\u202f234,56\u00a0€) : "
            "chaque facture a son propre numéro");
    }
    s.b.run(cmd::AddInvoice{own(s.client, "fa-12", 5000)});
    CHECK_FALSE(apply(s.b.l, cmd::AddInvoice{own(s.client, "FA-12", 5000)}).ok());
    CHECK(s.b.l.invoices.size() == 2);  // nothing half-applied
  }
  SUBCASE("any format, and Relance's own numbering goes on beside it") {
    s.b.run(cmd::AddInvoice{own(s.client, "Facture n°47/B", 5000)});
    Invoice draft = own(s.client, "", 7000);
    draft.state = Lifecycle::draft;
    const InvoiceId id = s.b.run(cmd::AddInvoice{draft}).invoice;
    CHECK(s.b.run(cmd::IssueInvoice{id, d("2026-11-02"), Date()}).number == "F-2026-0001");
  }
  SUBCASE("a recorded number that the sequence comes to later: a clear refusal, not a duplicate") {
    Invoice credit = own(s.client, "F-2026-0001", 1000);
    credit.kind = InvoiceKind::credit_note;
    s.b.run(cmd::AddInvoice{credit});
    Invoice draft = own(s.client, "", 7000);
    draft.state = Lifecycle::draft;
    const InvoiceId id = s.b.run(cmd::AddInvoice{draft}).invoice;
    auto r = apply(s.b.l, cmd::IssueInvoice{id, d("2026-11-02"), Date()});
    REQUIRE_FALSE(r.ok());
    CHECK(has(r.error().what, "F-2026-0001 que donnerait la numérotation est déjà pris"));
    CHECK(find_invoice(s.b.l, id)->state == Lifecycle::draft);
  }
  SUBCASE("the number shows in the agenda, the e-mail and the letter") {
    const Agenda ag = compute_agenda(s.b.l, d("2026-11-21"));
    REQUIRE(ag.due.size() == 1);
    CHECK(ag.due[0].invoices[0].number == "2026-047");
    CHECK(has(dump_json(agenda_json(ag), -1), "\"2026-047\""));
    LetterRequest r;
    r.client = s.client;
    r.today = d("2026-11-21");
    auto mail = email_draft(s.b.l, r);
    REQUIRE(mail.ok());
    CHECK(has(mail->subject, "2026-047"));
    CHECK(has(mail->body, "- Facture 2026-047 du 01/10/2026"));
    auto pdf = letter_pdf(s.b.l, r);
    REQUIRE(pdf.ok());
    const std::string words = pdf_words(*pdf);
    CHECK(has(words, "2026-047"));
    CHECK_FALSE(has(words, "F-2026"));
  }
}

TEST_CASE("what is recorded is what was sent: an edited letter, its PDF and its history entry") {
  Shop s;
  const InvoiceId f = s.b.run(cmd::AddInvoice{own(s.client, "2026-047", 123456)}).invoice;
  LetterRequest r;
  r.client = s.client;
  r.today = d("2026-11-21");
  auto content = letter_content(s.b.l, r);
  REQUIRE(content.ok());
  const std::string shown = letter_body_text(*content);
  CHECK(has(shown, "Sauf erreur"));
  CHECK(has(shown, "- Facture 2026-047, Date : 01/10/2026, Échéance : 31/10/2026"));

  const std::string subject = "Facture 2026-047 : un oubli ?";
  const std::string body =
      "Madame, Monsieur,\n\nJe reviens vers vous au sujet de la facture 2026-047 (pose de luminaires), "
      "toujours impayée.\r\n\n- Facture 2026-047 : 1 234,56 €\n- Échue le 31/10/2026\n\nMerci de votre retour rapide.";
  const LetterContent edited = with_edited_text(*content, subject, body);
  CHECK(edited.subject == subject);
  REQUIRE(edited.body.size() == 5);
  CHECK(edited.body[0].text == "Madame, Monsieur,");
  CHECK(edited.body[1].text == "Je reviens vers vous au sujet de la facture 2026-047 (pose de luminaires), toujours impayée.");
  CHECK(edited.body[2].kind == LetterBlock::Kind::item);
  CHECK(edited.body[2].text == "Facture 2026-047 : 1 234,56 €");
  CHECK(edited.recipient == content->recipient);  // the letterhead and address stay
  CHECK(edited.signature == content->signature);

  auto pdf = edited_letter_pdf(s.b.l, r, subject, body);
  REQUIRE(pdf.ok());
  CHECK(*pdf == letter_pdf(edited));  // deterministic, from the edited text
  const std::string words = pdf_words(*pdf);
  CHECK(has(words, "un oubli ?"));
  CHECK(has(words, "pose de luminaires"));
  CHECK(has(words, "Merci de votre retour rapide."));
  CHECK_FALSE(has(words, "Sauf erreur"));
  CHECK_FALSE(edited_letter_pdf(s.b.l, r, subject, "  \n").ok());

  // The history keeps exactly that text; voiding keeps it, marked.
  HistoryEntry h;
  h.date = d("2026-11-21");
  h.client = s.client;
  h.invoices = {f};
  h.chain_id = "b2b";
  h.step = content->step;
  h.channel = Channel::letter;
  h.subject = subject;
  h.text = body;
  const HistoryId id = s.b.run(cmd::RecordAction{h}).history;
  const HistoryEntry& kept = s.b.l.history.back();
  CHECK(kept.subject == subject);
  CHECK(kept.text == body);
  CHECK(compute_agenda(s.b.l, d("2026-11-22")).due.empty());  // taken: the next step waits
  s.b.run(cmd::VoidAction{id, d("2026-11-22")});
  CHECK(s.b.l.history.back().voided);
  CHECK(s.b.l.history.back().text == body);
  // Void: the step is to be done again.
  const Agenda again = compute_agenda(s.b.l, d("2026-11-22"));
  REQUIRE(again.due.size() == 1);
  CHECK(again.due[0].step == content->step);
}

TEST_CASE("no thank-you while the same client still owes another overdue invoice") {
  Builder b;
  const ClientId c = b.client("Dupont SARL");
  const InvoiceId paid = b.invoice(c, "2026-040", 50000, "2026-09-01", "2026-10-01");
  const InvoiceId late = b.invoice(c, "2026-047", 123456, "2026-10-01", "2026-10-31");
  const InvoiceId later = b.invoice(c, "2026-060", 20000, "2026-11-15", "2026-12-15");
  b.remind(c, {paid}, "b2b", 1, "2026-10-06");
  b.pay(paid, "2026-11-18", 50000);
  Agenda a = compute_agenda(b.l, d("2026-11-21"));
  CHECK(a.thanks.empty());
  // Once the overdue one is paid too, the thank-you comes (an invoice not yet due does not hold it back).
  b.pay(late, "2026-11-20", 123456);
  a = compute_agenda(b.l, d("2026-11-21"));
  REQUIRE(a.thanks.size() == 1);
  CHECK(a.thanks[0].invoices[0].id == paid);
  (void)later;
}
