"""Exercise 03, question by question: the right answer passes; each misconception and a
plausible wrong answer fail with their feedback; an empty answer reports "还没有作答"; an answer
of the wrong type says what to give.

Right answers are worked out here independently of the question bank, with plain pandas.
"""

import json
import re
from pathlib import Path
from statistics import NormalDist

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cbec import data
from cbec.exercises import l03
from cbec.feedback import Status
from cbec.questions import ____
from cbec.questions.code import call_quietly
from tests.question_checks import incorrect, invalid, not_attempted

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "03_aliexpress_b2c.ipynb"
SOLUTION = ROOT / "solutions" / "03_aliexpress_b2c.ipynb"
NUMBERS = range(1, 15)


@pytest.fixture(autouse=True)
def private_store(tmp_path):
    l03.exercise.use_store(tmp_path / "03_aliexpress_b2c.answers.json")


@pytest.fixture(scope="module")
def orders():
    return data.load("aliexpress_orders")


@pytest.fixture(scope="module")
def customers():
    return data.load("aliexpress_customers")


@pytest.fixture(scope="module")
def products():
    return data.load("aliexpress_products")


@pytest.fixture(scope="module")
def campaigns():
    return data.load("aliexpress_campaigns")


@pytest.fixture(scope="module")
def price_test():
    return data.load("aliexpress_price_test")


@pytest.fixture(scope="module")
def listing():
    return data.load("aliexpress_listing_test")


def lesson_text() -> str:
    return LESSON.read_text(encoding="utf-8")


# -- the bank as a whole -------------------------------------------------------------------------
def test_the_bank_has_the_questions_particular_to_this_lesson():
    questions = list(l03.exercise.questions.values())
    assert any(getattr(q, "explore", None) for q in questions)  # one answered through the simulator


def test_every_misconception_carries_a_note_and_there_are_at_least_two():
    for q in l03.exercise.questions.values():
        assert len(q.misconceptions) >= 2, q.qid


def test_choice_options_do_not_give_the_answer_away_by_length():
    for q in (l03.q1, l03.q10, l03.q11):
        lengths = sorted(len(o) for o in q.options)
        assert len(q.answer) < lengths[-1] or lengths[-1] - lengths[-2] <= 3, q.qid
        assert set(q.misconceptions) == set(q.options) - {q.answer}, q.qid


def test_every_hint_that_holds_a_statement_runs_as_written(orders, customers, products):
    """A hint that shows a whole statement (``name = ...``) runs in the exercise's namespace."""
    for q in l03.exercise.questions.values():
        namespace = {"orders": orders, "customers": customers, "products": products, "pd": pd, "np": np}
        for hint in q.hints:
            for code in re.findall(r"([A-Za-z_][A-Za-z0-9_]* = [^。；，]*[(\[][^。；，]*)", hint):
                exec(code, namespace)
            for name in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)(?:\.groupby|\.merge|\[)", hint):
                assert name in namespace, (q.qid, name)


def test_no_exercise_answer_is_a_number_the_lesson_prints():
    text = lesson_text()
    for q in (l03.q5, l03.q7, l03.q9):
        value = q.expected()
        for shown in (f"{value:.2f}", f"{value:.3f}", f"{value:.1f}"):
            if float(shown) != 0 and len(shown.strip("0.-")) >= 2:
                assert f" {shown} " not in text and f"{shown}美元" not in text, (q.qid, shown)
    assert f"B    {l03.q5.expected()}\n" not in text


# -- Q1 -------------------------------------------------------------------------------------------
def test_q1_products_find_people():
    q = l03.q1
    assert q.evaluate(q.answer).passed and "推荐" in q.answer
    incorrect(q, l03.Q1_SEARCH, "人找货")
    incorrect(q, l03.Q1_PAID, "关键词")
    incorrect(q, l03.Q1_RETURN, "老客复购")
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED
    invalid(q, 3)
    invalid(q, "推荐")


# -- Q2 -------------------------------------------------------------------------------------------
def _right_rfm(df, as_of):
    rows = df.assign(net=df["revenue_usd"] - df["refund_usd"])
    table = rows.groupby("customer_id").agg(
        last=("order_date", "max"), frequency=("order_date", "count"), monetary_usd=("net", "sum")
    )
    table.insert(0, "recency_days", (pd.Timestamp(as_of) - table.pop("last")).dt.days)
    return table


def test_q2_rfm_function(orders):
    q = l03.q2

    def first_order(df, as_of):
        return _right_rfm(
            df.assign(order_date=df.groupby("customer_id")["order_date"].transform("min")), as_of
        )

    def gross(df, as_of):
        return _right_rfm(df.assign(refund_usd=0.0), as_of)

    def units(df, as_of):
        table = _right_rfm(df, as_of)
        return table.assign(frequency=df.groupby("customer_id")["quantity"].sum())

    def fixed_day(df, as_of):
        return _right_rfm(df, "2025-01-01")

    def no_return(df, as_of):
        _right_rfm(df, as_of)

    def raises(df, as_of):
        return df["no_such_column"]

    def stub(df, as_of):
        """每位顾客的 recency_days、frequency、monetary_usd（退款后）。"""
        ...

    assert q.evaluate(_right_rfm).passed
    for wrong, note in (
        (first_order, "第一笔订单"),
        (gross, "没有减去退款"),
        (units, "件数"),
        (fixed_day, "as_of"),
    ):
        assert note in incorrect(q, wrong, "测试用例"), wrong.__name__
    incorrect(q, no_return, "return")
    incorrect(q, raises, "KeyError")
    not_attempted(q, stub, ____)
    invalid(q, _right_rfm(orders.head(50), "2025-01-01"))
    invalid(q, "rfm_table")


def test_q2_hidden_cases_catch_a_function_that_only_fits_the_public_ones():
    q = l03.q2

    def last_row_not_latest(df, as_of):
        """The last row's date instead of the latest date: right only while rows are in date order."""
        latest = df.groupby("customer_id")["order_date"].last()
        return _right_rfm(df, as_of).assign(recency_days=(pd.Timestamp(as_of) - latest).dt.days)

    public = [call_quietly(last_row_not_latest, args) for args in q.public_cases()]
    hidden = [call_quietly(last_row_not_latest, args) for args in q.secret_cases()]
    assert q.judge_outcomes(public).passed
    verdict = q.judge_outcomes(public, hidden)
    assert verdict.status is Status.INCORRECT and "隐藏测试" in verdict.message
    assert q.judge_outcomes(public, [call_quietly(_right_rfm, a) for a in q.secret_cases()]).passed


def test_q2_public_cases_tell_each_slip_apart():
    """Every misconception gives another table than the reference on every public case, so a
    function with that slip fails the first case and gets its note."""
    q = l03.q2
    for args in q.public_cases():
        right = call_quietly(q.reference, args).value
        for wrong, _ in q.misconceptions:
            assert not right.equals(call_quietly(wrong, args).value), wrong.__name__


# -- Q3 -------------------------------------------------------------------------------------------
def test_q3_net_spend_per_customer_by_acquisition_channel(orders, customers):
    q = l03.q3
    net = (orders["revenue_usd"] - orders["refund_usd"]).groupby(orders["customer_id"]).sum()
    channel = customers.set_index("customer_id")["acquisition_channel"].astype(str)
    right = net.groupby(channel).mean()
    assert q.evaluate(right).passed
    assert q.evaluate(right.iloc[::-1]).passed  # order is free
    by_order = (orders["revenue_usd"] - orders["refund_usd"]).groupby(orders["channel"], observed=True).mean()
    incorrect(q, by_order, "老客复购")
    incorrect(q, orders.groupby("customer_id")["revenue_usd"].sum().groupby(channel).mean(), "退款")
    incorrect(q, net.groupby(channel).median(), "中位数")
    incorrect(q, net.groupby(channel).sum(), "总额")
    per_order = (
        (orders["revenue_usd"] - orders["refund_usd"]).groupby(orders["customer_id"].map(channel)).mean()
    )
    incorrect(q, per_order, "按订单求了平均")
    incorrect(q, right * 1.1, "与预期不符")
    invalid(q, right.to_frame())
    invalid(q, float(right.mean()))
    not_attempted(q, ..., ____)


# -- Q4 -------------------------------------------------------------------------------------------
def _rule(margin, conversion):
    if margin < 0.30:
        return "引流款"
    return "利润款" if conversion >= 0.003 else "形象款"


def _matrix(orders, products):
    table = products.set_index("product_id")
    margin = 1 - table["unit_cost_usd"] / table["list_price_usd"]
    conversion = (
        orders["product_id"].value_counts().reindex(table.index, fill_value=0) / table["visitors_2024"]
    )
    return table, margin, conversion


def test_q4_expected_classes_come_from_the_data(orders, products):
    table, margin, conversion = _matrix(orders, products)
    right = {pid: _rule(margin[pid], conversion[pid]) for pid in l03.Q4_ITEMS}
    assert l03.q4.answer == right
    assert sorted(right.values()) == ["利润款", "利润款", "引流款", "引流款", "形象款", "形象款"]
    roles = table["product_role"].astype(str)
    assert [pid for pid in l03.Q4_ITEMS if roles[pid] != right[pid]], "an item must disagree with its role"
    near = [
        pid for pid in l03.Q4_ITEMS if abs(conversion[pid] - 0.003) < 0.0002 or abs(margin[pid] - 0.3) < 0.02
    ]
    assert not near, f"{near}: this close to a cut, a regenerated dataset could flip them"


def test_q4_the_rule_fits_most_products_and_traffic_alone_does_not_separate_the_rest(orders, products):
    """What the lesson says: margin finds the 引流款; among the rest, traffic shares overlap and
    conversion tells 利润款 from 形象款 for most products."""
    table, margin, conversion = _matrix(orders, products)
    roles = table["product_role"].astype(str)
    by_rule = pd.Series({pid: _rule(margin[pid], conversion[pid]) for pid in table.index})
    assert (by_rule.to_numpy() == roles[by_rule.index].to_numpy()).mean() > 0.9
    share = table["visitors_2024"] / table["visitors_2024"].sum()
    assert share[roles == "形象款"].max() > share[roles == "利润款"].min()


def test_q4_classification(products):
    q = l03.q4
    right = dict(q.answer)
    assert q.evaluate(right).passed
    roles = products.set_index("product_id")["product_role"].astype(str)
    by_role = {pid: roles[pid] for pid in q.items}
    message = incorrect(q, by_role, "商品表里标的是")
    assert "本题按比例给分" in message
    for (item, category), note in q.misconceptions.items():
        assert note in incorrect(q, {**right, item: category}, f"分对了 {len(right) - 1} 项")
    incorrect(q, {item: "利润款" for item in q.items}, "分对了")
    incorrect(q, {q.items[0]: right[q.items[0]]}, "还有 5 项没有分类")
    not_attempted(q, {}, ____)
    invalid(q, ["引流款"])
    invalid(q, {q.items[0]: "爆款"})


# -- Q5 -------------------------------------------------------------------------------------------
def _abc_count(orders, products, by_profit=True):
    cost = products.set_index("product_id")["unit_cost_usd"]
    if by_profit:
        amount = (orders["unit_price_usd"] - orders["product_id"].map(cost).astype(float)) * orders[
            "quantity"
        ]
    else:
        amount = orders["revenue_usd"]
    totals = amount.groupby(orders["product_id"]).sum().sort_values(ascending=False)
    return int((totals.cumsum() / totals.sum() <= 0.8).sum())


def test_q5_abc_by_gross_profit(orders, products):
    q = l03.q5
    right = _abc_count(orders, products)
    assert q.evaluate(right).passed
    assert q.evaluate(np.int64(right)).passed
    revenue_count = _abc_count(orders, products, by_profit=False)
    assert revenue_count != right
    incorrect(q, revenue_count, "销售额")
    incorrect(q, right + 1, "多出一件")
    incorrect(q, 5, "与预期不符")
    invalid(q, "29")
    invalid(q, None)
    not_attempted(q, ..., ____)


def test_q5_revenue_misconception_is_what_the_lesson_shows(orders, products):
    """The lesson's ABC table counts class A by revenue: the exercise asks for another number."""
    assert f"A    {_abc_count(orders, products, by_profit=False)}" in lesson_text()


# -- Q6 -------------------------------------------------------------------------------------------
def _slopes(price_test, x="price_usd", y="units_sold", log_x=True, log_y=True):
    out = {}
    for pid in ["AE-T1", "AE-T2", "AE-T3"]:
        one = price_test[price_test["product_id"] == pid]
        xs = np.log(one[x]) if log_x else one[x]
        ys = np.log(one[y]) if log_y else one[y]
        out[pid] = np.polyfit(xs, ys, 1)[0]
    return pd.Series(out)


def test_q6_elasticities(price_test):
    q = l03.q6
    right = _slopes(price_test)
    assert q.evaluate(right).passed
    assert right["AE-T1"] < right["AE-T2"] < -1 < right["AE-T3"] < 0
    incorrect(q, _slopes(price_test, "units_sold", "price_usd"), "颠倒")
    incorrect(q, _slopes(price_test, log_x=False, log_y=False), "取对数")
    incorrect(q, _slopes(price_test, log_x=False), "价格也要取对数")
    incorrect(q, right.round(1), "四舍五入")
    incorrect(q, right.drop("AE-T2"), "")
    fits = {
        pid: np.polyfit(np.log(g["price_usd"]), np.log(g["units_sold"]), 1)
        for pid, g in price_test.groupby("product_id", observed=True)
    }
    incorrect(q, pd.Series({pid: fit[1] for pid, fit in fits.items()}), "截距")
    invalid(q, float(right["AE-T1"]))
    not_attempted(q, ..., ____)


# -- Q7 -------------------------------------------------------------------------------------------
def test_q7_profit_maximising_price_of_the_traffic_driver(price_test):
    q = l03.q7
    one = price_test[price_test["product_id"] == "AE-T1"]
    slope, intercept = np.polyfit(np.log(one["price_usd"]), np.log(one["units_sold"]), 1)
    cost = one["unit_cost_usd"].iloc[0]
    grid = np.round(np.arange(2.0, 9.0001, 0.1), 1)
    profit = (grid - cost) * np.exp(intercept) * grid**slope
    best = float(grid[profit.argmax()])  # what a learner finds by moving the slider
    assert q.evaluate(best).passed
    assert abs(best - q.expected()) <= 0.1
    assert one["price_usd"].max() < q.expected()  # just beyond the tested prices, as the notes say
    incorrect(q, float(one["price_usd"].min()), "越便宜收入越高")
    incorrect(q, float(one["price_usd"].max()), "测试过的最高价")
    incorrect(q, float(cost), "单位成本")
    incorrect(q, 4.0, "基准价")
    incorrect(q, 2.0, "最左端")
    incorrect(q, 9.0, "最右端")
    incorrect(q, 8.5, "偏大")
    invalid(q, 12.0)  # off the slider
    invalid(q, "5.9 美元")
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q7_answer_and_misconceptions_fit_the_slider():
    q = l03.q7
    low, high, step = q.slider
    values = [v() if callable(v) else v for v, _ in q.misconceptions]
    for value in [q.expected(), *values]:
        assert low <= value <= high
    for value in values:
        assert abs(value - q.expected()) > 2 * q.tolerance
    assert q.tolerance >= step
    assert q.explore == "cbec.explore.l03:price_simulator"


def test_q7_the_simulator_guides_the_learner_to_the_answer(price_test):
    """Fed with the learner's fit, the explorer's printed profit is highest at the answer."""
    from cbec.explore import l03 as simulator

    one = price_test[price_test["product_id"] == "AE-T1"]
    fit = np.polyfit(np.log(one["price_usd"]), np.log(one["units_sold"]), 1)
    curve = simulator.DemandCurve.from_polyfit(fit, unit_cost=3.2)
    grid = np.round(np.arange(2.0, 9.0001, 0.1), 1)
    profits = [simulator.gross_profit(curve, p) for p in grid]
    assert abs(grid[int(np.argmax(profits))] - l03.q7.expected()) <= l03.q7.tolerance


# -- Q8 -------------------------------------------------------------------------------------------
def test_q8_roi_by_channel(campaigns):
    q = l03.q8
    sums = campaigns.groupby("channel", observed=True)[["revenue_usd", "spend_usd"]].sum()
    right = (0.4 * sums["revenue_usd"] - sums["spend_usd"]) / sums["spend_usd"]
    assert q.evaluate(right).passed
    assert np.allclose(right, sums["revenue_usd"] / sums["spend_usd"] * 0.4 - 1)
    incorrect(q, sums["revenue_usd"] / sums["spend_usd"] - 1, "ROAS − 1")
    per_row = (0.4 * campaigns["revenue_usd"] - campaigns["spend_usd"]) / campaigns["spend_usd"]
    incorrect(q, per_row.groupby(campaigns["channel"], observed=True).mean(), "每次活动")
    incorrect(q, right * 100, "乘以 100")
    roas = sums["revenue_usd"] / sums["spend_usd"]
    incorrect(q, roas, "这是 ROAS")
    incorrect(q, roas * 0.4, "少减了 1")
    incorrect(q, 1 / roas, "倒过来")
    invalid(q, float(right.iloc[0]))
    invalid(q, sums)
    not_attempted(q, ..., ____)


# -- Q9 -------------------------------------------------------------------------------------------
def _p(listing, column, sides=2):
    a = listing.loc[listing["arm"] == "A 原主图", column]
    b = listing.loc[listing["arm"] == "B 场景视频主图", column]
    pooled = (a.sum() + b.sum()) / (len(a) + len(b))
    z = (b.mean() - a.mean()) / np.sqrt(pooled * (1 - pooled) * (1 / len(a) + 1 / len(b)))
    return sides * (1 - NormalDist().cdf(abs(z)))


def test_q9_p_value_of_the_purchase_rate(listing):
    q = l03.q9
    right = _p(listing, "purchased")
    assert q.evaluate(right).passed
    assert 0.001 < right < 0.05  # significant at 5 %, far less clear than the cart rate
    incorrect(q, _p(listing, "added_to_cart"), "加购率")
    incorrect(q, _p(listing, "purchased", sides=1), "单侧")
    incorrect(q, 1 - right, "Φ(|z|)")
    z = NormalDist().inv_cdf(1 - right / 2)
    incorrect(q, z, "z 统计量")
    incorrect(q, 2 * NormalDist().cdf(z), "不会大于 1")
    incorrect(q, right * 100, "100 倍")
    incorrect(q, 0.2, "与预期不符")
    invalid(q, str(right))
    invalid(q, None)
    not_attempted(q, ____, ...)


# -- Q10 ------------------------------------------------------------------------------------------
def test_q10_the_decision(listing):
    q = l03.q10
    assert _p(listing, "purchased") < 0.05  # the key says the difference is significant at 5 %
    rates = listing.groupby("arm", observed=True)[["added_to_cart", "purchased"]].mean()
    assert (rates.loc["B 场景视频主图"] > rates.loc["A 原主图"]).all()  # ... and in the cart's direction
    assert q.evaluate(q.answer).passed
    incorrect(q, l03.Q10_PEEK, "偷看")
    incorrect(q, l03.Q10_NOT, "5%")
    incorrect(q, l03.Q10_SIZE, "运气")
    not_attempted(q, ____)
    invalid(q, True)


# -- Q11 ------------------------------------------------------------------------------------------
def test_q11_break_even_roas():
    q = l03.q11
    margin, roas = 0.25, 3.0
    assert 1 / margin == 4 and roas * margin < 1
    assert q.evaluate(q.answer).passed
    incorrect(q, l03.Q11_ROAS1, "0.75")
    incorrect(q, l03.Q11_MARGIN, "1 ÷ 毛利率")
    incorrect(q, l03.Q11_UNKNOWN, "1 ÷ 毛利率")
    not_attempted(q, ____)
    invalid(q, 4)


# -- Q12 ------------------------------------------------------------------------------------------
def _bars(values):
    ax = values.plot.bar()
    ax.set(title="纠纷率", xlabel="承诺送达天数（天）", ylabel="纠纷率（%）")
    return ax


def test_q12_dispute_rate_chart(orders):
    from cbec.questions.plots import summarize

    q = l03.q12

    def right(df):
        return _bars(df.groupby("promised_days")["dispute"].mean() * 100)

    def with_seaborn(df):
        import seaborn as sns

        rate = (df.groupby("promised_days")["dispute"].mean() * 100).reset_index()
        ax = sns.barplot(data=rate, x="promised_days", y="dispute")
        ax.set(title="各承诺天数的纠纷率", xlabel="承诺天数（天）", ylabel="纠纷率（%）")
        return ax

    def counts(df):
        return _bars(df.groupby("promised_days")["dispute"].sum())

    def shares(df):
        return _bars(df.groupby("promised_days")["dispute"].mean())

    def late(df):
        return _bars((df["actual_days"] > df["promised_days"]).groupby(df["promised_days"]).mean() * 100)

    def as_line(df):
        ax = (df.groupby("promised_days")["dispute"].mean() * 100).plot()
        ax.set(title="纠纷率", xlabel="天", ylabel="%")
        return ax

    def untitled(df):
        return (df.groupby("promised_days")["dispute"].mean() * 100).plot.bar()

    def no_return(df):
        right(df)

    def stub(df):
        """按承诺送达天数的纠纷率（%）柱状图，返回 Axes。"""
        ...

    assert q.evaluate(right).passed
    assert q.evaluate(with_seaborn).passed
    incorrect(q, counts, "mean() 而不是 sum()")
    incorrect(q, shares, "乘以 100")
    incorrect(q, late, "晚到")

    def late_only(df):
        late_rows = df[df["actual_days"] > df["promised_days"]]
        return _bars(late_rows.groupby("promised_days")["dispute"].mean() * 100)

    incorrect(q, late_only, "分母是该组的全部订单")
    incorrect(q, as_line, "图的类型不对")
    incorrect(q, untitled, "标题")
    incorrect(q, no_return, "return")
    not_attempted(q, stub, ____)
    invalid(q, right(orders))  # the drawn chart instead of the function
    invalid(q, "plot_dispute_rate")
    plt.close("all")
    drawn = summarize(right(orders))
    plt.close("all")
    assert [label for label, _ in drawn["bars"]] == ["5", "10", "12", "15", "20"]


def test_q12_hidden_cases_catch_a_chart_that_only_fits_the_public_ones():
    from cbec.questions.plots import call_plot

    q = l03.q12

    def disputed_over_all(df):
        """Disputed orders counted per group, then divided: a group without any dispute is lost."""
        disputed = df[df["dispute"]].groupby("promised_days").size()
        return _bars((disputed / df.groupby("promised_days").size() * 100).dropna())

    public = [call_plot(disputed_over_all, args) for args in q.public_cases()]
    hidden = [call_plot(disputed_over_all, args) for args in q.secret_cases()]
    assert q.judge_outcomes(public).passed
    assert q.judge_outcomes(public, hidden).status is Status.INCORRECT


# -- the notebooks ---------------------------------------------------------------------------------
def test_the_solution_notebook_checks_every_question():
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells)
    for n in NUMBERS:
        assert f"q{n}.check(" in source, n


def test_the_lesson_prints_a_static_simulator_result_beside_the_widget():
    cells = json.loads(lesson_text())["cells"]
    printed = [
        "".join(o.get("text", ""))
        for c in cells
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if o["output_type"] == "stream"
    ]
    assert any("预测日毛利" in text for text in printed)


# -- Q13, Q14 -------------------------------------------------------------------------------------
def test_q13_a_bootstrap_interval_that_straddles_break_even():
    q = l03.q13
    low, point, break_even = 2.4, 2.9, 1 / 0.40
    assert low < break_even < point  # the made-up interval crosses the line
    assert q.evaluate(q.answer).passed
    incorrect(q, l03.Q13_POINT, "估计")
    incorrect(q, l03.Q13_LOSS, "还不确定")
    incorrect(q, l03.Q13_RANGE, "单次活动")
    not_attempted(q, ____)


def test_q14_on_time_rate_by_country(orders, customers):
    q = l03.q14
    country = orders["customer_id"].map(customers.set_index("customer_id")["country"].astype(str))
    on_time = orders["actual_days"] <= orders["promised_days"]
    right = on_time.groupby(country).mean() * 100
    assert q.evaluate(right).passed
    incorrect(q, 100 - right, "晚到率")
    incorrect(q, right / 100, "乘以 100")
    strict = orders["actual_days"] < orders["promised_days"]
    incorrect(q, strict.groupby(country).mean() * 100, "<=")
    incorrect(q, right.round(0), "")
    invalid(q, float(right.mean()))
    not_attempted(q, ..., ____)
