"""The course as a whole: its outcomes, its lessons and two time plans.

What a lesson says about itself (title, objectives, minutes, prerequisites, datasets) is read
from the top of its notebook, so the start page and the instructor guide cannot disagree with
the lessons. What belongs to no single lesson is written here, once:

- ``OUTCOMES``: what a learner can do after the whole course, each made of lesson objectives
  (``"02.4"`` is objective 4 of lesson 02); an objective may serve two outcomes;
- ``PLANS``: a 2-week intensive module and a 16-week semester, session by session;
- ``WEIGHTS``: the assessment plan, which exercise is formative or summative and what it counts.

Tests hold them together: every lesson objective belongs to an outcome, every plan schedules
every lesson and exercise for at least its minutes, each exercise is due once and debriefed
after its deadline, and the weights add up to 100.
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


EXERCISE_MINUTES = re.compile(r"约\s*(?P<minutes>\d+)\s*分钟")


def exercise_minutes(path: Path) -> int | None:
    """The minutes an exercise notebook's first cell states ("本练习共 N 题，约 M 分钟"), if any."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = EXERCISE_MINUTES.search("".join(cells[0]["source"])) if cells else None
    return int(found["minutes"]) if found else None


@dataclass(frozen=True)
class Outcome:
    code: str
    text: str
    objectives: tuple[str, ...]  # "NN.k": objective k of lesson NN


OUTCOMES = (
    Outcome(
        "O1",
        "用“人货场”框架解释国际站（B2B）和速卖通（B2C）各自怎样获客、展示商品和成交，以及论文提出的 B2B2C 模型",
        ("01.2", "02.4", "03.1", "04.1", "05.4"),
    ),
    Outcome(
        "O2",
        "用 pandas 和 seaborn 整理、合并、分组和画出平台数据，并核对每一步的行数与口径",
        ("01.3", "01.4", "01.5", "02.2", "02.3", "04.1", "04.2", "05.3"),
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
    lesson: str | None = None  # the lesson (or, for a debrief, the exercise) number
    part: str | None = None  # "lesson" or "exercise": what ``minutes`` count towards
    kind: str = ""  # a named activity (KINDS) that may run longer than a discussion


# What a class may spend more than DISCUSSION_MAX minutes on besides a lesson or an exercise:
# each comes with something to use in it (the class report of `cbec grade`, the rubrics, the
# capstone drafts), unlike an open discussion.
KINDS = {
    "debrief": "练习讲评：cbec grade 的全班报告，截止之后揭示埋入效应",
    "peer_review": "同伴互评：按评分标准读综合项目初稿",
    "presentation": "综合项目汇报",
    "buffer": "机动课：遇假日可压缩",
}
DISCUSSION_MAX = 20


@dataclass(frozen=True)
class Session:
    label: str
    in_class: tuple[Activity, ...]
    homework: tuple[Activity, ...] = ()
    milestone: str = ""
    due: tuple[str, ...] = ()  # exercises handed in before this class begins (in-class ones: at its end)
    buffer: bool = False  # may be dropped for a public holiday without moving anything else


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    session_minutes: int
    sessions: tuple[Session, ...]


def _teach(number: str, minutes: int, text: str = "") -> Activity:
    return Activity(text or f"第 {int(number)} 课讲授与演示", minutes, number, "lesson")


def _sections(number: str, sections: str, minutes: int, what: str) -> Activity:
    """Live coding through the named ``## N.`` sections of a lesson notebook."""
    return _teach(number, minutes, f"第 {int(number)} 课 {sections}：{what}（边讲边运行）")


def _practise(number: str, minutes: int, text: str = "") -> Activity:
    return Activity(text or f"练习 {int(number)}", minutes, number, "exercise")


def _debrief(number: str, minutes: int, text: str = "") -> Activity:
    default = (
        "热身练习讲评：按 cbec grade 的全班报告补讲 pandas 基础"
        if number == WARMUP
        else f"练习 {int(number)} 讲评：按 cbec grade 的全班报告讲错得最多的题，揭示埋入效应"
    )
    return Activity(text or default, minutes, number, kind="debrief")


def _other(text: str, minutes: int, kind: str = "") -> Activity:
    return Activity(text, minutes, kind=kind)


def _buffer(label: str) -> Session:
    return Session(
        label,
        (_other("机动课（可压缩）：补上因节假日停掉的课，或答疑、补讲全班报告里错得多的内容", 45, "buffer"),),
        buffer=True,
    )


WARMUP = "00"  # the readiness exercise, scheduled like a lesson's exercise
MIDTERM = "04"  # exercise 4, taken in class in summative mode
FINAL = "06"  # exercise 6, the 期末考查
ROLES = {MIDTERM: "期中", "05": "综合项目", FINAL: "期末考查"}  # what a summative exercise stands for

INTENSIVE = Plan(
    "intensive",
    "两周集中授课：8 次课，每次 90 分钟；练习在课后完成，下一次课前截止",
    90,
    (
        Session(
            "第 1 次",
            (
                _other("课程导入；检查每台电脑能打开课程（make lab 或 JupyterHub）", 15),
                _practise(WARMUP, 30, "热身练习（课内完成并提交）"),
                _sections("01", "§1—§5", 45, "市场背景与人、货、场"),
            ),
            (_practise("01", 45),),
            due=(WARMUP,),
        ),
        Session(
            "第 2 次",
            (
                _debrief(WARMUP, 10),
                _sections(
                    "02", "§1—§7", 60, "信任、场景化解决方案、官方活动、P4P 与橱窗、RFQ、询盘漏斗、视频与直播"
                ),
                _other("讨论：场景化解决方案的效果为什么要按会员等级分层看", 20),
            ),
            (_practise("02", 45),),
            due=("01",),
        ),
        Session(
            "第 3 次",
            (
                _debrief("01", 15),
                _sections("03", "§1—§4", 65, "顾客、品牌与商品组合、定价与价格弹性、付费流量与 ROAS"),
                _other("讨论：一家店的引流款、利润款、形象款", 10),
            ),
            due=("02",),
        ),
        Session(
            "第 4 次",
            (
                _debrief("02", 15),
                _sections("03", "§5—§7", 25, "服务指标、A/B 测试、小结"),
                _sections("04", "§1—§6", 50, "表 1、分布、决策周期、两个漏斗、风险与季节、比较的前提"),
            ),
            (_practise("03", 60),),
        ),
        Session(
            "第 5 次",
            (
                _practise(MIDTERM, 45, "期中：练习 4（考核模式，课内独立完成）"),
                _sections("05", "§1—§3", 45, "B2B2C 模型、先测后推、内容复用"),
            ),
            due=("03", MIDTERM),
        ),
        Session(
            "第 6 次",
            (
                _debrief("03", 15),
                _sections("05", "§4—§7", 35, "品牌与流量循环、统一 CRM、设计任务"),
                _other("布置综合项目：设计任务与评分标准，分组", 10),
                _sections("06", "§1—§3", 30, "证据等级、按层面分的建议、首次发布与修订"),
            ),
            (_practise("05", 60, "练习 5 第 1—10 题"),),
            milestone="综合项目 M1：分组，读完 b2b2c_firm 的数据说明",
        ),
        Session(
            "第 7 次",
            (
                _debrief(MIDTERM, 15, "期中讲评：练习 4 的全班报告（分布、漏斗单位与比较的前提）"),
                _sections("06", "§4—§7", 25, "市场结构与监管方式、统计口径、建议备忘录"),
                _practise(FINAL, 25, "期末考查：练习 6 第 1—8 题（课内）"),
                _other("同伴互评：两人一组按评分标准互读书面题第 11—14 题的提纲", 25, "peer_review"),
            ),
            (
                _practise("05", 60, "练习 5 书面题第 11—14 题"),
                _practise(FINAL, 25, "练习 6 第 9 题（备忘录）"),
            ),
            milestone="综合项目 M2：第 1—10 题完成；M3：书面题提纲互评",
        ),
        Session(
            "第 8 次",
            (
                _other("综合项目汇报（每组约 8 分钟）", 60, "presentation"),
                _other("课程总结：六课的要点与证据等级", 20),
                _other("说明评分、反馈与参考答案的公布时间", 10),
            ),
            milestone="综合项目 M4：练习 5 定稿提交",
            due=("05", FINAL),
        ),
    ),
)

SEMESTER = Plan(
    "semester",
    "16 周学期：每周 2 次课，每次 45 分钟（下表一行是一次课，共 32 次）；练习在课后完成，截止后的下一次课讲评",
    45,
    (
        Session(
            "第 1 周·1",
            (
                _other("课程导入：课程目标、考核方式与时间安排", 10),
                _other("环境检查：每人在自己的电脑或 JupyterHub 上打开课程首页", 5),
                _practise(WARMUP, 30, "热身练习（课内完成并提交）"),
            ),
            due=(WARMUP,),
        ),
        Session(
            "第 1 周·2",
            (_debrief(WARMUP, 15), _sections("01", "§1—§2", 30, "市场背景、人")),
        ),
        Session(
            "第 2 周·1",
            (
                _sections("01", "§3—§5", 25, "货、场、小结"),
                _other("讨论：人货场各自变成了什么（第 1 课讨论题）", 20),
            ),
            (_practise("01", 45),),
        ),
        Session(
            "第 2 周·2",
            (
                _sections("02", "§1—§2", 30, "企业怎样采购、信任信号；场景化解决方案"),
                _other("讨论：场景化解决方案的效果为什么要按会员等级分层看", 15),
            ),
        ),
        Session(
            "第 3 周·1",
            (
                _sections("02", "§3—§5", 30, "官方活动、外贸直通车与橱窗、RFQ"),
                _other("讨论：P4P 出价与 RFQ 报价权益怎样取舍", 15),
            ),
            due=("01",),
        ),
        Session(
            "第 3 周·2",
            (_debrief("01", 15), _sections("02", "§6—§7", 30, "询盘漏斗与信保、工厂视频与直播")),
            (_practise("02", 45),),
        ),
        Session("第 4 周·1", (_sections("03", "§1—§2", 45, "顾客与 RFM、品牌与商品组合"),)),
        Session(
            "第 4 周·2",
            (
                _sections("03", "§3", 30, "定价与价格弹性"),
                _other("讨论：一家店的引流款、利润款、形象款", 15),
            ),
            due=("02",),
        ),
        Session("第 5 周·1", (_debrief("02", 15), _sections("03", "§4", 30, "付费流量与 ROAS、bootstrap"))),
        Session(
            "第 5 周·2",
            (_sections("03", "§5—§7", 45, "服务指标、A/B 测试与样本量、小结"),),
            (_practise("03", 60),),
        ),
        Session(
            "第 6 周·1",
            (
                _sections("04", "§1—§2", 30, "重建表 1、分布而不是平均数"),
                _other("讨论：表 1 里哪些格子有数据支撑", 15),
            ),
        ),
        Session(
            "第 6 周·2",
            (
                _sections("04", "§3—§4", 30, "决策周期与渠道结构、两个漏斗"),
                _other("讨论：两个漏斗的单位为什么不能直接比", 15),
            ),
            due=("03",),
        ),
        Session("第 7 周·1", (_debrief("03", 15), _sections("04", "§5—§6", 30, "风险与季节、比较的前提"))),
        _buffer("第 7 周·2"),
        Session(
            "第 8 周·1",
            (_practise(MIDTERM, 45, "期中：练习 4（考核模式，课内独立完成）"),),
            due=(MIDTERM,),
        ),
        Session(
            "第 8 周·2",
            (
                _sections("05", "§1—§2", 30, "B2B2C 模型、先测后推"),
                _other("布置综合项目：设计任务与评分标准，分组", 15),
            ),
            milestone="综合项目 M1：分组，读完 b2b2c_firm 的数据说明",
        ),
        Session("第 9 周·1", (_sections("05", "§3—§4", 45, "内容复用、品牌与流量循环"),)),
        Session(
            "第 9 周·2",
            (
                _debrief(MIDTERM, 20, "期中讲评：练习 4 的全班报告（分布、漏斗单位与比较的前提）"),
                _sections("05", "§5", 25, "统一 CRM"),
            ),
        ),
        Session(
            "第 10 周·1",
            (
                _sections("05", "§6—§7", 30, "设计任务、小结"),
                _other("讨论：先测后推的领先与滞后", 15),
            ),
            (_practise("05", 60, "练习 5 第 1—10 题"),),
        ),
        Session(
            "第 10 周·2",
            (
                _sections("06", "§1—§2", 30, "证据等级、按层面分的建议"),
                _other("讨论：哪条建议的证据最弱", 15),
            ),
        ),
        Session(
            "第 11 周·1",
            (
                _sections("06", "§3—§5", 30, "首次发布与修订、市场结构与监管方式、统计口径"),
                _other("讨论：同一年的增速为什么有三个数", 15),
            ),
            milestone="综合项目 M2：练习 5 第 1—10 题完成",
        ),
        Session(
            "第 11 周·2",
            (
                _sections("06", "§6—§7", 30, "呈现证据：建议备忘录"),
                _other("综合项目：书面题第 11—14 题的要求，对照评分标准逐项说明", 15),
            ),
        ),
        Session(
            "第 12 周·1",
            (_practise("05", 45, "综合项目工作坊：书面题第 11—14 题提纲（课内，老师巡视）"),),
            (_practise("05", 45, "练习 5 书面题初稿"),),
        ),
        Session(
            "第 12 周·2",
            (_other("同伴互评：按评分标准互读书面题初稿，每人写两份意见", 45, "peer_review"),),
            (_practise("05", 15, "按互评意见修改书面题"),),
            milestone="综合项目 M3：书面题初稿与互评",
        ),
        Session(
            "第 13 周·1",
            (
                _practise(FINAL, 25, "期末考查：练习 6 第 1—8 题（课内）"),
                _other("讨论：备忘录里的论断配什么等级的证据", 20),
            ),
            (_practise(FINAL, 25, "练习 6 第 9 题（备忘录）"),),
        ),
        Session(
            "第 13 周·2",
            (_other("综合项目汇报（一）：每组约 8 分钟，含提问", 45, "presentation"),),
            milestone="综合项目 M4：练习 5 定稿提交",
            due=("05",),
        ),
        Session(
            "第 14 周·1",
            (_other("综合项目汇报（二）", 45, "presentation"),),
            due=(FINAL,),
        ),
        Session("第 14 周·2", (_other("综合项目汇报（三）", 45, "presentation"),)),
        Session(
            "第 15 周·1",
            (
                _debrief("05", 30, "练习 5 讲评：全班报告、书面题评分中常见的问题，揭示假想数据里设定的效应"),
                _other("讨论：哪一组的方案证据最充分", 15),
            ),
        ),
        Session(
            "第 15 周·2",
            (
                _debrief(FINAL, 30, "期末考查讲评：练习 6 的全班报告与备忘录的评分"),
                _other("讨论：证据等级在其他课程里怎么用", 15),
            ),
        ),
        Session(
            "第 16 周·1",
            (
                _other("课程总结：六课的要点与证据等级", 20),
                _other("说明总评、反馈与复核", 15),
                _other("课程评价", 10),
            ),
        ),
        _buffer("第 16 周·2"),
    ),
)

PLANS = (INTENSIVE, SEMESTER)


@dataclass(frozen=True)
class Weight:
    exercise: str  # the exercise number, as in ``term.ini``
    percent: int
    mode: str  # "formative" or "summative": the release the exercise goes out in


# The assessment plan. The warm-up counts nothing: it tells a learner whether they are ready.
# Exercises 01–03 go out formative, so a learner sees right or wrong at once and learns from it;
# the summative ones are the 期中 (04, taken in class: it alone assesses O3's funnels and units
# on its own), the capstone (05) and the 期末考查 (06). Class participation, peer review and the
# capstone presentation (the remaining 15 %) are marked by the instructor outside ``cbec``.
WEIGHTS = (
    Weight("00", 0, "formative"),
    Weight("01", 5, "formative"),
    Weight("02", 5, "formative"),
    Weight("03", 5, "formative"),
    Weight("04", 20, "summative"),
    Weight("05", 30, "summative"),
    Weight("06", 20, "summative"),
)
PARTICIPATION_PERCENT = 15  # class discussion, peer review and the capstone presentation
ATTAINMENT_PERCENT = 60  # an outcome is attained when its questions score at least this share
