#include "core/letter_json.h"

#include "core/json_io.h"

namespace relance {

namespace {

constexpr const char* kKinds[] = {"paragraph", "item", "heading", "subheading", "small", "quote", "table"};

Json strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& s : v) a.push_back(s);
  return a;
}

void read_strings(JsonReader& r, const Json& obj, std::string_view key, const std::string& path,
                  std::vector<std::string>& out) {
  const std::string p = JsonReader::key_path(path, key);
  const Json* a = r.member(obj, key, path, false);
  if (!a || !r.expect_array(*a, p)) return;
  for (std::size_t i = 0; i < a->size(); ++i) {
    if ((*a)[i].is_string()) out.push_back((*a)[i].get<std::string>());
    else r.fail(JsonReader::index_path(p, i), std::string("texte attendu, pas ") + json_type_fr((*a)[i]));
  }
}

Json table_json(const LetterTable& t) {
  Json j;
  j["header"] = strings(t.header);
  Json w = Json::array();
  for (double d : t.widths_mm) w.push_back(d);
  j["widths_mm"] = w;
  Json right = Json::array();
  for (bool b : t.right) right.push_back(b);
  j["right"] = right;
  Json rows = Json::array();
  for (const auto& row : t.rows) rows.push_back(strings(row));
  j["rows"] = rows;
  j["total"] = strings(t.total);
  return j;
}

void read_table(JsonReader& r, const Json& j, const std::string& path, LetterTable& t) {
  if (!r.expect_object(j, path)) return;
  read_strings(r, j, "header", path, t.header);
  read_strings(r, j, "total", path, t.total);
  if (const Json* w = r.member(j, "widths_mm", path, false); w && r.expect_array(*w, path + ".widths_mm"))
    for (std::size_t i = 0; i < w->size(); ++i) {
      if ((*w)[i].is_number()) t.widths_mm.push_back((*w)[i].get<double>());
      else r.fail(JsonReader::index_path(path + ".widths_mm", i), "nombre attendu");
    }
  if (const Json* b = r.member(j, "right", path, false); b && r.expect_array(*b, path + ".right"))
    for (std::size_t i = 0; i < b->size(); ++i) {
      if ((*b)[i].is_boolean()) t.right.push_back((*b)[i].get<bool>());
      else r.fail(JsonReader::index_path(path + ".right", i), "true ou false attendu");
    }
  if (const Json* rows = r.member(j, "rows", path, false); rows && r.expect_array(*rows, path + ".rows"))
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const std::string p = JsonReader::index_path(path + ".rows", i);
      if (!r.expect_array((*rows)[i], p)) continue;
      std::vector<std::string> row;
      for (std::size_t k = 0; k < (*rows)[i].size(); ++k) {
        if ((*rows)[i][k].is_string()) row.push_back((*rows)[i][k].get<std::string>());
        else r.fail(JsonReader::index_path(p, k), "texte attendu");
      }
      t.rows.push_back(std::move(row));
    }
}

}  // namespace

std::string letter_content_json(const LetterContent& c) {
  Json j;
  j["format"] = "relance-letter";
  j["version"] = 1;
  j["type"] = to_string(c.type);
  j["title"] = c.title;
  j["sender"] = strings(c.sender);
  j["recipient"] = strings(c.recipient);
  j["place_date"] = c.place_date;
  j["references"] = strings(c.references);
  j["mention"] = c.mention;
  j["subject"] = c.subject;
  Json body = Json::array();
  for (const LetterBlock& b : c.body) {
    Json block;
    block["kind"] = kKinds[static_cast<int>(b.kind)];
    if (b.kind == LetterBlock::Kind::table) block["table"] = table_json(b.table);
    else block["text"] = b.text;
    body.push_back(std::move(block));
  }
  j["body"] = std::move(body);
  j["signature"] = strings(c.signature);
  j["enclosures"] = c.enclosures;
  j["footer"] = c.footer;
  Json invoices = Json::array();
  for (InvoiceId id : c.invoices) invoices.push_back(id);
  j["invoices"] = std::move(invoices);
  j["chain_id"] = c.chain_id;
  j["step"] = c.step;
  j["channel"] = to_string(c.channel);
  j["warnings"] = strings(c.warnings);
  return dump_json(j);
}

Result<LetterContent> letter_content_from_json(std::string_view text) {
  auto parsed = parse_json(text, "lettre");
  if (!parsed) return parsed.error();
  const Json& j = *parsed;
  JsonReader r("lettre");
  LetterContent c;
  if (!r.expect_object(j, "$")) return r.first_error();
  std::string format, type, channel;
  r.read(j, "format", "$", format, true);
  if (r.ok() && format != "relance-letter") r.fail("$.format", "« relance-letter » attendu, pas « " + format + " »");
  int version = 0;
  r.read(j, "version", "$", version, true, 1, 1);
  r.read(j, "type", "$", type, true);
  if (auto t = letter_type_from(type)) c.type = *t;
  else if (!type.empty()) r.fail("$.type", "type de lettre inconnu : « " + type + " »");
  r.read(j, "title", "$", c.title);
  read_strings(r, j, "sender", "$", c.sender);
  read_strings(r, j, "recipient", "$", c.recipient);
  r.read(j, "place_date", "$", c.place_date);
  read_strings(r, j, "references", "$", c.references);
  r.read(j, "mention", "$", c.mention);
  r.read(j, "subject", "$", c.subject);
  if (const Json* body = r.member(j, "body", "$", false); body && r.expect_array(*body, "$.body"))
    for (std::size_t i = 0; i < body->size(); ++i) {
      const std::string p = JsonReader::index_path("$.body", i);
      const Json& b = (*body)[i];
      if (!r.expect_object(b, p)) continue;
      LetterBlock block;
      std::string kind;
      r.read(b, "kind", p, kind, true);
      bool known = false;
      for (int k = 0; k < static_cast<int>(std::size(kKinds)); ++k)
        if (kind == kKinds[k]) {
          block.kind = static_cast<LetterBlock::Kind>(k);
          known = true;
        }
      if (!known && !kind.empty()) r.fail(p + ".kind", "sorte de bloc inconnue : « " + kind + " »");
      if (block.kind == LetterBlock::Kind::table) {
        if (const Json* t = r.member(b, "table", p, true)) read_table(r, *t, p + ".table", block.table);
      } else {
        r.read(b, "text", p, block.text);
      }
      c.body.push_back(std::move(block));
    }
  read_strings(r, j, "signature", "$", c.signature);
  r.read(j, "enclosures", "$", c.enclosures);
  r.read(j, "footer", "$", c.footer);
  if (const Json* inv = r.member(j, "invoices", "$", false); inv && r.expect_array(*inv, "$.invoices"))
    for (std::size_t i = 0; i < inv->size(); ++i) {
      if ((*inv)[i].is_number_integer()) c.invoices.push_back((*inv)[i].get<InvoiceId>());
      else r.fail(JsonReader::index_path("$.invoices", i), "numéro de facture attendu");
    }
  r.read(j, "chain_id", "$", c.chain_id);
  r.read(j, "step", "$", c.step, false, -1);
  r.read(j, "channel", "$", channel);
  if (auto ch = channel_from(channel)) c.channel = *ch;
  else if (!channel.empty()) r.fail("$.channel", "canal inconnu : « " + channel + " »");
  read_strings(r, j, "warnings", "$", c.warnings);
  if (!r.ok()) return r.first_error();
  return c;
}

}  // namespace relance
