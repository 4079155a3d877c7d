// scan_json, the fast JSON reader that feeds nlohmann's SAX handlers: it must
// accept exactly what nlohmann accepts, give the same events and stop where
// nlohmann stops; on anything else it hands the text back to nlohmann.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bench/generate.h"
#include "builder.h"
#include "core/json_scan_check.h"
#include "core/ledger_file.h"
#include "core/sample.h"

using namespace relance;
using namespace relance::test;
using json_scan_check::compare;

namespace {

// Every way of stopping: the handler says no at each event in turn.
void check_everywhere(const std::string& text) {
  const auto whole = compare(text);
  INFO("text: " << text);
  CHECK_MESSAGE(whole.same, whole.why);
  const long events = static_cast<long>(std::count(text.begin(), text.end(), '\n')) + 64;
  for (long k = 0; k < events && k < 200; ++k) {
    const auto o = compare(text, k);
    INFO("stopping after " << k << " events");
    CHECK_MESSAGE(o.same, o.why);
  }
}

}  // namespace

TEST_CASE("scan_json reads what nlohmann reads, event for event") {
  const std::vector<std::string> valid = {
      "0", "-0", "1", "-1", "1.5", "-0.0", "1e3", "1E+3", "2.5e-3", "123456789012345678",
      "9223372036854775807", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
      "18446744073709551616", "1e-400", "0.1", "3.141592653589793238462643383279",
      "true", "false", "null", "\"\"", "\"abc\"", "[]", "{}", " [ ] ", "\t\r\n{\n}\n",
      "[1,2,3]", "[[[]],[{}]]", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}",
      "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u0041\\u00e9\\u20AC\\ud83d\\ude00\\u0000x\"",
      "\"é à ç € 😀 \x7f\"", "\"a string longer than eight bytes, to go through the fast path of the scan\"",
      "\"eight b\\\"ytes and a quote\"", "\xEF\xBB\xBF[1]",
      "{\"\":\"\",\"k\":\"\"}", "{\"a\" : 1 , \"a\" : 2}",
      std::string("[1] \0 what a NUL byte ends", 27),  // nlohmann's lexer stops at a NUL byte
  };
  for (const auto& t : valid) {
    check_everywhere(t);
    CHECK_MESSAGE(compare(t).scanned == ScanResult::ok, t);
  }
}

TEST_CASE("scan_json hands what nlohmann refuses back to nlohmann") {
  const std::vector<std::string> invalid = {
      "", " ", "[", "]", "{", "}", "[1,]", "[,1]", "{\"a\"}", "{\"a\" 1}", "{\"a\":}", "{1:2}", "{\"a\":1,}",
      "01", "-", "-a", "1.", ".5", "1e", "1e+", "+1", "1x", "[1 2]", "tru", "truex", "nul", "nulll", "True",
      "\"abc", "\"a\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\ud800\\u0041\"", "\"\\udc00\"",
      "\"\x01\"", "\"tab\there\"", "\"\xC0\x80\"", "\"\xC3\"", "\"\xE0\x80\x80\"", "\"\xED\xA0\x80\"",
      "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\x80\"", "\"\xFF\"", "1e400", "-1e400",
      "[1]]", "[1] [2]", "{}x", std::string("[\0]", 3), "\xEF\xBB[1]", "\xEF\xBB\xBF", "/* c */ 1",
  };
  for (const auto& t : invalid) {
    check_everywhere(t);
    CHECK_MESSAGE(compare(t).scanned == ScanResult::fallback, t);
  }
}

TEST_CASE("scan_json reads the ledger files Relance writes, with nothing handed back") {
  std::vector<std::string> files = {ledger_to_json(full_ledger()), ledger_to_json(full_ledger(), 0),
                                    ledger_to_json(sample_ledger(Date::from_ymd(2026, 3, 16)).value())};
  bench::GenOptions o;
  o.invoices = 2000;
  o.seed = 7;
  files.push_back(ledger_to_json(bench::generate_ledger(o)));
  for (const auto& f : files) {
    const auto whole = compare(f);
    CHECK_MESSAGE(whole.same, whole.why);
    CHECK(whole.scanned == ScanResult::ok);
    for (long k : {0L, 1L, 2L, 10L, 1000L, 5000L}) CHECK(compare(f, k).same);
  }
}
