#!/usr/bin/env bash
# Builds the browser app, compiled once and linked twice (web/CMakeLists.txt):
#   build/web/      the production site (index.html, app.js, app.wasm, sw.js,
#                   readers.js + readers.wasm: the file readers, a Web Worker,
#                   manifest, icons): the folder to copy to any static host,
#                   what scripts/run.sh serves; no window.relance.dev, no
#                   benchmark code;
#   build/web-dev/  the same site with window.relance.dev and the benchmark
#                   hooks, for tests/e2e and scripts/bench-browser.sh.
# Uses its own build tree, build/web-build/. Needs scripts/setup.sh once.
#   scripts/build-web.sh                  # both
#   WEB_SITES=prod scripts/build-web.sh   # build/web only (WEB_SITES=dev: build/web-dev only)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# Debian's emscripten needs Debian's JS modules (acorn...) on Node's path.
export NODE_PATH=/usr/share/nodejs
tree="$here/build/web-build"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
targets=()
for s in ${WEB_SITES:-prod dev}; do
  case "$s" in
    prod) targets+=(relance_app) ;;
    dev) targets+=(relance_app_dev) ;;
    *) echo "build-web: WEB_SITES: prod and/or dev, not '$s'" >&2; exit 2 ;;
  esac
done

if [ ! -f "$tree/CMakeCache.txt" ]; then
  emcmake cmake -S "$here" -B "$tree" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$tree" --target "${targets[@]}" -j "$jobs"
for s in ${WEB_SITES:-prod dev}; do
  dir="$here/build/web"; [ "$s" = dev ] && dir="$here/build/web-dev"
  echo "build-web: $s site in $dir"
  ls -l "$dir"
done
