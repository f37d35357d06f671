"""Generate every dataset in ``datasets/``, byte for byte the same on every run.

Usage, from the course root::

    python tools/generate_datasets.py        # or: make data

It writes, for each dataset, the data (``<name>.csv``) and its schema (``<name>.schema.json``),
so the two cannot drift apart. The datasheets (``<name>.md``) are written by hand and quote the
parameters below; change both together.

- ``buyer_profiles`` is synthetic (合成数据，仅供教学). It comes from one NumPy generator with a
  fixed seed. Every distribution parameter is a named constant in the block below; its comment
  says whether it is an assumption or which anchor in the course's checked facts it rests on.
- ``macro_cbec`` is real: official figures typed in by hand, each row with its public source.

Only NumPy and pandas are needed; a run takes well under a second.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "datasets"
SEED = 20240301  # any fixed number works; this one is the first day of the March Expo

B2B, B2C = "国际站", "速卖通"
PLATFORMS = [B2B, B2C]

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
# Assumption: share of buyers who order again within 2024 (B2B relationships last longer).
REPEAT_RATE = {B2B: 0.55, B2C: 0.30}
# Assumption: a repeat buyer places 2 + Poisson(mean) orders a year. B2B repeat buyers restock
# less often (larger orders); B2C repeat buyers buy small and more often. Capped for realism.
EXTRA_REPEAT_ORDERS_MEAN = {B2B: 0.8, B2C: 2.0}
MAX_ORDERS_PER_YEAR = 12
# Assumption: a mild March bump for 国际站 (March Expo, facts.md §2): this share of B2B first
# orders is moved into March, giving about 16 % of them in March instead of about 8 %.
MARCH_EXTRA_SHARE = {B2B: 0.08, B2C: 0.0}
MARCH_FIRST_DAY, MARCH_LAST_DAY = 60, 90  # day-of-year indexes in 2024 (a leap year)
DAYS_IN_2024 = 366

# The 场 dimension. Assumption: 国际站 buyers meet a product mostly through on-site search and
# B2B tools; 速卖通 consumers through search, ads, the algorithm and off-site content.
TOUCHPOINTS = [
    "关键词搜索",
    "P4P广告",
    "RFQ",
    "官方活动",
    "橱窗推荐",
    "直通车广告",
    "推荐算法",
    "社交媒体",
    "网红/KOL",
    "直播",
    "联盟推广",
]
TOUCHPOINT_SHARES = {
    B2B: {"关键词搜索": 0.30, "P4P广告": 0.22, "RFQ": 0.20, "官方活动": 0.15, "橱窗推荐": 0.13},
    B2C: {
        "关键词搜索": 0.20,
        "直通车广告": 0.14,
        "推荐算法": 0.20,
        "社交媒体": 0.14,
        "网红/KOL": 0.12,
        "直播": 0.10,
        "联盟推广": 0.10,
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


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    """Draw n labels with the given shares (normalised, so rounding in the table is harmless)."""
    p = np.array(list(shares.values()))
    return rng.choice(list(shares), size=n, p=p / p.sum())


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
    buyer_type = _pick(rng, B2B_TYPE_SHARES, n) if platform == B2B else np.full(n, B2C_TYPE)
    return pd.DataFrame(
        {
            "buyer_id": [f"{ID_PREFIX[platform]}{i:04d}" for i in range(1, n + 1)],
            "platform": platform,
            "buyer_type": buyer_type,
            "country": _pick(rng, COUNTRY_SHARES[platform], n),
            "first_order_date": _first_order_dates(rng, n, MARCH_EXTRA_SHARE[platform]),
            "order_value_usd": value.round(2),
            "orders_per_year": orders.astype(int),
            "decision_days": _decision_days(rng, platform, n).astype(int),
            "touchpoints_before_order": (1 + rng.poisson(EXTRA_TOUCHES_MEAN[platform], n)).astype(int),
            "first_touchpoint": _pick(rng, TOUCHPOINT_SHARES[platform], n),
            "top_factor": _pick(rng, FACTOR_SHARES[platform], n),
            "bought_bundle": bundle,
            "repeat_buyer": repeat,
        }
    )


def buyer_profiles(rng: np.random.Generator) -> pd.DataFrame:
    return pd.concat([_platform_block(rng, p) for p in PLATFORMS], ignore_index=True)


BUYER_SCHEMA = {
    "name": "buyer_profiles",
    "file": "buyer_profiles.csv",
    "title": "国际站与速卖通买家画像（合成数据，仅供教学）",
    "synthetic": True,
    "datasheet": "buyer_profiles.md",
    "lessons": ["01"],
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
        "orders_per_year": {"type": "int", "min": 1, "unit": "单", "description": "2024 年下单次数"},
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
        "repeat_buyer": {"type": "bool", "description": "2024 年内是否再次下单（即下单次数 ≥ 2）"},
    },
}

# -- macro_cbec: real figures, typed in from facts.md §1 -----------------------------------------
# No figure marked D in facts.md appears here: no 2024 growth rate, no 2023/2024 export split.
MACRO_COLUMNS = [
    "year",
    "first_release_trn_cny",
    "first_release_growth_pct",
    "revised_trn_cny",
    "revised_growth_pct",
    "export_trn_cny",
    "import_trn_cny",
    "source_url",
    "release_note",
    "confidence",
]
MACRO_ROWS = [
    # year, first release, growth %, revised, revised growth %, export, import, source, note, conf.
    (
        2018,
        1.06,
        None,
        None,
        None,
        None,
        None,
        "国新办新闻发布会，海关总署 2024-07-30：from 1.06 trillion in 2018 to 2.38 trillion in 2023",
        "GAC 2024-07-30 回顾引用；无单独的当年发布值可核对",
        "A",
    ),
    (
        2020,
        1.69,
        31.1,
        1.62,
        25.7,
        1.12,
        0.57,
        "https://www.globaltimes.cn/page/202101/1212876.shtml",
        "GAC 2021-01 首次发布；人民日报 2022-11-30 刊出修订值",
        "A/B",
    ),
    (
        2021,
        1.98,
        15.0,
        1.92,
        18.6,
        None,
        None,
        "https://chinaservicesinfo.com/s/202203/09/WS6237cc97498e6a12c1226e72/"
        "china-to-further-promote-cross-border-e-commerce.html",
        "GAC 2022-01 首次发布；其后修订",
        "B",
    ),
    (
        2022,
        2.11,
        9.8,
        2.06,
        7.1,
        1.55,
        0.56,
        "https://en.tmtpost.com/post/6589620",
        "GAC 2023-01 首次发布；修订后出口 1.53、进口 0.528",
        "A",
    ),
    (
        2023,
        2.38,
        15.6,
        2.37,
        15.3,
        None,
        None,
        "https://en.imsilkroad.com/p/338614.html ; http://ecns.cn/business/2024-09-27/detail-ihehnrsc2668740.shtml",
        "GAC 2024-01-12 首次发布；MOFCOM 2024-09 数字贸易报告修订",
        "A/B",
    ),
    (
        2024,
        2.63,
        None,
        None,
        None,
        None,
        None,
        "http://china.org.cn/china/2025-02/24/content_117729167.htm",
        "GAC 2025-01-13 首次发布；修订值尚未确认",
        "B",
    ),
]


def macro_cbec() -> pd.DataFrame:
    return pd.DataFrame(MACRO_ROWS, columns=MACRO_COLUMNS)


def _trillion(description: str, nullable: bool = True) -> dict:
    return {"type": "float", "nullable": nullable, "min": 0, "unit": "万亿元", "description": description}


def _percent(description: str) -> dict:
    return {"type": "float", "nullable": True, "unit": "%", "description": description}


MACRO_SCHEMA = {
    "name": "macro_cbec",
    "file": "macro_cbec.csv",
    "title": "中国跨境电商进出口规模（真实数据，手工录入）",
    "synthetic": False,
    "datasheet": "macro_cbec.md",
    "lessons": ["01"],
    "columns": {
        "year": {"type": "int", "unique": True, "min": 2018, "max": 2024, "description": "年份"},
        "first_release_trn_cny": _trillion("海关首次发布的进出口总额", nullable=False),
        "first_release_growth_pct": _percent("首次发布的同比增速"),
        "revised_trn_cny": _trillion("修订后的进出口总额"),
        "revised_growth_pct": _percent("修订后的同比增速"),
        "export_trn_cny": _trillion("首次发布的出口额"),
        "import_trn_cny": _trillion("首次发布的进口额"),
        "source_url": {"type": "string", "description": "公开来源（网址；2018 年为发布会说明）"},
        "release_note": {"type": "string", "description": "发布与修订的机构和时间"},
        "confidence": {
            "type": "category",
            "categories": ["A", "A/B", "B"],
            "description": "可信度：A 官方或多个独立来源一致；B 单一可靠来源",
        },
    },
}


def _write(frame: pd.DataFrame, schema: dict, out: Path) -> None:
    # Column order and names come from the schema, so a renamed column fails here, not in class.
    assert list(frame.columns) == list(schema["columns"]), schema["name"]
    frame.to_csv(
        out / schema["file"], index=False, lineterminator="\n", encoding="utf-8", date_format="%Y-%m-%d"
    )
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    (out / f"{schema['name']}.schema.json").write_text(text, encoding="utf-8", newline="\n")


def main(out: Path = OUT) -> None:
    rng = np.random.default_rng(SEED)
    out.mkdir(exist_ok=True)
    _write(buyer_profiles(rng), BUYER_SCHEMA, out)
    _write(macro_cbec(), MACRO_SCHEMA, out)
    for path in sorted(out.glob("*.csv")):
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
