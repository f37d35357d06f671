"""Exercise 05: B2B2C 协同设计 (the B2B2C design capstone).

Used by ``exercises/05_b2b2c_design.ipynb``; its answers are stored beside it in
``05_b2b2c_design.answers.json``.

OBJECTIVES_AND_QUESTIONS

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

ROUNDING_RULES

Every dataset here is hypothetical (假想数据); the feedback says so where a result could be read
as evidence. Expected values are computed from the shipped data; none is typed in.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from cbec import data
from cbec.questions import (
    Exercise,
    FunctionAnswer,
    MultipleChoice,
    Numeric,
    SingleChoice,
    ValueAnswer,
    ____,
)

exercise = Exercise("L05", stem="05_b2b2c_design", title="练习 5：B2B2C 协同设计")

KEYS = ["country", "product_line"]
MAX_LAG = 6  # months: the lesson reads lags 0 to 6


@lru_cache(maxsize=1)
def _panel() -> pd.DataFrame:
    return data.load("b2b2c_panel")


@lru_cache(maxsize=1)
def _content() -> pd.DataFrame:
    return data.load("b2b2c_content")


# -- Q1 先测后推: the lag profile as a function ------------------------------------------------
def _profile(panel, lead, follow, diff=True, grouped=True, sign=1, pooled=False) -> pd.Series:
    """Mean over series of corr(lead shifted k months, follow), k = 0 … 6, as the question asks
    (the defaults) or as a slip computes it."""
    rows = panel.sort_values([*KEYS, "month"]).reset_index(drop=True)
    values = rows.groupby(KEYS, observed=True)[[lead, follow]].diff() if diff else rows[[lead, follow]]
    values = rows[KEYS].join(values)
    out = {}
    for k in range(MAX_LAG + 1):
        shifted = values.groupby(KEYS, observed=True)[lead] if grouped else values[lead]
        pairs = values.assign(lagged=shifted.shift(sign * k))
        if pooled:
            out[k] = pairs["lagged"].corr(pairs[follow])
        else:
            per_series = pairs.groupby(KEYS, observed=True).apply(
                lambda s: s["lagged"].corr(s[follow]), include_groups=False
            )
            out[k] = per_series.mean()
    return pd.Series(out, dtype=float)


def _lag_profile(panel, lead, follow):
    return _profile(panel, lead, follow)


def _profile_levels(panel, lead, follow):
    return _profile(panel, lead, follow, diff=False)


def _profile_ungrouped(panel, lead, follow):
    return _profile(panel, lead, follow, grouped=False)


def _profile_backwards(panel, lead, follow):
    return _profile(panel, lead, follow, sign=-1)


def _profile_pooled(panel, lead, follow):
    return _profile(panel, lead, follow, pooled=True)


def _small_panel(seed: int, countries, lines, months: int, lag: int, shuffle: bool = False) -> pd.DataFrame:
    """A made-up panel: per series a trending, noisy ``lead`` column and a ``follow`` column
    that echoes it ``lag`` months later. Small, so no output holds another question's answer."""
    rng = np.random.default_rng(seed)
    frames = []
    for country in countries:
        for line in lines:
            trend = np.arange(months + lag) * rng.uniform(0.5, 2.0)
            lead = np.round(20 + trend + rng.normal(0, 4, months + lag))
            follow = np.round(5 + 0.5 * lead[:months] + rng.normal(0, 2, months))
            frames.append(
                pd.DataFrame(
                    {
                        "month": pd.date_range("2023-01-01", periods=months, freq="MS"),
                        "country": country,
                        "product_line": line,
                        "signal": lead[lag:],
                        "echo": follow,
                    }
                )
            )
    frame = pd.concat(frames, ignore_index=True)
    if shuffle:
        frame = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return frame


def _lag_cases() -> list[tuple]:
    return [(_small_panel(5, ["甲国", "乙国"], ["灯具"], 14, 2), "signal", "echo")]


def _hidden_lag_cases() -> list[tuple]:
    # Rows out of month order (the panel the learner gets is sorted), three series, another lag,
    # and the columns asked the other way round.
    mixed = _small_panel(11, ["甲国", "乙国", "丙国"], ["灯具"], 16, 1, shuffle=True)
    return [(mixed, "signal", "echo"), (mixed, "echo", "signal")]


q1 = exercise.add(
    FunctionAnswer(
        "L05.Q1",
        reference=_lag_profile,
        cases=_lag_cases,
        hidden_cases=_hidden_lag_cases,
        rtol=1e-6,
        misconceptions=[
            (
                _profile_levels,
                "你用的是原值，没有先做一阶差分：趋势和自相关会让每个滞后的相关都偏高。"
                "先在每条序列内部 diff()，再 shift。",
            ),
            (
                _profile_ungrouped,
                "你的 shift 没有按序列分组：上一条序列最后几个月的值被挪进了下一条序列的开头。"
                '用 groupby(["country", "product_line"]) 之后再 shift(k)。',
            ),
            (
                _profile_backwards,
                "方向反了：你把 lead 往前挪（shift(-k)），算的是 follow 领先 lead。"
                "lead 在前，就让第 t 个月的行里放 lead 在第 t − k 个月的值：shift(k)。",
            ),
            (
                _profile_pooled,
                "你把所有序列的行放在一起算了一个相关系数。题目要每条序列各算一个相关系数，再对序列求平均。",
            ),
        ],
        hints=[
            "分四步：按 month 排序；在每条“国家 × 产品线”序列内部对两列做 diff()；"
            "把 lead 列在序列内部 shift(k)；每条序列算一次 corr，再对序列求平均。k 从 0 到 6 各做一次。",
            '排序写成 panel.sort_values(["country", "product_line", "month"])；'
            "分组后的 shift 和 diff 都只在组内移动：groupby([...], observed=True)[列].shift(k)。",
            "课程第 2 节的 lag_corr 是其中一个 k 的做法（它不排序、也不差分）。"
            "最后用 pd.Series({k: 相关系数, ...}) 把 7 个数放进以 k 为索引的 Series。",
        ],
        solution=(
            "def lag_profile(panel, lead, follow):\n"
            '    by = ["country", "product_line"]\n'
            '    rows = panel.sort_values(by + ["month"])\n'
            "    steps = rows[by].join(rows.groupby(by, observed=True)[[lead, follow]].diff())\n"
            "    out = {}\n"
            "    for k in range(7):\n"
            "        moved = steps.assign(moved=steps.groupby(by, observed=True)[lead].shift(k))\n"
            "        per = moved.groupby(by, observed=True).apply(\n"
            '            lambda s: s["moved"].corr(s[follow]), include_groups=False)\n'
            "        out[k] = per.mean()\n"
            "    return pd.Series(out)"
        ),
        explanation="差分去掉了趋势，组内 shift 不让一条序列的值漏进另一条，每条序列各算相关再平均，"
        "让每条序列同样重要。相关最高的 k 就是“领先几个月”的估计，但它仍只是相关。",
        points=3,
    )
)


# -- Q2 品牌与流量循环: how many months C-side orders lead B-side wholesale inquiries -----------
def _best_lag(**kwargs) -> int:
    return int(_profile(_panel(), "c_orders", "b_wholesale_inquiries", **kwargs).idxmax())


q2 = exercise.add(
    Numeric(
        "L05.Q2",
        answer=_best_lag,
        tolerance=0.5,
        unit=" 个月",
        slider=(0, 6, 1),
        misconceptions=[
            (
                0,
                "0 表示同一个月。一阶差分后同月的相关接近 0：拖动滑块，看哪个滞后的平均相关最高。",
            ),
            (
                1,
                "1 个月是课程第 2 节里 B 端询盘领先 C 端测试上新的月数，那是另一对列。"
                "这里是 C 端订单领先 B 端批发询盘：用你的 lag_profile 或滑块重新量。",
            ),
            (
                6,
                "6 是滑块的最右端。差分后的相关在较长的滞后上都接近 0：找平均相关明显最高的那个月数。",
            ),
        ],
        hints=[
            '用第 1 题的函数：lag_profile(panel, "c_orders", "b_wholesale_inquiries")，看哪个 k 的相关最高。',
            "也可以拖动滑块：图下方会打印这个滞后下（差分后）32 条序列的平均相关系数。",
            "Series 的 .idxmax() 给出最大值所在的索引，也就是相关最高的 k。",
        ],
        solution="一阶差分后，对 k = 0 … 6 算 c_orders 领先 b_wholesale_inquiries 的平均相关，取最高的 k。",
        explanation="这是方案里“C 端测出赢家后，多久能在 B 端看到批发需求”的估计。它来自假想数据："
        "生成器按论文的设想让 C 端订单领先批发询盘，找回它只说明方法有效。"
        "真实数据里这个月数要用自己的数据量，而且它只是相关。",
        points=2,
        rounding="accept",
        explore="cbec.explore.l05:lag_scatter",
    )
)


# -- Q3 reading the lead: what it can and cannot say ------------------------------------------
Q3_ANSWER = (
    "两端的变化在时间上一前一后；这是按论文设想造的假想数据，真实数据里还要排除共同原因，最好做试点实验"
)
Q3_CAUSE = "证明了 C 端订单带来了 B 端批发询盘：领先的一方就是原因，可以据此加大速卖通投放"
Q3_LEVELS = "原值在每个滞后的相关都很高，说明 C 端对 B 端的带动会持续半年以上"
Q3_SHARE = "相关系数约 0.8，说明约 80% 的批发询盘是由 C 端订单带来的"
q3 = exercise.add(
    SingleChoice(
        "L05.Q3",
        options=[Q3_CAUSE, Q3_LEVELS, Q3_ANSWER, Q3_SHARE],
        answer=Q3_ANSWER,
        misconceptions={
            Q3_CAUSE: "时间上领先不等于原因：两端可能被同一件事推动（季节、大促、社交媒体上的热度），"
            "只是 B 端反应得慢一些。要说因果，需要例如随机挑一部分国家先推 C 端的实验。",
            Q3_LEVELS: "原值的相关摊满每个滞后，是趋势和自相关造成的（课程第 2.3 节），不说明影响持续多久。差分后只有一个滞后明显为正。",
            Q3_SHARE: "相关系数不是比例：它衡量两列一起变化的程度，不说明一列里有多少份来自另一列。",
        },
        hints=[
            "课程第 2.3 节列了读滞后相关时的几条提醒。",
            "领先的一方一定是原因吗？想一个能同时推动 C 端订单和 B 端批发询盘的第三件事。",
            "这份数据是怎样来的？数据说明开头的那句提醒和这道题有关。",
        ],
        solution=f"选“{Q3_ANSWER}”。",
        explanation="滞后相关能说明“谁的变化在前、大约早几个月”，不能说明谁带动了谁，"
        "也不能说明带动了多少。这里的数据是假想的，方法找回的是生成器放进去的关系。",
        points=1,
    )
)


# -- Q4 内容复用: the cost ratio by asset type --------------------------------------------------
def _reuse_ratio(
    adaptation: bool = True, own_only: bool = False, per_asset: bool = False, inverted: bool = False
) -> pd.Series:
    """Cost per 1,000 views of reused assets ÷ that of single-platform assets, per asset type."""
    assets = _content()
    cost = assets["production_cost_cny"] + (assets["adaptation_cost_cny"] if adaptation else 0)
    own = np.where(assets["made_for"] == "国际站", assets["b_views"], assets["c_views"])
    views = pd.Series(own, index=assets.index) if own_only else assets["b_views"] + assets["c_views"]
    frame = pd.DataFrame(
        {"type": assets["asset_type"], "reused": assets["reused"], "cost": cost, "views": views}
    )
    if per_asset:
        frame["per_view"] = frame["cost"] / frame["views"] * 1000
        per_1000 = frame.groupby(["type", "reused"], observed=True)["per_view"].mean().unstack()
    else:
        sums = frame.groupby(["type", "reused"], observed=True)[["cost", "views"]].sum()
        per_1000 = (sums["cost"] / sums["views"] * 1000).unstack()
    ratio = per_1000[False] / per_1000[True] if inverted else per_1000[True] / per_1000[False]
    return ratio.rename_axis("asset_type").rename(None)


q4 = exercise.add(
    ValueAnswer(
        "L05.Q4",
        expected=_reuse_ratio,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _reuse_ratio(per_asset=True),
                "你先算了每个资产的每千次观看成本再求平均，观看很少的资产会得到极端的比值。"
                "用总数之比：每组的成本合计 ÷ 观看合计 × 1,000。",
            ),
            (
                lambda: _reuse_ratio(adaptation=False),
                "复用组的成本里少了改编费 adaptation_cost_cny：复用不是免费的，成本 = 制作 + 改编。",
            ),
            (
                lambda: _reuse_ratio(own_only=True),
                "你只算了资产最初那个平台的观看。复用换来的正是另一端的观看：观看 = b_views + c_views。",
            ),
            (
                lambda: _reuse_ratio(inverted=True),
                "比例倒过来了：题目要“复用 ÷ 只用一个平台”，小于 1 表示复用更省。",
            ),
        ],
        hints=[
            "照课程第 3.1 节：成本 = production_cost_cny + adaptation_cost_cny，观看 = b_views + c_views。",
            "这次按 asset_type 和 reused 两列分组，把成本和观看各自求和，再算每千次观看成本。",
            "分组求和后用 .unstack() 把 reused 变成两列（False 和 True），再用 True 列 ÷ False 列。",
        ],
        solution=(
            'content["cost_cny"] = content["production_cost_cny"] + content["adaptation_cost_cny"]\n'
            'content["views"] = content["b_views"] + content["c_views"]\n'
            'sums = content.groupby(["asset_type", "reused"], observed=True)[["cost_cny", "views"]].sum()\n'
            'per_1000 = (sums["cost_cny"] / sums["views"] * 1000).unstack()\n'
            "reuse_ratio = per_1000[True] / per_1000[False]"
        ),
        explanation="复用并不是对每种内容都划算：改编费相对制作费越高、另一端的观看越少，复用省得越少，"
        "甚至更贵。内容计划应当按类型决定复用哪些。这是假想数据，比例是生成器按论文的设想造的。",
        points=2,
        rounding="note",
    )
)


# -- Q8 the paper's model: which mechanisms the body names -------------------------------------
Q8_OPTIONS = [
    "数据指导产品开发，先测后推",
    "技术赋能",
    "内容素材复用",
    "供应链优化",
    "品牌形象贯通与流量协同",
    "品牌出海",
]
Q8_ANSWER = ["数据指导产品开发，先测后推", "内容素材复用", "品牌形象贯通与流量协同"]
q8 = exercise.add(
    MultipleChoice(
        "L05.Q8",
        options=Q8_OPTIONS,
        answer=Q8_ANSWER,
        option_notes={
            "技术赋能": "“技术赋能”出自论文摘要的三个维度，正文并没有把它作为一个协同机制展开。",
            "供应链优化": "“供应链优化”是摘要的说法；正文讲供应链时，是放在“数据指导开发、先测后推”里讲的，不是单独的机制。",
            "品牌出海": "“品牌出海”是摘要的第三个维度；正文对应的是品牌形象贯通与流量协同这个循环。",
            "数据指导产品开发，先测后推": "这是正文的第一个机制：国际站的询盘和趋势指导开发与速卖通选品。",
            "内容素材复用": "这是正文的第二个机制：为国际站拍的工厂与质检影像改编后用在速卖通。",
            "品牌形象贯通与流量协同": "这是正文的第三个机制：B 端的专业形象和 C 端的口碑互相加强。",
        },
        hints=[
            "课程第 1 节分开列了两套说法：一套在摘要里，一套在正文第 4 节里。",
            "题目问的是正文展开的三个机制，不是摘要的三个维度。",
            "摘要的三个维度是技术、供应链和品牌出海；把它们排除之后，剩下的是哪三个？",
        ],
        solution="正文的三个机制：数据指导产品开发与先测后推、内容素材复用、品牌形象贯通与流量协同。"
        "技术赋能、供应链优化、品牌出海是摘要的三个维度。",
        explanation="论文的摘要和正文用了两套不对应的“三个”。引用时要说明引的是哪一套；"
        "本课和练习按正文的三个机制（加上表 1 的 CRM 打通）来设计方案。",
        points=2,
        partial_credit=True,
    )
)

__all__ = ["____", "exercise", "q1", "q2", "q3", "q4", "q8"]
