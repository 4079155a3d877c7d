// relance render: the text of one step's message for one invoice.
#include <iostream>

#include "cli/commands.h"
#include "core/wording.h"
#include "core/messages.h"

namespace relance::cli {
namespace {

Status run_render(const Args& a) {
  if (a.positional.size() != 1) return Error{"LEDGER.json", "un fichier de registre, et un seul"};
  auto today = today_flag(a);
  if (!today) return today.error();
  const auto number = a.get("--invoice");
  if (!number) return Error{"--invoice", "numéro de facture obligatoire"};
  const auto step_text = a.get("--step");
  if (!step_text) return Error{"--step", "numéro d'étape obligatoire (1 = première étape du scénario)"};
  if (step_text->empty() || step_text->size() > 3 || step_text->find_first_not_of("0123456789") != std::string::npos)
    return Error{"--step", "numéro d'étape invalide « " + *step_text + " »"};
  const int step = std::stoi(*step_text) - 1;

  auto l = load_ledger_file(a.positional[0]);
  if (!l) return l.error();
  const Invoice* inv = find_invoice_by_number(*l, *number);
  if (!inv) return Error{"--invoice", "facture « " + *number + " » introuvable"};
  const Client* client = find_client(*l, inv->client);
  const Chain* chain = client ? chain_for(*l, *client) : nullptr;
  if (!chain) return Error{"--invoice", "aucun scénario de relance pour ce client"};
  if (step < 0 || step >= static_cast<int>(chain->steps.size()))
    return Error{"--step", "le scénario « " + chain->name + " » a " + std::to_string(chain->steps.size()) + " étapes"};
  const Template* t = template_for_step(*l, *chain, step);
  if (!t) return Error{"--step", "l'étape « " + chain->steps[step].name + " » n'a pas de modèle"};
  if (a.has("--sms")) {
    const Template* sms = sms_variant(*l, *t);
    if (!sms && t->channel != Channel::sms) return Error{"--sms", "pas de version SMS du modèle « " + t->name + " »"};
    if (sms) t = sms;
  }
  const TemplateValues values = message_values(*l, *client, {inv->id}, *today, chain, step);
  const Message m = render_message(*l, *t, values, *client);
  std::cout << "Étape : " << step_display_name(chain->steps[step].name, m.channel) << "\n";
  std::cout << "À : " << m.recipient << "\n";
  if (!m.subject.empty()) std::cout << "Objet : " << m.subject << "\n";
  for (const std::string& w : m.warnings) std::cout << "Attention : " << w << "\n";
  std::cout << "\n" << m.body;
  if (!m.body.empty() && m.body.back() != '\n') std::cout << "\n";
  return Ok{};
}

}  // namespace

void add_render(std::map<std::string, CommandDef>& t) {
  t["render"] = {{{"--invoice", Arity::one}, {"--step", Arity::one}, {"--today", Arity::one}, {"--sms", Arity::flag}},
                 run_render};
}

}  // namespace relance::cli
