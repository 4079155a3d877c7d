#include "web/app/workspace.h"

#include <memory>
#include <utility>

#include "core/command_codec.h"
#include "core/ledger_file.h"

namespace relance {

namespace {

Error storage_error(const Store& store, const char* fallback) {
  return {"stockage", store.status().message.empty() ? std::string(fallback) : store.status().message};
}

}  // namespace

Workspace::Workspace()
    : store_(Store::Hooks{[this](const platform::Snapshot* s) { reset(s); },
                          [this](const platform::JournalEntry& e) { apply_entry(e); }}) {}

void Workspace::open(std::function<void()> on_open) {
  store_.open([this, on_open = std::move(on_open)] {
    // A long journal makes every start replay it: fold it into a snapshot.
    if (store_.entries().size() > 200 && !store_.read_only() && snapshot_error_.empty())
      store_.compact(ledger_to_json(ledger_, -1));
    if (on_open) on_open();
  });
}

void Workspace::set_ledger(Ledger l) {
  ledger_ = std::move(l);
  ++revision_;
}

void Workspace::reset(const platform::Snapshot* snapshot) {
  snapshot_error_.clear();
  replay_errors_.clear();
  if (!snapshot || snapshot->ledger_json.empty()) {
    set_ledger(make_empty_ledger());
    return;
  }
  auto loaded = ledger_from_json(snapshot->ledger_json, "sauvegarde du navigateur");
  if (!loaded) {
    snapshot_error_ = loaded.error().message();
    set_ledger(make_empty_ledger());
    return;
  }
  set_ledger(std::move(*loaded));
}

Result<Applied> Workspace::apply_entry(const platform::JournalEntry& entry) {
  auto command = command_from_json(entry.command_json, "journal n°" + std::to_string(entry.seq));
  Result<Applied> r = command ? relance::apply(ledger_, *command) : Result<Applied>(command.error());
  if (!r.ok()) replay_errors_.push_back(r.error().message());
  if (command) ++revision_;
  if (pending_ > 0) applied_.insert_or_assign(entry.seq, r);
  return r;
}

void Workspace::submit(const Command& command, std::function<void(const Result<Applied>&)> done) {
  auto fail = [&](Error e) {
    if (done) done(Result<Applied>(std::move(e)));
  };
  if (!snapshot_error_.empty())
    return fail({"stockage", "les données enregistrées sont illisibles : importez une sauvegarde d\u2019abord"});
  if (store_.read_only())
    return fail({"stockage", "enregistrement impossible : " + storage_error(store_, "stockage indisponible").what});
  // Refuse at once what the ledger would refuse: nothing invalid is written.
  auto checked = check(ledger_, command);
  if (!checked) return fail(checked.error());
  ++pending_;
  store_.append(command_to_json(command), [this, command = std::make_shared<Command>(command),
                                           done = std::move(done)](Store::Appended a) {
    --pending_;
    Result<Applied> r = Result<Applied>(storage_error(store_, "écriture impossible"));
    if (a.ok && a.fresh) {
      // Applied after what other tabs wrote before it, which may make it
      // fail (then the journal keeps a no-op).
      r = relance::apply(ledger_, *command);
      if (!r.ok()) replay_errors_.push_back(r.error().message());
      ++revision_;
    } else if (a.ok) {
      auto it = applied_.find(a.seq);
      r = it != applied_.end() ? it->second : Result<Applied>(Applied{});
    }
    if (pending_ == 0) applied_.clear();
    if (done) done(r);
  });
}

void Workspace::replace(Ledger l, std::function<void(bool)> done) {
  std::string text = ledger_to_json(l, -1);
  store_.compact(std::move(text), [this, l = std::move(l), done = std::move(done)](bool ok) mutable {
    if (ok) set_ledger(std::move(l));
    if (done) done(ok);
  });
}

}  // namespace relance
