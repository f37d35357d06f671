"""Make the CJK font that ships in ``src/cbec/fonts/``: a subset of Noto Sans CJK SC.

    apt-get install fonts-noto-cjk      # Debian's package, SIL Open Font License 1.1
    python tools/make_font_subset.py [SOURCE.ttc] [OUTPUT.otf]

The subset keeps printable ASCII, every character of GB2312 (the 6,763 common simplified
hanzi and their punctuation), full-width forms and a few symbols used in charts. That covers
the course's text at about a tenth of the full font's size. The family is renamed, as the OFL
expects of a modified font, so it never shadows a full Noto Sans CJK SC a learner has installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUTPUT = ROOT / "src" / "cbec" / "fonts" / "NotoSansSC-Regular-subset.otf"
FAMILY = "Noto Sans SC Course Subset"
POSTSCRIPT = "NotoSansSCCourseSubset-Regular"
EXTRA = "★☆✓✔✗✘→←↑↓×÷±≤≥≈−·•…％‰€£¥$①②③④⑤"
RANGES = [(0x20, 0x7E), (0x2010, 0x2027), (0x2030, 0x203A), (0x3000, 0x303F), (0xFF01, 0xFF5E)]


def gb2312_characters() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xFF):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def character_set() -> set[str]:
    chars = gb2312_characters() | set(EXTRA)
    for low, high in RANGES:
        chars |= {chr(c) for c in range(low, high + 1)}
    return chars


def simplified_chinese_face(source: Path):
    for font in TTCollection(str(source)).fonts:
        if font["name"].getDebugName(1) == "Noto Sans CJK SC":
            return font
    raise SystemExit(f"{source} has no 'Noto Sans CJK SC' face")


def rename(font) -> None:
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = POSTSCRIPT
    font["CFF "].cff.fontNames = [POSTSCRIPT]


def main(source: Path = SOURCE, output: Path = OUTPUT) -> None:
    font = simplified_chinese_face(source)
    options = subset.Options()
    options.hinting = False  # screen rendering in matplotlib does not use it; saves ~20%
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(character_set())))
    subsetter.subset(font)
    rename(font)
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    glyphs = len(font.getGlyphOrder())
    print(f"{output}: {output.stat().st_size / 1e6:.2f} MB, {glyphs} glyphs, family {FAMILY!r}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:3]))
