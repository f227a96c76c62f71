"""North Korean defectors (탈북민) arriving in South Korea: the Ministry of Unification's series.

Raw files (``data/raw/defectors/``, each with its ``.meta.yaml``):

- ``mou_arrivals_by_sex.csv``: the MOU's wide table (Men / Women / Total rows; a ``~1998``
  cumulative column, a grouped ``1999-2001`` column, then one column per year), extended to
  2025 with the MOU's announcements as reported in the press.
- ``cumulative_announced.csv``: cumulative arrivals as announced at various dates.
- ``provisional_revisions.csv``: earlier (provisional, older-release or press) versions of
  yearly figures beside the current ones.
- ``us_refugee_admissions.csv``: North Koreans admitted to the United States as refugees.

Grouped periods stay one row (``~1998``, ``1999-2001``); they are never spread over years.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..io import read_raw_csv
from ..metadata import origin_of
from ..paths import RAW_DIR
from ..registry import dataset
from ..validate import check_schema, require_nonempty, require_unique, require_values, to_counts

RAW_ARRIVALS = "defectors/mou_arrivals_by_sex.csv"
RAW_CUMULATIVE = "defectors/cumulative_announced.csv"
RAW_REVISIONS = "defectors/provisional_revisions.csv"
RAW_US = "defectors/us_refugee_admissions.csv"

#: First year of the MOU's ``~1998`` column: it counts arrivals since the end of the Korean War
#: (armistice of July 1953; the earliest published detail is "607 from the end of the war to 1989").
FIRST_YEAR = 1953

LABEL = "category"
SEX_ROWS = {"Men": "men", "Women": "women"}
TOTAL_ROW = "Total"

#: The periods the MOU table (extended to 2025) must have, in order.
EXPECTED_PERIODS = ["~1998", "1999-2001"] + [str(y) for y in range(2002, 2026)]

#: Standing of an announced cumulative figure (``cumulative_announced.csv``, column ``status``):
#: ``current`` figures must be reproduced exactly by the yearly table; ``provisional``,
#: ``earlier version`` and ``first announced`` ones may differ (kept and flagged);
#: ``announced`` marks dates the yearly table cannot reproduce (mid-year, before 1998).
CUMULATIVE_STATUSES = ["current", "provisional", "earlier version", "first announced", "announced"]
MAY_DIFFER = {"provisional", "earlier version", "first announced"}

#: ``provisional_revisions.csv``, column ``kind``.
REVISION_KINDS = ["provisional", "earlier release", "other figure"]

_MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}


# --------------------------------------------------------------------------------------------
# parsing helpers


def parse_period(label: str, *, file, row: int | None = 1, column: str | None = None) -> tuple[int, int]:
    """``"~1998"`` -> (1953, 1998); ``"1999-2001"`` -> (1999, 2001); ``"2002"`` -> (2002, 2002)."""
    text = str(label).strip()
    if m := re.fullmatch(r"~(\d{4})", text):
        start, end = FIRST_YEAR, int(m[1])
    elif m := re.fullmatch(r"(\d{4})-(\d{4})", text):
        start, end = int(m[1]), int(m[2])
    elif re.fullmatch(r"\d{4}", text):
        start = end = int(text)
    else:
        raise DataError(f"period {label!r} is not '~YYYY', 'YYYY-YYYY' or 'YYYY'", file=file, row=row,
                        column=column if column is not None else label)
    if end < start:
        raise DataError(f"period {label!r} ends before it starts", file=file, row=row,
                        column=column if column is not None else label)
    return start, end


def parse_date(text: str, *, file, row: int, column: str) -> tuple[pd.Timestamp | None, str | None]:
    """Dates as the sources give them -> (timestamp, precision).

    ``YYYY-MM-DD`` (day), ``YYYY-MM`` (month), ``YYYY`` (year), ``end-YYYY`` (31 December, day),
    ``end-Mon-YYYY`` (last day of the month, day), ``Mon-YYYY`` (month); ``""`` -> (None, None).
    """
    text = str(text).strip()
    try:
        if text == "":
            return None, None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return pd.Timestamp(text), "day"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return pd.Timestamp(text + "-01"), "month"
        if re.fullmatch(r"\d{4}", text):
            return pd.Timestamp(f"{text}-01-01"), "year"
        if m := re.fullmatch(r"end-(\d{4})", text):
            return pd.Timestamp(f"{m[1]}-12-31"), "day"
        if (m := re.fullmatch(r"end-([A-Z][a-z]{2})-(\d{4})", text)) and m[1] in _MONTHS:
            return pd.Timestamp(int(m[2]), _MONTHS[m[1]], 1) + pd.offsets.MonthEnd(0), "day"
        if (m := re.fullmatch(r"([A-Z][a-z]{2})-(\d{4})", text)) and m[1] in _MONTHS:
            return pd.Timestamp(int(m[2]), _MONTHS[m[1]], 1), "month"
    except ValueError:
        pass
    raise DataError(f"unrecognised date {text!r}", file=file, row=row, column=column)


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)


def _raw(relative: str) -> Path:
    """The raw file ``relative`` after checking its origin metadata (fields, columns, checksum)."""
    path = RAW_DIR / relative
    origin_of(path)
    return path


# --------------------------------------------------------------------------------------------
# arrivals by period and sex

ARRIVALS_SCHEMA = pa.DataFrameSchema(
    {
        "period": pa.Column("string", nullable=False),
        "year_start": pa.Column("Int64", pa.Check.ge(FIRST_YEAR), nullable=False),
        "year_end": pa.Column("Int64", pa.Check.ge(FIRST_YEAR), nullable=False),
        "sex": pa.Column("string", pa.Check.isin(["men", "women"]), nullable=False),
        "arrivals": pa.Column("Int64", pa.Check.ge(0), nullable=False),
    },
    checks=[pa.Check(lambda df: df["year_end"] >= df["year_start"], name="year_end >= year_start")],
    strict=True,
    ordered=True,
)


def clean_arrivals(path, *, required_periods: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """The MOU's wide table -> one row per period and sex.

    Checks: the label column and every ``required_periods`` column exist; period headers parse
    and follow each other without gap or overlap; rows are exactly Men / Women / Total; every
    count is a whole number (thousands separators allowed); men + women equals the published
    Total in every period (the error names the Total row's line and the period column).
    """
    path = Path(path)
    raw = read_raw_csv(path, required=[LABEL, *required_periods])
    periods = [c for c in raw.columns if c != LABEL]
    if not periods:
        raise DataError("no period columns after the label column", file=path, row=1, column=LABEL)

    spans: dict[str, tuple[int, int]] = {}
    previous_end = None
    for column in periods:
        start, end = parse_period(column, file=path, row=1, column=column)
        if previous_end is not None and start != previous_end + 1:
            raise DataError(
                f"period {column!r} starts in {start}, expected {previous_end + 1} (gap or overlap)",
                file=path, row=1, column=column,
            )
        spans[column] = (start, end)
        previous_end = end

    raw = (
        raw.pipe(require_nonempty, [LABEL], file=path)
        .pipe(require_values, LABEL, [*SEX_ROWS, TOTAL_ROW], file=path)
        .pipe(require_unique, LABEL, file=path)
    )
    for label in [*SEX_ROWS, TOTAL_ROW]:
        if label not in set(raw[LABEL]):
            raise DataError(f"the table has no {label!r} row", file=path, row=None, column=LABEL)

    counts = to_counts(raw, periods, file=path, allow_missing=False)
    line_of = {label: int(line) for line, label in raw[LABEL].items()}
    by_label = counts.set_index(LABEL)
    for column in periods:
        men, women, total = (int(by_label.loc[k, column]) for k in ("Men", "Women", TOTAL_ROW))
        if men + women != total:
            raise DataError(
                f"men + women = {men:,} + {women:,} = {men + women:,}, but the published Total is {total:,}",
                file=path, row=line_of[TOTAL_ROW], column=column,
            )

    records = []
    for column in periods:
        for label, sex in SEX_ROWS.items():
            records.append(
                {"line": line_of[label], "period": column, "year_start": spans[column][0],
                 "year_end": spans[column][1], "sex": sex, "arrivals": int(by_label.loc[label, column])}
            )
    tidy = pd.DataFrame.from_records(records).set_index("line")
    tidy = tidy.astype({"period": "string", "year_start": "Int64", "year_end": "Int64", "sex": "string",
                        "arrivals": "Int64"})
    tidy = check_schema(tidy, ARRIVALS_SCHEMA, file=path)
    return tidy.reset_index(drop=True)


ARRIVALS_COLUMNS = {
    "period": "Period as the MOU publishes it: '~1998' (cumulative to end-1998), '1999-2001' (grouped), then single years",
    "year_start": (
        "First year of the period (Int64); for '~1998' it is 1953, the end of the Korean War, from which the "
        "MOU counts arrivals (the period is a cumulative stock of all arrivals to end-1998)"
    ),
    "year_end": "Last year of the period (Int64)",
    "sex": "'men' or 'women'",
    "arrivals": "North Korean defectors arriving in South Korea in the period (persons, Int64)",
}


@dataset(
    "defectors",
    raw=[RAW_ARRIVALS],
    description=(
        "Arrivals of North Korean defectors in South Korea by period and sex, as the Ministry of Unification "
        "publishes them (its table to 2019; 2020-2025 from its announcements, 2025 as corrected). Grouped periods "
        "('~1998', '1999-2001') are single rows, not spread over years. All rows sum to 34,537 at end-2025."
    ),
    columns=ARRIVALS_COLUMNS,
)
def build_defectors() -> pd.DataFrame:
    return clean_arrivals(_raw(RAW_ARRIVALS), required_periods=EXPECTED_PERIODS)


def year_end_cumulative(arrivals: pd.DataFrame) -> pd.DataFrame:
    """Cumulative arrivals at the end of each period of the tidy table: year, men, women, total."""
    wide = arrivals.pivot_table(index="year_end", columns="sex", values="arrivals", aggfunc="sum").sort_index()
    cum = wide.cumsum().astype("Int64")
    out = pd.DataFrame(
        {"year": cum.index.astype("int64"), "men": cum["men"].to_numpy(), "women": cum["women"].to_numpy()}
    )
    out["total"] = out["men"] + out["women"]
    return out.astype({"year": "Int64", "men": "Int64", "women": "Int64", "total": "Int64"}).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# announced cumulative totals beside the table's

CUMULATIVE_RAW_COLUMNS = ["as_of", "men", "women", "total", "status", "source", "note"]


def clean_cumulative(path, arrivals: pd.DataFrame) -> pd.DataFrame:
    """Announced cumulative arrivals beside those the yearly table ``arrivals`` gives.

    Where the announced date is the end of a year that closes a period of the table, the
    table's cumulative is set beside it. A figure marked ``current`` must be reproduced exactly
    (each of men / women / total given); one that differs must be marked ``provisional``,
    ``earlier version`` or ``first announced``: it is kept, with ``matches`` False.
    """
    path = Path(path)
    raw = read_raw_csv(path, required=CUMULATIVE_RAW_COLUMNS)
    raw = (
        raw.pipe(require_nonempty, ["as_of", "total", "status", "source"], file=path)
        .pipe(require_values, "status", CUMULATIVE_STATUSES, file=path)
    )
    counts = to_counts(raw, ["men", "women", "total"], file=path)
    derived = year_end_cumulative(arrivals).set_index("year")

    rows = []
    for line, rec in counts.iterrows():
        line = int(line)
        date, precision = parse_date(rec["as_of"], file=path, row=line, column="as_of")
        men, women, total = _int(rec["men"]), _int(rec["women"]), _int(rec["total"])
        if men is not None and women is not None and men + women != total:
            raise DataError(f"men + women = {men + women:,}, but total is {total:,}", file=path, row=line,
                            column="total")
        year_end = precision == "day" and date.month == 12 and date.day == 31
        d = derived.loc[date.year] if year_end and date.year in derived.index else None
        status = rec["status"]
        matches = None
        if d is not None:
            pairs = [(c, v, int(d[c])) for c, v in (("men", men), ("women", women), ("total", total)) if v is not None]
            bad = [c for c, v, dv in pairs if v != dv]
            matches = not bad
            if bad and status not in MAY_DIFFER:
                c, v, dv = next(p for p in pairs if p[0] == bad[0])
                raise DataError(
                    f"announced {c} {v:,} ({status}) differs from the table's cumulative {dv:,}; "
                    f"mark it as one of {sorted(MAY_DIFFER)} if the source documents it as such",
                    file=path, row=line, column=c,
                )
        elif status == "current":
            raise DataError(
                "a 'current' figure must be a year-end the yearly table can reproduce", file=path, row=line,
                column="as_of",
            )
        rows.append(
            {
                "as_of": rec["as_of"], "as_of_date": date, "as_of_precision": precision, "year": date.year,
                "status": status, "announced_men": men, "announced_women": women, "announced_total": total,
                "derived_men": None if d is None else int(d["men"]),
                "derived_women": None if d is None else int(d["women"]),
                "derived_total": None if d is None else int(d["total"]),
                "difference_total": None if d is None else total - int(d["total"]),
                "matches": matches, "source": rec["source"], "note": rec["note"] or None,
            }
        )
    out = pd.DataFrame.from_records(rows)
    out["as_of_date"] = pd.to_datetime(out["as_of_date"])
    return out.astype(
        {
            "as_of": "string", "as_of_precision": "string", "year": "Int64", "status": "string",
            **{c: "Int64" for c in ("announced_men", "announced_women", "announced_total", "derived_men",
                                   "derived_women", "derived_total", "difference_total")},
            "matches": "boolean", "source": "string", "note": "string",
        }
    )


CUMULATIVE_COLUMNS = {
    "as_of": "Date of the cumulative figure as the source gives it ('end-2009', 'end-Nov-2009', '2010-11-15', 'Nov-2015')",
    "as_of_date": "The same as a date (datetime64; year-ends are 31 December, month-ends the last day)",
    "as_of_precision": "Precision of as_of_date: 'day' or 'month'",
    "year": "Calendar year of as_of (Int64)",
    "status": (
        "Standing of the announced figure: 'current' (the MOU's present figure), 'provisional', 'earlier version', "
        "'first announced' (later corrected), 'announced' (a date the yearly table cannot reproduce)"
    ),
    "announced_men": "Cumulative arrivals announced, men (persons, Int64; missing where not given)",
    "announced_women": "Cumulative arrivals announced, women (persons, Int64; missing where not given)",
    "announced_total": "Cumulative arrivals announced since the end of the Korean War (persons, Int64)",
    "derived_men": "Cumulative to the same year-end summed from the current yearly table, men (persons, Int64)",
    "derived_women": "Same, women (persons, Int64)",
    "derived_total": "Same, total (persons, Int64); missing where as_of is not a year-end closing a table period",
    "difference_total": "announced_total minus derived_total (persons, Int64)",
    "matches": "Every announced figure given (men, women, total) equals the table's (boolean; missing where not comparable)",
    "source": "Source URL(s), separated by '; '",
    "note": "Short note: the current figure where it differs, provisional status",
}


@dataset(
    "defectors_cumulative",
    raw=[RAW_CUMULATIVE, RAW_ARRIVALS],
    description=(
        "Cumulative arrivals of North Korean defectors in South Korea as announced at various dates, beside the "
        "cumulative summed from the current yearly table. 'current' figures are reproduced exactly (end-2016, "
        "end-2019, end-2022 to end-2025); provisional and older figures that differ are kept and flagged."
    ),
    columns=CUMULATIVE_COLUMNS,
)
def build_defectors_cumulative() -> pd.DataFrame:
    arrivals = build_defectors()
    return clean_cumulative(_raw(RAW_CUMULATIVE), arrivals)


# --------------------------------------------------------------------------------------------
# revisions of yearly figures

REVISIONS_RAW_COLUMNS = [
    "period", "kind", "announced", "announced_by", "men", "women", "total", "source",
    "current_men", "current_women", "current_total", "current_source", "note",
]


def clean_revisions(path, arrivals: pd.DataFrame) -> pd.DataFrame:
    """Earlier versions of yearly figures beside the current ones.

    The current figures written in the raw file must equal the yearly table's (so the two
    files cannot drift apart); men + women must equal total wherever all three are given.
    """
    path = Path(path)
    raw = read_raw_csv(path, required=REVISIONS_RAW_COLUMNS)
    periods = list(dict.fromkeys(arrivals["period"]))
    raw = (
        raw.pipe(require_nonempty, ["period", "kind", "announced_by", "total", "current_total", "current_source"],
                 file=path)
        .pipe(require_values, "kind", REVISION_KINDS, file=path)
        .pipe(require_values, "period", periods, file=path)
    )
    counts = to_counts(raw, ["men", "women", "total", "current_men", "current_women", "current_total"], file=path)
    table = arrivals.pivot_table(index="period", columns="sex", values="arrivals", aggfunc="sum")
    spans = arrivals.drop_duplicates("period").set_index("period")[["year_start", "year_end"]]

    rows = []
    for line, rec in counts.iterrows():
        line = int(line)
        period = rec["period"]
        for prefix in ("", "current_"):
            m, w, t = (_int(rec[prefix + c]) for c in ("men", "women", "total"))
            if m is not None and w is not None and m + w != t:
                raise DataError(f"men + women = {m + w:,}, but total is {t:,}", file=path, row=line,
                                column=prefix + "total")
        current = {"men": int(table.loc[period, "men"]), "women": int(table.loc[period, "women"])}
        current["total"] = current["men"] + current["women"]
        for c in ("men", "women", "total"):
            v = _int(rec["current_" + c])
            if v is not None and v != current[c]:
                raise DataError(f"current {c} {v:,} differs from the yearly table's {current[c]:,} for {period}",
                                file=path, row=line, column="current_" + c)
        date, precision = parse_date(rec["announced"], file=path, row=line, column="announced")
        men, women, total = _int(rec["men"]), _int(rec["women"]), _int(rec["total"])
        rows.append(
            {
                "period": period, "year_start": int(spans.loc[period, "year_start"]),
                "year_end": int(spans.loc[period, "year_end"]), "kind": rec["kind"],
                "announced_date": date, "announced_date_precision": precision, "announced_by": rec["announced_by"],
                "announced_men": men, "announced_women": women, "announced_total": total,
                "current_men": current["men"], "current_women": current["women"], "current_total": current["total"],
                "change_men": None if men is None else current["men"] - men,
                "change_women": None if women is None else current["women"] - women,
                "change_total": current["total"] - total,
                "source": rec["source"] or None, "current_source": rec["current_source"], "note": rec["note"] or None,
            }
        )
    out = pd.DataFrame.from_records(rows)
    out["announced_date"] = pd.to_datetime(out["announced_date"])
    return out.astype(
        {
            "period": "string", "year_start": "Int64", "year_end": "Int64", "kind": "string",
            "announced_date_precision": "string", "announced_by": "string",
            **{c: "Int64" for c in ("announced_men", "announced_women", "announced_total", "current_men",
                                   "current_women", "current_total", "change_men", "change_women", "change_total")},
            "source": "string", "current_source": "string", "note": "string",
        }
    )


REVISIONS_COLUMNS = {
    "period": "Period as in the 'defectors' dataset ('~1998', '1999-2001', '2002', ...)",
    "year_start": "First year of the period (Int64; 1953 for '~1998')",
    "year_end": "Last year of the period (Int64)",
    "kind": (
        "'provisional' (first announcement, usually in January of the next year), 'earlier release' (the MOU's "
        "English press release of 2012-01-11), 'other figure' (another version seen in the press)"
    ),
    "announced_date": "When the earlier figure was published (datetime64; missing where no date was found)",
    "announced_date_precision": "Precision of announced_date: 'day', 'month' or 'year'",
    "announced_by": "Who published the earlier figure",
    "announced_men": "Earlier figure, men (persons, Int64; missing where not given)",
    "announced_women": "Earlier figure, women (persons, Int64; missing where not given)",
    "announced_total": "Earlier figure, total arrivals in the period (persons, Int64)",
    "current_men": "Current MOU figure, men (persons, Int64)",
    "current_women": "Current MOU figure, women (persons, Int64)",
    "current_total": "Current MOU figure, total (persons, Int64)",
    "change_men": "current_men minus announced_men (persons, Int64)",
    "change_women": "current_women minus announced_women (persons, Int64)",
    "change_total": "current_total minus announced_total (persons, Int64): negative where the figure was cut",
    "source": "URL of the earlier figure (missing where none was found)",
    "current_source": "URL of the current figure",
    "note": "Short note",
}


@dataset(
    "defector_revisions",
    raw=[RAW_REVISIONS, RAW_ARRIVALS],
    description=(
        "Earlier versions of the yearly defector arrival figures (provisional first announcements, the MOU's 2012 "
        "release, other press figures) beside the current MOU figures, e.g. 2009: 2,952 provisional -> 2,914."
    ),
    columns=REVISIONS_COLUMNS,
)
def build_defector_revisions() -> pd.DataFrame:
    return clean_revisions(_raw(RAW_REVISIONS), build_defectors())


# --------------------------------------------------------------------------------------------
# US refugee admissions of North Koreans

US_RAW_COLUMNS = ["fiscal_year", "admitted", "source", "note"]


def parse_fiscal_years(label: str, *, file, row: int, column: str = "fiscal_year") -> tuple[int, int]:
    """``"FY2006"`` -> (2006, 2006); ``"FY2018+FY2019"`` and ``"FY2020-FY2025"`` -> first and last year."""
    text = str(label).strip()
    if m := re.fullmatch(r"FY(\d{4})", text):
        return int(m[1]), int(m[1])
    if (m := re.fullmatch(r"FY(\d{4})[+-]FY(\d{4})", text)) and int(m[2]) > int(m[1]):
        return int(m[1]), int(m[2])
    raise DataError(f"fiscal year {label!r} is not 'FYYYYY', 'FYYYYY+FYYYYY' or 'FYYYYY-FYYYYY'", file=file,
                    row=row, column=column)


def clean_us_admissions(path) -> pd.DataFrame:
    """US refugee admissions of North Koreans, one row per fiscal year (or combined years) as published.

    A missing count is allowed only where the source column says ``not found``; fiscal years must
    follow each other without gap or overlap.
    """
    path = Path(path)
    raw = read_raw_csv(path, required=US_RAW_COLUMNS)
    raw = raw.pipe(require_nonempty, ["fiscal_year", "source"], file=path).pipe(require_unique, "fiscal_year", file=path)
    counts = to_counts(raw, ["admitted"], file=path)
    rows, lines, previous_end = [], [], None
    for line, rec in counts.iterrows():
        line = int(line)
        lines.append(line)
        start, end = parse_fiscal_years(rec["fiscal_year"], file=path, row=line)
        if previous_end is not None and start != previous_end + 1:
            raise DataError(f"starts in FY{start}, expected FY{previous_end + 1} (gap or overlap)", file=path,
                            row=line, column="fiscal_year")
        previous_end = end
        admitted = _int(rec["admitted"])
        not_found = rec["source"].strip() == "not found"
        if (admitted is None) != not_found:
            raise DataError("count must be empty exactly where source is 'not found'", file=path, row=line,
                            column="admitted")
        rows.append(
            {"fiscal_year": rec["fiscal_year"], "fy_start": start, "fy_end": end, "admitted": admitted,
             "derived": rec["source"].strip() == "derived", "source": rec["source"], "note": rec["note"] or None}
        )
    return pd.DataFrame.from_records(rows, index=pd.Index(lines, name="line")).astype(
        {"fiscal_year": "string", "fy_start": "Int64", "fy_end": "Int64", "admitted": "Int64", "derived": "boolean",
         "source": "string", "note": "string"}
    )


US_COLUMNS = {
    "fiscal_year": "US fiscal year(s) as labelled in the sources ('FY2006', 'FY2018+FY2019', 'FY2020-FY2025')",
    "fy_start": "First fiscal year of the row (Int64; FY runs October to September)",
    "fy_end": "Last fiscal year of the row (Int64)",
    "admitted": "North Korean refugees admitted to the US (persons, Int64; missing for FY2020-FY2025: not found)",
    "derived": "True where the count is derived by subtraction, not read in a source (FY2015)",
    "source": "Source URL(s) separated by '; ', or 'derived', or 'not found'",
    "note": "Short note: other counts, cumulative totals",
}


@dataset(
    "us_refugee_admissions",
    raw=[RAW_US],
    description=(
        "North Korean refugees admitted to the United States by fiscal year, FY2006-FY2019 (218 in all); "
        "FY2020 onward not found."
    ),
    columns=US_COLUMNS,
)
def build_us_refugee_admissions() -> pd.DataFrame:
    return clean_us_admissions(_raw(RAW_US))
