// Which invoices each credit of a bank statement pays. Pure: a ledger, a
// statement and today's date in, proposals out; nothing is recorded here
// (payments_for() builds the cmd::RecordPayments the caller applies).
//
// For each credit line, proposals from strongest to weakest:
//   1. sure:     invoice numbers found in the label or reference (tolerant to
//                spaces, dashes, case and leading zeros: « F2026 36 »,
//                « FACT F-2026-0036 », and, for numbers of the user's pattern,
//                their digits alone) whose balances add up to the amount;
//   2. likely:   one of several numbers found whose balance is the amount; a
//                number found and more paid than owed (the surplus shown);
//                the exact balance of one open invoice of a client whose name
//                matches the payer (accents, case, punctuation, « & » = « et »
//                and legal forms such as SARL, SAS, EURL ignored);
//   3. possible: the exact sum of two or three open invoices of that client;
//   4. possible: a number found and less paid than owed (a partial payment).
// Two proposals equally strong make the line ambiguous: it is never applied
// without the user. A line whose bank id is already on a recorded payment is
// known; debits are listed, never matched. Only invoices issued on or before
// the line's date are candidates.
//
// Cost: the ledger is indexed once (invoice numbers by normalized key,
// clients by their most distinctive name word, open invoices per client);
// each line then costs a few hash lookups, never a scan of the invoices.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/bank/statement.h"
#include "core/commands.h"
#include "core/json_io.h"
#include "core/ledger.h"

namespace relance::bank {

enum class Confidence { sure, likely, possible };
enum class LineStatus { matched, ambiguous, unmatched, debit, known };

struct Proposal {
  std::vector<InvoiceId> invoices;  // oldest due first
  Cents amount = 0;                 // what the line pays
  Confidence confidence = Confidence::possible;
  int rank = 4;          // 1 strongest .. 4 weakest (see above)
  Cents surplus = 0;     // paid above the balances (recorded on the last invoice)
  bool thanks = false;   // pays reminded invoices and the client owes nothing else overdue
  std::string why;       // French, for the user
};

struct LineMatch {
  LineStatus status = LineStatus::unmatched;
  std::vector<Proposal> proposals;  // strongest first
};

struct MatchResult {
  std::vector<LineMatch> lines;  // parallel to Statement::lines
};

const char* to_string(Confidence c);
const char* to_string(LineStatus s);

// Lower-case words of a name with accents, punctuation, « & » (as « et »),
// legal forms (SARL, SAS, SASU, EURL, SA, EI...) and civilities removed:
// "Dupont & Fils SARL" → "dupont et fils".
std::string normalize_name(std::string_view name);
// The key an invoice number is looked up by in a label: letters upper-case,
// separators removed, each run of digits without its leading zeros:
// "F-2026-0036", "f2026 36" → "F202636".
std::string number_key(std::string_view number);

class Matcher {
 public:
  Matcher(const Ledger& l, Date today);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  MatchResult match(const Statement& s) const;

 private:
  struct Index;
  const Ledger& l_;
  Date today_;
  Index* ix_;
};

// The one-shot form.
MatchResult match_statement(const Ledger& l, const Statement& s, Date today);

// The payments one proposal makes (method transfer, the line's reference and
// bank id, `statement` naming where it came from): each invoice gets its
// balance, the last one the rest.
std::vector<cmd::RecordPayment> payments_for(const Ledger& l, const StatementLine& line, const Proposal& p,
                                             std::string_view statement);
// Every sure proposal of a matched line, as one command.
cmd::RecordPayments sure_payments(const Ledger& l, const Statement& s, const MatchResult& m, std::string_view statement);

// What `relance match` prints: {"format", "account", "lines": [{"date",
// "amount", "label", "ref", "bank_id", "status", "proposals": [{"invoices",
// "amount", "confidence"[, "surplus"][, "thanks"]}]}]}; amounts as decimal
// strings, credits positive.
Json match_json(const Ledger& l, const Statement& s, const MatchResult& m);

}  // namespace relance::bank
