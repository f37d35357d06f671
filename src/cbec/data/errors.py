"""Errors from loading data, worded for learners (Chinese) and instructors (English)."""

from __future__ import annotations


class DatasetError(ValueError):
    """A dataset file is missing or breaks its schema."""

    def __init__(self, chinese: str, english: str):
        super().__init__(f"{chinese}\n({english})")
        self.chinese = chinese
        self.english = english


class UnknownDatasetError(DatasetError, LookupError):
    """No dataset has the requested name."""
