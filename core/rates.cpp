#include "core/rates.h"

#include <algorithm>
#include <deque>
#include <map>

#include "core/assets.h"
#include "core/text.h"

namespace relance {
namespace {

std::string half_year_name(Date d) {
  return std::string(d.month() <= 6 ? "1er" : "2e") + " semestre " + std::to_string(d.year());
}

}  // namespace

RateOnDay rate_on(const RateTable& table, Date day, Fixing fixing) {
  RateOnDay out;
  if (table.periods.empty()) {
    out.warning = "Aucun taux dans la table « " + table.name + " » : taux nul utilisé.";
    return out;
  }
  const Date key = fixing == Fixing::half_year ? half_year_start(day) : day;
  // The last period starting on or before the key.
  auto it = std::upper_bound(table.periods.begin(), table.periods.end(), key,
                             [](Date d, const RatePeriod& p) { return d < p.from; });
  if (it == table.periods.begin()) {
    const RatePeriod& first = table.periods.front();
    out.rate = first.rate;
    out.period_start = first.from;
    out.verified = first.verified;
    out.warning = "Pas de taux connu avant le " + to_fr(first.from) + " (" + table.name + ") : le premier taux connu (" +
                  format_rate_fr(first.rate) + ") est utilisé.";
    return out;
  }
  const RatePeriod& p = *(it - 1);
  out.rate = p.rate;
  out.period_start = p.from;
  out.verified = p.verified;
  out.known = fixing == Fixing::daily || p.from == key;
  if (!out.known) {
    out.warning = "Taux du " + half_year_name(day) + " inconnu (" + table.name + ") : le dernier taux connu (" +
                  format_rate_fr(p.rate) + ", " + half_year_name(p.from) +
                  ") est reporté. Mettez la table à jour dans Paramètres.";
  } else if (!p.verified) {
    out.warning = "Taux du " + half_year_name(p.from) + " (" + format_rate_fr(p.rate) + ", " + table.name +
                  ") non vérifié : contrôlez-le auprès de la source officielle.";
  }
  return out;
}

bool is_rate_warning(std::string_view w) {
  const auto starts = [&](std::string_view p) { return w.substr(0, p.size()) == p; };
  const auto has = [&](std::string_view p) { return w.find(p) != std::string_view::npos; };
  return starts("Aucun taux dans la table \u00ab ") || starts("Pas de taux connu avant le ") ||
         (starts("Taux du ") && (has(") est report\u00e9.") || has(") non v\u00e9rifi\u00e9 :")));
}

RateOnDay b2b_rate_on(const Jurisdiction& j, Date day) {
  RateOnDay r = rate_on(j.reference, day, j.fixing);
  r.rate += j.b2b_margin;
  if (j.b2b_rounding == RateRounding::up_to_half_point) {
    // Up to the next half point (a multiple of 0.50 %), negative rates too.
    constexpr BasisPoints half = kPercent / 2;
    const BasisPoints q = r.rate / half;
    r.rate = (q * half < r.rate ? q + 1 : q) * half;
  }
  return r;
}

RateOnDay legal_rate_on(const Jurisdiction& j, Date day) {
  if (j.consumer_margin) {
    RateOnDay r = rate_on(j.reference, day, j.fixing);
    r.rate += *j.consumer_margin;
    return r;
  }
  return rate_on(j.legal_rate, day, j.fixing);
}

RateOnDay public_rate_on(const Jurisdiction& j, Date day) {
  if (!j.public_buyer) return b2b_rate_on(j, day);
  RateOnDay r = rate_on(j.reference, day, j.fixing);
  r.rate += j.public_buyer->margin;
  return r;
}

Cents indemnity_for(const Jurisdiction& j, Cents amount) {
  for (const IndemnityTier& t : j.indemnity_tiers)
    if (t.below == 0 || amount < t.below) return t.amount;
  return j.indemnity;
}

std::string format_money(const Jurisdiction& j, Cents c) {
  if (j.currency == "EUR" || j.currency.empty()) return format_eur(c);
  const char* sign = j.currency == "GBP" ? "£" : j.currency.c_str();
  return format_fr_number(c) + "\u00a0" + sign;
}

std::string rate_note(const RateTable& table, const RateOnDay& r, Date day) {
  const std::string name = table.short_name.empty() ? table.name : table.short_name;
  if (!r.known && r.period_start.ok() && r.period_start <= day)
    return name + " du " + half_year_name(r.period_start) + " reconduit faute de publication connue pour le " +
           half_year_name(day);
  if (!r.known) return name + " du " + half_year_name(r.period_start) + ", premier taux connu, appliqué à une période antérieure";
  if (!r.verified) return name + " du " + half_year_name(r.period_start) + " non vérifié auprès de la source officielle";
  return {};
}

// ============================================================ [json]
namespace {

Json table_json(const RateTable& t) {
  Json periods = Json::array();
  for (const RatePeriod& p : t.periods)
    periods.push_back({{"from", to_iso(p.from)}, {"rate", format_rate(p.rate)}, {"source", p.source}, {"verified", p.verified}});
  Json j = {{"name", t.name}, {"periods", periods}};
  if (!t.short_name.empty()) j["short_name"] = t.short_name;
  return j;
}

void read_table(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, RateTable& out,
                bool required) {
  const Json* j = r.member(obj, key, path, required);
  if (!j) return;
  const std::string p = JsonReader::key_path(path, key);
  if (!r.expect_object(*j, p)) return;
  r.read(*j, "name", p, out.name);
  r.read(*j, "short_name", p, out.short_name);
  const Json* periods = r.member(*j, "periods", p, true);
  if (!periods || !r.expect_array(*periods, p + ".periods")) return;
  out.periods.clear();
  for (std::size_t i = 0; i < periods->size(); ++i) {
    const std::string ip = JsonReader::index_path(p + ".periods", i);
    const Json& e = (*periods)[i];
    if (!r.expect_object(e, ip)) continue;
    RatePeriod rp;
    r.read_date(e, "from", ip, rp.from, true);
    r.read_rate(e, "rate", ip, rp.rate, true);
    r.read(e, "source", ip, rp.source);
    r.read(e, "verified", ip, rp.verified);
    if (!out.periods.empty() && rp.from.ok() && out.periods.back().from.ok() && rp.from <= out.periods.back().from)
      r.fail(ip + ".from", "les périodes doivent être dans l'ordre des dates, sans doublon");
    out.periods.push_back(std::move(rp));
  }
}

}  // namespace

Json jurisdiction_json(const Jurisdiction& j) {
  Json notes = Json::array();
  for (const std::string& n : j.notes) notes.push_back(n);
  Json out = {{"format", "relance-rates"},
          {"version", 1},
          {"id", j.id},
          {"name", j.name},
          {"b2b",
           {{"reference", table_json(j.reference)},
            {"margin", format_rate(j.b2b_margin)},
            {"rounding", j.b2b_rounding == RateRounding::none ? "none" : "up_to_half_point"},
            {"fixing", j.fixing == Fixing::half_year ? "half_year" : "daily"},
            {"indemnity", format_decimal(j.indemnity)},
            {"contractual_min_multiple", j.contractual_min_multiple}}},
          {"day_count", j.day_count},
          {"legal_rate", table_json(j.legal_rate)},
          {"legal_rate_private", table_json(j.legal_rate_private)},
          {"limitation_years", {{"b2b", j.b2b_limitation_years}, {"b2c", j.b2c_limitation_years}}},
          {"max_terms", {{"days", j.max_terms_days}, {"end_of_month_days", j.max_terms_eom_days}}},
          {"notes", notes}};
  Json& b2b = out["b2b"];
  if (!j.indemnity_tiers.empty()) {
    Json tiers = Json::array();
    for (const IndemnityTier& t : j.indemnity_tiers) {
      Json e = {{"amount", format_decimal(t.amount)}};
      if (t.below) e["below"] = format_decimal(t.below);
      tiers.push_back(e);
    }
    b2b["indemnity_tiers"] = tiers;
  }
  out["currency"] = j.currency;
  out["laws"] = {{"penalties", j.penalty_law}, {"indemnity", j.indemnity_law}, {"consumer", j.consumer_law}};
  if (j.consumer_margin) out["consumer_margin"] = format_rate(*j.consumer_margin);
  if (j.public_buyer)
    out["public_buyer"] = {{"margin", format_rate(j.public_buyer->margin)},
                           {"max_terms_days", j.public_buyer->max_terms_days},
                           {"hospital_max_terms_days", j.public_buyer->hospital_max_terms_days},
                           {"penalty_law", j.public_buyer->penalty_law},
                           {"indemnity_law", j.public_buyer->indemnity_law},
                           {"source", j.public_buyer->source}};
  if (j.judgment)
    out["judgment"] = {{"margin", format_rate(j.judgment->margin)},
                       {"delay_months", j.judgment->delay_months},
                       {"law", j.judgment->law},
                       {"source", j.judgment->source}};
  return out;
}

std::string jurisdiction_to_json(const Jurisdiction& j) { return dump_json(jurisdiction_json(j), 1) + "\n"; }

bool read_jurisdiction(JsonReader& r, const Json& j, const std::string& path, Jurisdiction& out) {
  const std::size_t errors_before = r.errors().size();
  if (!r.expect_object(j, path)) return false;
  std::string format;
  r.read(j, "format", path, format);
  if (!format.empty() && format != "relance-rates")
    r.fail(path + ".format", "« relance-rates » attendu, trouvé « " + format + " »");
  int version = 1;
  r.read(j, "version", path, version);
  if (version != 1) r.fail(path + ".version", "version " + std::to_string(version) + " inconnue (1 attendue)");
  r.read(j, "id", path, out.id, true);
  r.read(j, "name", path, out.name, true);
  if (const Json* b2b = r.member(j, "b2b", path, true); b2b && r.expect_object(*b2b, path + ".b2b")) {
    const std::string bp = path + ".b2b";
    read_table(r, *b2b, "reference", bp, out.reference, true);
    r.read_rate(*b2b, "margin", bp, out.b2b_margin, true);
    std::string rounding = "none", fixing = "half_year";
    r.read(*b2b, "rounding", bp, rounding);
    r.read(*b2b, "fixing", bp, fixing);
    if (rounding == "none") out.b2b_rounding = RateRounding::none;
    else if (rounding == "up_to_half_point") out.b2b_rounding = RateRounding::up_to_half_point;
    else r.fail(bp + ".rounding", "« none » ou « up_to_half_point » attendu, trouvé « " + rounding + " »");
    if (fixing == "half_year") out.fixing = Fixing::half_year;
    else if (fixing == "daily") out.fixing = Fixing::daily;
    else r.fail(bp + ".fixing", "« half_year » ou « daily » attendu, trouvé « " + fixing + " »");
    r.read_money(*b2b, "indemnity", bp, out.indemnity);
    r.read(*b2b, "contractual_min_multiple", bp, out.contractual_min_multiple, false, 0, 100);
    if (const Json* tiers = r.member(*b2b, "indemnity_tiers", bp, false); tiers && r.expect_array(*tiers, bp + ".indemnity_tiers")) {
      out.indemnity_tiers.clear();
      for (std::size_t i = 0; i < tiers->size(); ++i) {
        const std::string ip = JsonReader::index_path(bp + ".indemnity_tiers", i);
        if (!r.expect_object((*tiers)[i], ip)) continue;
        IndemnityTier t;
        r.read_money((*tiers)[i], "below", ip, t.below);
        r.read_money((*tiers)[i], "amount", ip, t.amount, true);
        if (!out.indemnity_tiers.empty() && (out.indemnity_tiers.back().below == 0 || (t.below != 0 && t.below <= out.indemnity_tiers.back().below)))
          r.fail(ip + ".below", "les paliers doivent être croissants, le dernier sans « below »");
        out.indemnity_tiers.push_back(t);
      }
    }
  }
  r.read(j, "currency", path, out.currency);
  if (out.currency != "EUR" && out.currency != "GBP")
    r.fail(path + ".currency", "« EUR » ou « GBP » attendu, trouvé « " + utf8_truncate(out.currency, 20) + " »");
  if (const Json* laws = r.member(j, "laws", path, false); laws && r.expect_object(*laws, path + ".laws")) {
    r.read(*laws, "penalties", path + ".laws", out.penalty_law);
    r.read(*laws, "indemnity", path + ".laws", out.indemnity_law);
    r.read(*laws, "consumer", path + ".laws", out.consumer_law);
  }
  if (r.member(j, "consumer_margin", path, false)) {
    BasisPoints m = 0;
    r.read_rate(j, "consumer_margin", path, m);
    out.consumer_margin = m;
  }
  if (const Json* pb = r.member(j, "public_buyer", path, false); pb && r.expect_object(*pb, path + ".public_buyer")) {
    const std::string pp = path + ".public_buyer";
    PublicBuyerRule rule;
    r.read_rate(*pb, "margin", pp, rule.margin, true);
    r.read(*pb, "max_terms_days", pp, rule.max_terms_days, false, 0, 3650);
    r.read(*pb, "hospital_max_terms_days", pp, rule.hospital_max_terms_days, false, 0, 3650);
    r.read(*pb, "penalty_law", pp, rule.penalty_law);
    r.read(*pb, "indemnity_law", pp, rule.indemnity_law);
    r.read(*pb, "source", pp, rule.source);
    out.public_buyer = std::move(rule);
  }
  if (const Json* jg = r.member(j, "judgment", path, false); jg && r.expect_object(*jg, path + ".judgment")) {
    const std::string gp = path + ".judgment";
    JudgmentRule rule;
    r.read_rate(*jg, "margin", gp, rule.margin, true);
    r.read(*jg, "delay_months", gp, rule.delay_months, false, 0, 24);
    r.read(*jg, "law", gp, rule.law);
    r.read(*jg, "source", gp, rule.source);
    out.judgment = std::move(rule);
  }
  r.read(j, "day_count", path, out.day_count, false, 360, 366);
  // A pack whose consumers owe reference + margin needs no legal-rate table.
  read_table(r, j, "legal_rate", path, out.legal_rate, !r.member(j, "consumer_margin", path, false));
  read_table(r, j, "legal_rate_private", path, out.legal_rate_private, false);
  if (const Json* lim = r.member(j, "limitation_years", path, false); lim && r.expect_object(*lim, path + ".limitation_years")) {
    r.read(*lim, "b2b", path + ".limitation_years", out.b2b_limitation_years, false, 1, 30);
    r.read(*lim, "b2c", path + ".limitation_years", out.b2c_limitation_years, false, 1, 30);
  }
  if (const Json* mt = r.member(j, "max_terms", path, false); mt && r.expect_object(*mt, path + ".max_terms")) {
    r.read(*mt, "days", path + ".max_terms", out.max_terms_days, false, 0, 3650);
    r.read(*mt, "end_of_month_days", path + ".max_terms", out.max_terms_eom_days, false, 0, 3650);
  }
  if (const Json* notes = r.member(j, "notes", path, false); notes && r.expect_array(*notes, path + ".notes")) {
    out.notes.clear();
    for (std::size_t i = 0; i < notes->size(); ++i) {
      if ((*notes)[i].is_string()) out.notes.push_back((*notes)[i].get<std::string>());
      else r.fail(JsonReader::index_path(path + ".notes", i), "texte attendu");
    }
  }
  return r.errors().size() == errors_before;
}

Result<Jurisdiction> parse_jurisdiction(std::string_view text, std::string_view origin) {
  auto json = parse_json(text, origin);
  if (!json) return json.error();
  JsonReader r{std::string(origin)};
  Jurisdiction j;
  if (!read_jurisdiction(r, *json, "$", j)) return r.first_error();
  return j;
}

namespace {

constexpr const char* kPackIds[] = {"fr", "be", "de", "uk", "eu"};

Jurisdiction load_pack(std::string_view id) {
  const std::string name = "rates/" + std::string(id) + ".json";
  auto parsed = parse_jurisdiction(embedded_asset(name), "assets/" + name);
  // The shipped files are checked by the tests; an empty jurisdiction would
  // only show up in a broken build.
  return parsed ? *parsed : Jurisdiction{};
}

}  // namespace

const Jurisdiction& france() {
  static const Jurisdiction fr = load_pack("fr");
  return fr;
}

const Jurisdiction* shipped_pack(std::string_view id) {
  if (id == "fr") return &france();
  static const Jurisdiction be = load_pack("be"), de = load_pack("de"), uk = load_pack("uk"), eu = load_pack("eu");
  if (id == "be") return &be;
  if (id == "de") return &de;
  if (id == "uk") return &uk;
  if (id == "eu") return &eu;
  return nullptr;
}

namespace {

// The served packs in use, by id; every one installed stays alive (a
// reference taken before a newer one came must not dangle).
struct Served {
  std::deque<Jurisdiction> kept;
  std::map<std::string, const Jurisdiction*, std::less<>> by_id;
};
Served& served() {
  static Served s;
  return s;
}

}  // namespace

const Jurisdiction* law_pack(std::string_view id) {
  const Served& s = served();
  if (auto it = s.by_id.find(id); it != s.by_id.end()) return it->second;
  return shipped_pack(id);
}

ServedPack use_served_pack(const Jurisdiction& j) {
  const Jurisdiction* shipped = shipped_pack(j.id);
  if (!shipped) return ServedPack::unknown;
  Served& s = served();
  if (j == *shipped) {
    s.by_id.erase(j.id);
    return ServedPack::same;
  }
  if (!shipped->reference.periods.empty() &&
      (j.reference.periods.empty() || j.reference.periods.back().from < shipped->reference.periods.back().from))
    return ServedPack::older;
  if (auto it = s.by_id.find(j.id); it != s.by_id.end() && *it->second == j) return ServedPack::used;
  s.kept.push_back(j);
  s.by_id[j.id] = &s.kept.back();
  return ServedPack::used;
}

void clear_served_packs() { served().by_id.clear(); }

std::string law_pack_ids() {
  std::string s;
  for (const char* id : kPackIds) s += (s.empty() ? "" : ", ") + std::string(id);
  return s;
}

std::string law_for_country(std::string_view country) {
  const std::string c = fold(country);
  if (c.empty()) return "fr";
  const auto is = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (c == n) return true;
    return false;
  };
  if (is({"france", "fr", "fra", "republique francaise"})) return "fr";
  if (is({"belgique", "belgie", "belgium", "belgien", "be", "bel"})) return "be";
  if (is({"allemagne", "deutschland", "germany", "de", "deu"})) return "de";
  if (is({"royaume uni", "royaume uni de grande bretagne et d irlande du nord", "united kingdom", "uk", "gb", "gbr",
          "angleterre", "england", "ecosse", "scotland", "pays de galles", "wales", "irlande du nord",
          "northern ireland", "grande bretagne", "great britain"}))
    return "uk";
  // The other member states of the European Union (French and English names, ISO codes).
  if (is({"autriche", "austria", "at", "bulgarie", "bulgaria", "bg", "croatie", "croatia", "hr", "chypre", "cyprus",
          "cy", "tchequie", "republique tcheque", "czechia", "czech republic", "cz", "danemark", "denmark", "dk",
          "estonie", "estonia", "ee", "finlande", "finland", "fi", "grece", "greece", "gr", "el", "hongrie", "hungary",
          "hu", "irlande", "ireland", "ie", "italie", "italy", "italia", "it", "lettonie", "latvia", "lv", "lituanie",
          "lithuania", "lt", "luxembourg", "lu", "malte", "malta", "mt", "pays bas", "netherlands", "nederland", "nl",
          "pologne", "poland", "pl", "portugal", "pt", "roumanie", "romania", "ro", "slovaquie", "slovakia", "sk",
          "slovenie", "slovenia", "si", "espagne", "spain", "espana", "es", "suede", "sweden", "se"}))
    return "eu";
  return "fr";
}

}  // namespace relance
