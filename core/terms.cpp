#include "core/terms.h"

#include <algorithm>

namespace relance {

Date due_date_for(const PaymentTerms& t, Date issue) {
  if (!issue.ok()) return Date();
  switch (t.method) {
    case TermsMethod::net: return issue + t.days;
    case TermsMethod::end_of_month: return end_of_month(issue + t.days);
    case TermsMethod::eom_then_days: return end_of_month(issue) + t.days;
  }
  return Date();
}

std::string describe_terms(const PaymentTerms& t) {
  const std::string n = std::to_string(t.days) + " jours";
  switch (t.method) {
    case TermsMethod::net: return t.days == 0 ? "à réception" : n;
    case TermsMethod::end_of_month: return t.days == 0 ? "fin de mois" : n + " fin de mois";
    case TermsMethod::eom_then_days: return "fin de mois + " + n;
  }
  return n;
}

int public_terms_cap(const Jurisdiction& j, PublicBuyer buyer) {
  if (buyer == PublicBuyer::none || !j.public_buyer) return 0;
  return buyer == PublicBuyer::hospital ? j.public_buyer->hospital_max_terms_days : j.public_buyer->max_terms_days;
}

namespace {

std::string public_cap_text(PublicBuyer buyer, int cap) {
  return std::to_string(cap) + " jours pour " +
         (buyer == PublicBuyer::hospital ? "un établissement public de santé" : "un acheteur public") +
         " (Code de la commande publique R2192-10" + (buyer == PublicBuyer::hospital ? " et R2192-11" : "") + ")";
}

}  // namespace

std::vector<std::string> terms_warnings(const PaymentTerms& t, ClientKind kind, const Jurisdiction& j, PublicBuyer buyer) {
  std::vector<std::string> out;
  if (t.days < 0) out.push_back("Délai négatif.");
  if (kind != ClientKind::business) return out;
  if (const int cap = public_terms_cap(j, buyer); cap > 0) {
    if (t.method == TermsMethod::net && t.days > cap)
      out.push_back("Délai de " + std::to_string(t.days) + " jours supérieur au délai de paiement légal de " +
                    public_cap_text(buyer, cap) + ".");
    else if (t.method != TermsMethod::net)
      out.push_back("Délai « " + describe_terms(t) + " » : un acheteur public paie dans un délai fixe de " +
                    public_cap_text(buyer, cap) + ", sans fin de mois.");
    return out;
  }
  if (t.method == TermsMethod::net && t.days > j.max_terms_days)
    out.push_back("Délai de " + std::to_string(t.days) + " jours supérieur au plafond légal de " +
                  std::to_string(j.max_terms_days) + " jours à compter de la date de facture (Code de commerce L441-10).");
  if (t.method != TermsMethod::net && t.days > j.max_terms_eom_days)
    out.push_back("Délai « " + describe_terms(t) + " » supérieur au plafond légal de " +
                  std::to_string(j.max_terms_eom_days) + " jours fin de mois (Code de commerce L441-10).");
  return out;
}

std::vector<std::string> due_date_warnings(Date issue, Date due, ClientKind kind, const Jurisdiction& j,
                                           PublicBuyer buyer) {
  std::vector<std::string> out;
  if (!issue.ok() || !due.ok() || kind != ClientKind::business) return out;
  if (const int cap = public_terms_cap(j, buyer); cap > 0) {
    if (due > issue + cap)
      out.push_back("Échéance au " + to_fr(due) + " au-delà du délai de paiement légal de " + public_cap_text(buyer, cap) +
                    " : " + to_fr(issue + cap) + " au plus tard pour une facture du " + to_fr(issue) + ".");
    return out;
  }
  // The latest lawful date is the later of the two accepted caps.
  const Date cap = std::max({issue + j.max_terms_days, end_of_month(issue + j.max_terms_eom_days),
                             end_of_month(issue) + j.max_terms_eom_days});
  if (due > cap)
    out.push_back("Échéance au " + to_fr(due) + " au-delà du plafond légal (" + to_fr(cap) +
                  " au plus tard pour une facture du " + to_fr(issue) + ", Code de commerce L441-10).");
  return out;
}

}  // namespace relance
