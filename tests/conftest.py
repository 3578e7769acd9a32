"""Shared test fixtures and helpers: the project's data, copies of it to break, the builds
made once per test run (shared by pytest-xdist's workers) and the PDFs they rendered, and the
ways tests read what was built."""

from __future__ import annotations

import fcntl
import functools
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
import unicodedata
import warnings
from contextlib import contextmanager
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


def mkdocs_build(project: Path, site_dir: Path, env: dict | None = None, *, quiet: bool = True,
                 cache: Path | str | None = None) -> subprocess.CompletedProcess:
    """`python -m mkdocs build --strict` of project into site_dir, in a new Python process: what
    `make build` runs, hash seed included (env may set PYTHONHASHSEED). `cache` is the
    build's BUILD_CACHE (a folder, or "off"); without it, the session's setting."""
    env = _build_env(env, cache)
    return subprocess.run([sys.executable, "-m", "mkdocs", *_build_args(site_dir, quiet)],
                          cwd=project, env=env, capture_output=True, text=True)


def mkdocs_build_forked(project: Path, site_dir: Path, env: dict | None = None, *, quiet: bool = True,
                        cache: Path | str | None = None) -> subprocess.CompletedProcess:
    """The same build (MkDocs' own command line, the project's mkdocs.yml, hooks and plugins,
    its own process, exit code and stderr), in a process forked from this one: MkDocs, the
    theme, the plugins and WeasyPrint are imported once per test process instead of once per
    build. The child shares this process's hash seed, so a test of hash-seed independence
    uses mkdocs_build."""
    assert "PYTHONHASHSEED" not in (env or {}), "a forked build keeps this process's hash seed: use mkdocs_build"
    env = _build_env(env, cache)
    _import_what_a_build_imports()
    args = _build_args(site_dir, quiet)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # The child runs only the build: no thread of this process (pytest-xdist's, a test
        # server's) is needed there. Python 3.12 warns of fork() in a process with threads,
        # which filterwarnings=error turns into a failure here, not a silent hang.
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _run_mkdocs_in_child(project, env, args, out.fileno(), err.fileno(), Path(site_dir).parent)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        stdout, stderr = (f.read().decode("utf-8", errors="replace") for f in (out, err))
    return subprocess.CompletedProcess(["mkdocs", *args], os.waitstatus_to_exitcode(status), stdout, stderr)


def _build_env(env: dict | None, cache: Path | str | None) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"BUILD_CACHE": str(cache)} if cache else {}), **(env or {})}


def _build_args(site_dir: Path, quiet: bool) -> list[str]:
    return ["build", "--strict", *(["--quiet"] if quiet else []), "--site-dir", str(site_dir)]


def _import_what_a_build_imports() -> None:
    """Once per test process: what a build imports, so that each forked build does not (a
    module missing here is imported by the build itself, as usual)."""
    import importlib

    for name in ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs_macros.plugin", "material.plugins.search.plugin",
                 "markdown.extensions.toc", "markdown.extensions.attr_list", "markdown.extensions.md_in_html",
                 "markdown.extensions.admonition", "markdown.extensions.tables", "markdown.extensions.def_list",
                 "weasyprint", "macros.adapter.hooks", "macros.adapter.macros_env", "macros.exports.registry"):
        importlib.import_module(name)


# Python's own warning filters, as a new interpreter starts with them (pytest's "error" is
# this process's setting, not the build's).
_PYTHON_WARNING_FILTERS = [
    ("default", DeprecationWarning, "__main__"), ("ignore", DeprecationWarning, ""),
    ("ignore", PendingDeprecationWarning, ""), ("ignore", ImportWarning, ""), ("ignore", ResourceWarning, ""),
]


def _run_mkdocs_in_child(project: Path, env: dict, args: list[str], out: int, err: int, scratch: Path) -> None:
    code = 1
    try:
        os.dup2(out, 1)
        os.dup2(err, 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", line_buffering=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                      line_buffering=True)
        os.chdir(project)
        os.environ.clear()
        os.environ.update(env)
        sys.path.insert(0, str(project))  # as `python -m` puts the working folder first
        sys.argv = ["mkdocs", *args]
        tempfile.tempdir = str(scratch)  # WeasyPrint's font folders, which os._exit leaves behind
        warnings.resetwarnings()
        for action, category, module in reversed(_PYTHON_WARNING_FILTERS):
            warnings.filterwarnings(action, category=category, module=module)
        from mkdocs.__main__ import ColorFormatter, cli

        # Measured on import: the width of the terminal the log goes to (none here, as for a pipe).
        ColorFormatter.text_wrapper.width = shutil.get_terminal_size(fallback=(0, 0)).columns
        try:
            cli.main(args=args, prog_name="mkdocs")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
            if isinstance(exit.code, str):
                print(exit.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()  # as the interpreter does with an uncaught exception
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


# --- the order of the files ------------------------------------------------------------------------

# `make test` runs pytest-xdist, which hands whole files to its workers in the order collected:
# the files whose tests build a site of their own or drive the browser go first, so that short
# files fill in at the end instead of one long file running alone while the other workers idle.
LONG_RUNNING = {"browser", "builds", "build_site", "hostile_site"}


def pytest_collection_modifyitems(items) -> None:
    long_files = {item.path for item in items if LONG_RUNNING & set(getattr(item, "fixturenames", ()))}
    items.sort(key=lambda item: item.path not in long_files)  # stable: each file keeps its order


# --- one site build per test run, and a warm PDF cache from it ------------------------------------


def shared_folder(tmp_path_factory) -> Path:
    """A folder every test process of this run shares: pytest-xdist gives each worker a
    temporary folder of its own, below this one."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def one_process_at_a_time(lock: Path):
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session", autouse=True)
def build_cache(tmp_path_factory):
    """A build that names no BUILD_CACHE of its own uses this one, never the developer's
    .cache/build: what a test sees does not depend on what was built on the machine before."""
    folder = tmp_path_factory.mktemp("build-cache")
    with mock.patch.dict(os.environ, {"BUILD_CACHE": str(folder)}):
        yield folder


@pytest.fixture(scope="session")
def site() -> Site:
    return load_site(ROOT)


class SharedBuild:
    """A site built once per test run, shared by every test process of the run: its folder
    holds the built site, its BUILD_CACHE (the PDFs it used, and no others) and its log."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.site = folder / "site"
        self.cache = folder / "cache"
        self.log_file = folder / "log"

    @property
    def log(self) -> str:
        return self.log_file.read_text(encoding="utf-8")

    @contextmanager
    def making(self):
        """Yields True to the one process that is to build it (others wait, then get False)."""
        with one_process_at_a_time(self.folder.with_suffix(".lock")):
            if self.log_file.exists():
                yield False
                return
            shutil.rmtree(self.folder, ignore_errors=True)  # a build that failed in another process
            self.folder.mkdir(parents=True)
            yield True

    def done(self, result: subprocess.CompletedProcess) -> "SharedBuild":
        assert result.returncode == 0, result.stderr
        self.log_file.write_text(result.stderr, encoding="utf-8")  # written last: the build is complete
        return self

    def cache_copy(self, into: Path) -> Path:
        """A new BUILD_CACHE folder holding this build's PDFs. A PDF's name is a digest of
        everything that shapes it, so a build of other data takes only the PDFs its data still
        gives; each build gets a copy, as a good build prunes the PDFs it did not use."""
        shutil.copytree(self.cache, into, dirs_exist_ok=True)
        return into


@pytest.fixture(scope="session")
def session_build(tmp_path_factory) -> SharedBuild:
    """The shipped project built once, from an empty PDF cache: every PDF rendered, side by side."""
    shared = SharedBuild(shared_folder(tmp_path_factory) / "session-build")
    with shared.making() as mine:
        if mine:
            shared.done(mkdocs_build(ROOT, shared.site, quiet=False, cache=shared.cache))
    return shared


@pytest.fixture(scope="session")
def built(session_build) -> Path:
    """The site built once from the shipped data, shared by every test that reads HTML. Read it,
    never write into it: copy it first (shutil.copytree)."""
    return session_build.site


@pytest.fixture(scope="session")
def hostile_site(session_build, tmp_path_factory) -> Path:
    """The site built once per run from a copy of the project with hostile text in every kind
    of data field (tests/hostile.py: plant), and an inline script written into one
    hand-written page (plant_script)."""
    from tests import hostile

    shared = SharedBuild(shared_folder(tmp_path_factory) / "hostile-build")
    with shared.making() as mine:
        if mine:
            project = ProjectCopy(shared.folder / "project").with_site_sources()
            hostile.plant(project.root)
            hostile.plant_script(project.root)
            assert project.problems() == []
            session_build.cache_copy(shared.cache)
            shared.done(mkdocs_build_forked(project.root, shared.site, cache=shared.cache))
    return shared.site


@pytest.fixture(scope="session")
def build_site(session_build, tmp_path_factory):
    """build_site(project_root, site_dir=project_root/site, env=None) -> the result of
    `mkdocs build --strict` there (mkdocs_build_forked), starting from the shipped build's PDFs:
    a copy with the repository's dates (ProjectCopy.with_site_sources) renders only the PDFs a
    test's change touches."""
    def build(project: Path, site_dir: Path | None = None, env: dict | None = None, *, quiet: bool = True):
        cache = session_build.cache_copy(tmp_path_factory.mktemp("build-cache"))
        return mkdocs_build_forked(project, site_dir or project / "site", env, quiet=quiet, cache=cache)

    return build


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


# A Word file as staff upload one, made once with python-docx. The shipped data keeps no file in
# data/materials/ (its feedback form is generated from data/feedback.yml), so a test of uploaded
# materials puts this one in its copy: ProjectCopy.with_uploaded_material, the `uploads` fixture.
SAMPLE_UPLOAD = ROOT / "tests" / "fixtures" / "mau-bien-ban-hop.docx"
UPLOADED = "mau-bien-ban-hop"  # its material's id
# The shipped material [2] of data/materials.yml, and the uploaded one written on the same five
# lines (its `file:` at 23:9), so that every other material keeps its place and its lines.
FEEDBACK_MATERIAL = re.compile(r"^- id: phieu-lay-y-kien-hoc-vien\n(?:  .*\n){4}", re.MULTILINE)
UPLOADED_MATERIAL = f"""- id: {UPLOADED}
  title: "Mẫu biên bản họp Ban Chấp hành"
  kind: form
  file: data/materials/{SAMPLE_UPLOAD.name}
  description: "Mẫu biên bản họp Ban Chấp hành công đoàn cơ sở; sửa được bằng Word."
"""


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

    def with_uploaded_material(self) -> "ProjectCopy":
        """SAMPLE_UPLOAD uploaded to data/materials/ and listed as material [2] of
        data/materials.yml, in place of the generated feedback form."""
        path = self.root / "data/materials.yml"
        text, replaced = FEEDBACK_MATERIAL.subn(UPLOADED_MATERIAL, path.read_text(encoding="utf-8"))
        assert replaced == 1, "data/materials.yml no longer lists the feedback form as material [2]"
        path.write_text(text, encoding="utf-8")
        (self.root / "data/materials").mkdir(exist_ok=True)
        shutil.copy(SAMPLE_UPLOAD, self.root / "data/materials" / SAMPLE_UPLOAD.name)
        return self

    def problems(self) -> list[str]:
        """Every rendered problem (first line of each), or [] if the data is valid."""
        try:
            load_site(self.root)
        except DataError as error:
            return [p.render() for p in error.problems]
        return []

    def with_site_sources(self) -> "ProjectCopy":
        """What a build needs besides the data, and the repository's dates (with_history)."""
        for name in ("docs", "overrides"):
            shutil.copytree(ROOT / name, self.root / name)
        shutil.copy(ROOT / "mkdocs.yml", self.root / "mkdocs.yml")
        (self.root / "macros").symlink_to(ROOT / "macros")
        return self.with_history()

    def with_history(self) -> "ProjectCopy":
        """Git history that gives the copy the repository's dates: each data file last committed
        when it was in the repository, HEAD at the time of the repository's HEAD. Built so, the
        copy's pages and PDFs show the dates the shipped build shows ("Cập nhật lần cuối", the
        build's day), and a build of it takes the shipped build's PDFs from the cache. A copy
        without it has no history (the data's own dates); so has one of a repository without git."""
        commits, head = repository_dates()
        if head is None:
            return self
        self._git("init", "-q")
        for when, files in commits:
            present = [name for name in files if (self.root / name).is_file()]
            if present:
                self._git("add", "-f", "--", *present)
                self._git("commit", "-q", "-m", "history", when=when)
        self._git("commit", "-q", "--allow-empty", "-m", "head", when=head)
        return self

    def _git(self, *args: str, when: int | None = None) -> None:
        stamp = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"} if when else {}
        env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
               "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org", **stamp}
        subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.root, env=env, check=True, capture_output=True)


@functools.cache
def repository_dates() -> tuple[list[tuple[int, list[str]]], int | None]:
    """([(commit time, the data files last changed then)], oldest first; HEAD's commit time), of
    the repository: ([], None) without git."""
    from macros.data import history

    by_time: dict[int, list[str]] = {}
    for name, when in history.last_commit_times(ROOT, "data").items():
        by_time.setdefault(when, []).append(name)
    return sorted(by_time.items()), history.head_commit_time(ROOT)


@pytest.fixture
def project(tmp_path) -> ProjectCopy:
    return ProjectCopy(tmp_path)


@pytest.fixture
def uploads(project) -> ProjectCopy:
    """A ProjectCopy with a Word file uploaded to data/materials/ as material [2] (its `file:`
    at data/materials.yml:23:9): the tests of uploaded files break this one."""
    return project.with_uploaded_material()
