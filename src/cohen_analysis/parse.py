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

__all__ = ["parse_count", "fail", "text", "cells", "counts", "numbers", "booleans", "choices", "dates", "periods", "lists",
           "Figure", "figure", "figures", "wholes", "date_range"]


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
    start = parsed.map(lambda v: v[0] if pd.api.types.is_list_like(v) else pd.NA).astype("Int64")
    end = parsed.map(lambda v: v[1] if pd.api.types.is_list_like(v) else pd.NA).astype("Int64")
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


# ---- added for prisoners: figures stated with words ("up to 200,000", "150,000-200,000", "1,300+"),
# ---- and confidence grades as stated ("high (2 sources)", "medium-low")

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphen ... minus, small/fullwidth
_SPACES = "\u00a0\u2007\u2009\u202f"  # no-break, figure, thin, narrow no-break spaces
_QUALIFIER_WORDS = {
    "about": ["about", "around", "approximately", "approx.", "approx", "roughly", "some", "an estimated",
              "estimated", "nearly", "almost", "circa", "ca.", "c.", "~", "\u2248"],
    "up to": ["up to", "as many as", "at most", "no more than", "\u2264", "<="],
    "less than": ["less than", "fewer than", "under", "below", "<"],
    "more than": ["more than", "over", "above", "in excess of", ">"],
    "at least": ["at least", "no fewer than", "no less than", "a minimum of", "\u2265", ">="],
}
#: prefix words, longest first so that "no more than" wins over "more than"
_PREFIXES = sorted(((w, q) for q, words in _QUALIFIER_WORDS.items() for w in words), key=lambda p: -len(p[0]))
#: every qualifier :func:`stated` gives
QUALIFIERS = ["exact", "about", "range", "about range", "up to", "less than", "more than", "at least"]
_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "mn": 1_000_000, "million": 1_000_000}
_SNUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:\.\d+)?"
_SMULT = r"(?:\s*(?P<{name}>k|thousand|mn|million)\b)?"
_ONE = re.compile(rf"^(?P<n>{_SNUM}){_SMULT.format(name='m')}(?P<plus>\s*\+)?$", re.IGNORECASE)
_RANGE = re.compile(rf"^(?P<between>between\s+)?(?P<a>{_SNUM}){_SMULT.format(name='ma')}\s*(?P<sep>-|to\b|and\b)\s*"
                    rf"(?P<b>{_SNUM}){_SMULT.format(name='mb')}$", re.IGNORECASE)


@dataclass(frozen=True)
class Stated:
    """A figure as a source words it: ``low`` and ``high`` are the bounds the statement implies
    (``"up to 200,000"``: high only; ``"about 130,000"``: neither; ``"150,000"``: both), ``point``
    the single figure stated (None for a range)."""

    qualifier: str
    low: float | int | None
    high: float | int | None
    point: float | int | None


def _stated_number(text: str, mult: str | None, *, integer: bool) -> float | int:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text) or (mult is None and integer and re.fullmatch(r"\d{1,3}\.\d{3}", text)):
        text = text.replace(".", "")  # "80.000" / "1.300.000": dots as thousands separators
    value = float(text.replace(",", "")) * (_MULTIPLIERS[mult.lower()] if mult else 1)
    if integer:
        if not value.is_integer():
            raise ValueError(f"not a whole number: {text!r}")
        return int(value)
    return value


def stated(text: str, *, integer: bool = True) -> Stated:
    """Read a figure as a source states it: ranges with any dash, ``to`` or ``between ... and``;
    thousands separators (``150,000``, ``80.000``, thin or no-break spaces); ``k``, ``thousand``,
    ``million``; a trailing ``+``; qualifier words or signs in front (``up to``, ``more than``,
    ``>``, ``at least``, ``about``, ``~``, ``c.``). ValueError for anything else.

    >>> stated("150,000-200,000")
    Stated(qualifier='range', low=150000, high=200000, point=None)
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        raise ValueError("figure is missing")
    raw = str(text)
    s = raw.strip().strip("\"'\u2018\u2019\u201c\u201d").strip().translate({ord(c): "-" for c in _DASHES})
    s = re.sub(rf"(?<=\d)[ {_SPACES}](?=\d{{3}}\b)", "", s)  # "150 000": join the groups first
    s = re.sub(r"\s+", " ", s.translate({ord(c): " " for c in _SPACES})).strip()
    if not s:
        raise ValueError("figure is empty")
    qualifier = None
    for word, qual in _PREFIXES:
        rest = s[len(word):]
        # a word prefix must end at a word boundary ("over 1" yes, "overall" no)
        if s.lower().startswith(word) and not (word[-1].isalpha() and rest[:1].isalpha()):
            qualifier, s = qual, rest.strip()
            break
    m = _RANGE.match(s)
    if m:
        if qualifier not in (None, "about"):
            raise ValueError(f"a range cannot be qualified as {qualifier!r}: {raw!r}")
        if (m["sep"].lower() == "and") != bool(m["between"]):
            raise ValueError(f"'between' needs 'and' (and 'and' needs 'between'): {raw!r}")
        low = _stated_number(m["a"], m["ma"] or m["mb"], integer=integer)  # "150-200k": both in thousands
        high = _stated_number(m["b"], m["mb"], integer=integer)
        if low > high:
            raise ValueError(f"range runs backwards ({low} > {high}): {raw!r}")
        return Stated("about range" if qualifier == "about" else "range", low, high, None)
    m = _ONE.match(s)
    if not m:
        raise ValueError(f"not a figure, a qualified figure or a range: {raw!r}")
    value = _stated_number(m["n"], m["m"], integer=integer)
    if m["plus"]:
        if qualifier not in (None, "at least"):
            raise ValueError(f"'+' contradicts {qualifier!r}: {raw!r}")
        qualifier = "at least"
    qualifier = qualifier or "exact"
    low = value if qualifier in ("exact", "more than", "at least") else None
    high = value if qualifier in ("exact", "up to", "less than") else None
    return Stated(qualifier, low, high, value)


def stated_figures(frame: pd.DataFrame, column: str, *, file, integer: bool = True, required: bool = True,
                   values: pd.Series | None = None) -> pd.DataFrame:
    """A column of stated figures -> a frame of qualifier (string), low, high, point (Int64, or
    Float64 when not ``integer``); the first bad cell names its row. ``values``: the text to read
    in place of the column (e.g. with a unit sign taken off), errors still naming ``column``."""
    source = frame if values is None else pd.DataFrame({column: values}, index=frame.index)
    parsed = cells(source, column, lambda v: stated(v, integer=integer), file=file, dtype=object,
                   what="malformed figure", required=required)
    dtype = "Int64" if integer else "Float64"
    out = pd.DataFrame({"qualifier": parsed.map(lambda p: p.qualifier if isinstance(p, Stated) else pd.NA)},
                       index=frame.index).astype("string")
    for part in ("low", "high", "point"):
        out[part] = pd.array([getattr(p, part) if isinstance(p, Stated) else None for p in parsed], dtype=dtype)
    return out



# ---- added for defectors: dates as the MOU's announcements are dated ("end-2009", "end-Nov-2009", "Nov-2015")

_ENDED = re.compile(r"(?P<end>end-)?(?:(?P<month>[A-Za-z]{3,9})-)?(?P<year>\d{4})")


def _stated(value: str) -> tuple[pd.Timestamp, str]:
    m = _ENDED.fullmatch(value)
    if not m:
        return _press(value)
    start, precision = _press(f"{m['month']} {m['year']}" if m["month"] else m["year"])
    if not m["end"]:
        return start, precision
    return start + (pd.offsets.MonthEnd(0) if precision == "month" else pd.offsets.YearEnd(0)), "day"


def dates_stated(frame: pd.DataFrame, column: str, *, file, required: bool = False) -> tuple[pd.Series, pd.Series]:
    """Like ``dates(..., iso=False)``, plus ``'Mon-YYYY'`` (precision month) and ``'end-YYYY'`` /
    ``'end-Mon-YYYY'``: the last day of the year or month, precision day."""
    parsed = cells(frame, column, _stated, file=file, dtype=object, what="bad date", required=required)
    date = pd.to_datetime(parsed.map(lambda v: v[0] if isinstance(v, tuple) else pd.NaT)).astype("datetime64[ns]")
    return date, parsed.map(lambda v: v[1] if isinstance(v, tuple) else pd.NA).astype("string")
# ---- added for cases and refugees

_GRADE = re.compile(r"^(?P<grade>low-medium|medium-low|medium-high|high-medium|low|medium|high)\b\s*(?P<rest>.*)$",
                    re.S | re.I)
_GRADE_ALIASES = {"medium-low": "low-medium", "high-medium": "medium-high"}


def confidence(frame: pd.DataFrame, column: str, *, file, required: bool = True) -> tuple[pd.Series, pd.Series]:
    """A confidence as rated -> (its leading grade, what qualifies it).

    ``'high'`` -> ('high', <NA>); ``'Medium (names are from the press)'`` -> ('medium', 'names are
    from the press'); ``'high (release); medium (detention day)'`` -> ('high', '(release); medium
    (detention day)'). 'medium-low' is read as the catalog's 'low-medium' (and 'high-medium' as
    'medium-high'). Returns text series; the declaration makes the grade the ordered
    ``confidence`` category.
    """
    stated = text(frame, column, file=file, required=required)
    parts = stated.str.replace("\u2013", "-").str.replace(" - ", "-").str.extract(_GRADE)
    fail(stated.notna() & parts["grade"].isna(),
         lambda v: f"unknown confidence {v!r}: it must begin with low, low-medium, medium, medium-high or high",
         file=file, column=column, values=stated)
    balanced = parts["rest"].fillna("").map(lambda r: _depths(r)[-1] == 0 and min(_depths(r)) >= 0).astype(bool)
    fail(stated.notna() & ~balanced, lambda v: f"unknown confidence {v!r}: its note has unbalanced brackets",
         file=file, column=column, values=stated)
    grade = parts["grade"].str.lower().replace(_GRADE_ALIASES).astype("string")
    rest = parts["rest"].astype("string").str.strip().map(_unwrap, na_action="ignore").astype("string")
    return grade, rest.mask(rest == "")


def _depths(text: str) -> list[int]:
    """The bracket depth after each character of ``text`` (0 at the start)."""
    depth, out = 0, [0]
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        out.append(depth)
    return out


def _unwrap(note: str) -> str:
    """``'(2+ sources)'`` -> ``'2+ sources'``; ``'(release); medium (day)'`` stays as it is."""
    if not (note.startswith("(") and note.endswith(")")):
        return note
    depth = 0
    for i, ch in enumerate(note):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(note) - 1:
            return note
    return note[1:-1].strip()


def years(frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """The first and last four-digit year written in a label -> Int64 (<NA> where there is none).

    ``'2005-2009 (Sep)'`` -> (2005, 2009); ``'mid-1990s'`` -> (1990, 1990); ``'2020 to 2025-10'`` -> (2020, 2025).
    """
    found = frame[column].astype("string").str.extractall(r"(?<!\d)(\d{4})(?!\d)")[0].astype(int).groupby(level=0)
    return found.min().reindex(frame.index).astype("Int64"), found.max().reindex(frame.index).astype("Int64")


_QUALIFIED = (r"^(?P<q>about|approximately|around|more than|at least|up to|as many as|fewer than|close to|an estimated)?"
              r"\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<post>\s+or fewer)?$")


def qualified(frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """A count with its qualifying words -> (qualifier, count); <NA> both where the cell is not one figure.

    ``'about 1,400'`` -> ('about', 1400); ``'300 or fewer'`` -> ('or fewer', 300); ``'1,000'`` ->
    (<NA>, 1000); ``'25 claims (42 people)'`` -> (<NA>, <NA>).
    """
    parts = frame[column].astype("string").str.strip().str.extract(_QUALIFIED)
    qualifier = parts["q"].astype("string").fillna(parts["post"].astype("string").str.strip())
    count = pd.to_numeric(parts["n"].str.replace(",", ""), errors="raise").astype("Int64")
    return qualifier, count
