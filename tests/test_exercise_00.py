"""The readiness warm-up, question by question: the right answer passes; each misconception and a
plausible wrong answer fail with their feedback; an empty answer reports "还没有作答"; an answer
of the wrong type says what to give. Every verdict is asserted on the instructor's bank and on
the same bank sealed as a release ships it.

Also: every hint and note sends the learner to a section of lessons/pandas_basics.md that
exists, that page's examples run as written, and its links and the notebook's resolve.
Right answers are worked out here independently of the question bank, with plain pandas.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from cbec.answer_store import FORMAT, SUFFIX
from cbec.exercises import l00
from cbec.feedback import Status
from cbec.questions import FunctionAnswer, SingleChoice, ValueAnswer, ____
from cbec.questions.code import call_quietly
from cbec.questions.sealed import load_exercise, seal_exercise
from tests.question_checks import incorrect, invalid, not_attempted

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
STEM = l00.exercise.stem
SOLUTION = ROOT / "solutions" / f"{STEM}.ipynb"
EXERCISE = ROOT / "exercises" / f"{STEM}.ipynb"
PAGE = ROOT / "lessons" / "pandas_basics.md"
CSV = ROOT / "datasets" / "aliexpress_products.csv"
SECTION = re.compile(r"见《pandas 基础速查》第 (\d) 节")


@pytest.fixture(scope="module")
def sealed_bank(tmp_path_factory):
    path = tmp_path_factory.mktemp("sealed") / "l00.sealed.json"
    path.write_text(
        json.dumps(seal_exercise(l00.exercise, "test-salt"), ensure_ascii=False), encoding="utf-8"
    )
    return load_exercise(path)


@pytest.fixture(params=["bank", "sealed"])
def q(request, sealed_bank, tmp_path):
    """``q(n)``: question n of the bank, or of the sealed copy a student release holds."""
    exercise = l00.exercise if request.param == "bank" else sealed_bank
    exercise.use_store(tmp_path / f"{STEM}.answers.json")
    return lambda n: exercise.questions[f"L00.Q{n}"]


@pytest.fixture(scope="module")
def products():
    return pd.read_csv(CSV)


# -- Q1 read a CSV -----------------------------------------------------------------------------------
def test_q1_the_shape_of_the_table_read(q, products):
    q1 = q(1)
    assert q1.evaluate(products.shape).passed
    assert q1.evaluate(pd.read_csv(ROOT / "exercises" / ".." / "datasets" / CSV.name).shape).passed
    incorrect(q1, pd.read_csv(CSV, header=None).shape, "header=None")
    incorrect(q1, pd.read_csv(CSV, index_col=0).shape, "index_col=0")
    incorrect(q1, products.shape[::-1], "颠倒")
    incorrect(q1, products.head().shape, "head()")
    incorrect(q1, (len(products) + 1, products.shape[1] + 1), "与预期不符")
    invalid(q1, products)
    invalid(q1, len(products))
    invalid(q1, list(products.shape))
    not_attempted(q1, ____, ...)


def test_q1_the_read_is_from_the_exercise_folder(products):
    assert (ROOT / "exercises" / "../datasets" / CSV.name).is_file()
    assert products.columns[0] == "product_id" and products["product_id"].is_unique


# -- Q2 a KeyError ------------------------------------------------------------------------------------
def test_q2_what_a_key_error_says(q):
    q2 = q(2)
    assert q2.evaluate(l00.Q2_RIGHT).passed
    incorrect(q2, l00.Q2_NOT_READ, "NameError")
    incorrect(q2, l00.Q2_EMPTY, "NaN")
    incorrect(q2, l00.Q2_ATTR, "AttributeError")
    not_attempted(q2, ____)
    assert q2.evaluate().status is Status.NOT_ATTEMPTED
    invalid(q2, 2)
    invalid(q2, "KeyError")


def test_q2_the_notes_say_what_pandas_does(products):
    with pytest.raises(KeyError):
        products["price"]
    with pytest.raises(AttributeError):
        products.price  # noqa: B018
    assert products.assign(empty=float("nan"))["empty"].isna().all()  # an empty column is selected


# -- Q3 what a comparison returns ---------------------------------------------------------------------
def test_q3_a_comparison_is_a_column_of_booleans(q, products):
    q3 = q(3)
    assert q3.evaluate(l00.Q3_RIGHT).passed
    incorrect(q3, l00.Q3_ROWS, "products[...]")
    incorrect(q3, l00.Q3_COUNT, ".sum()")
    incorrect(q3, l00.Q3_PRICES, "不会丢掉任何一行")
    not_attempted(q3, ____)
    invalid(q3, True)
    mask = products["list_price_usd"] > 20
    assert mask.dtype == bool and len(mask) == len(products)


def test_choice_options_do_not_give_the_answer_away_by_length():
    for question in (l00.q2, l00.q3):
        lengths = sorted(len(o) for o in question.options)
        assert len(question.answer) < lengths[-1] or lengths[-1] - lengths[-2] <= 3, question.qid
        assert set(question.misconceptions) == set(question.options) - {question.answer}


# -- Q4 filter rows -----------------------------------------------------------------------------------
def _boundary(products):
    """A price a 户外照明 item has: > and >= keep different rows there."""
    lights = products.loc[products["category"] == "户外照明", "list_price_usd"]
    return lights[lights > 20].min()


def _lights(products, keep, at_least=False):
    price = products["list_price_usd"]
    priced = price >= _boundary(products) if at_least else price > _boundary(products)
    return products[keep(products["category"] == "户外照明", priced)]


def test_q4_both_conditions(q, products):
    q4 = q(4)
    right = _lights(products, lambda a, b: a & b)
    assert q4.evaluate(right).passed
    assert q4.evaluate(
        products.query(f'category == "户外照明" and list_price_usd > {_boundary(products)}')
    ).passed
    assert 0 < len(right) < (products["category"] == "户外照明").sum()
    incorrect(q4, _lights(products, lambda a, b: a), "还差第二个条件")
    incorrect(q4, _lights(products, lambda a, b: b), "还差类目这个条件")
    incorrect(q4, _lights(products, lambda a, b: a | b), "|（或者）")
    incorrect(q4, products[(products["category"] == "户外照明") & (products["list_price_usd"] > 10)], "行")
    incorrect(q4, _lights(products, lambda a, b: a & b, at_least=True), "用 > 而不是 >=")
    incorrect(q4, right.reset_index(drop=True), "去掉 reset_index()")
    incorrect(q4, right.reset_index(), "去掉 reset_index()")
    incorrect(q4, right.sort_values("list_price_usd"), "不要 sort_values()")
    incorrect(q4, right.sort_values("list_price_usd", ascending=False), "不要 sort_values()")
    invalid(q4, (products["category"] == "户外照明") & (products["list_price_usd"] > 20))
    invalid(q4, len(right))
    not_attempted(q4, ____, ...)


def test_q4_the_hint_on_and_is_what_pandas_says(products):
    with pytest.raises(ValueError, match="ambiguous"):
        products[(products["category"] == "户外照明") and (products["list_price_usd"] > 20)]
    with pytest.raises(TypeError, match="rand_"):
        products[products["category"] == "户外照明" & products["list_price_usd"] > 20]
    assert "rand_" in l00.q4.hints[1]


def test_q4_the_boundary_is_a_price_in_the_data_and_the_task_states_it(products):
    price = _boundary(products)
    assert price == l00.PRICE
    assert ((products["category"] == "户外照明") & (products["list_price_usd"] == price)).any()
    task = next(c.source for c in nbformat.read(SOLUTION, as_version=4).cells if "## 第 4 题" in c.source)
    assert f"高于 {price:g} 美元" in task


# -- Q5 groupby and agg -------------------------------------------------------------------------------
def _stats(frame, by="category", column="unit_cost_usd"):
    groups = {name: rows[column] for name, rows in frame.groupby(by)}
    return pd.DataFrame(
        {
            "mean": {k: v.mean() for k, v in groups.items()},
            "median": {k: v.median() for k, v in groups.items()},
        }
    ).rename_axis(by)


def test_q5_mean_and_median_by_category(q, products):
    q5 = q(5)
    right = _stats(products)
    assert q5.evaluate(right).passed
    assert q5.evaluate(products.groupby("category")["unit_cost_usd"].agg(["median", "mean"])).passed
    incorrect(q5, _stats(products, column="list_price_usd"), "list_price_usd")
    incorrect(q5, _stats(products, by="product_role"), "product_role")
    lights = _lights(products, lambda a, b: a & b)
    incorrect(q5, _stats(lights), "lights")
    incorrect(q5, right.reset_index(), "不要 reset_index()")
    incorrect(q5, right.round(1), "四舍五入")
    incorrect(q5, products.groupby("category")["unit_cost_usd"].agg(["mean", "max"]), "列不对")
    invalid(q5, right["median"])
    invalid(q5, float(products["unit_cost_usd"].median()))
    not_attempted(q5, ____, ...)


def test_q5_every_mean_is_above_its_median_as_the_explanation_says(products):
    right = _stats(products)
    assert (right["mean"] > right["median"]).all()
    assert "平均数都高于中位数" in l00.q5.explanation


# -- Q6 a bar chart -----------------------------------------------------------------------------------
def _bars(values):
    ax = values.plot.bar()
    ax.set_title("每个类目有几件商品")
    ax.set_xlabel("类目")
    ax.set_ylabel("件数（件）")
    return ax


def test_q6_a_labelled_bar_chart_of_counts(q):
    q6 = q(6)

    def counts(df):
        return _bars(df["category"].value_counts().sort_index())

    def shares(df):
        return _bars(df["category"].value_counts(normalize=True))

    def percent(df):
        return _bars(df["category"].value_counts(normalize=True) * 100)

    def roles(df):
        return _bars(df["product_role"].value_counts())

    def line(df):
        ax = df["category"].value_counts().plot()
        ax.set(title="件数", xlabel="类目", ylabel="件")
        return ax

    def horizontal(df):
        ax = df["category"].value_counts().plot.barh()
        ax.set(title="件数", xlabel="件", ylabel="类目")
        return ax

    def unlabelled(df):
        return df["category"].value_counts().plot.bar()

    def english(df):
        ax = df["category"].value_counts().plot.bar()
        ax.set(title="Counts", xlabel="category", ylabel="count")
        return ax

    def no_unit(df):
        ax = df["category"].value_counts().plot.bar()
        ax.set(title="各类目的商品件数", xlabel="类目", ylabel="商品数")
        return ax

    def figure(df):
        return _bars(df["category"].value_counts()).figure

    def adds_column(df):
        df["n"] = 1
        return _bars(df["category"].value_counts())

    def no_return(df):
        _bars(df["category"].value_counts())

    def stub(df):
        """柱状图。"""
        ...

    assert q6.evaluate(counts).passed
    assert "比例" in incorrect(q6, shares, "normalize")
    incorrect(q6, percent, "百分数")
    incorrect(q6, roles, "product_role")
    incorrect(q6, line, "折线图")
    incorrect(q6, horizontal, "图的类型不对")
    incorrect(q6, unlabelled, "没有标题")
    incorrect(q6, english, "没有用中文")
    incorrect(q6, no_unit, "没有写明单位")
    assert q6.evaluate(figure).passed  # the task says a Figure is accepted too
    changed = q6.evaluate(adds_column)
    assert changed.passed and "改动了传进来的 df（加了列 n）" in changed.message
    incorrect(q6, no_return, "return ax")
    not_attempted(q6, stub, ____)
    invalid(q6, counts(pd.read_csv(CSV)))  # the chart, not the function
    invalid(q6, 5)
    plt.close("all")


def test_q6_a_groupby_function_gets_no_warning_about_the_test_data(q):
    """The check's dataset case has category columns; the learner's read_csv table has not."""
    import warnings

    def grouped(df):
        return _bars(df.groupby("category")["list_price_usd"].sum())

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        incorrect(q(6), grouped, "与预期不符")
    assert not [w for w in caught if issubclass(w.category, FutureWarning)], caught
    plt.close("all")


def test_q6_hidden_cases_are_judged_too():
    q6 = l00.q6
    from cbec.questions.plots import call_plot

    public = [call_plot(l00._plot_category_counts, a) for a in q6.public_cases()]
    assert q6.judge_outcomes(
        public, [call_plot(l00._plot_category_counts, a) for a in q6.secret_cases()]
    ).passed
    wrong = [call_plot(l00._plot_role_counts, a) for a in q6.secret_cases()]
    verdict = q6.judge_outcomes(public, wrong)
    assert verdict.status is Status.INCORRECT and "隐藏测试" in verdict.message
    plt.close("all")


# -- Q7 a function -------------------------------------------------------------------------------------
def _share(df, column, threshold):
    return (df[column] > threshold).sum() / len(df)


def test_q7_share_above_a_threshold(q):
    q7 = q(7)

    def count(df, column, threshold):
        return int((df[column] > threshold).sum())

    def at_least(df, column, threshold):
        return (df[column] >= threshold).mean()

    def percent(df, column, threshold):
        return _share(df, column, threshold) * 100

    everything = pd.read_csv(CSV)

    def global_table(df, column, threshold):
        return _share(everything, column, threshold)

    def prints(df, column, threshold):
        print(_share(df, column, threshold))

    def fixed_column(df, column, threshold):
        return _share(df, "price", threshold)

    def stub(df, column, threshold):
        """比例。"""
        ...

    def rounded(df, column, threshold):
        return round(_share(df, column, threshold), 2)

    def hard_coded(df, column, threshold):
        return _share(df, "list_price_usd", threshold)

    assert q7.evaluate(_share).passed
    assert "四舍五入" in incorrect(q7, rounded, "测试用例")
    assert "不要写死列名" in incorrect(q7, hard_coded, "测试用例")
    for wrong, note in (
        (count, "个数"),
        (at_least, ">="),
        (percent, "百分数"),
        (global_table, "没有用参数 df"),
    ):
        assert note in incorrect(q7, wrong, "测试用例"), wrong.__name__
    incorrect(q7, prints, "返回了 None")
    incorrect(q7, fixed_column, "KeyError")
    not_attempted(q7, stub, ____)
    invalid(q7, 0.3)
    invalid(q7, "share_above")


def test_q7_a_function_that_changes_its_input_gets_a_note(q):
    """Noted, not failed: the grader sees only what the call returned, so the verdict is the same."""
    q7 = q(7)

    def adds_column(df, column, threshold):
        df["above"] = df[column] > threshold
        return df["above"].mean()

    def sorts_in_place(df, column, threshold):
        df.sort_values(column, inplace=True)
        return _share(df, column, threshold)

    def drops_and_counts(df, column, threshold):
        df.drop(index=df.index[0], inplace=True)
        return int((df[column] > threshold).sum())

    added = q7.evaluate(adds_column)
    assert added.passed and "改动了传进来的 df（加了列 above）" in added.message
    assert "df = df.copy()" in added.message
    assert "改了其中的值或顺序" in q7.evaluate(sorts_in_place).message
    assert "行数从" in incorrect(q7, drops_and_counts, "测试用例")
    assert "改动了" not in q7.evaluate(_share).message


def test_solution_after_a_right_answer_explains_more_than_the_feedback(sealed_bank, tmp_path, products):
    """Once right, qN.solution() gives the worked method, not the feedback again."""
    sealed_bank.use_store(tmp_path / f"{STEM}.answers.json")
    code_answers = {1: products.shape, 4: _lights(products, lambda a, b: a & b), 7: _share}
    for n, answer in code_answers.items():
        question = sealed_bank.questions[f"L00.Q{n}"]
        question.last_feedback = None  # the module's sealed bank: other tests answered it
        before = question.solution_note().body
        assert "截止日期之后" in before
        question.check(answer)
        note = question.solution_note().body
        assert question.method and question.method in note, n
        assert question.method not in question.last_feedback.message, n
    q2 = sealed_bank.questions["L00.Q2"]
    q2.set_answer(l00.Q2_RIGHT)
    assert l00.q2.method in q2.solution_note().body
    assert all(q.method and q.method != q.explanation for q in l00.exercise.questions.values())


def test_q7_hidden_cases_catch_a_function_that_only_fits_the_public_ones():
    q7 = l00.q7
    known = {(args[1], args[2]): q7.expected_output(args) for args in q7.public_cases()}

    def memorised(df, column, threshold):
        return known.get((column, threshold), 0.0)

    public = [call_quietly(memorised, args) for args in q7.public_cases()]
    hidden = [call_quietly(memorised, args) for args in q7.secret_cases()]
    assert q7.judge_outcomes(public).passed
    verdict = q7.judge_outcomes(public, hidden)
    assert verdict.status is Status.INCORRECT and "隐藏测试" in verdict.message
    assert q7.judge_outcomes(public, [call_quietly(_share, a) for a in q7.secret_cases()]).passed


def test_q7_cases_tell_the_slips_apart():
    for args in l00.q7.secret_cases():
        df, column, threshold = args
        assert (df[column] == threshold).any()  # >= and > differ on every hidden case


def test_the_sealed_bank_says_what_the_bank_says(sealed_bank, tmp_path, products):
    sealed_bank.use_store(tmp_path / f"{STEM}.answers.json")
    right = _lights(products, lambda a, b: a & b)
    attempts = {
        1: [products.shape, products.head().shape, (1, 2), products],
        2: [*l00.q2.options, "不存在"],
        3: [*l00.q3.options, 3],
        4: [right, _lights(products, lambda a, b: a | b), right.reset_index(drop=True)],
        5: [_stats(products), _stats(products, by="product_role"), _stats(products).round(1)],
        7: [_share, lambda df, column, threshold: (df[column] >= threshold).mean()],
    }
    for n, answers in attempts.items():
        original, sealed = l00.exercise.questions[f"L00.Q{n}"], sealed_bank.questions[f"L00.Q{n}"]
        for answer in answers:
            want, got = original.evaluate(answer), sealed.evaluate(answer)
            assert (got.status, got.message) == (want.status, want.message), (n, answer)


# -- the bank as a whole, the page its feedback points to, the notebook -------------------------------
def _feedback_texts(question) -> list[str]:
    if isinstance(question, SingleChoice):
        return list(question.misconceptions.values())
    if isinstance(question, ValueAnswer | FunctionAnswer):
        return [note for _, note in question.misconceptions]
    return []


def _page_sections() -> dict[str, str]:
    """Section number → its text, from the page's ``## N. 标题`` headings."""
    parts = re.split(r"^## (\d)\. ", PAGE.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_hint_and_note_names_a_section_of_the_page_that_exists():
    sections = _page_sections()
    assert sorted(sections) == [str(n) for n in range(1, 8)]
    for question in l00.exercise.questions.values():
        named = [SECTION.search(hint) for hint in question.hints]
        assert any(named), question.qid
        notes = _feedback_texts(question)
        assert len(notes) >= 2, question.qid
        for note in notes:
            found = SECTION.search(note)
            assert found and found.group(1) in sections, (question.qid, note)


def test_the_page_gives_each_skill_a_short_example_and_its_slips():
    for number, text in _page_sections().items():
        blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
        assert len(blocks) == 1, number
        lines = [line for line in blocks[0].splitlines() if line.strip()]
        assert 3 <= len(lines) <= 6, (number, lines)
        assert "常见失误" in text, number


def test_the_page_examples_run_as_written_from_the_exercise_folder(monkeypatch):
    monkeypatch.chdir(ROOT / "exercises")
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S):
        exec(block, namespace)
    assert namespace["median_of"](namespace["accounts"], "wholesale_usd_2024") > 0
    plt.close("all")


def test_the_page_shows_no_answer_of_the_warm_up(products):
    page = PAGE.read_text(encoding="utf-8")
    assert "aliexpress_products.csv" not in page and "户外照明" not in page
    assert "unit_cost_usd" not in page and "share_above" not in page


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _links(text: str) -> list[str]:
    return [link for link in LINK.findall(text) if "://" not in link]


def test_links_from_the_page_and_the_notebook_resolve():
    for link in _links(PAGE.read_text(encoding="utf-8")):
        assert (PAGE.parent / link).resolve().is_file(), link
    notebook = nbformat.read(EXERCISE, as_version=4)
    links = [link for cell in notebook.cells if cell.cell_type == "markdown" for link in _links(cell.source)]
    assert "../lessons/pandas_basics.md" in links
    for link in links:
        assert (EXERCISE.parent / link).resolve().is_file(), link


def test_the_top_of_the_notebook_states_what_the_bank_holds():
    cells = nbformat.read(EXERCISE, as_version=4).cells
    top = cells[0].source
    questions = l00.exercise.questions.values()
    total = sum(q.points for q in questions)
    assert f"共 {len(questions)} 题" in top and f"满分 {total:g} 分" in top and "约 30 分钟" in top
    assert f"得到 {l00.READY_POINTS} 分或以上" in top and 0.6 <= l00.READY_POINTS / total <= 0.8
    how_to = cells[1]
    assert "how-to" in how_to.metadata.get("tags", []) and how_to.source.startswith("## 怎样作答")
    numbers = {
        kind: "、".join(str(n) for n, q in enumerate(questions, 1) if (q.widget_kind is None) == code)
        for kind, code in (("控件题", False), ("代码题", True))
    }
    for kind, listed in numbers.items():
        assert f"**{kind}**（第 {listed} 题）" in how_to.source
    assert f"`{STEM}.answers.json`" in how_to.source


def test_each_question_heading_states_its_points():
    headings = [
        c.source.splitlines()[0]
        for c in nbformat.read(EXERCISE, as_version=4).cells
        if c.source.startswith("## 第 ")
    ]
    assert len(headings) == len(l00.exercise.questions)
    for heading, question in zip(headings, l00.exercise.questions.values(), strict=True):
        assert f"{question.points:g} 分）" in heading, heading


# -- graded like any exercise ----------------------------------------------------------------------------
def _learner(solution):
    notebook = nbformat.from_dict(json.loads(json.dumps(solution)))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = "\n".join(line for line in cell.source.split("\n") if ".set_answer(" not in line)
            cell.outputs, cell.execution_count = [], None
    notebook.cells = [c for c in notebook.cells if "solution" not in c.metadata.get("tags", [])]
    return notebook


def _store(folder: Path, answers: dict) -> None:
    entries = {qid: {"value": value} for qid, value in answers.items()}
    content = {"format": FORMAT, "exercise": "L00", "saved_at": "2026-03-01T10:00:00Z", "answers": entries}
    (folder / f"{STEM}{SUFFIX}").write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


@pytest.mark.kernel
def test_a_class_folder_named_00_is_graded_question_by_question(tmp_path):
    from cbec.grader.grade import Options, grade

    solution = nbformat.read(SOLUTION, as_version=4)
    widgets = [q for q in l00.exercise.questions.values() if q.widget_kind]
    students = {
        "ready": (_learner(solution), {q.qid: q.answer for q in widgets}),
        "slips": (_learner(solution), {q.qid: next(iter(q.misconceptions)) for q in widgets}),
        "handout": (nbformat.read(EXERCISE, as_version=4), {}),
    }
    for name, (notebook, answers) in students.items():
        folder = tmp_path / "term" / "00" / name
        folder.mkdir(parents=True)
        nbformat.write(notebook, folder / f"{STEM}.ipynb")
        if answers:
            _store(folder, answers)
    results = grade(tmp_path / "term", tmp_path / "out", Options(jobs=2, cell_timeout=30))
    graded = {s.student: {q.qid: q.status for q in s.notebooks[0].questions} for s in results.students}
    total = {s.student: sum(q.score for q in s.notebooks[0].questions) for s in results.students}
    qids = list(l00.exercise.questions)
    assert graded["ready"] == dict.fromkeys(qids, "correct")
    assert total["ready"] == sum(q.points for q in l00.exercise.questions.values())
    assert {qid for qid, status in graded["slips"].items() if status != "correct"} == {q.qid for q in widgets}
    assert graded["handout"] == dict.fromkeys(qids, "not_attempted")


def test_an_option_index_past_the_end_says_how_many_options_there_are(q):
    for n in (2, 3):
        options = q(n).options
        assert options[len(options) - 1] == options[-1] and options[:2] == tuple(options)[:2]
        with pytest.raises(IndexError, match=f"本题只有 {len(options)} 个选项，i 从 0 到 {len(options) - 1}"):
            options[len(options)]
