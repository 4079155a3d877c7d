// UTF-8, Windows-1252 and the folding used to match headers and names.
#include <doctest/doctest.h>

#include "core/text.h"

using namespace relance;

TEST_CASE("UTF-8 validation and decoding") {
  CHECK(is_valid_utf8("crème brûlée – 1 234,56 €"));
  CHECK_FALSE(is_valid_utf8("\xC3"));            // truncated
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));        // overlong
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));    // surrogate
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK(utf8_to_u32("é€😀") == U"é€😀");
  CHECK(utf8_to_u32("a\xFF" "b") == U"a\uFFFDb");
  CHECK(u32_to_utf8(U"Œuvre ’«»") == "Œuvre ’«»");
  CHECK(utf8_length("œuf€") == 4);
  CHECK(utf8_truncate("éàü", 2) == "éà");
}

TEST_CASE("Windows-1252 both ways") {
  CHECK(cp1252_to_utf8("caf\xE9 \x80 \x9C\x92") == "café € œ’");
  std::size_t lost = 0;
  CHECK(utf8_to_cp1252("Échéance 12 € œ ’ 😀", &lost) == "\xC9" "ch\xE9" "ance 12 \x80 \x9C \x92 ?");
  CHECK(lost == 1);
  CHECK(utf8_to_cp1252("1\u202f234,56") == "1\xA0" "234,56");
}

TEST_CASE("folding for matching") {
  CHECK(fold("Échéance") == "echeance");
  CHECK(fold("  N° de Facture ") == "n de facture");
  CHECK(fold("Montant TTC (€)") == "montant ttc");
  CHECK(fold("Cœur d'Œillet") == "coeur d oeillet");
  CHECK(fold("Łódź") == "lodz");
  CHECK(fold("Straße") == "strasse");
}

TEST_CASE("sanitizing user text for documents") {
  CHECK(sanitize_text("a\x01" "b\tc\nd\x7F") == "a b\tc\nd ");
  CHECK(sanitize_text("\xFF") == "\uFFFD");
}
