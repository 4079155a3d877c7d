// Bank CSV exports. The header row is found among the first lines (banks
// put the account and the period above it) and its columns recognised from
// the names the main French banks and neobanks use; any other file is read
// with the columns the caller gives (CsvColumns).
#include <array>
#include <cctype>

#include "core/bank/parse_util.h"
#include "core/bank/statement.h"
#include "core/text.h"

namespace relance::bank {
namespace {

using namespace detail;

// One record of RFC 4180 fields; returns false at the end of the text.
bool next_record(std::string_view t, std::size_t& pos, int& line, char sep, std::vector<std::string>& out, int& start) {
  out.clear();
  if (pos >= t.size()) return false;
  start = line;
  std::string cur;
  bool quoted = false;
  for (;;) {
    if (pos >= t.size()) {
      out.push_back(std::move(cur));
      return true;
    }
    const char c = t[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < t.size() && t[pos + 1] == '"') {
          cur += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        ++pos;
        continue;
      }
      if (c == '\n') ++line;
      cur += c;
      ++pos;
      continue;
    }
    if (c == '"' && trim(cur).empty()) {
      cur.clear();
      quoted = true;
      ++pos;
      continue;
    }
    if (c == sep) {
      out.push_back(std::move(cur));
      cur.clear();
      ++pos;
      continue;
    }
    if (c == '\r' || c == '\n') {
      pos += (c == '\r' && pos + 1 < t.size() && t[pos + 1] == '\n') ? 2 : 1;
      ++line;
      out.push_back(std::move(cur));
      return true;
    }
    cur += c;
    ++pos;
  }
}

enum class Role { none, date, value_date, amount, debit, credit, label, label2, reference, id, payer };

// Header names (folded: lower case, no accents, punctuation as spaces) as
// the web exports of French banks and neobanks write them, from their help
// pages and files users publish: Crédit Agricole, BNP Paribas, Société
// Générale, LCL, Caisse d'Épargne and Banque Populaire, La Banque Postale,
// Crédit Mutuel / CIC, Boursorama, Fortuneo, Qonto, Shine, N26, Revolut.
constexpr std::pair<const char*, Role> kRoles[] = {
    {"date", Role::date}, {"date operation", Role::date}, {"date de l operation", Role::date},
    {"date d operation", Role::date}, {"date de comptabilisation", Role::date}, {"date comptable", Role::date},
    {"date comptabilisation", Role::date}, {"dateop", Role::date}, {"date op", Role::date},
    {"operation date", Role::date}, {"operation date utc", Role::date}, {"booking date", Role::date},
    {"date completed utc", Role::date}, {"completed date", Role::date}, {"transaction date", Role::date},
    {"date de transaction", Role::date}, {"settlement date utc", Role::date}, {"date de l ecriture", Role::date},
    {"date valeur", Role::value_date}, {"date de valeur", Role::value_date}, {"dateval", Role::value_date},
    {"value date", Role::value_date}, {"date de la valeur", Role::value_date},
    {"montant", Role::amount}, {"montant euros", Role::amount}, {"montant en euros", Role::amount},
    {"montant de l operation", Role::amount}, {"montant operation", Role::amount}, {"amount", Role::amount},
    {"total amount incl vat", Role::amount}, {"montant ttc", Role::amount},
    {"debit", Role::debit}, {"montant debit", Role::debit}, {"debits", Role::debit}, {"paid out", Role::debit},
    {"money out", Role::debit},
    {"credit", Role::credit}, {"montant credit", Role::credit}, {"credits", Role::credit}, {"paid in", Role::credit},
    {"money in", Role::credit},
    {"libelle", Role::label}, {"libelle operation", Role::label}, {"libelle de l operation", Role::label},
    {"libelle simplifie", Role::label}, {"label", Role::label}, {"description", Role::label},
    {"nature de l operation", Role::label}, {"intitule", Role::label}, {"libelle court", Role::label},
    {"detail", Role::label2}, {"details", Role::label2}, {"detail de l ecriture", Role::label2},
    {"informations complementaires", Role::label2}, {"libelle complementaire", Role::label2},
    {"commentaire", Role::label2}, {"comment", Role::label2},
    {"reference", Role::reference}, {"ref", Role::reference}, {"payment reference", Role::reference},
    {"reference de l operation", Role::reference}, {"communication", Role::reference},
    {"numero d operation", Role::id}, {"operation number", Role::id}, {"n operation", Role::id},
    {"transaction id", Role::id}, {"id", Role::id}, {"identifiant", Role::id},
    {"tiers", Role::payer}, {"contrepartie", Role::payer}, {"nom de la contrepartie", Role::payer},
    {"counterparty name", Role::payer}, {"counterparty", Role::payer}, {"payee", Role::payer},
    {"payer", Role::payer}, {"beneficiaire", Role::payer}, {"emetteur", Role::payer},
};

Role role_of(std::string_view header) {
  const std::string key = fold(header);
  auto find = [](std::string_view k) {
    for (const auto& [name, role] : kRoles)
      if (k == name) return role;
    return Role::none;
  };
  if (const Role r = find(key); r != Role::none) return r;
  // "Montant (EUR)", "Débit euros", "Crédit en euros": the currency says nothing.
  for (std::string_view suffix : {" en euros", " en euro", " euros", " euro", " eur", " e"})
    if (ends_with(key, suffix))
      if (const Role r = find(std::string_view(key).substr(0, key.size() - suffix.size())); r != Role::none) return r;
  return Role::none;
}

// Which export this is, from a header that tells (for the user and the
// report; the columns themselves come from role_of()).
std::string preset_of(const std::vector<std::string>& headers, char sep) {
  std::vector<std::string> f;
  for (const std::string& h : headers) f.push_back(fold(h));
  auto has = [&](std::string_view k) {
    for (const std::string& x : f)
      if (x == k) return true;
    return false;
  };
  if (has("dateop") && has("dateval")) return "boursorama";
  if (has("settlement date utc") || has("total amount incl vat")) return "qonto";
  if (has("date completed utc")) return "revolut";
  if (has("payee") && (has("amount eur") || has("amount"))) return "n26";
  if (has("libelle simplifie")) return "caisse-epargne";
  if (has("detail de l ecriture")) return "societe-generale";
  if (has("montant francs")) return "banque-postale";
  if (has("debit euros") || has("credit euros")) return "credit-agricole";
  if (has("numero d operation") || has("operation number")) return "banque-populaire";
  return sep == ';' ? "generic-fr" : "generic";
}

// "31/01/2024", "31/01/24", "31-01-2024 10:00:00", "31.01.2024",
// "2024-01-31", "2024-01-31T10:00:00Z", "2024/01/31".
std::optional<Date> csv_date(std::string_view s) {
  s = trim(s);
  if (const std::size_t cut = s.find_first_of(" T"); cut != std::string_view::npos && cut >= 8) s = s.substr(0, cut);
  int parts[3] = {0, 0, 0};
  int widths[3] = {0, 0, 0};
  int k = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (widths[k] >= 4) return std::nullopt;
      parts[k] = parts[k] * 10 + (c - '0');
      ++widths[k];
    } else if ((c == '/' || c == '-' || c == '.') && k < 2 && widths[k] > 0) {
      ++k;
    } else {
      return std::nullopt;
    }
  }
  if (k != 2 || widths[2] == 0) return std::nullopt;
  int y, m, d;
  if (widths[0] == 4) {
    y = parts[0], m = parts[1], d = parts[2];
    if (widths[2] > 2) return std::nullopt;
  } else {
    d = parts[0], m = parts[1], y = parts[2];
    if (widths[0] > 2 || widths[1] > 2) return std::nullopt;
    if (widths[2] == 2) y += 2000;
    else if (widths[2] != 4) return std::nullopt;
  }
  const Date date = Date::from_ymd(y, m, d);
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Cents> csv_amount(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  const AmountParse p = parse_amount(s, AmountStyle::any);
  return p.value;
}

bool has_letter(std::string_view s) {
  for (char c : s)
    if (std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

struct Layout {
  CsvColumns cols;
  std::vector<int> label2;  // more label columns, appended
  std::vector<std::string> headers;
  int id = -1;
};

// The header among the first records: a date column and an amount, debit or
// credit column.
std::optional<Layout> find_header(std::string_view text, char sep, std::string& preset) {
  std::size_t pos = 0;
  int line = 1, start = 0;
  std::vector<std::string> rec;
  for (int n = 0; n < 40 && next_record(text, pos, line, sep, rec, start); ++n) {
    if (rec.size() < 2) continue;
    Layout lay;
    int value_date = -1;
    for (std::size_t i = 0; i < rec.size(); ++i) {
      const int c = static_cast<int>(i);
      auto first = [&](int& slot) {
        if (slot < 0) slot = c;
      };
      switch (role_of(rec[i])) {
        case Role::date: first(lay.cols.date); break;
        case Role::value_date: first(value_date); break;
        case Role::amount: first(lay.cols.amount); break;
        case Role::debit: first(lay.cols.debit); break;
        case Role::credit: first(lay.cols.credit); break;
        case Role::label:
          if (lay.cols.label < 0) lay.cols.label = c;
          else lay.label2.push_back(c);
          break;
        case Role::label2: lay.label2.push_back(c); break;
        case Role::reference: first(lay.cols.reference); break;
        case Role::id: first(lay.id); break;
        case Role::payer: first(lay.cols.payer); break;
        case Role::none: break;
      }
    }
    if (lay.cols.date < 0) lay.cols.date = value_date;
    if (lay.cols.date >= 0 && (lay.cols.amount >= 0 || lay.cols.debit >= 0 || lay.cols.credit >= 0)) {
      lay.cols.skip_rows = n + 1;
      lay.cols.separator = sep;
      lay.headers = rec;
      preset = preset_of(rec, sep);
      return lay;
    }
  }
  return std::nullopt;
}

char count_separator(std::string_view line) {
  std::size_t semi = 0, comma = 0, tab = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ';') ++semi;
    else if (c == ',') ++comma;
    else if (c == '\t') ++tab;
  }
  if (semi >= comma && semi >= tab) return ';';
  return tab >= comma ? '\t' : ',';
}

std::string column_name(const Layout& lay, int c) {
  if (c >= 0 && static_cast<std::size_t>(c) < lay.headers.size() && !trim(lay.headers[c]).empty())
    return "colonne « " + std::string(trim(lay.headers[c])) + " »";
  return "colonne " + std::to_string(c + 1);
}

}  // namespace

namespace {

// The separator of the first record after `skip_rows` lines, as parse_bank_csv() picks it.
char data_separator(std::string_view text, int skip_rows) {
  std::size_t at = 0;
  for (int k = 0; k < skip_rows && at < text.size(); ++k) {
    const std::size_t nl = text.find('\n', at);
    at = nl == std::string::npos ? text.size() : nl + 1;
  }
  return count_separator(text.substr(at));
}

bool iban_ok(const std::string& iban) {
  if (iban.size() < 15 || iban.size() > 34) return false;
  unsigned remainder = 0;
  const std::string moved = iban.substr(4) + iban.substr(0, 4);
  for (char c : moved) {
    if (c >= '0' && c <= '9') remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    else if (c >= 'A' && c <= 'Z') remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    else return false;
  }
  return remainder == 1;
}

}  // namespace

std::string bank_csv_iban(std::string_view bytes, int skip_rows) {
  const std::string text = to_utf8(bytes);
  std::size_t end = 0;
  for (int k = 0; k < skip_rows && end < text.size(); ++k) {
    const std::size_t nl = text.find('\n', end);
    end = nl == std::string::npos ? text.size() : nl + 1;
  }
  const std::string_view t = std::string_view(text).substr(0, end);
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto upper = [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); };
  for (std::size_t i = 0; i + 4 <= t.size(); ++i) {
    if (!std::isalpha(static_cast<unsigned char>(t[i])) || !std::isalpha(static_cast<unsigned char>(t[i + 1])) ||
        !std::isdigit(static_cast<unsigned char>(t[i + 2])) || !std::isdigit(static_cast<unsigned char>(t[i + 3])) ||
        (i > 0 && alnum(t[i - 1])))
      continue;
    // Letters and digits, single spaces between groups allowed; the longest
    // prefix that passes mod 97 (a word may follow the IBAN).
    std::string cand;
    for (std::size_t j = i; j < t.size() && cand.size() < 34; ++j) {
      if (alnum(t[j])) cand += upper(t[j]);
      else if (t[j] == ' ' && j + 1 < t.size() && alnum(t[j + 1]) && j > i && alnum(t[j - 1])) continue;
      else break;
    }
    for (std::size_t n = cand.size(); n >= 15; --n)
      if (iban_ok(cand.substr(0, n))) return cand.substr(0, n);
  }
  return {};
}

std::vector<std::string> bank_csv_header(std::string_view bytes, const CsvColumns& columns) {
  if (columns.skip_rows <= 0) return {};
  const std::string text = to_utf8(bytes);
  const char sep = columns.separator ? columns.separator : data_separator(text, columns.skip_rows);
  std::size_t pos = 0;
  int line = 1, start = 0;
  std::vector<std::string> rec;
  for (int k = 0; k < columns.skip_rows; ++k)
    if (!next_record(text, pos, line, sep, rec, start)) return {};
  for (std::string& cell : rec) cell = std::string(trim(cell));
  return rec;
}

bool bank_csv_has_header(std::string_view bytes) {
  const std::string text = to_utf8(bytes);
  std::string preset;
  for (char sep : {';', '\t', ','})
    if (find_header(text, sep, preset)) return true;
  return false;
}

Result<Statement> parse_bank_csv(std::string_view bytes, std::string_view origin, const CsvColumns* columns) {
  const std::string text = to_utf8(bytes);
  Layout lay;
  Statement s;
  s.format = Format::csv;
  if (columns) {
    lay.cols = *columns;
    s.preset = "columns";
    if (lay.cols.date < 0) return Error{std::string(origin), "colonne de date obligatoire"};
    if (lay.cols.amount < 0 && lay.cols.debit < 0 && lay.cols.credit < 0)
      return Error{std::string(origin), "colonne de montant (ou de débit et de crédit) obligatoire"};
    if (!lay.cols.separator) {
      // The separator of the first line read as data.
      std::size_t at = 0;
      for (int k = 0; k < lay.cols.skip_rows && at < text.size(); ++k) {
        const std::size_t nl = text.find('\n', at);
        at = nl == std::string::npos ? text.size() : nl + 1;
      }
      lay.cols.separator = count_separator(std::string_view(text).substr(at));
    }
  } else {
    bool found = false;
    for (char sep : {';', '\t', ','}) {
      if (auto l = find_header(text, sep, s.preset)) {
        lay = std::move(*l);
        found = true;
        break;
      }
    }
    if (!found)
      return Error{std::string(origin),
                   "ligne d'en-tête du relevé introuvable dans les 40 premières lignes (attendu une colonne « Date » et "
                   "une colonne « Montant », ou « Débit » et « Crédit » ; sinon donnez les colonnes)"};
  }
  const CsvColumns& c = lay.cols;
  std::size_t pos = 0;
  int line = 1, start = 0;
  std::vector<std::string> rec;
  for (int k = 0; k < c.skip_rows && next_record(text, pos, line, c.separator, rec, start); ++k) {
  }
  auto cell = [&](int i) -> std::string_view {
    if (i < 0 || static_cast<std::size_t>(i) >= rec.size()) return {};
    return trim(rec[static_cast<std::size_t>(i)]);
  };
  while (next_record(text, pos, line, c.separator, rec, start)) {
    bool blank = true;
    for (const std::string& f : rec)
      if (!trim(f).empty()) blank = false;
    if (blank) continue;
    const std::string_view date_text = cell(c.date);
    const std::string_view amount_text = cell(c.amount), debit_text = cell(c.debit), credit_text = cell(c.credit);
    const auto date = csv_date(date_text);
    if (!date) {
      // Balance lines and footers ("Solde au 31/01", "Total") are not movements.
      if (date_text.empty() || has_letter(date_text)) continue;
      return error_at(origin, start, column_name(lay, c.date) + " : date attendue (jj/mm/aaaa), trouvé " + shown(date_text));
    }
    Cents amount = 0;
    if (c.amount >= 0 && !amount_text.empty()) {
      const auto a = csv_amount(amount_text);
      if (!a) return error_at(origin, start, column_name(lay, c.amount) + " : montant attendu (« 1234,56 »), trouvé " + shown(amount_text));
      amount = *a;
    } else if (!debit_text.empty() || !credit_text.empty()) {
      if (!debit_text.empty()) {
        const auto a = csv_amount(debit_text);
        if (!a) return error_at(origin, start, column_name(lay, c.debit) + " : montant attendu (« 1234,56 »), trouvé " + shown(debit_text));
        amount -= *a < 0 ? -*a : *a;
      }
      if (!credit_text.empty()) {
        const auto a = csv_amount(credit_text);
        if (!a) return error_at(origin, start, column_name(lay, c.credit) + " : montant attendu (« 1234,56 »), trouvé " + shown(credit_text));
        amount += *a < 0 ? -*a : *a;
      }
    } else {
      const int col = c.amount >= 0 ? c.amount : c.debit >= 0 ? c.debit : c.credit;
      std::string what = c.amount >= 0 ? column_name(lay, c.amount) : "";
      if (c.amount < 0) {
        what = c.debit >= 0 ? column_name(lay, c.debit) : "";
        if (c.credit >= 0) what += (what.empty() ? "" : " ou ") + column_name(lay, c.credit);
      }
      (void)col;
      return error_at(origin, start, what + " : montant attendu, cellule vide");
    }
    StatementLine l;
    l.date = *date;
    l.amount = amount;
    append_text(l.label, cell(c.label));
    for (int extra : lay.label2) append_text(l.label, cell(extra));
    l.reference = squeeze(cell(c.reference));
    l.payer = squeeze(cell(c.payer));
    l.bank_id = squeeze(cell(lay.id));
    l.source_line = start;
    s.lines.push_back(std::move(l));
  }
  assign_line_ids(s);
  // The account's IBAN when the lines above the movements carry one. Set
  // after the ids: a line's id stays what it was before the account was
  // read, so a statement imported then is still known now.
  s.account = bank_csv_iban(bytes, c.skip_rows);
  return s;
}

}  // namespace relance::bank
