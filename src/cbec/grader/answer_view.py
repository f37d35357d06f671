"""Each question as a feedback page reviews it: its text, the learner's own answer, and (with
``cbec grade --with-solutions``) the solution.

The question's text is the exercise notebook's markdown cell above its check. A widget answer
comes from the grades (the submitted answer store); a code answer is the learner's answer
cell, taken from the graded notebook when it is graded (the cell just before the question's
probe) and kept in the grades. Everything the learner wrote is escaped: it is shown, never run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat

from cbec.grader.results import ClassResults, ExerciseInfo, NotebookResult, QuestionInfo, QuestionResult
from cbec.paths import CourseNotFoundError, course_root

PROBE_PREFIX = "cbec-probe-"
MAX_CODE = 4000  # characters of an answer cell shown; a longer one is cut with a note
MAX_TEXT = 2000
HEADING = re.compile(r"^#+\s*", re.M)  # a markdown heading's marks, which a page shows as text


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _cut(value: str, limit: int) -> str:
    return (
        value
        if len(value) <= limit
        else value[:limit] + f"\n…（共 {len(value)} 个字符，只显示前 {limit} 个）"
    )


# -- reading: question texts and answer cells ------------------------------------------------------
def question_texts_in(notebook: nbformat.NotebookNode, names: dict[str, str]) -> dict[str, str]:
    """``names`` maps "q4" to "L01.Q4": each question's text is the nearest markdown cell above
    its first check or widget cell."""
    texts: dict[str, str] = {}
    last_markdown = ""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            last_markdown = _source(cell).strip()
            continue
        head = _source(cell).strip().split("(", 1)[0]
        name = head.split(".", 1)[0]
        if name in names and head.endswith((".check", ".widget")) and names[name] not in texts:
            texts[names[name]] = last_markdown
    return texts


@lru_cache(maxsize=32)
def question_texts(stem: str) -> dict[str, str]:
    """The question texts of the course's exercise ``stem``; none when it cannot be read."""
    from cbec.exercises import banks

    try:
        path = course_root() / "exercises" / f"{stem}.ipynb"
        bank = banks().get(stem)
        notebook = nbformat.read(path, as_version=4)
    except (CourseNotFoundError, OSError, ValueError):
        return {}
    if bank is None:
        return {}
    return question_texts_in(notebook, {q.name: q.qid for q in bank.exercise.questions.values()})


def answer_cells(graded: nbformat.NotebookNode) -> dict[str, str]:
    """Each probed question's answer cell in the graded notebook: the learner's code cell just
    before its probe. A probe put at the end (its cell was deleted) has none."""
    codes: dict[str, str] = {}
    learner_cells: list[Any] = []
    for cell in graded.cells:
        cell_id = cell.get("id", "")
        if cell_id.startswith(PROBE_PREFIX):
            qid = cell.metadata.get("cbec_probe", {}).get("qid")
            if qid and learner_cells and learner_cells[-1] is not None:
                codes[qid] = _source(learner_cells[-1])
            continue
        learner_cells.append(cell if cell.cell_type == "code" else None)
    return codes


def attach_codes(questions: list[QuestionResult], notebook: Path) -> None:
    """Keep each code question's answer cell in its result; a notebook that cannot be read
    leaves them empty (the grade does not depend on them)."""
    try:
        codes = answer_cells(nbformat.read(notebook, as_version=4))
    except (OSError, ValueError):
        return
    for result in questions:
        if result.qid in codes:
            result.code = codes[result.qid]


def bank_solutions() -> dict[str, str]:
    """The instructor's solution of every question, as ``qN.solution()`` shows it."""
    from cbec.exercises import banks

    return {q.qid: q.solution_text for bank in banks().values() for q in bank.exercise.questions.values()}


# -- showing ---------------------------------------------------------------------------------------
def _esc(value: object) -> str:
    from cbec.grader.feedback_html import text

    return text(value)


def _lines(value: object) -> str:
    from cbec.grader.feedback_html import multiline

    return multiline(value)


def _pre(value: str) -> str:
    return f"<pre class='answer'><code>{_esc(value)}</code></pre>"


def widget_answer(kind: str, answer: Any) -> str:
    """A submitted widget answer, readable: the choice, the ticked options, the per-item table."""
    if isinstance(answer, dict):
        rows = "".join(f"<tr><td>{_esc(k)}</td><td>{_esc(v)}</td></tr>" for k, v in answer.items())
        return f"<table class='answer'><thead><tr><th>项目</th><th>你的分类</th></tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(answer, list):
        return f"<p>{_esc('、'.join(map(str, answer)) if answer else '（一个也没选）')}</p>"
    if kind == "written":
        return f"<blockquote>{_lines(_cut(str(answer), MAX_TEXT))}</blockquote>"
    if isinstance(answer, float):
        return f"<p>{_esc(f'{answer:g}')}</p>"
    return f"<p>{_esc(answer)}</p>"


def learner_answer(info: QuestionInfo, result: QuestionResult) -> str:
    code = getattr(result, "code", "")
    if code:
        return _pre(_cut(code, MAX_CODE))
    if result.answer is not None:
        return widget_answer(info.kind, result.answer)
    if result.status == "not_attempted":
        return "<p>（没有作答）</p>"
    return "<p>（没有找到你的答案）</p>"


def question_block(info: QuestionInfo, result: QuestionResult, question: str, solution: str | None) -> str:
    parts = [f"<h4>{_esc(info.label)}</h4>"]
    if question:
        shown = HEADING.sub("", _cut(question, MAX_TEXT))
        parts.append(f"<div class='question'>{_lines(shown)}</div>")
    parts += ["<p><b>你的答案</b></p>", learner_answer(info, result)]
    if solution is not None:
        parts += ["<p><b>参考答案</b></p>", f"<div class='solution'>{_lines(solution)}</div>"]
    return "<div class='review'>" + "\n".join(parts) + "</div>"


def review_section(
    exercise: ExerciseInfo, notebook: NotebookResult | None, solutions: dict[str, str] | None = None
) -> str:
    """Every question of ``exercise`` with its text, the learner's answer and, when given, its solution."""
    if notebook is None or notebook.status != "graded":
        return ""
    given = {q.qid: q for q in notebook.questions}
    texts = question_texts(exercise.stem)
    blocks = [
        question_block(info, given[info.qid], texts.get(info.qid, ""), (solutions or {}).get(info.qid))
        for info in exercise.questions
        if info.qid in given
    ]
    heading = "<h3>逐题回顾：题目、你的答案" + ("与参考答案" if solutions else "") + "</h3>"
    return heading + "\n".join(blocks)


def rewrite_with_solutions(results: ClassResults, out: Path, timezone: str | None = None) -> None:
    """Write the feedback pages again, each with the solutions (``--with-solutions``)."""
    from cbec.grader.feedback_html import write_feedback
    from cbec.grader.report_extras import DEFAULT_TIMEZONE

    write_feedback(results, Path(out), solutions=bank_solutions(), timezone=timezone or DEFAULT_TIMEZONE)
