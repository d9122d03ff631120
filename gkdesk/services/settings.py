"""Office-wide settings, stored in the database so every computer on a shared database agrees.

Each setting has a default, a type and a Chinese label; ``set_setting`` accepts text as typed on
the command line or in the window and converts it, refusing what does not fit with a clear
message. Settings that belong to one computer (who is using it) stay in ``config``'s file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gkdesk.db import Database
from gkdesk.errors import UserError
from gkdesk.models import OfficeSetting
from gkdesk.records import LETTERHEAD_MODES
from gkdesk.services.units import log_change


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    label: str
    default: Any
    help: str = ""


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("office_name", "发文机关（办公室名称）", "", "印在通知落款和表头，如 青禾市人民政府办公室"),
    SettingSpec("doc_prefix", "发文字号前缀", "", "如 青政办函"),
    SettingSpec("recipients", "主送机关", "各县（市、区）人民政府，市直各有关单位", "通知的主送机关"),
    SettingSpec("contacts", "联系人及电话", "", "如 张三，0731-1234567"),
    SettingSpec("signature", "落款", "", "留空时用发文机关名称"),
    SettingSpec(
        "letterhead_mode",
        "公文用纸",
        "red",
        "red 打印红头；preprinted 预印红头纸（留出红头位置，只打印文号）；plain 不印红头",
    ),
    SettingSpec(
        "letterhead",
        "红头（发文机关标志）",
        "",
        "如 青禾市人民政府办公室文件；留空时用发文机关名称",
    ),
    SettingSpec("copy_to", "抄送", "", "版记中的抄送机关；留空则不印版记"),
    SettingSpec("send_method", "报送方式", "通过政务内网邮箱报送", "报送通知中写明的报送方式"),
    SettingSpec("status_yellow_days", "黄灯提前天数", 15, "完成时限前多少天内未完成亮黄灯"),
    SettingSpec("status_not_started", "“未启动”显示为", "yellow", "yellow 或 red"),
    SettingSpec("holidays", "补充法定节假日", [], "日期列表，用于日历库尚未收录的年份，如 2027-01-01"),
    SettingSpec("workdays", "补充调休上班日", [], "周末调休上班的日期列表"),
    SettingSpec("max_text_length", "单元格文字上限（字）", 3000, "回收报送表时超过此长度的内容被拒收"),
)
BY_KEY = {s.key: s for s in SPECS}


def defaults() -> dict[str, Any]:
    return {s.key: s.default for s in SPECS}


def get_settings(db: Database) -> dict[str, Any]:
    """Every office setting: stored values over the defaults (values of the wrong type are ignored)."""
    with db.unit_of_work(read_only=True) as uow:
        return settings_in(uow.session)


def settings_in(session: Session) -> dict[str, Any]:
    """``get_settings`` inside a unit of work the caller already holds."""
    stored = {row.key: row.value for row in session.scalars(select(OfficeSetting))}
    settings = defaults()
    for key, raw in stored.items():
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        spec = BY_KEY.get(key)
        if spec is None or isinstance(value, type(spec.default)):
            settings[key] = value
    return settings


def parse_value(key: str, text: str) -> Any:
    """Text typed by the user → the setting's value; ``UserError`` when it does not fit."""
    spec = BY_KEY.get(key)
    if spec is None:
        known = "、".join(BY_KEY)
        raise UserError(f"没有名为“{key}”的设置。可用的设置：{known}", code="unknown_setting", key=key)
    default = spec.default
    text = text.strip()
    if isinstance(default, bool):
        raise AssertionError("no boolean settings yet")
    if isinstance(default, int):
        try:
            value = int(text)
        except ValueError:
            raise UserError(f"“{spec.label}”应为整数，收到“{text}”。", code="bad_setting", key=key) from None
        if value < 0:
            raise UserError(f"“{spec.label}”不能为负数。", code="bad_setting", key=key)
        if key == "max_text_length" and value < 200:
            # A lower limit would refuse nearly every real report when files are collected.
            raise UserError(f"“{spec.label}”至少为 200 字。", code="bad_setting", key=key)
        return value
    if isinstance(default, list):
        items = [p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if p]
        for item in items:
            try:
                date.fromisoformat(item)
            except ValueError:
                raise UserError(
                    f"“{spec.label}”应为日期列表（YYYY-MM-DD，用逗号分隔），“{item}”不是日期。",
                    code="bad_setting",
                    key=key,
                ) from None
        return sorted(set(items))
    if key == "status_not_started" and text not in ("yellow", "red"):
        raise UserError("“未启动”显示为 yellow（黄灯）或 red（红灯）。", code="bad_setting", key=key)
    if key == "letterhead_mode" and text not in dict(LETTERHEAD_MODES):
        choices = "；".join(f"{value}（{label}）" for value, label in LETTERHEAD_MODES)
        raise UserError(f"“{spec.label}”可选：{choices}。", code="bad_setting", key=key)
    if key == "doc_prefix":
        check_doc_prefix(text)
    return text


_NOT_IN_PREFIX = re.compile(r"[\d０-９〔〕\[\]()（）【】［］{}｛｝]|号$")


def check_doc_prefix(prefix: str) -> None:
    """A 发文字号 prefix is the 机关代字 alone ("青政办函"): the year in 〔〕 and the serial are added
    when a notice is written, so a prefix with brackets or digits would print them twice."""
    if _NOT_IN_PREFIX.search(prefix):
        bare = re.split(r"[\d０-９〔\[(（【［{｛]", prefix, maxsplit=1)[0].strip()
        example = bare or "青政办函"
        raise UserError(
            f"发文字号前缀只写机关代字，如“{example}”；年份〔{date.today().year}〕和序号在生成通知时加上，"
            f"文号写作“{example}〔{date.today().year}〕18号”。",
            code="bad_setting",
            key="doc_prefix",
        )


def set_setting(db: Database, key: str, text: str, *, who: str = "") -> Any:
    """Store one setting from its typed text; returns the stored value."""
    value = parse_value(key, text)
    with db.unit_of_work() as uow:
        row = uow.session.get(OfficeSetting, key)
        encoded = json.dumps(value, ensure_ascii=False)
        if row is None:
            uow.session.add(OfficeSetting(key=key, value=encoded, updated_by=who))
        else:
            row.value = encoded
            row.updated_by = who
        log_change(uow.session, "setting", f"{key} = {encoded}", who)
        uow.commit()
    return value
