"""Loading the build scripts under packaging/ in tests.

packaging/ is a folder of scripts, not a package: a packaging/__init__.py would shadow the PyPI
``packaging`` library for everything run from the repository root, so the scripts are loaded by path.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str) -> ModuleType:
    """The script at ``ROOT / relative`` as a module named ``gkdesk_<its stem>``, loaded once."""
    path = ROOT / relative
    name = f"gkdesk_{path.stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while a class is made
    spec.loader.exec_module(module)
    return module
