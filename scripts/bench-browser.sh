#!/usr/bin/env bash
# The browser benchmark (bench/browser/README.md): builds the native
# generator and the dev web app (relance_app_dev, with window.relance.dev)
# in trees of its own (build/bench-browser-native, build/web-build-bench →
# build/web-bench; never build/web), writes a
# generated ledger as JSON and CSV, times the core natively on it, then runs
# bench/browser/bench.mjs in headless Chromium. Prints the machine and a
# Markdown table; keeps a copy in build/bench-browser/results.md and every
# number in build/bench-browser/results.json.
#
#   scripts/bench-browser.sh                       # 100,000 invoices, 60 s idle: ~10 min
#   N=10000 IDLE=10 scripts/bench-browser.sh       # quicker
#   ONLY=start,ui scripts/bench-browser.sh         # some phases (start,json,core,ui,persist,idle,csv)
#   SRC=/path/to/tree scripts/bench-browser.sh     # build another source tree (a snapshot)
#   NO_BUILD=1 scripts/bench-browser.sh            # use what is built
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=${SRC:-$here}
n=${N:-100000}
idle=${IDLE:-60}
reps=${REPS:-3}
sample=${SAMPLE:-0}  # open late invoices whose penalties are timed (0: all)
only=${ONLY:-}
jobs=${JOBS:-2}
out="$here/build/bench-browser"
native="$here/build/bench-browser-native"
webtree="$here/build/web-build-bench"
site="$here/build/web-bench"
mkdir -p "$out"
export NODE_PATH=/usr/share/nodejs  # Debian's emscripten needs Debian's JS modules

if [ -z "${NO_BUILD:-}" ]; then
  cmake -S "$src" -B "$native" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$native" -j "$jobs" --target relance_gen_ledger >/dev/null
  # The dev app (window.relance.dev.bench and dev.command): relance_app_dev;
  # a source tree from before the dev build had them in relance_app.
  # (its production app, never built here, would go to build/web-bench-prod)
  app=relance_app_dev webout=(-DRELANCE_WEB_DEV_OUT="$site" -DRELANCE_WEB_OUT="$site-prod")
  if ! grep -q relance_app_dev "$src/web/CMakeLists.txt"; then app=relance_app webout=(-DRELANCE_WEB_OUT="$site"); fi
  emcmake cmake -S "$src" -B "$webtree" -DCMAKE_BUILD_TYPE=Release \
    -DRELANCE_IMGUI_DIR="$here/build/deps/imgui-1.86" "${webout[@]}" >/dev/null
  cmake --build "$webtree" -j "$jobs" --target "$app" >/dev/null
fi
gen="$native/bench/relance_gen_ledger"
if [ ! -f "$out/ledger-$n.json" ] || [ ! -f "$out/invoices-$n.csv" ]; then
  echo "bench-browser: generating $n invoices..." >&2
  "$gen" --invoices "$n" --json "$out/ledger-$n.json" --csv "$out/invoices-$n.csv"
fi
echo "bench-browser: core timings, native..." >&2
"$gen" --invoices "$n" --time "$reps" --penalties-sample "$sample" > "$out/native-$n.json"

{
  echo "### Machine"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')$( [ "$src" != "$here" ] && echo ", sources from $src$( [ -f "$src/SNAPSHOT" ] && echo " ($(cat "$src/SNAPSHOT"))")")"
  echo "- cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), nproc $(nproc); memory $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "- browser: $(/usr/bin/chromium --version 2>/dev/null | head -1), headless, SwiftShader WebGL; $(node --version); $(emcc --version 2>/dev/null | head -1)"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: N=$n IDLE=$idle REPS=$reps SAMPLE=$sample${only:+ ONLY=$only} scripts/bench-browser.sh"
  echo
  node "$here/bench/browser/bench.mjs" --site "$site" --data "$out" --n "$n" --idle "$idle" --reps "$reps" \
    --sample "$sample" --native "$out/native-$n.json" --out "$out/results.json" ${only:+--only "$only"}
  echo
  echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/results.md"
