"""Collect one exercise from a JupyterHub's home folders into the layout ``cbec grade`` reads.

``HOMES/<user>/<course>/exercises/<stem>.ipynb`` (the course as the nbgitpuller link cloned it)
and the answer store beside it become ``OUT/<user>/<stem>.ipynb`` and ``…answers.json``: one
folder per user, named by user name, which ``cbec grade`` takes as the student id.
HOMES is only read: files are copied, never moved, touched or opened for writing.
"""

from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

NOTEBOOK, STORE = ".ipynb", ".answers.json"


class CollectError(ValueError):
    """Nothing can be collected; the message says why."""


@dataclass
class Collected:
    copied: dict[str, list[str]] = field(default_factory=dict)  # user → file names written
    missing: list[str] = field(default_factory=list)  # users with no exercise notebook
    notes: dict[str, str] = field(default_factory=dict)  # user → what the instructor should know


def exercise_stem(exercise: str) -> str:
    """``01`` (or ``1``, or the stem itself) → ``01_people_goods_place``, from the question banks."""
    number = exercise.split("_", 1)[0]
    if not number.isdigit():
        raise CollectError(f"--exercise {exercise!r}: give the exercise's number, such as 01")
    try:
        bank = importlib.import_module(f"cbec.exercises.l{int(number):02d}")
    except ModuleNotFoundError as err:
        raise CollectError(f"there is no exercise {exercise}") from err
    return bank.exercise.stem


def _candidates(home: Path, stem: str) -> list[Path]:
    """The user's copies of the exercise: in a course folder in the home, or the home itself."""
    found = [*home.glob(f"*/exercises/{stem}{NOTEBOOK}"), *home.glob(f"exercises/{stem}{NOTEBOOK}")]
    return sorted(p for p in found if p.is_file())


def _users(homes: Path) -> list[Path]:
    return sorted(p for p in homes.iterdir() if p.is_dir() and not p.name.startswith("."))


def _check_out(homes: Path, out: Path, overwrite: bool) -> None:
    if not homes.is_dir():
        raise CollectError(f"{homes} is not a folder")
    if out == homes or homes in out.parents or out in homes.parents:
        raise CollectError(f"--out {out} overlaps the homes; collecting never writes among the homes")
    if out.is_file():
        raise CollectError(f"--out {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise CollectError(f"--out {out} is not empty; choose an empty folder, or pass --overwrite")


def collect(homes: Path, exercise: str, out: Path, overwrite: bool = False) -> Collected:
    homes, out = Path(homes).resolve(), Path(out).resolve()
    _check_out(homes, out, overwrite)
    stem, result = exercise_stem(exercise), Collected()
    for home in _users(homes):
        user, found = home.name, _candidates(home, stem)
        if not found:
            result.missing.append(user)
            continue
        if len(found) > 1:
            listed = ", ".join(str(p.relative_to(home)) for p in found)
            result.notes[user] = f"several copies ({listed}); took {found[0].relative_to(home)}"
        result.copied[user] = _copy(found[0], out / user, overwrite)
        if stem + STORE not in result.copied[user]:
            result.notes.setdefault(user, "no answer store: no widget question was answered")
    return result


def _copy(notebook: Path, dest: Path, overwrite: bool) -> list[str]:
    if overwrite and dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = []
    for source in (notebook, notebook.with_name(notebook.stem + STORE)):
        if source.is_file():
            shutil.copyfile(source, dest / source.name)  # contents only: the source is never touched
            written.append(source.name)
    return written
