"""Exercise 02, question by question: the right answer passes; each misconception and a
plausible wrong answer fail with their feedback; an empty answer reports "还没有作答"; an answer
of the wrong type says what to give.

Right answers are worked out here independently of the question bank, with plain pandas.
"""

import json
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cbec import data, p4p
from cbec.exercises import l02
from cbec.explore import l02 as explore
from cbec.feedback import Status
from cbec.questions import ____
from cbec.questions.code import call_quietly
from cbec.questions.plots import call_plot
from tests.question_checks import incorrect, invalid, not_attempted

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "02_alibaba_b2b.ipynb"


@pytest.fixture(autouse=True)
def private_store(tmp_path):
    l02.exercise.use_store(tmp_path / "02_alibaba_b2b.answers.json")


@pytest.fixture(scope="module")
def t():
    names = ["suppliers", "listings", "inquiries", "orders"]
    return {n: data.load(f"alibaba_{n}") for n in names}


# -- the bank as a whole -------------------------------------------------------------------------
def test_the_bank_has_the_questions_particular_to_this_lesson():
    questions = list(l02.exercise.questions.values())
    assert any(getattr(q, "explore", None) for q in questions)
    assert any(type(q).__name__ == "PlotAnswer" for q in questions)


def test_choice_options_do_not_give_the_answer_away_by_length():
    for q in (l02.q1, l02.q2, l02.q10):
        lengths = sorted(len(o) for o in q.options)
        assert len(q.answer) < lengths[-1] or lengths[-1] - lengths[-2] <= 3, q.qid
        assert set(q.misconceptions) == set(q.options) - {q.answer}


def test_every_hint_that_holds_a_statement_runs_as_written(t):
    namespace = {**t, "pd": pd, "np": np}
    for q in l02.exercise.questions.values():
        for hint in q.hints:
            for code in re.findall(r"([A-Za-z_][A-Za-z0-9_]* = [^。；，]*[(\[][^。；，]*)", hint):
                exec(code, namespace)
            for name in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)(?:\.groupby|\[)", hint):
                assert name in namespace, (q.qid, name)


def test_no_answer_value_is_printed_by_the_lesson():
    lesson = LESSON.read_text(encoding="utf-8")
    for value in (l02.q5.expected(), l02.q11.expected()):
        assert f"{value:.3f}" not in lesson and f"{value:.1%}" not in lesson
    for value in [*l02.q3.expected().to_numpy().ravel(), *l02.q4.expected()]:
        assert f"{100 * value:.2f}" not in lesson


# -- Q1, Q2, Q10: judgement ---------------------------------------------------------------------
def test_q1_lift_against_baseline_difference():
    q = l02.q1
    assert round(6 / 4, 2) == 1.5 and 6 - 4 == 2  # the made-up figures of the question
    assert q.evaluate(q.answer).passed
    incorrect(q, l02.Q1_PERCENT, "2 个百分点")
    incorrect(q, l02.Q1_POINTS, "百分点")
    incorrect(q, l02.Q1_BASE, "基线")
    not_attempted(q, ____)
    invalid(q, 1.5)
    invalid(q, "1.5 倍")


def test_q2_confounding_by_tier(t):
    q = l02.q2
    assert q.evaluate(q.answer).passed
    incorrect(q, l02.Q2_SAMPLE, "等级和发布类型相关")
    incorrect(q, l02.Q2_MEAN, "总数之比")
    incorrect(q, l02.Q2_VISITORS, "比例")
    not_attempted(q, ____)
    invalid(q, ["混杂"])


def test_q2_is_what_the_data_show(t):
    """金品诚企 publish more 场景化解决方案 and draw more inquiries; the within-tier lift is smaller."""
    rows = t["listings"].merge(t["suppliers"][["supplier_id", "membership"]], on="supplier_id")
    share = rows.groupby("membership", observed=True)["listing_type"].apply(
        lambda s: (s == "场景化解决方案").mean()
    )
    assert share["金品诚企"] > 2 * share["出口通"]

    def lift(df):
        sums = df.groupby("listing_type", observed=True)[["inquiries_90d", "visitors_90d"]].sum()
        rate = sums["inquiries_90d"] / sums["visitors_90d"]
        return rate["场景化解决方案"] / rate["单品"]

    within = [lift(g) for _, g in rows.groupby("membership", observed=True)]
    assert all(w < lift(rows) - 0.2 for w in within)


def test_q10_the_27_percent_is_another_measure():
    q = l02.q10
    assert q.evaluate(q.answer).passed
    incorrect(q, l02.Q10_CONFIRM, "量却不同")
    incorrect(q, l02.Q10_ERROR, "相减没有意义")
    incorrect(q, l02.Q10_SEPT, "不同的东西")
    not_attempted(q, ____)
    invalid(q, 27)


# -- Q3 ---------------------------------------------------------------------------------------------
def _merged_listings(t):
    rows = t["listings"].merge(t["suppliers"][["supplier_id", "membership"]], on="supplier_id", how="left")
    assert len(rows) == len(t["listings"])
    return rows


def test_q3_rates_within_tier_and_showcase(t):
    q = l02.q3
    rows = _merged_listings(t)
    right = pd.DataFrame(
        {
            flag: {
                tier: g["inquiries_90d"].sum() / g["visitors_90d"].sum()
                for tier, g in rows[rows["showcase"] == flag].groupby("membership", observed=True)
            }
            for flag in (False, True)
        }
    )
    assert q.evaluate(right).passed  # plain labels work as well as categorical ones
    assert q.evaluate(right.iloc[:, ::-1]).passed  # column order is free
    rates = rows["inquiries_90d"] / rows["visitors_90d"]
    mean_rates = rates.groupby([rows["membership"], rows["showcase"]], observed=True).mean().unstack()
    incorrect(q, mean_rates, "总数之比")

    def by(denominator):
        sums = rows.groupby(["membership", "showcase"], observed=True)[["inquiries_90d", denominator]].sum()
        return (sums["inquiries_90d"] / sums[denominator]).unstack()

    incorrect(q, by("impressions_90d"), "曝光作分母")
    incorrect(q, by("clicks_90d"), "点击作分母")
    incorrect(q, right.T, "行列颠倒")
    unobserved = rows.groupby(["membership", "showcase"], observed=False)[
        ["inquiries_90d", "visitors_90d"]
    ].sum()
    incorrect(q, (unobserved["inquiries_90d"] / unobserved["visitors_90d"]).unstack(), "observed=True")
    incorrect(q, right * 100, "100")
    incorrect(q, right * 1.1, "与预期不符")
    invalid(q, right[True])
    invalid(q, 0.03)
    not_attempted(q, ..., ____)


# -- Q4 ---------------------------------------------------------------------------------------------
def test_q4_ta_order_rate_by_listing_type(t):
    q = l02.q4
    rows = t["inquiries"].merge(t["listings"][["listing_id", "listing_type"]], on="listing_id", how="left")
    assert len(rows) == len(t["inquiries"])
    right = pd.Series({k: g["ta_order"].mean() for k, g in rows.groupby("listing_type", observed=True)})
    assert q.evaluate(right).passed
    by_type = rows.groupby("listing_type", observed=True)
    replied = rows.dropna(subset=["reply_minutes"]).groupby("listing_type", observed=True)["ta_order"].mean()
    incorrect(q, replied, "没有回复的询盘也在分母里")
    incorrect(q, by_type["ta_order"].sum(), ".sum()")
    incorrect(q, by_type["quoted"].mean(), "quoted")
    incorrect(q, by_type["order_value_usd"].mean(), "订单金额")
    incorrect(q, right * 0.9, "与预期不符")
    invalid(q, right.to_frame())
    invalid(q, float(right.iloc[0]))
    not_attempted(q, ..., ____)


# -- Q5 ---------------------------------------------------------------------------------------------
def test_q5_us_buyers_in_the_september_festival(t):
    q = l02.q5
    orders = t["orders"]
    us = orders[orders["buyer_country"] == "美国"]
    days = pd.date_range("2024-01-01", "2024-12-31")
    daily = us["order_date"].value_counts().reindex(days, fill_value=0)
    weekday = days.dayofweek < 5
    plain = ~days.month.isin([3, 9])

    def ratio(series, index, month=9, keep=None):
        keep = (index.dayofweek < 5) if keep is None else keep
        out, base = (index.month == month) & keep, ~index.month.isin([3, 9]) & keep
        return series[out].mean() / series[base].mean()

    right = ratio(daily.to_numpy(), days)
    assert q.evaluate(right).passed
    assert daily[(days.month == 12) & (days.day >= 30)].sum() == 0  # the year ends without US orders
    resampled = us.set_index("order_date").resample("D").size()
    incorrect(q, ratio(resampled.to_numpy(), resampled.index), "reindex")
    with_orders = us.groupby("order_date").size()
    incorrect(q, ratio(with_orders.to_numpy(), with_orders.index), "没有订单的日子被漏掉了")
    all_daily = orders["order_date"].value_counts().reindex(days, fill_value=0)
    incorrect(q, ratio(all_daily.to_numpy(), days), "全部买家")
    incorrect(q, ratio(daily.to_numpy(), days, keep=np.ones(len(days), dtype=bool)), "周末")
    incorrect(q, ratio(daily.to_numpy(), days, month=3), "三月新贸节")
    incorrect(q, right - 1, "倍数本身")
    sums = daily[(days.month == 9) & weekday].sum() / daily[plain & weekday].sum()
    incorrect(q, sums, "平均订单数")
    incorrect(q, 1 / right, "分子分母反了")
    incorrect(
        q, daily[(days.month == 9) & weekday].mean() / daily[(days.month != 9) & weekday].mean(), "还留着三月"
    )
    incorrect(q, round(right, 2), "")  # a typed-in rounded copy is not accepted
    assert weekday.sum() > plain.sum() / 2
    incorrect(q, 2.0, "与预期不符")
    invalid(q, daily)
    invalid(q, "1.35")
    not_attempted(q, ..., ____)


# -- Q6 ---------------------------------------------------------------------------------------------
def test_q6_lowest_bid_for_slot_one():
    q = l02.q6
    keyword, date = explore.EXERCISE_DAY
    field = explore.rivals(keyword, date)
    clicks = explore.clicks_for(keyword)
    grid = np.round(np.arange(0.5, 8.01, 0.1), 1)
    wins = [b for b in grid if p4p.auction(b, 4, field, clicks).position == 1]
    right = min(wins)
    assert q.evaluate(right).passed
    assert p4p.auction(round(right - 0.1, 1), 4, field, clicks).position == 2
    incorrect(q, round(right - 0.1, 1), "还低于排在第一的对手")
    incorrect(q, round(field["bid_cny"].max() + 0.1, 1), "排名分")
    incorrect(q, min(b for b in grid if p4p.auction(b, 3, field, clicks).position == 1), "3 星")
    assert p4p.auction(round(right + 0.1, 1), 4, field, clicks).position == 1
    incorrect(q, round(right + 0.1, 1), "低一格的出价同样排在第 1 位")
    incorrect(q, 7.5, "偏大")
    invalid(q, 9.5)  # outside the slider
    invalid(q, "3.8 元")
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q6_answer_and_misconceptions_fit_the_slider():
    q = l02.q6
    low, high, step = q.slider
    for value in [q.expected(), *(v() for v, _ in q.misconceptions)]:
        assert low <= value <= high
    for value, _ in q.misconceptions:
        assert abs(value() - q.expected()) > q.tolerance
    assert step / 2 <= q.tolerance < step  # one slider position is accepted, its neighbours are not


def test_q6_explorer_prints_the_auction_but_holds_no_answer(capsys):
    explore.p4p_bid(3.0)
    printed = capsys.readouterr().out
    assert "cutting board" in printed and "4 星" in printed and "← 你" in printed
    source = Path(explore.__file__).read_text(encoding="utf-8")
    assert f"{l02.q6.expected():.1f}" not in source


# -- Q7 ---------------------------------------------------------------------------------------------
def _right_rates(counts):
    return pd.Series({counts.index[i]: counts.iloc[i] / counts.iloc[i - 1] for i in range(1, len(counts))})


def test_q7_funnel_function():
    q = l02.q7

    def cumulative(counts):
        return counts.iloc[1:] / counts.iloc[0]

    def upside_down(counts):
        return 1 / _right_rates(counts)

    def with_first(counts):
        return counts / counts.shift()

    def no_return(counts):
        _right_rates(counts)

    def stub(counts):
        """从第二步开始，每一步人数 ÷ 上一步人数。"""
        ...

    assert q.evaluate(_right_rates).passed

    def rounded(counts):
        return _right_rates(counts).round(3)

    for wrong, note in (
        (cumulative, "累计转化率"),
        (upside_down, "颠倒"),
        (with_first, "iloc[1:]"),
        (rounded, "四舍五入"),
    ):
        assert note in incorrect(q, wrong, "测试用例"), wrong.__name__
    incorrect(q, no_return, "return")
    not_attempted(q, stub, ____)
    invalid(q, _right_rates(pd.Series({"曝光": 100, "点击": 5})))
    invalid(q, "funnel_rates")


def test_q7_hidden_cases_catch_a_function_that_only_fits_the_public_ones():
    q = l02.q7

    def four_steps_at_most(counts):
        return _right_rates(counts.iloc[:4])

    public = [call_quietly(four_steps_at_most, args) for args in q.public_cases()]
    hidden = [call_quietly(four_steps_at_most, args) for args in q.secret_cases()]
    assert q.judge_outcomes(public).passed
    verdict = q.judge_outcomes(public, hidden)
    assert verdict.status is Status.INCORRECT and "隐藏测试" in verdict.message


# -- Q8 ---------------------------------------------------------------------------------------------
def test_q8_rfqs_under_the_quota():
    q = l02.q8
    value = {name: chance * margin for name, (chance, margin) in l02.RFQS.items()}
    best = sorted(value, key=value.get, reverse=True)[:3]
    right = [o for o in q.options if o.split("：")[0] in best]
    assert q.evaluate(right).passed
    by_margin = sorted(l02.RFQS, key=lambda n: l02.RFQS[n][1], reverse=True)[:3]
    by_chance = sorted(l02.RFQS, key=lambda n: l02.RFQS[n][0], reverse=True)[:3]
    assert set(by_margin) != set(best) != set(by_chance)
    margin_pick = [o for o in q.options if o.split("：")[0] in by_margin]
    message = incorrect(q, margin_pick, "期望值")
    assert "可得" in message  # partial credit
    incorrect(q, [o for o in q.options if o.split("：")[0] in by_chance], "期望值")
    incorrect(q, q.options, "多选")
    not_attempted(q, [], ____)
    invalid(q, right[0])
    invalid(q, ["RFQ 6"])


# -- Q9 ---------------------------------------------------------------------------------------------
def _labelled(ax):
    ax.set(title="各会员等级的询盘率", xlabel="会员等级", ylabel="询盘率（%）")
    return ax


def _rates(df):
    sums = df.groupby("membership", observed=True)[["inquiries_90d", "visitors_90d"]].sum()
    return sums["inquiries_90d"] / sums["visitors_90d"] * 100


def test_q9_bar_chart_of_rates_by_tier(t):
    q = l02.q9

    def right(df):
        return _labelled(_rates(df).plot.bar())

    def seaborn_right(df):
        import seaborn as sns

        rates = _rates(df).rename("rate").reset_index()
        return _labelled(sns.barplot(data=rates, x="membership", y="rate"))

    def mean_of_rates(df):
        rates = df["inquiries_90d"] / df["visitors_90d"] * 100
        return _labelled(rates.groupby(df["membership"], observed=True).mean().plot.bar())

    def sum_of_rates(df):
        rates = df["inquiries_90d"] / df["visitors_90d"] * 100
        return _labelled(rates.groupby(df["membership"], observed=True).sum().plot.bar())

    def shares(df):
        return _labelled((_rates(df) / 100).plot.bar())

    def horizontal(df):
        return _labelled(_rates(df).plot.barh())

    def untitled(df):
        ax = right(df)
        ax.set_title("")
        return ax

    def no_return(df):
        right(df)

    def stub(df):
        """各会员等级的询盘率（%）柱状图，返回 ax。"""
        ...

    assert q.evaluate(right).passed
    assert q.evaluate(seaborn_right).passed
    incorrect(q, mean_of_rates, "平均数")
    incorrect(q, sum_of_rates, "不能相加")
    incorrect(q, shares, "百分数")
    incorrect(q, horizontal, "图的类型不对")

    def unobserved(df):
        sums = df.groupby("membership", observed=False)[["inquiries_90d", "visitors_90d"]].sum()
        return _labelled((sums["inquiries_90d"] / sums["visitors_90d"] * 100).plot.bar())

    incorrect(q, unobserved, "observed=True")
    incorrect(q, untitled, "标题")
    incorrect(q, no_return, "return ax")
    not_attempted(q, stub, ____)
    invalid(q, _rates(t["suppliers"]))
    invalid(q, right(t["suppliers"]))
    plt.close("all")


def test_q9_hidden_case_has_a_third_tier_and_is_judged():
    q = l02.q9

    def two_tiers_only(df):
        rates = _rates(df[df["membership"].isin(["出口通", "金品诚企"])])
        return _labelled(rates.plot.bar())

    public = [call_plot(two_tiers_only, args) for args in q.public_cases()]
    hidden = [call_plot(two_tiers_only, args) for args in q.secret_cases()]
    assert q.judge_outcomes(public).passed
    assert q.judge_outcomes(public, hidden).status is Status.INCORRECT
    plt.close("all")


# -- Q11 --------------------------------------------------------------------------------------------
def _timely(inquiries, chat_minutes=60, message_minutes=1440, skip_empty=False):
    rows = inquiries.assign(
        limit=np.where(inquiries["contact_type"] == "即时沟通", chat_minutes, message_minutes)
    )
    if skip_empty:
        rows = rows.dropna(subset=["reply_minutes"])
    in_time = [
        m is not pd.NA and m <= lim for m, lim in zip(rows["reply_minutes"], rows["limit"], strict=True)
    ]
    return float(np.mean(in_time))


def test_q11_timely_response_rate(t):
    q = l02.q11
    inquiries = t["inquiries"]
    right = _timely(inquiries)
    assert q.evaluate(right).passed
    incorrect(q, _timely(inquiries, chat_minutes=1440), "1 小时")
    incorrect(q, _timely(inquiries, skip_empty=True), "fillna(False)")
    incorrect(q, _timely(inquiries, message_minutes=60), "24 小时")
    messages = inquiries[inquiries["contact_type"] == "询盘"]
    incorrect(q, _timely(messages), "两类合起来")
    incorrect(q, _timely(inquiries, chat_minutes=1440, message_minutes=60), "方向反了")
    incorrect(q, round(right * len(inquiries)), "条数")
    incorrect(q, t["suppliers"]["timely_response_rate"].mean(), "suppliers")
    incorrect(q, _timely(inquiries, chat_minutes=1440, skip_empty=True), "两处要改")
    incorrect(q, right * 100, "100")
    incorrect(q, 0.5, "与预期不符")
    invalid(q, inquiries["reply_minutes"])
    invalid(q, None)
    not_attempted(q, ..., ____)


def test_the_notebook_questions_name_the_simulator_day_of_the_explorer():
    cells = json.loads((ROOT / "solutions" / "02_alibaba_b2b.ipynb").read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells)
    keyword, date = explore.EXERCISE_DAY
    assert f"“{keyword}”" in text and date in text and f"**{explore.EXERCISE_SCORE} 星**" in text


# -- graded as a class would be ----------------------------------------------------------------------
def _widget_answer(q):
    if q.widget_kind == "multiple":
        return [o for o in q.options if o in q.answer]
    if q.widget_kind == "numeric":
        return round(q.expected(), 1)  # a slider position
    return q.answer


def test_the_solution_handed_in_by_a_learner_gets_full_marks(tmp_path):
    """The solution's code, its widget answers given by clicking (so only in the answer store),
    graded by ``cbec grade`` in fresh kernels: every question correct, 20 points."""
    import nbformat

    from cbec.answer_store import FORMAT, SUFFIX
    from cbec.grader.grade import Options, grade

    stem = l02.exercise.stem
    notebook = nbformat.read(ROOT / "solutions" / f"{stem}.ipynb", as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.split("\n") if ".set_answer(" not in line)
            cell.outputs, cell.execution_count = [], None
    notebook.cells = [c for c in notebook.cells if "solution" not in c.metadata.get("tags", [])]
    folder = tmp_path / "class" / "learner"
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / f"{stem}.ipynb")
    answers = {q.qid: {"value": _widget_answer(q)} for q in l02.exercise.questions.values() if q.widget_kind}
    store = {"format": FORMAT, "exercise": "L02", "saved_at": "2026-03-01T10:00:00Z", "answers": answers}
    (folder / f"{stem}{SUFFIX}").write_text(json.dumps(store, ensure_ascii=False), encoding="utf-8")

    results = grade(tmp_path / "class", tmp_path / "out", Options(jobs=1, cell_timeout=60))
    (graded,) = results.students[0].notebooks  # only the exercise the class handed in
    assert graded.stem == stem
    assert {q.qid: q.status for q in graded.questions} == {qid: "correct" for qid in l02.exercise.questions}
    assert (
        sum(q.score for q in graded.questions) == sum(q.points for q in l02.exercise.questions.values()) == 20
    )
