"""Generate every dataset in ``datasets/``, byte for byte the same on every run.

    make data        # or: python tools/generate_datasets.py

Synthetic data comes from one seeded random generator; real figures (``macro_cbec``) are typed in
from ../shared/reference/facts.md with their sources. Each dataset is written with its schema
(``<name>.schema.json``), so the data and its description cannot drift apart. Every parameter
below is an assumption made for teaching unless its comment names a source.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "datasets"
SEED = 20240301

# -- buyer_profiles: assumptions ---------------------------------------------------------------
N_B2B, N_B2C = 600, 1400
B2B_TYPES = {"批发商": 0.40, "品牌商": 0.20, "零售商": 0.25, "工程/项目商": 0.15}
# Loose anchor: 2022 export destinations in facts.md (US 34.3 %, UK 6.5 %, Germany 4.6 %).
B2B_COUNTRIES = {
    "美国": 0.34,
    "德国": 0.12,
    "英国": 0.11,
    "印度": 0.10,
    "巴西": 0.09,
    "澳大利亚": 0.12,
    "阿联酋": 0.12,
}
# Loose anchor: AliExpress Connect's early European focus (facts.md); shares are assumptions.
B2C_COUNTRIES = {"西班牙": 0.22, "法国": 0.18, "波兰": 0.14, "美国": 0.18, "韩国": 0.14, "巴西": 0.14}
COUNTRIES = list(dict.fromkeys([*B2B_COUNTRIES, *B2C_COUNTRIES]))
B2B_MEDIAN_ORDER_USD, B2B_ORDER_SIGMA = 3000.0, 0.9  # heavy right tail
B2C_MEDIAN_ORDER_USD, B2C_ORDER_SIGMA = 26.0, 0.6  # anchor: CDNOW median spend $26 (facts.md)
BUNDLE_RATE = {"国际站": 0.30, "速卖通": 0.15}
BUNDLE_LIFT = {"国际站": 1.35, "速卖通": 1.20}  # planted multiplicative effect on order value
MARCH_EXPO_SHARE = 0.16  # share of B2B first orders placed in March (vs 1/12 ≈ 8 % if flat)
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
B2B_TOUCHPOINTS = {"关键词搜索": 0.30, "P4P广告": 0.22, "RFQ": 0.20, "官方活动": 0.15, "橱窗推荐": 0.13}
B2C_TOUCHPOINTS = {
    "关键词搜索": 0.20,
    "直通车广告": 0.14,
    "推荐算法": 0.20,
    "社交媒体": 0.14,
    "网红/KOL": 0.12,
    "直播": 0.10,
    "联盟推广": 0.10,
}
FACTORS = ["供应商资质", "工厂实力", "定制能力", "价格", "商品评价", "内容种草", "物流速度"]
B2B_FACTORS = {"供应商资质": 0.30, "工厂实力": 0.25, "定制能力": 0.18, "价格": 0.22, "物流速度": 0.05}
B2C_FACTORS = {"价格": 0.34, "商品评价": 0.28, "内容种草": 0.18, "物流速度": 0.20}
REPEAT_RATE = {"国际站": 0.55, "速卖通": 0.30}


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    labels = list(weights)
    p = np.array(list(weights.values()))
    return rng.choice(labels, size=n, p=p / p.sum())


def _order_dates(rng: np.random.Generator, n: int, march_share: float) -> pd.Series:
    """Days of 2024; a share of them forced into March to mimic the March Expo bump."""
    days = rng.integers(0, 366, size=n)
    in_march = rng.random(n) < march_share
    days[in_march] = rng.integers(60, 91, size=in_march.sum())  # 2024-03-01 is day 60
    return pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D")


def _platform_block(rng: np.random.Generator, platform: str, n: int) -> pd.DataFrame:
    b2b = platform == "国际站"
    bundle = rng.random(n) < BUNDLE_RATE[platform]
    median, sigma = (
        (B2B_MEDIAN_ORDER_USD, B2B_ORDER_SIGMA) if b2b else (B2C_MEDIAN_ORDER_USD, B2C_ORDER_SIGMA)
    )
    value = rng.lognormal(np.log(median), sigma, n) * np.where(bundle, BUNDLE_LIFT[platform], 1.0)
    if b2b:
        decision = rng.gamma(4.0, 8.0, n).round() + 5  # median ≈ 32 days
        touches = rng.poisson(7.0, n) + 1
        orders = rng.poisson(2.0, n) + 1
    else:
        decision = rng.geometric(0.55, n) - 1  # most decide the same day or within 3 days
        touches = rng.poisson(2.0, n) + 1
        orders = np.minimum(rng.geometric(0.55, n), 12)
    return pd.DataFrame(
        {
            "buyer_id": [f"{'B' if b2b else 'C'}{i:04d}" for i in range(1, n + 1)],
            "platform": platform,
            "buyer_type": _pick(rng, B2B_TYPES, n) if b2b else "个人消费者",
            "country": _pick(rng, B2B_COUNTRIES if b2b else B2C_COUNTRIES, n),
            "first_order_date": _order_dates(rng, n, MARCH_EXPO_SHARE if b2b else 0.0),
            "order_value_usd": value.round(2),
            "orders_per_year": orders.astype(int),
            "decision_days": decision.astype(int),
            "touchpoints_before_order": touches.astype(int),
            "first_touchpoint": _pick(rng, B2B_TOUCHPOINTS if b2b else B2C_TOUCHPOINTS, n),
            "top_factor": _pick(rng, B2B_FACTORS if b2b else B2C_FACTORS, n),
            "bought_bundle": bundle,
            "repeat_buyer": rng.random(n) < REPEAT_RATE[platform],
        }
    )


def buyer_profiles(rng: np.random.Generator) -> pd.DataFrame:
    return pd.concat(
        [_platform_block(rng, "国际站", N_B2B), _platform_block(rng, "速卖通", N_B2C)], ignore_index=True
    )


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
        "platform": {"type": "category", "categories": ["国际站", "速卖通"], "description": "平台"},
        "buyer_type": {
            "type": "category",
            "categories": [*B2B_TYPES, "个人消费者"],
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
        "repeat_buyer": {"type": "bool", "description": "2024 年内是否复购"},
    },
}

# -- macro_cbec: real figures from facts.md section 1 -------------------------------------------
SCIO_2024 = "http://english.scio.gov.cn/m/pressroom/2024-11/27/content_117572579_13.html"
MACRO_ROWS = [
    # year, first release (trn CNY), growth %, revised, revised growth %, export, import, source, note, confidence
    (2018, 1.06, None, None, None, None, None, SCIO_2024, "GAC 2024-07-30 在国新办发布会上回顾引用", "A"),
    (
        2020,
        1.69,
        31.1,
        1.62,
        25.7,
        1.12,
        0.57,
        "https://www.globaltimes.cn/page/202101/1212876.shtml",
        "首次发布 2021-01；修订值见人民日报 2022-11-30",
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
        "https://chinaservicesinfo.com/s/202203/09/WS6237cc97498e6a12c1226e72/china-to-further-promote-cross-border-e-commerce.html",
        "首次发布 2022-01；后经修订",
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
        "首次发布 2023-01；修订值出口 1.53、进口 0.528",
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


def macro_cbec() -> pd.DataFrame:
    return pd.DataFrame(MACRO_ROWS, columns=MACRO_COLUMNS)


def _trn(description: str, nullable: bool = True) -> dict:
    return {"type": "float", "nullable": nullable, "min": 0, "unit": "万亿元", "description": description}


MACRO_SCHEMA = {
    "name": "macro_cbec",
    "file": "macro_cbec.csv",
    "title": "中国跨境电商进出口规模（真实数据，手工录入）",
    "synthetic": False,
    "datasheet": "macro_cbec.md",
    "lessons": ["01"],
    "columns": {
        "year": {"type": "int", "unique": True, "min": 2018, "max": 2024, "description": "年份"},
        "first_release_trn_cny": _trn("海关首次发布的进出口总额", nullable=False),
        "first_release_growth_pct": {
            "type": "float",
            "nullable": True,
            "unit": "%",
            "description": "首次发布的同比增速",
        },
        "revised_trn_cny": _trn("修订后的进出口总额"),
        "revised_growth_pct": {
            "type": "float",
            "nullable": True,
            "unit": "%",
            "description": "修订后的同比增速",
        },
        "export_trn_cny": _trn("首次发布的出口额"),
        "import_trn_cny": _trn("首次发布的进口额"),
        "source_url": {"type": "string", "description": "公开来源"},
        "release_note": {"type": "string", "description": "发布与修订说明"},
        "confidence": {
            "type": "category",
            "categories": ["A", "A/B", "B"],
            "description": "facts.md 的可信度标记",
        },
    },
}


def _write(frame: pd.DataFrame, schema: dict, out: Path) -> None:
    frame.to_csv(
        out / schema["file"], index=False, lineterminator="\n", encoding="utf-8", date_format="%Y-%m-%d"
    )
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    (out / f"{schema['name']}.schema.json").write_text(text, encoding="utf-8")


def main(out: Path = OUT) -> None:
    rng = np.random.default_rng(SEED)
    out.mkdir(exist_ok=True)
    _write(buyer_profiles(rng), BUYER_SCHEMA, out)
    _write(macro_cbec(), MACRO_SCHEMA, out)
    for path in sorted(out.glob("*.csv")):
        print(f"{path.name}: {path.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
