"""Diacritic-free search: a folded copy of every entry of Material's search index.

Material's lunr index is diacritic-sensitive ("cong doan" finds nothing on a site full of
"công đoàn"). Extra index fields declared under `search: fields:` in mkdocs.yml are
indexed by its worker, so each entry gets folded copies of its title and text. A query
typed with marks matches the original fields (weighted far higher) and ranks first; one
typed without marks, or in capitals, matches the folded copies.
"""

from __future__ import annotations

import json
import re
from html import unescape

from ..text import fold

INDEX = "search/search_index.json"  # where mkdocs-material's search plugin writes it, in the site
FOLDED_FIELDS = {"folded_title": 50, "folded_text": 0.5}
_TAG = re.compile(r"<[^>]+>")


def _plain(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def add_folded_fields(index_json: str) -> str:
    """Material's search_index.json with folded_title and folded_text on every entry."""
    index = json.loads(index_json)
    for entry in index["docs"]:
        entry["folded_title"] = fold(_plain(entry.get("title", "")))
        entry["folded_text"] = fold(_plain(entry.get("text", "")))
    return json.dumps(index, separators=(",", ":"))
