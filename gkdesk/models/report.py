"""Quarterly reporting: periods, the files and hand entries that arrive, reports and their evidence.

A report is one unit's answer on one task in one period. Nothing is overwritten: a newer
submission adds a new report row and marks the older one not current, so the history stays.
Exactly one report per (period, task, unit) is current; a partial unique index enforces it,
which also stops two staff on a shared database from both saving a "current" answer.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false, func, true
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gkdesk.models.base import Base, utcnow


class Period(Base):
    """One quarter of a plan, with its reporting deadline; a closed period refuses changes."""

    __tablename__ = "periods"
    __table_args__ = (
        UniqueConstraint("plan_id", "quarter"),
        CheckConstraint("quarter BETWEEN 1 AND 4", name="quarter"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    year: Mapped[int]
    quarter: Mapped[int]
    deadline: Mapped[date]
    closed: Mapped[bool] = mapped_column(default=False, server_default=false())
    opened_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    closed_at: Mapped[datetime | None]
    # The 报送通知 as last issued, cited by the 催报通知 and the 考核通报.
    notice_number: Mapped[str] = mapped_column(String(100), default="", server_default="")
    notice_date: Mapped[date | None]

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def __repr__(self) -> str:
        return f"Period(id={self.id!r}, plan_id={self.plan_id!r}, code={self.code!r})"


class Submission(Base):
    """One returned file (or one hand entry) accepted for a unit; reports point back to it."""

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # "file" | "manual"
    file_name: Mapped[str] = mapped_column(String(500), default="", server_default="")
    sha256: Mapped[str] = mapped_column(String(64), default="", server_default="", index=True)
    received_on: Mapped[date]
    entered_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    entered_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    rows: Mapped[int] = mapped_column(default=0, server_default=sql_text("0"))


class Report(Base):
    __tablename__ = "reports"
    __table_args__ = (
        Index(
            "uq_reports_current",
            "period_id",
            "task_id",
            "unit_id",
            unique=True,
            sqlite_where=sql_text("is_current"),
            postgresql_where=sql_text("is_current"),
        ),
        Index("ix_reports_period_unit", "period_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"))
    # A task removed by a re-import (--prune) takes its reports with it; that is the user's explicit ask.
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(20), default="", server_default="")
    progress: Mapped[str] = mapped_column(Text, default="", server_default="")
    problems: Mapped[str] = mapped_column(Text, default="", server_default="")
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    evidence: Mapped[str] = mapped_column(Text, default="", server_default="")
    remarks: Mapped[str] = mapped_column(Text, default="", server_default="")
    received_on: Mapped[date]
    version: Mapped[int] = mapped_column(default=1, server_default=sql_text("1"))
    is_current: Mapped[bool] = mapped_column(default=True, server_default=true())
    superseded_at: Mapped[datetime | None]

    submission: Mapped[Submission] = relationship()
    files: Mapped[list[EvidenceFile]] = relationship(
        back_populates="report",
        order_by="EvidenceFile.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class EvidenceFile(Base):
    """A 佐证材料 file, stored once under its sha256 in the evidence folder; the original name is kept."""

    __tablename__ = "evidence_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]

    report: Mapped[Report] = relationship(back_populates="files")
