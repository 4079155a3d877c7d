// Forms kept across a reload. A half-typed client, invoice or payment form
// is kept in the tab's sessionStorage (platform::keep_draft) as it is typed;
// after a reload the shell offers it back in a banner (« Reprendre » /
// « Abandonner »), and nothing is kept over it until the user has answered.
// Saved or closed forms leave nothing behind.
#pragma once
#include <string>
#include <vector>

namespace relance {

struct App;

struct KeptForms {
  bool read = false;     // the kept forms were looked for (once, the ledger open)
  bool offered = false;  // some are waiting for the user's answer
  std::string client, invoice, action;  // their JSON, as kept
  std::vector<std::string> what;        // French: what each one is, for the banner
};

namespace drafts {

// Once per frame, after the screens are drawn: reads what was kept before a
// reload (the first time the ledger is open), else keeps the open forms.
void keep(App& app);
// The banner offering the forms kept before a reload.
void draw_offer(App& app);

}  // namespace drafts
}  // namespace relance
