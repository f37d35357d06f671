"""Lesson 01's slider explorers. Each function draws what the learner sees for one slider
position; none holds an answer, so this module ships in the student release as it is."""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from cbec import data

DECADES = [0.001, 0.01, 0.1, 1, 10, 100, 1000]


@lru_cache(maxsize=1)
def _order_values() -> dict[str, np.ndarray]:
    buyers = data.load("buyer_profiles")
    by_platform = buyers.groupby("platform", observed=True)["order_value_usd"]
    return {str(platform): np.sort(values.to_numpy()) for platform, values in by_platform}


def _share_at_least(values: np.ndarray, threshold: float) -> float:
    return float((values >= threshold).mean())


def order_value_threshold(thousand_usd: float) -> None:
    """For each platform, the share of buyers whose first order is at least ``thousand_usd``
    thousand USD: the whole curve, the slider's position on it, and the two shares in words."""
    threshold = float(thousand_usd)
    values = _order_values()
    _, ax = plt.subplots(figsize=(7, 3.2))
    for platform, sorted_values in values.items():
        at_least = 100 * (1 - np.arange(len(sorted_values)) / len(sorted_values))
        ax.step(sorted_values / 1000, at_least, where="post", label=platform)
    ax.axvline(threshold, color="black", linestyle="--", linewidth=1)
    # The 25% line is what the key-account question reads against; where a curve meets it
    # still has to be found by moving the threshold.
    ax.axhline(25, color="grey", linestyle=":", linewidth=1)
    ax.set(
        xscale="log",
        title="首单金额不低于门槛的买家占比",
        xlabel="门槛（千美元，对数坐标）",
        ylabel="买家占比（%）",
    )
    # Fixed decade ticks without minor ticks: a log axis otherwise spends most of a redraw
    # laying out ticks, and the slider redraws on every move.
    ax.xaxis.set_major_locator(FixedLocator(DECADES))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax.legend(title="平台")
    plt.show()
    shares = pd.Series({p: _share_at_least(v, 1000 * threshold) for p, v in values.items()})
    lines = [f"{platform}：{share:.1%}" for platform, share in shares.items()]
    print(
        f"门槛 {thousand_usd:g} 千美元（{1000 * threshold:,.0f} 美元）时，首单金额不低于门槛的买家占比　"
        + "　".join(lines)
    )
