// Controls and records of the in-memory platform (platform_fake.cpp), for
// native tests of the shell.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "web/platform.h"

namespace relance::platform::fake {

struct Download {
  std::string name, mime_type, bytes;
};

void reset();
// Runs the callbacks the platform owes (storage answers, file deliveries,
// other tabs' broadcasts). Returns how many ran.
int run_pending();
// Runs only the callbacks owed now, not those they schedule (a file
// delivered, but not yet the readers' answer). Returns how many ran.
int run_pending_once();

void set_today(std::string iso);
int redraw_requests();
const std::vector<Download>& downloads();
const std::vector<std::string>& links();
const std::vector<std::string>& file_pickers();
// Whether the last picker shown let the user choose several files.
bool last_picker_multiple();
// A file chosen in the picker or dropped on the page.
void open_file(OpenedFile file);
// The user pasted text from the system clipboard.
void paste(std::string text);
// The last semantics model published (platform::publish_semantics) and how
// many times one was.
const std::string& semantics_json();
int semantics_published();
// Every set_text_input_kind() call, in order.
const std::vector<std::string>& text_kinds();

// Files of the site (platform::fetch_site_file): `text` served for `path`
// (nullopt: a 404). Every path asked, in order.
void serve_site_file(std::string path, std::optional<std::string> text);
const std::vector<std::string>& site_files_asked();

// The readers module (platform::read_files_in_worker): when it fails to load,
// every call is answered readers::failure_answer(message); "" reads again.
void fail_readers(std::string message);
int readers_calls();
// The PDF module (platform::make_pdf_in_worker): when it fails to load, every
// call is answered an error with `message`; "" makes PDFs again. How many
// calls were made.
void fail_pdf(std::string message);
int pdf_calls();

// The database.
void set_storage_available(bool available);
void fail_next_write(StorageError error);
void set_persistence(Persistence p);
void store_snapshot(Snapshot s);
std::optional<Snapshot> stored_snapshot();
// How many texts snapshot writes have put in the `texts` store so far.
std::size_t texts_put();
// How many times the page asked for stored texts (storage_read_texts).
int text_reads();
std::vector<JournalEntry> stored_journal();
// Another tab appends a command (and broadcasts it); returns its sequence number.
std::int64_t other_tab_appends(std::string command_json);

// Notifications: the permission now and what the browser answers when asked.
void set_notification_answer(NotifyPermission now, NotifyPermission answer);
// Every publish_reminder_days() call, in order.
const std::vector<std::string>& published_days();
void click_notification();
std::size_t kept_drafts();

// The address bar: the fragment the page opens at; the entry shown
// (fragment, title); the number of entries; Back and Forward (false at
// either end).
void set_initial_fragment(std::string fragment);
std::pair<std::string, std::string> shown_view();
std::size_t view_entries();
bool back();
bool forward();

}  // namespace relance::platform::fake
