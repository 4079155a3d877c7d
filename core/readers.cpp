// The file readers as one call, JSON out (see readers.h).
#include "core/readers.h"

#include "core/record_codec.h"
#include "core/zip.h"

namespace relance::readers {

namespace {

Json error_json(const Error& e) { return Json{{"where", e.where}, {"what", e.what}}; }

Error error_of(const Json& j) {
  Error e;
  if (j.is_object()) {
    if (auto it = j.find("where"); it != j.end() && it->is_string()) e.where = it->get<std::string>();
    if (auto it = j.find("what"); it != j.end() && it->is_string()) e.what = it->get<std::string>();
  }
  if (e.what.empty()) e.what = "réponse du lecteur de fichiers illisible";
  return e;
}

Json party_json(const einvoice::Party& p) {
  return Json{{"name", p.name},         {"siren", p.siren}, {"legal_id", p.legal_id},
              {"vat_number", p.vat_number}, {"email", p.email}, {"address", address_json(p.address)}};
}

void read_party(JsonReader& r, const Json& j, const std::string& path, einvoice::Party& p) {
  if (!r.expect_object(j, path)) return;
  r.read(j, "name", path, p.name);
  r.read(j, "siren", path, p.siren);
  r.read(j, "legal_id", path, p.legal_id);
  r.read(j, "vat_number", path, p.vat_number);
  r.read(j, "email", path, p.email);
  read_address(r, j, path, p.address);
}

template <class T>
Result<T> checked(const JsonReader& r, T value) {
  if (!r.ok()) return r.first_error();
  return value;
}

std::string bank_read(File file, const Json& opts) {
  bank::ParseOptions po;
  bool remembered = false;
  if (opts.is_object()) {
    if (auto it = opts.find("columns"); it != opts.end()) {
      auto cols = columns_from_json(*it);
      if (!cols) return dump_json(Json{{"ok", false}, {"error", error_json(cols.error())}});
      po.format = bank::Format::csv;
      po.columns = *cols;
    }
    if (auto it = opts.find("remembered"); it != opts.end() && it->is_boolean()) remembered = it->get<bool>();
  }
  auto st = bank::parse_statement(file.bytes, file.name, po);
  bool used = po.columns.has_value() && st.ok();
  if (!st && remembered) {
    // The bank changed its export: the presets, as for a file never seen.
    st = bank::parse_statement(file.bytes, file.name);
    used = false;
  }
  if (!st) return dump_json(Json{{"ok", false}, {"error", error_json(st.error())}});
  return dump_json(Json{{"ok", true}, {"used_columns", used}, {"statement", statement_to_json(*st)}});
}

std::string einvoice_read(std::vector<File> files) {
  std::vector<einvoice::InputFile> inputs;
  Json skipped = Json::array(), unreadable = Json::array();
  for (File& f : files) {
    if (!looks_like_zip(f.bytes)) {
      inputs.push_back({std::move(f.name), std::move(f.bytes)});
      continue;
    }
    auto members = einvoice::einvoice_files_from_zip(f.bytes, f.name);
    if (!members) {
      unreadable.push_back(Json{{"file", f.name}, {"why", members.error().what}});
      continue;
    }
    for (einvoice::InputFile& m : members->files) inputs.push_back(std::move(m));
    for (std::string& s : members->skipped) skipped.push_back(std::move(s));
  }
  Json out_files = Json::array();
  for (einvoice::ReadFile& r : einvoice::read_einvoice_files(inputs)) {
    Json one{{"name", r.name}, {"ok", r.invoice.has_value()}};
    if (r.invoice) one["invoice"] = einvoice_to_json(*r.invoice);
    else one["why"] = r.why;
    out_files.push_back(std::move(one));
  }
  return dump_json(Json{{"files", std::move(out_files)}, {"skipped", std::move(skipped)}, {"unreadable", std::move(unreadable)}});
}

// The answer's JSON, or the failure to say instead.
Result<Json> answer_json(std::string_view text, std::string& failure) {
  auto j = parse_json(text, "lecteur de fichiers");
  if (!j || !j->is_object()) {
    failure = "réponse du lecteur de fichiers illisible";
    return Error{"", failure};
  }
  if (auto it = j->find("failure"); it != j->end()) {
    failure = it->is_string() ? it->get<std::string>() : "le lecteur de fichiers a échoué";
    return Error{"", failure};
  }
  return j;
}

}  // namespace

const char* to_string(Kind k) { return k == Kind::bank ? "bank" : "einvoice"; }

std::optional<Kind> kind_from(std::string_view s) {
  if (s == "bank") return Kind::bank;
  if (s == "einvoice") return Kind::einvoice;
  return std::nullopt;
}

std::string read_files(Kind kind, std::vector<File> files, std::string_view options) {
  Json opts;
  if (!options.empty()) {
    auto j = parse_json(options, "options");
    if (!j) return failure_answer(j.error().message());
    opts = std::move(*j);
  }
  if (kind == Kind::einvoice) return einvoice_read(std::move(files));
  if (files.size() != 1) return failure_answer("un relevé bancaire à la fois");
  return bank_read(std::move(files.front()), opts);
}

std::string bank_options(const std::optional<bank::CsvColumns>& columns, bool remembered) {
  Json j = Json::object();
  if (columns) j["columns"] = columns_to_json(*columns);
  if (remembered) j["remembered"] = true;
  return dump_json(j);
}

std::string failure_answer(std::string_view message) { return dump_json(Json{{"failure", std::string(message)}}); }

BankAnswer bank_answer(std::string_view text) {
  BankAnswer a;
  auto j = answer_json(text, a.failure);
  if (!j) return a;
  if (j->value("ok", false)) {
    auto it = j->find("statement");
    auto st = it == j->end() ? Result<bank::Statement>(Error{"", "relevé absent"}) : statement_from_json(*it);
    if (!st) {
      a.failure = "réponse du lecteur de fichiers illisible : " + st.error().message();
      return a;
    }
    a.statement = std::move(*st);
    a.used_columns = j->value("used_columns", false);
    return a;
  }
  auto it = j->find("error");
  a.error = error_of(it == j->end() ? Json() : *it);
  return a;
}

EinvoiceAnswer einvoice_answer(std::string_view text) {
  EinvoiceAnswer a;
  auto j = answer_json(text, a.failure);
  if (!j) return a;
  const Json& files = (*j)["files"];
  if (!files.is_array()) {
    a.failure = "réponse du lecteur de fichiers illisible";
    return a;
  }
  for (const Json& f : files) {
    einvoice::ReadFile r;
    r.name = f.is_object() ? f.value("name", std::string()) : std::string();
    if (f.is_object() && f.value("ok", false) && f.contains("invoice")) {
      auto e = einvoice_from_json(f["invoice"]);
      if (e) r.invoice = std::move(*e);
      else r.why = e.error().message();
    } else {
      r.why = f.is_object() ? f.value("why", std::string("illisible")) : std::string("illisible");
    }
    a.files.push_back(std::move(r));
  }
  if (const Json& s = (*j)["skipped"]; s.is_array())
    for (const Json& x : s)
      if (x.is_string()) a.skipped.push_back(x.get<std::string>());
  if (const Json& u = (*j)["unreadable"]; u.is_array())
    for (const Json& x : u)
      if (x.is_object()) a.unreadable.emplace_back(x.value("file", std::string()), x.value("why", std::string()));
  return a;
}

// [codecs] ------------------------------------------------------------------

Json statement_to_json(const bank::Statement& s) {
  Json lines = Json::array();
  for (const bank::StatementLine& l : s.lines)
    lines.push_back(Json{{"date", to_iso(l.date)},
                         {"amount", l.amount},
                         {"label", l.label},
                         {"reference", l.reference},
                         {"payer", l.payer},
                         {"bank_id", l.bank_id},
                         {"bank_id_from_bank", l.bank_id_from_bank},
                         {"source_line", l.source_line}});
  return Json{{"format", bank::to_string(s.format)}, {"id", s.id},         {"account", s.account},
              {"currency", s.currency},               {"preset", s.preset}, {"lines", std::move(lines)}};
}

Result<bank::Statement> statement_from_json(const Json& j) {
  JsonReader r("relevé");
  bank::Statement s;
  if (!r.expect_object(j, "$")) return r.first_error();
  std::string format;
  r.read(j, "format", "$", format, true);
  if (auto f = bank::format_from(format)) s.format = *f;
  else if (r.ok()) r.fail("$.format", "format inconnu « " + format + " »");
  r.read(j, "id", "$", s.id);
  r.read(j, "account", "$", s.account);
  r.read(j, "currency", "$", s.currency);
  r.read(j, "preset", "$", s.preset);
  if (const Json* lines = r.member(j, "lines", "$", true); lines && r.expect_array(*lines, "$.lines")) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      const Json& x = (*lines)[i];
      const std::string path = JsonReader::index_path("$.lines", i);
      if (!r.expect_object(x, path)) continue;
      bank::StatementLine l;
      r.read_date(x, "date", path, l.date);
      std::int64_t amount = 0;
      r.read(x, "amount", path, amount, true);
      l.amount = amount;
      r.read(x, "label", path, l.label);
      r.read(x, "reference", path, l.reference);
      r.read(x, "payer", path, l.payer);
      r.read(x, "bank_id", path, l.bank_id);
      r.read(x, "bank_id_from_bank", path, l.bank_id_from_bank);
      r.read(x, "source_line", path, l.source_line);
      s.lines.push_back(std::move(l));
    }
  }
  return checked(r, std::move(s));
}

Json columns_to_json(const bank::CsvColumns& c) {
  return Json{{"date", c.date},         {"amount", c.amount}, {"debit", c.debit},         {"credit", c.credit},
              {"label", c.label},       {"reference", c.reference}, {"payer", c.payer}, {"skip_rows", c.skip_rows},
              {"separator", static_cast<int>(c.separator)}};
}

Result<bank::CsvColumns> columns_from_json(const Json& j) {
  JsonReader r("colonnes");
  bank::CsvColumns c;
  if (!r.expect_object(j, "$")) return r.first_error();
  for (auto [key, slot] : {std::pair{"date", &c.date}, {"amount", &c.amount}, {"debit", &c.debit}, {"credit", &c.credit},
                           {"label", &c.label}, {"reference", &c.reference}, {"payer", &c.payer}})
    r.read(j, key, "$", *slot, false, -1, 10000);
  r.read(j, "skip_rows", "$", c.skip_rows, false, 0, 1000000);
  int sep = 0;
  r.read(j, "separator", "$", sep, false, 0, 127);
  c.separator = static_cast<char>(sep);
  return checked(r, c);
}

Json einvoice_to_json(const einvoice::EInvoice& e) {
  Json j{{"syntax", static_cast<int>(e.syntax)},
         {"number", e.number},
         {"type_code", e.type_code},
         {"issue_date", to_iso(e.issue_date)},
         {"due_date", to_iso(e.due_date)},
         {"terms", e.terms},
         {"currency", e.currency},
         {"seller", party_json(e.seller)},
         {"buyer", party_json(e.buyer)},
         {"ht", e.ht},
         {"vat", e.vat},
         {"ttc", e.ttc},
         {"preceding", e.preceding},
         {"pmd_notes", e.pmd_notes},
         {"first_line", e.first_line},
         {"lines", e.lines}};
  if (e.paid) j["paid"] = *e.paid;
  if (e.due_amount) j["due_amount"] = *e.due_amount;
  return j;
}

Result<einvoice::EInvoice> einvoice_from_json(const Json& j) {
  JsonReader r("facture");
  einvoice::EInvoice e;
  if (!r.expect_object(j, "$")) return r.first_error();
  int syntax = 0;
  r.read(j, "syntax", "$", syntax, true, 0, 2);
  e.syntax = static_cast<einvoice::Syntax>(syntax);
  r.read(j, "number", "$", e.number, true);
  r.read(j, "type_code", "$", e.type_code);
  r.read_date(j, "issue_date", "$", e.issue_date);
  r.read_date(j, "due_date", "$", e.due_date);
  r.read(j, "terms", "$", e.terms);
  r.read(j, "currency", "$", e.currency);
  if (const Json* p = r.member(j, "seller", "$", true)) read_party(r, *p, "$.seller", e.seller);
  if (const Json* p = r.member(j, "buyer", "$", true)) read_party(r, *p, "$.buyer", e.buyer);
  r.read(j, "ht", "$", e.ht, true);
  r.read(j, "vat", "$", e.vat, true);
  r.read(j, "ttc", "$", e.ttc, true);
  if (j.contains("paid")) {
    std::int64_t v = 0;
    r.read(j, "paid", "$", v, true);
    e.paid = v;
  }
  if (j.contains("due_amount")) {
    std::int64_t v = 0;
    r.read(j, "due_amount", "$", v, true);
    e.due_amount = v;
  }
  r.read(j, "preceding", "$", e.preceding);
  if (const Json* n = r.member(j, "pmd_notes", "$", false); n && r.expect_array(*n, "$.pmd_notes"))
    for (const Json& x : *n)
      if (x.is_string()) e.pmd_notes.push_back(x.get<std::string>());
  r.read(j, "first_line", "$", e.first_line);
  std::int64_t lines = 0;
  r.read(j, "lines", "$", lines, false, 0);
  e.lines = static_cast<std::size_t>(lines);
  return checked(r, std::move(e));
}

}  // namespace relance::readers
