"""Assemble the notebook that is graded: the learner's cells, with the checks restored.

A learner may edit, delete, duplicate or move the check cells (``q4.check(median_value)``).
None of that matters here: every such cell is removed, and for each question of the source
exercise a probe cell (see ``cbec.probe``) is put back right after the cell that came before
the check in the source, found by its cell id; if the learner deleted that cell, the probe goes
at the end. Widget questions get no probe: their answers are read from the submitted answer
store before any kernel starts (``cbec.grader.grade``), so code run while grading cannot change
them. A check cell in which the learner also wrote other code (often the answer itself)
is kept, and its probe follows it. Probes are identified by question id, never by position.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from types import ModuleType

import nbformat
from nbformat.v4.nbbase import random_cell_id

from cbec.answer_codec import encode
from cbec.questions.chart import PlotAnswer

CHECK_CALL = re.compile(r"^(?P<name>q\d+)\.check\((?P<arg>.*)\)\s*;?\s*$", re.DOTALL)
CHECK_LINE = re.compile(r"^\s*(q\d+\.check\b.*|#.*)?$")  # a line about a check, a comment or blank
PROBE_KEY = "cbec_probe"


class SourceError(ValueError):
    """The source exercise and its question bank disagree: an authoring error."""


@dataclass(frozen=True)
class Check:
    """One check cell of the source exercise."""

    qid: str
    kind: str  # "stored", "value", "function" or "plot"
    argument: str  # the expression passed to check(), e.g. "median_value"
    cell_id: str
    anchor: str | None  # id of the code cell before it in the source


def _kind(question) -> str:
    if question.widget_kind:
        return "stored"
    if isinstance(question, PlotAnswer):
        return "plot"  # its probe reports what the charts show, not the charts
    return "function" if hasattr(question, "reference") else "value"


def source_checks(source: nbformat.NotebookNode, bank: ModuleType) -> list[Check]:
    """The check cells of the source exercise, each tied to its question by id."""
    by_name = {q.name: q for q in bank.exercise.questions.values()}
    checks, anchor = [], None
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        match = CHECK_CALL.match(_source(cell).strip())
        if match and match["name"] in by_name:
            question = by_name[match["name"]]
            checks.append(
                Check(question.qid, _kind(question), match["arg"].strip(), cell.get("id", ""), anchor)
            )
        else:
            anchor = cell.get("id")
    missing = set(bank.exercise.questions) - {c.qid for c in checks}
    if missing:
        raise SourceError(f"{bank.exercise.stem}: no check cell for {sorted(missing)}")
    return checks


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _is_check_cell(cell, check_ids: set[str]) -> bool:
    if cell.cell_type != "code":
        return False
    source = _source(cell)
    if CHECK_CALL.match(source.strip()):
        return True
    # A check cell that also holds other code stays: that code may be the learner's answer.
    return cell.get("id") in check_ids and all(CHECK_LINE.match(line) for line in source.splitlines())


def _function_cases(question) -> str:
    cases = {"public": question.public_cases(), "hidden": question.secret_cases()}
    return json.dumps(encode({k: [list(args) for args in v] for k, v in cases.items()}), ensure_ascii=False)


def probe_source(check: Check, question, nonce: str) -> str:
    head = f"import cbec.probe as _cbec_probe\n_cbec_probe.{check.kind}({nonce!r}, {check.qid!r}, "
    getter = f"lambda: ({check.argument})"
    if check.kind == "value":
        return head + f"{getter})"
    return head + f"{getter}, {_function_cases(question)!r})"


def _probe_cell(check: Check, question, nonce: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(probe_source(check, question, nonce))
    cell.metadata[PROBE_KEY] = {"qid": check.qid}
    cell["id"] = f"cbec-probe-{check.qid.replace('.', '-')}"
    return cell


def _learner_cell(cell) -> nbformat.NotebookNode:
    kept = nbformat.from_dict({k: v for k, v in cell.items() if k not in ("outputs", "execution_count")})
    if kept.cell_type == "code":
        kept.outputs, kept.execution_count = [], None
    kept.metadata = {}  # nbval markers in metadata belong to the author, not the learner
    if "id" not in kept:  # a notebook older than format 4.5; the graded copy is 4.5, ids required
        kept["id"] = random_cell_id()
    return kept


def _position(cells: list, check: Check) -> int | None:
    """The index the probe follows: the cell before the check in the source, or the check cell
    itself when the learner's code kept it, whichever comes later."""
    wanted = {check.anchor, check.cell_id} - {None, ""}
    return max((i for i, c in enumerate(cells) if c.get("id") in wanted), default=None)


def assemble(
    learner: nbformat.NotebookNode,
    checks: list[Check],
    bank: ModuleType,
    nonce: str,
) -> nbformat.NotebookNode:
    """The graded notebook: learner cells minus check cells, probes restored by question id."""
    check_ids = {c.cell_id for c in checks}
    cells = [_learner_cell(c) for c in learner.cells if not _is_check_cell(c, check_ids)]
    questions = bank.exercise.questions
    at_end = []
    for check in (c for c in checks if c.kind != "stored"):
        probe = _probe_cell(check, questions[check.qid], nonce)
        position = _position(cells, check)
        if position is None:
            at_end.append(probe)
        else:
            cells.insert(position + 1, probe)
    graded = nbformat.v4.new_notebook()
    graded.cells = cells + at_end
    graded.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return graded
