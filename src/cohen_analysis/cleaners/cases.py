"""Individual cases: people detained by North Korea, abductees and POWs, and UN case mechanisms.

Raw files (``data/raw/cases/``; each row names its sources):

* ``detainees.csv``: one row per foreign or South Korean national detained by the DPRK and
  reported by name, 1994-2023 (20 U.S. citizens among them), with detention and release dates
  and their precision, the sentence as stated, how the detention ended and who intervened.
* ``korean_and_japanese_cases.csv``: figures on South Korean detainees, post-war and Korean War
  abductees, ROK prisoners of war and Japan's abductees, each as its source states it; rows
  giving competing values of one quantity share a ``series`` and one is ``preferred``.
* ``un_case_mechanisms.csv``: WGEID case counts and WGAD opinions concerning the DPRK.

Columns are declared once (``*_COLUMNS``: name -> description); the cleaners parse and check
whole columns at a time and raise :class:`DataError` naming the file, the first bad row and
the column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..io import read_raw_csv
from ..metadata import origin_of
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import require_nonempty, require_unique, require_values

RAW_DETAINEES = "cases/detainees.csv"
RAW_KOREAN = "cases/korean_and_japanese_cases.csv"
RAW_UN = "cases/un_case_mechanisms.csv"

CONFIDENCE_LEVELS = ["low", "medium", "high"]
CONFIDENCE_DTYPE = pd.CategoricalDtype(CONFIDENCE_LEVELS, ordered=True)
#: Leading words of ``nationality`` -> the nationality a reader filters on.
NATIONALITIES = ("United States", "Japan", "Australia", "Canada", "Republic of Korea", "Malaysia")
VISITS = ("high-level visit", "envoy visit", "no visit reported", "not released")
PRECISIONS = ("day", "month", "year", "approximate", "unknown")
UN_KINDS = ("WGEID cases in the year", "WGEID cases in the session", "WGEID cases, cumulative", "WGAD opinion", "other")

DETAINEE_COLUMNS = {
    "person_id": "Identifier of the row (FD and a two-digit number), for cross-reference only",
    "name": "Name as reported, with other spellings and role in brackets",
    "nationality": "Nationality as recorded, with background in brackets",
    "nationality_group": "Nationality: " + ", ".join(NATIONALITIES),
    "detained": "Date of detention (first day of its period when less precise than a day)",
    "detained_precision": "Precision of the detention date: " + ", ".join(PRECISIONS),
    "released": "Date of release, Pyongyang time (empty while held)",
    "released_precision": "Precision of the release date (day), empty while held",
    "released_disputed": "Whether sources disagree on the release day",
    "days_detained": "Days from detention to release, only where both dates are day-precise",
    "still_held": "Whether the person is still held (as of the latest report seen)",
    "sentenced": "Whether a prison sentence was reported",
    "sentence_as_stated": "Sentence as reported",
    "how_released": "How the detention ended, paraphrased",
    "intercessor": "Who intervened",
    "visit_before_release": "Visit to Pyongyang before release: " + ", ".join(VISITS),
    "outcome": "Outcome as recorded (released, died, still detained)",
    "died_after_release": "Whether the person died within weeks of release",
    "confidence": "Confidence (leading level of the stated rating): low, medium, high",
    "confidence_stated": "Confidence as rated, split ratings kept",
    "sources": "URLs of the sources, separated by ' | '",
    "source_dates": "Dates and publishers of the sources",
    "note": "Caveats; CONFLICT marks a disagreement between sources",
}

KOREAN_COLUMNS = {
    "id": "Identifier of the row (SK and a two-digit number), for cross-reference only",
    "group": "Group the figure is about",
    "measure": "What the figure counts",
    "value": "The figure as stated",
    "series": "Quantity that competing rows give values of; empty for single facts",
    "preferred": "Whether this row is the one charts and key numbers use for its series",
    "series_value": "The series' figure (persons)",
    "as_of": "Date or period the figure refers to, as stated",
    "source": "URLs of the sources",
    "source_date": "Date and publisher of the source",
    "confidence": "Confidence (leading level): low, medium, high",
    "note": "Caveats; CONFLICT marks a disagreement between sources",
}

UN_COLUMNS = {
    "id": "Identifier of the row (UN and a two-digit number), for cross-reference only",
    "mechanism": "UN mechanism",
    "report_symbol": "UN document symbol, or 'not seen' with what the document is",
    "report_year": "Year of the report or opinion as stated",
    "year": "First year of report_year (empty when unknown)",
    "measure": "What the figure counts",
    "value": "The figure as stated",
    "kind": "Kind of count: " + ", ".join(UN_KINDS),
    "count": "Cases, or persons an opinion covers",
    "clarified": "Cases clarified, where stated",
    "source": "URLs or document of the source",
    "source_date": "Date and publisher of the source",
    "confidence": "Confidence (leading level): low, medium, high",
    "note": "Caveats; CONFLICT marks a disagreement between sources",
}

_FORM = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}


def _fail(mask: pd.Series, message: str, *, file, column: str) -> None:
    """Raise DataError for the first row where ``mask`` is true."""
    if mask.any():
        line = int(mask[mask].index[0])
        raise DataError(message, file=file, row=line, column=column)


def _confidence(frame: pd.DataFrame, column: str, *, file) -> pd.Series:
    level = frame[column].str.extract(r"^(low|medium|high)\b", expand=False)
    _fail(level.isna(), "confidence must begin with low, medium or high", file=file, column=column)
    return level.astype(CONFIDENCE_DTYPE)


def _int(frame: pd.DataFrame, column: str, *, file) -> pd.Series:
    text = frame[column].str.strip()
    _fail(~text.str.fullmatch(r"\d*"), f"{column} must be a whole number or empty", file=file, column=column)
    return pd.to_numeric(text.replace("", pd.NA)).astype("Int64")


def _bool(frame: pd.DataFrame, column: str, *, file) -> pd.Series:
    require_values(frame, column, ("true", "false", ""), file=file)
    return frame[column].map({"true": True, "false": False, "": pd.NA}).astype("boolean")


def _dates(frame: pd.DataFrame, column: str, precision_column: str, *, file, optional: bool) -> tuple[pd.Series, pd.Series]:
    """Parse an ISO partial date column against its stated precision (vectorised).

    Precisions ``day``/``month``/``year`` must match the date's form; ``approx (...)`` takes the
    month the cell starts with ("2015-01/02" -> January 2015, approximate); ``unknown`` needs no date.
    """
    text, stated = frame[column].str.strip(), frame[precision_column].str.strip()
    precision = stated.str.extract(r"^(day|month|year|approx|unknown)\b", expand=False).replace("approx", "approximate")
    _fail(precision.isna() & (stated != "") | (stated == "") & (text != ""),
          f"unknown precision; expected one of {list(PRECISIONS)}", file=file, column=precision_column)
    if not optional:
        _fail(text == "", "value is missing", file=file, column=column)
    for level, form in _FORM.items():
        _fail((precision == level) & ~text.str.match(form), f"date does not match its precision ({level}: {form})",
              file=file, column=column)
    _fail((precision == "approximate") & ~text.str.match(r"^\d{4}-\d{2}"), "an approximate date must start YYYY-MM",
          file=file, column=column)
    iso = text.str.extract(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)", expand=False)
    parsed = pd.to_datetime(iso, format="ISO8601", errors="coerce")
    _fail(iso.notna() & parsed.isna(), "not a calendar date", file=file, column=column)
    return parsed.astype("datetime64[ns]"), precision.astype("string")


def clean_detainees(path: Path) -> pd.DataFrame:
    path = Path(path)
    raw_columns = [c for c in DETAINEE_COLUMNS if c not in {
        "nationality_group", "detained", "detained_precision", "released", "released_precision", "released_disputed",
        "still_held", "sentenced", "died_after_release", "confidence_stated"}]
    raw_columns += ["detained_date", "detained_date_precision", "released_date", "released_date_precision"]
    frame = read_raw_csv(path, required=raw_columns)
    require_nonempty(frame, ["person_id", "name", "nationality", "detained_date_precision", "outcome", "sources",
                             "confidence", "visit_before_release"], file=path)
    require_unique(frame, "person_id", file=path)
    require_values(frame, "visit_before_release", VISITS, file=path)
    out = pd.DataFrame(index=frame.index)
    for col in ("person_id", "name", "nationality"):
        out[col] = frame[col].astype("string")
    group = frame["nationality"].str.extract("^(" + "|".join(NATIONALITIES) + ")", expand=False)
    _fail(group.isna(), f"nationality must begin with one of {list(NATIONALITIES)}", file=path, column="nationality")
    out["nationality_group"] = group.astype("string")
    out["detained"], out["detained_precision"] = _dates(frame, "detained_date", "detained_date_precision", file=path, optional=True)
    out["released"], out["released_precision"] = _dates(frame, "released_date", "released_date_precision", file=path, optional=True)
    out["released_disputed"] = frame["released_date_precision"].str.contains("disputed")
    out["days_detained"] = _int(frame, "days_detained", file=path)
    both_days = (out["detained_precision"] == "day") & (out["released_precision"] == "day")
    span = (out["released"] - out["detained"]).dt.days.astype("Int64")
    _fail((both_days & (out["days_detained"] != span)).fillna(True) & both_days,
          "days_detained differs from released minus detained", file=path, column="days_detained")
    _fail(~both_days & out["days_detained"].notna(), "days_detained is given only where both dates are day-precise",
          file=path, column="days_detained")
    _fail(out["released"] < out["detained"], "released before detained", file=path, column="released_date")
    out["still_held"] = frame["outcome"].str.startswith("still detained")
    _fail(out["still_held"] != out["released"].isna(), "a person still detained has no release date, and only they",
          file=path, column="released_date")
    _fail(out["still_held"] != (frame["visit_before_release"] == "not released"),
          "visit_before_release is 'not released' exactly for those still held", file=path, column="visit_before_release")
    out["sentenced"] = ~frame["sentence_as_stated"].str.match(r"^(none|not found)\b")
    for col in ("sentence_as_stated", "how_released", "intercessor", "visit_before_release", "outcome"):
        out[col] = frame[col].replace("", pd.NA).astype("string")
    out["died_after_release"] = frame["outcome"].str.contains(r"\bdied\b")
    out["confidence"] = _confidence(frame, "confidence", file=path)
    out["confidence_stated"] = frame["confidence"].astype("string")
    for col in ("sources", "source_dates", "note"):
        out[col] = frame[col].replace("", pd.NA).astype("string")
    return out[list(DETAINEE_COLUMNS)].reset_index(drop=True)


def clean_korean_cases(path: Path) -> pd.DataFrame:
    path = Path(path)
    frame = read_raw_csv(path, required=list(KOREAN_COLUMNS))
    require_nonempty(frame, ["id", "group", "measure", "value", "source", "confidence"], file=path)
    require_unique(frame, "id", file=path)
    out = frame.replace("", pd.NA).astype("string")
    out["preferred"] = _bool(frame, "preferred", file=path)
    out["series_value"] = _int(frame, "series_value", file=path)
    in_series = frame["series"] != ""
    _fail(in_series & (out["preferred"].isna() | out["series_value"].isna()),
          "a row of a series needs preferred (true/false) and series_value", file=path, column="series_value")
    _fail(~in_series & (out["preferred"].notna() | out["series_value"].notna()),
          "preferred and series_value belong to rows of a series", file=path, column="series")
    n_preferred = out["preferred"].fillna(False).astype(int).groupby(frame["series"]).transform("sum")
    _fail(in_series & (n_preferred != 1), "each series needs exactly one preferred row", file=path, column="preferred")
    out["confidence"] = _confidence(frame, "confidence", file=path)
    return out[list(KOREAN_COLUMNS)].reset_index(drop=True)


def clean_un_cases(path: Path) -> pd.DataFrame:
    path = Path(path)
    raw_columns = [c for c in UN_COLUMNS if c != "year"]
    frame = read_raw_csv(path, required=raw_columns)
    require_nonempty(frame, ["id", "mechanism", "report_symbol", "report_year", "measure", "value", "kind", "source",
                             "confidence"], file=path)
    require_unique(frame, "id", file=path)
    require_values(frame, "kind", UN_KINDS, file=path)
    year = frame["report_year"].str.extract(r"^(\d{4})", expand=False)
    _fail(year.isna() & (frame["report_year"] != "unknown"), "report_year must start with a year or be 'unknown'",
          file=path, column="report_year")
    out = frame.replace("", pd.NA).astype("string")
    out["year"] = pd.to_numeric(year).astype("Int64")
    out["count"] = _int(frame, "count", file=path)
    out["clarified"] = _int(frame, "clarified", file=path)
    _fail((frame["kind"] != "other") & out["count"].isna(), "a WGEID or WGAD row needs its count", file=path, column="count")
    _fail((frame["kind"] != "other") & out["year"].isna(), "a WGEID or WGAD row needs its year", file=path, column="report_year")
    out["confidence"] = _confidence(frame, "confidence", file=path)
    return out[list(UN_COLUMNS)].reset_index(drop=True)


@dataset("detainees", raw=[RAW_DETAINEES], columns=DETAINEE_COLUMNS, description=(
    "Foreign and South Korean nationals detained by North Korea and reported by name, 1994-2023: one row per "
    "person with detention and release dates (and their precision), sentence, how released and who intervened."))
def build_detainees() -> pd.DataFrame:
    origin_of(RAW_DIR / RAW_DETAINEES)
    return clean_detainees(RAW_DIR / RAW_DETAINEES)


@dataset("korean_japanese_cases", raw=[RAW_KOREAN], columns=KOREAN_COLUMNS, description=(
    "South Korean detainees, post-war and Korean War abductees and POWs, and Japan's abductees: figures as "
    "each source states them, competing values kept with one preferred."))
def build_korean_cases() -> pd.DataFrame:
    origin_of(RAW_DIR / RAW_KOREAN)
    return clean_korean_cases(RAW_DIR / RAW_KOREAN)


@dataset("un_case_mechanisms", raw=[RAW_UN], columns=UN_COLUMNS, description=(
    "WGEID case counts (by report or session, and cumulative) and WGAD opinions concerning North Korea."))
def build_un_cases() -> pd.DataFrame:
    origin_of(RAW_DIR / RAW_UN)
    return clean_un_cases(RAW_DIR / RAW_UN)
