// The company profile's checks in a form, one rule set for the guided start
// and Paramètres (core/profile_checks.h). A blocking problem on a field the
// user changed refuses the save, shown under that field; the same problem on
// a field left as it was stored does not block saving another field (an old
// invalid SIRET never stops a new phone number) and is shown as advice, like
// what a letter needs but is missing.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/profile_checks.h"
#include "web/forms.h"

namespace relance::company_checks {

// The core's messages in the app's typography (’ for ').
inline std::string typographic(std::string_view text) {
  std::string out;
  for (char ch : text)
    if (ch == '\'') out += "\u2019";
    else out += ch;
  return out;
}

// The profile's value behind a check's field ("address" is the whole address).
inline std::string value_of(const Company& c, std::string_view field) {
  if (field == "name") return c.name;
  if (field == "siren") return c.siren;
  if (field == "siret") return c.siret + "|" + c.siren;  // « must start with the SIREN » reads both
  if (field == "email") return c.email;
  if (field == "iban") return c.iban;
  if (field == "bic") return c.bic;
  if (field == "signatory") return c.signatory;
  if (field == "address") return c.address.line1 + "|" + c.address.postcode + "|" + c.address.city;
  return {};
}

// Whether an issue refuses the save: blocking, and on a changed field (the
// name always: every letter needs it).
inline bool blocks(const FieldIssue& i, const Company& c, const Company& stored) {
  return i.blocking && (i.field == "name" || value_of(c, i.field) != value_of(stored, i.field));
}

// Sets the blocking issues into `errors`, each under `prefix` + its field
// ("siret" or "company.siret"); true when none blocks.
inline bool check_for_save(const Company& c, const Company& stored, forms::Errors& errors, std::string_view prefix) {
  bool ok = true;
  for (const FieldIssue& i : check_company_profile(c))
    if (blocks(i, c, stored)) {
      errors.set(std::string(prefix) + i.field, typographic(i.message));
      ok = false;
    }
  return ok;
}

// Under a field: what does not block (advice, problems left as stored), when
// `errors` says nothing of that field. `issues` is check_company_profile(c).
inline void show_advice(const std::vector<FieldIssue>& issues, const Company& c, const Company& stored,
                        const forms::Errors& errors, std::string_view prefix, std::string_view field) {
  if (errors.find(std::string(prefix) + std::string(field))) return;
  for (const FieldIssue& i : issues)
    if (i.field == field && !blocks(i, c, stored)) forms::warning_text(typographic(i.message));
}

}  // namespace relance::company_checks
