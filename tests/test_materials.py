"""The materials library: each rule on data/materials.yml, the published files and their facts."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from macros import urls
from macros.data import attachments, formats
from macros.data.formats import size_label
from macros.data.models import MATERIAL_KIND_LABELS
from tests.conftest import SAMPLE_UPLOAD, UPLOADED, source_sentences, text_of

MATERIALS = "data/materials.yml"
# The Word file the `uploads` fixture puts in data/materials/, as material [2] (data/materials.yml:23:9).
UPLOAD = "file: data/materials/mau-bien-ban-hop.docx"
FORM = "generated: feedback-form"  # material [2] of the shipped data, on the same lines


# --- rules, each with its exact located message ------------------------------------------------


def test_a_missing_file_is_named_at_its_file_line_with_the_closest_name(uploads):
    uploads.edit(MATERIALS, UPLOAD, "file: data/materials/mau-bien-ban-hop.doc")
    assert uploads.problems() == [
        "data/materials.yml:23:9: [2].file: không có tệp 'data/materials/mau-bien-ban-hop.doc'\n"
        "    → Có phải ý bạn là 'data/materials/mau-bien-ban-hop.docx'? Đặt tệp vào thư mục data/materials/ hoặc sửa đường dẫn cho khớp tên tệp."
    ]


def test_a_file_of_an_unknown_format_is_rejected(uploads):
    uploads.write("data/materials/bai-giang.key", "not a supported format")
    uploads.edit(MATERIALS, UPLOAD, "file: data/materials/bai-giang.key")
    assert uploads.problems() == [
        "data/materials.yml:23:9: [2].file: định dạng '.key' không được hỗ trợ\n"
        "    → Dùng một trong các định dạng: pdf, docx, xlsx, pptx, odt, ods, odp. Lưu lại tệp ở một định dạng này (ví dụ: xuất ra PDF) rồi sửa đường dẫn."
    ]


def test_a_file_without_an_extension_is_rejected(uploads):
    uploads.write("data/materials/bai-giang", "%PDF-1.7")
    uploads.edit(MATERIALS, UPLOAD, "file: data/materials/bai-giang")
    assert uploads.problems()[0].startswith("data/materials.yml:23:9: [2].file: tệp không có đuôi định dạng\n")


def test_a_file_whose_content_is_not_its_format_is_rejected(uploads):
    uploads.write("data/materials/de-cuong.pdf", "<html>này không phải PDF</html>")
    uploads.edit(MATERIALS, UPLOAD, "file: data/materials/de-cuong.pdf")
    assert uploads.problems() == [
        "data/materials.yml:23:9: [2].file: nội dung tệp không phải định dạng PDF: 'data/materials/de-cuong.pdf'\n"
        "    → Mở tệp kiểm tra lại, lưu lại đúng định dạng rồi đặt vào data/materials/ lần nữa."
    ]


def test_a_damaged_pdf_is_rejected(uploads):
    uploads.write("data/materials/de-cuong.pdf", "%PDF-1.7\nthe rest of the file was lost in the upload")
    uploads.edit(MATERIALS, UPLOAD, "file: data/materials/de-cuong.pdf")
    assert uploads.problems() == [
        "data/materials.yml:23:9: [2].file: tệp PDF bị hỏng, không đọc được: 'data/materials/de-cuong.pdf'\n"
        "    → Mở tệp kiểm tra lại, lưu lại đúng định dạng rồi đặt vào data/materials/ lần nữa."
    ]


def test_a_file_over_20_mb_is_rejected_without_being_read(uploads):
    with open(uploads.root / "data/materials/video-bai-giang.pdf", "wb") as big:
        big.truncate(attachments.MAX_BYTES + 1024 * 1024)  # sparse: costs no disk
    uploads.edit(MATERIALS, UPLOAD, "file: data/materials/video-bai-giang.pdf")
    assert uploads.problems() == [
        "data/materials.yml:23:9: [2].file: tệp nặng 21,0 MB, vượt giới hạn 20 MB\n"
        "    → Giảm dung lượng (ví dụ: xuất PDF với ảnh nén) hoặc tách thành nhiều tệp nhỏ."
    ]


def _word_package(size: int) -> bytes:
    """A zip holding a Word document, padded (stored, uncompressed) to exactly `size` bytes."""
    import io
    import zipfile

    def package(padding: int) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zipped:
            zipped.writestr("word/document.xml", "<w:document/>")
            zipped.writestr("word/media/padding.bin", b"\0" * padding)
        return out.getvalue()

    return package(size - len(package(0)))


def test_a_file_of_exactly_20_mb_is_accepted(uploads):
    content = _word_package(attachments.MAX_BYTES)
    assert len(content) == attachments.MAX_BYTES
    (uploads.root / "data/materials/mau-bien-ban-hop.docx").write_bytes(content)
    assert uploads.problems() == []


def test_a_file_outside_the_materials_folder_is_rejected(uploads):
    uploads.edit(MATERIALS, UPLOAD, "file: ../secrets.pdf")
    assert uploads.problems() == [
        "data/materials.yml:23:9: [2].file: tệp phải nằm trong thư mục data/materials/, ví dụ: data/materials/phieu-danh-gia.docx (giá trị: '../secrets.pdf')\n"
        "    → Đường dẫn tệp trong kho, bắt đầu bằng data/materials/, ví dụ: data/materials/phieu-danh-gia.docx."
    ]


def test_an_unknown_topic_is_named_with_the_closest_id(project):
    project.edit(MATERIALS, "topic: nu-cong", "topic: nu-cong-doan")
    assert project.problems() == [
        "data/materials.yml:57:10: [7].topic: không có chuyên đề 'nu-cong-doan' (có: dan-chu-co-so, dieu-le-cong-doan, kiem-tra-giam-sat, noi-dung-khac, nu-cong, phat-trien-doan-vien, tai-chinh-cong-doan, thi-dua-khen-thuong, truyen-thong)\n"
        "    → Có phải ý bạn là 'dieu-le-cong-doan'? Dùng một mã trong danh sách, hoặc thêm chuyên đề mới vào data/topics/."
    ]


def test_a_topic_outline_must_name_its_topic(project):
    project.edit(MATERIALS, "  topic: nu-cong\n", "")
    assert project.problems() == [
        "data/materials.yml:57:14: [7].generated: đề cương (topic-outline) phải ghi chuyên đề\n"
        "    → Thêm dòng 'topic: <mã chuyên đề>', ví dụ: topic: nu-cong."
    ]


def test_a_material_needs_a_file_or_a_generated_document(project):
    project.edit(MATERIALS, f"  {FORM}\n", "")
    assert project.problems() == [
        "data/materials.yml:20:7: [2].id: tài liệu 'phieu-lay-y-kien-hoc-vien' chưa có tệp: thiếu 'file'\n"
        "    → Đặt tệp vào thư mục data/materials/ rồi thêm dòng 'file: data/materials/<tên tệp>'."
    ]


def test_a_material_cannot_have_both_a_file_and_a_generated_document(uploads):
    uploads.edit(MATERIALS, UPLOAD, UPLOAD + "\n  generated: sign-in-sheet")
    assert uploads.problems() == [
        "data/materials.yml:24:14: [2].generated: chỉ ghi một trong hai: 'file' hoặc 'generated'\n"
        "    → Xóa dòng 'generated' nếu tài liệu là tệp trong data/materials/, hoặc xóa dòng 'file'."
    ]


def test_a_duplicate_material_id_names_the_first_one(project):
    project.edit(MATERIALS, "id: phieu-lay-y-kien-hoc-vien", "id: danh-sach-hoc-vien-ky-ten")
    assert project.problems() == [
        "data/materials.yml:20:7: [2].id: mã tài liệu 'danh-sach-hoc-vien-ky-ten' bị trùng với data/materials.yml:14\n"
        "    → Mỗi mã chỉ dùng một lần; đặt mã mới, chưa dùng."
    ]


def test_a_material_cannot_take_the_handbook_file_name(project):
    project.edit(MATERIALS, "id: danh-sach-hoc-vien-ky-ten", "id: so-tay-tap-huan-2026")
    assert project.problems() == [
        "data/materials.yml:14:7: [1].id: mã tài liệu 'so-tay-tap-huan-2026' trùng tên tệp cổng tự tạo (tai-lieu/so-tay-tap-huan-2026.pdf)\n"
        "    → Đặt mã khác cho tài liệu này."
    ]


def test_a_generated_document_is_listed_once(project):
    project.edit(MATERIALS, "id: danh-sach-hoc-vien-ky-ten\n  title: \"Danh sách học viên ký tên\"\n  kind: form\n  generated: sign-in-sheet",
                 "id: danh-sach-hoc-vien-ky-ten\n  title: \"Danh sách học viên ký tên\"\n  kind: form\n  generated: feedback-form")
    assert project.problems() == [
        "data/materials.yml:23:14: [2].generated: tài liệu 'feedback-form' đã có ở mục 'danh-sach-hoc-vien-ky-ten' (data/materials.yml:17)\n"
        "    → Mỗi tài liệu tạo tự động chỉ ghi một lần: xóa mục 'phieu-lay-y-kien-hoc-vien', hoặc sửa mục 'danh-sach-hoc-vien-ky-ten'."
    ]


def test_a_topic_outline_is_listed_once_per_topic(project):
    project.edit(MATERIALS, "topic: truyen-thong", "topic: kiem-tra-giam-sat")
    assert project.problems() == [
        "data/materials.yml:51:14: [6].generated: tài liệu 'topic-outline' đã có ở mục 'de-cuong-kiem-tra-giam-sat' (data/materials.yml:44)\n"
        "    → Mỗi tài liệu tạo tự động chỉ ghi một lần: xóa mục 'de-cuong-truyen-thong', hoặc sửa mục 'de-cuong-kiem-tra-giam-sat'."
    ]


def test_a_generated_word_file_cannot_take_a_file_name_of_the_portal_with_its_pdf_twin(project):
    project.edit(MATERIALS, "id: phieu-lay-y-kien-hoc-vien", "id: bao-cao-ket-qua-2026")
    assert project.problems() == [
        "data/materials.yml:20:7: [2].id: mã tài liệu 'bao-cao-ket-qua-2026' trùng tên tệp cổng tự tạo (tai-lieu/bao-cao-ket-qua-2026.docx)\n"
        "    → Đặt mã khác cho tài liệu này."
    ]


def test_an_unknown_kind_lists_the_allowed_values(project):
    project.edit(MATERIALS, "kind: form", "kind: bieu-mau")
    assert project.problems() == [
        "data/materials.yml:16:9: [1].kind: giá trị không hợp lệ 'bieu-mau'\n"
        "    → Có phải ý bạn là 'form'? Chọn một trong: slides (Bài giảng trình chiếu), handout (Tài liệu học tập), "
        "form (Biểu mẫu), legal-text (Văn bản pháp luật, quy định), plan (Kế hoạch)."
    ]


# --- facts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size, label", [
    (850, "850 byte"), (1024, "1 KB"), (186_000, "182 KB"), (1_258_291, "1,2 MB"), (20 * 1024 * 1024, "20,0 MB"),
])
def test_sizes_are_said_the_vietnamese_way(size, label):
    assert size_label(size) == label


def test_the_facts_of_a_pdf_give_its_pages_and_checksum(built):
    content = (built / urls.HANDBOOK).read_bytes()
    facts = formats.file_facts(urls.HANDBOOK, content)
    assert (facts.format.label, facts.size, facts.sha256) == ("PDF", len(content), hashlib.sha256(content).hexdigest())
    assert facts.pages == len(PdfReader(built / urls.HANDBOOK).pages)


# --- the published library -------------------------------------------------------------------------


def resolve(page_url: str, href: str) -> str:
    """A relative link on a built page, as a path in the built site."""
    return posixpath.normpath(posixpath.join(page_url, href))


def test_every_material_is_published_at_its_address(built, site):
    for material in site.materials:
        for path in material.public_paths:
            assert (built / path).is_file(), (material.id, path)


def test_a_file_kept_in_the_repository_is_published_byte_for_byte(uploads, build_site):
    uploads.with_site_sources()
    result = build_site(uploads.root)
    assert result.returncode == 0, result.stderr
    assert (uploads.root / "site" / urls.material(UPLOADED, "docx")).read_bytes() == SAMPLE_UPLOAD.read_bytes()


def test_the_materials_page_lists_every_material_grouped_by_topic(page, site):
    html = page(urls.MATERIALS)
    groups = [text_of(h2) for h2 in html.select("article h2")]
    assert groups == ["Tài liệu chung"] + [f"{n}. {t.title}" for n, t in enumerate(site.topics, start=1)
                                             if any(m.topic == t.id for m in site.materials)] + ["Văn bản tổ chức từng lớp"]
    listed = [li["id"].removeprefix("tai-lieu-") for li in html.select("li.material")]
    assert sorted(listed) == sorted(m.id for m in site.materials)
    for h2 in html.select("article h2")[:-1]:  # the last: each class's documents (tests/test_official_documents.py)
        items = h2.find_next_sibling("ul", class_="materials").select("li.material")
        topic = next((t.id for n, t in enumerate(site.topics, start=1) if text_of(h2) == f"{n}. {t.title}"), None)
        assert {li["id"].removeprefix("tai-lieu-") for li in items} == {m.id for m in site.materials if m.topic == topic}


def test_each_material_shows_kind_format_pages_size_and_checksum_of_the_built_file(page, built, site):
    html = page(urls.MATERIALS)
    for material in site.materials:
        item = html.select_one(f"li#tai-lieu-{material.id}")
        path = material.public_path
        content = (built / path).read_bytes()
        facts = formats.file_facts(path, content)
        meta = text_of(item.select_one(".material__meta"))
        pages = f" · {facts.pages} trang" if facts.pages else ""
        assert meta == f"{MATERIAL_KIND_LABELS[material.kind]} · {facts.format.label}{pages} · {size_label(len(content))}"
        assert text_of(item.select_one(".material__sha256 code")) == hashlib.sha256(content).hexdigest()
        assert resolve(urls.MATERIALS, item.select_one("a.material__link")["href"]) == path


def test_the_feedback_form_is_one_material_its_word_file_with_its_pdf_beside_it(page, built, site):
    form = site.material["phieu-lay-y-kien-hoc-vien"]
    assert form.public_paths == ("tai-lieu/phieu-lay-y-kien-hoc-vien.docx", "tai-lieu/phieu-lay-y-kien-hoc-vien.pdf")
    item = page(urls.MATERIALS).select_one("li#tai-lieu-phieu-lay-y-kien-hoc-vien")
    assert resolve(urls.MATERIALS, item.select_one("a.material__link")["href"]) == form.public_paths[0]
    twin = item.select_one("a.material__twin-link")
    assert resolve(urls.MATERIALS, twin["href"]) == form.public_paths[1] and text_of(twin) == "Bản PDF"
    content = (built / form.public_paths[1]).read_bytes()
    facts = formats.file_facts(form.public_paths[1], content)
    assert text_of(item.select_one(".material__twin .download__meta")) == f"(PDF · {facts.pages} trang · {size_label(len(content))})"
    assert text_of(item.select_one(".material__sha256--twin code")) == hashlib.sha256(content).hexdigest()
    # The same form at no other address: the hand-written links and the documents' index name these files.
    assert not (built / "tai-lieu/phieu-lay-y-kien").exists()
    same = [path.relative_to(built).as_posix() for path in (built / urls.MATERIALS).rglob("*")
            if path.is_file() and path.read_bytes() in {(built / p).read_bytes() for p in form.public_paths}]
    assert sorted(same) == sorted(form.public_paths)
    linked = {resolve(urls.MATERIALS, a["href"]) for a in page(urls.MATERIALS).select("article a[href*='phieu-lay-y-kien']")}
    assert linked == set(form.public_paths)
    index = json.loads((built / urls.DOCUMENTS_JSON).read_text(encoding="utf-8"))["feedback_form"]
    assert index["docx"].endswith("/" + form.public_paths[0]) and index["pdf"].endswith("/" + form.public_paths[1])


def test_each_topic_page_lists_its_own_materials(page, site):
    for topic in site.topics:
        listed = [li["id"].removeprefix("tai-lieu-") for li in page(urls.topic(topic.id)).select("li.material")]
        assert listed == [m.id for m in site.materials if m.topic == topic.id]


def test_every_download_link_works(page, built, site):
    pages = ["", urls.MATERIALS] + [urls.topic(t.id) for t in site.topics]
    checked = 0
    for url in pages:
        for link in page(url).select("a.material__link, a.material__twin-link, a.download__button, .material-group__topic a"):
            target = resolve(url, link["href"])
            assert (built / target).is_file() or (built / target / "index.html").is_file(), f"{url}: {link['href']}"
            checked += 1
    assert checked >= 2 * len(site.materials)


def test_the_handbook_button_shows_the_size_of_the_built_handbook(page, built):
    facts = formats.file_facts(urls.HANDBOOK, (built / urls.HANDBOOK).read_bytes())
    for url in ("", urls.MATERIALS):
        button = page(url).select_one("a.download__button")
        assert resolve(url, button["href"]) == urls.HANDBOOK
        assert text_of(button) == "Tải sổ tay tập huấn"
        assert text_of(page(url).select_one(".download__meta")) == f"(PDF · {facts.pages} trang · {facts.size_label})"


def test_the_materials_page_is_in_the_navigation(page):
    nav = page("").select_one("nav.md-nav--primary")
    assert any(text_of(a) == "Tài liệu" and a["href"].rstrip("/").endswith("tai-lieu") for a in nav.select("a"))


# --- the generated documents -------------------------------------------------------------------------


def pdf_text(path) -> str:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def test_each_topic_outline_is_one_page_with_the_topic_itself(built, site):
    for material in (m for m in site.materials if m.generated and m.generated.value == "topic-outline"):
        path = built / material.public_path
        topic = site.topic[material.topic]
        assert len(PdfReader(path).pages) == 1, material.id
        text = pdf_text(path)
        for line in [topic.title, *topic.objectives, *topic.outline]:
            assert re.sub(r"\s+", " ", line) in text


def test_the_plan_pdf_holds_every_sentence_of_the_source_plan(built):
    text = pdf_text(built / "tai-lieu/ke-hoach-15-kh-ldld-2026.pdf")
    assert [line for line in source_sentences() if line not in text] == []


def test_the_plan_pdf_numbers_pages_from_the_second_in_the_top_margin(built):
    path = built / "tai-lieu/ke-hoach-15-kh-ldld-2026.pdf"
    tops = [re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-x", "0", "-y", "0", "-W", "600", "-H", "57", str(path), "-"],
                                                 capture_output=True, text=True, check=True).stdout).strip()
            for n in range(1, len(PdfReader(path).pages) + 1)]
    assert tops == [""] + [str(n) for n in range(2, len(tops) + 1)]


def test_the_sign_in_sheet_has_a_row_per_trainee_and_a_column_per_half_day(built, site):
    path = built / "tai-lieu/danh-sach-hoc-vien-ky-ten.pdf"
    text = pdf_text(path)
    assert "DANH SÁCH HỌC VIÊN KÝ TÊN" in text and site.plan.title in text
    numbers = {int(n) for n in re.findall(r"(?<![\d/])\d{1,3}(?![\d/])", text)}
    capacity = max(c.capacity for c in site.classes)
    assert set(range(1, capacity + 1)) <= numbers
    days = max(len({s.date for s in c.sessions}) for c in site.classes)
    pages = len(PdfReader(path).pages)
    assert text.count("Sáng") == text.count("Chiều") == days * pages  # the header repeats on every page
    assert f"Ngày thứ {days}:" in text and f"Ngày thứ {days + 1}:" not in text


def test_a_file_that_no_material_names_is_named_in_a_warning_and_not_published(uploads):
    from macros.data.site import load_site

    uploads.copy("data/materials/mau-bien-ban-hop.docx", "data/materials/thua.docx")
    site = load_site(uploads.root)
    assert "data/materials/thua.docx" not in site.attachments
    assert [p.render() for p in site.notices if p.file == "data/materials/thua.docx"] == [
        "data/materials/thua.docx:1:1: cảnh báo: tệp không được tài liệu nào trong data/materials.yml dùng: không xuất bản\n"
        "    → Thêm một mục có 'file: data/materials/thua.docx' vào data/materials.yml, hoặc xóa tệp nếu không cần."
    ]
