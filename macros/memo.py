"""What the last good build made from the data, kept for the next build of the same inputs.

All the portal adds to a site is a pure function of the files under data/ (records and
material files), their git history, the base URL, the code and templates under macros/ and
the installed packages: the pages of records, the exports, the navigation, the dates of
pages, the plan's fields and the blocks that hand-written pages embed. A build whose inputs
all match the last good build's (a change to docs/ or the theme only, a rebuild in `mkdocs
serve`, CI re-running a commit) takes all of that from the memo. It does not validate the
data again: the data is, byte for byte, what that build validated.

The key is a digest of those inputs. One entry is one tar file (`<key>.tar`): the pages and
files, the facts and the blocks, with a manifest of each one's SHA-256 and each PDF's page
count. An entry is written only after a good build; one that fails to read or whose bytes do
not match its manifest counts as missing, and everything is made again.

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
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Mapping

from .files import DATA
from .pdf import system_libraries

MEMO_FORMAT = "2"  # bump when the way a key is made or an entry is written changes
CODE = Path(__file__).resolve().parent  # the macros package: code, templates, fonts
MANIFEST = "manifest.json"
PARTS = ("pages", "files")  # the members of an entry, by folder
SINGLES = ("facts.json", "blocks.json")  # the members of an entry, one file each


@dataclasses.dataclass(frozen=True)
class Facts:
    """What the MkDocs adapter takes from the Site besides pages and files."""

    nav: list  # MkDocs' nav
    updated_on: dict[str, date]  # source path -> the date its content last changed
    plan: Any  # the plan's fields for hand-written pages ({{ plan.number }}), as attributes

    def to_json(self) -> bytes:
        fields = {"nav": self.nav, "updated_on": self.updated_on, "plan": _as_dict(self.plan)}
        return json.dumps(fields, ensure_ascii=False, default=_tagged).encode("utf-8")

    @classmethod
    def from_json(cls, text: bytes) -> "Facts":
        fields = json.loads(text, object_hook=_untagged)
        return cls(fields["nav"], fields["updated_on"], _as_attributes(fields["plan"]))


def _tagged(value: object) -> dict:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"{type(value).__name__} has no JSON form in the memo")


def _untagged(found: dict) -> object:
    return date.fromisoformat(found["$date"]) if found.keys() == {"$date"} else found


def _as_attributes(value: object) -> object:
    """Mappings as objects with attributes, lists as tuples: what templates see of a model
    (plan.quantity.classes, plan.contents | length)."""
    if isinstance(value, dict):
        return SimpleNamespace(**{key: _as_attributes(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(_as_attributes(item) for item in value)
    return value


def _as_dict(value: object) -> object:
    if isinstance(value, SimpleNamespace):
        return {key: _as_dict(item) for key, item in vars(value).items()}
    if isinstance(value, dict):
        return {key: _as_dict(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_dict(item) for item in value]
    return value


@dataclasses.dataclass(frozen=True)
class Generated:
    pages: dict[str, str]  # Markdown of each generated page, by source path
    files: dict[str, bytes]  # each export, by public path
    page_counts: dict[str, int]  # of each PDF among the files, by SHA-256 of its bytes
    facts: Facts
    blocks: dict[str, str]  # what each block of a hand-written page gave, by block_key()


def block_key(name: str, page_url: str) -> str:
    return f"{name} {page_url}"


class Memo:
    """What the last good build made, under a digest of everything it was made from."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: str | None = None
        self.hit = False

    def load(self, key: str) -> Generated | None:
        self.used = key
        try:
            kept = _read(self.folder / f"{key}.tar")
        except (OSError, tarfile.TarError, ValueError, KeyError, TypeError):
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


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _tar(generated: Generated) -> bytes:
    parts = {"pages": {src: text.encode("utf-8") for src, text in generated.pages.items()}, "files": generated.files}
    singles = {"facts.json": generated.facts.to_json(),
               "blocks.json": json.dumps(generated.blocks, ensure_ascii=False, sort_keys=True).encode("utf-8")}
    manifest = {part: {name: _sha256(content) for name, content in parts[part].items()} for part in PARTS}
    manifest.update({name: _sha256(content) for name, content in singles.items()}, page_counts=generated.page_counts)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
        # Unsorted: pages and files keep the order they were made in, which MkDocs lists them by.
        tar.addfile(*_member(MANIFEST, json.dumps(manifest).encode("utf-8")))
        for name, content in singles.items():
            tar.addfile(*_member(name, content))
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
        if {name: _sha256(content) for name, content in parts[part].items()} != manifest[part]:
            raise ValueError(f"the {part} do not match the manifest")
    if any(_sha256(contents[name]) != manifest[name] for name in SINGLES):
        raise ValueError("the facts or the blocks do not match the manifest")
    pages = {src: content.decode("utf-8") for src, content in parts["pages"].items()}
    return Generated(pages, parts["files"], dict(manifest["page_counts"]), Facts.from_json(contents["facts.json"]),
                     json.loads(contents["blocks.json"]))


# --- the key -----------------------------------------------------------------------------------


def inputs_key(root: Path, base_url: str, changed_on: Mapping[str, date]) -> str:
    """A digest of every input of what a build makes from the data: see the module's docstring."""
    digest = hashlib.sha256(_environment_digest())
    _feed(digest, base_url)
    _feed_files(digest, root / DATA)
    _feed(digest, changed_on)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _environment_digest() -> bytes:
    """The code and templates of this package, the Python and installed packages, and the
    system's text-shaping libraries: read once per process."""
    digest = hashlib.sha256(MEMO_FORMAT.encode())
    _feed(digest, sys.version)
    _feed_files(digest, CODE)
    _feed(digest, tuple(_installed_packages()))
    _feed(digest, tuple(system_libraries()))
    return digest.digest()


def _feed_files(digest, folder: Path) -> None:
    """The name (from folder) and bytes of every file under it, bytecode left out (not walked)."""
    found = []
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend((Path(parent, name).relative_to(folder).as_posix(), Path(parent, name)) for name in files)
    for name, path in sorted(found):
        _feed(digest, name)
        _feed(digest, path.read_bytes())


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
    elif isinstance(value, (date, int)) or value is None:  # bool is an int
        digest.update(b"v")
        _feed(digest, f"{type(value).__name__}:{value!r}")
    elif isinstance(value, (tuple, list)):
        digest.update(b"t" + len(value).to_bytes(8, "big"))
        for item in value:
            _feed(digest, item)
    elif isinstance(value, Mapping):
        _feed(digest, tuple(sorted(value.items())))
    else:
        raise TypeError(f"no digest for {type(value).__name__}")
