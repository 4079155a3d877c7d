// Letters to a client, as data and as PDF: a reminder (the wording of a step
// of its chain), a formal notice (mise en demeure), a statement of account
// (relevé de compte) and the recovery file handed to a commissaire de justice
// or attached to a request for an injonction de payer. Also the e-mail draft
// (mailto:) of a step, which picks its step and invoices the same way.
//
// letter_content() gathers everything a letter says (blocks of text and
// tables) so that the app can preview it; letter_pdf() (core/letter_pdf.h)
// lays that out as an A4 page. The step a reminder or an e-mail is about
// comes from the dunning engine (current_step(), core/dunning.h).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger.h"
#include "core/links.h"
#include "core/result.h"

namespace relance {

enum class LetterType {
  reminder,       // the wording of a step of the client's chain, as a letter
  notice,         // mise en demeure, by registered letter
  statement,      // relevé de compte: open invoices, balance, recent payments
  recovery_file,  // evidence file for a commissaire de justice or an injonction de payer
};

struct LetterRequest {
  ClientId client = 0;
  LetterType type = LetterType::reminder;
  // Reminder (and e-mail draft): index of the chain step; -1 = the client's
  // step due today, else the last one taken, else the next one.
  int step = -1;
  // Empty: the invoices the step concerns, or the client's open invoices
  // (statement), or its overdue ones (other letters). Invoices under an open
  // dispute are left out of reminders and notices unless named here.
  std::vector<InvoiceId> invoices{};
  Date today;
  std::string registered_number{};  // LRAR number printed on a notice, optional
};

// A table as data; amounts already formatted in French.
struct LetterTable {
  std::vector<std::string> header{};
  std::vector<double> widths_mm{};   // per column; 0 shares what is left
  std::vector<bool> right{};         // right-aligned columns (amounts, days)
  std::vector<std::vector<std::string>> rows{};
  std::vector<std::string> total{};  // bold last row; none when empty

  bool operator==(const LetterTable&) const = default;
};

struct LetterBlock {
  enum class Kind {
    paragraph,  // justified text; '\n' breaks lines
    item,       // a line of a list ("- ..." in a template), indented
    heading,    // bold section title
    subheading, // bold, smaller: one invoice or one step in a section
    small,      // small grey text (notes, legal references)
    quote,      // a text kept exactly as it was sent (recovery file), indented
    table,
  };
  Kind kind = Kind::paragraph;
  std::string text{};
  LetterTable table{};

  bool operator==(const LetterBlock&) const = default;
};

struct LetterContent {
  LetterType type = LetterType::reminder;
  std::string title{};                   // document title (PDF metadata, previews)
  std::vector<std::string> sender{};     // first line: company name and legal form
  std::vector<std::string> recipient{};  // postal address lines, for the envelope window
  std::string place_date{};              // "Lyon, le 23 novembre 2026"
  std::vector<std::string> references{}; // "Réf. client : C042", beside the date
  std::string mention{};                 // "Lettre recommandée avec accusé de réception n° ..."
  std::string subject{};                 // after "Objet : "
  std::vector<LetterBlock> body{};
  std::vector<std::string> signature{};  // signatory, company
  std::string enclosures{};              // "P. J. : ..."
  std::string footer{};                  // company identifiers, on every page
  // What the letter is about: its invoices, and the step for a reminder.
  std::vector<InvoiceId> invoices{};
  std::string chain_id{};
  int step = -1;
  Channel channel = Channel::letter;  // how it is sent (letter or registered letter)
  std::vector<std::string> warnings{};  // French, each once

  bool operator==(const LetterContent&) const = default;
};

// Errors: unknown client ("client"), invoice not found or of another client
// ("invoices"), step out of the chain or without template ("step"), nothing
// to put in the letter ("invoices"), no date ("today").
Result<LetterContent> letter_content(const Ledger& l, const LetterRequest& request);

// Whether the letters' font can print `cp` (letter_content warns about text
// it cannot).
bool letter_font_covers(char32_t cp);

// A step's message as an e-mail draft for the client's mail app.
struct EmailDraft {
  std::string chain_id{};
  int step = -1;
  std::string step_name{};
  std::vector<InvoiceId> invoices{};
  std::string recipient{}, subject{}, body{};
  Link link{};  // mailto:, flagged when too long
  std::vector<std::string> warnings{};
};
// Uses request.client, step, invoices and today (step -1: the client's step
// due today, else its next one). Errors as letter_content(), and
// "client.email" (with the advice to send a letter) for a client without e-mail.
Result<EmailDraft> email_draft(const Ledger& l, const LetterRequest& request);

const char* to_string(LetterType t);           // "reminder", "notice", "statement", "file"
const char* label_fr(LetterType t);            // "Lettre de relance", ...
std::optional<LetterType> letter_type_from(std::string_view s);  // also "recovery_file"

}  // namespace relance
