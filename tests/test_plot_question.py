"""Plot questions: the check reads what the learner's function drew (kind, numbers, title, axis
labels) and compares it with the reference chart; the sealed student form says the same."""

from __future__ import annotations

import json
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns

from cbec.feedback import Status
from cbec.questions import Exercise, PlotAnswer
from cbec.questions.chart import drawn_values
from cbec.questions.plots import call_plot, summarize
from cbec.questions.sealed import load_exercise, seal_exercise
from tests.kernels import TIMEOUT, kernel

COMMON = {"hints": ["先分组再画图。", "每个平台一根柱子。"], "solution": "参考答案：不随学生版发出"}
SUM_NOTE = "你画的是每个平台的订单金额之和，题目要的是平均每单金额。"
TITLE, XLABEL, YLABEL = "各平台平均订单金额", "平台", "平均订单金额（美元）"


def _orders(scale: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "platform": ["国际站", "速卖通", "国际站", "速卖通", "国际站"],
            "value": [x * scale for x in [3000.0, 20.0, 1200.0, 45.0, 600.0]],
        }
    )


def _labelled(ax):
    ax.set_title(TITLE)
    ax.set_xlabel(XLABEL)
    ax.set_ylabel(YLABEL)
    return ax


def reference(df):
    return _labelled(df.groupby("platform")["value"].mean().plot.bar())


# -- attempts: right ones drawn three ways, and the usual slips -----------------------------------
def pandas_bar(df):
    return _labelled(df.groupby("platform")["value"].mean().plot.bar())


def seaborn_bar(df):
    # seaborn's default estimator is the mean; its error bars are lines and are not read
    return _labelled(sns.barplot(data=df, x="platform", y="value"))


def matplotlib_bar(df):
    means = df.groupby("platform")["value"].mean().sort_values()
    fig, ax = plt.subplots()
    ax.bar(means.index, means.to_numpy())
    _labelled(ax)
    return fig  # a Figure is accepted: its first Axes is read


def summed(df):
    return _labelled(df.groupby("platform")["value"].sum().plot.bar())


def medians(df):
    return _labelled(df.groupby("platform")["value"].median().plot.bar())


def as_line(df):
    return _labelled(df.groupby("platform")["value"].mean().plot())


def no_title(df):
    ax = pandas_bar(df)
    ax.set_title("")
    return ax


def no_xlabel(df):
    ax = pandas_bar(df)
    ax.set_xlabel("")
    return ax


def no_ylabel(df):
    ax = pandas_bar(df)
    ax.set_ylabel("")
    return ax


def forgot_return(df):
    pandas_bar(df)


def returns_table(df):
    return df.groupby("platform")["value"].mean()


def crashes(df):
    return df.groupby("platform")["price"].mean().plot.bar()


def stub(df):
    """画出各平台的平均订单金额。"""
    ...


RIGHT = [pandas_bar, seaborn_bar, matplotlib_bar]
WRONG = [summed, medians, as_line, no_title, no_xlabel, no_ylabel, forgot_return, returns_table, crashes]


def _question(**overrides) -> PlotAnswer:
    spec = {
        "reference": reference,
        "cases": lambda: [(_orders(),), (_orders(scale=2.0).head(4),)],
        "hidden_cases": [(_orders(scale=3.5),)],
        "kind": "bar",
        "misconceptions": [(summed, SUM_NOTE)],
        **COMMON,
    }
    return PlotAnswer("L99.Q9", **(spec | overrides))


@pytest.fixture
def question(exercise) -> PlotAnswer:
    return exercise.add(_question())


# -- what was drawn -------------------------------------------------------------------------------
@pytest.mark.parametrize("draw", RIGHT)
def test_pandas_seaborn_and_matplotlib_bars_read_alike(draw):
    drawn = call_plot(draw, (_orders(),)).value
    expected = summarize(reference(_orders()))
    plt.close("all")
    assert drawn["kind"] == "bar"
    assert sorted(drawn["bars"]) == sorted(expected["bars"])
    assert (drawn["title"], drawn["xlabel"], drawn["ylabel"]) == (TITLE, XLABEL, YLABEL)


def test_lines_scatter_and_horizontal_bars_are_told_apart():
    df = _orders().assign(platform=["国际站", "速卖通", "独立站", "速卖通", "国际站"])
    means = df.groupby("platform")["value"].mean()
    line = means.plot()
    line.axhline(100)  # a reference line is not data
    assert summarize(line) | {"title": ""} == {
        "title": "",
        "xlabel": "platform",
        "ylabel": "",
        "kind": "line",
        "lines": [{"x": list(means.index), "y": means.tolist()}],
    }
    plt.close("all")
    scatter = summarize(df.plot.scatter(x="value", y="value"))
    assert scatter["kind"] == "scatter" and sorted(scatter["points"]) == sorted([v, v] for v in df["value"])
    barh = summarize(means.plot.barh())
    assert barh["kind"] == "barh" and sorted(barh["bars"]) == sorted(map(list, means.items()))
    plt.close("all")
    with pytest.raises(TypeError):
        summarize(means)


def test_the_check_closes_its_figures_and_leaves_the_learners_own(question):
    mine = plt.figure()
    mine_ax = mine.add_subplot()
    mine_ax.plot([1, 2], [3, 4])
    assert question.evaluate(seaborn_bar).passed  # seaborn draws on the current figure
    assert plt.get_fignums() == [mine.number] and plt.gcf() is mine
    assert len(mine_ax.get_lines()) == 1 and not mine_ax.containers
    plt.close("all")


# -- the check ------------------------------------------------------------------------------------
@pytest.mark.parametrize("draw", RIGHT)
def test_a_right_chart_passes_however_it_was_drawn(question, draw):
    feedback = question.evaluate(draw)
    assert feedback.status is Status.CORRECT, feedback.message
    assert "2 个公开测试用例全部通过" in feedback.message


def test_a_wrong_aggregation_gets_the_misconception_note(question):
    feedback = question.evaluate(summed)
    assert feedback.status is Status.INCORRECT
    assert SUM_NOTE in feedback.message and "与预期不符" in feedback.message
    assert "输入：" in feedback.message


def test_other_wrong_numbers_fail_without_a_note_and_without_the_answer(question):
    feedback = question.evaluate(medians)
    assert feedback.status is Status.INCORRECT and SUM_NOTE not in feedback.message
    means = _orders().groupby("platform")["value"].mean()
    assert not [f"{v:.6g}" for v in means if f"{v:.6g}" in feedback.message]  # no expected height shown


@pytest.mark.parametrize(
    ("attempt", "says"),
    [
        (as_line, "图的类型不对：这道题要画柱状图（竖直的柱子），你画的是折线图。"),
        (no_title, "图没有标题"),
        (no_xlabel, "横轴（x 轴）没有标签"),
        (no_ylabel, "纵轴（y 轴）没有标签"),
        (forgot_return, "forgot_return 返回了 None：是不是忘了 return ax？"),
        (returns_table, "你返回的是 Series"),
        (crashes, "调用 crashes(...) 时出错：KeyError"),
    ],
)
def test_each_slip_gets_its_message(question, attempt, says):
    feedback = question.evaluate(attempt)
    assert feedback.status is Status.INCORRECT
    assert says in feedback.message
    assert "Traceback" not in feedback.message


def test_a_stub_is_not_attempted_and_a_non_function_is_the_wrong_type(question):
    assert question.evaluate(stub).status is Status.NOT_ATTEMPTED
    assert question.evaluate(...).status is Status.NOT_ATTEMPTED
    table = question.evaluate(_orders())
    assert table.status is Status.INVALID and "需要一个函数" in table.message
    chart = question.evaluate(pandas_bar(_orders()))
    assert chart.status is Status.INVALID and "画图的函数本身" in chart.message
    plt.close("all")


def test_hidden_cases_are_judged_from_outcomes(question):
    public = [call_plot(pandas_bar, args) for args in question.public_cases()]
    hidden = [call_plot(pandas_bar, args) for args in question.secret_cases()]
    assert "隐藏测试 1 个也全部通过" in question.judge_outcomes(public, hidden).message
    wrong_hidden = [call_plot(summed, args) for args in question.secret_cases()]
    failed = question.judge_outcomes(public, wrong_hidden)
    assert failed.status is Status.INCORRECT and "1/1" in failed.message


def test_ordered_bars_must_come_in_order(exercise):
    def by_size(df):
        return _labelled(df.groupby("platform")["value"].mean().sort_values().plot.bar())

    ordered = exercise.add(_question(reference=by_size, ordered=True))
    assert ordered.evaluate(by_size).passed
    assert "顺序" in ordered.evaluate(pandas_bar).message  # 国际站 first: ascending by name


def test_a_line_question_compares_its_points(exercise):
    def daily(df):
        ax = df["value"].cumsum().plot()
        return _labelled(ax)

    def halved(df):
        return _labelled((df["value"].cumsum() / 2).plot())

    q = exercise.add(_question(reference=daily, kind="line", misconceptions=[]))
    assert q.evaluate(daily).passed
    wrong = q.evaluate(halved)
    assert wrong.status is Status.INCORRECT and "这条线的第 1 个点" in wrong.message
    assert "你画的是柱状图" in q.evaluate(pandas_bar).message


def test_the_reference_must_draw_the_kind_asked(exercise):
    q = exercise.add(_question(kind="line"))
    assert q.evaluate(pandas_bar).status is Status.ERROR  # an authoring error, named as the checker's
    with pytest.raises(ValueError):
        _question(kind="pie")


# -- the sealed form ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sealed")
    original = Exercise("L99", stem="99_test")
    original.add(_question())
    path = folder / "l99.sealed.json"
    path.write_text(json.dumps(seal_exercise(original, "SALT"), ensure_ascii=False), encoding="utf-8")
    sealed = load_exercise(path)
    sealed.use_store(folder / "99_test.answers.json")
    return original.questions["L99.Q9"], sealed.questions["L99.Q9"], path.read_text(encoding="utf-8")


@pytest.mark.parametrize("attempt", [*RIGHT, *WRONG, stub], ids=lambda f: f.__name__)
def test_the_sealed_form_says_what_the_full_form_says(both, attempt):
    original, sealed, _ = both
    full, student = original.evaluate(attempt), sealed.evaluate(attempt)
    assert (student.status, student.message) == (full.status, full.message)


def test_the_sealed_form_holds_no_drawn_number_and_no_hidden_case(both):
    original, sealed, spec = both
    charts = [original.expected_output(args) for args in original.public_cases() + original.secret_cases()]
    numbers = {v for chart in charts for v in drawn_values(chart).values() if isinstance(v, float)}
    shown = [v for v in numbers if re.search(rf"(?<![\w+/.]){re.escape(f'{v:g}')}(?![\w+/])", spec)]
    assert numbers and not shown
    assert "10500" not in spec  # 3000 × 3.5: the hidden case's input
    assert SUM_NOTE not in spec and COMMON["solution"] not in spec
    assert sealed.secret_cases() == []


# -- in a real kernel, with the inline backend -----------------------------------------------------
KERNEL_SETUP = f"""
import pandas as pd
from cbec.questions import PlotAnswer

import matplotlib.pyplot as plt

def plot_means(df):
    ax = df.groupby("platform")["value"].mean().plot.bar()
    ax.set_title({TITLE!r}); ax.set_xlabel({XLABEL!r}); ax.set_ylabel({YLABEL!r})
    plt.show()  # many learners write it; the check must not show its own chart because of it
    return ax

orders = pd.DataFrame({_orders().to_dict(orient="list")!r})
q9 = PlotAnswer("L99.Q9", reference=plot_means, cases=[(orders,)], hints=["h"], solution="s")
"""


def _shown(live, code: str) -> list[dict]:
    """Every display a cell produced: its MIME bundle."""
    shown = []

    def collect(msg):
        if msg["msg_type"] in ("display_data", "execute_result"):
            shown.append(msg["content"]["data"])
        assert msg["msg_type"] != "error", msg["content"]

    live.client.execute_interactive(code, timeout=TIMEOUT, output_hook=collect)
    return shown


def test_in_a_kernel_the_learners_chart_shows_once_and_the_checks_charts_never(tmp_path):
    from cbec.grader.assemble import Check, probe_source
    from cbec.grader.judge import judge_function
    from cbec.probe import MIME

    with kernel(tmp_path) as live:
        live.run(KERNEL_SETUP)
        shown = _shown(live, "ax = plot_means(orders)\nq9.check(plot_means)")
        images = [s for s in shown if "image/png" in s]
        assert len(images) == 1 and any("正确" in s.get("text/plain", "") for s in shown)
        assert not [s for s in _shown(live, "q9.check(plot_means)") if "image/png" in s]
        question = PlotAnswer("L99.Q9", reference=reference, cases=[(_orders(),)], **COMMON)
        probe = probe_source(Check("L99.Q9", "plot", "plot_means", "c", None), question, "NONCE")
        reported = [s[MIME] for s in _shown(live, probe) if MIME in s]
        assert not [s for s in _shown(live, "pass") if "image/png" in s]
    assert reported and judge_function(question, reported[0]).status == "correct"


# -- under cbec grade: a fresh, sandboxed kernel per notebook ----------------------------------------
LEARNER = {
    "right": "    return _labelled(df.groupby('platform')['value'].mean().plot.bar())\n",
    "summed": "    return _labelled(df.groupby('platform')['value'].sum().plot.bar())\n",
    "stub": "    ...\n",
}


def _graded_notebook(folder, body: str, question, nonce: str):
    import nbformat

    from cbec.grader.assemble import Check, _probe_cell

    setup = (
        "import pandas as pd\n"
        f"TITLE, XLABEL, YLABEL = {TITLE!r}, {XLABEL!r}, {YLABEL!r}\n"
        "def _labelled(ax):\n"
        "    ax.set_title(TITLE); ax.set_xlabel(XLABEL); ax.set_ylabel(YLABEL)\n"
        "    return ax\n"
        f"orders = pd.DataFrame({_orders().to_dict(orient='list')!r})\n"
    )
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    notebook.cells = [
        nbformat.v4.new_code_cell(setup),
        nbformat.v4.new_code_cell(f"def plot_means(df):\n{body}"),
        nbformat.v4.new_code_cell("plot_means(orders)"),  # the learner looks at the chart
        _probe_cell(Check(question.qid, "plot", "plot_means", "c", None), question, nonce),
    ]
    for number, cell in enumerate(notebook.cells[:3]):
        cell["id"] = f"cell-{number}"
    folder.mkdir(parents=True)
    path = folder / "99_plots.ipynb"
    nbformat.write(notebook, path)
    return path


def test_the_grader_scores_a_plot_question_in_fresh_kernels(tmp_path):
    import types

    from cbec.grader import grade as grading
    from cbec.grader.judge import Job, judge_notebook, read_records
    from cbec.paths import course_root

    bank = types.ModuleType("l99")
    bank.exercise = Exercise("L99", stem="99_plots")
    question = bank.exercise.add(_question())
    work = tmp_path / "work"
    jobs = {
        name: Job(
            name,
            "99_plots",
            bank,
            _graded_notebook(work / "notebooks" / name, body, question, "NONCE"),
            "NONCE",
        )
        for name, body in LEARNER.items()
    }
    public = grading._public_package(tmp_path)
    options = grading.Options(jobs=2, cell_timeout=60)
    run = grading.run_nbval(list(jobs.values()), work, options, public, course_root())
    records = read_records(work / "results")
    scored = {
        name: judge_notebook(job, records[str(job.notebook)], {question.qid: "plot"})[0]
        for name, job in jobs.items()
    }
    assert scored["right"].status == "correct" and scored["right"].score == question.points
    assert scored["summed"].status == "incorrect" and SUM_NOTE in scored["summed"].message
    assert scored["stub"].status == "not_attempted"
    learner_cells = [r for r in records[str(jobs["right"].notebook)] if not r.get("probe")]
    assert {r["outcome"] for r in learner_cells} == {"passed"}  # drawing worked in the kernel
    if run.sandbox != "on":
        pytest.skip(f"scored in plain kernels: they cannot be sandboxed here ({run.sandbox})")
