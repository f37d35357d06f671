"""Read a dataset's CSV, convert each column to its schema type, and enforce the schema."""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

import pandas as pd

from cbec.data.errors import DatasetError, UnknownDatasetError
from cbec.data.rules import Rule, violations
from cbec.data.schema import DATETIME_FORMAT, Column, Schema, read_schema
from cbec.paths import datasets_dir

SCHEMA_SUFFIX = ".schema.json"
EXAMPLES_SHOWN = 3
DATE_FORMAT = "%Y-%m-%d"


def available() -> list[str]:
    """Names of every dataset that ships with the course, sorted."""
    return sorted(p.name[: -len(SCHEMA_SUFFIX)] for p in datasets_dir().glob("*" + SCHEMA_SUFFIX))


def schema_of(name: str) -> Schema:
    path = datasets_dir() / f"{name}{SCHEMA_SUFFIX}"
    if not isinstance(name, str) or not path.is_file():
        raise _unknown(name)
    return read_schema(path)


def datasheet_path(name: str) -> Path:
    schema = schema_of(name)
    return datasets_dir() / schema.datasheet


def load(name: str) -> pd.DataFrame:
    """Return dataset ``name`` as a typed DataFrame that has passed every schema rule.

    Each call returns a new copy, so changing it never changes what the next call returns.
    """
    schema = schema_of(name)
    csv_path = datasets_dir() / schema.file
    stat = csv_path.stat() if csv_path.is_file() else None
    # Parsing and checking a file costs far more than copying it. The file's size and time
    # stamp are kept with it, so an edited file is read and checked again.
    stamp = stat and (stat.st_size, stat.st_mtime_ns)
    cached = _checked.get(str(csv_path))
    if cached is None or cached[0] != stamp or stamp is None:
        cached = (stamp, _read_checked(schema, csv_path))
        _checked[str(csv_path)] = cached
    return cached[1].copy()


_checked: dict[str, tuple[tuple | None, pd.DataFrame]] = {}


def _read_checked(schema: Schema, csv_path: Path) -> pd.DataFrame:
    if _is_shipped(schema, csv_path):
        return _read_typed(schema, csv_path)
    raw = _read_text_table(csv_path)
    _check_header(raw, schema, csv_path)
    typed = pd.DataFrame({col.name: _convert(raw[col.name], col, csv_path) for col in schema.columns})
    for rule in schema.rules:
        _check_rule(typed, rule, csv_path)
    return typed


def _is_shipped(schema: Schema, csv_path: Path) -> bool:
    """Whether the file is, byte for byte, the one the generator wrote (``checksums.json``).

    Such a file is the one the test suite loads through every check, so it can be read with
    typed columns at once, which is several times faster. Any other file, an edited one
    included, is read as text and checked cell by cell, so that its errors are named.
    """
    listed = _checksums(csv_path.parent).get(schema.name, {})
    if listed.get("file") != csv_path.name or not csv_path.is_file():
        return False
    return hashlib.sha256(csv_path.read_bytes()).hexdigest() == listed.get("sha256")


def _checksums(folder: Path) -> dict:
    try:
        return json.loads((folder / "checksums.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _read_typed(schema: Schema, csv_path: Path) -> pd.DataFrame:
    """Read a shipped file straight into the types the full check would give it."""
    dated = {
        c.name: (DATE_FORMAT if c.type == "date" else DATETIME_FORMAT)
        for c in schema.columns
        if c.type in ("date", "datetime")
    }
    frame = pd.read_csv(
        csv_path,
        dtype={c.name: _dtype(c) for c in schema.columns if c.name not in dated},
        parse_dates=list(dated),
        date_format=dated,
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    return frame[list(schema.column_names)]


def _dtype(col: Column):
    if col.type == "category":
        return pd.CategoricalDtype(list(col.categories), ordered=col.ordered)
    nullable = {"string": "string", "int": "Int64", "float": "float64", "bool": "boolean"}
    strict = {"string": "string", "int": "int64", "float": "float64", "bool": "bool"}
    return (nullable if col.nullable else strict)[col.type]


def _unknown(name: object) -> UnknownDatasetError:
    names = available()
    close = difflib.get_close_matches(str(name), names, n=1)
    hint_zh = f"你是不是想写 '{close[0]}'？" if close else ""
    hint_en = f" Did you mean '{close[0]}'?" if close else ""
    listing = "、".join(names) or "（无）"
    return UnknownDatasetError(
        f"没有名为 '{name}' 的数据集。{hint_zh}可用的数据集：{listing}。",
        f"No dataset named '{name}'.{hint_en} Available: {', '.join(names) or 'none'}.",
    )


def _read_text_table(path: Path) -> pd.DataFrame:
    """Read every cell as text first, so that type errors can be reported cell by cell."""
    if not path.is_file():
        raise DatasetError(
            f"数据文件 {path} 不存在。请确认课程文件完整，或运行 make data 重新生成。",
            f"Data file {path} is missing; run `make data` to regenerate it.",
        )
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as err:
        raise DatasetError(
            f"无法读取数据文件 {path}：{err}",
            f"Cannot read {path} as UTF-8 CSV: {err}",
        ) from err


def _check_header(raw: pd.DataFrame, schema: Schema, path: Path) -> None:
    expected, found = schema.column_names, list(raw.columns)
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    if missing or extra:
        raise DatasetError(
            f"数据文件 {path} 的列与其 schema 不一致：缺少 {missing or '无'}，多出 {extra or '无'}。",
            f"{path}: columns differ from the schema; missing {missing}, unexpected {extra}.",
        )


def _first_lines(bad: pd.Series) -> list[tuple[int, int]]:
    """(row index, file line) of the first offending rows, for error messages."""
    rows = bad.index[bad.to_numpy()][:EXAMPLES_SHOWN]
    # +2: one for the header line, one because file lines count from 1.
    return [(i, i + 2) for i in rows]


def _fail(path: Path, col: Column, raw: pd.Series, bad: pd.Series, zh: str, en: str) -> None:
    """Raise a DatasetError naming the file, the column and the first offending rows."""
    if not bad.any():
        return
    where = ", ".join(f"{line}:{raw.loc[i]!r}" for i, line in _first_lines(bad))
    count = int(bad.sum())
    raise DatasetError(
        f"数据文件 {path} 的列 '{col.name}' 有 {count} 个值{zh}（行号:值 {where}）。",
        f"{path}, column '{col.name}': {count} value(s) {en} (line:value {where}).",
    )


def _convert(raw: pd.Series, col: Column, path: Path) -> pd.Series:
    present = raw.notna()
    if not col.nullable:
        _fail(path, col, raw, ~present, "为空，而此列不允许空值", "are empty but the column is not nullable")
    values = CONVERTERS[col.type](raw, col, path, present)
    _check_range(values, raw, col, path)
    if col.unique:
        _fail(path, col, raw, values.duplicated(keep="first") & present, "重复", "are duplicates")
    return values


def _to_string(raw, col, path, present):
    return raw.astype("string")


def _to_number(raw, col, path, present):
    numbers = pd.to_numeric(raw, errors="coerce")
    _fail(path, col, raw, present & numbers.isna(), "不是数字", "are not numbers")
    if col.type == "int":
        fractional = present & (numbers % 1 != 0)
        _fail(path, col, raw, fractional, "不是整数", "are not whole numbers")
        return numbers.astype("Int64" if col.nullable else "int64")
    return numbers.astype("float64")


def _to_bool(raw, col, path, present):
    mapping = {"True": True, "False": False, "true": True, "false": False}
    values = raw.map(mapping)
    _fail(path, col, raw, present & values.isna(), "不是 True/False", "are not True/False")
    return values.astype("boolean" if col.nullable else "bool")


def _to_date(raw, col, path, present):
    dates = pd.to_datetime(raw, format=DATE_FORMAT, errors="coerce")
    _fail(path, col, raw, present & dates.isna(), "不是 YYYY-MM-DD 日期", "are not YYYY-MM-DD dates")
    return dates


def _to_datetime(raw, col, path, present):
    stamps = pd.to_datetime(raw, format=DATETIME_FORMAT, errors="coerce")
    _fail(
        path,
        col,
        raw,
        present & stamps.isna(),
        "不是 YYYY-MM-DD HH:MM 时间",
        "are not YYYY-MM-DD HH:MM times",
    )
    return stamps


def _to_category(raw, col, path, present):
    unknown = present & ~raw.isin(col.categories)
    allowed = "、".join(col.categories)
    _fail(path, col, raw, unknown, f"不在允许的类别中（{allowed}）", "are not allowed categories")
    return raw.astype(pd.CategoricalDtype(list(col.categories), ordered=col.ordered))


CONVERTERS = {
    "string": _to_string,
    "int": _to_number,
    "float": _to_number,
    "bool": _to_bool,
    "date": _to_date,
    "datetime": _to_datetime,
    "category": _to_category,
}


def _bound(col: Column, value):
    return pd.Timestamp(value) if col.type in ("date", "datetime") else value


def _check_range(values: pd.Series, raw: pd.Series, col: Column, path: Path) -> None:
    if col.minimum is not None:
        low = _bound(col, col.minimum)
        below = (values < low).fillna(False).astype(bool)
        _fail(path, col, raw, below, f"小于最小值 {col.minimum}", f"are below the minimum {col.minimum}")
    if col.maximum is not None:
        high = _bound(col, col.maximum)
        above = (values > high).fillna(False).astype(bool)
        _fail(path, col, raw, above, f"大于最大值 {col.maximum}", f"are above the maximum {col.maximum}")


def _check_rule(frame: pd.DataFrame, rule: Rule, path: Path) -> None:
    """Name the rule, the file and the first offending lines with the values that break it."""
    bad = violations(frame, rule)
    if not bad.any():
        return
    where = "; ".join(
        f"{line}: " + ", ".join(f"{c}={_show(frame.at[i, c])}" for c in rule.columns)
        for i, line in _first_lines(bad)
    )
    count = int(bad.sum())
    raise DatasetError(
        f"数据文件 {path} 有 {count} 行违反规则 '{rule.text}'（行号: 值 {where}）。",
        f"{path}: {count} row(s) break the rule '{rule.text}' (line: values {where}).",
    )


def _show(value) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime(DATETIME_FORMAT if value != value.normalize() else "%Y-%m-%d")
    return str(value)
