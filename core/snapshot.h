// The binary snapshot of a ledger: what the browser keeps in IndexedDB (one
// ArrayBuffer) instead of the JSON text, written and read without a parser.
// The JSON ledger (core/ledger_file.h) stays the backup, exchange and CLI
// format; both hold the same ledger (tests/unit-snapshot.cpp).
//
// Layout (version 1), little-endian, every section starting at a multiple
// of 8:
//   header   32 bytes: magic "RLNCSNAP", format version, byte-order mark
//            0x01020304, number of sections, CRC-32 of everything after the
//            header, total size of the image
//   table    one entry per section (32 bytes): id, record size, offset,
//            byte size, record count
//   sections in this order:
//     meta              the JSON text (ledger file format) of the small rest:
//                       company, settings, id counters, chains, templates,
//                       custom rates, column mappings
//     clients           fixed-size records, in the ledger's order
//     invoices          fixed-size records; a client or credited invoice is
//                       an index into its section
//     payments, plan, promises, disputes
//                       fixed-size records grouped by invoice (each names
//                       its invoice's index; the invoice order kept)
//     history           fixed-size records; its invoices are a run of
//     history_invoices  invoice indexes (first, count)
//     wide_ids          ids beyond 32 bits (rare: a hand-edited file), as
//                       (section, record, id); the record holds 0
//     strings           one pool of UTF-8 bytes; a string is (offset, length)
//                       into it (last: the writer appends to it in place)
//   Ids and dates are 32-bit (a Date's serial day), money 64-bit cents.
//
// Long texts (the exact text of each history entry, a client's notes) can be
// kept out of the image, in a list of (key, text) records the browser puts
// in an object store of their own: the image then holds their byte length,
// and read_snapshot wants them all back.
//
// A corrupt image is refused whole: every offset, length, count and index is
// checked against the image, the checksum verified, and the records checked
// as the JSON reader checks them (record_codec.h, check_references), before
// a ledger is handed back. The error says where: the section, the record,
// the field.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ledger.h"
#include "core/result.h"

namespace relance {

inline constexpr std::string_view kSnapshotMagic = "RLNCSNAP";
inline constexpr std::uint32_t kSnapshotVersion = 1;

// A long text kept apart: "history/<id>/text" or "client/<id>/notes".
struct SnapshotText {
  std::string key;
  std::string text;
  bool operator==(const SnapshotText&) const = default;
};
using SnapshotTexts = std::vector<SnapshotText>;

// The image of `l`: the same ledger gives the same bytes. With `texts_out`,
// the long texts go there (cleared first, in the order of the ledger) rather
// than in the image. `l` is a ledger as the app holds it (its references
// resolve): a dangling reference is written as one the reader refuses.
std::string write_snapshot(const Ledger& l, SnapshotTexts* texts_out = nullptr);

// The ledger of an image. An image written with its texts apart needs them
// in `texts` (any order; extra records are ignored): the error lists the
// missing keys. `origin` starts the place of every error.
// With `lazy_history_texts`, a history entry's text may be missing: the entry
// is then read without it (HistoryEntry::text_apart holds its length), to be
// read from storage when shown or exported (fill_texts). A client's notes
// are still wanted. Writing such a ledger back with its texts apart keeps
// those texts where they are: they are not handed out again.
Result<Ledger> read_snapshot(std::string_view image, const SnapshotTexts* texts = nullptr,
                             std::string_view origin = "instantané", bool lazy_history_texts = false);

// The keys of the history texts of `l` still in storage: of the entries
// `ids` (none: of every entry), in the history's order.
std::vector<std::string> unloaded_text_keys(const Ledger& l, const std::vector<std::int64_t>* ids = nullptr);
// Puts the texts read from storage into the entries still waiting for them
// (records of other keys, or of entries already filled, are ignored). A text
// that is not the length the image recorded, or not UTF-8, is an error that
// names its key; nothing is filled then.
Result<std::size_t> fill_texts(Ledger& l, const SnapshotTexts& texts, std::string_view origin = "textes");

// The entry of a history text's key ("history/<id>/text"), or nothing.
std::optional<HistoryId> history_text_id(std::string_view key);

// The texts of a whole ledger written at once (an import, a backup
// restored), grouped for the browser's store: the history texts in packs of
// about `target` bytes (at least one text each), in the byte order of their
// keys (IndexedDB's order for these ASCII keys), and the other texts (a
// client's notes) on their own. A pack's record is `pack/` + its first key
// (web/README.md, « texts by packs »).
struct TextPack {
  std::string keys;                 // its keys, each followed by '\n'
  std::vector<std::uint32_t> ends;  // where each text ends in `data`
  std::string data;                 // the texts end to end
};
struct PackedTexts {
  std::vector<const SnapshotText*> singles;  // into the texts given
  std::vector<TextPack> packs;
};
inline constexpr std::size_t kTextPackTarget = std::size_t(1) << 18;
PackedTexts pack_texts(const SnapshotTexts& texts, std::size_t target = kTextPackTarget);

// The image's size by part, for the benchmark and the CLI.
struct SnapshotSizes {
  std::uint64_t total = 0;
  std::uint64_t meta = 0, strings = 0, clients = 0, invoices = 0, invoice_parts = 0, history = 0;
  std::uint64_t texts_apart = 0;  // records kept apart (count)
};
Result<SnapshotSizes> snapshot_sizes(std::string_view image);

}  // namespace relance
