#!/usr/bin/env bash
# Sets up what is missing, builds, and runs every test: the core and CLI
# suite (doctest through ctest, PDFs checked with qpdf and poppler), then the
# browser suite (Playwright driving Chromium against build/web).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"

echo "== core, CLI and documents (ctest)"
(cd "$here/build/native" && ctest --output-on-failure -j 2)

echo "== browser (Playwright + Chromium)"
"$here/tests/e2e/run.sh"
