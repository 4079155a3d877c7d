#include "web/data.h"

#include "core/command_codec.h"
#include "core/ledger_file.h"

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

std::uint64_t Data::remember(std::string text, Command command) {
  const std::uint64_t key = ++next_submission;
  submitted.push_back({key, std::move(text), std::move(command)});
  return key;
}

void Data::forget(std::uint64_t key) {
  std::erase_if(submitted, [key](const Submitted& s) { return s.key == key; });
}

void Data::apply_entry(const platform::JournalEntry& entry) {
  last_seq = entry.seq;
  std::optional<Command> command;
  for (auto it = submitted.begin(); it != submitted.end(); ++it) {
    if (it->text != entry.command_json) continue;
    command = std::move(it->command);
    submitted.erase(it);
    break;
  }
  if (!command) {
    auto parsed = command_from_json(entry.command_json, "journal n°" + std::to_string(entry.seq));
    if (!parsed) {
      last_result = Result<Applied>(parsed.error());
      replay_errors.push_back(parsed.error().message());
      return;
    }
    command = std::move(*parsed);
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
