// Native tests of the web shell: the input queue, the Store over the fake
// platform (journal order across tabs, errors, compaction), the URL helpers,
// and whole frames of the UI drawn headless with ImGui (no renderer).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "imgui.h"
#include "imgui_internal.h"  // ImTextCharFromUtf8
#include "core/assets.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "web/app.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/app/store.h"
#include "web/tests/headless_imgui.h"
#include "web/ui.h"

using namespace relance;
namespace fake = relance::platform::fake;

namespace {

// Frames of the app drawn headless (web/tests/headless_imgui.h), watching
// the glyphs of every label.
struct ImGuiFixture : test::HeadlessImGui {
  void frame(App& app, input::Queue* q = nullptr) {
    draw(app, q);
    note_missing_glyphs();
  }
  // Labels drawn with a character the font atlas lacks (ImGui draws U+FFFD
  // in its place): the subset fonts and ui.cpp's ranges must cover them.
  std::set<std::string> missing_glyphs;
  void note_missing_glyphs() {
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    for (const std::string& label : ui::labels()) {
      const std::string shown = label.substr(0, label.find("##"));
      for (const char* p = shown.c_str(); *p;) {
        unsigned int c = 0;
        p += ImTextCharFromUtf8(&c, p, nullptr);
        if (c >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) missing_glyphs.insert(label);
      }
    }
  }
  // Scrolls with the wheel, as a user would, until the widget is on screen.
  std::optional<ui::Rect> visible(App& app, const char* label) {
    auto r = ui::rect(label);
    const float h = ImGui::GetIO().DisplaySize.y;
    for (int i = 0; r && i < 60 && (r->y < 0 || r->y + r->h > h); ++i) {
      input::Queue q;
      q.mouse_move(r->x + r->w / 2, h / 2);
      q.wheel(0, r->y < 0 ? 1.0f : -1.0f);
      while (!q.empty()) frame(app, &q);
      frame(app);
      r = ui::rect(label);
    }
    return r;
  }
  void click(App& app, const char* label) {
    auto r = visible(app, label);
    REQUIRE_MESSAGE(r, std::string(label));
    // A mouse hovers before it clicks: ImGui needs a frame over the widget
    // (overlapping rows only take a press they hovered), and a press with
    // no pointer just before is a touch (ui::touch_scroll).
    input::Queue q;
    q.mouse_move(r->x + r->w / 2, r->y + r->h / 2);
    frame(app, &q);
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
        "mailto:compta@exemple.fr?subject=Facture%20n%C2%B0%2012&body=Bonjour%2C%0D%0Amerci");
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

  Store::Appended done;
  store.append("a1", [&](Store::Appended a) { done = a; });
  fake::other_tab_appends("b1");  // lands before ours: the fake runs our append later
  fake::run_pending();
  CHECK(done.ok);
  // The other tab's entry goes through the hook, ours comes back by number.
  CHECK(applied == std::vector<std::string>{"b1"});
  CHECK(done.seq == 2);
  CHECK(done.fresh);
  CHECK(texts(store) == std::vector<std::string>{"b1", "a1"});
  CHECK(store.last_seq() == 2);

  fake::other_tab_appends("b2");
  fake::run_pending();  // the broadcast pull
  CHECK(applied == std::vector<std::string>{"b1", "b2"});
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
    store.append("z", [&](Store::Appended a) { called = true; ok = a.ok; });
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
  imgui.frame(app);
  // The platform checks live in Paramètres' Diagnostic tab (ui_settings.cpp).
  if (ui::rect("Diagnostic")) imgui.click(app, "Diagnostic");
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

  // Commands reach the journal through window.relance.dev.command (the dev
  // build's hook, as a screen submits them) and read back as written.
  std::string appended;
  const std::string command =
      nlohmann::json{{"format", "relance-command"}, {"version", 1}, {"type", "add_client"},
                     {"client", {{"name", app.dev.text}, {"kind", "business"}}}}.dump();
  platform::call_async_api("dev.command", command, [&](std::string r) { appended = r; });
  fake::run_pending();
  REQUIRE_FALSE(appended.empty());
  CHECK(nlohmann::json::parse(appended)["ok"] == true);
  REQUIRE(fake::stored_journal().size() == 1);
  auto cmd = nlohmann::json::parse(fake::stored_journal()[0].command_json);
  CHECK(cmd["client"]["name"] == app.dev.text);
  auto journal = nlohmann::json::parse(*platform::call_api("dev.journal", ""));
  REQUIRE(journal.size() == 1);
  CHECK(nlohmann::json::parse(journal[0]["command"].get<std::string>())["client"]["name"] == app.dev.text);
  CHECK(app.ws.replay_errors().empty());
  // Only commands: there is no way to journal anything else.
  platform::call_async_api("dev.append", "note", [&](std::string r) { appended = r; });
  CHECK(appended == "{\"error\":\"unknown api dev.append\"}");

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
  CHECK(app.ws.ledger().invoices.size() == 26);
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
  REQUIRE(app.ws.store().state() == Store::State::open);

  Client c;
  c.name = "Hôtel des Célestins";
  std::optional<Result<Applied>> got;
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 1);
  CHECK(app.ws.ledger().clients.size() == 1);
  CHECK(fake::stored_journal().size() == 1);

  // Refused at once: nothing is written.
  got.reset();
  app.ws.submit(cmd::AddClient{Client{}}, [&](const Result<Applied>& r) { got = r; });
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
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  REQUIRE(got->ok());
  CHECK((*got)->client == 3);
  REQUIRE(app.ws.ledger().clients.size() == 3);
  CHECK(app.ws.ledger().clients[1].name == "Garage Dupont");

  // A storage failure is reported and the ledger is unchanged.
  fake::fail_next_write(platform::StorageError::quota_exceeded);
  const Ledger before = app.ws.ledger();
  got.reset();
  c.name = "Pharmacie du Parc";
  app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  fake::run_pending();
  REQUIRE(got);
  CHECK_FALSE(got->ok());
  CHECK(app.ws.ledger() == before);

  CHECK(app.ws.pending() == 0);  // nothing left behind by the refused write

  // A restart rebuilds the same ledger from the journal.
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.ws.ledger() == before);
}

TEST_CASE("workspace: commands written together are applied from the commands kept, by their numbers") {
  fake::reset();
  Workspace ws;
  ws.open();
  fake::run_pending();
  Client a, b, other;
  a.name = "Atelier Roux";
  b.name = "Boucherie Noël";
  other.name = "Garage Dupont";
  std::vector<Result<Applied>> got;
  ws.submit(cmd::AddClient{a}, [&](const Result<Applied>& r) { got.push_back(r); });
  ws.submit(cmd::AddClient{b}, [&](const Result<Applied>& r) { got.push_back(r); });
  CHECK(ws.pending() == 2);
  fake::other_tab_appends(command_to_json(cmd::AddClient{other}));  // before both
  fake::run_pending();
  CHECK(ws.pending() == 0);
  REQUIRE(got.size() == 2);
  REQUIRE(got[0].ok());
  REQUIRE(got[1].ok());
  CHECK(got[0]->client == 2);
  CHECK(got[1]->client == 3);
  REQUIRE(ws.ledger().clients.size() == 3);
  CHECK(ws.ledger().clients[0].name == "Garage Dupont");
  CHECK(ws.ledger().clients[2].name == "Boucherie Noël");
  CHECK(ws.replay_errors().empty());
  // What the journal holds replays to the same ledger.
  Workspace again;
  again.open();
  fake::run_pending();
  CHECK(again.ledger() == ws.ledger());
}

// =====================================================================================
// The daily screens: Aujourd’hui, Factures, Clients, first run, shell banners.
// =====================================================================================

#include <chrono>

#include "core/links.h"
#include "core/messages.h"
#include "core/sample.h"
#include "core/text.h"
#include "web/invoices_form.h"
#include "web/invoices_view.h"
#include "web/today_messages.h"
#if __has_include("bench/generate.h") && defined(RELANCE_WEB_TESTS_BENCH)
#include "bench/generate.h"
#endif

namespace {

const Date kToday = Date::from_ymd(2026, 11, 23);

Ledger sample() {
  auto l = sample_ledger(kToday);
  REQUIRE(l);
  return *l;
}

const Client* client_named(const Ledger& l, std::string_view name) {
  for (const Client& c : l.clients)
    if (c.name == name) return &c;
  return nullptr;
}

const AgendaItem* agenda_item(const Agenda& a, std::string_view client) {
  for (const AgendaItem& i : a.due)
    if (i.client_name == client) return &i;
  return nullptr;
}

// The app over the fake platform, drawn headless, driven by clicks and typing.
struct Session : ImGuiFixture {
  App app;
  // Tall by default: what a test clicks is on screen without scrolling.
  explicit Session(ImVec2 size = ImVec2(1280, 2400), const char* today = "2026-11-23") {
    fake::reset();
    fake::set_today(today);
    ImGui::GetIO().DisplaySize = size;
    app.today = today;
    app_init(app);
    fake::run_pending();
    frames();
  }
  void frames(int n = 3) {
    for (int i = 0; i < n; ++i) frame(app);
  }
  void settle() {
    fake::run_pending();
    frames();
  }
  void click(const char* label) {
    ImGuiFixture::click(app, label);
    frames(1);
  }
  void click(const std::string& label) { click(label.c_str()); }
  bool has(const std::string& label) { return ui::rect(label).has_value(); }
  // Clicks a text field, selects what it holds, types over it.
  void type(const std::string& label, const std::string& text) {
    click(label);
    input::Queue q;
    q.key(input::kA, true, input::kCtrl);
    // Ctrl let go with the key: while Ctrl is held ImGui ignores typed characters.
    q.key(input::kA, false, 0);
    q.text(text);
    while (!q.empty()) frame(app, &q);
    frames(2);
  }
  void load_sample() {
    std::optional<bool> ok;
    app.ws.replace(sample(), [&](bool r) { ok = r; });
    fake::run_pending();
    REQUIRE(ok == true);
    frames();
  }
};

std::string decoded_body(const std::string& url) {
  const auto at = url.find("body=");
  REQUIRE(at != std::string::npos);
  std::string b = url.substr(at + 5);
  const auto amp = b.find('&');
  if (amp != std::string::npos) b = b.substr(0, amp);
  return percent_decode(b);
}

}  // namespace

TEST_CASE("invoice table: derived once per revision, sorted and filtered once per change") {
  const Ledger l = sample();
  InvoiceTable t;
  InvoiceSort sort;
  InvoiceFilter filter;
  CHECK(t.update(l, 1, kToday, sort, filter));
  CHECK(t.rows().size() == l.invoices.size());
  CHECK(t.derivations == 1);
  CHECK(t.sorts == 1);
  // Nothing changed: no work.
  CHECK_FALSE(t.update(l, 1, kToday, sort, filter));
  CHECK(t.sorts == 1);

  SUBCASE("by issue date, newest first") {
    for (std::size_t i = 1; i < t.rows().size(); ++i)
      CHECK(l.invoices[t.rows()[i - 1]].issue_date >= l.invoices[t.rows()[i]].issue_date);
  }
  SUBCASE("by balance, descending, then by number ascending") {
    sort = {InvoiceColumn::balance, true};
    CHECK(t.update(l, 1, kToday, sort, filter));
    CHECK(t.derivations == 1);
    for (std::size_t i = 1; i < t.rows().size(); ++i)
      CHECK(t.row(t.rows()[i - 1]).balance >= t.row(t.rows()[i]).balance);
    sort = {InvoiceColumn::number, false};
    t.update(l, 1, kToday, sort, filter);
    std::vector<std::string> numbers;
    for (auto i : t.rows())
      if (!l.invoices[i].number.empty()) numbers.push_back(l.invoices[i].number);
    CHECK(std::is_sorted(numbers.begin(), numbers.end()));
  }
  SUBCASE("filters: overdue, status, client, search without accents") {
    filter.overdue = true;
    t.update(l, 1, kToday, sort, filter);
    REQUIRE_FALSE(t.rows().empty());
    for (auto i : t.rows()) CHECK(t.row(i).days_late > 0);
    filter = {};
    filter.status = static_cast<int>(InvoiceStatus::paid);
    t.update(l, 1, kToday, sort, filter);
    for (auto i : t.rows()) CHECK(invoice_status(l, l.invoices[i]) == InvoiceStatus::paid);
    filter = {};
    filter.search = "celestins";
    t.update(l, 1, kToday, sort, filter);
    const Client* hotel = client_named(l, "H\u00f4tel des C\u00e9lestins");
    REQUIRE(hotel);
    REQUIRE_FALSE(t.rows().empty());
    for (auto i : t.rows()) CHECK(l.invoices[i].client == hotel->id);
    filter = {};
    filter.client = hotel->id;
    t.update(l, 1, kToday, sort, filter);
    CHECK(t.position_of(l, l.invoices[t.rows()[0]].id) == 0);
  }
  SUBCASE("a new revision derives again") {
    CHECK(t.update(l, 2, kToday, sort, filter));
    CHECK(t.derivations == 2);
    CHECK(t.update(l, 2, kToday + 1, sort, filter));
    CHECK(t.derivations == 3);
  }
}

TEST_CASE("today messages: e-mail, SMS, letter, call, thanks for the sample agenda") {
  const Ledger l = sample();
  const Agenda a = compute_agenda(l, kToday);
  const AgendaItem* hotel = agenda_item(a, "H\u00f4tel des C\u00e9lestins");
  REQUIRE(hotel);
  CHECK(hotel->channel == Channel::email);
  const std::vector<Channel> ch = channels_for(l, *hotel);
  REQUIRE_FALSE(ch.empty());
  CHECK(ch[0] == Channel::email);

  PreparedMessage m = prepare_message(l, *hotel, Channel::email, kToday);
  REQUIRE(m.ok());
  CHECK(m.url.rfind("mailto:", 0) == 0);
  const std::string body = decoded_body(m.url);
  CHECK(body.find("8\u202f720,00\u00a0\u20ac") != std::string::npos);
  CHECK(body.find("\r\n") != std::string::npos);  // CRLF line breaks
  CHECK(m.body.find("F-2026-0036") != std::string::npos);

  SUBCASE("the letter is a PDF and its text is kept") {
    PreparedMessage letter = prepare_message(l, *hotel, Channel::letter, kToday, true);
    REQUIRE(letter.ok());
    CHECK(letter.pdf.rfind("%PDF-", 0) == 0);
    CHECK(letter.channel == Channel::letter);
    CHECK(letter.body.find("Objet : ") != std::string::npos);
    CHECK(letter.file_name == "relance-hotel-des-celestins-2026-11-23.pdf");
  }
  SUBCASE("a call has a prefilled note and a tel: link") {
    const AgendaItem* call = agenda_item(a, "M. Hugo Rivi\u00e8re");
    REQUIRE(call);
    CHECK(call->channel == Channel::phone);
    PreparedMessage note = prepare_message(l, *call, Channel::phone, kToday);
    REQUIRE(note.ok());
    CHECK_FALSE(note.body.empty());
    CHECK(note.url.rfind("tel:+33", 0) == 0);
  }
  SUBCASE("an SMS step gives an sms: link") {
    const AgendaItem* sms = agenda_item(a, "Mme In\u00e8s Carpentier");
    REQUIRE(sms);
    CHECK(sms->channel == Channel::sms);
    PreparedMessage s = prepare_message(l, *sms, Channel::sms, kToday);
    REQUIRE(s.ok());
    CHECK(s.url.rfind("sms:+33", 0) == 0);
    CHECK(sms_info(s.body).gsm7);
  }
  SUBCASE("a client without e-mail: the advice, no link") {
    Ledger copy = l;
    find_client(copy, hotel->client)->email.clear();
    PreparedMessage none = prepare_message(copy, *hotel, Channel::email, kToday);
    CHECK_FALSE(none.ok());
    CHECK(none.error.find("lettre") != std::string::npos);
    CHECK(none.url.empty());
  }
  SUBCASE("thanks") {
    REQUIRE_FALSE(a.thanks.empty());
    PreparedMessage t = prepare_message(l, a.thanks[0], channels_for(l, a.thanks[0])[0], kToday);
    REQUIRE(t.ok());
    CHECK_FALSE(t.body.empty());
  }
}

TEST_CASE("Aujourd’hui: first run, the sample, a mailto: from a click recorded then undone") {
  Session s;
  CHECK(s.app.is_empty());
  CHECK(s.has("D\u00e9couvrir avec un exemple"));
  CHECK(s.has("Commencer avec mes donn\u00e9es"));
  s.click("D\u00e9couvrir avec un exemple");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices.size() == 26);
  CHECK(s.app.is_sample());
  CHECK(s.has("##exemple"));       // the sample banner
  CHECK(s.has("Repartir de z\u00e9ro"));
  CHECK(s.has("\u00c0 faire aujourd\u2019hui"));

  const Agenda a = compute_agenda(s.app.ws.ledger(), kToday);
  const AgendaItem* hotel = agenda_item(a, "H\u00f4tel des C\u00e9lestins");
  REQUIRE(hotel);
  const std::string key = "c" + std::to_string(hotel->client) + "s" + std::to_string(hotel->step);
  const std::string button = "\u00c9crire l\u2019e-mail##" + key;
  REQUIRE(s.has(button));
  s.click(button);
  REQUIRE(fake::links().size() == 1);
  CHECK(fake::links()[0].rfind("mailto:", 0) == 0);
  const std::string body = decoded_body(fake::links()[0]);
  CHECK(body.find("F-2026-0036") != std::string::npos);
  s.settle();
  const Ledger& l = s.app.ws.ledger();
  REQUIRE_FALSE(l.history.empty());
  const HistoryEntry& h = l.history.back();
  CHECK(h.client == hotel->client);
  CHECK(h.step == hotel->step);
  CHECK(h.channel == Channel::email);
  // The exact text sent, with the CRLF of the link back to LF.
  CHECK(replace_all(body, "\r\n", "\n") == h.text);
  CHECK_FALSE(s.has(button));  // done: no longer on the agenda
  const std::string undo = "Annuler##fait-" + std::to_string(h.id);
  REQUIRE(s.has(undo));
  s.click(undo);
  s.settle();
  CHECK(s.app.ws.ledger().history.back().voided);
  CHECK(s.has(button));  // back on the agenda

  SUBCASE("the letter downloads a PDF and records the step") {
    s.click("Voir le texte##" + key);
    CHECK(s.has("Texte##" + key));
    CHECK(ui::text_value("Texte##" + key)->find("F-2026-0036") != std::string::npos);
    s.click("Lettre##" + key + "-canal");
    s.click("T\u00e9l\u00e9charger la lettre (PDF)##" + key + "-apercu");
    REQUIRE(fake::downloads().size() == 1);
    CHECK(fake::downloads()[0].mime_type == "application/pdf");
    CHECK(fake::downloads()[0].bytes.rfind("%PDF-", 0) == 0);
    s.settle();
    CHECK(s.app.ws.ledger().history.back().channel == Channel::letter);
    CHECK_FALSE(s.app.ws.ledger().history.back().voided);
  }
  SUBCASE("a call note records the step with the note's text") {
    const AgendaItem* call = agenda_item(a, "M. Hugo Rivi\u00e8re");
    REQUIRE(call);
    const std::string k = "c" + std::to_string(call->client) + "s" + std::to_string(call->step);
    s.click("Noter l\u2019appel##" + k);
    REQUIRE(s.has("Note##" + k + "-appel"));
    s.type("Note##" + k + "-appel", "Joint sa compagne : virement promis lundi.");
    s.click("Enregistrer l\u2019appel##" + k);
    s.settle();
    const HistoryEntry& c = s.app.ws.ledger().history.back();
    CHECK(c.channel == Channel::phone);
    CHECK(c.text == "Joint sa compagne : virement promis lundi.");
  }
  SUBCASE("starting afresh empties the ledger and opens the guide") {
    s.click("Repartir de z\u00e9ro");
    s.click("Oui, effacer l\u2019exemple");
    s.settle();
    CHECK(s.app.ws.ledger().invoices.empty());
    CHECK(s.has("Nom de l\u2019entreprise##entreprise"));
  }
}

TEST_CASE("guided start, Factures and Clients by clicks and typing: client, draft, issue, payment") {
  Session s;
  const std::string label = "cr\u00e8me br\u00fbl\u00e9e \u2013 1\u202f234,56 \u20ac";
  s.click("Commencer avec mes donn\u00e9es");
  s.type("Nom de l\u2019entreprise##entreprise", "P\u00e2tisserie L\u00e9a");
  s.type("Ville##entreprise", "Lyon");
  s.click("Enregistrer et continuer##entreprise");
  s.settle();
  CHECK(s.app.ws.ledger().company.name == "P\u00e2tisserie L\u00e9a");
  REQUIRE(s.has("Raison sociale##client"));
  // Refused without a name: the reason beside the field, nothing stored.
  s.click("Enregistrer et continuer##client");
  s.settle();
  CHECK(s.app.ws.ledger().clients.empty());
  s.type("Raison sociale##client", "H\u00f4tel du Parc");
  s.type("E-mail##client", "compta@hotel-parc.fr");
  s.click("Enregistrer et continuer##client");
  s.settle();
  REQUIRE(s.app.ws.ledger().clients.size() == 1);
  REQUIRE(s.has("Libell\u00e9 (ce qui a \u00e9t\u00e9 vendu)##facture"));
  s.type("Libell\u00e9 (ce qui a \u00e9t\u00e9 vendu)##facture", label);
  s.type("Montant HT##facture", "1 234,56");
  CHECK(s.has("Montant TTC##calcul"));
  s.click("Enregistrer le brouillon##facture");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices.size() == 1);
  const Invoice& draft = s.app.ws.ledger().invoices[0];
  CHECK(draft.label == label);
  CHECK(draft.ht == 123456);
  CHECK(draft.vat == 24691);
  CHECK(draft.ttc == 148147);
  CHECK(s.app.screen == Screen::invoices);
  CHECK(s.app.invoices_ui.selected == draft.id);

  s.click("\u00c9mettre la facture##action");
  s.click("\u00c9mettre la facture##emettre");
  s.settle();
  const Invoice& issued = s.app.ws.ledger().invoices[0];
  CHECK(issued.number == "F-2026-0001");
  CHECK(issued.state == Lifecycle::issued);
  CHECK(issued.due_date == kToday + 30);

  s.click("Enregistrer un paiement##action");
  CHECK(ui::text_value("Montant re\u00e7u##paiement") == std::string("1\u202f481,47"));
  s.type("Montant re\u00e7u##paiement", "2 000");
  CHECK(s.has("Montant re\u00e7u##paiement"));
  s.click("Enregistrer le paiement##paiement");
  s.settle();
  // Refused by the core: shown beside the amount, nothing written.
  CHECK(s.app.ws.ledger().invoices[0].payments.empty());
  CHECK(s.app.invoices_ui.action.error.where == "payment.amount");
  s.type("Montant re\u00e7u##paiement", "500,00");
  s.click("Enregistrer le paiement##paiement");
  s.settle();
  REQUIRE(s.app.ws.ledger().invoices[0].payments.size() == 1);
  CHECK(s.app.ws.ledger().invoices[0].payments[0].amount == 50000);
  CHECK(balance(s.app.ws.ledger(), s.app.ws.ledger().invoices[0]) == 98147);
  CHECK(s.app.notice.text.find("981,47") != std::string::npos);

  // The list and the client page.
  s.click("\u2039 Liste des factures");
  CHECK(s.has("F-2026-0001##inv-1"));
  s.click("Clients");
  CHECK(s.has("H\u00f4tel du Parc##client-1"));
  s.click("H\u00f4tel du Parc##client-1");
  CHECK(s.has("Relev\u00e9 de compte"));
  s.click("T\u00e9l\u00e9charger le relev\u00e9 (PDF)");
  REQUIRE_FALSE(fake::downloads().empty());
  CHECK(fake::downloads().back().bytes.rfind("%PDF-", 0) == 0);
  // A restart rebuilds the same ledger from the journal.
  const Ledger before = s.app.ws.ledger();
  App again;
  app_init(again);
  fake::run_pending();
  CHECK(again.ws.ledger() == before);
}

TEST_CASE("every daily screen draws at phone size with the sample, details included") {
  Session s(ImVec2(390, 844));
  s.load_sample();
  for (const char* screen : {"Aujourd\u2019hui", "Factures", "Clients"}) {
    s.click(screen);
    s.frames();
  }
  s.app.open_invoice(12);
  s.frames();
  CHECK(s.has("Montants##detail"));
  CHECK(s.has("\u2039 Liste des factures"));
  s.app.open_client(2);
  s.frames();
  CHECK(s.has("Relev\u00e9 de compte"));
  CHECK(s.missing_glyphs.empty());
}

TEST_CASE("every screen, tab and detail of the sample draws its labels with glyphs of the font") {
  Session s;
  s.load_sample();
  for (const char* screen : {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"}) {
    s.click(screen);
    s.frames();
  }
  for (const char* tab : {"Num\u00e9rotation et d\u00e9lais", "Taux l\u00e9gaux", "Sauvegarde et CSV", "Diagnostic"}) {
    REQUIRE_MESSAGE(s.has(tab), tab);
    s.click(tab);
  }
  s.click("Relances");
  REQUIRE(s.has("Mod\u00e8les de messages"));
  s.click("Mod\u00e8les de messages");
  s.click("Factures");
  s.app.open_invoice(12);
  s.frames();
  s.click("Clients");
  s.app.open_client(2);
  s.frames();
  REQUIRE(s.has("Relev\u00e9 de compte"));
  CHECK(s.missing_glyphs.empty());
  for (const std::string& label : s.missing_glyphs) MESSAGE(label);
}

TEST_CASE("touch: a finger drag scrolls the list and clicks nothing") {
  Session s(ImVec2(390, 600));
  s.load_sample();
  s.click("Factures");
  s.frames();
  const auto first = ui::rect("F-2026-0048##inv-23");
  REQUIRE(first);
  // A touch: no hover before, lands on a row, moves up, lifts.
  input::Queue q;
  q.mouse_leave();
  s.frame(s.app, &q);
  const float x = first->x + 20, y = first->y + first->h / 2;
  q.mouse_move(x, y);
  q.mouse_button(0, true);
  while (!q.empty()) s.frame(s.app, &q);
  for (int i = 1; i <= 10; ++i) {
    q.mouse_move(x, y - i * 20.0f);
    while (!q.empty()) s.frame(s.app, &q);
  }
  CHECK(ui::touch_scrolling());
  q.mouse_button(0, false);
  q.mouse_leave();
  while (!q.empty()) s.frame(s.app, &q);
  s.frames();
  CHECK(s.app.invoices_ui.selected == 0);  // nothing opened
  const auto after = ui::rect("F-2026-0048##inv-23");
  CHECK((!after || after->y < first->y - 100));
}

TEST_CASE("shell: notices, replay errors and unreadable data are shown") {
  Session s;
  s.app.notify("Paiement enregistr\u00e9.", false, {"attention"});
  s.frames();
  CHECK(s.has("##notice"));
  s.click("Fermer##notice");
  CHECK_FALSE(s.has("##notice"));
  fake::other_tab_appends("pas une commande");  // refused on replay
  s.settle();
  CHECK(s.has("##erreurs-journal"));
  // Another tab leaves an unreadable snapshot behind.
  fake::store_snapshot({"illisible", 100, kStorageFormatVersion});
  fake::other_tab_appends("{}");
  s.settle();
  REQUIRE_FALSE(s.app.ws.snapshot_error().empty());
  CHECK(s.has("##donnees-illisibles"));
  std::optional<Result<Applied>> got;
  Client c;
  c.name = "X";
  s.app.ws.submit(cmd::AddClient{c}, [&](const Result<Applied>& r) { got = r; });
  REQUIRE(got);
  CHECK_FALSE(got->ok());
}
