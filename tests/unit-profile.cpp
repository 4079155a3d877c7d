// The company profile checks shared by the guided start and the settings:
// SIREN/SIRET keys (La Poste's exception), IBAN mod 97, BIC shape, what
// letters need; one issue per field so an unrelated field can be saved.
#include <doctest/doctest.h>

#include "core/profile_checks.h"
#include "core/sample.h"

using namespace relance;

namespace {

bool has_field(const std::vector<FieldIssue>& issues, std::string_view field, bool blocking) {
  for (const FieldIssue& i : issues)
    if (i.field == field && i.blocking == blocking) return true;
  return false;
}

}  // namespace

TEST_CASE("identifier keys") {
  CHECK(siren_valid("812 345 676"));
  CHECK(siren_valid("732829320"));   // a real SIREN
  CHECK_FALSE(siren_valid("812345674"));
  CHECK_FALSE(siren_valid("81234567"));
  CHECK_FALSE(siren_valid("81234567a"));
  CHECK(siret_valid("812 345 676 00025"));
  CHECK(siret_valid("73282932000074"));
  CHECK_FALSE(siret_valid("81234567400021"));
  // La Poste: the sum of the digits is a multiple of 5, not a Luhn key.
  CHECK(siret_valid("35600000000048"));   // head office
  CHECK(siret_valid("35600000049837"));   // an establishment: sum 45
  CHECK_FALSE(luhn_valid("35600000049837"));
  CHECK_FALSE(siret_valid("35600000049838"));
  CHECK(iban_valid("FR76 3000 4012 3400 0101 2345 615"));
  CHECK(iban_valid("fr7630004012340001012345615"));
  CHECK(iban_valid("DE89 3704 0044 0532 0130 00"));
  CHECK_FALSE(iban_valid("FR76 3000 4012 3400 0101 2345 678"));  // wrong key
  CHECK_FALSE(iban_valid("FR76 3000 4012 3400 0101 2345 61"));   // one character short for FR
  CHECK_FALSE(iban_valid("FR76-3000-4012-3400-0101-2345-6!5"));
  CHECK(bic_valid("BNPAFRPPXXX"));
  CHECK(bic_valid("bnpafrpp"));
  CHECK_FALSE(bic_valid("BNPAFRP"));
  CHECK_FALSE(bic_valid("BNP1FRPPXXX"));
  CHECK_FALSE(bic_valid("BNPAFRPPXX"));
}

TEST_CASE("profile issues, field by field; advice never blocks") {
  Company c;
  c.name = "Atelier";
  auto issues = check_company_profile(c);
  // Empty: nothing wrong, but what a letter needs is asked for.
  for (const FieldIssue& i : issues) CHECK_FALSE(i.blocking);
  CHECK(has_field(issues, "iban", false));
  CHECK(has_field(issues, "signatory", false));
  CHECK(has_field(issues, "siret", false));
  CHECK(has_field(issues, "address", false));

  c.siren = "812345674";
  c.siret = "81234567600025";
  c.iban = "FR76 3000 4012 3400 0101 2345 678";
  c.bic = "BNPA";
  c.email = "compta@atelier";
  issues = check_company_profile(c);
  CHECK(has_field(issues, "siren", true));
  CHECK(has_field(issues, "siret", true));  // does not start with the SIREN typed
  CHECK(has_field(issues, "iban", true));
  CHECK(has_field(issues, "bic", true));
  CHECK(has_field(issues, "email", true));
  // One message per field.
  for (const char* f : {"siren", "siret", "iban", "bic", "email"}) {
    CAPTURE(f);
    CHECK(check_company_field(c, f).size() == 1);
  }
  // The signatory can be saved although the IBAN is wrong.
  c.signatory = "Claire Vasseur";
  CHECK(company_field_ok(c, "signatory"));
  CHECK_FALSE(company_field_ok(c, "iban"));
  CHECK(check_company_field(c, "siren")[0].message == "Ce SIREN n'est pas valide (clé de contrôle) : vérifiez les chiffres.");
}

TEST_CASE("the sample company passes every check the app applies") {
  auto l = sample_ledger(kSampleToday);
  REQUIRE(l.ok());
  const Company& c = l->company;
  CHECK(siren_valid(c.siren));
  CHECK(siret_valid(c.siret));
  CHECK(iban_valid(c.iban));
  CHECK(bic_valid(c.bic));
  CHECK(check_company_profile(c).empty());
}
