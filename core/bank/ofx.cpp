// OFX: 1.x is SGML (a header of KEY:VALUE lines, then tags whose closing tag
// is optional for leaf elements); 2.x is XML, read with pugixml. Movements
// are the STMTTRN aggregates of bank and card statements.
#include <cctype>

#include "core/bank/parse_util.h"
#include "core/bank/statement.h"
#include "core/text.h"

namespace relance::bank {
namespace {

using namespace detail;

struct RawTxn {
  std::string dtposted, trnamt, fitid, name, memo, refnum, checknum, payee;
  int line = 0;  // of <STMTTRN>
  int date_line = 0, amount_line = 0;
};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string decode_entities(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static const std::pair<std::string_view, char> ents[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", ' '}};
      bool done = false;
      for (auto [e, c] : ents)
        if (s.substr(i, e.size()) == e) {
          out += c;
          i += e.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += s[i];
  }
  return out;
}

// "20220715", "20260617100000[-03:EST]", "20130831165153.000": the day.
std::optional<Date> ofx_date(std::string_view s) {
  s = trim(s);
  if (s.size() < 8) return std::nullopt;
  int v[3] = {0, 0, 0};
  const int widths[3] = {4, 2, 2};
  std::size_t at = 0;
  for (int k = 0; k < 3; ++k) {
    for (int d = 0; d < widths[k]; ++d, ++at) {
      if (s[at] < '0' || s[at] > '9') return std::nullopt;
      v[k] = v[k] * 10 + (s[at] - '0');
    }
  }
  const Date d = Date::from_ymd(v[0], v[1], v[2]);
  if (!d.ok()) return std::nullopt;
  return d;
}

Result<StatementLine> make_line(const RawTxn& t, std::string_view origin, const std::string& where_prefix) {
  auto err = [&](int line, const std::string& what) {
    if (!where_prefix.empty()) return Error{where_prefix, what};
    return error_at(origin, line ? line : t.line, what);
  };
  if (t.dtposted.empty()) return err(t.line, "mouvement STMTTRN sans DTPOSTED (date attendue AAAAMMJJ)");
  const auto date = ofx_date(t.dtposted);
  if (!date) return err(t.date_line, "DTPOSTED : date attendue AAAAMMJJ, trouvé " + shown(t.dtposted));
  if (t.trnamt.empty()) return err(t.line, "mouvement STMTTRN sans TRNAMT (montant attendu, « -75.00 »)");
  const auto amount = parse_decimal(t.trnamt);
  if (!amount) return err(t.amount_line, "TRNAMT : montant attendu (« -75.00 »), trouvé " + shown(t.trnamt));
  StatementLine line;
  line.date = *date;
  line.amount = *amount;
  line.bank_id = squeeze(t.fitid);
  append_text(line.label, t.name.empty() ? t.payee : t.name);
  append_text(line.label, t.memo);
  line.reference = squeeze(t.refnum);
  line.source_line = t.line;
  return line;
}

void set_field(RawTxn& t, std::string_view tag, std::string value, int line = 0) {
  if (tag == "DTPOSTED") t.dtposted = std::move(value), t.date_line = line;
  else if (tag == "TRNAMT") t.trnamt = std::move(value), t.amount_line = line;
  else if (tag == "FITID") t.fitid = std::move(value);
  else if (tag == "NAME") t.name = std::move(value);
  else if (tag == "MEMO") t.memo = std::move(value);
  else if (tag == "REFNUM") t.refnum = std::move(value);
  else if (tag == "CHECKNUM") t.checknum = std::move(value);
}

// ---------------------------------------------------------------- 1.x SGML
Result<Statement> parse_sgml(std::string_view bytes, std::string_view origin) {
  // The header says the charset: 1252 (or ISO-8859-1) is converted.
  const std::size_t body_at = bytes.find('<');
  if (body_at == std::string_view::npos) return Error{std::string(origin), "OFX sans balise <OFX>"};
  const std::string header = upper(bytes.substr(0, body_at));
  const bool cp1252 = header.find("CHARSET:1252") != std::string::npos ||
                      header.find("CHARSET:ISO-8859-1") != std::string::npos ||
                      header.find("CHARSET:8859-1") != std::string::npos;
  const bool utf8 = header.find("CHARSET:UTF-8") != std::string::npos || header.find("ENCODING:UTF-8") != std::string::npos;
  const std::string text = to_utf8(bytes, cp1252 && !utf8 && !is_valid_utf8(bytes));

  Statement s;
  s.format = Format::ofx;
  std::optional<RawTxn> txn;
  bool in_acct = false;
  bool saw_ofx = false;
  int line = 1;
  std::size_t pos = 0;
  const std::size_t n = text.size();
  // Advances pos to `to`, counting the line breaks passed.
  auto move_to = [&](std::size_t to) {
    for (; pos < to && pos < n; ++pos)
      if (text[pos] == '\n') ++line;
  };
  while (pos < n) {
    const std::size_t lt = text.find('<', pos);
    if (lt == std::string::npos) break;
    move_to(lt);
    const std::size_t gt = text.find('>', lt);
    if (gt == std::string::npos) return error_at(origin, line, "balise OFX non fermée (« > » attendu)");
    const std::string tag = upper(trim(std::string_view(text).substr(lt + 1, gt - lt - 1)));
    const int tag_line = line;
    move_to(gt + 1);
    const std::size_t next = text.find('<', pos);
    const std::string value =
        decode_entities(trim(std::string_view(text).substr(pos, (next == std::string::npos ? n : next) - pos)));
    if (tag.empty()) return error_at(origin, line, "balise OFX vide « <> »");
    if (tag == "OFX") saw_ofx = true;
    if (tag[0] == '/') {
      const std::string_view closing = std::string_view(tag).substr(1);
      if (closing == "STMTTRN" && txn) {
        auto l = make_line(*txn, origin, "");
        if (!l) return l.error();
        s.lines.push_back(std::move(*l));
        txn.reset();
      } else if (closing == "BANKACCTFROM" || closing == "CCACCTFROM") {
        in_acct = false;
      }
      continue;
    }
    if (tag == "STMTTRN") {
      if (txn) return error_at(origin, tag_line, "<STMTTRN> dans un autre mouvement (« </STMTTRN> » attendu)");
      txn.emplace();
      txn->line = tag_line;
      continue;
    }
    if (tag == "BANKACCTFROM" || tag == "CCACCTFROM") {
      in_acct = true;
      continue;
    }
    if (txn) {
      set_field(*txn, tag, value, tag_line);
    } else if (in_acct && tag == "ACCTID" && s.account.empty()) {
      s.account = value;
    } else if (tag == "CURDEF" && s.currency.empty()) {
      s.currency = value;
    }
  }
  if (txn) return error_at(origin, txn->line, "mouvement <STMTTRN> non terminé (« </STMTTRN> » attendu)");
  if (!saw_ofx) return Error{std::string(origin), "OFX sans balise <OFX>"};
  return s;
}

// ---------------------------------------------------------------- 2.x XML
void collect_xml(const pugi::xml_node& n, Statement& s, std::vector<pugi::xml_node>& txns) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = upper(local_name(c));
    if (name == "STMTTRN") {
      txns.push_back(c);
      continue;
    }
    if ((name == "BANKACCTFROM" || name == "CCACCTFROM") && s.account.empty()) s.account = text_at(c, "ACCTID");
    if (name == "CURDEF" && s.currency.empty()) s.currency = std::string(trim(c.child_value()));
    collect_xml(c, s, txns);
  }
}

Result<Statement> parse_xml(std::string_view bytes, std::string_view origin) {
  pugi::xml_document doc;
  auto text = xml_load(doc, bytes, origin);
  if (!text) return text.error();
  const pugi::xml_node root = doc.document_element();
  if (upper(local_name(root)) != "OFX")
    return Error{std::string(origin) + ": " + xml_path(root), "élément racine <OFX> attendu"};
  Statement s;
  s.format = Format::ofx;
  std::vector<pugi::xml_node> txns;
  collect_xml(root, s, txns);
  for (const pugi::xml_node& x : txns) {
    RawTxn t;
    t.line = 0;
    for (pugi::xml_node c = x.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string name = upper(local_name(c));
      if (name == "PAYEE") t.payee = text_at(c, "NAME");
      else set_field(t, name, std::string(trim(c.child_value())));
    }
    std::string where = std::string(origin) + ": " + xml_path(x);
    if (t.dtposted.empty() || !ofx_date(t.dtposted)) where += "/DTPOSTED";
    else if (t.trnamt.empty() || !parse_decimal(t.trnamt)) where += "/TRNAMT";
    auto l = make_line(t, origin, where);
    if (!l) return l.error();
    s.lines.push_back(std::move(*l));
  }
  return s;
}

}  // namespace

Result<Statement> parse_ofx(std::string_view bytes, std::string_view origin) {
  std::string_view head = trim(bytes.substr(0, 512));
  if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xEF) head.remove_prefix(3);
  Result<Statement> r = starts_with(head, "<?xml") ? parse_xml(bytes, origin) : parse_sgml(bytes, origin);
  if (!r) return r;
  if (r->lines.empty() && r->account.empty())
    return Error{std::string(origin), "OFX sans relevé (BANKACCTFROM ou CCACCTFROM et STMTTRN attendus)"};
  assign_line_ids(*r);
  return r;
}

}  // namespace relance::bank
