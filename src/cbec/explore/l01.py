"""Lesson 01's slider explorers. Each function draws what the learner sees for one slider
position; none holds an answer, so this module ships in the student release as it is."""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from cbec import data


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
    threshold = 1000 * float(thousand_usd)
    values = _order_values()
    _, ax = plt.subplots(figsize=(7, 3.2))
    for platform, sorted_values in values.items():
        at_least = 100 * (1 - np.arange(len(sorted_values)) / len(sorted_values))
        ax.step(sorted_values, at_least, where="post", label=platform)
    ax.axvline(threshold, color="black", linestyle="--", linewidth=1)
    ax.set(
        xscale="log",
        title="首单金额不低于门槛的买家占比",
        xlabel="门槛（美元，对数坐标）",
        ylabel="买家占比（%）",
    )
    ax.legend(title="平台")
    plt.show()
    shares = pd.Series({p: _share_at_least(v, threshold) for p, v in values.items()})
    lines = [f"{platform}：{share:.1%}" for platform, share in shares.items()]
    print(
        f"门槛 {thousand_usd:g} 千美元（{threshold:,.0f} 美元）时，首单金额不低于门槛的买家占比　"
        + "　".join(lines)
    )
