"""The memo: a build of unchanged inputs takes what the last build generated, and only then."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from types import MappingProxyType
from unittest import mock

import pytest

from macros import build, memo
from macros.exports import Context
from macros.memo import Generated, Memo
from macros.pdf import PdfCache
from tests.conftest import mkdocs_config

SAMPLE = Generated(pages={"lop-hoc/lop-1.md": "# Lớp 1\n"}, files={"lich/lop-1.ics": b"BEGIN:VCALENDAR\r\n" * 50,
                                                                     "tai-lieu/a.pdf": b"%PDF-1.7 ..."},
                   page_counts={hashlib.sha256(b"%PDF-1.7 ...").hexdigest(): 2})


@pytest.fixture(scope="module")
def context(built, build_cache) -> Context:
    """The PDFs the shared build rendered, so that generating here renders none."""
    return Context(base_url=mkdocs_config()["site_url"], pdf_cache=PdfCache(build_cache / "pdf"))


def test_a_second_build_of_the_same_site_takes_everything_from_the_memo_unchanged(site, context, tmp_path):
    first = Memo(tmp_path)
    generated = build.generate(site, context, first)
    again = Memo(tmp_path)
    kept = build.generate(site, context, again)
    assert (first.hit, again.hit) == (False, True)
    assert kept == generated == build.generate(site, context)
    assert len(kept.pages) == len(site.topics) + len(site.classes) + 1 and len(kept.files) > 20
    assert any(facts.pages for facts in kept.downloads.values())


def test_any_change_to_a_record_its_files_or_their_history_makes_another_key(site):
    key = Memo(None).key
    renamed = (site.topics[0].model_copy(update={"title": site.topics[0].title + "."}),) + site.topics[1:]
    path = next(iter(site.attachments))
    changed = [
        dataclasses.replace(site, topics=renamed),
        dataclasses.replace(site, attachments=MappingProxyType({**site.attachments, path: site.attachments[path] + b" "})),
        dataclasses.replace(site, changed_on=MappingProxyType({**site.changed_on, "data/plan.yml": date(2030, 1, 1)})),
        dataclasses.replace(site, classes=site.classes[::-1]),
    ]
    keys = {key(site, "https://a.example/"), key(site, "https://b.example/"), *(key(s, "https://a.example/") for s in changed)}
    assert len(keys) == 6
    assert key(dataclasses.replace(site), "https://a.example/") == key(site, "https://a.example/")


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
