// [SECTION] names
// [SECTION] pieces: amounts, identifiers, addresses, the sender and the footer
// [SECTION] selection: the client, its invoices and the step
// [SECTION] tables: invoices, penalties, steps taken
// [SECTION] body: a template rendered into blocks, tables where the invoices go
// [SECTION] letters: reminder, notice, statement, recovery file
// [SECTION] e-mail draft
#include "core/letters.h"

#include "core/limitation.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/dunning.h"
#include "core/messages.h"
#include "core/penalties.h"
#include "core/templates.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/wording.h"
#include <optional>

namespace relance {

// ============================================================ [names]
const char* to_string(LetterType t) {
  switch (t) {
    case LetterType::reminder: return "reminder";
    case LetterType::notice: return "notice";
    case LetterType::statement: return "statement";
    case LetterType::recovery_file: return "file";
  }
  return "?";
}

const char* label_fr(LetterType t) {
  switch (t) {
    case LetterType::reminder: return "Lettre de relance";
    case LetterType::notice: return "Mise en demeure";
    case LetterType::statement: return "Relevé de compte";
    case LetterType::recovery_file: return "Dossier de recouvrement";
  }
  return "?";
}

std::optional<LetterType> letter_type_from(std::string_view s) {
  if (s == "reminder") return LetterType::reminder;
  if (s == "notice") return LetterType::notice;
  if (s == "statement") return LetterType::statement;
  if (s == "file" || s == "recovery_file") return LetterType::recovery_file;
  return std::nullopt;
}

namespace {

// ============================================================ [pieces]
constexpr const char* kNbsp = "\u00A0";

void add_once(std::vector<std::string>& list, std::string s) {
  if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(std::move(s));
}

std::string t(std::string_view s) { return std::string(trim(s)); }

// "812 345 674" and "812 345 674 00021" with no-break spaces, as printed on
// French business papers; anything else as it was typed.
std::string format_siren(std::string_view raw) {
  std::string digits;
  for (char c : raw)
    if (c != ' ') digits += c;
  const bool all_digits = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
  if (!all_digits || (digits.size() != 9 && digits.size() != 14)) return t(raw);
  std::string out = digits.substr(0, 3) + kNbsp + digits.substr(3, 3) + kNbsp + digits.substr(6, 3);
  if (digits.size() == 14) out += kNbsp + digits.substr(9);
  return out;
}

// Spaces of an identifier (IBAN, phone number) made unbreakable.
std::string keep_together(std::string_view s) { return replace_all(t(s), " ", kNbsp); }

std::string days_text(int days) { return std::to_string(days) + kNbsp + (days > 1 ? "jours" : "jour"); }

std::string town_line(const Address& a) {
  std::string town = t(a.postcode);
  if (!t(a.city).empty()) town += (town.empty() ? "" : " ") + t(a.city);
  return town;
}

// Address lines, country last in capitals (as La Poste asks) when not France.
std::vector<std::string> address_lines(const Address& a) {
  std::vector<std::string> out;
  for (const std::string* s : {&a.line1, &a.line2})
    if (!t(*s).empty()) out.push_back(t(*s));
  if (const std::string town = town_line(a); !town.empty()) out.push_back(town);
  if (!t(a.country).empty() && fold(a.country) != "france") {
    std::string country;
    for (char32_t c : utf8_to_u32(t(a.country))) {
      // Capitals for ASCII and the Latin-1 letters; others are kept as typed.
      if (c >= 'a' && c <= 'z') c -= 32;
      else if (c >= 0xE0 && c <= 0xFE && c != 0xF7) c -= 32;
      append_utf8(country, c);
    }
    out.push_back(country);
  }
  return out;
}

std::string one_line(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& s : lines) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool address_incomplete(const Address& a) {
  return t(a.line1).empty() || t(a.city).empty() || (t(a.country).empty() && t(a.postcode).empty());
}

std::string company_name(const Company& co) {
  std::string s = t(co.name);
  if (!t(co.legal_form).empty()) s += (s.empty() ? "" : " ") + t(co.legal_form);
  return s;
}

std::vector<std::string> sender_lines(const Company& co) {
  std::vector<std::string> out;
  out.push_back(company_name(co));
  for (std::string& s : address_lines(co.address)) out.push_back(std::move(s));
  if (!t(co.phone).empty()) out.push_back("Tél. " + keep_together(co.phone));
  if (!t(co.email).empty()) out.push_back(t(co.email));
  if (!t(co.siret).empty()) out.push_back("SIRET " + format_siren(co.siret));
  else if (!t(co.siren).empty()) out.push_back("SIREN " + format_siren(co.siren));
  return out;
}

// Who the letter goes to, as it must read through the envelope window.
std::vector<std::string> recipient_lines(const Client& c) {
  std::vector<std::string> out;
  const std::string name = t(c.name), contact = t(c.contact);
  if (!name.empty()) out.push_back(name);
  if (c.kind == ClientKind::business && !contact.empty() && fold(contact) != fold(name))
    out.push_back("À l'attention de " + contact);
  if (name.empty() && c.kind == ClientKind::consumer && !contact.empty()) out.push_back(contact);
  for (std::string& s : address_lines(c.address)) out.push_back(std::move(s));
  return out;
}

// The company's identifiers at the foot of every page (Code de commerce
// R123-237: name, legal form, RCS, SIREN on business papers).
std::string footer_text(const Company& co) {
  std::vector<std::string> first, second;
  // A name that would fill the footer is cut: the footer holds identifiers.
  if (const std::string n = company_name(co); !n.empty())
    first.push_back(utf8_length(n) > 100 ? utf8_truncate(n, 99) + "…" : n);
  if (const std::string a = one_line(address_lines(co.address)); !a.empty()) first.push_back(a);
  if (!t(co.siret).empty()) first.push_back("SIRET " + format_siren(co.siret));
  else if (!t(co.siren).empty()) first.push_back("SIREN " + format_siren(co.siren));
  if (!t(co.rcs).empty()) first.push_back(keep_together(co.rcs));
  if (!t(co.vat_number).empty()) first.push_back("TVA " + keep_together(co.vat_number));
  if (!t(co.iban).empty()) second.push_back("IBAN " + keep_together(co.iban));
  if (!t(co.bic).empty()) second.push_back("BIC " + keep_together(co.bic));
  auto join = [](const std::vector<std::string>& parts) {
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : " · ") + p;
    return s;
  };
  std::string out = join(first);
  if (!second.empty()) out += (out.empty() ? "" : "\n") + join(second);
  return out;
}

std::string place_of(const Ledger& l) {
  const std::string place = t(l.settings.place);
  return place.empty() ? t(l.company.address.city) : place;
}

std::string place_date(const Ledger& l, Date today) {
  const std::string place = place_of(l);
  return (place.empty() ? "Le " : place + ", le ") + to_fr_long(today);
}

std::vector<std::string> signature_lines(const Company& co) {
  std::vector<std::string> out;
  if (!t(co.signatory).empty()) out.push_back(t(co.signatory));
  if (!t(co.name).empty()) out.push_back(company_name(co));
  return out;
}

// ============================================================ [selection]
bool receivable(const Invoice& inv) { return inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued; }

// The date the unpaid part fell due (the invoice's due date once paid).
Date shown_due(const Ledger& l, const Invoice& inv) {
  const Date d = effective_due_date(l, inv);
  return d.ok() ? d : inv.due_date;
}

// The part of the balance already due today (a payment plan leaves later
// instalments out); payments settle the earliest instalments first.
Cents overdue_part(const Ledger& l, const Invoice& inv, Date today) {
  if (balance(l, inv) <= 0) return 0;
  Cents paid = paid_amount(inv), due = 0;
  for (const Instalment& part : schedule(l, inv)) {
    const Cents covered = std::min(paid, part.amount);
    paid -= covered;
    if (part.due < today) due += part.amount - covered;
  }
  return std::min(due, balance(l, inv));
}

void sort_by_due(const Ledger& l, std::vector<const Invoice*>& invs) {
  std::stable_sort(invs.begin(), invs.end(), [&](const Invoice* a, const Invoice* b) {
    const Date da = shown_due(l, *a), db = shown_due(l, *b);
    return da != db ? da < db : a->id < b->id;
  });
}

struct Selection {
  const Client* client = nullptr;
  std::vector<const Invoice*> invoices;  // oldest due date first
  const Chain* chain = nullptr;
  int step = -1;
  std::vector<std::string> warnings;
};

std::vector<InvoiceId> ids_of(const std::vector<const Invoice*>& invs) {
  std::vector<InvoiceId> out;
  for (const Invoice* inv : invs) out.push_back(inv->id);
  return out;
}

Result<const Client*> find_request_client(const Ledger& l, const LetterRequest& r) {
  if (!r.today.ok()) return Error{"today", "date du jour manquante"};
  const Client* c = find_client(l, r.client);
  if (!c) return Error{"client", "client n° " + std::to_string(r.client) + " introuvable"};
  return c;
}

// The invoices the caller named, checked.
Result<std::vector<const Invoice*>> named_invoices(const Ledger& l, const Client& c, const std::vector<InvoiceId>& ids) {
  std::vector<const Invoice*> out;
  for (InvoiceId id : ids) {
    const Invoice* inv = find_invoice(l, id);
    if (!inv) return Error{"invoices", "facture n° " + std::to_string(id) + " introuvable"};
    const std::string name = inv->number.empty() ? "n° " + std::to_string(id) : inv->number;
    if (inv->client != c.id) return Error{"invoices", "la facture " + name + " n'est pas au nom de " + c.name};
    if (inv->kind != InvoiceKind::invoice || inv->state == Lifecycle::draft)
      return Error{"invoices", "la facture " + name + " n'est pas une facture émise"};
    if (std::find(out.begin(), out.end(), inv) == out.end()) out.push_back(inv);
  }
  return out;
}

enum class Scope { open, overdue, step };

// The client's invoices with something still owed: all of them (open), or
// those past their due date (overdue). `chasing` leaves out the invoices the
// dunning engine would not chase (dispute, pause) and says so.
std::vector<const Invoice*> client_invoices(const Ledger& l, const Client& c, Date today, bool overdue_only,
                                            bool chasing, std::vector<std::string>& warnings) {
  std::vector<const Invoice*> out;
  for (const Invoice& inv : l.invoices) {
    if (inv.client != c.id || !receivable(inv)) continue;
    const Cents left = balance(l, inv);
    if (overdue_only ? left <= 0 || days_late(l, inv, today) <= 0 : left == 0) continue;
    if (chasing && (has_open_dispute(inv) || inv.paused)) {
      add_once(warnings, "facture " + inv.number + (inv.paused ? " en pause" : " contestée") +
                             " : laissée hors du courrier (nommez-la pour l'y mettre)");
      continue;
    }
    out.push_back(&inv);
  }
  sort_by_due(l, out);
  return out;
}

const Chain* chain_or_error(const Ledger& l, const Client& c, Error& error) {
  const Chain* chain = chain_for(l, c);
  if (!chain) error = Error{"step", "aucun scénario de relance pour ce client"};
  return chain;
}

// The step of a reminder or an e-mail: the one given, else current_step()
// (the client's step due today, else (letters) the last one taken, else the
// next one planned).
Result<Selection> select_step(const Ledger& l, const LetterRequest& r, bool last_taken_first) {
  auto client = find_request_client(l, r);
  if (!client) return client.error();
  Selection s;
  s.client = *client;
  Error error;
  s.chain = chain_or_error(l, *s.client, error);
  if (!s.chain) return error;
  const int count = static_cast<int>(s.chain->steps.size());
  std::vector<InvoiceId> step_invoices;

  if (r.step >= 0) {
    if (r.step >= count)
      return Error{"step", "le scénario « " + s.chain->name + " » a " + std::to_string(count) + " étape" +
                               (count > 1 ? "s" : "") + " (étape " + std::to_string(r.step + 1) + " demandée)"};
    s.step = r.step;
  } else if (r.step < -1) {
    return Error{"step", "numéro d'étape invalide"};
  } else {
    ClientStep current = current_step(l, *s.client, *s.chain, r.today, last_taken_first);
    s.step = current.step;
    step_invoices = std::move(current.invoices);
    for (const std::string& name : current.other_due) add_once(s.warnings, "autre étape due pour ce client : « " + name + " »");
    if (s.step < 0) return Error{"step", "aucune étape de relance en cours pour ce client : précisez l'étape"};
  }

  if (!r.invoices.empty()) {
    auto named = named_invoices(l, *s.client, r.invoices);
    if (!named) return named.error();
    s.invoices = std::move(*named);
  } else if (!step_invoices.empty()) {
    for (InvoiceId id : step_invoices)
      if (const Invoice* inv = find_invoice(l, id)) s.invoices.push_back(inv);
  } else {
    // A pre-reminder speaks of invoices not yet due.
    const bool before_due = s.chain->steps[static_cast<std::size_t>(s.step)].offset_days < 0;
    s.invoices = client_invoices(l, *s.client, r.today, !before_due, true, s.warnings);
  }
  sort_by_due(l, s.invoices);
  if (s.invoices.empty())
    return Error{"invoices", "aucune facture impayée à relancer pour " + s.client->name};
  return s;
}

// ============================================================ [tables]
std::string invoice_name(const Ledger& l, const Invoice& inv, Date today) {
  std::string s = inv.number;
  if (has_open_dispute(inv)) s += " (contestée)";
  else if (!inv.plan.empty() && balance(l, inv) > 0) s += " (échéancier)";
  (void)today;
  return s;
}

std::string late_text(const Ledger& l, const Invoice& inv, Date today) {
  if (balance(l, inv) <= 0) return "–";
  const int d = days_late(l, inv, today);
  return d > 0 ? std::to_string(d) + kNbsp + "j" : "à échoir";
}

// N° facture, date, échéance, montant TTC, déjà réglé, reste dû, retard.
LetterTable invoice_table(const Ledger& l, const std::vector<const Invoice*>& invs, Date today) {
  LetterTable tb;
  tb.header = {"Facture", "Date", "Échéance", "Montant TTC", "Déjà réglé", "Reste dû", "Retard"};
  tb.widths_mm = {0, 19, 19, 25, 24, 25, 16};
  tb.right = {false, false, false, true, true, true, true};
  Cents ttc = 0, settled = 0, left = 0;
  for (const Invoice* inv : invs) {
    const Cents b = balance(l, *inv);
    tb.rows.push_back({invoice_name(l, *inv, today), to_fr(inv->issue_date), to_fr(shown_due(l, *inv)),
                       format_eur(inv->ttc), format_eur(inv->ttc - b), format_eur(b), late_text(l, *inv, today)});
    ttc += inv->ttc;
    settled += inv->ttc - b;
    left += b;
  }
  if (invs.size() > 1) tb.total = {"Total", "", "", format_eur(ttc), format_eur(settled), format_eur(left), ""};
  return tb;
}

struct Sums {
  Cents balance = 0, interest = 0, indemnity = 0;
  Cents total() const { return balance + interest + indemnity; }
};

Sums sums_of(const Ledger& l, const std::vector<const Invoice*>& invs, Date today) {
  Sums s;
  for (const Invoice* inv : invs) {
    const Penalties p = invoice_penalties(l, *inv, today);
    s.balance += std::max<Cents>(0, balance(l, *inv));
    s.interest += p.interest;
    s.indemnity += p.indemnity;
  }
  return s;
}

// B2B: penalties (L441-10) and the flat indemnity (D441-5) per invoice;
// consumers: legal interest since the formal notice. Empty when nothing is owed.
LetterTable penalty_table(const Ledger& l, const Client& c, const std::vector<const Invoice*>& invs, Date today) {
  LetterTable tb;
  const bool business = c.kind == ClientKind::business;
  if (business) {
    tb.header = {"Facture", "Reste dû", "Pénalités de retard", "Indemnité forfaitaire", "Total dû"};
    tb.widths_mm = {0, 28, 34, 40, 28};
    tb.right = {false, true, true, true, true};
  } else {
    tb.header = {"Facture", "Reste dû", "Intérêts au taux légal", "Total dû"};
    tb.widths_mm = {0, 30, 40, 30};
    tb.right = {false, true, true, true};
  }
  Sums all;
  for (const Invoice* inv : invs) {
    const Penalties p = invoice_penalties(l, *inv, today);
    const Cents b = std::max<Cents>(0, balance(l, *inv));
    all.balance += b;
    all.interest += p.interest;
    all.indemnity += p.indemnity;
    if (business)
      tb.rows.push_back({inv->number, format_eur(b), format_eur(p.interest), format_eur(p.indemnity),
                         format_eur(b + p.interest + p.indemnity)});
    else
      tb.rows.push_back({inv->number, format_eur(b), format_eur(p.interest), format_eur(b + p.interest)});
  }
  if (all.interest == 0 && all.indemnity == 0) return {};
  if (invs.size() < 2) return tb;  // the row says it all
  if (business)
    tb.total = {"Total", format_eur(all.balance), format_eur(all.interest), format_eur(all.indemnity),
                format_eur(all.total())};
  else
    tb.total = {"Total", format_eur(all.balance), format_eur(all.interest), format_eur(all.balance + all.interest)};
  return tb;
}

std::string step_title(const Ledger& l, const HistoryEntry& h) {
  std::string s;
  if (const Chain* chain = find_chain(l, h.chain_id); chain && h.step >= 0 && h.step < static_cast<int>(chain->steps.size()))
    s = chain->steps[static_cast<std::size_t>(h.step)].name;
  return step_display_name(s, h.channel);
}

bool concerns(const HistoryEntry& h, const std::vector<const Invoice*>& invs) {
  return std::any_of(h.invoices.begin(), h.invoices.end(), [&](InvoiceId id) {
    return std::any_of(invs.begin(), invs.end(), [&](const Invoice* inv) { return inv->id == id; });
  });
}

std::string numbers_of(const Ledger& l, const std::vector<InvoiceId>& ids) {
  std::string s;
  for (InvoiceId id : ids)
    if (const Invoice* inv = find_invoice(l, id)) s += (s.empty() ? "" : ", ") + inv->number;
  return s;
}

// The reminders already recorded for these invoices, oldest first.
std::vector<const HistoryEntry*> steps_taken(const Ledger& l, const std::vector<const Invoice*>& invs, Date today,
                                             bool reminders_only) {
  std::vector<const HistoryEntry*> out;
  for (const HistoryEntry& h : l.history) {
    if (h.voided || h.date > today) continue;
    if (reminders_only && h.kind != ActionKind::reminder) continue;
    if (concerns(h, invs)) out.push_back(&h);
  }
  std::stable_sort(out.begin(), out.end(), [](const HistoryEntry* a, const HistoryEntry* b) { return a->date < b->date; });
  return out;
}

LetterTable steps_table(const Ledger& l, const std::vector<const HistoryEntry*>& done) {
  LetterTable tb;
  tb.header = {"Date", "Démarche", "Factures"};
  tb.widths_mm = {22, 0, 62};
  tb.right = {false, false, false};
  for (const HistoryEntry* h : done) tb.rows.push_back({to_fr(h->date), step_title(l, *h), numbers_of(l, h->invoices)});
  return tb;
}

LetterBlock table_block(LetterTable tb) { return {LetterBlock::Kind::table, {}, std::move(tb)}; }
LetterBlock text_block(LetterBlock::Kind kind, std::string text) { return {kind, std::move(text), {}}; }

// ============================================================ [body]
// Stand-ins for the invoice lists of a template: the letter prints tables
// there instead of the text lines an e-mail carries. Private-use characters
// cannot come out of a placeholder by accident.
const std::string kListMark = "\uE000invoices\uE000";
const std::string kDetailMark = "\uE000invoices_detail\uE000";

bool is_signature_placeholder(std::string_view line) {
  static const std::vector<std::string_view> names = {"{signatory}",     "{company}",       "{company_phone}",
                                                      "{company_email}", "{company_address}", "{company_siret}",
                                                      "{company_siren}", "{company_iban}"};
  return std::find(names.begin(), names.end(), trim(line)) != names.end();
}

// Templates end with a signature made of placeholders ({signatory},
// {company}...): the letter has its own signature block, so that paragraph is
// left out of the body.
std::string without_signature(std::string_view body) {
  std::vector<std::string_view> lines = split_lines(body);
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
  std::size_t start = lines.size();
  while (start > 0 && !trim(lines[start - 1]).empty()) --start;
  if (start == lines.size()) return std::string(body);
  for (std::size_t i = start; i < lines.size(); ++i)
    if (!is_signature_placeholder(lines[i])) return std::string(body);
  std::string out;
  for (std::size_t i = 0; i < start; ++i) out += std::string(lines[i]) + "\n";
  return out;
}

bool is_item(std::string_view line) {
  return starts_with(line, "- ") || starts_with(line, "• ") || starts_with(line, "– ") || starts_with(line, "* ");
}

// Rendered text to blocks: blank lines separate paragraphs, "- " lines are
// list items, and a marker line becomes `tables`. Returns whether a marker
// was found.
bool text_blocks(std::string_view text, const std::vector<LetterBlock>& list_tables,
                 const std::vector<LetterBlock>& detail_tables, std::vector<LetterBlock>& out) {
  bool placed = false;
  std::string para;
  auto flush = [&] {
    if (!para.empty()) out.push_back(text_block(LetterBlock::Kind::paragraph, para));
    para.clear();
  };
  for (std::string_view raw : split_lines(text)) {
    const std::string_view line = trim(raw);
    if (line.empty()) {
      flush();
    } else if (line == kListMark || line == kDetailMark) {
      flush();
      const auto& tables = line == kListMark ? list_tables : detail_tables;
      out.insert(out.end(), tables.begin(), tables.end());
      placed = true;
    } else if (is_item(line)) {
      flush();
      out.push_back(text_block(LetterBlock::Kind::item, std::string(trim(line.substr(line.find(' '))))));
    } else {
      para += (para.empty() ? "" : "\n") + std::string(line);
    }
  }
  flush();
  return placed;
}

// Wording for a letter at a step whose own template is an SMS or a call
// script: neither reads as a letter.
Template letter_fallback(const Chain& chain, int step, ClientKind kind) {
  Template t;
  t.channel = Channel::letter;
  const bool before_due = chain.steps[static_cast<std::size_t>(step)].offset_days < 0;
  if (before_due) {
    t.id = "builtin_pre_letter";
    t.subject = "Rappel d'échéance – {invoice_number}";
    t.body =
        "{salutation},\n\nNous nous permettons de vous rappeler que le règlement suivant arrive à échéance le "
        "{due_date} :\n{invoices}\n\nMontant à régler : {balance}.\n\nSi le paiement est déjà programmé, nous vous "
        "en remercions et vous prions de ne pas tenir compte de ce courrier.\n\nVeuillez agréer, {salutation}, "
        "l'expression de nos salutations distinguées.\n";
  } else if (kind == ClientKind::business) {
    t.id = "builtin_b2b_letter";
    t.subject = "Relance de paiement – {invoice_number}";
    t.body =
        "{salutation},\n\nSauf erreur ou omission de notre part, le règlement suivant, arrivé à échéance le "
        "{due_date}, ne nous est pas parvenu :\n{invoices}\n\nReste à payer : {balance}.\n\nNous vous remercions de "
        "bien vouloir procéder à ce règlement au plus tard le {deadline}. Nous vous rappelons que tout retard de "
        "paiement fait courir de plein droit des pénalités au taux annuel de {penalty_rate} et une indemnité "
        "forfaitaire pour frais de recouvrement de 40 € par facture (articles L441-10 et D441-5 du Code de "
        "commerce).\n\nSi votre règlement nous est parvenu entre-temps, merci de ne pas tenir compte de ce "
        "courrier.\n\nVeuillez agréer, {salutation}, l'expression de nos salutations distinguées.\n";
  } else {
    t.id = "builtin_b2c_letter";
    t.subject = "Votre facture {invoice_number}";
    t.body =
        "{salutation},\n\nSauf erreur de notre part, le règlement suivant reste en attente :\n{invoices}\n\nReste à "
        "payer : {balance}.\n\nNous vous remercions de bien vouloir effectuer ce règlement avant le {deadline}. Si "
        "cette somme est difficile à régler en une seule fois, contactez-nous : nous pouvons convenir ensemble d'un "
        "paiement en plusieurs fois.\n\nSi vous avez déjà réglé cette somme, merci de ne pas tenir compte de ce "
        "courrier.\n\nVeuillez agréer, {salutation}, l'expression de nos salutations distinguées.\n";
  }
  return t;
}

// Subject and body blocks of a template for these invoices; the invoice
// tables go where the template lists the invoices (or after its opening).
void render_into(const Ledger& l, const Template& tpl, const Selection& s, Date today,
                 const std::vector<LetterBlock>& list_tables, const std::vector<LetterBlock>& detail_tables,
                 LetterContent& out) {
  TemplateValues values = message_values(l, *s.client, ids_of(s.invoices), today, s.chain, s.step);
  out.subject = render_template(tpl.subject, values, true);
  for (const std::string& name : used_placeholders(select_sections(tpl.subject + "\n" + tpl.body, values))) {
    if (name == "invoices" || name == "invoices_detail") continue;
    const auto it = values.find(name);
    if (it == values.end() || it->second.empty()) add_once(out.warnings, "champ {" + name + "} vide dans le modèle « " + tpl.name + " »");
  }
  values["invoices"] = kListMark;
  values["invoices_detail"] = kDetailMark;
  const std::string text = render_template(without_signature(tpl.body), values, true);
  std::vector<LetterBlock> blocks;
  if (!text_blocks(text, list_tables, detail_tables, blocks)) {
    // No list in the template: the tables go after the greeting and the first paragraph.
    const std::size_t at = std::min<std::size_t>(2, blocks.size());
    blocks.insert(blocks.begin() + static_cast<std::ptrdiff_t>(at), list_tables.begin(), list_tables.end());
  }
  out.body.insert(out.body.end(), blocks.begin(), blocks.end());
}

std::string body_text(const LetterContent& c) {
  std::string s;
  for (const LetterBlock& b : c.body) s += b.text + "\n";
  return s;
}

// ============================================================ [letters]
LetterContent common(const Ledger& l, const Client& c, LetterType type, Date today) {
  LetterContent out;
  out.type = type;
  out.sender = sender_lines(l.company);
  out.recipient = recipient_lines(c);
  out.place_date = place_date(l, today);
  if (!t(c.code).empty()) out.references.push_back("Réf. client : " + t(c.code));
  out.signature = signature_lines(l.company);
  out.footer = footer_text(l.company);
  if (t(l.company.name).empty()) add_once(out.warnings, "nom de l'entreprise absent : complétez les paramètres");
  if (address_incomplete(l.company.address)) add_once(out.warnings, "adresse de l'entreprise incomplète");
  if (t(l.company.signatory).empty()) add_once(out.warnings, "signataire non renseigné (paramètres de l'entreprise)");
  if (address_incomplete(c.address)) add_once(out.warnings, "adresse postale du client incomplète");
  return out;
}

void add_checks(const Ledger& l, const std::vector<const Invoice*>& invs, Date today, LetterContent& out) {
  for (std::string& w : message_checks(l, ids_of(invs), today)) add_once(out.warnings, std::move(w));
}

std::vector<LetterBlock> penalty_blocks(const Ledger& l, const Client& c, const std::vector<const Invoice*>& invs,
                                        Date today) {
  LetterTable pt = penalty_table(l, c, invs, today);
  if (pt.rows.empty()) return {};
  const std::string intro =
      c.kind == ClientKind::business
          ? "Pénalités de retard (article L441-10 du Code de commerce) et indemnité forfaitaire pour frais de "
            "recouvrement (article D441-5) arrêtées au " + to_fr(today) + " :"
          : "Intérêts au taux légal depuis la mise en demeure (article 1344-1 du Code civil), arrêtés au " +
                to_fr(today) + " :";
  std::vector<LetterBlock> out = {text_block(LetterBlock::Kind::paragraph, intro), table_block(std::move(pt))};
  // What the table's rates rest on, when it is not a plain published figure,
  // and the increase after a judgment.
  std::vector<std::string> notes, judgments;
  const Jurisdiction& j = jurisdiction_for(l, c);
  for (const Invoice* inv : invs) {
    const Penalties p = invoice_penalties(l, *inv, today);
    for (const std::string& n : p.rate_notes) add_once(notes, n);
    if (p.judgment_from.ok() && j.judgment)
      add_once(judgments, "Facture " + inv->number + " : depuis le " + to_fr(p.judgment_from) +
                              ", à l'expiration du délai de " + std::to_string(j.judgment->delay_months) +
                              " mois suivant la notification du jugement le " + to_fr(inv->judgment_notified_on) +
                              ", les intérêts courent au taux de l'intérêt légal majoré de " +
                              format_rate_fr(j.judgment->margin).substr(0, format_rate_fr(j.judgment->margin).find(',')) +
                              " points (" + j.judgment->law + ").");
  }
  if (!notes.empty()) {
    std::string text = "Taux appliqué" + std::string(notes.size() > 1 ? "s" : "") + " : ";
    for (std::size_t i = 0; i < notes.size(); ++i) text += (i ? " ; " : "") + notes[i];
    out.push_back(text_block(LetterBlock::Kind::small, text + "."));
  }
  for (const std::string& s : judgments) out.push_back(text_block(LetterBlock::Kind::paragraph, s));
  return out;
}

Result<LetterContent> notice_letter(const Ledger& l, const LetterRequest& r, const Client& c);

Result<LetterContent> reminder_letter(const Ledger& l, const LetterRequest& r) {
  auto sel = select_step(l, r, true);
  if (!sel) return sel.error();
  const Selection& s = *sel;
  const Step& step = s.chain->steps[static_cast<std::size_t>(s.step)];
  if (step.channel == Channel::registered_notice) {
    // The formal notice step: the notice, with its mention and tables.
    LetterRequest notice = r;
    notice.step = s.step;
    notice.invoices = ids_of(s.invoices);
    return notice_letter(l, notice, *s.client);
  }
  const Template* tpl = template_for_step(l, *s.chain, s.step);
  if (!tpl) return Error{"step", "l'étape « " + step.name + " » n'a pas de modèle"};
  Template chosen = *tpl;
  if (const Template* letter = find_template(l, tpl->id + "_letter")) chosen = *letter;
  else if (tpl->channel == Channel::sms || tpl->channel == Channel::phone)
    chosen = letter_fallback(*s.chain, s.step, s.client->kind);

  LetterContent out = common(l, *s.client, LetterType::reminder, r.today);
  for (const std::string& w : s.warnings) add_once(out.warnings, w);
  out.invoices = ids_of(s.invoices);
  out.chain_id = s.chain->id;
  out.step = s.step;
  out.channel = Channel::letter;
  const LetterTable list = invoice_table(l, s.invoices, r.today);
  std::vector<LetterBlock> detail = {table_block(list)};
  for (LetterBlock& b : penalty_blocks(l, *s.client, s.invoices, r.today)) detail.push_back(std::move(b));
  render_into(l, chosen, s, r.today, {table_block(list)}, detail, out);
  if (out.subject.empty()) out.subject = "Relance de paiement";
  out.title = message_title(*s.chain, s.step,
                            previous_reminder_count(l, out.invoices, r.today, s.chain, s.step)) +
              " – " + s.client->name;
  add_checks(l, s.invoices, r.today, out);
  return out;
}

const Template* notice_template(const Ledger& l, const Chain* chain, int& step, ClientKind kind) {
  if (chain) {
    if (step < 0)
      for (std::size_t i = 0; i < chain->steps.size(); ++i)
        if (chain->steps[i].channel == Channel::registered_notice) {
          step = static_cast<int>(i);
          break;
        }
    if (step >= 0)
      if (const Template* tpl = template_for_step(l, *chain, step); tpl && tpl->channel == Channel::registered_notice)
        return tpl;
  }
  return find_template(l, kind == ClientKind::business ? "b2b_notice" : "b2c_notice");
}

Result<LetterContent> notice_letter(const Ledger& l, const LetterRequest& r, const Client& c) {
  Selection s;
  s.client = &c;
  s.chain = chain_for(l, c);
  s.step = r.step;
  if (!r.invoices.empty()) {
    auto named = named_invoices(l, c, r.invoices);
    if (!named) return named.error();
    s.invoices = std::move(*named);
    sort_by_due(l, s.invoices);
  } else {
    s.invoices = client_invoices(l, c, r.today, true, true, s.warnings);
  }
  if (s.invoices.empty()) return Error{"invoices", "aucune facture échue et impayée pour " + c.name + " : pas de mise en demeure"};
  const Template* tpl = notice_template(l, s.chain, s.step, c.kind);
  if (!tpl) return Error{"step", "aucun modèle de mise en demeure (b2b_notice / b2c_notice) dans le registre"};

  LetterContent out = common(l, c, LetterType::notice, r.today);
  for (const std::string& w : s.warnings) add_once(out.warnings, w);
  out.invoices = ids_of(s.invoices);
  out.chain_id = s.chain ? s.chain->id : "";
  out.step = s.step;
  out.channel = Channel::registered_notice;
  out.mention = "Lettre recommandée avec accusé de réception";
  if (!t(r.registered_number).empty()) out.mention += " n°" + std::string(kNbsp) + t(r.registered_number);

  const LetterTable list = invoice_table(l, s.invoices, r.today);
  std::vector<LetterBlock> tables = {table_block(list)};
  for (LetterBlock& b : penalty_blocks(l, c, s.invoices, r.today)) tables.push_back(std::move(b));
  // The notice always shows its penalties: where the template lists the
  // invoices, the detail tables go.
  render_into(l, *tpl, s, r.today, tables, tables, out);
  if (out.subject.empty()) out.subject = "Mise en demeure de payer";

  // What a formal notice must say, even from a template the user shortened.
  const std::string text = body_text(out);
  const std::string deadline = to_fr(r.today + l.settings.deadline_days);
  if (text.find(deadline) == std::string::npos)
    out.body.push_back(text_block(LetterBlock::Kind::paragraph,
                                  "Délai de paiement : au plus tard le " + deadline + "."));
  std::vector<std::string> refs;
  if (c.kind == ClientKind::business) {
    if (text.find("L441-10") == std::string::npos) refs.push_back("article L441-10 du Code de commerce");
    if (text.find("D441-5") == std::string::npos) refs.push_back("article D441-5 du Code de commerce");
  }
  if (text.find("1344 ") == std::string::npos && text.find("1344,") == std::string::npos) refs.push_back("article 1344 du Code civil");
  if (text.find("1344-1") == std::string::npos) refs.push_back("article 1344-1 du Code civil");
  if (!refs.empty()) {
    std::string line = "Textes applicables : ";
    for (std::size_t i = 0; i < refs.size(); ++i) line += (i ? " ; " : "") + refs[i];
    out.body.push_back(text_block(LetterBlock::Kind::small, line + "."));
  }

  const std::vector<const HistoryEntry*> done = steps_taken(l, s.invoices, r.today, true);
  if (!done.empty()) {
    // Before the closing formula, which ends the letter.
    auto at = out.body.end();
    for (auto it = out.body.begin(); it != out.body.end(); ++it)
      if (it->kind == LetterBlock::Kind::paragraph &&
          (it->text.find("agréer") != std::string::npos || it->text.find("salutations") != std::string::npos))
        at = it;
    at = out.body.insert(at, table_block(steps_table(l, done)));
    out.body.insert(at, text_block(LetterBlock::Kind::heading, "Démarches déjà effectuées"));
  } else {
    add_once(out.warnings, "aucune relance enregistrée avant cette mise en demeure");
  }
  for (const HistoryEntry* h : done)
    if (h->channel == Channel::registered_notice)
      add_once(out.warnings, "une mise en demeure a déjà été enregistrée le " + to_fr(h->date));

  std::string numbers;
  for (const Invoice* inv : s.invoices) numbers += (numbers.empty() ? "" : ", ") + inv->number;
  out.enclosures = "P. J. : copie de" + std::string(s.invoices.size() > 1 ? "s factures " : " la facture ") + numbers;
  out.title = label_fr(LetterType::notice) + std::string(" – ") + c.name;
  add_checks(l, s.invoices, r.today, out);
  return out;
}

Result<LetterContent> statement_letter(const Ledger& l, const LetterRequest& r, const Client& c) {
  std::vector<std::string> warnings;
  std::vector<const Invoice*> invs;
  if (!r.invoices.empty()) {
    auto named = named_invoices(l, c, r.invoices);
    if (!named) return named.error();
    invs = std::move(*named);
    sort_by_due(l, invs);
  } else {
    invs = client_invoices(l, c, r.today, false, false, warnings);
  }
  LetterContent out = common(l, c, LetterType::statement, r.today);
  out.invoices = ids_of(invs);
  out.subject = "Relevé de compte au " + to_fr(r.today);
  out.title = label_fr(LetterType::statement) + std::string(" – ") + c.name;
  const TemplateValues v = message_values(l, c, out.invoices, r.today, nullptr, -1);
  out.body.push_back(text_block(LetterBlock::Kind::paragraph, v.at("salutation") + ","));

  if (invs.empty()) {
    out.body.push_back(text_block(LetterBlock::Kind::paragraph,
                                  "Au " + to_fr_long(r.today) + ", votre compte ne présente aucune facture ouverte : "
                                  "aucune somme ne reste due. Nous vous remercions de votre confiance."));
  } else {
    Cents owed = 0, overdue = 0;
    for (const Invoice* inv : invs) {
      owed += balance(l, *inv);
      overdue += overdue_part(l, *inv, r.today);
    }
    out.body.push_back(text_block(LetterBlock::Kind::paragraph,
                                  "Veuillez trouver ci-dessous le relevé de votre compte au " + to_fr_long(r.today) +
                                      " : les factures restant à régler, totalement ou en partie."));
    LetterTable tb = invoice_table(l, invs, r.today);
    out.body.push_back(table_block(std::move(tb)));
    std::string sum = "Solde dû : " + format_eur(owed);
    if (overdue != owed) sum += ", dont échu au " + to_fr(r.today) + " : " + format_eur(overdue);
    out.body.push_back(text_block(LetterBlock::Kind::paragraph, sum + "."));
    if (c.kind == ClientKind::business && overdue > 0) {
      const Sums sums = sums_of(l, invs, r.today);
      if (sums.interest + sums.indemnity > 0)
        out.body.push_back(text_block(
            LetterBlock::Kind::small,
            "Les retards de paiement font courir de plein droit des pénalités (article L441-10 du Code de commerce : " +
                format_eur(sums.interest) + " au " + to_fr(r.today) +
                ") et une indemnité forfaitaire de 40 € par facture (article D441-5 : " + format_eur(sums.indemnity) +
                "), non comprises dans ce solde."));
    }
  }

  // Payments received over the last year, newest first.
  struct Paid {
    Date date;
    const Invoice* inv;
    const Payment* p;
  };
  std::vector<Paid> paid;
  for (const Invoice& inv : l.invoices)
    if (inv.client == c.id && receivable(inv))
      for (const Payment& p : inv.payments)
        if (p.date <= r.today && r.today - p.date <= 365) paid.push_back({p.date, &inv, &p});
  std::stable_sort(paid.begin(), paid.end(), [](const Paid& a, const Paid& b) {
    return a.date != b.date ? a.date > b.date : a.p->id > b.p->id;
  });
  if (paid.size() > 12) paid.resize(12);
  if (!paid.empty()) {
    out.body.push_back(text_block(LetterBlock::Kind::heading, "Derniers règlements reçus"));
    LetterTable tb;
    tb.header = {"Date", "Facture", "Mode", "Référence", "Montant"};
    tb.widths_mm = {22, 32, 26, 0, 28};
    tb.right = {false, false, false, false, true};
    for (const Paid& p : paid)
      tb.rows.push_back({to_fr(p.date), p.inv->number, label_fr(p.p->method), p.p->reference, format_eur(p.p->amount)});
    out.body.push_back(table_block(std::move(tb)));
  }
  if (!invs.empty()) {
    std::string pay = "Nous vous remercions de bien vouloir régler les sommes échues dans les meilleurs délais";
    if (!t(l.company.iban).empty()) {
      pay += ", de préférence par virement (IBAN " + keep_together(l.company.iban);
      if (!t(l.company.bic).empty()) pay += ", BIC " + keep_together(l.company.bic);
      pay += ")";
    }
    out.body.push_back(text_block(LetterBlock::Kind::paragraph,
                                  pay + ". Si ce relevé ne correspond pas à vos propres comptes, merci de nous le "
                                        "signaler : nous rapprocherons volontiers nos écritures."));
  }
  out.body.push_back(text_block(LetterBlock::Kind::paragraph,
                                "Veuillez agréer, " + v.at("salutation") + ", l'expression de nos salutations distinguées."));
  for (const std::string& w : warnings) add_once(out.warnings, w);
  return out;
}

// Two columns, label and value, for identities and invoice facts.
LetterTable facts(std::vector<std::pair<std::string, std::string>> rows) {
  LetterTable tb;
  tb.widths_mm = {48, 0};
  tb.right = {false, false};
  for (auto& [k, v] : rows)
    if (!trim(v).empty()) tb.rows.push_back({std::move(k), std::move(v)});
  return tb;
}

Result<LetterContent> recovery_file(const Ledger& l, const LetterRequest& r, const Client& c) {
  std::vector<std::string> warnings;
  std::vector<const Invoice*> invs;
  if (!r.invoices.empty()) {
    auto named = named_invoices(l, c, r.invoices);
    if (!named) return named.error();
    invs = std::move(*named);
    sort_by_due(l, invs);
  } else {
    invs = client_invoices(l, c, r.today, true, false, warnings);
  }
  if (invs.empty()) return Error{"invoices", "aucune facture échue et impayée pour " + c.name + " : pas de dossier de recouvrement"};
  const bool business = c.kind == ClientKind::business;
  const Company& co = l.company;
  LetterContent out = common(l, c, LetterType::recovery_file, r.today);
  out.recipient.clear();  // a file, not a letter: no envelope window
  out.invoices = ids_of(invs);
  out.subject = "Dossier de recouvrement de créance – " + t(c.name);
  out.title = out.subject;
  out.signature.insert(out.signature.begin(), "Fait à " + (place_of(l).empty() ? std::string("…") : place_of(l)) +
                                                  ", le " + to_fr_long(r.today));
  out.place_date.clear();
  using K = LetterBlock::Kind;
  const Sums sums = sums_of(l, invs, r.today);
  out.body.push_back(text_block(
      K::paragraph, "Débiteur : " + t(c.name) + ". Somme réclamée au " + to_fr(r.today) + " : " +
                        format_eur(sums.total()) + ", au titre de " + std::to_string(invs.size()) +
                        (invs.size() > 1 ? " factures échues et impayées" : " facture échue et impayée") +
                        " (détail ci-dessous)."));

  // -- 1. the parties
  out.body.push_back(text_block(K::heading, "1. Créancier"));
  out.body.push_back(table_block(facts({{"Raison sociale", company_name(co)},
                                        {"Adresse", one_line(address_lines(co.address))},
                                        {"SIREN", format_siren(co.siren)},
                                        {"SIRET", format_siren(co.siret)},
                                        {"RCS", t(co.rcs)},
                                        {"N° de TVA", t(co.vat_number)},
                                        {"Représentant", t(co.signatory)},
                                        {"Téléphone", t(co.phone)},
                                        {"E-mail", t(co.email)},
                                        {"IBAN / BIC", t(co.iban) + (t(co.bic).empty() ? "" : " / " + t(co.bic))}})));
  out.body.push_back(text_block(K::heading, "2. Débiteur"));
  out.body.push_back(table_block(facts({{"Nom", t(c.name)},
                                        {"Qualité", business ? "Professionnel" : "Particulier (consommateur)"},
                                        {"Adresse", one_line(address_lines(c.address))},
                                        {"SIREN", format_siren(c.siren)},
                                        {"N° de TVA", t(c.vat_number)},
                                        {"Contact", t(c.contact)},
                                        {"E-mail", t(c.email)},
                                        {"Téléphone", t(c.phone)},
                                        {"Réf. client", t(c.code)}})));
  if (business && t(c.siren).empty()) add_once(out.warnings, "SIREN du débiteur absent : il est demandé par le tribunal");

  // -- 2. the claim
  out.body.push_back(text_block(K::heading, "3. Créance au " + to_fr(r.today)));
  out.body.push_back(table_block(invoice_table(l, invs, r.today)));
  for (LetterBlock& b : penalty_blocks(l, c, invs, r.today)) out.body.push_back(std::move(b));
  std::string claim = "Total réclamé : " + format_eur(sums.total()) + " (principal " + format_eur(sums.balance);
  if (business) claim += ", pénalités de retard " + format_eur(sums.interest) + ", indemnités forfaitaires " + format_eur(sums.indemnity);
  else claim += ", intérêts au taux légal " + format_eur(sums.interest);
  out.body.push_back(text_block(K::paragraph, claim + ")."));

  // -- 3. each invoice in detail
  out.body.push_back(text_block(K::heading, "4. Détail par facture"));
  for (const Invoice* inv : invs) {
    std::string title = "Facture " + inv->number + " du " + to_fr(inv->issue_date);
    if (!t(inv->label).empty()) title += " : " + t(inv->label);
    out.body.push_back(text_block(K::subheading, title));
    std::string plan;
    for (const Instalment& part : inv->plan) plan += (plan.empty() ? "" : " ; ") + to_fr(part.due) + " : " + format_eur(part.amount);
    out.body.push_back(table_block(facts({{"Montant HT", format_eur(inv->ht)},
                                          {"TVA", format_eur(inv->vat)},
                                          {"Montant TTC", format_eur(inv->ttc)},
                                          {"Échéance", to_fr(inv->due_date)},
                                          {"Échéancier accordé", plan},
                                          {"Pro forma", inv->proforma_number},
                                          {"Reste dû", format_eur(balance(l, *inv))},
                                          {"Retard", days_text(std::max(0, days_late(l, *inv, r.today)))}})));
    if (!inv->payments.empty()) {
      LetterTable tb;
      tb.header = {"Règlement reçu le", "Mode", "Référence", "Montant"};
      tb.widths_mm = {34, 26, 0, 28};
      tb.right = {false, false, false, true};
      for (const Payment& p : inv->payments)
        tb.rows.push_back({to_fr(p.date) + (p.deposit ? " (acompte)" : ""), label_fr(p.method), p.reference, format_eur(p.amount)});
      out.body.push_back(table_block(std::move(tb)));
    } else {
      out.body.push_back(text_block(K::small, "Aucun règlement reçu."));
    }
    LetterTable credits;
    credits.header = {"Avoir", "Date", "Motif", "Montant TTC"};
    credits.widths_mm = {30, 22, 0, 28};
    credits.right = {false, false, false, true};
    for (const Invoice& cn : l.invoices)
      if (cn.kind == InvoiceKind::credit_note && cn.credits == inv->id && cn.state == Lifecycle::issued)
        credits.rows.push_back({cn.number, to_fr(cn.issue_date), cn.cancel_reason, format_eur(cn.ttc)});
    if (!credits.rows.empty()) out.body.push_back(table_block(std::move(credits)));
    for (const Dispute& d : inv->disputes) {
      out.body.push_back(text_block(K::small, "Contestation ouverte le " + to_fr(d.opened) +
                                                  (t(d.reason).empty() ? "" : " : " + t(d.reason)) +
                                                  (d.closed.ok() ? " ; close le " + to_fr(d.closed) : " ; toujours ouverte")));
      if (!d.closed.ok())
        add_once(out.warnings, "facture " + inv->number + " contestée : une créance contestée n'est pas certaine "
                               "(condition de l'injonction de payer)");
    }
    for (const Promise& p : inv->promises)
      out.body.push_back(text_block(
          K::small, "Promesse de paiement faite le " + to_fr(p.made_on) + " pour le " + to_fr(p.promised_for) +
                        (p.amount > 0 ? " (" + format_eur(p.amount) + ")" : " (totalité)") +
                        (t(p.note).empty() ? "" : " : " + t(p.note)) +
                        (p.acknowledges_debt ? " — reconnaissance de dette écrite (Code civil 2240)" : "")));
    const Penalties p = invoice_penalties(l, *inv, r.today);
    if (!p.lines.empty()) {
      LetterTable tb;
      tb.header = {"Du", "Au", "Jours", "Base", "Taux annuel", "Montant"};
      tb.widths_mm = {22, 22, 16, 0, 24, 26};
      tb.right = {false, false, true, true, true, true};
      for (const PenaltyLine& pl : p.lines)
        tb.rows.push_back({to_fr(pl.from), to_fr(pl.to), std::to_string(pl.days), format_eur(pl.base),
                           format_rate_fr(pl.rate), format_eur(pl.amount)});
      tb.total = {business ? "Pénalités" : "Intérêts", "", "", "", "", format_eur(p.interest)};
      out.body.push_back(table_block(std::move(tb)));
    }
    if (business && p.indemnity > 0)
      out.body.push_back(text_block(K::small, "Indemnité forfaitaire pour frais de recouvrement (D441-5) : " +
                                                  format_eur(p.indemnity) + "."));
    if (!business && p.lines.empty())
      out.body.push_back(text_block(K::small, "Pas d'intérêts : ils ne courent qu'à partir d'une mise en demeure "
                                              "(article 1344-1 du Code civil)."));
    for (const std::string& w : p.warnings) add_once(out.warnings, w);
  }

  // -- 4. everything done, with the exact texts
  out.body.push_back(text_block(K::heading, "5. Historique des démarches"));
  std::vector<const HistoryEntry*> done = steps_taken(l, invs, r.today, false);
  for (const HistoryEntry& h : l.history)  // notes about the client as a whole
    if (!h.voided && h.client == c.id && h.invoices.empty() && h.date <= r.today) done.push_back(&h);
  std::stable_sort(done.begin(), done.end(), [](const HistoryEntry* a, const HistoryEntry* b) {
    return a->date != b->date ? a->date < b->date : a->id < b->id;
  });
  if (done.empty()) out.body.push_back(text_block(K::small, "Aucune démarche enregistrée."));
  const HistoryEntry* notice = nullptr;
  for (const HistoryEntry* h : done) {
    std::string what = h->kind == ActionKind::reminder ? step_title(l, *h)
                       : h->kind == ActionKind::call_note ? "Compte rendu d'appel"
                       : h->kind == ActionKind::thanks ? "Remerciement"
                                                       : "Note";
    out.body.push_back(text_block(K::subheading, to_fr(h->date) + " — " + what));
    out.body.push_back(table_block(facts({{"Canal", label_fr(h->channel)},
                                          {"Destinataire", t(h->recipient)},
                                          {"Objet", t(h->subject)},
                                          {"Factures", numbers_of(l, h->invoices)}})));
    if (!t(h->text).empty()) out.body.push_back(text_block(K::quote, t(h->text)));
    if (h->kind == ActionKind::reminder && h->channel == Channel::registered_notice && !notice) notice = h;
  }

  // -- 5. the procedure
  out.body.push_back(text_block(K::heading, "6. Procédure"));
  if (notice)
    out.body.push_back(text_block(K::paragraph, "Mise en demeure : envoyée le " + to_fr(notice->date) +
                                                    " (article 1344 du Code civil), texte ci-dessus."));
  else {
    out.body.push_back(text_block(K::paragraph, "Mise en demeure : aucune enregistrée."));
    add_once(out.warnings, "aucune mise en demeure enregistrée : envoyez-la avant d'engager la procédure");
  }
  const std::string town = t(c.address.city);
  if (business)
    out.body.push_back(text_block(
        K::paragraph,
        "Injonction de payer (articles 1405 et suivants du Code de procédure civile) : requête au tribunal de commerce "
        "(formulaire Cerfa n°\u00A012946) si le débiteur est commerçant ou société commerciale ; sinon (société civile, "
        "profession libérale, association) au tribunal judiciaire (formulaire Cerfa n°\u00A012948). Tribunal du lieu où "
        "demeure le débiteur (article 1406)" + (town.empty() ? std::string(".") : " : " + town + ".")));
  else
    out.body.push_back(text_block(
        K::paragraph,
        "Injonction de payer (articles 1405 et suivants du Code de procédure civile) : requête au tribunal judiciaire, "
        "formulaire Cerfa n°\u00A012948. Tribunal du lieu où demeure le débiteur (article 1406)" +
            (town.empty() ? std::string(".") : " : " + town + ".")));
  out.body.push_back(text_block(K::paragraph,
                                "Pièces : les factures, les relances et la mise en demeure avec son accusé de "
                                "réception, et le présent décompte."));
  Date oldest;
  for (const Invoice* inv : invs)
    if (inv->due_date.ok() && (!oldest.ok() || inv->due_date < oldest)) oldest = inv->due_date;
  if (oldest.ok()) {
    const int years = business ? 5 : 2;
    out.body.push_back(text_block(
        K::small, std::string("Prescription (indication) : ") + (business ? "5 ans entre professionnels (article L110-4 du Code de commerce)"
                                                                        : "2 ans contre un consommateur (article L218-2 du Code de la consommation)") +
                      " ; facture la plus ancienne échue le " + to_fr(oldest) + ", soit jusqu'au " +
                      to_fr(add_years(oldest, years)) + " en principe, sauf interruption (reconnaissance de dette, demande en justice)."));
  }
  for (const std::string& w : warnings) add_once(out.warnings, w);
  add_checks(l, invs, r.today, out);
  return out;
}

// French typography: no line may start with ; : ? ! or », nor end with «.
// Texts quoted as they were sent (recovery file) are left alone.
std::string french_spaces(std::string s) {
  for (const char* mark : {";", ":", "?", "!", "»"}) s = replace_all(std::move(s), std::string(" ") + mark, std::string(kNbsp) + mark);
  return replace_all(std::move(s), "« ", std::string("«") + kNbsp);
}

Result<LetterContent> finish(Result<LetterContent> r) {
  if (!r) return r;
  for (LetterBlock& b : r->body) {
    if (b.kind == LetterBlock::Kind::quote) continue;
    b.text = french_spaces(std::move(b.text));
    for (auto& row : b.table.rows)
      for (std::string& cell : row) cell = french_spaces(std::move(cell));
  }
  r->subject = french_spaces(std::move(r->subject));
  return r;
}

Result<LetterContent> dispatch(const Ledger& l, const LetterRequest& r) {
  auto client = find_request_client(l, r);
  if (!client) return client.error();
  switch (r.type) {
    case LetterType::reminder: return reminder_letter(l, r);
    case LetterType::notice: {
      if (r.step >= 0) {
        const Chain* chain = chain_for(l, **client);
        if (!chain || r.step >= static_cast<int>(chain->steps.size()))
          return Error{"step", "étape " + std::to_string(r.step + 1) + " absente du scénario du client"};
      }
      return notice_letter(l, r, **client);
    }
    case LetterType::statement: return statement_letter(l, r, **client);
    case LetterType::recovery_file: return recovery_file(l, r, **client);
  }
  return Error{"type", "type de lettre inconnu"};
}

}  // namespace

// A prescribed invoice in a letter: said at the top of the letter itself
// (the user sees it in the preview and the PDF) and in the warnings.
static Result<LetterContent> flag_time_barred(const Ledger& l, const LetterRequest& r, Result<LetterContent> c) {
  if (!c) return c;
  std::vector<LetterBlock> flags;
  for (InvoiceId id : c->invoices) {
    const Invoice* inv = find_invoice(l, id);
    if (!inv) continue;
    const std::string w = time_barred_warning(l, *inv, r.today);
    if (w.empty()) continue;
    add_once(c->warnings, w);
    flags.push_back({LetterBlock::Kind::paragraph, "Attention, créance prescrite : " + w + ".", {}});
  }
  c->body.insert(c->body.begin(), flags.begin(), flags.end());
  return c;
}

// The client's law in the letter: references, amounts and currency of its
// pack (law_wording()), and for a public buyer the Chorus Pro mention.
static Result<LetterContent> apply_law(const Ledger& l, const LetterRequest& r, Result<LetterContent> c) {
  if (!c) return c;
  const Client* client = find_client(l, r.client);
  if (!client) return c;
  for (LetterBlock& b : c->body) {
    if (b.kind == LetterBlock::Kind::quote) continue;  // a text kept exactly as it was sent
    b.text = law_wording(l, *client, std::move(b.text));
    for (std::string& h : b.table.header) h = law_wording(l, *client, std::move(h));
    for (auto& row : b.table.rows)
      for (std::string& cell : row) cell = law_wording(l, *client, std::move(cell));
    for (std::string& cell : b.table.total) cell = law_wording(l, *client, std::move(cell));
  }
  c->subject = law_wording(l, *client, std::move(c->subject));
  const Jurisdiction& j = jurisdiction_for(l, *client);
  if (client->kind == ClientKind::business && client->public_buyer != PublicBuyer::none && j.id == "fr") {
    std::string numbers;
    for (InvoiceId id : c->invoices)
      if (const Invoice* inv = find_invoice(l, id); inv && inv->kind == InvoiceKind::invoice)
        numbers += (numbers.empty() ? "" : ", ") + inv->number;
    const bool several = numbers.find(',') != std::string::npos;
    const int cap = public_terms_cap(j, client->public_buyer);
    std::string text = std::string(several ? "Les factures " : numbers.empty() ? "Nos factures" : "La facture ") + numbers +
                       (several || numbers.empty() ? " ont été déposées" : " a été déposée") +
                       " sur le portail Chorus Pro, comme l'exige la facturation électronique des acheteurs publics "
                       "(article L2192-5 du Code de la commande publique)";
    if (cap > 0)
      text += " ; le délai de paiement de " + std::to_string(cap) + " jours court à compter de " + (several ? "leur" : "sa") +
              " réception (article " +
              std::string(client->public_buyer == PublicBuyer::hospital ? "R2192-11" : "R2192-10") +
              " du Code de la commande publique)";
    text += ".";
    // Before the closing formula, which ends the letter.
    auto at = c->body.end();
    for (auto it = c->body.begin(); it != c->body.end(); ++it)
      if (it->kind == LetterBlock::Kind::paragraph &&
          (it->text.find("agréer") != std::string::npos || it->text.find("salutations") != std::string::npos ||
           it->text.find("Cordialement") != std::string::npos))
        at = it;
    c->body.insert(at, {LetterBlock::Kind::paragraph, text, {}});
  }
  return c;
}

namespace {

// Whether the letters' font has a glyph for `cp`: letter_font_covers().
bool font_covers(char32_t cp) { return letter_font_covers(cp); }

// The name of the script of a code point the font does not cover; empty
// when covered (or a control character, which the PDF drops or replaces).
std::string unsupported_script(char32_t cp) {
  const auto in = [cp](char32_t a, char32_t b) { return cp >= a && cp <= b; };
  if (cp < 0x20 || in(0x7F, 0x9F) || cp == 0xFEFF || font_covers(cp)) return {};
  if (in(0x250, 0x2AF)) return "alphabet phonétique";
  if (in(0x1F00, 0x1FFF)) return "grec polytonique";
  if (in(0x590, 0x5FF) || in(0xFB1D, 0xFB4F)) return "hébreu";
  if (in(0x600, 0x6FF) || in(0x750, 0x77F) || in(0x8A0, 0x8FF) || in(0xFB50, 0xFDFF) || in(0xFE70, 0xFEFC))
    return "arabe";
  if (in(0x530, 0x58F)) return "arménien";
  if (in(0x180, 0x24F) || in(0x1E00, 0x1EFF)) return "latin étendu";
  if (in(0x460, 0x52F)) return "cyrillique étendu";
  if (in(0x300, 0x36F)) return "diacritique combinant";
  if (in(0x900, 0x97F)) return "dévanagari";
  if (in(0xE00, 0xE7F)) return "thaï";
  if (in(0x10A0, 0x10FF)) return "géorgien";
  if (in(0x3040, 0x30FF)) return "japonais";
  if (in(0xAC00, 0xD7AF) || in(0x1100, 0x11FF)) return "coréen";
  if (in(0x2E80, 0x2FFF) || in(0x3000, 0x303F) || in(0x3400, 0x4DBF) || in(0x4E00, 0x9FFF) || in(0xF900, 0xFAFF) ||
      in(0x20000, 0x3FFFF))
    return "chinois, japonais ou coréen";
  if (in(0x1F000, 0x1FAFF) || in(0x2600, 0x27BF) || in(0xFE00, 0xFE0F) || cp == 0x200D) return "emoji";
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return std::string("caractère ") + buf;
}

void check_script(std::vector<std::string>& warnings, const std::string& field, std::string_view text) {
  for (char32_t cp : utf8_to_u32(text)) {
    const std::string script = unsupported_script(cp);
    if (script.empty()) continue;
    add_once(warnings, field + " : écriture non prise en charge (" + script + ")");
    return;
  }
}

}  // namespace

// Text the letter's font cannot print would come out as « � » in the PDF: a
// warning names the field and the script instead of silent garbage.
static Result<LetterContent> flag_scripts(const Ledger& l, const LetterRequest& r, Result<LetterContent> c) {
  if (!c) return c;
  std::vector<std::string> w;
  if (const Client* client = find_client(l, r.client)) {
    check_script(w, "client.name", client->name);
    check_script(w, "client.contact", client->contact);
    check_script(w, "client.address.line1", client->address.line1);
    check_script(w, "client.address.line2", client->address.line2);
    check_script(w, "client.address.postcode", client->address.postcode);
    check_script(w, "client.address.city", client->address.city);
    check_script(w, "client.address.country", client->address.country);
  }
  check_script(w, "company.name", l.company.name);
  check_script(w, "company.signatory", l.company.signatory);
  check_script(w, "company.address.line1", l.company.address.line1);
  check_script(w, "company.address.city", l.company.address.city);
  for (InvoiceId id : c->invoices)
    if (const Invoice* inv = find_invoice(l, id)) {
      check_script(w, "invoice.number (" + inv->number + ")", inv->number);
      check_script(w, "invoice.label (" + inv->number + ")", inv->label);
    }
  if (w.empty()) {
    // Anything else (a template, a note quoted in a recovery file).
    std::string all = c->subject;
    for (const LetterBlock& b : c->body) {
      all += b.text;
      for (const auto& row : b.table.rows)
        for (const std::string& cell : row) all += cell;
    }
    check_script(w, "texte de la lettre", all);
  }
  for (std::string& s : w) add_once(c->warnings, std::move(s));
  return c;
}

// The code points of the letters' fonts (assets/fonts/NotoSans-*.ttf, the
// same in both): their cmap, as ranges. A table rather than the fonts' own
// cmap, so that the app, which makes no PDF and embeds other fonts, warns
// the same (tests/unit-letters.cpp checks it against the fonts).
bool letter_font_covers(char32_t cp) {
  static constexpr char32_t kRanges[][2] = {
      {0x0020, 0x007E}, {0x00A0, 0x017F}, {0x0192, 0x0192}, {0x0218, 0x021B}, {0x02BB, 0x02BC}, {0x02C6, 0x02C7},
      {0x02D8, 0x02DD}, {0x0300, 0x0308}, {0x030A, 0x030C}, {0x0327, 0x0328}, {0x0370, 0x0377}, {0x037A, 0x037F},
      {0x0384, 0x038A}, {0x038C, 0x038C}, {0x038E, 0x03A1}, {0x03A3, 0x03E1}, {0x03F0, 0x045F}, {0x0490, 0x0491},
      {0x1E9E, 0x1E9E}, {0x2000, 0x2064}, {0x2066, 0x206F}, {0x20A0, 0x20BF}, {0x2116, 0x2116}, {0x2122, 0x2122},
      {0xFB00, 0xFB06}, {0xFFFD, 0xFFFD}};
  for (const auto& r : kRanges)
    if (cp >= r[0] && cp <= r[1]) return true;
  return false;
}

Result<LetterContent> letter_content(const Ledger& l, const LetterRequest& r) {
  return finish(flag_scripts(l, r, apply_law(l, r, flag_time_barred(l, r, dispatch(l, r)))));
}

// ============================================================ [email]
Result<EmailDraft> email_draft(const Ledger& l, const LetterRequest& r) {
  auto client = find_request_client(l, r);
  if (!client) return client.error();
  if (t((*client)->email).empty())
    return Error{"client.email", "client sans adresse e-mail : envoyez la relance par courrier (lettre PDF) ou "
                                 "ajoutez son adresse"};
  auto sel = select_step(l, r, false);
  if (!sel) return sel.error();
  const Selection& s = *sel;
  const Step& step = s.chain->steps[static_cast<std::size_t>(s.step)];
  const Template* tpl = template_for_step(l, *s.chain, s.step);
  if (!tpl) return Error{"step", "l'étape « " + step.name + " » n'a pas de modèle"};
  if (tpl->channel == Channel::phone)
    return Error{"step", "l'étape « " + step.name + " » se fait par téléphone : pas d'e-mail à envoyer (précisez "
                         "une autre étape)"};
  EmailDraft d;
  d.chain_id = s.chain->id;
  d.step = s.step;
  d.step_name = step.name;
  d.invoices = ids_of(s.invoices);
  d.warnings = s.warnings;
  Template as_email = *tpl;
  as_email.channel = Channel::email;
  if (tpl->channel == Channel::sms) {
    add_once(d.warnings, "cette étape prévoit un SMS : le texte du SMS est repris dans l'e-mail");
    if (t(as_email.subject).empty()) as_email.subject = "Facture {invoice_number}";
  } else if (tpl->channel == Channel::registered_notice) {
    add_once(d.warnings, "une mise en demeure se fait par lettre recommandée avec accusé de réception : l'e-mail n'en "
                         "est qu'une copie");
  }
  const TemplateValues values = message_values(l, *s.client, d.invoices, r.today, s.chain, s.step);
  const Message m = render_message(l, as_email, values, *s.client);
  d.recipient = m.recipient;
  d.subject = m.subject;
  d.body = m.body;
  for (const std::string& w : m.warnings) add_once(d.warnings, w);
  for (std::string& w : message_checks(l, d.invoices, r.today)) add_once(d.warnings, std::move(w));
  auto link = mailto_link(m.recipient, "", m.subject, m.body);
  if (!link) return link.error();
  d.link = std::move(*link);
  return d;
}

}  // namespace relance
