#!/usr/bin/env bash
# Makes the fonts of the printable certificate (assets/fonts/, read by app/credentials/certificate-fonts.ts)
# from Debian's Noto packages, and copies their licence beside them. Decision and coverage:
# docs/decisions/032-certificate-fonts.md.
#
#   apt-get install -y fonts-noto-core fonts-noto-cjk python3-fonttools
#   bash scripts/make-certificate-fonts.sh
#
# The same package versions give byte-identical files (the script prints their SHA-256 sums; the ADR records
# them). pyftsubset is fontTools' subsetter: Debian's python3-fonttools ships it as `python3 -m
# fontTools.subset` without the `pyftsubset` wrapper, so it is called that way, with Debian's own Python.
#
# pyftsubset options used:
#   --unicodes / --unicodes-file   the characters kept (and every glyph they need)
#   --layout-features=ccmp         Noto Sans keeps only glyph composition (a letter with combining marks);
#                                  no ligatures, so that copied or extracted text is always the letters typed
#   --layout-features=''           the CJK face keeps no OpenType layout at all
#   --drop-tables+=GPOS            pdf-lib places glyphs by their advance widths only: positioning is unused
#   --drop-tables+=vhea,vmtx       the certificate sets no vertical text
#   --no-hinting                   print and PDF viewers do not need TrueType hinting instructions
#   --name-IDs='*'                 keep every name record: copyright, trademark, licence and its address
#   --font-number=2                the Simplified Chinese face (NotoSansCJKsc) of the .ttc collection
# pyftsubset keeps the font's own modification date (it does not recalculate it), so its output depends on its
# input and options only.
#
# Two steps follow with fontTools (see finish() below):
# - The CJK face is CFF (PostScript) outlines, which @pdf-lib/fontkit 1.1.1 cannot subset into a valid PDF font
#   (poppler rejects the embedded file). Its outlines become TrueType quadratic curves, within one font unit
#   (1/1000 em) of the originals.
# - Every glyph's data is padded to four bytes. fontkit's subsetter copies glyph data as it is and writes short
#   (halved) offsets when its subset is small, which loses any glyph at an odd offset.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/assets/fonts"
python=/usr/bin/python3
sans_dir=/usr/share/fonts/truetype/noto
cjk_collection=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

# The versions the committed files were made with; others work, but their output differs.
declare -A made_with=(
	[fonts-noto-core]='20201225-1'
	[fonts-noto-cjk]='1:20220127+repack1-1'
	[python3-fonttools]='4.38.0-1+deb12u1'
)
for package in "${!made_with[@]}"; do
	version="$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || true)"
	if [[ -z "$version" ]]; then
		echo "The Debian package $package is not installed: apt-get install -y fonts-noto-core fonts-noto-cjk python3-fonttools" >&2
		exit 1
	fi
	if [[ "$version" != "${made_with[$package]}" ]]; then
		echo "Note: $package is $version here; the committed fonts were made with ${made_with[$package]}." >&2
	fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# Noto Sans: Latin with its extensions (Vietnamese included), IPA letters and modifier letters (ə, ʻ), the
# combining marks, Greek (with polytonic), Cyrillic (with its supplement and extensions), general punctuation,
# super- and subscripts, currency and letterlike signs, the f-ligature characters, and U+FFFD, which stands in
# for a character no font of the certificate has.
sans_unicodes='U+0020-007E,U+00A0-036F,U+0370-03FF,U+0400-052F,U+1C80-1C8F,U+1E00-1FFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-218F,U+2C60-2C7F,U+2DE0-2DFF,U+A640-A69F,U+A720-A7FF,U+FB00-FB06,U+FFFD'
for weight in Regular Bold; do
	"$python" -m fontTools.subset "$sans_dir/NotoSans-$weight.ttf" \
		--unicodes="$sans_unicodes" \
		--layout-features=ccmp \
		--drop-tables+=GPOS \
		--no-hinting \
		--name-IDs='*' \
		--output-file="$work/NotoSans-$weight.ttf"
done

# The CJK face: every character of the national standard sets GB 2312 (Simplified Chinese, 6,763 Hanzi),
# JIS X 0208 (Japanese, 6,355 Kanji, with Windows' extensions) and KS X 1001 (Korean, with 4,888 Hanja), the
# 5,401 frequent Hanzi of Big5 (Traditional Chinese, level 1), every Hangul syllable (11,172) and compatibility
# jamo, the kana blocks, CJK punctuation and the full- and half-width forms. The standard sets are read from
# Python's own codecs, so the list needs no file from elsewhere.
"$python" - "$work/cjk-unicodes.txt" <<'PYTHON'
import sys

def characters(codec, leads, trails):
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found

row = range(0xA1, 0xFF)
wanted = set()
wanted |= characters('gb2312', range(0xA1, 0xF8), row)
# Windows' Shift_JIS (cp932) is JIS X 0208 with the NEC and IBM extensions, whose kanji (髙, 﨑) are common in
# names; its user-defined area (private use) is left out.
shift_jis_leads = [*range(0x81, 0xA0), *range(0xE0, 0xFD)]
wanted |= characters('cp932', shift_jis_leads, [*range(0x40, 0x7F), *range(0x80, 0xFD)]) - set(range(0xE000, 0xF900))
wanted |= characters('euc_kr', range(0xA1, 0xFF), row)
# Big5 level 1 runs from A440 to C67E; each lead byte has trail bytes 40-7E and A1-FE.
wanted |= characters('big5', range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
for first, last in [(0x3000, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF), (0xAC00, 0xD7A3), (0xFF01, 0xFFEF)]:
    wanted |= set(range(first, last + 1))
with open(sys.argv[1], 'w') as listing:
    listing.write('\n'.join(f'U+{code:04X}' for code in sorted(wanted)) + '\n')
PYTHON
"$python" -m fontTools.subset "$cjk_collection" \
	--font-number=2 \
	--unicodes-file="$work/cjk-unicodes.txt" \
	--layout-features='' \
	--drop-tables+=GPOS,vhea,vmtx \
	--no-hinting \
	--name-IDs='*' \
	--output-file="$work/NotoSansCJKsc-Regular.otf"

# finish SOURCE TARGET: TrueType outlines (from CFF if need be), glyph data padded to four bytes, the font's
# dates kept as they are.
finish() {
	"$python" - "$1" "$2" <<'PYTHON'
import sys
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

source, target = sys.argv[1], sys.argv[2]
font = TTFont(source, recalcTimestamp=False)
if 'CFF ' in font:
    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyf = newTable('glyf')
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(outlines)
        # PostScript contours run anticlockwise, TrueType ones clockwise.
        outlines[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font['CFF ']
    if 'VORG' in font:
        del font['VORG']
    font['glyf'] = glyf
    font['loca'] = newTable('loca')
    font['head'].glyphDataFormat = 0
    maxp = font['maxp']
    maxp.tableVersion = 0x00010000
    # The fields TrueType adds to maxp that compiling does not compute: no hinting, so none are used.
    for field in ('maxTwilightPoints', 'maxStorage', 'maxFunctionDefs', 'maxInstructionDefs',
                  'maxStackElements', 'maxSizeOfInstructions', 'maxComponentElements'):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font['post'].formatType = 3.0
    font.sfntVersion = '\0\1\0\0'
font['glyf'].padding = 4
font.save(target)
PYTHON
}

finish "$work/NotoSans-Regular.ttf" "$out/NotoSans-Regular-subset.ttf"
finish "$work/NotoSans-Bold.ttf" "$out/NotoSans-Bold-subset.ttf"
finish "$work/NotoSansCJKsc-Regular.otf" "$out/NotoSansCJKsc-Regular-subset.ttf"

# The licence: the SIL Open Font License 1.1 as Debian ships it with each package, and its plain text.
cp /usr/share/doc/fonts-noto-core/copyright "$out/fonts-noto-core.copyright"
cp /usr/share/doc/fonts-noto-cjk/copyright "$out/fonts-noto-cjk.copyright"
# The licence paragraph of the CJK package's copyright file (the stand-alone one, with the text), without its
# indentation: Debian's format indents each line by a space and writes an empty line as ".".
"$python" - /usr/share/doc/fonts-noto-cjk/copyright "$out/OFL.txt" <<'PYTHON'
import sys

with open(sys.argv[1]) as copyright:
    paragraphs = copyright.read().split('\n\n')
licence = next(p for p in paragraphs if p.startswith('License: SIL-1.1\n '))
lines = [line[1:] for line in licence.split('\n')[1:]]
with open(sys.argv[2], 'w') as text:
    text.write('\n'.join('' if line == '.' else line for line in lines).rstrip('\n') + '\n')
PYTHON

cd "$out"
ls -l -- *.ttf
sha256sum -- *.ttf
