"""Exercise 05: B2B2C 协同设计 (the B2B2C design capstone).

Used by ``exercises/05_b2b2c_design.ipynb``; its answers are stored beside it in
``05_b2b2c_design.answers.json``.

Objectives of lesson 05 and the questions that assess them:

1. 测量 the lead and the lag of 先测后推 by lagged correlation (groupby + shift, first
   differences, mean of per-series ``corr``), and read it as correlation, not causation: Q1 (the
   lag profile as a function, with hidden cases), Q2 (how many months C-side orders lead B-side
   wholesale inquiries, found with the lag explorer), Q3 (what the lead can and cannot say).
2. 比较 the cost per 1,000 views of content made once and reused against content made for one
   platform (ratio of totals), and estimate what a content plan saves: Q4 (the ratio per asset
   type; a bootstrap interval below it shows the types are not told apart), Q5 (the saving of a
   made-up plan in 元, every type reused by default).
3. 合并 B-side accounts with C-side loyal customers through the bridge table: many-to-many joins
   checked with ``validate=``, consent, match rules, and the false-match share from the audited
   sample with an interval: Q6 (per value band, over consented exact links: wholesale value counted
   once per account, and the distinct linked repeat customers, found through two many-to-one
   merges with ``validate=``), Q7 (the false-match share per match method with a 95 %
   normal-approximation interval; the explanation adds the Wilson interval where the normal one
   crosses 0).
4. 解释 the paper's B2B2C model (the body's three mechanisms and Table 1's CRM) and the abstract's
   other list, which only partly corresponds: Q8 (multiple choice, partial credit).
5. 设计 a B2B2C plan for the design firm (``b2b2c_firm``) that rests on the computed figures:
   Q9 (inquiry trend, test conversion and retail margin per product), Q10 (which products meet
   the stated test criteria), and the written sections Q11 (products to test first and the lead
   time before pushing to B), Q12 (content plan and its expected saving), Q13 (CRM segments and
   what each receives, consent and false matches), Q14 (risks and how to meet them).

Questions (id, type, points): Q1 function 3, Q2 slider with explorer 2, Q3 single 1, Q4 value 2,
Q5 value 2, Q6 value 2, Q7 value 2, Q8 multiple 2, Q9 value 2, Q10 multiple 2, Q11 written 6,
Q12 written 4, Q13 written 6, Q14 written 4; 40 points in all, 20 of them marked by the teacher
against the rubrics (the grader reports them as needs_marking until the marks are merged).

Written answers: suggested lengths Q11 250–500, Q12 200–400, Q13 250–500, Q14 150–300
characters (guidance only; the rubric alone earns points). Each carries formative notes that never score (too short, no figure cited where
``cite_numbers`` is set, and the bank's own notes for a missing lead time, consent, false
matches, causation or prices). Their ``solution=`` text is for the teacher only and is built from
the computed results; the model answers are the solution notebook's ``qN.set_answer(...)  #
SOLUTION`` lines, and a test checks every figure in them against the bank.

Rounding rule, per question (``rounding=``; a number that is the expected value rounded to 3 or
more significant figures but outside the tolerance):

- Q2 (slider): "accept". A slider position is itself a rounded reading (whole months).
- Q4, Q5, Q6, Q7, Q9 (values computed in code): "note". The learner passes the computed object; a
  typed-in rounded copy is marked wrong with a note that names the rounding.
- Q1 (a function, compared with rtol 1e-6), Q3, Q8, Q10 (choices) and Q11–Q14 (written) have no
  single number to round.

Partial credit: Q8 and Q10 (multiple choice) earn a share of their points. Q1's misconceptions
are wrong reference functions (levels instead of differences, a shift across series, the shift
the wrong way, one pooled correlation); its hidden cases have rows out of month order and the
columns asked the other way round. Q10's expected choice comes from the stated criteria applied to
the data, so a regenerated table cannot leave a stale key.

Every dataset here is hypothetical (假想数据); the feedback says so where a result could be read
as evidence. Expected values are computed from the shipped data; none is typed in.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from cbec import data
from cbec.explore.l05 import reuse_intervals
from cbec.questions import (
    Criterion,
    Exercise,
    FunctionAnswer,
    Lacks,
    Level,
    Matches,
    MultipleChoice,
    Numeric,
    SingleChoice,
    ValueAnswer,
    WrittenAnswer,
    ____,
)

exercise = Exercise(
    "L05",
    stem="05_b2b2c_design",
    title="练习 5：B2B2C 协同设计",
    # objective of lesson 05 → the questions that assess it, as the docstring says
    objectives={
        1: ("Q1", "Q2", "Q3"),
        2: ("Q4", "Q5"),
        3: ("Q6", "Q7"),
        4: ("Q8",),
        5: ("Q9", "Q10", "Q11", "Q12", "Q13", "Q14"),
    },
)

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
Q3_ANSWER = "只说明两端的变化一前一后；这是按论文设想造的假想数据，要说因果还要排除共同原因、做试点实验"
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


def _q4_explanation() -> str:
    """The explanation states the common range of the four bootstrap intervals, computed."""
    bounds = reuse_intervals(_content())
    low, high = bounds["low"].max(), bounds["high"].min()
    common = f"四个区间有一段共同的范围（约 {low:.2f}—{high:.2f}）" if low < high else "四个区间大部分重叠"
    return (
        "每种类型只有二三十个资产，比值的抽样误差很大：运行题目下面的单元格看 95% bootstrap 区间。"
        f"{common}，有的区间还包含 1，所以各类型之间的差别还不能和“复用对所有类型都一样”区分开；"
        "一个比值大于 1 也不说明这类内容复用更贵。计划可以默认复用，再用自己的数据按类型复核。"
        "这是假想数据，比例是生成器按论文的设想造的。"
    )


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
        explanation=_q4_explanation(),
        points=2,
        rounding="note",
    )
)


# -- Q5 内容复用: what a content plan saves ----------------------------------------------------
# Made-up plan figures for the design firm: views wanted next year on both platforms together.
CONTENT_PLAN = {"工厂实拍视频": 300_000, "产品短视频": 600_000, "直播切片": 400_000, "场景图文": 200_000}


def _per_1000(by_type: bool = True, per_asset: bool = False) -> pd.DataFrame:
    """Cost per 1,000 views (元) of single-platform (False) and reused (True) assets."""
    assets = _content()
    frame = pd.DataFrame(
        {
            "type": assets["asset_type"].astype(str) if by_type else "全部",
            "reused": assets["reused"],
            "cost": assets["production_cost_cny"] + assets["adaptation_cost_cny"],
            "views": assets["b_views"] + assets["c_views"],
        }
    )
    if per_asset:
        frame["per_view"] = frame["cost"] / frame["views"] * 1000
        return frame.groupby(["type", "reused"])["per_view"].mean().unstack()
    sums = frame.groupby(["type", "reused"])[["cost", "views"]].sum()
    return (sums["cost"] / sums["views"] * 1000).unstack()


def _plan_saving(reuse_all: bool = True, by_type: bool = True, per_asset: bool = False) -> float:
    """元 saved by the plan: every type reused by default (Q4's intervals do not tell the types
    apart); ``reuse_all=False`` is the slip of dropping the types whose sample ratio is above 1."""
    rates = _per_1000(by_type, per_asset)
    total = 0.0
    for asset_type, views in CONTENT_PLAN.items():
        row = rates.loc[asset_type if by_type else "全部"]
        gap = row[False] - row[True]
        if reuse_all or gap > 0:
            total += gap * views / 1000
    return float(total)


q5 = exercise.add(
    ValueAnswer(
        "L05.Q5",
        expected=_plan_saving,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _plan_saving(reuse_all=False),
                "你把比值大于 1 的那一类去掉了。第 4 题的区间说明各类型的差别还分不出来，所以计划默认四类都复用："
                "每一类都按它自己的差值计入，差值为负就是负数。",
            ),
            (
                lambda: _plan_saving(by_type=False),
                "你用了不分类型的每千次观看成本。计划里各类型的观看量不同，要按类型分别算，再加总。",
            ),
            (
                lambda: _plan_saving(per_asset=True),
                "你的每千次观看成本是每个资产比值的平均。用总数之比：成本合计 ÷ 观看合计 × 1,000。",
            ),
            (
                lambda: _plan_saving() / 1000,
                "你的结果小了一千倍：每千次观看成本要乘以“计划观看次数 ÷ 1,000”，不是乘以千次数再除一次。",
            ),
        ],
        hints=[
            "每种内容的节省 =（只用一个平台的每千次观看成本 − 复用的每千次观看成本）× 计划观看次数 ÷ 1,000。",
            "每千次观看成本按 asset_type 和 reused 分组、用总数之比来算，就是第 4 题里那张表的两列。",
            "计划默认四类都复用：每一类的节省照公式算（样本里复用更贵的一类，节省是负数），最后把四类加起来。",
        ],
        solution=(
            "rates = per_1000  # 第 4 题的表：行是 asset_type，列是 False / True\n"
            "saving = sum((rates.loc[t, False] - rates.loc[t, True]) * views / 1000\n"
            "             for t, views in plan.items())"
        ),
        explanation="这个数有三个假设：成本随观看量按比例变化（每千次观看成本不变）；计划里两端观看的比例和样本一样；"
        "成本借自另一家假想企业。样本里为国际站拍的资产单平台成本更高，而这家企业的工厂视频都是为国际站拍的，"
        "所以它的实际节省可能不同。真实的计划要用自己的成本数据重算，并和内容预算放在一起看。",
        points=2,
        rounding="note",
    )
)


# -- Q6 CRM: wholesale value reachable with consent, without double counting ---------------------
@lru_cache(maxsize=1)
def _accounts() -> pd.DataFrame:
    return data.load("b2b2c_b_accounts")


@lru_cache(maxsize=1)
def _bridge() -> pd.DataFrame:
    return data.load("b2b2c_crm_bridge")


@lru_cache(maxsize=1)
def _order_counts() -> pd.DataFrame:
    orders = data.load("aliexpress_orders")
    return orders.groupby("customer_id").size().rename("orders").reset_index()


def _marketable(
    fuzzy: bool = False, merged: bool = False, repeat_from: int = 2, count_links: bool = False
) -> pd.DataFrame:
    """Per value band, over consented exact links (the ones the CRM may use without an audit):
    the 2024 wholesale USD of the linked accounts, each counted once, and the number of distinct
    linked 速卖通 customers with at least two orders. The arguments are the slips."""
    bridge = _bridge()
    links = bridge[bridge["consent"] & ((bridge["match_method"] == "精确") | fuzzy)]
    accounts = _accounts()
    if merged:
        rows = accounts.merge(links, on="account_id")
    else:
        rows = accounts[accounts["account_id"].isin(links["account_id"])]
    value = rows.groupby("value_band", observed=True)["wholesale_usd_2024"].sum()
    joined = links.merge(_order_counts(), on="customer_id", how="left", validate="many_to_one").merge(
        accounts[["account_id", "value_band"]], on="account_id", validate="many_to_one"
    )
    repeat = joined[joined["orders"] >= repeat_from].groupby("value_band", observed=True)["customer_id"]
    buyers = repeat.size() if count_links else repeat.nunique()
    return pd.DataFrame({"wholesale_usd": value, "repeat_customers": buyers}).fillna(0)


q6 = exercise.add(
    ValueAnswer(
        "L05.Q6",
        expected=_marketable,
        rtol=1e-6,
        misconceptions=[
            (
                lambda: _marketable(merged=True),
                "有的账户有不止一条链接，合并后它的采购额被加了好几次。每个账户只算一次："
                '先用 isin 挑出账户再加总，或者合并后 drop_duplicates("account_id")。',
            ),
            (
                lambda: _marketable(fuzzy=True),
                "你把同意了的模糊链接也算进去了。模糊链接约三成是错配，要先人工核对；这里只要同意的精确链接。",
            ),
            (
                lambda: _marketable(count_links=True),
                "repeat_customers 数的是链接（合并后的行），不是顾客：一位顾客可能连到同一等级的几个账户。用 nunique()。",
            ),
            (
                lambda: _marketable(repeat_from=1),
                "你数的是下过单的顾客。复购要至少 2 笔订单：orders >= 2。",
            ),
        ],
        hints=[
            '先留下可以直接用的链接：bridge[bridge["consent"] & (bridge["match_method"] == "精确")]。'
            "wholesale_usd：用 isin 挑出这些链接涉及的账户，按 value_band 加总 wholesale_usd_2024。",
            'repeat_customers：orders.groupby("customer_id").size() 是每位顾客的订单数；把它 reset_index 后合并到链接上，'
            '再合并账户的 value_band。每次合并写明 validate=（链接 → 顾客、链接 → 账户都是“多对一”，"many_to_one"），并核对行数没有变。',
            "合并后留下订单数不少于 2 的行，按 value_band 分组，对 customer_id 用 nunique()；"
            '两列放进 pd.DataFrame({"wholesale_usd": ..., "repeat_customers": ...})。',
        ],
        solution=(
            'usable = bridge[bridge["consent"] & (bridge["match_method"] == "精确")]\n'
            'reachable = accounts[accounts["account_id"].isin(usable["account_id"])]\n'
            'counts = orders.groupby("customer_id").size().rename("orders").reset_index()\n'
            'joined = usable.merge(counts, on="customer_id", how="left", validate="many_to_one")\n'
            'joined = joined.merge(accounts[["account_id", "value_band"]], on="account_id", validate="many_to_one")\n'
            "crm_tiers = pd.DataFrame({\n"
            '    "wholesale_usd": reachable.groupby("value_band", observed=True)["wholesale_usd_2024"].sum(),\n'
            '    "repeat_customers": joined[joined["orders"] >= 2].groupby("value_band", observed=True)["customer_id"].nunique(),\n'
            "})"
        ),
        explanation="同意的精确链接是 CRM 不经人工核对就能用的部分；按等级加总采购额，就知道每一层值多少，"
        "复购顾客数说明每一层在 C 端有多少可以经营的人。同意了的模糊链接也许同样有价值，但要先核对。"
        "每次合并都用 validate= 写明关系、核对行数：多对一的合并不会增加行数，加总前仍要确认一行代表什么。这是假想数据。",
        points=2,
        rounding="note",
    )
)


# -- Q7 CRM: the false-match share per method, with its interval --------------------------------
def _false_share(denominator: str = "checked", flag: bool = False, scale: float = 1.0) -> pd.DataFrame:
    """Share of false links per match method with a 95 % normal-approximation interval."""
    links = _bridge()
    checked = links[links["verified"].notna()]
    wrong = checked["verified"] == flag
    counts = wrong.groupby(checked["match_method"], observed=True).agg(["sum", "count"]).astype(float)
    if denominator == "all":
        counts["count"] = links.groupby("match_method", observed=True).size().astype(float)
    share = counts["sum"] / counts["count"]
    se = np.sqrt(share * (1 - share) / counts["count"])
    table = pd.DataFrame({"share": share, "low": share - 1.96 * se, "high": share + 1.96 * se})
    return table * scale


def _wilson(share: float, n: float, z: float = 1.96) -> tuple[float, float]:
    centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


def _q7_explanation() -> str:
    table = _false_share()
    notes = []
    for method, row in table.iterrows():
        if row["low"] < 0:
            n = int(
                _bridge()["verified"].notna().groupby(_bridge()["match_method"], observed=True).sum()[method]
            )
            low, high = _wilson(row["share"], n)
            notes.append(
                f"{method}匹配这一行的正态近似下限小于 0，而比例不可能为负：比例接近 0、样本又小时，"
                f"应改报 Wilson 区间（约 {low:.1%}—{high:.1%}），并写明用的是哪种区间。"
            )
    return (
        "两种方法的错配率差得很远：精确匹配的链接大多可靠，模糊匹配的链接错得多，而且核对的样本不大，区间很宽。"
        + "".join(notes)
        + "所以 CRM 里高价值客户的链接应当只用精确匹配，或者逐条人工核对。错配率是生成器设定的（假想数据）。"
    )


q7 = exercise.add(
    ValueAnswer(
        "L05.Q7",
        expected=_false_share,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _false_share("all"),
                "你的分母是全部链接，把没有核对过的也算成了“没错”。只有核对过的链接（verified 不是空值）才知道对错。",
            ),
            (
                lambda: _false_share(flag=True),
                "你算的是确认正确（verified 为 True）的比例。错配是 verified 为 False 的链接。",
            ),
            (
                lambda: _false_share(scale=100.0),
                "题目要比例（0 到 1 之间），不要乘以 100。",
            ),
        ],
        hints=[
            '先留下核对过的链接：bridge[bridge["verified"].notna()]。',
            "错配的比例是 verified == False 的平均数，按 match_method 分组（observed=True）算；n 是每组核对过的链接数。",
            "区间用课程第 5.4 节的正态近似：标准误 = (p × (1 − p) ÷ n) ** 0.5，下限和上限是 p ∓ 1.96 × 标准误。"
            '三列放进 pd.DataFrame({"share": ..., "low": ..., "high": ...})。',
        ],
        solution=(
            'audited = bridge[bridge["verified"].notna()]\n'
            'stats = (audited["verified"] == False).groupby(audited["match_method"], observed=True).agg(["mean", "count"])\n'
            'half = 1.96 * (stats["mean"] * (1 - stats["mean"]) / stats["count"]) ** 0.5\n'
            'false_share = pd.DataFrame({"share": stats["mean"], "low": stats["mean"] - half, "high": stats["mean"] + half})'
        ),
        explanation=_q7_explanation(),
        points=2,
        rounding="note",
    )
)


# -- Q8 the paper's model: which mechanisms the body names -------------------------------------
Q8_OPTIONS = [
    "数据指导产品开发，先测后推",
    "技术赋能",
    "内容资源的共享与复用",
    "供应链优化",
    "品牌形象贯通与流量协同",
    "品牌出海",
]
Q8_ANSWER = ["数据指导产品开发，先测后推", "内容资源的共享与复用", "品牌形象贯通与流量协同"]
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
            "内容资源的共享与复用": "这是正文的第二个机制：为国际站拍的工厂与质检影像改编后用在速卖通。",
            "品牌形象贯通与流量协同": "这是正文的第三个机制：B 端的专业形象和 C 端的口碑互相加强。",
        },
        hints=[
            "课程第 1 节分开列了两套说法：一套在摘要里，一套在正文第 4 节里。",
            "题目问的是正文展开的三个机制，不是摘要的三个维度。",
            "摘要的三个维度是技术、供应链和品牌出海；把它们排除之后，剩下的是哪三个？",
        ],
        solution="正文的三个机制：数据指导产品开发与先测后推、内容资源的共享与复用、品牌形象贯通与流量协同。"
        "技术赋能、供应链优化、品牌出海是摘要的三个维度。",
        explanation="摘要的三个维度和正文的三个机制只部分对应：供应链优化落在第一个机制里，品牌出海对应品牌形象贯通，"
        "技术赋能在正文没有单独一节，内容复用在摘要里没有。引用时要说明引的是哪一套；"
        "本课和练习按正文的三个机制（加上表 1 的 CRM 打通）来设计方案。",
        points=2,
        partial_credit=True,
    )
)


# -- Q9 the design firm: the three numbers per product ----------------------------------------
@lru_cache(maxsize=1)
def _firm() -> pd.DataFrame:
    return data.load("b2b2c_firm")


MONTHS = [f"b_inquiries_2024_{m:02d}" for m in range(7, 13)]


def _firm_metrics(trend: str = "halves", percent: bool = True, margin: str = "retail") -> pd.DataFrame:
    firm = _firm().set_index("product_id")
    if trend == "ends":
        inquiry_trend = firm[MONTHS[-1]] / firm[MONTHS[0]]
    else:
        inquiry_trend = firm[MONTHS[3:]].sum(axis=1) / firm[MONTHS[:3]].sum(axis=1)
    conversion = firm["c_test_orders"] / firm["c_test_visitors"] * (100 if percent else 1)
    if margin == "retail":
        unit_margin = firm["c_price_usd"] - firm["unit_cost_usd"] - firm["c_fulfilment_usd"]
    elif margin == "no_fulfilment":
        unit_margin = firm["c_price_usd"] - firm["unit_cost_usd"]
    else:  # the wholesale margin
        unit_margin = firm["b_fob_usd"] - firm["unit_cost_usd"]
    return pd.DataFrame(
        {"inquiry_trend": inquiry_trend, "conversion_pct": conversion, "retail_margin_usd": unit_margin}
    )


q9 = exercise.add(
    ValueAnswer(
        "L05.Q9",
        expected=_firm_metrics,
        rtol=1e-4,
        misconceptions=[
            (
                lambda: _firm_metrics(trend="ends"),
                "你的 inquiry_trend 只用了 12 月 ÷ 7 月。一个月的询盘波动大：用近 3 个月（10—12 月）之和 ÷ 前 3 个月（7—9 月）之和。",
            ),
            (
                lambda: _firm_metrics(percent=False),
                "conversion_pct 要百分数：订单 ÷ 访客 × 100。",
            ),
            (
                lambda: _firm_metrics(margin="no_fulfilment"),
                "retail_margin_usd 少减了履约成本 c_fulfilment_usd：在速卖通每卖一件，还要付跨境物流、平台佣金与售后。",
            ),
            (
                lambda: _firm_metrics(margin="wholesale"),
                "这是批发的单件毛利（FOB 价 − 成本）。题目要速卖通零售的：零售价 − 生产成本 − 履约成本。",
            ),
        ],
        hints=[
            '以 product_id 为索引：firm.set_index("product_id")。询盘的 6 列是 b_inquiries_2024_07 到 b_inquiries_2024_12。',
            "inquiry_trend = 10—12 月的询盘之和 ÷ 7—9 月的询盘之和；对几列按行求和用 .sum(axis=1)。",
            "conversion_pct = c_test_orders ÷ c_test_visitors × 100；retail_margin_usd = c_price_usd − unit_cost_usd − c_fulfilment_usd。"
            "三列放进 pd.DataFrame({...})，列名照题目写。",
        ],
        solution=(
            'by_product = firm.set_index("product_id")\n'
            "early, late = months[:3], months[3:]\n"
            "firm_metrics = pd.DataFrame({\n"
            '    "inquiry_trend": by_product[late].sum(axis=1) / by_product[early].sum(axis=1),\n'
            '    "conversion_pct": by_product["c_test_orders"] / by_product["c_test_visitors"] * 100,\n'
            '    "retail_margin_usd": by_product["c_price_usd"] - by_product["unit_cost_usd"] - by_product["c_fulfilment_usd"],\n'
            "})"
        ),
        explanation="三列各说明一件事：B 端的需求在不在涨、C 端的顾客买不买、在 C 端卖一件赚不赚钱。"
        "只看其中一列会选错：询盘涨得最快的产品不一定在零售端赚钱，转化率最高的产品可能只测了几十个人。这是假想数据。",
        points=2,
        rounding="note",
    )
)


# -- Q10 the design firm: which products to test on C first ------------------------------------
TREND_CUT, CONVERSION_CUT, VISITORS_CUT = 1.2, 2.0, 500  # the question's stated criteria


def _label(pid: str) -> str:
    names = _firm().set_index("product_id")["product_name"]
    return f"{pid} {names[pid]}"


def _q10_options() -> list[str]:
    return [_label(pid) for pid in _firm()["product_id"]]


def _q10_answer() -> list[str]:
    metrics = _firm_metrics()
    visitors = _firm().set_index("product_id")["c_test_visitors"]
    chosen = (
        (metrics["inquiry_trend"] >= TREND_CUT)
        & (metrics["conversion_pct"] >= CONVERSION_CUT)
        & (visitors >= VISITORS_CUT)
        & (metrics["retail_margin_usd"] > 0)
    )
    return [_label(pid) for pid in metrics.index[chosen]]


def _q10_notes() -> dict[str, str]:
    """Why each product is in or out, from the numbers, for the options a learner gets wrong."""
    metrics = _firm_metrics()
    visitors = _firm().set_index("product_id")["c_test_visitors"]
    notes = {}
    for pid, row in metrics.iterrows():
        reasons = []
        if row["inquiry_trend"] < TREND_CUT:
            reasons.append(f"询盘没有明显上涨（近 3 个月 ÷ 前 3 个月不到 {TREND_CUT}）")
        if visitors[pid] < VISITORS_CUT:
            reasons.append(f"测试只有 {visitors[pid]} 位访客，转化率的不确定性太大")
        elif row["conversion_pct"] < CONVERSION_CUT:
            reasons.append(f"测试转化率低于 {CONVERSION_CUT:g}%")
        if row["retail_margin_usd"] <= 0:
            reasons.append("在速卖通每卖一件是亏的（零售价减去生产和履约成本后为负）")
        label = _label(str(pid))
        notes[label] = (
            f"{label}：" + "；".join(reasons) + "。"
            if reasons
            else f"{label} 四条标准都满足：询盘在涨、样本够大、转化率够高、零售有毛利。"
        )
    return notes


q10 = exercise.add(
    MultipleChoice(
        "L05.Q10",
        options=_q10_options(),
        answer=_q10_answer(),
        option_notes=_q10_notes(),
        hints=[
            "用第 9 题的三列，再加上每个产品的测试访客数 c_test_visitors，逐条对照题目的四条标准。",
            "最容易选错的两类：询盘涨得快但在速卖通卖一件亏钱的；转化率很高但只测了几十个人的。",
            "四条标准要同时满足：可以把它们写成四个布尔条件，用 & 连起来筛选。",
        ],
        solution="同时满足四条标准的产品：" + "、".join(_q10_answer()) + "。",
        explanation="好的测试候选要 B 端需求在涨（值得推）、C 端有人买（样本够大才可信）、零售端不亏（能放量）。"
        "只看询盘会选中零售亏钱的产品，只看转化率会选中样本太小的产品。标准是题目定的，写方案时要说明它们的依据。",
        points=2,
        partial_credit=True,
    )
)


# -- Q11–Q14 the plan, in words, marked by the teacher --------------------------------------------
def _evidence(what: str, caveat: str = "") -> Criterion:
    return Criterion(
        "evidence",
        "用数据支撑",
        [
            Level(0, "缺失", "没有引用练习中算出的任何数字，或主要数字都与练习结果不符。"),
            Level(
                1,
                "部分",
                "引用了数字，但没有说明它们怎样支持结论；或者少引了题目点名的某一题、个别数字写错，其余论证清楚。",
            ),
            Level(
                2,
                "充分",
                f"引用{what}（保留两三位有效数字即可；自己重算并写明算法的数字也算），"
                f"并说明每个数字怎样支持这一段的结论{caveat}。",
            ),
        ],
    )


def _plan_costs() -> tuple[float, float]:
    """元 the Q5 plan costs made twice (single-platform rates) and reused (every type)."""
    rates = _per_1000()
    views = pd.Series(CONTENT_PLAN)
    return float((rates[False][views.index] * views).sum() / 1000), float(
        (rates[True][views.index] * views).sum() / 1000
    )


def _q11_solution() -> str:
    m, visitors, lead = _firm_metrics(), _firm().set_index("product_id")["c_test_visitors"], _best_lag()
    a, b = _q10_answer()[:2]
    pa, pb = a.split()[0], b.split()[0]
    tempting = m["inquiry_trend"][m["retail_margin_usd"] <= 0].idxmax()
    small = visitors.idxmin()
    return (
        f"选第 10 题的 {a} 和 {b}：询盘 {m.loc[pa, 'inquiry_trend']:.2f} 和 {m.loc[pb, 'inquiry_trend']:.2f} 倍，"
        f"访客 {visitors[pa]:,} 和 {visitors[pb]:,}，转化率 {m.loc[pa, 'conversion_pct']:.2f}% 和 "
        f"{m.loc[pb, 'conversion_pct']:.2f}%，零售每件毛利 {m.loc[pa, 'retail_margin_usd']:.1f} 和 "
        f"{m.loc[pb, 'retail_margin_usd']:.1f} 美元。不选 {_label(tempting)}（询盘 {m.loc[tempting, 'inquiry_trend']:.2f} 倍，"
        f"但零售每件亏 {-m.loc[tempting, 'retail_margin_usd']:.1f} 美元）和 {_label(small)}（转化率 "
        f"{m.loc[small, 'conversion_pct']:.2f}% 但只测了 {visitors[small]} 人、询盘 {m.loc[small, 'inquiry_trend']:.2f} 倍）。"
        f"按第 2 题，C 端订单约领先 B 端批发询盘 {lead} 个月：测试放量约 {lead} 个月后再向 B 端推；"
        "这个月数来自另一家企业的假想数据，只是相关，要用本企业的数据复核。"
    )


def _q12_solution() -> str:
    twice, reused = _plan_costs()
    bounds = reuse_intervals(_content())
    return (
        f"第 4 题四类的比值各不相同，但 bootstrap 区间（如 {bounds.index[0]} {bounds['low'].iloc[0]:.2f}—"
        f"{bounds['high'].iloc[0]:.2f}）互相重叠、有的包含 1，差别还分不出来：计划默认四类都复用，按类型记录成本再复核。"
        f"第 5 题：全部复用约省 {_plan_saving():,.0f} 元；但计划两端各做一次要 {twice / 1e4:.1f} 万元、复用后 "
        f"{reused / 1e4:.1f} 万元，都超过每年 30 万元的内容预算，所以计划要缩小或分期，先改编已有的工厂视频。"
        "假设：成本随观看按比例变化、两端观看比例与样本相同、成本借自另一家假想企业（样本里为国际站拍的资产单平台成本更高）。"
    )


def _q13_solution() -> str:
    tiers, share = _marketable(), _false_share()
    n = _bridge()["verified"].notna().groupby(_bridge()["match_method"], observed=True).sum()
    low, high = _wilson(share.loc["精确", "share"], int(n["精确"]))
    wan = tiers["wholesale_usd"] / 1e4
    bands = list(tiers.index)
    return (
        f"只用同意的精确链接：第 6 题 {bands[3]} {wan.iloc[3]:,.0f} 万美元、复购顾客 {tiers['repeat_customers'].iloc[3]} 位，"
        f"{bands[2]} {wan.iloc[2]:,.0f} 万美元、{tiers['repeat_customers'].iloc[2]} 位。"
        "分层：重点/大客户且联系人在 C 端复购——专属客户经理、新品先看 C 端测试数据；中小 B 客户——批发价目表和样品；"
        "只在 C 端复购的顾客——批发入门价和起订量说明。"
        f"第 7 题：精确匹配错配率 {share.loc['精确', 'share']:.1%}（Wilson 区间 {low:.1%}—{high:.1%}），"
        f"模糊匹配 {share.loc['模糊', 'share']:.1%}（{share.loc['模糊', 'low']:.1%}—{share.loc['模糊', 'high']:.1%}），"
        "所以同意了的模糊链接也先人工核对再用，并按相似度分段继续抽查。"
    )


LENGTH_NOTE = Matches(r"^(?![\s\S]*?[0-9０-９一二两三四五六七八九十]\s*个月)")

q11 = exercise.add(
    WrittenAnswer(
        "L05.Q11",
        rubric=[
            _evidence("第 9、10 题的询盘趋势、转化率（及访客数）和零售毛利"),
            Criterion(
                "choice",
                "选品的理由",
                [
                    Level(0, "缺失", "没有说明选哪些产品，或理由与数据相矛盾。"),
                    Level(
                        1,
                        "部分",
                        "说明了选哪些产品，但只用了一两项指标；或三方面都用了，却没有说明为什么不选一个看似诱人的产品。",
                    ),
                    Level(
                        2,
                        "充分",
                        "综合需求、转化（连同访客数）和毛利三方面，并说明为什么不选至少一个看似诱人的产品。",
                    ),
                ],
            ),
            Criterion(
                "timing",
                "推到 B 端的时间",
                [
                    Level(0, "缺失", "没有给出推到 B 端之前要等多久。"),
                    Level(1, "部分", "给出了时间，但没有说明它来自哪里，或没有说明它的局限。"),
                    Level(
                        2,
                        "充分",
                        "用第 2 题量出的领先月数定时间，并说明它来自另一家企业的假想数据、需要用自己的数据复核。",
                    ),
                ],
            ),
        ],
        length=(250, 500),
        cite_numbers=True,
        notes=[
            (LENGTH_NOTE, "没有写推到 B 端之前要等几个月（例如“2 个月”）：第 2 题的结果可以用在这里。"),
            (Lacks("访客", "样本"), "转化率要和访客数（样本大小）一起看：测试的人少，转化率就不可靠。"),
        ],
        hints=[
            "先写结论（测试哪几个产品），再逐个给出第 9 题的三个数字和访客数。",
            "说明为什么不选一个“看起来很好”的产品：例如询盘涨得最快、或转化率最高的那个；"
            "也可以说说差一点达标的产品（访客很多、转化率接近 2%）该怎样处理。",
            "最后一句写节奏：C 端测试多久之后看 B 端的批发询盘，这个月数从哪里来、有什么局限。",
        ],
        solution=_q11_solution(),
    )
)


q12 = exercise.add(
    WrittenAnswer(
        "L05.Q12",
        rubric=[
            _evidence(
                "第 4 题的成本比和区间、第 5 题的预期节省，并把计划的成本和 30 万元预算比一比",
                "；还要写明成本借自另一家假想企业、按“成本随观看按比例变化”估算，以及这对建议意味着什么",
            ),
            Criterion(
                "plan",
                "内容计划",
                [
                    Level(0, "缺失", "没有说明哪些内容复用、哪些分开做。"),
                    Level(
                        1,
                        "部分",
                        "说明了复用哪些内容，但没有按类型比较并说明差异是否超出抽样误差，或没有联系企业已有的内容资产和预算。",
                    ),
                    Level(
                        2,
                        "充分",
                        "按类型比较，并说明差异是否超出抽样误差（第 4 题的区间）；联系企业已有的工厂视频和内容预算。",
                    ),
                ],
            ),
        ],
        length=(200, 400),
        cite_numbers=True,
        notes=[(Lacks("元", "万"), "预期节省要写出金额（元或万元）：第 5 题算过。")],
        hints=[
            "第 4 题的比值各不相同：它们的区间重叠吗？差别超出抽样误差了吗？",
            "写出第 5 题的节省金额；再算一算计划本身要花多少钱（两端各做一次、全部复用各多少），和每年 30 万元的内容预算比一比。",
            "这些成本来自另一家假想企业，而且假设成本随观看按比例变化：写出这些假设，以及怎样用自己的数据验证。",
        ],
        solution=_q12_solution(),
    )
)


q13 = exercise.add(
    WrittenAnswer(
        "L05.Q13",
        rubric=[
            _evidence("第 6 题各等级的采购额和复购顾客数、第 7 题两种方法的错配率及区间"),
            Criterion(
                "segments",
                "分层与触达",
                [
                    Level(0, "缺失", "没有定义客户分层，或分层与数据无关。"),
                    Level(1, "部分", "定义了分层，但没有说明每层收到什么，或分层没有用到数据里的列。"),
                    Level(
                        2,
                        "充分",
                        "用数据里的列定义至少三层（例如 B 端等级 × C 端复购），每层写清收到的内容或优惠。",
                    ),
                ],
            ),
            Criterion(
                "matching",
                "同意与匹配",
                [
                    Level(0, "缺失", "没有提到同意或匹配规则。"),
                    Level(1, "部分", "提到了同意或错配，但没有说明怎样处理。"),
                    Level(
                        2,
                        "充分",
                        "只用同意的链接做营销，按错配率和它的区间决定哪些链接可以直接用、哪些先人工核对"
                        "（例如同意了的模糊链接），并说明核验样本小带来的不确定。",
                    ),
                ],
            ),
        ],
        length=(250, 500),
        cite_numbers=True,
        notes=[
            (Lacks("同意"), "没有提到顾客同意：没有同意的链接不能拿来做营销。"),
            (Lacks("错配", "核对", "核验"), "没有说明怎样处理错配：第 7 题的错配率可以用在这里。"),
        ],
        hints=[
            "先定分层用的列：B 端的 value_band，C 端是否复购（第 6 题的 repeat_customers）。",
            "每一层写一句“收到什么”：例如批发价目表、新品先试、样品、专属客服。",
            "最后写规则：只用哪些链接；模糊匹配的错配率多高、区间多宽，所以哪些链接要人工核对。",
        ],
        solution=_q13_solution(),
    )
)


q14 = exercise.add(
    WrittenAnswer(
        "L05.Q14",
        rubric=[
            Criterion(
                "risks",
                "识别风险",
                [
                    Level(
                        0,
                        "缺失",
                        "没有列出风险，或列出的风险都不具体（“具体”指联系到本方案的某个数字或某份数据）。",
                    ),
                    Level(1, "部分", "列出一两种具体的风险；或列出三种以上，但其中只有一两种是具体的。"),
                    Level(
                        2,
                        "充分",
                        "列出至少三种不同的、具体的风险，例如：相关不等于因果、假想数据与小样本、同意与隐私、两端的价格与渠道冲突。",
                    ),
                ],
            ),
            Criterion(
                "mitigation",
                "应对办法",
                [
                    Level(0, "缺失", "没有说明怎样应对。"),
                    Level(1, "部分", "只为部分风险写了应对办法，或办法无法执行，或没有说明用什么数据检查。"),
                    Level(2, "充分", "每种风险都有可执行的应对办法，并说明用什么数据检查它是否奏效。"),
                ],
            ),
        ],
        length=(150, 300),
        notes=[
            (Lacks("因果", "相关"), "领先几个月只是相关：这本身就是方案的一个风险。"),
            (
                Lacks("价格", "批发价", "零售价"),
                "想一想两端的价格：零售价和批发价离得太近或太远，会不会让两端互相抢生意？",
            ),
        ],
        hints=[
            "从四个方向找风险：数据（假想、样本小）、方法（相关不等于因果）、客户（同意、错配）、生意（两端的价格和渠道冲突）。",
            "每种风险配一个应对办法：例如先在部分国家试点、设对照组、人工核对、价格规则。",
            "应对办法要能检查：写出你会看哪个数来判断它有没有奏效。",
        ],
        solution=(
            "① 领先月数和复用节省只是相关、来自另一家企业的假想数据：先在部分国家试点，留对照国家比较。"
            "② 测试样本小：访客不足 500 的产品先加测。③ 同意与错配：只用同意的精确链接，模糊链接人工核对。"
            "④ 渠道冲突：速卖通零售价低于批发商的转售价会得罪 B 端客户，定最低零售价并按国家检查批发询盘是否下降。"
        ),
    )
)


__all__ = [
    "____",
    "exercise",
    *[f"q{n}" for n in range(1, 15)],
]
