"""Defector arrivals in South Korea: the computations behind ``notebooks/defectors.ipynb``.

The Ministry of Unification (MOU) publishes two grouped periods, ``~1998`` (every arrival from
1953 to the end of 1998, a stock) and ``1999-2001`` (one three-year total), then single years.
Grouped periods are never spread over years. A year range selects a period **only if the
period lies entirely within it**: ``start_year=1998`` leaves ``~1998`` out (it starts in 1953),
``start_year=2000`` leaves ``1999-2001`` out and starts with 2002.

Cumulative totals are always counted from 1953, whatever the year range. The table gives them
only at the end of a period (end-1998, end-2001, end-2002, ...); the cumulative "at" a date is
the one at the last such year-end on or before it.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ..charts import decimal_year  # noqa: F401  (re-exported for the notebook)
from ..notebook import ParameterError

__all__ = [
    "COLLAPSE_YEARS",
    "announced_points",
    "check_as_of",
    "check_split",
    "collapse",
    "decimal_year",
    "cumulative_at",
    "extreme_year",
    "largest_revision",
    "parse_as_of",
    "period_table",
    "resolve_end_year",
    "revisions_in",
    "select_periods",
    "selection_label",
    "span_label",
    "totals",
    "year_end_series",
    "year_span",
]

#: The COVID-19 border closure: North Korea sealed its border in January 2020 (to 2023).
COLLAPSE_YEARS = (2020, 2021, 2022)
#: The last full year before the closure, the baseline of the collapse.
BASELINE_YEAR = 2019


def _load(name: str) -> pd.DataFrame:
    import cohen_analysis as ca

    return ca.load(name)


# ---------------------------------------------------------------------------------- parameters
def year_span(arrivals: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last year the table covers: (1953, <latest year>)."""
    arrivals = _load("defectors") if arrivals is None else arrivals
    return int(arrivals["year_start"].min()), int(arrivals["year_end"].max())


def resolve_end_year(end_year, arrivals: pd.DataFrame | None = None):
    """``None`` -> the latest year in the data; anything else is returned unchanged (checked later)."""
    return year_span(arrivals)[1] if end_year is None else end_year


def check_split(split_by_sex) -> None:
    if not isinstance(split_by_sex, bool):
        raise ParameterError(f"parameter split_by_sex={split_by_sex!r} must be True or False")


def parse_as_of(as_of) -> pd.Timestamp:
    """``'YYYY-MM-DD'`` -> Timestamp; anything else raises :class:`ParameterError`."""
    if not isinstance(as_of, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of.strip()):
        raise ParameterError(f"parameter as_of={as_of!r} must be a date written 'YYYY-MM-DD', e.g. '2010-06-16'")
    try:
        return pd.Timestamp(dt.date.fromisoformat(as_of.strip()))
    except ValueError:
        raise ParameterError(f"parameter as_of={as_of!r} is not a real date") from None


# --------------------------------------------------------------------------------- periods
def period_table(arrivals: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per period, in time order: period, year_start, year_end, years, grouped, men, women,
    total, women_share (0-1)."""
    arrivals = _load("defectors") if arrivals is None else arrivals
    wide = arrivals.pivot_table(
        index=["period", "year_start", "year_end"], columns="sex", values="arrivals", aggfunc="sum"
    ).reset_index()
    wide = wide.sort_values("year_start").reset_index(drop=True)
    wide.columns.name = None
    out = pd.DataFrame(
        {
            "period": wide["period"].astype("string"),
            "year_start": wide["year_start"].astype("int64"),
            "year_end": wide["year_end"].astype("int64"),
        }
    )
    out["years"] = out["year_end"] - out["year_start"] + 1
    out["grouped"] = out["years"] > 1
    out["men"] = wide["men"].astype("int64")
    out["women"] = wide["women"].astype("int64")
    out["total"] = out["men"] + out["women"]
    out["women_share"] = out["women"] / out["total"]
    return out


def select_periods(table: pd.DataFrame, start_year: int, end_year: int) -> pd.DataFrame:
    """The periods lying entirely within ``start_year``-``end_year`` (grouped periods included
    only whole). Raises :class:`ParameterError` when none does."""
    sel = table[(table["year_start"] >= start_year) & (table["year_end"] <= end_year)].reset_index(drop=True)
    if sel.empty:
        grouped = ", ".join(
            p if p == f"{a}-{b}" else f"{p} ({a}-{b})" for p, a, b in table.loc[table["grouped"], ["period", "year_start", "year_end"]].itertuples(index=False)
        )
        raise ParameterError(
            f"no period lies entirely within start_year={start_year} to end_year={end_year}; "
            f"the table publishes grouped periods {grouped} as single totals"
        )
    return sel


def selection_label(sel: pd.DataFrame) -> str:
    """``'1999-2001 to 2025'``: first and last period of a selection."""
    first, last = str(sel["period"].iloc[0]), str(sel["period"].iloc[-1])
    return first if first == last else f"{first} to {last}"


def totals(sel: pd.DataFrame) -> dict:
    """Arrivals in the selected periods: men, women, total and women's share (0-1)."""
    men, women = int(sel["men"].sum()), int(sel["women"].sum())
    return {"men": men, "women": women, "total": men + women, "women_share": women / (men + women)}


def extreme_year(sel: pd.DataFrame, which: str = "max") -> tuple[int, int] | None:
    """(year, arrivals) of the single year with most (``'max'``) or fewest (``'min'``) arrivals.

    Grouped periods are not years and never count; ``None`` when the selection has no single year.
    """
    single = sel[~sel["grouped"]]
    if single.empty:
        return None
    row = single.loc[single["total"].idxmax() if which == "max" else single["total"].idxmin()]
    return int(row["year_start"]), int(row["total"])


def collapse(table: pd.DataFrame) -> dict | None:
    """Arrivals in 2019 and in each year of the border closure 2020-2022, and the fall 2019 -> 2021.

    ``None`` when the table lacks one of those years.
    """
    single = table[~table["grouped"]].set_index("year_start")["total"]
    years = (BASELINE_YEAR, *COLLAPSE_YEARS)
    if not all(y in single.index for y in years):
        return None
    out = {y: int(single[y]) for y in years}
    low = min(COLLAPSE_YEARS, key=lambda y: out[y])
    return {
        "by_year": out,
        "low_year": low,
        "low": out[low],
        "change_pct": 100 * (out[low] - out[BASELINE_YEAR]) / out[BASELINE_YEAR],
    }


# ------------------------------------------------------------------------------- cumulative
def year_end_series(arrivals: pd.DataFrame | None = None) -> pd.DataFrame:
    """Cumulative arrivals since 1953 at each year-end the table gives: year, date, men, women, total.

    There are no year-ends 1999 and 2000 (the table groups 1999-2001).
    """
    table = period_table(arrivals)
    out = pd.DataFrame(
        {
            "year": table["year_end"],
            "men": table["men"].cumsum(),
            "women": table["women"].cumsum(),
        }
    )
    out["total"] = out["men"] + out["women"]
    out.insert(1, "date", pd.to_datetime([f"{y}-12-31" for y in out["year"]]))
    return out


def check_as_of(as_of, series: pd.DataFrame) -> pd.Timestamp:
    """Parse ``as_of`` and check the table can give a cumulative for it.

    It must fall on or after the first year-end of the table (end-1998) and no later than the
    year after the last one (a date in 2026 reports end-2025; one in 2027 would need end-2026).
    """
    date = parse_as_of(as_of)
    first, last = series["date"].min(), series["date"].max()
    if date < first:
        raise ParameterError(
            f"parameter as_of={as_of!r} is before the data: the table's first cumulative is at {first:%Y-%m-%d}"
        )
    if date.year - 1 > last.year:
        raise ParameterError(
            f"parameter as_of={as_of!r} is after the data: the table runs to {last:%Y-%m-%d}, so it has no "
            f"cumulative for end-{date.year - 1}"
        )
    return date


def cumulative_at(as_of, series: pd.DataFrame) -> dict:
    """The cumulative at the last year-end on or before ``as_of`` (checked by :func:`check_as_of`).

    Returns ``{"as_of", "date", "year", "men", "women", "total", "gap_note"}``; ``gap_note`` says so
    when the year-end just before ``as_of`` is missing because the table groups 1999-2001.
    """
    date = check_as_of(as_of, series)
    row = series[series["date"] <= date].iloc[-1]
    wanted = date.year if (date.month, date.day) == (12, 31) else date.year - 1
    note = None
    if int(row["year"]) != wanted:
        note = f"the table gives no cumulative at end-{wanted} (it groups 1999-2001); end-{int(row['year'])} is the last before"
    return {
        "as_of": date, "date": row["date"], "year": int(row["year"]), "men": int(row["men"]),
        "women": int(row["women"]), "total": int(row["total"]), "gap_note": note,
    }


def announced_points(cumulative: pd.DataFrame | None = None, *, start=None, end=None) -> pd.DataFrame:
    """Announced cumulatives (one row each) with ``agreement`` of the *total*: 'same total as the
    table', 'differs from the table' (a year-end the table gives, another total) or 'not comparable'
    (a date the table cannot give: mid-year, or a year-end inside a grouped period); optionally
    only those dated ``start`` <= as_of <= ``end``. (``matches`` also compares the split by
    sex: end-2001 and end-2017 have the table's total but another split.)"""
    cumulative = _load("defectors_cumulative") if cumulative is None else cumulative
    out = cumulative[["as_of", "as_of_as_stated", "status", "announced_total", "derived_total", "difference_total",
                      "matches"]].copy()
    diff = out["difference_total"]
    out["agreement"] = "not comparable"
    out.loc[diff.eq(0).fillna(False).to_numpy(dtype=bool), "agreement"] = "same total as the table"
    out.loc[diff.ne(0).fillna(False).to_numpy(dtype=bool), "agreement"] = "differs from the table"
    if start is not None:
        out = out[out["as_of"] >= pd.Timestamp(start)]
    if end is not None:
        out = out[out["as_of"] <= pd.Timestamp(end)]
    return out.reset_index(drop=True)


# -------------------------------------------------------------------------------- revisions
def revisions_in(sel: pd.DataFrame, revisions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Earlier versions of the figures of the selected periods (all kinds), in period order."""
    revisions = _load("defector_revisions") if revisions is None else revisions
    order = {p: i for i, p in enumerate(sel["period"])}
    out = revisions[revisions["period"].isin(list(order))].copy()
    out["_order"] = out["period"].map(order)
    return out.sort_values(["_order", "kind"], kind="stable").drop(columns="_order").reset_index(drop=True)


def largest_revision(revs: pd.DataFrame, kind: str = "provisional") -> dict | None:
    """The ``kind`` figure revised most (by absolute change of the total): period, first, current, change.

    Ties go to the later period. ``None`` when there is no such figure.
    """
    rows = revs[revs["kind"] == kind]
    if rows.empty:
        return None
    size = rows["change_total"].astype("int64").abs()
    best = rows.loc[size[size == size.max()].index[-1]]
    return {
        "period": str(best["period"]), "first": int(best["announced_total"]), "current": int(best["current_total"]),
        "change": int(best["change_total"]),
    }


def span_label(sel: pd.DataFrame) -> str:
    """``'1999-2025'``: the years a selection covers (exact, since grouped periods are taken whole)."""
    a, b = int(sel["year_start"].min()), int(sel["year_end"].max())
    return str(a) if a == b else f"{a}-{b}"
