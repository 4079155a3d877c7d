#include "web/today_start.h"

#include "core/sample.h"
#include "core/text.h"
#include "web/app.h"
#include "web/clients_form.h"
#include "web/company_checks.h"
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
  ui::text_wrapped("Relance vous dit chaque matin quelles factures relancer, prépare les e-mails, SMS et lettres "
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

// The company with blanks around each field removed; the SIREN is the first
// nine digits of the SIRET when it is not known.
Company cleaned(const Company& c) {
  Company out = c;
  for (std::string* s : {&out.name, &out.legal_form, &out.address.line1, &out.address.postcode, &out.address.city,
                         &out.siret, &out.email, &out.phone, &out.iban, &out.bic, &out.signatory})
    *s = std::string(trim(*s));
  const std::string digits = identifier_digits(out.siret);
  if (digits.size() == 14 && trim(out.siren).empty()) out.siren = digits.substr(0, 9);
  return out;
}

void company_step(TodayUi& t, App& app) {
  if (!t.company_loaded) {
    t.company = app.ws.ledger().company;
    t.company_loaded = true;
  }
  Company& c = t.company;
  forms::Errors& err = t.company_error;
  // The rules of Paramètres: what blocks is refused under its field, what
  // letters need but is missing is said under it without blocking.
  const Company now = cleaned(c);
  const Company stored = cleaned(app.ws.ledger().company);
  const std::vector<FieldIssue> issues = check_company_profile(now);
  auto advice = [&](std::string_view field) {
    company_checks::show_advice(issues, now, stored, err, "company.", field);
  };
  ui::heading("1. Votre entreprise");
  ui::note("Ces informations figurent sur vos lettres de relance et vos mises en demeure.");
  forms::text_field("Nom de l\u2019entreprise##entreprise", &c.name, err, "company.name");
  ui::field("Forme juridique (EI, SARL, SAS\u2026)##entreprise", &c.legal_form, 10);
  ui::field("Adresse##entreprise", &c.address.line1);
  ui::next_keyboard(ui::Keyboard::postcode);
  ui::field("Code postal##entreprise", &c.address.postcode, 6);
  ui::field("Ville##entreprise", &c.address.city, 16);
  advice("address");
  forms::text_field("SIRET##entreprise", &c.siret, err, "company.siret", 12);
  err.show("company.siren");
  advice("siret");
  ui::next_keyboard(ui::Keyboard::email);
  forms::text_field("E-mail##entreprise", &c.email, err, "company.email");
  ui::next_keyboard(ui::Keyboard::tel);
  ui::field("T\u00e9l\u00e9phone##entreprise", &c.phone, 14);
  forms::text_field("IBAN##entreprise", &c.iban, err, "company.iban", 24);
  advice("iban");
  forms::text_field("BIC##entreprise", &c.bic, err, "company.bic", 10);
  forms::text_field("Signataire des lettres (nom, fonction)##entreprise", &c.signatory, err, "company.signatory");
  advice("signatory");
  if (forms::save_cancel("Enregistrer et continuer##entreprise", nullptr, err, "Erreur##entreprise") ==
      forms::Action::save) {
    err.clear();
    if (trim(c.name).empty()) err.set("company.name", "indiquez le nom de votre entreprise");
    else if (company_checks::check_for_save(now, stored, err, "company."))
      forms::submit(app, cmd::SetCompany{now}, &err, "Entreprise enregistr\u00e9e.");
  }
}

void draw_guide(TodayUi& t, App& app) {
  const Ledger& l = app.ws.ledger();
  const int step = trim(l.company.name).empty() ? 1 : l.clients.empty() ? 2 : 3;
  ui::text_disabled("Pour commencer \u2014 étape %d sur 3", step);
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
    ui::note("Une facture que ce client vous doit. D\u00e9j\u00e0 faite ailleurs : enregistrez-la avec son num\u00e9ro et "
             "ses dates. Sinon, cr\u00e9ez-la dans Relance : un brouillon que vous \u00e9mettrez depuis « Factures ».");
    InvoiceDraftForm& f = t.guide_invoice;
    if (!f.open || f.editing != 0)
      invoices::start_new(f, l.clients.size() == 1 ? l.clients[0].id : 0, app.today_date(), true);
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
