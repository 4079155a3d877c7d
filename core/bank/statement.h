// Bank statements as the bank gives them: OFX (1.x SGML and 2.x XML),
// ISO 20022 camt.053 / camt.054, CFONB 120 and the CSV exports of bank web
// sites. Every reader gives the same Statement: one line per movement, its
// booking date, its signed amount in cents (credits positive) and what the
// bank says about it. Pure: bytes in, a Statement or one Error out (where =
// "FILE, ligne N" or "FILE: /Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt").
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"

namespace relance::bank {

enum class Format { ofx, camt053, camt054, cfonb, csv };

struct StatementLine {
  Date date;           // booking date
  Cents amount = 0;    // signed: credits positive
  std::string label;   // what the bank shows (with its complements)
  std::string reference;  // the payer's reference (RmtInf, RCN, CSV column)
  std::string payer;   // the other party's name when the format carries it
  // The bank's own id of the movement (FITID, AcctSvcrRef, EndToEndId),
  // else "h:" and a hash of account (bank CSV: none) + date + amount + label (+ the rank of
  // identical movements): the same movement read twice has the same id.
  std::string bank_id;
  bool bank_id_from_bank = false;
  int source_line = 0;  // physical line in the file (text formats)
  bool operator==(const StatementLine&) const = default;
};

struct Statement {
  Format format = Format::csv;
  std::string id;        // the statement's own id when it has one (camt Stmt/Id)
  std::string account;   // IBAN, else the account number (bank CSV: the IBAN written above the movements, else "")
  std::string currency;  // "EUR"
  std::string preset;    // CSV: the export recognised ("generic-fr", "boursorama"...)
  std::vector<StatementLine> lines;
};

const char* to_string(Format f);  // "ofx", "camt053", "camt054", "cfonb", "csv"
// "ofx", "camt053" (or "camt"), "camt054", "cfonb", "csv".
std::optional<Format> format_from(std::string_view s);

// Which format the bytes are in, from their content; none when unknown.
std::optional<Format> detect_format(std::string_view bytes);

// A CSV file's columns, for exports no preset knows. Columns count from 0;
// -1 means absent. Either `amount`, or `debit` and/or `credit`.
struct CsvColumns {
  int date = -1;
  int amount = -1;
  int debit = -1;
  int credit = -1;
  int label = -1;
  int reference = -1;
  int payer = -1;
  int skip_rows = 1;  // lines before the first movement (the header and what precedes it)
  char separator = 0; // 0: detected
};

struct ParseOptions {
  std::optional<Format> format;        // none: detected
  std::optional<CsvColumns> columns;   // CSV only; none: from the header (presets)
};

Result<Statement> parse_statement(std::string_view bytes, std::string_view origin, const ParseOptions& opts = {});

Result<Statement> parse_ofx(std::string_view bytes, std::string_view origin);
Result<Statement> parse_camt(std::string_view bytes, std::string_view origin);
Result<Statement> parse_cfonb(std::string_view bytes, std::string_view origin);
Result<Statement> parse_bank_csv(std::string_view bytes, std::string_view origin, const CsvColumns* columns = nullptr);

// What a remembered bank CSV mapping is recognised by (core/mappings.h):
// the IBAN written in the first `skip_rows` lines, above the movements
// (checked mod 97, returned without spaces, upper case), else ""; and the
// cells of the record just above the first movement (its header: record
// `skip_rows`, counted from 1), empty when skip_rows is 0. The separator is
// the columns' own, else detected as parse_bank_csv() does.
std::string bank_csv_iban(std::string_view bytes, int skip_rows);
// Whether a bank preset finds its header (a date column and an amount, or
// debit / credit, column) among the first 40 records: what tells a bank CSV
// from another CSV, without reading its movements.
bool bank_csv_has_header(std::string_view bytes);
std::vector<std::string> bank_csv_header(std::string_view bytes, const CsvColumns& columns);

// Fills bank_id for the lines that have none: "h:" + 16 hex digits of a
// 64-bit FNV-1a over account, date, amount, label and the rank of identical
// lines before it; and makes ids that repeat in one statement unique.
void assign_line_ids(Statement& s);

}  // namespace relance::bank
