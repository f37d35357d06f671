"""Exercise 04, question by question: the right answer passes; each misconception and a
plausible wrong answer fail with their feedback; an empty answer reports "还没有作答"; an answer
of the wrong type says what to give.

Right answers are worked out here independently of the question bank, with plain pandas.
"""

import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cbec import data
from cbec.exercises import l04
from cbec.explore.l04 import p4p_inquiries
from cbec.feedback import Status
from cbec.questions import ____
from cbec.questions.code import call_quietly
from tests.question_checks import incorrect, invalid, not_attempted

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "04_comparison.ipynb"
SOLUTION = ROOT / "solutions" / "04_comparison.ipynb"
NUMBERS = range(1, 12)


@pytest.fixture(autouse=True)
def private_store(tmp_path):
    l04.exercise.use_store(tmp_path / "04_comparison.answers.json")


@pytest.fixture(scope="module")
def b2b():
    return data.load("alibaba_orders")


@pytest.fixture(scope="module")
def b2c():
    return data.load("aliexpress_orders")


@pytest.fixture(scope="module")
def buyers():
    return data.load("buyer_profiles")


@pytest.fixture(scope="module")
def kw():
    return data.load("alibaba_keyword_days")


@pytest.fixture(scope="module")
def campaigns():
    return data.load("aliexpress_campaigns")


def notebook_text(path: Path) -> str:
    """A notebook's sources and outputs as a reader sees them (not JSON-escaped)."""
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    outputs = [
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in cells
        for o in c.get("outputs", [])
    ]
    return "\n".join([c.source for c in cells] + outputs)


# -- the bank as a whole -------------------------------------------------------------------------
def test_the_bank_has_the_questions_particular_to_this_lesson():
    questions = list(l04.exercise.questions.values())
    assert any(getattr(q, "explore", None) for q in questions)


def test_every_question_has_at_least_two_misconception_notes():
    for q in l04.exercise.questions.values():
        if hasattr(q, "option_notes"):
            wrong = [o for o in q.options if o not in q.answer and o in q.option_notes]
            assert len(wrong) >= 2, q.qid
        else:
            assert len(q.misconceptions) >= 2, q.qid


def test_choice_options_do_not_give_the_answer_away_by_length():
    q = l04.q8
    lengths = sorted(len(o) for o in q.options)
    assert len(q.answer) < lengths[-1] or lengths[-1] - lengths[-2] <= 3
    assert set(q.misconceptions) == set(q.options) - {q.answer}


def test_every_hint_that_holds_a_statement_runs_as_written(b2b, b2c, buyers, kw, campaigns):
    """A hint that shows a whole statement (``name = ...``) runs in the exercise's namespace,
    and every table a hint indexes or groups is a name the exercise defines."""
    for q in l04.exercise.questions.values():
        namespace = {
            "b2b": b2b,
            "b2c": b2c,
            "buyers": buyers,
            "kw": kw.copy(),
            "campaigns": campaigns,
            "orders": b2c,
            "p4p_inquiries": p4p_inquiries,
            "pd": pd,
            "np": np,
        }
        for hint in q.hints:
            for code in re.findall(r"([A-Za-z_][A-Za-z0-9_\[\]\"]* = [^。；，（]*[(\[][^。；，（]*)", hint):
                exec(code, namespace)
            for name in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)(?:\.groupby|\.merge|\.set_index|\[)", hint):
                assert name in namespace, (q.qid, name)


def test_no_exercise_answer_is_a_number_the_lesson_or_the_handout_prints():
    text = notebook_text(LESSON) + notebook_text(ROOT / "exercises" / "04_comparison.ipynb")
    values = [
        l04.q2.expected(),
        *l04.q4.expected(),
        *l04.q5.expected(),
        *l04.q6.expected(),
        l04.q7.expected(),
        *l04.q11.expected().to_numpy().ravel(),
    ]
    for value in values:
        shown_as = [f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"] + (
            [f"{value:.1f}"] if abs(value) >= 10 else []
        )
        for shown in shown_as:
            if len(shown.strip("0.-")) >= 3:
                assert shown not in text, shown


def test_the_lesson_shows_the_pieces_the_exercise_reuses():
    text = notebook_text(LESSON)
    for skill in (".melt(", ".pivot(", ".style.apply(", "np.trapezoid(", "ax.step(", 'xscale="log"'):
        assert skill in text, skill
    assert "合成数据" in text
    assert 'kw["keyword_type"]' not in text  # the split by keyword type is the exercise's
    # The value per inquiry comes from the course's own inquiries, and the pooled Gini has a
    # one-industry counterpart beside it.
    assert 'inquiries["ta_order"]' in text and '"家居园艺"' in text


def test_the_solution_notebook_checks_every_question():
    text = notebook_text(SOLUTION)
    for n in NUMBERS:
        assert f"q{n}.check(" in text, n


# -- Q1 -------------------------------------------------------------------------------------------
def _right_gini(values):
    """Mean absolute difference over twice the mean: another route to the same number."""
    x = np.asarray(values, dtype=float)
    return float(np.abs(x[:, None] - x[None, :]).mean() / (2 * x.mean()))


def test_q1_gini_function(b2b):
    q = l04.q1

    def sorted_by_pandas(values):
        s = pd.Series(values).sort_values().reset_index(drop=True)
        shares = pd.concat([pd.Series([0.0]), s.cumsum() / s.sum()], ignore_index=True)
        return 1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares)))

    def mean_ratio(values):
        return float(np.mean(values) / np.median(values))

    def stub(values):
        """values 的基尼系数：0 表示完全平均，越接近 1 越集中。"""
        ...

    def no_return(values):
        _right_gini(values)

    def raises(values):
        return values["no_such_column"]

    assert q.evaluate(_right_gini).passed
    assert q.evaluate(sorted_by_pandas).passed
    incorrect(q, mean_ratio, "测试用例")
    incorrect(q, no_return, "return")
    incorrect(q, raises, "KeyError")

    def series_only(values):
        s = values.sort_values().to_numpy()
        shares = np.insert(np.cumsum(s) / s.sum(), 0, 0)
        return 1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares)))

    incorrect(q, series_only, "AttributeError")  # a public case is a plain list
    not_attempted(q, stub, ____)
    invalid(q, _right_gini(b2b["order_value_usd"]))
    invalid(q, "gini")


def test_q1_every_misconception_gets_its_note():
    q = l04.q1
    for wrong, note in q.misconceptions:
        assert note in incorrect(q, wrong, "测试用例"), wrong.__name__


def test_q1_public_cases_tell_each_slip_apart():
    q = l04.q1
    for wrong, _ in q.misconceptions:
        differs = [
            not np.isclose(call_quietly(q.reference, args).value, call_quietly(wrong, args).value)
            for args in q.public_cases()
        ]
        assert any(differs), wrong.__name__


def test_q1_hidden_cases_catch_a_function_that_trusts_the_index():
    q = l04.q1

    def by_index(values):
        """Right only while the index runs 0, 1, 2, … in value order: it sorts by position."""
        s = pd.Series(values)
        x = s.sort_values().to_numpy() if s.index.is_monotonic_increasing else s.sort_index().to_numpy()
        shares = np.insert(np.cumsum(x) / x.sum(), 0, 0)
        return 1 - 2 * np.trapezoid(shares, np.linspace(0, 1, len(shares)))

    public = [call_quietly(by_index, args) for args in q.public_cases()]
    hidden = [call_quietly(by_index, args) for args in q.secret_cases()]
    assert q.judge_outcomes(public).passed
    verdict = q.judge_outcomes(public, hidden)
    assert verdict.status is Status.INCORRECT and "隐藏测试" in verdict.message
    assert q.judge_outcomes(public, [call_quietly(_right_gini, a) for a in q.secret_cases()]).passed


# -- Q2 -------------------------------------------------------------------------------------------
def test_q2_top_ten_percent_share(b2c):
    q = l04.q2
    sales = b2c["revenue_usd"].sort_values(ascending=False)
    n = len(sales) // 10
    right = sales.iloc[:n].sum() / sales.sum() * 100
    assert q.evaluate(right).passed
    assert 10 < right < 60  # concentrated, but far less than 国际站
    incorrect(q, right / 100, "乘以 100")
    incorrect(q, sales.iloc[:10].sum() / sales.sum() * 100, "nlargest(10)")
    incorrect(q, sales.iloc[:n].mean() / sales.mean() * 100, "平均金额")
    by_line = sales[sales >= sales.quantile(0.9)]
    assert len(by_line) != n
    incorrect(q, by_line.sum() / sales.sum() * 100, "quantile(0.9)")
    b2b_values = data.load("alibaba_orders")["order_value_usd"].sort_values(ascending=False)
    incorrect(q, b2b_values.iloc[: len(b2b_values) // 10].sum() / b2b_values.sum() * 100, "国际站的份额")
    incorrect(q, sales.iloc[-n:].sum() / sales.sum() * 100, "nsmallest")
    incorrect(q, round(right, 1), "")
    incorrect(q, right + 5, "")
    invalid(q, "37%")
    not_attempted(q, ..., ____)


# -- Q3 -------------------------------------------------------------------------------------------
def test_q3_backed_by_data_or_the_papers_claim():
    q = l04.q3
    right = dict(l04.Q3_ANSWER)
    assert q.evaluate(right).passed
    assert sum(v == l04.DATA for v in right.values()) == 4
    for (item, category), note in q.misconceptions.items():
        message = incorrect(q, {**right, item: category}, note)
        assert f"分对了 {len(right) - 1} 项" in message
    all_data = {item: l04.DATA for item in right}
    feedback = q.evaluate(all_data)
    assert feedback.status is Status.INCORRECT and 0 < feedback.earned < q.points
    incorrect(q, {l04.Q3_CYCLE: l04.DATA}, "还有 7 项没有分类")
    not_attempted(q, {}, ____)
    invalid(q, [l04.DATA])
    invalid(q, {l04.Q3_CYCLE: "真实数据"})


# -- Q4 -------------------------------------------------------------------------------------------
def test_q4_buyers_deciding_for_more_than_a_month(buyers):
    q = l04.q4
    share = {p: (g["decision_days"] > 30).mean() * 100 for p, g in buyers.groupby("platform", observed=True)}
    right = pd.Series(share)
    assert q.evaluate(right).passed
    assert q.evaluate(right.iloc[::-1]).passed  # order is free
    assert right["国际站"] > 20 and right["速卖通"] < 5
    at_least = pd.Series(
        {p: (g["decision_days"] >= 30).mean() * 100 for p, g in buyers.groupby("platform", observed=True)}
    )
    incorrect(q, at_least, ">=")
    incorrect(q, right / 100, "乘以 100")
    counts = pd.Series(
        {p: (g["decision_days"] > 30).sum() for p, g in buyers.groupby("platform", observed=True)}
    )
    incorrect(q, counts / len(buyers) * 100, "分母错了")
    incorrect(q, 100 - right, "ECDF")  # the share at or under 30 days
    incorrect(q, counts, "这是人数")
    incorrect(q, right.round(1), "")
    invalid(q, float(right.mean()))
    not_attempted(q, ..., ____)


# -- Q5 -------------------------------------------------------------------------------------------
def test_q5_channel_mix_by_sales(b2c):
    q = l04.q5
    sums = b2c.groupby("channel", observed=True)["revenue_usd"].sum()
    right = sums / sums.sum() * 100
    assert q.evaluate(right).passed
    by_orders = b2c["channel"].value_counts(normalize=True) * 100
    assert not np.allclose(by_orders[right.index], right)
    incorrect(q, by_orders, "订单笔数")
    incorrect(q, right / 100, "乘以 100")
    incorrect(q, sums, "还不是份额")
    incorrect(q, right.round(1), "")
    invalid(q, float(right.max()))
    not_attempted(q, ..., ____)


# -- Q6 -------------------------------------------------------------------------------------------
def _credited(kw):
    clicks = kw["organic_clicks"] + kw["p4p_clicks"]
    return kw["inquiries"] * np.where(clicks > 0, kw["p4p_clicks"] / clicks.replace(0, 1), 0.0)


def test_q6_cost_per_inquiry_by_keyword_type(kw):
    q = l04.q6
    frame = kw.assign(credited=_credited(kw))
    sums = frame.groupby("keyword_type", observed=True)[
        ["p4p_cost_cny", "credited", "inquiries", "p4p_clicks"]
    ].sum()
    right = sums["p4p_cost_cny"] / sums["credited"]
    assert q.evaluate(right).passed
    assert right["行业大词"] > right["长尾词"]
    incorrect(q, sums["p4p_cost_cny"] / sums["inquiries"], "自然搜索")
    incorrect(q, sums["credited"] / sums["p4p_cost_cny"], "倒过来")
    incorrect(q, sums["p4p_cost_cny"] / sums["p4p_clicks"], "CPC")
    row_mean = (
        (frame["p4p_cost_cny"] / frame["credited"]).groupby(frame["keyword_type"], observed=True).mean()
    )
    assert np.isinf(row_mean).any()
    incorrect(q, row_mean, "总数之比")
    incorrect(q, right.round(1), "")
    invalid(q, float(right.mean()))
    not_attempted(q, ..., ____)


# -- Q7 -------------------------------------------------------------------------------------------
def test_q7_break_even_value_per_inquiry(kw, campaigns):
    q = l04.q7
    broad = kw[kw["keyword_type"] == "行业大词"]
    cost = broad["p4p_cost_cny"].sum() / _credited(broad).sum()
    roas = campaigns["revenue_usd"].sum() / campaigns["spend_usd"].sum()
    right = roas * cost
    assert q.evaluate(right).passed
    assert q.evaluate(round(right / 2.5) * 2.5).passed  # the nearest slider position
    overall = roas * kw["p4p_cost_cny"].sum() / _credited(kw).sum()
    incorrect(q, overall, "两条线的交点")
    assert not any("盈亏" in note for _, note in q.misconceptions)  # parity is not a profit break-even
    incorrect(q, roas * broad["p4p_cost_cny"].sum() / broad["inquiries"].sum(), "全部询盘")
    incorrect(q, cost, "每条询盘的成本")
    incorrect(q, right + 60, "偏大")
    invalid(q, l04.TOP_VALUE + 100)  # off the slider
    invalid(q, "195 元")
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q7_the_explorer_draws_the_crossing_at_the_answer(capsys, monkeypatch):
    from cbec.explore import l04 as explorer

    monkeypatch.setattr("matplotlib.pyplot.show", lambda: None)
    gaps = {}
    for value in (100, 2.5 * round(l04.q7.expected() / 2.5), 300):
        explorer.inquiry_value(value)
        p4p, roas = map(
            float, re.search(r"换回约 ([0-9.]+) 元.*换回 ([0-9.]+) 美元", capsys.readouterr().out).groups()
        )
        gaps[value] = p4p - roas
    low, at, high = gaps.values()
    assert low < 0 < high and abs(at) < 0.1
    assert l04.q7.explore == "cbec.explore.l04:inquiry_value"
    plt.close("all")


def test_q7_the_explorer_answers_a_value_that_is_not_a_number_or_off_the_slider(capsys, monkeypatch):
    from cbec.explore import l04 as explorer

    monkeypatch.setattr("matplotlib.pyplot.show", lambda: None)
    for bad in ("abc", None, float("nan")):
        explorer.inquiry_value(bad)
        assert "需要一个数" in capsys.readouterr().out
    explorer.inquiry_value(-50)
    out = capsys.readouterr().out
    assert "按 0 元画" in out and "换回约 0.00 元" in out
    explorer.inquiry_value(explorer.TOP_VALUE + 1000)
    assert f"按 {explorer.TOP_VALUE:,} 元画" in capsys.readouterr().out
    explorer.inquiry_value(182.5)
    assert "一条询盘值 182.5 元时" in capsys.readouterr().out
    plt.close("all")


# -- Q8 -------------------------------------------------------------------------------------------
def test_q8_claims_and_disputes():
    q = l04.q8
    assert q.evaluate(q.answer).passed and "合成数据" in q.answer
    incorrect(q, l04.Q8_TWICE, "两件事")
    incorrect(q, l04.Q8_MONEY, "口径不同")
    incorrect(q, l04.Q8_TRUST, "生成器设定")
    not_attempted(q, ____)
    invalid(q, 1)
    invalid(q, "不能")


# -- Q9 -------------------------------------------------------------------------------------------
def _bars(values):
    ax = values.plot.bar()
    ax.set(title="每月销售额份额", xlabel="月份", ylabel="份额（%）")
    return ax


def test_q9_month_share_chart(b2c):
    from cbec.questions.plots import summarize

    q = l04.q9

    def right(orders, value):
        sums = orders.groupby(orders["order_date"].dt.month)[value].sum()
        return _bars(sums / sums.sum() * 100)

    def counts(orders, value):
        n = orders.groupby(orders["order_date"].dt.month).size()
        return _bars(n / n.sum() * 100)

    def fraction(orders, value):
        sums = orders.groupby(orders["order_date"].dt.month)[value].sum()
        return _bars(sums / sums.sum())

    def sums_only(orders, value):
        return _bars(orders.groupby(orders["order_date"].dt.month)[value].sum())

    def fixed_column(orders, value):
        sums = orders.groupby(orders["order_date"].dt.month)["revenue_usd"].sum()
        return _bars(sums / sums.sum() * 100)

    def as_line(orders, value):
        sums = orders.groupby(orders["order_date"].dt.month)[value].sum()
        ax = (sums / sums.sum() * 100).plot()
        ax.set(title="份额", xlabel="月", ylabel="%")
        return ax

    def untitled(orders, value):
        sums = orders.groupby(orders["order_date"].dt.month)[value].sum()
        return (sums / sums.sum() * 100).plot.bar()

    def no_return(orders, value):
        right(orders, value)

    def stub(orders, value):
        """每月金额占全年的百分比（%）柱状图，返回 Axes。"""
        ...

    assert q.evaluate(right).passed
    incorrect(q, counts, "订单笔数的份额")
    incorrect(q, fraction, "乘以 100")
    incorrect(q, sums_only, "还不是份额")
    incorrect(q, as_line, "图的类型不对")
    incorrect(q, untitled, "标题")
    incorrect(q, no_return, "return")
    not_attempted(q, stub, ____)
    invalid(q, right(b2c, "revenue_usd"))
    invalid(q, "plot_month_share")
    # A column typed in fails in public (one case has order_value_usd), and so does the other
    # platform's column; the hidden case has a column no public case uses.
    incorrect(q, fixed_column, "KeyError")
    assert {args[1] for args in q.public_cases()} == {"revenue_usd", "order_value_usd"}
    assert {args[1] for args in q.secret_cases()}.isdisjoint({"revenue_usd", "order_value_usd"})
    plt.close("all")
    drawn = summarize(right(b2c, "revenue_usd"))
    plt.close("all")
    assert [label for label, _ in drawn["bars"]] == [str(m) for m in range(1, 13)]


def test_q9_every_misconception_gets_its_note():
    q = l04.q9
    for wrong, note in q.misconceptions:
        assert note in incorrect(q, wrong, ""), wrong.__name__
    plt.close("all")


# -- Q10 ------------------------------------------------------------------------------------------
def test_q10_what_a_real_comparison_needs():
    q = l04.q10
    right = [o for o in q.options if o in q.answer]
    assert q.evaluate(right).passed
    assert q.evaluate(list(reversed(right))).passed
    feedback = q.evaluate([*right, l04.Q10_SEEDS])
    assert feedback.status is Status.INCORRECT and 0 < feedback.earned < q.points
    assert q.option_notes[l04.Q10_SEEDS] in feedback.message
    incorrect(q, [*right, l04.Q10_MORE], q.option_notes[l04.Q10_MORE])
    incorrect(q, [l04.Q10_MORE, l04.Q10_MEANS], "多选 2 项")
    incorrect(q, right[:2], "漏选 1 项")
    not_attempted(q, [], ____)
    invalid(q, l04.Q10_REAL)
    invalid(q, ["真实数据"])


# -- Q11 ------------------------------------------------------------------------------------------
def test_q11_monthly_orders_pivoted_wide(b2b, b2c):
    q = l04.q11
    long = pd.concat(
        {
            "国际站": b2b["order_date"].dt.month.value_counts(),
            "速卖通": b2c["order_date"].dt.month.value_counts(),
        },
        names=["平台", "月份"],
    )
    long = long.rename("订单数").reset_index()
    right = long.pivot(index="月份", columns="平台", values="订单数")
    assert q.evaluate(right).passed
    assert q.evaluate(long.pivot_table(index="月份", columns="平台", values="订单数")).passed
    assert right.shape == (12, 2)
    incorrect(q, right.T, "行和列反了")
    incorrect(q, long.pivot(index="月份", columns="平台"), "values=")
    incorrect(q, long, "这还是长表")
    incorrect(q, right / right.sum() * 100, "")
    invalid(q, right["国际站"].to_numpy())
    not_attempted(q, ..., ____)


def test_every_test_case_survives_the_graders_encoding():
    """The grader carries each case to the kernel as JSON: a type it cannot carry (a numpy
    array, say) would arrive as a stand-in and fail the reference solution itself."""
    from cbec import answer_codec

    for q in (l04.q1, l04.q9):
        for args in [*q.public_cases(), *q.secret_cases()]:
            assert "__unsupported__" not in repr(answer_codec.encode(args)), (q.qid, args)
