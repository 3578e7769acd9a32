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


def parse_times(text: str) -> dict[str, int]:
    """`git log --format=%x00%ct --name-only` output -> {file: time of its newest commit, in
    seconds since 1970 (UTC)}."""
    times: dict[str, int] = {}
    for block in text.split(_MARK)[1:]:
        stamp, *files = block.strip().splitlines()
        for name in filter(None, (f.strip() for f in files)):
            times.setdefault(name, int(stamp))  # git lists the newest commit first
    return times


def last_commit_times(root: Path, *paths: str) -> dict[str, int]:
    """{'data/classes/lop-1.yml': seconds} of the newest commit of every committed file under
    the paths: the same on every machine that builds the same commit. Empty without git."""
    return parse_times(_log(root, "%x00%ct", paths))


def tracked_files(root: Path, folder: Path) -> list[str]:
    """Files under folder that git tracks in the repository at root; empty without git."""
    try:
        result = subprocess.run(["git", "-c", "core.quotepath=off", "ls-files", "-z", "--", str(folder)],
                                cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(filter(None, result.stdout.split("\0"))) if result.returncode == 0 else []


def _log(root: Path, fmt: str, paths: tuple[str, ...]) -> str:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--relative", f"--format={fmt}", "--name-only", "--", *paths],
            cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout if result.returncode == 0 else ""


def last_commit_dates(root: Path, folder: str) -> dict[str, date]:
    """{'data/classes/lop-1.yml': date} for every committed file under root/folder.

    Empty when git is missing or root is not in a repository (a copy of the data, an
    unpacked archive): callers then show a date taken from the data itself.
    """
    return parse_log(_log(root, "%x00%cs", (folder,)))


def head_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the commit being built (HEAD), or None without git history."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    found = result.stdout.strip()
    return int(found) if result.returncode == 0 and found.isdigit() else None
