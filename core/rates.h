// Late-payment law as data: a jurisdiction is reference-rate tables, a margin,
// a rounding rule, a flat indemnity and a fixing rule. France ships complete
// (assets/rates/fr.json); Belgium or the EU directive default are new data
// files, not new code.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/json_io.h"
#include "core/money.h"
#include "core/result.h"

namespace relance {

struct RatePeriod {
  Date from;  // in force from this day (for half-year fixing: 1 January or 1 July)
  BasisPoints rate = 0;
  std::string source;  // where the figure comes from (URL or official text)
  bool verified = false;
  bool operator==(const RatePeriod&) const = default;
};

struct RateTable {
  std::string name;  // "Taux BCE (opérations principales de refinancement)"
  // How a letter names it in a sentence: "taux de la BCE"; empty: `name`.
  std::string short_name;
  std::vector<RatePeriod> periods;  // sorted by `from`
  bool operator==(const RateTable&) const = default;
};

enum class Fixing {
  half_year,  // the rate in force on 1 January applies to the whole first half-year, 1 July to the second
  daily,      // the rate in force each day
};

enum class RateRounding {
  none,
  up_to_half_point,  // Belgium: reference + margin rounded up to the next half point
};

// Public buyers (France: Code de la commande publique): their own margin over
// the reference rate and payment-term caps.
struct PublicBuyerRule {
  BasisPoints margin = 0;
  int max_terms_days = 30;
  int hospital_max_terms_days = 50;
  std::string penalty_law;    // "articles L2192-13 et R2192-31 du Code de la commande publique"
  std::string indemnity_law;  // "article D2192-35 du Code de la commande publique"
  std::string source;
  bool operator==(const PublicBuyerRule&) const = default;
};

// After a judgment ordering payment: the legal rate plus `margin` from the
// end of `delay_months` after its notification (France: CMF L313-3).
struct JudgmentRule {
  BasisPoints margin = 0;
  int delay_months = 2;
  std::string law;  // "article L313-3 du Code monétaire et financier"
  std::string source;
  bool operator==(const JudgmentRule&) const = default;
};

// A fixed sum by the size of the debt (UK: £40 below £1 000, £70 below
// £10 000, £100 above). `below` 0 means no upper bound.
struct IndemnityTier {
  Cents below = 0;
  Cents amount = 0;
  bool operator==(const IndemnityTier&) const = default;
};

struct Jurisdiction {
  std::string id;    // "fr"
  std::string name;  // "France"
  RateTable reference;  // B2B reference rate (ECB MRO for France)
  BasisPoints b2b_margin = 0;
  RateRounding b2b_rounding = RateRounding::none;
  Fixing fixing = Fixing::half_year;
  Cents indemnity = 0;  // flat recovery indemnity per late invoice (B2B)
  std::vector<IndemnityTier> indemnity_tiers;  // when not empty, replaces `indemnity` by the debt's size
  std::string currency = "EUR";  // "EUR" or "GBP": amounts of the pack and its letters
  // Legal references printed in letters (in French).
  std::string penalty_law = "article L441-10 du Code de commerce";
  std::string indemnity_law = "article D441-5 du Code de commerce";
  std::string consumer_law = "article 1344-1 du Code civil";
  // Consumers owe reference + this margin (Germany, BGB 288 I) instead of
  // the legal_rate table.
  std::optional<BasisPoints> consumer_margin;
  std::optional<PublicBuyerRule> public_buyer;
  std::optional<JudgmentRule> judgment;
  int day_count = 365;  // denominator of the yearly rate, also in leap years
  // Legal interest rate owed by consumers after a formal notice: the "other
  // cases" table, as the creditor is a business.
  RateTable legal_rate;
  // Table for a creditor who is a private individual (shown, not used by default).
  RateTable legal_rate_private;
  // A contractual B2B rate below this multiple of the legal rate is unlawful.
  int contractual_min_multiple = 3;
  int b2b_limitation_years = 5;
  int b2c_limitation_years = 2;
  int max_terms_days = 60;      // from the invoice date
  int max_terms_eom_days = 45;  // "45 jours fin de mois"
  std::vector<std::string> notes;
  bool operator==(const Jurisdiction&) const = default;
};

// A rate looked up for a day: `known` is false when the table has no figure
// for that day's period and the last known one was carried forward.
struct RateOnDay {
  BasisPoints rate = 0;
  bool known = false;
  bool verified = false;
  Date period_start;  // the half-year (or change date) the rate belongs to
  std::string warning;  // French, set when !known or !verified
};

// The table's rate for `day` under the fixing rule. A day before the first
// period returns known = false with the first rate.
RateOnDay rate_on(const RateTable& table, Date day, Fixing fixing);
// Whether a warning is one of rate_on()'s (a rate carried forward, not
// verified, or missing): the app says those once, in one notice, and leaves
// them out of the lists of warnings next to amounts.
bool is_rate_warning(std::string_view warning);
// Reference + margin (+ rounding) for B2B penalties.
RateOnDay b2b_rate_on(const Jurisdiction& j, Date day);
RateOnDay legal_rate_on(const Jurisdiction& j, Date day);
// Reference + the public-buyer margin (falls back to b2b_rate_on without a rule).
RateOnDay public_rate_on(const Jurisdiction& j, Date day);
// The flat indemnity for a debt of `amount` (tiers, else the flat sum).
Cents indemnity_for(const Jurisdiction& j, Cents amount);
// Amount in the pack's currency, French style: "1 234,56 €", "1 234,56 £".
std::string format_money(const Jurisdiction& j, Cents c);
// A letter's words for a rate that is not a plain published figure: "taux de
// la BCE du 1er semestre 2027 reconduit faute de publication connue" or "…
// non vérifié auprès de la source officielle"; empty when known and verified.
std::string rate_note(const RateTable& table, const RateOnDay& r, Date day);

// The jurisdiction shipped in assets/rates/fr.json.
const Jurisdiction& france();
// The shipped law packs: assets/rates/{fr,be,de,uk,eu}.json; nullptr for an
// unknown id.
const Jurisdiction* law_pack(std::string_view id);
std::string law_pack_ids();  // "fr, be, de, uk, eu"
// The pack as compiled into the binary, whatever was served since.
const Jurisdiction* shipped_pack(std::string_view id);
// Rate tables served with the site (the web app reads rates/<id>.json next to
// itself on start): how one compares with the shipped pack of its id.
enum class ServedPack {
  used,       // replaces the shipped pack: law_pack(id) answers it from now on
  same,       // the shipped tables, nothing to do
  unknown,    // its id is not a shipped pack's
  older,      // its last reference half-year is before the shipped one's: ignored
};
// Installs `j` as the pack for `j.id` when it differs from the shipped one
// and knows at least its last reference half-year. A ledger's own tables
// (Ledger::custom_rates) still come first (jurisdiction()). References
// returned by law_pack() before stay valid (every pack installed is kept).
ServedPack use_served_pack(const Jurisdiction& j);
// Back to the shipped packs (tests).
void clear_served_packs();
// The pack for a country as typed in an address ("", "France", "Belgique",
// "BE", "Deutschland", "Royaume-Uni", "Italie"...): fr for empty or unknown
// (non-EU) countries, eu for the other EU member states.
std::string law_for_country(std::string_view country);
// Reads a jurisdiction file (the format of assets/rates/*.json); errors name
// the JSON path. `origin` names the file in messages.
Result<Jurisdiction> parse_jurisdiction(std::string_view json_text, std::string_view origin);
std::string jurisdiction_to_json(const Jurisdiction& j);
// The same as a JSON value (the ledger file embeds the user's own tables).
Json jurisdiction_json(const Jurisdiction& j);
bool read_jurisdiction(JsonReader& r, const Json& j, const std::string& path, Jurisdiction& out);

}  // namespace relance
