// CFONB 120: the French business-account statement. Fixed 120-character
// records: 01 old balance, 04 movement, 05 complement of the movement before
// it, 07 new balance. Positions below count from 1 as the CFONB brochure
// does. Amounts are 14 characters whose last one carries the sign and the
// last digit ('{' 'A'..'I' for +0..+9, '}' 'J'..'R' for -0..-9), with the
// number of decimals in position 20.
#include "core/bank/parse_util.h"
#include "core/bank/statement.h"
#include "core/text.h"

namespace relance::bank {
namespace {

using namespace detail;

std::string_view field(std::string_view rec, std::size_t from, std::size_t len) {
  if (from - 1 >= rec.size()) return {};
  return rec.substr(from - 1, len);
}

// DDMMYY; years below 70 are 20xx.
std::optional<Date> cfonb_date(std::string_view s) {
  if (s.size() != 6 || s.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const int d = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[2] - '0') * 10 + (s[3] - '0');
  const int y = (s[4] - '0') * 10 + (s[5] - '0');
  const Date date = Date::from_ymd(y < 70 ? 2000 + y : 1900 + y, m, d);
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Cents> cfonb_amount(std::string_view s, char decimals_char) {
  if (s.size() != 14 || decimals_char < '0' || decimals_char > '9') return std::nullopt;
  const int decimals = decimals_char - '0';
  const char last = s[13];
  int digit = 0;
  bool negative = false;
  if (last == '{') digit = 0;
  else if (last >= 'A' && last <= 'I') digit = last - 'A' + 1;
  else if (last == '}') digit = 0, negative = true;
  else if (last >= 'J' && last <= 'R') digit = last - 'J' + 1, negative = true;
  else if (last >= '0' && last <= '9') digit = last - '0';
  else return std::nullopt;
  __int128 v = 0;
  for (std::size_t i = 0; i < 13; ++i) {
    const char c = s[i];
    if (c == ' ') continue;  // some banks pad with spaces
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  v = v * 10 + digit;
  // To cents: two decimals is the usual case.
  if (decimals < 2)
    for (int k = decimals; k < 2; ++k) v *= 10;
  else
    for (int k = 2; k < decimals; ++k) {
      if (v % 10 != 0) return std::nullopt;  // fractions of a cent
      v /= 10;
    }
  if (v > kMaxCents) return std::nullopt;
  const Cents c = static_cast<Cents>(v);
  return negative ? -c : c;
}

}  // namespace

Result<Statement> parse_cfonb(std::string_view bytes, std::string_view origin) {
  const std::string text = to_utf8(bytes);
  // Records one per line, or glued together in blocks of 120.
  std::vector<std::pair<std::string_view, int>> records;
  const std::string_view all(text);
  if (all.find('\n') == std::string_view::npos && all.find('\r') == std::string_view::npos && all.size() > 120) {
    for (std::size_t i = 0; i < all.size(); i += 120) records.emplace_back(all.substr(i, 120), static_cast<int>(i / 120 + 1));
  } else {
    int line = 0;
    for (std::string_view l : split_lines(all)) {
      ++line;
      if (!trim(l).empty()) records.emplace_back(l, line);
    }
  }
  Statement s;
  s.format = Format::cfonb;
  StatementLine* current = nullptr;
  for (const auto& [rec, line] : records) {
    const std::string_view code = field(rec, 1, 2);
    if (code != "01" && code != "04" && code != "05" && code != "07")
      return error_at(origin, line, "enregistrement CFONB 01, 04, 05 ou 07 attendu, trouvé " + shown(code));
    if (rec.size() < 104)
      return error_at(origin, line, "enregistrement CFONB trop court (" + std::to_string(rec.size()) +
                                        " caractères, 120 attendus)");
    if (code == "01" || code == "07") {
      current = nullptr;
      if (s.account.empty()) {
        const std::string bank(trim(field(rec, 3, 5))), branch(trim(field(rec, 12, 5))), account(trim(field(rec, 22, 11)));
        s.account = bank + " " + branch + " " + account;
        s.currency = std::string(trim(field(rec, 17, 3)));
      }
      continue;
    }
    if (code == "05") {
      if (!current) return error_at(origin, line, "complément 05 sans mouvement 04 avant lui");
      const std::string_view qualifier = field(rec, 46, 3);
      const std::string_view info = trim(field(rec, 49, 70));
      if (qualifier == "NPY" || qualifier == "NBE") {
        // The payer of a credit (NPY), the beneficiary of a debit (NBE).
        if ((qualifier == "NPY") == (current->amount >= 0) && current->payer.empty()) current->payer = squeeze(info);
      } else if (qualifier == "RCN" || qualifier == "REF") {
        append_text(current->reference, info);
      } else if (qualifier == "LIB" || qualifier == "LCC" || qualifier == "LC2") {
        append_text(current->label, info);
      }
      continue;
    }
    // 04: a movement.
    const std::string_view date_text = field(rec, 35, 6);
    const auto date = cfonb_date(date_text);
    if (!date)
      return error_at(origin, line, "date d'opération attendue en positions 35-40 (JJMMAA), trouvé " + shown(date_text));
    const std::string_view amount_text = field(rec, 91, 14);
    const auto amount = cfonb_amount(amount_text, field(rec, 20, 1).empty() ? '?' : field(rec, 20, 1)[0]);
    if (!amount)
      return error_at(origin, line,
                      "montant attendu en positions 91-104 (13 chiffres et un signe « { A-I } J-R »), trouvé " +
                          shown(amount_text));
    StatementLine l;
    l.date = *date;
    l.amount = *amount;
    l.label = squeeze(field(rec, 49, 31));
    l.reference = squeeze(field(rec, 105, 16));
    l.source_line = line;
    s.lines.push_back(std::move(l));
    current = &s.lines.back();
  }
  if (records.empty()) return Error{std::string(origin), "relevé CFONB vide (enregistrement 01 attendu)"};
  assign_line_ids(s);
  return s;
}

}  // namespace relance::bank
