"""The one error type for bad input: it names the file, the row and the column."""

from __future__ import annotations

import os
from pathlib import Path

from . import paths
from .paths import relative


def _where(file) -> str:
    """``file`` relative to the project root, naming a symbolic link itself rather than its target."""
    plain = Path(os.path.abspath(file))
    try:
        return plain.relative_to(paths.PROJ_ROOT).as_posix()
    except ValueError:
        return relative(file)


class DataError(ValueError):
    """Bad input data.

    ``row`` is the line number in the file as a text editor shows it (the header is line 1,
    the first data row line 2); ``None`` when the problem is not tied to one row.
    """

    def __init__(self, message: str, *, file=None, row: int | None = None, column: str | None = None):
        self.message = message
        self.file = _where(file) if file is not None else None
        self.row = row
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message

    def __reduce__(self):  # keeps the error picklable (multiprocessing, papermill)
        return (_rebuild, (self.message, self.file, self.row, self.column))


def _rebuild(message, file, row, column):
    err = DataError(message, row=row, column=column)
    err.file = file
    return err
