#!/bin/sh
# Builds the self-hosted web fonts in public/fonts/ from Debian's Noto Sans.
#
#   apt-get install -y python3-fonttools python3-brotli fonts-noto-core
#   sh scripts/subset-fonts.sh
#
# Output: public/fonts/noto-sans-400.woff2, noto-sans-700.woff2 and OFL.txt; assets/fonts/noto-sans-{400,700}.ttf
# (the same subset as TrueType, for the PDFs the server writes) and a copy of OFL.txt beside them.
# The subset covers English, Russian, Kazakh (Cyrillic) and Polish plus common
# punctuation: Basic Latin, Latin-1, Latin Extended-A (ą ć ę ł ń ó ś ź ż),
# Cyrillic incl. the Kazakh letters (Ә Ғ Қ Ң Ө Ұ Ү Һ І), dashes, quotes,
# ellipsis, per mille, guillemets, euro, numero and minus (U+2212 is asked for, but
# Noto Sans 2.004 has no such glyph, so browsers draw it from the fallback font).
# Hinting is dropped (modern renderers ignore most of it) to keep each file small.
set -eu

SRC_DIR=${NOTO_DIR:-/usr/share/fonts/truetype/noto}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT_DIR="$ROOT/public/fonts"
UNICODES='U+0020-007E,U+00A0-00FF,U+0100-017F,U+0400-045F,U+0490-04FF,U+2010-2027,U+2030-203A,U+20AC,U+2116,U+2212'
FEATURES='kern,liga,calt,ccmp,locl,mark,mkmk'

# Debian installs the pyftsubset command with the "fonttools" package; with only
# python3-fonttools, run the module with the system Python (not a pyenv/venv one).
if command -v pyftsubset >/dev/null 2>&1; then
  SUBSET=pyftsubset
elif /usr/bin/python3 -c 'import fontTools.subset, brotli' >/dev/null 2>&1; then
  SUBSET='/usr/bin/python3 -m fontTools.subset'
else
  echo "subset-fonts: need fontTools and brotli: apt-get install -y python3-fonttools python3-brotli" >&2
  exit 1
fi

mkdir -p "$OUT_DIR"

subset() { # $1 source file name, $2 output weight
  src="$SRC_DIR/$1"
  [ -f "$src" ] || { echo "subset-fonts: missing $src (apt-get install -y fonts-noto-core)" >&2; exit 1; }
  $SUBSET "$src" \
    --output-file="$OUT_DIR/noto-sans-$2.woff2" \
    --flavor=woff2 \
    --layout-features="$FEATURES" \
    --unicodes="$UNICODES" \
    --no-hinting \
    --drop-tables+=DSIG \
    --name-IDs='0,1,2,3,4,5,6,13,14' \
    --name-languages=0x409 \
    --notdef-outline
  echo "$(wc -c < "$OUT_DIR/noto-sans-$2.woff2") bytes  public/fonts/noto-sans-$2.woff2"
}

subset NotoSans-Regular.ttf 400
subset NotoSans-Bold.ttf 700

# The same subset as TrueType, embedded in the PDFs the server writes (pdfkit reads TTF), plus arrows and
# the multiplication sign for tables. Not served to browsers.
PDF_DIR="$ROOT/assets/fonts"
mkdir -p "$PDF_DIR"
pdf_subset() { # $1 source file name, $2 output weight
  $SUBSET "$SRC_DIR/$1" \
    --output-file="$PDF_DIR/noto-sans-$2.ttf" \
    --layout-features="$FEATURES" \
    --unicodes="$UNICODES,U+00D7,U+2190-2193" \
    --no-hinting \
    --drop-tables+=DSIG \
    --name-IDs='0,1,2,3,4,5,6,13,14' \
    --name-languages=0x409 \
    --notdef-outline
  echo "$(wc -c < "$PDF_DIR/noto-sans-$2.ttf") bytes  assets/fonts/noto-sans-$2.ttf"
}
pdf_subset NotoSans-Regular.ttf 400
pdf_subset NotoSans-Bold.ttf 700

# fonts-noto-core ships no separate OFL.txt: the licence text lives in the Debian
# copyright file (with Debian's leading-space / " ." formatting). Rebuild a plain
# OFL.txt from it, headed by the copyright notice embedded in the font itself.
COPYRIGHT_FILE=/usr/share/doc/fonts-noto-core/copyright
{
  /usr/bin/python3 - "$SRC_DIR/NotoSans-Regular.ttf" <<'PY'
import sys
from fontTools.ttLib import TTFont
name = TTFont(sys.argv[1])['name']
print(name.getDebugName(0) or 'Copyright Google LLC.')
print('Noto Sans, subset for this site by scripts/subset-fonts.sh (Reserved Font Name: none).')
print()
print('This Font Software is licensed under the SIL Open Font License, Version 1.1.')
print('This license is copied below, and is also available with a FAQ at:')
print('https://openfontlicense.org')
print()
print('-----------------------------------------------------------')
print('SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007')
print('-----------------------------------------------------------')
print()
PY
  # A stand-alone paragraph starts after a blank line (the other "License: OFL-1.1"
  # lines belong to "Files:" paragraphs).
  awk '
    grab && !/^ / { exit }
    grab { sub(/^ /, ""); if ($0 == ".") $0 = ""; print; next }
    prev == "" && /^License: OFL-1.1$/ { grab = 1 }
    { prev = $0 }
  ' "$COPYRIGHT_FILE"
} > "$OUT_DIR/OFL.txt"
echo "$(wc -c < "$OUT_DIR/OFL.txt") bytes  public/fonts/OFL.txt (from $COPYRIGHT_FILE)"
cp "$OUT_DIR/OFL.txt" "$PDF_DIR/OFL.txt"
