// Shared by the bank statement fuzz targets (fuzz_ofx, fuzz_camt,
// fuzz_cfonb, fuzz_bankcsv): what any statement read must satisfy, and what
// matching it against a small ledger and recording the sure matches must.
#pragma once
#include <set>

#include "core/bank/match.h"
#include "core/bank/statement.h"
#include "core/text.h"
#include "fuzz/fuzz_common.h"

namespace relance::fuzz {

inline void check_statement(const Result<bank::Statement>& r) {
  if (!r.ok()) {
    const std::string m = r.error().message();
    FUZZ_CHECK(!r.error().what.empty(), "an error says what");
    FUZZ_CHECK(m.find('\n') == std::string::npos && m.find('\r') == std::string::npos, "one line: " + m);
    FUZZ_CHECK(is_valid_utf8(m), "error in valid UTF-8");
    return;
  }
  const bank::Statement& s = *r;
  std::set<std::string> ids;
  for (const bank::StatementLine& l : s.lines) {
    FUZZ_CHECK(l.date.ok(), "every line has a date");
    FUZZ_CHECK(l.amount <= kMaxCents && l.amount >= -kMaxCents, "amount in range");
    FUZZ_CHECK(!l.bank_id.empty(), "every line has an id");
    FUZZ_CHECK(ids.insert(l.bank_id).second, "ids unique in a statement: " + l.bank_id);
    for (const std::string* t : {&l.label, &l.reference, &l.payer, &l.bank_id})
      FUZZ_CHECK(is_valid_utf8(*t), "text in valid UTF-8");
  }
  for (const std::string* t : {&s.account, &s.id, &s.currency, &s.preset}) FUZZ_CHECK(is_valid_utf8(*t), "valid UTF-8");

  // Matching, the JSON, and recording the sure matches: all or nothing, once.
  static const Ledger small = small_ledger();
  Ledger l = small;
  const bank::MatchResult m = bank::match_statement(l, s, today());
  FUZZ_CHECK(m.lines.size() == s.lines.size(), "one match per line");
  (void)dump_json(bank::match_json(l, s, m));
  const cmd::RecordPayments batch = bank::sure_payments(l, s, m, "fuzz");
  if (batch.payments.empty()) return;
  auto applied = relance::apply(l, Command{batch});
  FUZZ_CHECK(applied.ok(), "sure payments refused: " + applied.error().message());
  const bank::MatchResult again = bank::match_statement(l, s, today());
  for (std::size_t i = 0; i < s.lines.size(); ++i)
    if (m.lines[i].status == bank::LineStatus::matched && m.lines[i].proposals.front().confidence == bank::Confidence::sure)
      FUZZ_CHECK(again.lines[i].status == bank::LineStatus::known, "a recorded line is known");
  FUZZ_CHECK(bank::sure_payments(l, s, again, "fuzz").payments.empty(), "nothing recorded twice");
}

}  // namespace relance::fuzz
