#!/usr/bin/env bash
# Runs the browser tests against the dev site build/web-dev (the app with
# window.relance.dev), and site.test.mjs also against the production site
# build/web. Build both first with scripts/build-web.sh; this script builds
# nothing. Exits non-zero on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
for s in web-dev web; do
  if [ ! -f "$root/build/$s/app.wasm" ]; then
    echo "e2e: $root/build/$s/app.wasm missing: run scripts/build-web.sh first" >&2
    exit 1
  fi
done
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "e2e: playwright-core missing: run scripts/setup.sh (or npm ci in tests/e2e)" >&2
  exit 1
fi
cd "$here"
# One test file at a time: Chromium with SwiftShader wants both cores. A
# test still running after 15 minutes fails (the longest take about 3 on a
# loaded 2-core machine) instead of holding the run until CI's own limit.
exec node --test --test-concurrency=1 --test-timeout=900000 "$@" ./*.test.mjs
