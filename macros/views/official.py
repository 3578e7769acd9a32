"""Official documents as plain data: each class's plan and summons, the whole Kế hoạch 15, the
feedback form, the results report. One view per document, read by both its Word writer
(exports/word.py) and its PDF template (pdf/official_document.html): both carry the same words.

Pure: Site in, dicts out; no markup. The layout follows Nghị định 30/2020/NĐ-CP and
Quyết định 933/QĐ-TLĐ (shared/DOMAIN.md): the header block, the number left blank for the
clerk until it is issued, the place-and-date line, the signature block from data only.

A document is a list of blocks, each a dict with a `kind`:
  heading     {"text"}                         I. MỤC ĐÍCH, YÊU CẦU (bold)
  subheading  {"text"}                         1. Mục đích (bold)
  para        {"lead", "text"}                 a justified paragraph; `lead` is set bold before it
  table       {"columns", "widths", "rows"}    widths in per cent of the text width
  link        {"url"}                          an address on a line of its own, centred
  qr          {"url", "caption"}               a QR code of url, caption below
  chart       {"title", "bars", "unit", "max"} a bar chart (the report); bars: [{"label", "value", "note"}]
  choices     {"lead", "options"}              a question with a box to tick before each option (the form)
  rating      {"columns", "rows"}              the form's rating grid: a box per level for each question
  blank_lines {"count"}                        dotted lines to write on
  closing     {"text"}                         a last line, centred, in italics
"""

from __future__ import annotations

from typing import Optional

from .. import urls
from ..data.formats import extension_of
from ..data.models import ClassStatus, Generated, Issued, Material, Signer, TrainingClass
from ..data.site import Site
from ..text import date_line, short_date
from .records import lecturer_label, session_title, time_range, venue_view

# The code of each kind of document in its number (Số: 12/KH-LĐLĐ), before the issuer's code.
PLAN_CODE = "KH"
SUMMONS_CODE = "GTT"
REPORT_CODE = "BC"
NUMBER_GAP = "     "  # where the clerk writes the number by hand
DAY_GAP = "    "
# The summons goes to the grassroots unions (the plan's "Các Công đoàn cơ sở trực thuộc").
ADDRESSEES = "Các Công đoàn cơ sở trực thuộc LĐLĐ tỉnh"
BLANK = "…………………………"  # a signature line nobody has filled in yet


def issuer_code(site: Site) -> str:
    """'LĐLĐ' from the plan's own number '15/KH-LĐLĐ'."""
    number = site.plan.number
    code = number.split("/", 1)[1] if "/" in number else ""
    return code.split("-", 1)[1] if "-" in code else "LĐLĐ"


def number_line(site: Site, code: str, issued: Optional[Issued]) -> str:
    """'Số:      /KH-LĐLĐ' for the clerk to fill in, 'Số: 12/KH-LĐLĐ' once issued."""
    number = str(issued.number) if issued else NUMBER_GAP
    return f"Số: {number}/{code}-{issuer_code(site)}"


def place_date_line(site: Site, issued: Optional[Issued], year: int) -> str:
    """'Lai Châu, ngày 05 tháng 5 năm 2026' once issued; the day and month left blank before."""
    if issued:
        return f"{site.plan.place}, {date_line(issued.date)}"
    return f"{site.plan.place}, ngày{DAY_GAP}tháng{DAY_GAP}năm {year}"


def signer_view(signer: Signer) -> dict:
    """Every line from data; a line the data leaves out is left for hand-filling."""
    return {"on_behalf": signer.on_behalf or BLANK, "title": signer.title or BLANK, "name": signer.name or "",
            "known": bool(signer.on_behalf or signer.title or signer.name)}


def plan_reference(site: Site) -> str:
    """'Kế hoạch số 15/KH-LĐLĐ ngày 02/3/2026 của Liên đoàn Lao động tỉnh Lai Châu'."""
    plan = site.plan
    return f"{plan.doc_type} số {plan.number} ngày {short_date(plan.date)} của {plan.issuer}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _header(site: Site, code: str, issued: Optional[Issued], year: int) -> dict:
    return {
        "superior": site.plan.superior_body.upper(),
        "issuer": site.plan.issuer.upper(),
        "number": number_line(site, code, issued),
        "date_line": place_date_line(site, issued, year),
        "draft": issued is None,
        # Word's document properties: dated from the data (the issue date, else the plan's), never the clock.
        "date": issued.date if issued else site.plan.date,
        "author": site.plan.issuer,
        "addressees": None,
        "form": False,
    }


def _para(text: str, lead: Optional[str] = None) -> dict:
    return {"kind": "para", "lead": lead, "text": text}


def _heading(text: str) -> dict:
    return {"kind": "heading", "text": text}


def _subheading(text: str) -> dict:
    return {"kind": "subheading", "text": text}


def _invited(site: Site, cls: TrainingClass) -> tuple[str, ...]:
    return cls.invited or (site.plan.audience.rstrip("."),)


def _when(cls: TrainingClass) -> str:
    days = len({s.date for s in cls.sessions})
    first = min(cls.sessions, key=lambda s: (s.date, s.start))
    last = max(cls.sessions, key=lambda s: (s.date, s.end))
    span = (f"{days:02d} ngày, từ {first.start:%H:%M} ngày {short_date(first.date)} "
            f"đến {last.end:%H:%M} ngày {short_date(last.date)}")
    return span + (" (dự kiến)." if cls.status == ClassStatus.tentative else ".")


def _where(site: Site, cls: TrainingClass) -> str:
    venue = venue_view(site.venue_of(cls))
    place = ", ".join(part for part in (cls.room, venue["name"], venue["address"]) if part)
    return place + "." + (f" {venue['note']}" if venue["note"] else "")


def programme(site: Site, cls: TrainingClass) -> dict:
    """The timetable as one table: date, time, what, who (the lecturer's role until a person is named)."""
    rows = [[short_date(s.date), time_range(s), session_title(site, s), lecturer_label(site.lecturer_of(s))]
            for s in sorted(cls.sessions, key=lambda s: (s.date, s.start))]
    return {"kind": "table", "columns": ["Ngày", "Thời gian", "Nội dung", "Báo cáo viên"], "widths": [14, 16, 40, 30], "rows": rows}


def _filing_line(site: Site) -> str:
    """The plan's own 'Lưu: VT, CTCĐ.' line, for the documents of the same office."""
    return next((r for r in site.plan.recipients if r.startswith("Lưu")), "Lưu: VT.")


def class_plan(site: Site, cls: TrainingClass) -> dict:
    """Kế hoạch tổ chức lớp: purpose and requirements by reference to the plan, time, place,
    audience, expected number, programme, funding and duties as in part III of the plan."""
    plan = site.plan
    issued = cls.documents.plan
    year = cls.start_date.year
    blocks = [
        _para(f"Căn cứ {plan_reference(site)} về {_lower_first(plan.title)};"),
        _para(f"{plan.issuer} xây dựng Kế hoạch tổ chức {cls.name} như sau:"),
        _heading("I. MỤC ĐÍCH, YÊU CẦU"),
        _para(f"Thực hiện theo Mục I {plan.doc_type} số {plan.number}:"),
        _para(plan.purpose, lead="1. Mục đích:"),
        _subheading("2. Yêu cầu:"),
        *[_para(f"- {item}") for item in plan.requirements],
        _heading("II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN, SỐ LƯỢNG"),
        _para(_when(cls), lead="1. Thời gian:"),
        _para(_where(site, cls), lead="2. Địa điểm:"),
        _para("; ".join(_invited(site, cls)) + ".", lead="3. Thành phần:"),
        _para(f"Dự kiến {cls.capacity} người.", lead="4. Số lượng:"),
        _heading("III. NỘI DUNG, CHƯƠNG TRÌNH"),
        programme(site, cls),
        _heading("IV. KINH PHÍ"),
        _para(plan.funding),
        _heading("V. TỔ CHỨC THỰC HIỆN"),
        *[_para(duty.task, lead=f"{n}. {duty.unit}:") for n, duty in enumerate(plan.implementation, start=1)],
    ]
    return {
        **_header(site, PLAN_CODE, issued, year),
        "key": "ke-hoach-lop",
        "doc_type": "KẾ HOẠCH",
        "subject": f"Tổ chức {cls.name}, {_lower_first(plan.title)}",
        "title": f"Kế hoạch tổ chức {cls.name}: {plan.title}",
        "blocks": blocks,
        "recipients": [f"{duty.unit};" for duty in plan.implementation] + [_filing_line(site)],
        "signer": signer_view(cls.documents.signer),
    }


def summons(site: Site, cls: TrainingClass, base_url: str = "") -> dict:
    """Giấy triệu tập to the grassroots unions: who is summoned, when, where, what to bring, and
    where the timetable is (its address and QR code)."""
    plan = site.plan
    issued = cls.documents.summons
    page = urls.absolute(base_url, urls.klass(cls.id)) if base_url else None
    class_plan_issued = cls.documents.plan
    basis = f"Căn cứ Kế hoạch tổ chức {cls.name}" + (
        f" số {number_line(site, PLAN_CODE, class_plan_issued).removeprefix('Số: ')} ngày {short_date(class_plan_issued.date)}"
        if class_plan_issued else "")
    blocks = [
        _para(f"Căn cứ {plan_reference(site)} về {_lower_first(plan.title)};"),
        _para(basis + ";"),
        _para(f"{plan.issuer} triệu tập:"),
        _para("; ".join(_invited(site, cls)) + ".", lead="1. Thành phần:"),
        _para(f"Dự kiến {cls.capacity} người.", lead="2. Số lượng:"),
        _para(_when(cls), lead="3. Thời gian:"),
        _para(_where(site, cls), lead="4. Địa điểm:"),
    ]
    if cls.note:
        blocks.append(_para(cls.note, lead="5. Lưu ý:"))
    blocks.append(_para(
        "Chương trình, lịch học và tài liệu của lớp xem trên cổng thông tin tập huấn" + (" tại địa chỉ:" if page else "."),
        lead=f"{6 if cls.note else 5}. Lịch học:"))
    if page:
        blocks.append({"kind": "link", "url": page})
        blocks.append({"kind": "qr", "url": page, "caption": f"Quét mã để mở lịch học {cls.name}"})
    blocks.append(_para("Đề nghị các Công đoàn cơ sở căn cứ Kế hoạch, bố trí cho cán bộ tham gia tập huấn đúng thành phần, "
                        "thời gian./."))
    return {
        **_header(site, SUMMONS_CODE, issued, cls.start_date.year),
        "key": "giay-trieu-tap",
        "doc_type": "GIẤY TRIỆU TẬP",
        "subject": f"Tham dự {cls.name}, {_lower_first(plan.title)}",
        "addressees": cls.documents.addressees or ADDRESSEES,
        "title": f"Giấy triệu tập {cls.name}: {plan.title}",
        "blocks": blocks,
        "recipients": ["Như trên;", _filing_line(site)],
        "signer": signer_view(cls.documents.signer),
    }


def plan_document(site: Site) -> dict:
    """The whole Kế hoạch 15, as issued: every word from data/plan.yml."""
    plan = site.plan
    maybe = "Dự kiến " if plan.quantity.tentative else ""
    blocks = [
        *[_para(basis) for basis in plan.legal_bases],
        _para(plan.preamble),
        _heading("I. MỤC ĐÍCH, YÊU CẦU"),
        _subheading("1. Mục đích"),
        _para(plan.purpose),
        _subheading("2. Yêu cầu"),
        *[_para(f"- {item}") for item in plan.requirements],
        _heading("II. NỘI DUNG, ĐỐI TƯỢNG, SỐ LƯỢNG, THỜI GIAN, ĐỊA ĐIỂM"),
        _subheading("1. Nội dung"),
        *[_para(f"- {c.text}") for c in plan.contents],
        _para(plan.audience, lead="2. Đối tượng:"),
        _subheading("3. Số lượng"),
        _para(f"- Số lớp tập huấn: {maybe}{plan.quantity.classes:02d} lớp."),
        _para(f"- Số lượng cán bộ công đoàn tham gia lớp tập huấn: {maybe}{plan.quantity.participants_per_class} người/lớp."),
        _para(plan.time_and_place, lead="4. Thời gian, địa điểm:"),
        _para(plan.funding, lead="5. Kinh phí:"),
        _heading("III. TỔ CHỨC THỰC HIỆN"),
        *[block for n, duty in enumerate(plan.implementation, start=1) for block in (_subheading(f"{n}. {duty.unit}"), _para(duty.task))],
        _para(plan.closing),
    ]
    return {
        "superior": plan.superior_body.upper(),
        "issuer": plan.issuer.upper(),
        "number": f"Số: {plan.number}",
        "date_line": f"{plan.place}, {date_line(plan.date)}",
        "draft": False,
        "date": plan.date,
        "author": plan.issuer,
        "addressees": None,
        "form": False,
        "key": "ke-hoach",
        "doc_type": plan.doc_type.upper(),
        "subject": plan.title,
        "title": f"{plan.doc_type} số {plan.number}: {plan.title}",
        "blocks": blocks,
        "recipients": list(plan.recipients),
        "signer": {"on_behalf": plan.signature.on_behalf, "title": plan.signature.title, "name": plan.signature.name, "known": True},
    }


def feedback_form(site: Site) -> dict:
    """The anonymous feedback form, from data/feedback.yml: what it asks is what the results record."""
    form = site.feedback
    year = site.plan.date.year
    blocks = [
        _para(form.intro),
        _para(f"Lớp: ……………………………     Ngày: ……/……/{year}"),
    ]
    if form.about:
        blocks.append(_heading("I. THÔNG TIN CHUNG"))
        blocks += [{"kind": "choices", "lead": f"{n}. {choice.text}" + ("" if choice.text.endswith(("?", ":")) else ":"),
                    "options": list(choice.options)}
                   for n, choice in enumerate(form.about, start=1)]
    numerals = iter(("I", "II", "III", "IV")[1 if form.about else 0:])
    blocks.append(_heading(f"{next(numerals)}. ĐÁNH GIÁ LỚP TẬP HUẤN"))
    blocks.append({"kind": "rating", "columns": ["TT", "Nội dung đánh giá", *[level.label for level in form.levels]],
                   "rows": [[str(n), question.text] for n, question in enumerate(form.questions, start=1)]})
    if form.open_questions:
        blocks.append(_heading(f"{next(numerals)}. Ý KIẾN CỦA ANH/CHỊ"))
        for n, question in enumerate(form.open_questions, start=1):
            blocks += [_para(f"{n}. {question}"), {"kind": "blank_lines", "count": 2}]
    if form.thanks:
        blocks.append({"kind": "closing", "text": form.thanks})
    return {
        "superior": None,
        "issuer": site.plan.issuer.upper(),
        "number": "",
        "date_line": "",
        "draft": False,
        "date": site.plan.date,
        "author": site.plan.issuer,
        "addressees": None,
        "key": "phieu-lay-y-kien",
        "doc_type": form.title.upper(),
        "subject": f"Lớp {_lower_first(site.plan.title)}",
        "title": f"{form.title}: {site.plan.title}",
        "blocks": blocks,
        "recipients": None,
        "signer": None,
        "form": True,
    }


def results_report(site: Site) -> dict:
    """Báo cáo kết quả tập huấn: the numbers of the classes held and the answers of the forms, with
    their charts. A draft for staff to complete and sign: it states counts, and judges nothing."""
    from . import results  # here: results reads the records' views, which read this module's neighbours

    plan = site.plan
    classes = results.held(site)
    totals = results.totals(site, classes)
    rows = [[row["name"], row["dates"], f"{row['attended']}/{row['expected']}", str(row["forms"])]
            for row in results.class_rows(site, classes)]
    blocks = [
        _para(f"Thực hiện {plan_reference(site)} về {_lower_first(plan.title)}, {plan.issuer} báo cáo kết quả như sau:"),
        _heading("I. KẾT QUẢ TỔ CHỨC CÁC LỚP"),
        _para(f"Đã tổ chức {totals['classes']}/{totals['planned_classes']} lớp theo kế hoạch; "
              f"{totals['attended']}/{totals['expected']} học viên dự ({totals['attendance_rate']}); "
              f"thu về {totals['forms']} phiếu lấy ý kiến ({totals['forms_rate']} số học viên dự)."),
    ]
    if classes:
        blocks += [{"kind": "table", "columns": ["Lớp", "Thời gian", "Học viên dự / dự kiến", "Phiếu thu về"],
                    "widths": [22, 28, 28, 22], "rows": rows},
                   {"kind": "chart", **results.attendance_chart(site, classes)}]
        blocks.append(_heading("II. Ý KIẾN HỌC VIÊN"))
        blocks.append(_para("Theo phiếu lấy ý kiến không ghi tên; số phiếu và tỉ lệ theo từng mức đánh giá:"))
        blocks += [{"kind": "chart", **chart} for chart in results.question_charts(site, classes)]
    else:
        blocks.append(_para("Chưa có lớp nào ghi kết quả."))
    return {
        **_header(site, REPORT_CODE, None, plan.date.year),
        "key": "bao-cao-ket-qua",
        "doc_type": "BÁO CÁO",
        "subject": f"Kết quả {_lower_first(plan.title)}",
        "title": results_report_title(site),
        "blocks": blocks,
        "recipients": [r for r in plan.recipients if not r.startswith("Các Công đoàn cơ sở")],
        "signer": signer_view(Signer()),
    }


def documents_index(site: Site, base_url: str) -> dict:
    """/du-lieu/van-ban.json: every document the portal issues, at its fixed address."""
    def address(path: str) -> str:
        return urls.absolute(base_url, path) if base_url else path

    def issued_view(issued: Optional[Issued], code: str) -> Optional[dict]:
        if issued is None:
            return None
        return {"number": number_line(site, code, issued).removeprefix("Số: "), "date": issued.date.isoformat()}

    classes = [{"class": cls.id, "name": cls.name, "documents": [
        {"kind": "class-plan", "title": f"Kế hoạch tổ chức {cls.name}", "issued": issued_view(cls.documents.plan, PLAN_CODE),
         "docx": address(urls.class_document(cls.id, urls.CLASS_PLAN, "docx")), "pdf": address(urls.class_document(cls.id, urls.CLASS_PLAN, "pdf"))},
        {"kind": "summons", "title": f"Giấy triệu tập {cls.name}", "issued": issued_view(cls.documents.summons, SUMMONS_CODE),
         "docx": address(urls.class_document(cls.id, urls.SUMMONS, "docx")), "pdf": address(urls.class_document(cls.id, urls.SUMMONS, "pdf"))},
    ]} for cls in site.classes]
    plan_pdf = generated_material(site, Generated.plan)
    form = generated_material(site, Generated.feedback_form)
    return {
        "plan": {"title": f"{site.plan.doc_type} số {site.plan.number}", "docx": address(urls.PLAN_DOCX),
                 "pdf": address(plan_pdf.public_path) if plan_pdf else None},
        "results_report": {"title": results_report_title(site), "docx": address(f"{urls.RESULTS_REPORT}.docx"),
                           "pdf": address(f"{urls.RESULTS_REPORT}.pdf")},
        # The form is published where its material says (tai-lieu/<id>.docx, its PDF beside it); none without one.
        "feedback_form": {"title": site.feedback.title, **{extension_of(path): address(path) for path in form.public_paths}} if form else None,
        "classes": classes,
    }


def generated_material(site: Site, generated: Generated) -> Optional[Material]:
    """The material that publishes a document made for the whole plan (the rule
    generated_documents_are_listed_once keeps it to one), or None when none lists it."""
    return next((m for m in site.materials if m.generated == generated), None)


def results_report_title(site: Site) -> str:
    return f"Báo cáo kết quả {_lower_first(site.plan.title)}"
