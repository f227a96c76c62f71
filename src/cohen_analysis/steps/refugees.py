"""North Koreans who fled beyond South Korea: UNHCR stocks (``refugees/unhcr_dprk_origin.csv``),
national asylum figures (``refugees/asylum_destinations_other.csv``) and China
(``refugees/forced_repatriation_china.csv``)."""

from __future__ import annotations

import pandas as pd

from .. import parse
from ..catalog import vocabulary
from ..errors import DataError
from ..registry import Raw, after, step

UNHCR = "refugees/unhcr_dprk_origin.csv"
NATIONAL = "refugees/asylum_destinations_other.csv"
CHINA = "refugees/forced_repatriation_china.csv"
PREFERRED_SERIES = "RDF2025"
#: series whose worldwide row is the sum of its country rows (checked)
SUMMED_SERIES = ("RDF2025", "PSRD2014")
#: qualifying words of a statement about China; the first one written is kept
QUALIFIERS = ("more than", "at least", "up to", "as many as", "fewer than", "close to", "or fewer", "as low as", "about",
              "around", "some", "an estimated")


def _lines(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(frame.index, index=frame.index, dtype="Int64")


@step("refugees_unhcr")
def refugees_unhcr(raw: Raw) -> pd.DataFrame:
    """One row per series, year and country; sorted by series, year, the worldwide row first."""
    file = raw.path(UNHCR)
    frame = raw.read(UNHCR)
    out = parse.text(frame, ["year", "country_of_asylum", "source", "confidence", "series"], file=file, required=True)
    parse.fail(~out["year"].str.fullmatch(r"\d{4}"), lambda v: f"year must be YYYY, found {v!r}",
               file=file, column="year", values=out["year"])
    parse.choices(frame, "series", vocabulary("unhcr_series"), file=file)
    out = out.drop(columns="source").assign(
        year=parse.counts(frame, "year", file=file), worldwide=out["country_of_asylum"] == "all",
        refugees=parse.counts(frame, "refugees", file=file), asylum_seekers=parse.counts(frame, "asylum_seekers", file=file),
        preferred=out["series"] == PREFERRED_SERIES, raw_line=_lines(frame))
    return out.sort_values(["series", "year", "worldwide", "country_of_asylum"], ascending=[True, True, False, True],
                           kind="stable")


@after("refugees_unhcr")
def _worldwide_is_the_sum_of_countries(out: pd.DataFrame, raw: Raw) -> None:
    file = raw.path(UNHCR)
    key = ["series", "year"]
    summed = out[out["series"].isin(SUMMED_SERIES)]
    countries, totals = summed[~summed["worldwide"]], summed[summed["worldwide"]]
    joined = totals.join(countries.groupby(key)[["refugees", "asylum_seekers"]].sum(min_count=1).add_suffix("_sum"), on=key)
    for column in ("refugees", "asylum_seekers"):
        total, parts = joined[column], joined[f"{column}_sum"]
        why = (joined["series"] + " " + joined["year"].astype("string") + f": the worldwide {column} " + total.astype("string")
               + " is not the sum of the country rows (" + parts.astype("string").fillna("<NA>") + ")")
        parse.fail(total.fillna(0) != parts.fillna(0), str, file=file, column=column, values=why)
    orphans = countries[~pd.MultiIndex.from_frame(countries[key]).isin(pd.MultiIndex.from_frame(totals[key]))]
    if len(orphans):
        first = orphans.sort_values(key + ["raw_line"]).iloc[0]
        raise DataError(f"{first['series']} {first['year']} has country rows but no worldwide ('all') row",
                        file=file, row=int(first["raw_line"]), column="country_of_asylum")


@step("refugees_national")
def refugees_national(raw: Raw) -> pd.DataFrame:
    file = raw.path(NATIONAL)
    frame = raw.read(NATIONAL)
    out = parse.text(frame, ["year", "country", "measure", "value", "source", "confidence"], file=file, required=True)
    start, end = parse.years(frame, "year")
    # a single figure (with its qualifying words as written), else <NA>: '25 claims (42 people)', '564 (385 new)'
    figure = parse.figures(frame, "value", file=file, integer=True, qualifiers=parse.QUALIFIERS, errors="coerce")
    return pd.DataFrame({"period_label": out["year"], "year_start": start, "year_end": end, "country": out["country"],
                         "measure": out["measure"], "value_as_stated": out["value"],
                         "qualifier": figure["words"].where(figure["value"].notna()), "count": figure["value"],
                         "confidence": out["confidence"], "raw_line": _lines(frame)})


@step("refugees_china")
def refugees_china(raw: Raw) -> pd.DataFrame:
    """Every date names a year; low <= high. A precision '(inferred)' is read as the precision."""
    file = raw.path(CHINA)
    frame = raw.read(CHINA)
    out = parse.text(frame, ["date", "date_precision", "category", "measure", "value_as_stated", "source_org", "source",
                             "confidence"], file=file, required=True)
    parse.choices(frame, "category", vocabulary("china_category"), file=file)
    out["year_start"], out["year_end"] = parse.years(frame, "date")
    parse.fail(out["year_start"].isna(), lambda v: f"no year in the date {v!r}", file=file, column="date", values=out["date"])
    out["low"], out["high"] = low, high = parse.counts(frame, "low", file=file), parse.counts(frame, "high", file=file)
    parse.fail(low > high, str, file=file, column="high",
               values="low " + low.astype("string") + " exceeds high " + high.astype("string"))
    out["date_precision"] = out["date_precision"].str.replace(r"\s*\(inferred\)$", "", regex=True)
    out["qualifier"] = out["value_as_stated"].str.lower().str.extract(f"({'|'.join(QUALIFIERS)})", expand=False)
    return out.drop(columns="source").rename(columns={"date": "date_label"}).assign(raw_line=_lines(frame))
