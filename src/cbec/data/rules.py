"""Row rules: relations between columns that every row must obey.

A schema may list rules such as ``"clicks <= impressions"`` or
``"visitors <= organic_clicks + p4p_clicks"``. Each side is one column, a sum of columns, or a
number. The grammar is this small on purpose: a schema is data, so it is parsed here and never
passed to ``eval``. A row where any column in the rule is empty is not checked, because an
empty value means "not known", not zero.

One more form is about emptiness itself: ``"order_value_usd only if ta_order"`` says that a
row may have a value in the first column (or True, for a bool column) only if the second column
has one too. Here an empty cell is the point of the rule, so such rows are checked.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

import pandas as pd

OPERATORS = {
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
    "<": operator.lt,
    ">": operator.gt,
}
CENT_SLACK = 0.011
ONLY_IF = "only if"
_SPLIT = re.compile(r"\s*(<=|>=|==|<|>)\s*")
_ONLY_IF = re.compile(r"^\s*(\w+)\s+only\s+if\s+(\w+)\s*$")
TIME_TYPES = ("date", "datetime")


@dataclass(frozen=True)
class Rule:
    text: str
    left: tuple[str, ...]
    op: str
    right: tuple[str, ...]

    @property
    def columns(self) -> list[str]:
        return [t for t in (*self.left, *self.right) if not _is_number(t)]


def _is_number(term: str) -> bool:
    try:
        float(term)
    except ValueError:
        return False
    return True


def parse_rule(text: str, column_types: dict[str, str]) -> Rule:
    """Parse one rule; an unknown column or a malformed rule is an authoring error (English).

    ``column_types`` maps each column of the schema to its type: a date may be compared, but
    never added to anything, so a side that names a date must name nothing else.
    """
    only_if = _ONLY_IF.match(text)
    if only_if:
        return _parse_only_if(text, only_if.groups(), column_types)
    parts = _SPLIT.split(text.strip())
    if len(parts) != 3:
        raise ValueError(f"rule {text!r} must have exactly one of {list(OPERATORS)}")
    left, op, right = parts
    terms = [tuple(t.strip() for t in side.split("+")) for side in (left, right)]
    rule = Rule(text=text, left=terms[0], op=op, right=terms[1])
    unknown = [c for c in rule.columns if c not in column_types]
    if unknown or any(not t for side in terms for t in side):
        raise ValueError(f"rule {text!r} names unknown or empty columns: {unknown}")
    if any(len(side) > 1 and any(column_types.get(t) in TIME_TYPES for t in side) for side in terms):
        raise ValueError(f"rule {text!r} adds to a date; compare dates only with one another")
    return rule


def _parse_only_if(text: str, names: tuple[str, str], column_types: dict[str, str]) -> Rule:
    unknown = [c for c in names if c not in column_types]
    if unknown:
        raise ValueError(f"rule {text!r} names unknown or empty columns: {unknown}")
    return Rule(text=text, left=(names[0],), op=ONLY_IF, right=(names[1],))


def _given(values: pd.Series) -> pd.Series:
    """True where a cell holds something: a value, or True in a bool column."""
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).astype(bool)
    return values.notna()


def _side(frame: pd.DataFrame, terms: tuple[str, ...]) -> pd.Series:
    total = pd.Series(0, index=frame.index, dtype="float64")
    for term in terms:
        if _is_number(term):
            total = total + float(term)
        elif pd.api.types.is_datetime64_any_dtype(frame[term]):
            return frame[term]  # parse_rule allows a date only alone on its side
        else:
            total = total + frame[term].astype("float64")
    return total


def violations(frame: pd.DataFrame, rule: Rule) -> pd.Series:
    """True for each row that breaks the rule; rows with an empty value in the rule are skipped
    (except by an "only if" rule, which is about empty values)."""
    if rule.op == ONLY_IF:
        return _given(frame[rule.left[0]]) & ~_given(frame[rule.right[0]])
    known = frame[rule.columns].notna().all(axis=1)
    left, right = _side(frame, rule.left), _side(frame, rule.right)
    if rule.op == "==" and pd.api.types.is_float_dtype(left) and pd.api.types.is_float_dtype(right):
        # Amounts are rounded to cents, so a sum of rounded parts may miss its total by a cent.
        holds = (left - right).abs() <= CENT_SLACK
    else:
        holds = OPERATORS[rule.op](left, right)
    return known & ~holds.fillna(False).astype(bool)
