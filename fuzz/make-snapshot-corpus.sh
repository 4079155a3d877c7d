#!/usr/bin/env bash
# Writes the seed images of fuzz_snapshot (fuzz/corpus/snapshot/) from the
# ledger seeds of fuzz_ledger, the sample ledger and a small generated
# ledger, with the CLI's `relance snapshot write`. Run it again when the
# snapshot format changes (tests/unit-snapshot.cpp checks the seeds read).
# Needs the native build (scripts/build.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
relance="$here/build/native/relance"
gen="$here/build/native/bench/relance_gen_ledger"
out="$here/fuzz/corpus/snapshot"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
for seed in small mappings custom-rates; do
  "$relance" snapshot write "$here/fuzz/corpus/ledger/$seed.json" "$out/$seed.bin" >/dev/null
done
"$relance" sample -o "$tmp/sample.json"
"$relance" snapshot write "$tmp/sample.json" "$out/sample.bin" >/dev/null
"$gen" --invoices 15 --seed 3 --json "$tmp/gen.json" >/dev/null
"$relance" snapshot write "$tmp/gen.json" "$out/generated-15.bin" >/dev/null
# Texts apart: the image alone is refused (its texts are missing), which
# the fuzzer explores too.
"$relance" snapshot write "$tmp/gen.json" "$out/generated-15-texts-apart.bin" --texts "$tmp/texts.json" >/dev/null
ls -l "$out"
