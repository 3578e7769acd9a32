"""The staff guide's field reference and rule list, generated: never copied by hand.

Fields come from the JSON Schemas that schema.py makes from the models (names, required,
types, allowed values, defaults, the Vietnamese descriptions); the rules come from the
docstrings of the models' record rules and the cross-record checks (checks.GUIDE). Pure:
returns plain data for templates.
"""

from __future__ import annotations

import inspect
import json
from typing import Iterator

from .. import urls
from ..data import checks
from ..data.kinds import DATA_FILES, DataFile
from ..data.models import ID_PATTERN
from ..data.schema import TIME_PATTERN, schema_for
from ..text import range_in_words
from .links import Linker


def _resolve(schema: dict, definitions: dict) -> dict:
    """Follow `allOf: [{$ref}]` and `$ref` to the definition they name."""
    if "allOf" in schema and len(schema["allOf"]) == 1:
        schema = schema["allOf"][0]
    if "$ref" in schema:
        return definitions[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _optional_inner(schema: dict) -> dict:
    """The non-null branch of `anyOf: [X, {type: null}]`."""
    branches = [s for s in schema.get("anyOf", ()) if s.get("type") != "null"]
    return branches[0] if len(branches) == 1 else schema


def type_label(schema: dict, definitions: dict) -> str:
    """A field's type as staff say it: 'mã', 'ngày (YYYY-MM-DD)', 'danh sách chữ'…"""
    schema = _resolve(_optional_inner(schema), definitions)
    kind = schema.get("type")
    if "enum" in schema:
        return "một giá trị trong danh sách"
    if kind == "object":
        return "nhóm khóa (bảng bên dưới)"
    if kind == "array":
        count = _count(schema)
        return f"danh sách {type_label(schema.get('items', {}), definitions)}" + (f" ({count})" if count else "")
    if kind == "integer":
        bounds = range_in_words(schema.get("minimum"), schema.get("maximum"))
        return "số nguyên" + (f" {bounds}" if bounds else "")
    if kind == "boolean":
        return "true hoặc false"
    if schema.get("format") == "date":
        return "ngày (YYYY-MM-DD)"
    if schema.get("pattern") == TIME_PATTERN:
        return "giờ (HH:MM)"
    if schema.get("pattern") == ID_PATTERN:
        return "mã"
    return "chữ" + (f" (tối đa {schema['maxLength']} ký tự)" if "maxLength" in schema else "")


def _count(schema: dict) -> str:
    low, high = schema.get("minItems"), schema.get("maxItems")
    if low and high:
        return f"{low}–{high} mục"
    if low:
        return f"ít nhất {low} mục"
    return f"nhiều nhất {high} mục" if high else ""


def allowed_values(schema: dict, definitions: dict) -> list[dict]:
    schema = _resolve(_optional_inner(schema), definitions)
    if schema.get("type") == "array":
        schema = _resolve(schema.get("items", {}), definitions)
    labels = schema.get("enumDescriptions", [])
    return [{"value": value, "label": labels[i] if i < len(labels) else ""} for i, value in enumerate(schema.get("enum", ()))]


def _default(schema: dict) -> str | None:
    if "default" not in schema or schema["default"] in (None, []):
        return None
    return json.dumps(schema["default"], ensure_ascii=False).strip('"')


def _nested(schema: dict, definitions: dict) -> dict | None:
    """The record a field holds (itself or in a list), if it is a group of keys."""
    inner = _resolve(_optional_inner(schema), definitions)
    if inner.get("type") == "array":
        inner = _resolve(inner.get("items", {}), definitions)
    return inner if inner.get("type") == "object" and "properties" in inner else None


def _fields(record: dict, definitions: dict) -> list[dict]:
    required = set(record.get("required", ()))
    return [
        {
            "name": name,
            "required": name in required,
            "type": type_label(prop, definitions),
            "allowed": allowed_values(prop, definitions),
            "default": _default(prop),
            "description": prop.get("description", ""),
        }
        for name, prop in record.get("properties", {}).items()
    ]


def _tables(record: dict, definitions: dict, caption: str) -> Iterator[dict]:
    """This record's fields, then each group of keys nested in it, depth first."""
    yield {"caption": caption, "fields": _fields(record, definitions)}
    for name, prop in record.get("properties", {}).items():
        nested = _nested(prop, definitions)
        if nested is not None:
            many = _resolve(_optional_inner(prop), definitions).get("type") == "array"
            label = f"Mỗi mục của {name}" if many else f"Các khóa trong {name}"
            yield from _tables(nested, definitions, label)


def file_reference(kind: DataFile) -> dict:
    """Where a kind of data file lives and, table by table, what goes in it."""
    schema = schema_for(kind)
    definitions = schema.get("definitions", {})
    record = _resolve(schema["items"], definitions) if kind.many else schema
    caption = "Mỗi mục của danh sách" if kind.many else "Các khóa của tệp"
    return {
        "title": kind.title,
        "pattern": kind.pattern.replace("*", "<mã>"),
        "many": kind.many,
        "folder": kind.folder,
        "schema_file": kind.schema_file,
        "key": kind.key,
        "tables": list(_tables(record, definitions, caption)),
    }


def field_reference() -> list[dict]:
    return [file_reference(kind) for kind in DATA_FILES]


def rules() -> list[dict]:
    """Each rule beyond a single field as staff read it: its docstring, in the guide's order."""
    return [{"name": entry[0].__name__, "text": inspect.getdoc(entry[0]) or ""} for entry in checks.GUIDE]


def field_reference_view(page: str) -> list[dict]:
    """Every kind of data file, with a link to its schema from the page at `page`."""
    link = Linker(page)
    return [{**file_reference(kind), "schema_url": link.to(urls.SCHEMAS + kind.schema_file)} for kind in DATA_FILES]
