"""libyaml (fast path) and PyYAML's own parser read every data file to the same values and positions."""

from __future__ import annotations

import pytest
import yaml

from macros import loader
from tests.conftest import ROOT

FILES = sorted((ROOT / "data").rglob("*.yml"))


def parsed_with(text: str, name: str, fast: object, monkeypatch) -> loader.Document:
    monkeypatch.setattr(loader, "_FAST_LOADER", fast)
    return loader.parse(text, name)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_parsers_give_the_same_document(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    fast = parsed_with(text, path.name, yaml.CSafeLoader, monkeypatch)
    slow = parsed_with(text, path.name, None, monkeypatch)
    assert (fast.value, fast.values, fast.keys) == (slow.value, slow.values, slow.keys)


def test_plain_scalars_are_typed_and_quoted_ones_stay_text():
    document = loader.parse('a: 80\nb: "80"\nc: 07:30\nd: true\ne: |\n  80\n', "x.yml")
    assert document.value == {"a": 80, "b": "80", "c": "07:30", "d": True, "e": "80\n"}
