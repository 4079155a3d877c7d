// JSON reading with places: every error names the JSON path ("$.invoices[3].due")
// and what was expected. Nothing here throws (the wasm build has no
// exceptions): parsing uses nlohmann's non-throwing entry points and every
// access checks the type first.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace relance {

// Insertion-ordered, so files read well ("format" and "version" first).
using Json = nlohmann::ordered_json;

// Parses JSON text. A syntax error says line and column; `origin` (a file
// name, "journal #12") starts the place.
Result<Json> parse_json(std::string_view text, std::string_view origin);
// Serializes without throwing: invalid UTF-8 in strings becomes U+FFFD.
std::string dump_json(const Json& j, int indent = -1);

// Collects errors while reading a document, each with its path.
class JsonReader {
 public:
  explicit JsonReader(std::string origin, std::size_t max_errors = 50)
      : origin_(std::move(origin)), max_errors_(max_errors) {}

  bool ok() const { return errors_.empty(); }
  const Errors& errors() const { return errors_; }
  // "fichier.json: $.invoices[3].due: ..." as one Error (the first), for callers that show one.
  Error first_error() const;
  void fail(const std::string& path, std::string what);

  // Checks that j is an object / array; records an error and returns false otherwise.
  bool expect_object(const Json& j, const std::string& path);
  bool expect_array(const Json& j, const std::string& path);
  // The member `key` of obj, or nullptr (with an error when required).
  const Json* member(const Json& obj, std::string_view key, const std::string& path, bool required);

  // Each reads obj[key] into out when present (leaving out untouched when
  // absent and not required) and records a typed error otherwise.
  void read(const Json& obj, std::string_view key, const std::string& path, std::string& out, bool required = false);
  void read(const Json& obj, std::string_view key, const std::string& path, bool& out, bool required = false);
  void read(const Json& obj, std::string_view key, const std::string& path, int& out, bool required = false,
            int min = INT32_MIN, int max = INT32_MAX);
  void read(const Json& obj, std::string_view key, const std::string& path, std::int64_t& out, bool required = false,
            std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  // ISO date string "2026-11-23"; absent or "" leaves a no-date Date.
  void read_date(const Json& obj, std::string_view key, const std::string& path, Date& out, bool required = false);
  // Decimal string "1234.56" (numbers are refused: a float cannot carry money exactly).
  void read_money(const Json& obj, std::string_view key, const std::string& path, Cents& out, bool required = false,
                  bool allow_negative = false);
  // Percent string "12.15".
  void read_rate(const Json& obj, std::string_view key, const std::string& path, BasisPoints& out,
                 bool required = false);

  static std::string key_path(const std::string& path, std::string_view key) { return path + "." + std::string(key); }
  static std::string index_path(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

 private:
  std::string origin_;
  std::size_t max_errors_;
  Errors errors_;
};

const char* json_type_fr(const Json& j);

}  // namespace relance
