"""Exercise 03: 速卖通的人货场 (AliExpress B2C: people, goods and place, in data).

Used by ``exercises/03_aliexpress_b2c.ipynb``; its answers are stored beside it in
``03_aliexpress_b2c.answers.json``.

Objectives of lesson 03 and the questions that assess them:

1. 描述 速卖通的“人” and 货找人, and 分层 customers with RFM (recency, frequency, monetary)
   and what each group is worth: Q1 (货找人 against 人找货), Q2 (an RFM function, net of
   refunds, with hidden cases), Q3 (net spend per customer by acquisition channel, a merge).
2. 划分 a store's products into 引流款 / 利润款 / 形象款 from data (ABC analysis; the traffic
   share × gross margin matrix, with conversion): Q4 (classification computed from the lesson's
   rule), Q5 (ABC by gross profit instead of revenue).
3. 估计 price elasticity by a log-log regression (``np.polyfit``) and use it to price: Q6
   (the three products' elasticities), Q7 (the profit-maximising price of the 引流款 AE-T1,
   found with the price simulator fed with the learner's own fit).
4. 比较 paid channels by ROAS and ROI against break-even ROAS = 1 ÷ gross margin: Q8 (ROI
   by channel, ratio of totals), Q11 (whether a 直通车 ROAS pays at a given margin), Q13 (reading
   a bootstrap interval of ROAS against the break-even line).
5. 检验 a listing A/B test with a two-proportion z-test and decide in words: Q9 (the p-value
   of the purchase rate), Q10 (the decision, with the peeking caveat).
6. 计算 service metrics (on-time delivery, the dispute rate as the platform defines it, DSR):
   Q12 (a bar chart of the dispute rate by promised delivery days, a plot question), Q14 (the
   on-time delivery rate by country, a merge).

Not assessed by a question of its own: the sample size per arm (objective 5; the lesson works it
and Q10's pre-registered rule rests on it) and 每一层值多少钱 for RFM segments (objective 1; Q2
builds the table the segments come from).

Questions (id, type, points): Q1 single 1, Q2 function 3, Q3 value 2, Q4 classification 2,
Q5 value 2, Q6 value 2, Q7 slider with explorer 2, Q8 value 2, Q9 value 2, Q10 single 1,
Q11 single 1, Q12 plot 2, Q13 single 1, Q14 value 2; 25 points in all.

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

- Q7 (slider): "accept". A slider position is itself a rounded reading.
- Q3, Q5, Q6, Q8, Q9, Q14 (values computed in code): "note". The learner passes the computed
  object; a typed-in rounded copy is marked wrong with a note that names the rounding.
- Q1, Q2, Q4, Q10, Q11, Q13 and Q12 have no single number to round (Q12 compares bar heights with
  rtol 1e-3).

Partial credit: Q4 (classification) earns a share of its points. Q2's misconceptions are wrong
reference functions (recency from the first order, gross instead of net spend, units instead of
orders, ``as_of`` ignored). Expected values are computed from the shipped data; none is typed in,
and Q4's expected classes come from the lesson's rule applied to the data, not from the
``product_role`` column.
"""

from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from cbec import data
from cbec.answer_codec import DatasetArg
from cbec.questions import (
    Classification,
    Exercise,
    FunctionAnswer,
    Numeric,
    PlotAnswer,
    SingleChoice,
    ValueAnswer,
    ____,
)

exercise = Exercise(
    "L03",
    stem="03_aliexpress_b2c",
    title="练习 3：速卖通的人货场",
    # objective of lesson 03 → the questions that assess it, as the docstring says
    objectives={
        1: ("Q1", "Q2", "Q3"),
        2: ("Q4", "Q5"),
        3: ("Q6", "Q7"),
        4: ("Q8", "Q11", "Q13"),
        5: ("Q9", "Q10"),
        6: ("Q12", "Q14"),
    },
)

AS_OF = pd.Timestamp("2025-01-01")  # the lesson's reference day for recency
MARGIN_CUT = 0.30  # the lesson's matrix: gross margin below 30 % is a thin margin
CONVERSION_CUT = 0.003  # ... and under 3 orders per 1,000 visitors is looked at more than bought
ASSUMED_MARGIN = 0.40  # the campaigns datasheet's assumed gross margin for ROI


@lru_cache(maxsize=1)
def _orders() -> pd.DataFrame:
    return data.load("aliexpress_orders")


def orders() -> pd.DataFrame:
    return _orders().copy()


@lru_cache(maxsize=1)
def _customers() -> pd.DataFrame:
    return data.load("aliexpress_customers")


@lru_cache(maxsize=1)
def _products() -> pd.DataFrame:
    return data.load("aliexpress_products")


@lru_cache(maxsize=1)
def _campaigns() -> pd.DataFrame:
    return data.load("aliexpress_campaigns")


@lru_cache(maxsize=1)
def _price_test() -> pd.DataFrame:
    return data.load("aliexpress_price_test")


@lru_cache(maxsize=1)
def _listing_test() -> pd.DataFrame:
    return data.load("aliexpress_listing_test")


# -- Q1 人: 货找人 ---------------------------------------------------------------------------------
Q1_ANSWER = "她没有搜索，首页的“猜你喜欢”推荐栏把一款露营灯推到她面前"
Q1_SEARCH = "她在搜索框输入 camping lantern，在自然搜索结果里找到这款灯"
Q1_PAID = "卖家为 camping lantern 这个词出价，让灯排进她搜索结果顶部的直通车位"
Q1_RETURN = "她上个月在这家店买过东西，这次自己打开店铺首页再下一单"
q1 = exercise.add(
    SingleChoice(
        "L03.Q1",
        options=[Q1_SEARCH, Q1_PAID, Q1_ANSWER, Q1_RETURN],
        answer=Q1_ANSWER,
        misconceptions={
            Q1_SEARCH: "这是“人找货”：先有她的搜索，商品才出现。货找人是平台在她开口之前就把商品送到她面前。",
            Q1_PAID: "直通车改变的是商品在搜索结果里的位置，但起点仍是她自己输入的关键词，所以还是“人找货”，只是付费排得更前。",
            Q1_RETURN: "这是老客复购：她自己回到店铺，是店铺经营熟客的结果，不是推荐算法把商品推给一个还不知道它的人。",
        },
        hints=[
            "“货找人”和“人找货”的区别在于：是谁先迈出第一步？",
            "逐项问一句：商品出现之前，她有没有主动搜索或回到店铺？",
            "课程第 1 节把推荐算法、自然搜索、直通车和老客复购分别归到了哪一边？",
        ],
        solution=f"选“{Q1_ANSWER}”。推荐栏由推荐算法决定展示什么，不需要她先搜索。",
        explanation="货找人靠推荐算法：平台根据浏览和购买记录，主动把商品推给可能感兴趣的人；"
        "搜索（自然的或付费的）都是人找货。",
        points=1,
    )
)


# -- Q2 人 in data: an RFM table, net of refunds, as a function --------------------------------------
def _rfm(df: pd.DataFrame, as_of, first: bool = False, gross: bool = False, units: bool = False):
    """The RFM table as the question asks (all flags False) or as a slip computes it."""
    rows = df.assign(net=df["revenue_usd"] - (0 if gross else df["refund_usd"]))
    grouped = rows.groupby("customer_id")
    last = grouped["order_date"].min() if first else grouped["order_date"].max()
    return pd.DataFrame(
        {
            "recency_days": (pd.Timestamp(as_of) - last).dt.days,
            "frequency": grouped["quantity"].sum() if units else grouped.size(),
            "monetary_usd": grouped["net"].sum(),
        }
    )


def _rfm_table(df, as_of):
    return _rfm(df, as_of)


def _rfm_from_first(df, as_of):
    return _rfm(df, as_of, first=True)


def _rfm_gross(df, as_of):
    return _rfm(df, as_of, gross=True)


def _rfm_units(df, as_of):
    return _rfm(df, as_of, units=True)


def _rfm_fixed_day(df, as_of):
    return _rfm(df, AS_OF)


def _small_orders(ids, dates, quantities, revenue, refund) -> pd.DataFrame:
    # The columns of aliexpress_orders that the lesson's RFM cell uses, order_id included.
    return pd.DataFrame(
        {
            "order_id": [f"T{i:05d}" for i in range(1, len(ids) + 1)],
            "customer_id": ids,
            "order_date": pd.to_datetime(dates),
            "quantity": quantities,
            "revenue_usd": revenue,
            "refund_usd": refund,
        }
    )


def _rfm_cases() -> list[tuple]:
    # A refund, two orders of one customer with several units each and another day than the
    # lesson's, so each slip gives another table. No case runs on the whole store: its
    # thousands of output cells would hold other questions' answers by chance.
    small = _small_orders(
        ["U1", "U2", "U1", "U3"],
        ["2024-03-01", "2024-05-10", "2024-06-20", "2024-06-23"],
        [2, 1, 3, 1],
        [20.0, 8.0, 30.0, 50.0],
        [0.0, 0.0, 10.0, 50.0],
    )
    return [(small, "2024-07-01")]


def _hidden_rfm_cases() -> list[tuple]:
    # Rows out of date order (the last row is not the last order), a customer with three
    # orders on the same day, a full refund, and two reference days.
    mixed = _small_orders(
        ["B7", "A2", "B7", "A2", "C9", "C9", "C9"],
        ["2024-09-30", "2024-02-01", "2024-01-15", "2024-11-11", "2024-12-01", "2024-12-01", "2024-12-01"],
        [1, 4, 2, 1, 1, 2, 1],
        [12.5, 40.0, 7.5, 9.9, 3.0, 6.0, 3.0],
        [12.5, 0.0, 0.0, 2.0, 0.0, 0.0, 3.0],
    )
    return [(mixed, "2025-01-01"), (mixed, "2024-12-31")]


q2 = exercise.add(
    FunctionAnswer(
        "L03.Q2",
        reference=_rfm_table,
        cases=_rfm_cases,
        hidden_cases=_hidden_rfm_cases,
        misconceptions=[
            (
                _rfm_from_first,
                "你的 recency_days 从每位顾客的第一笔订单算起。最近一次购买是最后一笔订单：用 max()。",
            ),
            (_rfm_gross, "你的 monetary_usd 用的是订单金额，没有减去退款 refund_usd。题目要退款后的净消费。"),
            (
                _rfm_units,
                "你的 frequency 数的是件数（quantity 之和）。频次是下单的次数：每位顾客有几笔订单。",
            ),
            (
                _rfm_fixed_day,
                "你的函数总是以 2025-01-01 为基准日，没有用参数 as_of：换一个基准日，recency_days 应当跟着变。",
            ),
        ],
        hints=[
            "先按 customer_id 分组：每位顾客一行。三列分别是：距最后一笔订单的天数、订单笔数、退款后的金额之和。",
            "recency_days 是 pd.Timestamp(as_of) 减去该顾客最大的 order_date：两个日期相减得到时间差，再用 .dt.days 取出天数。",
            "净消费要先算每笔订单的 revenue_usd − refund_usd，再按顾客求和；订单笔数用分组后的 .size()，不是件数之和。"
            "最后用 pd.DataFrame({...}) 把三列拼起来，列名照题目写。",
        ],
        solution=(
            "def rfm_table(orders, as_of):\n"
            '    net = orders["revenue_usd"] - orders["refund_usd"]\n'
            '    grouped = orders.assign(net=net).groupby("customer_id")\n'
            "    return pd.DataFrame({\n"
            '        "recency_days": (pd.Timestamp(as_of) - grouped["order_date"].max()).dt.days,\n'
            '        "frequency": grouped.size(),\n'
            '        "monetary_usd": grouped["net"].sum(),\n'
            "    })"
        ),
        explanation="有了 R、F、M 三列，就可以像课程那样给每列打 1—5 分、把顾客分层。"
        "用退款后的净消费，退款多的顾客不会被误当成高价值顾客。",
        points=3,
    )
)


# -- Q3 人 in data: what the customers of each acquisition channel are worth ------------------------
def _spend_per_customer(column: str = "acquisition_channel", how: str = "mean", gross: bool = False):
    rows = orders()
    rows["net"] = rows["revenue_usd"] - (0 if gross else rows["refund_usd"])
    if column == "channel":  # the order's own channel: a slip, one row per order
        return rows.groupby("channel", observed=True)["net"].agg(how)
    per_customer = rows.groupby("customer_id")["net"].sum().rename("net")
    table = _customers().join(per_customer, on="customer_id")
    return table.groupby(column, observed=True)["net"].agg(how)


def _spend_per_order_by_acquisition() -> pd.Series:
    rows = orders().merge(_customers()[["customer_id", "acquisition_channel"]], on="customer_id")
    net = rows["revenue_usd"] - rows["refund_usd"]
    return net.groupby(rows["acquisition_channel"], observed=True).mean()


q3 = exercise.add(
    ValueAnswer(
        "L03.Q3",
        expected=_spend_per_customer,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _spend_per_customer("channel"),
                "你按订单自己的 channel 分组，算的是每笔订单的平均金额，里面还有“老客复购”。"
                "题目按顾客的获客渠道（aliexpress_customers 的 acquisition_channel）分组，每位顾客一个数。",
            ),
            (
                lambda: _spend_per_customer(gross=True),
                "你用的是订单金额，没有减去退款 refund_usd。题目要退款后的净消费。",
            ),
            (
                _spend_per_order_by_acquisition,
                "你按订单求了平均（每笔订单一个数），不是按顾客：先按 customer_id 把净额加总，每位顾客一个数，再按获客渠道求平均。",
            ),
            (
                lambda: _spend_per_customer(how="median"),
                "你算的是中位数。题目要人均（平均数）：渠道带来的总净消费 ÷ 顾客人数。",
            ),
            (
                lambda: _spend_per_customer(how="sum"),
                "你算的是每个渠道的净消费总额。题目要人均：每个渠道的顾客平均每人消费多少。",
            ),
        ],
        hints=[
            "分三步：每笔订单的净额 = revenue_usd − refund_usd；按 customer_id 求和，每位顾客一个数；"
            "再把这个数合并到 customers 上，按 acquisition_channel 求平均。",
            '合并可以写成 customers.merge(每位顾客的净消费, on="customer_id", validate="one_to_one")：'
            "validate 检查每位顾客只出现一次。",
            "acquisition_channel 是分类列：分组时写 observed=True。注意不要按订单自己的 channel 列分组。",
        ],
        solution=(
            'net = (orders["revenue_usd"] - orders["refund_usd"]).groupby(orders["customer_id"]).sum().rename("net")\n'
            'spend_by_channel = customers.merge(net, left_on="customer_id", right_index=True, validate="one_to_one")'
            '.groupby("acquisition_channel", observed=True)["net"].mean()'
        ),
        explanation="比较获客成本时，要拿它和这位顾客一年里带来的净消费比。这份合成数据里各渠道的人均净消费只差一两美元，"
        "都在抽样波动之内（生成器没有让渠道影响消费）：在下结论前先看区间。",
        points=2,
        rounding="note",
    )
)


# -- Q4 货 in data: traffic, margin and conversion, applied to six products -------------------------
def product_matrix() -> pd.DataFrame:
    """Each product's share of the store's visitors, its gross margin at list price and its
    conversion (orders ÷ visitors), beside the role the seller gave it."""
    products = _products().set_index("product_id")
    orders_per_product = _orders()["product_id"].value_counts().reindex(products.index, fill_value=0)
    return pd.DataFrame(
        {
            "traffic_share": products["visitors_2024"] / products["visitors_2024"].sum(),
            "margin": 1 - products["unit_cost_usd"] / products["list_price_usd"],
            "conversion": orders_per_product / products["visitors_2024"],
            "product_role": products["product_role"].astype(str),
        }
    )


def matrix_role(margin: float, conversion: float) -> str:
    """The lesson's rule: a thin margin is a 引流款; of the rest, one that turns visitors into
    orders is a 利润款, one that is looked at more than bought a 形象款."""
    if margin < MARGIN_CUT:
        return "引流款"
    return "利润款" if conversion >= CONVERSION_CUT else "形象款"


# Two clear cases per role, the tempting ones (a thin-margin product with little traffic, a
# dear product that sells), and one whose data disagree with the role the seller gave it.
Q4_ITEMS = ["AE051", "AE017", "AE038", "AE027", "AE022", "AE045"]


def _q4_answer() -> dict[str, str]:
    table = product_matrix().loc[Q4_ITEMS]
    return {pid: matrix_role(row.margin, row.conversion) for pid, row in table.iterrows()}


def _role_notes() -> dict[tuple[str, str], str]:
    """A note for each item placed by its product_role where the data say otherwise."""
    table = product_matrix().loc[Q4_ITEMS]
    notes = {}
    for pid, row in table.iterrows():
        if row.product_role != matrix_role(row.margin, row.conversion):
            notes[(pid, row.product_role)] = (
                f"{pid} 在商品表里标的是{row.product_role}，但题目要按数据分类："
                "算出它的毛利率和转化率，再套用课程的规则。"
            )
    return notes


q4 = exercise.add(
    Classification(
        "L03.Q4",
        items=Q4_ITEMS,
        categories=["引流款", "利润款", "形象款"],
        answer=_q4_answer(),
        misconceptions={
            **_role_notes(),
            (
                "AE017",
                "形象款",
            ): "AE017 的访客不多，但它的毛利率不到 30%：按课程的规则先看毛利率，毛利薄的就是引流款。",
            (
                "AE038",
                "形象款",
            ): "AE038 标价高，但每千位访客里下单的不少于 3 位：它卖得动，是利润款。价格高不等于形象款。",
            (
                "AE022",
                "利润款",
            ): "AE022 毛利率高、访客也不少，但看的人多、买的人少：转化率低于 0.3%，在组合里起形象款的作用。",
            (
                "AE051",
                "利润款",
            ): "AE051 流量最大、转化也高，但毛利率不到 30%：它带来流量，不带来利润，是引流款。",
        },
        hints=[
            "先按课程第 2.2 节的做法，算出每件商品的毛利率（1 − 成本 ÷ 标价）和转化率（订单数 ÷ visitors_2024）。",
            "课程的规则：毛利率低于 30% 的是引流款；其余的，转化率不低于 0.3% 的是利润款，低于 0.3% 的是形象款。",
            "不要直接抄商品表的 product_role 列：那是卖家给商品定的角色，题目问的是数据显示它实际起什么作用。"
            "也不要只看价格或访客数：规则里只有毛利率和转化率。",
        ],
        solution="按课程的规则，用毛利率和转化率（订单数 ÷ 访客数）逐件判断："
        + "；".join(f"{pid} {role}" for pid, role in _q4_answer().items())
        + "。",
        explanation="毛利率分出引流款，转化率再把利润款和形象款分开：它们的流量份额差不多，差在访客进来之后买不买。卖家设定的角色和数据不一致时，"
        "要么调整定价和推广，要么改变对它的期望。靠近阈值的商品，换一年数据就可能换格子：规则的阈值要和抽样波动一起看。"
        "引流款、利润款、形象款是论文采用的业内分法，没有公开的统一标准。",
        points=2,
        partial_credit=True,
    )
)


# -- Q5 货 in data: ABC analysis by gross profit ---------------------------------------------------
def _product_totals(value: str = "profit") -> pd.Series:
    rows = orders().merge(
        _products()[["product_id", "unit_cost_usd"]], on="product_id", validate="many_to_one"
    )
    if value == "profit":
        amount = (rows["unit_price_usd"] - rows["unit_cost_usd"]) * rows["quantity"]
    else:
        amount = rows["revenue_usd"]
    return amount.groupby(rows["product_id"]).sum().sort_values(ascending=False)


def _class_a_count(value: str = "profit", crossing: bool = False) -> int:
    """Products whose cumulative share is at most 80 %, as the lesson's ``pd.cut`` puts them."""
    totals = _product_totals(value)
    within = int((totals.cumsum() / totals.sum() <= 0.8).sum())
    return within + 1 if crossing else within


q5 = exercise.add(
    ValueAnswer(
        "L03.Q5",
        expected=_class_a_count,
        misconceptions=[
            (
                lambda: _class_a_count("revenue"),
                "如果你按销售额排序和累计（课程做过的），得到的就是这个数。题目按毛利：(成交单价 − 单位成本) × 件数。",
            ),
            (
                lambda: _class_a_count(crossing=True),
                "如果你把累计占比越过 80% 的那件商品也算进了 A 类，就会多出一件。A 类只含累计占比不超过 80% 的商品，和课程的 pd.cut 一样。"
                "如果不是这个原因，再检查一遍：成本是否按成交单价 unit_price_usd 算、是否乘了件数、是否先排序。",
            ),
        ],
        hints=[
            '把 orders 和 products 的 unit_cost_usd 按 product_id 合并（validate="many_to_one"），'
            "每笔订单的毛利 = (unit_price_usd − unit_cost_usd) × quantity。",
            "按商品求毛利之和，从大到小排序，再用 cumsum() ÷ 总和得到累计占比。",
            "A 类是累计占比不超过 80% 的那些商品：可以照课程用 pd.cut 分类，也可以直接数一数累计占比 <= 0.8 的有几件。",
        ],
        solution=(
            'rows = orders.merge(products[["product_id", "unit_cost_usd"]], on="product_id", validate="many_to_one")\n'
            'profit = ((rows["unit_price_usd"] - rows["unit_cost_usd"]) * rows["quantity"]).groupby(rows["product_id"]).sum()\n'
            "cumulative = profit.sort_values(ascending=False).cumsum() / profit.sum()\n"
            "a_count = int((cumulative <= 0.8).sum())"
        ),
        explanation="按毛利做 ABC，A 类里引流款少了、利润款多了：销售额大的商品不一定赚钱。"
        "两种排序放在一起看，才知道哪些商品带流量、哪些商品带利润。",
        points=2,
        rounding="note",
    )
)


# -- Q6 货 price: the elasticity of each test product ---------------------------------------------
def _slopes(transform: str = "loglog", term: int = 0) -> pd.Series:
    slopes = {}
    for pid, rows in _price_test().groupby("product_id", observed=True):
        price, units = rows["price_usd"].to_numpy(float), rows["units_sold"].to_numpy(float)
        x, y = {
            "loglog": (np.log(price), np.log(units)),
            "swapped": (np.log(units), np.log(price)),
            "linear": (price, units),
            "semilog": (price, np.log(units)),
        }[transform]
        slopes[str(pid)] = float(np.polyfit(x, y, 1)[term])
    return pd.Series(slopes).rename_axis("product_id")


q6 = exercise.add(
    ValueAnswer(
        "L03.Q6",
        expected=_slopes,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _slopes("swapped"),
                "x 和 y 颠倒了：你用 ln(销量) 去解释 ln(价格)。弹性是销量对价格的反应，"
                "np.polyfit 的第一个参数是 ln(price_usd)，第二个是 ln(units_sold)。",
            ),
            (
                lambda: _slopes("linear"),
                "你对价格和销量本身做了回归，斜率的意思是“每涨 1 美元少卖几件”。弹性要先对两列都取对数：np.log。",
            ),
            (
                lambda: _slopes("semilog"),
                "你只对销量取了对数。弹性是百分比对百分比：价格也要取对数。",
            ),
            (
                lambda: _slopes(term=1),
                "这是截距（intercept），不是斜率：np.polyfit(x, y, 1) 返回 [斜率, 截距]，只要斜率 np.polyfit(...)[0]。",
            ),
        ],
        hints=[
            "对每件商品分别回归：按 product_id 分组，或者循环三次、每次筛选一件商品。",
            "np.polyfit(x, y, 1) 拟合 y = 斜率 × x + 截距，返回 [斜率, 截距]；x 是 np.log(price_usd)，y 是 np.log(units_sold)。",
            "把三个斜率放进一个以 product_id 为索引的 Series，例如 pd.Series({商品: 斜率, ...})。",
        ],
        solution=(
            'elasticity = pd.Series({pid: np.polyfit(np.log(g["price_usd"]), np.log(g["units_sold"]), 1)[0]\n'
            '                        for pid, g in price_test.groupby("product_id", observed=True)})'
        ),
        explanation="三件商品的弹性一件比一件小（绝对值）：引流款对价格最敏感，形象款最不敏感。"
        "弹性小于 −1 的商品降价能增加收入，大于 −1 的涨价能增加收入。这是合成数据：生成器给每件商品设了一个弹性，回归把它找了回来。",
        points=2,
        rounding="note",
    )
)


# -- Q7 货 price: the profit-maximising price of AE-T1, with the simulator --------------------------
def _fit(pid: str, transform: str = "loglog") -> tuple[float, float, float]:
    rows = _price_test()[_price_test()["product_id"] == pid]
    slope, intercept = np.polyfit(np.log(rows["price_usd"]), np.log(rows["units_sold"]), 1)
    return float(slope), float(intercept), float(rows["unit_cost_usd"].iloc[0])


def _profit_price(pid: str = "AE-T1") -> float:
    slope, _, cost = _fit(pid)
    return cost * slope / (1 + slope)  # where marginal revenue equals the unit cost


def _tested(pid: str, how: str) -> float:
    return float(_price_test().loc[_price_test()["product_id"] == pid, "price_usd"].agg(how))


q7 = exercise.add(
    Numeric(
        "L03.Q7",
        answer=_profit_price,
        tolerance=0.3,
        unit=" 美元",
        slider=(2.0, 9.0, 0.1),
        misconceptions=[
            (
                2.0,
                "你的答案在滑块的最左端附近。如果模拟器里的毛利一路往左涨，先检查你的拟合："
                "x 是 np.log(价格)、y 是 np.log(销量)，弹性应当是负数，而且对这件引流款小于 −1。",
            ),
            (
                lambda: _tested("AE-T1", "min"),
                "你的答案在测试过的最低价附近：弹性小于 −1 时，越便宜收入越高，但这里离单位成本很近甚至更低，"
                "几乎不赚钱。题目问的是毛利最高的价格。",
            ),
            (
                lambda: _fit("AE-T1")[2],
                "你的答案在单位成本附近：在单位成本上毛利为零。题目要毛利最高的价格。",
            ),
            (
                4.0,
                "你的答案在基准价 4 美元附近，那是测试前的原价，不是算出来的最优价。拖动滑块，看“预测日毛利”在哪里最高。",
            ),
            (
                lambda: _tested("AE-T1", "max"),
                "你的答案在测试过的最高价附近。再往右拖：毛利还在涨，说明最高点在更高的价格上；"
                "只是那里超出了测试过的范围，预测要打折扣。",
            ),
            (
                9.0,
                "你的答案在滑块的最右端附近。如果毛利一路往右涨、没有最高点，你拟合的弹性多半不小于 −1："
                "检查 x、y 的顺序（x 是 np.log(价格)）、是否取了对数、是否只用了 AE-T1 的行。",
            ),
        ],
        hints=[
            "先运行拟合 AE-T1 的单元格，并用 use_fit(...) 把你的曲线交给模拟器；再拖动滑块，看“预测日毛利”怎样变化。",
            "价格从低往高拖：毛利先升后降。找到毛利最大的那一格；在最高点附近毛利变化很慢，仔细比较小数。",
            "也可以用课程第 3 节的勒纳法则验算：最优价格 = 单位成本 × ε ÷ (1 + ε)，ε 是你拟合的弹性（小于 −1 时才有解）。",
        ],
        solution="用拟合的 AE-T1 曲线，毛利最高的价格 = 单位成本 × ε ÷ (1 + ε)，滑块上取最接近的 0.1 美元。",
        explanation="引流款对价格很敏感：降价能带来更多销量和收入，但毛利最高的价格比测试的基准价高，"
        "而且略超出测试过的价格范围，所以上调前应先在更高的价格上再测一轮。收入最高和毛利最高是两个不同的价格。",
        points=2,
        rounding="accept",
        explore="cbec.explore.l03:price_simulator",
    )
)


# -- Q8 场: ROI by channel, from totals -----------------------------------------------------------
def _roi(how: str = "totals", margin: float = ASSUMED_MARGIN) -> pd.Series:
    campaigns = _campaigns()
    if how == "mean":
        per_row = (margin * campaigns["revenue_usd"] - campaigns["spend_usd"]) / campaigns["spend_usd"]
        return per_row.groupby(campaigns["channel"], observed=True).mean()
    sums = campaigns.groupby("channel", observed=True)[["revenue_usd", "spend_usd"]].sum()
    return (margin * sums["revenue_usd"] - sums["spend_usd"]) / sums["spend_usd"]


def _roas() -> pd.Series:
    sums = _campaigns().groupby("channel", observed=True)[["revenue_usd", "spend_usd"]].sum()
    return sums["revenue_usd"] / sums["spend_usd"]


q8 = exercise.add(
    ValueAnswer(
        "L03.Q8",
        expected=_roi,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _roi(margin=1.0),
                "你用销售额减投入，相当于毛利率 100%：这是 ROAS − 1。ROI 的分子是毛利减投入，毛利 = 销售额 × 40%。",
            ),
            (
                lambda: _roi("mean"),
                "你先算每次活动的 ROI 再求平均，小投入的活动和大投入的活动权重一样。题目要按渠道把毛利和投入各自加总再相除。",
            ),
            (
                lambda: _roi() * 100,
                "题目要比例（例如 −0.25），不要乘以 100。",
            ),
            (
                _roas,
                "这是 ROAS（销售额 ÷ 投入），课程算过。ROI 的分子是毛利减投入：(销售额 × 40% − 投入) ÷ 投入。",
            ),
            (
                lambda: _roas() * ASSUMED_MARGIN,
                "你算了毛利 ÷ 投入，少减了 1（投入本身）：ROI = (毛利 − 投入) ÷ 投入 = ROAS × 40% − 1。",
            ),
            (
                lambda: 1 / _roas(),
                "比例倒过来了：这是投入 ÷ 销售额。ROI 以投入为分母：(毛利 − 投入) ÷ 投入。",
            ),
        ],
        hints=[
            "ROI =（毛利 − 投入）÷ 投入，毛利 = 销售额 × 40%（数据说明里的假设）。",
            "先按 channel 把 revenue_usd 和 spend_usd 分别求和，再用合计来算，不要先算每次活动的 ROI。",
            "ROI 小于 0 表示亏钱。和课程里盈亏平衡的 ROAS 对照：ROI = ROAS × 毛利率 − 1。",
        ],
        solution=(
            'sums = campaigns.groupby("channel", observed=True)[["revenue_usd", "spend_usd"]].sum()\n'
            'roi = (0.4 * sums["revenue_usd"] - sums["spend_usd"]) / sums["spend_usd"]'
        ),
        explanation="ROI 大于 0 的渠道赚回了投入；ROI = ROAS × 毛利率 − 1，所以 ROI 为 0 正好对应 ROAS 等于 1 ÷ 毛利率。"
        "这里的毛利率 40% 是假设，毛利率不同，结论也会变。",
        points=2,
        rounding="note",
    )
)


# -- Q9 A/B: the p-value of the purchase rate -----------------------------------------------------
def _p_value(column: str = "purchased", sides: int = 2, pooled: bool = True, result: str = "p") -> float:
    test = _listing_test()
    counts = test.groupby("arm", observed=True)[column].agg(["sum", "count"])
    (x_a, n_a), (x_b, n_b) = counts.to_numpy(float)
    p_a, p_b = x_a / n_a, x_b / n_b
    if pooled:
        p = (x_a + x_b) / (n_a + n_b)
        se = np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    else:
        se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = (p_b - p_a) / se
    if result == "z":
        return z
    if result == "cdf":  # 2 × Φ(z) with z > 0: the wrong tail
        return 2 * NormalDist().cdf(z)
    return sides * (1 - NormalDist().cdf(abs(z)))


q9 = exercise.add(
    ValueAnswer(
        "L03.Q9",
        expected=_p_value,
        rtol=1e-3,
        misconceptions=[
            (
                lambda: _p_value("added_to_cart"),
                "这是加购率的 p 值，课程算过。题目问购买率：用 purchased 列。",
            ),
            (
                lambda: _p_value(sides=1),
                "这是单侧 p 值，只有双侧的一半。题目要双侧：2 × (1 − Φ(|z|))。",
            ),
            (
                lambda: _p_value(result="z"),
                "p 值在 0 到 1 之间；你交的像是 z 统计量。再用 2 × (1 − Φ(|z|)) 把它换成 p 值。",
            ),
            (
                lambda: _p_value(result="cdf"),
                "p 值不会大于 1。z 为正时 Φ(z) 是左边的大块面积：尾巴的面积是 1 − Φ(|z|)，双侧再乘以 2。",
            ),
            (
                lambda: _p_value(pooled=False),
                "你用了两组各自比例的标准误。题目按课程的做法用合并比例的标准误：sqrt(p × (1 − p) × (1/n_A + 1/n_B))。",
            ),
            (
                lambda: 1 - _p_value(),
                "你算的是 Φ(|z|) 一侧的面积。p 值是比 |z| 更极端的概率：2 × (1 − Φ(|z|))。",
            ),
        ],
        hints=[
            "照课程第 6 节的步骤，只把 added_to_cart 换成 purchased：先算每组的购买人数和访客数。",
            "合并比例 p = 两组购买人数之和 ÷ 两组访客之和；标准误是 sqrt(p × (1 − p) × (1/n_A + 1/n_B))；z 等于 (p_B − p_A) ÷ 标准误。",
            "from statistics import NormalDist；NormalDist().cdf(z) 是标准正态分布在 z 左边的面积。双侧 p 值是两边尾巴的面积之和。",
        ],
        solution=(
            'counts = test.groupby("arm", observed=True)["purchased"].agg(["sum", "count"])\n'
            "(x_a, n_a), (x_b, n_b) = counts.to_numpy(float)\n"
            "p = (x_a + x_b) / (n_a + n_b)\n"
            "z = (x_b / n_b - x_a / n_a) / np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))\n"
            "p_value = 2 * (1 - NormalDist().cdf(abs(z)))"
        ),
        explanation="购买人数比加购人数少得多，所以同样方向的差别，购买率的 p 值比加购率的大得多："
        "样本越少，检验越难分清真差别和运气。",
        points=2,
        rounding="note",
    )
)

# -- Q10 A/B: the decision in words ---------------------------------------------------------------
Q10_ANSWER = "改用 B 版主图：按事先定的 5% 水平，购买率差别显著，方向与加购率一致"
Q10_NOT = "不能改：p 值不是 0，说明 B 版也可能更差，应当保持原主图"
Q10_PEEK = "先别定：每天看一次 p 值，等它哪天降到 0.01 以下再改用 B 版"
Q10_SIZE = "改用 B 版：每组一万人已经足够多，其实不用做检验"
q10 = exercise.add(
    SingleChoice(
        "L03.Q10",
        options=[Q10_NOT, Q10_PEEK, Q10_ANSWER, Q10_SIZE],
        answer=Q10_ANSWER,
        misconceptions={
            Q10_NOT: "p 值永远不会正好是 0。事先定的标准是 5%：p 值低于它，就认为差别不只是运气；"
            "“B 可能更差”的可能性正是 p 值已经衡量过的。",
            Q10_PEEK: "这叫“偷看”（peeking）：反复查看、一到显著就停，犯错的概率会远高于名义上的水平。"
            "样本量和判断标准要在测试开始前定好，到期再看一次。",
            Q10_SIZE: "样本大不等于差别真实：购买的人每组只有一百人左右，差别可能来自运气，检验正是为了回答这一点。",
        },
        hints=[
            "把你在第 9 题算出的 p 值和事先定好的显著性水平 5% 比较。",
            "除了购买率，课程里加购率的差别指向哪个方向？两者一致吗？",
            "有一个选项描述的是“偷看”：课程第 6 节最后说了为什么不能这样做。",
        ],
        solution=f"选“{Q10_ANSWER}”。",
        explanation="决策要按测试前定好的规则：样本量、指标和显著性水平都事先写下，到期检验一次。"
        "这是合成数据：B 版更好是生成器设定的，检验演示的是怎样得出结论。",
        points=1,
    )
)

# -- Q11 场: does a 直通车 ROAS pay? --------------------------------------------------------------
# Made-up figures, so the learner applies the rule instead of recalling the lesson's channels:
# a 25 % margin breaks even at ROAS 4, so ROAS 3 loses a quarter of the spend.
Q11_ANSWER = "亏钱：盈亏平衡的 ROAS 是 1 ÷ 25% = 4，ROAS 3 还不够"
Q11_ROAS1 = "赚钱：ROAS 大于 1，广告带来的销售额超过了广告花费"
Q11_MARGIN = "赚钱：盈亏平衡的 ROAS 是 1 + 25% = 1.25，3 远高于它"
Q11_UNKNOWN = "说不清：ROAS 只看销售额，和毛利率无关，判断不了"
q11 = exercise.add(
    SingleChoice(
        "L03.Q11",
        options=[Q11_ROAS1, Q11_ANSWER, Q11_MARGIN, Q11_UNKNOWN],
        answer=Q11_ANSWER,
        misconceptions={
            Q11_ROAS1: "销售额超过花费不等于赚钱：销售额里只有 25% 是毛利。每花 1 美元带来 3 美元销售额，只有 0.75 美元毛利。",
            Q11_MARGIN: "盈亏平衡的 ROAS 是 1 ÷ 毛利率，不是 1 + 毛利率：1 ÷ 0.25 = 4。",
            Q11_UNKNOWN: "ROAS 本身确实不含毛利率，但拿它和 1 ÷ 毛利率比较，就知道赚不赚钱。",
        },
        hints=[
            "每花 1 美元广告费，带来 3 美元销售额。这 3 美元里有多少是毛利？",
            "盈亏平衡时，广告带来的毛利正好等于广告花费：ROAS × 毛利率 = 1。",
            "盈亏平衡的 ROAS = 1 ÷ 毛利率。把 25% 代进去，再和 3 比较。",
        ],
        solution=f"选“{Q11_ANSWER}”。",
        explanation="同一个 ROAS，对毛利率高的商品可能赚钱，对毛利率低的商品可能亏钱；"
        "所以先算盈亏平衡的 ROAS = 1 ÷ 毛利率，再判断一个渠道值不值得投。",
        points=1,
    )
)


# -- Q12 场 service: the dispute rate by delivery promise, drawn -----------------------------------
def _dispute_by_promise(df: pd.DataFrame, how: str = "mean", scale: float = 100.0):
    return df.groupby("promised_days")["dispute"].agg(how) * scale


def _labelled_bars(values: pd.Series):
    ax = values.plot.bar(rot=0)
    ax.set(title="按承诺送达天数的纠纷率", xlabel="承诺送达天数（天）", ylabel="纠纷率（%）")
    return ax


def _plot_dispute_rate(df):
    return _labelled_bars(_dispute_by_promise(df))


def _plot_dispute_counts(df):
    return _labelled_bars(_dispute_by_promise(df, "sum", 1.0))


def _plot_dispute_share(df):
    return _labelled_bars(_dispute_by_promise(df, scale=1.0))


def _plot_late_rate(df):
    late = df["actual_days"] > df["promised_days"]
    return _labelled_bars(late.groupby(df["promised_days"]).mean() * 100)


def _plot_late_dispute_rate(df):
    late = df[df["actual_days"] > df["promised_days"]]
    return _labelled_bars(_dispute_by_promise(late))


def _service_orders(promised, actual, dispute) -> pd.DataFrame:
    return pd.DataFrame({"promised_days": promised, "actual_days": actual, "dispute": dispute})


def _dispute_cases() -> list[tuple]:
    # The small case has no late order that is disputed, so the late-rate slip draws other bars.
    small = _service_orders(
        [5, 5, 5, 10, 10, 20], [4, 6, 5, 12, 8, 15], [True, False, False, False, True, True]
    )
    return [(DatasetArg("aliexpress_orders"),), (small,)]


def _hidden_dispute_cases() -> list[tuple]:
    # A group without any dispute: its bar is 0 %, not missing.
    mixed = _service_orders(
        [12, 5, 12, 15, 5, 15, 15], [10, 7, 14, 15, 3, 20, 9], [False, True, False, False, False, True, True]
    )
    return [(mixed,)]


q12 = exercise.add(
    PlotAnswer(
        "L03.Q12",
        reference=_plot_dispute_rate,
        cases=_dispute_cases,
        hidden_cases=_hidden_dispute_cases,
        kind="bar",
        misconceptions=[
            (
                _plot_dispute_counts,
                "你画的是每组纠纷的笔数。题目要纠纷率：纠纷订单 ÷ 该组的全部订单，用 mean() 而不是 sum()。",
            ),
            (_plot_dispute_share, "柱高是 0 到 1 之间的比例。题目要百分数（%）：乘以 100。"),
            (_plot_late_rate, "你画的是晚到订单的比例。题目要纠纷率：dispute 列为 True 的订单占比。"),
            (
                _plot_late_dispute_rate,
                "你只看了晚到的订单。纠纷率的分母是该组的全部订单：不要先筛选，直接按 promised_days 分组求 dispute 的平均。",
            ),
        ],
        hints=[
            "按 promised_days 分组，取 dispute 列求平均：布尔列的平均数就是比例，再乘以 100 化成百分数。",
            "pandas 的 Series 可以直接画柱状图：结果.plot.bar() 返回画好的 Axes（ax）。",
            "ax.set(title=..., xlabel=..., ylabel=...) 写上中文标题和带单位的轴标签，最后 return ax。",
        ],
        solution=(
            "def plot_dispute_rate(orders):\n"
            '    rate = orders.groupby("promised_days")["dispute"].mean() * 100\n'
            "    ax = rate.plot.bar(rot=0)\n"
            '    ax.set(title="按承诺送达天数的纠纷率", xlabel="承诺送达天数（天）", ylabel="纠纷率（%）")\n'
            "    return ax"
        ),
        explanation="承诺送达越慢的国家，纠纷率大致越高。但承诺天数按国家设定，"
        "国家之间还有别的差别，这张图只说明相关。这是合成数据：纠纷与晚到的关系是生成器设定的。",
        points=2,
    )
)


# -- Q13 场: reading a bootstrap interval against the break-even line ------------------------------
# Made-up figures, so the lesson's own intervals are not the answer: the interval straddles 2.5.
Q13_ANSWER = "说不准：区间的下限 2.4 低于盈亏平衡的 2.5，真实的 ROAS 可能略低于它，要再多投几次或算准毛利率"
Q13_POINT = "赚钱：ROAS 2.9 高于盈亏平衡的 2.5，区间只是参考"
Q13_LOSS = "亏钱：区间里有低于 2.5 的值，说明这个渠道在亏钱"
Q13_RANGE = "95% 的活动 ROAS 在 2.4 到 3.5 之间，所以大多数活动赚钱"
q13 = exercise.add(
    SingleChoice(
        "L03.Q13",
        options=[Q13_POINT, Q13_LOSS, Q13_ANSWER, Q13_RANGE],
        answer=Q13_ANSWER,
        misconceptions={
            Q13_POINT: "2.9 只是这一批活动算出的估计；换一批活动它会变。区间告诉你它可能低到 2.4，已经在盈亏平衡线以下。",
            Q13_LOSS: "区间里也有高于 2.5 的值，而且估计值 2.9 在线的右边：区间跨过这条线，只能说还不确定，不能说亏钱。",
            Q13_RANGE: "bootstrap 区间是渠道 ROAS（总销售额 ÷ 总投入）的不确定范围，不是单次活动 ROAS 的分布：单次活动的波动大得多。",
        },
        hints=[
            "先算盈亏平衡的 ROAS：1 ÷ 40%。",
            "区间整个在这条线的右边、整个在左边、还是跨过了它？",
            "课程第 4.3 节：bootstrap 区间表示“换一批活动，ROAS 可能落在哪里”。",
        ],
        solution=f"选“{Q13_ANSWER}”。",
        explanation="只有区间整个落在盈亏平衡线的一边，才能说这个渠道肯定赚钱或肯定亏钱；跨过这条线时，要更多数据或更准的毛利率。",
        points=1,
    )
)


# -- Q14 服务: on-time delivery by country, a merge ------------------------------------------------
def _on_time_by_country(how: str = "on_time", scale: float = 100.0) -> pd.Series:
    rows = orders().merge(_customers()[["customer_id", "country"]], on="customer_id", validate="many_to_one")
    late = rows["actual_days"] > rows["promised_days"]
    flag = {"on_time": ~late, "late": late, "strict": rows["actual_days"] < rows["promised_days"]}[how]
    return flag.groupby(rows["country"], observed=True).mean() * scale


q14 = exercise.add(
    ValueAnswer(
        "L03.Q14",
        expected=_on_time_by_country,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _on_time_by_country("late"),
                "你算的是晚到率。准时送达率 = 实际天数不超过承诺天数的订单 ÷ 全部订单，等于 100% − 晚到率。",
            ),
            (
                lambda: _on_time_by_country(scale=1.0),
                "这是 0 到 1 之间的比例。题目要百分数（%）：乘以 100。",
            ),
            (
                lambda: _on_time_by_country("strict"),
                "你把正好在承诺那天送到的订单算成了不准时。实际天数等于承诺天数也是准时：用 <=，不是 <。",
            ),
        ],
        hints=[
            '订单表里没有国家：先把 customers 的 country 按 customer_id 合并到 orders 上（validate="many_to_one"）。',
            "准时的订单是 actual_days <= promised_days：这是一列布尔值，它的平均数就是比例。",
            "按 country 分组求这列的平均，再乘以 100；country 是分类列，分组时写 observed=True。",
        ],
        solution=(
            'rows = orders.merge(customers[["customer_id", "country"]], on="customer_id", validate="many_to_one")\n'
            'on_time = (rows["actual_days"] <= rows["promised_days"]).groupby(rows["country"], observed=True).mean() * 100'
        ),
        explanation="准时送达率按国家看，能找出哪条物流线路拖了后腿；它和纠纷率、DSR 的物流评分一起，是买家信任的基础。"
        "这是合成数据：各国的送达时间是生成器按承诺天数设定的。",
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
    "q12",
    "q13",
    "q14",
]
