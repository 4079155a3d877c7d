// CSV import and export of invoices.
//
// [SECTION] columns: the fields we know and their header synonyms
// [SECTION] values: statuses, document types, client kinds
// [SECTION] reader: RFC 4180 records with physical line numbers
// [SECTION] detection: encoding, separator, dialect
// [SECTION] importer: header, rows, clients, the final trial apply
// [SECTION] export
#include "core/csv.h"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"

namespace relance {
namespace {

// ============================================================ [SECTION] columns
enum class Col {
  number, doc_type, client, client_kind, email, phone, client_code, siren, issue_date, due_date,
  ht, vat, ttc, paid, paid_date, status, label, rate,
  balance,  // "Reste dû": checked against TTC − paid; gives the paid amount in other tools' exports
  pay_amount,  // one payment of a row per payment (Dolibarr, ERPNext payment exports)
  pay_status,  // Odoo's « État du paiement » next to its « Statut »
  currency,    // EUR or refused
  count
};
constexpr std::size_t kCols = static_cast<std::size_t>(Col::count);
constexpr std::size_t idx(Col c) { return static_cast<std::size_t>(c); }

struct ColumnSpec {
  Col col;
  const char* what;      // for "colonne obligatoire manquante : ..."
  const char* examples;  // shown with it
  // Headers that name it, '|'-separated, compared after fold(): case,
  // accents and punctuation do not matter.
  const char* synonyms;
};

constexpr ColumnSpec kColumns[] = {
    {Col::number, "numéro de facture", "« Numéro », « N° facture », « Invoice number »",
     "numéro|n°|no|num|n° facture|n° de facture|numéro facture|numéro de facture|facture|référence|"
     "référence facture|réf|réf facture|numéro de pièce|pièce|invoice|invoice number|invoice no|invoice #|"
     "invoice id|number|reference|document number|ref facture|réf. facture|ref. facture|réf.|ref.|ref|"
     "id|invoice.number|numéro de facture|n° de pièce"},
    {Col::doc_type, "type de document", "« Type »",
     "type|type de document|type document|type de pièce|nature|document|document type|doc type"},
    {Col::client, "client", "« Client », « Nom », « Raison sociale », « Customer »",
     "client|nom|nom du client|nom client|raison sociale|société|débiteur|tiers|customer|customer name|client name|"
     "name|company|partenaire|partner|nom tiers|tiers nom|client name|customer name|client.name|"
     "raison sociale client|nom de l'entreprise|entreprise"},
    {Col::client_kind, "type de client", "« Type client »",
     "type client|type de client|particulier/professionnel|professionnel/particulier|pro/particulier|"
     "catégorie client|b2b/b2c|b2c/b2b|b2b|kind|client type|client kind|customer type"},
    {Col::email, "e-mail", "« E-mail »",
     "e-mail|email|mail|courriel|adresse e-mail|adresse email|e-mail client|email client|client email|"
     "customer email"},
    {Col::phone, "téléphone", "« Téléphone »",
     "téléphone|tél|tel|téléphone client|portable|mobile|phone|telephone|phone number|client phone"},
    {Col::client_code, "code client", "« Code client »",
     "code client|code|référence client|réf client|n° client|numéro client|compte client|client code|"
     "customer code|customer id|client id"},
    {Col::siren, "SIREN", "« SIREN »", "siren|n° siren|numéro siren|siren client|siret|n° siret"},
    {Col::issue_date, "date de facture", "« Date », « Date facture », « Issue date »",
     "date|date facture|date de facture|date de la facture|date d'émission|date émission|émise le|"
     "issue date|invoice date|date issued|issued on|date facturation|date de facturation|invoice bill date|"
     "invoice/bill date|posting date|invoice.date|date d'émission de la facture|date de création"},
    {Col::due_date, "échéance", "« Échéance », « Due date »",
     "échéance|date d'échéance|date échéance|date limite|date limite de paiement|à payer avant le|"
     "due date|due|due on|payment due|date limite règlement|date limite de règlement|payment due date|"
     "invoice.due_date|invoice due date|date d'échéance de la facture"},
    {Col::ht, "montant HT", "« HT », « Montant HT », « Net »",
     "ht|montant ht|total ht|prix ht|hors taxes|montant hors taxes|net|net amount|amount excl. tax|"
     "amount excluding tax|subtotal|untaxed amount|net total|total hors taxes|montant total ht|sub total"},
    {Col::vat, "TVA", "« TVA », « VAT »", "tva|montant tva|total tva|vat|vat amount|tax|tax amount|taxes|total taxes and charges|tax total"},
    {Col::ttc, "montant TTC", "« TTC », « Montant TTC », « Total »",
     "ttc|montant ttc|total ttc|montant|montant total|net à payer|total|amount|total amount|amount incl. tax|"
     "total incl. tax|gross|grand total|invoice amount|invoice.amount|total ttc facture|montant total ttc|"
     "total in currency|total signed|total (ttc)"},
    {Col::paid, "montant payé", "« Payé »",
     "payé|montant payé|réglé|montant réglé|encaissé|montant encaissé|déjà payé|versé|paid|amount paid|"
     "paid amount|paid to date|invoice.paid_to_date|invoice paid to date|amount paid to date|total payé|"
     "montant déjà réglé|déjà réglé"},
    {Col::paid_date, "date de paiement", "« Date de paiement »",
     "date de paiement|date paiement|date de règlement|date règlement|payé le|réglé le|encaissé le|"
     "date d'encaissement|paid date|payment date|date paid|paid on|date de dernier paiement|last payment date"},
    {Col::status, "statut", "« Statut »",
     "statut|état|statut de la facture|état de la facture|situation|status|state|invoice status|invoice.status|"
     "statut facture|état facture|etat facture"},
    {Col::label, "libellé", "« Libellé »",
     "libellé|objet|description|désignation|intitulé|prestation|label|subject|memo"},
    {Col::rate, "taux de pénalité", "« Taux de pénalité »",
     "taux de pénalité|taux de pénalités|taux pénalités|taux de pénalités de retard|taux d'intérêt de retard|"
     "taux contractuel|penalty rate|late payment rate|late fee rate|interest rate"},
    {Col::balance, "reste dû", "« Reste dû »",
     "reste dû|restant dû|reste à payer|solde|balance|balance due|outstanding|montant dû|amount due|"
     "outstanding amount|invoice.balance|invoice balance|montant restant dû|reste à encaisser|amount residual"},
    {Col::pay_amount, "montant du paiement", "« Montant paiement »",
     "montant paiement|montant du paiement|montant règlement|montant du règlement|payment amount|amount of payment|"
     "allocated amount|montant alloué"},
    {Col::currency, "devise", "« Devise »", "devise|monnaie|currency|currency code|code devise|invoice currency"},
    {Col::pay_status, "état du paiement", "« État du paiement »",
     "état du paiement|statut du paiement|état de paiement|statut de paiement|payment status|payment state"},
};

const ColumnSpec& spec(Col c) {
  for (const ColumnSpec& s : kColumns)
    if (s.col == c) return s;
  return kColumns[0];
}

// Folded synonym -> column, built once.
const std::unordered_map<std::string, Col>& header_table() {
  static const auto table = [] {
    std::unordered_map<std::string, Col> t;
    for (const ColumnSpec& s : kColumns) {
      std::string_view rest = s.synonyms;
      while (!rest.empty()) {
        const std::size_t bar = rest.find('|');
        t.emplace(fold(rest.substr(0, bar)), s.col);
        rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
      }
    }
    return t;
  }();
  return table;
}

std::optional<Col> column_for(std::string_view header) {
  const auto& table = header_table();
  std::string key = fold(header);
  if (auto it = table.find(key); it != table.end()) return it->second;
  // "Montant TTC (EUR)", "Total en euros": the currency says nothing.
  for (std::string_view suffix : {" en euros", " en euro", " en eur", " euros", " euro", " eur", " en"}) {
    if (ends_with(key, suffix)) {
      key.resize(key.size() - suffix.size());
      if (auto it = table.find(key); it != table.end()) return it->second;
    }
  }
  return std::nullopt;
}

// Headers that also name their column in other tools' exports but lose to a
// more precise one in the same file: ERPNext's « Customer » (an id) next to
// « Customer Name », Zoho's « Invoice ID » next to « Invoice Number ».
bool weak_header(std::string_view folded) {
  for (std::string_view w : {"customer", "name", "nom", "company", "tiers", "invoice id", "id", "invoice", "facture",
                             "reference", "ref", "date", "due", "amount", "montant", "total", "state", "etat", "solde",
                             "balance", "status", "statut", "subtotal", "sub total", "net"})
    if (folded == w) return true;
  return false;
}

constexpr std::pair<const char*, Col> kFieldNames[] = {
    {"number", Col::number},       {"type", Col::doc_type},         {"client", Col::client},
    {"client_kind", Col::client_kind}, {"email", Col::email},       {"phone", Col::phone},
    {"client_code", Col::client_code}, {"siren", Col::siren},       {"issue_date", Col::issue_date},
    {"due_date", Col::due_date},   {"ht", Col::ht},                 {"vat", Col::vat},
    {"ttc", Col::ttc},             {"paid", Col::paid},             {"paid_date", Col::paid_date},
    {"status", Col::status},       {"label", Col::label},           {"rate", Col::rate},
    {"balance", Col::balance},     {"payment_amount", Col::pay_amount}, {"payment_status", Col::pay_status},
    {"currency", Col::currency},
};

// The tool an export comes from, by headers only it writes.
std::string preset_of(const std::vector<std::string>& folded) {
  auto has = [&](std::string_view h) { return std::find(folded.begin(), folded.end(), h) != folded.end(); };
  // Relance's own export (French or plain) is no other tool's.
  if ((has("type client") && has("taux de penalite")) || (has("client type") && has("penalty rate"))) return {};
  if (has("date facturation") || has("date limite reglement") || has("ref facture") || has("nom tiers") ||
      has("montant paiement"))
    return "Dolibarr";
  if (has("partenaire") || has("partner") || has("etat du paiement") || has("payment status") ||
      has("invoice bill date") || has("untaxed amount"))
    return "Odoo";
  if (has("posting date") || has("outstanding amount") || has("total taxes and charges") || has("grand total"))
    return "ERPNext";
  if (has("paid to date") || has("invoice paid to date") || (has("invoice number") && has("client name")))
    return "Invoice Ninja";
  if (has("invoice status") || has("item total") || (has("customer name") && has("subtotal"))) return "Zoho Books";
  if (has("reste a payer") || has("reste du") || has("date d emission") || (has("montant ttc") && has("date d echeance")))
    return "logiciel de facturation français";
  return {};
}

// ============================================================ [SECTION] values
enum class RowStatus { unknown, issued, partly_paid, paid, disputed, cancelled, written_off, credit_note, draft, proforma };

template <class T>
using ValueTable = std::unordered_map<std::string, T>;

template <class T>
ValueTable<T> build_values(std::initializer_list<std::pair<T, const char*>> rows) {
  ValueTable<T> t;
  for (const auto& [value, names] : rows) {
    std::string_view rest = names;
    while (!rest.empty()) {
      const std::size_t bar = rest.find('|');
      t.emplace(fold(rest.substr(0, bar)), value);
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
  }
  return t;
}

RowStatus status_from(std::string_view text) {
  static const auto table = build_values<RowStatus>({
      {RowStatus::issued,
       "émise|en attente|impayée|non payée|non réglée|à payer|à régler|à encaisser|ouverte|en cours|en retard|"
       "envoyée|issued|unpaid|open|overdue|late|sent|due|pending|comptabilisé|comptabilisée|validée|validé|"
       "impayé|non payé|non payées|non payés|posted|not paid|in payment|en paiement|viewed|vue|approved|"
       "credit note issued|à encaisser|en attente de paiement|relancée"},
      {RowStatus::partly_paid,
       "payée en partie|partiellement payée|réglée en partie|partiellement réglée|partiel|partielle|"
       "partly paid|partially paid|partial|partiellement réglé|partiellement payé|partiellement réglée|"
       "payée partiellement|paiement partiel|partiellement encaissée"},
      {RowStatus::paid, "payée|payé|réglée|réglé|soldée|soldé|encaissée|paid|settled|closed|payées|encaissé"},
      {RowStatus::disputed, "contestée|contesté|litige|en litige|disputed|dispute|in dispute|contested"},
      {RowStatus::cancelled, "annulée|annulé|cancelled|canceled|void|voided|abandonnée|abandonné|reversed|extournée|extourné"},
      {RowStatus::written_off,
       "passée en perte|en perte|perte|irrécouvrable|créance irrécouvrable|written off|write off|bad debt|"
       "uncollectible|lost"},
      {RowStatus::credit_note, "avoir|credit note|credit_note|return"},
      {RowStatus::draft, "brouillon|draft"},
      {RowStatus::proforma, "pro forma|proforma|pro-forma"},
  });
  auto it = table.find(fold(text));
  return it == table.end() ? RowStatus::unknown : it->second;
}

// The document type column says only invoice or not; statuses do the rest.
RowStatus doc_type_from(std::string_view text) {
  static const auto table = build_values<RowStatus>({
      {RowStatus::issued, "facture|invoice|fac|fact"},
      {RowStatus::credit_note, "avoir|facture d'avoir|note de crédit|credit note|credit_note|credit|refund"},
      {RowStatus::draft, "brouillon|draft"},
      {RowStatus::proforma, "pro forma|proforma|pro-forma|devis|quote"},
  });
  auto it = table.find(fold(text));
  return it == table.end() ? RowStatus::unknown : it->second;
}

std::optional<ClientKind> kind_from(std::string_view text) {
  static const auto table = build_values<ClientKind>({
      {ClientKind::business,
       "professionnel|professionnelle|pro|entreprise|société|b2b|business|company|professional"},
      {ClientKind::consumer,
       "particulier|part|consommateur|personne physique|b2c|consumer|individual|private"},
  });
  auto it = table.find(fold(text));
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// ============================================================ [SECTION] reader
struct Field {
  std::string text;
  int line = 0;  // physical line where the field starts
  bool quoted = false;
};

// Reads RFC 4180 records: quoted fields with "" escapes, separators and line
// breaks inside quotes, CRLF, LF or lone CR line ends. Counts physical lines
// so errors point at the line a spreadsheet or an editor shows.
class Reader {
 public:
  enum class Status { record, end, unterminated };

  Reader() = default;
  Reader(std::string_view text, std::size_t pos, int line, char sep)
      : t_(text), pos_(pos), line_(line), sep_(sep), stops_{sep, '\r', '\n'} {}

  // Fills fields[0..count); reuses their storage from one record to the next.
  Status next(std::vector<Field>& fields, std::size_t& count, int& start_line) {
    const std::size_t n = t_.size();
    if (pos_ >= n) return Status::end;
    count = 0;
    start_line = line_;
    for (;;) {
      if (count == fields.size()) fields.emplace_back();
      Field& f = fields[count++];
      f.text.clear();
      f.line = line_;
      f.quoted = false;
      if (pos_ < n && t_[pos_] == '"') {
        f.quoted = true;
        ++pos_;
        for (;;) {
          const std::size_t q = t_.find_first_of("\"\r\n", pos_);
          if (q == std::string_view::npos) {
            unterminated_line_ = f.line;
            pos_ = n;
            return Status::unterminated;
          }
          f.text.append(t_.substr(pos_, q - pos_));
          if (t_[q] == '"') {
            if (q + 1 < n && t_[q + 1] == '"') {
              f.text += '"';
              pos_ = q + 2;
              continue;
            }
            pos_ = q + 1;
            break;
          }
          // A line break inside quotes belongs to the value; kept as "\n".
          f.text += '\n';
          ++line_;
          pos_ = (t_[q] == '\r' && q + 1 < n && t_[q + 1] == '\n') ? q + 2 : q + 1;
        }
      }
      // Unquoted text, or stray text after a closing quote (kept, leniently).
      std::size_t e = t_.find_first_of(std::string_view(stops_.data(), stops_.size()), pos_);
      if (e == std::string_view::npos) e = n;
      f.text.append(t_.substr(pos_, e - pos_));
      pos_ = e;
      if (pos_ >= n) return Status::record;
      if (t_[pos_] == sep_) {
        ++pos_;
        continue;
      }
      ++line_;
      pos_ += (t_[pos_] == '\r' && pos_ + 1 < n && t_[pos_ + 1] == '\n') ? 2 : 1;
      return Status::record;
    }
  }

  std::size_t pos() const { return pos_; }
  int unterminated_line() const { return unterminated_line_; }

 private:
  std::string_view t_;
  std::size_t pos_ = 0;
  int line_ = 1;
  char sep_ = ';';
  std::array<char, 3> stops_{';', '\r', '\n'};
  int unterminated_line_ = 0;
};

bool blank_record(const std::vector<Field>& fields, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i)
    if (!trim(fields[i].text).empty()) return false;
  return true;
}

// ============================================================ [SECTION] detection
// The separator of the header line: the most frequent of ';', tab and ','
// outside quotes (';' wins ties: it is the French Excel one).
std::optional<char> count_separator(std::string_view t, std::size_t pos) {
  std::size_t semi = 0, comma = 0, tab = 0;
  bool quoted = false;
  for (std::size_t i = pos; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\n' || c == '\r') break;
    else if (c == ';') ++semi;
    else if (c == ',') ++comma;
    else if (c == '\t') ++tab;
  }
  if (semi == 0 && comma == 0 && tab == 0) return std::nullopt;
  if (semi >= comma && semi >= tab) return ';';
  return tab >= comma ? '\t' : ',';
}

// Which decimal mark an amount cell uses, if it tells: the last ',' or '.'
// followed by one or two digits.
char decimal_mark(std::string_view s) {
  s = trim(s);
  for (std::string_view suffix : {std::string_view("€"), std::string_view("EUR")})
    if (ends_with(s, suffix)) s = trim(s.substr(0, s.size() - suffix.size()));
  const std::size_t mark = s.find_last_of(",.");
  if (mark == std::string_view::npos) return 0;
  const std::size_t digits = s.size() - mark - 1;
  if (digits < 1 || digits > 2) return 0;
  for (std::size_t i = mark + 1; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return 0;
  return s[mark];
}

// ============================================================ [SECTION] helpers
std::string amount_text(Cents c, CsvDialect d) {
  std::string s = format_decimal(c);
  if (d == CsvDialect::french) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string quoted_value(std::string_view s) { return "« " + std::string(s) + " »"; }

std::string separator_name(char sep) { return sep == '\t' ? "tabulation" : quoted_value(std::string(1, sep)); }

// A cell starting with one of these is run as a formula by spreadsheets.
bool formula_trigger(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// True for text the export escaped: apostrophes, then a formula trigger.
bool escaped_formula(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == '\'') ++i;
  return i < s.size() && formula_trigger(s[i]);
}

std::string join_lines(const std::vector<int>& lines) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(lines.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i) out += ", ";
    out += std::to_string(lines[i]);
  }
  if (lines.size() > shown) out += "…";
  return out;
}

// Other tools' amounts made plain for parse_amount(): a currency sign or code
// before or after ("$13.50", "12,00 €", "EUR 5"), "(150,00)" for a negative
// amount, and up to 8 decimals when the ones past the cent are zeros. The
// sign other than the euro's is returned in `sign`; `error` says why not.
bool plain_amount(std::string_view in, std::string& out, std::string& sign, std::string& error) {
  std::string_view t = trim(in);
  bool neg = false;
  if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
    neg = true;
    t = trim(t.substr(1, t.size() - 2));
  }
  if (!t.empty() && t.front() == '-') {
    neg = !neg;
    t = trim(t.substr(1));
  }
  static constexpr std::string_view kSigns[] = {"US$", "CA$", "EUR", "USD", "GBP", "CHF", "CAD", "€", "$", "£"};
  for (int pass = 0; pass < 2; ++pass) {
    for (std::string_view c : kSigns) {
      if (starts_with(t, c)) {
        t = trim(t.substr(c.size()));
        if (c != "€" && c != "EUR") sign = std::string(c);
      } else if (ends_with(t, c)) {
        t = trim(t.substr(0, t.size() - c.size()));
        if (c != "€" && c != "EUR") sign = std::string(c);
      }
    }
  }
  if (!t.empty() && t.front() == '-' && !neg) {
    neg = true;
    t = trim(t.substr(1));
  }
  std::string s(t);
  const std::size_t mark = s.find_last_of(",.");
  if (mark != std::string::npos && s.size() - mark - 1 >= 4 &&
      std::all_of(s.begin() + static_cast<std::ptrdiff_t>(mark) + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // Four decimals or more cannot be thousands grouping.
    if (!std::all_of(s.begin() + static_cast<std::ptrdiff_t>(mark) + 3, s.end(), [](char c) { return c == '0'; })) {
      error = "pas exact au centime (" + std::to_string(s.size() - mark - 1) + " décimales) : arrondi refusé";
      return false;
    }
    s.resize(mark + 3);
  }
  out = neg ? "-" + s : s;
  return true;
}

// Dates as other tools write them, beyond dd/mm/yyyy and ISO: "03/01/26",
// "2026/01/03", "Jan 28 2021", "28 janv. 2021", "January 28, 2021", with a
// time of day after them ("2026-01-03 00:00:00") ignored.
std::optional<Date> loose_date(std::string_view in) {
  std::string_view t = trim(in);
  if (auto d = parse_date(t)) return d;
  // A time after the date.
  if (const std::size_t sp = t.find_first_of(" T"); sp != std::string_view::npos && sp >= 6) {
    const std::string_view rest = trim(t.substr(sp + 1));
    if (rest.size() >= 4 && rest.find(':') != std::string_view::npos && rest[0] >= '0' && rest[0] <= '9')
      if (auto d = loose_date(t.substr(0, sp))) return d;
  }
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : std::string(t) + " ") {
    if (c == ' ' || c == '/' || c == '-' || c == '.' || c == ',') {
      if (!cur.empty()) tokens.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (tokens.size() != 3) return std::nullopt;
  auto number = [](const std::string& x) -> int {
    if (x.empty() || x.size() > 4) return -1;
    int v = 0;
    for (char c : x) {
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  };
  static constexpr std::string_view kMonths[12][4] = {
      {"jan", "janvier", "january", "janv"}, {"feb", "fevrier", "february", "fevr"}, {"mar", "mars", "march", "mar"},
      {"apr", "avril", "april", "avr"},      {"may", "mai", "may", "mai"},           {"jun", "juin", "june", "juin"},
      {"jul", "juillet", "july", "juil"},    {"aug", "aout", "august", "aou"},       {"sep", "septembre", "september", "sept"},
      {"oct", "octobre", "october", "oct"},  {"nov", "novembre", "november", "nov"}, {"dec", "decembre", "december", "dec"}};
  auto month = [&](const std::string& x) -> int {
    const std::string f = fold(x);
    for (int m = 0; m < 12; ++m)
      for (std::string_view n : kMonths[m])
        if (f == n) return m + 1;
    return 0;
  };
  int y = -1, m = 0, d = -1;
  int word = -1;
  for (int i = 0; i < 3; ++i)
    if (number(tokens[static_cast<std::size_t>(i)]) < 0) word = i;
  if (word >= 0) {
    m = month(tokens[static_cast<std::size_t>(word)]);
    if (!m) return std::nullopt;
    std::vector<std::string> nums;
    for (int i = 0; i < 3; ++i)
      if (i != word) nums.push_back(tokens[static_cast<std::size_t>(i)]);
    const int a = number(nums[0]), b = number(nums[1]);
    if (a < 0 || b < 0) return std::nullopt;
    if (nums[0].size() == 4) {
      y = a;
      d = b;
    } else if (nums[1].size() == 4) {
      y = b;
      d = a;
    } else {
      return std::nullopt;
    }
  } else {
    const int a = number(tokens[0]), b = number(tokens[1]), c = number(tokens[2]);
    if (tokens[0].size() == 4) {
      y = a;
      m = b;
      d = c;
    } else if (tokens[2].size() == 2 || tokens[2].size() == 4) {
      d = a;
      m = b;
      y = tokens[2].size() == 2 ? 2000 + c : c;
    } else {
      return std::nullopt;
    }
  }
  const Date out = Date::from_ymd(y, m, d);
  if (!out.ok()) return std::nullopt;
  return out;
}

bool valid_email(std::string_view e) {
  return e.find('@') != std::string_view::npos && e.find_first_of(" \t\r\n,;<>") == std::string_view::npos;
}

}  // namespace

std::vector<std::string> csv_field_names() {
  std::vector<std::string> out;
  for (const auto& [name, col] : kFieldNames) out.emplace_back(name);
  out.emplace_back("ignore");
  return out;
}

std::string describe(const CsvFormat& f) {
  std::string out = f.dialect == CsvDialect::french ? "Excel français" : "CSV standard";
  out += " : séparateur ";
  out += f.separator == ';' ? "point-virgule" : f.separator == ',' ? "virgule" : f.separator == '\t' ? "tabulation"
                                                                                                     : quoted_value(std::string(1, f.separator));
  out += f.dialect == CsvDialect::french ? ", virgule décimale, dates jj/mm/aaaa" : ", point décimal, dates aaaa-mm-jj";
  out += f.encoding == CsvEncoding::cp1252 ? ", Windows-1252" : f.bom ? ", UTF-8 avec BOM" : ", UTF-8";
  return out;
}

// ============================================================ [SECTION] importer
struct CsvImporter::State {
  const Ledger* into = nullptr;
  std::string raw;   // the bytes, until decoded
  std::string text;  // the file in UTF-8, without BOM
  CsvOptions opts;
  Date today;

  enum class Stage { start, rows, check, done } stage = Stage::start;
  CsvImportResult result;
  AmountStyle amounts = AmountStyle::french;

  Reader reader;
  std::vector<Field> fields;
  std::size_t nfields = 0;
  int line = 0;  // physical line of the current record
  bool stopped = false;  // too many errors
  bool header_only = false;  // csv_header(): stop once the header is read

  // Header.
  std::array<int, kCols> column;  // field index per column, -1 if absent
  std::vector<std::string> headers;  // as written
  int header_line = 1;

  // Lookups, built once: no per-row scan of the ledger.
  std::unordered_set<std::string_view> ledger_numbers;  // views into *into, unchanged meanwhile
  std::unordered_map<std::string, ClientId> existing_by_code, existing_by_name;
  std::unordered_map<std::string, std::size_t> new_by_code, new_by_name;  // index in batch.clients
  std::vector<int> new_client_line;  // first line of each new client
  std::vector<bool> new_client_kind_given;
  // Each number of the file: its first line, and the batch invoice of that
  // line once the row is good (the rows that repeat it continue that one).
  struct NumberSeen {
    int line = 0;
    std::size_t invoice = SIZE_MAX;
  };
  std::unordered_map<std::string, NumberSeen> file_numbers;
  std::vector<int> invoice_line;  // line of each invoice of the batch
  cmd::ImportBatch batch;

  // Warnings gathered by kind, so 100,000 rows give a handful of lines.
  std::vector<int> skipped_lines, deposit_lines, paid_short_lines;
  std::vector<int> footer_lines, grouped_lines, undated_lines;
  std::string foreign_sign;  // "$" when amounts came with another currency's sign
  std::vector<std::string> batch_client_key;  // folded client name of each batch invoice

  // ------------------------------------------------------------ errors
  void error(std::string where, std::string what) {
    if (stopped) return;
    result.errors.push_back({std::move(where), std::move(what)});
    if (result.errors.size() >= opts.max_errors) stopped = true;
  }

  bool has(Col c) const { return column[idx(c)] >= 0; }

  std::string where(Col c, int at) const {
    const int i = column[idx(c)];
    if (i < 0) return "ligne " + std::to_string(at);
    return "ligne " + std::to_string(at) + ", colonne « " + headers[static_cast<std::size_t>(i)] + " »";
  }

  // The cell of the current record, trimmed (except quoted labels, kept as
  // written), without the apostrophe the export adds before formulas.
  struct Cell {
    std::string_view text;
    int line = 0;
  };
  Cell cell(Col c) const {
    const int i = column[idx(c)];
    if (i < 0 || static_cast<std::size_t>(i) >= nfields) return {{}, line};
    const Field& f = fields[static_cast<std::size_t>(i)];
    std::string_view s = f.text;
    if (!(c == Col::label && f.quoted)) s = trim(s);
    if (!s.empty() && s[0] == '\'' && escaped_formula(s)) s.remove_prefix(1);
    return {s, f.line};
  }
  std::string where(Col c) const { return where(c, cell(c).line); }

  // ------------------------------------------------------------ start
  void start() {
    decode();
    if (stage == Stage::done) return;
    std::string_view t = text;
    std::size_t pos = 0;
    int at = 1;
    // Leading blank lines are skipped (but counted).
    while (pos < t.size()) {
      std::size_t eol = t.find_first_of("\r\n", pos);
      if (eol == std::string_view::npos) eol = t.size();
      if (!trim(t.substr(pos, eol - pos)).empty()) break;
      pos = eol + ((eol + 1 < t.size() && t[eol] == '\r' && t[eol + 1] == '\n') ? 2 : 1);
      ++at;
    }
    if (pos >= t.size()) return fail("", "fichier vide : aucune ligne d'en-tête");

    char sep = 0;
    // "sep=;": Excel's own hint line.
    if (t.substr(pos, 4) == "sep=" && pos + 4 < t.size() && t[pos + 4] != '\r' && t[pos + 4] != '\n') {
      sep = t[pos + 4];
      std::size_t eol = t.find_first_of("\r\n", pos);
      if (eol == std::string_view::npos) eol = t.size();
      pos = std::min(t.size(), eol + ((eol + 1 < t.size() && t[eol] == '\r' && t[eol + 1] == '\n') ? 2 : 1));
      ++at;
    }
    if (opts.separator) sep = *opts.separator;
    if (!sep) {
      // The line with the most separators among the first ten (a title row has few or none).
      std::size_t best = 0, p = pos;
      for (int k = 0; k < 10 && p < t.size(); ++k) {
        std::size_t eol = t.find_first_of("\r\n", p);
        if (eol == std::string_view::npos) eol = t.size();
        const std::string_view ln = t.substr(p, eol - p);
        const std::size_t count = static_cast<std::size_t>(std::count_if(ln.begin(), ln.end(), [](char ch) { return ch == ';' || ch == ',' || ch == '\t'; }));
        if (count > best) {
          best = count;
          if (auto c = count_separator(t, p)) sep = *c;
        }
        p = eol + ((eol + 1 < t.size() && t[eol] == '\r' && t[eol + 1] == '\n') ? 2 : 1);
      }
      if (!sep) sep = opts.dialect == CsvDialect::plain ? ',' : ';';
    }
    result.format.separator = sep;

    reader = Reader(t, pos, at, sep);
    header_line = at;
    {
      // Title rows above the header (« Suivi des factures 2026 », an export
      // date): the header is the first of the first records that has every
      // required column, else the one that names the most.
      Reader probe = reader, best_reader = reader;
      int best_known = -1, best_line = at, skipped_titles = 0, titles_before_best = 0;
      std::vector<Field> fs;
      std::size_t n = 0;
      int rec_line = 0;
      for (int k = 0; k < 10; ++k) {
        const Reader before = probe;
        if (probe.next(fs, n, rec_line) != Reader::Status::record) break;
        if (blank_record(fs, n)) continue;
        const auto [known, missing] = header_score(fs, n);
        if (known > best_known || missing == 0) {
          best_known = known;
          best_reader = before;
          best_line = rec_line;
          titles_before_best = skipped_titles;
        }
        if (missing == 0) break;
        ++skipped_titles;
      }
      if (best_known > 0 && best_line != at) {
        reader = best_reader;
        result.warnings.push_back(std::to_string(titles_before_best) + " ligne(s) de titre au-dessus de l'en-tête ignorée(s) (en-tête ligne " +
                                  std::to_string(best_line) + ")");
      }
    }
    const auto status = reader.next(fields, nfields, line);
    header_line = line;
    if (status == Reader::Status::unterminated)
      return fail("ligne " + std::to_string(reader.unterminated_line()),
                  "guillemet ouvrant sans guillemet fermant (le champ court jusqu'à la fin du fichier)");
    if (status == Reader::Status::end) return fail("", "fichier vide : aucune ligne d'en-tête");
    read_header();
    if (header_only) stage = Stage::done;
    if (stage == Stage::done) return;

    result.format.dialect = opts.dialect ? *opts.dialect : sniff_dialect(sep);
    amounts = result.format.dialect == CsvDialect::french ? AmountStyle::french : AmountStyle::plain;

    for (const Invoice& inv : into->invoices)
      if (!inv.number.empty()) ledger_numbers.insert(inv.number);
    // One row a line, roughly: no reallocation while reading.
    const std::size_t lines = static_cast<std::size_t>(std::count(t.begin() + static_cast<std::ptrdiff_t>(pos), t.end(), '\n')) + 1;
    batch.invoices.reserve(lines);
    invoice_line.reserve(lines);
    file_numbers.reserve(lines);
    for (const Client& c : into->clients) {
      if (!trim(c.code).empty()) existing_by_code.emplace(key_of(c.code), c.id);
      existing_by_name.emplace(key_of(c.name), c.id);  // the first of equal names wins, as find_client_by_name
    }
    stage = Stage::rows;
  }

  void fail(std::string where_, std::string what) {
    error(std::move(where_), std::move(what));
    stage = Stage::done;
  }

  void decode() {
    std::string_view b = raw;
    if (b.size() >= 2 && ((b[0] == '\xFF' && b[1] == '\xFE') || (b[0] == '\xFE' && b[1] == '\xFF')))
      return fail("", "fichier en UTF-16 (« Texte Unicode ») : enregistrez-le en « CSV UTF-8 » ou "
                      "« CSV (séparateur : point-virgule) »");
    CsvFormat& f = result.format;
    if (b.substr(0, 3) == "\xEF\xBB\xBF") {
      f.bom = true;
      f.encoding = CsvEncoding::utf8;
      b.remove_prefix(3);
    } else if (opts.encoding) {
      f.encoding = *opts.encoding;
    } else {
      f.encoding = is_valid_utf8(b) ? CsvEncoding::utf8 : CsvEncoding::cp1252;
    }
    if (f.encoding == CsvEncoding::cp1252) {
      text = cp1252_to_utf8(b);
    } else {
      if (!is_valid_utf8(b)) {
        // Name the first bad line so the user can see it is the encoding.
        int at = 1;
        for (std::size_t pos = 0; pos < b.size(); ++at) {
          std::size_t eol = b.find('\n', pos);
          if (eol == std::string_view::npos) eol = b.size();
          if (!is_valid_utf8(b.substr(pos, eol - pos))) break;
          pos = eol + 1;
        }
        return fail("ligne " + std::to_string(at),
                    "texte qui n'est pas de l'UTF-8 valide : le fichier est sans doute en Windows-1252");
      }
      text.assign(b);
    }
    raw.clear();
    raw.shrink_to_fit();
  }

  // The column a header names: the caller's mapping first, then the known
  // headers. nullopt: not recognised; Col::count: ignored on purpose.
  std::optional<Col> mapped(std::string_view h) const {
    const std::string key = fold(h);
    for (const auto& [header, field] : opts.mapping) {
      if (fold(header) != key) continue;
      if (fold(field) == "ignore" || fold(field) == "ignorer" || trim(field).empty()) return Col::count;
      for (const auto& [name, col] : kFieldNames)
        if (field == name) return col;
    }
    return column_for(h);
  }

  // How well a record reads as the header: columns recognised, required ones missing.
  std::pair<int, int> header_score(const std::vector<Field>& fs, std::size_t n) const {
    int known = 0;
    std::array<bool, kCols> seen{};
    for (std::size_t i = 0; i < n; ++i) {
      const std::string_view h = trim(fs[i].text);
      if (h.empty()) continue;
      if (auto c = mapped(h); c && *c != Col::count) {
        ++known;
        seen[idx(*c)] = true;
      }
    }
    int missing = 0;
    for (Col c : {Col::number, Col::client, Col::issue_date, Col::due_date}) missing += !seen[idx(c)];
    missing += !seen[idx(Col::ttc)] && !(seen[idx(Col::ht)] && seen[idx(Col::vat)]);
    return {known, missing};
  }

  // Checks the mapping names real fields and columns of this header.
  void check_mapping() {
    for (const auto& m : opts.mapping) {
      const std::string& header = m.first;  // named copies: lambdas cannot capture structured bindings in C++17 clang
      const std::string& field = m.second;
      const bool known_field = fold(field) == "ignore" || fold(field) == "ignorer" || trim(field).empty() ||
                               std::any_of(std::begin(kFieldNames), std::end(kFieldNames),
                                           [&](const auto& f) { return field == f.first; });
      if (!known_field) {
        std::string names;
        for (const auto& f : kFieldNames) names += (names.empty() ? "" : ", ") + std::string(f.first);
        error("correspondance « " + header + " »", "champ « " + field + " » inconnu (attendu " + names + " ou ignore)");
        continue;
      }
      const bool present = std::any_of(headers.begin(), headers.end(), [&](const std::string& h) { return fold(h) == fold(header); });
      if (!present) {
        std::string found;
        for (const std::string& h : headers)
          if (!h.empty()) found += (found.empty() ? "" : ", ") + quoted_value(h);
        error("correspondance « " + header + " »", "colonne absente de l'en-tête (colonnes du fichier : " + found + ")");
      }
    }
  }

  void read_header() {
    column.fill(-1);
    headers.clear();
    std::vector<std::string> unknown, folded;
    for (std::size_t i = 0; i < nfields; ++i) {
      headers.emplace_back(trim(fields[i].text));
      folded.push_back(fold(headers.back()));
    }
    check_mapping();
    result.preset = preset_of(folded);
    for (std::size_t i = 0; i < nfields; ++i) {
      const std::string& h = headers[i];
      if (h.empty()) continue;  // Excel's trailing empty columns
      const auto c = mapped(h);
      if (!c) {
        unknown.push_back(quoted_value(h));
        continue;
      }
      if (*c == Col::count) continue;  // ignored as the mapping says
      int& slot = column[idx(*c)];
      if (slot >= 0) {
        // A generic header loses to a precise one (mapped columns always win).
        const std::string& other = headers[static_cast<std::size_t>(slot)];
        // (Generic headers give way only in other tools' exports: in any
        // other file two headers for one field stay an error.)
        const bool tool = !result.preset.empty();
        const bool mine_weak = (tool && weak_header(folded[i])) || (mapped_by_user(other) && !mapped_by_user(h));
        const bool other_weak = (tool && weak_header(fold(other))) || (mapped_by_user(h) && !mapped_by_user(other));
        if (mine_weak != other_weak) {
          // ERPNext's « Customer » is the client's code when that is free.
          const std::size_t loser = mine_weak ? i : static_cast<std::size_t>(slot);
          if (*c == Col::client && column[idx(Col::client_code)] < 0 && folded[loser] == "customer") {
            column[idx(Col::client_code)] = static_cast<int>(loser);
          } else {
            unknown.push_back(quoted_value(headers[loser]));
          }
          if (other_weak) slot = static_cast<int>(i);
          continue;
        }
        error("ligne " + std::to_string(fields[i].line) + ", colonne « " + h + " »",
              "colonne en double : « " + headers[static_cast<std::size_t>(slot)] + " » et « " + h +
                  " » désignent toutes deux : " + spec(*c).what);
        continue;
      }
      slot = static_cast<int>(i);
    }
    const std::string at = "ligne " + std::to_string(header_line);
    int missing = 0;
    for (Col c : {Col::number, Col::client, Col::issue_date, Col::due_date}) missing += !has(c);
    missing += !has(Col::ttc) && !(has(Col::ht) && has(Col::vat));
    if (missing >= 3) {
      // Not a header we know: one message that says what was found and what is expected.
      std::string found;
      for (const std::string& h : headers)
        if (!h.empty()) found += (found.empty() ? "" : ", ") + quoted_value(h);
      std::string lacking;
      for (Col c : {Col::number, Col::client, Col::issue_date, Col::due_date})
        if (!has(c)) lacking += (lacking.empty() ? "" : ", ") + std::string(spec(c).what);
      if (!has(Col::ttc) && !(has(Col::ht) && has(Col::vat))) lacking += (lacking.empty() ? "" : ", ") + std::string("montant TTC (ou HT et TVA)");
      error(at, "en-tête non reconnu : colonnes trouvées " + (found.empty() ? std::string("aucune") : found) +
                    " ; il manque : " + lacking +
                    ". Indiquez à quoi correspond chaque colonne (en ligne de commande : --map COLONNE=CHAMP,…, "
                    "par exemple --map \"N° pièce=number,Montant=ttc\")");
    } else {
      for (Col c : {Col::number, Col::client, Col::issue_date, Col::due_date})
        if (!has(c)) error(at, std::string("colonne obligatoire manquante : ") + spec(c).what + " (" + spec(c).examples + ")");
      if (!has(Col::ttc) && !(has(Col::ht) && has(Col::vat)))
        error(at, std::string("colonne obligatoire manquante : montant TTC (") + spec(Col::ttc).examples +
                      "), ou bien HT et TVA");
    }
    if (!unknown.empty()) {
      std::string w = unknown.size() == 1 ? "colonne ignorée (non reconnue) : " : "colonnes ignorées (non reconnues) : ";
      for (std::size_t i = 0; i < unknown.size(); ++i) w += (i ? ", " : "") + unknown[i];
      result.warnings.push_back(std::move(w));
    }
    if (!result.errors.empty()) stage = Stage::done;
  }

  bool mapped_by_user(std::string_view h) const {
    const std::string key = fold(h);
    return std::any_of(opts.mapping.begin(), opts.mapping.end(), [&](const auto& m) { return fold(m.first) == key; });
  }

  // The decimal mark of the first rows' amounts decides; then their dates;
  // then the separator.
  CsvDialect sniff_dialect(char sep) {
    Reader peek = reader;
    std::vector<Field> fs;
    std::size_t n = 0;
    int at = 0;
    int comma = 0, point = 0, fr = 0, iso = 0;
    for (int rows = 0; rows < 50 && peek.next(fs, n, at) == Reader::Status::record; ++rows) {
      auto text_of = [&](Col c) -> std::string_view {
        const int i = column[idx(c)];
        return i >= 0 && static_cast<std::size_t>(i) < n ? std::string_view(fs[static_cast<std::size_t>(i)].text)
                                                         : std::string_view();
      };
      for (Col c : {Col::ht, Col::vat, Col::ttc, Col::paid}) {
        const char m = decimal_mark(text_of(c));
        comma += m == ',';
        point += m == '.';
      }
      for (Col c : {Col::issue_date, Col::due_date, Col::paid_date}) {
        const std::string_view s = trim(text_of(c));
        iso += parse_iso_date(s).has_value();
        fr += parse_fr_date(s).has_value();
      }
    }
    if (comma != point) return comma > point ? CsvDialect::french : CsvDialect::plain;
    if (fr != iso) return fr > iso ? CsvDialect::french : CsvDialect::plain;
    return sep == ',' ? CsvDialect::plain : CsvDialect::french;
  }

  static std::string key_of(std::string_view name) {
    std::string k = fold(name);
    // Names in scripts fold() does not know (no Latin letter) match as written.
    if (k.empty()) k = "\x01" + std::string(trim(name));
    return k;
  }

  // ------------------------------------------------------------ rows
  struct Amount {
    bool given = false;
    bool ok = true;
    Cents value = 0;
  };

  Amount amount(Col c) {
    const Cell x = cell(c);
    if (x.text.empty()) return {};
    const char* expected = amounts == AmountStyle::french ? "1234,56" : "1234.56";
    std::string plain, sign, why;
    if (!plain_amount(x.text, plain, sign, why)) {
      error(where(c, x.line), "montant invalide " + quoted_value(x.text) + " : " + why);
      return {true, false, 0};
    }
    if (!sign.empty() && foreign_sign.empty()) foreign_sign = sign;
    const AmountParse p = parse_amount(plain, amounts);
    if (!p.value) {
      error(where(c, x.line), "montant invalide " + quoted_value(x.text) + " : " + p.error + " (attendu " + expected + ")");
      return {true, false, 0};
    }
    if (*p.value < 0) {
      error(where(c, x.line), "montant négatif " + quoted_value(x.text) +
                                  " : les avoirs ne s'importent pas, saisissez-les dans Relance contre leur facture");
      return {true, false, 0};
    }
    return {true, true, *p.value};
  }

  struct DateCell {
    bool given = false;
    bool ok = true;
    Date value;
  };

  DateCell date(Col c, bool required) {
    const Cell x = cell(c);
    if (x.text.empty()) {
      if (required) error(where(c, x.line), std::string(spec(c).what) + " manquante");
      return {false, !required, {}};
    }
    // Both forms are unambiguous, so both are accepted whatever the dialect;
    // so are the forms other tools export.
    if (auto d = loose_date(x.text)) return {true, true, *d};
    const char* expected = result.format.dialect == CsvDialect::french ? "jj/mm/aaaa" : "aaaa-mm-jj";
    error(where(c, x.line), "date invalide " + quoted_value(x.text) + " (attendu " + expected + ")");
    return {true, false, {}};
  }

  bool text_ok(Col c, std::size_t max_cp) {
    const Cell x = cell(c);
    if (utf8_length(x.text) <= max_cp) return true;
    error(where(c, x.line), "texte trop long (" + std::to_string(max_cp) + " caractères au plus)");
    return false;
  }

  // « Total », « Totaux », « Sous-total »: a sheet's footer, not an invoice.
  bool footer_row() const {
    if (!cell(Col::number).text.empty() && !is_total_word(cell(Col::number).text)) return false;
    for (std::size_t i = 0; i < nfields && i < 8; ++i)
      if (is_total_word(fields[i].text)) return true;
    return false;
  }
  static bool is_total_word(std::string_view s) {
    const std::string f = fold(s);
    for (std::string_view w : {"total", "totaux", "total general", "sous total", "grand total", "totals", "sum", "somme",
                               "total ttc", "total ht", "montant total"})
      if (f == w) return true;
    return false;
  }

  void row() {
    if (footer_row()) {
      footer_lines.push_back(line);
      return;
    }
    ++result.rows;
    const std::size_t errors_before = result.errors.size();
    const auto at = [&] { return "ligne " + std::to_string(line); };
    for (std::size_t i = headers.size(); i < nfields; ++i) {
      if (!trim(fields[i].text).empty()) {
        error(at(), std::to_string(nfields) + " champs pour " + std::to_string(headers.size()) +
                      " colonnes : une valeur contenant le séparateur " + separator_name(result.format.separator) +
                      " doit être entre guillemets");
        break;
      }
    }

    // What the row is: credit notes, drafts and pro formas are left out.
    RowStatus type = RowStatus::issued;
    if (const Cell x = cell(Col::doc_type); !x.text.empty()) {
      type = doc_type_from(x.text);
      if (type == RowStatus::unknown)
        error(where(Col::doc_type, x.line), "type de document inconnu " + quoted_value(x.text) + " (attendu facture ou avoir)");
    }
    RowStatus status = RowStatus::issued;
    const Cell status_cell = cell(Col::status);
    if (!status_cell.text.empty()) {
      status = status_from(status_cell.text);
      if (status == RowStatus::unknown)
        error(where(Col::status, status_cell.line),
              "statut inconnu " + quoted_value(status_cell.text) +
                  " (attendu Émise, Payée, Payée en partie, Contestée, Annulée ou Passée en perte)");
    }
    if (const Cell x = cell(Col::currency); !x.text.empty() && x.text != "EUR" && x.text != "eur" && x.text != "€")
      error(where(Col::currency, x.line), "facture en " + std::string(x.text) + " : Relance ne suit que les factures en euros");
    if (const Cell x = cell(Col::pay_status); !x.text.empty()) {
      const RowStatus ps = status_from(x.text);
      if (ps == RowStatus::unknown)
        error(where(Col::pay_status, x.line), "état du paiement inconnu " + quoted_value(x.text) +
                                                  " (attendu Payé, Non payé, Partiellement réglé)");
      else if (status == RowStatus::issued && ps != RowStatus::draft && ps != RowStatus::credit_note)
        status = ps;  // « Comptabilisé » + « Payé »: paid
    }
    for (RowStatus s : {type, status}) {
      if (s == RowStatus::credit_note || s == RowStatus::draft || s == RowStatus::proforma) {
        if (result.errors.size() == errors_before) {
          ++result.skipped;
          skipped_lines.push_back(line);
        }
        return;
      }
    }

    // Number.
    std::optional<std::size_t> repeat;  // the batch invoice this row continues
    int repeat_line = 0;
    NumberSeen* seen = nullptr;  // this row's number, first seen here
    const Cell number = cell(Col::number);
    if (number.text.empty()) {
      error(where(Col::number, number.line), "numéro de facture manquant (une facture importée garde son numéro)");
    } else if (number.text.find_first_of("\t\r\n") != std::string_view::npos) {
      error(where(Col::number, number.line), "le numéro ne peut contenir ni tabulation ni retour à la ligne");
    } else if (utf8_length(number.text) > 60) {
      error(where(Col::number, number.line), "numéro trop long (60 caractères au plus)");
    } else if (ledger_numbers.count(number.text)) {
      error(where(Col::number, number.line), "le numéro " + quoted_value(number.text) + " existe déjà dans Relance");
    } else if (auto [it, added] = file_numbers.emplace(std::string(number.text), NumberSeen{line}); added) {
      seen = &it->second;
    } else {
      // One row per line item or per payment: the rows of one invoice
      // repeat its number, client and total (checked below).
      if (it->second.invoice != SIZE_MAX) {
        repeat = it->second.invoice;
        repeat_line = it->second.line;
      } else {
        error(where(Col::number, number.line), "numéro " + quoted_value(number.text) + " en double : déjà ligne " +
                                                   std::to_string(it->second.line));
      }
    }

    // Client.
    const Cell name = cell(Col::client);
    if (name.text.empty()) error(where(Col::client, name.line), "client manquant");
    else text_ok(Col::client, 500);
    std::optional<ClientKind> kind;
    if (const Cell x = cell(Col::client_kind); !x.text.empty()) {
      kind = kind_from(x.text);
      if (!kind)
        error(where(Col::client_kind, x.line),
              "type de client inconnu " + quoted_value(x.text) + " (attendu Professionnel ou Particulier)");
    }
    const Cell email = cell(Col::email);
    if (!email.text.empty() && !valid_email(email.text))
      error(where(Col::email, email.line), "adresse e-mail invalide " + quoted_value(email.text));
    text_ok(Col::email, 500);
    text_ok(Col::phone, 500);
    text_ok(Col::client_code, 500);
    std::string siren;
    if (const Cell x = cell(Col::siren); !x.text.empty()) {
      for (char ch : x.text)
        if (ch >= '0' && ch <= '9') siren += ch;
      // Digits grouped by spaces (any kind), dots or dashes.
      const bool only_digits_and_spaces = std::all_of(x.text.begin(), x.text.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || ch == ' ' || ch == '.' || ch == '-' || static_cast<unsigned char>(ch) >= 0x80;
      });
      if (siren.size() == 14) siren.resize(9);  // a SIRET starts with the SIREN
      if (!only_digits_and_spaces || siren.size() != 9) {
        error(where(Col::siren, x.line), "SIREN invalide " + quoted_value(x.text) + " (9 chiffres attendus)");
        siren.clear();
      }
    }

    // Dates and amounts.
    const DateCell issue = date(Col::issue_date, true);
    const DateCell due = date(Col::due_date, true);
    const DateCell paid_on = date(Col::paid_date, false);
    const Amount ht = amount(Col::ht), vat = amount(Col::vat), ttc_cell = amount(Col::ttc), paid = amount(Col::paid);
    std::optional<BasisPoints> rate;
    if (const Cell x = cell(Col::rate); !x.text.empty()) {
      rate = parse_rate(x.text);
      if (!rate || *rate < 0 || *rate > 100 * kPercent) {
        error(where(Col::rate, x.line), "taux invalide " + quoted_value(x.text) + " (un pourcentage de 0 à 100, par exemple " +
                                            (amounts == AmountStyle::french ? "12,15" : "12.15") + ")");
        rate.reset();
      }
    }
    text_ok(Col::label, 2000);

    // Totals: TTC, or HT + TVA; all three must agree.
    Cents inv_ht = 0, inv_vat = 0, ttc = 0;
    bool totals_ok = ht.ok && vat.ok && ttc_cell.ok;
    if (totals_ok) {
      if (ttc_cell.given) {
        ttc = ttc_cell.value;
        if (ht.given && vat.given) {
          if (ht.value + vat.value != ttc) {
            error(where(Col::ttc), "HT + TVA (" + amount_text(ht.value, result.format.dialect) + " + " +
                                       amount_text(vat.value, result.format.dialect) + ") ne fait pas le TTC (" +
                                       amount_text(ttc, result.format.dialect) + ")");
            totals_ok = false;
          }
          inv_ht = ht.value;
          inv_vat = vat.value;
        } else if (ht.given || vat.given) {
          const Amount& part = ht.given ? ht : vat;
          if (part.value > ttc) {
            error(where(ht.given ? Col::ht : Col::vat), std::string(ht.given ? "HT" : "TVA") + " (" +
                                                            amount_text(part.value, result.format.dialect) +
                                                            ") supérieur au TTC (" + amount_text(ttc, result.format.dialect) + ")");
            totals_ok = false;
          }
          inv_ht = ht.given ? ht.value : ttc - vat.value;
          inv_vat = ttc - inv_ht;
        }
      } else if (ht.given && vat.given) {
        inv_ht = ht.value;
        inv_vat = vat.value;
        ttc = ht.value + vat.value;
        if (ttc > kMaxCents) {
          error(where(Col::ht), "montant trop grand");
          totals_ok = false;
        }
      } else {
        error(has(Col::ttc) ? where(Col::ttc) : at(), "montant TTC manquant (ni TTC, ni HT et TVA)");
        totals_ok = false;
      }
      if (totals_ok && ttc == 0) {
        error(has(Col::ttc) ? where(Col::ttc) : where(Col::ht), "montant TTC nul : rien à recouvrer");
        totals_ok = false;
      }
    }
    if (issue.given && issue.ok && due.given && due.ok && due.value < issue.value)
      error(where(Col::due_date), "échéance (" + to_fr(due.value) + ") antérieure à la date de facture (" +
                                      to_fr(issue.value) + ")");

    // Payment: the paid amount, or the whole TTC when only a date (or the
    // status "payée" with a date) says it was paid.
    // Other tools' exports: a payment row's own amount, or what the
    // « Reste dû » leaves of the TTC; a payment they give without its date
    // is dated on the due date (the most favourable to the client, so no
    // penalty is ever claimed on it), with a warning.
    const bool other_tool = !result.preset.empty();
    const Col paid_col = has(Col::pay_amount) ? Col::pay_amount : Col::paid;
    const Amount pay = amount(Col::pay_amount);
    const Amount bal = amount(Col::balance);
    Cents paid_amount = 0;
    bool paid_known = false;
    if (has(Col::pay_amount)) {
      if (pay.ok && pay.given) paid_amount = pay.value, paid_known = true;
    } else if (paid.ok && paid.given) {
      paid_amount = paid.value;
      paid_known = true;
    } else if (!has(Col::paid) && other_tool && bal.ok && bal.given && totals_ok && bal.value <= ttc && !repeat) {
      paid_amount = ttc - bal.value;
      paid_known = true;
    }
    Date paid_date = paid_on.value;
    bool dated = paid_on.given;
    auto date_on_due = [&] {
      paid_date = due.ok && due.given ? due.value : issue.value;
      dated = true;
      undated_lines.push_back(line);
    };
    if (paid_known && paid_amount > 0 && !dated && other_tool && !repeat) date_on_due();
    if (paid_known) {
      if (totals_ok && paid_amount > ttc)
        error(where(paid_col), "montant payé (" + amount_text(paid_amount, result.format.dialect) +
                                   ") supérieur au TTC (" + amount_text(ttc, result.format.dialect) + ")");
      if (paid_amount > 0 && !dated)
        error(has(Col::paid_date) ? where(Col::paid_date) : where(paid_col),
              "date de paiement manquante pour le montant payé de " + amount_text(paid_amount, result.format.dialect));
    }
    if (!has(Col::pay_amount) && paid.ok && paid_on.given && (!paid_known || (paid_amount == 0 && status == RowStatus::paid)))
      paid_amount = ttc;
    if (status == RowStatus::paid && !dated && !(paid_known && paid_amount > 0) && !repeat) {
      if (other_tool) {
        paid_amount = ttc;
        date_on_due();
      } else {
        error(where(Col::status, status_cell.line), "statut " + quoted_value(status_cell.text) +
                                                        " sans date de paiement (ajoutez une colonne « Date de paiement »)");
      }
    }
    if (status == RowStatus::paid && paid.ok && paid.given && totals_ok && paid_amount < ttc)
      paid_short_lines.push_back(line);
    // A « Reste dû » that says otherwise than TTC − paid: worth a look.
    if (bal.ok && bal.given && totals_ok && has(Col::paid) && paid.ok && !has(Col::pay_amount) && !repeat &&
        bal.value != ttc - paid_amount &&
        result.warnings.size() < 200)
      result.warnings.push_back(where(Col::balance) + " : reste dû de " + amount_text(bal.value, result.format.dialect) +
                                " alors que TTC − payé = " + amount_text(ttc - paid_amount, result.format.dialect));

    if (result.errors.size() != errors_before || stopped) return;

    if (repeat) {
      // Another row of an invoice already read: same client and total, and
      // in a payment-per-row export, one more payment.
      Invoice& first = batch.invoices[*repeat];
      if (key_of(name.text) != batch_client_key[*repeat] || (totals_ok && ttc != first.ttc)) {
        error(where(Col::number, number.line), "numéro " + quoted_value(number.text) + " en double : déjà ligne " +
                                                   std::to_string(repeat_line));
        return;
      }
      grouped_lines.push_back(line);
      if (has(Col::pay_amount) && paid_amount > 0) {
        Cents sum = 0;
        for (const Payment& q : first.payments) sum += q.amount;
        if (sum + paid_amount > first.ttc) {
          error(where(Col::pay_amount), "les paiements de la facture " + quoted_value(number.text) + " dépassent son TTC (" +
                                            amount_text(first.ttc, result.format.dialect) + ")");
          return;
        }
        Payment q;
        q.date = paid_date;
        q.amount = paid_amount;
        q.method = PaymentMethod::other;
        q.reference = "import CSV";
        q.deposit = q.date < first.issue_date;
        first.payments.push_back(std::move(q));
      }
      return;
    }

    // The row is good: its client, then its invoice.
    Invoice inv;
    inv.number = std::string(number.text);
    std::string name_key = key_of(name.text);
    inv.client = client_ref(name.text, name_key, cell(Col::client_code).text, kind, email.text, cell(Col::phone).text, siren);
    inv.kind = InvoiceKind::invoice;
    inv.state = Lifecycle::issued;
    inv.issue_date = issue.value;
    inv.due_date = due.value;
    inv.ht = inv_ht;
    inv.vat = inv_vat;
    inv.ttc = ttc;
    inv.label = std::string(cell(Col::label).text);
    inv.contractual_rate = rate;
    if (paid_amount > 0) {
      Payment p;
      p.date = paid_date;
      p.amount = paid_amount;
      p.method = PaymentMethod::other;
      p.reference = "import CSV";
      // Paid before the invoice date: that is what a deposit (acompte) is.
      p.deposit = p.date < inv.issue_date;
      if (p.deposit) deposit_lines.push_back(line);
      inv.payments.push_back(std::move(p));
    }
    switch (status) {
      case RowStatus::disputed: inv.disputes.push_back({today, "importée comme contestée", {}}); break;
      case RowStatus::cancelled:
        inv.state = Lifecycle::cancelled;
        inv.closed_on = today;
        inv.cancel_reason = "importée comme annulée";
        break;
      case RowStatus::written_off:
        inv.state = Lifecycle::written_off;
        inv.closed_on = today;
        inv.cancel_reason = "importée comme passée en perte";
        break;
      default: break;
    }
    if (seen) seen->invoice = batch.invoices.size();
    batch_client_key.push_back(std::move(name_key));
    batch.invoices.push_back(std::move(inv));
    invoice_line.push_back(line);
  }

  // An existing client (by code, then by folded name) or a client of the
  // batch, created at its first row: -(index + 1).
  ClientId client_ref(std::string_view name, const std::string& name_key, std::string_view code, std::optional<ClientKind> kind,
                      std::string_view email, std::string_view phone, const std::string& siren) {
    const std::string code_key = code.empty() ? std::string() : key_of(code);
    if (!code.empty()) {
      if (auto it = existing_by_code.find(code_key); it != existing_by_code.end()) return it->second;
    }
    std::size_t k = SIZE_MAX;
    if (!code.empty()) {
      if (auto it = new_by_code.find(code_key); it != new_by_code.end()) k = it->second;
    }
    if (k == SIZE_MAX) {
      if (auto it = existing_by_name.find(name_key); it != existing_by_name.end()) return it->second;
      if (auto it = new_by_name.find(name_key); it != new_by_name.end()) k = it->second;
    }
    if (k == SIZE_MAX) {
      Client c;
      c.name = std::string(name);
      c.kind = kind.value_or(ClientKind::business);
      k = batch.clients.size();
      batch.clients.push_back(std::move(c));
      new_client_line.push_back(line);
      new_client_kind_given.push_back(kind.has_value());
      new_by_name.emplace(name_key, k);
    }
    // Details come from the first row that has them.
    Client& c = batch.clients[k];
    if (c.code.empty() && !code.empty()) {
      c.code = std::string(code);
      new_by_code.emplace(code_key, k);
    }
    if (!new_client_kind_given[k] && kind) {
      c.kind = *kind;
      new_client_kind_given[k] = true;
    }
    if (c.email.empty()) c.email = std::string(email);
    if (c.phone.empty()) c.phone = std::string(phone);
    if (c.siren.empty()) c.siren = siren;
    return -static_cast<ClientId>(k + 1);
  }

  // ------------------------------------------------------------ finish
  void finish_rows() {
    if (stopped) {
      result.errors.push_back({"ligne " + std::to_string(line),
                               "trop d'erreurs : lecture arrêtée après " + std::to_string(opts.max_errors)});
      return;
    }
    if (result.errors.empty() && batch.invoices.empty()) {
      if (result.rows == 0)
        error("", "aucune facture à importer : le fichier ne contient que la ligne d'en-tête");
      else
        error("", "aucune facture à importer : les " + std::to_string(result.skipped) +
                      " lignes sont des avoirs, brouillons ou pro forma");
    }
  }

  // Applies the batch to a copy of the ledger, so success here means the
  // caller's apply() succeeds too; a refusal is mapped back to its line.
  // A slice at a time (check_step), so the browser shows the progress; the
  // copy with the batch applied is what the caller's apply() would give
  // (take_checked_ledger).
  std::unique_ptr<Ledger> checked;
  std::optional<ImportBatchApply> applying;

  // Up to max_items more of the check; false once it is done.
  bool check_step(std::size_t max_items) {
    if (!result.errors.empty()) return false;
    if (!applying) {
      checked = std::make_unique<Ledger>(*into);
      applying.emplace(*checked, batch);
      return true;  // the copy alone may take a while on a large ledger
    }
    if (applying->step(max_items)) return true;
    auto applied = applying->take_result();
    applying.reset();
    if (!applied) {
      checked.reset();
      result.errors.push_back(locate(applied.error()));
    }
    return false;
  }

  Error locate(const Error& e) const {
    // "invoices[12].invoice.ttc", "clients[3].client.email"
    auto index_after = [&](std::string_view prefix, std::size_t& i, std::string_view& rest) {
      if (!starts_with(e.where, prefix)) return false;
      std::size_t p = prefix.size(), v = 0;
      bool digits = false;
      while (p < e.where.size() && e.where[p] >= '0' && e.where[p] <= '9') {
        v = v * 10 + static_cast<std::size_t>(e.where[p++] - '0');
        digits = true;
      }
      if (!digits || p >= e.where.size() || e.where[p] != ']') return false;
      i = v;
      rest = std::string_view(e.where).substr(std::min(e.where.size(), p + 2));
      return true;
    };
    static constexpr std::pair<std::string_view, Col> fields_to_columns[] = {
        {"invoice.number", Col::number},        {"invoice.client", Col::client},
        {"invoice.issue_date", Col::issue_date}, {"invoice.due_date", Col::due_date},
        {"invoice.ht", Col::ht},                {"invoice.vat", Col::vat},
        {"invoice.ttc", Col::ttc},              {"invoice.label", Col::label},
        {"invoice.contractual_rate", Col::rate}, {"invoice.payments", Col::paid_date},
        {"client.name", Col::client},           {"client.email", Col::email},
        {"client.phone", Col::phone},           {"client.code", Col::client_code},
        {"client.siren", Col::siren},
    };
    std::size_t i = 0;
    std::string_view rest;
    int at = 0;
    if (index_after("invoices[", i, rest) && i < invoice_line.size()) at = invoice_line[i];
    else if (index_after("clients[", i, rest) && i < new_client_line.size()) at = new_client_line[i];
    if (!at) return e;
    for (const auto& [field, col] : fields_to_columns) {
      if (!starts_with(rest, field)) continue;
      const Col c = col == Col::paid_date && !has(Col::paid_date) ? Col::paid : col;
      return {where(c, at), e.what};
    }
    return {"ligne " + std::to_string(at), e.what};
  }

  void finish() {
    if (!skipped_lines.empty())
      result.warnings.push_back(std::to_string(skipped_lines.size()) +
                                " ligne(s) non importée(s) : avoirs, brouillons ou pro forma ne s'importent pas, "
                                "saisissez les avoirs dans Relance contre leur facture (lignes " +
                                join_lines(skipped_lines) + ")");
    if (!deposit_lines.empty())
      result.warnings.push_back("paiement antérieur à la date de facture, importé comme acompte (lignes " +
                                join_lines(deposit_lines) + ")");
    if (!footer_lines.empty())
      result.warnings.push_back("ligne(s) de total ignorée(s) (lignes " + join_lines(footer_lines) + ")");
    if (!grouped_lines.empty())
      result.warnings.push_back(std::to_string(grouped_lines.size()) +
                                " ligne(s) regroupée(s) avec la facture de même numéro (une ligne par article ou par paiement ; lignes " +
                                join_lines(grouped_lines) + ")");
    if (!undated_lines.empty())
      result.warnings.push_back("paiement sans date dans le fichier : daté de l'échéance, vérifiez-le (lignes " +
                                join_lines(undated_lines) + ")");
    if (!foreign_sign.empty())
      result.warnings.push_back("montants écrits avec le signe « " + foreign_sign +
                                " » : importés tels quels, comme des euros ; vérifiez la devise");
    if (!paid_short_lines.empty())
      result.warnings.push_back("statut « Payée » mais montant payé inférieur au TTC : importée comme payée en partie (lignes " +
                                join_lines(paid_short_lines) + ")");
    if (result.errors.empty()) {
      result.new_clients = batch.clients.size();
      result.invoices = batch.invoices.size();
      result.batch = std::move(batch);
    } else {
      result.new_clients = 0;
      result.invoices = 0;
    }
    batch = {};
    stage = Stage::done;
  }
};

CsvImporter::CsvImporter(const Ledger& into, std::string bytes, CsvOptions opts, Date today)
    : s_(std::make_unique<State>()) {
  s_->into = &into;
  s_->raw = std::move(bytes);
  s_->opts = opts;
  if (s_->opts.max_errors == 0) s_->opts.max_errors = 1;
  s_->today = today;
  s_->column.fill(-1);
  if (opts.dialect) s_->result.format.dialect = *opts.dialect;
}

CsvImporter::~CsvImporter() = default;
CsvImporter::CsvImporter(CsvImporter&&) noexcept = default;
CsvImporter& CsvImporter::operator=(CsvImporter&&) noexcept = default;

bool CsvImporter::step(std::size_t max_rows) {
  State& s = *s_;
  using Stage = State::Stage;
  switch (s.stage) {
    case Stage::start:
      s.start();
      if (s.stage == Stage::done) s.finish();
      return s.stage != Stage::done;
    case Stage::rows:
      for (std::size_t n = 0; n < std::max<std::size_t>(max_rows, 1); ++n) {
        const auto status = s.reader.next(s.fields, s.nfields, s.line);
        if (status == Reader::Status::unterminated) {
          s.error("ligne " + std::to_string(s.reader.unterminated_line()),
                  "guillemet ouvrant sans guillemet fermant (le champ court jusqu'à la fin du fichier)");
          s.stage = Stage::check;
          break;
        }
        if (status == Reader::Status::end) {
          s.stage = Stage::check;
          break;
        }
        if (blank_record(s.fields, s.nfields)) continue;
        s.row();
        if (s.stopped) {
          s.stage = Stage::check;
          break;
        }
      }
      if (s.stage == Stage::check) s.finish_rows();
      return true;
    case Stage::check:
      if (s.check_step(max_rows)) return true;
      s.finish();
      return false;
    case Stage::done: break;
  }
  return false;
}

double CsvImporter::progress() const {
  const State& s = *s_;
  switch (s.stage) {
    case State::Stage::start: return 0.0;
    // Reading the rows and checking the batch take about as long.
    case State::Stage::rows:
      return s.text.empty() ? 0.0 : 0.5 * static_cast<double>(s.reader.pos()) / static_cast<double>(s.text.size());
    case State::Stage::check: return 0.5 + 0.5 * (s.applying ? s.applying->progress() : 0.0);
    case State::Stage::done: break;
  }
  return 1.0;
}

bool CsvImporter::finished() const { return s_->stage == State::Stage::done; }

std::vector<std::string> CsvImporter::header() {
  State& s = *s_;
  if (s.stage == State::Stage::start) {
    s.header_only = true;
    s.start();
  }
  return s.headers;
}

std::vector<std::vector<std::string>> CsvImporter::next_rows(std::size_t max_rows) {
  State& s = *s_;
  header();
  std::vector<std::vector<std::string>> out;
  while (out.size() < max_rows && !s.headers.empty()) {
    if (s.reader.next(s.fields, s.nfields, s.line) != Reader::Status::record) break;
    if (blank_record(s.fields, s.nfields)) continue;
    std::vector<std::string> row;
    for (std::size_t i = 0; i < s.nfields; ++i) row.push_back(s.fields[i].text);
    out.push_back(std::move(row));
  }
  return out;
}

std::unique_ptr<Ledger> CsvImporter::take_checked_ledger() {
  if (s_->stage != State::Stage::done || !s_->result.errors.empty()) return nullptr;
  return std::move(s_->checked);
}

CsvImportResult CsvImporter::take_result() {
  while (step(100000)) {
  }
  return std::move(s_->result);
}

CsvImportResult import_csv(const Ledger& into, std::string_view bytes, const CsvOptions& opts, Date today) {
  CsvImporter importer(into, std::string(bytes), opts, today);
  return importer.take_result();
}

namespace {

// The start of a file, enough for its header and first rows: the header is
// among the first ten records, 64 KiB is plenty, cut at a line end (a
// character boundary in UTF-8 as in Windows-1252); `o` gets the encoding
// decided on the whole file, as the importer does.
std::string file_head(std::string_view bytes, CsvOptions& o) {
  std::string_view head = bytes;
  if (head.size() > (std::size_t{64} << 10)) {
    head = head.substr(0, std::size_t{64} << 10);
    if (const std::size_t nl = head.rfind('\n'); nl != std::string_view::npos) head = head.substr(0, nl + 1);
    if (!o.encoding && bytes.substr(0, 3) != "\xEF\xBB\xBF")
      o.encoding = is_valid_utf8(bytes) ? CsvEncoding::utf8 : CsvEncoding::cp1252;
  }
  return std::string(head);
}

}  // namespace

std::vector<std::string> csv_header(std::string_view bytes, const CsvOptions& opts) {
  CsvOptions o = opts;
  const Ledger empty;
  CsvImporter importer(empty, file_head(bytes, o), o, Date{});
  return importer.header();
}

CsvPreview csv_preview(std::string_view bytes, const CsvOptions& opts, std::size_t max_rows) {
  CsvOptions o = opts;
  const Ledger empty;
  CsvImporter importer(empty, file_head(bytes, o), o, Date{});
  CsvPreview p;
  p.header = importer.header();
  p.rows = importer.next_rows(max_rows);
  return p;
}

int invoice_csv_missing_columns(std::string_view bytes, const CsvOptions& opts) {
  std::array<bool, kCols> seen{};
  for (const std::string& h : csv_header(bytes, opts)) {
    const std::string key = fold(h);
    std::optional<Col> c;
    bool given = false;
    for (const auto& [header, field] : opts.mapping) {
      if (fold(header) != key) continue;
      given = true;
      for (const auto& [name, col] : kFieldNames)
        if (field == name) c = col;
    }
    if (!given) c = column_for(h);
    if (c && *c != Col::count) seen[idx(*c)] = true;
  }
  int missing = 0;
  for (Col c : {Col::number, Col::client, Col::issue_date, Col::due_date}) missing += !seen[idx(c)];
  missing += !seen[idx(Col::ttc)] && !(seen[idx(Col::ht)] && seen[idx(Col::vat)]);
  return missing;
}

// ============================================================ [SECTION] export
namespace {

struct CsvWriter {
  char sep;
  std::string out;
  bool first = true;
  std::string specials = {sep, '"', '\r', '\n'};

  void raw_cell(std::string_view s) {
    if (!first) out += sep;
    first = false;
    const bool quote = s.find_first_of(specials) != std::string_view::npos ||
                       (!s.empty() && (s.front() == ' ' || s.back() == ' ' || s.back() == '\t'));
    if (!quote) {
      out += s;
      return;
    }
    out += '"';
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  // User text: escaped so a spreadsheet never runs it as a formula.
  void text(std::string_view s) {
    if (escaped_formula(s)) raw_cell("'" + std::string(s));
    else raw_cell(s);
  }
  void end_row() {
    out += "\r\n";
    first = true;
  }
};

}  // namespace

std::string export_csv(const Ledger& l, CsvDialect dialect, CsvEncoding encoding, std::size_t* lost) {
  const bool fr = dialect == CsvDialect::french;
  CsvWriter w{fr ? ';' : ',', {}, true};
  static constexpr const char* kFrench[] = {"Numéro", "Type", "Client", "Code client", "Type client", "E-mail",
                                            "Téléphone", "SIREN", "Date", "Échéance", "HT", "TVA", "TTC", "Payé",
                                            "Date de paiement", "Reste dû", "Statut", "Libellé", "Taux de pénalité"};
  static constexpr const char* kPlain[] = {"Number", "Type", "Client", "Client code", "Client type", "Email",
                                           "Phone", "SIREN", "Issue date", "Due date", "Net", "VAT", "Total", "Paid",
                                           "Payment date", "Balance", "Status", "Label", "Penalty rate"};
  static_assert(std::size(kFrench) == std::size(kPlain));
  for (const char* h : fr ? kFrench : kPlain) w.raw_cell(h);
  w.end_row();

  auto date = [&](Date d) { return fr ? to_fr(d) : to_iso(d); };
  auto money = [&](Cents c) { return amount_text(c, dialect); };
  for (const Invoice& inv : l.invoices) {
    if (inv.state == Lifecycle::draft || inv.kind == InvoiceKind::proforma) continue;
    const bool credit = inv.kind == InvoiceKind::credit_note;
    const Client* c = find_client(l, inv.client);
    static const Client kNone;
    const Client& client = c ? *c : kNone;
    w.text(inv.number);
    w.raw_cell(fr ? (credit ? "Avoir" : "Facture") : (credit ? "credit note" : "invoice"));
    w.text(client.name);
    w.text(client.code);
    w.raw_cell(fr ? label_fr(client.kind) : to_string(client.kind));
    w.text(client.email);
    w.text(client.phone);
    w.text(client.siren);
    w.raw_cell(date(inv.issue_date));
    w.raw_cell(date(inv.due_date));
    w.raw_cell(inv.ht || inv.vat ? money(inv.ht) : "");
    w.raw_cell(inv.ht || inv.vat ? money(inv.vat) : "");
    w.raw_cell(money(inv.ttc));
    Date last_payment;
    for (const Payment& p : inv.payments) last_payment = std::max(last_payment, p.date);
    w.raw_cell(credit ? "" : money(paid_amount(inv)));
    w.raw_cell(credit ? "" : date(last_payment));
    w.raw_cell(credit ? "" : money(balance(l, inv)));
    const InvoiceStatus st = invoice_status(l, inv);
    w.raw_cell(fr ? label_fr(st) : to_string(st));
    w.text(inv.label);
    std::string rate = inv.contractual_rate ? format_rate(*inv.contractual_rate) : "";
    if (fr) std::replace(rate.begin(), rate.end(), '.', ',');
    w.raw_cell(rate);
    w.end_row();
  }
  if (lost) *lost = 0;
  if (encoding == CsvEncoding::cp1252) return utf8_to_cp1252(w.out, lost);
  return fr ? "\xEF\xBB\xBF" + w.out : w.out;
}

}  // namespace relance
