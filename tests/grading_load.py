"""A class graded under load: honest notebooks with known scores, hostile ones among them, and
two processes burning the CPU meanwhile. Used by ``tests/test_grading_load.py`` (marker
``load``) and timed by ``make bench-grading``.

Expected scores are computed from the bank's points, so they follow the bank when it changes.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cbec.grader.grade import Options, grade
from cbec.grader.results import GRADER_ERROR
from tests import grading_corpus as corpus
from tests.grading_corpus import Sources


def _points(questions) -> float:
    return sum(float(q.points) for q in questions)


FULL = _points(corpus.QUESTIONS)
# (builder, expected score): partly_right misses questions 1 and 4; widgets_only has no code
HONEST: dict[str, tuple[Callable, float]] = {
    "full": (corpus.full_marks, FULL),
    "partly": (corpus.partly_right, FULL - _points([corpus.question(1), corpus.question(4)])),
    "widgets": (corpus.widgets_only, _points(corpus.widget_questions())),
    "empty": (corpus.empty, 0.0),
}


def memory_hog(src: Sources, folder: Path) -> None:
    nb = src.answered()
    corpus.insert_after(nb, src.answer_cell_id(corpus.qid(4)), "hog = bytearray(8 * 1024**3)")
    corpus.answered_with_store(src, folder, nb)


HOSTILE: dict[str, Callable] = {
    "endless_loop": corpus.endless_loop,
    "swallowed_interrupt": corpus.loop_ignores_interrupt,
    "flood": corpus.huge_output,
    "os_exit": corpus.kernel_dies,
    "memory": memory_hog,
}


def build_class(src: Sources, folder: Path, honest: int = 30) -> dict[str, float]:
    """``honest`` honest students (their expected scores are returned) and one of each hostile kind."""
    expected = {}
    kinds = list(HONEST)
    for number in range(honest):
        kind = kinds[number % len(kinds)]
        build, score = HONEST[kind]
        student = f"{kind}_{number:02d}"
        build(src, folder / student)
        expected[student] = score
    for name, build in HOSTILE.items():
        build(src, folder / f"hostile_{name}")
    return expected


@contextmanager
def cpu_burners(count: int = 2) -> Iterator[list[subprocess.Popen]]:
    """``count`` processes that keep a core busy each, stopped (by their ids) on leaving."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield burners
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


@dataclass
class Round:
    seconds: float
    wrong: dict[str, tuple[float, float]] = field(default_factory=dict)  # student → (got, expected)
    grader_errors: list[str] = field(default_factory=list)
    hostile_statuses: dict[str, str] = field(default_factory=dict)


def grade_under_load(
    src: Sources, work: Path, rounds: int = 3, honest: int = 30, cell_timeout: float = 5, burners: int = 2
) -> list[Round]:
    """Grade the class ``rounds`` times while ``burners`` processes burn the CPU."""
    expected = build_class(src, work / "submissions", honest)
    done = []
    with cpu_burners(burners):
        for number in range(rounds):
            start = time.perf_counter()
            results = grade(work / "submissions", work / f"out{number}", Options(cell_timeout=cell_timeout))
            this = Round(time.perf_counter() - start)
            for student in results.students:
                if student.ungraded:
                    this.grader_errors.append(student.student)
                if student.student in expected and student.score != expected[student.student]:
                    this.wrong[student.student] = (student.score, expected[student.student])
                if student.student.startswith("hostile_"):
                    this.hostile_statuses[student.student] = student.notebooks[0].status
            done.append(this)
    return done


def all_graded(round_: Round) -> bool:
    return set(round_.hostile_statuses.values()) == {"graded"} and GRADER_ERROR not in round_.hostile_statuses
