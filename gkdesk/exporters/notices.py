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
    NoticeTask,
    RemindNotice,
    ReportNotice,
    ResultNotice,
    RubricItem,
    UnitScore,
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
        letterhead_mode=header.letterhead_mode,
        copy_to=header.copy_to,
        printed_by=header.office if header.copy_to else "",
        printed_on=header.date if header.copy_to else "",
    )


def task_table(tasks: tuple[NoticeTask, ...]) -> GongwenTable:
    """The 重点任务分工清单: one row per task, 序号 | 重点任务 | 牵头单位 | 配合单位 [| 完成时限]."""
    with_deadline = any(t.deadline for t in tasks)
    headers = ["序号", "重点任务", "牵头单位", "配合单位"] + (["完成时限"] if with_deadline else [])
    rows = []
    for t in tasks:
        row = [str(t.seq), t.title, t.lead or "—", t.co or "—"]
        if with_deadline:
            row.append(t.deadline or "—")
        rows.append(tuple(row))
    return GongwenTable(tuple(headers), tuple(rows), numeric=(0,))


def duty_table(duties: tuple[DutyRow, ...], tasks: tuple[NoticeTask, ...] = ()) -> GongwenTable:
    """One unit's tasks: 序号 | 重点任务 | 责任类型 | 牵头单位 | 配合单位 [| 完成时限]."""
    co = {t.seq: t.co for t in tasks}
    with_deadline = any(d.deadline for d in duties)
    headers = ["序号", "重点任务", "责任类型", "牵头单位", "配合单位"] + (
        ["完成时限"] if with_deadline else []
    )
    rows = []
    for d in duties:
        row = [str(d.seq), d.title, ROLE_LABELS[d.role], d.lead or "—", co.get(d.seq) or "—"]
        if with_deadline:
            row.append(d.deadline or "—")
        rows.append(tuple(row))
    return GongwenTable(tuple(headers), tuple(rows), numeric=(0, 2))


def late_rule(item: RubricItem | None) -> str:
    """The late-report sentence, from the rubric's 报送时效 item (its numbers, not a fixed text)."""
    if item is None:
        return "逾期报送的，将在季度考核中相应扣分。"
    cap = item.max_points
    days = int(item.param("late_short_days", 3))
    short = min(cap, item.param("late_short", 5))
    long = min(cap, item.param("late_long", 10))
    span = "1个工作日" if days == 1 else f"1至{days}个工作日"
    return (
        f"按考核细则，逾期{span}报送的，“{item.name}”项扣{short:g}分；"
        f"逾期{days}个工作日以上的，扣{long:g}分；未报送的，该项不得分。"
    )


def report_notice(n: ReportNotice, *, unit: str | None = None) -> GongwenDoc:
    """报送通知; with ``unit``, that unit's own copy (its tasks as the annex, addressed to it)."""
    period = _quarter(n.year, n.quarter)
    title = f"关于报送{period}政务公开重点工作进展情况的通知"
    template = f"{period}政务公开重点工作进展情况报送表"
    if unit is None:
        task_list = f"{n.year}年政务公开重点任务分工清单"
        ask = "请各单位对照重点任务分工清单（见附件2），逐项填写本单位承担任务的"
    else:
        task_list = f"{unit}{n.year}年政务公开重点任务清单"
        ask = "请你单位对照本单位重点任务清单（见附件2），逐项填写"
    body: list[tuple[GongwenRole, str]] = [
        (
            "p",
            f"根据《{n.plan_title}》任务分工，为及时掌握各项重点任务落实进展，"
            f"现就报送{period}工作进展情况有关事项通知如下：",
        ),
        ("h1", "一、报送内容"),
        (
            "p",
            ask + "进展情况、存在问题、下步计划、完成状态，"
            "并附佐证材料。牵头单位在汇总配合单位意见的基础上报送任务整体进展；配合单位只报送本单位承担部分的进展。",
        ),
        ("h1", "二、报送时间"),
        ("p", f"请于{n.deadline}前报送。{late_rule(n.timeliness)}"),
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
            "标为“已完成”的任务须附佐证材料。报送内容不实的，将在季度考核中扣分，并视情况予以通报。",
        ),
    ]
    if n.header.contacts:
        body.append(("p", f"联系人及电话：{n.header.contacts}。"))
    if unit is None:
        table = task_table(n.tasks) if n.tasks else _duty_rows_as_tasks(n.duties)
    else:
        table = duty_table(tuple(d for d in n.duties if d.unit == unit), n.tasks)
    annexes = [
        GongwenAnnex(
            template,
            paragraphs=(
                "报送表为 Excel 文件，随本通知一并下发，每个单位一份，"
                f"文件名为“单位名称-{n.year}Q{n.quarter}-进展情况报送表.xlsx”。",
            ),
        ),
        GongwenAnnex(task_list, table=table, landscape=False),
    ]
    recipients = f"{unit}：" if unit is not None else None
    return _doc(n.header, title, body, annexes, recipients)


def _duty_rows_as_tasks(duties: tuple[DutyRow, ...]) -> GongwenTable:
    """The task list rebuilt from the unit × task rows when the tasks were not given."""
    tasks: dict[int, tuple[str, list[str], list[str], str]] = {}
    for d in duties:
        co = tasks.setdefault(d.seq, (d.title, [d.lead], [], d.deadline))[2]
        if d.role == "co" and d.unit not in co:
            co.append(d.unit)
    return task_table(
        tuple(
            NoticeTask(seq, title, "、".join(lead), "、".join(co), deadline)
            for seq, (title, lead, co, deadline) in sorted(tasks.items())
        )
    )


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
            + (
                f"逾期仍未报送的，“{n.timeliness.name}”项不得分，并在季度考核通报中予以通报。"
                if n.timeliness is not None
                else "逾期仍未报送的，按考核细则扣分，并在季度考核通报中予以通报。"
            ),
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


def commended_units(n: ResultNotice) -> list[str]:
    """Units praised by name: the top grade with nothing deducted and not named in any problem
    (not late, not missing, no missing evidence, no lagging task, no 扣分, no 单项否决); a unit is
    never both commended and criticised."""
    sheet = n.sheet
    if not sheet.rubric.grades:
        return []
    top = sheet.rubric.grades[0].name
    criticised = set(n.late_units) | set(n.missing_units) | set(n.no_evidence_units) | set(n.lagging_units)
    return [
        u.unit
        for u in sheet.units
        if u.grade == top and not u.veto and u.penalty == 0 and u.unit not in criticised
    ]


def result_notice(n: ResultNotice) -> GongwenDoc:
    sheet = n.sheet
    title = f"关于{sheet.period_title}政务公开工作考核情况的通报"
    grades = [g.name for g in sheet.rubric.grades] + [sheet.rubric.veto_grade]
    grade_counts = {g: sum(1 for u in sheet.units if u.grade == g) for g in grades}
    tasks_total = sum(c for _, c in n.status_counts)
    status_text = "，".join(f"{s}{c}项（占{_pct(c, tasks_total)}）" for s, c in n.status_counts if c)
    commended = commended_units(n)
    low_grades = [sheet.rubric.grades[-1].name] if len(sheet.rubric.grades) > 1 else []
    low_grades.append(sheet.rubric.veto_grade)
    lagging = [u for u in sheet.units if u.grade in low_grades]
    present = [g for g in low_grades if any(u.grade == g for u in lagging)]  # only grades some unit has
    cited = f"《{n.first_title}》" + (f"（{n.first_number}）" if n.first_number else "")
    body: list[tuple[GongwenRole, str]] = [
        (
            "p",
            f"根据{cited}和季度考核细则，我办对{n.units}个单位{sheet.period_title}政务公开重点工作"
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
                f"考核等次为{'、'.join(present)}的单位：{_names([u.unit for u in lagging], NAMED)}。"
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
    annex = GongwenAnnex(
        f"{sheet.period_title}政务公开工作考核得分排名表", table=ranking_table(n), landscape=True
    )
    return _doc(n.header, title, body, [annex])


def ranking_table(n: ResultNotice) -> GongwenTable:
    """序号 | 单位名称 | each item | 加分 | 扣分 | 总分 | 排名 | 等次, one block per category.

    When the rubric ranks within categories, each category is a block: a heading row
    ("县市区（5个）") and its units in rank order, so the 排名 column counts 1, 2, 3 … down each
    block. Otherwise one list in rank order, with a 单位类别 column when there are categories."""
    sheet = n.sheet
    items = sheet.rubric.items
    categories = list(dict.fromkeys(u.category for u in sheet.units))
    blocks = sheet.rubric.rank_by_category and len(categories) > 1
    with_category = not blocks and len(categories) > 1
    headers = (
        "序号",
        "单位名称",
        *(["单位类别"] if with_category else []),
        *[f"{i.name}\n（{i.max_points:g}分）" for i in items],
        "加分",
        "扣分",
        "总分",
        "排名",
        "等次",
    )

    def row(k: int, u: UnitScore) -> tuple[str, ...]:
        return (
            str(k),
            u.unit,
            *([u.category] if with_category else []),
            *[f"{i.points:g}" for i in u.items],
            f"{u.bonus:g}",
            f"{u.penalty:g}",
            f"{u.total:.1f}",
            str(u.rank),
            u.grade,
        )

    rows: list[tuple[str, ...]] = []
    headings: list[int] = []
    groups = (
        [[u for u in sheet.units if u.category == c] for c in categories] if blocks else [list(sheet.units)]
    )
    k = 0
    for category, members in zip(categories if blocks else [""], groups, strict=True):
        if blocks:
            headings.append(len(rows))
            rows.append((f"{category}（{len(members)}个）",) + ("",) * (len(headers) - 1))
        for u in sorted(members, key=lambda u: (u.rank, -u.total)):
            k += 1
            rows.append(row(k, u))
    first_number = 2 + (1 if with_category else 0)
    numeric = (0, *range(first_number, len(headers)))
    return GongwenTable(headers, tuple(rows), numeric=numeric, headings=tuple(headings))
