"""buyer_profiles: 2,000 synthetic buyers, one first order each, on 国际站 and 速卖通 (lesson 01).

Every distribution parameter is a named constant below; its comment says whether it is an
assumption or which anchor in the course's checked facts (facts.md) it rests on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import B2B, B2C, PLATFORMS, SEED, Dataset, Planted, pick

# -- buyer_profiles: parameters ------------------------------------------------------------------
# Assumption: about 600 business buyers and 1,400 consumers; small enough to read, large enough
# for stable medians.
N_BUYERS = {B2B: 600, B2C: 1400}
ID_PREFIX = {B2B: "B", B2C: "C"}  # B = business buyer, C = consumer
# Assumption: the mix of business buyer types on 国际站.
B2B_TYPE_SHARES = {"批发商": 0.40, "品牌商": 0.20, "零售商": 0.25, "工程/项目商": 0.15}
B2C_TYPE = "个人消费者"
# Assumption. 国际站: the US share loosely follows the 2022 cross-border export destinations
# (facts.md §1: US 34.3 %, UK 6.5 %, Germany 4.6 %); the other shares are invented.
# 速卖通: weighted to Europe after AliExpress Connect's early European focus (facts.md §3:
# Russia, France, Spain, Poland); the exact shares are invented.
COUNTRY_SHARES = {
    B2B: {
        "美国": 0.30,
        "德国": 0.10,
        "英国": 0.10,
        "印度": 0.09,
        "巴西": 0.08,
        "澳大利亚": 0.09,
        "阿联酋": 0.09,
        "西班牙": 0.04,
        "法国": 0.05,
        "波兰": 0.03,
        "韩国": 0.03,
    },
    B2C: {
        "西班牙": 0.18,
        "法国": 0.15,
        "波兰": 0.12,
        "美国": 0.15,
        "韩国": 0.13,
        "巴西": 0.12,
        "英国": 0.05,
        "德国": 0.05,
        "澳大利亚": 0.03,
        "阿联酋": 0.02,
    },
}
# Lognormal first-order value: median and sigma of log value, before the bundle lift.
# B2C median: CDNOW transactions, median spend $26 (facts.md §4). B2B median and both sigmas:
# assumptions (B2B has the longer right tail).
ORDER_MEDIAN_USD = {B2B: 3000.0, B2C: 26.0}
ORDER_SIGMA = {B2B: 0.9, B2C: 0.6}
# Planted effect (assumption): share of buyers whose first order is a bundle, and the
# multiplicative lift of a bundle on order value.
BUNDLE_RATE = {B2B: 0.30, B2C: 0.15}
BUNDLE_LIFT = {B2B: 1.35, B2C: 1.20}
# Assumption: B2B decision days are lognormal, median 30, sigma 0.5 (90 % between ~13 and ~68).
B2B_DECISION_MEDIAN_DAYS, B2B_DECISION_SIGMA = 30.0, 0.5
# Assumption: B2C decision days are geometric minus 1, so 55 % buy the same day and ~96 % within 3.
B2C_DECISION_P = 0.55
# Assumption: touchpoints before the order = 1 + Poisson(mean); medians 8 (B2B) and 3 (B2C).
EXTRA_TOUCHES_MEAN = {B2B: 7.0, B2C: 2.0}
# Assumption: share of buyers who order again within a year of the first order (B2B relationships
# last longer). Drawn independently of first_order_date, so the year runs past 2024 for late buyers.
REPEAT_RATE = {B2B: 0.55, B2C: 0.30}
# Assumption: a repeat buyer places 2 + Poisson(mean) orders in that year. B2B repeat buyers restock
# less often (larger orders); B2C repeat buyers buy small and more often. Capped for realism.
EXTRA_REPEAT_ORDERS_MEAN = {B2B: 0.8, B2C: 2.0}
MAX_ORDERS_PER_YEAR = 12
# Assumption: a mild March bump for 国际站 (March Expo, facts.md §2): this share of B2B first
# orders is moved into March, giving about 16 % of them in March instead of about 8 %.
MARCH_EXTRA_SHARE = {B2B: 0.08, B2C: 0.0}
MARCH_FIRST_DAY, MARCH_LAST_DAY = 60, 90  # day-of-year indexes in 2024 (a leap year)
DAYS_IN_2024 = 366

# The 场 dimension, in the course's preferred terms (自然搜索, 直通车, 联盟营销). Assumption:
# 国际站 buyers meet a product mostly on the site (search, P4P, RFQ, events, showcase) and, as
# the paper's Table 1 has it for 国际站's 场, through content too (factory videos, live
# streams); 速卖通 consumers through search, ads, the algorithm and off-site content.
TOUCHPOINTS = [
    "自然搜索",
    "P4P",
    "RFQ",
    "官方活动",
    "橱窗",
    "视频",
    "直播",
    "直通车",
    "推荐算法",
    "社交媒体",
    "网红/KOL",
    "联盟营销",
]
TOUCHPOINT_SHARES = {
    B2B: {
        "自然搜索": 0.25,
        "P4P": 0.18,
        "RFQ": 0.16,
        "官方活动": 0.12,
        "橱窗": 0.11,
        "视频": 0.10,
        "直播": 0.08,
    },
    B2C: {
        "自然搜索": 0.20,
        "直通车": 0.14,
        "推荐算法": 0.20,
        "社交媒体": 0.14,
        "网红/KOL": 0.12,
        "直播": 0.10,
        "联盟营销": 0.10,
    },
}
# Assumption: survey-style "what mattered most"; B2B weighs trust, B2C weighs experience.
FACTORS = ["供应商资质", "工厂实力", "定制能力", "价格", "商品评价", "内容种草", "物流速度"]
FACTOR_SHARES = {
    B2B: {"供应商资质": 0.30, "工厂实力": 0.25, "定制能力": 0.18, "价格": 0.22, "物流速度": 0.05},
    B2C: {"价格": 0.34, "商品评价": 0.28, "内容种草": 0.18, "物流速度": 0.20},
}
# Category order in the schema: 国际站's countries first, then those only 速卖通 adds.
COUNTRIES = list(dict.fromkeys([*COUNTRY_SHARES[B2B], *COUNTRY_SHARES[B2C]]))


def _first_order_dates(rng: np.random.Generator, n: int, march_extra: float) -> pd.Series:
    """Uniform over 2024, with a share moved into March to mimic the March Expo."""
    days = rng.integers(0, DAYS_IN_2024, size=n)
    moved = rng.random(n) < march_extra
    days[moved] = rng.integers(MARCH_FIRST_DAY, MARCH_LAST_DAY + 1, size=moved.sum())
    return pd.Series(pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"))


def _decision_days(rng: np.random.Generator, platform: str, n: int) -> np.ndarray:
    if platform == B2B:
        return rng.lognormal(np.log(B2B_DECISION_MEDIAN_DAYS), B2B_DECISION_SIGMA, n).round()
    return rng.geometric(B2C_DECISION_P, n) - 1  # geometric starts at 1; a same-day order is 0


def _orders_and_repeat(rng: np.random.Generator, platform: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """repeat_buyer is True exactly when orders_per_year >= 2, so the two columns agree."""
    repeat = rng.random(n) < REPEAT_RATE[platform]
    extra = 1 + rng.poisson(EXTRA_REPEAT_ORDERS_MEAN[platform], n)
    orders = np.minimum(1 + np.where(repeat, extra, 0), MAX_ORDERS_PER_YEAR)
    return orders, repeat


def _platform_block(rng: np.random.Generator, platform: str) -> pd.DataFrame:
    n = N_BUYERS[platform]
    bundle = rng.random(n) < BUNDLE_RATE[platform]
    base_value = rng.lognormal(np.log(ORDER_MEDIAN_USD[platform]), ORDER_SIGMA[platform], n)
    value = base_value * np.where(bundle, BUNDLE_LIFT[platform], 1.0)  # the planted effect
    orders, repeat = _orders_and_repeat(rng, platform, n)
    buyer_type = pick(rng, B2B_TYPE_SHARES, n) if platform == B2B else np.full(n, B2C_TYPE)
    return pd.DataFrame(
        {
            "buyer_id": [f"{ID_PREFIX[platform]}{i:04d}" for i in range(1, n + 1)],
            "platform": platform,
            "buyer_type": buyer_type,
            "country": pick(rng, COUNTRY_SHARES[platform], n),
            "first_order_date": _first_order_dates(rng, n, MARCH_EXTRA_SHARE[platform]),
            "order_value_usd": value.round(2),
            "orders_per_year": orders.astype(int),
            "decision_days": _decision_days(rng, platform, n).astype(int),
            "touchpoints_before_order": (1 + rng.poisson(EXTRA_TOUCHES_MEAN[platform], n)).astype(int),
            "first_touchpoint": pick(rng, TOUCHPOINT_SHARES[platform], n),
            "top_factor": pick(rng, FACTOR_SHARES[platform], n),
            "bought_bundle": bundle,
            "repeat_buyer": repeat,
        }
    )


def buyer_profiles() -> pd.DataFrame:
    # The first dataset keeps the plain seeded stream it has always used, so its bytes never change.
    rng = np.random.default_rng(SEED)
    return pd.concat([_platform_block(rng, p) for p in PLATFORMS], ignore_index=True)


BUYER_SCHEMA = {
    "name": "buyer_profiles",
    "file": "buyer_profiles.csv",
    "title": "国际站与速卖通买家画像（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "buyer_profiles.md",
    "lessons": ["01", "04"],
    "columns": {
        "buyer_id": {
            "type": "string",
            "unique": True,
            "description": "买家编号：B 开头为国际站企业买家，C 开头为速卖通消费者",
        },
        "platform": {"type": "category", "categories": PLATFORMS, "description": "平台"},
        "buyer_type": {
            "type": "category",
            "categories": [*B2B_TYPE_SHARES, B2C_TYPE],
            "description": "买家类型",
        },
        "country": {"type": "category", "categories": COUNTRIES, "description": "买家所在国家"},
        "first_order_date": {
            "type": "date",
            "min": "2024-01-01",
            "max": "2024-12-31",
            "description": "2024 年首次下单日期",
        },
        "order_value_usd": {"type": "float", "min": 0, "unit": "USD", "description": "首单金额"},
        "orders_per_year": {
            "type": "int",
            "min": 1,
            "unit": "单",
            "description": "首单后一年内的下单次数（含首单）",
        },
        "decision_days": {"type": "int", "min": 0, "unit": "天", "description": "从首次接触到首次下单的天数"},
        "touchpoints_before_order": {
            "type": "int",
            "min": 1,
            "unit": "次",
            "description": "下单前与店铺或商品接触的次数",
        },
        "first_touchpoint": {
            "type": "category",
            "categories": TOUCHPOINTS,
            "description": "买家第一次接触商品的触点（场）",
        },
        "top_factor": {
            "type": "category",
            "categories": FACTORS,
            "description": "买家自述下单时最看重的因素",
        },
        "bought_bundle": {
            "type": "bool",
            "description": "首单是否为组合方案（B2B 场景化解决方案 / B2C 内容导向的套装）",
        },
        "repeat_buyer": {"type": "bool", "description": "首单后一年内是否再次下单（即下单次数 ≥ 2）"},
    },
}


PLANTED = (
    Planted(
        id="bundle_lift_b2b",
        dataset="buyer_profiles",
        what="国际站：组合方案首单金额是单品首单的倍数",
        truth=BUNDLE_LIFT[B2B],
        tolerance=0.15,
        method="组合买家首单金额中位数 ÷ 单品买家首单金额中位数（国际站）",
        lessons=("01",),
    ),
    Planted(
        id="bundle_lift_b2c",
        dataset="buyer_profiles",
        what="速卖通：内容套装首单金额是单品首单的倍数",
        truth=BUNDLE_LIFT[B2C],
        tolerance=0.15,
        method="组合买家首单金额中位数 ÷ 单品买家首单金额中位数（速卖通）",
        lessons=("01",),
    ),
)

DATASET = Dataset(BUYER_SCHEMA, buyer_profiles, PLANTED)
