"""Limits that answer in seconds: zip bombs, huge sharedStrings, huge .txt, too many tasks, deep tables.

The bombs are built in the test (250 MB of spaces deflate to ~250 KB) and refused by ``gkdesk
parse`` in a child process, whose own peak memory comes from ``os.wait4``: the most honest measure
of what the clerk's machine would go through. Real documents are checked against limits ten times
tighter than the defaults, so the margin stays wide as the corpus grows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from gkdesk.errors import BadFileError
from gkdesk.importers.dispatch import read_document
from gkdesk.importers.docx_reader import read_docx
from gkdesk.importers.limits import DEFAULT_LIMITS, MB, Limits, check_zip
from gkdesk.importers.txt_reader import _decode_raw, read_txt
from gkdesk.parsing.plan import parse_blocks
from tests.corpus import CORPUS

ROOT = Path(__file__).resolve().parents[2]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SECONDS = 10.0
PEAK_MB = 500


# The child's peak RSS from os.wait4 would include what its parent held when it forked (Linux
# carries the high-water mark across exec), so a small launcher forks the real child and reports it.
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _parse_in_child(path: Path, tmp_path: Path) -> tuple[int, str, float, float]:
    """Run ``gkdesk parse path``; return exit code, stderr, seconds and the child's peak RSS in MB."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "gkdesk.cli", "parse", str(path)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=600,
        check=True,
    )
    seconds = time.perf_counter() - start
    code, max_rss_kb = done.stdout.decode().split()[-2:]  # ru_maxrss is in KB on Linux
    return int(code), done.stderr.decode("utf-8"), seconds, int(max_rss_kb) / 1024


def _write_docx(path: Path, document: bytes | None = None, *, padding: int = 0) -> Path:
    """A minimal .docx; ``padding`` spaces are streamed into document.xml without holding them."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        if document is not None:
            z.writestr("word/document.xml", head + document + tail)
        else:
            with z.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head)
                chunk = b" " * MB
                for _ in range(padding // MB):
                    part.write(chunk)
                part.write(tail)
    return path


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _nested_tables(depth: int) -> bytes:
    inner = _para("第一项 加强政务公开")
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>"
    return inner.encode()


# --- zip bombs ---------------------------------------------------------------------------------


def test_docx_bomb_is_refused_in_seconds_and_bounded_memory(tmp_path: Path) -> None:
    path = _write_docx(tmp_path / "炸弹.docx", padding=250 * MB)
    assert path.stat().st_size < 1 * MB  # ~250 KB on disk
    code, err, seconds, peak = _parse_in_child(path, tmp_path)
    assert code == 2, err
    assert "文件 炸弹.docx 解压后过大（word/document.xml 约 250 MB，上限 16 MB）" in err
    assert "可能已损坏或不是正常的 Word 文档。" in err
    assert seconds < SECONDS, seconds
    assert peak < PEAK_MB, peak


def test_xlsx_with_huge_shared_strings_is_refused_in_seconds(tmp_path: Path) -> None:
    base = tmp_path / "base.xlsx"
    book = Workbook()
    book.active.append(["序号", "工作任务", "牵头单位"])
    book.active.append([1, "加强政务公开", "办公室"])
    book.save(base)
    path = tmp_path / "字符串.xlsx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info.filename, src.read(info))
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            for _ in range(300):
                part.write(b"x" * MB)
            part.write(b"</t></si></sst>")
    assert path.stat().st_size < 2 * MB
    code, err, seconds, peak = _parse_in_child(path, tmp_path)
    assert code == 2, err
    assert "文件 字符串.xlsx 的共享字符串部分过大（xl/sharedStrings.xml 约 300 MB，上限 16 MB）" in err
    assert seconds < SECONDS, seconds
    assert peak < PEAK_MB, peak


def test_check_zip_names_the_ratio_and_the_total(tmp_path: Path) -> None:
    path = _write_docx(tmp_path / "比例.docx", padding=12 * MB)
    with pytest.raises(
        BadFileError, match=r"文件 比例\.docx 的压缩比异常（word/document\.xml .*上限 100 倍）"
    ) as e:
        check_zip(path)
    assert e.value.code == "too_large"
    assert e.value.params["limit"] == "max_ratio"
    tight = Limits(max_total_bytes=10 * MB, max_ratio=10**6)
    with pytest.raises(BadFileError, match=r"全部内容超过 12 MB，上限 10 MB"):
        check_zip(path, tight)


def test_check_zip_leaves_broken_zips_to_the_reader(tmp_path: Path) -> None:
    check_zip(b"not a zip at all", name="x.docx")
    check_zip(tmp_path / "missing.docx")


def test_decrypted_docx_bomb_is_checked_after_decrypting(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _write_docx(tmp_path / "plain.docx", padding=100 * MB)
    locked = tmp_path / "加密.docx"
    with plain.open("rb") as src, locked.open("wb") as out:
        OOXMLFile(src).encrypt("123", out)
    start = time.perf_counter()
    with pytest.raises(BadFileError, match=r"文件 加密\.docx 解压后过大（word/document\.xml 约 100 MB"):
        read_docx(locked, "123")
    assert time.perf_counter() - start < SECONDS


def test_docx_file_larger_than_the_total_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "巨大.docx"
    with path.open("wb") as f:  # sparse: nothing is written, the size is only declared
        f.write(b"PK\x03\x04")
        f.truncate(DEFAULT_LIMITS.max_total_bytes + MB)
    start = time.perf_counter()
    with pytest.raises(BadFileError, match=r"文件 巨大\.docx 过大（约 201 MB，上限 200 MB）") as e:
        read_docx(path)
    assert e.value.code == "too_large"
    assert time.perf_counter() - start < 1


# --- .txt size and task count ------------------------------------------------------------------


def test_50_mb_txt_is_refused_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "大文本.txt"
    line = "1. 加强政府信息公开工作，牵头单位：办公室。\n".encode()
    with path.open("wb") as f:
        for _ in range(50 * MB // len(line) + 1):
            f.write(line)
    code, err, seconds, peak = _parse_in_child(path, tmp_path)
    assert code == 2, err
    assert "文件 大文本.txt 过大（约 50 MB，文本文件上限 4 MB）" in err
    assert seconds < SECONDS, seconds
    assert peak < PEAK_MB, peak


def test_more_tasks_than_the_limit_are_refused_with_the_count(tmp_path: Path) -> None:
    count = DEFAULT_LIMITS.max_tasks + 1
    path = tmp_path / "任务太多.txt"
    # A task table copied out of Excel (numbered paragraphs stop at 999, tables do not).
    rows = [f"{i}\t做好第{i}项政务公开工作\t办公室" for i in range(1, count + 1)]
    lines = ["2024年政务公开工作要点", "序号\t工作任务\t牵头单位", *rows]
    path.write_text("\n".join(lines), encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(BadFileError) as e:
        parse_blocks(read_txt(path), source=path.name)
    assert time.perf_counter() - start < SECONDS
    assert f"文件 任务太多.txt 中找到 {count} 项任务，超过每份计划 5000 项的上限" in e.value.message
    assert e.value.code == "too_many_tasks"
    assert e.value.params["count"] == count


# --- nesting depth -----------------------------------------------------------------------------


@pytest.mark.parametrize(("depth", "found"), [(20, "至少 9 层"), (120, "XML 超过 256 层")])
def test_deeply_nested_tables_name_the_depth_limit(tmp_path: Path, depth: int, found: str) -> None:
    path = _write_docx(tmp_path / "嵌套.docx", _nested_tables(depth))
    with pytest.raises(BadFileError) as e:
        read_docx(path)
    assert e.value.code == "too_deep"
    assert f"文件 嵌套.docx 的表格嵌套过深（{found}，表格套表格上限 8 层）" in e.value.message
    assert "不是有效的 Word 文档" not in e.value.message


def test_tables_nested_to_the_limit_are_read(tmp_path: Path) -> None:
    path = _write_docx(tmp_path / "八层.docx", _nested_tables(DEFAULT_LIMITS.max_table_depth))
    blocks = read_docx(path)
    assert [b.cells for b in blocks] == [("第一项 加强政务公开",)]


# --- GBK with a stray byte -----------------------------------------------------------------------


TEXT = "2024年政务公开工作要点\n一、推进政务公开\n1. 加强政府信息公开工作，牵头单位：办公室。\n" * 30


@pytest.mark.parametrize("at", [101, 102, 500])
def test_gbk_with_one_stray_byte_is_read_like_utf8(tmp_path: Path, at: int) -> None:
    for encoding in ("gbk", "utf-8"):
        data = TEXT.encode(encoding)
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(data[:at] + b"\xff" + data[at:])
        text = "\n".join(b.text for b in read_txt(path))
        assert text.count("\ufffd") <= 3, encoding
        assert text.count("加强政府信息公开工作") >= 29, encoding


def test_gbk_with_many_bad_bytes_is_not_taken_for_damaged_gbk() -> None:
    # One bad byte in 20: far past 1 in 1,000 characters, so not "GBK with a stray byte".
    data = bytearray(TEXT.encode("gbk"))
    for i in range(0, len(data), 20):
        data[i] = 0xFF
    _, encoding = _decode_raw(bytes(data))
    assert encoding != "gb18030 (damaged)"


# --- real documents pass with a wide margin ----------------------------------------------------


def _real_documents() -> list[Path]:
    roots = [ROOT / "tests" / "data", CORPUS]
    return sorted(
        p for r in roots if r.is_dir() for p in r.rglob("*") if p.suffix.lower() in {".docx", ".xlsx"}
    )


def test_real_packages_pass_limits_ten_times_tighter() -> None:
    docs = _real_documents()
    if not docs:
        pytest.skip("no documents")
    d = DEFAULT_LIMITS
    tight = Limits(
        max_part_bytes=d.max_part_bytes // 10,
        max_xml_part_bytes=d.max_xml_part_bytes // 10,
        max_total_bytes=d.max_total_bytes // 10,
        max_shared_strings_bytes=d.max_shared_strings_bytes // 10,
    )
    for path in docs:
        check_zip(path, tight)


@pytest.mark.parametrize(
    "name", ["shanxi2017.docx", "shanxi2017.pdf", "shanxi2017.txt", "linqu_fengong.xlsx"]
)
def test_largest_corpus_documents_still_parse(name: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip("corpus not present")
    plan = parse_blocks(read_document(path), source=path.name)
    assert 10 <= len(plan.tasks) <= DEFAULT_LIMITS.max_tasks // 50
