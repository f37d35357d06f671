"""What changes when a notebook runs under the grader.

A learner's check only shows feedback. Under the grader (``CBEC_GRADING=1`` in the kernel's
environment, set by the grading run) a check that did not pass also raises
``AnswerNotCorrectError``, so nbval records that cell as failed: a question earns its points
only on positive evidence that its check ran and passed.
"""

from __future__ import annotations

import os

from cbec.feedback import Feedback, Status

GRADING_ENV = "CBEC_GRADING"


class AnswerNotCorrectError(AssertionError):
    """Raised under the grader when a check did not pass."""


def is_grading() -> bool:
    return os.environ.get(GRADING_ENV) == "1"


def enforce(feedback: Feedback) -> None:
    # A saved written answer is not wrong: the teacher marks it. Its points come from the marks
    # file, never from a kernel, so letting its cell pass gives nothing away.
    if is_grading() and not feedback.passed and feedback.status is not Status.NEEDS_MARKING:
        raise AnswerNotCorrectError(str(feedback))
