"""Scoring: each plan's rubric, the office's manual score entries, and frozen scores of closed periods."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Numeric, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from gkdesk.models.base import Base, utcnow


class PlanRubric(Base):
    """The plan's own copy of the rubric (JSON), made from the default when first needed."""

    __tablename__ = "plan_rubrics"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_by: Mapped[str] = mapped_column(String(100), default="", server_default="")


class ScoreEntry(Base):
    """A manual score: a deduction or addition on an item, a 加分, a 扣分 or a 单项否决, with its reason."""

    __tablename__ = "score_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    item: Mapped[str] = mapped_column(String(20))  # item code, or bonus / penalty / veto
    points: Mapped[float] = mapped_column(Numeric(6, 2, asdecimal=False))
    reason: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(100), default="", server_default="")
    at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())


class ScoreSnapshot(Base):
    """The scores of a period as they stood when it was closed (JSON); a closed period's scores never move."""

    __tablename__ = "score_snapshots"

    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[str] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
