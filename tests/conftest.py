"""Shared test fixtures and helpers: the project's data, copies of it to break, one site build
per session, and the ways tests read what was built."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from macros.data.problems import DataError
from macros.data.site import Site, load_site

ROOT = Path(__file__).resolve().parent.parent
# The source document the portal reproduces, kept in the repository: tests read nothing outside it.
SOURCE_PLAN = ROOT / "tests" / "source" / "ke-hoach-15-KH-LDLD-2026.txt"


def text_of(element) -> str:
    """An element's text as a reader sees it: NFC, spaces collapsed, permalink marks dropped."""
    text = unicodedata.normalize("NFC", element.get_text(" "))
    return re.sub(r"\s+", " ", text.replace("¶", " ")).strip()


def source_sentences() -> list[str]:
    """The source plan as lines, with its known artefacts mended: the 'Lai châu' typo,
    the line break inside 'Công đoàn Việt / Nam', list dashes and bold markers."""
    text = SOURCE_PLAN.read_text(encoding="utf-8")
    text = text.replace("Lai châu", "Lai Châu").replace("Công đoàn Việt\n\nNam", "Công đoàn Việt Nam")
    lines = []
    for line in text.splitlines():
        line = unicodedata.normalize("NFC", line.replace("**", "")).strip()
        line = re.sub(r"^- ", "", line)
        if line:
            lines.append(re.sub(r"\s+", " ", line))
    return lines


def mkdocs_config() -> dict:
    """mkdocs.yml as MkDocs reads it (!ENV and !!python/name resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as config:
        return yaml_load(config)


def mkdocs_build(project: Path, site_dir: Path, env: dict | None = None, *, quiet: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["--quiet"] if quiet else []), "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory):
    """Test builds share a build cache of their own, never the developer's .cache/build: what
    a test sees does not depend on what was built on the machine before."""
    folder = tmp_path_factory.mktemp("build-cache")
    with mock.patch.dict(os.environ, {"BUILD_CACHE": str(folder)}):
        yield folder


@pytest.fixture(scope="session")
def site() -> Site:
    return load_site(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The site built once from the shipped data, shared by every test that reads HTML."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def page(built):
    """page('lop-hoc/lop-1/') -> parsed HTML of that built page."""
    cache: dict[str, BeautifulSoup] = {}

    def parse(url: str) -> BeautifulSoup:
        if url not in cache:
            path = built / url / "index.html"
            cache[url] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return cache[url]

    return parse


class ProjectCopy:
    """A throwaway copy of the project's data (and what a build needs), to break on purpose."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(ROOT / "data", root / "data")

    def edit(self, name: str, old: str, new: str, count: int = 1) -> "ProjectCopy":
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return self

    def write(self, name: str, text: str) -> "ProjectCopy":
        (self.root / name).write_text(text, encoding="utf-8")
        return self

    def copy(self, source: str, target: str) -> "ProjectCopy":
        shutil.copy(self.root / source, self.root / target)
        return self

    def problems(self) -> list[str]:
        """Every rendered problem (first line of each), or [] if the data is valid."""
        try:
            load_site(self.root)
        except DataError as error:
            return [p.render() for p in error.problems]
        return []

    def with_site_sources(self) -> "ProjectCopy":
        for name in ("docs", "overrides"):
            shutil.copytree(ROOT / name, self.root / name)
        shutil.copy(ROOT / "mkdocs.yml", self.root / "mkdocs.yml")
        (self.root / "macros").symlink_to(ROOT / "macros")
        return self


@pytest.fixture
def project(tmp_path) -> ProjectCopy:
    return ProjectCopy(tmp_path)
