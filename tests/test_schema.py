"""JSON Schemas generated from the models: current, valid, and agreeing with the data files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from macros.data import kinds, schema
from macros.data.reader import read
from tests.conftest import ROOT


def data_files() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yml"))


def validator(kind: kinds.DataFile) -> Draft7Validator:
    committed = json.loads((ROOT / kind.schema_path).read_text(encoding="utf-8"))
    return Draft7Validator(committed, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(kind: kinds.DataFile, value: object) -> list[tuple[str, str]]:
    """(path, validator keyword) of each schema error, as an editor would flag them."""
    found = validator(kind).iter_errors(value)
    return sorted(("/".join(str(p) for p in e.absolute_path), e.validator) for e in found)


def yaml_value(name: str, text: str | None = None, tmp_path: Path | None = None) -> object:
    """A data file read as the editor reads it: dates and times stay text."""
    if text is None:
        return read(ROOT / name, ROOT).value
    path = tmp_path / Path(name).name
    path.write_text(text, encoding="utf-8")
    return read(path, tmp_path).value


def test_the_committed_schemas_are_what_the_models_give():
    assert schema.stale(ROOT) == [], "Chạy `python -m macros schema` (hoặc `make schema`) rồi commit docs/du-lieu/schema/."


def test_every_schema_is_a_valid_draft_07_schema():
    for path in schema.schemas():
        Draft7Validator.check_schema(json.loads((ROOT / path).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", data_files())
def test_each_shipped_data_file_validates_against_its_schema(name):
    kind = kinds.kind_of(name)
    assert kind is not None, f"{name}: không thuộc loại tệp nào trong macros/kinds.py"
    assert errors(kind, yaml_value(name)) == []


def test_a_broken_class_file_fails_its_schema_where_the_editor_would_flag_it(tmp_path):
    text = (ROOT / "data/classes/lop-2.yml").read_text(encoding="utf-8")
    broken = (text.replace("capacity: 80", "capcity: 80")
                  .replace("status: tentative", "status: du-kien")
                  .replace('start: "08:00"', 'start: "8h"')
                  .replace("start_date: 2026-05-12", "start_date: 12/5/2026"))
    assert errors(kinds.CLASS, yaml_value("lop-2.yml", broken, tmp_path)) == [
        ("", "additionalProperties"),   # capcity
        ("", "required"),               # capacity
        ("sessions/1/start", "pattern"),
        ("start_date", "format"),
        ("start_date", "pattern"),
        ("status", "enum"),
    ]


def test_a_broken_list_file_fails_its_schema(tmp_path):
    broken = '- id: Ban Tai Chinh\n  name: "x"\n  unit: "y"\n  topic: [nu-cong]\n'
    assert errors(kinds.LECTURERS, yaml_value("lecturers.yml", broken, tmp_path)) == [
        ("0", "additionalProperties"),
        ("0/id", "pattern"),
    ]
    assert errors(kinds.LECTURERS, {"id": "x"}) == [("", "type")]


def test_a_time_of_day_without_seconds_is_valid_and_a_bad_hour_is_not():
    time_field = validator(kinds.CLASS).schema["definitions"]["Session"]["properties"]["start"]
    check = Draft7Validator(time_field)
    assert check.is_valid("07:30") and check.is_valid("13:30:00")
    assert not check.is_valid("7:30") and not check.is_valid("24:00") and not check.is_valid("8h")


def test_every_field_carries_its_vietnamese_description_and_no_english_title():
    def walk(node):
        if isinstance(node, dict):
            assert "title" not in node or isinstance(node["title"], dict) or node is root
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{kind.name}: {name} thiếu mô tả"
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in kinds.DATA_FILES:
        root = schema.schema_for(kind)
        walk(root)
        assert root["title"] == kind.title


def test_allowed_values_come_with_their_vietnamese_labels():
    definitions = schema.schema_for(kinds.CLASS)["definitions"]
    assert definitions["ClassStatus"]["enum"] == ["tentative", "confirmed", "finished", "postponed"]
    assert definitions["ClassStatus"]["enumDescriptions"] == ["Dự kiến", "Đã xác nhận", "Đã kết thúc", "Hoãn"]
    assert definitions["SessionKind"]["enumDescriptions"] == ["Khai mạc", "Chuyên đề", "Thảo luận, trao đổi", "Bế mạc"]


def test_list_files_have_array_schemas_and_record_files_object_schemas():
    for kind in kinds.DATA_FILES:
        assert schema.schema_for(kind)["type"] == ("array" if kind.many else "object")


@pytest.mark.parametrize("name", data_files())
def test_every_data_file_starts_with_the_line_that_names_its_schema(name):
    kind = kinds.kind_of(name)
    assert kind is not None, f"{name}: thêm loại tệp này vào DATA_FILES trong macros/kinds.py"
    first = (ROOT / name).read_text(encoding="utf-8").splitlines()[0]
    assert first == kind.modeline(name)
    target = (ROOT / name).parent / first.split("$schema=", 1)[1]
    assert target.resolve() == (ROOT / kind.schema_path).resolve()


def test_vscode_maps_every_kind_of_data_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {kind.schema_path: [kind.pattern] for kind in kinds.DATA_FILES}


def test_the_schema_command_reports_stale_schemas_and_rewrites_them(tmp_path):
    import shutil
    import subprocess
    import sys

    shutil.copytree(ROOT / "docs/du-lieu/schema", tmp_path / "docs/du-lieu/schema")
    (tmp_path / kinds.CLASS.schema_path).write_text("{}\n", encoding="utf-8")
    (tmp_path / "docs/du-lieu/schema/old.schema.json").write_text("{}\n", encoding="utf-8")
    run = lambda *args: subprocess.run([sys.executable, "-m", "macros", "schema", "--root", str(tmp_path), *args],
                                       cwd=ROOT, capture_output=True, text=True)
    stale = run("--check")
    assert stale.returncode == 1
    assert stale.stderr.splitlines()[:2] == [
        "docs/du-lieu/schema/class.schema.json: lược đồ (schema) cũ so với macros/data/models.py",
        "docs/du-lieu/schema/old.schema.json: lược đồ (schema) cũ so với macros/data/models.py",
    ]
    assert run().returncode == 0
    assert run("--check").returncode == 0
    assert not (tmp_path / "docs/du-lieu/schema/old.schema.json").exists()


def test_the_schemas_are_published_under_du_lieu_schema(built):
    for kind in kinds.DATA_FILES:
        published = built / "du-lieu" / "schema" / kind.schema_file
        assert published.read_bytes() == (ROOT / kind.schema_path).read_bytes()
