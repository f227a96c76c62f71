"""North Koreans who fled beyond South Korea: UNHCR stocks, national asylum figures, China.

Raw files live in ``data/raw/refugees/``:

- ``unhcr_dprk_origin.csv``: UNHCR year-end refugees and asylum-seekers of DPRK origin, worldwide
  (``all``) and by country of asylum, in three series kept apart (``RDF2025`` the current Refugee
  Data Finder, ``PSRD2014`` the 2014 extract of the older database, ``PRESS`` Global Trends as
  reported) and one conflicting press figure (``OTHER``). Rows are never added across series.
- ``asylum_destinations_other.csv``: national statistics (UK, Canada, Germany, Eurostat, Japan).
- ``forced_repatriation_china.csv``: estimates of North Koreans in China and counts of
  detentions and forced repatriations, as stated, with the stated range in ``low``/``high``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..io import read_raw_csv
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import require_nonempty, require_unique, require_values, to_counts

UNHCR = "refugees/unhcr_dprk_origin.csv"
NATIONAL = "refugees/asylum_destinations_other.csv"
CHINA = "refugees/forced_repatriation_china.csv"

#: UNHCR series, in the order of preference for charts (the current Refugee Data Finder first)
SERIES = {
    "RDF2025": "UNHCR Refugee Data Finder (current)",
    "PSRD2014": "UNHCR Population Statistics Reference Database (2014 extract)",
    "PRESS": "UNHCR Global Trends as reported in the press",
    "OTHER": "Other press figure (conflicts with UNHCR)",
}
PREFERRED_SERIES = "RDF2025"
#: series whose worldwide row is the sum of its country rows (checked)
SUMMED_SERIES = ("RDF2025", "PSRD2014")
CONFIDENCE = ["high", "medium", "low"]
CATEGORIES = {
    "in_china": "estimate of North Koreans in China",
    "repatriated": "forced repatriations from China",
    "detained": "North Koreans detained in China",
    "other": "other (case databases, cumulative crossings, treatment after return)",
}

UNHCR_COLUMNS = {
    "year": "End of the year the stock refers to",
    "country_of_asylum": "Country of asylum, or 'all' for the worldwide figure",
    "worldwide": "The row is the worldwide figure (country_of_asylum 'all')",
    "series": "UNHCR series: RDF2025, PSRD2014, PRESS or OTHER (never add rows across series)",
    "refugees": "Refugees of DPRK origin at year end (persons)",
    "asylum_seekers": "Asylum-seekers of DPRK origin at year end (persons)",
    "preferred": "The row belongs to the series charts use (RDF2025)",
    "confidence": "Confidence grade (high / medium / low)",
    "raw_line": "Line of the row in the raw file",
}


def _years(text: str) -> list[int]:
    """Every four-digit year in a period label ("2005-2009 (Sep)" -> [2005, 2009]; "mid-1990s" -> [1990])."""
    return [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?=s?\b|\D|$)", text)]


def clean_unhcr(path: str | Path) -> pd.DataFrame:
    """UNHCR stocks of DPRK-origin refugees and asylum-seekers, one row per series, year and country.

    Checks: four-digit years; known series and confidence grades; one row per series, year and
    country; in the RDF2025 and PSRD2014 series the worldwide row equals the sum of its country rows.
    """
    path = Path(path)
    raw = read_raw_csv(path, required=["year", "country_of_asylum", "refugees", "asylum_seekers", "source", "confidence", "series"])
    require_nonempty(raw, ["year", "country_of_asylum", "source", "confidence", "series"], file=path)
    bad = ~raw["year"].str.fullmatch(r"\d{4}")
    if bad.any():
        line = int(bad[bad].index[0])
        raise DataError(f"year must be YYYY, found {raw.loc[line, 'year']!r}", file=path, row=line, column="year")
    require_values(raw, "series", SERIES, file=path)
    require_values(raw, "confidence", CONFIDENCE, file=path)
    require_unique(raw, ["series", "year", "country_of_asylum"], file=path)
    counts = to_counts(raw, ["year", "refugees", "asylum_seekers"], file=path)
    out = pd.DataFrame(index=raw.index)
    out["year"] = counts["year"]
    out["country_of_asylum"] = raw["country_of_asylum"].astype("string")
    out["worldwide"] = pd.array((raw["country_of_asylum"] == "all").tolist(), dtype="boolean")
    out["series"] = raw["series"].astype("string")
    out["refugees"] = counts["refugees"]
    out["asylum_seekers"] = counts["asylum_seekers"]
    out["preferred"] = pd.array((raw["series"] == PREFERRED_SERIES).tolist(), dtype="boolean")
    out["confidence"] = raw["confidence"].astype("string")
    out["raw_line"] = pd.array(raw.index.astype(int).tolist(), dtype="Int64")
    _check_sums(out, path)
    return out.sort_values(["series", "year", "worldwide", "country_of_asylum"], ascending=[True, True, False, True], kind="stable")


def _check_sums(frame: pd.DataFrame, path: Path) -> None:
    summed = frame[frame["series"].isin(SUMMED_SERIES)]
    parts = summed[~summed["worldwide"]].groupby(["series", "year"])[["refugees", "asylum_seekers"]].sum(min_count=1)
    totals = summed[summed["worldwide"]].set_index(["series", "year"])
    for column in ("refugees", "asylum_seekers"):
        joined = totals[[column, "raw_line"]].join(parts[[column]].rename(columns={column: "sum"}), how="left")
        differs = joined[column].fillna(0) != joined["sum"].fillna(0)
        if differs.any():
            (series, year), r = next(iter(joined[differs].iterrows()))
            raise DataError(f"{series} {year}: the worldwide {column} {r[column]} is not the sum of the country rows ({r['sum']})",
                            file=path, row=int(r["raw_line"]), column=column)
    missing = set(parts.index) - set(totals.index)
    if missing:
        series, year = sorted(missing)[0]
        line = int(summed[(summed["series"] == series) & (summed["year"] == year)]["raw_line"].min())
        raise DataError(f"{series} {year} has country rows but no worldwide ('all') row", file=path, row=line, column="country_of_asylum")


@dataset(
    "refugees_unhcr",
    raw=[UNHCR],
    description=(
        "UNHCR year-end stocks of refugees and asylum-seekers whose country of origin is North Korea, worldwide and by "
        "country of asylum, 1996-2025, in separate series that are never added together: the current Refugee Data "
        "Finder (RDF2025, preferred; small counts rounded), the 2014 extract of the older database (PSRD2014, 2000-2013) "
        "and Global Trends figures as reported in the press. No rows exist for South Korea or China. E.g. end-2010: "
        "917 refugees (PSRD2014 and press), 915 (RDF2025)."
    ),
    columns=UNHCR_COLUMNS,
)
def build_refugees_unhcr() -> pd.DataFrame:
    return clean_unhcr(RAW_DIR / UNHCR)


# --------------------------------------------------------------------------------------------

_QUALIFIED = re.compile(
    r"^(?P<q>about|approximately|around|more than|at least|up to|as many as|fewer than|close to|an estimated)?\s*"
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<post>\s+or fewer)?$"
)


def _qualified_figure(text: str) -> tuple[str | None, int | None]:
    """"about 1,400" -> ("about", 1400); "25 claims (42 people)" -> (None, None): not one figure."""
    m = _QUALIFIED.match(text.strip())
    if not m:
        return None, None
    qualifier = m["q"] or ("or fewer" if m["post"] else None)
    return qualifier, int(m["n"].replace(",", ""))


NATIONAL_COLUMNS = {
    "period_label": "Year or period as stated",
    "year_start": "First year of the period (empty when undated)",
    "year_end": "Last year of the period (empty when undated)",
    "country": "Country or region the figure covers",
    "measure": "What is counted, and by whom",
    "value_as_stated": "The figure as stated",
    "qualifier": "about, more than, ... where the figure is not exact",
    "value": "The figure as a number, where the statement is a single figure (persons unless the measure says cases)",
    "confidence": "Confidence grade (high / medium / low)",
    "raw_line": "Line of the row in the raw file",
}


def clean_national(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    raw = read_raw_csv(path, required=["year", "country", "measure", "value", "source", "confidence"])
    require_nonempty(raw, ["year", "country", "measure", "value", "source", "confidence"], file=path)
    require_values(raw, "confidence", CONFIDENCE, file=path)
    require_unique(raw, ["year", "country", "measure"], file=path)
    years = raw["year"].map(_years)
    figures = raw["value"].map(_qualified_figure)
    out = pd.DataFrame(index=raw.index)
    out["period_label"] = raw["year"].astype("string")
    out["year_start"] = pd.array([min(y) if y else None for y in years], dtype="Int64")
    out["year_end"] = pd.array([max(y) if y else None for y in years], dtype="Int64")
    out["country"] = raw["country"].astype("string")
    out["measure"] = raw["measure"].astype("string")
    out["value_as_stated"] = raw["value"].astype("string")
    out["qualifier"] = pd.array([f[0] for f in figures], dtype="string")
    out["value"] = pd.array([f[1] for f in figures], dtype="Int64")
    out["confidence"] = raw["confidence"].astype("string")
    out["raw_line"] = pd.array(raw.index.astype(int).tolist(), dtype="Int64")
    return out


@dataset(
    "refugees_national",
    raw=[NATIONAL],
    description=(
        "National and regional statistics on North Koreans seeking asylum outside South Korea: UK Home Office "
        "applications and grants, Canadian IRB grants and claims, German grants and residents, Eurostat applicants and "
        "citizenship acquisitions, Japan's estimates, as stated (periods and qualifiers kept). Measures differ row by row."
    ),
    columns=NATIONAL_COLUMNS,
)
def build_refugees_national() -> pd.DataFrame:
    return clean_national(RAW_DIR / NATIONAL)


# --------------------------------------------------------------------------------------------

_QUALIFIERS = ("more than", "at least", "up to", "as many as", "fewer than", "close to", "or fewer", "as low as", "about",
               "around", "some", "an estimated")

CHINA_COLUMNS = {
    "date_label": "Date or period as stated",
    "year_start": "First year of the date or period",
    "year_end": "Last year of the date or period",
    "date_precision": "day, month, year or period",
    "category": "in_china (estimate of North Koreans in China), repatriated, detained, or other",
    "measure": "What is estimated or counted",
    "value_as_stated": "The estimate as stated (ranges as ranges)",
    "qualifier": "The first qualifying words of the statement (more than, up to, about, ...), if any",
    "low": "Lower end of the stated figure or range (persons; empty when open below or not a single figure)",
    "high": "Upper end of the stated figure or range (persons; empty when open above or not a single figure)",
    "source_org": "Who gave the estimate (and the copy it was read in)",
    "confidence": "Confidence grade (high / medium / low)",
    "raw_line": "Line of the row in the raw file",
}


def _qualifier(text: str) -> str | None:
    low = text.lower()
    found = [(low.find(q), q) for q in _QUALIFIERS if q in low]
    return min(found)[1] if found else None


def clean_china(path: str | Path) -> pd.DataFrame:
    """Estimates of North Koreans in China, detentions and forced repatriations.

    Checks: known categories and confidence grades; a date label with a year; low <= high.
    """
    path = Path(path)
    raw = read_raw_csv(path, required=["date", "date_precision", "category", "measure", "value_as_stated", "low", "high",
                                       "source_org", "source", "confidence"])
    require_nonempty(raw, ["date", "date_precision", "category", "measure", "value_as_stated", "source_org", "source", "confidence"],
                     file=path)
    require_values(raw, "category", CATEGORIES, file=path)
    require_values(raw, "confidence", CONFIDENCE, file=path)
    precision = raw["date_precision"].str.replace(r"\s*\(inferred\)$", "", regex=True)
    require_values(raw.assign(date_precision=precision), "date_precision", ["day", "month", "year", "period"], file=path)
    years = raw["date"].map(_years)
    empty = years.map(len) == 0
    if empty.any():
        line = int(empty[empty].index[0])
        raise DataError(f"no year in the date {raw.loc[line, 'date']!r}", file=path, row=line, column="date")
    counts = to_counts(raw, ["low", "high"], file=path)
    inverted = counts["low"].notna() & counts["high"].notna() & (counts["low"] > counts["high"])
    if inverted.any():
        line = int(inverted[inverted].index[0])
        raise DataError(f"low {counts.loc[line, 'low']} exceeds high {counts.loc[line, 'high']}", file=path, row=line, column="high")
    out = pd.DataFrame(index=raw.index)
    out["date_label"] = raw["date"].astype("string")
    out["year_start"] = pd.array([min(y) for y in years], dtype="Int64")
    out["year_end"] = pd.array([max(y) for y in years], dtype="Int64")
    out["date_precision"] = precision.astype("string")
    out["category"] = raw["category"].astype("string")
    out["measure"] = raw["measure"].astype("string")
    out["value_as_stated"] = raw["value_as_stated"].astype("string")
    out["qualifier"] = pd.array(raw["value_as_stated"].map(_qualifier).tolist(), dtype="string")
    out["low"] = counts["low"]
    out["high"] = counts["high"]
    out["source_org"] = raw["source_org"].astype("string")
    out["confidence"] = raw["confidence"].astype("string")
    out["raw_line"] = pd.array(raw.index.astype(int).tolist(), dtype="Int64")
    return out


@dataset(
    "refugees_china",
    raw=[CHINA],
    description=(
        "Stated estimates of North Koreans in China (1998-2012, ranges kept as ranges, sources differing by an order of "
        "magnitude), of North Koreans detained there, and counts of forced repatriations from China (1996-2025, "
        "including the October 2023 and April 2024 mass repatriations), one row per statement and source."
    ),
    columns=CHINA_COLUMNS,
)
def build_refugees_china() -> pd.DataFrame:
    return clean_china(RAW_DIR / CHINA)
