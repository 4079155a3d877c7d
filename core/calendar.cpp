#include "core/calendar.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "core/wording.h"

namespace relance {

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') out += ' ';
        else out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  std::string out;
  std::size_t used = 0;  // octets on the current physical line
  std::size_t i = 0;
  while (i < line.size()) {
    // One UTF-8 character at a time, never split.
    std::size_t len = 1;
    const unsigned char b = static_cast<unsigned char>(line[i]);
    if (b >= 0xF0) len = 4;
    else if (b >= 0xE0) len = 3;
    else if (b >= 0xC0) len = 2;
    len = std::min(len, line.size() - i);
    if (used + len > 75) {
      out += "\r\n ";
      used = 1;
    }
    out.append(line.substr(i, len));
    used += len;
    i += len;
  }
  out += "\r\n";
  return out;
}

namespace {

std::string ics_date(Date d) {
  std::string s = to_iso(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n > 1 ? many : one); }

const char* channel_word(Channel c) {
  switch (c) {
    case Channel::email: return "e-mail";
    case Channel::sms: return "SMS";
    case Channel::phone: return "appel";
    case Channel::letter: return "courrier";
    case Channel::registered_notice: return "mise en demeure";
    case Channel::handover: return "recouvrement";
  }
  return "";
}

}  // namespace

std::string reminders_ics(const Agenda& agenda, Date today, int days) {
  days = std::clamp(days, 1, 366);
  const Date last = today + (days - 1);
  std::map<Date, std::vector<const AgendaItem*>> by_day;
  for (const AgendaItem& i : agenda.due) by_day[today].push_back(&i);
  for (const AgendaItem& i : agenda.upcoming)
    if (i.planned <= last) by_day[std::max(i.planned, today)].push_back(&i);

  std::string out;
  auto line = [&](std::string_view s) { out += ics_fold(s); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//Relance//Relances de factures//FR");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:Relances");
  for (const auto& [day, items] : by_day) {
    Cents total = 0;
    std::string desc;
    for (const AgendaItem* i : items) {
      total += i->balance;
      std::string numbers;
      for (const AgendaInvoice& inv : i->invoices) numbers += (numbers.empty() ? "" : ", ") + inv.number;
      desc += (desc.empty() ? "" : "\n") + std::string("- ") + i->client_name + " : " + format_eur(i->balance) + " (" +
              step_display_name(i->step_name, i->channel) + " ; " + numbers + ")";
    }
    const int n = static_cast<int>(items.size());
    std::string summary = plural(n, "relance", "relances") + " à faire — " + format_eur(total) + " en jeu";
    if (n == 1) summary = "Relance " + std::string(channel_word(items[0]->channel)) + " : " + items[0]->client_name +
                          " — " + format_eur(total);
    line("BEGIN:VEVENT");
    line("UID:relance-" + ics_date(day) + "@relance.app");
    line("DTSTAMP:" + ics_date(today) + "T000000Z");
    line("DTSTART;VALUE=DATE:" + ics_date(day));
    line("DTEND;VALUE=DATE:" + ics_date(day + 1));
    line("SUMMARY:" + ics_escape(summary));
    line("DESCRIPTION:" + ics_escape(desc + "\nÀ faire dans Relance, « Aujourd'hui »."));
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

std::string reminders_ics(const Ledger& l, Date today, int days) {
  days = std::clamp(days, 1, 366);
  return reminders_ics(compute_agenda(l, today, days), today, days);
}

DaySummary day_summary(const Agenda& agenda) {
  DaySummary s;
  std::set<ClientId> clients;
  std::set<InvoiceId> seen;
  for (const AgendaItem& i : agenda.due) {
    ++s.count;
    clients.insert(i.client);
    for (const AgendaInvoice& inv : i.invoices)
      if (seen.insert(inv.id).second) s.at_stake += inv.balance;
  }
  s.clients = static_cast<int>(clients.size());
  if (s.count == 0) s.text = "Aucune relance à faire aujourd'hui";
  else
    s.text = plural(s.count, "relance", "relances") + " à faire aujourd'hui — " + format_eur(s.at_stake) + " en jeu";
  return s;
}

DaySummary day_summary(const Ledger& l, Date today) { return day_summary(compute_agenda(l, today, 0)); }

}  // namespace relance
