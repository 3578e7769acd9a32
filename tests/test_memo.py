"""The memo: a build of unchanged inputs takes what the last good build made, and only then."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from datetime import date
from unittest import mock

import pytest

from macros import memo
from macros.adapter import state
from macros.memo import Facts, Generated, Memo
from tests.conftest import ROOT, mkdocs_config

FACTS = Facts(nav=[{"Trang chủ": "index.md"}], updated_on={"ke-hoach.md": date(2026, 3, 2)},
              plan={"number": "15/KH-LĐLĐ", "date": date(2026, 3, 2), "contents": [{"topic": "dieu-le"}]})
SAMPLE = Generated(pages={"lop-hoc/lop-1.md": "# Lớp 1\n"}, files={"lich/lop-1.ics": b"BEGIN:VCALENDAR\r\n" * 50,
                                                                     "tai-lieu/a.pdf": b"%PDF-1.7 ..."},
                   page_counts={hashlib.sha256(b"%PDF-1.7 ...").hexdigest(): 2}, facts=Facts.from_json(FACTS.to_json()),
                   blocks={"class_table lop-hoc/": "<table>…</table>"})
BASE_URL = mkdocs_config()["site_url"]


@pytest.fixture
def cache(build_cache, tmp_path):
    """An empty memo beside the PDFs the shared build rendered, so that no test here renders one."""
    shutil.copytree(build_cache / "pdf", tmp_path / "pdf")
    return tmp_path


def test_a_build_of_unchanged_inputs_takes_all_it_needs_from_the_memo_and_never_loads_the_data(built, cache, site):
    first = state.start(ROOT, BASE_URL, str(cache))
    assert state.current().kept is None and state.current().site is not None
    made = state.generated()
    table = state.block("class_table", "lop-hoc/")
    state.remember()
    again = state.start(ROOT, BASE_URL, str(cache))
    assert state.current().kept is not None and state.current().site is None
    kept = state.generated()
    assert again.to_json() == first.to_json() and (kept.pages, kept.files, kept.page_counts) == (made.pages, made.files, made.page_counts)
    assert state.block("class_table", "lop-hoc/") == table and state.current().site is None
    assert (again.plan.number, again.plan.date, len(again.plan.contents)) == (site.plan.number, site.plan.date, len(site.plan.contents))
    written = {p: p.stat().st_mtime_ns for p in (cache / "generated").iterdir()}
    state.remember()  # nothing new: the entry is not written again
    assert {p: p.stat().st_mtime_ns for p in (cache / "generated").iterdir()} == written


def test_a_block_the_memo_lacks_is_made_from_the_data_and_kept_for_the_next_build(built, cache):
    state.start(ROOT, BASE_URL, str(cache))
    state.generated()
    state.remember()
    state.start(ROOT, BASE_URL, str(cache))
    state.generated()
    topics = state.block("topic_list", "chuong-trinh/")
    assert state.current().site is not None  # loaded for the new block only
    state.remember()
    state.start(ROOT, BASE_URL, str(cache))
    assert state.current().kept.blocks == {"topic_list chuong-trinh/": topics}


def test_a_build_that_begins_from_the_memo_imports_neither_the_models_nor_pydantic(built, cache):
    state.start(ROOT, BASE_URL, str(cache))
    state.generated()
    state.remember()
    script = ("import sys; from pathlib import Path; from macros.adapter import state; "
              f"state.start(Path({str(ROOT)!r}), {BASE_URL!r}, {str(cache)!r}); state.generated(); "
              "print(state.current().kept is not None, sorted(m for m in sys.modules if m.startswith(('pydantic', 'macros.models'))))")
    found = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.split(None, 1) == ["True", "[]\n"]


def test_any_change_to_a_data_file_a_material_file_or_their_history_makes_another_key(tmp_path):
    (tmp_path / "data" / "materials").mkdir(parents=True)
    (tmp_path / "data" / "plan.yml").write_text("number: 15/KH-LĐLĐ\n", encoding="utf-8")
    (tmp_path / "data" / "materials" / "phieu.docx").write_bytes(b"PK\x03\x04")
    history = {"data/plan.yml": date(2026, 3, 2)}

    def key(url: str = "https://a.example/", changed_on: dict = history) -> str:
        return memo.inputs_key(tmp_path, url, changed_on)

    keys = [key(), key("https://b.example/"), key(changed_on={"data/plan.yml": date(2026, 3, 3)})]
    assert key() == keys[0]
    for path, content in (("plan.yml", b"number: 16/KH-L\xc4\x90L\xc4\x90\n"), ("materials/phieu.docx", b"PK\x03\x04 "),
                          ("classes/lop-1.yml", b"id: lop-1\n")):
        (tmp_path / "data" / path).parent.mkdir(exist_ok=True)
        (tmp_path / "data" / path).write_bytes(content)
        keys.append(key())
    assert len(set(keys)) == 6


def test_any_change_to_the_code_templates_or_installed_packages_makes_another_key(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.md").write_text("{{ title }}")
    digest = memo._environment_digest.__wrapped__
    with mock.patch.object(memo, "CODE", tmp_path):
        before = digest()
        (tmp_path / "templates" / "page.md").write_text("{{ title }}!")
        edited = digest()
        with mock.patch.object(memo, "_installed_packages", lambda: ["jinja2-3.1.5.dist-info"]):
            upgraded = digest()
    assert len({before, edited, upgraded}) == 3
    assert any(name.startswith("pydantic-") for name in memo._installed_packages())


def test_an_entry_reads_back_as_it_was_written_and_a_damaged_one_is_not_used(tmp_path):
    Memo(tmp_path).store("k", SAMPLE)
    assert Memo(tmp_path).load("k") == SAMPLE
    entry = tmp_path / "k.tar"
    whole = entry.read_bytes()
    entry.write_bytes(whole.replace(b"BEGIN:VCALENDAR", b"BEGIN:VCALENDAX", 1))
    damaged = Memo(tmp_path)
    assert damaged.load("k") is None and not damaged.hit
    entry.write_bytes(whole[: whole.index(b"%PDF-1.7") + 3])  # cut short inside the last file
    assert Memo(tmp_path).load("k") is None
    entry.write_bytes(whole.replace(b"index.md", b"indez.md", 1))  # the facts, not the files
    assert Memo(tmp_path).load("k") is None
    assert Memo(tmp_path).load("never-written") is None


def test_after_a_build_only_the_entry_it_used_is_kept(tmp_path):
    for key in ("old", "new"):
        Memo(tmp_path).store(key, SAMPLE)
    (tmp_path / "left-by-a-killed-build.tmp").write_bytes(b"")
    this_build = Memo(tmp_path)
    this_build.load("new")
    assert this_build.prune() == 2
    assert [p.name for p in tmp_path.iterdir()] == ["new.tar"]
    assert Memo(tmp_path / "absent").prune() == 0


def test_no_two_different_values_feed_a_digest_the_same_bytes():
    def digest(value) -> str:
        found = hashlib.sha256()
        memo._feed(found, value)
        return found.hexdigest()

    values = [("ab", "c"), ("a", "bc"), ("abc",), "abc", b"abc", 1, "1", True, None, "None", (), {"a": "b"}, (("a", "b"),), date(2026, 1, 2)]
    assert len({digest(v) for v in values}) == len(values) - 1  # a mapping is its sorted items
    assert digest({"a": "b"}) == digest((("a", "b"),))
    with pytest.raises(TypeError):
        digest(object())
