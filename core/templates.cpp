#include "core/templates.h"

#include <algorithm>

#include "core/text.h"

namespace relance {

const std::vector<Placeholder>& placeholders() {
  static const std::vector<Placeholder> list = {
      {"client", "Nom du client"},
      {"contact", "Personne à qui l'on écrit (ou le nom du client)"},
      {"client_address", "Adresse postale du client"},
      {"client_email", "E-mail du client"},
      {"client_phone", "Téléphone du client"},
      {"invoice_number", "Numéro(s) de facture"},
      {"invoice_date", "Date de la facture (la plus ancienne)"},
      {"due_date", "Date d'échéance (la plus ancienne)"},
      {"amount", "Montant TTC des factures"},
      {"balance", "Reste à payer"},
      {"days_late", "Jours de retard (le plus grand)"},
      {"penalties", "Pénalités de retard ou intérêts légaux à ce jour"},
      {"indemnity", "Indemnité forfaitaire de recouvrement (40 € par facture, professionnels)"},
      {"total_due", "Total réclamé : reste à payer + pénalités + indemnités"},
      {"penalty_rate", "Taux des pénalités en vigueur"},
      {"deadline", "Date limite donnée pour payer"},
      {"deadline_days", "Délai donné en jours"},
      {"previous_steps", "Relances déjà faites, avec leurs dates"},
      {"invoices", "Liste des factures (numéro, date, échéance, reste dû)"},
      {"today", "Date du jour"},
      {"company", "Nom de votre entreprise"},
      {"company_address", "Adresse de votre entreprise"},
      {"company_email", "Votre e-mail"},
      {"company_phone", "Votre téléphone"},
      {"company_siret", "Votre SIRET"},
      {"company_iban", "Votre IBAN"},
      {"signatory", "Signataire"},
      {"promised_date", "Date de paiement promise (promesse non tenue)"},
  };
  return list;
}

bool is_placeholder(std::string_view name) {
  const auto& list = placeholders();
  return std::any_of(list.begin(), list.end(), [&](const Placeholder& p) { return p.name == name; });
}

namespace {

// Levenshtein distance, for "did you mean" hints on typos.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view name) {
  std::string_view best;
  std::size_t best_d = 3;
  for (const Placeholder& p : placeholders()) {
    const std::size_t d = distance(name, p.name);
    if (d < best_d) best = p.name, best_d = d;
  }
  return best.empty() ? std::string() : " (vouliez-vous dire {" + std::string(best) + "} ?)";
}

// Walks the template, calling on_text for literal runs and on_field for
// placeholders; reports issues with their line and column.
template <class OnText, class OnField>
std::vector<TemplateIssue> walk(std::string_view s, OnText on_text, OnField on_field) {
  std::vector<TemplateIssue> issues;
  int line = 1, column = 1;
  auto advance = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      if (s[k] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) {
        ++column;
      }
    }
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '{' && i + 1 < s.size() && s[i + 1] == '{') {
      on_text("{");
      advance(i, i + 2);
      i += 2;
    } else if (c == '}' && i + 1 < s.size() && s[i + 1] == '}') {
      on_text("}");
      advance(i, i + 2);
      i += 2;
    } else if (c == '{') {
      const std::size_t close = s.find_first_of("{}\n", i + 1);
      if (close == std::string_view::npos || s[close] != '}') {
        issues.push_back({line, column, "accolade « { » non fermée (écrivez {{ pour une accolade)"});
        on_text("{");
        advance(i, i + 1);
        ++i;
        continue;
      }
      const std::string name(trim(s.substr(i + 1, close - i - 1)));
      if (!is_placeholder(name))
        issues.push_back({line, column, "champ inconnu {" + utf8_truncate(name, 40) + "}" + suggestion(name)});
      else
        on_field(name);
      advance(i, close + 1);
      i = close + 1;
    } else if (c == '}') {
      issues.push_back({line, column, "accolade « } » sans ouverture (écrivez }} pour une accolade)"});
      on_text("}");
      advance(i, i + 1);
      ++i;
    } else {
      const std::size_t next = s.find_first_of("{}", i);
      const std::size_t end = next == std::string_view::npos ? s.size() : next;
      on_text(s.substr(i, end - i));
      advance(i, end);
      i = end;
    }
  }
  return issues;
}

}  // namespace

std::vector<TemplateIssue> find_template_issues(std::string_view text) {
  return walk(text, [](std::string_view) {}, [](const std::string&) {});
}

Status check_template(const Template& t) {
  for (auto [field, text] : {std::pair{"objet", std::string_view(t.subject)}, {"texte", std::string_view(t.body)}}) {
    const auto issues = find_template_issues(text);
    if (!issues.empty())
      return Error{"modèle « " + (t.name.empty() ? t.id : t.name) + " », " + field + ", ligne " +
                       std::to_string(issues[0].line) + ", colonne " + std::to_string(issues[0].column),
                   issues[0].message};
  }
  return Ok{};
}

std::string render_template(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size() + 256);
  walk(
      text, [&](std::string_view t) { out += t; },
      [&](const std::string& name) {
        if (auto it = values.find(name); it != values.end()) out += it->second;
      });
  return out;
}

}  // namespace relance
