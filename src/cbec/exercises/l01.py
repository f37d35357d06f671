"""Exercise 01: 人货场的数字化重构 (people, goods and place, rebuilt in data).

Used by ``exercises/01_people_goods_place.ipynb``; its answers are stored beside it in
``01_people_goods_place.answers.json``.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from cbec import data
from cbec.answer_codec import DatasetArg
from cbec.questions import (
    Classification,
    Exercise,
    FunctionAnswer,
    MultipleChoice,
    Numeric,
    SingleChoice,
    ValueAnswer,
    ____,
)

exercise = Exercise("L01", stem="01_people_goods_place", title="练习 1：人货场的数字化重构")


@lru_cache(maxsize=1)
def _buyers() -> pd.DataFrame:
    return data.load("buyer_profiles")


def buyers() -> pd.DataFrame:
    return _buyers().copy()


# -- Q1 人: what B2B buyers weigh most ---------------------------------------------------------
q1 = exercise.add(
    SingleChoice(
        "L01.Q1",
        options=[
            "最低的单价",
            "供应商的资质、工厂实力与长期合作的可靠性",
            "网红/KOL 的推荐",
            "当天送达的物流",
        ],
        answer="供应商的资质、工厂实力与长期合作的可靠性",
        misconceptions={
            "最低的单价": "价格当然重要，但企业采购一次下单金额大、还要长期合作，选错供应商的代价远高于几个点的差价。",
            "网红/KOL 的推荐": "KOL 种草主要影响个人消费者（速卖通一侧），企业采购者更依赖可核验的资质与实力。",
            "当天送达的物流": "时效是 B2C 消费者的痛点；B2B 大单通常按合同交期生产和海运。",
        },
        hints=[
            "想一想：一位批发商一次下单几千美元、以后还要反复补货，他最怕的是什么？",
            "在课程数据里按平台看 top_factor 的占比，国际站买家最常选的是哪几项？",
        ],
        solution="选“供应商的资质、工厂实力与长期合作的可靠性”。B2B 决策周期长、参与者多、金额大，"
        "所以国际站围绕信任设计工具：诚企认证、工厂视频、信保订单等。",
        explanation="B2B 采购的核心是降低选错供应商的风险，信任是第一位的。",
    )
)

# -- Q2 人货场: classify marketing elements ------------------------------------------------------
q2 = exercise.add(
    Classification(
        "L01.Q2",
        items=[
            "按采购规模给买家分层",
            "用户画像（user profile）",
            "户外露营照明的整套方案",
            "引流款 / 利润款 / 形象款的产品组合",
            "橱窗（showcase）",
            "直播间",
            "社交平台上的内容触点",
        ],
        categories=["人", "货", "场"],
        answer={
            "按采购规模给买家分层": "人",
            "用户画像（user profile）": "人",
            "户外露营照明的整套方案": "货",
            "引流款 / 利润款 / 形象款的产品组合": "货",
            "橱窗（showcase）": "场",
            "直播间": "场",
            "社交平台上的内容触点": "场",
        },
        misconceptions={
            ("直播间", "货"): "直播里展示的是货，但直播间本身是买家与商品相遇的地方，属于“场”。",
            (
                "户外露营照明的整套方案",
                "场",
            ): "“方案”描述的是卖什么：把多件产品组合成解决问题的价值，属于“货”。",
            ("橱窗（showcase）", "货"): "橱窗是平台上的稀缺展示位，决定商品在哪里、被谁看到，属于“场”。",
            ("用户画像（user profile）", "场"): "用户画像描述的是“谁在买”，属于“人”。",
        },
        hints=[
            "人 = 谁在买；货 = 卖的是什么价值；场 = 在哪里相遇、被谁看到。",
            "“场”的东西都可以问一句：买家是在这里看到商品的吗？",
        ],
        solution="人：买家分层、用户画像；货：整套方案、产品组合；场：橱窗、直播间、社交平台触点。",
        explanation="数字化之后，人货场分别变成了数据画像、方案与内容、多触点矩阵。",
    )
)

# -- Q3 工具: which tools belong to 国际站 -------------------------------------------------------
q3 = exercise.add(
    MultipleChoice(
        "L01.Q3",
        options=[
            "RFQ（采购直达）",
            "P4P（外贸直通车）",
            "官方活动（如三月新贸节）",
            "场景化的产品搭配",
            "联盟营销（affiliate）",
            "粉丝运营",
        ],
        answer=["RFQ（采购直达）", "P4P（外贸直通车）", "官方活动（如三月新贸节）", "场景化的产品搭配"],
        option_notes={
            "联盟营销（affiliate）": "联盟营销按成交付佣金，是速卖通（B2C）常用的站外引流方式。",
            "粉丝运营": "粉丝运营面向个人消费者，是速卖通一侧的核心工具。",
            "RFQ（采购直达）": "RFQ 是采购商发布需求、供应商报价的 B2B 工具，属于国际站。",
            "场景化的产品搭配": "把产品组合成场景方案，是国际站“货”的核心做法。",
        },
        hints=[
            "先判断每个工具面向的是企业采购者还是个人消费者。",
            "论文表 1 的“核心营销工具”一行分别列出了两个平台的四种工具。",
        ],
        solution="国际站：RFQ、P4P、官方活动、场景化搭配。联盟营销与粉丝运营属于速卖通。",
        explanation="国际站工具围绕采购需求与信任；速卖通工具围绕流量效率与消费者关系。",
    )
)


# -- Q4 人 in data: the large orders of each platform ---------------------------------------------
def _p90_order_value(df: pd.DataFrame) -> pd.Series:
    return df.groupby("platform", observed=True)["order_value_usd"].quantile(0.9)


def _median_order_value(df: pd.DataFrame) -> pd.Series:
    return df.groupby("platform", observed=True)["order_value_usd"].median()


def _mean_order_value(df: pd.DataFrame) -> pd.Series:
    return df.groupby("platform", observed=True)["order_value_usd"].mean()


q4 = exercise.add(
    ValueAnswer(
        "L01.Q4",
        expected=lambda: _p90_order_value(buyers()),
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _median_order_value(buyers()),
                "你算的是中位数（第 50 百分位）。这道题要看大单：第 90 百分位，用 quantile(0.9)。",
            ),
            (
                lambda: _mean_order_value(buyers()),
                "你算的是平均数。题目要第 90 百分位：只有 10% 的订单比它大，用 quantile(0.9)。",
            ),
        ],
        hints=[
            "按 platform 分组，再对 order_value_usd 取分位数：quantile 的参数是 0 到 1 之间的小数。",
            'buyers.groupby("platform", observed=True)["order_value_usd"].quantile(...)',
        ],
        solution='p90_value = buyers.groupby("platform", observed=True)["order_value_usd"].quantile(0.9)',
        explanation="课程里比较的是典型买家（中位数）；大单的差距更大，国际站的营销要能接住这些大客户。",
    )
)


# -- Q5 人 in data: how many B2B buyers deliberate for more than a month --------------------------
def _long_decision_share(df: pd.DataFrame) -> float:
    return float((df["decision_days"] > 30).mean())


def _b2b() -> pd.DataFrame:
    df = buyers()
    return df[df["platform"] == "国际站"]


q5 = exercise.add(
    ValueAnswer(
        "L01.Q5",
        expected=lambda: _long_decision_share(_b2b()),
        misconceptions=[
            (lambda: _long_decision_share(buyers()), "你用了两个平台的全部买家，题目只问国际站。"),
            (
                lambda: float((_b2b()["decision_days"] >= 30).mean()),
                "“超过 30 天”不含正好 30 天：用 > 而不是 >=。",
            ),
            (lambda: _long_decision_share(_b2b()) * 100, "题目要 0 到 1 之间的比例，不要乘以 100。"),
            (
                lambda: float((_b2b()["decision_days"] > 30).sum()),
                "你算的是人数，题目要比例：用 .mean() 而不是 .sum()。",
            ),
        ],
        hints=[
            "先筛选国际站的买家，再看 decision_days > 30 这个条件：它是一列 True/False。",
            "True/False 列的平均数就是 True 的比例：(条件).mean()。",
        ],
        solution='long_share = (buyers.loc[buyers["platform"] == "国际站", "decision_days"] > 30).mean()',
        explanation="约一半的企业买家要考虑一个月以上：营销要在这段时间里持续提供可信的信息。",
    )
)


# -- Q6 货 in data: a reusable bundle comparison ------------------------------------------------
def _bundle_lift(df: pd.DataFrame, platform: str, column: str = "order_value_usd") -> float:
    rows = df[df["platform"] == platform]
    medians = rows.groupby("bought_bundle")[column].median()
    return float(medians[True] / medians[False])


def _bundle_cases() -> list[tuple]:
    small = pd.DataFrame(
        {
            "platform": ["国际站"] * 4 + ["速卖通"] * 2,
            "bought_bundle": [True, False, True, False, True, False],
            "order_value_usd": [300.0, 100.0, 500.0, 200.0, 30.0, 20.0],
            "decision_days": [40, 20, 10, 30, 2, 1],
        }
    )
    return [
        (DatasetArg("buyer_profiles"), "国际站", "decision_days"),
        (small, "国际站", "order_value_usd"),
        (small, "速卖通", "decision_days"),
    ]


def _hidden_bundle_cases() -> list[tuple]:
    # Other platforms present, rows out of order, a bundle median that is not a data value, and
    # the default column: a function that ignores the platform filter or takes means fails one.
    mixed = pd.DataFrame(
        {
            "platform": ["速卖通", "国际站", "国际站", "速卖通", "国际站", "国际站", "国际站"],
            "bought_bundle": [True, False, True, False, True, False, True],
            "order_value_usd": [9.0, 400.0, 900.0, 3.0, 600.0, 100.0, 5000.0],
            "decision_days": [1, 10, 60, 2, 20, 30, 45],
        }
    )
    return [(mixed, "国际站"), (mixed, "速卖通"), (mixed, "国际站", "decision_days")]


q6 = exercise.add(
    FunctionAnswer(
        "L01.Q6",
        reference=_bundle_lift,
        cases=_bundle_cases,
        hidden_cases=_hidden_bundle_cases,
        hints=[
            "先筛选出该平台的行，再按 bought_bundle 分组，求 column 这一列的中位数。",
            '结果是“组合方案的中位数 ÷ 单品的中位数”；column 的默认值是 "order_value_usd"。',
        ],
        solution=(
            'def bundle_lift(df, platform, column="order_value_usd"):\n'
            '    rows = df[df["platform"] == platform]\n'
            '    medians = rows.groupby("bought_bundle")[column].median()\n'
            "    return medians[True] / medians[False]"
        ),
        explanation="同一个函数可以比较任何指标：组合方案买家的订单更大，考虑的时间也略长。",
    )
)


# -- Q7 market context: compound growth 2018–2023 ------------------------------------------------
def _first_release(year: int) -> float:
    macro = data.load("macro_cbec")
    return float(macro.loc[macro["year"] == year, "first_release_trn_cny"].iloc[0])


def _cagr_pct(years: int = 4) -> float:
    return ((_first_release(2024) / _first_release(2020)) ** (1 / years) - 1) * 100


def _simple_average_pct() -> float:
    return (_first_release(2024) / _first_release(2020) - 1) / 4 * 100


q7 = exercise.add(
    Numeric(
        "L01.Q7",
        answer=_cagr_pct,
        tolerance=0.3,
        unit="%",
        slider=(0.0, 40.0, 0.1),
        misconceptions=[
            (
                _simple_average_pct,
                "你算的是简单平均（总增长 ÷ 4）。逐年复利增长要开 4 次方：(末值/初值)^(1/4) − 1。",
            ),
            (
                lambda: _cagr_pct(years=5),
                "2020 到 2024 年是 4 个年度间隔，不是 5 个：指数用 1/4。",
            ),
        ],
        hints=[
            "从 macro_cbec 取 2020 年和 2024 年的 first_release_trn_cny。",
            "复合年均增长率 = (2024 年值 / 2020 年值) ** (1/4) − 1，再乘以 100 化为百分数。",
        ],
        solution="用 2024 年与 2020 年的首次发布值开 4 次方：(末值 / 初值) ** (1/4) − 1，再乘以 100。",
        explanation="规模仍在快速增长，这是平台营销体系不断演变的大背景。",
    )
)

__all__ = ["____", "exercise", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]
