"""Command line.

`python -m macros check` validates the data and prints every problem
(`--format github` prints them as GitHub Actions annotations);
`python -m macros schema` regenerates the JSON Schemas from the models (`--check` only
reports stale ones).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import report, schema
from .data.problems import DataError
from .data.site import load_site


def check(args: argparse.Namespace) -> int:
    try:
        site = load_site(args.root)
    except DataError as error:
        # Annotations go to stdout, where GitHub reads workflow commands; text to stderr.
        stream = sys.stdout if args.format == "github" else sys.stderr
        print(report.render(error.problems, args.format), file=stream)
        return 1
    sessions = sum(len(c.sessions) for c in site.classes)
    print(f"Dữ liệu hợp lệ: {len(site.topics)} chủ đề, {len(site.classes)} lớp, {sessions} buổi học.")
    return 0


def schemas(args: argparse.Namespace) -> int:
    if args.check:
        stale = schema.stale(args.root)
        for path in stale:
            print(f"{path}: lược đồ (schema) cũ so với macros/data/models.py", file=sys.stderr)
        if stale:
            print("    → Chạy: python -m macros schema (hoặc make schema), rồi commit các tệp này.", file=sys.stderr)
        return 1 if stale else 0
    changed = schema.write(args.root)
    print("\n".join(f"Đã cập nhật {path}" for path in changed) or "Các lược đồ đã đúng, không có gì thay đổi.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Công cụ dữ liệu của cổng tập huấn.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục dự án (mặc định: thư mục hiện tại)")
    commands = parser.add_subparsers(dest="command", required=True)
    checking = commands.add_parser("check", help="kiểm tra toàn bộ dữ liệu trong data/")
    checking.add_argument("--format", choices=report.FORMATS, default="text",
                          help="text: cho người đọc; github: chú thích (annotation) trên dòng lỗi trong pull request")
    checking.set_defaults(run=check)
    generating = commands.add_parser("schema", help="tạo lại các lược đồ JSON (docs/du-lieu/schema/) từ macros/data/models.py")
    generating.add_argument("--check", action="store_true", help="chỉ báo lược đồ cũ, không ghi tệp")
    generating.set_defaults(run=schemas)
    for sub in (checking, generating):  # `--root` is accepted after the command too
        sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
