"""What the last build generated from the Site, kept for the next build of the same inputs.

The pages of records and the exports (macros/build.py) are pure functions of the Site, the
base URL, the code and templates under macros/ and the installed packages, so a build whose
inputs all match the last one's (a change to docs/ or the theme only, a rebuild in
`mkdocs serve`, CI re-running a commit) can take what that build generated instead of
generating it again. The key is a digest of all of those inputs; one entry is one tar file
(`<key>.tar`) of the pages and files with a manifest of each one's SHA-256 and each PDF's
page count. An entry that fails to read or whose bytes do not match the manifest counts as
missing: everything is generated again.

Tar is read member by member into memory, never extracted to disk.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel

from .pdf import system_libraries
from .site import Site

MEMO_FORMAT = "1"  # bump when the way a key is made or an entry is written changes
CODE = Path(__file__).resolve().parent  # the macros package: code, templates, fonts
MANIFEST = "manifest.json"
PARTS = ("pages", "files")  # the members of an entry, by folder


@dataclasses.dataclass(frozen=True)
class Generated:
    pages: dict[str, str]  # Markdown of each generated page, by source path
    files: dict[str, bytes]  # each export, by public path
    page_counts: dict[str, int]  # of each PDF among the files, by SHA-256 of its bytes


class Memo:
    """What the last build generated, under a digest of everything it was generated from."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: str | None = None
        self.hit = False

    def key(self, site: Site, base_url: str) -> str:
        digest = hashlib.sha256(_environment_digest())
        _feed(digest, base_url)
        _feed(digest, site)
        return digest.hexdigest()

    def load(self, key: str) -> Generated | None:
        self.used = key
        try:
            kept = _read(self.folder / f"{key}.tar")
        except (OSError, tarfile.TarError, ValueError, KeyError):
            kept = None
        self.hit = kept is not None
        return kept

    def store(self, key: str, generated: Generated) -> None:
        # Written aside and renamed: an interrupted build leaves no truncated entry behind.
        self.used = key
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, scratch = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(_tar(generated))
        os.replace(scratch, self.folder / f"{key}.tar")

    def prune(self) -> int:
        """Remove every entry (and leftover scratch file) but the one this build used."""
        if not self.folder.is_dir():
            return 0
        stale = [p for p in self.folder.iterdir() if p.is_file() and p.name != f"{self.used}.tar"]
        for path in stale:
            path.unlink()
        return len(stale)


# --- one entry: a tar of the files and their manifest -----------------------------------------


def _member(name: str, content: bytes) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(content)  # every other field stays at its fixed default: same files, same bytes
    return info, io.BytesIO(content)


def _tar(generated: Generated) -> bytes:
    parts = {"pages": {src: text.encode("utf-8") for src, text in generated.pages.items()}, "files": generated.files}
    manifest = {part: {name: hashlib.sha256(content).hexdigest() for name, content in parts[part].items()} for part in PARTS}
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(*_member(MANIFEST, json.dumps({**manifest, "page_counts": generated.page_counts}).encode("utf-8")))
        for part in PARTS:
            for name, content in parts[part].items():
                tar.addfile(*_member(f"{part}/{name}", content))
    return out.getvalue()


def _read(path: Path) -> Generated:
    with tarfile.open(path, mode="r:") as tar:
        contents = {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}
    manifest = json.loads(contents.pop(MANIFEST))
    parts = {}
    for part in PARTS:
        parts[part] = {name: contents[f"{part}/{name}"] for name in manifest[part]}
        if {name: hashlib.sha256(content).hexdigest() for name, content in parts[part].items()} != manifest[part]:
            raise ValueError(f"the {part} do not match the manifest")
    pages = {src: content.decode("utf-8") for src, content in parts["pages"].items()}
    return Generated(pages, parts["files"], dict(manifest["page_counts"]))


# --- the key -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment_digest() -> bytes:
    """The code and templates of this package, the Python and installed packages, and the
    system's text-shaping libraries: read once per process."""
    digest = hashlib.sha256(MEMO_FORMAT.encode())
    _feed(digest, sys.version)
    for name, path in _code_files():
        _feed(digest, name)
        _feed(digest, path.read_bytes())
    _feed(digest, tuple(_installed_packages()))
    _feed(digest, tuple(system_libraries()))
    return digest.digest()


def _code_files() -> list[tuple[str, Path]]:
    """(path from CODE, path) of every file of the package, bytecode left out (not walked)."""
    found = []
    for folder, subfolders, files in os.walk(CODE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend((Path(folder, name).relative_to(CODE).as_posix(), Path(folder, name)) for name in files)
    return sorted(found)


def _installed_packages() -> list[str]:
    """'name-version.dist-info' of every package on the path, without reading its metadata."""
    return sorted({name for folder in sys.path if os.path.isdir(folder) for name in os.listdir(folder)
                   if name.endswith((".dist-info", ".egg-info"))})


def _feed(digest, value) -> None:
    """Add a value to a digest with its kind and length, so that no two values feed the same bytes."""
    if isinstance(value, bytes):
        digest.update(b"b" + len(value).to_bytes(8, "big") + value)
    elif isinstance(value, str):
        digest.update(b"s")
        _feed(digest, value.encode("utf-8"))
    elif isinstance(value, BaseModel):
        digest.update(b"m")
        _feed(digest, (type(value).__name__, value.model_dump_json()))
    elif isinstance(value, (Enum, date, int, float, bool)) or value is None:
        digest.update(b"v")
        _feed(digest, f"{type(value).__name__}:{value!r}")
    elif isinstance(value, (tuple, list)):
        digest.update(b"t" + len(value).to_bytes(8, "big"))
        for item in value:
            _feed(digest, item)
    elif isinstance(value, Mapping):
        _feed(digest, tuple(sorted(value.items())))
    elif dataclasses.is_dataclass(value):
        _feed(digest, tuple((f.name, getattr(value, f.name)) for f in dataclasses.fields(value) if f.init))
    else:
        raise TypeError(f"no digest for {type(value).__name__}")
