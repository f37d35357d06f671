"""Submissions for several exercises at once: one folder per exercise, or all in one.

``cbec grade`` reads either a class folder in which each student handed in one or several
exercise notebooks, or a term folder with one subfolder per exercise, each holding that
exercise's class (``01_people_goods_place/``, ``01/``, ``ex01/`` or ``练习01/``; each laid out as
``collect`` reads). A student's files from every exercise folder become one submission, joined
by the student's id, so one gradebook row holds all their exercises.
"""

from __future__ import annotations

import re
from pathlib import Path

from cbec.grader.submissions import Submission, _visible, collect

# "01" or "ex1", "exercise_01", "练习01": a bare number must have its leading zero, so that a
# student folder named by a number (a student id) is never taken for an exercise.
NUMBERED = re.compile(r"^(?:(?:ex|exercise|练习)[-_ ]?0*(?P<n>\d+)|0(?P<z>\d))$", re.IGNORECASE)


def exercise_of(name: str, stems: list[str]) -> str | None:
    """The exercise stem a folder's name stands for, or None."""
    if name in stems:
        return name
    found = NUMBERED.match(name)
    if not found:
        return None
    number = int(found["n"] or found["z"])
    return next(
        (s for s in stems if s.split("_", 1)[0].isdigit() and int(s.split("_", 1)[0]) == number), None
    )


def exercise_folders(path: Path, stems: list[str]) -> dict[str, Path] | None:
    """stem → folder when every visible entry of ``path`` is an exercise's folder; else None."""
    if not path.is_dir():
        return None
    entries = [e for e in sorted(path.iterdir()) if _visible(Path(e.name))]
    if not entries or not all(e.is_dir() for e in entries):
        return None
    found = {e: exercise_of(e.name, stems) for e in entries}
    if any(stem is None for stem in found.values()):
        return None
    return {stem: folder for folder, stem in found.items()}


def collect_any(path: Path, scratch: Path, stems: list[str]) -> list[Submission]:
    """Every student's submission: from a class folder (or zip), or joined across exercise folders."""
    folders = exercise_folders(Path(path), stems)
    if folders is None:
        return collect(path, scratch)
    joined: dict[tuple[str, int], Submission] = {}
    for stem, folder in folders.items():
        seen: dict[str, int] = {}
        for sub in collect(folder, scratch / stem):
            sub.source = f"{folder.name}/{sub.source}"
            # two submissions claiming one id (flagged) stay two: the n-th joins the n-th
            seen[sub.student_id] = seen.get(sub.student_id, 0) + 1
            into = joined.setdefault((sub.student_id, seen[sub.student_id]), sub)
            if into is sub:
                continue
            into.source += f"; {sub.source}"
            # a stray copy of another exercise never replaces the file from that exercise's folder
            into.files.update({n: p for n, p in sub.files.items() if stem in n or n not in into.files})
            into.flags += [f for f in sub.flags if f not in into.flags]
            into.late_flag = into.late_flag or sub.late_flag
    return sorted(joined.values(), key=lambda s: (s.student, s.student_id, s.source))
