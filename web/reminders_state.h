// What the Relances screen remembers between frames: the chain and the
// template being edited as drafts, their errors, and the preview of the
// template on an invoice of the ledger.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/messages.h"
#include "core/templates.h"
#include "web/forms.h"

namespace relance {

struct StepDraft {
  std::string name, offset, min_balance, template_id;
  int channel = 0;
};

struct ChainDraft {
  std::string name, min_days;
  int audience = 0;  // 0 professionals, 1 consumers
  std::vector<StepDraft> steps;
};

struct TemplateDraft {
  std::string name, subject, body;
  int channel = 0;
};

struct Preview {
  std::uint64_t revision = UINT64_MAX, edits = UINT64_MAX;
  ClientId client = -1;
  InvoiceId invoice = -1;
  std::string today;
  bool ready = false;
  Message message;
  SmsInfo sms;
  std::vector<std::string> checks;
};

struct RemindersState {
  int tab = 0;

  // Chains. An empty chain_id with chain_new set is a chain not saved yet.
  std::string chain_id;
  bool chain_new = false, chain_loaded = false, chain_dirty = false, chain_confirm_delete = false;
  std::uint64_t chain_revision = 0;
  int chain_used = -1;  // highest step index recorded in the history
  ChainDraft chain;
  forms::Errors chain_errors;

  // Templates.
  std::string tpl_id;
  bool tpl_new = false, tpl_loaded = false, tpl_dirty = false, tpl_confirm_delete = false;
  std::uint64_t tpl_revision = 0;
  std::uint64_t tpl_edits = 0;  // bumped by every change: issues and preview follow it
  TemplateDraft tpl;
  std::vector<TemplateIssue> subject_issues, body_issues;
  forms::Errors tpl_errors;
  int insert_into = 1;  // the field the caret was last in: 0 subject, 1 body
  int insert_at = -1;   // its byte offset there; -1 appends

  // The invoice the preview renders on, and the lists to pick it from.
  ClientId preview_client = 0;
  InvoiceId preview_invoice = 0;
  std::uint64_t lists_revision = UINT64_MAX;
  ClientId lists_client = -1;
  std::vector<ClientId> client_ids;
  std::vector<std::string> client_items;
  std::vector<InvoiceId> invoice_ids;
  std::vector<std::string> invoice_items;
  Preview preview;
};

}  // namespace relance
