// Builds test ledgers through the same commands the app uses.
#pragma once
#include <doctest/doctest.h>

#include "core/commands.h"

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

}  // namespace relance::test
