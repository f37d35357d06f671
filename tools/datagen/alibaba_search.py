"""国际站 search and P4P (外贸直通车): one supplier's product × keyword × day data (synthetic).

The supplier sells 12 products in 3 lines; each line has 4 keywords, and every product of the
line is advertised on all 4. Half of the products of each line sit in the showcase (橱窗), so a
within-keyword comparison recovers the showcase lift.

Each keyword-day runs a P4P auction against 8 other bidders (facts.md §2, B):
- rank = bid × promotion score (1–5 stars);
- only 3-star keywords and above can take the top 5 slots;
- cost per click = next bidder's bid × next bidder's score ÷ own score + 0.01 yuan, never above
  the own bid (a generalised second-price auction).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import DAYS_2024, EVENTS, Dataset, Planted, category, col, event_of, stream

LINES = {  # per line: two broad keywords, then two long-tail ones
    "收纳整理": [
        "storage box",
        "closet organizer",
        "foldable storage bin with lid",
        "stackable plastic storage drawers",
    ],
    "户外照明": [
        "solar light",
        "string lights",
        "waterproof solar pathway light",
        "solar fence post cap light",
    ],
    "厨房用品": [
        "kitchen utensils",
        "cutting board",
        "silicone kitchen utensil set",
        "bamboo cutting board set",
    ],
}
KEYWORD_TYPES = ["行业大词", "长尾词"]
KEYWORD_TYPE_OF = {
    kw: KEYWORD_TYPES[0] if i < 2 else KEYWORD_TYPES[1] for kws in LINES.values() for i, kw in enumerate(kws)
}
PRODUCTS_PER_LINE = 4
SHOWCASE_PER_LINE = 2
# Daily searches on a weekday outside events. Broad words are searched far more often.
SEARCHES_PER_DAY = {"行业大词": 3000, "长尾词": 350}
WEEKEND_FACTOR = 0.65
# Planted: search volume rises during official events. March: +30 %; September: +15 %.
# Both are assumptions (facts.md §2 has an order figure for one March Expo, none for September).
EVENT_SEARCH_LIFT = {"无": 1.0, "三月新贸节": 1.30, "九月采购节": 1.15}
# Organic listing: share of a keyword's searches that see the product, and its click rate.
ORGANIC_SHARE = 0.05
# Planted: a showcase product is shown 1.5 times as often in organic search, all else equal.
SHOWCASE_LIFT = 1.5
PRODUCT_SPREAD = (
    0.05  # sigma of a product's own log-visibility (listing quality); small, so 2 vs 2 products suffice
)
CTR = {"行业大词": 0.015, "长尾词": 0.035}
# P4P slots: share of a keyword's searches that see each slot, and a click multiplier.
SLOT_VIEW_SHARE = [0.30, 0.22, 0.16, 0.12, 0.09] + [0.05] * 5 + [0.02] * 10
SLOT_CTR_FACTOR = [1.6, 1.3, 1.1, 1.0, 0.9] + [0.7] * 5 + [0.5] * 10
TOP_SLOTS, TOP_SLOT_MIN_SCORE = 5, 3
COMPETITORS = 8
COMPETITOR_BID_MEDIAN = {"行业大词": 3.0, "长尾词": 1.6}  # yuan per click
COMPETITOR_SCORE_P = [0.05, 0.15, 0.35, 0.30, 0.15]  # 1 to 5 stars
OWN_BID_RANGE = {"行业大词": (1.5, 5.0), "长尾词": (0.8, 3.0)}  # re-set on the 1st of each month
FLOOR_CPC = 0.30  # charged when nobody ranks below: an assumption
VISITOR_SHARE = 0.85  # clicks that become distinct visitors
INQUIRY_RATE = {"行业大词": 0.04, "长尾词": 0.08}


def _catalogue(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for line_no, (line, keywords) in enumerate(LINES.items()):
        showcase = rng.permutation(
            [True] * SHOWCASE_PER_LINE + [False] * (PRODUCTS_PER_LINE - SHOWCASE_PER_LINE)
        )
        for k in range(PRODUCTS_PER_LINE):
            product = f"P{line_no + 1}{k + 1:02d}"
            quality = rng.normal(0, PRODUCT_SPREAD)
            for keyword in keywords:
                rows.append(
                    {
                        "product_id": product,
                        "product_line": line,
                        "keyword": keyword,
                        "keyword_type": KEYWORD_TYPE_OF[keyword],
                        "showcase": bool(showcase[k]),
                        "quality": quality,
                        "score": int(rng.choice([2, 3, 3, 4, 4, 5])),
                    }
                )
    return pd.DataFrame(rows)


def _auction(rng, bid: float, score: int, keyword_type: str) -> tuple[int, float, float | None, int | None]:
    """Position, cost per click, and the bid and score of the bidder just below."""
    bids = rng.lognormal(np.log(COMPETITOR_BID_MEDIAN[keyword_type]), 0.4, COMPETITORS).round(1)
    scores = rng.choice(np.arange(1, 6), size=COMPETITORS, p=COMPETITOR_SCORE_P)
    ours = bid * score
    theirs = bids * scores
    position = 1 + int((theirs > ours).sum())
    if score < TOP_SLOT_MIN_SCORE:
        position = max(position, TOP_SLOTS + 1)
    below = theirs < ours
    if not below.any():
        return position, FLOOR_CPC, None, None
    nxt = int(np.argmax(np.where(below, theirs, -1)))
    cpc = min(bid, bids[nxt] * scores[nxt] / score + 0.01)
    return position, round(cpc, 2), float(bids[nxt]), int(scores[nxt])


def _searches(frame: pd.DataFrame) -> np.ndarray:
    """Expected searches of each keyword on each day: keyword size × event × weekday."""
    weekend = frame["date"].dt.dayofweek.to_numpy() >= 5
    return (
        frame["keyword_type"].map(SEARCHES_PER_DAY).to_numpy()
        * frame["event"].map(EVENT_SEARCH_LIFT).to_numpy()
        * np.where(weekend, WEEKEND_FACTOR, 1.0)
    )


def _organic(rng: np.random.Generator, frame: pd.DataFrame, searches: np.ndarray) -> pd.DataFrame:
    visibility = ORGANIC_SHARE * np.where(frame["showcase"], SHOWCASE_LIFT, 1.0) * np.exp(frame["quality"])
    impressions = rng.poisson(searches * visibility)
    clicks = rng.binomial(impressions, frame["keyword_type"].map(CTR).to_numpy())
    return frame.assign(organic_impressions=impressions, organic_clicks=clicks)


def _monthly_bids(rng: np.random.Generator, frame: pd.DataFrame) -> np.ndarray:
    """The seller re-sets each product × keyword bid on the first of the month."""
    chosen: dict[tuple, float] = {}
    bids = np.empty(len(frame))
    keys = zip(frame["product_id"], frame["keyword"], frame["date"].dt.month, strict=True)
    for i, (product, keyword, month) in enumerate(keys):
        if (product, keyword, month) not in chosen:
            low, high = OWN_BID_RANGE[KEYWORD_TYPE_OF[keyword]]
            chosen[(product, keyword, month)] = round(rng.uniform(low, high), 1)
        bids[i] = chosen[(product, keyword, month)]
    return bids


def _paid(rng: np.random.Generator, frame: pd.DataFrame, searches: np.ndarray) -> pd.DataFrame:
    """Run the daily auction, then draw paid impressions and clicks for the slot won."""
    bids = _monthly_bids(rng, frame)
    kind = frame["keyword_type"].to_numpy()
    auctions = [_auction(rng, b, s, k) for b, s, k in zip(bids, frame["score"], kind, strict=True)]
    position, cpc, next_bid, next_score = (list(column) for column in zip(*auctions, strict=True))
    slot = np.minimum(position, len(SLOT_VIEW_SHARE)) - 1
    impressions = rng.poisson(searches * np.array(SLOT_VIEW_SHARE)[slot])
    ctr = frame["keyword_type"].map(CTR).to_numpy() * np.array(SLOT_CTR_FACTOR)[slot]
    clicks = rng.binomial(impressions, np.minimum(ctr, 1))
    return frame.assign(
        p4p_bid_cny=bids,
        promotion_score=frame["score"],
        rank_score=(bids * frame["score"]).round(2),
        p4p_position=position,
        next_bid_cny=next_bid,
        next_score=pd.array(next_score, dtype="Int64"),
        p4p_cpc_cny=cpc,
        p4p_impressions=impressions,
        p4p_clicks=clicks,
        p4p_cost_cny=(np.array(cpc) * clicks).round(2),
    )


def _funnel(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    visitors = rng.binomial(frame["organic_clicks"] + frame["p4p_clicks"], VISITOR_SHARE)
    inquiries = rng.binomial(visitors, frame["keyword_type"].map(INQUIRY_RATE).to_numpy())
    return frame.assign(visitors=visitors, inquiries=inquiries)


def keyword_days() -> pd.DataFrame:
    rng = stream("alibaba_keyword_days")
    frame = _catalogue(rng).merge(pd.DataFrame({"date": DAYS_2024}), how="cross")
    frame = frame.sort_values(["date", "product_id", "keyword"], ignore_index=True)
    frame["event"] = event_of(frame["date"])
    searches = _searches(frame)
    frame = _funnel(rng, _paid(rng, _organic(rng, frame, searches), searches))
    return frame[list(SCHEMA["columns"])]


SCHEMA = {
    "name": "alibaba_keyword_days",
    "file": "alibaba_keyword_days.csv",
    "title": "国际站一家供应商的产品 × 关键词 × 日搜索与 P4P 数据（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "alibaba_keyword_days.md",
    "lessons": ["02", "04"],
    "columns": {
        "date": col("date", "日期", min="2024-01-01", max="2024-12-31"),
        "product_id": col("string", "产品编号"),
        "product_line": category(list(LINES), "产品线"),
        "keyword": category([k for ks in LINES.values() for k in ks], "买家搜索的关键词"),
        "keyword_type": category(KEYWORD_TYPES, "行业大词（搜索多、意图宽）或长尾词（搜索少、意图明确）"),
        "showcase": col("bool", "产品是否放在橱窗（showcase）里"),
        "event": category(EVENTS, "当天正在进行的官方活动"),
        "organic_impressions": col("int", "自然搜索曝光", "次", min=0),
        "organic_clicks": col("int", "自然搜索点击", "次", min=0),
        "p4p_bid_cny": col("float", "P4P 出价（当月设定）", "元/点击", min=0),
        "promotion_score": col("int", "推广评分（星级）", "星", min=1, max=5),
        "rank_score": col("float", "排名分 = 出价 × 推广评分", min=0),
        "p4p_position": col("int", "P4P 排名位置（1 = 最靠前）", "位", min=1),
        "next_bid_cny": col(
            "float", "排在自己下一位的竞争者的出价；没有人排在后面时为空", "元/点击", min=0, nullable=True
        ),
        "next_score": col(
            "int", "下一位竞争者的推广评分；没有人排在后面时为空", "星", min=1, max=5, nullable=True
        ),
        "p4p_cpc_cny": col("float", "实际每次点击扣费（广义第二价格）", "元/点击", min=0),
        "p4p_impressions": col("int", "P4P 曝光", "次", min=0),
        "p4p_clicks": col("int", "P4P 点击", "次", min=0),
        "p4p_cost_cny": col("float", "P4P 花费 = 点击 × 每次点击扣费", "元", min=0),
        "visitors": col("int", "访客（自然与 P4P 合计）", "人", min=0),
        "inquiries": col("int", "询盘", "条", min=0),
    },
    "rules": [
        "organic_clicks <= organic_impressions",
        "p4p_clicks <= p4p_impressions",
        "visitors <= organic_clicks + p4p_clicks",
        "inquiries <= visitors",
        "p4p_cpc_cny <= p4p_bid_cny",
    ],
}

PLANTED = (
    Planted(
        "showcase_organic_lift",
        "alibaba_keyword_days",
        "橱窗产品的自然搜索曝光是同一关键词下非橱窗产品的倍数",
        SHOWCASE_LIFT,
        0.12,
        "按 keyword 和 showcase 分组求 organic_impressions 的均值；每个关键词内橱窗 ÷ 非橱窗；对 12 个关键词取平均",
        ("02",),
    ),
    Planted(
        "march_expo_search_lift",
        "alibaba_keyword_days",
        "三月新贸节期间工作日的自然搜索曝光是无活动月份工作日的倍数",
        EVENT_SEARCH_LIFT["三月新贸节"],
        0.05,
        "只取工作日，按 event 求每日 organic_impressions 合计的均值，三月新贸节 ÷ 无活动",
        ("02",),
    ),
)

DATASETS = (Dataset(SCHEMA, keyword_days, PLANTED),)
