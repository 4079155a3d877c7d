// The core operations the browser benchmark compares between native and
// wasm, in one header so both sides run the very same code:
// compute_agenda, the penalties of every open late invoice (one
// LedgerPenalties, built inside the timing), and
// aging_only (what bench/main.cpp sums against its target). Native:
// relance_gen_ledger --time (bench/gen_ledger.cpp); wasm:
// window.relance.dev.bench(date) (web/app.cpp).
//
// Header-only, no dependency beyond the core: the web app includes it.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/dunning.h"
#include "core/penalties.h"
#include "core/reports.h"

namespace relance::bench {

struct CoreTiming {
  std::vector<double> agenda_ms, penalties_ms, aging_ms;  // one per repetition
  std::size_t invoices = 0, open_late = 0, agenda_items = 0;
  std::size_t penalties_timed = 0;  // open late invoices actually timed (< open_late: scaled up)
  std::int64_t checksum = 0;  // keeps the results alive; equal on both sides
};

inline double median_ms(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// `reps` timed runs of each operation after one untimed warm-up run.
// With `penalties_sample` > 0 the penalties are timed on that many open late
// invoices evenly spread and scaled up to all of them (penalties_timed <
// open_late says so): both sides then time the very same invoices. 0 (the
// default) times them all.
inline CoreTiming time_core_ops(const Ledger& l, Date today, int reps, std::size_t penalties_sample = 0) {
  using Clock = std::chrono::steady_clock;
  auto ms_since = [](Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  };
  CoreTiming t;
  t.invoices = l.invoices.size();
  std::vector<const Invoice*> late;
  for (const Invoice& inv : l.invoices)
    if (balance(l, inv) > 0 && days_late(l, inv, today) > 0) late.push_back(&inv);
  t.open_late = late.size();
  std::vector<const Invoice*> sample = late;
  if (penalties_sample > 0 && penalties_sample < late.size()) {
    sample.clear();
    for (std::size_t i = 0; i < penalties_sample; ++i) sample.push_back(late[i * late.size() / penalties_sample]);
  }
  t.penalties_timed = sample.size();
  const double scale = sample.empty() ? 1.0 : static_cast<double>(late.size()) / static_cast<double>(sample.size());

  std::int64_t sink = 0;
  for (int i = 0; i <= reps; ++i) {
    const auto t0 = Clock::now();
    const Agenda a = compute_agenda(l, today);
    const double ms = ms_since(t0);
    t.agenda_items = a.due.size() + a.upcoming.size() + a.thanks.size();
    sink += static_cast<std::int64_t>(t.agenda_items);
    if (i > 0) t.agenda_ms.push_back(ms);
  }
  for (int i = 0; i <= reps; ++i) {
    const auto t0 = Clock::now();
    Cents total = 0;
    LedgerPenalties penalties(l, today);
    for (const Invoice* inv : sample) total = saturating_add(total, penalties(*inv).total);
    const double ms = ms_since(t0) * scale;
    sink += total;
    if (i > 0) t.penalties_ms.push_back(ms);
  }
  for (int i = 0; i <= reps; ++i) {
    const auto t0 = Clock::now();
    sink += aging_only(l, today).total();
    const double ms = ms_since(t0);
    if (i > 0) t.aging_ms.push_back(ms);
  }
  t.checksum = sink / (reps + 1);
  return t;
}

// {"invoices":..,"open_late":..,"agenda_items":..,"checksum":..,"reps":..,
//  "agenda_ms":..,"penalties_ms":..,"aging_ms":..,"total_ms":..} (medians).
inline std::string core_timing_json(const CoreTiming& t) {
  auto num = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", v);
    return std::string(b);
  };
  const double ag = median_ms(t.agenda_ms), pe = median_ms(t.penalties_ms), av = median_ms(t.aging_ms);
  return "{\"invoices\":" + std::to_string(t.invoices) + ",\"open_late\":" + std::to_string(t.open_late) +
         ",\"agenda_items\":" + std::to_string(t.agenda_items) + ",\"checksum\":" + std::to_string(t.checksum) +
         ",\"penalties_timed\":" + std::to_string(t.penalties_timed) +
         ",\"reps\":" + std::to_string(t.agenda_ms.size()) + ",\"agenda_ms\":" + num(ag) +
         ",\"penalties_ms\":" + num(pe) + ",\"aging_ms\":" + num(av) + ",\"total_ms\":" + num(ag + pe + av) + "}";
}

}  // namespace relance::bench
