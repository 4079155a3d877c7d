// Builds test ledgers through the same commands the app uses.
#pragma once
#include <doctest/doctest.h>

#include "core/commands.h"
#include "core/rates.h"

namespace relance::test {

// No doctest macro here: tests call it at namespace scope too, before doctest
// runs. A typo gives the no-date Date, which the checks then reject.
inline Date d(const char* iso) { return parse_iso_date(iso).value_or(Date()); }

struct Builder {
  Ledger l = make_empty_ledger();

  Applied run(const Command& c) {
    auto r = apply(l, c);
    REQUIRE_MESSAGE(r.ok(), r.error().message());
    return *r;
  }

  ClientId client(const std::string& name, ClientKind kind = ClientKind::business, const std::string& email = "") {
    Client c;
    c.name = name;
    c.kind = kind;
    c.email = email.empty() ? "compta@" + std::to_string(l.next_client_id) + ".example" : email;
    c.phone = "06 12 34 56 78";
    c.address = {"12 rue des Lilas", "", "69003", "Lyon", ""};
    return run(cmd::AddClient{c}).client;
  }

  InvoiceId invoice(ClientId client, const char* number, Cents ttc, const char* issued, const char* due) {
    Invoice inv;
    inv.number = number;
    inv.client = client;
    inv.kind = InvoiceKind::invoice;
    inv.state = Lifecycle::issued;
    inv.issue_date = d(issued);
    inv.due_date = d(due);
    inv.ttc = ttc;
    return run(cmd::AddInvoice{inv}).invoice;
  }

  void pay(InvoiceId id, const char* date, Cents amount) {
    Payment p;
    p.date = d(date);
    p.amount = amount;
    run(cmd::RecordPayment{id, p});
  }

  HistoryId remind(ClientId client, std::vector<InvoiceId> invoices, const char* chain, int step, const char* date) {
    HistoryEntry h;
    h.date = d(date);
    h.client = client;
    h.invoices = std::move(invoices);
    h.kind = ActionKind::reminder;
    h.chain_id = chain;
    h.step = step;
    h.channel = find_chain(l, chain)->steps[step].channel;
    h.text = "Texte envoyé";
    return run(cmd::RecordAction{h}).history;
  }
};

// A ledger using every kind of data (the file formats' tests).
inline Ledger full_ledger() {
  Builder b;
  Company co;
  co.name = "Atelier « Lumière »";
  co.address = {"14 rue de la Charité", "", "69002", "Lyon", ""};
  co.iban = "FR76 3000 4012 3400 0101 2345 678";
  b.run(cmd::SetCompany{co});
  const ClientId pro = b.client("Hôtel des Célestins");
  const ClientId part = b.client("M. Rivière", ClientKind::consumer);
  const InvoiceId f1 = b.invoice(pro, "F-2026-0001", 1'560'000, "2026-08-31", "2026-10-31");
  const InvoiceId f2 = b.invoice(part, "F-2026-0002", 154'000, "2026-09-01", "2026-09-16");
  b.pay(f1, "2026-10-30", 1'000'000);
  b.run(cmd::AddPromise{f1, {d("2026-11-02"), d("2026-11-30"), 560'000, "Au téléphone", true}});
  b.run(cmd::IssueCreditNote{f2, d("2026-09-05"), 10'000, "Geste commercial"});
  b.run(cmd::SetPlan{f2, {{d("2026-10-15"), 72'000}, {d("2026-11-15"), 72'000}}});
  b.run(cmd::OpenDispute{f2, d("2026-10-20"), "Travaux à reprendre"});
  b.run(cmd::CloseDispute{f2, d("2026-10-25")});
  b.run(cmd::SetPaused{f2, true, "Expert"});
  b.remind(pro, {f1}, "b2b", 1, "2026-11-05");
  Invoice draft;
  draft.client = pro;
  draft.ttc = 288'000;
  draft.ht = 240'000;
  draft.vat = 48'000;
  draft.contractual_rate = 12000;
  b.run(cmd::AddInvoice{draft});
  Jurisdiction rates = france();
  rates.name = "France (mes taux)";
  b.run(cmd::SetRates{rates});
  return b.l;
}

}  // namespace relance::test
