"""Korean-War separated families: registered applicants, deaths per year, reunion rounds.

Raw files (``data/raw/families/``) keep figures as the sources print them ("~106,000",
"14,589 (12.4%)", "3.9%"); this module parses them, flags approximations, checks the totals the
sources imply, and derives nothing silently (derived values carry a flag).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..dates import parse_date_cell
from ..errors import DataError
from ..parse import Figure, figure
from ..io import read_raw_csv
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import require_nonempty, require_unique, require_values

APPLICANTS = "families/mou_registered_applicants.csv"
DEATHS = "families/annual_deaths.csv"
REUNIONS = "families/reunion_rounds.csv"
EXCHANGES = "families/exchange_totals.csv"

AGE_BANDS = ["90plus", "80_89", "70_79", "60_69", "59_or_under"]


# --------------------------------------------------------------------------------------------
# Parsing helpers (shared with aid.py)
# --------------------------------------------------------------------------------------------


def parse_figure(text: str, *, file, row: int, column: str, allow_alternative: bool = False) -> Figure:
    """Parse one printed figure. Raises :class:`DataError` naming file, row and column."""
    try:
        return figure(text, allow_alternative=allow_alternative)
    except ValueError as exc:
        raise DataError(str(exc), file=file, row=row, column=column) from None


def parse_whole(fig: Figure, *, file, row: int, column: str) -> int | None:
    try:
        return fig.whole()
    except ValueError as exc:
        raise DataError(str(exc), file=file, row=row, column=column) from None


def parse_date(text: str, *, file, row: int, column: str) -> tuple[pd.Timestamp | None, str | None]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> (first day of the period, precision)."""
    return parse_date_cell(text, file=file, row=row, column=column, iso=True)


def parse_date_range(text: str, *, file, row: int, column: str):
    """``2000-11-30..12-02``, ``1985-09-20..23``, ``2005-08-15..2007``, ``2006-03`` ->
    (start, start_precision, end, end_precision); the end inherits the start's missing parts."""
    raw = str(text).strip()
    if raw == "":
        return None, None, None, None
    if ".." not in raw:
        start, prec = parse_date(raw, file=file, row=row, column=column)
        return start, prec, start, prec
    left, right = (p.strip() for p in raw.split("..", 1))
    start, sprec = parse_date(left, file=file, row=row, column=column)
    parts = left.split("-")
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", right):
        end_text = right
    elif re.fullmatch(r"\d{2}-\d{2}", right) and len(parts) == 3:
        end_text = f"{parts[0]}-{right}"
    elif re.fullmatch(r"\d{2}", right) and len(parts) == 3:
        end_text = f"{parts[0]}-{parts[1]}-{right}"
    else:
        raise DataError(f"cannot read the end of the date range {raw!r}", file=file, row=row, column=column)
    end, eprec = parse_date(end_text, file=file, row=row, column=column)
    if end < start:
        raise DataError(f"date range ends before it starts: {raw!r}", file=file, row=row, column=column)
    return start, sprec, end, eprec


def yes_no(frame: pd.DataFrame, column: str, *, file) -> pd.Series:
    require_values(frame, column, ["yes", "no"], file=file)
    return pd.array((frame[column] == "yes").tolist(), dtype="boolean")


def _float(values) -> pd.arrays.FloatingArray:
    return pd.array([None if v is None else float(v) for v in values], dtype="Float64")


# --------------------------------------------------------------------------------------------
# Registered applicants
# --------------------------------------------------------------------------------------------

APPLICANT_COLUMNS = {
    "as_of": "Date of the figure (first day of the month when only the month is known; NaT when undated)",
    "as_of_precision": "Precision of as_of: day or month (<NA> when undated)",
    "as_of_label": "Date as printed in the raw file",
    "registered": "South Korean applicants ever registered since 1988 (persons)",
    "registered_approximate": "registered is approximate as printed ('~', masked digits)",
    "deceased": "Registered applicants who have died (persons)",
    "deceased_approximate": "deceased is approximate as printed",
    "surviving": "Registered applicants alive (persons)",
    "surviving_approximate": "surviving is approximate as printed",
    "surv_90plus": "Survivors aged 90+ (persons, where a count is given)",
    "surv_80_89": "Survivors aged 80-89 (persons)",
    "surv_70_79": "Survivors aged 70-79 (persons)",
    "surv_60_69": "Survivors aged 60-69 (persons)",
    "surv_59_or_under": "Survivors aged 59 or under (persons)",
    "pct_90plus": "Survivors aged 90+ as printed (% of survivors)",
    "pct_80_89": "Survivors aged 80-89 as printed (% of survivors)",
    "pct_70_79": "Survivors aged 70-79 as printed (% of survivors)",
    "pct_60_69": "Survivors aged 60-69 as printed (% of survivors)",
    "pct_59_or_under": "Survivors aged 59 or under as printed (% of survivors)",
    "pct_80plus": "Survivors aged 80+ as printed (% of survivors)",
    "pct_80plus_lower_bound": "pct_80plus is printed as a lower bound ('>65%')",
    "age_approximate": "Some age figure of the row is approximate as printed",
    "surv_90plus_alt": "Conflicting 90+ count from another outlet (persons; see metadata conflicts)",
    "share_90plus_pct": "Share of survivors aged 90+ (%): printed where given, else surv_90plus / surviving",
    "share_90plus_derived": "share_90plus_pct was computed here, not printed",
    "parts_add_up": "registered == deceased + surviving (<NA> where a part is missing or approximate)",
    "inconsistency_note": "Documented inconsistency of the row (see metadata conflicts)",
    "derived_fields": "Fields the source itself derived from the others",
    "confidence": "Confidence grade given when the row was compiled from its sources",
}


def clean_applicants(path: str | Path) -> pd.DataFrame:
    """Clean the registered-applicant series from ``path`` (layout of ``mou_registered_applicants.csv``)."""
    path = Path(path)
    bands = [f"surv_{b}" for b in AGE_BANDS]
    required = ["as_of", "registered_total", "deceased", "surviving", *bands, "age_unit", "surv_80plus",
                "derived_fields", "inconsistency_documented", "confidence"]
    raw = read_raw_csv(path, required=required)
    require_nonempty(raw, ["as_of", "registered_total", "confidence"], file=path)
    require_unique(raw, "as_of", file=path)
    require_values(raw, "age_unit", ["", "count", "pct"], file=path)

    records = []
    for line, r in raw.iterrows():
        line = int(line)
        rec: dict = {"as_of_label": r["as_of"]}
        if r["as_of"].startswith("undated"):
            rec["as_of"], rec["as_of_precision"] = None, None
        else:
            rec["as_of"], rec["as_of_precision"] = parse_date(r["as_of"], file=path, row=line, column="as_of")
        for out, col in (("registered", "registered_total"), ("deceased", "deceased"), ("surviving", "surviving")):
            fig = parse_figure(r[col], file=path, row=line, column=col)
            if fig.percent:
                raise DataError("expected a count, found a percentage", file=path, row=line, column=col)
            rec[out] = parse_whole(fig, file=path, row=line, column=col)
            rec[f"{out}_approximate"] = fig.approximate
        unit = r["age_unit"]
        age_approx = False
        for band, col in zip(AGE_BANDS, bands):
            fig = parse_figure(r[col], file=path, row=line, column=col, allow_alternative=(band == "90plus"))
            count = pct = None
            if fig.value is not None:
                if unit == "":
                    raise DataError("age figure given but age_unit is empty", file=path, row=line, column="age_unit")
                if unit == "pct":
                    if not fig.percent:
                        raise DataError(f"age_unit is pct but {r[col]!r} is not a percentage", file=path, row=line, column=col)
                    pct = fig.value
                else:
                    count = parse_whole(fig, file=path, row=line, column=col)
                    pct = fig.share_pct
                age_approx |= fig.approximate
            if band == "90plus":
                rec["surv_90plus_alt"] = int(fig.alternative) if fig.alternative is not None else None
            rec[col], rec[f"pct_{band}"] = count, pct
        fig80 = parse_figure(r["surv_80plus"], file=path, row=line, column="surv_80plus")
        if fig80.value is not None and not fig80.percent:
            raise DataError("surv_80plus must be a percentage", file=path, row=line, column="surv_80plus")
        rec["pct_80plus"], rec["pct_80plus_lower_bound"] = fig80.value, fig80.lower_bound
        rec["age_approximate"] = age_approx or fig80.approximate
        rec["inconsistency_note"] = r["inconsistency_documented"] or None
        rec["derived_fields"] = r["derived_fields"] or None
        rec["confidence"] = r["confidence"]
        rec["_line"] = line
        _check_row(rec, path, line)
        records.append(rec)

    out = pd.DataFrame.from_records(records)
    # share aged 90+: printed where given, else derived from the count
    share, derived = [], []
    for rec in records:
        if rec["pct_90plus"] is not None:
            share.append(float(rec["pct_90plus"]))
            derived.append(False)
        elif rec["surv_90plus"] is not None and rec["surviving"]:
            share.append(100.0 * rec["surv_90plus"] / rec["surviving"])
            derived.append(True)
        else:
            share.append(None)
            derived.append(False)
    frame = pd.DataFrame(
        {
            "as_of": pd.to_datetime(pd.Series([r["as_of"] for r in records], dtype="object")).astype("datetime64[ns]"),
            "as_of_precision": pd.array([r["as_of_precision"] for r in records], dtype="string"),
            "as_of_label": pd.array(out["as_of_label"].tolist(), dtype="string"),
        }
    )
    for col in ("registered", "deceased", "surviving"):
        frame[col] = pd.array(out[col].tolist(), dtype="Int64")
        frame[f"{col}_approximate"] = pd.array(out[f"{col}_approximate"].tolist(), dtype="boolean")
    for band in AGE_BANDS:
        frame[f"surv_{band}"] = pd.array([r[f"surv_{band}"] for r in records], dtype="Int64")
    for band in AGE_BANDS:
        frame[f"pct_{band}"] = _float(r[f"pct_{band}"] for r in records)
    frame["pct_80plus"] = _float(r["pct_80plus"] for r in records)
    frame["pct_80plus_lower_bound"] = pd.array([r["pct_80plus_lower_bound"] for r in records], dtype="boolean")
    frame["age_approximate"] = pd.array([r["age_approximate"] for r in records], dtype="boolean")
    frame["surv_90plus_alt"] = pd.array([r["surv_90plus_alt"] for r in records], dtype="Int64")
    frame["share_90plus_pct"] = pd.array(share, dtype="Float64")
    frame["share_90plus_derived"] = pd.array(derived, dtype="boolean")
    frame["parts_add_up"] = pd.array([r["_parts_add_up"] for r in records], dtype="boolean")
    frame["inconsistency_note"] = pd.array([r["inconsistency_note"] for r in records], dtype="string")
    frame["derived_fields"] = pd.array([r["derived_fields"] for r in records], dtype="string")
    frame["confidence"] = pd.array([r["confidence"] for r in records], dtype="string")
    frame.index = pd.Index([r["_line"] for r in records], name="line")
    _check_series(frame, path)
    return frame.sort_values("as_of", na_position="first", kind="stable")[list(APPLICANT_COLUMNS)]


def _check_row(rec: dict, path: Path, line: int) -> None:
    """registered == deceased + surviving, and age-band counts add up to the survivors.

    A row that breaks either check is kept with ``parts_add_up`` False only when the raw file
    documents the inconsistency (column ``inconsistency_documented``); otherwise it is an error.
    """
    exact = all(rec[c] is not None and not rec[f"{c}_approximate"] for c in ("registered", "deceased", "surviving"))
    rec["_parts_add_up"] = None
    if exact:
        ok = rec["registered"] == rec["deceased"] + rec["surviving"]
        rec["_parts_add_up"] = ok
        if not ok and not rec["inconsistency_note"]:
            raise DataError(
                f"registered {rec['registered']:,} != deceased {rec['deceased']:,} + surviving {rec['surviving']:,}"
                " (document it in inconsistency_documented if the source prints it so)",
                file=path, row=line, column="surviving",
            )
    counts = [rec[f"surv_{b}"] for b in AGE_BANDS]
    if all(c is not None for c in counts) and rec["surviving"] is not None and not rec["age_approximate"] \
            and not rec["surviving_approximate"]:
        if sum(counts) != rec["surviving"] and not rec["inconsistency_note"]:
            raise DataError(
                f"age bands add up to {sum(counts):,}, not to surviving {rec['surviving']:,}",
                file=path, row=line, column="surv_59_or_under",
            )
    pcts = [rec[f"pct_{b}"] for b in AGE_BANDS]
    if all(p is not None for p in pcts) and not rec["age_approximate"]:
        total = float(sum(pcts))
        if abs(total - 100.0) > 0.5 and not rec["inconsistency_note"]:
            raise DataError(f"age-band shares add up to {total}%, not 100%", file=path, row=line, column="surv_59_or_under")


def _check_series(frame: pd.DataFrame, path: Path) -> None:
    """Cumulative counts (registered, deceased) never fall over time among exact dated figures."""
    dated = frame[frame["as_of"].notna()].sort_values("as_of")
    for col in ("registered", "deceased"):
        exact = dated[dated[col].notna() & ~dated[f"{col}_approximate"].fillna(False)]
        drops = exact[col].diff() < 0
        if drops.any():
            line = int(drops[drops].index[0])
            raise DataError(f"{col} falls below the previous dated figure", file=path, row=line, column=
                            "registered_total" if col == "registered" else col)


@dataset(
    "separated_families",
    raw=[APPLICANTS],
    description=(
        "South Korean separated-family applicants registered with the Ministry of Unification since 1988: "
        "registered, deceased and surviving, with survivors by age band, at each date a source reports. "
        "Approximate figures are flagged; the undated row whose parts do not add up is kept and flagged."
    ),
    columns=APPLICANT_COLUMNS,
)
def build_separated_families() -> pd.DataFrame:
    return clean_applicants(RAW_DIR / APPLICANTS)


# --------------------------------------------------------------------------------------------
# Deaths per year
# --------------------------------------------------------------------------------------------

DEATH_COLUMNS = {
    "period_label": "Period as printed (year, year range)",
    "year_start": "First calendar year covered",
    "year_end": "Last calendar year covered",
    "month_start": "First month covered (1 for a full year)",
    "month_end": "Last month covered (12 for a full year)",
    "full_year": "The row covers whole calendar years",
    "deaths": "Deaths among registered applicants in the period (persons)",
    "approximate": "deaths is approximate as printed",
    "method": "reported (a source's figure) or derived (difference of two year-end deceased totals)",
    "preferred": "The row charts use: at most one per calendar year (full year, else derived, else longest part-year)",
    "confidence": "Confidence grade given when the row was compiled ('derived' for derived rows)",
}


def clean_deaths(path: str | Path) -> pd.DataFrame:
    """Clean the reported deaths per period from ``path`` (layout of ``annual_deaths.csv``)."""
    path = Path(path)
    raw = read_raw_csv(path, required=["period", "months", "deaths", "preferred", "confidence"])
    require_nonempty(raw, ["period", "deaths", "confidence"], file=path)
    preferred = yes_no(raw, "preferred", file=path)
    rows = []
    for i, (line, r) in enumerate(raw.iterrows()):
        line = int(line)
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", r["period"])
        if not m:
            raise DataError(f"period must be YYYY or YYYY-YYYY, found {r['period']!r}", file=path, row=line, column="period")
        y0, y1 = int(m[1]), int(m[2] or m[1])
        if y1 < y0:
            raise DataError("period ends before it starts", file=path, row=line, column="period")
        if r["months"]:
            mm = re.fullmatch(r"(\d{1,2})-(\d{1,2})", r["months"])
            if not mm or not (1 <= int(mm[1]) <= int(mm[2]) <= 12) or y0 != y1:
                raise DataError(f"months must be M-M within one year, found {r['months']!r}", file=path, row=line, column="months")
            m0, m1 = int(mm[1]), int(mm[2])
        else:
            m0, m1 = 1, 12
        fig = parse_figure(r["deaths"], file=path, row=line, column="deaths")
        deaths = parse_whole(fig, file=path, row=line, column="deaths")
        rows.append(dict(period_label=r["period"] + (f" (months {r['months']})" if r["months"] else ""),
                         year_start=y0, year_end=y1, month_start=m0, month_end=m1,
                         full_year=(m0, m1) == (1, 12), deaths=deaths, approximate=fig.approximate,
                         method="reported", preferred=bool(preferred[i]), confidence=r["confidence"], _line=line))
    out = pd.DataFrame(rows)
    key = out[out["preferred"]].duplicated(["year_start", "year_end", "month_start", "month_end"])
    if key.any():
        line = int(out[out["preferred"]][key]["_line"].iloc[0])
        raise DataError("two preferred rows for the same period", file=path, row=line, column="preferred")
    return out


def derive_year_deaths(applicants: pd.DataFrame) -> pd.DataFrame:
    """Deaths of year Y = deceased at 31 Dec Y minus deceased at 31 Dec Y-1, where both are exact."""
    ye = applicants[
        (applicants["as_of_precision"] == "day")
        & (applicants["as_of"].dt.month == 12)
        & (applicants["as_of"].dt.day == 31)
        & applicants["deceased"].notna()
        & ~applicants["deceased_approximate"].fillna(False)
    ]
    by_year = dict(zip(ye["as_of"].dt.year, ye["deceased"]))
    rows = []
    for year in sorted(by_year):
        if year - 1 in by_year:
            rows.append(dict(period_label=f"{year} (derived)", year_start=year, year_end=year, month_start=1,
                             month_end=12, full_year=True, deaths=int(by_year[year] - by_year[year - 1]),
                             approximate=False, method="derived", preferred=False, confidence="derived"))
    return pd.DataFrame(rows, columns=[c for c in DEATH_COLUMNS])


def _unique_preferred(frame: pd.DataFrame) -> pd.Series:
    """One preferred row per calendar year, so that preferred rows never overlap in time.

    Within each year the choice runs: a full-year row (a reported row the raw file marks
    preferred, else a derived one), else the longest part-year row the raw file marks preferred
    (the latest ``month_end``). A multi-year total is preferred only where none of its years has
    a preferred row of its own. Summing preferred deaths therefore counts no death twice.
    """
    preferred = pd.Series(False, index=frame.index)
    single = frame[frame["year_start"] == frame["year_end"]]
    for _year, rows in single.groupby("year_start", sort=True):
        full = rows[rows["full_year"]]
        reported = full[(full["method"] == "reported") & full["preferred"]]
        derived = full[full["method"] == "derived"]
        part = rows[~rows["full_year"] & rows["preferred"]].sort_values("month_end", kind="stable")
        if len(reported):
            pick = reported.index[0]
        elif len(derived):
            pick = derived.index[0]
        elif len(part):
            pick = part.index[-1]
        else:
            continue
        preferred[pick] = True
    covered = set(frame.loc[preferred[preferred].index, "year_start"])
    multi = frame[(frame["year_start"] != frame["year_end"]) & frame["preferred"]]
    for i, r in multi.iterrows():
        years = set(range(int(r["year_start"]), int(r["year_end"]) + 1))
        if not years & covered:
            preferred[i] = True
            covered |= years
    return preferred


def combine_deaths(reported: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Reported and derived rows together, with ``preferred`` unique per calendar year.

    A derived row is preferred only when no reported full-year row exists for its year; for the
    full rule see :func:`_unique_preferred`.
    """
    frame = pd.concat([reported.drop(columns="_line", errors="ignore"), derived], ignore_index=True)
    frame = frame.sort_values(["year_start", "year_end", "month_end", "method"], kind="stable").reset_index(drop=True)
    frame["preferred"] = _unique_preferred(frame)
    for col in ("year_start", "year_end", "month_start", "month_end", "deaths"):
        frame[col] = frame[col].astype("Int64")
    for col in ("full_year", "approximate", "preferred"):
        frame[col] = frame[col].astype("boolean")
    for col in ("period_label", "method", "confidence"):
        frame[col] = frame[col].astype("string")
    return frame[list(DEATH_COLUMNS)]


@dataset(
    "separated_family_deaths",
    raw=[DEATHS, APPLICANTS],
    description=(
        "Deaths among registered separated-family applicants per year (and part-year counts), as reported, "
        "plus years derived from two year-end deceased totals. 'preferred' marks at most one row per calendar "
        "year, so preferred rows never overlap and can be summed: a reported full-year count first, else one "
        "derived from two year-end totals, else the longest part-year count; the 2004-2011 total is not "
        "preferred because single years inside it have their own rows."
    ),
    columns=DEATH_COLUMNS,
)
def build_separated_family_deaths() -> pd.DataFrame:
    return combine_deaths(clean_deaths(RAW_DIR / DEATHS), derive_year_deaths(clean_applicants(RAW_DIR / APPLICANTS)))


# --------------------------------------------------------------------------------------------
# Reunion rounds
# --------------------------------------------------------------------------------------------

REUNION_COLUMNS = {
    "event": "Round or exchange as named by the sources",
    "round": "Face-to-face round number (1-21; <NA> for the 1985 visit and video reunions)",
    "type": "exchange visit, face-to-face or video",
    "video": "Video reunion (families meet by video link)",
    "aggregate": "The row sums several events (video reunions 1-6, video total)",
    "start": "First day (or month/year) of the event",
    "start_precision": "day, month or year",
    "end": "Last day (or month/year) of the event",
    "end_precision": "day, month or year",
    "venue": "Venue",
    "south_persons": "South-side persons (visitors + relatives met), stated or summed from the parts (persons)",
    "north_persons": "North-side persons (visitors + relatives met), stated or summed from the parts (persons)",
    "south_visitors": "South-side visitors where given separately (persons)",
    "south_relatives": "South-side relatives met where given separately (persons)",
    "north_visitors": "North-side visitors where given separately (persons)",
    "north_relatives": "North-side relatives met where given separately (persons)",
    "persons_total": "Persons on both sides, for video rows given only as a total (persons)",
    "persons_total_approximate": "persons_total is approximate as printed",
    "families": "Families taking part (families)",
    "persons_scope": "What the person counts cover ('all', 'batch 1 only', ...)",
    "persons_complete": "The person counts cover the whole event",
    "confidence": "Confidence grade given when the row was compiled from its sources",
}


def clean_reunions(path: str | Path) -> pd.DataFrame:
    """Clean the reunion rounds from ``path`` (layout of ``reunion_rounds.csv``)."""
    path = Path(path)
    cols = ["south_persons", "north_persons", "south_visitors", "south_relatives", "north_visitors",
            "north_relatives", "persons_total", "families"]
    raw = read_raw_csv(path, required=["event", "dates", "venue", "type", *cols, "persons_scope", "confidence"])
    require_nonempty(raw, ["event", "type", "confidence"], file=path)
    require_unique(raw, "event", file=path)
    require_values(raw, "type", ["exchange visit", "face-to-face", "video"], file=path)
    recs = []
    for line, r in raw.iterrows():
        line = int(line)
        rec: dict = {"event": r["event"], "type": r["type"], "venue": r["venue"] or None}
        m = re.fullmatch(r"Round (\d+)", r["event"])
        rec["round"] = int(m[1]) if m else None
        rec["video"] = r["type"] == "video"
        rec["aggregate"] = bool(re.search(r"reunions (\d+-\d+|total)", r["event"]))
        rec["start"], rec["start_precision"], rec["end"], rec["end_precision"] = parse_date_range(
            r["dates"], file=path, row=line, column="dates")
        approx_total = False
        for c in cols:
            fig = parse_figure(r[c], file=path, row=line, column=c)
            rec[c] = parse_whole(fig, file=path, row=line, column=c)
            if fig.approximate and c != "persons_total":
                raise DataError("approximate person counts are only expected in persons_total", file=path, row=line, column=c)
            approx_total |= fig.approximate
        rec["persons_total_approximate"] = approx_total if rec["persons_total"] is not None else None
        for side in ("south", "north"):
            v, rl = rec[f"{side}_visitors"], rec[f"{side}_relatives"]
            if v is not None and rl is not None:
                if rec[f"{side}_persons"] is not None and rec[f"{side}_persons"] != v + rl:
                    raise DataError(f"{side}_persons {rec[side + '_persons']} != visitors {v} + relatives {rl}",
                                    file=path, row=line, column=f"{side}_persons")
                rec[f"{side}_persons"] = v + rl
        has_persons = any(rec[c] is not None for c in cols[:-1])
        if has_persons and not r["persons_scope"]:
            raise DataError("person counts given without persons_scope", file=path, row=line, column="persons_scope")
        rec["persons_scope"] = r["persons_scope"] or None
        rec["persons_complete"] = (r["persons_scope"].startswith("all") or r["persons_scope"] == "persons who met families") if has_persons else None
        rec["confidence"] = r["confidence"]
        recs.append(rec)
    frame = pd.DataFrame.from_records(recs)
    out = pd.DataFrame(index=pd.Index(raw.index, name="line"))
    for col, meaning in REUNION_COLUMNS.items():
        values = frame[col].tolist()
        if col in ("start", "end"):
            out[col] = pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]").to_numpy()
        elif col in ("round",) or col in cols:
            out[col] = pd.array(values, dtype="Int64")
        elif col in ("video", "aggregate", "persons_complete", "persons_total_approximate"):
            out[col] = pd.array(values, dtype="boolean")
        else:
            out[col] = pd.array(values, dtype="string")
    rounds = out["round"].dropna()
    expected = list(range(1, len(rounds) + 1))
    if sorted(rounds.tolist()) != expected:
        raise DataError(f"round numbers are not 1..{len(rounds)} without gaps", file=path, column="event")
    return out


@dataset(
    "reunions",
    raw=[REUNIONS],
    description=(
        "Inter-Korean family reunions: the 1985 visit, face-to-face rounds 1-21 (2000-2018) and the video "
        "reunions of 2005-2007, with dates, venue and persons on each side where known."
    ),
    columns=REUNION_COLUMNS,
)
def build_reunions() -> pd.DataFrame:
    return clean_reunions(RAW_DIR / REUNIONS)


EXCHANGE_COLUMNS = {
    "period_label": "Period as printed",
    "period_start": "Start of the period (<NaT> when open-ended: 'to 2015')",
    "period_start_precision": "day, month or year",
    "period_end": "Start of the last month/year of the period",
    "period_end_precision": "month or year",
    "exchange_type": "face-to-face reunions, reunions, letters, whereabouts confirmations",
    "channel": "all, government, private, third country",
    "measure": "What is counted: persons, families, cases, letter exchanges, or 'as stated' (unit not given)",
    "value": "The count",
    "confidence": "Confidence grade given when the row was compiled from its sources",
}


def clean_exchanges(path: str | Path) -> pd.DataFrame:
    """Cumulative and period totals of family exchanges (``exchange_totals.csv``)."""
    path = Path(path)
    raw = read_raw_csv(path, required=["period", "period_start", "period_end", "exchange_type", "channel",
                                       "measure", "value", "confidence"])
    require_nonempty(raw, ["period", "period_end", "exchange_type", "channel", "measure", "value"], file=path)
    require_values(raw, "channel", ["all", "government", "private", "third country"], file=path)
    require_unique(raw, ["period", "exchange_type", "channel", "measure"], file=path)
    recs = []
    for line, r in raw.iterrows():
        line = int(line)
        s, sp = parse_date(r["period_start"], file=path, row=line, column="period_start")
        e, ep = parse_date(r["period_end"], file=path, row=line, column="period_end")
        fig = parse_figure(r["value"], file=path, row=line, column="value")
        recs.append(dict(period_label=r["period"], period_start=s, period_start_precision=sp, period_end=e,
                         period_end_precision=ep, exchange_type=r["exchange_type"], channel=r["channel"],
                         measure=r["measure"], value=parse_whole(fig, file=path, row=line, column="value"),
                         confidence=r["confidence"]))
    f = pd.DataFrame.from_records(recs)
    out = pd.DataFrame(index=pd.Index(raw.index, name="line"))
    for col in EXCHANGE_COLUMNS:
        if col in ("period_start", "period_end"):
            out[col] = pd.to_datetime(pd.Series(f[col].tolist(), dtype="object")).astype("datetime64[ns]").to_numpy()
        elif col == "value":
            out[col] = pd.array(f[col].tolist(), dtype="Int64")
        else:
            out[col] = pd.array(f[col].tolist(), dtype="string")
    return out


@dataset(
    "family_exchange_totals",
    raw=[EXCHANGES],
    description="Cumulative and period totals of family reunions, letters and confirmations of whereabouts.",
    columns=EXCHANGE_COLUMNS,
)
def build_family_exchange_totals() -> pd.DataFrame:
    return clean_exchanges(RAW_DIR / EXCHANGES)


# --------------------------------------------------------------------------------------------
# Projection
# --------------------------------------------------------------------------------------------


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
