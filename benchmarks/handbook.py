"""Handbook build time and page count, for the shipped data and for 10× as many classes.

    .venv/bin/python benchmarks/handbook.py

The extra classes are copies of the shipped ones, renumbered and moved week by week:
deterministic, built in memory, never written to data/.
"""

from __future__ import annotations

import dataclasses
import io
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from macros.data.models import TrainingClass  # noqa: E402
from macros.data.site import Site, load_site  # noqa: E402
from macros.exports import Context  # noqa: E402
from macros.exports.handbook import handbook_pdf  # noqa: E402

BASE_URL = "https://ldld-laichau.github.io/tap-huan-2026/"


def moved(cls: TrainingClass, number: int, weeks: int) -> TrainingClass:
    shift = timedelta(weeks=weeks)
    sessions = tuple(s.model_copy(update={"date": s.date + shift}) for s in cls.sessions)
    return cls.model_copy(update={"id": f"lop-{number}", "name": f"Lớp {number}", "start_date": cls.start_date + shift,
                                  "end_date": cls.end_date + shift, "sessions": sessions})


def scaled(site: Site, factor: int) -> Site:
    shipped = site.classes
    classes = tuple(moved(shipped[i % len(shipped)], i + 1, i // len(shipped)) for i in range(len(shipped) * factor))
    return dataclasses.replace(site, classes=classes)


def measure(site: Site) -> tuple[float, int, int]:
    start = time.perf_counter()
    pdf = handbook_pdf(site, Context(base_url=BASE_URL))
    seconds = time.perf_counter() - start
    return seconds, len(PdfReader(io.BytesIO(pdf)).pages), len(pdf)


def main() -> None:
    site = load_site(ROOT)
    handbook_pdf(site, Context(base_url=BASE_URL))  # warm-up: imports, font loading
    for label, data in (("dữ liệu hiện có", site), ("gấp 10 lần số lớp", scaled(site, 10))):
        seconds, pages, size = measure(data)
        sessions = sum(len(c.sessions) for c in data.classes)
        print(f"{label}: {len(data.classes)} lớp, {sessions} buổi — sổ tay {pages} trang, {size / 1024:.0f} KB, dựng trong {seconds:.2f} s")


if __name__ == "__main__":
    main()
