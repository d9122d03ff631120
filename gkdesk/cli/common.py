"""Helpers every command module shares: opening the database, printing JSON and tables."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date
from pathlib import Path
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
    from sqlalchemy import make_url

    from gkdesk.config import database_url, paths
    from gkdesk.db import check_sqlite_path, normalize_url, open_database

    app_paths = paths(args.home)
    url = normalize_url(database_url(app_paths, args.db))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # A typed --db/GKDESK_DB must not leave a stray file such as "::::" behind.
        file = Path(parsed.database)
        check_sqlite_path(file, may_create_folder=file.absolute() == app_paths.db_file.absolute())
    return open_database(url, paths=app_paths)


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，应写成 YYYY-MM-DD，如 2021-04-15") from None


def who_am_i(args: argparse.Namespace) -> str:
    from gkdesk.config import current_user, paths

    return current_user(paths(args.home))


def print_progress(done: int, total: int, label: str) -> None:
    if sys.stderr.isatty():
        print(f"\r[{done}/{total}] {label[:40]}\033[K", end="" if done < total else "\n", file=sys.stderr)
