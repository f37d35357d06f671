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


def case_report(args: tuple, expected: Any, outcome) -> str:
    """The input, the expected value and what the function returned (or raised)."""
    lines = [f"输入：({', '.join(show(a) for a in args)})", f"预期返回：{show(expected)}"]
    if not outcome.error:
        lines.append(f"你的函数返回：{show(outcome.value)}")
    return "\n".join(lines)
