// window.relance from the C++ side: the handlers behind it, registered once
// by app_init. The public API (what any page script may use) is in
// automation.cpp; the dev API (window.relance.dev: journal, opened, command,
// bench) is in dev_api.cpp and only in the dev build (relance_app_dev,
// build/web-dev/): the production app links dev_api_off.cpp instead.
#pragma once

namespace relance {

struct App;

// ui.rect, ui.text, ui.labels, today, storage.status, exportLedger (async,
// answered at once when no history text waits in storage), importLedger, agenda (JS side: RL.installApi in library_relance.js).
void install_automation(App& app);
// dev.journal, dev.opened, dev.command, dev.bench (JS side:
// library_relance_dev.js); does nothing in the production app.
void install_dev_api(App& app);

}  // namespace relance
