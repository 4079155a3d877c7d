#include "core/templates.h"

#include <algorithm>

#include "core/text.h"

namespace relance {

const std::vector<Placeholder>& placeholders() {
  static const std::vector<Placeholder> list = {
      {"client", "Nom du client"},
      {"contact", "Personne à qui l'on écrit, ou à défaut le nom du client"},
      {"salutation", "Appel de la lettre : « Madame », « Monsieur » (d'après le contact) ou « Madame, Monsieur »"},
      {"client_address", "Adresse postale du client, sur une ligne"},
      {"client_email", "E-mail du client"},
      {"client_phone", "Téléphone du client"},
      {"client_siren", "SIREN du client"},
      {"invoice_number", "Numéro(s) de facture : « F-2026-0001 » ou « F-2026-0001 et F-2026-0002 »"},
      {"invoice_ref", "« votre facture F-2026-0001 » ou « vos factures F-2026-0001 et F-2026-0002 »"},
      {"invoice_label", "Objet des factures (ce qui a été vendu)"},
      {"invoice_date", "Date de la facture (la plus ancienne)"},
      {"due_date", "Date d'échéance (la plus ancienne encore due)"},
      {"amount", "Montant TTC des factures"},
      {"balance", "Reste à payer"},
      {"days_late", "Jours de retard (le plus grand), en chiffres"},
      {"penalties", "Pénalités de retard (professionnels) ou intérêts au taux légal (particuliers) à ce jour"},
      {"indemnity", "Indemnité forfaitaire de recouvrement (40 € par facture, professionnels ; 0 pour un particulier)"},
      {"total_due", "Total réclamé : reste à payer + pénalités + indemnités"},
      {"penalty_rate", "Taux annuel des pénalités : taux contractuel, sinon taux BCE + 10 points du semestre"},
      {"legal_rate", "Taux de l'intérêt légal du semestre (créancier professionnel)"},
      {"deadline", "Date limite donnée pour payer (aujourd'hui + le délai des réglages)"},
      {"deadline_days", "Délai donné en jours"},
      {"previous_steps", "Relances déjà faites, avec leurs dates (« aucune » s'il n'y en a pas)"},
      {"previous_count", "Nombre de relances déjà faites pour ces factures (0 s'il n'y en a pas)"},
      {"last_reminder_date", "Date de la dernière relance déjà faite (vide s'il n'y en a pas)"},
      {"notice_date", "Date de la mise en demeure déjà envoyée (vide s'il n'y en a pas)"},
      {"invoices", "Liste des factures, une par ligne (numéro, date, échéance, montant, reste dû)"},
      {"invoices_detail", "Liste des factures avec, pour chacune, pénalités et indemnité à ce jour"},
      {"today", "Date du jour"},
      {"company", "Nom de votre entreprise"},
      {"company_address", "Adresse de votre entreprise, sur une ligne"},
      {"company_email", "Votre e-mail"},
      {"company_phone", "Votre téléphone"},
      {"company_siren", "Votre SIREN"},
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

// French words people type for a field, for the "did you mean" hint (matched
// folded: "Échéance" finds "echeance").
constexpr std::pair<std::string_view, std::string_view> kFrenchNames[] = {
    {"nom", "client"},           {"nom client", "client"},         {"montant", "amount"},
    {"montant ttc", "amount"},   {"ttc", "amount"},                {"solde", "balance"},
    {"reste", "balance"},        {"reste a payer", "balance"},     {"reste du", "balance"},
    {"echeance", "due_date"},    {"date echeance", "due_date"},    {"date limite", "deadline"},
    {"delai", "deadline_days"},  {"retard", "days_late"},          {"jours de retard", "days_late"},
    {"penalites", "penalties"},  {"interets", "penalties"},        {"indemnite", "indemnity"},
    {"total", "total_due"},      {"taux", "penalty_rate"},         {"taux legal", "legal_rate"},
    {"facture", "invoice_number"}, {"numero", "invoice_number"},   {"numero facture", "invoice_number"},
    {"factures", "invoices"},    {"date facture", "invoice_date"}, {"date", "today"},
    {"aujourd hui", "today"},    {"entreprise", "company"},        {"societe", "company"},
    {"signataire", "signatory"}, {"signature", "signatory"},       {"adresse", "client_address"},
    {"telephone", "client_phone"}, {"tel", "client_phone"},        {"mail", "client_email"},
    {"email", "client_email"},   {"e mail", "client_email"},       {"courriel", "client_email"},
    {"iban", "company_iban"},    {"siret", "company_siret"},       {"siren", "client_siren"},
    {"civilite", "salutation"},  {"madame monsieur", "salutation"}, {"relances", "previous_steps"},
    {"promesse", "promised_date"}, {"objet", "invoice_label"},
};

std::string suggestion(std::string_view name) {
  const std::string folded = fold(name);
  for (const auto& [word, field] : kFrenchNames)
    if (folded == word) return " (vouliez-vous dire {" + std::string(field) + "} ?)";
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
      if (s[i + 1] == '#')
        ;  // a section tag: checked by section_issues(), resolved by select_sections()
      else if (!is_placeholder(name))
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

// ---------------------------------------------------------------- sections
constexpr std::string_view kConditions[] = {"first", "reminded", "once", "several"};

struct Tag {
  enum class Kind { if_, else_, end, bad };
  Kind kind = Kind::bad;
  std::size_t begin = 0, end = 0;  // [begin, end) in the text
  std::string cond;
  bool negate = false;
  int line = 0, column = 0;
  std::string raw;
};

// Every "{#...}" of the text ("{{" escapes skipped), in order.
std::vector<Tag> scan_tags(std::string_view s) {
  std::vector<Tag> tags;
  int line = 1, column = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
      ++i;
      column += 2;
      continue;
    }
    if (c == '{' && i + 1 < s.size() && s[i + 1] == '#') {
      const std::size_t close = s.find_first_of("{}\n", i + 1);
      if (close != std::string_view::npos && s[close] == '}') {
        Tag t;
        t.begin = i;
        t.end = close + 1;
        t.line = line;
        t.column = column;
        t.raw = std::string(s.substr(i, close + 1 - i));
        std::string words(trim(s.substr(i + 2, close - i - 2)));
        if (words == "else") {
          t.kind = Tag::Kind::else_;
        } else if (words == "end") {
          t.kind = Tag::Kind::end;
        } else if (starts_with(words, "if ")) {
          std::string cond(trim(std::string_view(words).substr(3)));
          if (starts_with(cond, "not ")) {
            t.negate = true;
            cond = std::string(trim(std::string_view(cond).substr(4)));
          }
          t.cond = cond;
          t.kind = Tag::Kind::if_;
        }
        tags.push_back(std::move(t));
        for (std::size_t k = i; k <= close; ++k)
          if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) ++column;
        i = close;
        continue;
      }
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return tags;
}

bool known_condition(std::string_view c) {
  return std::find(std::begin(kConditions), std::end(kConditions), c) != std::end(kConditions) || is_placeholder(c);
}

std::vector<TemplateIssue> section_issues(std::string_view text) {
  std::vector<TemplateIssue> issues;
  std::vector<const Tag*> open;
  const std::vector<Tag> tags = scan_tags(text);
  std::vector<bool> had_else;
  for (const Tag& t : tags) {
    switch (t.kind) {
      case Tag::Kind::bad:
        issues.push_back({t.line, t.column, "section « " + utf8_truncate(t.raw, 40) +
                                                " » inconnue (écrivez {#if first}, {#else} ou {#end})"});
        break;
      case Tag::Kind::if_:
        if (!known_condition(t.cond)) {
          std::string hint = suggestion(t.cond);
          issues.push_back({t.line, t.column, "condition inconnue « " + utf8_truncate(t.cond, 40) + " »" +
                                                  (hint.empty() ? " (first, reminded, once, several ou un champ)" : hint)});
        }
        open.push_back(&t);
        had_else.push_back(false);
        break;
      case Tag::Kind::else_:
        if (open.empty()) issues.push_back({t.line, t.column, "{#else} sans {#if} avant"});
        else if (had_else.back()) issues.push_back({t.line, t.column, "deuxième {#else} dans la même section"});
        else had_else.back() = true;
        break;
      case Tag::Kind::end:
        if (open.empty()) {
          issues.push_back({t.line, t.column, "{#end} sans {#if} avant"});
        } else {
          open.pop_back();
          had_else.pop_back();
        }
        break;
    }
  }
  for (const Tag* t : open) issues.push_back({t->line, t->column, "section « " + t->raw + " » non fermée (ajoutez {#end})"});
  return issues;
}

bool condition_holds(const Tag& t, const TemplateValues& values) {
  int count = 0;
  if (auto it = values.find("previous_count"); it != values.end())
    for (char c : it->second)
      if (c >= '0' && c <= '9') count = std::min(count * 10 + (c - '0'), 1000000);
  bool v;
  if (t.cond == "first") v = count == 0;
  else if (t.cond == "reminded") v = count >= 1;
  else if (t.cond == "once") v = count == 1;
  else if (t.cond == "several") v = count >= 2;
  else {
    const auto it = values.find(t.cond);
    v = it != values.end() && !trim(it->second).empty();
  }
  return t.negate ? !v : v;
}

}  // namespace

std::string select_sections(std::string_view text, const TemplateValues& values) {
  const std::vector<Tag> tags = scan_tags(text);
  if (tags.empty()) return std::string(text);
  struct Frame {
    bool parent = true, taken = false, in_else = false;
    bool active() const { return parent && (in_else ? !taken : taken); }
  };
  std::vector<Frame> stack;
  auto active = [&] { return stack.empty() || stack.back().active(); };
  auto apply_tag = [&](const Tag& t) {
    switch (t.kind) {
      case Tag::Kind::if_: stack.push_back({active(), condition_holds(t, values), false}); break;
      case Tag::Kind::else_: if (!stack.empty()) stack.back().in_else = true; break;
      case Tag::Kind::end: if (!stack.empty()) stack.pop_back(); break;
      case Tag::Kind::bad: break;
    }
  };
  std::string out;
  out.reserve(text.size());
  std::size_t k = 0;  // next tag
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::size_t first = k;
    while (k < tags.size() && tags[k].begin < end) ++k;
    // A line holding one tag and blanks disappears with its line break.
    bool standalone = k - first == 1 && trim(text.substr(start, tags[first].begin - start)).empty() &&
                      trim(text.substr(tags[first].end, end - tags[first].end)).empty();
    if (standalone) {
      apply_tag(tags[first]);
    } else {
      std::size_t pos = start;
      for (std::size_t i = first; i < k; ++i) {
        if (active()) out.append(text.substr(pos, tags[i].begin - pos));
        apply_tag(tags[i]);
        pos = tags[i].end;
      }
      if (active()) {
        out.append(text.substr(pos, end - pos));
        if (nl != std::string_view::npos) out += '\n';
      }
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::vector<TemplateIssue> find_template_issues(std::string_view text) {
  std::vector<TemplateIssue> issues = walk(text, [](std::string_view) {}, [](const std::string&) {});
  std::vector<TemplateIssue> more = section_issues(text);
  issues.insert(issues.end(), more.begin(), more.end());
  std::stable_sort(issues.begin(), issues.end(), [](const TemplateIssue& a, const TemplateIssue& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return issues;
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

std::vector<std::string> used_placeholders(std::string_view text) {
  std::vector<std::string> out;
  walk(
      text, [](std::string_view) {},
      [&](const std::string& name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
      });
  return out;
}

namespace {

// True when a rendered line holds nothing but spaces and punctuation.
bool only_punctuation(std::string_view line) {
  for (char32_t cp : utf8_to_u32(line)) {
    if (cp < 0x80) {
      if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) return false;
    } else if (cp != 0xA0 && cp != 0x202F && cp != 0x2009 && cp != 0x2013 && cp != 0x2014 && cp != 0x2022 &&
               cp != 0xB7) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string render_template(std::string_view text_in, const TemplateValues& values, bool drop_empty_lines) {
  const std::string selected = select_sections(text_in, values);
  const std::string_view text = selected;
  std::string out;
  out.reserve(text.size() + 256);
  // Placeholders never span lines (walk() stops a field at a line break), so
  // each line can be rendered on its own.
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string line;
    int fields = 0, filled = 0;
    walk(
        text.substr(start, end - start), [&](std::string_view t) { line += t; },
        [&](const std::string& name) {
          ++fields;
          if (auto it = values.find(name); it != values.end() && !it->second.empty()) {
            ++filled;
            line += it->second;
          }
        });
    const bool drop = drop_empty_lines && fields > 0 && filled == 0 && only_punctuation(line);
    if (!drop) {
      out += line;
      if (nl != std::string_view::npos) out += '\n';
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace relance
