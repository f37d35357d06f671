"""The solutions release: ``cbec release OUT --solutions [01,02]``, published after a deadline.

For the exercises it names (all, without a list) it ships the plain question banks instead of
sealed ones, so that ``qN.solution()`` shows the worked solution, and the solution notebooks in
``solutions/``; the other exercises stay as the release in ``OUT`` has them. Publishing every
exercise into a folder that holds a student release would hand the answers to students who may
still be working: it refuses, unless forced. Naming the exercises says their deadlines passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType

from cbec.release import Plan, ReleaseError, _never_shipped
from cbec.release_modes import STUDENT_MODES, label


def plain_bank(bank: ModuleType) -> Plan:
    name = bank.__name__.rsplit(".", 1)[1]
    return {Path("exercises", f"{name}.py"): Path(bank.__file__)}


def solutions_course(root: Path, stems: Iterable[str]) -> Plan:
    """The solution notebooks of the exercises ``stems``."""
    changed: Plan = {}
    for stem in stems:
        rel = Path("solutions", f"{stem}.ipynb")
        if not (root / rel).is_file() or _never_shipped(rel):
            raise ReleaseError(f"{root / rel} is missing; a solutions release needs it")
        changed[rel] = root / rel
    return changed


def refuse_student_release(out: Path, modes: Mapping[str, str]) -> None:
    """Refuse to write every exercise's solutions over a student release in ``out``."""
    open_ = [stem for stem, mode in modes.items() if mode in STUDENT_MODES]
    if open_:
        kinds = sorted({modes[stem] for stem in open_})
        kind = kinds[0] if len(kinds) == 1 and len(open_) == len(modes) else "mixed"
        raise ReleaseError(
            f"{out} holds a {kind} student release; writing the solutions of every exercise there "
            f"would give the answers of exercises {label(open_, ', ')} to everyone who opens it. Name the "
            "exercises whose deadline has passed (--solutions 01,02), choose another folder, or "
            "pass --force if every deadline has passed"
        )
