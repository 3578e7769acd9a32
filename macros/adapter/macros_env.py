"""mkdocs-macros entry point: each block a hand-written page may embed, one line each."""

from __future__ import annotations

from typing import Callable

from .. import pages
from ..text import short_date
from . import state

BLOCKS: dict[str, Callable[..., str]] = {
    "plan_document": pages.plan_document,
    "class_cards": pages.class_cards,
    "class_table": pages.class_table,
    "topic_list": pages.topic_list,
    "lecturer_table": pages.lecturer_table,
    "announcement_list": pages.announcement_list,
    "latest_announcement": pages.latest_announcement,
    "field_reference": pages.field_reference,
    "rule_list": pages.rule_list,
    "open_data_files": pages.open_data_files,
    "open_data_collections": pages.open_data_collections,
    "csv_columns": pages.csv_columns,
}


# Blocks that show the size of built files: they also take the facts of this build's downloads.
DOWNLOAD_BLOCKS: dict[str, Callable[..., str]] = {
    "materials_library": pages.materials_library,
    "handbook_download": pages.handbook_download,
}


def _bind(env, block: Callable[..., str]) -> Callable[[], str]:
    def call() -> str:
        return block(state.current(), env.page.url)

    return call


def _bind_downloads(env, block: Callable[..., str]) -> Callable[[], str]:
    def call() -> str:
        return block(state.current(), env.page.url, state.downloads())

    return call


def define_env(env) -> None:
    for name, block in BLOCKS.items():
        env.macro(_bind(env, block), name)
    for name, block in DOWNLOAD_BLOCKS.items():
        env.macro(_bind_downloads(env, block), name)
    env.variables["plan"] = state.current().plan
    env.filter(short_date, "short_date")
