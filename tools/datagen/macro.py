"""macro_cbec: China's cross-border e-commerce totals, real figures typed in from facts.md §1.

Each year is one record below, copied by hand from facts.md with its source. No figure that
facts.md marks D appears: no 2024 growth rate and no 2023 or 2024 export/import split.
Release dates are only what the sources give: a day where one is given, a month where only the
month is (the dated article), and empty where no checked source dates the release; a release
date is never inferred from the habit of publishing full-year figures in January.
"""

from __future__ import annotations

import pandas as pd

from datagen.common import Dataset

EMPTY = None  # a figure no checked source gives; never zero
# facts.md §1: GAC, "Review of China's Foreign Trade in 2023", 12 Jan 2024 (A). The denominator of
# the cross-border share of goods trade, so the lesson computes that share from cited data.
GOODS_TRADE_2023_SOURCE = "http://english.customs.gov.cn/Statics/69c74e88-65a0-4116-9743-60bbda0c9036.html"

YEARS = [
    {
        "year": 2018,
        "first_release_trn_cny": 1.06,
        "release_note": "2018 年的数字见于海关总署 2024-07-30 在国新办发布会上的回顾，当年的首次发布值没有核对",
        "source_url": "国新办新闻发布会，海关总署 2024-07-30：from 1.06 trillion in 2018 to 2.38 trillion in 2023",
        "confidence": "A",
    },
    {
        "year": 2020,
        "first_release_trn_cny": 1.69,
        "first_release_growth_pct": 31.1,
        "first_release_date": "2021-01",
        "export_trn_cny": 1.12,
        "import_trn_cny": 0.57,
        "revised_trn_cny": 1.62,
        "revised_growth_pct": 25.7,
        "revised_release_date": "2022-11-30",
        "release_note": "海关总署首次发布（出口 +40.1%，进口 +16.5%）；修订值见人民日报 2022-11-30",
        "source_url": "https://www.globaltimes.cn/page/202101/1212876.shtml",
        "confidence": "A/B",
    },
    {
        "year": 2021,
        "first_release_trn_cny": 1.98,
        "first_release_growth_pct": 15.0,
        "revised_trn_cny": 1.92,
        "revised_growth_pct": 18.6,
        "release_note": "首次发布值见所列来源的转述，发布机构和日期未核对；修订值的发布日期也未核对",
        "source_url": "https://chinaservicesinfo.com/s/202203/09/WS6237cc97498e6a12c1226e72/"
        "china-to-further-promote-cross-border-e-commerce.html",
        "confidence": "B",
    },
    {
        "year": 2022,
        "first_release_trn_cny": 2.11,
        "first_release_growth_pct": 9.8,
        "export_trn_cny": 1.55,
        "import_trn_cny": 0.56,
        "revised_trn_cny": 2.06,
        "revised_growth_pct": 7.1,
        "revised_export_trn_cny": 1.53,
        "revised_import_trn_cny": 0.528,
        "release_note": "首次发布值见所列来源的转述，发布机构和日期未核对；修订后出口 +10.1%、进口 −0.8%，"
        "修订值的发布日期未核对",
        "source_url": "https://en.tmtpost.com/post/6589620",
        "confidence": "A",
    },
    {
        "year": 2023,
        "first_release_trn_cny": 2.38,
        "first_release_growth_pct": 15.6,
        "first_release_date": "2024-01-12",
        "revised_trn_cny": 2.37,
        "revised_growth_pct": 15.3,
        "revised_release_date": "2024-09",
        "goods_trade_trn_cny": 41.76,
        "goods_trade_source_url": GOODS_TRADE_2023_SOURCE,
        "release_note": "海关总署 2024-01-12 首次发布（商务部 2024-01-26 引用）；商务部 2024-09 数字贸易报告修订；"
        "同日海关总署公布全国货物贸易进出口总额 41.76 万亿元（+0.2%；出口 23.77，进口 17.99）",
        "source_url": "https://en.imsilkroad.com/p/338614.html ; "
        "http://ecns.cn/business/2024-09-27/detail-ihehnrsc2668740.shtml",
        "confidence": "A/B",
    },
    {
        "year": 2024,
        "first_release_trn_cny": 2.63,
        "first_release_date": "2025-01-13",
        "release_note": "海关总署 2025-01-13 首次发布（“比 2020 年增加 1 万亿元”）；修订值尚未确认",
        "source_url": "http://china.org.cn/china/2025-02/24/content_117729167.htm",
        "confidence": "B",
    },
]


def _trillion(description: str, nullable: bool = True) -> dict:
    return {"type": "float", "nullable": nullable, "min": 0, "unit": "万亿元", "description": description}


def _percent(description: str) -> dict:
    return {"type": "float", "nullable": True, "unit": "%", "description": description}


def _release_date(description: str) -> dict:
    return {
        "type": "string",
        "nullable": True,
        "description": description + "（YYYY-MM-DD；来源只给出月份时为 YYYY-MM；来源没有给出时为空值）",
    }


MACRO_SCHEMA = {
    "name": "macro_cbec",
    "file": "macro_cbec.csv",
    "title": "中国跨境电商进出口规模（真实数据，手工录入）",
    "synthetic": False,
    "datasheet": "macro_cbec.md",
    "lessons": ["01", "06"],
    "columns": {
        "year": {"type": "int", "unique": True, "min": 2018, "max": 2024, "description": "年份"},
        "first_release_trn_cny": _trillion(
            "海关首次发布的进出口总额；2018 年没有核对过的首次发布值，填的是海关总署 2024-07-30 回顾时引用的值",
            nullable=False,
        ),
        "first_release_growth_pct": _percent("首次发布的同比增速"),
        "first_release_date": _release_date("首次发布的日期"),
        "export_trn_cny": _trillion("首次发布的出口额"),
        "import_trn_cny": _trillion("首次发布的进口额"),
        "revised_trn_cny": _trillion("修订后的进出口总额"),
        "revised_growth_pct": _percent("修订后的同比增速"),
        "revised_release_date": _release_date("修订值的发布日期"),
        "revised_export_trn_cny": _trillion("修订后的出口额"),
        "revised_import_trn_cny": _trillion("修订后的进口额"),
        "goods_trade_trn_cny": _trillion("同年全国货物贸易进出口总额（海关首次发布），用来算跨境电商的占比"),
        "goods_trade_source_url": {
            "type": "string",
            "nullable": True,
            "description": "全国货物贸易进出口总额的公开来源（网址）",
        },
        "release_note": {"type": "string", "description": "发布与修订的机构、时间和补充说明"},
        "source_url": {
            "type": "string",
            "description": "公开来源（网址，多个用 ` ; ` 分隔；2018 年为发布会说明）",
        },
        "confidence": {
            "type": "category",
            "categories": ["A", "A/B", "B"],
            "description": "可信度：A 官方或多个独立来源一致；B 单一可靠来源；A/B 首次发布为 A、修订值为 B",
        },
    },
    "rules": [
        "export_trn_cny + import_trn_cny == first_release_trn_cny",
        "revised_export_trn_cny + revised_import_trn_cny <= revised_trn_cny + 0.01",
    ],
}


def macro_cbec() -> pd.DataFrame:
    columns = list(MACRO_SCHEMA["columns"])
    return pd.DataFrame([[year.get(c, EMPTY) for c in columns] for year in YEARS], columns=columns)


DATASET = Dataset(MACRO_SCHEMA, macro_cbec)
