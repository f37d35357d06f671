"""The price simulator of lesson 03: its arithmetic, its report, the slider explorer that uses
the learner's own curve, the lesson's widget, and its speed (a slider move within 50 ms)."""

import ast
import math
import time
from pathlib import Path

import numpy as np
import pytest

from cbec.explore import l03 as sim
from cbec.explore.l03_widget import PriceSimulator

CURVE = sim.DemandCurve(elasticity=-2.0, intercept=math.log(400.0), unit_cost=3.0, name="测试品")


@pytest.fixture(autouse=True)
def no_current_curve():
    sim._current.clear()
    yield
    sim._current.clear()


def test_units_follow_the_constant_elasticity_curve():
    assert sim.predicted_units(CURVE, 2.0) == pytest.approx(100.0)
    assert sim.predicted_units(CURVE, 4.0) == pytest.approx(25.0)  # double the price, a quarter of the units
    with pytest.raises(ValueError):
        sim.predicted_units(CURVE, 0.0)


def test_revenue_profit_and_margin():
    assert sim.revenue(CURVE, 2.0) == pytest.approx(200.0)
    assert sim.gross_profit(CURVE, 2.0) == pytest.approx(-100.0)  # below unit cost: a loss
    assert sim.gross_profit(CURVE, 4.0) == pytest.approx(25.0)
    assert sim.gross_margin(CURVE, 4.0) == pytest.approx(0.25)
    assert sim.simulate(CURVE, 4.0) == pytest.approx(
        {"price": 4.0, "units": 25.0, "revenue": 100.0, "profit": 25.0, "margin": 0.25}
    )


def test_revenue_falls_with_price_when_elastic_and_rises_when_inelastic():
    inelastic = sim.DemandCurve(-0.5, 3.0, 1.0)
    assert sim.revenue(CURVE, 2.0) > sim.revenue(CURVE, 3.0)
    assert sim.revenue(inelastic, 2.0) < sim.revenue(inelastic, 3.0)
    unit = sim.DemandCurve(-1.0, 3.0, 1.0)
    assert sim.revenue(unit, 2.0) == pytest.approx(sim.revenue(unit, 3.0))  # flat at ε = −1


def test_profit_peaks_at_the_lerner_price():
    best = CURVE.unit_cost * CURVE.elasticity / (1 + CURVE.elasticity)
    grid = np.linspace(3.1, 12, 2000)
    profits = [sim.gross_profit(CURVE, p) for p in grid]
    assert grid[int(np.argmax(profits))] == pytest.approx(best, abs=0.01)


def test_a_curve_is_made_from_what_polyfit_returns():
    x = np.log([2.0, 3.0, 4.0, 5.0])
    fit = np.polyfit(x, 6.0 - 1.5 * x, 1)
    curve = sim.DemandCurve.from_polyfit(fit, unit_cost=2.5, name="AE-T9")
    assert curve.elasticity == pytest.approx(-1.5) and curve.intercept == pytest.approx(6.0)
    assert curve.unit_cost == 2.5 and curve.name == "AE-T9"


def test_the_report_states_each_figure_with_its_unit():
    text = sim.report(CURVE, 4.0)
    assert "测试品" in text and "4.00 美元" in text and "-2.00" in text
    assert "25.0 件" in text and "100.00 美元" in text and "25.00 美元" in text and "25.0%" in text


def test_the_explorer_asks_for_a_fit_first_then_uses_the_learners_curve(capsys):
    sim.price_simulator(4.0)
    assert "还没有拟合" in capsys.readouterr().out
    assert sim.use(CURVE) is CURVE and sim.current() is CURVE
    sim.price_simulator(4.0)
    assert "预测日毛利" in capsys.readouterr().out


def test_use_fit_takes_what_polyfit_returns_and_waits_while_the_fit_is_still_ellipsis(capsys):
    assert sim.use_fit(..., unit_cost=3.0) is None and sim.current() is None
    assert "把 ... 换成" in capsys.readouterr().out
    curve = sim.use_fit(np.array([-2.0, math.log(400.0)]), unit_cost=3.0, name="测试品")
    assert curve == CURVE and sim.current() == CURVE


def test_the_explorer_answers_a_slider_move_within_50_ms(capsys):
    sim.use(CURVE)
    prices = np.round(np.arange(2.0, 9.0, 0.1), 1)
    start = time.perf_counter()
    for price in prices:
        sim.price_simulator(price)
    per_move = (time.perf_counter() - start) / len(prices)
    capsys.readouterr()
    assert per_move < 0.05, f"{per_move * 1000:.1f} ms per slider move"


def test_the_explorer_module_holds_no_answer():
    from cbec.exercises import l03 as bank

    source = Path(sim.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    called = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    }
    assert not called & {"polyfit", "load", "argmax", "idxmax", "minimize_scalar"}  # no fit, no search
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "data" not in imported
    assert f"{bank.q7.expected():.1f}" not in source and f"{bank.q7.expected():.2f}" not in source


def test_the_lesson_widget_reports_below_its_slider_and_shows_a_fixed_text():
    widget = PriceSimulator(CURVE, low=2.0, high=8.0, value=4.0)
    assert widget.slider.min == 2.0 and widget.slider.max == 8.0 and widget.slider.value == 4.0
    assert "25.0 件" in widget.shown
    widget.slider.value = 2.0
    assert "100.0 件" in widget.shown and "100.0 件" in widget.view.value
    assert widget._repr_mimebundle_()["text/plain"] == "[价格模拟器：请在 JupyterLab 中拖动滑块]"


def test_use_fit_warns_on_a_fit_without_a_profit_maximum_or_an_implausible_slope(capsys):
    assert sim.use_fit(np.array([-2.0, 6.0]), unit_cost=3.0) is not None
    assert capsys.readouterr().out == ""
    sim.use_fit(np.array([-0.42, 3.1]), unit_cost=3.0)  # x and y swapped
    assert "没有最高点" in capsys.readouterr().out and sim.current().elasticity == -0.42
    sim.use_fit(np.array([-40.2, 233.9]), unit_cost=3.0)  # raw prices and units
    assert "远超常见范围" in capsys.readouterr().out


def test_the_explorer_answers_a_price_of_zero_or_less_in_chinese(capsys):
    sim.use(CURVE)
    for price in (0, -3, "abc"):
        sim.price_simulator(price)
        assert "大于 0" in capsys.readouterr().out


def test_a_new_fit_tells_the_explorers_to_redraw():
    """Refitting the curve bumps the explorers' version, so the slider's report is redrawn."""
    from cbec import widgets

    before = widgets._explorers_version
    sim.use(sim.DemandCurve(elasticity=-2.0, intercept=7.0, unit_cost=3.2, name="t"))
    assert widgets._explorers_version == before + 1
