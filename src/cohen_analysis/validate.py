"""Parsing and validation helpers used by every cleaner.

They take a frame (or a column) whose index is the raw file's line number and raise
:class:`~cohen_analysis.errors.DataError` naming the file, the row and the column of the first
offending value. Frames go in and come out, so cleaning reads as a ``.pipe()`` chain.
"""

from __future__ import annotations

import re
from typing import Iterable

import pandas as pd
import pandera.pandas as pa

from .errors import DataError

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$|^[+-]?\d+(\.\d+)?$")


#: The largest magnitude a count may have: it must survive a 64-bit integer column exactly.
INT64_MAX = 2**63 - 1


def parse_count(value: str) -> int | None:
    """``"1,234"`` -> 1234; ``""`` -> None. Raises ValueError for anything else.

    The digits are read as an exact integer (never through a float, which would turn
    9007199254740993 into 9007199254740992); a decimal part must be zero ("12.0"); exponents
    ("1e18") are refused; a value beyond a 64-bit integer is refused.
    """
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text == "":
        return None
    if not _THOUSANDS.match(text):
        raise ValueError(f"not a number: {value!r}")
    whole, _, fraction = text.replace(",", "").partition(".")
    if fraction.strip("0"):
        raise ValueError(f"not a whole number: {value!r}")
    number = int(whole)
    if abs(number) > INT64_MAX:
        raise ValueError(f"too large for a count: {value!r}")
    return number


def to_counts(
    frame: pd.DataFrame,
    columns: Iterable[str],
    *,
    file,
    allow_missing: bool = True,
    minimum: int | None = 0,
    maximum: int | None = None,
) -> pd.DataFrame:
    """Parse text counts with thousands separators into nullable integers, column by column.

    A count below ``minimum`` (0 unless told: counts are never negative) or above ``maximum``
    raises :class:`DataError` naming the file, the row and the column.
    """
    out = frame.copy()
    for column in columns:
        parsed = []
        for line, value in frame[column].items():
            try:
                number = parse_count(value)
            except ValueError as exc:
                raise DataError(f"non-numeric count: {exc}", file=file, row=int(line), column=column) from None
            if number is None and not allow_missing:
                raise DataError("count is missing", file=file, row=int(line), column=column)
            if number is not None and minimum is not None and number < minimum:
                raise DataError(f"count {number} is below the smallest allowed, {minimum}", file=file, row=int(line), column=column)
            if number is not None and maximum is not None and number > maximum:
                raise DataError(f"count {number} is above the largest allowed, {maximum}", file=file, row=int(line), column=column)
            parsed.append(number)
        out[column] = pd.array(parsed, dtype="Int64")
    return out


def require_values(frame: pd.DataFrame, column: str, allowed: Iterable[str], *, file) -> pd.DataFrame:
    """Every value of ``column`` must be one of ``allowed``."""
    allowed = set(allowed)
    for line, value in frame[column].items():
        if value not in allowed:
            raise DataError(
                f"unknown value {value!r}; expected one of {sorted(allowed)}", file=file, row=int(line), column=column
            )
    return frame


def require_unique(frame: pd.DataFrame, columns: list[str] | str, *, file) -> pd.DataFrame:
    """No two rows share the same value(s) in ``columns``."""
    cols = [columns] if isinstance(columns, str) else list(columns)
    dup = frame.duplicated(subset=cols, keep="first")
    if dup.any():
        line = int(dup[dup].index[0])
        key = tuple(frame.loc[line, cols]) if len(cols) > 1 else frame.loc[line, cols[0]]
        first = int(frame.index[(frame[cols] == frame.loc[line, cols]).all(axis=1)][0])
        raise DataError(f"duplicate value {key!r} (first seen on row {first})", file=file, row=line, column=cols[0])
    return frame


def require_nonempty(frame: pd.DataFrame, columns: Iterable[str], *, file) -> pd.DataFrame:
    for column in columns:
        blank = frame[column].astype("string").fillna("").str.strip() == ""
        if blank.any():
            raise DataError("value is missing", file=file, row=int(blank[blank].index[0]), column=column)
    return frame


def check_schema(frame: pd.DataFrame, schema: pa.DataFrameSchema, *, file, line_column: str | None = None) -> pd.DataFrame:
    """Validate ``frame`` with a pandera schema and re-raise failures as :class:`DataError`.

    The row reported is the frame's index value (the raw file's line number), or the value of
    ``line_column`` when the tidy frame carries the raw line in a column. All failures are
    collected (lazy validation); the message names the first and counts the rest.
    """
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        column = first.get("column")
        index = first.get("index")
        row = None
        if index is not None and not pd.isna(index):
            row = int(frame.loc[index, line_column]) if line_column else int(index)
        check = first.get("check")
        value = first.get("failure_case")
        more = f" ({len(cases) - 1} more failure(s))" if len(cases) > 1 else ""
        raise DataError(
            f"fails check {check!r} with value {value!r}{more}",
            file=file,
            row=row,
            column=None if column is None or pd.isna(column) else str(column),
        ) from None
