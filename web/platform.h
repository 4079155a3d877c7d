// The platform shim: everything the app needs from the world outside the
// core (date, redraws, clipboard, downloads, links, files, storage). One
// header, one implementation per platform chosen at link time, no virtual
// calls: platform_web.cpp (browser, through library_relance.js) and
// platform_fake.cpp (in memory, for native tests).
//
// Everything here is called from the UI thread (there is only one). Callbacks
// run later, from the event loop, never from inside the call that started them.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/letters.h"
#include "core/readers.h"
#include "core/snapshot.h"

namespace relance::platform {

// [SECTION] Date and redraws ------------------------------------------------

// Today's local calendar date, "YYYY-MM-DD". The web build takes it from the
// page URL (`?today=2026-11-23`) when present and valid, for tests.
std::string today_iso();

// Asks for at least one more frame (after an async completion, while
// something animates). The shell stops drawing a few frames after the last
// input or request.
void request_redraw();

// [SECTION] Text input ------------------------------------------------------

// What the text field being edited holds, for the phone's keyboard: "text",
// "email", "tel", "decimal" (amounts), "numeric" (whole numbers), "postcode"
// or "date". Called when the field being edited changes kind (not every
// frame); the browser sets inputmode, autocapitalize and autocomplete on the
// hidden element that receives the text (library_relance.js).
void set_text_input_kind(std::string_view kind);

// [SECTION] Semantics (accessibility overlay) ------------------------------------

// The frame's semantics changed (web/semantics.h): `json` is the new model,
// a JSON array of nodes. The browser mirrors it in its DOM overlay.
void publish_semantics(const std::string& json);

// [SECTION] Clipboard -------------------------------------------------------

// Puts text on the system clipboard (in the browser: through the copy/cut
// event of the current gesture, else navigator.clipboard).
void set_clipboard_text(std::string_view text);
// The last text pasted from, or put on, the clipboard.
std::string clipboard_text();

// [SECTION] Actions that need a user gesture --------------------------------
// Browsers allow downloads, mailto:/sms: links and file pickers only while a
// click or key event is being handled. The shell runs a frame inside the
// pointer-up/key-up handler, so an action requested from a Button() that
// fires on release runs right there; one requested at another time waits for
// the next gesture.

// Saves a file (CSV, JSON, PDF...) through the browser's download.
void download(std::string_view file_name, std::string_view mime_type, std::string_view bytes);
// Opens a mailto:, sms: or tel: link (the user's mail/SMS app).
void open_link(std::string_view url);
// Shows the file picker. `accept` is the input's accept list
// (".json,application/json"); `multiple` lets the user choose several files.
// The chosen files arrive through the handler set with set_file_handler, one
// call each, in the order chosen.
void pick_file(std::string_view accept, bool multiple = false);

// URL helpers for open_link: percent-encoding of UTF-8 (RFC 3986 unreserved
// characters stay), and a mailto: link with subject and body ("\n" in the
// body becomes %0A, which mail apps show as a line break).
std::string percent_encode(std::string_view text);
std::string mailto_url(std::string_view to, std::string_view subject, std::string_view body);

struct OpenedFile {
  std::string name;
  std::string mime_type;
  std::string bytes;
};
// Receives files from the picker and from drag and drop onto the page
// (several dropped at once: one call each, in their order).
void set_file_handler(std::function<void(OpenedFile)> handler);

// [SECTION] Storage: a journal of commands ----------------------------------
// One IndexedDB database `relance` (version 2): store `journal`
// (autoincrement sequence number -> one command as a JSON string), store
// `snapshot` (record 'main': the ledger's binary image (core/snapshot.h) as
// an ArrayBuffer, the last sequence number it includes, the format version;
// record 'meta': the same without the image) and store `texts` (the image's
// long texts apart, key SnapshotText::key -> UTF-8 ArrayBuffer), written in
// the same transaction as the image. Version 1 (the first release) held the
// ledger's JSON text in 'main' instead: it is still read (Snapshot::ledger_json).
// This layer never parses the commands nor the image.

struct JournalEntry {
  std::int64_t seq = 0;
  std::string command_json;
  bool operator==(const JournalEntry&) const = default;
};

struct Snapshot {
  std::string ledger_json;  // a snapshot of the first release (JSON); empty otherwise
  std::int64_t seq = 0;     // journal entries <= seq are included in it
  int format_version = 0;
  std::string image;        // the binary image (format 2); empty when none
  // Its long texts, handed over at start: the clients' notes. The history
  // texts stay in the `texts` store until asked for (storage_read_texts).
  SnapshotTexts texts;
  bool operator==(const Snapshot&) const = default;
};

enum class StorageError {
  none,
  unavailable,     // no IndexedDB (private mode, blocked by settings, disabled)
  quota_exceeded,  // the browser refused to store more
  newer_format,    // the data was written by a newer version: left untouched
  stale,           // a snapshot older than the stored one was refused
  failed,          // any other failure (message says which)
};

struct StorageStatus {
  StorageError error = StorageError::none;
  std::string message;  // technical detail, for the banner and the console
  bool ok() const { return error == StorageError::none; }
};

struct StorageOpened {
  StorageStatus status;
  std::optional<Snapshot> snapshot;    // absent for a new database
  std::vector<JournalEntry> entries;   // after the snapshot, in order
};

struct StorageSynced {
  StorageStatus status;
  // Set when another tab compacted past what this tab had seen: the caller
  // rebuilds its state from this snapshot, then applies `entries`.
  std::optional<Snapshot> reset;
  // Entries this tab had not seen, in log order (for append(), those written
  // before the appended command).
  std::vector<JournalEntry> entries;
  // append(): the sequence number of the command written (its text is the
  // caller's: it does not come back).
  std::int64_t appended = 0;
};

// Opens the database. `app_format_version` is the newest format this build
// understands: a database written by a newer one is refused (error
// newer_format) and every later write is refused too.
void storage_open(int app_format_version, std::function<void(StorageOpened)> done);
// Appends one command in one readwrite transaction that first reads what
// other tabs appended since this tab last looked; `done` gets those entries
// and the sequence number of ours, so the caller applies everything in log
// order. Other tabs
// are notified through BroadcastChannel('relance').
void storage_append(const std::string& command_json, std::function<void(StorageSynced)> done);
// Replaces the snapshot by `image` and deletes the journal entries <= seq,
// in one transaction (compaction, or "replace the whole ledger"), with the
// texts: `all_texts` clears the `texts` store first (a new ledger); otherwise
// `texts` are the ones new or changed since the snapshot this tab built on,
// and the write is refused (stale) when another tab wrote a snapshot since.
void storage_write_snapshot(std::string image, SnapshotTexts texts, bool all_texts, std::int64_t seq,
                            std::function<void(StorageStatus)> done);
// Reads records of the `texts` store (the snapshot's history texts, read
// when shown or exported): those of `keys`, or with `all_history` every
// history text. A key that is not stored is left out of the answer.
struct StoredTexts {
  StorageStatus status;
  SnapshotTexts texts;
};
void storage_read_texts(std::vector<std::string> keys, bool all_history, std::function<void(StoredTexts)> done);
// Receives what other tabs appended (pulled on their broadcast, or when the
// page becomes visible again).
void set_storage_remote_handler(std::function<void(StorageSynced)> handler);

enum class Persistence { unknown, granted, denied, unsupported };
// navigator.storage.persist(): asks the browser not to evict our data.
void storage_request_persistence(std::function<void(Persistence)> done);

// [SECTION] Files served next to the app ------------------------------------
// A file of the site itself, by a path relative to the page ("rates/fr.json"),
// through the service worker (which answers from its cache when offline).

struct SiteFile {
  bool ok = false;     // got an answer 200 with a body
  int status = 0;      // the HTTP status; 0 when the request failed
  std::string text;    // the body (UTF-8)
  std::string error;   // why not, in English, for the console and the note
};
void fetch_site_file(std::string path, std::function<void(SiteFile)> done);

// [SECTION] File readers, apart from the app ----------------------------------
// The core's file readers (core/readers.h: bank statements, e-invoices, their
// .zip archives) run apart from the app's module. Web: a Web Worker running
// readers.js + readers.wasm, created on the first call (fetched then, kept by
// the service worker for offline use after) and reused; the bytes are
// transferred to it. Native: the same core call (readers::read_files), answered
// from the event loop. `done` gets the answer's JSON (readers::bank_answer /
// readers::einvoice_answer read it), or readers::failure_answer() when the
// readers could not run (the module did not load: offline before any import).
void read_files_in_worker(readers::Kind kind, std::vector<readers::File> files, std::string options,
                          std::function<void(std::string)> done);

// [SECTION] Letters' PDFs, apart from the app ----------------------------------
// The letters' PDF maker (core/letter_pdf.h, core/pdf/: layout, fonts
// subset, deflate) runs apart from the app's module. Web: a Web Worker running
// pdf.js + pdf.wasm, created on the first call (fetched then, kept by the
// service worker for offline use after) and reused; the letter goes to it as
// JSON (core/letter_json.h). Native: letter_pdf(), answered from the event
// loop. `done` gets the PDF's bytes, or an error (French) when the module did
// not load (offline before the first letter) or refused the letter.
void make_pdf_in_worker(const LetterContent& letter, std::function<void(Result<std::string>)> done);
// Saves a file made after the click that asked for it (a letter's PDF from
// make_pdf_in_worker): at once, not at the next gesture; browsers let a page
// download a file it made shortly after the user's click.
void download_made(std::string_view file_name, std::string_view mime_type, std::string_view bytes);

// [SECTION] Reminders brought to the user ------------------------------------
// A notification on the days reminders are due. The app publishes the days
// to come with their summary; the service worker (sw.js) reads them from its
// own IndexedDB database `relance-rappels`, with no network: on the browser's
// Periodic Background Sync where it has it (an installed app), and when the
// page asks it at each opening. It notifies once a day at most; a click on
// the notification opens Aujourd'hui.

enum class NotifyPermission { unsupported, ask, granted, denied };
// Notification.permission as it stands.
NotifyPermission notification_permission();
// From a click: asks the permission once, then (granted) registers the daily
// background check where the browser has Periodic Background Sync.
void ask_notifications(std::function<void(NotifyPermission)> done);
// `days_json`: {"today": "YYYY-MM-DD", "days": [{"date", "count", "text"}]}.
// Stored for the service worker, which then notifies today's when there is
// something to do, permission is granted and it has not notified today yet.
void publish_reminder_days(const std::string& days_json);
// A click on the notification, with the page already open.
void set_notification_click_handler(std::function<void()> handler);

// [SECTION] Drafts kept across a reload ---------------------------------------
// sessionStorage of this tab (same origin; gone with the tab): a half-typed
// form is kept under its key and offered back after a reload. Empty `value`
// removes the key.
void keep_draft(std::string_view key, std::string_view value);
std::string kept_draft(std::string_view key);

// [SECTION] The view's address ------------------------------------------------
// The URL fragment the page was opened at ("#/factures/F-2026-0036", or "").
std::string initial_view_fragment();
// Shows the view's address and title: a new history entry, or the current
// one replaced (the query, such as ?today=, is kept).
void show_view(std::string_view fragment, std::string_view title, bool replace);
// Back, Forward, or an address changed by hand: the new fragment.
void set_view_handler(std::function<void(std::string)> handler);

// [SECTION] Automation (window.relance) --------------------------------------
// Functions reachable from JavaScript as window.relance.<name>(arg). A sync
// handler returns its JSON answer; an async one calls `reply` once.
using ApiHandler = std::function<std::string(std::string_view arg)>;
using AsyncApiHandler = std::function<void(std::string_view arg, std::function<void(std::string)> reply)>;
void register_api(std::string name, ApiHandler handler);
void register_async_api(std::string name, AsyncApiHandler handler);
// What the shell (and native tests) call: the answer, or nullopt for an
// unknown name. call_async_api replies {"error":"unknown api NAME"} then.
std::optional<std::string> call_api(std::string_view name, std::string_view arg);
void call_async_api(std::string_view name, std::string_view arg, std::function<void(std::string)> reply);

}  // namespace relance::platform
