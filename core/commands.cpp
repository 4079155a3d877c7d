#include "core/commands.h"

#include <algorithm>
#include <limits>

#include "core/bank/record.h"
#include <unordered_set>

#include "core/csv.h"
#include "core/numbering.h"
#include "core/templates.h"
#include "core/terms.h"
#include "core/text.h"
#include "core/field_limits.h"
#include "core/flat_set.h"

namespace relance {
namespace {

// ============================================================ [checks]
// Each check returns an Error naming the field, or nothing.
using Check = std::optional<Error>;

Check check_text(std::string_view field, const std::string& s, std::size_t max_cp = 2000) {
  if (!is_valid_utf8(s)) return Error{std::string(field), "texte qui n'est pas de l'UTF-8 valide"};
  if (utf8_length(s) > max_cp)
    return Error{std::string(field), "texte trop long (" + std::to_string(max_cp) + " caractères au plus)"};
  return std::nullopt;
}

Check check_amount(std::string_view field, Cents c, bool allow_zero = true) {
  if (c < 0) return Error{std::string(field), "montant négatif : " + format_decimal(c)};
  if (!allow_zero && c == 0) return Error{std::string(field), "montant nul"};
  if (c > kMaxCents) return Error{std::string(field), "montant trop grand"};
  return std::nullopt;
}

Check check_date(std::string_view field, Date d, bool required = true) {
  if (!d.ok()) return required ? Check(Error{std::string(field), "date manquante ou impossible"}) : std::nullopt;
  return std::nullopt;
}

Check check_client(const Client& c) {
  if (trim(c.name).empty()) return Error{"client.name", "le nom du client est obligatoire"};
  for (auto [field, value] : {std::pair{"client.name", &c.name}, {"client.code", &c.code},
                              {"client.contact", &c.contact}, {"client.email", &c.email},
                              {"client.phone", &c.phone}, {"client.siren", &c.siren},
                              {"client.vat_number", &c.vat_number}, {"client.address.line1", &c.address.line1},
                              {"client.address.line2", &c.address.line2}, {"client.address.postcode", &c.address.postcode},
                              {"client.address.city", &c.address.city}, {"client.address.country", &c.address.country}})
    if (auto e = check_text(field, *value, 500)) return e;
  if (auto e = check_text("client.notes", c.notes, 20000)) return e;
  if (auto why = text_problem(c.name, kMaxNameChars, true)) return Error{"client.name", *why};
  if (c.terms.days < 0 || c.terms.days > 3650) return Error{"client.terms.days", "délai hors limites (0 à 3650 jours)"};
  if (!c.email.empty() && (c.email.find('@') == std::string::npos || c.email.find_first_of(" \t\r\n,;<>") != std::string::npos))
    return Error{"client.email", "adresse e-mail invalide « " + c.email + " »"};
  if (c.public_buyer != PublicBuyer::none && c.kind != ClientKind::business)
    return Error{"client.public_buyer", "un acheteur public est un client professionnel (kind « business »)"};
  if (!c.law.empty() && !law_pack(c.law))
    return Error{"client.law", "droit « " + utf8_truncate(c.law, 40) + " » inconnu (attendu : " + law_pack_ids() + ")"};
  return std::nullopt;
}

// The invoice's own fields (not its relations to the rest of the ledger).
Check check_invoice_fields(const Invoice& inv) {
  if (auto e = check_text("invoice.number", inv.number, 60)) return e;
  if (inv.number.find_first_of("\r\n\t") != std::string::npos)
    return Error{"invoice.number", "le numéro ne peut contenir ni tabulation ni retour à la ligne"};
  if (auto why = text_problem(inv.number, kMaxNumberChars, true)) return Error{"invoice.number", *why};
  if (auto e = check_text("invoice.label", inv.label, 2000)) return e;
  if (auto e = check_amount("invoice.ht", inv.ht)) return e;
  if (auto e = check_amount("invoice.vat", inv.vat)) return e;
  if (auto e = check_amount("invoice.ttc", inv.ttc, inv.state == Lifecycle::draft)) return e;
  if ((inv.ht != 0 || inv.vat != 0) && inv.ht + inv.vat != inv.ttc)
    return Error{"invoice.ttc", "HT + TVA (" + format_decimal(inv.ht) + " + " + format_decimal(inv.vat) +
                                    ") ne fait pas le TTC (" + format_decimal(inv.ttc) + ")"};
  if (inv.state != Lifecycle::draft || inv.kind == InvoiceKind::proforma) {
    if (auto e = check_date("invoice.issue_date", inv.issue_date)) return e;
  }
  if (inv.kind == InvoiceKind::invoice && inv.state != Lifecycle::draft) {
    if (auto e = check_date("invoice.due_date", inv.due_date)) return e;
  }
  if (inv.issue_date.ok() && inv.due_date.ok() && inv.due_date < inv.issue_date)
    return Error{"invoice.due_date", "échéance (" + to_fr(inv.due_date) + ") antérieure à la date de facture (" +
                                         to_fr(inv.issue_date) + ")"};
  if (inv.contractual_rate && (*inv.contractual_rate < 0 || *inv.contractual_rate > 100 * kPercent))
    return Error{"invoice.contractual_rate", "taux hors limites (0 à 100 %)"};
  for (std::size_t i = 0; i < inv.payments.size(); ++i) {
    const Payment& p = inv.payments[i];
    const std::string f = "invoice.payments[" + std::to_string(i) + "]";
    if (auto e = check_date(f + ".date", p.date)) return e;
    if (auto e = check_amount(f + ".amount", p.amount, false)) return e;
    if (!p.deposit && inv.issue_date.ok() && p.date < inv.issue_date)
      return Error{f + ".date", "paiement du " + to_fr(p.date) + " antérieur à la facture du " + to_fr(inv.issue_date) +
                                    " (cochez « acompte » s'il s'agit d'un acompte)"};
  }
  return std::nullopt;
}

Error not_found(std::string_view what, std::int64_t id) {
  return Error{std::string(what), "introuvable (identifiant " + std::to_string(id) + ")"};
}

std::string invoice_ref(const Invoice& inv) {
  return inv.number.empty() ? "brouillon n°" + std::to_string(inv.id) : inv.number;
}

const std::string& pattern_for(const Settings& s, InvoiceKind kind) {
  switch (kind) {
    case InvoiceKind::proforma: return s.proforma_pattern;
    case InvoiceKind::credit_note: return s.credit_note_pattern;
    case InvoiceKind::invoice: break;
  }
  return s.invoice_pattern;
}

// Numbers are compared as the client reads them: "2026-047 " and "f-2026-047"
// are "2026-047" and "F-2026-047".
bool same_number(std::string_view a, std::string_view b) {
  a = trim(a);
  b = trim(b);
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto up = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
    if (up(a[i]) != up(b[i])) return false;
  }
  return true;
}

// Numbers an invoice from its sequence, refusing a date before the latest
// number of that sequence (chronological numbering).
Result<std::string> take_number(const Ledger& l, InvoiceKind kind, Date date) {
  const std::string& pattern = pattern_for(l.settings, kind);
  if (auto s = check_number_pattern(pattern); !s) return s.error();
  const NextNumber n = next_number(l, pattern, date, kind);
  // Pro-formas have no legal value: only real invoices and credit notes must
  // be numbered in date order.
  if (kind != InvoiceKind::proforma && n.latest_date.ok() && date < n.latest_date)
    return Error{"date", "numérotation chronologique : " + n.latest_number + " est déjà daté du " +
                             to_fr(n.latest_date) + ", une facture du " + to_fr(date) + " ne peut venir après"};
  for (const Invoice& other : l.invoices)
    if (same_number(other.number, n.number))
      // An invoice recorded with its own number took the one the sequence comes to.
      return Error{"numéro", "le numéro " + n.number + " que donnerait la numérotation est déjà pris (facture ou avoir "
                             "enregistré avec son propre numéro) : changez le modèle de numérotation (Paramètres) "
                             "ou saisissez le numéro de la facture"};
  return n.number;
}

Check check_unique_number(const Ledger& l, const Invoice& inv) {
  if (trim(inv.number).empty()) return std::nullopt;
  for (const Invoice& other : l.invoices) {
    if (other.id == inv.id || !same_number(other.number, inv.number)) continue;
    const Client* c = find_client(l, other.client);
    std::string who = other.issue_date.ok() ? " du " + to_fr(other.issue_date) : std::string();
    if (c) who += " (" + c->name + ", " + format_eur(other.ttc) + ")";
    return Error{"invoice.number", "le numéro « " + std::string(trim(inv.number)) + " » est déjà celui de la facture " +
                                       other.number + who + " : chaque facture a son propre numéro"};
  }
  return std::nullopt;
}

Check check_chain(const Ledger& l, const Chain& c) {
  if (trim(c.id).empty()) return Error{"chain.id", "identifiant obligatoire"};
  if (auto e = check_text("chain.name", c.name, 200)) return e;
  if (c.min_days_between < 0 || c.min_days_between > 365)
    return Error{"chain.min_days_between", "hors limites (0 à 365 jours)"};
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const Step& s = c.steps[i];
    const std::string f = "chain.steps[" + std::to_string(i) + "]";
    if (s.offset_days < -365 || s.offset_days > 3650) return Error{f + ".offset_days", "décalage hors limites"};
    if (i > 0 && s.offset_days <= c.steps[i - 1].offset_days)
      return Error{f + ".offset_days", "les étapes doivent être dans l'ordre, à des jours différents"};
    if (!s.template_id.empty() && !find_template(l, s.template_id))
      return Error{f + ".template_id", "modèle « " + s.template_id + " » introuvable"};
    if (auto e = check_amount(f + ".min_balance", s.min_balance)) return e;
  }
  return std::nullopt;
}

template <class T, class Id>
void insert_sorted(std::vector<T>& v, T item, Id id) {
  auto it = std::lower_bound(v.begin(), v.end(), id, [](const T& x, Id value) { return x.id < value; });
  v.insert(it, std::move(item));
}

// ============================================================ [apply]
struct Applier {
  Ledger& l;
  Applied out;
  // Checks only: returns before the first change (see check()).
  bool dry = false;

  Result<Applied> done() { return std::move(out); }

  Result<Applied> operator()(const cmd::SetCompany& c) {
    for (auto [field, value] : {std::pair{"company.name", &c.company.name}, {"company.siren", &c.company.siren},
                                {"company.siret", &c.company.siret}, {"company.vat_number", &c.company.vat_number},
                                {"company.email", &c.company.email}, {"company.phone", &c.company.phone},
                                {"company.iban", &c.company.iban}, {"company.address.line1", &c.company.address.line1},
                                {"company.address.city", &c.company.address.city}})
      if (auto e = check_text(field, *value, 500)) return *e;
    if (dry) return done();
    l.company = c.company;
    return done();
  }

  Result<Applied> operator()(const cmd::SetSettings& c) {
    const Settings& s = c.settings;
    for (auto [field, p] : {std::pair{"settings.invoice_pattern", &s.invoice_pattern},
                            {"settings.proforma_pattern", &s.proforma_pattern},
                            {"settings.credit_note_pattern", &s.credit_note_pattern}})
      if (auto st = check_number_pattern(*p); !st) return Error{field, st.error().what};
    if (s.deadline_days < 1 || s.deadline_days > 90) return Error{"settings.deadline_days", "hors limites (1 à 90 jours)"};
    if (s.agenda_days < 0 || s.agenda_days > 90) return Error{"settings.agenda_days", "hors limites (0 à 90 jours)"};
    if (s.limitation_warning_days < 0 || s.limitation_warning_days > 1000)
      return Error{"settings.limitation_warning_days", "hors limites"};
    if (s.default_terms.days < 0 || s.default_terms.days > 3650)
      return Error{"settings.default_terms.days", "délai hors limites"};
    if (dry) return done();
    l.settings = s;
    return done();
  }

  Result<Applied> operator()(const cmd::AddClient& c) {
    if (auto e = check_client(c.client)) return *e;
    Client client = c.client;
    if (dry) return done();
    client.id = l.next_client_id++;
    out.client = client.id;
    out.warnings = terms_warnings(client.terms, client.kind, jurisdiction_for(l, client), client.public_buyer);
    l.clients.push_back(std::move(client));  // ids only grow: stays sorted
    return done();
  }

  Result<Applied> operator()(const cmd::UpdateClient& c) {
    Client* existing = find_client(l, c.client.id);
    if (!existing) return not_found("client", c.client.id);
    if (auto e = check_client(c.client)) return *e;
    if (!c.client.chain_id.empty() && !find_chain(l, c.client.chain_id))
      return Error{"client.chain_id", "scénario de relance « " + c.client.chain_id + " » introuvable"};
    out.warnings = terms_warnings(c.client.terms, c.client.kind, jurisdiction_for(l, c.client), c.client.public_buyer);
    if (dry) return done();
    *existing = c.client;
    out.client = existing->id;
    return done();
  }

  // Checks an invoice to be added (the `invoices` list may hold invoices of
  // the same batch already accepted, for duplicate numbers).
  Check check_new_invoice(const Invoice& inv, bool check_number) {
    if (auto e = check_invoice_fields(inv)) return e;
    if (!find_client(l, inv.client)) return not_found("invoice.client", inv.client);
    if (inv.kind == InvoiceKind::credit_note) {
      const Invoice* target = find_invoice(l, inv.credits);
      if (inv.credits != 0 && !target) return not_found("invoice.credits", inv.credits);
    }
    if (!inv.payments.empty() && inv.state == Lifecycle::draft)
      return Error{"invoice.payments", "un brouillon ne peut pas recevoir de paiement : émettez-le d'abord"};
    if (inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && paid_amount(inv) > inv.ttc)
      return Error{"invoice.payments", "les paiements dépassent le montant TTC"};
    return check_number ? check_unique_number(l, inv) : std::nullopt;
  }

  // check_number false: the caller has already checked the number is unique
  // (imports check a whole batch against one set of numbers).
  Result<Applied> add_invoice(Invoice inv, bool check_number = true) {
    // An invoice issued elsewhere keeps its own number, as typed, blanks around removed.
    inv.number = std::string(trim(inv.number));
    if (auto e = check_new_invoice(inv, check_number)) return *e;
    const bool needs_number = inv.number.empty() && (inv.state != Lifecycle::draft || inv.kind == InvoiceKind::proforma);
    if (needs_number) {
      auto number = take_number(l, inv.kind, inv.issue_date);
      if (!number) return number.error();
      inv.number = *number;
    }
    if (dry) return done();
    inv.id = l.next_invoice_id++;
    for (Payment& p : inv.payments) p.id = l.next_payment_id++;
    inv.credited = 0;
    if (const Client* client = find_client(l, inv.client); client && inv.kind == InvoiceKind::invoice)
      for (std::string& w : due_date_warnings(inv.issue_date, inv.due_date, client->kind, jurisdiction_for(l, *client),
                                               client->public_buyer))
        out.warnings.push_back(std::move(w));
    out.invoice = inv.id;
    out.number = inv.number;
    if (inv.kind == InvoiceKind::credit_note && inv.state == Lifecycle::issued && inv.credits != 0)
      find_invoice(l, inv.credits)->credited += inv.ttc;
    l.invoices.push_back(std::move(inv));
    return done();
  }

  Result<Applied> operator()(const cmd::AddInvoice& c) { return add_invoice(c.invoice); }

  Result<Applied> operator()(const cmd::UpdateDraft& c) {
    Invoice* existing = find_invoice(l, c.invoice.id);
    if (!existing) return not_found("facture", c.invoice.id);
    if (existing->state != Lifecycle::draft)
      return Error{invoice_ref(*existing), "facture émise : elle ne se modifie plus, corrigez-la par un avoir"};
    if (c.invoice.state != Lifecycle::draft || c.invoice.kind != existing->kind)
      return Error{invoice_ref(*existing), "la modification ne peut changer ni l'état ni le type du brouillon"};
    if (c.invoice.number != existing->number)
      return Error{"invoice.number", "le numéro d'un pro forma ou d'un brouillon ne se modifie pas"};
    if (auto e = check_invoice_fields(c.invoice)) return *e;
    if (!find_client(l, c.invoice.client)) return not_found("invoice.client", c.invoice.client);
    if (!c.invoice.payments.empty()) return Error{"invoice.payments", "un brouillon ne reçoit pas de paiement"};
    if (dry) return done();
    const Cents credited = existing->credited;
    *existing = c.invoice;
    existing->credited = credited;
    out.invoice = existing->id;
    return done();
  }

  Result<Applied> operator()(const cmd::DeleteDraft& c) {
    const Invoice* inv = find_invoice(l, c.id);
    if (!inv) return not_found("facture", c.id);
    if (inv->state != Lifecycle::draft || (inv->kind == InvoiceKind::proforma && !inv->number.empty()))
      return Error{invoice_ref(*inv), "seul un brouillon sans numéro peut être supprimé"};
    if (dry) return done();
    l.invoices.erase(l.invoices.begin() + (inv - l.invoices.data()));
    return done();
  }

  Result<Applied> operator()(const cmd::IssueInvoice& c) {
    Invoice* inv = find_invoice(l, c.id);
    if (!inv) return not_found("facture", c.id);
    if (inv->state != Lifecycle::draft || inv->kind == InvoiceKind::credit_note)
      return Error{invoice_ref(*inv), "seul un brouillon ou un pro forma peut être émis"};
    if (auto e = check_date("date d'émission", c.issue_date)) return *e;
    const Client* client = find_client(l, inv->client);
    if (!client) return not_found("invoice.client", inv->client);
    Invoice issued = *inv;
    issued.kind = InvoiceKind::invoice;
    issued.state = Lifecycle::issued;
    issued.issue_date = c.issue_date;
    issued.due_date = c.due_date.ok() ? c.due_date : due_date_for(client->terms, c.issue_date);
    issued.number.clear();
    if (auto e = check_invoice_fields(issued)) return *e;
    if (issued.ttc <= 0) return Error{"invoice.ttc", "montant TTC nul : rien à facturer"};
    auto number = take_number(l, InvoiceKind::invoice, c.issue_date);
    if (!number) return number.error();
    issued.number = *number;
    out.number = issued.number;
    out.warnings = due_date_warnings(issued.issue_date, issued.due_date, client->kind, jurisdiction_for(l, *client),
                                     client->public_buyer);
    if (inv->kind == InvoiceKind::proforma) issued.proforma_number = inv->number;
    if (dry) return done();
    *inv = std::move(issued);
    out.invoice = inv->id;
    out.number = inv->number;
    return done();
  }

  Result<Applied> operator()(const cmd::RecordPayment& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (inv->kind != InvoiceKind::invoice || inv->state != Lifecycle::issued)
      return Error{invoice_ref(*inv), std::string("paiement impossible sur une facture ") + label_fr(invoice_status(l, *inv))};
    const Payment& p = c.payment;
    if (auto e = check_date("payment.date", p.date)) return *e;
    if (auto e = check_amount("payment.amount", p.amount, false)) return *e;
    if (auto e = check_text("payment.reference", p.reference, 200)) return *e;
    if (!p.deposit && p.date < inv->issue_date)
      return Error{"payment.date", "paiement du " + to_fr(p.date) + " antérieur à la facture du " + to_fr(inv->issue_date)};
    const Cents owed = balance(l, *inv);
    if (p.amount > owed)
      return Error{"payment.amount", "le paiement (" + format_eur(p.amount) + ") dépasse le solde dû (" + format_eur(owed) + ")"};
    Payment stored = p;
    if (dry) return done();
    stored.id = l.next_payment_id++;
    out.payment = stored.id;
    out.invoice = inv->id;
    inv->payments.push_back(std::move(stored));
    std::stable_sort(inv->payments.begin(), inv->payments.end(),
                     [](const Payment& a, const Payment& b) { return a.date < b.date; });
    return done();
  }

  Result<Applied> operator()(const cmd::DeletePayment& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    auto it = std::find_if(inv->payments.begin(), inv->payments.end(), [&](const Payment& p) { return p.id == c.payment; });
    if (it == inv->payments.end()) return not_found("paiement", c.payment);
    if (inv->state != Lifecycle::issued)
      return Error{invoice_ref(*inv), "facture close : ses paiements ne se suppriment plus"};
    if (dry) return done();
    inv->payments.erase(it);
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::IssueCreditNote& c) {
    const Invoice* target = find_invoice(l, c.invoice);
    if (!target) return not_found("facture", c.invoice);
    if (target->kind != InvoiceKind::invoice || target->state != Lifecycle::issued)
      return Error{invoice_ref(*target), "un avoir ne s'émet que sur une facture émise et non close"};
    if (auto e = check_date("date de l'avoir", c.date)) return *e;
    if (c.date < target->issue_date) return Error{"date de l'avoir", "antérieure à la facture"};
    if (auto e = check_amount("montant de l'avoir", c.amount)) return *e;
    if (auto e = check_text("motif", c.reason, 2000)) return *e;
    const Cents open = target->ttc - target->credited - paid_amount(*target);
    const Cents amount = c.amount == 0 ? open : c.amount;
    if (amount <= 0) return Error{invoice_ref(*target), "rien à créditer : la facture est soldée"};
    if (amount > open)
      return Error{"montant de l'avoir", "l'avoir (" + format_eur(amount) + ") dépasse le solde (" + format_eur(open) + ")"};
    Invoice note;
    note.kind = InvoiceKind::credit_note;
    note.state = Lifecycle::issued;
    note.client = target->client;
    note.issue_date = c.date;
    note.due_date = c.date;
    note.ttc = amount;
    if (amount == target->ttc - target->credited && target->ttc > 0) {
      // A full credit note carries the invoice's HT / VAT split.
      note.ht = target->ht * amount / target->ttc;
      note.vat = target->ht == 0 && target->vat == 0 ? 0 : amount - note.ht;
      if (target->ht == 0 && target->vat == 0) note.ht = 0;
    }
    note.credits = target->id;
    note.label = "Avoir sur la facture " + target->number;
    note.cancel_reason = c.reason;
    const bool cancels = amount == target->ttc - target->credited && paid_amount(*target) == 0;
    const InvoiceId target_id = target->id;
    auto added = add_invoice(std::move(note));
    if (!added) return added;
    if (dry) return done();
    if (cancels) {
      Invoice* t = find_invoice(l, target_id);
      t->state = Lifecycle::cancelled;
      t->closed_on = c.date;
      t->cancel_reason = c.reason;
    }
    return added;
  }

  Result<Applied> operator()(const cmd::WriteOff& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (inv->kind != InvoiceKind::invoice || inv->state != Lifecycle::issued)
      return Error{invoice_ref(*inv), "seule une facture émise et non close peut passer en perte"};
    if (auto e = check_date("date", c.date)) return *e;
    if (auto e = check_text("motif", c.reason, 2000)) return *e;
    if (balance(l, *inv) <= 0) return Error{invoice_ref(*inv), "facture soldée : rien à passer en perte"};
    if (dry) return done();
    inv->state = Lifecycle::written_off;
    inv->closed_on = c.date;
    inv->cancel_reason = c.reason;
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::OpenDispute& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (inv->state != Lifecycle::issued) return Error{invoice_ref(*inv), "seule une facture émise peut être contestée"};
    if (has_open_dispute(*inv)) return Error{invoice_ref(*inv), "une contestation est déjà ouverte"};
    if (auto e = check_date("date", c.date)) return *e;
    if (trim(c.reason).empty()) return Error{"motif", "indiquez le motif de la contestation"};
    if (auto e = check_text("motif", c.reason, 2000)) return *e;
    if (dry) return done();
    inv->disputes.push_back({c.date, c.reason, Date()});
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::CloseDispute& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (!has_open_dispute(*inv)) return Error{invoice_ref(*inv), "aucune contestation ouverte"};
    if (auto e = check_date("date", c.date)) return *e;
    if (c.date < inv->disputes.back().opened) return Error{"date", "antérieure à l'ouverture de la contestation"};
    if (dry) return done();
    inv->disputes.back().closed = c.date;
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::AddPromise& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (inv->state != Lifecycle::issued || inv->kind != InvoiceKind::invoice)
      return Error{invoice_ref(*inv), "promesse possible seulement sur une facture émise"};
    if (auto e = check_date("promise.made_on", c.promise.made_on)) return *e;
    if (auto e = check_date("promise.promised_for", c.promise.promised_for)) return *e;
    if (c.promise.promised_for < c.promise.made_on) return Error{"promise.promised_for", "antérieure à la promesse"};
    if (auto e = check_amount("promise.amount", c.promise.amount)) return *e;
    if (auto e = check_text("promise.note", c.promise.note, 2000)) return *e;
    if (dry) return done();
    inv->promises.push_back(c.promise);
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::SetPlan& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (inv->state != Lifecycle::issued || inv->kind != InvoiceKind::invoice)
      return Error{invoice_ref(*inv), "échéancier possible seulement sur une facture émise"};
    if (c.plan.empty()) {
      if (dry) return done();
      inv->plan.clear();
      out.invoice = inv->id;
      return done();
    }
    Cents sum = 0;
    for (std::size_t i = 0; i < c.plan.size(); ++i) {
      const std::string f = "plan[" + std::to_string(i) + "]";
      if (auto e = check_date(f + ".due", c.plan[i].due)) return *e;
      if (auto e = check_amount(f + ".amount", c.plan[i].amount, false)) return *e;
      if (i > 0 && c.plan[i].due <= c.plan[i - 1].due) return Error{f + ".due", "les échéances doivent se suivre"};
      sum += c.plan[i].amount;
    }
    const Cents owed = balance(l, *inv);
    if (sum != owed)
      return Error{"plan", "les échéances totalisent " + format_eur(sum) + " mais le solde dû est de " + format_eur(owed)};
    // The plan covers what is owed now: earlier payments stay on the original due date.
    if (dry) return done();
    inv->plan = c.plan;
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::SetPaused& c) {
    Invoice* inv = find_invoice(l, c.invoice);
    if (!inv) return not_found("facture", c.invoice);
    if (auto e = check_text("motif", c.reason, 2000)) return *e;
    if (dry) return done();
    inv->paused = c.paused;
    inv->pause_reason = c.paused ? c.reason : std::string();
    out.invoice = inv->id;
    return done();
  }

  Result<Applied> operator()(const cmd::RecordAction& c) {
    HistoryEntry e = c.entry;
    if (auto err = check_date("action.date", e.date)) return *err;
    const Client* client = find_client(l, e.client);
    if (!client) return not_found("action.client", e.client);
    if (auto err = check_text("action.text", e.text, 100000)) return *err;
    if (auto err = check_text("action.subject", e.subject, 1000)) return *err;
    if (auto err = check_text("action.recipient", e.recipient, 1000)) return *err;
    std::unordered_set<InvoiceId> seen;
    for (InvoiceId id : e.invoices) {
      const Invoice* inv = find_invoice(l, id);
      if (!inv) return not_found("action.invoices", id);
      if (inv->client != e.client) return Error{"action.invoices", inv->number + " n'est pas une facture de ce client"};
      if (!seen.insert(id).second) return Error{"action.invoices", inv->number + " figure deux fois"};
    }
    if (e.kind == ActionKind::reminder) {
      if (e.invoices.empty()) return Error{"action.invoices", "une relance porte sur au moins une facture"};
      const Chain* chain = find_chain(l, e.chain_id);
      if (!chain) return Error{"action.chain_id", "scénario « " + e.chain_id + " » introuvable"};
      if (e.step < 0 || e.step >= static_cast<int>(chain->steps.size()))
        return Error{"action.step", "étape " + std::to_string(e.step + 1) + " inexistante dans « " + chain->name + " »"};
      // Idempotence: a step is taken once per invoice.
      for (const HistoryEntry& h : l.history) {
        if (h.voided || h.kind != ActionKind::reminder || h.chain_id != e.chain_id || h.step != e.step) continue;
        for (InvoiceId id : e.invoices)
          if (std::find(h.invoices.begin(), h.invoices.end(), id) != h.invoices.end())
            return Error{"action.step", "l'étape « " + chain->steps[e.step].name + " » a déjà été faite le " +
                                            to_fr(h.date) + " pour la facture " + find_invoice(l, id)->number};
      }
    } else if (e.kind == ActionKind::thanks) {
      for (const HistoryEntry& h : l.history)
        if (!h.voided && h.kind == ActionKind::thanks)
          for (InvoiceId id : e.invoices)
            if (std::find(h.invoices.begin(), h.invoices.end(), id) != h.invoices.end())
              return Error{"action", "remerciement déjà envoyé le " + to_fr(h.date) + " pour " + find_invoice(l, id)->number};
    }
    if (dry) return done();
    e.id = l.next_history_id++;
    e.voided = false;
    e.voided_on = Date();
    out.history = e.id;
    l.history.push_back(std::move(e));
    return done();
  }

  Result<Applied> operator()(const cmd::VoidAction& c) {
    auto it = std::lower_bound(l.history.begin(), l.history.end(), c.id,
                               [](const HistoryEntry& h, HistoryId id) { return h.id < id; });
    if (it == l.history.end() || it->id != c.id) return not_found("action", c.id);
    if (it->voided) return Error{"action", "déjà annulée le " + to_fr(it->voided_on)};
    if (auto e = check_date("date", c.date)) return *e;
    if (dry) return done();
    it->voided = true;
    it->voided_on = c.date;
    out.history = it->id;
    return done();
  }

  Result<Applied> operator()(const cmd::SetChain& c) {
    if (auto e = check_chain(l, c.chain)) return *e;
    auto it = std::find_if(l.chains.begin(), l.chains.end(), [&](const Chain& x) { return x.id == c.chain.id; });
    if (it != l.chains.end()) {
      // Steps already taken are recorded by index: a chain in use keeps at
      // least as many steps, so the history keeps its meaning.
      int used = -1;
      for (const HistoryEntry& h : l.history)
        if (!h.voided && h.chain_id == c.chain.id) used = std::max(used, h.step);
      if (used >= static_cast<int>(c.chain.steps.size()))
        return Error{"chain.steps", "l'étape " + std::to_string(used + 1) +
                                        " a déjà servi dans l'historique : elle ne peut être retirée"};
      if (dry) return done();
      *it = c.chain;
    } else {
      if (dry) return done();
      l.chains.push_back(c.chain);
    }
    return done();
  }

  Result<Applied> operator()(const cmd::DeleteChain& c) {
    auto it = std::find_if(l.chains.begin(), l.chains.end(), [&](const Chain& x) { return x.id == c.id; });
    if (it == l.chains.end()) return Error{"chain", "scénario « " + c.id + " » introuvable"};
    for (const Client& client : l.clients)
      if (client.chain_id == c.id) return Error{"chain", "utilisé par le client " + client.name};
    for (const HistoryEntry& h : l.history)
      if (h.chain_id == c.id) return Error{"chain", "présent dans l'historique des relances"};
    if (c.id == l.settings.default_b2b_chain || c.id == l.settings.default_b2c_chain)
      return Error{"chain", "scénario par défaut : choisissez-en un autre par défaut d'abord"};
    if (dry) return done();
    l.chains.erase(it);
    return done();
  }

  Result<Applied> operator()(const cmd::SetTemplate& c) {
    if (trim(c.tpl.id).empty()) return Error{"template.id", "identifiant obligatoire"};
    if (auto e = check_text("template.subject", c.tpl.subject, 1000)) return *e;
    if (auto e = check_text("template.body", c.tpl.body, 50000)) return *e;
    if (auto st = check_template(c.tpl); !st) return st.error();
    auto it = std::find_if(l.templates.begin(), l.templates.end(), [&](const Template& x) { return x.id == c.tpl.id; });
    if (dry) return done();
    if (it != l.templates.end()) *it = c.tpl;
    else l.templates.push_back(c.tpl);
    return done();
  }

  Result<Applied> operator()(const cmd::DeleteTemplate& c) {
    auto it = std::find_if(l.templates.begin(), l.templates.end(), [&](const Template& x) { return x.id == c.id; });
    if (it == l.templates.end()) return Error{"template", "modèle « " + c.id + " » introuvable"};
    for (const Chain& chain : l.chains)
      for (const Step& s : chain.steps)
        if (s.template_id == c.id) return Error{"template", "utilisé par l'étape « " + s.name + " » de « " + chain.name + " »"};
    l.templates.erase(it);
    return done();
  }

  Result<Applied> operator()(const cmd::SetRates& c) {
    if (c.rates) {
      if (c.rates->reference.periods.empty()) return Error{"rates.b2b.reference", "table vide"};
      if (c.rates->legal_rate.periods.empty()) return Error{"rates.legal_rate", "table vide"};
    }
    if (dry) return done();
    l.custom_rates = c.rates;
    return done();
  }

  Result<Applied> operator()(const cmd::ImportBatch& c);  // BatchRun, below

  Result<Applied> operator()(const cmd::RecordPayments& c) { return bank::record_payments(l, c, dry); }

  Result<Applied> operator()(const cmd::SaveMapping& c) {
    const SavedMapping& m = c.mapping;
    if (trim(m.key).empty()) return Error{"mapping.key", "signature du fichier obligatoire"};
    if (auto e = check_text("mapping.key", m.key, 2000)) return *e;
    if (m.columns.empty()) return Error{"mapping.columns", "aucune colonne"};
    if (m.columns.size() > 200) return Error{"mapping.columns", "trop de colonnes (au plus 200)"};
    const std::vector<std::string> invoice_fields = csv_field_names();
    bool date = false, amount = false;
    for (std::size_t i = 0; i < m.columns.size(); ++i) {
      const auto& [column, field] = m.columns[i];
      const std::string at = "mapping.columns[" + std::to_string(i) + "]";
      if (auto e = check_text(at + ".column", column, 200)) return *e;
      if (auto e = check_text(at + ".field", field, 40)) return *e;
      if (m.kind == MappingKind::invoice_csv) {
        if (trim(column).empty()) return Error{at + ".column", "nom de colonne obligatoire"};
        if (field != "ignore" && std::find(invoice_fields.begin(), invoice_fields.end(), field) == invoice_fields.end())
          return Error{at + ".field", "champ « " + field + " » inconnu"};
      } else {
        if (column.empty() || column.size() > 3 || column.find_first_not_of("0123456789") != std::string::npos ||
            std::stoi(column) < 1)
          return Error{at + ".column", "numéro de colonne attendu (à partir de 1), trouvé « " + column + " »"};
        static const std::vector<std::string> bank_fields = {"date", "amount", "debit", "credit", "label", "ref", "payer"};
        if (std::find(bank_fields.begin(), bank_fields.end(), field) == bank_fields.end())
          return Error{at + ".field", "champ « " + field + " » inconnu (date, amount, debit, credit, label, ref, payer)"};
        date = date || field == "date";
        amount = amount || field == "amount" || field == "debit" || field == "credit";
      }
    }
    if (m.kind == MappingKind::bank_csv) {
      if (!date || !amount) return Error{"mapping.columns", "une colonne de date et une de montant (ou débit, crédit) obligatoires"};
      if (m.skip_rows < 0 || m.skip_rows > 9999) return Error{"mapping.skip_rows", "hors limites (0 à 9999)"};
      if (m.separator && m.separator != ';' && m.separator != ',' && m.separator != '\t' && m.separator != '|')
        return Error{"mapping.separator", "séparateur inconnu"};
    }
    if (dry) return done();
    auto it = std::find_if(l.mappings.begin(), l.mappings.end(), [&](const SavedMapping& x) { return x.kind == m.kind && x.key == m.key; });
    if (it != l.mappings.end()) *it = m;
    else l.mappings.push_back(m);
    return done();
  }

  Result<Applied> operator()(const cmd::DeleteMapping& c) {
    auto it = std::find_if(l.mappings.begin(), l.mappings.end(), [&](const SavedMapping& x) { return x.kind == c.kind && x.key == c.key; });
    if (it == l.mappings.end()) return Error{"mapping", "correspondance de colonnes introuvable"};
    if (dry) return done();
    l.mappings.erase(it);
    return done();
  }
};

// cmd::ImportBatch, resumable: applied a slice of items at a time (the
// browser's import, ImportBatchApply) or all at once (Applier). The batch is
// added in place and taken back whole if any item is refused (or when only
// checking): it only appends clients and invoices, so undoing it is cheap,
// where copying a large ledger is not.
struct BatchRun {
  Ledger& l;
  const cmd::ImportBatch& c;
  bool dry;
  std::size_t clients_before, invoices_before;
  ClientId next_client;
  InvoiceId next_invoice;
  PaymentId next_payment;
  Applier inner;
  // Views of the ledger's numbers (its invoices do not move: room for the
  // batch is reserved first) and of the batch's.
  FlatSet<std::string_view> numbers;
  std::vector<ClientId> new_ids;
  std::vector<InvoiceId> added;  // ids of the batch's invoices, for credit notes naming one
  // Items done: the ledger's own invoice numbers indexed, then the batch's clients, then its invoices.
  std::size_t next = 0;
  std::optional<Result<Applied>> result;

  BatchRun(Ledger& ledger, const cmd::ImportBatch& batch, bool dry_run)
      : l(ledger), c(batch), dry(dry_run), clients_before(l.clients.size()), invoices_before(l.invoices.size()),
        next_client(l.next_client_id), next_invoice(l.next_invoice_id), next_payment(l.next_payment_id),
        inner{l, {}}, numbers(l.invoices.size() + c.invoices.size()) {
    l.invoices.reserve(l.invoices.size() + c.invoices.size());
    new_ids.reserve(c.clients.size());
    added.reserve(c.invoices.size());
  }

  std::size_t total() const { return invoices_before + c.clients.size() + c.invoices.size(); }

  void undo() {
    for (std::size_t i = invoices_before; i < l.invoices.size(); ++i) {
      const Invoice& inv = l.invoices[i];
      if (inv.kind == InvoiceKind::credit_note && inv.state == Lifecycle::issued && inv.credits != 0)
        if (Invoice* target = find_invoice(l, inv.credits)) target->credited -= inv.ttc;
    }
    l.clients.resize(clients_before);
    l.invoices.resize(invoices_before);
    l.next_client_id = next_client;
    l.next_invoice_id = next_invoice;
    l.next_payment_id = next_payment;
  }

  void refuse(Error e) {
    undo();
    result = Result<Applied>(std::move(e));
  }

  // One item; false when it was refused (result then holds the error).
  bool item(std::size_t k) {
    if (k < invoices_before) {
      if (!l.invoices[k].number.empty()) numbers.insert(l.invoices[k].number);
      return true;
    }
    k -= invoices_before;
    if (k < c.clients.size()) {
      auto r = inner(cmd::AddClient{c.clients[k]});
      if (!r) {
        refuse(Error{"clients[" + std::to_string(k) + "]." + r.error().where, r.error().what});
        return false;
      }
      new_ids.push_back(r->client);
      return true;
    }
    const std::size_t i = k - c.clients.size();
    Invoice inv = c.invoices[i];
    if (inv.kind == InvoiceKind::credit_note && inv.credits < 0) {
      const std::size_t m = static_cast<std::size_t>(-inv.credits - 1);
      if (m >= added.size()) {
        refuse(Error{"invoices[" + std::to_string(i) + "].credits", "facture du lot introuvable"});
        return false;
      }
      inv.credits = added[m];
    }
    if (inv.client < 0) {
      const std::size_t m = static_cast<std::size_t>(-inv.client - 1);
      if (m >= new_ids.size()) {
        refuse(Error{"invoices[" + std::to_string(i) + "].client", "client du lot introuvable"});
        return false;
      }
      inv.client = new_ids[m];
    }
    if (!inv.number.empty() && !numbers.insert(c.invoices[i].number)) {
      refuse(Error{"invoices[" + std::to_string(i) + "].number", "le numéro " + inv.number + " existe déjà"});
      return false;
    }
    auto r = inner.add_invoice(std::move(inv), /*check_number=*/false);
    if (!r) {
      refuse(Error{"invoices[" + std::to_string(i) + "]." + r.error().where, r.error().what});
      return false;
    }
    // Its number as stored (trimmed, or just given by the sequence): a view
    // of the ledger's string, not of r's, which ends here.
    if (!r->number.empty()) numbers.insert(l.invoices.back().number);
    added.push_back(r->invoice);
    return true;
  }

  // Up to max_items more; false once finished (result set).
  bool step(std::size_t max_items) {
    if (result) return false;
    const std::size_t end = std::min(total(), next + std::max<std::size_t>(max_items, 1));
    for (; next < end; ++next)
      if (!item(next)) return false;
    if (next < total()) return true;
    if (dry) {
      undo();
      result = Result<Applied>(Applied{});
      return false;
    }
    Applied out;
    out.warnings = std::move(inner.out.warnings);
    result = Result<Applied>(std::move(out));
    return false;
  }
};

Result<Applied> Applier::operator()(const cmd::ImportBatch& c) {
  BatchRun run(l, c, dry);
  while (run.step(std::numeric_limits<std::size_t>::max())) {
  }
  return std::move(*run.result);
}

}  // namespace

namespace {

// What each command did to the agenda's summary (summary.h): the summaries
// of the invoices it touched are refreshed, or the summary is dropped (and
// rebuilt by the next agenda) when the change is ledger-wide. No catch-all:
// a new command does not compile until it is listed here.
struct SummaryAfter {
  Ledger& l;
  void operator()(const cmd::SetCompany&) { drop_summary(l); }  // the country: the limitation periods
  void operator()(const cmd::SetSettings&) { drop_summary(l); }
  void operator()(const cmd::AddClient&) { append_summaries(l); }  // appended: positions stay
  void operator()(const cmd::UpdateClient&) { drop_summary(l); }  // chain, do not chase, law
  void operator()(const cmd::AddInvoice&) { append_summaries(l); }
  void operator()(const cmd::UpdateDraft& c) { refresh_summary(l, c.invoice.id); }
  void operator()(const cmd::DeleteDraft&) { drop_summary(l); }  // positions move
  void operator()(const cmd::IssueInvoice& c) { refresh_summary(l, c.id); }
  void operator()(const cmd::RecordPayment& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::DeletePayment& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::IssueCreditNote& c) {
    append_summaries(l);
    refresh_summary(l, c.invoice);
  }
  void operator()(const cmd::WriteOff& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::OpenDispute& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::CloseDispute& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::AddPromise& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::SetPlan& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::SetPaused& c) { refresh_summary(l, c.invoice); }
  void operator()(const cmd::RecordAction&) { summary_add_entry(l, l.history.back()); }
  void operator()(const cmd::VoidAction& c) { summary_void_entry(l, c.id); }  // the steps taken go back
  void operator()(const cmd::SetChain&) { drop_summary(l); }
  void operator()(const cmd::DeleteChain&) { drop_summary(l); }
  void operator()(const cmd::SetTemplate&) {}
  void operator()(const cmd::DeleteTemplate&) {}
  void operator()(const cmd::SetRates&) { drop_summary(l); }  // the limitation periods
  void operator()(const cmd::ImportBatch&) { append_summaries(l); }  // clients and invoices appended
  void operator()(const cmd::RecordPayments& c) {
    for (const cmd::RecordPayment& p : c.payments) refresh_summary(l, p.invoice);
  }
  void operator()(const cmd::SaveMapping&) {}
  void operator()(const cmd::DeleteMapping&) {}
};

}  // namespace

Result<Applied> apply(Ledger& ledger, const Command& command) {
  auto r = std::visit([&](const auto& c) { return Applier{ledger, {}}(c); }, command);
  if (r.ok() && ledger.summary.get()) std::visit(SummaryAfter{ledger}, command);
  return r;
}

struct ImportBatchApply::State {
  BatchRun run;
  State(Ledger& l, const cmd::ImportBatch& b) : run(l, b, false) {}
};

ImportBatchApply::ImportBatchApply(Ledger& ledger, const cmd::ImportBatch& batch)
    : s_(std::make_unique<State>(ledger, batch)) {}
ImportBatchApply::~ImportBatchApply() = default;
ImportBatchApply::ImportBatchApply(ImportBatchApply&&) noexcept = default;
ImportBatchApply& ImportBatchApply::operator=(ImportBatchApply&&) noexcept = default;

bool ImportBatchApply::step(std::size_t max_items) {
  BatchRun& r = s_->run;
  if (r.result) return false;
  if (r.step(max_items)) return true;
  // As apply() does after the command: the summaries of what was added.
  if (r.result->ok() && r.l.summary.get()) append_summaries(r.l);
  return false;
}

double ImportBatchApply::progress() const {
  const BatchRun& r = s_->run;
  if (r.result) return 1.0;
  return r.total() == 0 ? 0.0 : static_cast<double>(r.next) / static_cast<double>(r.total());
}

bool ImportBatchApply::finished() const { return s_->run.result.has_value(); }

Result<Applied> ImportBatchApply::take_result() {
  while (step(std::numeric_limits<std::size_t>::max())) {
  }
  return std::move(*s_->run.result);
}

Result<Applied> check(const Ledger& ledger, const Command& command) {
  // The dry Applier returns before any change, so the ledger is only read
  // (an import batch is added and taken back, leaving it as it was).
  return std::visit([&](const auto& c) { return Applier{const_cast<Ledger&>(ledger), {}, true}(c); }, command);
}

std::string_view command_type(const Command& command) {
  static constexpr std::string_view names[] = {
      "set_company",  "set_settings",   "add_client",   "update_client",  "add_invoice",
      "update_draft", "delete_draft",   "issue_invoice", "record_payment", "delete_payment",
      "issue_credit_note", "write_off", "open_dispute", "close_dispute",  "add_promise",
      "set_plan",     "set_paused",     "record_action", "void_action",   "set_chain",
      "delete_chain", "set_template",   "delete_template", "set_rates",   "import_batch",
      "record_payments", "save_mapping", "delete_mapping"};
  static_assert(std::size(names) == std::variant_size_v<Command>);
  return names[command.index()];
}

}  // namespace relance
