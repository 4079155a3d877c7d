#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every test: the core and CLI
# suite (doctest through ctest, PDFs checked with qpdf and poppler), the
# browser suite (Playwright driving Chromium against build/web), the core
# suite again under AddressSanitizer + UndefinedBehaviorSanitizer, and a
# short run of every fuzzer (libFuzzer, FUZZ_SECONDS each, default 15).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"

echo "== core, CLI and documents (ctest)"
(cd "$here/build/native" && ctest --output-on-failure -j 2)

echo "== browser (Playwright + Chromium)"
"$here/tests/e2e/run.sh"

echo "== core under ASan + UBSan"
"$here/scripts/sanitize.sh"

echo "== fuzzers, ${FUZZ_SECONDS:-15} s each"
"$here/fuzz/run.sh" "${FUZZ_SECONDS:-15}"
