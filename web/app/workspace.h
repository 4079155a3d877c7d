// The ledger the app shows and the one way to change it, between the screens
// and the platform. It is rebuilt from what IndexedDB holds (a snapshot and
// the journal of commands after it) and changes only by commands written
// there first, in log order with the other tabs' changes. Screens read
// ledger() and cache what they derive from it by revision().
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/commands.h"
#include "web/app/store.h"

namespace relance {

class Workspace {
 public:
  Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const Ledger& ledger() const { return ledger_; }
  // Bumped by every change: screens recompute derived data when it moves.
  std::uint64_t revision() const { return revision_; }
  // Something derived data depends on changed outside the ledger (the rate
  // tables served by the site): screens recompute.
  void touch() { ++revision_; }
  // The stored snapshot could not be read: nothing is written until the user
  // imports a backup (the stored data stays as it is).
  const std::string& snapshot_error() const { return snapshot_error_; }
  // Journal entries that could not be applied (a command refused on replay,
  // e.g. after a concurrent change in another tab), newest last, for the banner.
  const std::vector<std::string>& replay_errors() const { return replay_errors_; }
  const Store& store() const { return store_; }
  // Commands submitted and not yet stored.
  std::size_t pending() const { return pending_; }

  // Opens storage; a long journal is folded into a snapshot once open.
  void open(std::function<void()> on_open = {});
  // Checks a command against the ledger, then writes it to the journal; the
  // ledger changes once it is stored, after what other tabs wrote before it.
  // `done` gets the result: an error when the command is refused or could
  // not be stored (then nothing changed). The command itself is applied, not
  // its text read back: it is matched to its entry by the sequence number
  // the journal gives it.
  void submit(const Command& command, std::function<void(const Result<Applied>&)> done = {});
  // A command checked beforehand, with its journal text written (the CSV
  // import: a 100 000-invoice batch checked by applying it to a copy of the
  // ledger, and its text, both made a slice at a time between frames).
  struct Prepared {
    std::shared_ptr<const Command> command;
    std::string text;             // command_to_json(*command), or "" to have it written here
    std::uint64_t revision = 0;   // revision() of the ledger it was checked against
    std::unique_ptr<Ledger> after;  // that ledger with the command applied
  };
  // As submit(), without checking the command again when the ledger is still
  // at p.revision, nor writing its text; once stored, p.after becomes the
  // ledger when nothing changed it meanwhile (else the command is applied, as
  // submit() does). The journal entry is the same single command.
  void submit_prepared(Prepared p, std::function<void(const Result<Applied>&)> done = {});
  // Replaces the whole ledger (backup import, sample ledger, clearing it) by
  // writing it as the new snapshot.
  void replace(Ledger l, std::function<void(bool ok)> done = {});

  // History texts (HistoryEntry::text_apart) are read from storage when
  // shown or exported, not at start. Asks for those of `ids` not read yet
  // (each asked once); they arrive in the ledger, and a frame is drawn.
  void want_texts(const std::vector<HistoryId>& ids);
  // Why the text of `id` is not there: "" while it is being read, or the
  // error that it could not be (a text missing from storage, a read failure).
  std::string text_problem(HistoryId id) const;
  // Reads every history text still in storage (before a backup is written);
  // `done` gets the error when one could not be read (then the backup must
  // not be written: it would lack evidence).
  void load_all_texts(std::function<void(std::optional<Error>)> done);

 private:
  void reset(const platform::Snapshot* snapshot);
  Result<Applied> apply_entry(const platform::JournalEntry& entry);
  void set_ledger(Ledger l);
  // Writes `l` as the stored snapshot (binary image, texts apart).
  void write_snapshot_of(const Ledger& l, bool new_ledger, std::function<void(bool)> done);

  Ledger ledger_ = make_empty_ledger();
  std::uint64_t revision_ = 0;
  std::string snapshot_error_;
  bool from_json_ = false;  // the ledger came from a first-release (JSON) snapshot
  std::vector<std::string> replay_errors_;
  std::size_t pending_ = 0;
  // While writes are pending: the result of each entry applied from its
  // text, by sequence number, for an entry of ours a pull delivered before
  // its write's answer.
  std::map<std::int64_t, Result<Applied>> applied_;
  std::set<HistoryId> texts_asked_;             // asked for, not arrived yet
  std::map<HistoryId, std::string> texts_failed_;  // could not be read
  Store store_;  // last: its hooks call the members above
};

}  // namespace relance
