"""A work plan (工作要点) as imported, its numbered tasks, and which units each task names."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gkdesk.models.base import Base, utcnow

if TYPE_CHECKING:
    from gkdesk.models.unit import Unit

ROLES = ("lead", "co")


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(500))
    source_name: Mapped[str] = mapped_column(String(500))
    # Lets an import notice that the very same file was imported before.
    source_sha256: Mapped[str] = mapped_column(String(64), index=True)
    layout: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    tasks: Mapped[list[Task]] = relationship(
        back_populates="plan", order_by="Task.seq", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Plan(id={self.id!r}, year={self.year!r}, title={self.title!r})"


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int]
    label: Mapped[str] = mapped_column(String(50))
    section: Mapped[str] = mapped_column(String(1000))  # chapter path joined with " / "
    title: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(String(500))
    deadline_date: Mapped[date | None]

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(
        back_populates="task",
        order_by="(TaskUnit.position, TaskUnit.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"Task(id={self.id!r}, plan_id={self.plan_id!r}, seq={self.seq!r}, label={self.label!r})"


class TaskUnit(Base):
    """One unit named on one task, as lead (牵头) or co (配合), in the order the document prints them."""

    __tablename__ = "task_units"
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id", "role"),
        CheckConstraint("role IN ('lead', 'co')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    # RESTRICT: a unit still named on a task must be merged or re-pointed, never silently dropped.
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    printed_name: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(default=0, server_default=sql_text("0"))

    task: Mapped[Task] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship(back_populates="task_links")

    def __repr__(self) -> str:
        return f"TaskUnit(task_id={self.task_id!r}, unit_id={self.unit_id!r}, role={self.role!r})"
