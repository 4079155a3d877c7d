#!/usr/bin/env bash
# Builds everything: the native core, CLI and tests (build/native) and the
# browser app (build/web, and the dev site build/web-dev for the browser
# tests: scripts/build-web.sh; WEB_SITES=prod for build/web only). Needs
# scripts/setup.sh once.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
cmake -S "$here" -B "$here/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$here/build/native" -j "$jobs"
if [ "${RELANCE_SKIP_WEB:-0}" != 1 ]; then
  JOBS=$jobs "$here/scripts/build-web.sh"
fi
