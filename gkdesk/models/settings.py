"""Office-wide settings kept in the database, so every computer sharing it prints the same notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from gkdesk.models.base import Base, utcnow


class OfficeSetting(Base):
    """Office-wide settings (names on notices, holidays, 红黄绿 thresholds), shared by all its users."""

    __tablename__ = "office_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())
    updated_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
