#include "core/mappings.h"

#include "core/text.h"

namespace relance {

namespace {

std::string hex64(std::uint64_t h) {
  static const char digits[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) s[static_cast<std::size_t>(i)] = digits[h & 15];
  return s;
}

constexpr std::pair<const char*, int bank::CsvColumns::*> kBankFields[] = {
    {"date", &bank::CsvColumns::date},   {"amount", &bank::CsvColumns::amount}, {"debit", &bank::CsvColumns::debit},
    {"credit", &bank::CsvColumns::credit}, {"label", &bank::CsvColumns::label},  {"ref", &bank::CsvColumns::reference},
    {"payer", &bank::CsvColumns::payer}};

}  // namespace

std::string header_signature(const std::vector<std::string>& cells) {
  std::size_t n = cells.size();
  while (n > 0 && fold(cells[n - 1]).empty()) --n;
  if (n == 0) return {};
  std::string joined;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) joined += '|';
    joined += fold(cells[i]);
  }
  if (joined.size() > 500) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : joined) {
      h ^= c;
      h *= 1099511628211ull;
    }
    joined = utf8_truncate(joined.substr(0, 480), 480) + "#" + hex64(h);
  }
  return "header:" + joined;
}

std::string invoice_csv_key(std::string_view bytes, const CsvOptions& opts) {
  return header_signature(csv_header(bytes, opts));
}

std::optional<SavedMapping> invoice_csv_mapping(std::string_view bytes, const CsvOptions& opts) {
  if (opts.mapping.empty()) return std::nullopt;
  SavedMapping m;
  m.kind = MappingKind::invoice_csv;
  m.key = invoice_csv_key(bytes, opts);
  if (m.key.empty()) return std::nullopt;
  for (const auto& [column, field] : opts.mapping) {
    const std::string f = fold(field);
    m.columns.emplace_back(std::string(trim(column)), f.empty() || f == "ignore" || f == "ignorer" ? std::string("ignore") : field);
  }
  return m;
}

const SavedMapping* remembered_invoice_mapping(const Ledger& l, std::string_view bytes, const CsvOptions& opts) {
  for (const SavedMapping& m : l.mappings) {
    if (m.kind != MappingKind::invoice_csv) continue;
    CsvOptions o = opts;
    o.mapping = m.columns;
    if (invoice_csv_key(bytes, o) == m.key) return &m;
  }
  return nullptr;
}

std::string bank_csv_key(std::string_view bytes, const bank::CsvColumns& columns) {
  const std::string iban = bank::bank_csv_iban(bytes, columns.skip_rows);
  if (!iban.empty()) return "iban:" + iban;
  return header_signature(bank::bank_csv_header(bytes, columns));
}

std::optional<SavedMapping> bank_csv_mapping(std::string_view bytes, const bank::CsvColumns& columns) {
  SavedMapping m;
  m.kind = MappingKind::bank_csv;
  m.key = bank_csv_key(bytes, columns);
  if (m.key.empty()) return std::nullopt;
  for (const auto& [name, member] : kBankFields)
    if (columns.*member >= 0) m.columns.emplace_back(std::to_string(columns.*member + 1), name);
  m.skip_rows = columns.skip_rows;
  m.separator = columns.separator;
  return m;
}

bank::CsvColumns bank_columns_of(const SavedMapping& m) {
  bank::CsvColumns c;
  for (const auto& [column, field] : m.columns) {
    if (column.empty() || column.size() > 3 || column.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const auto& [name, member] : kBankFields)
      if (field == name) c.*member = std::stoi(column) - 1;
  }
  c.skip_rows = m.skip_rows;
  c.separator = m.separator;
  return c;
}

const SavedMapping* remembered_bank_mapping(const Ledger& l, std::string_view bytes) {
  for (const SavedMapping& m : l.mappings) {
    if (m.kind != MappingKind::bank_csv) continue;
    if (bank_csv_key(bytes, bank_columns_of(m)) == m.key) return &m;
  }
  return nullptr;
}

}  // namespace relance
