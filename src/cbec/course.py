"""The course as a whole: its outcomes, its lessons and two time plans.

What a lesson says about itself (title, objectives, minutes, prerequisites, datasets) is read
from the top of its notebook, so the start page and the instructor guide cannot disagree with
the lessons. What belongs to no single lesson is written here, once:

- ``OUTCOMES``: what a learner can do after the whole course, each made of lesson objectives
  (``"02.4"`` is objective 4 of lesson 02);
- ``PLANS``: a 2-week intensive module and a 16-week semester, session by session;
- ``WEIGHTS``: the assessment plan, which exercise is formative or summative and what it counts.

Tests hold them together: every lesson objective belongs to an outcome, every plan schedules
every lesson and exercise for at least its minutes, and the weights add up to 100.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from cbec.paths import course_root

LESSON_FILE = re.compile(r"^(?P<number>0[1-9])_\w+\.ipynb$")
TITLE = re.compile(r"^#\s*第\s*\d+\s*课\s*(?P<title>.+)$", re.M)
OBJECTIVE = re.compile(r"^(?P<n>\d)\.\s+(?P<text>.+)$", re.M)
MINUTES = re.compile(r"\*\*时间\*\*\s*讲授约\s*(?P<lesson>\d+)\s*分钟，练习约\s*(?P<exercise>\d+)\s*分钟")
REQUIRES = re.compile(r"\*\*先修\*\*(?P<line>.*)")
LESSON_LINK = re.compile(r"\((?P<number>\d{2})_\w+\.ipynb\)")
DATASET_LINK = re.compile(r"\(\.\./datasets/(?P<name>\w+)\.md\)")


@dataclass(frozen=True)
class Lesson:
    number: str  # "01"
    stem: str  # "01_people_goods_place"
    title: str
    objectives: tuple[str, ...]  # objective n is objectives[n - 1]
    lesson_minutes: int
    exercise_minutes: int
    requires: tuple[str, ...]  # lesson numbers, "00" (the start page) left out
    datasets: tuple[str, ...]


class CourseError(ValueError):
    """A lesson's top cell lacks something the course reads from it; the message names it."""


def _top_text(path: Path) -> str:
    """The markdown before the lesson's first code cell: title, objectives, time, data."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    top = []
    for cell in cells:
        if cell["cell_type"] == "code":
            break
        top.append("".join(cell["source"]))
    return "\n".join(top)


def _objectives(text: str) -> tuple[str, ...]:
    if "**学习目标**" not in text:  # else any numbered list of the top would pass for objectives
        return ()
    after = text.split("**学习目标**", 1)[-1]
    block = re.split(r"\n\s*\n(?!\d\.)", after.split("\n", 1)[-1].lstrip("\n"), maxsplit=1)[0]
    found = OBJECTIVE.findall(block)
    return tuple(text for _, text in found)


def read_lesson(path: Path) -> Lesson:
    text = _top_text(path)
    title, minutes, requires = TITLE.search(text), MINUTES.search(text), REQUIRES.search(text)
    objectives = _objectives(text)
    missing = [
        name
        for name, found in (
            ("title", title),
            ("**时间**", minutes),
            ("**先修**", requires),
            ("**学习目标**", objectives),
        )
        if not found
    ]
    if missing:
        raise CourseError(f"{path.name}: the top of the lesson has no {', '.join(missing)}")
    data_part = text[requires.end() :]
    return Lesson(
        number=path.name[:2],
        stem=path.stem,
        title=title.group("title").strip(),
        objectives=objectives,
        lesson_minutes=int(minutes.group("lesson")),
        exercise_minutes=int(minutes.group("exercise")),
        requires=tuple(dict.fromkeys(n for n in LESSON_LINK.findall(requires.group("line")) if n != "00")),
        datasets=tuple(dict.fromkeys(DATASET_LINK.findall(data_part))),
    )


def lessons(root: Path | None = None) -> list[Lesson]:
    """Every numbered lesson of the course (the start page, 00, is not one), in order."""
    folder = (root or course_root()) / "lessons"
    return [read_lesson(p) for p in sorted(folder.glob("*.ipynb")) if LESSON_FILE.match(p.name)]


@dataclass(frozen=True)
class Outcome:
    code: str
    text: str
    objectives: tuple[str, ...]  # "NN.k": objective k of lesson NN


OUTCOMES = (
    Outcome(
        "O1",
        "用“人货场”框架解释国际站（B2B）和速卖通（B2C）各自怎样获客、展示商品和成交，以及论文提出的 B2B2C 模型",
        ("01.2", "03.1", "04.1", "05.4"),
    ),
    Outcome(
        "O2",
        "用 pandas 和 seaborn 整理、合并、分组和画出平台数据，并核对每一步的行数与口径",
        ("01.3", "01.5", "02.2", "02.3", "04.2", "05.3"),
    ),
    Outcome(
        "O3",
        "用漏斗、ROAS、价格弹性和 A/B 测试衡量营销工具的效果与成本，并据此决定出价、定价和投放",
        ("02.4", "02.5", "03.2", "03.3", "03.4", "03.5", "04.3"),
    ),
    Outcome(
        "O4",
        "比较两个平台的服务、风险与季节，读懂市场结构和海关监管方式，不混用不同口径的数字",
        ("03.6", "04.4", "06.4"),
    ),
    Outcome(
        "O5",
        "判断证据的强弱：分清首次发布值与修订值、相关与因果、真实数据与合成或假想数据，并给论断评定证据等级",
        ("01.1", "01.4", "02.1", "04.5", "06.2", "06.3"),
    ),
    Outcome(
        "O6",
        "设计一家企业的 B2B2C 协同方案，写出论断与证据相配的对策建议",
        ("05.1", "05.2", "05.5", "06.1", "06.5"),
    ),
)


@dataclass(frozen=True)
class Activity:
    text: str
    minutes: int
    lesson: str | None = None  # the lesson number this activity teaches or exercises
    part: str | None = None  # "lesson" or "exercise": what ``minutes`` count towards


@dataclass(frozen=True)
class Session:
    label: str
    in_class: tuple[Activity, ...]
    homework: tuple[Activity, ...] = ()
    milestone: str = ""


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    session_minutes: int
    sessions: tuple[Session, ...]


def _teach(number: str, minutes: int, text: str = "") -> Activity:
    return Activity(text or f"第 {int(number)} 课讲授与演示", minutes, number, "lesson")


def _practise(number: str, minutes: int, text: str = "") -> Activity:
    return Activity(text or f"练习 {int(number)}", minutes, number, "exercise")


def _other(text: str, minutes: int) -> Activity:
    return Activity(text, minutes)


WARMUP = "00"  # the readiness exercise, scheduled like a lesson's exercise

INTENSIVE = Plan(
    "intensive",
    "两周集中授课：8 次课，每次 90 分钟",
    90,
    (
        Session(
            "第 1 次",
            (
                _other("课程导入；检查每台电脑能打开课程（make lab）", 15),
                _practise(WARMUP, 30, "热身练习"),
                _teach("01", 40),
                _other("小结与答疑", 5),
            ),
            (_practise("01", 40),),
        ),
        Session(
            "第 2 次",
            (
                _other("练习 1 讲评：首次发布值与修订值", 10),
                _teach("02", 45),
                _practise("02", 30),
                _other("讨论", 5),
            ),
        ),
        Session(
            "第 3 次",
            (_teach("03", 45), _practise("03", 30), _other("讨论：引流款、利润款、形象款的取舍", 15)),
        ),
        Session(
            "第 4 次",
            (_teach("04", 40), _practise("04", 35), _other("布置综合项目，分组", 15)),
            milestone="综合项目 M1：分组，读完 b2b2c_firm 的数据说明",
        ),
        Session(
            "第 5 次",
            (_teach("05", 60), _practise("05", 30, "练习 5 第 1—10 题（开始）")),
            (_practise("05", 30, "练习 5 第 1—10 题（完成）"),),
            milestone="综合项目 M2：第 1—10 题的数字部分完成",
        ),
        Session(
            "第 6 次",
            (
                _other("综合项目工作坊：书面题第 11—14 题初稿", 60),
                _other("同伴互评：按评分标准互相读初稿", 30),
            ),
            (_other("按互评意见修改书面题", 30),),
            milestone="综合项目 M3：书面题初稿与互评",
        ),
        Session(
            "第 7 次",
            (_teach("06", 35), _practise("06", 20, "练习 6 第 1—8 题"), _other("讨论：哪条建议证据最弱", 35)),
            (_practise("06", 15, "练习 6 第 9 题（备忘录）"),),
            milestone="综合项目 M4：练习 5 定稿提交",
        ),
        Session(
            "第 8 次",
            (
                _other("综合项目汇报（每组约 8 分钟）", 60),
                _other("课程总结：六课的要点与证据等级", 20),
                _other("说明评分与反馈", 10),
            ),
        ),
    ),
)

SEMESTER = Plan(
    "semester",
    "16 周学期：每周 2 次课，每次 45 分钟（下表一行是一周，共 90 分钟）",
    90,
    (
        Session(
            "第 1 周",
            (
                _other("课程导入；在自己的电脑或 JupyterHub 上打开课程", 45),
                _practise(WARMUP, 30, "热身练习"),
                _other("热身练习讲评", 15),
            ),
        ),
        Session(
            "第 2 周",
            (_teach("01", 40, "第 1 课讲授（上下两次）"), _other("讨论：人货场各自变成了什么", 50)),
            (_practise("01", 40),),
        ),
        Session(
            "第 3 周",
            (
                _other("练习 1 讲评：首次发布值与修订值、相关与因果", 45),
                _other("案例讨论：一家企业的买家画像", 45),
            ),
        ),
        Session(
            "第 4 周",
            (_teach("02", 45, "第 2 课讲授（上）：信任与漏斗"), _other("讨论：信任信号与会员等级的混杂", 45)),
        ),
        Session(
            "第 5 周",
            (
                _other("第 2 课（下）：官方活动、橱窗、P4P 与 RFQ 的演示", 45),
                _practise("02", 30),
                _other("讲评", 15),
            ),
        ),
        Session(
            "第 6 周",
            (
                _teach("03", 45, "第 3 课讲授（上）：货找人、RFM 与产品组合"),
                _other("讨论：一家店的三类款", 45),
            ),
        ),
        Session(
            "第 7 周",
            (
                _other("第 3 课（下）：价格、ROAS、A/B 测试与服务", 45),
                _practise("03", 30),
                _other("讲评", 15),
            ),
        ),
        Session(
            "第 8 周",
            (_other("复习第 1—3 课；答疑", 45), _other("综合项目开题：介绍设计任务与评分标准", 45)),
            milestone="综合项目 M1：分组，读完 b2b2c_firm 的数据说明",
        ),
        Session("第 9 周", (_teach("04", 40), _other("讨论：表 1 里哪些格子有数据支撑", 50))),
        Session("第 10 周", (_practise("04", 35), _other("讲评：分布、漏斗单位与比较的前提", 55))),
        Session(
            "第 11 周",
            (_teach("05", 60, "第 5 课讲授（上下两次）"), _other("讨论：先测后推的领先与滞后", 30)),
            (_practise("05", 30, "练习 5 第 1—10 题"),),
        ),
        Session(
            "第 12 周",
            (_practise("05", 30, "练习 5 第 1—10 题（课内完成）"), _other("综合项目工作坊", 60)),
            milestone="综合项目 M2：第 1—10 题的数字部分完成",
        ),
        Session(
            "第 13 周",
            (_other("书面题第 11—14 题初稿", 45), _other("同伴互评：按评分标准互相读初稿", 45)),
            milestone="综合项目 M3：书面题初稿与互评",
        ),
        Session(
            "第 14 周",
            (_teach("06", 35), _practise("06", 20, "练习 6 第 1—8 题"), _other("讨论：证据等级", 35)),
            (_practise("06", 15, "练习 6 第 9 题（备忘录）"),),
        ),
        Session("第 15 周", (_other("综合项目汇报", 90),), milestone="综合项目 M4：练习 5 定稿提交"),
        Session("第 16 周", (_other("课程总结与复习", 45), _other("发布参考答案，讲评综合项目与备忘录", 45))),
    ),
)

PLANS = (INTENSIVE, SEMESTER)


@dataclass(frozen=True)
class Weight:
    exercise: str  # the exercise number, as in ``term.ini``
    percent: int
    mode: str  # "formative" or "summative": the release the exercise goes out in


# The assessment plan. The warm-up counts nothing: it tells a learner whether they are ready.
# Exercises 01–04 go out formative, so a learner sees right or wrong at once and learns from it;
# the capstone (05) and the memo (06) go out summative, and class participation and the capstone
# presentation (the remaining 15 %) are marked outside the course.
WEIGHTS = (
    Weight("00", 0, "formative"),
    Weight("01", 7, "formative"),
    Weight("02", 7, "formative"),
    Weight("03", 8, "formative"),
    Weight("04", 8, "formative"),
    Weight("05", 35, "summative"),
    Weight("06", 20, "summative"),
)
PARTICIPATION_PERCENT = 15  # class discussion, peer review and the capstone presentation
