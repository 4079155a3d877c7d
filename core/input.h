// What people type in forms, read the way they mean it: dates in the short
// forms French people write (with the reason when a date cannot be), amounts
// echoed back in French, and a search that finds an invoice by its amount
// however it is typed ("8720", "8 720", "8720,00", "8 720,00 €").
#pragma once
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/ledger.h"

namespace relance {

struct DateInput {
  Date date;          // ok() when read
  std::string error;  // French, when not: « le 31 février 2026 n'existe pas »
};
// "03/12/2026", "3/12/2026", "3/12/26" (20yy), "3/12" (the year of `today`),
// "3.12.2026", "3-12-2026", ISO "2026-12-03"; blanks around are ignored.
// An empty text is an error ("date manquante"); `today` is only used for the
// short form without a year.
DateInput parse_date_input(std::string_view text, Date today);

// "-500,00 €", "1 234,56 €": the French echo of an amount (format_eur, which
// puts a narrow no-break space between thousands).
std::string amount_fr(Cents c);

// Digits of an amount query, cents included, when the text reads as an
// amount: "8720" and "8 720" and "8720,00" and "8 720,00 €" and "8.720,00"
// all give 872000. Empty when the text has letters or is not a number.
std::optional<Cents> amount_query(std::string_view text);

// Whether a search text matches an invoice: its number (case and accents
// folded, spaces ignored), its client's name or code, or one of its amounts
// (TTC, HT, balance) when the text is an amount. Words of the text must all
// match (« dupont 8 720 »: the client Dupont and the amount).
bool invoice_matches(const Ledger& l, const Invoice& inv, std::string_view query);

}  // namespace relance
