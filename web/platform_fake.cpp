// platform.h in memory, for native tests: records downloads, links and the
// clipboard, keeps the journal in a vector, and runs callbacks when the test
// calls fake::run_pending() (never inside the call that started them, like
// the browser).
#include "web/platform_fake.h"

#include <algorithm>
#include <deque>
#include <map>

#include "core/letter_json.h"
#include "core/letter_pdf.h"

namespace relance::platform {

namespace fake {
namespace {
struct State {
  std::string today = "2026-11-23";
  int redraws = 0;
  std::string clipboard;
  std::vector<std::string> text_kinds;
  std::string semantics;
  int semantics_published = 0;
  std::vector<Download> downloads;
  std::vector<std::string> links;
  std::vector<std::string> pickers;
  bool picker_multiple = false;
  std::function<void(OpenedFile)> file_handler;
  std::function<void(StorageSynced)> remote_handler;
  std::deque<std::function<void()>> pending;
  std::map<std::string, std::optional<std::string>> site_files;
  std::vector<std::string> site_asked;
  std::string readers_failure;
  int readers_calls = 0;
  std::string pdf_failure;
  int pdf_calls = 0;
  // The database.
  bool available = true;
  std::optional<StorageError> next_write_error;
  std::optional<Snapshot> snapshot;  // with the `texts` store
  std::size_t texts_put = 0;         // texts written by snapshot writes
  int text_reads = 0;                // storage_read_texts calls
  std::vector<JournalEntry> journal;
  std::int64_t next_seq = 1;
  std::int64_t last_seen = 0;
  int app_version = 0;
  bool read_only = false;
  Persistence persistence = Persistence::denied;
  // Notifications and drafts.
  NotifyPermission permission = NotifyPermission::ask;
  NotifyPermission answer = NotifyPermission::granted;
  std::vector<std::string> published;
  std::function<void()> notification_click;
  std::map<std::string, std::string, std::less<>> drafts;
  // The address bar: the entries of the tab's history, the one shown.
  std::string initial_fragment;
  std::vector<std::pair<std::string, std::string>> views;  // fragment, title
  std::size_t view_at = 0;
  std::function<void(std::string)> view_handler;
};
State& st() {
  static State s;
  return s;
}

// The stored snapshot as the page gets it: with the clients' notes only (the
// history texts are read when asked for, storage_read_texts).
std::optional<Snapshot> handed_snapshot() {
  std::optional<Snapshot> out = st().snapshot;
  if (out) std::erase_if(out->texts, [](const SnapshotText& t) { return !t.key.starts_with("client/"); });
  return out;
}

// Entries after what this "tab" has seen, and a reset when the snapshot went
// past it.
StorageSynced read_new() {
  State& s = st();
  StorageSynced out;
  std::int64_t from = s.last_seen;
  if (s.snapshot && s.snapshot->seq > from) {
    out.reset = handed_snapshot();
    from = s.snapshot->seq;
  }
  for (const auto& e : s.journal)
    if (e.seq > from) out.entries.push_back(e);
  return out;
}

void note_seen(const StorageSynced& out) {
  State& s = st();
  if (out.reset && out.reset->seq > s.last_seen) s.last_seen = out.reset->seq;
  for (const auto& e : out.entries)
    if (e.seq > s.last_seen) s.last_seen = e.seq;
}

void later(std::function<void()> f) { st().pending.push_back(std::move(f)); }
}  // namespace

void reset() { st() = State{}; }
int run_pending() {
  int n = 0;
  while (!st().pending.empty()) {
    auto f = std::move(st().pending.front());
    st().pending.pop_front();
    f();
    ++n;
  }
  return n;
}
int run_pending_once() {
  std::deque<std::function<void()>> now;
  now.swap(st().pending);
  for (auto& f : now) f();
  return static_cast<int>(now.size());
}
void set_today(std::string iso) { st().today = std::move(iso); }
int redraw_requests() { return st().redraws; }
const std::vector<Download>& downloads() { return st().downloads; }
const std::vector<std::string>& links() { return st().links; }
const std::vector<std::string>& file_pickers() { return st().pickers; }
bool last_picker_multiple() { return st().picker_multiple; }
void open_file(OpenedFile f) {
  later([f = std::move(f)]() mutable {
    if (st().file_handler) st().file_handler(std::move(f));
  });
}
void paste(std::string text) { st().clipboard = std::move(text); }
const std::vector<std::string>& text_kinds() { return st().text_kinds; }
const std::string& semantics_json() { return st().semantics; }
int semantics_published() { return st().semantics_published; }
void set_storage_available(bool available) { st().available = available; }
void fail_next_write(StorageError e) { st().next_write_error = e; }
void set_persistence(Persistence p) { st().persistence = p; }
void fail_readers(std::string message) { st().readers_failure = std::move(message); }
int readers_calls() { return st().readers_calls; }
void fail_pdf(std::string message) { st().pdf_failure = std::move(message); }
int pdf_calls() { return st().pdf_calls; }
void serve_site_file(std::string path, std::optional<std::string> text) { st().site_files[path] = std::move(text); }
const std::vector<std::string>& site_files_asked() { return st().site_asked; }
void store_snapshot(Snapshot s) { st().snapshot = std::move(s); }
int text_reads() { return st().text_reads; }
std::optional<Snapshot> stored_snapshot() { return st().snapshot; }
std::size_t texts_put() { return st().texts_put; }
std::vector<JournalEntry> stored_journal() { return st().journal; }
std::int64_t other_tab_appends(std::string command_json) {
  State& s = st();
  JournalEntry e{s.next_seq++, std::move(command_json)};
  s.journal.push_back(e);
  // The broadcast: the other tab pulls.
  later([] {
    State& s2 = st();
    if (!s2.remote_handler || s2.read_only) return;
    StorageSynced out = read_new();
    note_seen(out);
    if (!out.entries.empty() || out.reset) s2.remote_handler(out);
  });
  return e.seq;
}
}  // namespace fake

using fake::st;

std::string today_iso() { return st().today; }
void request_redraw() { ++st().redraws; }
void set_text_input_kind(std::string_view kind) { st().text_kinds.emplace_back(kind); }
void publish_semantics(const std::string& json) {
  ++st().semantics_published;
  st().semantics = json;
}
void set_clipboard_text(std::string_view text) { st().clipboard = std::string(text); }
std::string clipboard_text() { return st().clipboard; }
void download(std::string_view name, std::string_view mime, std::string_view bytes) {
  st().downloads.push_back({std::string(name), std::string(mime), std::string(bytes)});
}
void download_made(std::string_view name, std::string_view mime, std::string_view bytes) { download(name, mime, bytes); }
void open_link(std::string_view url) { st().links.emplace_back(url); }
void pick_file(std::string_view accept, bool multiple) {
  st().pickers.emplace_back(accept);
  st().picker_multiple = multiple;
}
void set_file_handler(std::function<void(OpenedFile)> handler) { st().file_handler = std::move(handler); }

void storage_open(int app_format_version, std::function<void(StorageOpened)> done) {
  fake::later([app_format_version, done = std::move(done)] {
    auto& s = st();
    s.app_version = app_format_version;
    StorageOpened o;
    if (!s.available) {
      s.read_only = true;
      o.status = {StorageError::unavailable, "IndexedDB is not available"};
    } else if (s.snapshot && s.snapshot->format_version > app_format_version) {
      s.read_only = true;
      o.status = {StorageError::newer_format, "format " + std::to_string(s.snapshot->format_version) + " > " +
                                                  std::to_string(app_format_version)};
    } else {
      s.last_seen = 0;
      StorageSynced r = fake::read_new();
      fake::note_seen(r);
      o.snapshot = fake::handed_snapshot();
      o.entries = std::move(r.entries);
    }
    done(std::move(o));
  });
}

void storage_append(const std::string& command_json, std::function<void(StorageSynced)> done) {
  fake::later([command_json, done = std::move(done)]() mutable {
    auto& s = st();
    StorageSynced out;
    if (s.read_only) {
      out.status = {StorageError::unavailable, "storage is not writable"};
    } else if (s.next_write_error) {
      out.status = {*s.next_write_error, "injected failure"};
      s.next_write_error.reset();
    } else {
      out = fake::read_new();
      JournalEntry e{s.next_seq++, std::move(command_json)};
      s.journal.push_back(e);
      fake::note_seen(out);
      if (e.seq > s.last_seen) s.last_seen = e.seq;
      out.appended = e.seq;
    }
    done(std::move(out));
  });
}

void storage_write_snapshot(std::string image, SnapshotTexts texts, bool all_texts, std::int64_t seq,
                            std::function<void(StorageStatus)> done) {
  fake::later([image = std::move(image), texts = std::move(texts), all_texts, seq, done = std::move(done)]() mutable {
    auto& s = st();
    StorageStatus status;
    if (s.read_only) {
      status = {StorageError::unavailable, "storage is not writable"};
    } else if (s.next_write_error) {
      status = {*s.next_write_error, "injected failure"};
      s.next_write_error.reset();
    } else if (s.snapshot && s.snapshot->seq > seq) {
      status = {StorageError::stale, "stored snapshot is newer"};
    } else {
      // The `texts` store: what the snapshot record carries here.
      SnapshotTexts stored = all_texts || !s.snapshot ? SnapshotTexts{} : std::move(s.snapshot->texts);
      s.texts_put += texts.size();
      for (auto& t : texts) {
        auto it = std::find_if(stored.begin(), stored.end(), [&](const SnapshotText& x) { return x.key == t.key; });
        if (it != stored.end()) *it = std::move(t); else stored.push_back(std::move(t));
      }
      s.snapshot = Snapshot{{}, seq, s.app_version, std::move(image), std::move(stored)};
      std::erase_if(s.journal, [seq](const JournalEntry& e) { return e.seq <= seq; });
      if (seq > s.last_seen) s.last_seen = seq;
    }
    done(status);
  });
}

void storage_read_texts(std::vector<std::string> keys, bool all_history, std::function<void(StoredTexts)> done) {
  ++st().text_reads;
  fake::later([keys = std::move(keys), all_history, done = std::move(done)] {
    auto& s = st();
    StoredTexts out;
    if (!s.available) {
      out.status = {StorageError::unavailable, "storage is not open"};
    } else if (s.snapshot) {
      for (const SnapshotText& t : s.snapshot->texts)
        if (all_history ? t.key.starts_with("history/") : std::find(keys.begin(), keys.end(), t.key) != keys.end())
          out.texts.push_back(t);
    }
    done(std::move(out));
  });
}

void set_storage_remote_handler(std::function<void(StorageSynced)> handler) {
  st().remote_handler = std::move(handler);
}

void read_files_in_worker(readers::Kind kind, std::vector<readers::File> files, std::string options,
                          std::function<void(std::string)> done) {
  ++st().readers_calls;
  fake::later([kind, files = std::move(files), options = std::move(options), done = std::move(done)]() mutable {
    const std::string failure = st().readers_failure;
    done(failure.empty() ? readers::read_files(kind, std::move(files), options) : readers::failure_answer(failure));
  });
}

// Through the JSON the browser's module gets, so that what it reads is tested too.
void make_pdf_in_worker(const LetterContent& letter, std::function<void(Result<std::string>)> done) {
  ++st().pdf_calls;
  fake::later([json = letter_content_json(letter), done = std::move(done)] {
    if (!st().pdf_failure.empty()) return done(Error{"pdf", st().pdf_failure});
    auto content = letter_content_from_json(json);
    if (!content) return done(content.error());
    done(letter_pdf(*content));
  });
}

void fetch_site_file(std::string path, std::function<void(SiteFile)> done) {
  st().site_asked.push_back(path);
  fake::later([path, done = std::move(done)] {
    SiteFile f;
    auto it = st().site_files.find(path);
    if (it != st().site_files.end() && it->second) {
      f.ok = true;
      f.status = 200;
      f.text = *it->second;
    } else {
      f.status = 404;
      f.error = "HTTP 404";
    }
    done(std::move(f));
  });
}

void storage_request_persistence(std::function<void(Persistence)> done) {
  fake::later([done = std::move(done)] { done(st().persistence); });
}

NotifyPermission notification_permission() { return st().permission; }

void ask_notifications(std::function<void(NotifyPermission)> done) {
  fake::later([done = std::move(done)] {
    auto& s = st();
    if (s.permission == NotifyPermission::ask) s.permission = s.answer;
    done(s.permission);
  });
}

void publish_reminder_days(const std::string& days_json) { st().published.push_back(days_json); }

void set_notification_click_handler(std::function<void()> handler) { st().notification_click = std::move(handler); }

void keep_draft(std::string_view key, std::string_view value) {
  auto& s = st();
  if (value.empty()) s.drafts.erase(std::string(key));
  else s.drafts[std::string(key)] = std::string(value);
}

std::string kept_draft(std::string_view key) {
  auto it = st().drafts.find(key);
  return it == st().drafts.end() ? std::string() : it->second;
}

namespace fake {
void set_notification_answer(NotifyPermission now, NotifyPermission answer) {
  st().permission = now;
  st().answer = answer;
}
const std::vector<std::string>& published_days() { return st().published; }
void click_notification() {
  if (st().notification_click) st().notification_click();
}
std::size_t kept_drafts() { return st().drafts.size(); }
}  // namespace fake

std::string initial_view_fragment() { return st().initial_fragment; }

void show_view(std::string_view fragment, std::string_view title, bool replace) {
  auto& s = st();
  if (replace && !s.views.empty()) {
    s.views[s.view_at] = {std::string(fragment), std::string(title)};
    return;
  }
  if (!s.views.empty()) s.views.resize(s.view_at + 1);  // forward entries dropped
  s.views.emplace_back(std::string(fragment), std::string(title));
  s.view_at = s.views.size() - 1;
}

void set_view_handler(std::function<void(std::string)> handler) { st().view_handler = std::move(handler); }

namespace fake {
void set_initial_fragment(std::string fragment) { st().initial_fragment = std::move(fragment); }
std::pair<std::string, std::string> shown_view() {
  const auto& s = st();
  return s.views.empty() ? std::pair<std::string, std::string>{} : s.views[s.view_at];
}
std::size_t view_entries() { return st().views.size(); }
bool back() {
  auto& s = st();
  if (s.view_at == 0) return false;
  --s.view_at;
  if (s.view_handler) s.view_handler(s.views[s.view_at].first);
  return true;
}
bool forward() {
  auto& s = st();
  if (s.view_at + 1 >= s.views.size()) return false;
  ++s.view_at;
  if (s.view_handler) s.view_handler(s.views[s.view_at].first);
  return true;
}
}  // namespace fake

}  // namespace relance::platform
