"""Separated families analysis (``cohen_analysis.analysis.families``): small frames and pinned figures."""

import pandas as pd
import pytest

import cohen_analysis as ca
from cohen_analysis.analysis import families as an
from cohen_analysis.notebook import ParameterError


def _applicants(rows):
    """rows: (as_of, precision, registered, deceased, surviving, surviving_approximate)"""
    f = pd.DataFrame(rows, columns=["as_of", "as_of_precision", "registered", "deceased", "surviving", "surviving_approximate"])
    f["as_of"] = pd.to_datetime(f["as_of"])
    for c in ("registered", "deceased", "surviving"):
        f[c] = pd.array(f[c].tolist(), dtype="Int64")
    f["registered_approximate"] = False
    f["deceased_approximate"] = False
    f["surviving_approximate"] = f["surviving_approximate"].astype("boolean")
    f["share_90plus_pct"] = pd.array([None] * len(f), dtype="Float64")
    f["share_90plus_derived"] = pd.array([False] * len(f), dtype="boolean")
    f["confidence"] = "high"
    return f


SMALL = _applicants([
    ("2020-12-31", "day", 100, 40, 60, False),
    ("2021-12-31", "day", 100, 46, 54, False),
    ("2022-06-30", "day", 100, 49, 51, True),
    ("2025-12-31", "day", 100, 70, 30, False),
])


def test_with_gaps_breaks_long_gaps_only():
    out = an.with_gaps(SMALL, "surviving")
    assert out["value"].isna().sum() == 1  # 2022-06 -> 2025-12 is over two years
    assert out["value"].dropna().tolist() == [60, 54, 51, 30]
    assert out.loc[out["value"].isna(), "as_of"].iloc[0] > pd.Timestamp("2022-06-30")


def test_latest_counts_skip_approximate_survivors():
    latest = an.latest_counts(SMALL.iloc[:3])
    assert latest["as_of"] == pd.Timestamp("2021-12-31") and latest["surviving"] == 54


def test_projection_base_is_latest_exact_year_end():
    assert an.projection_base(SMALL) == {"year": 2025, "as_of": pd.Timestamp("2025-12-31"), "surviving": 30}


def test_manual_projection_values():
    frame, assume = an.projection(2027, "manual", 0.1, 0.2, applicants=SMALL)
    assert frame["year"].tolist() == [2025, 2026, 2027]
    assert frame["surviving_high"].iloc[-1] == pytest.approx(30 * 0.9 ** 2)
    assert frame["surviving_low"].iloc[-1] == pytest.approx(30 * 0.8 ** 2)
    assert assume["rate_low"] == 0.1 and assume["rate_high"] == 0.2 and assume["base_surviving"] == 30


@pytest.mark.parametrize(
    "args, match",
    [
        ((2025, "observed", None, None), "projection_end_year=2025 must lie after 2025"),
        ((2070, "observed", None, None), "no later than 2065"),
        ((2035.5, "observed", None, None), "must be a whole year"),
        ((2035, "guess", None, None), "rate_source='guess' is not one of"),
        ((2035, "observed", 0.05, None), "only used with rate_source='manual'"),
        ((2035, "manual", None, 0.1), "rate_low=None must be an annual death rate"),
        ((2035, "manual", 0.05, 1.5), "rate_high=1.5 must be an annual death rate"),
        ((2035, "manual", 0.09, 0.05), "rate_low=0.09 is above rate_high=0.05"),
    ],
)
def test_check_projection_rejects(args, match):
    with pytest.raises(ParameterError, match=match):
        an.check_projection(*args, base_year=2025)


def test_rounds_summary_counts_complete_and_partial():
    t = pd.DataFrame({
        "start": pd.to_datetime(["2000-08-15", "2006-03-01", "2018-08-20"]),
        "persons": pd.array([1000, None, 382], dtype="Int64"),
        "persons_complete": [True, False, False],
    })
    s = an.rounds_summary(t)
    assert (s["rounds"], s["rounds_complete"], s["persons_complete"], s["rounds_partial"], s["persons_partial"],
            s["rounds_unknown"]) == (3, 1, 1000, 1, 382, 1)
    assert an.rounds_summary(t, 2010)["rounds"] == 1


# ---- pinned figures of the real data -----------------------------------------------------------

def test_latest_register_figures():
    # headline rule: the latest high-confidence count leads; August 2026 (low-medium) stands beside it
    latest = an.latest_counts()
    assert latest["as_of"] == pd.Timestamp("2025-12-31")
    assert (latest["registered"], latest["deceased"], latest["surviving"]) == (134_516, 100_148, 34_368)
    newest = latest["newer"][-1]
    assert (newest["registered"], newest["deceased"], newest["surviving"]) == (134_843, 101_895, 32_948)
    assert an.latest_share_90plus()["share_90plus_pct"] == pytest.approx(30.7)
    assert an.latest_share_90plus()["newer"][-1]["share_90plus_pct"] == pytest.approx(33.4)
    assert an.year_span() == (2000, 2026)


def test_latest_counts_prefer_higher_confidence():
    frame = SMALL.copy()
    frame["confidence"] = ["high", "high", "high", "low"]
    latest = an.latest_counts(frame)
    assert latest["as_of"] == pd.Timestamp("2021-12-31") and latest["surviving"] == 54
    assert [n["surviving"] for n in latest["newer"]] == [30]


def test_round_table_real():
    t = an.round_table()
    assert t["round"].tolist() == list(range(1, 22))
    r1 = t.iloc[0]
    assert r1["persons"] == 853 + 319 and pd.isna(r1["waiting"])  # no survivor count before 2007
    r18 = t.set_index("round").loc[18]
    assert r18["persons"] == 96 + 436 + 97 + 207
    assert r18["waiting"] == 87_566 and r18["waiting_as_of"] == pd.Timestamp("2009-05-31")
    s = an.rounds_summary(t)
    assert (s["rounds"], s["rounds_complete"], s["persons_complete"]) == (21, 16, 15_101)
    assert (s["rounds_partial"], s["persons_partial"], s["rounds_unknown"]) == (1, 382, 4)


def test_observed_projection_real():
    frame, assume = an.projection(2035)
    assert (assume["base_year"], assume["base_surviving"]) == (2025, 34_368)
    assert assume["rate_years"] == [2019, 2023, 2024, 2025]
    assert assume["rate_low"] == pytest.approx(3400 / 55_987)
    assert assume["rate_high"] == pytest.approx(3340 / 42_624)
    assert round(frame["surviving_low"].iloc[-1]) == 15_197
    assert round(frame["surviving_high"].iloc[-1]) == 18_368
    # the August 2026 count lies inside the band (interpolated at 243/365 of a year)
    t = (pd.Timestamp("2026-08-31") - pd.Timestamp("2025-12-31")).days / 365
    assert 34_368 * (1 - assume["rate_high"]) ** t <= 32_948 <= 34_368 * (1 - assume["rate_low"]) ** t


def test_share_series_flags_derived_values():
    s = an.share_90plus_series()
    derived = s[s["derived"]]
    assert derived["as_of"].dt.strftime("%Y-%m").tolist() == ["2013-09", "2023-11"]
    assert derived["share_90plus_pct"].iloc[0] == pytest.approx(100 * 6613 / 72_674)
