#include "core/limitation.h"

#include <algorithm>

namespace relance {

LimitationStartDay limitation_start(const Invoice& inv, Date due, const std::vector<PaymentEvent>& pays, Date today) {
  LimitationStartDay s{due, LimitationStart::due_date};
  for (const PaymentEvent& p : pays)  // an acknowledgement (Code civil 2240) restarts the period
    if (p.amount > 0 && p.date <= today && p.date > s.start) s = {p.date, LimitationStart::payment};
  for (const Promise& pr : inv.promises)
    if (pr.acknowledges_debt && pr.made_on.ok() && pr.made_on <= today && pr.made_on > s.start)
      s = {pr.made_on, LimitationStart::acknowledgement};
  // A court claim (Code civil 2241): injonction de payer, assignation.
  if (inv.court_claim_on.ok() && inv.court_claim_on <= today && inv.court_claim_on > s.start)
    s = {inv.court_claim_on, LimitationStart::court_claim};
  return s;
}

int limitation_years(const Jurisdiction& j, ClientKind kind) {
  return kind == ClientKind::consumer ? j.b2c_limitation_years : j.b2b_limitation_years;
}

const char* limitation_start_words(LimitationStart s) {
  switch (s) {
    case LimitationStart::due_date: return "délai couru depuis l'échéance du ";
    case LimitationStart::payment: return "délai reparti du paiement partiel du ";
    case LimitationStart::acknowledgement: return "délai reparti de la reconnaissance de dette du ";
    case LimitationStart::court_claim: return "délai reparti de la demande en justice du ";
  }
  return "";
}

std::optional<Limitation> invoice_limitation(const Ledger& l, const Invoice& inv, Date today) {
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) return std::nullopt;
  if (balance(l, inv) <= 0) return std::nullopt;
  const Date due = effective_due_date(l, inv);
  if (!due.ok()) return std::nullopt;
  std::vector<PaymentEvent> pays;
  for (const Payment& p : inv.payments) pays.push_back({p.date, p.amount});
  const Client* c = find_client(l, inv.client);
  const ClientKind kind = c ? c->kind : ClientKind::business;
  const LimitationStartDay s = limitation_start(inv, due, pays, today);
  Limitation out;
  out.start = s.start;
  out.start_kind = s.kind;
  out.years = limitation_years(c ? jurisdiction_for(l, *c) : jurisdiction(l), kind);
  out.limit = add_years(s.start, out.years);
  out.expired = today >= out.limit;
  return out;
}

bool time_barred(const Ledger& l, const Invoice& inv, Date today) {
  if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued || !inv.due_date.ok()) return false;
  // Cheap rejection: the period starts on a due date at the earliest and
  // lasts at least 365 × years − 1 days.
  Date earliest = inv.due_date;
  for (const Instalment& i : inv.plan)
    if (i.due.ok()) earliest = std::min(earliest, i.due);
  const Client* c = find_client(l, inv.client);
  const Jurisdiction& j = c ? jurisdiction_for(l, *c) : jurisdiction(l);
  const int years = std::min(j.b2b_limitation_years, j.b2c_limitation_years);
  if (earliest + (365 * years - 1) > today) return false;
  const auto lim = invoice_limitation(l, inv, today);
  return lim && lim->expired;
}

std::string time_barred_warning(const Ledger& l, const Invoice& inv, Date today) {
  if (!time_barred(l, inv, today)) return {};
  const auto lim = invoice_limitation(l, inv, today);
  const Client* c = find_client(l, inv.client);
  const bool business = !c || c->kind != ClientKind::consumer;
  return inv.number + " : créance prescrite depuis le " + to_fr(lim->limit) + " (" + std::to_string(lim->years) +
         " ans, " + (business ? "professionnel" : "particulier") + " ; " + limitation_start_words(lim->start_kind) +
         to_fr(lim->start) + ") — action en justice impossible ; seul un paiement volontaire ou une reconnaissance "
         "de dette du client reste possible";
}

std::string case_time_barred_warning(const Jurisdiction& j, const PenaltyCase& c, Date court_claim) {
  Date due;
  for (const Instalment& i : c.schedule)
    if (i.due.ok() && (!due.ok() || i.due < due)) due = i.due;
  if (!due.ok() || !c.until.ok()) return {};
  Invoice inv;
  inv.court_claim_on = court_claim;
  std::vector<PaymentEvent> pays;
  for (const PaymentEvent& p : c.payments)
    if (p.date < c.until) pays.push_back(p);
  const LimitationStartDay s = limitation_start(inv, due, pays, c.until);
  const int years = limitation_years(j, c.kind);
  const Date limit = add_years(s.start, years);
  if (c.until < limit) return {};
  return "Créance prescrite depuis le " + to_fr(limit) + " (" + std::to_string(years) + " ans, " +
         (c.kind == ClientKind::consumer ? "particulier" : "professionnel") + " ; " + limitation_start_words(s.kind) +
         to_fr(s.start) + ") : ni la facture ni ses pénalités ne peuvent plus être réclamées en justice.";
}

}  // namespace relance
