"""Question banks, one module per lesson: ``from cbec.exercises.l01 import q1, q2``.

Expected values are computed from the shipped data when a check runs, never typed in, so a
regenerated dataset cannot leave a stale key behind.
"""

from cbec import friendly_errors

friendly_errors.install()
