"""Exercise 02: 国际站 (Alibaba.com): trust, solutions and traffic.

Used by ``exercises/02_alibaba_b2b.ipynb``; its answers are stored beside it in
``02_alibaba_b2b.answers.json``.

Objectives of lesson 02 (worded as the lesson states them) and the questions that assess them:

1. 区分 a lift from a baseline difference, compute an inquiry rate as a ratio of totals and say
   why a raw comparison is confounded by membership tier: Q1 (percentage points against a
   multiple, on made-up figures), Q2 (why the raw 场景化解决方案 lift exceeds the within-tier one),
   Q3 (rates within tier × showcase), Q9 (a bar chart of the rate by tier, ratio of totals).
2. 合并 two alibaba_* tables on a key and compare groups of the merged table: Q3 (listings →
   suppliers), Q4 (inquiries → listings, then the 信保 order rate by listing type). ``validate=``
   and the row check are shown in the lesson and recommended in the questions; the checks see
   only the result, so the objective does not name them.
3. 描绘 official events in a daily series (resample to every day of the year, event windows,
   weekdays only) and keep the +27% US SME figure (SRM Today) apart from an order-count ratio:
   Q5 (US buyers in the September festival, zero-order days counted), Q10.
4. 运用 the P4P rank rule (bid × promotion score) and the RFQ quota: Q6 (the lowest bid that
   takes slot 1, found with the simulator's explorer and checked in code), Q8 (which RFQs to
   quote under the quota).
5. 计算 funnel step rates and the platform's 及时回复率: Q7 (a step-rate function with hidden
   cases), Q11 (24 h for 询盘, 1 h for 即时沟通, unanswered counted as late).

The lesson also teaches rolling means, the second-price cost per click, the overall conversion
rate and late shipment against claims; they are not in the objectives because no question
assesses them.

Questions (id, type, points): Q1 single 1, Q2 single 1, Q3 value 2, Q4 value 2, Q5 value 2,
Q6 slider with explorer 2, Q7 function 3, Q8 multiple 2, Q9 plot 2, Q10 single 1, Q11 value 2;
20 points in all.

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

- Q6 (slider): "accept". A slider position is itself a rounded reading.
- Q3, Q4, Q5, Q11 (values computed in code): "note". A typed-in rounded copy is marked wrong
  with a note that names the rounding, never the value.
- Q1, Q2, Q7–Q10 have no single number to round.

Partial credit: Q8 (multiple choice) earns a share of its points.
Q7's misconceptions are wrong reference functions (cumulative rates, the ratio upside down, the
first step kept as an empty value, rates rounded to 3 decimals; the first public case has a ratio
that does not end at 3 decimals): a learner's function that matches one on every public case
gets its note. Q9 names a mean of per-supplier rates, a sum of rates, shares instead of percent
and an empty 免费会员 bar (no observed=True). Q9's check sees the bar type, count and heights and
that a title and both axis labels are present, not their language or wording; the question says
so.
Expected values are computed from the shipped data; none is typed in.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pandas as pd

from cbec import data, p4p
from cbec.answer_codec import DatasetArg
from cbec.explore import l02 as explore
from cbec.questions import (
    Exercise,
    FunctionAnswer,
    MultipleChoice,
    Numeric,
    PlotAnswer,
    SingleChoice,
    ValueAnswer,
    ____,
)

exercise = Exercise(
    "L02",
    stem="02_alibaba_b2b",
    title="练习 2：国际站的信任、方案与流量",
    # objective of lesson 02 → the questions that assess it, as the docstring says
    objectives={
        1: ("Q1", "Q2", "Q3", "Q9"),
        2: ("Q3", "Q4"),
        3: ("Q5", "Q10"),
        4: ("Q6", "Q8"),
        5: ("Q7", "Q11"),
    },
)


@cache
def _load(name: str) -> pd.DataFrame:
    return data.load(name)


def table(name: str) -> pd.DataFrame:
    return _load(name).copy()


# -- Q1 lift against baseline difference, on made-up figures ------------------------------------
Q1_RIGHT = "高 2 个百分点，是没有视频时的 1.5 倍"
Q1_PERCENT = "高 2%，是没有视频时的 1.02 倍"
Q1_POINTS = "高 50 个百分点，是没有视频时的 1.5 倍"
Q1_BASE = "高 2 个百分点，以有视频的为基线只高 33%"
q1 = exercise.add(
    SingleChoice(
        "L02.Q1",
        options=[Q1_PERCENT, Q1_RIGHT, Q1_POINTS, Q1_BASE],
        answer="高 2 个百分点，是没有视频时的 1.5 倍",
        misconceptions={
            Q1_PERCENT: "6% − 4% = 2 个百分点，不是 2%。百分比要和基线比：2 ÷ 4 = 50%。",
            Q1_POINTS: "两个比例相减得到的是百分点：6% − 4% = 2 个百分点。50% 是相对于基线的提升，不是百分点。",
            Q1_BASE: "提升要以没有视频的那一组为基线（分母）：6 ÷ 4 = 1.5 倍。拿有视频的作分母，比的方向就反了。",
        },
        hints=[
            "两个比例相减，单位是“百分点”；两个比例相除，得到倍数。",
            "基线是没有视频的那一组：倍数 = 有视频 ÷ 没有视频。",
            "课程第 1.1 节同时算了提升倍数和基线差：照那个办法分别算 6% 和 4% 的差与比。",
        ],
        solution="选“高 2 个百分点，是没有视频时的 1.5 倍”：6% − 4% = 2 个百分点，6% ÷ 4% = 1.5，也就是高 50%。",
        explanation="同一组数有两种说法：基线差（百分点）和提升倍数（以基线为分母）。两者都对，但不能混着说。",
        points=1,
    )
)

# -- Q2 confounding by tier ----------------------------------------------------------------------
Q2_RIGHT = "金品诚企发的方案多、询盘率又高，这份优势被算给了方案"
Q2_SAMPLE = "分层之后每组的样本变小，随机误差把等级内的倍数都压低了"
Q2_MEAN = "不分等级时用了比例的平均数，分层时用的是总数之比"
Q2_VISITORS = "场景化解决方案的访客比单品少，分母小，询盘率被放大了"
q2 = exercise.add(
    SingleChoice(
        "L02.Q2",
        options=[Q2_SAMPLE, Q2_RIGHT, Q2_MEAN, Q2_VISITORS],
        answer="金品诚企发的方案多、询盘率又高，这份优势被算给了方案",
        misconceptions={
            Q2_SAMPLE: "样本变小会让估计更不稳，但不会系统地往一个方向压低倍数；两个等级内的倍数都比不分等级时小，"
            "原因在于等级和发布类型相关。",
            Q2_MEAN: "课程里两种比较都用总数之比（询盘总数 ÷ 访客总数），算法相同，差别不在这里。",
            Q2_VISITORS: "询盘率是询盘 ÷ 访客，访客少不会让比例变大；比较的是比例，不是人数。",
        },
        hints=[
            "看课程第 2 节的交叉表：两个等级发布的场景化解决方案各占多少？",
            "再看第 1 节：哪个等级的询盘率本来就高？",
            "一个第三方变量同时和“发布类型”与“询盘率”有关时，直接比较会发生什么？",
        ],
        solution="选“金品诚企发的方案多、询盘率又高，这份优势被算给了方案”。",
        explanation="会员等级同时影响发布类型（金品诚企发场景化解决方案多）和询盘率（金品诚企更高），是混杂变量；"
        "在等级内分层比较，才把它的作用去掉。",
        points=1,
    )
)


# -- Q3 rates within tier × showcase, after a merge --------------------------------------------
def _listings_with_tier(how: str = "left") -> pd.DataFrame:
    tiers = table("alibaba_suppliers")[["supplier_id", "membership"]]
    return table("alibaba_listings").merge(tiers, on="supplier_id", how=how, validate="many_to_one")


def _rate_table(numerator: str = "inquiries_90d", denominator: str = "visitors_90d", observed=True):
    totals = _listings_with_tier().groupby(["membership", "showcase"], observed=observed)
    sums = totals[[numerator, denominator]].sum()
    return (sums[numerator] / sums[denominator]).unstack()


def _mean_of_rates() -> pd.DataFrame:
    df = _listings_with_tier()
    rates = df["inquiries_90d"] / df["visitors_90d"]
    return rates.groupby([df["membership"], df["showcase"]], observed=True).mean().unstack()


q3 = exercise.add(
    ValueAnswer(
        "L02.Q3",
        expected=_rate_table,
        rtol=1e-4,
        misconceptions=[
            (
                _mean_of_rates,
                "你对每件发布的询盘率求了平均数。一组的询盘率要用总数之比：组内询盘加总 ÷ 组内访客加总。",
            ),
            (
                lambda: _rate_table("inquiries_90d", "impressions_90d"),
                "你用曝光作分母。询盘率 = 询盘 ÷ 访客（visitors_90d）。",
            ),
            (
                lambda: _rate_table("inquiries_90d", "clicks_90d"),
                "你用点击作分母。询盘率 = 询盘 ÷ 访客（visitors_90d）。",
            ),
            (
                lambda: _rate_table().T,
                "行列颠倒了：题目要会员等级在行、showcase 在列。",
            ),
            (
                lambda: _rate_table(observed=False),
                "结果里有一行“免费会员”全是空值：membership 是分类列，分组时加 observed=True。",
            ),
        ],
        hints=[
            '先用 merge 把 suppliers 的 membership 按 supplier_id 接到 listings 上，写 validate="many_to_one"。',
            "再按 membership 和 showcase 两列分组，把 inquiries_90d 和 visitors_90d 分别加总，最后相除。",
            "课程第 1 节的 inquiry_rate 函数正好做“分组、加总、相除”；结果用 unstack() 把 showcase 转成列。",
        ],
        solution=(
            'rate_table = listings.merge(suppliers[["supplier_id", "membership"]], on="supplier_id", '
            'how="left", validate="many_to_one").groupby(["membership", "showcase"], observed=True)'
            '[["inquiries_90d", "visitors_90d"]].sum().pipe(lambda t: t["inquiries_90d"] / t["visitors_90d"])'
            ".unstack()"
        ),
        explanation="两个等级里，橱窗发布的询盘率与非橱窗的相差不大：在这份合成数据里，橱窗带来的是曝光，"
        "不是每位访客更高的询盘意愿。分层之后才看得清等级和橱窗各自的样子。",
        points=2,
        rounding="note",
    )
)


# -- Q4 信保 order rate by listing type, inquiries merged with listings ----------------------------
def _inquiries_with_type() -> pd.DataFrame:
    types = table("alibaba_listings")[["listing_id", "listing_type"]]
    return table("alibaba_inquiries").merge(types, on="listing_id", how="left", validate="many_to_one")


def _order_rate(column: str = "ta_order", how: str = "mean", replied_only: bool = False) -> pd.Series:
    df = _inquiries_with_type()
    if replied_only:
        df = df.dropna(subset=["reply_minutes"])
    return df.groupby("listing_type", observed=True)[column].agg(how)


q4 = exercise.add(
    ValueAnswer(
        "L02.Q4",
        expected=_order_rate,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _order_rate(replied_only=True),
                "你只看了得到回复的询盘。题目问的是全部询盘中带来信保订单的比例：没有回复的询盘也在分母里。",
            ),
            (lambda: _order_rate(how="sum"), "这是信保订单的条数，不是比例：用 .mean() 而不是 .sum()。"),
            (
                lambda: _order_rate("quoted"),
                "你算的是得到报价（quoted）的比例。题目问的是信保订单（ta_order）。",
            ),
            (
                lambda: _order_rate("order_value_usd"),
                "你算的是订单金额的平均数。题目要的是询盘变成信保订单的比例（ta_order 的平均数）。",
            ),
        ],
        hints=[
            "inquiries 里没有 listing_type：先按 listing_id 把 listings 的 listing_type 接过来。",
            '一件发布对多条询盘：从 inquiries 这边看是多对一，validate="many_to_one"；合并后行数应当不变。',
            "ta_order 是布尔列，它的平均数就是比例；按 listing_type 分组，加 observed=True。",
        ],
        solution=(
            'ta_rate = inquiries.merge(listings[["listing_id", "listing_type"]], on="listing_id", how="left", '
            'validate="many_to_one").groupby("listing_type", observed=True)["ta_order"].mean()'
        ),
        explanation="两类发布的询盘变成信保订单的比例相近：在这份合成数据里，场景化解决方案的优势在询盘这一步，"
        "不在询盘之后。合并前先想好键的关系（这里是多对一），合并后核对行数，才知道没有把询盘复制或丢掉。",
        points=2,
        rounding="note",
    )
)


# -- Q5 the September festival in the daily series of US buyers' orders -------------------------
WINDOWS = {3: "三月新贸节", 9: "九月采购节"}  # March: the whole month (B); September: the data's assumption
YEAR = pd.date_range("2024-01-01", "2024-12-31")


def _us_orders(country: str | None = "美国") -> pd.DataFrame:
    orders = table("alibaba_orders")
    return orders if country is None else orders[orders["buyer_country"] == country]


def _event_ratio(
    name: str = "九月采购节",
    country: str | None = "美国",
    weekdays: bool = True,
    calendar: str = "year",
    how: str = "mean",
    windows: dict[int, str] = WINDOWS,
) -> float:
    """Weekday mean daily orders in an event window ÷ outside any window. ``calendar``: "year"
    (every day of 2024, zero-order days counted), "resample" (first to last order only) or
    "orders" (only days with an order); ``how="sum"`` and fewer ``windows`` are the slips."""
    orders = _us_orders(country)
    if calendar == "orders":
        daily = orders.groupby("order_date").size()
    else:
        daily = orders.set_index("order_date").resample("D").size()
        if calendar == "year":
            daily = daily.reindex(YEAR, fill_value=0)
    label = pd.Series(daily.index.month.map(windows).fillna("无"), index=daily.index)
    keep = daily.index.dayofweek < 5 if weekdays else np.ones(len(daily), dtype=bool)
    means = daily[keep].groupby(label[keep]).agg(how)
    return float(means[name] / means["无"])


q5 = exercise.add(
    ValueAnswer(
        "L02.Q5",
        expected=_event_ratio,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _event_ratio(calendar="resample"),
                "resample 只从第一笔排到最后一笔订单：年底几天一笔美国订单也没有，它们没有进日序列。"
                "用 reindex 把序列补到 2024 年的每一天（没有订单记 0）。",
            ),
            (
                lambda: _event_ratio(calendar="orders"),
                '没有订单的日子被漏掉了：按 order_date 分组只得到有订单的日子。先 resample("D") 成日序列，'
                "再补齐全年，没有订单的日子记 0。",
            ),
            (
                lambda: _event_ratio(country=None),
                "你用了全部买家的订单。题目只看美国买家（buyer_country 为“美国”）。",
            ),
            (
                lambda: _event_ratio(weekdays=False),
                "你把周末也算进去了。活动月和平时月份的周末天数不同，题目只比工作日（dayofweek < 5）。",
            ),
            (
                lambda: _event_ratio("三月新贸节"),
                "这是三月新贸节的倍数。题目问的是九月采购节。",
            ),
            (
                lambda: _event_ratio() - 1,
                "你算的是“高出多少”（倍数 − 1）。题目要的是倍数本身：活动日均 ÷ 平时日均。",
            ),
            (
                lambda: _event_ratio(how="sum"),
                "你比的是订单总数。两组的工作日天数不同（九月二十来天，平时两百多天），要比每天的平均订单数：用 .mean()。",
            ),
            (
                lambda: 1 / _event_ratio(),
                "分子分母反了：倍数 = 九月采购节的工作日日均 ÷ 平时的工作日日均，平时在分母上。",
            ),
            (
                lambda: _event_ratio(windows={9: "九月采购节"}),
                "你的“平时”里还留着三月：三月新贸节也是活动窗口，平时只算 3 月和 9 月以外的工作日。",
            ),
        ],
        hints=[
            '先筛选出美国买家的订单，再用 resample("D").size() 变成日序列（以 order_date 为索引）。',
            '美国订单少，有的日子一笔也没有，年底几天也没有：用 reindex(pd.date_range("2024-01-01", "2024-12-31"), '
            "fill_value=0) 把日序列补到全年。",
            "按月份贴上活动窗口（3 月、9 月，其余为“无”），只留工作日，按窗口分组求日均订单，九月采购节 ÷ 无。",
        ],
        solution=(
            'us = orders[orders["buyer_country"] == "美国"]\n'
            'year = pd.date_range("2024-01-01", "2024-12-31")\n'
            'us_daily = us.set_index("order_date").resample("D").size().reindex(year, fill_value=0)\n'
            'label = year.month.map({3: "三月新贸节", 9: "九月采购节"}).fillna("无")\n'
            "per_day = us_daily[year.dayofweek < 5].groupby(label[year.dayofweek < 5]).mean()\n"
            'us_sept_ratio = per_day["九月采购节"] / per_day["无"]'
        ),
        explanation="一个国家的订单少，日序列里就有许多 0：不补齐，日均会偏高。美国买家每个工作日只有两三笔订单，"
        "这个倍数很不稳定（换一批同样来历的数据，大约可以落在 1.0 到 1.6 之间），所以它和全部买家的倍数不同，"
        "不能说明美国买家对活动的反应不一样。这是合成数据：九月采购节没有公开数字（可信度 D），"
        "这个倍数来自生成器的假设，只演示方法，不能与任何公开数字对照。",
        points=2,
        rounding="note",
    )
)


# -- Q6 the lowest bid that takes slot 1, explored with the simulator ----------------------------
SLIDER = (0.5, 8.0, 0.1)


def _slot1_bid(score: int = explore.EXERCISE_SCORE) -> float:
    """The lowest slider bid that takes slot 1 under the simulator's rules (cbec.p4p)."""
    low, high, step = SLIDER
    field = explore.rivals(*explore.EXERCISE_DAY)
    for bid in np.round(np.arange(low, high + step / 2, step), 1):
        if p4p.position(float(bid), score, field["bid_cny"], field["score"]) == 1:
            return float(bid)
    raise ValueError("no bid on the slider takes slot 1")


def _beats_top_bid() -> float:
    """The slip: outbid the highest bid, not the highest rank score."""
    field = explore.rivals(*explore.EXERCISE_DAY)
    return round(math.floor(field["bid_cny"].max() * 10 + 1e-9) / 10 + 0.1, 1)


q6 = exercise.add(
    Numeric(
        "L02.Q6",
        answer=_slot1_bid,
        tolerance=0.05,
        unit=" 元",
        slider=SLIDER,
        misconceptions=[
            (
                lambda: round(_slot1_bid() - 0.1, 1),
                "在这个出价上，你的排名分还低于排在第一的对手：看模拟器里“← 你”那一行在第几行。",
            ),
            (
                _beats_top_bid,
                "你比的是出价，不是排名分。排名看出价 × 推广评分：一个出价低、星级高的对手可能排在最前面。",
            ),
            (
                lambda: _slot1_bid(3),
                "这是 3 星时需要的出价。题目里你的推广评分是 4 星：排名分 = 出价 × 4。",
            ),
            (
                lambda: round(_slot1_bid() + 0.1, 1),
                "这个出价也能排第一，但不是最低的：往下拖一格试试，低一格的出价同样排在第 1 位。",
            ),
        ],
        hints=[
            "拖动滑块，看模拟器的表格里“← 你”那一行什么时候升到最上面（排名分相同时，你排在前面）。",
            "排名看的是排名分 = 出价 × 推广评分，不是出价本身。先找出排名分最高的对手。",
            "你的排名分不能低于那个对手的排名分：出价 × 4 ≥ 它的排名分，再取滑块上满足条件的最小出价。",
        ],
        solution="排名分最高的对手的排名分除以 4，再取滑块上不低于它的最小出价（0.1 元一格）。",
        explanation="排名由出价 × 推广评分决定：星级高的对手即使出价低也可能排第一。拿到第一位以后，"
        "每次点击的扣费由排在你下面的人决定，不是你的出价。",
        points=2,
        rounding="accept",
        explore="cbec.explore.l02:p4p_bid",
    )
)


# -- Q7 a reusable funnel function ----------------------------------------------------------------
def _funnel_rates(counts: pd.Series) -> pd.Series:
    return (counts / counts.shift(1)).iloc[1:]


def _cumulative_rates(counts):
    return (counts / counts.iloc[0]).iloc[1:]


def _upside_down_rates(counts):
    return (counts.shift(1) / counts).iloc[1:]


def _first_kept_rates(counts):
    return counts / counts.shift(1)


def _rounded_rates(counts):
    return _funnel_rates(counts).round(3)


def _funnel_cases() -> list[tuple]:
    return [
        # 19 ÷ 420 does not end at 3 decimals, so a function that rounds fails a public case.
        (pd.Series({"曝光": 20000, "点击": 500, "访客": 420, "询盘": 19}),),
        (pd.Series({"报价": 400, "回复": 80, "成交": 12}),),
    ]


def _hidden_funnel_cases() -> list[tuple]:
    return [
        (pd.Series({"曝光": 90000, "点击": 1800, "访客": 1530, "询盘": 60, "回复": 57, "信保订单": 6}),),
        (pd.Series({"访客": 250, "询盘": 10}),),
        (pd.Series([1000.0, 100.0, 50.0, 5.0], index=["a", "b", "c", "d"]),),
    ]


q7 = exercise.add(
    FunctionAnswer(
        "L02.Q7",
        reference=_funnel_rates,
        cases=_funnel_cases,
        hidden_cases=_hidden_funnel_cases,
        misconceptions=[
            (
                _cumulative_rates,
                "你的函数把每一步都除以第一步，得到的是到这一步为止的累计转化率。逐步转化率要除以上一步。",
            ),
            (_upside_down_rates, "分子和分母颠倒了：逐步转化率 = 这一步 ÷ 上一步，结果应当不大于 1。"),
            (
                _first_kept_rates,
                "你的结果里还留着第一步（空值）：第一步前面没有步骤，题目要从第二步开始，用 .iloc[1:] 去掉它。",
            ),
            (
                _rounded_rates,
                "你的函数把结果四舍五入了。函数要返回没有取舍的比例，取几位小数留到显示的时候再定。",
            ),
        ],
        hints=[
            "counts 是按步骤顺序排好的 Series；每一步要和它的上一步对齐。",
            "counts.shift(1) 把序列往下挪一格：第 k 行就是上一步的人数。",
            "counts / counts.shift(1) 的第一项是空值；题目要从第二步开始，去掉它后返回。",
        ],
        solution=(
            "def funnel_rates(counts):\n    steps = counts / counts.shift(1)\n    return steps.iloc[1:]"
        ),
        explanation="同一个函数可以用在任何漏斗上：搜索漏斗、RFQ 漏斗。逐步转化率连乘，就是总转化率（末步 ÷ 首步）。",
        points=3,
    )
)

# -- Q8 which RFQs to quote under the quota ---------------------------------------------------
# Made-up RFQs: (chance of an order, gross margin in yuan). The expected value ranks them
# differently from the margin alone and from the chance alone.
RFQS = {
    "RFQ 1": (0.02, 40000),
    "RFQ 2": (0.10, 9000),
    "RFQ 3": (0.25, 2000),
    "RFQ 4": (0.05, 12000),
    "RFQ 5": (0.30, 1000),
    "RFQ 6": (0.08, 15000),
}
QUOTES_LEFT = 3


def _label(name: str) -> str:
    chance, margin = RFQS[name]
    return f"{name}：成交概率 {chance:.0%}，毛利 {margin:,} 元"


def _by_expected_value() -> list[str]:
    ranked = sorted(RFQS, key=lambda n: RFQS[n][0] * RFQS[n][1], reverse=True)
    return [_label(n) for n in ranked[:QUOTES_LEFT]]


def _option_note(name: str) -> str:
    chance, margin = RFQS[name]
    return f"{name} 的期望值 = {chance:.0%} × {margin:,} 元 = {chance * margin:,.0f} 元。"


q8 = exercise.add(
    MultipleChoice(
        "L02.Q8",
        options=[_label(n) for n in RFQS],
        answer=_by_expected_value(),
        option_notes={_label(n): _option_note(n) for n in RFQS},
        hints=[
            "权益只剩 3 条：先给每条 RFQ 算一个数，再按它排序。",
            "只看毛利会选大单，只看成交概率会选小单；要把两者合在一起。",
            "一条报价的期望值 = 成交概率 × 毛利。选期望值最高的 3 条。",
        ],
        solution="按期望值（成交概率 × 毛利）从高到低取 3 条：RFQ 6、RFQ 2、RFQ 1。",
        explanation="报价权益有限时，每条报价都该花在期望值最高的 RFQ 上；报得快还能提高回复率，"
        "让同一条报价的期望值更高。",
        points=2,
        partial_credit=True,
    )
)

# -- Q9 a bar chart of the inquiry rate by tier ------------------------------------------------
TIER_TITLE = "各会员等级的询盘率"


def _tier_rates(df: pd.DataFrame, how: str = "totals", observed: bool = True) -> pd.Series:
    groups = df.groupby("membership", observed=observed)
    if how == "totals":
        sums = groups[["inquiries_90d", "visitors_90d"]].sum()
        return sums["inquiries_90d"] / sums["visitors_90d"] * 100
    rates = (df["inquiries_90d"] / df["visitors_90d"] * 100).groupby(df["membership"], observed=True)
    return rates.agg(how)


def _tier_bars(rates: pd.Series):
    ax = rates.plot.bar(rot=0)
    ax.set(title=TIER_TITLE, xlabel="会员等级", ylabel="询盘率（%）")
    return ax


def _plot_rate_by_tier(df):
    return _tier_bars(_tier_rates(df))


def _plot_mean_of_rates(df):
    return _tier_bars(_tier_rates(df, "mean"))


def _plot_sum_of_rates(df):
    return _tier_bars(_tier_rates(df, "sum"))


def _plot_unobserved(df):
    return _tier_bars(_tier_rates(df, observed=False))


def _plot_share(df):
    return _tier_bars(_tier_rates(df) / 100)


def _tier_frame(rows: list[tuple[str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["membership", "visitors_90d", "inquiries_90d"])


def _tier_cases() -> list[tuple]:
    # The small case has suppliers of very different size, so a mean of rates differs from the
    # ratio of totals.
    small = _tier_frame(
        [("出口通", 100, 10), ("出口通", 900, 18), ("金品诚企", 200, 12), ("金品诚企", 50, 5)]
    )
    return [(DatasetArg("alibaba_suppliers"),), (small,)]


def _hidden_tier_cases() -> list[tuple]:
    three = _tier_frame(
        [
            ("免费会员", 400, 4),
            ("出口通", 1000, 30),
            ("出口通", 80, 8),
            ("金品诚企", 500, 40),
            ("金品诚企", 20, 1),
        ]
    )
    return [(three,)]


q9 = exercise.add(
    PlotAnswer(
        "L02.Q9",
        reference=_plot_rate_by_tier,
        cases=_tier_cases,
        hidden_cases=_hidden_tier_cases,
        kind="bar",
        misconceptions=[
            (
                _plot_mean_of_rates,
                "你画的是每家供应商询盘率的平均数。一组的询盘率要用总数之比：询盘加总 ÷ 访客加总 × 100。",
            ),
            (_plot_sum_of_rates, "你把各家供应商的询盘率加了起来：比例不能相加，要用询盘加总 ÷ 访客加总。"),
            (_plot_share, "柱子的高度是 0 到 1 之间的比例。题目要百分数：乘以 100，纵轴写“询盘率（%）”。"),
            (
                _plot_unobserved,
                "多出来的一根是空的“免费会员”：membership 是分类列，表里没有免费会员，分组时加 observed=True。",
            ),
        ],
        hints=[
            "先按 membership 分组（observed=True），把 inquiries_90d 和 visitors_90d 分别加总。",
            "询盘率（%）= 询盘总数 ÷ 访客总数 × 100；得到一个以会员等级为索引的 Series。",
            "对这个 Series 用 .plot.bar() 画竖直的柱子，用 ax.set(title=..., xlabel=..., ylabel=...) 写上中文标题和坐标轴标签，"
            "最后 return ax。",
        ],
        solution=(
            "def plot_rate_by_tier(df):\n"
            '    sums = df.groupby("membership", observed=True)[["inquiries_90d", "visitors_90d"]].sum()\n'
            '    rates = sums["inquiries_90d"] / sums["visitors_90d"] * 100\n'
            "    ax = rates.plot.bar(rot=0)\n"
            '    ax.set(title="各会员等级的询盘率", xlabel="会员等级", ylabel="询盘率（%）")\n'
            "    return ax"
        ),
        explanation="比例要先把分子、分母各自加总再相除；每家的比例求平均会让小店和大店分量一样，比例相加更没有意义。",
        points=2,
    )
)

# -- Q10 the +27% US SME figure is another measure ----------------------------------------------
Q10_RIGHT = "不能：它是一届真实活动里美国中小企业的订单增长，对象、基期和算法都不同"
Q10_CONFIRM = "能：两者都是活动期间的订单增长，+27% 说明合成数据的倍数偏高"
Q10_ERROR = "能：把倍数换算成百分数再减去 27%，得到的就是生成器的误差"
Q10_SEPT = "不能：要先扣除九月采购节的订单，两个数才能直接比较"
q10 = exercise.add(
    SingleChoice(
        "L02.Q10",
        options=[Q10_CONFIRM, Q10_RIGHT, Q10_ERROR, Q10_SEPT],
        answer="不能：它是一届真实活动里美国中小企业的订单增长，对象、基期和算法都不同",
        misconceptions={
            Q10_CONFIRM: "名字都叫“订单增长”，量却不同：一个是一届真实活动里一类买家的增长，"
            "一个是合成数据里工作日日均订单之比。合成数据的倍数是设定的，不能用来检验，也不能被它检验。",
            Q10_ERROR: "两个数的对象和基期都不同，相减没有意义；生成器的设定本来就不是照着 +27% 定的。",
            Q10_SEPT: "九月的订单不在三月新贸节的活动窗口里，扣不扣除都不改变问题：两个数量的是不同的东西。",
        },
        hints=[
            "+27% 说的是谁的订单、哪一届活动、和什么比？",
            "课程第 3 节算出的倍数又是谁的订单、和什么比？数据是怎样来的？",
            "两个数要能比较，对象、基期和算法都得一样。",
        ],
        solution="选“不能：它是一届真实活动里美国中小企业的订单增长，对象、基期和算法都不同”。",
        explanation="+27%（SRM Today，可信度 B）描述一届真实活动里美国中小企业买家的订单；"
        "课程算的是合成数据里工作日日均订单之比。引用数字要连同它量的是什么一起引用。",
        points=1,
    )
)


# -- Q11 the platform's timely response rate ---------------------------------------------------
def _timely(chat_hours: float = 1, message_hours: float = 24, skip_unanswered: bool = False) -> float:
    df = table("alibaba_inquiries")
    chat = df["contact_type"] == "即时沟通"
    limit = np.where(chat, chat_hours * 60, message_hours * 60)
    in_time = df["reply_minutes"] <= limit
    if skip_unanswered:
        return float(in_time.mean())
    return float(in_time.fillna(False).mean())


def _timely_count() -> int:
    df = table("alibaba_inquiries")
    limit = np.where(df["contact_type"] == "即时沟通", 60, 24 * 60)
    return int((df["reply_minutes"] <= limit).fillna(False).sum())


def _supplier_column() -> float:
    return float(table("alibaba_suppliers")["timely_response_rate"].mean())


def _messages_only() -> float:
    df = table("alibaba_inquiries")
    messages = df[df["contact_type"] == "询盘"]
    return float((messages["reply_minutes"] <= 24 * 60).fillna(False).mean())


q11 = exercise.add(
    ValueAnswer(
        "L02.Q11",
        expected=_timely,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _timely(chat_hours=24),
                "你对即时沟通也用了 24 小时。平台的定义里，即时沟通的时限是 1 小时（60 分钟）。",
            ),
            (
                lambda: _timely(skip_unanswered=True),
                "从未回复的询盘被跳过了：reply_minutes 为空时比较结果也是空值，.mean() 会跳过它。"
                "用 fillna(False) 把它们算作不及时。",
            ),
            (
                lambda: _timely(message_hours=1),
                "你对留言式的询盘也用了 1 小时。询盘的时限是 24 小时，只有即时沟通是 1 小时。",
            ),
            (
                _messages_only,
                "你只算了留言式的询盘。题目要两类合起来：询盘 24 小时、即时沟通 1 小时。",
            ),
            (
                lambda: _timely(chat_hours=24, message_hours=1),
                "两个时限方向反了：询盘是 24 小时，即时沟通是 1 小时（60 分钟）。",
            ),
            (
                _timely_count,
                "这是及时回复的条数，不是比例：再除以全部询盘数（或者直接对真假值求 .mean()）。",
            ),
            (
                _supplier_column,
                "这是 suppliers 表里各家供应商 timely_response_rate 的平均数。题目要你从 inquiries 的每一条询盘算起。",
            ),
            (
                lambda: _timely(chat_hours=24, skip_unanswered=True),
                "这里有两处要改：即时沟通的时限是 1 小时，不是 24 小时；从未回复的询盘要用 fillna(False) 算作不及时，"
                "不能让 .mean() 跳过。",
            ),
        ],
        hints=[
            "每条询盘有自己的时限：contact_type 为“即时沟通”的 60 分钟，其余 24 × 60 分钟。",
            "np.where(条件, 甲, 乙) 可以逐行给出时限；再拿 reply_minutes 和时限比较。",
            "从未回复的询盘 reply_minutes 为空：比较之后用 fillna(False) 把它们算作不及时，再求平均数。",
        ],
        solution=(
            'limit = np.where(inquiries["contact_type"] == "即时沟通", 60, 24 * 60)\n'
            'timely_rate = (inquiries["reply_minutes"] <= limit).fillna(False).mean()'
        ),
        explanation="及时回复率的时限因联系方式而不同，从未回复的买家也在分母里。"
        "这里把每条询盘当作一位买家，是数据的简化；平台按 30 天统计。",
        points=2,
        rounding="note",
    )
)

__all__ = ["____", "exercise", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11"]
