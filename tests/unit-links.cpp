// mailto: (RFC 6068) and sms: (RFC 5724) links: exact encoding, round trips
// on hostile text, the too-long flag, address checks, French phone numbers.
#include <doctest/doctest.h>

#include "core/links.h"
#include "core/money.h"

using namespace relance;

namespace {

// The decoded value of a query field of a link ("" when absent).
std::string field(const std::string& url, const std::string& name) {
  const auto q = url.find('?');
  if (q == std::string::npos) return {};
  std::size_t start = q + 1;
  while (start <= url.size()) {
    std::size_t end = url.find('&', start);
    if (end == std::string::npos) end = url.size();
    const std::string item = url.substr(start, end - start);
    if (item.rfind(name + "=", 0) == 0) return percent_decode(item.substr(name.size() + 1));
    start = end + 1;
  }
  return {};
}

std::string crlf(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    if (s[i] == '\r' || s[i] == '\n') out += "\r\n";
    else out += s[i];
  }
  return out;
}

}  // namespace

TEST_CASE("mailto: exact encoding of a known message") {
  const auto link = mailto_link("compta@batiments-rhone.fr", "", "Relance – F-2026-0001",
                                "Bonjour,\nMontant : " + format_eur(123456) + "\n& ? # % + =");
  REQUIRE(link.ok());
  CHECK(link->url ==
        "mailto:compta@batiments-rhone.fr?subject=Relance%20%E2%80%93%20F-2026-0001"
        "&body=Bonjour%2C%0D%0AMontant%20%3A%201%E2%80%AF234%2C56%C2%A0%E2%82%AC%0D%0A%26%20%3F%20%23%20%25%20%2B%20%3D");
  CHECK_FALSE(link->too_long);
  CHECK(link->advice.empty());

  // Only unreserved characters and the URL's own delimiters appear raw.
  for (char c : link->url) {
    CAPTURE(c);
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    std::string_view("-._~:@?&=%,").find(c) != std::string_view::npos;
    CHECK(ok);
  }
}

TEST_CASE("mailto: recipients") {
  struct Row {
    const char* to;
    const char* cc;
    const char* url;  // with subject "S" and body "B"
  };
  const Row rows[] = {
      {"a@x.fr", "", "mailto:a@x.fr?subject=S&body=B"},
      {"  a@x.fr  ", "", "mailto:a@x.fr?subject=S&body=B"},
      {"a@x.fr; b@y.fr", "", "mailto:a@x.fr,b@y.fr?subject=S&body=B"},
      {"a@x.fr, b@y.fr,", "", "mailto:a@x.fr,b@y.fr?subject=S&body=B"},
      {"Jean Dupont <jean@x.fr>", "", "mailto:jean@x.fr?subject=S&body=B"},
      {"\"Dupont, Jean\" <jean@x.fr>, b@y.fr", "", "mailto:jean@x.fr,b@y.fr?subject=S&body=B"},
      {"mailto:a@x.fr", "", "mailto:a@x.fr?subject=S&body=B"},
      // '+' would read as a space in some mail apps: encoded.
      {"jean+factures@x.fr", "", "mailto:jean%2Bfactures@x.fr?subject=S&body=B"},
      {"a@x.fr", "compta@y.fr; b@z.fr", "mailto:a@x.fr?cc=compta@y.fr,b@z.fr&subject=S&body=B"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.to);
    const auto link = mailto_link(row.to, row.cc, "S", "B");
    REQUIRE_MESSAGE(link.ok(), link.error().message());
    CHECK(link->url == row.url);
  }
  CHECK(mailto_link("a@x.fr", "", "", "")->url == "mailto:a@x.fr");
  CHECK(mailto_link("a@x.fr", "", "", "B")->url == "mailto:a@x.fr?body=B");
  // A subject is one header line.
  CHECK(mailto_link("a@x.fr", "", "a\r\nBcc: b@y.fr", "")->url == "mailto:a@x.fr?subject=a%20%20Bcc%3A%20b%40y.fr");
}

TEST_CASE("mailto: missing or broken addresses are errors naming the client field") {
  for (const char* empty : {"", "   ", ",", " ; "}) {
    CAPTURE(empty);
    const auto link = mailto_link(empty, "", "S", "B");
    REQUIRE_FALSE(link.ok());
    CHECK(link.error().where == "client.email");
    CHECK(link.error().what == "client sans adresse e-mail : envoyez un courrier (PDF) ou ajoutez l'adresse");
  }
  for (const char* bad : {"jean.dupont", "jean@", "@x.fr", "jean dupont@x.fr", "a@b", "a@@b.fr", "a@b.fr?cc=evil@x.fr",
                          "a@b.fr\r\nBcc: x@y.fr", "a@.fr", "a@x..fr", ".a@x.fr", "a@x.fr#frag", "Jean <a@x.fr"}) {
    CAPTURE(bad);
    const auto link = mailto_link(bad, "", "S", "B");
    REQUIRE_FALSE(link.ok());
    CHECK(link.error().where == "client.email");
    CHECK(link.error().what.find("adresse e-mail") != std::string::npos);
  }
  const auto cc = mailto_link("a@x.fr", "pas une adresse", "S", "B");
  REQUIRE_FALSE(cc.ok());
  CHECK(cc.error().where == "copie");
}

TEST_CASE("mailto: hostile text survives the round trip") {
  const std::string texts[] = {
      "Hélène, Œuvre, çà et là, ÉÈÊË àâä ôö ûü ÿ ß",
      "12 345,67 € – « guillemets » “anglais” ‘simples’ l’apostrophe",
      "😀👍🏽 👨‍👩‍👧 emoji et ZWJ",
      "RTL : مرحبا שלום ‮inversé‬",
      "& ? # % + = ; / : @ ! $ ' ( ) * , [ ] \\ ^ ` { | } ~ <>",
      "%41 %% %2 %zz + ++ %2B %0D%0A",
      "ligne 1\nligne 2\r\nligne 3\rligne 4\n\nfin\n",
      "\"quotes\" 'apostrophes' \"\"",
      "tab\tand\x01control",
      "",
  };
  for (const std::string& s : texts) {
    CAPTURE(s);
    const auto link = mailto_link("a@x.fr", "", s, s);
    REQUIRE(link.ok());
    CHECK(field(link->url, "body") == crlf(s));
    // The subject is one line: breaks and tabs become spaces.
    std::string one = s;
    for (char& c : one)
      if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    CHECK(field(link->url, "subject") == one);
    CHECK(percent_decode(percent_encode(s)) == s);
  }
  // Every byte value survives percent_encode / percent_decode.
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  CHECK(percent_decode(percent_encode(all)) == all);
}

TEST_CASE("percent_decode leaves malformed escapes alone") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"%C3%A9", "é"}, {"%c3%a9", "é"}, {"100%", "100%"}, {"%4", "%4"},  {"%zz", "%zz"},
      {"a+b", "a+b"},  {"%2B", "+"},    {"%%41", "%A"},   {"%0D%0A", "\r\n"}, {"", ""},
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    CHECK(percent_decode(row.in) == row.out);
  }
}

TEST_CASE("mailto: a link too long for some mail apps is flagged, never cut") {
  const std::string prefix = "mailto:a@x.fr?body=";
  const std::string fits(kSafeMailtoLength - prefix.size(), 'x');
  const auto at_limit = mailto_link("a@x.fr", "", "", fits);
  REQUIRE(at_limit.ok());
  CHECK(at_limit->url.size() == kSafeMailtoLength);
  CHECK_FALSE(at_limit->too_long);

  const auto over = mailto_link("a@x.fr", "", "", fits + "x");
  REQUIRE(over.ok());
  CHECK(over->too_long);
  CHECK(over->advice == "Texte trop long pour un lien e-mail : copiez le texte ou joignez le PDF");
  CHECK(field(over->url, "body") == fits + "x");

  // Accents take 6 characters each once encoded.
  std::string letter;
  for (int i = 0; i < 400; ++i) letter += "é";
  const auto accents = mailto_link("a@x.fr", "", "", letter);
  CHECK(accents->too_long);
  CHECK(field(accents->url, "body") == letter);
}

TEST_CASE("phone numbers to international form") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"06 12 34 56 78", "+33612345678"},
      {"06.12.34.56.78", "+33612345678"},
      {"06-12-34-56-78", "+33612345678"},
      {"0612345678", "+33612345678"},
      {"06\u00a012\u00a034\u00a056\u00a078", "+33612345678"},
      {"06\u202f12\u202f34\u202f56\u202f78", "+33612345678"},
      {"+33 6 12 34 56 78", "+33612345678"},
      {"+33 (0)6 12 34 56 78", "+33612345678"},
      {"0033 6 12 34 56 78", "+33612345678"},
      {"07 00 00 00 01", "+33700000001"},
      {"04 72 00 00 00", "+33472000000"},
      {"0690 12 34 56", "+590690123456"},  // Guadeloupe
      {"0696 12 34 56", "+596696123456"},  // Martinique
      {"0694 12 34 56", "+594694123456"},  // Guyane
      {"0692 12 34 56", "+262692123456"},  // La Réunion
      {"0639 12 34 56", "+262639123456"},  // Mayotte
      {"+32 470 12 34 56", "+32470123456"},
      {"+44 7911 123456", "+447911123456"},
      {"(+41) 79 123 45 67", "+41791234567"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.in);
    const auto n = normalize_phone(row.in);
    REQUIRE_MESSAGE(n.ok(), n.error().message());
    CHECK(*n == row.out);
  }
  for (const char* bad : {"abc", "06 12 34", "12345678901", "+33 6 12 34 56 7", "06 12 34 56 78 ext 2", "+0612345678",
                          "++33612345678", "6 12 34 56 78", "00", "+1234567", "06 12 34 56 78 9",
                          "0612345678;body=x"}) {
    CAPTURE(bad);
    const auto n = normalize_phone(bad);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().where == "client.phone");
    CHECK(n.error().what.find("numéro de téléphone invalide") == 0);
  }
  CHECK(likely_mobile("+33612345678"));
  CHECK(likely_mobile("+33712345678"));
  CHECK_FALSE(likely_mobile("+33472000000"));
  CHECK(likely_mobile("+590690123456"));
  CHECK_FALSE(likely_mobile("+590590123456"));
  CHECK(likely_mobile("+447911123456"));
}

TEST_CASE("sms: links") {
  const auto link = sms_link("06 12 34 56 78", "Bonjour, 12 €\nMerci & à bientôt");
  REQUIRE(link.ok());
  CHECK(link->url == "sms:+33612345678?body=Bonjour%2C%2012%20%E2%82%AC%0AMerci%20%26%20%C3%A0%20bient%C3%B4t");
  CHECK(link->advice.empty());
  CHECK(field(link->url, "body") == "Bonjour, 12 €\nMerci & à bientôt");

  CHECK(sms_link("+33612345678", "")->url == "sms:+33612345678");
  CHECK_FALSE(sms_link("04 72 00 00 00", "x")->advice.empty());  // a landline

  const auto none = sms_link("  ", "x");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().where == "client.phone");
  CHECK(none.error().what == "client sans numéro de téléphone : appelez-le ou ajoutez un numéro de mobile");
  const auto bad = sms_link("06 12", "x");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().what == "numéro de téléphone invalide : « 06 12 » (attendu : 06 12 34 56 78 ou +33 6 12 34 56 78)");
}

TEST_CASE("webmail: Gmail and Outlook.com compose links carry the address, subject and whole body") {
  const std::string body = "Bonjour,\r\nMontant : " + format_eur(123456) + "\n& ? # % + =";
  const auto g = webmail_compose_url(Webmail::gmail, "compta@batiments-rhone.fr", "Relance\n– F-2026-0001", body);
  REQUIRE(g.ok());
  CHECK(*g == "https://mail.google.com/mail/?view=cm&fs=1&to=compta@batiments-rhone.fr"
              "&su=Relance%20%E2%80%93%20F-2026-0001"
              "&body=Bonjour%2C%0AMontant%20%3A%201%E2%80%AF234%2C56%C2%A0%E2%82%AC%0A%26%20%3F%20%23%20%25%20%2B%20%3D");
  const auto o = webmail_compose_url(Webmail::outlook, "Jean <jean@exemple.fr>; b@y.fr", "Objet", "Texte");
  REQUIRE(o.ok());
  CHECK(*o == "https://outlook.live.com/mail/0/deeplink/compose?to=jean@exemple.fr,b@y.fr&subject=Objet&body=Texte");
  // A body far longer than a mailto: link may carry is never cut.
  const std::string long_body(5000, 'x');
  const auto l = webmail_compose_url(Webmail::gmail, "a@b.fr", "s", long_body);
  REQUIRE(l.ok());
  CHECK(l->find(long_body) != std::string::npos);
  // The same address checks as mailto:, naming the client field.
  const auto bad = webmail_compose_url(Webmail::gmail, "pas une adresse", "s", "b");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().where == "client.email");
  CHECK_FALSE(webmail_compose_url(Webmail::outlook, "", "s", "b").ok());
  CHECK(std::string(webmail_name(Webmail::gmail)) == "Gmail");
}
