"""JSON Schemas generated from the models: editor hints and checks while staff type.

Pure: models in, JSON text out. `python -m macros schema` writes them under
docs/du-lieu/schema/ (published at /du-lieu/schema/); a test fails when the committed
files differ from what the models give.

Written as JSON Schema draft-07 with `definitions`, the dialect VS Code's YAML extension
reads best. Times get a pattern instead of `format: time`, which demands seconds and a
time zone ("07:30:00Z") and would flag every "07:30" in the data.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Optional

from pydantic import Field, TypeAdapter, create_model
from pydantic.json_schema import GenerateJsonSchema

from .. import urls
from .kinds import DATA_FILES, SCHEMA_FOLDER, DataFile
from .models import ENUM_LABELS

DRAFT = "http://json-schema.org/draft-07/schema#"
REF_TEMPLATE = "#/definitions/{model}"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATASET = "tap-huan-2026"  # the schema of urls.OPEN_DATA_JSON

_NOTICE = "Tạo tự động từ macros/data/models.py bằng lệnh `python -m macros schema`; đừng sửa tay."


class _Generator(GenerateJsonSchema):
    def time_schema(self, schema) -> dict:
        return {"type": "string", "pattern": TIME_PATTERN}

    def date_schema(self, schema) -> dict:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}

    def enum_schema(self, schema) -> dict:
        result = super().enum_schema(schema)
        result.pop("description", None)  # the enum's English docstring, if any
        labels = ENUM_LABELS.get(schema["cls"])
        if labels:
            result["enumDescriptions"] = [labels[member] for member in schema["members"]]
        return result


_SUBSCHEMA_MAPS = ("properties", "definitions")
_SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf")


def _tidy(schema: dict) -> dict:
    """Drop pydantic's English titles, and wrap a $ref that has siblings (ignored in draft-07)."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title":
            continue
        if key in _SUBSCHEMA_MAPS:
            out[key] = {name: _tidy(sub) for name, sub in value.items()}
        elif key in _SUBSCHEMA_LISTS:
            out[key] = [_tidy(sub) for sub in value]
        elif key == "items" and isinstance(value, dict):
            out[key] = _tidy(value)
        else:
            out[key] = value
    if "$ref" in out and len(out) > 1:
        out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
    return out


def _finish(raw: dict, title: str, description: str) -> dict:
    definitions = raw.pop("$defs", {})
    for definition in definitions.values():
        if "properties" in definition:
            definition.pop("description", None)  # a model's English docstring
    raw.pop("description", None)
    body = _tidy(raw)
    schema = {"$schema": DRAFT, "title": title, "description": description, **body}
    if definitions:
        schema["definitions"] = _tidy({"definitions": definitions})["definitions"]
    return schema


def _where(kind: DataFile) -> str:
    if kind.folder:
        return f"mỗi tệp {kind.pattern.replace('*', '<mã>')}, một bản ghi"
    if kind.many:
        return f"tệp {kind.pattern}, một danh sách (mỗi mục bắt đầu bằng '- ')"
    return f"tệp {kind.pattern}"


@cache  # a pure function of the models; the staff guide and the open-data page both show it
def schema_for(kind: DataFile) -> dict:
    """The JSON Schema of one kind of data file. Shared: read it, never change it."""
    shape = list[kind.model] if kind.many else kind.model
    raw = TypeAdapter(shape).json_schema(ref_template=REF_TEMPLATE, schema_generator=_Generator)
    return _finish(raw, kind.title, f"{kind.title}: {_where(kind)}. {_NOTICE}")


def dataset_schema() -> dict:
    """The JSON Schema of the open-data file: every collection, as in the data files."""
    fields = {
        kind.key: (tuple[kind.model, ...] if kind.many or kind.folder else kind.model,
                   Field(description=f"{kind.title} ({kind.pattern})."))
        for kind in DATA_FILES
    }
    model = create_model("Dataset", __config__={"extra": "forbid"}, **fields)
    raw = model.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=_Generator)
    return _finish(raw, "Dữ liệu tập huấn 2026", f"Toàn bộ dữ liệu của cổng, tệp /{urls.OPEN_DATA_JSON}. {_NOTICE}")


def _text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schemas() -> dict[str, str]:
    """{path from the project root: JSON text} for every schema."""
    files = {kind.schema_path: _text(schema_for(kind)) for kind in DATA_FILES}
    files[f"{SCHEMA_FOLDER}{DATASET}.schema.json"] = _text(dataset_schema())
    return files


def stale(root: Path) -> list[str]:
    """Schema files that differ from the models, are missing, or are left over."""
    expected = schemas()
    found = {p.relative_to(root).as_posix() for p in (root / SCHEMA_FOLDER).glob("*.schema.json")}
    changed = [path for path, text in expected.items() if _read(root / path) != text]
    return sorted(set(changed) | (found - set(expected)))


def write(root: Path) -> list[str]:
    """Write every schema (and remove left-over ones); returns the files that changed."""
    changed = stale(root)
    expected = schemas()
    (root / SCHEMA_FOLDER).mkdir(parents=True, exist_ok=True)
    for path in changed:
        if path in expected:
            (root / path).write_text(expected[path], encoding="utf-8", newline="\n")
        else:
            (root / path).unlink()
    return changed


def _read(path: Path) -> Optional[str]:
    return path.read_text(encoding="utf-8") if path.exists() else None
