"""North Koreans who fled beyond South Korea: tables and summaries for the refugees_abroad notebook.

UNHCR series are never added together: every function takes one ``series``. Estimates of North
Koreans in China are alternatives from different sources, never averaged.
"""

from __future__ import annotations

import pandas as pd

from .. import load
from ..catalog import vocabulary
from ..notebook import ParameterError, check_choice, check_choices

ESSAY_YEAR = 2010
#: series a reader may chart (the lone conflicting press figure is not a series)
CHARTABLE = [s for s in vocabulary("unhcr_series") if s != "OTHER"]
SERIES_SHORT = {"RDF2025": "UNHCR Refugee Data Finder", "PSRD2014": "UNHCR 2014 database extract",
                "PRESS": "UNHCR Global Trends as reported"}


def unhcr() -> pd.DataFrame:
    return load("refugees_unhcr")


def year_span() -> tuple[int, int]:
    years = unhcr()["year"]
    return int(years.min()), int(years.max())


def check_series(series: str) -> None:
    check_choice("series", series, CHARTABLE)


def countries(series: str = "RDF2025") -> list[str]:
    """Countries of asylum with at least one row in ``series``, largest peak first."""
    u = unhcr()
    rows = u[(u["series"] == series) & ~u["worldwide"]]
    peak = rows.groupby("country_of_asylum")["refugees"].max().fillna(0).sort_values(ascending=False, kind="stable")
    return [str(c) for c in peak.index]


def check_countries(selected, series: str) -> None:
    if not selected:
        raise ParameterError("countries must name at least one country of asylum")
    check_choices("countries", selected, countries(series))


def worldwide(series: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Year, refugees and asylum-seekers worldwide in one series."""
    u = unhcr()
    w = u[u["worldwide"] & (u["series"] == series)]
    if start_year is not None:
        w = w[(w["year"] >= start_year) & (w["year"] <= end_year)]
    return w[["year", "refugees", "asylum_seekers", "confidence"]].sort_values("year").reset_index(drop=True)


def series_side_by_side(start_year: int, end_year: int) -> pd.DataFrame:
    """One row per year: refugees / asylum-seekers in each series, as reader columns (blank: no figure)."""
    out = None
    for key, name in SERIES_SHORT.items():
        w = worldwide(key, start_year, end_year)
        cell = [f"{int(r):,} / {int(a):,}" if pd.notna(r) and pd.notna(a) else (f"{int(r):,} / -" if pd.notna(r) else "")
                for r, a in zip(w["refugees"], w["asylum_seekers"])]
        part = pd.DataFrame({"Year": w["year"].astype(int), name: cell})
        out = part if out is None else out.merge(part, on="Year", how="outer")
    out = out.sort_values("Year").fillna("").reset_index(drop=True)
    out["Year"] = out["Year"].astype(str)
    return out


def by_host(series: str, selected, start_year: int, end_year: int) -> pd.DataFrame:
    """Refugees at year end in each selected country of asylum: a year x country table (blank: no row)."""
    u = unhcr()
    rows = u[(u["series"] == series) & u["country_of_asylum"].isin(list(selected))
             & (u["year"] >= start_year) & (u["year"] <= end_year)]
    wide = rows.pivot(index="year", columns="country_of_asylum", values="refugees")
    return wide.reindex(columns=[c for c in selected if c in wide.columns]).sort_index()


def main_hosts(series: str, start_year: int, end_year: int) -> pd.DataFrame:
    """Per year, the country of asylum with the most refugees, its refugees and its share of the world figure.

    Periods with the same main host are merged: columns Years, Main host, Refugees (range).
    """
    u = unhcr()
    rows = u[(u["series"] == series) & ~u["worldwide"] & u["refugees"].notna()
             & (u["year"] >= start_year) & (u["year"] <= end_year)]
    if rows.empty:
        return pd.DataFrame(columns=["Years", "Main host", "Refugees"])
    top = rows.loc[rows.groupby("year")["refugees"].idxmax()].sort_values("year")
    hosts = top["country_of_asylum"].astype(object)
    run = (hosts != hosts.shift()).astype(int).cumsum()
    out = []
    for _, g in top.groupby(run):
        y0, y1 = int(g["year"].iloc[0]), int(g["year"].iloc[-1])
        lo, hi = int(g["refugees"].min()), int(g["refugees"].max())
        out.append({"Years": f"{y0}" if y0 == y1 else f"{y0}-{y1}", "Main host": str(g["country_of_asylum"].iloc[0]),
                    "Refugees": f"{lo:,}" if lo == hi else f"{lo:,}-{hi:,}"})
    return pd.DataFrame(out)


def host_in_year(series: str, year: int) -> pd.DataFrame:
    """Country rows of one year in one series, largest first, with the share of the world figure (%)."""
    u = unhcr()
    rows = u[(u["series"] == series) & (u["year"] == year)]
    world = rows.loc[rows["worldwide"], "refugees"]
    hosts = rows[~rows["worldwide"] & rows["refugees"].notna()].sort_values("refugees", ascending=False, kind="stable")
    hosts = hosts[["country_of_asylum", "refugees"]].reset_index(drop=True)
    hosts["share_pct"] = (hosts["refugees"] / int(world.iloc[0]) * 100).round(1) if len(world) else pd.NA
    return hosts


def arrivals_south_korea(start_year: int, end_year: int) -> pd.DataFrame:
    """Single-year arrivals in South Korea (men and women summed per year; grouped periods left out)."""
    d = load("defectors")
    single = d[(d["year_start"] == d["year_end"]) & (d["year_start"] >= start_year) & (d["year_start"] <= end_year)]
    return single.groupby("year_start", as_index=False)["arrivals"].sum().rename(columns={"year_start": "year"})


def _org(frame: pd.DataFrame) -> pd.Series:
    """The estimating body without the copy it was read in: "UNHCR via MOU" stays, "(via RFA)" goes."""
    return frame["source_org"].str.split(";").str[0].str.replace(r"\s*\(.*\)$", "", regex=True).str.strip()


def _label(frame: pd.DataFrame, width: int = 34) -> pd.Series:
    org = _org(frame).map(lambda s: s if len(s) <= width else s[: width - 1].rstrip(" ,") + "…")
    return org + " (" + frame["date_label"].str.replace(r"\s*\(.*\)$", "", regex=True) + ")"


def china_estimates(start_year: int, end_year: int) -> pd.DataFrame:
    """Estimates of North Koreans in China with a stated figure, by date, as range-bar rows."""
    c = load("refugees_china")
    est = c[(c["category"] == "in_china") & (c["low"].notna() | c["high"].notna())
            & (c["year_start"] >= start_year) & (c["year_end"] <= end_year)].copy()
    est["label"] = _label(est)
    est["point"] = est["low"].where(est["low"] == est["high"])
    est["kind"] = _org(est).map(_estimator_kind)
    return est.sort_values(["year_start", "raw_line"], kind="stable").reset_index(drop=True)


ESTIMATOR_KINDS = ("Governments", "UNHCR", "Researchers", "NGOs and refugee groups")


def _estimator_kind(org: str) -> str:
    if any(w in org for w in ("Robinson", "Mahr", "Goedde", "experts", "Crisis Group", "CRS")):
        return "Researchers"
    if any(w in org for w in ("Government", "government", "Ministry", "Department of State")):
        return "Governments"
    if "UNHCR" in org:
        return "UNHCR"
    return "NGOs and refugee groups"


def repatriations(first_year: int, last_year: int) -> pd.DataFrame:
    """Stated counts of forced repatriations from China dated to a month or day within the years."""
    c = load("refugees_china")
    r = c[(c["category"] == "repatriated") & c["date_label"].str.match(r"^\d{4}-\d{2}") & (c["year_start"] == c["year_end"])
          & (c["low"].notna() | c["high"].notna()) & (c["year_start"] >= first_year) & (c["year_end"] <= last_year)].copy()
    r["label"] = _label(r)
    r["point"] = r["low"].where(r["low"] == r["high"])
    r["event"] = r["date_label"].str.slice(0, 10)
    return r.sort_values(["date_label", "raw_line"], kind="stable").reset_index(drop=True)


def national_table(country: str) -> pd.DataFrame:
    """The national figures of one country as a reader table."""
    n = load("refugees_national")
    rows = n[n["country"] == country]
    return pd.DataFrame({"Period": rows["period_label"], "What is counted": rows["measure"],
                         "Figure": rows["value_as_stated"], "Confidence": rows["confidence"]}).reset_index(drop=True)


#: what each category of the China statements holds (the keys are the vocabulary ``china_category``)
CATEGORIES = {
    "in_china": "estimate of North Koreans in China",
    "repatriated": "forced repatriations from China",
    "detained": "North Koreans detained in China",
    "other": "other (case databases, cumulative crossings, treatment after return)",
}


def category_name(key: str) -> str:
    return CATEGORIES[key]
