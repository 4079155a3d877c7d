// ISO 20022 camt.053 (statement) and camt.054 (debit/credit notification),
// any version: elements are found by their local name, whatever the
// namespace. One line per entry (Ntry), or one per transaction (TxDtls) when
// an entry groups several that each give their amount.
#include "core/bank/parse_util.h"
#include "core/bank/statement.h"
#include "core/text.h"

namespace relance::bank {
namespace {

using namespace detail;

std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  return out;
}

// "2014-12-31", "2014-12-31T13:15:00+01:00": the day.
std::optional<Date> iso_day(std::string_view s) {
  s = trim(s);
  return parse_iso_date(s.substr(0, 10));
}

struct Amount {
  Cents cents = 0;
  std::string currency;
};

// An amount element and its CdtDbtInd sibling.
Result<Amount> read_amount(const pugi::xml_node& amt, const pugi::xml_node& ind_parent, std::string_view origin) {
  Amount a;
  const std::string text(trim(amt.child_value()));
  const auto v = parse_decimal(text);
  if (!v || *v < 0)
    return Error{std::string(origin) + ": " + xml_path(amt), "montant attendu (« 1234.56 »), trouvé " + shown(text)};
  a.cents = *v;
  a.currency = amt.attribute("Ccy").value();
  const pugi::xml_node ind = child(ind_parent, "CdtDbtInd");
  const std::string code(trim(ind.child_value()));
  if (code == "DBIT") a.cents = -a.cents;
  else if (code != "CRDT")
    return Error{std::string(origin) + ": " + (ind ? xml_path(ind) : xml_path(ind_parent) + "/CdtDbtInd"),
                 "sens attendu (CRDT ou DBIT), trouvé " + shown(code)};
  return a;
}

// A transaction's own amount: Amt, or AmtDtls/TxAmt/Amt, or AmtDtls/InstdAmt/Amt.
pugi::xml_node tx_amount(const pugi::xml_node& tx) {
  if (pugi::xml_node a = child(tx, "Amt")) return a;
  if (pugi::xml_node a = path(tx, "AmtDtls/TxAmt/Amt")) return a;
  return path(tx, "AmtDtls/InstdAmt/Amt");
}

std::string party_name(const pugi::xml_node& party) {
  if (!party) return {};
  std::string n = text_at(party, "Nm");
  if (n.empty()) n = text_at(party, "Pty/Nm");
  return n;
}

// Remittance text, references and party of one transaction into `line`.
void read_details(const pugi::xml_node& tx, bool credit, StatementLine& line) {
  if (!tx) return;
  const pugi::xml_node rmt = child(tx, "RmtInf");
  for (const pugi::xml_node& u : children(rmt, "Ustrd")) append_text(line.label, u.child_value());
  for (const pugi::xml_node& st : children(rmt, "Strd")) {
    const std::string ref = text_at(st, "CdtrRefInf/Ref");
    if (!ref.empty()) append_text(line.reference, ref);
    for (const pugi::xml_node& r : children(st, "RfrdDocInf")) append_text(line.reference, text_at(r, "Nb"));
    for (const pugi::xml_node& a : children(st, "AddtlRmtInf")) append_text(line.label, a.child_value());
  }
  const pugi::xml_node parties = child(tx, "RltdPties");
  std::string payer = party_name(child(parties, credit ? "Dbtr" : "Cdtr"));
  if (payer.empty()) payer = party_name(child(parties, credit ? "UltmtDbtr" : "UltmtCdtr"));
  if (!payer.empty()) line.payer = squeeze(payer);
  append_text(line.label, text_at(tx, "AddtlTxInf"));
}

// The bank's id of a transaction: its AcctSvcrRef, else its EndToEndId
// (unless NOTPROVIDED), else the entry's.
std::string tx_id(const pugi::xml_node& tx) {
  if (!tx) return {};
  std::string id = text_at(tx, "Refs/AcctSvcrRef");
  if (id.empty()) {
    id = text_at(tx, "Refs/EndToEndId");
    if (id == "NOTPROVIDED") id.clear();
  }
  if (id.empty()) id = text_at(tx, "Refs/TxId");
  return id;
}

Status read_entry(const pugi::xml_node& ntry, Statement& s, std::string_view origin) {
  const std::string status = text_at(ntry, "Sts").empty() ? text_at(ntry, "Sts/Cd") : text_at(ntry, "Sts");
  if (status == "PDNG" || status == "INFO") return Ok{};  // not booked
  const pugi::xml_node amt = child(ntry, "Amt");
  if (!amt) return Error{std::string(origin) + ": " + xml_path(ntry) + "/Amt", "montant de l'écriture attendu"};
  auto entry_amount = read_amount(amt, ntry, origin);
  if (!entry_amount) return entry_amount.error();
  pugi::xml_node date_node = child(ntry, "BookgDt");
  if (!date_node) date_node = child(ntry, "ValDt");
  std::string date_text = text_at(date_node, "Dt");
  if (date_text.empty()) date_text = text_at(date_node, "DtTm");
  const auto date = iso_day(date_text);
  if (!date)
    return Error{std::string(origin) + ": " + xml_path(ntry) + "/BookgDt/Dt",
                 "date de comptabilisation attendue (AAAA-MM-JJ), trouvé " + shown(date_text)};
  if (s.currency.empty()) s.currency = entry_amount->currency;

  std::vector<pugi::xml_node> txs;
  for (const pugi::xml_node& d : children(ntry, "NtryDtls"))
    for (const pugi::xml_node& t : children(d, "TxDtls")) txs.push_back(t);
  const std::string entry_ref = text_at(ntry, "AcctSvcrRef");
  const std::string entry_info = text_at(ntry, "AddtlNtryInf");
  const bool credit = entry_amount->cents >= 0;

  bool split = txs.size() > 1;
  for (const pugi::xml_node& t : txs)
    if (!tx_amount(t)) split = false;
  if (!split) {
    StatementLine line;
    line.date = *date;
    line.amount = entry_amount->cents;
    for (const pugi::xml_node& t : txs) read_details(t, credit, line);
    append_text(line.label, entry_info);
    line.bank_id = entry_ref;
    if (line.bank_id.empty() && txs.size() == 1) line.bank_id = tx_id(txs[0]);
    if (line.bank_id.empty()) line.bank_id = text_at(ntry, "NtryRef");
    if (txs.size() == 1 && line.reference.empty()) {
      const std::string e2e = text_at(txs[0], "Refs/EndToEndId");
      if (e2e != "NOTPROVIDED") line.reference = e2e;
    }
    s.lines.push_back(std::move(line));
    return Ok{};
  }
  for (std::size_t i = 0; i < txs.size(); ++i) {
    const pugi::xml_node& t = txs[i];
    const pugi::xml_node tamt = tx_amount(t);
    // A transaction without its own CdtDbtInd goes the entry's way.
    auto a = read_amount(tamt, child(t, "CdtDbtInd") ? t : ntry, origin);
    if (!a) return a.error();
    StatementLine line;
    line.date = *date;
    line.amount = a->cents;
    read_details(t, line.amount >= 0, line);
    if (line.label.empty()) append_text(line.label, entry_info);
    std::string id = tx_id(t);
    // Several transactions sharing one id stay apart (rank in the entry).
    if (id.empty()) id = entry_ref;
    if (!id.empty()) id += "/" + std::to_string(i + 1);
    line.bank_id = id;
    const std::string e2e = text_at(t, "Refs/EndToEndId");
    if (line.reference.empty() && e2e != "NOTPROVIDED") line.reference = e2e;
    s.lines.push_back(std::move(line));
  }
  return Ok{};
}

}  // namespace

Result<Statement> parse_camt(std::string_view bytes, std::string_view origin) {
  pugi::xml_document doc;
  auto text = xml_load(doc, bytes, origin);
  if (!text) return text.error();
  pugi::xml_node root = doc.document_element();
  if (local_name(root) == "Document") {
    pugi::xml_node inner = root.first_child();
    while (inner && inner.type() != pugi::node_element) inner = inner.next_sibling();
    root = inner;
  }
  Statement s;
  std::string_view report;
  if (root && local_name(root) == "BkToCstmrStmt") {
    s.format = Format::camt053;
    report = "Stmt";
  } else if (root && local_name(root) == "BkToCstmrDbtCdtNtfctn") {
    s.format = Format::camt054;
    report = "Ntfctn";
  } else if (root && local_name(root) == "BkToCstmrAcctRpt") {
    s.format = Format::camt053;  // camt.052 reads the same way
    report = "Rpt";
  } else {
    const pugi::xml_node at = root ? root : doc.document_element();
    return Error{std::string(origin) + ": " + (at ? xml_path(at) : std::string("/")),
                 "relevé ISO 20022 attendu (Document/BkToCstmrStmt ou BkToCstmrDbtCdtNtfctn)"};
  }
  const auto reports = children(root, report);
  if (reports.empty())
    return Error{std::string(origin) + ": " + xml_path(root) + "/" + std::string(report), "relevé attendu"};
  for (const pugi::xml_node& st : reports) {
    if (s.account.empty()) {
      s.account = text_at(st, "Acct/Id/IBAN");
      if (s.account.empty()) s.account = text_at(st, "Acct/Id/Othr/Id");
      s.currency = text_at(st, "Acct/Ccy");
      s.id = text_at(st, "Id");
    }
    for (const pugi::xml_node& ntry : children(st, "Ntry"))
      if (auto r = read_entry(ntry, s, origin); !r) return r.error();
  }
  assign_line_ids(s);
  return s;
}

}  // namespace relance::bank
