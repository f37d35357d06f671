"""What a learner does with each kind of question control, and what the test reads back.

Each control is found by its question's CSS class (``.cbec-L01-Q1``, set in ``cbec.widgets``),
then answered the way a person would: clicking a radio button or a check box, picking from a
drop-down, typing into a slider's readout or a written answer's text area.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from cbec.questions.base import Question

# A ceiling, not a delay: on a loaded 2-core machine a kernel can take this long to answer.
FEEDBACK_WAIT_MS = 60_000
CLICK_ATTEMPTS = 3


def box(page, question: Question):
    return page.locator(f".cbec-{question.qid.replace('.', '-')}")


def _row(page, container, item: str):
    return container.locator(".widget-hbox").filter(has=page.get_by_text(item, exact=True))


def answer(page, question: Question, value) -> None:
    """Give ``value`` through the question's control."""
    container = box(page, question)
    container.scroll_into_view_if_needed()
    kind = question.widget_kind
    if kind == "single":
        _tick(page, container.get_by_label(value, exact=True), True)
    elif kind == "multiple":
        for option in question.options:
            _tick(page, container.get_by_label(option, exact=True), option in value)
    elif kind == "classification":
        for item in question.items:
            _row(page, container, item).locator("select").select_option(label=value[item])
    elif kind == "written":
        area = container.locator("textarea")
        area.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        page.keyboard.type(value)  # key by key, as typed: every keystroke reaches the kernel
    elif kind == "numeric":
        readout = container.locator(".widget-readout")
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(_slider_text(question, value))
        page.keyboard.press("Enter")
    else:
        raise ValueError(f"no browser action for {kind}")


def _tick(page, control, checked: bool) -> None:
    """Set a radio button or check box, clicking again if a click was lost.

    On a loaded machine a click can land while the control's view is being drawn again, and the
    browser reports that the state did not change; a person would click again, and so does this.
    Whether the answer then reached the kernel is what the tests check afterwards.
    """
    from playwright.sync_api import Error

    for attempt in range(1, CLICK_ATTEMPTS + 1):
        try:
            control.set_checked(checked)
            return
        except Error as error:
            if "did not change its state" not in str(error) or attempt == CLICK_ATTEMPTS:
                raise
            page.wait_for_timeout(500 * attempt)


def wait_saved(store: Path, question: Question, value, timeout_s: float = 60) -> None:
    """Wait until the answer file beside the notebook holds ``value`` for this question.

    A person sees 答案已自动保存 before clicking 检查. A test must wait for the same thing:
    on a loaded machine the browser holds back a control's changes while the kernel is busy,
    but sends a button's click at once, so a click could overtake the answer it should judge.
    """
    deadline, stored = time.monotonic() + timeout_s, None
    while time.monotonic() < deadline:
        try:
            answers = json.loads(store.read_text(encoding="utf-8"))["answers"]
            stored = answers.get(question.qid, {}).get("value")
        except (OSError, ValueError, KeyError):  # not written yet
            stored = None
        if stored is not None and _same(question, stored, value):
            return
        time.sleep(0.1)
    raise AssertionError(
        f"{question.qid}: {value!r} was not saved within {timeout_s:g} s; the file holds {stored!r}"
    )


def _same(question: Question, stored, value) -> bool:
    if question.widget_kind == "numeric":
        return abs(float(stored) - float(value)) <= question.tolerance
    return stored == question.to_store(question.normalize(value))


def _slider_text(question: Question, value: float) -> str:
    step = question.slider[2] if question.slider else 0.01
    decimals = max(0, len(f"{step:g}".partition(".")[2]))
    return f"{value:.{decimals}f}"


def check(page, question: Question, expect: str) -> str:
    """Click 检查 and return the feedback text once it shows ``expect``."""
    container = box(page, question)
    container.get_by_role("button", name="检查").click()
    feedback = container.locator(".cbec-feedback")
    feedback.filter(has_text=expect).wait_for(timeout=FEEDBACK_WAIT_MS)
    return feedback.inner_text()


def shown(page, question: Question):
    """The answer the control shows now, in the question's own terms."""
    container = box(page, question)
    kind = question.widget_kind
    if kind == "single":
        checked = [o for o in question.options if container.get_by_label(o, exact=True).is_checked()]
        return checked[0] if checked else None
    if kind == "multiple":
        return [o for o in question.options if container.get_by_label(o, exact=True).is_checked()]
    if kind == "classification":
        select = "s => s.selectedIndex < 0 ? null : s.options[s.selectedIndex].text"
        return {i: _row(page, container, i).locator("select").evaluate(select) for i in question.items}
    if kind == "written":
        return container.locator("textarea").input_value()
    return float(container.locator(".widget-readout").inner_text())


def explorer_text(page, question: Question, expect: str = "") -> str:
    """What the explorer under a slider shows once it holds ``expect`` (or any text)."""
    area = box(page, question).locator(".cbec-explore")
    area.filter(has_text=expect or None).wait_for(timeout=FEEDBACK_WAIT_MS)
    return area.inner_text()


def status(page, question: Question) -> str:
    return box(page, question).locator(".cbec-status").text_content() or ""
