"""The results of the classes held (/ket-qua/ and the results report): attendance against the
plan's expected number, and the answers of the feedback forms, per class and for the year.

Pure: counts from the data (a finished class's `results`), and the charts as data (bars with
their value and label); the SVG is drawn by a template (partials/bar_chart.html), the report's
Word file draws the same bars as shaded cells.
"""

from __future__ import annotations

from .. import urls
from ..data.models import TrainingClass
from ..data.site import Site
from ..text import date_range, vn_number
from .links import Linker

LABEL_CHARACTERS = 70  # a chart's label wraps onto lines of this length: SVG text does not wrap by itself
LINE_HEIGHT = 16
BAR_HEIGHT = 14


def wrap(text: str, width: int = LABEL_CHARACTERS) -> list[str]:
    """Lines of at most `width` characters, broken at spaces (a longer word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def laid_out(chart: dict) -> dict:
    """Each bar's label lines and where its row starts, and the chart's height: what the SVG
    template draws (partials/bar_chart.html)."""
    top, bars = 0, []
    for bar in chart["bars"]:
        lines = wrap(bar["label"])
        bars.append({**bar, "lines": lines, "top": top, "bar_top": top + len(lines) * LINE_HEIGHT + 4})
        top += len(lines) * LINE_HEIGHT + BAR_HEIGHT + 12
    return {**chart, "bars": bars, "height": top + 4}


def held(site: Site) -> list[TrainingClass]:
    """The classes whose results are recorded, in the Site's order."""
    return [cls for cls in site.classes if cls.results is not None]


def percent(part: int, whole: int) -> str:
    return f"{vn_number(100 * part / whole, 1)}%" if whole else "–"


def attendance_chart(site: Site, classes: list[TrainingClass]) -> dict:
    planned = site.plan.quantity.participants_per_class
    return laid_out({
        "id": "bieu-do-so-hoc-vien",
        "title": f"Số học viên dự từng lớp (kế hoạch: {planned} người/lớp)",
        "label_header": "Lớp",
        "unit": "Học viên dự / dự kiến",
        "max": max([planned, *(c.capacity for c in classes), *(c.results.attended for c in classes)]),
        "bars": [{"label": c.name, "value": c.results.attended, "note": f"{c.results.attended}/{c.capacity}"} for c in classes],
    })


def answer_totals(site: Site, classes: list[TrainingClass]) -> dict[str, dict[str, int]]:
    """Question id -> level id -> forms, summed over the classes."""
    totals = {q.id: {level.id: 0 for level in site.feedback.levels} for q in site.feedback.questions}
    for cls in classes:
        for question, counts in cls.results.answers.items():
            for level, count in counts.items():
                totals[question][level] += count
    return totals


def question_charts(site: Site, classes: list[TrainingClass]) -> list[dict]:
    totals = answer_totals(site, classes)
    charts = []
    for n, question in enumerate(site.feedback.questions, start=1):
        counts = totals[question.id]
        answered = sum(counts.values())
        charts.append(laid_out({
            "id": f"bieu-do-cau-{question.id}",
            "title": f"Câu {n}. {question.text} ({answered} phiếu trả lời)",
            "label_header": "Mức đánh giá",
            "unit": "Số phiếu (tỉ lệ)",
            "max": max([answered, 1]),
            "bars": [{"label": level.label, "value": counts[level.id],
                      "note": f"{counts[level.id]} ({percent(counts[level.id], answered)})"} for level in site.feedback.levels],
        }))
    return charts


def totals(site: Site, classes: list[TrainingClass]) -> dict:
    attended = sum(c.results.attended for c in classes)
    expected = sum(c.capacity for c in classes)
    forms = sum(c.results.forms_returned for c in classes)
    return {"classes": len(classes), "planned_classes": site.plan.quantity.classes, "attended": attended,
            "expected": expected, "attendance_rate": percent(attended, expected), "forms": forms,
            "forms_rate": percent(forms, attended)}


def class_rows(site: Site, classes: list[TrainingClass], link: Linker | None = None) -> list[dict]:
    return [{"id": c.id, "name": c.name, "dates": date_range(c.start_date, c.end_date),
             "url": link.to(urls.klass(c.id)) if link else None,
             "attended": c.results.attended, "expected": c.capacity, "forms": c.results.forms_returned,
             "by_union": [{"union": u.union, "attended": u.attended} for u in c.results.by_union],
             "note": c.results.note} for c in classes]


def results_view(site: Site, page: str) -> dict:
    """What /ket-qua/ shows: the year's totals, attendance per class, the answers to each question."""
    classes = held(site)
    link = Linker(page)
    return {
        "year": site.plan.date.year,
        "any": bool(classes),
        "totals": totals(site, classes),
        "classes": class_rows(site, classes, link),
        "attendance": attendance_chart(site, classes),
        "questions": question_charts(site, classes),
        "levels": [level.label for level in site.feedback.levels],
    }
