// The Workspace's side of storage (workspace.h): the snapshot plus every
// journal entry applied since, kept in log order whichever tab wrote them.
// It stays agnostic of the command format (strings in, strings out): the
// Workspace turns entries into commands and applies them to its ledger.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "web/platform.h"

namespace relance {

// Bump when the stored data changes shape; older builds then refuse newer
// data. 1: the ledger's JSON text (first release, still read); 2: the binary
// image with its texts apart; 3: a big journal entry (an import) may be a
// Blob of its text (rl_storage_append raises a format-2 store to 3 before
// writing the first one).
inline constexpr int kStorageFormatVersion = 3;

class Store {
 public:
  enum class State { closed, opening, open, failed };

  // Called for a fresh start (snapshot, possibly absent) and then for each
  // entry another tab wrote (or that this tab wrote before it opened), in
  // log order, exactly once per sequence number.
  struct Hooks {
    std::function<void(const platform::Snapshot* snapshot)> reset;
    std::function<void(const platform::JournalEntry& entry)> apply;
  };

  explicit Store(Hooks hooks = {});

  // Opens the database; on_open runs once it is open (or failed).
  void open(std::function<void()> on_open = {});
  // What append() reports: whether the entry was stored, its sequence
  // number, and whether it is new to this tab. Entries other tabs wrote
  // before it have gone through Hooks::apply first; this one does not (the
  // caller has its command): `fresh` is false only when a pull from another
  // tab's broadcast delivered it (through Hooks::apply) before its answer.
  struct Appended {
    bool ok = false;
    std::int64_t seq = 0;
    bool fresh = false;
  };
  // Appends a command; `done` once it is stored (or not).
  void append(std::string command_json, std::function<void(Appended)> done = {});
  // Writes the snapshot `image` (core/snapshot.h) with its long `texts`,
  // covering everything applied so far, and drops those journal entries.
  // Only the texts not stored yet go to storage (a history entry's text never
  // changes once written; other texts, a client's notes, are compared), unless
  // `new_ledger` (a replaced ledger: the stored texts are all replaced).
  // Texts the image no longer has stay stored, ignored, until a new ledger.
  void compact(std::string image, SnapshotTexts texts, bool new_ledger,
               std::function<void(bool ok)> done = {});

  State state() const { return state_; }
  // The last problem, for the banner; ok() when none.
  const platform::StorageStatus& status() const { return status_; }
  // Writes are refused: data written by a newer version, or no database.
  bool read_only() const;
  platform::Persistence persistence() const { return persistence_; }

  // The stored snapshot's sequence number and format (its contents went to
  // Hooks::reset and are not kept).
  const std::optional<platform::Snapshot>& snapshot() const { return snapshot_; }
  // Entries applied since the snapshot, in log order.
  const std::vector<platform::JournalEntry>& entries() const { return entries_; }
  std::int64_t last_seq() const;
  int pending_writes() const { return pending_; }

 private:
  void apply_synced(const platform::StorageSynced& s);
  void fail(const platform::StorageStatus& s);
  void reset_to(platform::Snapshot s);

  Hooks hooks_;
  State state_ = State::closed;
  platform::StorageStatus status_;
  platform::Persistence persistence_ = platform::Persistence::unknown;
  std::optional<platform::Snapshot> snapshot_;
  std::vector<platform::JournalEntry> entries_;
  // The texts in storage: the history texts by the entry's id (a history
  // text never changes once recorded), the others (a client's notes) by key
  // with a hash of their text.
  std::unordered_set<std::int64_t> stored_history_;
  std::unordered_map<std::string, std::uint64_t> stored_texts_;
  int pending_ = 0;
};

}  // namespace relance
