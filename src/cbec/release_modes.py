"""Which exercise a release gives in which mode, and the student README that says so.

A term mixes modes in the one folder the class pulls: ``cbec release OUT --summative 05,06``
makes those exercises summative and the others formative; after a deadline,
``cbec release OUT --solutions 01`` publishes that exercise's solutions and keeps every other
exercise as the release already in ``OUT`` has it (its marker records each exercise's mode), so
nothing of an open exercise leaks. Solutions once published stay published: a later student
release into the same ``OUT`` keeps them, since the class has pulled them already. Summative
modes stay too: a formative release of an exam exercise would ship checks that say right or
wrong, so a later release keeps each exercise ``OUT`` has as summative (``--summative`` adds
to them) and only ``--formative 05`` turns one formative again.

Modes are kept as ``{stem: mode}`` in the order of the question banks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cbec.release import MODES, TEMPLATES, ReleaseError

ALL = "all"  # what ``--summative`` or ``--solutions`` without a list stands for
STUDENT_MODES = ("formative", "summative")
SECTION = re.compile(r"^## 作答与检查\n.*?(?=^## )", re.M | re.S)
SECTION_FILES = {"summative": "summative_checks.md", "solutions": "solutions_checks.md"}
# In a mixed release each section opens by naming its exercises instead of "这是……的学生版".
MIXED_LEADS = {
    "formative": "练习 {exercises} 是**练习模式**：检查会告诉你答案对不对，答错时给出说明。",
    "summative": "练习 {exercises} 是**考核模式**，用于考试或计分作业；下面几条只适用于{these}。",
    "solutions": "练习 {exercises} 的截止日期已过，这里公布了**参考答案**。",
}


def label(stems: Iterable[str], separator: str = "、") -> str:
    """Exercises as a learner names them: "05、06" (for an instructor: "05, 06")."""
    return separator.join(stem[:2] for stem in stems)


# -- naming exercises ------------------------------------------------------------------------------
def _match(name: str, stems: Sequence[str]) -> str | None:
    key = name.strip().lower()
    if key in stems:
        return key
    number = re.fullmatch(r"(?:ex|l)?0*(\d+)", key)
    if number is None:
        return None
    found = [stem for stem in stems if stem[:2].isdigit() and int(stem[:2]) == int(number.group(1))]
    return found[0] if len(found) == 1 else None


def parse_exercises(names: str | Iterable[str], stems: Sequence[str]) -> list[str]:
    """The stems of ``names`` ("05,6,ex01,05_b2b2c_design"), in course order; an unknown name
    is an error that lists the valid ones."""
    given = names.split(",") if isinstance(names, str) else list(names)
    given = [name.strip() for name in given if name.strip()]
    valid = ", ".join(f"{stem[:2]} ({stem})" for stem in stems)
    if not given:
        raise ReleaseError(f"no exercise named; the exercises are {valid}")
    unknown = [name for name in given if _match(name, stems) is None]
    if unknown:
        raise ReleaseError(
            f"unknown exercise {', '.join(map(repr, unknown))}; the exercises are {valid} "
            "(give a number such as 05 or 5, ex05, or the notebook's name)"
        )
    chosen = {_match(name, stems) for name in given}
    return [stem for stem in stems if stem in chosen]


# -- the modes of a release ------------------------------------------------------------------------
def earlier_modes(marker: Mapping[str, Any] | None, stems: Sequence[str]) -> dict[str, str] | None:
    """Each exercise's mode in the release ``marker`` describes; None when there is none.

    A marker written before modes were kept per exercise gives its one mode to every exercise;
    an exercise it does not know (added since) was not released, and counts as formative."""
    if marker is None:
        return None
    recorded = marker.get("exercises")
    whole = marker.get("mode", "formative")
    modes = recorded if isinstance(recorded, dict) else dict.fromkeys(stems, whole)
    return {stem: modes.get(stem) if modes.get(stem) in MODES else "formative" for stem in stems}


def release_modes(
    mode: str,
    exercises: str | Iterable[str] | None,
    stems: Sequence[str],
    earlier: Mapping[str, str] | None,
    formative: str | Iterable[str] | None = None,
) -> dict[str, str]:
    """``{stem: mode}`` for a release asking ``mode`` for ``exercises`` (None: all of them).

    ``earlier`` summative and published exercises keep their mode, but for the summative ones
    ``formative`` names (``--formative``)."""
    if mode not in MODES:
        raise ReleaseError(f"unknown release mode {mode!r}; one of {', '.join(MODES)}")
    if exercises == ALL:
        exercises = None
    if mode == "formative" and exercises is not None:
        raise ReleaseError(
            "a formative release gives every exercise; name exercises for summative or solutions"
        )
    named = stems if exercises is None else parse_exercises(exercises, stems)
    if mode == "solutions" and formative is not None:
        raise ReleaseError("--formative applies to a student release, not with --solutions")
    if mode == "solutions":
        if exercises is not None and earlier is None:
            raise ReleaseError(
                f"--solutions {label(named, ',')} keeps the other exercises as the release in the folder has "
                "them, but the folder holds no earlier release: release the course there first "
                "(cbec release OUT, with --summative for exam exercises), or publish every "
                "exercise's solutions with --solutions alone"
            )
        base = dict(earlier) if exercises is not None else dict.fromkeys(stems, "solutions")
        return {stem: "solutions" if stem in named else base[stem] for stem in stems}
    kept = {stem: was for stem, was in (earlier or {}).items() if was != "formative"}
    for stem in _turned_formative(formative, stems, kept, named if mode == "summative" else []):
        del kept[stem]
    asked = {stem: mode if stem in named else "formative" for stem in stems}
    # Published solutions were pulled, summative ones are exams: neither goes back by default.
    return {stem: kept.get(stem, asked[stem]) for stem in stems}


def _turned_formative(
    formative: str | Iterable[str] | None,
    stems: Sequence[str],
    kept: Mapping[str, str],
    summative: Sequence[str],
) -> list[str]:
    """The summative exercises ``--formative`` names; refuse any it cannot turn formative."""
    if formative is None:
        return []
    named = parse_exercises(formative, stems)
    if both := [stem for stem in named if stem in summative]:
        raise ReleaseError(f"exercises {label(both, ', ')} are named both --summative and --formative")
    if published := [stem for stem in named if kept.get(stem) == "solutions"]:
        raise ReleaseError(
            f"the solutions of exercises {label(published, ', ')} are published in the folder already; "
            "they stay published"
        )
    if others := [stem for stem in named if stem not in kept]:
        raise ReleaseError(
            f"--formative turns summative exercises formative again, and the release in the folder does "
            f"not have exercises {label(others, ', ')} as summative; leave them out"
        )
    return named


def overall(modes: Mapping[str, str]) -> str:
    """The one mode of every exercise, or "mixed"."""
    used = set(modes.values())
    return used.pop() if len(used) == 1 else "mixed"


def in_mode(modes: Mapping[str, str], mode: str) -> list[str]:
    return [stem for stem, was in modes.items() if was == mode]


# -- the student README ----------------------------------------------------------------------------
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _section(mode: str) -> str:
    if mode == "formative":
        found = SECTION.search(_template("README.md"))
        if found is None:
            raise ValueError(f"{TEMPLATES / 'README.md'} has no section '## 作答与检查'")
        return found.group(0).rstrip("\n")
    return _template(SECTION_FILES[mode]).rstrip("\n")


def _mixed_section(mode: str, stems: Sequence[str]) -> str:
    """A mode's section, its opening line ("这是……") naming the exercises it is about."""
    lines = _section(mode).split("\n")
    lead = next((i for i, line in enumerate(lines) if line.startswith("这是")), None)
    if lead is None:
        raise ValueError(f"the {mode} section of the student README has no line starting 这是")
    these = "这个练习" if len(stems) == 1 else "这几个练习"
    lines[lead] = MIXED_LEADS[mode].format(exercises=label(stems), these=these)
    return "\n".join(lines)


def student_readme(modes: Mapping[str, str]) -> str:
    """The student README: its section on checks describes each mode the release uses."""
    from cbec.release_summative import readme_with

    used = [mode for mode in MODES if mode in modes.values()]
    if used == ["formative"]:
        return _template("README.md")
    if len(used) == 1:
        return readme_with(SECTION_FILES[used[0]])
    text = "\n\n".join(_mixed_section(mode, in_mode(modes, mode)) for mode in used) + "\n\n"
    replaced, count = SECTION.subn(lambda _: text, _template("README.md"))
    if count != 1:
        raise ValueError(f"{TEMPLATES / 'README.md'} has no section '## 作答与检查' to replace")
    return replaced
