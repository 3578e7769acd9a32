"""mkdocs-macros entry point: each block a hand-written page may embed, one line each.

A block is the function of the same name in macros.pages, called with the Site and the URL
of the page (state.block takes it from the memo when the data did not change).
"""

from __future__ import annotations

from typing import Callable

from ..text import short_date
from . import state

BLOCKS = (
    "plan_document",
    "class_cards",
    "class_table",
    "topic_list",
    "lecturer_table",
    "announcement_list",
    "latest_announcement",
    "field_reference",
    "rule_list",
    "open_data_files",
    "open_data_collections",
    "csv_columns",
)

# Blocks that show the size of built files: they also take the facts of this build's downloads.
DOWNLOAD_BLOCKS = (
    "materials_library",
    "handbook_download",
)


def _bind(env, name: str, with_downloads: bool) -> Callable[[], str]:
    def call() -> str:
        return state.block(name, env.page.url, with_downloads=with_downloads)

    return call


def define_env(env) -> None:
    for name in BLOCKS:
        env.macro(_bind(env, name, False), name)
    for name in DOWNLOAD_BLOCKS:
        env.macro(_bind(env, name, True), name)
    env.variables["plan"] = state.current().facts.plan
    env.filter(short_date, "short_date")
