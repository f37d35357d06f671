"""What a chart shows, read back from the matplotlib objects that drew it.

``summarize(ax)`` turns an Axes (or a Figure, or a seaborn grid) into plain data: the kind of
chart, its title and axis labels, and its numbers (bar heights by tick label, line points,
scatter points). A plot question compares these summaries, never pictures, so pandas, seaborn
and raw matplotlib are judged alike, and a summary crosses from a grading kernel to the grader
as JSON.

``call_plot(func, args)`` runs a learner's (or a reference) plotting function on a fresh figure
and closes every figure the call opened: a check must not leave charts behind to be shown at
the end of the cell, nor draw onto a figure the learner is looking at.
"""

from __future__ import annotations

import copy
import datetime
import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from cbec.answer_codec import resolve
from cbec.questions.code import CallOutcome, quiet_about_test_data
from cbec.questions.mutation import changed_arguments

KINDS = {"bar": "柱状图（竖直的柱子）", "barh": "条形图（水平的条）", "line": "折线图", "scatter": "散点图"}
EMPTY = "empty"


def as_axes(drawn: Any) -> Any | None:
    """The Axes behind what a plotting function returned; None when it is not a chart."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(drawn, Axes):
        return drawn
    if isinstance(drawn, Figure):
        return drawn.axes[0] if drawn.axes else None
    # seaborn's FacetGrid / PairGrid / JointGrid hold their Axes
    for name in ("ax_joint", "axes", "ax"):
        try:
            held = getattr(drawn, name, None)
        except Exception:  # FacetGrid.ax refuses when there are several; any object may raise
            continue
        if isinstance(held, Axes):
            return held
        flat = getattr(held, "flat", None)
        if flat is not None:
            first = next(iter(flat), None)
            if isinstance(first, Axes):
                return first
    return None


def _label_text(text: str) -> str:
    """A tick label; numeric ones in one spelling (pandas writes 1, a formatter 1.0)."""
    cleaned = text.replace("\u2212", "-").strip()
    try:
        return f"{float(cleaned):g}"
    except ValueError:
        return cleaned


def _ticks(axis) -> list[tuple[float, str]]:
    """(location, label) of an axis's major ticks, as its formatter writes them."""
    locations = [float(x) for x in axis.get_majorticklocs()]
    try:
        texts = axis.get_major_formatter().format_ticks(locations)
    except Exception:
        texts = [""] * len(locations)
    return list(zip(locations, (_label_text(t) for t in texts), strict=True))


def _category(position: float, ticks: list[tuple[float, str]], reach: float) -> float | str:
    """The tick label at ``position`` (a category), else the position itself."""
    near = [(abs(loc - position), text) for loc, text in ticks if text and abs(loc - position) <= reach]
    if not near:
        return float(position)
    text = min(near)[1]
    try:
        return float(text)
    except ValueError:
        return text


def _bars(ax) -> tuple[str, list[list[Any]]] | None:
    from matplotlib.container import BarContainer

    containers = [c for c in ax.containers if isinstance(c, BarContainer) and len(c.patches)]
    if not containers:
        return None
    horizontal = all(getattr(c, "orientation", "vertical") == "horizontal" for c in containers)
    axis = ax.yaxis if horizontal else ax.xaxis
    ticks = _ticks(axis)
    bars = []
    for container in containers:
        for rect in container.patches:
            if horizontal:
                centre, value, size = (
                    rect.get_y() + rect.get_height() / 2,
                    rect.get_width(),
                    rect.get_height(),
                )
            else:
                centre, value, size = rect.get_x() + rect.get_width() / 2, rect.get_height(), rect.get_width()
            label = _category(centre, ticks, max(abs(size), 0.5))
            bars.append([str(label) if isinstance(label, str) else f"{label:g}", float(value)])
    return ("barh" if horizontal else "bar"), bars


def _date_text(value: Any) -> str | None:
    """A date or time as ISO text: pandas draws dates as periods, matplotlib as day numbers."""
    import pandas as pd

    if isinstance(value, pd.Period):
        value = value.to_timestamp()
    if not isinstance(value, datetime.date | np.datetime64):
        return None
    stamp = pd.Timestamp(value)
    return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()


def _position(x: float, ticks: list[tuple[float, str]], formatter) -> float | str:
    """A line's x: a category's label when the axis names it (a tick there, or pandas's
    formatter for a text index, which labels only some ticks), else the number."""
    from matplotlib.ticker import FuncFormatter

    found = _category(x, ticks, 1e-9)
    if isinstance(found, str) or not isinstance(formatter, FuncFormatter) or x != int(x):
        return found
    try:
        text = _label_text(str(formatter(x, None)))
    except Exception:
        return found
    try:
        float(text)
    except ValueError:
        return text or found
    return found


def _on_date_axis(axis) -> bool:
    from matplotlib import dates

    kinds = (dates.DateFormatter, dates.AutoDateFormatter, dates.ConciseDateFormatter)
    return isinstance(axis.get_major_formatter(), kinds)


def _x_values(line, ticks, dated: bool, formatter) -> list[float | str]:
    from matplotlib import dates

    values = []
    for value in line.get_xdata(orig=True):
        if dated and isinstance(value, numbers.Real):  # seaborn draws dates as day numbers
            value = dates.num2date(float(value)).replace(tzinfo=None)
        date = _date_text(value)
        if date is not None:
            values.append(date)
        elif isinstance(value, str):
            values.append(value)
        else:  # a position: on a category axis (pandas with a text index) its tick label
            values.append(_position(float(value), ticks, formatter))
    return values


def _data_lines(ax) -> list[Any]:
    # Reference lines (axhline, axvline) are drawn in axes coordinates: not data.
    return [line for line in ax.get_lines() if line.get_transform() == ax.transData and len(line.get_xdata())]


def _is_dots(line) -> bool:
    return line.get_linestyle() in ("None", "none", "", " ") and line.get_marker() not in (
        None,
        "None",
        "",
        " ",
    )


def _scatter_points(ax) -> list[list[Any]]:
    from matplotlib.collections import PathCollection

    points = []
    for collection in ax.collections:
        if isinstance(collection, PathCollection):
            points += [[float(x), float(y)] for x, y in collection.get_offsets()]
    return points


def _shapes(ax) -> dict[str, Any]:
    bars = _bars(ax)
    if bars:
        return {"kind": bars[0], "bars": bars[1]}
    ticks, dated = _ticks(ax.xaxis), _on_date_axis(ax.xaxis)
    lines = _data_lines(ax)
    points = _scatter_points(ax)
    points += [
        [x, float(y)]
        for ln in lines
        if _is_dots(ln)
        for x, y in zip(
            _x_values(ln, ticks, dated, ax.xaxis.get_major_formatter()), ln.get_ydata(), strict=True
        )
    ]
    drawn = [ln for ln in lines if not _is_dots(ln)]
    if drawn:
        return {
            "kind": "line",
            "lines": [
                {
                    "x": _x_values(ln, ticks, dated, ax.xaxis.get_major_formatter()),
                    "y": [float(y) for y in ln.get_ydata()],
                }
                for ln in drawn
            ],
        }
    if points:
        return {"kind": "scatter", "points": points}
    return {"kind": EMPTY}


def _title(ax) -> str:
    titles = [ax.get_title(loc) for loc in ("center", "left", "right")]
    suptitle = getattr(ax.figure, "_suptitle", None)
    titles.append(suptitle.get_text() if suptitle is not None else "")
    return next((t.strip() for t in titles if t.strip()), "")


def summarize(drawn: Any) -> dict[str, Any]:
    """What a chart shows, as JSON-ready data.

    ``kind`` is "bar", "barh", "line", "scatter" or "empty"; ``title``, ``xlabel`` and
    ``ylabel`` are the texts shown ("" when missing). Bars give ``bars``: [label, value] in
    drawn order, the label being the category's tick label. Lines give ``lines``: {"x", "y"},
    x values as numbers or, on a category axis, as labels. Scatter plots give ``points``.
    Raises TypeError when ``drawn`` is not a chart.
    """
    ax = as_axes(drawn)
    if ax is None:
        raise TypeError(f"not a matplotlib Axes or Figure: {type(drawn).__name__}")
    return {
        "title": _title(ax),
        "xlabel": ax.get_xlabel().strip(),
        "ylabel": ax.get_ylabel().strip(),
        **_shapes(ax),
    }


def _not_shown(*args: Any, **kwargs: Any) -> None:
    return None


def call_plot(func: Callable[..., Any], args: tuple) -> CallOutcome:
    """Call a plotting function on a copy of ``args``: its summary, None, or what it returned.

    The value is the summary of the chart; None when the function returned None; and
    {"returned": type name} when it returned something that is not a chart. Nothing is shown:
    ``plt.show`` does nothing during the call.
    """
    import matplotlib.pyplot as plt
    from matplotlib._pylab_helpers import Gcf

    before = set(plt.get_fignums())
    active = Gcf.get_active()
    plt.figure()  # seaborn and plt.* draw on the current figure: this one, not the learner's
    shown = plt.show
    plt.show = _not_shown  # a learner's plt.show() would put the check's chart under the cell
    try:
        given = copy.deepcopy(resolve(args))
        untouched = copy.deepcopy(given)
        with quiet_about_test_data():
            drawn = func(*given)
        changed = changed_arguments(func, untouched, given)
        if drawn is None:
            return CallOutcome(value=None, changed=changed)
        if as_axes(drawn) is None:
            return CallOutcome(value={"returned": type(drawn).__name__}, changed=changed)
        return CallOutcome(value=summarize(drawn), changed=changed)
    except Exception as err:
        return CallOutcome(error=f"{type(err).__name__}: {err}")
    finally:
        plt.show = shown
        for number in set(plt.get_fignums()) - before:
            plt.close(number)
        if active is not None and active.num in plt.get_fignums():
            plt.figure(active.num)


def close(a: float | str, b: float | str, rtol: float) -> bool:
    """Whether two drawn values agree: numbers within ``rtol``, labels exactly."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=rtol, abs_tol=1e-9)
