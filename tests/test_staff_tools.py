"""Tools for staff who edit on their own machine: yamllint accepts the data as it is and
catches what it should; pre-commit runs the same data check as CI, with the pinned versions."""

from __future__ import annotations

import re

import yaml
from yamllint import config as yamllint_config
from yamllint import linter

from tests.conftest import ROOT


def lint(text: str, name: str) -> list[str]:
    conf = yamllint_config.YamlLintConfig(file=str(ROOT / ".yamllint"))
    return [f"{p.line}:{p.column}: {p.rule or 'syntax'}" for p in linter.run(text, conf, name)]


def yaml_files() -> list[str]:
    found = [p for p in ROOT.rglob("*.y*ml") if ".venv" not in p.parts and "site" not in p.parts]
    found += [ROOT / ".yamllint", ROOT / ".pre-commit-config.yaml"]
    return sorted({p.relative_to(ROOT).as_posix() for p in found})


def test_yamllint_accepts_every_yaml_file_of_the_project():
    problems = {name: lint((ROOT / name).read_text(encoding="utf-8"), name) for name in yaml_files()}
    assert "data/classes/lop-1.yml" in problems and "mkdocs.yml" in problems
    assert {name: found for name, found in problems.items() if found} == {}


def test_yamllint_catches_tabs_trailing_spaces_and_repeated_keys():
    text = (ROOT / "data/classes/lop-2.yml").read_text(encoding="utf-8")
    assert lint(text.replace("capacity: 80", "capacity: 80   "), "lop-2.yml") == ["9:13: trailing-spaces"]
    assert lint(text.replace("capacity: 80", "capacity: 80\ncapacity: 90"), "lop-2.yml") == ["10:1: key-duplicates"]
    assert lint(text.replace("  - date: 2026-05-12\n    start: \"07:30\"", "  - date: 2026-05-12\n\tstart: \"07:30\"", 1),
                "lop-2.yml") == ["15:1: syntax"]


def pins(name: str) -> dict[str, str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return dict(re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line).groups() for line in lines if "==" in line)


def test_pre_commit_runs_the_data_check_schemas_and_yamllint_with_the_pinned_versions():
    hooks = {hook["id"]: hook for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
             for hook in repo["hooks"]}
    assert hooks["data-check"]["entry"] == "python -m macros check"
    assert hooks["schemas-current"]["entry"] == "python -m macros schema --check"
    assert hooks["yamllint"]["entry"] == "yamllint --strict"
    pinned = {**pins("requirements.txt"), **pins("requirements-dev.txt")}
    for hook in hooks.values():
        for requirement in hook.get("additional_dependencies", []):
            package, version = requirement.split("==")
            assert pinned[package] == version, f"{hook['id']}: {requirement} ≠ requirements ({pinned[package]})"


def test_make_schema_regenerates_the_schemas():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^schema: .*\n\t@\$\(PY\) -m macros schema$", makefile, flags=re.M)
