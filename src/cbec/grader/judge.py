"""The authoritative checks: the grader judges what each probe reported, with the full key.

This runs in the grader's own process, never in a learner's kernel. A question earns its
points only on positive evidence: its probe cell ran and passed under nbval, it reported an
answer stamped with this run's nonce, and the question bank (with its hidden tests) judged that
answer correct. Anything less scores 0, with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from cbec.answer_codec import CodecError, Unsupported, decode
from cbec.feedback import Feedback, Status
from cbec.grader.precheck import NoAnswers, Problem
from cbec.grader.results import NOT_RUN, QuestionResult
from cbec.questions.base import NOT_ANSWERED
from cbec.questions.code import CallOutcome


@dataclass
class Job:
    """One notebook to grade: whose it is, where its assembled copy is, and how to judge it."""

    student: str
    stem: str
    bank: ModuleType
    notebook: Path
    nonce: str
    store_problem: Problem | None = None
    stored: dict[str, Any] = field(default_factory=dict)  # widget answers, from the submitted store
    notes: list[str] = field(default_factory=list)


def read_records(folder: Path) -> dict[str, list[dict]]:
    """Every cell record the plugin wrote, grouped by notebook path and sorted by cell."""
    by_notebook: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_notebook.setdefault(record["notebook"], []).append(record)
    for records in by_notebook.values():
        records.sort(key=lambda r: r["cell"])
    return by_notebook


# -- why a probe did not run ----------------------------------------------------------------
# How the plugin's messages name the failures that end a notebook's run (nbval's own timeout
# message says "Timeout"; the plugin's deadline says "time limit").
KERNEL_DIED, OUTPUT_CAP, TIMEOUTS = "KernelDiedError", "MB of output", ("Timeout", "time limit")


def _stops_the_run(record: dict) -> bool:
    message = record.get("message", "")
    return record["when"] == "setup" or any(key in message for key in (KERNEL_DIED, OUTPUT_CAP, *TIMEOUTS))


def failure_cause(record: dict) -> Problem:
    """What stopped a cell, in both languages."""
    head = record.get("source_head", "")
    cell = f"“{head}”" if head else f"#{record['cell'] + 1}"
    message, ename = record.get("message", ""), record.get("ename", "")
    if record["when"] == "setup":
        return Problem("the kernel could not start", "评分内核没有启动成功，请告诉老师。")
    if KERNEL_DIED in message:
        return Problem(
            f"the kernel died in the cell {cell} (os._exit, a crash or out of memory)",
            f"运行单元格 {cell} 时内核退出了（例如调用了 os._exit、程序崩溃或内存耗尽），后面的检查无法运行。",
        )
    if OUTPUT_CAP in message:
        return Problem(
            f"the cell {cell} printed too much output",
            f"单元格 {cell} 输出的内容太多（超过 20 MB），评分在那里停止了。",
        )
    if any(key in message for key in TIMEOUTS):
        return Problem(
            f"the cell {cell} exceeded the time limit (an endless loop?)",
            f"单元格 {cell} 超过了时间限制，可能有死循环。",
        )
    if ename == "StdinNotImplementedError":
        return Problem(
            f"the cell {cell} called input()",
            f"单元格 {cell} 调用了 input()：评分时没有人能输入，请把输入直接写在代码里。",
        )
    if ename == "MemoryError":
        return Problem(
            f"the cell {cell} ran out of memory (over the grading limit)",
            f"单元格 {cell} 用了太多内存，超过了评分时的上限：检查是否生成了过大的表格或列表。",
        )
    what = f"{ename}: {record.get('evalue', '')}".strip(": ") or message
    return Problem(f"the cell {cell} raised {what[:120]}", f"单元格 {cell} 出错：{what[:120]}")


def _first_stop(records: list[dict]) -> Problem | None:
    for record in records:
        if record["outcome"] == "failed" and not record.get("probe") and _stops_the_run(record):
            return failure_cause(record)
    return None


def cell_errors(records: list[dict]) -> list[Problem]:
    """Learner cells that raised an error (grading went on after them)."""
    return [
        failure_cause(r)
        for r in records
        if r["outcome"] == "failed"
        and not r.get("probe")
        and "Kernel dead on test start" not in r.get("message", "")
    ]


# -- judging one reported answer --------------------------------------------------------------
def _not_run(question, cause: Problem) -> QuestionResult:
    return QuestionResult(
        question.qid,
        question.points,
        0.0,
        NOT_RUN,
        f"检查没有运行：{cause.reason_zh}",
        reason=f"not run: {cause.reason}" if cause.reason else "not run",
    )


def _result(question, feedback: Feedback, answer: Any = None, reason: str = "") -> QuestionResult:
    score = float(question.points) * feedback.earned
    return QuestionResult(
        question.qid, question.points, score, feedback.status.value, feedback.message, answer, reason
    )


def _missing_variable(question, error: str) -> Feedback | None:
    if error.startswith("NameError"):
        return Feedback(
            question.qid,
            Status.NOT_ATTEMPTED,
            f"没有找到你的答案（{error}）：作答单元格被删除了、改了变量名，或者没有运行成功。",
        )
    return None


def judge_stored(question, stored: dict[str, Any], store_problem: Problem | None) -> QuestionResult:
    """A widget answer, as the learner submitted it in the answer store."""
    answer = stored.get(question.qid, NOT_ANSWERED)
    feedback = question.evaluate(answer)
    if isinstance(store_problem, NoAnswers) and answer is NOT_ANSWERED:
        # "answer in the widget above" would wrong a learner who did, and forgot only the file
        feedback = Feedback(question.qid, feedback.status, store_problem.pointer_zh)
    elif store_problem and answer is NOT_ANSWERED:
        feedback = Feedback(question.qid, feedback.status, f"{store_problem.reason_zh} {feedback.message}")
    return _result(question, feedback, None if answer is NOT_ANSWERED else answer)


def judge_value(question, evidence: dict) -> QuestionResult:
    if "error" in evidence:
        feedback = _missing_variable(question, evidence["error"]) or Feedback(
            question.qid, Status.ERROR, f"取你的答案时出错：{evidence['error']}"
        )
        return _result(question, feedback)
    if "too_large" in evidence:
        return _result(
            question, Feedback(question.qid, Status.INVALID, "答案太大，无法评分：检查是不是交了整张原始表。")
        )
    answer = decode(evidence.get("answer"))
    if isinstance(answer, Unsupported):
        return _result(
            question, Feedback(question.qid, Status.INVALID, f"答案的类型 {answer.type_name} 无法评分。")
        )
    return _result(question, question.evaluate(answer))


def _outcomes(items: list[dict]) -> list[CallOutcome]:
    return [
        CallOutcome(error=str(i["error"])) if "error" in i else CallOutcome(value=decode(i.get("value")))
        for i in items
    ]


def judge_function(question, evidence: dict) -> QuestionResult:
    if "error" in evidence:
        return judge_value(question, evidence)
    if not evidence.get("callable"):
        return _result(
            question,
            Feedback(question.qid, Status.INVALID, "需要一个函数（用 def 定义的名字），你交回的不是函数。"),
        )
    if evidence.get("stub"):
        return _result(
            question, Feedback(question.qid, Status.NOT_ATTEMPTED, question.not_attempted_message())
        )
    outcomes = evidence.get("outcomes", {})
    public, hidden = _outcomes(outcomes.get("public", [])), _outcomes(outcomes.get("hidden", []))
    name = evidence.get("name") or "函数"
    feedback = question.judge_outcomes(public, hidden, name=name)
    reason = ""
    if not feedback.passed and hidden and question.judge_outcomes(public, name=name).passed:
        reason = "passed the public cases, failed hidden cases"
    return _result(question, feedback, reason=reason)


# A plot question's outcomes are chart summaries; its bank judges them as a function's outcomes.
JUDGES = {"value": judge_value, "function": judge_function, "plot": judge_function}


def judge_question(question, kind: str, evidence: dict) -> QuestionResult:
    try:
        return JUDGES[kind](question, evidence)
    except (CodecError, ValueError, TypeError, KeyError, AttributeError) as err:
        # Malformed evidence (a probe that was tampered with): nothing proves the answer right.
        return _result(
            question,
            Feedback(question.qid, Status.ERROR, f"交回的答案数据不完整，无法评分（{type(err).__name__}）。"),
        )


def judge_notebook(job: Job, records: list[dict], kinds: dict[str, str]) -> list[QuestionResult]:
    """One result per question of the exercise, in the bank's order."""
    stop = _first_stop(records)
    probes = {r["probe"]: r for r in records if r.get("probe")}
    results = []
    for qid, question in job.bank.exercise.questions.items():
        if kinds[qid] == "stored":
            results.append(judge_stored(question, job.stored, job.store_problem))
            continue
        record = probes.get(qid)
        if record is None or record["outcome"] != "passed":
            cause = stop or (
                failure_cause(record)
                if record
                else Problem("grading stopped before this question", "评分在这道题之前就停止了。")
            )
            results.append(_not_run(question, cause))
            continue
        evidence = [
            e for e in record.get("evidence", []) if e.get("nonce") == job.nonce and e.get("qid") == qid
        ]
        if not evidence:
            results.append(
                _not_run(
                    question,
                    Problem(
                        "its check ran but reported no answer: earlier code rewrote or disabled it (tampering?)",
                        "检查单元格运行了，却没有交回答案：之前的代码可能改写或禁用了后面的单元格。",
                    ),
                )
            )
            continue
        results.append(judge_question(question, kinds[qid], evidence[0]))
    return results
