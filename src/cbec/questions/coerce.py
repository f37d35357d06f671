"""Turn a learner's answer into the type a question needs, or say in Chinese what went wrong."""

from __future__ import annotations

import math
import numbers

import pandas as pd


class InvalidAnswerError(ValueError):
    """The answer has the wrong type or shape; the message tells the learner what to give."""


def describe(value: object) -> str:
    """Name the type of ``value`` the way a learner would recognise it."""
    if value is None:
        return "None（空值）"
    if isinstance(value, bool):
        return f"布尔值 {value}"
    if isinstance(value, pd.DataFrame):
        rows, cols = value.shape
        return f"一个 DataFrame（表格，{rows} 行 × {cols} 列）"
    if isinstance(value, pd.Series):
        return f"一个 Series（一列数据，共 {len(value)} 个值）"
    if isinstance(value, str):
        return f"文本 {value!r}"
    if isinstance(value, numbers.Number):
        return f"数字 {value}"
    if isinstance(value, list | tuple | set | dict):
        return f"一个 {type(value).__name__}（含 {len(value)} 个元素）"
    if callable(value):
        return f"一个函数 {getattr(value, '__name__', '')}"
    return f"一个 {type(value).__name__} 对象"


def _looks_numeric(text: str) -> bool:
    try:
        float(text.strip().rstrip("%"))
    except ValueError:
        return False
    return True


def as_number(value: object) -> float:
    """Return ``value`` as a float, or raise InvalidAnswerError with a Chinese explanation."""
    if value is None:
        raise InvalidAnswerError("需要一个数字，你给的是 None。是不是函数忘了 return，或者变量还没有赋值？")
    if isinstance(value, bool):
        raise InvalidAnswerError(f"需要一个数字，你给的是{describe(value)}。")
    if isinstance(value, pd.DataFrame | pd.Series):
        tip = "用 .iloc[0] 或 .item() 取出那一个数" if value.size == 1 else "先从中取出一个数"
        raise InvalidAnswerError(f"需要一个数字，你给的是{describe(value)}。请{tip}。")
    if isinstance(value, str):
        tip = "去掉引号，直接写数字。" if _looks_numeric(value) else ""
        raise InvalidAnswerError(f"需要一个数字，你给的是{describe(value)}（带引号的字符串）。{tip}")
    if not isinstance(value, numbers.Real):
        raise InvalidAnswerError(f"需要一个数字，你给的是{describe(value)}。")
    number = float(value)
    if math.isnan(number):
        raise InvalidAnswerError("你的答案是 NaN（空值）。检查一下计算中是否有空值或除以零。")
    return number
