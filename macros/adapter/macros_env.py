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


def _bind(env, block: Callable[..., str]) -> Callable[[], str]:
    def call() -> str:
        return block(state.current(), env.page.url)

    return call


def define_env(env) -> None:
    for name, block in BLOCKS.items():
        env.macro(_bind(env, block), name)
    env.variables["plan"] = state.current().plan
    env.filter(short_date, "short_date")
