"""``report set --evidence``: every file given is kept, however the option is repeated."""

from __future__ import annotations

from pathlib import Path

import pytest

from gkdesk import config
from tests.test_windows_habits import SAMPLE_PLAN, cli


@pytest.mark.parametrize("form", ["repeated", "listed"])
def test_every_evidence_file_is_kept(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, form: str
) -> None:
    monkeypatch.delenv(config.DB_ENV, raising=False)
    home = tmp_path / "home"
    plan = tmp_path / "要点.txt"
    plan.write_text(SAMPLE_PLAN, encoding="utf-8")
    files = []
    for n in (1, 2, 3):
        f = tmp_path / f"佐证{n}.pdf"
        f.write_bytes(f"%PDF-1.4 evidence {n}".encode())
        files.append(str(f))
    given = [x for f in files for x in ("--evidence", f)] if form == "repeated" else ["--evidence", *files]
    assert cli(capsys, "--home", str(home), "import", str(plan))[0] == 0
    assert cli(capsys, "--home", str(home), "period", "open", "2024Q1", "--deadline", "2024-04-15")[0] == 0
    code, _, err = cli(
        capsys, "--home", str(home), "report", "set", "2024Q1", "--task", "1", "--unit", "市司法局",
        "--status", "按序时推进", "--progress", "已按计划推进。", *given,
    )  # fmt: skip
    assert code == 0, err
    stored = sorted(f.read_bytes() for f in (home / "evidence").rglob("*") if f.is_file())
    assert stored == [f"%PDF-1.4 evidence {n}".encode() for n in (1, 2, 3)]
