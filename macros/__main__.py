"""Command line: `python -m macros check` validates the data and prints every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import DataError
from .site import load_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Công cụ dữ liệu của cổng tập huấn.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="kiểm tra toàn bộ dữ liệu trong data/")
    check.add_argument("--root", type=Path, default=Path("."), help="thư mục dự án (mặc định: thư mục hiện tại)")
    args = parser.parse_args(argv)
    try:
        site = load_site(args.root)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    sessions = sum(len(c.sessions) for c in site.classes)
    print(f"Dữ liệu hợp lệ: {len(site.topics)} chủ đề, {len(site.classes)} lớp, {sessions} buổi học.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
