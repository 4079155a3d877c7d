#include "web/clients_form.h"

#include <iterator>

#include "core/links.h"
#include "core/money.h"
#include "core/rates.h"
#include "core/terms.h"
#include "core/text.h"
#include "web/app.h"
#include "web/ui.h"

namespace relance::clients {

using forms::Errors;

namespace {

// The law packs a client can be put under, as the form lists them after
// « Par défaut ».
struct LawChoice {
  const char* id;
  const char* name;
};
constexpr LawChoice kLaws[] = {{"fr", "France"},
                               {"be", "Belgique"},
                               {"de", "Allemagne"},
                               {"uk", "Royaume-Uni"},
                               {"eu", "Autre pays de l\u2019UE (directive 2011/7/UE)"}};

const char* law_name(std::string_view id) {
  for (const LawChoice& c : kLaws)
    if (id == c.id) return c.name;
  return "France";
}

// Acheteur public and Droit applicable: the rate and caps the penalties follow.
void draw_law_fields(const Ledger& l, Client& c, forms::Errors& err, bool business) {
  if (business) {
    int buyer = static_cast<int>(c.public_buyer);
    if (forms::choice("Acheteur public##client", &buyer,
                      {"Non", "\u00c9tat", "Collectivit\u00e9 territoriale", "\u00c9tablissement public de sant\u00e9"}, 16))
      c.public_buyer = static_cast<PublicBuyer>(buyer);
    if (c.public_buyer != PublicBuyer::none) {
      const Jurisdiction& j = jurisdiction_for(l, c);
      if (j.public_buyer)
        ui::note("Int\u00e9r\u00eats au taux de r\u00e9f\u00e9rence + " + format_rate_number_fr(j.public_buyer->margin) +
                 " points et " + format_money(j, j.indemnity) + " par facture ; d\u00e9lai de paiement de " +
                 std::to_string(c.public_buyer == PublicBuyer::hospital ? j.public_buyer->hospital_max_terms_days
                                                                        : j.public_buyer->max_terms_days) +
                 " jours au plus ; factures d\u00e9pos\u00e9es sur Chorus Pro.");
      else
        ui::note("Le droit de ce client n\u2019a pas de r\u00e8gle propre aux acheteurs publics : celle des professionnels s\u2019applique.");
    }
    err.show_under({"client.public_buyer"});
  }
  std::vector<std::string> laws{std::string("Par d\u00e9faut (pays de l\u2019entreprise : ") +
                                law_name(law_for_country(l.company.address.country)) + ")"};
  int law = 0;
  for (std::size_t i = 0; i < std::size(kLaws); ++i) {
    laws.push_back(kLaws[i].name);
    if (c.law == kLaws[i].id) law = static_cast<int>(i) + 1;
  }
  if (forms::choice("Droit applicable##client", &law, laws, 20))
    c.law = law == 0 ? std::string() : kLaws[static_cast<std::size_t>(law - 1)].id;
  err.show_under({"client.law"});
}

}  // namespace

void start_new(ClientForm& f, const Ledger& l) {
  f = ClientForm{};
  f.open = true;
  f.client.terms = l.settings.default_terms;
  f.terms_days = std::to_string(f.client.terms.days);
}

void start_edit(ClientForm& f, const Client& c) {
  f = ClientForm{};
  f.open = true;
  f.editing = c.id;
  f.client = c;
  f.terms_days = std::to_string(c.terms.days);
}

namespace {

bool parse_days(const std::string& text, int* out) {
  std::string_view t = trim(text);
  if (t.empty() || t.size() > 4) return false;
  int v = 0;
  for (char ch : t) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + (ch - '0');
  }
  *out = v;
  return true;
}

}  // namespace

void draw_form(App& app, ClientForm& f, std::function<void(ClientId)> saved, const char* submit_label,
               bool cancellable) {
  const Ledger& l = app.ws.ledger();
  Client& c = f.client;
  forms::Errors& err = f.error;

  ui::text("Type de client");
  bool business = c.kind == ClientKind::business;
  if (ui::radio("Professionnel##kind", business)) c.kind = ClientKind::business;
  ui::track("Professionnel##kind");
  ImGui::SameLine();
  if (ui::radio("Particulier##kind", !business)) c.kind = ClientKind::consumer;
  ui::track("Particulier##kind");
  business = c.kind == ClientKind::business;

  ui::field(business ? "Raison sociale##client" : "Nom et prénom##client", &c.name);
  err.show_under({"client.name"});
  ui::field("Contact (personne à qui écrire)##client", &c.contact);
  ui::next_keyboard(ui::Keyboard::email);
  ui::field("E-mail##client", &c.email);
  const std::string email(trim(c.email));
  const bool email_bad = !email.empty() && (email.find('@') == std::string::npos || email.find(' ') != std::string::npos);
  static const std::string kEmailError = "adresse e-mail incomplète (ex. : compta@exemple.fr)";
  if (email_bad) forms::field_error(kEmailError);
  err.show_under({"client.email"});
  ui::next_keyboard(ui::Keyboard::tel);
  ui::field("Téléphone##client", &c.phone, 14);
  if (!trim(c.phone).empty() && !normalize_phone(c.phone))
    forms::warning_text("Numéro non reconnu : les SMS et les appels depuis l’application ne marcheront pas.");
  err.show_under({"client.phone"});

  ui::field("Adresse##client", &c.address.line1);
  ui::field("Complément d’adresse##client", &c.address.line2);
  ui::next_keyboard(ui::Keyboard::postcode);
  ui::field("Code postal##client", &c.address.postcode, 6);
  if (!forms::narrow()) ImGui::SameLine();
  ImGui::BeginGroup();
  ui::field("Ville##client", &c.address.city, 16);
  ImGui::EndGroup();
  ui::field("Pays (vide : France)##client", &c.address.country, 12);
  err.show_under({"client.address"});

  if (business) {
    ui::field("SIREN##client", &c.siren, 10);
    err.show_under({"client.siren"});
    ui::field("N° de TVA intracommunautaire##client", &c.vat_number, 14);
    err.show_under({"client.vat_number"});
  }
  draw_law_fields(l, c, err, business);

  // Payment terms, with the legal caps (L441-10) as warnings.
  ui::next_keyboard(ui::Keyboard::numeric);
  ui::field("Délai de paiement (jours)##client", &f.terms_days, 5);
  int days = 0;
  const bool days_ok = parse_days(f.terms_days, &days);
  static const std::string kDaysError = "nombre de jours attendu (ex. : 30)";
  if (!days_ok) forms::field_error(kDaysError);
  else c.terms.days = days;
  int method = static_cast<int>(c.terms.method);
  if (forms::choice("Mode de calcul de l’échéance##client", &method,
                   {"Jours nets après la facture", "Jours puis fin de mois", "Fin de mois puis jours"}, 16))
    c.terms.method = static_cast<TermsMethod>(method);
  if (days_ok) {
    forms::label_value("Échéance :", describe_terms(c.terms));
    for (const std::string& w : terms_warnings(c.terms, c.kind, jurisdiction_for(l, c),
                                               business ? c.public_buyer : PublicBuyer::none))
      forms::warning_text(w);
  }
  err.show_under({"client.terms"});

  // The dunning chain: the default for the kind, or one of the ledger's.
  std::vector<std::string> chains{"Par défaut (" + std::string(business ? "professionnels" : "particuliers") + ")"};
  int chain_index = 0;
  for (std::size_t i = 0; i < l.chains.size(); ++i) {
    chains.push_back(l.chains[i].name);
    if (l.chains[i].id == c.chain_id) chain_index = static_cast<int>(i) + 1;
  }
  if (forms::choice("Scénario de relance##client", &chain_index, chains, 16))
    c.chain_id = chain_index == 0 ? std::string() : l.chains[static_cast<std::size_t>(chain_index - 1)].id;
  err.show_under({"client.chain_id"});

  forms::text_area("Notes##client", &c.notes, 3);
  ui::checkbox("Ne pas relancer ce client##client", &c.do_not_chase);
  ui::checkbox("Mauvais payeur##client", &c.bad_payer);

  ImGui::Spacing();
  const std::string save = std::string(submit_label) + "##client";
  const forms::Action action = forms::save_cancel(save.c_str(), cancellable ? "Annuler##client" : nullptr, err, "Erreur##client");
  if (action == forms::Action::cancel) f.open = false;
  if (action == forms::Action::save) {
    err.clear();  // what this save finds, nothing older
    if (trim(c.name).empty()) {
      err.set("client.name", "le nom est obligatoire");
    } else if (email_bad) {
      err.set("client.email", kEmailError);
    } else if (!days_ok) {
      err.set("client.terms.days", kDaysError);
    } else {
      Client to_save = c;
      to_save.name = std::string(trim(c.name));
      to_save.email = std::string(trim(c.email));
      if (to_save.kind != ClientKind::business) to_save.public_buyer = PublicBuyer::none;  // businesses only
      const ClientId editing = f.editing;
      const std::string name = to_save.name;
      auto done = [&f, editing, saved](const Applied& a) {
        f.open = false;
        if (saved) saved(editing ? editing : a.client);
      };
      if (editing) forms::submit(app, cmd::UpdateClient{to_save}, &err, "Fiche client enregistrée : " + name, done);
      else forms::submit(app, cmd::AddClient{to_save}, &err, "Client ajouté : " + name, done);
    }
  }
}

}  // namespace relance::clients
