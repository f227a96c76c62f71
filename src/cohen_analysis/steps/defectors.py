"""North Korean defectors (탈북민) arriving in South Korea: the Ministry of Unification's series.

- ``mou_arrivals_by_sex.csv``: the MOU's wide table (Men / Women / Total rows; a ``~1998``
  cumulative column, a grouped ``1999-2001`` column, then one column per year), extended to
  2025 with the MOU's announcements as reported in the press. Grouped periods stay one row.
- ``cumulative_announced.csv``: cumulative arrivals as announced at various dates.
- ``provisional_revisions.csv``: earlier versions of yearly figures beside the current ones.
- ``us_refugee_admissions.csv``: North Koreans admitted to the United States as refugees.
"""

from __future__ import annotations

import pandas as pd

from .. import catalog, parse
from ..errors import DataError
from ..registry import Raw, step

ARRIVALS = "defectors/mou_arrivals_by_sex.csv"
CUMULATIVE = "defectors/cumulative_announced.csv"
REVISIONS = "defectors/provisional_revisions.csv"
US = "defectors/us_refugee_admissions.csv"

#: First year of the MOU's ``~1998`` column: it counts arrivals since the end of the Korean War
#: (armistice of July 1953; the earliest published detail is "607 from the end of the war to 1989").
FIRST_YEAR = 1953
LABEL = "category"
SEX_ROWS = {"Men": "men", "Women": "women"}
#: The periods the MOU table (extended to 2025) must have, in order.
EXPECTED_PERIODS = ["~1998", "1999-2001"] + [str(y) for y in range(2002, 2026)]
#: ``current`` cumulative figures must be reproduced exactly by the yearly table; these may differ.
MAY_DIFFER = ["earlier version", "first announced", "provisional"]
SEXES = ["men", "women", "total"]
URL = r"https?://\S+"


def _sum_check(counts: pd.DataFrame, file, prefix: str = "") -> None:
    """men + women = total wherever all three are given."""
    men, women, total = (counts[prefix + c] for c in SEXES)
    why = "men + women = " + (men + women).map("{:,}".format, na_action="ignore") + ", but total is " + total.map(
        "{:,}".format, na_action="ignore")
    parse.fail(men.notna() & women.notna() & (men + women != total), str, file=file, column=prefix + "total", values=why)


def _counts(frame: pd.DataFrame, columns, file, **kw) -> pd.DataFrame:
    return pd.DataFrame({c: parse.counts(frame, c, file=file, **kw) for c in columns}, index=frame.index)


@step("defectors")
def defectors(raw: Raw) -> pd.DataFrame:
    """The wide table -> one row per period and sex; men + women must equal the published Total."""
    file = raw.path(ARRIVALS)
    frame = raw.read(ARRIVALS, required=[LABEL])
    periods = [c for c in frame.columns if c != LABEL]
    spans, previous = {}, None
    for column in periods:  # the header: each period parsed, following the last without gap or overlap
        try:
            spans[column] = parse.period(column, open_start=FIRST_YEAR)
        except ValueError as exc:
            raise DataError(str(exc), file=file, row=1, column=column) from None
        if previous is not None and spans[column][0] != previous + 1:
            raise DataError(f"period {column!r} starts in {spans[column][0]}, expected {previous + 1} (gap or overlap)",
                            file=file, row=1, column=column)
        previous = spans[column][1]
    missing = [p for p in EXPECTED_PERIODS if p not in spans]
    if missing:
        raise DataError(f"missing required column; the header has {list(frame.columns)}", file=file, row=1, column=missing[0])

    labels = parse.choices(frame, LABEL, [*SEX_ROWS, "Total"], file=file)
    parse.fail(labels.duplicated(), lambda v: f"duplicate row label {v!r}", file=file, column=LABEL, values=labels)
    for label in [*SEX_ROWS, "Total"]:
        if label not in set(labels):
            raise DataError(f"the table has no {label!r} row", file=file, column=LABEL)
    counts = _counts(frame, periods, file, required=True).set_index(labels)
    counts.columns.name = "period"
    total_line = int(labels[labels == "Total"].index[0])
    both = counts.loc["Men"] + counts.loc["Women"]
    bad = both != counts.loc["Total"]
    if bad.any():
        column = bad[bad].index[0]
        raise DataError(f"men + women = {counts.loc['Men', column]:,} + {counts.loc['Women', column]:,} = {both[column]:,}, "
                        f"but the published Total is {counts.loc['Total', column]:,}", file=file, row=total_line, column=column)

    line = pd.Series(labels.index, index=labels.to_numpy())
    tidy = counts.loc[list(SEX_ROWS)].rename_axis("sex").T.stack().rename("arrivals").reset_index()
    tidy["year_start"], tidy["year_end"] = zip(*tidy["period"].map(spans))
    tidy.index = pd.Index(tidy["sex"].map(line), name="line")
    tidy["sex"] = tidy["sex"].map(SEX_ROWS)
    return tidy


def _year_ends(arrivals: pd.DataFrame) -> pd.DataFrame:
    """Cumulative arrivals at the end of each period of the yearly table: derived_men, _women, _total by year."""
    wide = arrivals.pivot_table(index="year_end", columns="sex", values="arrivals", aggfunc="sum").sort_index().cumsum()
    out = wide[["men", "women"]].add_prefix("derived_").astype("Int64")
    out["derived_total"] = out["derived_men"] + out["derived_women"]
    return out


@step("defectors_cumulative")
def defectors_cumulative(raw: Raw) -> pd.DataFrame:
    """Announced cumulatives beside the yearly table's, where the date closes a period of the table.

    A ``current`` figure must be reproduced exactly (each of men / women / total given); one that
    differs must be ``provisional``, ``earlier version`` or ``first announced``: kept, ``matches`` False.
    """
    file = raw.path(CUMULATIVE)
    frame = raw.read(CUMULATIVE)
    parse.text(frame, ["as_of", "total", "source"], file=file, required=True)
    out = parse.text(frame, ["as_of", "note"], file=file).rename(columns={"as_of": "as_of_as_stated"})
    out["status"] = parse.choices(frame, "status", catalog.spec("defectors_cumulative").fields["status"].allowed(), file=file)
    counts = _counts(frame, SEXES, file)
    out["as_of"], out["as_of_precision"] = parse.dates(frame, "as_of", file=file, iso=False)
    out["year"] = out["as_of"].dt.year.astype("Int64")
    _sum_check(counts, file)

    year_end = (out["as_of_precision"] == "day") & (out["as_of"].dt.strftime("%m-%d") == "12-31")
    derived = _year_ends(raw.dataset("defectors")).reindex(out["year"].where(year_end)).set_axis(out.index)
    comparable = derived["derived_total"].notna()
    differs = pd.DataFrame({c: (counts[c] != derived[f"derived_{c}"]).fillna(False) for c in SEXES}) & comparable.to_numpy()[:, None]
    unmarked = differs.any(axis=1) & ~out["status"].isin(MAY_DIFFER)
    if unmarked.any():
        line = unmarked.idxmax()
        c = differs.loc[line].idxmax()
        raise DataError(f"announced {c} {counts.at[line, c]:,} ({out.at[line, 'status']}) differs from the table's cumulative "
                        f"{derived.at[line, 'derived_' + c]:,}; mark it as one of {MAY_DIFFER} if the source documents it as such",
                        file=file, row=int(line), column=c)
    parse.fail((out["status"] == "current") & ~comparable, "a 'current' figure must be a year-end the yearly table can reproduce",
               file=file, column="as_of")
    out = out.join(counts.add_prefix("announced_")).join(derived)
    out["matches"] = (~differs.any(axis=1)).where(comparable).astype("boolean")
    out["difference_total"] = out["announced_total"] - out["derived_total"]
    out["source_urls"] = parse.lists(frame, "source", file=file, pattern=URL)
    return out


@step("defector_revisions")
def defector_revisions(raw: Raw) -> pd.DataFrame:
    """Earlier versions beside the current figures, which must equal the yearly table's (the files cannot drift apart)."""
    file = raw.path(REVISIONS)
    frame = raw.read(REVISIONS)
    arrivals = raw.dataset("defectors")
    parse.text(frame, ["period", "kind", "announced_by", "total", "current_total", "current_source"], file=file, required=True)
    out = parse.text(frame, ["period", "kind", "announced_by", "source", "current_source", "note"], file=file)
    parse.choices(frame, "period", list(dict.fromkeys(arrivals["period"])), file=file)
    given = _counts(frame, ["men", "women", "total", "current_men", "current_women", "current_total"], file)
    _sum_check(given, file)
    _sum_check(given, file, "current_")

    table = arrivals.pivot_table(index="period", columns="sex", values="arrivals", aggfunc="sum")
    table["total"] = table["men"] + table["women"]
    current = table.reindex(out["period"]).set_axis(out.index).astype("Int64")
    for c in SEXES:
        stated = given["current_" + c]
        why = (f"current {c} " + stated.map("{:,}".format, na_action="ignore") + " differs from the yearly table's "
               + current[c].map("{:,}".format) + " for " + out["period"])
        parse.fail(stated.notna() & (stated != current[c]), str, file=file, column="current_" + c, values=why)
    out["announced_date"], out["announced_date_precision"] = parse.dates(frame, "announced", file=file, iso=False)
    spans = arrivals.drop_duplicates("period").set_index("period")[["year_start", "year_end"]]
    out = out.join(spans, on="period")
    for c in SEXES:
        out["announced_" + c] = given[c]
        out["current_" + c] = current[c]
        out["change_" + c] = current[c] - given[c]
    return out.rename(columns={"source": "source_url", "current_source": "current_source_url"})


@step("us_refugee_admissions")
def us_refugee_admissions(raw: Raw) -> pd.DataFrame:
    """One row per fiscal year (or combined years) as published, without gap or overlap; a count is
    missing exactly where the source column says 'not found'."""
    file = raw.path(US)
    frame = raw.read(US)
    out = parse.text(frame, ["fiscal_year", "source", "note"], file=file)
    parse.text(frame, ["fiscal_year", "source"], file=file, required=True)
    out["admitted"] = parse.counts(frame, "admitted", file=file)
    years = out["fiscal_year"].str.extract(r"^FY(\d{4})(?:[+-]FY(\d{4}))?$").astype("Int64")
    out["fy_start"], out["fy_end"] = years[0], years[1].fillna(years[0])
    parse.fail(years[0].isna() | (years[1] <= years[0]),
               lambda v: f"fiscal year {v!r} is not 'FYYYYY', 'FYYYYY+FYYYYY' or 'FYYYYY-FYYYYY'",
               file=file, column="fiscal_year", values=out["fiscal_year"])
    expected = out["fy_end"].shift() + 1
    parse.fail(expected.notna() & (out["fy_start"] != expected),
               lambda v: f"starts in FY{v[0]}, expected FY{v[1]} (gap or overlap)", file=file, column="fiscal_year",
               values=pd.Series(list(zip(out["fy_start"], expected)), index=out.index))
    parse.fail(out["admitted"].isna() != (out["source"] == "not found"), "count must be empty exactly where source is 'not found'",
               file=file, column="admitted")
    out["derived"] = out["source"] == "derived"
    urls = out[["source"]].mask(out[["source"]].isin(["derived", "not found"]))
    out["source_urls"] = parse.lists(urls, "source", file=file, pattern=URL)
    return out.drop(columns="source")
