"""The course glossary (术语表): one CSV, read, checked, searched and rendered here.

``glossary.csv`` beside this module is the single source. Each row is one term:

- ``term``: the preferred Chinese form, the only one learner-facing text may use;
- ``english``: its English name; ``name (ABBR)`` or ``ABBR (name)`` makes both halves names of the term;
- ``definition``: one line of Chinese, in the course's own words;
- ``first_lesson``: ``01``–``06``, the lesson that first teaches it (planned, for lessons not yet written);
- ``variants``: deprecated spellings, separated by ``|``, that the preferred form replaces;
- ``context``: optional regular expression for a variant that is wrong only in some uses (空格 is a
  space character as well as, wrongly, a missing value): a variant counts only when the expression
  matches within ``CONTEXT_WINDOW`` characters of it.

``lessons/glossary.md`` is rendered from it by ``cbec build``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).with_name("glossary.csv")
COLUMNS = ("term", "english", "definition", "first_lesson", "variants", "context")
LESSONS = ("01", "02", "03", "04", "05", "06")
CONTEXT_WINDOW = 12
# Topics of the lessons not written yet, as the course table in README.md plans them.
PLANNED = {
    "01": "人货场的数字化重构",
    "02": "国际站：信任建设、官方活动、场景化解决方案、橱窗、P4P、RFQ、视频与直播",
    "03": "速卖通：社交与网红/KOL、货找人、品牌与产品组合、直通车、联盟营销、直播、物流与售后",
    "04": "两个平台的对比",
    "05": "B2B2C 协同：先测后推、内容复用、品牌与流量循环、统一 CRM",
    "06": "对企业、平台与政府的建议",
}
_NAME_WITH_ALIAS = re.compile(r"^(?P<outer>.+?) \((?P<inner>[^()]+)\)$")
_ASCII = re.compile(r"^[\x00-\x7f]+$")


class GlossaryError(ValueError):
    """The glossary source is malformed; the message names every problem."""


@dataclass(frozen=True)
class Entry:
    term: str
    english: str
    definition: str
    first_lesson: str
    variants: tuple[str, ...] = ()
    context: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every form that counts as using the term: the term, its English and the English's halves."""
        found = [self.term, self.english]
        alias = _NAME_WITH_ALIAS.match(self.english)
        if alias:
            found += [alias.group("outer"), alias.group("inner")]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Hit:
    """A deprecated variant found in a text."""

    variant: str
    preferred: str
    start: int


def _entry(row: dict[str, str]) -> Entry:
    variants = tuple(v.strip() for v in (row.get("variants") or "").split("|") if v.strip())
    fields = {k: (row.get(k) or "").strip() for k in COLUMNS if k != "variants"}
    return Entry(variants=variants, **fields)


def read(path: Path = SOURCE) -> list[Entry]:
    """The entries of ``path`` as written, unchecked."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise GlossaryError(f"{path}: missing columns {missing}")
        return [_entry(row) for row in reader]


def _row_problems(entry: Entry) -> list[str]:
    problems = [f"{entry.term or '?'}: {c} is empty" for c in COLUMNS[:4] if not getattr(entry, c)]
    if entry.first_lesson and entry.first_lesson not in LESSONS:
        problems.append(f"{entry.term}: first_lesson {entry.first_lesson!r} is not one of {LESSONS}")
    if "\n" in entry.definition:
        problems.append(f"{entry.term}: the definition must be one line")
    if entry.context:
        try:
            re.compile(entry.context)
        except re.error as err:
            problems.append(f"{entry.term}: context is not a regular expression ({err})")
    return problems


def problems(entries: list[Entry]) -> list[str]:
    """Everything wrong with ``entries``; empty when the glossary is sound."""
    found = [p for entry in entries for p in _row_problems(entry)]
    terms = [e.term for e in entries]
    found += [
        f"{t}: the term appears {terms.count(t)} times" for t in sorted(set(terms)) if terms.count(t) > 1
    ]
    owners: dict[str, str] = {}
    for entry in entries:
        for variant in entry.variants:
            # A variant inside a preferred term would flag the preferred form itself.
            clashes = [t for t in terms if variant in t]
            if clashes:
                found.append(f"{entry.term}: variant {variant!r} occurs in the preferred term {clashes[0]!r}")
            if variant in owners:
                found.append(f"{variant!r} is a variant of both {owners[variant]!r} and {entry.term!r}")
            owners.setdefault(variant, entry.term)
    return found


def load(path: Path = SOURCE) -> list[Entry]:
    """The checked entries of the glossary; raise ``GlossaryError`` naming every problem."""
    entries = read(path)
    found = problems(entries)
    if found:
        raise GlossaryError(f"{path}:\n  " + "\n  ".join(found))
    return entries


def find_variants(text: str, entries: list[Entry]) -> list[Hit]:
    """Every deprecated variant in ``text``, in order of position."""
    hits = []
    for entry in entries:
        for variant in entry.variants:
            for match in re.finditer(re.escape(variant), text):
                window = text[max(0, match.start() - CONTEXT_WINDOW) : match.end() + CONTEXT_WINDOW]
                if not entry.context or re.search(entry.context, window):
                    hits.append(Hit(variant, entry.term, match.start()))
    return sorted(hits, key=lambda h: (h.start, h.variant))


def uses(text: str, entry: Entry) -> bool:
    """Whether ``text`` names the term: Chinese forms exactly, English forms as whole words."""
    for name in entry.names:
        if not _ASCII.match(name):
            if name in text:
                return True
        elif re.search(rf"(?<![A-Za-z0-9]){re.escape(name)}(?![A-Za-z0-9])", text, flags=re.I):
            return True
    return False


# -- the rendered page ---------------------------------------------------------------------------
PAGE = Path("lessons", "glossary.md")
_HEADER = """# 术语表

<!-- 由 src/cbec/glossary.csv 生成（cbec build），请不要直接修改本页。 -->

课程里的每个术语都按下表的写法使用，第一次出现时同时给出中文和英文。术语按第一次讲授它的课分组；还在编写中的课，列出的是计划讲授的术语。“不再使用的写法”是课程以前出现过或容易混用的叫法，遇到时以左边的术语为准。

回到[课程首页](00_start_here.ipynb)。
"""


def _lesson_heading(number: str, lessons: Path) -> str:
    found = sorted(lessons.glob(f"{number}_*.ipynb"))
    if not found:
        return f"## 第 {int(number)} 课　{PLANNED[number]}（编写中）"
    return f"## 第 {int(number)} 课　{PLANNED[number]}（[打开课程]({found[0].name})）"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _variants_cell(entry: Entry) -> str:
    # A variant that satisfies its own context is wrong wherever it appears.
    def shown(variant: str) -> str:
        partly = entry.context and not re.search(entry.context, variant)
        return f"{variant}（视上下文）" if partly else variant

    return "、".join(shown(v) for v in entry.variants)


def render(entries: list[Entry], lessons: Path) -> str:
    """The glossary page: one table per lesson, terms in the order of the source."""
    parts = [_HEADER]
    for number in LESSONS:
        group = [e for e in entries if e.first_lesson == number]
        if not group:
            continue
        rows = [
            f"| **{_cell(e.term)}** | {_cell(e.english)} | {_cell(e.definition)} | {_cell(_variants_cell(e))} |"
            for e in group
        ]
        table = ["| 术语 | English | 释义 | 不再使用的写法 |", "|---|---|---|---|", *rows]
        parts.append(_lesson_heading(number, lessons) + "\n\n" + "\n".join(table) + "\n")
    return "\n".join(parts)
