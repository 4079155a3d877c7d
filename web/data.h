// The ledger the app shows, rebuilt from what IndexedDB holds (a snapshot and
// the journal of commands after it) and changed only by commands that were
// written there first. Screens read `ledger` and cache what they derive from
// it by `revision`; they change it only through App::submit (app.h).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/commands.h"
#include "web/store.h"

namespace relance {

struct Data {
  Ledger ledger = make_empty_ledger();
  // Bumped by every change: screens recompute derived data when it moves.
  std::uint64_t revision = 0;
  // The stored snapshot could not be read: nothing is written until the user
  // imports a backup (the stored data stays as it is).
  std::string snapshot_error;
  // Journal entries that could not be applied (a command refused on replay,
  // e.g. after a concurrent change in another tab), newest last, for the banner.
  std::vector<std::string> replay_errors;
  // The result of the last entry applied (the caller's own command comes last
  // in what an append gives back).
  std::optional<Result<Applied>> last_result;
  std::int64_t last_seq = 0;

  // Commands this tab has submitted and not yet seen applied, with the text
  // written for each: the journal entry that comes back with that very text
  // is applied from the command instead of parsing the text again (tens of
  // MB for a CSV import of 100 000 invoices). Keyed by a submission number.
  struct Submitted {
    std::uint64_t key = 0;
    std::string text;
    Command command;
  };
  std::vector<Submitted> submitted;
  std::uint64_t next_submission = 0;
  // Remembers `command`, written as `text`; returns the key to forget it by.
  std::uint64_t remember(std::string text, Command command);
  void forget(std::uint64_t key);

  // Hooks for the Store: reset from a snapshot, apply one journal entry.
  Store::Hooks hooks();
  void reset(const platform::Snapshot* snapshot);
  void apply_entry(const platform::JournalEntry& entry);
  // Replaces the ledger (backup import, sample ledger), bumping the revision.
  void replace(Ledger l);
};

}  // namespace relance
