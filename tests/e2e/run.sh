#!/usr/bin/env bash
# Runs the browser tests against build/web (build it first with
# scripts/build-web.sh; this script builds nothing). Exits non-zero on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ ! -f "$root/build/web/app.wasm" ]; then
  echo "e2e: $root/build/web/app.wasm missing: run scripts/build-web.sh first" >&2
  exit 1
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "e2e: playwright-core missing: run scripts/setup.sh (or npm ci in tests/e2e)" >&2
  exit 1
fi
cd "$here"
# One test file at a time: Chromium with SwiftShader wants both cores.
exec node --test --test-concurrency=1 "$@" ./*.test.mjs
