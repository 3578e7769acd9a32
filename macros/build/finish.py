"""After MkDocs has written the site: fold the search index, write the offline worker,
and refuse any page that loads an asset from another host."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path
from typing import Callable, Generic, Optional, TypeVar

from . import assets, offline, search

T = TypeVar("T")


def finish(site_dir: Path, checked: Optional[assets.CheckedPages] = None) -> list[tuple[str, str]]:
    """Rewrite the built folder in place; (file, url) of every asset from another host
    (`checked`: pages found clean by earlier builds). The pages are read for assets in a child
    process meanwhile (the longest of the three at scale), when this process runs no other
    thread: a fork copies other threads' locks in any state (`make serve` runs the server's)."""
    alone = threading.active_count() == 1
    check = Beside(lambda: assets.checked_site(site_dir, checked)) if alone else None
    index = site_dir / search.INDEX
    if index.exists():
        index.write_text(search.add_folded_fields(index.read_text(encoding="utf-8")), encoding="utf-8")
    # Last write: the worker's version is a digest of everything else.
    (site_dir / offline.WORKER).write_text(offline.service_worker(site_dir), encoding="utf-8")
    found, clean = check.result() if check else assets.checked_site(site_dir, checked)
    if checked is not None:
        checked.found(clean)
    return found


class Beside(Generic[T]):
    """work() run in a forked child while this process goes on; result() waits for its value
    (or raises, with the child's error)."""

    def __init__(self, work: Callable[[], T]) -> None:
        read, write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: its value, or its error, down the pipe, then gone
            os.close(read)
            try:
                outcome = pickle.dumps((True, work()))
            except BaseException as error:  # noqa: BLE001  reported by the parent
                outcome = pickle.dumps((False, f"{type(error).__name__}: {error}"))
            with os.fdopen(write, "wb") as pipe:
                pipe.write(outcome)
            os._exit(0)
        os.close(write)
        self._read = read

    def result(self) -> T:
        with os.fdopen(self._read, "rb") as pipe:
            outcome = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        if not outcome:
            raise RuntimeError(f"the child process ended without a result (status {status})")
        done, value = pickle.loads(outcome)
        if not done:
            raise RuntimeError(value)
        return value
