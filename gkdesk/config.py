"""Where gkdesk keeps its files, which database it opens, and the user's settings.

Nothing here touches the disk at import time: ``paths()`` only computes locations and
``AppPaths.ensure()`` creates the folders when a caller is about to use them. This module may
import only the standard library and platformdirs (see tests/test_layering.py).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "gkdesk"
HOME_ENV = "GKDESK_HOME"
DB_ENV = "GKDESK_DB"

DEFAULT_SETTINGS: dict[str, Any] = {
    "office_name": "",  # e.g. 市政府办公室政务公开办, printed on notices
    "doc_prefix": "",  # 发文字号 prefix, e.g. 市政务公开办
    "contacts": "",  # 联系人及电话 line printed on notices
    "user_name": "",  # who is recorded in the change log
}


@dataclass(frozen=True, slots=True)
class AppPaths:
    """Every location gkdesk writes to, all under one root (``home``)."""

    home: Path
    data_dir: Path
    db_file: Path
    backups_dir: Path
    evidence_dir: Path
    logs_dir: Path
    settings_file: Path

    @classmethod
    def under(cls, home: Path | str) -> AppPaths:
        root = Path(home).expanduser().absolute()
        data = root / "data"
        return cls(
            home=root,
            data_dir=data,
            db_file=data / "gkdesk.sqlite",
            backups_dir=root / "backups",
            evidence_dir=root / "evidence",
            logs_dir=root / "logs",
            settings_file=root / "settings.json",
        )

    def ensure(self) -> AppPaths:
        """Create the folders (not the files); returns ``self`` so calls can be chained."""
        for folder in (self.home, self.data_dir, self.backups_dir, self.evidence_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def paths(home: Path | str | None = None) -> AppPaths:
    """The app's locations: ``home`` if given, else ``$GKDESK_HOME``, else the platform's data dir."""
    if home is None or str(home) == "":
        home = os.environ.get(HOME_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    return AppPaths.under(home)


def sqlite_url(path: Path | str) -> str:
    """A SQLAlchemy URL for a SQLite file (forward slashes so Windows drive paths work too)."""
    return f"sqlite:///{Path(path).expanduser().absolute().as_posix()}"


def as_database_url(value: str) -> str:
    """Accept a SQLAlchemy URL as is; treat anything without a scheme as a SQLite file path."""
    value = value.strip()
    if value == ":memory:":
        return "sqlite://"
    if "://" in value:
        return value
    return sqlite_url(value)


def database_url(paths: AppPaths, explicit: str | None = None) -> str:
    """The database to open: ``explicit`` (--db) > ``$GKDESK_DB`` > the SQLite file under ``paths``."""
    for candidate in (explicit, os.environ.get(DB_ENV)):
        if candidate is not None and candidate.strip():
            return as_database_url(candidate)
    return sqlite_url(paths.db_file)


def resource_path(name: str) -> Path:
    """A file shipped with gkdesk: ``resources/`` in a source checkout, ``gkdesk/_resources/`` in a wheel.

    Raises ``FileNotFoundError`` naming every place looked at, so a packaging mistake is obvious.
    """
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"resource name must be relative and stay inside resources/: {name!r}")
    package_dir = Path(__file__).resolve().parent
    candidates = (package_dir / "_resources" / relative, package_dir.parent / "resources" / relative)
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resource {name!r} not found in " + ", ".join(str(c.parent) for c in candidates))


def load_settings(paths: AppPaths) -> dict[str, Any]:
    """The saved settings over ``DEFAULT_SETTINGS``.

    Keys unknown to this version are kept (a newer gkdesk may have written them). A value whose
    type differs from its default is dropped, and an unreadable file is set aside as
    ``settings.json.bad-…`` rather than stopping the program from starting.
    """
    settings = dict(DEFAULT_SETTINGS)
    try:
        raw = paths.settings_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return settings
    try:
        stored = json.loads(raw)
        if not isinstance(stored, dict):
            raise ValueError("settings file does not hold a JSON object")
    except ValueError as exc:
        aside = paths.settings_file.with_name(
            f"{paths.settings_file.name}.bad-{datetime.now():%Y%m%d-%H%M%S}"
        )
        log.warning("settings file %s unreadable (%s); moved to %s", paths.settings_file, exc, aside)
        os.replace(paths.settings_file, aside)
        return settings
    for key, value in stored.items():
        default = DEFAULT_SETTINGS.get(key)
        if default is not None and not isinstance(value, type(default)):
            log.warning("setting %r has the wrong type (%r); using the default", key, value)
            continue
        settings[key] = value
    return settings


def current_user(paths: AppPaths) -> str:
    """The name recorded in the change log: the user's setting, else the login name, else ""."""
    name = str(load_settings(paths).get("user_name") or "")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # some systems have no login name; the log then names nobody
        return ""


def save_settings(paths: AppPaths, settings: Mapping[str, Any]) -> None:
    """Write the settings atomically (a crash mid-write must not leave half a file)."""
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(settings), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(dir=paths.settings_file.parent, prefix=".settings-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, paths.settings_file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
