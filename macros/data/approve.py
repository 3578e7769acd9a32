"""Record an approval in a data file: who approved, when, and a fingerprint of each field.

`python -m macros approve FILE [--id ID] --by ROLE --on DATE` (or `make approve`) writes the
record's `review:` block in place, so nobody copies digests by hand; every other line of the
file, comments included, stays as it was. The data is validated before and after: an
approval is never written into data that does not load, nor left behind if it breaks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping, Optional

from .load import Located
from .models import Reviewed
from .problems import DataError, Problem
from .site import load_site, read_records


@dataclass(frozen=True)
class Approval:
    file: str  # from the project root: data/topics/nu-cong.yml
    record_id: Optional[str]  # for a file that lists several records
    by: str
    on: date


def approve(root: Path, approval: Approval, environ: Mapping[str, str]) -> Located[Reviewed]:
    """Write the approval; raises DataError (every problem, located) and leaves the file as it was."""
    load_site(root, environ=environ)  # the data as it stands must be valid
    item = _find(root, approval)
    path = root / approval.file
    before = path.read_text(encoding="utf-8")
    path.write_text(with_review(before, item, approval), encoding="utf-8")
    try:
        load_site(root, environ=environ)
    except DataError:
        path.write_text(before, encoding="utf-8")
        raise
    return item


def _find(root: Path, approval: Approval) -> Located[Reviewed]:
    records, _ = read_records(root)
    found = [item for item in records.reviewed() if item.file == approval.file]
    if approval.record_id is not None:
        found = [item for item in found if item.record.key == approval.record_id]
    if len(found) == 1:
        return found[0]
    ids = ", ".join(item.record.key for item in found)
    said = (f"tệp có {len(found)} bản ghi ({ids}): ghi mã bản ghi cần duyệt" if found else
            "không có bản ghi nào cần duyệt khớp với tệp và mã đã ghi")
    raise DataError([Problem(approval.file, 1, 1, "", said, "Ví dụ: make approve FILE=data/lecturers.yml ID=bcv-uy-ban-kiem-tra BY=ban-thuong-vu ON=2026-11-20")])


def review_lines(item: Located[Reviewed], approval: Approval, indent: str) -> list[str]:
    lines = [f"{indent}review:\n", f"{indent}  state: approved\n", f"{indent}  by: {approval.by}\n",
             f"{indent}  on: {approval.on.isoformat()}\n",
             f"{indent}  content:  # dấu vân tay của từng trường lúc duyệt: do make approve ghi, đừng sửa tay\n"]
    lines += [f"{indent}    {name}: \"{digest}\"\n" for name, digest in item.record.content_digests().items()]
    return lines


def with_review(text: str, item: Located[Reviewed], approval: Approval) -> str:
    """The file's text with the record's review block replaced (or added at the record's end)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start, end = _extent(item, len(lines))
    indent = " " * (item.document.mark(item.loc + (_first_key(item),), key=True).column - 1)
    existing = item.document.positions.keys.get(item.loc + ("review",))
    if existing is not None:
        first = existing.line  # 0-based
        last = first + 1
        while last < end and (not lines[last].strip() or len(lines[last]) - len(lines[last].lstrip()) > len(indent)):
            last += 1
        while last > first + 1 and not lines[last - 1].strip():
            last -= 1  # blank lines after the block belong to what follows
        del lines[first:last]
        end -= last - first
    at = end
    while at > start and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1  # after the record's last line, before the blank lines and comments of the next
    lines[at:at] = review_lines(item, approval, indent)
    return "".join(lines)


def _first_key(item: Located[Reviewed]) -> str:
    keys = [loc[-1] for loc in item.document.positions.keys if loc[:-1] == item.loc]
    return min(keys, key=lambda name: (item.document.positions.keys[item.loc + (name,)].line,))


def _extent(item: Located[Reviewed], count: int) -> tuple[int, int]:
    """Lines [start, end) of the record: the whole file, or its item of the list."""
    if not item.loc:
        return 0, count
    values = item.document.positions.values
    start = values[item.loc].line
    following = item.loc[:-1] + (item.loc[-1] + 1,)
    return start, values[following].line if following in values else count
