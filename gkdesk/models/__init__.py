"""ORM tables. Importing this package registers every table on ``Base.metadata``.

Later tables (reporting periods, reports, evidence, rubrics, scores) go in their own modules
here (e.g. ``report.py``, ``review.py``) and are exported below, each with its own migration.
"""

from gkdesk.models.base import NAMING_CONVENTION, Base, UTCDateTime, utcnow
from gkdesk.models.plan import ROLES, Plan, Task, TaskUnit
from gkdesk.models.unit import ChangeLog, Unit, UnitAlias, UnitGroupMember

__all__ = [
    "NAMING_CONVENTION",
    "ROLES",
    "Base",
    "ChangeLog",
    "Plan",
    "Task",
    "TaskUnit",
    "UTCDateTime",
    "Unit",
    "UnitAlias",
    "UnitGroupMember",
    "utcnow",
]
