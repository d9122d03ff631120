"""Alembic environment for gkdesk.

Run two ways: by ``gkdesk.db.upgrade`` (the normal way: the connection, already in a transaction,
arrives in ``config.attributes["connection"]``), or by a developer's ``uv run alembic ...`` with the
top-level alembic.ini, which opens ``$GKDESK_DB`` or the default SQLite file itself.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from gkdesk import config as app_config
from gkdesk.db import make_engine, migration_connection, normalize_url
from gkdesk.models import Base, UTCDateTime

alembic_cfg = context.config

if alembic_cfg.config_file_name is not None and alembic_cfg.attributes.get("connection") is None:
    fileConfig(alembic_cfg.config_file_name, disable_existing_loggers=False)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    # Migrations must not import the models (they change over time); UTCDateTime is plain
    # DateTime(timezone=True) in the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _options(dialect_name: str) -> dict[str, Any]:
    return {
        "target_metadata": Base.metadata,
        # SQLite cannot ALTER most things; batch mode recreates the table instead.
        "render_as_batch": dialect_name == "sqlite",
        "compare_type": True,
        "render_item": _render_item,
    }


def _url() -> str:
    explicit = alembic_cfg.get_main_option("sqlalchemy.url")
    return normalize_url(explicit or app_config.database_url(app_config.paths()))


def _run(connection: Connection) -> None:
    context.configure(connection=connection, **_options(connection.dialect.name))
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    url = _url()
    context.configure(url=url, literal_binds=True, **_options(url.split(":", 1)[0].split("+", 1)[0]))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = alembic_cfg.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with migration_connection(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
