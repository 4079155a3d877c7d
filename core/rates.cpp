#include "core/rates.h"

#include <algorithm>

#include "core/assets.h"

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

RateOnDay legal_rate_on(const Jurisdiction& j, Date day) { return rate_on(j.legal_rate, day, j.fixing); }

// ============================================================ [json]
namespace {

Json table_json(const RateTable& t) {
  Json periods = Json::array();
  for (const RatePeriod& p : t.periods)
    periods.push_back({{"from", to_iso(p.from)}, {"rate", format_rate(p.rate)}, {"source", p.source}, {"verified", p.verified}});
  return {{"name", t.name}, {"periods", periods}};
}

void read_table(JsonReader& r, const Json& obj, std::string_view key, const std::string& path, RateTable& out,
                bool required) {
  const Json* j = r.member(obj, key, path, required);
  if (!j) return;
  const std::string p = JsonReader::key_path(path, key);
  if (!r.expect_object(*j, p)) return;
  r.read(*j, "name", p, out.name);
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
  return {{"format", "relance-rates"},
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
  }
  r.read(j, "day_count", path, out.day_count, false, 360, 366);
  read_table(r, j, "legal_rate", path, out.legal_rate, true);
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

const Jurisdiction& france() {
  static const Jurisdiction fr = [] {
    auto parsed = parse_jurisdiction(embedded_asset("rates/fr.json"), "assets/rates/fr.json");
    // The shipped file is checked by the tests; an empty jurisdiction would
    // only show up in a broken build.
    return parsed ? *parsed : Jurisdiction{};
  }();
  return fr;
}

}  // namespace relance
