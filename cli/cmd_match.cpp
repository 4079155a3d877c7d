// relance match: reads a bank statement (OFX, camt.053/054, CFONB 120, bank
// CSV), proposes which invoices each credit pays and, with --apply, records
// every sure proposal in one command (all or nothing).
#include <filesystem>

#include "cli/commands.h"
#include "core/bank/match.h"
#include "core/bank/statement.h"
#include "core/mappings.h"
#include "core/storage.h"

namespace relance::cli {
namespace {

// "date=1,amount=5,label=3": columns counted from 1 as a spreadsheet shows them.
Result<bank::CsvColumns> columns_flag(const std::string& v, const Args& a) {
  bank::CsvColumns c;
  std::size_t pos = 0;
  while (pos <= v.size()) {
    const std::size_t comma = v.find(',', pos);
    const std::string part = v.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    const std::size_t eq = part.find('=');
    const std::string name = part.substr(0, eq);
    const std::string num = eq == std::string::npos ? "" : part.substr(eq + 1);
    if (num.empty() || num.size() > 3 || num.find_first_not_of("0123456789") != std::string::npos || std::stoi(num) < 1)
      return Error{"--columns", "« " + part + " » : attendu NOM=NUMÉRO de colonne (à partir de 1), par exemple date=1,amount=4,label=2"};
    const int col = std::stoi(num) - 1;
    if (name == "date") c.date = col;
    else if (name == "amount") c.amount = col;
    else if (name == "debit") c.debit = col;
    else if (name == "credit") c.credit = col;
    else if (name == "label") c.label = col;
    else if (name == "ref") c.reference = col;
    else if (name == "payer") c.payer = col;
    else return Error{"--columns", "colonne inconnue « " + name + " » (date, amount, debit, credit, label, ref, payer)"};
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  if (auto skip = a.get("--skip")) {
    if (skip->empty() || skip->size() > 4 || skip->find_first_not_of("0123456789") != std::string::npos)
      return Error{"--skip", "nombre de lignes attendu, trouvé « " + *skip + " »"};
    c.skip_rows = std::stoi(*skip);
  }
  return c;
}

Status run_match(const Args& a) {
  if (a.positional.size() < 2) return Error{"STATEMENT", "registre et relevé obligatoires : relance match LEDGER.json RELEVÉ"};
  if (a.positional.size() > 2) return Error{a.positional[2], "argument inattendu"};
  const bool do_apply = a.has("--apply");
  const auto out_path = a.get("-o");
  if (do_apply && !out_path) return Error{"-o", "fichier de sortie obligatoire avec --apply"};
  if (!do_apply && out_path) return Error{"-o", "ne sert qu'avec --apply"};
  bank::ParseOptions opts;
  if (auto f = a.get("--format"); f && *f != "auto") {
    opts.format = bank::format_from(*f);
    if (!opts.format) return Error{"--format", "format inconnu « " + *f + " » (auto, ofx, camt053, camt054, cfonb, csv)"};
  }
  if (auto cols = a.get("--columns")) {
    auto c = columns_flag(*cols, a);
    if (!c) return c.error();
    opts.columns = *c;
    if (opts.format && *opts.format != bank::Format::csv) return Error{"--columns", "ne sert qu'avec un relevé CSV"};
  } else if (a.has("--skip")) {
    return Error{"--skip", "ne sert qu'avec --columns"};
  }
  auto today = today_flag(a);
  if (!today) return today.error();
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  const std::string& path = a.positional[1];
  auto bytes = read_file(path);
  if (!bytes) return bytes.error();
  // CSV columns given are remembered with --apply -o; without them, columns
  // remembered for this account (or this header) are used.
  std::string mapping = opts.columns ? "given" : "";
  const bool csv = opts.format ? *opts.format == bank::Format::csv : bank::detect_format(*bytes) == bank::Format::csv;
  if (!opts.columns && csv) {
    if (const SavedMapping* m = remembered_bank_mapping(*l, *bytes)) {
      bank::ParseOptions remembered = opts;
      remembered.columns = bank_columns_of(*m);
      remembered.format = bank::Format::csv;
      // Columns that no longer fit the file (the bank changed its export)
      // give way to the presets; their error is kept if those fail too.
      auto st = bank::parse_statement(*bytes, path, remembered);
      if (st) {
        opts = remembered;
        mapping = "remembered";
      } else if (!bank::parse_statement(*bytes, path, opts)) {
        return Error{st.error().where, st.error().what + " (colonnes mémorisées pour ce relevé)"};
      }
    }
  }
  auto statement = bank::parse_statement(*bytes, path, opts);
  if (!statement) return statement.error();
  const bank::MatchResult m = bank::match_statement(*l, *statement, *today);
  Json out = bank::match_json(*l, *statement, m);
  if (!mapping.empty()) out["mapping"] = mapping;
  if (do_apply) {
    const std::string name = std::filesystem::path(path).filename().string();
    cmd::RecordPayments batch = bank::sure_payments(*l, *statement, m, name);
    const std::size_t count = batch.payments.size();
    Json warnings = Json::array();
    if (count > 0) {
      auto applied = relance::apply(*l, Command{std::move(batch)});
      if (!applied) return applied.error();
      for (const std::string& w : applied->warnings) warnings.push_back(w);
    }
    if (mapping == "given") {
      if (auto saved_mapping = bank_csv_mapping(*bytes, *opts.columns)) {
        auto saved = relance::apply(*l, Command{cmd::SaveMapping{std::move(*saved_mapping)}});
        if (!saved) return Error{"--columns", saved.error().message()};
        out["mapping"] = "saved";
      }
    }
    if (auto s = write_file(*out_path, ledger_to_json(*l)); !s) return s;
    out["recorded"] = count;
    out["warnings"] = warnings;
  }
  print_json(out);
  return Ok{};
}

}  // namespace

void add_match_commands(std::map<std::string, CommandDef>& t) {
  t["match"] = {{{"--format", Arity::one}, {"--apply", Arity::flag}, {"-o", Arity::one}, {"--today", Arity::one},
                 {"--columns", Arity::one}, {"--skip", Arity::one}},
                run_match};
}

}  // namespace relance::cli
