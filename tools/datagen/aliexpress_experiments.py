"""速卖通 (AliExpress, B2C) marketing experiments and campaigns (synthetic).

- aliexpress_campaigns: KOL posts, live streams and 直通车 ad flights, spend against results.
- aliexpress_listing_test: a visitor-level A/B test of a listing's main image.
- aliexpress_price_test: daily price rotation on three products, for price elasticity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import Dataset, Planted, category, col, ids, pick, stream

# -- aliexpress_campaigns --------------------------------------------------------------------
N_CAMPAIGNS = 360
CAMPAIGN_CHANNELS = ["网红/KOL", "直播", "直通车"]
CHANNEL_SHARES = {"网红/KOL": 0.35, "直播": 0.30, "直通车": 0.35}
CAMPAIGN_COUNTRIES = {"西班牙": 0.22, "法国": 0.18, "波兰": 0.14, "美国": 0.16, "韩国": 0.15, "巴西": 0.15}
# For KOL posts and live streams this is the fee agreed in advance; for 直通车 it is the flight's
# budget, and the spend is what its clicks cost (pay per click, facts.md §3).
SPEND_MEDIAN_USD = {"网红/KOL": 800.0, "直播": 500.0, "直通车": 300.0}
# Planted: revenue per dollar spent (ROAS) by channel. Each campaign's ROAS scatters around it
# with mean-one noise, so that the pooled revenue ÷ spend recovers the planted value.
ROAS = {"网红/KOL": 1.6, "直播": 3.2, "直通车": 2.4}
ROAS_NOISE_SIGMA = 0.30
IMPRESSIONS_PER_USD = {"网红/KOL": 120.0, "直播": 60.0}
CTR = {"网红/KOL": 0.020, "直播": 0.060, "直通车": 0.012}
# 直通车: one average cost per click per flight, in whole cents (assumption; no public figure).
ZTC_CPC_MEDIAN_USD, ZTC_CPC_SIGMA, ZTC_CPC_MIN_USD = 0.30, 0.35, 0.05
AVERAGE_ORDER_USD = 18.0


def _ztc_clicks_and_cpc(rng: np.random.Generator, budget: np.ndarray) -> tuple[np.ndarray, ...]:
    """Impressions, clicks and CPC of 直通车 flights: impressions are free, every click is paid."""
    cents = np.round(100 * ZTC_CPC_MEDIAN_USD * rng.lognormal(0, ZTC_CPC_SIGMA, len(budget)))
    cents = np.maximum(round(100 * ZTC_CPC_MIN_USD), cents).astype(int)
    impressions = rng.poisson(100 * budget / cents / CTR["直通车"])
    clicks = np.clip(rng.binomial(impressions, CTR["直通车"]), 1, impressions)
    return impressions, clicks, cents


def _paid_reach(rng: np.random.Generator, channel: np.ndarray, fee: np.ndarray) -> tuple[np.ndarray, ...]:
    """Impressions and clicks of KOL posts and live streams, whose fee is fixed in advance."""
    per_usd = np.array([IMPRESSIONS_PER_USD.get(c, 0.0) for c in channel])
    impressions = rng.poisson(fee * per_usd)
    return impressions, rng.binomial(impressions, np.array([CTR[c] for c in channel]))


def campaigns() -> pd.DataFrame:
    rng = stream("aliexpress_campaigns")
    n = N_CAMPAIGNS
    channel = pick(rng, CHANNEL_SHARES, n)
    budget = (np.array([SPEND_MEDIAN_USD[c] for c in channel]) * rng.lognormal(0, 0.5, n)).round(2)
    noise = rng.lognormal(-(ROAS_NOISE_SIGMA**2) / 2, ROAS_NOISE_SIGMA, n)  # mean exactly 1
    impressions, clicks = _paid_reach(rng, channel, budget)
    ztc = channel == "直通车"
    cents = np.zeros(n, dtype=int)
    impressions[ztc], clicks[ztc], cents[ztc] = _ztc_clicks_and_cpc(rng, budget[ztc])
    # Whole clicks times whole cents: a flight's spend is exact, with no rounding left over.
    spend = np.where(ztc, clicks * cents / 100, budget)
    revenue = spend * np.array([ROAS[c] for c in channel]) * noise
    orders = np.maximum(1, np.round(revenue / AVERAGE_ORDER_USD * rng.lognormal(0, 0.1, n))).astype(int)
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 350, n)), unit="D")
    return pd.DataFrame(
        {
            "campaign_id": ids("M", n, width=3),
            "channel": channel,
            "country": pick(rng, CAMPAIGN_COUNTRIES, n),
            "start_date": start,
            "days": np.where(channel == "直播", 1, rng.integers(7, 29, n)),
            "spend_usd": spend,
            "cpc_usd": np.where(ztc, cents / 100, np.nan),
            "impressions": impressions,
            "clicks": clicks,
            "orders": np.minimum(orders, clicks),
            "revenue_usd": revenue.round(2),
        }
    )


CAMPAIGN_SCHEMA = {
    "name": "aliexpress_campaigns",
    "file": "aliexpress_campaigns.csv",
    "title": "速卖通网红、直播与直通车活动的投入与产出（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "aliexpress_campaigns.md",
    "lessons": ["03", "04"],
    "columns": {
        "campaign_id": col("string", "活动编号", unique=True),
        "channel": category(CAMPAIGN_CHANNELS, "渠道：网红/KOL 种草、直播或直通车"),
        "country": category(list(CAMPAIGN_COUNTRIES), "目标国家"),
        "start_date": col("date", "开始日期", min="2024-01-01", max="2024-12-31"),
        "days": col("int", "持续天数（直播为 1 天）", "天", min=1),
        "spend_usd": col(
            "float",
            "投入：网红/KOL 的费用、直播的费用，或直通车的点击花费（点击 × 单次点击成本）",
            "USD",
            min=0,
        ),
        "cpc_usd": col(
            "float",
            "直通车的平均单次点击成本（CPC），精确到美分；网红/KOL 与直播为空",
            "USD",
            min=0.01,
            nullable=True,
        ),
        "impressions": col("int", "曝光", "次", min=0),
        "clicks": col("int", "点击", "次", min=0),
        "orders": col("int", "归因于该活动的订单", "单", min=0),
        "revenue_usd": col("float", "归因于该活动的销售额", "USD", min=0),
    },
    "rules": ["clicks <= impressions", "orders <= clicks"],
}

# -- aliexpress_listing_test -----------------------------------------------------------------
VISITORS_PER_ARM = 10000
TEST_DAYS = 14
ARMS = ["A 原主图", "B 场景视频主图"]
# A's add-to-cart rate follows Retailrocket's view → cart ≈ 2.6 %, and cart → purchase ≈ 32 %
# (facts.md §4). Planted: B's add-to-cart rate is 3.4 %.
CART_RATE = {"A 原主图": 0.026, "B 场景视频主图": 0.034}
PURCHASE_GIVEN_CART = 0.32
MOBILE_SHARE = 0.72
NEW_VISITOR_SHARE = 0.80


def listing_test() -> pd.DataFrame:
    rng = stream("aliexpress_listing_test")
    n = 2 * VISITORS_PER_ARM
    arm = rng.permutation(np.repeat(ARMS, VISITORS_PER_ARM))  # random assignment
    cart = rng.random(n) < np.array([CART_RATE[a] for a in arm])
    day = np.sort(rng.integers(0, TEST_DAYS, n))
    return pd.DataFrame(
        {
            "visitor_id": ids("V", n, width=5),
            "date": pd.Timestamp("2024-06-03") + pd.to_timedelta(day, unit="D"),
            "arm": arm,
            "device": np.where(rng.random(n) < MOBILE_SHARE, "手机", "电脑"),
            "new_visitor": rng.random(n) < NEW_VISITOR_SHARE,
            "added_to_cart": cart,
            "purchased": cart & (rng.random(n) < PURCHASE_GIVEN_CART),
        }
    )


LISTING_SCHEMA = {
    "name": "aliexpress_listing_test",
    "file": "aliexpress_listing_test.csv",
    "title": "速卖通商品主图 A/B 测试，每位访客一行（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "aliexpress_listing_test.md",
    "lessons": ["03"],
    "columns": {
        "visitor_id": col("string", "访客编号", unique=True),
        "date": col("date", "访问日期", min="2024-06-03", max="2024-06-16"),
        "arm": category(ARMS, "随机分到的版本"),
        "device": category(["手机", "电脑"], "设备"),
        "new_visitor": col("bool", "是否第一次访问店铺"),
        "added_to_cart": col("bool", "是否加入购物车"),
        "purchased": col("bool", "是否购买"),
    },
    "rules": ["purchased <= added_to_cart"],
}

# -- aliexpress_price_test -------------------------------------------------------------------
PRICE_TEST_DAYS = 120
PRICE_STEPS = [0.70, 0.80, 0.90, 1.00, 1.10, 1.20, 1.30]  # × the product's base price
# Planted: constant price elasticities (d ln Q / d ln P), one per product.
PRICE_PRODUCTS = {
    "AE-T1": {"role": "引流款", "base_price": 4.0, "base_units": 60.0, "unit_cost": 3.2, "elasticity": -2.2},
    "AE-T2": {"role": "利润款", "base_price": 16.0, "base_units": 25.0, "unit_cost": 8.5, "elasticity": -1.3},
    "AE-T3": {
        "role": "形象款",
        "base_price": 48.0,
        "base_units": 12.0,
        "unit_cost": 20.0,
        "elasticity": -0.6,
    },
}
WEEKEND_FACTOR = 1.15  # consumers buy a little more at weekends


def price_test() -> pd.DataFrame:
    rng = stream("aliexpress_price_test")
    dates = pd.date_range("2024-04-01", periods=PRICE_TEST_DAYS, freq="D")
    weekend = np.where(dates.dayofweek >= 5, WEEKEND_FACTOR, 1.0)
    frames = []
    for product, p in PRICE_PRODUCTS.items():
        step = rng.choice(PRICE_STEPS, size=PRICE_TEST_DAYS)  # a new price each day, at random
        price = (p["base_price"] * step).round(2)
        expected = p["base_units"] * (price / p["base_price"]) ** p["elasticity"] * weekend
        frames.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "product_id": product,
                    "product_role": p["role"],
                    "price_usd": price,
                    "unit_cost_usd": p["unit_cost"],
                    "units_sold": rng.poisson(expected),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


PRICE_SCHEMA = {
    "name": "aliexpress_price_test",
    "file": "aliexpress_price_test.csv",
    "title": "速卖通三件商品的每日随机调价测试（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "aliexpress_price_test.md",
    "lessons": ["03"],
    "columns": {
        "date": col("date", "日期", min="2024-04-01", max="2024-07-29"),
        "product_id": category(list(PRICE_PRODUCTS), "测试商品"),
        "product_role": category(["引流款", "利润款", "形象款"], "商品角色"),
        "price_usd": col("float", "当天售价", "USD", min=0),
        "unit_cost_usd": col("float", "单位成本", "USD", min=0),
        "units_sold": col("int", "当天销量", "件", min=0),
    },
}

PLANTED = (
    *(
        Planted(
            f"campaign_roas_{key}",
            "aliexpress_campaigns",
            f"{channel}活动的投入产出比 ROAS（每 1 美元投入带来的销售额）",
            ROAS[channel],
            0.25,
            f"只取 channel == '{channel}' 的活动：revenue_usd 合计 ÷ spend_usd 合计",
            ("03",),
        )
        for key, channel in (("kol", "网红/KOL"), ("live", "直播"), ("ztc", "直通车"))
    ),
    Planted(
        "listing_ab_cart_lift_pp",
        "aliexpress_listing_test",
        "B 版主图的加购率比 A 版高出的百分点",
        100 * (CART_RATE[ARMS[1]] - CART_RATE[ARMS[0]]),
        0.6,
        "按 arm 分组求 added_to_cart 的均值，B − A，× 100；用两比例 z 检验判断显著性",
        ("03",),
        baseline=0.0,
    ),
    *(
        Planted(
            f"price_elasticity_{product}",
            "aliexpress_price_test",
            f"{p['role']} {product} 的价格弹性",
            p["elasticity"],
            0.25,
            f"只取 {product}：对 ln(units_sold) 与 ln(price_usd) 做线性回归（np.polyfit 一次），斜率即弹性",
            ("03",),
            baseline=-1.0,
        )
        for product, p in PRICE_PRODUCTS.items()
    ),
)

DATASETS = (
    Dataset(CAMPAIGN_SCHEMA, campaigns, PLANTED[:3]),
    Dataset(LISTING_SCHEMA, listing_test, PLANTED[3:4]),
    Dataset(PRICE_SCHEMA, price_test, PLANTED[4:]),
)
