#include "web/today_start.h"

#include "core/sample.h"
#include "core/text.h"
#include "web/app.h"
#include "web/clients_form.h"
#include "web/forms.h"
#include "web/invoices_form.h"
#include "web/ui.h"

namespace relance::today {

void load_sample(TodayUi& t, App& app) {
  auto sample = sample_ledger(app.today_date());
  if (!sample) {
    app.notify("L’exemple n’a pas pu être chargé : " + sample.error().message(), true);
    return;
  }
  t.guided = false;
  app.ws.replace(std::move(*sample), [&app](bool ok) {
    // Loaded: the sample banner says so on every screen; no second notice.
    if (!ok) app.notify("L’exemple n’a pas pu être enregistré : " + app.ws.store().status().message, true);
  });
}

namespace {

void draw_welcome(TodayUi& t, App& app) {
  forms::begin_card("##bienvenue");
  ui::heading("Bienvenue dans Relance");
  ImGui::Spacing();
  ImGui::TextWrapped("Relance vous dit chaque matin quelles factures relancer, prépare les e-mails, SMS et lettres "
                     "avec les bons montants, calcule les pénalités de retard et garde la trace de tout ce qui a "
                     "été envoyé.");
  ImGui::Spacing();
  ui::note("Vos données restent sur cet appareil, dans ce navigateur : rien n’est envoyé sur Internet.");
  ImGui::Spacing();
  if (ui::button("Découvrir avec un exemple")) load_sample(t, app);
  ui::same_line_if_fits("Commencer avec mes données");
  if (ui::button("Commencer avec mes données")) {
    t.guided = true;
    t.company_loaded = false;
  }
  ImGui::Spacing();
  ui::note("L’exemple montre une entreprise fictive avec ses clients, ses factures et ses relances ; vous pourrez "
           "ensuite repartir de zéro.");
  forms::end_card();
}

void company_step(TodayUi& t, App& app) {
  if (!t.company_loaded) {
    t.company = app.ws.ledger().company;
    t.company_loaded = true;
  }
  Company& c = t.company;
  ui::heading("1. Votre entreprise");
  ui::note("Ces informations figurent sur vos lettres de relance et vos mises en demeure.");
  ui::field("Nom de l’entreprise##entreprise", &c.name);
  t.company_error.show_under({"company.name"});
  ui::field("Forme juridique (EI, SARL, SAS…)##entreprise", &c.legal_form, 10);
  ui::field("Adresse##entreprise", &c.address.line1);
  ui::field("Code postal##entreprise", &c.address.postcode, 6);
  ui::field("Ville##entreprise", &c.address.city, 16);
  ui::field("SIRET##entreprise", &c.siret, 12);
  std::string digits;
  for (char ch : c.siret)
    if (ch >= '0' && ch <= '9') digits += ch;
  if (!trim(c.siret).empty() && digits.size() != 14) forms::warning_text("Un SIRET compte 14 chiffres.");
  ui::field("E-mail##entreprise", &c.email);
  ui::field("Téléphone##entreprise", &c.phone, 14);
  if (forms::save_cancel("Enregistrer et continuer##entreprise", nullptr, t.company_error, "Erreur##entreprise") ==
      forms::Action::save) {
    if (trim(c.name).empty()) {
      t.company_error.set("company.name", "indiquez le nom de votre entreprise");
    } else {
      Company company = c;
      company.name = std::string(trim(c.name));
      // The SIREN is the first nine digits of the SIRET.
      if (digits.size() == 14 && company.siren.empty()) company.siren = digits.substr(0, 9);
      forms::submit(app, cmd::SetCompany{company}, &t.company_error, "Entreprise enregistrée.");
    }
  }
}

void draw_guide(TodayUi& t, App& app) {
  const Ledger& l = app.ws.ledger();
  const int step = trim(l.company.name).empty() ? 1 : l.clients.empty() ? 2 : 3;
  ImGui::TextDisabled("Pour commencer \u2014 étape %d sur 3", step);
  forms::begin_card("##guide");
  if (step == 1) {
    company_step(t, app);
  } else if (step == 2) {
    ui::heading("2. Votre premier client");
    ui::note("Un client à qui vous avez envoyé une facture. Vous pourrez en ajouter d’autres dans « Clients ».");
    ClientForm& f = t.guide_client;
    if (!f.open || f.editing != 0) clients::start_new(f, l);
    clients::draw_form(app, f, {}, "Enregistrer et continuer", false);
  } else {
    ui::heading("3. Votre première facture");
    ui::note("Saisissez une facture que ce client vous doit. Elle est enregistrée comme brouillon ; vous l’émettrez "
             "ensuite depuis « Factures » (elle recevra alors son numéro).");
    InvoiceDraftForm& f = t.guide_invoice;
    if (!f.open || f.editing != 0) invoices::start_new(f, l.clients.size() == 1 ? l.clients[0].id : 0, app.today_date());
    invoices::draw_draft_form(app, f, [&t, &app](InvoiceId id) {
      t.guided = false;
      app.open_invoice(id);
    }, false);
  }
  forms::end_card();
  if (ui::button("Passer le guide")) {
    t.guided = false;
    t.guide_skipped = true;
  }
}

}  // namespace

bool draw_start(TodayUi& t, App& app) {
  const Ledger& l = app.ws.ledger();
  if (app.is_empty() && !t.guided) {
    draw_welcome(t, app);
    return true;
  }
  // The guide goes on after a reload while the first invoice is missing.
  const bool started = !trim(l.company.name).empty() && l.invoices.empty() && !app.is_sample();
  if ((t.guided || started) && !t.guide_skipped && l.invoices.empty()) {
    draw_guide(t, app);
    return true;
  }
  t.guided = false;
  return false;
}

}  // namespace relance::today
