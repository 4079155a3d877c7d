// The day's reminders brought to the user: the .ics file of the planned
// reminder dates (RFC 5545 structure checked line by line) and the summary a
// notification shows.
#include <doctest/doctest.h>

#include <vector>

#include "builder.h"
#include "core/calendar.h"
#include "core/sample.h"
#include "core/text.h"

using namespace relance;
using relance::test::Builder;
using relance::test::d;

namespace {

// Physical lines, each of which must end with CRLF.
std::vector<std::string> crlf_lines(const std::string& ics, bool& all_crlf) {
  std::vector<std::string> out;
  all_crlf = true;
  std::size_t start = 0;
  while (start < ics.size()) {
    const std::size_t lf = ics.find('\n', start);
    if (lf == std::string::npos) {
      all_crlf = false;
      out.push_back(ics.substr(start));
      break;
    }
    if (lf == 0 || ics[lf - 1] != '\r') all_crlf = false;
    out.push_back(ics.substr(start, lf - start - (lf > 0 && ics[lf - 1] == '\r' ? 1 : 0)));
    start = lf + 1;
  }
  return out;
}

// Unfolds the physical lines into content lines.
std::vector<std::string> unfold(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const std::string& l : lines) {
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !out.empty()) out.back() += l.substr(1);
    else out.push_back(l);
  }
  return out;
}

void check_structure(const std::string& ics) {
  bool crlf = false;
  const auto lines = crlf_lines(ics, crlf);
  CHECK(crlf);
  CHECK(is_valid_utf8(ics));
  for (const std::string& l : lines) {
    CAPTURE(l);
    CHECK(l.size() <= 75);
    CHECK_FALSE(l.empty());
    // Folding never cuts a UTF-8 character: each physical line is valid UTF-8.
    CHECK(is_valid_utf8(l));
  }
  std::vector<std::string> stack;
  for (const std::string& l : unfold(lines)) {
    if (starts_with(l, "BEGIN:")) stack.push_back(l.substr(6));
    if (starts_with(l, "END:")) {
      REQUIRE_FALSE(stack.empty());
      CHECK(stack.back() == l.substr(4));
      stack.pop_back();
    }
  }
  CHECK(stack.empty());
  CHECK(starts_with(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
  CHECK(ends_with(ics, "END:VCALENDAR\r\n"));
}

std::vector<std::string> with_prefix(const std::string& ics, std::string_view prefix) {
  bool crlf = false;
  std::vector<std::string> out;
  for (const std::string& l : unfold(crlf_lines(ics, crlf)))
    if (starts_with(l, prefix)) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("ics pieces: escaping and folding at 75 octets") {
  CHECK(ics_escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne");
  CHECK(ics_fold("SUMMARY:court") == "SUMMARY:court\r\n");
  const std::string long_line = "DESCRIPTION:" + std::string(100, 'x');
  const std::string folded = ics_fold(long_line);
  CHECK(folded == "DESCRIPTION:" + std::string(63, 'x') + "\r\n " + std::string(37, 'x') + "\r\n");
  // A two-octet character at the limit goes to the next line whole.
  const std::string accents = "SUMMARY:" + std::string(66, 'a') + "é";
  CHECK(ics_fold(accents) == "SUMMARY:" + std::string(66, 'a') + "\r\n é\r\n");
}

TEST_CASE("ics of the planned reminders: one all-day event a day, clients and amounts") {
  Builder b;
  const ClientId dupont = b.client("Dupont, Fils & Cie");
  const ClientId martin = b.client("Martin SARL");
  b.invoice(dupont, "2026-047", 123456, "2026-10-01", "2026-10-31");    // late: due today
  b.invoice(martin, "F-2026-0002", 50000, "2026-11-10", "2026-11-30");  // pre-reminder on 27/11
  const std::string ics = reminders_ics(b.l, d("2026-11-21"), 14);
  check_structure(ics);
  CHECK(with_prefix(ics, "BEGIN:VEVENT").size() == 2);
  CHECK(with_prefix(ics, "DTSTART;VALUE=DATE:") == std::vector<std::string>{"DTSTART;VALUE=DATE:20261121", "DTSTART;VALUE=DATE:20261127"});
  CHECK(with_prefix(ics, "DTEND;VALUE=DATE:") == std::vector<std::string>{"DTEND;VALUE=DATE:20261122", "DTEND;VALUE=DATE:20261128"});
  CHECK(with_prefix(ics, "UID:") == std::vector<std::string>{"UID:relance-20261121@relance.app", "UID:relance-20261127@relance.app"});
  CHECK(with_prefix(ics, "DTSTAMP:")[0] == "DTSTAMP:20261121T000000Z");
  const auto summaries = with_prefix(ics, "SUMMARY:");
  REQUIRE(summaries.size() == 2);
  // The comma of the client's name is escaped.
  CHECK(summaries[0] == "SUMMARY:Relance e-mail : Dupont\\, Fils & Cie — 1\u202f234\\,56\u00a0€");
  const auto desc = with_prefix(ics, "DESCRIPTION:");
  REQUIRE(desc.size() == 2);
  CHECK(desc[0].find("- Dupont\\, Fils & Cie : 1\u202f234\\,56\u00a0€ (Relance 2 (E-mail) \\; 2026-047)") != std::string::npos);
  CHECK(desc[1].find("Martin SARL : 500\\,00\u00a0€ (Pré-relance (E-mail) \\; F-2026-0002)") != std::string::npos);
  // Same input, same bytes (nothing from the clock).
  CHECK(reminders_ics(b.l, d("2026-11-21"), 14) == ics);
  // A shorter window leaves the later day out.
  CHECK(with_prefix(reminders_ics(b.l, d("2026-11-21"), 3), "BEGIN:VEVENT").size() == 1);
}

TEST_CASE("ics from the sample ledger") {
  auto l = sample_ledger(kSampleToday);
  REQUIRE(l.ok());
  const std::string ics = reminders_ics(*l, kSampleToday, 28);
  check_structure(ics);
  const auto events = with_prefix(ics, "BEGIN:VEVENT");
  CHECK(events.size() >= 2);
  const auto summaries = with_prefix(ics, "SUMMARY:");
  CHECK(summaries[0].find("à faire") != std::string::npos);
}

TEST_CASE("notification summary of the day") {
  Builder b;
  const ClientId a = b.client("A");
  const ClientId c = b.client("C");
  CHECK(day_summary(b.l, d("2026-11-21")).text == "Aucune relance à faire aujourd'hui");
  b.invoice(a, "1", 123456, "2026-10-01", "2026-10-31");
  DaySummary s = day_summary(b.l, d("2026-11-21"));
  CHECK(s.count == 1);
  CHECK(s.text == "1 relance à faire aujourd'hui — 1\u202f234,56\u00a0€ en jeu");
  const ClientId e = b.client("E");
  b.invoice(c, "2", 60000, "2026-10-01", "2026-10-31");
  b.invoice(c, "3", 40000, "2026-09-01", "2026-10-01");  // the same step as "2": one letter for both
  b.invoice(c, "4", 10000, "2026-11-20", "2026-12-20");  // not due: not counted
  b.invoice(e, "5", 227744, "2026-10-01", "2026-10-31");
  s = day_summary(b.l, d("2026-11-21"));
  CHECK(s.count == 3);
  CHECK(s.clients == 3);
  CHECK(s.at_stake == 123456 + 60000 + 40000 + 227744);
  CHECK(s.text == "3 relances à faire aujourd'hui — 4\u202f512,00\u00a0€ en jeu");
}
