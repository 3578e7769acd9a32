"""Every export module, imported once so that it registers itself. One line each."""
from . import (
    atom,  # noqa: F401  /thong-bao/atom.xml
    class_pdf,  # noqa: F401  printable class timetables
    handbook,  # noqa: F401  the printable handbook
    ics,  # noqa: F401  calendar feeds
    materials,  # noqa: F401  the materials library
    official_documents,  # noqa: F401  class plans and summons (.docx, .pdf), the plan as .docx
    open_data,  # noqa: F401  /du-lieu/tap-huan-2026.json, /du-lieu/buoi-hoc.csv
    previews,  # noqa: F401  link-preview images, /anh-xem-truoc/
)
