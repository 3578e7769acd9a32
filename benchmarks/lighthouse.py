"""Lighthouse scores of the home page and a class page, as a phone on a slow link sees them.

Serves the built site gzip-compressed on loopback, as GitHub Pages serves it, and runs
Lighthouse (mobile, its default throttling) three times per page with Debian's Chromium.
Prints each run's four scores and their medians; exits 1 when a median misses its target
(issue 19: performance ≥ 93; accessibility, best practices and SEO 100).

    npm install --prefix /tmp/lh lighthouse@12.8.2       (once; from the npm registry)
    LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse .venv/bin/python -m benchmarks.lighthouse [site_dir]

The site is `site/` (run `make build` first) unless another folder is named. Run it on a
quiet machine: Lighthouse's performance score follows the CPU time it is given.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM  # noqa: E402
from tests.browser.server import serve  # noqa: E402

PAGES = [("trang chủ", ""), ("lớp học", "lop-hoc/lop-1/")]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 93, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS = 3


def scores(lighthouse: str, url: str) -> dict[str, int]:
    """One Lighthouse run: each category's score out of 100."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run([lighthouse, url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--only-categories={','.join(CATEGORIES)}",
                        "--chrome-flags=--headless --no-sandbox --disable-background-networking "
                        "--disable-component-update --disable-sync --no-first-run"],
                       check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
        found = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(found[name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    lighthouse = os.environ.get("LIGHTHOUSE", "lighthouse")
    if not (site / "index.html").exists():
        print(f"{site} has no built site: run `make build` first", file=sys.stderr)
        return 2
    missed = []
    print(f"{'trang':<20} " + " ".join(f"{name:>15}" for name in CATEGORIES))
    with serve(site) as base:
        for name, path in PAGES:
            runs = [scores(lighthouse, base + path) for _ in range(RUNS)]
            for run in runs:
                print(f"{name:<20} " + " ".join(f"{run[c]:>15}" for c in CATEGORIES))
            medians = {c: statistics.median(run[c] for run in runs) for c in CATEGORIES}
            print(f"{name + ' (trung vị)':<20} " + " ".join(f"{medians[c]:>15g}" for c in CATEGORIES))
            missed += [f"{name}: {c} {medians[c]:g} < {TARGETS[c]}" for c in CATEGORIES if medians[c] < TARGETS[c]]
    print("\n".join(["Chưa đạt:", *missed]) if missed else "Đạt mọi mục tiêu.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
