#!/usr/bin/env bash
# Builds the benchmark in Release (build/bench) and runs it: engine timings
# at 10k, 100k and 1M invoices, memory per invoice, JSON and CSV at 100k.
# Prints Markdown (machine first) and keeps a copy in build/bench/results.md.
#   scripts/bench.sh                                   → the full run (~5 min, ~3 GB RAM)
#   scripts/bench.sh --sizes 10000,100000 --no-io      → quicker
# Arguments go to relance_bench (see bench/README.md). Run it on a quiet
# machine: anything else running shows in the numbers.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/build/bench"
jobs=${JOBS:-2}
cmake -S "$here" -B "$out" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$out" -j "$jobs" --target relance_bench >/dev/null
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(--sizes 10000,100000,1000000)
{
  echo "## Machine"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), nproc $(nproc)"
  echo "- memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "- compiler: $(${CXX:-c++} --version | head -1), CMAKE_BUILD_TYPE=Release"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: build/bench/bench/relance_bench ${args[*]}"
  echo
  "$out/bench/relance_bench" "${args[@]}"
} | tee "$out/results.md"
