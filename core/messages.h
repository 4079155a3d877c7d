// Messages to clients: the values a template's placeholders take for a client
// and some of its invoices on a given day, the rendered message (recipient,
// subject, body, warnings), which template a step or a thank-you uses, and
// how many SMS a text costs.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger.h"
#include "core/templates.h"

namespace relance {

// The value of every placeholder of placeholders(), French-formatted: amounts
// "1 234,56 €" (format_eur), dates "23/11/2026", rates "12,15 %".
//   {contact}     the client's contact person, else the client's name.
//   {salutation}  "Madame" or "Monsieur" when the contact (for a consumer
//                 without contact: the name) starts with Mme/Madame/Mlle or
//                 M./Monsieur, else (couples "M. et Mme ..." included)
//                 "Madame, Monsieur": always safe after a
//                 greeting and in "Veuillez agréer, {salutation}, ...".
//   {invoices}    one line per invoice, oldest due date first:
//                 "- Facture F-2026-0001 du 05/10/2026, échue le 04/11/2026 : 1 234,56 € TTC"
//                 plus ", reste dû 734,56 €" when part of it was paid or
//                 credited ("échéance le" while the due date is still ahead).
//   {invoices_detail}  the same lines, then for each late invoice the
//                 penalties (or legal interest) and the indemnity owed today.
//   {penalties}, {indemnity}  sums of invoice_penalties(...) over the
//                 invoices (.interest, .indemnity; 0 for consumers).
//   {total_due}   balance + penalties + indemnity.
//   {days_late}   the largest, 0 before the due date.
//   {previous_steps}  the reminders recorded for these invoices (not voided,
//                 dated up to today, without the step being rendered):
//                 "relance par e-mail du 10/11/2026 ; appel du 20/11/2026",
//                 or "aucune".
//   {previous_count}  how many of those steps (the template sections
//                 {#if first} / reminded / once / several read it);
//                 {last_reminder_date} the latest one's date, {notice_date}
//                 the formal notice's (empty when none).
//   {penalty_rate}  the invoices' contractual rate when they all have the
//                 same one, else the B2B rate of today's half-year; for a
//                 consumer, the legal interest rate (what they owe instead).
//   {promised_date} the latest broken promise (broken_promise()) of the invoices.
// `chain` and `step` name the step being prepared (may be null / -1): an
// entry already recorded for that step is not listed in {previous_steps}.
TemplateValues message_values(const Ledger& l, const Client& client, const std::vector<InvoiceId>& invoices,
                              Date today, const Chain* chain, int step);

// The reminders recorded for these invoices as message_values lists and
// counts them ({previous_steps}, {previous_count}, {last_reminder_date},
// {notice_date}), without the rest of the values (penalties, addresses).
struct PreviousSteps {
  std::string steps;  // "relance par e-mail du 10/11/2026 ; ...", empty when none
  int count = 0;
  Date last, notice;
};
PreviousSteps previous_steps(const Ledger& l, const std::vector<InvoiceId>& invoices, Date today, const Chain* chain,
                             int step);
// The invoices of `ids` the ledger has, each once, in the order given: those
// a message is about (ids no longer in the ledger are left out).
std::vector<const Invoice*> found_invoices(const Ledger& l, const std::vector<InvoiceId>& ids);

// Things to look at before sending about these invoices (French, each once):
// an invoice already paid, cancelled or in dispute, reminders paused, rates
// carried forward or unverified in the penalty computation.
std::vector<std::string> message_checks(const Ledger& l, const std::vector<InvoiceId>& invoices, Date today);

// The built-in wording is French law's: for a public buyer or a client under
// another law pack, its references ("articles L441-10 et D441-5 du Code de
// commerce", "article 1344-1 du Code civil"), the €40 indemnity and the euro
// sign are replaced by the pack's (Code de la commande publique, BGB, Late
// Payment Act...). Unchanged for a French private client.
std::string law_wording(const Ledger& l, const Client& client, std::string text);

struct Message {
  Channel channel = Channel::email;
  std::string recipient;  // e-mail (email), phone (sms, phone), postal address on one line (letters)
  std::string subject;    // empty for SMS and calls
  std::string body;
  std::vector<std::string> warnings;  // French
};

// Renders a template with the values. Lines left with nothing but empty
// placeholders are dropped. For SMS the text is made GSM-friendly: narrow and
// ordinary no-break spaces become spaces, typographic quotes and apostrophes
// become ' and ", dashes '-', so that "1 234,56 €" costs no UCS-2 switch.
// Warnings: no e-mail / phone / postal address for the channel, placeholders
// that came out empty, an SMS that needs UCS-2 or several messages.
Message render_message(const Ledger& l, const Template& t, const TemplateValues& values, const Client& client);

// The template of a chain's step; null when the step or template is missing.
const Template* template_for_step(const Ledger& l, const Chain& chain, int step);
// The "<id>_sms" template, if the ledger has one (null otherwise, and for a
// template that is already an SMS).
const Template* sms_variant(const Ledger& l, const Template& t);
// "thanks_b2b" or "thanks_b2c".
const Template* thanks_template(const Ledger& l, ClientKind kind);
// "promise_broken_b2b" or "promise_broken_b2c".
const Template* promise_broken_template(const Ledger& l, ClientKind kind);

// ---------------------------------------------------------------- [sms]
// Length of a text sent as SMS. GSM 03.38 (7-bit) when every character is in
// the basic set (1 unit) or its extension table (^ { } \ [ ~ ] | €: 2 units);
// otherwise UCS-2, counted in UTF-16 units (an emoji takes 2). One SMS holds
// 160 GSM units or 70 UCS-2 units; a concatenated one 153 or 67 per segment,
// and an escape pair or a surrogate pair is never split across segments.
struct SmsInfo {
  bool gsm7 = true;
  int units = 0;
  int segments = 0;  // 0 for an empty text
  int limit_single = 160;
  bool fits_single = true;
  char32_t first_non_gsm = 0;  // the character that forced UCS-2, if any
};
SmsInfo sms_info(std::string_view utf8);
// The text with the typographic characters that force UCS-2 in French text
// replaced: U+00A0, U+202F, U+2009 → space; ’ ‘ → '; “ ” « » → "; – — → -; … → ...
std::string sms_friendly(std::string_view utf8);

}  // namespace relance
