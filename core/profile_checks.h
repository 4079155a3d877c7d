// Checks on the company profile, one rule set for the guided start and the
// settings screen: each problem names its field, so a form shows it next to
// that field and saving another field is never blocked by it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace relance {

// Luhn key over the digits (SIREN, SIRET).
bool luhn_valid(std::string_view digits);
// A SIREN: 9 digits (spaces, dots and dashes ignored), Luhn key.
bool siren_valid(std::string_view text);
// A SIRET: 14 digits, Luhn key; La Poste's establishments (SIREN 356 000 000)
// use another rule instead: the sum of the digits is a multiple of 5.
bool siret_valid(std::string_view text);
// An IBAN: country code, two check digits, 11 to 30 letters or digits
// (spaces ignored, case folded), ISO 13616 mod-97 key equal to 1, and the
// length of its country when known (FR, MC: 27; BE 16; DE 22; ...).
bool iban_valid(std::string_view text);
// A BIC (ISO 9362): 4 letters (bank), 2 letters (country), 2 letters or
// digits (place), optionally 3 more (branch): 8 or 11 characters.
bool bic_valid(std::string_view text);
// The digits of a SIREN/SIRET/IBAN as typed, grouping characters removed;
// "?" when another character is there.
std::string identifier_digits(std::string_view text);

struct FieldIssue {
  std::string field;    // "siren", "siret", "iban", "bic", "signatory", "name", "email", "address"
  std::string message;  // French, for beside the field
  bool blocking = true; // false: advice (missing for letters), saving goes on
};

// Every problem of the profile, one per field, in the form's order.
// Blocking: a malformed identifier (SIREN, SIRET, IBAN, BIC, e-mail), a
// missing name, a SIRET that does not start with the SIREN. Advice: what a
// letter needs but is missing (signatory, address, IBAN, SIRET).
std::vector<FieldIssue> check_company_profile(const Company& c);
// The issues of one field only (what a form calls when that field changes).
std::vector<FieldIssue> check_company_field(const Company& c, std::string_view field);
// True when no blocking issue concerns `field`: the form may save it.
bool company_field_ok(const Company& c, std::string_view field);

}  // namespace relance
