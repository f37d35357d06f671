"""Lesson 02's P4P auction simulator and the exercise's bid explorer.

The rivals of a keyword on a day are the bidders the data shows: alibaba_keyword_days records,
for each of the supplier's products, the bid and score of the rival ranked just below it. The
rules are those of ``cbec.p4p``. Nothing here holds an answer: this module ships in the student
release as it is.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from cbec import data, p4p

LESSON_DAY = ("solar light", "2024-03-12")  # a broad keyword on a weekday of the March Expo
EXERCISE_DAY = ("cutting board", "2024-06-18")  # another broad keyword, outside any event
EXERCISE_SCORE = 4


@lru_cache(maxsize=1)
def _days() -> pd.DataFrame:
    return data.load("alibaba_keyword_days")


def rivals(keyword: str, date: str) -> pd.DataFrame:
    """The rivals the data shows on ``keyword`` on ``date``: bid, score and rank score."""
    days = _days()
    rows = days[(days["keyword"] == keyword) & (days["date"] == pd.Timestamp(date))]
    seen = rows.dropna(subset=["next_bid_cny"])
    field = pd.DataFrame({"bid_cny": seen["next_bid_cny"], "score": seen["next_score"].astype(int)})
    field = field.drop_duplicates().sort_values(["bid_cny", "score"], ascending=False, ignore_index=True)
    return field.assign(rank_score=field["bid_cny"] * field["score"])


@lru_cache(maxsize=4)
def clicks_for(keyword: str) -> pd.Series:
    """Mean daily P4P clicks at each position, over the year, for the keyword's type."""
    days = _days()
    kind = days.loc[days["keyword"] == keyword, "keyword_type"].iloc[0]
    return p4p.clicks_by_position(days[days["keyword_type"] == kind])


@lru_cache(maxsize=4)
def _field(keyword: str, date: str) -> pd.DataFrame:
    return rivals(keyword, date)


def result(keyword: str, date: str, bid: float, score: int) -> p4p.Outcome:
    return p4p.auction(float(bid), int(score), _field(keyword, date), clicks_for(keyword))


def report(keyword: str, date: str, bid: float, score: int) -> str:
    """The outcome in words, then the ranked field with the learner's listing marked."""
    out = result(keyword, date, bid, score)
    top = "（星级不到 3 星，进不了前 5 位）" if score < p4p.TOP_SLOT_MIN_SCORE else ""
    lines = [
        f"关键词 “{keyword}”，{date}：出价 {bid:.1f} 元、推广评分 {score} 星，排名分 {bid * score:.2f}",
        f"排名第 {out.position} 位{top}；实际每次点击扣费 {out.cpc_cny:.2f} 元",
        f"预计每天 {out.clicks:.1f} 次点击，每天花费约 {out.cost_cny:.2f} 元",
    ]
    return "\n".join([*lines, "", _ranked(keyword, date, bid, score)])


def _ranked(keyword: str, date: str, bid: float, score: int) -> str:
    # Plain rows, not a DataFrame: the table is redrawn on every slider move.
    field = _field(keyword, date)
    rows = [
        (b, int(s), r, "对手")
        for b, s, r in field[["bid_cny", "score", "rank_score"]].itertuples(index=False)
    ]
    rows.append((bid, int(score), bid * score, "← 你"))
    rows.sort(key=lambda row: -round(row[2], 6))
    lines = ["  出价（元）  星级  排名分  出价者"]  # a Chinese character takes two columns
    lines += [f"{b:>12.2f}{s:>6d}{r:>8.2f}  {who}" for b, s, r, who in rows]
    return "\n".join(lines)


def show(keyword: str, date: str, bid: float, score: int) -> None:
    print(report(keyword, date, bid, score))


def simulator(keyword: str = LESSON_DAY[0], date: str = LESSON_DAY[1], bid: float = 3.0, score: int = 3):
    """Two sliders (bid, score) and the outcome under them. The starting point is printed as
    plain output too, so a notebook stored without widget state still shows a result."""
    import ipywidgets as w

    print("起点：")
    show(keyword, date, bid, score)
    bid_slider = w.FloatSlider(value=bid, min=0.5, max=8.0, step=0.1, description="出价（元）")
    score_slider = w.IntSlider(value=score, min=1, max=5, description="推广评分（星）")
    output = w.Output()

    def redraw(_=None):
        output.clear_output(wait=True)
        with output:
            show(keyword, date, bid_slider.value, score_slider.value)

    bid_slider.observe(redraw, names="value")
    score_slider.observe(redraw, names="value")
    box = w.VBox([w.HBox([bid_slider, score_slider]), output])
    box.redraw = redraw  # for the benchmark: the work one slider move triggers
    return box


def p4p_bid(bid: float) -> None:
    """The exercise's explorer: the outcome of ``bid`` at the exercise's keyword, day and score."""
    keyword, date = EXERCISE_DAY
    show(keyword, date, bid, EXERCISE_SCORE)
