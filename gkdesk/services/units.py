"""The unit register: resolve printed names to units, aliases, groups, merging, ordering.

A printed name resolves by exact name, then alias, else it becomes a new unit. Two differently
printed names are never merged unless the user says so (``merge_units``); ``suggest_aliases``
only points at likely pairs.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from gkdesk.db import Database
from gkdesk.errors import ConflictError, NotFoundError
from gkdesk.models import (
    ChangeLog,
    Report,
    ScoreEntry,
    Submission,
    TaskUnit,
    Unit,
    UnitAlias,
    UnitGroupMember,
)
from gkdesk.models.base import utcnow
from gkdesk.records import AliasSuggestion, MergeReport, UnitRow
from gkdesk.services.names import looks_like_group, name_key


class UnitResolver:
    """Resolves printed names within one unit of work, creating units the register lacks."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_name: dict[str, Unit] = {u.name: u for u in session.scalars(select(Unit))}
        self.by_alias: dict[str, Unit] = {
            a.alias: a.unit for a in session.scalars(select(UnitAlias).options(selectinload(UnitAlias.unit)))
        }
        self.created: list[str] = []
        self._next_order = max((u.sort_order for u in self.by_name.values()), default=0) + 1

    def resolve(self, printed: str) -> Unit:
        name = printed.strip()
        unit = self.by_name.get(name) or self.by_alias.get(name)
        if unit is None:
            unit = Unit(name=name, is_group=looks_like_group(name), sort_order=self._next_order)
            self._next_order += 1
            self.session.add(unit)
            self.by_name[name] = unit
            self.created.append(name)
        return unit


def find_unit(session: Session, name: str) -> Unit:
    """The unit called ``name`` or known by it as an alias; ``NotFoundError`` otherwise."""
    unit = session.scalar(select(Unit).where(Unit.name == name))
    if unit is None:
        unit = session.scalar(select(Unit).join(UnitAlias).where(UnitAlias.alias == name))
    if unit is None:
        raise NotFoundError(
            f"单位名册中没有“{name}”。请在“单位”页（或命令 gkdesk units）查看已有单位。", name=name
        )
    return unit


def log_change(session: Session, action: str, detail: str, who: str = "") -> None:
    session.add(ChangeLog(action=action, detail=detail, who=who))


def list_units(db: Database) -> list[UnitRow]:
    with db.unit_of_work(read_only=True) as uow:
        s = uow.session
        counts = dict(
            s.execute(
                select(TaskUnit.unit_id, func.count(func.distinct(TaskUnit.task_id))).group_by(
                    TaskUnit.unit_id
                )
            ).all()
        )
        units = s.scalars(
            select(Unit)
            .options(selectinload(Unit.aliases), selectinload(Unit.members))
            .order_by(Unit.sort_order, Unit.id)
        ).all()
        return [
            UnitRow(
                id=u.id,
                name=u.name,
                short_name=u.short_name,
                category=u.category,
                sort_order=u.sort_order,
                active=u.active,
                is_group=u.is_group,
                aliases=tuple(a.alias for a in u.aliases),
                members=tuple(m.name for m in u.members),
                tasks=counts.get(u.id, 0),
            )
            for u in units
        ]


def add_alias(db: Database, alias: str, unit_name: str) -> None:
    """Record that documents printing ``alias`` mean ``unit_name``."""
    alias = alias.strip()
    with db.unit_of_work() as uow:
        s = uow.session
        unit = find_unit(s, unit_name)
        if alias == unit.name:
            raise ConflictError(f"“{alias}”就是该单位的名称，不需要再设为别名。")
        clash = s.scalar(select(Unit).where(Unit.name == alias))
        if clash is not None:
            raise ConflictError(
                f"“{alias}”已是名册中的一个单位。若它们是同一单位，"
                f"可在“单位”页用“合并单位”（或命令 gkdesk units merge “{alias}” “{unit.name}”）合并。"
            )
        existing = s.scalar(select(UnitAlias).where(UnitAlias.alias == alias))
        if existing is not None:
            if existing.unit_id == unit.id:
                return
            raise ConflictError(f"“{alias}”已是“{existing.unit.name}”的别名。")
        s.add(UnitAlias(alias=alias, unit_id=unit.id))
        log_change(s, "unit.alias", f"{alias} → {unit.name}")
        uow.commit()


def merge_units(db: Database, source: str, target: str, *, dry_run: bool = False) -> MergeReport:
    """Move every link of ``source`` onto ``target``; ``source``'s name becomes an alias.

    ``dry_run`` reports what would move and stores nothing (shown before the user confirms).
    A real merge is preceded by a safety copy of a SQLite file (``Database.backup_before``): it
    cannot be undone from within the program.
    """
    if not dry_run:
        db.backup_before("merge")
    with db.unit_of_work() as uow:
        s = uow.session
        src, dst = find_unit(s, source), find_unit(s, target)
        if src.id == dst.id:
            raise ConflictError(f"“{source}”和“{target}”已经是同一个单位。")
        dst_links = {t.task_id: t for t in s.scalars(select(TaskUnit).where(TaskUnit.unit_id == dst.id))}
        moved = dropped = 0
        for link in s.scalars(select(TaskUnit).where(TaskUnit.unit_id == src.id)).all():
            other = dst_links.get(link.task_id)
            if other is None:
                link.unit_id = dst.id
                dst_links[link.task_id] = link
                moved += 1
                continue
            if link.role == "lead" and other.role == "co":
                other.role = "lead"  # the task named both: the stronger role wins
            s.delete(link)
            dropped += 1
        aliases = s.scalars(select(UnitAlias).where(UnitAlias.unit_id == src.id)).all()
        for a in aliases:
            a.unit_id = dst.id
        groups = _move_group_links(s, src.id, dst.id)
        _move_reports(s, src.id, dst.id)
        name = src.name
        s.flush()
        s.delete(src)
        s.flush()
        s.add(UnitAlias(alias=name, unit_id=dst.id))
        log_change(s, "unit.merge", f"{name} → {dst.name}：关联 {moved} 条，重复 {dropped} 条")
        report = MergeReport(name, dst.name, moved, dropped, len(aliases) + 1, groups)
        if not dry_run:
            uow.commit()
        return report


def _move_reports(s: Session, src: int, dst: int) -> None:
    """Reports and submissions follow the unit; where both sent one on a task, the later stays current."""
    kept = {
        (r.period_id, r.task_id): r
        for r in s.scalars(select(Report).where(Report.unit_id == dst, Report.is_current))
    }
    for r in s.scalars(select(Report).where(Report.unit_id == src, Report.is_current)):
        other = kept.get((r.period_id, r.task_id))
        if other is not None:
            older = other if (other.received_on, other.id) < (r.received_on, r.id) else r
            older.is_current = False
            older.superseded_at = utcnow()
    s.flush()
    s.execute(update(Report).where(Report.unit_id == src).values(unit_id=dst))
    s.execute(update(Submission).where(Submission.unit_id == src).values(unit_id=dst))
    s.execute(update(ScoreEntry).where(ScoreEntry.unit_id == src).values(unit_id=dst))


def _move_group_links(s: Session, src: int, dst: int) -> int:
    rows = s.scalars(
        select(UnitGroupMember).where((UnitGroupMember.group_id == src) | (UnitGroupMember.member_id == src))
    ).all()
    existing = {(r.group_id, r.member_id) for r in s.scalars(select(UnitGroupMember))}
    moved = 0
    for r in rows:
        pair = (dst if r.group_id == src else r.group_id, dst if r.member_id == src else r.member_id)
        s.delete(r)
        if pair[0] != pair[1] and pair not in existing:
            existing.add(pair)
            s.add(UnitGroupMember(group_id=pair[0], member_id=pair[1]))
            moved += 1
    return moved


def set_group_members(db: Database, group: str, members: list[str]) -> int:
    """Make ``group`` stand for ``members`` (added to what it already has); returns the member count."""
    with db.unit_of_work() as uow:
        s = uow.session
        g = find_unit(s, group)
        resolver = UnitResolver(s)
        current = {m.id for m in g.members}
        for name in members:
            m = resolver.resolve(name)
            s.flush()
            if m.id == g.id:
                raise ConflictError(f"“{group}”不能是它自己的成员。")
            if m.id not in current:
                s.add(UnitGroupMember(group_id=g.id, member_id=m.id))
                current.add(m.id)
        g.is_group = True
        log_change(s, "unit.group", f"{g.name}：{'、'.join(members)}")
        uow.commit()
        return len(current)


def remove_group_members(db: Database, group: str, members: list[str]) -> int:
    """Take ``members`` out of ``group``; returns how many members it keeps.

    A group left without members reports for itself again (see ``obligations``).
    """
    with db.unit_of_work() as uow:
        s = uow.session
        g = find_unit(s, group)
        ids = {find_unit(s, name).id for name in members}
        current = {m.id for m in g.members}
        missing = ids - current
        if missing:
            names = "、".join(m.name for m in s.scalars(select(Unit).where(Unit.id.in_(missing))))
            raise ConflictError(f"“{names}”不是“{g.name}”的成员。")
        for row in s.scalars(
            select(UnitGroupMember).where(
                UnitGroupMember.group_id == g.id, UnitGroupMember.member_id.in_(ids)
            )
        ):
            s.delete(row)
        log_change(s, "unit.ungroup", f"{g.name}：去掉 {'、'.join(members)}")
        uow.commit()
        return len(current - ids)


def update_unit(
    db: Database,
    name: str,
    *,
    category: str | None = None,
    order: int | None = None,
    short_name: str | None = None,
) -> None:
    with db.unit_of_work() as uow:
        s = uow.session
        u = find_unit(s, name)
        if category is not None:
            u.category = category.strip()
        if order is not None:
            u.sort_order = order
        if short_name is not None:
            u.short_name = short_name.strip()
        log_change(s, "unit.set", f"{u.name}：类别={u.category} 排序={u.sort_order} 简称={u.short_name}")
        uow.commit()


def suggest_aliases(db: Database) -> list[AliasSuggestion]:
    """Pairs of registered units whose names look like 简称 and 全称 of one unit."""
    with db.unit_of_work(read_only=True) as uow:
        names = uow.session.scalars(select(Unit.name).order_by(Unit.sort_order, Unit.id)).all()
    by_key: dict[str, list[str]] = defaultdict(list)
    for n in names:
        by_key[name_key(n)].append(n)
    out: list[AliasSuggestion] = []
    for group in by_key.values():
        first = group[0]
        for other in group[1:]:
            out.append(AliasSuggestion(first, other, "简称与全称的常见对应"))
    return out
