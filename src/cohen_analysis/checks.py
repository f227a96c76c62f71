"""Integrity checks declared per dataset in ``checks.yaml``, applied whenever a dataset is built.

Each dataset declares its key (no two rows may share it), the fewest rows it may have, a range
for every numeric column and a plausible span for its year and date columns. A frame that breaks
one raises :class:`~cohen_analysis.errors.DataError` naming the raw file, the row and the column;
the row is the raw file's line when the frame carries it (a ``raw_line`` column, or an index of
raw lines as :func:`cohen_analysis.io.read_raw_csv` gives it), else the processed row and its key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .errors import DataError

log = logging.getLogger(__name__)
CHECKS_FILE = Path(__file__).resolve().with_name("checks.yaml")
_FIELDS = {"key", "min_rows", "ranges", "years", "file"}


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

    @property
    def digest(self) -> str:
        """A hash of this declaration (editing it marks only this dataset stale)."""
        return hashlib.sha256(json.dumps(self.raw, sort_keys=True, default=str).encode()).hexdigest()


def _bad(message: str, name: str, column: str | None = None) -> DataError:
    return DataError(f"dataset '{name}': {message}", file=CHECKS_FILE, column=column)


@lru_cache(maxsize=None)
def _declarations(text: str) -> dict[str, Checks]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", file=CHECKS_FILE) from None
    if not isinstance(data, dict):
        raise DataError("must map dataset names to their checks", file=CHECKS_FILE)
    out = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            raise _bad("checks must be a mapping", name)
        unknown = set(entry) - _FIELDS
        if unknown:
            raise _bad(f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}", name, sorted(unknown)[0])
        named = list(entry.get("key") or []) + list(entry.get("ranges") or {}) + list(entry.get("years") or {})
        odd = [c for c in named if not isinstance(c, str)]
        if odd:  # YAML reads a bare yes/no as a boolean: quote such column names
            raise _bad(f"column name {odd[0]!r} is not text; quote it", name, str(odd[0]))
        key = entry.get("key")
        if not key or not isinstance(key, list):
            raise _bad("needs a key (a list of columns)", name, "key")
        min_rows = entry.get("min_rows")
        if not isinstance(min_rows, int) or isinstance(min_rows, bool) or min_rows < 1:
            raise _bad("needs min_rows, a whole number of at least 1", name, "min_rows")
        ranges = {}
        for column, bounds in (entry.get("ranges") or {}).items():
            if not (isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, (int, float)) for b in bounds) and bounds[0] <= bounds[1]):
                raise _bad("a range is [lowest, highest]", name, column)
            ranges[column] = (bounds[0], bounds[1])
        years = {}
        for column, bounds in (entry.get("years") or {}).items():
            ok = isinstance(bounds, list) and len(bounds) == 2 and isinstance(bounds[0], int)
            ok = ok and (bounds[1] == "today" or (isinstance(bounds[1], int) and bounds[0] <= bounds[1]))
            if not ok:
                raise _bad("a year span is [first, last] with last a year or 'today'", name, column)
            years[column] = (bounds[0], bounds[1])
        out[name] = Checks(name, tuple(key), min_rows, ranges, years, entry.get("file"), entry)
    return out


def declarations() -> dict[str, Checks]:
    """Every dataset's checks, as declared in ``checks.yaml``."""
    return _declarations(CHECKS_FILE.read_text(encoding="utf-8"))


def for_dataset(name: str, columns: list[str] | None = None) -> Checks:
    """``name``'s declared checks; for a dataset not declared yet, the least: one row, no two rows alike."""
    from . import catalog

    if name in catalog.specs():
        return catalog.spec(name).checks()
    decl = declarations()
    if name in decl:
        return decl[name]
    if columns is None:
        from . import registry

        columns = list(registry.get(name).columns)
    log.warning("dataset %r declares no checks in %s: only 'at least one row, no two rows alike' apply", name, CHECKS_FILE.name)
    return Checks(name, tuple(columns), 1, raw={"undeclared": list(columns)})


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


def apply(name: str, frame: pd.DataFrame, *, file, raw_dir: Path) -> None:
    """Check ``frame`` (a cleaner's output, before its index is reset) against ``name``'s declaration."""
    _apply(for_dataset(name, list(frame.columns)), frame, file=file, raw_dir=raw_dir)


def _apply(checks: Checks, frame: pd.DataFrame, *, file, raw_dir: Path) -> None:
    name = checks.name
    if checks.file:
        file = _raw_file(raw_dir, checks.file)
    declared = list(checks.key) + list(checks.ranges) + list(checks.years)
    missing = [c for c in declared if c not in frame.columns]
    if missing:
        raise _bad(f"checks name column {missing[0]!r}, which the dataset does not have", name, missing[0])
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
            raise _bad(f"column {column!r} has a range but is not numeric ({series.dtype})", name, column)
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
            raise _bad(f"column {column!r} has a year span but holds neither years nor dates ({series.dtype})", name, column)
        last_year = _last_year(last)
        bad = (years < first) | (years > last_year)
        if bad.fillna(False).any():
            pos = _positions(bad)[0]
            span = f"{first} to {last_year}" + (" (this year)" if last == "today" else "")
            raise where.error(f"year {int(years.iloc[pos])} is outside the plausible span {span}", pos, column)
