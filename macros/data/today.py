"""The build's "today": a date in Vietnam's time zone that never comes from the clock.

SOURCE_DATE_EPOCH when it is set (the daily rebuild sets it to that day), else the date of
the commit being built, else, for a copy of the data with no git history, the newest date
the data itself names. The same inputs, this date among them, give the same site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Mapping, Optional
from zoneinfo import ZoneInfo

from ..text import short_date
from . import history

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# Where the date came from, as the build's log says it.
SOURCES = {
    "epoch": "SOURCE_DATE_EPOCH",
    "git": "ngày của commit đang xây dựng",
    "data": "không có lịch sử git: ngày mới nhất ghi trong dữ liệu",
}


@dataclass(frozen=True)
class BuildDay:
    date: Optional[date]  # None only when the data names no date at all (no plan)
    source: str  # a key of SOURCES

    def describe(self) -> str:
        return f"Ngày xây dựng: {short_date(self.date)} ({SOURCES[self.source]})"


def local_date(epoch: int) -> date:
    return datetime.fromtimestamp(epoch, ZONE).date()


def build_day(root: Path, environ: Mapping[str, str], data_dates: Iterable[date]) -> BuildDay:
    """`data_dates`: every date the data names, for a copy with no git history."""
    epoch = _epoch(environ.get("SOURCE_DATE_EPOCH"))
    if epoch is not None:
        return BuildDay(local_date(epoch), "epoch")
    committed = history.head_commit_time(root)
    if committed is not None:
        return BuildDay(local_date(committed), "git")
    return BuildDay(max(data_dates, default=None), "data")


def _epoch(text: Optional[str]) -> Optional[int]:
    return int(text) if text and text.strip().isdigit() else None
