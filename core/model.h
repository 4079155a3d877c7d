// The ledger's data: plain values with in-class defaults. Everything the app
// keeps lives in a Ledger (ledger.h); nothing here knows about storage or UI.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/money.h"

namespace relance {

using ClientId = std::int64_t;
using InvoiceId = std::int64_t;
using PaymentId = std::int64_t;
using HistoryId = std::int64_t;

struct Address {
  std::string line1;
  std::string line2;
  std::string postcode;
  std::string city;
  std::string country;  // empty means France
  bool operator==(const Address&) const = default;
};

// ---------------------------------------------------------------- [terms]
enum class TermsMethod {
  net,            // N days after the invoice date ("30 jours")
  end_of_month,   // N days, then to the end of that month ("45 jours fin de mois", method 1)
  eom_then_days,  // end of the invoice's month, then N days ("fin de mois + 45 jours", method 2)
};

struct PaymentTerms {
  TermsMethod method = TermsMethod::net;
  int days = 30;
  bool operator==(const PaymentTerms&) const = default;
};

// ---------------------------------------------------------------- [company]
struct Company {
  std::string name;
  std::string legal_form;  // "SARL", "EI", "SAS"...
  Address address;
  std::string siren;
  std::string siret;
  std::string vat_number;
  std::string rcs;  // "RCS Lyon 123 456 789"
  std::string email;
  std::string phone;
  std::string iban;
  std::string bic;
  std::string signatory;  // who signs letters
  bool operator==(const Company&) const = default;
};

// ---------------------------------------------------------------- [clients]
enum class ClientKind { business, consumer };

// A public buyer (Code de la commande publique R2192-10 ff., L2192-13):
// the State, a local authority or a public hospital. It is a business
// client for the chains and letters, with its own payment-term cap (30 days,
// 50 for public hospitals), late-interest margin and Chorus Pro invoicing.
enum class PublicBuyer { none, state, local_authority, hospital };

struct Client {
  ClientId id = 0;
  std::string code;  // the user's own reference, optional ("C042")
  std::string name;
  ClientKind kind = ClientKind::business;
  std::string contact;  // person to address ("Mme Martin")
  std::string email;
  std::string phone;
  Address address;
  std::string siren;
  std::string vat_number;
  PaymentTerms terms;
  std::string chain_id;  // dunning chain; empty means the default for its kind
  std::string notes;
  bool do_not_chase = false;
  bool bad_payer = false;
  PublicBuyer public_buyer = PublicBuyer::none;  // only with kind business
  // Law pack for this client ("be", "de", "uk", "eu", "fr"); empty: the
  // company's country decides (jurisdiction_for()).
  std::string law;
  bool operator==(const Client&) const = default;
};

// ---------------------------------------------------------------- [invoices]
enum class InvoiceKind { invoice, proforma, credit_note };

// What the user did with the invoice. Paid / partly paid / disputed are not
// stored: they follow from payments and disputes (see invoice_status()).
enum class Lifecycle {
  draft,        // being written, no number from the invoice sequence yet
  issued,       // numbered and sent: never deleted from now on
  cancelled,    // cancelled by a credit note for its whole amount
  written_off,  // given up as a loss (kept for the books and the evidence)
};

enum class PaymentMethod { transfer, cheque, card, cash, direct_debit, other };

struct Payment {
  PaymentId id = 0;
  Date date;
  Cents amount = 0;
  PaymentMethod method = PaymentMethod::transfer;
  std::string reference;
  bool deposit = false;  // paid before the invoice was issued (acompte)
  // Found in a bank statement: the bank's id of the movement (FITID,
  // AcctSvcrRef, EndToEndId or a hash, see core/bank/statement.h) and the
  // statement it came from. Empty when typed in by hand.
  std::string bank_ref;
  std::string statement;
  bool operator==(const Payment&) const = default;
};

// A dated instalment of a payment plan: while a plan exists its instalments
// replace the single due date (the original due date is kept).
struct Instalment {
  Date due;
  Cents amount = 0;
  bool operator==(const Instalment&) const = default;
};

struct Promise {
  Date made_on;       // when the client promised
  Date promised_for;  // the date the client said it would pay by
  Cents amount = 0;   // 0 means the whole balance
  std::string note;
  // A written acknowledgement of the debt interrupts the limitation period
  // (Code civil 2240).
  bool acknowledges_debt = false;
  bool operator==(const Promise&) const = default;
};

struct Dispute {
  Date opened;
  std::string reason;
  Date closed;  // no date while the dispute is open
  bool operator==(const Dispute&) const = default;
};

struct Invoice {
  InvoiceId id = 0;
  std::string number;  // empty for a draft; pro-forma numbers come from their own sequence
  // An invoice issued from a pro-forma keeps the pro-forma's number here (the
  // client has seen it, and that sequence never reuses it).
  std::string proforma_number;
  ClientId client = 0;
  InvoiceKind kind = InvoiceKind::invoice;
  Lifecycle state = Lifecycle::draft;
  Date issue_date;
  Date due_date;
  Cents ht = 0;   // amount before VAT
  Cents vat = 0;  // VAT amount
  Cents ttc = 0;  // total: ht + vat
  std::string label;  // what was sold, for letters
  // Contractual late-payment rate, if the terms of sale set one.
  std::optional<BasisPoints> contractual_rate;
  InvoiceId credits = 0;  // credit notes: the invoice this one reduces
  std::string cancel_reason;  // credit notes and write-offs: why
  Date closed_on;             // the day it was cancelled or written off
  std::vector<Payment> payments;
  std::vector<Instalment> plan;
  std::vector<Promise> promises;
  std::vector<Dispute> disputes;
  bool paused = false;  // reminders paused for this invoice
  std::string pause_reason;
  // Recovery file: the day a court claim was filed (injonction de payer,
  // assignation), which restarts the limitation period (Code civil 2241),
  // and the day a judgment ordering payment was notified (the legal rate
  // rises by 5 points two months later, Code monétaire et financier L313-3).
  Date court_claim_on;
  Date judgment_notified_on;
  // Derived, not stored: the total of issued credit notes against this
  // invoice. Commands keep it current; normalize() recomputes it on load.
  Cents credited = 0;
  bool operator==(const Invoice&) const = default;
};

enum class InvoiceStatus { draft, proforma, issued, partly_paid, paid, disputed, cancelled, written_off, credit_note };

// ---------------------------------------------------------------- [dunning]
enum class Channel {
  email,
  sms,
  phone,              // a call to make: a task, with a call note afterwards
  letter,             // ordinary letter (PDF)
  registered_notice,  // formal notice by registered letter with acknowledgement
  handover,           // hand-over to a bailiff or an injonction de payer
};

struct Step {
  std::string name;  // "Relance 1"
  int offset_days = 0;  // from the due date; negative = before it
  Channel channel = Channel::email;
  std::string template_id;
  Cents min_balance = 0;  // skip the step for smaller balances
  bool operator==(const Step&) const = default;
};

struct Chain {
  std::string id;
  std::string name;
  ClientKind audience = ClientKind::business;
  // The next step is never proposed sooner than this many days after the last
  // one actually taken, even when the schedule says it is already due.
  int min_days_between = 7;
  std::vector<Step> steps;
  bool operator==(const Chain&) const = default;
};

struct Template {
  std::string id;
  std::string name;
  Channel channel = Channel::email;
  std::string subject;  // email subject or letter subject line
  std::string body;
  bool operator==(const Template&) const = default;
};

// ---------------------------------------------------------------- [history]
enum class ActionKind {
  reminder,  // a step of a chain (email, SMS, letter, call, notice, hand-over)
  thanks,    // thank-you after payment
  call_note, // what was said on the phone
  note,      // anything else worth keeping in the file
};

struct HistoryEntry {
  HistoryId id = 0;
  Date date;
  ClientId client = 0;
  std::vector<InvoiceId> invoices;
  ActionKind kind = ActionKind::reminder;
  std::string chain_id;
  int step = -1;  // index in the chain's steps, -1 for no step
  Channel channel = Channel::email;
  std::string recipient;  // email address, phone number or postal address
  std::string subject;
  std::string text;  // the exact text sent or noted
  // In the browser, the text is kept in storage on its own (core/snapshot.h)
  // and read when shown or exported: its byte length there (never 0: an
  // empty text is not kept apart), else 0. `text` is empty until it is read
  // (has_text). Whatever writes the text out (a backup) reads it first.
  std::uint32_t text_apart = 0;
  bool voided = false;  // undone by the user: kept, but no longer counts
  Date voided_on;
  bool operator==(const HistoryEntry&) const = default;
};

// Whether `h.text` holds the entry's text (not still in the browser's storage).
inline bool text_loaded(const HistoryEntry& h) { return h.text_apart == 0 || !h.text.empty(); }

// ---------------------------------------------------------------- [settings]
struct Settings {
  std::string invoice_pattern = "F-{YYYY}-{NNNN}";
  std::string proforma_pattern = "PF-{YYYY}-{NNNN}";
  std::string credit_note_pattern = "AV-{YYYY}-{NNNN}";
  PaymentTerms default_terms;
  int deadline_days = 8;          // deadline given in reminders and notices
  int agenda_days = 7;            // how far ahead "this week" looks
  int limitation_warning_days = 180;
  std::string default_b2b_chain = "b2b";
  std::string default_b2c_chain = "b2c";
  std::string place;  // "Fait à Lyon": defaults to the company's city
  bool operator==(const Settings&) const = default;
};

// ---------------------------------------------------------------- [mappings]
// A column mapping the user gave for a file no preset knows, remembered for
// the next import of the same kind of file (core/mappings.h).
enum class MappingKind {
  invoice_csv,  // `relance import-csv --map`: header as written → field
  bank_csv,     // `relance match --columns`: field → column number (from 1)
};

struct SavedMapping {
  MappingKind kind = MappingKind::invoice_csv;
  // What a file must show to be read with it: "header:" and its header's
  // normalised column names joined by '|' (both kinds), or "iban:" and the
  // account's IBAN found above a bank CSV's movements.
  std::string key;
  // (column, field) pairs. Invoice CSV: the column's header as written and a
  // field name (core/csv.h, csv_field_names(), or "ignore"). Bank CSV: the
  // column number from 1 and date, amount, debit, credit, label, ref, payer.
  std::vector<std::pair<std::string, std::string>> columns;
  int skip_rows = 1;   // bank CSV: lines before the first movement
  char separator = 0;  // bank CSV: ';', ',', '\t'; 0 detected
  bool operator==(const SavedMapping&) const = default;
};

}  // namespace relance
