"""Short, readable forms of test inputs and results, for the feedback on a failing public case.

A learner whose function fails a case needs to see that case: what went in, what should have
come out and what did. Tables are summarised (shape, columns, the first rows), never dumped.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np
import pandas as pd

from cbec.answer_codec import DatasetArg

PREVIEW_ROWS = 3
SERIES_VALUES = 8
TEXT_LIMIT = 80


def _scalar(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):.6g}" if isinstance(value, float) else str(value)
    text = repr(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _frame(frame: pd.DataFrame) -> str:
    rows, cols = frame.shape
    columns = "、".join(str(c) for c in frame.columns)
    text = f"DataFrame（{rows} 行 × {cols} 列，列：{columns}）"
    if rows > 0 and cols <= 6:
        head = frame.head(PREVIEW_ROWS).itertuples(index=False, name=None)
        shown = "；".join("[" + ", ".join(_scalar(v) for v in row) + "]" for row in head)
        text += f"，{'前 ' + str(PREVIEW_ROWS) + ' 行' if rows > PREVIEW_ROWS else '各行'}：{shown}"
    return text


def _series(series: pd.Series) -> str:
    pairs = list(zip(series.index, series.tolist(), strict=True))
    shown = ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in pairs[:SERIES_VALUES])
    more = f"，共 {len(series)} 个值" if len(series) > SERIES_VALUES else ""
    return f"Series {{{shown}{', …' if more else ''}}}{more}"


def show(value: Any) -> str:
    """``value`` in one short line."""
    if isinstance(value, DatasetArg):
        return f"数据集 {value.name}（即 data.load({value.name!r})）"
    if isinstance(value, pd.DataFrame):
        return _frame(value)
    if isinstance(value, pd.Series):
        return _series(value)
    return _scalar(value)


def first_difference(expected: pd.DataFrame, got: pd.DataFrame) -> tuple[int, int] | None:
    """The (row, column) position of the first cell where ``got`` reads differently from
    ``expected`` as shown (6 significant figures), by position in ``expected``'s order; None
    when the tables cannot be lined up cell by cell or read the same."""
    if got.shape != expected.shape or set(got.columns) != set(expected.columns):
        return None
    # reindex, not got[list]: a list of bool labels would be read as a mask.
    got = got.reindex(columns=expected.columns)
    for r in range(len(expected)):
        for c in range(expected.shape[1]):
            if _scalar(expected.iloc[r, c]) != _scalar(got.iloc[r, c]):
                return r, c
    return None


def _difference_line(expected: Any, got: Any, values: bool) -> str | None:
    if not isinstance(expected, pd.DataFrame) or not isinstance(got, pd.DataFrame):
        return None
    if show(expected) != show(got):
        return None  # the previews differ already: they show the difference
    where = first_difference(expected, got)
    if where is None:
        return None
    r, c = where
    label, column = _scalar(expected.index[r]), _scalar(expected.columns[c])
    line = f"两张表的前几行相同；第一个不同之处在第 {label} 行、列 {column}"
    if not values:
        return line + "。"
    returned = got.reindex(columns=expected.columns).iloc[r, c]
    return f"{line}：预期 {_scalar(expected.iloc[r, c])}，你的函数返回 {_scalar(returned)}。"


def case_report(args: tuple, expected: Any, outcome, values: bool = True) -> str:
    """The input, the expected value and what the function returned (or raised).

    Two tables whose previews read the same are not shown twice: the report names the first
    differing cell instead (with both values unless ``values`` is False, as a sealed check says).
    """
    lines = [f"输入：({', '.join(show(a) for a in args)})", f"预期返回：{show(expected)}"]
    if not outcome.error:
        same = _difference_line(expected, outcome.value, values)
        lines.append(same if same else f"你的函数返回：{show(outcome.value)}")
    return "\n".join(lines)
