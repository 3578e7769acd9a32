"""MkDocs hook for the benchmark: writes out what our layer produces as plain files.

Added after our own hook (benchmarks/run.py writes a config that lists both), it saves
into $BENCH_DUMP_DIR/docs every page's Markdown once mkdocs-macros has expanded it (front
matter included), every other file of the build that did not come from the theme (our
generated exports, the stylesheet), and the navigation, so that a plain mkdocs-material
build of the same pages can be measured against ours.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ.get("BENCH_DUMP_DIR", "dump"))


def _target(src_uri: str) -> Path:
    path = OUT / "docs" / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@event_priority(-100)  # after our hook has set the navigation
def on_config(config):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "nav.json").write_text(json.dumps(config.nav, ensure_ascii=False), encoding="utf-8")
    return config


@event_priority(-100)  # after our hook has added the generated pages and exports
def on_files(files, config):
    docs_dir = Path(config.docs_dir).resolve()
    for file in files:
        if file.is_documentation_page():
            continue
        if file.abs_src_path is None:  # generated in memory: one of our exports
            _target(file.src_uri).write_bytes(file.content_bytes)
        elif Path(file.abs_src_path).resolve().is_relative_to(docs_dir):
            shutil.copyfile(file.abs_src_path, _target(file.src_uri))
    return files


@event_priority(-100)  # after mkdocs-macros has expanded the page
def on_page_markdown(markdown, page, config, files):
    meta = {key: value for key, value in page.meta.items() if key != "render_macros"}
    front = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" if meta else ""
    _target(page.file.src_uri).write_text(front + markdown, encoding="utf-8")
    return markdown
