#include "core/bank/statement.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <unordered_map>

#include "core/bank/parse_util.h"
#include "core/text.h"

namespace relance::bank {
namespace detail {

std::string to_utf8(std::string_view bytes, bool force_cp1252) {
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF && static_cast<unsigned char>(bytes[1]) == 0xBB &&
      static_cast<unsigned char>(bytes[2]) == 0xBF)
    bytes.remove_prefix(3);
  if (!force_cp1252 && is_valid_utf8(bytes)) return std::string(bytes);
  return cp1252_to_utf8(bytes);
}

std::optional<Cents> parse_decimal(std::string_view s) {
  s = trim(s);
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  Cents units = 0;
  std::size_t i = 0;
  bool digits = false;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    units = units * 10 + (s[i] - '0');
    digits = true;
    if (units > kMaxCents / 100) return std::nullopt;
  }
  Cents frac = 0;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    ++i;
    int n = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n) {
      digits = true;
      if (n < 2) frac = frac * 10 + (s[i] - '0');
      else if (s[i] != '0') return std::nullopt;
    }
    if (n == 1) frac *= 10;
  }
  if (i != s.size() || !digits) return std::nullopt;
  const Cents v = units * 100 + frac;
  return negative ? -v : v;
}

int line_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

std::string shown(std::string_view s) { return "« " + squeeze(utf8_truncate(sanitize_text(s), 40)) + " »"; }

std::string squeeze(std::string_view text) {
  // Valid UTF-8 without control characters first: fixed-width records and
  // byte offsets may cut a character in two.
  const std::string s = sanitize_text(text);
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

void append_text(std::string& to, std::string_view more) {
  const std::string m = squeeze(more);
  if (m.empty() || to.find(m) != std::string::npos) return;
  if (!to.empty()) to += ' ';
  to += m;
}

Error error_at(std::string_view origin, int line, std::string what) {
  return Error{std::string(origin) + ", ligne " + std::to_string(line), std::move(what)};
}

}  // namespace detail

const char* to_string(Format f) {
  switch (f) {
    case Format::ofx: return "ofx";
    case Format::camt053: return "camt053";
    case Format::camt054: return "camt054";
    case Format::cfonb: return "cfonb";
    case Format::csv: return "csv";
  }
  return "csv";
}

std::optional<Format> format_from(std::string_view s) {
  if (s == "ofx") return Format::ofx;
  if (s == "camt053" || s == "camt" || s == "camt.053") return Format::camt053;
  if (s == "camt054" || s == "camt.054") return Format::camt054;
  if (s == "cfonb" || s == "cfonb120") return Format::cfonb;
  if (s == "csv") return Format::csv;
  return std::nullopt;
}

namespace {

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) ==
                                    std::tolower(static_cast<unsigned char>(needle[k])))
      ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

}  // namespace

std::optional<Format> detect_format(std::string_view bytes) {
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xEF && static_cast<unsigned char>(bytes[1]) == 0xBB)
    bytes.remove_prefix(3);
  std::size_t start = 0;
  while (start < bytes.size() && (bytes[start] == ' ' || bytes[start] == '\t' || bytes[start] == '\r' || bytes[start] == '\n'))
    ++start;
  const std::string_view head = bytes.substr(start, 4096);
  if (head.empty()) return std::nullopt;
  if (starts_with(head, "OFXHEADER")) return Format::ofx;
  if (head[0] == '<') {
    if (contains_ci(head, "BkToCstmrDbtCdtNtfctn") || contains_ci(head, "camt.054")) return Format::camt054;
    if (contains_ci(head, "BkToCstmrStmt") || contains_ci(head, "camt.053") || contains_ci(head, "camt.052"))
      return Format::camt053;
    if (contains_ci(head, "<OFX")) return Format::ofx;
    return std::nullopt;
  }
  // CFONB 120: fixed records, the first one an old balance "01".
  const std::size_t eol = head.find_first_of("\r\n");
  const std::string_view first = head.substr(0, eol);
  auto digits = [](std::string_view s) { return s.find_first_not_of("0123456789") == std::string_view::npos; };
  if (first.size() >= 104 && starts_with(first, "01") && digits(first.substr(2, 5)) &&
      (eol != std::string_view::npos ? first.size() <= 130 : bytes.size() % 120 == 0))
    return Format::cfonb;
  if (first.find_first_of(";,\t") != std::string_view::npos) return Format::csv;
  if (head.find_first_of(";\t") != std::string_view::npos) return Format::csv;
  return std::nullopt;
}

Result<Statement> parse_statement(std::string_view bytes, std::string_view origin, const ParseOptions& opts) {
  std::optional<Format> f = opts.format;
  if (!f && opts.columns) f = Format::csv;
  if (!f) f = detect_format(bytes);
  if (!f)
    return Error{std::string(origin),
                 "format de relevé non reconnu (attendu OFX, camt.053, camt.054, CFONB 120 ou CSV bancaire)"};
  switch (*f) {
    case Format::ofx: return parse_ofx(bytes, origin);
    case Format::camt053:
    case Format::camt054: return parse_camt(bytes, origin);
    case Format::cfonb: return parse_cfonb(bytes, origin);
    case Format::csv: return parse_bank_csv(bytes, origin, opts.columns ? &*opts.columns : nullptr);
  }
  return Error{std::string(origin), "format inconnu"};
}

void assign_line_ids(Statement& s) {
  for (std::string* f : {&s.id, &s.account, &s.currency, &s.preset}) *f = detail::squeeze(utf8_truncate(*f, 200));
  for (StatementLine& line : s.lines) {
    line.label = detail::squeeze(utf8_truncate(line.label, 2000));
    line.reference = detail::squeeze(utf8_truncate(line.reference, 500));
    line.payer = detail::squeeze(utf8_truncate(line.payer, 500));
    line.bank_id = detail::squeeze(utf8_truncate(line.bank_id, 150));
  }
  std::unordered_map<std::string, int> seen_hash;
  std::unordered_map<std::string, int> seen_id;
  for (StatementLine& line : s.lines) {
    if (line.bank_id.empty()) {
      line.bank_id_from_bank = false;
      std::string key = s.account + '\x1f' + to_iso(line.date) + '\x1f' + std::to_string(line.amount) + '\x1f' +
                        detail::squeeze(line.label);
      const int rank = seen_hash[key]++;
      key += '\x1f' + std::to_string(rank);
      std::uint64_t h = 1469598103934665603ull;
      for (unsigned char c : key) {
        h ^= c;
        h *= 1099511628211ull;
      }
      static const char* hex = "0123456789abcdef";
      std::string id = "h:";
      for (int i = 15; i >= 0; --i) id += hex[(h >> (i * 4)) & 15];
      line.bank_id = std::move(id);
    } else {
      line.bank_id_from_bank = true;
      const int rank = seen_id[line.bank_id]++;
      if (rank > 0) line.bank_id += "#" + std::to_string(rank + 1);
    }
  }
}

}  // namespace relance::bank
