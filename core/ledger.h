// The Ledger: all state the app keeps, and read-only queries over it. Changes
// go through commands (commands.h) so the UI, the journal and the tests all
// take the same path.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/rates.h"
#include "core/summary.h"

namespace relance {

struct Ledger {
  Company company;
  Settings settings;
  std::vector<Client> clients;          // sorted by id
  std::vector<Invoice> invoices;        // sorted by id
  std::vector<HistoryEntry> history;    // sorted by id, i.e. in the order recorded
  std::vector<Chain> chains;
  std::vector<Template> templates;
  // The user's own rate tables; none means the shipped France tables.
  std::optional<Jurisdiction> custom_rates;
  // Column mappings remembered for the next import (cmd::SaveMapping); at
  // most one per kind and key.
  std::vector<SavedMapping> mappings;

  ClientId next_client_id = 1;
  InvoiceId next_invoice_id = 1;
  PaymentId next_payment_id = 1;
  HistoryId next_history_id = 1;

  // Derived, not stored: the agenda's summary of every invoice (summary.h),
  // kept current by apply(). Never compared, not copied.
  SummaryCache summary;

  bool operator==(const Ledger&) const = default;
};

// A new ledger with the default chains and templates and no data.
Ledger make_empty_ledger();

// Lookups (binary search on ids; linear on numbers and chain ids).
const Client* find_client(const Ledger& l, ClientId id);
Client* find_client(Ledger& l, ClientId id);
const Invoice* find_invoice(const Ledger& l, InvoiceId id);
Invoice* find_invoice(Ledger& l, InvoiceId id);
const Invoice* find_invoice_by_number(const Ledger& l, std::string_view number);
const Client* find_client_by_name(const Ledger& l, std::string_view name);  // folded comparison
const Chain* find_chain(const Ledger& l, std::string_view id);
const Template* find_template(const Ledger& l, std::string_view id);
const HistoryEntry* find_history(const Ledger& l, HistoryId id);
const SavedMapping* find_mapping(const Ledger& l, MappingKind kind, std::string_view key);
// The chain that applies to a client: its own, else the default for its kind.
const Chain* chain_for(const Ledger& l, const Client& c);
// The law of the company's country (its own tables when set: custom_rates).
const Jurisdiction& jurisdiction(const Ledger& l);
// The law for a client: its override (Client::law), else the company's.
const Jurisdiction& jurisdiction_for(const Ledger& l, const Client& c);
const Jurisdiction& jurisdiction_for(const Ledger& l, ClientId id);

// Money owed on an invoice. Credit notes reduce the invoice they credit.
Cents paid_amount(const Invoice& inv);
Cents credited_amount(const Ledger& l, const Invoice& inv);
// What is still owed: 0 for drafts, pro-formas, credit notes, cancelled and
// written-off invoices; can go below zero when overpaid.
Cents balance(const Ledger& l, const Invoice& inv);
InvoiceStatus invoice_status(const Ledger& l, const Invoice& inv);
bool has_open_dispute(const Invoice& inv);
// The promise in force: the last one, if its date has not passed (today <= promised_for).
const Promise* active_promise(const Invoice& inv, Date today);
// The last promise, if it was broken: its date passed and the invoice is still unpaid.
const Promise* broken_promise(const Ledger& l, const Invoice& inv, Date today);
// Day of the payment that settled the invoice, if it is paid.
std::optional<Date> settled_on(const Ledger& l, const Invoice& inv);

// What is owed and when: the single due date, or, under a payment plan, the
// instalments (with whatever the plan leaves before them on the original due
// date). Sums to the invoice total less credit notes.
std::vector<Instalment> schedule(const Ledger& l, const Invoice& inv);
// The due date of the earliest part of the schedule not yet covered by
// payments (payments go to the earliest instalments first); no date if paid.
Date effective_due_date(const Ledger& l, const Invoice& inv);
// Days past the effective due date on `today` (negative before it).
int days_late(const Ledger& l, const Invoice& inv, Date today);

const char* to_string(ClientKind k);
const char* to_string(PublicBuyer b);
std::optional<PublicBuyer> public_buyer_from(std::string_view s);
const char* label_fr(PublicBuyer b);  // "" for none
const char* to_string(InvoiceKind k);
const char* to_string(Lifecycle s);
const char* to_string(InvoiceStatus s);
const char* to_string(PaymentMethod m);
const char* to_string(Channel c);
const char* to_string(ActionKind k);
const char* to_string(TermsMethod m);
const char* to_string(MappingKind k);
// French labels for display.
const char* label_fr(InvoiceStatus s);
const char* label_fr(Channel c);
const char* label_fr(PaymentMethod m);
const char* label_fr(ClientKind k);
std::optional<ClientKind> client_kind_from(std::string_view s);
std::optional<InvoiceKind> invoice_kind_from(std::string_view s);
std::optional<Lifecycle> lifecycle_from(std::string_view s);
std::optional<PaymentMethod> payment_method_from(std::string_view s);
std::optional<Channel> channel_from(std::string_view s);
std::optional<ActionKind> action_kind_from(std::string_view s);
std::optional<TermsMethod> terms_method_from(std::string_view s);
std::optional<MappingKind> mapping_kind_from(std::string_view s);

// Recomputes what is derived from the stored data (the id counters when a
// hand-edited file left them too low). Called after loading.
void normalize(Ledger& l);

}  // namespace relance
