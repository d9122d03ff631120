"""Column roles the user chose in the import wizard, remembered by header text for later imports.

They live among the office settings (one JSON map, header → role), so every computer on a shared
database reads the next 分工表 with the same headers the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import select

from gkdesk.db import Database
from gkdesk.models import OfficeSetting
from gkdesk.parsing.columns import ROLES, ColumnRole, header_key, position_of
from gkdesk.services.units import log_change

KEY = "column_roles"


def remembered_columns(db: Database) -> dict[str, ColumnRole]:
    """The remembered header → role choices (unknown roles in a damaged value are ignored)."""
    with db.unit_of_work(read_only=True) as uow:
        raw = uow.session.scalar(select(OfficeSetting.value).where(OfficeSetting.key == KEY))
    try:
        stored = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(stored, dict):
        return {}
    return {str(k): v for k, v in stored.items() if v in ROLES}


def remember_columns(db: Database, choices: Mapping[str, ColumnRole], *, who: str = "") -> None:
    """Add (or change) remembered choices; a header chosen again replaces its earlier role."""
    # "第3列" names a column of this document only: it means nothing for the next one.
    choices = {
        header_key(k): v
        for k, v in choices.items()
        if header_key(k) and v in ROLES and position_of(k) is None
    }
    if not choices:
        return
    with db.unit_of_work() as uow:
        row = uow.session.get(OfficeSetting, KEY)
        try:
            current = json.loads(row.value) if row is not None else {}
        except ValueError:
            current = {}
        if not isinstance(current, dict):
            current = {}
        merged = {**current, **choices}
        if merged == current:
            return
        encoded = json.dumps(merged, ensure_ascii=False, sort_keys=True)
        if row is None:
            uow.session.add(OfficeSetting(key=KEY, value=encoded, updated_by=who))
        else:
            row.value = encoded
            row.updated_by = who
        described = "，".join(f"{k}={v}" for k, v in choices.items())
        log_change(uow.session, "setting", f"表格列用途：{described}", who)
        uow.commit()


def forget_columns(db: Database) -> None:
    """Drop every remembered choice."""
    with db.unit_of_work() as uow:
        row = uow.session.get(OfficeSetting, KEY)
        if row is not None:
            uow.session.delete(row)
            uow.commit()
