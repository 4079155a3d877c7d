// Shared by the libFuzzer targets: an invariant check that aborts with a
// message (libFuzzer then saves the input), a fixed "today", and a small
// ledger built through the same commands the app uses.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/commands.h"
#include "core/ledger_file.h"

#define FUZZ_CHECK(cond, msg)                                                        \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d): %s\n", #cond, __FILE__, \
                   __LINE__, std::string(msg).c_str());                              \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)

namespace relance::fuzz {

inline Date today() { return Date::from_ymd(2026, 3, 16); }

inline Date day(int y, int m, int d) { return Date::from_ymd(y, m, d); }

// Two clients (a business, a consumer), a few invoices in various states,
// a reminder in the history: enough for commands and imports to meet
// existing ids, numbers and clients.
inline Ledger small_ledger() {
  Ledger l = make_empty_ledger();
  auto run = [&](const Command& c) {
    auto r = relance::apply(l, c);
    FUZZ_CHECK(r.ok(), "building the small ledger: " + r.error().message());
    return *r;
  };
  Client b;
  b.name = "Boulangerie Martin";
  b.code = "C001";
  b.email = "compta@martin.example";
  b.address = {"12 rue des Lilas", "", "69003", "Lyon", ""};
  const ClientId cb = run(cmd::AddClient{b}).client;
  Client c;
  c.name = "Jeanne Dupont";
  c.kind = ClientKind::consumer;
  c.phone = "06 12 34 56 78";
  const ClientId cc = run(cmd::AddClient{c}).client;
  auto invoice = [&](ClientId client, const char* number, Cents ttc, Date issued, Date due) {
    Invoice inv;
    inv.number = number;
    inv.client = client;
    inv.state = Lifecycle::issued;
    inv.issue_date = issued;
    inv.due_date = due;
    inv.ttc = ttc;
    return run(cmd::AddInvoice{inv}).invoice;
  };
  const InvoiceId i1 = invoice(cb, "F-2025-0001", 120000, day(2025, 10, 1), day(2025, 10, 31));
  const InvoiceId i2 = invoice(cb, "F-2025-0002", 54000, day(2025, 11, 3), day(2025, 12, 3));
  const InvoiceId i3 = invoice(cc, "F-2025-0003", 89900, day(2025, 12, 1), day(2025, 12, 31));
  invoice(cc, "F-2026-0001", 25000, day(2026, 1, 5), day(2026, 2, 4));
  Payment p;
  p.date = day(2025, 11, 20);
  p.amount = 20000;
  run(cmd::RecordPayment{i1, p});
  HistoryEntry h;
  h.date = day(2025, 11, 5);
  h.client = cb;
  h.invoices = {i1};
  h.chain_id = "b2b";
  h.step = 1;
  h.text = "Relance";
  run(cmd::RecordAction{h});
  run(cmd::AddPromise{i2, Promise{day(2026, 1, 10), day(2026, 1, 31), 0, "au téléphone", true}});
  run(cmd::OpenDispute{i3, day(2026, 1, 15), "prestation contestée"});
  Invoice draft;
  draft.client = cb;
  draft.ttc = 1000;
  run(cmd::AddInvoice{draft});
  return l;
}

}  // namespace relance::fuzz
