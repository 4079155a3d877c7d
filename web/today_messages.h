// The message for an agenda item, prepared the way the user will send it: an
// e-mail (mailto: link), an SMS (sms: link), a letter (PDF) or a call (the
// call note, prefilled). Pure logic over the core, tested natively; the
// Aujourd’hui screen previews it, opens it from the click and records it.
#pragma once
#include <string>
#include <vector>

#include "core/dunning.h"
#include <optional>

#include "core/letters.h"

namespace relance {

struct PreparedMessage {
  Channel channel = Channel::email;  // how it goes out (may differ from the step's channel)
  std::string recipient;             // e-mail, phone number or postal address on one line
  std::string subject;
  std::string body;                  // the exact text: what the history keeps
  std::string url;                   // mailto:/sms: link (e-mail, SMS); tel: for calls
  bool too_long = false;             // mailto: link over the safe length
  std::string advice;                // French: what to do instead, or a caution
  std::string error;                 // French: why it cannot go this way (no e-mail...)
  std::vector<std::string> warnings; // French, each once
  // The body as the user edits it in the preview (a letter's paragraphs and
  // lists: letter_body_text; else the body itself).
  std::string edit_body;
  bool edited = false;               // subject or body changed by the user
  // Letters: the request (to lay the letter out again), what its PDF says
  // (made apart: platform::make_pdf_in_worker), the PDF's file name.
  LetterRequest letter;
  std::optional<LetterContent> pdf_letter;
  std::string file_name;
  bool ok() const { return error.empty(); }
};

// The channels an item can go by, the step's own first (e-mail steps can go
// by SMS when an SMS version exists, any written step by letter).
std::vector<Channel> channels_for(const Ledger& l, const AgendaItem& item);

// Prepares the item's message for `channel`. A letter's content for its PDF
// (`pdf_letter`) only when `with_pdf` (the preview needs the text alone).
PreparedMessage prepare_message(const Ledger& l, const AgendaItem& item, Channel channel, Date today,
                                bool with_pdf = false);

// The message with the subject and body the user edited before sending: the
// e-mail or SMS link rebuilt from them, a letter laid out again from them
// (its content for the PDF when `with_pdf`), and `body`, what the history keeps, set to the
// edited text. Unchanged text gives the message back as it was prepared.
PreparedMessage with_edits(const Ledger& l, PreparedMessage m, std::string_view subject, std::string_view body,
                           bool with_pdf);

// A letter's text as plain lines (subject, paragraphs, tables), for the
// preview and for the history.
std::string letter_text(const LetterContent& c);

// "relance-hotel-des-celestins-2026-11-23.pdf"
std::string pdf_file_name(std::string_view prefix, std::string_view client_name, Date today);

// The verb of the main button for a channel: "Écrire l’e-mail", "Envoyer le SMS"...
const char* action_label(Channel channel, bool thanks);

}  // namespace relance
