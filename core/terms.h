// Payment terms: the due date they give and whether they exceed the legal
// caps (Code de commerce L441-10 I: 60 days from the invoice date, or 45 days
// end of month when expressly agreed). Beyond the caps is a warning, not a
// refusal: some sectors have their own rules (L441-11).
#pragma once
#include <string>
#include <vector>

#include "core/model.h"
#include "core/rates.h"

namespace relance {

Date due_date_for(const PaymentTerms& t, Date issue_date);
// French description: "30 jours", "45 jours fin de mois", "fin de mois + 45 jours".
std::string describe_terms(const PaymentTerms& t);
// Warnings (French) for B2B terms beyond the caps; none for consumers.
// Public buyers: 30 days (50 for public hospitals) under the jurisdiction's
// public-buyer rule (Code de la commande publique R2192-10, R2192-11).
std::vector<std::string> terms_warnings(const PaymentTerms& t, ClientKind kind, const Jurisdiction& j,
                                        PublicBuyer buyer = PublicBuyer::none);
// The same check for an invoice's actual dates.
std::vector<std::string> due_date_warnings(Date issue, Date due, ClientKind kind, const Jurisdiction& j,
                                           PublicBuyer buyer = PublicBuyer::none);
// The public buyer's cap in days, 0 when there is none (no rule, or not a public buyer).
int public_terms_cap(const Jurisdiction& j, PublicBuyer buyer);

}  // namespace relance
