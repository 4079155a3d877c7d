#include "core/numbering.h"

#include <cstdio>

namespace relance {
namespace {

struct Token {
  enum Kind { literal, year4, year2, month, counter } kind = literal;
  std::string text;  // literal text
  int width = 0;     // counter width
};

std::optional<std::vector<Token>> tokenize(std::string_view pattern, std::string* error) {
  std::vector<Token> out;
  int counters = 0;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') {
      if (out.empty() || out.back().kind != Token::literal) out.push_back({Token::literal, "", 0});
      out.back().text += pattern[i++];
      continue;
    }
    const std::size_t close = pattern.find('}', i);
    if (close == std::string_view::npos) {
      if (error) *error = "accolade « { » non fermée";
      return std::nullopt;
    }
    const std::string_view name = pattern.substr(i + 1, close - i - 1);
    if (name == "YYYY") out.push_back({Token::year4, "", 0});
    else if (name == "YY") out.push_back({Token::year2, "", 0});
    else if (name == "MM") out.push_back({Token::month, "", 0});
    else if (!name.empty() && name.find_first_not_of('N') == std::string_view::npos && name.size() <= 9) {
      out.push_back({Token::counter, "", static_cast<int>(name.size())});
      ++counters;
    } else {
      if (error) *error = "élément inconnu « {" + std::string(name) + "} » (connus : {YYYY}, {YY}, {MM}, {NNNN})";
      return std::nullopt;
    }
    i = close + 1;
  }
  if (counters != 1) {
    if (error) *error = counters == 0 ? "il manque le compteur {NNNN}" : "un seul compteur {NNNN} est permis";
    return std::nullopt;
  }
  return out;
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v % 100);
  return buf;
}

}  // namespace

Status check_number_pattern(std::string_view pattern) {
  std::string error;
  if (!tokenize(pattern, &error)) return Error{"modèle de numérotation", error};
  return Ok{};
}

std::string format_number(std::string_view pattern, Date date, int counter) {
  const auto tokens = tokenize(pattern, nullptr);
  if (!tokens) return {};
  std::string out;
  for (const Token& t : *tokens) {
    switch (t.kind) {
      case Token::literal: out += t.text; break;
      case Token::year4: out += std::to_string(date.year()); break;
      case Token::year2: out += two(date.year()); break;
      case Token::month: out += two(date.month()); break;
      case Token::counter: {
        std::string n = std::to_string(counter);
        if (static_cast<int>(n.size()) < t.width) n.insert(0, t.width - n.size(), '0');
        out += n;
        break;
      }
    }
  }
  return out;
}

std::optional<int> number_counter(std::string_view pattern, Date date, std::string_view number) {
  const auto tokens = tokenize(pattern, nullptr);
  if (!tokens) return std::nullopt;
  std::size_t i = 0;
  int counter = -1;
  for (std::size_t k = 0; k < tokens->size(); ++k) {
    const Token& t = (*tokens)[k];
    std::string expect;
    switch (t.kind) {
      case Token::literal: expect = t.text; break;
      case Token::year4: expect = std::to_string(date.year()); break;
      case Token::year2: expect = two(date.year()); break;
      case Token::month: expect = two(date.month()); break;
      case Token::counter: {
        // Digits up to the next literal (or the end).
        std::size_t j = i;
        while (j < number.size() && number[j] >= '0' && number[j] <= '9' && j - i < 9) ++j;
        if (j == i || j - i < static_cast<std::size_t>(t.width) ||
            (j - i > static_cast<std::size_t>(t.width) && number[i] == '0'))
          return std::nullopt;
        counter = std::stoi(std::string(number.substr(i, j - i)));
        i = j;
        continue;
      }
    }
    if (number.substr(i, expect.size()) != expect) return std::nullopt;
    i += expect.size();
  }
  if (i != number.size() || counter < 0) return std::nullopt;
  return counter;
}

NextNumber next_number(const Ledger& l, std::string_view pattern, Date date, InvoiceKind kind) {
  NextNumber out;
  int highest = 0;
  for (const Invoice& inv : l.invoices) {
    // Pro-forma numbers live on in the invoices issued from them.
    const std::string& number = kind == InvoiceKind::proforma && inv.kind != InvoiceKind::proforma ? inv.proforma_number
                                : inv.kind == kind                                                  ? inv.number
                                                                                                    : std::string();
    if (number.empty()) continue;
    const auto n = number_counter(pattern, date, number);
    if (!n) continue;
    if (*n > highest) highest = *n;
    if (inv.issue_date.ok() && (!out.latest_date.ok() || inv.issue_date > out.latest_date)) {
      out.latest_date = inv.issue_date;
      out.latest_number = number;
    }
  }
  out.counter = highest + 1;
  out.number = format_number(pattern, date, out.counter);
  return out;
}

}  // namespace relance
