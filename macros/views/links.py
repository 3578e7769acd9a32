"""Links from the page being rendered: relative on the site, to the public address on paper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .. import urls


class Links(Protocol):
    """Whatever turns a site URL into a link where it is shown: a page, or a printed document."""

    def to(self, url: str) -> str: ...


@dataclass(frozen=True)
class Linker:
    """Builds links relative to the page being rendered."""

    page: str

    def to(self, url: str) -> str:
        return urls.relative(self.page, url)
