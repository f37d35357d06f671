"""The class report for the instructor: ``report/index.html`` with its plots beside it.

An item analysis of the grades: how hard each question was (difficulty), how well it told
stronger students from weaker ones (discrimination), which wrong answers were common, and
which notebooks could not be graded. The numbers come from pure functions over the grades, so
tests check them without drawing; the plots only show them. Wrong code answers by misconception,
classification tables and local times come from ``cbec.grader.report_extras``.
"""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cbec.grader import report_extras as extras
from cbec.grader.feedback_html import STATUS_LABELS, page, points, text
from cbec.grader.late import penalty
from cbec.grader.results import (
    MARKED,
    NEEDS_MARKING,
    NOT_RUN,
    ClassResults,
    NotebookResult,
    QuestionInfo,
    QuestionResult,
)
from cbec.grader.roster import MISSING

FOLDER = "report"
WIDGET_KINDS = frozenset({"single", "multiple", "classification", "numeric"})
BLANK = "not attempted"  # a blank written answer: in the criterion counts, so each row adds up
NOT_ATTEMPTED = "not_attempted"
STATUSES = ("correct", "incorrect", "not_attempted", "invalid", "error", NOT_RUN, NEEDS_MARKING, MARKED)
# Below this many students a correlation says more about chance than about the question.
MIN_STUDENTS = 4
TOP_WRONG = 5
ANSWER_CHARS = 300  # a longer wrong answer is cut in the table, not in the counting
NONE = "—"


# -- the numbers -------------------------------------------------------------------------------
def questions(results: ClassResults) -> list[QuestionInfo]:
    return [q for e in results.exercises for q in e.questions]


def _graded(results: ClassResults) -> Iterator[tuple[NotebookResult, QuestionResult]]:
    """Each answer in a graded notebook. A rejected notebook says nothing about a question."""
    for student in results.students:
        seen: set[str] = set()
        for notebook in student.notebooks:
            # One notebook per exercise: a duplicate would count the student twice.
            if notebook.status == "graded" and notebook.stem not in seen:
                seen.add(notebook.stem)
                yield from ((notebook, q) for q in notebook.questions)


def _fraction(result: QuestionResult) -> float | None:
    # An answer waiting to be marked has no score yet: counting it as 0 would call its question hard.
    if result.status == NEEDS_MARKING:
        return None
    return result.score / result.points if result.points > 0 else None


def difficulty(results: ClassResults) -> dict[str, float | None]:
    """qid → mean fraction of the points earned, over graded notebooks; None with no answers."""
    fractions: dict[str, list[float]] = defaultdict(list)
    for _, result in _graded(results):
        fraction = _fraction(result)
        if fraction is not None:
            fractions[result.qid].append(fraction)
    return {
        q.qid: statistics.fmean(fractions[q.qid]) if fractions[q.qid] else None for q in questions(results)
    }


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None for fewer than MIN_STUDENTS pairs or when either side never varies."""
    if len(xs) < MIN_STUDENTS or min(xs) == max(xs) or min(ys) == max(ys):
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def discrimination(results: ClassResults) -> dict[str, float | None]:
    """qid → corrected item–total correlation, None where undefined.

    The question's fraction of points against the rest of the same notebook (its score minus
    this question), so the question does not correlate with itself, and a notebook missing in
    another lesson does not make this one look discriminating. For right-or-wrong questions
    this is the point-biserial correlation.
    """
    pairs: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for notebook, result in _graded(results):
        fraction = _fraction(result)
        if fraction is not None:
            items, rests = pairs[result.qid]
            items.append(fraction)
            rests.append(notebook.score - result.score)
    return {q.qid: correlation(*pairs[q.qid]) if q.qid in pairs else None for q in questions(results)}


def canonical(answer: Any) -> Any:
    """An answer in one form for all its spellings: lists as sets in a fixed order, dicts by key,
    whole floats as ints, None entries of a dict dropped (an unplaced item in a classification)."""
    if isinstance(answer, bool) or answer is None:
        return answer
    if isinstance(answer, int | float):
        if not math.isfinite(answer):
            return repr(answer)
        rounded = float(f"{answer:.12g}")  # 0.1 + 0.2 and 0.3 are the same answer
        return int(rounded) if rounded.is_integer() else rounded
    if isinstance(answer, str):
        return answer.strip()
    if isinstance(answer, list | tuple):
        unique = {_key(canonical(a)): canonical(a) for a in answer}
        return [unique[k] for k in sorted(unique)]
    if isinstance(answer, dict):
        return {
            str(k): canonical(v)
            for k, v in sorted(answer.items(), key=lambda kv: str(kv[0]))
            if v is not None
        }
    return repr(answer)


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def common_wrong_answers(results: ClassResults, limit: int = TOP_WRONG) -> dict[str, list[tuple[Any, int]]]:
    """qid → up to ``limit`` (canonical wrong answer, count) of the widget questions, most
    common first; ties in the order of the answers' JSON text, so the report is stable."""
    widget = {q.qid for q in questions(results) if q.kind in WIDGET_KINDS}
    counts: dict[str, Counter[str]] = {qid: Counter() for qid in widget}
    for _, result in _graded(results):
        if result.qid in widget and result.status == "incorrect" and result.answer is not None:
            counts[result.qid][_key(canonical(result.answer))] += 1
    return {
        qid: [(json.loads(k), n) for k, n in sorted(c.items(), key=lambda kn: (-kn[1], kn[0]))[:limit]]
        for qid, c in counts.items()
    }


def criterion_counts(results: ClassResults) -> dict[str, dict[str, dict[str, int]]]:
    """qid → criterion key → level (points as text, or "to mark") → marked answers, for every
    written question; answers not marked yet are counted under "to mark"."""
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for q in questions(results):
        if not q.rubric:
            continue
        counts[q.qid] = {
            c["key"]: {f"{lv[0]:g}": 0 for lv in c["levels"]} | {"to mark": 0, BLANK: 0} for c in q.rubric
        }
    for _, result in _graded(results):
        if result.qid not in counts:
            continue
        if result.status in (NEEDS_MARKING, NOT_ATTEMPTED):
            for row in counts[result.qid].values():
                row["to mark" if result.status == NEEDS_MARKING else BLANK] += 1
        elif result.status == MARKED:
            for mark in result.marks or []:
                row = counts[result.qid].get(mark["criterion"])
                if row is not None:
                    level = f"{mark['points']:g}"
                    row[level] = row.get(level, 0) + 1
    return counts


def status_counts(results: ClassResults) -> dict[str, dict[str, int]]:
    """qid → status → students. A student with no result for a question (a notebook rejected
    or not handed in) counts as not_run, so each row adds up to the class size."""
    counts = {q.qid: dict.fromkeys(STATUSES, 0) for q in questions(results)}
    for student in results.students:
        found: dict[str, str] = {}
        for notebook in student.notebooks:
            for result in notebook.questions:
                found.setdefault(result.qid, result.status)
        for qid, row in counts.items():
            status = found.get(qid, NOT_RUN)
            row[status] = row.get(status, 0) + 1
    return counts


def score_percentages(results: ClassResults, after_late: bool = True) -> list[float]:
    """Each student's total as a percentage of the maximum score, after any late penalty (the
    score that is uploaded); a student the grader failed on has no total yet."""
    if results.max_score <= 0:
        return []
    return [
        100 * (s.score - (penalty(s.score, s.late) if after_late else 0.0)) / results.max_score
        for s in results.students
        if not s.ungraded
    ]


def late_students(results: ClassResults) -> int:
    """Students who lost points for handing in late."""
    return sum(bool(s.late and s.late.get("share")) for s in results.students if not s.ungraded)


def rejected_notebooks(results: ClassResults) -> list[tuple[str, str, str]]:
    """(student, exercise stem, English reason) of every notebook that was not graded: rejected,
    or failed by the grader (to regrade)."""
    return [
        (_who(s), n.stem, n.reason)
        for s in results.students
        for n in s.notebooks
        if n.status not in ("graded", MISSING)
    ]


def _who(student) -> str:
    return student.student if student.key == student.student else f"{student.student} ({student.key})"


def missing_students(results: ClassResults) -> list[tuple[str, str]]:
    """(student, section) of every rostered student who handed nothing in: not a rejected file."""
    return [(_who(s), s.section) for s in results.students if s.roster == MISSING]


# -- the plots ---------------------------------------------------------------------------------
def _figure(height: float):
    # A bare Figure, not pyplot: nothing is registered with a GUI backend or left open, and
    # saving to PNG goes through Agg whatever backend the caller uses.
    from matplotlib.figure import Figure

    return Figure(figsize=(7.0, height), layout="constrained")


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, "没有可画的数据 / no data", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def plot_scores(percentages: list[float], path: Path) -> None:
    import seaborn as sns

    fig = _figure(3.4)
    ax = fig.add_subplot()
    if percentages:
        sns.histplot(x=percentages, bins=list(range(0, 101, 10)), ax=ax)
        ax.set_xlim(0, 100)
        ax.set_xlabel("总分占满分的百分比 / total as % of maximum")
        ax.set_ylabel("学生人数 / students")
    else:
        _no_data(ax)
    fig.savefig(path, dpi=100)


def plot_difficulty(labels: list[str], values: list[float | None], path: Path) -> None:
    import seaborn as sns

    fig = _figure(max(2.5, 0.35 * len(labels) + 1.2))
    ax = fig.add_subplot()
    if labels:
        ax.barh(range(len(labels)), [v or 0.0 for v in values], color=sns.color_palette()[0])
        for i, v in enumerate(values):
            ax.text(v or 0.0, i, f" {v:.2f}" if v is not None else f" {NONE}", va="center")
        ax.set_yticks(range(len(labels)), labels)
        ax.invert_yaxis()  # first question on top, as in the table
        ax.set_xlim(0, 1.1)  # room for the numbers beside a full bar
        ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
        ax.set_xlabel("平均得分率 / mean fraction of points")
    else:
        _no_data(ax)
    fig.savefig(path, dpi=100)


# -- the page ----------------------------------------------------------------------------------
def _number(value: float | None, digits: int = 2) -> str:
    return NONE if value is None else f"{value:.{digits}f}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """A table of cells that are already HTML; an empty one says so instead."""
    if not rows:
        return "<p>没有。 / None.</p>"
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def answer_text(answer: Any) -> str:
    """A canonical answer as a reader would write it (plain text, not yet escaped)."""
    if isinstance(answer, list):
        return "、".join(answer_text(a) for a in answer) or "（空）"
    if isinstance(answer, dict):
        return "；".join(f"{k} → {answer_text(v)}" for k, v in answer.items()) or "（空）"
    if isinstance(answer, float):
        return f"{answer:g}"
    return str(answer)


def _summary(results: ClassResults) -> str:
    percentages = score_percentages(results)
    graded = sum(n.status == "graded" for s in results.students for n in s.notebooks)
    late = any(s.late for s in results.students)
    zh, en = ("（迟交扣分后）", " after late penalties") if late else ("", "")
    rows = [
        ["学生 / students", str(len(results.students))],
        ["满分 / maximum", points(results.max_score)],
        [f"平均{zh} / mean{en}", _number(statistics.fmean(percentages), 1) + " %" if percentages else NONE],
        [
            f"中位数{zh} / median{en}",
            _number(statistics.median(percentages), 1) + " %" if percentages else NONE,
        ],
        ["已评分的笔记本 / graded notebooks", str(graded)],
        ["被拒收的笔记本 / rejected notebooks", str(len(rejected_notebooks(results)))],
        ["未提交的学生 / students missing", str(len(missing_students(results)))],
    ]
    if late:
        before = score_percentages(results, after_late=False)
        rows += [
            ["迟交扣分的学生 / students with a late penalty", str(late_students(results))],
            [
                "平均（扣分前）/ mean before late penalties",
                _number(statistics.fmean(before), 1) + " %" if before else NONE,
            ],
        ]
    return _table(["项目 / item", "值 / value"], rows)


def _question_table(results: ClassResults) -> str:
    diff, disc, counts = difficulty(results), discrimination(results), status_counts(results)
    headers = ["题目 / question", "qid", "分值 / points", "难度 / difficulty", "区分度 / discrimination"]
    headers += [f"{STATUS_LABELS[s][0]}<br>{s}" for s in STATUSES]
    rows = []
    for q in questions(results):
        waiting = counts[q.qid][NEEDS_MARKING]
        # Statistics over the marked few would mislead: the question waits for its marks.
        shown = [f"— ({waiting} 待评分)"] * 2 if waiting else [_number(diff[q.qid]), _number(disc[q.qid])]
        rows.append(
            [text(q.label), text(q.qid), points(q.points), *shown] + [str(counts[q.qid][s]) for s in STATUSES]
        )
    return _table(headers, rows)


def _provisional(results: ClassResults) -> str:
    """A banner while written answers wait for marks: every total is provisional until then."""
    waiting = sum(row[NEEDS_MARKING] for row in status_counts(results).values())
    if not waiting:
        return ""
    return (
        f"<p style='background:#fff3e0;border:1px solid #ffb74d;padding:0.5rem'>⚠ {waiting} 份书面答案还没有评分："
        "总分、平均数和中位数都是暂定的。<br>"
        f"{waiting} written answers not marked yet: totals are provisional.</p>"
    )


def _shown_answer(q: QuestionInfo, answer: Any) -> str:
    if q.kind == "classification" and isinstance(answer, dict):
        return extras.answer_table(answer)
    return text(_cut(answer_text(answer)))


def _wrong_answers(results: ClassResults, classifications: dict | None = None) -> str:
    wrong = common_wrong_answers(results)
    parts = []
    for q in questions(results):
        if q.qid not in wrong:
            continue
        rows = [[_shown_answer(q, a), str(n)] for a, n in wrong[q.qid]]
        parts.append(f"<h3>{text(q.label)}（{text(q.qid)}）</h3>")
        if q.kind == "classification":
            parts.append(
                "<p>每一项被放进各类的人数（✓ 为正确的类）/ students per item and category (✓ right):</p>"
            )
            parts.append(extras.classification_table(results, q, (classifications or {}).get(q.qid)))
        parts.append(_table(["错误答案 / wrong answer", "人数 / students"], rows))
    return "\n".join(parts) or f"<p>{NONE}（没有控件题 / no widget questions）</p>"


def _code_misconceptions(results: ClassResults, notes: dict[str, list[str]]) -> str:
    counts, parts = extras.code_misconception_counts(results, notes), []
    for q in questions(results):
        if q.qid in counts:
            rows = [[text(_cut(note)), str(n)] for note, n in counts[q.qid]]
            parts.append(f"<h3>{text(q.label)}（{text(q.qid)}）</h3>")
            parts.append(_table(["误解 / misconception", "人数 / students"], rows))
    return "\n".join(parts) or f"<p>{NONE}（没有答错的代码题 / no wrong code answers）</p>"


def _criteria(results: ClassResults) -> str:
    """Per written question and criterion: how many answers reached each level."""
    counts, parts = criterion_counts(results), []
    for q in questions(results):
        if q.qid not in counts:
            continue
        parts.append(f"<h3>{text(q.label)}（{text(q.qid)}）</h3>")
        rows = []
        for criterion in q.rubric:
            row = counts[q.qid][criterion["key"]]
            levels = {f"{p:g}": label for p, label, _ in criterion["levels"]}
            cells = [
                f"{text(levels.get(k) or _between(criterion, float(k)))}（{text(k)} 分）: {n}"
                for k, n in row.items()
                if k not in ("to mark", BLANK)
            ]
            rows.append(
                [
                    f"{text(criterion['title'])}<br><code>{text(criterion['key'])}</code>",
                    "<br>".join(cells),
                    str(row["to mark"]),
                    str(row[BLANK]),
                ]
            )
        headers = ["评分标准 / criterion", "各等级人数 / answers per level", "待评分 / to mark"]
        parts.append(_table([*headers, "未作答 / not attempted"], rows))
    return "\n".join(parts)


def _between(criterion: dict, given: float) -> str:
    """A half point's place among the levels: "介于“部分”与“充分”之间"."""
    levels = criterion["levels"]
    below = [lv[1] for lv in levels if lv[0] < given]
    above = [lv[1] for lv in levels if lv[0] > given]
    return f"介于“{below[-1]}”与“{above[0]}”之间" if below and above else f"{given:g}"


def _cut(value: str) -> str:
    return value if len(value) <= ANSWER_CHARS else value[: ANSWER_CHARS - 1] + "…"


def _missing(results: ClassResults) -> str:
    rows = [[text(s), text(section)] for s, section in missing_students(results)]
    return _table(["学生 / student", "班级 / section"], rows)


def _rejected(results: ClassResults) -> str:
    rows = [[text(s), text(stem), text(reason)] for s, stem, reason in rejected_notebooks(results)]
    return _table(["学生 / student", "练习 / exercise", "原因 / reason"], rows)


def without_answers(results: ClassResults) -> list[tuple[str, str, str]]:
    """(student, exercise stem, English reason) of every graded notebook handed in without its
    answers file, or with an empty one: its widget and written questions count as not attempted."""
    return [(_who(s), n.stem, n.reason) for s in results.students for n in s.notebooks if n.answers_note]


def _without_answers(results: ClassResults) -> str:
    rows = [[text(s), text(stem), text(reason)] for s, stem, reason in without_answers(results)]
    return _table(["学生 / student", "练习 / exercise", "原因 / reason"], rows)


EXPLAIN_DIFFICULTY = (
    "难度 = 平均得分率：每题得分 ÷ 分值，在已评分的笔记本上取平均；0 表示没人得分，1 表示全部满分。"
    "被拒收的笔记本不计入。<br>Difficulty = mean fraction of the points earned, over graded notebooks."
)
EXPLAIN_DISCRIMINATION = (
    "区分度 = 校正的题目–总分相关（corrected item–total correlation；对错两种结果的题即点二列相关）："
    "这道题的得分率与同一份练习中其余题目得分之和的相关系数。约 0.3 以上为好，0.2 以下值得看一看，"
    f"负数多半说明题目或答案有问题。少于 {MIN_STUDENTS} 名学生或得分全都一样时无法计算，显示“{NONE}”。<br>"
    "Discrimination = correlation of the question's score with the rest of the same notebook."
)


def render_report(
    results: ClassResults,
    timezone: str = extras.DEFAULT_TIMEZONE,
    notes: dict[str, list[str]] | None = None,
    classifications: dict | None = None,
) -> str:
    """The report page; ``notes`` and ``classifications`` default to the instructor's banks."""
    notes = extras.bank_misconceptions() if notes is None else notes
    classifications = extras.bank_classifications() if classifications is None else classifications
    graded_at = extras.local_time(results.graded_at, timezone) if results.graded_at else NONE
    body = [
        "<h1>班级报告 / Class report</h1>",
        _provisional(results),
        f"<p>评分时间 / graded at：{text(graded_at)}</p>",
        _summary(results),
        "<h2>总分分布 / Score distribution</h2>",
        "<img src='scores.png' alt='总分分布 / score distribution'>",
        "<h2>各题难度 / Difficulty by question</h2>",
        f"<p>{EXPLAIN_DIFFICULTY}</p>",
        "<img src='difficulty.png' alt='各题难度 / difficulty by question'>",
        "<h2>逐题统计 / Questions</h2>",
        f"<p>{EXPLAIN_DISCRIMINATION}</p>",
        "<p>各结果的人数：没有结果的学生（笔记本被拒收或没有提交）算作“未运行”。"
        "<br>Students per status; no result counts as not_run.</p>",
        _question_table(results),
        "<h2>常见错误答案 / Common wrong answers</h2>",
        f"<p>控件题中最常见的错误答案，每题最多 {TOP_WRONG} 个。<br>Most common wrong answers per widget question.</p>",
        _wrong_answers(results, classifications),
        "<h2>代码题的常见错误：按误解计数 / Wrong code answers by misconception</h2>",
        "<p>答错的代码题，按反馈中对上的误解说明计数。<br>Wrong code answers, counted by the misconception "
        "note their feedback matched.</p>",
        _code_misconceptions(results, notes),
        "<h2>被拒收的笔记本 / Rejected notebooks</h2>",
        _rejected(results),
        "<h2>没有答案文件 / Submissions without their answers file</h2>",
        _without_answers(results),
        "<h2>未提交 / Missing</h2>",
        "<p>名单上没有提交任何文件的学生，记 0 分。<br>Rostered students who handed nothing in (0).</p>",
        _missing(results),
    ]
    written = _criteria(results)
    if written:
        body[-5:-5] = [
            "<h2>书面题：各评分标准的分布 / Written answers by criterion</h2>",
            "<p>老师已评分的答案在每一项评分标准上达到各等级的人数；还没有评分的答案记在“待评分”。"
            "<br>Marked answers per level of each criterion; answers not marked yet are counted as to mark.</p>",
            written,
        ]
    return page("班级报告 / Class report", "\n".join(body))


def write_report(results: ClassResults, out_dir: Path, timezone: str = extras.DEFAULT_TIMEZONE) -> Path:
    """Write ``out_dir/report/index.html``, ``scores.png`` and ``difficulty.png``; return the page."""
    from cbec import style

    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    style.use()  # the CJK font, so Chinese labels render
    plot_scores(score_percentages(results), folder / "scores.png")
    diff, listed = difficulty(results), questions(results)
    plot_difficulty(
        [f"{q.label} {q.qid}" for q in listed], [diff[q.qid] for q in listed], folder / "difficulty.png"
    )
    index = folder / "index.html"
    index.write_text(render_report(results, timezone), encoding="utf-8", errors="replace")
    return index
