"""A dataset's schema: its columns, their types and the rules their values obey.

The schema is stored as JSON beside the data (``datasets/<name>.schema.json``) and written by
the generator, so the data and its description cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cbec.data.rules import Rule, parse_rule

COLUMN_TYPES = ("string", "category", "int", "float", "bool", "date", "datetime")
DATETIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = False
    unique: bool = False
    minimum: Any = None
    maximum: Any = None
    categories: tuple[str, ...] = ()
    ordered: bool = False
    unit: str = ""
    description: str = ""


@dataclass(frozen=True)
class Schema:
    name: str
    file: str
    title: str
    synthetic: bool
    datasheet: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    path: Path | None = None

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _column(name: str, spec: dict[str, Any], where: Path) -> Column:
    kind = spec.get("type")
    if kind not in COLUMN_TYPES:
        raise ValueError(f"{where}: column {name!r} has unknown type {kind!r}; use {COLUMN_TYPES}")
    if kind == "category" and not spec.get("categories"):
        raise ValueError(f"{where}: category column {name!r} lists no categories")
    return Column(
        name=name,
        type=kind,
        nullable=bool(spec.get("nullable", False)),
        unique=bool(spec.get("unique", False)),
        minimum=spec.get("min"),
        maximum=spec.get("max"),
        categories=tuple(spec.get("categories", ())),
        ordered=bool(spec.get("ordered", False)),
        unit=spec.get("unit", ""),
        description=spec.get("description", ""),
    )


def read_schema(path: Path) -> Schema:
    """Read ``<name>.schema.json``; a malformed schema is an authoring error, said in English."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    columns = tuple(_column(n, s, path) for n, s in raw["columns"].items())
    try:
        types = {name: spec.get("type") for name, spec in raw["columns"].items()}
        rules = tuple(parse_rule(text, types) for text in raw.get("rules", ()))
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from err
    return Schema(
        name=raw["name"],
        file=raw["file"],
        title=raw.get("title", ""),
        synthetic=bool(raw.get("synthetic", True)),
        datasheet=raw.get("datasheet", ""),
        columns=columns,
        rules=rules,
        path=path,
    )
