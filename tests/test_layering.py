"""The layer rules of ARCHITECTURE.md, checked on every import in gkdesk/ (inside functions and
``if TYPE_CHECKING:`` blocks too, and ``importlib.import_module("...")`` with a literal name).

A layer may import the ones below it, never one above: ``ui``/``cli`` → ``services`` → ``db`` →
``models``; ``importers``/``parsing``/``exporters`` stay pure (no database, no Qt); ``records``,
``errors`` and ``config`` sit at the bottom. Qt lives only in ``gkdesk/ui`` and ``gkdesk/app.py``.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "gkdesk"
QT = {"PySide6", "shiboken6"}
ORM = {"sqlalchemy", "alembic"}

# Place → the gkdesk places it must not import. A place is a top-level module or subpackage of
# gkdesk; "migrations" belongs with "db". Places not listed (app) may import anything.
FORBIDDEN_PLACES: dict[str, set[str]] = {
    "records": {"*"},
    "errors": {"*"},
    "config": {"*"},
    "formats": {"*"},
    "debris": {"*"},
    "parsing": {"models", "db", "migrations", "services", "cli", "ui", "app"},
    "importers": {"models", "db", "migrations", "services", "cli", "ui", "app"},
    "exporters": {"models", "db", "migrations", "services", "cli", "ui", "app"},
    "scoring": {
        "models",
        "db",
        "migrations",
        "services",
        "cli",
        "ui",
        "app",
        "importers",
        "exporters",
        "parsing",
    },
    "models": {"db", "migrations", "services", "cli", "ui", "app", "importers", "parsing", "exporters"},
    "db": {"services", "cli", "ui", "app", "importers", "parsing", "exporters"},
    "migrations": {"services", "cli", "ui", "app", "importers", "parsing", "exporters"},
    "services": {"cli", "ui", "app"},
    # cli may reach app lazily: `gkdesk gui` starts the window; every other command stays Qt-free.
    "cli": {"ui"},
    "ui": {"cli", "app", "models", "migrations"},
}
# Place → third-party top-level packages it must not import (Qt is handled separately).
FORBIDDEN_THIRD_PARTY: dict[str, set[str]] = {
    "parsing": ORM,
    "importers": ORM,
    "exporters": ORM,
    "scoring": ORM,
    "records": ORM,
    "errors": ORM,
    "config": ORM,
    "formats": ORM,
    "models": {"alembic"},
    "services": {"alembic"},
    "cli": {"alembic"},
    "ui": ORM,
}
# Places that may use only the standard library plus these.
STDLIB_ONLY: dict[str, set[str]] = {
    "records": set(),
    "errors": set(),
    "formats": set(),
    "debris": set(),
    "config": {"platformdirs"},
}
QT_ALLOWED = {"ui", "app"}


@dataclass(frozen=True)
class Import:
    module: str  # absolute dotted name
    line: int


def module_name(path: Path, package_dir: Path = PACKAGE_DIR) -> str:
    parts = list(path.relative_to(package_dir.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, *, is_package: bool = False) -> list[Import]:
    """Every module ``source`` imports, resolved to absolute names.

    ``from a import b`` yields both ``a`` and ``a.b``, since ``b`` may be a submodule.
    """
    tree = ast.parse(source)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append(Import(target, node.lineno))
            found.extend(
                Import(f"{target}.{alias.name}", node.lineno) for alias in node.names if alias.name != "*"
            )
        elif isinstance(node, ast.Call):
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else func.id
                if isinstance(func, ast.Name)
                else ""
            )
            if name in ("import_module", "__import__") and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append(Import(first.value, node.lineno))
    return found


def place_of(module: str) -> str | None:
    """The layer a gkdesk module belongs to; None for the package itself and non-gkdesk modules."""
    parts = module.split(".")
    if parts[0] != "gkdesk" or len(parts) < 2:
        return None
    return parts[1]


def violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """The layer rules ``module`` (with ``source``) breaks, one message each."""
    here = place_of(module)
    if here is None:
        return []
    # Keyed by (line, rule) so that `from ..models import Unit` (seen as gkdesk.models and
    # gkdesk.models.Unit) is reported once.
    problems: dict[tuple[int, str], str] = {}
    for imp in imports_of(source, module, is_package=is_package):
        top = imp.module.split(".")[0]
        where = f"{module}:{imp.line} imports {imp.module}"

        def report(rule: str, why: str, imp: Import = imp, where: str = where) -> None:
            problems.setdefault((imp.line, rule), f"{where}: {why}")

        if top == "gkdesk":
            there = place_of(imp.module)
            if there is None or there == here:
                continue
            forbidden = FORBIDDEN_PLACES.get(here, set())
            if "*" in forbidden or there in forbidden:
                report(f"place:{there}", f"{here} must not import gkdesk.{there}")
            continue
        if top in QT and here not in QT_ALLOWED:
            report("qt", "Qt belongs in gkdesk/ui and gkdesk/app.py only")
        if top in FORBIDDEN_THIRD_PARTY.get(here, set()):
            report(f"lib:{top}", f"{here} must not use {top}")
        allowed = STDLIB_ONLY.get(here)
        if allowed is not None and top not in sys.stdlib_module_names and top not in allowed | {"__future__"}:
            extra = f" and {', '.join(sorted(allowed))}" if allowed else ""
            report(f"stdlib:{top}", f"{here} may use only the standard library{extra}")
    return list(problems.values())


def test_gkdesk_respects_its_layers() -> None:
    problems: list[str] = []
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    assert files, "no sources found"
    for path in files:
        source = path.read_text(encoding="utf-8")
        problems.extend(violations(module_name(path), source, is_package=path.name == "__init__.py"))
    assert not problems, "layer violations:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        # Inside a function, relative: the lazy import is still an import.
        (
            "gkdesk.parsing.fake",
            "def f():\n    from ..models import Unit\n",
            ["must not import gkdesk.models"],
        ),
        ("gkdesk.parsing.fake", "import sqlalchemy.orm\n", ["must not use sqlalchemy"]),
        ("gkdesk.importers.fake", "from gkdesk import db\n", ["must not import gkdesk.db"]),
        ("gkdesk.services.fake", "if True:\n    from PySide6.QtCore import QObject\n", ["Qt belongs"]),
        ("gkdesk.services.fake", "from gkdesk.ui import main_window\n", ["must not import gkdesk.ui"]),
        ("gkdesk.models.fake", "from gkdesk.services import units\n", ["must not import gkdesk.services"]),
        ("gkdesk.records", "from gkdesk.errors import UserError\n", ["must not import gkdesk.errors"]),
        ("gkdesk.config", "import openpyxl\n", ["only the standard library"]),
        ("gkdesk.cli", "import importlib\nimportlib.import_module('shiboken6')\n", ["Qt belongs"]),
        (
            "gkdesk.exporters.fake",
            "from . import gongwen\nfrom ..app import main\n",
            ["must not import gkdesk.app"],
        ),
        # Allowed: downward and sideways imports, Qt in the UI, sqlalchemy in services.
        (
            "gkdesk.ui.pages.tasks",
            "from PySide6.QtWidgets import QWidget\nfrom gkdesk.services import planning\n",
            [],
        ),
        ("gkdesk.services.fake", "from gkdesk.db import Database\nfrom sqlalchemy import select\n", []),
        ("gkdesk.parsing.fake", "from gkdesk.records import Block\nfrom . import clean\nimport re\n", []),
        ("gkdesk.config", "import json\nimport platformdirs\n", []),
        (
            "gkdesk.app",
            "from gkdesk.ui.main_window import MainWindow\nfrom gkdesk.db import open_database\n",
            [],
        ),
    ],
)
def test_the_checker_catches_violations(module: str, source: str, expected: list[str]) -> None:
    found = violations(module, source)
    assert len(found) == len(expected), found
    for message, fragment in zip(found, expected, strict=True):
        assert fragment in message


def test_relative_imports_resolve_from_packages_and_modules() -> None:
    assert [i.module for i in imports_of("from . import a\n", "gkdesk.ui", is_package=True)] == [
        "gkdesk.ui",
        "gkdesk.ui.a",
    ]
    assert [i.module for i in imports_of("from ..db import x\n", "gkdesk.services.units")] == [
        "gkdesk.db",
        "gkdesk.db.x",
    ]
    assert [i.module for i in imports_of("from ... import models\n", "gkdesk.ui.pages", is_package=True)] == [
        "gkdesk",
        "gkdesk.models",
    ]
