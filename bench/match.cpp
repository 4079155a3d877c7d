// relance_bench_match: matching a bank statement against a big ledger.
//
//   relance_bench_match [--invoices 100000] [--lines 5000] [--seed 1] [--reps 7]
//
// The ledger is bench/generate.cpp's (same seed, same ledger). The statement
// is built from it: credits naming an open invoice in the ways banks mangle
// numbers ("F2026 36", "FACT F-2026-0036", digits glued), credits from a
// client's name paying one balance or two invoices, partial payments,
// unknown credits and debits, in that mix. Timed: parse_statement() of the
// statement written as OFX, then Matcher construction (the ledger's indexes)
// plus match(), which is what `relance match` and the browser do; median /
// min of the repetitions, wall and CPU. Target: under 200 ms for 5 000
// lines against 100 000 invoices.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "bench/generate.h"
#include "core/bank/match.h"
#include "core/bank/statement.h"

using namespace relance;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct Timing {
  std::vector<double> wall, cpu;
  double median(std::vector<double> v) const {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  }
  std::string cell() const {
    char buf[120];
    std::snprintf(buf, sizeof buf, "%.1f ms / %.1f ms (cpu %.1f ms)", median(wall) * 1e3,
                  *std::min_element(wall.begin(), wall.end()) * 1e3, median(cpu) * 1e3);
    return buf;
  }
};

template <class F>
Timing time_it(int reps, F f) {
  Timing t;
  for (int i = 0; i < reps; ++i) {
    const auto w0 = Clock::now();
    const double c0 = cpu_seconds();
    f();
    t.cpu.push_back(cpu_seconds() - c0);
    t.wall.push_back(std::chrono::duration<double>(Clock::now() - w0).count());
  }
  return t;
}

std::uint64_t rng_state = 1;
std::uint64_t next() {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return rng_state;
}

// "F-2026-0036" the way a bank label may carry it.
std::string mangle(const std::string& n) {
  std::string out;
  switch (next() % 5) {
    case 0: return "FACT " + n;
    case 1:
      for (char c : n) out += c == '-' ? ' ' : c;
      return out;
    case 2:
      for (char c : n)
        if (c != '-') out += c;
      return "REGLEMENT " + out;
    case 3:
      for (char c : n) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return out;
    default: return "VIR SEPA " + n + " MERCI";
  }
}

std::string ofx_of(const bank::Statement& s) {
  std::string o = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX>\n<BANKMSGSRSV1>\n<STMTTRNRS>\n<STMTRS>\n"
                  "<CURDEF>EUR\n<BANKACCTFROM>\n<ACCTID>12345678901\n</BANKACCTFROM>\n<BANKTRANLIST>\n";
  int k = 0;
  for (const bank::StatementLine& l : s.lines) {
    const std::string iso = to_iso(l.date);
    o += "<STMTTRN>\n<TRNTYPE>" + std::string(l.amount < 0 ? "DEBIT" : "CREDIT") + "\n<DTPOSTED>" + iso.substr(0, 4) +
         iso.substr(5, 2) + iso.substr(8, 2) + "\n<TRNAMT>" + format_decimal(l.amount) + "\n<FITID>B" +
         std::to_string(++k) + "\n<NAME>" + (l.payer.empty() ? l.label : l.payer) + "\n<MEMO>" + l.label +
         "\n</STMTTRN>\n";
  }
  return o + "</BANKTRANLIST>\n</STMTRS>\n</STMTTRNRS>\n</BANKMSGSRSV1>\n</OFX>\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t invoices = 100000, lines = 5000;
  std::uint64_t seed = 1;
  int reps = 7;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "usage: relance_bench_match [--invoices N] [--lines N] [--seed S] [--reps R]\n");
      return 2;
    }
    if (a == "--invoices") invoices = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--lines") lines = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--reps") reps = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "relance_bench_match: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  bench::GenOptions go;
  go.invoices = invoices;
  go.seed = seed;
  const Ledger l = bench::generate_ledger(go);
  const Date today = go.today;
  rng_state = seed * 2654435761u + 1;

  // Open invoices, and clients with two open invoices.
  std::vector<const Invoice*> open;
  for (const Invoice& inv : l.invoices)
    if (inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && balance(l, inv) > 0) open.push_back(&inv);
  std::vector<std::size_t> per_client(l.clients.size() + 1, 0);
  for (const Invoice* inv : open) {
    const Client* c = find_client(l, inv->client);
    if (c) ++per_client[static_cast<std::size_t>(c - l.clients.data())];
  }
  const std::size_t most = *std::max_element(per_client.begin(), per_client.end());
  bank::Statement s;
  s.format = bank::Format::ofx;
  s.account = "12345678901";
  for (std::size_t i = 0; i < lines; ++i) {
    const Invoice& inv = *open[next() % open.size()];
    const Client* c = find_client(l, inv.client);
    bank::StatementLine line;
    line.date = today;
    const unsigned kind = static_cast<unsigned>(next() % 10);
    const Cents owed = balance(l, inv);
    if (kind < 4) {  // the number and the balance
      line.amount = owed;
      line.label = mangle(inv.number);
      line.payer = c ? c->name : "";
    } else if (kind < 6) {  // the client's name and the balance
      line.amount = owed;
      line.label = "VIR SEPA " + (c ? c->name : std::string("X"));
    } else if (kind == 6) {  // a partial payment
      line.amount = std::max<Cents>(1, owed / 2);
      line.label = "ACOMPTE " + mangle(inv.number);
    } else if (kind == 7) {  // unknown credit
      line.amount = static_cast<Cents>(next() % 500000 + 1);
      line.label = "VIR INST REMBOURSEMENT " + std::to_string(next() % 1000000);
    } else {  // a debit
      line.amount = -static_cast<Cents>(next() % 100000 + 1);
      line.label = "PRLV SEPA FOURNISSEUR " + std::to_string(next() % 100000) + " ECH 2026-03";
    }
    s.lines.push_back(std::move(line));
  }
  const std::string ofx = ofx_of(s);

  std::size_t parsed_lines = 0;
  const Timing parse = time_it(reps, [&] {
    auto r = bank::parse_statement(ofx, "bench.ofx");
    if (!r) {
      std::fprintf(stderr, "parse: %s\n", r.error().message().c_str());
      std::exit(1);
    }
    parsed_lines = r->lines.size();
  });
  auto statement = bank::parse_statement(ofx, "bench.ofx");
  bank::MatchResult result;
  const Timing index = time_it(reps, [&] { bank::Matcher m(l, today); });
  const bank::Matcher built(l, today);
  const Timing match_only = time_it(reps, [&] { result = built.match(*statement); });
  const Timing total = time_it(reps, [&] {
    bank::Matcher m(l, today);
    result = m.match(*statement);
  });
  std::size_t counts[5] = {0, 0, 0, 0, 0}, sure = 0;
  for (const bank::LineMatch& lm : result.lines) {
    ++counts[static_cast<int>(lm.status)];
    if (lm.status == bank::LineStatus::matched && lm.proposals.front().confidence == bank::Confidence::sure) ++sure;
  }
  std::printf("## Bank statement matching: %zu lines against %zu invoices (%zu open), median / min of %d\n\n", lines,
              l.invoices.size(), open.size(), reps);
  std::printf("%zu clients; the most open invoices for one client: %zu.\n\n", l.clients.size(), most);
  std::printf("| operation | time |\n|---|---:|\n");
  std::printf("| parse_statement (OFX 1.x, %zu KB, %zu lines) | %s |\n", ofx.size() / 1024, parsed_lines, parse.cell().c_str());
  std::printf("| Matcher(ledger) alone: the indexes | %s |\n", index.cell().c_str());
  std::printf("| match(statement) alone, the indexes built | %s |\n", match_only.cell().c_str());
  std::printf("| Matcher(ledger) + match(statement) | %s |\n", total.cell().c_str());
  std::printf("\nLines: %zu matched (%zu sure), %zu ambiguous, %zu unmatched, %zu debits, %zu known.\n", counts[0], sure,
              counts[1], counts[2], counts[3], counts[4]);
  // Every proposal (invoices, amount, confidence, rank, surplus, thank-you,
  // reason) hashed: two versions of the matcher must print the same.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  for (const bank::LineMatch& lm : result.lines) {
    mix(bank::to_string(lm.status));
    for (const bank::Proposal& p : lm.proposals) {
      for (InvoiceId id : p.invoices) mix(std::to_string(id) + ",");
      mix(std::to_string(p.amount) + bank::to_string(p.confidence) + std::to_string(p.rank) + std::to_string(p.surplus) +
          (p.thanks ? "T" : "F") + p.why + ";");
    }
  }
  std::printf("Proposals checksum: %016llx\n", static_cast<unsigned long long>(h));
  const double ms = total.median(total.wall) * 1e3;
  std::printf("\n**Target: index + match under 200 ms: %.1f ms, %s.**\n", ms, ms < 200 ? "met" : "MISSED");
  return 0;
}
