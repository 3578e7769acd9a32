"""Problems found in the data, and how they are shown to the people who fix them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR, WARNING, NOTE = "error", "warning", "notice"  # GitHub's annotation levels
SEVERITY_WORDS = {WARNING: "cảnh báo", NOTE: "ghi chú"}

Loc = tuple  # where a value sits in a file: ("sessions", 3, "topic"), as pydantic says it


def field_label(loc: Loc) -> str:
    """('sessions', 3, 'topic') -> 'sessions[3].topic'."""
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += f".{part}" if label else str(part)
    return label


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR  # a warning or a note does not stop the build

    def render(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}:"
        if self.severity != ERROR:
            where += f" {SEVERITY_WORDS[self.severity]}:"
        head = f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"
        return f"{head}\n    → {self.hint}" if self.hint else head

    def as_(self, severity: str) -> "Problem":
        # Made directly: dataclasses.replace looks through the fields each time, and every
        # draft's note is made this way.
        return Problem(self.file, self.line, self.column, self.field, self.message, self.hint, severity)


class DataError(Exception):
    """The data cannot make a site; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(sorted(set(problems)))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.render() for p in self.problems]
        files = {p.file for p in self.problems}
        lines.append(f"{len(self.problems)} lỗi trong {len(files)} tệp")
        return "\n".join(lines)
