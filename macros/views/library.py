"""The materials library: views of each material's download for templates.

Pure. `downloads` maps a public path to the facts of the built file (formats.downloads_of
over the exports); None where no built files are at hand (the handbook itself is one of
them), and then no size is shown rather than a wrong one.
"""

from __future__ import annotations

from typing import Mapping, Optional

from .. import urls
from ..data import formats
from ..data.models import MATERIAL_KIND_LABELS, Material
from ..text import date_range, short_date
from .links import Links
from .review import review_view

Downloads = Mapping[str, formats.FileFacts]


def download(path: str, link: Links, downloads: Optional[Downloads]) -> dict:
    facts = downloads.get(path) if downloads is not None else None
    if facts and facts.pending:
        facts = None
    return {
        "url": link.to(path),
        "path": path,
        "format": formats.format_of(path).label,
        "mime": formats.format_of(path).mime,
        "size": facts.size_label if facts else None,
        "pages": facts.pages if facts else None,
        "sha256": facts.sha256 if facts else None,
        "pending": pending(path, downloads),
    }


def pending(path: str, downloads: Optional[Downloads]) -> bool:
    """Whether the file at path is being made again (under `make serve`) and has no bytes yet."""
    facts = downloads.get(path) if downloads is not None else None
    return bool(facts and facts.pending)


def material_item(site, material: Material, link: Links, downloads: Optional[Downloads]) -> dict:
    return {
        "id": material.id,
        "title": material.title,
        "kind": material.kind.value,
        "kind_label": MATERIAL_KIND_LABELS[material.kind],
        "description": material.description,
        "download": download(material.public_path, link, downloads),
        # The other files of the same document: a generated Word file's PDF twin.
        "twins": [download(path, link, downloads) for path in material.public_paths[1:]],
        "review": review_view(site, material),
    }


def topic_materials(site, topic_id: str, link: Links, downloads: Optional[Downloads]) -> list[dict]:
    return [material_item(site, m, link, downloads) for m in site.materials if m.topic == topic_id]


def library(site, link: Links, downloads: Optional[Downloads]) -> list[dict]:
    """Every material, grouped: materials for the whole class first, then by topic in the plan's order."""
    groups = []
    common = topic_materials(site, None, link, downloads)
    if common:
        groups.append({"title": "Tài liệu chung", "url": None, "materials": common})
    for number, topic in enumerate(site.topics, start=1):
        items = topic_materials(site, topic.id, link, downloads)
        if items:
            groups.append({"title": f"{number}. {topic.title}", "url": link.to(urls.topic(topic.id)), "materials": items})
    return groups


def handbook(link: Links, downloads: Optional[Downloads]) -> dict:
    return download(urls.HANDBOOK, link, downloads)


def class_handbooks(site, link: Links, downloads: Optional[Downloads]) -> list[dict]:
    return [{"name": cls.name, "dates": date_range(cls.start_date, cls.end_date),
             "download": download(urls.class_handbook(cls.id), link, downloads)} for cls in site.classes]


# A class's documents to issue (exports/official_documents.py): public name, title, field of
# the class's `documents` that records its number and date once issued.
CLASS_DOCUMENTS = ((urls.CLASS_PLAN, "Kế hoạch tổ chức lớp", "plan"), (urls.SUMMONS, "Giấy triệu tập", "summons"))


def class_documents(site, cls, link: Links, downloads: Optional[Downloads]) -> list[dict]:
    """The class plan and the summons, each in Word and PDF; once issued, its number and date and
    the signed scan (a material) when staff attached one."""
    items = []
    for name, title, field in CLASS_DOCUMENTS:
        issued = getattr(cls.documents, field)
        scan = site.material.get(issued.scan) if issued and issued.scan else None
        items.append({
            "title": title,
            "word": download(urls.class_document(cls.id, name, "docx"), link, downloads),
            "pdf": download(urls.class_document(cls.id, name, "pdf"), link, downloads),
            "issued": f"Đã ban hành: số {issued.number}, ngày {short_date(issued.date)}" if issued else None,
            "scan": download(scan.public_path, link, downloads) if scan else None,
        })
    return items


def documents_by_class(site, link: Links, downloads: Optional[Downloads]) -> list[dict]:
    return [{"name": cls.name, "dates": date_range(cls.start_date, cls.end_date), "url": link.to(urls.klass(cls.id)),
             "documents": class_documents(site, cls, link, downloads)} for cls in site.classes]
