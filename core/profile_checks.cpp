#include "core/profile_checks.h"

#include <algorithm>

#include "core/text.h"

namespace relance {

std::string identifier_digits(std::string_view text) {
  std::string out;
  for (char32_t c : utf8_to_u32(text)) {
    if (c >= '0' && c <= '9') out += static_cast<char>(c);
    else if (c == ' ' || c == '.' || c == '-' || c == 0xA0 || c == 0x202F || c == 0x2009) continue;
    else return "?";
  }
  return out;
}

bool luhn_valid(std::string_view d) {
  if (d.empty()) return false;
  int sum = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const char c = d[d.size() - 1 - i];
    if (c < '0' || c > '9') return false;
    int v = c - '0';
    if (i % 2 == 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return sum % 10 == 0;
}

bool siren_valid(std::string_view text) {
  const std::string d = identifier_digits(text);
  return d.size() == 9 && luhn_valid(d);
}

bool siret_valid(std::string_view text) {
  const std::string d = identifier_digits(text);
  if (d.size() != 14) return false;
  if (d.compare(0, 9, "356000000") == 0) {
    // La Poste: one SIREN, thousands of establishments; the key is the sum
    // of the digits, a multiple of 5 (the head office 356 000 000 00048 also
    // passes Luhn).
    int sum = 0;
    for (char c : d) sum += c - '0';
    return sum % 5 == 0 || luhn_valid(d);
  }
  return luhn_valid(d);
}

namespace {

int iban_length(std::string_view country) {
  static constexpr std::pair<std::string_view, int> kLengths[] = {
      {"FR", 27}, {"MC", 27}, {"BE", 16}, {"DE", 22}, {"ES", 24}, {"IT", 27}, {"LU", 20}, {"CH", 21},
      {"NL", 18}, {"PT", 25}, {"GB", 22}, {"IE", 22}, {"AT", 20}, {"AD", 24}, {"GP", 27}, {"MQ", 27},
      {"RE", 27}, {"GF", 27}, {"YT", 27}, {"PM", 27}, {"NC", 27}, {"PF", 27}, {"BL", 27}, {"MF", 27},
  };
  for (const auto& [c, n] : kLengths)
    if (c == country) return n;
  return 0;
}

std::string compact_upper(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == ' ' || c == '-') continue;
    s += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return s;
}

bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool iban_valid(std::string_view text) {
  std::string s = compact_upper(text);
  if (s.size() < 15 || s.size() > 34 || !upper(s[0]) || !upper(s[1]) || !digit(s[2]) || !digit(s[3])) return false;
  if (const int n = iban_length(std::string_view(s).substr(0, 2)); n && static_cast<int>(s.size()) != n) return false;
  std::rotate(s.begin(), s.begin() + 4, s.end());
  int mod = 0;
  for (char c : s) {
    if (digit(c)) mod = (mod * 10 + (c - '0')) % 97;
    else if (upper(c)) mod = (mod * 100 + (c - 'A' + 10)) % 97;
    else return false;
  }
  return mod == 1;
}

bool bic_valid(std::string_view text) {
  const std::string s = compact_upper(text);
  if (s.size() != 8 && s.size() != 11) return false;
  for (int i = 0; i < 6; ++i)
    if (!upper(s[static_cast<std::size_t>(i)])) return false;
  for (std::size_t i = 6; i < s.size(); ++i)
    if (!upper(s[i]) && !digit(s[i])) return false;
  return true;
}

std::vector<FieldIssue> check_company_profile(const Company& c) {
  std::vector<FieldIssue> out;
  auto add = [&](std::string field, std::string message, bool blocking) {
    out.push_back({std::move(field), std::move(message), blocking});
  };
  if (trim(c.name).empty()) add("name", "Le nom de l'entreprise figure sur chaque relance : il est obligatoire.", true);

  const std::string siren = identifier_digits(c.siren);
  if (!trim(c.siren).empty()) {
    if (siren.size() != 9) add("siren", "Le SIREN compte 9 chiffres.", true);
    else if (!luhn_valid(siren)) add("siren", "Ce SIREN n'est pas valide (clé de contrôle) : vérifiez les chiffres.", true);
  }
  if (!trim(c.siret).empty()) {
    const std::string d = identifier_digits(c.siret);
    if (d.size() != 14) add("siret", "Le SIRET compte 14 chiffres (SIREN + 5 chiffres de l'établissement).", true);
    else if (!trim(c.siren).empty() && siren.size() == 9 && d.compare(0, 9, siren) != 0)
      add("siret", "Le SIRET doit commencer par le SIREN (" + siren + ").", true);
    else if (!siret_valid(d)) add("siret", "Ce SIRET n'est pas valide (clé de contrôle) : vérifiez les chiffres.", true);
  } else {
    add("siret", "Le SIRET figure en pied des lettres : ajoutez-le.", false);
  }
  if (!trim(c.email).empty()) {
    const std::string_view e = trim(c.email);
    const std::size_t at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('.', at) == std::string_view::npos ||
        e.find(' ') != std::string_view::npos || e.back() == '.')
      add("email", "Adresse e-mail invalide (exemple : compta@exemple.fr).", true);
  }
  if (!trim(c.iban).empty()) {
    if (!iban_valid(c.iban)) add("iban", "IBAN invalide : vérifiez les caractères (clé de contrôle).", true);
  } else {
    add("iban", "Sans IBAN, les lettres ne disent pas où payer : ajoutez-le.", false);
  }
  if (!trim(c.bic).empty() && !bic_valid(c.bic))
    add("bic", "BIC invalide : 8 ou 11 caractères, par exemple BNPAFRPPXXX.", true);
  if (trim(c.signatory).empty()) add("signatory", "Indiquez qui signe les lettres (nom et fonction).", false);
  if (trim(c.address.line1).empty() || trim(c.address.city).empty() || trim(c.address.postcode).empty())
    add("address", "L'adresse de l'entreprise est incomplète : elle figure en tête des lettres.", false);
  return out;
}

std::vector<FieldIssue> check_company_field(const Company& c, std::string_view field) {
  std::vector<FieldIssue> all = check_company_profile(c), out;
  for (FieldIssue& i : all)
    if (i.field == field) out.push_back(std::move(i));
  return out;
}

bool company_field_ok(const Company& c, std::string_view field) {
  for (const FieldIssue& i : check_company_field(c, field))
    if (i.blocking) return false;
  return true;
}

}  // namespace relance
