#include "web/data.h"

#include "core/storage.h"

namespace relance {

Store::Hooks Data::hooks() {
  return {[this](const platform::Snapshot* s) { reset(s); },
          [this](const platform::JournalEntry& e) { apply_entry(e); }};
}

void Data::reset(const platform::Snapshot* snapshot) {
  snapshot_error.clear();
  replay_errors.clear();
  last_result.reset();
  last_seq = snapshot ? snapshot->seq : 0;
  if (!snapshot || snapshot->ledger_json.empty()) {
    replace(make_empty_ledger());
    return;
  }
  auto loaded = ledger_from_json(snapshot->ledger_json, "sauvegarde du navigateur");
  if (!loaded) {
    snapshot_error = loaded.error().message();
    replace(make_empty_ledger());
    return;
  }
  replace(std::move(*loaded));
}

void Data::apply_entry(const platform::JournalEntry& entry) {
  last_seq = entry.seq;
  auto command = command_from_json(entry.command_json, "journal n°" + std::to_string(entry.seq));
  if (!command) {
    last_result = Result<Applied>(command.error());
    replay_errors.push_back(command.error().message());
    return;
  }
  last_result = relance::apply(ledger, *command);
  if (!last_result->ok()) replay_errors.push_back(last_result->error().message());
  ++revision;
}

void Data::replace(Ledger l) {
  ledger = std::move(l);
  ++revision;
}

}  // namespace relance
