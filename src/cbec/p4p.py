"""P4P (外贸直通车) auction rules as the course teaches them (facts.md §2, B), as pure functions.

- rank score = bid × promotion score (1–5 stars); a higher rank score takes a higher slot;
- only keywords of 3 stars and above can take the top slots (the data uses the top 5);
- cost per click, a generalised second price: the next bidder's bid × the next bidder's score ÷
  the own score + 0.01 yuan, never above the own bid; with nobody below, a floor price (an
  assumption of the data, see the alibaba_keyword_days datasheet).

Expected clicks come from the data, not from a formula: the mean daily P4P clicks at each
position, for the keyword's type. The simulator in ``cbec.explore.l02`` is built on these
functions; they hold no exercise answer and ship to students as they are.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOP_SLOTS = 5
TOP_SLOT_MIN_SCORE = 3
INCREMENT_CNY = 0.01
FLOOR_CPC_CNY = 0.30  # charged when nobody ranks below: the data's assumption, not a platform rule


def rank_score(bid: float, score: float) -> float:
    return bid * score


def _scores(bids, scores) -> np.ndarray:
    # Rounded so that 2.6 × 3 and 3.9 × 2 tie, as they do in exact arithmetic.
    return np.round(np.asarray(bids, dtype=float) * np.asarray(scores, dtype=float), 6)


def position(bid: float, score: int, rival_bids, rival_scores) -> int:
    """1 + the number of rivals with a higher rank score; below 3 stars, no top slot."""
    theirs = _scores(rival_bids, rival_scores)
    place = 1 + int((theirs > _scores(bid, score)).sum())
    return place if score >= TOP_SLOT_MIN_SCORE else max(place, TOP_SLOTS + 1)


def next_rival(bid: float, score: int, rival_bids, rival_scores) -> tuple[float, int] | None:
    """The rival ranked just below (highest rank score under the own one), or None."""
    bids, scores = np.asarray(rival_bids, dtype=float), np.asarray(rival_scores, dtype=float)
    theirs = _scores(bids, scores)
    below = theirs < _scores(bid, score)
    if not below.any():
        return None
    i = int(np.argmax(np.where(below, theirs, -1.0)))
    return float(bids[i]), int(scores[i])


def gsp_cpc(bid: float, score: int, next_bid: float | None, next_score: int | None) -> float:
    """Actual cost per click: next bid × next score ÷ own score + 0.01, at most the own bid."""
    if next_bid is None or next_score is None or _missing(next_bid) or _missing(next_score):
        return _fen(min(bid, FLOOR_CPC_CNY))
    return _fen(min(bid, float(next_bid) * int(next_score) / score + INCREMENT_CNY))


def _fen(yuan: float) -> float:
    # numpy's rounding, as the data's generator rounds: 1.885 (stored a hair below) gives 1.88.
    return float(np.round(np.float64(yuan), 2))


def _missing(value) -> bool:
    return value is pd.NA or (isinstance(value, float) and math.isnan(value))


def clicks_by_position(days: pd.DataFrame) -> pd.Series:
    """Mean daily P4P clicks at each position, from rows of alibaba_keyword_days."""
    return days.groupby("p4p_position")["p4p_clicks"].mean()


def expected_clicks(place: int, clicks: pd.Series) -> float:
    """Clicks a day at ``place``; a place beyond the observed ones gets the last observed value."""
    known = clicks.index[clicks.index <= place]
    return float(clicks.loc[known.max()]) if len(known) else float(clicks.iloc[0])


@dataclass(frozen=True)
class Outcome:
    position: int
    cpc_cny: float
    clicks: float
    cost_cny: float


def auction(bid: float, score: int, rivals: pd.DataFrame, clicks: pd.Series) -> Outcome:
    """What one listing gets at ``bid`` and ``score`` against ``rivals`` (columns bid_cny, score)."""
    bids, scores = rivals["bid_cny"].to_numpy(), rivals["score"].to_numpy()
    place = position(bid, score, bids, scores)
    below = next_rival(bid, score, bids, scores)
    cpc = gsp_cpc(bid, score, *(below or (None, None)))
    daily = expected_clicks(place, clicks)
    return Outcome(place, cpc, daily, round(daily * cpc, 2))
