#include "core/input.h"

#include <optional>
#include <vector>

#include "core/money.h"
#include "core/text.h"

namespace relance {

namespace {

constexpr const char* kMonths[] = {"janvier", "février", "mars",      "avril",   "mai",      "juin",
                                   "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

DateInput parse_date_input(std::string_view raw, Date today) {
  DateInput out;
  const std::string_view text = trim(raw);
  if (text.empty()) {
    out.error = "date manquante (exemple : 03/12/2026)";
    return out;
  }
  if (auto iso = parse_iso_date(text)) {
    out.date = *iso;
    return out;
  }
  const std::string shown = utf8_truncate(text, 30);
  // Split on one kind of separator.
  char sep = 0;
  for (char c : text)
    if (c == '/' || c == '.' || c == '-') {
      sep = c;
      break;
    }
  std::vector<std::string_view> parts;
  if (sep) {
    std::size_t start = 0;
    while (true) {
      const std::size_t at = text.find(sep, start);
      parts.push_back(trim(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start)));
      if (at == std::string_view::npos) break;
      start = at + 1;
    }
  }
  const bool shape = (parts.size() == 2 || parts.size() == 3) && all_digits(parts[0]) && all_digits(parts[1]) &&
                     parts[0].size() <= 2 && parts[1].size() <= 2 &&
                     (parts.size() == 2 || (all_digits(parts[2]) && (parts[2].size() == 2 || parts[2].size() == 4)));
  if (!shape) {
    out.error = "« " + shown + " » n'est pas une date : écrivez jj/mm/aaaa (03/12/2026), jj/mm/aa ou jj/mm";
    return out;
  }
  const int day = to_int(parts[0]), month = to_int(parts[1]);
  int year;
  if (parts.size() == 2) {
    if (!today.ok()) {
      out.error = "« " + shown + " » : précisez l'année (jj/mm/aaaa)";
      return out;
    }
    year = today.year();
  } else {
    year = to_int(parts[2]);
    if (parts[2].size() == 2) year += 2000;
  }
  if (month < 1 || month > 12) {
    out.error = "« " + shown + " » : le mois " + std::to_string(month) + " n'existe pas (1 à 12)";
    return out;
  }
  if (year < 1000 || year > 9999) {
    out.error = "« " + shown + " » : année " + std::to_string(year) + " hors de l'intervalle accepté";
    return out;
  }
  if (day < 1 || day > days_in_month(year, month)) {
    const std::string m = kMonths[month - 1];
    if (day == 29 && month == 2)
      out.error = "le 29 février " + std::to_string(year) + " n'existe pas (" + std::to_string(year) +
                  " n'est pas bissextile)";
    else if (day < 1)
      out.error = "« " + shown + " » : le jour 0 n'existe pas";
    else
      out.error = "le " + std::to_string(day) + " " + m + " n'existe pas (" + m + " " + std::to_string(year) +
                  " a " + std::to_string(days_in_month(year, month)) + " jours)";
    return out;
  }
  out.date = Date::from_ymd(year, month, day);
  return out;
}

std::string amount_fr(Cents c) { return format_eur(c); }

std::optional<Cents> amount_query(std::string_view raw) {
  std::string_view text = trim(raw);
  if (text.empty()) return std::nullopt;
  // At least one digit and nothing but what an amount is written with.
  bool digit = false;
  for (char c : text)
    if (c >= '0' && c <= '9') digit = true;
  if (!digit) return std::nullopt;
  const AmountParse p = parse_amount(text, AmountStyle::any);
  if (p.value) return p.value;
  // "8.720" (a thousands dot, no decimals) reads as 8720 in French.
  const AmountParse f = parse_amount(text, AmountStyle::french);
  if (f.value) return f.value;
  return std::nullopt;
}

namespace {

std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : fold(s))
    if (c != ' ') out += c;
  return out;
}

bool contains(const std::string& hay, const std::string& needle) {
  return !needle.empty() && hay.find(needle) != std::string::npos;
}

}  // namespace

bool invoice_matches(const Ledger& l, const Invoice& inv, std::string_view query_in) {
  const std::string_view query = trim(query_in);
  if (query.empty()) return true;
  const Client* client = find_client(l, inv.client);
  const std::string number = squeeze(inv.number + " " + inv.proforma_number);
  const std::string name = client ? fold(client->name) + " " + fold(client->code) : std::string();
  const Cents left = balance(l, inv);
  auto amount_hit = [&](Cents c) { return c == inv.ttc || c == inv.ht || c == left; };

  // The whole text first: "8 720,00 €" is one amount, "F-2026 0001" one number.
  if (auto c = amount_query(query); c && amount_hit(*c)) return true;
  if (contains(number, squeeze(query))) return true;
  if (contains(name, fold(query))) return true;

  // Otherwise word by word; digits that follow each other ("8 720") are joined
  // into one amount first.
  std::vector<std::string> words;
  {
    std::string cur;
    for (char c : std::string(query)) {
      if (c == ' ' || c == '\t') {
        if (!cur.empty()) words.push_back(cur), cur.clear();
      } else {
        cur += c;
      }
    }
    if (!cur.empty()) words.push_back(cur);
  }
  std::vector<std::string> merged;
  for (const std::string& w : words) {
    const bool numeric = amount_query(w).has_value() && w.find_first_of("0123456789") != std::string::npos;
    if (numeric && !merged.empty() && amount_query(merged.back()) && merged.back().find(',') == std::string::npos &&
        w.size() >= 3 && all_digits(std::string_view(w).substr(0, 3)))
      merged.back() += " " + w;
    else
      merged.push_back(w);
  }
  if (merged.empty()) return false;
  for (const std::string& w : merged) {
    if (w == "€" || fold(w) == "eur") continue;
    const auto c = amount_query(w);
    const bool hit = (c && amount_hit(*c)) || contains(number, squeeze(w)) || contains(name, fold(w));
    if (!hit) return false;
  }
  return true;
}

}  // namespace relance
