"""In a grading kernel: report a learner's answers to the grader, as data, and judge nothing.

The grader replaces every check cell of a submission with a probe cell that calls one of the
functions below. A probe only reads: the value of a variable, or the results of calling the
learner's function on test inputs. (Widget answers need no probe: the grader reads them from the
submitted answer store.) It shows them as one output of the
MIME type ``MIME``, stamped with the run's nonce. The verdict is reached by the grader, in its
own process, with the answer key that never enters the kernel: so a learner's code that
redefines a checker, patches this module or forges an output can change what is reported, but
not what a wrong answer scores.

A probe never raises: whatever goes wrong is reported as data, so that "the probe ran" and
"the answer was right" stay separate facts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

MIME = "application/vnd.cbec.answer+json"
MAX_BYTES = 2_000_000  # an answer larger than this is reported by size only


def _show(payload: dict[str, Any]) -> None:
    from IPython.display import display

    text = json.dumps(payload, ensure_ascii=False, allow_nan=False)
    if len(text.encode()) > MAX_BYTES:
        size = len(text.encode())
        text = json.dumps({k: payload[k] for k in ("nonce", "qid")} | {"too_large": size})
    display({MIME: json.loads(text), "text/plain": f"[{payload['qid']}] 答案已交给评分程序"}, raw=True)


def _error(err: BaseException) -> str:
    return f"{type(err).__name__}: {err}"[:500]


def value(nonce: str, qid: str, get: Callable[[], Any]) -> None:
    """Report the value the learner's code gave, e.g. ``lambda: median_value``."""
    from cbec.answer_codec import encode

    payload: dict[str, Any] = {"nonce": nonce, "qid": qid}
    try:
        payload["answer"] = encode(get())
    except Exception as err:
        payload["error"] = _error(err)
    _show(payload)


def function(nonce: str, qid: str, get: Callable[[], Any], cases: str, call: Callable | None = None) -> None:
    """Call the learner's function on each test input in ``cases`` (encoded) and report results."""
    from cbec.answer_codec import decode, encode
    from cbec.questions.code import call_quietly
    from cbec.questions.placeholder import is_stub_function

    payload: dict[str, Any] = {"nonce": nonce, "qid": qid}
    try:
        func = get()
        payload["callable"] = callable(func)
        payload["stub"] = callable(func) and is_stub_function(func)
        payload["name"] = str(getattr(func, "__name__", ""))[:100]
        if payload["callable"] and not payload["stub"]:
            groups = decode(json.loads(cases))
            payload["outcomes"] = {
                group: [_outcome((call or call_quietly)(func, tuple(args)), encode) for args in arg_lists]
                for group, arg_lists in groups.items()
            }
    except Exception as err:
        payload["error"] = _error(err)
    _show(payload)


def plot(nonce: str, qid: str, get: Callable[[], Any], cases: str) -> None:
    """Call the learner's plotting function on each test input and report what each chart
    shows (``cbec.questions.plots.summarize``), not the chart: the figures are closed here."""
    from cbec.questions.plots import call_plot

    function(nonce, qid, get, cases, call=call_plot)


def _outcome(outcome: Any, encode: Callable[[Any], Any]) -> dict[str, Any]:
    if outcome.error:
        return {"error": outcome.error}
    return {"value": encode(outcome.value)}
