"""Question banks, one module per lesson: ``from cbec.exercises.l01 import q1, q2``.

Expected values are computed from the shipped data when a check runs, never typed in, so a
regenerated dataset cannot leave a stale key behind.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

from cbec import friendly_errors

friendly_errors.install()

BANK_NAME = re.compile(r"^l\d{2}$")


def banks() -> dict[str, ModuleType]:
    """Every question bank, keyed by the stem of its exercise notebook."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if BANK_NAME.match(info.name):
            module = importlib.import_module(f"{__name__}.{info.name}")
            found[module.exercise.stem] = module
    return dict(sorted(found.items()))
