#pragma once
// Compares scan_json with nlohmann's SAX parser on one text: both readers
// give their events to a recorder, which writes them down one per line (and
// may stop after a given number, to check that both stop at the same one).
// Used by tests/unit-json-scan.cpp and fuzz/fuzz_jsonscan.cpp.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/json_io.h"
#include "core/json_scan.h"

namespace relance::json_scan_check {

struct Recorder {
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  std::string log;
  long stop_after = -1;  // events accepted before the handler says stop; -1: never
  long events = 0;
  bool syntax_error = false;

  bool note(const std::string& e) {
    log += e;
    log += '\n';
    return stop_after < 0 || ++events <= stop_after;
  }
  bool null() { return note("null"); }
  bool boolean(bool v) { return note(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) { return note("i " + std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) { return note("u " + std::to_string(v)); }
  bool number_float(number_float_t v, const string_t& s) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return note("f " + std::to_string(bits) + " " + s);
  }
  bool string(string_t& v) {
    const bool go = note("s " + v);
    v = "moved";  // a handler may take the string: the reader must not rely on it afterwards
    return go;
  }
  bool binary(binary_t&) { return note("binary"); }
  bool start_object(std::size_t n) { return note("{ " + std::to_string(static_cast<long long>(n))); }
  bool key(string_t& k) {
    const bool go = note("k " + k);
    k = "moved";
    return go;
  }
  bool end_object() { return note("}"); }
  bool start_array(std::size_t n) { return note("[ " + std::to_string(static_cast<long long>(n))); }
  bool end_array() { return note("]"); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    syntax_error = true;
    return false;
  }
};

struct Outcome {
  bool same = true;
  std::string why;
  ScanResult scanned = ScanResult::fallback;
};

// The contract of scan_json: it accepts exactly what nlohmann accepts, with
// the same events, and stops where nlohmann stops.
inline Outcome compare(std::string_view text, long stop_after = -1) {
  Recorder fast, slow;
  fast.stop_after = slow.stop_after = stop_after;
  Outcome o;
  o.scanned = scan_json(text, fast);
  const bool parsed = Json::sax_parse(text.begin(), text.end(), &slow, nlohmann::detail::input_format_t::json,
                                      /*strict=*/true);
  const bool nlohmann_accepts = parsed && !slow.syntax_error;
  const bool nlohmann_stopped = !parsed && !slow.syntax_error;
  if (o.scanned == ScanResult::ok && !nlohmann_accepts) {
    o.same = false;
    o.why = nlohmann_stopped ? "scan_json read to the end, nlohmann's handler stopped" : "scan_json accepts, nlohmann does not";
  } else if (o.scanned == ScanResult::fallback && (nlohmann_accepts || nlohmann_stopped)) {
    o.same = false;
    o.why = "scan_json falls back on a text nlohmann reads";
  } else if (o.scanned == ScanResult::stopped && !nlohmann_stopped) {
    o.same = false;
    o.why = "scan_json's handler stopped, nlohmann's did not";
  } else if (o.scanned != ScanResult::fallback && fast.log != slow.log) {
    o.same = false;
    o.why = "different events:\nscan_json:\n" + fast.log + "nlohmann:\n" + slow.log;
  }
  return o;
}

}  // namespace relance::json_scan_check
