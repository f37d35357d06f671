"""Lesson 05's slider explorer: how C-side orders and later B-side wholesale inquiries move
together at a chosen lag. It draws what the data give for one lag; it holds no answer, so this
module ships in the student release as it is."""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
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


def _ratio_draws(group: pd.DataFrame, rng: np.random.Generator, draws: int) -> np.ndarray:
    """Bootstrap draws of (reused cost per view) ÷ (single-platform cost per view) for one type:
    each draw resamples the reused and the single-platform assets separately, with replacement."""
    per_arm = []
    for reused in (True, False):
        arm = group[group["reused"] == reused]
        picks = rng.integers(0, len(arm), size=(draws, len(arm)))
        per_arm.append(arm["cost"].to_numpy()[picks].sum(1) / arm["views"].to_numpy()[picks].sum(1))
    return per_arm[0] / per_arm[1]


def reuse_intervals(content: pd.DataFrame, draws: int = 2000, seed: int = 5) -> pd.DataFrame:
    """95 % bootstrap interval of the reuse cost ratio per asset type, with the assets per group.
    It shows the bounds only, so the ratio a learner computes stays the learner's."""
    frame = pd.DataFrame(
        {
            "asset_type": content["asset_type"].astype(str),
            "reused": content["reused"],
            "cost": content["production_cost_cny"] + content["adaptation_cost_cny"],
            "views": content["b_views"] + content["c_views"],
        }
    )
    rng = np.random.default_rng(seed)
    rows = {}
    for asset_type, group in frame.groupby("asset_type"):
        low, high = np.quantile(_ratio_draws(group, rng, draws), [0.025, 0.975])
        counts = group["reused"].value_counts()
        rows[asset_type] = {
            "n_single": counts.get(False, 0),
            "n_reused": counts.get(True, 0),
            "low": low,
            "high": high,
        }
    return pd.DataFrame(rows).T.astype({"n_single": int, "n_reused": int, "low": float, "high": float})
