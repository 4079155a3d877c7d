#include "web/app/store.h"

#include <memory>
#include <string_view>
#include <utility>

namespace relance {

namespace {

std::uint64_t text_hash(const SnapshotText& t) { return std::hash<std::string_view>{}(t.text) | 1; }

}  // namespace

void Store::reset_to(platform::Snapshot s) {
  stored_history_.clear();
  stored_texts_.clear();
  for (const auto& t : s.texts) {
    if (auto id = history_text_id(t.key)) stored_history_.insert(*id);
    else stored_texts_.emplace(t.key, text_hash(t));
  }
  snapshot_ = std::move(s);
  if (hooks_.reset) hooks_.reset(&*snapshot_);
  // The ledger has it all: keep the numbers only.
  snapshot_->ledger_json.clear();
  snapshot_->ledger_json.shrink_to_fit();
  snapshot_->image.clear();
  snapshot_->image.shrink_to_fit();
  snapshot_->texts = {};
}

Store::Store(Hooks hooks) : hooks_(std::move(hooks)) {}

bool Store::read_only() const {
  return state_ == State::failed || status_.error == platform::StorageError::newer_format ||
         status_.error == platform::StorageError::unavailable;
}

std::int64_t Store::last_seq() const {
  if (!entries_.empty()) return entries_.back().seq;
  return snapshot_ ? snapshot_->seq : 0;
}

void Store::fail(const platform::StorageStatus& s) {
  status_ = s;
  platform::request_redraw();
}

void Store::open(std::function<void()> on_open) {
  if (state_ == State::opening || state_ == State::open) return;
  state_ = State::opening;
  platform::set_storage_remote_handler([this](platform::StorageSynced s) {
    if (state_ != State::open) return;
    apply_synced(s);
    platform::request_redraw();
  });
  platform::storage_open(kStorageFormatVersion, [this, on_open = std::move(on_open)](platform::StorageOpened o) {
    if (!o.status.ok()) {
      state_ = State::failed;
      fail(o.status);
    } else {
      state_ = State::open;
      entries_.clear();
      if (o.snapshot) {
        reset_to(std::move(*o.snapshot));
      } else {
        snapshot_.reset();
        stored_history_.clear();
        stored_texts_.clear();
        if (hooks_.reset) hooks_.reset(nullptr);
      }
      for (auto& e : o.entries) {
        if (e.seq <= last_seq()) continue;
        if (hooks_.apply) hooks_.apply(e);
        entries_.push_back(std::move(e));
      }
      platform::storage_request_persistence([this](platform::Persistence p) {
        persistence_ = p;
        platform::request_redraw();
      });
    }
    if (on_open) on_open();
    platform::request_redraw();
  });
}

void Store::apply_synced(const platform::StorageSynced& s) {
  if (s.reset) {
    entries_.clear();
    reset_to(*s.reset);
  }
  for (const auto& e : s.entries) {
    // Each sequence number is applied once, in increasing order: a pull
    // racing with an append may deliver an entry twice.
    if (e.seq <= last_seq()) continue;
    if (hooks_.apply) hooks_.apply(e);
    entries_.push_back(e);
  }
}

void Store::append(std::string command_json, std::function<void(Appended)> done) {
  if (state_ != State::open || read_only()) {
    if (done) done({});
    return;
  }
  ++pending_;
  auto text = std::make_shared<std::string>(std::move(command_json));
  platform::storage_append(*text, [this, text, done = std::move(done)](platform::StorageSynced s) {
    --pending_;
    Appended a;
    a.ok = s.status.ok();
    if (a.ok) {
      apply_synced(s);
      a.seq = s.appended;
      a.fresh = s.appended > last_seq();
      if (a.fresh) entries_.push_back({s.appended, std::move(*text)});
      if (status_.error == platform::StorageError::quota_exceeded ||
          status_.error == platform::StorageError::failed)
        status_ = {};  // a write went through again: the problem is over
    } else {
      fail(s.status);
    }
    if (done) done(a);
    platform::request_redraw();
  });
}

void Store::compact(std::string image, SnapshotTexts texts, bool new_ledger, std::function<void(bool)> done) {
  if (state_ != State::open || read_only()) {
    if (done) done(false);
    return;
  }
  std::int64_t seq = last_seq();
  // What storage will hold once written, and the texts to write for it.
  std::vector<std::int64_t> history_written;
  std::vector<std::pair<std::string, std::uint64_t>> written;
  SnapshotTexts to_write;
  if (new_ledger) history_written.reserve(texts.size());
  for (auto& t : texts) {
    if (auto id = history_text_id(t.key)) {
      if (!new_ledger && stored_history_.contains(*id)) continue;
      history_written.push_back(*id);
    } else {
      const std::uint64_t h = text_hash(t);
      if (!new_ledger) {
        auto it = stored_texts_.find(t.key);
        if (it != stored_texts_.end() && it->second == h) continue;
      }
      written.emplace_back(t.key, h);
    }
    to_write.push_back(std::move(t));
  }
  ++pending_;
  platform::storage_write_snapshot(
      std::move(image), std::move(to_write), new_ledger, seq,
      [this, seq, new_ledger, history_written = std::move(history_written), written = std::move(written),
       done = std::move(done)](platform::StorageStatus st) {
        --pending_;
        bool ok = st.ok();
        if (ok) {
          snapshot_ = platform::Snapshot{{}, seq, kStorageFormatVersion};
          if (new_ledger) {
            stored_history_.clear();
            stored_texts_.clear();
          }
          stored_history_.reserve(stored_history_.size() + history_written.size());
          stored_history_.insert(history_written.begin(), history_written.end());
          for (const auto& [key, h] : written) stored_texts_.insert_or_assign(key, h);
          // Entries after seq (another tab's, pulled meanwhile) stay.
          std::vector<platform::JournalEntry> rest;
          for (auto& e : entries_)
            if (e.seq > seq) rest.push_back(std::move(e));
          entries_ = std::move(rest);
        } else {
          fail(st);
        }
        if (done) done(ok);
        platform::request_redraw();
      });
}

}  // namespace relance
