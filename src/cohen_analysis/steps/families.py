"""Korean-War separated families (``data/raw/families/``): registered applicants, deaths per year,
reunion rounds and exchange totals.

The raw files keep figures as the sources print them ("~106,000", "14,589 (12.4%)", "3.9%"):
these steps read them with :func:`cohen_analysis.parse.figures`, flag approximations, check the
totals the sources imply, and derive nothing silently (derived values carry a flag).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import parse
from ..errors import DataError
from ..registry import Raw, after, step

APPLICANTS = "families/mou_registered_applicants.csv"
DEATHS = "families/annual_deaths.csv"
REUNIONS = "families/reunion_rounds.csv"
EXCHANGES = "families/exchange_totals.csv"

AGE_BANDS = ["90plus", "80_89", "70_79", "60_69", "59_or_under"]
PERSONS = ["south_persons", "north_persons", "south_visitors", "south_relatives", "north_visitors",
           "north_relatives", "persons_total"]


def _n(series: pd.Series) -> pd.Series:
    """Counts as a message shows them ('133,000')."""
    return series.map(lambda v: f"{v:,}", na_action="ignore").astype("string")


def _counts(frame: pd.DataFrame, out: pd.DataFrame, columns: dict[str, str], *, file) -> None:
    """Printed counts into ``out``: each raw column's count and whether it is approximate as printed."""
    for name, col in columns.items():
        out[[name, f"{name}_approximate"]] = parse.figures(frame, col, file=file, integer=True)[["value", "approximate"]]


# ---- registered applicants ---------------------------------------------------------------------


@step("separated_families")
def separated_families(raw: Raw) -> pd.DataFrame:
    """One row per figure date, sorted by date (the undated row first); the checks the figures imply:
    registered = deceased + surviving and age bands adding up to the survivors (unless the raw
    file documents the inconsistency), cumulative counts never falling over time."""
    file = raw.path(APPLICANTS)
    frame = raw.read(APPLICANTS)
    stated = parse.text(frame, "as_of", file=file, required=True)
    parse.text(frame, "registered_total", file=file, required=True)
    out = pd.DataFrame({"as_of_as_stated": stated}, index=frame.index)
    undated = stated.str.startswith("undated")
    out["as_of"], out["as_of_precision"] = parse.dates(frame.assign(as_of=frame["as_of"].mask(undated, "")), "as_of", file=file)
    _counts(frame, out, {"registered": "registered_total", "deceased": "deceased", "surviving": "surviving"}, file=file)

    unit = parse.choices(frame, "age_unit", ["count", "pct"], file=file, required=False)
    pct_unit = (unit == "pct").fillna(False)
    age_approximate = pd.Series(False, index=frame.index)
    for band in AGE_BANDS:
        col = f"surv_{band}"
        figs = parse.figures(frame, col, file=file, allow_alternative=band == "90plus")
        value = figs["value"]
        parse.fail(value.notna() & unit.isna(), "age figure given but age_unit is empty", file=file, column="age_unit")
        parse.fail(value.notna() & pct_unit & ~figs["percent"], lambda v: f"age_unit is pct but {v!r} is not a percentage",
                   file=file, column=col, values=frame[col])
        counts = parse.figures(frame[~pct_unit], col, file=file, integer=True, allow_alternative=band == "90plus")
        out[col] = counts["value"].reindex(frame.index)
        out[f"pct_{band}"] = value.where(pct_unit, figs["share_pct"])
        age_approximate |= value.notna() & figs["approximate"]
        if band == "90plus":  # "A (outlet) / B (outlet)": B is kept beside A
            out["surv_90plus_alt"] = figs["alternative"].astype("Int64")

    f80 = parse.figures(frame, "surv_80plus", file=file, qualifiers=["exact", "about", "more than"])
    out["pct_80plus"] = f80["value"]
    parse.fail(out["pct_80plus"].notna() & ~f80["percent"], "surv_80plus must be a percentage", file=file, column="surv_80plus")
    out["pct_80plus_lower_bound"] = f80["lower_bound"]
    out["age_approximate"] = age_approximate | f80["approximate"]

    printed = out["pct_90plus"].notna()
    computable = out["surv_90plus"].notna() & out["surviving"].fillna(0).ne(0)
    out["share_90plus_pct"] = out["pct_90plus"].where(printed, (100.0 * out["surv_90plus"] / out["surviving"]).where(computable))
    out["share_90plus_derived"] = ~printed & computable
    out["inconsistency_note"] = parse.text(frame, "inconsistency_documented")
    out["derived_fields"] = parse.text(frame, "derived_fields")
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    _check_applicants(out, file)
    return out.sort_values("as_of", na_position="first", kind="stable")


def _check_applicants(out: pd.DataFrame, file) -> None:
    """Sets ``parts_add_up``; raises where parts do not add up and the raw file does not say so."""
    reg, dec, surv = out["registered"], out["deceased"], out["surviving"]
    exact = (reg.notna() & dec.notna() & surv.notna()
             & ~(out["registered_approximate"] | out["deceased_approximate"] | out["surviving_approximate"]))
    adds = (reg == dec + surv).where(exact)
    out["parts_add_up"] = adds
    undocumented = out["inconsistency_note"].isna()
    why = ("registered " + _n(reg) + " != deceased " + _n(dec) + " + surviving " + _n(surv)
           + " (document it in inconsistency_documented if the source prints it so)")
    parse.fail(exact & (adds == False) & undocumented, str, file=file, column="surviving", values=why)  # noqa: E712

    bands = out[[f"surv_{b}" for b in AGE_BANDS]]
    total = bands.sum(axis=1)
    summable = bands.notna().all(axis=1) & surv.notna() & ~out["age_approximate"] & ~out["surviving_approximate"]
    why = "age bands add up to " + _n(total) + ", not to surviving " + _n(surv)
    parse.fail(summable & (total != surv) & undocumented, str, file=file, column="surv_59_or_under", values=why)

    shares = out[[f"pct_{b}" for b in AGE_BANDS]]
    share_total = shares.sum(axis=1)
    parse.fail(shares.notna().all(axis=1) & ~out["age_approximate"] & ((share_total - 100).abs() > 0.5) & undocumented,
               lambda v: f"age-band shares add up to {v:g}%, not 100%", file=file, column="surv_59_or_under", values=share_total)

    dated = out[out["as_of"].notna()].sort_values("as_of", kind="stable")
    for col, raw_col in (("registered", "registered_total"), ("deceased", "deceased")):
        exact_col = dated.loc[dated[col].notna() & ~dated[f"{col}_approximate"], col]
        parse.fail(exact_col.diff() < 0, f"{col} falls below the previous dated figure", file=file, column=raw_col)


# ---- deaths per year ---------------------------------------------------------------------------


def reported_deaths(raw: Raw) -> pd.DataFrame:
    """The deaths per period the sources report (``annual_deaths.csv``), indexed by raw line."""
    file = raw.path(DEATHS)
    frame = raw.read(DEATHS)
    period = parse.text(frame, "period", file=file, required=True)
    parse.fail(~period.str.fullmatch(r"\d{4}(-\d{4})?"), lambda v: f"period must be YYYY or YYYY-YYYY, found {v!r}",
               file=file, column="period", values=period)
    out = pd.DataFrame(index=frame.index)
    out["year_start"], out["year_end"] = parse.periods(frame, "period", file=file)
    months = parse.text(frame, "months", file=file)
    m = months.str.extract(r"^(\d{1,2})-(\d{1,2})$").apply(pd.to_numeric).astype("Int64")
    good = (m[0] >= 1) & (m[0] <= m[1]) & (m[1] <= 12) & (out["year_start"] == out["year_end"])
    parse.fail(months.notna() & ~good.fillna(False), lambda v: f"months must be M-M within one year, found {v!r}",
               file=file, column="months", values=months)
    out["month_start"], out["month_end"] = m[0].fillna(1), m[1].fillna(12)
    out["period_label"] = period + (" (months " + months + ")").fillna("")
    out["full_year"] = (out["month_start"] == 1) & (out["month_end"] == 12)
    parse.text(frame, "deaths", file=file, required=True)
    _counts(frame, out, {"deaths": "deaths"}, file=file)
    out = out.rename(columns={"deaths_approximate": "approximate"})
    out["method"] = "reported"
    out["preferred"] = parse.choices(frame, "preferred", ["yes", "no"], file=file) == "yes"
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    chosen = out[out["preferred"]]
    twice = chosen.duplicated(["year_start", "year_end", "month_start", "month_end"]).reindex(out.index, fill_value=False)
    parse.fail(twice, "two preferred rows for the same period", file=file, column="preferred")
    return out


def derived_deaths(applicants: pd.DataFrame) -> pd.DataFrame:
    """Deaths of year Y = deceased at 31 Dec Y minus deceased at 31 Dec Y-1, where both are exact."""
    a = applicants
    year_end = a[(a["as_of_precision"] == "day") & (a["as_of"].dt.month == 12) & (a["as_of"].dt.day == 31)
                 & a["deceased"].notna() & ~a["deceased_approximate"].fillna(False)]
    by_year = pd.Series(year_end["deceased"].to_numpy(dtype="int64"), index=year_end["as_of"].dt.year.to_numpy()).groupby(level=0).last()
    deaths = (by_year - pd.Series(by_year.to_numpy(), index=by_year.index + 1)).dropna()
    years = pd.Series(deaths.index, dtype="Int64")
    return pd.DataFrame({
        "period_label": years.astype("string") + " (derived)", "year_start": years, "year_end": years,
        "month_start": 1, "month_end": 12, "full_year": True, "deaths": deaths.to_numpy(), "approximate": False,
        "method": "derived", "preferred": False, "confidence": pd.NA, "confidence_note": pd.NA,
    })


def unique_preferred(frame: pd.DataFrame) -> pd.Series:
    """One preferred row per calendar year, so that preferred rows never overlap in time.

    Within each year the choice runs: a full-year row (a reported row the raw file marks
    preferred, else a derived one), else the longest part-year row the raw file marks preferred
    (the latest ``month_end``). A multi-year total is preferred only where none of its years has
    a preferred row of its own. Summing preferred deaths therefore counts no death twice.
    """
    single = (frame["year_start"] == frame["year_end"]).to_numpy(dtype=bool)
    marked, full = frame["preferred"].to_numpy(dtype=bool), frame["full_year"].to_numpy(dtype=bool)
    derived = (frame["method"] == "derived").to_numpy(dtype=bool)
    tier = np.select([single & full & ~derived & marked, single & full & derived, single & ~full & marked], [0, 1, 2], -1)
    pos = np.arange(len(frame))
    part = tier == 2  # among part-year rows: the latest month_end, the last such row
    order = pd.DataFrame({"year": frame["year_start"].to_numpy(), "tier": tier,
                          "month": np.where(part, -frame["month_end"].to_numpy(dtype=int), 0),
                          "pos": np.where(part, -pos, pos)}, index=frame.index)
    picks = order[tier >= 0].sort_values(["year", "tier", "month", "pos"]).groupby("year").head(1).index
    preferred = pd.Series(frame.index.isin(picks), index=frame.index)
    covered = set(frame.loc[preferred, "year_start"].astype(int))
    # the few multi-year totals, in order: each is preferred only if none of its years is taken yet
    for i in frame.index[~single & marked]:
        years = set(range(int(frame.at[i, "year_start"]), int(frame.at[i, "year_end"]) + 1))
        if not years & covered:
            preferred[i], covered = True, covered | years
    return preferred


def combine_deaths(reported: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Reported and derived rows together, in period order, with ``preferred`` unique per calendar year."""
    frame = pd.concat([reported, derived], ignore_index=True)
    frame = frame.sort_values(["year_start", "year_end", "month_end", "method"], kind="stable").reset_index(drop=True)
    frame["preferred"] = unique_preferred(frame)
    return frame


@step("separated_family_deaths")
def separated_family_deaths(raw: Raw) -> pd.DataFrame:
    return combine_deaths(reported_deaths(raw), derived_deaths(raw.dataset("separated_families")))


# ---- reunion rounds and exchange totals ----------------------------------------------------------


@step("reunions")
def reunions(raw: Raw) -> pd.DataFrame:
    """One row per event; person counts on each side summed from visitors and relatives met where
    given (and checked against a stated sum)."""
    file = raw.path(REUNIONS)
    frame = raw.read(REUNIONS)
    out = parse.text(frame, ["venue", "persons_scope"], file=file)
    out["event"] = parse.text(frame, "event", file=file, required=True)
    out["type"] = parse.choices(frame, "type", ["exchange visit", "face-to-face", "video"], file=file)
    out["round"] = pd.to_numeric(out["event"].str.extract(r"^Round (\d+)$")[0]).astype("Int64")
    out["video"] = out["type"] == "video"
    out["aggregate"] = out["event"].str.contains(r"reunions (?:\d+-\d+|total)")
    out["start"], out["start_precision"], out["end"], out["end_precision"] = parse.date_ranges(frame, "dates", file=file)
    _counts(frame, out, {c: c for c in PERSONS + ["families"]}, file=file)
    for col in PERSONS[:-1] + ["families"]:
        parse.fail(out.pop(f"{col}_approximate"), "approximate person counts are only expected in persons_total",
                   file=file, column=col)
    out["persons_total_approximate"] = out["persons_total_approximate"].where(out["persons_total"].notna())
    for side in ("south", "north"):
        visitors, relatives, stated = out[f"{side}_visitors"], out[f"{side}_relatives"], out[f"{side}_persons"]
        both = visitors.notna() & relatives.notna()
        why = f"{side}_persons " + _n(stated) + " != visitors " + _n(visitors) + " + relatives " + _n(relatives)
        parse.fail(both & stated.notna() & (stated != visitors + relatives), str, file=file, column=f"{side}_persons", values=why)
        out[f"{side}_persons"] = stated.mask(both, visitors + relatives)
    has_persons = out[PERSONS].notna().any(axis=1)
    scope = out["persons_scope"]
    parse.fail(has_persons & scope.isna(), "person counts given without persons_scope", file=file, column="persons_scope")
    out["persons_complete"] = scope.str.match(r"all|persons who met families$").where(has_persons)  # 'all ...' or that phrase
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file)
    return out


@after("reunions")
def _rounds_without_gaps(out: pd.DataFrame, raw: Raw) -> None:
    rounds = sorted(out["round"].dropna().astype(int))
    if rounds != list(range(1, len(rounds) + 1)):
        raise DataError(f"round numbers are not 1..{len(rounds)} without gaps", file=raw.path(REUNIONS), column="event")


@step("family_exchange_totals")
def family_exchange_totals(raw: Raw) -> pd.DataFrame:
    file = raw.path(EXCHANGES)
    frame = raw.read(EXCHANGES)
    out = parse.text(frame, ["period", "exchange_type", "channel", "measure", "period_end", "value"], file=file, required=True)
    out = out.rename(columns={"period": "period_label"})
    out["period_start"], out["period_start_precision"] = parse.dates(frame, "period_start", file=file)
    out["period_end"], out["period_end_precision"] = parse.dates(frame, "period_end", file=file)
    out["count"] = parse.figures(frame, "value", file=file, integer=True)["value"]
    out = out.drop(columns="value")
    out["confidence"], out["confidence_note"] = parse.confidence(frame, "confidence", file=file, required=False)
    return out
