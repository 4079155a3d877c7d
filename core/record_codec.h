// The JSON of each kind of ledger record (company, settings, client,
// invoice, payment, history entry, chain, template...), shared by the ledger
// file (core/ledger_file.h), the command codec (core/command_codec.h) and the
// other data files (default templates, rate files). Writers leave optional
// fields out when empty or default; each reader reads `j` at `path` into
// `out`, recording every problem in `r` with its JSON path.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_io.h"
#include "core/model.h"

namespace relance {

// Ids are at most 2^52: exact in a JavaScript number too.
inline constexpr std::int64_t kMaxId = std::int64_t(1) << 52;

Json address_json(const Address& a);
Json company_json(const Company& c);
Json settings_json(const Settings& s);
Json client_json(const Client& c);
Json payment_json(const Payment& p);
Json instalment_json(const Instalment& i);
Json promise_json(const Promise& p);
Json dispute_json(const Dispute& d);
Json invoice_json(const Invoice& inv);
Json history_json(const HistoryEntry& h);
Json chain_json(const Chain& c);
Json template_json(const Template& t);
Json mapping_json(const SavedMapping& m);

class JsonObjectWriter;
// The members of client_json / invoice_json / history_json written straight
// into a file's text (core/json_stream.h): the same fields, from the same code.
void write_client(JsonObjectWriter& w, const Client& c);
void write_invoice(JsonObjectWriter& w, const Invoice& inv);
void write_history(JsonObjectWriter& w, const HistoryEntry& h);

template <class T, class F>
Json list_json(const std::vector<T>& items, F f) {
  Json a = Json::array();
  for (const T& x : items) a.push_back(f(x));
  return a;
}

// obj's member "address", when present.
void read_address(JsonReader& r, const Json& obj, const std::string& path, Address& a);
void read_company(JsonReader& r, const Json& j, const std::string& path, Company& out);
void read_settings(JsonReader& r, const Json& j, const std::string& path, Settings& out);
// `require_id`: the record comes from a file (id >= 1) rather than from a
// command that adds it (id assigned when applied).
void read_client(JsonReader& r, const Json& j, const std::string& path, Client& out, bool require_id);
void read_invoice(JsonReader& r, const Json& j, const std::string& path, Invoice& out, bool require_id);
void read_payment(JsonReader& r, const Json& j, const std::string& path, Payment& out);
void read_instalment(JsonReader& r, const Json& j, const std::string& path, Instalment& out);
void read_promise(JsonReader& r, const Json& j, const std::string& path, Promise& out);
void read_history(JsonReader& r, const Json& j, const std::string& path, HistoryEntry& out);
void read_mapping(JsonReader& r, const Json& j, const std::string& path, SavedMapping& out);
// The checks of a record beyond the types and ranges of its fields (text
// limits, TTC = HT + TVA, due date after the issue date, a known law pack...),
// shared by the JSON readers above and the binary snapshot (core/snapshot.h).
void check_client(JsonReader& r, const Client& c, const std::string& path);
void check_invoice(JsonReader& r, const Invoice& inv, const std::string& path);
void check_payment(JsonReader& r, const Payment& p, const std::string& path);
inline constexpr const char* kIssuedNeedsDates =
    "une facture émise a une date de facture (issue_date) et une échéance (due_date)";
// These two return whether this record was read without error.
bool read_chain(JsonReader& r, const Json& j, const std::string& path, Chain& out);
bool read_template(JsonReader& r, const Json& j, const std::string& path, Template& out);

// The array `key` of `obj` (at `path`), each item read by read_one(item,
// item_path, out_item); `out` is replaced when the array is present.
template <class T, class F>
void read_list(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, std::vector<T>& out,
               F read_one, bool required = false) {
  const Json* a = r.member(obj, key, path, required);
  if (!a) return;
  const std::string p = JsonReader::key_path(path, key);
  if (!r.expect_array(*a, p)) return;
  out.clear();
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    T item;
    read_one((*a)[i], JsonReader::index_path(p, i), item);
    out.push_back(std::move(item));
  }
}

}  // namespace relance
