#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30), two at a time, and
# fails if any of them finds a crash, a sanitizer report, a leak, a timeout
# or a broken invariant. Builds them first (fuzz/build.sh).
#   fuzz/run.sh            → 30 s per target
#   fuzz/run.sh 20         → 20 s per target (CI)
#   fuzz/run.sh 600 csv    → 10 min on fuzz_csv only
# Seeds come from fuzz/corpus/<target>/ (read only); what the fuzzer learns
# accumulates in build/fuzz/corpus/<target>/, findings in
# build/fuzz/artifacts/<target>/ (crash-*, leak-*, timeout-*: minimize with
# build/fuzz/bin/fuzz_<target> -minimize_crash=1 -runs=10000 <file>).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
shift || true
jobs=${JOBS:-2}
"$here/fuzz/build.sh" >/dev/null || { echo "fuzz/run.sh: build failed" >&2; exit 1; }

out="$here/build/fuzz"
if [ $# -gt 0 ]; then targets=("$@"); else
  targets=()
  for src in "$here"/fuzz/fuzz_*.cpp; do n=$(basename "$src" .cpp); targets+=("${n#fuzz_}"); done
fi

run_one() {
  local t=$1
  local work="$out/corpus/$t" art="$out/artifacts/$t" log="$out/logs/$t.log"
  mkdir -p "$work" "$art" "$out/logs"
  # -timeout: one input taking longer is a bug (the app would freeze);
  # generous because CI machines are shared. -rss_limit_mb likewise.
  "$out/bin/fuzz_$t" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 \
    -artifact_prefix="$art/" "$work" "$here/fuzz/corpus/$t" >"$log" 2>&1
  local rc=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [ $rc -eq 0 ]; then
    echo "fuzz_$t: ok, ${seconds} s, ${execs:-?} runs, corpus $(ls "$work" | wc -l) inputs"
  else
    echo "fuzz_$t: FAILED (exit $rc), see $log and $art/"
    grep -m1 -E 'ERROR: |FUZZ_CHECK failed|runtime error' "$log" | sed 's/^/    /'
  fi
  return $rc
}

failed=0
pids=()
names=()
for t in "${targets[@]}"; do
  run_one "$t" &
  pids+=($!)
  names+=("$t")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ $failed -eq 0 ] && echo "fuzz: all targets clean" || echo "fuzz: findings above"
exit $failed
