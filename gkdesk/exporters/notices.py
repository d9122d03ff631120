"""The words of the three notices: records in, ``GongwenDoc`` out (the layout is ``gongwen``'s job).

报送通知 asks every unit for the quarter; 催报通知 reminds those who have not reported; 考核通报
reports the results. Sections, phrasing and annexes follow GONGWEN.md §2.
"""

from __future__ import annotations

from gkdesk.records import (
    ROLE_LABELS,
    DutyRow,
    GongwenAnnex,
    GongwenDoc,
    GongwenRole,
    GongwenTable,
    NoticeHeader,
    RemindNotice,
    ReportNotice,
    ResultNotice,
)

QUARTERS = {1: "一", 2: "二", 3: "三", 4: "四"}
CN_ORDINALS = "一二三四五六七八九十"
NAMED = 10  # units named in a sentence before "等N个单位"; the annex lists them all


def _quarter(year: int, quarter: int) -> str:
    return f"{year}年第{QUARTERS[quarter]}季度"


def _names(units: tuple[str, ...] | list[str], limit: int = 0) -> str:
    shown = list(units[:limit]) if limit else list(units)
    text = "、".join(shown)
    return text + (f"等{len(units)}个单位" if limit and len(units) > limit else "")


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def _doc(
    header: NoticeHeader,
    title: str,
    body: list[tuple[GongwenRole, str]],
    annexes: list[GongwenAnnex],
    recipients: str | None = None,
) -> GongwenDoc:
    return GongwenDoc(
        title=title,
        body=tuple(body),
        recipients=recipients if recipients is not None else header.recipients,
        doc_number=header.doc_number,
        annexes=tuple(annexes),
        signature=header.signature or header.office,
        date=header.date,
        note="（此件主动公开）" if header.public else "（此件不公开）",
        letterhead=header.letterhead,
        copy_to=header.copy_to,
        printed_by=header.office if header.copy_to else "",
        printed_on=header.date if header.copy_to else "",
    )


def duty_table(duties: tuple[DutyRow, ...], *, with_unit: bool = True) -> GongwenTable:
    """序号 | 单位 | 编号 | 工作任务 | 责任类型 | 牵头单位 [| 完成时限 when any task has one]."""
    with_deadline = any(d.deadline for d in duties)
    columns: list[tuple[str, float]] = [  # mm, scaled to the type area
        ("序号", 11),
        ("单位", 30),
        ("编号", 11),
        ("工作任务", 52),
        ("责任类型", 18),
        ("牵头单位", 36),
    ]
    if with_deadline:
        columns.append(("完成时限", 22))
    rows = []
    for n, d in enumerate(duties, start=1):
        row = [str(n), d.unit, str(d.seq), d.title, ROLE_LABELS[d.role], d.lead]
        if with_deadline:
            row.append(d.deadline or "—")
        rows.append(row)
    if not with_unit:
        del columns[1]
        for row in rows:
            del row[1]
    names = [c for c, _ in columns]
    numeric = tuple(names.index(c) for c in ("序号", "编号", "责任类型"))
    return GongwenTable(
        tuple(names), tuple(tuple(r) for r in rows), widths_mm=tuple(w for _, w in columns), numeric=numeric
    )


def report_notice(n: ReportNotice, *, unit: str | None = None) -> GongwenDoc:
    """报送通知; with ``unit``, that unit's own copy (its tasks as the annex, addressed to it)."""
    period = _quarter(n.year, n.quarter)
    title = f"关于报送{period}政务公开重点工作进展情况的通知"
    template = f"{period}政务公开重点工作进展情况报送表"
    task_list = (
        f"{n.year}年政务公开重点任务分工清单" if unit is None else f"{unit}{n.year}年政务公开重点任务清单"
    )
    body: list[tuple[GongwenRole, str]] = [
        (
            "p",
            f"根据《{n.plan_title}》任务分工，为及时掌握各项重点任务落实进展，"
            f"现就报送{period}工作进展情况有关事项通知如下：",
        ),
        ("h1", "一、报送内容"),
        (
            "p",
            "请各单位对照重点任务分工清单（见附件2），逐项填写进展情况、存在问题、下步计划、完成状态，"
            "并附佐证材料。牵头单位在汇总配合单位意见的基础上报送任务整体进展；配合单位只报送本单位承担部分的进展。",
        ),
        ("h1", "二、报送时间"),
        ("p", f"请于{n.deadline}前报送，逾期视为未报送。"),
        ("h1", "三、报送方式"),
        (
            "p",
            f"使用统一下发的报送表（见附件1，Excel格式，请勿改动表格结构和预填内容），"
            f"将填好的电子表格和加盖公章的扫描件{n.header.send_method or '通过政务内网邮箱报送'}。"
            f"文件名为“单位名称-{n.year}Q{n.quarter}-进展情况报送表”。",
        ),
        ("h1", "四、有关要求"),
        (
            "p",
            "报送内容须经单位主要负责同志审核，做到真实准确、重点突出，不得简单重复任务表述。"
            "标为“已完成”的任务须附佐证材料。逾期未报、内容不实的，将在季度考核中扣分，并视情况予以通报。",
        ),
    ]
    if n.header.contacts:
        body.append(("p", f"联系人及电话：{n.header.contacts}。"))
    duties = n.duties if unit is None else tuple(d for d in n.duties if d.unit == unit)
    annexes = [
        GongwenAnnex(
            template,
            paragraphs=(
                "报送表为 Excel 文件，随本通知一并下发，每个单位一份，"
                f"文件名为“单位名称-{n.year}Q{n.quarter}-进展情况报送表.xlsx”。",
            ),
        ),
        GongwenAnnex(task_list, table=duty_table(duties, with_unit=unit is None), landscape=False),
    ]
    recipients = f"{unit}：" if unit is not None else None
    return _doc(n.header, title, body, annexes, recipients)


def remind_notice(n: RemindNotice) -> GongwenDoc:
    period = _quarter(n.year, n.quarter)
    title = f"关于催报{period}政务公开重点工作进展情况的通知"
    cited = f"《{n.first_title}》" + (f"（{n.first_number}）" if n.first_number else "")
    units = [m.unit for m in n.missing]
    body: list[tuple[GongwenRole, str]] = [
        (
            "p",
            f"{cited}要求各单位于{n.first_deadline}前报送{period}政务公开重点工作进展情况。"
            f"截至{n.as_of}，仍有{len(units)}个单位未报送（名单见附件）。",
        ),
        (
            "p",
            f"请上述单位高度重视，于{n.new_deadline}前补报，报送方式同原通知"
            f"（{n.header.send_method or '通过政务内网邮箱报送'}）。"
            "逾期仍未报送的，按考核细则扣分，并在季度考核通报中予以通报。",
        ),
    ]
    if n.incomplete:
        body.append(
            (
                "p",
                f"另有{_names([m.unit for m in n.incomplete], NAMED)}报送内容不完整，请一并补充完善。",
            )
        )
    if n.header.contacts:
        body.append(("p", f"联系人及电话：{n.header.contacts}。"))
    rows = tuple(
        (str(i), m.unit, str(m.owed), str(m.reported), str(m.owed - m.reported), m.note)
        for i, m in enumerate(list(n.missing) + list(n.incomplete), start=1)
    )
    table = GongwenTable(
        ("序号", "单位名称", "应报任务数", "已报任务数", "未报任务数", "备注"),
        rows,
        numeric=(0, 2, 3, 4),
    )
    recipients = f"{_names(units)}：" if 0 < len(units) <= 6 else "各有关单位："
    annex = GongwenAnnex(f"{period}政务公开重点工作进展情况未报送单位名单", table=table)
    return _doc(n.header, title, body, [annex], recipients)


def result_notice(n: ResultNotice) -> GongwenDoc:
    sheet = n.sheet
    title = f"关于{sheet.period_title}政务公开工作考核情况的通报"
    grades = [g.name for g in sheet.rubric.grades] + [sheet.rubric.veto_grade]
    grade_counts = {g: sum(1 for u in sheet.units if u.grade == g) for g in grades}
    tasks_total = sum(c for _, c in n.status_counts)
    status_text = "，".join(f"{s}{c}项（占{_pct(c, tasks_total)}）" for s, c in n.status_counts if c)
    top = sheet.rubric.grades[0].name if sheet.rubric.grades else "优秀"
    commended = [u.unit for u in sheet.units if u.grade == top]
    low_grades = {sheet.rubric.grades[-1].name, sheet.rubric.veto_grade} if sheet.rubric.grades else set()
    lagging = [u.unit for u in sheet.units if u.grade in low_grades]
    body: list[tuple[GongwenRole, str]] = [
        (
            "p",
            f"根据《{n.first_title}》和季度考核细则，我办对{n.units}个单位{sheet.period_title}政务公开重点工作"
            "落实情况进行了考核，采取审核报送材料与核查佐证材料相结合的方式。现将有关情况通报如下：",
        ),
        ("h1", "一、总体情况"),
        (
            "p",
            f"应报送单位{n.units}个，实际报送{n.reported}个，报送率{_pct(n.reported, n.units)}；"
            f"按时报送{n.on_time}个，按时报送率{_pct(n.on_time, n.units)}。"
            + (f"各项重点任务中，{status_text}。" if status_text else ""),
        ),
        (
            "p",
            "考核等次分布："
            + "，".join(f"{g}{c}个" for g, c in grade_counts.items() if c)
            + "。"
            + (f"{_names(commended, NAMED)}工作成效明显，予以通报表扬。" if commended else ""),
        ),
        ("h1", "二、考核结果"),
        (
            "p",
            "各单位得分及排名情况详见附件。"
            + (
                f"考核等次为{'、'.join(sorted(low_grades))}的单位：{_names(lagging, NAMED)}。"
                if lagging
                else ""
            ),
        ),
        ("h1", "三、存在问题"),
    ]
    problems: list[str] = []
    if n.missing_units:
        problems.append(f"未按要求报送。{_names(n.missing_units, NAMED)}未报送进展情况。")
    if n.late_units:
        problems.append(f"报送不够及时。{_names(n.late_units, NAMED)}逾期报送。")
    if n.no_evidence_units:
        problems.append(
            f"佐证材料不完整。{_names(n.no_evidence_units, NAMED)}存在标为已完成但未附佐证材料的情况。"
        )
    if n.lagging_units:
        problems.append(f"部分任务推进滞后。{_names(n.lagging_units, NAMED)}有任务报告滞后或尚未启动。")
    if not problems:
        problems.append("各单位均按时完整报送，未发现突出问题。")
    for i, text in enumerate(problems):
        head, _, rest = text.partition("。")
        body.append(("p", f"（{CN_ORDINALS[i]}）{head}。{rest}"))
    body += [
        ("h1", "四、下步要求"),
        (
            "p",
            "一是抓好问题整改。被通报的单位要对照问题逐项整改，补齐佐证材料。"
            "二是加快任务推进。对进展滞后的任务，要明确时间节点，确保按期完成。"
            "三是强化组织保障。各单位主要负责同志要亲自过问，确保报送内容真实准确、按时报送。",
        ),
    ]
    items = sheet.rubric.items
    headers = (
        "序号",
        "单位名称",
        "单位类别",
        *[f"{i.name}({i.max_points:g})" for i in items],
        "加分",
        "扣分",
        "总分",
        "排名",
        "等次",
    )
    ordered = sorted(sheet.units, key=lambda u: (-u.total, u.rank))
    rows = tuple(
        (
            str(k),
            u.unit,
            u.category,
            *[f"{i.points:g}" for i in u.items],
            f"{u.bonus:g}",
            f"{u.penalty:g}",
            f"{u.total:.1f}",
            str(u.rank),
            u.grade,
        )
        for k, u in enumerate(ordered, start=1)
    )
    numeric = tuple([0, *range(3, len(headers))][:-1])
    annex = GongwenAnnex(
        f"{sheet.period_title}政务公开工作考核得分排名表",
        table=GongwenTable(headers, rows, numeric=numeric),
        landscape=True,
    )
    return _doc(n.header, title, body, [annex])
