#include "web/today_messages.h"

#include <algorithm>

#include "core/letter_edit.h"
#include "core/links.h"
#include "core/messages.h"
#include "core/text.h"

namespace relance {

namespace {

void add_once(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

// Core errors start in lower case; here they start a sentence.
std::string first_upper(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  if (!s.empty() && s.back() != '.') s += '.';
  return s;
}

std::vector<InvoiceId> ids_of(const AgendaItem& item) {
  std::vector<InvoiceId> ids;
  for (const AgendaInvoice& i : item.invoices) ids.push_back(i.id);
  return ids;
}

// The template the item's written message uses: a broken promise gets its own
// wording for e-mails and SMS; otherwise the step's (or the thank-you's).
const Template* base_template(const Ledger& l, const AgendaItem& item, const Client& client, Channel channel) {
  if (item.kind == AgendaItem::Kind::thanks) return thanks_template(l, client.kind);
  if (item.promise_broken && (channel == Channel::email || channel == Channel::sms))
    if (const Template* t = promise_broken_template(l, client.kind)) return t;
  const Chain* chain = find_chain(l, item.chain_id);
  return chain ? template_for_step(l, *chain, item.step) : nullptr;
}

TemplateValues values_for(const Ledger& l, const AgendaItem& item, const Client& client, Date today) {
  const Chain* chain = item.kind == AgendaItem::Kind::thanks ? nullptr : find_chain(l, item.chain_id);
  return message_values(l, client, ids_of(item), today, chain, item.kind == AgendaItem::Kind::thanks ? -1 : item.step);
}

void take_warnings(PreparedMessage& out, const std::vector<std::string>& w) {
  // Rates carried forward or not verified: said once, in the notice on top
  // of Aujourd’hui (rates_served.h); the letter itself says so.
  for (const std::string& s : w)
    if (!is_rate_warning(s)) add_once(out.warnings, s);
}

void as_email(const Ledger& l, const AgendaItem& item, const Client& client, const Template& t, Date today,
              PreparedMessage& out) {
  if (trim(client.email).empty()) {
    out.error = "Pas d’adresse e-mail pour ce client : envoyez la lettre (PDF) ou ajoutez son adresse dans sa fiche.";
    return;
  }
  Template e = t;
  e.channel = Channel::email;
  if (trim(e.subject).empty()) e.subject = "Facture {invoice_number}";
  const Message m = render_message(l, e, values_for(l, item, client, today), client);
  out.recipient = m.recipient;
  out.subject = m.subject;
  out.body = m.body;
  take_warnings(out, m.warnings);
  take_warnings(out, message_checks(l, ids_of(item), today));
  auto link = mailto_link(m.recipient, "", m.subject, m.body);
  if (!link) {
    out.error = "Adresse e-mail refusée : " + link.error().what;
    return;
  }
  out.url = link->url;
  out.too_long = link->too_long;
  out.advice = link->advice;
}

void as_sms(const Ledger& l, const AgendaItem& item, const Client& client, const Template* t, Date today,
            PreparedMessage& out) {
  if (t && t->channel != Channel::sms) t = sms_variant(l, *t);
  if (!t) {
    out.error = "Pas de version SMS de ce message : envoyez-le par e-mail ou par courrier.";
    return;
  }
  const Message m = render_message(l, *t, values_for(l, item, client, today), client);
  out.recipient = client.phone;
  out.body = m.body;
  take_warnings(out, m.warnings);
  take_warnings(out, message_checks(l, ids_of(item), today));
  if (trim(client.phone).empty()) {
    out.error = "Pas de numéro de téléphone pour ce client : ajoutez-le dans sa fiche, ou écrivez-lui.";
    return;
  }
  auto link = sms_link(client.phone, m.body);
  if (!link) {
    out.error = "Numéro de téléphone inutilisable (" + client.phone + ") : " + link.error().what;
    return;
  }
  out.url = link->url;
  out.advice = link->advice;
}

}  // namespace

std::vector<Channel> channels_for(const Ledger& l, const AgendaItem& item) {
  const Client* client = find_client(l, item.client);
  if (!client) return {};
  if (item.kind == AgendaItem::Kind::thanks) {
    const Template* t = thanks_template(l, client->kind);
    if (!t) return {};
    if (t->channel == Channel::sms) return {Channel::sms, Channel::email};
    std::vector<Channel> out{Channel::email};
    if (sms_variant(l, *t)) out.push_back(Channel::sms);
    return out;
  }
  switch (item.channel) {
    case Channel::email: {
      std::vector<Channel> out{Channel::email};
      const Template* t = base_template(l, item, *client, Channel::sms);
      if (t && (t->channel == Channel::sms || sms_variant(l, *t))) out.push_back(Channel::sms);
      out.push_back(Channel::letter);
      return out;
    }
    case Channel::sms: return {Channel::sms, Channel::email, Channel::letter};
    case Channel::phone: return {Channel::phone};
    case Channel::letter: return {Channel::letter, Channel::email};
    case Channel::registered_notice: return {Channel::registered_notice, Channel::email};
    case Channel::handover: return {Channel::handover};
  }
  return {item.channel};
}

namespace {

// The message as the templates and letters word it, before any edit.
PreparedMessage prepare_unedited(const Ledger& l, const AgendaItem& item, Channel channel, Date today, bool with_pdf) {
  PreparedMessage out;
  out.channel = channel;
  const Client* client = find_client(l, item.client);
  if (!client) {
    out.error = "Client introuvable.";
    return out;
  }
  const Template* t = base_template(l, item, *client, channel);
  switch (channel) {
    case Channel::email: {
      if (!t) {
        out.error = "Modèle de message introuvable.";
        return out;
      }
      // A plain step goes through the core's e-mail draft (same step and
      // invoices as the letters); a thank-you or a broken promise has its own wording.
      if (item.kind == AgendaItem::Kind::step && !(item.promise_broken && promise_broken_template(l, client->kind))) {
        if (trim(client->email).empty()) {
          out.error = "Pas d’adresse e-mail pour ce client : envoyez la lettre (PDF) ou ajoutez son adresse dans sa fiche.";
          return out;
        }
        LetterRequest r;
        r.client = client->id;
        r.step = item.step;
        r.invoices = ids_of(item);
        r.today = today;
        auto d = email_draft(l, r);
        if (!d) {
          out.error = first_upper(d.error().what);
          return out;
        }
        out.recipient = d->recipient;
        out.subject = d->subject;
        out.body = d->body;
        out.url = d->link.url;
        out.too_long = d->link.too_long;
        out.advice = d->link.advice;
        take_warnings(out, d->warnings);
        return out;
      }
      as_email(l, item, *client, *t, today, out);
      return out;
    }
    case Channel::sms:
      as_sms(l, item, *client, t, today, out);
      return out;
    case Channel::phone: {
      if (!t) {
        out.error = "Modèle d’appel introuvable.";
        return out;
      }
      const Message m = render_message(l, *t, values_for(l, item, *client, today), *client);
      out.recipient = client->phone;
      out.subject = m.subject;
      out.body = m.body;
      take_warnings(out, message_checks(l, ids_of(item), today));
      if (auto p = normalize_phone(client->phone)) out.url = "tel:" + *p;
      else out.advice = trim(client->phone).empty() ? "Pas de numéro de téléphone dans la fiche du client."
                                                     : "Numéro de téléphone à vérifier : " + client->phone;
      return out;
    }
    case Channel::letter:
    case Channel::registered_notice:
    case Channel::handover: {
      LetterRequest r;
      r.client = client->id;
      r.type = LetterType::reminder;
      r.step = item.kind == AgendaItem::Kind::thanks ? -1 : item.step;
      r.invoices = ids_of(item);
      r.today = today;
      if (item.kind == AgendaItem::Kind::thanks) {
        out.error = "Un remerciement s’envoie par e-mail ou par SMS.";
        return out;
      }
      auto c = letter_content(l, r);
      if (!c) {
        out.error = first_upper(c.error().what);
        return out;
      }
      // The step's own channel is what the history records (a formal notice
      // stays a formal notice); an e-mail or SMS step sent by post is a letter.
      if (item.channel == Channel::registered_notice || item.channel == Channel::handover) out.channel = item.channel;
      else out.channel = Channel::letter;
      out.subject = c->subject;
      out.body = letter_text(*c);
      std::string address;
      for (const std::string& line : c->recipient) address += (address.empty() ? "" : ", ") + line;
      out.recipient = address;
      take_warnings(out, c->warnings);
      out.file_name = pdf_file_name(out.channel == Channel::registered_notice ? "mise-en-demeure" : "relance",
                                    client->name, today);
      out.letter = r;
      out.edit_body = letter_body_text(*c);
      if (with_pdf) out.pdf_letter = std::move(*c);
      return out;
    }
  }
  return out;
}

}  // namespace

PreparedMessage prepare_message(const Ledger& l, const AgendaItem& item, Channel channel, Date today, bool with_pdf) {
  PreparedMessage m = prepare_unedited(l, item, channel, today, with_pdf);
  if (m.edit_body.empty()) m.edit_body = m.body;
  return m;
}

PreparedMessage with_edits(const Ledger& l, PreparedMessage m, std::string_view subject, std::string_view body,
                           bool with_pdf) {
  const bool letter = m.channel == Channel::letter || m.channel == Channel::registered_notice ||
                      m.channel == Channel::handover;
  if (subject == m.subject && body == m.edit_body) {
    if (letter && with_pdf && !m.pdf_letter) {
      if (auto c = letter_content(l, m.letter)) m.pdf_letter = std::move(*c);
    }
    return m;
  }
  m.edited = true;
  m.subject = std::string(subject);
  m.edit_body = std::string(body);
  m.body = std::string(body);
  switch (m.channel) {
    case Channel::email:
      if (auto link = mailto_link(m.recipient, "", m.subject, m.body)) {
        m.url = link->url;
        m.too_long = link->too_long;
      } else {
        m.error = first_upper(link.error().what);
      }
      break;
    case Channel::sms:
      if (auto link = sms_link(m.recipient, m.body)) m.url = link->url;
      else m.error = first_upper(link.error().what);
      break;
    case Channel::phone: break;
    case Channel::letter:
    case Channel::registered_notice:
    case Channel::handover:
      if (with_pdf) {
        auto c = letter_content(l, m.letter);
        if (c) m.pdf_letter = with_edited_text(std::move(*c), m.subject, m.body);
        else m.error = first_upper(c.error().what);
      }
      break;
  }
  return m;
}

std::string letter_text(const LetterContent& c) {
  std::string out;
  auto line = [&](std::string_view s) {
    out += s;
    out += '\n';
  };
  if (!c.mention.empty()) line(c.mention);
  if (!c.subject.empty()) line("Objet : " + c.subject);
  out += '\n';
  for (const LetterBlock& b : c.body) {
    switch (b.kind) {
      case LetterBlock::Kind::table: {
        auto row = [&](const std::vector<std::string>& cells) {
          std::string r;
          for (const std::string& cell : cells) r += (r.empty() ? "" : " | ") + cell;
          line(r);
        };
        if (!b.table.header.empty()) row(b.table.header);
        for (const auto& r : b.table.rows) row(r);
        if (!b.table.total.empty()) row(b.table.total);
        out += '\n';
        break;
      }
      case LetterBlock::Kind::item: line(b.text); break;
      default:
        line(b.text);
        out += '\n';
        break;
    }
  }
  for (const std::string& s : c.signature) line(s);
  if (!c.enclosures.empty()) {
    out += '\n';
    line(c.enclosures);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string pdf_file_name(std::string_view prefix, std::string_view client_name, Date today) {
  std::string slug;
  for (char ch : fold(client_name)) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) slug += ch;
    else if (!slug.empty() && slug.back() != '-') slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.empty()) slug = "client";
  return std::string(prefix) + "-" + slug + "-" + to_iso(today) + ".pdf";
}

const char* action_label(Channel channel, bool thanks) {
  if (thanks) return channel == Channel::sms ? "Envoyer le SMS de remerciement" : "Écrire le remerciement";
  switch (channel) {
    case Channel::email: return "Écrire l\u2019e-mail";
    case Channel::sms: return "Envoyer le SMS";
    case Channel::phone: return "Noter l\u2019appel";
    case Channel::letter: return "Télécharger la lettre (PDF)";
    case Channel::registered_notice: return "Télécharger la mise en demeure (PDF)";
    case Channel::handover: return "Télécharger le courrier (PDF)";
  }
  return "Préparer";
}

}  // namespace relance
