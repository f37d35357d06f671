"""Make the CJK font that ships in ``src/cbec/fonts/``: a subset of Noto Sans CJK SC Regular.

    apt-get install fonts-noto-cjk        # Debian's package, SIL Open Font License 1.1
    pip install "fonttools>=4,<5"
    python tools/make_font_subset.py [SOURCE.ttc] [OUTPUT.otf]

The subset keeps printable ASCII, every character of GB2312 (6,763 simplified hanzi plus
its punctuation, symbols, kana, Greek and Cyrillic), full-width forms, CJK and general
punctuation, and a few symbols used in charts. That covers the course's text at about a
tenth of the full font's size. The family is renamed, as the OFL expects of a modified
font, so that it never shadows a full Noto Sans CJK SC that a learner has installed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

# The repository root is the parent of this script's folder (tools/).
ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUTPUT = ROOT / "src" / "cbec" / "fonts" / "NotoSansSC-Regular-subset.otf"

# The face to take from the collection, and the names the subset gets instead.
SOURCE_FAMILY = "Noto Sans CJK SC"
FAMILY = "Noto Sans SC Course Subset"
POSTSCRIPT = "NotoSansSCCourseSubset-Regular"  # name ID 6: no spaces allowed

# Code point ranges, inclusive: printable ASCII, general punctuation (dashes, quotes,
# ellipsis, per mille, guillemets), CJK symbols and punctuation (、。《》【】...),
# and full-width ASCII forms (！％（）：；？...).
RANGES = [
    (0x0020, 0x007E),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x3000, 0x303F),
    (0xFF01, 0xFF5E),
]
# Symbols used in charts and course text, and the characters of the course's own name.
EXTRA = "★☆✓✔✗✘→←↑↓×÷±≤≥≈−·•…％‰€£¥$①②③④⑤诚企橱窗速卖通"


def gb2312_characters() -> set[str]:
    """Every character GB2312 can encode: decode all two-byte sequences A1A1..FEFE."""
    chars = set()
    for high in range(0xA1, 0xFF):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # an unassigned position in the code table
    return chars


def character_set() -> set[str]:
    """The characters the subset keeps."""
    chars = gb2312_characters() | set(EXTRA)
    for low, high in RANGES:
        chars |= {chr(code) for code in range(low, high + 1)}
    return chars


def simplified_chinese_face(source: Path) -> TTFont:
    """The face of the collection whose family (name ID 1) is Noto Sans CJK SC."""
    for font in TTCollection(str(source)).fonts:
        if font["name"].getDebugName(1) == SOURCE_FAMILY:
            return font
    raise SystemExit(f"{source} has no {SOURCE_FAMILY!r} face")


def rename(font: TTFont) -> None:
    """Give the subset its own family name, in every platform and language record."""
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):  # family, full name, typographic family
            record.string = FAMILY
        elif record.nameID == 6:  # PostScript name
            record.string = POSTSCRIPT
        elif record.nameID == 3:  # unique ID, e.g. "2.004;GOOG;NotoSansCJKsc-Regular;ADOBE"
            record.string = record.toUnicode().replace("NotoSansCJKsc-Regular", POSTSCRIPT)
    # The CFF table keeps its own copy of the names (in the .ttc it is shared by all
    # faces and says "JP"); make it agree with the name table.
    cff = font["CFF "].cff
    cff.fontNames = [POSTSCRIPT]
    top = cff.topDictIndex[0]
    top.FamilyName = FAMILY
    top.FullName = FAMILY


def make_subset(source: Path, output: Path) -> TTFont:
    font = simplified_chinese_face(source)
    options = subset.Options()
    # Drop the CFF hints: FreeType's autohinter does as well at screen sizes, and the
    # hints are about a fifth of the outlines' size.
    options.hinting = False
    # fontTools' default features cover CJK layout (vert/vrt2 for vertical text,
    # halt/vhal and chws for punctuation spacing, kern); add the proportional and
    # width variants too. Leave out "locl": in this face it only maps hanzi to their
    # Japanese, Korean and Traditional Chinese forms, which Simplified Chinese text
    # never asks for, and those ~5,800 glyphs would double the file (1.6 -> 2.8 MB).
    features = [f for f in options.layout_features if f != "locl"]
    options.layout_features = [*features, "palt", "fwid", "hwid", "pwid"]
    options.name_IDs = ["*"]  # keep copyright, licence and version records
    options.name_languages = ["*"]  # and the Chinese-language family name
    options.notdef_outline = True  # a visible box for characters the subset lacks
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(character_set())))
    subsetter.subset(font)
    rename(font)
    # Keep the source's modification date, so that a rerun writes the same bytes.
    font.recalcTimestamp = False
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return font


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE, help=f"default {SOURCE}")
    parser.add_argument("output", nargs="?", type=Path, default=OUTPUT, help="default src/cbec/fonts/...")
    args = parser.parse_args()
    font = make_subset(args.source, args.output)
    size = args.output.stat().st_size
    glyphs = len(font.getGlyphOrder())
    print(f"{args.output}: {size:,} bytes ({size / 2**20:.2f} MiB), {glyphs} glyphs, family {FAMILY!r}")
    # Characters asked for that Noto Sans CJK SC itself does not have (a few rare
    # punctuation marks in the ranges, and the heavy check and ballot marks): text
    # using them needs a fallback font, such as matplotlib's own DejaVu Sans.
    cmap = font.getBestCmap()
    absent = "".join(sorted(c for c in character_set() if ord(c) not in cmap))
    if absent:
        print(f"not in the source font ({len(absent)}): {' '.join(f'U+{ord(c):04X}' for c in absent)}")


if __name__ == "__main__":
    main()
