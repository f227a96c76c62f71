"""Tests of cohen_analysis.analysis.prisoners: small frames built here, plus pins on the real data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis import catalog
from cohen_analysis.analysis import prisoners as an
from cohen_analysis.notebook import ParameterError

CONFIDENCE_DTYPE = catalog.fields()["confidence"].dtype


def _estimates(rows):
    """A small prisoner_estimates-like frame: (id, year, scope, low, high, point, qualifier, confidence)."""
    cols = ["id", "year", "scope", "low", "high", "point", "qualifier", "confidence"]
    df = pd.DataFrame(rows, columns=cols)
    out = pd.DataFrame({
        "id": df["id"].astype("string"),
        "estimate": [f"est {i}" for i in df["id"]],
        "qualifier": df["qualifier"].astype("string"),
        "low": pd.array(df["low"], dtype="Int64"),
        "high": pd.array(df["high"], dtype="Int64"),
        "point": pd.array(df["point"], dtype="Int64"),
        "scope": df["scope"].astype("string"),
        "source_org": pd.array(["Amnesty International"] * len(df), dtype="string"),
        "author": pd.array([None] * len(df), dtype="string"),
        "year": pd.array(df["year"], dtype="Int64"),
        "confidence": pd.Categorical(df["confidence"], dtype=CONFIDENCE_DTYPE),
        "essay_ref": pd.array([None] * len(df), dtype="string"),
    })
    return out


CAMPS = "political_prison_camps"
SMALL = _estimates([
    ("A01", 2000, CAMPS, 150_000, 200_000, None, "range", "low-medium"),
    ("A02", 2005, CAMPS, None, 200_000, 200_000, "up to", "high"),
    ("A03", 2005, CAMPS, 150_000, 200_000, None, "range", "low"),
    ("A04", 2010, "all_detention", 100_000, None, 100_000, "more than", "medium"),
    ("A05", 2012, CAMPS, 80_000, 120_000, None, "range", "high"),
    ("A06", 2012, CAMPS, None, None, 130_000, "about", "medium"),
    ("A07", None, CAMPS, 150_000, 150_000, 150_000, "exact", "medium"),
    ("A09b", 2008, CAMPS, 150_000, 200_000, None, "range", "high"),
])


# ------------------------------------------------------------------------------ selection
def test_select_filters_years_scope_confidence_and_not_charted():
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2012)
    assert shown["id"].tolist() == ["A01", "A02", "A03", "A04", "A05", "A06"]  # A07 undated, A09b not charted
    shown = an.select_estimates(SMALL, start_year=2005, end_year=2012, scope=CAMPS, min_confidence="medium")
    assert shown["id"].tolist() == ["A02", "A05", "A06"]
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2012, min_confidence="high")
    assert shown["id"].tolist() == ["A02", "A05"]


def test_confidence_uses_the_order_of_levels_not_the_alphabet():
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2012, min_confidence="low-medium")
    assert "A01" in shown["id"].tolist() and "A03" not in shown["id"].tolist()
    assert an.is_confident("high") and an.is_confident("medium") and not an.is_confident("low-medium")
    assert not an.is_confident("low", "low-medium") and an.is_confident("medium-high", "medium-high")


def test_labels_carry_year_source_figure_and_confidence():
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2000)
    assert shown["label"].tolist() == ["2000  Amnesty: est A01  [low-medium]"]


def test_undated_estimates_are_listed_apart():
    assert an.undated_estimates(SMALL)["id"].tolist() == ["A07"]
    assert an.undated_estimates(SMALL, min_confidence="high").empty


def test_latest_prefers_confidence_then_id_within_the_latest_year():
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2012)
    assert an.latest_estimate(shown)["id"] == "A05"  # 2012: A05 high beats A06 medium
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2005)
    assert an.latest_estimate(shown)["id"] == "A02"  # 2005: A02 high beats A03 low


def test_recent_estimates_and_their_stated_span():
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2012)
    recent = an.recent_estimates(shown, 3)  # 2010-2012
    assert recent["id"].tolist() == ["A04", "A05", "A06"]
    assert an.stated_span(recent) == (80_000, 130_000)  # "more than 100,000" contributes 100,000
    assert an.stated_span(an.recent_estimates(shown, 1)) == (80_000, 130_000)
    assert an.stated_span(an.recent_estimates(shown, 20)) == (80_000, 200_000)


def test_matching_essay_range():
    shown = an.select_estimates(SMALL, start_year=2000, end_year=2012)
    assert an.matching_essay_range(shown)["id"].tolist() == ["A01", "A03"]


@pytest.mark.parametrize(
    ("low", "high", "point", "expected"),
    [
        (53_000, 65_000, None, "below"),
        (None, None, 200_000, "within"),
        (150_000, 200_000, None, "within"),
        (100_000, 200_000, None, "overlapping"),
        (250_000, None, 250_000, "above"),
        (None, 120_000, 120_000, "below"),
    ],
)
def test_relation_to_essay(low, high, point, expected):
    row = pd.Series({"id": "X", "low": pd.NA if low is None else low, "high": pd.NA if high is None else high,
                     "point": pd.NA if point is None else point})
    assert an.relation_to_essay(row) == expected


def test_fmt_range_and_short_source():
    assert an.fmt_range(150_000, 200_000) == "150,000-200,000"
    assert an.fmt_range(4, 4) == "4"
    assert an.short_source("Amnesty International (via AFP)") == "Amnesty (via AFP)"
    assert an.short_source("US Committee for Human Rights in North Korea (USCHRNK/HRNK)", "David Hawk") == "Hawk, USCHRNK"
    assert an.short_source("UN Commission of Inquiry on Human Rights in the DPRK") == "UN COI"
    assert an.short_source("Some Very Long Organisation Name Nobody Knows Of") == "Some Very Long Organisation…"


def test_spread_positions_keeps_marks_apart_and_centred():
    xs = an.spread_positions([2000, 2011, 2011, 2011, 2020], 0.5)
    assert xs[0] == 2000 and xs[-1] == 2020
    assert xs[1:4] == pytest.approx([2010.5, 2011.0, 2011.5])
    with pytest.raises(ValueError, match="sorted"):
        an.spread_positions([2001, 2000], 0.5)


# ----------------------------------------------------------------------------- parameters
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(start_year=2012, end_year=2005), "start_year=2012 is after end_year=2005"),
        (dict(start_year=1990, end_year=2030), "fall outside the data, which run from 2000 to 2012"),
        (dict(scope="prisons"), "parameter scope='prisons' is not one of"),
        (dict(min_confidence="certain"), "parameter min_confidence='certain' is not one of"),
        (dict(recent_years=0), "parameter recent_years=0 must be a whole number"),
        (dict(start_year=2000, end_year=2000, scope="all_detention"), "no dated estimate has scope='all_detention'"),
    ],
)
def test_check_parameters_messages(kwargs, message):
    params = dict(start_year=2000, end_year=2012, scope="all", min_confidence="low", recent_years=10) | kwargs
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        an.check_parameters(SMALL, **params)


def test_check_parameters_accepts_defaults():
    an.check_parameters(SMALL, start_year=2000, end_year=2012, scope="all", min_confidence="low", recent_years=10)


# ---------------------------------------------------------------------------------- camps
def _camps(rows):
    cols = ["id", "camp", "name", "attribute", "value", "value_num", "value_low", "value_high", "context",
            "source_org", "source_year", "source_year_first", "source_year_last"]
    df = pd.DataFrame(rows, columns=cols)
    df["camp_no"] = pd.array([None if c == "ALL" else int(c) for c in df["camp"]], dtype="Int64")
    for c in ("value_num", "value_low", "value_high"):
        df[c] = pd.array(df[c], dtype="Float64")
    for c in ("source_year_first", "source_year_last"):
        df[c] = pd.array(df[c], dtype="Int64")
    for c in ("id", "camp", "name", "attribute", "value", "context", "source_org", "source_year"):
        df[c] = df[c].astype("string")
    df["confidence"] = pd.Categorical(["high"] * len(df), dtype=CONFIDENCE_DTYPE)
    return df


def test_camp_status_takes_the_latest_reading_and_flags_disputes():
    camps = _camps([
        ("B1", "18", "P", "status", "dismantled", None, None, None, None, "Hawk", "2013", 2013, 2013),
        ("B2", "18", "P", "status", "operational (relocated)", None, None, None, None, "KINU", "2025", 2025, 2025),
        ("B3", "22", "H", "closed", "May 2012", 2012, 2012, 2012, None, "KINU", "2014", 2014, 2014),
        ("B4", "15", "Y", "status", "winding down", None, None, None, None, "NIS", "2014-2017", 2014, 2017),
    ])
    st = an.camp_status(camps).set_index("camp_no")
    assert st.loc[18, "status"] == "operating" and bool(st.loc[18, "disputed"])
    assert st.loc[22, "status"] == "closed" and not bool(st.loc[22, "disputed"])
    assert st.loc[15, "status"] == "closing"


def test_latest_camp_count_reads_the_year_referred_to():
    camps = _camps([
        ("B1", "ALL", None, "camp_count", "13", 13, 13, 13, "1970s", "NHRCK", "2010", 2010, 2010),
        ("B2", "ALL", None, "camp_count", "6", 6, 6, 6, "2010", "NHRCK", "2010", 2010, 2010),
        ("B3", "ALL", None, "camp_count", "4", 4, 4, 4, "2025 (operating)", "KINU", "2025", 2025, 2025),
    ])
    assert an.camp_counts(camps)["as_of"].tolist() == [1970, 2010, 2025]
    assert an.latest_camp_count(camps, 2025)["count"] == 4
    assert an.latest_camp_count(camps, 2024)["id"] == "B2"
    with pytest.raises(ValueError, match="up to 1960"):
        an.latest_camp_count(camps, 1960)


# ------------------------------------------------------------------------------ real data
@pytest.fixture(scope="module")
def estimates():
    return ca.load("prisoner_estimates")


@pytest.fixture(scope="module")
def camps():
    return ca.load("prison_camps")


def test_real_essay_range_is_reproduced_by_the_cited_row(estimates):
    row = an.essay_row(estimates)
    assert row["id"] == "A02" and row["estimate"] == "150,000-200,000" and row["year"] == 2003
    assert an.essay_range_reproduced(estimates) is True


def test_real_defaults(estimates):
    assert an.year_span(estimates) == (1982, 2025)
    shown = an.select_estimates(estimates, start_year=1982, end_year=2025)
    assert len(shown) == 18
    assert "A09b" not in shown["id"].tolist()
    assert an.matching_essay_range(shown)["id"].tolist() == ["A02", "A04", "A05", "A12"]
    latest = an.latest_estimate(shown)
    assert (latest["id"], latest["estimate"], latest["year"]) == ("A19", "53,000-65,000", 2025)
    assert an.relation_to_essay(latest) == "below"
    recent = an.recent_estimates(shown, 10)
    assert recent["id"].tolist() == ["A16", "A17", "A18", "A19"]
    assert an.stated_span(recent) == (53_000, 120_000)
    assert an.undated_estimates(estimates)["id"].tolist() == ["A03", "A20a", "A20b"]
    assert an.over_time_title(shown) == (
        "Camp-system estimates fell from 150,000-200,000 around the essay to 53,000-65,000 in 2025")


def test_real_high_confidence_camps(estimates):
    shown = an.select_estimates(estimates, start_year=1982, end_year=2025, scope=CAMPS, min_confidence="high")
    assert shown["id"].tolist() == ["A04", "A05", "A06", "A07", "A14", "A15", "A19"]


def test_real_camps(camps):
    assert an.latest_camp_count(camps, 2025)[["id", "count"]].tolist() == ["B54", 4]
    assert an.latest_camp_count(camps, 2010)[["id", "count"]].tolist() == ["B52", 6]
    pops = an.camp_populations(camps).set_index("camp_no")
    # charted values follow the metadata's conflicts section
    assert pops["charted"].to_dict() == {22: 50_000, 15: 46_500, 12: 27_000, 16: 20_000, 14: 15_000, 25: 5_800, 18: 4_000}
    assert pops.loc[14, ["low", "high"]].tolist() == [15_000, 50_000]
    assert pops.loc[22, ["low", "high"]].tolist() == [3_000, 50_000]
    assert sorted(pops.index[pops["status"] == "operating"]) == [14, 16, 18, 25]
    assert bool(pops.loc[18, "disputed"])


def test_charted_population_rows_are_population_rows(camps):
    by_id = camps.set_index("id")
    for camp_no, row_id in an.CHARTED_POPULATION.items():
        assert by_id.at[row_id, "attribute"] == "population"
        assert by_id.at[row_id, "camp_no"] == camp_no


def test_plot_over_time_draws(estimates):
    shown = an.select_estimates(estimates, start_year=1982, end_year=2025)
    fig, ax = plt.subplots()
    an.plot_over_time(ax, shown[shown["scope"] == CAMPS], color="#0072B2")
    assert len(ax.patches) == 9 + 1  # the camp-system ranges with two different ends, and the essay's band
    assert ax.get_ylim()[0] == 0
    plt.close(fig)
