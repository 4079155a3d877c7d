# Compiled dependencies of the core, one target each:
#   relance_pugixml  XML (bank statements camt.053, e-invoices CII and UBL)
#   relance_zlib     inflate (the XML embedded in Factur-X PDFs)
# Natively they are Debian's -dev packages (libpugixml-dev, zlib1g-dev). The
# wasm build has no Emscripten ports here, so it compiles the sources that
# scripts/setup.sh takes with `apt-get source` into build/deps/.
set(RELANCE_DEPS_SRC "${CMAKE_SOURCE_DIR}/build/deps")

if(EMSCRIPTEN)
  set(pugi_dir "${RELANCE_DEPS_SRC}/pugixml-1.13/src")
  set(zlib_dir "${RELANCE_DEPS_SRC}/zlib-1.2.13")
  foreach(probe "${pugi_dir}/pugixml.cpp" "${zlib_dir}/inflate.c")
    if(NOT EXISTS "${probe}")
      message(FATAL_ERROR "${probe} is missing: run scripts/setup.sh")
    endif()
  endforeach()

  add_library(relance_pugixml STATIC "${pugi_dir}/pugixml.cpp")
  target_include_directories(relance_pugixml SYSTEM PUBLIC "${pugi_dir}")
  # Emscripten ignores exceptions by default (a throw aborts the app): the
  # core only uses pugixml's non-throwing API, and the library is told so.
  target_compile_definitions(relance_pugixml PUBLIC PUGIXML_NO_EXCEPTIONS)
  target_compile_options(relance_pugixml PRIVATE -w)

  # Only what inflate and crc32 need: no gz* file functions, no deflate.
  add_library(relance_zlib STATIC
    "${zlib_dir}/adler32.c" "${zlib_dir}/crc32.c" "${zlib_dir}/inffast.c"
    "${zlib_dir}/inflate.c" "${zlib_dir}/inftrees.c" "${zlib_dir}/zutil.c")
  target_include_directories(relance_zlib SYSTEM PUBLIC "${zlib_dir}")
  target_compile_options(relance_zlib PRIVATE -w)
else()
  find_package(pugixml REQUIRED)
  find_package(ZLIB REQUIRED)
  add_library(relance_pugixml INTERFACE)
  target_link_libraries(relance_pugixml INTERFACE pugixml::pugixml)
  add_library(relance_zlib INTERFACE)
  target_link_libraries(relance_zlib INTERFACE ZLIB::ZLIB)
endif()
