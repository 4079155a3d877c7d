// Aujourd’hui: who to chase today, the thank-yous to send, what falls due in
// the coming days. Each item opens its e-mail or SMS draft, downloads its
// letter or takes a call note, from the click, then records the step in the
// history with the exact text sent; an undo is offered right after.
//
// The agenda is computed once per ledger revision and day; a preview is
// prepared when opened, again only when the ledger or the channel change.
//
// [SECTION] Contents
// - Agenda cache and item keys
// - Sending and recording
// - An agenda item
// - draw
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/date.h"
#include "core/text.h"
#include "core/wording.h"
#include "imgui.h"
#include "misc/cpp/imgui_stdlib.h"
#include "web/app.h"
#include "web/rates_served.h"
#include "web/forms.h"
#include "web/platform.h"
#include "web/today_messages.h"
#include "web/today_start.h"
#include "web/ui.h"
#include "core/links.h"

namespace relance::ui_today {

namespace {

// [SECTION] Agenda cache and item keys -------------------------------------------

// The days to come with reminders, for the notification the service worker
// shows on the day (platform::publish_reminder_days): today's due steps, then
// each later day's planned ones, with the summary line of each.
std::string reminder_days_json(const Agenda& a) {
  Json days = Json::array();
  auto add = [&days](Date d, const Agenda& of_day) {
    const DaySummary s = day_summary(of_day);
    if (s.count > 0) days.push_back({{"date", to_iso(d)}, {"count", s.count}, {"text", s.text}});
  };
  add(a.today, a);
  std::map<Date, Agenda> later;
  for (const AgendaItem& i : a.upcoming)
    if (i.kind == AgendaItem::Kind::step && i.planned > a.today) later[i.planned].due.push_back(i);
  for (const auto& [d, of_day] : later) add(d, of_day);
  return Json{{"today", to_iso(a.today)}, {"days", days}}.dump();
}

// Stable across frames and unique per item: labels are built from it.
std::string item_key(const AgendaItem& item) {
  if (item.kind == AgendaItem::Kind::thanks)
    return "t" + std::to_string(item.client) + "-" + (item.invoices.empty() ? std::string() : std::to_string(item.invoices[0].id));
  return "c" + std::to_string(item.client) + "s" + std::to_string(item.step);
}

void refresh_agenda(TodayUi& t, App& app) {
  const Date today = app.today_date();
  if (t.revision == app.ws.revision() && t.day == today) return;
  t.revision = app.ws.revision();
  t.day = today;
  t.agenda = compute_agenda(app.ws.ledger(), today);
  t.titles.clear();
  const std::vector<AgendaItem>* lists[3] = {&t.agenda.due, &t.agenda.thanks, &t.agenda.upcoming};
  for (int k = 0; k < 3; ++k) {
    t.heights[k].assign(lists[k]->size(), -1.0f);
    if (t.card_heights.empty()) continue;
    for (std::size_t i = 0; i < lists[k]->size(); ++i)
      if (auto it = t.card_heights.find(item_key((*lists[k])[i])); it != t.card_heights.end()) t.heights[k][i] = it->second;
  }
  std::string days = reminder_days_json(t.agenda);
  if (days != t.published) {
    t.published = days;
    platform::publish_reminder_days(days);
  }
}

std::string L(std::string_view text, const std::string& key) { return std::string(text) + "##" + key; }

const char* channel_noun(Channel c) {
  switch (c) {
    case Channel::email: return "E-mail";
    case Channel::sms: return "SMS";
    case Channel::phone: return "Appel";
    case Channel::letter: return "Lettre";
    case Channel::registered_notice: return "Lettre recommandée";
    case Channel::handover: return "Recouvrement";
  }
  return "";
}

// What the message is, as the client will read it (« Relance » for the
// first one sent after a catch-up, whatever its rank in the chain), with the
// chain's step name when it says something else (« Relance 2 »).
std::string card_title(TodayUi& t, App& app, const AgendaItem& item, const std::string& key) {
  // Worked out once per agenda (the wording reads the client's history).
  if (auto it = t.titles.find(key); it != t.titles.end()) return it->second;
  std::string& title = t.titles[key];
  const Ledger& l = app.ws.ledger();
  const Chain* chain = find_chain(l, item.chain_id);
  const Client* client = find_client(l, item.client);
  if (!chain || !client) return title = item.step_name;
  std::vector<InvoiceId> ids;
  for (const AgendaInvoice& i : item.invoices) ids.push_back(i.id);
  const int previous = previous_reminder_count(l, ids, app.today_date(), chain, item.step);
  title = message_title(*chain, item.step, previous);
  if (item.step_name != title) title += " (étape « " + item.step_name + " »)";
  return title;
}

// [SECTION] Sending and recording ----------------------------------------------------

std::string done_text(const AgendaItem& item, const PreparedMessage& m) {
  std::string what = item.kind == AgendaItem::Kind::thanks ? "Remerciement" : "« " + item.step_name + " »";
  std::string how;
  switch (m.channel) {
    case Channel::email: how = "par e-mail"; break;
    case Channel::sms: how = "par SMS"; break;
    case Channel::phone: how = "(appel noté)"; break;
    case Channel::letter: how = "par lettre"; break;
    case Channel::registered_notice: how = "par lettre recommandée"; break;
    case Channel::handover: how = "(dossier de recouvrement)"; break;
  }
  return what + " " + how + " pour " + item.client_name;
}

// Records the item as done with the text that went out; offers the undo.
// `caution`, when set, stays on the done card with the text to copy.
void record(TodayUi& t, App& app, const AgendaItem& item, const PreparedMessage& m, std::string text, std::string caution = {}) {
  const Date today = app.today_date();
  std::string copy = caution.empty() ? std::string() : m.subject.empty() ? text : "Objet : " + m.subject + "\n\n" + text;
  HistoryEntry h = history_entry_for(item, today, m.channel, m.recipient, m.subject, std::move(text));
  // apply() gives the entry its own id; but the journal's reader refuses an
  // "id": 0 (core/storage.cpp only fills in a missing one), and the command
  // would then be refused when it is read back after being stored.
  if (h.id == 0) h.id = app.ws.ledger().next_history_id;
  const std::string key = item_key(item);
  const std::string what = done_text(item, m);
  app.ws.submit(cmd::RecordAction{h}, [&t, &app, key, what, caution = std::move(caution),
                                    copy = std::move(copy)](const Result<Applied>& r) {
    if (!r) {
      t.items[key].error = "Non enregistré : " + forms::capitalized(r.error().what);
      app.notify("L’action n’a pas été enregistrée : " + r.error().what, true);
      platform::request_redraw();
      return;
    }
    t.items.erase(key);
    t.done.push_back({r->history, what, false, caution, copy});
    t.advance = true;
    app.notify(what + " : enregistré dans l’historique.");
  });
}

bool is_letter(Channel c) {
  return c == Channel::letter || c == Channel::registered_notice || c == Channel::handover;
}

// How the user sends it: their mail program (mailto:, sms:, the PDF), the
// text copied, or a webmail's compose window.
enum class Way { open, copy, gmail, outlook };

// The item's message on `channel` as it stands: prepared, with the user's
// edits when they were made on that channel; a letter's PDF when asked.
PreparedMessage message_for(App& app, const AgendaItem& item, const TodayItemUi& u, Channel channel, bool with_pdf) {
  const Ledger& l = app.ws.ledger();
  PreparedMessage m = prepare_message(l, item, channel, app.today_date(), false);
  if (!m.ok()) return m;
  if (u.edited && u.edited_channel == channel) return with_edits(l, std::move(m), u.subject, u.body, with_pdf);
  const std::string subject = m.subject, body = m.edit_body;
  return with_edits(l, std::move(m), subject, body, with_pdf);
}

// Asks the PDF module for the letter's PDF, downloaded when it arrives (the
// card says « Préparation du PDF… » meanwhile, or why it failed). The PDF is
// downloaded even when the card moved on (« Oui » answered meanwhile); a
// failure is said in the banner, and the card offers to try again.
void request_pdf(TodayUi& t, App& app, const std::string& key, const LetterContent& letter,
                 const std::string& file_name) {
  static int last = 0;
  const int id = ++last;
  TodayItemUi& u = t.items[key];
  u.pdf_request = id;
  u.pdf_failed = false;
  platform::make_pdf_in_worker(letter, [&t, &app, key, id, file_name](Result<std::string> pdf) {
    if (pdf) platform::download_made(file_name, "application/pdf", *pdf);
    else app.notify("Le PDF n’a pas pu être préparé : " + pdf.error().what + ".", true);
    auto it = t.items.find(key);
    if (it != t.items.end() && it->second.pdf_request == id) {
      it->second.pdf_request = 0;
      it->second.pdf_failed = !pdf;
    }
    platform::request_redraw();
  });
}

// Opens, copies or downloads the message from this click; then the card
// asks « Envoyé ? », and only « Oui » records it.
void send(TodayUi& t, App& app, const AgendaItem& item, Channel channel, Way way = Way::open) {
  TodayItemUi& u = t.items[item_key(item)];
  u.error.clear();
  u.advice.clear();
  const bool letter = is_letter(channel);
  PreparedMessage m = message_for(app, item, u, channel, letter && way == Way::open);
  if (!m.ok()) {
    u.error = m.error;
    u.preview = true;
    return;
  }
  if (channel == Channel::phone) {
    // A call: write the note first, record it after.
    u.call_open = true;
    if (u.call_note.empty()) u.call_note = m.body;
    if (!m.url.empty()) platform::open_link(m.url);
    return;
  }
  u.caution.clear();
  switch (way) {
    case Way::open:
      if (letter) {
        if (m.pdf_letter) request_pdf(t, app, item_key(item), *m.pdf_letter, m.file_name);
      } else {
        platform::open_link(m.url);
        // A long mailto: link is opened all the same (browsers and most mail
        // apps take it whole), but some (Outlook on Windows) cut it near 2 000
        // characters: the card says so and offers the whole text to paste.
        if (m.too_long)
          u.caution = "Message long : certaines messageries (Outlook sous Windows) coupent un lien e-mail de cette "
                      "taille. Vérifiez que le texte est complet avant d’envoyer, sinon copiez-le en entier.";
      }
      break;
    case Way::copy:
      platform::set_clipboard_text(m.subject.empty() ? m.body : "Objet : " + m.subject + "\n\n" + m.body);
      app.notify("Texte copié : collez-le dans votre messagerie, envoyez-le, puis répondez « Oui » à « Envoyé ? ».");
      break;
    case Way::gmail:
    case Way::outlook: {
      auto url = webmail_compose_url(way == Way::gmail ? Webmail::gmail : Webmail::outlook, m.recipient, m.subject, m.body);
      if (!url) {
        u.error = forms::capitalized(url.error().what);
        return;
      }
      platform::open_link(*url);
      break;
    }
  }
  u.sent = std::move(m);
  u.asking = true;
}

// « Envoyé ? »: Oui records exactly what went out; Pas encore writes nothing.
void sent_question(TodayUi& t, App& app, const AgendaItem& item, TodayItemUi& u, const std::string& key) {
  ImGui::Separator();
  ui::heading("Envoyé ?");
  ui::track("Envoyé ?##" + key);
  ui::note("Seul « Oui » l’enregistre dans l’historique, avec le texte exact qui est parti.");
  if (!u.caution.empty()) forms::warning_text(u.caution);
  if (u.pdf_request) ui::status_text("Préparation du PDF…");
  if (u.pdf_failed) {
    forms::error_text("Le PDF n’a pas pu être préparé (voir le message en haut).");
    if (u.sent.pdf_letter && ui::button(L("Réessayer le PDF", key).c_str()))
      request_pdf(t, app, key, *u.sent.pdf_letter, u.sent.file_name);
  }
  if (ui::button(L("Oui, c’est envoyé", key).c_str())) {
    const std::string text = u.sent.body;
    record(t, app, item, u.sent, text, u.caution);
  }
  ui::same_line_if_fits("Pas encore");
  if (ui::button(L("Pas encore", key).c_str())) {
    u.asking = false;
    app.notify("Rien n’est enregistré : cette relance reste à faire.");
  }
  if (!u.caution.empty()) {
    ui::same_line_if_fits("Copier le texte");
    if (ui::button(L("Copier le texte", key + "-envoye").c_str())) {
      const PreparedMessage& m = u.sent;
      platform::set_clipboard_text(m.subject.empty() ? m.body : "Objet : " + m.subject + "\n\n" + m.body);
      app.notify("Texte copié : collez-le dans votre messagerie.");
    }
  }
}

// [SECTION] An agenda item -------------------------------------------------------------

void invoice_lines(App& app, const AgendaItem& item, const std::string& key) {
  for (const AgendaInvoice& inv : item.invoices) {
    const std::string label = inv.number + "##" + key + "-" + std::to_string(inv.id);
    if (ImGui::SmallButton(label.c_str())) app.open_invoice(inv.id);
    ui::track(label);
    ImGui::SameLine();
    std::string text = forms::eur(inv.balance) + " \u00b7 " +
                       (inv.days_late > 0 ? "échue le " + to_fr(inv.due) + " (" + std::to_string(inv.days_late) + " j)"
                                          : "échéance le " + to_fr(inv.due));
    ImGui::PushTextWrapPos(0.0f);
    ui::text(text.c_str());
    ImGui::PopTextWrapPos();
  }
}

void preview(TodayUi& t, App& app, const AgendaItem& item, TodayItemUi& u, const std::vector<Channel>& channels,
             const std::string& key) {
  const Channel channel = channels[static_cast<std::size_t>(u.channel)];
  if (u.prepared_revision != app.ws.revision() || u.prepared_channel != channel) {
    u.prepared = prepare_message(app.ws.ledger(), item, channel, app.today_date(), false);
    u.prepared_revision = app.ws.revision();
    u.prepared_channel = channel;
  }
  const PreparedMessage& m = u.prepared;
  if (!(u.edited && u.edited_channel == channel)) {
    // Not edited (on this channel): the text shown is the prepared one.
    u.edited = false;
    u.subject = m.subject;
    u.body = m.edit_body;
  }
  if (channels.size() > 1) {
    ui::text_disabled("Envoyer par :");
    for (std::size_t i = 0; i < channels.size(); ++i) {
      const std::string label = L(channel_noun(channels[i]), key + "-canal");
      ui::same_line_if_fits(label.c_str());
      if (ui::radio(label.c_str(), u.channel == static_cast<int>(i))) u.channel = static_cast<int>(i);
      ui::track(label);
    }
  }
  if (!m.ok()) {
    forms::error_text(m.error);
    return;
  }
  if (!m.recipient.empty()) forms::label_value("À :", m.recipient);
  const bool has_subject = !m.subject.empty();
  if (u.editing) {
    // What is typed here is what goes out, and what the history keeps.
    bool changed = false;
    if (has_subject) changed |= ui::field(L("Objet", key + "-objet").c_str(), &u.subject, 60);
    ui::text("Texte");
    const float lines = static_cast<float>(std::min<std::size_t>(std::count(u.body.begin(), u.body.end(), '\n') + 2, 16));
    changed |= ImGui::InputTextMultiline(("##texte-" + key).c_str(), &u.body,
                                         ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * lines + ui::em(0.5f)));
    ui::track_text("Texte##" + key, u.body);
    if (changed) {
      u.edited = true;
      u.edited_channel = channel;
    }
    if (ui::button(L("Terminer la modification", key).c_str())) u.editing = false;
  } else {
    // Wrapped as it will read, selectable through « Copier le texte ».
    if (has_subject) forms::label_value("Objet :", u.subject);
    ImGui::PushTextWrapPos(0.0f);
    ui::text(u.body.c_str());
    ImGui::PopTextWrapPos();
    ui::track_text("Texte##" + key, u.body);
    if (ui::button(L("Modifier le texte", key).c_str())) u.editing = true;
  }
  if (u.edited) {
    ui::same_line_if_fits("Revenir au texte proposé");
    if (ui::button(L("Revenir au texte proposé", key).c_str())) {
      u.edited = false;
      u.editing = false;
    }
    forms::colored_text(forms::muted_color(), "Texte modifié : c’est lui qui sera envoyé et gardé dans l’historique.");
  }
  for (const std::string& w : m.warnings) forms::warning_text(w);
  if (!m.advice.empty()) forms::warning_text(m.advice);
  if (channel == Channel::phone) return;
  const bool thanks = item.kind == AgendaItem::Kind::thanks;
  if (ui::button(L(action_label(channel, thanks), key + "-apercu").c_str())) send(t, app, item, channel);
  if (channel == Channel::email) {
    for (Webmail w : {Webmail::gmail, Webmail::outlook}) {
      const std::string label = L(std::string("Ouvrir dans ") + webmail_name(w), key);
      ui::same_line_if_fits(label.c_str());
      if (ui::button(label.c_str())) send(t, app, item, channel, w == Webmail::gmail ? Way::gmail : Way::outlook);
    }
  }
  ui::same_line_if_fits("Copier le texte");
  if (ui::button(L("Copier le texte", key).c_str())) send(t, app, item, channel, Way::copy);
  ui::same_line_if_fits("Déjà envoyé autrement");
  if (ui::button(L("Déjà envoyé autrement", key).c_str())) {
    // Sent by other means: recorded as it stands here.
    PreparedMessage full = message_for(app, item, u, channel, false);
    if (full.ok()) record(t, app, item, full, full.body);
  }
}

void call_note(TodayUi& t, App& app, const AgendaItem& item, TodayItemUi& u, const std::string& key) {
  const Client* c = find_client(app.ws.ledger(), item.client);
  ui::heading("Note d\u2019appel");
  if (c && !c->phone.empty()) forms::label_value("Téléphone :", c->phone);
  ui::note("Le texte proposé sert de fil conducteur ; notez ce qui a été dit (promesse, litige, personne jointe).");
  forms::text_area(L("Note", key + "-appel").c_str(), &u.call_note, 8);
  if (ui::button(L("Enregistrer l\u2019appel", key).c_str())) {
    if (trim(u.call_note).empty()) {
      u.error = "Écrivez la note de l’appel avant de l’enregistrer.";
    } else {
      PreparedMessage m = prepare_message(app.ws.ledger(), item, Channel::phone, app.today_date(), false);
      record(t, app, item, m, u.call_note);
    }
  }
  ui::same_line_if_fits("Annuler");
  if (ui::button(L("Annuler", key + "-appel").c_str())) u.call_open = false;
}

void draw_item(TodayUi& t, App& app, const AgendaItem& item, bool upcoming) {
  const std::string key = item_key(item);
  TodayItemUi& u = t.items[key];
  const bool thanks = item.kind == AgendaItem::Kind::thanks;
  const std::vector<Channel> channels = channels_for(app.ws.ledger(), item);
  if (u.channel >= static_cast<int>(channels.size())) u.channel = 0;

  if (!upcoming && t.advance && !u.asking) {
    // The card to do next: its message open and in view.
    t.advance = false;
    t.next_key = key;
    u.preview = true;
    ImGui::SetScrollHereY(0.1f);
  }
  forms::begin_card(("##carte-" + key).c_str());
  if (t.next_key == key && !t.done.empty()) {
    forms::colored_text(forms::muted_color(), "Suivant (" + std::to_string(t.done.size()) + " fait" +
                                                  (t.done.size() > 1 ? "s" : "") + " aujourd’hui dans cette session)");
    ui::track("Suivant##" + key);
  }
  const std::string name_label = L(item.client_name, key + "-client");
  ImGui::PushFont(ui::fonts().bold);
  const bool to_client = ImGui::Selectable(name_label.c_str(), false, 0, ImVec2(ImGui::CalcTextSize(item.client_name.c_str()).x, 0));
  ImGui::PopFont();
  ui::track(name_label);
  if (to_client) app.open_client(item.client);
  // Chips wrap to the next line on a narrow screen rather than run off it.
  if (thanks) {
    ui::same_line_if_fits("Remerciement");
    forms::badge("Remerciement", ImVec4(0.82f, 0.94f, 0.85f, 1));
  } else {
    ui::same_line_if_fits(label_fr(item.channel));
    forms::badge(label_fr(item.channel), ImVec4(0.86f, 0.91f, 0.99f, 1));
    if (item.promise_broken) {
      ui::same_line_if_fits("Promesse non tenue");
      forms::badge("Promesse non tenue", ImVec4(0.99f, 0.84f, 0.82f, 1));
    }
  }
  if (thanks) {
    ui::text_wrapped("Factures réglées récemment : un mot de remerciement entretient la relation.");
  } else {
    std::string line = card_title(t, app, item, key) + " \u00b7 ";
    if (upcoming) line += "prévue le " + to_fr(item.planned);
    else if (item.planned < app.today_date()) line += "à faire depuis le " + to_fr(item.planned);
    else line += "à faire aujourd\u2019hui";
    ui::text_wrapped("%s", line.c_str());
    std::string money = forms::eur(item.balance) + " \u00b7 " + forms::lateness(item.days_late);
    if (item.days_late > 0) forms::colored_text(forms::error_color(), money);
    else ui::text_wrapped("%s", money.c_str());
    ui::track("Montant##" + key);
  }
  invoice_lines(app, item, key);
  for (const std::string& n : item.notes) forms::warning_text(n);
  if (item.promise_broken) forms::warning_text("Le client avait promis de payer : la promesse n’a pas été tenue.");

  if (!upcoming && u.asking) {
    sent_question(t, app, item, u, key);
  } else if (!upcoming) {
    if (!channels.empty()) {
      const Channel main = channels[0];
      const std::string main_label = L(action_label(main, thanks), key);
      if (ui::button(main_label.c_str())) send(t, app, item, main);
    }
    ui::same_line_if_fits(u.preview ? "Masquer le texte" : "Voir le texte");
    if (ui::button(L(u.preview ? "Masquer le texte" : "Voir le texte", key).c_str())) u.preview = !u.preview;
    if (!u.error.empty()) forms::error_text(u.error);
    if (!u.advice.empty()) forms::warning_text(u.advice);
    if (u.call_open) {
      ImGui::Separator();
      call_note(t, app, item, u, key);
    } else if (u.preview && !channels.empty()) {
      ImGui::Separator();
      preview(t, app, item, u, channels, key);
    }
  }
  forms::end_card();
}

// The cards of one list, drawn only when they show (or nearly): the others
// take the place they took when last drawn (an estimate before), so the
// scrollbar and what is on screen stay put. 100 000 invoices make ~8 000
// cards; laying them all out took 0.4 s of the first frame. The card
// `forced` (the one « Suivant » opens and scrolls to) is always drawn.
void draw_cards(TodayUi& t, App& app, const std::vector<AgendaItem>& items, std::vector<float>& heights, bool upcoming,
                const AgendaItem* forced = nullptr) {
  if (heights.size() != items.size()) heights.assign(items.size(), -1.0f);
  const float top = ImGui::GetScrollY() - ImGui::GetWindowHeight() * 0.5f;
  const float bottom = ImGui::GetScrollY() + ImGui::GetWindowHeight() * 1.5f;
  float estimate = ui::em(8);
  for (float h : heights)
    if (h > 0) {
      estimate = h;
      break;
    }
  float skipped = 0;  // height of the cards skipped since the last one drawn
  auto flush = [&skipped] {
    if (skipped <= 0) return;
    ImGui::Dummy(ImVec2(0, skipped - ImGui::GetStyle().ItemSpacing.y));
    skipped = 0;
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    const float y = ImGui::GetCursorPosY() + skipped;
    const float h = heights[i] > 0 ? heights[i] : estimate;
    if ((y + h < top || y > bottom) && &items[i] != forced) {
      skipped += h;
      continue;
    }
    flush();
    draw_item(t, app, items[i], upcoming);
    heights[i] = ImGui::GetCursorPosY() - y;
    t.card_heights[item_key(items[i])] = heights[i];
  }
  flush();
}

// The card « Suivant » moves to after a « Oui »: the first to do that is not
// waiting for its « Envoyé ? » answer.
const AgendaItem* advance_target(const TodayUi& t) {
  if (!t.advance) return nullptr;
  for (const auto* list : {&t.agenda.due, &t.agenda.thanks})
    for (const AgendaItem& item : *list) {
      auto it = t.items.find(item_key(item));
      if (it == t.items.end() || !it->second.asking) return &item;
    }
  return nullptr;
}

void draw_done(TodayUi& t, App& app) {
  for (DoneAction& d : t.done) {
    if (d.voided) continue;
    forms::begin_card(("##fait-" + std::to_string(d.id)).c_str());
    forms::colored_text(forms::ok_color(), "Fait : " + d.text + ".");
    if (!d.caution.empty()) {
      forms::warning_text(d.caution);
      const std::string copy = "Copier le texte##fait-" + std::to_string(d.id);
      if (ui::button(copy.c_str())) {
        platform::set_clipboard_text(d.copy);
        app.notify("Texte copié : collez-le dans votre messagerie.");
      }
      ImGui::SameLine();
    }
    const std::string label = "Annuler##fait-" + std::to_string(d.id);
    if (ui::button(label.c_str())) {
      const HistoryId id = d.id;
      app.ws.submit(cmd::VoidAction{id, app.today_date()}, [&t, &app, id](const Result<Applied>& r) {
        if (!r) {
          app.notify("Annulation impossible : " + r.error().what, true);
          return;
        }
        for (DoneAction& x : t.done)
          if (x.id == id) x.voided = true;
        app.notify("Annulé : l’action reste dans l’historique, marquée comme annulée, et revient dans l’agenda.");
      });
    }
    ImGui::SameLine();
    ui::text_disabled("(retire l’action de l’historique et la remet à faire)");
    forms::end_card();
  }
}

// « Ajouter à mon agenda »: the planned reminder dates of the next four
// weeks as an .ics file (one event a day, with the clients and amounts), for
// the phone's or the computer's calendar.
// « Me prévenir » : a notification on the days reminders are due, asked once
// from this click (the browser's own question follows).
void notify_button(TodayUi& t, App& app) {
  switch (platform::notification_permission()) {
    case platform::NotifyPermission::unsupported: return;
    case platform::NotifyPermission::denied:
      ui::note("Notifications refusées pour ce site : autorisez-les dans les réglages du navigateur pour être "
               "prévenu les jours de relance.");
      return;
    case platform::NotifyPermission::granted:
      ui::note("Vous êtes prévenu par une notification les jours où des relances sont à faire.");
      ui::track("Notifications activées");
      return;
    case platform::NotifyPermission::ask: break;
  }
  if (ui::button("Me prévenir les jours de relance")) {
    platform::ask_notifications([&t, &app](platform::NotifyPermission p) {
      if (p == platform::NotifyPermission::granted) {
        t.published.clear();  // published again: the worker notifies today's
        t.revision = UINT64_MAX;
        app.notify("C’est noté : une notification vous préviendra les jours de relance.");
      } else {
        app.notify("Notifications non autorisées : rien ne vous sera envoyé.");
      }
    });
  }
  ui::same_line_if_fits("une notification, même l’application fermée (si installée)");
  ui::text_disabled("une notification, même l’application fermée (si installée)");
}

void calendar_button(App& app) {
  if (ui::button("Ajouter à mon agenda (.ics)")) {
    const Date today = app.today_date();
    const std::string ics = reminders_ics(app.ws.ledger(), today, 28);
    platform::download("relances-" + to_iso(today) + ".ics", "text/calendar", ics);
    app.notify("Fichier d’agenda téléchargé : ouvrez-le pour ajouter les jours de relance à votre calendrier.");
  }
  ui::same_line_if_fits("les jours de relance des 4 prochaines semaines");
  ui::text_disabled("les jours de relance des 4 prochaines semaines");
}

void section_title(const std::string& text, const char* track) {
  ImGui::Spacing();
  ui::heading(text);
  ui::track(track);
}

}  // namespace

// [SECTION] draw ---------------------------------------------------------------------------

void draw(TodayUi& t, App& app) {
  ImGui::BeginChild("##aujourdhui", ImVec2(0, 0), false);
  std::string title = "Aujourd\u2019hui";
  if (std::optional<Date> d = parse_iso_date(app.today)) title += " \u2014 " + to_fr_long(*d);
  ImGui::Dummy(ui::em(0, 0.1f));
  ui::heading(title);
  if (today::draw_start(t, app)) {
    ImGui::EndChild();
    return;
  }
  draw_rates_notice(app, true);  // rates carried forward or not verified: said here once
  refresh_agenda(t, app);
  const Agenda& a = t.agenda;
  draw_done(t, app);

  const std::size_t n = a.due.size();
  // The width changed: the cards' heights are to be measured again.
  if (const float w = ImGui::GetContentRegionAvail().x; w != t.heights_width) {
    t.heights_width = w;
    for (auto& h : t.heights) std::fill(h.begin(), h.end(), -1.0f);
    t.card_heights.clear();
  }
  const AgendaItem* forced = advance_target(t);
  if (n == 0 && a.thanks.empty()) {
    forms::begin_card("##rien");
    ui::heading("Rien à relancer aujourd\u2019hui");
    ui::track("Rien à relancer");
    ui::note(app.ws.ledger().invoices.empty()
                 ? "Ajoutez vos factures dans « Factures » : Relance vous dira ici quand et comment relancer."
                 : "Toutes vos factures sont à jour ou déjà relancées. Profitez-en !");
    forms::end_card();
  } else if (n > 0) {
    Cents total = 0;
    for (const AgendaItem& i : a.due) total += i.balance;
    section_title("À faire aujourd\u2019hui (" + std::to_string(n) + ") \u2014 " + forms::eur(total) + " en jeu",
                  "À faire aujourd’hui");
    draw_cards(t, app, a.due, t.heights[0], false, forced);
  }
  if (!a.thanks.empty()) {
    section_title("Remerciements (" + std::to_string(a.thanks.size()) + ")", "Remerciements");
    draw_cards(t, app, a.thanks, t.heights[1], false, forced);
  }
  section_title("Dans les " + std::to_string(a.horizon_days) + " prochains jours", "Prochains jours");
  calendar_button(app);
  notify_button(t, app);
  if (a.upcoming.empty()) ui::note("Aucune échéance ni relance prévue d’ici là.");
  draw_cards(t, app, a.upcoming, t.heights[2], true);
  ImGui::Dummy(ui::em(0, 1));
  ImGui::EndChild();
}

}  // namespace relance::ui_today

namespace relance {

void TodayScreen::draw() { ui_today::draw(state_, *app_); }

void TodayScreen::start_guided() { state_.guided = true; }

}  // namespace relance
