"""Compare a learner's value with the expected one and explain the first difference in Chinese."""

from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

from cbec.questions.coerce import InvalidAnswerError, as_number, describe
from cbec.questions.rounding import is_any_rounding_of, is_rounding_of

# ``rounded`` in this module: False, True (a number may also be the expected one rounded to 3 or
# more significant figures) or COARSE (rounded in any way, e.g. to 1 figure or by ``.round(0)``).
COARSE = "coarse"


def _frame_difference(expected: pd.DataFrame, got: Any, rtol: float, rounded: bool | str) -> str | None:
    if not isinstance(got, pd.DataFrame):
        raise InvalidAnswerError(f"需要一个 DataFrame（表格），你给的是{describe(got)}。")
    missing = [c for c in expected.columns if c not in got.columns]
    extra = [c for c in got.columns if c not in expected.columns]
    if missing or extra:
        return f"列不对：缺少 {missing or '无'}，多出 {extra or '无'}。"
    if len(got) != len(expected):
        return f"你的表有 {len(got)} 行，应当有 {len(expected)} 行。"
    # reindex, not got[list(...)]: a list of bool labels (True/False columns of an unstack)
    # would be read as a mask.
    got = got.reindex(columns=expected.columns)
    try:
        pd.testing.assert_frame_equal(
            got,
            expected,
            check_dtype=False,
            check_exact=False,
            rtol=rtol,
            check_names=False,
            check_categorical=False,
            check_index_type=False,
            check_column_type=False,
        )
    except AssertionError:
        return _first_cell_difference(expected, got, rtol, rounded)
    return None


def _first_cell_difference(
    expected: pd.DataFrame, got: pd.DataFrame, rtol: float, rounded: bool | str
) -> str | None:
    if not got.index.equals(expected.index):
        return "行索引（index）与预期不同：检查分组、排序或是否需要 reset_index()。"
    for column in expected.columns:
        for label in expected.index:
            if not _scalars_match(expected.at[label, column], got.at[label, column], rtol, rounded):
                return f"第 {label!r} 行、列 {column!r} 的值是 {_show(got.at[label, column])}，与预期不符。"
    return None if rounded else "表格内容与预期不符。"


def _series_difference(expected: pd.Series, got: Any, rtol: float, rounded: bool | str) -> str | None:
    if not isinstance(got, pd.Series):
        raise InvalidAnswerError(f"需要一个 Series（一列数据），你给的是{describe(got)}。")
    if len(got) != len(expected):
        return f"你的结果有 {len(got)} 个值，应当有 {len(expected)} 个。"
    if sorted(map(str, got.index)) != sorted(map(str, expected.index)):
        return f"索引（index）与预期不同：应当是 {[str(i) for i in expected.index]}。"
    # Order does not matter: a groupby result sorted another way is still right.
    by_label = dict(zip(map(str, got.index), got.to_numpy(), strict=True))
    for label, value in zip(map(str, expected.index), expected.to_numpy(), strict=True):
        if not _scalars_match(value, by_label[label], rtol, rounded):
            return f"“{label}”对应的值是 {_show(by_label[label])}，与预期不符。"
    return None


def _scalars_match(expected: Any, got: Any, rtol: float, rounded: bool | str = False) -> bool:
    if pd.isna(expected) and pd.isna(got):
        return True
    if isinstance(expected, numbers.Real) and isinstance(got, numbers.Real):
        if math.isclose(float(expected), float(got), rel_tol=rtol, abs_tol=1e-12):
            return True
        return _rounding(float(got), float(expected), rounded)
    return expected == got


def _rounding(got: float, expected: float, rounded: bool | str) -> bool:
    if rounded and is_rounding_of(got, expected):
        return True
    return rounded == COARSE and is_any_rounding_of(got, expected)


def scaled(value: Any, factor: float) -> Any:
    """``value`` with its numbers multiplied by ``factor`` (labels and text kept); None when it
    holds no numbers."""
    if isinstance(value, pd.DataFrame):
        columns = [c for c in value.columns if _numeric(value[c])]
        if not columns:
            return None
        result = value.copy()
        for column in columns:  # one by one: a list of True/False labels would be read as a mask
            result[column] = result[column].astype(float) * factor
        return result
    if isinstance(value, pd.Series):
        return value.astype(float) * factor if _numeric(value) else None
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value) * factor
    return None


def _numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _show(value: Any) -> str:
    """A value as a learner would write it: 30 rather than np.float64(30.0)."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):g}"
    return repr(value)


KINDS = {str: "文本", list: "列表", tuple: "元组", dict: "字典", bool: "布尔值", set: "集合"}


def difference(expected: Any, got: Any, rtol: float = 1e-6, rounded: bool | str = False) -> str | None:
    """None when ``got`` matches ``expected``; otherwise what differs. Wrong types raise.

    With ``rounded``, a number also matches when it is the expected one rounded to 3 or more
    significant figures; with ``rounded=COARSE``, rounded in any way.
    """
    if isinstance(expected, pd.DataFrame):
        return _frame_difference(expected, got, rtol, rounded)
    if isinstance(expected, pd.Series):
        return _series_difference(expected, got, rtol, rounded)
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        number = as_number(got)
        if math.isclose(number, float(expected), rel_tol=rtol, abs_tol=1e-9):
            return None
        if _rounding(number, float(expected), rounded):
            return None
        return f"得到 {number:g}，与预期不符。"
    if type(got) is not type(expected):
        kind = KINDS.get(type(expected), type(expected).__name__)
        raise InvalidAnswerError(f"需要{kind}，你给的是{describe(got)}。")
    return None if got == expected else f"得到 {_show(got)}，与预期不符。"
