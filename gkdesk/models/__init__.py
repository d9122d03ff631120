"""ORM tables. Importing this package registers every table on ``Base.metadata``.

Each module holds one area's tables (plan, unit, report, settings, …); every schema change
comes with its own Alembic migration.
"""

from gkdesk.models.base import NAMING_CONVENTION, Base, UTCDateTime, utcnow
from gkdesk.models.plan import ROLES, Plan, Task, TaskUnit
from gkdesk.models.report import EvidenceFile, Period, Report, Submission
from gkdesk.models.review import PlanRubric, ScoreEntry, ScoreSnapshot
from gkdesk.models.settings import OfficeSetting
from gkdesk.models.unit import ChangeLog, Unit, UnitAlias, UnitGroupMember

__all__ = [
    "NAMING_CONVENTION",
    "ROLES",
    "Base",
    "ChangeLog",
    "EvidenceFile",
    "OfficeSetting",
    "Period",
    "Plan",
    "PlanRubric",
    "Report",
    "ScoreEntry",
    "ScoreSnapshot",
    "Submission",
    "Task",
    "TaskUnit",
    "UTCDateTime",
    "Unit",
    "UnitAlias",
    "UnitGroupMember",
    "utcnow",
]
