"""The answer store: a JSON file beside the notebook that keeps every widget answer.

Widgets live in the browser and vanish with the kernel, so each answer is written here the
moment it changes. A new kernel, a reopened notebook or the grader's headless run reads it back.

- One file per exercise notebook: ``<stem>.answers.json``, UTF-8.
- Writes are atomic (temporary file, fsync, rename), so a crash never leaves half a file.
- Each write re-reads the file first and changes one answer, under a lock on the folder, so
  two open copies of the same notebook do not erase each other's answers.
- A file that cannot be read is reported and never overwritten: nothing is lost.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

FORMAT = "cbec-answers/1"
SUFFIX = ".answers.json"


class AnswerStoreError(RuntimeError):
    """The store exists but cannot be used. The file is left exactly as it was."""


try:  # POSIX advisory locks; Windows has none, and there the re-read alone narrows the race.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None


@contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` itself: no lock file left beside the notebook."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def store_path(folder: Path, stem: str) -> Path:
    return Path(folder) / f"{stem}{SUFFIX}"


class AnswerStore:
    def __init__(self, path: Path, exercise: str):
        self.path = Path(path)
        self.exercise = exercise

    def _corrupt(self, reason: str) -> AnswerStoreError:
        return AnswerStoreError(
            f"答案文件 {self.path.name} 无法读取：{reason}。"
            "为了不丢失任何内容，这个文件没有被改动，新的答案暂时不会保存。"
            f"请把它改名（例如 {self.path.name}.bak）后重新运行本单元，并把旧文件交给老师查看。"
        )

    def read(self) -> dict[str, Any]:
        """All answers, keyed by question id. An absent file means no answers yet."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (UnicodeDecodeError, OSError) as err:
            raise self._corrupt(f"不是 UTF-8 文本（{type(err).__name__}）") from err
        try:
            content = json.loads(text)
        except json.JSONDecodeError as err:
            raise self._corrupt(f"JSON 格式错误，第 {err.lineno} 行第 {err.colno} 列") from err
        return self._answers_in(content)

    def _answers_in(self, content: object) -> dict[str, Any]:
        if not isinstance(content, dict) or content.get("format") != FORMAT:
            raise self._corrupt(f"不是本课程的答案文件（缺少 format: {FORMAT}）")
        if content.get("exercise") != self.exercise:
            raise self._corrupt(f"它属于练习 {content.get('exercise')!r}，不是 {self.exercise}")
        answers = content.get("answers")
        if not isinstance(answers, dict) or not all(
            isinstance(entry, dict) and "value" in entry for entry in answers.values()
        ):
            raise self._corrupt("answers 部分的结构不对")
        return {qid: entry["value"] for qid, entry in answers.items()}

    def save(self, qid: str, value: Any) -> None:
        """Record one answer; the other answers in the file are kept as they are on disk."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _folder_lock(self.path.parent):
            answers = self.read()  # raises, and so writes nothing, when the file is unreadable
            answers[qid] = value
            self._write(answers)

    def _write(self, answers: dict[str, Any]) -> None:
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        content = {
            "format": FORMAT,
            "exercise": self.exercise,
            "saved_at": now,
            "answers": {qid: {"value": answers[qid]} for qid in sorted(answers)},
        }
        text = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
