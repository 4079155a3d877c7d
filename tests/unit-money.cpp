// Money in integer cents: parsing both styles, French display, rounding.
#include <doctest/doctest.h>

#include "core/money.h"

using namespace relance;

TEST_CASE("rounding is half away from zero") {
  CHECK(round_div(5, 10) == 1);
  CHECK(round_div(4, 10) == 0);
  CHECK(round_div(15, 10) == 2);
  CHECK(round_div(-5, 10) == -1);
  CHECK(round_div(-4, 10) == 0);
  CHECK(round_div(-15, 10) == -2);
  CHECK(round_div(0, 7) == 0);
  // Large products stay exact in 128 bits.
  CHECK(round_div(static_cast<__int128>(kMaxCents) * 10000 * 3650, static_cast<__int128>(365) * 10000) ==
        kMaxCents * 10);
}

TEST_CASE("interest to the cent: the 64-bit path and the 128-bit one agree, halves away from zero, saturates") {
  // 1 000 € at 12.15 % for 30 days, Exact/365: 1000 × 0.1215 × 30 / 365 = 9.986… €
  CHECK(interest_cents(100000, 12150, 30, 365) == 999);
  CHECK(interest_cents(-100000, 12150, 30, 365) == -999);
  // A half cent rounds away from zero: 365 × 50 % × 1 day / 365 = 0.5 cent
  CHECK(interest_cents(365, 50 * kPercent, 1, 365) == 1);
  CHECK(interest_cents(-365, 50 * kPercent, 1, 365) == -1);
  CHECK(interest_cents(364, 50 * kPercent, 1, 365) == 0);  // 0.4986… cent
  CHECK(interest_cents(0, 12150, 30, 365) == 0);
  // Around the edge of 64 bits the two paths give what exact arithmetic gives.
  for (Cents base : {Cents{922'337'203'685'477}, Cents{922'337'203'685'478}, kMaxCents, -kMaxCents}) {
    for (int days : {1, 365, 3650, 36500}) {
      const __int128 num = static_cast<__int128>(base) * 12150 * days;
      const __int128 den = static_cast<__int128>(365) * 100000;
      CHECK(interest_cents(base, 12150, days, 365) == round_div(num, den));
    }
  }
  // Absurd: 10 000 % for a thousand years on the largest amount stops at kMaxSum.
  CHECK(interest_cents(kMaxCents, 10'000'000, 365'000, 365) == kMaxSum);
  CHECK(interest_cents(-kMaxCents, 10'000'000, 365'000, 365) == -kMaxSum);
}

TEST_CASE("French display uses U+202F between thousands and U+00A0 before the euro sign") {
  CHECK(format_eur(123456) == "1\u202f234,56\u00a0€");
  CHECK(format_eur(0) == "0,00\u00a0€");
  CHECK(format_eur(5) == "0,05\u00a0€");
  CHECK(format_eur(-100000) == "-1\u202f000,00\u00a0€");
  CHECK(format_eur(123456789012) == "1\u202f234\u202f567\u202f890,12\u00a0€");
  CHECK(format_decimal(123456) == "1234.56");
  CHECK(format_decimal(-50) == "-0.50");
  CHECK(format_decimal(INT64_MIN) == "-92233720368547758.08");
  CHECK(format_rate(12150) == "12.15");
  CHECK(format_rate(50) == "0.05");
  CHECK(format_rate(975) == "0.975");
  CHECK(format_rate(-880) == "-0.88");
  CHECK(format_rate_fr(12150) == "12,15\u00a0%");
  CHECK(format_rate_fr(12345) == "12,345\u00a0%");
  CHECK(format_rate_number_fr(2150) == "2,15");
}

TEST_CASE("parsing amounts") {
  struct Row { const char* text; AmountStyle style; Cents value; };
  const Row ok[] = {
      {"1234.56", AmountStyle::plain, 123456},     {"1234", AmountStyle::plain, 123400},
      {"0.5", AmountStyle::plain, 50},             {"-12.30", AmountStyle::plain, -1230},
      {"1 234,56", AmountStyle::french, 123456},   {"1\u202f234,56\u00a0€", AmountStyle::french, 123456},
      {"1.234,56", AmountStyle::french, 123456},   {"1234,5", AmountStyle::french, 123450},
      {"12,00 EUR", AmountStyle::french, 1200},    {"1.234", AmountStyle::french, 123400},
      {"1,234.56", AmountStyle::any, 123456},      {"1.234,56", AmountStyle::any, 123456},
      {"  42 ", AmountStyle::any, 4200},           {"+7", AmountStyle::any, 700},
      {"1 234 567,89", AmountStyle::french, 123456789}, {"12 345", AmountStyle::french, 1234500},
  };
  for (const Row& r : ok) {
    CAPTURE(r.text);
    const AmountParse p = parse_amount(r.text, r.style);
    REQUIRE_MESSAGE(p.value.has_value(), p.error);
    CHECK(*p.value == r.value);
  }
  struct Bad { const char* text; AmountStyle style; const char* error; };
  const Bad bad[] = {
      {"", AmountStyle::any, "montant vide"},
      {"12.345", AmountStyle::plain, "plus de deux décimales"},
      {"1,234", AmountStyle::any, "plus de deux décimales"},
      {"12,3,4", AmountStyle::french, "deux séparateurs décimaux"},
      {"abc", AmountStyle::any, "caractère inattendu « a »"},
      {"1 234.56", AmountStyle::plain, "caractère inattendu «   »"},
      {"€", AmountStyle::any, "aucun chiffre"},
      {"99999999999999999999", AmountStyle::plain, "montant trop grand"},
      {"-", AmountStyle::any, "aucun chiffre"},
      {"12\u201334", AmountStyle::any, "caractère inattendu « \u2013 »"},  // a whole en dash, not « \xE2 »
      {"12\xE9", AmountStyle::any, "octet invalide 0xE9 (texte non UTF-8)"},
      // Digit groups are groups of three.
      {"1 23,45", AmountStyle::french, "groupe de 2 chiffres entre séparateurs de milliers (attendu des groupes de trois : 1 234,56)"},
      {"1 2345,00", AmountStyle::french, "groupe de 4 chiffres entre séparateurs de milliers (attendu des groupes de trois : 1 234,56)"},
      {"1234 567,00", AmountStyle::french, "groupe de 4 chiffres entre séparateurs de milliers (attendu des groupes de trois : 1 234,56)"},
      {"1.23.456,00", AmountStyle::any, "groupe de 2 chiffres entre séparateurs de milliers (attendu des groupes de trois : 1 234,56)"},
      {"1  234,00", AmountStyle::french, "groupe de 0 chiffre entre séparateurs de milliers (attendu des groupes de trois : 1 234,56)"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.text);
    const AmountParse p = parse_amount(b.text, b.style);
    CHECK_FALSE(p.value.has_value());
    CHECK(p.error == b.error);
  }
}

TEST_CASE("parsing rates") {
  CHECK(parse_rate("12.15") == 12150);
  CHECK(parse_rate("12,15 %") == 12150);
  CHECK(parse_rate("3") == 3000);
  CHECK(parse_rate("0.5") == 500);
  CHECK(parse_rate("0.975") == 975);
  CHECK(parse_rate("12,155") == 12155);
  CHECK_FALSE(parse_rate("12.1555").has_value());
  // What format_rate() writes, parse_rate() reads back (the stored form).
  for (BasisPoints r : {0, 5, 50, 975, 12150, 12155, 100000, -880})
    CHECK(parse_rate(format_rate(r)) == r);
  CHECK_FALSE(parse_rate("12.").has_value());
  CHECK_FALSE(parse_rate("douze").has_value());
  CHECK_FALSE(parse_rate("").has_value());
}
