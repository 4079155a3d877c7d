#include "core/bank/record.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/text.h"

namespace relance::bank {
namespace {

std::optional<Error> text_error(const std::string& field, const std::string& s, std::size_t max_cp) {
  if (!is_valid_utf8(s)) return Error{field, "texte qui n'est pas de l'UTF-8 valide"};
  if (utf8_length(s) > max_cp) return Error{field, "texte trop long (" + std::to_string(max_cp) + " caractères au plus)"};
  return std::nullopt;
}

}  // namespace

Result<Applied> record_payments(Ledger& l, const cmd::RecordPayments& c, bool dry) {
  Applied out;
  if (c.payments.empty()) return Error{"payments", "aucun paiement à enregistrer"};
  // Bank references already recorded, and on which invoice.
  std::unordered_map<std::string, const Invoice*> known;
  const bool any_ref = std::any_of(c.payments.begin(), c.payments.end(),
                                   [](const cmd::RecordPayment& p) { return !p.payment.bank_ref.empty(); });
  if (any_ref)
    for (const Invoice& inv : l.invoices)
      for (const Payment& p : inv.payments)
        if (!p.bank_ref.empty()) known.emplace(p.bank_ref, &inv);

  // Payments are added in place as they pass, and taken back on the first
  // refusal (or after a dry run): later items see the balances earlier ones
  // leave.
  std::vector<std::pair<Invoice*, PaymentId>> added;
  const PaymentId next_payment = l.next_payment_id;
  auto undo = [&] {
    for (auto it = added.rbegin(); it != added.rend(); ++it) {
      auto& list = it->first->payments;
      list.erase(std::find_if(list.begin(), list.end(), [&](const Payment& p) { return p.id == it->second; }));
    }
    l.next_payment_id = next_payment;
  };
  std::set<std::pair<std::string, InvoiceId>> in_batch;
  for (std::size_t i = 0; i < c.payments.size(); ++i) {
    const cmd::RecordPayment& item = c.payments[i];
    const std::string at = "payments[" + std::to_string(i) + "]";
    auto fail = [&](std::string where, std::string what) -> Result<Applied> {
      undo();
      return Error{at + "." + where, std::move(what)};
    };
    Invoice* inv = find_invoice(l, item.invoice);
    if (!inv) return fail("invoice", "facture introuvable (identifiant " + std::to_string(item.invoice) + ")");
    const std::string ref = inv->number.empty() ? "brouillon n°" + std::to_string(inv->id) : inv->number;
    if (inv->kind != InvoiceKind::invoice || inv->state != Lifecycle::issued)
      return fail("invoice", ref + " : paiement impossible sur une facture " + label_fr(invoice_status(l, *inv)));
    const Payment& p = item.payment;
    if (!p.date.ok()) return fail("payment.date", "date manquante ou impossible");
    if (p.amount <= 0) return fail("payment.amount", p.amount == 0 ? "montant nul" : "montant négatif : " + format_decimal(p.amount));
    if (p.amount > kMaxCents) return fail("payment.amount", "montant trop grand");
    if (auto e = text_error("payment.reference", p.reference, 200)) return fail(e->where, e->what);
    if (auto e = text_error("payment.bank_ref", p.bank_ref, 200)) return fail(e->where, e->what);
    if (auto e = text_error("payment.statement", p.statement, 500)) return fail(e->where, e->what);
    if (!p.deposit && p.date < inv->issue_date)
      return fail("payment.date", "paiement du " + to_fr(p.date) + " antérieur à la facture " + ref + " du " + to_fr(inv->issue_date));
    if (!p.bank_ref.empty()) {
      if (auto it = known.find(p.bank_ref); it != known.end())
        return fail("payment.bank_ref", "mouvement bancaire « " + p.bank_ref + " » déjà enregistré (facture " +
                                            it->second->number + ")");
      if (!in_batch.emplace(p.bank_ref, inv->id).second)
        return fail("payment.bank_ref", "mouvement bancaire « " + p.bank_ref + " » deux fois sur la facture " + ref);
    }
    const Cents owed = balance(l, *inv);
    if (p.amount > owed)
      out.warnings.push_back(ref + " : trop-perçu de " + format_eur(p.amount - std::max<Cents>(owed, 0)) + " (payé " +
                             format_eur(p.amount) + ", restait dû " + format_eur(std::max<Cents>(owed, 0)) + ")");
    Payment stored = p;
    stored.id = l.next_payment_id++;
    inv->payments.push_back(std::move(stored));
    std::stable_sort(inv->payments.begin(), inv->payments.end(),
                     [](const Payment& a, const Payment& b) { return a.date < b.date; });
    added.emplace_back(inv, l.next_payment_id - 1);
    out.payment = l.next_payment_id - 1;
    out.invoice = inv->id;
  }
  if (dry) {
    undo();
    out.payment = 0;
    out.invoice = 0;
  }
  return out;
}

}  // namespace relance::bank
