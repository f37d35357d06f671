"""Exercise 06: 对策建议与证据等级 (recommendations, each graded by its evidence).

Used by ``exercises/06_recommendations.ipynb``; its answers are stored beside it in
``06_recommendations.answers.json``.

Objectives of lesson 06 and the questions that assess them:

1. 归类 the paper's recommendations by level (enterprise / platform / government and industry),
   restated in the course's own words: Q1 (classification of concrete actions, partial credit).
2. 评定 the strength of a claim's evidence (A–D as in the course's fact sheet, the paper's claim,
   or shown only on synthetic or hypothetical data): Q2 (classification of claims into grades,
   partial credit).
3. 计算 with first releases, revisions and a forecast without mixing them: Q4 (the forecast error
   of MOFCOM's 2024 forecast against the customs outturn, joined from two tables), Q6 (growth on
   the previous year's revised value, as a function with hidden cases), Q7 (the growth the
   forecast implied, found with the growth explorer).
4. 读 the market mix and the customs supervision codes without mixing measures: Q3 (customs
   clearance figures against industry "transaction scale" estimates), Q5 (the change of the
   export destinations' shares in percentage points, full year 2022 against H1 2024), Q8 (which
   customs code serves which platform side).
5. 呈现 evidence: recommendations matched to their evidence, with a grade for each and the
   figures stated with their release: Q9 (the recommendations memo, written, marked by the
   teacher against its rubric).

Questions (id, type, points): Q1 classification 2, Q2 classification 2, Q3 single 1, Q4 value 2,
Q5 value 2, Q6 function 3, Q7 slider with explorer 2, Q8 classification 2, Q9 written 6; 22 points
in all, 6 of them marked by the teacher against the rubric (the grader reports Q9 as needs_marking
until the marks are merged).

Written answer: suggested length Q9 300–600 characters (guidance only; the rubric alone earns
points). It carries formative notes that never score (too short, no figure cited, and the bank's
own notes for a missing evidence grade, a missing release label and a missing level). Its
``solution=`` text is for the teacher only; the model answer is the solution notebook's
``q9.set_answer(...)  # SOLUTION`` line, and a test checks every figure in it against the data.

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

- Q7 (slider): "accept". A slider position is itself a rounded reading (steps of 0.1 %).
- Q4, Q5 (values computed in code): "note". The learner passes the computed object; a typed-in
  rounded copy is marked wrong with a note that names the rounding.
- Q6 (a function, compared with rtol 1e-6), Q1, Q2, Q8 (classifications), Q3 (a choice) and Q9
  (written) have no single number to round.

Partial credit: Q1, Q2 and Q8 (classifications) earn the share of items placed rightly. Q6's
misconceptions are wrong reference functions (first release over first release, revised over
revised, a share instead of a percentage, the row above taken as the previous year); one public
case and the hidden cases have rows out of year order and a missing year, so the learner's own
check already catches a function that takes "the row above" as the previous year.

Every figure is real and comes from ``macro_cbec`` and ``macro_cbec_detail`` (facts.md §1); the
expected values are computed from them when a check runs, none is typed in. Growth rates the
learner computes are the learner's own calculations, not published rates: the feedback says so.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from cbec import data
from cbec.questions import (
    Classification,
    Criterion,
    Exercise,
    FunctionAnswer,
    Lacks,
    Level,
    Numeric,
    SingleChoice,
    ValueAnswer,
    WrittenAnswer,
    ____,
)

exercise = Exercise(
    "L06",
    stem="06_recommendations",
    title="练习 6：对策建议与证据等级",
    # objective of lesson 06 → the questions that assess it, as the docstring says
    objectives={
        1: ("Q1",),
        2: ("Q2",),
        3: ("Q4", "Q6", "Q7"),
        4: ("Q3", "Q5", "Q8"),
        5: ("Q9",),
    },
)

FORECAST = "全年规模预测"
DESTINATIONS = "出口目的地占比"


@lru_cache(maxsize=1)
def _macro() -> pd.DataFrame:
    return data.load("macro_cbec")


@lru_cache(maxsize=1)
def _detail() -> pd.DataFrame:
    return data.load("macro_cbec_detail")


# -- Q1 the paper's recommendations, sorted by level ---------------------------------------------
FIRM, PLATFORM, STATE = "企业", "平台", "政府与行业"
Q1_DATABASE = "把国际站的询盘记录和速卖通的订单放进同一个客户数据库，用来决定开发什么产品"
Q1_BRAND = "不再只拼低价：定下品牌策略，给采购商和消费者各做一套风格不同的内容"
Q1_CHANNELS = "把独立站、社交媒体账号、线下展会和两个平台上的店铺连成一张线上线下的营销网络"
Q1_EXCHANGE = "在保护隐私和数据安全的前提下，探索建立两个平台之间共享数据的机制"
Q1_SYNC = "开发一键把国际站的产品资料同步到速卖通店铺的工具"
Q1_CRM = "提供一套同时管理批发买家和零售顾客的客户管理工具"
Q1_INFRA = "加快数字通关、国际物流和跨境支付等公共设施的建设"
Q1_TALENT = "支持高校和企业合作，培养同时懂 B2B 与 B2C 运营的人才"
Q1_ANSWER = {
    Q1_DATABASE: FIRM,
    Q1_BRAND: FIRM,
    Q1_CHANNELS: FIRM,
    Q1_EXCHANGE: PLATFORM,
    Q1_SYNC: PLATFORM,
    Q1_CRM: PLATFORM,
    Q1_INFRA: STATE,
    Q1_TALENT: STATE,
}
q1 = exercise.add(
    Classification(
        "L06.Q1",
        items=list(Q1_ANSWER),
        categories=[FIRM, PLATFORM, STATE],
        answer=Q1_ANSWER,
        misconceptions={
            (
                Q1_DATABASE,
                PLATFORM,
            ): "把自己两端的数据放进一个库，是商家自己就能做的事（论文的企业层面第一条）；"
            "要平台来做的是两个平台之间的数据互通。",
            (
                Q1_EXCHANGE,
                FIRM,
            ): "一家商家只能打通自己手里的数据；两个平台之间共享数据的机制，要平台在隐私和安全的规则下来建。",
            (
                Q1_SYNC,
                FIRM,
            ): "商家可以手工搬运产品资料，但“一键同步”的工具只有平台能开发：论文把它放在平台层面。",
            (
                Q1_CRM,
                FIRM,
            ): "商家可以自己整理客户名单，但这里说的是平台提供的跨平台客户管理工具，属于平台层面。",
            (
                Q1_INFRA,
                PLATFORM,
            ): "通关、物流、支付是公共服务和基础设施：平台可以接入，却建不了海关的数字通关。论文把它放在政府与行业层面。",
            (
                Q1_TALENT,
                FIRM,
            ): "企业可以自己培训员工，但校企合作、培养一个行业需要的人才，论文放在政府与行业层面。",
            (
                Q1_CHANNELS,
                PLATFORM,
            ): "独立站和社交媒体不属于任何一个平台：把它们和店铺连起来，是企业自己的多渠道布局。",
        },
        hints=[
            "先问：谁有能力做这件事？只有商家自己、只有平台，还是要政府或整个行业牵头？",
            "涉及“两个平台之间”的事（交换数据、同步资料、跨平台工具），一家商家做不了。",
            "课程第 2 节的表按层面列出了论文的七条建议；这里的八个做法各对应其中一条。",
        ],
        solution="企业：统一的客户数据库、品牌与内容、多渠道营销网络；平台：平台间数据互通、一键同步工具、"
        "跨平台客户管理工具；政府与行业：数字通关等公共设施、复合型人才培养。",
        explanation="分层看的是“谁有能力、谁该负责”：同一个目标（比如打通 B 端和 C 端的数据），"
        "商家能做的是打通自己的数据，平台能做的是平台之间的互通和工具，政府与行业能做的是公共设施和人才。"
        "写建议时把它交给做得到的人，建议才可执行。",
        points=2,
        partial_credit=True,
    )
)


# -- Q2 grading the evidence of claims ----------------------------------------------------------
GRADE_A, GRADE_B, CLAIM, SYNTHETIC = "A", "B", "论文的主张", "只在合成或假想数据上演示"
Q2_2023 = "2023 年跨境电商进出口的首次发布值是 2.38 万亿元"
Q2_2024 = "2024 年跨境电商进出口的首次发布值是 2.63 万亿元"
Q2_FORECAST = "商务部在 2024 年初预计全年跨境电商进出口 2.95 万亿元"
Q2_US = "2022 年跨境电商出口约三分之一去了美国"
Q2_CODE = "海关监管方式 9610 对应 B2C 零售包裹出口"
Q2_DATA = "在真实企业里，打通 B 端和 C 端的数据能让产品开发更准"
Q2_LEAD = "第 5 课那家假想企业的 C 端订单变化领先 B 端批发询盘几个月"
Q2_TALENT = "培养兼懂 B2B 与 B2C 的人才，能支撑行业持续发展"
Q2_ANSWER = {
    Q2_2023: GRADE_A,
    Q2_2024: GRADE_B,
    Q2_FORECAST: GRADE_B,
    Q2_US: GRADE_A,
    Q2_CODE: GRADE_B,
    Q2_DATA: CLAIM,
    Q2_LEAD: SYNTHETIC,
    Q2_TALENT: CLAIM,
}
q2 = exercise.add(
    Classification(
        "L06.Q2",
        items=list(Q2_ANSWER),
        categories=[GRADE_A, GRADE_B, CLAIM, SYNTHETIC],
        answer=Q2_ANSWER,
        misconceptions={
            (
                Q2_2024,
                GRADE_A,
            ): "2.63 是海关发布的，但课程只核对到一个来源的转述，修订值也还没有确认：可信度 B。",
            (Q2_FORECAST, GRADE_A): "预测只见于一篇新华社报道对商务部的转述：单一可靠来源，可信度 B。"
            "而且它是预测，不是统计结果。",
            (Q2_FORECAST, CLAIM): "这个数不是论文提出的，而是商务部的预计，有公开报道作来源（可信度 B）。",
            (Q2_CODE, GRADE_A): "监管方式与平台两端的对应，来自单一可靠来源的转述，课程标的是 B。",
            (
                Q2_DATA,
                SYNTHETIC,
            ): "第 5 课用假想数据演示过“先测后推”的方法，但这句说的是真实企业里的效果："
            "假想数据是按论文的设想造的，不能检验它。在真实世界里，这仍然只是论文的主张。",
            (
                Q2_DATA,
                GRADE_A,
            ): "论文提出了这条建议，却没有给出任何企业的数据来检验它：它是论文的主张，不是核对过的事实。",
            (
                Q2_LEAD,
                GRADE_A,
            ): "数据里算得出来，不等于它是真实世界的证据：第 5 课的企业是假想的，领先期是生成器放进去的。",
            (Q2_LEAD, CLAIM): "论文没有说过领先几个月；这是第 5 课在假想数据上量出来的，只演示了方法。",
            (Q2_TALENT, GRADE_A): "这是论文的建议和推理，没有数据检验过：标为论文的主张。",
        },
        hints=[
            "先把论断分成三类：公开统计的数字、论文提出的建议、课程数据里算出的结果。",
            "公开统计的数字再看来源：官方来源或几个来源一致是 A，只有一个可靠来源的转述是 B（课程第 1 节的表）。",
            "课程数据里算出的结果，数据是真实的还是生成的？生成的数据是按论文的设想造的，不能反过来证明论文。",
        ],
        solution="A：2023 年的 2.38、2022 年出口约三分之一去美国；B：2024 年的 2.63、商务部的 2.95 预测、9610 的对应；"
        "论文的主张：真实企业里数据打通让开发更准、人才培养；只在合成或假想数据上演示：第 5 课的领先期。",
        explanation="证据等级说的是“我们凭什么相信它”。同一份备忘录里，A 级的统计、B 级的转述、论文的主张和"
        "假想数据上的演示应当分开标出：前两类是对世界的陈述，第三类是有待检验的建议，第四类只说明方法。",
        points=2,
        partial_credit=True,
    )
)


# -- Q3 do not mix measures ------------------------------------------------------------------------
Q3_ANSWER = "两个数的统计范围不同：一个是咨询机构估计的交易规模，一个只是海关单列的平台通关，不能相除或相减"
Q3_REVISION = "902.4 亿元是首次发布值，要先换成修订值再算，结论才可靠"
Q3_SWAP = "应当把 9 万亿元换成海关的跨境电商进出口额，再减去 902.4 亿元，差额就是没经过海关的部分"
Q3_FINE = "没有问题：两个数都有公开来源，差距这么大，说明大部分交易逃过了海关统计"
q3 = exercise.add(
    SingleChoice(
        "L06.Q3",
        options=[Q3_FINE, Q3_REVISION, Q3_ANSWER, Q3_SWAP],
        answer=Q3_ANSWER,
        misconceptions={
            Q3_FINE: "有来源不等于能放在一起算：两个数统计的对象不同，差距主要来自口径，而不是逃过统计的交易。",
            Q3_REVISION: "修订只会让数字改动几个百分点，解释不了上百倍的差距：问题在口径，不在版本。",
            Q3_SWAP: "换成跨境电商进出口额之后，两个海关数字仍然不是同一个范围：平台通关只是其中单列的一部分，"
            "相减得到的差额也不是“没经过海关”的交易。",
        },
        hints=[
            "课程第 5 节：海关有几种与电商有关的数字，咨询机构还有自己的估计。",
            "两个数要能相除，分子必须是分母的一部分，统计的对象和范围都一样。",
            "“交易规模”由谁估计、包括什么？“电商平台通关”又只包括什么？",
        ],
        solution=f"选“{Q3_ANSWER}”。",
        explanation="口径（统计范围）不同的两个数，不能相除、相减，也不能连成一条趋势线。写备忘录时，每个数都写明"
        "它是谁统计的、统计的是什么；需要比较时，只在同一口径里比。",
        points=1,
    )
)


# -- Q4 the forecast error ------------------------------------------------------------------------
def _forecast_and_outturn() -> tuple[float, float]:
    detail = _detail()
    row = detail[detail["measure"] == FORECAST].merge(_macro(), on="year", validate="one_to_one")
    return float(row["trn_cny"].iloc[0]), float(row["first_release_trn_cny"].iloc[0])


def _forecast_error(base: str = "outturn", scale: float = 100.0, sign: int = 1) -> float:
    forecast, outturn = _forecast_and_outturn()
    denominator = outturn if base == "outturn" else forecast
    return sign * (forecast - outturn) / denominator * scale


q4 = exercise.add(
    ValueAnswer(
        "L06.Q4",
        expected=_forecast_error,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _forecast_error(base="forecast"),
                "你除以的是预测值。预测误差衡量的是预测离实际有多远，分母用实际值（海关的首次发布值）。",
            ),
            (
                lambda: _forecast_error(sign=-1),
                "符号反了：题目要“预测 − 实际”，预测高于实际时误差为正。",
            ),
            (
                lambda: _forecast_error(scale=1.0),
                "这是比例，不是百分数：再乘以 100。",
            ),
            (
                lambda: _forecast_error(scale=1.0) * _forecast_and_outturn()[1],
                "这是相差多少万亿元（预测 − 实际），题目要的是占实际值的百分之几。",
            ),
            (
                lambda: _implied_growth(),
                "这是预计比 2023 年首次发布值高多少（第 7 题的隐含增速）；实际值是 2024 年的首次发布值，"
                "在 macro_cbec 的 2024 年一行。",
            ),
        ],
        hints=[
            '预测在 macro_cbec_detail 里 measure 为 "全年规模预测" 的一行（trn_cny 列），实际值在 macro_cbec 的 first_release_trn_cny 列。',
            '先筛出预测那一行，再用 merge(macro, on="year", validate="one_to_one") 把同一年的实际值接上来。',
            "预测误差（%）=（预测 − 实际）÷ 实际 × 100；从合并后的那一行取出两个数再算，得到一个数。",
        ],
        solution=(
            'row = detail[detail["measure"] == "全年规模预测"].merge(macro, on="year", validate="one_to_one").iloc[0]\n'
            'forecast_error_pct = (row["trn_cny"] - row["first_release_trn_cny"]) / row["first_release_trn_cny"] * 100'
        ),
        explanation="商务部年初的预计比海关一年后首次发布的实际值高出一成多。比较时写明两边各是什么："
        "年初的预测（可信度 B），对首次发布的实际值（可信度 B，修订值尚未确认）；如果以后公布了修订值，误差也要重算。",
        points=2,
        rounding="note",
    )
)


# -- Q5 the change of the destinations' shares, in percentage points ------------------------------
def _shares(period: str, year: int) -> pd.Series:
    detail = _detail()
    rows = detail[
        (detail["measure"] == DESTINATIONS) & (detail["period"] == period) & (detail["year"] == year)
    ]
    return rows.set_index("item")["share_pct"].rename_axis(None).astype(float)


def _share_change(relative: bool = False, reverse: bool = False, keep_all: bool = False) -> pd.Series:
    """Share in H1 2024 minus share in 2022, per destination published for both periods."""
    early, late = _shares("全年", 2022), _shares("上半年", 2024)
    if reverse:
        early, late = late, early
    # The shares carry one decimal, so a difference does too: rounding drops the float noise.
    change = (late / early - 1) * 100 if relative else (late - early).round(1)
    return change if keep_all else change.dropna()


q5 = exercise.add(
    ValueAnswer(
        "L06.Q5",
        expected=_share_change,
        rtol=1e-6,
        misconceptions=[
            (
                lambda: _share_change(relative=True),
                "这是占比本身变了百分之几（相对变化）。题目要百分点（percentage point）：两个占比直接相减。",
            ),
            (
                lambda: _share_change(reverse=True),
                "方向反了：题目要 2024 年上半年的占比 − 2022 年的占比，占比上升为正。",
            ),
            (
                lambda: _share_change(keep_all=True),
                "只出现在一个时期里的目的地（差值为空值）要去掉：另一个时期没有录入它的占比，不是 0。",
            ),
        ],
        hints=[
            'macro_cbec_detail 里先筛出 measure == "出口目的地占比" 的行；两个时期用 year 和 period 两列区分。',
            'pivot(index="item", columns="year", values="share_pct") 把两个时期变成两列；只在一个时期公布的目的地会是空值。',
            "两列相减（2024 列 − 2022 列），再 dropna() 去掉空值，得到以目的地为索引的 Series。",
        ],
        solution=(
            'dest = detail[detail["measure"] == "出口目的地占比"]\n'
            'wide = dest.pivot(index="item", columns="year", values="share_pct")\n'
            "pp_change = (wide[2024] - wide[2022]).dropna()"
        ),
        explanation="百分点是两个百分数的差，和“增长了百分之几”是两回事：一个占比从 10% 升到 12%，"
        "是上升 2 个百分点，也是相对提高 20%，写的时候要说清是哪一种。"
        "还要写明时段不同：一边是 2022 年全年，一边是 2024 年上半年，上半年的构成可能受季节影响。",
        points=2,
        rounding="note",
    )
)


# -- Q6 growth on the previous year's revised value, as a function ---------------------------------
def _growth(macro, year, base: str = "revised", level: str = "first", scale: float = 100.0) -> float:
    rows = macro.set_index("year")
    previous = rows.loc[year - 1, "revised_trn_cny"] if base == "revised" else np.nan
    if pd.isna(previous):
        previous = rows.loc[year - 1, "first_release_trn_cny"]
    current = rows.loc[year, "first_release_trn_cny"]
    if level == "revised" and not pd.isna(rows.loc[year, "revised_trn_cny"]):
        current = rows.loc[year, "revised_trn_cny"]
    return float((current / previous - 1) * scale)


def _growth_on_revised(macro, year):
    return _growth(macro, year)


def _growth_first_over_first(macro, year):
    return _growth(macro, year, base="first")


def _growth_revised_over_revised(macro, year):
    return _growth(macro, year, level="revised")


def _growth_share(macro, year):
    return _growth(macro, year, scale=1.0)


def _growth_row_above(macro, year):
    """Takes the row above as the previous year: right only while rows are sorted with no gap."""
    rows = macro.reset_index(drop=True)
    at = rows.index[rows["year"] == year][0]
    base = rows.loc[at - 1, "revised_trn_cny"]
    if pd.isna(base):
        base = rows.loc[at - 1, "first_release_trn_cny"]
    return float((rows.loc[at, "first_release_trn_cny"] / base - 1) * 100)


def _toy_macro(seed: int, years, shuffle: bool = False, drop_revision=()) -> pd.DataFrame:
    """A made-up table in macro_cbec's columns: levels grow, most years have a revision."""
    rng = np.random.default_rng(seed)
    first = np.round(np.cumprod(rng.uniform(1.05, 1.25, len(years))) * 1.3, 2)
    revised = np.round(first * rng.uniform(0.95, 0.99, len(years)), 2)
    frame = pd.DataFrame({"year": list(years), "first_release_trn_cny": first, "revised_trn_cny": revised})
    frame.loc[frame["year"].isin(drop_revision), "revised_trn_cny"] = np.nan
    if shuffle:
        frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return frame


def _growth_cases() -> list[tuple]:
    macro = _macro()
    # One public case out of year order with a year missing, so the check itself catches a
    # function that takes "the row above" as the previous year (2054's row sits below 2050's).
    unsorted = _toy_macro(5, [2050, 2051, 2053, 2054], drop_revision=[2051]).iloc[[2, 0, 3, 1]]
    return [
        (macro, 2023),
        (macro, 2022),
        (_toy_macro(3, range(2030, 2035), drop_revision=[2032]), 2033),
        (unsorted.reset_index(drop=True), 2054),
    ]


def _hidden_growth_cases() -> list[tuple]:
    # Rows out of year order and a year missing: "the row above" is not the previous year.
    gappy = _toy_macro(8, [2040, 2041, 2043, 2044, 2045], shuffle=True, drop_revision=[2044])
    return [(gappy, 2045), (gappy, 2044), (gappy, 2041)]


q6 = exercise.add(
    FunctionAnswer(
        "L06.Q6",
        reference=_growth_on_revised,
        cases=_growth_cases,
        hidden_cases=_hidden_growth_cases,
        rtol=1e-6,
        misconceptions=[
            (
                _growth_first_over_first,
                "你用上一年的首次发布值作基数。公布的增速以上一年当时的修订值为基数；只有上一年没有修订值时，才用首次发布值。",
            ),
            (
                _growth_revised_over_revised,
                "分子用了当年的修订值。题目要的是当年首次发布时的增速：分子是当年的首次发布值。",
            ),
            (
                _growth_share,
                "结果要百分数：（当年 ÷ 基数 − 1）× 100。",
            ),
            (
                _growth_row_above,
                '你把“上面一行”当成了上一年。表的行不一定按年份排好，也可能缺年份：先 set_index("year")，'
                "再用 year - 1 按年份取上一年。",
            ),
        ],
        hints=[
            '先 set_index("year")，这样可以用 rows.loc[year - 1, "revised_trn_cny"] 按年份取值，不依赖行的顺序。',
            "基数：上一年的 revised_trn_cny；它是空值（pd.isna(...) 为 True）时，改用上一年的 first_release_trn_cny。",
            "分子是当年的 first_release_trn_cny；返回（分子 ÷ 基数 − 1）× 100，一个数。",
        ],
        solution=(
            "def growth_on_revised(macro, year):\n"
            '    rows = macro.set_index("year")\n'
            '    base = rows.loc[year - 1, "revised_trn_cny"]\n'
            "    if pd.isna(base):\n"
            '        base = rows.loc[year - 1, "first_release_trn_cny"]\n'
            '    return (rows.loc[year, "first_release_trn_cny"] / base - 1) * 100'
        ),
        explanation="海关公布一年的增速时，上一年的数已经修订过，所以基数是修订值。用首次发布值除以首次发布值，"
        "会得到一个和公布的增速对不上的数；这样算可以，但必须写明。你算出的是自己的计算，不是公布的增速。",
        points=3,
    )
)


# -- Q7 the growth the forecast implied ------------------------------------------------------------
def _implied_growth(base: str = "first") -> float:
    macro = _macro().set_index("year")
    column = "first_release_trn_cny" if base == "first" else "revised_trn_cny"
    forecast, _ = _forecast_and_outturn()
    return float((forecast / macro.loc[2023, column] - 1) * 100)


def _outturn_growth() -> float:
    macro = _macro().set_index("year")["first_release_trn_cny"]
    return float((macro[2024] / macro[2023] - 1) * 100)


q7 = exercise.add(
    Numeric(
        "L06.Q7",
        answer=_implied_growth,
        tolerance=0.3,
        unit="%",
        slider=(0, 40, 0.1),
        misconceptions=[
            (
                lambda: _implied_growth(base="revised"),
                "你用了 2023 年的修订值 2.37。预测是 2024 年 1 月做的，那时还只有首次发布值 2.38（修订在 9 月）：基数用当时知道的数。",
            ),
            (
                _outturn_growth,
                "这是实际值 2.63 比 2023 年首次发布值的增长，不是预测隐含的增长。把滑块拖到推算值等于商务部预计的位置。",
            ),
            (
                lambda: _forecast_error(),
                "这是第 4 题的预测误差（预测比实际高多少），不是预测比 2023 年高多少。",
            ),
        ],
        hints=[
            "拖动滑块：图里第二根柱子是 2023 年首次发布值按这个增速推算的 2024 年；让它和商务部预计那根一样高。",
            "图下方会打印推算值和商务部预计相差多少万亿元：找到相差最接近 0 的位置。",
            "也可以直接算：（预计 ÷ 2023 年的首次发布值 − 1）× 100。基数用预测时已经公布的那个数。",
        ],
        solution="（2.95 ÷ 2.38 − 1）× 100：商务部的预计相当于在 2023 年首次发布值上再增长约两成多。",
        explanation="把预测换算成隐含增速，就能和过去几年的增速放在一起看：它比 2023 年首次发布的 15.6%"
        "（以修订过的 2022 年为基数）高出不少。实际值呢？按首次发布值对首次发布值，2.63 比 2.38 多约 10.5%；"
        "以 2023 年的修订值 2.37 为基数，约 11.0%：两个都是我们自己算的，不是公布的增速。"
        "公布的 2024 年增速，课程没有找到可靠来源（可信度 D），流传的数字不能当作事实引用。",
        points=2,
        rounding="accept",
        explore="cbec.explore.l06:growth_path",
    )
)


# -- Q8 customs supervision codes and the two platform sides --------------------------------------
Q8_B2B = "国际站的海外买家下了信保订单，工厂把整批货直接出口给这家外国公司"
Q8_WAREHOUSE = "卖家先把一批货整批运进西班牙的海外仓，再在速卖通上零售给当地顾客"
Q8_PARCEL = "速卖通上的法国顾客下单后，卖家把一个小包裹直接寄给他"
Q8_BONDED = "一批货先存进国内一个由海关监管的保税仓库，接到网上订单后，再一单一单从仓库发出"
Q8_ANSWER = {Q8_B2B: "9710", Q8_WAREHOUSE: "9810", Q8_PARCEL: "9610", Q8_BONDED: "1210"}
q8 = exercise.add(
    Classification(
        "L06.Q8",
        items=list(Q8_ANSWER),
        categories=["9710", "9810", "9610", "1210"],
        answer=Q8_ANSWER,
        misconceptions={
            (
                Q8_WAREHOUSE,
                "9610",
            ): "商品最后零售给个人，但出口那一刻是整批运到海外仓：那是 9810，不是一件件寄出的零售包裹。",
            (
                Q8_WAREHOUSE,
                "9710",
            ): "9710 是直接卖给海外企业的 B2B 出口；这批货出口时还没有卖给任何人，是先进海外仓：9810。",
            (
                Q8_B2B,
                "9610",
            ): "买方是一家外国公司、整批出口：那是 B2B 直接出口 9710（国际站一侧），不是零售包裹。",
            (Q8_PARCEL, "9710"): "买方是个人消费者、一单一个包裹：那是 B2C 零售包裹 9610（速卖通一侧）。",
            (Q8_BONDED, "9810"): "海外仓在国外；保税仓库在国内、由海关监管，那是保税电商 1210。",
            (
                Q8_BONDED,
                "9610",
            ): "一单一单发出像零售包裹，但货是先存进国内由海关监管的保税仓库再按单发出的：那是保税电商 1210"
            "（本课不展开它的细节，对应关系的可信度是 B）。",
        },
        hints=[
            "先问两件事：买方是企业还是个人？货是直接寄给买方，还是先放进某个仓库？",
            "两个“先放进仓库”的做法：仓库在国外的是一种，在国内海关监管区域里的是另一种。",
            "课程第 4 节的表：9710 B2B 直接出口，9810 出口到海外仓，9610 B2C 零售包裹，1210 保税电商。",
        ],
        solution="信保订单整批出口：9710；先进海外仓：9810；零售小包裹：9610；国内保税仓库按单发出：1210。",
        explanation="监管方式说明货物怎样进出境，也就可以把平台的两端分开：国际站的批发订单可以走 9710，"
        "速卖通的零售包裹可以走 9610；9810 看的是货先整批进了海外仓，之后卖给谁代码本身不区分；"
        "1210 的保税区域在国内，不对应国际站或速卖通任何一侧。这些对应来自单一可靠来源（可信度 B），"
        "实际报关也可能走别的方式，引用时要标明。",
        points=2,
        partial_credit=True,
    )
)


# -- Q9 the recommendations memo, marked by the teacher ---------------------------------------------
def _memo_solution() -> str:
    forecast, outturn = _forecast_and_outturn()
    macro = _macro().set_index("year")
    share = macro.loc[2023, "first_release_trn_cny"] / macro.loc[2023, "goods_trade_trn_cny"] * 100
    return (
        f"背景：2023 年首次发布 {macro.loc[2023, 'first_release_trn_cny']:.2f} 万亿元（A），"
        f"后修订为 {macro.loc[2023, 'revised_trn_cny']:.2f}（B），约占货物贸易 {share:.1f}%；"
        f"2024 年首次发布 {outturn:.2f}（B）；商务部年初预计 {forecast:.2f}（B），预测比实际高 {_forecast_error():.1f}%。"
        "企业：把两端的客户数据放进一个库。证据：论文的主张；第 5 课只在假想数据上演示了方法。"
        "检验：一条试点产品线对一条相似的对照线，比较同几个月里两条线询盘和订单的变化（双重差分）；"
        "能随机分配时做 A/B 测试；局限是两条线本来就可能不同。"
        "平台：提供一键同步与跨平台客户管理工具。证据：论文的主张；用不用工具是商家自己选的，比较时要说明。"
        "政府与行业：完善数字通关等公共服务。证据：论文的主张；规模数字（A/B）只是背景，说明不了缺什么设施。"
        "作者另加的建议（海关公布修订值时注明日期）：我的建议，没有证据；监管方式与两端的对应为 B。"
        "局限：增速是自己算的；交易规模估计与海关数字口径不同，不混用。"
    )


# A memo may name the government side by its offices, and the other two sides by their names.
LEVEL_NOTE = Lacks("政府", "行业", "主管部门", "商务部", "海关", "监管", "部门")
FIRM_NOTE = Lacks("企业", "公司", "工厂", "商家", "卖家")
PLATFORM_NOTE = Lacks("平台", "阿里巴巴", "国际站", "速卖通")

q9 = exercise.add(
    WrittenAnswer(
        "L06.Q9",
        rubric=[
            Criterion(
                "matching",
                "论断与证据相配",
                [
                    Level(
                        0,
                        "缺失",
                        "建议没有标出证据等级，或把论文的主张、假想数据上的结果写成了已经证实的事实。",
                    ),
                    Level(1, "部分", "标出了等级，但有一条标错，或没有说明证据怎样支持这条建议。"),
                    Level(
                        2,
                        "充分",
                        "每条建议都标出证据等级（A–D、论文的主张、只在合成或假想数据上演示），等级与来源相符，"
                        "并写明这条证据支持到什么程度、还缺什么证据。",
                    ),
                ],
            ),
            Criterion(
                "figures",
                "数字与口径",
                [
                    Level(0, "缺失", "没有引用宏观数字，或数字与课程的数据不符。"),
                    Level(
                        1,
                        "部分",
                        "引用了数字，但首次发布值、修订值与预测混在一起没有说明，或把不同口径的数字放在一起比较。",
                    ),
                    Level(
                        2,
                        "充分",
                        "至少引用两个宏观数字（如 2023 年的首次发布与修订、2024 年的实际值与预测、货物贸易占比），"
                        "每个都写明是哪一次发布或是预测，以及可信度；自己算的增速写明是自己算的。",
                    ),
                ],
            ),
            Criterion(
                "levels",
                "三个层面与可执行",
                [
                    Level(0, "缺失", "建议没有分层面，或只是复述论文的原话。"),
                    Level(1, "部分", "覆盖了两个层面，或三个层面都有但建议空泛、说不出谁去做、怎样检验。"),
                    Level(
                        2,
                        "充分",
                        "企业、平台、政府与行业各至少一条，用自己的话写，并说明谁去做、用什么数据检验它有没有效果。",
                    ),
                ],
            ),
        ],
        length=(300, 600),
        cite_numbers=True,
        notes=[
            (
                Lacks("可信度", "证据", "等级", "主张"),
                "没有看到证据等级：每条建议后面标出它的依据有多强（例如 A、B、论文的主张）。",
            ),
            (
                Lacks("首次发布", "修订", "预测", "预计"),
                "引用宏观数字时，写明它是首次发布值、修订值还是预测。",
            ),
            (FIRM_NOTE, "没有看到企业层面的建议（如果写了，请点明它是企业层面）。"),
            (PLATFORM_NOTE, "没有看到平台层面的建议（如果写了，请点明它是平台层面）。"),
            (LEVEL_NOTE, "没有看到政府与行业层面的建议（如果写了，请点明层面）：论文对它也提了建议。"),
        ],
        hints=[
            "先列三条建议：企业、平台、政府与行业各一条，用自己的话写，说清谁去做。",
            "每条建议后面写依据和等级：是统计数字（A 或 B）、论文的主张，还是只在合成或假想数据上演示过？",
            "背景段引用两三个宏观数字，写明哪一次发布（首次发布、修订、预测）和可信度；最后一句写这份备忘录的证据还缺什么。",
        ],
        solution=_memo_solution(),
    )
)


__all__ = [
    "____",
    "exercise",
    *[f"q{n}" for n in range(1, 10)],
]
