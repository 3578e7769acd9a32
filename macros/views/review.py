"""What readers see of a record's review: approved by whom and when, or a draft.

Every view that shows a record (pages, cards, lists, feeds, PDFs, exports) asks here, so a
record reads the same everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from ..data.models import ClassStatus, Reviewed, TrainingClass
from ..data.site import Site
from ..text import short_date

DRAFT = "Dự thảo — chưa được duyệt"
CHANGED = "Dự thảo — đã sửa sau khi duyệt"
DRAFT_MARK = "DỰ THẢO"  # on every page of a PDF that holds draft content


def review_view(site: Site, record: Reviewed) -> dict:
    """{'approved', 'label', 'text'}: the label is what a badge says, the text a full sentence."""
    review = record.review
    if record.approved:
        role = site.role[review.by].name
        on = short_date(review.on)
        return {"approved": True, "state": "approved", "label": "Đã duyệt", "by": role, "on": on,
                "text": f"Đã duyệt: {role}, ngày {on}."}
    if record.changed_since_approval():
        return {"approved": False, "state": "changed", "label": CHANGED, "by": None, "on": None,
                "text": f"{CHANGED}: nội dung đã thay đổi sau lần duyệt ngày {short_date(review.on)}."}
    return {"approved": False, "state": "draft", "label": DRAFT, "by": None, "on": None,
            "text": f"{DRAFT}: nội dung do cổng soạn để tham khảo, chưa được Liên đoàn Lao động tỉnh duyệt."}


def class_timing(site: Site, cls: TrainingClass) -> Optional[str]:
    """What the build's day says of a class's dates: passed without a record that it took place."""
    today: Optional[date] = site.today.date
    if today is None or cls.end_date >= today or cls.status in (ClassStatus.finished, ClassStatus.postponed):
        return None
    return ("Ngày dự kiến của lớp đã qua; chưa có xác nhận lớp đã được tổ chức."
            if cls.status == ClassStatus.tentative else
            "Ngày học của lớp đã qua; chưa có xác nhận lớp đã kết thúc.")
