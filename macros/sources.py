"""Validated records together with where they came from, for located messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .loader import Document, read
from .messages import describe, without_echoes
from .problems import DataError, Path, Problem, field_label

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Located(Generic[R]):
    """A record and its place in a data file."""

    record: R
    document: Document
    path: Path = ()

    @property
    def file(self) -> str:
        return self.document.file

    def problem(self, sub: Path, message: str, hint: str = "", *, key: bool = False) -> Problem:
        full = self.path + sub
        return self.document.problem(full, field_label(full), message, hint, key=key)

    def where(self, sub: Path = ()) -> str:
        mark = self.document.mark(self.path + sub)
        return f"{self.file}:{mark.line}"


def validate(model: type[R], document: Document, value: object, path: Path, problems: list[Problem]) -> Located[R] | None:
    try:
        return Located(model.model_validate(value), document, path)
    except ValidationError as error:
        for item in without_echoes(model, error.errors(include_url=False)):
            message, hint, at_key = describe(model, item)
            full = path + tuple(item["loc"])
            problems.append(document.problem(full, field_label(full), message, hint, key=at_key))
        return None


def _read(path: FsPath, root: FsPath, problems: list[Problem]) -> Document | None:
    try:
        return read(path, root)
    except DataError as error:
        problems.extend(error.problems)
        return None


def load_record(path: FsPath, root: FsPath, model: type[R], problems: list[Problem]) -> Located[R] | None:
    """A file holding one record."""
    if not path.exists():
        name = path.relative_to(root).as_posix()
        problems.append(Problem(name, 1, 1, "", "thiếu tệp", f"Tạo tệp {name} theo mẫu trong trang Hướng dẫn."))
        return None
    document = _read(path, root, problems)
    return validate(model, document, document.value, (), problems) if document else None


def load_folder(folder: FsPath, root: FsPath, model: type[R], problems: list[Problem]) -> list[Located[R]]:
    """A folder with one record per .yml file, in file-name order."""
    found = [load_record(path, root, model, problems) for path in sorted(folder.glob("*.yml"), key=lambda p: p.name)]
    return [item for item in found if item is not None]


def load_list(path: FsPath, root: FsPath, model: type[R], problems: list[Problem], *, optional: bool = False) -> list[Located[R]]:
    """A file holding a YAML list of records."""
    if optional and not path.exists():
        return []
    document = _read(path, root, problems) if path.exists() else None
    if document is None:
        if not path.exists():
            name = path.relative_to(root).as_posix()
            problems.append(Problem(name, 1, 1, "", "thiếu tệp", f"Tạo tệp {name} (một danh sách, mỗi mục bắt đầu bằng '- ')."))
        return []
    if not isinstance(document.value, list):
        problems.append(document.problem((), "", "tệp phải là một danh sách", "Mỗi mục bắt đầu bằng '- ' ở đầu dòng."))
        return []
    found = [validate(model, document, item, (i,), problems) for i, item in enumerate(document.value)]
    return [item for item in found if item is not None]
