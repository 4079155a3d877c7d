#include "core/command_codec.h"

#include "core/json_stream.h"
#include "core/rates.h"
#include "core/record_codec.h"
#include "core/text.h"

namespace relance {

namespace {

struct CommandWriter {
  Json j;
  void operator()(const cmd::SetCompany& c) { j["company"] = company_json(c.company); }
  void operator()(const cmd::SetSettings& c) { j["settings"] = settings_json(c.settings); }
  void operator()(const cmd::AddClient& c) { j["client"] = client_json(c.client); }
  void operator()(const cmd::UpdateClient& c) { j["client"] = client_json(c.client); }
  void operator()(const cmd::AddInvoice& c) { j["invoice"] = invoice_json(c.invoice); }
  void operator()(const cmd::UpdateDraft& c) { j["invoice"] = invoice_json(c.invoice); }
  void operator()(const cmd::DeleteDraft& c) { j["id"] = c.id; }
  void operator()(const cmd::IssueInvoice& c) {
    j["id"] = c.id;
    j["issue_date"] = to_iso(c.issue_date);
    if (c.due_date.ok()) j["due_date"] = to_iso(c.due_date);
  }
  void operator()(const cmd::RecordPayment& c) {
    j["invoice"] = c.invoice;
    j["payment"] = payment_json(c.payment);
  }
  void operator()(const cmd::DeletePayment& c) {
    j["invoice"] = c.invoice;
    j["payment"] = c.payment;
  }
  void operator()(const cmd::IssueCreditNote& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
    j["amount"] = format_decimal(c.amount);
    j["reason"] = c.reason;
  }
  void operator()(const cmd::WriteOff& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
    j["reason"] = c.reason;
  }
  void operator()(const cmd::OpenDispute& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
    j["reason"] = c.reason;
  }
  void operator()(const cmd::CloseDispute& c) {
    j["invoice"] = c.invoice;
    j["date"] = to_iso(c.date);
  }
  void operator()(const cmd::AddPromise& c) {
    j["invoice"] = c.invoice;
    j["promise"] = promise_json(c.promise);
  }
  void operator()(const cmd::SetPlan& c) {
    j["invoice"] = c.invoice;
    j["plan"] = list_json(c.plan, instalment_json);
  }
  void operator()(const cmd::SetPaused& c) {
    j["invoice"] = c.invoice;
    j["paused"] = c.paused;
    j["reason"] = c.reason;
  }
  void operator()(const cmd::RecordAction& c) { j["entry"] = history_json(c.entry); }
  void operator()(const cmd::VoidAction& c) {
    j["id"] = c.id;
    j["date"] = to_iso(c.date);
  }
  void operator()(const cmd::SetChain& c) { j["chain"] = chain_json(c.chain); }
  void operator()(const cmd::DeleteChain& c) { j["id"] = c.id; }
  void operator()(const cmd::SetTemplate& c) { j["template"] = template_json(c.tpl); }
  void operator()(const cmd::DeleteTemplate& c) { j["id"] = c.id; }
  void operator()(const cmd::SetRates& c) { j["rates"] = c.rates ? jurisdiction_json(*c.rates) : Json(nullptr); }
  void operator()(const cmd::ImportBatch& c) {
    j["clients"] = list_json(c.clients, client_json);
    j["invoices"] = list_json(c.invoices, invoice_json);
  }
  void operator()(const cmd::RecordPayments& c) {
    Json list = Json::array();
    for (const cmd::RecordPayment& p : c.payments) list.push_back({{"invoice", p.invoice}, {"payment", payment_json(p.payment)}});
    j["payments"] = std::move(list);
  }
  void operator()(const cmd::SaveMapping& c) { j["mapping"] = mapping_json(c.mapping); }
  void operator()(const cmd::DeleteMapping& c) {
    j["kind"] = to_string(c.kind);
    j["key"] = c.key;
  }
};

template <class F>
void with_member(JsonReader& r, const Json& doc, const char* key, F f) {
  if (const Json* m = r.member(doc, key, "$", true)) f(*m, std::string("$.") + key);
}

}  // namespace

Json command_json(const Command& c) {
  CommandWriter w;
  w.j["format"] = kCommandFormat;
  w.j["version"] = kCommandVersion;
  w.j["type"] = command_type(c);
  std::visit(w, c);
  return std::move(w.j);
}

std::string command_to_json(const Command& c) {
  if (const auto* batch = std::get_if<cmd::ImportBatch>(&c)) return ImportBatchText(*batch).take();
  return dump_json(command_json(c));
}

ImportBatchText::ImportBatchText(const cmd::ImportBatch& batch) : batch_(&batch) {
  // The members in command_json's order (ordered_json): format, version, type, clients, invoices.
  out_ += "{\"format\":";
  append_json_string(out_, kCommandFormat);
  out_ += ",\"version\":" + std::to_string(kCommandVersion) + ",\"type\":\"import_batch\",\"clients\":[";
  // An estimate of the size (the invoices' records are ~300 bytes): fewer reallocations.
  out_.reserve(256 + batch.clients.size() * 160 + batch.invoices.size() * 320);
}

bool ImportBatchText::step(std::size_t max_records) {
  if (done_) return false;
  const std::size_t nc = batch_->clients.size(), total = nc + batch_->invoices.size();
  const std::size_t end = std::min(total, next_ + std::max<std::size_t>(max_records, 1));
  for (; next_ < end; ++next_) {
    if (next_ < nc) {
      if (next_ > 0) out_ += ',';
      JsonObjectWriter w(out_, -1, 2);
      write_client(w, batch_->clients[next_]);
      w.close();
    } else {
      if (next_ == nc) out_ += "],\"invoices\":[";
      else out_ += ',';
      JsonObjectWriter w(out_, -1, 2);
      write_invoice(w, batch_->invoices[next_ - nc]);
      w.close();
    }
  }
  if (next_ < total) return true;
  if (nc == total) out_ += "],\"invoices\":[";  // no invoice at all
  out_ += "]}";
  done_ = true;
  return false;
}

double ImportBatchText::progress() const {
  const std::size_t total = batch_->clients.size() + batch_->invoices.size();
  return done_ ? 1.0 : total == 0 ? 0.0 : static_cast<double>(next_) / static_cast<double>(total);
}

std::string ImportBatchText::take() {
  while (step(std::size_t{1} << 20)) {
  }
  return std::move(out_);
}

Result<Command> command_from_json(std::string_view text, std::string_view origin) {
  auto parsed = parse_json(text, origin);
  if (!parsed) return parsed.error();
  const Json& doc = *parsed;
  JsonReader r{std::string(origin)};
  if (!r.expect_object(doc, "$")) return r.first_error();
  std::string format, type;
  int version = 0;
  r.read(doc, "format", "$", format, true);
  r.read(doc, "version", "$", version, true, 1, 1000000);
  r.read(doc, "type", "$", type, true);
  if (!r.ok()) return r.first_error();
  if (format != kCommandFormat) return Error{std::string(origin) + ": $.format", "« relance-command » attendu"};
  if (version > kCommandVersion)
    return Error{std::string(origin) + ": $.version", "commande d'une version plus récente de Relance (" + std::to_string(version) + ")"};

  std::optional<Command> out;
  auto id_field = [&](const char* key, std::int64_t& v) { r.read(doc, key, "$", v, true, 1, kMaxId); };
  auto date_field = [&](const char* key, Date& d, bool required = true) { r.read_date(doc, key, "$", d, required); };
  if (type == "set_company") {
    cmd::SetCompany c;
    with_member(r, doc, "company", [&](const Json& m, const std::string& p) { read_company(r, m, p, c.company); });
    out = c;
  } else if (type == "set_settings") {
    cmd::SetSettings c;
    with_member(r, doc, "settings", [&](const Json& m, const std::string& p) { read_settings(r, m, p, c.settings); });
    out = c;
  } else if (type == "add_client" || type == "update_client") {
    Client client;
    const bool update = type == "update_client";
    with_member(r, doc, "client", [&](const Json& m, const std::string& p) { read_client(r, m, p, client, update); });
    if (update) out = cmd::UpdateClient{client};
    else out = cmd::AddClient{client};
  } else if (type == "add_invoice" || type == "update_draft") {
    Invoice inv;
    const bool update = type == "update_draft";
    with_member(r, doc, "invoice", [&](const Json& m, const std::string& p) { read_invoice(r, m, p, inv, update); });
    if (update) out = cmd::UpdateDraft{inv};
    else out = cmd::AddInvoice{inv};
  } else if (type == "delete_draft") {
    cmd::DeleteDraft c;
    id_field("id", c.id);
    out = c;
  } else if (type == "issue_invoice") {
    cmd::IssueInvoice c;
    id_field("id", c.id);
    date_field("issue_date", c.issue_date);
    date_field("due_date", c.due_date, false);
    out = c;
  } else if (type == "record_payment") {
    cmd::RecordPayment c;
    id_field("invoice", c.invoice);
    with_member(r, doc, "payment", [&](const Json& m, const std::string& p) { read_payment(r, m, p, c.payment); });
    out = c;
  } else if (type == "delete_payment") {
    cmd::DeletePayment c;
    id_field("invoice", c.invoice);
    id_field("payment", c.payment);
    out = c;
  } else if (type == "issue_credit_note") {
    cmd::IssueCreditNote c;
    id_field("invoice", c.invoice);
    date_field("date", c.date);
    r.read_money(doc, "amount", "$", c.amount);
    r.read(doc, "reason", "$", c.reason);
    out = c;
  } else if (type == "write_off" || type == "open_dispute") {
    InvoiceId id = 0;
    Date date;
    std::string reason;
    id_field("invoice", id);
    date_field("date", date);
    r.read(doc, "reason", "$", reason);
    if (type == "write_off") out = cmd::WriteOff{id, date, reason};
    else out = cmd::OpenDispute{id, date, reason};
  } else if (type == "close_dispute") {
    cmd::CloseDispute c;
    id_field("invoice", c.invoice);
    date_field("date", c.date);
    out = c;
  } else if (type == "add_promise") {
    cmd::AddPromise c;
    id_field("invoice", c.invoice);
    with_member(r, doc, "promise", [&](const Json& m, const std::string& p) { read_promise(r, m, p, c.promise); });
    out = c;
  } else if (type == "set_plan") {
    cmd::SetPlan c;
    id_field("invoice", c.invoice);
    read_list(r, doc, "plan", "$", c.plan, [&](const Json& x, const std::string& p, Instalment& i) { read_instalment(r, x, p, i); }, true);
    out = c;
  } else if (type == "set_paused") {
    cmd::SetPaused c;
    id_field("invoice", c.invoice);
    r.read(doc, "paused", "$", c.paused, true);
    r.read(doc, "reason", "$", c.reason);
    out = c;
  } else if (type == "record_action") {
    cmd::RecordAction c;
    with_member(r, doc, "entry", [&](const Json& m, const std::string& p) {
      Json entry = m;
      if (entry.is_object() && !entry.contains("id")) entry["id"] = 1;  // assigned by apply()
      read_history(r, entry, p, c.entry);
    });
    out = c;
  } else if (type == "void_action") {
    cmd::VoidAction c;
    id_field("id", c.id);
    date_field("date", c.date);
    out = c;
  } else if (type == "set_chain") {
    cmd::SetChain c;
    with_member(r, doc, "chain", [&](const Json& m, const std::string& p) { read_chain(r, m, p, c.chain); });
    out = c;
  } else if (type == "delete_chain" || type == "delete_template") {
    std::string id;
    r.read(doc, "id", "$", id, true);
    if (type == "delete_chain") out = cmd::DeleteChain{id};
    else out = cmd::DeleteTemplate{id};
  } else if (type == "set_template") {
    cmd::SetTemplate c;
    with_member(r, doc, "template", [&](const Json& m, const std::string& p) { read_template(r, m, p, c.tpl); });
    out = c;
  } else if (type == "set_rates") {
    cmd::SetRates c;
    if (const Json* m = r.member(doc, "rates", "$", false)) {
      Jurisdiction j;
      if (read_jurisdiction(r, *m, "$.rates", j)) c.rates = std::move(j);
    }
    out = c;
  } else if (type == "import_batch") {
    cmd::ImportBatch c;
    read_list(r, doc, "clients", "$", c.clients, [&](const Json& x, const std::string& p, Client& v) { read_client(r, x, p, v, false); });
    read_list(r, doc, "invoices", "$", c.invoices, [&](const Json& x, const std::string& p, Invoice& v) { read_invoice(r, x, p, v, false); });
    out = c;
  } else if (type == "record_payments") {
    cmd::RecordPayments c;
    read_list(r, doc, "payments", "$", c.payments, [&](const Json& x, const std::string& p, cmd::RecordPayment& v) {
      if (!r.expect_object(x, p)) return;
      r.read(x, "invoice", p, v.invoice, true, 1, kMaxId);
      if (const Json* m = r.member(x, "payment", p, true)) read_payment(r, *m, p + ".payment", v.payment);
    }, true);
    out = c;
  } else if (type == "save_mapping") {
    cmd::SaveMapping c;
    with_member(r, doc, "mapping", [&](const Json& m, const std::string& p) { read_mapping(r, m, p, c.mapping); });
    out = c;
  } else if (type == "delete_mapping") {
    cmd::DeleteMapping c;
    std::string kind;
    r.read(doc, "kind", "$", kind, true);
    r.read(doc, "key", "$", c.key, true);
    if (auto k = mapping_kind_from(kind)) c.kind = *k;
    else if (r.ok()) r.fail("$.kind", "« " + utf8_truncate(kind, 40) + " » inconnu (attendu : invoice_csv, bank_csv)");
    out = c;
  } else {
    return Error{std::string(origin) + ": $.type", "type de commande inconnu « " + utf8_truncate(type, 40) + " »"};
  }
  if (!r.ok()) return r.first_error();
  return std::move(*out);
}


}  // namespace relance
