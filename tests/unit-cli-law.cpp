// The command line on the law of the day: current rates, prescription,
// public buyers, other jurisdictions.
#include <doctest/doctest.h>

#include "tests/cli_run.h"

using cli_test::json_of;
using cli_test::run;

namespace {

bool any_warning(const relance::Json& j, const std::string& needle) {
  for (const auto& w : j["warnings"])
    if (w.get<std::string>().find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("penalties in July 2026: 2.40 % + 10 = 12.40 %, no unknown-rate warning") {
  // 10 000.00 due 31/07/2026, paid 30/08: 30 days × 12.40 % / 365 = 101.917… → 101.92 + 40.00.
  const auto r = run("penalties --amount 10000.00 --due 2026-07-31 --paid 2026-08-30");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  REQUIRE(j["lines"].size() == 1);
  CHECK(j["lines"][0]["rate"] == "12.40");
  CHECK(j["interest"] == "101.92");
  CHECK(j["total"] == "141.92");
  CHECK_FALSE(any_warning(j, "inconnu"));
  // Consumer, legal rate of 2026 H2 (other cases): 2 000.00 × 2.75 % × 30 / 365 = 4.52.
  const auto c = run("penalties --amount 2000.00 --due 2026-07-01 --consumer --notice 2026-07-31 --paid 2026-08-30");
  REQUIRE(c.status == 0);
  const relance::Json k = json_of(c);
  CHECK(k["lines"][0]["rate"] == "2.75");
  CHECK(k["interest"] == "4.52");
  CHECK_FALSE(any_warning(k, "inconnu"));
  // 2027 H1 is not published: the last rate is carried forward and said.
  const auto late = run("penalties --amount 10000.00 --due 2026-12-31 --paid 2027-01-30");
  REQUIRE(late.status == 0);
  CHECK(any_warning(json_of(late), "Taux du 1er semestre 2027 inconnu"));
}

TEST_CASE("penalties before 2020: the 3 × legal-rate floor uses that half-year's legal rate") {
  // 2016 H1, other cases: 1.01 % → floor 3.03 %: a contractual 3.00 % is too low.
  const auto r = run("penalties --amount 1000.00 --due 2016-02-01 --paid 2016-03-02 --rate 3.00");
  REQUIRE(r.status == 0);
  CHECK(any_warning(json_of(r), "inférieur à 3 fois le taux de l'intérêt légal (3,03\u00a0% au 01/01/2016)"));
  // 2013: a single rate of 0.04 % → floor 0.12 %: 3.00 % is fine, and no
  // « Pas de taux connu avant » either.
  const auto ok = run("penalties --amount 1000.00 --due 2013-02-01 --paid 2013-03-03 --rate 3.00");
  REQUIRE(ok.status == 0);
  CHECK_FALSE(any_warning(json_of(ok), "inférieur"));
  CHECK_FALSE(any_warning(json_of(ok), "Pas de taux connu"));
}

TEST_CASE("penalties: a contractual rate with three decimals") {
  // 100 000.00 × 0.975 % × 30 / 365 = 80.136… → 80.14.
  const auto r = run("penalties --amount 100000.00 --due 2026-07-31 --paid 2026-08-30 --rate 0.975");
  REQUIRE(r.status == 0);
  const relance::Json j = json_of(r);
  CHECK(j["lines"][0]["rate"] == "0.975");
  CHECK(j["interest"] == "80.14");
  const auto bad = run("penalties --amount 100.00 --due 2026-07-31 --paid 2026-08-30 --rate 0.9755");
  CHECK(bad.status == 1);
  CHECK(bad.err == "relance penalties: --rate: taux invalide « 0.9755 » (pourcentage, ex. 12.00)\n");
}
