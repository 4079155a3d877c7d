// What the Aujourd’hui screen remembers between frames: the agenda (cached by
// revision and day), each item's preview and call note, the actions recorded
// in this session (offered for undo), and the guided start.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/dunning.h"
#include "web/clients_state.h"
#include "web/forms.h"
#include "web/invoices_state.h"
#include "web/today_messages.h"

namespace relance {

struct TodayItemUi {
  bool preview = false;    // the message shown
  bool call_open = false;  // the call note being written
  int channel = 0;         // index in channels_for()
  std::string call_note;
  std::string error;        // why the last action did not go
  std::string advice;
  // The preview, prepared again when the ledger, the day or the channel change.
  std::uint64_t prepared_revision = UINT64_MAX;
  Channel prepared_channel = Channel::email;
  PreparedMessage prepared;
  // The text as the user will send it: the prepared one until edited.
  bool editing = false;  // the text box is open
  bool edited = false;   // subject or body changed: sent and recorded as typed
  Channel edited_channel = Channel::email;
  std::string subject, body;
  // Opened in the mail program, copied or downloaded: « Envoyé ? » is asked;
  // only « Oui » writes the history entry, « Pas encore » writes nothing.
  bool asking = false;
  PreparedMessage sent;  // what went out, exactly
  std::string caution;   // French: what to check (a long mailto: link)
  // A letter's PDF, made apart (platform::make_pdf_in_worker) and downloaded
  // when it arrives: the request waited for (0: none), whether it failed (the
  // banner says why). The history does not wait for it: « Oui » records the
  // letter all the same.
  int pdf_request = 0;
  bool pdf_failed = false;
};

struct DoneAction {
  HistoryId id = 0;
  std::string text;
  bool voided = false;
  std::string caution;  // French: what to check (a long mailto: link)
  std::string copy;     // the text to paste when the caution applies
};

struct TodayUi {
  std::uint64_t revision = UINT64_MAX;
  Date day;
  Agenda agenda;
  std::map<std::string, TodayItemUi> items;  // by item key
  std::map<std::string, std::string> titles;  // what each card's message is, by item key, for this agenda
  std::vector<DoneAction> done;
  // « Suivant »: after « Oui », the next card to do opens its message and
  // comes into view.
  bool advance = false;
  std::string next_key;  // the card opened by the last advance (for its note)
  std::string published;  // the reminder days last handed to the notification
  // Cards on screen only: each card's height as last drawn (< 0: not drawn
  // yet), per list (due, thanks, upcoming); the cards out of view are
  // skipped by that height. Kept by item key across agendas (an edit does
  // not move what is on screen), forgotten when the width changes.
  std::vector<float> heights[3];
  std::unordered_map<std::string, float> card_heights;
  float heights_width = 0;

  // Guided start ("Commencer avec mes données").
  bool guided = false;
  bool guide_skipped = false;
  Company company;
  bool company_loaded = false;
  forms::Errors company_error;
  // Its own client form and invoice draft (steps 2 and 3).
  ClientForm guide_client;
  InvoiceDraftForm guide_invoice;
};

}  // namespace relance
