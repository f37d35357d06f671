"""Exercise 01, question by question: the right answer passes, a plausible wrong answer fails
with its feedback, and an empty answer reports "还没有作答".

Right answers are worked out here independently of the question bank, with plain pandas.
"""

import pandas as pd
import pytest

from cbec import data
from cbec.exercises import l01
from cbec.feedback import Status
from cbec.questions import ____
from cbec.questions.code import call_quietly


@pytest.fixture(autouse=True)
def private_store(tmp_path):
    l01.exercise.use_store(tmp_path / "01_people_goods_place.answers.json")


@pytest.fixture(scope="module")
def buyers():
    return data.load("buyer_profiles")


def b2b(buyers):
    return buyers[buyers["platform"] == "国际站"]


def test_the_exercise_has_enough_questions_of_each_kind():
    questions = list(l01.exercise.questions.values())
    assert len(questions) >= 6
    assert sum(q.widget_kind is not None for q in questions) >= 3
    assert all(q.hints and q.solution_text for q in questions)


def test_q1_b2b_buyers_weigh_trust():
    q = l01.q1
    assert q.evaluate("供应商的资质、工厂实力与长期合作的可靠性").passed
    wrong = q.evaluate("最低的单价")
    assert wrong.status is Status.INCORRECT and "长期合作" in wrong.message
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q1_is_consistent_with_the_data(buyers):
    """The data must teach what the key says: trust factors top the B2B answers."""
    shares = b2b(buyers)["top_factor"].value_counts(normalize=True)
    trust = shares[["供应商资质", "工厂实力"]].sum()
    assert trust > shares["价格"]


def test_q2_people_goods_place():
    q = l01.q2
    right = {
        "按采购规模给买家分层": "人",
        "用户画像（user profile）": "人",
        "户外露营照明的整套方案": "货",
        "引流款 / 利润款 / 形象款的产品组合": "货",
        "橱窗（showcase）": "场",
        "直播间": "场",
        "社交平台上的内容触点": "场",
    }
    assert q.evaluate(right).passed
    wrong = q.evaluate({**right, "直播间": "货"})
    assert wrong.status is Status.INCORRECT and "属于“场”" in wrong.message
    assert q.evaluate({}).status is Status.NOT_ATTEMPTED


def test_q3_alibaba_com_tools():
    q = l01.q3
    assert q.evaluate(
        ["RFQ（采购直达）", "P4P（外贸直通车）", "官方活动（如三月新贸节）", "场景化的产品搭配"]
    ).passed
    wrong = q.evaluate(["RFQ（采购直达）", "P4P（外贸直通车）", "联盟营销（affiliate）"])
    assert wrong.status is Status.INCORRECT and "速卖通" in wrong.message
    assert q.evaluate([]).status is Status.NOT_ATTEMPTED


def test_q4_large_orders(buyers):
    q = l01.q4
    right = pd.Series(
        {
            p: buyers.loc[buyers["platform"] == p, "order_value_usd"].quantile(0.9)
            for p in ["国际站", "速卖通"]
        }
    )
    right.index.name = "platform"
    assert q.evaluate(buyers.groupby("platform", observed=True)["order_value_usd"].quantile(0.9)).passed
    assert q.evaluate(right).status is Status.CORRECT  # a plain Index works as well as a categorical one
    median = q.evaluate(buyers.groupby("platform", observed=True)["order_value_usd"].median())
    assert median.status is Status.INCORRECT and "中位数" in median.message
    mean = q.evaluate(buyers.groupby("platform", observed=True)["order_value_usd"].mean())
    assert mean.status is Status.INCORRECT and "平均数" in mean.message
    assert q.evaluate(right.to_frame()).status is Status.INVALID
    assert q.evaluate(...).status is Status.NOT_ATTEMPTED


def test_q5_share_of_long_decisions(buyers):
    q = l01.q5
    long = b2b(buyers)["decision_days"] > 30
    assert q.evaluate(long.mean()).passed
    assert q.evaluate(long.sum() / len(long)).passed
    everyone = q.evaluate((buyers["decision_days"] > 30).mean())
    assert everyone.status is Status.INCORRECT and "只问国际站" in everyone.message
    inclusive = q.evaluate((b2b(buyers)["decision_days"] >= 30).mean())
    assert inclusive.status is Status.INCORRECT and ">=" in inclusive.message
    assert "人数" in q.evaluate(float(long.sum())).message
    assert "乘以 100" in q.evaluate(long.mean() * 100).message
    assert q.evaluate(long).status is Status.INVALID
    assert q.evaluate(str(long.mean())).status is Status.INVALID
    assert q.evaluate(None).status is Status.INVALID
    assert q.evaluate(____).status is Status.NOT_ATTEMPTED


def _right_lift(df, platform, column="order_value_usd"):
    rows = df[df["platform"] == platform]
    return (
        rows.loc[rows["bought_bundle"], column].median() / rows.loc[~rows["bought_bundle"], column].median()
    )


def test_q6_bundle_lift_function(buyers):
    q = l01.q6

    def inverted(df, platform, column="order_value_usd"):
        return 1 / _right_lift(df, platform, column)

    def ignores_platform(df, platform, column="order_value_usd"):
        return _right_lift(df.assign(platform=platform), platform, column)

    def ignores_column(df, platform, column="order_value_usd"):
        return _right_lift(df, platform)

    def stub(df, platform, column="order_value_usd"):
        """组合方案与单品买家在 column 这一列上的中位数之比。"""
        ...

    assert q.evaluate(_right_lift).passed
    assert q.evaluate(inverted).status is Status.INCORRECT
    assert q.evaluate(ignores_platform).status is Status.INCORRECT
    assert q.evaluate(ignores_column).status is Status.INCORRECT
    assert q.evaluate(stub).status is Status.NOT_ATTEMPTED
    assert q.evaluate(_right_lift(buyers, "国际站")).status is Status.INVALID


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


def test_q6_recovers_the_planted_bundle_effect(buyers):
    """The data plants a higher order value for bundles on both platforms."""
    for platform in ["国际站", "速卖通"]:
        assert _right_lift(buyers, platform) > 1.05, platform


def test_q7_compound_growth():
    q = l01.q7
    macro = data.load("macro_cbec").set_index("year")["first_release_trn_cny"]
    right = ((macro[2024] / macro[2020]) ** 0.25 - 1) * 100
    assert 11.0 < right < 12.5
    assert q.evaluate(round(right, 1)).passed
    simple = q.evaluate((macro[2024] / macro[2020] - 1) / 4 * 100)
    assert simple.status is Status.INCORRECT and "简单平均" in simple.message
    five = q.evaluate(((macro[2024] / macro[2020]) ** 0.2 - 1) * 100)
    assert five.status is Status.INCORRECT and "4 个年度间隔" in five.message
    assert "100 倍" in q.evaluate(right / 100).message
    assert q.evaluate().status is Status.NOT_ATTEMPTED
