"""The one set of parsers every step uses: counts, figures as printed, periods, dates with precision.

Each takes a column of a raw frame (text cells, index = the raw file's line number, as
:meth:`cohen_analysis.registry.Raw.read` gives it) and returns a typed series with the same
index. The first bad cell raises :class:`~cohen_analysis.errors.DataError` naming the file, its
row and the column.

    arrivals = parse.counts(raw, "men", file=path, required=True)
    date, precision = parse.dates(raw, "date", file=path)      # ISO 'YYYY', 'YYYY-MM', 'YYYY-MM-DD'
    start, end = parse.periods(raw, "period", file=path)        # '2002', '1999-2001', '~1998'
    est = parse.figures(raw, "estimate", file=path, integer=True, qualifiers=parse.QUALIFIERS)
    # -> qualifier, words, value, low, high, approximate, percent, ...: '~1,234', 'up to 200,000', '14,589 (12.4%)'

Dates compiled for this project are written in ISO 8601 / EDTF level 0 (``YYYY``, ``YYYY-MM``,
``YYYY-MM-DD``) and read with the ``edtf`` package, which also gives their precision; the
forms sources print ("14 Sep 1981", "Nov-2009", "end-2009") are read by ``dates(..., iso=False)``,
with :func:`cohen_analysis.dates.parse_partial_date`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable, Iterable

import pandas as pd

from .errors import DataError

__all__ = ["parse_count", "fail", "text", "cells", "counts", "numbers", "booleans", "choices", "dates",
           "date_range", "date_ranges", "period", "periods", "years", "lists", "confidence",
           "QUALIFIERS", "Figure", "figure", "figures"]

#: a decimal number as printed, thousands separated by commas or not ("1,234.5", "1234")
_DECIMAL = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER = re.compile(rf"[+-]?{_DECIMAL}")


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
    if not _NUMBER.fullmatch(text):
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


def _number(value: str) -> float:
    if not _NUMBER.fullmatch(value):
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


_ENDED = re.compile(r"(?P<end>end-)?(?:(?P<month>[A-Za-z]{3,9})-)?(?P<year>\d{4})")


def _stated(value: str) -> tuple[pd.Timestamp, str]:
    m = _ENDED.fullmatch(value)
    if not m:
        return _press(value)
    start, precision = _press(f"{m['month']} {m['year']}" if m["month"] else m["year"])
    if not m["end"]:
        return start, precision
    return start + (pd.offsets.MonthEnd(0) if precision == "month" else pd.offsets.YearEnd(0)), "day"


def dates(frame: pd.DataFrame, column: str, *, file, iso: bool = True, required: bool = False) -> tuple[pd.Series, pd.Series]:
    """Dates -> (datetime64[ns] of the first day of the period, precision: day / month / year).

    ``iso`` (the default): only ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` (read with ``edtf``);
    otherwise the forms sources print too: "14 Sep 1981", "Sep 1981", "Nov-2009" (precision
    month), "end-2009" and "end-Nov-2009" (the last day of the year or month, precision day).
    """
    parsed = cells(frame, column, _edtf if iso else _stated, file=file, dtype=object, what="bad date", required=required)
    return _parts(parsed, "datetime64[ns]", "string")


def _parts(parsed: pd.Series, *dtypes: str) -> tuple[pd.Series, ...]:
    """A Series of tuples (as :func:`cells` gives them) -> a Series for each place, of its dtype (<NA> where none)."""
    return tuple(parsed.map(lambda v, i=i: v[i] if isinstance(v, tuple) else None).astype(dtype) for i, dtype in enumerate(dtypes))


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
    return _parts(parsed, "Int64", "Int64")


def lists(frame: pd.DataFrame, column: str, *, file=None, sep: str = ";", pattern: str | None = None) -> pd.Series:
    """``'a; b'`` -> ``['a', 'b']`` (an empty cell -> ``[]``); each item must match ``pattern`` if given."""
    items = frame[column].fillna("").astype(str).map(lambda cell: [p.strip() for p in cell.split(sep) if p.strip()])
    if pattern is not None:
        rx = re.compile(pattern)
        bad = items.map(lambda xs: next((x for x in xs if not rx.fullmatch(x)), None))
        fail(bad.notna(), lambda v: f"malformed item {v!r}", file=file, column=column, values=bad)
    return items


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


def date_ranges(frame: pd.DataFrame, column: str, *, file, required: bool = False) -> tuple[pd.Series, ...]:
    """A column of date ranges (see :func:`date_range`) -> start, its precision, end, its precision."""
    parsed = cells(frame, column, date_range, file=file, dtype=object, what="bad date", required=required)
    return _parts(parsed, "datetime64[ns]", "string", "datetime64[ns]", "string")


# ---- dates as the MOU's announcements are dated ("end-2009", "end-Nov-2009", "Nov-2015")

# ---- confidence grades as rated ("high (2 sources)", "medium-low"), years in a label

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
    inside = _depths(note)[1:-1]
    wrapped = note.startswith("(") and note.endswith(")") and all(d > 0 for d in inside)
    return note[1:-1].strip() if wrapped else note


def years(frame: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """The first and last four-digit year written in a label -> Int64 (<NA> where there is none).

    ``'2005-2009 (Sep)'`` -> (2005, 2009); ``'mid-1990s'`` -> (1990, 1990); ``'2020 to 2025-10'`` -> (2020, 2025).
    """
    found = frame[column].astype("string").str.extractall(r"(?<!\d)(\d{4})(?!\d)")[0].astype(int).groupby(level=0)
    return found.min().reindex(frame.index).astype("Int64"), found.max().reindex(frame.index).astype("Int64")


# ---- figures as sources print or word them: "~1,234", ">65%", "$12.5M", "14,589 (12.4%)", "up to 200,000",
# ---- "150,000-200,000", "between 80,000 and 120,000", "1,300+", "300 or fewer", "A (outlet) / B (outlet)", "133,3xx"

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphen ... minus, small/fullwidth
_SPACES = "\u00a0\u2007\u2009\u202f"  # no-break, figure, thin, narrow no-break spaces
_QUALIFIER_WORDS = {
    "about": ["about", "around", "approximately", "approx.", "approx", "roughly", "some", "an estimated", "estimated",
              "nearly", "almost", "close to", "circa", "ca.", "c.", "~", "\u2248"],
    "up to": ["up to", "as many as", "at most", "no more than", "\u2264", "<="],
    "less than": ["less than", "fewer than", "under", "below", "<"],
    "more than": ["more than", "over", "above", "in excess of", ">"],
    "at least": ["at least", "no fewer than", "no less than", "a minimum of", "\u2265", ">="],
}
#: prefix words, longest first so that "no more than" wins over "more than"
_PREFIXES = sorted(((w, q) for q, words in _QUALIFIER_WORDS.items() for w in words), key=lambda p: -len(p[0]))
_SUFFIXES = {"+": "at least", "or more": "at least", "or fewer": "up to", "or less": "up to"}
#: every qualifier a figure may have; :func:`figures` takes only the first two unless told otherwise
QUALIFIERS = ["exact", "about", "range", "about range", "up to", "less than", "more than", "at least"]
_MULTIPLIERS = {"m": 1_000_000, "k": 1_000, "thousand": 1_000, "mn": 1_000_000, "million": 1_000_000}
_N = rf"\d{{1,3}}(?:\.\d{{3}}){{2,}}|{_DECIMAL}"  # "1.300.000": dots as thousands separators
_X = r"(?-i:M)|\s*(?:k|thousand|mn|million)\b"  # "$12.5M", "150k", "1.5 million"
_FIGURE = re.compile(
    rf"(?P<between>between\s+)?\$?(?:(?P<a>{_N})(?P<ax>{_X})?\s*(?P<sep>-|to\b|and\b)\s*\$?)?"
    rf"(?P<n>{_N})(?P<x>{_X})?(?P<pct>%)?(?P<suffix>\s*\+|\s+or\s+(?:more|fewer|less))?(?:\s*\(~?(?P<share>{_N})%\))?",
    re.IGNORECASE)
_MASKED = re.compile(r"[\d,]*\d,?\d*x+")  # "133,3xx"
_OUTLET = re.compile(r"\s*\([^()%]*\)$")  # "11,827 (hankyung)"


@dataclass(frozen=True)
class Figure:
    """A figure as a source printed or worded it. ``value`` is the single figure stated (None for a
    range or masked digits); ``low`` and ``high`` the bounds the statement implies ("150,000": both;
    "up to 200,000": high only; "about 130,000": neither). Numbers are ``int`` when read as whole
    numbers, else exact ``Decimal``."""

    qualifier: str  # one of QUALIFIERS
    value: Decimal | int | None
    low: Decimal | int | None = None
    high: Decimal | int | None = None
    words: str | None = None  # the qualifying words as written ("approximately", "~", "+", "or fewer")
    approximate: bool = False  # about, or digits masked ("~133,3xx")
    percent: bool = False  # the figure itself is a percentage ("3.9%")
    share_pct: Decimal | None = None  # a percentage in brackets after a count ("14,589 (12.4%)")
    alternative: Decimal | int | None = None  # "A (outlet) / B (outlet)": B

    @property
    def lower_bound(self) -> bool:
        return self.qualifier in ("more than", "at least")


def _amount(digits: str, mult: str | None, *, integer: bool, raw: str) -> Decimal | int:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", digits) or (integer and not mult and re.fullmatch(r"\d{1,3}\.\d{3}", digits)):
        digits = digits.replace(".", "")  # "80.000" / "1.300.000": dots as thousands separators
    value = Decimal(digits.replace(",", "")) * (_MULTIPLIERS[mult.strip().lower()] if mult else 1)
    if not integer:
        return value
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {raw!r}")
    if abs(value) > INT64_MAX:
        raise ValueError(f"too large for a count: {raw!r}")
    return int(value)


def figure(text: str, *, integer: bool = False, qualifiers: Iterable[str] = ("exact", "about"),
           allow_alternative: bool = False) -> Figure:
    """Read one figure (see :class:`Figure`): thousands separators (``150,000``, ``80.000``, thin or
    no-break spaces), ``$``, ``M``/``k``/``thousand``/``million``, ``%``, a share in brackets, ranges
    with any dash, ``to`` or ``between ... and``, qualifier words or signs in front (``~``, ``about``,
    ``up to``, ``>``, ``at least``, ...) or behind (``+``, ``or fewer``), masked digits. ``integer``:
    whole numbers only (a percentage is refused); ``qualifiers``: those allowed; ``allow_alternative``:
    ``"A (outlet) / B (outlet)"``. ValueError for anything else.

    >>> figure("150,000-200,000", integer=True, qualifiers=QUALIFIERS)  # doctest: +ELLIPSIS
    Figure(qualifier='range', value=None, low=150000, high=200000, words=None, approximate=False, ...)
    """
    raw = str(text).strip()
    if allow_alternative and " / " in raw:
        a, b = (figure(_OUTLET.sub("", part), integer=integer, qualifiers=qualifiers) for part in raw.split(" / ", 1))
        return replace(a, approximate=a.approximate or b.approximate, alternative=b.value)
    s = raw.strip("\"'\u2018\u2019\u201c\u201d").strip().translate({ord(c): "-" for c in _DASHES})
    s = re.sub(rf"(?<=\d)[ {_SPACES}](?=\d{{3}}\b)", "", s)  # "150 000": join the groups first
    s = re.sub(r"\s+", " ", s.translate({ord(c): " " for c in _SPACES})).strip()
    if not s:
        raise ValueError("figure is empty")
    qualifier = words = None
    for word, qual in _PREFIXES:
        rest = s[len(word):]
        # a word prefix must end at a word boundary ("over 1" yes, "overall" no)
        if s.lower().startswith(word) and not (word[-1].isalpha() and rest[:1].isalpha()):
            qualifier, words, s = qual, s[:len(word)], rest.strip()
            break
    m = _FIGURE.fullmatch(s)
    if m and m["pct"] and integer:
        raise ValueError(f"expected a count, found a percentage: {raw!r}")
    if _MASKED.fullmatch(s):
        fig = Figure(qualifier or "about", None, words=words, approximate=True)
    elif not m:
        raise ValueError(f"not a figure: {raw!r}")
    elif m["a"]:
        if qualifier not in (None, "about") or m["suffix"]:
            raise ValueError(f"a range cannot be qualified as {qualifier or m['suffix'].strip()!r}: {raw!r}")
        if (m["sep"].lower() == "and") != bool(m["between"]):
            raise ValueError(f"'between' needs 'and' (and 'and' needs 'between'): {raw!r}")
        low = _amount(m["a"], m["ax"] or m["x"], integer=integer, raw=raw)  # "150-200k": both in thousands
        high = _amount(m["n"], m["x"], integer=integer, raw=raw)
        if low > high:
            raise ValueError(f"range runs backwards ({low} > {high}): {raw!r}")
        fig = Figure("about range" if qualifier else "range", None, low, high, words, approximate=bool(qualifier))
    elif m["between"]:
        raise ValueError(f"'between' needs a range: {raw!r}")
    else:
        value = _amount(m["n"], m["x"], integer=integer, raw=raw)
        if m["suffix"]:
            suffix = " ".join(m["suffix"].lower().split())
            if qualifier not in (None, _SUFFIXES[suffix]):
                raise ValueError(f"{suffix!r} contradicts {qualifier!r}: {raw!r}")
            qualifier, words = _SUFFIXES[suffix], words or m["suffix"].strip()
        qualifier = qualifier or "exact"
        fig = Figure(qualifier, value, value if qualifier in ("exact", "more than", "at least") else None,
                     value if qualifier in ("exact", "up to", "less than") else None, words, qualifier == "about")
    if m and m["pct"]:
        fig = replace(fig, percent=True)
    if m and m["share"]:
        fig = replace(fig, share_pct=_amount(m["share"], None, integer=False, raw=raw))
    if fig.qualifier not in qualifiers:
        raise ValueError(f"a figure stated as {fig.qualifier!r} is not expected here: {raw!r}")
    return fig


def figures(frame: pd.DataFrame, column: str, *, file, integer: bool = False, qualifiers: Iterable[str] = ("exact", "about"),
            allow_alternative: bool = False, required: bool = False, errors: str = "raise") -> pd.DataFrame:
    """A column of figures (see :func:`figure`) -> a frame with a column for each part of :class:`Figure`
    and ``lower_bound``: qualifier, words (string), value, low, high, alternative (Int64 when ``integer``,
    else Float64), share_pct (Float64), approximate, percent, lower_bound (boolean, False where the cell
    is empty). The first bad cell names its row; ``errors="coerce"``: a cell that is not a figure gives <NA>."""
    qualifiers = list(qualifiers)

    def one(value: str) -> Figure | None:
        try:
            return figure(value, integer=integer, qualifiers=qualifiers, allow_alternative=allow_alternative)
        except ValueError:
            if errors == "raise":
                raise
            return None

    parsed = cells(frame, column, one, file=file, dtype=object, what="bad figure", required=required)
    figs = [f if isinstance(f, Figure) else None for f in parsed]
    number = "Int64" if integer else "Float64"
    out = pd.DataFrame(index=frame.index)
    for name, dtype in [("qualifier", "string"), ("words", "string"), ("value", number), ("low", number), ("high", number),
                        ("alternative", number), ("share_pct", "Float64")]:
        values = [getattr(f, name) if f else None for f in figs]
        out[name] = pd.array([float(v) if isinstance(v, Decimal) else v for v in values], dtype=dtype)
    for name in ("approximate", "percent", "lower_bound"):
        out[name] = pd.array([bool(f and getattr(f, name)) for f in figs], dtype="boolean")
    return out
