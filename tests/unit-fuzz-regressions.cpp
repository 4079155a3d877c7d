// Inputs found by the fuzzers (fuzz/) or built from what they showed, kept
// so that a fixed bug stays fixed. Each lives in tests/fixtures/fuzz/<target>/
// and goes through the same function as its fuzz target, with the same
// first-byte conventions (csv, template). A file named "open-*" would be a
// bug reported but not fixed yet: the generic pass leaves it out.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/csv.h"
#include "core/dunning.h"
#include "core/penalties.h"
#include "core/pdf/document.h"
#include "core/rates.h"
#include "core/reports.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/templates.h"

using namespace relance;

namespace {

const std::filesystem::path kDir = std::filesystem::path(RELANCE_SOURCE_DIR) / "tests" / "fixtures" / "fuzz";

std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The fixtures of one target, sorted, without the open ones.
std::vector<std::filesystem::path> fixtures(const char* target) {
  std::vector<std::filesystem::path> out;
  const auto dir = kDir / target;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().rfind("open-", 0) != 0) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

const Date kToday = Date::from_ymd(2026, 3, 16);

// What fuzz_ledger checks, minus the fuzzer.
void check_ledger(const std::string& text) {
  LedgerLoad first = load_ledger(text, "fuzz.json");
  CHECK(first.ledger.has_value() == first.errors.empty());
  if (!first.ledger) {
    for (const Error& e : first.errors) CHECK(!e.what.empty());
    return;
  }
  const Ledger& l = *first.ledger;
  const std::string saved = ledger_to_json(l);
  Result<Ledger> back = ledger_from_json(saved, "saved.json");
  REQUIRE_MESSAGE(back.ok(), back.error().message());
  CHECK(*back == l);
  (void)compute_agenda(l, kToday);
  for (const Invoice& inv : l.invoices) {
    const Penalties p = invoice_penalties(l, inv, kToday);
    CHECK(p.total == p.interest + p.indemnity);
    CHECK(p.interest >= 0);
  }
  (void)aging_only(l, kToday);
  (void)report_json(build_report(l, kToday));
}

}  // namespace

TEST_CASE("fuzz fixtures: ledger files load cleanly or fail with errors, and the engines run on them") {
  for (const auto& f : fixtures("ledger")) {
    CAPTURE(f.filename().string());
    check_ledger(read_bytes(f));
  }
}

TEST_CASE("fuzz fixtures: journal commands parse cleanly or fail with an error") {
  for (const auto& f : fixtures("command")) {
    CAPTURE(f.filename().string());
    Result<Command> c = command_from_json(read_bytes(f), "journal");
    if (!c) {
      CHECK(!c.error().what.empty());
      continue;
    }
    const std::string written = command_to_json(*c);
    Result<Command> again = command_from_json(written, "journal");
    REQUIRE(again.ok());
    CHECK(command_to_json(*again) == written);
  }
}

TEST_CASE("fuzz fixtures: CSV files import or give errors, never both") {
  // First byte as in fuzz/fuzz_csv.cpp: bits 0-1 dialect, 2-3 encoding, 4-5 separator.
  for (const auto& f : fixtures("csv")) {
    CAPTURE(f.filename().string());
    const std::string bytes = read_bytes(f);
    if (bytes.empty()) continue;
    const auto sel = static_cast<unsigned char>(bytes[0]);
    CsvOptions o;
    if ((sel & 3) == 1) o.dialect = CsvDialect::french;
    if ((sel & 3) == 2) o.dialect = CsvDialect::plain;
    if (((sel >> 2) & 3) == 1) o.encoding = CsvEncoding::utf8;
    if (((sel >> 2) & 3) == 2) o.encoding = CsvEncoding::cp1252;
    const int sep = (sel >> 4) & 3;
    if (sep) o.separator = sep == 1 ? ';' : sep == 2 ? ',' : '\t';
    const CsvImportResult r = import_csv(make_empty_ledger(), std::string_view(bytes).substr(1), o, kToday);
    CHECK(r.batch.has_value() == r.errors.empty());
  }
}

TEST_CASE("fuzz fixtures: templates, rate files, dates and amounts, PDF text") {
  for (const auto& f : fixtures("template")) {
    CAPTURE(f.filename().string());
    const std::string t = read_bytes(f);
    const std::string_view text = t.empty() ? std::string_view() : std::string_view(t).substr(1);
    for (const TemplateIssue& i : find_template_issues(text)) CHECK((i.line >= 1 && i.column >= 1));
    (void)render_template(text, {{"client", "Dupont"}}, !t.empty() && (t[0] & 1));
  }
  for (const auto& f : fixtures("rates")) {
    CAPTURE(f.filename().string());
    Result<Jurisdiction> j = parse_jurisdiction(read_bytes(f), "rates.json");
    if (!j) continue;
    Result<Jurisdiction> back = parse_jurisdiction(jurisdiction_to_json(*j), "rates.json");
    REQUIRE(back.ok());
    CHECK(*back == *j);
  }
  for (const auto& f : fixtures("parse")) {
    CAPTURE(f.filename().string());
    const std::string s = read_bytes(f);
    if (auto d = parse_date(s)) CHECK(parse_date(to_iso(*d)) == d);
    for (AmountStyle st : {AmountStyle::plain, AmountStyle::french, AmountStyle::any})
      if (auto a = parse_amount(s, st).value) CHECK(parse_amount(format_decimal(*a), AmountStyle::plain).value == a);
    if (auto r = parse_rate(s)) CHECK(parse_rate(format_rate(*r)) == r);
  }
  for (const auto& f : fixtures("pdf")) {
    CAPTURE(f.filename().string());
    pdf::Document doc;
    doc.text(50, 50, read_bytes(f));
    const std::string out = doc.finish();
    CHECK(out.rfind("%PDF-", 0) == 0);
  }
}

// Found by probing what fuzz_ledger showed about the penalty arithmetic: a
// ledger file whose own rate table says 10 000 % + 10 000 points (each rate
// is accepted up to 10 000,99 %) and an invoice of 10 000 billion € (the
// kMaxCents limit) due in the year 1000. compute_penalties() added up one
// line per half-year in a signed 64-bit sum that overflowed: undefined
// behaviour (UBSan), and a negative interest without it. Sums of money now
// saturate at kMaxSum (core/money.h).
TEST_CASE("fuzz/ledger penalty-overflow.json: interest that cannot be represented saturates") {
  const std::string text = read_bytes(kDir / "ledger" / "penalty-overflow.json");
  Result<Ledger> l = ledger_from_json(text, "penalty-overflow.json");
  REQUIRE(l.ok());
  for (const Invoice& inv : l->invoices) {
    const Penalties p = invoice_penalties(*l, inv, kToday);
    CHECK(p.interest > 0);
    CHECK(p.interest <= kMaxSum);
    CHECK(p.total == p.interest + p.indemnity);
    for (const PenaltyLine& line : p.lines) CHECK(line.amount >= 0);
  }
  const Report r = build_report(*l, kToday);
  CHECK(r.penalties_claimable > 0);
  CHECK(r.penalties_claimable <= kMaxSum);
}
