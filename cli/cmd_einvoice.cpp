// relance import-invoices: Factur-X / ZUGFeRD PDFs, CII and UBL files into a
// ledger, all or nothing; a .zip of them is read member by member.
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "core/einvoice/import.h"
#include "core/storage.h"

namespace relance::cli {
namespace {

Status run_import_invoices(const Args& a) {
  if (a.positional.size() < 2) return Error{"LEDGER.json FICHIER...", "un registre puis au moins une facture"};
  const auto out = a.get("-o");
  if (!out) return Error{"-o", "fichier du registre à écrire obligatoire (-o SORTIE.json)"};
  auto ledger = load_ledger_file(a.positional[0]);
  if (!ledger) return ledger.error();
  std::vector<einvoice::InputFile> files;
  Json skipped = Json::array();
  for (std::size_t i = 1; i < a.positional.size(); ++i) {
    auto bytes = read_file(a.positional[i]);
    if (!bytes) return bytes.error();
    // A .zip of e-invoices: each member as if given as a file ("a.zip/x.xml").
    if (looks_like_zip(*bytes)) {
      auto members = einvoice::einvoice_files_from_zip(*bytes, a.positional[i]);
      if (!members) return members.error();
      for (einvoice::InputFile& f : members->files) files.push_back(std::move(f));
      for (const std::string& s : members->skipped) skipped.push_back(s);
      continue;
    }
    files.push_back({a.positional[i], std::move(*bytes)});
  }
  const einvoice::ImportPlan plan = einvoice::plan_einvoice_import(*ledger, files);
  Json imported = Json::array(), known = Json::array(), refused = Json::array();
  for (const einvoice::FilePlan& f : plan.files) {
    switch (f.outcome) {
      case einvoice::Outcome::imported:
        imported.push_back({{"file", f.file},
                            {"number", f.number},
                            {"client", f.client},
                            {"kind", f.kind == InvoiceKind::credit_note ? "credit_note" : "invoice"},
                            {"issue_date", to_iso(f.issue_date)},
                            {"due_date", to_iso(f.due_date)},
                            {"ttc", format_decimal(f.ttc)},
                            {"balance", format_decimal(f.balance)}});
        for (const std::string& n : f.notes) std::cerr << "relance import-invoices: " << f.file << ": " << n << "\n";
        break;
      case einvoice::Outcome::known: known.push_back({{"file", f.file}, {"number", f.number}}); break;
      case einvoice::Outcome::refused: refused.push_back({{"file", f.file}, {"why", f.why}}); break;
    }
  }
  Json report{{"imported", imported}, {"known", known}, {"refused", refused}};
  if (!skipped.empty()) report["skipped"] = skipped;  // members of a .zip that are not e-invoices
  print_json(report);
  if (!plan.nothing_refused()) {
    const einvoice::FilePlan& first =
        *std::find_if(plan.files.begin(), plan.files.end(), [](const auto& f) { return f.outcome == einvoice::Outcome::refused; });
    return Error{first.file, first.why + " (" + std::to_string(plan.count(einvoice::Outcome::refused)) +
                                 " fichier(s) refusé(s), rien n'a été écrit)"};
  }
  Ledger result = std::move(*ledger);
  auto applied = relance::apply(result, Command(plan.batch));
  if (!applied) return Error{"import", applied.error().message()};
  return write_file(*out, ledger_to_json(result));
}

}  // namespace

void add_einvoice_commands(std::map<std::string, CommandDef>& t) {
  t["import-invoices"] = {{{"-o", Arity::one}}, run_import_invoices};
}

}  // namespace relance::cli
