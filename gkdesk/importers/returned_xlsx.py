"""Read a returned quarterly template (进展情况报送表) into a ``ReturnedFile``.

The file says who it is from in three ways, trusted in this order: the hidden ``_gkdesk`` sheet
written with the template (sealed by a checksum), the visible title in A1, and the file name.
Columns are found by their header text, so a unit that moved or inserted a column still reads.
Nothing here checks against the database; services decide what to accept.

Files come back after passing through Excel, WPS or LibreOffice, which may turn a number written
as 1 into 1.0 or a text "1" into a number, so ids and codes are normalised on the way in.

Both layouts ever sent out read the same way: the first (序号 in A, header on row 3, one row per
task) and the current one (header on row 4, section band rows "一、…" between the tasks, which
are skipped). The 填报人/联系电话/填报日期 cells of the current layout are for the printout only:
a report has no field for them.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from openpyxl import load_workbook

from gkdesk.errors import BadFileError, PasswordRequiredError
from gkdesk.formats import FORMAT_NAME, HIDDEN_SHEET, SHEET_TITLE, names_part, template_checksum
from gkdesk.records import ReportFields, ReturnedFile, ReturnedRow

HEADER_SEARCH_ROWS = 10
SIGNATURE_MARK = "审核签字"

# Canonical header → ReportFields attribute (for the unit's columns) or None (pre-filled ones).
HEADERS: dict[str, str | None] = {
    "序号": None,
    "任务编号": None,
    "所属板块": None,
    "工作任务": None,
    "责任类型": None,
    "牵头单位": None,
    "完成时限": None,
    "进展情况": "progress",
    "存在问题": "problems",
    "下步计划": "next_steps",
    "完成状态": "status",
    "佐证材料": "evidence",
    "备注": "remarks",
}
UNIT_HEADERS = tuple(h for h, attr in HEADERS.items() if attr)
STATUS_VARIANTS = {"序时推进": "按序时推进", "按时序推进": "按序时推进", "完成": "已完成"}

_OLE = b"\xd0\xcf\x11\xe0"
_ZIP = b"PK"
_OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_OLE_OLD_WORKBOOK = "Workbook".encode("utf-16-le")
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TITLE = re.compile(r"^(?P<unit>.+?)(?P<year>\d{4})年第(?P<q>[一二三四1-4])季度")
_FILE_NAME = re.compile(r"^(?P<unit>.+)-(?P<year>\d{4})[Qq](?P<q>[1-4])(?:[-_ .（(]|$)")
_SPACE = re.compile(r"\s+")
_INTEGRAL_TEXT = re.compile(r"^-?\d+\.0+$")
_CODE_LIKE = re.compile(r"^[\w.\-]{1,12}$", re.ASCII)  # 3, 12.1, A-1: never a section's name


def read_returned(path: Path) -> ReturnedFile:
    """What ``path`` says about itself and every task row in it.

    Raises ``PasswordRequiredError`` for an encrypted workbook and ``BadFileError`` (with a
    one-line Chinese message naming the file) for anything else that cannot be read.
    """
    path = Path(path)
    name = path.name
    data = _read_bytes(path)
    try:
        # From the bytes already hashed: what is read is what the hash vouches for, and no file
        # handle stays open (Windows would refuse to move the file meanwhile).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:
        raise BadFileError(
            f"{name} 无法打开：文件可能已损坏。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            code="corrupt",
            file=name,
        ) from exc
    try:
        return _read_workbook(workbook, name, hashlib.sha256(data).hexdigest())
    except BadFileError:
        raise
    except Exception as exc:
        raise BadFileError(
            f"{name} 的内容无法读取：{type(exc).__name__}。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。",
            code="unreadable",
            file=name,
        ) from exc
    finally:
        workbook.close()


# --- the file itself ---------------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock."):
        raise BadFileError(
            f"{name} 是 Excel/WPS 打开文件时留下的临时锁定文件，不是报送表，请忽略。",
            code="lock_file",
            file=name,
        )
    if not path.exists():
        raise BadFileError(f"找不到文件：{name}", code="missing", file=name)
    if path.is_dir():
        raise BadFileError(f"{name} 是文件夹，不是报送表。", code="wrong_format", file=name)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise BadFileError(
            f"{name} 是旧版 Excel 格式（.xls），请用 Excel 或 WPS 打开后“另存为”.xlsx 再导入。",
            code="old_format",
            file=name,
        )
    if suffix not in (".xlsx", ".xlsm"):
        raise BadFileError(
            f"{name} 不是 Excel 报送表（.xlsx），不能导入。"
            + ("请用 WPS 或 Excel 打开后“另存为”.xlsx 再导入。" if suffix in (".et", ".ett", ".csv") else ""),
            code="wrong_format",
            file=name,
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadFileError(f"找不到文件：{name}", code="missing", file=name) from None
    except PermissionError:
        raise BadFileError(
            f"无法读取 {name}：没有权限，或文件正被 Excel/WPS 占用。请关闭该文件后再导入。",
            code="unreadable",
            file=name,
        ) from None
    except OSError as exc:
        raise BadFileError(f"无法读取 {name}：{exc.strerror or exc}", code="unreadable", file=name) from None
    if not data:
        raise BadFileError(f"{name} 是空文件（0 字节），请让报送单位重新发送。", code="empty", file=name)
    if data.startswith(_OLE):
        # An encrypted .xlsx is an OLE container too; only a plain old workbook names a
        # "Workbook" stream without an "EncryptionInfo" one.
        if _OLE_OLD_WORKBOOK in data and _OLE_ENCRYPTED not in data:
            raise BadFileError(
                f"{name} 实际是旧版 Excel 格式（.xls），请用 Excel 或 WPS 打开后“另存为”.xlsx 再导入。",
                code="old_format",
                file=name,
            )
        raise PasswordRequiredError(f"{name} 文件设有密码，请让报送单位去掉密码后重新发送。", file=name)
    if not data.startswith(_ZIP) or not _is_zip(data):
        raise BadFileError(
            f"{name} 不是有效的 .xlsx 文件，可能已损坏或只下载了一部分，请让报送单位重新发送。",
            code="corrupt",
            file=name,
        )
    return data


def _is_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


# --- cell values ---------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell value as the text a person sees: ints without ".0", dates as ISO, "" for empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    text = getattr(value, "text", None)  # ArrayFormula
    if isinstance(text, str):
        return text.strip()
    return str(value).strip()


def normalise_code(value: Any) -> str:
    """A task code as text: 3, 3.0 and "3.0" are all "3"."""
    text = cell_text(value)
    if _INTEGRAL_TEXT.match(text):
        text = text.split(".", 1)[0]
    return text


def normalise_id(value: Any) -> int | None:
    """An id written as 7, 7.0 or "7"; None when it is not a whole number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        return None
    if not number.is_integer():
        return None
    return int(number)


def normalise_status(text: str) -> str:
    compact = _SPACE.sub("", text)
    return STATUS_VARIANTS.get(compact, compact)


def _compact(value: Any) -> str:
    return _SPACE.sub("", cell_text(value))


# --- the hidden sheet ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hidden:
    plan_id: int | None
    period_code: str | None
    unit_id: int | None
    unit_name: str | None
    checksum_ok: bool
    rows: tuple[tuple[str, int | None, str], ...]


def _read_hidden(rows: Iterable[Sequence[Any]]) -> _Hidden | None:
    values: dict[str, Any] = {}
    table: list[tuple[str, int | None, str]] = []
    in_table = False
    for row in rows:
        cells = [c.value for c in row[:3]] + [None] * (3 - len(row[:3]))
        key = cell_text(cells[0])
        if in_table:
            if key or cells[1] is not None:
                table.append((normalise_code(cells[0]), normalise_id(cells[1]), cell_text(cells[2])))
            continue
        if key == "code" and cell_text(cells[1]) == "task_id":
            in_table = True
        elif key and key not in values:
            values[key] = cells[1]
    if cell_text(values.get("format")) != FORMAT_NAME:
        return None
    version = normalise_id(values.get("version"))
    plan_id = normalise_id(values.get("plan_id"))
    unit_id = normalise_id(values.get("unit_id"))
    period = cell_text(values.get("period")).upper() or None
    unit_name = cell_text(values.get("unit_name")) or None
    stored = cell_text(values.get("checksum")).lower()
    ok = False
    if version is not None and plan_id is not None and unit_id is not None and period and unit_name:
        issued = [(code, task_id, role) for code, task_id, role in table if task_id is not None]
        if len(issued) == len(table):
            ok = template_checksum(plan_id, period, unit_id, unit_name, issued, version) == stored
    return _Hidden(plan_id, period, unit_id, unit_name, ok, tuple(table))


# --- the task sheet --------------------------------------------------------------------------------


def _header_map(row: Sequence[Any]) -> dict[str, int]:
    """Canonical header → 0-based column index; exact text first, then a prefix such as
    "进展情况（必填）", and a column is claimed only once."""
    texts = [_compact(c.value) for c in row]
    found: dict[str, int] = {}
    for header in HEADERS:
        if header in texts:
            found[header] = texts.index(header)
    taken = set(found.values())
    for header in HEADERS:
        if header in found:
            continue
        for i, text in enumerate(texts):
            if i not in taken and text.startswith(header):
                found[header] = i
                taken.add(i)
                break
    return found


def _is_header(mapping: dict[str, int]) -> bool:
    return "进展情况" in mapping and ("任务编号" in mapping or "工作任务" in mapping)


def _find_task_sheet(workbook: Any) -> tuple[Any, list[Sequence[Any]], int, dict[str, int]] | None:
    """(sheet, its rows, header row index, header map) of the sheet units fill in."""
    named = [ws for ws in workbook.worksheets if ws.title.strip() == SHEET_TITLE]
    others = [ws for ws in workbook.worksheets if ws not in named and ws.sheet_state == "visible"]
    for ws in named + others:
        if ws.title == HIDDEN_SHEET:
            continue
        ws.reset_dimensions()  # some writers store a wrong <dimension>, which read-only mode trusts
        for index, row in enumerate(islice(ws.iter_rows(), HEADER_SEARCH_ROWS)):
            mapping = _header_map(row)
            if _is_header(mapping):
                return ws, list(ws.iter_rows()), index, mapping
    return None


def _get(row: Sequence[Any], mapping: dict[str, int], header: str) -> Any:
    i = mapping.get(header)
    if i is None or i >= len(row):
        return None
    return row[i]


def _read_rows(
    rows: list[Sequence[Any]], header_index: int, mapping: dict[str, int], codes: dict[str, int | None]
) -> tuple[list[ReturnedRow], list[str]]:
    found: list[ReturnedRow] = []
    warnings: list[str] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        texts = [cell_text(c.value) for c in row]
        if not any(texts):
            continue
        if any(SIGNATURE_MARK in _SPACE.sub("", t) for t in texts):
            break
        # Read-only mode yields every row from row 1, empty ones included, so index + 1 is the
        # row number; a real cell's own row number is preferred all the same.
        sheet_row = next((c.row for c in row if getattr(c, "row", None)), index + 1)
        code_cell = _get(row, mapping, "任务编号")
        title_cell = _get(row, mapping, "工作任务")
        code = normalise_code(code_cell.value) if code_cell is not None else ""
        title = cell_text(title_cell.value) if title_cell is not None else ""
        answered = any(cell_text(getattr(_get(row, mapping, h), "value", None)) for h in UNIT_HEADERS)
        if not answered and _is_section_band(texts, title, codes):
            continue
        if not code and not title:
            if answered:
                warnings.append(f"第 {sheet_row} 行填写了内容，但没有任务编号和工作任务，已忽略。")
            continue
        values: dict[str, str] = {}
        formulas: list[str] = []
        for header in UNIT_HEADERS:
            cell = _get(row, mapping, header)
            attr = HEADERS[header]
            assert attr is not None
            if cell is None:
                values[attr] = ""
                continue
            if cell.data_type == "f":
                formulas.append(header)
            values[attr] = cell_text(cell.value)
        values["status"] = normalise_status(values["status"])
        found.append(
            ReturnedRow(
                sheet_row=sheet_row,
                code=code,
                title=title,
                task_id=codes.get(code) if code else None,
                fields=ReportFields(**values),
                formulas=tuple(formulas),
            )
        )
    return found, warnings


def _is_section_band(texts: list[str], title: str, codes: dict[str, int | None]) -> bool:
    """A band row naming the next tasks' section ("一、重点领域信息公开", merged across the table):
    the row's only text, with no task title (nor answer) beside it, and not a task code."""
    filled = [t for t in texts if t]
    if len(filled) != 1 or title:
        return False
    text = normalise_code(filled[0])
    return text not in codes and not _CODE_LIKE.match(text)


def _title_of(rows: list[Sequence[Any]], header_index: int) -> str:
    for row in rows[:header_index]:
        for cell in row:
            text = cell_text(cell.value)
            if text:
                return text
    return ""


def parse_title(title: str) -> tuple[str, str] | None:
    """(unit, period code) from "{单位}{年}年第{季}季度…报送表"."""
    m = _TITLE.match(_SPACE.sub("", title))
    if not m or "报送表" not in title:
        return None
    return m["unit"], f"{m['year']}Q{_CN_QUARTERS[m['q']]}"


def parse_file_name(name: str) -> tuple[str, str] | None:
    """(unit, period code) from "{单位}-{年}Q{季}-…"; the unit as it appears in the name."""
    m = _FILE_NAME.match(Path(name).stem.strip())
    if not m:
        return None
    return m["unit"].strip(), f"{m['year']}Q{m['q']}"


def _read_workbook(workbook: Any, name: str, sha256: str) -> ReturnedFile:
    hidden = None
    if HIDDEN_SHEET in workbook.sheetnames:
        sheet = workbook[HIDDEN_SHEET]
        sheet.reset_dimensions()
        hidden = _read_hidden(sheet.iter_rows())

    located = _find_task_sheet(workbook)
    if located is None:
        raise BadFileError(
            f"{name} 中找不到进展情况报送表（含“进展情况”“任务编号”等列的表头），请使用下发的模板填报。",
            code="no_report_sheet",
            file=name,
        )
    _, rows, header_index, mapping = located
    codes = {code: task_id for code, task_id, _ in hidden.rows} if hidden else {}
    task_rows, warnings = _read_rows(rows, header_index, mapping, codes)

    title = parse_title(_title_of(rows, header_index))
    from_name = parse_file_name(name)

    if hidden is not None:
        if title and hidden.unit_name and title[0] != hidden.unit_name:
            warnings.append(f"表格标题写的单位是“{title[0]}”，与模板所属单位“{hidden.unit_name}”不一致。")
        if title and hidden.period_code and title[1] != hidden.period_code:
            warnings.append(f"表格标题写的期次是 {title[1]}，与模板期次 {hidden.period_code} 不一致。")
        if from_name and hidden.unit_name and not names_part(from_name[0], hidden.unit_name):
            warnings.append(f"文件名写的单位是“{from_name[0]}”，与模板所属单位“{hidden.unit_name}”不一致。")
        if from_name and hidden.period_code and from_name[1] != hidden.period_code:
            warnings.append(f"文件名写的期次是 {from_name[1]}，与模板期次 {hidden.period_code} 不一致。")
        return ReturnedFile(
            name=name,
            sha256=sha256,
            identified_by="hidden",
            plan_id=hidden.plan_id,
            period_code=hidden.period_code,
            unit_id=hidden.unit_id,
            unit_name=hidden.unit_name,
            checksum_ok=hidden.checksum_ok,
            expected=tuple((c, t) for c, t, _ in hidden.rows if t is not None),
            rows=tuple(task_rows),
            warnings=tuple(warnings),
        )

    unit: str | None = None
    period: str | None = None
    identified_by: Literal["title", "filename", "none"] = "none"
    if title:
        unit, period = title
        identified_by = "title"
        if from_name and not names_part(from_name[0], unit):
            warnings.append(f"文件名写的单位是“{from_name[0]}”，与表格标题中的单位“{unit}”不一致。")
    elif from_name:
        unit, period = from_name
        identified_by = "filename"
    return ReturnedFile(
        name=name,
        sha256=sha256,
        identified_by=identified_by,
        plan_id=None,
        period_code=period,
        unit_id=None,
        unit_name=unit,
        checksum_ok=None,
        expected=(),
        rows=tuple(task_rows),
        warnings=tuple(warnings),
    )
