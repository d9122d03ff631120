"""The unit register (单位名册): units, the names documents print for them, groups, and the change log."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, false, func, true
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gkdesk.models.base import Base, utcnow

if TYPE_CHECKING:
    from gkdesk.models.plan import TaskUnit


class Unit(Base):
    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    category: Mapped[str] = mapped_column(String(50), default="", server_default="")  # 县市区, 市直部门 …
    sort_order: Mapped[int] = mapped_column(default=0, server_default=sql_text("0"))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # A group (e.g. 各县市区人民政府) stands for its members when a task names it.
    is_group: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", order_by="UnitAlias.id", cascade="all, delete-orphan", passive_deletes=True
    )
    members: Mapped[list[Unit]] = relationship(
        secondary="unit_group_members",
        primaryjoin="Unit.id == UnitGroupMember.group_id",
        secondaryjoin="Unit.id == UnitGroupMember.member_id",
        order_by="(Unit.sort_order, Unit.id)",
        back_populates="groups",
    )
    groups: Mapped[list[Unit]] = relationship(
        secondary="unit_group_members",
        primaryjoin="Unit.id == UnitGroupMember.member_id",
        secondaryjoin="Unit.id == UnitGroupMember.group_id",
        order_by="(Unit.sort_order, Unit.id)",
        back_populates="members",
    )
    # Read-only: deleting a unit that tasks still name must fail in the database, not null them out.
    task_links: Mapped[list[TaskUnit]] = relationship(back_populates="unit", viewonly=True)

    def __repr__(self) -> str:
        return f"Unit(id={self.id!r}, name={self.name!r})"


class UnitAlias(Base):
    """Another name a document prints for a unit (简称, an old name, a typo seen before)."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")

    def __repr__(self) -> str:
        return f"UnitAlias(alias={self.alias!r}, unit_id={self.unit_id!r})"


class UnitGroupMember(Base):
    __tablename__ = "unit_group_members"

    group_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ChangeLog(Base):
    """Who changed what, when: one row per user-visible change, written by the services."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now(), index=True)
    who: Mapped[str] = mapped_column(String(100), default="", server_default="")
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text, default="", server_default="")
