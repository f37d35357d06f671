"""Chinese text renders with the shipped font: no "Glyph … missing" warning, even with no
system CJK font. The warnings are turned into errors, and a control run without the course
style proves that this test can fail."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import seaborn as sns
from matplotlib import font_manager

from cbec import style

LABELS = "人货场：国际站与速卖通的买家画像（B2B 与 B2C）询盘率 ¥€ −5% RFQ P4P KOL 橱窗 ★ ✔ ✗ “引号”《书名》"


def _draw_chinese_figure():
    fig, ax = plt.subplots()
    sns.barplot(x=["国际站", "速卖通"], y=[3000, 26], ax=ax)
    ax.set_title(LABELS)
    ax.set_xlabel("平台")
    ax.set_ylabel("订单金额中位数（美元）")
    fig.canvas.draw()
    plt.close(fig)


def test_chinese_labels_render_without_glyph_warnings():
    style.use()
    family = style.register_cjk_font()
    assert family in {f.name for f in font_manager.fontManager.ttflist}
    assert matplotlib.rcParams["font.family"][0] == family
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw_chinese_figure()


def test_without_the_course_style_glyphs_go_missing():
    # matplotlib's own font, as a learner without style.use() would have on a machine with no
    # CJK font; naming it explicitly keeps any system font out of the control.
    sns.set_theme(rc={"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]})
    with pytest.raises(UserWarning, match="Glyph"), warnings.catch_warnings():
        warnings.simplefilter("error")
        _draw_chinese_figure()
    style.use()


def test_registering_twice_adds_the_font_once():
    style.use()
    style.use()
    family = style.register_cjk_font()
    assert sum(f.name == family for f in font_manager.fontManager.ttflist) == 1
