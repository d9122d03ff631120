"""The command line on 任务分工表 in every kind of file: .xlsx and .pdf imports, bad files of those
kinds (exit 2, one Chinese line naming the file, database unchanged) and ``--columns``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from gkdesk.cli import main
from gkdesk.db import Database
from tests.helpers import encrypt_docx, row_counts

HEADER = ["序号", "具体事项", "承担科室", "办结时限"]
ROWS = [
    ["1", "及时公开行政规范性文件，并更新有效性标注。", "办公室", "持续推进"],
    ["2", "做好政策解读，做到政策文件与解读材料同步发布。", "法规科、各科室", "年底前"],
    ["3", "规范办理政府信息公开申请，按时答复。", "办公室", "2024年12月底前"],
]


def run(capsys: pytest.CaptureFixture[str], db: Database | None, *args: str) -> tuple[int, str, str]:
    argv = (["--db", str(db.url)] if db is not None else []) + list(args)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def write_xlsx(path: Path, rows: list[list[str]], title: str = "某局2024年政务公开重点任务分工") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _font() -> str:
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def write_pdf(path: Path, lines: list[str]) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(_font(), 12)
    y = 700.0
    for line in lines:
        c.drawString(80, y, line)
        y -= 22
    c.save()
    return path


def image_only_pdf(path: Path) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    for i in range(20):
        c.rect(80, 700 - i * 30, 400, 18, fill=1)  # a scan: shapes, no text
    c.save()
    return path


def encrypted_pdf(src: Path, dest: Path, password: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(src).pages:
        writer.add_page(page)
    writer.encrypt(password)
    with dest.open("wb") as f:
        writer.write(f)
    return dest


@pytest.fixture
def table_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "分工表.xlsx", [HEADER, *ROWS])


def test_xlsx_table_with_unusual_headers_imports(
    capsys: pytest.CaptureFixture[str], database: Database, table_xlsx: Path
) -> None:
    code, out, _ = run(capsys, None, "parse", "--json", str(table_xlsx))
    assert code == 0
    plan = json.loads(out)
    assert plan["title"] == "某局2024年政务公开重点任务分工" and plan["year"] == 2024
    assert [(t["label"], t["lead"], t["deadline"]) for t in plan["tasks"]] == [
        ("1", ["办公室"], "持续推进"),
        ("2", ["法规科", "各科室"], "年底前"),
        ("3", ["办公室"], "2024年12月底前"),
    ]
    assert [c["role"] for c in plan["columns"]] == ["label", "task", "lead", "deadline"]
    code, out, _ = run(capsys, database, "import", "--json", str(table_xlsx))
    assert code == 0 and json.loads(out)["tasks"] == 3


def test_columns_option_changes_roles_and_refuses_unknown_headers(
    capsys: pytest.CaptureFixture[str], database: Database, table_xlsx: Path
) -> None:
    code, out, _ = run(capsys, None, "parse", "--json", "--columns", "承担科室=co", str(table_xlsx))
    assert code == 0
    tasks = json.loads(out)["tasks"]
    assert tasks[1]["lead"] == [] and tasks[1]["co"] == ["法规科", "各科室"]
    code, out, _ = run(
        capsys, None, "parse", "--json", "--columns", "办结时限=ignore，承担科室=牵头", str(table_xlsx)
    )
    assert code == 0 and all(t["deadline"] is None for t in json.loads(out)["tasks"])

    before = row_counts(database)
    code, out, err = run(capsys, database, "import", "--columns", "责任领导=ignore", str(table_xlsx))
    assert code == 2 and out == ""
    assert "责任领导" in err and table_xlsx.name in err and "Traceback" not in err
    code, _, err = run(capsys, database, "import", "--columns", "承担科室", str(table_xlsx))
    assert code == 2 and "--columns" in err
    assert row_counts(database) == before


def test_pdf_with_text_imports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "要点.pdf",
        [
            "某市2024年政务公开工作要点",
            "一、推进决策公开",
            "（一）做好重大决策预公开。（市司法局牵头，市直各单位配合）",
            "（二）做好政策解读。（市政府办公室牵头）",
        ],
    )
    code, out, _ = run(capsys, None, "parse", "--json", str(pdf))
    assert code == 0
    plan = json.loads(out)
    assert plan["year"] == 2024
    assert [(t["label"], t["lead"], t["co"]) for t in plan["tasks"]] == [
        ("（一）", ["市司法局"], ["市直各单位"]),
        ("（二）", ["市政府办公室"], []),
    ]


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    good_xlsx = write_xlsx(tmp_path / "good.xlsx", [HEADER, *ROWS])
    corrupt_xlsx = tmp_path / "损坏.xlsx"
    corrupt_xlsx.write_bytes(good_xlsx.read_bytes()[:1500])
    fake_xlsx = tmp_path / "伪装.xlsx"
    fake_xlsx.write_text("不是表格", encoding="utf-8")
    empty_xlsx = tmp_path / "空白.xlsx"
    openpyxl.Workbook().save(empty_xlsx)
    no_table_xlsx = write_xlsx(
        tmp_path / "通讯录.xlsx",
        [["姓名", "电话"], ["张三", "13800000000"], ["李四", "13900000000"]],
        "通讯录",
    )
    shell_xlsx = tmp_path / "空壳.xlsx"
    with zipfile.ZipFile(shell_xlsx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    good_pdf = write_pdf(
        tmp_path / "good.pdf",
        [
            "某市2024年政务公开工作要点",
            "（一）做好公开。（市政府办公室牵头）",
            "（二）做好解读。（市司法局牵头）",
        ],
    )
    corrupt_pdf = tmp_path / "损坏.pdf"
    corrupt_pdf.write_bytes(good_pdf.read_bytes()[:300])
    fake_pdf = tmp_path / "伪装.pdf"
    fake_pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    prose_pdf = write_pdf(tmp_path / "随笔.pdf", ["今天天气很好。", "我们去公园散步。"])
    return {
        "xlsx_corrupt": corrupt_xlsx,
        "xlsx_fake": fake_xlsx,
        "xlsx_empty": empty_xlsx,
        "xlsx_no_table": no_table_xlsx,
        "xlsx_shell": shell_xlsx,
        "xlsx_locked": encrypt_docx(good_xlsx, tmp_path / "加密.xlsx", "secret"),
        "pdf_corrupt": corrupt_pdf,
        "pdf_fake": fake_pdf,
        "pdf_scan": image_only_pdf(tmp_path / "扫描件.pdf"),
        "pdf_locked": encrypted_pdf(good_pdf, tmp_path / "加密.pdf", "secret"),
        "pdf_no_tasks": prose_pdf,
    }


BAD = [
    "xlsx_corrupt",
    "xlsx_fake",
    "xlsx_empty",
    "xlsx_no_table",
    "xlsx_shell",
    "xlsx_locked",
    "pdf_corrupt",
    "pdf_fake",
    "pdf_scan",
    "pdf_locked",
    "pdf_no_tasks",
]


@pytest.mark.parametrize("case", BAD)
def test_bad_xlsx_and_pdf_exit_2_one_chinese_line_db_unchanged(
    capsys: pytest.CaptureFixture[str], database: Database, tmp_path: Path, case: str
) -> None:
    path = _bad_files(tmp_path)[case]
    before = row_counts(database)
    code, out, err = run(capsys, database, "import", str(path))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0], err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    assert "Traceback" not in err
    assert row_counts(database) == before


def test_scan_message_says_to_turn_it_into_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = image_only_pdf(tmp_path / "扫描件.pdf")
    code, _, err = run(capsys, None, "parse", str(path))
    assert code == 2 and "扫描" in err and "文字" in err


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_password_protected_tables_open_with_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    locked = _bad_files(tmp_path)[f"{kind}_locked"]
    code, _, err = run(capsys, None, "parse", "--json", str(locked))
    assert code == 2 and "密码" in err
    code, out, _ = run(capsys, None, "parse", "--json", "--password", "secret", str(locked))
    assert code == 0 and json.loads(out)["tasks"]
    code, _, err = run(capsys, None, "parse", "--json", "--password", "wrong", str(locked))
    assert code == 2 and "密码" in err
