#include "web/invoices_form.h"

#include <algorithm>

#include "core/terms.h"
#include "core/text.h"
#include "imgui_internal.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/semantics.h"
#include "web/ui.h"

namespace relance::invoices {

Cents vat_for(Cents ht, int rate_bp) { return round_div(static_cast<__int128>(ht) * rate_bp, 10000); }

void start_new(InvoiceDraftForm& f, ClientId client, Date today, bool record) {
  f = InvoiceDraftForm{};
  f.open = true;
  f.origin = record ? 0 : 1;
  f.client = client;
  f.issue_date = to_fr(today);
}

void start_edit(InvoiceDraftForm& f, const Invoice& inv) {
  f = InvoiceDraftForm{};
  f.open = true;
  f.editing = inv.id;
  f.client = inv.client;
  f.kind = inv.kind == InvoiceKind::proforma ? 1 : 0;
  f.label = inv.label;
  f.ht = inv.ht || inv.ttc ? format_fr_number(inv.ht ? inv.ht : inv.ttc) : std::string();
  f.issue_date = inv.issue_date.ok() ? to_fr(inv.issue_date) : std::string();
  f.vat_rate = kVatTyped;
  f.vat_amount = format_fr_number(inv.vat);
  for (int i = 0; i < kVatTyped; ++i)
    if (vat_for(inv.ht, kVatRates[i]) == inv.vat) {
      f.vat_rate = i;
      break;
    }
}

bool client_picker(const char* label, const Ledger& l, ClientId* id, std::string* search) {
  const char* end = ImGui::FindRenderedTextEnd(label);
  if (end != label) ui::text(label, end);
  const Client* current = *id ? find_client(l, *id) : nullptr;
  ImGui::PushID(label);
  ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ui::em(20)));
  semantics::next_combo(label, current ? current->name.c_str() : "Choisir un client\u2026");
  const bool open = ImGui::BeginCombo("##picker", current ? current->name.c_str() : "Choisir un client\u2026",
                                      ImGuiComboFlags_HeightLarge);
  ui::track(label);
  // The id pushed above is the parent window's: while the list is open the
  // current window is the list's, so it is popped after EndCombo.
  if (!open) ImGui::PopID();
  bool changed = false;
  if (open) {
    if (ImGui::IsWindowAppearing()) {
      search->clear();
      ImGui::SetKeyboardFocusHere();
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    ui::input_text((std::string("Rechercher##") + label).c_str(), search);
    const std::string needle = fold(*search);
    std::vector<const Client*> shown;
    for (const Client& c : l.clients)
      if (needle.empty() || fold(c.name).find(needle) != std::string::npos) shown.push_back(&c);
    std::sort(shown.begin(), shown.end(), [](const Client* a, const Client* b) { return a->name < b->name; });
    if (shown.empty()) ui::text_disabled("Aucun client ne correspond.");
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const Client& c = *shown[static_cast<std::size_t>(i)];
        if (ui::selectable((c.name + "##pick-" + std::to_string(c.id)).c_str(), c.id == *id)) {
          *id = c.id;
          changed = true;
        }
      }
    ImGui::EndCombo();
    ImGui::PopID();
  }
  return changed;
}

void draw_draft_form(App& app, InvoiceDraftForm& f, std::function<void(InvoiceId)> saved, bool cancellable) {
  const Ledger& l = app.ws.ledger();
  forms::Errors& err = f.error;
  const Invoice* editing = f.editing ? find_invoice(l, f.editing) : nullptr;

  if (!editing) {
    forms::radio_row("##origine", &f.origin, {"J\u2019ai d\u00e9j\u00e0 \u00e9mis cette facture", "Cr\u00e9er la facture dans Relance"});
    ui::note(f.origin == 0 ? "Une facture faite ailleurs (logiciel, carnet, Excel) : elle garde son num\u00e9ro et ses dates."
                           : "Un brouillon ou un pro forma : la facture re\u00e7oit le num\u00e9ro suivant quand vous l\u2019\u00e9mettez.");
  }
  const bool record = !editing && f.origin == 0;
  client_picker("Client##facture", l, &f.client, &f.client_search);
  err.show_under({"invoice.client"});
  if (record) {
    forms::text_field("Num\u00e9ro de la facture##facture", &f.number, err, "invoice.number", 12);
  } else if (!editing) {
    ui::text("Document");
    if (ui::radio("Facture (brouillon)##type", f.kind == 0)) f.kind = 0;
    ui::track("Facture (brouillon)##type");
    ImGui::SameLine();
    if (ui::radio("Pro forma##type", f.kind == 1)) f.kind = 1;
    ui::track("Pro forma##type");
  }
  ui::field("Libellé (ce qui a été vendu)##facture", &f.label, 30);
  err.show_under({"invoice.label"});
  const forms::AmountInput ht = forms::amount_field("Montant HT##facture", &f.ht);
  err.show_under({"invoice.ht"});
  std::vector<std::string> rates{"20 %", "10 %", "5,5 %", "2,1 %", "0 % (pas de TVA)", "Autre montant"};
  forms::choice("TVA##facture", &f.vat_rate, rates, 10);
  forms::AmountInput vat_typed;
  if (f.vat_rate == kVatTyped) {
    vat_typed = forms::amount_field("Montant de la TVA##facture", &f.vat_amount);
  }
  err.show_under({"invoice.vat"});
  std::optional<Cents> vat;
  if (f.vat_rate == kVatTyped) vat = vat_typed.empty ? Cents(0) : vat_typed.value;
  else if (ht.value) vat = vat_for(*ht.value, kVatRates[f.vat_rate]);
  if (ht.value && vat) {
    forms::label_value("Montant TTC :", forms::eur(*ht.value + *vat));
    ui::track("Montant TTC##calcul");
    if (f.vat_rate != kVatTyped) forms::label_value("dont TVA :", forms::eur(*vat));
  }
  err.show_under({"invoice.ttc"});
  forms::DateInput date, due;
  if (record) {
    date = forms::date_field("Date de la facture##facture", &f.issue_date);
    err.show_under({"invoice.issue_date", "date"});
    due = forms::date_field("\u00c9ch\u00e9ance##facture", &f.due_date);
    if (due.empty) ui::note("Vide : selon le d\u00e9lai de paiement du client.");
    err.show_under({"invoice.due_date"});
  } else if (f.kind == 1) {
    date = forms::date_field("Date du pro forma##facture", &f.issue_date);
    err.show_under({"invoice.issue_date", "date"});
  }
  ImGui::Spacing();
  const char* submit = record ? "Enregistrer la facture##facture" : f.kind == 1 ? (editing ? "Enregistrer le pro forma##facture" : "Créer le pro forma##facture")
                                   : "Enregistrer le brouillon##facture";
  const forms::Action action = forms::save_cancel(submit, cancellable ? "Annuler##facture" : nullptr, err, "Erreur##facture");
  if (action == forms::Action::cancel) f.open = false;
  if (action == forms::Action::save) {
    err.clear();  // what this save finds, nothing older
    if (!f.client) err.set("invoice.client", "choisissez le client");
    else if (record && trim(f.number).empty()) err.set("invoice.number", "indiquez le num\u00e9ro de la facture");
    else if (ht.empty) err.set("invoice.ht", "indiquez le montant HT");
    else if (!ht.value) err.set("invoice.ht", ht.error);
    else if (!vat) err.set("invoice.vat", vat_typed.error.empty() ? "montant de TVA invalide" : vat_typed.error);
    else if ((record || f.kind == 1) && !date.value)
      err.set("invoice.issue_date", date.empty ? "indiquez la date" : date.error);
    else if (record && !due.empty && !due.value) err.set("invoice.due_date", due.error);
    else {
      Invoice inv = editing ? *editing : Invoice{};
      inv.client = f.client;
      if (!editing) {
        inv.kind = f.kind == 1 ? InvoiceKind::proforma : InvoiceKind::invoice;
        inv.state = Lifecycle::draft;
      }
      inv.label = f.label;
      inv.ht = *ht.value;
      inv.vat = *vat;
      inv.ttc = inv.ht + inv.vat;
      if (f.kind == 1 || record) inv.issue_date = *date.value;
      if (record) {
        inv.kind = InvoiceKind::invoice;
        inv.state = Lifecycle::issued;
        inv.number = std::string(trim(f.number));
        const Client* client = find_client(l, f.client);
        inv.due_date = due.value ? *due.value : client ? due_date_for(client->terms, inv.issue_date) : inv.issue_date;
      }
      const InvoiceId editing_id = f.editing;
      auto done = [&f, editing_id, saved](const Applied& a) {
        f.open = false;
        if (saved) saved(editing_id ? editing_id : a.invoice);
      };
      if (record) {
        forms::submit(app, cmd::AddInvoice{inv}, &err, "Facture " + inv.number + " enregistr\u00e9e.", done);
      } else if (editing) {
        forms::submit(app, cmd::UpdateDraft{inv}, &err, "Brouillon enregistré.", done);
      } else {
        const std::string what = f.kind == 1 ? "Pro forma créé" : "Brouillon de facture créé";
        forms::submit(app, cmd::AddInvoice{inv}, &err, what + " : émettez-le quand il est prêt.", done);
      }
    }
  }
}

}  // namespace relance::invoices
