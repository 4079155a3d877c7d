// Every change to a Ledger is a Command. apply() checks the whole command
// first and changes nothing when it fails: a command is applied entirely or
// not at all. The browser journals commands (one IndexedDB transaction each)
// and replays them in order, so apply() must be deterministic: the same
// ledger and command always give the same result, ids included.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/ledger.h"
#include "core/result.h"

namespace relance {
namespace cmd {

struct SetCompany { Company company; };
struct SetSettings { Settings settings; };
// Adds a client; its id is assigned (the given one is ignored).
struct AddClient { Client client; };
// Replaces the client with the same id.
struct UpdateClient { Client client; };
// Adds an invoice; its id is assigned. A draft needs no number. A pro-forma
// without number takes the next one of the pro-forma sequence. An issued
// invoice keeps a number it brings (imports from another tool) or takes the
// next one of the invoice sequence (or credit-note sequence).
struct AddInvoice { Invoice invoice; };
// Replaces a draft or pro-forma (same id). Issued invoices are not edited: a
// credit note corrects them.
struct UpdateDraft { Invoice invoice; };
struct DeleteDraft { InvoiceId id = 0; };
// Turns a draft or pro-forma into an invoice with the next number of the
// invoice sequence (no gap, no reuse, chronological). No due date means: from
// the client's payment terms.
struct IssueInvoice { InvoiceId id = 0; Date issue_date; Date due_date; };
struct RecordPayment { InvoiceId invoice = 0; Payment payment; };
struct DeletePayment { InvoiceId invoice = 0; PaymentId payment = 0; };
// Issues a credit note against an invoice. amount 0 means the whole balance;
// a credit note for the whole remaining total cancels the invoice.
struct IssueCreditNote { InvoiceId invoice = 0; Date date; Cents amount = 0; std::string reason; };
struct WriteOff { InvoiceId invoice = 0; Date date; std::string reason; };
struct OpenDispute { InvoiceId invoice = 0; Date date; std::string reason; };
struct CloseDispute { InvoiceId invoice = 0; Date date; };
struct AddPromise { InvoiceId invoice = 0; Promise promise; };
// Sets the payment plan (its instalments must add up to the balance); an
// empty plan removes it.
struct SetPlan { InvoiceId invoice = 0; std::vector<Instalment> plan; };
struct SetPaused { InvoiceId invoice = 0; bool paused = false; std::string reason; };
// Records a reminder, a thank-you, a call note or a note; its id is
// assigned. A reminder step already recorded (not voided) for one of its
// invoices is refused: applying a step twice is impossible.
struct RecordAction { HistoryEntry entry; };
// Undoes a recorded action: it stays in the history, marked void.
struct VoidAction { HistoryId id = 0; Date date; };
// Adds or replaces (same id) a dunning chain or a template.
struct SetChain { Chain chain; };
struct DeleteChain { std::string id; };
struct SetTemplate { Template tpl; };
struct DeleteTemplate { std::string id; };
// The user's own rate tables; none goes back to the shipped ones.
struct SetRates { std::optional<Jurisdiction> rates; };
// Adds many clients and invoices at once (CSV import): all or nothing. An
// invoice's client is an existing client id (> 0) or the new client at index
// i of `clients`, written -(i + 1). A credit note's `credits` is an existing
// invoice id, or the earlier invoice at index i of `invoices`, written -(i + 1).
struct ImportBatch { std::vector<Client> clients; std::vector<Invoice> invoices; };
// Records many payments at once (a bank reconciliation): all or nothing, in
// order. A bank_ref already on a recorded payment is refused (a movement is
// never recorded twice); one movement may pay several invoices (the same
// bank_ref on items of different invoices). Unlike RecordPayment, a payment
// above the balance is accepted, its surplus given in the warnings.
// Implemented in core/bank/record.cpp.
struct RecordPayments { std::vector<RecordPayment> payments; };
// Remembers a column mapping for the next import of the same kind of file
// (same header, or same bank account): replaces the one of the same kind
// and key, else is added (core/mappings.h builds them).
struct SaveMapping { SavedMapping mapping; };
// Forgets one.
struct DeleteMapping { MappingKind kind = MappingKind::invoice_csv; std::string key; };

}  // namespace cmd

using Command = std::variant<cmd::SetCompany, cmd::SetSettings, cmd::AddClient, cmd::UpdateClient,
                             cmd::AddInvoice, cmd::UpdateDraft, cmd::DeleteDraft, cmd::IssueInvoice,
                             cmd::RecordPayment, cmd::DeletePayment, cmd::IssueCreditNote, cmd::WriteOff,
                             cmd::OpenDispute, cmd::CloseDispute, cmd::AddPromise, cmd::SetPlan,
                             cmd::SetPaused, cmd::RecordAction, cmd::VoidAction, cmd::SetChain,
                             cmd::DeleteChain, cmd::SetTemplate, cmd::DeleteTemplate, cmd::SetRates,
                             cmd::ImportBatch, cmd::RecordPayments, cmd::SaveMapping, cmd::DeleteMapping>;

// What a successful command did.
struct Applied {
  ClientId client = 0;    // the client added
  InvoiceId invoice = 0;  // the invoice (or credit note) added or issued
  PaymentId payment = 0;
  HistoryId history = 0;
  std::string number;  // the number given
  std::vector<std::string> warnings;  // lawful but worth a look (French)
};

// Pass a Command value as relance::apply(...): unqualified, argument-dependent
// lookup also finds std::apply (Command is a std::variant) and the call does
// not compile. Passing a cmd::X directly is fine either way.
Result<Applied> apply(Ledger& ledger, const Command& command);
// The same checks without changing anything (no copy either, so it is cheap
// on a large ledger): apply() then succeeds on the same ledger. Ids are not
// assigned; `number` tells the number an issue would take.
Result<Applied> check(const Ledger& ledger, const Command& command);

// apply(ledger, batch) a slice at a time, for a browser that must not stop
// for the whole of a 100 000-invoice batch: the same checks, the same
// result. Until it is finished the ledger holds part of the batch; when an
// item is refused the ledger is put back as it was. `ledger` and `batch`
// must outlive it, and nothing else may change the ledger meanwhile.
class ImportBatchApply {
 public:
  ImportBatchApply(Ledger& ledger, const cmd::ImportBatch& batch);
  ~ImportBatchApply();
  ImportBatchApply(ImportBatchApply&&) noexcept;
  ImportBatchApply& operator=(ImportBatchApply&&) noexcept;
  // Up to max_items more clients or invoices; false once finished.
  bool step(std::size_t max_items);
  double progress() const;  // 0..1
  bool finished() const;
  // What apply() gives; finishes first if needed. Call once.
  Result<Applied> take_result();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// "record_payment", ...: the command's type in the journal.
std::string_view command_type(const Command& command);

}  // namespace relance
