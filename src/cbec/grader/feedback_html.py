"""One feedback page per student: ``feedback/<name>.html``, in Chinese, readable offline.

A page shows only what the grades hold: scores, the public messages of the checks, and the
reason a notebook could not be graded. Every piece of text from the grades is escaped, since a
student chooses their own name and file names. Hidden tests never reach this module: the
grades carry public messages only.

Below the scores, each question is reviewed with its text and the learner's own answer (see
``cbec.grader.answer_view``); the solutions only when the instructor asks for them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from cbec.grader.answer_view import review_section
from cbec.grader.late import penalty
from cbec.grader.report_extras import DEFAULT_TIMEZONE, local_time
from cbec.grader.results import (
    GRADER_ERROR,
    MARKED,
    NEEDS_MARKING,
    NOT_RUN,
    ClassResults,
    ExerciseInfo,
    NotebookResult,
    QuestionResult,
    StudentResult,
)

FOLDER = "feedback"
MAX_STEM = 60  # characters; a Chinese character is 3 bytes in UTF-8, well under 255 bytes

# status: (badge text, background, text colour); the colours follow cbec.feedback.
STATUS_LABELS = {
    "correct": ("正确", "#e8f5e9", "#2e7d32"),
    "incorrect": ("还不对", "#ffebee", "#c62828"),
    "not_attempted": ("未作答", "#fff8e1", "#8d6e00"),
    "invalid": ("格式不对", "#fff3e0", "#e65100"),
    "error": ("无法检查", "#eceff1", "#37474f"),
    NOT_RUN: ("未运行", "#f5f5f5", "#616161"),
    NEEDS_MARKING: ("待老师评分", "#ede7f6", "#4527a0"),
    MARKED: ("老师已评分", "#e8eaf6", "#283593"),
}

# Names Windows refuses for a file, whatever the extension.
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
# C0 and C1 controls, except tab and newline: not allowed in HTML text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

CSS = """
body { font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #212121; line-height: 1.6; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ddd; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; }
.questions th:nth-child(-n+4) { width: 5.5rem; }
.badge { display: inline-block; padding: 0 0.5rem; border-radius: 0.6rem; white-space: nowrap; }
.total { font-size: 1.4rem; font-weight: bold; }
.note { background: #e3f2fd; border-left: 4px solid #1565c0; padding: 0.5rem 1rem; }
.rejected { background: #ffebee; border-left: 6px solid #c62828; padding: 0.6rem 1rem; margin: 0.5rem 0; }
.rejected b { color: #c62828; }
.review { border-top: 1px solid #ddd; margin: 0.8rem 0; }
.question { color: #424242; }
pre.answer { background: #fafafa; border: 1px solid #ddd; padding: 0.5rem; white-space: pre-wrap; }
.solution { background: #f1f8e9; border-left: 4px solid #558b2f; padding: 0.4rem 0.8rem; }
"""


# -- text --------------------------------------------------------------------------------------
def text(value: object) -> str:
    """``value`` as safe HTML text: escaped, quotes included, with control characters dropped."""
    return html.escape(_CONTROLS.sub("", str(value)), quote=True)


def multiline(value: object) -> str:
    """Like ``text``, with each line break of the original kept as ``<br>``."""
    return "<br>".join(text(line) for line in str(value).splitlines())


def points(value: float) -> str:
    """A score without trailing zeros: 2, 1.5, 0.33."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def page(title: str, body: str, css: str = CSS) -> str:
    """A whole HTML document. The policy forbids scripts, so even a missed escape runs nothing."""
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta http-equiv='Content-Security-Policy' content=\"script-src 'none'; object-src 'none'\">\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{text(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def badge(status: str) -> str:
    label, background, colour = STATUS_LABELS.get(status, (status, "#f5f5f5", "#616161"))
    return f"<span class='badge' style='background:{background};color:{colour}'>{text(label)}</span>"


# -- file names --------------------------------------------------------------------------------
def _safe_stem(student: str) -> str:
    # NFC first, so a name typed with combining marks and a precomposed one agree.
    name = unicodedata.normalize("NFC", student)
    kept = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    kept = re.sub(r"_+", "_", kept).strip("_-")[:MAX_STEM].strip("_-")
    if not kept:
        return "student"
    return f"_{kept}" if kept.upper() in _WINDOWS_RESERVED else kept


def feedback_filename(student: str, taken: set[str]) -> str:
    """A safe, unused ``.html`` file name for ``student``; the name is added to ``taken``.

    Letters of any script and digits stay; everything else becomes ``_``. A name already in
    ``taken``, compared without case as Windows and macOS do, gets ``-2``, ``-3``, … in order.
    """
    stem = _safe_stem(student)
    used = {t.casefold() for t in taken}
    name, n = f"{stem}.html", 1
    while name.casefold() in used:
        n += 1
        name = f"{stem}-{n}.html"
    taken.add(name)
    return name


# -- the page ----------------------------------------------------------------------------------
def _question_rows(exercise: ExerciseInfo, notebook: NotebookResult | None) -> str:
    given = {q.qid: q for q in notebook.questions} if notebook else {}
    rows = []
    for info in exercise.questions:
        result = given.pop(info.qid, None) or QuestionResult(info.qid, info.points, 0.0, NOT_RUN, "")
        rows.append((info.label, result, info.rubric))
    # Results for a question the exercise no longer lists are still the student's: show them.
    rows += [(qid, result, None) for qid, result in given.items()]
    return "".join(
        f"<tr><td>{text(label)}</td><td class='num'>{points(r.points)}</td>"
        f"<td class='num'>{points(r.score)}</td><td>{badge(r.status)}</td><td>{multiline(_message(r, rubric))}"
        f"{_rubric_marks(r, rubric)}</td></tr>"
        for label, r, rubric in rows
    )


def _message(result: QuestionResult, rubric: list[dict] | None) -> str:
    # The notebook's own words ("write in the box above") mean nothing on this page.
    if rubric and result.status == "not_attempted":
        return "这道书面题没有交上答案（或答案是空白的），所以没有得分。"
    return result.message


def _level(criterion: dict, given: float) -> str:
    """The label of the level worth ``given`` points, or the two levels it falls between."""
    levels = criterion["levels"]
    exact = [(label, says) for p, label, says in levels if p == given]
    if exact:
        label, says = exact[0]
        return f"{text(label)}<br><small>{text(says)}</small>"
    below = max((lv for lv in levels if lv[0] < given), key=lambda lv: lv[0])
    above = min((lv for lv in levels if lv[0] > given), key=lambda lv: lv[0])
    return text(f"介于“{below[1]}”与“{above[1]}”之间")


def _rubric_marks(result: QuestionResult, rubric: list[dict] | None) -> str:
    """A written answer's marks: per criterion, the level reached, the points and the comment."""
    if not rubric or result.status != MARKED or not result.marks:
        return ""
    by_key = {c["key"]: c for c in rubric}
    rows = []
    for mark in result.marks:
        criterion = by_key.get(mark["criterion"])
        if criterion is None:
            continue
        top = max(level[0] for level in criterion["levels"])
        rows.append(
            f"<tr><td>{text(criterion['title'])}</td><td>{_level(criterion, mark['points'])}</td>"
            f"<td class='num'>{points(mark['points'])} / {points(top)}</td><td>{multiline(mark['comment'])}</td></tr>"
        )
    when = max((m.get("marked_at", "") for m in result.marks), default="")
    return (
        "<table class='rubric-marks'><thead><tr><th>评分标准</th><th>等级</th><th>得分</th><th>老师的评语</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
        + (f"<p><small>老师评分时间：{text(when)}</small></p>" if when else "")
    )


def _rejection(notebook: NotebookResult) -> str:
    reason = notebook.reason_zh or "（没有记录原因，请询问老师。）"
    return f"<div class='rejected'><b>这份笔记本没有评分。</b><br>{multiline(reason)}</div>"


def _exercise_section(
    exercise: ExerciseInfo, notebook: NotebookResult | None, solutions: dict[str, str] | None = None
) -> str:
    score = notebook.score if notebook else 0.0
    shown = "暂无" if notebook and notebook.status == GRADER_ERROR else points(score)
    parts = [
        f"<h2>{text(exercise.lesson)} {text(exercise.title or exercise.stem)}</h2>",
        f"<p>得分：<b>{shown} / {points(exercise.max_score)}</b></p>",
    ]
    if notebook is None:
        parts.append("<div class='rejected'><b>没有找到这份练习的提交。</b></div>")
    elif notebook.status != "graded":
        parts.append(_rejection(notebook))
    elif notebook.answers_note:
        parts.append(f"<div class='rejected'><b>答案文件：</b>{multiline(notebook.answers_note)}</div>")
    parts.append(
        "<table class='questions'><thead><tr><th>题目</th><th>分值</th><th>得分</th><th>结果</th><th>说明</th></tr></thead>"
        f"<tbody>{_question_rows(exercise, notebook)}</tbody></table>"
    )
    parts.append(review_section(exercise, notebook, solutions))
    return "\n".join(parts)


EXPLANATION = (
    "<p class='note'>分数是这样得出的：控件题按你交的答案文件评分；代码题在全新的内核里重新运行你的笔记本，"
    "再用公开检查和隐藏测试判定。隐藏测试的内容（代码和输入）不在这里显示；“说明”一栏只给出公开的反馈。</p>"
)
WRITTEN_NOTE = (
    "<p class='note'>书面题由老师按评分标准逐项评分：评完之前记 0 分，状态是“待老师评分”；"
    "评完之后，每一项的等级、得分和老师的评语列在这道题的“说明”里。</p>"
)


def _total(results: ClassResults, student: StudentResult) -> str:
    if student.ungraded:
        return (
            "<p class='total'>总分：暂无</p><div class='rejected'><b>评分系统出了故障，你的作业还没有评分。</b>"
            "这不是你的问题，也不会扣分：老师会重新评分。</div>"
        )
    return f"<p class='total'>总分：{points(student.score)} / {points(results.max_score)}</p>"


UNIT_ZH = {"day": "天", "hour": "小时"}


def _clock(stamp: str) -> str:
    """An ISO time with its offset, as a student reads it: 2026-03-01 23:59:00（UTC+08:00）."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    offset = moment.strftime("%z")
    return (
        f"{moment:%Y-%m-%d %H:%M:%S}（UTC{offset[:3]}:{offset[3:]}）"
        if offset
        else f"{moment:%Y-%m-%d %H:%M:%S}"
    )


def _late(results: ClassResults, student: StudentResult) -> str:
    """When a deadline was given: when the student handed in, how late, the penalty, the final score.
    The page then shows the same final score as the gradebook's total_after_late."""
    late = student.late
    if not late or student.ungraded:
        return ""
    taken = penalty(student.score, late)
    submitted = _clock(late["submitted_at"]) if late["submitted_at"] else "未知（学习平台标记为迟交）"
    rows = [("提交时间", submitted)]
    if late.get("due"):
        rows.append(("截止时间", _clock(late["due"])))
    unit = UNIT_ZH.get(late.get("unit", "day"), late.get("unit", ""))
    if late["share"] or late["units_late"]:
        rows.append(("迟交", f"{late['units_late']} {unit}（按开始的{unit}数计）"))
        rows.append(("扣分", f"{points(taken)} 分（所得分数的 {late['share']:.0%}）"))
    else:
        rows.append(("迟交", "没有迟交"))
    rows.append(("最终得分", f"{points(student.score - taken)} / {points(results.max_score)}"))
    cells = "".join(f"<tr><th>{text(k)}</th><td>{text(v)}</td></tr>" for k, v in rows)
    return f"<h2>提交时间与迟交扣分</h2><table class='late'><tbody>{cells}</tbody></table>"


def render_student(
    results: ClassResults,
    student: StudentResult,
    solutions: dict[str, str] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> str:
    """The feedback page of one student, as HTML."""
    notebooks: dict[str, NotebookResult] = {}
    for notebook in student.notebooks:
        notebooks.setdefault(notebook.stem, notebook)
    body = [
        f"<h1>成绩反馈：{text(student.student)}</h1>",
        _total(results, student),
        _late(results, student),
        EXPLANATION,
    ]
    if any(q.rubric for e in results.exercises for q in e.questions):
        body.append(WRITTEN_NOTE)
    if student.graded_at or results.graded_at:
        # the instructor's zone, as in the class report, not the UTC stamp grades.json keeps
        body.append(f"<p>评分时间：{text(local_time(student.graded_at or results.graded_at, timezone))}</p>")
    body += [_exercise_section(e, notebooks.get(e.stem), solutions) for e in results.exercises]
    return page(f"成绩反馈：{student.student}", "\n".join(body))


def page_names(results: ClassResults) -> list[tuple[StudentResult, str]]:
    """Each student's page file name, in the order of ``results.students``: a re-run names every
    page the same."""
    taken: set[str] = set()
    # a name several rostered students share gets no page: it could be sent to the wrong one
    return [
        (student, feedback_filename(student.file_label, taken))
        for student in results.students
        if not student.clash
    ]


def write_feedback(
    results: ClassResults,
    out_dir: Path,
    solutions: dict[str, str] | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> dict[str, Path]:
    """Write one page per student into ``out_dir/feedback/``; return student id → page (where
    two submissions claim one id, both pages are written and the first is returned)."""
    folder = Path(out_dir) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    pages: dict[str, Path] = {}
    for student, name in page_names(results):
        # "replace": a name read from a zip may hold bytes that are not valid text.
        page_text = render_student(results, student, solutions, timezone)
        (folder / name).write_text(page_text, encoding="utf-8", errors="replace")
        pages.setdefault(student.key, folder / name)
    return pages
