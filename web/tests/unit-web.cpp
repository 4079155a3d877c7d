// Native tests of the web shell: the input queue, the Store over the fake
// platform (journal order across tabs, errors, compaction), the URL helpers,
// and whole frames of the UI drawn headless with ImGui (no renderer).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "core/assets.h"
#include "core/storage.h"
#include "web/app.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/store.h"
#include "web/ui.h"

using namespace relance;
namespace fake = relance::platform::fake;

namespace {

// An ImGui context with fonts built and no renderer: enough to run frames.
struct ImGuiFixture {
  ImGuiFixture() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    input::Queue::setup_key_map(io);
    ui::apply_style(16);
    ui::build_fonts(16, 1);
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(1));
  }
  ~ImGuiFixture() { ImGui::DestroyContext(); }

  void frame(App& app, input::Queue* q = nullptr) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60;
    if (q) q->apply(io);
    ImGui::NewFrame();
    ui::begin_frame();
    app_draw(app);
    ui::end_frame();
    ImGui::Render();
  }
  void click(App& app, const char* label) {
    auto r = ui::rect(label);
    REQUIRE_MESSAGE(r, label);
    input::Queue q;
    q.mouse_move(r->x + r->w / 2, r->y + r->h / 2);
    q.mouse_button(0, true);
    q.mouse_button(0, false);
    while (!q.empty()) frame(app, &q);
    frame(app);
  }
};

std::vector<std::string> texts(const Store& s) {
  std::vector<std::string> out;
  for (const auto& e : s.entries()) out.push_back(e.command_json);
  return out;
}

}  // namespace

TEST_CASE("input queue: a click within one frame is seen pressed, then released") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  input::Queue q;
  q.mouse_move(10, 20);
  q.mouse_button(0, true);
  q.mouse_button(0, false);
  CHECK(q.apply(io));  // the release waits
  CHECK(io.MouseDown[0]);
  CHECK(io.MousePos.x == 10);
  CHECK_FALSE(q.apply(io));
  CHECK_FALSE(io.MouseDown[0]);
  ImGui::DestroyContext();
}

TEST_CASE("input queue: text and keys keep their order") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  input::Queue q;
  q.text("cr");
  q.text("\xC3\xA8me");  // "ème": merged with the previous text
  q.key(input::kBackspace, true, 0);
  q.key(input::kBackspace, false, 0);
  q.text("!");
  CHECK(q.size() == 4);
  CHECK(q.apply(io));
  CHECK(io.InputQueueCharacters.Size == 5);
  CHECK_FALSE(io.KeysDown[input::kBackspace]);
  io.InputQueueCharacters.resize(0);
  CHECK(q.apply(io));
  CHECK(io.KeysDown[input::kBackspace]);
  CHECK(q.apply(io));  // release, then the text in a later frame
  CHECK_FALSE(io.KeysDown[input::kBackspace]);
  CHECK_FALSE(q.apply(io));
  CHECK(io.InputQueueCharacters.Size == 1);
  ImGui::DestroyContext();
}

TEST_CASE("input queue: losing focus releases everything") {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  input::Queue q;
  q.key(input::kA, true, input::kCtrl);
  q.apply(io);
  CHECK(io.KeyCtrl);
  CHECK(q.anything_held());
  q.focus(false);
  q.apply(io);
  CHECK_FALSE(io.KeysDown[input::kA]);
  CHECK_FALSE(io.KeyCtrl);
  CHECK_FALSE(q.anything_held());
  ImGui::DestroyContext();
}

TEST_CASE("URL helpers") {
  CHECK(platform::percent_encode("crème 1 234,56 €") == "cr%C3%A8me%201%20234%2C56%20%E2%82%AC");
  CHECK(platform::mailto_url("compta@exemple.fr", "Facture n\xC2\xB0 12", "Bonjour,\nmerci") ==
        "mailto:compta@exemple.fr?subject=Facture%20n%C2%B0%2012&body=Bonjour%2C%0Amerci");
}

TEST_CASE("store: open, append, entries from another tab come first, in log order") {
  fake::reset();
  std::vector<std::string> applied;
  Store store({[&](const platform::Snapshot*) { applied.clear(); },
               [&](const platform::JournalEntry& e) { applied.push_back(e.command_json); }});
  store.open();
  CHECK(store.state() == Store::State::opening);
  fake::run_pending();
  REQUIRE(store.state() == Store::State::open);
  CHECK(store.persistence() == platform::Persistence::denied);

  bool done = false;
  store.append("a1", [&](bool ok) { done = ok; });
  fake::other_tab_appends("b1");  // lands before ours: the fake runs our append later
  fake::run_pending();
  CHECK(done);
  CHECK(applied == std::vector<std::string>{"b1", "a1"});
  CHECK(texts(store) == applied);
  CHECK(store.last_seq() == 2);

  fake::other_tab_appends("b2");
  fake::run_pending();  // the broadcast pull
  CHECK(applied == std::vector<std::string>{"b1", "a1", "b2"});
}

TEST_CASE("store: reopening replays snapshot then journal") {
  fake::reset();
  fake::store_snapshot({"{\"dev_notes\":[]}", 0, kStorageFormatVersion});
  fake::other_tab_appends("x");
  fake::other_tab_appends("y");
  Store store;
  store.open();
  fake::run_pending();
  REQUIRE(store.snapshot());
  CHECK(store.snapshot()->ledger_json == "{\"dev_notes\":[]}");
  CHECK(texts(store) == std::vector<std::string>{"x", "y"});

  bool ok = false;
  store.compact("{\"dev_notes\":[\"x\",\"y\"]}", [&](bool r) { ok = r; });
  fake::run_pending();
  CHECK(ok);
  CHECK(store.entries().empty());
  CHECK(fake::stored_journal().empty());
  CHECK(fake::stored_snapshot()->seq == 2);
}

TEST_CASE("store: errors are kept for the banner, newer data is never written") {
  SUBCASE("newer format") {
    fake::reset();
    fake::store_snapshot({"{}", 3, kStorageFormatVersion + 1});
    Store store;
    store.open();
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::newer_format);
    CHECK(store.read_only());
    bool called = false, ok = true;
    store.append("z", [&](bool r) { called = true; ok = r; });
    CHECK(called);
    CHECK_FALSE(ok);
    fake::run_pending();
    CHECK(fake::stored_journal().empty());
    CHECK(fake::stored_snapshot()->format_version == kStorageFormatVersion + 1);
  }
  SUBCASE("unavailable") {
    fake::reset();
    fake::set_storage_available(false);
    Store store;
    store.open();
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::unavailable);
    CHECK(store.read_only());
  }
  SUBCASE("quota, then a write that succeeds clears it") {
    fake::reset();
    Store store;
    store.open();
    fake::run_pending();
    fake::fail_next_write(platform::StorageError::quota_exceeded);
    store.append("a");
    fake::run_pending();
    CHECK(store.status().error == platform::StorageError::quota_exceeded);
    CHECK_FALSE(store.read_only());
    store.append("b");
    fake::run_pending();
    CHECK(store.status().ok());
    CHECK(texts(store) == std::vector<std::string>{"b"});
  }
}

TEST_CASE("shell: frames draw the six screens, Paramètres actions reach the platform") {
  fake::reset();
  fake::set_today("2026-11-23");
  ImGuiFixture imgui;
  App app;
  app_init(app);
  fake::run_pending();
  imgui.frame(app);
  imgui.frame(app);
  for (const char* label : {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"})
    CHECK_MESSAGE(ui::rect(label), label);

  imgui.click(app, "Param\u00e8tres");
  CHECK(app.screen == Screen::settings);
  app.dev.text = "cr\u00e8me br\u00fbl\u00e9e \u2013 1\u202f234,56 \u20ac";
  imgui.frame(app);
  CHECK(ui::text_value("Texte d\u2019essai") == app.dev.text);

  imgui.click(app, "T\u00e9l\u00e9charger un CSV");
  REQUIRE(fake::downloads().size() == 1);
  CHECK(fake::downloads()[0].name == "essai-relance.csv");
  CHECK(fake::downloads()[0].bytes.find(app.dev.text) != std::string::npos);

  imgui.click(app, "\u00c9crire un e-mail");
  REQUIRE(fake::links().size() == 1);
  CHECK(fake::links()[0].rfind("mailto:?subject=", 0) == 0);

  imgui.click(app, "Copier");
  CHECK(platform::clipboard_text() == app.dev.text);

  imgui.click(app, "Ajouter au journal");
  fake::run_pending();
  REQUIRE(fake::stored_journal().size() == 1);
  auto cmd = nlohmann::json::parse(fake::stored_journal()[0].command_json);
  CHECK(cmd["text"] == app.dev.text);

  // window.relance plumbing.
  auto rect = platform::call_api("ui.rect", "Copier");
  REQUIRE(rect);
  CHECK(nlohmann::json::parse(*rect)["w"].get<double>() > 0);
  CHECK(platform::call_api("ui.rect", "nothing") == std::string("null"));
  CHECK_FALSE(platform::call_api("no.such.api", ""));
  std::string reply;
  platform::call_async_api("importLedger", "not json", [&](std::string r) { reply = r; });
  CHECK(nlohmann::json::parse(reply)["ok"] == false);
  // A file that is not a ledger is refused with its errors; nothing changes.
  platform::call_async_api("importLedger", "{\"dev_notes\":[]}", [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(reply)["ok"] == false);
  CHECK(nlohmann::json::parse(reply)["errors"][0] == "importLedger: $.format: champ obligatoire absent");
  CHECK(fake::stored_journal().size() == 1);
  // A real ledger replaces everything: a snapshot, an empty journal.
  platform::call_async_api("importLedger", std::string(embedded_asset("sample/ledger.json")),
                           [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(reply)["ok"] == true);
  CHECK(fake::stored_journal().empty());
  CHECK(app.data.ledger.invoices.size() == 26);
  CHECK(nlohmann::json::parse(*platform::call_api("exportLedger", ""))["invoices"].size() == 26);
}

TEST_CASE("shell: a phone-sized window keeps every screen button inside it") {
  fake::reset();
  ImGuiFixture imgui;
  ImGui::GetIO().DisplaySize = ImVec2(390, 844);
  App app;
  app_init(app);
  fake::run_pending();
  imgui.frame(app);
  imgui.frame(app);
  for (const char* label : {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"}) {
    auto r = ui::rect(label);
    REQUIRE_MESSAGE(r, label);
    CHECK_MESSAGE(r->x + r->w <= 390, label);
  }
}

TEST_CASE("data: commands are checked, stored, then applied in log order with other tabs") {
  fake::reset();
  App app;
  app_init(app);
  fake::run_pending();
  REQUIRE(app.store.state() == Store::State::open);

  Client c;
  c.name = "Hôtel des Célestins";
  std::optional<Result<Applied>> got;
  app.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 1);
  CHECK(app.data.ledger.clients.size() == 1);
  CHECK(fake::stored_journal().size() == 1);

  // Refused at once: nothing is written.
  got.reset();
  app.submit(cmd::AddClient{Client{}}, [&](const Result<Applied>& r) { got = r; });
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(got->error().what == "le nom du client est obligatoire");
  CHECK(fake::stored_journal().size() == 1);

  // Another tab adds a client meanwhile: ours is applied after it, and both
  // tabs give the same ids.
  Client other;
  other.name = "Garage Dupont";
  fake::other_tab_appends(command_to_json(cmd::AddClient{other}));
  c.name = "Boulangerie Martin";
  got.reset();
  app.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 3);
  REQUIRE(app.data.ledger.clients.size() == 3);
  CHECK(app.data.ledger.clients[1].name == "Garage Dupont");

  // A storage failure is reported and the ledger is unchanged.
  fake::fail_next_write(platform::StorageError::quota_exceeded);
  const Ledger before = app.data.ledger;
  got.reset();
  c.name = "Pharmacie du Parc";
  app.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(app.data.ledger == before);

  // A restart rebuilds the same ledger from the journal.
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.data.ledger == before);
}
