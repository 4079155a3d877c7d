#!/usr/bin/env bash
# Builds the browser app into build/web/ (index.html, app.js, app.wasm,
# sw.js, manifest, icons): the folder to copy to any static host.
# Uses its own build tree, build/web-build/. Needs scripts/setup.sh once.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# Debian's emscripten needs Debian's JS modules (acorn...) on Node's path.
export NODE_PATH=/usr/share/nodejs
tree="$here/build/web-build"
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

if [ ! -f "$tree/CMakeCache.txt" ]; then
  emcmake cmake -S "$here" -B "$tree" -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$tree" --target relance_app -j "$jobs"
echo "build-web: site in $here/build/web"
ls -l "$here/build/web"
