"""The last step of a build (build/finish.py): the pages are read for assets from other hosts in
a child process while the search index and the offline worker are written."""

from __future__ import annotations

import pytest

from macros.build import assets
from macros.build.finish import Beside, finish


def test_work_done_beside_gives_its_value_or_the_childs_error():
    assert Beside(lambda: ("lớp 2", {1, 2})).result() == ("lớp 2", {1, 2})
    with pytest.raises(RuntimeError, match="ZeroDivisionError: division by zero"):
        Beside(lambda: 1 / 0).result()


def test_a_page_loading_from_another_host_is_found_and_clean_pages_are_remembered_as_clean(tmp_path):
    site = tmp_path / "site"
    (site / "lop-hoc").mkdir(parents=True)
    (site / "index.html").write_text('<p>Trang chủ</p><link rel="stylesheet" href="assets/a.css">', encoding="utf-8")
    (site / "lop-hoc" / "index.html").write_text('<script src="https://cdn.example.com/x.js"></script>', encoding="utf-8")
    checked = assets.CheckedPages(tmp_path / "checked-pages")

    found = finish(site, checked)

    assert found == [("lop-hoc/index.html", "https://cdn.example.com/x.js")]
    checked.save()
    assert assets.CheckedPages(tmp_path / "checked-pages").clean((site / "index.html").read_bytes())
    assert (site / "sw.js").exists()
