#!/usr/bin/env bash
# Regenerates the subset fonts in assets/fonts/ from Debian's Noto Sans.
# Not part of the build: the subsets are committed. Needs fonts-noto-core and
# python3-fonttools (apt-get install fonts-noto-core python3-fonttools).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/fonts/truetype/noto
# Latin-1, Latin Extended-A (Œ œ and European names), ƒ, Romanian Ș ș Ț ț,
# ẞ (U+1E9E), the ligature characters ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ, a few spacing modifiers
# (ʻ ʼ ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝) and the common combining accents; Greek (monotonic,
# U+0370-03FF) and Cyrillic (U+0400-045F: Russian, Ukrainian with Ґ ґ,
# Belarusian, Bulgarian, Serbian, Macedonian); typographic punctuation
# (’ « » – — … • ‰ ‹ ›), narrow no-break space, currency signs (€ ₽ ₴...),
# № ™, minus sign. The letters warn about text the font cannot print
# (core/letters.cpp, unsupported_script(), reads the embedded font's cmap).
# These are the letters' fonts: the PDF module (web/pdf/) embeds them.
ranges="U+0020-007E,U+00A0-017F,U+0192,U+0218-021B,U+02BB-02BC,U+02C6-02C7,U+02D8-02DD,U+0300-0308,U+030A-030C,U+0327-0328,U+0370-03FF,U+0400-045F,U+0490-0491,U+1E9E,U+2000-206F,U+20A0-20BF,U+2116,U+2122,U+2212,U+FB00-FB06,U+FFFD"
for style in Regular Bold; do
  /usr/bin/python3 -m fontTools.subset "$src/NotoSans-$style.ttf" \
    --unicodes="$ranges" --no-hinting --desubroutinize \
    --layout-features='' --name-IDs='*' --name-legacy --name-languages='*' \
    --drop-tables+=GSUB,GPOS,GDEF,DSIG \
    --output-file="$here/assets/fonts/NotoSans-$style.ttf"
done
# The browser app's own fonts, assets/fonts/ui/: only what ImGui draws
# (web/ui.cpp kGlyphRanges: Latin-1, Latin Extended-A, typographic
# punctuation, €, ™, minus sign, U+FFFD), half the size of the letters' ones;
# names kept: family, style, copyright and licence.
ui_ranges="U+0020-017F,U+2010-203A,U+20AC,U+2122,U+2212,U+FFFD"
mkdir -p "$here/assets/fonts/ui"
for style in Regular Bold; do
  /usr/bin/python3 -m fontTools.subset "$src/NotoSans-$style.ttf" \
    --unicodes="$ui_ranges" --no-hinting --desubroutinize \
    --layout-features='' --name-IDs='0,1,2,3,4,5,6,13,14' \
    --drop-tables+=GSUB,GPOS,GDEF,DSIG \
    --output-file="$here/assets/fonts/ui/NotoSans-$style.ttf"
done
ls -l "$here/assets/fonts" "$here/assets/fonts/ui"
