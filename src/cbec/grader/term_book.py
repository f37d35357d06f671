"""The term gradebook and its report, written by ``cbec gradebook``.

``term_gradebook.csv`` (UTF-8 with BOM, cells formula-escaped): one row per student; per
exercise the points as graded, the late penalty (its own column: never folded into the points)
and the percentage after it; then the exercises dropped, the weighted total, the points it is
out of, the percentage and notes. ``term_report.html``: the distribution of each exercise and of
the term, for the instructor.
"""

from __future__ import annotations

import csv
import html
import io
import statistics
from pathlib import Path

from cbec.grader import exports
from cbec.grader.marks import safe_cell
from cbec.grader.term import Row, Term

BINS = 10  # the distributions count students per tenth of the maximum


def _number(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


def _label(stem: str) -> str:
    return stem.split("_", 1)[0]


def _late(term: Term, stem: str) -> bool:
    return any(r.parts[stem].late for r in term.rows)


def _cells(row: Row, term: Term) -> list[str]:
    cells = []
    for info in term.exercises:
        part = row.parts[info.stem]
        cells.append(_number(part.score))
        if _late(term, info.stem):
            cells.append(_number(part.penalty))
        cells.append(_number(None if part.share is None else 100 * part.share))
    return cells


def render_gradebook(term: Term) -> str:
    emails = any(r.email for r in term.rows)
    rostered = any(r.roster for r in term.rows)
    head = [
        "student_id",
        "name",
        "section",
        *(["email"] if emails else []),
        *(["status"] if rostered else []),
    ]
    for info in term.exercises:
        late = [f"{_label(info.stem)}_late_penalty"] if _late(term, info.stem) else []
        head += [f"{_label(info.stem)}_points", *late, f"{_label(info.stem)}_percent"]
    head += ["dropped", "total", "out_of", "percent", "notes"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head)
    for r in term.rows:
        ident = [r.key, r.name, r.section, *([r.email] if emails else []), *([r.roster] if rostered else [])]
        tail = [
            " ".join(_label(s) for s in r.dropped),
            _number(r.total),
            _number(r.possible),
            _number(r.percent),
        ]
        writer.writerow([safe_cell(c) for c in [*ident, *_cells(r, term), *tail, " | ".join(r.notes)]])
    return out.getvalue()


def histogram(percents: list[float]) -> list[int]:
    """Students per tenth: 0–10 %, …, 90–100 % (100 % falls in the last)."""
    counts = [0] * BINS
    for value in percents:
        counts[min(int(value // (100 / BINS)), BINS - 1)] += 1
    return counts


def _distribution(title: str, percents: list[float], extra: str) -> str:
    if not percents:
        return (
            f"<h2>{html.escape(title)}</h2><p>没有已评分的学生 / No graded students. {html.escape(extra)}</p>"
        )
    mean, median = statistics.mean(percents), statistics.median(percents)
    stats = (
        f"人数 / n = {len(percents)}；平均 / mean {mean:.1f} %；中位数 / median {median:.1f} %；"
        f"最低 / min {min(percents):.1f} %；最高 / max {max(percents):.1f} %。{extra}"
    )
    counts, top = histogram(percents), max(histogram(percents)) or 1
    bars = "".join(
        f"<tr><td>{i * 10}–{i * 10 + 10} %</td><td class='n'>{c}</td>"
        f"<td><span class='bar' style='width:{200 * c / top:.0f}px'></span></td></tr>"
        for i, c in enumerate(counts)
    )
    return f"<h2>{html.escape(title)}</h2><p>{html.escape(stats)}</p><table>{bars}</table>"


def render_report(term: Term) -> str:
    parts = []
    for info in term.exercises:
        shares = [r.parts[info.stem].share for r in term.rows]
        missing = sum(r.parts[info.stem].status == "missing" for r in term.rows)
        late = sum(bool(r.parts[info.stem].late and r.parts[info.stem].late["share"]) for r in term.rows)
        extra = (
            f"权重 / weight {term.config.weights[info.stem]:g}；未提交 / missing {missing}（记 0 分 / 0）；"
            f"迟交扣分 / with a late penalty {late}。"
        )
        title = f"{info.stem}：{info.title}（{info.max_score:g} 分 / points）"
        parts.append(_distribution(title, [100 * s for s in shares if s is not None], extra))
    totals = [r.percent for r in term.rows if r.percent is not None]
    drop = (
        f"每个学生去掉最低的 {term.config.drop_lowest} 个练习 / lowest {term.config.drop_lowest} "
        "exercise(s) dropped per student。"
        if term.config.drop_lowest
        else ""
    )
    no_total = sum(r.percent is None for r in term.rows)
    term_part = _distribution(
        "学期总评 / Term percentage",
        totals,
        f"{drop}没有总评（需重新评分）/ without a total (regrade): {no_total}。",
    )
    style = "body{font-family:sans-serif;max-width:50em;margin:2em auto}.bar{display:inline-block;height:0.8em;background:#1565c0}.n{text-align:right;padding:0 1em}"
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>学期报告 / Term report</title>"
        f"<style>{style}</style></head><body><h1>学期报告 / Term report</h1>"
        f"<p>{len(term.rows)} 名学生 / students，{len(term.exercises)} 个练习 / exercises。"
        "百分比都是迟交扣分之后的 / Percentages are after late penalties.</p>"
        f"{term_part}{''.join(parts)}</body></html>\n"
    )


def write(term: Term, out: Path, formats: list[str]) -> list[Path]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    book, report = out / "term_gradebook.csv", out / "term_report.html"
    book.write_text(render_gradebook(term), encoding="utf-8-sig")
    report.write_text(render_report(term), encoding="utf-8")
    return [book, report, *exports.write(term, out, formats)]
