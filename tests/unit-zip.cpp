// The .zip reader (core/zip.h) on archives the test writes itself
// (tests/zip_writer.h), broken ones included: each refusal one message
// naming the archive and the member; and the e-invoices of a zip, in core
// and through `relance import-invoices`.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/einvoice/import.h"
#include "core/zip.h"
#include "tests/cli_run.h"
#include "tests/zip_writer.h"

using namespace relance;
using relance::testing::make_zip;
using relance::testing::ZipEntry;

namespace {

std::string big_text() {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "<Line n=\"" + std::to_string(i) + "\">Prestation</Line>\n";
  return s;
}

Error zip_error(const std::string& bytes, const ZipLimits& limits = {}) {
  auto r = read_zip(bytes, "lot.zip", limits);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

TEST_CASE("zip: stored, deflate and data-descriptor members read back, in order") {
  const std::string big = big_text();
  const std::string z = make_zip({{"a.xml", "<a/>", 0},
                                  {"dir/", "", 0},
                                  {"dir/b.xml", big, 8},
                                  {"c.pdf", big + "x", 8, /*descriptor=*/true},
                                  {"empty.txt", "", 8}},
                                 "commentaire");
  CHECK(looks_like_zip(z));
  auto r = read_zip(z, "lot.zip");
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  REQUIRE(r->size() == 4);  // the directory is not a member
  CHECK((*r)[0].name == "a.xml");
  CHECK((*r)[0].data == "<a/>");
  CHECK((*r)[1].name == "dir/b.xml");
  CHECK((*r)[1].data == big);
  CHECK((*r)[2].name == "c.pdf");
  CHECK((*r)[2].data == big + "x");
  CHECK((*r)[3].name == "empty.txt");
  CHECK((*r)[3].data.empty());
}

TEST_CASE("zip: an empty archive has no members") {
  const std::string z = make_zip({});
  CHECK(looks_like_zip(z));
  auto r = read_zip(z, "vide.zip");
  REQUIRE(r.ok());
  CHECK(r->empty());
}

TEST_CASE("zip: names are sanitised, or refused when they leave the archive") {
  auto r = read_zip(make_zip({{"dossier\\.\\sous//f.xml", "x", 0}, {"./g.xml", "y", 0}}), "lot.zip");
  REQUIRE_MESSAGE(r.ok(), r.error().message());
  CHECK((*r)[0].name == "dossier/sous/f.xml");
  CHECK((*r)[1].name == "g.xml");
  // Not UTF-8 and not flagged as such (Windows' OEM code page, 850 in
  // France: « é » 0x82, « è » 0x8A; box-drawing 0xB3 has no place in a name).
  r = read_zip(make_zip({{"factur\x82 \x8At\xB3.xml", "x", 0}}), "lot.zip");
  REQUIRE(r.ok());
  CHECK((*r)[0].name == "facturé èt_.xml");

  Error e = zip_error(make_zip({{"../../etc/passwd", "x", 0}}));
  CHECK(e.where == "lot.zip/../../etc/passwd");
  CHECK(e.what == "chemin qui sort de l'archive (« .. »)");
  e = zip_error(make_zip({{"/etc/passwd", "x", 0}}));
  CHECK(e.what == "chemin absolu dans l'archive");
  e = zip_error(make_zip({{"C:\\Windows\\x.xml", "x", 0}}));
  CHECK(e.what == "chemin avec une lettre de lecteur dans l'archive");
  e = zip_error(make_zip({{"a\x01.xml", "x", 0}}));
  CHECK(e.what == "nom de membre avec un caractère de contrôle");
  e = zip_error(make_zip({{"a.xml", "x", 0}, {"./a.xml", "y", 0}}));
  CHECK(e.where == "lot.zip/a.xml");
  CHECK(e.what == "membre présent deux fois dans l'archive");
  e = zip_error(make_zip({{"\xff\xfe.xml", "x", 0, false, 0x800}}));
  CHECK(e.what == "nom de membre annoncé en UTF-8 mais qui n'en est pas");
}

TEST_CASE("zip: corrupt, truncated and unsupported archives, one clear message each") {
  const std::string big = big_text();
  const std::string good = make_zip({{"a.xml", big, 8}, {"b.xml", big, 8}});

  SUBCASE("CRC mismatch") {
    ZipEntry e{"a.xml", big, 8};
    e.crc = 0x12345678;
    const Error err = zip_error(make_zip({e}));
    CHECK(err.where == "lot.zip/a.xml");
    CHECK(err.what == "CRC-32 incorrect : le membre est corrompu");
  }
  SUBCASE("CRC mismatch, stored") {
    ZipEntry e{"a.xml", "abc", 0};
    e.crc = 1;
    CHECK(zip_error(make_zip({e})).what == "CRC-32 incorrect : le membre est corrompu");
  }
  SUBCASE("cut short: no end record") {
    const Error err = zip_error(good.substr(0, good.size() / 2));
    CHECK(err.where == "lot.zip");
    CHECK(err.what == "archive zip tronquée ou corrompue : fin du répertoire central introuvable");
  }
  SUBCASE("cut short at every length, never a crash, always an error") {
    for (std::size_t n = 0; n < good.size(); n += 7) CHECK_FALSE(read_zip(good.substr(0, n), "lot.zip").ok());
  }
  SUBCASE("corrupt deflate data") {
    std::string z = good;
    const std::size_t data = 30 + 5;  // first member's data
    for (std::size_t i = data; i < data + 40; ++i) z[i] = static_cast<char>(0xff);
    const Error err = zip_error(z);
    CHECK(err.where == "lot.zip/a.xml");
    CHECK(err.what == "données compressées corrompues");
  }
  SUBCASE("declared size smaller than the data") {
    ZipEntry e{"a.xml", big, 8};
    e.usize = 100;
    const Error err = zip_error(make_zip({e}));
    CHECK(err.what == "données décompressées plus longues que la taille annoncée (100 octets)");
  }
  SUBCASE("declared size larger than the data") {
    ZipEntry e{"a.xml", "court", 8};
    e.usize = 10;
    CHECK(zip_error(make_zip({e})).what == "données décompressées plus courtes que la taille annoncée (5 octets sur 10)");
  }
  SUBCASE("not a zip") {
    const Error err = zip_error("%PDF-1.7\n" + std::string(100, 'x'));
    CHECK(err.what == "pas une archive zip");
    CHECK(zip_error("").what == "fichier vide");
  }
  SUBCASE("encrypted") {
    ZipEntry e{"a.xml", "x", 0};
    e.flags = 0x1;
    const Error err = zip_error(make_zip({e}));
    CHECK(err.where == "lot.zip/a.xml");
    CHECK(err.what == "membre chiffré (protégé par un mot de passe) : non pris en charge");
  }
  SUBCASE("other methods") {
    CHECK(zip_error(make_zip({{"a.xml", "x", 12}})).what ==
          "méthode de compression 12 non prise en charge (seulement stockée ou deflate)");
  }
  SUBCASE("zip64") {
    ZipEntry e{"a.xml", "x", 0};
    e.usize = 0xFFFFFFFFu;
    CHECK(zip_error(make_zip({e})).what == "membre ZIP64 : non pris en charge");
    CHECK(zip_error(make_zip({{"a.xml", "x", 0}}, "", 0xFFFF)).what == "archive ZIP64 : non prise en charge");
  }
  SUBCASE("caps") {
    ZipLimits l;
    l.max_member_bytes = 1000;
    Error err = zip_error(good, l);
    CHECK(err.where == "lot.zip/a.xml");
    CHECK(err.what == "membre trop gros une fois décompressé (" + std::to_string(big.size()) + " octets, au plus 1000 octets)");
    l = {};
    l.max_total_bytes = big.size() + 10;
    err = zip_error(good, l);
    CHECK(err.where == "lot.zip/b.xml");
    CHECK(err.what == "archive trop grosse une fois décompressée (au plus " + std::to_string(big.size() + 10) + " octets en tout)");
    l = {};
    l.max_members = 1;
    CHECK(zip_error(good, l).what == "trop de membres (2, au plus 1)");
  }
  SUBCASE("local header damaged") {
    std::string z = good;
    z[0] = 'X';
    CHECK(zip_error(z).what == "en-tête local introuvable (archive tronquée ou corrompue)");
  }
  SUBCASE("data descriptor disagreeing with the central directory") {
    ZipEntry e{"a.xml", big, 8, true};
    std::string z = make_zip({e});
    const std::size_t d = z.find("PK\7\10");
    REQUIRE(d != std::string::npos);
    z[d + 4] = static_cast<char>(z[d + 4] ^ 1);
    CHECK(zip_error(z).what == "descripteur de données différent du répertoire central (archive corrompue)");
  }
}

TEST_CASE("zip: the e-invoices of an archive, other members skipped") {
  const std::string cii = slurp(std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/einvoice/cii-invoice.xml");
  REQUIRE_FALSE(cii.empty());
  const std::string z = make_zip({{"2026/cii-invoice.xml", cii, 8},
                                  {"LISEZMOI.txt", "bonjour", 0},
                                  {"__MACOSX/2026/._cii-invoice.xml", "junk", 0},
                                  {"2026/FACTURE.PDF", "%PDF-1.4", 0}});
  auto in = einvoice::einvoice_files_from_zip(z, "lot.zip");
  REQUIRE_MESSAGE(in.ok(), in.error().message());
  REQUIRE(in->files.size() == 2);
  CHECK(in->files[0].name == "lot.zip/2026/cii-invoice.xml");
  CHECK(in->files[0].bytes == cii);
  CHECK(in->files[1].name == "lot.zip/2026/FACTURE.PDF");
  CHECK(in->skipped == std::vector<std::string>{"lot.zip/LISEZMOI.txt", "lot.zip/__MACOSX/2026/._cii-invoice.xml"});

  auto none = einvoice::einvoice_files_from_zip(make_zip({{"a.txt", "x", 0}}), "lot.zip");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().message() == "lot.zip: aucune facture électronique (.pdf ou .xml) dans l'archive");
}

TEST_CASE("import-invoices: a .zip of e-invoices, each member reported as ARCHIVE/member") {
  const auto dir = std::filesystem::temp_directory_path() / ("relance-zip-cli-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string fixtures = std::string(RELANCE_SOURCE_DIR) + "/tests/fixtures/einvoice/";
  const std::string sample = std::string(RELANCE_SOURCE_DIR) + "/assets/sample/ledger.json";
  const std::string zip_path = (dir / "lot.zip").string();
  {
    std::ofstream f(zip_path, std::ios::binary);
    f << make_zip({{"cii-invoice.xml", slurp(fixtures + "cii-invoice.xml"), 8},
                   {"ubl/ubl-invoice.xml", slurp(fixtures + "ubl-invoice.xml"), 8, true},
                   {"notes.txt", "à lire", 0}});
  }
  const std::string out = (dir / "out.json").string();
  std::filesystem::remove(out);
  cli_test::Run r = cli_test::run("import-invoices " + sample + " " + zip_path + " " + fixtures + "ubl-creditnote.xml -o " + out);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  Json j = cli_test::json_of(r);
  REQUIRE(j["imported"].size() == 3);
  CHECK(j["imported"][0]["file"] == zip_path + "/cii-invoice.xml");
  CHECK(j["imported"][1]["file"] == zip_path + "/ubl/ubl-invoice.xml");
  CHECK(j["imported"][2]["file"] == fixtures + "ubl-creditnote.xml");
  CHECK(j["skipped"] == Json::array({zip_path + "/notes.txt"}));
  CHECK(std::filesystem::exists(out));

  // A damaged member: nothing written, the archive and member named.
  std::filesystem::remove(out);
  {
    ZipEntry e{"cii-invoice.xml", slurp(fixtures + "cii-invoice.xml"), 8};
    e.crc = 42;
    std::ofstream f(zip_path, std::ios::binary);
    f << make_zip({e});
  }
  r = cli_test::run("import-invoices " + sample + " " + zip_path + " -o " + out);
  CHECK(r.status != 0);
  CHECK(r.err.find(zip_path + "/cii-invoice.xml: CRC-32 incorrect : le membre est corrompu") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
  std::filesystem::remove_all(dir);
}
