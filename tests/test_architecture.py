"""The house's layers: imports run down only, and the core knows nothing of MkDocs.

adapter (MkDocs, mkdocs-macros, the command line) > build > exports > views > data > text, urls
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "macros"
# Highest first. A module may import from its own layer or any layer below it.
LAYERS = (
    ("adapter", ("macros.adapter", "macros.__main__", "macros")),
    ("build", ("macros.build",)),
    ("exports", ("macros.exports",)),
    ("views", ("macros.views",)),
    ("data", ("macros.data",)),
    ("basics", ("macros.text", "macros.urls", "macros.files", "macros.memo")),
)
FRAMEWORKS = ("mkdocs", "mkdocs_macros", "material")


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The rank of a module's layer: 0 for the top (adapter)."""
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes if p != "macros") or module == "macros":
            return rank
    raise AssertionError(f"{module} is in no layer: add its folder to LAYERS")


def imports_of(path: Path, package: Path) -> list[str]:
    """Every module a file imports, relative imports resolved, those inside functions too."""
    module = module_name(path, package)
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[: len(here) - node.level + 1]) if node.level else ""
            target = ".".join(part for part in (base, node.module or "") if part)
            submodules = [f"{target}.{alias.name}" for alias in node.names if _is_module(f"{target}.{alias.name}", package)]
            found += submodules or [target]  # `from .. import urls` imports urls, not the package
    return found


def _is_module(name: str, package: Path) -> bool:
    path = package.parent / name.replace(".", "/")
    return path.is_dir() or path.with_suffix(".py").is_file()


def wrong_arrows(package: Path) -> list[str]:
    """'importer -> imported (why)' for every import that breaks the layers."""
    wrong = []
    for path in sorted(package.rglob("*.py")):
        importer = module_name(path, package)
        for imported in imports_of(path, package):
            top = imported.split(".")[0]
            if top in FRAMEWORKS and layer_of(importer) > 0:
                wrong.append(f"{importer} -> {imported} (the core imports nothing from MkDocs)")
            elif top == "macros" and layer_of(imported) < layer_of(importer):
                wrong.append(f"{importer} -> {imported} ({LAYERS[layer_of(importer)][0]} may not import {LAYERS[layer_of(imported)][0]})")
    return wrong


def test_imports_run_down_the_layers_only():
    assert wrong_arrows(PACKAGE) == []


def test_a_planted_import_that_runs_back_up_is_found(tmp_path):
    copy = tmp_path / "macros"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "fonts", "templates"))
    with open(copy / "data" / "checks.py", "a", encoding="utf-8") as planted:
        planted.write("\nfrom ..views import library  # noqa\n")
    with open(copy / "views" / "records.py", "a", encoding="utf-8") as planted:
        planted.write("\n\ndef later():\n    from mkdocs.plugins import event_priority  # noqa\n")
    assert wrong_arrows(copy) == [
        "macros.data.checks -> macros.views.library (data may not import views)",
        "macros.views.records -> mkdocs.plugins (the core imports nothing from MkDocs)",
    ]


def test_every_module_is_in_a_layer():
    for path in PACKAGE.rglob("*.py"):
        layer_of(module_name(path, PACKAGE))
