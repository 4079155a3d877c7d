// relance_gen_ledger: writes a generated ledger (bench/generate.h) as a
// ledger file and/or its invoices as CSV, for the browser benchmark
// (bench/browser/) and for anyone who wants a big ledger to try the app on;
// --time runs bench/browser/core_ops.h on the ledger read back from that
// JSON, the native side of the wasm comparison.
//
//   relance_gen_ledger --invoices 100000 [--seed 1] [--json out.json]
//                      [--csv out.csv] [--time reps] [--penalties-sample n]
//
// The CSV is the French Excel dialect (UTF-8 with BOM) of export_csv.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "bench/browser/core_ops.h"
#include "bench/generate.h"
#include "core/csv.h"
#include "core/ledger_file.h"

using namespace relance;

namespace {

bool write_file(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

[[noreturn]] void usage() {
  std::fprintf(stderr,
               "usage: relance_gen_ledger --invoices N [--seed 1] [--json out.json] [--csv out.csv] [--time reps] "
               "[--penalties-sample n]\n");
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t invoices = 0;
  std::uint64_t seed = 1;
  std::string json_path, csv_path;
  int reps = 0;
  std::size_t sample = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) usage();
      return argv[++i];
    };
    if (a == "--invoices") invoices = std::strtoull(next(), nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(next(), nullptr, 10);
    else if (a == "--json") json_path = next();
    else if (a == "--csv") csv_path = next();
    else if (a == "--time") reps = std::atoi(next());
    else if (a == "--penalties-sample") sample = std::strtoull(next(), nullptr, 10);
    else usage();
  }
  if (invoices == 0) usage();
  const Date today = Date::from_ymd(2026, 3, 16);
  const Ledger generated = bench::generate_ledger({.invoices = invoices, .seed = seed, .today = today});
  const std::string text = ledger_to_json(generated);
  if (!json_path.empty() && !write_file(json_path, text)) {
    std::fprintf(stderr, "relance_gen_ledger: cannot write %s\n", json_path.c_str());
    return 1;
  }
  if (!csv_path.empty() && !write_file(csv_path, export_csv(generated, CsvDialect::french))) {
    std::fprintf(stderr, "relance_gen_ledger: cannot write %s\n", csv_path.c_str());
    return 1;
  }
  if (reps > 0) {
    // On the ledger as the browser gets it: read back from the same file.
    auto loaded = ledger_from_json(text, "generated");
    if (!loaded) {
      std::fprintf(stderr, "relance_gen_ledger: %s\n", loaded.error().message().c_str());
      return 1;
    }
    std::printf("%s\n", bench::core_timing_json(bench::time_core_ops(*loaded, today, reps, sample)).c_str());
  }
  return 0;
}
