"""Answers as plain JSON: numbers, text, lists, tables, and references to the course datasets.

Answers cross two borders: from a grading kernel, which runs a learner's code, back to the
grader; and from the grader into the kernel, as the inputs of function tests. Pickle would run
code on loading, so neither side ever unpickles: this codec reads only data.

- JSON scalars stay as they are; NaN and infinities are tagged, since JSON has none.
- ``tuple``, non-text-keyed ``dict``, ``set``, ``Series`` and ``DataFrame`` are tagged objects.
- ``DatasetArg("buyer_profiles")`` stands for a whole course dataset, so a test case can use
  one without copying its rows.
- Anything else becomes ``Unsupported``: its type name and a short ``repr``, never the object.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

REPR_LIMIT = 200


@dataclass(frozen=True)
class DatasetArg:
    """A course dataset used as a test input: loaded on whichever side runs the test."""

    name: str

    def load(self) -> pd.DataFrame:
        from cbec import data

        return data.load(self.name)


@dataclass(frozen=True)
class Unsupported:
    """A value the codec cannot carry: only what it was is kept."""

    type_name: str
    text: str


class CodecError(ValueError):
    """Encoded data that is not in this codec's format."""


def _scalar(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if isinstance(value, pd.Timestamp):
        return {"__timestamp__": value.isoformat()}
    if value is pd.NA or value is pd.NaT:
        return {"__float__": "nan"}
    return value


def _is_placeholder(value: Any) -> bool:
    # ``...`` and ``____`` mean "not answered yet"; the grader must see them as such.
    return value is Ellipsis or type(value).__name__ == "_Blank"


def encode(value: Any) -> Any:
    """``value`` as JSON-ready data."""
    if _is_placeholder(value):
        return {"__placeholder__": True}
    if isinstance(value, DatasetArg):
        return {"__dataset__": value.name}
    if isinstance(value, pd.DataFrame):
        return {
            "__frame__": {
                "columns": [encode(c) for c in value.columns],
                "index": [encode(i) for i in value.index],
                "data": [[encode(v) for v in row] for row in value.itertuples(index=False, name=None)],
            }
        }
    if isinstance(value, pd.Series):
        return {
            "__series__": {
                "name": encode(value.name),
                "index": [encode(i) for i in value.index],
                "values": [encode(v) for v in value.tolist()],
            }
        }
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, set | frozenset):
        return {"__set__": sorted((encode(v) for v in value), key=repr)}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("__") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"__dict__": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | bool | numbers.Number | np.generic | pd.Timestamp):
        return _scalar(value)
    if value is pd.NA or value is pd.NaT:
        return _scalar(value)
    text = repr(value)
    return {"__unsupported__": [type(value).__name__, text[:REPR_LIMIT]]}


def _decode_tagged(tag: str, body: Any) -> Any:
    if tag == "__float__":
        return float(body)
    if tag == "__timestamp__":
        return pd.Timestamp(body)
    if tag == "__placeholder__":
        return Ellipsis
    if tag == "__dataset__":
        return DatasetArg(str(body))
    if tag == "__tuple__":
        return tuple(decode(v) for v in body)
    if tag == "__set__":
        return {decode(v) for v in body}
    if tag == "__dict__":
        return {decode(k): decode(v) for k, v in body}
    if tag == "__series__":
        return pd.Series(
            [decode(v) for v in body["values"]],
            index=[decode(i) for i in body["index"]],
            name=decode(body["name"]),
            dtype=object if not body["values"] else None,
        )
    if tag == "__frame__":
        return pd.DataFrame(
            [[decode(v) for v in row] for row in body["data"]],
            columns=[decode(c) for c in body["columns"]],
            index=[decode(i) for i in body["index"]],
        )
    if tag == "__unsupported__":
        return Unsupported(str(body[0]), str(body[1]))
    raise CodecError(f"unknown tag {tag}")


def decode(data: Any) -> Any:
    """The value that ``encode`` turned into ``data``. Never runs code."""
    try:
        if isinstance(data, list):
            return [decode(v) for v in data]
        if isinstance(data, dict):
            tags = [k for k in data if k.startswith("__") and k.endswith("__")]
            if len(data) == 1 and tags:
                return _decode_tagged(tags[0], data[tags[0]])
            return {k: decode(v) for k, v in data.items()}
        return data
    except (KeyError, TypeError, ValueError, IndexError) as err:
        raise CodecError(f"malformed answer data: {type(err).__name__}: {err}") from err


def resolve(value: Any) -> Any:
    """Replace every ``DatasetArg`` (also inside tuples and lists) by the loaded dataset."""
    if isinstance(value, DatasetArg):
        return value.load()
    if isinstance(value, tuple):
        return tuple(resolve(v) for v in value)
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value
