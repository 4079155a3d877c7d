// Rate tables that update without a new build, and the one notice about
// rates that are not plain published figures.
//
// The site serves its rate tables as plain files next to the app
// (rates/<id>.json, copied there by web/site.cmake; the service worker asks
// the network first for them and keeps the last answer for offline use). On
// start, and when a client or the company's country brings in another pack,
// the app reads the packs in use, checks each with the core's parser and
// installs it in place of the shipped one (core/rates.h use_served_pack).
// Precedence: the user's own tables (edited or imported in Paramètres ›
// Taux, kept in the ledger) > the table served by the site > the table
// compiled into the app. A file that cannot be read or is not valid is
// ignored, with a note in Paramètres › Taux: start never depends on it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger.h"

namespace relance {

struct App;

struct ServedRates {
  enum class State {
    asked,    // the request is out
    used,     // installed: replaces the shipped pack
    same,     // the same tables as the shipped ones
    older,    // it lacks the last half-year the app knows: ignored
    invalid,  // not a rates file, or not this pack's: ignored
    absent,   // not served (404, offline without a cached copy)
  };
  struct Pack {
    std::string id;
    State state = State::asked;
    std::string detail;  // invalid: the parser's message; absent: the fetch error
    std::string on;      // the day it was read, "YYYY-MM-DD"
  };
  std::vector<Pack> packs;
  std::uint64_t revision = UINT64_MAX;  // of the ledger last looked at
  std::uint64_t changes = 0;            // bumped when a served pack is installed
};

// Each frame: asks for the packs the ledger uses (the company's, the clients'
// overrides) that were not asked for yet; an answer installs its pack and
// bumps the workspace's revision so screens recompute.
void sync_served_rates(App& app);
const ServedRates::Pack* served_pack(const App& app, std::string_view id);

// Where the tables of the company's law come from, for Paramètres › Taux:
// « intégré à l'application », « servi par le site le … », « vos propres
// tables » (and a served file ignored, with why).
struct RatesOrigin {
  std::string text;
  std::string note;  // a served file ignored or newer than the user's tables; empty: nothing to say
};
RatesOrigin rates_origin(const App& app);

// The one notice about today's rates: a half-year whose rate is carried
// forward (no row for it) or not verified, in the company's law, with what
// to do. Empty when every table in use today has a verified row.
std::string rates_notice(const Ledger& l, Date today);
// Draws it (warning colour) with a button to Paramètres › Taux when
// `with_button`; nothing when there is nothing to say.
void draw_rates_notice(App& app, bool with_button);

}  // namespace relance
