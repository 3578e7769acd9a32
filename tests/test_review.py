"""Truth you can sign: every record is a draft or approved by a named role on a date; readers
see which everywhere; an approval covers only the content it approved; the build's day."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from macros import urls
from macros.build import pages
from macros.data.approve import Approval, approve
from macros.data.problems import DataError
from macros.data.site import load_site
from macros.data.today import local_date
from macros.exports import Context
from macros.exports.class_pdf import class_timetable_pdf
from macros.exports.ics import calendar_feeds
from macros.views.review import DRAFT
from tests.conftest import ROOT, text_of

# Wrong since the 2025 reforms, or never in the plan (shared DOMAIN.md, Facts).
NEVER_PUBLISHED = ("khối giáo dục", "khối y tế", "hành chính sự nghiệp", "Ban Tài chính", "Tối đa 80", "Kèm theo Kế hoạch")


def published_text(built: Path) -> dict[str, str]:
    """Every built file a reader can open, as text (PDFs through pdftotext)."""
    found = {}
    for path in built.rglob("*"):
        if path.suffix == ".pdf":
            found[path.relative_to(built).as_posix()] = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                                                        text=True, check=True).stdout
        elif path.suffix in (".html", ".ics", ".json", ".csv", ".xml", ".js"):
            found[path.relative_to(built).as_posix()] = path.read_text(encoding="utf-8-sig")
    return found


def test_nothing_published_names_a_dissolved_sector_an_unnamed_department_or_a_false_status(built):
    texts = published_text(built)
    assert len(texts) > 50
    assert [(name, phrase) for name, text in texts.items() for phrase in NEVER_PUBLISHED if phrase in " ".join(text.split())] == []


def test_every_topic_and_class_page_says_it_is_a_draft(page, site):
    for url in [urls.topic(t.id) for t in site.topics] + [urls.klass(c.id) for c in site.classes]:
        note = page(url).select_one(".review-note")
        assert text_of(note).startswith(DRAFT + ":"), url


def test_every_lecturer_and_material_entry_and_class_card_carries_its_review(page, site):
    lecturers = page(urls.LECTURERS).select("table.lecturers tbody tr")
    assert len(lecturers) == len(site.lecturers)
    assert all(text_of(row.select_one(".review-badge")) == DRAFT for row in lecturers)
    materials = page(urls.MATERIALS).select("li.material")
    assert len(materials) == len(site.materials)
    assert all(text_of(item.select_one(".review-badge")) == DRAFT for item in materials)
    cards = page("").select(".class-card")
    assert len(cards) == len(site.classes) and all(card.select_one(".review-badge--draft") for card in cards)


def test_the_plan_page_says_it_is_the_full_text_of_the_plan(page, built):
    said = "Trên đây là toàn văn Kế hoạch số 15/KH-LĐLĐ ngày 2/3/2026 của Liên đoàn Lao động tỉnh Lai Châu, chép đúng văn bản gốc"
    assert said in text_of(page(urls.PLAN).select_one(".plan-source"))
    plan_pdf = subprocess.run(["pdftotext", str(built / "tai-lieu/ke-hoach-15-kh-ldld-2026.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert said in " ".join(plan_pdf.split())


def test_a_class_whose_dates_have_passed_says_no_one_has_confirmed_it_took_place(page, site):
    assert site.today.date > max(c.end_date for c in site.classes)  # the commit being built is after every class
    for cls in site.classes:
        assert text_of(page(urls.klass(cls.id)).select_one(".class-timing")) == \
            "Ngày dự kiến của lớp đã qua; chưa có xác nhận lớp đã được tổ chức."


# --- approving ------------------------------------------------------------------------------------


def approve_in(project, file: str, record_id: str | None = None, *, by: str = "ban-cong-tac-cong-doan", on: date = date(2026, 11, 25)):
    return approve(project.root, Approval(file, record_id, by, on), {})


def test_an_approved_class_shows_who_approved_it_on_its_page_card_feed_and_pdf(project):
    approve_in(project, "data/classes/lop-3.yml", by="thuong-truc")
    site = load_site(project.root)
    cls = site.klass["lop-3"]
    assert cls.approved
    context = Context(base_url="https://example.org/")
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(class_timetable_pdf(site, cls, context))).pages)
    assert "DỰ THẢO" not in pdf and "Đã duyệt: Thường trực LĐLĐ tỉnh, ngày 25/11/2026." in " ".join(pdf.split())
    events = Calendar.from_ical(calendar_feeds(site, context)[urls.class_feed("lop-3")]).walk("VEVENT")
    assert all("Đã duyệt: Thường trực LĐLĐ tỉnh, ngày 25/11/2026." in str(e["DESCRIPTION"]) for e in events)
    assert "Đã duyệt: Thường trực LĐLĐ tỉnh, 25/11/2026" in pages.class_cards(site, "")


def test_changing_one_word_of_an_approved_topic_makes_it_a_draft_again_and_the_check_names_the_field(project):
    approve_in(project, "data/topics/nu-cong.yml")
    assert load_site(project.root).topic["nu-cong"].approved
    project.edit("data/topics/nu-cong.yml", "Chia sẻ cách làm hay ở cơ sở", "Chia sẻ cách làm tốt ở cơ sở")
    site = load_site(project.root)
    assert not site.topic["nu-cong"].approved
    warning = next(p.render() for p in site.notices if p.file == "data/topics/nu-cong.yml")
    assert warning.startswith("data/topics/nu-cong.yml:22:3: cảnh báo: review: đã sửa sau khi duyệt ngày 2026-11-25: "
                              "outline khác với nội dung đã duyệt; đang hiện là dự thảo")


def test_approving_writes_the_review_block_in_place_and_again_replaces_it(project):
    before = (project.root / "data/lecturers.yml").read_text(encoding="utf-8")
    approve_in(project, "data/lecturers.yml", "bcv-uy-ban-kiem-tra", by="thuong-truc")
    approve_in(project, "data/lecturers.yml", "bcv-uy-ban-kiem-tra", by="ban-thuong-vu", on=date(2026, 11, 26))
    after = (project.root / "data/lecturers.yml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # only added at the end of that record, every comment kept
    assert after.count("review:") == 1 and "by: ban-thuong-vu\n    on: 2026-11-26\n" in after
    assert load_site(project.root).lecturer["bcv-uy-ban-kiem-tra"].approved


def test_an_approval_without_a_role_is_a_located_error(project):
    project.edit("data/topics/nu-cong.yml", "references:", "review:\n  state: approved\n  on: 2026-11-20\nreferences:")
    assert project.problems() == [
        "data/topics/nu-cong.yml:21:10: review.state: đã ghi duyệt (state: approved) nhưng thiếu vai trò duyệt 'by'\n"
        "    → Thêm dòng by: ban-thuong-vu (các mã trong data/roles.yml) trong review, hoặc dùng lệnh make approve; nếu chưa duyệt, ghi state: draft."
    ]


def test_an_unknown_role_is_named_with_a_suggestion(project):
    project.edit("data/topics/nu-cong.yml", "references:", "review:\n  state: approved\n  by: ban-thuong-vụ\n  on: 2026-11-20\nreferences:")
    assert any(p.startswith("data/topics/nu-cong.yml:22:7: review.by: mã không hợp lệ 'ban-thuong-vụ'") for p in project.problems())
    project.edit("data/topics/nu-cong.yml", "by: ban-thuong-vụ", "by: ban-thuong-vu-tinh")
    assert project.problems() == [
        "data/topics/nu-cong.yml:22:7: review.by: không có vai trò 'ban-thuong-vu-tinh' (có: ban-thuong-vu, thuong-truc, ban-cong-tac-cong-doan)\n"
        "    → Có phải ý bạn là 'ban-thuong-vu'? Dùng một mã trong danh sách, hoặc thêm vai trò mới vào data/roles.yml."
    ]


def test_an_approval_dated_after_the_build_day_is_an_error(project):
    approve_in(project, "data/topics/nu-cong.yml")
    later = "on: 2031-01-01"
    project.edit("data/topics/nu-cong.yml", "on: 2026-11-25", later)
    problems = load_site_problems(project, {"SOURCE_DATE_EPOCH": "1797008400"})  # 12/12/2026
    assert problems == ["data/topics/nu-cong.yml:24:7: review.on: ngày duyệt 2031-01-01 sau ngày xây dựng trang (2026-12-12)\n"
                        "    → Ghi đúng ngày đã duyệt; nếu chưa duyệt, để state: draft."]


def load_site_problems(project, environ: dict) -> list[str]:
    try:
        load_site(project.root, environ=environ)
    except DataError as error:
        return [p.render() for p in error.problems]
    return []


# --- the build's day ---------------------------------------------------------------------------------


def test_the_build_day_comes_from_source_date_epoch_else_the_commit_else_the_data(project):
    assert load_site(ROOT, environ={"SOURCE_DATE_EPOCH": "1797008400"}).today.date == date(2026, 12, 12)
    committed = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert load_site(ROOT).today.date == local_date(int(committed))
    copy = load_site(project.root)  # no git history: the newest date the data names
    assert (copy.today.date, copy.today.source) == (date(2026, 11, 24), "data")


def test_a_class_past_its_end_still_tentative_and_an_announcement_after_the_day_are_located_warnings(project):
    project.edit("data/announcements.yml", "- date: 2026-11-24\n  id: lich-du-kien", "- date: 2026-12-20\n  id: lich-du-kien")
    site = load_site(project.root, environ={"SOURCE_DATE_EPOCH": "1797008400"})  # 12/12/2026
    warnings = [p.render().split("\n")[0] for p in site.notices if p.severity == "warning"]
    assert "data/announcements.yml:4:9: cảnh báo: [0].date: thông báo ghi ngày 2026-12-20, sau ngày xây dựng trang (2026-12-12)" in warnings
    assert "data/classes/lop-1.yml:4:9: cảnh báo: status: lớp đã qua ngày kết thúc 2026-04-15 mà trạng thái vẫn là 'tentative'" in warnings


def test_the_check_lists_drafts_as_notes_and_writes_them_into_the_job_summary(tmp_path):
    summary = tmp_path / "summary.md"
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--summary", str(summary)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0
    assert "data/topics/nu-cong.yml:2:1: ghi chú: review: dự thảo, chưa được duyệt: 'nu-cong'" in result.stdout
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## Nội dung chưa được duyệt và cảnh báo\n")
    assert "| `data/topics/nu-cong.yml:2` | Ghi chú dữ liệu | `review` | dự thảo, chưa được duyệt: 'nu-cong' |" in written


@pytest.mark.parametrize("fmt, line", [("github", "::notice file=data/topics/nu-cong.yml,line=2,col=1,title=Ghi chú dữ liệu%3A review::")])
def test_notes_become_github_annotations_of_their_level(fmt, line):
    result = subprocess.run([sys.executable, "-m", "macros", "check", "--format", fmt], cwd=ROOT, capture_output=True, text=True)
    assert any(found.startswith(line) for found in result.stdout.splitlines())


# --- leaving drafts out ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def withheld_site(tmp_path_factory, build_site):
    """The shipped data with `drafts: hide`, and only Lớp 3 and its venue approved."""
    from tests.conftest import ProjectCopy
    project = ProjectCopy(tmp_path_factory.mktemp("withheld")).with_site_sources()
    approve_in(project, "data/classes/lop-3.yml", by="thuong-truc")
    approve_in(project, "data/venues.yml", "xa-muong-te", by="thuong-truc")
    project.edit("data/settings.yml", "drafts: show", "drafts: hide")
    out = project.root / "site"
    result = build_site(project.root, out)
    assert result.returncode == 0, result.stderr
    return out


def test_with_drafts_withheld_a_draft_class_keeps_its_address_and_says_it_awaits_approval(withheld_site):
    from bs4 import BeautifulSoup
    page = BeautifulSoup((withheld_site / "lop-hoc/lop-1/index.html").read_text(encoding="utf-8"), "html.parser")
    assert text_of(page.select_one(".awaiting-approval .admonition-title")) == "Nội dung đang chờ duyệt"
    assert page.select_one("table.timetable") is None and "07:30" not in text_of(page.select_one("article"))


def test_with_drafts_withheld_no_page_links_to_a_withheld_class_and_its_card_and_events_are_gone(withheld_site):
    from bs4 import BeautifulSoup
    linking = []
    for path in withheld_site.rglob("*.html"):
        for a in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("a[href]"):
            if a["href"].rstrip("/").endswith(("lop-hoc/lop-1", "lop-1.ics", "lop-1.pdf")):
                linking.append(path.relative_to(withheld_site).as_posix())
    assert linking == []
    home = BeautifulSoup((withheld_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [text_of(c.select_one(".class-card__name")) for c in home.select(".class-card")] == ["Lớp 3"]
    events = Calendar.from_ical((withheld_site / urls.ALL_CLASSES_FEED).read_bytes()).walk("VEVENT")
    assert events and all("Lớp 3" in str(e["SUMMARY"]) for e in events)
    assert not (withheld_site / urls.class_pdf("lop-1")).exists()
    handbook = " ".join(subprocess.run(["pdftotext", "-raw", str(withheld_site / urls.HANDBOOK), "-"], capture_output=True,
                                       text=True, check=True).stdout.split())
    assert "Lớp 3" in handbook and "Lớp 1" not in handbook
    assert (withheld_site / urls.class_handbook("lop-3")).is_file() and not (withheld_site / urls.class_handbook("lop-1")).exists()


def test_with_drafts_withheld_an_approved_class_names_its_withheld_topics_in_the_plans_words(withheld_site):
    from bs4 import BeautifulSoup
    page = BeautifulSoup((withheld_site / "lop-hoc/lop-3/index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [text_of(cell) for cell in page.select(".session__title")]
    assert "Công tác tài chính công đoàn" in titles  # the plan's own line, the topic page being withheld
    assert not page.select(".session__title a")
