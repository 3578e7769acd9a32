"""Open data, /du-lieu/: everything as JSON, and the sessions as a CSV table for spreadsheets.

tap-huan-2026.json is the validated data as the models dump it, so it loads back into the
same models unchanged (its schema: /du-lieu/schema/tap-huan-2026.schema.json).
buoi-hoc.csv has one row per session; UTF-8 with a byte-order mark and CRLF line ends,
so Excel opens it with the Vietnamese letters intact. A cell a spreadsheet would read as a
formula (=HYPERLINK(…) in a session title) is written as text: see `spreadsheet_text`.
"""

from __future__ import annotations

import csv
import io
import json

from .. import urls
from ..data import kinds
from ..data.site import Site
from ..views.open_data import COLUMNS, rows
from . import Context, export

# OWASP's rule against CSV injection: a cell starting with one of these is a formula (or
# the start of one) to Excel, LibreOffice and Google Sheets. A leading apostrophe makes the
# spreadsheet show the text as typed, apostrophe hidden.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """A cell's text that no spreadsheet runs: "'=HYPERLINK(…)" for "=HYPERLINK(…)"."""
    return "'" + value if value.startswith(FORMULA_START) else value


def sessions_csv(site: Site) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(column.name for column in COLUMNS)
    for row in rows(site):
        writer.writerow(spreadsheet_text(column.value(row)) for column in COLUMNS)
    return out.getvalue().encode("utf-8-sig")


def dataset_json(site: Site) -> bytes:
    return (json.dumps(kinds.dump(site), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@export
def open_data(site: Site, context: Context) -> dict[str, bytes]:
    return {urls.OPEN_DATA_JSON: dataset_json(site), urls.SESSIONS_CSV: sessions_csv(site)}
