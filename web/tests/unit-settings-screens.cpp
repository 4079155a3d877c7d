// Native tests of the Relances, Rapports and Paramètres screens: whole ImGui
// frames drawn headless over the fake platform, driven by clicks and typing
// at the widgets' recorded places, as the browser tests do.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "core/assets.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "web/app.h"
#include "web/input.h"
#include "web/platform.h"
#include "web/platform_fake.h"
#include "web/forms.h"
#include "web/tests/headless_imgui.h"
#include "web/tests/session.h"
#include "web/ui.h"

using namespace relance;
namespace fake = relance::platform::fake;

namespace {

struct Screens : test::HeadlessImGui {
  App app;

  Screens() {
    fake::reset();
    fake::set_today("2026-11-23");
    app_init(app);
    fake::run_pending();
    frames(2);
  }

  void frame(input::Queue* q = nullptr) { draw(app, q); }
  void frames(int n) {
    for (int i = 0; i < n; ++i) frame();
  }
  void run(input::Queue& q) {
    while (!q.empty()) frame(&q);
    frames(2);
  }
  // The part of the display the screen scrolls in: below the top bar, the
  // banners and the notice of the last save (which push the screen down);
  // and where the wheel scrolls the screen itself: over its scrollbar, not
  // over a text box or list inside it, which would take the wheel.
  struct View {
    float top = 0, bottom = 0, wheel_x = 0;
  };
  static View screen_view() {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    View v{0, size.y, size.x - 2};
    const std::string_view prefix = "##root/##screen_";
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      const std::string_view name = w->Name;
      if (!w->Active || name.substr(0, prefix.size()) != prefix || name.find('/', prefix.size()) != std::string_view::npos)
        continue;
      v.top = std::max(v.top, w->InnerClipRect.Min.y);
      v.bottom = std::min(v.bottom, w->InnerClipRect.Max.y);
      v.wheel_x = w->ScrollbarY ? (w->InnerRect.Max.x + w->Rect().Max.x) / 2 : w->InnerClipRect.Max.x - 1;
    }
    return v;
  }
  // Scrolls with the wheel, as a user would, until the widget is in view.
  std::optional<ui::Rect> visible(const std::string& label) {
    auto r = ui::rect(label);
    for (int i = 0; r && i < 60; ++i) {
      const View v = screen_view();
      if (r->y >= v.top && r->y + r->h <= v.bottom) break;
      input::Queue q;
      q.mouse_move(v.wheel_x, (v.top + v.bottom) / 2);
      q.wheel(0, r->y < v.top ? 1.0f : -1.0f);
      run(q);
      r = ui::rect(label);
    }
    return r;
  }
  void click(const std::string& label) {
    auto r = visible(label);
    REQUIRE_MESSAGE(r, label);
    input::Queue q;
    q.mouse_move(r->x + r->w / 2, r->y + r->h / 2);
    q.mouse_button(0, true);
    q.mouse_button(0, false);
    run(q);
  }
  // Replaces a field's text as a user would: click, select all, type.
  void type(const std::string& label, const std::string& text) {
    click(label);
    input::Queue q = test::keys_replacing(text);
    run(q);
  }
  // Types at the end of a (multi-line) field.
  void append(const std::string& label, const std::string& text) {
    click(label);
    input::Queue q = test::keys_appending(text);
    run(q);
  }
  // Clicks somewhere neutral so the active field lets go of its text. Not
  // Escape: in ImGui, Escape cancels the edit and puts the old text back.
  void release_focus() {
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    for (float fy : {0.5f, 0.4f, 0.6f, 0.3f, 0.7f, 0.2f, 0.8f})
      for (float fx : {0.97f, 0.9f, 0.75f, 0.5f, 0.02f}) {
        input::Queue hover;
        hover.mouse_move(size.x * fx, size.y * fy);
        run(hover);
        if (ImGui::IsAnyItemHovered()) continue;
        input::Queue q;
        q.mouse_button(0, true);
        q.mouse_button(0, false);
        run(q);
        return;
      }
    FAIL("no neutral place to click");
  }
  void settle() {
    for (int i = 0; i < 5 && fake::run_pending() > 0; ++i) frames(1);
    frames(2);
  }
  void load_sample() {
    std::string reply;
    platform::call_async_api("importLedger", std::string(embedded_asset("sample/ledger.json")),
                             [&](std::string r) { reply = r; });
    fake::run_pending();
    REQUIRE(reply.find("\"ok\":true") != std::string::npos);
    frames(2);
  }
};

bool label_with(std::string_view part) {
  for (const std::string& l : ui::labels())
    if (l.find(part) != std::string::npos) return true;
  return false;
}

std::size_t journal_size() { return fake::stored_journal().size(); }

std::string last_type() {
  auto j = fake::stored_journal();
  if (j.empty()) return "";
  auto doc = Json::parse(j.back().command_json, nullptr, false);
  return doc.is_object() ? doc.value("type", "") : "";
}

}  // namespace

TEST_CASE("Relances: a chain step edited and saved; a step out of order refused next to it") {
  Screens s;
  s.click("Relances");
  s.click("Sc\u00e9narios de relance");
  s.click("Professionnels##chain-b2b");
  REQUIRE(ui::rect("Jours apr\u00e8s l\u2019\u00e9ch\u00e9ance##step2"));
  s.type("Jours apr\u00e8s l\u2019\u00e9ch\u00e9ance##step2", "7");
  s.type("Nom de l\u2019\u00e9tape##step2", "Premi\u00e8re relance");
  s.release_focus();
  s.click("Enregistrer le sc\u00e9nario");
  s.settle();
  REQUIRE(journal_size() == 1);
  CHECK(last_type() == "set_chain");
  const Chain* c = find_chain(s.app.ws.ledger(), "b2b");
  REQUIRE(c);
  CHECK(c->steps[1].offset_days == 7);
  CHECK(c->steps[1].name == "Premi\u00e8re relance");

  // Step 3 before step 2: the core refuses, the error sits under step 3's days.
  s.type("Jours apr\u00e8s l\u2019\u00e9ch\u00e9ance##step3", "6");
  s.release_focus();
  s.click("Enregistrer le sc\u00e9nario");
  s.settle();
  CHECK(journal_size() == 1);
  CHECK(label_with("Les \u00e9tapes doivent \u00eatre dans l'ordre"));
  CHECK(find_chain(s.app.ws.ledger(), "b2b")->steps[2].offset_days == 15);

  // Typing that is not a number is refused before the core sees it.
  s.type("Jours apr\u00e8s l\u2019\u00e9ch\u00e9ance##step3", "");
  s.release_focus();
  s.click("Enregistrer le sc\u00e9nario");
  s.settle();
  CHECK(journal_size() == 1);
  CHECK(label_with("Jours : nombre attendu."));

  // Reordering swaps the actions, the days stay in order.
  s.click("Annuler les modifications");
  s.click("Descendre##step2");
  s.click("Enregistrer le sc\u00e9nario");
  s.settle();
  REQUIRE(journal_size() == 2);
  c = find_chain(s.app.ws.ledger(), "b2b");
  CHECK(c->steps[1].name == "Relance 2");
  CHECK(c->steps[1].offset_days == 7);
  CHECK(c->steps[2].name == "Premi\u00e8re relance");
  CHECK(c->steps[2].offset_days == 15);
}

TEST_CASE("Relances: a step used in the history cannot be removed, the core's reason is shown") {
  Screens s;
  s.load_sample();
  const Ledger& l = s.app.ws.ledger();
  // The sample has reminders recorded on the B2B chain.
  int used = -1;
  for (const HistoryEntry& h : l.history)
    if (!h.voided && h.chain_id == "b2b") used = std::max(used, h.step);
  REQUIRE(used >= 0);
  s.click("Relances");
  s.click("Sc\u00e9narios de relance");
  s.click("Professionnels##chain-b2b");
  CHECK(label_with("D\u00e9j\u00e0 utilis\u00e9e dans l\u2019historique"));
  const std::size_t before = journal_size();
  const std::size_t steps = find_chain(l, "b2b")->steps.size();
  // The steps after the last one used go (1-based labels: step `used` + 1 is
  // the used one), then the used one is asked to go too.
  for (std::size_t i = steps; i > static_cast<std::size_t>(used) + 1; --i) s.click("Retirer##step" + std::to_string(i));
  s.click("Retirer##step" + std::to_string(used + 1));
  s.click("Enregistrer le sc\u00e9nario");
  s.settle();
  CHECK(journal_size() == before);
  CHECK(label_with("a d\u00e9j\u00e0 servi dans l'historique"));
  CHECK(find_chain(l, "b2b")->steps.size() == steps);
}

TEST_CASE("Relances: unknown placeholders flagged as you type, the preview renders a real invoice") {
  Screens s;
  s.load_sample();
  s.click("Relances");
  s.click("Mod\u00e8les de messages");
  REQUIRE(ui::rect("Texte du mod\u00e8le"));
  const std::size_t before = journal_size();
  s.append("Texte du mod\u00e8le", "\nMontant : {montnat}");
  CHECK(label_with("champ inconnu {montnat}"));
  CHECK(label_with("Texte, ligne"));
  s.release_focus();
  s.click("Enregistrer le mod\u00e8le");
  s.settle();
  CHECK(journal_size() == before);
  CHECK(label_with("Corrigez les champs signal\u00e9s"));

  // Fixed: the flag goes, the save goes through, the preview shows the amount.
  s.click("Annuler les modifications");
  s.append("Texte du mod\u00e8le", "\nReste d\u00fb : {balance}");
  CHECK_FALSE(label_with("champ inconnu"));
  s.release_focus();
  s.click("Enregistrer le mod\u00e8le");
  s.settle();
  CHECK(journal_size() == before + 1);
  CHECK(last_type() == "set_template");
  auto preview = ui::text_value("Aper\u00e7u du texte");
  REQUIRE(preview);
  CHECK(preview->find("Reste d\u00fb : ") != std::string::npos);
  CHECK(preview->find("\u20ac") != std::string::npos);
  CHECK(preview->find("{balance}") == std::string::npos);

  // A placeholder from the list lands at the caret (the end here).
  const std::string id = s.app.ws.ledger().templates.front().id;
  s.click("{client}");
  s.click("Enregistrer le mod\u00e8le");
  s.settle();
  CHECK(journal_size() == before + 2);
  const std::string body = find_template(s.app.ws.ledger(), id)->body;
  CHECK(body.substr(body.size() - 8) == "{client}");
}

TEST_CASE("Relances: an SMS template shows its length in SMS units") {
  Screens s;
  s.load_sample();
  s.click("Relances");
  s.click("Mod\u00e8les de messages");
  // Pick an SMS template through the choice.
  const auto& templates = s.app.ws.ledger().templates;
  auto it = std::find_if(templates.begin(), templates.end(), [](const Template& t) { return t.channel == Channel::sms; });
  REQUIRE(it != templates.end());
  s.click("Mod\u00e8le");
  s.click(it->name + " \u00b7 SMS");
  CHECK(label_with("SMS : "));
  CHECK(label_with("GSM-7"));
}

TEST_CASE("Rapports: charts drawn from one report per ledger change") {
  Screens s;
  s.load_sample();
  s.click("Rapports");
  CHECK(ui::rect("Balance \u00e2g\u00e9e##chart"));
  CHECK(ui::rect("DSO##chart"));
  CHECK(ui::rect("Encours"));
  CHECK(label_with("Retard : "));
  CHECK(label_with("P\u00e9nalit\u00e9s : "));
  // A phone: the aging chart turns into rows, everything stays inside.
  ImGui::GetIO().DisplaySize = ImVec2(390, 844);
  s.frames(3);
  auto r = ui::rect("Balance \u00e2g\u00e9e##chart");
  REQUIRE(r);
  CHECK(r->x + r->w <= 390);
}

TEST_CASE("Paramètres: company profile checked, saved, then shown again") {
  Screens s;
  s.click("Param\u00e8tres");
  s.click("Entreprise");
  s.type("Raison sociale", "Boulangerie L\u2019\u00c9pi d\u2019Or");
  s.type("SIREN", "123 456 789");
  s.release_focus();
  s.click("Enregistrer le profil");
  s.settle();
  CHECK(journal_size() == 0);
  CHECK(label_with("Ce SIREN n\u2019est pas valide"));
  // Valid check keys (Luhn for the SIREN, mod 97 for the IBAN).
  s.type("SIREN", "812 345 676");
  s.type("IBAN", "FR76 3000 6000 0112 3456 7890 189");
  s.release_focus();
  s.click("Enregistrer le profil");
  s.settle();
  REQUIRE(journal_size() == 1);
  CHECK(last_type() == "set_company");
  CHECK(s.app.ws.ledger().company.name == "Boulangerie L\u2019\u00c9pi d\u2019Or");
  CHECK(s.app.ws.ledger().company.siren == "812 345 676");
  CHECK(ui::text_value("Raison sociale") == std::string("Boulangerie L\u2019\u00c9pi d\u2019Or"));
}

TEST_CASE("Paramètres: numbering previews the next number, a bad pattern is refused") {
  Screens s;
  s.click("Param\u00e8tres");
  s.click("Num\u00e9rotation et d\u00e9lais");
  CHECK(label_with("Prochain num\u00e9ro : F-2026-0001"));
  s.type("Factures", "FA{YY}-{NNN}");
  CHECK(label_with("Prochain num\u00e9ro : FA26-001"));
  s.type("Avoirs", "AV-{YYYY}");
  CHECK(label_with("Mod\u00e8le invalide"));
  s.release_focus();
  s.click("Enregistrer les r\u00e9glages");
  s.settle();
  CHECK(journal_size() == 0);
  s.type("Avoirs", "AV-{YYYY}-{NN}");
  s.type("Jours (N)", "75");
  CHECK(label_with("plafond l\u00e9gal"));
  s.release_focus();
  s.click("Enregistrer les r\u00e9glages");
  s.settle();
  REQUIRE(journal_size() == 1);
  CHECK(s.app.ws.ledger().settings.invoice_pattern == "FA{YY}-{NNN}");
  CHECK(s.app.ws.ledger().settings.default_terms.days == 75);
}

TEST_CASE("Paramètres: a CSV with a bad line is refused whole, a clean one imported on confirmation") {
  Screens s;
  s.click("Param\u00e8tres");
  s.click("Sauvegarde et CSV");
  s.click("Importer un CSV\u2026");
  REQUIRE(fake::file_pickers().size() == 1);
  const std::string bad =
      "Num\u00e9ro;Client;Date;\u00c9ch\u00e9ance;TTC\r\n"
      "F-2026-0100;Garage Martin;02/11/2026;02/12/2026;1 200,00\r\n"
      "F-2026-0101;Caf\u00e9 du Port;03/11/2026;31/02/2026;300,00\r\n";
  fake::open_file({"factures.csv", "text/csv", bad});
  s.settle();
  s.frames(3);
  CHECK(label_with("Import refus\u00e9 (1 erreur)"));
  CHECK(label_with("ligne 3"));
  CHECK(journal_size() == 0);
  CHECK(s.app.ws.ledger().invoices.empty());

  // Dropped on the page: same route.
  const std::string good =
      "Num\u00e9ro;Client;Date;\u00c9ch\u00e9ance;TTC\r\n"
      "F-2026-0100;Garage Martin;02/11/2026;02/12/2026;1 200,00\r\n"
      "F-2026-0101;Caf\u00e9 du Port;03/11/2026;03/12/2026;300,00\r\n";
  fake::open_file({"factures-bonnes.csv", "text/csv", good});
  s.settle();
  s.frames(3);
  CHECK(label_with("Pr\u00eat \u00e0 importer : 2 factures, 2 nouveaux clients"));
  CHECK(label_with("Excel fran\u00e7ais"));
  s.click("Importer 2 factures");
  s.settle();
  REQUIRE(journal_size() == 1);
  CHECK(last_type() == "import_batch");
  CHECK(s.app.ws.ledger().invoices.size() == 2);
  CHECK(s.app.dev.opened_name == "factures-bonnes.csv");
}

TEST_CASE("Paramètres: backup exported, a broken one refused with its paths, a good one replaces everything") {
  Screens s;
  s.load_sample();
  s.click("Param\u00e8tres");
  s.click("Sauvegarde et CSV");
  s.click("Exporter une sauvegarde (JSON)");
  REQUIRE(fake::downloads().size() == 1);
  CHECK(fake::downloads()[0].name == "relance-sauvegarde-2026-11-23.json");
  const std::string saved = fake::downloads()[0].bytes;
  CHECK(saved == ledger_to_json(s.app.ws.ledger()));

  const Ledger before = s.app.ws.ledger();
  fake::open_file({"vieux.json", "application/json", "{\"format\":\"relance-ledger\",\"version\":2,\"invoices\":[{\"id\":\"x\"}]}"});
  s.settle();
  CHECK(label_with("Cette sauvegarde ne peut pas \u00eatre import\u00e9e"));
  CHECK(label_with("$.invoices[0]"));
  CHECK(s.app.ws.ledger() == before);

  // Another ledger: an empty one with a company.
  Ledger other = make_empty_ledger();
  other.company.name = "Autre soci\u00e9t\u00e9";
  fake::open_file({"autre.json", "application/json", ledger_to_json(other)});
  s.settle();
  CHECK(label_with("Importer remplace toutes les donn\u00e9es"));
  CHECK(s.app.ws.ledger() == before);
  s.click("Remplacer toutes les donn\u00e9es");
  s.settle();
  CHECK(s.app.ws.ledger().company.name == "Autre soci\u00e9t\u00e9");
  CHECK(s.app.ws.ledger().invoices.empty());
  // And the first one back.
  fake::open_file({"relance-sauvegarde-2026-11-23.json", "application/json", saved});
  s.settle();
  s.click("Remplacer toutes les donn\u00e9es");
  s.settle();
  CHECK(s.app.ws.ledger() == before);
}

TEST_CASE("Paramètres: rate tables, a half-year added, an imported file refused with its JSON path") {
  Screens s;
  s.click("Param\u00e8tres");
  s.click("Taux l\u00e9gaux");
  CHECK(label_with("non v\u00e9rifi\u00e9"));
  const std::size_t rows = france().reference.periods.size();
  s.click("Ajouter un semestre");
  REQUIRE(ui::rect("Enregistrer la ligne"));
  s.type("Taux (%)", "2,15");
  s.type("Source (texte officiel, lien)", "BCE, communiqu\u00e9 du 11 juin 2026");
  s.release_focus();
  s.click("Enregistrer la ligne");
  s.settle();
  REQUIRE(journal_size() == 1);
  CHECK(last_type() == "set_rates");
  REQUIRE(s.app.ws.ledger().custom_rates);
  CHECK(s.app.ws.ledger().custom_rates->reference.periods.size() == rows + 1);

  // A date that is not a half-year start is refused under the field.
  s.click("Ajouter un semestre");
  s.type("\u00c0 partir du (jj/mm/aaaa)", "15/03/2027");
  s.release_focus();
  s.click("Enregistrer la ligne");
  s.settle();
  CHECK(journal_size() == 1);
  CHECK(label_with("1er janvier ou un 1er juillet"));

  fake::open_file({"taux.json", "application/json", "{\"format\":\"relance-rates\",\"version\":1,\"id\":\"fr\"}"});
  s.settle();
  CHECK(label_with("Fichier de taux \u00ab taux.json \u00bb refus\u00e9"));
  CHECK(label_with("$."));
  CHECK(journal_size() == 1);

  s.click("Revenir aux taux fournis");
  s.click("Oui, revenir aux taux fournis");
  s.settle();
  CHECK(journal_size() == 2);
  CHECK_FALSE(s.app.ws.ledger().custom_rates);
}

TEST_CASE("Paramètres: the diagnostics keep the round-one checks") {
  Screens s;
  s.click("Param\u00e8tres");
  s.click("Diagnostic");
  s.app.dev.text = "cr\u00e8me br\u00fbl\u00e9e";
  s.frames(2);
  CHECK(ui::text_value("Texte d\u2019essai") == s.app.dev.text);
  s.click("T\u00e9l\u00e9charger un CSV");
  CHECK(fake::downloads().size() == 1);
  s.click("\u00c9crire un e-mail");
  CHECK(fake::links().size() == 1);
  s.click("Ouvrir un fichier\u2026");
  fake::open_file({"note.txt", "text/plain", "bonjour"});
  s.settle();
  CHECK(ui::rect("Fichier ouvert"));
  CHECK(s.app.dev.opened_name == "note.txt");
  // window.relance.dev.command submits a real command.
  std::string reply;
  platform::call_async_api("dev.command",
                           "{\"format\":\"relance-command\",\"version\":1,\"type\":\"add_client\",\"client\":{\"name\":\"Client 1\",\"kind\":\"business\"}}",
                           [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(reply.find("\"ok\":true") != std::string::npos);
  CHECK(s.app.ws.ledger().clients.size() == 1);
}
