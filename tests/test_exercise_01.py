"""Exercise 01, question by question: the right answer passes; each misconception and a
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

from cbec import data
from cbec.exercises import l01
from cbec.feedback import Status
from cbec.questions import ____
from cbec.questions.code import call_quietly
from tests.question_checks import incorrect, invalid, not_attempted

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
SOLUTION = ROOT / "solutions" / "01_people_goods_place.ipynb"


@pytest.fixture(autouse=True)
def private_store(tmp_path):
    l01.exercise.use_store(tmp_path / "01_people_goods_place.answers.json")


@pytest.fixture(scope="module")
def buyers():
    return data.load("buyer_profiles")


@pytest.fixture(scope="module")
def macro():
    return data.load("macro_cbec").set_index("year")


def b2b(buyers):
    return buyers[buyers["platform"] == "国际站"]


# -- the bank as a whole -------------------------------------------------------------------------
def test_the_notebook_gives_the_learner_the_same_touchpoint_groups_as_the_bank():
    cells = json.loads(SOLUTION.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if "".join(c["source"]).startswith("TOUCH_GROUPS"))
    namespace = {}
    exec(source, namespace)
    assert namespace["TOUCH_GROUPS"] == l01._TOUCH_GROUPS
    assert set(l01._TOUCH_GROUPS) == set(data.load("buyer_profiles")["first_touchpoint"].cat.categories)


# -- Q1 ---------------------------------------------------------------------------------------------
def test_q1_the_b2b_buying_centre():
    q = l01.q1
    assert q.evaluate("决策周期长，采购、技术、财务几个角色共同决定，看重供应商可信").passed
    wrong = [o for o in q.options if o != q.answer]
    assert set(wrong) == set(q.misconceptions)
    incorrect(q, wrong[0], "速卖通")
    incorrect(q, "通常由老板一人拍板，几家报价里谁的单价最低就选谁的货", "好几个人")
    incorrect(q, "平时很少下单，采购需求集中在平台官方活动的那几天释放", "全年")
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED
    invalid(q, 2)
    invalid(q, "不存在的选项")


def test_choice_options_do_not_give_the_answer_away_by_length():
    for q in (l01.q1, l01.q11, l01.q12):
        lengths = sorted(len(o) for o in q.options)
        assert len(q.answer) < lengths[-1] or lengths[-1] - lengths[-2] <= 3, q.qid
    assert not [o for o in l01.q3.options if "速卖通" in o or "国际站" in o]  # no platform named in an option


def test_q1_is_consistent_with_the_data(buyers):
    """The data must teach what the key says: B2B buyers take weeks and weigh trust."""
    shares = b2b(buyers)["top_factor"].value_counts(normalize=True)
    assert shares[["供应商资质", "工厂实力"]].sum() > shares["价格"]
    assert b2b(buyers)["decision_days"].median() >= 14


# -- Q2 ---------------------------------------------------------------------------------------------
Q2_RIGHT = {
    "按采购规模给买家分层": "人",
    "用户画像（user profile）": "人",
    "一家企业里参与采购的多个角色": "人",
    "户外露营照明的整套方案": "货",
    "把供应商塑造成“方案解决者”": "货",
    "橱窗（showcase）": "场",
    "直播间": "场",
    "P4P 付费推广": "场",
}


def test_q2_people_goods_place():
    q = l01.q2
    assert q.evaluate(Q2_RIGHT).passed
    for (item, category), note in q.misconceptions.items():
        message = incorrect(q, {**Q2_RIGHT, item: category}, note)
        assert f"{len(Q2_RIGHT)} 项中分对了 {len(Q2_RIGHT) - 1} 项" in message
    assert len(q.misconceptions) >= 2
    half = {item: "人" for item in Q2_RIGHT}
    incorrect(q, half, "分对了 3 项")
    incorrect(q, {"直播间": "场"}, "还有 7 项没有分类")
    not_attempted(q, {}, ____)
    invalid(q, ["人", "货"])
    invalid(q, {"直播间": "地点"})


# -- Q3 ---------------------------------------------------------------------------------------------
Q3_RIGHT = ["RFQ（采购直达）", "P4P（外贸直通车）", "官方活动（如三月新贸节）", "场景化解决方案"]


def test_q3_alibaba_com_tools():
    q = l01.q3
    assert q.evaluate(Q3_RIGHT).passed
    assert q.evaluate(list(reversed(Q3_RIGHT))).passed
    incorrect(q, [*Q3_RIGHT, "联盟营销（affiliate）"], "速卖通一侧")
    incorrect(q, [*Q3_RIGHT[:3], "直通车"], "国际站的对应工具叫 P4P")
    incorrect(q, Q3_RIGHT[1:], "只有国际站有")
    incorrect(q, ["粉丝运营"], "漏选 4 项，多选 1 项")
    not_attempted(q, [], ____)
    invalid(q, "RFQ（采购直达）")
    invalid(q, ["RFQ"])


# -- Q4 ---------------------------------------------------------------------------------------------
def _per_platform(buyers, how):
    return pd.Series(
        {p: how(buyers.loc[buyers["platform"] == p, "order_value_usd"]) for p in ["国际站", "速卖通"]}
    ).rename_axis("platform")


def test_q4_large_orders(buyers):
    q = l01.q4
    right = _per_platform(buyers, lambda s: s.quantile(0.9))
    assert q.evaluate(right).passed  # a plain Index works as well as a categorical one
    assert q.evaluate(buyers.groupby("platform", observed=True)["order_value_usd"].quantile(0.9)).passed
    incorrect(q, _per_platform(buyers, pd.Series.median), "中位数")
    incorrect(q, _per_platform(buyers, pd.Series.mean), "平均数")
    incorrect(q, _per_platform(buyers, lambda s: s.quantile(0.1)), "第 10 百分位")
    incorrect(q, _per_platform(buyers, lambda s: s.quantile(0.75)), "第 75 百分位")
    incorrect(q, right / 1000, "千美元")
    incorrect(q, right * 1.05, "与预期不符")
    incorrect(q, right.rename(index={"国际站": "B2B"}), "索引")
    invalid(q, right.to_frame())
    invalid(q, float(right.iloc[0]))
    not_attempted(q, ..., ____)


# -- Q5 ---------------------------------------------------------------------------------------------
def test_q5_share_of_long_decisions(buyers):
    q = l01.q5
    long = b2b(buyers)["decision_days"] > 30
    assert q.evaluate(long.mean()).passed
    assert q.evaluate(long.sum() / len(long)).passed
    incorrect(q, (buyers["decision_days"] > 30).mean(), "只问国际站")
    incorrect(q, (b2b(buyers)["decision_days"] >= 30).mean(), ">=")
    incorrect(q, float(long.sum()), "人数")
    incorrect(q, long.mean() * 100, "乘以 100")
    incorrect(q, (b2b(buyers)["decision_days"] <= 30).mean(), "不超过 30 天")
    incorrect(q, b2b(buyers)["decision_days"].median(), "中位数")
    aliexpress = buyers[buyers["platform"] == "速卖通"]
    incorrect(q, (aliexpress["decision_days"] > 30).mean(), "速卖通")
    incorrect(q, 0.25, "与预期不符")
    invalid(q, long)
    invalid(q, str(long.mean()))
    invalid(q, None)
    not_attempted(q, ____, ...)


# -- Q6 ---------------------------------------------------------------------------------------------
def _right_lift(df, platform, column="order_value_usd"):
    rows = df[df["platform"] == platform]
    return (
        rows.loc[rows["bought_bundle"], column].median() / rows.loc[~rows["bought_bundle"], column].median()
    )


def test_q6_bundle_median_ratio_function(buyers):
    q = l01.q6

    def inverted(df, platform, column="order_value_usd"):
        return 1 / _right_lift(df, platform, column)

    def of_means(df, platform, column="order_value_usd"):
        rows = df[df["platform"] == platform]
        return (
            rows.loc[rows["bought_bundle"], column].mean() / rows.loc[~rows["bought_bundle"], column].mean()
        )

    def ignores_platform(df, platform, column="order_value_usd"):
        return _right_lift(df.assign(platform=platform), platform, column)

    def ignores_column(df, platform, column="order_value_usd"):
        return _right_lift(df, platform)

    def no_return(df, platform, column="order_value_usd"):
        _right_lift(df, platform, column)

    def raises(df, platform, column="order_value_usd"):
        return df["no_such_column"]

    def stub(df, platform, column="order_value_usd"):
        """组合与单品买家在 column 这一列上的中位数之比。"""
        ...

    assert q.evaluate(_right_lift).passed
    # Each slip, written the learner's own way, gets its own note beside the failing case.
    for wrong, note in (
        (inverted, "分子和分母颠倒"),
        (of_means, "用的是平均数"),
        (ignores_platform, "没有先筛选 platform"),
        (ignores_column, "没有用参数 column"),
    ):
        assert note in incorrect(q, wrong, "测试用例"), wrong.__name__
    incorrect(q, no_return, "return")
    incorrect(q, raises, "KeyError")
    not_attempted(q, stub, ____)
    invalid(q, _right_lift(buyers, "国际站"))
    invalid(q, "bundle_median_ratio")


def test_q6_hidden_cases_catch_a_function_that_only_fits_the_public_ones():
    q = l01.q6

    def no_default(df, platform, column):
        return _right_lift(df, platform, column)

    public = [call_quietly(no_default, args) for args in q.public_cases()]
    hidden = [call_quietly(no_default, args) for args in q.secret_cases()]
    assert q.judge_outcomes(public).passed
    verdict = q.judge_outcomes(public, hidden)
    assert verdict.status is Status.INCORRECT and "隐藏测试" in verdict.message
    assert q.judge_outcomes(public, [call_quietly(_right_lift, a) for a in q.secret_cases()]).passed


def test_q6_recovers_a_planted_bundle_effect(buyers):
    """The data plants a higher order value for bundles on both platforms."""
    for platform in ["国际站", "速卖通"]:
        assert _right_lift(buyers, platform) > 1.05, platform


# -- Q7 ---------------------------------------------------------------------------------------------
def test_q7_compound_growth_first_over_first(macro):
    q = l01.q7
    first, revised = macro["first_release_trn_cny"], macro["revised_trn_cny"]
    right = ((first[2024] / first[2020]) ** 0.25 - 1) * 100
    assert q.evaluate(right).passed
    assert q.evaluate(round(right, 1)).passed
    incorrect(q, (first[2024] / first[2020] - 1) / 4 * 100, "简单平均")
    incorrect(q, ((first[2024] / first[2020]) ** 0.2 - 1) * 100, "4 个年度间隔")
    incorrect(q, ((first[2024] / revised[2020]) ** 0.25 - 1) * 100, "修订值")
    incorrect(q, right / 100, "100 倍")
    incorrect(q, macro.loc[2023, "first_release_growth_pct"], "同比增长率")
    incorrect(q, round(((first[2023] / first[2018]) ** 0.2 - 1) * 100, 1), "2018—2023")
    incorrect(q, 30.0, "偏大")
    invalid(q, f"{right:.1f}")
    invalid(q, None)
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q7_misconceptions_lie_outside_the_tolerance_of_the_answer():
    q = l01.q7
    for value, _ in q.misconceptions:
        assert abs(value() - q.expected()) > 2 * q.tolerance


def test_q7_is_no_number_the_lesson_prints(macro):
    first = macro["first_release_trn_cny"]
    lesson = (ROOT / "lessons" / "01_people_goods_place.ipynb").read_text(encoding="utf-8")
    assert f"{l01.q7.expected():.1f}%" not in lesson
    assert f"{((first[2023] / first[2018]) ** 0.2 - 1):.1%}" in lesson  # the worked example is another


# -- Q8 ---------------------------------------------------------------------------------------------
def test_q8_decision_days_by_touchpoint_with_observed(buyers):
    q = l01.q8
    rows = b2b(buyers)
    right = rows.groupby("first_touchpoint", observed=True)["decision_days"].median()
    by_hand = pd.Series(
        {
            t: rows.loc[rows["first_touchpoint"] == t, "decision_days"].median()
            for t in rows["first_touchpoint"].unique()
        }
    )
    assert q.evaluate(right).passed
    assert q.evaluate(by_hand).passed  # plain labels, another order
    assert len(right) == 7
    incorrect(q, rows.groupby("first_touchpoint", observed=False)["decision_days"].median(), "observed=True")
    incorrect(q, rows.groupby("first_touchpoint", observed=True)["decision_days"].mean(), "平均数")
    incorrect(q, buyers.groupby("first_touchpoint", observed=True)["decision_days"].median(), "只问国际站")
    incorrect(q, rows.groupby("first_touchpoint", observed=True)["decision_days"].count(), "多少位买家")
    incorrect(q, rows.groupby("first_touchpoint", observed=True).size(), "多少位买家")
    incorrect(q, right + 1, "与预期不符")
    invalid(q, right.to_frame())
    invalid(q, 30.0)
    not_attempted(q, ..., ____)


# -- Q9 ---------------------------------------------------------------------------------------------
def _groups(buyers):
    return buyers["first_touchpoint"].map(l01._TOUCH_GROUPS)


def test_q9_organic_paid_and_content_by_platform(buyers):
    q = l01.q9
    counts = pd.crosstab(buyers["platform"], _groups(buyers))
    right = counts.div(counts.sum(axis=1), axis=0)
    assert q.evaluate(right).passed
    assert q.evaluate(right[list(reversed(right.columns))]).passed  # column order is free
    assert np.allclose(right.sum(axis=1), 1)
    incorrect(q, counts.div(counts.sum(axis=0), axis=1), 'normalize="index"')
    incorrect(q, counts, "人数")
    incorrect(q, counts / counts.to_numpy().sum(), "2,000")
    incorrect(q, right.T, "行列颠倒")
    incorrect(q, right.drop(columns="内容"), "列不对")
    invalid(q, right["自然"])
    invalid(q, 0.36)
    not_attempted(q, ..., ____)


def test_q9_every_touchpoint_has_a_group(buyers):
    assert _groups(buyers).notna().all()


# -- Q10 --------------------------------------------------------------------------------------------
def test_q10_key_account_threshold(buyers):
    q = l01.q10
    values = b2b(buyers)["order_value_usd"]
    right = values.quantile(0.75) / 1000
    assert q.evaluate(right).passed
    assert q.evaluate(round(right, 1)).passed  # the nearest slider position
    assert 0.2 < (values >= 1000 * round(right, 1)).mean() < 0.3
    incorrect(q, round(values.quantile(0.25) / 1000, 1), "75%")
    incorrect(q, round(buyers["order_value_usd"].quantile(0.75) / 1000, 1), "混在一起")
    incorrect(q, round(values.median() / 1000, 1), "中位数")
    incorrect(q, 15.0, "偏大")
    assert "除以 1000" in q.evaluate(1000 * right).message  # dollars where thousands are asked
    invalid(q, 1000 * right)  # outside the slider: refused, not judged
    invalid(q, "6.5 千美元")
    invalid(q, [6.5])
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q10_answer_and_misconceptions_fit_the_slider():
    q = l01.q10
    low, high, step = q.slider
    for value in [q.expected(), *(v() for v, _ in q.misconceptions)]:
        assert low <= value <= high
    for value, _ in q.misconceptions:
        assert abs(value() - q.expected()) > 2 * q.tolerance
    assert q.tolerance >= step  # at least one slider position is accepted


def test_q10_explorer_draws_and_prints_shares_but_holds_no_answer(capsys):
    from cbec.explore import l01 as explore

    explore.order_value_threshold(5.0)
    printed = capsys.readouterr().out
    assert "5,000 美元" in printed and "国际站" in printed and "速卖通" in printed and "%" in printed
    ax = plt.gcf().axes[0]
    assert "千美元" in ax.get_xlabel()  # the same unit as the slider
    vertical, horizontal = ax.lines[-2], ax.lines[-1]
    assert list(vertical.get_xdata()) == [5.0, 5.0] and list(horizontal.get_ydata()) == [25, 25]
    plt.close("all")
    source = Path(explore.__file__).read_text(encoding="utf-8")
    assert "quantile" not in source and f"{l01.q10.expected():.2f}" not in source


def test_every_hint_that_holds_a_statement_runs_as_written(buyers):
    """A hint that shows a whole statement (``name = ...``) must run in the exercise's namespace,
    and a hint names only data the learner has: the notebook's ``buyers`` or what a hint defines."""
    ran = 0
    for q in l01.exercise.questions.values():
        namespace = {"buyers": buyers, "pd": pd}
        for hint in q.hints:
            for code in re.findall(r"([A-Za-z_][A-Za-z0-9_]* = [^。；，]*[(\[][^。；，]*)", hint):
                exec(code, namespace)
                ran += 1
            for name in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)(?:\.groupby|\[)", hint):
                assert name in namespace, (q.qid, name)
    assert ran >= 1


# -- Q11 --------------------------------------------------------------------------------------------
def test_q11_the_base_of_an_announced_growth_rate():
    q = l01.q11
    first, revised, current, announced = 100, 95, 110, 15.8
    assert round((current / revised - 1) * 100, 1) == announced != round((current / first - 1) * 100, 1)
    assert round((current / ((first + revised) / 2) - 1) * 100, 1) != announced
    assert q.evaluate(f"上一年的修订值 {revised}").passed
    incorrect(q, f"上一年的首次发布值 {first}", "10%")
    incorrect(q, next(o for o in q.options if "平均数" in o), "对不上")
    incorrect(q, next(o for o in q.options if "相同" in o), "并不相同")
    assert set(q.misconceptions) == set(q.options) - {q.answer}
    not_attempted(q, ____)
    invalid(q, 95)
    invalid(q, "修订值")


def test_q11_uses_no_figure_of_the_real_table(macro):
    """Made-up figures: the learner cannot answer by recalling the lesson's 2022 or 2023 rows."""
    real = {f"{v:g}" for v in macro.select_dtypes("number").stack()}
    assert not {"95", "100", "110", "15.8"} & real


# -- Q12 --------------------------------------------------------------------------------------------
def test_q12_what_a_ratio_of_medians_shows():
    q = l01.q12
    assert q.evaluate(q.answer).passed
    cause = next(o for o in q.options if o.startswith("推出"))
    incorrect(q, cause, "因果")
    incorrect(q, next(o for o in q.options if "客单价" in o), "平均数")
    incorrect(q, next(o for o in q.options if o.startswith("每一位")), "重叠")
    assert set(q.misconceptions) == set(q.options) - {q.answer}
    not_attempted(q, ____)
    invalid(q, 1.8)
    invalid(q, ["相关"])


def test_q12_medians_overlap_in_the_data(buyers):
    """The note on "every bundle buyer spends more" holds: many single buyers outspend the median bundle buyer."""
    for platform in ["国际站", "速卖通"]:
        rows = buyers[buyers["platform"] == platform]
        bundle_median = rows.loc[rows["bought_bundle"], "order_value_usd"].median()
        assert (rows.loc[~rows["bought_bundle"], "order_value_usd"] > bundle_median).mean() > 0.1
