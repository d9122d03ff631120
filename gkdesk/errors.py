"""Error types. A ``UserError`` carries a clear Chinese message meant for office staff.

Anything that is the user's doing (a bad file, a missing unit name, a locked file) is a
``UserError`` with a code; anything else is a bug and surfaces as an ordinary exception.
"""

from __future__ import annotations

from typing import Any


class GkdeskError(Exception):
    """Base class of every error gkdesk raises on purpose."""


class UserError(GkdeskError):
    """A problem the user can fix; ``message`` is shown as is (Chinese)."""

    code: str = "user_error"

    def __init__(self, message: str, *, code: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params = params

    def __str__(self) -> str:
        return self.message


class BadFileError(UserError):
    """A document that cannot be read: missing, wrong format, corrupt, empty."""

    code = "bad_file"


class PasswordRequiredError(BadFileError):
    """An encrypted Office file; the caller may ask for the password and try again."""

    code = "password_required"


class NoTasksError(BadFileError):
    """A readable document in which no task could be found."""

    code = "no_tasks"


class NotFoundError(UserError):
    """A plan, unit or other record named by the user does not exist."""

    code = "not_found"


class ConflictError(UserError):
    """The request contradicts what is stored (e.g. merging a unit into itself)."""

    code = "conflict"


class DatabaseBusyError(UserError):
    """Another program holds the database's write lock longer than the busy timeout."""

    code = "db_busy"


class DatabaseDamagedError(UserError):
    """The SQLite file is corrupt; the message names the newest backup to restore."""

    code = "db_damaged"


class ClosedPeriodError(ConflictError):
    """A change was asked of a closed reporting period."""

    code = "period_closed"


class CancelledError(GkdeskError):
    """The user cancelled long work; whatever it had started is undone."""

    def __init__(self) -> None:
        super().__init__("已取消")
