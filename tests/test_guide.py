"""The staff guide /huong-dan/ is kept honest: its example error is what the check prints, its
YAML examples validate, its field reference lists every field of every model, and a new
staff member following it can add a class, break it, read the error and fix it."""

from __future__ import annotations

import re
import subprocess
import sys
import typing

import yaml
from pydantic import BaseModel

from macros import urls
from macros.data import checks, kinds
from macros.data.models import Announcement, Lecturer, Session
from macros.data.site import load_site
from tests.conftest import ROOT, text_of

GUIDE = ROOT / "docs" / "huong-dan.md"


def guide_section(heading: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def code_blocks(section: str, language: str) -> list[str]:
    blocks = re.findall(rf"^( *)```{language}\n(.*?)^\1```", section, flags=re.M | re.S)
    return ["\n".join(line[len(indent):] for line in body.splitlines()) + "\n" for indent, body in blocks]


def test_the_guide_covers_every_task_staff_do(page):
    headings = [text_of(h) for h in page(urls.GUIDE).select("h2")]
    for task in ("Thêm một lớp", "Dời một buổi học", "Ghi tên báo cáo viên", "Thêm tài liệu", "Đăng thông báo",
                 "Khi hệ thống báo lỗi", "Xem trước trang từ yêu cầu hợp nhất", "Tham chiếu các trường",
                 "Quy tắc giữa các bản ghi"):
        assert task in headings


def test_the_example_error_in_the_guide_is_what_the_check_prints(project):
    shown = code_blocks(guide_section("Khi hệ thống báo lỗi"), "text")[0]
    project.edit("data/classes/lop-2.yml", "topic: tai-chinh-cong-doan", "topic: tai-chinh")
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--root", str(project.root)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.stderr == shown


def test_the_yaml_examples_in_the_guide_are_valid_records():
    announcement = yaml.safe_load(code_blocks(guide_section("Đăng thông báo"), "yaml")[0])
    assert Announcement.model_validate(announcement[0]).class_id == "lop-2"
    lecturer = yaml.safe_load(code_blocks(guide_section("Ghi tên báo cáo viên"), "yaml")[0])
    assert Lecturer.model_validate(lecturer[0]).id == "bcv-tai-chinh-lop-2"
    session = yaml.safe_load(code_blocks(guide_section("Dời một buổi học"), "yaml")[0])
    assert Session.model_validate(session[0]).topic == "tai-chinh-cong-doan"


def test_the_guides_examples_applied_to_the_real_data_pass_the_check(project):
    """Staff copy examples: the session move and the announcement must not clash with the shipped data."""
    moved = code_blocks(guide_section("Dời một buổi học"), "yaml")[0]
    project.edit("data/classes/lop-2.yml", '  - date: 2026-05-12\n    start: "15:15"\n    end: "16:45"\n', moved.split("    topic:")[0])
    notice = code_blocks(guide_section("Đăng thông báo"), "yaml")[0]
    project.edit("data/announcements.yml", "- date: 2026-11-24\n  id: lich-du-kien", notice + "\n- date: 2026-11-24\n  id: lich-du-kien")
    assert project.problems() == []
    site = load_site(project.root)
    assert any(a.class_id == "lop-2" for a in site.announcements)
    assert any(s.start.hour == 15 and s.start.minute == 30 for s in site.klass["lop-2"].sessions)


def models_in(model: type[BaseModel]) -> list[type[BaseModel]]:
    """The model and every record type nested in it, once per field that holds it (a class's
    documents.plan and documents.summons are both Issued: the guide has a table for each)."""
    found = [model]
    for info in model.model_fields.values():
        for arg in [info.annotation, *typing.get_args(info.annotation)]:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found += models_in(arg)
    return found


def test_the_field_reference_lists_every_field_of_every_data_file(page):
    html = page(urls.GUIDE)
    tables = html.select(".field-reference table")
    listed = [[th.get_text(strip=True) for th in table.select("th[scope=row]")] for table in tables]
    expected = [list(m.model_fields) for kind in kinds.DATA_FILES for m in models_in(kind.model)]
    assert sorted(map(tuple, listed)) == sorted(map(tuple, expected))
    status = next(tr for tr in html.select(".field-reference tr") if tr.th.get_text(strip=True) == "status")
    assert "tentative (Dự kiến)" in text_of(status)
    assert "Trạng thái của lớp." in text_of(status)  # the model's own description


def test_the_rules_in_the_guide_are_the_docstrings_of_the_record_rules_and_the_checks(page):
    shown = [text_of(li) for li in page(urls.GUIDE).select("ol.rule-list li")]
    assert shown == [" ".join(entry[0].__doc__.split()) for entry in checks.GUIDE]


def test_the_guide_lists_every_record_rule_and_every_check_once():
    listed = [rule for entry in checks.GUIDE for rule in entry]
    models = {model for kind in kinds.DATA_FILES for model in models_in(kind.model)}
    record_rules = {rule for model in models for rule in model.record_rules()}
    assert sorted(listed, key=repr) == sorted([*checks.RULES, *record_rules], key=repr)
    assert len(listed) == len(set(listed))


def test_the_guide_links_to_every_schema(page):
    links = {a["href"] for a in page(urls.GUIDE).select(".field-reference__where a")}
    assert links == {f"../du-lieu/schema/{kind.schema_file}" for kind in kinds.DATA_FILES}


def test_a_new_staff_member_following_the_guide_adds_a_class_breaks_it_and_fixes_it(project, tmp_path_factory, build_site):
    """The steps of 'Thêm một lớp', done literally: copy lop-5, apply the guide's snippet, move the session dates."""
    project.with_site_sources()
    snippet = yaml.safe_load(code_blocks(guide_section("Thêm một lớp"), "yaml")[0])
    text = (project.root / "data/classes/lop-5.yml").read_text(encoding="utf-8")
    for key, value in snippet.items():
        shown = f'"{value}"' if key == "name" else value
        text = re.sub(rf"^{key}: .*$", f"{key}: {shown}", text, count=1, flags=re.M)
    text = text.replace("date: 2026-08-11", "date: 2026-09-15").replace("date: 2026-08-12", "date: 2026-09-16")
    project.write("data/classes/lop-6.yml", text)
    assert project.problems() == []

    out = tmp_path_factory.mktemp("staff") / "site"
    assert build_site(project.root, out).returncode == 0
    assert "Lớp 6" in (out / "lop-hoc/lop-6/index.html").read_text(encoding="utf-8")

    # Forget one session's date: one message, at that session's line, saying why.
    project.edit("data/classes/lop-6.yml", "- date: 2026-09-16", "- date: 2026-08-12")
    assert project.problems() == [
        "data/classes/lop-6.yml:39:11: sessions[5].date: ngày 2026-08-12 nằm ngoài thời gian của lớp (2026-09-15 – 2026-09-16)\n"
        "    → Sửa ngày của buổi học, hoặc sửa start_date/end_date của lớp.",
    ]

    project.edit("data/classes/lop-6.yml", "- date: 2026-08-12", "- date: 2026-09-16")
    assert project.problems() == []
    assert load_site(project.root).klass["lop-6"].name == "Lớp 6"
