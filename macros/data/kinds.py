"""The kinds of data file staff edit: where each lives, which model it holds, its schema.

One table, read by the schema generator, the open-data export, the staff guide's field
reference and the tests that check every data file names its schema. A new kind of
data file is one line here (and its loading in site.py).
"""

from __future__ import annotations

import difflib
import fnmatch
import posixpath
from dataclasses import dataclass
from typing import Any, Mapping

from pydantic import BaseModel

from .. import urls
from ..text import slugify
from .models import Announcement, FeedbackForm, Lecturer, Material, Plan, Reference, Role, Settings, Topic, TrainingClass, Venue

SCHEMA_FOLDER = "docs/" + urls.SCHEMAS  # committed here, so MkDocs publishes it at /du-lieu/schema/


@dataclass(frozen=True)
class DataFile:
    name: str               # schema name: docs/du-lieu/schema/<name>.schema.json
    pattern: str            # where the files are, from the project root
    model: type[BaseModel]
    many: bool              # the file is a YAML list of records (else one record per file)
    key: str                # the Site attribute, and the key in tap-huan-2026.json
    title: str              # Vietnamese, for people

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def schema_path(self) -> str:
        return SCHEMA_FOLDER + self.schema_file

    @property
    def folder(self) -> bool:
        """One file per record (data/classes/<id>.yml) rather than one file for all."""
        return "*" in self.pattern

    def file_of(self, record_id: str) -> str:
        """'data/classes/lop-1.yml' for a folder kind; the one file otherwise."""
        return self.pattern.replace("*", record_id)

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.pattern)

    def modeline(self, path: str) -> str:
        """The first line of a data file: tells VS Code's YAML extension which schema applies."""
        relative = posixpath.relpath(self.schema_path, posixpath.dirname(path))
        return f"# yaml-language-server: $schema={relative}"


PLAN = DataFile("plan", "data/plan.yml", Plan, False, "plan", "Kế hoạch")
TOPIC = DataFile("topic", "data/topics/*.yml", Topic, False, "topics", "Chuyên đề")
CLASS = DataFile("class", "data/classes/*.yml", TrainingClass, False, "classes", "Lớp tập huấn")
LECTURERS = DataFile("lecturers", "data/lecturers.yml", Lecturer, True, "lecturers", "Báo cáo viên")
VENUES = DataFile("venues", "data/venues.yml", Venue, True, "venues", "Địa điểm")
REFERENCES = DataFile("references", "data/references.yml", Reference, True, "references", "Văn bản tham khảo")
MATERIALS = DataFile("materials", "data/materials.yml", Material, True, "materials", "Tài liệu")
ANNOUNCEMENTS = DataFile("announcements", "data/announcements.yml", Announcement, True, "announcements", "Thông báo")
ROLES = DataFile("roles", "data/roles.yml", Role, True, "roles", "Vai trò duyệt nội dung")
SETTINGS = DataFile("settings", "data/settings.yml", Settings, False, "settings", "Cài đặt đăng tải")
FEEDBACK = DataFile("feedback", "data/feedback.yml", FeedbackForm, False, "feedback", "Phiếu lấy ý kiến học viên")

DATA_FILES: tuple[DataFile, ...] = (PLAN, TOPIC, CLASS, LECTURERS, VENUES, REFERENCES, MATERIALS, ANNOUNCEMENTS, ROLES, SETTINGS, FEEDBACK)


def kind_of(path: str) -> DataFile | None:
    """The kind of the data file at path ('data/classes/lop-1.yml'), if any."""
    return next((kind for kind in DATA_FILES if kind.matches(path) and posixpath.dirname(path) == posixpath.dirname(kind.pattern)), None)


def expected_name(path: str) -> str | None:
    """The name a misnamed data file was probably meant to have: 'data/classes/Lop-6.YML' and
    'data/classes/lop-6.yaml' -> 'data/classes/lop-6.yml'; 'data/thong-bao.yml' ->
    'data/announcements.yml' (by the kind's Vietnamese title); None when nothing is close."""
    folder, name = posixpath.split(path)
    stem, _, extension = name.rpartition(".") if "." in name else (name, "", "yml")
    if name.startswith(".") or extension.lower() not in ("yml", "yaml"):
        return None  # a hidden file (.DS_Store) or another kind of file: no data file was meant
    candidate = f"{folder}/{slugify(stem)}.yml"
    if slugify(stem) and kind_of(candidate):
        found = kind_of(candidate)
        if found.folder or candidate == found.pattern:
            return candidate
    files = [kind for kind in DATA_FILES if not kind.folder and posixpath.dirname(kind.pattern) == folder]
    for kind in files:
        if slugify(stem) in (slugify(kind.title), slugify(kind.name), slugify(kind.key)):
            return kind.pattern
    close = difflib.get_close_matches(slugify(stem), [posixpath.basename(k.pattern).removesuffix(".yml") for k in files], n=1, cutoff=0.7)
    return f"{folder}/{close[0]}.yml" if close else None


def dump(site: Any) -> dict[str, Any]:
    """Every record of the Site as plain JSON values, keyed as in tap-huan-2026.json."""
    out: dict[str, Any] = {}
    for kind in DATA_FILES:
        value = getattr(site, kind.key)
        if isinstance(value, BaseModel):
            out[kind.key] = value.model_dump(mode="json")
        else:
            out[kind.key] = [record.model_dump(mode="json") for record in value]
    return out


def undump(data: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of dump(): validated records (a tuple per collection) from plain values."""
    out: dict[str, Any] = {}
    for kind in DATA_FILES:
        value = data[kind.key]
        if isinstance(value, list):
            out[kind.key] = tuple(kind.model.model_validate(item) for item in value)
        else:
            out[kind.key] = kind.model.model_validate(value)
    return out
