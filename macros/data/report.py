"""Problem reports in the formats the check prints: plain text, or GitHub Actions annotations.

An annotation line (`::error file=…,line=…,col=…,title=…::message`) makes GitHub show the
message on that line of the pull request's "Files changed" view. Escaping follows
GitHub's workflow-command rules (actions/toolkit `escapeData` / `escapeProperty`).
"""

from __future__ import annotations

from typing import Iterable

from .problems import DataError, Problem

FORMATS = ("text", "github")


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    title = f"Lỗi dữ liệu: {problem.field}" if problem.field else "Lỗi dữ liệu"
    message = f"{problem.message}\n→ {problem.hint}" if problem.hint else problem.message
    properties = ",".join((
        f"file={escape_property(problem.file)}",
        f"line={problem.line}",
        f"col={problem.column}",
        f"title={escape_property(title)}",
    ))
    return f"::error {properties}::{escape_data(message)}"


def render(problems: Iterable[Problem], fmt: str = "text") -> str:
    """Every problem, then the summary line 'N lỗi trong M tệp'."""
    error = DataError(problems)
    if fmt == "text":
        return error.report()
    summary = error.report().rsplit("\n", 1)[-1]
    return "\n".join([*(github_annotation(p) for p in error.problems), summary])
