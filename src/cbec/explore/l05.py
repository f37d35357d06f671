"""Lesson 05's slider explorer: how C-side orders and later B-side wholesale inquiries move
together at a chosen lag. It draws what the data give for one lag; it holds no answer, so this
module ships in the student release as it is."""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import pandas as pd

from cbec import data

KEYS = ["country", "product_line"]
LEAD, FOLLOW = "c_orders", "b_wholesale_inquiries"


@lru_cache(maxsize=1)
def _changes() -> pd.DataFrame:
    """Month-on-month changes of the two columns, within each country × product line."""
    rows = data.load("b2b2c_panel").sort_values([*KEYS, "month"]).reset_index(drop=True)
    changes = rows.groupby(KEYS, observed=True)[[LEAD, FOLLOW]].diff()
    return rows[KEYS].join(changes)


def _pairs(months: int) -> pd.DataFrame:
    changes = _changes()
    lagged = changes.groupby(KEYS, observed=True)[LEAD].shift(months)
    return changes.assign(lagged=lagged).dropna()


def _mean_correlation(pairs: pd.DataFrame) -> float:
    per_series = pairs.groupby(KEYS, observed=True).apply(
        lambda s: s["lagged"].corr(s[FOLLOW]), include_groups=False
    )
    return float(per_series.mean())


def lag_scatter(months: float) -> None:
    """The change in C-side orders ``months`` months earlier against this month's change in
    B-side wholesale inquiries, every series at once, with the mean correlation per series."""
    k = round(float(months))
    pairs = _pairs(k)
    _, ax = plt.subplots(figsize=(6.5, 3.4))
    ax.scatter(pairs["lagged"], pairs[FOLLOW], s=6, alpha=0.35)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set(
        title=f"C 端订单的变化（{k} 个月前）与本月 B 端批发询盘的变化（假想数据）",
        xlabel=f"{k} 个月前速卖通订单比上月的变化（单）",
        ylabel="本月批发询盘比上月的变化（条）",
    )
    plt.show()
    print(f"滞后 {k} 个月：32 条序列的平均相关系数 {_mean_correlation(pairs):.2f}（一阶差分后）")
