"""Political-prisoner estimates, related indicators and camp-level records.

Raw files (``data/raw/prisoners/``, compiled from the publishers each row names: HRNK, KINU, the
US Department of State, the UN Commission of Inquiry, Walk Free and others):

* ``estimates.csv``: one row per published estimate of North Korea's political prisoners, the
  figure kept as the source states it (``"150,000-200,000"``, ``"up to 200,000"``, ``"~130,000"``).
* ``indicators.csv``: related figures that are *not* prisoner counts (Walk Free Global Slavery
  Index, Haggard & Noland survey samples).
* ``camps.csv``: one row per camp x attribute x source; conflicting values are separate rows.

Parsing is done here: :func:`parse_estimate` turns a stated figure into qualifier, low, high and
point; :func:`parse_year` reads a stated year (``"2013 (covers 2012)"``, ``"unknown"``);
:func:`scope_of` maps what an estimate counts to a small controlled vocabulary.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..io import read_raw_csv
from ..metadata import origin_of
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import check_schema, require_nonempty, require_unique, require_values

RAW_ESTIMATES = "prisoners/estimates.csv"
RAW_INDICATORS = "prisoners/indicators.csv"
RAW_CAMPS = "prisoners/camps.csv"

#: Confidence levels of the raw files' ``confidence`` column, weakest first. Stated values such as
#: ``"medium (figure) / low (date)"`` or ``"high (3+ sources)"`` keep their leading level.
CONFIDENCE_LEVELS = ["low", "medium-low", "medium", "medium-high", "high"]
CONFIDENCE_DTYPE = pd.CategoricalDtype(CONFIDENCE_LEVELS, ordered=True)

#: Qualifiers produced by :func:`parse_estimate`.
QUALIFIERS = ["exact", "about", "range", "about range", "up to", "less than", "more than", "at least"]

#: Scope labels produced by :func:`scope_of`, with what each covers.
SCOPES = {
    "political_prison_camps": "the political prison camps (kwanliso / kwan-li-so) as a system",
    "political_prison_camps_per_camp": "figures for single camps, not a national total",
    "all_detention": "every kind of detention facility, political prison camps included",
}

# ---------------------------------------------------------------------------------------------
# Parsing a stated figure
# ---------------------------------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphen ... minus, small/fullwidth
_SPACES = "\u00a0\u2007\u2009\u202f"  # no-break, figure, thin, narrow no-break spaces

# Prefix words, longest first so that "no more than" wins over "more than".
_PREFIXES: list[tuple[str, str]] = sorted(
    [
        ("about", "about"),
        ("around", "about"),
        ("approximately", "about"),
        ("approx.", "about"),
        ("approx", "about"),
        ("roughly", "about"),
        ("some", "about"),
        ("an estimated", "about"),
        ("estimated", "about"),
        ("nearly", "about"),
        ("almost", "about"),
        ("circa", "about"),
        ("ca.", "about"),
        ("c.", "about"),
        ("~", "about"),
        ("\u2248", "about"),
        ("up to", "up to"),
        ("as many as", "up to"),
        ("at most", "up to"),
        ("no more than", "up to"),
        ("\u2264", "up to"),
        ("<=", "up to"),
        ("less than", "less than"),
        ("fewer than", "less than"),
        ("under", "less than"),
        ("below", "less than"),
        ("<", "less than"),
        ("more than", "more than"),
        ("over", "more than"),
        ("above", "more than"),
        ("in excess of", "more than"),
        (">", "more than"),
        ("at least", "at least"),
        ("no fewer than", "at least"),
        ("no less than", "at least"),
        ("a minimum of", "at least"),
        ("\u2265", "at least"),
        (">=", "at least"),
    ],
    key=lambda p: -len(p[0]),
)
_MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "mn": 1_000_000, "million": 1_000_000}
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:\.\d+)?"
_MULT = r"(?:\s*(?P<{name}>k|thousand|mn|million)\b)?"
_ONE = re.compile(rf"^(?P<n>{_NUMBER}){_MULT.format(name='m')}(?P<plus>\s*\+)?$", re.IGNORECASE)
_RANGE = re.compile(
    rf"^(?P<between>between\s+)?(?P<a>{_NUMBER}){_MULT.format(name='ma')}\s*(?P<sep>-|to\b|and\b)\s*"
    rf"(?P<b>{_NUMBER}){_MULT.format(name='mb')}$",
    re.IGNORECASE,
)


class Estimate(NamedTuple):
    """A stated figure, parsed.

    ``point`` is the single figure stated (``None`` for a range); ``low`` and ``high`` are the
    bounds the statement implies (``"up to 200,000"`` -> high 200,000, no low; ``"about
    130,000"`` -> neither; ``"150,000"`` -> both 150,000).
    """

    qualifier: str
    low: float | int | None
    high: float | int | None
    point: float | int | None


def _number(text: str, mult: str | None, *, integer: bool) -> float | int:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text) or (mult is None and re.fullmatch(r"\d{1,3}\.\d{3}", text) and integer):
        text = text.replace(".", "")  # "80.000" / "1.300.000": dots as thousands separators
    value = float(text.replace(",", "")) * (_MULTIPLIERS[mult.lower()] if mult else 1)
    if integer:
        if not value.is_integer():
            raise ValueError(f"not a whole number: {text!r}")
        return int(value)
    return value


def parse_estimate(text: str, *, integer: bool = True) -> Estimate:
    """Parse a figure as a source states it.

    Handles ranges with any dash (``-``, ``–``, ``—``, ``−``), ``to``, ``between ... and``;
    thousands separators (``150,000``, ``80.000``, thin or no-break spaces); ``k``,
    ``thousand`` and ``million``; a trailing ``+``; qualifier words or signs in front
    (``up to``, ``as many as``, ``more than``, ``over``, ``>``, ``at least``, ``about``, ``~``,
    ``c.``). Raises ValueError for anything else.

    >>> parse_estimate("150,000-200,000")
    Estimate(qualifier='range', low=150000, high=200000, point=None)
    >>> parse_estimate("up to 200,000")
    Estimate(qualifier='up to', low=None, high=200000, point=200000)
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        raise ValueError("estimate is missing")
    raw = str(text)
    s = raw.strip().strip("\"'\u2018\u2019\u201c\u201d").strip()
    for ch in _DASHES:
        s = s.replace(ch, "-")
    # thousands separated by spaces ("150 000", "150\u202f000"): join the groups first
    s = re.sub(rf"(?<=\d)[ {_SPACES}](?=\d{{3}}\b)", "", s)
    for ch in _SPACES:
        s = s.replace(ch, " ")
    s = re.sub(r"\s+", " ", s).strip()
    if not s:
        raise ValueError("estimate is empty")

    qualifier = None
    lowered = s.lower()
    for word, qual in _PREFIXES:
        if lowered.startswith(word):
            rest = s[len(word):]
            # a word prefix must end at a word boundary ("over 1" yes, "overall" no)
            if word[-1].isalpha() and rest[:1].isalpha():
                continue
            qualifier, s = qual, rest.strip()
            break

    m = _RANGE.match(s)
    if m:
        if qualifier not in (None, "about"):
            raise ValueError(f"a range cannot be qualified as {qualifier!r}: {raw!r}")
        if (m.group("sep").lower() == "and") != bool(m.group("between")):
            raise ValueError(f"'between' needs 'and' (and 'and' needs 'between'): {raw!r}")
        mult_b = m.group("mb")
        mult_a = m.group("ma") or mult_b  # "150-200k" -> both in thousands
        low = _number(m.group("a"), mult_a, integer=integer)
        high = _number(m.group("b"), mult_b, integer=integer)
        if low > high:
            raise ValueError(f"range runs backwards ({low} > {high}): {raw!r}")
        return Estimate("about range" if qualifier == "about" else "range", low, high, None)

    m = _ONE.match(s)
    if not m:
        raise ValueError(f"not a figure, a qualified figure or a range: {raw!r}")
    value = _number(m.group("n"), m.group("m"), integer=integer)
    if m.group("plus"):
        if qualifier not in (None, "at least"):
            raise ValueError(f"'+' contradicts {qualifier!r}: {raw!r}")
        qualifier = "at least"
    qualifier = qualifier or "exact"
    if qualifier == "exact":
        return Estimate("exact", value, value, value)
    if qualifier == "about":
        return Estimate("about", None, None, value)
    if qualifier in ("up to", "less than"):
        return Estimate(qualifier, None, value, value)
    return Estimate(qualifier, value, None, value)  # more than, at least


# ---------------------------------------------------------------------------------------------
# Years, scope, confidence
# ---------------------------------------------------------------------------------------------

_UNCERTAIN_WORDS = re.compile(r"approx|not verified|inferred|uncertain|unverified|circa|\?", re.IGNORECASE)


class Year(NamedTuple):
    year: int | None
    uncertain: bool
    note: str | None


def parse_year(text: str) -> Year:
    """Read a year as stated: ``"2010"``, ``"2013 (covers 2012)"``, ``"2016 (approx.; not
    verified)"``, ``"~2016"``, ``"c.2016"``, ``"undated (c.2006-2008; not verified)"``,
    ``"unknown"``, ``"n.d."``. Raises ValueError for anything else."""
    s = str(text).strip()
    if re.fullmatch(r"\d{4}", s):
        return Year(int(s), False, None)
    m = re.fullmatch(r"(?:~|c\.|ca\.|circa)\s*(\d{4})", s, re.IGNORECASE)
    if m:
        return Year(int(m.group(1)), True, "approximate")
    m = re.fullmatch(r"(\d{4})\s*\((.+)\)", s)
    if m:
        note = m.group(2).strip()
        return Year(int(m.group(1)), bool(_UNCERTAIN_WORDS.search(note)), note)
    m = re.fullmatch(r"(undated|unknown|n\.\s?d\.?|not stated)(?:\s*\((.+)\))?", s, re.IGNORECASE)
    if m:
        return Year(None, True, m.group(2).strip() if m.group(2) else m.group(1).lower())
    raise ValueError(f"not a year as expected (e.g. '2010', '2013 (covers 2012)', 'unknown'): {text!r}")


# Checked in order: the first pattern that matches what an estimate counts gives its scope.
_SCOPE_RULES: list[tuple[str, re.Pattern]] = [
    ("political_prison_camps_per_camp", re.compile(r"\bper[- ]camp\b", re.IGNORECASE)),
    ("all_detention", re.compile(r"\ball (?:other )?(?:kinds of )?(?:detention|detainees)\b", re.IGNORECASE)),
    (
        "political_prison_camps",
        re.compile(r"kwan[- ]?li[- ]?so|political prison|isolation camps?|labou?r camps?|penal[- ]labou?r|\bcamps?\b", re.IGNORECASE),
    ),
]


def scope_of(what_counted: str) -> str:
    """Map what an estimate counts, in the source's words, to a label of :data:`SCOPES`."""
    for label, pattern in _SCOPE_RULES:
        if pattern.search(str(what_counted)):
            return label
    raise ValueError(f"cannot tell the scope of {what_counted!r}; expected wording naming " f"{sorted(SCOPES)}")


def normalise_confidence(text: str) -> str:
    """``"medium (figure) / low (date)"`` -> ``"medium"``; ``"High (3+ sources)"`` -> ``"high"``."""
    s = str(text).strip().lower().replace("\u2013", "-").replace(" - ", "-")
    m = re.match(r"(medium-high|medium-low|high|medium|low)\b", s)
    if not m:
        raise ValueError(f"unknown confidence {text!r}; expected one of {CONFIDENCE_LEVELS} (optionally with a note)")
    return m.group(1)


# ---------------------------------------------------------------------------------------------
# Helpers shared by the cleaners
# ---------------------------------------------------------------------------------------------


def _apply(frame: pd.DataFrame, column: str, func, *, file, what: str) -> list:
    """``func`` on every cell of ``column``; a ValueError becomes a DataError at that cell."""
    out = []
    for line, value in frame[column].items():
        try:
            out.append(func(value))
        except ValueError as exc:
            raise DataError(f"malformed {what}: {exc}", file=file, row=int(line), column=column) from None
    return out


def _text(series: pd.Series) -> pd.Series:
    """Nullable string column; empty cells become <NA>."""
    s = series.astype("string").str.strip()
    return s.mask(s == "")


def _confidence(frame: pd.DataFrame, *, file) -> tuple[pd.Series, pd.Series]:
    levels = _apply(frame, "confidence", normalise_confidence, file=file, what="confidence")
    return pd.Series(pd.Categorical(levels, dtype=CONFIDENCE_DTYPE), index=frame.index), _text(frame["confidence"])


def _url_check(frame: pd.DataFrame, column: str, *, file, allow_empty: bool) -> None:
    for line, value in frame[column].items():
        v = value.strip()
        if (v == "" and not allow_empty) or (v and not re.match(r"^https?://\S+$", v)):
            raise DataError(f"not a URL: {value!r}", file=file, row=int(line), column=column)


def _ints(values) -> pd.array:
    return pd.array([None if v is None else int(v) for v in values], dtype="Int64")


def _floats(values) -> pd.array:
    return pd.array([None if v is None else float(v) for v in values], dtype="Float64")


# ---------------------------------------------------------------------------------------------
# prisoner_estimates
# ---------------------------------------------------------------------------------------------

ESTIMATE_COLUMNS = {
    "id": "Row id (A and a number; a/b where one source statement holds two stated figures)",
    "estimate": "The estimate as the source states it, e.g. '150,000-200,000', 'up to 200,000', '~130,000'",
    "qualifier": "How the figure is qualified: exact, about, range, about range, up to, less than, more than, at least",
    "low": "Lower bound the statement implies (persons); empty for 'up to' and 'about'",
    "high": "Upper bound the statement implies (persons); empty for 'more than', 'at least' and 'about'",
    "point": "The single figure stated (persons); empty for ranges",
    "scope": "What is counted, normalised: political_prison_camps, political_prison_camps_per_camp, all_detention",
    "what_counted": "What is counted, in the source's wording (paraphrased briefly)",
    "source_org": "Organisation that published the figure",
    "author": "Author, where named",
    "title": "Publication or article title",
    "year": "Year of publication (Int64; empty when unknown)",
    "year_stated": "Year as stated for the source, e.g. '2013 (covers 2012)', 'unknown'",
    "year_uncertain": "True when the year is inferred, approximate or unknown",
    "year_note": "What the stated year adds (e.g. 'covers 2012', 'approx.; not verified')",
    "url": "Main source URL (empty when none is available)",
    "corroborating": "Other sources or row ids giving the same figure",
    "confidence": "Confidence, ordered low < medium-low < medium < medium-high < high",
    "confidence_stated": "Confidence as the raw file states it, with its qualifications",
    "essay_ref": "Where Cohen (2010) cites this figure (paragraph, endnote); empty otherwise",
    "note": "Short paraphrased note",
}
_ESTIMATE_RAW = ["id", "estimate", "source_org", "author", "title", "year", "what_counted", "url",
                 "corroborating", "confidence", "essay_ref", "note"]

_ESTIMATE_SCHEMA = pa.DataFrameSchema(
    {
        "id": pa.Column("string", pa.Check.str_matches(r"^A\d{2}[a-z]?$")),
        "qualifier": pa.Column("string", pa.Check.isin(QUALIFIERS)),
        "low": pa.Column("Int64", pa.Check.in_range(1, 10_000_000), nullable=True),
        "high": pa.Column("Int64", pa.Check.in_range(1, 10_000_000), nullable=True),
        "point": pa.Column("Int64", pa.Check.in_range(1, 10_000_000), nullable=True),
        "scope": pa.Column("string", pa.Check.isin(list(SCOPES))),
        "year": pa.Column("Int64", pa.Check.in_range(1950, 2100), nullable=True),
        "year_uncertain": pa.Column("boolean"),
        "confidence": pa.Column(CONFIDENCE_DTYPE),
    },
    checks=[
        pa.Check(lambda df: df["low"].isna() | df["high"].isna() | (df["low"] <= df["high"]), name="low <= high"),
        pa.Check(lambda df: df[["low", "high", "point"]].notna().any(axis=1), name="some figure"),
    ],
    strict=False,
)


def clean_estimates(path: str | Path) -> pd.DataFrame:
    """Clean ``estimates.csv`` at ``path``; the index stays the raw line number."""
    raw = read_raw_csv(path, required=_ESTIMATE_RAW)
    require_nonempty(raw, ["id", "estimate", "source_org", "title", "year", "what_counted", "confidence"], file=path)
    require_unique(raw, "id", file=path)
    _url_check(raw, "url", file=path, allow_empty=True)

    parsed = _apply(raw, "estimate", parse_estimate, file=path, what="estimate")
    scopes = _apply(raw, "what_counted", scope_of, file=path, what="scope")
    years = _apply(raw, "year", parse_year, file=path, what="year")
    confidence, confidence_stated = _confidence(raw, file=path)

    out = pd.DataFrame(index=raw.index)
    out["id"] = _text(raw["id"])
    out["estimate"] = _text(raw["estimate"])
    out["qualifier"] = pd.array([p.qualifier for p in parsed], dtype="string")
    out["low"] = _ints(p.low for p in parsed)
    out["high"] = _ints(p.high for p in parsed)
    out["point"] = _ints(p.point for p in parsed)
    out["scope"] = pd.array(scopes, dtype="string")
    for col in ("what_counted", "source_org", "author", "title"):
        out[col] = _text(raw[col])
    out["year"] = _ints(y.year for y in years)
    out["year_stated"] = _text(raw["year"])
    out["year_uncertain"] = pd.array([y.uncertain for y in years], dtype="boolean")
    out["year_note"] = pd.array([y.note for y in years], dtype="string")
    out["url"] = _text(raw["url"])
    out["corroborating"] = _text(raw["corroborating"])
    out["confidence"] = confidence
    out["confidence_stated"] = confidence_stated
    out["essay_ref"] = _text(raw["essay_ref"])
    out["note"] = _text(raw["note"])
    out = check_schema(out, _ESTIMATE_SCHEMA, file=path)
    return out[list(ESTIMATE_COLUMNS)]


@dataset(
    "prisoner_estimates",
    raw=[RAW_ESTIMATES],
    description=(
        "Published estimates of the number of political prisoners in North Korea, 1982-2025, one row per "
        "estimate, with the figure as stated and parsed into qualifier, low, high and point. Compare like "
        "with like: filter on `scope` (the camps as a system vs single camps vs all detention). Cohen (2010) "
        "cites Hawk's Hidden Gulag 2003 range, 150,000-200,000 (essay endnote ii)."
    ),
    columns=ESTIMATE_COLUMNS,
)
def build_prisoner_estimates() -> pd.DataFrame:
    path = RAW_DIR / RAW_ESTIMATES
    origin_of(path)  # checks the metadata and the checksum
    return clean_estimates(path)


# ---------------------------------------------------------------------------------------------
# prisoner_indicators
# ---------------------------------------------------------------------------------------------

INDICATOR_TYPES = {
    "modern_slavery_prevalence": {"share of population", "percent of population", "per 1,000 population"},
    "modern_slavery_count": {"people"},
    "survey_sample_size": {"respondents"},
    "survey_share": {"percent of respondents"},
}

INDICATOR_COLUMNS = {
    "id": "Row id (A and a number; a/b where one source statement holds two figures)",
    "indicator_type": "modern_slavery_prevalence, modern_slavery_count, survey_sample_size or survey_share",
    "value": "The figure as stated, e.g. '1 in 20', '~10.5%', '1300+'",
    "value_num": "The figure as a number in `unit` ('1 in 20' -> 0.05 share; '~10.5%' -> 10.5 percent)",
    "qualifier": "exact, about, more than, at least ...",
    "unit": "Unit of value_num",
    "measures": "What the figure measures (none of these are political-prisoner counts)",
    "source_org": "Organisation that published the figure",
    "author": "Author, where named",
    "title": "Publication title",
    "year": "Year of publication (Int64)",
    "url": "Main source URL",
    "corroborating": "Other sources or row ids",
    "confidence": "Confidence, ordered low < medium-low < medium < medium-high < high",
    "confidence_stated": "Confidence as the raw file states it",
    "note": "Short paraphrased note",
}
_INDICATOR_RAW = ["id", "indicator_type", "value", "unit", "measures", "source_org", "author", "title", "year", "url",
                  "corroborating", "confidence", "note"]


def parse_indicator(value: str, unit: str) -> Estimate:
    """Parse an indicator value in the light of its unit: ``'1 in 20'`` (share), ``'~10.5%'``
    (percent), plain or qualified figures."""
    s = str(value).strip()
    m = re.fullmatch(r"(?:(~|about)\s*)?1 in (\d+)", s, re.IGNORECASE)
    if m:
        if unit != "share of population":
            raise ValueError(f"'1 in N' needs unit 'share of population', not {unit!r}")
        share = 1 / int(m.group(2))
        return Estimate("about" if m.group(1) else "exact", share, share, share)
    if s.endswith("%"):
        if not unit.startswith("percent"):
            raise ValueError(f"a percentage needs a 'percent ...' unit, not {unit!r}")
        s = s[:-1]
    elif unit.startswith("percent"):
        raise ValueError(f"unit {unit!r} needs a value ending in '%': {value!r}")
    return parse_estimate(s, integer=False)


def clean_indicators(path: str | Path) -> pd.DataFrame:
    """Clean ``indicators.csv`` at ``path``; the index stays the raw line number."""
    raw = read_raw_csv(path, required=_INDICATOR_RAW)
    require_nonempty(raw, ["id", "indicator_type", "value", "unit", "source_org", "title", "year", "url", "confidence"], file=path)
    require_unique(raw, "id", file=path)
    require_values(raw, "indicator_type", INDICATOR_TYPES, file=path)
    for line, row in raw.iterrows():
        if row["unit"] not in INDICATOR_TYPES[row["indicator_type"]]:
            raise DataError(
                f"unit {row['unit']!r} does not fit indicator type {row['indicator_type']!r}; expected one of "
                f"{sorted(INDICATOR_TYPES[row['indicator_type']])}",
                file=path, row=int(line), column="unit",
            )
    _url_check(raw, "url", file=path, allow_empty=False)
    parsed = []
    for line, row in raw.iterrows():
        try:
            parsed.append(parse_indicator(row["value"], row["unit"]))
        except ValueError as exc:
            raise DataError(f"malformed value: {exc}", file=path, row=int(line), column="value") from None
    years = _apply(raw, "year", parse_year, file=path, what="year")
    confidence, confidence_stated = _confidence(raw, file=path)

    out = pd.DataFrame(index=raw.index)
    out["id"] = _text(raw["id"])
    out["indicator_type"] = _text(raw["indicator_type"])
    out["value"] = _text(raw["value"])
    out["value_num"] = _floats(p.point if p.point is not None else None for p in parsed)
    out["qualifier"] = pd.array([p.qualifier for p in parsed], dtype="string")
    for col in ("unit", "measures", "source_org", "author", "title"):
        out[col] = _text(raw[col])
    out["year"] = _ints(y.year for y in years)
    out["url"] = _text(raw["url"])
    out["corroborating"] = _text(raw["corroborating"])
    out["confidence"] = confidence
    out["confidence_stated"] = confidence_stated
    out["note"] = _text(raw["note"])
    for line, p in zip(raw.index, parsed):
        if p.point is None:
            raise DataError("indicator must be a single figure, not a range", file=path, row=int(line), column="value")
    return out[list(INDICATOR_COLUMNS)]


@dataset(
    "prisoner_indicators",
    raw=[RAW_INDICATORS],
    description=(
        "Indicators related to, but NOT counts of, political prisoners: Walk Free Global Slavery Index "
        "figures for North Korea (2016, 2018, 2023) and the sample sizes and shares of Haggard & Noland's "
        "refugee surveys (East-West Center, 2009; essay endnote i). Units differ row by row: read `unit`."
    ),
    columns=INDICATOR_COLUMNS,
)
def build_prisoner_indicators() -> pd.DataFrame:
    path = RAW_DIR / RAW_INDICATORS
    origin_of(path)
    return clean_indicators(path)


# ---------------------------------------------------------------------------------------------
# prison_camps
# ---------------------------------------------------------------------------------------------

#: Attribute -> allowed units ("" = no unit) and how the value is read.
CAMP_ATTRIBUTES = {
    "area": ({"km2", "sq mi"}, "number"),
    "population": ({"prisoners"}, "number"),
    "camp count": ({"camps"}, "number"),
    "established": ({"year"}, "year"),
    "closed": ({"year", "date"}, "year"),
    "status": ({""}, "text"),
    "zones": ({""}, "text"),
    "dimensions": ({"miles", "km", "m"}, "text"),
}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

CAMP_COLUMNS = {
    "id": "Row id (B and a number)",
    "camp": "Camp as numbered in the sources ('14', '15', ...; 'ALL' for system-wide rows)",
    "camp_no": "Camp number (Int64; empty for system-wide rows)",
    "name": "Camp name (one spelling per camp; variants in note)",
    "province": "Province",
    "attribute": "area, population, camp_count, established, closed, status, zones or dimensions",
    "value": "The value as stated, e.g. '~4000', '3000-8000', 'mid-1960s', 'operational'",
    "value_num": "The single figure stated, in `unit` (Float64; a year for established/closed; empty for ranges and text)",
    "value_low": "Lower bound the statement implies (Float64)",
    "value_high": "Upper bound the statement implies (Float64)",
    "qualifier": "exact, about, range, more than ... (empty for text attributes)",
    "unit": "Unit of the figures: km2, sq mi, prisoners, camps, year, date, miles",
    "context": "When or in what state the value holds (e.g. 'peak', 'at closure', '1970s'); empty if not stated",
    "source_org": "Organisation behind the value",
    "source_year": "Year of the source as stated (e.g. 'c.2012', '2013-2019')",
    "source_year_first": "First year of source_year (Int64)",
    "source_year_last": "Last year of source_year (Int64)",
    "source_year_approx": "True when source_year is approximate ('c.')",
    "url": "Main source URL",
    "corroborating": "Other sources",
    "confidence": "Confidence, ordered low < medium-low < medium < medium-high < high",
    "confidence_stated": "Confidence as the raw file states it",
    "note": "Short paraphrased note; conflicts are marked CONFLICT",
}
_CAMP_RAW = ["id", "camp", "name", "province", "attribute", "value", "unit", "context", "source_org", "source_year",
             "url", "corroborating", "confidence", "note"]


def parse_camp_value(value: str, attribute: str) -> Estimate | None:
    """Read a camp value according to its attribute; ``None`` for text attributes."""
    kind = CAMP_ATTRIBUTES[attribute][1]
    if kind == "text":
        return None
    if kind == "number":
        return parse_estimate(value, integer=False)
    s = str(value).strip()
    m = re.fullmatch(rf"(?:(?:{_MONTHS})\s+)?(\d{{4}})", s)
    if m:
        y = float(m.group(1))
        return Estimate("exact", y, y, y)
    m = re.fullmatch(r"(?:~|c\.\s*)(\d{4})", s)
    if m:
        return Estimate("about", None, None, float(m.group(1)))
    if re.fullmatch(r"(?:(?:early|mid|late)-?\s*)?\d{3}0s", s):
        return Estimate("about", None, None, None)  # a decade: no year is invented
    raise ValueError(f"not a year, month and year, or decade: {value!r}")


def parse_source_year(text: str) -> tuple[int | None, int | None, bool]:
    """``'2015'`` -> (2015, 2015, False); ``'c.2009-2012'`` -> (2009, 2012, True); ``''`` -> (None, None, False)."""
    s = str(text).strip()
    if s == "":
        return None, None, False
    m = re.fullmatch(r"(c\.\s*)?(\d{4})(?:\s*[-\u2013]\s*(\d{4}))?", s)
    if not m:
        raise ValueError(f"expected 'YYYY', 'YYYY-YYYY' or 'c.YYYY': {text!r}")
    first, last = int(m.group(2)), int(m.group(3) or m.group(2))
    if first > last:
        raise ValueError(f"year range runs backwards: {text!r}")
    return first, last, bool(m.group(1))


def clean_camps(path: str | Path) -> pd.DataFrame:
    """Clean ``camps.csv`` at ``path``; the index stays the raw line number."""
    raw = read_raw_csv(path, required=_CAMP_RAW)
    require_nonempty(raw, ["id", "camp", "attribute", "value", "source_org", "url", "confidence"], file=path)
    require_unique(raw, "id", file=path)
    require_values(raw, "attribute", CAMP_ATTRIBUTES, file=path)
    for line, value in raw["camp"].items():
        if not re.fullmatch(r"\d{1,2}|ALL", value.strip()):
            raise DataError(f"camp must be a camp number or 'ALL': {value!r}", file=path, row=int(line), column="camp")
    for line, row in raw.iterrows():
        units = CAMP_ATTRIBUTES[row["attribute"]][0]
        if row["unit"].strip() not in units:
            raise DataError(
                f"unit {row['unit']!r} does not fit attribute {row['attribute']!r}; expected one of {sorted(units)}",
                file=path, row=int(line), column="unit",
            )
    _url_check(raw, "url", file=path, allow_empty=False)
    parsed = []
    for line, row in raw.iterrows():
        try:
            parsed.append(parse_camp_value(row["value"], row["attribute"]))
        except ValueError as exc:
            raise DataError(f"malformed value: {exc}", file=path, row=int(line), column="value") from None
    source_years = _apply(raw, "source_year", parse_source_year, file=path, what="source year")
    confidence, confidence_stated = _confidence(raw, file=path)

    out = pd.DataFrame(index=raw.index)
    out["id"] = _text(raw["id"])
    out["camp"] = _text(raw["camp"])
    out["camp_no"] = _ints(None if c.strip() == "ALL" else int(c) for c in raw["camp"])
    out["name"] = _text(raw["name"])
    out["province"] = _text(raw["province"])
    out["attribute"] = _text(raw["attribute"]).str.replace(" ", "_")
    out["value"] = _text(raw["value"])
    out["value_num"] = _floats(p.point if p else None for p in parsed)
    out["value_low"] = _floats(p.low if p else None for p in parsed)
    out["value_high"] = _floats(p.high if p else None for p in parsed)
    out["qualifier"] = pd.array([p.qualifier if p else None for p in parsed], dtype="string")
    for col in ("unit", "context", "source_org", "source_year"):
        out[col] = _text(raw[col])
    out["source_year_first"] = _ints(y[0] for y in source_years)
    out["source_year_last"] = _ints(y[1] for y in source_years)
    out["source_year_approx"] = pd.array([y[2] for y in source_years], dtype="boolean")
    out["url"] = _text(raw["url"])
    out["corroborating"] = _text(raw["corroborating"])
    out["confidence"] = confidence
    out["confidence_stated"] = confidence_stated
    out["note"] = _text(raw["note"])

    # one camp, one name: a different spelling on a later row is a data-entry slip
    names = out.dropna(subset=["name"]).groupby("camp")["name"].nunique()
    if (names > 1).any():
        camp = names[names > 1].index[0]
        rows = out[(out["camp"] == camp)]
        first = rows["name"].dropna().iloc[0]
        line = int(rows.index[rows["name"].notna() & (rows["name"] != first)][0])
        raise DataError(f"camp {camp} is named {first!r} on an earlier row", file=path, row=line, column="name")
    return out[list(CAMP_COLUMNS)]


@dataset(
    "prison_camps",
    raw=[RAW_CAMPS],
    description=(
        "Camp-level facts on North Korea's political prison camps (kwanliso Nos. 11-25 and system-wide camp "
        "counts): area, population, founding, closure and status, one row per camp x attribute x source. "
        "Conflicting values are kept as separate rows (marked CONFLICT in `note`); the metadata says which "
        "value charts use."
    ),
    columns=CAMP_COLUMNS,
)
def build_prison_camps() -> pd.DataFrame:
    path = RAW_DIR / RAW_CAMPS
    origin_of(path)
    return clean_camps(path)
