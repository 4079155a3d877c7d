// relance import-csv / export-csv: invoices from and to spreadsheets.
#include <iostream>

#include "cli/commands.h"
#include "core/csv.h"
#include "core/ledger_file.h"
#include "core/mappings.h"

namespace relance::cli {
namespace {

Result<std::optional<CsvDialect>> dialect_flag(const Args& a) {
  const auto v = a.get("--dialect");
  if (!v) return std::optional<CsvDialect>();
  if (*v == "fr" || *v == "french") return std::optional<CsvDialect>(CsvDialect::french);
  if (*v == "plain") return std::optional<CsvDialect>(CsvDialect::plain);
  return Error{"--dialect", "« " + *v + " » inconnu (fr ou plain)"};
}

Status run_import(const Args& a) {
  if (a.positional.size() != 1) return Error{"FICHIER.csv", "un fichier CSV, et un seul"};
  const auto out = a.get("-o");
  if (!out) return Error{"-o", "fichier du registre à écrire obligatoire (-o LEDGER.json)"};
  auto dialect = dialect_flag(a);
  if (!dialect) return dialect.error();
  auto today = today_flag(a);
  if (!today) return today.error();
  Ledger ledger = make_empty_ledger();
  if (auto into = a.get("--into")) {
    auto l = load_ledger_file(*into);
    if (!l) return l.error();
    ledger = std::move(*l);
  }
  auto bytes = read_file(a.positional[0]);
  if (!bytes) return bytes.error();
  CsvOptions opts;
  opts.dialect = *dialect;
  // --map "N° pièce=number,Montant=ttc,Commentaire=ignore" (several --map add up).
  if (a.flags.count("--map")) {
    for (const std::string& m : a.flags.at("--map")) {
      std::size_t start = 0;
      while (start <= m.size()) {
        std::size_t comma = m.find(',', start);
        if (comma == std::string::npos) comma = m.size();
        const std::string item = m.substr(start, comma - start);
        start = comma + 1;
        if (item.empty()) continue;
        const std::size_t eq = item.rfind('=');
        if (eq == std::string::npos || eq == 0)
          return Error{"--map", "« " + item + " » : attendu COLONNE=CHAMP (champs : number, client, issue_date, due_date, ttc…)"};
        opts.mapping.emplace_back(item.substr(0, eq), item.substr(eq + 1));
      }
    }
  }
  // A mapping given is remembered in the output ledger; without one, a
  // mapping remembered for a file with this header is used.
  std::string mapping = opts.mapping.empty() ? "" : "given";
  if (opts.mapping.empty()) {
    if (const SavedMapping* m = remembered_invoice_mapping(ledger, *bytes, opts)) {
      opts.mapping = m->columns;
      mapping = "remembered";
    }
  }
  CsvImportResult r = import_csv(ledger, *bytes, opts, *today);
  Json errors = Json::array();
  for (const Error& e : r.errors) errors.push_back({{"where", e.where}, {"what", e.what}});
  Json report = {{"ok", r.batch.has_value()},
                 {"format", describe(r.format)},
                 {"preset", r.preset},
                 {"rows", r.rows},
                 {"invoices", r.invoices},
                 {"new_clients", r.new_clients},
                 {"skipped", r.skipped},
                 {"errors", errors},
                 {"warnings", r.warnings}};
  if (!mapping.empty()) report["mapping"] = mapping;
  if (!r.batch) {
    print_json(report);
    return Error{a.positional[0] + ": " + (r.errors.empty() ? std::string() : r.errors[0].where),
                 r.errors.empty() ? "import refusé" : r.errors[0].what + " (" + std::to_string(r.errors.size()) +
                                                          " erreur(s), rien n'a été écrit)"};
  }
  auto applied = relance::apply(ledger, Command(std::move(*r.batch)));
  if (!applied) return Error{a.positional[0], applied.error().message()};
  if (mapping == "given") {
    if (auto m = invoice_csv_mapping(*bytes, opts)) {
      auto saved = relance::apply(ledger, Command(cmd::SaveMapping{std::move(*m)}));
      if (!saved) return Error{"--map", saved.error().message()};
      report["mapping"] = "saved";
    }
  }
  if (auto s = write_file(*out, ledger_to_json(ledger)); !s) return s;
  print_json(report);
  return Ok{};
}

Status run_export(const Args& a) {
  if (a.positional.size() != 1) return Error{"LEDGER.json", "un fichier de registre, et un seul"};
  const auto out = a.get("-o");
  if (!out) return Error{"-o", "fichier CSV à écrire obligatoire (-o FICHIER.csv)"};
  auto dialect = dialect_flag(a);
  if (!dialect) return dialect.error();
  CsvEncoding encoding = CsvEncoding::utf8;
  if (auto e = a.get("--encoding")) {
    if (*e == "cp1252" || *e == "windows-1252") encoding = CsvEncoding::cp1252;
    else if (*e != "utf8" && *e != "utf-8") return Error{"--encoding", "« " + *e + " » inconnu (utf8 ou cp1252)"};
  }
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  std::size_t lost = 0;
  const std::string csv = export_csv(*l, dialect->value_or(CsvDialect::french), encoding, &lost);
  if (auto s = write_file(*out, csv); !s) return s;
  Json report = {{"ok", true}, {"bytes", csv.size()}, {"characters_replaced", lost}};
  print_json(report);
  return Ok{};
}

}  // namespace

void add_csv_commands(std::map<std::string, CommandDef>& t) {
  t["import-csv"] = {{{"--dialect", Arity::one},
                      {"--into", Arity::one},
                      {"-o", Arity::one},
                      {"--today", Arity::one},
                      {"--map", Arity::many}},
                     run_import};
  t["export-csv"] = {{{"--dialect", Arity::one}, {"--encoding", Arity::one}, {"-o", Arity::one}}, run_export};
}

}  // namespace relance::cli
