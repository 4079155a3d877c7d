#include "core/ledger.h"

#include <algorithm>

#include "core/defaults.h"
#include "core/text.h"

namespace relance {

// ============================================================ [lookups]
namespace {

template <class V, class Id>
auto* find_by_id(V& items, Id id) {
  auto it = std::lower_bound(items.begin(), items.end(), id, [](const auto& x, Id v) { return x.id < v; });
  return it != items.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

Ledger make_empty_ledger() {
  Ledger l;
  l.chains = default_chains();
  l.templates = default_templates();
  return l;
}

const Client* find_client(const Ledger& l, ClientId id) { return find_by_id(l.clients, id); }
Client* find_client(Ledger& l, ClientId id) { return find_by_id(l.clients, id); }
const Invoice* find_invoice(const Ledger& l, InvoiceId id) { return find_by_id(l.invoices, id); }
Invoice* find_invoice(Ledger& l, InvoiceId id) { return find_by_id(l.invoices, id); }
const HistoryEntry* find_history(const Ledger& l, HistoryId id) { return find_by_id(l.history, id); }

const SavedMapping* find_mapping(const Ledger& l, MappingKind kind, std::string_view key) {
  for (const SavedMapping& m : l.mappings)
    if (m.kind == kind && m.key == key) return &m;
  return nullptr;
}

const Invoice* find_invoice_by_number(const Ledger& l, std::string_view number) {
  if (number.empty()) return nullptr;
  for (const Invoice& inv : l.invoices)
    if (inv.number == number) return &inv;
  return nullptr;
}

const Client* find_client_by_name(const Ledger& l, std::string_view name) {
  const std::string key = fold(name);
  if (key.empty()) return nullptr;
  for (const Client& c : l.clients)
    if (fold(c.name) == key) return &c;
  return nullptr;
}

const Chain* find_chain(const Ledger& l, std::string_view id) {
  for (const Chain& c : l.chains)
    if (c.id == id) return &c;
  return nullptr;
}

const Template* find_template(const Ledger& l, std::string_view id) {
  for (const Template& t : l.templates)
    if (t.id == id) return &t;
  return nullptr;
}

const Chain* chain_for(const Ledger& l, const Client& c) {
  if (!c.chain_id.empty())
    if (const Chain* chain = find_chain(l, c.chain_id)) return chain;
  const std::string& fallback =
      c.kind == ClientKind::business ? l.settings.default_b2b_chain : l.settings.default_b2c_chain;
  if (const Chain* chain = find_chain(l, fallback)) return chain;
  for (const Chain& chain : l.chains)
    if (chain.audience == c.kind) return &chain;
  return nullptr;
}

const Jurisdiction& jurisdiction(const Ledger& l) {
  if (l.custom_rates) return *l.custom_rates;
  const Jurisdiction* pack = law_pack(law_for_country(l.company.address.country));
  return pack ? *pack : france();
}

const Jurisdiction& jurisdiction_for(const Ledger& l, const Client& c) {
  if (c.law.empty()) return jurisdiction(l);
  const std::string company_law = law_for_country(l.company.address.country);
  if (c.law == company_law) return jurisdiction(l);  // the user's own tables, if any
  const Jurisdiction* pack = law_pack(c.law);
  return pack ? *pack : jurisdiction(l);
}

const Jurisdiction& jurisdiction_for(const Ledger& l, ClientId id) {
  const Client* c = find_client(l, id);
  return c ? jurisdiction_for(l, *c) : jurisdiction(l);
}

// ============================================================ [balances]
Cents paid_amount(const Invoice& inv) {
  Cents sum = 0;
  for (const Payment& p : inv.payments) sum += p.amount;
  return sum;
}

Cents credited_amount(const Ledger&, const Invoice& inv) { return inv.credited; }

namespace {
bool is_receivable(const Invoice& inv) {
  return inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued;
}
}  // namespace

Cents balance(const Ledger& l, const Invoice& inv) {
  if (!is_receivable(inv)) return 0;
  return inv.ttc - credited_amount(l, inv) - paid_amount(inv);
}

bool has_open_dispute(const Invoice& inv) { return !inv.disputes.empty() && !inv.disputes.back().closed.ok(); }

InvoiceStatus invoice_status(const Ledger& l, const Invoice& inv) {
  if (inv.kind == InvoiceKind::credit_note) return InvoiceStatus::credit_note;
  switch (inv.state) {
    case Lifecycle::draft: return inv.kind == InvoiceKind::proforma ? InvoiceStatus::proforma : InvoiceStatus::draft;
    case Lifecycle::cancelled: return InvoiceStatus::cancelled;
    case Lifecycle::written_off: return InvoiceStatus::written_off;
    case Lifecycle::issued: break;
  }
  if (inv.kind == InvoiceKind::proforma) return InvoiceStatus::proforma;
  if (balance(l, inv) <= 0) return InvoiceStatus::paid;
  if (has_open_dispute(inv)) return InvoiceStatus::disputed;
  if (!inv.payments.empty() || inv.credited > 0) return InvoiceStatus::partly_paid;
  return InvoiceStatus::issued;
}

const Promise* active_promise(const Invoice& inv, Date today) {
  if (inv.promises.empty()) return nullptr;
  const Promise& p = inv.promises.back();
  return p.promised_for.ok() && today <= p.promised_for ? &p : nullptr;
}

const Promise* broken_promise(const Ledger& l, const Invoice& inv, Date today) {
  if (inv.promises.empty() || balance(l, inv) <= 0) return nullptr;
  const Promise& p = inv.promises.back();
  return p.promised_for.ok() && today > p.promised_for ? &p : nullptr;
}

std::optional<Date> settled_on(const Ledger& l, const Invoice& inv) {
  if (!is_receivable(inv) || balance(l, inv) > 0) return std::nullopt;
  // The day the running total of payments (in date order) reached what was owed.
  const Cents owed = inv.ttc - inv.credited;
  const auto by_date = [](const Payment& a, const Payment& b) { return a.date < b.date; };
  if (std::is_sorted(inv.payments.begin(), inv.payments.end(), by_date)) {  // as RecordPayment keeps them: no copy
    Cents sum = 0;
    for (const Payment& p : inv.payments) {
      sum += p.amount;
      if (sum >= owed) return p.date;
    }
    return std::nullopt;  // settled by credit notes alone
  }
  std::vector<const Payment*> ps;
  for (const Payment& p : inv.payments) ps.push_back(&p);
  std::stable_sort(ps.begin(), ps.end(), [](const Payment* a, const Payment* b) { return a->date < b->date; });
  Cents sum = 0;
  for (const Payment* p : ps) {
    sum += p->amount;
    if (sum >= owed) return p->date;
  }
  return std::nullopt;  // settled by credit notes alone
}

std::vector<Instalment> schedule(const Ledger& l, const Invoice& inv) {
  const Cents total = inv.ttc - credited_amount(l, inv);
  if (inv.plan.empty()) return {{inv.due_date, total < 0 ? 0 : total}};
  Cents planned = 0;
  for (const Instalment& i : inv.plan) planned += i.amount;
  std::vector<Instalment> out;
  if (total > planned) out.push_back({inv.due_date, total - planned});
  // A credit note issued after the plan reduces the last instalments.
  Cents excess = planned > total ? planned - total : 0;
  std::vector<Instalment> plan = inv.plan;
  for (auto it = plan.rbegin(); it != plan.rend() && excess > 0; ++it) {
    const Cents cut = std::min(excess, it->amount);
    it->amount -= cut;
    excess -= cut;
  }
  for (const Instalment& i : plan)
    if (i.amount > 0) out.push_back(i);
  return out;
}

Date effective_due_date(const Ledger& l, const Invoice& inv) {
  if (balance(l, inv) <= 0) return Date();
  Cents paid = paid_amount(inv);
  for (const Instalment& part : schedule(l, inv)) {
    if (paid >= part.amount) {
      paid -= part.amount;
      continue;
    }
    return part.due;
  }
  return inv.due_date;
}

int days_late(const Ledger& l, const Invoice& inv, Date today) {
  const Date due = effective_due_date(l, inv);
  return due.ok() ? today - due : 0;
}

// ============================================================ [names]
namespace {

template <class E, std::size_t N>
std::optional<E> parse_enum(std::string_view s, const std::pair<E, const char*> (&table)[N]) {
  for (const auto& [value, name] : table)
    if (s == name) return value;
  return std::nullopt;
}

template <class E, std::size_t N>
const char* enum_name(E e, const std::pair<E, const char*> (&table)[N]) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return "?";
}

constexpr std::pair<ClientKind, const char*> kClientKinds[] = {{ClientKind::business, "business"},
                                                               {ClientKind::consumer, "consumer"}};
constexpr std::pair<PublicBuyer, const char*> kPublicBuyers[] = {{PublicBuyer::none, "none"},
                                                                 {PublicBuyer::state, "state"},
                                                                 {PublicBuyer::local_authority, "local_authority"},
                                                                 {PublicBuyer::hospital, "hospital"}};
constexpr std::pair<InvoiceKind, const char*> kInvoiceKinds[] = {
    {InvoiceKind::invoice, "invoice"}, {InvoiceKind::proforma, "proforma"}, {InvoiceKind::credit_note, "credit_note"}};
constexpr std::pair<Lifecycle, const char*> kLifecycles[] = {{Lifecycle::draft, "draft"},
                                                             {Lifecycle::issued, "issued"},
                                                             {Lifecycle::cancelled, "cancelled"},
                                                             {Lifecycle::written_off, "written_off"}};
constexpr std::pair<InvoiceStatus, const char*> kStatuses[] = {
    {InvoiceStatus::draft, "draft"},         {InvoiceStatus::proforma, "proforma"},
    {InvoiceStatus::issued, "issued"},       {InvoiceStatus::partly_paid, "partly_paid"},
    {InvoiceStatus::paid, "paid"},           {InvoiceStatus::disputed, "disputed"},
    {InvoiceStatus::cancelled, "cancelled"}, {InvoiceStatus::written_off, "written_off"},
    {InvoiceStatus::credit_note, "credit_note"}};
constexpr std::pair<PaymentMethod, const char*> kMethods[] = {
    {PaymentMethod::transfer, "transfer"}, {PaymentMethod::cheque, "cheque"},
    {PaymentMethod::card, "card"},         {PaymentMethod::cash, "cash"},
    {PaymentMethod::direct_debit, "direct_debit"}, {PaymentMethod::other, "other"}};
constexpr std::pair<Channel, const char*> kChannels[] = {
    {Channel::email, "email"},   {Channel::sms, "sms"},
    {Channel::phone, "phone"},   {Channel::letter, "letter"},
    {Channel::registered_notice, "registered_notice"}, {Channel::handover, "handover"}};
constexpr std::pair<ActionKind, const char*> kActions[] = {{ActionKind::reminder, "reminder"},
                                                           {ActionKind::thanks, "thanks"},
                                                           {ActionKind::call_note, "call_note"},
                                                           {ActionKind::note, "note"}};
constexpr std::pair<TermsMethod, const char*> kTerms[] = {{TermsMethod::net, "net"},
                                                          {TermsMethod::end_of_month, "end_of_month"},
                                                          {TermsMethod::eom_then_days, "eom_then_days"}};
constexpr std::pair<MappingKind, const char*> kMappingKinds[] = {{MappingKind::invoice_csv, "invoice_csv"},
                                                                 {MappingKind::bank_csv, "bank_csv"}};

}  // namespace

const char* to_string(ClientKind k) { return enum_name(k, kClientKinds); }
const char* to_string(PublicBuyer b) { return enum_name(b, kPublicBuyers); }
std::optional<PublicBuyer> public_buyer_from(std::string_view s) { return parse_enum(s, kPublicBuyers); }
const char* label_fr(PublicBuyer b) {
  switch (b) {
    case PublicBuyer::none: return "";
    case PublicBuyer::state: return "Acheteur public (État)";
    case PublicBuyer::local_authority: return "Acheteur public (collectivité territoriale)";
    case PublicBuyer::hospital: return "Acheteur public (établissement public de santé)";
  }
  return "";
}
const char* to_string(InvoiceKind k) { return enum_name(k, kInvoiceKinds); }
const char* to_string(Lifecycle s) { return enum_name(s, kLifecycles); }
const char* to_string(InvoiceStatus s) { return enum_name(s, kStatuses); }
const char* to_string(PaymentMethod m) { return enum_name(m, kMethods); }
const char* to_string(Channel c) { return enum_name(c, kChannels); }
const char* to_string(ActionKind k) { return enum_name(k, kActions); }
const char* to_string(TermsMethod m) { return enum_name(m, kTerms); }
const char* to_string(MappingKind k) { return enum_name(k, kMappingKinds); }
std::optional<ClientKind> client_kind_from(std::string_view s) { return parse_enum(s, kClientKinds); }
std::optional<InvoiceKind> invoice_kind_from(std::string_view s) { return parse_enum(s, kInvoiceKinds); }
std::optional<Lifecycle> lifecycle_from(std::string_view s) { return parse_enum(s, kLifecycles); }
std::optional<PaymentMethod> payment_method_from(std::string_view s) { return parse_enum(s, kMethods); }
std::optional<Channel> channel_from(std::string_view s) { return parse_enum(s, kChannels); }
std::optional<ActionKind> action_kind_from(std::string_view s) { return parse_enum(s, kActions); }
std::optional<TermsMethod> terms_method_from(std::string_view s) { return parse_enum(s, kTerms); }
std::optional<MappingKind> mapping_kind_from(std::string_view s) { return parse_enum(s, kMappingKinds); }

const char* label_fr(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::draft: return "Brouillon";
    case InvoiceStatus::proforma: return "Pro forma";
    case InvoiceStatus::issued: return "Émise";
    case InvoiceStatus::partly_paid: return "Payée en partie";
    case InvoiceStatus::paid: return "Payée";
    case InvoiceStatus::disputed: return "Contestée";
    case InvoiceStatus::cancelled: return "Annulée";
    case InvoiceStatus::written_off: return "Passée en perte";
    case InvoiceStatus::credit_note: return "Avoir";
  }
  return "?";
}

const char* label_fr(Channel c) {
  switch (c) {
    case Channel::email: return "E-mail";
    case Channel::sms: return "SMS";
    case Channel::phone: return "Appel";
    case Channel::letter: return "Courrier";
    case Channel::registered_notice: return "Mise en demeure (LRAR)";
    case Channel::handover: return "Transmission au recouvrement";
  }
  return "?";
}

const char* label_fr(PaymentMethod m) {
  switch (m) {
    case PaymentMethod::transfer: return "Virement";
    case PaymentMethod::cheque: return "Chèque";
    case PaymentMethod::card: return "Carte";
    case PaymentMethod::cash: return "Espèces";
    case PaymentMethod::direct_debit: return "Prélèvement";
    case PaymentMethod::other: return "Autre";
  }
  return "?";
}

const char* label_fr(ClientKind k) { return k == ClientKind::business ? "Professionnel" : "Particulier"; }

// ============================================================ [normalize]
void normalize(Ledger& l) {
  drop_summary(l);  // changes the data in place, behind the commands
  auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
  // A file written by Relance is already in order: checking costs one pass,
  // sorting anyway would move every record through a buffer.
  const auto sort = [&](auto& v) {
    if (!std::is_sorted(v.begin(), v.end(), by_id)) std::stable_sort(v.begin(), v.end(), by_id);
  };
  sort(l.clients);
  sort(l.invoices);
  sort(l.history);
  for (Invoice& inv : l.invoices) inv.credited = 0;
  for (const Invoice& inv : l.invoices) {
    if (inv.kind != InvoiceKind::credit_note || inv.state != Lifecycle::issued || inv.credits == 0) continue;
    if (Invoice* target = find_invoice(l, inv.credits)) target->credited += inv.ttc;
  }
  ClientId max_client = 0;
  InvoiceId max_invoice = 0;
  PaymentId max_payment = 0;
  HistoryId max_history = 0;
  for (const Client& c : l.clients) max_client = std::max(max_client, c.id);
  for (const Invoice& inv : l.invoices) {
    max_invoice = std::max(max_invoice, inv.id);
    for (const Payment& p : inv.payments) max_payment = std::max(max_payment, p.id);
  }
  for (const HistoryEntry& h : l.history) max_history = std::max(max_history, h.id);
  l.next_client_id = std::max(l.next_client_id, max_client + 1);
  l.next_invoice_id = std::max(l.next_invoice_id, max_invoice + 1);
  l.next_payment_id = std::max(l.next_payment_id, max_payment + 1);
  l.next_history_id = std::max(l.next_history_id, max_history + 1);
}

}  // namespace relance
