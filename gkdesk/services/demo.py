"""The demo database: an invented city's plan so the window has something real to show."""

from __future__ import annotations

from pathlib import Path

from gkdesk.config import paths, resource_path, sqlite_url
from gkdesk.db import open_database
from gkdesk.services.planning import import_plan, list_plans
from gkdesk.services.units import list_units, set_group_members, update_unit

DEMO_PLAN = "demo/qinghe2026.txt"
_COUNTIES = ["青禾区", "滨江区", "云溪县", "石门县", "临河市"]
_CATEGORIES = {"县市区": [f"{c}人民政府" for c in _COUNTIES], "管委会": ["青禾新区管委会", "滨江新区管委会"]}


def demo_db_file(home: Path | str | None = None) -> Path:
    return paths(home).data_dir / "demo.sqlite"


def ensure_demo(home: Path | str | None = None) -> str:
    """Create the demo database under the data dir (or reuse it); returns its URL."""
    app_paths = paths(home).ensure()
    url = sqlite_url(demo_db_file(home))
    db = open_database(url, paths=app_paths)
    try:
        if not list_plans(db):
            import_plan(db, resource_path(DEMO_PLAN))
            set_group_members(db, "各县（市、区）人民政府", _CATEGORIES["县市区"])
            for category, names in _CATEGORIES.items():
                for name in names:
                    update_unit(db, name, category=category)
            for unit in list_units(db):
                if not unit.category and not unit.is_group:
                    update_unit(db, unit.name, category="市直部门")
    finally:
        db.dispose()
    return url
