"""国际站 (Alibaba.com, B2B): product listings and the inquiries they receive (synthetic).

Listings are single products (单品) or scenario solutions (场景化解决方案: several products sold
together for one use, e.g. 户外露营照明). Each inquiry row links inquiry → reply → quote →
信保 order, so the funnel 曝光 → 点击 → 访客 → 询盘 → 回复 → 信保订单 is built by joining the two
tables. Every number is an assumption unless its comment names a line of facts.md.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from datagen.alibaba_trade import (
    ORDER_COUNTRY_SHARES,
    VERIFIED_INQUIRY_LIFT,
    VIDEO_INQUIRY_LIFT,
    suppliers,
)
from datagen.common import Dataset, Planted, category, col, ids, pick, stream, where_known

# -- alibaba_listings ------------------------------------------------------------------------
# The sample: every supplier of the two industries whose products combine into scenarios.
# Each product line has the scenario solution it anchors.
PRODUCT_LINES = {
    "家居园艺": {
        "露营灯具": "户外露营照明",
        "庭院灯具": "庭院夜间照明",
        "收纳用品": "厨房收纳整理",
        "园艺工具": "阳台园艺套装",
    },
    "消费电子": {
        "移动电源": "户外露营供电",
        "智能插座": "智能家居节能",
        "蓝牙音箱": "家庭影音",
        "安防摄像头": "智能家居安防",
    },
}
LINES = [line for lines in PRODUCT_LINES.values() for line in lines]
SCENARIOS = [scenario for lines in PRODUCT_LINES.values() for scenario in lines.values()]
LISTING_TYPES = ["单品", "场景化解决方案"]
EXTRA_LISTINGS_MEAN = 7  # listings per supplier: 3 + Poisson(7)
# Confounder: 金品诚企 suppliers build far more scenario solutions than 出口通 suppliers, and
# their listings also draw more inquiries per visitor (the same tier lift as alibaba_suppliers).
SCENARIO_SHARE = {"出口通": 0.10, "金品诚企": 0.60}
ITEMS_RANGE = (3, 8)  # products in a scenario solution
SHOWCASE_SHARE = 0.40  # of the listings of a supplier that uses showcase slots at all
IMPRESSIONS_MEDIAN, IMPRESSIONS_SIGMA = 12_000, 0.9
CTR = 0.025  # clicks per impression
VISITORS_PER_CLICK = 0.85
BASE_INQUIRY_RATE = 0.019  # inquiries per visitor: a 单品 of an 出口通 supplier without video
# Planted: a scenario solution draws more inquiries per visitor than a single product, within a
# tier; a showcase slot multiplies impressions (橱窗 ranks above others, facts.md §2, B).
SCENARIO_INQUIRY_LIFT = 1.5
SHOWCASE_IMPRESSION_LIFT = 1.5


def _sampled_suppliers() -> pd.DataFrame:
    table = suppliers()
    return table[table["industry"].isin(list(PRODUCT_LINES))].reset_index(drop=True)


def _tier_multiplier(frame: pd.DataFrame) -> np.ndarray:
    verified = frame["membership"].to_numpy() == "金品诚企"
    return np.where(verified, VERIFIED_INQUIRY_LIFT, 1) * np.where(
        frame["factory_video"], VIDEO_INQUIRY_LIFT, 1
    )


def _listing_frame(rng: np.random.Generator) -> pd.DataFrame:
    """One row per listing with its supplier's columns, before traffic is drawn."""
    sample = _sampled_suppliers()
    per_supplier = 3 + rng.poisson(EXTRA_LISTINGS_MEAN, len(sample))
    frame = sample.loc[sample.index.repeat(per_supplier)].reset_index(drop=True)
    n = len(frame)
    scenario_share = frame["membership"].map(SCENARIO_SHARE).to_numpy(dtype=float)
    is_scenario = rng.random(n) < scenario_share
    lines = np.array([rng.choice(list(PRODUCT_LINES[i])) for i in frame["industry"]])
    return frame.assign(
        product_line=lines,
        listing_type=np.where(is_scenario, "场景化解决方案", "单品"),
        scenario=[
            PRODUCT_LINES[i][line] if s else None
            for i, line, s in zip(frame["industry"], lines, is_scenario, strict=True)
        ],
        items=np.where(is_scenario, rng.integers(ITEMS_RANGE[0], ITEMS_RANGE[1] + 1, n), 1),
        showcase=frame["uses_showcase"].to_numpy() & (rng.random(n) < SHOWCASE_SHARE),
    )


def _traffic(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    n = len(frame)
    lift = np.where(frame["showcase"], SHOWCASE_IMPRESSION_LIFT, 1.0)
    impressions = np.round(rng.lognormal(np.log(IMPRESSIONS_MEDIAN), IMPRESSIONS_SIGMA, n) * lift).astype(int)
    clicks = rng.binomial(impressions, CTR)
    visitors = rng.binomial(clicks, VISITORS_PER_CLICK)
    rate = (
        BASE_INQUIRY_RATE
        * np.where(frame["listing_type"] == "场景化解决方案", SCENARIO_INQUIRY_LIFT, 1)
        * _tier_multiplier(frame)
    )
    return frame.assign(
        impressions_90d=impressions,
        clicks_90d=clicks,
        visitors_90d=visitors,
        inquiries_90d=rng.binomial(visitors, rate),
    )


LISTING_COLUMNS = [
    "listing_id",
    "supplier_id",
    "product_line",
    "listing_type",
    "scenario",
    "items",
    "showcase",
    "impressions_90d",
    "clicks_90d",
    "visitors_90d",
    "inquiries_90d",
]


@cache
def _listings() -> pd.DataFrame:
    rng = stream("alibaba_listings")
    frame = _traffic(rng, _listing_frame(rng))
    frame.insert(0, "listing_id", ids("L", len(frame), width=5))
    return frame[LISTING_COLUMNS]


def listings() -> pd.DataFrame:
    return _listings().copy()


LISTING_SCHEMA = {
    "name": "alibaba_listings",
    "file": "alibaba_listings.csv",
    "title": "国际站产品发布：单品与场景化解决方案（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "alibaba_listings.md",
    "lessons": ["02"],
    "columns": {
        "listing_id": col("string", "产品发布（listing）编号", unique=True),
        "supplier_id": col("string", "发布它的供应商，对应 alibaba_suppliers 的 supplier_id"),
        "product_line": category(LINES, "产品线（场景化解决方案按它的核心产品归入产品线）"),
        "listing_type": category(
            LISTING_TYPES, "发布类型：单品，或把几件产品组合成一个使用场景的场景化解决方案"
        ),
        "scenario": {
            **category(SCENARIOS, "场景化解决方案针对的使用场景；单品为空"),
            "nullable": True,
        },
        "items": col(
            "int", "发布里包含的产品件数：单品为 1，场景化解决方案为 3—8", "件", min=1, max=ITEMS_RANGE[1]
        ),
        "showcase": col("bool", "这件发布是否放在橱窗（showcase）里"),
        "impressions_90d": col("int", "近 90 天曝光", "次", min=0),
        "clicks_90d": col("int", "近 90 天点击", "次", min=0),
        "visitors_90d": col("int", "近 90 天访客", "人", min=0),
        "inquiries_90d": col("int", "近 90 天收到的询盘数（与 alibaba_inquiries 的行数一致）", "条", min=0),
    },
    "rules": [
        "clicks_90d <= impressions_90d",
        "visitors_90d <= clicks_90d",
        "inquiries_90d <= visitors_90d",
    ],
}

# -- alibaba_inquiries -----------------------------------------------------------------------
WINDOW_START = pd.Timestamp("2024-10-03")  # the 90 days that end on 2024-12-31
WINDOW_DAYS = 90
CONTACT_SHARES = {"询盘": 0.65, "即时沟通": 0.35}
# 及时回复 (facts.md §2, B): an inquiry answered within 24 h, a chat within 1 h.
TIMELY_MINUTES = {"询盘": 24 * 60, "即时沟通": 60}
# Planted: the share of each contact type answered in time. Of the rest, some are never
# answered; the others are answered late (inquiries after 24 h, chats between 1 h and 24 h).
TIMELY_SHARE = {"询盘": 0.82, "即时沟通": 0.60}
NEVER_SHARE_OF_LATE = {"询盘": 0.40, "即时沟通": 0.20}
FAST_MINUTES = 60
QUOTE_SHARE = 0.55  # of answered inquiries
# Planted: an inquiry answered within the hour is more often followed by a 信保 order.
ORDER_RATE_SLOW, FAST_ORDER_LIFT = 0.10, 1.8  # per quoted inquiry
ORDER_VALUE_MEDIAN_USD, ORDER_VALUE_SIGMA = 1800.0, 1.0
VALUE_PER_EXTRA_ITEM = 0.3  # a scenario order carries more products: × (1 + 0.3 × (items − 1))


def _reply_minutes(rng: np.random.Generator, contact: np.ndarray) -> np.ndarray:
    """Minutes to the first reply; NaN when the inquiry was never answered."""
    n = len(contact)
    chat = contact == "即时沟通"
    timely = rng.random(n) < np.where(chat, TIMELY_SHARE["即时沟通"], TIMELY_SHARE["询盘"])
    never = ~timely & (
        rng.random(n) < np.where(chat, NEVER_SHARE_OF_LATE["即时沟通"], NEVER_SHARE_OF_LATE["询盘"])
    )
    inquiry_timely = TIMELY_MINUTES["询盘"] * rng.beta(0.7, 3.0, n)
    chat_timely = TIMELY_MINUTES["即时沟通"] * rng.beta(1.0, 2.5, n)
    inquiry_late = TIMELY_MINUTES["询盘"] + 1 + rng.exponential(1800, n)
    chat_late = TIMELY_MINUTES["即时沟通"] + 1 + (TIMELY_MINUTES["询盘"] - 61) * rng.beta(1.0, 2.0, n)
    minutes = np.where(
        chat, np.where(timely, chat_timely, chat_late), np.where(timely, inquiry_timely, inquiry_late)
    )
    return np.where(never, np.nan, np.floor(minutes))


def inquiries() -> pd.DataFrame:
    rng = stream("alibaba_inquiries")
    listing = _listings()
    rows = listing.loc[listing.index.repeat(listing["inquiries_90d"]), ["listing_id", "supplier_id", "items"]]
    rows = rows.reset_index(drop=True)
    n = len(rows)
    received = WINDOW_START + pd.to_timedelta(rng.integers(0, WINDOW_DAYS * 24 * 60, n), unit="min")
    contact = pick(rng, CONTACT_SHARES, n)
    minutes = _reply_minutes(rng, contact)
    answered = ~np.isnan(minutes)
    quoted = answered & (rng.random(n) < QUOTE_SHARE)
    fast = answered & (np.nan_to_num(minutes, nan=np.inf) <= FAST_MINUTES)
    ordered = quoted & (rng.random(n) < ORDER_RATE_SLOW * np.where(fast, FAST_ORDER_LIFT, 1))
    value = rng.lognormal(np.log(ORDER_VALUE_MEDIAN_USD), ORDER_VALUE_SIGMA, n)
    value = value * (1 + VALUE_PER_EXTRA_ITEM * (rows["items"].to_numpy() - 1))
    frame = rows.drop(columns="items").assign(
        received_at=received,
        buyer_country=pick(rng, ORDER_COUNTRY_SHARES, n),
        contact_type=contact,
        reply_minutes=where_known(np.nan_to_num(minutes), answered),
        quoted=quoted,
        ta_order=ordered,
        order_value_usd=np.where(ordered, value.round(2), np.nan),
    )
    frame = frame.sort_values(["received_at", "listing_id"], kind="stable").reset_index(drop=True)
    frame.insert(0, "inquiry_id", ids("I", n, width=5))
    return frame


INQUIRY_SCHEMA = {
    "name": "alibaba_inquiries",
    "file": "alibaba_inquiries.csv",
    "title": "国际站询盘：从询盘到回复、报价与信保订单（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "alibaba_inquiries.md",
    "lessons": ["02", "04"],
    "columns": {
        "inquiry_id": col("string", "询盘编号", unique=True),
        "listing_id": col("string", "询盘针对的产品发布，对应 alibaba_listings 的 listing_id"),
        "supplier_id": col("string", "收到询盘的供应商，对应 alibaba_suppliers 的 supplier_id"),
        "received_at": col(
            "datetime",
            "收到询盘的时间",
            min=f"{WINDOW_START:%Y-%m-%d} 00:00",
            max=f"{WINDOW_START + pd.Timedelta(days=WINDOW_DAYS - 1):%Y-%m-%d} 23:59",
        ),
        "buyer_country": category(list(ORDER_COUNTRY_SHARES), "买家所在国家"),
        "contact_type": category(list(CONTACT_SHARES), "联系方式：询盘（留言）或即时沟通（chat）"),
        "reply_minutes": col(
            "int", "从收到询盘到供应商第一次回复的用时；从未回复为空", "分钟", min=0, nullable=True
        ),
        "quoted": col("bool", "供应商是否给出了报价"),
        "ta_order": col("bool", "之后是否有一笔信保（Trade Assurance）订单"),
        "order_value_usd": col("float", "信保订单金额；没有信保订单为空", "USD", min=0, nullable=True),
    },
    "rules": [
        "quoted only if reply_minutes",
        "ta_order only if quoted",
        "order_value_usd only if ta_order",
        "ta_order only if order_value_usd",
    ],
}


def _timely_pct(chat_limit_minutes: int) -> float:
    """The 及时回复 share (%) the design implies when chats are held to ``chat_limit_minutes``.

    With the right limit (60) it is the planted rate; with 24 h, late chats, all answered
    within the day, count as timely too: the slip the baseline stands for.
    """
    total = sum(CONTACT_SHARES.values())
    share = sum(CONTACT_SHARES[k] / total * TIMELY_SHARE[k] for k in CONTACT_SHARES)
    if chat_limit_minutes >= TIMELY_MINUTES["询盘"]:
        late_answered = (1 - TIMELY_SHARE["即时沟通"]) * (1 - NEVER_SHARE_OF_LATE["即时沟通"])
        share += CONTACT_SHARES["即时沟通"] / total * late_answered
    return 100 * share


def _raw_scenario_ratio() -> float:
    """The pooled (not within-tier) inquiry-rate ratio the design implies for the sampled suppliers.

    Listings and visitors are drawn the same way for every supplier, so each supplier weighs
    by its chance of building a scenario solution and by its inquiry multiplier.
    """
    sample = _sampled_suppliers()
    share = sample["membership"].map(SCENARIO_SHARE).to_numpy(dtype=float)
    multiplier = _tier_multiplier(sample)
    scenario = SCENARIO_INQUIRY_LIFT * (share * multiplier).sum() / share.sum()
    single = ((1 - share) * multiplier).sum() / (1 - share).sum()
    return scenario / single


PLANTED = (
    Planted(
        "scenario_inquiry_lift_within_tier",
        "alibaba_listings",
        "同一会员等级之内，场景化解决方案的访客询盘率是单品的倍数",
        SCENARIO_INQUIRY_LIFT,
        0.15,
        "与 alibaba_suppliers 合并取 membership；在每个等级内，询盘率 = 询盘总数 ÷ 访客总数，"
        "场景化解决方案 ÷ 单品；再对两个等级的倍数取简单平均",
        ("02",),
    ),
    Planted(
        "scenario_inquiry_lift_raw",
        "alibaba_listings",
        "不分会员等级直接比较时，场景化解决方案与单品访客询盘率之比（被会员等级混杂，高于等级内的倍数）",
        round(_raw_scenario_ratio(), 3),
        0.2,
        "询盘率 = 询盘总数 ÷ 访客总数，按 listing_type 分组，场景化解决方案 ÷ 单品",
        ("02",),
        baseline=SCENARIO_INQUIRY_LIFT,
    ),
    Planted(
        "listing_showcase_impression_lift",
        "alibaba_listings",
        "放在橱窗里的产品发布的平均曝光是其他发布的倍数",
        SHOWCASE_IMPRESSION_LIFT,
        0.2,
        "按 showcase 分组求 impressions_90d 的均值，True ÷ False",
        ("02",),
    ),
    Planted(
        "fast_reply_order_lift",
        "alibaba_inquiries",
        f"{FAST_MINUTES} 分钟内回复的询盘带来信保订单的比例，是更慢回复的倍数（只看得到回复的询盘）",
        FAST_ORDER_LIFT,
        0.3,
        f"去掉 reply_minutes 为空的行；reply_minutes ≤ {FAST_MINUTES} 与 > {FAST_MINUTES} 两组 ta_order 的均值之比",
        ("02",),
    ),
    Planted(
        "timely_response_rate_pct",
        "alibaba_inquiries",
        "按数据管家的定义（询盘 24 小时、即时沟通 1 小时）算出的及时回复率，单位 %；"
        "基线是对即时沟通也用 24 小时算出的错误值",
        round(_timely_pct(TIMELY_MINUTES["即时沟通"]), 3),
        1.5,
        "及时 = 询盘 reply_minutes ≤ 1440，或即时沟通 reply_minutes ≤ 60；未回复算不及时；及时的行数 ÷ 全部行数 × 100",
        ("02",),
        baseline=round(_timely_pct(TIMELY_MINUTES["询盘"]), 3),
    ),
)

DATASETS = (
    Dataset(LISTING_SCHEMA, listings, PLANTED[:3]),
    Dataset(INQUIRY_SCHEMA, inquiries, PLANTED[3:]),
)
