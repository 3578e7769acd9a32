"""Command line.

`python -m macros check` validates the data and prints every problem
(`--format github` prints them as GitHub Actions annotations);
`python -m macros schema` regenerates the JSON Schemas from the models (`--check` only
reports stale ones); `python -m macros preview DIR` turns a copy of the built site into the
pull-request preview that opens from the file system (build/preview.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from .build.preview import make_preview
from .data import report, schema
from .data.approve import Approval, approve
from .data.problems import DataError
from .data.site import load_site


def check(args: argparse.Namespace) -> int:
    try:
        site = load_site(args.root, environ=os.environ)
    except DataError as error:
        # Annotations go to stdout, where GitHub reads workflow commands; text to stderr.
        stream = sys.stdout if args.format == "github" else sys.stderr
        print(report.render(error.problems, args.format), file=stream)
        return 1
    noticed = report.render_notices(site.notices, args.format)
    if noticed:
        print(noticed)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(report.summary_markdown(site.notices, site.today.describe()))
    sessions = sum(len(c.sessions) for c in site.classes)
    print(site.today.describe())
    print(f"Dữ liệu hợp lệ: {len(site.topics)} chuyên đề, {len(site.classes)} lớp, {sessions} buổi học.")
    return 0


def approving(args: argparse.Namespace) -> int:
    file = Path(args.file).as_posix().removeprefix("./")
    try:
        on = date.fromisoformat(args.on)
    except ValueError:
        print(f"{file}: ngày duyệt không hợp lệ '{args.on}'\n    → Viết ngày dạng YYYY-MM-DD, ví dụ: 2026-11-20.", file=sys.stderr)
        return 1
    try:
        item = approve(args.root, Approval(file, args.id, args.by, on), os.environ)
    except DataError as error:
        print(report.render(error.problems), file=sys.stderr)
        return 1
    print(f"Đã ghi duyệt: {file} ({item.record.key}), {args.by}, ngày {on.isoformat()}.")
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


def previewing(args: argparse.Namespace) -> int:
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: chưa có trang đã xây dựng ở đây\n    → Chạy make build trước, rồi make preview.", file=sys.stderr)
        return 1
    pages = make_preview(args.site)
    print(f"Bản xem trước: {pages} trang trong {args.site}/; mở bằng cách bấm đúp {args.site}/index.html.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Công cụ dữ liệu của cổng tập huấn.")
    parser.add_argument("--root", type=Path, default=Path("."), help="thư mục dự án (mặc định: thư mục hiện tại)")
    commands = parser.add_subparsers(dest="command", required=True)
    checking = commands.add_parser("check", help="kiểm tra toàn bộ dữ liệu trong data/")
    checking.add_argument("--format", choices=report.FORMATS, default="text",
                          help="text: cho người đọc; github: chú thích (annotation) trên dòng lỗi trong pull request")
    checking.add_argument("--summary", type=Path, help="ghi thêm danh sách nội dung chưa duyệt (Markdown) vào tệp này, ví dụ $GITHUB_STEP_SUMMARY")
    checking.set_defaults(run=check)
    approval = commands.add_parser("approve", help="ghi việc duyệt một bản ghi (vai trò, ngày, dấu vân tay nội dung)")
    approval.add_argument("file", help="tệp dữ liệu, ví dụ: data/topics/nu-cong.yml")
    approval.add_argument("--id", help="mã bản ghi, khi tệp có nhiều bản ghi (data/lecturers.yml…)")
    approval.add_argument("--by", required=True, help="mã vai trò duyệt trong data/roles.yml, ví dụ: ban-thuong-vu")
    approval.add_argument("--on", required=True, help="ngày duyệt, dạng YYYY-MM-DD")
    approval.set_defaults(run=approving)
    generating = commands.add_parser("schema", help="tạo lại các lược đồ JSON (docs/du-lieu/schema/) từ macros/data/models.py")
    generating.add_argument("--check", action="store_true", help="chỉ báo lược đồ cũ, không ghi tệp")
    generating.set_defaults(run=schemas)
    preview = commands.add_parser("preview", help="biến một bản sao của site/ thành bản xem trước mở được bằng cách bấm đúp index.html")
    preview.add_argument("site", type=Path, help="thư mục bản sao, ví dụ: site-preview")
    preview.set_defaults(run=previewing)
    for sub in (checking, approval, generating):  # `--root` is accepted after the command too
        sub.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
