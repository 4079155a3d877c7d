// relance letter / mailto: documents for a client. The letter is written
// whole or not at all; both print a JSON summary on stdout.
#include <iostream>

#include "cli/commands.h"
#include "core/letter_pdf.h"
#include "core/letters.h"
#include "core/text.h"

namespace relance::cli {
namespace {

Status need_ledger_arg(const Args& a) {
  if (a.positional.empty()) return Error{"LEDGER.json", "fichier du registre obligatoire"};
  if (a.positional.size() > 1) return Error{a.positional[1], "argument inattendu"};
  return Ok{};
}

// --client: an id, the user's own code, or the name (accents and case aside).
Result<ClientId> client_flag(const Ledger& l, const Args& a) {
  const auto v = a.get("--client");
  if (!v || trim(*v).empty()) return Error{"--client", "client obligatoire (numéro, code ou nom)"};
  const std::string key(trim(*v));
  if (key.size() <= 18 && key.find_first_not_of("0123456789") == std::string::npos)
    if (const Client* c = find_client(l, std::stoll(key))) return c->id;
  for (const Client& c : l.clients)
    if (!c.code.empty() && c.code == key) return c.id;
  for (const Client& c : l.clients)
    if (!c.code.empty() && fold(c.code) == fold(key)) return c.id;
  if (const Client* c = find_client_by_name(l, key)) return c->id;
  return Error{"--client", "client « " + key + " » introuvable (numéro, code ou nom)"};
}

// --step K, 1-based as in the ledger's history; -1 when absent.
Result<int> step_flag(const Args& a) {
  const auto v = a.get("--step");
  if (!v) return -1;
  if (v->empty() || v->size() > 3 || v->find_first_not_of("0123456789") != std::string::npos || std::stoi(*v) == 0)
    return Error{"--step", "numéro d'étape invalide « " + *v + " » (1 = première étape du scénario)"};
  return std::stoi(*v) - 1;
}

// Core errors name a request field; the user typed flags.
Error as_flag_error(const Error& e) {
  // No invoice to write about: the client chosen has none.
  if (e.where == "client" || e.where == "invoices") return {"--client", e.what};
  if (e.where == "step") return {"--step", e.what};
  if (e.where == "type") return {"--type", e.what};
  if (e.where == "today") return {"--today", e.what};
  return e;
}

Json numbers_json(const Ledger& l, const std::vector<InvoiceId>& ids) {
  Json out = Json::array();
  for (InvoiceId id : ids)
    if (const Invoice* inv = find_invoice(l, id)) out.push_back(inv->number);
  return out;
}

Status run_letter(const Args& a) {
  if (auto s = need_ledger_arg(a); !s) return s;
  const auto type_text = a.get("--type");
  if (!type_text) return Error{"--type", "type de lettre obligatoire : reminder, notice, statement ou file"};
  const auto type = letter_type_from(*type_text);
  if (!type) return Error{"--type", "type inconnu « " + *type_text + " » (reminder, notice, statement ou file)"};
  const auto out = a.get("-o");
  if (!out || out->empty()) return Error{"-o", "fichier PDF de sortie obligatoire (-o lettre.pdf)"};
  auto step = step_flag(a);
  if (!step) return step.error();
  if (*step >= 0 && *type != LetterType::reminder && *type != LetterType::notice)
    return Error{"--step", "une étape ne s'indique que pour une relance (reminder) ou une mise en demeure (notice)"};
  auto today = today_flag(a);
  if (!today) return today.error();
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  auto client = client_flag(*l, a);
  if (!client) return client.error();

  LetterRequest request{.client = *client, .type = *type, .step = *step, .today = *today};
  if (auto n = a.get("--registered")) request.registered_number = *n;
  auto content = letter_content(*l, request);
  if (!content) return as_flag_error(content.error());
  int pages = 0;
  const std::string bytes = letter_pdf(*content, &pages);
  if (auto s = write_file(*out, bytes); !s) return s;

  Json summary = {{"output", *out},
                  {"type", to_string(*type)},
                  {"client", *client},
                  {"title", content->title},
                  {"subject", content->subject},
                  {"pages", pages},
                  {"bytes", bytes.size()},
                  {"invoices", numbers_json(*l, content->invoices)},
                  {"warnings", content->warnings}};
  if (content->step >= 0) summary["step"] = content->step + 1;
  print_json(summary);
  return Ok{};
}

Status run_mailto(const Args& a) {
  if (auto s = need_ledger_arg(a); !s) return s;
  auto step = step_flag(a);
  if (!step) return step.error();
  auto today = today_flag(a);
  if (!today) return today.error();
  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  auto client = client_flag(*l, a);
  if (!client) return client.error();

  auto draft = email_draft(*l, {.client = *client, .step = *step, .today = *today});
  if (!draft) {
    Error e = as_flag_error(draft.error());
    if (e.where == "client.email")
      e.what += " (relance letter " + a.positional[0] + " --client " + *a.get("--client") + " --type reminder -o relance.pdf)";
    return e;
  }
  print_json({{"url", draft->link.url},
              {"too_long", draft->link.too_long},
              {"advice", draft->link.advice},
              {"recipient", draft->recipient},
              {"subject", draft->subject},
              {"body", draft->body},
              {"step", draft->step + 1},
              {"step_name", draft->step_name},
              {"invoices", numbers_json(*l, draft->invoices)},
              {"warnings", draft->warnings}});
  return Ok{};
}

}  // namespace

void add_document_commands(std::map<std::string, CommandDef>& t) {
  t["letter"] = {{{"--client", Arity::one},
                  {"--type", Arity::one},
                  {"--step", Arity::one},
                  {"--today", Arity::one},
                  {"--registered", Arity::one},
                  {"-o", Arity::one}},
                 run_letter};
  t["mailto"] = {{{"--client", Arity::one}, {"--step", Arity::one}, {"--today", Arity::one}}, run_mailto};
}

}  // namespace relance::cli
