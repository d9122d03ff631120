"""Commands of the quarterly review: the rubric, scores, manual entries, and the exported files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gkdesk.cli.common import open_db, parse_date, print_json, print_progress, who_am_i


def cmd_rubric(args: argparse.Namespace) -> int:
    from gkdesk.scoring.rubric_file import rubric_text
    from gkdesk.services import review as svc

    db = open_db(args)
    try:
        action = args.rubric_action or "show"
        if action == "export":
            path = svc.export_rubric(db, Path(args.file), args.plan)
            print(f"已导出考核细则：{path}")
        elif action == "import":
            plan_id = svc.import_rubric(db, Path(args.file), args.plan, who=who_am_i(args))
            print(f"已导入考核细则到计划 {plan_id}（已关闭的季度保持原分数）。")
        else:
            plan_id, rubric = svc.get_rubric(db, args.plan)
            if getattr(args, "json", False):
                from gkdesk.scoring.rubric_file import rubric_to_dict

                print_json(rubric_to_dict(rubric))
            else:
                sys.stdout.write(f"# 计划 {plan_id} 的考核细则\n" + rubric_text(rubric))
    finally:
        db.dispose()
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    if args.period in ("set", "remove"):
        return _score_entry(args)
    if args.rest:  # options written after PERIOD
        more = argparse.ArgumentParser(prog=f"gkdesk score {args.period}")
        more.add_argument("--plan", type=int, default=args.plan)
        more.add_argument("--json", action="store_true", default=args.json)
        extra = more.parse_args(args.rest)
        args.plan, args.json = extra.plan, extra.json
    from gkdesk.services.review import period_scores

    db = open_db(args)
    try:
        sheet = period_scores(db, args.period, plan_id=args.plan)
    finally:
        db.dispose()
    if args.json:
        print_json([u.to_json() for u in sheet.units])
        return 0
    codes = [i.name for i in sheet.rubric.items]
    print(f"{sheet.period_title}考核得分")
    print("  ".join(["排名", "单位", "类别", *codes, "加分", "扣分", "总分", "等次"]))
    for u in sheet.units:
        items = "  ".join(f"{i.points:g}" for i in u.items)
        veto = f"（单项否决：{u.veto}）" if u.veto else ""
        print(
            f"{u.rank:>3}  {u.unit}  {u.category}  {items}  "
            f"{u.bonus:g}  {u.penalty:g}  {u.total:g}  {u.grade}{veto}"
        )
    return 0


def _score_entry(args: argparse.Namespace) -> int:
    from gkdesk.services.review import add_entry, remove_entry

    p = argparse.ArgumentParser(prog=f"gkdesk score {args.period}")
    if args.period == "set":
        p.add_argument("period", metavar="PERIOD")
        p.add_argument("--unit", required=True)
        p.add_argument(
            "--item", required=True, help="项目编号（如 4.1），或 bonus 加分、penalty 扣分、veto 单项否决"
        )
        p.add_argument("--points", type=float, default=0.0, help="加（正数）或扣（负数）的分数")
        p.add_argument("--reason", required=True, help="理由（必填）")
        p.add_argument("--plan", type=int)
    else:
        p.add_argument("entry", type=int, metavar="ENTRY_ID")
    sub = p.parse_args(args.rest)
    db = open_db(args)
    try:
        if args.period == "set":
            entry = add_entry(
                db,
                sub.period,
                unit_name=sub.unit,
                item=sub.item,
                points=sub.points,
                reason=sub.reason,
                plan_id=sub.plan,
                who=who_am_i(args),
            )
            print(f"已记录（编号 {entry}）：{sub.unit} {sub.item} {sub.points:+g}，理由：{sub.reason}")
        else:
            remove_entry(db, sub.entry, who=who_am_i(args))
            print(f"已删除评分记录 {sub.entry}。")
    finally:
        db.dispose()
    return 0


def add_review_commands(sub: Any) -> None:
    s = sub.add_parser("rubric", help="考核细则：显示、导出、导入")
    s.add_argument("--plan", type=int, help="计划编号（只有一个计划时可省略）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_rubric, rubric_action=None)
    rs = s.add_subparsers(dest="rubric_action", metavar="操作")
    a = rs.add_parser("show", help="显示考核细则（TOML）")
    a.add_argument("--plan", type=int)
    a.add_argument("--json", action="store_true")
    for name, text in (
        ("export", "导出为文件（.toml 或 .json）"),
        ("import", "从文件导入（.toml 或 .json）"),
    ):
        a = rs.add_parser(name, help=text)
        a.add_argument("file", metavar="FILE")
        a.add_argument("--plan", type=int)

    s = sub.add_parser(
        "score",
        help="考核得分：gkdesk score 2021Q1（季度）或 2021（年度）；gkdesk score set …（人工评分）",
        description="gkdesk score PERIOD [--json]；"
        "gkdesk score set PERIOD --unit 单位 --item 4.1 --points -1 --reason 理由；"
        "gkdesk score remove 编号",
    )
    s.add_argument("period", metavar="PERIOD", help="2021Q1、2021（年度），或 set / remove")
    s.add_argument("--plan", type=int)
    s.add_argument("--json", action="store_true")
    s.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_score)


def cmd_export(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.export_kind == "scores":
            from gkdesk.services.review import export_scores

            path = export_scores(db, args.period, Path(args.out), plan_id=args.plan, day=args.date)
            print(f"已生成考核评分表：{path}")
            return 0
        from gkdesk.services.notices import write_notice

        files = write_notice(
            db,
            args.notice,
            args.period,
            Path(args.out),
            plan_id=args.plan,
            day=args.date,
            number=args.number,
            new_deadline=args.new_deadline,
            per_unit_dir=Path(args.per_unit) if args.per_unit else None,
            who=who_am_i(args),
            progress=print_progress,
        )
    finally:
        db.dispose()
    names = {"report": "报送通知", "remind": "催报通知", "result": "考核通报"}
    print(f"已生成{names[args.notice]}：{files[0]}")
    if len(files) > 1:
        print(f"另为 {len(files) - 1} 个单位各生成一份（附各自任务清单）：{args.per_unit}")
    return 0


def add_export_commands(sub: Any) -> None:
    s = sub.add_parser("export", help="导出考核评分表（Excel）或通知（Word 公文）")
    s.set_defaults(func=cmd_export)
    es = s.add_subparsers(dest="export_kind", metavar="种类", required=True)
    a = es.add_parser("scores", help="考核评分表（汇总排名表 + 每个单位的评分表）")
    a.add_argument("period", metavar="PERIOD", help="2021Q1，或 2021（年度）")
    a.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    a.add_argument("--date", type=parse_date, help="汇总表上的制表日期，如 2021-04-20（默认今天）")
    a.add_argument("--plan", type=int)
    a = es.add_parser("notice", help="报送通知 report、催报通知 remind、考核通报 result")
    a.add_argument("notice", choices=("report", "remind", "result"))
    a.add_argument("period", metavar="PERIOD")
    a.add_argument("--out", required=True, help="输出的 .docx 文件")
    a.add_argument("--per-unit", metavar="DIR", help="报送通知：另为每个单位生成一份，附该单位的任务清单")
    a.add_argument("--date", type=parse_date, help="成文日期（默认今天）")
    a.add_argument("--number", help="发文字号，如 青政办函〔2021〕12号（默认按设置的前缀留空编号）")
    a.add_argument("--new-deadline", type=parse_date, help="催报通知：补报截止日期（默认 3 个工作日后）")
    a.add_argument("--plan", type=int)
