"""Tasks the benchmark runs in child processes, each printing one JSON line.

    python -m benchmarks.measure validate ROOT
    python -m benchmarks.measure pdf SITE_DIR OUT_DIR

Each runs in its own process so that its peak memory is its own (benchmarks/run.py reads
it with wait4). Times (wall and CPU) are taken inside, after the imports: the work itself.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def validate(root: Path) -> dict:
    from macros.site import load_site

    start, cpu = time.perf_counter(), time.process_time()
    site = load_site(root)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "sessions": sum(len(c.sessions) for c in site.classes)}


# Only what a printed timetable needs; the bundled font and A4 page come from pdf.base_css().
_TIMETABLE_CSS = "a.headerlink, .md-content__button { display: none; } h1 { font-size: 16pt; } h3 { font-size: 12pt; }"


def timetable_html(page: Path) -> str:
    """A class page of the built site as a standalone document: its article, nothing else."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    return f'<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>{article}</body></html>'


def pdf(site_dir: Path, out: Path) -> dict:
    """A PDF of every class timetable, as an export of one PDF per class would make."""
    from macros.pdf import html_to_pdf

    pages = sorted(site_dir.glob("lop-hoc/*/index.html"))
    documents = [(page, timetable_html(page)) for page in pages]
    out.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    size = 0
    for page, html in documents:
        data = html_to_pdf(html, base_url=page.parent.as_uri() + "/", extra_css=_TIMETABLE_CSS)
        (out / f"{page.parent.name}.pdf").write_bytes(data)
        size += len(data)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "files": len(documents), "bytes": size}


TASKS = {"validate": lambda args: validate(Path(args[0])), "pdf": lambda args: pdf(Path(args[0]), Path(args[1]))}


if __name__ == "__main__":
    print(json.dumps(TASKS[sys.argv[1]](sys.argv[2:])))
