"""Whether a learner's function changed the arguments it was given, said in Chinese.

The checks call a function on copies, so a change never spoils the next case; but in the
learner's notebook the same function changes their shared table, and a later cell breaks.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pandas as pd


def _frame_change(before: pd.DataFrame, after: pd.DataFrame) -> str:
    added = [str(c) for c in after.columns if c not in before.columns]
    dropped = [str(c) for c in before.columns if c not in after.columns]
    parts = [f"加了列 {'、'.join(added)}"] * bool(added) + [f"删了列 {'、'.join(dropped)}"] * bool(dropped)
    if len(after) != len(before):
        parts.append(f"行数从 {len(before)} 变成了 {len(after)}")
    if not parts and not before.equals(after):
        parts.append("改了其中的值或顺序")
    return "，".join(parts)


def _series_change(before: pd.Series, after: pd.Series) -> str:
    if len(after) != len(before):
        return f"长度从 {len(before)} 变成了 {len(after)}"
    return "" if before.equals(after) else "改了其中的值或顺序"


def change(before: Any, after: Any) -> str:
    """How ``after`` differs from its untouched copy ``before``; "" when it does not, or when the
    type is not one a function is likely to change by accident."""
    try:
        if isinstance(before, pd.DataFrame) and isinstance(after, pd.DataFrame):
            return _frame_change(before, after)
        if isinstance(before, pd.Series) and isinstance(after, pd.Series):
            return _series_change(before, after)
        if isinstance(before, (list, dict, set)):
            return "" if before == after else "改了其中的内容"
    except (TypeError, ValueError):
        return ""
    return ""


def _names(func: Callable[..., Any], count: int) -> list[str]:
    try:
        params = list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        params = []
    return [params[i] if i < len(params) else f"第 {i + 1} 个参数" for i in range(count)]


def changed_arguments(func: Callable[..., Any], before: tuple, after: tuple) -> str:
    """The note for a call that changed its arguments, or ""."""
    found = [
        (name, change(b, a)) for name, b, a in zip(_names(func, len(before)), before, after, strict=True)
    ]
    found = [(name, what) for name, what in found if what]
    if not found:
        return ""
    name, what = found[0]
    return (
        f"函数改动了传进来的 {name}（{what}）：在你的笔记本里，它会悄悄改掉外面那张表，后面的单元格就可能出错。"
        f"函数里不要改传进来的参数，需要时先写 {name} = {name}.copy()。"
    )
