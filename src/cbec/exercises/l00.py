"""Exercise 00: 热身练习 (readiness warm-up), before lesson 01.

Used by ``exercises/00_warmup.ipynb``; its answers are stored beside it in
``00_warmup.answers.json``. It belongs to no lesson: it checks the pandas and Python the course
assumes before lesson 01 (read a table, select columns, filter rows, mean and median; and the
issue's groupby/agg, a simple plot and a function). Every hint and misconception note names the
section of ``lessons/pandas_basics.md`` (《pandas 基础速查》) that explains the skill. A learner
with 9 or more of the 12 points is ready for lesson 01 (``READY_POINTS``).

Skills and the questions that check them (the section of pandas_basics.md in brackets):

1. read a CSV with ``pd.read_csv`` on a path relative to ``exercises/`` [§1]: Q1.
2. select a column, and read a ``KeyError`` [§2]: Q2.
3. filter rows by a condition, ``&`` and ``>`` [§3]: Q3 (what a comparison returns), Q4.
4. mean and median [§4], with ``groupby`` / ``agg`` [§5]: Q5.
5. draw a simple labelled bar chart and return its Axes [§6]: Q6.
6. write a function that returns (not prints) its result [§7]: Q7.

Data: ``datasets/aliexpress_products.csv`` (60 rows, small enough to read whole), read with
``pd.read_csv`` as the learner does, so text columns are plain strings and ``groupby`` needs no
``observed=`` (lesson 01 teaches that).

Questions (id, type, points): Q1 value 1, Q2 single 1, Q3 single 1, Q4 value 2, Q5 value 2,
Q6 plot 2, Q7 function 3; 12 points in all.

Rounding rule, per question (``rounding=``): Q4 and Q5 (tables computed in code): "note". The
learner passes the computed table; a rounded copy is marked wrong with a note that names the
rounding, never the value. Q1 is a pair of counts and Q2, Q3, Q6, Q7 have no single number to
round.

Each question's ``method`` is the worked reasoning ``qN.solution()`` gives once the answer is
right; the feedback says the shorter ``explanation``, so the two never repeat each other.

No partial credit: single choices and code answers are right or wrong. Q7's misconceptions are
wrong reference functions (a count, ``>=``, a percent, the global table instead of ``df``): a
function that matches one on every public case gets its note. Expected values are computed
from the shipped data; none is typed in.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from cbec.answer_codec import DatasetArg
from cbec.paths import datasets_dir
from cbec.questions import Exercise, FunctionAnswer, PlotAnswer, SingleChoice, ValueAnswer, ____

exercise = Exercise("L00", stem="00_warmup", title="热身练习：课程用到的 pandas 基础")

READY_POINTS = 9  # of 12: the notebook's readiness line says the same
FILE = "aliexpress_products.csv"
GUIDE = "《pandas 基础速查》"


def section(n: int) -> str:
    return f"见{GUIDE}第 {n} 节"


@lru_cache(maxsize=1)
def _products() -> pd.DataFrame:
    return pd.read_csv(datasets_dir() / FILE)


def products() -> pd.DataFrame:
    return _products().copy()


# -- Q1 read a CSV ---------------------------------------------------------------------------------
q1 = exercise.add(
    ValueAnswer(
        "L00.Q1",
        expected=lambda: products().shape,
        misconceptions=[
            (
                lambda: pd.read_csv(datasets_dir() / FILE, header=None).shape,
                "多出了一行，列名也变成了数字：header=None 把第一行（列名）当成了数据。"
                f"这个文件的第一行就是列名，不用加参数。{section(1)}。",
            ),
            (
                lambda: pd.read_csv(datasets_dir() / FILE, index_col=0).shape,
                "少了一列：index_col=0 把 product_id 变成了索引，它就不算一列了。"
                f"读入时不用加参数。{section(1)}。",
            ),
            (
                lambda: products().shape[::-1],
                f"行数和列数颠倒了：shape 先写行数（多少件商品），再写列数。{section(1)}。",
            ),
            (
                lambda: products().head().shape,
                f"这是 head() 的形状：只有前 5 行。题目要整张表的形状。{section(1)}。",
            ),
        ],
        hints=[
            f"用 pd.read_csv(路径) 读入文件；路径从练习所在的 exercises/ 文件夹算起。{section(1)}。",
            "数据在和 exercises/ 并列的 datasets/ 文件夹里：路径先用 .. 回到上一层，再进入 datasets/。",
            '路径写成 "../datasets/文件名"，文件名连 .csv 一起写；读入后把 products.shape 交给检查：'
            f"它是一个元组（行数, 列数），后面不加括号；shape[0] 只是行数。{section(1)}。",
        ],
        solution='products = pd.read_csv("../datasets/aliexpress_products.csv")\nq1.check(products.shape)',
        explanation="表读进来了：每行一件商品，每列一个字段。以后每一课都从读入表格开始。",
        method=(
            "pd.read_csv 的路径从笔记本所在的文件夹算起，exercises/ 里的笔记本用 ../ 回到上一层，"
            "再进入 datasets/。文件第一行就是列名，所以不加 header= 或 index_col=。"
            "shape 是一个元组（行数, 列数），后面不加括号；shape[0] 只是行数。"
        ),
        points=1,
    )
)

# -- Q2 a KeyError ---------------------------------------------------------------------------------
Q2_RIGHT = "表里没有叫 price 的列：列名要照抄 products.columns 里的"
Q2_NOT_READ = "文件还没有读进来：要先重新运行读入 products 的那一格"
Q2_EMPTY = "price 这一列全是空的，没有数：要先去掉没有数的那些行"
Q2_ATTR = "方括号取不出这一列：要改写成 products.price 才能把它取出来"
q2 = exercise.add(
    SingleChoice(
        "L00.Q2",
        options=[Q2_NOT_READ, Q2_RIGHT, Q2_EMPTY, Q2_ATTR],
        answer="表里没有叫 price 的列：列名要照抄 products.columns 里的",
        misconceptions={
            Q2_NOT_READ: "表没读进来时，Python 说的是 NameError（名字还没有定义），不是 KeyError。"
            f"KeyError 说的是方括号里的那个名字在表里找不到。{section(2)}。",
            Q2_EMPTY: "一列全是空的也照样取得出来，不会报错，只是取出的都是 NaN。"
            f"KeyError 说的是这个列名不存在。{section(2)}。",
            Q2_ATTR: "products.price 也找不到这一列（会报 AttributeError）：表里根本没有叫 price 的列。"
            f"先看 products.columns，照抄列名。{section(2)}。",
        },
        hints=[
            f"KeyError 的意思是：用一个名字去找东西，没有找到。这里找的是什么？{section(2)}。",
            "运行 products.columns 看看这张表有哪些列：有没有一列正好叫 price？",
            "表没有读进来时报的是另一种错误（NameError）；一列里全是空的也不会报错。",
        ],
        solution="选“表里没有叫 price 的列：列名要照抄 products.columns 里的”。标价那一列叫 list_price_usd。",
        explanation="KeyError 加上一个列名，说的就是这个列名在表里不存在；照抄 products.columns 里的名字。",
        method=(
            "KeyError 的意思是“用这个名字找不到”：方括号里的列名在表里不存在。"
            "先运行 products.columns 看清有哪些列，再照抄列名（标价那一列叫 list_price_usd）；"
            "表没读进来是 NameError，列全空也照样取得出来。"
        ),
        points=1,
    )
)

# -- Q3 what a comparison returns ------------------------------------------------------------------
Q3_RIGHT = "一列 True/False，每件商品各一个"
Q3_ROWS = "一张更小的表：标价超过 20 美元的那些商品"
Q3_COUNT = "一个数：标价超过 20 美元的商品有几件"
Q3_PRICES = "一列数字：超过 20 美元的那些标价"
q3 = exercise.add(
    SingleChoice(
        "L00.Q3",
        options=[Q3_ROWS, Q3_COUNT, Q3_RIGHT, Q3_PRICES],
        answer="一列 True/False，每件商品各一个",
        misconceptions={
            Q3_ROWS: 'products[products["list_price_usd"] > 20] 才是那张更小的表：'
            f"比较本身只得到一列 True/False，要放进 products[...] 才筛出行。{section(3)}。",
            Q3_COUNT: f"个数要再加一步 .sum()（True 算 1，False 算 0）。比较本身不做加总。{section(3)}。",
            Q3_PRICES: "比较不会丢掉任何一行，也不会留下原来的价格：每一行都得到一个 True 或 False。"
            f"{section(3)}。",
        },
        hints=[
            f"在自己的笔记本里运行这一行，看看得到的是什么、有多长。{section(3)}。",
            "拿一件标价 10 美元的商品和一件 30 美元的商品想一想：比较 > 20 对它们各得到什么？",
            "比较本身不会删掉行，也不会把数加起来；筛选和计数各要再多一步。",
        ],
        solution="选“一列 True/False，每件商品各一个”。"
        'products[products["list_price_usd"] > 20] 才留下满足条件的行。',
        explanation="比较得到一列 True/False（布尔值）；把它放进方括号才筛出行，对它 .sum() 得到个数、.mean() 得到比例。",
        method=(
            "比较对每一行各算一次，得到和表一样长的一列 True/False（布尔值）。"
            "它本身不筛选也不计数：放进 products[...] 才留下为 True 的行，"
            ".sum() 把 True 当 1 数出个数，.mean() 得到比例。"
        ),
        points=1,
    )
)


# -- Q4 filter rows by two conditions --------------------------------------------------------------
CATEGORY = "户外照明"


def _boundary() -> float:
    """The threshold is a price some 户外照明 item has, so > and >= keep different rows: the
    first such price above 20 dollars. The notebook's task states it."""
    df = products()
    prices = df.loc[df["category"] == CATEGORY, "list_price_usd"]
    return float(prices[prices > 20].min())


PRICE = _boundary()


def _lights(how: str = "and") -> pd.DataFrame:
    """The rows a learner's filter keeps: both conditions, or one of them, or either, or >=."""
    df = products()
    in_category = df["category"] == CATEGORY
    priced = df["list_price_usd"] > PRICE
    keep = {
        "and": in_category & priced,
        "or": in_category | priced,
        "category": in_category,
        "price": priced,
        "at_least": in_category & (df["list_price_usd"] >= PRICE),
    }
    return df[keep[how]]


def _sorted_lights(ascending: bool) -> pd.DataFrame:
    return _lights().sort_values("list_price_usd", ascending=ascending)


SORTED_NOTE = f"你排了序：题目要原来的顺序，筛选之后不要 sort_values()。{section(3)}。"
RESET_NOTE = (
    "你重排了行号：筛选要保留原来的索引（行号），去掉 reset_index()。"
    f"原来的行号说明每件商品在整张表里的位置。{section(3)}。"
)

q4 = exercise.add(
    ValueAnswer(
        "L00.Q4",
        expected=_lights,
        misconceptions=[
            (
                lambda: _lights("category"),
                f"你留下了户外照明类目的全部商品：还差第二个条件，标价要高于 {PRICE:g} 美元。"
                f"两个条件用 & 连接。{section(3)}。",
            ),
            (
                lambda: _lights("price"),
                f"你留下了所有类目里标价高于 {PRICE:g} 美元的商品：还差类目这个条件。{section(3)}。",
            ),
            (
                lambda: _lights("or"),
                "你用了 |（或者）：只要满足一个条件的商品都留下了，行太多。题目要两个条件同时满足，用 &。"
                f"{section(3)}。",
            ),
            (
                lambda: _lights("at_least"),
                f"多了一件标价正好是 {PRICE:g} 美元的商品：“高于”不含等于，用 > 而不是 >=。{section(3)}。",
            ),
            (lambda: _lights().reset_index(drop=True), RESET_NOTE),
            (lambda: _lights().reset_index(), RESET_NOTE),
            (lambda: _sorted_lights(True), SORTED_NOTE),
            (lambda: _sorted_lights(False), SORTED_NOTE),
        ],
        hints=[
            f"先写出两个条件，各得到一列 True/False：类目等于“户外照明”，标价高于 {PRICE:g}。{section(3)}。",
            "两个条件都要满足，用 & 连接，每个条件加一对圆括号：写 and 会报 “truth value of a Series is "
            "ambiguous”；忘了圆括号会报 “Cannot perform 'rand_'”。",
            "把连接好的条件放进 products[...]，得到的是整行都在的一张小表：不要只取一列，也不要排序；"
            "“高于”用 >，不含等于。",
        ],
        solution=(
            f'lights = products[(products["category"] == "户外照明") & (products["list_price_usd"] > {PRICE:g})]'
        ),
        explanation="两个条件同时满足用 &，满足其一用 |；筛选留下整行，原来的行号（索引）也跟着保留。",
        method=(
            "每个条件各得到一列 True/False，& 把两列逐行合在一起，两个都是 True 的行才留下"
            "（满足其一用 |）。& 比 == 和 > 先算，所以每个条件要加圆括号。"
            "products[条件] 取出整行，原来的行号（索引）跟着保留，顺序也不变；"
            "“高于”是 >，“不低于”才是 >=。"
        ),
        points=2,
        rounding="note",
    )
)


# -- Q5 groupby and agg: mean and median ----------------------------------------------------------
def _cost_stats(by: str = "category", column: str = "unit_cost_usd") -> pd.DataFrame:
    return products().groupby(by)[column].agg(["mean", "median"])


q5 = exercise.add(
    ValueAnswer(
        "L00.Q5",
        expected=_cost_stats,
        misconceptions=[
            (
                lambda: _cost_stats(column="list_price_usd"),
                "你汇总的是标价 list_price_usd。题目要的是单位成本 unit_cost_usd：分组后先取出这一列。"
                f"{section(5)}。",
            ),
            (
                lambda: _cost_stats(by="product_role"),
                "你按 product_role 分了组。题目要按类目 category 分组：groupby 里写分组用的那一列。"
                f"{section(5)}。",
            ),
            (
                lambda: _lights().groupby("category")["unit_cost_usd"].agg(["mean", "median"]),
                "你的表只有一个类目：分组的是第 4 题筛选出来的 lights。题目要全部商品，对 products 分组。"
                f"{section(5)}。",
            ),
        ],
        hints=[
            f'按类目分组：products.groupby("category")，再取出要汇总的那一列。{section(5)}。',
            "一次求两个数用 .agg([...])，列表里写两个统计量的名字：平均数和中位数。",
            f'结果以类目为索引，两列名字是 "mean" 和 "median"，不要 reset_index()。平均数和中位数的区别{section(4)}。',
        ],
        solution='cost_stats = products.groupby("category")["unit_cost_usd"].agg(["mean", "median"])',
        explanation="每个类目里成本的平均数都高于中位数：少数成本很高的商品把平均数拉高了，中位数更接近典型的一件。",
        method=(
            'groupby("category") 把商品按类目分堆，["unit_cost_usd"] 取出一列（一层方括号），'
            '.agg(["mean", "median"]) 对每堆各算两个数，结果以类目为索引。'
            "不再 reset_index()：类目留在索引里，一眼就能按类目查到两个数。"
        ),
        points=2,
        rounding="note",
    )
)


# -- Q6 a simple bar chart -------------------------------------------------------------------------
def _category_bars(values: pd.Series):
    ax = values.plot.bar(rot=0)
    ax.set(title="各类目的商品件数", xlabel="类目", ylabel="商品件数（件）")
    return ax


def _plot_category_counts(df):
    return _category_bars(df["category"].value_counts())


def _plot_category_shares(df):
    return _category_bars(df["category"].value_counts(normalize=True))


def _plot_category_percent(df):
    return _category_bars(df["category"].value_counts(normalize=True) * 100)


def _plot_role_counts(df):
    return _category_bars(df["product_role"].value_counts())


def _small_products() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "product_id": ["T1", "T2", "T3", "T4", "T5", "T6"],
            "category": ["茶具", "茶具", "灯具", "茶具", "文具", "灯具"],
            "product_role": ["甲", "乙", "甲", "甲", "乙", "乙"],
            "list_price_usd": [12.0, 30.0, 8.5, 20.0, 3.0, 45.0],
            "unit_cost_usd": [6.0, 12.0, 5.0, 9.0, 2.0, 20.0],
        }
    )


def _count_cases() -> list[tuple]:
    return [(DatasetArg("aliexpress_products"),), (_small_products(),)]


def _hidden_count_cases() -> list[tuple]:
    one_big = pd.DataFrame(
        {
            "product_id": [f"H{n}" for n in range(7)],
            "category": ["伞", "伞", "伞", "伞", "伞", "包", "鞋"],
            "product_role": ["甲", "乙", "甲", "乙", "甲", "乙", "甲"],
            "list_price_usd": [5.0, 6.0, 7.0, 8.0, 9.0, 50.0, 20.0],
            "unit_cost_usd": [2.0, 3.0, 3.0, 4.0, 4.0, 30.0, 9.0],
        }
    )
    return [(one_big,)]


q6 = exercise.add(
    PlotAnswer(
        "L00.Q6",
        reference=_plot_category_counts,
        cases=_count_cases,
        hidden_cases=_hidden_count_cases,
        kind="bar",
        chinese=True,
        y_unit="件",
        misconceptions=[
            (
                _plot_category_shares,
                "柱高是 0 到 1 之间的比例：value_counts(normalize=True) 求的是比例。题目要件数，不加 normalize。"
                f"{section(6)}。",
            ),
            (
                _plot_category_percent,
                f"柱高是百分数（%）。题目要每个类目有几件商品：直接用 value_counts()。{section(6)}。",
            ),
            (
                _plot_role_counts,
                f"你数的是 product_role 的各个取值。题目按类目 category 数件数。{section(5)}。",
            ),
        ],
        hints=[
            f'每个类目有几件商品：df["category"].value_counts()。{section(5)}。',
            f"对这个 Series 用 .plot.bar() 画竖直的柱子，它返回画图用的 ax；用 .plot() 会画成折线。{section(6)}。",
            "用 ax.set(title=..., xlabel=..., ylabel=...) 写上中文标题和两个坐标轴的标签，"
            "纵轴标签在括号里写单位（件）；函数最后 return ax；函数里用参数 df，不要用外面的 products。",
        ],
        solution=(
            "def plot_category_counts(df):\n"
            '    ax = df["category"].value_counts().plot.bar(rot=0)\n'
            '    ax.set(title="各类目的商品件数", xlabel="类目", ylabel="商品件数（件）")\n'
            "    return ax"
        ),
        explanation="类目之间比多少用柱状图；标题和轴标签让读图的人不用猜柱子是什么、单位是什么。",
        method=(
            "value_counts() 数出每个类目的件数，.plot.bar() 把它画成竖直的柱子并返回 ax，"
            "ax.set(...) 写上中文标题和轴标签，纵轴在括号里写单位（件）。"
            "最后 return ax：检查和调用它的人都要拿到这张图，才能读出柱子和标签。"
        ),
        points=2,
    )
)


# -- Q7 a function that returns a share -----------------------------------------------------------
def _share_above(df: pd.DataFrame, column: str, threshold: float) -> float:
    return float((df[column] > threshold).mean())


def _count_above(df, column, threshold):
    return float((df[column] > threshold).sum())


def _share_at_least(df, column, threshold):
    return float((df[column] >= threshold).mean())


def _percent_above(df, column, threshold):
    return _share_above(df, column, threshold) * 100


def _global_table(df, column, threshold):
    return _share_above(products(), column, threshold)


def _rounded_share(df, column, threshold):
    return round(_share_above(df, column, threshold), 2)


def _fixed_column(df, column, threshold):
    return _share_above(df, "list_price_usd", threshold)


def _share_cases() -> list[tuple]:
    # The small table has a price exactly at the threshold, so >= gives another share; the
    # real table is the one a function that ignores df would use, so it is not the only case.
    return [
        (_small_products(), "list_price_usd", 20.0),
        (_small_products(), "unit_cost_usd", 5.0),
        (DatasetArg("aliexpress_products"), "unit_cost_usd", 15.0),
    ]


def _hidden_share_cases() -> list[tuple]:
    ties = pd.DataFrame({"list_price_usd": [10.0, 10.0, 10.0, 25.0], "unit_cost_usd": [4.0, 5.0, 6.0, 9.0]})
    return [(ties, "list_price_usd", 10.0), (ties, "unit_cost_usd", 4.0)]


q7 = exercise.add(
    FunctionAnswer(
        "L00.Q7",
        reference=_share_above,
        cases=_share_cases,
        hidden_cases=_hidden_share_cases,
        misconceptions=[
            (
                _count_above,
                f"你的函数返回的是个数（.sum()）。题目要比例，0 到 1 之间：用 .mean()。{section(3)}。",
            ),
            (_share_at_least, f"“高于”不含等于：用 > 而不是 >=。{section(3)}。"),
            (
                _percent_above,
                f"你的函数返回的是百分数。题目要 0 到 1 之间的比例，不要乘以 100。{section(3)}。",
            ),
            (
                _global_table,
                f"你的函数总是用同一张商品表算，没有用参数 df：换一张表时结果应当跟着变。{section(7)}。",
            ),
            (
                _rounded_share,
                "你在函数里把比例四舍五入了：函数交回算出来的数，要几位小数留到显示的时候再定。"
                f"{section(7)}。",
            ),
            (
                _fixed_column,
                "换了 column 结果却没跟着变：函数里用参数 column，不要写死列名（比如 list_price_usd）。"
                f"{section(7)}。",
            ),
        ],
        hints=[
            f"函数体只要两步：比较 df[column] > threshold 得到一列 True/False，再求它的比例。{section(3)}。",
            "True/False 列的 .mean() 就是 True 的比例；.sum() 是个数。",
            "用 return 把结果交回去：print 只是显示出来，函数交回的是 None。"
            f"函数里只用参数 df、column、threshold。{section(7)}。",
        ],
        solution="def share_above(df, column, threshold):\n    return (df[column] > threshold).mean()",
        explanation="同一个函数换一张表、一列或一个门槛就能再算一次：这就是把计算写成函数的好处。",
        method=(
            "(df[column] > threshold).mean()：比较得到一列 True/False，它的平均数就是 True 的比例。"
            "函数只用参数、不改动传进来的 df，用 return 交回结果；"
            "换表、换列、换门槛都只是换参数，函数体一个字也不用改。"
        ),
        points=3,
    )
)

__all__ = ["____", "exercise", "q1", "q2", "q3", "q4", "q5", "q6", "q7"]
