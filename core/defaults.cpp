#include "core/defaults.h"

#include "core/assets.h"
#include "core/json_io.h"
#include "core/record_codec.h"

namespace relance {

std::vector<Chain> default_chains() {
  Chain b2b{"b2b", "Professionnels", ClientKind::business, 7, {}};
  b2b.steps = {
      {"Pré-relance", -3, Channel::email, "b2b_pre", 0},
      {"Relance 1", 5, Channel::email, "b2b_r1", 0},
      {"Relance 2", 15, Channel::email, "b2b_r2", 0},
      {"Appel", 30, Channel::phone, "b2b_call", 0},
      {"Mise en demeure", 45, Channel::registered_notice, "b2b_notice", 0},
      {"Recouvrement", 60, Channel::handover, "b2b_handover", 0},
  };
  Chain b2c{"b2c", "Particuliers", ClientKind::consumer, 7, {}};
  b2c.steps = {
      {"Rappel amical", -3, Channel::sms, "b2c_pre_sms", 0},
      {"Relance SMS", 5, Channel::sms, "b2c_r1_sms", 0},
      {"Relance et échéancier", 15, Channel::email, "b2c_r2", 0},
      {"Appel", 25, Channel::phone, "b2c_call", 0},
      {"Mise en demeure", 40, Channel::registered_notice, "b2c_notice", 0},
      {"Injonction de payer", 70, Channel::handover, "b2c_handover", 0},
  };
  return {b2b, b2c};
}

std::vector<Template> default_templates() {
  // The wording lives in assets/dunning/templates-fr.json (data, not code).
  std::vector<Template> out;
  const std::string_view text = embedded_asset("dunning/templates-fr.json");
  if (text.empty()) return out;
  auto json = parse_json(text, "assets/dunning/templates-fr.json");
  if (!json || !json->is_object()) return out;
  JsonReader r{"assets/dunning/templates-fr.json"};
  const Json* list = r.member(*json, "templates", "$", true);
  if (!list || !list->is_array()) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Template t;
    if (read_template(r, (*list)[i], JsonReader::index_path("$.templates", i), t)) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace relance
