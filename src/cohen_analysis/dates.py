"""Dates of partial precision, as sources state them.

Sources give dates to the day ("14 Sep 1981", "2016-12-06"), to the month ("Sep 1990",
"2016-12") or to the year ("2001"), sometimes approximate ("c. 1990", "~1998") or flagged as
worked out rather than read in a source ("14 Sep 1981 (derived)"). A date is stored as the first
day of its period plus a precision, so that "Sep 1990" is 1990-09-01 with precision ``month``:
never read such a date as the first of the month.

API
---
``parse_partial_date(text) -> PartialDate``
    One date. Raises :class:`ValueError` for anything it cannot read (ranges such as
    "19-20 Jul 2001", decades, seasons, unknown qualifiers, impossible days).
``cohen_analysis.parse.dates(frame, column, file=..., iso=False)``
    A whole raw column in these forms -> (date, precision), naming the row of a bad cell.
``PartialDate.span()``, ``PartialDate.compare(day)``
    The first and last day the date may stand for, and whether it lies wholly ``before``,
    wholly ``after`` or ``overlaps`` a given day: a year-precision "1991" neither precedes
    nor follows 17 Sep 1991.

Accepted forms (case-insensitive, surrounding spaces ignored)::

    14 Sep 1981 | 14 Sept. 1981 | 14 September 1981 | Sep 14, 1981 | 1981-09-14     -> day
    Sep 1981 | September 1981 | 1981-09                                            -> month
    1981                                                                           -> year

with an optional leading ``c.``/``ca.``/``circa``/``~``/``about`` (qualifier ``approximate``)
and an optional trailing ``(derived)``/``(inferred)`` (qualifier ``derived``) or
``(approximate)``/``(approx.)`` (qualifier ``approximate``). Only one qualifier per date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import pandas as pd


Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[str, ...] = ("day", "month", "year")
QUALIFIERS: tuple[str, ...] = ("derived", "approximate")

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_YEAR = r"(?P<year>\d{4})"
_DAY = r"(?P<day>\d{1,2})"

_FORMS: list[tuple[re.Pattern, Precision]] = [
    (re.compile(rf"^{_YEAR}-(?P<mnum>\d{{2}})-(?P<day>\d{{2}})$"), "day"),
    (re.compile(rf"^{_YEAR}-(?P<mnum>\d{{2}})$"), "month"),
    (re.compile(rf"^{_DAY}\s+{_MONTH}\s+{_YEAR}$"), "day"),
    (re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$"), "day"),
    (re.compile(rf"^{_MONTH}\s+{_YEAR}$"), "month"),
    (re.compile(rf"^{_YEAR}$"), "year"),
]
#: Years a datetime64[ns] column can hold (pandas' bounds, 1677-09-21 to 2262-04-11, whole years only).
MIN_YEAR, MAX_YEAR = pd.Timestamp.min.year + 1, pd.Timestamp.max.year - 1
_PREFIX = re.compile(r"^(?:c\.|ca\.|circa\b|about\b|approx\.|~)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*\((?P<word>[^()]*)\)\s*$")
_SUFFIX_WORDS = {"derived": "derived", "inferred": "derived", "approximate": "approximate", "approx.": "approximate"}


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year.

    ``date`` is the first day of the period for month and year precision. ``qualifier`` is
    ``"derived"`` (worked out, not read in a source), ``"approximate"`` or ``None``.
    """

    date: dt.date
    precision: Precision
    qualifier: str | None = None

    def span(self) -> tuple[dt.date, dt.date]:
        """First and last day the date may stand for."""
        d = self.date
        if self.precision == "day":
            return d, d
        if self.precision == "month":
            return d, d.replace(day=calendar.monthrange(d.year, d.month)[1])
        return d, d.replace(month=12, day=31)

    def compare(self, day: dt.date) -> Literal["before", "after", "overlaps"]:
        """``before``/``after`` if the whole period lies before/after ``day``, else ``overlaps``."""
        if isinstance(day, (pd.Timestamp, dt.datetime)):
            day = day.date()
        first, last = self.span()
        if last < day:
            return "before"
        if first > day:
            return "after"
        return "overlaps"

    def label(self) -> str:
        """``"14 Sep 1981"``, ``"Sep 1990"`` or ``"2001"``, as a chart would print it."""
        d = self.date
        return {"day": f"{d.day} {d:%b %Y}", "month": f"{d:%b %Y}", "year": f"{d:%Y}"}[self.precision]

    @property
    def timestamp(self) -> pd.Timestamp:
        return pd.Timestamp(self.date)


def _month_number(name: str) -> int:
    number = _MONTHS.get(name.lower().rstrip("."))
    if number is None:
        raise ValueError(f"unknown month name {name!r}")
    return number


def parse_partial_date(text: str) -> PartialDate:
    """Read one date as a source states it; see the module docstring for the accepted forms."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        raise ValueError("date is missing")
    original = str(text)
    s = " ".join(original.replace("\u00a0", " ").split())
    if not s:
        raise ValueError("date is missing")
    qualifiers = []
    suffix = _SUFFIX.search(s)
    if suffix:
        word = suffix.group("word").strip().lower()
        if word not in _SUFFIX_WORDS:
            raise ValueError(f"unknown qualifier ({suffix.group('word')}) in date {original!r}")
        qualifiers.append(_SUFFIX_WORDS[word])
        s = s[: suffix.start()].strip()
    prefix = _PREFIX.match(s)
    if prefix:
        qualifiers.append("approximate")
        s = s[prefix.end() :].strip()
    if len(qualifiers) > 1:
        raise ValueError(f"more than one qualifier in date {original!r}")
    for pattern, precision in _FORMS:
        m = pattern.match(s)
        if not m:
            continue
        groups = m.groupdict()
        year = int(groups["year"])
        if groups.get("mnum"):
            month = int(groups["mnum"])
        elif groups.get("month"):
            month = _month_number(groups["month"])
        else:
            month = 1
        day = int(groups["day"]) if groups.get("day") else 1
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"year {year} in {original!r} is outside what a date column can hold ({MIN_YEAR}-{MAX_YEAR})")
        try:
            date = dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"impossible date {original!r}: {exc}") from None
        return PartialDate(date, precision, qualifiers[0] if qualifiers else None)
    raise ValueError(f"cannot read {original!r} as a date (expected e.g. '14 Sep 1981', 'Sep 1981', '1981' or '1981-09-14')")


def partial_date_of(date, precision, qualifier=None) -> PartialDate:
    """Rebuild a :class:`PartialDate` from a tidy frame's ``date`` and ``precision`` cells."""
    if pd.isna(date):
        raise ValueError("date is missing")
    q = None if qualifier is None or pd.isna(qualifier) else str(qualifier)
    return PartialDate(pd.Timestamp(date).date(), str(precision), q)
