// [SECTION] values: what each placeholder says for a client and its invoices
// [SECTION] checks: what to look at before sending
// [SECTION] render: recipient, subject, body and warnings of a message
// [SECTION] lookups: which template a step, a thank-you or a broken promise uses
// [SECTION] sms: GSM 03.38 / UCS-2 length
#include "core/messages.h"

#include "core/limitation.h"

#include <algorithm>

#include "core/links.h"
#include "core/penalties.h"
#include "core/summary.h"
#include "core/text.h"

namespace relance {

// ============================================================ [values]
namespace {

// "A", "A et B", "A, B et C".
std::string join_fr(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " et " : ", ";
    out += items[i];
  }
  return out;
}

std::string address_line(const Address& a) {
  std::vector<std::string> parts;
  for (const std::string* s : {&a.line1, &a.line2})
    if (!trim(*s).empty()) parts.emplace_back(trim(*s));
  std::string town = std::string(trim(a.postcode));
  if (!trim(a.city).empty()) town += (town.empty() ? "" : " ") + std::string(trim(a.city));
  if (!town.empty()) parts.push_back(town);
  if (!trim(a.country).empty()) parts.emplace_back(trim(a.country));
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// "Madame" / "Monsieur" from a title at the start of a name, else the
// neutral "Madame, Monsieur" (we never guess a gender from a first name).
std::string salutation_for(std::string_view who) {
  const std::string f = fold(who);
  // "M. et Mme Lefèvre", "Mme et M. Roy": a couple gets both.
  if (f.find(" et ") != std::string::npos) return "Madame, Monsieur";
  const std::string first = f.substr(0, f.find(' '));
  if (first == "mme" || first == "madame" || first == "mlle" || first == "mademoiselle") return "Madame";
  if (first == "m" || first == "mr" || first == "monsieur") return "Monsieur";
  return "Madame, Monsieur";
}

const char* step_label(Channel c) {
  switch (c) {
    case Channel::email: return "relance par e-mail";
    case Channel::sms: return "relance par SMS";
    case Channel::phone: return "appel";
    case Channel::letter: return "courrier de relance";
    case Channel::registered_notice: return "mise en demeure";
    case Channel::handover: return "transmission au recouvrement";
  }
  return "relance";
}

// The date the unpaid part fell due (or the invoice's due date once paid).
Date shown_due(const Ledger& l, const Invoice& inv) {
  const Date d = effective_due_date(l, inv);
  return d.ok() ? d : inv.due_date;
}

// "- Facture F-2026-0001 du 01/09/2026, échue le 01/10/2026 : 1 200,00 € TTC[, reste dû …]"
std::string invoice_line(const Ledger& l, const Invoice& inv, Date today) {
  std::string s = "- Facture " + inv.number;
  if (inv.issue_date.ok()) s += " du " + to_fr(inv.issue_date);
  const Date due = shown_due(l, inv);
  if (due.ok()) s += (due < today ? ", échue le " : ", échéance le ") + to_fr(due);
  s += " : " + format_eur(inv.ttc) + " TTC";
  const Cents left = balance(l, inv);
  if (left <= 0) s += ", réglée";
  else if (left != inv.ttc) s += ", reste dû " + format_eur(left);
  return s;
}

std::vector<InvoiceId> ids_of(const std::vector<const Invoice*>& invs) {
  std::vector<InvoiceId> ids;
  ids.reserve(invs.size());
  for (const Invoice* inv : invs) ids.push_back(inv->id);
  return ids;
}

}  // namespace

TemplateValues message_values(const Ledger& l, const Client& client, const std::vector<InvoiceId>& ids,
                              Date today, const Chain* chain, int step) {
  TemplateValues v;
  const bool business = client.kind == ClientKind::business;
  const Jurisdiction& j = jurisdiction_for(l, client);
  const bool public_buyer = business && client.public_buyer != PublicBuyer::none && j.public_buyer;

  // -- client and company
  v["client"] = client.name;
  v["contact"] = trim(client.contact).empty() ? client.name : client.contact;
  v["salutation"] = salutation_for(!trim(client.contact).empty() ? client.contact : business ? "" : client.name);
  v["client_address"] = address_line(client.address);
  v["client_email"] = client.email;
  v["client_phone"] = client.phone;
  v["client_siren"] = client.siren;
  const Company& co = l.company;
  v["company"] = co.name;
  v["company_address"] = address_line(co.address);
  v["company_email"] = co.email;
  v["company_phone"] = co.phone;
  v["company_siren"] = co.siren;
  v["company_siret"] = co.siret;
  v["company_iban"] = co.iban;
  v["signatory"] = co.signatory;
  v["today"] = to_fr(today);
  v["deadline"] = to_fr(today + l.settings.deadline_days);
  v["deadline_days"] = std::to_string(l.settings.deadline_days);
  // A rate carried forward or unverified says so where it is printed.
  const auto with_note = [&](const RateTable& table, const RateOnDay& r) {
    const std::string n = rate_note(table, r, today);
    return format_rate_fr(r.rate) + (n.empty() ? "" : " (" + n + ")");
  };
  v["legal_rate"] = with_note(j.consumer_margin ? j.reference : j.legal_rate, legal_rate_on(j, today));

  // -- the invoices, oldest due date first
  std::vector<const Invoice*> invs = found_invoices(l, ids);
  std::stable_sort(invs.begin(), invs.end(), [&](const Invoice* a, const Invoice* b) {
    const Date da = shown_due(l, *a), db = shown_due(l, *b);
    return da != db ? da < db : a->id < b->id;
  });

  std::vector<std::string> numbers, labels;
  std::string list, detail;
  Cents amount = 0, owed = 0, interest = 0, indemnity = 0;
  int late = 0;
  Date first_issue, first_due, first_due_any, promised;
  std::vector<BasisPoints> contractual;
  bool all_contractual = !invs.empty();
  for (const Invoice* inv : invs) {
    numbers.push_back(inv->number);
    if (!trim(inv->label).empty() && std::find(labels.begin(), labels.end(), inv->label) == labels.end())
      labels.push_back(inv->label);
    const Cents left = std::max<Cents>(0, balance(l, *inv));
    amount += inv->ttc;
    owed += left;
    const Penalties p = invoice_penalties(l, *inv, today);
    interest += p.interest;
    indemnity += p.indemnity;
    late = std::max(late, left > 0 ? days_late(l, *inv, today) : 0);
    if (inv->issue_date.ok() && (!first_issue.ok() || inv->issue_date < first_issue)) first_issue = inv->issue_date;
    const Date due = shown_due(l, *inv);
    if (due.ok() && (!first_due_any.ok() || due < first_due_any)) first_due_any = due;
    if (left > 0 && due.ok() && (!first_due.ok() || due < first_due)) first_due = due;
    if (const Promise* pr = broken_promise(l, *inv, today); pr && (!promised.ok() || pr->promised_for > promised))
      promised = pr->promised_for;
    if (inv->contractual_rate) contractual.push_back(*inv->contractual_rate);
    else all_contractual = false;

    const std::string line = invoice_line(l, *inv, today);
    list += (list.empty() ? "" : "\n") + line;
    detail += (detail.empty() ? "" : "\n") + line;
    if (business && (p.interest > 0 || p.indemnity > 0)) {
      detail += "\n  pénalités de retard au " + to_fr(today) + " : " + format_eur(p.interest);
      if (p.indemnity > 0) detail += " ; indemnité forfaitaire : " + format_eur(p.indemnity);
    } else if (!business && p.interest > 0) {
      detail += "\n  intérêts au taux légal au " + to_fr(today) + " : " + format_eur(p.interest);
    }
  }
  v["invoice_number"] = join_fr(numbers);
  v["invoice_ref"] = numbers.empty() ? "" : (numbers.size() == 1 ? "votre facture " : "vos factures ") + join_fr(numbers);
  std::string label_text;
  for (const std::string& s : labels) label_text += (label_text.empty() ? "" : " ; ") + s;
  v["invoice_label"] = label_text;
  v["invoice_date"] = to_fr(first_issue);
  v["due_date"] = to_fr(first_due.ok() ? first_due : first_due_any);
  v["amount"] = format_eur(amount);
  v["balance"] = format_eur(owed);
  v["days_late"] = std::to_string(std::max(0, late));
  v["penalties"] = format_eur(interest);
  v["indemnity"] = format_eur(indemnity);
  v["total_due"] = format_eur(owed + interest + indemnity);
  v["invoices"] = list;
  v["invoices_detail"] = detail;
  v["promised_date"] = to_fr(promised);
  if (!business) {
    // A consumer owes legal interest, not commercial penalties.
    v["penalty_rate"] = v["legal_rate"];
  } else if (all_contractual &&
             std::all_of(contractual.begin(), contractual.end(), [&](BasisPoints r) { return r == contractual[0]; })) {
    v["penalty_rate"] = format_rate_fr(contractual[0]);
  } else {
    v["penalty_rate"] = with_note(j.reference, public_buyer ? public_rate_on(j, today) : b2b_rate_on(j, today));
  }

  // -- what was done before
  const PreviousSteps before = previous_steps(l, ids_of(invs), today, chain, step);
  v["previous_steps"] = before.steps.empty() ? "aucune" : before.steps;
  v["previous_count"] = std::to_string(before.count);
  v["last_reminder_date"] = to_fr(before.last);
  v["notice_date"] = to_fr(before.notice);
  return v;
}

std::vector<const Invoice*> found_invoices(const Ledger& l, const std::vector<InvoiceId>& ids) {
  std::vector<const Invoice*> invs;
  for (InvoiceId id : ids)
    if (const Invoice* inv = find_invoice(l, id); inv && std::find(invs.begin(), invs.end(), inv) == invs.end())
      invs.push_back(inv);
  return invs;
}

PreviousSteps previous_steps(const Ledger& l, const std::vector<InvoiceId>& invoices, Date today, const Chain* chain,
                             int step) {
  // The entries naming the invoices (history_of: an index once the agenda
  // has been computed, not a pass over every entry per message), oldest
  // first, recording order between entries of the same day.
  std::vector<const HistoryEntry*> done;
  for (std::uint32_t k : history_of(l, invoices)) {
    const HistoryEntry& h = l.history[k];
    if (h.voided || h.kind != ActionKind::reminder || h.date > today) continue;
    if (chain && step >= 0 && h.chain_id == chain->id && h.step == step) continue;
    done.push_back(&h);
  }
  std::stable_sort(done.begin(), done.end(), [](const HistoryEntry* a, const HistoryEntry* b) { return a->date < b->date; });
  PreviousSteps out;
  for (const HistoryEntry* h : done) {
    const std::string item = std::string(step_label(h->channel)) + " du " + to_fr(h->date);
    // One message about two invoices recorded as two entries reads as one step.
    if (out.steps.find(item) != std::string::npos) continue;
    out.steps += (out.steps.empty() ? "" : " ; ") + item;
    ++out.count;
    out.last = h->date;
    if (h->channel == Channel::registered_notice) out.notice = h->date;
  }
  return out;
}

// ============================================================ [checks]
std::vector<std::string> message_checks(const Ledger& l, const std::vector<InvoiceId>& ids, Date today) {
  std::vector<std::string> out;
  auto add = [&](std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  };
  for (InvoiceId id : ids) {
    const Invoice* inv = find_invoice(l, id);
    if (!inv) {
      add("facture n° " + std::to_string(id) + " introuvable");
      continue;
    }
    const std::string name = "facture " + (inv->number.empty() ? "(brouillon)" : inv->number);
    if (std::string w = time_barred_warning(l, *inv, today); !w.empty()) add(std::move(w));
    switch (invoice_status(l, *inv)) {
      case InvoiceStatus::paid: add(name + " déjà réglée : ne la relancez pas"); break;
      case InvoiceStatus::cancelled: add(name + " annulée"); break;
      case InvoiceStatus::written_off: add(name + " passée en perte"); break;
      case InvoiceStatus::draft:
      case InvoiceStatus::proforma: add(name + " non émise : pas de relance possible"); break;
      case InvoiceStatus::credit_note: add(name + " est un avoir"); break;
      case InvoiceStatus::disputed: add(name + " contestée : réglez le litige avant de relancer"); break;
      case InvoiceStatus::issued:
      case InvoiceStatus::partly_paid: break;
    }
    if (inv->paused) add(name + " : relances en pause" + (inv->pause_reason.empty() ? "" : " (" + inv->pause_reason + ")"));
    if (const Promise* p = active_promise(*inv, today))
      add(name + " : paiement promis pour le " + to_fr(p->promised_for));
    for (const std::string& w : invoice_penalties(l, *inv, today).warnings) add(w);
  }
  return out;
}

// ============================================================ [law]
std::string law_wording(const Ledger& l, const Client& client, std::string text) {
  const Jurisdiction& j = jurisdiction_for(l, client);
  std::string penalty_law = j.penalty_law, indemnity_law = j.indemnity_law;
  const bool public_buyer = client.kind == ClientKind::business && client.public_buyer != PublicBuyer::none && j.public_buyer;
  if (public_buyer) {
    if (!j.public_buyer->penalty_law.empty()) penalty_law = j.public_buyer->penalty_law;
    if (!j.public_buyer->indemnity_law.empty()) indemnity_law = j.public_buyer->indemnity_law;
  }
  const Jurisdiction& fr = france();
  if (penalty_law != fr.penalty_law || indemnity_law != fr.indemnity_law) {
    // "articles L441-10 et D441-5 du Code de commerce": both references.
    const auto strip = [](const std::string& ref) {
      return ref.rfind("article ", 0) == 0 ? ref.substr(8) : ref.rfind("articles ", 0) == 0 ? ref.substr(9) : ref;
    };
    text = replace_all(std::move(text), "articles L441-10 et D441-5 du Code de commerce",
                       "articles " + strip(penalty_law) + " et " + strip(indemnity_law));
    text = replace_all(std::move(text), "article L441-10 du Code de commerce", penalty_law);
    text = replace_all(std::move(text), "article D441-5 du Code de commerce", indemnity_law);
    text = replace_all(std::move(text), "(article D441-5 :", "(" + indemnity_law + " :");
    text = replace_all(std::move(text), "(article D441-5)", "(" + indemnity_law + ")");
  }
  if (public_buyer) {
    // What a public buyer owes is called intérêts moratoires (L2192-13).
    text = replace_all(std::move(text), "Les pénalités de retard, qui tiennent lieu d'intérêts moratoires (article 1344-1 du Code civil), continuent",
                       "Les intérêts moratoires continuent");
    text = replace_all(std::move(text), "arrêtées au", "arrêtés au");
    text = replace_all(std::move(text), "Pénalités de retard", "Intérêts moratoires");
    text = replace_all(std::move(text), "pénalités de retard", "intérêts moratoires");
  }
  if (j.consumer_law != fr.consumer_law)
    text = replace_all(std::move(text), "article 1344-1 du Code civil", j.consumer_law);
  if (j.currency != "EUR" || !j.indemnity_tiers.empty() || j.indemnity != fr.indemnity) {
    std::string sums;
    if (j.indemnity_tiers.empty()) {
      sums = format_money(j, j.indemnity);
    } else {
      for (std::size_t i = 0; i < j.indemnity_tiers.size(); ++i)
        sums += (i == 0 ? "" : i + 1 == j.indemnity_tiers.size() ? " ou " : ", ") + format_money(j, j.indemnity_tiers[i].amount);
      sums += " selon le montant de la facture";
    }
    // After the amounts are in the pack's currency, "40 €" is the indemnity.
    const std::string forty = "40" + std::string("\u00a0") + "€";
    text = replace_all(std::move(text), forty, sums);
    text = replace_all(std::move(text), "40 €", sums);
  }
  if (j.currency == "GBP") text = replace_all(std::move(text), "\u00a0€", "\u00a0£");
  return text;
}

// ============================================================ [render]
Message render_message(const Ledger& l, const Template& t, const TemplateValues& values, const Client& client) {
  Message m;
  m.channel = t.channel;
  m.subject = law_wording(l, client, render_template(t.subject, values, true));
  m.body = law_wording(l, client, render_template(t.body, values, true));

  switch (t.channel) {
    case Channel::email:
      m.recipient = client.email;
      if (trim(client.email).empty())
        m.warnings.push_back("client sans e-mail : envoyez un courrier (PDF) ou ajoutez l'adresse");
      break;
    case Channel::sms:
    case Channel::phone:
      m.recipient = client.phone;
      if (trim(client.phone).empty()) {
        m.warnings.push_back("client sans numéro de téléphone");
      } else if (auto n = normalize_phone(client.phone); !n) {
        m.warnings.push_back(n.error().what);
      } else if (t.channel == Channel::sms && !likely_mobile(*n)) {
        m.warnings.push_back("le numéro du client ne semble pas être un mobile : le SMS risque de ne pas arriver");
      }
      break;
    case Channel::letter:
    case Channel::registered_notice:
    case Channel::handover:
      m.recipient = address_line(client.address);
      if (trim(client.address.line1).empty() || trim(client.address.city).empty() ||
          (trim(client.address.country).empty() && trim(client.address.postcode).empty()))
        m.warnings.push_back("adresse postale du client incomplète");
      break;
  }

  // Placeholders that came out empty: the text has a hole the user should see.
  // Only what the sections taken say: a field of a branch not taken is no hole.
  std::vector<std::string> used = used_placeholders(select_sections(t.subject, values));
  for (const std::string& name : used_placeholders(select_sections(t.body, values)))
    if (std::find(used.begin(), used.end(), name) == used.end()) used.push_back(name);
  for (const std::string& name : used) {
    const auto it = values.find(name);
    if (it != values.end() && !it->second.empty()) continue;
    std::string w = "champ {" + name + "} vide";
    for (const Placeholder& p : placeholders())
      if (p.name == name) w += " (" + std::string(p.description) + ")";
    m.warnings.push_back(std::move(w));
  }

  if (t.channel == Channel::sms) {
    m.subject.clear();
    m.body = sms_friendly(m.body);
    while (!m.body.empty() && (m.body.back() == '\n' || m.body.back() == ' ')) m.body.pop_back();
    const SmsInfo info = sms_info(m.body);
    if (!info.gsm7) {
      std::string c;
      append_utf8(c, info.first_non_gsm);
      m.warnings.push_back("SMS en Unicode à cause du caractère « " + c + " » : 70 caractères par SMS au lieu de 160");
    }
    if (info.segments > 1)
      m.warnings.push_back("SMS de " + std::to_string(info.units) + " caractères : il partira en " +
                           std::to_string(info.segments) + " messages");
  }
  return m;
}

// ============================================================ [lookups]
const Template* template_for_step(const Ledger& l, const Chain& chain, int step) {
  if (step < 0 || step >= static_cast<int>(chain.steps.size())) return nullptr;
  const std::string& id = chain.steps[static_cast<std::size_t>(step)].template_id;
  return id.empty() ? nullptr : find_template(l, id);
}

const Template* sms_variant(const Ledger& l, const Template& t) {
  if (t.channel == Channel::sms) return nullptr;
  const Template* v = find_template(l, t.id + "_sms");
  return v && v->channel == Channel::sms ? v : nullptr;
}

const Template* thanks_template(const Ledger& l, ClientKind kind) {
  return find_template(l, kind == ClientKind::business ? "thanks_b2b" : "thanks_b2c");
}

const Template* promise_broken_template(const Ledger& l, ClientKind kind) {
  return find_template(l, kind == ClientKind::business ? "promise_broken_b2b" : "promise_broken_b2c");
}

// ============================================================ [sms]
namespace {

// GSM 03.38 default alphabet (3GPP TS 23.038 §6.2.1), as Unicode. Note Ç
// (capital) is in it; ç, ê, â, î, ô, û, œ are not.
bool gsm_basic(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  if (c < 0x80) return std::u32string_view(U"@$_ !\"#%&'()*+,-./:;<=>?\n\r").find(c) != std::u32string_view::npos;
  return std::u32string_view(U"£¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà").find(c) != std::u32string_view::npos;
}

// Extension table: sent as ESC + char, two septets each.
bool gsm_extension(char32_t c) {
  return std::u32string_view(U"^{}\\[~]|€\f").find(c) != std::u32string_view::npos;
}

// Segments for a sequence of character costs, never splitting one character.
int pack(const std::vector<int>& costs, int per_segment) {
  int segments = 1, used = 0;
  for (int c : costs) {
    if (used + c > per_segment) {
      ++segments;
      used = 0;
    }
    used += c;
  }
  return segments;
}

}  // namespace

SmsInfo sms_info(std::string_view utf8) {
  SmsInfo info;
  const std::u32string text = utf8_to_u32(utf8);
  std::vector<int> gsm_costs, ucs_costs;
  for (char32_t c : text) {
    ucs_costs.push_back(c > 0xFFFF ? 2 : 1);
    if (gsm_basic(c)) {
      gsm_costs.push_back(1);
    } else if (gsm_extension(c)) {
      gsm_costs.push_back(2);
    } else if (info.gsm7) {
      info.gsm7 = false;
      info.first_non_gsm = c;
    }
  }
  const std::vector<int>& costs = info.gsm7 ? gsm_costs : ucs_costs;
  for (int c : costs) info.units += c;
  info.limit_single = info.gsm7 ? 160 : 70;
  info.fits_single = info.units <= info.limit_single;
  if (info.units == 0) info.segments = 0;
  else if (info.fits_single) info.segments = 1;
  else info.segments = pack(costs, info.gsm7 ? 153 : 67);
  return info;
}

std::string sms_friendly(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (char32_t c : utf8_to_u32(utf8)) {
    switch (c) {
      case 0x00A0: case 0x202F: case 0x2009: out += ' '; break;
      case 0x2019: case 0x2018: out += '\''; break;
      case 0x201C: case 0x201D: case 0x00AB: case 0x00BB: out += '"'; break;
      case 0x2013: case 0x2014: out += '-'; break;
      case 0x2026: out += "..."; break;
      default: append_utf8(out, c);
    }
  }
  return out;
}

}  // namespace relance
