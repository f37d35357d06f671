"""The design-task firm of lesson 05: a hypothetical outdoor-lighting maker on both platforms.

One row per candidate product, with the numbers a written B2B2C plan can cite: six months of
国际站 inquiries, a small 速卖通 pilot (visitors, orders), costs and prices on both sides, MOQ and
the content the firm already has. Every figure is an assumption.

Planted answer to "which products to test on C first": the two whose inquiries rise and whose
pilot converts well on a fair sample, with a healthy C-side margin. Two traps: the product with
the most inquiries loses money per retail unit once fulfilment is paid, and the best pilot
conversion rests on a handful of visitors while its inquiries fall.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from datagen.common import Dataset, PlantedAnswer, col, stream

MONTHS = ["2024_07", "2024_08", "2024_09", "2024_10", "2024_11", "2024_12"]
INQUIRY_COLUMNS = [f"b_inquiries_{m}" for m in MONTHS]
# id, name, inquiries in July, growth over the six months (Dec ÷ Jul), pilot visitors, pilot
# conversion, unit cost, retail price, C-side fulfilment per unit, FOB price, MOQ, content assets,
# factory video. Assumptions throughout.
PRODUCTS = [
    ("LX01", "太阳能庭院灯", 60, 1.00, 900, 0.014, 6.0, 19.9, 6.5, 8.2, 500, 6, True),
    ("LX02", "太阳能感应壁灯", 45, 2.10, 1100, 0.032, 4.2, 16.9, 4.8, 6.1, 1000, 4, True),
    ("LX03", "LED 投光灯", 70, 0.95, 700, 0.012, 9.5, 29.9, 9.0, 12.8, 300, 8, True),
    ("LX04", "户外灯串", 40, 1.05, 1300, 0.015, 3.1, 12.9, 4.6, 4.4, 1000, 3, False),
    ("LX05", "充电露营灯", 30, 1.90, 1000, 0.029, 5.6, 21.9, 5.2, 7.9, 500, 5, False),
    ("LX06", "草坪灯", 35, 0.85, 600, 0.011, 3.8, 11.9, 4.9, 5.2, 1000, 2, False),
    ("LX07", "太阳能路灯", 95, 2.00, 800, 0.030, 38.0, 69.0, 33.5, 52.0, 50, 7, True),
    ("LX08", "地埋灯", 25, 1.00, 500, 0.010, 7.2, 22.9, 7.1, 9.6, 300, 1, False),
    ("LX09", "LED 头灯", 28, 0.70, 60, 0.060, 2.9, 13.9, 3.9, 4.1, 1000, 2, False),
    ("LX10", "户外壁灯（有线）", 50, 1.10, 800, 0.015, 8.0, 24.9, 7.4, 10.9, 300, 4, True),
]
FIELDS = ["product_id", "product_name", "july", "growth", "visitors", "conversion", "unit_cost_usd"]
FIELDS += ["c_price_usd", "c_fulfilment_usd", "b_fob_usd", "moq_units", "content_assets", "factory_video"]
TEST_FIRST = ["LX02", "LX05"]
TRAP_MARGIN, TRAP_SMALL_SAMPLE = "LX07", "LX09"
# The rule the planted answer follows: exercise 05's Q10 criteria, documented for the instructor.
MIN_GROWTH = 1.2  # Oct–Dec inquiries ÷ Jul–Sep inquiries
MIN_CONVERSION, MIN_VISITORS = 0.02, 500
MIN_C_MARGIN = 0.0  # (retail − unit cost − fulfilment) ÷ retail; Q10 asks for a margin above 0


def firm() -> pd.DataFrame:
    rng = stream("b2b2c_firm")
    spec = pd.DataFrame(PRODUCTS, columns=FIELDS)
    step = np.arange(len(MONTHS)) / (len(MONTHS) - 1)
    expected = spec["july"].to_numpy()[:, None] * spec["growth"].to_numpy()[:, None] ** step
    inquiries = pd.DataFrame(rng.poisson(expected), columns=INQUIRY_COLUMNS)
    orders = rng.binomial(spec["visitors"], spec["conversion"])
    front = spec[["product_id", "product_name"]]
    pilot = pd.DataFrame({"c_test_visitors": spec["visitors"], "c_test_orders": orders})
    rest = spec[["unit_cost_usd", "c_price_usd", "c_fulfilment_usd", "b_fob_usd", "moq_units"]]
    return pd.concat([front, inquiries, pilot, rest, spec[["content_assets", "factory_video"]]], axis=1)


def _inquiry_columns() -> dict:
    return {
        name: col("int", f"国际站：{m[:4]} 年 {int(m[5:])} 月收到的询盘", "条", min=0)
        for name, m in zip(INQUIRY_COLUMNS, MONTHS, strict=True)
    }


SCHEMA = {
    "name": "b2b2c_firm",
    "file": "b2b2c_firm.csv",
    "title": "设计题的假想企业：一家户外照明厂的候选产品（假想数据，仅供教学）",
    "synthetic": True,
    "hypothetical": True,
    "datasheet": "b2b2c_firm.md",
    "lessons": ["05"],
    "columns": {
        "product_id": col("string", "产品编号", unique=True),
        "product_name": col("string", "产品名称", unique=True),
        **_inquiry_columns(),
        "c_test_visitors": col("int", "速卖通小规模测试：商品详情页访客", "人", min=0),
        "c_test_orders": col("int", "速卖通小规模测试：订单", "单", min=0),
        "unit_cost_usd": col("float", "单位生产成本（出厂）", "USD", min=0),
        "c_price_usd": col("float", "速卖通零售价", "USD", min=0),
        "c_fulfilment_usd": col(
            "float", "速卖通每件的履约成本：跨境物流、平台佣金与售后的合计", "USD", min=0
        ),
        "b_fob_usd": col("float", "国际站批发价（FOB 离岸价）", "USD", min=0),
        "moq_units": col("int", "国际站最小起订量（MOQ）", "件", min=1),
        "content_assets": col("int", "已有可复用的内容资产（视频、场景图文）", "个", min=0),
        "factory_video": col("bool", "是否已有工厂实拍视频"),
    },
    "rules": [
        "c_test_orders <= c_test_visitors",
        "unit_cost_usd < b_fob_usd",
        "b_fob_usd < c_price_usd",
    ],
}

NAMES = {p[0]: p[1] for p in PRODUCTS}
ANSWER = PlantedAnswer(
    "firm_test_first_on_c",
    "b2b2c_firm",
    "设计题：先在速卖通测试哪些产品？",
    tuple(f"{pid} {NAMES[pid]}" for pid in TEST_FIRST),
    f"同时满足练习第 10 题的四条：询盘在增长（10—12 月询盘合计 ÷ 7—9 月合计 ≥ {MIN_GROWTH}）；"
    f"测试访客至少 {MIN_VISITORS} 人；测试转化率（c_test_orders ÷ c_test_visitors）≥ {MIN_CONVERSION:.0%}；"
    "零售每件毛利（c_price_usd − unit_cost_usd − c_fulfilment_usd）大于 0。"
    "好的方案引用这三类数字，并说明测试样本小、结论需要正式测试来确认",
    (
        f"{TRAP_MARGIN} {NAMES[TRAP_MARGIN]}：询盘最多且在增长，测试转化也达标，但每件零售毛利为负"
        "（体积大，履约成本高）；它更适合留在国际站做批发，而不是到速卖通测试",
        f"{TRAP_SMALL_SAMPLE} {NAMES[TRAP_SMALL_SAMPLE]}：测试转化率最高，但只有几十位访客，"
        "而且询盘在下降；只看转化率会选中它",
    ),
    ("05",),
)

DATASETS = (Dataset(SCHEMA, firm, answers=(ANSWER,)),)
