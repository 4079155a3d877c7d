#include "web/app/workspace.h"

#include <memory>
#include <utility>

#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/snapshot.h"

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
    // A snapshot of the first release (JSON) is written again at once in
    // the binary form; a long journal makes every start replay it: fold it
    // into a snapshot.
    if ((from_json_ || store_.entries().size() > 200) && !store_.read_only() && snapshot_error_.empty())
      write_snapshot_of(ledger_, from_json_, {});
    if (on_open) on_open();
  });
}

void Workspace::write_snapshot_of(const Ledger& l, bool new_ledger, std::function<void(bool)> done) {
  // A new ledger replaces every stored text: it must hold them all.
  if (new_ledger && !unloaded_text_keys(l).empty()) {
    if (done) done(false);
    return;
  }
  SnapshotTexts texts;
  std::string image = write_snapshot(l, &texts);
  store_.compact(std::move(image), std::move(texts), new_ledger, [this, done = std::move(done)](bool ok) {
    if (ok) from_json_ = false;
    if (done) done(ok);
  });
}

void Workspace::set_ledger(Ledger l) {
  ledger_ = std::move(l);
  ++revision_;
}

void Workspace::reset(const platform::Snapshot* snapshot) {
  snapshot_error_.clear();
  replay_errors_.clear();
  texts_failed_.clear();
  from_json_ = false;
  if (!snapshot || (snapshot->image.empty() && snapshot->ledger_json.empty())) {
    set_ledger(make_empty_ledger());
    return;
  }
  // The binary image, or the JSON text a profile of the first release holds.
  from_json_ = snapshot->image.empty();
  auto loaded = from_json_ ? ledger_from_json(snapshot->ledger_json, "sauvegarde du navigateur")
                           : read_snapshot(snapshot->image, &snapshot->texts, "sauvegarde du navigateur", true);
  if (!loaded) {
    snapshot_error_ = loaded.error().message();
    set_ledger(make_empty_ledger());
    return;
  }
  set_ledger(std::move(*loaded));
}

void Workspace::want_texts(const std::vector<HistoryId>& ids) {
  std::vector<HistoryId> ask;
  for (HistoryId id : ids)
    if (!texts_asked_.contains(id) && !texts_failed_.contains(id)) ask.push_back(id);
  std::vector<std::string> keys = unloaded_text_keys(ledger_, &ask);
  if (keys.empty()) return;
  texts_asked_.insert(ask.begin(), ask.end());
  platform::storage_read_texts(std::move(keys), false, [this, ask](platform::StoredTexts got) {
    for (HistoryId id : ask) texts_asked_.erase(id);
    auto filled = got.status.ok() ? fill_texts(ledger_, got.texts, "sauvegarde du navigateur")
                                  : Result<std::size_t>(Error{"stockage", got.status.message});
    // What did not come (or came wrong) says so where it is shown.
    for (HistoryId id : ask) {
      const HistoryEntry* h = find_history(ledger_, id);
      if (!h || text_loaded(*h)) continue;
      texts_failed_[id] = filled ? "texte absent du stockage du navigateur" : filled.error().message();
    }
    platform::request_redraw();
  });
}

std::string Workspace::text_problem(HistoryId id) const {
  auto it = texts_failed_.find(id);
  return it == texts_failed_.end() ? std::string() : it->second;
}

void Workspace::load_all_texts(std::function<void(std::optional<Error>)> done) {
  if (unloaded_text_keys(ledger_).empty()) {
    done(std::nullopt);
    return;
  }
  platform::storage_read_texts({}, true, [this, done = std::move(done)](platform::StoredTexts got) {
    if (!got.status.ok()) return done(Error{"stockage", "lecture des textes impossible : " + got.status.message});
    auto filled = fill_texts(ledger_, got.texts, "sauvegarde du navigateur");
    if (!filled) return done(filled.error());
    const std::vector<std::string> missing = unloaded_text_keys(ledger_);
    if (!missing.empty())
      return done(Error{"sauvegarde du navigateur", std::to_string(missing.size()) + " texte" +
                                                        (missing.size() > 1 ? "s absents" : " absent") +
                                                        " du stockage, dont " + missing.front()});
    texts_failed_.clear();
    done(std::nullopt);
  });
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
  // Not checked yet, no text: submit_prepared checks it and writes its text.
  submit_prepared(Prepared{std::make_shared<const Command>(command), {}, 0, nullptr}, std::move(done));
}

void Workspace::submit_prepared(Prepared p, std::function<void(const Result<Applied>&)> done) {
  auto fail = [&](Error e) {
    if (done) done(Result<Applied>(std::move(e)));
  };
  if (!snapshot_error_.empty())
    return fail({"stockage", "les données enregistrées sont illisibles : importez une sauvegarde d\u2019abord"});
  if (store_.read_only())
    return fail({"stockage", "enregistrement impossible : " + storage_error(store_, "stockage indisponible").what});
  // Checked against this very ledger already (p.after is the proof), else now.
  if (!p.command) return fail({"commande", "aucune commande"});
  if (p.revision != revision_ || !p.after) {
    p.after.reset();
    // Refuse at once what the ledger would refuse: nothing invalid is written.
    auto checked = check(ledger_, *p.command);
    if (!checked) return fail(checked.error());
  }
  if (p.text.empty()) p.text = command_to_json(*p.command);
  ++pending_;
  auto kept = std::make_shared<Prepared>(std::move(p));
  store_.append(std::move(kept->text), [this, kept, done = std::move(done)](Store::Appended a) {
    --pending_;
    Result<Applied> r = Result<Applied>(storage_error(store_, "écriture impossible"));
    if (a.ok && a.fresh) {
      if (kept->after && kept->revision == revision_) {
        // Nothing was applied since the check: its result is the ledger.
        set_ledger(std::move(*kept->after));
        r = Result<Applied>(Applied{});
      } else {
        // Applied after what other tabs wrote before it, which may make it
        // fail (then the journal keeps a no-op).
        r = relance::apply(ledger_, *kept->command);
        if (!r.ok()) replay_errors_.push_back(r.error().message());
        ++revision_;
      }
    } else if (a.ok) {
      auto it = applied_.find(a.seq);
      r = it != applied_.end() ? it->second : Result<Applied>(Applied{});
    }
    kept->after.reset();
    if (pending_ == 0) applied_.clear();
    if (done) done(r);
  });
}

void Workspace::replace(Ledger l, std::function<void(bool)> done) {
  auto kept = std::make_shared<Ledger>(std::move(l));
  write_snapshot_of(*kept, true, [this, kept, done = std::move(done)](bool ok) {
    if (ok) set_ledger(std::move(*kept));
    if (done) done(ok);
  });
}

}  // namespace relance
