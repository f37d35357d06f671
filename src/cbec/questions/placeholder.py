"""The "not answered yet" markers: ``____`` and ``...`` (Ellipsis).

Exercise notebooks ship with ``answer = ...`` or ``answer = ____`` and functions whose body is
just ``...``. A check given one of these says "还没有作答" instead of failing on it.
"""

from __future__ import annotations

import ast
import inspect
import textwrap


class _Blank:
    """The ``____`` placeholder. One instance; it equals nothing but itself."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"


____ = _Blank()


def is_placeholder(value: object) -> bool:
    return value is ____ or value is Ellipsis


def _only_blank_statements(body: list[ast.stmt]) -> bool:
    for stmt in body:
        if isinstance(stmt, ast.Pass):
            continue
        is_constant = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
        if is_constant and (stmt.value.value is Ellipsis or isinstance(stmt.value.value, str)):
            continue  # a docstring or a bare ``...``
        return False
    return True


def is_stub_function(func: object) -> bool:
    """True when ``func`` is a function whose body holds only a docstring, ``...`` or ``pass``.

    Such a function returns None without anyone having tried; it is "not attempted", which is
    different from a real attempt that forgot ``return``.
    """
    try:
        source = textwrap.dedent(inspect.getsource(func))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError, IndentationError):
        return False
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    return bool(defs) and _only_blank_statements(defs[0].body)
