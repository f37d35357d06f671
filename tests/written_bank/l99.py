"""Exercise 99 (tests only): two written answers with rubrics and one choice question."""

from __future__ import annotations

from cbec.questions import Criterion, Exercise, Lacks, Level, SingleChoice, WrittenAnswer, ____

exercise = Exercise("L99", stem="99_written_test", title="书面题测试练习")

MODEL_ANSWERS = {
    "L99.Q1": "先在速卖通测试 3 款灯具，4 周后把点击率最高的一款推到国际站；风险是测试样本只有 200 个订单。",
    "L99.Q2": "内容做一次、两边复用：单条内容成本从 2 份降到 1 份，节省约 45%。",
    "L99.Q3": "先测后推",
}

q1 = exercise.add(
    WrittenAnswer(
        "L99.Q1",
        rubric=[
            Criterion(
                "evidence",
                "用数据支撑",
                [
                    Level(0, "缺失", "没有引用任何数字。"),
                    Level(1, "部分", "引用了数字，但没有说明它们怎样支持结论。"),
                    Level(2, "充分", "引用数字并说明它们怎样支持选择。"),
                ],
            ),
            Criterion(
                "risks",
                "风险",
                [
                    Level(0, "缺失", "没有谈风险。"),
                    Level(1, "提到", "列出了风险。"),
                    Level(3, "周全", "风险与对策都有。"),
                ],
            ),
        ],
        length=(30, 120),
        cite_numbers=True,
        notes=[(Lacks("风险"), "没有谈到风险：计划会遇到什么问题？")],
        hints=["先写结论，再写支撑它的数字。"],
        solution="要点：测哪几款、为什么（点击率、订单数）、多久以后推到国际站，以及样本太小的风险。",
    )
)

q2 = exercise.add(
    WrittenAnswer(
        "L99.Q2",
        rubric=[
            Criterion(
                "saving",
                "节省的估计",
                [
                    Level(0, "缺失", "没有估计。"),
                    Level(1, "粗略", "有估计，没有依据。"),
                    Level(2, "有据", "估计来自数据。"),
                ],
            )
        ],
        length=(20, 80),
        hints=["比较做一次与做两次的成本。"],
        solution="要点：复用后单条内容的成本，以及节省的比例。",
    )
)

q3 = exercise.add(
    SingleChoice(
        "L99.Q3",
        options=["先测后推", "先推后测"],
        answer="先测后推",
        hints=["哪一边的试错成本低？"],
        solution="先测后推：先在速卖通小批量测试。",
    )
)

__all__ = ["____", "exercise", "q1", "q2", "q3"]
