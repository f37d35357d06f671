"""The generated parts of the instructor guide, ``instructor/guide.md``.

The guide is written by hand, except for the blocks between ``<!-- BEGIN GENERATED: NAME -->``
and ``<!-- END GENERATED: NAME -->``: ``cbec build`` renders them from ``cbec.course`` (outcomes,
plans, weights), the question banks (objective → question maps, types, points, misconception
notes, rubrics) and ``instructor/planted_effects.json``, so the guide cannot drift from the
course. Only the contents of the blocks are ever replaced; every byte outside them is kept.
``cbec build --check`` names a stale block.

Instructors only: the student release leaves this module out, with ``instructor/``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from cbec import course
from cbec.build import BuildError
from cbec.questions import (
    Classification,
    Exercise,
    FunctionAnswer,
    MultipleChoice,
    Numeric,
    PlotAnswer,
    SingleChoice,
    ValueAnswer,
    WrittenAnswer,
)
from cbec.questions.base import Question

GUIDE = Path("instructor/guide.md")
EFFECTS = Path("instructor/planted_effects.json")
SOURCES = "the lessons, the question banks, src/cbec/course.py and instructor/planted_effects.json"
MARKER = re.compile(r"^<!-- (?P<kind>BEGIN|END) GENERATED: (?P<name>\S+) -->[ \t]*\r?$", re.M)
MODES = {"formative": "形成性（formative）", "summative": "考核（summative）"}
HINTS = {"all": "照常给提示", "first": "只给第一条提示", "none": "不给提示"}
PARTICIPATION_LABEL = "老师评定（不经 cbec）"
SHORT = 24  # characters of a long option quoted in a misconception line
MIN_CLAUSE = 9  # characters after an objective's verb, so "**呈现**证据" is not all it says


# -- the blocks in the guide ---------------------------------------------------------------------
def block_names(lessons: Sequence[course.Lesson]) -> list[str]:
    return ["outcomes", "plans", *(f"lesson-{lesson.number}" for lesson in lessons), "assessment"]


def find_blocks(text: str, names: Sequence[str]) -> dict[str, tuple[int, int]]:
    """name → (start, end) of the text between its markers; any malformed block is an error."""
    blocks: dict[str, tuple[int, int]] = {}
    opened: tuple[str, int] | None = None
    for match in MARKER.finditer(text):
        kind, name = match["kind"], match["name"]
        where = f"{GUIDE} line {text.count(chr(10), 0, match.start()) + 1}"
        if name not in names:
            raise BuildError(f"{where}: unknown generated block {name!r} (known: {', '.join(names)})")
        if kind == "BEGIN":
            if opened:
                raise BuildError(
                    f"{where}: block {name!r} begins before block {opened[0]!r} has its END marker"
                )
            if name in blocks:
                raise BuildError(f"{where}: block {name!r} appears twice; keep one")
            opened = (name, _line_end(text, match.end()))
        elif opened is None or opened[0] != name:
            inside = f"inside block {opened[0]!r}" if opened else "with no BEGIN marker before it"
            raise BuildError(f"{where}: END marker of block {name!r} {inside}")
        else:
            blocks[name], opened = (opened[1], match.start()), None
    if opened:
        raise BuildError(f"{GUIDE}: block {opened[0]!r} has no <!-- END GENERATED: {opened[0]} --> marker")
    missing = [n for n in names if n not in blocks]
    if missing:
        raise BuildError(f"{GUIDE} has no generated block {', '.join(map(repr, missing))}; add its markers")
    return blocks


def _line_end(text: str, at: int) -> int:
    """Just after the BEGIN marker's line: the block's content starts on the next line."""
    newline = text.find("\n", at)
    return len(text) if newline < 0 else newline + 1


def wrap(body: str) -> str:
    """A block's content: blank lines around the body, so Markdown never joins it to a marker."""
    return f"\n{body.strip(chr(10))}\n\n"


def update(root: Path, check: bool = False) -> list[str]:
    """Write every block of the guide (or, with ``check``, name the stale ones)."""
    path = root / GUIDE
    # bytes, not text: a hand-written line ending outside the blocks must survive as it was
    text = path.read_bytes().decode("utf-8")
    try:
        lessons = course.lessons(root)
    except course.CourseError as err:
        raise BuildError(f"{GUIDE} cannot be rendered: {err}") from err
    blocks = find_blocks(text, block_names(lessons))
    rendered = render(root, lessons)
    stale = [name for name, (start, end) in blocks.items() if text[start:end] != wrap(rendered[name])]
    if check:
        return [
            f"{GUIDE} block {name!r} is stale: it differs from what {SOURCES} render. Run `cbec build`."
            for name in stale
        ]
    if stale:
        path.write_bytes(splice(text, blocks, rendered).encode("utf-8"))
    return []


def splice(text: str, blocks: dict[str, tuple[int, int]], rendered: dict[str, str]) -> str:
    out, at = [], 0
    for name, (start, end) in sorted(blocks.items(), key=lambda item: item[1]):
        out += [text[at:start], wrap(rendered[name])]
        at = end
    return "".join([*out, text[at:]])


def render(root: Path, lessons: Sequence[course.Lesson] | None = None) -> dict[str, str]:
    """Every block's body, by name."""
    lessons = list(course.lessons(root) if lessons is None else lessons)
    banks = exercises()
    effects = _effects(root)
    blocks = {"outcomes": outcomes_block(lessons, banks), "plans": plans_block(course.PLANS)}
    for lesson in lessons:
        blocks[f"lesson-{lesson.number}"] = lesson_block(lesson, banks.get(lesson.number), effects)
    blocks["assessment"] = assessment_block(banks)
    return blocks


def exercises() -> dict[str, Exercise]:
    """The course's question banks by exercise number ("01")."""
    from cbec.release import question_banks  # instructor-only, like this module

    return {bank.__name__.rsplit(".", 1)[1][1:]: bank.exercise for bank in question_banks()}


def _effects(root: Path) -> dict:
    path = root / EFFECTS
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


# -- Markdown --------------------------------------------------------------------------------------
def _cell(text: object) -> str:
    return " ".join(str(text).split("\n")).replace("|", "\\|")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def number(value: float) -> str:
    return f"{round(value, 6):g}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= SHORT else text[:SHORT] + "…"


def short_objective(text: str) -> str:
    """The bold verb and the first clause of an objective that says something on its own: cut at a
    full-width ，：；。 outside brackets once MIN_CLAUSE characters follow the verb."""
    verb_end, depth = text.find("**", 2) + 2, 0
    for index, char in enumerate(text):
        depth += int(char in "（(“") - int(char in "）)”")
        if depth == 0 and char in "，：；。" and index - verb_end >= MIN_CLAUSE:
            return text[:index]
    return text.rstrip("；。")


def qid_number(question: Question) -> str:
    return question.qid.split(".", 1)[1]  # "Q7"


def _by_number(exercise: Exercise) -> list[Question]:
    return sorted(exercise.questions.values(), key=lambda q: int(qid_number(q)[1:]))


# -- outcomes ------------------------------------------------------------------------------------
def objective_text(lessons: Sequence[course.Lesson], code: str) -> str:
    number_, k = code.split(".")
    lesson = next((lesson for lesson in lessons if lesson.number == number_), None)
    if lesson is None or not 1 <= int(k) <= len(lesson.objectives):
        raise BuildError(f"src/cbec/course.py: an outcome names objective {code}, which no lesson has")
    return lesson.objectives[int(k) - 1]


def outcomes_block(lessons: Sequence[course.Lesson], banks: dict[str, Exercise]) -> str:
    rows = []
    for outcome in course.OUTCOMES:
        for index, code in enumerate(outcome.objectives):
            number_, k = code.split(".")
            bank = banks.get(number_)
            qids = bank.objectives.get(int(k), ()) if bank else ()
            first = f"**{outcome.code}** {outcome.text}" if index == 0 else ""
            short = short_objective(objective_text(lessons, code))
            rows.append((first, code, short, "、".join(f"l{number_}.{q}" for q in qids) or "（没有题目）"))
    count = sum(len(lesson.objectives) for lesson in lessons)
    return "\n\n".join(
        [
            f"{len(course.OUTCOMES)} 个课程目标（outcome），由 {len(lessons)} 课的 {count} 个学习目标组成；"
            "一个学习目标可以服务两个课程目标。“课的目标”一列的 `02.4` 是第 2 课的第 4 个学习目标；"
            "题号 `l02.Q6` 是练习 2 的第 6 题。",
            table(("课程目标", "课的目标", "内容", "考核它的题目"), rows),
            _attainment(banks),
            _shares_table(banks),
        ]
    )


def outcome_questions(banks: dict[str, Exercise]) -> dict[str, dict[str, set[str]]]:
    """outcome code → exercise number → the question numbers ("Q7") that assess the outcome."""
    found: dict[str, dict[str, set[str]]] = {}
    for outcome in course.OUTCOMES:
        for code in outcome.objectives:
            number_, k = code.split(".")
            qids = banks[number_].objectives.get(int(k), ()) if number_ in banks else ()
            found.setdefault(outcome.code, {}).setdefault(number_, set()).update(qids)
    return found


def outcome_shares(banks: dict[str, Exercise]) -> dict[str, tuple[float, float]]:
    """outcome code → (percent of the final grade, of which summative): each exercise's weight is
    spread over its questions by points, and a question that assesses several outcomes is split
    evenly among them, so the shares add up to the exercises' part of the grade."""
    assessed = outcome_questions(banks)
    shares = {outcome.code: [0.0, 0.0] for outcome in course.OUTCOMES}
    for weight in course.WEIGHTS:
        bank = banks.get(weight.exercise)
        if not bank or not weight.percent:
            continue
        total = sum(q.points for q in bank.questions.values())
        for question in bank.questions.values():
            served = [c for c in shares if qid_number(question) in assessed[c].get(weight.exercise, ())]
            for code in served:
                share = weight.percent * question.points / total / len(served)
                shares[code][0] += share
                shares[code][1] += share if weight.mode == "summative" else 0.0
    return {code: (total, summative) for code, (total, summative) in shares.items()}


def _attainment(banks: dict[str, Exercise]) -> str:
    lines = []
    for outcome in course.OUTCOMES:
        by_exercise = outcome_questions(banks)[outcome.code]
        count = sum(len(qids) for qids in by_exercise.values())
        where = "、".join(exercise_name(n) for n, qids in sorted(by_exercise.items()) if qids)
        lines.append(
            f"- **{outcome.code}** 达成：考核它的 {count} 道题（{where}）合计的得分率 ≥ "
            f"{course.ATTAINMENT_PERCENT}%（按分值加权；书面题按评分标准给的分计入）。"
        )
    return "**怎样判断达成。** 一位学生、或全班平均，在一个课程目标上达成，是指：\n\n" + "\n".join(lines)


def _shares_table(banks: dict[str, Exercise]) -> str:
    shares = outcome_shares(banks)
    rows = [
        (f"**{code}**", f"{number(round(total, 1))}%", f"{number(round(summative, 1))}%")
        for code, (total, summative) in sorted(shares.items(), key=lambda item: -item[1][0])
    ]
    exercise_share = sum(w.percent for w in course.WEIGHTS)
    return (
        "**各课程目标在总评里的分量。** 由题目的分值、上表的对应关系和第 5 节的权重算出：每次练习的权重按分值"
        "分到各题，一道题考核几个课程目标就平分给它们；合计是练习部分的 "
        f"{exercise_share}%，另外 {course.PARTICIPATION_PERCENT}% 是老师评定的平时成绩。\n\n"
        + table(("课程目标", "占总评", "其中考核模式（summative）"), rows)
    )


# -- plans -----------------------------------------------------------------------------------------
def _activities(activities: Sequence[course.Activity]) -> str:
    return "<br>".join(f"{a.text}（{a.minutes} 分钟）" for a in activities) or "—"


def exercise_name(number: str) -> str:
    return "热身练习" if number == course.WARMUP else f"练习 {int(number)}"


def _due(session: course.Session) -> str:
    return "、".join(exercise_name(n) for n in session.due) or "—"


def plans_block(plans: Sequence[course.Plan]) -> str:
    parts = []
    for plan in plans:
        rows = [
            (s.label, _activities(s.in_class), _activities(s.homework), _due(s), s.milestone or "—")
            for s in plan.sessions
        ]
        in_class = sum(a.minutes for s in plan.sessions for a in s.in_class)
        homework = sum(a.minutes for s in plan.sessions for a in s.homework)
        buffers = [s.label for s in plan.sessions if s.buffer]
        spare = f"可压缩的机动课：{'、'.join(buffers)}。" if buffers else ""
        parts.append(
            f"### {plan.title}\n\n"
            + table(("时间", "课内（活动与分钟）", "课后", "截止（这次课前交）", "里程碑"), rows)
            + f"\n\n课内共 {in_class} 分钟（{len(plan.sessions)} × {plan.session_minutes} 分钟以内），"
            f"课后约 {homework} 分钟。{spare}"
        )
    return (
        "“截止”一列的练习在这次课开始前交（课内完成的，在这次课结束时交）；它的讲评和埋入效应的揭示"
        "都在截止之后的课上，那时 `cbec grade` 已经写出全班报告。\n\n" + "\n\n".join(parts)
    )


# -- one lesson ------------------------------------------------------------------------------------
def question_kind(question: Question) -> str:
    kinds = [
        (WrittenAnswer, "书面题（老师按评分标准评分）"),
        (PlotAnswer, "作图（写函数）"),
        (FunctionAnswer, "函数"),
        (ValueAnswer, "代码算出的值"),
        (Numeric, "数值"),
        (SingleChoice, "单选"),
        (MultipleChoice, "多选"),
        (Classification, "分类"),
    ]
    kind = next((label for cls, label in kinds if isinstance(question, cls)), type(question).__name__)
    if isinstance(question, Numeric) and question.slider:
        kind = "滑块，带模拟器" if question.explore else "滑块"
    extras = [
        "含隐藏测试" if isinstance(question, FunctionAnswer) and question.hidden_cases else "",
        "按比例给分" if getattr(question, "partial_credit", False) else "",
    ]
    return "，".join([kind, *filter(None, extras)])


def misconception_lines(question: Question) -> list[str]:
    """One line per misconception note of a question, with what a learner chose to see it."""
    if isinstance(question, SingleChoice):
        notes = [(o, question.misconceptions[o]) for o in question.options if o in question.misconceptions]
        return [f"选「{_short(o)}」：{_one_line(n)}" for o, n in notes]
    if isinstance(question, MultipleChoice):
        notes = [(o, question.option_notes[o]) for o in question.options if o in question.option_notes]
        return [
            f"{'漏选' if o in question.answer else '误选'}「{_short(o)}」：{_one_line(n)}" for o, n in notes
        ]
    if isinstance(question, Classification):
        return [
            f"把「{_short(i)}」归入「{c}」：{_one_line(n)}" for (i, c), n in question.misconceptions.items()
        ]
    if isinstance(question, WrittenAnswer):
        return [f"作答提示（不计分）：{_one_line(note)}" for _, note in question.notes]
    return [_one_line(note) for _, note in getattr(question, "misconceptions", ())]


def _objectives_of(exercise: Exercise) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for k, qids in sorted(exercise.objectives.items()):
        for qid in qids:
            found.setdefault(qid, []).append(k)
    return found


def _heading(lesson: course.Lesson) -> str:
    requires = "、".join(f"第 {int(n)} 课" for n in lesson.requires) or "无（课程首页与热身练习之后即可开始）"
    data = "、".join(f"[`{name}`](../datasets/{name}.md)" for name in lesson.datasets) or "无"
    return (
        f"**第 {int(lesson.number)} 课：{lesson.title}**（[课程](../lessons/{lesson.stem}.ipynb) · "
        f"[练习](../exercises/{lesson.stem}.ipynb) · [答案](../solutions/{lesson.stem}.ipynb)）\n\n"
        f"- **时间**：讲授约 {lesson.lesson_minutes} 分钟，练习约 {lesson.exercise_minutes} 分钟\n"
        f"- **先修**：{requires}\n- **数据**：{data}"
    )


def _objectives_table(lesson: course.Lesson, exercise: Exercise | None) -> str:
    mapped = exercise.objectives if exercise else {}
    rows = [
        (k, text, "、".join(mapped.get(k, ())) or "（没有题目）")
        for k, text in enumerate(lesson.objectives, 1)
    ]
    return "#### 学习目标与考核它们的题目\n\n" + table(("目标", "内容", "题目"), rows)


def _questions_table(exercise: Exercise) -> str:
    assessed = _objectives_of(exercise)
    rows = [
        (
            qid_number(q),
            question_kind(q),
            number(q.points),
            "、".join(map(str, assessed.get(qid_number(q), []))),
        )
        for q in _by_number(exercise)
    ]
    total = number(sum(q.points for q in exercise.questions.values()))
    return f"#### {exercise.title}（共 {total} 分）\n\n" + table(("题", "类型", "分值", "考核目标"), rows)


def _misconceptions(exercise: Exercise) -> str:
    lines = []
    for question in _by_number(exercise):
        notes = misconception_lines(question)
        if notes:
            lines.append(f"- **{qid_number(question)}**（{question_kind(question)}）")
            lines += [f"  - {note}" for note in notes]
    return (
        "#### 常见误解\n\n学生答错时题库给出的说明，一条一行；引号里是触发它的选项或归类，"
        "代码题和滑块题的说明在答案落在对应的错误算法上时出现。\n\n" + "\n".join(lines)
    )


def _planted(lesson: course.Lesson, effects: dict) -> str:
    used = [e for e in effects.get("effects", []) if e["dataset"] in lesson.datasets]
    answers = [a for a in effects.get("answers", []) if a["dataset"] in lesson.datasets]
    if not used and not answers:
        return "#### 埋入效应\n\n本课用到的数据集没有埋入效应。"
    rows = [
        (f"`{e['id']}`", f"`{e['dataset']}`", e["what"], number(e["truth"]), f"±{number(e['tolerance'])}")
        for e in used
    ]
    text = (
        "#### 埋入效应（只给教师）\n\n> 下面是生成合成（或假想）数据时设定的真值：不能发给学生，也不要写进课件；"
        "学生版不带 `instructor/`。从发布的数据估计，结果落在容差之内。\n\n"
        + table(("编号", "数据集", "效应", "设定值", "容差"), rows)
    )
    for answer in answers:
        shown = "、".join(answer["answer"]) if isinstance(answer["answer"], list) else answer["answer"]
        text += (
            f"\n\n数据里设定的答案 `{answer['id']}`（`{answer['dataset']}`）：{answer['question']} {shown}。"
        )
    return text


def lesson_block(lesson: course.Lesson, exercise: Exercise | None, effects: dict) -> str:
    parts = [_heading(lesson), _objectives_table(lesson, exercise)]
    if exercise is not None:
        parts += [_questions_table(exercise), _misconceptions(exercise)]
    parts.append(_planted(lesson, effects))
    return "\n\n".join(parts)


# -- assessment ------------------------------------------------------------------------------------
def term_ini(weights: Sequence[course.Weight]) -> str:
    """The ``term.ini`` that gives ``cbec gradebook`` the plan's weights; 0-weight exercises stay out."""
    lines = ["[weights]", *(f"{w.exercise} = {w.percent}" for w in weights if w.percent)]
    return "\n".join(lines) + "\n"


def _written(banks: dict[str, Exercise]) -> list[tuple[str, WrittenAnswer]]:
    return [
        (n, q) for n, bank in sorted(banks.items()) for q in _by_number(bank) if isinstance(q, WrittenAnswer)
    ]


def _weights_table(banks: dict[str, Exercise]) -> str:
    rows = []
    for weight in course.WEIGHTS:
        bank = banks.get(weight.exercise)
        title = (
            bank.title
            if bank
            else "热身练习"
            if weight.exercise == course.WARMUP
            else f"练习 {weight.exercise}"
        )
        role = course.ROLES.get(weight.exercise)
        title = f"{title}（{role}）" if role else title
        hints = HINTS[bank.summative_hints] if bank and weight.mode == "summative" else "—"
        percent = f"{weight.percent}%" if weight.percent else "0%（不计分）"
        rows.append((title, MODES[weight.mode], hints, percent))
    rows.append(
        ("课堂讨论、同伴互评与综合项目汇报", PARTICIPATION_LABEL, "—", f"{course.PARTICIPATION_PERCENT}%")
    )
    total = sum(w.percent for w in course.WEIGHTS) + course.PARTICIPATION_PERCENT
    rows.append(("**合计**", "", "", f"**{total}%**"))
    return table(("考核项", "发布方式", "考核模式下的提示", "权重"), rows)


def _points_table(banks: dict[str, Exercise]) -> str:
    rows = []
    for _, bank in sorted(banks.items()):
        marked = sum(q.points for q in bank.questions.values() if isinstance(q, WrittenAnswer))
        total = sum(q.points for q in bank.questions.values())
        rows.append((bank.title, len(bank.questions), number(total - marked), number(marked), number(total)))
    return table(("练习", "题数", "自动评分", "老师按评分标准评分", "满分"), rows)


def _rubric(number_: str, question: WrittenAnswer) -> str:
    facts = [f"{number(question.points)} 分"]
    facts += [f"建议 {question.length[0]}–{question.length[1]} 字"] if question.length else []
    facts += ["须引用练习算出的数字"] if question.cite_numbers else []
    rows = []
    for criterion in question.rubric:
        for index, level in enumerate(criterion.levels):
            name = f"{criterion.title}（`{criterion.key}`）" if index == 0 else ""
            rows.append((name, f"{level.label}", number(level.points), level.descriptor))
    return f"#### 练习 {int(number_)} 第 {qid_number(question)[1:]} 题（{'，'.join(facts)}）\n\n" + table(
        ("评分项（marks.csv 的 criterion）", "水平", "分", "描述"), rows
    )


def assessment_block(banks: dict[str, Exercise]) -> str:
    exercise_share = sum(w.percent for w in course.WEIGHTS)
    formative = "、".join(w.exercise for w in course.WEIGHTS if w.mode == "formative")
    summative = [w.exercise for w in course.WEIGHTS if w.mode == "summative"]
    command = "`cbec release OUT" + (f" --summative {','.join(summative)}`" if summative else "`")
    parts = [
        "### 权重与发布方式\n\n" + _weights_table(banks),
        f"开学时一条命令发布全部练习：{command}。练习 {formative} 是形成性的（检查立即显示对错），"
        f"练习 {'、'.join(summative)} 是考核模式（检查只确认答案已保存、格式正确，不显示对错）。"
        "`OUT` 是学生拉取的那个文件夹。每次练习截止（连同迟交期限）之后，用 `cbec release OUT --solutions NN` "
        "只公布那一次的参考答案，其余练习保持原来的模式。",
        "### 成绩册的权重（`term.ini`）\n\n把下面的内容存为学期成绩文件夹里的 `term.ini`（或用 `--config` 指定），"
        "再运行 `cbec gradebook 学期成绩/ --out 总评/`：\n\n```ini\n" + term_ini(course.WEIGHTS) + "```",
        "权重为 0 的练习不写进 `term.ini`，它们的成绩文件夹也要放在学期成绩文件夹之外："
        f"热身练习评进例如 `热身/{course.WARMUP}/`（`cbec grade … --out 热身/{course.WARMUP}/`），"
        "与 `学期成绩/` 并列。`term_gradebook.csv` 的百分比是练习部分"
        f"（{exercise_share}%）之内的得分率；课程总评 = 该百分比 × {number(exercise_share / 100)} + "
        f"{PARTICIPATION_LABEL}的 {course.PARTICIPATION_PERCENT} 分。",
        "### 各练习的分值\n\n" + _points_table(banks),
        "### 书面题的评分标准\n\n每道书面题按下面的评分项给分，每一项取一个水平；"
        "`cbec grade` 写出预填的 `marks.csv`，每位学生、每道书面题、每个评分项一行。",
        *(_rubric(n, q) for n, q in _written(banks)),
    ]
    return "\n\n".join(parts)
