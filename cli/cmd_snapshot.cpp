// `relance snapshot write ledger.json out.bin [--texts texts.json]`: the
// binary snapshot of a ledger file (core/snapshot.h), the long texts kept
// apart in a JSON array of {key, text} when --texts is given;
// `relance snapshot read in.bin out.json [--texts texts.json]`: back to the
// ledger file. Both print the image's size by part.
#include "cli/commands.h"
#include "core/ledger_file.h"
#include "core/snapshot.h"

namespace relance::cli {

namespace {

Json sizes_json(std::string_view image) {
  auto s = snapshot_sizes(image);
  if (!s) return Json(nullptr);
  return {{"bytes", s->total},          {"meta", s->meta},        {"strings", s->strings},
          {"clients", s->clients},      {"invoices", s->invoices}, {"invoice_parts", s->invoice_parts},
          {"history", s->history},      {"texts_apart", s->texts_apart}};
}

Status run_snapshot(const Args& a) {
  if (a.positional.size() != 3 || (a.positional[0] != "write" && a.positional[0] != "read"))
    return Error{"snapshot", "usage : relance snapshot write registre.json image.bin [--texts textes.json] | "
                             "relance snapshot read image.bin registre.json [--texts textes.json]"};
  const std::string& in = a.positional[1];
  const std::string& out = a.positional[2];
  const auto texts_path = a.get("--texts");
  if (a.positional[0] == "write") {
    auto l = load_ledger_file(in);
    if (!l) return l.error();
    SnapshotTexts texts;
    const std::string image = write_snapshot(*l, texts_path ? &texts : nullptr);
    if (texts_path) {
      Json list = Json::array();
      for (const SnapshotText& t : texts) list.push_back({{"key", t.key}, {"text", t.text}});
      if (auto s = write_file(*texts_path, dump_json(list) + "\n"); !s) return s;
    }
    if (auto s = write_file(out, image); !s) return s;
    print_json({{"ok", true}, {"sizes", sizes_json(image)}, {"texts", texts.size()}});
    return Ok{};
  }
  auto image = read_file(in);
  if (!image) return image.error();
  SnapshotTexts texts;
  if (texts_path) {
    auto text = read_file(*texts_path);
    if (!text) return text.error();
    auto list = parse_json(*text, *texts_path);
    if (!list) return list.error();
    JsonReader r{*texts_path};
    if (r.expect_array(*list, "$"))
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string p = JsonReader::index_path("$", i);
        SnapshotText t;
        if (!r.expect_object((*list)[i], p)) break;
        r.read((*list)[i], "key", p, t.key, true);
        r.read((*list)[i], "text", p, t.text, true);
        texts.push_back(std::move(t));
      }
    if (!r.ok()) return r.first_error();
  }
  auto l = read_snapshot(*image, texts_path ? &texts : nullptr, in);
  if (!l) return l.error();
  if (auto s = write_file(out, ledger_to_json(*l)); !s) return s;
  print_json({{"ok", true}, {"sizes", sizes_json(*image)},
              {"counts", {{"clients", l->clients.size()}, {"invoices", l->invoices.size()}, {"history", l->history.size()}}}});
  return Ok{};
}

}  // namespace

void add_snapshot_commands(std::map<std::string, CommandDef>& t) {
  t["snapshot"] = {{{"--texts", Arity::one}}, run_snapshot};
}

}  // namespace relance::cli
