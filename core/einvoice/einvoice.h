// E-invoices (EN 16931) read into what a dunning tool needs: UN/CEFACT CII
// (CrossIndustryInvoice, as Factur-X and ZUGFeRD embed it) and UBL 2.1
// Invoice and CreditNote. Elements are matched by local name, whatever the
// namespace prefixes. Amounts are read exactly to the cent: "12.50",
// "12.5000" are fine, "12.505" is refused rather than rounded.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/model.h"
#include "core/result.h"

namespace relance::einvoice {

enum class Syntax { cii, ubl_invoice, ubl_credit_note };

struct Party {
  std::string name;        // BT-44 / BT-27 (registration name, else trading name)
  std::string siren;       // BT-47 / BT-30: the 9 digits (from a SIREN, a SIRET or a French VAT number)
  std::string legal_id;    // as written, with its scheme
  std::string vat_number;  // BT-48 / BT-31
  std::string email;       // BT-49 (scheme EM) or the contact's e-mail (BT-58)
  Address address;         // BG-8 / BG-5
};

struct EInvoice {
  Syntax syntax = Syntax::cii;
  std::string number;  // BT-1, exactly as written
  int type_code = 0;   // BT-3: 380, 381, 386, 384...
  Date issue_date;     // BT-2
  Date due_date;       // BT-9 (no date when absent)
  std::string terms;   // BT-20, as written
  std::string currency;  // BT-5
  Party seller, buyer;
  Cents ht = 0, vat = 0, ttc = 0;  // BT-109, BT-110, BT-112
  std::optional<Cents> paid;       // BT-113
  std::optional<Cents> due_amount; // BT-115
  std::string preceding;           // BT-25: the invoice a credit note corrects
  std::vector<std::string> pmd_notes;  // notes with subject code PMD (late-payment terms)
  std::string first_line;              // the first line item's name, for the label
  std::size_t lines = 0;
};

// Reads CII or UBL from XML text. Errors name the element path.
Result<EInvoice> read_einvoice_xml(std::string_view xml);

// A Factur-X / ZUGFeRD PDF (its attachment) or an XML file, told apart by
// their content. `attachment` gets the attachment's name for a PDF.
Result<EInvoice> read_einvoice_file(std::string_view bytes, std::string* attachment = nullptr);

// "12.50" → 1250; "-3.1" → -310; "10.0000" → 1000. Refused: more than two
// significant decimals, empty text, anything but digits, one '.', a sign.
std::optional<Cents> parse_decimal_cents(std::string_view s);

// "30 jours", "à 45 jours fin de mois", "Paiement à 60 jours date de
// facture": the terms the text states, if it states them plainly.
std::optional<PaymentTerms> terms_from_text(std::string_view text);

// A late-payment rate the text states explicitly ("taux annuel de 10 %",
// "pénalités de retard : 12,5 %"); none for "trois fois le taux légal".
std::optional<BasisPoints> late_rate_from_text(std::string_view text);

}  // namespace relance::einvoice
