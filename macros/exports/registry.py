"""Every export module, imported once so that it registers itself. One line each."""
from . import materials  # noqa: F401
from . import handbook  # noqa: F401
