"""The ``gkdesk`` command line: headless commands over the services.

Nothing here imports Qt, and database modules are imported only by the commands that need them,
so ``gkdesk parse`` starts fast. A ``UserError`` prints one Chinese line on stderr and exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gkdesk.cli.common import open_db, print_json
from gkdesk.cli.reporting import add_reporting_commands
from gkdesk.cli.review import add_export_commands, add_review_commands
from gkdesk.errors import UserError

EXIT_USER_ERROR = 2


def cmd_parse(args: argparse.Namespace) -> int:
    from gkdesk.services.documents import parse_column_option, parse_document

    columns = parse_column_option(args.columns) if args.columns else None
    plan = parse_document(Path(args.file), args.password, columns)
    if args.json:
        print_json(plan.to_json())
        return 0
    print(f"{plan.title}（{plan.year or '年份未知'}，{len(plan.tasks)} 项任务）")
    if plan.columns:
        roles = "，".join(
            f"{c.header or f'第{c.index + 1}列'}={c.role}{'' if c.sure else '?'}" for c in plan.columns
        )
        print(f"表格列：{roles}（? 表示不确定，可用 --columns 指定）")
    for t in plan.tasks:
        print(f"{t.seq:>3} {t.label:<6} {t.title}")
        print(f"      牵头：{'、'.join(t.lead) or '—'}  配合：{'、'.join(t.co) or '—'}")
    for w in plan.warnings:
        print(f"提示：{w.message}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from gkdesk.services.documents import parse_column_option
    from gkdesk.services.planning import import_plan

    columns = parse_column_option(args.columns) if args.columns else None
    db = open_db(args)
    try:
        report = import_plan(
            db,
            Path(args.file),
            year=args.year,
            replace=args.replace,
            prune=args.prune,
            password=args.password,
            columns=columns,
        )
    finally:
        db.dispose()
    if args.json:
        print_json(report)
        return 0
    if not report.created and not args.replace:
        print(f"该文件已导入过（计划 {report.plan_id}），没有重复导入。")
    elif args.replace:
        print(
            f"已更新计划 {report.plan_id}：保留 {report.tasks_kept} 项，修改 {report.tasks_updated} 项，"
            f"新增 {report.tasks_added} 项，删除 {report.tasks_removed} 项。"
        )
        if report.tasks_vanished and not report.tasks_removed:
            print("新文件中已没有以下任务（加 --prune 才会删除）：")
            for title in report.tasks_vanished:
                print(f"  {title}")
    else:
        print(f"已导入计划 {report.plan_id}：{report.tasks} 项任务，新增单位 {report.units_new} 个。")
    for w in report.warnings:
        print(f"提示：{w.message}")
    return 0


def cmd_plans(args: argparse.Namespace) -> int:
    from gkdesk.services.planning import list_plans

    db = open_db(args)
    try:
        plans = list_plans(db)
    finally:
        db.dispose()
    if args.json:
        print_json(plans)
        return 0
    if not plans:
        print("还没有导入任何计划。用 gkdesk import 文件 导入工作要点。")
    for p in plans:
        print(f"{p.id:>3}  {p.year or '----'}  {p.title}（{p.tasks} 项任务，来自 {p.source_name}）")
    return 0


def cmd_tasks(args: argparse.Namespace) -> int:
    from gkdesk.services.planning import list_tasks

    db = open_db(args)
    try:
        tasks = list_tasks(db, args.plan, unit=args.unit)
    finally:
        db.dispose()
    if args.json:
        print_json(tasks)
        return 0
    for t in tasks:
        print(f"{t.seq:>3} {t.label:<6} {t.title}")
        print(
            f"      牵头：{'、'.join(t.lead) or '—'}  配合：{'、'.join(t.co) or '—'}"
            f"  时限：{t.deadline or '—'}"
        )
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    from gkdesk.services import units as svc

    db = open_db(args)
    try:
        action = args.units_action
        if action == "alias":
            svc.add_alias(db, args.alias, args.unit)
            print(f"已添加别名：{args.alias} → {args.unit}")
        elif action == "merge":
            r = svc.merge_units(db, args.source, args.target)
            print(
                f"已将“{r.source}”并入“{r.target}”：移动任务关联 {r.links_moved} 条"
                f"（重复的 {r.links_dropped} 条合并），别名 {r.aliases_moved} 个，"
                f"分组关系 {r.groups_moved} 条。"
            )
        elif action == "group":
            n = svc.set_group_members(db, args.group, args.members)
            print(f"“{args.group}”现在包含 {n} 个成员单位。")
        elif action == "ungroup":
            n = svc.remove_group_members(db, args.group, args.members)
            print(f"已从“{args.group}”去掉 {len(args.members)} 个成员，还剩 {n} 个。")
        elif action == "set":
            svc.update_unit(db, args.unit, category=args.category, order=args.order, short_name=args.short)
            print(f"已更新单位：{args.unit}")
        elif action == "suggest":
            suggestions = svc.suggest_aliases(db)
            if args.json:
                print_json(suggestions)
            elif not suggestions:
                print("没有发现疑似同一单位的不同写法。")
            for s in suggestions:
                print(
                    f"“{s.name}”和“{s.other}”可能是同一单位（{s.reason}）。"
                    f"确认是同一单位后可运行：gkdesk units merge {s.other} {s.name}"
                )
        else:
            rows = svc.list_units(db)
            if args.json:
                print_json(rows)
            else:
                for u in rows:
                    extra = f"  别名：{'、'.join(u.aliases)}" if u.aliases else ""
                    members = f"  成员：{'、'.join(u.members)}" if u.members else ""
                    print(
                        f"{u.sort_order:>4}  {u.name}  [{u.category or '未分类'}]  "
                        f"{u.tasks} 项任务{extra}{members}"
                    )
    finally:
        db.dispose()
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from gkdesk.config import paths
    from gkdesk.services.maintenance import backup, list_backups

    app_paths = paths(args.home)
    if args.list:
        for row in list_backups(app_paths):
            print(f"{row.modified:%Y-%m-%d %H:%M}\t{row.kind_label}\t{row.path}")
        return 0
    with open_db(args) as db:
        print(f"已备份到：{backup(db, app_paths)}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # Works without opening the database: it is used exactly when the file is damaged.
    from gkdesk.config import database_url, paths
    from gkdesk.services.maintenance import restore

    app_paths = paths(args.home)
    safety = restore(database_url(app_paths, args.db), Path(args.file), app_paths)
    print(f"已从“{args.file}”恢复。" + (f"恢复前的数据库已另存为：{safety}" if safety else ""))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    if args.no_window:
        from gkdesk.services.demo import ensure_demo

        print(f"演示数据库：{ensure_demo(args.home)}")
        return 0
    from gkdesk.app import run

    return run(home=args.home, demo=True)


def cmd_gui(args: argparse.Namespace) -> int:
    from gkdesk.app import run

    return run(db_url=args.db, home=args.home)


def cmd_selftest(args: argparse.Namespace) -> int:
    from gkdesk.app import selftest

    return selftest(args.home, args.screenshots, quit_when_shown=args.quit_when_shown)


def _add_columns_option(s: argparse.ArgumentParser) -> None:
    s.add_argument(
        "--columns",
        metavar="列名=角色,…",
        help=(
            '指定表格各列的用途，如 "具体要求=task,责任科室=lead,时限要求=deadline"；角色：label 序号、'
            "section 分类、task 任务、lead 牵头单位、co 配合单位、deadline 完成时限、ignore 不导入"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    from gkdesk import __version__

    p = argparse.ArgumentParser(prog="gkdesk", description="政务公开工作要点任务管理")
    p.add_argument("--version", action="version", version=f"gkdesk {__version__}")
    p.add_argument("--home", help="数据目录（也可用环境变量 GKDESK_HOME）")
    p.add_argument("--db", help="数据库地址，SQLAlchemy URL 或 SQLite 文件路径（也可用 GKDESK_DB）")
    sub = p.add_subparsers(dest="command", metavar="命令")

    s = sub.add_parser("parse", help="解析工作要点文件并显示任务（不保存）")
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.add_argument("--password", help="文档的打开密码")
    _add_columns_option(s)
    s.set_defaults(func=cmd_parse)

    s = sub.add_parser("import", help="导入工作要点，保存为计划")
    s.add_argument("file")
    s.add_argument("--year", type=int, help="计划年度（文件中读不出时使用）")
    s.add_argument("--replace", type=int, metavar="PLAN_ID", help="用修订后的文件更新已有计划")
    s.add_argument("--prune", action="store_true", help="与 --replace 一起用：删除新文件中已没有的任务")
    s.add_argument("--json", action="store_true")
    s.add_argument("--password", help="文档的打开密码")
    _add_columns_option(s)
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("plans", help="列出计划")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_plans)

    s = sub.add_parser("tasks", help="列出计划的任务")
    s.add_argument("--plan", type=int, required=True)
    s.add_argument("--unit", help="只列出该单位牵头或配合的任务")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_tasks)

    s = sub.add_parser("units", help="单位名册：列出、别名、合并、分组、设置")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_units, units_action=None)
    us = s.add_subparsers(dest="units_action", metavar="操作")
    a = us.add_parser("alias", help="为单位添加别名（简称或旧称）")
    a.add_argument("alias")
    a.add_argument("unit")
    a = us.add_parser("merge", help="把一个单位并入另一个（任务关联全部移过去）")
    a.add_argument("source", metavar="FROM")
    a.add_argument("target", metavar="INTO")
    a = us.add_parser("group", help="设置分组单位（如 各县市区人民政府）的成员")
    a.add_argument("group")
    a.add_argument("members", nargs="+", metavar="MEMBER")
    a = us.add_parser("ungroup", help="从分组单位中去掉成员")
    a.add_argument("group")
    a.add_argument("members", nargs="+", metavar="MEMBER")
    a = us.add_parser("set", help="设置单位的类别、排序、简称")
    a.add_argument("unit")
    a.add_argument("--category")
    a.add_argument("--order", type=int)
    a.add_argument("--short")
    a = us.add_parser("suggest", help="列出疑似同一单位的不同写法（只提示，不合并）")
    a.add_argument("--json", action="store_true")

    add_reporting_commands(sub)
    add_review_commands(sub)
    add_export_commands(sub)

    s = sub.add_parser("backup", help="把数据库备份到备份文件夹（--list 列出已有备份）")
    s.add_argument("--list", action="store_true", help="列出备份文件夹中的备份，新的在前")
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="用备份文件恢复数据库（先自动另存当前数据库）")
    s.add_argument("file", help="备份文件（见 gkdesk backup --list）")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("demo", help="用演示数据打开程序窗口")
    s.add_argument("--no-window", action="store_true", help="只准备演示数据库，不打开窗口")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser(
        "selftest",
        help="自检：用临时的演示数据打开窗口，逐页显示后退出（安装后检查用，不动本机数据）",
    )
    s.add_argument("--screenshots", metavar="DIR", help="把每一页的截图保存到此文件夹")
    s.add_argument("--quit-when-shown", action="store_true", help="窗口显示出数据后立即退出（测启动时间用）")
    s.set_defaults(func=cmd_selftest)

    s = sub.add_parser("gui", help="打开程序窗口")
    s.set_defaults(func=cmd_gui)
    return p


def _utf8_stdio() -> None:
    # Windows consoles default to a legacy code page; JSON for scripts must be UTF-8.
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Callable[..., Any] | None = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func = cmd_gui
    try:
        return int(args.func(args))
    except UserError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``gkdesk parse x | head``): not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit flush quiet
        return 0


if __name__ == "__main__":
    sys.exit(main())
