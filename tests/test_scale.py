"""The benchmark's generated data is valid and deterministic; a long menu is grouped."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import generate_data
from macros.build import pages
from macros.data.site import load_site
from tests.conftest import ROOT


def generated(root: Path, scale: int, seed: int = 7) -> Path:
    (root / "data").mkdir(parents=True)
    generate_data(root / "data", scale, seed)
    return root


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yml"))}


def test_the_generator_gives_the_same_bytes_for_the_same_seed_and_valid_data(tmp_path):
    first, second = generated(tmp_path / "a", 3), generated(tmp_path / "b", 3)
    assert files(first) == files(second)
    site = load_site(first)
    assert (len(site.topics), len(site.classes), sum(len(c.sessions) for c in site.classes)) == (27, 15, 180)


def test_the_generator_at_scale_one_is_the_shipped_data(tmp_path):
    assert files(generated(tmp_path, 1) / "data") == files(ROOT / "data")


def section(nav: list, name: str) -> list:
    return next(item[name] for item in nav if name in item)[1:]  # after the section's index page


def test_a_section_with_many_records_lists_them_in_groups(tmp_path):
    site = load_site(generated(tmp_path, 5))
    topics, classes = section(pages.nav(site), "Chương trình"), section(pages.nav(site), "Lớp học")
    assert [next(iter(group)) for group in topics] == ["Chuyên đề 1–20", "Chuyên đề 21–40", "Chuyên đề 41–45"]
    assert all(len(next(iter(group.values()))) <= pages.NAV_GROUP_SIZE for group in topics)
    months = {label: [next(iter(entry)) for entry in entries] for group in classes for label, entries in group.items()}
    assert sorted(name for names in months.values() for name in names) == sorted(c.name for c in site.classes)
    for label, names in months.items():
        starts = [next(c.start_date for c in site.classes if c.name == name) for name in names]
        assert starts == sorted(starts) and {f"Tháng {d.month}/{d.year}" for d in starts} == {label}


def test_the_shipped_menu_lists_every_topic_and_class_flat(site):
    nav = pages.nav(site)
    assert section(nav, "Chương trình") == [{t.title: f"chuong-trinh/{t.id}.md"} for t in site.topics]
    assert section(nav, "Lớp học") == [{c.name: f"lop-hoc/{c.id}.md"} for c in site.classes]
