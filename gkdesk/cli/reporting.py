"""Commands of the quarterly round: periods, templates, collecting, hand entry, missing, status, settings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gkdesk.cli.common import open_db, parse_date, print_json, print_progress, who_am_i
from gkdesk.errors import UserError
from gkdesk.records import ROLE_LABELS, STATUSES, ReportFields

STATE_MARKS = {"green": "绿", "yellow": "黄", "red": "红"}
SHOWN_ERRORS = 10  # per refused file; --json lists them all


def cmd_period(args: argparse.Namespace) -> int:
    from gkdesk.services import periods as svc

    db = open_db(args)
    try:
        action = args.period_action
        if action == "open":
            row = svc.open_period(db, args.period, args.deadline, plan_id=args.plan, who=who_am_i(args))
            print(
                f"已开启 {svc.period_title(row.year, row.quarter)}（{row.code}），报送截止 {row.deadline}。"
            )
        elif action in ("close", "reopen"):
            row = svc.set_closed(db, args.period, action == "close", plan_id=args.plan, who=who_am_i(args))
            print(f"{svc.period_title(row.year, row.quarter)}已{'关闭' if row.closed else '重新开启'}。")
        else:
            rows = svc.list_periods(db)
            if args.json:
                print_json(rows)
                return 0
            if not rows:
                print("还没有开启任何报送期。用 gkdesk period open 2021Q1 --deadline 2021-04-15 开启。")
            for r in rows:
                state = "已关闭" if r.closed else "进行中"
                print(
                    f"{r.code}  截止 {r.deadline}  {state}  "
                    f"已报送 {r.units_reported}/{r.units_expected} 个单位"
                    f"  （计划 {r.plan_id}：{r.plan_title}）"
                )
    finally:
        db.dispose()
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from gkdesk.services.templates import write_templates

    db = open_db(args)
    try:
        files = write_templates(
            db,
            args.period,
            Path(args.out),
            plan_id=args.plan,
            unit_name=args.unit,
            as_zip=args.zip,
            progress=print_progress,
        )
    finally:
        db.dispose()
    if args.zip:
        print(f"已生成报送表压缩包：{files[0]}")
    else:
        print(f"已在 {args.out} 生成 {len(files)} 个单位的报送表。")
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from gkdesk.services.collect import collect
    from gkdesk.services.settings import get_settings

    db = open_db(args)
    try:
        results = collect(
            db,
            args.period,
            [Path(p) for p in args.paths],
            plan_id=args.plan,
            received=args.received,
            partial=args.partial,
            who=who_am_i(args),
            max_length=int(get_settings(db)["max_text_length"]),
            progress=print_progress,
        )
    finally:
        db.dispose()
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        words = {
            "accepted": "已收取",
            "unchanged": "无变化（重复文件）",
            "replaced": "已更新",
            "refused": "被拒收",
        }
        for r in results:
            unit = f"（{r.unit}）" if r.unit else ""
            rows = f"，{r.rows} 行" if r.result != "refused" else ""
            print(f"{words[r.result]}：{r.file}{unit}{rows}")
            for e in r.errors[:SHOWN_ERRORS]:
                print(f"    × {e}")
            if len(r.errors) > SHOWN_ERRORS:
                print(f"    …… 另有 {len(r.errors) - SHOWN_ERRORS} 处问题（加 --json 查看全部）")
            for w in r.warnings:
                print(f"    ! {w}")
        counts = {k: sum(r.result == k for r in results) for k in words}
        print(
            f"共 {len(results)} 个文件：收取 {counts['accepted']}，更新 {counts['replaced']}，"
            f"无变化 {counts['unchanged']}，拒收 {counts['refused']}。"
        )
    if not results:
        raise UserError("没有找到要收取的报送表（.xlsx 文件）。", code="no_files")
    return 1 if any(r.result == "refused" for r in results) else 0


def cmd_report(args: argparse.Namespace) -> int:
    from gkdesk.config import paths
    from gkdesk.services import reports as svc
    from gkdesk.services.settings import get_settings

    db = open_db(args)
    try:
        if args.report_action == "set":
            evidence_dir = paths(args.home).ensure().evidence_dir
            row = svc.set_report(
                db,
                args.period,
                task_seq=args.task,
                unit_name=args.unit,
                fields=ReportFields(
                    status=args.status,
                    progress=args.progress,
                    problems=args.problems,
                    next_steps=args.next,
                    evidence=args.evidence_text,
                    remarks=args.remarks,
                ),
                evidence_files=[Path(p) for p in args.evidence],
                received=args.received,
                who=who_am_i(args),
                plan_id=args.plan,
                evidence_dir=evidence_dir,
                max_length=int(get_settings(db)["max_text_length"]),
            )
            print(
                f"已录入：{row.period} 第 {row.seq} 项 {row.unit}"
                f"（{row.fields.status}，第 {row.version} 次报送）。"
            )
        else:
            rows = svc.list_reports(
                db,
                args.period,
                plan_id=args.plan,
                unit_name=args.unit,
                task_seq=args.task,
                history=args.history,
            )
            if args.json:
                print_json(rows)
            for r in [] if args.json else rows:
                print(
                    f"{r.seq:>3} {r.unit}（{ROLE_LABELS[r.role]}）{r.fields.status or '未填状态'}"
                    f"  {r.received_on}  {r.source}  v{r.version}"
                )
                print(f"      {r.fields.progress[:60]}")
    finally:
        db.dispose()
    return 0


def cmd_missing(args: argparse.Namespace) -> int:
    from gkdesk.services.tracking import missing

    db = open_db(args)
    try:
        report = missing(db, args.period, plan_id=args.plan)
    finally:
        db.dispose()
    if args.json:
        print_json(report.to_json())
        return 0
    print(f"未报送单位（{len(report.missing)} 个）：" if report.missing else "所有单位均已报送。")
    for unit, seqs in report.missing:
        print(f"  {unit}：第 {'、'.join(map(str, seqs))} 项")
    if report.late:
        print(f"逾期报送单位（{len(report.late)} 个）：")
        for unit, days in report.late:
            print(f"  {unit}：逾期 {days} 个工作日")
    if report.incomplete:
        print(f"填报不完整（{len(report.incomplete)} 个单位）：")
        for unit, seqs in report.incomplete:
            print(f"  {unit}：第 {'、'.join(map(str, seqs))} 项缺少必填内容")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from gkdesk.services.tracking import task_states

    db = open_db(args)
    try:
        states = task_states(db, args.period, plan_id=args.plan, as_of=args.as_of)
    finally:
        db.dispose()
    if args.json:
        print_json([s.to_json() for s in states])
        return 0
    for s in states:
        print(f"{s.seq:>3} [{STATE_MARKS[s.state]}] {s.title[:40]}  —— {s.reason}")
    counts = {k: sum(s.state == k for s in states) for k in STATE_MARKS}
    print(f"红灯 {counts['red']} 项，黄灯 {counts['yellow']} 项，绿灯 {counts['green']} 项。")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from gkdesk.services import settings as svc

    db = open_db(args)
    try:
        if args.settings_action == "set":
            value = svc.set_setting(db, args.key, args.value, who=who_am_i(args))
            print(f"已设置 {svc.BY_KEY[args.key].label}：{_show(value)}")
            return 0
        values = svc.get_settings(db)
    finally:
        db.dispose()
    if args.json:
        print_json(values)
        return 0
    for spec in svc.SPECS:
        print(f"{spec.key:<20} {spec.label}：{_show(values[spec.key]) or '（未设置）'}")
    return 0


def _show(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def add_reporting_commands(sub: Any) -> None:
    def period_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("period", metavar="PERIOD", help="报送期，如 2021Q1")
        p.add_argument("--plan", type=int, help="计划编号（同一年有两个计划时需要）")

    s = sub.add_parser("period", help="报送期：开启、关闭、重新开启、列出")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_period, period_action=None)
    ps = s.add_subparsers(dest="period_action", metavar="操作")
    a = ps.add_parser("open", help="开启一个季度并设置报送截止日期")
    period_arg(a)
    a.add_argument("--deadline", type=parse_date, required=True, help="报送截止日期 YYYY-MM-DD")
    for name, text in (("close", "关闭报送期（不再接受修改）"), ("reopen", "重新开启已关闭的报送期")):
        a = ps.add_parser(name, help=text)
        period_arg(a)
    a = ps.add_parser("list", help="列出报送期")
    a.add_argument("--json", action="store_true")

    s = sub.add_parser("template", help="为每个单位生成进展情况报送表（.xlsx）")
    period_arg(s)
    s.add_argument("--out", required=True, help="输出文件夹")
    s.add_argument("--unit", help="只生成该单位的报送表")
    s.add_argument("--zip", action="store_true", help="打包成一个 .zip 文件")
    s.set_defaults(func=cmd_template)

    s = sub.add_parser("collect", help="收取各单位交回的报送表（文件或文件夹）")
    period_arg(s)
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--received", type=parse_date, help="收到文件的日期（默认今天）")
    s.add_argument("--partial", action="store_true", help="有错误的文件也收取其中没有问题的行")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_collect)

    s = sub.add_parser("report", help="手工录入或查看报送内容")
    s.set_defaults(func=cmd_report)
    rs = s.add_subparsers(dest="report_action", metavar="操作", required=True)
    a = rs.add_parser("set", help="手工录入一个单位对一项任务的进展")
    period_arg(a)
    a.add_argument("--task", type=int, required=True, metavar="SEQ", help="任务序号")
    a.add_argument("--unit", required=True)
    a.add_argument("--status", required=True, choices=STATUSES, help="完成状态")
    a.add_argument("--progress", required=True, help="进展情况")
    a.add_argument("--problems", default="", help="存在问题")
    a.add_argument("--next", default="", help="下步计划")
    a.add_argument("--evidence-text", default="", help="佐证材料说明")
    a.add_argument("--remarks", default="", help="备注")
    # extend: "--evidence a --evidence b" and "--evidence a b" both keep every file.
    a.add_argument(
        "--evidence", nargs="+", action="extend", default=[], metavar="FILE", help="佐证材料文件（可多个）"
    )
    a.add_argument("--received", type=parse_date, help="收到日期（默认今天）")
    a = rs.add_parser("list", help="列出报送内容")
    period_arg(a)
    a.add_argument("--unit")
    a.add_argument("--task", type=int, metavar="SEQ")
    a.add_argument("--history", action="store_true", help="包括被更新替代的早先报送")
    a.add_argument("--json", action="store_true")

    s = sub.add_parser("missing", help="未报送、逾期报送、填报不完整的单位")
    period_arg(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_missing)

    s = sub.add_parser("status", help="各项任务的红黄绿状态")
    period_arg(s)
    s.add_argument("--as-of", type=parse_date, help="按哪一天判断（默认今天）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("settings", help="查看或修改办公室设置（发文机关、联系人、节假日、红黄绿规则）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_settings, settings_action=None)
    ss = s.add_subparsers(dest="settings_action", metavar="操作")
    a = ss.add_parser("set", help="修改一项设置")
    a.add_argument("key")
    a.add_argument("value")
    a = ss.add_parser("show", help="显示全部设置")
    a.add_argument("--json", action="store_true")
