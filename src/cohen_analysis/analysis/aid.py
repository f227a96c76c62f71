"""Aid to North Korea: the computations behind ``notebooks/aid.ipynb``.

Four series, each in its own unit and never converted into another:

- South Korean aid (``rok_aid``) in 억원, i.e. 100 million KRW, as the Ministry of Unification
  publishes it: government grants (incl. the NGO fund and international organisations), government
  food loans and private aid, which add up to the total. 2013 private aid and total are blank
  (extraction error in the source) and stay blank.
- UN appeals (``un_appeals``): requirement and funding in USD. One row per appeal year: the
  "total" component of the UN appeal (the separate WFP emergency operation of 2004 left out);
  its funding figure is the final one where published, else the latest in-year report. The
  funding rate is funding / requirement where both are known, else the share as printed.
- OCHA FTS (``humanitarian_funding``): all flows to the DPRK per year (USD), preferred rows (the
  FTS repository extract, except 2022 and 2023: the published FTS snapshot of 31 Dec 2023).

Every year of these series is its own quantity (a yearly flow), so the headline rule for repeated
figures of one quantity (:mod:`cohen_analysis.analysis.headline`) does not apply: the latest year is
reported with its confidence grade (:func:`latest_figure`) and the series' coverage
(:func:`year_coverage`), and each year keeps its own preferred row.
- WFP deliveries (``wfp_deliveries``): food delivered (tonnes) per year where known; the
  2003-2005 figure is a level per year, not yearly values, and is never spread over the years.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog
from ..notebook import ParameterError
from .headline import confidence_rank

__all__ = [
    "ESSAY_YEAR",
    "appeal_table",
    "check_show_wfp",
    "data_runs_to",
    "fts_table",
    "latest_figure",
    "zero_since",
    "latest_appeal_rate",
    "rok_summary",
    "rok_table",
    "wfp_gaps",
    "year_coverage",
    "year_ranges",
    "wfp_table",
    "year_span",
]

#: The year of Cohen's essay (16 June 2010).
ESSAY_YEAR = 2010
ROK_PARTS = {
    "govt_grant_krw_100m": "Government grants",
    "govt_food_loans_krw_100m": "Government food loans",
    "private_krw_100m": "Private (NGO) aid",
}


def _load(name: str) -> pd.DataFrame:
    import cohen_analysis as ca

    return ca.load(name)


def _years(frame: pd.DataFrame, start_year: int | None, end_year: int | None, col: str = "year") -> pd.DataFrame:
    keep = pd.Series(True, index=frame.index)
    if start_year is not None:
        keep &= frame[col] >= start_year
    if end_year is not None:
        keep &= frame[col] <= end_year
    return frame[keep.fillna(False).astype(bool)]


# -------------------------------------------------------------------------------- parameters
def last_years(rok=None, funding=None, appeals=None, wfp=None) -> dict[str, int]:
    """Last year with a figure, per dataset."""
    rok = _load("rok_aid") if rok is None else rok
    funding = _load("humanitarian_funding") if funding is None else funding
    appeals = _load("un_appeals") if appeals is None else appeals
    wfp = _load("wfp_deliveries") if wfp is None else wfp
    return {
        "rok_aid": int(rok.loc[rok["total_krw_100m"].notna() | rok["govt_total_krw_100m"].notna(), "year"].max()),
        "humanitarian_funding": int(funding.loc[funding["preferred"].fillna(False), "year"].max()),
        "un_appeals": int(appeals["year"].max()),
        "wfp_deliveries": int(wfp["year_end"].max()),
    }


def year_span(rok=None, funding=None, appeals=None, wfp=None) -> tuple[int, int]:
    """First and last year any of the four series covers."""
    rok = _load("rok_aid") if rok is None else rok
    funding = _load("humanitarian_funding") if funding is None else funding
    appeals = _load("un_appeals") if appeals is None else appeals
    wfp = _load("wfp_deliveries") if wfp is None else wfp
    first = min(int(rok["year"].min()), int(funding["year"].min()), int(appeals["year"].min()), int(wfp["year_start"].min()))
    return first, max(last_years(rok, funding, appeals, wfp).values())


def data_runs_to(rok=None, funding=None, appeals=None, wfp=None) -> int:
    """The latest year with a figure in any of the four series."""
    return max(last_years(rok, funding, appeals, wfp).values())


def check_show_wfp(show_wfp) -> None:
    if not isinstance(show_wfp, bool):
        raise ParameterError(f"parameter show_wfp={show_wfp!r} must be True or False")


# ------------------------------------------------------------------------------- South Korea
def rok_table(start_year: int | None = None, end_year: int | None = None, rok: pd.DataFrame | None = None) -> pd.DataFrame:
    """South Korean aid per year (100 million KRW): year, the three parts of ``ROK_PARTS``, government total, total."""
    rok = _load("rok_aid") if rok is None else rok
    cols = ["year", *ROK_PARTS, "govt_total_krw_100m", "total_krw_100m", "total_confidence"]
    return _years(rok, start_year, end_year)[cols].sort_values("year").reset_index(drop=True)


def rok_summary(table: pd.DataFrame, essay_year: int = ESSAY_YEAR) -> dict:
    """Total in the essay year (None outside the table), latest year and its total, and the peak."""
    known = table[table["total_krw_100m"].notna()]
    at = table.loc[table["year"] == essay_year, "total_krw_100m"]
    latest = table.iloc[-1]
    peak = known.loc[known["total_krw_100m"].astype("int64").idxmax()]
    return {
        "essay_year_total": int(at.iloc[0]) if len(at) and pd.notna(at.iloc[0]) else None,
        "latest_year": int(latest["year"]),
        "latest_total": int(latest["total_krw_100m"]) if pd.notna(latest["total_krw_100m"]) else None,
        "peak_year": int(peak["year"]),
        "peak_total": int(peak["total_krw_100m"]),
        "blank_years": [int(y) for y in table.loc[table["total_krw_100m"].isna(), "year"]],
    }


# --------------------------------------------------------------------------------- UN appeals
def appeal_table(start_year: int | None = None, end_year: int | None = None,
                 appeals: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per appeal year: year, appeal, requirements_usd, funding_usd, funding_final,
    funding_as_of, rate_pct (funding / requirement, else the share as printed), rate_printed."""
    a = _load("un_appeals") if appeals is None else appeals
    a = a[(a["component"] == "total") & (a["appeal"] != "WFP EMOP")]
    a = _years(a, start_year, end_year)
    rows = []
    for year, g in a.groupby("year", sort=True):
        with_funding = g[g["funding_usd"].notna() | g["pct_funded"].notna()]
        if len(with_funding):
            final = with_funding[with_funding["funding_final"].fillna(False)]
            pick = final.iloc[-1] if len(final) else with_funding.sort_values("funding_as_of").iloc[-1]
        else:
            pick = g.iloc[0]
        req = g["requirements_usd"].dropna()
        computed = pick["pct_funded_computed"]
        rows.append({
            "year": int(year),
            "appeal": str(pick["appeal"]),
            "requirements_usd": int(req.iloc[0]) if len(req) else None,
            "funding_usd": int(pick["funding_usd"]) if pd.notna(pick["funding_usd"]) else None,
            "funding_final": bool(pick["funding_final"]) if pd.notna(pick["funding_final"]) else None,
            "funding_as_of": pick["funding_as_of"],
            "rate_pct": float(computed) if pd.notna(computed) else (float(pick["pct_funded"]) if pd.notna(pick["pct_funded"]) else None),
            "rate_printed": float(pick["pct_funded"]) if pd.notna(pick["pct_funded"]) else None,
        })
    out = pd.DataFrame(rows, columns=["year", "appeal", "requirements_usd", "funding_usd", "funding_final",
                                      "funding_as_of", "rate_pct", "rate_printed"])
    for col in ("requirements_usd", "funding_usd"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64")
    for col in ("rate_pct", "rate_printed"):
        out[col] = pd.array(out[col].tolist(), dtype="Float64")
    out["funding_final"] = pd.array(out["funding_final"].tolist(), dtype="boolean")
    return out


def latest_appeal_rate(table: pd.DataFrame) -> dict | None:
    """The latest appeal year with both a requirement and a funding amount."""
    both = table[table["requirements_usd"].notna() & table["funding_usd"].notna()]
    if both.empty:
        return None
    r = both.iloc[-1]
    return {
        "year": int(r["year"]),
        "requirements_usd": int(r["requirements_usd"]),
        "funding_usd": int(r["funding_usd"]),
        "rate_pct": 100.0 * int(r["funding_usd"]) / int(r["requirements_usd"]),
        "rate_printed": float(r["rate_printed"]) if pd.notna(r["rate_printed"]) else None,
        "final": bool(r["funding_final"]) if pd.notna(r["funding_final"]) else False,
    }


# ------------------------------------------------------------------------------------ OCHA FTS
def fts_table(start_year: int | None = None, end_year: int | None = None,
              funding: pd.DataFrame | None = None) -> pd.DataFrame:
    """FTS funding per year (preferred rows): year, funding_usd, flow_count, series, confidence, confidence_note."""
    f = _load("humanitarian_funding") if funding is None else funding
    f = f[f["preferred"].fillna(False)]
    cols = ["year", "funding_usd", "flow_count", "series", "confidence", "confidence_note"]
    return _years(f, start_year, end_year)[cols].sort_values("year").reset_index(drop=True)


def latest_figure(table: pd.DataFrame, value: str, confidence: str) -> dict | None:
    """The latest year with a value: {"year", "value", "confidence"} (the grade, without a note such
    as 'medium (single source)' may carry; None when not graded); None when no row has a value."""
    known = table[table[value].notna()].sort_values("year")
    if known.empty:
        return None
    last = known.iloc[-1]
    try:
        grade = catalog.vocabulary("confidence")[confidence_rank(last[confidence])]
    except ValueError:  # no grade, or not one of the vocabulary's
        grade = None
    return {"year": int(last["year"]), "value": int(last[value]), "confidence": grade}


def zero_since(table: pd.DataFrame, value: str) -> int | None:
    """The first year of the run of zeros that ends the series (None when the last value is not 0)."""
    known = table[table[value].notna()].sort_values("year")
    since = None
    for year, v in zip(known["year"], known[value]):
        since = (since if since is not None else int(year)) if int(v) == 0 else None
    return since


def year_coverage(years, start_year: int, end_year: int) -> dict:
    """How many of the years ``start_year``..``end_year`` have a figure: n_years, n_found, missing (list)."""
    have = {int(y) for y in years}
    span = list(range(start_year, end_year + 1))
    return {"n_years": len(span), "n_found": sum(y in have for y in span), "missing": [y for y in span if y not in have]}


def year_ranges(years: list[int]) -> str:
    """[1998, 1999, 2000, 2006, 2007, 2009] -> '1998-2000, 2006-2007, 2009'."""
    out, run = [], []
    for y in sorted(years):
        if run and y != run[-1] + 1:
            out.append(run)
            run = []
        run.append(y)
    if run:
        out.append(run)
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in out)


# ---------------------------------------------------------------------------------------- WFP
def wfp_table(start_year: int | None = None, end_year: int | None = None,
              wfp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Preferred WFP rows overlapping the years: period_label, year_start, year_end, tonnes,
    approximate, per_year_average."""
    w = _load("wfp_deliveries") if wfp is None else wfp
    w = w[w["preferred"].fillna(False)]
    if start_year is not None:
        w = w[w["year_end"] >= start_year]
    if end_year is not None:
        w = w[w["year_start"] <= end_year]
    cols = ["period_label", "year_start", "year_end", "tonnes", "approximate", "per_year_average"]
    return w[cols].sort_values("year_start").reset_index(drop=True)


def wfp_gaps(table: pd.DataFrame, start_year: int, end_year: int) -> list[int]:
    """Years in ``start_year``..``end_year`` that no preferred WFP row covers."""
    covered = {y for a, b in zip(table["year_start"], table["year_end"]) for y in range(int(a), int(b) + 1)}
    return [y for y in range(start_year, end_year + 1) if y not in covered]


def wfp_peak(table: pd.DataFrame) -> dict | None:
    """The largest single-year delivery (levels per year of multi-year periods left out)."""
    years = table[~table["per_year_average"].fillna(False).astype(bool) & (table["year_start"] == table["year_end"])]
    if years.empty:
        return None
    r = years.loc[years["tonnes"].astype("int64").idxmax()]
    return {"year": int(r["year_start"]), "tonnes": int(r["tonnes"]), "approximate": bool(r["approximate"])}
