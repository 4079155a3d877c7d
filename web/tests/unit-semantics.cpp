// The semantics of each frame (web/semantics.h): what a screen reader, the
// keyboard and find-in-page get from the overlay the page builds from it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "web/semantics.h"
#include "web/tests/session.h"

namespace relance::test {
namespace {

using semantics::Node;
using semantics::Role;

bool interactive(Role r) {
  return r == Role::button || r == Role::checkbox || r == Role::radio || r == Role::textbox || r == Role::tab ||
         r == Role::link || r == Role::combobox;
}

const Node* find(Role role, std::string_view name) {
  for (const Node& n : semantics::nodes())
    if (n.role == role && n.name == name) return &n;
  return nullptr;
}

int count(Role role) {
  return static_cast<int>(std::count_if(semantics::nodes().begin(), semantics::nodes().end(),
                                        [&](const Node& n) { return n.role == role; }));
}

// Every widget one can use has a name a screen reader says: the ones
// without, with where they are and the text drawn just before them.
std::string unnamed() {
  std::string out;
  const std::vector<Node>& all = semantics::nodes();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Node& n = all[i];
    if (!interactive(n.role) || !n.name.empty()) continue;
    out += std::string(semantics::role_name(n.role)) + " at " + std::to_string(int(n.x)) + "," + std::to_string(int(n.y));
    for (std::size_t j = i; j-- > 0;)
      if (!all[j].name.empty()) {
        out += " after \"" + all[j].name + "\"";
        break;
      }
    out += "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("semantics: every screen of the sample exposes its headings, buttons, labelled fields and table cells") {
  Session s(ImVec2(1280, 800));
  s.load_sample();
  s.settle();
  const char* screens[] = {"Aujourd\u2019hui", "Factures", "Clients", "Relances", "Rapports", "Param\u00e8tres"};
  for (const std::string screen : screens) {
    CAPTURE(screen);
    s.click(screen.c_str());
    s.settle();
    // The top bar: the app's name as the page's heading, the screens as tabs.
    const Node* title = find(Role::heading, "Relance");
    REQUIRE(title);
    CHECK(title->level == 1);
    const Node* tab = find(Role::tab, screen);
    REQUIRE(tab);
    CHECK(tab->selected);
    CHECK(count(Role::tab) >= 6);
    CHECK(count(Role::button) > 0);
    CHECK(count(Role::text) + count(Role::heading) > 3);
    CHECK(unnamed() == "");
    // Only what shows: nothing below the window.
    for (const Node& n : semantics::nodes()) CHECK(n.y < 800);
  }

  SUBCASE("Factures: the table's column headers and an invoice number in a cell") {
    s.click("Factures");
    s.settle();
    const Node* number = find(Role::text, "F-2026-0036");
    if (!number) number = find(Role::button, "F-2026-0036");
    REQUIRE(number);
    CHECK(number->table != 0);
    CHECK(number->row > 0);
    bool header = false;
    for (const Node& n : semantics::nodes())
      if (n.table == number->table && n.header_row && n.role == Role::columnheader) header = true;
    CHECK(header);
    // The filters: combo boxes named and saying their value.
    const Node* status = find(Role::combobox, "Statut");
    REQUIRE(status);
    CHECK_FALSE(status->value.empty());
    CHECK_FALSE(status->expanded);
    // What the page gets holds it too.
    CHECK(fake::semantics_json().find("F-2026-0036") != std::string::npos);
  }

  SUBCASE("Rapports: each chart has a text alternative that says its values") {
    s.click("Rapports");
    s.settle();
    const Node* aging = nullptr;
    const Node* dso = nullptr;
    for (const Node& n : semantics::nodes()) {
      if (n.name.rfind("Balance \u00e2g\u00e9e : ", 0) == 0) aging = &n;
      if (n.name.rfind("DSO : ", 0) == 0) dso = &n;
    }
    REQUIRE(aging);
    CHECK(aging->role == Role::text);
    CHECK(aging->w > 100);
    CHECK(aging->name.find("\u20ac") != std::string::npos);  // its amounts, in euros
    CHECK(aging->name.find(" ; ") != std::string::npos);      // one per bucket
    REQUIRE(dso);
    CHECK(dso->role == Role::text);
    CHECK(dso->name.find(" j") != std::string::npos);  // its values, in days
  }

  SUBCASE("Paramètres: text fields are named after their labels, with their values") {
    s.click("Param\u00e8tres");
    s.settle();
    int named_fields = 0;
    for (const Node& n : semantics::nodes())
      if (n.role == Role::textbox && !n.name.empty()) ++named_fields;
    CHECK(named_fields > 3);
  }

  SUBCASE("an idle frame publishes nothing; a change publishes once") {
    const int before = fake::semantics_published();
    s.frames(5);
    CHECK(fake::semantics_published() == before);
    s.click("Clients");
    s.settle();
    CHECK(fake::semantics_published() > before);
    const int after = fake::semantics_published();
    s.frames(3);
    CHECK(fake::semantics_published() == after);
  }

  SUBCASE("the widget focused in the page gets a focus ring drawn by the app") {
    const Node* tab = find(Role::tab, "Clients");
    REQUIRE(tab);
    semantics::set_focus(0);
    s.frames(1);
    const int plain = ImGui::GetForegroundDrawList()->VtxBuffer.Size;
    semantics::set_focus(tab->id);
    s.frames(1);
    CHECK(ImGui::GetForegroundDrawList()->VtxBuffer.Size > plain);
    semantics::set_focus(0);
  }
}

}  // namespace relance::test

namespace relance::test {

TEST_CASE("Enter in a form's field submits the form, as its main button would") {
  Session s;
  s.load_sample();
  s.click("Clients");
  s.click("Nouveau client");
  s.type("Raison sociale##client", "Menuiserie Vasseur");
  REQUIRE_FALSE(client_named(s.app.ws.ledger(), "Menuiserie Vasseur"));
  input::Queue q;
  q.key(input::kEnter, true, 0);
  q.key(input::kEnter, false, 0);
  while (!q.empty()) s.frame(s.app, &q);
  s.settle();
  CHECK(client_named(s.app.ws.ledger(), "Menuiserie Vasseur"));
}

}  // namespace relance::test

namespace relance::test {

TEST_CASE("semantics: a refused field's error message follows the field, marked as its error") {
  Session s;
  s.load_sample();
  s.click("Clients");
  s.click("Nouveau client");
  s.type("Raison sociale##client", "");
  input::Queue q;
  q.key(input::kEnter, true, 0);
  q.key(input::kEnter, false, 0);
  while (!q.empty()) s.frame(s.app, &q);
  s.settle();
  const std::vector<semantics::Node>& all = semantics::nodes();
  const semantics::Node* field = nullptr;
  const semantics::Node* error = nullptr;
  for (const semantics::Node& n : all) {
    if (n.role == semantics::Role::textbox) field = &n;
    if (n.error) {
      error = &n;
      break;
    }
  }
  REQUIRE(error);
  REQUIRE(field);
  CHECK(field->name == "Raison sociale");
  CHECK_FALSE(error->name.empty());
}

}  // namespace relance::test
