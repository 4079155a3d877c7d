// The readers module (readers.js + readers.wasm): the core's file readers
// (core/readers.h) in a Web Worker of their own, so that the app's module
// (app.wasm) links none of them and the first visit downloads none of them.
// worker.js (its --pre-js) receives the files from the page
// (library_relance.js, rl_readers_run), hands them over here one by one
// (readers_add), and posts back what readers_run returns.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/readers.h"

namespace {
std::vector<relance::readers::File> g_files;
}

extern "C" {

// One file of the next call; `data` is copied.
EMSCRIPTEN_KEEPALIVE void readers_add(const char* name, const char* data, int size) {
  g_files.push_back({name, std::string(data, static_cast<std::size_t>(size))});
}

// Reads the files added since the last call; returns the answer's JSON,
// malloc'd (the caller frees it).
EMSCRIPTEN_KEEPALIVE char* readers_run(const char* kind, const char* options) {
  std::vector<relance::readers::File> files = std::move(g_files);
  g_files.clear();
  std::string out;
  if (auto k = relance::readers::kind_from(kind)) out = relance::readers::read_files(*k, std::move(files), options);
  else out = relance::readers::failure_answer(std::string("type de lecture inconnu : ") + kind);
  char* p = static_cast<char*>(std::malloc(out.size() + 1));
  std::memcpy(p, out.c_str(), out.size() + 1);
  return p;
}

}  // extern "C"
