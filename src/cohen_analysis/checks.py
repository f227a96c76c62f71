"""The integrity checks every dataset passes when it is built: its key, its size, bounds and year spans.

They come from the dataset's declaration (:meth:`cohen_analysis.catalog.Spec.checks`): the
primary key (no two rows may share it), the fewest rows it may have, the bounds of its numeric
fields and the plausible span of its year and date fields. A frame that breaks
one raises :class:`~cohen_analysis.errors.DataError` naming the raw file, the row and the column;
the row is the raw file's line when the frame carries it (a ``raw_line`` column, or an index of
raw lines as :func:`cohen_analysis.io.read_raw_csv` gives it), else the processed row and its key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import DataError


@dataclass(frozen=True)
class Checks:
    """What one dataset must satisfy."""

    name: str
    key: tuple[str, ...]
    min_rows: int
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    years: dict[str, tuple[int, int | str]] = field(default_factory=dict)
    file: str | None = None
    raw: dict = field(default_factory=dict, compare=False, repr=False)


def _last_year(bound: int | str) -> int:
    return dt.date.today().year if bound == "today" else int(bound)


def _raw_file(raw_dir, relative: str) -> Path:
    """``relative`` under ``raw_dir``, or what ``raw_dir`` (a function: a step's ``Raw.path``) maps it to."""
    return raw_dir(relative) if callable(raw_dir) else Path(raw_dir) / relative


class _Locator:
    """Names the raw file and row behind a processed row."""

    def __init__(self, frame: pd.DataFrame, file, raw_dir: Path, key: tuple[str, ...]):
        self.frame, self.file, self.raw_dir, self.key = frame, file, raw_dir, key
        self.lines = frame.index.name == "line" and pd.api.types.is_integer_dtype(frame.index)

    def error(self, message: str, pos: int, column: str) -> DataError:
        row_data = self.frame.iloc[pos]
        file = self.file
        if "raw_file" in self.frame.columns and isinstance(row_data["raw_file"], str) and row_data["raw_file"]:
            file = _raw_file(self.raw_dir, row_data["raw_file"])
        if "raw_line" in self.frame.columns and not pd.isna(row_data["raw_line"]):
            return DataError(message, file=file, row=int(row_data["raw_line"]), column=column)
        if self.lines:
            return DataError(message, file=file, row=int(self.frame.index[pos]), column=column)
        ident = ", ".join(f"{k}={_shown(row_data[k])}" for k in self.key if k in self.frame.columns and not pd.isna(row_data[k]))
        return DataError(f"{message} (the row with {ident})", file=file, column=column)


def _shown(value) -> str:
    """A cell as a message shows it: text quoted, numbers and dates plain."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def _positions(mask: pd.Series) -> list[int]:
    return [i for i, bad in enumerate(mask.fillna(False).tolist()) if bad]


def apply(checks: Checks, frame: pd.DataFrame, *, file, raw_dir: Path) -> None:
    name = checks.name
    if checks.file:
        file = _raw_file(raw_dir, checks.file)
    declared = list(checks.key) + list(checks.ranges) + list(checks.years)
    missing = [c for c in declared if c not in frame.columns]
    if missing:
        raise DataError(f"dataset '{name}': checks name column {missing[0]!r}, which the dataset does not have", column=missing[0])
    where = _Locator(frame, file, raw_dir, checks.key)

    if len(frame) < checks.min_rows:
        raise DataError(
            f"holds {len(frame)} data row(s) for dataset '{name}', which needs at least {checks.min_rows}; "
            "has the file lost rows?",
            file=file,
        )

    keyed = frame[list(checks.key)].astype("string").fillna("<missing>")
    dup = keyed.duplicated(keep="first")
    if dup.any():
        pos = _positions(dup)[0]
        values = tuple(keyed.iloc[pos])
        first = next(i for i in range(pos) if tuple(keyed.iloc[i]) == values)
        first_row = where.error("", first, checks.key[0]).row
        at = f" (first seen on row {first_row})" if first_row is not None else ""
        shown = ", ".join(f"{k}={v!r}" for k, v in zip(checks.key, values))
        raise where.error(f"duplicate row: {shown} appears twice{at}; the key of '{name}' is {list(checks.key)}", pos, checks.key[0])

    for column, (low, high) in checks.ranges.items():
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            raise DataError(f"dataset '{name}': column {column!r} has a range but is not numeric ({series.dtype})", column=column)
        bad = (series < low) | (series > high)
        if bad.fillna(False).any():
            pos = _positions(bad)[0]
            raise where.error(f"value {series.iloc[pos]} is outside the range declared for it, {low} to {high}", pos, column)

    for column, (first, last) in checks.years.items():
        series = frame[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            years = series.dt.year
        elif pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            years = series
        else:
            raise DataError(f"dataset '{name}': column {column!r} has a year span but holds neither years nor dates ({series.dtype})", column=column)
        last_year = _last_year(last)
        bad = (years < first) | (years > last_year)
        if bad.fillna(False).any():
            pos = _positions(bad)[0]
            span = f"{first} to {last_year}" + (" (this year)" if last == "today" else "")
            raise where.error(f"year {int(years.iloc[pos])} is outside the plausible span {span}", pos, column)
