// The CLI's pieces: argument parsing, file helpers and the command table.
// Each command lives in its own cli/cmd_*.cpp and registers in commands().
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/json_io.h"
#include "core/ledger.h"
#include "core/result.h"

namespace relance::cli {

inline constexpr const char* kVersion = "0.1.0";

enum class Arity { flag, one, many };
using Spec = std::map<std::string, Arity>;

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> flags;
  std::optional<std::string> get(const std::string& flag) const;
  bool has(const std::string& flag) const;
};

Result<Args> parse_args(int argc, char** argv, const Spec& spec);
// A YYYY-MM-DD flag; no date (ok() false) when absent and not required.
Result<Date> date_flag(const Args& a, const std::string& flag, bool required);
// --today, or the local calendar date.
Result<Date> today_flag(const Args& a);

Result<std::string> read_file(const std::string& path);
// A file's bytes: a regular file is mapped into memory (no copy: a 190 MB
// ledger is not read into a string first), anything else is read as
// read_file does. Same checks and errors as read_file.
class FileBytes {
 public:
  FileBytes() = default;
  explicit FileBytes(std::string copy) : copy_(std::move(copy)) {}
  FileBytes(const void* map, std::size_t size) : map_(map), size_(size) {}
  FileBytes(FileBytes&& o) noexcept : copy_(std::move(o.copy_)), map_(o.map_), size_(o.size_) { o.map_ = nullptr; }
  FileBytes& operator=(FileBytes&&) = delete;
  FileBytes(const FileBytes&) = delete;
  ~FileBytes();
  std::string_view view() const {
    return map_ ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(copy_);
  }

 private:
  std::string copy_;
  const void* map_ = nullptr;
  std::size_t size_ = 0;
};
Result<FileBytes> map_file(const std::string& path);
// Writes through a temporary file and a rename: all or nothing.
Status write_file(const std::string& path, std::string_view bytes);
Result<Ledger> load_ledger_file(const std::string& path);
// For a command that prints and ends: the ledger stays allocated until the
// process exits, when the system takes its memory back at once; freeing it
// piece by piece costs 30 ms at 100 000 invoices. (Kept reachable from a
// static: not a leak for the sanitizers.)
void keep_until_exit(Ledger&& l);
void print_json(const Json& j);

struct CommandDef {
  Spec spec;
  std::function<Status(const Args&)> run;
};
const std::map<std::string, CommandDef>& commands();

// Registered by each cmd_*.cpp.
void add_penalties(std::map<std::string, CommandDef>& t);
void add_ledger_commands(std::map<std::string, CommandDef>& t);
void add_render(std::map<std::string, CommandDef>& t);
void add_csv_commands(std::map<std::string, CommandDef>& t);
void add_document_commands(std::map<std::string, CommandDef>& t);  // letter, mailto
void add_calendar_commands(std::map<std::string, CommandDef>& t);  // ics
void add_einvoice_commands(std::map<std::string, CommandDef>& t);  // import-invoices
void add_match_commands(std::map<std::string, CommandDef>& t);     // match (bank statements)
void add_snapshot_commands(std::map<std::string, CommandDef>& t);  // snapshot write / read

}  // namespace relance::cli
