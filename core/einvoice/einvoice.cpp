// CII and UBL readers (EN 16931 business terms in the comments).
//
// [SECTION] values: decimals, dates, identifiers
// [SECTION] xml: local-name navigation
// [SECTION] cii
// [SECTION] ubl
// [SECTION] texts: payment terms and late-payment rates
// [SECTION] files: PDF or XML
#include "core/einvoice/einvoice.h"

#include <pugixml.hpp>

#include <algorithm>
#include <initializer_list>

#include "core/einvoice/pdf_attach.h"
#include "core/text.h"

namespace relance::einvoice {
namespace {

// ============================================================ [SECTION] values
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string digits_of(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
    else if (c != ' ' && c != '.' && c != '-') return {};
  return out;
}

// CII DateTimeString format 102 (YYYYMMDD); ISO dates are taken too.
std::optional<Date> parse_cii_date(std::string_view s) {
  s = trim(s);
  if (s.size() == 8 && all_digits(s)) {
    auto n = [&](std::size_t p, std::size_t len) {
      int v = 0;
      for (std::size_t i = p; i < p + len; ++i) v = v * 10 + (s[i] - '0');
      return v;
    };
    const Date d = Date::from_ymd(n(0, 4), n(4, 2), n(6, 2));
    if (d.ok()) return d;
    return std::nullopt;
  }
  return parse_iso_date(s.substr(0, std::min<std::size_t>(s.size(), 10)));
}

// "FR12345678901" → "345678901": a French VAT number holds the SIREN.
std::string siren_from_vat(std::string_view vat) {
  std::string v;
  for (char c : vat)
    if (c != ' ') v += c;
  if (v.size() == 13 && (v[0] == 'F' || v[0] == 'f') && (v[1] == 'R' || v[1] == 'r') && all_digits(std::string_view(v).substr(4, 9)))
    return v.substr(4, 9);
  return {};
}

// ============================================================ [SECTION] xml
std::string_view local(const char* name) {
  std::string_view n = name;
  const std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(pugi::xml_node n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c.name()) == name) return c;
  return {};
}

pugi::xml_node path(pugi::xml_node n, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (!n) return {};
    n = child(n, name);
  }
  return n;
}

std::vector<pugi::xml_node> children(pugi::xml_node n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local(c.name()) == name) out.push_back(c);
  return out;
}

std::string text(pugi::xml_node n) { return n ? std::string(trim(n.text().get())) : std::string(); }

std::string attr(pugi::xml_node n, const char* name) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute())
    if (local(a.name()) == name) return std::string(trim(a.value()));
  return {};
}

// The path of a node from the root, local names: "Invoice/LegalMonetaryTotal/PayableAmount".
std::string where_of(pugi::xml_node n) {
  std::vector<std::string_view> parts;
  for (; n && n.type() == pugi::node_element; n = n.parent()) parts.emplace_back(local(n.name()));
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += *it;
  }
  return out;
}

struct Reader {
  Errors errors;

  std::optional<Cents> amount(pugi::xml_node n, const char* bt, bool required) {
    if (!n) {
      if (required) errors.push_back({"", std::string("montant manquant : ") + bt});
      return std::nullopt;
    }
    const std::string t = text(n);
    auto v = parse_decimal_cents(t);
    if (!v) {
      errors.push_back({where_of(n), std::string("montant invalide « ") + t + " » (" + bt +
                                         ", attendu 1234.56, au centime près)"});
      return std::nullopt;
    }
    return v;
  }

  Date date(pugi::xml_node n, const char* bt, bool required, bool cii) {
    if (!n) {
      if (required) errors.push_back({"", std::string("date manquante : ") + bt});
      return {};
    }
    const std::string t = text(n);
    auto d = cii ? parse_cii_date(t) : parse_iso_date(t);
    if (!d) {
      errors.push_back({where_of(n), std::string("date invalide « ") + t + " » (" + bt + ", attendu " +
                                         (cii ? "AAAAMMJJ" : "AAAA-MM-JJ") + ")"});
      return {};
    }
    return *d;
  }
};

// A legal identifier (BT-30 / BT-47): the SIREN when it is one (scheme 0002),
// a SIRET (0009) or plain French digits.
void take_legal_id(Party& p, std::string_view id, std::string_view scheme) {
  if (id.empty()) return;
  if (p.legal_id.empty()) p.legal_id = std::string(id) + (scheme.empty() ? "" : " (" + std::string(scheme) + ")");
  if (!p.siren.empty()) return;
  const std::string d = digits_of(id);
  const bool french_scheme = scheme == "0002" || scheme == "0009" || scheme.empty();
  if (!french_scheme) return;
  const bool french = p.address.country.empty() || p.address.country == "FR";
  if (d.size() == 9 && (scheme == "0002" || (scheme.empty() && french))) p.siren = d;
  else if (d.size() == 14 && (scheme == "0009" || (scheme.empty() && french))) p.siren = d.substr(0, 9);
}

void take_email(Party& p, std::string_view e) {
  e = trim(e);
  if (p.email.empty() && e.find('@') != std::string_view::npos && e.find_first_of(" \t\r\n,;<>") == std::string_view::npos &&
      e.size() <= 320)
    p.email = std::string(e);
}

std::string country_of(std::string code) {
  if (code == "FR" || code == "fr") return {};
  return code;
}

// ============================================================ [SECTION] cii
void cii_party(pugi::xml_node n, Party& p) {
  if (!n) return;
  p.name = text(child(n, "Name"));
  if (pugi::xml_node a = child(n, "PostalTradeAddress")) {
    p.address.country = country_of(text(child(a, "CountryID")));
    p.address.line1 = text(child(a, "LineOne"));
    p.address.line2 = text(child(a, "LineTwo"));
    if (const std::string l3 = text(child(a, "LineThree")); !l3.empty())
      p.address.line2 += (p.address.line2.empty() ? "" : ", ") + l3;
    p.address.postcode = text(child(a, "PostcodeCode"));
    p.address.city = text(child(a, "CityName"));
  }
  if (pugi::xml_node org = child(n, "SpecifiedLegalOrganization")) {
    pugi::xml_node id = child(org, "ID");
    take_legal_id(p, text(id), attr(id, "schemeID"));
    if (p.name.empty()) p.name = text(child(org, "TradingBusinessName"));
  }
  for (pugi::xml_node g : children(n, "GlobalID"))
    if (attr(g, "schemeID") == "0009" || attr(g, "schemeID") == "0002") take_legal_id(p, text(g), attr(g, "schemeID"));
  for (pugi::xml_node t : children(n, "SpecifiedTaxRegistration")) {
    pugi::xml_node id = child(t, "ID");
    if (attr(id, "schemeID") == "VA" && p.vat_number.empty()) p.vat_number = text(id);
  }
  if (p.siren.empty()) p.siren = siren_from_vat(p.vat_number);
  for (pugi::xml_node u : children(n, "URIUniversalCommunication")) {
    pugi::xml_node id = child(u, "URIID");
    if (attr(id, "schemeID") == "EM" || attr(id, "schemeID").empty()) take_email(p, text(id));
  }
  for (pugi::xml_node c : children(n, "DefinedTradeContact"))
    take_email(p, text(path(c, {"EmailURIUniversalCommunication", "URIID"})));
}

Result<EInvoice> read_cii(pugi::xml_node root) {
  EInvoice inv;
  inv.syntax = Syntax::cii;
  Reader r;
  const pugi::xml_node doc = child(root, "ExchangedDocument");
  const pugi::xml_node tx = child(root, "SupplyChainTradeTransaction");
  if (!doc || !tx)
    return Error{"CrossIndustryInvoice", "facture CII incomplète : ExchangedDocument ou SupplyChainTradeTransaction manquant"};
  inv.number = text(child(doc, "ID"));
  if (inv.number.empty()) r.errors.push_back({"CrossIndustryInvoice/ExchangedDocument/ID", "numéro de facture manquant (BT-1)"});
  const std::string type = text(child(doc, "TypeCode"));
  inv.type_code = all_digits(type) && type.size() <= 3 ? std::stoi(type) : 0;
  if (!inv.type_code)
    r.errors.push_back({"CrossIndustryInvoice/ExchangedDocument/TypeCode", "type de document invalide « " + type + " » (BT-3)"});
  inv.issue_date = r.date(path(doc, {"IssueDateTime", "DateTimeString"}), "date de facture BT-2", true, true);
  for (pugi::xml_node note : children(doc, "IncludedNote"))
    if (text(child(note, "SubjectCode")) == "PMD")
      for (pugi::xml_node c : children(note, "Content")) inv.pmd_notes.push_back(text(c));

  const pugi::xml_node agreement = child(tx, "ApplicableHeaderTradeAgreement");
  cii_party(child(agreement, "SellerTradeParty"), inv.seller);
  cii_party(child(agreement, "BuyerTradeParty"), inv.buyer);
  const pugi::xml_node settlement = child(tx, "ApplicableHeaderTradeSettlement");
  if (!settlement)
    return Error{"CrossIndustryInvoice/SupplyChainTradeTransaction", "ApplicableHeaderTradeSettlement manquant : pas de totaux"};
  inv.currency = text(child(settlement, "InvoiceCurrencyCode"));
  for (pugi::xml_node terms : children(settlement, "SpecifiedTradePaymentTerms")) {
    if (inv.terms.empty()) inv.terms = text(child(terms, "Description"));
    if (!inv.due_date.ok()) {
      if (pugi::xml_node d = path(terms, {"DueDateDateTime", "DateTimeString"}))
        inv.due_date = r.date(d, "échéance BT-9", false, true);
    }
  }
  inv.preceding = text(path(settlement, {"InvoiceReferencedDocument", "IssuerAssignedID"}));
  const pugi::xml_node sum = child(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation");
  if (!sum)
    return Error{where_of(settlement) + "/SpecifiedTradeSettlementHeaderMonetarySummation", "totaux de la facture manquants"};
  // BT-110 can appear twice: in the invoice currency and in the VAT
  // accounting currency (BT-111).
  pugi::xml_node vat;
  for (pugi::xml_node t : children(sum, "TaxTotalAmount"))
    if (!vat || attr(t, "currencyID") == inv.currency) {
      if (!vat || attr(vat, "currencyID") != inv.currency) vat = t;
    }
  const auto ttc = r.amount(child(sum, "GrandTotalAmount"), "total TTC BT-112", true);
  const auto ht = r.amount(child(sum, "TaxBasisTotalAmount"), "total HT BT-109", false);
  const auto tva = r.amount(vat, "total TVA BT-110", false);
  inv.paid = r.amount(child(sum, "TotalPrepaidAmount"), "montant payé BT-113", false);
  inv.due_amount = r.amount(child(sum, "DuePayableAmount"), "montant dû BT-115", false);
  if (!r.errors.empty()) return r.errors.front();
  inv.ttc = *ttc;
  inv.vat = tva.value_or(0);
  inv.ht = ht.value_or(inv.ttc - inv.vat);
  for (pugi::xml_node line : children(tx, "IncludedSupplyChainTradeLineItem")) {
    if (inv.lines++ == 0) inv.first_line = text(path(line, {"SpecifiedTradeProduct", "Name"}));
  }
  return inv;
}

// ============================================================ [SECTION] ubl
void ubl_party(pugi::xml_node n, Party& p) {
  if (!n) return;
  if (pugi::xml_node a = child(n, "PostalAddress")) {
    p.address.country = country_of(text(path(a, {"Country", "IdentificationCode"})));
    p.address.line1 = text(child(a, "StreetName"));
    p.address.line2 = text(child(a, "AdditionalStreetName"));
    if (const std::string l3 = text(path(a, {"AddressLine", "Line"})); !l3.empty())
      p.address.line2 += (p.address.line2.empty() ? "" : ", ") + l3;
    p.address.postcode = text(child(a, "PostalZone"));
    p.address.city = text(child(a, "CityName"));
  }
  p.name = text(path(n, {"PartyLegalEntity", "RegistrationName"}));
  if (p.name.empty()) p.name = text(path(n, {"PartyName", "Name"}));
  if (pugi::xml_node id = path(n, {"PartyLegalEntity", "CompanyID"})) take_legal_id(p, text(id), attr(id, "schemeID"));
  for (pugi::xml_node pi : children(n, "PartyIdentification")) {
    pugi::xml_node id = child(pi, "ID");
    const std::string scheme = attr(id, "schemeID");
    if (scheme == "0002" || scheme == "0009") take_legal_id(p, text(id), scheme);
  }
  for (pugi::xml_node ts : children(n, "PartyTaxScheme")) {
    const std::string scheme = text(path(ts, {"TaxScheme", "ID"}));
    if (p.vat_number.empty() && (scheme == "VAT" || scheme.empty())) p.vat_number = text(child(ts, "CompanyID"));
  }
  if (p.siren.empty()) p.siren = siren_from_vat(p.vat_number);
  if (pugi::xml_node e = child(n, "EndpointID"); e && attr(e, "schemeID") == "EM") take_email(p, text(e));
  take_email(p, text(path(n, {"Contact", "ElectronicMail"})));
}

Result<EInvoice> read_ubl(pugi::xml_node root, bool credit) {
  EInvoice inv;
  inv.syntax = credit ? Syntax::ubl_credit_note : Syntax::ubl_invoice;
  Reader r;
  const std::string root_name(local(root.name()));
  inv.number = text(child(root, "ID"));
  if (inv.number.empty()) r.errors.push_back({root_name + "/ID", "numéro de facture manquant (BT-1)"});
  const char* type_name = credit ? "CreditNoteTypeCode" : "InvoiceTypeCode";
  const std::string type = text(child(root, type_name));
  inv.type_code = all_digits(type) && type.size() <= 3 ? std::stoi(type) : 0;
  if (!inv.type_code) r.errors.push_back({root_name + "/" + type_name, "type de document invalide « " + type + " » (BT-3)"});
  inv.issue_date = r.date(child(root, "IssueDate"), "date de facture BT-2", true, false);
  if (pugi::xml_node d = child(root, "DueDate")) inv.due_date = r.date(d, "échéance BT-9", false, false);
  for (pugi::xml_node pm : children(root, "PaymentMeans"))
    if (!inv.due_date.ok())
      if (pugi::xml_node d = child(pm, "PaymentDueDate")) inv.due_date = r.date(d, "échéance BT-9", false, false);
  inv.currency = text(child(root, "DocumentCurrencyCode"));
  for (pugi::xml_node note : children(root, "Note")) {
    // French notes carry their subject code as "#PMD#...".
    const std::string t = text(note);
    if (starts_with(t, "#PMD#")) inv.pmd_notes.push_back(t.substr(5));
  }
  for (pugi::xml_node pt : children(root, "PaymentTerms"))
    if (inv.terms.empty()) inv.terms = text(child(pt, "Note"));
  inv.preceding = text(path(root, {"BillingReference", "InvoiceDocumentReference", "ID"}));
  ubl_party(path(root, {"AccountingSupplierParty", "Party"}), inv.seller);
  ubl_party(path(root, {"AccountingCustomerParty", "Party"}), inv.buyer);
  const pugi::xml_node total = child(root, "LegalMonetaryTotal");
  if (!total) return Error{root_name + "/LegalMonetaryTotal", "totaux de la facture manquants"};
  pugi::xml_node vat;
  for (pugi::xml_node t : children(root, "TaxTotal")) {
    pugi::xml_node a = child(t, "TaxAmount");
    if (a && (!vat || (attr(a, "currencyID") == inv.currency && attr(vat, "currencyID") != inv.currency))) vat = a;
  }
  const auto ttc = r.amount(child(total, "TaxInclusiveAmount"), "total TTC BT-112", true);
  const auto ht = r.amount(child(total, "TaxExclusiveAmount"), "total HT BT-109", false);
  const auto tva = r.amount(vat, "total TVA BT-110", false);
  inv.paid = r.amount(child(total, "PrepaidAmount"), "montant payé BT-113", false);
  inv.due_amount = r.amount(child(total, "PayableAmount"), "montant dû BT-115", false);
  if (!r.errors.empty()) return r.errors.front();
  inv.ttc = *ttc;
  inv.vat = tva.value_or(0);
  inv.ht = ht.value_or(inv.ttc - inv.vat);
  for (pugi::xml_node line : children(root, credit ? "CreditNoteLine" : "InvoiceLine"))
    if (inv.lines++ == 0) inv.first_line = text(path(line, {"Item", "Name"}));
  return inv;
}

// ============================================================ [SECTION] texts
std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::optional<Cents> parse_decimal_cents(std::string_view s) {
  s = trim(s);
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return std::nullopt;
  if ((!whole.empty() && !all_digits(whole)) || (!frac.empty() && !all_digits(frac))) return std::nullopt;
  if (dot != std::string_view::npos && frac.empty() && whole.empty()) return std::nullopt;
  for (std::size_t i = 2; i < frac.size(); ++i)
    if (frac[i] != '0') return std::nullopt;  // not exact to the cent
  std::size_t lead = 0;
  while (lead + 1 < whole.size() && whole[lead] == '0') ++lead;
  if (whole.size() - lead > 16) return std::nullopt;
  Cents v = 0;
  for (std::size_t i = lead; i < whole.size(); ++i) v = v * 10 + (whole[i] - '0');
  v *= 100;
  if (!frac.empty()) v += (frac[0] - '0') * 10;
  if (frac.size() > 1) v += frac[1] - '0';
  if (v > kMaxCents) return std::nullopt;
  return neg ? -v : v;
}

std::optional<PaymentTerms> terms_from_text(std::string_view text_in) {
  const std::string t = fold(text_in);  // lower case, no accents, words separated by one space
  // "30 jours", "30 j", "net 30", "30 days"
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9' || (i > 0 && t[i - 1] != ' ')) continue;
    std::size_t e = i;
    int days = 0;
    while (e < t.size() && t[e] >= '0' && t[e] <= '9' && days < 100000) days = days * 10 + (t[e++] - '0');
    const std::string_view rest = std::string_view(t).substr(e);
    const bool unit = starts_with(rest, " jours") || starts_with(rest, " jour") || starts_with(rest, " j ") ||
                      rest == " j" || starts_with(rest, " days") || starts_with(rest, " day") ||
                      starts_with(rest, " tage");
    const bool net = i >= 4 && std::string_view(t).substr(i - 4, 4) == "net ";
    if (!unit && !net) {
      i = e;
      continue;
    }
    if (days > 3650) return std::nullopt;
    PaymentTerms terms;
    terms.days = days;
    const std::size_t fdm = t.find("fin de mois");
    if (fdm != std::string::npos) {
      terms.method = fdm < i ? TermsMethod::eom_then_days : TermsMethod::end_of_month;
    } else if (t.find("end of month") != std::string::npos) {
      terms.method = TermsMethod::end_of_month;
    }
    return terms;
  }
  for (std::string_view cash : {"a reception", "des reception", "comptant", "upon receipt", "on receipt", "immediat"})
    if (t.find(cash) != std::string::npos) return PaymentTerms{TermsMethod::net, 0};
  return std::nullopt;
}

std::optional<BasisPoints> late_rate_from_text(std::string_view text_in) {
  // Sentences: split at ". ", ";", line breaks (a decimal point has no space after it).
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text_in.size(); ++i) {
    const bool end = i == text_in.size() || text_in[i] == ';' || text_in[i] == '\n' ||
                     (text_in[i] == '.' && (i + 1 == text_in.size() || text_in[i + 1] == ' '));
    if (end) {
      parts.push_back(text_in.substr(start, i - start));
      start = i + 1;
    }
  }
  for (std::string_view s : parts) {
    const std::string f = fold(s);
    const bool about_late = f.find("retard") != std::string::npos || f.find("penalit") != std::string::npos ||
                            f.find("late") != std::string::npos || f.find("interet") != std::string::npos;
    if (!about_late) continue;
    // A rate given by reference (the legal rate, the ECB rate plus points)
    // is not a contractual rate written down.
    bool by_reference = false;
    for (std::string_view w : {"legal", "bce", "refinancement", "fois", "majore", "points", "escompte", "ecb", "times"})
      by_reference = by_reference || f.find(w) != std::string::npos;
    if (by_reference) continue;
    const std::string l = lower_ascii(s);
    for (std::size_t p = l.find('%'); p != std::string::npos; p = l.find('%', p + 1)) {
      std::size_t e = p;
      while (e > 0 && (l[e - 1] == ' ' || static_cast<unsigned char>(l[e - 1]) == 0xA0 ||
                       static_cast<unsigned char>(l[e - 1]) == 0xC2 || static_cast<unsigned char>(l[e - 1]) == 0xAF ||
                       static_cast<unsigned char>(l[e - 1]) == 0x80 || static_cast<unsigned char>(l[e - 1]) == 0xE2))
        --e;
      std::size_t b = e;
      while (b > 0 && ((l[b - 1] >= '0' && l[b - 1] <= '9') || l[b - 1] == ',' || l[b - 1] == '.')) --b;
      if (b == e) continue;
      std::string num(l.substr(b, e - b));
      std::replace(num.begin(), num.end(), ',', '.');
      if (auto rate = parse_rate(num); rate && *rate > 0 && *rate <= 100 * kPercent) return rate;
    }
  }
  return std::nullopt;
}

Result<EInvoice> read_einvoice_xml(std::string_view xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_pi, pugi::encoding_auto);
  if (!parsed) {
    return Error{"octet " + std::to_string(parsed.offset), std::string("XML invalide : ") + parsed.description()};
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view name = root ? local(root.name()) : std::string_view();
  if (name == "CrossIndustryInvoice") return read_cii(root);
  if (name == "Invoice") return read_ubl(root, false);
  if (name == "CreditNote") return read_ubl(root, true);
  if (name == "CrossIndustryDocument")
    return Error{"CrossIndustryDocument", "facture ZUGFeRD 1.0 : format antérieur à EN 16931, non pris en charge "
                                         "(demandez un Factur-X ou un ZUGFeRD 2)"};
  return Error{std::string(name.empty() ? "document" : name),
               "ce XML n'est pas une facture électronique (élément racine « " + std::string(name) +
                   " », attendu CrossIndustryInvoice, Invoice ou CreditNote)"};
}

// ============================================================ [SECTION] files
Result<EInvoice> read_einvoice_file(std::string_view bytes, std::string* attachment) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    auto att = einvoice_attachment(bytes);
    if (!att) return att.error();
    if (attachment) *attachment = att->name;
    auto inv = read_einvoice_xml(att->data);
    if (!inv) {
      const std::string in = "pièce jointe « " + att->name + " »";
      return Error{inv.error().where.empty() ? in : in + ", " + inv.error().where, inv.error().what};
    }
    return inv;
  }
  std::string_view s = bytes;
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  s = trim(s);
  const bool utf16 = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
  if (!utf16 && (s.empty() || s[0] != '<'))
    return Error{"", "ni PDF ni XML : attendu une facture Factur-X (PDF), CII ou UBL (XML)"};
  return read_einvoice_xml(bytes);
}

}  // namespace relance::einvoice
