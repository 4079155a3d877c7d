// The letter's content as JSON (core/letter_json.h): what the browser app
// sends to its PDF module. Every field comes back, so the PDF made from the
// JSON is the PDF made from the content; bad JSON is refused with its place.
#include <doctest/doctest.h>

#include <string>

#include "core/assets.h"
#include "core/json_io.h"
#include "core/letter_edit.h"
#include "core/letter_json.h"
#include "core/letter_pdf.h"
#include "core/letters.h"
#include "core/pdf/ttf.h"
#include "core/ledger_file.h"

using namespace relance;

namespace {

Ledger sample_ledger() {
  auto l = ledger_from_json(embedded_asset("sample/ledger.json"), "sample");
  REQUIRE(l.ok());
  return std::move(l).value();
}

}  // namespace

TEST_CASE("letter json: every letter of the sample comes back whole, and so does its PDF") {
  const Ledger l = sample_ledger();
  int letters = 0, tables = 0;
  for (const Client& client : l.clients)
    for (LetterType type : {LetterType::reminder, LetterType::notice, LetterType::statement, LetterType::recovery_file}) {
      auto c = letter_content(l, {.client = client.id, .type = type, .today = *parse_iso_date("2026-11-23")});
      if (!c) continue;
      ++letters;
      for (const LetterBlock& b : c->body) tables += b.kind == LetterBlock::Kind::table;
      auto back = letter_content_from_json(letter_content_json(*c));
      REQUIRE_MESSAGE(back.ok(), back.error().message());
      CHECK(*back == *c);
      CHECK(letter_pdf(*back) == letter_pdf(*c));
    }
  CHECK(letters >= 8);
  CHECK(tables >= 4);
}

TEST_CASE("letter json: an edited letter keeps its edits, accents and line breaks") {
  LetterContent c;
  c.type = LetterType::notice;
  c.subject = "Mise en demeure — facture « F-2026-0036 »";
  c.body = {{LetterBlock::Kind::paragraph, "Première ligne\nseconde ligne, 8\u202f720,00\u00a0€", {}},
            {LetterBlock::Kind::item, "- œuvre", {}},
            {LetterBlock::Kind::table, "", {{"Facture", "Montant"}, {0, 31.5}, {false, true}, {{"F-1", "1,00 €"}}, {"Total", "1,00 €"}}}};
  c.invoices = {36, 4242};
  c.step = 2;
  c.channel = Channel::registered_notice;
  c.warnings = {"Adresse à vérifier"};
  c = with_edited_text(std::move(c), "Objet modifié", "Un paragraphe.\n\n- un point");
  auto back = letter_content_from_json(letter_content_json(c));
  REQUIRE(back.ok());
  CHECK(*back == c);
}

TEST_CASE("letter json: what is not a letter is refused with its place") {
  auto e = letter_content_from_json("{\"format\": \"relance-ledger\", \"version\": 1, \"type\": \"reminder\"}");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message().find("$.format") != std::string::npos);
  e = letter_content_from_json(
      "{\"format\": \"relance-letter\", \"version\": 1, \"type\": \"reminder\", \"body\": [{\"kind\": \"poème\"}]}");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message().find("$.body[0].kind") != std::string::npos);
  e = letter_content_from_json("{\"format\": \"relance-letter\", \"version\": 1, \"type\": \"reminder\", "
                               "\"body\": [{\"kind\": \"table\", \"table\": {\"rows\": [[1]]}}]}");
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().message().find("$.body[0].table.rows[0][0]") != std::string::npos);
  CHECK_FALSE(letter_content_from_json("{").ok());
}

TEST_CASE("letters: the font table the app warns by is the letters' fonts' cmap") {
  for (const char* name : {"fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf"}) {
    auto font = pdf::TrueTypeFont::parse(embedded_asset(name));
    REQUIRE(font.ok());
    int covered = 0;
    for (char32_t cp = 0; cp < 0x20000; ++cp) {
      const bool has = font->glyph_index(cp) != 0;
      covered += has;
      if (has != letter_font_covers(cp)) FAIL_CHECK(name << ": U+" << std::hex << static_cast<unsigned>(cp));
    }
    CHECK(covered == 721);
  }
  // The app's own fonts (assets/fonts/ui) are a part of them.
  for (const char* name : {"fonts/ui/NotoSans-Regular.ttf", "fonts/ui/NotoSans-Bold.ttf"}) {
    auto font = pdf::TrueTypeFont::parse(embedded_asset(name));
    REQUIRE(font.ok());
    for (char32_t cp : {U'é', U'Œ', U'€', U'’', U'«', U'\u202f', U'\ufffd'}) CHECK(font->glyph_index(cp) != 0);
    CHECK(font->glyph_index(U'Ж') == 0);  // Cyrillic: the letters' fonts only
  }
}
