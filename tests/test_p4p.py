"""The P4P auction rules of ``cbec.p4p`` and the simulator built on them, against the data.

alibaba_keyword_days records every row's bid, score, rank score, position, the next bidder's
bid and score and the cost per click: the rules must reproduce them on every row of a day (and
the cost per click on every row of the year). The simulator's response time is measured by
``make bench`` (tools/bench.py), not asserted here.
"""

import numpy as np
import pandas as pd
import pytest

from cbec import data, p4p
from cbec.explore import l02 as explore


@pytest.fixture(scope="module")
def days():
    return data.load("alibaba_keyword_days")


@pytest.fixture(scope="module")
def one_day(days):
    return days[days["date"] == pd.Timestamp(explore.LESSON_DAY[1])]


def _cpc(row) -> float:
    nxt = (None, None) if pd.isna(row.next_bid_cny) else (row.next_bid_cny, int(row.next_score))
    return p4p.gsp_cpc(row.p4p_bid_cny, row.promotion_score, *nxt)


def test_cost_per_click_is_the_gsp_formula_on_every_row_of_a_day(one_day):
    assert len(one_day) == 48  # 12 products × 4 keywords of their line
    for row in one_day.itertuples():
        assert _cpc(row) == pytest.approx(row.p4p_cpc_cny, abs=1e-9), row
        if not pd.isna(
            row.next_bid_cny
        ) and row.next_bid_cny * row.next_score / row.promotion_score + 0.01 < (row.p4p_bid_cny):
            by_hand = round(row.next_bid_cny * row.next_score / row.promotion_score + 0.01, 2)
            assert row.p4p_cpc_cny == pytest.approx(by_hand)


def test_cost_per_click_is_the_gsp_formula_on_every_row_of_the_year(days):
    computed = np.array([_cpc(row) for row in days.itertuples()])
    assert np.abs(computed - days["p4p_cpc_cny"].to_numpy()).max() < 1e-9


def test_rank_score_and_position_follow_the_rules_on_every_row_of_a_day(one_day):
    for row in one_day.itertuples():
        assert p4p.rank_score(row.p4p_bid_cny, row.promotion_score) == pytest.approx(
            row.rank_score, abs=0.005
        )
        if row.promotion_score < p4p.TOP_SLOT_MIN_SCORE:
            assert row.p4p_position > p4p.TOP_SLOTS
        if not pd.isna(row.next_bid_cny):
            # The rival just below: with it alone in the field, the listing ranks first (or is
            # kept out of the top slots) and pays the recorded price.
            rivals = ([row.next_bid_cny], [int(row.next_score)])
            assert p4p.next_rival(row.p4p_bid_cny, row.promotion_score, *rivals) in (
                (row.next_bid_cny, int(row.next_score)),
                None,  # an exact tie, see test_ties_are_ties
            )
            expected = 1 if row.promotion_score >= 3 else p4p.TOP_SLOTS + 1
            assert p4p.position(row.p4p_bid_cny, row.promotion_score, *rivals) == expected


def test_only_three_stars_and_above_reach_the_top_slots(days):
    assert not ((days["promotion_score"] < 3) & (days["p4p_position"] <= p4p.TOP_SLOTS)).any()
    assert p4p.position(9.9, 2, [1.0], [1]) == p4p.TOP_SLOTS + 1
    assert p4p.position(9.9, 3, [1.0], [1]) == 1


def test_position_counts_rivals_with_a_higher_rank_score():
    bids, scores = [4.4, 2.3, 2.5, 2.5], [4, 4, 3, 2]  # rank scores 17.6, 9.2, 7.5, 5.0
    assert p4p.position(3.0, 3, bids, scores) == 3  # 9.0
    assert p4p.position(3.0, 4, bids, scores) == 2  # 12.0
    assert p4p.position(4.5, 4, bids, scores) == 1  # 18.0
    assert p4p.position(0.5, 3, bids, scores) == 5
    assert p4p.next_rival(3.0, 3, bids, scores) == (2.5, 3)
    assert p4p.next_rival(0.5, 3, bids, scores) is None


def test_ties_are_ties():
    """2.6 × 3 and 3.9 × 2 are both 7.8: neither ranks above the other, whatever floats say."""
    assert p4p.position(2.6, 3, [3.9], [2]) == 1
    assert p4p.next_rival(2.6, 3, [3.9], [2]) is None


def test_the_floor_price_with_nobody_below_and_the_cap_at_the_own_bid():
    assert p4p.gsp_cpc(3.0, 4, None, None) == p4p.FLOOR_CPC_CNY
    assert p4p.gsp_cpc(2.0, 2, 3.0, 5) == 2.0  # 3 × 5 ÷ 2 + 0.01 = 7.51, capped at the bid
    assert p4p.gsp_cpc(3.0, 4, 2.0, 5) == pytest.approx(2.51)


def test_expected_clicks_fall_with_the_position(days):
    clicks = p4p.clicks_by_position(days[days["keyword_type"] == "行业大词"])
    assert list(clicks.index) == sorted(clicks.index)
    assert clicks.iloc[0] > clicks.iloc[1] > clicks.iloc[4] > clicks.iloc[5]
    assert p4p.expected_clicks(1, clicks) == clicks.loc[1]
    assert p4p.expected_clicks(99, clicks) == clicks.iloc[-1]


def test_the_auction_combines_rank_price_and_clicks(days):
    keyword, date = explore.LESSON_DAY
    field = explore.rivals(keyword, date)
    clicks = explore.clicks_for(keyword)
    top = field["rank_score"].max()
    winner = p4p.auction(top / 4 + 0.1, 4, field, clicks)
    assert winner.position == 1
    assert winner.clicks == pytest.approx(clicks.loc[1])
    assert winner.cost_cny == pytest.approx(round(winner.clicks * winner.cpc_cny, 2))
    low = p4p.auction(0.5, 5, field, clicks)
    assert low.position == len(field) + 1 and low.cpc_cny == p4p.FLOOR_CPC_CNY


def test_the_rivals_are_the_next_bidders_the_data_records(days):
    keyword, date = explore.LESSON_DAY
    rows = days[(days["keyword"] == keyword) & (days["date"] == pd.Timestamp(date))]
    field = explore.rivals(keyword, date)
    recorded = set(zip(rows["next_bid_cny"].dropna(), rows["next_score"].dropna().astype(int), strict=True))
    assert set(zip(field["bid_cny"], field["score"], strict=True)) == recorded
    assert (field["rank_score"] == field["bid_cny"] * field["score"]).all()


def test_the_report_names_rank_price_clicks_and_cost(capsys):
    explore.show(*explore.LESSON_DAY, 3.0, 2)
    printed = capsys.readouterr().out
    for piece in ("排名第", "扣费", "点击", "花费", "← 你", "进不了前 5 位"):
        assert piece in printed


def test_the_simulator_prints_a_starting_point_and_redraws(capsys):
    box = explore.simulator()
    assert "起点" in capsys.readouterr().out  # shown in a notebook stored without widget state
    bid, score = box.children[0].children
    bid.value, score.value = 5.0, 5
    box.redraw()
    assert "出价 5.0 元、推广评分 5 星" in capsys.readouterr().out  # outside a kernel, Output prints
