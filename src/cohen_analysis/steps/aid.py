"""Humanitarian aid to North Korea (raw files in ``data/raw/aid/``; the datasets declared in ``aid.yaml``)."""

from __future__ import annotations

import pandas as pd

from .. import catalog, parse
from ..errors import DataError
from ..registry import Raw, step

ROK_AID = "aid/mou_aid_to_north_by_year.csv"
ROK_AID_CUMULATIVE = "aid/mou_aid_cumulative.csv"
ROK_AID_REPORTED = "aid/mou_aid_totals_reported.csv"
FTS = "aid/fts_funding_dprk.csv"
FTS_SNAPSHOTS = "aid/fts_published_snapshots.csv"
APPEALS = "aid/un_appeals_dprk.csv"
WFP = "aid/wfp_food_deliveries_dprk.csv"

KRW_UNIT = "억원 (100 million KRW)"
TABLE_SOURCE = "MOU table"
#: raw column -> column of rok_aid, from the smallest part to the grand total
_ROK_COLUMNS = {
    "govt_direct_grant_dangguk": "govt_direct_grant_krw_100m",
    "govt_grant_subtotal_incl_NGO_fund_and_intl_orgs": "govt_grant_krw_100m",
    "govt_total_incl_loans": "govt_total_krw_100m",
    "grand_total": "total_krw_100m",
}



@step("rok_aid")
def rok_aid(raw: Raw) -> pd.DataFrame:
    """The MOU table by year, checked (each part within the next; the unit; the cumulative figures),
    with the totals the MOU reported elsewhere in place of the table's where preferred."""
    yearly = rok_table(raw)
    cumulative_comparison(raw, yearly)  # the cumulative figures come from the same table
    return _apply_reported(yearly, raw)


def rok_table(raw: Raw) -> pd.DataFrame:
    """The MOU table as published: a documented extraction problem blanks that row's grand total."""
    file, frame = raw.path(ROK_AID), raw.read(ROK_AID)
    parse.text(frame, ["year", "unit", "confidence"], file=file, required=True)
    parse.fail(~frame["year"].str.fullmatch(r"\d{4}"), lambda v: f"year must be YYYY, found {v!r}",
               file=file, column="year", values=frame["year"])
    parse.choices(frame, "unit", [KRW_UNIT], file=file)
    flagged = frame["extraction_issue"].str.strip() != ""
    figures = frame.assign(grand_total=frame["grand_total"].mask(flagged, ""))
    out = pd.DataFrame({"year": parse.counts(frame, "year", file=file)})
    for raw_col, col in _ROK_COLUMNS.items():
        out[col] = parse.counts(figures, raw_col, file=file)
    for lower, upper in zip(_ROK_COLUMNS, list(_ROK_COLUMNS)[1:]):
        a, b = out[_ROK_COLUMNS[lower]], out[_ROK_COLUMNS[upper]]
        parse.fail(a > b, lambda i: f"{lower} {a[i]} exceeds {upper} {b[i]} (totals are inconsistent)",
                   file=file, column=upper, values=out.index.to_series())
    out["govt_food_loans_krw_100m"] = out["govt_total_krw_100m"] - out["govt_grant_krw_100m"]
    out["private_krw_100m"] = out["total_krw_100m"] - out["govt_total_krw_100m"]
    out["total_source"] = TABLE_SOURCE
    out["extraction_issue"] = flagged.astype("boolean")
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    return out.sort_values("year")


def cumulative_comparison(raw: Raw, yearly: pd.DataFrame) -> pd.DataFrame:
    """Yearly sums against the cumulative figures (whole years, all known, in 억원): period, series, stated,
    yearly_sum. A sum that differs is an error unless the cumulative file documents the difference."""
    file, cum = raw.path(ROK_AID_CUMULATIVE), raw.read(ROK_AID_CUMULATIVE)
    parse.text(cum, ["period", "period_start", "period_end", "series", "value", "unit"], file=file, required=True)
    start, start_precision = parse.dates(cum, "period_start", file=file)
    end, end_precision = parse.dates(cum, "period_end", file=file)
    parse.figures(cum, "value", file=file)
    column = cum["series"].map(_ROK_COLUMNS)
    comparable = (cum["unit"] == KRW_UNIT) & column.notna() & (start_precision == "year") & (end_precision == "year")
    c = cum[comparable].assign(column=column, y0=start.dt.year, y1=end.dt.year)
    long = yearly.melt(id_vars="year", value_vars=list(_ROK_COLUMNS.values()), var_name="column", value_name="amount")
    pairs = c.reset_index().merge(long, on="column")
    pairs = pairs[(pairs["year"] >= pairs["y0"]) & (pairs["year"] <= pairs["y1"])]
    sums = pairs.groupby("line").agg(n=("year", "size"), blank=("amount", lambda s: s.isna().any()),
                                     yearly_sum=("amount", "sum"))
    c = c.join(sums, how="inner")
    c = c[(c["n"] == c["y1"] - c["y0"] + 1) & ~c["blank"].astype(bool)]  # a year missing or blank: not checkable
    c["stated"] = parse.figures(cum.loc[c.index], "value", file=file, integer=True)["value"]
    c["yearly_sum"] = c["yearly_sum"].astype("Int64")
    bad = (c["yearly_sum"] != c["stated"]) & (c["inconsistency_documented"].str.strip() == "")
    parse.fail(bad, lambda i: f"yearly {c.at[i, 'series']} {c.at[i, 'y0']}-{c.at[i, 'y1']} sum to {c.at[i, 'yearly_sum']:,}, "
               f"the cumulative says {c.at[i, 'stated']:,}", file=file, column="value", values=c.index.to_series())
    return c[["period", "series", "stated", "yearly_sum"]].reset_index(drop=True)


def reported_totals(raw: Raw) -> pd.DataFrame:
    """Totals the MOU reported outside its table (one row per report): year, series, total, preferred,
    confidence, confidence_note; at most one preferred per year."""
    file, frame = raw.path(ROK_AID_REPORTED), raw.read(ROK_AID_REPORTED)
    parse.text(frame, ["year", "series", "total", "unit", "preferred", "confidence", "source"], file=file, required=True)
    parse.choices(frame, "unit", [KRW_UNIT], file=file)
    parse.fail(frame.duplicated(["year", "series"]), "a second report of the series for the year", file=file, column="year")
    parse.dates(frame, "as_of", file=file)
    for col in ("government", "private"):
        parse.counts(frame, col, file=file)
    out = pd.DataFrame({"year": parse.counts(frame, "year", file=file), "series": parse.text(frame, "series"),
                        "total": parse.counts(frame, "total", file=file),
                        "preferred": parse.booleans(frame, "preferred", file=file, required=True)})
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    parse.fail(out["preferred"] & out[out["preferred"]].duplicated("year").reindex(out.index, fill_value=False),
               "two preferred totals for the same year", file=file, column="preferred")
    return out


def _apply_reported(yearly: pd.DataFrame, raw: Raw) -> pd.DataFrame:
    """A preferred reported total replaces the table's (private aid is then blank: its split is not
    known); the reports that differ from the year's total are listed; those that agree raise its grade."""
    file, reported = raw.path(ROK_AID_REPORTED), reported_totals(raw)
    by_year = yearly.reset_index().set_index("year")
    pref = reported[reported["preferred"]]
    parse.fail(~pref["year"].isin(by_year.index), lambda v: f"preferred total for {v}, a year the MOU table does not have",
               file=file, column="year", values=pref["year"])
    govt = pref["year"].map(by_year["govt_total_krw_100m"])
    parse.fail(pref["total"] < govt, lambda i: f"total {pref.at[i, 'total']} is below the table's government total {govt[i]}",
               file=file, column="total", values=pref.index.to_series())
    out = yearly.copy()
    replaced = out["year"].isin(pref["year"])
    new_total, new_source = (out["year"].map(pref.set_index("year")[c]) for c in ("total", "series"))
    table = out[replaced & (out["total_krw_100m"] != new_total).fillna(False)]  # the table's totals replaced
    out["total_krw_100m"] = out["total_krw_100m"].mask(replaced, new_total)
    out["private_krw_100m"] = out["private_krw_100m"].mask(replaced)
    out["total_source"] = out["total_source"].mask(replaced, new_source)
    # every report, the replaced table totals with them, against the year's total
    table = table.assign(series=TABLE_SOURCE, total=table["total_krw_100m"], preferred=False)
    reports = pd.concat([reported, table[list(reported.columns)]])
    reports = reports[reports["year"].isin(out["year"])]
    same = (reports["total"] == reports["year"].map(out.set_index("year")["total_krw_100m"])).fillna(False).astype(bool)
    others = reports[~same]
    listed = (others["total"].map("{:,}".format).astype("string") + " (" + others["series"] + ")").groupby(others["year"]).agg(list)
    out["total_other_reports"] = [listed.get(year, []) for year in out["year"]]
    # the grade of the year's total: the best of the table row (unless replaced) and the reports that agree
    grades = pd.concat([out.loc[~replaced, ["year", "confidence"]], reports.loc[same, ["year", "confidence"]]])
    ranked = grades["confidence"].astype(pd.CategoricalDtype(catalog.vocabulary("confidence"), ordered=True))
    out["total_confidence"] = out["year"].map(ranked.groupby(grades["year"].to_numpy(), observed=True).max()).astype("string")
    return out



def _funding(raw: Raw, rel: str) -> pd.DataFrame:
    file, frame = raw.path(rel), raw.read(rel)
    parse.text(frame, ["year", "series", "total_usd", "scope", "confidence"], file=file, required=True)
    parse.fail(frame.duplicated(["year", "series", "as_of"]), "a second row of the series for the date", file=file, column="year")
    figures = parse.figures(frame, "total_usd", file=file, integer=True)
    out = pd.DataFrame({"year": parse.counts(frame, "year", file=file), "series": parse.text(frame, "series"),
                        "funding_usd": figures["value"], "approximate": figures["approximate"],
                        "flow_count": parse.counts(frame, "flow_count", file=file)})
    out["as_of"], out["as_of_precision"] = parse.dates(frame, "as_of", file=file)
    out["scope"] = parse.text(frame, "scope")
    out["preferred"] = parse.booleans(frame, "preferred", file=file, required=True)
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    return out.assign(file=file, line=frame.index)


@step("humanitarian_funding")
def humanitarian_funding(raw: Raw) -> pd.DataFrame:
    """The FTS extract and the published snapshots, one preferred row a year at most across both files
    (the rows of two files share no line numbers: errors after the step name a row by its key)."""
    out = pd.concat([_funding(raw, FTS), _funding(raw, FTS_SNAPSHOTS)], ignore_index=True)
    pref = out[out["preferred"]]
    dup = pref.duplicated("year")
    if dup.any():
        second = pref[dup].iloc[0]
        first = pref[pref["year"] == second["year"]].iloc[0]
        raise DataError(f"two preferred rows for {second['year']} (the other: {first['file'].name} row {first['line']})",
                        file=second["file"], row=int(second["line"]), column="preferred")
    return out.drop(columns=["file", "line"]).sort_values(["year", "preferred"], ascending=[True, False], ignore_index=True,
                                                          kind="stable")



@step("un_appeals")
def un_appeals(raw: Raw) -> pd.DataFrame:
    file, frame = raw.path(APPEALS), raw.read(APPEALS)
    out = parse.text(frame, ["year", "appeal", "component", "confidence"], file=file, required=True)
    status = parse.choices(frame, "funding_status", ["partial", "final"], file=file, required=False)
    out["year"] = parse.counts(frame, "year", file=file)
    out["requirements_usd"], out["funding_usd"] = (parse.figures(frame, c, file=file, integer=True)["value"]
                                                   for c in ("requirements", "funding"))
    pct = parse.figures(frame, "pct_funded", file=file)
    parse.fail(pct["value"].notna() & ~pct["percent"], "pct_funded must be a percentage", file=file, column="pct_funded")
    out["funding_as_of"], out["funding_as_of_precision"] = parse.dates(frame, "funding_as_of", file=file)
    given = out["funding_usd"].notna() | pct["value"].notna()
    parse.fail(given & status.isna(), "funding given without funding_status", file=file, column="funding_status")
    out["funding_final"] = (status == "final").astype("boolean")
    out["pct_funded"] = pct["value"]
    out["pct_funded_approximate"] = pct["approximate"].where(pct["value"].notna())
    out["pct_funded_computed"] = (100.0 * out["funding_usd"] / out["requirements_usd"]).where(out["requirements_usd"] != 0)
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    return out



@step("wfp_deliveries")
def wfp_deliveries(raw: Raw) -> pd.DataFrame:
    """WFP deliveries by year or period; preferred rows must not overlap in years."""
    file, frame = raw.path(WFP), raw.read(WFP)
    parse.text(frame, ["period", "tonnes", "confidence"], file=file, required=True)
    out = pd.DataFrame({"period_label": parse.text(frame, "period")})
    out["year_start"], out["year_end"] = parse.periods(frame, "period", file=file)
    out[["tonnes", "approximate"]] = parse.figures(frame, "tonnes", file=file, integer=True)[["value", "approximate"]]
    out["per_year_average"] = parse.booleans(frame, "per_year", file=file, required=True)
    out["preferred"] = parse.booleans(frame, "preferred", file=file, required=True)
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    pref = out[out["preferred"]]
    years = pd.Series([range(a, b + 1) for a, b in zip(pref["year_start"], pref["year_end"])], index=pref.index).explode()
    twice = years[years.duplicated()]
    if len(twice):
        year, first = twice.iloc[0], years.index[years == twice.iloc[0]][0]
        raise DataError(f"year {year} is covered by two preferred rows (first on row {first})",
                        file=file, row=int(twice.index[0]), column="preferred")
    return out
