// The rate tables shipped in assets/rates/fr.json and the user's own.
#include <doctest/doctest.h>

#include "builder.h"
#include "core/rates.h"

using namespace relance;
using namespace relance::test;

TEST_CASE("every half-year of the law notes is in the shipped table") {
  struct Row { const char* day; BasisPoints b2b; bool verified; BasisPoints legal; };
  const Row rows[] = {
      {"2012-03-01", 11000, false, -1}, {"2013-01-15", 10750, true, -1},  {"2013-07-15", 10500, true, -1},
      {"2014-02-01", 10250, true, -1},  {"2014-08-01", 10150, false, -1}, {"2015-05-05", 10050, true, -1},
      {"2016-09-09", 10000, true, -1},  {"2019-12-31", 10000, true, -1},  {"2020-01-01", 10000, true, 870},
      {"2022-07-01", 10000, true, 770},  {"2023-01-01", 12500, true, 2060}, {"2023-07-01", 14000, true, 4220},
      {"2024-06-30", 14500, true, 5070}, {"2024-07-01", 14250, true, 4920}, {"2025-02-01", 13150, true, 3710},
      {"2025-12-31", 12150, true, 2760}, {"2026-03-01", 12150, false, 2620},
  };
  for (const Row& r : rows) {
    CAPTURE(r.day);
    const RateOnDay b2b = b2b_rate_on(france(), d(r.day));
    CHECK(b2b.rate == r.b2b);
    CHECK(b2b.known);
    CHECK(b2b.verified == r.verified);
    if (r.legal >= 0) {
      const RateOnDay legal = legal_rate_on(france(), d(r.day));
      CHECK(legal.rate == r.legal);
      CHECK(legal.known);
    }
  }
  CHECK(france().indemnity == 4000);
  CHECK(france().b2b_limitation_years == 5);
  CHECK(france().b2c_limitation_years == 2);
  const RateOnDay private_creditor = rate_on(france().legal_rate_private, d("2025-03-01"), Fixing::half_year);
  CHECK(private_creditor.rate == 7210);
}

TEST_CASE("before the table and after it") {
  const RateOnDay early = b2b_rate_on(france(), d("2011-06-01"));
  CHECK_FALSE(early.known);
  CHECK(early.warning.find("Pas de taux connu avant le 01/01/2012") == 0);
  const RateOnDay late = b2b_rate_on(france(), d("2027-03-01"));
  CHECK_FALSE(late.known);
  CHECK(late.rate == 12400);  // 2026 H2: 2.40 + 10
  CHECK(late.warning.find("1er semestre 2027 inconnu") != std::string::npos);
}

TEST_CASE("another jurisdiction is data: Belgium rounds up to the next half point") {
  Jurisdiction be = france();
  be.id = "be";
  be.name = "Belgique";
  be.b2b_margin = 8000;
  be.b2b_rounding = RateRounding::up_to_half_point;
  CHECK(b2b_rate_on(be, d("2025-08-01")).rate == 10500);  // 2.15 + 8 = 10.15 → 10.50
  CHECK(b2b_rate_on(be, d("2016-09-01")).rate == 8000);
}

TEST_CASE("a rate file round-trips and bad files name the path") {
  const std::string json = jurisdiction_to_json(france());
  auto back = parse_jurisdiction(json, "taux.json");
  REQUIRE(back.ok());
  CHECK(*back == france());
  auto bad = [&](const std::string& from, const std::string& to) {
    std::string s = json;
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return parse_jurisdiction(s.replace(pos, from.size(), to), "taux.json");
  };
  CHECK(bad("\"margin\": \"10.00\"", "\"margin\": 10").error().message() ==
        "taux.json: $.b2b.margin: taux en texte attendu (\"12.15\"), trouvé un nombre entier");
  CHECK(bad("\"from\": \"2013-01-01\"", "\"from\": \"2012-01-01\"").error().where == "taux.json: $.b2b.reference.periods[2].from");
  CHECK(bad("\"fixing\": \"half_year\"", "\"fixing\": \"monthly\"").error().where == "taux.json: $.b2b.fixing");
}

TEST_CASE("the user's own tables replace the shipped ones, and can be reset") {
  Builder b;
  Jurisdiction mine = france();
  mine.reference.periods.push_back({d("2027-01-01"), 2000, "BCE, vérifié par moi", true});
  b.run(cmd::SetRates{mine});
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2027-02-01")).rate == 12000);
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2027-02-01")).known);
  b.run(cmd::SetRates{std::nullopt});
  CHECK_FALSE(b2b_rate_on(jurisdiction(b.l), d("2027-02-01")).known);
}

TEST_CASE("a pack served with the site replaces the shipped one, after the user's own tables") {
  clear_served_packs();
  Jurisdiction served = france();
  served.reference.periods.back().rate = 2500;  // 2026 H2, now 2,50 %
  served.reference.periods.back().verified = true;
  CHECK(use_served_pack(served) == ServedPack::used);
  CHECK(law_pack("fr")->reference.periods.back().rate == 2500);
  CHECK(shipped_pack("fr")->reference.periods.back().rate == 2400);
  CHECK(france().reference.periods.back().rate == 2400);
  Builder b;
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2026-08-01")).rate == 12500);
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2026-08-01")).verified);
  // A reference taken before a newer file came stays valid.
  const Jurisdiction& before = jurisdiction(b.l);
  Jurisdiction newer = served;
  newer.reference.periods.push_back({d("2027-01-01"), 2000, "BCE", true});
  CHECK(use_served_pack(newer) == ServedPack::used);
  CHECK(before.reference.periods.back().rate == 2500);
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2027-02-01")).known);
  // The user's own tables still come first.
  Jurisdiction mine = france();
  mine.reference.periods.back().rate = 3000;
  b.run(cmd::SetRates{mine});
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2026-08-01")).rate == 13000);
  b.run(cmd::SetRates{std::nullopt});
  CHECK(b2b_rate_on(jurisdiction(b.l), d("2027-02-01")).rate == 12000);

  // A file that drops the last half-year the app knows is ignored.
  Jurisdiction older = france();
  older.reference.periods.pop_back();
  CHECK(use_served_pack(older) == ServedPack::older);
  CHECK(law_pack("fr")->reference.periods.back().rate == 2000);
  // Another id than the shipped packs', or the shipped tables themselves.
  Jurisdiction other = france();
  other.id = "it";
  CHECK(use_served_pack(other) == ServedPack::unknown);
  CHECK(use_served_pack(france()) == ServedPack::same);
  CHECK(law_pack("fr") == &france());
  clear_served_packs();
}

TEST_CASE("the rate warnings are told apart from the others") {
  CHECK(is_rate_warning(b2b_rate_on(france(), d("2026-08-01")).warning));   // not verified
  CHECK(is_rate_warning(b2b_rate_on(france(), d("2027-02-01")).warning));   // carried forward
  CHECK(is_rate_warning(b2b_rate_on(france(), d("2005-02-01")).warning));   // before the table
  CHECK_FALSE(is_rate_warning("adresse postale du client incomplète"));
  CHECK_FALSE(is_rate_warning(""));
}
