#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and ASan + UBSan into build/fuzz:
# the core as its own clang build of the top-level CMake project (only the
# relance_core target, so the g++ build in build/native is untouched), then
# one binary per fuzz/fuzz_*.cpp.
#   fuzz/build.sh            → build/fuzz/bin/fuzz_<target>
# Needs clang and libclang-rt-dev (scripts/setup.sh installs them).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/build/fuzz"
jobs=${JOBS:-2}
cxx=${FUZZ_CXX:-clang++}
cc=${FUZZ_CC:-clang}
command -v "$cxx" >/dev/null || { echo "fuzz/build.sh: $cxx not found (apt-get install clang)" >&2; exit 1; }

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
cmake -S "$here" -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$out" --target relance_core -j "$jobs"

mkdir -p "$out/bin"
lib="$out/core/librelance_core.a"
pids=()
for src in "$here"/fuzz/fuzz_*.cpp; do
  name=$(basename "$src" .cpp)
  bin="$out/bin/$name"
  if [ -x "$bin" ] && [ "$bin" -nt "$src" ] && [ "$bin" -nt "$lib" ] && [ "$bin" -nt "$here/fuzz/fuzz_common.h" ]; then
    continue
  fi
  echo "fuzz: building $name"
  "$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -fno-omit-frame-pointer -I"$here" -isystem "$out/deps-include" "$src" "$lib" -lpugixml -lz -o "$bin" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
ls "$out/bin"
