// The PDF module (pdf.js + pdf.wasm): the letters' PDF maker (core/letter_pdf,
// core/pdf/: layout, TrueType subsetting, deflate, the document) in a Web
// Worker of its own, so that the app's module (app.wasm) links none of it and
// the first visit downloads none of it. The app sends the letter's content as
// JSON (core/letter_json.h); worker.js (its --pre-js, after ../worker_base.js)
// hands it over here and posts the PDF's bytes back.
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "core/letter_json.h"
#include "core/letter_pdf.h"

extern "C" {

// The PDF of the letter `json`, malloc'd (the caller frees it): `*size` bytes
// when `*ok`, else the error's message (French, UTF-8) of `*size` bytes.
EMSCRIPTEN_KEEPALIVE char* pdf_make(const char* json, int* size, int* ok) {
  auto content = relance::letter_content_from_json(json);
  const std::string out = content ? relance::letter_pdf(*content) : content.error().message();
  *ok = content ? 1 : 0;
  *size = static_cast<int>(out.size());
  char* p = static_cast<char*>(std::malloc(out.size() + 1));
  std::memcpy(p, out.data(), out.size());
  return p;
}

}  // extern "C"
