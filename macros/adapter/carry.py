"""The BuildRun travels on the MkDocs config: every hook and mkdocs-macros' define_env
receive that config, so no module keeps the build in a variable of its own."""

from __future__ import annotations

from typing import Any

from macros.build.run import BuildRun

_ATTRIBUTE = "training_portal_build"


def carry(config: Any, run: BuildRun) -> None:
    setattr(config, _ATTRIBUTE, run)


def build_of(config: Any) -> BuildRun:
    run = getattr(config, _ATTRIBUTE, None)
    if run is None:
        raise RuntimeError("no build was started: is macros/adapter/hooks.py listed under hooks: in mkdocs.yml?")
    return run
