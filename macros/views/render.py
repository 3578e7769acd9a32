"""Jinja rendering of the templates in macros/views/templates; shared by pages and exports.

Data text is escaped by default (autoescape), and an undefined name is an error.
"""

from __future__ import annotations

import json
import pickle
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from pydantic import BaseModel

from ..text import date_line, short_date, vn_number, weekday_date
from .finished_html import finished

TEMPLATES = Path(__file__).parent / "templates"

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_text(value: object) -> Markup:
    """Data text placed where Markdown is parsed: HTML-escaped, Markdown syntax neutralised."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(value))))


class MarkdownSafe:
    """A record as a hand-written page sees it (`{{ plan.number }}` in docs/*.md): every text
    inside comes out as md_text (HTML escaped, Markdown syntax neutralised), however deep;
    dates and numbers stay what they are, so filters (short_date, length) still apply."""

    __slots__ = ("_record",)

    def __init__(self, record: BaseModel):
        self._record = record

    def __getattr__(self, name: str) -> object:
        if name.startswith("_") or name not in type(self._record).model_fields:
            raise AttributeError(name)
        return markdown_safe(getattr(self._record, name))

    def fields(self) -> list[str]:
        return list(type(self._record).model_fields)


def markdown_safe(value: object) -> object:
    if isinstance(value, BaseModel):
        return MarkdownSafe(value)
    if isinstance(value, str):
        return md_text(value)
    if isinstance(value, (tuple, list)):
        return tuple(markdown_safe(item) for item in value)
    return value


def yaml_str(value: object) -> Markup:
    """A front-matter string: JSON quoting is valid YAML and survives any title. MkDocs
    themes write front-matter titles into the page as HTML, unescaped: data text is
    HTML-escaped first, so '<script>' in a title shows as text."""
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_text, yaml_str=yaml_str, finished=finished, short_date=short_date, weekday_date=weekday_date, date_line=date_line, vn_number=vn_number)
    return env


class _CompiledTemplates(FileSystemBytecodeCache):
    """A file that cannot be read or written is a template compiled again, never a failed build."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compiled_in(folder: Optional[Path]) -> Optional[BytecodeCache]:
    """Templates as compiled by an earlier build, kept in folder (None: compile each build).
    Compiling is a third of a build's time at 1× data; a template whose source changed is
    compiled again (each is kept with a digest of its source)."""
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    return _CompiledTemplates(str(folder))


def keep_compiled(cache: Optional[BytecodeCache]) -> None:
    """This build's templates are compiled once into cache (see compiled_in)."""
    environment().bytecode_cache = cache


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
