// [SECTION] Contents
// - State and init (window.relance handlers: web/app/automation.cpp, dev_api.cpp)
// - Top bar (navigation between the six screens)
// - Banners: storage, unreadable data, replay errors, sample data, notices
// - Frame (touch scrolling, CPU time per frame)
#include "web/app.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/json_io.h"

#include "core/date.h"
#include "core/dunning.h"
#include "core/sample.h"
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "web/app/automation.h"
#include "web/forms.h"
#include "imgui.h"
#include "web/platform.h"
#include "web/ui.h"

namespace relance {

// The core's one JSON type (insertion-ordered): a second nlohmann instantiation
// (std::map) cost the app ~16 KB gzip of wasm.
using json = relance::Json;

// [SECTION] State and init ------------------------------------------------------

App::App() : today(platform::today_iso()) {
  screens.today.init(*this);
  screens.invoices.init(*this);
  screens.clients.init(*this);
  screens.reminders.init(*this);
  screens.reports.init(*this);
  screens.settings.init(*this);
  screens.bank.init(*this);
}

Date App::today_date() const { return parse_iso_date(today).value_or(Date()); }

void App::notify(std::string text, bool error, std::vector<std::string> warnings) {
  notice = {std::move(text), error, std::move(warnings), static_cast<std::uint64_t>(ImGui::GetFrameCount())};
  platform::request_redraw();
}

void App::navigate(Nav nav) {
  nav_ = nav;
  platform::request_redraw();
}

void App::apply_navigation() {
  if (!nav_) return;
  const Nav nav = *nav_;
  nav_.reset();
  screen = nav.screen;
  if (nav.screen == Screen::invoices) screens.invoices.show(nav);
  if (nav.screen == Screen::clients) screens.clients.show(nav);
}

void App::discard_screens() {
  screens.today.discard();
  screens.invoices.discard();
  screens.clients.discard();
  screens.reminders.discard();
  screens.reports.discard();
  screens.settings.discard();
  screens.bank.discard();
}

namespace {
// The sample's company (its dates move with today, its company never does).
const Company& sample_company() {
  static const Company company = [] {
    auto l = sample_ledger(kSampleToday);
    return l ? l->company : Company{};
  }();
  return company;
}
}  // namespace

bool App::is_sample() const { return !ws.ledger().company.name.empty() && ws.ledger().company == sample_company(); }

bool App::is_empty() const {
  const Ledger& l = ws.ledger();
  return l.clients.empty() && l.invoices.empty() && l.company.name.empty();
}

void app_init(App& app) {
  install_automation(app);
  install_dev_api(app);
  // Files opened or dropped anywhere go to Paramètres, which routes them to
  // the import that asked for one, or by their kind.
  platform::set_file_handler([&app](platform::OpenedFile f) { app.screens.settings.receive_file(std::move(f)); });
  platform::set_notification_click_handler([&app] { app.navigate({Screen::today}); });
  view_url::install(app);
  app.ws.open();
}

// [SECTION] Top bar ---------------------------------------------------------------

namespace {

struct ScreenEntry {
  Screen screen;
  const char* label;
};

const ScreenEntry kScreens[] = {
    {Screen::today, "Aujourd\u2019hui"},     {Screen::invoices, "Factures"}, {Screen::clients, "Clients"},
    {Screen::reminders, "Relances"},         {Screen::reports, "Rapports"},  {Screen::settings, "Param\u00e8tres"},
};

void draw_screen(App& app) {
  App::Screens& s = app.screens;
  switch (app.screen) {
    case Screen::today: s.today.draw(); break;
    case Screen::invoices: s.invoices.draw(); break;
    case Screen::clients: s.clients.draw(); break;
    case Screen::reminders: s.reminders.draw(); break;
    case Screen::reports: s.reports.draw(); break;
    case Screen::settings: s.settings.draw(); break;
    case Screen::bank: s.bank.draw(); break;
  }
}

void draw_top_bar(App& app) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const bool narrow = ImGui::GetContentRegionAvail().x < ui::em(42);

  ImGui::AlignTextToFramePadding();
  ui::heading("Relance", 1);
  ui::track("Relance");
  if (narrow) {
    // A phone: the date beside the title, the screens on lines below.
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    std::optional<Date> d = parse_iso_date(app.today);
    ui::text_disabled("%s", d ? to_fr(*d).c_str() : app.today.c_str());
  }

  // Buttons flow onto more lines when the window is too narrow for one row.
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  for (std::size_t i = 0; i < std::size(kScreens); ++i) {
    const ScreenEntry& s = kScreens[i];
    const float w = ImGui::CalcTextSize(s.label).x + style.FramePadding.x * 2;
    if (i > 0 || !narrow) {
      ImGui::SameLine(0, i == 0 ? ui::em(1.5f) : -1.0f);
      if (i > 0 && ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    if (ui::tab_button(s.label, app.screen == s.screen)) {
      // A second tap on the current screen goes back to its list.
      if (app.screen == s.screen) app.navigate({s.screen});
      else app.screen = s.screen;
    }
  }
  ImGui::Separator();
}

// [SECTION] Banners ---------------------------------------------------------------

const ImVec4 kWarnBg(1.0f, 0.93f, 0.80f, 1.0f);
const ImVec4 kErrorBg(0.99f, 0.86f, 0.85f, 1.0f);
const ImVec4 kOkBg(0.86f, 0.95f, 0.88f, 1.0f);
const ImVec4 kInfoBg(0.88f, 0.92f, 0.99f, 1.0f);

// A coloured box with wrapped text and, optionally, buttons on its last line
// (`buttons` draws them; `buttons_width` reserves their room).
void banner(const char* id, ImVec4 bg, const std::string& text, const std::vector<std::string>& more = {},
            const std::function<void()>& buttons = {}) {
  ImGui::PushStyleColor(ImGuiCol_ChildBg, bg);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ui::em(0.6f, 0.4f));
  const float wrap = ImGui::GetContentRegionAvail().x - ui::em(1.2f);
  float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap).y + ui::em(0.8f);
  for (const std::string& m : more)
    h += ImGui::CalcTextSize(m.c_str(), nullptr, false, wrap).y + ImGui::GetStyle().ItemSpacing.y;
  if (buttons) h += ImGui::GetFrameHeightWithSpacing();
  ImGui::BeginChild(id, ImVec2(0, h), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PushTextWrapPos(0.0f);
  ui::status_text(text);
  for (const std::string& m : more) forms::colored_text(forms::warning_color(), m);
  ImGui::PopTextWrapPos();
  if (buttons) buttons();
  ImGui::EndChild();
  ui::track(id);
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

void draw_storage_banner(App& app) {
  const Store& s = app.ws.store();
  std::string detail = s.status().message.empty() ? "" : " (" + s.status().message + ")";
  switch (s.status().error) {
    case platform::StorageError::none:
      if (s.state() == Store::State::opening) ui::text_disabled("Ouverture des donn\u00e9es\u2026");
      return;
    case platform::StorageError::unavailable:
      banner("##banner", kErrorBg,
             "Enregistrement impossible : ce navigateur ne donne pas acc\u00e8s au stockage (navigation "
             "priv\u00e9e ou stockage bloqu\u00e9 dans les r\u00e9glages). Rien de ce que vous saisissez ne sera "
             "conserv\u00e9." + detail);
      return;
    case platform::StorageError::quota_exceeded:
      banner("##banner", kErrorBg,
             "Espace de stockage plein : la derni\u00e8re modification n\u2019a pas \u00e9t\u00e9 "
             "enregistr\u00e9e. Exportez une sauvegarde (Param\u00e8tres) et lib\u00e9rez de la place sur "
             "l\u2019appareil." + detail);
      return;
    case platform::StorageError::newer_format:
      banner("##banner", kWarnBg,
             "Ces donn\u00e9es ont \u00e9t\u00e9 enregistr\u00e9es par une version plus r\u00e9cente de "
             "Relance. Elles restent intactes et rien n\u2019est modifi\u00e9 : rechargez la page pour "
             "obtenir la nouvelle version." + detail);
      return;
    case platform::StorageError::stale:
    case platform::StorageError::failed:
      banner("##banner", kErrorBg, "Erreur d\u2019enregistrement : la derni\u00e8re modification n\u2019a peut-\u00eatre "
                                   "pas \u00e9t\u00e9 conserv\u00e9e." + detail);
      return;
  }
}

void draw_data_banners(App& app) {
  const Workspace& d = app.ws;
  if (!d.snapshot_error().empty())
    banner("##donnees-illisibles", kErrorBg,
           "Les donn\u00e9es enregistr\u00e9es sur cet appareil sont illisibles : rien n\u2019est affich\u00e9 ni "
           "modifi\u00e9 pour ne pas les perdre. Importez une sauvegarde (Param\u00e8tres). D\u00e9tail : " +
               d.snapshot_error());
  if (!d.replay_errors().empty()) {
    const std::size_t n = d.replay_errors().size();
    std::string text = n == 1 ? std::string("Une modification enregistr\u00e9e n\u2019a pas pu \u00eatre appliqu\u00e9e")
                              : std::to_string(n) + " modifications enregistr\u00e9es n\u2019ont pas pu \u00eatre appliqu\u00e9es";
    text += " (faites en m\u00eame temps dans un autre onglet, ou refus\u00e9es) : elles sont ignor\u00e9es.";
    std::vector<std::string> last;
    for (std::size_t i = n > 3 ? n - 3 : 0; i < n; ++i) last.push_back(d.replay_errors()[i]);
    banner("##erreurs-journal", kWarnBg, text, last);
  }
}

void draw_sample_banner(App& app) {
  if (!app.is_sample()) return;
  const std::string text =
      app.confirm_reset
          ? "Effacer l\u2019exemple et commencer avec vos donn\u00e9es ? Tout ce qui est affich\u00e9 sera supprim\u00e9."
          : "Donn\u00e9es d\u2019exemple : l\u2019entreprise \u00ab " + app.ws.ledger().company.name +
                " \u00bb, ses clients et ses factures sont fictifs.";
  banner("##exemple", kInfoBg, text, {}, [&app] {
    if (!app.confirm_reset) {
      if (ui::button("Repartir de z\u00e9ro")) app.confirm_reset = true;
      return;
    }
    if (ui::button("Oui, effacer l\u2019exemple")) {
      app.confirm_reset = false;
      app.ws.replace(make_empty_ledger(), [&app](bool ok) {
        if (!ok) {
          app.notify("Effacement impossible : " + app.ws.store().status().message, true);
          return;
        }
        app.discard_screens();
        app.screens.today.start_guided();
        app.navigate({Screen::today});
        app.notify("Exemple effac\u00e9 : commencez par votre entreprise.");
      });
    }
    ImGui::SameLine();
    if (ui::button("Non, garder l\u2019exemple")) app.confirm_reset = false;
  });
}

void draw_notice(App& app) {
  App::Notice& n = app.notice;
  if (n.text.empty()) return;
  banner("##notice", n.error ? kErrorBg : (n.warnings.empty() ? kOkBg : kWarnBg), n.text, n.warnings, [&n] {
    if (ui::button("Fermer##notice")) {
      n.text.clear();
      n.warnings.clear();
    }
  });
}

}  // namespace

// [SECTION] Frame -------------------------------------------------------------------

namespace {

void record_frame_time(App& app, float ms) {
  constexpr std::size_t kFrames = 240;
  App::Perf& p = app.perf;
  if (p.ms.size() < kFrames) p.ms.push_back(ms);
  else p.ms[p.next] = ms;
  p.next = (p.next + 1) % kFrames;
  ++p.count;
}

std::string perf_json(const App& app) {
  std::vector<float> v = app.perf.ms;
  if (v.empty()) return "{\"frames\":0}";
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return json{{"frames", app.perf.count}, {"window", v.size()}, {"p50", at(0.5)}, {"p95", at(0.95)}, {"max", v.back()}}
      .dump();
}

}  // namespace

void app_draw(App& app) {
  const auto start = std::chrono::steady_clock::now();
  const ImGuiIO& io = ImGui::GetIO();
  // Phones: a finger dragging a list scrolls it (ImGui alone would not).
  ui::touch_scroll();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  const ImGuiWindowFlags root = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  app.apply_navigation();  // asked outside a frame
  sync_served_rates(app);  // the site's rate tables, for the packs in use
  ImGui::Begin("##root", nullptr, root);
  draw_top_bar(app);
  draw_storage_banner(app);
  draw_data_banners(app);
  draw_sample_banner(app);
  draw_notice(app);
  drafts::draw_offer(app);
  ImGui::BeginChild("##screen", ImVec2(0, 0), false);
  draw_screen(app);
  ImGui::EndChild();
  ImGui::End();
  app.apply_navigation();  // asked in this frame: the next one shows it
  drafts::keep(app);
  view_url::follow(app);
  const float ms = std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - start).count();
  record_frame_time(app, ms);
  // Automation reads the CPU time of the last frames (window.relance.ui.text("perf##shell")).
  ui::track_text("perf##shell", perf_json(app));
}

}  // namespace relance
