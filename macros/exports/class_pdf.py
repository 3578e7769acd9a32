"""The printable timetable of each class, /lich/<class-id>.pdf: the class page's view and day
tables (records.class_page, partials/timetable.html), laid out for A4 by a PDF-only template."""

from __future__ import annotations

from .. import urls
from ..data.models import TrainingClass
from ..data.site import Site
from ..views import records
from ..views.render import render
from . import Context, export
from .pdf import html_to_pdf
from .printed import stylesheet


def class_timetable_html(site: Site, cls: TrainingClass, context: Context) -> str:
    return render("pdf/class_timetable.html", klass=records.class_page(site, cls, context.base_url),
                  issuer=site.plan.issuer, plan_title=site.plan.title)


def class_timetable_pdf(site: Site, cls: TrainingClass, context: Context) -> bytes:
    # Links in the view are relative to the class page; resolved against its public address
    # they become working links in the PDF.
    page = urls.absolute(context.base_url, urls.klass(cls.id)) if context.base_url else "."
    return html_to_pdf(class_timetable_html(site, cls, context), base_url=page,
                       extra_css=stylesheet("pdf/class_timetable.css"), cache=context.pdf_cache)


@export
def class_timetables(site: Site, context: Context) -> dict[str, bytes]:
    return {urls.class_pdf(cls.id): class_timetable_pdf(site, cls, context) for cls in site.classes}
