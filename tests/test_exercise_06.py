"""Exercise 06, question by question: the right answer passes; each misconception and a
plausible wrong answer fail with their feedback; an empty answer reports "还没有作答"; an answer
of the wrong type says what to give. The memo: a saved text waits for the teacher (needs marking)
with its formative notes, a blank one is not attempted.

Right answers are worked out here independently of the question bank, with plain pandas.
"""

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

from cbec import data
from cbec.exercises import l06
from cbec.feedback import Status
from cbec.questions import WrittenAnswer, ____
from cbec.questions.code import call_quietly
from cbec.questions.written import count_chars
from tests.question_checks import incorrect, invalid, needs_marking, not_attempted

ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "lessons" / "06_recommendations.ipynb"
SOLUTION = ROOT / "solutions" / "06_recommendations.ipynb"


@pytest.fixture(autouse=True)
def private_store(tmp_path):
    l06.exercise.use_store(tmp_path / "06_recommendations.answers.json")


@pytest.fixture(scope="module")
def macro():
    return data.load("macro_cbec")


@pytest.fixture(scope="module")
def detail():
    return data.load("macro_cbec_detail")


def lesson_text() -> str:
    """The lesson's sources and outputs as a reader sees them (not JSON-escaped)."""
    cells = nbformat.read(LESSON, as_version=4).cells
    outputs = [
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in cells
        for o in c.get("outputs", [])
    ]
    return "\n".join([c.source for c in cells] + outputs)


def _forecast_row(macro, detail) -> pd.Series:
    forecast = detail[detail["measure"] == "全年规模预测"]
    return forecast.merge(macro, on="year", validate="one_to_one").iloc[0]


# -- the bank as a whole -------------------------------------------------------------------------
def test_the_bank_has_the_questions_particular_to_this_lesson():
    questions = list(l06.exercise.questions.values())
    assert any(getattr(q, "explore", None) for q in questions)
    assert sum(q.widget_kind == "classification" for q in questions) >= 2  # levels and grades
    assert any(isinstance(q, WrittenAnswer) for q in questions)
    for q in questions:
        if q.widget_kind == "classification":
            assert q.partial_credit, q.qid


def test_the_bank_docstring_maps_five_objectives_and_states_the_memo_length():
    for n in range(1, 6):
        assert f"\n{n}. " in l06.__doc__  # the five objectives, each mapped to its questions
    q = l06.q9
    assert f"Q9 {q.length[0]}–{q.length[1]}" in l06.__doc__


def test_every_scored_question_has_at_least_two_misconception_notes():
    for q in l06.exercise.questions.values():
        if isinstance(q, WrittenAnswer):
            assert len(q.notes) >= 1, q.qid  # formative notes instead; they never score
        else:
            assert len(q.misconceptions) >= 2, q.qid


def test_every_hint_that_holds_a_statement_runs_as_written(macro, detail):
    """A hint that shows a whole statement (``name = ...``) runs in the exercise's namespace, and
    every name a hint calls a method on or indexes is defined there (attributes such as
    ``rows.loc[...]`` excepted: ``rows`` is the name the hint itself sets up)."""
    for q in l06.exercise.questions.values():
        namespace = {"macro": macro, "detail": detail, "pd": pd, "np": np, "rows": macro.set_index("year")}
        namespace["year"] = 2023
        for hint in q.hints:
            for code in re.findall(r"([A-Za-z_][A-Za-z0-9_]* = [^。；，]*[(\[][^。；，]*)", hint):
                exec(code, namespace)
            for name in re.findall(
                r"(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)(?:\.groupby|\.merge|\.set_index|\[)", hint
            ):
                assert name in namespace, (q.qid, name)
            for code in re.findall(r"(rows\.loc\[[^\]]+\])", hint):
                eval(code, namespace)


def test_no_exercise_answer_is_a_number_the_lesson_prints():
    text = lesson_text()
    values = [l06.q4.expected(), l06.q7.expected(), *l06.q5.expected()]
    values += [l06.q6.reference(*args) for args in l06.q6.secret_cases()]
    for value in values:
        for shown in (f"{value:.1f}", f"{value:.2f}", f"{value:.3f}"):
            # A whole number as shown, not a run inside a longer one (1.6 inside 1.69 is no leak).
            if len(shown.strip("0.-")) >= 3:
                assert not re.search(rf"(?<![\d.]){re.escape(shown)}(?!\d)", text), shown


def test_the_lesson_exports_its_chart_at_print_quality_and_says_where():
    text = lesson_text()
    assert 'savefig(figures / "06_cbec_totals.png", dpi=300' in text
    assert "lessons/figures/" in text
    assert ".set_uuid(" in text  # a Styler's HTML is the same on every run, so nbval can compare it


def _styled_table_html() -> str:
    cells = nbformat.read(LESSON, as_version=4).cells
    (html,) = [
        o["data"]["text/html"]
        for c in cells
        for o in c.get("outputs", [])
        if "T_recs" in o.get("data", {}).get("text/html", "")
    ]
    return html


def test_the_table_shades_by_the_grade_alone_and_keeps_background_figures_apart():
    """All seven recommendations are the paper's claims: a background figure gets its own column,
    never a colour of its own, so no recommendation looks better supported than its grade."""
    html = _styled_table_html()
    shades = set(re.findall(r"background-color: (#[0-9a-f]{6})", html))
    assert len(shades) == 2  # the claim, and the claim also shown on hypothetical data
    assert "可引用的背景数字" in html
    assert html.count("论文的主张") == 7


def test_the_lesson_tests_a_recommendation_against_a_control_not_before_and_after():
    text = lesson_text()
    assert "双重差分" in text and "对照" in text
    assert "比较试点前后的询盘和订单" not in text


def test_the_lesson_claims_no_more_than_the_fact_sheet_holds():
    text = lesson_text()
    assert "只公布了" not in text  # the fact sheet records what it checked, not all that was published
    assert "走的是不同的代码" not in text  # the code split is possible, not certain
    assert "欧洲合计没有公布" in text
    assert "2024 年回顾引用" in text and "reindex(range(2018, 2025))" in text  # 2018 and the 2019 gap


# -- Q1 the recommendations by level -------------------------------------------------------------
def test_q1_recommendations_by_level():
    q = l06.q1
    right = dict(l06.Q1_ANSWER)
    assert set(right.values()) == {"企业", "平台", "政府与行业"}
    assert q.evaluate(right).passed
    slip = {**right, l06.Q1_EXCHANGE: "企业", l06.Q1_INFRA: "平台"}
    message = incorrect(q, slip, "分对了 6 项")
    assert "隐私和安全" in message and "公共服务" in message
    assert "本题按比例给分" in message and q.evaluate(slip).credit == pytest.approx(6 / 8)
    for (item, category), note in q.misconceptions.items():
        assert note in incorrect(q, {**right, item: category}), (item, category)
    not_attempted(q, {}, ____)
    invalid(q, "企业")
    invalid(q, {"不存在的建议": "企业"})
    invalid(q, {l06.Q1_SYNC: "商家"})


# -- Q2 the evidence grades ------------------------------------------------------------------------
def test_q2_evidence_grades(macro):
    q = l06.q2
    right = dict(l06.Q2_ANSWER)
    assert q.evaluate(right).passed
    # The grades follow the data's own confidence marks where a figure is in the data.
    first = macro.set_index("year")
    assert right[l06.Q2_2023] == first.loc[2023, "confidence"].split("/")[0]
    assert right[l06.Q2_2024] == first.loc[2024, "confidence"]
    everything_a = dict.fromkeys(right, "A")
    message = incorrect(q, everything_a, "本题按比例给分")
    assert q.evaluate(everything_a).credit == pytest.approx(2 / 8)
    assert "可信度 B" in message  # the first notes, at most two per check
    for (item, grade), note in q.misconceptions.items():
        assert note in incorrect(q, {**right, item: grade}), (item, grade)
    not_attempted(q, {}, ____)
    invalid(q, ["A", "B"])
    invalid(q, {l06.Q2_2023: "C"})


def test_q2_the_data_claim_has_one_defensible_grade():
    """The lesson shows the method on hypothetical data; the item claims the effect in real firms,
    so only "the paper's claim" fits, and the synthetic grade gets a note that says why."""
    q = l06.q2
    assert "真实企业" in l06.Q2_DATA
    note = incorrect(q, {**l06.Q2_ANSWER, l06.Q2_DATA: l06.SYNTHETIC}, "真实企业")
    assert "论文的主张" in note
    assert not re.search(r"[一两三四五六七八九十\d]+个月", l06.Q2_LEAD)  # no planted lag shown


def test_q2_grades_match_the_shipped_detail_table(detail):
    forecast = detail[detail["measure"] == "全年规模预测"]
    us = detail[
        (detail["year"] == 2022) & (detail["item"] == "美国") & (detail["measure"] == "出口目的地占比")
    ]
    assert l06.Q2_ANSWER[l06.Q2_FORECAST] == forecast["confidence"].iloc[0]
    assert l06.Q2_ANSWER[l06.Q2_US] == us["confidence"].iloc[0]
    assert 30 < us["share_pct"].iloc[0] < 100 / 2.5  # "about a third"


# -- Q3 do not mix measures --------------------------------------------------------------------------
def test_q3_measures():
    q = l06.q3
    assert q.evaluate(q.answer).passed
    incorrect(q, l06.Q3_FINE, "口径")
    incorrect(q, l06.Q3_REVISION, "上百倍")
    incorrect(q, l06.Q3_SWAP, "不是同一个范围")
    not_attempted(q, ____)
    invalid(q, 3)
    invalid(q, "口径不同")
    lengths = sorted(len(o) for o in q.options)
    assert len(q.answer) < lengths[-1] or lengths[-1] - lengths[-2] <= 8
    assert set(q.misconceptions) == set(q.options) - {q.answer}


def test_q3_the_quote_is_labelled_invented_and_pins_no_year_on_the_estimate():
    stem = next(c.source for c in nbformat.read(SOLUTION, as_version=4).cells if "## 第 3 题" in c.source)
    assert "虚构的例句" in stem
    quote = stem[stem.index("“") : stem.rindex("”")]
    assert "9 万亿元" in quote and not re.search(r"20\d\d 年", quote)


# -- Q4 the forecast error ---------------------------------------------------------------------------
def test_q4_forecast_error(macro, detail):
    q = l06.q4
    row = _forecast_row(macro, detail)
    forecast, outturn = row["trn_cny"], row["first_release_trn_cny"]
    assert (forecast, outturn) == (2.95, 2.63)  # facts.md §1
    right = (forecast - outturn) / outturn * 100
    assert q.evaluate(right).passed
    incorrect(q, (forecast - outturn) / forecast * 100, "分母用实际值")
    incorrect(q, (outturn - forecast) / outturn * 100, "符号反了")
    incorrect(q, (forecast - outturn) / outturn, "乘以 100")
    incorrect(q, forecast - outturn, "万亿元")
    incorrect(q, round(right, 2), "四舍五入")
    growth_over_2023 = (forecast / macro.set_index("year").loc[2023, "first_release_trn_cny"] - 1) * 100
    incorrect(q, growth_over_2023, "第 7 题的隐含增速")  # the Q7 quantity, not the error
    not_attempted(q, ...)
    invalid(q, "12%")


# -- Q5 the change of the shares in percentage points ---------------------------------------------
def _pp(detail, relative=False, reverse=False):
    dest = detail[detail["measure"] == "出口目的地占比"]
    wide = dest.pivot(index="item", columns="year", values="share_pct")
    late, early = (wide[2022], wide[2024]) if reverse else (wide[2024], wide[2022])
    change = (late / early - 1) * 100 if relative else late - early
    return change


def test_q5_share_change_in_percentage_points(detail):
    q = l06.q5
    right = _pp(detail).dropna()
    assert sorted(right.index) == sorted(["美国", "英国", "德国"])
    assert q.evaluate(right).passed
    assert q.evaluate(right.sort_values()).passed  # order does not matter
    incorrect(q, _pp(detail, relative=True).dropna(), "百分点")
    incorrect(q, _pp(detail, reverse=True).dropna(), "方向反了")
    incorrect(q, _pp(detail), "空值")
    incorrect(q, right.round(0))
    invalid(q, right.to_frame("pp"))
    not_attempted(q, ...)


# -- Q6 growth on the revised base ----------------------------------------------------------------
def _right_growth(macro, year):
    rows = macro.set_index("year")
    base = rows.loc[year - 1, "revised_trn_cny"]
    if pd.isna(base):
        base = rows.loc[year - 1, "first_release_trn_cny"]
    return (rows.loc[year, "first_release_trn_cny"] / base - 1) * 100


def test_q6_growth_function(macro):
    q = l06.q6

    def first_over_first(df, year):
        rows = df.set_index("year")["first_release_trn_cny"]
        return (rows[year] / rows[year - 1] - 1) * 100

    def stub(df, year):
        """year 这一年的首次发布值，相对上一年修订值（没有就用首次发布值）的增速，单位 %。"""
        ...

    def no_return(df, year):
        _right_growth(df, year)

    def raises(df, year):
        return df["no_such_column"]

    assert q.evaluate(_right_growth).passed
    # The published rate of 2023 (+15.6 %) is reproduced by the revised base, not by first over first.
    assert abs(_right_growth(macro, 2023) - 15.6) < 0.2
    assert abs(first_over_first(macro, 2023) - 15.6) > 2
    assert "修订值为基数" in incorrect(q, first_over_first, "测试用例")
    incorrect(q, no_return, "return")
    incorrect(q, raises, "KeyError")
    not_attempted(q, stub, ____)
    invalid(q, _right_growth(macro, 2023))
    invalid(q, "growth_on_revised")


def test_q6_every_misconception_gets_its_note():
    q = l06.q6
    for wrong, note in q.misconceptions:
        assert note in incorrect(q, wrong, "测试用例"), wrong.__name__


def test_q6_public_cases_tell_each_slip_apart():
    q = l06.q6
    for wrong, _ in q.misconceptions:
        outputs = [
            (call_quietly(q.reference, args).value, call_quietly(wrong, args).value)
            for args in q.public_cases()
        ]
        assert any(not np.isclose(right, slip) for right, slip in outputs), wrong.__name__


def test_q6_a_public_case_already_catches_a_function_that_takes_the_row_above_as_last_year():
    q = l06.q6

    def row_above(df, year):
        """Right only while the rows come in year order with no year missing."""
        rows = df.reset_index(drop=True)
        at = rows.index[rows["year"] == year][0]
        base = rows.loc[at - 1, "revised_trn_cny"]
        if pd.isna(base):
            base = rows.loc[at - 1, "first_release_trn_cny"]
        return (rows.loc[at, "first_release_trn_cny"] / base - 1) * 100

    note = incorrect(q, row_above, "测试用例")
    assert "上面一行" in note and 'set_index("year")' in note
    # The hidden cases still catch it too, and a right function passes them.
    hidden = [call_quietly(row_above, args) for args in q.secret_cases()]
    public = [call_quietly(_right_growth, args) for args in q.public_cases()]
    assert q.judge_outcomes(public, hidden).status is Status.INCORRECT
    assert q.judge_outcomes(public, [call_quietly(_right_growth, a) for a in q.secret_cases()]).passed


# -- Q7 the growth the forecast implied --------------------------------------------------------------
def test_q7_implied_growth(macro, detail):
    q = l06.q7
    row = _forecast_row(macro, detail)
    first = macro.set_index("year")
    right = (row["trn_cny"] / first.loc[2023, "first_release_trn_cny"] - 1) * 100
    assert q.evaluate(round(right, 1)).passed
    assert q.evaluate(round(right)).passed == bool(abs(round(right) - right) <= q.tolerance)
    incorrect(q, round((row["trn_cny"] / first.loc[2023, "revised_trn_cny"] - 1) * 100, 1), "修订值 2.37")
    outturn_growth = (row["first_release_trn_cny"] / first.loc[2023, "first_release_trn_cny"] - 1) * 100
    incorrect(q, round(outturn_growth, 1), "实际值 2.63")
    error = (row["trn_cny"] - row["first_release_trn_cny"]) / row["first_release_trn_cny"] * 100
    incorrect(q, round(error, 1), "第 4 题")
    invalid(q, 55)  # off the slider
    invalid(q, "24%")
    not_attempted(q, ____)
    assert q.evaluate().status is Status.NOT_ATTEMPTED


def test_q7_explanation_labels_each_outturn_growth_with_its_base(macro):
    rows = macro.set_index("year")
    first_over_first = (
        rows.loc[2024, "first_release_trn_cny"] / rows.loc[2023, "first_release_trn_cny"] - 1
    ) * 100
    on_revised = (rows.loc[2024, "first_release_trn_cny"] / rows.loc[2023, "revised_trn_cny"] - 1) * 100
    text = l06.q7.explanation
    assert f"约 {first_over_first:.1f}%" in text and f"约 {on_revised:.1f}%" in text
    assert "首次发布值对首次发布值" in text and "自己算的" in text and "可信度 D" in text


def test_q7_the_explorer_meets_the_forecast_at_the_answer(capsys, monkeypatch):
    import matplotlib.pyplot as plt

    from cbec.explore import l06 as explorer

    monkeypatch.setattr("matplotlib.pyplot.show", lambda: plt.close("all"))
    gaps = {}
    for growth in [0.0, 40.0, *(step / 10 for step in range(200, 301, 2))]:
        explorer.growth_path(growth)
        gaps[growth] = float(re.search(r"相差 ([+-][0-9.]+) 万亿元", capsys.readouterr().out).group(1))
    closest = min(gaps, key=lambda g: (abs(gaps[g]), g))
    assert abs(closest - l06.q7.expected()) <= l06.q7.tolerance
    assert gaps[0.0] < 0 < gaps[40.0]
    assert l06.q7.explore == "cbec.explore.l06:growth_path"


# -- Q8 customs supervision codes -----------------------------------------------------------------
def test_q8_customs_codes():
    q = l06.q8
    right = dict(l06.Q8_ANSWER)
    assert sorted(right.values()) == ["1210", "9610", "9710", "9810"]
    assert q.evaluate(right).passed
    swapped = {**right, l06.Q8_WAREHOUSE: "9610", l06.Q8_PARCEL: "9810"}
    message = incorrect(q, swapped, "分对了 2 项")
    assert "海外仓" in message and q.evaluate(swapped).credit == pytest.approx(0.5)
    for (item, code), note in q.misconceptions.items():
        assert note in incorrect(q, {**right, item: code}), (item, code)
    not_attempted(q, {}, ____)
    invalid(q, {l06.Q8_B2B: "0110"})
    invalid(q, "9710")


def test_q8_asks_for_the_code_at_the_border_not_at_export():
    stem = next(c.source for c in nbformat.read(SOLUTION, as_version=4).cells if "## 第 8 题" in c.source)
    assert "进出境时" in stem and "出口时" not in stem
    assert "1210" in l06.q8.explanation and "不对应" in l06.q8.explanation


# -- Q9 the memo -----------------------------------------------------------------------------------
def _model_answer() -> str:
    (line,) = [
        line
        for c in nbformat.read(SOLUTION, as_version=4).cells
        for line in c.source.splitlines()
        if line.startswith("q9.set_answer(") and line.endswith("# SOLUTION")
    ]
    return json.loads(line[len("q9.set_answer(") : line.rindex(")")])


def test_q9_saved_needs_marking_and_blank_is_not_attempted():
    q = l06.q9
    text = "建议一（企业）：先在一条产品线试点，证据等级为论文的主张；2023 年首次发布 2.38 万亿元。" * 8
    message = needs_marking(q, text)
    assert "老师会按评分标准评分" in message
    not_attempted(q, "", "   \n ", ____)
    invalid(q, 3)
    invalid(q, ["一段话"])
    q.set_answer(text)
    assert q.evaluate().status is Status.NEEDS_MARKING  # from the store


def test_q9_formative_notes():
    q = l06.q9
    short = q.evaluate("企业应当打通数据。")
    assert short.status is Status.NEEDS_MARKING and "少于建议" in short.message
    bare = "企业应当打通数据，平台应当开发工具。" * 20
    named_levels = ("企业层面", "平台层面")  # the bare text does name these two
    expected = [note for _, note in q.notes if not any(level in note for level in named_levels)]
    needs_marking(q, bare, notes=(*expected, "没有引用任何数字"))
    graded = "企业打通数据（论文的主张），2023 年首次发布 2.38 万亿元（A）；政府完善通关；平台做工具。" * 6
    needs_marking(q, graded, absent=tuple(note for _, note in q.notes))


@pytest.mark.parametrize(
    ("missing", "text"),
    [
        ("企业层面", "平台做同步工具（论文的主张）；政府完善通关（论文的主张），2023 年首次发布 2.38。"),
        ("平台层面", "企业打通数据（论文的主张）；政府完善通关（论文的主张），2023 年首次发布 2.38。"),
        (
            "政府与行业层面",
            "企业打通数据（论文的主张）；平台做同步工具（论文的主张），2023 年首次发布 2.38。",
        ),
    ],
)
def test_q9_a_missing_level_is_named_and_only_that_one(missing, text):
    q = l06.q9
    level_notes = [note for _, note in q.notes if "层面的建议" in note]
    assert len(level_notes) == 3
    named = next(note for note in level_notes if f"没有看到{missing}" in note)
    needs_marking(q, text * 5, notes=(named,), absent=tuple(n for n in level_notes if n != named))


def test_q9_a_memo_that_names_the_authority_gets_no_level_note():
    """The memo is addressed to the local commerce authority: naming it covers the third level."""
    q = l06.q9
    text = (
        "企业打通数据（论文的主张）；平台做工具（论文的主张）；请当地商务主管部门推进数字通关。2.38 万亿元首次发布。"
        * 5
    )
    needs_marking(q, text, absent=tuple(note for _, note in q.notes if "层面的建议" in note))


def test_q9_rubric_rewards_claims_matched_to_evidence():
    q = l06.q9
    assert q.length == (300, 600) and q.cite_numbers
    assert q.points == sum(c.max_points for c in q.rubric) == 6
    assert q.rubric[0].key == "matching"
    for criterion in q.rubric:
        assert criterion.levels[0].points == 0 and len(criterion.levels) >= 3
    top = q.rubric[0].levels[-1].descriptor
    assert "证据等级" in top and "论文的主张" in top


def test_q9_the_solution_notebook_holds_a_model_answer_of_suggested_length():
    q = l06.q9
    text = _model_answer()
    assert q.length[0] <= count_chars(text) <= q.length[1], count_chars(text)
    assert q.evaluate(text).status is Status.NEEDS_MARKING
    assert not [n for p, n in q.notes if p(text)]  # a model answer draws no note
    for level in ("企业", "平台", "政府与行业"):
        assert level in text


@pytest.mark.parametrize(
    "text", [_model_answer(), l06.q9.solution_text], ids=["model answer", "solution text"]
)
def test_q9_the_exemplar_grades_every_recommendation_and_tests_against_a_control(text):
    """The marking exemplar must not make the error its first criterion catches: each level's
    recommendation carries its own grade, the writer's own proposal is labelled as such, and
    the suggested test has a control line rather than a bare before/after comparison."""
    for level in ("企业", "平台", "政府与行业"):
        start = text.index(level + "）：") if level + "）：" in text else text.index(level + "：")
        segment = text[start : start + 160]
        assert "证据：论文的主张" in segment, level
    assert "没有证据" in text  # the writer's own proposal, graded honestly
    assert "对照" in text and "双重差分" in text
    assert "分开统计" not in text
    assert count_chars(text) >= l06.q9.length[0]


def _computed_figures() -> set[str]:
    """Every figure the memo may quote, in each rounding it may be shown with."""
    macro = data.load("macro_cbec").set_index("year")
    detail = data.load("macro_cbec_detail")
    y2023 = macro.loc[2023]
    values = [
        *macro[["first_release_trn_cny", "revised_trn_cny", "first_release_growth_pct"]].stack(),
        *macro["revised_growth_pct"].dropna(),
        y2023["goods_trade_trn_cny"],
        y2023["first_release_trn_cny"] / y2023["goods_trade_trn_cny"] * 100,
        *detail["share_pct"].dropna(),
        *detail["trn_cny"].dropna(),
        l06.q4.expected(),
        l06.q7.expected(),
    ]
    shown = {f"{v:.{d}f}" for v in values for d in (0, 1, 2)}
    return shown | {str(y) for y in range(2017, 2026)} | {"9710", "9810", "9610", "1210"}


@pytest.mark.parametrize(
    "text", [_model_answer(), l06.q9.solution_text], ids=["model answer", "solution text"]
)
def test_q9_every_figure_in_the_memo_comes_from_the_data(text):
    bare = re.sub(r"第\s*\d+\s*[题课]", "", text)
    figures = re.findall(r"\d[\d,]*(?:\.\d+)?", bare)
    assert figures
    stray = [f for f in figures if f not in _computed_figures()]
    assert not stray, stray


def test_the_exercise_shows_no_bare_ellipsis_in_the_written_cell():
    exercise = (ROOT / "exercises" / "06_recommendations.ipynb").read_text(encoding="utf-8")
    assert "在下面的文本框里作答（也可以用 q9.set_answer" in exercise
    assert '"...\\n",\n    "q9.widget()' not in exercise
