// relance_bench: how fast the core is on big ledgers, and how much memory an
// invoice costs. Prints Markdown tables (bench/RESULTS.md keeps a run).
//
//   relance_bench [--sizes 10000,100000,1000000] [--io-size 100000] [--seed 1]
//                 [--reps 0] [--budget 20] [--no-io] [--only agenda,reference,penalties,single,aging,report]
//
// --reps 0 picks the repetitions by size (11 at 10k, 7 at 100k, 5 at 1M);
// each timing is reported as median and min. --budget caps, in seconds, one
// repetition of an operation that turns out quadratic: beyond it the time is
// measured on an even sample of the invoices and extrapolated (and marked so).
// --only runs just the named operations, for profiling one under callgrind
// (see bench/README.md).
//
// [SECTION] measuring: clock, RSS, heap accounting
// [SECTION] operations
// [SECTION] main
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench/agenda_reference.h"
#include "bench/generate.h"
#include "core/csv.h"
#include "core/dunning.h"
#include "core/penalties.h"
#include "core/reports.h"
#include "core/ledger_file.h"
#include "core/snapshot.h"

using namespace relance;
using Clock = std::chrono::steady_clock;

namespace {

// ============================================================ [SECTION] measuring
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU time of the process: on a shared machine the wall clock also counts
// the time other processes had the core; this does not.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

struct Timing {
  std::vector<double> runs;  // seconds, steady_clock
  std::vector<double> cpu;   // seconds of CPU, same runs
  bool extrapolated = false;
  std::string note;
  double median() const { return median_of(runs); }
  double cpu_median() const { return median_of(cpu); }
  double min() const { return runs.empty() ? 0 : *std::min_element(runs.begin(), runs.end()); }
};

// Runs f `reps` times (after one warm-up run when it is quick).
template <class F>
Timing time_it(int reps, F f) {
  Timing t;
  const auto w0 = Clock::now();
  const double c0 = cpu_seconds();
  f();
  const double first = seconds_since(w0);
  if (first > 2.0) {  // slow: the warm-up counts, and fewer runs
    t.runs.push_back(first);
    t.cpu.push_back(cpu_seconds() - c0);
    reps = std::max(1, std::min(reps, static_cast<int>(10.0 / first)) - 1);
  }
  for (int i = 0; i < reps; ++i) {
    const auto t0 = Clock::now();
    const double c1 = cpu_seconds();
    f();
    t.runs.push_back(seconds_since(t0));
    t.cpu.push_back(cpu_seconds() - c1);
  }
  return t;
}

std::size_t rss_bytes() {
  std::ifstream f("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

std::size_t peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<std::size_t>(u.ru_maxrss) * 1024;
}

// What the ledger's objects hold on the heap, counted from their capacities:
// libstdc++ strings keep up to 15 bytes inline (SSO) and allocate
// capacity + 1 beyond; glibc malloc adds 8 bytes of header and rounds each
// block up to 16 (minimum 32).
struct Heap {
  std::size_t bytes = 0;   // as malloc hands them out (with overhead)
  std::size_t blocks = 0;
  void block(std::size_t n) {
    if (n == 0) return;
    bytes += std::max<std::size_t>(32, (n + 8 + 15) / 16 * 16);
    ++blocks;
  }
  void str(const std::string& s) {
    if (s.capacity() > 15) block(s.capacity() + 1);
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    block(v.capacity() * sizeof(T));
  }
};

void account(Heap& h, const Address& a) {
  for (const std::string* s : {&a.line1, &a.line2, &a.postcode, &a.city, &a.country}) h.str(*s);
}

void account(Heap& h, const Client& c) {
  for (const std::string* s : {&c.code, &c.name, &c.contact, &c.email, &c.phone, &c.siren, &c.vat_number,
                               &c.chain_id, &c.notes})
    h.str(*s);
  account(h, c.address);
}

void account(Heap& h, const Invoice& inv) {
  for (const std::string* s : {&inv.number, &inv.proforma_number, &inv.label, &inv.cancel_reason, &inv.pause_reason})
    h.str(*s);
  h.vec(inv.payments);
  for (const Payment& p : inv.payments) h.str(p.reference);
  h.vec(inv.plan);
  h.vec(inv.promises);
  for (const Promise& p : inv.promises) h.str(p.note);
  h.vec(inv.disputes);
  for (const Dispute& d : inv.disputes) h.str(d.reason);
}

void account(Heap& h, const HistoryEntry& e) {
  h.vec(e.invoices);
  for (const std::string* s : {&e.chain_id, &e.recipient, &e.subject, &e.text}) h.str(*s);
}

struct Memory {
  std::size_t rss_delta = 0;
  Heap invoices, invoice_vector, clients, history;
};

Memory account(const Ledger& l, std::size_t rss_delta) {
  Memory m;
  m.rss_delta = rss_delta;
  m.invoice_vector.vec(l.invoices);
  for (const Invoice& inv : l.invoices) account(m.invoices, inv);
  m.clients.vec(l.clients);
  for (const Client& c : l.clients) account(m.clients, c);
  m.history.vec(l.history);
  for (const HistoryEntry& e : l.history) account(m.history, e);
  return m;
}

// ============================================================ [SECTION] operations
bool open_and_late(const Ledger& l, const Invoice& inv, Date today) {
  return balance(l, inv) > 0 && days_late(l, inv, today) > 0;
}

volatile std::int64_t g_sink = 0;  // keeps results alive

struct SizeResult {
  std::size_t n = 0;
  std::size_t open_late = 0;
  bench::GenStats stats;
  double generate_s = 0;
  Memory mem;
  Timing summary, agenda, agenda_ref, penalties, penalties_full, penalties_single, aging, report;
  std::size_t summary_bytes = 0, summary_open = 0;
  std::string ref_mismatch;  // empty when the previous compute_agenda agrees with the current one
  std::size_t agenda_items = 0;
};

std::string ms(double s) {
  char b[32];
  if (s >= 10) std::snprintf(b, sizeof b, "%.1f s", s);
  else if (s >= 0.1) std::snprintf(b, sizeof b, "%.0f ms", s * 1e3);
  else if (s >= 0.01) std::snprintf(b, sizeof b, "%.1f ms", s * 1e3);
  else std::snprintf(b, sizeof b, "%.2f ms", s * 1e3);
  return b;
}

std::string cell(const Timing& t) {
  if (t.runs.empty()) return "–";
  std::string s = ms(t.median()) + " / " + ms(t.min());
  if (!t.cpu.empty()) s += " (cpu " + ms(t.cpu_median()) + ")";
  if (t.extrapolated) s += " *";
  return s;
}

std::string ns_per(const Timing& t, std::size_t n) {
  if (t.cpu.empty()) return "–";
  char b[32];
  std::snprintf(b, sizeof b, "%.0f", t.cpu_median() * 1e9 / static_cast<double>(n));
  return b;
}

std::string mb(std::size_t bytes) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return b;
}

std::string g_only;  // empty: every operation
bool wanted(const char* op) {
  if (g_only.empty()) return true;
  const std::string list = "," + g_only + ",";
  return list.find("," + std::string(op) + ",") != std::string::npos;
}

SizeResult run_size(std::size_t n, std::uint64_t seed, int reps, double budget) {
  SizeResult r;
  r.n = n;
  const Date today = Date::from_ymd(2026, 3, 16);
  malloc_trim(0);
  const std::size_t before = rss_bytes();
  const auto g0 = Clock::now();
  Ledger l = bench::generate_ledger({.invoices = n, .seed = seed, .today = today}, &r.stats);
  r.generate_s = seconds_since(g0);
  malloc_trim(0);  // the generator's scratch memory is freed: give it back before measuring
  r.mem = account(l, rss_bytes() - before);

  std::vector<const Invoice*> late;
  for (const Invoice& inv : l.invoices)
    if (open_and_late(l, inv, today)) late.push_back(&inv);
  r.open_late = late.size();

  // The summary the agenda, the penalties and the aging read (core/summary.h):
  // built by one full pass the first time, then kept current by the commands.
  // Timed apart; the timings below read the kept one, as the app does.
  r.summary = time_it(reps, [&] {
    drop_summary(l);
    g_sink = g_sink + static_cast<std::int64_t>(agenda_summary(l).open.size());
  });
  r.summary_open = agenda_summary(l).open.size();
  {
    // The rows, the list of open ones and the history index (4 bytes per
    // invoice, 8 per invoice named by an entry, the entries naming no invoice).
    const AgendaSummary& s = agenda_summary(l);
    r.summary_bytes = s.rows.capacity() * sizeof(InvoiceSummary) + s.open.capacity() * sizeof(std::uint32_t) +
                      s.history_head.capacity() * sizeof(std::uint32_t) +
                      s.history_links.capacity() * sizeof(AgendaSummary::HistoryLink) +
                      s.unlinked.capacity() * sizeof(s.unlinked[0]);
  }

  if (wanted("agenda")) r.agenda = time_it(reps, [&] {
    const Agenda a = compute_agenda(l, today);
    r.agenda_items = a.due.size() + a.upcoming.size() + a.thanks.size();
    g_sink = g_sink + static_cast<std::int64_t>(r.agenda_items);
  });

  if (wanted("reference")) {
    r.agenda_ref = time_it(reps, [&] {
      const Agenda a = bench::agenda_reference(l, today);
      g_sink = g_sink + static_cast<std::int64_t>(a.due.size());
    });
    if (!bench::same_agenda(compute_agenda(l, today), bench::agenda_reference(l, today), &r.ref_mismatch) &&
        r.ref_mismatch.empty())
      r.ref_mismatch = "differs";
  }

  // Penalties over every open late invoice, as the invoice table or a
  // statement asks for them: LedgerPenalties (built inside the timing), its
  // figures alone (totals(): what the table and the target count), then the
  // whole Penalties with lines, warnings and rate notes (operator()).
  auto penalties_over = [&](const std::vector<const Invoice*>& set, auto fn) {
    Cents total = 0;
    for (const Invoice* inv : set) total += fn(*inv).total;
    g_sink = g_sink + total;
  };
  if (wanted("penalties")) r.penalties = time_it(reps, [&] {
    LedgerPenalties book(l, today);
    Cents total = 0;
    for (const PenaltyTotals& t : book.totals(late)) total += t.total;
    g_sink = g_sink + total;
  });
  if (wanted("penalties")) r.penalties_full = time_it(reps, [&] {
    LedgerPenalties book(l, today);
    penalties_over(late, [&](const Invoice& inv) { return book(inv); });
  });

  // The same, one invoice_penalties() call at a time: each consumer invoice
  // scans the whole history for its formal notice, so this is quadratic.
  // Probe a sample first: if a full pass would blow the budget, time an
  // even sample and extrapolate.
  auto single = [&](const Invoice& inv) { return invoice_penalties(l, inv, today); };
  const std::size_t probe_n = std::min<std::size_t>(late.size(), 500);
  std::vector<const Invoice*> probe;
  for (std::size_t i = 0; i < probe_n; ++i) probe.push_back(late[i * late.size() / std::max<std::size_t>(probe_n, 1)]);
  const auto p0 = Clock::now();
  if (wanted("single")) penalties_over(probe, single);
  const double projected = seconds_since(p0) * static_cast<double>(late.size()) / std::max<double>(1.0, static_cast<double>(probe_n));
  if (!wanted("single")) {
  } else if (projected <= budget) {
    r.penalties_single = time_it(reps, [&] { penalties_over(late, single); });
  } else {
    // Enough invoices for about `budget` seconds, evenly spread.
    const std::size_t k = std::max<std::size_t>(probe_n, static_cast<std::size_t>(static_cast<double>(late.size()) * budget / projected));
    std::vector<const Invoice*> sample;
    for (std::size_t i = 0; i < k; ++i) sample.push_back(late[i * late.size() / k]);
    const auto s0 = Clock::now();
    const double c0 = cpu_seconds();
    penalties_over(sample, single);
    const double scale = static_cast<double>(late.size()) / static_cast<double>(k);
    r.penalties_single.runs.push_back(seconds_since(s0) * scale);
    r.penalties_single.cpu.push_back((cpu_seconds() - c0) * scale);
    r.penalties_single.extrapolated = true;
    r.penalties_single.note = "invoice_penalties() one by one measured on " + std::to_string(k) + " of " +
                              std::to_string(late.size()) + " open late invoices, scaled up";
  }

  // LedgerPenalties gives what invoice_penalties() gives: on every invoice
  // up to 20,000 invoices, on an even sample of 2,000 beyond (when the
  // penalties are timed: --only agenda profiles the agenda alone).
  if (wanted("penalties") || wanted("single")) {
    LedgerPenalties book(l, today);
    const std::size_t step = std::max<std::size_t>(1, l.invoices.size() / 2000);
    const std::size_t checked_every = l.invoices.size() <= 20000 ? 1 : step;
    for (std::size_t i = 0; i < l.invoices.size(); i += checked_every) {
      const Invoice& inv = l.invoices[i];
      const Penalties a = invoice_penalties(l, inv, today), b = book(inv);
      const PenaltyTotals t = book.totals(inv);
      if (a.total != b.total || a.interest != b.interest || a.days_late != b.days_late || a.lines != b.lines ||
          a.warnings != b.warnings || a.rate_notes != b.rate_notes ||
          t != PenaltyTotals{a.days_late, a.interest, a.indemnity, a.total}) {
        std::fprintf(stderr, "relance_bench: LedgerPenalties differs from invoice_penalties for %s\n", inv.number.c_str());
        std::exit(1);
      }
    }
  }

  if (wanted("aging")) r.aging = time_it(reps, [&] { g_sink = g_sink + aging_only(l, today).total(); });
  if (wanted("report")) r.report = time_it(std::max(1, reps / 2), [&] {
    const Report rep = build_report(l, today);
    g_sink = g_sink + rep.open_balance;
  });
  return r;
}

struct IoResult {
  std::size_t n = 0;
  std::size_t json_bytes = 0, csv_rows = 0, csv_bytes = 0;
  Timing save, load, csv_export, csv_import, csv_apply;
  Timing save_dom, load_dom;  // the whole-document DOM writer and reader, kept as the reference
  Timing parse_only;          // nlohmann's SAX parser with a handler that does nothing
  bool json_equal = false, dom_same = false;
};

// Takes every SAX event and does nothing: what nlohmann's parser alone costs,
// the floor of any reader built on it.
struct NoopSax {
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(Json::number_integer_t) { return true; }
  bool number_unsigned(Json::number_unsigned_t) { return true; }
  bool number_float(Json::number_float_t, const Json::string_t&) { return true; }
  bool string(Json::string_t&) { return true; }
  bool binary(Json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(Json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
};

IoResult run_io(std::size_t n, std::uint64_t seed) {
  IoResult r;
  r.n = n;
  const Date today = Date::from_ymd(2026, 3, 16);
  const Ledger l = bench::generate_ledger({.invoices = n, .seed = seed, .today = today});
  std::string text;
  r.save = time_it(3, [&] { text = ledger_to_json(l); });
  r.json_bytes = text.size();
  Result<Ledger> back = Error{};
  r.load = time_it(3, [&] { back = ledger_from_json(text, "bench.json"); });
  r.json_equal = back.ok() && *back == l;
  r.parse_only = time_it(3, [&] {
    NoopSax sax;
    g_sink = g_sink + Json::sax_parse(text.data(), text.data() + text.size(), &sax);
  });
  std::string dom_text;
  r.save_dom = time_it(3, [&] { dom_text = dump_json(ledger_json(l), 1) + "\n"; });
  LedgerLoad dom_back;
  r.load_dom = time_it(3, [&] { dom_back = load_ledger_dom(text, "bench.json"); });
  r.dom_same = dom_text == text && dom_back.ledger && back.ok() && *dom_back.ledger == *back;

  std::string csv;
  r.csv_export = time_it(3, [&] { csv = export_csv(l, CsvDialect::french); });
  r.csv_bytes = csv.size();
  const Ledger empty = make_empty_ledger();
  CsvImportResult imported;
  r.csv_import = time_it(3, [&] { imported = import_csv(empty, csv, {}, today); });
  r.csv_rows = imported.rows;
  if (!imported.batch) {
    std::fprintf(stderr, "relance_bench: the exported CSV does not import: %s\n",
                 imported.errors.empty() ? "?" : imported.errors[0].message().c_str());
    return r;
  }
  r.csv_apply = time_it(3, [&] {
    Ledger into = empty;
    auto applied = relance::apply(into, cmd::ImportBatch{*imported.batch});
    g_sink = g_sink + (applied.ok() ? 1 : 0);
  });
  return r;
}

// The binary snapshot (core/snapshot.h) next to the JSON file, on one ledger.
struct SnapshotResult {
  std::size_t n = 0, history = 0, texts = 0;
  std::size_t image_inline = 0, image_apart = 0, texts_bytes = 0, json_bytes = 0;
  SnapshotSizes parts;  // of the image with its texts apart
  Timing write_inline, read_inline, write_apart, read_apart, json_save, json_load;
  bool inline_equal = false, apart_equal = false, json_equal = false, deterministic = false;
};

SnapshotResult run_snapshot(std::size_t n, std::uint64_t seed, bool with_json) {
  SnapshotResult r;
  r.n = n;
  const Ledger l = bench::generate_ledger({.invoices = n, .seed = seed, .today = Date::from_ymd(2026, 3, 16)});
  r.history = l.history.size();
  {
    std::string image;
    r.write_inline = time_it(3, [&] { image = write_snapshot(l); });
    r.image_inline = image.size();
    Result<Ledger> back = Error{};
    r.read_inline = time_it(3, [&] { back = read_snapshot(image); });
    r.inline_equal = back.ok() && *back == l;
    r.deterministic = write_snapshot(l) == image;
  }
  {
    std::string image;
    SnapshotTexts texts;
    r.write_apart = time_it(3, [&] { image = write_snapshot(l, &texts); });
    r.image_apart = image.size();
    r.texts = texts.size();
    for (const SnapshotText& t : texts) r.texts_bytes += t.key.size() + t.text.size();
    if (auto sizes = snapshot_sizes(image)) r.parts = *sizes;
    Result<Ledger> back = Error{};
    r.read_apart = time_it(3, [&] { back = read_snapshot(image, &texts); });
    r.apart_equal = back.ok() && *back == l;
  }
  if (with_json) {
    std::string text;
    r.json_save = time_it(3, [&] { text = ledger_to_json(l); });
    r.json_bytes = text.size();
    Result<Ledger> back = Error{};
    r.json_load = time_it(3, [&] { back = ledger_from_json(text, "bench.json"); });
    r.json_equal = back.ok() && *back == l;
  }
  return r;
}

std::vector<std::size_t> parse_sizes(const char* s) {
  std::vector<std::size_t> out;
  for (const char* p = s; *p;) {
    char* end = nullptr;
    out.push_back(std::strtoull(p, &end, 10));
    p = *end == ',' ? end + 1 : end;
    if (end == p && *p) break;
  }
  return out;
}

}  // namespace

// ============================================================ [SECTION] main
int main(int argc, char** argv) {
  std::vector<std::size_t> sizes = {10000, 100000, 1000000};
  std::size_t io_size = 100000;
  std::uint64_t seed = 1;
  int reps_opt = 0;
  double budget = 20;
  bool io = true;
  std::vector<std::size_t> snapshot_sizes_opt = {100000, 1000000};
  std::size_t snapshot_json_max = 1000000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "relance_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--sizes") sizes = parse_sizes(next());
    else if (a == "--io-size") io_size = std::strtoull(next(), nullptr, 10);
    else if (a == "--seed") seed = std::strtoull(next(), nullptr, 10);
    else if (a == "--reps") reps_opt = std::atoi(next());
    else if (a == "--budget") budget = std::atof(next());
    else if (a == "--no-io") io = false;
    else if (a == "--only") g_only = next();
    else if (a == "--snapshot-sizes") snapshot_sizes_opt = parse_sizes(next());
    else if (a == "--no-snapshot") snapshot_sizes_opt.clear();
    else if (a == "--snapshot-json-max") snapshot_json_max = std::strtoull(next(), nullptr, 10);
    else {
      std::fprintf(stderr,
                   "usage: relance_bench [--sizes 10000,100000,1000000] [--io-size 100000] [--seed 1] [--reps 0] "
                   "[--budget 20] [--no-io] [--only agenda,reference,penalties,single,aging,report] "
                   "[--snapshot-sizes 100000,1000000] [--no-snapshot] [--snapshot-json-max 1000000]\n");
      return 2;
    }
  }

  std::printf("# relance_bench\n\ncompiler: %s, %s; seed %" PRIu64 "; today 2026-03-16\n\n", __VERSION__,
#ifdef NDEBUG
              "NDEBUG (optimized)",
#else
              "assertions ON (not a release build!)",
#endif
              seed);
  std::printf("sizeof: Invoice %zu, Client %zu, HistoryEntry %zu, Payment %zu, Promise %zu, Dispute %zu, "
              "Instalment %zu, std::string %zu bytes\n\n",
              sizeof(Invoice), sizeof(Client), sizeof(HistoryEntry), sizeof(Payment), sizeof(Promise), sizeof(Dispute),
              sizeof(Instalment), sizeof(std::string));
  std::fflush(stdout);

  std::vector<SizeResult> results;
  for (std::size_t n : sizes) {
    const int reps = reps_opt > 0 ? reps_opt : n <= 20000 ? 11 : n <= 200000 ? 7 : 5;
    std::fprintf(stderr, "relance_bench: %zu invoices...\n", n);
    results.push_back(run_size(n, seed, reps, budget));
  }

  std::printf("## Ledgers\n\n| invoices | clients | consumers | paid (late) | open (late) | credit notes | history "
              "(reminders) | generated in |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const SizeResult& r : results)
    std::printf("| %zu | %zu | %zu | %zu (%zu) | %zu (%zu) | %zu | %zu (%zu) | %s |\n", r.n, r.stats.clients,
                r.stats.consumers, r.stats.paid, r.stats.paid_late, r.stats.open, r.stats.open_late,
                r.stats.credit_notes, r.stats.history, r.stats.reminders, ms(r.generate_s).c_str());

  std::printf("\n## Engine timings (wall median / min over the repetitions, and the CPU time's median)\n\n"
              "| invoices | compute_agenda | agenda before (f24a68c) | penalties, open late (LedgerPenalties::totals) | "
              "same with lines and notes (LedgerPenalties) | same, invoice_penalties() one by one | aging_only | build_report | agenda + penalties + aging | "
              "summary built (once) |\n"
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const SizeResult& r : results) {
    const double sum = r.agenda.median() + r.penalties.median() + r.aging.median();
    const double cpu = r.agenda.cpu_median() + r.penalties.cpu_median() + r.aging.cpu_median();
    std::printf("| %zu | %s | %s | %s | %s | %s | %s | %s | %s (cpu %s) | %s |\n", r.n, cell(r.agenda).c_str(),
                cell(r.agenda_ref).c_str(), cell(r.penalties).c_str(), cell(r.penalties_full).c_str(),
                cell(r.penalties_single).c_str(),
                cell(r.aging).c_str(), cell(r.report).c_str(), ms(sum).c_str(), ms(cpu).c_str(),
                cell(r.summary).c_str());
  }
  for (const SizeResult& r : results)
    if (!r.ref_mismatch.empty())
      std::printf("\n**%zu: compute_agenda DIFFERS from the previous implementation: %s.**", r.n, r.ref_mismatch.c_str());
  for (const SizeResult& r : results) {
    if (r.penalties_single.extrapolated) std::printf("\n\\* %zu: %s.", r.n, r.penalties_single.note.c_str());
  }
  std::printf("\n\nOpen late invoices (penalty pass):");
  for (const SizeResult& r : results) std::printf(" %zu at %zu;", r.open_late, r.n);
  std::printf(" agenda items:");
  for (const SizeResult& r : results) std::printf(" %zu at %zu;", r.agenda_items, r.n);
  std::printf(" summary (%zu bytes per invoice, 4 per open one, its history index 4 per invoice and %zu per "
              "invoice named by an entry): ", sizeof(InvoiceSummary), sizeof(AgendaSummary::HistoryLink));
  for (const SizeResult& r : results) std::printf(" %s, %zu open at %zu;", mb(r.summary_bytes).c_str(), r.summary_open, r.n);

  std::printf("\n\n## Linearity: nanoseconds of CPU per invoice of the ledger (median)\n\n| invoices | agenda | "
              "agenda before | penalties | penalties with lines | penalties one by one | aging | report | "
              "agenda + penalties + aging |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const SizeResult& r : results) {
    Timing sum;
    sum.cpu = {r.agenda.cpu_median() + r.penalties.cpu_median() + r.aging.cpu_median()};
    std::printf("| %zu | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.n, ns_per(r.agenda, r.n).c_str(),
                ns_per(r.agenda_ref, r.n).c_str(), ns_per(r.penalties, r.n).c_str(), ns_per(r.penalties_full, r.n).c_str(),
                ns_per(r.penalties_single, r.n).c_str(), ns_per(r.aging, r.n).c_str(), ns_per(r.report, r.n).c_str(),
                ns_per(sum, r.n).c_str());
  }

  for (const SizeResult& r : results) {
    if (r.n != 1000000) continue;
    const double sum = r.agenda.median() + r.penalties.median() + r.aging.median();
    const double cpu = r.agenda.cpu_median() + r.penalties.cpu_median() + r.aging.cpu_median();
    std::printf("\n**Target at 1M invoices: agenda + penalties + aging = %s wall, %s CPU, against 50 ms: %s.**\n",
                ms(sum).c_str(), ms(cpu).c_str(), std::max(sum, cpu) <= 0.05 ? "met" : "MISSED");
  }

  std::printf("\n## Memory\n\n| invoices | RSS growth | per invoice (RSS) | heap counted: invoices | clients | "
              "history | per invoice (counted) | heap blocks |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const SizeResult& r : results) {
    const Memory& m = r.mem;
    const std::size_t counted = m.invoices.bytes + m.invoice_vector.bytes + m.clients.bytes + m.history.bytes;
    const std::size_t blocks = m.invoices.blocks + m.invoice_vector.blocks + m.clients.blocks + m.history.blocks;
    std::printf("| %zu | %s | %zu B | %s + %s vector | %s | %s | %zu B | %zu |\n", r.n, mb(m.rss_delta).c_str(),
                m.rss_delta / r.n, mb(m.invoices.bytes).c_str(), mb(m.invoice_vector.bytes).c_str(),
                mb(m.clients.bytes).c_str(), mb(m.history.bytes).c_str(), counted / r.n, blocks);
  }
  std::fflush(stdout);

  if (io && io_size > 0) {
    std::fprintf(stderr, "relance_bench: JSON and CSV at %zu invoices...\n", io_size);
    const IoResult r = run_io(io_size, seed);
    std::printf("\n## Files at %zu invoices (median / min of 3)\n\n| operation | time | size |\n|---|---:|---:|\n", r.n);
    std::printf("| ledger_to_json (streaming save) | %s | %s |\n", cell(r.save).c_str(), mb(r.json_bytes).c_str());
    std::printf("| ledger_from_json (streaming load, checks, normalize) | %s | %s |\n", cell(r.load).c_str(),
                r.json_equal ? "loads back equal" : "DIFFERS");
    std::printf("| nlohmann::sax_parse alone, a handler that does nothing (the floor of a reader on nlohmann) | %s | |\n",
                cell(r.parse_only).c_str());
    std::printf("| the same through a DOM of the whole file (before the streaming reader and writer): save | %s | %s |\n",
                cell(r.save_dom).c_str(), r.dom_same ? "same bytes" : "DIFFERS");
    std::printf("| … load (load_ledger_dom) | %s | %s |\n", cell(r.load_dom).c_str(),
                r.dom_same ? "same ledger" : "DIFFERS");
    std::printf("| export_csv (French, UTF-8 BOM) | %s | %s |\n", cell(r.csv_export).c_str(), mb(r.csv_bytes).c_str());
    std::printf("| import_csv (detect, parse, check) | %s | %zu rows |\n", cell(r.csv_import).c_str(), r.csv_rows);
    std::printf("| apply(ImportBatch) of that import | %s | |\n", cell(r.csv_apply).c_str());
  }
  if (!snapshot_sizes_opt.empty()) {
    std::printf("\n## Binary snapshot (core/snapshot.h) next to the JSON file (wall median / min, CPU median)\n\n"
                "| invoices | history | write, texts inline | read, texts inline | write, texts apart | read, texts apart "
                "| ledger_to_json | ledger_from_json |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::vector<SnapshotResult> snaps;
    for (std::size_t n : snapshot_sizes_opt) {
      std::fprintf(stderr, "relance_bench: snapshot at %zu invoices...\n", n);
      snaps.push_back(run_snapshot(n, seed, n <= snapshot_json_max));
      const SnapshotResult& r = snaps.back();
      const auto both = [](const Timing& t) { return cell(t); };
      std::printf("| %zu | %zu | %s | %s | %s | %s | %s | %s |\n", r.n, r.history, both(r.write_inline).c_str(),
                  both(r.read_inline).c_str(), both(r.write_apart).c_str(), both(r.read_apart).c_str(),
                  both(r.json_save).c_str(), both(r.json_load).c_str());
      std::fflush(stdout);
    }
    std::printf("\n| invoices | image, texts inline | image, texts apart | per invoice (apart) | of which records: "
                "invoices + parts / history / clients | strings | texts apart | JSON file | checks |\n"
                "|---:|---:|---:|---:|---|---:|---:|---:|---|\n");
    for (const SnapshotResult& r : snaps) {
      const double per = static_cast<double>(r.n);
      std::printf("| %zu | %s | %s | %.0f B | %.0f + %.0f / %.0f / %.0f B | %.0f B | %zu texts, %s | %s | %s%s%s%s |\n", r.n,
                  mb(r.image_inline).c_str(), mb(r.image_apart).c_str(), static_cast<double>(r.image_apart) / per,
                  static_cast<double>(r.parts.invoices) / per, static_cast<double>(r.parts.invoice_parts) / per,
                  static_cast<double>(r.parts.history) / per, static_cast<double>(r.parts.clients) / per,
                  static_cast<double>(r.parts.strings) / per, r.texts, mb(r.texts_bytes).c_str(),
                  r.json_bytes ? mb(r.json_bytes).c_str() : "—", r.inline_equal ? "inline equal" : "inline DIFFERS",
                  r.apart_equal ? ", apart equal" : ", apart DIFFERS", r.json_bytes ? (r.json_equal ? ", JSON equal" : ", JSON DIFFERS") : "",
                  r.deterministic ? ", same bytes twice" : ", NOT deterministic");
    }
  }
  std::printf("\nPeak RSS of the whole run: %s\n", mb(peak_rss_bytes()).c_str());
  return 0;
}
