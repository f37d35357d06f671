"""Exercise 01: 人货场的数字化重构 (people, goods and place, rebuilt in data).

Used by ``exercises/01_people_goods_place.ipynb``; its answers are stored beside it in
``01_people_goods_place.answers.json``.

Objectives of lesson 01 and the questions that assess them:

1. 区分 first releases and revisions, and state which version a growth rate uses: Q7 (a CAGR
   first release over first release), Q11 (which base an announced rate uses, on made-up figures).
2. 解释 人、货、场 as the lesson retells the paper (supplier as 方案解决者, 场 as a matrix of
   touchpoints, 国际站's showcase driven by organic and paid traffic), with the general marketing
   term buying centre (采购中心), which is not the paper's: Q1, Q2, Q3.
3. 比较 the two platforms' buyer profiles with ``groupby`` (medians, quantiles, shares): Q4, Q5,
   Q10 (the order-value threshold explorer).
4. 编写 a reusable function for the ratio of median first-order values, bundle over single
   (``bundle_median_ratio``: a ratio of medians, not a causal uplift): Q6, and what such a ratio
   can and cannot show (correlation, not cause; not the average order value): Q12.
5. 读出 the first-touchpoint matrix with ``observed=True`` and ``pd.crosstab(normalize=...)``:
   Q8, Q9.

Questions (id, type, points): Q1 single 1, Q2 classification 2, Q3 multiple 2, Q4 value 2,
Q5 value 2, Q6 function 3, Q7 slider 2, Q8 value 2, Q9 value 2, Q10 slider with explorer 2,
Q11 single 1, Q12 single 1; 22 points in all.

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

- Q7, Q10 (sliders): "accept". A slider position is itself a rounded reading.
- Q4, Q5, Q8, Q9 (values computed in code): "note". The learner passes the computed object; a
  typed-in rounded copy is marked wrong with a note that names the rounding, never the value.
- Q1–Q3, Q6, Q11 and Q12 have no single number to round.

Partial credit: Q2 (classification) and Q3 (multiple choice) earn a share of their points.
Q6's misconceptions are wrong reference functions (groups swapped, means, no platform filter,
``column`` ignored): a learner's function that matches one on every public case gets its note.
Expected values are computed from the shipped data; none is typed in.
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

exercise = Exercise(
    "L01",
    stem="01_people_goods_place",
    title="练习 1：人货场的数字化重构",
    # objective of lesson 01 → the questions that assess it, as the docstring says
    objectives={
        1: ("Q7", "Q11"),
        2: ("Q1", "Q2", "Q3"),
        3: ("Q4", "Q5", "Q10"),
        4: ("Q6", "Q12"),
        5: ("Q8", "Q9"),
    },
)


@lru_cache(maxsize=1)
def _buyers() -> pd.DataFrame:
    return data.load("buyer_profiles")


def buyers() -> pd.DataFrame:
    return _buyers().copy()


def _platform(name: str) -> pd.DataFrame:
    df = buyers()
    return df[df["platform"] == name]


def _b2b() -> pd.DataFrame:
    return _platform("国际站")


# -- Q1 人: who decides a B2B purchase ----------------------------------------------------------
# Options of about the same length and shape, so the right one cannot be spotted by its length.
Q1_IMPULSE = "多数人当天就下单，容易被折扣、网红推荐和直播间的气氛打动"
Q1_ANSWER = "决策周期长，采购、技术、财务几个角色共同决定，看重供应商可信"
Q1_PRICE = "通常由老板一人拍板，几家报价里谁的单价最低就选谁的货"
Q1_EVENTS = "平时很少下单，采购需求集中在平台官方活动的那几天释放"
q1 = exercise.add(
    SingleChoice(
        "L01.Q1",
        options=[
            Q1_IMPULSE,
            Q1_ANSWER,
            Q1_PRICE,
            Q1_EVENTS,
        ],
        answer="决策周期长，采购、技术、财务几个角色共同决定，看重供应商可信",
        misconceptions={
            Q1_IMPULSE: "这更像速卖通的消费者：在课程的合成数据里，"
            "他们单笔小、多数当天下单。论文认为国际站的企业买家决策周期长，要理性地比较供应商。",
            Q1_PRICE: "价格当然要比，但一笔批量采购往往要经过好几个人，选错供应商的代价远大于几个点的差价。",
            Q1_EVENTS: "官方活动带来流量高峰，但采购需求全年都有；活动是“场”的一部分，不是“人”的特点。",
        },
        hints=[
            "回想课程第 2 节开头：论文怎样描述两个平台的买家？课程数据只是照着这些描述生成的。",
            "一家企业的采购，除了下单的采购员，还有谁会过问？",
            "课程第 2 节转述了论文对 B2B 买家的描述：除了决策慢，还说到参与决策的有多少人、买家最在意什么。",
        ],
        solution="选“决策周期长，采购、技术、财务几个角色共同决定，看重供应商可信”。所以国际站的营销先建立信任：认证、工厂视频和直播。",
        explanation="B2B 的一笔采购由好几个角色共同决定，周期长、偏理性，信任排在第一位。",
        points=1,
    )
)

# -- Q2 人货场: classify marketing elements -------------------------------------------------------
Q2_ANSWER = {
    "按采购规模给买家分层": "人",
    "用户画像（user profile）": "人",
    "一家企业里参与采购的多个角色": "人",
    "户外露营照明的整套方案": "货",
    "把供应商塑造成“方案解决者”": "货",
    "橱窗（showcase）": "场",
    "直播间": "场",
    "P4P 付费推广": "场",
}
q2 = exercise.add(
    Classification(
        "L01.Q2",
        items=list(Q2_ANSWER),
        categories=["人", "货", "场"],
        answer=Q2_ANSWER,
        misconceptions={
            ("直播间", "货"): "直播里展示的是货，但直播间本身是买家遇见商品的地方，属于“场”。",
            ("户外露营照明的整套方案", "场"): "“方案”说的是卖什么：几件产品合起来解决一个问题，属于“货”。",
            ("橱窗（showcase）", "货"): "橱窗是平台上的稀缺展示位，决定商品在哪里被看到，属于“场”。",
            ("用户画像（user profile）", "场"): "用户画像描述的是“谁在买”，属于“人”。",
            ("把供应商塑造成“方案解决者”", "人"): "“人”指买家。供应商以方案解决者的身份出现，"
            "改变的是它卖的东西（货）：从一件件产品变成解决问题的方案。",
            ("P4P 付费推广", "货"): "P4P 决定商品在搜索结果里出现在哪里、被谁看到，是付费的触点，属于“场”。",
            ("一家企业里参与采购的多个角色", "场"): "采购、技术、财务这些角色都是买方的人，属于“人”。",
        },
        hints=[
            "先给三个字各下一个定义：人 = 谁在买；货 = 卖的是什么价值；场 = 在哪里相遇、被谁看到。",
            "对每一项问一句：它描述的是买家、卖的东西，还是买家看到商品的地方？",
            "容易放错的是“供应商”那一项和两种付费或直播的触点：回到课程第 3 节和第 4 节的定义再对一遍。",
        ],
        solution="人：按规模分层、用户画像、参与采购的多个角色；货：露营照明整套方案、供应商作为方案解决者；"
        "场：橱窗、直播间、P4P 付费推广。",
        explanation="数字化之后，人、货、场分别变成了数据画像与多角色的买方、方案与内容、多触点的矩阵。",
        points=2,
        partial_credit=True,
    )
)

# -- Q3 工具: which tools belong to 国际站 -------------------------------------------------------
Q3_OPTIONS = [
    "RFQ（采购直达）",
    "P4P（外贸直通车）",
    "官方活动（如三月新贸节）",
    "场景化解决方案",
    "联盟营销（affiliate）",
    "粉丝运营",
    "直通车",
]
q3 = exercise.add(
    MultipleChoice(
        "L01.Q3",
        options=Q3_OPTIONS,
        answer=["RFQ（采购直达）", "P4P（外贸直通车）", "官方活动（如三月新贸节）", "场景化解决方案"],
        option_notes={
            "联盟营销（affiliate）": "联盟营销按成交付佣金，请站外的推广者带来消费者，是速卖通一侧的工具。",
            "粉丝运营": "粉丝运营经营的是个人消费者的关注和复购，是速卖通一侧的工具。",
            "直通车": "名字和“外贸直通车”相近，但这是速卖通自己的按点击付费推广；国际站的对应工具叫 P4P。",
            "RFQ（采购直达）": "RFQ 让采购商发布需求、供应商来报价；两个平台中只有国际站有这个工具。",
            "场景化解决方案": "把产品配成解决采购问题的整套方案，是国际站“货”的核心做法。",
            "官方活动（如三月新贸节）": "三月新贸节是国际站每年 3 月的官方采购活动。",
        },
        hints=[
            "先判断每个工具面对的是企业采购者还是个人消费者。",
            "课程第 5 节的对比表有一行“核心营销工具”，两个平台各列了四种。",
            "有两个选项名字里都有“直通车”：课程第 4 节说明了它们各属于哪个平台。",
        ],
        solution="国际站：RFQ、P4P（外贸直通车）、官方活动、场景化解决方案。"
        "联盟营销、粉丝运营和速卖通的直通车属于速卖通。",
        explanation="国际站的工具围绕采购需求与信任；速卖通的工具围绕流量效率与消费者关系。",
        points=2,
        partial_credit=True,
    )
)


# -- Q4 人 in data: the large orders of each platform ---------------------------------------------
def _by_platform(df: pd.DataFrame):
    return df.groupby("platform", observed=True)["order_value_usd"]


q4 = exercise.add(
    ValueAnswer(
        "L01.Q4",
        expected=lambda: _by_platform(buyers()).quantile(0.9),
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _by_platform(buyers()).median(),
                "你算的是中位数（第 50 百分位）。这道题看大单：第 90 百分位，用 quantile(0.9)。",
            ),
            (
                lambda: _by_platform(buyers()).mean(),
                "你算的是平均数。题目要第 90 百分位：只有 10% 的订单比它大，用 quantile(0.9)。",
            ),
            (
                lambda: _by_platform(buyers()).quantile(0.1),
                "你算的是第 10 百分位：90% 的订单比它大。题目要的是只有 10% 的订单比它大的那个金额。",
            ),
            (
                lambda: _by_platform(buyers()).quantile(0.75),
                "你算的是第 75 百分位（上四分位数）：还有 25% 的订单比它大。题目要的分位数更靠上。",
            ),
            (
                lambda: _by_platform(buyers()).quantile(0.9) / 1000,
                "你把金额换成了千美元。order_value_usd 的单位是美元，答案也用美元，不要除以 1000。",
            ),
        ],
        hints=[
            "课程第 2.1 节用 groupby 按平台求过中位数；这次把中位数换成另一个分位数。",
            "把订单从小到大排好，第 90 百分位就是 90% 的订单都不超过的那个金额。",
            "pandas 的分位数方法叫 quantile，参数是 0 到 1 之间的小数，quantile(0.5) 就是中位数。"
            "照课程第 2.1 节求中位数的写法按平台分组，再把 .median() 换成 quantile：参数该是多少？",
        ],
        solution='p90_value = buyers.groupby("platform", observed=True)["order_value_usd"].quantile(0.9)',
        explanation="课程比较的是典型买家（中位数）。在这份合成数据里，两个平台大单之间的差距比中位数之间更大，"
        "这来自生成器对两个平台金额离散程度（σ）的假设，不是观察到的事实。",
        points=2,
        rounding="note",
    )
)


# -- Q5 人 in data: how many B2B buyers deliberate for more than a month --------------------------
def _long_decision_share(df: pd.DataFrame) -> float:
    return float((df["decision_days"] > 30).mean())


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
            (
                lambda: 1 - _long_decision_share(_b2b()),
                "你算的是不超过 30 天的买家占比（决策较快的那一部分）。题目问的是超过 30 天的。",
            ),
            (
                lambda: float(_b2b()["decision_days"].median()),
                "你算的是决策天数的中位数（单位是天），题目要的是超过 30 天的买家占多大比例。",
            ),
            (
                lambda: _long_decision_share(_platform("速卖通")),
                "得到 0：这份数据里的速卖通买家没有一位考虑超过 30 天。检查筛选条件，题目问的是国际站。",
            ),
        ],
        hints=[
            "分两步：先筛选出国际站的买家，再看 decision_days 是否超过 30 天。",
            "比较 decision_days > 30 得到一列 True/False；课程里算复购率时用过同一个办法。",
            "True/False 列的平均数就是 True 的比例：对筛选后的那一列条件取 .mean()。",
        ],
        solution='long_share = (buyers.loc[buyers["platform"] == "国际站", "decision_days"] > 30).mean()',
        explanation="在这份合成数据里，约一半的国际站买家考虑了一个月以上；决策天数的分布是生成器的假设。"
        "论文认为企业采购的决策周期长：若真如此，营销就要在这段时间里持续提供可信的信息。",
        points=2,
        rounding="note",
    )
)


# -- Q6 货 in data: a reusable ratio of medians ---------------------------------------------------
def _bundle_median_ratio(df: pd.DataFrame, platform: str, column: str = "order_value_usd") -> float:
    rows = df[df["platform"] == platform]
    medians = rows.groupby("bought_bundle")[column].median()
    return float(medians[True] / medians[False])


def _bundle_ratio(
    df: pd.DataFrame, platform: str | None, column: str, how: str = "median", swap: bool = False
) -> float:
    """The ratio as a learner's slip would compute it: another statistic, no platform filter
    (``platform=None``) or the two groups swapped. The right one is ``_bundle_median_ratio``."""
    rows = df if platform is None else df[df["platform"] == platform]
    stats = rows.groupby("bought_bundle")[column].agg(how)
    top, bottom = (False, True) if swap else (True, False)
    return float(stats[top] / stats[bottom])


def _swapped_ratio(df, platform, column="order_value_usd"):
    return _bundle_ratio(df, platform, column, swap=True)


def _mean_ratio(df, platform, column="order_value_usd"):
    return _bundle_ratio(df, platform, column, how="mean")


def _unfiltered_ratio(df, platform, column="order_value_usd"):
    return _bundle_ratio(df, None, column)


def _order_value_only_ratio(df, platform, column="order_value_usd"):
    return _bundle_ratio(df, platform, "order_value_usd")


def _bundle_cases() -> list[tuple]:
    # Case 2 has an odd bundle median that is no data value, so a mean gives another number;
    # case 3 mixes platforms, so a function that ignores the platform gives another number.
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
        reference=_bundle_median_ratio,
        cases=_bundle_cases,
        hidden_cases=_hidden_bundle_cases,
        misconceptions=[
            (
                _swapped_ratio,
                "你的函数算的是“单品 ÷ 组合”：分子和分母颠倒了，组合（True）的中位数应当在上面。",
            ),
            (_mean_ratio, "你的函数用的是平均数。题目要中位数：订单金额右偏，少数大单会把平均数拉高。"),
            (_unfiltered_ratio, "你的函数没有先筛选 platform：两个平台的买家被放在一起算了。"),
            (
                _order_value_only_ratio,
                "你的函数总是比较 order_value_usd，没有用参数 column：换一列时结果应当跟着变。",
            ),
        ],
        hints=[
            "分三步：只留下 platform 这个平台的行；按 bought_bundle 分组；对 column 这一列求中位数。",
            "分组后的结果以 True 和 False 为索引：用组合（True）的值除以单品（False）的值，顺序别颠倒。",
            "常见的两个错误：求了平均数而不是中位数；忘了先筛选平台。"
            'column 的默认值是 "order_value_usd"，不传 column 时也要能算。',
        ],
        solution=(
            'def bundle_median_ratio(df, platform, column="order_value_usd"):\n'
            '    rows = df[df["platform"] == platform]\n'
            '    medians = rows.groupby("bought_bundle")[column].median()\n'
            "    return medians[True] / medians[False]"
        ),
        explanation="同一个函数可以比较任何一列。注意它只说明组合买家和单品买家的差别，不说明组合“造成”了差别。",
        points=3,
    )
)


# -- Q7 market context: compound growth 2020–2024, first release over first release ------------
def _macro(column: str) -> pd.Series:
    return data.load("macro_cbec").set_index("year")[column]


def _cagr_pct(start: float, end: float, years: int = 4) -> float:
    return ((end / start) ** (1 / years) - 1) * 100


def _first_over_first() -> float:
    first = _macro("first_release_trn_cny")
    return _cagr_pct(first[2020], first[2024])


q7 = exercise.add(
    Numeric(
        "L01.Q7",
        answer=_first_over_first,
        tolerance=0.3,
        unit="%",
        slider=(0.0, 40.0, 0.1),
        misconceptions=[
            (
                lambda: (
                    (_macro("first_release_trn_cny")[2024] / _macro("first_release_trn_cny")[2020] - 1)
                    / 4
                    * 100
                ),
                "你算的是简单平均（总增长 ÷ 4）。逐年复利增长要开 4 次方：(末值/初值)^(1/4) − 1。",
            ),
            (
                lambda: _cagr_pct(
                    _macro("first_release_trn_cny")[2020], _macro("first_release_trn_cny")[2024], 5
                ),
                "2020 到 2024 年是 4 个年度间隔，不是 5 个：指数用 1/4。",
            ),
            (
                lambda: _macro("first_release_growth_pct")[2023],
                "这是公布的 2023 年同比增长率：只是一年的增长，而且以上一年的修订值为基数。"
                "题目要 2020—2024 年的复合年均增长率，两端都用首次发布值，自己算。",
            ),
            (
                lambda: _cagr_pct(
                    _macro("first_release_trn_cny")[2018], _macro("first_release_trn_cny")[2023], 5
                ),
                "这是课程第 1 节算过的 2018—2023 年的复合年均增长率。题目要的是 2020—2024 年："
                "换成这两年的首次发布值，指数用 1/4。",
            ),
            (
                lambda: _cagr_pct(_macro("revised_trn_cny")[2020], _macro("first_release_trn_cny")[2024]),
                "你用了 2020 年的修订值作基数。题目要求两端都用首次发布值（first_release_trn_cny）。",
            ),
        ],
        hints=[
            "从 macro_cbec 取 first_release_trn_cny 这一列，按年份取出 2020 年和 2024 年的值。",
            "2020 到 2024 年有几个年度间隔？复合年均增长率要把总倍数开这么多次方。",
            "复合年均增长率 = (末值 / 初值) ** (1 / 间隔年数) − 1，最后乘以 100 化成百分数。",
        ],
        solution="用两个首次发布值：(2024 年值 / 2020 年值) ** (1/4) − 1，再乘以 100。",
        explanation="这是首次发布值除以首次发布值的结果，引用时要这样写明；2024 年的 2.63 万亿元只有一个来源"
        "（可信度 B），修订值尚未确认。2020 年后来向下修订，换成修订值作基数，得到的增长率会更高一些。"
        "官方也这样比：海关发布 2024 年数字时说“比 2020 年增加 1 万亿元”，2.63 − 1.62 ≈ 1.01，"
        "对上的是 2020 年的修订值，而不是首次发布值 1.69。",
        points=2,
        rounding="accept",
    )
)


# -- Q8 场 in data: decision days by first touchpoint, with observed=True -------------------------
def _decision_by_touchpoint(df: pd.DataFrame, observed: bool = True, how: str = "median") -> pd.Series:
    return df.groupby("first_touchpoint", observed=observed)["decision_days"].agg(how)


q8 = exercise.add(
    ValueAnswer(
        "L01.Q8",
        expected=lambda: _decision_by_touchpoint(_b2b()),
        misconceptions=[
            (
                lambda: _decision_by_touchpoint(_b2b(), observed=False),
                "你的结果里有国际站没有的触点（值是 NaN）：first_touchpoint 是分类列，分组时加 observed=True。",
            ),
            (
                lambda: _decision_by_touchpoint(_b2b(), how="mean"),
                "你算的是平均数。题目要的是中位数：决策天数右偏，中位数更能代表典型买家。",
            ),
            (
                lambda: _decision_by_touchpoint(buyers()),
                "你用了两个平台的全部买家，题目只问国际站：先筛选，再分组。",
            ),
            (
                lambda: _decision_by_touchpoint(_b2b(), how="count"),
                "你数的是每个触点有多少位买家。题目要的是每个触点决策天数的中位数，不是人数。",
            ),
        ],
        hints=[
            "分两步：先筛选出国际站的买家，再分组求中位数。",
            "first_touchpoint 是分类（category）列，它的类别清单里也有速卖通才有的触点。"
            "课程第 2.1 节讲过分组时怎样只保留实际出现的类别。",
            '筛选可以写成 rows = buyers[buyers["platform"] == "国际站"]。'
            "再对 rows 按 first_touchpoint 分组，取 decision_days 这一列求中位数；"
            "分组时还要加上第 2 条提示说的那个参数。",
        ],
        solution='days_by_touch = buyers[buyers["platform"] == "国际站"].groupby("first_touchpoint", observed=True)["decision_days"].median()',
        explanation="各触点的中位数都在一个月上下，差别不大。这是合成数据：生成器让触点和决策天数彼此独立，"
        "所以这些差别只是抽样波动，不能说明哪个触点“更快”。",
        points=2,
        rounding="note",
    )
)

# -- Q9 场 in data: organic, paid and content touchpoints, with crosstab ---------------------------
# The exercise notebook prints this mapping for the learner as TOUCH_GROUPS; a test keeps the two equal.
_TOUCH_GROUPS = {
    "自然搜索": "自然",
    "橱窗": "自然",
    "推荐算法": "自然",
    "P4P": "付费",
    "直通车": "付费",
    "联盟营销": "付费",
    "视频": "内容",
    "直播": "内容",
    "社交媒体": "内容",
    "网红/KOL": "内容",
    "RFQ": "工具与活动",
    "官方活动": "工具与活动",
}


def _touch_group_table(normalize: bool | str = "index", transpose: bool = False) -> pd.DataFrame:
    df = buyers()
    group = df["first_touchpoint"].astype(str).map(_TOUCH_GROUPS)
    table = pd.crosstab(df["platform"], group, normalize=normalize)
    return table.T if transpose else table


q9 = exercise.add(
    ValueAnswer(
        "L01.Q9",
        expected=_touch_group_table,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _touch_group_table("columns"),
                '你按列求了占比（每一类触点内两个平台各占多少）。题目要每个平台内各类触点的占比：normalize="index"。',
            ),
            (
                lambda: _touch_group_table(False),
                "这是人数，不是占比：给 pd.crosstab 加上 normalize 参数。",
            ),
            (
                lambda: _touch_group_table(transpose=True),
                "行列颠倒了：你的表以触点类别为行、平台为列。题目要平台在行、类别在列：平台放在 pd.crosstab 的第一个参数。",
            ),
            (
                lambda: _touch_group_table("all"),
                "你用全部 2,000 位买家作分母。题目要每个平台内的占比，每一行加起来应当等于 1。",
            ),
        ],
        hints=[
            "先用 TOUCH_GROUPS 把每位买家的第一触点换成它所属的类别：Series 的 .map(字典)。",
            "再用 pd.crosstab 把平台放在行、触点类别放在列。",
            "每个平台（每一行）的占比加起来应当等于 1：课程第 4 节的交叉表用过同一个参数。",
        ],
        solution='touch_groups = pd.crosstab(buyers["platform"], buyers["first_touchpoint"].map(TOUCH_GROUPS), normalize="index")',
        explanation="在这份合成数据里，两个平台都有来自自然触点和付费触点的买家；国际站还有一大块来自 RFQ 和官方活动，"
        "速卖通来自内容的买家比国际站多。这些占比是生成器设定的，演示的是方法，不是平台的真实情况。",
        points=2,
        rounding="note",
    )
)


# -- Q10 人 explored: an order-value threshold for key-account service ----------------------------
# In thousands of USD: a threshold in plain dollars would be a bare 4-digit number, which turns
# up by chance in the sealed digests of a release and so cannot be searched for as a leak.
def _b2b_quantile_k(q: float) -> float:
    return float(_b2b()["order_value_usd"].quantile(q)) / 1000


q10 = exercise.add(
    Numeric(
        "L01.Q10",
        answer=lambda: _b2b_quantile_k(0.75),
        tolerance=0.1,
        unit=" 千美元",
        slider=(0.1, 20.0, 0.1),
        misconceptions=[
            (
                lambda: _b2b_quantile_k(0.25),
                "在这个门槛上，约 75% 的国际站买家首单金额不低于它。题目要的是只有约 25% 的买家够得着的门槛。",
            ),
            (
                lambda: float(buyers()["order_value_usd"].quantile(0.75)) / 1000,
                "这个门槛是把两个平台的买家混在一起算的。题目只看国际站那条曲线。",
            ),
            (
                lambda: _b2b_quantile_k(0.5),
                "在这个门槛上，约一半的国际站买家够得着，这是中位数。题目要的是约 25%。",
            ),
        ],
        hints=[
            "拖动滑块，看图下方国际站那一项的占比怎样随门槛变化。",
            "门槛越高，够得着的买家越少。找到国际站的占比从 25% 以上刚好降到 25% 以下的位置。",
            "“只有 25% 的买家不低于它”的金额，就是国际站首单金额的第 75 百分位；滑块的单位是千美元。",
        ],
        solution="国际站首单金额的第 75 百分位，换算成千美元，滑块上取最接近的 0.1 千美元。",
        explanation="用分位数定门槛，能把有限的大客户服务留给金额最大的四分之一买家。",
        points=2,
        rounding="accept",
        explore="cbec.explore.l01:order_value_threshold",
    )
)


# -- Q11 版本: which base a published growth rate uses, on made-up figures -----------------------
# Made-up figures, so the learner applies the lesson's test of bases instead of recalling 2023:
# 110 over the revised 95 gives the announced 15.8%; over the first release 100 it gives 10%.
Q11_REVISED = "上一年的修订值 95"
Q11_FIRST = "上一年的首次发布值 100"
Q11_MEAN = "上一年两个版本的平均数 97.5"
Q11_NONE = "哪个都不是：两个版本算出的增长率相同"
q11 = exercise.add(
    SingleChoice(
        "L01.Q11",
        options=[Q11_FIRST, Q11_REVISED, Q11_MEAN, Q11_NONE],
        answer="上一年的修订值 95",
        misconceptions={
            Q11_FIRST: "110 ÷ 100 − 1 = 10%，和公布的 15.8% 对不上。首次发布值除以首次发布值是另一种算法，"
            "算出来的数引用时要另外写明。",
            Q11_MEAN: "统计部门不会拿两个版本的平均数作基数；算一算 110 ÷ 97.5 − 1，也对不上 15.8%。",
            Q11_NONE: "两个版本相差 5，作分母算出的增长率并不相同：分别算一算 110 ÷ 100 和 110 ÷ 95。",
        },
        hints=[
            "把每个候选的分母都试一遍：110 ÷ 分母 − 1，看哪个等于 15.8%。",
            "课程第 1 节用 2022、2023 年的真实数字做过同样的检验。",
            "公布增长率时，上一年的数已经修订过了；新数和哪个版本比，口径才一致？",
        ],
        solution="选“上一年的修订值 95”：110 ÷ 95 − 1 ≈ 15.8%。",
        explanation="公布的同比增长率以上一年在公布时已经修订过的规模为分母，新旧口径一致；"
        "用首次发布值自己算出的增长率是另一个数，引用时要写明算法。",
        points=1,
    )
)

# -- Q12 货: what a ratio of medians can show --------------------------------------------------
Q12_CAUSE = "推出组合套装让这家店买家的首单金额提高了八成"
Q12_AOV = "这家店的客单价（平均每单金额）因为组合套装提高了八成"
Q12_EVERY = "每一位买组合的买家，首单都比买单品的买家大"
Q12_RIGHT = "买组合的买家首单通常更大，但未必是组合带来的"
q12 = exercise.add(
    SingleChoice(
        "L01.Q12",
        options=[Q12_CAUSE, Q12_AOV, Q12_EVERY, Q12_RIGHT],
        answer="买组合的买家首单通常更大，但未必是组合带来的",
        misconceptions={
            Q12_CAUSE: "这是因果的说法。买组合的可能本来就是大买家，不推组合他们也下大单；"
            "要知道组合本身的作用，得做实验，例如随机挑一部分买家推荐组合。",
            Q12_AOV: "客单价是平均每单的金额，是平均数；这里比的是两组买家的中位数，而且比较本身不说明原因。",
            Q12_EVERY: "中位数描述的是各组的典型买家。两组的金额分布有重叠：不少单品买家的首单比组合买家的大。",
        },
        hints=[
            "这个 1.8 是两组买家各自的中位数相除得到的：它比较的是两组人，不是同一批人推组合前后的变化。",
            "想一想：买组合的买家和买单品的买家，除了买不买组合，还可能有什么不同？",
            "逐个排除：哪些说法把“相关”说成了“因果”？哪个把中位数说成了平均数或每一个人？",
        ],
        solution="选“买组合的买家首单通常更大，但未必是组合带来的”。",
        explanation="首单金额中位数之比只说明两组买家的差别（相关），不说明组合造成了差别（因果）；"
        "它也不是客单价。要回答因果问题，需要随机实验。",
        points=1,
    )
)

__all__ = ["____", "exercise", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12"]
