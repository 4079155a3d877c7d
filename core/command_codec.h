// One command as one JSON document (the browser journal's unit):
//   { "format": "relance-command", "version": 1, "type": "record_payment", ... }
// Reading checks the document as the ledger file's reader does and names the
// JSON path of the first problem.
#pragma once
#include <string>
#include <string_view>

#include "core/commands.h"
#include "core/json_io.h"
#include "core/result.h"

namespace relance {

inline constexpr std::string_view kCommandFormat = "relance-command";
inline constexpr int kCommandVersion = 1;

Json command_json(const Command& c);
// command_json(c) as compact text; an import batch is written straight from
// its records (ImportBatchText), without a Json of the whole batch.
std::string command_to_json(const Command& c);

// The text of an import batch, the bytes command_to_json gives, written a
// slice at a time straight from the records (core/json_stream.h): the
// browser builds the journal entry of a 100 000-row import between frames.
// `batch` must outlive the writer, unchanged.
class ImportBatchText {
 public:
  explicit ImportBatchText(const cmd::ImportBatch& batch);
  // Writes up to max_records more clients or invoices; false once the text is whole.
  bool step(std::size_t max_records);
  double progress() const;  // 0..1
  bool finished() const { return done_; }
  // The whole text (finishes it first if needed).
  std::string take();

 private:
  const cmd::ImportBatch* batch_;
  std::string out_;
  std::size_t next_ = 0;  // clients first, then invoices
  bool done_ = false;
};
Result<Command> command_from_json(std::string_view text, std::string_view origin);

}  // namespace relance
