#!/usr/bin/env bash
# Sets up what is missing, builds, and serves the app on localhost.
#   scripts/run.sh            → http://127.0.0.1:8080/
#   PORT=9000 scripts/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-8080}
"$here/scripts/setup.sh"
# The production site only (build/web): no window.relance.dev, no benchmark code.
WEB_SITES=prod "$here/scripts/build.sh"
echo
echo "Relance: http://127.0.0.1:$port/  (Ctrl+C to stop; the site is build/web/, copy it to any static host)"
cd "$here/build/web"
exec python3 -m http.server "$port" --bind 127.0.0.1
