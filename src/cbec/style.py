"""One call for the course's plotting style: ``style.use()``.

It sets the seaborn theme and a CJK font, so Chinese titles and labels render on any machine,
including one with no Chinese font installed. The font is a subset of Noto Sans SC
(SIL Open Font License) that ships inside this package and is registered at run time: no
root rights, no font-cache rebuild.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FONT_FILE = "NotoSansSC-Regular-subset.otf"
# Glyphs missing from the CJK subset (rare symbols) fall back to matplotlib's own font.
FALLBACK_FONT = "DejaVu Sans"
PALETTE = "colorblind"


def font_path() -> Path:
    return Path(str(resources.files("cbec") / "fonts" / FONT_FILE))


def register_cjk_font() -> str:
    """Register the shipped CJK font with matplotlib and return its family name."""
    from matplotlib import font_manager

    path = font_path()
    family = font_manager.FontProperties(fname=path).get_name()
    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if family not in known:
        font_manager.fontManager.addfont(str(path))
    return family


def use(context: str = "notebook", figsize: tuple[float, float] = (7.0, 3.6)) -> None:
    """Apply the course theme with the CJK font. Returns nothing, so a notebook cell shows nothing."""
    import seaborn as sns

    family = register_cjk_font()
    # set_theme resets the font list, so the font goes in through its rc, which it applies last.
    sns.set_theme(
        context=context,
        style="whitegrid",
        palette=PALETTE,
        rc={
            # Named families, not "sans-serif": matplotlib only falls back glyph by glyph
            # along an explicit list, and Noto lacks a few symbols (✔ ✗ ✘) DejaVu has.
            "font.family": [family, FALLBACK_FONT],
            "font.sans-serif": [family, FALLBACK_FONT],
            "axes.unicode_minus": False,
            "figure.figsize": figsize,
            "figure.dpi": 100,
        },
    )
