// The public window.relance API, C++ side (the JS side is RL.installApi in
// web/library_relance.js): what a page script, the browser tests and the
// benchmark may call in the site that is shipped. Dev-only handlers are in
// dev_api.cpp.
#include "web/app/automation.h"

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/dunning.h"
#include "core/json_io.h"
#include "core/ledger_file.h"
#include "core/snapshot.h"
#include "web/app.h"
#include "web/platform.h"
#include "web/ui.h"

namespace relance {

// The core's one JSON type (insertion-ordered): a second nlohmann instantiation
// (std::map) cost the app ~16 KB gzip of wasm.
using json = relance::Json;

namespace {

const char* persistence_name(platform::Persistence p) {
  switch (p) {
    case platform::Persistence::granted: return "granted";
    case platform::Persistence::denied: return "denied";
    case platform::Persistence::unsupported: return "unsupported";
    case platform::Persistence::unknown: break;
  }
  return "unknown";
}

const char* error_name(platform::StorageError e) {
  switch (e) {
    case platform::StorageError::none: return "none";
    case platform::StorageError::unavailable: return "unavailable";
    case platform::StorageError::quota_exceeded: return "quota_exceeded";
    case platform::StorageError::newer_format: return "newer_format";
    case platform::StorageError::stale: return "stale";
    case platform::StorageError::failed: return "failed";
  }
  return "failed";
}

const char* state_name(Store::State s) {
  switch (s) {
    case Store::State::closed: return "closed";
    case Store::State::opening: return "opening";
    case Store::State::open: return "open";
    case Store::State::failed: return "failed";
  }
  return "failed";
}

json error_json(std::string what) { return json{{"ok", false}, {"error", std::move(what)}}; }

}  // namespace

void install_automation(App& app) {
  using platform::register_api;
  using platform::register_async_api;

  register_api("ui.rect", [](std::string_view label) -> std::string {
    auto r = ui::rect(label);
    if (!r) return "null";
    return json{{"x", r->x}, {"y", r->y}, {"w", r->w}, {"h", r->h}}.dump();
  });
  register_api("ui.text", [](std::string_view label) -> std::string {
    auto t = ui::text_value(label);
    return t ? json(*t).dump(-1, ' ', false, json::error_handler_t::replace) : "null";
  });
  register_api("ui.labels", [](std::string_view) -> std::string {
    return json(ui::labels()).dump(-1, ' ', false, json::error_handler_t::replace);
  });
  register_api("today", [&app](std::string_view) -> std::string { return json(app.today).dump(); });

  register_api("storage.status", [&app](std::string_view) -> std::string {
    const Store& s = app.ws.store();
    return json{{"state", state_name(s.state())},
                {"error", error_name(s.status().error)},
                {"message", s.status().message},
                {"readOnly", s.read_only()},
                {"persistence", persistence_name(s.persistence())},
                {"lastSeq", s.last_seq()},
                {"pending", s.pending_writes()}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
  });

  // The ledger as a backup file (the format of `relance` ledger files), once
  // the history texts still in storage are read (at once when none waits).
  register_async_api("exportLedger", [&app](std::string_view, std::function<void(std::string)> reply) {
    app.ws.load_all_texts([&app, reply](std::optional<Error> problem) {
      reply(problem ? error_json(problem->message()).dump(-1, ' ', false, json::error_handler_t::replace)
                    : ledger_to_json(app.ws.ledger()));
    });
  });
  // The agenda on a day (YYYY-MM-DD; empty: today), as `relance agenda` prints it.
  register_api("agenda", [&app](std::string_view date) -> std::string {
    const Date day = date.empty() ? app.today_date() : parse_iso_date(date).value_or(Date());
    if (!day.ok()) return error_json("agenda: date AAAA-MM-JJ attendue").dump();
    return dump_json(agenda_json(compute_agenda(app.ws.ledger(), day)));
  });
  // Replaces the ledger with a backup file; refused whole, with every error,
  // when anything in it is wrong.
  register_async_api("importLedger", [&app](std::string_view arg, std::function<void(std::string)> reply) {
    LedgerLoad load = load_ledger(arg, "importLedger");
    if (!load.ledger) {
      Json errors = Json::array();
      for (const Error& e : load.errors) errors.push_back(e.message());
      reply(dump_json(Json{{"ok", false}, {"error", load.errors.empty() ? "" : load.errors[0].message()}, {"errors", errors}}));
      return;
    }
    app.ws.replace(std::move(*load.ledger), [&app, reply](bool ok) {
      reply(ok ? json{{"ok", true}, {"seq", app.ws.store().last_seq()}}.dump()
               : error_json(app.ws.store().status().message).dump(-1, ' ', false, json::error_handler_t::replace));
    });
  });
}

}  // namespace relance
