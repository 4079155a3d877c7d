// relance agenda / report / check / apply / sample: commands over a ledger file.
#include <iostream>

#include "cli/commands.h"
#include "core/assets.h"
#include "core/dunning.h"
#include "core/reports.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"

namespace relance::cli {
namespace {

Status need_ledger_arg(const Args& a, std::size_t count) {
  if (a.positional.size() < count) return Error{"LEDGER.json", "fichier du registre obligatoire"};
  if (a.positional.size() > count) return Error{a.positional[count], "argument inattendu"};
  return Ok{};
}

Status run_agenda(const Args& a) {
  if (auto s = need_ledger_arg(a, 1); !s) return s;
  auto today = today_flag(a);
  if (!today) return today.error();
  int days = -1;
  if (auto v = a.get("--days")) {
    if (v->empty() || v->size() > 3 || v->find_first_not_of("0123456789") != std::string::npos)
      return Error{"--days", "nombre de jours invalide « " + *v + " » (0 à 366)"};
    days = std::stoi(*v);
    if (days > 366) return Error{"--days", "366 jours au plus"};
  }
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  const std::string text = agenda_json_text(compute_agenda(*l, *today, days), 2);
  std::cout << text << "\n";
  keep_until_exit(std::move(*l));
  return Ok{};
}

// Aging balance, DSO, days late and penalties per client, limitation
// warnings: one JSON document (core/reports.h, report_json).
Status run_report(const Args& a) {
  if (auto s = need_ledger_arg(a, 1); !s) return s;
  auto today = today_flag(a);
  if (!today) return today.error();
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  print_json(report_json(build_report(*l, *today)));
  return Ok{};
}

Status run_check(const Args& a) {
  if (auto s = need_ledger_arg(a, 1); !s) return s;
  auto text = read_file(a.positional[0]);
  if (!text) return text.error();
  const LedgerLoad load = load_ledger(*text, a.positional[0]);
  Json errors = Json::array();
  for (const Error& e : load.errors) errors.push_back(e.message());
  Json out = {{"ok", load.ledger.has_value()}, {"version", load.from_version}, {"errors", errors}, {"notes", load.notes}};
  if (load.ledger)
    out["counts"] = {{"clients", load.ledger->clients.size()},
                     {"invoices", load.ledger->invoices.size()},
                     {"history", load.ledger->history.size()}};
  print_json(out);
  if (!load.ledger) return Error{a.positional[0], std::to_string(load.errors.size()) + " erreur(s)"};
  return Ok{};
}

Status run_apply(const Args& a) {
  if (auto s = need_ledger_arg(a, 2); !s) return s;
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  auto text = read_file(a.positional[1]);
  if (!text) return text.error();
  auto command = command_from_json(*text, a.positional[1]);
  if (!command) return command.error();
  auto applied = relance::apply(*l, *command);
  if (!applied) return Error{a.positional[1] + ": " + applied.error().where, applied.error().what};
  const std::string out = a.get("-o").value_or(a.positional[0]);
  if (auto s = write_file(out, ledger_to_json(*l)); !s) return s;
  Json result = {{"ok", true}, {"warnings", applied->warnings}};
  if (applied->client) result["client"] = applied->client;
  if (applied->invoice) result["invoice"] = applied->invoice;
  if (applied->payment) result["payment"] = applied->payment;
  if (applied->history) result["history"] = applied->history;
  if (!applied->number.empty()) result["number"] = applied->number;
  print_json(result);
  return Ok{};
}

Status run_sample(const Args& a) {
  if (!a.positional.empty()) return Error{a.positional[0], "argument inattendu"};
  const std::string_view sample = embedded_asset("sample/ledger.json");
  if (sample.empty()) return Error{"sample", "registre d'exemple absent de cette version"};
  if (auto out = a.get("-o")) return write_file(*out, sample);
  std::cout << sample;
  return Ok{};
}

}  // namespace

void add_ledger_commands(std::map<std::string, CommandDef>& t) {
  t["agenda"] = {{{"--today", Arity::one}, {"--days", Arity::one}}, run_agenda};
  t["report"] = {{{"--today", Arity::one}}, run_report};
  t["check"] = {{}, run_check};
  t["apply"] = {{{"-o", Arity::one}}, run_apply};
  t["sample"] = {{{"-o", Arity::one}}, run_sample};
}

}  // namespace relance::cli
