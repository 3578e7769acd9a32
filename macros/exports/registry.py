"""Every export module, imported once so that it registers itself. One line each."""
