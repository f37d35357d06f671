"""速卖通 (AliExpress, B2C): one store's products, customers and orders in 2024 (synthetic).

The store's catalogue follows the paper's portfolio framework: 引流款 (traffic builders: cheap,
thin margin, many orders), 利润款 (profit makers) and 形象款 (image products: dear, few orders).
No public split exists (facts.md §3, D); every share and price here is an assumption.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import DAYS_2024, Dataset, Planted, category, col, ids, pick, stream, where_known

# -- aliexpress_products ---------------------------------------------------------------------
N_PRODUCTS = 60
ROLES = ["引流款", "利润款", "形象款"]
ROLE_SHARES = {"引流款": 0.35, "利润款": 0.50, "形象款": 0.15}
CATEGORY_SHARES = {"手机配件": 0.25, "家居收纳": 0.25, "户外照明": 0.20, "宠物用品": 0.15, "厨房小工具": 0.15}
PRICE_MEDIAN_USD = {"引流款": 4.5, "利润款": 16.0, "形象款": 48.0}
GROSS_MARGIN = {"引流款": 0.12, "利润款": 0.45, "形象款": 0.55}  # before platform fees and ads
POPULARITY_MEDIAN = {"引流款": 3.0, "利润款": 1.0, "形象款": 0.35}  # relative order weight
AFFILIATE_RATES = [5, 8, 10, 12, 15, 20]  # % of the sale; the seller may set 3–50 % (facts.md §3, B)
# Product-page visitors in 2024. The total is an assumption that puts visitor → order near
# Retailrocket's view → cart × cart → purchase ≈ 2.6 % × 32 % (facts.md §4). Planted: each role's
# share of the visitors; within a role a product's visitors follow its order weight.
STORE_VISITORS_2024 = 1_400_000
TRAFFIC_SHARE = {"引流款": 0.50, "利润款": 0.38, "形象款": 0.12}
TRAFFIC_NOISE_SIGMA = 0.25


def products() -> pd.DataFrame:
    rng = stream("aliexpress_products")
    n = N_PRODUCTS
    role = pick(rng, ROLE_SHARES, n)
    price = np.array([PRICE_MEDIAN_USD[r] for r in role]) * rng.lognormal(0, 0.3, n)
    margin = np.clip(np.array([GROSS_MARGIN[r] for r in role]) + rng.normal(0, 0.04, n), 0.02, 0.8)
    frame = pd.DataFrame(
        {
            "product_id": ids("AE", n, width=3),
            "category": pick(rng, CATEGORY_SHARES, n),
            "product_role": role,
            "list_price_usd": price.round(2),
            "unit_cost_usd": (price * (1 - margin)).round(2),
            "affiliate_commission_pct": rng.choice(AFFILIATE_RATES, n),
            "popularity": np.array([POPULARITY_MEDIAN[r] for r in role]) * rng.lognormal(0, 0.4, n),
        }
    )
    # Drawn last, so that every column above stays as it was before visitors were added.
    return frame.assign(visitors_2024=_visitors(rng, frame))


def _visitors(rng: np.random.Generator, frame: pd.DataFrame) -> np.ndarray:
    weight = frame["popularity"] * rng.lognormal(0, TRAFFIC_NOISE_SIGMA, len(frame))
    within_role = weight / weight.groupby(frame["product_role"]).transform("sum")
    expected = STORE_VISITORS_2024 * frame["product_role"].map(TRAFFIC_SHARE) * within_role
    return rng.poisson(expected.to_numpy())


PRODUCT_SCHEMA = {
    "name": "aliexpress_products",
    "file": "aliexpress_products.csv",
    "title": "速卖通一家店铺的商品（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "aliexpress_products.md",
    "lessons": ["03"],
    "columns": {
        "product_id": col("string", "商品编号", unique=True),
        "category": category(list(CATEGORY_SHARES), "类目"),
        "product_role": category(ROLES, "商品在组合中的角色：引流款、利润款、形象款（论文的框架）"),
        "list_price_usd": col("float", "标价", "USD", min=0),
        "unit_cost_usd": col("float", "单位成本（采购与头程，不含平台费用和广告）", "USD", min=0),
        "affiliate_commission_pct": col("int", "卖家为联盟营销（affiliate）设定的佣金率", "%", min=3, max=50),
        "visitors_2024": col("int", "2024 年访问商品详情页的访客数（流量）", "人", min=0),
    },
    "rules": ["unit_cost_usd < list_price_usd"],
}

# -- aliexpress_customers and aliexpress_orders ----------------------------------------------
N_CUSTOMERS = 8000
# Assumption, loosely after facts.md §3: Russia, the US and Spain spent most in 2017; AliExpress
# Connect began in Europe (Russia, France, Spain, Poland); Cainiao's 5-day delivery reached
# Korea, Belgium, the Netherlands, Spain and the UK in Oct 2023.
COUNTRY_SHARES = {
    "俄罗斯": 0.16,
    "西班牙": 0.14,
    "美国": 0.12,
    "法国": 0.11,
    "韩国": 0.10,
    "巴西": 0.09,
    "波兰": 0.08,
    "英国": 0.06,
    "德国": 0.05,
    "荷兰": 0.05,
    "比利时": 0.04,
}
PROMISED_DAYS = {
    "韩国": 5,
    "西班牙": 5,
    "英国": 5,
    "荷兰": 5,
    "比利时": 5,
    "法国": 10,
    "德国": 10,
    "波兰": 10,
    "美国": 12,
    "俄罗斯": 15,
    "巴西": 20,
}
ACTUAL_OVER_PROMISED = (0.85, 0.25)  # median and log-sigma of actual ÷ promised days
# 推荐 is the platform's recommendation feeds (货找人); 社交媒体 is the store's own posts and
# shares off the platform, outside any paid KOL deal. Every share is an assumption.
ACQUISITION_SHARES = {
    "自然搜索": 0.28,
    "推荐": 0.16,
    "直通车": 0.16,
    "联盟营销": 0.11,
    "网红/KOL": 0.13,
    "社交媒体": 0.06,
    "直播": 0.10,
}
CHANNELS = [*ACQUISITION_SHARES, "老客复购"]
RETURNING_SHARE = 0.70  # of repeat orders, the share that come back directly (老客复购)
FOLLOW_SHARE = 0.25
REPEAT_SHARE, EXTRA_ORDERS_MEAN = 0.35, 0.8
NOVEMBER_LIFT = 1.6  # 11.11 and Black Friday weeks (Nov 11–30): an assumption
DISCOUNT_SHARE, DISCOUNT = 0.20, 0.10
RATING_SHARE = 0.40
# Planted: a late parcel (actual days > promised days) raises the dispute rate and lowers the
# shipping-speed rating. Ratings are drawn from these 1–5 star distributions.
DISPUTE_RATE = {"on_time": 0.03, "late": 0.12}
REFUND_GIVEN_DISPUTE = 0.70
# 联盟营销: an order within 15 days of a click on an affiliate link is the affiliate's
# (facts.md §3, B). Days from that click to the order fall off geometrically (assumption); a few
# orders of other channels follow an affiliate click made 16–30 days earlier, which earns nothing.
AFFILIATE_WINDOW_DAYS = 15
AFFILIATE_LAG_DECAY = 0.75
STALE_AFFILIATE_CLICK_SHARE = 0.04
SHIPPING_STARS = {"on_time": [0.01, 0.02, 0.05, 0.15, 0.77], "late": [0.08, 0.12, 0.25, 0.30, 0.25]}
ITEM_STARS = [0.02, 0.03, 0.08, 0.22, 0.65]
COMMUNICATION_STARS = [0.01, 0.02, 0.07, 0.20, 0.70]


def _stars_mean(probs: list[float]) -> float:
    return float(np.dot(np.arange(1, 6), probs))


def _first_order_days(rng: np.random.Generator, n: int) -> np.ndarray:
    weight = np.where((DAYS_2024.month == 11) & (DAYS_2024.day >= 11), NOVEMBER_LIFT, 1.0)
    return rng.choice(len(DAYS_2024), size=n, p=weight / weight.sum())


def customers() -> pd.DataFrame:
    rng = stream("aliexpress_customers")
    n = N_CUSTOMERS
    days = np.sort(_first_order_days(rng, n))
    return pd.DataFrame(
        {
            "customer_id": ids("U", n, width=5),
            "country": pick(rng, COUNTRY_SHARES, n),
            "acquisition_channel": pick(rng, ACQUISITION_SHARES, n),
            "first_order_date": DAYS_2024[days],
            "follows_store": rng.random(n) < FOLLOW_SHARE,
        }
    )


CUSTOMER_SCHEMA = {
    "name": "aliexpress_customers",
    "file": "aliexpress_customers.csv",
    "title": "速卖通店铺的顾客（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "aliexpress_customers.md",
    "lessons": ["03", "05"],
    "columns": {
        "customer_id": col("string", "顾客编号", unique=True),
        "country": category(list(COUNTRY_SHARES), "顾客所在国家"),
        "acquisition_channel": category(list(ACQUISITION_SHARES), "带来首单的渠道"),
        "first_order_date": col("date", "首单日期", min="2024-01-01", max="2024-12-31"),
        "follows_store": col("bool", "是否关注了店铺"),
    },
}


def _order_skeleton(rng: np.random.Generator, buyers: pd.DataFrame) -> pd.DataFrame:
    """One row per order: every customer's first order, then repeat orders later in 2024."""
    repeat = rng.random(len(buyers)) < REPEAT_SHARE
    extra = np.where(repeat, 1 + rng.poisson(EXTRA_ORDERS_MEAN, len(buyers)), 0)
    rows = buyers.loc[buyers.index.repeat(1 + extra)].reset_index(drop=True)
    nth = rows.groupby("customer_id").cumcount().to_numpy()
    gap = np.where(nth > 0, rng.integers(7, 120, len(rows)) * nth, 0)
    rows["order_date"] = rows["first_order_date"] + pd.to_timedelta(gap, unit="D")
    back = rng.random(len(rows)) < RETURNING_SHARE
    other = pick(rng, ACQUISITION_SHARES, len(rows))
    rows["channel"] = np.where(nth == 0, rows["acquisition_channel"], np.where(back, "老客复购", other))
    rows = rows[rows["order_date"] <= DAYS_2024[-1]]
    return rows.sort_values(["order_date", "customer_id"], kind="stable", ignore_index=True)


def _delivery(rng: np.random.Generator, countries: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    promised = countries.map(PROMISED_DAYS).to_numpy(dtype=int)
    ratio = rng.lognormal(np.log(ACTUAL_OVER_PROMISED[0]), ACTUAL_OVER_PROMISED[1], len(countries))
    return promised, np.maximum(2, np.round(promised * ratio)).astype(int)


def _ratings(rng: np.random.Generator, late: np.ndarray) -> dict[str, pd.array]:
    n = len(late)
    rated = rng.random(n) < RATING_SHARE

    def stars(probs_on_time, probs_late=None):
        drawn = rng.choice(np.arange(1, 6), size=n, p=probs_on_time)
        if probs_late is not None:
            drawn = np.where(late, rng.choice(np.arange(1, 6), size=n, p=probs_late), drawn)
        return where_known(drawn, rated)

    return {
        "dsr_item": stars(ITEM_STARS),
        "dsr_communication": stars(COMMUNICATION_STARS),
        "dsr_shipping": stars(SHIPPING_STARS["on_time"], SHIPPING_STARS["late"]),
    }


def orders() -> pd.DataFrame:
    rng = stream("aliexpress_orders")
    catalogue = products()
    rows = _order_skeleton(rng, customers())
    n = len(rows)
    weight = catalogue["popularity"].to_numpy()
    item = catalogue.iloc[rng.choice(len(catalogue), size=n, p=weight / weight.sum())].reset_index(drop=True)
    discounted = rng.random(n) < DISCOUNT_SHARE
    price = (item["list_price_usd"] * np.where(discounted, 1 - DISCOUNT, 1.0)).round(2)
    quantity = 1 + rng.poisson(np.where(item["product_role"] == "引流款", 0.6, 0.25))
    revenue = (price * quantity).round(2)
    promised, actual = _delivery(rng, rows["country"])
    late = actual > promised
    dispute = rng.random(n) < np.where(late, DISPUTE_RATE["late"], DISPUTE_RATE["on_time"])
    refunded = dispute & (rng.random(n) < REFUND_GIVEN_DISPUTE)
    refund = np.where(refunded, (revenue * rng.uniform(0.3, 1.0, n)).round(2), 0.0)
    affiliate = rows["channel"].to_numpy() == "联盟营销"
    ratings = _ratings(rng, late)
    return pd.DataFrame(
        {
            "order_id": ids("O", n, width=6),
            "customer_id": rows["customer_id"],
            "order_date": rows["order_date"],
            "channel": rows["channel"],
            "affiliate_commission_pct": where_known(item["affiliate_commission_pct"].to_numpy(), affiliate),
            "affiliate_click_days": _affiliate_click_days(rng, affiliate),
            "product_id": item["product_id"],
            "product_role": item["product_role"],
            "unit_price_usd": price,
            "quantity": quantity,
            "revenue_usd": revenue,
            "promised_days": promised,
            "actual_days": actual,
            "delivered_date": rows["order_date"] + pd.to_timedelta(actual, unit="D"),
            "dispute": dispute,
            "refund_usd": refund,
            **ratings,
        }
    )


def _affiliate_click_days(rng: np.random.Generator, affiliate: np.ndarray) -> pd.arrays.IntegerArray:
    """Days from the last affiliate click to the order: within the window exactly for 联盟营销."""
    n, window = len(affiliate), AFFILIATE_WINDOW_DAYS
    decay = AFFILIATE_LAG_DECAY ** np.arange(window + 1)
    inside = rng.choice(window + 1, size=n, p=decay / decay.sum())
    stale = ~affiliate & (rng.random(n) < STALE_AFFILIATE_CLICK_SHARE)
    days = np.where(affiliate, inside, rng.integers(window + 1, 2 * window + 1, n))
    return where_known(days, affiliate | stale)


def _stars(description: str) -> dict:
    return col("int", description + "；没有评分时为空", "星", min=1, max=5, nullable=True)


ORDER_SCHEMA = {
    "name": "aliexpress_orders",
    "file": "aliexpress_orders.csv",
    "title": "速卖通店铺的订单、物流与售后（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "aliexpress_orders.md",
    "lessons": ["03", "04", "05"],
    "columns": {
        "order_id": col("string", "订单编号", unique=True),
        "customer_id": col("string", "顾客，对应 aliexpress_customers 的 customer_id"),
        "order_date": col("date", "下单日期", min="2024-01-01", max="2024-12-31"),
        "channel": category(CHANNELS, "带来这笔订单的渠道"),
        "affiliate_commission_pct": col(
            "int", "联盟营销订单的佣金率；其他渠道为空", "%", min=3, max=50, nullable=True
        ),
        "affiliate_click_days": col(
            "int",
            "从买家最近一次点击联盟营销链接到下单的天数；15 天内的订单归联盟营销；没有点击过为空",
            "天",
            min=0,
            max=2 * AFFILIATE_WINDOW_DAYS,
            nullable=True,
        ),
        "product_id": col("string", "商品，对应 aliexpress_products 的 product_id"),
        "product_role": category(ROLES, "商品角色（与 aliexpress_products 一致）"),
        "unit_price_usd": col("float", "成交单价（含折扣）", "USD", min=0),
        "quantity": col("int", "件数", "件", min=1),
        "revenue_usd": col("float", "订单金额 = 单价 × 件数", "USD", min=0),
        "promised_days": col("int", "承诺送达天数", "天", min=1),
        "actual_days": col("int", "实际送达天数", "天", min=1),
        "delivered_date": col("date", "送达日期"),
        "dispute": col("bool", "买家是否发起了纠纷（发货后申请退款）"),
        "refund_usd": col("float", "退款金额；没有退款为 0", "USD", min=0),
        "dsr_item": _stars("DSR 评分：商品描述相符"),
        "dsr_communication": _stars("DSR 评分：沟通"),
        "dsr_shipping": _stars("DSR 评分：物流速度"),
    },
    "rules": ["refund_usd <= revenue_usd", "delivered_date > order_date"],
}

PLANTED = (
    Planted(
        "late_delivery_dispute_gap",
        "aliexpress_orders",
        "晚于承诺送达的订单，纠纷率比按时送达的高出的百分点",
        100 * (DISPUTE_RATE["late"] - DISPUTE_RATE["on_time"]),
        2.0,
        "actual_days > promised_days 为晚到；两组 dispute 的均值之差 × 100",
        ("03",),
        baseline=0.0,
    ),
    Planted(
        "late_delivery_shipping_stars_gap",
        "aliexpress_orders",
        "晚到订单的物流 DSR 平均分比按时订单低多少星（负数）",
        round(_stars_mean(SHIPPING_STARS["late"]) - _stars_mean(SHIPPING_STARS["on_time"]), 2),
        0.15,
        "只取有评分的订单；晚到组 dsr_shipping 均值 − 按时组均值",
        ("03",),
        baseline=0.0,
    ),
)

PRODUCT_PLANTED = (
    Planted(
        "traffic_share_lead_pct",
        "aliexpress_products",
        "引流款得到的商品访客占全店商品访客的百分比（流量份额）",
        100 * TRAFFIC_SHARE["引流款"],
        2.0,
        "按 product_role 分组求 visitors_2024 合计，引流款 ÷ 全部 × 100（不是订单份额）",
        ("03",),
        baseline=100 * ROLE_SHARES["引流款"],
    ),
)

DATASETS = (
    Dataset(PRODUCT_SCHEMA, lambda: products().drop(columns="popularity"), PRODUCT_PLANTED),
    Dataset(CUSTOMER_SCHEMA, customers),
    Dataset(ORDER_SCHEMA, orders, PLANTED),
)
