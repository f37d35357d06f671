"""The verdicts the per-exercise tests assert on a question: wrong with its note, the wrong
type, and not attempted. One copy, so every exercise's tests judge answers alike."""

from cbec.feedback import Status


def incorrect(q, answer, text: str = "") -> str:
    feedback = q.evaluate(answer)
    assert feedback.status is Status.INCORRECT, (q.qid, answer, feedback)
    assert text in feedback.message, (q.qid, feedback.message)
    return feedback.message


def invalid(q, answer) -> None:
    assert q.evaluate(answer).status is Status.INVALID, (q.qid, answer)


def not_attempted(q, *answers) -> None:
    for answer in answers:
        assert q.evaluate(answer).status is Status.NOT_ATTEMPTED, (q.qid, answer)


def needs_marking(q, text: str, notes: tuple[str, ...] = (), absent: tuple[str, ...] = ()) -> str:
    """A written answer: saved for the teacher and never scored by its check. ``notes`` are
    formative notes that must show for ``text``; ``absent`` ones must not."""
    feedback = q.evaluate(text)
    assert feedback.status is Status.NEEDS_MARKING and feedback.earned == 0, (q.qid, feedback)
    for note in notes:
        assert note in feedback.message, (q.qid, note, feedback.message)
    for note in absent:
        assert note not in feedback.message, (q.qid, note, feedback.message)
    return feedback.message
