"""Late submissions: the due time, when each student handed in, and the penalty a policy gives.

The due time is given with a time zone (``--timezone``, default Asia/Shanghai, read with ``zoneinfo``);
a time without an offset is read in that zone. Submission times come from ``--submitted-at
times.csv`` (columns ``student_id, submitted_at``); Canvas also marks a late file ``_LATE_`` in
its name. A late submission whose time is unknown is charged as late by one unit of the policy
(any lateness is at least that) and the note says so.

A policy is ``zero`` (a late submission scores 0), ``none`` (the default: lateness is shown,
nothing taken) or a rate per day or per hour with an optional
cap: ``10%/day, max 50%``. Every started day counts: one second late is one day late. The penalty
is a share of the points the student earned, and the gradebook shows it in a column of its own,
beside the score before it and the total after it.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cbec.grader.roster import RosterError, read_table

DEFAULT_TZ = "Asia/Shanghai"
UNITS = {"day": 86400, "hour": 3600}
RATE = re.compile(
    r"^(?P<rate>\d+(?:\.\d+)?)\s*%\s*(?:/|per)\s*(?P<unit>day|hour)s?(?:\s*,?\s*max\s+(?P<cap>\d+(?:\.\d+)?)\s*%?)?$"
)


class LateError(ValueError):
    """A due time, time zone, policy or times file that cannot be used; the message says why."""


@dataclass(frozen=True)
class Policy:
    rate: float  # share of the earned points per unit late, 0..1
    unit: str  # "day" or "hour"
    cap: float  # the largest share taken, 0..1
    text: str

    def units_late(self, seconds: float) -> int:
        """Every started unit counts: one second late is one day late."""
        return math.ceil(seconds / UNITS[self.unit]) if seconds > 0 else 0

    def share(self, seconds: float) -> float:
        return min(self.rate * self.units_late(seconds), self.cap)

    def describe(self) -> str:
        """The policy as the grader understood it, whatever the spelling it was given in."""
        if self.text == "zero":
            return "zero (a late submission scores 0)"
        if self.text == "none":
            return "none (lateness is shown, nothing is taken)"
        cap = f", at most {self.cap:.0%}" if self.cap < 1 else ""
        return f"{self.rate:.0%} per started {self.unit}{cap}"


def parse_policy(text: str) -> Policy:
    """``zero``, or ``R%/day`` / ``R%/hour`` with an optional ``, max C%``."""
    cleaned = " ".join(text.strip().lower().split())
    if cleaned == "zero":
        return Policy(1.0, "day", 1.0, "zero")
    if cleaned == "none":  # lateness is shown, nothing is taken
        return Policy(0.0, "day", 0.0, "none")
    found = RATE.match(cleaned)
    if not found:
        raise LateError(
            f"--late-policy {text!r} is not understood; write for example '10%/day, max 50%', "
            "'5%/hour', 'zero' or 'none'"
        )
    rate, cap = float(found["rate"]) / 100, float(found["cap"] or 100) / 100
    if rate <= 0 or rate > 1 or cap <= 0 or cap > 1:
        raise LateError(f"--late-policy {text!r}: the rate and the cap must be above 0% and at most 100%")
    return Policy(rate, found["unit"], cap, cleaned)


def zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise LateError(
            f"--timezone {name!r} is not a known time zone (for example Asia/Shanghai or UTC)"
        ) from err


DATE_ONLY = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}$")


def parse_time(text: str, tz: tzinfo, what: str) -> datetime:
    """An ISO 8601 time (``2026-03-01 23:59``, ``2026-03-01T23:59:00+08:00``); no offset: ``tz``.

    A date without a time is refused: "due 1 March" means the end of that day to a student, and
    Python would read it as its first second."""
    cleaned = text.strip().replace("Z", "+00:00")
    if DATE_ONLY.match(cleaned):
        raise LateError(f"{what} {text!r} has no time; write for example '{cleaned} 23:59'")
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        moment = _excel_time(cleaned)
    if moment is None:
        raise LateError(f"{what} {text!r} is not a date and time such as 2026-03-01 23:59")
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _excel_time(text: str) -> datetime | None:
    """Excel on a Chinese system writes times as 2026/3/1 23:59."""
    for layout in ("%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S"):
        try:
            return datetime.strptime(text, layout)
        except ValueError:
            continue
    return None


def read_times(path: Path, tz: tzinfo) -> dict[str, datetime]:
    """student id → submission time, from a CSV with ``student_id, submitted_at``."""
    try:
        rows = read_table(
            path, ("student_id", "submitted_at", "name"), ("student_id", "submitted_at"), "times"
        )
    except RosterError as err:
        raise LateError(str(err)) from err
    times: dict[str, datetime] = {}
    lines: dict[str, list[int]] = {}
    for row in rows:
        where = f"--submitted-at {path}: line {row['line']}:"
        if not row.get("student_id") or not row.get("submitted_at"):
            raise LateError(f"{where} needs a student_id and a submitted_at")
        times[row["student_id"]] = parse_time(row["submitted_at"], tz, f"{where} submitted_at")
        lines.setdefault(row["student_id"], []).append(row["line"])
    # A resubmission log lists a student twice; which time counts is the instructor's call.
    repeated = {sid: found for sid, found in lines.items() if len(found) > 1}
    if repeated:
        listed = "; ".join(f"{sid} on lines {', '.join(map(str, found))}" for sid, found in repeated.items())
        raise LateError(
            f"--submitted-at {path}: students listed more than once: {listed}; keep one row per student "
            "(the time that counts)"
        )
    return times


@dataclass
class Lateness:
    submitted_at: str  # ISO 8601 in the course's zone; "" when unknown
    seconds_late: float  # 0 when on time or unknown
    units_late: int  # days (or hours) the policy counts
    share: float  # of the earned points, 0..1
    flagged: bool  # the LMS marked it late
    policy: str
    unit: str = "day"
    note: str = ""  # English, for the instructor
    due: str = ""  # the deadline, ISO 8601 in the course's zone (shown on the feedback page)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LateRule:
    """What ``cbec grade`` was told about deadlines: the due time, the policy, known times."""

    due: datetime
    policy: Policy
    times: dict[str, datetime]

    def assess(self, student_id: str, flagged: bool) -> Lateness | None:
        """How late one submission is and what it costs; None when nothing says it is late or when."""
        when = self.times.get(student_id)
        if when is None:
            if not flagged:
                return None
            unit = UNITS[self.policy.unit]
            note = f"the LMS marks it late but gives no time: charged as 1 {self.policy.unit} late"
            share = self.policy.share(unit)
            return Lateness(
                "", 0.0, 1, share, True, self.policy.text, self.policy.unit, note, self.due.isoformat()
            )
        seconds = (when - self.due).total_seconds()
        local = when.astimezone(self.due.tzinfo).isoformat()
        units = self.policy.units_late(seconds)
        share = self.policy.share(seconds)
        return Lateness(
            local,
            max(seconds, 0.0),
            units,
            share,
            flagged,
            self.policy.text,
            self.policy.unit,
            "",
            self.due.isoformat(),
        )


def make_rule(
    due: str | None, policy: str | None, times: Path | None, tz_name: str = DEFAULT_TZ
) -> LateRule | None:
    """The rule from the command's options; None when no due time is given. A policy or times
    file without a due time is refused: lateness has nothing to be measured against."""
    if due is None:
        if policy or times:
            raise LateError("--late-policy and --submitted-at need --due (the deadline)")
        return None
    tz = zone(tz_name)
    return LateRule(
        parse_time(due, tz, "--due"),
        parse_policy(policy or "none"),
        read_times(times, tz) if times else {},
    )


def describe_due(due: datetime) -> str:
    """The deadline as the grader understood it: 2026-03-01 23:59:00 Asia/Shanghai (UTC+08:00)."""
    offset = due.strftime("%z")
    name = getattr(due.tzinfo, "key", "")
    return f"{due:%Y-%m-%d %H:%M:%S}{' ' + name if name else ''} (UTC{offset[:3]}:{offset[3:]})"


def penalty(score: float, late: dict | None) -> float:
    """Points a late submission loses: its share of what it earned."""
    return round(score * late["share"], 4) if late else 0.0


def late_by(late: dict) -> str:
    """How late, for a gradebook cell: exact seconds and the started days (or hours) charged."""
    if not late["submitted_at"]:
        return f"unknown (LMS late flag; charged {late['units_late']} {late['unit']})"
    if late["seconds_late"] <= 0:
        return "on time"
    unit = late["unit"] + ("s" if late["units_late"] != 1 else "")
    return f"{duration(late['seconds_late'])} (charged {late['units_late']} {unit})"


def duration(seconds: float) -> str:
    """3 d 8 h 16 min: seconds only under an hour (grades.json keeps the exact seconds)."""
    whole = math.ceil(seconds)
    parts = [(whole // 86400, "d"), (whole % 86400 // 3600, "h"), (whole % 3600 // 60, "min")]
    if whole < 3600:
        parts.append((whole % 60, "s"))
    return " ".join(f"{n} {u}" for n, u in parts if n) or "0 s"
