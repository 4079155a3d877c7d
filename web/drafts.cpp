#include "web/drafts.h"

#include <nlohmann/json.hpp>

#include "core/json_io.h"

#include "core/money.h"
#include "core/record_codec.h"
#include "imgui.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/platform.h"
#include "web/ui.h"

namespace relance::drafts {

// The core's one JSON type (insertion-ordered): a second nlohmann instantiation
// (std::map) cost the app ~16 KB gzip of wasm.
using json = relance::Json;

namespace {

// The sessionStorage keys (platform::keep_draft adds its prefix).
constexpr const char* kClient = "client";
constexpr const char* kInvoice = "facture";
constexpr const char* kAction = "action";

// [SECTION] What a form keeps ----------------------------------------------------------

std::string client_text(const ClientForm& f, const Ledger& l) {
  if (!f.open) return {};
  const Client& c = f.client;
  if (f.editing) {
    const Client* stored = find_client(l, f.editing);
    if (stored && *stored == c) return {};  // nothing changed
  } else if (c.name.empty() && c.email.empty() && c.phone.empty() && c.contact.empty() && c.siren.empty() &&
             c.address.line1.empty() && c.notes.empty()) {
    return {};  // nothing typed yet
  }
  return json{{"editing", f.editing}, {"terms_days", f.terms_days}, {"client", client_json(c)}}.dump();
}

std::string invoice_text(const InvoiceDraftForm& f) {
  if (!f.open || (f.number.empty() && f.label.empty() && f.ht.empty() && f.vat_amount.empty())) return {};
  return json{{"editing", f.editing},   {"origin", f.origin},         {"number", f.number},
              {"due_date", f.due_date}, {"client", f.client},         {"client_search", f.client_search},
              {"kind", f.kind},         {"label", f.label},           {"ht", f.ht},
              {"vat_rate", f.vat_rate}, {"vat_amount", f.vat_amount}, {"issue_date", f.issue_date}}
      .dump();
}

std::string action_text(const InvoiceActionForm& f, const Ledger& l) {
  if (f.action == InvoiceAction::none || f.action == InvoiceAction::delete_draft) return {};
  const Invoice* inv = find_invoice(l, f.invoice);
  if (!inv) return {};
  const Cents owed = balance(l, *inv);
  const bool typed = !f.reference.empty() || !f.reason.empty() || !f.note.empty() ||
                     (!f.amount.empty() && f.amount != format_fr_number(owed));
  if (!typed) return {};
  return json{{"action", static_cast<int>(f.action)},
              {"invoice", f.invoice},
              {"date", f.date},
              {"date2", f.date2},
              {"amount", f.amount},
              {"reference", f.reference},
              {"reason", f.reason},
              {"note", f.note},
              {"method", f.method},
              {"deposit", f.deposit},
              {"acknowledges", f.acknowledges},
              {"count", f.count}}
      .dump();
}

// [SECTION] Reading them back ----------------------------------------------------------

json parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_object() ? j : json();
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <class T>
T num(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<T>() : T{};
}

bool flag(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::optional<ClientForm> client_of(const std::string& text, const Ledger& l) {
  const json j = parsed(text);
  if (j.is_null() || !j.contains("client")) return std::nullopt;
  ClientForm f;
  f.open = true;
  f.editing = num<ClientId>(j, "editing");
  if (f.editing && !find_client(l, f.editing)) return std::nullopt;  // gone since
  f.terms_days = str(j, "terms_days");
  JsonReader r("brouillon");
  read_client(r, j["client"], "client", f.client, false);
  f.client.id = f.editing;
  return f;
}

std::optional<InvoiceDraftForm> invoice_of(const std::string& text, const Ledger& l) {
  const json j = parsed(text);
  if (j.is_null()) return std::nullopt;
  InvoiceDraftForm f;
  f.open = true;
  f.editing = num<InvoiceId>(j, "editing");
  if (f.editing && !find_invoice(l, f.editing)) return std::nullopt;
  f.origin = num<int>(j, "origin");
  f.number = str(j, "number");
  f.due_date = str(j, "due_date");
  f.client = num<ClientId>(j, "client");
  if (f.client && !find_client(l, f.client)) f.client = 0;
  f.client_search = str(j, "client_search");
  f.kind = num<int>(j, "kind");
  f.label = str(j, "label");
  f.ht = str(j, "ht");
  f.vat_rate = num<int>(j, "vat_rate");
  f.vat_amount = str(j, "vat_amount");
  f.issue_date = str(j, "issue_date");
  return f;
}

std::optional<InvoiceActionForm> action_of(const std::string& text, const Ledger& l) {
  const json j = parsed(text);
  if (j.is_null()) return std::nullopt;
  InvoiceActionForm f;
  const int a = num<int>(j, "action");
  if (a <= 0 || a > static_cast<int>(InvoiceAction::delete_draft)) return std::nullopt;
  f.action = static_cast<InvoiceAction>(a);
  f.invoice = num<InvoiceId>(j, "invoice");
  if (!find_invoice(l, f.invoice)) return std::nullopt;
  f.date = str(j, "date");
  f.date2 = str(j, "date2");
  f.amount = str(j, "amount");
  f.reference = str(j, "reference");
  f.reason = str(j, "reason");
  f.note = str(j, "note");
  f.method = num<int>(j, "method");
  f.deposit = flag(j, "deposit");
  f.acknowledges = flag(j, "acknowledges");
  f.count = str(j, "count");
  return f;
}

const char* action_name(InvoiceAction a) {
  switch (a) {
    case InvoiceAction::issue: return "l’émission";
    case InvoiceAction::payment: return "un paiement";
    case InvoiceAction::credit_note: return "un avoir";
    case InvoiceAction::dispute: return "une contestation";
    case InvoiceAction::promise: return "une promesse de paiement";
    case InvoiceAction::plan: return "un échéancier";
    case InvoiceAction::pause: return "la suspension des relances";
    case InvoiceAction::write_off: return "le passage en perte";
    case InvoiceAction::delete_draft:
    case InvoiceAction::none: break;
  }
  return "une action";
}

std::string invoice_name(const Ledger& l, InvoiceId id) {
  const Invoice* inv = find_invoice(l, id);
  return inv && !inv->number.empty() ? "la facture " + inv->number : "le brouillon";
}

// Nothing offered, nothing kept in the tab.
void forget(KeptForms& k) {
  k.offered = false;
  k.what.clear();
  k.client.clear();
  k.invoice.clear();
  k.action.clear();
  platform::keep_draft(kClient, "");
  platform::keep_draft(kInvoice, "");
  platform::keep_draft(kAction, "");
}

// What was kept before the reload, read once the ledger is open: said in
// the banner, nothing restored before the user asks.
void read_kept(App& app) {
  KeptForms& k = app.kept;
  k.read = true;
  const Ledger& l = app.ws.ledger();
  k.client = platform::kept_draft(kClient);
  k.invoice = platform::kept_draft(kInvoice);
  k.action = platform::kept_draft(kAction);
  if (auto f = client_of(k.client, l)) {
    const std::string name = f->client.name.empty() ? "" : " « " + f->client.name + " »";
    k.what.push_back(f->editing ? "la fiche du client" + name + " en cours de modification" : "un nouveau client" + name);
  } else {
    k.client.clear();
  }
  if (auto f = invoice_of(k.invoice, l)) {
    std::string what = f->editing ? "les modifications du brouillon" : "une nouvelle facture";
    if (!f->number.empty()) what += " n° " + f->number;
    if (!f->label.empty()) what += " « " + f->label + " »";
    k.what.push_back(what);
  } else {
    k.invoice.clear();
  }
  if (auto f = action_of(k.action, l)) {
    k.what.push_back(std::string(action_name(f->action)) + " sur " + invoice_name(l, f->invoice));
  } else {
    k.action.clear();
  }
  k.offered = !k.what.empty();
  if (!k.offered) forget(k);  // unreadable or gone: nothing to offer, nothing kept
}

void restore(App& app) {
  KeptForms& k = app.kept;
  const Ledger& l = app.ws.ledger();
  std::optional<Nav> go;
  if (auto f = action_of(k.action, l)) {
    app.navigate({Screen::invoices, f->invoice});
    app.apply_navigation();
    app.screens.invoices.state().action = std::move(*f);
    go = Nav{Screen::invoices, f->invoice};
  }
  if (auto f = invoice_of(k.invoice, l)) {
    if (!go) {
      app.navigate({Screen::invoices, f->editing});
      app.apply_navigation();
      go = Nav{Screen::invoices};
    }
    app.screens.invoices.state().draft = std::move(*f);
  }
  if (auto f = client_of(k.client, l)) {
    if (!go) {
      app.navigate({Screen::clients, 0, f->editing});
      app.apply_navigation();
      go = Nav{Screen::clients};
    }
    app.screens.clients.state().form = std::move(*f);
  }
}


void put(std::string& kept, const char* key, std::string now) {
  if (now == kept) return;
  kept = std::move(now);
  platform::keep_draft(key, kept);
}

}  // namespace

void keep(App& app) {
  KeptForms& k = app.kept;
  if (!k.read) {
    if (app.ws.store().state() == Store::State::opening || app.ws.store().state() == Store::State::closed) return;
    read_kept(app);
  }
  if (k.offered) return;  // nothing kept over them before the user answers
  const Ledger& l = app.ws.ledger();
  put(k.client, kClient, client_text(app.screens.clients.state().form, l));
  put(k.invoice, kInvoice, invoice_text(app.screens.invoices.state().draft));
  put(k.action, kAction, action_text(app.screens.invoices.state().action, l));
}

void draw_offer(App& app) {
  KeptForms& k = app.kept;
  if (!k.offered) return;
  std::string text = "Formulaire en cours avant le rechargement de la page : ";
  for (std::size_t i = 0; i < k.what.size(); ++i) text += (i ? ", " : "") + k.what[i];
  text += ". Le reprendre ?";
  forms::begin_card("##brouillon-garde");
  ImGui::PushTextWrapPos(0.0f);
  ui::text(text.c_str());
  ImGui::PopTextWrapPos();
  ui::track("Formulaire gardé");
  if (ui::button("Reprendre le formulaire")) {
    restore(app);
    k.offered = false;  // kept again from now on, as typed
  }
  ui::same_line_if_fits("Abandonner");
  if (ui::button("Abandonner##brouillon")) forget(k);
  forms::end_card();
}

}  // namespace relance::drafts
