"""A class of 30 honest and 5 hostile notebooks, graded three times while two processes burn
both cores: every honest notebook gets its expected score every time, and no notebook is left
to the grader's own faults (marker ``load``; ``make bench-grading`` reports its time)."""

from __future__ import annotations

import pytest

from cbec.paths import course_root
from tests.grading_corpus import Sources
from tests.grading_load import HOSTILE, all_graded, grade_under_load

pytestmark = [pytest.mark.kernel, pytest.mark.load]


def test_a_class_under_load_is_graded_right_three_times_in_a_row(tmp_path):
    rounds = grade_under_load(Sources.load(course_root()), tmp_path, rounds=3, honest=30)
    for number, done in enumerate(rounds, start=1):
        assert done.grader_errors == [], f"round {number}: the grader failed on {done.grader_errors}"
        assert done.wrong == {}, f"round {number}: (got, expected) {done.wrong}"
        assert len(done.hostile_statuses) == len(HOSTILE) and all_graded(done), done.hostile_statuses
