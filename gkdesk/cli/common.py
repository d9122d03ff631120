"""Helpers every command module shares: opening the database, printing JSON and tables."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gkdesk.db import Database


def print_json(data: Any) -> None:
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        data = dataclasses.asdict(data)
    elif isinstance(data, list):
        data = [
            dataclasses.asdict(d) if dataclasses.is_dataclass(d) and not isinstance(d, type) else d
            for d in data
        ]
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def open_db(args: argparse.Namespace) -> Database:
    from gkdesk.config import database_url, paths
    from gkdesk.db import open_database

    app_paths = paths(args.home)
    return open_database(database_url(app_paths, args.db), paths=app_paths)
