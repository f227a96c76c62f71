"""Individual cases: named detainees (``cases/detainees.csv``), Korean and Japanese figures
(``cases/korean_and_japanese_cases.csv``) and UN case mechanisms (``cases/un_case_mechanisms.csv``)."""

from __future__ import annotations

import pandas as pd

from .. import parse
from ..catalog import spec, vocabulary
from ..registry import Raw, step

DETAINEES = "cases/detainees.csv"
KOREAN = "cases/korean_and_japanese_cases.csv"
UN = "cases/un_case_mechanisms.csv"
URL = r"https?://\S+"
#: the source cell of a row the file compiles from its other rows (it has no source of its own)
SEE_ABOVE = "see the rows above"


def _text(frame: pd.DataFrame, required: list[str], optional: list[str], *, file) -> pd.DataFrame:
    return parse.text(frame, required, file=file, required=True).join(parse.text(frame, optional, file=file))


def _sourced(out: pd.DataFrame, frame: pd.DataFrame, column: str, *, file) -> pd.DataFrame:
    """URLs (' | '-separated) -> source_urls; the confidence -> its grade and what qualifies it."""
    out["source_urls"] = parse.lists(frame.replace({column: {SEE_ABOVE: ""}}), column, file=file, sep=" | ", pattern=URL)
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    return out.drop(columns=[column])


def _dated(frame: pd.DataFrame, column: str, *, file) -> tuple[pd.Series, pd.Series]:
    """An ISO date against its stated precision: ``day``/``month``/``year`` must match the date's
    form; ``approx (...)`` takes the month the cell starts with ("2015-01/02"); ``unknown`` needs no date."""
    allowed = spec("detainees").fields["detained_precision"].allowed()
    text, stated = frame[column].str.strip(), frame[f"{column}_precision"].str.strip()
    precision = stated.str.extract(r"^(day|month|year|approx|unknown)\b", expand=False).replace("approx", "approximate")
    parse.fail(precision.isna() & (stated != "") | (stated == "") & (text != ""),
               f"unknown precision; expected one of {allowed}", file=file, column=f"{column}_precision")
    approx = precision == "approximate"
    parse.fail(approx & ~text.str.match(r"^\d{4}-\d{2}"), "an approximate date must start YYYY-MM", file=file, column=column)
    date, form = parse.dates(text.mask(approx, text.str.slice(0, 7)).to_frame(column), column, file=file)
    parse.fail(precision.isin(["day", "month", "year"]) & form.ne(precision).fillna(True),
               lambda v: f"date does not match its precision ({v})", file=file, column=column, values=precision)
    return date, precision.astype("string")


@step("detainees")
def detainees(raw: Raw) -> pd.DataFrame:
    file = raw.path(DETAINEES)
    frame = raw.read(DETAINEES)
    out = _text(frame, ["person_id", "name", "nationality", "outcome", "sources", "confidence", "visit_before_release"],
                ["sentence_as_stated", "how_released", "intercessor", "source_dates", "note"], file=file)
    parse.text(frame, "detained_date_precision", file=file, required=True)
    parse.choices(frame, "visit_before_release", vocabulary("visit_before_release"), file=file)
    groups = vocabulary("nationality_group")
    out["nationality_group"] = out["nationality"].str.extract("^(" + "|".join(groups) + ")", expand=False)
    parse.fail(out["nationality_group"].isna(), f"nationality must begin with one of {groups}", file=file, column="nationality")
    out["detained"], out["detained_precision"] = _dated(frame, "detained_date", file=file)
    out["released"], out["released_precision"] = _dated(frame, "released_date", file=file)
    out["released_disputed"] = frame["released_date_precision"].str.contains("disputed")
    out["days_detained"] = days = parse.counts(frame, "days_detained", file=file)
    both_days = (out["detained_precision"] == "day") & (out["released_precision"] == "day")
    span = (out["released"] - out["detained"]).dt.days.astype("Int64")
    parse.fail(both_days & (days != span).fillna(True), "days_detained differs from released minus detained",
               file=file, column="days_detained")
    parse.fail(~both_days & days.notna(), "days_detained is given only where both dates are day-precise",
               file=file, column="days_detained")
    parse.fail(out["released"] < out["detained"], "released before detained", file=file, column="released_date")
    out["still_held"] = still = out["outcome"].str.startswith("still detained")
    parse.fail(still != out["released"].isna(), "a person still detained has no release date, and only they",
               file=file, column="released_date")
    parse.fail(still != (out["visit_before_release"] == "not released"),
               "visit_before_release is 'not released' exactly for those still held", file=file, column="visit_before_release")
    out["sentenced"] = ~frame["sentence_as_stated"].str.match(r"^(none|not found)\b")
    out["died_after_release"] = out["outcome"].str.contains(r"\bdied\b")
    out["confidence_stated"] = out["confidence"]
    return _sourced(out, frame, "sources", file=file).drop(columns=["confidence_note"])


@step("korean_japanese_cases")
def korean_japanese_cases(raw: Raw) -> pd.DataFrame:
    """Rows of a series need preferred and series_value, and each series exactly one preferred row."""
    file = raw.path(KOREAN)
    frame = raw.read(KOREAN)
    out = _text(frame, ["id", "group", "measure", "value", "source", "confidence"], ["series", "source_date", "note"], file=file)
    out["preferred"] = parse.booleans(frame, "preferred", file=file)
    out["series_value"] = parse.counts(frame, "series_value", file=file)
    in_series = out["series"].notna()
    parse.fail(in_series & (out["preferred"].isna() | out["series_value"].isna()),
               "a row of a series needs preferred (true/false) and series_value", file=file, column="series_value")
    parse.fail(~in_series & (out["preferred"].notna() | out["series_value"].notna()),
               "preferred and series_value belong to rows of a series", file=file, column="series")
    n_preferred = out["preferred"].fillna(False).astype(int).groupby(out["series"]).transform("sum")
    parse.fail(in_series & (n_preferred != 1), "each series needs exactly one preferred row", file=file, column="preferred")
    out["as_of_as_stated"] = parse.text(frame, "as_of")
    plain = out["as_of_as_stated"].str.extract(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+\([^()]*\))?$", expand=False)
    out["as_of"], out["as_of_precision"] = parse.dates(plain.to_frame("as_of"), "as_of", file=file)
    return _sourced(out, frame, "source", file=file)


@step("un_case_mechanisms")
def un_case_mechanisms(raw: Raw) -> pd.DataFrame:
    """A WGEID or WGAD row needs its count and a year (report_year starts with one, or is 'unknown')."""
    file = raw.path(UN)
    frame = raw.read(UN)
    out = _text(frame, ["id", "mechanism", "report_symbol", "report_year", "measure", "value", "kind", "source", "confidence"],
                ["source_date", "note"], file=file)
    parse.choices(frame, "kind", vocabulary("un_case_kind"), file=file)
    year = out["report_year"].str.extract(r"^(\d{4})", expand=False)
    parse.fail(year.isna() & (out["report_year"] != "unknown"), "report_year must start with a year or be 'unknown'",
               file=file, column="report_year")
    out["year"] = pd.to_numeric(year).astype("Int64")
    out["count"] = parse.counts(frame, "count", file=file)
    out["clarified"] = parse.counts(frame, "clarified", file=file)
    counted = out["kind"] != "other"
    parse.fail(counted & out["count"].isna(), "a WGEID or WGAD row needs its count", file=file, column="count")
    parse.fail(counted & out["year"].isna(), "a WGEID or WGAD row needs its year", file=file, column="report_year")
    return _sourced(out, frame, "source", file=file)
