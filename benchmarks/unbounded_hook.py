"""MkDocs hook for the benchmark: lifts the size limit of one data file to
$BENCH_MAX_FILE_BYTES, so that benchmarks/run.py can time builds at 2 and 4 times the limit
(the limit itself refuses such files, as it should). Listed before our own hook, it runs
before the data is read."""

from __future__ import annotations

import os

from macros.data import reader

reader.MAX_FILE_BYTES = int(os.environ["BENCH_MAX_FILE_BYTES"])
