// [SECTION] Contents
// - Cache of what the detail derives (penalties, credit notes, history)
// - Action forms: issue, payment, credit note, dispute, promise, plan, pause, write-off
// - Sections: amounts, payments, credit notes, disputes, promises, plan, penalties, history
// - draw_detail
#include "web/invoices_detail.h"

#include <algorithm>

#include "core/dunning.h"
#include "core/penalties.h"
#include "core/terms.h"
#include "core/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/invoices_form.h"
#include "web/ui.h"

namespace relance::invoices {

using forms::Errors;

namespace {

// [SECTION] Cache -------------------------------------------------------------

void refresh_cache(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceDetailCache& c = s.detail;
  const Date today = app.today_date();
  if (c.revision == app.ws.revision() && c.today == today && c.id == inv.id) return;
  const Ledger& l = app.ws.ledger();
  c = InvoiceDetailCache{};
  c.revision = app.ws.revision();
  c.today = today;
  c.id = inv.id;
  c.penalties = invoice_penalties(l, inv, today);
  for (std::size_t i = 0; i < l.invoices.size(); ++i)
    if (l.invoices[i].kind == InvoiceKind::credit_note && l.invoices[i].credits == inv.id) c.credit_notes.push_back(i);
  for (std::size_t i = 0; i < l.history.size(); ++i) {
    const auto& ids = l.history[i].invoices;
    if (std::find(ids.begin(), ids.end(), inv.id) != ids.end()) c.history.push_back(i);
  }
  c.not_chased = inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued ? not_chased_reason(l, inv, today)
                                                                                      : std::string();
  if (auto n = next_step(l, inv, today); n && n->chain && n->step >= 0 &&
                                         n->step < static_cast<int>(n->chain->steps.size())) {
    const Step& step = n->chain->steps[static_cast<std::size_t>(n->step)];
    // « Appel », not « Appel (Appel) »: the channel only when the name does not say it.
    const std::string channel = label_fr(step.channel);
    c.next_step = (step.name == channel ? step.name : step.name + " (" + channel + ")") + ", " +
                  (n->planned <= today ? std::string("à faire depuis le ") : std::string("prévue le ")) +
                  to_fr(n->planned);
    if (n->promise_broken) c.next_step += " \u2014 promesse non tenue";
  }
}

std::string doc_title(const Invoice& inv) {
  switch (inv.kind) {
    case InvoiceKind::credit_note: return "Avoir " + inv.number;
    case InvoiceKind::proforma: return inv.number.empty() ? "Pro forma" : "Pro forma " + inv.number;
    case InvoiceKind::invoice: break;
  }
  return inv.number.empty() ? "Brouillon de facture n\u00b0" + std::to_string(inv.id) : "Facture " + inv.number;
}

ImVec4 status_color(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::paid: return ImVec4(0.82f, 0.94f, 0.85f, 1);
    case InvoiceStatus::disputed: return ImVec4(0.99f, 0.88f, 0.75f, 1);
    case InvoiceStatus::cancelled:
    case InvoiceStatus::written_off: return ImVec4(0.90f, 0.90f, 0.90f, 1);
    case InvoiceStatus::draft:
    case InvoiceStatus::proforma: return ImVec4(0.92f, 0.92f, 0.98f, 1);
    default: break;
  }
  return ImVec4(0.86f, 0.91f, 0.99f, 1);
}

// [SECTION] Action forms -------------------------------------------------------

void open_action(InvoicesUi& s, App& app, const Invoice& inv, InvoiceAction a) {
  InvoiceActionForm& f = s.action;
  if (f.action == a && f.invoice == inv.id) {
    f.action = InvoiceAction::none;  // the same button closes it
    return;
  }
  const Ledger& l = app.ws.ledger();
  const Date today = app.today_date();
  f = InvoiceActionForm{};
  f.action = a;
  f.invoice = inv.id;
  f.date = to_fr(today);
  const Cents owed = balance(l, inv);
  if (owed > 0) f.amount = format_fr_number(owed);
  if (a == InvoiceAction::issue) {
    const Client* c = find_client(l, inv.client);
    if (c) f.date2 = to_fr(due_date_for(c->terms, today));
  }
  if (a == InvoiceAction::promise) {
    f.date2 = to_fr(today + 7);
    f.amount.clear();
  }
  if (a == InvoiceAction::plan) {
    f.date2 = to_fr(add_months(today, 1));
    for (const Instalment& i : inv.plan) f.plan.push_back({to_fr(i.due), format_fr_number(i.amount)});
    if (!inv.plan.empty()) f.count = std::to_string(inv.plan.size());
  }
}

void close_action(InvoicesUi& s) { s.action.action = InvoiceAction::none; }

void issue_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  const Ledger& l = app.ws.ledger();
  const Client* client = find_client(l, inv.client);
  forms::DateInput issue = forms::date_field("Date de facture##emettre", &f.date);
  f.error.show_under({"date d'émission", "date", "invoice.issue_date"});
  // The due date follows the client's terms until the user types one.
  if (!f.due_edited && issue.value && client) f.date2 = to_fr(due_date_for(client->terms, *issue.value));
  const std::string before = f.date2;
  forms::DateInput due = forms::date_field("Échéance##emettre", &f.date2);
  if (f.date2 != before) f.due_edited = true;
  if (client) ui::text_disabled("Délai du client : %s", describe_terms(client->terms).c_str());
  f.error.show_under({"invoice.due_date"});

  // What the core would say, computed again only when the dates change.
  const std::string key = std::to_string(app.ws.revision()) + "|" + f.date + "|" + f.date2;
  if (key != f.checked_key && issue.value) {
    f.checked_key = key;
    auto r = check(l, cmd::IssueInvoice{inv.id, *issue.value, due.value.value_or(Date())});
    f.number_preview = r ? r->number : std::string();
    f.warnings_preview = r ? r->warnings : std::vector<std::string>{};
    f.error_preview = r ? std::string() : forms::capitalized(r.error().what);
  }
  if (issue.value) {
    if (!f.number_preview.empty()) forms::label_value("Numéro qui sera attribué :", f.number_preview);
    for (const std::string& w : f.warnings_preview) forms::warning_text("Attention : " + w);
    if (!f.error_preview.empty() && f.error.empty()) forms::error_text(f.error_preview);
  }
  if (ui::button("Émettre la facture##emettre")) {
    if (!issue.value) f.error.set("date d'émission", issue.empty ? "indiquez la date de la facture" : issue.error);
    else if (!due.empty && !due.value) f.error.set("invoice.due_date", due.error);
    else
      forms::submit(app, cmd::IssueInvoice{inv.id, *issue.value, due.value.value_or(Date())}, &f.error,
                    "Facture émise.", [&s, &app](const Applied& a) {
                      app.notify("Facture " + a.number + " émise.", false, a.warnings);
                      close_action(s);
                    });
  }
}

void payment_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  const Cents owed = balance(app.ws.ledger(), inv);
  forms::DateInput date = forms::date_field("Date du paiement##paiement", &f.date);
  f.error.show_under({"payment.date"});
  forms::AmountInput amount = forms::amount_field("Montant reçu##paiement", &f.amount);
  if (amount.value && *amount.value > owed)
    forms::error_text("Le montant dépasse le reste dû (" + forms::eur(owed) + ").");
  else if (amount.value && *amount.value <= 0)
    forms::error_text("Le montant doit être positif.");
  f.error.show_under({"payment.amount"});
  std::vector<std::string> methods;
  for (PaymentMethod m : {PaymentMethod::transfer, PaymentMethod::cheque, PaymentMethod::card, PaymentMethod::cash,
                          PaymentMethod::direct_debit, PaymentMethod::other})
    methods.push_back(label_fr(m));
  forms::choice("Mode de paiement##paiement", &f.method, methods, 10);
  ui::field("Référence (facultatif)##paiement", &f.reference, 16);
  ui::checkbox("Acompte (versé avant la date de la facture)##paiement", &f.deposit);
  if (ui::button("Enregistrer le paiement##paiement")) {
    if (!date.value) f.error.set("payment.date", date.empty ? "indiquez la date du paiement" : date.error);
    else if (!amount.value) f.error.set("payment.amount", amount.empty ? "indiquez le montant reçu" : amount.error);
    else {
      Payment p;
      p.date = *date.value;
      p.amount = *amount.value;
      p.method = static_cast<PaymentMethod>(f.method);
      p.reference = std::string(trim(f.reference));
      p.deposit = f.deposit;
      const bool settles = p.amount >= owed;
      forms::submit(app, cmd::RecordPayment{inv.id, p}, &f.error,
                    "Paiement de " + forms::eur(p.amount) + " enregistré" +
                        (settles ? " : la facture est payée." : " : reste dû " + forms::eur(owed - p.amount) + "."),
                    [&s](const Applied&) { close_action(s); });
    }
  }
}

void credit_note_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  const Cents owed = balance(app.ws.ledger(), inv);
  ui::note("Un avoir annule tout ou partie de la facture (elle n’est jamais supprimée). Pour le reste dû entier, "
           "la facture est annulée.");
  forms::DateInput date = forms::date_field("Date de l’avoir##avoir", &f.date);
  f.error.show_under({"date de l'avoir", "date"});
  forms::AmountInput amount = forms::amount_field("Montant de l’avoir (TTC)##avoir", &f.amount);
  if (amount.value && *amount.value > owed)
    forms::error_text("L’avoir dépasse le reste dû (" + forms::eur(owed) + ").");
  else if (amount.value && *amount.value == owed)
    forms::warning_text("Avoir du reste dû entier : la facture sera annulée.");
  f.error.show_under({"montant de l'avoir"});
  ui::field("Motif##avoir", &f.reason, 30);
  f.error.show_under({"motif"});
  if (ui::button("Émettre l’avoir##avoir")) {
    if (!date.value) f.error.set("date de l'avoir", date.empty ? "indiquez la date" : date.error);
    else if (!amount.value) f.error.set("montant de l'avoir", amount.empty ? "indiquez le montant" : amount.error);
    else if (trim(f.reason).empty()) f.error.set("motif", "indiquez le motif de l’avoir");
    else
      forms::submit(app, cmd::IssueCreditNote{inv.id, *date.value, *amount.value, std::string(trim(f.reason))},
                    &f.error, "Avoir émis.", [&s, &app](const Applied& a) {
                      app.notify("Avoir " + a.number + " émis.", false, a.warnings);
                      close_action(s);
                    });
  }
}

void dispute_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  forms::DateInput date = forms::date_field("Date##litige", &f.date);
  f.error.show_under({"date"});
  if (has_open_dispute(inv)) {
    ui::text_wrapped("Contestation ouverte le %s : %s", to_fr(inv.disputes.back().opened).c_str(),
                       inv.disputes.back().reason.c_str());
    if (ui::button("Clore la contestation##litige")) {
      if (!date.value) f.error.set("date", date.empty ? "indiquez la date" : date.error);
      else
        forms::submit(app, cmd::CloseDispute{inv.id, *date.value}, &f.error,
                      "Contestation close : les relances reprennent.", [&s](const Applied&) { close_action(s); });
    }
    return;
  }
  ui::note("Tant qu’une contestation est ouverte, la facture n’est pas relancée.");
  ui::field("Motif de la contestation##litige", &f.reason, 30);
  f.error.show_under({"motif"});
  if (ui::button("Ouvrir la contestation##litige")) {
    if (!date.value) f.error.set("date", date.empty ? "indiquez la date" : date.error);
    else if (trim(f.reason).empty()) f.error.set("motif", "indiquez le motif de la contestation");
    else
      forms::submit(app, cmd::OpenDispute{inv.id, *date.value, std::string(trim(f.reason))}, &f.error,
                    "Contestation ouverte : relances suspendues.", [&s](const Applied&) { close_action(s); });
  }
}

void promise_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  forms::DateInput made = forms::date_field("Date de la promesse##promesse", &f.date);
  forms::DateInput when = forms::date_field("Paiement promis pour le##promesse", &f.date2);
  f.error.show_under({"promise.promised_for", "promise"});
  forms::AmountInput amount = forms::amount_field("Montant promis (vide : tout le reste dû)##promesse", &f.amount);
  ui::field("Note##promesse", &f.note, 30);
  ui::checkbox("Le client reconnaît sa dette par écrit##promesse", &f.acknowledges);
  if (f.acknowledges) ui::note("Une reconnaissance de dette écrite relance le délai de prescription (Code civil, art. 2240).");
  if (ui::button("Enregistrer la promesse##promesse")) {
    if (!made.value) f.error.set("promise", made.empty ? "indiquez la date de la promesse" : made.error);
    else if (!when.value) f.error.set("promise.promised_for", when.empty ? "indiquez la date promise" : when.error);
    else if (!amount.empty && !amount.value) f.error.set("promise", amount.error);
    else {
      Promise p;
      p.made_on = *made.value;
      p.promised_for = *when.value;
      p.amount = amount.value.value_or(0);
      p.note = std::string(trim(f.note));
      p.acknowledges_debt = f.acknowledges;
      forms::submit(app, cmd::AddPromise{inv.id, p}, &f.error,
                    "Promesse enregistrée : pas de relance jusqu’au " + to_fr(p.promised_for) + ".",
                    [&s](const Applied&) { close_action(s); });
    }
  }
}

void plan_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  const Cents owed = balance(app.ws.ledger(), inv);
  ui::note("Les échéances remplacent la date d’échéance unique ; elles doivent totaliser le reste dû (" +
           forms::eur(owed) + ").");
  ui::field("Nombre d’échéances##plan", &f.count, 4);
  forms::DateInput first = forms::date_field("Première échéance##plan", &f.date2);
  int n = 0;
  for (char ch : std::string(trim(f.count)))
    n = (ch >= '0' && ch <= '9' && n < 100) ? n * 10 + (ch - '0') : -1000;
  if (n < 1 || n > 60) forms::error_text("Entre 1 et 60 échéances.");
  if (ui::button("Répartir également##plan") && n >= 1 && n <= 60 && first.value) {
    // Even split, the cents left over on the first instalment, monthly dates.
    f.plan.clear();
    const Cents part = owed / n, rest = owed - part * n;
    for (int i = 0; i < n; ++i)
      f.plan.push_back({to_fr(add_months(*first.value, i)), format_fr_number(part + (i == 0 ? rest : 0))});
  }
  Cents sum = 0;
  bool all_ok = !f.plan.empty();
  std::vector<Instalment> plan;
  if (!f.plan.empty() && ImGui::BeginTable("##plan", 3, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH)) {
    for (std::size_t i = 0; i < f.plan.size(); ++i) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::AlignTextToFramePadding();
      ui::textf("%zu.", i + 1);
      ImGui::TableSetColumnIndex(1);
      const std::string n_label = std::to_string(i + 1);
      ImGui::SetNextItemWidth(ui::em(6));
      ui::input_text(("##plan-date-" + n_label).c_str(), &f.plan[i].due);
      ImGui::TableSetColumnIndex(2);
      ImGui::SetNextItemWidth(ui::em(6));
      ui::input_text(("##plan-montant-" + n_label).c_str(), &f.plan[i].amount);
      auto d = forms::parse_date_fr(f.plan[i].due);
      auto a = forms::parse_amount_fr(f.plan[i].amount);
      if (!d.value || !a.value) all_ok = false;
      else {
        plan.push_back({*d.value, *a.value});
        sum += *a.value;
      }
    }
    ImGui::EndTable();
  }
  if (!f.plan.empty()) {
    if (!all_ok) forms::error_text("Chaque échéance demande une date (jj/mm/aaaa) et un montant.");
    else if (sum != owed)
      forms::error_text("Total des échéances : " + forms::eur(sum) + " pour un reste dû de " + forms::eur(owed) + ".");
    else forms::label_value("Total :", forms::eur(sum) + " (égal au reste dû)");
  }
  f.error.show_under({"plan"});
  if (!f.plan.empty() && ui::button("Enregistrer l’échéancier##plan")) {
    if (!all_ok) f.error.set("plan", "chaque échéance demande une date et un montant");
    else
      forms::submit(app, cmd::SetPlan{inv.id, plan}, &f.error,
                    "Échéancier enregistré (" + std::to_string(plan.size()) + " échéances).",
                    [&s](const Applied&) { close_action(s); });
  }
  if (!inv.plan.empty()) {
    ui::same_line_if_fits("Supprimer l’échéancier##plan");
    if (ui::button("Supprimer l’échéancier##plan"))
      forms::submit(app, cmd::SetPlan{inv.id, {}}, &f.error, "Échéancier supprimé.",
                    [&s](const Applied&) { close_action(s); });
  }
}

void pause_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  if (inv.paused) {
    if (ui::button("Reprendre les relances##pause"))
      forms::submit(app, cmd::SetPaused{inv.id, false, ""}, &f.error, "Relances reprises.",
                    [&s](const Applied&) { close_action(s); });
    return;
  }
  ui::field("Motif (facultatif)##pause", &f.reason, 30);
  if (ui::button("Suspendre les relances##pause"))
    forms::submit(app, cmd::SetPaused{inv.id, true, std::string(trim(f.reason))}, &f.error, "Relances suspendues.",
                  [&s](const Applied&) { close_action(s); });
}

void write_off_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  ui::note("La facture reste dans vos comptes et dans l’historique, mais elle n’est plus relancée ni comptée dans "
           "les encours.");
  forms::DateInput date = forms::date_field("Date##perte", &f.date);
  f.error.show_under({"date"});
  ui::field("Motif##perte", &f.reason, 30);
  f.error.show_under({"motif"});
  if (ui::button("Passer en perte##perte")) {
    if (!date.value) f.error.set("date", date.empty ? "indiquez la date" : date.error);
    else
      forms::submit(app, cmd::WriteOff{inv.id, *date.value, std::string(trim(f.reason))}, &f.error,
                    "Facture passée en perte.", [&s](const Applied&) { close_action(s); });
  }
}

void delete_form(InvoicesUi& s, App& app, const Invoice& inv) {
  InvoiceActionForm& f = s.action;
  ui::text_wrapped("Supprimer définitivement ce brouillon ? Il n’a pas encore de numéro : rien ne manquera dans "
                     "la numérotation.");
  if (ui::button("Oui, supprimer le brouillon##suppr")) {
    const InvoiceId id = inv.id;
    forms::submit(app, cmd::DeleteDraft{id}, &f.error, "Brouillon supprimé.", [&s](const Applied&) {
      close_action(s);
      s.selected = 0;
    });
  }
  ui::same_line_if_fits("Non##suppr");
  if (ui::button("Non##suppr")) close_action(s);
}

// Toggles a form; drawn selected while open.
bool action_button(InvoicesUi& s, App& app, const Invoice& inv, const char* label, InvoiceAction a) {
  const InvoiceActionForm& f = s.action;
  const bool open = f.action == a && f.invoice == inv.id;
  ui::same_line_if_fits(label);
  const bool pressed = ui::tab_button(label, open);
  if (pressed) open_action(s, app, inv, a);
  return pressed;
}

void draw_actions(InvoicesUi& s, App& app, const Invoice& inv) {
  const Ledger& l = app.ws.ledger();
  const bool draft = inv.state == Lifecycle::draft && inv.kind != InvoiceKind::credit_note;
  const bool open = inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued && balance(l, inv) > 0;
  ImGui::NewLine();
  if (draft) {
    action_button(s, app, inv, "Émettre la facture##action", InvoiceAction::issue);
    ui::same_line_if_fits("Modifier##action");
    if (ui::button("Modifier##action")) {
      start_edit(s.draft, inv);
      close_action(s);
    }
    if (inv.number.empty()) action_button(s, app, inv, "Supprimer le brouillon##action", InvoiceAction::delete_draft);
  }
  if (open) {
    action_button(s, app, inv, "Enregistrer un paiement##action", InvoiceAction::payment);
    action_button(s, app, inv, "Promesse de paiement##action", InvoiceAction::promise);
    action_button(s, app, inv, "Échéancier##action", InvoiceAction::plan);
    action_button(s, app, inv, has_open_dispute(inv) ? "Clore la contestation##action" : "Contestation##action",
                  InvoiceAction::dispute);
    action_button(s, app, inv, inv.paused ? "Reprendre les relances##action" : "Suspendre les relances##action",
                  InvoiceAction::pause);
    action_button(s, app, inv, "Émettre un avoir##action", InvoiceAction::credit_note);
    action_button(s, app, inv, "Passer en perte##action", InvoiceAction::write_off);
  }
  InvoiceActionForm& f = s.action;
  if (f.invoice != inv.id || f.action == InvoiceAction::none) return;
  ImGui::Spacing();
  forms::begin_card("##action-form");
  switch (f.action) {
    case InvoiceAction::issue: issue_form(s, app, inv); break;
    case InvoiceAction::payment: payment_form(s, app, inv); break;
    case InvoiceAction::credit_note: credit_note_form(s, app, inv); break;
    case InvoiceAction::dispute: dispute_form(s, app, inv); break;
    case InvoiceAction::promise: promise_form(s, app, inv); break;
    case InvoiceAction::plan: plan_form(s, app, inv); break;
    case InvoiceAction::pause: pause_form(s, app, inv); break;
    case InvoiceAction::write_off: write_off_form(s, app, inv); break;
    case InvoiceAction::delete_draft: delete_form(s, app, inv); break;
    case InvoiceAction::none: break;
  }
  f.error.summary("Erreur##action");
  forms::end_card();
}

// [SECTION] Sections ---------------------------------------------------------------

void amounts_table(const std::vector<std::pair<std::string, std::string>>& rows, const char* id) {
  if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingFixedFit)) return;
  for (const auto& [k, v] : rows) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ui::text_disabled("%s", k.c_str());
    ImGui::TableSetColumnIndex(1);
    ui::text(v.c_str());
  }
  ImGui::EndTable();
}

const char* public_buyer_fr(PublicBuyer b) {
  switch (b) {
    case PublicBuyer::state: return "\u00c9tat";
    case PublicBuyer::local_authority: return "collectivit\u00e9 territoriale";
    case PublicBuyer::hospital: return "\u00e9tablissement public de sant\u00e9";
    case PublicBuyer::none: break;
  }
  return "";
}

// What the figures rest on: the law pack, the rate (reference + margin, the
// public buyers' own margin, the contract's rate) and the payment-term cap.
std::string penalty_basis(const Ledger& l, const Invoice& inv, const Client* client, const Jurisdiction& j) {
  const bool consumer = client && client->kind == ClientKind::consumer;
  const std::string ref = j.reference.short_name.empty() ? j.reference.name : j.reference.short_name;
  std::string text;
  if (consumer) {
    text = j.consumer_margin ? ref + " + " + format_rate_number_fr(*j.consumer_margin) + " points"
                             : (j.legal_rate.short_name.empty() ? j.legal_rate.name : j.legal_rate.short_name);
    text = "Taux appliqu\u00e9 : " + text + " (" + j.consumer_law + ")";
  } else if (inv.contractual_rate) {
    text = "Taux contractuel " + format_rate_fr(*inv.contractual_rate);
  } else if (client && client->public_buyer != PublicBuyer::none && j.public_buyer) {
    const PublicBuyerRule& pb = *j.public_buyer;
    const int cap = client->public_buyer == PublicBuyer::hospital ? pb.hospital_max_terms_days : pb.max_terms_days;
    text = "Acheteur public (" + std::string(public_buyer_fr(client->public_buyer)) + ") : " + ref + " + " +
           format_rate_number_fr(pb.margin) + " points (" + pb.penalty_law + "), d\u00e9lai de paiement plafonn\u00e9 \u00e0 " +
           std::to_string(cap) + " jours";
  } else {
    text = "Taux appliqu\u00e9 : " + ref + " + " + format_rate_number_fr(j.b2b_margin) + " points (" + j.penalty_law + ")";
  }
  if (j.id != jurisdiction(l).id || j.id != "fr") text += " \u2014 droit applicable : " + j.name;
  return text;
}

void penalties_section(InvoicesUi& s, App& app, const Invoice& inv, const Client* client) {
  const Penalties& p = s.detail.penalties;
  if (p.lines.empty() && p.total == 0 && p.warnings.empty()) return;
  const Ledger& l = app.ws.ledger();
  const Jurisdiction& j = client ? jurisdiction_for(l, *client) : jurisdiction(l);
  const auto money = [&j](Cents c) { return format_money(j, c); };
  const bool consumer = client && client->kind == ClientKind::consumer;
  const std::string title = std::string(consumer ? "Int\u00e9r\u00eats au taux l\u00e9gal" : "P\u00e9nalit\u00e9s de retard") + " au " +
                            to_fr(app.today_date()) + "##penalites";
  if (!ImGui::CollapsingHeader(title.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) return;
  ui::track("P\u00e9nalit\u00e9s##section");
  ImGui::PushTextWrapPos(0.0f);
  const std::string basis = penalty_basis(l, inv, client, j);
  ui::text(basis.c_str());
  ImGui::PopTextWrapPos();
  ui::track_text("Base des p\u00e9nalit\u00e9s", basis);
  // On a phone the period takes two lines and the base goes: the rate stays in view.
  const bool narrow = forms::narrow();
  if (!p.lines.empty() && ImGui::BeginTable("##penalty-lines", narrow ? 4 : 5, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg |
                                                                                   ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("P\u00e9riode");
    ImGui::TableSetupColumn("Jours");
    if (!narrow) ImGui::TableSetupColumn("Sur");
    ImGui::TableSetupColumn("Taux");
    ImGui::TableSetupColumn("Montant");
    ImGui::TableHeadersRow();
    for (const PenaltyLine& line : p.lines) {
      int col = 0;
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(col++);
      ui::textf(narrow ? "%s\n\u2013 %s" : "%s \u2013 %s", to_fr(line.from).c_str(), to_fr(line.to).c_str());
      ImGui::TableSetColumnIndex(col++);
      ui::textf("%d", line.days);
      if (!narrow) {
        ImGui::TableSetColumnIndex(col++);
        ui::text(money(line.base).c_str());
      }
      ImGui::TableSetColumnIndex(col++);
      const std::string rate = format_rate_fr(line.rate);
      ui::text(rate.c_str());
      ui::track_text("Taux " + to_fr(line.from), rate);
      ImGui::TableSetColumnIndex(col++);
      ui::text(money(line.amount).c_str());
    }
    ImGui::EndTable();
  }
  std::vector<std::pair<std::string, std::string>> rows{{consumer ? "Int\u00e9r\u00eats" : "P\u00e9nalit\u00e9s", money(p.interest)}};
  if (!consumer) rows.push_back({"Indemnit\u00e9 forfaitaire", money(p.indemnity)});
  rows.push_back({"Total exigible en plus", money(p.total)});
  amounts_table(rows, "##penalty-total");
  ui::track("Total des p\u00e9nalit\u00e9s");
  // A rate carried forward or not verified: what the letter says about it
  // (the action to take is the one notice, on Aujourd’hui and in Paramètres › Taux).
  for (const std::string& n : p.rate_notes) forms::colored_text(forms::muted_color(), "Taux : " + n + ".");
  for (const std::string& w : p.warnings)
    if (!is_rate_warning(w)) forms::warning_text(w);
}

const char* action_kind_fr(const HistoryEntry& h) {
  switch (h.kind) {
    case ActionKind::thanks: return "Remerciement";
    case ActionKind::call_note: return "Note d\u2019appel";
    case ActionKind::note: return "Note";
    case ActionKind::reminder: break;
  }
  return "Relance";
}

// « Annuler cette action » under an entry of the history, at any time (also
// after a reload): the entry is kept, marked void on the day, and its step
// comes back in the agenda. Asked twice, the second time to confirm.
void void_button(App& app, const HistoryEntry& h) {
  ImGuiStorage* st = ImGui::GetStateStorage();
  const ImGuiID asking = ImGui::GetID("##annuler-demande");
  const std::string id = std::to_string(h.id);
  if (!st->GetBool(asking)) {
    const std::string label = "Annuler cette action##historique-" + id;
    if (ui::button(label.c_str())) st->SetBool(asking, true);
    return;
  }
  forms::warning_text("L’action restera dans l’historique, marquée « annulée » ; "
                      "si c’était une relance, elle revient dans l’agenda.");
  const std::string yes = "Confirmer l’annulation##historique-" + id;
  if (ui::button(yes.c_str())) {
    st->SetBool(asking, false);
    const HistoryId hid = h.id;
    app.ws.submit(cmd::VoidAction{hid, app.today_date()}, [&app](const Result<Applied>& r) {
      if (!r) app.notify("Annulation impossible : " + r.error().what, true);
      else app.notify("Action annulée : elle reste dans l’historique, marquée comme annulée.");
    });
  }
  ui::same_line_if_fits("Ne pas annuler");
  const std::string no = "Ne pas annuler##historique-" + id;
  if (ui::button(no.c_str())) st->SetBool(asking, false);
}

}  // namespace

void history_list(App& app, const std::vector<std::size_t>& entries, const char* id) {
  const Ledger& l = app.ws.ledger();
  ImGui::PushID(id);
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const HistoryEntry& h = l.history[*it];
    std::string title = to_fr(h.date) + " \u00b7 " + action_kind_fr(h);
    if (h.kind == ActionKind::reminder) {
      if (const Chain* c = find_chain(l, h.chain_id); c && h.step >= 0 && h.step < static_cast<int>(c->steps.size()))
        title += " \u00ab " + c->steps[static_cast<std::size_t>(h.step)].name + " \u00bb";
    }
    title += std::string(" \u00b7 ") + label_fr(h.channel);
    if (h.voided) title += " \u2014 annulée le " + to_fr(h.voided_on);
    ImGui::PushID(static_cast<int>(h.id));
    if (h.voided) ImGui::PushStyleColor(ImGuiCol_Text, forms::muted_color());
    // As wide as the column: a long title is clipped at its edge, never past the screen.
    const bool open = ImGui::TreeNodeEx("##h", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", title.c_str());
    if (h.voided) ImGui::PopStyleColor();
    ui::track("Historique " + std::to_string(h.id));
    if (open) {
      if (!h.recipient.empty()) forms::label_value("À :", h.recipient);
      if (!h.subject.empty()) forms::label_value("Objet :", h.subject);
      ImGui::PushTextWrapPos(0.0f);
      if (text_loaded(h)) {
        ui::text(h.text.c_str());
        ui::track_text("Texte de l\u2019action " + std::to_string(h.id), h.text);
      } else if (const std::string problem = app.ws.text_problem(h.id); !problem.empty()) {
        forms::error_text("Texte illisible : " + problem);
      } else {
        // Kept in storage until shown: read now, drawn when it arrives.
        app.ws.want_texts({h.id});
        ui::note("Lecture du texte\u2026");
      }
      ImGui::PopTextWrapPos();
      if (!h.voided) void_button(app, h);
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  ImGui::PopID();
}

// [SECTION] draw_detail -----------------------------------------------------------------

void draw_detail(InvoicesUi& s, App& app, InvoiceId id) {
  const Ledger& l = app.ws.ledger();
  const Invoice* found = find_invoice(l, id);
  if (!found) {
    ui::note("Cette facture n’existe plus.");
    return;
  }
  const Invoice& inv = *found;
  if (s.draft.open && s.draft.editing == inv.id) {
    ui::heading("Modifier " + doc_title(inv));
    draw_draft_form(app, s.draft);
    return;
  }
  refresh_cache(s, app, inv);
  const InvoiceDetailCache& c = s.detail;
  const Client* client = find_client(l, inv.client);
  const Date today = app.today_date();
  const InvoiceStatus status = invoice_status(l, inv);
  const Cents owed = balance(l, inv);

  ImGui::PushFont(ui::fonts().bold);
  ui::text(doc_title(inv).c_str());
  ImGui::PopFont();
  ui::track("Titre##facture");
  // Chips wrap to the next line on a narrow screen rather than run off it.
  ui::same_line_if_fits(label_fr(status));
  forms::badge(label_fr(status), status_color(status));
  ui::track("Statut##facture");
  if (inv.paused) {
    ui::same_line_if_fits("Relances suspendues");
    forms::badge("Relances suspendues", ImVec4(0.93f, 0.93f, 0.93f, 1));
  }
  if (client) {
    ImGui::AlignTextToFramePadding();
    ui::text_disabled("Client :");
    ImGui::SameLine();
    if (ui::button((client->name + "##voir-client").c_str())) app.open_client(client->id);
  }
  if (!inv.label.empty()) forms::label_value("Libellé :", inv.label);
  ui::track("Libellé##detail");
  if (!inv.proforma_number.empty()) forms::label_value("Pro forma d’origine :", inv.proforma_number);
  if (inv.kind == InvoiceKind::credit_note) {
    if (const Invoice* target = find_invoice(l, inv.credits))
      forms::label_value("Avoir sur :", target->number + (inv.cancel_reason.empty() ? "" : " \u2014 " + inv.cancel_reason));
  }

  std::vector<std::pair<std::string, std::string>> rows;
  if (inv.issue_date.ok()) rows.push_back({"Date", to_fr(inv.issue_date)});
  if (inv.due_date.ok()) rows.push_back({"Échéance", to_fr(inv.due_date)});
  rows.push_back({"Montant HT", forms::eur(inv.ht)});
  rows.push_back({"TVA", forms::eur(inv.vat)});
  rows.push_back({"Montant TTC", forms::eur(inv.ttc)});
  if (inv.kind == InvoiceKind::invoice && inv.state != Lifecycle::draft) {
    if (paid_amount(inv)) rows.push_back({"Payé", forms::eur(paid_amount(inv))});
    if (inv.credited) rows.push_back({"Avoirs", forms::eur(inv.credited)});
    rows.push_back({"Reste dû", forms::eur(owed)});
    if (owed > 0) {
      const int late = days_late(l, inv, today);
      rows.push_back({"Retard", late > 0 ? forms::lateness(late) : forms::lateness(late)});
    }
    if (inv.state == Lifecycle::written_off || inv.state == Lifecycle::cancelled)
      rows.push_back({inv.state == Lifecycle::written_off ? "Passée en perte le" : "Annulée le",
                      forms::date_fr(inv.closed_on) + (inv.cancel_reason.empty() ? "" : " \u2014 " + inv.cancel_reason)});
  }
  amounts_table(rows, "##montants");
  ui::track("Montants##detail");

  if (inv.kind == InvoiceKind::invoice && inv.state == Lifecycle::issued) {
    if (!c.not_chased.empty()) forms::label_value("Relances :", "pas de relance \u2014 " + c.not_chased);
    else if (!c.next_step.empty()) forms::label_value("Prochaine relance :", c.next_step);
    else forms::label_value("Relances :", "toutes les étapes du scénario ont été faites.");
    ui::track("Relances##detail");
  }

  draw_actions(s, app, inv);
  ImGui::Spacing();

  if (!inv.payments.empty() && ImGui::CollapsingHeader("Paiements##section", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const Payment& p : inv.payments) {
      std::string line = to_fr(p.date) + " \u00b7 " + forms::eur(p.amount) + " \u00b7 " + label_fr(p.method);
      if (!p.reference.empty()) line += " \u00b7 " + p.reference;
      if (p.deposit) line += " \u00b7 acompte";
      ui::bullet_text("%s", line.c_str());
    }
  }
  if (!c.credit_notes.empty() && ImGui::CollapsingHeader("Avoirs##section", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (std::size_t i : c.credit_notes) {
      const Invoice& cn = l.invoices[i];
      std::string line = cn.number + " du " + to_fr(cn.issue_date) + " \u00b7 " + forms::eur(cn.ttc);
      if (!cn.cancel_reason.empty()) line += " \u00b7 " + cn.cancel_reason;
      ui::bullet_text("%s", line.c_str());
    }
  }
  if (!inv.disputes.empty() && ImGui::CollapsingHeader("Contestations##section", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const Dispute& d : inv.disputes) {
      std::string line = "Ouverte le " + to_fr(d.opened) + (d.closed.ok() ? ", close le " + to_fr(d.closed) : ", en cours");
      if (!d.reason.empty()) line += " \u2014 " + d.reason;
      ui::bullet_text("%s", line.c_str());
    }
  }
  if (!inv.promises.empty() && ImGui::CollapsingHeader("Promesses de paiement##section", ImGuiTreeNodeFlags_DefaultOpen)) {
    const Promise* broken = broken_promise(l, inv, today);
    for (const Promise& p : inv.promises) {
      std::string line = "Le " + to_fr(p.made_on) + " : paiement promis pour le " + to_fr(p.promised_for) + " (" +
                         (p.amount ? forms::eur(p.amount) : std::string("tout le reste dû")) + ")";
      if (p.acknowledges_debt) line += ", reconnaissance de dette";
      if (!p.note.empty()) line += " \u2014 " + p.note;
      if (&p == broken) line += " \u2014 non tenue";
      ui::bullet_text("%s", line.c_str());
    }
  }
  if (!inv.plan.empty() && ImGui::CollapsingHeader("Échéancier##section", ImGuiTreeNodeFlags_DefaultOpen)) {
    for (const Instalment& i : inv.plan)
      ui::bullet_text("%s \u00b7 %s", to_fr(i.due).c_str(), forms::eur(i.amount).c_str());
  }
  penalties_section(s, app, inv, client);
  if (!c.history.empty() &&
      ImGui::CollapsingHeader("Historique des relances##section", ImGuiTreeNodeFlags_DefaultOpen)) {
    ui::track("Historique##facture");
    history_list(app, c.history, "##historique-facture");
  }
}

}  // namespace relance::invoices
