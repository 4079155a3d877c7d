// relance: the command line over the core, for scripting, tests and
// benchmarks. Every command prints JSON on stdout (render prints text);
// invalid input exits non-zero with one line on stderr naming the flag or the
// place and the problem. Output files are written whole or not at all.
#include <malloc.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/ledger_file.h"

namespace relance::cli {

// ============================================================ [arguments]
Result<Args> parse_args(int argc, char** argv, const Spec& spec) {
  Args a;
  for (int i = 0; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-' && !(arg.size() > 1 && (std::isdigit(static_cast<unsigned char>(arg[1]))))) {
      std::string value;
      bool has_value = false;
      if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        has_value = true;
      }
      auto it = spec.find(arg);
      if (it == spec.end()) return Error{arg, "option inconnue (relance help)"};
      if (it->second == Arity::flag) {
        if (has_value) return Error{arg, "cette option ne prend pas de valeur"};
        a.flags[arg].push_back("");
        continue;
      }
      if (!has_value) {
        if (i + 1 >= argc) return Error{arg, "valeur manquante"};
        value = argv[++i];
      }
      if (it->second == Arity::one && a.flags.count(arg)) return Error{arg, "donnée deux fois"};
      a.flags[arg].push_back(value);
    } else {
      a.positional.push_back(arg);
    }
  }
  return a;
}

std::optional<std::string> Args::get(const std::string& flag) const {
  auto it = flags.find(flag);
  if (it == flags.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

bool Args::has(const std::string& flag) const { return flags.count(flag) > 0; }

Result<Date> date_flag(const Args& a, const std::string& flag, bool required) {
  const auto v = a.get(flag);
  if (!v) {
    if (required) return Error{flag, "date obligatoire (AAAA-MM-JJ)"};
    return Date();
  }
  const auto d = parse_iso_date(*v);
  if (!d) return Error{flag, "date impossible ou mal écrite « " + *v + " » (attendu AAAA-MM-JJ)"};
  return *d;
}

Result<Date> today_flag(const Args& a) {
  auto d = date_flag(a, "--today", false);
  if (!d || d->ok()) return d;
  // The local calendar date: the day as the user sees it.
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

// ============================================================ [files]
// read_file() and write_file(): cli/files.cpp.

namespace {

// A big ledger becomes a few hundred megabytes of small heap blocks (each
// history text its own string): touched page by page, a quarter of reading
// the file went to the kernel's page faults. So, past 16 MB of file, the
// heap the reader will fill is grown once, in one piece, and that range is
// offered to transparent huge pages (2 MB faults instead of 4 KB ones; the
// kernel decides, nothing changes when it says no). Blocks stay on the
// heap (no separate mappings) and the range is not given back between
// frees: a one-shot process that exits after printing.
void prepare_heap_for(std::size_t file_bytes) {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
  if (file_bytes < (std::size_t{16} << 20)) return;
  const std::size_t want = file_bytes + file_bytes / 4;
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(std::min<std::size_t>(want * 2, std::size_t{1} << 30)));
  void* block = std::malloc(want);
  if (!block) return;
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(block) + huge - 1) & ~(huge - 1);
  const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(block) + want) & ~(huge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  std::free(block);
#else
  (void)file_bytes;
#endif
}

}  // namespace

Result<Ledger> load_ledger_file(const std::string& path) {
  auto bytes = map_file(path);
  if (!bytes) return bytes.error();
  prepare_heap_for(bytes->view().size());
  return ledger_from_json(bytes->view(), path);
}

void keep_until_exit(Ledger&& l) {
  // A static pointer, never destroyed: what it holds stays reachable when
  // LeakSanitizer looks, after the static destructors have run.
  static auto* const kept = new std::vector<const Ledger*>();
  kept->push_back(new Ledger(std::move(l)));
}

void print_json(const Json& j) { std::cout << dump_json(j, 2) << "\n"; }

}  // namespace relance::cli

namespace {

using namespace relance;
using namespace relance::cli;

int usage(std::FILE* to) {
  std::fputs(
      "relance — relances de factures impayées\n"
      "\n"
      "  relance penalties --amount 10000.00 --due 2024-06-15 (--paid D | --until D)\n"
      "                    [--payment D=MONTANT]... [--issue D] [--rate 12.00]\n"
      "                    [--consumer --notice D] [--rates FICHIER.json] [--court-claim D]\n"
      "  relance agenda LEDGER.json [--today D] [--days N]\n"
      "  relance report LEDGER.json [--today D]\n"
      "  relance render LEDGER.json --invoice NUMERO --step K [--today D] [--sms]\n"
      "  relance import-csv FICHIER.csv [--dialect fr|plain] [--into LEDGER.json] -o LEDGER.json [--today D]\n"
      "                    [--map COLONNE=CHAMP,...]\n"
      "  relance import-invoices LEDGER.json FICHIER.pdf|.xml... -o SORTIE.json\n"
      "  relance export-csv LEDGER.json -o FICHIER.csv [--dialect fr|plain] [--encoding utf8|cp1252]\n"
      "  relance letter LEDGER.json --client C --type reminder|notice|statement|file [--step K] [--today D] -o out.pdf\n"
      "  relance mailto LEDGER.json --client C [--step K] [--today D]\n"
      "  relance ics LEDGER.json [--today D] [--days N] -o RELANCES.ics\n"
      "  relance match LEDGER.json RELEVÉ [--format auto|ofx|camt053|camt054|cfonb|csv] [--apply -o SORTIE.json]\n"
      "               [--columns date=1,amount=4,label=2[,ref=N,debit=N,credit=N,payer=N] --skip N] [--today D]\n"
      "  relance check LEDGER.json\n"
      "  relance apply LEDGER.json COMMANDE.json [-o SORTIE.json]\n"
      "  relance sample [-o LEDGER.json]\n"
      "  relance snapshot write LEDGER.json IMAGE.bin [--texts TEXTES.json]\n"
      "  relance snapshot read IMAGE.bin LEDGER.json [--texts TEXTES.json]\n"
      "\n"
      "Montants en euros avec un point décimal, dates AAAA-MM-JJ, taux en pourcentage.\n"
      "Sorties en JSON sur la sortie standard (render : texte).\n",
      to);
  return to == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage(stderr);
  const std::string command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") return usage(stdout);
  if (command == "--version" || command == "version") {
    std::cout << "relance " << relance::cli::kVersion << "\n";
    return 0;
  }
  const auto& table = relance::cli::commands();
  auto it = table.find(command);
  if (it == table.end()) {
    std::fprintf(stderr, "relance: %s: commande inconnue (relance help)\n", command.c_str());
    return 2;
  }
  auto args = relance::cli::parse_args(argc - 2, argv + 2, it->second.spec);
  if (!args) {
    std::fprintf(stderr, "relance %s: %s\n", command.c_str(), args.error().message().c_str());
    return 2;
  }
  relance::Status status = it->second.run(*args);
  if (!status) {
    std::fprintf(stderr, "relance %s: %s\n", command.c_str(), status.error().message().c_str());
    return 1;
  }
  return 0;
}
