"""Separated families: the computations behind ``notebooks/separated_families.ipynb``.

The Ministry of Unification (MOU) register counts South Korean applicants for reunion with
family in the North: ``registered`` (ever, since 1988) = ``deceased`` + ``surviving``, each at
the date a source reports it. Figures are point-in-time and irregular; nothing is interpolated.

- Headline "now" figures follow :func:`cohen_analysis.analysis.headline.headline`: among the
  dated rows with an exact survivor count (not '~'), the latest one of the highest confidence
  grade present; rows dated after it (lower confidence) are returned under ``newer``, to be shown
  beside it and labelled with their grade.
- The people who met at a reunion round are the persons on both sides (visitors + relatives
  met), counted only where the sources cover the whole round (rounds 20 and 21: batch 1 only;
  rounds 13-15: no counts). The number "still waiting" at a round is the last exact survivor
  count published on or before the round began (none before February 2007).
- The projection starts from the latest exact year-end survivor count and applies constant
  annual death rates (:func:`project_survivors`); "observed" rates are the min and max of
  :func:`observed_death_rates`.
"""

from __future__ import annotations

import math
from typing import Iterable

import pandas as pd

from ..notebook import ParameterError
from .headline import headline

__all__ = [
    "RATE_SOURCES",
    "applicant_series",
    "check_projection",
    "death_rates",
    "latest_counts",
    "latest_share_90plus",
    "observed_death_rates",
    "project_survivors",
    "projection",
    "projection_base",
    "round_table",
    "rounds_summary",
    "share_90plus_series",
    "with_gaps",
    "year_span",
]

RATE_SOURCES = ("observed", "manual")
#: Consecutive figures further apart than this are not joined by a line (a gap stays a gap).
MAX_GAP_DAYS = 731
#: Projections further ahead than this are refused (the constant-rate assumption is too weak).
MAX_PROJECTION_YEARS = 40


def _load(name: str) -> pd.DataFrame:
    import cohen_analysis as ca

    return ca.load(name)


# ------------------------------------------------------------------------------------ series
def applicant_series(applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dated rows of the register (the undated row is left out), in time order."""
    a = _load("separated_families") if applicants is None else applicants
    cols = ["as_of", "as_of_precision", "registered", "registered_approximate", "deceased", "deceased_approximate",
            "surviving", "surviving_approximate", "share_90plus_pct", "share_90plus_derived", "confidence"]
    return a.loc[a["as_of"].notna(), cols].sort_values("as_of", kind="stable").reset_index(drop=True)


def year_span(applicants: pd.DataFrame | None = None) -> tuple[int, int]:
    """First and last year of the dated register figures."""
    s = applicant_series(applicants)
    return int(s["as_of"].dt.year.min()), int(s["as_of"].dt.year.max())


def with_gaps(frame: pd.DataFrame, column: str, *, date: str = "as_of", max_gap_days: int = MAX_GAP_DAYS) -> pd.DataFrame:
    """The rows where ``column`` is known, with a blank row inserted inside every gap longer than
    ``max_gap_days`` so that a line drawn through them breaks there. Columns: date, value."""
    s = frame.loc[frame[column].notna(), [date, column]].sort_values(date)
    rows = []
    prev = None
    for d, v in zip(s[date], s[column]):
        if prev is not None and (d - prev).days > max_gap_days:
            rows.append((prev + (d - prev) / 2, math.nan))
        rows.append((d, float(v)))
        prev = d
    return pd.DataFrame(rows, columns=[date, "value"])


def _counts(r: pd.Series) -> dict:
    return {
        "as_of": r["as_of"],
        "registered": int(r["registered"]) if pd.notna(r["registered"]) else None,
        "registered_approximate": bool(r["registered_approximate"]),
        "deceased": int(r["deceased"]) if pd.notna(r["deceased"]) else None,
        "deceased_approximate": bool(r["deceased_approximate"]),
        "surviving": int(r["surviving"]),
        "confidence": str(r["confidence"]),
    }


def latest_counts(applicants: pd.DataFrame | None = None) -> dict:
    """The headline register figures: the latest dated row with an exact survivor count at the
    highest confidence grade present (see :mod:`cohen_analysis.analysis.headline`).

    Keys: as_of, registered, deceased, surviving, confidence, whether registered/deceased are
    approximate, and ``newer``: the same keys for each later row of lower confidence, oldest first.
    """
    s = applicant_series(applicants)
    s = s[s["surviving"].notna() & ~s["surviving_approximate"].fillna(False)]
    h = headline(s, date="as_of")
    out = _counts(h.row)
    out["newer"] = [_counts(r) for _, r in h.newer.iterrows()]
    return out


def share_90plus_series(applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Dated rows with a share of survivors aged 90+ (%): as_of, share_90plus_pct, derived, confidence."""
    s = applicant_series(applicants)
    s = s[s["share_90plus_pct"].notna()]
    return pd.DataFrame({
        "as_of": s["as_of"].to_numpy(),
        "share_90plus_pct": s["share_90plus_pct"].astype(float).to_numpy(),
        "derived": s["share_90plus_derived"].fillna(False).astype(bool).to_numpy(),
        "confidence": s["confidence"].astype(str).to_numpy(),
    })


def latest_share_90plus(applicants: pd.DataFrame | None = None) -> dict:
    """The headline share aged 90+ (same rule as :func:`latest_counts`); ``newer`` lists later,
    lower-confidence shares."""
    h = headline(share_90plus_series(applicants), date="as_of")

    def one(r):
        return {"as_of": r["as_of"], "share_90plus_pct": float(r["share_90plus_pct"]), "derived": bool(r["derived"]),
                "confidence": str(r["confidence"])}

    out = one(h.row)
    out["newer"] = [one(r) for _, r in h.newer.iterrows()]
    return out


# ------------------------------------------------------------------------------------ rounds
def round_table(reunions: pd.DataFrame | None = None, applicants: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per numbered reunion round (1-21), in order.

    Columns: round, type, start, end, south_persons, north_persons, persons (both sides, <NA>
    unless both are known), persons_complete (the counts cover the whole round), scope,
    waiting (last exact survivor count on or before ``start``; <NA> before the first one),
    waiting_as_of.
    """
    r = _load("reunions") if reunions is None else reunions
    s = applicant_series(applicants)
    s = s[s["surviving"].notna() & ~s["surviving_approximate"].fillna(False)]
    r = r[r["round"].notna()].sort_values("round")
    rows = []
    for _, x in r.iterrows():
        south, north = x["south_persons"], x["north_persons"]
        both = pd.notna(south) and pd.notna(north)
        before = s[s["as_of"] <= x["start"]]
        rows.append({
            "round": int(x["round"]),
            "type": str(x["type"]),
            "start": x["start"],
            "end": x["end"],
            "south_persons": south,
            "north_persons": north,
            "persons": int(south) + int(north) if both else None,
            "persons_complete": bool(x["persons_complete"]) if pd.notna(x["persons_complete"]) else False,
            "scope": x["persons_scope"] if pd.notna(x["persons_scope"]) else None,
            "waiting": int(before["surviving"].iloc[-1]) if len(before) else None,
            "waiting_as_of": before["as_of"].iloc[-1] if len(before) else pd.NaT,
        })
    out = pd.DataFrame(rows)
    for col in ("south_persons", "north_persons", "persons", "waiting"):
        out[col] = pd.array(out[col].tolist(), dtype="Int64")
    out["scope"] = out["scope"].astype("string")
    out["waiting_as_of"] = pd.to_datetime(out["waiting_as_of"])
    return out


def rounds_summary(table: pd.DataFrame, start_year: int | None = None) -> dict:
    """Rounds starting in or after ``start_year``: how many, how many with complete counts, and
    the persons who met at those (both sides). Partial counts are added up separately."""
    t = table if start_year is None else table[table["start"].dt.year >= start_year]
    complete = t[t["persons_complete"] & t["persons"].notna()]
    partial = t[~t["persons_complete"] & t["persons"].notna()]
    return {
        "rounds": len(t),
        "first": t["start"].min() if len(t) else pd.NaT,
        "last": t["start"].max() if len(t) else pd.NaT,
        "rounds_complete": len(complete),
        "persons_complete": int(complete["persons"].sum()),
        "rounds_partial": len(partial),
        "persons_partial": int(partial["persons"].sum()),
        "rounds_unknown": len(t) - len(complete) - len(partial),
    }


# -------------------------------------------------------------------------------- projection
def death_rates(applicants: pd.DataFrame | None = None, deaths: pd.DataFrame | None = None) -> pd.DataFrame:
    """Observed annual death rates (see :func:`observed_death_rates`)."""
    a = _load("separated_families") if applicants is None else applicants
    d = _load("separated_family_deaths") if deaths is None else deaths
    return observed_death_rates(a, d)


def observed_death_rates(applicants: pd.DataFrame, deaths: pd.DataFrame) -> pd.DataFrame:
    """Annual death rate = preferred full-year deaths of year Y / survivors at 31 Dec Y-1.

    Only years whose previous year-end survivor count is exact (not '~') are used.
    Returns columns year, deaths, survivors_start, rate.
    """
    ye = applicants[
        (applicants["as_of_precision"] == "day") & (applicants["as_of"].dt.month == 12) & (applicants["as_of"].dt.day == 31)
        & applicants["surviving"].notna() & ~applicants["surviving_approximate"].fillna(False)
    ]
    start = {int(y) + 1: int(s) for y, s in zip(ye["as_of"].dt.year, ye["surviving"])}
    d = deaths[deaths["preferred"].fillna(False) & deaths["full_year"].fillna(False) & (deaths["year_start"] == deaths["year_end"])]
    rows = [
        dict(year=int(y), deaths=int(n), survivors_start=start[int(y)], rate=int(n) / start[int(y)])
        for y, n in zip(d["year_start"], d["deaths"]) if int(y) in start
    ]
    return pd.DataFrame(rows, columns=["year", "deaths", "survivors_start", "rate"])


def project_survivors(surviving: int, death_rates: Iterable[float], years: int, *, start_year: int | None = None) -> pd.DataFrame:
    """Project surviving applicants forward as a LOW/HIGH range under observed annual death rates.

    ``surviving`` is the latest survivor count; ``death_rates`` are observed annual rates
    (deaths in a year / survivors at the start of it, e.g. from :func:`observed_death_rates`);
    the range uses the highest rate for LOW and the lowest for HIGH:

        low(t)  = surviving * (1 - max(rates)) ** t
        high(t) = surviving * (1 - min(rates)) ** t,   t = 0 .. years

    Assumptions (state them on any chart): constant rates (in reality they rise as the cohort
    ages, so the range is optimistic in later years); a closed cohort (no new registrations,
    which ran at a few hundred a year); no reunions or other exits. Values are expected
    persons, not rounded. Returns columns ``t``, ``year`` (when ``start_year`` is given, else
    <NA>), ``surviving_low`` and ``surviving_high``.
    """
    rates = [float(r) for r in death_rates]
    if not rates:
        raise ValueError("need at least one observed death rate")
    if any(not (0 < r < 1) or math.isnan(r) for r in rates):
        raise ValueError(f"death rates must lie strictly between 0 and 1, got {rates}")
    if surviving <= 0 or years < 1:
        raise ValueError("surviving must be positive and years at least 1")
    t = list(range(years + 1))
    return pd.DataFrame(
        {
            "t": pd.array(t, dtype="Int64"),
            "year": pd.array([start_year + i if start_year is not None else None for i in t], dtype="Int64"),
            "surviving_low": pd.array([surviving * (1 - max(rates)) ** i for i in t], dtype="Float64"),
            "surviving_high": pd.array([surviving * (1 - min(rates)) ** i for i in t], dtype="Float64"),
        }
    )


def check_projection(projection_end_year, rate_source, rate_low, rate_high, *, base_year: int) -> None:
    """Validate the projection parameters; raises :class:`ParameterError` naming the parameter."""
    if isinstance(projection_end_year, bool) or not isinstance(projection_end_year, int):
        raise ParameterError(f"parameter projection_end_year={projection_end_year!r} must be a whole year")
    if not base_year < projection_end_year <= base_year + MAX_PROJECTION_YEARS:
        raise ParameterError(
            f"parameter projection_end_year={projection_end_year} must lie after {base_year} (the last year-end "
            f"survivor count) and no later than {base_year + MAX_PROJECTION_YEARS}"
        )
    if rate_source not in RATE_SOURCES:
        raise ParameterError(f"parameter rate_source={rate_source!r} is not one of {list(RATE_SOURCES)}")
    if rate_source == "observed":
        if rate_low is not None or rate_high is not None:
            raise ParameterError(
                "parameters rate_low/rate_high are only used with rate_source='manual'; leave them None "
                "with rate_source='observed'"
            )
        return
    for name, value in (("rate_low", rate_low), ("rate_high", rate_high)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            raise ParameterError(
                f"parameter {name}={value!r} must be an annual death rate strictly between 0 and 1 "
                "(e.g. 0.07 for 7% a year) when rate_source='manual'"
            )
    if rate_low > rate_high:
        raise ParameterError(f"parameter rate_low={rate_low} is above rate_high={rate_high}")


def projection_base(applicants: pd.DataFrame | None = None) -> dict:
    """The latest exact year-end (31 December) survivor count: year, as_of, surviving."""
    s = applicant_series(applicants)
    ye = s[(s["as_of_precision"] == "day") & (s["as_of"].dt.month == 12) & (s["as_of"].dt.day == 31)
           & s["surviving"].notna() & ~s["surviving_approximate"].fillna(False)]
    r = ye.iloc[-1]
    return {"year": int(r["as_of"].year), "as_of": r["as_of"], "surviving": int(r["surviving"])}


def projection(end_year: int, rate_source: str = "observed", rate_low: float | None = None,
               rate_high: float | None = None, *, applicants: pd.DataFrame | None = None,
               deaths: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict]:
    """Survivors projected from the latest exact year-end count to 31 December of ``end_year``.

    Returns ``(frame, assumptions)``: the frame of ``project_survivors`` plus ``as_of`` (31 Dec of
    each year); assumptions holds base (year, surviving), the rates used (low, high) and, for
    "observed", the years they come from.
    """
    a = _load("separated_families") if applicants is None else applicants
    base = projection_base(a)
    check_projection(end_year, rate_source, rate_low, rate_high, base_year=base["year"])
    if rate_source == "observed":
        obs = death_rates(a, deaths)
        rates = obs["rate"].tolist()
        years = obs["year"].astype(int).tolist()
    else:
        rates, years = [float(rate_low), float(rate_high)], []
    frame = project_survivors(base["surviving"], rates, end_year - base["year"], start_year=base["year"])
    frame["as_of"] = pd.to_datetime([f"{int(y)}-12-31" for y in frame["year"]])
    assumptions = {
        "rate_source": rate_source,
        "base_year": base["year"],
        "base_surviving": base["surviving"],
        "rate_low": min(rates),
        "rate_high": max(rates),
        "rate_years": years,
    }
    return frame, assumptions
