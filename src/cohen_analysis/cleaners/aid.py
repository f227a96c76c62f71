"""Humanitarian aid to North Korea: South Korean aid (MOU), UN appeals, OCHA FTS funding, WFP food.

Raw files live in ``data/raw/aid/``. South Korean amounts stay in the unit the Ministry of
Unification publishes, 억원 (100 million KRW), hence the ``_krw_100m`` suffix.
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
from .families import parse_date, parse_figure, parse_whole, yes_no

ROK_AID = "aid/mou_aid_to_north_by_year.csv"
ROK_AID_CUMULATIVE = "aid/mou_aid_cumulative.csv"
ROK_AID_REPORTED = "aid/mou_aid_totals_reported.csv"
FTS = "aid/fts_funding_dprk.csv"
FTS_SNAPSHOTS = "aid/fts_published_snapshots.csv"
APPEALS = "aid/un_appeals_dprk.csv"
WFP = "aid/wfp_food_deliveries_dprk.csv"

KRW_UNIT = "억원 (100 million KRW)"

# raw column -> cleaned column
_ROK_SOURCE_COLUMNS = {
    "govt_direct_grant_dangguk": "govt_direct_grant_krw_100m",
    "govt_grant_subtotal_incl_NGO_fund_and_intl_orgs": "govt_grant_krw_100m",
    "govt_total_incl_loans": "govt_total_krw_100m",
    "grand_total": "total_krw_100m",
}

ROK_AID_COLUMNS = {
    "year": "Calendar year",
    "govt_direct_grant_krw_100m": "Government-to-government (당국차원) direct grant (100 million KRW)",
    "govt_grant_krw_100m": "Government grant aid incl. the NGO fund and international-organisation channels (100 million KRW)",
    "govt_food_loans_krw_100m": "Government food loans = govt_total - govt_grant (derived here; 100 million KRW)",
    "govt_total_krw_100m": "Government aid including food loans (100 million KRW)",
    "private_krw_100m": "Private (NGO) aid = total - govt_total (derived here; 100 million KRW)",
    "total_krw_100m": "Government incl. loans + private (100 million KRW); the MOU's reported total where it replaces the table's",
    "total_source": "Where total_krw_100m comes from: 'MOU table' or the MOU report that replaces the table's total",
    "total_other_reports": "Other totals reported for the year that differ from total_krw_100m, with their source ('; '-joined)",
    "total_confidence": "Confidence of total_krw_100m: the best grade of the table row and the MOU reports that give the same total",
    "extraction_issue": "The source row has a documented extraction problem; affected cells are <NA>",
    "confidence": "Confidence grade of the row as recorded with the raw figures",
}
TABLE_SOURCE = "MOU table"
#: Confidence grades, best first; a grade with a qualifier ("medium (single source)") ranks by its first words.
CONFIDENCE_ORDER = ["high", "medium-high", "medium", "low-medium", "low"]


def confidence_rank(text) -> int:
    """0 for 'high ...', 1 for 'medium-high ...', ... ; len(CONFIDENCE_ORDER) when not graded."""
    head = str(text).strip().split(" ")[0].split("(")[0].casefold() if pd.notna(text) else ""
    return CONFIDENCE_ORDER.index(head) if head in CONFIDENCE_ORDER else len(CONFIDENCE_ORDER)


def _grade(text) -> str:
    rank = confidence_rank(text)
    return CONFIDENCE_ORDER[rank] if rank < len(CONFIDENCE_ORDER) else str(text)


def clean_rok_aid(path: str | Path, cumulative_path: str | Path | None = None,
                  reported_path: str | Path | None = None) -> pd.DataFrame:
    """South Korean aid to the North by year from ``path``; checked against ``cumulative_path``;
    totals the MOU reported elsewhere (``reported_path``) replace the table's where preferred.

    Checks: grant <= government subtotal <= government total <= grand total in every year;
    the unit is 억원; where a cumulative row covers whole years that are all known, the yearly
    rows must add up to it unless the cumulative file documents the difference. A preferred
    reported total replaces the grand total; private aid is then blank, as its split is not known.
    """
    path = Path(path)
    raw = read_raw_csv(path, required=["year", *_ROK_SOURCE_COLUMNS, "unit", "extraction_issue", "confidence"])
    require_nonempty(raw, ["year", "unit", "confidence"], file=path)
    for line, value in raw["year"].items():
        if not re.fullmatch(r"\d{4}", value):
            raise DataError(f"year must be YYYY, found {value!r}", file=path, row=int(line), column="year")
    require_unique(raw, "year", file=path)
    require_values(raw, "unit", [KRW_UNIT], file=path)
    flagged = raw["extraction_issue"] != ""
    # a documented extraction problem blanks the grand total of that row (never guessed)
    cleaned_raw = raw.copy()
    cleaned_raw.loc[flagged, "grand_total"] = ""
    frame = to_counts(cleaned_raw, ["year", *_ROK_SOURCE_COLUMNS], file=path)
    chain = list(_ROK_SOURCE_COLUMNS)
    for line, r in frame.iterrows():
        for lower, upper in zip(chain, chain[1:]):
            if pd.notna(r[lower]) and pd.notna(r[upper]) and r[lower] > r[upper]:
                raise DataError(f"{lower} {r[lower]} exceeds {upper} {r[upper]} (totals are inconsistent)",
                                file=path, row=int(line), column=upper)
    out = pd.DataFrame(index=frame.index)
    out["year"] = frame["year"]
    for raw_col, col in _ROK_SOURCE_COLUMNS.items():
        out[col] = frame[raw_col]
    out["govt_food_loans_krw_100m"] = out["govt_total_krw_100m"] - out["govt_grant_krw_100m"]
    out["private_krw_100m"] = out["total_krw_100m"] - out["govt_total_krw_100m"]
    out["extraction_issue"] = pd.array(flagged.tolist(), dtype="boolean")
    out["confidence"] = raw["confidence"].astype("string")
    out["total_source"] = pd.array([TABLE_SOURCE] * len(out), dtype="string")
    out["total_other_reports"] = pd.array([pd.NA] * len(out), dtype="string")
    out["total_confidence"] = pd.array([_grade(c) for c in out["confidence"]], dtype="string")
    if cumulative_path is not None:
        check_rok_cumulative(out, cumulative_path)  # the cumulative figures come from the same table
    if reported_path is not None:
        out = apply_reported_totals(out, reported_path)
    return out[list(ROK_AID_COLUMNS)].sort_values("year")


def clean_reported_totals(path: str | Path) -> pd.DataFrame:
    """Totals the MOU reported outside its table: year, series, total, preferred, confidence (one row per report)."""
    path = Path(path)
    raw = read_raw_csv(path, required=["year", "series", "total", "government", "private", "unit", "as_of",
                                       "preferred", "confidence", "source"])
    require_nonempty(raw, ["year", "series", "total", "unit", "preferred", "confidence", "source"], file=path)
    require_values(raw, "unit", [KRW_UNIT], file=path)
    require_unique(raw, ["year", "series"], file=path)
    for line, value in raw["as_of"].items():
        parse_date(value, file=path, row=int(line), column="as_of")
    preferred = yes_no(raw, "preferred", file=path)
    counts = to_counts(raw, ["year", "total", "government", "private"], file=path)
    out = pd.DataFrame(index=raw.index)
    out["year"] = counts["year"]
    out["series"] = raw["series"].astype("string")
    out["total"] = counts["total"]
    out["preferred"] = preferred
    out["confidence"] = raw["confidence"].astype("string")
    dup = out[out["preferred"]].duplicated("year")
    if dup.any():
        raise DataError("two preferred totals for the same year", file=path, row=int(dup[dup].index[0]), column="preferred")
    return out


def apply_reported_totals(yearly: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """Put the preferred reported totals of ``path`` in place of the table's and list the differing reports."""
    path = Path(path)
    reported = clean_reported_totals(path)
    out = yearly.copy()
    by_year = {int(y): i for i, y in out["year"].items()}
    replaced = []  # the table's totals that a reported total replaced, listed with the other reports
    for line, r in reported[reported["preferred"]].iterrows():
        year = int(r["year"])
        if year not in by_year:
            raise DataError(f"preferred total for {year}, a year the MOU table does not have", file=path, row=int(line), column="year")
        i = by_year[year]
        if pd.notna(out.at[i, "govt_total_krw_100m"]) and r["total"] < out.at[i, "govt_total_krw_100m"]:
            raise DataError(f"total {r['total']} is below the table's government total {out.at[i, 'govt_total_krw_100m']}",
                            file=path, row=int(line), column="total")
        table_total = out.at[i, "total_krw_100m"]
        out.at[i, "total_krw_100m"] = r["total"]
        out.at[i, "private_krw_100m"] = pd.NA  # the split of the reported total is not known
        out.at[i, "total_source"] = str(r["series"])
        if pd.notna(table_total) and table_total != r["total"]:
            replaced.append({"year": year, "series": TABLE_SOURCE, "total": int(table_total), "preferred": False,
                             "confidence": out.at[i, "confidence"]})
    if replaced:
        reported = pd.concat([reported, pd.DataFrame(replaced).astype(reported.dtypes.to_dict())], ignore_index=True)
    for year, g in reported.groupby("year"):
        if int(year) not in by_year:
            continue
        i = by_year[int(year)]
        other = g[g["total"] != out.at[i, "total_krw_100m"]]
        same = g[g["total"] == out.at[i, "total_krw_100m"]]
        grades = [out.at[i, "total_confidence"], *same["confidence"]]
        if out.at[i, "total_source"] != TABLE_SOURCE:
            grades = list(same["confidence"])  # the table's total was replaced: its grade no longer applies
        out.at[i, "total_confidence"] = _grade(min(grades, key=confidence_rank))
        if len(other):
            out.at[i, "total_other_reports"] = "; ".join(f"{int(t):,} ({s})" for t, s in zip(other["total"], other["series"]))
    return out


def check_rok_cumulative(yearly: pd.DataFrame, path: str | Path) -> pd.DataFrame:
    """Compare yearly sums with the cumulative figures; returns the comparison table."""
    path = Path(path)
    raw = read_raw_csv(path, required=["period", "period_start", "period_end", "series", "value", "unit",
                                       "inconsistency_documented"])
    require_nonempty(raw, ["period", "period_start", "period_end", "series", "value", "unit"], file=path)
    rows = []
    for line, r in raw.iterrows():
        line = int(line)
        start, sp = parse_date(r["period_start"], file=path, row=line, column="period_start")
        end, ep = parse_date(r["period_end"], file=path, row=line, column="period_end")
        fig = parse_figure(r["value"], file=path, row=line, column="value")
        col = _ROK_SOURCE_COLUMNS.get(r["series"])
        if r["unit"] != KRW_UNIT or col is None or sp != "year" or ep != "year":
            continue  # other unit, other scope, or part-year: not comparable with the yearly rows
        years = yearly[(yearly["year"] >= start.year) & (yearly["year"] <= end.year)]
        if len(years) != end.year - start.year + 1 or years[col].isna().any():
            continue  # a year is missing or blank: the sum cannot be checked
        total = int(years[col].sum())
        stated = parse_whole(fig, file=path, row=line, column="value")
        rows.append(dict(period=r["period"], series=r["series"], stated=stated, yearly_sum=total))
        if total != stated and not r["inconsistency_documented"]:
            raise DataError(f"yearly {r['series']} {start.year}-{end.year} sum to {total:,}, the cumulative says {stated:,}",
                            file=path, row=line, column="value")
    return pd.DataFrame(rows, columns=["period", "series", "stated", "yearly_sum"])


@dataset(
    "rok_aid",
    raw=[ROK_AID, ROK_AID_CUMULATIVE, ROK_AID_REPORTED],
    description=(
        "South Korean humanitarian aid to North Korea by year, 1995-2025, government (grants, food loans) and "
        "private, in 100 million KRW (억원) as the Ministry of Unification publishes. Food loans and private aid "
        "are derived as differences of the published columns. 2013 total is blank (extraction error in the source). "
        "2022 total is the MOU's reported 26 (the table's 30 kept in total_other_reports), its private part blank."
    ),
    columns=ROK_AID_COLUMNS,
)
def build_rok_aid() -> pd.DataFrame:
    return clean_rok_aid(RAW_DIR / ROK_AID, RAW_DIR / ROK_AID_CUMULATIVE, RAW_DIR / ROK_AID_REPORTED)


# --------------------------------------------------------------------------------------------


def _usd(fig, *, file, row, column) -> int | None:
    if fig.value is None:
        return None
    if fig.percent:
        raise DataError("expected an amount, found a percentage", file=file, row=row, column=column)
    if fig.value != fig.value.to_integral_value():
        raise DataError(f"amount is not a whole number of USD: {fig.value}", file=file, row=row, column=column)
    return int(fig.value)


FUNDING_COLUMNS = {
    "year": "Calendar year",
    "series": "Who reports the figure ('FTS (repository extract)' is the main series; 'OCHA FTS (published snapshot)' for dated published FTS totals)",
    "funding_usd": "Humanitarian funding to the DPRK (USD)",
    "approximate": "funding_usd is approximate as printed",
    "flow_count": "Number of FTS flows (main series only)",
    "as_of": "Date the figure refers to or was published (first day of the period)",
    "as_of_precision": "day, month or year",
    "scope": "What the figure covers (all flows, plan contributions, estimates)",
    "preferred": "The row charts use for the year",
    "confidence": "Confidence grade of the figure as recorded with the raw figures",
}


def clean_fts(path: str | Path, snapshots_path: str | Path | None = None) -> pd.DataFrame:
    """FTS totals of ``path`` with the published snapshots of ``snapshots_path``; one preferred row a year at most."""
    frames = [_clean_fts_file(Path(path))]
    if snapshots_path is not None:
        frames.append(_clean_fts_file(Path(snapshots_path)))
    out = pd.concat(frames, ignore_index=True)
    pref = out[out["preferred"]]
    dup = pref.duplicated("year")
    if dup.any():
        second = pref[dup].iloc[0]
        first = pref[pref["year"] == second["year"]].iloc[0]
        raise DataError(f"two preferred rows for {second['year']} (the other: {Path(first['_file']).name} row {first['_line']})",
                        file=second["_file"], row=int(second["_line"]), column="preferred")
    out = out.drop(columns=["_file", "_line"])
    return out.sort_values(["year", "preferred"], ascending=[True, False], kind="stable", ignore_index=True)


def _clean_fts_file(path: Path) -> pd.DataFrame:
    raw = read_raw_csv(path, required=["year", "series", "total_usd", "flow_count", "as_of", "scope", "preferred", "confidence"])
    require_nonempty(raw, ["year", "series", "total_usd", "scope", "confidence"], file=path)
    require_unique(raw, ["year", "series", "as_of"], file=path)
    preferred = yes_no(raw, "preferred", file=path)
    counts = to_counts(raw, ["year", "flow_count"], file=path)
    recs = []
    for line, r in raw.iterrows():
        line = int(line)
        fig = parse_figure(r["total_usd"], file=path, row=line, column="total_usd")
        as_of, prec = parse_date(r["as_of"], file=path, row=line, column="as_of")
        recs.append(dict(usd=_usd(fig, file=path, row=line, column="total_usd"), approx=fig.approximate, as_of=as_of, prec=prec))
    out = pd.DataFrame(index=raw.index)
    out["year"] = counts["year"]
    out["series"] = raw["series"].astype("string")
    out["funding_usd"] = pd.array([r["usd"] for r in recs], dtype="Int64")
    out["approximate"] = pd.array([r["approx"] for r in recs], dtype="boolean")
    out["flow_count"] = counts["flow_count"]
    out["as_of"] = pd.to_datetime(pd.Series([r["as_of"] for r in recs], dtype="object")).astype("datetime64[ns]").to_numpy()
    out["as_of_precision"] = pd.array([r["prec"] for r in recs], dtype="string")
    out["scope"] = raw["scope"].astype("string")
    out["preferred"] = preferred
    out["confidence"] = raw["confidence"].astype("string")
    out["_file"] = str(path)
    out["_line"] = out.index.astype(int)
    return out


@dataset(
    "humanitarian_funding",
    raw=[FTS, FTS_SNAPSHOTS],
    description=(
        "Humanitarian funding to North Korea by year (USD): OCHA FTS totals of all flows 2010-2025 (preferred: the "
        "FTS repository extract, except 2022 and 2023, where the published FTS snapshot of 31 Dec 2023 is used), "
        "with other published totals and snapshots for the same or earlier years kept as non-preferred rows."
    ),
    columns=FUNDING_COLUMNS,
)
def build_humanitarian_funding() -> pd.DataFrame:
    return clean_fts(RAW_DIR / FTS, RAW_DIR / FTS_SNAPSHOTS)


# --------------------------------------------------------------------------------------------

APPEAL_COLUMNS = {
    "year": "Appeal year",
    "appeal": "Appeal document (CAP, Overview Funding Document, UNCT appeal, Needs and Priorities, WFP EMOP)",
    "component": "total, or the part of the appeal the requirement covers",
    "requirements_usd": "Requirement (USD)",
    "funding_usd": "Funding reported against the appeal (USD)",
    "funding_as_of": "Date of the funding report (first day of the period)",
    "funding_as_of_precision": "day, month or year",
    "funding_final": "The funding figure is the final one for the year",
    "pct_funded": "Share funded as printed (%)",
    "pct_funded_approximate": "pct_funded is approximate as printed",
    "pct_funded_computed": "funding_usd / requirements_usd * 100, where both are given (%)",
    "confidence": "Confidence grade of the figure as recorded with the raw figures",
}


def clean_appeals(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    raw = read_raw_csv(path, required=["year", "appeal", "component", "requirements", "funding", "funding_as_of",
                                       "funding_status", "pct_funded", "confidence"])
    require_nonempty(raw, ["year", "appeal", "component", "confidence"], file=path)
    require_values(raw, "funding_status", ["", "partial", "final"], file=path)
    require_unique(raw, ["year", "appeal", "component", "funding_as_of"], file=path)
    years = to_counts(raw, ["year"], file=path, allow_missing=False)["year"]
    recs = []
    for line, r in raw.iterrows():
        line = int(line)
        req = parse_figure(r["requirements"], file=path, row=line, column="requirements")
        fund = parse_figure(r["funding"], file=path, row=line, column="funding")
        pct = parse_figure(r["pct_funded"], file=path, row=line, column="pct_funded")
        if pct.value is not None and not pct.percent:
            raise DataError("pct_funded must be a percentage", file=path, row=line, column="pct_funded")
        as_of, prec = parse_date(r["funding_as_of"], file=path, row=line, column="funding_as_of")
        if (fund.value is not None or pct.value is not None) and not r["funding_status"]:
            raise DataError("funding given without funding_status", file=path, row=line, column="funding_status")
        requirements = _usd(req, file=path, row=line, column="requirements")
        funding = _usd(fund, file=path, row=line, column="funding")
        recs.append(dict(
            requirements_usd=requirements, funding_usd=funding, funding_as_of=as_of, funding_as_of_precision=prec,
            funding_final=(r["funding_status"] == "final") if r["funding_status"] else None,
            pct_funded=None if pct.value is None else float(pct.value),
            pct_funded_approximate=pct.approximate if pct.value is not None else None,
            pct_funded_computed=100.0 * funding / requirements if funding is not None and requirements else None,
        ))
    f = pd.DataFrame.from_records(recs, index=raw.index)
    out = pd.DataFrame(index=raw.index)
    out["year"] = years
    out["appeal"] = raw["appeal"].astype("string")
    out["component"] = raw["component"].astype("string")
    out["requirements_usd"] = pd.array(f["requirements_usd"].tolist(), dtype="Int64")
    out["funding_usd"] = pd.array(f["funding_usd"].tolist(), dtype="Int64")
    out["funding_as_of"] = pd.to_datetime(pd.Series(f["funding_as_of"].tolist(), dtype="object")).astype("datetime64[ns]").to_numpy()
    out["funding_as_of_precision"] = pd.array(f["funding_as_of_precision"].tolist(), dtype="string")
    out["funding_final"] = pd.array(f["funding_final"].tolist(), dtype="boolean")
    out["pct_funded"] = pd.array(f["pct_funded"].tolist(), dtype="Float64")
    out["pct_funded_approximate"] = pd.array(f["pct_funded_approximate"].tolist(), dtype="boolean")
    out["pct_funded_computed"] = pd.array(f["pct_funded_computed"].tolist(), dtype="Float64")
    out["confidence"] = raw["confidence"].astype("string")
    return out


@dataset(
    "un_appeals",
    raw=[APPEALS],
    description=(
        "UN humanitarian appeals for North Korea: requirements and reported funding (USD) in the years found; "
        "several funding reports per year are kept with their dates. No appeal 2005-2010."
    ),
    columns=APPEAL_COLUMNS,
)
def build_un_appeals() -> pd.DataFrame:
    return clean_appeals(RAW_DIR / APPEALS)


# --------------------------------------------------------------------------------------------

WFP_COLUMNS = {
    "period_label": "Year or period as printed",
    "year_start": "First year",
    "year_end": "Last year",
    "tonnes": "WFP food delivered (metric tonnes; per year when per_year_average)",
    "approximate": "tonnes is approximate as printed",
    "per_year_average": "tonnes is an average or level per year over the period, not a total",
    "preferred": "The row charts use where several rows cover a year",
    "confidence": "Confidence grade of the figure as recorded with the raw figures",
}


def clean_wfp(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    raw = read_raw_csv(path, required=["period", "tonnes", "per_year", "preferred", "confidence"])
    require_nonempty(raw, ["period", "tonnes", "confidence"], file=path)
    per_year = yes_no(raw, "per_year", file=path)
    preferred = yes_no(raw, "preferred", file=path)
    recs = []
    for line, r in raw.iterrows():
        line = int(line)
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", r["period"])
        if not m:
            raise DataError(f"period must be YYYY or YYYY-YYYY, found {r['period']!r}", file=path, row=line, column="period")
        fig = parse_figure(r["tonnes"], file=path, row=line, column="tonnes")
        recs.append(dict(y0=int(m[1]), y1=int(m[2] or m[1]), t=parse_whole(fig, file=path, row=line, column="tonnes"),
                         approx=fig.approximate))
    out = pd.DataFrame(index=raw.index)
    out["period_label"] = raw["period"].astype("string")
    out["year_start"] = pd.array([r["y0"] for r in recs], dtype="Int64")
    out["year_end"] = pd.array([r["y1"] for r in recs], dtype="Int64")
    out["tonnes"] = pd.array([r["t"] for r in recs], dtype="Int64")
    out["approximate"] = pd.array([r["approx"] for r in recs], dtype="boolean")
    out["per_year_average"] = per_year
    out["preferred"] = preferred
    out["confidence"] = raw["confidence"].astype("string")
    # preferred rows must not overlap in years
    covered: dict[int, int] = {}
    for line, r in out[out["preferred"]].iterrows():
        for y in range(int(r["year_start"]), int(r["year_end"]) + 1):
            if y in covered:
                raise DataError(f"year {y} is covered by two preferred rows (first on row {covered[y]})",
                                file=path, row=int(line), column="preferred")
            covered[y] = int(line)
    return out


@dataset(
    "wfp_deliveries",
    raw=[WFP],
    description="WFP food delivered to North Korea (tonnes) by year, 1995-2017 where found; gaps stay empty.",
    columns=WFP_COLUMNS,
)
def build_wfp_deliveries() -> pd.DataFrame:
    return clean_wfp(RAW_DIR / WFP)
