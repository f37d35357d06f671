"""Lesson 03's price simulator: what a fitted constant-elasticity demand curve predicts at a price.

The curve is the learner's own fit, ``np.polyfit(np.log(price), np.log(units), 1)``, handed over
with ``use_fit(coefficients, unit_cost)``; the slider question's explorer ``price_simulator``
then prints, for each slider position, the predicted daily units, revenue and gross profit.
Pure arithmetic, no plotting: a slider move is answered in well under 50 ms. Like every explore
module it ships in the student release as it is, so it holds no answer: it neither fits a curve
nor searches for a best price.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class DemandCurve:
    """ln(units) = intercept + elasticity × ln(price), with the product's unit cost."""

    elasticity: float
    intercept: float
    unit_cost: float
    name: str = ""

    @classmethod
    def from_polyfit(cls, coefficients, unit_cost: float, name: str = "") -> DemandCurve:
        # np.polyfit(x, y, 1) returns [slope, intercept]: highest power first.
        slope, intercept = (float(c) for c in coefficients)
        return cls(slope, intercept, float(unit_cost), name)


def predicted_units(curve: DemandCurve, price: float) -> float:
    """Units a day the curve predicts at ``price`` (USD): exp(intercept) × price^elasticity."""
    if price <= 0:
        raise ValueError("price must be positive")
    return math.exp(curve.intercept) * price**curve.elasticity


def revenue(curve: DemandCurve, price: float) -> float:
    return price * predicted_units(curve, price)


def gross_profit(curve: DemandCurve, price: float) -> float:
    """(price − unit cost) × units: before platform fees and advertising."""
    return (price - curve.unit_cost) * predicted_units(curve, price)


def gross_margin(curve: DemandCurve, price: float) -> float:
    """Share of the price left after the unit cost: 1 − cost ÷ price (negative below cost)."""
    return 1 - curve.unit_cost / price


def simulate(curve: DemandCurve, price: float) -> dict[str, float]:
    return {
        "price": float(price),
        "units": predicted_units(curve, price),
        "revenue": revenue(curve, price),
        "profit": gross_profit(curve, price),
        "margin": gross_margin(curve, price),
    }


def report(curve: DemandCurve, price: float) -> str:
    """The simulated day in Chinese, one figure per line."""
    day = simulate(curve, price)
    name = f"{curve.name}，" if curve.name else ""
    return "\n".join(
        [
            f"{name}售价 {day['price']:.2f} 美元（你拟合的弹性 {curve.elasticity:.2f}，单位成本 {curve.unit_cost:.2f} 美元）",
            f"预测日销量　{day['units']:8.1f} 件",
            f"预测日收入　{day['revenue']:8.2f} 美元",
            f"预测日毛利　{day['profit']:8.2f} 美元（毛利 =（售价 − 单位成本）× 销量）",
            f"毛利率　　　{day['margin']:8.1%}",
        ]
    )


_current: dict[str, DemandCurve] = {}
NO_CURVE = "还没有拟合的需求曲线：先运行上面拟合弹性并调用 use_fit(...) 的单元格，再拖动滑块。"


def use(curve: DemandCurve) -> DemandCurve:
    """Make ``curve`` the one the slider's simulator reports on."""
    _current["curve"] = curve
    _redraw_explorers()
    return curve


def _redraw_explorers() -> None:
    # The slider under the question keeps its position; without this it would go on showing
    # the old curve's numbers until the learner moved it.
    from cbec.widgets import explorers_changed

    explorers_changed()


NOT_A_FIT = "use_fit 需要 np.polyfit(np.log(价格), np.log(销量), 1) 的结果（两个数：斜率和截距）。先把 ... 换成你的拟合。"


NO_PEAK = (
    "注意：你拟合的弹性是 {e:.2f}，不小于 −1。这条曲线上毛利没有最高点，价格越高毛利越大。"
    "检查 x、y 的顺序（x 是 np.log(价格)，y 是 np.log(销量)）和是否取了对数。"
)
IMPLAUSIBLE = "注意：你拟合的弹性是 {e:.3g}，远超常见范围（−10 到 0）。检查是否对价格和销量都取了对数。"


def fit_warnings(curve: DemandCurve) -> list[str]:
    """What looks wrong about a fit, in Chinese: an implausible slope (a fit on raw prices and
    units), or a slope of −1 or more, where profit has no maximum; a fit with x and y swapped
    usually lands there, so that note names the order of x and y."""
    e = curve.elasticity
    if not (math.isfinite(e) and math.isfinite(curve.intercept)) or abs(e) > 10:
        return [IMPLAUSIBLE.format(e=e)]
    return [NO_PEAK.format(e=e)] if e >= -1 else []


def use_fit(coefficients, unit_cost: float, name: str = "") -> DemandCurve | None:
    """``use`` for what ``np.polyfit`` returned; while the fit is still ``...``, say so and wait.
    A fit that looks wrong is used all the same, with a warning, so the learner sees its effect."""
    try:
        curve = DemandCurve.from_polyfit(coefficients, unit_cost, name)
    except (TypeError, ValueError):
        _current.clear()
        _redraw_explorers()
        print(NOT_A_FIT)
        return None
    for note in fit_warnings(curve):
        print(note)
    return use(curve)


def current() -> DemandCurve | None:
    return _current.get("curve")


NOT_A_PRICE = "售价要是大于 0 的数（美元），例如 price_simulator(4.5)。"


def price_simulator(price: float) -> None:
    """The slider question's explorer: the current curve's predicted day at ``price``."""
    curve = current()
    try:
        price = float(price)
    except (TypeError, ValueError):
        price = float("nan")
    if curve is None:
        print(NO_CURVE)
    elif not (math.isfinite(price) and price > 0):
        print(NOT_A_PRICE)
    else:
        print(report(curve, price))
