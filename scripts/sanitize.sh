#!/usr/bin/env bash
# Builds the core, the CLI, the test suite and the web shell's UI tests with AddressSanitizer and
# UndefinedBehaviorSanitizer (g++, -DRELANCE_SANITIZE=ON) in build/asan and
# runs ctest there: any leak, overflow, use after free or undefined behaviour
# fails the run.
#   scripts/sanitize.sh            → build/asan, RelWithDebInfo
#   BUILD_TYPE=Debug scripts/sanitize.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/build/asan"
jobs=${JOBS:-2}
cmake -S "$here" -B "$out" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DRELANCE_SANITIZE=ON >/dev/null
targets=(relance_tests)
# The generator check (bench/) is a ctest entry too when bench/ exists.
if [ -f "$here/bench/CMakeLists.txt" ]; then targets+=(relance_bench_check); fi
# The web shell's native UI tests too, when the ImGui sources are there
# (CMakeLists.txt adds them under the same condition).
# (the production link's check, relance_web_prod_tests, with them).
if [ -f "$here/build/deps/imgui-1.86/imgui.cpp" ]; then targets+=(relance_web_tests relance_web_prod_tests); fi
cmake --build "$out" -j "$jobs" --target "${targets[@]}"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$out"
ctest --output-on-failure -j "$jobs"
echo "sanitize: core and tests clean under ASan + UBSan"
