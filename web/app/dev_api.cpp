// window.relance.dev, C++ side: hooks for the browser tests and the browser
// benchmark, linked only into the dev build (relance_app_dev, build/web-dev/,
// and the native relance_web_tests). The production app (build/web/, what
// scripts/run.sh serves) links dev_api_off.cpp instead and carries none of
// this, nor the benchmark's code. JS side: library_relance_dev.js.
#include "web/app/automation.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bench/browser/core_ops.h"
#include "core/command_codec.h"
#include "core/date.h"
#include "core/json_io.h"
#include "web/app.h"
#include "web/platform.h"
#include "web/semantics.h"

#ifdef __EMSCRIPTEN__
extern "C" void rl_install_dev_api();  // library_relance_dev.js: window.relance.dev
#else
static void rl_install_dev_api() {}  // native tests call the handlers by name
#endif

namespace relance {

// The core's one JSON type (insertion-ordered): a second nlohmann instantiation
// (std::map) cost the app ~16 KB gzip of wasm.
using json = relance::Json;

namespace {

json journal_json(const Store& store) {
  json a = json::array();
  for (const auto& e : store.entries()) a.push_back({{"seq", e.seq}, {"command", e.command_json}});
  return a;
}

json error_json(std::string what) { return json{{"ok", false}, {"error", std::move(what)}}; }

}  // namespace

void install_dev_api(App& app) {
  using platform::register_api;
  using platform::register_async_api;

  // The browser benchmark (bench/browser/): compute_agenda, the penalties of
  // the open late invoices and aging_only on this ledger, timed as
  // relance_gen_ledger --time times them natively. "YYYY-MM-DD[,reps[,sample]]".
  register_api("dev.bench", [&app](std::string_view arg) -> std::string {
    const std::string a(arg);
    const std::size_t c1 = a.find(','), c2 = c1 == std::string::npos ? c1 : a.find(',', c1 + 1);
    const Date day = parse_iso_date(a.substr(0, c1)).value_or(Date());
    if (!day.ok()) return error_json("dev.bench: date AAAA-MM-JJ attendue").dump();
    const int reps = c1 == std::string::npos ? 3 : std::max(1, std::atoi(a.c_str() + c1 + 1));
    const std::size_t sample = c2 == std::string::npos ? 0 : std::strtoull(a.c_str() + c2 + 1, nullptr, 10);
    return bench::core_timing_json(bench::time_core_ops(app.ws.ledger(), day, reps, sample));
  });

  // The browser tests submit journal commands through this, as a screen
  // does: {"ok", "seq"}, or {"ok": false, "error"} for a command refused or
  // not stored. Only commands: nothing else reaches the journal.
  register_async_api("dev.command", [&app](std::string_view arg, std::function<void(std::string)> reply) {
    auto command = command_from_json(arg, "dev.command");
    if (!command) {
      reply(dump_json(Json{{"ok", false}, {"error", command.error().message()}}));
      return;
    }
    app.ws.submit(*command, [&app, reply](const Result<Applied>& r) {
      if (r) reply(dump_json(Json{{"ok", true}, {"seq", app.ws.store().last_seq()}}));
      else reply(dump_json(Json{{"ok", false}, {"error", r.error().message()}}));
    });
  });

  // The journal as stored (after the snapshot), in log order.
  register_api("dev.journal", [&app](std::string_view) -> std::string {
    return journal_json(app.ws.store()).dump(-1, ' ', false, json::error_handler_t::replace);
  });
  // The last file opened or dropped (Paramètres, Diagnostic tab).
  register_api("dev.opened", [&app](std::string_view) -> std::string {
    if (app.dev.opened_name.empty()) return "null";
    return json{{"name", app.dev.opened_name}, {"size", app.dev.opened_size}, {"head", app.dev.opened_head}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
  });
  // The semantics' end of frame (serialize, compare, publish): the last
  // frames' times in ms, for the browser benchmark (relance.dev.overlay()).
  register_api("dev.semantics", [](std::string_view) -> std::string {
    return json(semantics::end_frame_times()).dump();
  });

  rl_install_dev_api();
}

}  // namespace relance
