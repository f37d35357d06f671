"""Single source: write ``exercises/`` from ``solutions/``.

Authors edit only the solution notebooks. The exercise notebooks are generated from them:

- ``# BEGIN SOLUTION`` … ``# END SOLUTION``: the block becomes ``...`` at the same indentation;
- ``lhs = rhs  # SOLUTION``: the line becomes ``lhs = ...``;
- any other line ending in ``# SOLUTION`` is dropped;
- a cell tagged ``solution`` is dropped whole, and so is a code cell left empty;
- outputs, execution counts and widget state are cleared; cell ids are kept, so diffs stay small.

Before that, the cell tagged ``how-to`` of each solution notebook whose stem has a question bank
gets the "怎样作答" text rendered from ``src/cbec/how_to_answer.md`` and that bank (see
``cbec.how_to_answer``); only that cell's source changes, every other byte of the notebook stays.
A solution with no such cell, or with no bank, is built as it is.

The same build renders ``lessons/glossary.md`` from ``src/cbec/glossary.csv`` (see ``cbec.glossary``)
in a course that has that source, and the generated blocks of ``instructor/guide.md`` in a course
that has the guide (see ``cbec.instructor_guide``).

``cbec build --check`` writes nothing and fails, naming the files, when any of them is stale.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from cbec import glossary
from cbec.cell_edit import CellEditError, replace_source

if TYPE_CHECKING:
    from cbec.questions.exercise import Exercise

BEGIN = re.compile(r"^(?P<indent>\s*)#\s*BEGIN SOLUTION\b")
END = re.compile(r"^\s*#\s*END SOLUTION\b")
LINE = re.compile(r"\s*#\s*SOLUTION\s*$")
# ``name = value``, ``obj.attr = value``, ``d["k"] = value`` (not ``==``, ``+=`` and the like).
ASSIGNMENT = re.compile(r"^(?P<target>\s*[\w.\[\]'\"]+\s*)=(?!=)")
SOLUTION_TAG = "solution"
HOW_TO_TAG = "how-to"  # the solution cell that holds the rendered "怎样作答" text


class BuildError(ValueError):
    """A solution notebook has unbalanced markers."""


def strip_solution(source: str, where: str = "cell") -> str:
    """Return ``source`` with every solution marked out of it."""
    out: list[str] = []
    in_block = False
    for line in source.split("\n"):
        begin = BEGIN.match(line)
        if begin:
            if in_block:
                raise BuildError(f"{where}: BEGIN SOLUTION inside another solution block")
            in_block = True
            out.append(f"{begin.group('indent')}...")
        elif END.match(line):
            if not in_block:
                raise BuildError(f"{where}: END SOLUTION without BEGIN SOLUTION")
            in_block = False
        elif in_block:
            continue
        elif LINE.search(line):
            assignment = ASSIGNMENT.match(line)
            if assignment:
                out.append(f"{assignment.group('target').rstrip()} = ...")
        else:
            out.append(line)
    if in_block:
        raise BuildError(f"{where}: BEGIN SOLUTION without END SOLUTION")
    return "\n".join(out)


def _stable_id(path: Path, index: int) -> str:
    return hashlib.sha1(f"{path.name}:{index}".encode()).hexdigest()[:8]


def exercise_from_solution(solution: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    exercise = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(solution.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG in tags:
            continue
        new = copy.deepcopy(cell)
        new["id"] = cell.get("id") or _stable_id(path, index)
        new["metadata"] = {"tags": tags} if tags else {}
        if cell.cell_type == "code":
            new.source = strip_solution(cell.source, f"{path.name} cell {index}")
            if cell.source.strip() and not new.source.strip():
                continue
            new.outputs = []
            new.execution_count = None
        cells.append(new)
    exercise.cells = cells
    exercise.metadata = {k: v for k, v in solution.metadata.items() if k in ("kernelspec", "language_info")}
    exercise.nbformat, exercise.nbformat_minor = 4, max(solution.get("nbformat_minor", 5), 5)
    return exercise


@dataclass(frozen=True)
class Target:
    solution: Path
    exercise: Path
    text: str
    solution_text: str | None = None  # the solution with its how-to cell rendered, when that differs

    @property
    def stale(self) -> bool:
        return not self.exercise.is_file() or self.exercise.read_text(encoding="utf-8") != self.text


def _read_solution(path: Path) -> nbformat.NotebookNode:
    try:
        return nbformat.read(path, as_version=4)
    except (ValueError, nbformat.ValidationError) as err:  # NotJSONError is a ValueError
        raise BuildError(f"{path} is not a valid notebook: {err}") from err


def _installed_banks() -> dict[str, Exercise]:
    # Imported only when a solution has a how-to cell: a course without solutions (a student
    # release) never loads its banks, nor the question types, to build.
    from cbec.exercises import banks

    return {stem: module.exercise for stem, module in banks().items()}


def _how_to_cell(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode | None:
    cells = [c for c in notebook.cells if HOW_TO_TAG in c.get("metadata", {}).get("tags", [])]
    if len(cells) > 1 or (cells and cells[0].cell_type != "markdown"):
        raise BuildError(f"{path}: one markdown cell may be tagged {HOW_TO_TAG!r}; found {len(cells)} cells")
    return cells[0] if cells else None


def with_how_to(root: Path, path: Path, notebook: nbformat.NotebookNode, exercise: Exercise) -> str | None:
    """The text of the solution at ``path`` with its how-to cell rendered from the course's
    template, or None when it has none or it is current. ``notebook`` (read from ``path``) gets
    the rendered cell."""
    from cbec import how_to_answer

    cell = _how_to_cell(notebook, path)
    if cell is None:
        return None
    template = how_to_answer.template_path(root).read_text(encoding="utf-8")
    try:
        text = how_to_answer.render(exercise, template=template)
    except how_to_answer.TemplateError as err:
        raise BuildError(str(err)) from err
    if cell.source == text:
        return None
    cell.source = text
    try:
        return replace_source(path.read_text(encoding="utf-8"), cell.get("id", ""), text)
    except CellEditError:  # no id, or an unusual layout: write the notebook as nbformat does
        return nbformat.writes(notebook) + "\n"


def plan(root: Path, banks: Mapping[str, Exercise] | None = None) -> tuple[list[Target], list[Path]]:
    """Every exercise the solutions imply, and exercise files that no solution implies.

    ``banks`` maps an exercise stem to its bank; by default, the installed question banks."""
    targets = []
    for solution_path in sorted((root / "solutions").glob("*.ipynb")):
        solution = _read_solution(solution_path)
        solution_text = None
        if _how_to_cell(solution, solution_path) is not None:
            banks = _installed_banks() if banks is None else banks
            if solution_path.stem in banks:
                solution_text = with_how_to(root, solution_path, solution, banks[solution_path.stem])
        exercise = exercise_from_solution(solution, solution_path)
        nbformat.validate(exercise)
        text = nbformat.writes(exercise) + "\n"
        targets.append(Target(solution_path, root / "exercises" / solution_path.name, text, solution_text))
    wanted = {t.exercise.name for t in targets}
    orphans = [p for p in sorted((root / "exercises").glob("*.ipynb")) if p.name not in wanted]
    return targets, orphans


def glossary_page(root: Path, check: bool) -> list[str]:
    """Render the glossary page from the course's own source (or, with ``check``, only compare)."""
    source = root / "src" / "cbec" / glossary.SOURCE.name
    if not source.is_file():
        return []
    try:
        text = glossary.render(glossary.load(source), root / "lessons")
    except glossary.GlossaryError as err:
        raise BuildError(str(err)) from err
    page = root / glossary.PAGE
    if page.is_file() and page.read_text(encoding="utf-8") == text:
        return []
    if check:
        return [
            f"{glossary.PAGE} is stale: it differs from what {source.relative_to(root)} renders. Run `cbec build`."
        ]
    page.parent.mkdir(exist_ok=True)
    page.write_text(text, encoding="utf-8")
    return []


def _stale_how_to(root: Path, solution: Path) -> str:
    from cbec.how_to_answer import template_path

    template = template_path(root)
    shown = template.relative_to(root) if template.is_relative_to(root) else template
    return (
        f"{solution.relative_to(root)} is stale: its how-to cell differs from what {shown} renders "
        "from its question bank. Run `cbec build`."
    )


def instructor_guide(root: Path, check: bool) -> list[str]:
    """The guide's generated blocks. Imported only here: a student release has neither the guide
    nor its generator, and a course without the guide builds as before."""
    if not (root / "instructor" / "guide.md").is_file():
        return []
    from cbec import instructor_guide as guide

    return guide.update(root, check)


def build(root: Path, check: bool = False, banks: Mapping[str, Exercise] | None = None) -> list[str]:
    """Write the solutions' how-to cells, the exercises, the glossary page and the guide's
    generated blocks (or, with ``check``, only compare). Return the problems."""
    targets, orphans = plan(root, banks)
    problems = [f"{p.relative_to(root)} has no solution notebook in solutions/" for p in orphans]
    for target in targets:
        if target.solution_text is not None and check:
            problems.append(_stale_how_to(root, target.solution))
        elif target.solution_text is not None:
            target.solution.write_text(target.solution_text, encoding="utf-8")
        if not target.stale:
            continue
        if check:
            problems.append(
                f"{target.exercise.relative_to(root)} is stale: it differs from what "
                f"{target.solution.relative_to(root)} builds. Run `cbec build`."
            )
        else:
            target.exercise.parent.mkdir(exist_ok=True)
            target.exercise.write_text(target.text, encoding="utf-8")
    return problems + glossary_page(root, check) + instructor_guide(root, check)
