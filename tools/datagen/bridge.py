"""B2B2C bridge: a hypothetical firm that sells on both 国际站 and 速卖通 (synthetic, hypothetical).

Two tables support the paper's synergy mechanisms (the paper's claims, not measured facts):
- b2b2c_panel, by month × country × product line:
  1. 先测后推: B-side inquiries lead C-side test launches by one month;
  2. C-side orders (and their reviews) lead B-side wholesale inquiries from the same country by
     two months.
- b2b2c_content: content assets, some reused on the other platform, with their cost and reach.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import PLATFORMS, Dataset, Planted, category, col, ids, stream

MONTHS = pd.date_range("2022-01-01", "2024-12-01", freq="MS")
COUNTRIES = ["美国", "英国", "德国", "法国", "西班牙", "波兰", "巴西", "澳大利亚"]
LINES = ["家居收纳", "户外照明", "宠物用品", "厨房小工具"]
B_INQUIRY_LEVEL = 40.0  # a month's B-side inquiries at the start, per country and line
B_TREND_RANGE = (-0.005, 0.025)  # monthly log growth, drawn per country and line
AR_PHI, AR_SIGMA = 0.6, 0.25  # month-to-month persistence and size of demand shocks
MARCH_BUMP = 0.15  # log points: the March Expo season on the B side
# Planted mechanism 1: test listings launched this month ∝ last month's B-side inquiries.
LAUNCH_LAG = 1
LAUNCHES_PER_INQUIRY = 0.05
# C-side orders grow with listings live, plus their own shocks.
C_ORDER_LEVEL, C_PER_LISTING, C_MAX_LISTINGS_EFFECT = 60.0, 0.04, 40
C_AR_PHI, C_AR_SIGMA = 0.3, 0.35
REVIEW_RATE = 0.12
# Planted mechanism 2: wholesale inquiries this month ∝ C-side orders two months earlier.
WHOLESALE_LAG = 2
WHOLESALE_BASE, WHOLESALE_PER_ORDER = 2.0, 0.06


def _ar_path(rng: np.random.Generator, n: int, phi: float, sigma: float) -> np.ndarray:
    shocks = rng.normal(0, sigma, n)
    path = np.empty(n)
    path[0] = shocks[0]
    for t in range(1, n):
        path[t] = phi * path[t - 1] + shocks[t]
    return path


def _lagged(values: np.ndarray, lag: int, fill: float) -> np.ndarray:
    return np.concatenate([np.full(lag, fill), values[:-lag]])


def _series(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """One country × line: 36 months of linked B-side and C-side counts."""
    t = np.arange(len(MONTHS))
    log_b = (
        np.log(B_INQUIRY_LEVEL)
        + rng.uniform(*B_TREND_RANGE) * t
        + _ar_path(rng, len(t), AR_PHI, AR_SIGMA)
        + MARCH_BUMP * (MONTHS.month == 3)
    )
    b_inquiries = rng.poisson(np.exp(log_b))
    launches = rng.poisson(LAUNCHES_PER_INQUIRY * _lagged(b_inquiries, LAUNCH_LAG, B_INQUIRY_LEVEL))
    live = np.cumsum(launches)
    log_c = (
        np.log(C_ORDER_LEVEL)
        + C_PER_LISTING * np.minimum(live, C_MAX_LISTINGS_EFFECT)
        + _ar_path(rng, len(t), C_AR_PHI, C_AR_SIGMA)
    )
    c_orders = rng.poisson(np.exp(log_c))
    wholesale = rng.poisson(
        WHOLESALE_BASE + WHOLESALE_PER_ORDER * _lagged(c_orders, WHOLESALE_LAG, C_ORDER_LEVEL)
    )
    return {
        "b_inquiries": b_inquiries,
        "c_test_launches": launches,
        "c_listings_live": live,
        "c_orders": c_orders,
        "c_reviews": rng.binomial(c_orders, REVIEW_RATE),
        "b_wholesale_inquiries": wholesale,
    }


def panel() -> pd.DataFrame:
    rng = stream("b2b2c_panel")
    frames = []
    for country in COUNTRIES:
        for line in LINES:
            frames.append(
                pd.DataFrame({"month": MONTHS, "country": country, "product_line": line, **_series(rng)})
            )
    return pd.concat(frames, ignore_index=True)


PANEL_SCHEMA = {
    "name": "b2b2c_panel",
    "file": "b2b2c_panel.csv",
    "title": "一家同时经营国际站与速卖通的假想企业：月 × 国家 × 产品线面板（假想数据，仅供教学）",
    "synthetic": True,
    "hypothetical": True,
    "datasheet": "b2b2c_panel.md",
    "lessons": ["05"],
    "columns": {
        "month": col("date", "月份（当月 1 日）", min="2022-01-01", max="2024-12-01"),
        "country": category(COUNTRIES, "国家（B 端买家与 C 端顾客所在国）"),
        "product_line": category(LINES, "产品线"),
        "b_inquiries": col("int", "国际站：当月收到的询盘", "条", min=0),
        "c_test_launches": col("int", "速卖通：当月在该国上架测试的新品数（先测后推）", "个", min=0),
        "c_listings_live": col("int", "速卖通：截至当月累计上架的测试新品数", "个", min=0),
        "c_orders": col("int", "速卖通：当月订单", "单", min=0),
        "c_reviews": col("int", "速卖通：当月新增评价", "条", min=0),
        "b_wholesale_inquiries": col("int", "国际站：当月来自该国、提到批发或整箱采购的询盘", "条", min=0),
    },
    "rules": ["c_test_launches <= c_listings_live", "c_reviews <= c_orders"],
}

# -- b2b2c_content ---------------------------------------------------------------------------
N_ASSETS = 240
ASSET_TYPES = {
    "工厂实拍视频": 6000.0,
    "产品短视频": 2500.0,
    "直播切片": 800.0,
    "场景图文": 600.0,
}  # cost, yuan
VIEWS_MEDIAN = {
    ("工厂实拍视频", "国际站"): 4000,
    ("工厂实拍视频", "速卖通"): 9000,
    ("产品短视频", "国际站"): 2500,
    ("产品短视频", "速卖通"): 12000,
    ("直播切片", "国际站"): 800,
    ("直播切片", "速卖通"): 6000,
    ("场景图文", "国际站"): 1500,
    ("场景图文", "速卖通"): 5000,
}
REUSED_SHARE = 0.5
# Planted: adapting an asset for the other platform costs 20 % of making it, and there it reaches
# 60 % of its home views. Cost per view of a reused asset is then 1.2 / 1.6 = 0.75 of a single-use one.
ADAPTATION_COST_SHARE = 0.20
REUSE_REACH = 0.60
INQUIRIES_PER_B_VIEW, ORDERS_PER_C_VIEW = 0.004, 0.010


def content() -> pd.DataFrame:
    rng = stream("b2b2c_content")
    n = N_ASSETS
    kind = rng.choice(list(ASSET_TYPES), size=n)
    home = rng.choice(PLATFORMS, size=n)
    reused = rng.random(n) < REUSED_SHARE
    cost = np.array([ASSET_TYPES[k] for k in kind]) * rng.lognormal(0, 0.3, n)
    home_views = np.array([VIEWS_MEDIAN[(k, h)] for k, h in zip(kind, home, strict=True)]) * rng.lognormal(
        0, 0.5, n
    )
    reach = REUSE_REACH * rng.lognormal(-(0.3**2) / 2, 0.3, n)  # mean-one noise
    away_views = np.where(reused, home_views * reach, 0.0)
    b_views = np.where(home == PLATFORMS[0], home_views, away_views).round().astype(int)
    c_views = np.where(home == PLATFORMS[1], home_views, away_views).round().astype(int)
    return pd.DataFrame(
        {
            "asset_id": ids("A", n, width=3),
            "asset_type": kind,
            "made_for": home,
            "reused": reused,
            "production_cost_cny": cost.round(0),
            "adaptation_cost_cny": np.where(reused, cost * ADAPTATION_COST_SHARE, 0.0).round(0),
            "b_views": b_views,
            "c_views": c_views,
            "b_inquiries": rng.binomial(b_views, INQUIRIES_PER_B_VIEW),
            "c_orders": rng.binomial(c_views, ORDERS_PER_C_VIEW),
        }
    )


CONTENT_SCHEMA = {
    "name": "b2b2c_content",
    "file": "b2b2c_content.csv",
    "title": "假想企业的内容资产：一次制作、两端复用（假想数据，仅供教学）",
    "synthetic": True,
    "hypothetical": True,
    "datasheet": "b2b2c_content.md",
    "lessons": ["05"],
    "columns": {
        "asset_id": col("string", "内容资产编号", unique=True),
        "asset_type": category(list(ASSET_TYPES), "内容类型"),
        "made_for": category(PLATFORMS, "最初为哪个平台制作"),
        "reused": col("bool", "是否改编后也用在另一个平台"),
        "production_cost_cny": col("float", "制作成本", "元", min=0),
        "adaptation_cost_cny": col("float", "改编到另一平台的成本；没有复用为 0", "元", min=0),
        "b_views": col("int", "在国际站的观看次数", "次", min=0),
        "c_views": col("int", "在速卖通的观看次数", "次", min=0),
        "b_inquiries": col("int", "由该内容带来的国际站询盘", "条", min=0),
        "c_orders": col("int", "由该内容带来的速卖通订单", "单", min=0),
    },
    "rules": ["b_inquiries <= b_views", "c_orders <= c_views", "adaptation_cost_cny <= production_cost_cny"],
}

PLANTED = (
    Planted(
        "b2c_test_launch_lead_months",
        "b2b2c_panel",
        "国际站询盘领先速卖通测试上新的月数（先测后推）",
        LAUNCH_LAG,
        0,
        "每个国家 × 产品线序列内，算 b_inquiries 滞后 k 个月（k = 0…6）与 c_test_launches 的相关系数，"
        "对各组取平均，相关最高的 k",
        ("05",),
        baseline=0.0,
    ),
    Planted(
        "c_to_b_wholesale_lag_months",
        "b2b2c_panel",
        "速卖通订单领先同一国家国际站批发询盘的月数",
        WHOLESALE_LAG,
        0,
        "每个国家 × 产品线序列内先做一阶差分，再算 c_orders 滞后 k 个月（k = 0…6）与 b_wholesale_inquiries "
        "的相关系数，对各组取平均，相关最高的 k",
        ("05",),
        baseline=0.0,
    ),
    Planted(
        "content_reuse_cost_per_view_ratio",
        "b2b2c_content",
        "复用内容的每千次观看成本是单平台内容的几倍（小于 1 表示更省）",
        round((1 + ADAPTATION_COST_SHARE) / (1 + REUSE_REACH), 3),
        0.06,
        "按 reused 分组：（制作成本 + 改编成本）合计 ÷（b_views + c_views）合计 × 1000；复用组 ÷ 单平台组",
        ("05",),
    ),
)

DATASETS = (
    Dataset(PANEL_SCHEMA, panel, PLANTED[:2]),
    Dataset(CONTENT_SCHEMA, content, PLANTED[2:]),
)
