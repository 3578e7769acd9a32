"""Tasks the benchmark runs in child processes, each printing one JSON line.

    python -m benchmarks.measure validate ROOT
    python -m benchmarks.measure pdf ROOT BASE_URL

Each runs in its own process so that its peak memory is its own (benchmarks/run.py reads
it with wait4). Times (wall and CPU) are taken inside, after the imports: the work itself.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def validate(root: Path) -> dict:
    from macros.data.site import load_site

    start, cpu = time.perf_counter(), time.process_time()
    site = load_site(root)
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "sessions": sum(len(c.sessions) for c in site.classes)}


def pdf(root: Path, base_url: str) -> dict:
    """Every PDF export of the site, rendered: build_all with an empty PDF cache, less the same
    with the cache it filled (the time of everything else the exports do)."""
    import tempfile

    from macros import exports
    from macros.data.site import load_site
    from macros.exports.pdf_cache import PdfCache

    site = load_site(root)
    with tempfile.TemporaryDirectory() as folder:
        timed = []
        for _ in ("empty", "full"):
            cache = PdfCache(Path(folder))
            start, cpu = time.perf_counter(), time.process_time()
            built = exports.build_all(site, exports.Context(base_url=base_url, pdf_cache=cache))
            timed.append((time.perf_counter() - start, time.process_time() - cpu, cache.misses))
    (cold_s, cold_cpu, files), (warm_s, warm_cpu, _) = timed
    size = sum(len(content) for path, content in built.items() if path.endswith(".pdf"))
    return {"seconds": cold_s - warm_s, "cpu": cold_cpu - warm_cpu, "files": files, "bytes": size}


TASKS = {"validate": lambda args: validate(Path(args[0])), "pdf": lambda args: pdf(Path(args[0]), args[1])}


if __name__ == "__main__":
    print(json.dumps(TASKS[sys.argv[1]](sys.argv[2:])))
