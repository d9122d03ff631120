"""``TaskDraft``: a task as one layout reads it, before the plan gives it its sequence number."""

from __future__ import annotations

from dataclasses import dataclass, field

from gkdesk.records import NoteUnits


@dataclass(slots=True)
class TaskDraft:
    label: str
    section: str
    title: str
    text: str
    units: NoteUnits = field(default_factory=NoteUnits)
    deadline: str | None = None
    value: int = 0  # the label's numeric value, for gap warnings
    sibling_key: str = ""  # tasks under one parent share it, for gap warnings
