"""Results of slow pure functions kept between builds, each under a digest of its arguments and
of everything else that shapes it: the function's own module and the modules it names, and
the versions of the libraries it calls.

Converting Markdown for print and drawing QR codes take most of the exports' time at ten
times the data, and an edit changes few of their inputs. A build opens the folder (in the
build cache); without one, every call computes. The folder keeps what the last good build
used, and nothing else after it prunes.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from functools import lru_cache, wraps
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Callable, Optional, TypeVar

from .files import prune, write_atomically

T = TypeVar("T")

_folder: Optional[Path] = None
_used: set[str] = set()
FORMAT = "1"  # bump when the way a result is kept changes


def open_folder(folder: Optional[Path]) -> None:
    """This build keeps its results in folder (None: compute every call)."""
    global _folder
    _folder = folder
    _used.clear()


def prune_folder() -> int:
    """After a good build: remove every result it did not use."""
    return prune(_folder, keep=set(_used)) if _folder is not None else 0


def remembered(*, modules: tuple[ModuleType, ...] = (), packages: tuple[str, ...] = (),
               encode: Callable[[T], str] = str, decode: Callable[[str], T] = str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A pure function of JSON-able arguments, kept in the open folder. Its result depends on its
    own module, `modules` and the `packages`' versions, and on nothing else."""
    def wrap(function: Callable[..., T]) -> Callable[..., T]:
        @wraps(function)
        def call(*args, **kwargs) -> T:
            if _folder is None:
                return function(*args, **kwargs)
            key = _key(function, modules, packages, json.dumps([args, kwargs], ensure_ascii=False, sort_keys=True))
            _used.add(key)
            try:
                return decode((_folder / key).read_text(encoding="utf-8"))
            except OSError:
                result = function(*args, **kwargs)
                write_atomically(_folder / key, encode(result).encode("utf-8"))
                return result

        return call

    return wrap


def _key(function: Callable, modules: tuple[ModuleType, ...], packages: tuple[str, ...], arguments: str) -> str:
    digest = hashlib.sha256(_code_digest(function, modules, packages))
    digest.update(arguments.encode("utf-8"))
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _code_digest(function: Callable, modules: tuple[ModuleType, ...], packages: tuple[str, ...]) -> bytes:
    digest = hashlib.sha256(f"{FORMAT};{function.__module__}.{function.__qualname__};".encode())
    for module in (inspect.getmodule(function), *modules):
        digest.update(Path(module.__file__).read_bytes())
    for package in packages:
        digest.update(f"{package}={metadata.version(package)};".encode())
    return digest.digest()
