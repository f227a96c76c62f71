"""The one set of parsers every step uses: counts, figures as printed, periods, dates with precision.

Each takes a column of a raw frame (text cells, index = the raw file's line number, as
:meth:`cohen_analysis.registry.Raw.read` gives it) and returns a typed series with the same
index. The first bad cell raises :class:`~cohen_analysis.errors.DataError` naming the file, its
row and the column.

    arrivals = parse.counts(raw, "men", file=path, required=True)
    date, precision = parse.dates(raw, "date", file=path)      # ISO 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'
    start, end = parse.periods(raw, "period", file=path)        # '2002', '1999-2001', '~1998'

Dates compiled for this project are written in ISO 8601 / EDTF level 0 (``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``) and read with the ``edtf`` package, which also gives their precision; the
press's forms ("14 Sep 1981", "end-2009") are read by :func:`cohen_analysis.dates.parse_partial_date`
through ``dates(..., iso=False)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable

import pandas as pd

from .errors import DataError
from .validate import parse_count

__all__ = ["fail", "text", "cells", "counts", "numbers", "booleans", "choices", "dates", "periods", "lists",
           "Figure", "figure", "figures", "wholes", "date_range"]


def fail(mask: pd.Series, message: str | Callable[[object], str], *, file, column: str, values: pd.Series | None = None) -> None:
    """Raise DataError at the first row where ``mask`` is True (``message`` may take the cell)."""
    mask = mask.fillna(False).astype(bool)
    if mask.any():
        line = mask[mask].index[0]
        cell = (values if values is not None else pd.Series(dtype=object)).get(line)
        text = message(cell) if callable(message) else message
        raise DataError(text, file=file, row=int(line), column=column)


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype("string").str.strip() == "")


def text(frame: pd.DataFrame, columns: str | Iterable[str], *, file=None, required: bool = False):
    """Text cells as ``string`` dtype, stripped, empty cells as <NA> (one column -> a Series)."""
    single = isinstance(columns, str)
    out = {}
    for col in [columns] if single else columns:
        series = frame[col].astype("string").str.strip()
        if required:
            fail(series.isna() | (series == ""), "value is missing", file=file, column=col)
        out[col] = series.mask(series == "")
    return out[columns] if single else pd.DataFrame(out, index=frame.index)


def cells(frame: pd.DataFrame, column: str, parser: Callable[[str], object], *, file, dtype, what: str,
          required: bool = False) -> pd.Series:
    """Apply ``parser`` to each distinct non-empty cell; a ValueError names the first bad row."""
    series = frame[column].astype("string").str.strip()
    blank = series.isna() | (series == "")
    if required:
        fail(blank, "value is missing", file=file, column=column)
    parsed = {}
    for line, value in series[~blank].items():
        if value in parsed:
            continue
        try:
            parsed[value] = parser(value)
        except ValueError as exc:
            raise DataError(f"{what}: {exc}", file=file, row=int(line), column=column) from None
    # map over objects: a string Series maps tuples to lists (pandas 3), which the callers do not expect
    return pd.Series(series.astype(object).map(parsed).where(~blank), index=frame.index).astype(dtype)


def counts(frame: pd.DataFrame, column: str, *, file, required: bool = False, minimum: int | None = 0,
           maximum: int | None = None) -> pd.Series:
    """Whole numbers as printed ("1,234"; never through a float) -> Int64."""
    out = cells(frame, column, parse_count, file=file, dtype="Int64", what="non-numeric count", required=required)
    if minimum is not None:
        fail(out < minimum, lambda v: f"count {v} is below the smallest allowed, {minimum}", file=file, column=column, values=out)
    if maximum is not None:
        fail(out > maximum, lambda v: f"count {v} is above the largest allowed, {maximum}", file=file, column=column, values=out)
    return out


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _number(value: str) -> float:
    if not _NUMBER.match(value):
        raise ValueError(f"not a number: {value!r}")
    return float(value.replace(",", ""))


def numbers(frame: pd.DataFrame, column: str, *, file, required: bool = False) -> pd.Series:
    """Decimal numbers as printed ("1,234.5") -> Float64."""
    return cells(frame, column, _number, file=file, dtype="Float64", what="not a number", required=required)


_BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "y": True, "n": False}


def booleans(frame: pd.DataFrame, column: str, *, file, required: bool = False) -> pd.Series:
    """yes/no (or true/false) -> boolean; empty cells <NA> unless ``required``."""

    def one(value: str) -> bool:
        try:
            return _BOOLEANS[value.lower()]
        except KeyError:
            raise ValueError(f"expected yes or no, found {value!r}") from None

    return cells(frame, column, one, file=file, dtype="boolean", what="not yes/no", required=required)


def choices(frame: pd.DataFrame, column: str, allowed: Iterable[str], *, file, required: bool = True) -> pd.Series:
    """Text cells that must each be one of ``allowed`` -> string."""
    allowed = list(allowed)
    series = text(frame, column, file=file, required=required)
    fail(series.notna() & ~series.isin(allowed), lambda v: f"unknown value {v!r}; expected one of {allowed}",
         file=file, column=column, values=series)
    return series


def _edtf(value: str) -> tuple[pd.Timestamp, str]:
    import edtf

    try:
        parsed = edtf.parse_edtf(value)
    except Exception:  # the edtf package raises its own exception types
        parsed = None
    precision = getattr(parsed, "precision", None)
    if precision not in ("day", "month", "year") or not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = parsed.lower_strict()[:3]
    return pd.Timestamp(year, month, day).as_unit("ns"), precision  # out of the datetime64[ns] range: a ValueError that names the row


def _press(value: str) -> tuple[pd.Timestamp, str]:
    from .dates import parse_partial_date

    parsed = parse_partial_date(value)
    if parsed.qualifier:
        raise ValueError(f"date {value!r} is {parsed.qualifier}; this column takes plain dates")
    return parsed.timestamp, parsed.precision


def dates(frame: pd.DataFrame, column: str, *, file, iso: bool = True, required: bool = False) -> tuple[pd.Series, pd.Series]:
    """Dates -> (datetime64[ns] of the first day of the period, precision: day / month / year).

    ``iso`` (the default): only ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` (read with ``edtf``);
    otherwise the press's forms too ("14 Sep 1981", "Sep 1981").
    """
    parsed = cells(frame, column, _edtf if iso else _press, file=file, dtype=object, what="bad date", required=required)
    date = pd.to_datetime(parsed.map(lambda v: v[0] if isinstance(v, tuple) else pd.NaT)).astype("datetime64[ns]")
    precision = parsed.map(lambda v: v[1] if isinstance(v, tuple) else pd.NA).astype("string")
    return date, precision


_PERIOD = re.compile(r"^(?:~(?P<upto>\d{4})|(?P<start>\d{4})\s*[-–]\s*(?P<end>\d{4})|(?P<year>\d{4}))$")


def period(value: str, *, open_start: int | None = None) -> tuple[int, int]:
    """``'2002'`` -> (2002, 2002); ``'1999-2001'`` -> (1999, 2001); ``'~1998'`` -> (open_start, 1998)."""
    m = _PERIOD.match(value.strip())
    if not m or (m["upto"] and open_start is None):
        forms = "'YYYY' or 'YYYY-YYYY'" + (" or '~YYYY'" if open_start is not None else "")
        raise ValueError(f"period {value!r} is not {forms}")
    if m["upto"]:
        start, end = open_start, int(m["upto"])
    elif m["year"]:
        start = end = int(m["year"])
    else:
        start, end = int(m["start"]), int(m["end"])
    if end < start:
        raise ValueError(f"period {value!r} ends before it starts")
    return start, end


def periods(frame: pd.DataFrame, column: str, *, file, open_start: int | None = None, required: bool = True
            ) -> tuple[pd.Series, pd.Series]:
    """Periods -> (first year, last year) as Int64 (see :func:`period`)."""
    parsed = cells(frame, column, lambda v: period(v, open_start=open_start), file=file, dtype=object,
                   what="bad period", required=required)
    start = parsed.map(lambda v: v[0] if isinstance(v, tuple) else pd.NA).astype("Int64")
    end = parsed.map(lambda v: v[1] if isinstance(v, tuple) else pd.NA).astype("Int64")
    return start, end


def lists(frame: pd.DataFrame, column: str, *, file=None, sep: str = ";", pattern: str | None = None) -> pd.Series:
    """``'a; b'`` -> ``['a', 'b']`` (an empty cell -> ``[]``); each item must match ``pattern`` if given."""
    items = frame[column].fillna("").astype(str).map(lambda cell: [p.strip() for p in cell.split(sep) if p.strip()])
    if pattern is not None:
        rx = re.compile(pattern)
        bad = items.map(lambda xs: next((x for x in xs if not rx.fullmatch(x)), None))
        fail(bad.notna(), lambda v: f"malformed item {v!r}", file=file, column=column, values=bad)
    return items


# ---- figures as printed: "~1,234", ">65%", "$12.5M", "14,589 (12.4%)", "A (outlet) / B (outlet)" ----


@dataclass(frozen=True)
class Figure:
    """A number as a source printed it."""

    value: Decimal | None  # None: empty cell or not a usable number (e.g. "~133,3xx")
    approximate: bool = False  # "~" or digits masked ("xx")
    percent: bool = False  # the value itself is a percentage ("3.9%")
    share_pct: Decimal | None = None  # a percentage in brackets after a count ("14,589 (12.4%)")
    lower_bound: bool = False  # ">65%"
    alternative: Decimal | None = None  # "A (outlet) / B (outlet)": B

    def whole(self) -> int | None:
        """The figure as a count; ValueError for a percentage or a fraction."""
        if self.value is None:
            return None
        if self.percent:
            raise ValueError(f"expected a count, found a percentage ({self.value}%)")
        if self.value != self.value.to_integral_value():
            raise ValueError(f"expected a whole number, found {self.value}")
        return int(self.value)


_NUM = r"[\d,]+(?:\.\d+)?"
_FIGURE = re.compile(
    rf"^(?P<bound>>)?(?P<approx>~)?(?P<cur>\$)?(?P<num>{_NUM})(?P<mult>M)?(?P<pct>%)?"
    rf"(?:\s*\((?P<papprox>~)?(?P<share>{_NUM})%\)|\s*\((?P<label>[^()%]*)\))?$"
)
_MASKED = re.compile(r"^~?[\d,]*\d,?\d*x+$")


def _decimal(num: str) -> Decimal:
    if "," in num and not re.match(r"^\d{1,3}(,\d{3})+(\.\d+)?$", num):
        raise ValueError(f"badly placed thousands separator in {num!r}")
    return Decimal(num.replace(",", ""))


def figure(text: str, *, allow_alternative: bool = False) -> Figure:
    """One printed figure (see :class:`Figure`); ValueError when it is not one."""
    raw = str(text).strip()
    if raw == "":
        return Figure(None)
    if allow_alternative and " / " in raw:
        a, b = (figure(part) for part in raw.split(" / ", 1))
        return Figure(a.value, a.approximate or b.approximate, a.percent, a.share_pct, a.lower_bound, b.value)
    if _MASKED.match(raw):
        return Figure(None, approximate=True)
    m = _FIGURE.match(raw)
    if not m:
        raise ValueError(f"not a figure: {raw!r}")
    value = _decimal(m["num"]) * (Decimal(1_000_000) if m["mult"] else 1)
    share = _decimal(m["share"]) if m["share"] else None
    return Figure(value, bool(m["approx"]), bool(m["pct"]), share, bool(m["bound"]))


def figures(frame: pd.DataFrame, column: str, *, file, allow_alternative: bool = False) -> pd.Series:
    """A column of printed figures -> a Series of :class:`Figure` (empty cells: ``Figure(None)``)."""
    out = cells(frame, column, lambda v: figure(v, allow_alternative=allow_alternative), file=file, dtype=object,
                what="bad figure")
    return out.map(lambda v: v if isinstance(v, Figure) else Figure(None))


def wholes(figs: pd.Series, *, file, column: str) -> pd.Series:
    """The counts of a Series of figures -> Int64 (a percentage or a fraction names its row)."""
    values = {}
    for line, fig in figs.items():
        try:
            values[line] = fig.whole()
        except ValueError as exc:
            raise DataError(str(exc), file=file, row=int(line), column=column) from None
    return pd.Series(values, index=figs.index, dtype="object").astype("Int64")


def date_range(text: str) -> tuple[pd.Timestamp, str, pd.Timestamp, str]:
    """``2000-11-30..12-02``, ``1985-09-20..23``, ``2005-08-15..2007``, ``2006-03`` ->
    (start, its precision, end, its precision); the end inherits the start's missing parts."""
    raw = str(text).strip()
    if ".." not in raw:
        start, prec = _edtf(raw)
        return start, prec, start, prec
    left, right = (p.strip() for p in raw.split("..", 1))
    start, sprec = _edtf(left)
    parts = left.split("-")
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", right):
        end_text = right
    elif re.fullmatch(r"\d{2}-\d{2}", right) and len(parts) == 3:
        end_text = f"{parts[0]}-{right}"
    elif re.fullmatch(r"\d{2}", right) and len(parts) == 3:
        end_text = f"{parts[0]}-{parts[1]}-{right}"
    else:
        raise ValueError(f"cannot read the end of the date range {raw!r}")
    end, eprec = _edtf(end_text)
    if end < start:
        raise ValueError(f"date range ends before it starts: {raw!r}")
    return start, sprec, end, eprec


# ---- added for families

_CONFIDENCE = re.compile(r"^(?P<grade>[A-Za-z]+(?:-[A-Za-z]+)?)\s*(?:\((?P<note>[^()]*)\))?$")
_CONFIDENCE_ALIASES = {"medium-low": "low-medium", "high-medium": "medium-high"}


def confidences(frame: pd.DataFrame, column: str, *, file, required: bool = False) -> tuple[pd.Series, pd.Series]:
    """Confidence as the raw files write it -> (grade of the catalog's ``confidence`` vocabulary, note).

    ``'high (2 sources)'`` -> ``('high', '2 sources')``; ``'medium-low'`` -> ``('low-medium', <NA>)``.
    An unknown grade names its row.
    """
    from .catalog import vocabulary

    grades = vocabulary("confidence")
    cells_ = text(frame, column, file=file, required=required)
    parts = cells_.str.extract(_CONFIDENCE)
    grade = parts["grade"].str.lower().replace(_CONFIDENCE_ALIASES).astype("string")
    fail(cells_.notna() & ~grade.isin(grades).fillna(False),
         lambda v: f"unknown confidence {v!r}; expected one of {grades}, optionally with a note in brackets",
         file=file, column=column, values=cells_)
    note = parts["note"].str.strip().astype("string")
    return grade, note.mask(note == "")
