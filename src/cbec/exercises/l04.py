"""Exercise 04: 两个平台的对比 (the two platforms compared).

Used by ``exercises/04_comparison.ipynb``; its answers are stored beside it in
``04_comparison.answers.json``.

Objectives of lesson 04 and the questions that assess them:

1. 重建 the paper's Table 1 (人 / 货 / 场 × 国际站 / 速卖通) as a DataFrame with ``melt`` and
   ``pivot``, each cell marked as backed by a figure from the shipped data or as the paper's
   claim, and shown with ``Styler``: Q3 (sorting Table 1 statements into the two kinds,
   partial credit), Q11 (a long table of monthly orders pivoted to one column per platform).
2. 比较 distributions, not averages: order values on a log scale, the top-10 % share, the Lorenz
   curve and the Gini coefficient, decision cycles read from an ECDF: Q1 (a Gini function, with
   hidden cases), Q2 (the top-10 % share of 速卖通's sales), Q4 (the share of buyers whose
   decision takes more than 30 days, per platform), Q5 (the channel mix by sales, not by orders).
3. 换算 funnels measured in different units: cost per inquiry against ROAS, and why they can be
   ranked only after an explicit value per inquiry is assumed: Q6 (P4P cost per inquiry by keyword
   type), Q7 (the parity value per inquiry, where broad-keyword P4P returns as much per yuan as
   速卖通's campaigns do per dollar; found with the what-if explorer. Not a profit break-even).
4. 对比 risk and seasonality: 信保 claims against disputes (different events, bases and windows),
   the March Expo against the B2C peaks: Q8 (what a claim rate and a dispute rate can be compared
   for), Q9 (a chart of each month's share of sales, as a function).
5. 判断 what comparing two generated datasets can show (the generator's assumptions) and what a
   real comparison would need: Q10 (multiple choice, partial credit).

Questions (id, type, points): Q1 function 3, Q2 value 2, Q3 classification 2, Q4 value 2,
Q5 value 2, Q6 value 2, Q7 slider with explorer 2, Q8 single 1, Q9 plot 2, Q10 multiple 2,
Q11 value 2; 22 points in all.

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

- Q7 (slider): "accept". A slider position is itself a rounded reading (steps of 2.5 元).
- Q2, Q4, Q5, Q6, Q11 (values computed in code): "note". The learner passes the computed object; a
  typed-in rounded copy is marked wrong with a note that names the rounding, never the value.
- Q1 and Q9 (functions, compared with a relative tolerance), Q3, Q8 and Q10 (choices) have no
  single number to round.

Partial credit: Q3 (classification) and Q10 (multiple choice) earn a share of their points.
Q1's misconceptions are wrong reference functions (no sorting, sorted the wrong way, the Lorenz
curve without its origin, the area between curve and diagonal without the factor 2, the sample
correction n / (n - 1), a rounded result); a public case is a plain list; its hidden
cases pass a Series with a shuffled index, zeros and one dominant value. Q9's misconceptions draw
the share of orders, a fraction instead of %, or the sums themselves.

Every dataset here is synthetic (合成数据), generated from the paper's claims; the feedback says
so where a result could be read as evidence about the real platforms. Expected values are
computed from the shipped data; none is typed in.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from cbec import data
from cbec.answer_codec import DatasetArg
from cbec.explore.l04 import TOP_VALUE, p4p_inquiries
from cbec.questions import (
    Classification,
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
    "L04",
    stem="04_comparison",
    title="练习 4：两个平台的对比",
    # objective of lesson 04 → the questions that assess it, as the docstring says
    objectives={
        1: ("Q3", "Q11"),
        2: ("Q1", "Q2", "Q4", "Q5"),
        3: ("Q6", "Q7"),
        4: ("Q8", "Q9"),
        5: ("Q10",),
    },
)

DECISION_DAYS = 30  # Q4: "more than a month"


@cache
def table(name: str) -> pd.DataFrame:
    return data.load(name)


# -- Q1 the Gini coefficient as a function ---------------------------------------------------------
def _lorenz(values, descending: bool = False, unsorted: bool = False) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    if not unsorted:
        x = np.sort(x)[::-1] if descending else np.sort(x)
    return np.cumsum(x) / x.sum()


def _gini(values) -> float:
    shares = np.insert(_lorenz(values), 0, 0.0)
    return float(1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares))))


def _gini_unsorted(values) -> float:
    shares = np.insert(_lorenz(values, unsorted=True), 0, 0.0)
    return float(1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares))))


def _gini_descending(values) -> float:
    shares = np.insert(_lorenz(values, descending=True), 0, 0.0)
    return float(1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares))))


def _gini_no_origin(values) -> float:
    shares = _lorenz(values)
    return float(1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares))))


def _gini_half(values) -> float:
    shares = np.insert(_lorenz(values), 0, 0.0)
    return float(0.5 - np.trapezoid(shares, np.linspace(0, 1, len(shares))))


def _gini_sample(values) -> float:
    # The textbook "sample" Gini, scaled by n / (n - 1).
    n = len(values)
    return _gini(values) * n / (n - 1)


def _gini_rounded(values) -> float:
    return round(_gini(values), 2)


def _gini_cases() -> list[tuple]:
    # Small, made-up order values, not in order, so no output is another question's answer.
    # The second is a plain list: the prompt promises lists too, so Series-only code fails here.
    return [(pd.Series([120.0, 15.0, 40.0, 900.0, 15.0, 60.0]),), ([8.0, 8.0, 8.0, 8.0],)]


def _hidden_gini_cases() -> list[tuple]:
    # A shuffled index (a function that trusts the index or .iloc order fails), zeros, and one
    # order that holds almost everything.
    shuffled = pd.Series([5.0, 0.0, 250.0, 30.0, 0.0, 12.5, 70.0], index=[7, 3, 0, 5, 1, 6, 2])
    return [(shuffled,), (pd.Series([0.0, 0.0, 1.0, 0.0, 2000.0]),)]


q1 = exercise.add(
    FunctionAnswer(
        "L04.Q1",
        reference=_gini,
        cases=_gini_cases,
        hidden_cases=_hidden_gini_cases,
        rtol=1e-6,
        misconceptions=[
            (
                _gini_unsorted,
                "你没有先排序：洛伦兹曲线要把数值从小到大排好再累加。测试数据的行不是按大小排的。",
            ),
            (
                _gini_descending,
                "你从大到小排序了：那样曲线在对角线上方，得到负数。洛伦兹曲线从最小的订单开始累加（np.sort 是从小到大）。",
            ),
            (
                _gini_no_origin,
                "曲线少了起点 (0, 0)：先用 np.insert(份额, 0, 0) 补上 0，再用 n + 1 个等距的点（np.linspace(0, 1, n + 1)）求面积。",
            ),
            (
                _gini_half,
                "你算的是对角线与曲线之间的面积，还要乘以 2：基尼系数 = 该面积 ÷ 对角线下的面积（0.5），也就是 1 − 2 × 曲线下面积。",
            ),
            (
                _gini_sample,
                "你乘了 n ÷ (n − 1)：那是有些教材里“样本基尼系数”的修正。本课的定义就是 1 − 2 × 曲线下面积，不做修正。",
            ),
            (
                _gini_rounded,
                "你在函数里把结果四舍五入了。函数应当返回没有舍入的数；要显示得短一些，在调用之后再 round。",
            ),
        ],
        hints=[
            "照课程第 2.3 节的做法：排序、累加、除以总和，得到洛伦兹曲线的纵坐标（累计金额份额）。",
            "纵坐标前面补一个 0（曲线从原点出发），横坐标是 0 到 1 之间等距的 n + 1 个点，"
            "曲线下的面积用 np.trapezoid(纵坐标, 横坐标) 求。",
            "基尼系数 = 1 − 2 × 曲线下面积；所有值相等时它是 0。别忘了 return 一个数。",
        ],
        solution=(
            "def gini(values):\n"
            "    ordered = np.sort(np.asarray(values, dtype=float))\n"
            "    curve = np.insert(ordered.cumsum() / ordered.sum(), 0, 0)\n"
            "    return 1 - 2 * np.trapezoid(curve, np.linspace(0, 1, len(curve)))"
        ),
        explanation="洛伦兹曲线越往下弯，金额越集中在少数订单上；基尼系数把弯曲程度压成一个 0 到 1 之间的数。"
        "同一个基尼系数可以对应形状不同的曲线，所以报告时最好把曲线也画出来。",
        points=3,
    )
)


# -- Q2 the top-10 % share of 速卖通's sales --------------------------------------------------------
def _top_share(top: float = 0.1, scale: float = 100.0, count: int | None = None) -> float:
    values = table("aliexpress_orders")["revenue_usd"]
    n = count if count is not None else int(len(values) * top)
    return float(values.nlargest(n).sum() / values.sum() * scale)


def _top_share_by_quantile() -> float:
    values = table("aliexpress_orders")["revenue_usd"]
    return float(values[values >= values.quantile(0.9)].sum() / values.sum() * 100)


def _top_share_b2b() -> float:
    values = table("alibaba_orders")["order_value_usd"]
    return float(values.nlargest(int(len(values) * 0.1)).sum() / values.sum() * 100)


def _bottom_share() -> float:
    values = table("aliexpress_orders")["revenue_usd"]
    return float(values.nsmallest(int(len(values) * 0.1)).sum() / values.sum() * 100)


def _top_mean_ratio() -> float:
    values = table("aliexpress_orders")["revenue_usd"]
    return float(values.nlargest(int(len(values) * 0.1)).mean() / values.mean() * 100)


q2 = exercise.add(
    ValueAnswer(
        "L04.Q2",
        expected=_top_share,
        rtol=1e-4,
        misconceptions=[
            (lambda: _top_share(scale=1.0), "这是 0 到 1 之间的比例。题目要百分数（%）：乘以 100。"),
            (
                lambda: _top_share(count=10),
                "nlargest(10) 是金额最大的 10 笔订单，不是最大的 10%。10% 的订单是 int(len(…) * 0.1) 笔。",
            ),
            (
                _top_share_b2b,
                "这是国际站的份额（课程第 2.2 节算过的那个）。题目要速卖通：用 b2c 的 revenue_usd 列。",
            ),
            (
                _bottom_share,
                "nsmallest 取的是金额最小的订单。题目要金额最大的 10%：用 nlargest。",
            ),
            (
                _top_mean_ratio,
                "你算的是前 10% 订单的平均金额 ÷ 全部订单的平均金额。份额要用合计：前 10% 订单的金额合计 ÷ 全部金额合计。",
            ),
            (
                _top_share_by_quantile,
                "你用 quantile(0.9) 划线，金额相同的订单会一起越线，笔数就不正好是 10%。"
                "照课程的定义用 nlargest(int(len(…) * 0.1))。",
            ),
        ],
        hints=[
            "照课程第 2.2 节对国际站做的那样，这次用速卖通订单的 revenue_usd 列。",
            "前 10% 的订单有 int(len(金额) * 0.1) 笔；Series 的 .nlargest(笔数) 取出金额最大的那些。",
            "份额 = 这些订单的金额合计 ÷ 全部订单的金额合计，再乘以 100。",
        ],
        solution=(
            'revenue = b2c["revenue_usd"]\n'
            "top_share = revenue.nlargest(int(len(revenue) * 0.1)).sum() / revenue.sum() * 100"
        ),
        explanation="速卖通这家店的订单金额也偏右，但远没有国际站那么集中：没有哪几笔订单能决定全年的销售额。"
        "不过两边不在同一层级：国际站的数字是许多家供应商、几个行业合在一起的订单，行业一混，集中程度就被拉高。"
        "这是合成数据：集中程度是生成器设定的分布带来的。",
        points=2,
        rounding="note",
    )
)


# -- Q3 Table 1: backed by the course's data or the paper's claim --------------------------------
DATA, CLAIM = "有数据支撑", "论文的主张"
Q3_CYCLE = "国际站买家从第一次接触到下单要花的天数比速卖通买家多得多"
Q3_TOUCH = "速卖通买家的第一个触点里，有不少是网红/KOL、社交媒体和直播"
Q3_SOURCE = "国际站的信保订单有相当一部分来自 RFQ 和 P4P"
Q3_SIZE = "国际站的单笔订单金额通常比速卖通高出两个数量级以上"
Q3_RATIONAL = "国际站的采购商理性决策，看重信任"
Q3_EMOTION = "速卖通的消费者凭感觉下单，看重购物体验"
Q3_VALUE = "国际站的商品策略以解决方案为导向，卖的是价值"
Q3_INTEREST = "速卖通打通站内与社交、直播，构建兴趣消费的场"
Q3_ITEMS = [Q3_CYCLE, Q3_RATIONAL, Q3_TOUCH, Q3_EMOTION, Q3_SOURCE, Q3_VALUE, Q3_SIZE, Q3_INTEREST]
Q3_ANSWER = {
    Q3_CYCLE: DATA,
    Q3_TOUCH: DATA,
    Q3_SOURCE: DATA,
    Q3_SIZE: DATA,
    Q3_RATIONAL: CLAIM,
    Q3_EMOTION: CLAIM,
    Q3_VALUE: CLAIM,
    Q3_INTEREST: CLAIM,
}

q3 = exercise.add(
    Classification(
        "L04.Q3",
        items=Q3_ITEMS,
        categories=[DATA, CLAIM],
        answer=Q3_ANSWER,
        misconceptions={
            (Q3_RATIONAL, DATA): "决策周期长、接触点多是 decision_days 和 touchpoints_before_order 量得到的；"
            "“理性”“看重信任”是对原因的解读，数据里没有哪一列量它。",
            (
                Q3_EMOTION,
                DATA,
            ): "速卖通买家决定得快，数据量得到；但快不等于“凭感觉”，也可能只是东西便宜、风险小。"
            "没有哪一列量感性或体验。",
            (
                Q3_VALUE,
                DATA,
            ): "订单金额大是数据，但“以解决方案为导向”是论文对卖法的描述，数据里没有一列记录商品策略。",
            (Q3_INTEREST, DATA): "first_touchpoint 能说明买家从哪里来，却不能说明平台“构建”了什么样的场，"
            "那是论文对平台策略的概括。",
            (
                Q3_SOURCE,
                CLAIM,
            ): "alibaba_orders 的 source 列记着每笔信保订单的来源，按它算份额就能支撑这句话（当然是在合成数据里）。",
            (
                Q3_CYCLE,
                CLAIM,
            ): "buyer_profiles 的 decision_days 直接量这个天数，课程第 3 节画过两个平台的 ECDF。",
        },
        hints=[
            "对每一句问：课程的数据里有没有一列能直接量出它？有，就是“有数据支撑”。",
            "说“多少”“多长”“从哪里来”的句子，往往有一列对应；说“为什么”“什么性格”“什么策略”的句子，往往没有。",
            "再想一想：这里的“有数据支撑”只说明课程的合成数据里量得到，不说明真实平台如此。",
        ],
        solution="有数据支撑："
        + "；".join(i for i in Q3_ITEMS if Q3_ANSWER[i] == DATA)
        + "。论文的主张："
        + "；".join(i for i in Q3_ITEMS if Q3_ANSWER[i] == CLAIM)
        + "。",
        explanation="表 1 把可以量的差别（天数、金额、渠道）和对原因、策略的解读写在同一张表里。"
        "重建它时要分开标出来。即使是“有数据支撑”的格子，支撑它的也是按论文设想生成的合成数据："
        "这说明方法能量出它，不说明真实平台就是这样。",
        points=2,
        partial_credit=True,
    )
)


# -- Q4 decision cycles: the share of buyers who take more than 30 days ---------------------------
def _long_deciders(
    strict: bool = True,
    scale: float = 100.0,
    whole_base: bool = False,
    side: str = "over",
    counts: bool = False,
) -> pd.Series:
    buyers = table("buyer_profiles")
    days = buyers["decision_days"]
    slow = days > DECISION_DAYS if strict else days >= DECISION_DAYS
    if side == "ecdf":
        slow = days <= DECISION_DAYS
    if counts:
        return slow.groupby(buyers["platform"], observed=True).sum()
    if whole_base:
        return slow.groupby(buyers["platform"], observed=True).sum() / len(buyers) * scale
    return slow.groupby(buyers["platform"], observed=True).mean() * scale


q4 = exercise.add(
    ValueAnswer(
        "L04.Q4",
        expected=_long_deciders,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _long_deciders(strict=False),
                "你把正好 30 天的买家也算进去了。题目要“超过 30 天”：用 >，不是 >=。",
            ),
            (lambda: _long_deciders(scale=1.0), "这是 0 到 1 之间的比例。题目要百分数（%）：乘以 100。"),
            (
                lambda: _long_deciders(side="ecdf"),
                "这是不超过 30 天的占比（ECDF 在 30 天处的高度）。题目要的是另一边：超过 30 天，用 >。",
            ),
            (
                lambda: _long_deciders(counts=True),
                "这是人数，不是占比：对布尔列用 mean()（或除以该平台的买家数），再乘以 100。",
            ),
            (
                lambda: _long_deciders(whole_base=True),
                "分母错了：你除以两个平台的全部买家。每个平台的占比要除以该平台自己的买家数：分组后用 mean()。",
            ),
        ],
        hints=[
            "ECDF 在 30 天处的高度是“不超过 30 天”的占比；题目要的是它的另一边。",
            '先得到一列布尔值：buyers["decision_days"] > 30；布尔列的平均数就是占比。',
            "按 platform 分组（platform 是分类列，写 observed=True），对这列布尔值求 mean()，再乘以 100。",
        ],
        solution=(
            'slow = buyers["decision_days"] > 30\n'
            'long_deciders = slow.groupby(buyers["platform"], observed=True).mean() * 100'
        ),
        explanation="两个平台的分布几乎不重叠：速卖通买家几乎都在一周内决定，国际站买家多半要一个月上下。"
        "比较平均数会掩盖这一点，ECDF 和“超过某个天数的占比”能说清楚。这是合成数据：两种周期是生成器按论文的说法设定的。",
        points=2,
        rounding="note",
    )
)


# -- Q5 channel mix: each 速卖通 channel's share of sales ------------------------------------------
def _channel_sales_share(counts: bool = False, scale: float = 100.0, shares: bool = True) -> pd.Series:
    orders = table("aliexpress_orders")
    by_channel = orders.groupby("channel", observed=True)["revenue_usd"]
    totals = by_channel.size() if counts else by_channel.sum()
    if not shares:
        return totals
    return totals / totals.sum() * scale


q5 = exercise.add(
    ValueAnswer(
        "L04.Q5",
        expected=_channel_sales_share,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _channel_sales_share(counts=True),
                "这是订单笔数的份额（课程第 3 节算过的那种）。题目要销售额的份额：按渠道把 revenue_usd 加总，再除以总销售额。",
            ),
            (
                lambda: _channel_sales_share(scale=1.0),
                "这是 0 到 1 之间的比例。题目要百分数（%）：乘以 100。",
            ),
            (
                lambda: _channel_sales_share(shares=False),
                "这是每个渠道的销售额（美元），还不是份额：再除以全部渠道的合计，乘以 100。",
            ),
        ],
        hints=[
            "课程第 3 节按订单笔数算了渠道结构；这次按钱算。",
            'b2c.groupby("channel", observed=True)["revenue_usd"].sum() 给出每个渠道的销售额（美元）。',
            "份额 = 每个渠道的销售额 ÷ 所有渠道的合计 × 100，结果是以渠道为索引的 Series。",
        ],
        solution=(
            'channel_sales = b2c.groupby("channel", observed=True)["revenue_usd"].sum()\n'
            "sales_share = channel_sales / channel_sales.sum() * 100"
        ),
        explanation="按笔数和按金额的渠道结构不一样：客单价高的渠道按金额算份额更大。"
        "比较两个平台的渠道结构时，要先说清楚是按什么算的。这是合成数据：渠道比例是生成器的假设。",
        points=2,
        rounding="note",
    )
)


# -- Q6 P4P cost per inquiry, by keyword type -------------------------------------------------------
def _mean_of_row_ratios() -> pd.Series:
    keywords = table("alibaba_keyword_days")
    ratio = keywords["p4p_cost_cny"] / p4p_inquiries(keywords)
    return (
        ratio.groupby(keywords["keyword_type"], observed=True).mean().rename_axis("keyword_type").rename(None)
    )


def _cost_per_inquiry(credited: bool = True, inverted: bool = False, per_click: bool = False) -> pd.Series:
    keywords = table("alibaba_keyword_days")
    frame = pd.DataFrame(
        {
            "type": keywords["keyword_type"],
            "cost": keywords["p4p_cost_cny"],
            "got": keywords["p4p_clicks"]
            if per_click
            else (p4p_inquiries(keywords) if credited else keywords["inquiries"]),
        }
    )
    sums = frame.groupby("type", observed=True)[["cost", "got"]].sum()
    ratio = sums["got"] / sums["cost"] if inverted else sums["cost"] / sums["got"]
    return ratio.rename_axis("keyword_type").rename(None)


q6 = exercise.add(
    ValueAnswer(
        "L04.Q6",
        expected=_cost_per_inquiry,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _cost_per_inquiry(credited=False),
                "你用了全部询盘：其中不少来自自然搜索，不是 P4P 买来的。照课程的假设，每行的询盘按 P4P 在点击里的份额分给 P4P。",
            ),
            (
                lambda: _cost_per_inquiry(inverted=True),
                "比例倒过来了：这是每花 1 元得到的询盘。题目要每条询盘的花费：花费合计 ÷ 询盘合计。",
            ),
            (
                lambda: _cost_per_inquiry(per_click=True),
                "这是每次点击的花费（CPC），漏斗还差两步：点击 → 访客 → 询盘。分母要用归给 P4P 的询盘。",
            ),
            (
                _mean_of_row_ratios,
                "你先逐行相除再求平均：有的行归给 P4P 的询盘是 0，相除得到无穷大（inf），平均数也就是 inf。"
                "每条询盘成本要用总数之比（第 2 课）：先分别加总花费和询盘，再相除。",
            ),
        ],
        hints=[
            "课程第 4.1 节算了全部关键词的每条询盘成本；这次按 keyword_type 分开算。",
            '题目单元格的第二行已经把归给 P4P 的询盘放进了 kw["p4p_inquiries"]（按点击份额分摊），不要再用 inquiries 列。',
            "按 keyword_type 分组，把 p4p_cost_cny 和 p4p_inquiries 各自加总，再用花费合计 ÷ 询盘合计（元/条）。",
        ],
        solution=(
            'kw["p4p_inquiries"] = p4p_inquiries(kw)\n'
            'sums = kw.groupby("keyword_type", observed=True)[["p4p_cost_cny", "p4p_inquiries"]].sum()\n'
            'cost_per_inquiry = sums["p4p_cost_cny"] / sums["p4p_inquiries"]'
        ),
        explanation="行业大词贵得多：点击贵，访客里询盘的比例又低。长尾词的搜索少，但买家意图明确。"
        "询盘按点击份额归给 P4P 是一个假设；真实账户要用平台的来源报告。这是合成数据：点击率和询盘率都是生成器的假设。",
        points=2,
        rounding="note",
    )
)


# -- Q7 the value per inquiry at which broad-keyword P4P matches 速卖通's ROAS -------------------
def _roas() -> float:
    campaigns = table("aliexpress_campaigns")
    return float(campaigns["revenue_usd"].sum() / campaigns["spend_usd"].sum())


def _parity_value(credited: bool = True, all_keywords: bool = False) -> float:
    keywords = table("alibaba_keyword_days")
    if not all_keywords:
        keywords = keywords[keywords["keyword_type"] == "行业大词"]
    got = p4p_inquiries(keywords) if credited else keywords["inquiries"]
    return _roas() * float(keywords["p4p_cost_cny"].sum() / got.sum())


q7 = exercise.add(
    Numeric(
        "L04.Q7",
        answer=_parity_value,
        tolerance=10,
        unit=" 元",
        slider=(0, TOP_VALUE, 2.5),
        misconceptions=[
            (
                lambda: _parity_value(all_keywords=True),
                "这是全部关键词（课程第 4.2 节）的相等点，即两条线的交点。题目只看行业大词，它们的每条询盘贵得多。",
            ),
            (
                lambda: _parity_value(credited=False),
                "这个值对应的是把全部询盘都算给 P4P。照第 6 题，只有按点击份额归给 P4P 的询盘才是花钱买来的。",
            ),
            (
                lambda: _parity_value() / _roas(),
                "这是每条询盘的成本：询盘值这么多时，P4P 只是收回花费（每 1 元换回 1 元）。"
                "要和速卖通的 ROAS 一样，询盘还得值更多：拖到曲线与水平线相交的地方。",
            ),
        ],
        hints=[
            "拖动滑块，看图里的斜线（P4P 每 1 元换回的询盘价值）什么时候碰到水平线（速卖通的 ROAS）。",
            "斜线的高度 = 一条询盘的价值 ÷ 每条询盘的成本；两条线相交时，它等于 ROAS。",
            "所以交点处：一条询盘的价值 = ROAS × 行业大词的每条询盘成本（第 6 题）。",
        ],
        solution="一条询盘的价值 = 速卖通推广的 ROAS（销售额合计 ÷ 花费合计）× 行业大词的 P4P 每条询盘成本。",
        explanation="询盘不是销售额：它要经过回复、报价、信保下单才变成钱。只有写明“一条询盘值多少”（例如询盘成单率 × 平均订单金额），"
        "两种推广才能放在同一把尺子上；这个假设一变，排序就可能变。交点是两种推广换回的销售额相等的地方，不是盈亏平衡："
        "要赚钱，还得看毛利率（盈亏平衡的 ROAS = 1 ÷ 毛利率）。这是合成数据，交点只演示方法。",
        points=2,
        rounding="accept",
        explore="cbec.explore.l04:inquiry_value",
    )
)


# -- Q8 信保 claims against disputes ------------------------------------------------------------------
Q8_ANSWER = "不能直接比：两个比例记的事件、分母和期限都不同，又都是合成数据"
Q8_TWICE = "能：纠纷率大约是索赔率的两倍，说明速卖通的交易风险更高"
Q8_MONEY = "能：国际站的单笔订单金额大得多，按金额加权以后，国际站的交易风险其实更高"
Q8_TRUST = "能：索赔率低，说明信保让国际站的供应商更守约"
q8 = exercise.add(
    SingleChoice(
        "L04.Q8",
        options=[Q8_TWICE, Q8_ANSWER, Q8_MONEY, Q8_TRUST],
        answer=Q8_ANSWER,
        misconceptions={
            Q8_TWICE: "两个数名字相近，量的却是两件事：一个是买家对信保订单提出的索赔，一个是速卖通订单上的纠纷，"
            "规则、分母和期限都不同。相除得到的“两倍”没有意义。",
            Q8_MONEY: "按金额加权换了问题，却没有解决口径不同：索赔和纠纷仍然不是同一种事件。而且这是合成数据。",
            Q8_TRUST: "低索赔率可能来自很多原因（规则、买家的习惯、索赔的麻烦程度），"
            "而合成数据里的索赔率是生成器设定的，不能说明信保起了作用。",
        },
        hints=[
            "信保的索赔是谁在什么时候提出的？（课程第 5.1 节引的信保规则）",
            "纠纷率的分子和分母又是什么？两个比例的时间窗口一样吗？",
            "两份数据是怎样来的？数据说明开头的提醒和这道题有关。",
        ],
        solution=f"选“{Q8_ANSWER}”。",
        explanation="能比较的是同一平台内的变化（例如延迟发货的订单索赔更多吗），不是两个平台之间的水平。"
        "要比较两个平台的风险，先要找到同一口径的量，例如“买家申请退款或赔付的订单 ÷ 发货的订单，同样的期限”。",
        points=1,
    )
)


# -- Q9 seasonality: each month's share of sales, as a chart --------------------------------------
def _month_share(orders, value, counts=False, scale=100.0, shares=True) -> pd.Series:
    month = pd.to_datetime(orders["order_date"]).dt.month
    grouped = orders[value].groupby(month)
    totals = grouped.size() if counts else grouped.sum()
    return totals / totals.sum() * scale if shares else totals


def _month_bars(series: pd.Series):
    ax = series.plot.bar(rot=0)
    ax.set(title="每月销售额占全年的份额", xlabel="月份", ylabel="占全年销售额（%）")
    return ax


def _plot_month_share(orders, value):
    return _month_bars(_month_share(orders, value))


def _plot_month_counts(orders, value):
    return _month_bars(_month_share(orders, value, counts=True))


def _plot_month_fraction(orders, value):
    return _month_bars(_month_share(orders, value, scale=1.0))


def _plot_month_sums(orders, value):
    return _month_bars(_month_share(orders, value, shares=False))


def _small_orders(dates, values, column="revenue_usd") -> pd.DataFrame:
    return pd.DataFrame({"order_date": pd.to_datetime(dates), column: values})


def _month_cases() -> list[tuple]:
    # The small case has a big order in a month with few orders, so counts and sales differ, and
    # the other platform's column, so a function with "revenue_usd" typed in fails in public.
    small = _small_orders(
        ["2024-01-05", "2024-01-20", "2024-01-28", "2024-02-10", "2024-03-03", "2024-03-30"],
        [10.0, 12.0, 9.0, 400.0, 30.0, 25.0],
        column="order_value_usd",
    )
    return [(DatasetArg("aliexpress_orders"), "revenue_usd"), (small, "order_value_usd")]


def _hidden_month_cases() -> list[tuple]:
    # Rows out of date order and a value column no public case uses.
    mixed = _small_orders(
        ["2024-11-02", "2024-03-15", "2024-11-20", "2024-03-01", "2024-07-07"],
        [5000.0, 800.0, 120.0, 60.0, 900.0],
        column="amount_usd",
    )
    return [(mixed, "amount_usd")]


q9 = exercise.add(
    PlotAnswer(
        "L04.Q9",
        reference=_plot_month_share,
        cases=_month_cases,
        hidden_cases=_hidden_month_cases,
        kind="bar",
        misconceptions=[
            (
                _plot_month_counts,
                "你画的是每月订单笔数的份额（课程第 5.2 节那种）。题目要销售额的份额：按月把 value 列加总，而不是数行数。",
            ),
            (_plot_month_fraction, "柱高是 0 到 1 之间的比例。题目要百分数（%）：乘以 100。"),
            (_plot_month_sums, "这是每月的销售额本身，还不是份额：再除以全年合计，乘以 100。"),
        ],
        hints=[
            '月份用 pd.to_datetime(orders["order_date"]).dt.month 取出（1 到 12 的整数）。',
            "把 orders[value] 按月份分组求和，再除以全年的合计、乘以 100，得到每月的份额（%）。",
            "对这个 Series 用 .plot.bar() 画竖直的柱子，ax.set(title=..., xlabel=..., ylabel=...) 写上中文标题和带单位的轴标签，"
            "最后 return ax。",
        ],
        solution=(
            "def plot_month_share(orders, value):\n"
            '    month = pd.to_datetime(orders["order_date"]).dt.month\n'
            "    sales = orders[value].groupby(month).sum()\n"
            "    ax = (sales / sales.sum() * 100).plot.bar(rot=0)\n"
            '    ax.set(title="每月销售额占全年的份额", xlabel="月份", ylabel="占全年销售额（%）")\n'
            "    return ax"
        ),
        explanation="按金额看，速卖通的高峰在年底（生成器假设的大促季）；国际站的订单金额集中在少数大单上，按月的份额跳得更厉害，"
        "三月新贸节那个月的份额要和订单笔数一起读。这是合成数据：季节形状是生成器设定的。",
        points=2,
    )
)


# -- Q10 what a real comparison would need ---------------------------------------------------------
Q10_REAL = "两个平台真实的订单数据，并写明抽样方法，而不是按论文设想生成的数据"
Q10_DEFS = "同样的口径：同一时期、同样的订单定义、同一种货币或写明的换算"
Q10_PAIRS = "可比的卖家：例如同一批企业在两个平台上的店铺，或按行业和规模配对"
Q10_SEEDS = "把生成器的随机种子换几次，看差别是否还在"
Q10_MORE = "生成更多行的合成数据，让差别在统计上显著"
Q10_MEANS = "改用平均数比较，就不用担心两个平台口径不同"
q10 = exercise.add(
    MultipleChoice(
        "L04.Q10",
        options=[Q10_REAL, Q10_SEEDS, Q10_DEFS, Q10_MORE, Q10_PAIRS, Q10_MEANS],
        answer=[Q10_REAL, Q10_DEFS, Q10_PAIRS],
        option_notes={
            Q10_REAL: "需要：合成数据里两个平台的差别是生成器的设定，比较它们只是在比较两组假设。",
            Q10_DEFS: "需要：不同时期、不同的订单定义或货币，会把口径的差别当成平台的差别。",
            Q10_PAIRS: "需要：卖的东西、企业规模不同，差别可能来自卖家，而不是平台。还要在同一层级上比："
            "一家店对一家店，或整个市场对整个市场；本练习的国际站订单是许多家供应商合在一起，速卖通只是一家店。",
            Q10_SEEDS: "换种子只检验生成器的随机波动，设定本身没变：差别当然还在，这说明不了真实平台。",
            Q10_MORE: "行数再多，也只是把生成器的设定估计得更准；显著性救不了“数据是怎样来的”这个问题。",
            Q10_MEANS: "平均数比分布丢掉的信息更多，口径问题一点也没少。",
        },
        hints=[
            "这两份数据里的差别是从哪里来的？",
            "两组数要能比较，它们量的东西、时期、单位和对象都得一样。",
            "有三项是真正需要的；另外三项只是在合成数据上多做了点事情。",
        ],
        solution=f"选“{Q10_REAL}”“{Q10_DEFS}”“{Q10_PAIRS}”。",
        explanation="比较两份生成数据的水平，比的是生成器的假设。真实的比较要有真实数据、同一口径，和能放在一起比的卖家；"
        "即使这样，也只说明差别有多大，不说明平台是差别的原因。",
        points=2,
        partial_credit=True,
    )
)


# -- Q11 a long table of monthly orders, pivoted to one column per platform -------------------------
def month_long() -> pd.DataFrame:
    """The long table the handout builds for Q11: one row per platform × month."""
    counts = {
        "国际站": table("alibaba_orders")["order_date"].dt.month.value_counts(),
        "速卖通": table("aliexpress_orders")["order_date"].dt.month.value_counts(),
    }
    return pd.concat(counts, names=["平台", "月份"]).rename("订单数").reset_index()


def _month_wide(transposed: bool = False, no_values: bool = False) -> pd.DataFrame:
    long = month_long()
    if no_values:
        return long.pivot(index="月份", columns="平台")
    if transposed:
        return long.pivot(index="平台", columns="月份", values="订单数")
    return long.pivot(index="月份", columns="平台", values="订单数")


q11 = exercise.add(
    ValueAnswer(
        "L04.Q11",
        expected=_month_wide,
        rtol=1e-9,
        misconceptions=[
            (
                lambda: _month_wide(transposed=True),
                "行和列反了：index 是留作行的那一列（月份），columns 那一列的值变成列名（平台）。",
            ),
            (
                lambda: _month_wide(no_values=True),
                'pivot 少写了 values=：没写时剩下的每一列都会展开，列名变成两层。写上 values="订单数"。',
            ),
            (
                month_long,
                "这还是长表（每个“平台 × 月份”一行）。用 pivot 把它变宽：每个月一行，每个平台一列。",
            ),
        ],
        hints=[
            "课程第 1.3 节用 pivot 把长表变回宽表；第 3.2 节把渠道的长表 pivot 成“渠道 × 平台”。",
            "想清楚三件事：哪一列留作行（index），哪一列的值变成列名（columns），哪一列填进格子（values）。",
            "行是月份，列是平台，格子里是订单数：month_long.pivot(index=…, columns=…, values=…)，把三个列名填进去。",
        ],
        solution='month_wide = month_long.pivot(index="月份", columns="平台", values="订单数")',
        explanation="长表适合筛选和画图，宽表适合并排读：同一个月两个平台的订单数放在一行里。"
        "pivot 要求每个“行 × 列”只有一个值；这里每个平台每个月只有一行，所以不会报错。这是合成数据：季节形状是生成器设定的。",
        points=2,
        rounding="note",
    )
)

__all__ = [
    "____",
    "exercise",
    "q1",
    "q2",
    "q3",
    "q4",
    "q5",
    "q6",
    "q7",
    "q8",
    "q9",
    "q10",
    "q11",
]
