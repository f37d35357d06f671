"""macro_cbec_detail: the market mix and the full-year forecast beside the totals in macro_cbec.

Real figures typed in from facts.md §1, one record per published figure, nothing computed or
drawn. The annual totals stay in macro_cbec; this table holds what does not fit a row per year:
the shares of the 2022 (and H1 2024) export destinations, export categories and import sources,
and MOFCOM's forecast for 2024, whose outturn is macro_cbec's 2024 first release.

facts.md rates the mix A but names neither its publisher nor a web address for it, and gives the forecast as "Xinhua,
31 Jan 2024" without one: ``source_url`` stays empty for those rows rather than carrying a guessed
address, and ``source`` says who published the figure.
"""

from __future__ import annotations

import pandas as pd

from datagen.common import Dataset, category

EMPTY = None  # no checked web address; never a guessed one
SHARE_KINDS = ["出口目的地占比", "出口品类占比", "进口来源地占比"]
FORECAST = "全年规模预测"
MIX_SOURCE = "课程事实核对表 §1 录入的公开统计（可信度 A）；核对表没有列出发布机构，原始网址待补"
MIX_NOTE_2022 = "只录入了核对表里的几项，其余目的地、品类或来源地的占比没有核对，不能当作 0"
MIX_NOTE_2024H1 = "上半年数字，与 2022 年全年比较时要说明时段不同"


def _share(year, period, measure, item, pct, note) -> dict:
    return {
        "year": year,
        "period": period,
        "measure": measure,
        "item": item,
        "share_pct": pct,
        "source": MIX_SOURCE,
        "confidence": "A",
        "note": note,
    }


SHARES_2022 = {
    "出口目的地占比": {"美国": 34.3, "英国": 6.5, "德国": 4.6, "马来西亚": 3.9, "俄罗斯": 2.9},
    "出口品类占比": {"服装鞋包": 33.1, "手机等电子产品": 17.1},
    "进口来源地占比": {"日本": 21.7, "美国": 17.9, "澳大利亚": 10.5, "法国": 7.5},
}
DESTINATIONS_2024H1 = {"美国": 34.2, "英国": 8.1, "德国": 6.2, "法国": 4.5}

ROWS = [
    *(
        _share(2022, "全年", measure, item, pct, MIX_NOTE_2022)
        for measure, shares in SHARES_2022.items()
        for item, pct in shares.items()
    ),
    *(
        _share(2024, "上半年", "出口目的地占比", item, pct, MIX_NOTE_2024H1)
        for item, pct in DESTINATIONS_2024H1.items()
    ),
    {
        "year": 2024,
        "period": "全年",
        "measure": FORECAST,
        "item": "进出口总额",
        "trn_cny": 2.95,
        "source": "商务部预计，新华社 2024-01-31 报道；核对表未列出原始网址",
        "confidence": "B",
        "note": "年初的预测，不是统计结果；对应的实际值（海关首次发布 2.63 万亿元）在 macro_cbec 的 2024 年一行",
    },
]

DETAIL_SCHEMA = {
    "name": "macro_cbec_detail",
    "file": "macro_cbec_detail.csv",
    "title": "中国跨境电商的市场结构与全年预测（真实数据，手工录入）",
    "synthetic": False,
    "datasheet": "macro_cbec_detail.md",
    "lessons": ["06"],
    "columns": {
        "year": {"type": "int", "min": 2022, "max": 2024, "description": "年份"},
        "period": category(["全年", "上半年"], "统计时段"),
        "measure": category([*SHARE_KINDS, FORECAST], "这一行是哪一种数字"),
        "item": {"type": "string", "description": "目的地、品类、来源地，或预测的对象"},
        "share_pct": {
            "type": "float",
            "nullable": True,
            "min": 0,
            "max": 100,
            "unit": "%",
            "description": "占同期跨境电商出口（或进口）的百分比；预测行为空值",
        },
        "trn_cny": {
            "type": "float",
            "nullable": True,
            "min": 0,
            "unit": "万亿元",
            "description": "预测的金额；占比行为空值",
        },
        "source": {"type": "string", "description": "谁发布、在哪里报道"},
        "source_url": {
            "type": "string",
            "nullable": True,
            "description": "公开来源的网址；课程事实核对表没有列出网址的，为空值，不填猜测的网址",
        },
        "confidence": category(["A", "B"], "可信度：A 官方或多个独立来源一致；B 单一可靠来源"),
        "note": {"type": "string", "description": "读这个数字时要注意的地方"},
    },
}


def macro_cbec_detail() -> pd.DataFrame:
    columns = list(DETAIL_SCHEMA["columns"])
    return pd.DataFrame([[row.get(c, EMPTY) for c in columns] for row in ROWS], columns=columns)


DATASET = Dataset(DETAIL_SCHEMA, macro_cbec_detail)
