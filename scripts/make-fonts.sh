#!/usr/bin/env bash
# Regenerates the subset fonts in assets/fonts/ from Debian's Noto Sans.
# Not part of the build: the subsets are committed. Needs fonts-noto-core and
# python3-fonttools (apt-get install fonts-noto-core python3-fonttools).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/fonts/truetype/noto
# Latin-1, Latin Extended-A (Œ œ and European names), typographic punctuation
# (’ « » – — … • ‰ ‹ ›), narrow no-break space, €, ™, minus sign.
ranges="U+0020-007E,U+00A0-017F,U+0192,U+02C6,U+02DC,U+2010-2027,U+202F,U+2030-203A,U+20AC,U+2122,U+2212,U+FFFD"
for style in Regular Bold; do
  /usr/bin/python3 -m fontTools.subset "$src/NotoSans-$style.ttf" \
    --unicodes="$ranges" --no-hinting --desubroutinize \
    --layout-features='' --name-IDs='*' --name-legacy --name-languages='*' \
    --drop-tables+=GSUB,GPOS,GDEF,DSIG \
    --output-file="$here/assets/fonts/NotoSans-$style.ttf"
done
ls -l "$here/assets/fonts"
