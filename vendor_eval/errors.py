"""The project's error types: every failure a user can fix names the place to fix it."""

from __future__ import annotations


class VendorEvalError(Exception):
    """Base of every error a user can act on; the CLI exits 2, the app shows it inline."""


class InputError(VendorEvalError):
    """Bad user input: a file, a form field or a CLI argument, located as precisely as known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column/field '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class NotFoundError(VendorEvalError):
    """A named thing (project, vendor, profile) does not exist."""


class PermissionDeniedError(VendorEvalError):
    """The acting user's role does not allow the action."""


class StaleWriteError(VendorEvalError):
    """Someone else changed the row since it was read; the write was refused."""
