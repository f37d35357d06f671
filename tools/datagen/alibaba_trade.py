"""国际站 (Alibaba.com, B2B): suppliers, RFQ quotes and Trade Assurance orders (synthetic).

Every number below is an assumption unless its comment names a line of facts.md. Planted effects
are listed in PLANTED at the end, each with the method that recovers it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import (
    DAYS_2024,
    EVENTS,
    Dataset,
    Planted,
    category,
    col,
    event_of,
    ids,
    pick,
    stream,
)

# -- alibaba_suppliers -----------------------------------------------------------------------
N_SUPPLIERS = 400
INDUSTRY_SHARES = {"家居园艺": 0.26, "消费电子": 0.22, "服装纺织": 0.20, "机械设备": 0.17, "包装印刷": 0.15}
PROVINCE_SHARES = {"浙江": 0.32, "广东": 0.30, "江苏": 0.12, "福建": 0.10, "山东": 0.08, "其他": 0.08}
# Membership tiers are ordered levels (facts.md §2): free member < 出口通 (Gold Supplier, paid)
# < 金品诚企 (Verified Supplier, checked on site by a third party such as SGS or TÜV, B).
# The rows are paid members only, so 免费会员 is a level without rows. The 30 % share is an
# assumption.
MEMBERSHIPS = ["免费会员", "出口通", "金品诚企"]
VERIFIED_SHARE = 0.30
FACTORY_VIDEO_SHARE = 0.45
SHOWCASE_USE_SHARE = 0.65  # the number of showcase slots per package is not public (facts.md §2, D)
# Verified suppliers tend to be older members: a realistic link that does not touch inquiries.
EXTRA_YEARS_MEAN = {"出口通": 2.5, "金品诚企": 5.0}
RESPONSE_MEDIAN_HOURS, RESPONSE_SIGMA = 6.0, 1.0
VISITORS_MEDIAN_90D, VISITORS_SIGMA = 900.0, 0.7
PRODUCTS_MEDIAN, PRODUCTS_SIGMA = 80.0, 0.6
# Planted: the share of visitors who send an inquiry, and how trust signals multiply it.
BASE_INQUIRY_RATE = 0.035
VERIFIED_INQUIRY_LIFT = 1.6
VIDEO_INQUIRY_LIFT = 1.3


def suppliers() -> pd.DataFrame:
    rng = stream("alibaba_suppliers")
    n = N_SUPPLIERS
    verified = rng.random(n) < VERIFIED_SHARE
    membership = np.where(verified, "金品诚企", "出口通")
    video = rng.random(n) < FACTORY_VIDEO_SHARE
    years = 1 + rng.poisson([EXTRA_YEARS_MEAN[m] for m in membership])
    hours = np.clip(rng.lognormal(np.log(RESPONSE_MEDIAN_HOURS), RESPONSE_SIGMA, n), 0.2, 72)
    # Faster median replies go with a higher 24-hour reply rate, with some spread.
    timely = np.clip(0.99 - 0.01 * hours + rng.normal(0, 0.04, n), 0.3, 1.0)
    visitors = rng.lognormal(np.log(VISITORS_MEDIAN_90D), VISITORS_SIGMA, n).round().astype(int)
    rate = (
        BASE_INQUIRY_RATE
        * np.where(verified, VERIFIED_INQUIRY_LIFT, 1)
        * np.where(video, VIDEO_INQUIRY_LIFT, 1)
    )
    return pd.DataFrame(
        {
            "supplier_id": ids("S", n),
            "industry": pick(rng, INDUSTRY_SHARES, n),
            "province": pick(rng, PROVINCE_SHARES, n),
            "membership": membership,
            "membership_years": np.minimum(years, 20),
            "factory_video": video,
            "uses_showcase": rng.random(n) < SHOWCASE_USE_SHARE,
            "products_listed": np.maximum(
                5, rng.lognormal(np.log(PRODUCTS_MEDIAN), PRODUCTS_SIGMA, n)
            ).astype(int),
            "median_response_hours": hours.round(1),
            "timely_response_rate": timely.round(3),
            "visitors_90d": visitors,
            "inquiries_90d": rng.binomial(visitors, rate),
        }
    )


SUPPLIER_SCHEMA = {
    "name": "alibaba_suppliers",
    "file": "alibaba_suppliers.csv",
    "title": "国际站供应商的信任信号与询盘（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "alibaba_suppliers.md",
    "lessons": ["02"],
    "columns": {
        "supplier_id": col("string", "供应商编号", unique=True),
        "industry": category(list(INDUSTRY_SHARES), "主营行业"),
        "province": category(list(PROVINCE_SHARES), "所在省份"),
        "membership": category(
            MEMBERSHIPS,
            "会员等级：免费会员、出口通（Gold Supplier，付费会员）、金品诚企（Verified Supplier，"
            "更高一级的付费会员，第三方实地认证）；本表只有付费会员",
            ordered=True,
        ),
        "membership_years": col("int", "成为会员的年数", "年", min=1, max=20),
        "factory_video": col("bool", "店铺是否有工厂实拍视频"),
        "uses_showcase": col("bool", "是否使用橱窗（showcase）推广产品"),
        "products_listed": col("int", "在架产品数", "个", min=1),
        "median_response_hours": col("float", "询盘首次回复用时的中位数", "小时", min=0, max=72),
        "timely_response_rate": col(
            "float",
            "及时回复率：询盘在 24 小时内、即时沟通在 1 小时内得到回复的买家占全部这些买家的比例（近 30 天）",
            "比例",
            min=0,
            max=1,
        ),
        "visitors_90d": col("int", "近 90 天店铺访客数", "人", min=0),
        "inquiries_90d": col("int", "近 90 天收到的有效询盘数（反馈）", "条", min=0),
    },
    "rules": ["inquiries_90d <= visitors_90d"],
}

# -- alibaba_rfq_quotes ----------------------------------------------------------------------
# The first 40 出口通 suppliers quote on RFQs every month of 2024. The 20 basic rights are the
# Gold Supplier (出口通) rule; whether 金品诚企 members get the same is not confirmed, so they
# are left out.
RFQ_SUPPLIERS = 40
BASE_QUOTA = 20  # facts.md §2 (A): a Gold Supplier gets 20 basic quotation rights a month
MAX_REWARD_QUOTA = 45  # facts.md §2 (B): 0 to 45 extra a month, by a 0–1000 performance score
# Assumption: the reward quota grows linearly with the score; the real mapping is not public.
DEMAND_MEAN_RANGE = (14, 40)  # quotes a supplier would like to send in a month
RFQ_CATEGORY_SHARES = {"定制": 0.35, "现货": 0.40, "样品": 0.25}
RFQ_COUNTRY_SHARES = {
    "美国": 0.28,
    "德国": 0.09,
    "英国": 0.09,
    "印度": 0.10,
    "巴西": 0.08,
    "澳大利亚": 0.08,
    "阿联酋": 0.10,
    "墨西哥": 0.08,
    "尼日利亚": 0.05,
    "法国": 0.05,
}
FAST_QUOTE_HOURS = 6
# Planted: a quote sent within 6 hours is twice as likely to get a buyer's reply.
REPLY_RATE_SLOW, FAST_REPLY_LIFT = 0.14, 2.0
WIN_GIVEN_REPLY = 0.22


def _quota_rows(rng: np.random.Generator, supplier: str, skill: float, demand: float) -> list[dict]:
    rows = []
    for month in pd.date_range("2024-01-01", "2024-12-01", freq="MS"):
        score = int(np.clip(rng.normal(skill, 80), 0, 1000))
        reward_quota = int(MAX_REWARD_QUOTA * score / 1000)
        wanted = rng.poisson(demand)
        base_used = min(wanted, BASE_QUOTA)
        reward_used = min(max(wanted - BASE_QUOTA, 0), reward_quota)  # rewards only after the base quota
        for kind, used in (("基础", base_used), ("奖励", reward_used)):
            rows += [
                {
                    "supplier_id": supplier,
                    "month": month,
                    "performance_score": score,
                    "reward_quota": reward_quota,
                    "quota_type": kind,
                }
                for _ in range(used)
            ]
    return rows


def rfq_quotes() -> pd.DataFrame:
    rng = stream("alibaba_rfq_quotes")
    rows = []
    table = suppliers()
    gold = table.loc[table["membership"] == "出口通", "supplier_id"].head(RFQ_SUPPLIERS)
    for supplier in gold:
        skill = rng.uniform(300, 950)
        rows += _quota_rows(rng, supplier, skill, rng.uniform(*DEMAND_MEAN_RANGE))
    frame = pd.DataFrame(rows)
    n = len(frame)
    hours = np.clip(rng.lognormal(np.log(8), 0.9, n), 0.1, 72).round(1)
    fast = hours <= FAST_QUOTE_HOURS
    replied = rng.random(n) < REPLY_RATE_SLOW * np.where(fast, FAST_REPLY_LIFT, 1)
    frame.insert(0, "quote_id", ids("Q", n, width=5))
    frame["rfq_category"] = pick(rng, RFQ_CATEGORY_SHARES, n)
    frame["buyer_country"] = pick(rng, RFQ_COUNTRY_SHARES, n)
    frame["hours_to_quote"] = hours
    frame["buyer_replied"] = replied
    frame["order_won"] = replied & (rng.random(n) < WIN_GIVEN_REPLY)
    return frame


RFQ_SCHEMA = {
    "name": "alibaba_rfq_quotes",
    "file": "alibaba_rfq_quotes.csv",
    "title": "国际站 RFQ 报价记录（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "alibaba_rfq_quotes.md",
    "lessons": ["02"],
    "columns": {
        "quote_id": col("string", "报价编号", unique=True),
        "supplier_id": col("string", "报价的出口通供应商，对应 alibaba_suppliers 的 supplier_id"),
        "month": col("date", "报价所在月份（当月 1 日）", min="2024-01-01", max="2024-12-01"),
        "performance_score": col("int", "当月 RFQ 服务分（0—1000）", "分", min=0, max=1000),
        "reward_quota": col("int", "当月按服务分奖励的额外报价条数", "条", min=0, max=MAX_REWARD_QUOTA),
        "quota_type": category(
            ["基础", "奖励"], "这条报价用的是出口通每月 20 条的基础权益，还是按服务分奖励的权益"
        ),
        "rfq_category": category(list(RFQ_CATEGORY_SHARES), "采购需求类型"),
        "buyer_country": category(list(RFQ_COUNTRY_SHARES), "发布 RFQ 的买家所在国家"),
        "hours_to_quote": col("float", "从买家发布 RFQ 到供应商报价的用时", "小时", min=0, max=72),
        "buyer_replied": col("bool", "买家是否回复了这条报价"),
        "order_won": col("bool", "这条报价最终是否成交"),
    },
    "rules": ["order_won <= buyer_replied"],
}

# -- alibaba_orders: Trade Assurance (信保) orders ------------------------------------------
N_ORDERS = 3000
# Planted: official events raise the daily order rate. Both sizes are assumptions. The one
# public figure, US SME orders +27 % in one March Expo edition (facts.md §2, B), measures a
# different thing (one buyer group's orders, one edition) and does not calibrate this; the
# March size is kept well away from 1.27 (beyond the tolerance) so that an estimate cannot
# pass for that figure.
# September: no public figure exists (facts.md §2, D).
EVENT_ORDER_LIFT = {"无": 1.0, "三月新贸节": 1.5, "九月采购节": 1.15}
WEEKEND_FACTOR = 0.6  # business buyers order mostly on weekdays
ORDER_SOURCE_SHARES = {"自然搜索": 0.32, "P4P": 0.22, "RFQ": 0.14, "官方活动": 0.10, "老客复购": 0.22}
ORDER_COUNTRY_SHARES = {
    "美国": 0.30,
    "德国": 0.08,
    "英国": 0.08,
    "印度": 0.08,
    "巴西": 0.07,
    "澳大利亚": 0.08,
    "阿联酋": 0.09,
    "墨西哥": 0.07,
    "加拿大": 0.06,
    "法国": 0.05,
    "波兰": 0.04,
}
BUYER_TYPE_SHARES = {"批发商": 0.40, "品牌商": 0.20, "零售商": 0.25, "工程/项目商": 0.15}
MOQ_CHOICES = [50, 100, 200, 500, 1000]
UNIT_PRICE_MEDIAN_USD = {
    "家居园艺": 4.0,
    "消费电子": 9.0,
    "服装纺织": 3.5,
    "机械设备": 180.0,
    "包装印刷": 0.6,
}
MOQ_FOR_INDUSTRY = {
    "家居园艺": 2,
    "消费电子": 1,
    "服装纺织": 2,
    "机械设备": 0,
    "包装印刷": 4,
}  # index into MOQ_CHOICES
LEAD_DAYS_MEDIAN = 20
LATE_SHARE = 0.15
# Planted: a late shipment makes a Trade Assurance claim more likely.
CLAIM_RATE = {"on_time": 0.02, "late": 0.09}


def _order_dates(rng: np.random.Generator, n: int) -> pd.Series:
    weight = np.array([EVENT_ORDER_LIFT[e] for e in event_of(DAYS_2024)])
    weight = weight * np.where(DAYS_2024.dayofweek >= 5, WEEKEND_FACTOR, 1.0)
    days = rng.choice(len(DAYS_2024), size=n, p=weight / weight.sum())
    return pd.Series(DAYS_2024[np.sort(days)])


def _quantities(rng: np.random.Generator, industries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """MOQ by industry (one step up or down at random); quantity is a heavy-tailed multiple of it."""
    step = np.array([MOQ_FOR_INDUSTRY[i] for i in industries]) + rng.integers(-1, 2, len(industries))
    moq = np.array(MOQ_CHOICES)[np.clip(step, 0, len(MOQ_CHOICES) - 1)]
    multiple = np.minimum(1 + rng.pareto(1.5, len(industries)), 40)
    quantity = (np.round(moq * multiple / 10) * 10).astype(int)
    return moq, np.maximum(quantity, moq)


def orders() -> pd.DataFrame:
    rng = stream("alibaba_orders")
    supplier_table = suppliers()
    n = N_ORDERS
    dates = _order_dates(rng, n)
    chosen = supplier_table.sample(n, replace=True, random_state=rng).reset_index(drop=True)
    industries = chosen["industry"].to_numpy()
    moq, quantity = _quantities(rng, industries)
    price = np.array([UNIT_PRICE_MEDIAN_USD[i] for i in industries]) * rng.lognormal(0, 0.5, n)
    lead = rng.lognormal(np.log(LEAD_DAYS_MEDIAN), 0.35, n).round().astype(int)
    late = rng.random(n) < LATE_SHARE
    delay = np.where(late, 1 + rng.poisson(6, n), -rng.integers(0, 4, n))
    promised = dates + pd.to_timedelta(lead, unit="D")
    claim_rate = np.where(late, CLAIM_RATE["late"], CLAIM_RATE["on_time"])
    return pd.DataFrame(
        {
            "order_id": ids("TA", n, width=5),
            "supplier_id": chosen["supplier_id"],
            "industry": industries,
            "order_date": dates,
            "event": event_of(dates),
            "buyer_country": pick(rng, ORDER_COUNTRY_SHARES, n),
            "buyer_type": pick(rng, BUYER_TYPE_SHARES, n),
            "source": pick(rng, ORDER_SOURCE_SHARES, n),
            "moq_units": moq,
            "quantity_units": quantity,
            "unit_price_usd": price.round(2),
            "order_value_usd": (quantity * price.round(2)).round(2),
            "promised_ship_date": promised,
            "actual_ship_date": promised + pd.to_timedelta(delay, unit="D"),
            "claim_filed": rng.random(n) < claim_rate,
        }
    )


ORDER_SCHEMA = {
    "name": "alibaba_orders",
    "file": "alibaba_orders.csv",
    "title": "国际站信保订单（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "alibaba_orders.md",
    "lessons": ["02", "04"],
    "columns": {
        "order_id": col("string", "信保（Trade Assurance）订单编号", unique=True),
        "supplier_id": col("string", "供应商，对应 alibaba_suppliers 的 supplier_id"),
        "industry": category(list(INDUSTRY_SHARES), "供应商主营行业"),
        "order_date": col("date", "下单日期", min="2024-01-01", max="2024-12-31"),
        "event": category(EVENTS, "下单时正在进行的官方活动"),
        "buyer_country": category(list(ORDER_COUNTRY_SHARES), "买家所在国家"),
        "buyer_type": category(list(BUYER_TYPE_SHARES), "买家类型"),
        "source": category(list(ORDER_SOURCE_SHARES), "订单来源"),
        "moq_units": col("int", "最小起订量（MOQ）", "件", min=1),
        "quantity_units": col("int", "订购数量", "件", min=1),
        "unit_price_usd": col("float", "单价", "USD", min=0),
        "order_value_usd": col("float", "订单金额 = 数量 × 单价", "USD", min=0),
        "promised_ship_date": col("date", "合同约定的发货日期"),
        "actual_ship_date": col("date", "实际发货日期"),
        "claim_filed": col("bool", "买家是否提出了信保索赔"),
    },
    "rules": [
        "quantity_units >= moq_units",
        "promised_ship_date > order_date",
        "actual_ship_date >= order_date",
    ],
}

PLANTED = (
    Planted(
        "trust_verified_inquiry_lift",
        "alibaba_suppliers",
        "金品诚企（第三方实地认证）供应商的访客询盘率是出口通供应商的倍数",
        VERIFIED_INQUIRY_LIFT,
        0.15,
        "按 membership 分组，询盘率 = 询盘总数 ÷ 访客总数；两组相除",
        ("02",),
    ),
    Planted(
        "trust_video_inquiry_lift",
        "alibaba_suppliers",
        "有工厂实拍视频的供应商的访客询盘率是没有视频的倍数",
        VIDEO_INQUIRY_LIFT,
        0.12,
        "按 factory_video 分组，询盘率 = 询盘总数 ÷ 访客总数；两组相除",
        ("02",),
    ),
    Planted(
        "rfq_fast_quote_reply_lift",
        "alibaba_rfq_quotes",
        f"{FAST_QUOTE_HOURS} 小时内报价的买家回复率是更慢报价的倍数",
        FAST_REPLY_LIFT,
        0.3,
        f"hours_to_quote ≤ {FAST_QUOTE_HOURS} 与 > {FAST_QUOTE_HOURS} 两组 buyer_replied 的均值之比",
        ("02",),
    ),
    Planted(
        "march_expo_order_lift",
        "alibaba_orders",
        "三月新贸节期间日均信保订单数是非活动月份的倍数（只比较工作日）",
        EVENT_ORDER_LIFT["三月新贸节"],
        0.15,
        "只取工作日，按 event 分组求日均订单数，三月新贸节 ÷ 无活动",
        ("02",),
    ),
    Planted(
        "late_shipment_claim_gap",
        "alibaba_orders",
        "延迟发货订单的索赔率比按时发货订单高出的百分点",
        100 * (CLAIM_RATE["late"] - CLAIM_RATE["on_time"]),
        3.0,
        "actual_ship_date > promised_ship_date 为延迟；两组 claim_filed 的均值之差 × 100",
        ("02",),
        baseline=0.0,
    ),
)

DATASETS = (
    Dataset(SUPPLIER_SCHEMA, suppliers, PLANTED[:2]),
    Dataset(RFQ_SCHEMA, rfq_quotes, PLANTED[2:3]),
    Dataset(ORDER_SCHEMA, orders, PLANTED[3:]),
)
