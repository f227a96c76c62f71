"""cohen_analysis.analysis.defectors: small hand-made tables first, then the real data's key figures."""

from __future__ import annotations

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis.analysis import defectors as an
from cohen_analysis.notebook import ParameterError


def tidy(rows):
    """A 'defectors'-shaped frame from (period, year_start, year_end, men, women) tuples."""
    records = []
    for period, a, b, men, women in rows:
        records += [
            {"period": period, "year_start": a, "year_end": b, "sex": "men", "arrivals": men},
            {"period": period, "year_start": a, "year_end": b, "sex": "women", "arrivals": women},
        ]
    return pd.DataFrame.from_records(records).astype(
        {"period": "string", "year_start": "Int64", "year_end": "Int64", "sex": "string", "arrivals": "Int64"}
    )


SMALL = tidy(
    [
        ("~1998", 1953, 1998, 90, 10),
        ("1999-2001", 1999, 2001, 30, 30),
        ("2002", 2002, 2002, 10, 40),
        ("2003", 2003, 2003, 5, 15),
    ]
)

COLLAPSE = tidy([(str(y), y, y, m, w) for y, m, w in [(2019, 200, 800), (2020, 70, 160), (2021, 40, 23), (2022, 35, 32)]])


# ---------------------------------------------------------------------------- periods
def test_period_table_is_wide_in_time_order_with_shares():
    t = an.period_table(SMALL.iloc[::-1])
    assert t["period"].tolist() == ["~1998", "1999-2001", "2002", "2003"]
    assert t["total"].tolist() == [100, 60, 50, 20]
    assert t["grouped"].tolist() == [True, True, False, False]
    assert t["years"].tolist() == [46, 3, 1, 1]
    assert t.loc[2, "women_share"] == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("start", "end", "periods"),
    [
        (1953, 2003, ["~1998", "1999-2001", "2002", "2003"]),
        (1998, 2003, ["1999-2001", "2002", "2003"]),  # ~1998 starts in 1953: not entirely within
        (1999, 2003, ["1999-2001", "2002", "2003"]),
        (2000, 2003, ["2002", "2003"]),  # 1999-2001 is cut: left out whole
        (1999, 2001, ["1999-2001"]),
        (2003, 2003, ["2003"]),
    ],
)
def test_select_periods_takes_grouped_periods_only_whole(start, end, periods):
    assert an.select_periods(an.period_table(SMALL), start, end)["period"].tolist() == periods


def test_select_periods_without_a_whole_period_names_the_grouped_ones():
    with pytest.raises(ParameterError, match=r"no period lies entirely within start_year=2000 to end_year=2001.*1999-2001"):
        an.select_periods(an.period_table(SMALL), 2000, 2001)


def test_labels_and_totals():
    sel = an.select_periods(an.period_table(SMALL), 1999, 2003)
    assert an.selection_label(sel) == "1999-2001 to 2003"
    assert an.span_label(sel) == "1999-2003"
    assert an.span_label(sel.iloc[[-1]]) == "2003"
    assert an.totals(sel) == {"men": 45, "women": 85, "total": 130, "women_share": pytest.approx(85 / 130)}


def test_extreme_year_ignores_grouped_periods():
    t = an.period_table(SMALL)
    # ~1998 (100) and 1999-2001 (60) are larger than any single year but are not years
    assert an.extreme_year(t, "max") == (2002, 50)
    assert an.extreme_year(t, "min") == (2003, 20)
    assert an.extreme_year(t[t["grouped"]], "max") is None


def test_collapse_compares_2019_with_the_lowest_closure_year():
    c = an.collapse(an.period_table(COLLAPSE))
    assert c["by_year"] == {2019: 1000, 2020: 230, 2021: 63, 2022: 67}
    assert (c["low_year"], c["low"]) == (2021, 63)
    assert c["change_pct"] == pytest.approx(-93.7)
    assert an.collapse(an.period_table(COLLAPSE[COLLAPSE["period"] != "2022"])) is None
    assert an.collapse(an.period_table(SMALL)) is None


# ---------------------------------------------------------------------------- parameters
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2010-02-30", "is not a real date"),
        ("16 June 2010", "must be a date written 'YYYY-MM-DD'"),
        ("2010-6-16", "must be a date written 'YYYY-MM-DD'"),
        (20100616, "must be a date written 'YYYY-MM-DD'"),
        (None, "must be a date written 'YYYY-MM-DD'"),
    ],
)
def test_parse_as_of_rejects_malformed_dates(value, message):
    with pytest.raises(ParameterError, match="as_of") as excinfo:
        an.parse_as_of(value)
    assert message in str(excinfo.value)


def test_parse_as_of():
    assert an.parse_as_of("2010-06-16") == pd.Timestamp("2010-06-16")


def test_check_split():
    an.check_split(True)
    an.check_split(False)
    for bad in (1, "yes", None):
        with pytest.raises(ParameterError, match="split_by_sex"):
            an.check_split(bad)


def test_year_span_and_end_year():
    assert an.year_span(SMALL) == (1953, 2003)
    assert an.resolve_end_year(None, SMALL) == 2003
    assert an.resolve_end_year(2002, SMALL) == 2002


# ---------------------------------------------------------------------------- cumulative
def test_year_end_series_has_no_year_ends_inside_grouped_periods():
    s = an.year_end_series(SMALL)
    assert s["year"].tolist() == [1998, 2001, 2002, 2003]
    assert s["total"].tolist() == [100, 160, 210, 230]
    assert s["women"].tolist() == [10, 40, 80, 95]
    assert s["date"].iloc[0] == pd.Timestamp("1998-12-31")


@pytest.mark.parametrize(
    ("as_of", "year", "total", "gap"),
    [
        ("1998-12-31", 1998, 100, False),  # on the year-end itself
        ("2000-06-01", 1998, 100, True),  # end-1999 is inside 1999-2001
        ("2001-12-30", 1998, 100, True),
        ("2002-06-16", 2001, 160, False),
        ("2003-12-31", 2003, 230, False),
        ("2004-11-30", 2003, 230, False),  # the year after the data: its last year-end
    ],
)
def test_cumulative_at_the_last_year_end_on_or_before(as_of, year, total, gap):
    at = an.cumulative_at(as_of, an.year_end_series(SMALL))
    assert (at["year"], at["total"]) == (year, total)
    assert (at["gap_note"] is not None) == gap
    if gap:
        assert "groups 1999-2001" in at["gap_note"]


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("1998-12-30", "is before the data: the table's first cumulative is at 1998-12-31"),
        ("2005-01-01", "is after the data: the table runs to 2003-12-31, so it has no cumulative for end-2004"),
    ],
)
def test_check_as_of_outside_the_data(as_of, message):
    with pytest.raises(ParameterError) as excinfo:
        an.check_as_of(as_of, an.year_end_series(SMALL))
    assert message in str(excinfo.value)


def test_announced_points_agreement_is_on_the_total():
    cum = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2001-12-31", "2002-12-31", "2002-11-01"]),
            "as_of_as_stated": ["end-2001", "end-2002", "Nov-2002"],
            "status": ["earlier version", "provisional", "announced"],
            "announced_total": pd.array([160, 215, 200], dtype="Int64"),
            "derived_total": pd.array([160, 210, None], dtype="Int64"),
            "difference_total": pd.array([0, 5, None], dtype="Int64"),
            "matches": pd.array([False, False, None], dtype="boolean"),  # end-2001: same total, other split
        }
    )
    pts = an.announced_points(cum)
    assert pts["agreement"].tolist() == ["same total as the table", "differs from the table", "not comparable"]
    assert an.announced_points(cum, start="2002-01-01", end="2002-11-30")["as_of_as_stated"].tolist() == ["Nov-2002"]


def test_decimal_year():
    assert an.decimal_year("2010-06-16") == pytest.approx(2010 + 166 / 365)
    assert an.decimal_year(pd.Timestamp("2009-01-01")) == 2009.0


# ---------------------------------------------------------------------------- revisions
def revisions_frame():
    return pd.DataFrame(
        {
            "period": pd.array(["2002", "2002", "2003", "2003", "1999-2001"], dtype="string"),
            "kind": pd.array(["provisional", "other figure", "provisional", "earlier release", "earlier release"],
                             dtype="string"),
            "announced_total": pd.array([55, 52, 15, 21, 60], dtype="Int64"),
            "current_total": pd.array([50, 50, 20, 20, 60], dtype="Int64"),
            "change_total": pd.array([-5, -2, 5, -1, 0], dtype="Int64"),
        }
    )


def test_revisions_in_keeps_selected_periods_in_period_order():
    sel = an.select_periods(an.period_table(SMALL), 2000, 2003)
    revs = an.revisions_in(sel, revisions_frame())
    assert revs["period"].tolist() == ["2002", "2002", "2003", "2003"]


def test_largest_revision_ties_go_to_the_later_period():
    revs = revisions_frame()
    assert an.largest_revision(revs) == {"period": "2003", "first": 15, "current": 20, "change": 5}
    assert an.largest_revision(revs, kind="earlier release") == {"period": "2003", "first": 21, "current": 20,
                                                                 "change": -1}
    assert an.largest_revision(revs[revs["kind"] == "other figure"]) is None


# ---------------------------------------------------------------------------- the real data
def test_real_key_figures():
    arrivals = ca.load("defectors")
    table = an.period_table(arrivals)
    series = an.year_end_series(arrivals)
    assert an.year_span(arrivals) == (1953, 2025)
    assert an.cumulative_at("2010-06-16", series)["total"] == 17_998  # the essay's "some 18,000" (¶10)
    assert int(series["total"].iloc[-1]) == 34_537
    sel = an.select_periods(table, 1998, 2025)
    assert sel["period"].iloc[0] == "1999-2001"
    assert an.totals(sel)["total"] == 34_537 - 947
    assert an.extreme_year(sel, "max") == (2009, 2_914)
    assert an.extreme_year(sel, "min") == (2021, 63)
    assert an.collapse(table)["by_year"] == {2019: 1_047, 2020: 229, 2021: 63, 2022: 67}
    revs = an.revisions_in(sel)
    assert an.largest_revision(revs) == {"period": "2009", "first": 2_952, "current": 2_914, "change": -38}
    pts = an.announced_points()
    assert set(pts["agreement"]) == {"same total as the table", "differs from the table", "not comparable"}
    assert pts.loc[pts["agreement"] != "not comparable", "difference_total"].abs().max() == 27
