"""When each data file last changed, read from git history: never from the wall clock.

The date of a file's last commit is the same on every machine that builds that commit,
so the "last updated" line on a page is reproducible. CI clones with full history
(`fetch-depth: 0`); a shallow clone would date every file to its single commit.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

_MARK = "\x00"  # what %x00 prints: no file name contains it


def parse_log(text: str) -> dict[str, date]:
    """`git log --format=%x00%cs --name-only` output -> {file: date of its newest commit}."""
    dates: dict[str, date] = {}
    for block in text.split(_MARK)[1:]:
        day, *files = block.strip().splitlines()
        for name in filter(None, (f.strip() for f in files)):
            dates.setdefault(name, date.fromisoformat(day))  # git lists the newest commit first
    return dates


def last_commit_dates(root: Path, folder: str) -> dict[str, date]:
    """{'data/classes/lop-1.yml': date} for every committed file under root/folder.

    Empty when git is missing or root is not in a repository (a copy of the data, an
    unpacked archive): callers then show a date taken from the data itself.
    """
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--relative", "--format=%x00%cs", "--name-only", "--", folder],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    return parse_log(result.stdout) if result.returncode == 0 else {}


def head_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the commit being built (HEAD), or None without git history."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    found = result.stdout.strip()
    return int(found) if result.returncode == 0 and found.isdigit() else None
