# relance_embed(OUT_CPP NAME file1 file2 ...): generates a C++ source that holds
# each file's bytes, reachable through relance::embedded_asset("relative/path").
# Assets are compiled in so the core stays free of file I/O and the CLI and the
# wasm app carry the same data.
function(relance_embed out_cpp)
  set(files ${ARGN})
  set(script "${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake")
  add_custom_command(
    OUTPUT "${out_cpp}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out_cpp} -DROOT=${CMAKE_SOURCE_DIR}/assets
            "-DFILES=${files}" -P "${script}"
    DEPENDS ${files} "${script}"
    COMMENT "Embedding assets"
    VERBATIM)
endfunction()
