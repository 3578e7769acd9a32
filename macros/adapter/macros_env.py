"""mkdocs-macros entry point: each block a hand-written page may embed (macros.build.pages.BLOCKS),
the plan's fields as `{{ plan.* }}`, and the date filter."""

from __future__ import annotations

from typing import Callable

from ..build.pages import BLOCKS
from ..text import short_date
from .carry import build_of


def _bind(env, name: str) -> Callable[[], str]:
    def call() -> str:
        return build_of(env.conf).block(name, env.page.url)

    return call


def define_env(env) -> None:
    for name in BLOCKS:
        env.macro(_bind(env, name), name)
    env.variables["plan"] = build_of(env.conf).site.plan
    env.filter(short_date, "short_date")
