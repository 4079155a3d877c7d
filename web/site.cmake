# Copies the site files next to app.js/app.wasm and writes sw.js with a cache
# name derived from the content of every file it precaches.
# cmake -DSRC=<web dir> -DOUT=<site dir> -DFILES=<a;b;c> [-DRATES_DIR=<assets/rates>] -P site.cmake
# Whole-line // comments are left out of the JavaScript served (shell.js,
# sw.js): they are for the sources, and they cost the first visit ~0.8 KB gzip.
function(strip_line_comments text out)
  string(REGEX REPLACE "(^|\n)[ \t]*//[^\n]*" "" t "${text}")
  set(${out} "${t}" PARENT_SCOPE)
endfunction()

foreach(f ${FILES})
  get_filename_component(dir "${OUT}/${f}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  if(f MATCHES "\\.js$")
    file(READ "${SRC}/${f}" js)
    strip_line_comments("${js}" js)
    file(WRITE "${OUT}/${f}.tmp" "${js}")
    file(COPY_FILE "${OUT}/${f}.tmp" "${OUT}/${f}" ONLY_IF_DIFFERENT)
    file(REMOVE "${OUT}/${f}.tmp")
  else()
    file(COPY_FILE "${SRC}/${f}" "${OUT}/${f}" ONLY_IF_DIFFERENT)
  endif()
endforeach()

# The rate tables as plain files, rates/<id>.json: precached so an offline
# start has them, then asked from the network first (web/sw.js.in), so a
# host's update reaches every user.
set(rates_files)
if(RATES_DIR)
  file(GLOB rates "${RATES_DIR}/*.json")
  file(MAKE_DIRECTORY "${OUT}/rates")
  foreach(f ${rates})
    get_filename_component(name "${f}" NAME)
    file(COPY_FILE "${f}" "${OUT}/rates/${name}" ONLY_IF_DIFFERENT)
    list(APPEND rates_files "rates/${name}")
  endforeach()
endif()

set(hash_input "")
set(precache "./" ${FILES} app.js app.wasm ${rates_files})
# The lazily loaded modules (readers.js + readers.wasm: on the first import;
# pdf.js + pdf.wasm: on the first letter downloaded): never fetched at install;
# cached by the service worker when fetched. In the hash, so a new module
# comes with a new cache.
set(lazy readers.js readers.wasm pdf.js pdf.wasm)
set(lazy_text "")
foreach(f ${lazy})
  file(SHA256 "${OUT}/${f}" h)
  string(APPEND hash_input "${f}:${h}\n")
  if(lazy_text)
    string(APPEND lazy_text ", ")
  endif()
  string(APPEND lazy_text "'${f}'")
endforeach()
set(list_text "")
foreach(f ${precache})
  if(NOT f STREQUAL "./")
    file(SHA256 "${OUT}/${f}" h)
    string(APPEND hash_input "${f}:${h}\n")
  endif()
  if(list_text)
    string(APPEND list_text ", ")
  endif()
  string(APPEND list_text "'${f}'")
endforeach()
file(READ "${SRC}/sw.js.in" sw_template)
string(APPEND hash_input "${sw_template}")
string(SHA256 build_hash "${hash_input}")
string(SUBSTRING "${build_hash}" 0 16 RELANCE_BUILD_HASH)
set(RELANCE_PRECACHE "${list_text}")
set(RELANCE_LAZY "${lazy_text}")
string(CONFIGURE "${sw_template}" sw_text @ONLY)
strip_line_comments("${sw_text}" sw_text)
file(WRITE "${OUT}/sw.js.tmp" "${sw_text}")
file(COPY_FILE "${OUT}/sw.js.tmp" "${OUT}/sw.js" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}/sw.js.tmp")
