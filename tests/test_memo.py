"""What builds keep between runs besides PDFs and images: slow pure results (macros/memo.py),
compiled templates (views/render.py) and the pages found to load nothing from another host
(build/assets.py: CheckedPages)."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from macros import memo
from macros.build import assets
from macros.views import render

calls: list[tuple] = []


@memo.remembered(packages=("markdown",))
def shout(text: str, *, times: int = 1) -> str:
    calls.append((text, times))
    return (text.upper() + "!") * times


def test_a_remembered_result_is_computed_once_for_its_arguments_and_kept_for_the_next_build(tmp_path):
    calls.clear()
    memo.open_folder(tmp_path)
    try:
        assert [shout("lớp 2"), shout("lớp 2"), shout("lớp 2", times=2)] == ["LỚP 2!", "LỚP 2!", "LỚP 2!LỚP 2!"]
        memo.open_folder(tmp_path)  # the next build
        assert shout("lớp 2") == "LỚP 2!"
        assert calls == [("lớp 2", 1), ("lớp 2", 2)]
        assert memo.prune_folder() == 1  # this build did not ask for times=2
        assert len(list(tmp_path.iterdir())) == 1
    finally:
        memo.open_folder(None)


def test_without_a_folder_every_call_computes():
    calls.clear()
    assert shout("a") == shout("a") == "A!"
    assert len(calls) == 2


def test_a_page_found_clean_is_not_read_again_but_any_changed_byte_is(tmp_path):
    site, kept = tmp_path / "site", tmp_path / "checked-pages"
    page = site / "lop-hoc" / "lop-2" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<p>Lớp 2</p><img src="../../anh.png">', encoding="utf-8")
    first = assets.CheckedPages(kept)
    assert assets.external_assets_in(site, first) == []
    first.save()
    again = assets.CheckedPages(kept)
    assert again.clean(page.read_bytes())
    page.write_text('<p>Lớp 2</p><img src="https://example.com/anh.png">', encoding="utf-8")
    assert assets.external_assets_in(site, assets.CheckedPages(kept)) == [("lop-hoc/lop-2/index.html", "https://example.com/anh.png")]


def test_templates_are_compiled_once_and_a_damaged_compiled_file_is_compiled_again(tmp_path):
    folder = tmp_path / "templates"
    env = Environment(loader=DictLoader({"page.html": "Lớp {{ n }}"}), bytecode_cache=render.compiled_in(folder))
    assert env.get_template("page.html").render(n=2) == "Lớp 2"
    kept, = folder.iterdir()
    kept.write_bytes(kept.read_bytes()[:20])  # cut short, as by a full disk

    fresh = Environment(loader=DictLoader({"page.html": "Lớp {{ n }}"}), bytecode_cache=render.compiled_in(folder))

    assert fresh.get_template("page.html").render(n=3) == "Lớp 3"
