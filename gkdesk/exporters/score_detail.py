"""One unit's 考核评分表 sheet in the score workbook (see ``score_book``).

Layout, for a rubric with k top-level items (k = 4 by default, rows shown for k = 4)::

    row 1        title, merged A:I
    row 2        被考核单位 … 单位类别 … 考核人 … 考核日期, merged A:I
    row 3        table A header: 序号 考核项目 考核内容及评分标准 分值 扣(加)分事由 扣(加)分 得分 备注(H:I)
    rows 4..3+k  one row per top-level item, in rubric order          (4..7)
    row 4+k      加分   D = cap, F = Σ bonus lines, G = MIN(D,F)         (8)
    row 5+k      扣分   F = penalty, G = F                               (9)
    row 6+k      合计   G = ROUND(Σ item G + 加分 G − 扣分 G, 1)          (10)
    row 7+k      blank                                                   (11)
    row 8+k      table B header: 序号 任务编号 工作任务 责任类型 权重 完成状态 状态系数 加权得分 核定意见 (12)
    rows 9+k..   one row per task (one placeholder row when the unit has none); no table B
                 at all when the rubric has no tasks item and the unit no task (annual review)

完成状态 is the status the unit reported and 核定意见 says how it counted ("未启动 → 0"). A task
whose deadline falls in a later quarter and that the unit reports 未启动 is left out of the
average: its 权重 formula gives 0 while the status stays 未启动, so SUM(权重) skips it and the
item follows the other items when every task is left out, as gkdesk's engine does.

Column G holds every score; column F the net deduction (a positive number, editable), so a
changed deduction flows into 得分, 合计 and the summary sheet. F is normally −Σ of the item's
ScoreLine points; when those lines do not reproduce the score gkdesk computed, F is set to the
deduction that does, so the sheet never disagrees with gkdesk.

Printing (A4 landscape, one page wide, black and white): a sheet is one unit. The rows repeated
on every page are table B's header: Excel and LibreOffice print the sheet from row 1 on the first
page and start repeating the header on the pages after it, so a long task table keeps its column
names on every page; every page's footer names the unit. Without table B (the annual review)
the title, unit and table A header (rows 1–3) repeat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from gkdesk.exporters.xlsx_style import (
    BODY_FONT,
    CENTER,
    HEADING_FONT,
    LEFT,
    THIN_BORDER,
    TITLE_FONT,
    CellStyle,
    StyleCache,
    cjk_font,
    clean_text,
    fitted_height,
    set_widths,
    setup_print,
    write_text,
)
from gkdesk.records import ROLE_LABELS, ItemScore, Rubric, RubricItem, ScoreSheet, UnitScore
from gkdesk.scoring.engine import NOT_STARTED, left_out, task_rule

CN_QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
HEADER_ROW = 3
FIRST_ITEM_ROW = 4
NCOLS = 9  # table B is one column wider than table A, whose 备注 spans H:I
FOOTER = "第 &P 页，共 &N 页"
NO_TASKS = "（本期无考核任务）"
NO_TASKS_NOTE = "本期无考核任务，按其他项目得分折算"

TABLE_A = ("序号", "考核项目", "考核内容及评分标准", "分值", "扣(加)分事由", "扣(加)分", "得分", "备注")
TABLE_B = ("序号", "任务编号", "工作任务", "责任类型", "权重", "完成状态", "状态系数", "加权得分", "核定意见")
WIDTHS = (6, 12, 40, 8, 24, 10, 9, 10, 16)

NUMBER_FONT = Font(name="Times New Roman", size=11)
_MIDDLE_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
TITLE_STYLE = CellStyle(font=cjk_font(TITLE_FONT, 18), alignment=CENTER)
INFO_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=LEFT)
INFO_WRAP_STYLE = CellStyle(font=cjk_font(BODY_FONT, 12), alignment=_MIDDLE_WRAP)
INFO_RIGHT_STYLE = CellStyle(
    font=cjk_font(BODY_FONT, 12), alignment=Alignment(horizontal="right", vertical="center")
)
HEADER_STYLE = CellStyle(font=cjk_font(HEADING_FONT, 11), alignment=CENTER, border=THIN_BORDER)
TEXT_STYLE = CellStyle(font=cjk_font(BODY_FONT, 11), alignment=_MIDDLE_WRAP, border=THIN_BORDER)
TEXT_CENTER_STYLE = CellStyle(font=cjk_font(BODY_FONT, 11), alignment=CENTER, border=THIN_BORDER)
STRONG_CENTER_STYLE = CellStyle(font=cjk_font(HEADING_FONT, 11), alignment=CENTER, border=THIN_BORDER)
NUMBER_STYLE = CellStyle(font=NUMBER_FONT, alignment=CENTER, border=THIN_BORDER, number_format="General")
SCORE_STYLE = CellStyle(font=NUMBER_FONT, alignment=CENTER, border=THIN_BORDER, number_format="0.0")
TOTAL_STYLE = CellStyle(
    font=Font(name="Times New Roman", size=11, bold=True),
    alignment=CENTER,
    border=THIN_BORDER,
    number_format="0.0",
)

EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class DetailLayout:
    """Where a detail sheet keeps its numbers; every score is in column G."""

    item_rows: tuple[int, ...]  # one per top-level rubric item, in rubric order
    bonus_row: int
    penalty_row: int
    total_row: int
    task_header_row: int
    first_task_row: int
    last_task_row: int  # == first_task_row when the unit has no task (a placeholder row)

    @classmethod
    def for_items(cls, n_items: int, n_tasks: int) -> DetailLayout:
        first = FIRST_ITEM_ROW
        bonus = first + n_items
        header = bonus + 4
        return cls(
            item_rows=tuple(range(first, bonus)),
            bonus_row=bonus,
            penalty_row=bonus + 1,
            total_row=bonus + 2,
            task_header_row=header,
            first_task_row=header + 1,
            last_task_row=header + max(1, n_tasks),
        )


def merge(ws: Worksheet, row: int, first_col: int, last_col: int) -> None:
    """Merge part of a row whose cells are already styled.

    ``Worksheet.merge_cells`` re-creates the edge borders of every cell in the range, hashing a
    new Border each time: two thirds of the build time for 150 units. The cells here already
    carry their borders, so the range is only recorded (the covered cells stay empty).
    """
    ref = f"{get_column_letter(first_col)}{row}:{get_column_letter(last_col)}{row}"
    ws.merged_cells.add(MergedCellRange(ws, ref))


def round_half_up(value: float, places: int = 1) -> float:
    """Excel's ROUND for the values a score can take (halves away from zero)."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def period_heading(sheet: ScoreSheet) -> str:
    """The period as titles name it: 2021年第一季度, or ``period_title`` for the annual review."""
    if sheet.quarter in CN_QUARTERS:
        return f"{sheet.year}年第{CN_QUARTERS[sheet.quarter]}季度"
    return sheet.period_title


def formula_text(text: str) -> str:
    """``text`` as a string literal inside an Excel formula."""
    return '"' + text.replace('"', '""') + '"'


def number_literal(value: float) -> str:
    """A number as written in a formula: 1, 0.5, 0.8 (never 1.0 or 5e-05)."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return text if text not in ("-0", "") else "0"


def weight_formula(rubric: Rubric, row: int, *, not_yet_due: bool = False) -> str:
    """权重 by 责任类型; for a task not yet due, 0 while the status stays 未启动 (left out)."""
    lead = ROLE_LABELS["lead"]
    weight = (
        f"IF(D{row}={formula_text(lead)},{number_literal(rubric.lead_weight)},"
        f"{number_literal(rubric.co_weight)})"
    )
    if not_yet_due:
        weight = f"IF(F{row}={formula_text(NOT_STARTED)},0,{weight})"
    return "=" + weight


def factor_formula(rubric: Rubric, row: int) -> str:
    """Nested IF over the rubric's status factors; any other text (e.g. 未报送) gives 0."""
    factors = [(status, factor) for status, factor in rubric.status_factors if factor != 0]
    expression = "0"
    for status, factor in reversed(factors):
        expression = f"IF(F{row}={formula_text(status)},{number_literal(factor)},{expression})"
    return "=" + expression


def _item_text(item: RubricItem) -> str:
    parts = [item.description.strip()] if item.description.strip() else []
    for number, child in enumerate(item.children, start=1):
        parts.append(f"（{number}）{child.name}（{child.max_points:g}分）")
    return "\n".join(parts)


def _find_item(unit: UnitScore, item: RubricItem) -> ItemScore:
    for score in unit.items:
        if score.code == item.code:
            return score
    return ItemScore(item.code, item.name, item.max_points, 0.0)


def _clamp(value: float, top: float) -> float:
    return max(0.0, min(top, value))


def _deduction(base: float, top: float, score: ItemScore) -> float:
    """The F cell: the net deduction its lines make, unless that would not reproduce the score
    gkdesk computed; then the deduction that does, so the sheet always shows gkdesk's numbers."""
    net = -sum(line.points for line in score.lines)
    if abs(_clamp(base - net, top) - score.points) <= EPSILON:
        return round(net, 6) + 0.0
    adjusted = round(base - score.points, 6) + 0.0
    return 0.0 if abs(adjusted) <= EPSILON else adjusted


def _task_base(rubric: Rubric, unit: UnitScore, item: RubricItem, others: float) -> float:
    """What the 任务落实 formula computes before the office's adjustment."""
    weights = [
        0.0 if left_out(t) else rubric.lead_weight if t.role == "lead" else rubric.co_weight
        for t in unit.tasks
    ]
    total_weight = sum(weights)
    if total_weight == 0:
        return others
    weighted = sum(w * rubric.factor(t.status) for w, t in zip(weights, unit.tasks, strict=True))
    return round_half_up(item.max_points * weighted / total_weight, 1)


def write_detail_sheet(ws: Worksheet, sheet: ScoreSheet, unit: UnitScore, styles: StyleCache) -> DetailLayout:
    """Fill ``ws`` with ``unit``'s score sheet; returns where its numbers are."""
    rubric = sheet.rubric
    layout = DetailLayout.for_items(len(rubric.items), len(unit.tasks))
    set_widths(ws, list(WIDTHS))
    _write_head(ws, sheet, unit, styles)
    _write_table_a(ws, rubric, unit, layout, styles)
    if unit.tasks or any(item.rule == "tasks" for item in rubric.items):
        # Not in the annual workbook, whose items are the quarters' means.
        _write_table_b(ws, rubric, unit, layout, styles)
        # Table A's header over task rows would label them wrongly: table B's header repeats.
        titles = f"{layout.task_header_row}:{layout.task_header_row}"
    else:
        titles = f"1:{HEADER_ROW}"
    ws.freeze_panes = f"A{HEADER_ROW}"
    setup_print(ws, titles, landscape=True)
    ws.page_setup.blackAndWhite = True  # offices file these on black-and-white printers
    _set_page_texts(ws, unit.unit)
    return layout


def _set_page_texts(ws: Worksheet, unit: str) -> None:
    """Page numbers, and the unit's name on the left of every footer: the pages after the first
    do not repeat the title rows, and a page taken out of the pile still says whose it is."""
    ws.oddFooter.left.text = page_text(unit)
    ws.oddFooter.center.text = FOOTER


def page_text(text: str) -> str:
    """``text`` for a page header or footer, where "&" starts a code and must be doubled."""
    return clean_text(text).replace("&", "&&")


def _write_head(ws: Worksheet, sheet: ScoreSheet, unit: UnitScore, styles: StyleCache) -> None:
    write_text(ws.cell(1, 1), f"{period_heading(sheet)}政务公开工作考核评分表")
    styles.apply(ws.cell(1, 1), TITLE_STYLE)
    merge(ws, 1, 1, NCOLS)
    ws.row_dimensions[1].height = 36
    info = f"被考核单位：{unit.unit}　单位类别：{unit.category}　考核人：　　考核日期："
    write_text(ws.cell(2, 1), info)
    styles.apply(ws.cell(2, 1), INFO_WRAP_STYLE)
    merge(ws, 2, 1, NCOLS)
    ws.row_dimensions[2].height = max(24, fitted_height([(info, sum(WIDTHS))], font_size=12))
    _write_header(ws, HEADER_ROW, TABLE_A, styles)
    merge(ws, HEADER_ROW, 8, 9)


def _write_header(ws: Worksheet, row: int, names: Sequence[str], styles: StyleCache) -> None:
    for col, name in enumerate(names, start=1):
        cell = ws.cell(row, col)
        write_text(cell, name)
        styles.apply(cell, HEADER_STYLE)
    for col in range(len(names) + 1, NCOLS + 1):
        styles.apply(ws.cell(row, col), HEADER_STYLE)
    ws.row_dimensions[row].height = 30


def _a_row(
    ws: Worksheet,
    row: int,
    styles: StyleCache,
    *,
    number: str,
    name: str,
    text: str,
    points: float | None,
    reasons: str,
    deduction: float | None,
    score: str,
    note: str = "",
    score_style: CellStyle = SCORE_STYLE,
) -> None:
    cells = [ws.cell(row, col) for col in range(1, NCOLS + 1)]
    write_text(cells[0], number)
    write_text(cells[1], name)
    write_text(cells[2], text)
    cells[3].value = points
    write_text(cells[4], reasons)
    cells[5].value = deduction
    cells[6].value = score
    write_text(cells[7], note)
    looks = (
        TEXT_CENTER_STYLE,
        STRONG_CENTER_STYLE,
        TEXT_STYLE,
        NUMBER_STYLE,
        TEXT_STYLE,
        NUMBER_STYLE,
        score_style,
        TEXT_STYLE,
        TEXT_STYLE,
    )
    for cell, look in zip(cells, looks, strict=True):
        styles.apply(cell, look)
    merge(ws, row, 8, 9)
    ws.row_dimensions[row].height = fitted_height(
        [(name, WIDTHS[1]), (text, WIDTHS[2]), (reasons, WIDTHS[4]), (note, WIDTHS[7] + WIDTHS[8])],
        min_lines=2,
    )


def _write_table_a(
    ws: Worksheet, rubric: Rubric, unit: UnitScore, layout: DetailLayout, styles: StyleCache
) -> None:
    scores = [_find_item(unit, item) for item in rubric.items]
    task_rows = {
        row for item, row in zip(rubric.items, layout.item_rows, strict=True) if item.rule == "tasks"
    }
    others_total = sum(
        score.points for item, score in zip(rubric.items, scores, strict=True) if item.rule != "tasks"
    )
    others = "+".join(f"G{row}" for row in layout.item_rows if row not in task_rows) or "0"
    first, last = layout.first_task_row, layout.last_task_row
    for item, score, row in zip(rubric.items, scores, layout.item_rows, strict=True):
        note = ""
        if item.rule == "tasks":
            base = _task_base(rubric, unit, item, others_total)
            formula = (
                f"=MAX(0,MIN(D{row},IF(SUM(E{first}:E{last})=0,{others},"
                f"ROUND(D{row}*SUM(H{first}:H{last})/SUM(E{first}:E{last}),1))-F{row}))"
            )
            if not unit.tasks and not any(line.reason for line in score.lines):
                note = NO_TASKS_NOTE  # gkdesk's engine says so in a line of its own
        else:
            base = item.max_points
            formula = f"=MAX(0,MIN(D{row},D{row}-F{row}))"
        _a_row(
            ws,
            row,
            styles,
            number=item.code,
            name=item.name,
            text=_item_text(item),
            points=item.max_points,
            reasons="；".join(line.reason for line in score.lines if line.reason),
            deduction=_deduction(base, item.max_points, score),
            score=formula,
            note=note,
        )

    bonus_net = sum(line.points for line in unit.bonus_lines)
    bonus_points = bonus_net if abs(min(rubric.bonus_cap, bonus_net) - unit.bonus) <= EPSILON else unit.bonus
    b = layout.bonus_row
    _a_row(
        ws,
        b,
        styles,
        number="",
        name="加分",
        text=rubric.bonus_description or f"加分项目，最高加{rubric.bonus_cap:g}分",
        points=rubric.bonus_cap,
        reasons="；".join(line.reason for line in unit.bonus_lines if line.reason),
        deduction=bonus_points,
        score=f"=MIN(D{b},F{b})",
        note=f"加分超过{rubric.bonus_cap:g}分，按{rubric.bonus_cap:g}分计"
        if bonus_points > rubric.bonus_cap
        else "",
    )
    p = layout.penalty_row
    _a_row(
        ws,
        p,
        styles,
        number="",
        name="扣分",
        text=rubric.penalty_description or "项目外扣分",
        points=None,
        reasons="；".join(line.reason for line in unit.penalty_lines if line.reason),
        deduction=unit.penalty,
        score=f"=F{p}",
    )
    t = layout.total_row
    items = "+".join(f"G{row}" for row in layout.item_rows) or "0"
    item_max = f"=SUM(D{layout.item_rows[0]}:D{layout.item_rows[-1]})" if layout.item_rows else 0
    _a_row(
        ws,
        t,
        styles,
        number="",
        name="合计",
        text="",
        points=None,
        reasons="",
        deduction=None,
        score=f"=ROUND({items}+G{b}-G{p},1)",
        note=f"单项否决：{unit.veto}" if unit.veto else "",
        score_style=TOTAL_STYLE,
    )
    ws.cell(t, 4).value = item_max
    ws.row_dimensions[t].height = fitted_height([(ws.cell(t, 8).value or "", WIDTHS[7] + WIDTHS[8])])


def _write_table_b(
    ws: Worksheet, rubric: Rubric, unit: UnitScore, layout: DetailLayout, styles: StyleCache
) -> None:
    _write_header(ws, layout.task_header_row, TABLE_B, styles)
    looks = (
        TEXT_CENTER_STYLE,
        NUMBER_STYLE,
        TEXT_STYLE,
        TEXT_CENTER_STYLE,
        NUMBER_STYLE,
        TEXT_CENTER_STYLE,
        NUMBER_STYLE,
        NUMBER_STYLE,
        TEXT_STYLE,
    )
    if not unit.tasks:
        row = layout.first_task_row
        write_text(ws.cell(row, 3), NO_TASKS)
        for col, look in enumerate(looks, start=1):
            styles.apply(ws.cell(row, col), look)
        ws.row_dimensions[row].height = fitted_height([])
        return
    for number, task in enumerate(unit.tasks, start=1):
        row = layout.first_task_row + number - 1
        cells = [ws.cell(row, col) for col in range(1, NCOLS + 1)]
        cells[0].value = number
        cells[1].value = task.seq
        write_text(cells[2], task.title)
        write_text(cells[3], ROLE_LABELS.get(task.role, task.role))
        cells[4].value = weight_formula(rubric, row, not_yet_due=left_out(task))
        write_text(cells[5], task.status)
        cells[6].value = factor_formula(rubric, row)
        cells[7].value = f"=E{row}*G{row}"
        rule = task_rule(task)
        write_text(cells[8], rule)
        for cell, look in zip(cells, looks, strict=True):
            styles.apply(cell, look)
        ws.row_dimensions[row].height = fitted_height(
            [(task.title, WIDTHS[2]), (task.status, WIDTHS[5]), (rule, WIDTHS[8])]
        )
