// The day's reminders brought to the user: an iCalendar file (RFC 5545) of
// the planned reminder dates of the next weeks, for the phone's calendar, and
// the one-line summary a notification shows.
#pragma once
#include <string>
#include <vector>

#include "core/dunning.h"
#include "core/ledger.h"

namespace relance {

// One all-day event per day with reminders planned, from `today` (steps
// already due are on today) to today + days - 1: the summary counts them with
// the amount at stake, the description lists each client, step and amount.
// UTF-8, CRLF line ends, lines folded at 75 octets (never inside a UTF-8
// character), text escaped (\\ \; \, \n). Deterministic: DTSTAMP is `today`
// at midnight UTC and UIDs come from the date, so re-importing the file
// updates the events instead of doubling them.
std::string reminders_ics(const Ledger& l, Date today, int days = 28);
// The same from an agenda already computed (its horizon should cover `days`).
std::string reminders_ics(const Agenda& agenda, Date today, int days);

// RFC 5545 pieces, exposed for tests and other exports.
std::string ics_escape(std::string_view text);
// Folds one content line (without its CRLF) into lines of at most 75 octets,
// each continuation starting with a space; returns them joined by CRLF, with
// a final CRLF.
std::string ics_fold(std::string_view line);

struct DaySummary {
  int count = 0;       // reminders to do today (steps due, calls included)
  int clients = 0;
  Cents at_stake = 0;  // balance of the invoices they concern
  std::string text;    // « 3 relances à faire aujourd'hui — 4 512,00 € en jeu », or « Aucune relance à faire aujourd'hui »
};
DaySummary day_summary(const Agenda& agenda);
DaySummary day_summary(const Ledger& l, Date today);

}  // namespace relance
