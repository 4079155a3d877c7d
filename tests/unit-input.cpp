// What people type in forms: dates with the reason they cannot be, short
// forms, amounts echoed in French, and the search that finds an invoice by
// its amount however it is typed.
#include <doctest/doctest.h>

#include "builder.h"
#include "core/input.h"

using namespace relance;
using relance::test::Builder;
using relance::test::d;

TEST_CASE("dates as typed: short forms, and why a date cannot be") {
  const Date today = d("2026-11-21");
  struct Row {
    const char* text;
    const char* iso;
  };
  for (const Row& r : {Row{"03/12/2026", "2026-12-03"}, Row{"3/12/2026", "2026-12-03"}, Row{"3/12/26", "2026-12-03"},
                       Row{"3/12", "2026-12-03"}, Row{" 03.12.2026 ", "2026-12-03"}, Row{"3-12-2026", "2026-12-03"},
                       Row{"2026-12-03", "2026-12-03"}, Row{"29/02/2028", "2028-02-29"}, Row{"1/1", "2026-01-01"}}) {
    CAPTURE(r.text);
    const DateInput in = parse_date_input(r.text, today);
    CHECK(in.error == "");
    CHECK(to_iso(in.date) == r.iso);
  }
  struct Bad {
    const char* text;
    const char* error;
  };
  for (const Bad& b : {
           Bad{"31/02/2026", "le 31 février n'existe pas (février 2026 a 28 jours)"},
           Bad{"31/04/2026", "le 31 avril n'existe pas (avril 2026 a 30 jours)"},
           Bad{"29/02/2026", "le 29 février 2026 n'existe pas (2026 n'est pas bissextile)"},
           Bad{"12/13/2026", "« 12/13/2026 » : le mois 13 n'existe pas (1 à 12)"},
           Bad{"00/12/2026", "« 00/12/2026 » : le jour 0 n'existe pas"},
           Bad{"", "date manquante (exemple : 03/12/2026)"},
           Bad{"demain", "« demain » n'est pas une date : écrivez jj/mm/aaaa (03/12/2026), jj/mm/aa ou jj/mm"},
           Bad{"3/12/202", "« 3/12/202 » n'est pas une date : écrivez jj/mm/aaaa (03/12/2026), jj/mm/aa ou jj/mm"},
           Bad{"3/12-2026", "« 3/12-2026 » n'est pas une date : écrivez jj/mm/aaaa (03/12/2026), jj/mm/aa ou jj/mm"},
       }) {
    CAPTURE(b.text);
    const DateInput in = parse_date_input(b.text, today);
    CHECK_FALSE(in.date.ok());
    CHECK(in.error == b.error);
  }
  // Without today, a date without a year cannot be read.
  CHECK(parse_date_input("3/12", Date()).error == "« 3/12 » : précisez l'année (jj/mm/aaaa)");
}

TEST_CASE("amounts echoed in French, negative ones too") {
  CHECK(amount_fr(-50000) == "-500,00\u00a0€");
  CHECK(amount_fr(872000) == "8\u202f720,00\u00a0€");
  CHECK(amount_fr(5) == "0,05\u00a0€");
}

TEST_CASE("amount queries and the invoice search") {
  for (const char* q : {"8720", "8 720", "8720,00", "8 720,00 €", "8\u202f720,00\u00a0€", "8.720,00", "8720.00", "8 720 €"}) {
    CAPTURE(q);
    CHECK(amount_query(q) == 872000);
  }
  CHECK_FALSE(amount_query("Dupont").has_value());
  CHECK_FALSE(amount_query("").has_value());

  Builder b;
  const ClientId dupont = b.client("Dupont SARL");
  const ClientId celestins = b.client("Hôtel des Célestins");
  const InvoiceId f1 = b.invoice(celestins, "F-2026-0036", 1872000, "2026-08-31", "2026-10-31");
  b.pay(f1, "2026-10-30", 1000000);  // 8 720,00 € left
  const InvoiceId f2 = b.invoice(dupont, "2026-047", 872000, "2026-10-01", "2026-10-31");
  const InvoiceId f3 = b.invoice(dupont, "2026-048", 12345, "2026-10-01", "2026-10-31");
  auto hits = [&](const char* q) {
    std::vector<InvoiceId> out;
    for (const Invoice& inv : b.l.invoices)
      if (invoice_matches(b.l, inv, q)) out.push_back(inv.id);
    return out;
  };
  // The balance of one, the total of the other.
  for (const char* q : {"8720", "8 720", "8720,00", "8 720,00 €"}) {
    CAPTURE(q);
    CHECK(hits(q) == std::vector<InvoiceId>{f1, f2});
  }
  CHECK(hits("18 720") == std::vector<InvoiceId>{f1});
  CHECK(hits("123,45") == std::vector<InvoiceId>{f3});
  CHECK(hits("2026-047") == std::vector<InvoiceId>{f2});
  CHECK(hits("celestins") == std::vector<InvoiceId>{f1});  // accents folded
  CHECK(hits("dupont 8 720") == std::vector<InvoiceId>{f2});
  CHECK(hits("dupont 9 999").empty());
  CHECK(hits("").size() == 3);
}
