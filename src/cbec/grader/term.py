"""``cbec gradebook TERM_DIR --out DIR``: the exercises of a term, combined into one gradebook.

TERM_DIR holds the folders ``cbec grade`` wrote, one per exercise or one for several (each with
its ``grades.json``; TERM_DIR itself may be one). An optional ``term.ini`` (in TERM_DIR, or
``--config``) gives each exercise's weight and how many lowest exercises to drop::

    [weights]
    01 = 1
    02 = 2
    [term]
    drop_lowest = 1

Each exercise counts as the share of its points the student earned, after any late penalty;
its weight is what it is worth in the term. ``drop_lowest = N`` leaves out, for each student,
the N exercises whose removal gives the student the highest percentage (with equal weights: the
N lowest). A student whose notebook the grader failed on has no term total until regraded; a
student with no grades for an exercise has 0 for it (``missing``).
"""

from __future__ import annotations

import configparser
import itertools
from dataclasses import dataclass, field
from pathlib import Path

from cbec.grader import roster as class_roster
from cbec.grader.late import penalty
from cbec.grader.results import GRADER_ERROR, ClassResults, ExerciseInfo, StudentResult
from cbec.grader.submissions import Submission

CONFIG = "term.ini"


class TermError(ValueError):
    """The term cannot be combined; the message says why, in plain English."""


@dataclass
class Config:
    weights: dict[str, float]  # stem → weight, every exercise of the term
    drop_lowest: int = 0
    assignment: str = "cbec 练习总评"  # the column an LMS export creates


@dataclass
class Part:
    """One student's result in one exercise of the term."""

    score: float | None  # None: not graded (a grader fault; regrade)
    points: float
    status: str  # graded / rejected / missing / grader_error
    late: dict | None = None

    @property
    def penalty(self) -> float:
        return penalty(self.score or 0.0, self.late)

    @property
    def share(self) -> float | None:
        if self.score is None or not self.points:
            return None
        return max(self.score - self.penalty, 0.0) / self.points


@dataclass
class Row:
    key: str
    name: str
    section: str = ""
    email: str = ""
    roster: str = ""
    parts: dict[str, Part] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    total: float | None = None  # weighted points
    possible: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return None if self.total is None or not self.possible else 100 * self.total / self.possible


@dataclass
class Term:
    exercises: list[ExerciseInfo]
    config: Config
    rows: list[Row]
    sources: dict[str, Path]  # stem → the grades folder it came from
    rostered: bool = False  # a roster was given: unmatched rows stay out of LMS exports


def grades_folders(term_dir: Path) -> list[Path]:
    term_dir = Path(term_dir)
    if not term_dir.is_dir():
        raise TermError(f"{term_dir} is not a folder")
    found = [term_dir] if (term_dir / "grades.json").is_file() else []
    found += [p for p in sorted(term_dir.iterdir()) if p.is_dir() and (p / "grades.json").is_file()]
    if not found:
        raise TermError(
            f"{term_dir} holds no grades.json, nor does any folder in it: grade each exercise first"
        )
    return found


def load(term_dir: Path) -> tuple[list[ExerciseInfo], dict[str, ClassResults], dict[str, Path]]:
    """Every exercise of the term, the grades that hold it, and the folder they came from."""
    exercises, holder, sources = [], {}, {}
    for folder in grades_folders(term_dir):
        try:
            results = ClassResults.load(folder / "grades.json")
        except (ValueError, KeyError, TypeError) as err:
            raise TermError(
                f"{folder / 'grades.json'} is not a grades file cbec grade wrote ({err})"
            ) from err
        for info in results.exercises:
            if info.stem in holder:
                raise TermError(
                    f"exercise {info.stem} is graded in both {sources[info.stem]} and {folder}; "
                    "keep one of the two folders in the term folder"
                )
            exercises.append(info)
            holder[info.stem], sources[info.stem] = results, folder
    exercises.sort(key=lambda e: e.stem)
    return exercises, holder, sources


def _stem_of(key: str, stems: list[str]) -> str | None:
    key = key.strip()
    return next(
        (s for s in stems if key == s or (key.isdigit() and s.split("_", 1)[0] == f"{int(key):02d}")), None
    )


def read_config(path: Path | None, stems: list[str]) -> Config:
    """Weights (default 1 each) and drop_lowest; an exercise the term does not hold is refused."""
    config = Config({s: 1.0 for s in stems})
    if path is None:
        return config
    # no interpolation: '40%' and 'assignment = 期末 50%' are what instructors type
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(class_roster.read_text(path, "config"))
    except configparser.Error as err:
        raise TermError(f"config {path}: not an INI file ({str(err).splitlines()[0]})") from err
    unknown = sorted(set(parser.sections()) - {"weights", "term"})
    if unknown:
        raise TermError(
            f"config {path}: unknown sections {', '.join(unknown)}; the sections are [weights] and [term]"
        )
    if parser.has_section("weights"):
        config.weights = _weights(parser["weights"], stems, path)
    if parser.has_section("term"):
        _term_options(parser["term"], config, path)
    return config


def _weights(section, stems: list[str], path: Path) -> dict[str, float]:
    weights = {}
    for key, raw in section.items():
        stem = _stem_of(key, stems)
        if stem is None:
            raise TermError(
                f"config {path}: exercise {key!r} has a weight but no grades in the term folder "
                f"(graded: {', '.join(stems)})"
            )
        try:
            # '40%' is the weight 40: weights are relative, so percentages that add up to 100 work
            weights[stem] = float(raw.strip().removesuffix("%").strip())
        except ValueError:
            raise TermError(f"config {path}: the weight of {key} is {raw!r}, not a number") from None
        if weights[stem] < 0:
            raise TermError(f"config {path}: the weight of {key} is negative")
    absent = [s for s in stems if s not in weights]
    if absent:
        raise TermError(
            f"config {path}: no weight for {', '.join(absent)}; give every graded exercise one (0 to leave it out)"
        )
    if not any(weights.values()):
        raise TermError(f"config {path}: every weight is 0")
    return weights


def _term_options(section, config: Config, path: Path) -> None:
    unknown = sorted(set(section) - {"drop_lowest", "assignment"})
    if unknown:
        raise TermError(
            f"config {path}: unknown options {', '.join(unknown)} in [term] (drop_lowest, assignment)"
        )
    raw = section.get("drop_lowest", "0")
    if not raw.strip().isdigit():
        raise TermError(f"config {path}: drop_lowest is {raw!r}, not a whole number")
    config.drop_lowest = int(raw)
    counted = sum(w > 0 for w in config.weights.values())
    if config.drop_lowest >= counted:
        raise TermError(
            f"config {path}: drop_lowest = {config.drop_lowest} would drop every exercise ({counted} count)"
        )
    config.assignment = section.get("assignment", config.assignment).strip() or config.assignment


def _part(student: StudentResult | None, info: ExerciseInfo) -> Part:
    notebook = next((n for n in student.notebooks if n.stem == info.stem), None) if student else None
    if notebook is None:
        return Part(0.0, info.max_score, class_roster.MISSING)
    if notebook.status == GRADER_ERROR:
        return Part(None, info.max_score, GRADER_ERROR)
    return Part(notebook.score, info.max_score, notebook.status, student.late)


def _students(holder: dict[str, ClassResults]) -> dict[str, StudentResult]:
    """key → one result of the student (for name and section): every grades file is looked in."""
    found: dict[str, StudentResult] = {}
    for results in holder.values():
        for student in results.students:
            found.setdefault(student.key, student)
    return found


def _by_key(results: ClassResults) -> dict[str, StudentResult]:
    return {s.key: s for s in results.students}


def combine(term_dir: Path, config_path: Path | None = None, roster: Path | None = None) -> Term:
    exercises, holder, sources = load(term_dir)
    stems = [e.stem for e in exercises]
    if config_path is None and (Path(term_dir) / CONFIG).is_file():
        config_path = Path(term_dir) / CONFIG
    config = read_config(config_path, stems)
    people = _students(holder)
    lookups = {stem: _by_key(holder[stem]) for stem in stems}
    rows = []
    for key, student in people.items():
        row = Row(key, student.student, student.section)
        row.parts = {e.stem: _part(lookups[e.stem].get(key), e) for e in exercises}
        row.roster = _status(row, {lookups[s][key].roster for s in stems if key in lookups[s]})
        rows.append(row)
    if roster is not None:
        rows = _apply_roster(rows, class_roster.read_roster(roster), exercises)
    for row in rows:
        _total(row, config)
    rows.sort(key=lambda r: (r.section, r.name, r.key))
    return Term(exercises, config, rows, sources, roster is not None)


def _status(row: Row, statuses: set[str]) -> str:
    """The row's roster status over the term: missing only when it handed in no exercise."""
    if not statuses - {""}:
        return ""
    if all(p.status == class_roster.MISSING for p in row.parts.values()):
        return class_roster.MISSING
    return class_roster.UNMATCHED if class_roster.UNMATCHED in statuses else class_roster.MATCHED


def _apply_roster(rows: list[Row], rostered: list, exercises: list[ExerciseInfo]) -> list[Row]:
    """Emails and sections from the roster; a row for every rostered student; the rest unmatched."""
    subs = [Submission(r.name, r.key, student_id=r.key) for r in rows]
    matching = class_roster.match(subs, rostered)
    for row, sub in zip(rows, subs, strict=True):
        found = matching.matched.get(id(sub))
        if found is None:
            row.roster = class_roster.UNMATCHED
            row.notes += sub.flags
            continue
        row.key, row.name, row.section, row.email = found.student_id, found.name, found.section, found.email
        handed_in = any(p.status != class_roster.MISSING for p in row.parts.values())
        row.roster = class_roster.MATCHED if handed_in else class_roster.MISSING
    for missing in matching.missing:
        parts = {e.stem: Part(0.0, e.max_score, class_roster.MISSING) for e in exercises}
        rows.append(
            Row(missing.student_id, missing.name, missing.section, missing.email, class_roster.MISSING, parts)
        )
    return rows


def _total(row: Row, config: Config) -> None:
    counted = {s: p for s, p in row.parts.items() if config.weights.get(s, 0) > 0}
    if any(p.share is None for p in counted.values()):
        ungraded = ", ".join(s for s, p in counted.items() if p.share is None)
        row.notes.append(f"no term total: the grader failed on {ungraded}; regrade it")
        row.possible = sum(config.weights[s] for s in counted)
        return
    # A row on no roster that lacks an exercise may be half of a person (an id in one export, a
    # folder name in another): dropping its missing half would turn the other into 100 %.
    drop = config.drop_lowest
    if row.roster == class_roster.UNMATCHED and any(
        p.status == class_roster.MISSING for p in counted.values()
    ):
        drop = 0
        row.notes.append("not on the roster and an exercise never handed in: nothing dropped")
    best = None
    for dropped in itertools.combinations(sorted(counted), drop):
        kept = [s for s in counted if s not in dropped]
        earned = sum(config.weights[s] * counted[s].share for s in kept)
        possible = sum(config.weights[s] for s in kept)
        if best is None or earned / possible > best[0] / best[1] + 1e-12:
            best = (earned, possible, list(dropped))
    row.total, row.possible, row.dropped = round(best[0], 4), best[1], best[2]
