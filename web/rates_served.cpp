// Rate tables served next to the app, and the one notice about today's rates
// (see rates_served.h).
#include "web/rates_served.h"

#include <algorithm>

#include "core/rates.h"
#include "imgui.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/platform.h"
#include "web/settings_state.h"
#include "web/ui.h"

namespace relance {

namespace {

ServedRates::Pack* find_pack(ServedRates& s, std::string_view id) {
  for (ServedRates::Pack& p : s.packs)
    if (p.id == id) return &p;
  return nullptr;
}

// The packs the ledger uses: the company's, then the clients' overrides.
std::vector<std::string> packs_in_use(const Ledger& l) {
  std::vector<std::string> ids{law_for_country(l.company.address.country)};
  for (const Client& c : l.clients)
    if (!c.law.empty() && std::find(ids.begin(), ids.end(), c.law) == ids.end()) ids.push_back(c.law);
  return ids;
}

void received(App& app, const std::string& id, platform::SiteFile f) {
  ServedRates::Pack* p = find_pack(app.served_rates, id);
  if (!p) return;
  p->on = app.today;
  if (!f.ok) {
    p->state = ServedRates::State::absent;
    p->detail = f.error;
    return;
  }
  Result<Jurisdiction> j = parse_jurisdiction(f.text, "rates/" + id + ".json");
  if (!j) {
    p->state = ServedRates::State::invalid;
    p->detail = j.error().message();
    return;
  }
  if (j->id != id) {
    p->state = ServedRates::State::invalid;
    p->detail = "le fichier est celui du droit \u00ab " + j->id + " \u00bb, pas \u00ab " + id + " \u00bb";
    return;
  }
  switch (use_served_pack(*j)) {
    case ServedPack::used:
      p->state = ServedRates::State::used;
      ++app.served_rates.changes;
      app.ws.touch();  // penalties, letters and reports follow the new tables
      break;
    case ServedPack::same: p->state = ServedRates::State::same; break;
    case ServedPack::older: p->state = ServedRates::State::older; break;
    case ServedPack::unknown:
      p->state = ServedRates::State::invalid;
      p->detail = "droit \u00ab " + id + " \u00bb inconnu";
      break;
  }
}

std::string host_of(const std::string& source) {
  const std::size_t scheme = source.find("://");
  if (scheme == std::string::npos) return {};
  const std::size_t start = scheme + 3;
  const std::size_t end = source.find_first_of("/ ", start);
  std::string host = source.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (host.rfind("www.", 0) == 0) host = host.substr(4);
  return host;
}

std::string half_year_fr(Date d) {
  return std::string(d.month() <= 6 ? "1er" : "2e") + " semestre " + std::to_string(d.year());
}

// A table whose rate today is carried forward or not verified.
struct Issue {
  std::string name;  // "taux de la BCE 2,40 %"
  std::string host;  // where to check it: "ecb.europa.eu"
  bool known = false;
  Date period;       // the half-year (or day) of the rate used
  Date wanted;       // the half-year without a row (carried forward)
};

std::optional<Issue> issue_of(const RateTable& t, Date today, Fixing fixing) {
  if (t.periods.empty()) return std::nullopt;
  const RateOnDay r = rate_on(t, today, fixing);
  if (r.known && r.verified) return std::nullopt;
  Issue i;
  i.name = (t.short_name.empty() ? t.name : t.short_name) + " " + format_rate_fr(r.rate);
  for (const RatePeriod& p : t.periods)
    if (p.from == r.period_start) i.host = host_of(p.source);
  i.known = r.known;
  i.period = r.period_start;
  i.wanted = fixing == Fixing::half_year ? half_year_start(today) : today;
  return i;
}

std::string join_fr(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t k = 0; k < parts.size(); ++k)
    out += (k == 0 ? "" : k + 1 == parts.size() ? " et " : ", ") + parts[k];
  return out;
}

}  // namespace

void sync_served_rates(App& app) {
  ServedRates& s = app.served_rates;
  if (s.revision == app.ws.revision()) return;
  s.revision = app.ws.revision();
  for (const std::string& id : packs_in_use(app.ws.ledger())) {
    if (find_pack(s, id) || !shipped_pack(id)) continue;
    ServedRates::Pack asked;
    asked.id = id;
    s.packs.push_back(std::move(asked));
    platform::fetch_site_file("rates/" + id + ".json",
                              [&app, id](platform::SiteFile f) { received(app, id, std::move(f)); });
  }
}

const ServedRates::Pack* served_pack(const App& app, std::string_view id) {
  for (const ServedRates::Pack& p : app.served_rates.packs)
    if (p.id == id) return &p;
  return nullptr;
}

RatesOrigin rates_origin(const App& app) {
  const Ledger& l = app.ws.ledger();
  const std::string id = law_for_country(l.company.address.country);
  const ServedRates::Pack* p = served_pack(app, id);
  const std::string file = "rates/" + id + ".json";
  RatesOrigin o;
  const bool served = p && p->state == ServedRates::State::used;
  const std::string on = p ? to_fr(parse_iso_date(p->on).value_or(Date())) : std::string();
  if (l.custom_rates) {
    o.text = "Tables utilis\u00e9es : les v\u00f4tres (modifi\u00e9es ou import\u00e9es), enregistr\u00e9es avec vos donn\u00e9es.";
    if (served)
      o.note = "Le site sert aussi des taux (" + file + ", lus le " + on +
               ") : vos tables passent avant. \u00ab Revenir aux taux fournis \u00bb pour utiliser ceux du site.";
  } else if (served) {
    o.text = "Tables utilis\u00e9es : servies par le site le " + on + " (" + file + ").";
  } else {
    o.text = "Tables utilis\u00e9es : int\u00e9gr\u00e9es \u00e0 l\u2019application.";
  }
  if (p && p->state == ServedRates::State::invalid)
    o.note = "Le fichier " + file + " servi par le site a \u00e9t\u00e9 ignor\u00e9 (" + p->detail +
             ") : les taux " + (l.custom_rates ? "ci-dessous" : "int\u00e9gr\u00e9s") + " restent utilis\u00e9s.";
  else if (p && p->state == ServedRates::State::older)
    o.note = "Le fichier " + file + " servi par le site a \u00e9t\u00e9 ignor\u00e9 : il s\u2019arr\u00eate avant le "
             "dernier semestre que l\u2019application conna\u00eet.";
  return o;
}

std::string rates_notice(const Ledger& l, Date today) {
  if (!today.ok()) return {};
  const Jurisdiction& j = jurisdiction(l);
  std::vector<Issue> issues;
  for (const RateTable* t : {&j.reference, &j.legal_rate})
    if (std::optional<Issue> i = issue_of(*t, today, j.fixing)) issues.push_back(std::move(*i));
  std::vector<std::string> carried, unverified, hosts;
  Date wanted, period;
  for (const Issue& i : issues) {
    (i.known ? unverified : carried).push_back(i.name + (i.known ? "" : " du " + half_year_fr(i.period)));
    if (!i.host.empty() && std::find(hosts.begin(), hosts.end(), i.host) == hosts.end()) hosts.push_back(i.host);
    if (!i.known) wanted = i.wanted;
    else period = i.period;
  }
  const std::string where = hosts.empty() ? "la source officielle" : join_fr(hosts);
  std::string out;
  if (!carried.empty())
    out = (carried.size() > 1 ? "Taux du " + half_year_fr(wanted) + " inconnus : " : "Taux du " + half_year_fr(wanted) + " inconnu : ") +
          join_fr(carried) + (carried.size() > 1 ? " reconduits" : " reconduit") +
          " (les lettres le disent). Ajoutez le taux publi\u00e9 (" + where + ") dans Param\u00e8tres \u203a Taux.";
  if (!unverified.empty()) {
    if (!out.empty()) out += " ";
    out += (unverified.size() > 1 ? "Taux du " + half_year_fr(period) + " non v\u00e9rifi\u00e9s : "
                                  : "Taux du " + half_year_fr(period) + " non v\u00e9rifi\u00e9 : ") +
           join_fr(unverified) + ". V\u00e9rifiez sur " + where +
           " puis cochez \u00ab V\u00e9rifi\u00e9 \u00bb dans Param\u00e8tres \u203a Taux.";
  }
  return out;
}

void draw_rates_notice(App& app, bool with_button) {
  const std::string text = rates_notice(app.ws.ledger(), app.today_date());
  if (text.empty()) return;
  forms::warning_text(text);
  ui::track_text("Taux \u00e0 v\u00e9rifier", text);
  if (with_button && ui::button("V\u00e9rifier les taux")) {
    app.screens.settings.state().tab = kTabRates;
    app.navigate({Screen::settings});
  }
}

}  // namespace relance
