"""Page weight on a slow link: bytes, requests and time to a visible timetable.

Loads the home page and a class page, each as a first visit (empty cache), in Debian's
Chromium over DevTools' "Slow 3G" profile (2 s round trip, 400 kbit/s each way), from the
built site served gzip-compressed on loopback like GitHub Pages. Prints one row per page.

    .venv/bin/python benchmarks/page_weight.py [site_dir]     (default: site/, built by `make build`)

Budget for a first visit of a class page: ≤ 200 KB transferred and ≤ 15 requests, the
search index excluded (it loads only when search is used).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.server import serve  # noqa: E402

SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
PAGES = [("trang chủ", "", "a.class-card__link"), ("lớp học", "lop-hoc/lop-1/", "table.timetable__day")]
BUDGET_BYTES, BUDGET_REQUESTS = 200_000, 15


def measure(browser, url: str, ready: str) -> dict:
    context = browser.new_context(service_workers="block")  # a first visit: no worker yet
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    requests: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda e: requests.setdefault(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="visible", timeout=120_000)
    visible = time.perf_counter() - start
    page.wait_for_load_state("networkidle", timeout=120_000)
    context.close()
    search = [rid for rid, u in requests.items() if "search_index.json" in u]
    counted = [rid for rid in requests if rid not in search]
    return {
        "bytes": sum(sizes.get(rid, 0) for rid in counted),
        "requests": len(counted),
        "visible": visible,
        "search_index_loaded": bool(search),
    }


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    if not (site / "index.html").exists():
        print(f"{site} has no built site: run `make build` first", file=sys.stderr)
        return 2
    print(f"{'trang':<10} {'KB':>7} {'yêu cầu':>8} {'hiện (s)':>9}  chỉ mục tìm kiếm")
    over = False
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, ready in PAGES:
            row = measure(browser, base + path, ready)
            print(f"{name:<10} {row['bytes'] / 1000:>7.1f} {row['requests']:>8} {row['visible']:>9.1f}  "
                  f"{'đã tải' if row['search_index_loaded'] else 'không tải'}")
            if path.startswith("lop-hoc/"):
                over = row["bytes"] > BUDGET_BYTES or row["requests"] > BUDGET_REQUESTS
        browser.close()
    print(f"ngân sách trang lớp học: ≤ {BUDGET_BYTES // 1000} KB, ≤ {BUDGET_REQUESTS} yêu cầu — {'VƯỢT' if over else 'đạt'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
