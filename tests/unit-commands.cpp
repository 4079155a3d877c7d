// Commands: numbering without gap or reuse, issuing drafts and pro-formas,
// credit notes instead of deletion, payments, plans, and refusals that leave
// the ledger untouched.
#include <doctest/doctest.h>

#include "builder.h"
#include "core/ledger_file.h"
#include "core/numbering.h"
#include "core/terms.h"
#include "core/text.h"

using namespace relance;
using namespace relance::test;

namespace {

Invoice draft(ClientId client, Cents ttc, InvoiceKind kind = InvoiceKind::invoice) {
  Invoice inv;
  inv.client = client;
  inv.kind = kind;
  inv.state = Lifecycle::draft;
  inv.ttc = ttc;
  if (kind == InvoiceKind::proforma) inv.issue_date = d("2026-11-02");
  return inv;
}

// Applies a command that must fail, checks the ledger did not change, and
// returns the error.
Error refused(Builder& b, const Command& c) {
  const Ledger before = b.l;
  auto r = apply(b.l, c);
  REQUIRE_FALSE(r.ok());
  CHECK(b.l == before);
  return r.error();
}

}  // namespace

TEST_CASE("number patterns") {
  const Date day = d("2026-03-09");
  CHECK(format_number("F-{YYYY}-{NNNN}", day, 42) == "F-2026-0042");
  CHECK(format_number("{YY}{MM}-{NNN}", day, 7) == "2603-007");
  CHECK(format_number("FAC{NN}", day, 123) == "FAC123");
  CHECK(number_counter("F-{YYYY}-{NNNN}", day, "F-2026-0042") == 42);
  CHECK(number_counter("F-{YYYY}-{NNNN}", day, "F-2026-12345") == 12345);
  CHECK_FALSE(number_counter("F-{YYYY}-{NNNN}", day, "F-2025-0042").has_value());  // other year: other sequence
  CHECK_FALSE(number_counter("F-{YYYY}-{NNNN}", day, "F-2026-042").has_value());
  CHECK_FALSE(number_counter("F-{YYYY}-{NNNN}", day, "F-2026-0042b").has_value());
  CHECK(check_number_pattern("F-{YYYY}-{NNNN}").ok());
  CHECK(check_number_pattern("F-{YYYY}").error().what == "il manque le compteur {NNNN}");
  CHECK(check_number_pattern("F-{AAAA}-{NNNN}").error().what.find("élément inconnu « {AAAA} »") == 0);
  CHECK(check_number_pattern("{NN}-{NNNN}").error().what == "un seul compteur {NNNN} est permis");
}

TEST_CASE("issuing drafts numbers them in order, per year, without gap or reuse") {
  Builder b;
  const ClientId c = b.client("Boulangerie Martin");
  const InvoiceId d1 = b.run(cmd::AddInvoice{draft(c, 10'000)}).invoice;
  const InvoiceId d2 = b.run(cmd::AddInvoice{draft(c, 20'000)}).invoice;
  const InvoiceId d3 = b.run(cmd::AddInvoice{draft(c, 30'000)}).invoice;
  CHECK(find_invoice(b.l, d1)->number.empty());  // drafts have no number

  CHECK(b.run(cmd::IssueInvoice{d2, d("2026-12-30"), Date()}).number == "F-2026-0001");
  CHECK(b.run(cmd::IssueInvoice{d1, d("2026-12-31"), Date()}).number == "F-2026-0002");
  // A new year starts a new sequence.
  CHECK(b.run(cmd::IssueInvoice{d3, d("2027-01-02"), Date()}).number == "F-2027-0001");
  // The due date follows the client's terms (30 days by default).
  CHECK(find_invoice(b.l, d1)->due_date == d("2027-01-30"));

  SUBCASE("a number dated before the last one of its sequence is refused") {
    const InvoiceId d4 = b.run(cmd::AddInvoice{draft(c, 40'000)}).invoice;
    const Error e = refused(b, cmd::IssueInvoice{d4, d("2027-01-01"), Date()});
    CHECK(e.what == "numérotation chronologique : F-2027-0001 est déjà daté du 02/01/2027, une facture du 01/01/2027 ne peut venir après");
  }
  SUBCASE("issued invoices are never deleted nor edited") {
    CHECK(refused(b, cmd::DeleteDraft{d1}).what == "seul un brouillon sans numéro peut être supprimé");
    Invoice edited = *find_invoice(b.l, d1);
    edited.ttc = 1;
    CHECK(refused(b, cmd::UpdateDraft{edited}).what.find("corrigez-la par un avoir") != std::string::npos);
  }
  SUBCASE("a deleted draft leaves no hole: its number was never taken") {
    const InvoiceId d4 = b.run(cmd::AddInvoice{draft(c, 40'000)}).invoice;
    b.run(cmd::DeleteDraft{d4});
    const InvoiceId d5 = b.run(cmd::AddInvoice{draft(c, 50'000)}).invoice;
    CHECK(b.run(cmd::IssueInvoice{d5, d("2027-01-03"), Date()}).number == "F-2027-0002");
  }
}

TEST_CASE("pro-formas have their own numbers; issuing one takes the next invoice number") {
  Builder b;
  const ClientId c = b.client("Mme Carpentier", ClientKind::consumer);
  b.invoice(c, "F-2026-0007", 10'000, "2026-11-01", "2026-11-16");
  const Applied pf = b.run(cmd::AddInvoice{draft(c, 165'000, InvoiceKind::proforma)});
  CHECK(pf.number == "PF-2026-0001");
  const Applied issued = b.run(cmd::IssueInvoice{pf.invoice, d("2026-11-20"), d("2026-12-05")});
  CHECK(issued.number == "F-2026-0008");
  const Invoice* inv = find_invoice(b.l, pf.invoice);
  CHECK(inv->kind == InvoiceKind::invoice);
  CHECK(inv->proforma_number == "PF-2026-0001");
  // The pro-forma sequence is not reused either.
  CHECK(b.run(cmd::AddInvoice{draft(c, 1'000, InvoiceKind::proforma)}).number == "PF-2026-0002");
}

TEST_CASE("credit notes cancel or reduce; they have their own sequence") {
  Builder b;
  const ClientId c = b.client("Garage Dupont");
  const InvoiceId f = b.invoice(c, "F-2026-0001", 120'000, "2026-10-01", "2026-10-31");
  SUBCASE("partial credit note") {
    const Applied a = b.run(cmd::IssueCreditNote{f, d("2026-10-10"), 20'000, "Remise"});
    CHECK(a.number == "AV-2026-0001");
    CHECK(balance(b.l, *find_invoice(b.l, f)) == 100'000);
    CHECK(invoice_status(b.l, *find_invoice(b.l, f)) == InvoiceStatus::partly_paid);
  }
  SUBCASE("full credit note cancels the invoice") {
    b.run(cmd::IssueCreditNote{f, d("2026-10-10"), 0, "Facture erronée"});
    const Invoice* inv = find_invoice(b.l, f);
    CHECK(inv->state == Lifecycle::cancelled);
    CHECK(balance(b.l, *inv) == 0);
    CHECK(invoice_status(b.l, *inv) == InvoiceStatus::cancelled);
    CHECK(b.l.invoices.back().kind == InvoiceKind::credit_note);
    CHECK(b.l.invoices.back().ttc == 120'000);
  }
  SUBCASE("more than the balance is refused") {
    b.pay(f, "2026-10-05", 100'000);
    CHECK(refused(b, cmd::IssueCreditNote{f, d("2026-10-10"), 30'000, ""}).what ==
          "l'avoir (300,00\u00a0€) dépasse le solde (200,00\u00a0€)");
  }
}

TEST_CASE("payments: partial, deposits, refusals") {
  Builder b;
  const ClientId c = b.client("SCI Les Terrasses");
  const InvoiceId f = b.invoice(c, "F-2026-0001", 100'000, "2026-10-01", "2026-10-31");
  b.pay(f, "2026-10-20", 40'000);
  CHECK(invoice_status(b.l, *find_invoice(b.l, f)) == InvoiceStatus::partly_paid);
  struct Row { Payment p; std::string where; std::string what; };
  const Row rows[] = {
      {{0, d("2026-10-21"), 70'000, PaymentMethod::transfer, "", false}, "payment.amount",
       "le paiement (700,00\u00a0€) dépasse le solde dû (600,00\u00a0€)"},
      {{0, d("2026-09-30"), 10'000, PaymentMethod::transfer, "", false}, "payment.date",
       "paiement du 30/09/2026 antérieur à la facture du 01/10/2026"},
      {{0, d("2026-10-21"), 0, PaymentMethod::transfer, "", false}, "payment.amount", "montant nul"},
      {{0, d("2026-10-21"), -5, PaymentMethod::transfer, "", false}, "payment.amount", "montant négatif : -0.05"},
      {{0, Date(), 10, PaymentMethod::transfer, "", false}, "payment.date", "date manquante ou impossible"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    const Error e = refused(b, cmd::RecordPayment{f, r.p});
    CHECK(e.where == r.where);
    CHECK(e.what == r.what);
  }
  // A deposit may predate the invoice.
  CHECK(apply(b.l, cmd::RecordPayment{f, {0, d("2026-09-30"), 10'000, PaymentMethod::cheque, "", true}}).ok());
  b.pay(f, "2026-10-25", 50'000);
  CHECK(invoice_status(b.l, *find_invoice(b.l, f)) == InvoiceStatus::paid);
  CHECK(settled_on(b.l, *find_invoice(b.l, f)) == d("2026-10-25"));
  CHECK(refused(b, cmd::RecordPayment{f, {0, d("2026-10-26"), 1, PaymentMethod::cash, "", false}}).where == "payment.amount");
}

TEST_CASE("payment plans must add up to the balance") {
  Builder b;
  const ClientId c = b.client("M. Lefèvre", ClientKind::consumer);
  const InvoiceId f = b.invoice(c, "F-2026-0001", 90'000, "2026-08-01", "2026-08-16");
  b.pay(f, "2026-08-20", 30'000);
  CHECK(refused(b, cmd::SetPlan{f, {{d("2026-09-15"), 30'000}}}).what ==
        "les échéances totalisent 300,00\u00a0€ mais le solde dû est de 600,00\u00a0€");
  CHECK(refused(b, cmd::SetPlan{f, {{d("2026-10-15"), 30'000}, {d("2026-09-15"), 30'000}}}).what ==
        "les échéances doivent se suivre");
  b.run(cmd::SetPlan{f, {{d("2026-09-15"), 30'000}, {d("2026-10-15"), 30'000}}});
  const auto s = schedule(b.l, *find_invoice(b.l, f));
  REQUIRE(s.size() == 3);
  CHECK(s[0] == Instalment{d("2026-08-16"), 30'000});  // what was paid stays on the original due date
  CHECK(effective_due_date(b.l, *find_invoice(b.l, f)) == d("2026-09-15"));
  b.run(cmd::SetPlan{f, {}});
  CHECK(effective_due_date(b.l, *find_invoice(b.l, f)) == d("2026-08-16"));
}

TEST_CASE("invoices with impossible figures are refused with the field") {
  Builder b;
  const ClientId c = b.client("Pharmacie du Parc");
  auto issued = [&](auto change) {
    Invoice inv;
    inv.number = "F-2026-0100";
    inv.client = c;
    inv.state = Lifecycle::issued;
    inv.issue_date = d("2026-10-01");
    inv.due_date = d("2026-10-31");
    inv.ht = 10'000;
    inv.vat = 2'000;
    inv.ttc = 12'000;
    change(inv);
    return cmd::AddInvoice{inv};
  };
  CHECK(refused(b, issued([](Invoice& i) { i.ttc = 12'001; })).where == "invoice.ttc");
  CHECK(refused(b, issued([](Invoice& i) { i.due_date = d("2026-09-30"); })).where == "invoice.due_date");
  CHECK(refused(b, issued([](Invoice& i) { i.client = 99; })).where == "invoice.client");
  CHECK(refused(b, issued([](Invoice& i) { i.number = "F\n1"; })).where == "invoice.number");
  CHECK(refused(b, issued([](Invoice& i) { i.label = "\xFF"; })).where == "invoice.label");
  b.run(issued([](Invoice&) {}));
  CHECK(starts_with(refused(b, issued([](Invoice&) {})).what,
                    "le numéro « F-2026-0100 » est déjà celui de la facture F-2026-0100 du "));
  CHECK(refused(b, cmd::AddClient{Client{}}).what == "le nom du client est obligatoire");
}

TEST_CASE("an import batch is all or nothing") {
  Builder b;
  const ClientId existing = b.client("Existant SA");
  b.invoice(existing, "F-2026-0001", 10'000, "2026-10-01", "2026-10-31");
  cmd::ImportBatch batch;
  Client n;
  n.name = "Nouveau SARL";
  batch.clients.push_back(n);
  Invoice inv;
  inv.client = -1;
  inv.state = Lifecycle::issued;
  inv.issue_date = d("2026-10-02");
  inv.due_date = d("2026-11-01");
  inv.ttc = 5'000;
  inv.number = "X-1";
  batch.invoices.push_back(inv);
  inv.client = existing;
  inv.number = "F-2026-0001";  // already in the ledger
  batch.invoices.push_back(inv);
  const Error e = refused(b, batch);
  CHECK(e.where == "invoices[1].number");
  batch.invoices[1].number = "X-1";  // twice in the batch
  CHECK(refused(b, batch).where == "invoices[1].number");
  batch.invoices[1].number = "X-2";
  const Applied ok = b.run(batch);
  CHECK(b.l.clients.size() == 2);
  CHECK(find_invoice_by_number(b.l, "X-1")->client == b.l.clients[1].id);
  (void)ok;
}

TEST_CASE("an import batch: a number the sequence gives one of its invoices counts against the next ones") {
  Builder b;
  const ClientId c = b.client("Existant SA");
  b.invoice(c, "F-2026-0001", 10'000, "2026-10-01", "2026-10-31");
  Invoice inv;
  inv.client = c;
  inv.state = Lifecycle::issued;
  inv.issue_date = d("2026-10-02");
  inv.due_date = d("2026-11-01");
  inv.ttc = 5'000;
  cmd::ImportBatch batch;
  batch.invoices.push_back(inv);  // no number: the sequence gives one
  Ledger probe = b.l;
  REQUIRE(relance::apply(probe, Command{batch}));
  const std::string given = probe.invoices.back().number;
  REQUIRE(!given.empty());
  for (int i = 0; i < 40; ++i) {  // enough numbers after it for the set to be probed and grown
    inv.number = "Y-" + std::to_string(i);
    batch.invoices.push_back(inv);
  }
  inv.number = given;
  batch.invoices.push_back(inv);
  Ledger l = b.l;
  const auto r = relance::apply(l, Command{batch});
  REQUIRE(!r);
  CHECK(r.error().where == "invoices[41].number");
}

TEST_CASE("an import batch applied a slice at a time gives what apply() gives, and a refusal leaves the ledger as it was") {
  Builder b;
  const ClientId existing = b.client("Existant SA");
  b.invoice(existing, "F-2026-0001", 10'000, "2026-10-01", "2026-10-31");
  cmd::ImportBatch batch;
  for (int k = 0; k < 7; ++k) {
    Client n;
    n.name = "Nouveau " + std::to_string(k);
    batch.clients.push_back(n);
  }
  for (int i = 0; i < 40; ++i) {
    Invoice inv;
    inv.client = i % 3 == 0 ? existing : -(1 + i % 7);
    inv.state = Lifecycle::issued;
    inv.issue_date = d("2026-10-02");
    inv.due_date = d("2026-11-01");
    inv.ttc = 5'000 + i;
    inv.number = "X-" + std::to_string(i);
    Payment p;
    p.date = d("2026-10-20");
    p.amount = 1'000;
    inv.payments.push_back(p);
    batch.invoices.push_back(inv);
  }
  Ledger whole = b.l;
  REQUIRE(relance::apply(whole, Command{batch}).ok());
  for (std::size_t slice : {std::size_t{1}, std::size_t{5}, std::size_t{1000}}) {
    CAPTURE(slice);
    Ledger l = b.l;
    ImportBatchApply run(l, batch);
    double last = 0;
    int steps = 0;
    while (run.step(slice)) {
      CHECK(run.progress() >= last);
      last = run.progress();
      ++steps;
    }
    CHECK(run.finished());
    CHECK(run.progress() == 1.0);
    REQUIRE(run.take_result().ok());
    CHECK(ledger_to_json(l) == ledger_to_json(whole));
    if (slice == 1) CHECK(steps >= 47);
  }
  // A number already in the ledger, late in the batch: refused with its
  // place, after some slices, and the ledger is back as it was.
  batch.invoices[33].number = "F-2026-0001";
  Ledger l = b.l;
  const std::string before = ledger_to_json(l);
  ImportBatchApply run(l, batch);
  while (run.step(4)) {
  }
  auto r = run.take_result();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().where == "invoices[33].number");
  CHECK(r.error().where == relance::apply(l, Command{batch}).error().where);
  CHECK(ledger_to_json(l) == before);
}

TEST_CASE("payment terms and their legal caps") {
  const Date issue = d("2026-01-15");
  struct Row { PaymentTerms t; const char* due; bool warns_b2b; };
  const Row rows[] = {
      {{TermsMethod::net, 30}, "2026-02-14", false},
      {{TermsMethod::net, 60}, "2026-03-16", false},
      {{TermsMethod::net, 61}, "2026-03-17", true},
      {{TermsMethod::end_of_month, 45}, "2026-03-31", false},   // 45 days → 1 March, then end of month
      {{TermsMethod::eom_then_days, 45}, "2026-03-17", false},  // 31 January + 45 days
      {{TermsMethod::end_of_month, 46}, "2026-03-31", true},
      {{TermsMethod::end_of_month, 0}, "2026-01-31", false},
  };
  for (const Row& r : rows) {
    CAPTURE(describe_terms(r.t));
    CHECK(due_date_for(r.t, issue) == d(r.due));
    CHECK(terms_warnings(r.t, ClientKind::business, france()).empty() == !r.warns_b2b);
    CHECK(terms_warnings(r.t, ClientKind::consumer, france()).empty());
  }
  CHECK(describe_terms({TermsMethod::eom_then_days, 45}) == "fin de mois + 45 jours");
  CHECK(due_date_warnings(issue, d("2026-03-31"), ClientKind::business, france()).empty());
  CHECK(due_date_warnings(issue, d("2026-04-01"), ClientKind::business, france()).size() == 1);
  // Adding an issued invoice with terms beyond the cap warns but is accepted.
  Builder b;
  const ClientId c = b.client("Grossiste");
  Invoice inv;
  inv.number = "F-1";
  inv.client = c;
  inv.state = Lifecycle::issued;
  inv.issue_date = issue;
  inv.due_date = d("2026-06-30");
  inv.ttc = 100;
  const Applied a = b.run(cmd::AddInvoice{inv});
  REQUIRE(a.warnings.size() == 1);
  CHECK(a.warnings[0].find("au-delà du plafond légal") != std::string::npos);
}

TEST_CASE("check() answers like apply() and changes nothing") {
  Builder b;
  const ClientId c = b.client("Hôtel des Célestins");
  const InvoiceId f = b.invoice(c, "F-2026-0001", 100'000, "2026-10-01", "2026-10-31");
  const InvoiceId dr = b.run(cmd::AddInvoice{draft(c, 5'000)}).invoice;
  HistoryEntry h;
  h.date = d("2026-11-05");
  h.client = c;
  h.invoices = {f};
  h.chain_id = "b2b";
  h.step = 1;
  Chain shorter = *find_chain(b.l, "b2b");
  shorter.steps.resize(1);
  const std::vector<Command> commands = {
      cmd::RecordPayment{f, {0, d("2026-10-20"), 40'000, PaymentMethod::transfer, "", false}},
      cmd::RecordPayment{f, {0, d("2026-10-20"), 400'000, PaymentMethod::transfer, "", false}},
      cmd::IssueInvoice{dr, d("2026-11-02"), Date()},
      cmd::IssueInvoice{dr, d("2026-09-02"), Date()},
      cmd::IssueCreditNote{f, d("2026-10-10"), 0, "Erreur"},
      cmd::DeleteDraft{dr},
      cmd::DeleteDraft{f},
      cmd::RecordAction{h},
      cmd::OpenDispute{f, d("2026-11-01"), ""},
      cmd::OpenDispute{f, d("2026-11-01"), "Litige"},
      cmd::SetPlan{f, {{d("2026-12-01"), 100'000}}},
      cmd::SetChain{shorter},
      cmd::AddClient{Client{}},
  };
  for (const Command& command : commands) {
    CAPTURE(command_type(command));
    const Ledger before = b.l;
    const auto checked = check(b.l, command);
    CHECK(b.l == before);
    Ledger copy = b.l;
    const auto applied = relance::apply(copy, command);
    CHECK(checked.ok() == applied.ok());
    if (!checked.ok()) CHECK(checked.error() == applied.error());
  }
  // With a step already taken, a chain that drops it is refused by both.
  b.remind(c, {f}, "b2b", 1, "2026-11-05");
  CHECK_FALSE(check(b.l, cmd::SetChain{shorter}).ok());
  CHECK(check(b.l, cmd::IssueInvoice{dr, d("2026-11-02"), Date()})->number == "F-2026-0002");
}
