"""Every export module, imported once so that it registers itself. One line each."""
from . import ics  # noqa: F401  calendar feeds
from . import class_pdf  # noqa: F401  printable class timetables
from . import materials  # noqa: F401  the materials library
from . import handbook  # noqa: F401  the printable handbook
from . import atom  # noqa: F401  /thong-bao/atom.xml
from . import open_data  # noqa: F401  /du-lieu/tap-huan-2026.json, /du-lieu/buoi-hoc.csv
