"""Bad ``--db`` values: one Chinese line, no ImportError, and no stray file created."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gkdesk.cli import main
from gkdesk.db import open_database
from gkdesk.errors import UserError


def test_mysql_is_refused_in_chinese(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UserError) as caught:
        open_database("mysql://u:p@localhost/db")
    assert caught.value.message == "不支持的数据库类型 mysql，请使用 SQLite 文件路径或 postgresql://…"
    assert main(["--db", "mysql+pymysql://u@h/db", "plans"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "错误：不支持的数据库类型 mysql，请使用 SQLite 文件路径或 postgresql://…"
    )


@pytest.mark.parametrize("value", ["::::", "notes.txt", "a?b.sqlite", "missing-folder/x.sqlite"])
def test_a_value_that_is_not_a_sensible_path_creates_nothing(
    value: str,
    tmp_path: Path,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    assert main(["--db", value, "plans"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and err.count("\n") == 1 and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == before


def test_sensible_paths_still_work(tmp_path: Path, home: Path) -> None:
    for name in ("new.sqlite", "new.db", "new.sqlite3"):
        with open_database(str(tmp_path / name)) as database:
            assert database.sqlite_file == tmp_path / name
    existing = tmp_path / "existing-without-suffix"
    (tmp_path / "new.db").rename(existing)
    with open_database(str(existing)):
        pass


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP port that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        for conn in accepted:
            conn.close()
        server.close()


def test_a_server_that_never_answers_times_out_in_chinese(silent_server: int, home: Path) -> None:
    pytest.importorskip("psycopg")
    started = time.monotonic()
    with pytest.raises(UserError) as caught:
        open_database(f"postgresql://u:secret@127.0.0.1:{silent_server}/db", connect_timeout_s=2)
    took = time.monotonic() - started
    assert caught.value.code == "db_unreachable"
    assert "连接超时" in caught.value.message and "secret" not in caught.value.message
    assert took < 8  # psycopg treats anything under 2 s as 2 s; it may try IPv4 and IPv6
