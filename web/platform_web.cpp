// platform.h for the browser. The JavaScript half is library_relance.js: the
// rl_* functions below are implemented there, and it calls back the
// relance_* functions exported at the end of this file.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/json_io.h"
#include "core/letter_json.h"

#include "web/platform.h"
#include "web/shell.h"

// The core's one JSON type (insertion-ordered): a second nlohmann instantiation
// (std::map) cost the app ~16 KB gzip of wasm.
using json = relance::Json;

extern "C" {
void rl_today(char* buf, int len);
void rl_wake();
void rl_set_clipboard(const char* text);
void rl_text_kind(const char* kind);
void rl_semantics(const char* json);
void rl_download(const char* name, const char* mime, const char* data, int len, int now);
void rl_open_link(const char* url);
void rl_pick_file(const char* accept, int multiple);
void rl_storage_open(int id, int app_version);
void rl_storage_append(int id, const char* command, int length);
void rl_storage_write_snapshot(int id, const char* image, int image_len, double seq, int all_texts,
                               const std::uint32_t* texts, int text_count, const std::uint32_t* packs, int pack_count);
void rl_storage_persist(int id);
void rl_storage_read_texts(int id, const char* keys, int all_history);
void rl_fetch_site_file(int id, const char* path);
void rl_readers_add(const char* name, const char* data, int size);
void rl_readers_run(int id, const char* kind, const char* options);
void rl_pdf_make(int id, const char* json);
void rl_api_reply(int id, const char* data, int len);
int rl_notify_permission(void);
void rl_notify_ask(int id);
void rl_notify_publish(const char* days);
void rl_draft_keep(const char* key, const char* value);
char* rl_view_initial(void);
void rl_show_view(const char* fragment, const char* title, int replace);
char* rl_draft_get(const char* key);
}

namespace relance::platform {

namespace {

std::string g_clipboard;
std::function<void(OpenedFile)> g_file_handler;
std::function<void(StorageSynced)> g_remote_handler;
std::function<void()> g_notification_click;
std::function<void(std::string)> g_view_handler;

// Storage requests waiting for their JavaScript answer, by id.
int g_next_id = 1;
std::map<int, std::function<void(const json&)>> g_storage_waiting;

int wait_for(std::function<void(const json&)> f) {
  int id = g_next_id++;
  g_storage_waiting.emplace(id, std::move(f));
  return id;
}

// The long strings of the answer being delivered (a snapshot's ledger, an
// imported batch: up to hundreds of MB), handed over one by one just before
// it (relance_answer_text) instead of escaped inside its JSON and parsed back
// out of it; the answer names each by {"$text": n}. Cleared once the answer
// has been handled.
std::map<int, std::string> g_texts;
// The same for a snapshot's binary image ({"$bytes": n}) and its texts
// ({"$texts": n}): the JavaScript copies each ArrayBuffer straight into the
// string made for it here (relance_answer_bytes, relance_answer_text_slot).
std::map<int, std::string> g_bytes;
std::map<int, SnapshotTexts> g_text_lists;

template <class T>
T take_apart(const json& j, const char* key, const char* mark, std::map<int, T>& from) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return {};
  auto n = it->find(mark);
  if (n == it->end() || !n->is_number_integer()) return {};
  auto t = from.find(n->get<int>());
  if (t == from.end()) return {};
  T out = std::move(t->second);
  from.erase(t);
  return out;
}

void clear_apart() {
  g_texts.clear();
  g_bytes.clear();
  g_text_lists.clear();
}

// A string member, whether inline or handed over apart.
std::string get_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_object()) {
    auto n = it->find("$text");
    if (n != it->end() && n->is_number_integer())
      if (auto t = g_texts.find(n->get<int>()); t != g_texts.end()) {
        std::string out = std::move(t->second);
        g_texts.erase(t);
        return out;
      }
  }
  return {};
}

std::int64_t get_int(const json& j, const char* key) {
  auto it = j.find(key);
  return (it != j.end() && it->is_number()) ? it->get<std::int64_t>() : 0;
}

StorageStatus status_of(const json& j) {
  StorageStatus s;
  auto ok = j.find("ok");
  if (ok != j.end() && ok->is_boolean() && ok->get<bool>()) return s;
  const std::string e = get_string(j, "error");
  s.error = e == "unavailable"      ? StorageError::unavailable
            : e == "quota_exceeded" ? StorageError::quota_exceeded
            : e == "newer_format"   ? StorageError::newer_format
            : e == "stale"          ? StorageError::stale
                                    : StorageError::failed;
  s.message = get_string(j, "message");
  if (s.message.empty()) s.message = e.empty() ? "unknown storage error" : e;
  return s;
}

std::optional<Snapshot> snapshot_of(const json& j) {
  if (!j.is_object()) return std::nullopt;
  return Snapshot{get_string(j, "ledger"), get_int(j, "seq"), static_cast<int>(get_int(j, "format")),
                  take_apart(j, "image", "$bytes", g_bytes), take_apart(j, "texts", "$texts", g_text_lists)};
}

std::vector<JournalEntry> entries_of(const json& j) {
  std::vector<JournalEntry> out;
  auto it = j.find("entries");
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& e : *it) {
    if (!e.is_object()) continue;
    out.push_back(JournalEntry{get_int(e, "seq"), get_string(e, "command")});
  }
  return out;
}

StorageSynced synced_of(const json& j) {
  StorageSynced s;
  s.status = status_of(j);
  if (auto it = j.find("reset"); it != j.end()) s.reset = snapshot_of(*it);
  s.entries = entries_of(j);
  s.appended = get_int(j, "appended");
  return s;
}

}  // namespace

std::string today_iso() {
  char buf[16] = {};
  rl_today(buf, sizeof buf);
  return buf;
}

void request_redraw() {
  shell::note_redraw_request();
  rl_wake();
}

void set_text_input_kind(std::string_view kind) { rl_text_kind(std::string(kind).c_str()); }

void publish_semantics(const std::string& json) { rl_semantics(json.c_str()); }

void set_clipboard_text(std::string_view text) {
  g_clipboard = std::string(text);
  rl_set_clipboard(g_clipboard.c_str());
}

std::string clipboard_text() { return g_clipboard; }

void download(std::string_view file_name, std::string_view mime_type, std::string_view bytes) {
  rl_download(std::string(file_name).c_str(), std::string(mime_type).c_str(), bytes.data(),
              static_cast<int>(bytes.size()), 0);
}

void download_made(std::string_view file_name, std::string_view mime_type, std::string_view bytes) {
  rl_download(std::string(file_name).c_str(), std::string(mime_type).c_str(), bytes.data(),
              static_cast<int>(bytes.size()), 1);
}

void open_link(std::string_view url) { rl_open_link(std::string(url).c_str()); }

void pick_file(std::string_view accept, bool multiple) { rl_pick_file(std::string(accept).c_str(), multiple ? 1 : 0); }

void set_file_handler(std::function<void(OpenedFile)> handler) { g_file_handler = std::move(handler); }

void storage_open(int app_format_version, std::function<void(StorageOpened)> done) {
  int id = wait_for([done = std::move(done)](const json& j) {
    StorageOpened o;
    o.status = status_of(j);
    if (auto it = j.find("snapshot"); it != j.end()) o.snapshot = snapshot_of(*it);
    o.entries = entries_of(j);
    done(std::move(o));
  });
  rl_storage_open(id, app_format_version);
}

void storage_append(const std::string& command_json, std::function<void(StorageSynced)> done) {
  int id = wait_for([done = std::move(done)](const json& j) { done(synced_of(j)); });
  rl_storage_append(id, command_json.data(), static_cast<int>(command_json.size()));
}

void storage_read_texts(std::vector<std::string> keys, bool all_history, std::function<void(StoredTexts)> done) {
  std::string joined;
  for (const std::string& k : keys) (joined += k) += '\n';
  int id = wait_for([done = std::move(done)](const json& j) {
    done(StoredTexts{status_of(j), take_apart(j, "texts", "$texts", g_text_lists)});
  });
  rl_storage_read_texts(id, joined.c_str(), all_history ? 1 : 0);
}

void storage_write_snapshot(std::string image, SnapshotTexts texts, bool all_texts, std::int64_t seq,
                            std::function<void(StorageStatus)> done) {
  int id = wait_for([done = std::move(done)](const json& j) { done(status_of(j)); });
  // A whole ledger's history texts go by packs (core/snapshot.h, pack_texts):
  // a few hundred records instead of one per text. Each text or pack is
  // described in wasm memory by offsets and lengths: the JavaScript copies
  // each out once, while this call runs.
  PackedTexts packed;
  if (all_texts) packed = pack_texts(texts);
  else
    for (const SnapshotText& t : texts) packed.singles.push_back(&t);
  auto at = [](const void* p) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p)); };
  std::vector<std::uint32_t> table;
  table.reserve(packed.singles.size() * 4);
  for (const SnapshotText* t : packed.singles) {
    table.push_back(at(t->key.data()));
    table.push_back(static_cast<std::uint32_t>(t->key.size()));
    table.push_back(at(t->text.data()));
    table.push_back(static_cast<std::uint32_t>(t->text.size()));
  }
  std::vector<std::uint32_t> packs;
  packs.reserve(packed.packs.size() * 6);
  for (const TextPack& p : packed.packs) {
    packs.push_back(at(p.keys.data()));
    packs.push_back(static_cast<std::uint32_t>(p.keys.size()));
    packs.push_back(at(p.ends.data()));
    packs.push_back(static_cast<std::uint32_t>(p.ends.size()));
    packs.push_back(at(p.data.data()));
    packs.push_back(static_cast<std::uint32_t>(p.data.size()));
  }
  rl_storage_write_snapshot(id, image.data(), static_cast<int>(image.size()), static_cast<double>(seq),
                            all_texts ? 1 : 0, table.data(), static_cast<int>(packed.singles.size()), packs.data(),
                            static_cast<int>(packed.packs.size()));
}

void set_storage_remote_handler(std::function<void(StorageSynced)> handler) {
  g_remote_handler = std::move(handler);
}

void storage_request_persistence(std::function<void(Persistence)> done) {
  int id = wait_for([done = std::move(done)](const json& j) {
    const std::string p = get_string(j, "persistence");
    done(p == "granted"       ? Persistence::granted
         : p == "denied"      ? Persistence::denied
         : p == "unsupported" ? Persistence::unsupported
                              : Persistence::unknown);
  });
  rl_storage_persist(id);
}

void fetch_site_file(std::string path, std::function<void(SiteFile)> done) {
  int id = wait_for([done = std::move(done)](const json& j) {
    SiteFile f;
    f.status = static_cast<int>(get_int(j, "status"));
    f.ok = j.value("ok", false);
    f.text = get_string(j, "text");
    f.error = get_string(j, "error");
    done(std::move(f));
  });
  rl_fetch_site_file(id, path.c_str());
}

void read_files_in_worker(readers::Kind kind, std::vector<readers::File> files, std::string options,
                          std::function<void(std::string)> done) {
  int id = wait_for([done = std::move(done)](const json& j) {
    done(j.value("ok", false) ? get_string(j, "text") : readers::failure_answer(get_string(j, "error")));
  });
  // Copied into JavaScript one by one, then transferred to the worker.
  for (const readers::File& f : files) rl_readers_add(f.name.c_str(), f.bytes.data(), static_cast<int>(f.bytes.size()));
  rl_readers_run(id, readers::to_string(kind), options.c_str());
}

void make_pdf_in_worker(const LetterContent& letter, std::function<void(Result<std::string>)> done) {
  int id = wait_for([done = std::move(done)](const json& j) {
    if (j.value("ok", false)) done(take_apart(j, "pdf", "$bytes", g_bytes));
    else done(Error{"pdf", get_string(j, "error")});
  });
  rl_pdf_make(id, letter_content_json(letter).c_str());
}

namespace {
NotifyPermission permission_of(const std::string& p) {
  return p == "granted" ? NotifyPermission::granted
         : p == "denied" ? NotifyPermission::denied
         : p == "default" ? NotifyPermission::ask
                          : NotifyPermission::unsupported;
}
}  // namespace

NotifyPermission notification_permission() {
  switch (rl_notify_permission()) {
    case 1: return NotifyPermission::ask;
    case 2: return NotifyPermission::granted;
    case 3: return NotifyPermission::denied;
    default: return NotifyPermission::unsupported;
  }
}

void ask_notifications(std::function<void(NotifyPermission)> done) {
  int id = wait_for([done = std::move(done)](const json& j) { done(permission_of(get_string(j, "permission"))); });
  rl_notify_ask(id);
}

void publish_reminder_days(const std::string& days_json) { rl_notify_publish(days_json.c_str()); }

void set_notification_click_handler(std::function<void()> handler) { g_notification_click = std::move(handler); }

void keep_draft(std::string_view key, std::string_view value) {
  rl_draft_keep(std::string(key).c_str(), std::string(value).c_str());
}

namespace {
// A string JavaScript allocated for us (RL.str), or null: copied, then freed.
std::string taken(char* p) {
  if (!p) return {};
  std::string out(p);
  std::free(p);
  return out;
}
}  // namespace

std::string kept_draft(std::string_view key) { return taken(rl_draft_get(std::string(key).c_str())); }

std::string initial_view_fragment() { return taken(rl_view_initial()); }

void show_view(std::string_view fragment, std::string_view title, bool replace) {
  rl_show_view(std::string(fragment).c_str(), std::string(title).c_str(), replace ? 1 : 0);
}

void set_view_handler(std::function<void(std::string)> handler) { g_view_handler = std::move(handler); }

}  // namespace relance::platform

// Called from library_relance.js.
using namespace relance;

extern "C" {

EMSCRIPTEN_KEEPALIVE void relance_storage_done(int id, const char* text) {
  auto it = platform::g_storage_waiting.find(id);
  if (it == platform::g_storage_waiting.end()) {
    platform::clear_apart();
    return;
  }
  auto f = std::move(it->second);
  platform::g_storage_waiting.erase(it);
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) j = json{{"ok", false}, {"error", "failed"}, {"message", "unreadable answer"}};
  f(j);
  platform::clear_apart();  // taken by f, or not asked for
  platform::request_redraw();
}

// A long string of the next answer, which names it {"$text": n}.
EMSCRIPTEN_KEEPALIVE void relance_answer_text(int n, const char* text) { platform::g_texts[n] = text; }

// The buffer the next answer's binary part n ({"$bytes": n}) is copied into.
EMSCRIPTEN_KEEPALIVE char* relance_answer_bytes(int n, int size) {
  std::string& s = platform::g_bytes[n];
  s.resize(static_cast<std::size_t>(size));
  return s.data();
}

// The next answer's list of texts n ({"$texts": n}): `count` keys, joined by
// '\n'; each text then copied into relance_answer_text_slot(n, i, size).
EMSCRIPTEN_KEEPALIVE void relance_answer_texts(int n, int count, const char* keys) {
  SnapshotTexts& list = platform::g_text_lists[n];
  list.assign(static_cast<std::size_t>(count), {});
  std::string_view rest(keys);
  for (auto& t : list) {
    const auto end = rest.find('\n');
    t.key = std::string(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
}
EMSCRIPTEN_KEEPALIVE char* relance_answer_text_slot(int n, int i, int size) {
  std::string& s = platform::g_text_lists[n].at(static_cast<std::size_t>(i)).text;
  s.resize(static_cast<std::size_t>(size));
  return s.data();
}

EMSCRIPTEN_KEEPALIVE void relance_storage_remote(int, const char* text) {
  json j = json::parse(text, nullptr, false);
  if (!j.is_discarded() && platform::g_remote_handler) {
    platform::g_remote_handler(platform::synced_of(j));
    platform::request_redraw();
  }
  platform::clear_apart();
}

EMSCRIPTEN_KEEPALIVE void relance_view_changed(const char* fragment) {
  if (platform::g_view_handler) platform::g_view_handler(fragment);
  platform::request_redraw();
}

EMSCRIPTEN_KEEPALIVE void relance_notification_clicked() {
  if (platform::g_notification_click) platform::g_notification_click();
  platform::request_redraw();
}

EMSCRIPTEN_KEEPALIVE void relance_clipboard_pasted(const char* text) { platform::g_clipboard = text; }

EMSCRIPTEN_KEEPALIVE void relance_file_opened(const char* name, const char* mime, const char* data, int len) {
  if (!platform::g_file_handler) return;
  platform::g_file_handler(platform::OpenedFile{name, mime, std::string(data, static_cast<std::size_t>(len))});
  platform::request_redraw();
}

// Returns a malloc'd JSON string the caller frees, or null for an unknown name.
EMSCRIPTEN_KEEPALIVE char* relance_api_call(const char* name, const char* arg) {
  std::optional<std::string> out = platform::call_api(name, arg);
  if (!out) return nullptr;
  char* p = static_cast<char*>(std::malloc(out->size() + 1));
  std::memcpy(p, out->c_str(), out->size() + 1);
  return p;
}

EMSCRIPTEN_KEEPALIVE void relance_api_call_async(int id, const char* name, const char* arg) {
  platform::call_async_api(name, arg, [id](std::string reply) {
    rl_api_reply(id, reply.data(), static_cast<int>(reply.size()));
    platform::request_redraw();
  });
}

}  // extern "C"
