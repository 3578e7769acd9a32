"""libyaml (fast path) and PyYAML's own parser read every data file to the same values and positions."""

from __future__ import annotations

import pytest
import yaml

from macros.data import reader
from tests.conftest import ROOT

FILES = sorted((ROOT / "data").rglob("*.yml"))


def parsed_with(text: str, name: str, parser: type, monkeypatch) -> tuple:
    """The value, and the line and column of every value and key, as read by one parser."""
    monkeypatch.setattr(reader, "_PARSERS", (parser,))
    document = reader.parse(text, name)
    positions = document.positions
    marks = {kind: {path: (mark.line, mark.column) for path, mark in table.items()}
             for kind, table in (("values", positions.values), ("keys", positions.keys))}
    return document.value, marks


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_parsers_give_the_same_document(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert parsed_with(text, path.name, yaml.cyaml.CParser, monkeypatch) == parsed_with(text, path.name, yaml.SafeLoader, monkeypatch)


def test_plain_scalars_are_typed_and_quoted_ones_stay_text():
    document = reader.parse('a: 80\nb: "80"\nc: 07:30\nd: true\ne: |\n  80\n', "x.yml")
    assert document.value == {"a": 80, "b": "80", "c": "07:30", "d": True, "e": "80\n"}


def test_a_place_found_by_parsing_up_to_it_is_the_place_a_full_parse_gives():
    """Document.mark parses a file only up to the place a problem names (or, for the record
    itself, takes the place its first parse noted): the same line and column as tracking
    every node, for every key and value of every shipped file, and for places a record does
    not have (their nearest parent)."""
    checked = 0
    shapes = ["- a\n- 'b'\n- 3\n", "# list\n---\n- [1, 2]\n- {a: 1}\n-\n  b: x\n", "a: 1\nb:\n  - x\nc: {d: 2}\n", '"just text"\n']
    for path in [*sorted((ROOT / "data").rglob("*.yml")), *shapes]:
        text = path if isinstance(path, str) else path.read_text(encoding="utf-8")
        parsed = reader.parse(text, "x.yml" if isinstance(path, str) else path.name)
        tracked = reader.Document(parsed.file, parsed.value, text)
        tracked.SEEKS = 0  # always the full parse
        places = [*tracked.positions.values, *tracked.positions.keys, ("nope",), ("sessions", 99, "start"), ("review", "on")]
        if isinstance(parsed.value, list):
            places += [(0, "nope"), (0, "review", "on")]
        for loc in places:
            for key in (False, True):
                expected = tracked.mark(loc, key=key)
                assert reader.Document(parsed.file, parsed.value, text).mark(loc, key=key) == expected, (path, loc)
                assert reader.parse(text, parsed.file).mark(loc, key=key) == expected, (path, loc)
                assert parsed.mark(loc, key=key) == expected, (path, loc)  # asked for many places, in turn
                checked += 1
    assert checked > 2000
