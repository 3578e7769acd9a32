"""Records read from data files, validated against their models, with where they came from.

Every problem is collected, never raised one at a time: the loaders append to `problems`.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import describe, without_echoes
from .models import Record
from .problems import DataError, Loc, Problem, field_label
from .reader import Document, read, relative_name

R = TypeVar("R", bound=Record)

# In a set of failed ids: the whole file failed (it did not parse), so any id may be in it.
ANY = "*"


@dataclass(frozen=True)
class Located(Generic[R]):
    """A record and its place in a data file."""

    record: R
    document: Document
    loc: Loc = ()  # of the record in its file: () for a file of one record, (3,) for the fourth of a list

    @property
    def file(self) -> str:
        return self.document.file

    def problem(self, sub: Loc, message: str, hint: str = "", *, key: bool = False) -> Problem:
        full = self.loc + sub
        return self.document.problem(full, field_label(full), message, hint, key=key)

    def where(self, sub: Loc = ()) -> str:
        mark = self.document.mark(self.loc + sub)
        return f"{self.file}:{mark.line}"


def claimed_id(value: object, document: Document, loc: Loc) -> str | None:
    """The id a record that failed its model was meant to have: its `id` if that is text,
    else, for a file of one record, the file's name ('data/topics/nu-cong.yml' -> 'nu-cong')."""
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return document.file.rsplit("/", 1)[-1].removesuffix(".yml") if loc == () else None


def validate(model: type[R], document: Document, value: object, loc: Loc, problems: list[Problem],
             failed: set[str] | None = None) -> Located[R] | None:
    """The record, or None when its fields are wrong. A valid record that breaks a record rule
    is returned all the same, so the rules across records still see it; what it breaks is
    among the problems. The id of a record that fails goes into `failed`: references to it
    are not missing, the record is (and is reported once, where it is wrong)."""
    try:
        located = Located(model.model_validate(value), document, loc)
    except ValidationError as error:
        _report(model, Located(None, document, loc), without_echoes(model, error.errors(include_url=False)), problems)
        if failed is not None and claimed_id(value, document, loc) is not None:
            failed.add(claimed_id(value, document, loc))
        return None
    _report(model, located, located.record.broken_rules(), problems)
    return located


def _report(model: type[BaseModel], located: Located, errors: list, problems: list[Problem]) -> None:
    for error in errors:
        said = describe(model, error, located.where)
        problems.append(located.problem(tuple(error["loc"]), said.message, said.hint, key=said.at_key))


def _read(path: Path, root: Path, problems: list[Problem]) -> Document | None:
    try:
        return read(path, root)
    except DataError as error:
        problems.extend(error.problems)
        return None


def load_record(path: Path, root: Path, model: type[R], problems: list[Problem],
                failed: set[str] | None = None, *, optional: bool = False) -> Located[R] | None:
    """A file holding one record; `failed` collects the ids of records that fail (see validate)."""
    if optional and not path.exists():
        return None
    if not path.exists():
        name = path.relative_to(root).as_posix()
        problems.append(Problem(name, 1, 1, "", "thiếu tệp", f"Tạo tệp {name} theo mẫu trong trang Hướng dẫn."))
        return None
    document = _read(path, root, problems)
    if document is None and failed is not None:
        failed.add(path.name.removesuffix(".yml"))
    return validate(model, document, document.value, (), problems, failed) if document else None


def load_folder(folder: Path, root: Path, model: type[R], problems: list[Problem],
                failed: set[str] | None = None) -> list[Located[R]]:
    """A folder with one record per .yml file, in file-name order."""
    # Exactly '*.yml': any other name in the folder (Lop-6.YML, lop-5.yaml) is reported by
    # checks.every_data_file_is_read, with the name it should have.
    paths = sorted((p for p in folder.glob("*.yml") if p.suffix == ".yml"), key=lambda p: p.name)
    found = [load_record(path, root, model, problems, failed) for path in paths]
    return [item for item in found if item is not None]


def load_list(path: Path, root: Path, model: type[R], problems: list[Problem], *, optional: bool = False,
              failed: set[str] | None = None) -> list[Located[R]]:
    """A file holding a YAML list of records; `failed` collects the ids of records that fail."""
    if optional and not path.exists():
        return []
    document = _read(path, root, problems) if path.exists() else None
    if document is None:
        if failed is not None:
            failed.add(ANY)
        if not path.exists():
            name = path.relative_to(root).as_posix()
            problems.append(Problem(name, 1, 1, "", "thiếu tệp", f"Tạo tệp {name} (một danh sách, mỗi mục bắt đầu bằng '- ')."))
        return []
    if not isinstance(document.value, list):
        if failed is not None:
            failed.add(ANY)
        problems.append(document.problem((), "", "tệp phải là một danh sách", "Mỗi mục bắt đầu bằng '- ' ở đầu dòng."))
        return []
    found = [validate(model, document, item, (i,), problems, failed) for i, item in enumerate(document.value)]
    return [item for item in found if item is not None]


@dataclass(frozen=True)
class Entry:
    """Something found under data/, as it is on disk (a link is not followed)."""

    path: str  # from the project root: 'data/classes/Lop-6.YML'
    link: bool
    regular: bool


def census(root: Path, folder: str) -> list[Entry]:
    """Everything under root/folder, in name order: files, links, anything but folders. A
    linked folder is listed, never entered."""
    found = []
    for here, folders, files in os.walk(root / folder, followlinks=False):
        for name in [*files, *(f for f in folders if os.path.islink(os.path.join(here, f)))]:
            full = os.path.join(here, name)
            mode = os.lstat(full).st_mode
            found.append(Entry(relative_name(full, root), stat.S_ISLNK(mode), stat.S_ISREG(mode)))
        folders.sort()
    return sorted(found, key=lambda entry: entry.path)
