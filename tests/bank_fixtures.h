// The small statements of tests/fixtures/bank/ (written for these tests) and
// the ledger they pay.
#pragma once
#include <fstream>
#include <sstream>
#include <string>

#include "core/text.h"
#include "tests/builder.h"

namespace relance::test {

inline std::string bank_fixture(const std::string& name) {
  std::ifstream in(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/bank/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string bank_fixture_path(const std::string& name) {
  return std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/bank/" + name;
}

// Every fixture statement holds: 1 234,56 from Garage Dupont naming
// F-2026-0036, 500,00 from Boulangerie Martin (F-2026-0041 + F-2026-0042),
// a 45,00 debit and 2 000,00 from the Hôtel des Célestins (F-2026-0045).
struct BankLedger {
  Builder b;
  ClientId dupont = 0, martin = 0, hotel = 0;
  InvoiceId f36 = 0, f40 = 0, f41 = 0, f42 = 0, f45 = 0;
  BankLedger() {
    dupont = b.client("Garage Dupont & Fils SARL");
    martin = b.client("Boulangerie Martin");
    hotel = b.client("Hôtel des Célestins");
    f36 = b.invoice(dupont, "F-2026-0036", 123456, "2026-09-01", "2026-10-01");
    f40 = b.invoice(dupont, "F-2026-0040", 50000, "2026-09-15", "2026-10-15");
    f41 = b.invoice(martin, "F-2026-0041", 30000, "2026-10-01", "2026-10-31");
    f42 = b.invoice(martin, "F-2026-0042", 20000, "2026-10-05", "2026-11-04");
    f45 = b.invoice(hotel, "F-2026-0045", 200000, "2026-10-10", "2026-11-10");
  }
};

}  // namespace relance::test
