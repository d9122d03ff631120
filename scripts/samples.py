"""Page images of the files gkdesk sends out, for ``docs/samples/``: run ``uv run python scripts/samples.py``.

The demo database's current quarter gives a unit's template (filled the way a unit would), the score
workbook's detail sheet and the three notices, the 报送通知 in each letterhead mode. LibreOffice
prints them to PDF (blank pages kept, as a printer would) and pdftoppm makes the PNGs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gkdesk.cli import main

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "samples"
KEEP_BLANK_PAGES = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def gkdesk(db: str, *args: str) -> None:
    if main(["--db", db, *args]) != 0:
        sys.exit(f"gkdesk {' '.join(args)} failed")


def to_pdf(path: Path, work: Path, fmt: str = KEEP_BLANK_PAGES) -> Path:
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(work / 'lo').as_uri()}", "--headless", "--convert-to", fmt,
         "--outdir", str(work), str(path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return work / f"{path.stem}.{fmt.split(':')[0]}"


def png(pdf: Path, name: str, page: int | str = 1) -> None:
    if page == "last":
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        page = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    stem = OUT / name
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    print(f"{stem}.png")


def main_samples() -> None:
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        sys.exit("需要 LibreOffice (soffice) 和 poppler-utils (pdftoppm)")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        from sqlalchemy import select

        from gkdesk.db import open_database
        from gkdesk.models import Period
        from gkdesk.services.demo import ensure_demo

        db = ensure_demo(work)
        database = open_database(db)
        try:
            with database.unit_of_work(read_only=True) as uow:
                newest = uow.session.scalars(select(Period).order_by(Period.year, Period.quarter)).all()[-1]
                period = f"{newest.year}Q{newest.quarter}"
        finally:
            database.dispose()
        gkdesk(db, "settings", "set", "copy_to", "市政务公开工作领导小组成员单位")
        gkdesk(db, "export", "scores", period, "--out", str(work / "scores.xlsx"))
        png(to_pdf(work / "scores.xlsx", work, "pdf"), "score-detail-p1", 2)
        for mode in ("red", "preprinted", "plain"):
            gkdesk(db, "settings", "set", "letterhead_mode", mode)
            docx = work / f"report-{mode}.docx"
            gkdesk(db, "export", "notice", "report", period, "--out", str(docx))
            pdf = to_pdf(docx, work)
            suffix = "" if mode == "red" else f"-{mode}"
            png(pdf, f"notice-report{suffix}-p1")
            if mode == "red":
                png(pdf, "notice-report-last", "last")
        gkdesk(db, "settings", "set", "letterhead_mode", "red")
        for kind in ("remind", "result"):
            docx = work / f"{kind}.docx"
            gkdesk(db, "export", "notice", kind, period, "--out", str(docx))
            png(to_pdf(docx, work), f"notice-{kind}-p1")


if __name__ == "__main__":
    main_samples()
