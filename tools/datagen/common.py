"""Shared pieces of the data generator: random streams, drawing helpers, schema snippets, writing.

Every dataset draws from its own random stream, ``stream(name)``, seeded from the course seed
and the dataset's name. Adding or changing one dataset therefore never changes another.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

DATETIME_FORMAT = "%Y-%m-%d %H:%M"  # as cbec.data.schema.DATETIME_FORMAT reads it
SEED = 20240301  # any fixed number works; this one is the first day of the March Expo
B2B, B2C = "国际站", "速卖通"
PLATFORMS = [B2B, B2C]
YEAR_START, YEAR_END = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31")
DAYS_2024 = pd.date_range(YEAR_START, YEAR_END, freq="D")
MARCH_EXPO = (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-31"))  # facts.md §2: all of March
SEPTEMBER_FESTIVAL = (pd.Timestamp("2024-09-01"), pd.Timestamp("2024-09-30"))  # assumption: all of September


def stream(name: str) -> np.random.Generator:
    """An independent, reproducible random stream for one dataset."""
    return np.random.default_rng([SEED, zlib.crc32(name.encode("utf-8"))])


def pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    """Draw n labels with the given shares (normalised, so rounding in the table is harmless)."""
    p = np.array(list(shares.values()), dtype=float)
    return rng.choice(list(shares), size=n, p=p / p.sum())


def ids(prefix: str, n: int, width: int = 4) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def where_known(values: np.ndarray, known: np.ndarray) -> pd.arrays.IntegerArray:
    """Whole numbers with an empty cell wherever ``known`` is False (e.g. no rating given)."""
    return pd.arrays.IntegerArray(np.asarray(values, dtype="int64"), ~np.asarray(known, dtype=bool))


def event_of(dates: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """The official event running on each date: 三月新贸节, 九月采购节 or 无."""
    dates = pd.Series(dates)
    march = dates.between(*MARCH_EXPO)
    september = dates.between(*SEPTEMBER_FESTIVAL)
    return np.select([march, september], ["三月新贸节", "九月采购节"], "无")


# -- schema snippets --------------------------------------------------------------------------
def col(kind: str, description: str, unit: str = "", **rules) -> dict:
    spec = {"type": kind, **rules, "description": description}
    if unit:
        spec["unit"] = unit
    return spec


def category(values: list[str], description: str, ordered: bool = False) -> dict:
    spec = {"type": "category", "categories": list(values), "description": description}
    if ordered:
        spec["ordered"] = True
    return spec


EVENTS = ["无", "三月新贸节", "九月采购节"]


# -- datasets and planted effects ------------------------------------------------------------
@dataclass(frozen=True)
class Planted:
    """An effect built into a synthetic dataset, with the method that recovers it.

    ``truth`` is the value planted; ``tolerance`` is how far an estimate from the shipped data
    may fall from it (absolute, in the unit of ``truth``). ``baseline`` is the value the estimate
    must be told apart from: 1 for a ratio, 0 for a difference or a lag, −1 for an elasticity
    (elastic or not). Truth minus baseline must exceed the tolerance. For instructors only.
    """

    id: str
    dataset: str
    what: str
    truth: float
    tolerance: float
    method: str
    lessons: tuple[str, ...] = ()
    baseline: float = 1.0


@dataclass(frozen=True)
class PlantedAnswer:
    """The answer a dataset was built to support, for a question whose answer is a choice rather
    than one number (e.g. which products to test first): the ids chosen, the rule that picks
    them from the shipped data, and the traps a plausible but wrong reading falls into. For
    instructors only."""

    id: str
    dataset: str
    question: str
    answer: tuple[str, ...]
    rule: str
    traps: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dataset:
    schema: dict
    build: Callable[[], pd.DataFrame]
    planted: tuple[Planted, ...] = field(default_factory=tuple)
    answers: tuple[PlantedAnswer, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return self.schema["name"]


def write_dataset(frame: pd.DataFrame, schema: dict, folder: Path) -> None:
    # Column order and names come from the schema, so a renamed column fails here, not in class.
    if list(frame.columns) != list(schema["columns"]):
        raise ValueError(f"{schema['name']}: columns {list(frame.columns)} differ from its schema")
    # to_csv's date_format would cut a time of day off; datetime columns are written to the minute.
    stamps = [name for name, spec in schema["columns"].items() if spec["type"] == "datetime"]
    frame = frame.assign(**{name: frame[name].dt.strftime(DATETIME_FORMAT) for name in stamps})
    frame.to_csv(
        folder / schema["file"],
        index=False,
        lineterminator="\n",
        encoding="utf-8",
        date_format="%Y-%m-%d",
    )
    write_json(schema, folder / f"{schema['name']}.schema.json")


def write_json(payload, path: Path) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8", newline="\n")
