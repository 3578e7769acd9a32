"""Problem reports in the formats the check prints: plain text, or GitHub Actions annotations.

An annotation line (`::error file=…,line=…,col=…,title=…::message`) makes GitHub show the
message on that line of the pull request's "Files changed" view. Escaping follows
GitHub's workflow-command rules (actions/toolkit `escapeData` / `escapeProperty`).
"""

from __future__ import annotations

from typing import Iterable

from .problems import ERROR, NOTE, WARNING, DataError, Problem

FORMATS = ("text", "github")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


TITLES = {ERROR: "Lỗi dữ liệu", WARNING: "Cảnh báo dữ liệu", NOTE: "Ghi chú dữ liệu"}


def github_annotation(problem: Problem) -> str:
    title = f"{TITLES[problem.severity]}: {problem.field}" if problem.field else TITLES[problem.severity]
    message = f"{problem.message}\n→ {problem.hint}" if problem.hint else problem.message
    properties = ",".join((
        f"file={escape_property(problem.file)}",
        f"line={problem.line}",
        f"col={problem.column}",
        f"title={escape_property(title)}",
    ))
    return f"::{problem.severity} {properties}::{escape_data(message)}"


def render(problems: Iterable[Problem], fmt: str = "text") -> str:
    """Every problem, then the summary line 'N lỗi trong M tệp'."""
    error = DataError(problems)
    if fmt == "text":
        return error.report()
    summary = error.report().rsplit("\n", 1)[-1]
    return "\n".join([*(github_annotation(p) for p in error.problems), summary])


def render_notices(notices: Iterable[Problem], fmt: str = "text") -> str:
    """Warnings and notes, then the line that counts them; '' when there are none."""
    notices = sorted(notices)
    if not notices:
        return ""
    lines = [github_annotation(p) if fmt == "github" else p.render() for p in notices]
    warnings = sum(p.severity == WARNING for p in notices)
    lines.append(f"{warnings} cảnh báo, {len(notices) - warnings} ghi chú (không chặn việc xây dựng trang)")
    return "\n".join(lines)


def summary_markdown(notices: Iterable[Problem], day: str) -> str:
    """For the pull request's job summary: what is still unapproved, and what to look at."""
    notices = sorted(notices)
    lines = ["## Nội dung chưa được duyệt và cảnh báo", "", day, ""]
    if not notices:
        return "\n".join([*lines, "Mọi nội dung đã được duyệt; không có cảnh báo.", ""])
    lines += ["| Tệp | Loại | Trường | Nội dung |", "|---|---|---|---|"]
    for p in notices:
        cells = (f"`{p.file}:{p.line}`", TITLES[p.severity], f"`{p.field}`" if p.field else "", p.message)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join([*lines, ""])
