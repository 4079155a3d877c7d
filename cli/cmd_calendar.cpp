// relance ics: the planned reminder dates of the next weeks as an iCalendar
// file, for the phone's calendar.
#include <iostream>

#include "cli/commands.h"
#include "core/calendar.h"

namespace relance::cli {
namespace {

Status run_ics(const Args& a) {
  if (a.positional.empty()) return Error{"LEDGER.json", "fichier du registre obligatoire"};
  if (a.positional.size() > 1) return Error{a.positional[1], "argument inattendu"};
  auto today = today_flag(a);
  if (!today) return today.error();
  int days = 28;
  if (auto v = a.get("--days")) {
    if (v->empty() || v->size() > 3 || v->find_first_not_of("0123456789") != std::string::npos || std::stoi(*v) < 1 ||
        std::stoi(*v) > 366)
      return Error{"--days", "nombre de jours invalide « " + *v + " » (1 à 366)"};
    days = std::stoi(*v);
  }
  const auto out = a.get("-o");
  if (!out) return Error{"-o", "fichier à écrire obligatoire (-o RELANCES.ics)"};
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  const std::string ics = reminders_ics(*l, *today, days);
  if (auto s = write_file(*out, ics); !s) return s;
  const DaySummary s = day_summary(*l, *today);
  std::cout << s.text << "\n";
  return Ok{};
}

}  // namespace

void add_calendar_commands(std::map<std::string, CommandDef>& t) {
  t["ics"] = {{{"--today", Arity::one}, {"--days", Arity::one}, {"-o", Arity::one}}, run_ics};
}

}  // namespace relance::cli
