"""Every export module, imported once so that it registers itself. One line each."""
from . import atom  # noqa: F401  /thong-bao/atom.xml
from . import open_data  # noqa: F401  /du-lieu/tap-huan-2026.json, /du-lieu/buoi-hoc.csv
