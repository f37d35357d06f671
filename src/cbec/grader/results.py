"""The grades of one run, as data: what the gradebook, the feedback pages and the report read.

Saved as ``grades.json`` in the output folder (format ``cbec-grades/1``), so the report can be
rewritten, or a grade looked up, without grading again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "cbec-grades/1"

# Question statuses: those of a check (cbec.feedback.Status), plus "not_run" when no
# evidence shows the check ran: a rejected notebook, a timeout before it, a dead kernel.
NOT_RUN = "not_run"
# A written answer: saved, 0 points until the teacher's marks are merged (``cbec grade --marks``);
# then "marked", scored by the marks.
NEEDS_MARKING = "needs_marking"
MARKED = "marked"
# A notebook that the grader itself failed to grade (its kernel would not start, its template
# died): ungraded, with no score at all, never a partial one. The instructor regrades it.
GRADER_ERROR = "grader_error"


@dataclass
class QuestionInfo:
    qid: str
    points: float
    kind: str  # single / multiple / classification / numeric / value / function / plot / written
    label: str  # short Chinese title, e.g. "第 1 题"
    rubric: list[dict] | None = None  # a written question's criteria (Criterion.to_json)


@dataclass
class ExerciseInfo:
    stem: str  # e.g. "01_people_goods_place"
    lesson: str  # e.g. "L01"
    title: str
    questions: list[QuestionInfo]

    @property
    def max_score(self) -> float:
        return sum(q.points for q in self.questions)


@dataclass
class QuestionResult:
    qid: str
    points: float
    score: float
    status: str
    message: str  # public Chinese feedback; never hidden test code or inputs
    answer: Any = None  # the stored widget answer (JSON), for the report's common wrong answers
    reason: str = ""  # why it did not earn all its points, in English, for the instructor
    # A written answer's marks, one per criterion: {"criterion", "points", "comment"}.
    marks: list[dict] | None = None
    code: str = ""  # a code question's answer cell, as the learner wrote it (for the feedback page)


@dataclass
class NotebookResult:
    stem: str
    status: str  # "graded", "rejected", or GRADER_ERROR
    reason: str = ""  # plain English, for the instructor
    reason_zh: str = ""  # Chinese, for the student
    seconds: float = 0.0
    questions: list[QuestionResult] = field(default_factory=list)
    # The answers file was missing or empty, while widget or written questions need it (Chinese,
    # said once at the top of the feedback; "" otherwise).
    answers_note: str = ""

    @property
    def score(self) -> float:
        return sum(q.score for q in self.questions)


@dataclass
class StudentResult:
    student: str  # the name, as the export gives it
    source: str  # where the files came from: a folder, or a zip and its member names
    notebooks: list[NotebookResult] = field(default_factory=list)
    student_id: str = ""  # the LMS's id, else the folder's name: what identifies the student
    section: str = ""
    flags: list[str] = field(default_factory=list)  # e.g. an id that two submissions claim
    graded_at: str = ""  # when this row was graded (a regrade of others keeps it)
    roster: str = ""  # with a roster: "matched", "missing" (no submission) or "unmatched"
    late: dict | None = None  # cbec.grader.late.Lateness, when a deadline was given
    origin: str = ""  # the submissions folder (or zip) this row was graded from
    flags_zh: dict[str, str] = field(default_factory=dict)  # a flag → its Chinese, for notes_zh
    clash: list[str] = field(default_factory=list)  # rostered ids sharing the name: no page is sent

    @property
    def score(self) -> float:
        return sum(n.score for n in self.notebooks)

    @property
    def key(self) -> str:
        """What identifies the student: a regrade replaces the rows with the same key."""
        return self.student_id or self.student

    @property
    def file_label(self) -> str:
        """Name and id, where they differ: two students who share a name get two pages."""
        return self.student if self.key == self.student else f"{self.student}_{self.key}"

    @property
    def ungraded(self) -> bool:
        """A notebook the grader failed on: the student has no total until it is regraded."""
        return any(n.status == GRADER_ERROR for n in self.notebooks)


@dataclass
class ClassResults:
    exercises: list[ExerciseInfo]
    students: list[StudentResult]
    graded_at: str = ""
    sandbox: str = ""  # "on" when kernels could not see the course files; else why not
    # What this run did with written answers (not saved): the marks merged, the workspace written.
    applied: Any = field(default=None, repr=False, compare=False)
    workspace: Any = field(default=None, repr=False, compare=False)
    removed: list = field(default_factory=list, repr=False, compare=False)  # rows dropped now
    lms_late: list = field(default_factory=list, repr=False, compare=False)  # LATE-flagged, no --due

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "graded_at": self.graded_at,
            "sandbox": self.sandbox,
            "exercises": [asdict(e) for e in self.exercises],
            "students": [asdict(s) for s in self.students],
        }

    @classmethod
    def from_json(cls, content: dict[str, Any]) -> ClassResults:
        if content.get("format") != FORMAT:
            raise ValueError(f"not a grades file (format {FORMAT} expected)")
        exercises = [
            ExerciseInfo(**{**e, "questions": [QuestionInfo(**q) for q in e["questions"]]})
            for e in content["exercises"]
        ]
        students = [
            StudentResult(
                **{
                    **s,
                    "notebooks": [
                        NotebookResult(**{**n, "questions": [QuestionResult(**q) for q in n["questions"]]})
                        for n in s["notebooks"]
                    ],
                }
            )
            for s in content["students"]
        ]
        return cls(exercises, students, content.get("graded_at", ""), content.get("sandbox", ""))

    def save(self, path: Path) -> None:
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        Path(path).write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> ClassResults:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))
