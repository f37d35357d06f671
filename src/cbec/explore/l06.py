"""Lesson 06's slider explorer: what a chosen growth rate for 2024 makes of 2023's total, drawn
beside MOFCOM's forecast and the customs outturn. It draws what the rate the learner picks
implies; it holds no answer, so this module ships in the student release as it is."""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt

from cbec import data


@lru_cache(maxsize=1)
def _figures() -> dict[str, float]:
    """2023's first release, 2024's forecast and 2024's first outturn, from the shipped tables."""
    macro = data.load("macro_cbec").set_index("year")["first_release_trn_cny"]
    detail = data.load("macro_cbec_detail")
    forecast = detail.loc[detail["measure"] == "全年规模预测", "trn_cny"].iloc[0]
    return {"base": float(macro[2023]), "forecast": float(forecast), "outturn": float(macro[2024])}


def growth_path(growth_pct: float) -> None:
    """Bars: 2023's first release, 2024 at ``growth_pct`` % on it, the forecast and the outturn."""
    f = _figures()
    implied = f["base"] * (1 + float(growth_pct) / 100)
    labels = [
        "2023 首次发布",
        f"2024 按 {float(growth_pct):.1f}% 增长",
        "2024 商务部预计",
        "2024 海关首次发布",
    ]
    _, ax = plt.subplots(figsize=(6.5, 3.2))
    ax.bar(labels, [f["base"], implied, f["forecast"], f["outturn"]], color=["C7", "C0", "C1", "C2"])
    ax.set(
        title="2024 年跨境电商进出口：按假设增速推算、预测与实际（真实数据）",
        xlabel="",
        ylabel="进出口总额（万亿元）",
        ylim=(0, 3.5),
    )
    plt.show()
    print(
        f"增速 {float(growth_pct):.1f}%：2024 年为 {implied:.2f} 万亿元；"
        f"与商务部的预计相差 {implied - f['forecast']:+.2f} 万亿元"
    )
