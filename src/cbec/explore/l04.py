"""Lesson 04's what-if explorer: what one inquiry must be worth before a yuan of P4P spend on
国际站's broad keywords (行业大词) returns as much as a dollar of 速卖通 campaign spend.

The value per inquiry is the learner's assumption, moved with a slider; the chart draws what the
shipped data give for it. It holds no answer, so this module ships in the student release as it
is. Money per money is unitless, so the yuan (P4P) and the dollars (campaigns) never need an
exchange rate.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from cbec import data

# Yuan per inquiry: the slider and the chart reach this far so that the value the course's own
# inquiries imply (a few hundred dollars, in yuan at any current rate) is on the chart, not off it.
TOP_VALUE = 3000
LOW_VALUE = 10  # the left end of the log axis; a slider at 0 draws no point


def p4p_inquiries(keywords: pd.DataFrame) -> pd.Series:
    """Inquiries credited to P4P: each row's inquiries × P4P's share of that row's clicks
    (an assumption; the data do not say which click an inquiry came from)."""
    clicks = keywords["organic_clicks"] + keywords["p4p_clicks"]
    share = (keywords["p4p_clicks"] / clicks.where(clicks > 0)).fillna(0.0)
    return keywords["inquiries"] * share


@lru_cache(maxsize=1)
def _broad_cost_per_inquiry() -> float:
    rows = data.load("alibaba_keyword_days")
    broad = rows[rows["keyword_type"] == "行业大词"]
    return float(broad["p4p_cost_cny"].sum() / p4p_inquiries(broad).sum())


@lru_cache(maxsize=1)
def _campaign_roas() -> float:
    campaigns = data.load("aliexpress_campaigns")
    return float(campaigns["revenue_usd"].sum() / campaigns["spend_usd"].sum())


def _read_value(value_cny) -> float | None:
    """The learner's value as a number on the slider's range, or None (with a note) if it is not
    a number; a value off the range is clamped, and the note says so."""
    try:
        value = float(value_cny)
    except (TypeError, ValueError):
        print(f"inquiry_value 需要一个数（元），例如 inquiry_value(150)；你给的是 {value_cny!r}。")
        return None
    if value != value:  # NaN
        print("inquiry_value 需要一个数（元），你给的是 NaN。")
        return None
    clamped = min(max(value, 0.0), float(TOP_VALUE))
    if clamped != value:
        print(f"{value:g} 元不在 0 到 {TOP_VALUE:,} 元之间，按 {clamped:,g} 元画。")
    return clamped


def _draw(value: float, cost: float, roas: float) -> None:
    grid = np.geomspace(LOW_VALUE, TOP_VALUE, 81)
    _, ax = plt.subplots(figsize=(6.5, 3.4))
    ax.plot(grid, grid / cost, label="国际站行业大词 P4P：询盘价值 ÷ 花费")
    ax.axhline(roas, color="tab:orange", label="速卖通推广活动：ROAS")
    if value >= LOW_VALUE:
        ax.plot([value], [value / cost], "o", color="black")
    ax.set(
        title="假设一条询盘值多少元，两种推广每花 1 元换回多少（合成数据）",
        xlabel="假设：一条询盘带来的销售额（元，对数坐标）",
        ylabel="每 1 元（美元）花费换回的销售额（对数坐标）",
        xscale="log",
        yscale="log",
        xlim=(LOW_VALUE, TOP_VALUE),
    )
    # Plain numbers on the log axes: learners read 元 and ratios, not powers of ten.
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:g}"))
    ax.legend(fontsize=8, loc="upper left")
    plt.show()


def inquiry_value(value_cny: float) -> None:
    """Sales returned per yuan of broad-keyword P4P spend, if one inquiry is worth ``value_cny``
    yuan of sales, drawn against 速卖通's campaign ROAS."""
    value = _read_value(value_cny)
    if value is None:
        return
    cost, roas = _broad_cost_per_inquiry(), _campaign_roas()
    _draw(value, cost, roas)
    # :g, not :.0f, so a slider step such as 182.5 reads as it is stored.
    print(
        f"一条询盘值 {value:g} 元时：国际站行业大词 P4P 每花 1 元换回约 {value / cost:.2f} 元；"
        f"速卖通推广每花 1 美元换回 {roas:.2f} 美元。"
    )
