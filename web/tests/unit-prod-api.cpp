// The production link (app/dev_api_off.cpp, as in relance_app and build/web/):
// window.relance answers its public API and has no dev.* handler. The
// browser side is checked by tests/e2e/site.test.mjs on the built sites.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "web/app.h"
#include "web/platform.h"
#include "web/platform_fake.h"

using namespace relance;
namespace fake = relance::platform::fake;

TEST_CASE("production app: the public window.relance API, no dev API") {
  fake::reset();
  App app;
  app_init(app);
  fake::run_pending();
  for (const char* name : {"ui.labels", "today", "storage.status", "agenda"})
    CHECK_MESSAGE(platform::call_api(name, ""), name);
  std::string exported;
  platform::call_async_api("exportLedger", "", [&](std::string r) { exported = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(exported)["format"] == "relance-ledger");
  CHECK(nlohmann::json::parse(*platform::call_api("storage.status", ""))["state"] == "open");
  std::string reply;
  platform::call_async_api("importLedger", "pas du JSON", [&](std::string r) { reply = r; });
  fake::run_pending();
  CHECK(nlohmann::json::parse(reply)["ok"] == false);
  for (const char* name : {"dev.journal", "dev.opened", "dev.bench", "dev.append"})
    CHECK_FALSE_MESSAGE(platform::call_api(name, ""), name);
  for (const char* name : {"dev.command", "dev.append"}) {
    platform::call_async_api(name, "{}", [&](std::string r) { reply = r; });
    CHECK(reply == std::string("{\"error\":\"unknown api ") + name + "\"}");
  }
}
