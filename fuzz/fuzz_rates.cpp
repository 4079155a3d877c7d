// The rate file parser (parse_jurisdiction). Invariants: a file that parses
// writes back to JSON that parses to the same jurisdiction; rate lookups and
// a penalty computation over ten years run on whatever parsed.
#include <cstddef>
#include <cstdint>

#include "core/penalties.h"
#include "core/rates.h"
#include "fuzz/fuzz_common.h"

using namespace relance;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<Jurisdiction> j = parse_jurisdiction(text, "fuzz-rates.json");
  if (!j) {
    FUZZ_CHECK(!j.error().what.empty(), "an error says what");
    return 0;
  }
  const std::string saved = jurisdiction_to_json(*j);
  Result<Jurisdiction> back = parse_jurisdiction(saved, "saved-rates.json");
  FUZZ_CHECK(back.ok(), "a parsed jurisdiction must parse again: " + back.error().message() + "\n" + saved);
  FUZZ_CHECK(*back == *j, "parse(write(j)) != j");

  for (Date d = Date::from_ymd(2010, 1, 1); d < Date::from_ymd(2030, 1, 1); d = d + 97) {
    (void)b2b_rate_on(*j, d);
    (void)legal_rate_on(*j, d);
    (void)rate_on(j->legal_rate_private, d, Fixing::daily);
  }
  for (ClientKind kind : {ClientKind::business, ClientKind::consumer}) {
    PenaltyCase c;
    c.kind = kind;
    c.schedule = {{Date::from_ymd(2016, 3, 31), 1'000'000}, {Date::from_ymd(2017, 2, 28), kMaxCents}};
    c.payments = {{Date::from_ymd(2018, 1, 15), 400'000}};
    c.until = Date::from_ymd(2026, 3, 16);
    c.notice = Date::from_ymd(2016, 6, 1);
    const Penalties p = compute_penalties(*j, c);
    FUZZ_CHECK(p.total == p.interest + p.indemnity, "penalty total");
    // A public buyer and a judgment notified halfway: other tables, same invariant.
    c.public_buyer = kind == ClientKind::business ? PublicBuyer::hospital : PublicBuyer::none;
    c.judgment_notified = Date::from_ymd(2019, 12, 31);
    const Penalties q = compute_penalties(*j, c);
    FUZZ_CHECK(q.total == q.interest + q.indemnity, "penalty total (public buyer, judgment)");
    (void)public_rate_on(*j, c.until);
    (void)indemnity_for(*j, kMaxCents);
  }
  return 0;
}
