// Relances: the dunning chains ("scénarios": which reminder goes out how
// many days from the due date, by which channel, with which template) and
// the message templates ("modèles"), each edited as a draft and saved through
// cmd::SetChain / cmd::SetTemplate. The template editor flags unknown
// placeholders as you type, inserts placeholders at the caret, and previews
// the message on a real invoice of the ledger.
//
// [SECTION] Contents
// - State
// - Chains: draft, save, editor
// - Templates: draft, issues, placeholders, preview, editor
// - Screen
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/commands.h"
#include "core/messages.h"
#include "core/money.h"
#include "core/templates.h"
#include "core/text.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/ui.h"

namespace relance::ui_reminders {

namespace {

// [SECTION] State -------------------------------------------------------------------

using State = RemindersState;

const Channel kChannels[] = {Channel::email, Channel::sms, Channel::phone, Channel::letter, Channel::registered_notice,
                             Channel::handover};

int channel_index(Channel c) {
  for (int i = 0; i < static_cast<int>(std::size(kChannels)); ++i)
    if (kChannels[i] == c) return i;
  return 0;
}

const std::vector<std::string>& channel_items() {
  static const std::vector<std::string> items = [] {
    std::vector<std::string> v;
    for (Channel c : kChannels) v.emplace_back(label_fr(c));
    return v;
  }();
  return items;
}


bool is_step_field(std::string_view key) {
  if (!starts_with(key, "steps[")) return false;
  const std::size_t dot = key.find("].");
  if (dot == std::string_view::npos) return false;
  const std::string_view f = key.substr(dot + 2);
  return f == "name" || f == "offset_days" || f == "channel" || f == "template_id" || f == "min_balance";
}

// [SECTION] Chains ------------------------------------------------------------------

ChainDraft draft_of(const Chain& c) {
  ChainDraft d;
  d.name = c.name;
  d.min_days = std::to_string(c.min_days_between);
  d.audience = c.audience == ClientKind::business ? 0 : 1;
  for (const Step& s : c.steps)
    d.steps.push_back({s.name, std::to_string(s.offset_days), s.min_balance ? format_fr_number(s.min_balance) : "",
                       s.template_id, channel_index(s.channel)});
  return d;
}

int used_steps(const Ledger& l, const std::string& chain_id) {
  int used = -1;
  for (const HistoryEntry& h : l.history)
    if (!h.voided && h.chain_id == chain_id) used = std::max(used, h.step);
  return used;
}

void load_chain(State& s, App& app, const Chain& c) {
  s.chain_id = c.id;
  s.chain = draft_of(c);
  s.chain_new = false;
  s.chain_loaded = true;
  s.chain_dirty = false;
  s.chain_confirm_delete = false;
  s.chain_revision = app.ws.revision();
  s.chain_used = used_steps(app.ws.ledger(), c.id);
}

// Follows the ledger while the draft is untouched (another tab, a save).
void sync_chain(State& s, App& app) {
  const Ledger& l = app.ws.ledger();
  if (s.chain_new) return;
  const Chain* c = find_chain(l, s.chain_id);
  if (!c) {
    s.chain_loaded = false;
    if (l.chains.empty()) return;
    c = &l.chains.front();
    s.chain_errors.clear();
  }
  if (!s.chain_loaded || (!s.chain_dirty && s.chain_revision != app.ws.revision())) load_chain(s, app, *c);
}

std::optional<Chain> parse_chain(const ChainDraft& d, std::string id, forms::Errors& errors) {
  Chain c;
  c.id = std::move(id);
  c.name = std::string(trim(d.name));
  if (c.name.empty()) errors.set("name", "Donnez un nom au scénario.");
  c.audience = d.audience == 0 ? ClientKind::business : ClientKind::consumer;
  std::string why;
  if (!forms::parse_int(d.min_days, &c.min_days_between, &why, 0, 365))
    errors.set("min_days_between", "Jours minimum : " + why + ".");
  for (std::size_t i = 0; i < d.steps.size(); ++i) {
    const StepDraft& sd = d.steps[i];
    const std::string k = "steps[" + std::to_string(i) + "].";
    Step step;
    step.name = std::string(trim(sd.name));
    if (step.name.empty()) errors.set(k + "name", "Nom de l\u2019\u00e9tape obligatoire.");
    if (!forms::parse_int(sd.offset, &step.offset_days, &why, -365, 3650))
      errors.set(k + "offset_days", "Jours : " + why + ".");
    step.channel = kChannels[std::clamp(sd.channel, 0, static_cast<int>(std::size(kChannels)) - 1)];
    step.template_id = sd.template_id;
    if (!trim(sd.min_balance).empty()) {
      AmountParse a = parse_amount(sd.min_balance, AmountStyle::french);
      if (!a.value || *a.value < 0) errors.set(k + "min_balance", "Solde minimum : " + (a.value ? "montant positif attendu" : a.error) + ".");
      else step.min_balance = *a.value;
    }
    c.steps.push_back(std::move(step));
  }
  if (errors.empty()) return c;
  return std::nullopt;
}

void save_chain(State& s, App& app) {
  s.chain_errors.clear();
  std::string id = s.chain_id;
  if (s.chain_new) {
    std::vector<std::string> taken;
    for (const Chain& c : app.ws.ledger().chains) taken.push_back(c.id);
    id = forms::make_id(s.chain.name, taken, "scenario");
  }
  std::optional<Chain> chain = parse_chain(s.chain, id, s.chain_errors);
  if (!chain) return;
  app.ws.submit(cmd::SetChain{*chain}, [&s, &app, id](const Result<Applied>& r) {
    State& s2 = s;
    if (!r) {
      // "chain.steps[2].offset_days" goes under that step's field.
      std::string key = r.error().where;
      if (starts_with(key, "chain.")) key = key.substr(6);
      const bool known = key == "name" || key == "min_days_between" || key == "steps" || is_step_field(key);
      s2.chain_errors.set(known ? key : "", (known ? r.error().what : r.error().message()) + ".");
      s2.chain_errors.set("", "Le sc\u00e9nario n\u2019a pas \u00e9t\u00e9 enregistr\u00e9 : corrigez ce qui est "
                              "signal\u00e9.");
      return;
    }
    s2.chain_id = id;
    s2.chain_new = false;
    s2.chain_dirty = false;
    s2.chain_loaded = false;  // reloaded from the ledger
    app.notify("Sc\u00e9nario enregistr\u00e9");
  });
}

void new_chain(State& s) {
  s.chain_new = true;
  s.chain_loaded = true;
  s.chain_dirty = true;
  s.chain_confirm_delete = false;
  s.chain_id.clear();
  s.chain_used = -1;
  s.chain_errors.clear();
  s.chain = ChainDraft{"Nouveau sc\u00e9nario", "7", 0, {{"Relance 1", "5", "", "", 0}}};
}

// Swaps two steps' content; each keeps its place in the schedule (its days),
// so the chain stays in date order.
void swap_steps(ChainDraft& d, std::size_t a, std::size_t b) {
  std::swap(d.steps[a].offset, d.steps[b].offset);
  std::swap(d.steps[a], d.steps[b]);
}

void draw_step(ChainDraft& d, std::size_t i, int used, const std::vector<std::string>& tpl_ids,
               const std::vector<std::string>& tpl_items, const Ledger& l, const forms::Errors& errors,
               bool* changed, std::optional<std::size_t>* remove, std::optional<std::pair<std::size_t, std::size_t>>* swap) {
  StepDraft& sd = d.steps[i];
  const std::string n = std::to_string(i + 1);
  const std::string k = "steps[" + std::to_string(i) + "].";
  ImGui::PushID(static_cast<int>(i));
  ImGui::Spacing();
  ImGui::Separator();
  std::string title = "\u00c9tape " + n;
  int days = 0;
  std::string why;
  if (forms::parse_int(sd.offset, &days, &why, -3650, 3650))
    title += days == 0 ? " \u00b7 le jour de l\u2019\u00e9ch\u00e9ance"
                       : (days < 0 ? " \u00b7 " + std::to_string(-days) + " jour(s) avant l\u2019\u00e9ch\u00e9ance"
                                   : " \u00b7 " + std::to_string(days) + " jour(s) apr\u00e8s l\u2019\u00e9ch\u00e9ance");
  ui::heading(title);
  ui::track("\u00c9tape " + n);
  if (static_cast<int>(i) <= used) {
    const char* used_note =
        "D\u00e9j\u00e0 utilis\u00e9e dans l\u2019historique des relances : elle ne peut pas \u00eatre retir\u00e9e.";
    ui::note(used_note);
    ui::track(used_note);
  }

  ImGui::BeginGroup();
  *changed |= forms::text_field(("Nom de l\u2019\u00e9tape##step" + n).c_str(), &sd.name, errors, k + "name", 14);
  forms::next_in_row(11);
  *changed |= forms::text_field(("Jours apr\u00e8s l\u2019\u00e9ch\u00e9ance##step" + n).c_str(), &sd.offset, errors,
                               k + "offset_days", 11, ImGuiInputTextFlags_CharsDecimal);
  forms::next_in_row(14);
  *changed |= forms::choice(("Canal##step" + n).c_str(), &sd.channel, channel_items(), 14);
  forms::next_in_row(18);
  int t = 0;
  for (std::size_t j = 0; j < tpl_ids.size(); ++j)
    if (tpl_ids[j] == sd.template_id) t = static_cast<int>(j);
  if (forms::choice(("Mod\u00e8le##step" + n).c_str(), &t, tpl_items, 18)) {
    sd.template_id = tpl_ids[static_cast<std::size_t>(t)];
    *changed = true;
  }
  errors.show(k + "template_id");
  if (const Template* tpl = find_template(l, sd.template_id); tpl && tpl->channel != kChannels[sd.channel])
    forms::warning_text(std::string("Ce mod\u00e8le est \u00e9crit pour : ") + label_fr(tpl->channel) + ".");
  forms::next_in_row(9);
  *changed |= forms::text_field(("Solde minimum (\u20ac)##step" + n).c_str(), &sd.min_balance, errors, k + "min_balance", 9);
  ImGui::EndGroup();

  if (i > 0) {
    if (ui::button(("Monter##step" + n).c_str())) *swap = std::pair{i - 1, i};
    ImGui::SameLine();
  }
  if (i + 1 < d.steps.size()) {
    if (ui::button(("Descendre##step" + n).c_str())) *swap = std::pair{i, i + 1};
    ImGui::SameLine();
  }
  if (ui::button(("Retirer##step" + n).c_str())) *remove = i;
  ImGui::PopID();
}

void draw_chains(State& s, App& app) {
  const Ledger& l = app.ws.ledger();
  sync_chain(s, app);

  ui::note("Un sc\u00e9nario est la suite des relances envoy\u00e9es pour une facture impay\u00e9e, compt\u00e9e en jours "
           "depuis son \u00e9ch\u00e9ance. Chaque client suit celui de sa cat\u00e9gorie, sauf choix contraire sur sa fiche.");
  for (const Chain& c : l.chains) {
    const std::string label = c.name + "##chain-" + c.id;
    ui::same_line_if_fits(label.c_str());
    if (ui::tab_button(label.c_str(), !s.chain_new && s.chain_id == c.id) && (s.chain_new || s.chain_id != c.id)) {
      s.chain_errors.clear();
      load_chain(s, app, c);
    }
  }
  ui::same_line_if_fits("Nouveau sc\u00e9nario");
  if (ui::button("Nouveau sc\u00e9nario")) new_chain(s);
  ImGui::Spacing();

  if (!s.chain_loaded) {
    ui::note("Aucun sc\u00e9nario : cr\u00e9ez-en un.");
    return;
  }
  ChainDraft& d = s.chain;
  forms::Errors& errors = s.chain_errors;
  bool changed = false;

  ImGui::BeginGroup();
  changed |= forms::text_field("Nom du sc\u00e9nario", &d.name, errors, "name", 20);
  forms::next_in_row(16);
  changed |= forms::text_field("Jours minimum entre deux relances", &d.min_days, errors, "min_days_between", 16,
                              ImGuiInputTextFlags_CharsDecimal);
  ImGui::EndGroup();
  ui::text("Pour les clients");
  changed |= forms::radio_row("audience", &d.audience, {"Professionnels (B2B)", "Particuliers (B2C)"});
  if (!s.chain_new && s.chain_id == l.settings.default_b2b_chain)
    ui::note("Sc\u00e9nario par d\u00e9faut des clients professionnels.");
  if (!s.chain_new && s.chain_id == l.settings.default_b2c_chain)
    ui::note("Sc\u00e9nario par d\u00e9faut des clients particuliers.");

  ImGui::Spacing();
  ui::heading("\u00c9tapes");
  ui::note("Jours : compt\u00e9s depuis l\u2019\u00e9ch\u00e9ance, n\u00e9gatifs avant elle. Monter et Descendre "
           "\u00e9changent deux \u00e9tapes, qui gardent leurs jours.");
  errors.show("steps");

  std::vector<std::string> tpl_ids{""}, tpl_items{"(aucun mod\u00e8le)"};
  for (const Template& t : l.templates) {
    tpl_ids.push_back(t.id);
    tpl_items.push_back(t.name.empty() ? t.id : t.name);
  }
  std::optional<std::size_t> remove;
  std::optional<std::pair<std::size_t, std::size_t>> swap;
  for (std::size_t i = 0; i < d.steps.size(); ++i)
    draw_step(d, i, s.chain_used, tpl_ids, tpl_items, l, errors, &changed, &remove, &swap);
  if (swap) {
    swap_steps(d, swap->first, swap->second);
    changed = true;
  }
  if (remove) {
    d.steps.erase(d.steps.begin() + static_cast<std::ptrdiff_t>(*remove));
    changed = true;
  }
  ImGui::Spacing();
  if (ui::button("Ajouter une \u00e9tape")) {
    int last = 0;
    std::string why;
    if (!d.steps.empty()) forms::parse_int(d.steps.back().offset, &last, &why, -3650, 3650);
    d.steps.push_back({"Relance " + std::to_string(d.steps.size() + 1), std::to_string(d.steps.empty() ? 5 : last + 15),
                       "", "", 0});
    changed = true;
  }
  if (changed) s.chain_dirty = true;

  ImGui::Separator();
  switch (forms::draft_buttons("Enregistrer le sc\u00e9nario", "Supprimer le sc\u00e9nario", s.chain_new, s.chain_dirty,
                                errors)) {
    case forms::DraftAction::save: save_chain(s, app); break;
    case forms::DraftAction::remove: s.chain_confirm_delete = true; break;
    case forms::DraftAction::revert:
    case forms::DraftAction::abandon:
      s.chain_new = s.chain_loaded = s.chain_dirty = false;
      s.chain_errors.clear();
      break;
    case forms::DraftAction::none: break;
  }
  if (s.chain_confirm_delete) {
    forms::warning_text("Supprimer le sc\u00e9nario \u00ab " + d.name + " \u00bb ?");
    if (ui::button("Oui, supprimer le sc\u00e9nario")) {
      s.chain_confirm_delete = false;
      const std::string id = s.chain_id;
      app.ws.submit(cmd::DeleteChain{id}, [&s, &app](const Result<Applied>& r) {
        if (!r) {
          s.chain_errors.set("", "Suppression refus\u00e9e : " + r.error().what + ".");
          return;
        }
        s.chain_loaded = false;
        app.notify("Sc\u00e9nario supprim\u00e9");
      });
    }
    ImGui::SameLine();
    if (ui::button("Garder le sc\u00e9nario")) s.chain_confirm_delete = false;
  }
}

// [SECTION] Templates -------------------------------------------------------------------

void recheck_template(State& s) {
  s.subject_issues = find_template_issues(s.tpl.subject);
  s.body_issues = find_template_issues(s.tpl.body);
  ++s.tpl_edits;
}

void load_template(State& s, App& app, const Template& t) {
  s.tpl_id = t.id;
  s.tpl = {t.name, t.subject, t.body, channel_index(t.channel)};
  s.tpl_new = false;
  s.tpl_loaded = true;
  s.tpl_dirty = false;
  s.tpl_confirm_delete = false;
  s.tpl_revision = app.ws.revision();
  s.insert_at = -1;
  recheck_template(s);
}

void sync_template(State& s, App& app) {
  const Ledger& l = app.ws.ledger();
  if (s.tpl_new) return;
  const Template* t = find_template(l, s.tpl_id);
  if (!t) {
    s.tpl_loaded = false;
    if (l.templates.empty()) return;
    t = &l.templates.front();
    s.tpl_errors.clear();
  }
  if (!s.tpl_loaded || (!s.tpl_dirty && s.tpl_revision != app.ws.revision())) load_template(s, app, *t);
}

Template draft_template(State& s, const std::string& id) {
  Template t;
  t.id = id;
  t.name = std::string(trim(s.tpl.name));
  t.channel = kChannels[std::clamp(s.tpl.channel, 0, static_cast<int>(std::size(kChannels)) - 1)];
  t.subject = s.tpl.subject;
  t.body = s.tpl.body;
  return t;
}

void save_template(State& s, App& app) {
  s.tpl_errors.clear();
  std::string id = s.tpl_id;
  if (s.tpl_new) {
    std::vector<std::string> taken;
    for (const Template& t : app.ws.ledger().templates) taken.push_back(t.id);
    id = forms::make_id(s.tpl.name, taken, "modele");
  }
  Template t = draft_template(s, id);
  if (t.name.empty()) s.tpl_errors.set("name", "Donnez un nom au mod\u00e8le.");
  if (!s.subject_issues.empty() || !s.body_issues.empty())
    s.tpl_errors.set("", "Corrigez les champs signal\u00e9s en rouge avant d\u2019enregistrer.");
  if (!s.tpl_errors.empty()) return;
  app.ws.submit(cmd::SetTemplate{t}, [&s, &app, id](const Result<Applied>& r) {
    State& s2 = s;
    if (!r) {
      s2.tpl_errors.set("", "Mod\u00e8le non enregistr\u00e9 : " + r.error().message() + ".");
      return;
    }
    s2.tpl_id = id;
    s2.tpl_new = false;
    s2.tpl_dirty = false;
    s2.tpl_loaded = false;
    app.notify("Mod\u00e8le enregistr\u00e9");
  });
}

void new_template(State& s) {
  s.tpl_new = true;
  s.tpl_loaded = true;
  s.tpl_dirty = true;
  s.tpl_confirm_delete = false;
  s.tpl_id.clear();
  s.tpl_errors.clear();
  s.tpl = {"Nouveau mod\u00e8le", "Facture {invoice_number}",
           "{salutation},\n\n\n\nCordialement,\n{signatory}\n{company}", 0};
  s.insert_into = 1;
  s.insert_at = -1;
  recheck_template(s);
}

// Lines "Texte, ligne 2, colonne 5 : champ inconnu {x} (vouliez-vous dire {y} ?)".
void show_issues(const char* field, const std::vector<TemplateIssue>& issues, bool single_line) {
  for (const TemplateIssue& i : issues) {
    std::string where = std::string(field) + (single_line ? "" : ", ligne " + std::to_string(i.line)) + ", colonne " +
                        std::to_string(i.column);
    forms::error_text(where + " : " + i.message);
  }
}

// Which field a caret callback is about, and the state it writes to.
struct CaretTarget {
  State* state;
  int field;  // 0 subject, 1 body
};

int caret_callback(ImGuiInputTextCallbackData* data) {
  const CaretTarget& t = *static_cast<const CaretTarget*>(data->UserData);
  t.state->insert_into = t.field;
  t.state->insert_at = data->CursorPos;
  return 0;
}

void insert_placeholder(State& s, std::string_view name) {
  std::string& target = s.insert_into == 0 ? s.tpl.subject : s.tpl.body;
  const std::string text = "{" + std::string(name) + "}";
  std::size_t at = s.insert_at < 0 ? target.size() : std::min<std::size_t>(static_cast<std::size_t>(s.insert_at), target.size());
  target.insert(at, text);
  s.insert_at = static_cast<int>(at + text.size());
  s.tpl_dirty = true;
  recheck_template(s);
}

void draw_placeholders(State& s, float height) {
  ui::heading("Champs");
  ui::note(s.insert_into == 0 ? "Un clic ins\u00e8re le champ dans l\u2019objet, au curseur."
                              : "Un clic ins\u00e8re le champ dans le texte, au curseur.");
  ImGui::BeginChild("##placeholders", ImVec2(0, height), true);
  for (const Placeholder& p : placeholders()) {
    const std::string label = "{" + std::string(p.name) + "}";
    if (ui::selectable(label.c_str(), false)) insert_placeholder(s, p.name);
    ImGui::Indent(ui::em(0.75f));
    ui::note(p.description);
    ImGui::Unindent(ui::em(0.75f));
  }
  ImGui::EndChild();
  ui::track("Champs disponibles");
}

// The lists the preview picks from, rebuilt when the ledger or the client changes.
void refresh_preview_lists(State& s, App& app) {
  const Ledger& l = app.ws.ledger();
  const Date today = app.today_date();
  if (s.lists_revision != app.ws.revision()) {
    s.client_ids.clear();
    s.client_items.clear();
    for (const Client& c : l.clients) {
      s.client_ids.push_back(c.id);
      s.client_items.push_back(c.name);
    }
    // Default: the most overdue open invoice, what a reminder is for.
    if (!find_client(l, s.preview_client)) {
      s.preview_client = l.clients.empty() ? 0 : l.clients.front().id;
      s.preview_invoice = 0;
      int worst = INT32_MIN;
      for (const Invoice& inv : l.invoices) {
        if (inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued || balance(l, inv) <= 0) continue;
        const int late = days_late(l, inv, today);
        if (late > worst) {
          worst = late;
          s.preview_client = inv.client;
          s.preview_invoice = inv.id;
        }
      }
    }
    s.lists_client = -1;
    s.lists_revision = app.ws.revision();
  }
  if (s.lists_client != s.preview_client) {
    s.invoice_ids.clear();
    s.invoice_items.clear();
    for (const Invoice& inv : l.invoices) {
      if (inv.client != s.preview_client || inv.kind != InvoiceKind::invoice || inv.state != Lifecycle::issued) continue;
      s.invoice_ids.push_back(inv.id);
      const Cents due = balance(l, inv);
      s.invoice_items.push_back(inv.number + " \u00b7 " + (due > 0 ? "reste " + format_eur(due) : "pay\u00e9e") +
                                " \u00b7 \u00e9ch\u00e9ance " + to_fr(effective_due_date(l, inv).ok() ? effective_due_date(l, inv) : inv.due_date));
    }
    if (std::find(s.invoice_ids.begin(), s.invoice_ids.end(), s.preview_invoice) == s.invoice_ids.end())
      s.preview_invoice = s.invoice_ids.empty() ? 0 : s.invoice_ids.back();
    s.lists_client = s.preview_client;
  }
}

// Renders the draft on the chosen invoice, only when something changed.
void refresh_preview(State& s, App& app) {
  Preview& p = s.preview;
  if (p.revision == app.ws.revision() && p.edits == s.tpl_edits && p.client == s.preview_client &&
      p.invoice == s.preview_invoice && p.today == app.today)
    return;
  p.revision = app.ws.revision();
  p.edits = s.tpl_edits;
  p.client = s.preview_client;
  p.invoice = s.preview_invoice;
  p.today = app.today;
  const Ledger& l = app.ws.ledger();
  const Client* c = find_client(l, s.preview_client);
  const Template t = draft_template(s, s.tpl_id);
  p.ready = c && find_invoice(l, s.preview_invoice);
  if (!p.ready) {
    p.message = {};
    p.checks.clear();
    p.sms = sms_info(sms_friendly(t.body));
    return;
  }
  const std::vector<InvoiceId> ids{s.preview_invoice};
  const TemplateValues values = message_values(l, *c, ids, app.today_date(), nullptr, -1);
  p.message = render_message(l, t, values, *c);
  p.checks = message_checks(l, ids, app.today_date());
  p.sms = sms_info(p.message.body);
}

std::string sms_text(const SmsInfo& i) {
  std::string out = "SMS : " + std::to_string(i.units) + " caract\u00e8re(s), " + (i.gsm7 ? "GSM-7" : "UCS-2");
  out += " \u00b7 " + std::to_string(i.segments) + (i.segments > 1 ? " messages" : " message");
  out += " (" + std::to_string(i.limit_single) + " caract\u00e8res pour un seul)";
  if (!i.gsm7 && i.first_non_gsm) {
    std::string ch;
    append_utf8(ch, i.first_non_gsm);
    out += ". Le caract\u00e8re \u00ab " + ch + " \u00bb impose UCS-2 : un SMS en porte 70 au lieu de 160";
  }
  return out + ".";
}

void draw_preview(State& s, App& app) {
  refresh_preview_lists(s, app);
  ui::heading("Aper\u00e7u");
  if (s.client_ids.empty()) {
    ui::note("Ajoutez un client et une facture pour voir le message tel qu\u2019il partira.");
  } else {
    int ci = 0;
    for (std::size_t i = 0; i < s.client_ids.size(); ++i)
      if (s.client_ids[i] == s.preview_client) ci = static_cast<int>(i);
    if (forms::choice("Client de l\u2019aper\u00e7u", &ci, s.client_items, 22)) {
      s.preview_client = s.client_ids[static_cast<std::size_t>(ci)];
      refresh_preview_lists(s, app);
    }
    if (s.invoice_ids.empty()) {
      ui::note("Ce client n\u2019a pas de facture \u00e9mise.");
    } else {
      int ii = 0;
      for (std::size_t i = 0; i < s.invoice_ids.size(); ++i)
        if (s.invoice_ids[i] == s.preview_invoice) ii = static_cast<int>(i);
      if (forms::choice("Facture de l\u2019aper\u00e7u", &ii, s.invoice_items, 30))
        s.preview_invoice = s.invoice_ids[static_cast<std::size_t>(ii)];
    }
  }
  refresh_preview(s, app);
  const Preview& p = s.preview;
  const Channel channel = kChannels[s.tpl.channel];
  if (p.ready) {
    if (!p.message.recipient.empty()) {
      ui::text_wrapped("\u00c0 : %s", p.message.recipient.c_str());
      ui::track("Destinataire");
    }
    if (!p.message.subject.empty()) {
      ImGui::PushTextWrapPos(0.0f);
      ui::textf("Objet : %s", p.message.subject.c_str());
      ImGui::PopTextWrapPos();
      ui::track("Objet de l\u2019aper\u00e7u");
    }
    std::string body = p.message.body;  // the read-only field wants a mutable string
    ui::input_text_multiline("Aper\u00e7u du texte", &body, ImVec2(-1, ui::em(12)), ImGuiInputTextFlags_ReadOnly);
    for (const std::string& w : p.message.warnings)
      if (!is_rate_warning(w)) forms::warning_text(w);  // rates: the one notice (Aujourd’hui, Paramètres › Taux)
    for (const std::string& w : p.checks)
      if (!is_rate_warning(w)) forms::warning_text(w);
  }
  if (channel == Channel::sms) {
    const std::string t = sms_text(p.sms);
    if (p.sms.fits_single && p.sms.gsm7) forms::ok_text(t);
    else forms::warning_text(t);
  }
}

void draw_template_editor(State& s, App& app, float body_height) {
  TemplateDraft& d = s.tpl;
  forms::Errors& errors = s.tpl_errors;
  bool changed = false;
  changed |= forms::text_field("Nom du mod\u00e8le", &d.name, errors, "name", 22);
  changed |= forms::choice("Canal du mod\u00e8le", &d.channel, channel_items(), 16);
  const Channel channel = kChannels[d.channel];
  CaretTarget subject_caret{&s, 0}, body_caret{&s, 1};  // caret_callback learns the field from these
  if (channel != Channel::sms && channel != Channel::phone) {
    ui::text(channel == Channel::email ? "Objet de l\u2019e-mail" : "Objet de la lettre");
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##subject", &d.subject, ImGuiInputTextFlags_CallbackAlways, caret_callback,
                         &subject_caret)) {
      changed = true;
      recheck_template(s);
    }
    ui::track_text("Objet", d.subject);
    show_issues("Objet", s.subject_issues, true);
  }
  ui::text(channel == Channel::phone ? "Notes pour l\u2019appel" : "Texte");
  if (ImGui::InputTextMultiline("##body", &d.body, ImVec2(-1, body_height), ImGuiInputTextFlags_CallbackAlways,
                                caret_callback, &body_caret)) {
    changed = true;
    recheck_template(s);
  }
  ui::track_text("Texte du mod\u00e8le", d.body);
  show_issues("Texte", s.body_issues, false);
  if (changed) {
    s.tpl_dirty = true;
    ++s.tpl_edits;
  }
  if (s.subject_issues.empty() && s.body_issues.empty()) {
    const auto used = used_placeholders(d.subject + "\n" + d.body);
    if (!used.empty()) {
      std::string list;
      for (const std::string& u : used) list += (list.empty() ? "" : ", ") + ("{" + u + "}");
      ui::note("Champs utilis\u00e9s : " + list + ".");
    }
  }

  ImGui::Spacing();
  switch (forms::draft_buttons("Enregistrer le mod\u00e8le", "Supprimer le mod\u00e8le", s.tpl_new, s.tpl_dirty, errors)) {
    case forms::DraftAction::save: save_template(s, app); break;
    case forms::DraftAction::remove: s.tpl_confirm_delete = true; break;
    case forms::DraftAction::revert:
    case forms::DraftAction::abandon:
      s.tpl_new = s.tpl_loaded = s.tpl_dirty = false;
      s.tpl_errors.clear();
      break;
    case forms::DraftAction::none: break;
  }
  if (s.tpl_confirm_delete) {
    forms::warning_text("Supprimer le mod\u00e8le \u00ab " + d.name + " \u00bb ?");
    if (ui::button("Oui, supprimer le mod\u00e8le")) {
      s.tpl_confirm_delete = false;
      app.ws.submit(cmd::DeleteTemplate{s.tpl_id}, [&s, &app](const Result<Applied>& r) {
        if (!r) {
          s.tpl_errors.set("", "Suppression refus\u00e9e : " + r.error().what + ".");
          return;
        }
        s.tpl_loaded = false;
        app.notify("Mod\u00e8le supprim\u00e9");
      });
    }
    ImGui::SameLine();
    if (ui::button("Garder le mod\u00e8le")) s.tpl_confirm_delete = false;
  }
}

void draw_templates(State& s, App& app) {
  const Ledger& l = app.ws.ledger();
  sync_template(s, app);

  // Which template: a list would take half a phone screen, a choice does not.
  std::vector<std::string> items;
  int current = -1;
  for (std::size_t i = 0; i < l.templates.size(); ++i) {
    const Template& t = l.templates[i];
    items.push_back((t.name.empty() ? t.id : t.name) + " \u00b7 " + label_fr(t.channel));
    if (!s.tpl_new && t.id == s.tpl_id) current = static_cast<int>(i);
  }
  if (s.tpl_new) {
    items.push_back("(nouveau mod\u00e8le)");
    current = static_cast<int>(items.size()) - 1;
  }
  ImGui::BeginGroup();
  if (forms::choice("Mod\u00e8le", &current, items, 26) && current < static_cast<int>(l.templates.size())) {
    s.tpl_errors.clear();
    load_template(s, app, l.templates[static_cast<std::size_t>(current)]);
  }
  ImGui::EndGroup();
  forms::same_line_if_room(ImGui::CalcTextSize("Nouveau mod\u00e8le").x + ui::em(1.2f));
  ImGui::BeginGroup();
  ui::text(" ");
  if (ui::button("Nouveau mod\u00e8le")) new_template(s);
  ImGui::EndGroup();
  if (!s.tpl_loaded) {
    ui::note("Aucun mod\u00e8le : cr\u00e9ez-en un.");
    return;
  }
  ImGui::Spacing();

  const bool wide = ImGui::GetContentRegionAvail().x >= ui::em(44);
  if (wide && ImGui::BeginTable("##tpl", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("editor", ImGuiTableColumnFlags_WidthStretch, 1.25f);
    ImGui::TableSetupColumn("side", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    draw_template_editor(s, app, ui::em(15));
    ImGui::Spacing();
    draw_preview(s, app);
    ImGui::TableSetColumnIndex(1);
    draw_placeholders(s, ui::em(26));
    ImGui::EndTable();
  } else {
    draw_template_editor(s, app, ui::em(11));
    ImGui::Spacing();
    draw_placeholders(s, ui::em(12));
    ImGui::Spacing();
    draw_preview(s, app);
  }
}

}  // namespace

// [SECTION] Screen ----------------------------------------------------------------------

void draw(State& s, App& app) {
  ImGui::Dummy(ui::em(0, 0.25f));
  forms::tabs(&s.tab, {"Sc\u00e9narios de relance", "Mod\u00e8les de messages"});
  ImGui::Spacing();
  if (s.tab == 0) draw_chains(s, app);
  else draw_templates(s, app);
  ImGui::Dummy(ui::em(0, 1));
}

}  // namespace relance::ui_reminders

namespace relance {
void RemindersScreen::draw() { ui_reminders::draw(state_, *app_); }
}  // namespace relance
